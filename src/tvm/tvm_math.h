/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log1p, e^x and e^x - 1 written for the annuity formulas, and the
 * formulas themselves, so that one element and a vector of elements give
 * the same bits: the scalar functions (tvm.c) and the array kernels
 * (map.c) compile the same code, and the kernels vectorise it (no branch,
 * no libm call, no integer-to-double conversion the baseline lacks; every
 * ?: picks between values already computed, as the vectorisers need under
 * the default trapping-math rules).
 *
 * Accuracy: within 2 ulp of the exact values (tests/internal/
 * test_tvm_math.c checks them against libm on millions of arguments).
 * - log1p(x) = log(u) - ((u - 1) - x) / u with u = 1 + x; log(u) from the
 *   exponent and log(m) = 2 atanh(s), s = (m - 1)/(m + 1), m in
 *   [sqrt(1/2), sqrt(2)), by its Taylor series to s^23 (|s| < 0.172);
 * - e^x = 2^k (1 + p) and e^x - 1 = 2^k p + (2^k - 1), with
 *   x = k ln 2 + r, |r| <= ln2 / 2, and p = e^r - 1 by its Taylor series to
 *   r^14 (ln 2 split in a 32-bit head, so that k ln2_hi is exact);
 * - the series by Estrin's scheme, whose short dependency chains let a
 *   core overlap elements (Horner's would be latency-bound). */
#ifndef FPA_TVM_MATH_H
#define FPA_TVM_MATH_H

#include <stdint.h>

/* Multiply-adds stay two roundings everywhere, so that a vector lane and a
 * scalar give one result: GCC in ISO C mode never fuses them; clang would
 * where the target has FMA (its AVX-512 clone). */
#if defined(__clang__)
#  pragma STDC FP_CONTRACT OFF
#endif

/* Inlined everywhere: a call would stop the kernels' vectorisation. */
#if defined(__GNUC__)
#  define FPA__MATH static inline __attribute__((always_inline))
#else
#  define FPA__MATH static inline
#endif

/* Type punning through a union (defined in C11, 6.5.2.3 footnote 95),
 * which vectorisers handle, unlike memcpy through an addressed local. */
typedef union {
    double d;
    uint64_t u;
} fpa__pun;

FPA__MATH double fpa__from_bits(uint64_t b) { return (fpa__pun){.u = b}.d; }

FPA__MATH uint64_t fpa__bits(double d) { return (fpa__pun){.d = d}.u; }

#define FPA__LN2_HI 0x1.62e42fee00000p-1
#define FPA__LN2_LO 0x1.a39ef35793c76p-33

/* log(1 + x) for x > -1 (other arguments give an unspecified value). */
FPA__MATH double fpa__log1p(double x)
{
    double u = 1 + x, c = (u - 1) - x;  /* u's rounding error */
    uint64_t b = fpa__bits(u);
    uint64_t e = (b >> 52) & 0x7ff;      /* biased exponent */
    double m = fpa__from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    /* the exponent as a double without an int64 conversion */
    double ed = fpa__from_bits(0x4330000000000000ULL | e) - (0x1p52 + 1023);
    int hi = m > 0x1.6a09e667f3bcdp+0;  /* m > sqrt(2): halve it */
    double half = 0.5 * m, ed1 = ed + 1;
    m = hi ? half : m;
    ed = hi ? ed1 : ed;
    double f = m - 1, s = f / (2 + f), z = s * s;
    /* t = sum z^j / (2j + 3), j = 0 .. 10, by Estrin's scheme: eight
     * dependent steps instead of twenty */
    double z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    double b0 = 1.0 / 3 + z * (1.0 / 5), b1 = 1.0 / 7 + z * (1.0 / 9);
    double b2 = 1.0 / 11 + z * (1.0 / 13), b3 = 1.0 / 15 + z * (1.0 / 17);
    double b4 = 1.0 / 19 + z * (1.0 / 21), b5 = 1.0 / 23;
    double c0 = b0 + z2 * b1, c1 = b2 + z2 * b3, c2 = b4 + z2 * b5;
    double t = (c0 + z4 * c1) + z8 * c2;
    double logm = 2 * s + 2 * s * (t * z);
    return ed * FPA__LN2_HI + ((logm - c / u) + ed * FPA__LN2_LO);
}

/* e^x - 1, with e^x in *e; x outside [-1000, 710] is clamped (the values
 * have underflowed or overflowed before; at 710, k = 1024 and r > 0, so
 * both results are +inf rather than inf - inf). */
FPA__MATH double fpa__expm1_exp(double x, double *e)
{
    x = x < -1000 ? -1000 : x > 710 ? 710 : x;
    const double shift = 0x1.8p52;  /* x / ln2 + shift rounds to an integer */
    double kd = x * 0x1.71547652b82fep+0 + shift;
    uint64_t kb = fpa__bits(kd) - fpa__bits(shift);  /* k, two's complement */
    kd -= shift;
    double r = (x - kd * FPA__LN2_HI) - kd * FPA__LN2_LO;
    /* p = e^r - 1 = r + r^2 sum r^j / (j + 2)!, j = 0 .. 12, by Estrin's
     * scheme */
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double t0 = 1.0 / 2 + r * (1.0 / 6), t1 = 1.0 / 24 + r * (1.0 / 120);
    double t2 = 1.0 / 720 + r * (1.0 / 5040), t3 = 1.0 / 40320 + r * (1.0 / 362880);
    double t4 = 1.0 / 3628800 + r * (1.0 / 39916800);
    double t5 = 1.0 / 479001600 + r * (1.0 / 6227020800), t6 = 1.0 / 87178291200;
    double u0 = t0 + r2 * t1, u1 = t2 + r2 * t3, u2 = t4 + r2 * t5;
    double q = (u0 + r4 * u1) + r8 * (u2 + r4 * t6);
    double p = r + r2 * q;
    /* 2^k in two factors, each a normal number for |k| <= 1443 */
    uint64_t k1 = (kb >> 1) | (kb & 0x8000000000000000ULL), k2 = kb - k1;  /* k1 = floor(k/2) */
    double scale = fpa__from_bits((k1 + 1023) << 52) * fpa__from_bits((k2 + 1023) << 52);
    *e = scale + scale * p;
    return scale * p + (scale - 1);
}

/* ---- the annuity formulas (ODF 1.2 part 2, 6.12), w the timing 0 or 1 ---- */

/* PMT: divided through by (1+r)^n when n log(1+r) > 0, which may overflow
 * while PMT does not. */
FPA__MATH double fpa__pmt_value(double r, double n, double pv, double fv, double w)
{
    double nl = n * fpa__log1p(r), e, em1;
    int ahead = nl > 0;
    double minus = -nl;
    em1 = fpa__expm1_exp(ahead ? minus : nl, &e);
    double num_ahead = fv * e + pv, num_behind = fv + pv * e, den_ahead = -em1;
    double num = ahead ? num_ahead : num_behind, den = ahead ? den_ahead : em1;
    double v = -num * r / ((1 + r * w) * den), at_zero = -(pv + fv) / n;
    return r == 0 ? at_zero : v;
}

/* PV: (1+r)^-n never overflows for n log(1+r) > 0. */
FPA__MATH double fpa__pv_value(double r, double n, double pmt, double fv, double w)
{
    double e, em1 = fpa__expm1_exp(-(n * fpa__log1p(r)), &e);
    double v = -(fv * e + pmt * (1 + r * w) * -em1 / r), at_zero = -(fv + pmt * n);
    return r == 0 ? at_zero : v;
}

FPA__MATH double fpa__fv_value(double r, double n, double pmt, double pv, double w)
{
    double g, gm1 = fpa__expm1_exp(n * fpa__log1p(r), &g);
    double v = -(pv * g + pmt * (1 + r * w) * gm1 / r), at_zero = -(pv + pmt * n);
    return r == 0 ? at_zero : v;
}

/* IPMT given PMT: per 1 pays pv r (none at the start); later, r times the
 * balance after per - 1 payments (per - 2 and the payment, at the start). */
FPA__MATH double fpa__ipmt_value(double r, double per, double pmt, double pv, double w)
{
    double later = (fpa__fv_value(r, per - 1 - w, pmt, pv, w) - w * pmt) * r;
    double first = w == 1 ? 0 : -pv * r;
    return per == 1 ? first : later;
}

#endif
