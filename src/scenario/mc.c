/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monte Carlo cash-at-risk on the projection core. Paths run in fixed
 * blocks, each with its own generator seeded from (seed, block), so the
 * numbers never depend on which thread ran which block. */
/* GSL's inline generator calls (gsl_rng_uniform ...) in the path loop */
#define HAVE_INLINE 1
#include "scenario_internal.h"

#include "../core/parallel.h"
#include "../core/roots.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <stdalign.h>
#include <string.h>

enum { BLOCK = 1024, MAX_VARS = 256 };

typedef struct {
    int driver, op, dist, when;
    size_t from, count;  /* count 0: the same parameters from `from` on */
    double *par;         /* parameter-major, max(count, 1) per parameter */
} mc_var;

struct fpa_scenario_mc {
    fpa_mem mem;
    mc_var *var;
    size_t n, cap;
    double *chol;  /* k x k lower Cholesky factor of the copula, or NULL */
};

struct fpa_scenario_mc_result {
    fpa_mem mem;
    size_t paths, n;
    double *end, *min;  /* sorted */
    double *fan;        /* n rows of `paths`, each sorted, or NULL */
    uint64_t *breach;   /* n per-period counts, then the count over all */
    uint64_t clamped;
    double mean_end, mean_min;
};

static size_t nparams_of(int dist) { return dist <= FPA_DIST_UNIFORM ? 2 : 3; }
static size_t width(const mc_var *v) { return v->count ? v->count : 1; }

/* ---- the model --------------------------------------------------------- */

fpa_status fpa_scenario_mc_new(fpa_scenario_mc **out, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario_mc *mc = fpa__alloc(&m, 1, sizeof *mc, true);
    if (!mc) return FPA_ENOMEM;
    mc->mem = m;
    *out = mc;
    return FPA_OK;
}

static void drop_correlation(fpa_scenario_mc *mc)
{
    fpa__free(&mc->mem, mc->chol, mc->n * mc->n, sizeof(double));
    mc->chol = NULL;
}

void fpa_scenario_mc_free(fpa_scenario_mc *mc)
{
    if (!mc) return;
    drop_correlation(mc);
    for (size_t i = 0; i < mc->n; i++)
        fpa__free(&mc->mem, mc->var[i].par,
                  nparams_of(mc->var[i].dist) * width(&mc->var[i]), sizeof(double));
    fpa_mem m = mc->mem;
    fpa__free(&m, mc->var, mc->cap, sizeof *mc->var);
    fpa__free(&m, mc, 1, sizeof *mc);
}

/* Parameters of one period; `where` is "" or " of period N". */
static fpa_status check_params(int dist, double a, double b, double c,
                               const char *where)
{
    static const char *const names[5][3] = {
        {"mean", "sd", ""}, {"mu", "sigma", ""}, {"a", "b", ""},
        {"min", "mode", "max"}, {"min", "mode", "max"}};
    const double p[3] = {a, b, c};
    for (size_t k = 0; k < nparams_of(dist); k++)
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

static fpa_status add_var(size_t *out_index, fpa_scenario_mc *mc, int driver,
                          int op, int dist, const double *params, size_t count,
                          size_t from, int when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(params, "params"));
    TRY(wc__check_driver(driver));
    TRY(scn__check_op(op));
    if (dist < FPA_DIST_NORMAL || dist > FPA_DIST_PERT)
        return fpa__fail(FPA_EINVAL, "dist %d is not an fpa_scenario_dist", dist);
    if (when != FPA_DRAW_EACH_PERIOD && when != FPA_DRAW_ONCE)
        return fpa__fail(FPA_EINVAL, "when %d is not an fpa_scenario_draw", when);
    if (mc->n >= MAX_VARS)
        return fpa__fail(FPA_EINVAL, "a model holds at most %d variables", MAX_VARS);
    size_t np = nparams_of(dist), w = count ? count : 1;
    for (size_t t = 0; t < w; t++) {
        char where[64] = "";
        if (count)
            snprintf(where, sizeof where, " of period %zu", from + t);
        TRY(check_params(dist, params[t], params[w + t],
                         np == 3 ? params[2 * w + t] : 0, where));
    }
    double *par = fpa__alloc(&mc->mem, np * w, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    if (mc->n == mc->cap) {
        size_t cap = mc->cap ? 2 * mc->cap : 4;
        mc_var *v = fpa__realloc(&mc->mem, mc->var, mc->cap, cap, sizeof *v);
        if (!v) {
            fpa__free(&mc->mem, par, np * w, sizeof *par);
            return FPA_ENOMEM;
        }
        mc->var = v;
        mc->cap = cap;
    }
    drop_correlation(mc);  /* sized for the old variable count */
    memcpy(par, params, np * w * sizeof *par);
    mc->var[mc->n] = (mc_var){driver, op, dist, when, from, count, par};
    if (out_index) *out_index = mc->n;
    mc->n++;
    return FPA_OK;
}

fpa_status fpa_scenario_mc_add(size_t *out_index, fpa_scenario_mc *mc,
                               fpa_wc_driver driver, fpa_scenario_op op,
                               fpa_scenario_dist dist, const double *params,
                               size_t nparams, size_t from,
                               fpa_scenario_draw when)
{
    if ((int)dist >= FPA_DIST_NORMAL && (int)dist <= FPA_DIST_PERT &&
        nparams != nparams_of((int)dist))
        return fpa__fail(FPA_EINVAL, "nparams is %zu; this distribution takes %zu",
                         nparams, nparams_of((int)dist));
    return add_var(out_index, mc, (int)driver, (int)op, (int)dist, params, 0,
                   from, (int)when);
}

fpa_status fpa_scenario_mc_add_series(size_t *out_index, fpa_scenario_mc *mc,
                                      fpa_wc_driver driver, fpa_scenario_op op,
                                      fpa_scenario_dist dist,
                                      const double *params, size_t count,
                                      size_t from, fpa_scenario_draw when)
{
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    return add_var(out_index, mc, (int)driver, (int)op, (int)dist, params,
                   count, from, (int)when);
}

fpa_status fpa_scenario_mc_add_interval(size_t *out_index, fpa_scenario_mc *mc,
                                        fpa_wc_driver driver, const double *point,
                                        const double *lower, const double *upper,
                                        size_t count, double level, size_t from,
                                        fpa_scenario_draw when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    TRY(fpa__check_finite(point, count, 1, "point"));
    TRY(fpa__check_finite(lower, count, 1, "lower"));
    TRY(fpa__check_finite(upper, count, 1, "upper"));
    TRY(fpa__check_value(level, "level"));
    if (!(level > 0 && level < 1))
        return fpa__fail(FPA_EDOM, "level is %.17g; must be in (0, 1)", level);
    for (size_t t = 0; t < count; t++)
        if (lower[t] > upper[t])
            return fpa__fail(FPA_EDOM, "lower[%zu] = %.17g exceeds upper[%zu] = "
                             "%.17g", t, lower[t], t, upper[t]);
    double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2);  /* in (0, 8.3] */
    double *par = fpa__alloc(&mc->mem, 2 * count, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    for (size_t t = 0; t < count; t++) {
        par[t] = point[t];
        par[count + t] = (upper[t] - lower[t]) / (2 * z);
    }
    fpa_status st = add_var(out_index, mc, (int)driver, FPA_SCENARIO_SET,
                            FPA_DIST_NORMAL, par, count, from, (int)when);
    fpa__free(&mc->mem, par, 2 * count, sizeof *par);
    return st;
}

fpa_status fpa_scenario_mc_correlate(fpa_scenario_mc *mc, const double *corr,
                                     size_t k)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(corr, "corr"));
    if (k != mc->n || k == 0)
        return fpa__fail(FPA_EINVAL, "k is %zu; the model has %zu variables", k,
                         mc->n);
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
            if (a != 0 && mc->var[i].when != mc->var[j].when)
                return fpa__fail(FPA_EDOM, "corr[%zu][%zu]: variable %zu is "
                                 "drawn once per path and %zu each period; "
                                 "they cannot be correlated", i, j,
                                 mc->var[i].when ? i : j, mc->var[i].when ? j : i);
        }
    /* scratch: the matrix GSL's eigensolver overwrites, its eigenvalues and
     * workspace, in memory from our allocator (gsl_eigen_symm_alloc()
     * would malloc and abort on failure) */
    double *scratch = fpa__alloc(&mc->mem, k * k + 3 * k, sizeof(double), false);
    if (!scratch) return FPA_ENOMEM;
    double *chol = fpa__alloc(&mc->mem, k * k, sizeof(double), false);
    if (!chol) {
        fpa__free(&mc->mem, scratch, k * k + 3 * k, sizeof(double));
        return FPA_ENOMEM;
    }
    memcpy(scratch, corr, k * k * sizeof *corr);
    gsl_matrix_view a = gsl_matrix_view_array(scratch, k, k);
    gsl_vector_view ev = gsl_vector_view_array(scratch + k * k, k);
    gsl_eigen_symm_workspace ws = {k, scratch + k * k + k, scratch + k * k + 2 * k};
    gsl_eigen_symm(&a.matrix, &ev.vector, &ws);
    double lmin = gsl_vector_min(&ev.vector);
    fpa__free(&mc->mem, scratch, k * k + 3 * k, sizeof(double));
    if (!(lmin >= 1e-10)) {
        fpa__free(&mc->mem, chol, k * k, sizeof(double));
        return fpa__fail(FPA_EDOM, "corr is not positive definite (smallest "
                         "eigenvalue %.3g)", lmin);
    }
    memcpy(chol, corr, k * k * sizeof *corr);
    gsl_matrix_view l = gsl_matrix_view_array(chol, k, k);
    gsl_linalg_cholesky_decomp1(&l.matrix);  /* safe: positive definite */
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++) chol[i * k + j] = 0;
    drop_correlation(mc);
    mc->chol = chol;
    return FPA_OK;
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

/* Parameters of a variable in one period, in the form the samplers use:
 * normal (mean, sd), lognormal (mu, sigma), uniform (a, b - a),
 * triangular (min, max - min, mode - min, max - mode), PERT (min,
 * max - min, alpha, beta). Built once per run so that the path loop does
 * no divisions or look-ups. */
typedef struct {
    double a, b, c, d;
} mc_par;

static mc_par derive(int dist, const double p[3])
{
    double w = (dist == FPA_DIST_UNIFORM ? p[1] : p[2]) - p[0];
    switch (dist) {
    case FPA_DIST_NORMAL:
    case FPA_DIST_LOGNORMAL: return (mc_par){p[0], p[1], 0, 0};
    case FPA_DIST_UNIFORM: return (mc_par){p[0], w, 0, 0};
    case FPA_DIST_TRIANGULAR: return (mc_par){p[0], w, p[1] - p[0], p[2] - p[1]};
    default:
        return (mc_par){p[0], w, 1 + 4 * (p[1] - p[0]) / w, 1 + 4 * (p[2] - p[1]) / w};
    }
}

static double triangular_q(double u, const mc_par *q)
{
    if (u * q->b < q->c) return q->a + sqrt(u * q->b * q->c);
    return q->a + q->b - sqrt((1 - u) * q->b * q->d);
}

/* A value from a standard normal score z (once-per-path and correlated
 * draws). */
static fpa_status from_score(double *out, int dist, const mc_par *q, double z)
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

/* An independent draw, straight from GSL's samplers. */
static double direct(int dist, const mc_par *q, gsl_rng *r)
{
    switch (dist) {
    case FPA_DIST_NORMAL: return q->a + q->b * gsl_ran_gaussian_ziggurat(r, 1);
    case FPA_DIST_LOGNORMAL: return exp(q->a + q->b * gsl_ran_gaussian_ziggurat(r, 1));
    case FPA_DIST_UNIFORM: return q->a + q->b * gsl_rng_uniform(r);
    case FPA_DIST_TRIANGULAR: return triangular_q(gsl_rng_uniform(r), q);
    default: return q->a + q->b * gsl_ran_beta(r, q->c, q->d);
    }
}

/* ---- the run -------------------------------------------------------------- */

typedef struct {
    gsl_rng rng;
    double *eps, *z, *x;  /* k each; x: the path's once-per-path values */
} worker;

typedef struct {
    const fpa_scenario_mc *mc;
    const fpa_wc_plan *plan;
    const double *base;  /* n x WC_NDRIVERS drivers after the scenario */
    const mc_par *par;   /* k x n */
    const unsigned char *on;  /* k x n: does variable i change period t */
    size_t paths, n, k;
    uint32_t seed;
    double floor;
    unsigned char *w;      /* per worker: a worker, then its generator's
                            * state, eps, z and x, `wstride` bytes apart */
    size_t wstride;
    double *end, *min, *fan;
    uint64_t *counts;      /* per block, `cstride` apart: n per period, any,
                            * clamped */
    size_t cstride;
} run_ctx;

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

/* Parameters of variable v in period t, or false when v leaves t alone. */
static bool params_at(double p[3], const mc_var *v, size_t t)
{
    if (t < v->from) return false;
    size_t i = 0, w = width(v);
    if (v->count) {
        if (t - v->from >= v->count) return false;
        i = t - v->from;
    }
    p[0] = v->par[i];
    p[1] = v->par[w + i];
    p[2] = v->dist >= FPA_DIST_TRIANGULAR ? v->par[2 * w + i] : 0;
    return true;
}

static void correlate_rows(double *z, const double *eps, const double *l,
                           size_t k, const mc_var *var, int when)
{
    for (size_t i = 0; i < k; i++) {
        if (var[i].when != when) continue;
        double s = 0;
        for (size_t j = 0; j <= i; j++) s += l[i * k + j] * eps[j];
        z[i] = s;
    }
}

static fpa_status run_block(void *ctx, size_t b, unsigned wi)
{
    const run_ctx *c = ctx;
    const fpa_scenario_mc *mc = c->mc;
    const fpa_wc_plan *plan = c->plan;
    worker *w = (worker *)(void *)(c->w + wi * c->wstride);
    gsl_rng *r = &w->rng;
    size_t n = c->n, k = c->k;
    const double *l = mc ? mc->chol : NULL;
    const mc_var *var = mc ? mc->var : NULL;
    uint64_t *cnt = c->counts + b * c->cstride;
    memset(cnt, 0, (n + 2) * sizeof *cnt);
    gsl_rng_set(r, (uint32_t)(c->seed + b));  /* distinct seeds per block */
    size_t p1 = (b + 1) * BLOCK < c->paths ? (b + 1) * BLOCK : c->paths;
    for (size_t path = b * BLOCK; path < p1; path++) {
        for (size_t i = 0; i < k; i++)
            w->eps[i] = var[i].when == FPA_DRAW_ONCE ? gsl_ran_gaussian_ziggurat(r, 1) : 0;
        if (l) correlate_rows(w->z, w->eps, l, k, var, FPA_DRAW_ONCE);
        else memcpy(w->z, w->eps, k * sizeof *w->z);
        /* a once-per-path draw with constant parameters has one value for
         * the whole path: compute it once (a PERT quantile is a root) */
        for (size_t i = 0; i < k; i++)
            if (var[i].when == FPA_DRAW_ONCE && !var[i].count && var[i].from < n)
                TRY(from_score(&w->x[i], var[i].dist, &c->par[i * n + var[i].from],
                               w->z[i]));
        wc__bal bal = wc__opening(plan);
        double lo = INFINITY;
        bool breached = false;
        for (size_t t = 0; t < n; t++) {
            double v[WC_NDRIVERS];
            memcpy(v, c->base + t * WC_NDRIVERS, sizeof v);
            if (l) {
                for (size_t i = 0; i < k; i++)
                    if (var[i].when == FPA_DRAW_EACH_PERIOD)
                        w->eps[i] = gsl_ran_gaussian_ziggurat(r, 1);
                correlate_rows(w->z, w->eps, l, k, var, FPA_DRAW_EACH_PERIOD);
            }
            for (size_t i = 0; i < k; i++) {
                if (!c->on[i * n + t]) continue;
                const mc_par *q = &c->par[i * n + t];
                double x;
                if (var[i].when == FPA_DRAW_ONCE && !var[i].count)
                    x = w->x[i];
                else if (l || var[i].when == FPA_DRAW_ONCE)
                    TRY(from_score(&x, var[i].dist, q, w->z[i]));
                else
                    x = direct(var[i].dist, q, r);
                v[var[i].driver] = wc__apply(v[var[i].driver], var[i].op, x);
            }
            for (int d = 0; d < FPA_WC_OTHER_CASH; d++)
                if (v[d] < 0) v[d] = 0, cnt[n + 1]++;
            if (!wc__step(&bal, v, plan->per_day[t], plan->ap_on_purchases, NULL))
                cnt[n + 1]++;
            if (bal.cash < c->floor) cnt[t]++, breached = true;
            if (bal.cash < lo) lo = bal.cash;
            if (c->fan) c->fan[t * c->paths + path] = bal.cash;
        }
        if (!fpa__finite(bal.cash))
            return fpa__fail(FPA_EOVERFLOW, "path %zu: cash is not finite", path);
        c->end[path] = bal.cash;
        c->min[path] = lo;
        cnt[n] += breached ? 1u : 0u;
    }
    return FPA_OK;
}

/* LSD radix sort of doubles through order-preserving 64-bit keys, 11 bits
 * a pass, skipping passes where every key has the same digit. */
#define RADIX_BITS 11u
#define RADIX ((size_t)1 << RADIX_BITS)
#define PASSES 6u

static void sort_doubles(double *x, uint64_t *tmp, size_t *hist, size_t n)
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

typedef struct {
    double *rows[2];
    double *fan;
    size_t paths;
    uint64_t *tmp;  /* paths per worker, tstride apart */
    size_t *hist;   /* PASSES * RADIX per worker, hstride apart */
    size_t tstride, hstride;
} sort_ctx;

static fpa_status sort_job(void *ctx, size_t j, unsigned wi)
{
    const sort_ctx *s = ctx;
    double *x = j < 2 ? s->rows[j] : s->fan + (j - 2) * s->paths;
    sort_doubles(x, s->tmp + wi * s->tstride, s->hist + wi * s->hstride, s->paths);
    return FPA_OK;
}

void fpa_scenario_mc_result_free(fpa_scenario_mc_result *res)
{
    if (!res) return;
    fpa_mem m = res->mem;
    fpa__free(&m, res->end, res->paths, sizeof(double));
    fpa__free(&m, res->min, res->paths, sizeof(double));
    fpa__free(&m, res->fan, res->paths * res->n, sizeof(double));
    fpa__free(&m, res->breach, res->n + 1, sizeof(uint64_t));
    fpa__free(&m, res, 1, sizeof *res);
}

static fpa_status new_result(fpa_scenario_mc_result **out, const fpa_mem *m,
                             size_t paths, size_t n, bool fan)
{
    fpa_scenario_mc_result *r = fpa__alloc(m, 1, sizeof *r, true);
    if (!r) return FPA_ENOMEM;
    r->mem = *m;
    r->paths = paths;
    r->n = n;
    r->end = fpa__alloc(m, paths, sizeof(double), false);
    r->min = fpa__alloc(m, paths, sizeof(double), false);
    r->breach = fpa__alloc(m, n + 1, sizeof(uint64_t), true);
    if (fan) r->fan = fpa__alloc(m, paths * n, sizeof(double), false);
    if (!r->end || !r->min || !r->breach || (fan && !r->fan)) {
        fpa_scenario_mc_result_free(r);
        return FPA_ENOMEM;
    }
    *out = r;
    return FPA_OK;
}

fpa_status fpa_scenario_mc_run(fpa_scenario_mc_result **out,
                               const fpa_scenario_mc *mc, const fpa_wc_plan *plan,
                               const fpa_scenario *scn, size_t paths,
                               double cash_floor, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(wc__check_plan(plan));
    TRY(fpa__check_value(cash_floor, "cash_floor"));
    if (paths == 0) return fpa__fail(FPA_EINVAL, "paths is 0: nothing to simulate");
    /* GSL's quantile function indexes the sorted data with an int */
    if (paths > (size_t)INT_MAX)
        return fpa__fail(FPA_EINVAL, "paths is %zu; at most %d", paths, INT_MAX);
    size_t n = plan->n, k = mc->n;
    for (size_t i = 0; i < k; i++)
        if (mc->var[i].count && mc->var[i].from + mc->var[i].count > n)
            return fpa__fail(FPA_EINVAL, "variable %zu covers periods %zu .. %zu; "
                             "the plan has %zu", i, mc->var[i].from,
                             mc->var[i].from + mc->var[i].count - 1, n);
    wc__levers lv = scn__levers(scn);
    TRY(wc__run(plan, &lv, 1, NULL, 0, NULL, NULL, NULL));  /* domains */
    bool fan = fpa__opt_int(opts, FPA_OPT_SCENARIO_FAN) == 1;
    size_t fan_cells;
    if (fan && fpa__mul_overflows(paths, n, &fan_cells))
        return fpa__fail(FPA_ENOMEM, "the fan of %zu paths x %zu periods is too "
                         "large", paths, n);

    fpa_mem m = fpa__mem_of(opts);
    size_t nblocks = (paths + BLOCK - 1) / BLOCK;
    unsigned nw = fpa__threads(opts, nblocks);
    const gsl_rng_type *T = gsl_rng_taus2;
    /* Each worker's block (its generator and scratch, written on every
     * draw) and each path block's counters (written by whichever worker
     * runs it) sit on cache lines of their own (fpa__alloc_lines). */
    size_t head = (sizeof(worker) + 15) / 16 * 16, state = (T->size + 15) / 16 * 16;
    size_t wstride = fpa__pad(head + state + 3 * (k ? k : 1) * sizeof(double));
    size_t cstride = fpa__pad((n + 2) * sizeof(uint64_t)) / sizeof(uint64_t);
    fpa__lines wblk, cblk;
    fpa_scenario_mc_result *res = NULL;
    double *base = fpa__alloc(&m, n * WC_NDRIVERS, sizeof *base, false);
    uint64_t *counts = fpa__alloc_lines(&m, &cblk, nblocks, cstride * sizeof *counts, false);
    unsigned char *w = fpa__alloc_lines(&m, &wblk, nw, wstride, false);
    mc_par *par = fpa__alloc(&m, k * n, sizeof *par, false);
    unsigned char *on = fpa__alloc(&m, k * n, 1, false);
    fpa_status st = FPA_ENOMEM;
    fpa__progress prog;
    if (!base || !counts || !w || !par || !on) goto done;
    st = new_result(&res, &m, paths, n, fan);
    if (st != FPA_OK) goto done;

    for (size_t t = 0; t < n; t++) wc__drivers_at(base + t * WC_NDRIVERS, plan, &lv, 1, t);
    for (size_t i = 0; i < k; i++)
        for (size_t t = 0; t < n; t++) {
            double p[3];
            on[i * n + t] = params_at(p, &mc->var[i], t);
            par[i * n + t] = on[i * n + t] ? derive(mc->var[i].dist, p) : (mc_par){0, 0, 0, 0};
        }
    for (unsigned i = 0; i < nw; i++) {
        unsigned char *p = w + (size_t)i * wstride;
        worker *wi = (worker *)(void *)p;
        wi->rng = (gsl_rng){T, p + head};
        wi->eps = (double *)(void *)(p + head + state);
        wi->z = wi->eps + (k ? k : 1);
        wi->x = wi->z + (k ? k : 1);
    }
    run_ctx c = {mc, plan, base, par, on, paths, n, k,
                 (uint32_t)splitmix64((uint64_t)fpa__opt(opts, FPA_OPT_SEED)),
                 cash_floor, w, wstride, res->end, res->min, res->fan, counts, cstride};
    /* progress: one unit per block of paths, then one per sorted row */
    size_t jobs = 2 + (fan ? n : 0);
    st = fpa__progress_begin(&prog, opts, nblocks + jobs);
    if (st == FPA_OK) st = fpa__parallel_for_p(opts, nblocks, run_block, &c, &prog);
    if (st != FPA_OK) goto done;
    for (size_t b = 0; b < nblocks; b++) {
        for (size_t t = 0; t <= n; t++) res->breach[t] += counts[b * cstride + t];
        res->clamped += counts[b * cstride + n + 1];
    }

    /* sort ending, minimum and every fan row, in parallel */
    unsigned sw = fpa__threads(opts, jobs);
    sort_ctx s = {{res->end, res->min}, res->fan, paths, NULL, NULL, 0, 0};
    fpa__lines tblk, hblk;
    s.tmp = fpa__alloc_lines(&m, &tblk, sw, paths * sizeof *s.tmp, false);
    s.hist = fpa__alloc_lines(&m, &hblk, sw, PASSES * RADIX * sizeof *s.hist, false);
    s.tstride = fpa__pad(paths * sizeof *s.tmp) / sizeof *s.tmp;
    s.hstride = fpa__pad(PASSES * RADIX * sizeof *s.hist) / sizeof *s.hist;
    st = s.tmp && s.hist ? fpa__parallel_for_p(opts, jobs, sort_job, &s, &prog) : FPA_ENOMEM;
    fpa__free_lines(&m, &tblk);
    fpa__free_lines(&m, &hblk);
    if (st == FPA_OK) st = fpa__progress_end(&prog);
    if (st != FPA_OK) goto done;
    double se = 0, sm = 0;
    for (size_t i = 0; i < paths; i++) se += res->end[i], sm += res->min[i];
    res->mean_end = se / (double)paths;
    res->mean_min = sm / (double)paths;
    if (!fpa__finite(res->mean_end) || !fpa__finite(res->mean_min)) {
        st = fpa__fail(FPA_EOVERFLOW, "the mean cash is not finite");
        goto done;
    }
done:
    fpa__free(&m, base, n * WC_NDRIVERS, sizeof *base);
    fpa__free_lines(&m, &cblk);
    fpa__free_lines(&m, &wblk);
    fpa__free(&m, par, k * n, sizeof *par);
    fpa__free(&m, on, k * n, 1);
    if (st != FPA_OK) {
        fpa_scenario_mc_result_free(res);
        return st;
    }
    *out = res;
    return FPA_OK;
}

/* ---- reading the result ---------------------------------------------------- */

size_t fpa_scenario_mc_paths(const fpa_scenario_mc_result *res)
{
    return res ? res->paths : 0;
}

uint64_t fpa_scenario_mc_clamped(const fpa_scenario_mc_result *res)
{
    return res ? res->clamped : 0;
}

static fpa_status pick(const double **out, const fpa_scenario_mc_result *res,
                       int stat)
{
    TRY(fpa__check_ptr(res, "res"));
    if (stat == FPA_MC_ENDING_CASH) *out = res->end;
    else if (stat == FPA_MC_MIN_CASH) *out = res->min;
    else return fpa__fail(FPA_EINVAL, "stat %d is not an fpa_scenario_mc_stat", stat);
    return FPA_OK;
}

static fpa_status check_p(double p)
{
    if (p >= 0 && p <= 1) return FPA_OK;
    return fpa__fail(FPA_EDOM, "p is %.17g; must be in [0, 1]", p);
}

fpa_status fpa_scenario_mc_quantile(double *out, const fpa_scenario_mc_result *res,
                                    fpa_scenario_mc_stat stat, double p)
{
    const double *x = NULL;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&x, res, (int)stat));
    TRY(check_p(p));
    *out = gsl_stats_quantile_from_sorted_data(x, 1, res->paths, p);
    return FPA_OK;
}

fpa_status fpa_scenario_mc_mean(double *out, const fpa_scenario_mc_result *res,
                                fpa_scenario_mc_stat stat)
{
    const double *x = NULL;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&x, res, (int)stat));
    *out = x == res->end ? res->mean_end : res->mean_min;
    return FPA_OK;
}

fpa_status fpa_scenario_mc_sorted(double *out, size_t cap,
                                  const fpa_scenario_mc_result *res,
                                  fpa_scenario_mc_stat stat)
{
    const double *x = NULL;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&x, res, (int)stat));
    if (cap < res->paths)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap,
                         res->paths);
    memcpy(out, x, res->paths * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_scenario_mc_breach(double *out_any, double *out_by_period,
                                  size_t cap, const fpa_scenario_mc_result *res)
{
    TRY(fpa__check_ptr(res, "res"));
    if (!out_any && !out_by_period)
        return fpa__fail(FPA_EINVAL, "both outputs are NULL");
    if (out_by_period && cap < res->n)
        return fpa__fail(FPA_ESIZE, "out_by_period holds %zu values; %zu needed",
                         cap, res->n);
    double np = (double)res->paths;
    if (out_by_period)
        for (size_t t = 0; t < res->n; t++) out_by_period[t] = (double)res->breach[t] / np;
    if (out_any) *out_any = (double)res->breach[res->n] / np;
    return FPA_OK;
}

fpa_status fpa_scenario_mc_fan(double *out, size_t cap,
                               const fpa_scenario_mc_result *res, double p)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(res, "res"));
    if (!res->fan)
        return fpa__fail(FPA_EINVAL, "the simulation did not keep the fan "
                         "(FPA_OPT_SCENARIO_FAN was 0)");
    TRY(check_p(p));
    if (cap < res->n)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, res->n);
    for (size_t t = 0; t < res->n; t++)
        out[t] = gsl_stats_quantile_from_sorted_data(res->fan + t * res->paths, 1,
                                                     res->paths, p);
    return FPA_OK;
}
