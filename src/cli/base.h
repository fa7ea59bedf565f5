/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `fpa` program's base: diagnostics, memory, strict parsing of numbers
 * and periods. The program is a host like any other: it includes the
 * public headers only (<fpa/fpa.h>).
 *
 * Error convention: a function that returns `int` returns 0 on success or
 * one of the exit codes below, and has then already printed the one line of
 * diagnostics on stderr. Callers only pass the code up, so exactly one line
 * is ever printed. */
#ifndef FPA_CLI_BASE_H
#define FPA_CLI_BASE_H

/* A number macro as a string literal, for help texts. */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

#include <fpa/fpa.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#  define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define CLI_PRINTF(f, a)
#endif

/* Exit codes (documented in `fpa --help`, the man page and docs/cli.md). */
enum {
    CLI_OK = 0,
    CLI_ECOMPUTE = 1, /* the library refused the computation, or no memory */
    CLI_EUSAGE = 2,   /* bad command line */
    CLI_EINPUT = 3,   /* missing, unreadable or invalid input data */
    CLI_EOUTPUT = 4,  /* the output could not be written */
    CLI_EINTR = 130   /* interrupted (Ctrl-C), as a shell reports SIGINT */
};

/* ---- util.c: diagnostics, memory, strings, parsing ---------------------- */
int cli_fail(int code, const char *fmt, ...) CLI_PRINTF(2, 3);
int cli_fail_at(int code, const char *file, size_t line, size_t col,
                const char *fmt, ...) CLI_PRINTF(5, 6);
int cli_fail_lib(fpa_status st, const char *what);
_Noreturn void cli_oom(void); /* "fpa: out of memory", exit 1 */
void *cli_alloc(size_t n);
void *cli_calloc(size_t n, size_t size);
void *cli_grow(void *p, size_t *cap, size_t need, size_t size);
char *cli_strdup(const char *s);
char *cli_fmt(const char *fmt, ...) CLI_PRINTF(1, 2);
bool cli_parse_number(double *out, const char *s);
bool cli_parse_percent(double *out, const char *s); /* also "5%" */
bool cli_parse_size(size_t *out, const char *s);
bool cli_parse_period(int64_t *out, const char *s); /* YYYY-MM or YYYY-MM-DD */
bool cli_parse_date(int64_t *out, const char *s);   /* YYYY-MM-DD: a day number */
void cli_period_str(char buf[16], int64_t period);
int cli_period_month(int64_t period); /* 1 .. 12 */
bool cli_utf8_valid(const char *s, size_t n);

/* Ctrl-C: the first one sets a flag that long loops and the library's
 * progress callback read (the work in progress is cancelled, nothing is
 * written); a second one ends the program at once. */
void cli_interrupt_catch(void);
bool cli_interrupted(void);

/* Progress on stderr, only when stderr is a terminal, named by the label
 * of the work under way ("forecast", "variance windows"). */
void cli_progress_label_set(const char *what);
const char *cli_progress_label(void);
typedef struct cli_progress {
    const char *what;
    size_t total, shown;
    double start;
    bool on, tty;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what, size_t total);
void cli_progress_step(cli_progress *p, size_t done);
void cli_progress_end(cli_progress *p);

#endif /* FPA_CLI_BASE_H */
