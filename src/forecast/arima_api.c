/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARIMA in the model framework: drivers and specifications, fitting,
 * forecasts and their intervals, simulation, updates and accessors. */
#include "arima.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_cdf.h>
#include <string.h>

#define MAX_DRIVERS 1000

/* ---- drivers ------------------------------------------------------------------ */

struct fpa_forecast_drivers {
    fpa_mem mem;
    size_t rows, cols;
    double *v;
};

static fpa_status drivers_copy(fpa_forecast_drivers **out, const double *values,
                               size_t rows, size_t cols, const fpa_mem *mem)
{
    fpa_forecast_drivers *d = fpa__alloc(mem, 1, sizeof *d, false);
    if (!d) return FPA_ENOMEM;
    d->v = fpa__alloc(mem, rows * cols, sizeof *d->v, false);
    if (!d->v) {
        fpa__free(mem, d, 1, sizeof *d);
        return FPA_ENOMEM;
    }
    memcpy(d->v, values, rows * cols * sizeof *d->v);
    d->mem = *mem;
    d->rows = rows;
    d->cols = cols;
    *out = d;
    return FPA_OK;
}

fpa_status fpa_forecast_drivers_new(fpa_forecast_drivers **out, const double *values,
                                    size_t rows, size_t cols, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    if (!values) return fpa__fail(FPA_EINVAL, "values is NULL");
    if (rows == 0) return fpa__fail(FPA_EINVAL, "rows is 0");
    if (cols == 0 || cols > MAX_DRIVERS)
        return fpa__fail(FPA_EINVAL, "cols = %zu is outside 1..%d", cols, MAX_DRIVERS);
    size_t total;
    if (fpa__mul_overflows(rows, cols, &total))
        return fpa__fail(FPA_EINVAL, "rows x cols overflows");
    for (size_t i = 0; i < total; i++)
        if (!fpa__finite(values[i]))
            return fpa__fail(FPA_EDOM, "drivers: row %zu, column %zu is %s", i / cols,
                             i % cols, isnan(values[i]) ? "NaN" : "infinite");
    fpa_mem mem = fpa__mem_of(opts);
    return drivers_copy(out, values, rows, cols, &mem);
}

void fpa_forecast_drivers_free(fpa_forecast_drivers *d)
{
    if (!d) return;
    fpa_mem mem = d->mem;
    fpa__free(&mem, d->v, d->rows * d->cols, sizeof *d->v);
    fpa__free(&mem, d, 1, sizeof *d);
}

/* ---- specifications --------------------------------------------------------------- */

struct fpa_forecast_arima_spec {
    fpa_mem mem;
    fc_arima_request rq;
    fpa_forecast_drivers *drivers;
    double *coef;
};

fpa_status fpa_forecast_arima_spec_new(fpa_forecast_arima_spec **out, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    fpa_mem mem = fpa__mem_of(opts);
    fpa_forecast_arima_spec *s = fpa__alloc(&mem, 1, sizeof *s, true);
    *out = s;
    if (!s) return FPA_ENOMEM;
    s->mem = mem;
    return FPA_OK;
}

void fpa_forecast_arima_spec_free(fpa_forecast_arima_spec *s)
{
    if (!s) return;
    fpa_mem mem = s->mem;
    fpa_forecast_drivers_free(s->drivers);
    fpa__free(&mem, s->coef, s->rq.nfixed, sizeof *s->coef);
    fpa__free(&mem, s, 1, sizeof *s);
}

fpa_status fpa_forecast_arima_spec_set_order(fpa_forecast_arima_spec *s, size_t p,
                                             size_t d, size_t q, size_t P, size_t D,
                                             size_t Q)
{
    if (!s) return fpa__fail(FPA_EINVAL, "spec is NULL");
    const size_t v[6] = {p, d, q, P, D, Q}, max[6] = {30, 2, 30, 30, 2, 30};
    static const char *const name[6] = {"p", "d", "q", "P", "D", "Q"};
    for (int i = 0; i < 6; i++)
        if (v[i] > max[i])
            return fpa__fail(FPA_EINVAL, "%s = %zu exceeds %zu", name[i], v[i], max[i]);
    for (int i = 0; i < 6; i++) s->rq.order[i] = (int)v[i];
    s->rq.explicit_order = true;
    return FPA_OK;
}

fpa_status fpa_forecast_arima_spec_set_constant(fpa_forecast_arima_spec *s,
                                                fpa_arima_constant constant)
{
    if (!s) return fpa__fail(FPA_EINVAL, "spec is NULL");
    if ((unsigned)constant > FPA_ARIMA_CONSTANT_DRIFT)
        return fpa__fail(FPA_EINVAL, "constant %d is unknown", (int)constant);
    s->rq.constant = (int)constant;
    return FPA_OK;
}

fpa_status fpa_forecast_arima_spec_set_drivers(fpa_forecast_arima_spec *s,
                                               const fpa_forecast_drivers *drivers)
{
    if (!s) return fpa__fail(FPA_EINVAL, "spec is NULL");
    fpa_forecast_drivers *copy = NULL;
    if (drivers) TRY(drivers_copy(&copy, drivers->v, drivers->rows, drivers->cols, &s->mem));
    fpa_forecast_drivers_free(s->drivers);
    s->drivers = copy;
    return FPA_OK;
}

fpa_status fpa_forecast_arima_spec_set_coef(fpa_forecast_arima_spec *s, const double *coef,
                                            size_t n)
{
    if (!s) return fpa__fail(FPA_EINVAL, "spec is NULL");
    if (!coef && n) return fpa__fail(FPA_EINVAL, "coef is NULL");
    for (size_t i = 0; i < n; i++)
        if (isinf(coef[i])) return fpa__fail(FPA_EDOM, "coef[%zu] is infinite", i);
    double *c = NULL;
    if (coef && n) {
        c = fpa__alloc(&s->mem, n, sizeof *c, false);
        if (!c) return FPA_ENOMEM;
        memcpy(c, coef, n * sizeof *c);
    }
    fpa__free(&s->mem, s->coef, s->rq.nfixed, sizeof *s->coef);
    s->coef = c;
    s->rq.fixed = c;
    s->rq.nfixed = c ? n : 0;
    return FPA_OK;
}

/* ---- fitting -------------------------------------------------------------------------- */

/* R's checks of auto.arima(): no constant driver, and [1, drivers] of
 * full rank (smallest singular value above DBL_EPSILON times their sum). */
static fpa_status check_drivers(const double *x, size_t n, size_t k, const fpa_mem *mem)
{
    for (size_t j = 0; j < k; j++) {
        bool same = true;
        for (size_t t = 1; t < n && same; t++) same = x[t * k + j] == x[j];
        if (same)
            return fpa__fail(FPA_EDATA, "drivers: column %zu is constant (it would "
                             "duplicate the mean or vanish when differenced)", j);
    }
    size_t p = k + 1;
    if (n < p)
        return fpa__fail(FPA_EDATA, "drivers: %zu columns and a mean need more than "
                         "%zu values", k, n);
    double *A = fpa__alloc(mem, n * p + p * p + 2 * p, sizeof *A, false);
    if (!A) return FPA_ENOMEM;
    double *V = A + n * p, *S = V + p * p, *w = S + p;
    for (size_t t = 0; t < n; t++) {
        A[t * p] = 1;
        memcpy(A + t * p + 1, x + t * k, k * sizeof *A);
    }
    gsl_matrix_view Av = gsl_matrix_view_array(A, n, p), Vv = gsl_matrix_view_array(V, p, p);
    gsl_vector_view Sv = gsl_vector_view_array(S, p), wv = gsl_vector_view_array(w, p);
    gsl_linalg_SV_decomp(&Av.matrix, &Vv.matrix, &Sv.vector, &wv.vector);
    double sum = 0, min = INFINITY;
    for (size_t i = 0; i < p; i++) {
        sum += S[i];
        min = fmin(min, S[i]);
    }
    fpa__free(mem, A, n * p + p * p + 2 * p, sizeof *A);
    if (!(min / sum >= 2.220446049250313e-16))
        return fpa__fail(FPA_EDATA, "drivers: the matrix of the drivers and a constant "
                         "is singular (collinear drivers)");
    return FPA_OK;
}

fpa_status fpa_forecast_arima_fit(fpa_forecast_model **out,
                                  const fpa_forecast_arima_spec *spec, const double *y,
                                  size_t n, size_t period, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    if (!spec) return fpa__fail(FPA_EINVAL, "spec is NULL");
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    fc_settings st;
    TRY(fc_settings_read(&st, opts));
    fc_arima_request rq = spec->rq;
    const fpa_forecast_drivers *dr = spec->drivers;
    if (dr && dr->rows != n)
        return fpa__fail(FPA_EINVAL, "the drivers have %zu rows, the series %zu values",
                         dr->rows, n);
    if (!rq.explicit_order && (rq.nfixed || rq.constant == FPA_ARIMA_CONSTANT_MEAN ||
                               rq.constant == FPA_ARIMA_CONSTANT_DRIFT))
        return fpa__fail(FPA_EINVAL, "fixed coefficients, a mean or a drift need "
                         "explicit orders (use FPA_ARIMA_CONSTANT_INCLUDE)");
    fpa_mem mem = fpa__mem_of(opts);
    double *c;
    size_t nc, skipped = 0;
    TRY(fc_clean(&c, &nc, &skipped, y, n, st.max_gap, &mem));
    fpa_forecast_model *m;
    fpa_status s = fc_model_new(&m, FPA_FORECAST_ARIMA, c, nc, period, &st, &mem);
    fpa__free(&mem, c, nc, sizeof *c);
    if (s != FPA_OK) return s;
    if (dr) {
        rq.xreg = dr->v + skipped * dr->cols;
        rq.nxreg = dr->cols;
        s = check_drivers(rq.xreg, nc, rq.nxreg, &mem);
    }
    m->arima_req = &rq;
    if (s == FPA_OK) s = fc_model_estimate(m);
    m->arima_req = NULL;
    if (s != FPA_OK) {
        fpa_forecast_model_free(m);
        return s;
    }
    *out = m;
    return FPA_OK;
}

static int constant_of(int mode, int dd, bool explicit_order)
{
    switch (mode) {
    case FPA_ARIMA_CONSTANT_NONE: return FC_CONST_NONE;
    case FPA_ARIMA_CONSTANT_MEAN: return FC_CONST_MEAN;
    case FPA_ARIMA_CONSTANT_DRIFT: return FC_CONST_DRIFT;
    case FPA_ARIMA_CONSTANT_INCLUDE:
        return dd == 0 ? FC_CONST_MEAN : dd == 1 ? FC_CONST_DRIFT : FC_CONST_NONE;
    default: return explicit_order && dd == 0 ? FC_CONST_MEAN : FC_CONST_NONE;
    }
}

/* R's Arima() with the orders (and fixed coefficients) asked for, on y
 * (m->n values). */
static fpa_status fit_explicit(fc_arima **out, fpa_forecast_model *m,
                               const fc_arima_request *rq, const double *y)
{
    const int *o = rq->order;
    if (m->period == 1 && o[3] + o[4] + o[5] > 0)
        return fpa__fail(FPA_EINVAL, "seasonal orders need a period above 1");
    fc_arima_args a = {0};
    a.beat = INFINITY;
    a.order = (fc_arima_order){o[0], o[1], o[2], o[3], o[4], o[5], m->period};
    int dd = o[1] + o[4];
    a.constant = constant_of(rq->constant, dd, true);
    if ((a.constant == FC_CONST_MEAN && dd != 0) || (a.constant == FC_CONST_DRIFT && dd != 1))
        return fpa__fail(FPA_EINVAL, "a %s needs d + D = %d (the orders have %d)",
                         a.constant == FC_CONST_MEAN ? "mean" : "drift",
                         a.constant == FC_CONST_MEAN ? 0 : 1, dd);
    a.xreg = rq->xreg;
    a.nxreg = rq->nxreg;
    a.ic = m->st.ic;
    size_t nd = fc_arima_ndelta(&a.order);
    if (m->n <= nd)
        return fpa__fail(FPA_EDATA, "%zu values are too few for %zu differences", m->n, nd);
    if (rq->nfixed) {
        if (rq->nfixed != fc_arima_ncoef(&a))
            return fpa__fail(FPA_EINVAL, "the model has %zu coefficients, %zu are fixed",
                             fc_arima_ncoef(&a), rq->nfixed);
        a.fixed = rq->fixed;
        const double *f = rq->fixed;
        bool ar_fixed = true;
        for (int i = 0; i < o[0]; i++) ar_fixed = ar_fixed && !isnan(f[i]);
        for (int i = 0; i < o[3]; i++) ar_fixed = ar_fixed && !isnan(f[o[0] + o[2] + i]);
        if (ar_fixed && (!fc_arima_roots_outside(f, (size_t)o[0], 1, 1) ||
                         !fc_arima_roots_outside(f + o[0] + o[2], (size_t)o[3], 1, 1)))
            return fpa__fail(FPA_EDATA, "the fixed AR part is not stationary");
    }
    fc_arima_est e;
    TRY(fc_arima_estimate(&e, y, m->n, &a, &m->mem));
    fpa_status s = fc_arima_finish(out, m->fitted, &e, y, m->n, &a, &m->mem);
    fc_arima_est_free(&e, &m->mem);
    return s;
}

/* The power of two nearest the mean absolute value: the fit runs on the
 * data divided by it (the likelihood, R's diffuse prior included, is
 * scale-equivariant; the optimiser's relative tolerance is not), so that
 * the search does not depend on the units and data near 1e300 do not
 * overflow a sum of squares. */
static double data_scale(const double *y, size_t n)
{
    double s = 0;
    for (size_t t = 0; t < n; t++) s += fabs(y[t]) / (double)n;
    return s > 0 && fpa__finite(s) ? exp2(round(log2(s))) : 1;
}

/* The fitted model on the original scale. */
static void unscale(fc_arima *a, double c)
{
    size_t narma = fc_arima_narma(&a->order), rd = a->rd;
    double lc = log(c) * (double)a->nobs;
    for (size_t i = narma; i < a->ncoef; i++) {
        a->coef[i] *= c;
        a->se[i] *= c;
    }
    for (size_t i = 0; i < rd; i++) a->a[i] *= c;  /* P is in units of sigma2 */
    a->sigma = sqrt(a->sigma2) * c;
    a->sigma2 *= c * c;
    a->sigma2_arima *= c * c;
    a->loglik -= lc;
    a->aic += 2 * lc;
    a->aicc += 2 * lc;
    a->bic += 2 * lc;
}

/* Data near the largest doubles are fitted divided by their scale; back on
 * it a regression coefficient (units of y per unit of a driver) can
 * overflow: no model, which the automatic orders fall back from. (The
 * variance may overflow: point forecasts still come, intervals are
 * refused when predicted.) */
static fpa_status check_unscaled(const fc_arima *a)
{
    for (size_t i = 0; i < a->ncoef; i++)
        if (!fpa__finite(a->coef[i]))
            return fpa__fail(FPA_EDATA, "ARIMA: coefficient %zu overflows at the data's "
                             "scale", i);
    return FPA_OK;
}

fpa_status fc_arima_model_fit(fpa_forecast_model *m)
{
    const fc_arima_request *rq = m->arima_req;
    fc_arima_free(m->arima, &m->mem);
    m->arima = NULL;
    double c = data_scale(m->y, m->n);
    size_t nf = rq ? rq->nfixed : 0;
    double *y = fpa__alloc(&m->mem, m->n + nf, sizeof *y, false);
    if (!y) return FPA_ENOMEM;
    double *fixed = y + m->n;
    for (size_t t = 0; t < m->n; t++) y[t] = m->y[t] / c;
    fc_arima_request scaled;
    if (rq) {
        scaled = *rq;
        size_t narma = (size_t)(rq->order[0] + rq->order[2] + rq->order[3] + rq->order[5]);
        for (size_t i = 0; i < nf; i++) fixed[i] = i < narma ? rq->fixed[i] : rq->fixed[i] / c;
        scaled.fixed = fixed;
        rq = &scaled;
    }
    fc_arima *fit = NULL;
    fpa_status s;
    if (rq && rq->explicit_order) {
        s = fit_explicit(&fit, m, rq, y);
    } else {
        const fc_settings *st = &m->st;
        int mode = rq && rq->constant != FPA_ARIMA_CONSTANT_AUTO ? rq->constant
                                                                 : st->arima_constant;
        fc_arima_auto_opts o = {st->arima_max[0], st->arima_max[1], st->arima_max[2],
                                st->arima_max[3], st->arima_max[4], st->arima_max[5],
                                st->arima_max[6], st->arima_stepwise != 0,
                                st->arima_approximation, st->ic,
                                mode == FPA_ARIMA_CONSTANT_NONE ? FC_CONSTANT_NONE
                                : mode == FPA_ARIMA_CONSTANT_INCLUDE ? FC_CONSTANT_INCLUDE
                                                                      : FC_CONSTANT_AUTO};
        s = fc_arima_auto(&fit, m->fitted, y, m->n, m->period, rq ? rq->xreg : NULL,
                          rq ? rq->nxreg : 0, &o, &m->mem);
    }
    fpa__free(&m->mem, y, m->n + nf, sizeof *y);
    if (s != FPA_OK) return s;
    unscale(fit, c);
    for (size_t t = 0; t < m->n; t++) m->fitted[t] *= c;
    if ((s = check_unscaled(fit)) != FPA_OK) {
        fc_arima_free(fit, &m->mem);
        return s;
    }
    m->arima = fit;
    m->method = FPA_FORECAST_ARIMA;
    m->sigma2 = fit->sigma2;
    fc_arima_name(m->name, sizeof m->name, fit);
    return FPA_OK;
}

bool fc_arima_may_fall_back(const fpa_forecast_model *m)
{
    return m->st.fallback && !(m->arima_req && m->arima_req->explicit_order);
}

/* ---- forecasts -------------------------------------------------------------------------- */

static fc_ssm ssm_of(const fc_arima *a)
{
    return (fc_ssm){{a->phi, a->theta, a->np, a->nq}, a->delta, a->nd};
}

/* The regression part at future step j (time index n + j + 1). */
static double regression_at(const fc_arima *a, size_t n, size_t j, const double *future)
{
    const double *b = a->coef + fc_arima_narma(&a->order);
    double v = 0;
    size_t at = a->constant != FC_CONST_NONE;
    if (a->constant == FC_CONST_MEAN) v = b[0];
    if (a->constant == FC_CONST_DRIFT) v = b[0] * (double)(n + j + 1);
    for (size_t i = 0; i < a->nxreg; i++) v += b[at + i] * future[j * a->nxreg + i];
    return v;
}

static fpa_status need_future(const fc_arima *a, const double *future)
{
    if (a->nxreg && !future)
        return fpa__fail(FPA_EINVAL, "the model has %zu driver%s: give their future values "
                         "(fpa_forecast_predict_drivers)", a->nxreg, a->nxreg > 1 ? "s" : "");
    return FPA_OK;
}

/* npaths sample paths (npaths x h): the state after the data drawn from
 * N(a, sigma2 P) (GSL's modified Cholesky of P: the differencing states
 * are known, P is only semidefinite), then the state equation with
 * N(0, sigma2) innovations. */
static fpa_status sample_paths(double *out, const fpa_forecast_model *m, size_t h,
                               size_t npaths, void *rng, const double *future)
{
    const fc_arima *a = m->arima;
    fc_ssm s = ssm_of(a);
    size_t rd = a->rd, r = rd - a->nd;
    size_t nw = rd * rd + 3 * rd + fc_ssm_work(&s) + h;
    double *w = fpa__alloc(&m->mem, nw, sizeof *w, false);
    size_t *perm = fpa__alloc(&m->mem, rd, sizeof *perm, false);
    if (!w || !perm) {
        fpa__free(&m->mem, w, nw, sizeof *w);
        fpa__free(&m->mem, perm, rd, sizeof *perm);
        return FPA_ENOMEM;
    }
    double *L = w, *x = L + rd * rd, *u = x + rd, *E = u + rd, *xm = E + rd + fc_ssm_work(&s);
    memcpy(L, a->P, rd * rd * sizeof *L);
    gsl_matrix_view Lv = gsl_matrix_view_array(L, rd, rd);
    gsl_permutation pv = {rd, perm};
    gsl_vector_view Ev = gsl_vector_view_array(E, rd);
    gsl_linalg_mcholesky_decomp(&Lv.matrix, &pv, &Ev.vector);
    double sd = a->sigma;
    for (size_t j = 0; j < h; j++) xm[j] = regression_at(a, m->n, j, future);
    for (size_t i = 0; i < npaths; i++) {
        for (size_t k = 0; k < rd; k++) u[k] = fc_rng_gaussian(rng, 1) * sqrt(fmax(L[k * rd + k], 0));
        memcpy(x, a->a, rd * sizeof *x);
        for (size_t k = 0; k < rd; k++) {  /* x += sd P' (L D^1/2 z) */
            double v = u[k];
            for (size_t l = 0; l < k; l++) v += L[k * rd + l] * u[l];
            x[perm[k]] += sd * v;
        }
        for (size_t j = 0; j < h; j++) {
            fc_ssm_step(&s, x, E + rd);
            double e = fc_rng_gaussian(rng, sd), f = 0;
            for (size_t k = 0; k < r; k++) x[k] += e * (k == 0 ? 1 : k <= a->nq ? a->theta[k - 1] : 0);
            f = x[0];
            for (size_t k = 0; k < a->nd; k++) f += a->delta[k] * x[r + k];
            out[i * h + j] = f + xm[j];
        }
    }
    fpa__free(&m->mem, w, nw, sizeof *w);
    fpa__free(&m->mem, perm, rd, sizeof *perm);
    return FPA_OK;
}

/* Simulated interval bounds: R's type-8 quantiles of npaths paths. */
static fpa_status simulated_bounds(const fpa_forecast_model *m, double *lower, double *upper,
                                   size_t h, const double *levels, size_t nlevels,
                                   const fc_settings *st, uint64_t stream,
                                   const double *future)
{
    size_t np = st->npaths;
    double *paths = fpa__alloc(&m->mem, np * h + np, sizeof *paths, false);
    if (!paths) return FPA_ENOMEM;
    fc_rng rng;
    fpa_status s = fc_rng_new(&rng, st->seed, stream, &m->mem);
    if (s == FPA_OK) {
        s = sample_paths(paths, m, h, np, rng.rng, future);
        fc_rng_free(&rng, &m->mem);
    }
    double *col = paths + np * h;
    for (size_t j = 0; s == FPA_OK && j < h; j++) {
        for (size_t i = 0; i < np; i++) col[i] = paths[i * h + j];
        gsl_sort(col, 1, np);
        for (size_t k = 0; k < nlevels; k++) {
            lower[k * h + j] = fc_quantile8(col, np, 0.5 - levels[k] / 200);
            upper[k * h + j] = fc_quantile8(col, np, 0.5 + levels[k] / 200);
        }
    }
    fpa__free(&m->mem, paths, np * h + np, sizeof *paths);
    return s;
}

fpa_status fc_arima_predict(const fpa_forecast_model *m, double *mean, double *lower,
                            double *upper, size_t h, const double *levels,
                            size_t nlevels, const fc_settings *st, uint64_t stream,
                            const double *future)
{
    const fc_arima *a = m->arima;
    TRY(need_future(a, future));
    fc_ssm s = ssm_of(a);
    size_t nw = fc_ssm_work(&s) + h;
    double *w = fpa__alloc(&m->mem, nw, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    double *var = w + fc_ssm_work(&s);
    fc_ssm_forecast(&s, a->a, a->P, h, mean, var, w);
    for (size_t j = 0; j < h; j++) {
        mean[j] += regression_at(a, m->n, j, future);
        var[j] = sqrt(fmax(var[j], 0)) * a->sigma;  /* now the sd */
    }
    fpa_status r = FPA_OK;
    if (nlevels && st->intervals == FPA_INTERVALS_SIMULATE) {
        r = simulated_bounds(m, lower, upper, h, levels, nlevels, st, stream, future);
    } else {
        for (size_t k = 0; k < nlevels; k++) {
            double z = gsl_cdf_ugaussian_Pinv(0.5 + levels[k] / 200);
            for (size_t j = 0; j < h; j++) {
                lower[k * h + j] = mean[j] - z * var[j];
                upper[k * h + j] = mean[j] + z * var[j];
            }
        }
    }
    fpa__free(&m->mem, w, nw, sizeof *w);
    return r;
}

fpa_status fc_arima_simulate(double *out, const fpa_forecast_model *m, size_t h,
                             size_t npaths, const fpa_opts *opts, const double *future)
{
    TRY(need_future(m->arima, future));
    fc_rng rng;
    TRY(fc_rng_new(&rng, (uint64_t)fpa__opt(opts, FPA_OPT_SEED), 0, &m->mem));
    fpa_status s = sample_paths(out, m, h, npaths, rng.rng, future);
    fc_rng_free(&rng, &m->mem);
    return s == FPA_OK ? fc_check_outputs(out, npaths * h, "out") : s;
}

/* The drivers of a call: NULL when the model has none and fell back. */
static fpa_status future_of(const double **out, const fpa_forecast_model *model,
                            const fpa_forecast_drivers *future)
{
    *out = NULL;
    if (!model) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (!future) return fpa__fail(FPA_EINVAL, "future is NULL");
    const fc_arima *a = model->arima;
    if (!a && model->requested == FPA_FORECAST_ARIMA) return FPA_OK;  /* fell back */
    if (!a || !a->nxreg)
        return fpa__fail(FPA_EINVAL, "model %s has no drivers", model->name);
    if (future->cols != a->nxreg)
        return fpa__fail(FPA_EINVAL, "the model has %zu drivers, future %zu columns",
                         a->nxreg, future->cols);
    *out = future->v;
    return FPA_OK;
}

fpa_status fpa_forecast_predict_drivers(double *out_mean, double *out_lower,
                                        double *out_upper, const fpa_forecast_model *model,
                                        const fpa_forecast_drivers *future,
                                        const double *levels, size_t nlevels,
                                        const fpa_opts *opts)
{
    const double *f;
    TRY(future_of(&f, model, future));
    return fc_predict_call(out_mean, out_lower, out_upper, model, future->rows, levels,
                           nlevels, opts, f);
}

fpa_status fpa_forecast_simulate_drivers(double *out, const fpa_forecast_model *model,
                                         const fpa_forecast_drivers *future, size_t npaths,
                                         const fpa_opts *opts)
{
    const double *f;
    TRY(future_of(&f, model, future));
    if (!f) return fpa_forecast_simulate(out, model, future->rows, npaths, opts);
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (npaths == 0) return fpa__fail(FPA_EINVAL, "npaths is 0");
    return fc_arima_simulate(out, model, future->rows, npaths, opts, f);
}

/* ---- updates and accessors ------------------------------------------------------------------ */

fpa_status fc_arima_update(fpa_forecast_model *m, const double *y, size_t n)
{
    fc_arima *a = m->arima;
    if (a->nxreg)
        return fpa__fail(FPA_EINVAL, "the model has drivers: refit it with their values");
    TRY(fc_model_grow(m, m->n + n));
    fc_ssm s = ssm_of(a);
    size_t rd = a->rd, nw = fc_ssm_work(&s) + rd + rd * rd + 2 * n;
    double *w = fpa__alloc(&m->mem, nw, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    double *st = w + fc_ssm_work(&s), *P = st + rd, *x = P + rd * rd, *res = x + n;
    memcpy(st, a->a, rd * sizeof *st);
    memcpy(P, a->P, rd * rd * sizeof *P);
    for (size_t t = 0; t < n; t++) x[t] = y[t] - regression_at(a, m->n, t, NULL);
    double ssq, sumlog;
    size_t nu;
    bool ok = fc_ssm_filter(&s, x, n, false, &ssq, &sumlog, &nu, res, st, P, w);
    for (size_t t = 0; ok && t < n; t++) ok = fpa__finite(res[t]);
    if (ok) {
        memcpy(a->a, st, rd * sizeof *st);
        memcpy(a->P, P, rd * rd * sizeof *P);
        for (size_t t = 0; t < n; t++) {
            m->y[m->n] = y[t];
            m->fitted[m->n++] = y[t] - res[t];
        }
    }
    fpa__free(&m->mem, w, nw, sizeof *w);
    return ok ? FPA_OK : fpa__fail(FPA_EOVERFLOW, "the Kalman filter failed on the new values");
}

double fc_arima_param(const fc_arima *a, fpa_forecast_param param)
{
    switch (param) {
    case FPA_PARAM_SIGMA2: return a->sigma2;
    case FPA_PARAM_LOGLIK: return a->loglik;
    case FPA_PARAM_AIC: return a->aic;
    case FPA_PARAM_AICC: return a->aicc;
    case FPA_PARAM_BIC: return a->bic;
    case FPA_PARAM_DRIFT:
        return a->constant == FC_CONST_DRIFT ? a->coef[fc_arima_narma(&a->order)] : NAN;
    default: return NAN;
    }
}

static fpa_status arima_of(const fc_arima **out, const fpa_forecast_model *model)
{
    if (!model) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (!model->arima)
        return fpa__fail(FPA_EINVAL, "model %s is not an ARIMA", model->name);
    *out = model->arima;
    return FPA_OK;
}

fpa_status fpa_forecast_model_arima(size_t *out_order, fpa_arima_constant *out_constant,
                                    size_t *out_ndrivers, const fpa_forecast_model *model)
{
    const fc_arima *a = NULL;
    TRY(arima_of(&a, model));
    const fc_arima_order *o = &a->order;
    if (out_order) {
        const int v[6] = {o->p, o->d, o->q, o->P, o->D, o->Q};
        for (int i = 0; i < 6; i++) out_order[i] = (size_t)v[i];
        out_order[6] = o->m;
    }
    if (out_constant)
        *out_constant = a->constant == FC_CONST_MEAN ? FPA_ARIMA_CONSTANT_MEAN
                        : a->constant == FC_CONST_DRIFT ? FPA_ARIMA_CONSTANT_DRIFT
                                                        : FPA_ARIMA_CONSTANT_NONE;
    if (out_ndrivers) *out_ndrivers = a->nxreg;
    return FPA_OK;
}

fpa_status fpa_forecast_model_coef(double *out_coef, double *out_se, size_t cap,
                                   size_t *out_n, const fpa_forecast_model *model)
{
    if (!out_n) return fpa__fail(FPA_EINVAL, "out_n is NULL");
    const fc_arima *a = NULL;
    TRY(arima_of(&a, model));
    *out_n = a->ncoef;
    if ((out_coef || out_se) && cap < a->ncoef)
        return fpa__fail(FPA_ESIZE, "outputs need %zu values, cap is %zu", a->ncoef, cap);
    if (out_coef) memcpy(out_coef, a->coef, a->ncoef * sizeof *out_coef);
    if (out_se) memcpy(out_se, a->se, a->ncoef * sizeof *out_se);
    return FPA_OK;
}

const char *fpa_forecast_model_coef_name(const fpa_forecast_model *model, size_t i)
{
    if (!model || !model->arima || i >= model->arima->ncoef) return NULL;
    return model->arima->names + i * FC_COEF_NAME;
}
