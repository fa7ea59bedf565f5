/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Distributions, the Gaussian copula and the sort of the Monte Carlo.
 * GSL's samplers draw; its Brent solver inverts the beta distribution for
 * PERT scores; its eigensolver and Cholesky work on views of our memory. */
/* GSL's inline generator calls (gsl_rng_uniform ...) in the draw loops */
#define HAVE_INLINE 1
/* The kernels and the draws loop over periods and lanes: let GCC vectorise
 * them at the build's -O2 too (its -O2 cost model leaves loops of unknown
 * length scalar; clang vectorises them at -O2). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include "draws.h"

#include "../core/roots.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <string.h>

size_t mdl__nparams(int dist) { return dist <= FPA_DIST_UNIFORM ? 2 : 3; }

fpa_status mdl__check_dist(int dist)
{
    if (dist >= FPA_DIST_NORMAL && dist <= FPA_DIST_PERT) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "dist %d is not an fpa_scenario_dist", dist);
}

/* Parameters of one period; `where` is "" or " of period N". */
fpa_status mdl__check_params(int dist, double a, double b, double c, const char *where)
{
    static const char *const names[5][3] = {
        {"mean", "sd", ""}, {"mu", "sigma", ""}, {"a", "b", ""},
        {"min", "mode", "max"}, {"min", "mode", "max"}};
    const double p[3] = {a, b, c};
    for (size_t k = 0; k < mdl__nparams(dist); k++)
        if (!fpa__finite(p[k]))
            return fpa__fail(FPA_EDOM, "%s%s is %s", names[dist][k], where,
                             isnan(p[k]) ? "NaN" : "infinite");
    switch (dist) {
    case FPA_DIST_NORMAL:
    case FPA_DIST_LOGNORMAL:
        if (b < 0)
            return fpa__fail(FPA_EDOM, "%s%s is %.17g; must be >= 0",
                             names[dist][1], where, b);
        if (dist == FPA_DIST_LOGNORMAL && (fabs(a) > 700 || b > 20))
            return fpa__fail(FPA_EDOM, "lognormal mu = %.17g, sigma = %.17g%s "
                             "would overflow; |mu| <= 700 and sigma <= 20",
                             a, b, where);
        return FPA_OK;
    case FPA_DIST_UNIFORM:
        if (a > b)
            return fpa__fail(FPA_EDOM, "a = %.17g exceeds b = %.17g%s", a, b, where);
        return FPA_OK;
    default:
        if (!(a < c) || b < a || b > c)
            return fpa__fail(FPA_EDOM, "min %.17g, mode %.17g, max %.17g%s: "
                             "need min <= mode <= max and min < max", a, b, c,
                             where);
        return FPA_OK;
    }
}

/* ---- sampling ----------------------------------------------------------- */

typedef struct {
    double u;
    double a, b;
} beta_q;

static double beta_cdf_minus(double x, void *p)
{
    const beta_q *q = p;
    return gsl_cdf_beta_P(x, q->a, q->b) - q->u;
}

/* x in [0, 1] with BetaCDF(x) = u; shapes in [1, 5], where GSL's incomplete
 * beta function raises no error. */
static fpa_status beta_quantile(double *out, double u, double a, double b)
{
    if (u <= 0) { *out = 0; return FPA_OK; }
    if (u >= 1) { *out = 1; return FPA_OK; }
    beta_q q = {u, a, b};
    return fpa__brent(out, beta_cdf_minus, &q, 0, 1, -u, 1 - u, 1e-13, 0, 200);
}

mdl__par mdl__derive(int dist, const double p[3])
{
    double w = (dist == FPA_DIST_UNIFORM ? p[1] : p[2]) - p[0];
    switch (dist) {
    case FPA_DIST_NORMAL:
    case FPA_DIST_LOGNORMAL: return (mdl__par){p[0], p[1], 0, 0};
    case FPA_DIST_UNIFORM: return (mdl__par){p[0], w, 0, 0};
    case FPA_DIST_TRIANGULAR: return (mdl__par){p[0], w, p[1] - p[0], p[2] - p[1]};
    default:
        return (mdl__par){p[0], w, 1 + 4 * (p[1] - p[0]) / w, 1 + 4 * (p[2] - p[1]) / w};
    }
}

static double triangular_q(double u, const mdl__par *q)
{
    if (u * q->b < q->c) return q->a + sqrt(u * q->b * q->c);
    return q->a + q->b - sqrt((1 - u) * q->b * q->d);
}

/* ---- the generator ----------------------------------------------------------- */

static unsigned long taus_get(void *state) { return mdl__taus_get(state); }

static double taus_get_double(void *state) { return mdl__taus_uniform(state); }

/* taus2's seeding: three 32-bit LCG steps (69069), raised above the
 * components' minimal values, then six steps to warm up. */
static void taus_set(void *state, unsigned long seed)
{
    mdl__taus *s = state;
    if (seed == 0) seed = 1;
    s->s1 = (69069 * seed) & 0xffffffffUL;
    if (s->s1 < 2) s->s1 += 2;
    s->s2 = (69069 * s->s1) & 0xffffffffUL;
    if (s->s2 < 8) s->s2 += 8;
    s->s3 = (69069 * s->s2) & 0xffffffffUL;
    if (s->s3 < 16) s->s3 += 16;
    for (int k = 0; k < 6; k++) mdl__taus_get(s);
}

const gsl_rng_type mdl__taus2 = {"taus2", 0xffffffffUL, 0, sizeof(mdl__taus), taus_set,
                                 taus_get, taus_get_double};

void mdl__gen_init(mdl__gen *g, unsigned long seed)
{
    g->r = (gsl_rng){&mdl__taus2, &g->s};
    taus_set(&g->s, seed);
}

/* A value from a standard normal score z (once-per-path and correlated
 * draws). */
fpa_status mdl__from_score(double *out, int dist, const mdl__par *q, double z)
{
    switch (dist) {
    case FPA_DIST_NORMAL: *out = q->a + q->b * z; return FPA_OK;
    case FPA_DIST_LOGNORMAL: *out = exp(q->a + q->b * z); return FPA_OK;
    case FPA_DIST_UNIFORM: *out = q->a + q->b * gsl_cdf_ugaussian_P(z); return FPA_OK;
    case FPA_DIST_TRIANGULAR:
        *out = triangular_q(gsl_cdf_ugaussian_P(z), q);
        return FPA_OK;
    default: {
        double x;
        TRY(beta_quantile(&x, gsl_cdf_ugaussian_P(z), q->c, q->d));
        *out = q->a + q->b * x;
        return FPA_OK;
    }
    }
}

void mdl__normals(double *out, size_t n, mdl__gen *g)
{
    for (size_t i = 0; i < n; i++) out[i] = gsl_ran_gaussian_ziggurat(&g->r, 1);
}

void mdl__draws(double *out, size_t n, int dist, const mdl__par *q, mdl__gen *g)
{
    const double a = q->a, b = q->b, c = q->c, d = q->d;
    switch (dist) {
    case FPA_DIST_NORMAL:
        mdl__normals(out, n, g);
        for (size_t i = 0; i < n; i++) out[i] = a + b * out[i];
        return;
    case FPA_DIST_LOGNORMAL:
        mdl__normals(out, n, g);
        for (size_t i = 0; i < n; i++) out[i] = exp(a + b * out[i]);
        return;
    case FPA_DIST_UNIFORM:
        for (size_t i = 0; i < n; i++) out[i] = mdl__taus_uniform(&g->s);
        for (size_t i = 0; i < n; i++) out[i] = a + b * out[i];
        return;
    case FPA_DIST_TRIANGULAR:
        for (size_t i = 0; i < n; i++) out[i] = mdl__taus_uniform(&g->s);
        for (size_t i = 0; i < n; i++) {  /* both branches, then a select */
            double u = out[i], lo = a + sqrt(u * b * c), hi = a + b - sqrt((1 - u) * b * d);
            out[i] = u * b < c ? lo : hi;
        }
        return;
    default:
        for (size_t i = 0; i < n; i++) out[i] = gsl_ran_beta(&g->r, c, d);
        for (size_t i = 0; i < n; i++) out[i] = a + b * out[i];
        return;
    }
}

/* ---- the copula ------------------------------------------------------------ */

fpa_status mdl__cholesky(double *chol, const double *corr, size_t k, const int *when,
                         const fpa_mem *mem)
{
    TRY(fpa__check_finite(corr, k * k, 1, "corr"));
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double a = corr[i * k + j];
            if (i == j && fabs(a - 1) > 1e-12)
                return fpa__fail(FPA_EDOM, "corr[%zu][%zu] is %.17g; the "
                                 "diagonal must be 1", i, j, a);
            if (fabs(a - corr[j * k + i]) > 1e-12)
                return fpa__fail(FPA_EDOM, "corr[%zu][%zu] differs from "
                                 "corr[%zu][%zu]", i, j, j, i);
            if (fabs(a) > 1)
                return fpa__fail(FPA_EDOM, "corr[%zu][%zu] is %.17g; outside "
                                 "[-1, 1]", i, j, a);
            if (a != 0 && when[i] != when[j])
                return fpa__fail(FPA_EDOM, "corr[%zu][%zu]: variable %zu is "
                                 "drawn once per path and %zu each period; "
                                 "they cannot be correlated", i, j,
                                 when[i] ? i : j, when[i] ? j : i);
        }
    /* scratch: the matrix GSL's eigensolver overwrites, its eigenvalues and
     * workspace, in memory from our allocator (gsl_eigen_symm_alloc()
     * would malloc and abort on failure) */
    double *scratch = fpa__alloc(mem, k * k + 3 * k, sizeof(double), false);
    if (!scratch) return FPA_ENOMEM;
    memcpy(scratch, corr, k * k * sizeof *corr);
    gsl_matrix_view a = gsl_matrix_view_array(scratch, k, k);
    gsl_vector_view ev = gsl_vector_view_array(scratch + k * k, k);
    gsl_eigen_symm_workspace ws = {k, scratch + k * k + k, scratch + k * k + 2 * k};
    gsl_eigen_symm(&a.matrix, &ev.vector, &ws);
    double lmin = gsl_vector_min(&ev.vector);
    fpa__free(mem, scratch, k * k + 3 * k, sizeof(double));
    if (!(lmin >= 1e-10))
        return fpa__fail(FPA_EDOM, "corr is not positive definite (smallest "
                         "eigenvalue %.3g)", lmin);
    memcpy(chol, corr, k * k * sizeof *corr);
    gsl_matrix_view l = gsl_matrix_view_array(chol, k, k);
    gsl_linalg_cholesky_decomp1(&l.matrix);  /* safe: positive definite */
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++) chol[i * k + j] = 0;
    return FPA_OK;
}

/* ---- sorting --------------------------------------------------------------- */

/* LSD radix sort of doubles through order-preserving 64-bit keys, 11 bits
 * a pass, skipping passes where every key has the same digit. */
#define RADIX_BITS 11u
#define RADIX ((size_t)1 << RADIX_BITS)
#define PASSES 6u

void mdl__sort(double *x, uint64_t *tmp, size_t *hist, size_t n)
{
    uint64_t *key = (uint64_t *)(void *)x;  /* same size, sorted in place */
    memset(hist, 0, PASSES * RADIX * sizeof *hist);
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &x[i], sizeof u);
        u = (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
        key[i] = u;
        for (unsigned p = 0; p < PASSES; p++)
            hist[p * RADIX + ((u >> (p * RADIX_BITS)) & (RADIX - 1))]++;
    }
    uint64_t *src = key, *dst = tmp;
    for (unsigned p = 0; p < PASSES; p++) {
        size_t *h = hist + p * RADIX, sum = 0;
        if (h[(src[0] >> (p * RADIX_BITS)) & (RADIX - 1)] == n) continue;
        for (size_t d = 0; d < RADIX; d++) {
            size_t c = h[d];
            h[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[h[(src[i] >> (p * RADIX_BITS)) & (RADIX - 1)]++] = src[i];
        uint64_t *s = src;
        src = dst, dst = s;
    }
    if (src != key) memcpy(key, src, n * sizeof *key);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = key[i];
        u = (u >> 63) ? u & ~((uint64_t)1 << 63) : ~u;
        memcpy(&x[i], &u, sizeof u);
    }
}

