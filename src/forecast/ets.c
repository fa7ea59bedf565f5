/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exponential smoothing as innovations state-space models (Hyndman, Koehler,
 * Ord & Snyder, "Forecasting with Exponential Smoothing", Springer 2008),
 * estimated the way R's forecast::ets() does by default: R's heuristic
 * initial states, maximum likelihood over smoothing parameters and initial
 * states jointly (Nelder-Mead, here NLopt's), parameters inside both the
 * usual and the admissible region, selection by AICc.
 *
 * Speed: the data are scaled to unit mean absolute value before fitting
 * (the models are scale-equivariant; the likelihood shifts by 2 n log c,
 * added back), the recursion is specialised per model class, the seasonal
 * states live in a ring buffer, and the likelihood loop allocates nothing.
 * NLopt allocates its simplex with malloc() and reports a failure. */
#include "fc.h"

#include <gsl/gsl_fit.h>
#include <string.h>

#define PENALTY 1e12
#define TOL 1e-10
#define HUGEN 1e10

/* R's default bounds ("both"): alpha, beta, gamma, phi. */
static const double LOWER[4] = {1e-4, 1e-4, 1e-4, 0.8};
static const double UPPER[4] = {0.9999, 0.9999, 0.9999, 0.98};

size_t fc_ets_nstate(const fc_ets_spec *s, int m)
{
    return (size_t)(1 + (s->trend != FC_N) + (s->season != FC_N ? m : 0));
}

void fc_ets_name(char *buf, size_t cap, const fc_ets_spec *s)
{
    static const char code[] = "NAM";
    snprintf(buf, cap, "ETS(%c,%c%s,%c)", code[s->error], code[s->trend],
             s->damped ? "d" : "", code[s->season]);
}

/* ---- the recursion -------------------------------------------------------
 * One pass over the data from initial states x0 (R's layout: l, b, s1..sm,
 * s1 the most recent). Returns R's -2 log-likelihood up to a constant:
 * n log(sum e^2) + 2 sum log|yhat| for multiplicative errors. Optional
 * outputs: errors e, fitted values f, final states xn. Written once and
 * instantiated per (error, trend, season) so the inner loop has no
 * model branches. */
#define CHUNK 256
static inline __attribute__((always_inline)) double
run(const double *y, size_t n, int m, const int E, const int T, const int S,
    double alpha, double beta, double gamma, double phi, const double *x0,
    double *e_out, double *f_out, double *xn)
{
    /* Seasonal states in a linear buffer, oldest first: step i reads
     * sb[i] and writes sb[i + m], so there is no modular index; every
     * CHUNK steps the last m are moved to the front. */
    double l = x0[0], sb[CHUNK + FC_MAX_SEASON];
    const double *s0 = x0 + 1 + (T != 0);
    /* R's update, l' = q + alpha (p - q) and b' = phi b + (beta / alpha)
     * (l' - l - phi b) with q = l + phi b, rewritten exactly as
     * d = p - q, l' = q + alpha d, phi b' = phi (phi b) + phi beta d:
     * the next q no longer waits for l' to reach b', which shortens the
     * loop's dependency chain by a third (the values agree with R's to
     * rounding, tests/test_forecast.c). B below is phi b. */
    double B = T ? phi * x0[1] : 0;
    const double pb = T ? phi * beta : 0;
    const size_t ms = S ? (size_t)m : 0;
    for (size_t j = 0; j < ms; j++) sb[j] = s0[ms - 1 - j];
    double sse = 0, pf = 1, lsum = 0;
    for (size_t t0 = 0; t0 < n; t0 += CHUNK) {
        size_t len = n - t0 < CHUNK ? n - t0 : CHUNK;
        const double *yc = y + t0;
        for (size_t i = 0; i < len; i++) {
            double yt = yc[i];
            double q = T ? l + B : l;
            double so = S ? sb[i] : 0, f, e, p, tt = 0;
            if (S == FC_M) {
                /* two divisions where R's formulas take three */
                double iso = fabs(so) < TOL ? HUGEN : 1 / so;
                tt = fabs(q) < TOL ? HUGEN : yt / q;
                p = fabs(so) < TOL ? HUGEN : yt * iso;
                f = q * so;
                e = E == FC_A ? yt - f : tt * iso - 1;
            } else {
                f = S == FC_A ? q + so : q;
                e = E == FC_A ? yt - f : (yt - f) / f;
                p = S == FC_A ? yt - so : yt;
                if (S == FC_A) tt = yt - q;
            }
            sse += e * e;
            if (E == FC_M) {
                /* sum log|f| as a product, taken to the log when it
                 * leaves [1e-100, 1e100] */
                pf *= fabs(f);
                if (FPA_UNLIKELY(pf > 1e100 || pf < 1e-100)) {
                    lsum += log(pf);
                    pf = 1;
                }
            }
            if (e_out) e_out[t0 + i] = e;
            if (f_out) f_out[t0 + i] = f;
            double d = p - q;
            l = q + alpha * d;
            if (T) B = phi * B + pb * d;
            if (S) sb[i + ms] = so + gamma * (tt - so);
        }
        if (S) memmove(sb, sb + len, ms * sizeof *sb);
    }
    if (xn) {
        xn[0] = l;
        if (T) xn[1] = B / phi;
        for (size_t j = 0; j < ms; j++) xn[(size_t)(1 + (T != 0)) + j] = sb[ms - 1 - j];
    }
    double lik = (double)n * log(sse);
    if (E == FC_M) lik += 2 * (lsum + log(pf));
    return lik;
}

/* The likelihood alone (the Nelder-Mead objective: no outputs, so the
 * stores vanish from the instantiated loops) and the full run. */
#define LIK_CASE(E, T, S)                                                     \
    case E * 9 + T * 3 + S:                                                   \
        return run(y, n, m, E, T, S, a, b, g, phi, x0, NULL, NULL, NULL)
#define RUN_CASE(E, T, S)                                                     \
    case E * 9 + T * 3 + S:                                                   \
        return run(y, n, m, E, T, S, a, b, g, phi, x0, e, f, xn)
#define ALL_CASES(C)                                                          \
    C(FC_A, FC_N, FC_N); C(FC_A, FC_N, FC_A); C(FC_A, FC_A, FC_N);            \
    C(FC_A, FC_A, FC_A); C(FC_M, FC_N, FC_N); C(FC_M, FC_N, FC_A);            \
    C(FC_M, FC_N, FC_M); C(FC_M, FC_A, FC_N); C(FC_M, FC_A, FC_A);            \
    C(FC_M, FC_A, FC_M)

static double lik_only(const fc_ets_spec *sp, const double *y, size_t n, int m,
                       double a, double b, double g, double phi,
                       const double *x0)
{
    switch (sp->error * 9 + sp->trend * 3 + sp->season) {
        ALL_CASES(LIK_CASE);
    default: return NAN;  /* A error with M season: never a candidate */
    }
}

static double run_any(const fc_ets_spec *sp, const double *y, size_t n, int m,
                      double a, double b, double g, double phi,
                      const double *x0, double *e, double *f, double *xn)
{
    switch (sp->error * 9 + sp->trend * 3 + sp->season) {
        ALL_CASES(RUN_CASE);
    default: return NAN;
    }
}

/* ---- admissible region ----------------------------------------------------
 * Whether every root of sum_{k<=d} a[k] z^k (a[d] != 0) lies within modulus
 * rho, by the Schur-Cohn step-down recursion on p(rho z). A stability test,
 * not a root finder: O(d^2) flops, no allocation, and unlike GSL's
 * companion-matrix solver it has no convergence failure (which would reach
 * GSL's aborting error handler). */
static bool roots_inside(const double *a, int d, double rho)
{
    double buf[2][FC_MAX_SEASON + 3], r = 1, *c = buf[0], *t = buf[1];
    for (int k = 0; k <= d; k++, r *= rho) c[k] = a[k] * r;
    for (int deg = d; deg > 0; deg--) {
        /* step-down, fraction-free: the comparison needs no division,
         * and the rescaling by 1 / lead runs beside the update rather
         * than before it */
        double lead = c[deg], c0 = c[0];
        if (!(fabs(c0) < fabs(lead))) return false;
        double inv = 1 / lead;
        for (int j = 0; j < deg; j++)
            t[j] = (lead * c[j + 1] - c0 * c[deg - 1 - j]) * inv;
        double *x = c;
        c = t;
        t = x;
    }
    return true;
}

static bool within(double x, double lo, double hi) { return x >= lo && x <= hi; }

/* R's check.param() with bounds = "both": the usual bounds, then the
 * admissible (forecastable) region. */
static bool feasible(const fc_ets_spec *sp, int m, double a, double b, double g,
                     double phi)
{
    bool season = sp->season != FC_N;
    if (!within(a, LOWER[0], UPPER[0])) return false;
    if (sp->trend && !within(b, LOWER[1], a < UPPER[1] ? a : UPPER[1])) return false;
    if (sp->damped && !within(phi, LOWER[3], UPPER[3])) return false;
    if (season && !within(g, LOWER[2], 1 - a < UPPER[2] ? 1 - a : UPPER[2])) return false;
    if (!season || m <= 1) return true;
    /* admissible(): within the usual bounds only the characteristic roots
     * of seasonal models can fail (the linear inequalities R checks first
     * are implied); non-seasonal models are always admissible there.
     * z^(m+1) + (a+b-phi) z^m + (a+b-a phi) (z^(m-1)+...+z^2)
     *   + (a+b-a phi+g-1) z + phi (1-a-g): the polynomial R hands polyroot */
    double P[FC_MAX_SEASON + 2];
    P[m + 1] = 1;
    P[m] = a + b - phi;
    for (int k = 2; k <= m - 1; k++) P[k] = a + b - a * phi;
    P[1] = a + b - a * phi + g - 1;
    P[0] = phi * (1 - a - g);
    return roots_inside(P, m + 1, 1 + 1e-10);
}

/* ---- initial states (R's initstate()) ------------------------------------ */

typedef struct {
    const double *y;  /* scaled data */
    size_t n;
    int period;
    double *work;     /* 6 n + 16 doubles */
    const fpa_mem *mem;
    int restarts;     /* extra Nelder-Mead restarts of seasonal models */
    bool have[2][3];
    double x0[2][3][FC_MAX_STATE];
} ets_prep;

static fpa_status seasonal_start(ets_prep *p, int season, double *seas,
                                 double *ysa)
{
    size_t n = p->n, m = (size_t)p->period;
    const double *y = p->y;
    double *w = p->work;
    if (n < 3 * m) {
        /* regression on a linear trend and one Fourier pair */
        double *X = w, beta[4], sse;
        size_t nc = m == 2 ? 3 : 4;  /* sin(pi t) vanishes for m = 2 */
        for (size_t t = 0; t < n; t++) {
            double tt = (double)(t + 1), *row = X + t * nc;
            row[0] = 1;
            row[1] = tt;
            row[2] = cos(2 * M_PI * tt / (double)m);
            if (nc == 4) row[3] = sin(2 * M_PI * tt / (double)m);
        }
        if (!fc_lsq(beta, X, y, n, nc, w + 4 * n, &sse))
            return fpa__fail(FPA_EDATA, "seasonal start: singular regression");
        for (size_t t = 0; t < n; t++) {
            double tr = beta[0] + beta[1] * (double)(t + 1);
            seas[t] = season == FC_A ? y[t] - tr : y[t] / tr;
        }
    } else {
        double fig[FC_MAX_SEASON];
        fpa_status st = fc_decompose(fig, NULL, y, n, m, season == FC_M, p->mem);
        if (st != FPA_OK) return st;
        for (size_t t = 0; t < n; t++) seas[t] = fig[t % m];
    }
    for (size_t t = 0; t < n; t++)
        ysa[t] = season == FC_A ? y[t] - seas[t]
                                : y[t] / (seas[t] > 0.01 ? seas[t] : 0.01);
    return FPA_OK;
}

static fpa_status initial_states(const double **out, ets_prep *p, int trend,
                                 int season)
{
    int ti = trend != FC_N;
    double *x0 = p->x0[ti][season];
    *out = x0;
    if (p->have[ti][season]) return FPA_OK;
    size_t n = p->n, m = season ? (size_t)p->period : 1;
    const double *ysa = p->y;
    double *seas = p->work + 5 * p->n, *adj = p->work + 4 * p->n;
    size_t is = 1 + (size_t)ti;
    if (season) {
        if (n < 4) return fpa__fail(FPA_EDATA, "too few values");
        fpa_status st = seasonal_start(p, season, seas, adj);
        if (st != FPA_OK) return st;
        /* s1..s(m-1) = seasonal[m], ..., seasonal[2]; sm is implied */
        double sum = 0;
        for (size_t j = 0; j + 1 < m; j++) {
            double v = seas[m - 1 - j];
            if (season == FC_M && v < 0.01) v = 0.01;
            x0[is + j] = v;
            sum += v;
        }
        if (season == FC_M && sum > (double)m)
            for (size_t j = 0; j + 1 < m; j++)
                x0[is + j] /= sum + 0.01 * (double)(m - 1);
        ysa = adj;
    }
    size_t maxn = 2 * m > 10 ? 2 * m : 10;
    if (maxn > n) maxn = n;
    if (!ti) {
        double s = 0;
        for (size_t t = 0; t < maxn; t++) s += ysa[t];
        x0[0] = s / (double)maxn;
    } else {
        double *tt = p->work + 3 * p->n, c0, c1, v00, v01, v11, sse;
        for (size_t t = 0; t < maxn; t++) tt[t] = (double)(t + 1);
        gsl_fit_linear(tt, 1, ysa, 1, maxn, &c0, &c1, &v00, &v01, &v11, &sse);
        if (fabs(c0 + c1) < 1e-8) {
            c0 *= 1 + 0.001;
            c1 *= 1 - 0.001;
        }
        x0[0] = c0;
        x0[1] = c1;
    }
    p->have[ti][season] = true;
    return FPA_OK;
}

/* ---- estimation ------------------------------------------------------------
 * R's etsmodel(): Nelder-Mead over the smoothing parameters and the initial
 * states from R's starting point and initial simplex, minimising R's
 * -2 log-likelihood, with every point outside the region worth the same
 * penalty (R returns Inf, which its simplex reads as 1e35). The simplex is
 * NLopt's (fc_minimise()), not R's own nmmin(), which NLopt does not have:
 * the two take different steps, which is most of what still separates the
 * models and forecasts of libfpa and R (docs/forecast.md, bench/README.md).
 *
 * R's simplex depends on the units of the data: its first steps are 10 %
 * of the largest parameter in the data's units (the level, mostly), on
 * every coordinate, the smoothing parameters included, so that they start
 * far outside their bounds for data in the thousands and inside for data
 * near 1. libfpa takes R's simplex of the data scaled to a mean absolute
 * value of REF_UNIT, whatever their units, so that a series in euros or in
 * thousands of euros gets the same model; REF_UNIT is the order of the M1
 * series' median size, where R's choices are matched best.
 *
 * The budget: R stops after 2000 evaluations, which seasonal models
 * always reach (their 6-17 coordinates are not pinned down by then, in
 * either implementation); MAXEVAL evaluations matched R's models as often
 * as 800 or 2000 (bench/README.md), forecast as well, and cost a third of
 * 2000's time. Non-seasonal models converge long before. ets_restarts
 * (option forecast.ets_restarts) restarts seasonal models from their
 * optimum, for users who want the likelihood at some cost. */
#define REF_UNIT 500.0
#define MAXEVAL 600
#define RELTOL 1.4901161193847656e-08 /* R's sqrt(.Machine$double.eps) */

typedef struct {
    const double *y;
    size_t n;
    int m;
    fc_ets_spec sp;
    int ib, ig, iphi, nsm, nfree;
} objective_ctx;

/* Fill x0 (R layout) from the free parameters; false when a multiplicative
 * seasonal state is negative (R returns Inf). */
static bool unpack_states(const objective_ctx *c, const double *v, double *x0)
{
    int is = 1 + (c->sp.trend != FC_N);
    for (int i = 0; i < c->nfree; i++) x0[i] = v[c->nsm + i];
    if (c->sp.season == FC_N) return true;
    double sum = 0;
    for (int j = 0; j < c->m - 1; j++) sum += x0[is + j];
    x0[is + c->m - 1] = (c->sp.season == FC_M ? c->m : 0) - sum;
    if (c->sp.season == FC_M)
        for (int j = 0; j < c->m; j++)
            if (x0[is + j] < 0) return false;
    return true;
}

static void unpack_params(const objective_ctx *c, const double *v, double *a,
                          double *b, double *g, double *phi)
{
    *a = v[0];
    *b = c->ib >= 0 ? v[c->ib] : 0;
    *g = c->ig >= 0 ? v[c->ig] : 0;
    *phi = c->iphi >= 0 ? v[c->iphi] : 1;
}

static double objective(unsigned dim, const double *v, double *grad, void *vctx)
{
    const objective_ctx *c = vctx;
    double x0[FC_MAX_STATE], a, b, g, phi;
    (void)dim;
    (void)grad;
    unpack_params(c, v, &a, &b, &g, &phi);
    if (!feasible(&c->sp, c->m, a, b, g, phi) || !unpack_states(c, v, x0))
        return PENALTY;
    double lik = lik_only(&c->sp, c->y, c->n, c->m, a, b, g, phi, x0);
    if (isnan(lik) || lik == INFINITY) return PENALTY;
    return lik < -1e10 ? -1e10 : lik;  /* R's guard against perfect fits */
}

/* R's initparam() with bounds "both". */
static void start_params(double *v, const objective_ctx *c)
{
    double up[4];
    memcpy(up, UPPER, sizeof up);
    int k = 0;
    double a = LOWER[0] + 0.2 * (up[0] - LOWER[0]) / c->m;
    if (a > 1 || a < 0) a = LOWER[0] + 0.002;
    v[k++] = a;
    if (c->sp.trend != FC_N) {
        if (up[1] > a) up[1] = a;
        double b = LOWER[1] + 0.1 * (up[1] - LOWER[1]);
        if (b < 0 || b > a) b = a - 0.001;
        v[k++] = b;
    }
    if (c->sp.season != FC_N) {
        if (up[2] > 1 - a) up[2] = 1 - a;
        double g = LOWER[2] + 0.05 * (up[2] - LOWER[2]);
        if (g < 0 || g > 1 - a) g = 1 - a - 0.001;
        v[k++] = g;
    }
    if (c->sp.damped) v[k++] = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]);
}

/* R's first simplex (nmmin(): every step 10 % of the largest parameter) in
 * the units REF_UNIT gives the level, slope and additive seasonal states. */
static void start_steps(double *step, const double *v, const objective_ctx *c)
{
    int np = c->nsm + c->nfree, is = c->nsm + 1 + (c->sp.trend != FC_N);
    double big = 0, unit[4 + FC_MAX_STATE];
    for (int i = 0; i < np; i++) {
        unit[i] = i < c->nsm || (c->sp.season == FC_M && i >= is) ? 1 : REF_UNIT;
        if (fabs(v[i]) * unit[i] > big) big = fabs(v[i]) * unit[i];
    }
    for (int i = 0; i < np; i++) step[i] = (big > 0 ? 0.1 * big : 0.1) / unit[i];
}

/* Steps for a restart from x: 10 % of each coordinate, within the box of
 * the smoothing parameters (lo..hi), at most a quarter of its width. */
static void restart_steps(double *step, double *lo, double *hi, const double *x,
                          const objective_ctx *c)
{
    int np = c->nsm + c->nfree;
    for (int i = 0; i < np; i++) {
        int which = i == 0 ? 0 : i == c->ib ? 1 : i == c->ig ? 2 : i == c->iphi ? 3 : -1;
        lo[i] = which >= 0 ? LOWER[which] : -HUGE_VAL;
        hi[i] = which >= 0 ? UPPER[which] : HUGE_VAL;
        double s = 0.1 * fabs(x[i]) + 1e-3, w = (hi[i] - lo[i]) / 4;
        step[i] = s < w ? s : w;
    }
}

/* R's stopping rule: the simplex's values within sqrt(eps) (|f0| + sqrt(eps))
 * of each other, f0 the starting value in REF_UNIT units. Then restarts
 * from the optimum while they improve: one for non-seasonal models, whose
 * flat penalty leaves the simplex stalled on the edges of the region (phi
 * at 0.98, beta at alpha: WWWusage's ETS(A,Ad,N) stops 3 AICc short of
 * R's), which a simplex pinned to the box of the smoothing parameters
 * then slides along; `restarts` for seasonal ones (forecast.ets_restarts). */
static fpa_status minimise(double *x, double *fmin, objective_ctx *c,
                           int restarts)
{
    size_t dim = (size_t)(c->nsm + c->nfree);
    double best = INFINITY, xb[4 + FC_MAX_STATE], step[4 + FC_MAX_STATE],
           lo[4 + FC_MAX_STATE], hi[4 + FC_MAX_STATE];
    double shift = 2 * (double)c->n * log(REF_UNIT);
    if (c->sp.season == FC_N) restarts = 1;
    for (int k = 0; k <= restarts; k++) {
        double f, f0 = objective((unsigned)dim, x, NULL, c);
        fc_nm_stop stop = {RELTOL * (fabs(f0 + shift) + RELTOL), 0, MAXEVAL, NULL, NULL};
        if (k == 0) {
            start_steps(step, x, c);
        } else {
            restart_steps(step, lo, hi, x, c);
            stop.lo = lo;
            stop.hi = hi;
        }
        fpa_status st = fc_minimise(x, &f, step, dim, objective, c, stop);
        if (st != FPA_OK) return st;
        if (k > 0 && !(f < best - 1e-6 * (fabs(best) + 1))) break;
        best = f;
        memcpy(xb, x, dim * sizeof *x);
    }
    memcpy(x, xb, dim * sizeof *x);
    *fmin = best;
    return FPA_OK;
}

static fpa_status fit_prepared(fc_ets *out, double *fitted, ets_prep *p,
                               double scale, fc_ets_spec sp)
{
    size_t n = p->n;
    int m = sp.season != FC_N ? p->period : 1;
    objective_ctx c = {p->y, n, m, sp, -1, -1, -1, 1, 0};
    if (sp.trend != FC_N) c.ib = c.nsm++;
    if (sp.season != FC_N) c.ig = c.nsm++;
    if (sp.damped) c.iphi = c.nsm++;
    c.nfree = 1 + (sp.trend != FC_N) + (sp.season != FC_N ? m - 1 : 0);
    int np = c.nsm + c.nfree;
    if ((size_t)np + 1 >= n)
        return fpa__fail(FPA_EDATA, "%d parameters need more than %zu values",
                         np, n);
    const double *x0;
    fpa_status st = initial_states(&x0, p, sp.trend, sp.season);
    if (st != FPA_OK) return st;

    double v[4 + FC_MAX_STATE], lik = INFINITY;
    start_params(v, &c);
    memcpy(v + c.nsm, x0, (size_t)c.nfree * sizeof *v);
    st = minimise(v, &lik, &c, p->restarts);
    if (st != FPA_OK) return st;

    double a, b, g, phi, x[FC_MAX_STATE];
    unpack_params(&c, v, &a, &b, &g, &phi);
    if (lik >= PENALTY || !unpack_states(&c, v, x))
        return fpa__fail(FPA_ENOCONV, "no admissible parameters found");
    double *e = p->work, *f = p->work + n, xn[FC_MAX_STATE];
    lik = run_any(&sp, p->y, n, m, a, b, g, phi, x, e, f, xn);
    if (isnan(lik) || lik == INFINITY)
        return fpa__fail(FPA_ENOCONV, "likelihood not finite");
    if (lik < -1e10) lik = -1e10;  /* a perfect fit (sse = 0), as R's lik() */

    /* back to the data's scale */
    size_t ns = fc_ets_nstate(&sp, m);
    size_t is = 1 + (sp.trend != FC_N);
    for (size_t i = 0; i < ns; i++) {
        double k = i < is || sp.season == FC_A ? scale : 1;
        out->x0[i] = x[i] * k;
        out->xn[i] = xn[i] * k;
    }
    double sse = 0;
    for (size_t t = 0; t < n; t++) {
        double et = sp.error == FC_A ? e[t] * scale : e[t];
        sse += et * et;
        if (fitted) fitted[t] = f[t] * scale;
    }
    out->spec = sp;
    out->m = m;
    out->alpha = a;
    out->beta = b;
    out->gamma = g;
    out->phi = phi;
    out->npar = np;
    out->lik = lik + 2 * (double)n * log(scale);
    double k = np + 1, dn = (double)n;
    out->aic = out->lik + 2 * k;
    out->bic = out->lik + log(dn) * k;
    out->aicc = dn - k - 1 > 0 ? out->aic + 2 * k * (k + 1) / (dn - k - 1)
                               : INFINITY;
    out->sigma2 = sse / (dn - np);
    out->mse = sse / dn;
    return FPA_OK;
}

/* Scaled copy of y and the scratch the fit needs, in one block. */
static fpa_status prepare(ets_prep *p, double **block, double *scale,
                          const double *y, size_t n, size_t period,
                          const fpa_mem *mem)
{
    double mx = 0, s = 0;
    for (size_t t = 0; t < n; t++)
        if (fabs(y[t]) > mx) mx = fabs(y[t]);
    for (size_t t = 0; t < n; t++) s += fabs(y[t]) / mx;
    *scale = mx > 0 ? s / (double)n * mx : 1;
    *block = fpa__alloc(mem, 7 * n + 16, sizeof **block, false);
    if (!*block) return FPA_ENOMEM;
    double *ys = *block;
    for (size_t t = 0; t < n; t++) ys[t] = y[t] / *scale;
    memset(p, 0, sizeof *p);
    p->y = ys;
    p->n = n;
    p->period = (int)period;
    p->work = ys + n;
    p->mem = mem;
    return FPA_OK;
}

static fpa_status check_spec(fc_ets_spec sp, const double *y, size_t n,
                             size_t period)
{
    if (sp.error == FC_A && sp.season == FC_M)
        return fpa__fail(FPA_EINVAL, "additive errors with multiplicative "
                         "seasonality are excluded (unstable)");
    if (sp.season != FC_N && (period <= 1 || period > FC_MAX_SEASON))
        return fpa__fail(FPA_EDATA, "seasonal ETS needs a period of 2 to %d "
                         "(period is %zu)", FC_MAX_SEASON, period);
    if (sp.season != FC_N && n <= period)
        return fpa__fail(FPA_EDATA, "seasonal ETS needs more than one season "
                         "of data (%zu values, period %zu)", n, period);
    if (sp.error == FC_M || sp.season == FC_M)
        for (size_t t = 0; t < n; t++)
            if (!(y[t] > 0))
                return fpa__fail(FPA_EDATA, "multiplicative ETS needs positive "
                                 "data; y[%zu] is %g", t, y[t]);
    return FPA_OK;
}

fpa_status fc_ets_fit(fc_ets *out, double *fitted, const double *y, size_t n,
                      size_t period, fc_ets_spec spec, const fpa_mem *mem)
{
    fpa_status st = check_spec(spec, y, n, period);
    if (st != FPA_OK) return st;
    ets_prep p;
    double *block, scale;
    st = prepare(&p, &block, &scale, y, n, period, mem);
    if (st != FPA_OK) return st;
    st = fit_prepared(out, fitted, &p, scale, spec);
    fpa__free(mem, block, 7 * n + 16, sizeof *block);
    return st;
}

fpa_status fc_ets_build(fc_ets *out, double *fitted, const double *y, size_t n,
                        size_t period, fc_ets_spec sp, const double *par,
                        const double *x0)
{
    fpa_status st = check_spec(sp, y, n, period);
    if (st != FPA_OK) return st;
    int m = sp.season != FC_N ? (int)period : 1;
    size_t ns = fc_ets_nstate(&sp, m);
    double xn[FC_MAX_STATE];
    fc_ets e = {0};
    e.spec = sp;
    e.m = m;
    e.alpha = par[0];
    e.beta = sp.trend ? par[1] : 0;
    e.gamma = sp.season ? par[2] : 0;
    e.phi = sp.damped ? par[3] : 1;
    memcpy(e.x0, x0, ns * sizeof *x0);
    /* the recursion on unscaled data here: nothing is searched */
    double sse = 0, *f = fitted;
    double lik = run_any(&sp, y, n, m, e.alpha, e.beta, e.gamma, e.phi, x0,
                         NULL, f, xn);
    for (size_t t = 0; t < n; t++) {
        double et = sp.error == FC_A ? y[t] - f[t] : (y[t] - f[t]) / f[t];
        sse += et * et;
    }
    if (!fpa__finite(lik) || !fpa__finite(sse))
        return fpa__fail(FPA_EOVERFLOW, "the likelihood is not finite for "
                         "these parameters and states");
    memcpy(e.xn, xn, ns * sizeof *xn);
    int np = 1 + (sp.trend != FC_N) + (sp.season != FC_N) + sp.damped +
             (int)ns - (sp.season != FC_N);
    double k = np + 1, dn = (double)n;
    e.npar = np;
    e.lik = lik;
    e.aic = lik + 2 * k;
    e.bic = lik + log(dn) * k;
    e.aicc = dn - k - 1 > 0 ? e.aic + 2 * k * (k + 1) / (dn - k - 1) : INFINITY;
    e.sigma2 = dn > np ? sse / (dn - np) : 0;
    e.mse = sse / dn;
    *out = e;
    return FPA_OK;
}

static double criterion(const fc_ets *e, int ic)
{
    return ic == FPA_FORECAST_IC_AIC ? e->aic
         : ic == FPA_FORECAST_IC_BIC ? e->bic : e->aicc;
}

fpa_status fc_ets_auto(fc_ets *out, double *fitted, const double *y, size_t n,
                       size_t period, const fc_settings *st,
                       const fpa_mem *mem, fc_ets *cands, double *weights,
                       size_t *ncands)
{
    static const int errors[] = {FC_A, FC_M}, trends[] = {FC_N, FC_A},
                     seasons[] = {FC_N, FC_A, FC_M};
    bool positive = true;
    for (size_t t = 0; t < n; t++)
        if (!(y[t] > 0)) positive = false;
    bool seasonal_ok = period > 1 && period <= FC_MAX_SEASON && n > period;
    ets_prep p;
    double *block, scale, *fits = NULL;
    size_t nf = cands ? FC_MAX_CANDIDATES : 1, k = 0;
    fpa_status s = prepare(&p, &block, &scale, y, n, period, mem);
    if (s != FPA_OK) return s;
    p.restarts = st->ets_restarts;
    if (fitted) {  /* the fitted values of every candidate kept */
        fits = fpa__alloc(mem, n * nf, sizeof *fits, false);
        if (!fits) {
            fpa__free(mem, block, 7 * n + 16, sizeof *block);
            return FPA_ENOMEM;
        }
    }
    double best = INFINITY, ic[FC_MAX_CANDIDATES];
    for (int ie = 0; ie < 2; ie++)
        for (int it = 0; it < 2; it++)
            for (int is = 0; is < 3; is++)
                for (int id = 1; id >= 0; id--) {
                    fc_ets_spec sp = {errors[ie], trends[it], seasons[is], id};
                    if (sp.trend == FC_N && sp.damped) continue;
                    if (sp.error == FC_A && sp.season == FC_M) continue;
                    if (sp.error == FC_M && !positive) continue;
                    if (sp.season != FC_N && !seasonal_ok) continue;
                    if (st->ets_error != FPA_ETS_AUTO &&
                        sp.error != (st->ets_error == FPA_ETS_ADDITIVE ? FC_A : FC_M))
                        continue;
                    if (st->ets_trend != FPA_ETS_AUTO &&
                        (sp.trend != (st->ets_trend == FPA_ETS_NONE ? FC_N : FC_A) ||
                         sp.damped != (st->ets_trend == FPA_ETS_DAMPED)))
                        continue;
                    if (st->ets_season != FPA_ETS_AUTO &&
                        sp.season != (st->ets_season == FPA_ETS_NONE ? FC_N
                                      : st->ets_season == FPA_ETS_ADDITIVE ? FC_A
                                                                           : FC_M))
                        continue;
                    fc_ets cand;
                    size_t slot = cands ? k : 0;
                    fpa_status r = fit_prepared(&cand, fits ? fits + slot * n : NULL,
                                                &p, scale, sp);
                    if (r == FPA_ENOMEM) {
                        s = r;
                        goto done;
                    }
                    double v = r == FPA_OK ? criterion(&cand, st->ic) : INFINITY;
                    if (!fpa__finite(v)) continue;
                    if (cands) {
                        cands[k] = cand;
                        ic[k] = v;
                    }
                    if (v < best) {
                        best = v;
                        *out = cand;
                        if (fitted && !cands) memcpy(fitted, fits, n * sizeof *fitted);
                    }
                    k++;
                }
    if (best == INFINITY) {
        s = fpa__fail(FPA_EDATA, "no ETS model can be fitted to %zu values", n);
        goto done;
    }
    if (cands) {
        /* Akaike weights exp(-delta/2), normalised (Burnham & Anderson
         * 2002, 2.9); the fitted values averaged with them */
        double sum = 0;
        for (size_t i = 0; i < k; i++) sum += weights[i] = exp(-0.5 * (ic[i] - best));
        for (size_t i = 0; i < k; i++) weights[i] /= sum;
        for (size_t t = 0; fitted && t < n; t++) {
            double f = 0;
            for (size_t i = 0; i < k; i++) f += weights[i] * fits[i * n + t];
            fitted[t] = f;
        }
        *ncands = k;
    }
done:
    fpa__free(mem, fits, n * nf, sizeof *fits);
    fpa__free(mem, block, 7 * n + 16, sizeof *block);
    return s;
}

/* ---- forecasting ------------------------------------------------------------ */

void fc_ets_point(const fc_ets *e, double *out, size_t h)
{
    const fc_ets_spec *sp = &e->spec;
    int m = e->m, is = 1 + (sp->trend != FC_N);
    double l = e->xn[0], b = sp->trend ? e->xn[1] : 0, phistar = e->phi;
    for (size_t i = 0; i < h; i++) {
        double f = sp->trend ? l + phistar * b : l;
        if (sp->season) {
            double s = e->xn[is + (m - 1 - (int)(i % (size_t)m))];
            f = sp->season == FC_A ? f + s : f * s;
        }
        out[i] = f;
        phistar += fabs(e->phi - 1) < TOL ? 1 : pow(e->phi, (double)(i + 2));
    }
}

/* ---- forecast distributions (Hyndman et al. 2008, ch. 6) ------------------
 * Class 1 (additive errors) and class 2 (multiplicative errors, additive
 * season) from c_j = w' F^(j-1) g; class 3 (multiplicative errors and
 * season) from the moment recursions of section 6.4. Two places differ
 * from R's forecast 8.20 on purpose, following the book (docs/forecast.md):
 * without a trend R puts gamma on the second seasonal state, which moves a
 * variance term from horizon km + 1 to km; and its class 3 ignores phi in
 * the level row, so its damped ETS(M,Ad,M) forecasts are undamped for one
 * step. */

/* r <- r F for the transition F of the state layout (l, b, s1..sm). */
static void times_f(double *r, const fc_ets *e)
{
    int is = 1 + (e->spec.trend != FC_N);
    if (e->spec.trend) r[1] = e->phi * (r[0] + r[1]);
    if (e->spec.season) {
        double first = r[is];
        for (int j = 0; j + 1 < e->m; j++) r[is + j] = r[is + j + 1];
        r[is + e->m - 1] = first;
    }
}

/* mu_j = w' F^(j-1) x_n and c_j = w' F^(j-1) g, j = 1..h. */
static void class1(const fc_ets *e, double *mu, double *c, size_t h)
{
    size_t p = fc_ets_nstate(&e->spec, e->m);
    int is = 1 + (e->spec.trend != FC_N);
    double r[FC_MAX_STATE] = {0}, g[FC_MAX_STATE] = {0};
    r[0] = 1;
    g[0] = e->alpha;
    if (e->spec.trend) {
        r[1] = e->phi;
        g[1] = e->beta;
    }
    if (e->spec.season) {
        r[p - 1] = 1;
        g[is] = e->gamma;
    }
    for (size_t j = 0; j < h; j++) {
        double m = 0, cj = 0;
        for (size_t i = 0; i < p; i++) {
            m += r[i] * e->xn[i];
            cj += r[i] * g[i];
        }
        mu[j] = m;
        c[j] = cj;
        times_f(r, e);
    }
}

/* Block helpers for class 3: a k x k matrix (k = q m) as m x m blocks of
 * q x q, multiplied by A (x) B with A either the seasonal shift F2 (block
 * row i takes block row i - 1, row 0 takes row m - 1) or the corner G2
 * (only block (0, m - 1), weight gamma). Y = (A (x) B) X or X (A (x) B)'. */
enum { SHIFT, CORNER };

static void lmul(double *Y, const double *X, int A, const double *B, int q,
                 int m, double gamma, bool add)
{
    int k = q * m;
    for (int i = 0; i < m; i++) {
        int src = A == SHIFT ? (i == 0 ? m - 1 : i - 1) : m - 1;
        double w = A == SHIFT ? 1 : (i == 0 ? gamma : 0);
        for (int a = 0; a < q; a++)
            for (int col = 0; col < k; col++) {
                double v = 0;
                if (w != 0)
                    for (int b = 0; b < q; b++)
                        v += B[a * q + b] * X[(src * q + b) * k + col];
                double *y = &Y[(i * q + a) * k + col];
                *y = add ? *y + w * v : w * v;
            }
    }
}

static void rmul(double *Y, const double *X, int A, const double *B, int q,
                 int m, double gamma, bool add)
{
    int k = q * m;
    for (int j = 0; j < m; j++) {
        int src = A == SHIFT ? (j == 0 ? m - 1 : j - 1) : m - 1;
        double w = A == SHIFT ? 1 : (j == 0 ? gamma : 0);
        for (int row = 0; row < k; row++)
            for (int a = 0; a < q; a++) {
                double v = 0;
                if (w != 0)
                    for (int b = 0; b < q; b++)
                        v += X[row * k + src * q + b] * B[a * q + b];
                double *y = &Y[row * k + j * q + a];
                *y = add ? *y + w * v : w * v;
            }
    }
}

static void class3(const fc_ets *e, double *mu, double *var, size_t h,
                   double *w)
{
    int q = 1 + (e->spec.trend != FC_N), m = e->m, k = q * m;
    double phi = e->phi, s2 = e->sigma2, a = e->alpha, b = e->beta;
    double F1[4], G1[4], H1[2] = {1, phi};
    if (q == 1) {
        F1[0] = 1;
        G1[0] = a;
    } else {
        F1[0] = 1, F1[1] = phi, F1[2] = 0, F1[3] = phi;
        G1[0] = a, G1[1] = a * phi, G1[2] = b, G1[3] = b * phi;
    }
    size_t kk = (size_t)k * (size_t)k;
    double *V = w, *FV = V + kk, *T = FV + kk, *W = T + kk, *KW = W + kk,
           *M = KW + kk, *M2 = M + k, *v = M2 + k;
    memset(V, 0, kk * sizeof *V);
    for (int j = 0; j < m; j++)          /* M = (l, b)' (s1..sm) */
        for (int i = 0; i < q; i++) M[j * q + i] = e->xn[i] * e->xn[q + j];
    for (size_t t = 0; t < h; t++) {
        double mt = 0, hv = 0;
        for (int i = 0; i < q; i++) {
            mt += H1[i] * M[(m - 1) * q + i];
            for (int j = 0; j < q; j++)
                hv += H1[i] * H1[j] * V[((m - 1) * q + i) * k + (m - 1) * q + j];
        }
        mu[t] = mt;
        var[t] = (1 + s2) * hv + s2 * mt * mt;
        if (t + 1 == h) break;
        memcpy(v, M, (size_t)k * sizeof *v);
        /* V <- F V F' + s2 (F V G' + G V F' + K (V + vv') K'
         *                   + s2 G (3 V + 2 vv') G') */
        lmul(FV, V, SHIFT, F1, q, m, 0, false);
        rmul(T, FV, SHIFT, F1, q, m, 0, false);          /* F V F' */
        rmul(KW, FV, CORNER, G1, q, m, e->gamma, false); /* F V G' */
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                T[i * k + j] += s2 * (KW[i * k + j] + KW[j * k + i]);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                W[i * k + j] = V[i * k + j] + v[i] * v[j];
        lmul(KW, W, CORNER, F1, q, m, e->gamma, false);  /* K W */
        lmul(KW, W, SHIFT, G1, q, m, 0, true);
        rmul(FV, KW, CORNER, F1, q, m, e->gamma, false); /* K W K' */
        rmul(FV, KW, SHIFT, G1, q, m, 0, true);
        for (size_t i = 0; i < kk; i++) T[i] += s2 * FV[i];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                W[i * k + j] = 3 * V[i * k + j] + 2 * v[i] * v[j];
        lmul(KW, W, CORNER, G1, q, m, e->gamma, false);
        rmul(FV, KW, CORNER, G1, q, m, e->gamma, false); /* G U G' */
        for (size_t i = 0; i < kk; i++) V[i] = T[i] + s2 * s2 * FV[i];
        /* M <- F1 M F2' + s2 G1 M G2' */
        for (int j = 0; j < m; j++) {
            int src = j == 0 ? m - 1 : j - 1;
            for (int i = 0; i < q; i++) {
                double x = 0;
                for (int l = 0; l < q; l++) {
                    x += F1[i * q + l] * v[src * q + l];
                    if (j == 0) x += s2 * e->gamma * G1[i * q + l] * v[(m - 1) * q + l];
                }
                M2[j * q + i] = x;
            }
        }
        memcpy(M, M2, (size_t)k * sizeof *M);
    }
}

size_t fc_ets_moments_work(const fc_ets *e, size_t h)
{
    size_t k = (size_t)(1 + (e->spec.trend != FC_N)) * (size_t)e->m;
    return 2 * h + (e->spec.error == FC_M && e->spec.season == FC_M
                        ? 5 * k * k + 3 * k : 0);
}

static bool moments(const fc_ets *e, double *mean, double *var, size_t h,
                    double *work);

bool fc_ets_moments(const fc_ets *e, double *mean, double *sd, size_t h,
                    double *work)
{
    /* on states divided by the level's magnitude, so that variances of
     * data near 1e150 and beyond do not overflow; means scale by c and
     * variances by c^2 (multiplicative seasonal states are ratios) */
    double c = fabs(e->xn[0]) > 0 && fpa__finite(e->xn[0]) ? fabs(e->xn[0]) : 1;
    fc_ets s = *e;
    size_t ns = fc_ets_nstate(&e->spec, e->m), is = 1 + (e->spec.trend != FC_N);
    for (size_t i = 0; i < ns; i++)
        if (i < is || e->spec.season == FC_A) s.xn[i] /= c;
    if (e->spec.error == FC_A) s.sigma2 /= c * c;
    if (!moments(&s, mean, sd, h, work)) return false;
    for (size_t j = 0; j < h; j++) {
        mean[j] *= c;
        sd[j] = sqrt(sd[j] > 0 ? sd[j] : 0) * c;
    }
    return true;
}

static bool moments(const fc_ets *e, double *mean, double *var, size_t h,
                    double *work)
{
    const fc_ets_spec *sp = &e->spec;
    double s2 = e->sigma2, *c = work, *th = work + h;
    if (sp->season == FC_M) {
        if (sp->error != FC_M) return false;
        class3(e, mean, var, h, work + 2 * h);
        return true;
    }
    class1(e, mean, c, h);
    if (sp->error == FC_A) {
        double acc = 1;
        for (size_t j = 0; j < h; j++) {
            var[j] = s2 * acc;
            acc += c[j] * c[j];
        }
        return true;
    }
    /* class 2: theta_j = mu_j^2 + s2 sum_{i<j} c_i^2 theta_(j-i) */
    for (size_t j = 0; j < h; j++) {
        double t = mean[j] * mean[j];
        for (size_t i = 1; i <= j; i++) t += s2 * c[i - 1] * c[i - 1] * th[j - i];
        th[j] = t;
        var[j] = (1 + s2) * t - mean[j] * mean[j];
    }
    return true;
}

void fc_ets_advance(fc_ets *e, const double *y, size_t n)
{
    double xn[FC_MAX_STATE];
    run_any(&e->spec, y, n, e->m, e->alpha, e->beta, e->gamma, e->phi, e->xn,
            NULL, NULL, xn);
    memcpy(e->xn, xn, sizeof xn);
}

void fc_ets_path(const fc_ets *e, double *out, size_t h, void *rng)
{
    /* each simulated value goes through the same state recursion */
    fc_ets x = *e;
    double sd = sqrt(e->sigma2);
    for (size_t i = 0; i < h; i++) {
        double f, eps = fc_rng_gaussian(rng, sd);
        fc_ets_point(&x, &f, 1);
        if (e->spec.error == FC_M && eps < -1) eps = -1;
        out[i] = e->spec.error == FC_A ? f + eps : f * (1 + eps);
        fc_ets_advance(&x, &out[i], 1);
    }
}
