/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics, memory, strict parsing of numbers and periods, progress. */
#include "base.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

/* One line, always: control characters that came from the input (a quoted
 * field may hold a newline) are escaped, and a huge field is cut short. */
CLI_PRINTF(4, 0) static void vsay(const char *file, size_t line, size_t col, const char *fmt,
                                  va_list ap)
{
#ifdef CLI_QUIET_DIAGNOSTICS
    (void)file, (void)line, (void)col, (void)fmt, (void)ap;
    return;
#endif
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fputs("fpa: ", stderr);
    if (file && line) fprintf(stderr, "%s:%zu:%zu: ", file, line, col);
    else if (file) fprintf(stderr, "%s: ", file);
    size_t n = strlen(msg);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c == '\n') fputs("\\n", stderr);
        else if (c == '\r') fputs("\\r", stderr);
        else if (c < 0x20 || c == 0x7f) fprintf(stderr, "\\x%02x", c);
        else fputc(c, stderr);
    }
    if (n == sizeof msg - 1) fputs("...", stderr);
    fputc('\n', stderr);
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

int cli_fail_at(int code, const char *file, size_t line, size_t col,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

int cli_fail_lib(fpa_status st, const char *what)
{
    const char *detail = fpa_error_last();
    if (st == FPA_ECANCELED) return cli_fail(CLI_EINTR, "interrupted");
    if (st == FPA_ENOMEM) return cli_fail(CLI_ECOMPUTE, "%s: out of memory", what);
    return cli_fail(CLI_ECOMPUTE, "%s: %s%s%s (%s)", what, fpa_status_str(st),
                    *detail ? ": " : "", detail, fpa_status_name(st));
}

/* A command-line program may stop on exhausted memory; nothing is half
 * written because outputs are renamed into place only when complete. */
void cli_oom(void)
{
    fputs("fpa: out of memory\n", stderr);
    exit(CLI_ECOMPUTE);
}

void *cli_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) cli_oom();
    return p;
}

void *cli_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) cli_oom();
    return p;
}

void *cli_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size) cli_oom();
        c *= 2;
    }
    void *q = realloc(p, c * size);
    if (!q) cli_oom();
    *cap = c;
    return q;
}

char *cli_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(cli_alloc(n), s, n);
}

char *cli_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return cli_strdup("");
    char *s = cli_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Plain decimal notation only: no hex floats, "nan", "inf", thousands
 * separators or decimal commas, which strtod would partly accept. */
bool cli_parse_number(double *out, const char *s)
{
    if (!*s) return false;
    for (const char *c = s; *c; c++)
        if (!strchr("0123456789+-.eE", *c)) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || end == s || !isfinite(v)) return false;
    /* ERANGE: an overflow (refused above), a subnormal such as 4.9e-324
     * (a double like any other: kept), or a non-zero number too small for
     * any double (1e-400), refused rather than read as 0 */
    bool nonzero = false;
    for (const char *c = s; *c && *c != 'e' && *c != 'E'; c++) nonzero |= *c >= '1' && *c <= '9';
    if (errno == ERANGE && v == 0 && nonzero) return false;
    *out = v;
    return true;
}

/* "4.5%" is read as "4.5e-2", the double nearest 0.045 (4.5 / 100 is not
 * always that double). */
bool cli_parse_percent(double *out, const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || s[n - 1] != '%') return cli_parse_number(out, s);
    char *t = cli_alloc(n + 3);
    memcpy(t, s, n - 1);
    bool exp = strpbrk(s, "eE") != NULL;
    strcpy(t + n - 1, exp ? "" : "e-2");
    bool ok = cli_parse_number(out, t);
    free(t);
    if (ok && exp) *out /= 100;
    return ok;
}

bool cli_parse_size(size_t *out, const char *s)
{
    size_t v = 0;
    if (!*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        size_t d = (size_t)(*s - '0');
        if (v > (SIZE_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* YYYY-MM-DD as a day number (days since 1970-01-01, the library's
 * calendar), and its year and month; the day must exist. */
static bool parse_ymd(int *y, int *m, int *d, const char *s, size_t len)
{
    static const int pos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
    int v[3] = {0, 0, 0};
    if (strlen(s) != len || s[4] != '-' || (len == 10 && s[7] != '-')) return false;
    for (int k = 0; k < (len == 10 ? 3 : 2); k++)
        for (int i = pos[k][0]; i < pos[k][0] + pos[k][1]; i++) {
            if (s[i] < '0' || s[i] > '9') return false;
            v[k] = v[k] * 10 + (s[i] - '0');
        }
    *y = v[0], *m = v[1], *d = len == 10 ? v[2] : 1;
    int64_t day;
    return *m >= 1 && *m <= 12 && fpa_date_from_ymd(&day, *y, *m, *d) == FPA_OK;
}

bool cli_parse_date(int64_t *out, const char *s)
{
    int y, m, d;
    return parse_ymd(&y, &m, &d, s, 10) && fpa_date_from_ymd(out, y, m, d) == FPA_OK;
}

/* YYYY-MM, as a month count from year 0 (2026-01 is 2026 * 12); an ISO
 * date YYYY-MM-DD stands for its month (2026-10-31 is 2026-10). */
bool cli_parse_period(int64_t *out, const char *s)
{
    int y, m, d;
    if (!parse_ymd(&y, &m, &d, s, strlen(s) == 10 ? 10 : 7)) return false;
    *out = (int64_t)y * 12 + (m - 1);
    return true;
}

void cli_period_str(char buf[16], int64_t period)
{
    snprintf(buf, 16, "%04d-%02d", (int)(period / 12), (int)(period % 12) + 1);
}

int cli_period_month(int64_t period) { return (int)(period % 12) + 1; }

bool cli_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                   : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n) return false;
        unsigned cp = len == 1 ? c : c & (0x7f >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (c == 0 || cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    interrupted = 1;
    signal(sig, SIG_DFL); /* a second Ctrl-C ends the program */
}

void cli_interrupt_catch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

bool cli_interrupted(void) { return interrupted != 0; }

static const char *label = "working";

void cli_progress_label_set(const char *what) { label = what; }

const char *cli_progress_label(void) { return label; }

/* Progress: a bar rewritten in place, for work big enough (PROGRESS_MIN
 * units) or long enough (PROGRESS_AFTER seconds) to be worth it, and only
 * for a person watching (stderr is a terminal). */
enum { PROGRESS_MIN = 200, BAR = 24 };
static const double PROGRESS_AFTER = 0.5;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cli_progress_start(cli_progress *p, const char *what, size_t total)
{
    p->what = what;
    p->total = total;
    p->shown = (size_t)-1;
    p->start = now();
    p->tty = total > 0 && isatty(STDERR_FILENO);
    p->on = p->tty && total >= PROGRESS_MIN;
    cli_progress_step(p, 0);
}

void cli_progress_step(cli_progress *p, size_t done)
{
    if (!p->on && p->tty && now() - p->start >= PROGRESS_AFTER) p->on = true;
    if (!p->on) return;
    size_t pct = done >= p->total ? 100 : done * 100 / p->total;
    if (pct == p->shown) return;
    p->shown = pct;
    char bar[BAR + 1];
    for (size_t k = 0; k < BAR; k++) bar[k] = k < pct * BAR / 100 ? '#' : '.';
    bar[BAR] = '\0';
    fprintf(stderr, "\rfpa: %s: [%s] %zu of %zu (%zu%%)", p->what, bar, done, p->total, pct);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->on) {
        fputs("\r\033[K", stderr); /* leave the terminal as it was */
        fflush(stderr);
    }
    p->on = p->tty = false;
}
