/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers shared by every module. Never included outside src/. */
#ifndef FPA_INTERNAL_H
#define FPA_INTERNAL_H

#include "fpa/core.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#  define FPA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define FPA_LIKELY(x) __builtin_expect(!!(x), 1)
#  define FPA_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define FPA_PRINTF(f, a)
#  define FPA_LIKELY(x) (x)
#  define FPA_UNLIKELY(x) (x)
#endif

/* ---- errors ---------------------------------------------------------- */

/* Record status and detail for the calling thread; returns status so that
 * callers can write `return fpa__fail(FPA_EINVAL, "...")`. */
fpa_status fpa__fail(fpa_status status, const char *fmt, ...) FPA_PRINTF(2, 3);
fpa_status fpa__vfail(fpa_status status, const char *fmt, va_list ap)
    FPA_PRINTF(2, 0);

/* The calling thread's record, set aside by a call that can fail inside
 * and recover (a fallback, a batch storing per-item statuses) and put back
 * when the call succeeds: a successful call leaves the record as it found
 * it (core.h). */
#define FPA__DETAIL_MAX 512
typedef struct {
    fpa_status status;
    char detail[FPA__DETAIL_MAX];
} fpa__error_record;
void fpa__error_keep(fpa__error_record *r);
void fpa__error_put_back(const fpa__error_record *r);

/* Validation shorthands; each records a message naming `what`. */
fpa_status fpa__check_ptr(const void *p, const char *what);
/* `x` non-NULL, n >= min_n, every element finite. */
fpa_status fpa__check_finite(const double *x, size_t n, size_t min_n,
                             const char *what);
fpa_status fpa__check_value(double v, const char *what);

/* Day numbers within +-2^40 (3 billion years), so that their differences
 * neither overflow nor lose precision as doubles. */
fpa_status fpa__check_days(const int64_t *d, size_t n, const char *what);

/* The civil date of a day number (proleptic Gregorian), for any day within
 * the +-2^40 of fpa__check_days; fpa_date_to_ymd() range-checks it. */
void fpa__civil(int64_t days, int64_t *year, int *month, int *day);

/* Turn a non-finite double result into FPA_EOVERFLOW, else store it. */
fpa_status fpa__store(double *out, double v, const char *what);

/* Return the status of a failing call. */
#define TRY(x)                              \
    do {                                    \
        fpa_status st_ = (x);               \
        if (st_ != FPA_OK) return st_;      \
    } while (0)

/* Checked int64 arithmetic for exact money: false on overflow. */
static inline bool fpa__add_i64(int64_t *r, int64_t a, int64_t b)
{
#if defined(__GNUC__)
    return !__builtin_add_overflow(a, b, r);
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return false;
    *r = a + b;
    return true;
#endif
}

static inline bool fpa__sub_i64(int64_t *r, int64_t a, int64_t b)
{
#if defined(__GNUC__)
    return !__builtin_sub_overflow(a, b, r);
#else
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b)) return false;
    *r = a - b;
    return true;
#endif
}

/* ---- memory ---------------------------------------------------------- */

typedef struct fpa_mem {
    fpa_alloc_fn fn;  /* never NULL once initialised */
    void *ud;
} fpa_mem;

/* The allocator carried by opts, or libc's when opts is NULL. */
fpa_mem fpa__mem_of(const fpa_opts *opts);
fpa_mem fpa__mem_default(void);
/* Allocate n * size bytes (zeroed when `zero`); NULL and an FPA_ENOMEM
 * record on failure or on size overflow. */
void *fpa__alloc(const fpa_mem *m, size_t n, size_t size, bool zero);
void *fpa__realloc(const fpa_mem *m, void *p, size_t old_n, size_t new_n,
                   size_t size);
void fpa__free(const fpa_mem *m, void *p, size_t n, size_t size);

/* Blocks that different threads write (per-worker scratch, per-job
 * counters) are padded to FPA_LINE bytes and start on an FPA_LINE boundary,
 * so two threads never write to one cache line: 128 bytes, because the
 * adjacent-line prefetcher moves 64-byte lines in pairs. */
enum { FPA_LINE = 128 };
static inline size_t fpa__pad(size_t bytes)
{
    return (bytes + FPA_LINE - 1) / FPA_LINE * FPA_LINE;
}
typedef struct {
    void *raw;     /* what the allocator returned */
    size_t bytes;  /* its size */
} fpa__lines;
/* `n` blocks of fpa__pad(size) bytes, block i at result + i * fpa__pad(size),
 * the first aligned to FPA_LINE (zeroed when `zero`); NULL and an
 * FPA_ENOMEM record on failure. Free with fpa__free_lines (NULL-safe). */
void *fpa__alloc_lines(const fpa_mem *m, fpa__lines *blk, size_t n, size_t size,
                       bool zero);
void fpa__free_lines(const fpa_mem *m, fpa__lines *blk);

/* Checked arithmetic on sizes. */
static inline bool fpa__mul_overflows(size_t a, size_t b, size_t *out)
{
#if defined(__GNUC__)
    return __builtin_mul_overflow(a, b, out);
#else
    if (b && a > SIZE_MAX / b) return true;
    *out = a * b;
    return false;
#endif
}

/* ---- options ---------------------------------------------------------- */

/* One option of the library-wide table (src/registry/options.c). */
typedef struct fpa__option {
    int key;
    const char *name;
    double min, max, def;
    bool integer;
} fpa__option;
extern const fpa__option fpa__options[];
extern const size_t fpa__noptions;

/* Read an option: the value on opts, or the default. Keys passed here are
 * compile-time constants known to exist, so no status is needed. */
double fpa__opt(const fpa_opts *opts, int key);
int fpa__opt_int(const fpa_opts *opts, int key);

/* ---- numbers ---------------------------------------------------------- */

static inline bool fpa__finite(double x) { return isfinite(x) != 0; }

/* Number of worker threads to use for `jobs` independent jobs. */
unsigned fpa__threads(const fpa_opts *opts, size_t jobs);

/* ---- progress and cancellation (fpa_opts_set_progress) ----------------- */

/* The callback carried by opts (NULL when none); *ud receives its pointer. */
fpa_progress_fn fpa__progress_fn(const fpa_opts *opts, void **ud);

/* The progress of one public call: `total` units of work, reported on the
 * calling thread. Serial code calls fpa__progress_add() between units;
 * fpa__parallel_for() reports its jobs by itself. */
typedef struct fpa__progress {
    fpa_progress_fn fn;  /* NULL: nothing to report, every step is free */
    void *ud;
    size_t done, total;
    uint64_t next_ns, interval_ns;
} fpa__progress;

/* Start reporting: calls fn(ud, 0, total); FPA_ECANCELED if the host
 * cancels at once. */
fpa_status fpa__progress_begin(fpa__progress *p, const fpa_opts *opts,
                               size_t total);
/* `units` more are done: reports when the interval has passed (or always
 * when `force`); FPA_ECANCELED, with its detail, when the host cancels. */
fpa_status fpa__progress_add(fpa__progress *p, size_t units, bool force);
/* All the work is done: reports done == total. */
fpa_status fpa__progress_end(fpa__progress *p);

#endif /* FPA_INTERNAL_H */
