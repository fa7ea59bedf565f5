/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turning fuzzer bytes into the inputs numeric entry points take: doubles
 * that are often NaN, infinite, subnormal, huge or tiny, arrays of any
 * length (zero included), mismatched sizes. */
#ifndef FPA_FUZZ_INPUT_H
#define FPA_FUZZ_INPUT_H

#include <math.h>
#include <stdio.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fpa/fpa.h>

typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_in;

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

/* Report what broke the contract, then abort so the fuzzer keeps the input. */
#define FZ_FAIL(...)                                      \
    do {                                                  \
        fprintf(stderr, __VA_ARGS__);                     \
        abort();                                          \
    } while (0)

/* A result returned with FPA_OK must be finite, and a failure must say why:
 * anything else is a bug. */
#define FZ_CHECK(st, x)                                                      \
    do {                                                                     \
        if ((st) == FPA_OK && !isfinite(x))                                  \
            FZ_FAIL("%s:%d: FPA_OK with %g\n", __FILE__, __LINE__, (double)(x)); \
        if ((st) != FPA_OK && fpa_error_last()[0] == 0)                      \
            FZ_FAIL("%s:%d: %s without a detail\n", __FILE__, __LINE__,       \
                    fpa_status_name(st));                                    \
    } while (0)

/* The same contract for an array of results. */
static inline void fz_check_all(fpa_status st, const double *x, size_t n)
{
    if (st != FPA_OK) {
        if (fpa_error_last()[0] == 0) FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) FZ_FAIL("FPA_OK with x[%zu] = %g\n", i, x[i]);
}

#endif
