/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exact largest-remainder allocation.
 *
 * Every driver is a double (or, allocating by revenue, an int64), so it is
 * exactly m * 2^e with m a 64-bit integer. Scaled by 2^-emin (the smallest
 * exponent), every driver is an integer N_i and their sum D an integer of
 * at most ~2,200 bits. The quota of recipient i is P N_i / D exactly (P =
 * |pool|): its floor q_i and remainder R_i = P N_i - q_i D are computed
 * in integers (limbs of 64 bits), q_i from a double estimate corrected by
 * comparing exactly, so the floors, the leftover P - sum q_i and the order
 * of the remainders (the same denominator D for all) are exact for every
 * pool and driver the documentation allows. Cost O(n L) for L limbs, and
 * the sort. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const double POOL_MAX = 9007199254740992.0;  /* 2^53 cents */

/* a * b as a 128-bit (hi, lo) pair */
static uint64_t mul64(uint64_t a, uint64_t b, uint64_t *hi)
{
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 u128;  /* GCC and clang, -Wpedantic */
    u128 p = (u128)a * b;
    *hi = (uint64_t)(p >> 64);
    return (uint64_t)p;
#else
    uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return (mid << 32) | (p00 & 0xFFFFFFFFu);
#endif
}

/* ---- numbers of L limbs, least significant first ------------------------ */

/* a += (hi:lo) << s */
static void bn_add_shifted(uint64_t *a, size_t L, uint64_t lo, uint64_t hi, size_t s)
{
    size_t k = s / 64;
    unsigned b = (unsigned)(s % 64);
    uint64_t w[3] = {lo << b, b ? (hi << b) | (lo >> (64 - b)) : hi, b ? hi >> (64 - b) : 0};
    uint64_t carry = 0;
    for (size_t j = 0; k + j < L && (j < 3 || carry); j++) {
        uint64_t add = j < 3 ? w[j] : 0, v = a[k + j] + add;
        uint64_t c = v < add;
        a[k + j] = v + carry;
        carry = c + (a[k + j] < carry);
    }
}

/* out = a * q, L + 1 limbs */
static void bn_mul(uint64_t *out, const uint64_t *a, size_t L, uint64_t q)
{
    uint64_t carry = 0;
    for (size_t k = 0; k < L; k++) {
        uint64_t hi, lo = mul64(a[k], q, &hi);
        out[k] = lo + carry;
        carry = hi + (out[k] < lo);
    }
    out[L] = carry;
}

static int bn_cmp(const uint64_t *a, const uint64_t *b, size_t L)
{
    for (size_t k = L; k-- > 0;)
        if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
}

/* a -= b (a >= b) */
static void bn_sub(uint64_t *a, const uint64_t *b, size_t L)
{
    uint64_t borrow = 0;
    for (size_t k = 0; k < L; k++) {
        uint64_t v = a[k] - b[k], c = a[k] < b[k];
        a[k] = v - borrow;
        borrow = c + (v < borrow);
    }
}

/* ---- the drivers as integers ----------------------------------------------- */

typedef struct {
    uint64_t m;   /* the driver is m * 2^(emin + s) */
    size_t s;
} scaled;

typedef struct {
    const uint64_t *rem;  /* R_i, L limbs */
    size_t L, i;
} ranked;

/* Largest remainder first, then lower index: a total order, so qsort's
 * instability cannot change the result. */
static int by_remainder(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int c = bn_cmp(a->rem, b->rem, a->L);
    if (c) return -c;
    return a->i < b->i ? -1 : a->i > b->i;
}

static fpa_status read_drivers(scaled *sc, const double *d, const int64_t *d64, size_t n,
                               size_t *out_bits)
{
    const char *what = d ? "driver" : "revenue";
    double total = 0;
    int emin = INT32_MAX, emax = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        double v = d ? d[i] : (double)d64[i];
        if (!fpa__finite(v))
            return fpa__fail(FPA_EDOM, "%s[%zu] is %s", what, i,
                             isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
        if (v < 0) return fpa__fail(FPA_EDOM, "%s[%zu] is negative", what, i);
        total += v;
        int e = 0;
        if (d && v > 0) {
            double f = frexp(v, &e);  /* v = f 2^e, f in [0.5, 1) */
            sc[i].m = (uint64_t)ldexp(f, 53);
            e -= 53;
        } else {
            sc[i].m = d ? 0 : (uint64_t)d64[i];
        }
        sc[i].s = (size_t)(e + 2000);  /* made relative to emin below */
        if (sc[i].m) {
            if (e < emin) emin = e;
            if (e > emax) emax = e;
        }
    }
    if (!fpa__finite(total)) return fpa__fail(FPA_EDOM, "the %ss' sum overflows", what);
    if (total == 0) return fpa__fail(FPA_EDOM, "the %ss sum to 0: nothing to "
                                     "allocate by", what);
    for (size_t i = 0; i < n; i++) sc[i].s = sc[i].m ? sc[i].s - (size_t)(emin + 2000) : 0;
    *out_bits = (size_t)(emax - emin) + 64;
    return FPA_OK;
}

/* A double close to the number a (relative error below 2^-52), as
 * mantissa * 2^*exp2. */
static double bn_approx(const uint64_t *a, size_t L, int *exp2)
{
    size_t t = L;
    while (t > 1 && a[t - 1] == 0) t--;
    double v = (double)a[t - 1];
    if (t >= 2) v = v * 0x1p64 + (double)a[t - 2];
    *exp2 = 64 * (int)(t >= 2 ? t - 2 : 0);
    return v;
}

/* floor(P N_i / D), and R_i (L limbs) for one recipient. D has L + 1
 * limbs, the last 0; x and t are scratch of L + 1 limbs. The estimate
 * from doubles is within a few units (relative error ~2^-51 of a quotient
 * below 2^53), and is corrected by exact comparison. */
static int64_t quota(uint64_t *rem, const scaled *sc, uint64_t P, const uint64_t *D,
                     double d_mant, int d_exp, size_t L, uint64_t *x, uint64_t *t)
{
    memset(x, 0, (L + 1) * sizeof *x);
    uint64_t hi, lo = mul64(sc->m, P, &hi);
    bn_add_shifted(x, L + 1, lo, hi, sc->s);
    double est = ldexp(((double)hi * 0x1p64 + (double)lo) / d_mant, (int)sc->s - d_exp);
    uint64_t q = est <= 0 ? 0 : est >= (double)P ? P : (uint64_t)est;
    bn_mul(t, D, L, q);
    for (; bn_cmp(t, x, L + 1) > 0; q--) bn_sub(t, D, L + 1);
    bn_sub(x, t, L + 1);
    for (; bn_cmp(x, D, L + 1) >= 0; q++) bn_sub(x, D, L + 1);
    memcpy(rem, x, L * sizeof *rem);
    return (int64_t)q;
}

fpa_status unit__allocate(int64_t *out, int64_t pool, const double *d,
                          const int64_t *d64, size_t n, const fpa_mem *m)
{
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    if ((double)pool > POOL_MAX || (double)pool < -POOL_MAX)
        return fpa__fail(FPA_EDOM, "pool %lld exceeds 2^53 cents in magnitude",
                         (long long)pool);
    scaled *sc = fpa__alloc(m, n, sizeof *sc, false);
    if (!sc) return FPA_ENOMEM;
    size_t bits = 0;
    fpa_status st = read_drivers(sc, d, d64, n, &bits);
    /* D < 2^(bits + log2 n): one spare limb for the count, one for P */
    size_t L = bits / 64 + 3, scratch = 0;  /* remainders: n x L; D, x, t: L + 1 */
    uint64_t *num = NULL;
    ranked *r = NULL;
    if (st == FPA_OK && (fpa__mul_overflows(n + 4, L, &scratch) ||
                         !(num = fpa__alloc(m, scratch, sizeof *num, true)) ||
                         !(r = fpa__alloc(m, n, sizeof *r, false))))
        st = FPA_ENOMEM;
    if (st == FPA_OK) {
        uint64_t *D = num + n * L, *x = D + L + 1, *t = x + L + 1;
        for (size_t i = 0; i < n; i++) bn_add_shifted(D, L, sc[i].m, 0, sc[i].s);
        int d_exp;
        double d_mant = bn_approx(D, L, &d_exp);
        uint64_t P = (uint64_t)(pool < 0 ? -pool : pool);
        int64_t given = 0;
        for (size_t i = 0; i < n; i++) {
            out[i] = quota(num + i * L, &sc[i], P, D, d_mant, d_exp, L, x, t);
            given += out[i];
            r[i] = (ranked){num + i * L, L, i};
        }
        /* P = sum q_i + sum R_i / D exactly, each R_i / D < 1: the leftover
         * is below n and goes one cent each to the largest remainders */
        qsort(r, n, sizeof *r, by_remainder);
        for (size_t k = 0, left = (size_t)((int64_t)P - given); k < left; k++) out[r[k].i]++;
        if (pool < 0)
            for (size_t i = 0; i < n; i++) out[i] = -out[i];
    }
    fpa__free(m, r, r ? n : 0, sizeof *r);
    fpa__free(m, num, num ? scratch : 0, sizeof *num);
    fpa__free(m, sc, n, sizeof *sc);
    return st;
}
