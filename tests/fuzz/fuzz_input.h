/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every libFuzzer target shares: turning fuzzer bytes into the inputs
 * numeric entry points take (doubles that are often NaN, infinite,
 * subnormal, huge or tiny; arrays of any length, zero included; mismatched
 * sizes), and the checks of the contracts every call must keep:
 *
 * - FZ(call) clears the thread's error record first, so every call's own
 *   outcome is checked, not the first failure of the process: a failure
 *   leaves a detail (a non-empty fpa_error_last()) whose status
 *   (fpa_error_last_status()) is the one returned; a success leaves the
 *   record empty (core.h: successful calls leave it unchanged);
 * - results returned with FPA_OK are finite (fz_finite());
 * - interval bounds are ordered and nested (fz_bands());
 * - the options' allocator (fz_opts()) sees every block freed with the size
 *   it was allocated with, nothing leaked, and may fail from the k-th
 *   allocation on;
 * - the progress callback (fz_progress_watch()) is called on the calling
 *   thread with done never decreasing and never above a constant total,
 *   and a cancellation always ends the call with FPA_ECANCELED. */
#ifndef FPA_FUZZ_INPUT_H
#define FPA_FUZZ_INPUT_H

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fpa/fpa.h>

typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_in;

/* Exact sums of int64 money. */
__extension__ typedef __int128 fz_i128;

static inline uint8_t fz_byte(fuzz_in *in)
{
    if (!in->n) return 0;
    in->n--;
    return *in->p++;
}

static inline uint64_t fz_u64(fuzz_in *in)
{
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) x = x << 8 | fz_byte(in);
    return x;
}

/* Mostly ordinary numbers, often the values that break numeric code. */
static inline double fz_double(fuzz_in *in)
{
    static const double special[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-300, -1e-300, 4.9e-324, -4.9e-324,
        DBL_MAX, -DBL_MAX, DBL_MIN, 1e300, -1e300, 1e15, -1e15, 0.1, 12, 365,
        -0.999999999, 1e9, 2.2250738585072009e-308,
    };
    uint8_t sel = fz_byte(in);
    if (sel < 40) return special[sel % (sizeof special / sizeof *special)];
    if (sel < 48) return NAN;
    if (sel < 52) return sel & 1 ? INFINITY : -INFINITY;
    if (sel < 128) {  /* raw bits: subnormals, NaN payloads, anything */
        uint64_t bits = fz_u64(in);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    /* a "money-like" number */
    int64_t m = (int64_t)(fz_u64(in) % 2000000001) - 1000000000;
    int e = fz_byte(in) % 8;
    return (double)m / pow(10, e);
}

static inline int64_t fz_i64(fuzz_in *in)
{
    uint8_t sel = fz_byte(in);
    if (sel < 16) return (int64_t)fz_u64(in);  /* anything, extremes too */
    return (int64_t)(fz_u64(in) % 40000) - 5000;
}

/* An array of up to `cap` doubles (length from the input; often zero or
 * tiny); the caller owns the buffer. */
static inline size_t fz_doubles(fuzz_in *in, double *x, size_t cap)
{
    size_t n = fz_byte(in) % (cap + 1);
    for (size_t i = 0; i < n; i++) x[i] = fz_double(in);
    return n;
}

static inline size_t fz_days(fuzz_in *in, int64_t *d, size_t cap)
{
    size_t n = fz_byte(in) % (cap + 1);
    for (size_t i = 0; i < n; i++) d[i] = fz_i64(in);
    return n;
}

/* A NUL-terminated string of up to `cap - 1` input bytes. */
static inline const char *fz_string(fuzz_in *in, char *s, size_t cap)
{
    size_t n = fz_byte(in) % cap;
    for (size_t i = 0; i < n; i++) s[i] = (char)fz_byte(in);
    s[n] = '\0';
    return s;
}

/* What the target is doing, printed with a failure (e.g. the model). */
static char fz_note[1024];

/* Report what broke the contract, then abort so the fuzzer keeps the input. */
#define FZ_FAIL(...)                                                 \
    do {                                                             \
        fprintf(stderr, __VA_ARGS__);                                \
        if (fz_note[0]) fprintf(stderr, "  (while: %s)\n", fz_note); \
        abort();                                                     \
    } while (0)

#define FZ_ASSERT(cond, ...)                                                    \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: %s does not hold: ", __FILE__, __LINE__, #cond); \
            FZ_FAIL(__VA_ARGS__);                                               \
        }                                                                       \
    } while (0)

/* ---- the status contract --------------------------------------------------- */

static inline fpa_status fz_status(fpa_status st, const char *call, const char *file, int line)
{
    const char *detail = fpa_error_last();
    if (strcmp(fpa_status_name(st), "FPA_UNKNOWN") == 0)
        FZ_FAIL("%s:%d: %s returned the unknown status %d\n", file, line, call, (int)st);
    if (st != FPA_OK) {
        if (!detail[0])
            FZ_FAIL("%s:%d: %s returned %s without a detail\n", file, line, call,
                    fpa_status_name(st));
        if (fpa_error_last_status() != st)
            FZ_FAIL("%s:%d: %s returned %s but its detail \"%s\" is recorded as %s\n", file,
                    line, call, fpa_status_name(st), detail,
                    fpa_status_name(fpa_error_last_status()));
    } else if (detail[0] || fpa_error_last_status() != FPA_OK) {
        FZ_FAIL("%s:%d: %s returned FPA_OK but recorded %s \"%s\"\n", file, line, call,
                fpa_status_name(fpa_error_last_status()), detail);
    }
    return st;
}

/* Every libfpa call that returns a status goes through FZ(). */
#define FZ(call) (fpa_error_clear(), fz_status((call), #call, __FILE__, __LINE__))

/* Results returned with FPA_OK must be finite. */
#define fz_finite(st, x, n) fz_finite_at((st), (x), (n), #x, __FILE__, __LINE__)
static inline void fz_finite_at(fpa_status st, const double *x, size_t n, const char *what,
                                const char *file, int line)
{
    if (st != FPA_OK) return;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            FZ_FAIL("%s:%d: FPA_OK with %s[%zu] = %g\n", file, line, what, i, x[i]);
}

/* Interval bounds, `nlev` levels x `h` horizons (level k, horizon j at
 * [k * h + j]) of series whose point forecasts are `mean`: every interval
 * is ordered (lower <= upper) and contains the mean when it is `centred`
 * on it (symmetric intervals), and a higher level's interval contains a
 * lower level's (the 95 % band the 80 % one). */
#define fz_bands(mean, lo, hi, h, levels, nlev, centred) \
    fz_bands_at(mean, lo, hi, h, levels, nlev, centred, __FILE__, __LINE__)
static inline void fz_bands_at(const double *mean, const double *lo, const double *hi,
                               size_t h, const double *levels, size_t nlev, int centred,
                               const char *file, int line)
{
    for (size_t k = 0; k < nlev; k++)
        for (size_t j = 0; j < h; j++) {
            double l = lo[k * h + j], u = hi[k * h + j];
            if (!(l <= u))
                FZ_FAIL("%s:%d: level %g, horizon %zu: lower %.17g > upper %.17g\n", file,
                        line, levels[k], j, l, u);
            if (centred && !(l <= mean[j] && mean[j] <= u))
                FZ_FAIL("%s:%d: level %g, horizon %zu: mean %.17g outside [%.17g, %.17g]\n",
                        file, line, levels[k], j, mean[j], l, u);
            for (size_t q = 0; q < nlev; q++)
                if (levels[q] > levels[k] && !(lo[q * h + j] <= l && u <= hi[q * h + j]))
                    FZ_FAIL("%s:%d: horizon %zu: the %g %% interval [%.17g, %.17g] does not "
                            "contain the %g %% one [%.17g, %.17g]\n", file, line, j, levels[q],
                            lo[q * h + j], hi[q * h + j], levels[k], l, u);
        }
}

/* |a - b| within `rel` of the magnitudes summed to get them. */
static inline int fz_close(double a, double b, double scale, double rel)
{
    return fabs(a - b) <= rel * scale + 1e-300;
}

/* ---- the allocator ------------------------------------------------------------ */

/* Every block carries its size, so a free or resize with another size is
 * caught; allocation k and later fail when `fail_from` is k (0: never). */
typedef struct {
    uint64_t count, fail_from;
    int64_t live;
} fz_heap;

static fz_heap fz_the_heap;

static inline void *fz_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    fz_heap *hp = ud;
    enum { HDR = 16 };
    unsigned char *b = ptr ? (unsigned char *)ptr - HDR : NULL;
    if (b) {
        size_t had;
        memcpy(&had, b, sizeof had);
        if (had != old_size)
            FZ_FAIL("allocator: a block of %zu bytes was resized or freed as %zu bytes\n", had,
                    old_size);
    } else if (old_size) {
        FZ_FAIL("allocator: old_size %zu with a NULL block\n", old_size);
    }
    if (new_size == 0) {
        if (b) __atomic_fetch_sub(&hp->live, 1, __ATOMIC_RELAXED);
        free(b);
        return NULL;
    }
    uint64_t k = __atomic_add_fetch(&hp->count, 1, __ATOMIC_RELAXED);
    if (hp->fail_from && k >= hp->fail_from) return NULL;
    if (new_size > ((size_t)1 << 40)) return NULL;  /* absurd sizes fail, as they would */
    unsigned char *nb = realloc(b, new_size + HDR);
    if (!nb) return NULL;
    memcpy(nb, &new_size, sizeof new_size);
    if (!b) __atomic_fetch_add(&hp->live, 1, __ATOMIC_RELAXED);
    return nb + HDR;
}

/* Options for the calls of one input: mostly none (NULL, the defaults);
 * else an object on the checking allocator, failing from a fuzzed
 * allocation on in one input of eight, with 1 to 3 threads. */
static inline fpa_opts *fz_opts(fuzz_in *in)
{
    uint8_t sel = fz_byte(in);
    memset(&fz_the_heap, 0, sizeof fz_the_heap);
    if (sel & 1) return NULL;
    fpa_opts *o = NULL;
    if (FZ(fpa_opts_new(&o, fz_alloc, &fz_the_heap)) != FPA_OK) return NULL;
    FZ(fpa_opts_set(o, FPA_OPT_THREADS, 1 + fz_byte(in) % 3));
    if ((sel >> 1) % 8 == 0) fz_the_heap.fail_from = 2 + fz_byte(in) % 64;
    return o;
}

/* After everything of an input was freed, nothing may be left. */
static inline void fz_opts_free(fpa_opts *o)
{
    fpa_opts_free(o);
    if (fz_the_heap.live != 0)
        FZ_FAIL("allocator: %lld blocks leaked\n", (long long)fz_the_heap.live);
}

/* Set a few of the options `keys` (the library refuses what is out of
 * bounds), checking fpa_opts_set() against fpa_opt_bounds(). */
static inline void fz_set_some(fuzz_in *in, fpa_opts *o, const int *keys, size_t nkeys)
{
    for (int k = fz_byte(in) % 4; o && k > 0; k--) {
        int key = keys[fz_byte(in) % nkeys];
        double lo, hi, def, before, after, v = fz_byte(in) < 128 ? fz_byte(in) % 8 : fz_double(in);
        FZ_ASSERT(FZ(fpa_opt_bounds(&lo, &hi, &def, key)) == FPA_OK, "key %d\n", key);
        FZ(fpa_opts_get(&before, o, key));
        fpa_status st = FZ(fpa_opts_set(o, key, v));
        FZ(fpa_opts_get(&after, o, key));
        if (st == FPA_OK)
            FZ_ASSERT(after == v && v >= lo && v <= hi, "key %d set to %g\n", key, v);
        else
            FZ_ASSERT(after == before, "key %d refused %g but changed\n", key, v);
        if (isfinite(v) && v >= lo && v <= hi && v == floor(v))
            FZ_ASSERT(st == FPA_OK, "key %d refused the whole %g within [%g, %g]\n", key, v, lo,
                      hi);
    }
}

/* An option's value (the default with NULL options). */
static inline double fz_opt(const fpa_opts *o, int key)
{
    double v = 0;
    FZ(fpa_opts_get(&v, o, key));
    return v;
}

/* Keep an option that only costs time (threads, sample paths) at most `max`. */
static inline void fz_cap(fpa_opts *o, int key, double max)
{
    double v;
    if (o && FZ(fpa_opts_get(&v, o, key)) == FPA_OK && (v > max || v == 0))
        FZ(fpa_opts_set(o, key, max));
}

/* ---- the progress callback --------------------------------------------------------- */

/* Watches one call: cancels once `done` reaches `cancel_at` (0: never), a
 * rule that does not depend on the timing of the reports in between. */
typedef struct {
    pthread_t caller;
    size_t calls, done, total, cancel_at;
    int cancelled;
} fz_watch;

static inline int fz_progress(void *ud, size_t done, size_t total)
{
    fz_watch *w = ud;
    if (!pthread_equal(pthread_self(), w->caller))
        FZ_FAIL("progress: called on another thread than the caller's\n");
    if (w->calls == 0 && done != 0) FZ_FAIL("progress: first call with done = %zu\n", done);
    if (w->calls && (total != w->total || done < w->done))
        FZ_FAIL("progress: (%zu of %zu) after (%zu of %zu)\n", done, total, w->done, w->total);
    if (done > total) FZ_FAIL("progress: %zu of %zu done\n", done, total);
    if (w->cancelled) FZ_FAIL("progress: called again after the host cancelled\n");
    w->calls++, w->done = done, w->total = total;
    w->cancelled = w->cancel_at && done >= w->cancel_at;
    return w->cancelled;
}

/* Set the callback on `o` (when it exists) for the next call. */
static inline void fz_progress_watch(fz_watch *w, fpa_opts *o, size_t cancel_at)
{
    memset(w, 0, sizeof *w);
    w->caller = pthread_self();
    w->cancel_at = cancel_at;
    if (o) FZ(fpa_opts_set_progress(o, fz_progress, w));
}

/* After the call: a cancelled call returns FPA_ECANCELED, and only then;
 * a watched call that completed reported done == total last. */
static inline void fz_progress_check(const fz_watch *w, const fpa_opts *o, fpa_status st)
{
    if (!o) return;
    if (w->cancelled && st != FPA_ECANCELED)
        FZ_FAIL("progress: cancelled at %zu of %zu, but the call returned %s\n", w->done,
                w->total, fpa_status_name(st));
    if (st == FPA_ECANCELED && !w->cancelled)
        FZ_FAIL("progress: FPA_ECANCELED without a cancellation\n");
    if (st == FPA_OK && w->calls && w->done != w->total)
        FZ_FAIL("progress: finished at %zu of %zu\n", w->done, w->total);
}

/* Bitwise equality of two result arrays (NaN equal to NaN). */
static inline int fz_same(const double *a, const double *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

#endif
