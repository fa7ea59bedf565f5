/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fitted models: creation, forecasts and intervals, simulation, getters,
 * updates. */
#include "../core/roots.h"
#include "arima.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <string.h>

static const char *const method_names[] = {
    "naive", "snaive", "naive2", "drift",  "ma",     "linear", "ses",
    "holt",  "damped", "ets",    "theta",  "otheta", "combo",  "arima"};
enum { NMETHOD = sizeof method_names / sizeof *method_names };

bool fc_method_known(fpa_forecast_method method)
{
    return (unsigned)method < NMETHOD;
}

const char *fpa_forecast_method_name(fpa_forecast_method method)
{
    return (unsigned)method < NMETHOD ? method_names[method] : NULL;
}

fpa_status fpa_forecast_method_find(fpa_forecast_method *out, const char *name)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!name) return fpa__fail(FPA_EINVAL, "name is NULL");
    for (int i = 0; i < NMETHOD; i++)
        if (!strcmp(method_names[i], name)) {
            *out = (fpa_forecast_method)i;
            return FPA_OK;
        }
    return fpa__fail(FPA_EINVAL, "no forecasting method is named \"%s\"", name);
}

/* ---- life cycle --------------------------------------------------------------- */

fpa_status fc_model_new(fpa_forecast_model **out, fpa_forecast_method method,
                        const double *y, size_t n, size_t period,
                        const fc_settings *st, const fpa_mem *mem)
{
    *out = NULL;
    fpa_forecast_model *m = fpa__alloc(mem, 1, sizeof *m, true);
    if (!m) return FPA_ENOMEM;
    m->mem = *mem;
    m->y = fpa__alloc(mem, 2 * n, sizeof *m->y, false);
    if (!m->y) {
        fpa__free(mem, m, 1, sizeof *m);
        return FPA_ENOMEM;
    }
    memcpy(m->y, y, n * sizeof *y);
    m->fitted = m->y + n;
    m->n = m->cap = n;
    m->period = period;
    m->st = *st;
    m->requested = m->method = method;
    *out = m;
    return FPA_OK;
}

void fpa_forecast_model_free(fpa_forecast_model *m)
{
    if (!m) return;
    fpa_mem mem = m->mem;
    fpa__free(&mem, m->cand, FC_MAX_CANDIDATES, sizeof *m->cand);
    fpa__free(&mem, m->weight, FC_MAX_CANDIDATES, sizeof *m->weight);
    fpa__free(&mem, m->coef, m->p + m->p * m->p, sizeof *m->coef);
    fpa__free(&mem, m->figure, m->period, sizeof *m->figure);
    fpa__free(&mem, m->y, 2 * m->cap, sizeof *m->y);
    fc_arima_free(m->arima, &mem);
    fpa__free(&mem, m, 1, sizeof *m);
}

fpa_status fc_model_clone(fpa_forecast_model **out, const fpa_forecast_model *m)
{
    const fpa_mem *mem = &m->mem;
    fpa_forecast_model *c = fpa__alloc(mem, 1, sizeof *c, false);
    *out = NULL;
    if (!c) return FPA_ENOMEM;
    *c = *m;
    c->y = c->figure = c->coef = c->weight = NULL;
    c->cand = NULL;
    c->arima = NULL;
    if (m->arima && fc_arima_clone(&c->arima, m->arima, mem) != FPA_OK) {
        fpa__free(mem, c, 1, sizeof *c);
        return FPA_ENOMEM;
    }
    c->cap = c->p = 0;
    c->ncand = 0;
    c->y = fpa__alloc(mem, 2 * m->cap, sizeof *c->y, false);
    if (c->y) c->cap = m->cap;
    if (m->figure) c->figure = fpa__alloc(mem, m->period, sizeof *c->figure, false);
    if (m->coef) {
        c->coef = fpa__alloc(mem, m->p + m->p * m->p, sizeof *c->coef, false);
        if (c->coef) c->p = m->p;
    }
    if (m->cand) {
        c->cand = fpa__alloc(mem, FC_MAX_CANDIDATES, sizeof *c->cand, false);
        c->weight = fpa__alloc(mem, FC_MAX_CANDIDATES, sizeof *c->weight, false);
    }
    if (!c->y || (m->figure && !c->figure) || (m->coef && !c->coef) ||
        (m->cand && (!c->cand || !c->weight))) {
        fpa_forecast_model_free(c);
        return FPA_ENOMEM;
    }
    memcpy(c->y, m->y, 2 * m->cap * sizeof *c->y);
    c->fitted = c->y + m->cap;
    if (m->figure) memcpy(c->figure, m->figure, m->period * sizeof *c->figure);
    if (m->coef) {
        memcpy(c->coef, m->coef, (m->p + m->p * m->p) * sizeof *c->coef);
        c->rinv = c->coef + m->p;
    }
    if (m->cand) {
        memcpy(c->cand, m->cand, FC_MAX_CANDIDATES * sizeof *c->cand);
        memcpy(c->weight, m->weight, FC_MAX_CANDIDATES * sizeof *c->weight);
        c->ncand = m->ncand;
    }
    *out = c;
    return FPA_OK;
}

static fpa_status check_method(fpa_forecast_method method, size_t period)
{
    if ((unsigned)method >= NMETHOD)
        return fpa__fail(FPA_EINVAL, "method %d is unknown", (int)method);
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    return FPA_OK;
}

fpa_status fpa_forecast_fit(fpa_forecast_model **out, fpa_forecast_method method,
                            const double *y, size_t n, size_t period,
                            const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    fc_settings st;
    fpa_status s = check_method(method, period);
    if (s == FPA_OK) s = fc_settings_read(&st, opts);
    if (s != FPA_OK) return s;
    fpa_mem mem = fpa__mem_of(opts);
    double *c;
    size_t nc;
    s = fc_clean(&c, &nc, NULL, y, n, st.max_gap, &mem);
    if (s != FPA_OK) return s;
    fpa_forecast_model *m;
    s = fc_model_new(&m, method, c, nc, period, &st, &mem);
    fpa__free(&mem, c, nc, sizeof *c);
    if (s == FPA_OK) s = fc_model_estimate(m);
    if (s != FPA_OK) {
        fpa_forecast_model_free(m);
        return s;
    }
    *out = m;
    return FPA_OK;
}

fpa_status fpa_forecast_ets_build(fpa_forecast_model **out, const double *y,
                                  size_t n, size_t period, const double *params,
                                  const double *states, size_t nstates,
                                  const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    if (!params) return fpa__fail(FPA_EINVAL, "params is NULL");
    fc_settings st;
    fpa_status s = check_method(FPA_FORECAST_ETS, period);
    if (s == FPA_OK) s = fc_settings_read(&st, opts);
    if (s == FPA_OK) s = fpa__check_finite(y, n, 1, "y");
    if (s != FPA_OK) return s;
    if (st.ets_error == FPA_ETS_AUTO || st.ets_trend == FPA_ETS_AUTO ||
        st.ets_season == FPA_ETS_AUTO)
        return fpa__fail(FPA_EINVAL, "options forecast.ets_error, ets_trend "
                         "and ets_season must name the model (not auto)");
    fc_ets_spec sp = {st.ets_error == FPA_ETS_ADDITIVE ? FC_A : FC_M,
                      st.ets_trend == FPA_ETS_NONE ? FC_N : FC_A,
                      st.ets_season == FPA_ETS_NONE ? FC_N
                      : st.ets_season == FPA_ETS_ADDITIVE ? FC_A : FC_M,
                      st.ets_trend == FPA_ETS_DAMPED};
    int m = sp.season ? (int)period : 1;
    size_t ns = fc_ets_nstate(&sp, m);
    if (!states) return fpa__fail(FPA_EINVAL, "states is NULL");
    if (nstates != ns)
        return fpa__fail(FPA_EINVAL, "the model needs %zu initial states, "
                         "nstates is %zu", ns, nstates);
    s = fpa__check_finite(states, ns, ns, "states");
    if (s != FPA_OK) return s;
    static const char *const pname[] = {"alpha", "beta", "gamma", "phi"};
    bool used[4] = {true, sp.trend != FC_N, sp.season != FC_N, sp.damped};
    for (int i = 0; i < 4; i++)
        if (used[i] && !(params[i] >= 0 && params[i] <= 1))
            return fpa__fail(FPA_EDOM, "params[%d] (%s) = %g is outside [0, 1]",
                             i, pname[i], params[i]);
    fpa_mem mem = fpa__mem_of(opts);
    fpa_forecast_model *mod;
    s = fc_model_new(&mod, FPA_FORECAST_ETS, y, n, period, &st, &mem);
    if (s != FPA_OK) return s;
    s = fc_ets_build(&mod->ets, mod->fitted, y, n, period, sp, params, states);
    if (s != FPA_OK) {
        fpa_forecast_model_free(mod);
        return s;
    }
    mod->has_ets = true;
    mod->sigma2 = mod->ets.sigma2;
    fc_ets_name(mod->name, sizeof mod->name, &sp);
    *out = mod;
    return FPA_OK;
}

/* ---- forecasts ---------------------------------------------------------------- */

static double season_index(const fpa_forecast_model *m, size_t j)
{
    return m->figure[(m->n + j) % m->period];
}

/* Mean and standard deviation of the forecast of the (seasonally
 * adjusted) series, horizons 1..h; *df > 0 asks for Student t quantiles. */
static void base_forecast(const fpa_forecast_model *m, double *mean,
                          double *sd, size_t h, double *work, double *df)
{
    double s2 = m->sigma2;
    *df = 0;
    if (m->has_ets) {
        fc_ets_moments(&m->ets, mean, sd, h, work);
        return;
    }
    for (size_t j = 0; j < h; j++) {
        double k = (double)(j + 1), v = s2;
        switch (m->method) {
        case FPA_FORECAST_NAIVE:
        case FPA_FORECAST_NAIVE2:
            mean[j] = m->level;
            v = s2 * k;
            break;
        case FPA_FORECAST_SNAIVE: {
            size_t per = m->period;
            mean[j] = m->y[m->n - per + j % per];
            v = s2 * (double)(j / per + 1);
            break;
        }
        case FPA_FORECAST_DRIFT:
            mean[j] = m->level + k * m->drift;
            v = s2 * k + (k * m->drift_se) * (k * m->drift_se);
            break;
        case FPA_FORECAST_MOVING_AVERAGE: mean[j] = m->level; break;
        case FPA_FORECAST_LINEAR: {
            size_t p = m->p, t = m->n + j;
            double x[FPA_FORECAST_MAX_PERIOD + 1], f = 0, q = 0;
            x[0] = 1;
            x[1] = (double)(t + 1);
            for (size_t i = 2; i < p; i++) x[i] = (t % m->period) == i - 1;
            for (size_t i = 0; i < p; i++) f += m->coef[i] * x[i];
            for (size_t i = 0; i < p; i++) { /* (R^-T x)_i */
                double u = 0;
                for (size_t l = 0; l <= i; l++) u += m->rinv[l * p + i] * x[l];
                q += u * u;
            }
            mean[j] = f;
            v = s2 * (1 + q);
            *df = (double)(m->n - p);
            break;
        }
        case FPA_FORECAST_THETA: {
            double a = m->alpha;
            mean[j] = m->level +
                      m->drift * ((k - 1) + (1 - pow(1 - a, (double)m->n)) / a);
            v = s2 * ((k - 1) * a * a + 1);
            break;
        }
        case FPA_FORECAST_OPTIMISED_THETA: {
            double w = 1 / m->theta;
            mean[j] = (1 - w) * (m->intercept + m->slope * (double)(m->n + j + 1)) +
                      m->level;
            v = s2 * (1 + (k - 1) * m->alpha * m->alpha);
            break;
        }
        default: mean[j] = NAN; break;
        }
        sd[j] = sqrt(v);
    }
}

static bool simulable(const fpa_forecast_model *m)
{
    return m->has_ets || m->method == FPA_FORECAST_COMBO || m->arima ||
           m->method == FPA_FORECAST_NAIVE ||
           m->method == FPA_FORECAST_NAIVE2 || m->method == FPA_FORECAST_SNAIVE ||
           m->method == FPA_FORECAST_DRIFT;
}

/* One sample path of the (reseasonalised) model. */
static void path(const fpa_forecast_model *m, double *out, size_t h, void *rng)
{
    if (m->method == FPA_FORECAST_COMBO) {
        /* a draw from the mixture: a model by its weight, then its path */
        double u = gsl_rng_uniform(rng), c = 0;
        size_t i = 0;
        while (i + 1 < m->ncand && (c += m->weight[i]) <= u) i++;
        fc_ets_path(&m->cand[i], out, h, rng);
    } else if (m->has_ets) {
        fc_ets_path(&m->ets, out, h, rng);
    } else {
        double sd = sqrt(m->sigma2), x = m->level;
        for (size_t j = 0; j < h; j++) {
            double e = fc_rng_gaussian(rng, sd);
            if (m->method == FPA_FORECAST_SNAIVE) {
                size_t per = m->period;
                out[j] = (j < per ? m->y[m->n - per + j] : out[j - per]) + e;
                continue;
            }
            x += e + (m->method == FPA_FORECAST_DRIFT ? m->drift : 0);
            out[j] = x;
        }
    }
    if (m->adjust)
        for (size_t j = 0; j < h; j++)
            out[j] = m->adjust == FC_M ? out[j] * season_index(m, j)
                                       : out[j] + season_index(m, j);
}

fpa_status fc_check_levels(const double *levels, size_t nlevels)
{
    if (nlevels && !levels) return fpa__fail(FPA_EINVAL, "levels is NULL");
    for (size_t i = 0; i < nlevels; i++)
        if (!(levels[i] > 0 && levels[i] < 100))
            return fpa__fail(FPA_EINVAL, "levels[%zu] = %g is outside (0, 100)",
                             i, levels[i]);
    return FPA_OK;
}

static fpa_status simulate_bounds(const fpa_forecast_model *m, double *lower,
                                  double *upper, size_t h, const double *levels,
                                  size_t nlevels, const fc_settings *st,
                                  uint64_t stream)
{
    size_t np = st->npaths;
    double *paths = fpa__alloc(&m->mem, np * h + np, sizeof *paths, false);
    if (!paths) return FPA_ENOMEM;
    fc_rng rng;
    fpa_status s = fc_rng_new(&rng, st->seed, stream, &m->mem);
    if (s != FPA_OK) {
        fpa__free(&m->mem, paths, np * h + np, sizeof *paths);
        return s;
    }
    for (size_t i = 0; i < np; i++) path(m, paths + i * h, h, rng.rng);
    double *col = paths + np * h;
    for (size_t j = 0; j < h; j++) {
        for (size_t i = 0; i < np; i++) col[i] = paths[i * h + j];
        gsl_sort(col, 1, np);
        for (size_t k = 0; k < nlevels; k++) {
            lower[k * h + j] = fc_quantile8(col, np, 0.5 - levels[k] / 200);
            upper[k * h + j] = fc_quantile8(col, np, 0.5 + levels[k] / 200);
        }
    }
    fc_rng_free(&rng, &m->mem);
    fpa__free(&m->mem, paths, np * h + np, sizeof *paths);
    return FPA_OK;
}

/* The model-averaged forecast distribution: the mixture of the
 * candidates' (Gaussian) forecast distributions with the Akaike weights;
 * its mean is the weighted mean, its quantiles the roots of
 * sum_i w_i Phi((x - mu_i) / sigma_i) = p (GSL's Brent solver). */
typedef struct {
    const double *mu, *sd, *w;
    size_t k;
    double p;
} mix_ctx;

static double mix_cdf(double x, void *vc)
{
    const mix_ctx *c = vc;
    double F = 0;
    for (size_t i = 0; i < c->k; i++)
        F += c->w[i] * (c->sd[i] > 0 ? gsl_cdf_ugaussian_P((x - c->mu[i]) / c->sd[i])
                                     : (x >= c->mu[i]));
    return F - c->p;
}

/* Each quantile is a root to 1e-12 relative: an interval narrower than
 * that can come out crossed (lower above upper) or not nested. The true
 * quantiles increase with p, so each takes the largest of those at lower
 * probabilities, which stays within the tolerance of its root. Bounds of
 * level k at lower[k * h], upper[k * h]. */
static void monotone_quantiles(double *lower, double *upper, size_t h, const double *levels,
                               size_t nlevels)
{
    for (size_t q = 0; q < 2 * nlevels; q++) {
        double p = q % 2 ? 0.5 + levels[q / 2] / 200 : 0.5 - levels[q / 2] / 200;
        double *x = q % 2 ? &upper[(q / 2) * h] : &lower[(q / 2) * h];
        for (size_t r = 0; r < 2 * nlevels; r++) {
            double pr = r % 2 ? 0.5 + levels[r / 2] / 200 : 0.5 - levels[r / 2] / 200;
            double xr = r % 2 ? upper[(r / 2) * h] : lower[(r / 2) * h];
            if (pr < p && xr > *x) *x = xr;
        }
    }
}

static fpa_status mixture(const fpa_forecast_model *m, double *mean,
                          double *lower, double *upper, size_t h,
                          const double *levels, size_t nlevels,
                          const fc_settings *st, uint64_t stream)
{
    size_t k = m->ncand, per = 0;
    for (size_t i = 0; i < k; i++) {
        size_t w = fc_ets_moments_work(&m->cand[i], h);
        if (w > per) per = w;
    }
    double *w = fpa__alloc(&m->mem, 2 * k * h + per, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    double *mu = w, *sd = w + k * h, *work = w + 2 * k * h;
    for (size_t i = 0; i < k; i++) {
        fc_ets_moments(&m->cand[i], mu + i * h, sd + i * h, h, work);
    }
    fpa_status s = FPA_OK;
    for (size_t j = 0; j < h; j++) {
        double a = 0, lo = INFINITY, hi = -INFINITY, col_mu[FC_MAX_CANDIDATES],
               col_sd[FC_MAX_CANDIDATES];
        for (size_t i = 0; i < k; i++) {
            col_mu[i] = mu[i * h + j];
            col_sd[i] = sd[i * h + j];
            a += m->weight[i] * col_mu[i];
            lo = fmin(lo, col_mu[i] - 40 * col_sd[i] - 1);
            hi = fmax(hi, col_mu[i] + 40 * col_sd[i] + 1);
        }
        mean[j] = a;
        if (st->intervals == FPA_INTERVALS_SIMULATE) continue;
        for (size_t q = 0; q < 2 * nlevels && s == FPA_OK; q++) {
            double lev = levels[q / 2], p = q % 2 ? 0.5 + lev / 200 : 0.5 - lev / 200;
            mix_ctx c = {col_mu, col_sd, m->weight, k, p};
            double x, *dst = q % 2 ? &upper[(q / 2) * h + j] : &lower[(q / 2) * h + j];
            if (!fpa__finite(lo) || !fpa__finite(hi)) {
                s = fpa__fail(FPA_EOVERFLOW, "forecast distribution not finite");
                break;
            }
            s = fpa__brent(&x, mix_cdf, &c, lo, hi, mix_cdf(lo, &c), mix_cdf(hi, &c),
                           0, 1e-12, 200);
            *dst = x;
        }
        if (s == FPA_OK && nlevels) monotone_quantiles(lower + j, upper + j, h, levels, nlevels);
    }
    fpa__free(&m->mem, w, 2 * k * h + per, sizeof *w);
    if (s == FPA_OK && nlevels && st->intervals == FPA_INTERVALS_SIMULATE)
        s = simulate_bounds(m, lower, upper, h, levels, nlevels, st, stream);
    return s;
}

fpa_status fc_predict(const fpa_forecast_model *m, double *mean, double *lower,
                      double *upper, size_t h, const double *levels,
                      size_t nlevels, const fc_settings *st, uint64_t stream)
{
    if (m->method == FPA_FORECAST_COMBO) return mixture(m, mean, lower, upper, h,
                                                        levels, nlevels, st, stream);
    if (m->arima)
        return fc_arima_predict(m, mean, lower, upper, h, levels, nlevels, st, stream, NULL);
    size_t nw = 2 * h + (m->has_ets ? fc_ets_moments_work(&m->ets, h) : 0);
    double *w = fpa__alloc(&m->mem, nw, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    double *sd = w, df;
    base_forecast(m, mean, sd, h, w + h, &df);
    bool theta = m->method == FPA_FORECAST_THETA ||
                 m->method == FPA_FORECAST_OPTIMISED_THETA;
    for (size_t j = 0; j < h; j++) {
        if (!m->adjust) continue;
        double s = season_index(m, j);
        if (m->adjust == FC_A) {
            mean[j] += s;
        } else {
            mean[j] *= s;
            if (!theta) sd[j] *= s;  /* R's thetaf() keeps them unscaled */
        }
    }
    fpa_status s = FPA_OK;
    if (nlevels && st->intervals == FPA_INTERVALS_SIMULATE && simulable(m)) {
        s = simulate_bounds(m, lower, upper, h, levels, nlevels, st, stream);
    } else {
        for (size_t k = 0; k < nlevels; k++) {
            double p = 0.5 + levels[k] / 200;
            double z = df > 0 ? gsl_cdf_tdist_Pinv(p, df) : gsl_cdf_ugaussian_Pinv(p);
            for (size_t j = 0; j < h; j++) {
                lower[k * h + j] = mean[j] - z * sd[j];
                upper[k * h + j] = mean[j] + z * sd[j];
            }
        }
    }
    fpa__free(&m->mem, w, nw, sizeof *w);
    return s;
}

fpa_status fc_check_outputs(const double *x, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!fpa__finite(x[i]))
            return fpa__fail(FPA_EOVERFLOW, "%s[%zu] is not finite", what, i);
    return FPA_OK;
}

fpa_status fpa_forecast_predict(double *out_mean, double *out_lower,
                                double *out_upper,
                                const fpa_forecast_model *model, size_t h,
                                const double *levels, size_t nlevels,
                                const fpa_opts *opts)
{
    return fc_predict_call(out_mean, out_lower, out_upper, model, h, levels, nlevels, opts,
                           NULL);
}

fpa_status fc_predict_call(double *out_mean, double *out_lower, double *out_upper,
                           const fpa_forecast_model *model, size_t h, const double *levels,
                           size_t nlevels, const fpa_opts *opts, const double *future)
{
    if (!out_mean) return fpa__fail(FPA_EINVAL, "out_mean is NULL");
    if (!model) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (h == 0) return fpa__fail(FPA_EINVAL, "h is 0");
    if (nlevels && (!out_lower || !out_upper))
        return fpa__fail(FPA_EINVAL, "out_%s is NULL", out_lower ? "upper" : "lower");
    fc_settings st;
    fpa_status s = fc_check_levels(levels, nlevels);
    if (s == FPA_OK) s = fc_settings_read(&st, opts);
    if (s != FPA_OK) return s;
    size_t nb = nlevels * h;
    double *w = fpa__alloc(&model->mem, h + 2 * nb, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    s = future ? fc_arima_predict(model, w, w + h, w + h + nb, h, levels, nlevels, &st, 0,
                                  future)
               : fc_predict(model, w, w + h, w + h + nb, h, levels, nlevels, &st, 0);
    if (s == FPA_OK) s = fc_check_outputs(w, h, "out_mean");
    if (s == FPA_OK) s = fc_check_outputs(w + h, 2 * nb, "bounds");
    if (s == FPA_OK) {
        memcpy(out_mean, w, h * sizeof *w);
        if (nb) {
            memcpy(out_lower, w + h, nb * sizeof *w);
            memcpy(out_upper, w + h + nb, nb * sizeof *w);
        }
    }
    fpa__free(&model->mem, w, h + 2 * nb, sizeof *w);
    return s;
}

fpa_status fpa_forecast_simulate(double *out, const fpa_forecast_model *model,
                                 size_t h, size_t npaths, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!model) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (h == 0 || npaths == 0)
        return fpa__fail(FPA_EINVAL, "%s is 0", h == 0 ? "h" : "npaths");
    if (!simulable(model))
        return fpa__fail(FPA_EINVAL, "model %s has no state-space form to "
                         "simulate", model->name);
    if (model->arima) return fc_arima_simulate(out, model, h, npaths, opts, NULL);
    fc_rng rng;
    fpa_status s = fc_rng_new(&rng, (uint64_t)fpa__opt(opts, FPA_OPT_SEED), 0,
                              &model->mem);
    if (s != FPA_OK) return s;
    for (size_t i = 0; i < npaths; i++) path(model, out + i * h, h, rng.rng);
    fc_rng_free(&rng, &model->mem);
    return fc_check_outputs(out, npaths * h, "out");
}

/* ---- getters ------------------------------------------------------------------- */

const char *fpa_forecast_model_name(const fpa_forecast_model *model)
{
    return model ? model->name : "";
}

fpa_forecast_method fpa_forecast_model_method(const fpa_forecast_model *model)
{
    return model->method;
}

size_t fpa_forecast_model_length(const fpa_forecast_model *model)
{
    return model->n;
}

fpa_status fpa_forecast_model_param(double *out, const fpa_forecast_model *m,
                                    fpa_forecast_param param)
{
    static const char *const what[] = {
        "alpha", "beta", "gamma", "phi", "theta", "drift",
        "sigma2", "loglik", "aic", "aicc", "bic"};
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!m) return fpa__fail(FPA_EINVAL, "model is NULL");
    if ((unsigned)param > FPA_PARAM_BIC)
        return fpa__fail(FPA_EINVAL, "param %d is unknown", (int)param);
    bool ets = m->has_ets, th = m->method == FPA_FORECAST_THETA ||
                               m->method == FPA_FORECAST_OPTIMISED_THETA;
    const fc_ets *e = &m->ets;
    double v = NAN;
    switch (param) {
    case FPA_PARAM_ALPHA: v = ets ? e->alpha : th ? m->alpha : NAN; break;
    case FPA_PARAM_BETA: v = ets && e->spec.trend ? e->beta : NAN; break;
    case FPA_PARAM_GAMMA: v = ets && e->spec.season ? e->gamma : NAN; break;
    case FPA_PARAM_PHI: v = ets && e->spec.damped ? e->phi : NAN; break;
    case FPA_PARAM_THETA: v = th ? m->theta : NAN; break;
    case FPA_PARAM_DRIFT:
        v = th || m->method == FPA_FORECAST_DRIFT ? m->drift : NAN;
        break;
    case FPA_PARAM_SIGMA2:
        v = m->method == FPA_FORECAST_COMBO ? NAN : m->sigma2;
        break;
    case FPA_PARAM_LOGLIK: v = ets ? -0.5 * e->lik : NAN; break;
    case FPA_PARAM_AIC: v = ets ? e->aic : NAN; break;
    case FPA_PARAM_AICC: v = ets ? e->aicc : NAN; break;
    case FPA_PARAM_BIC: v = ets ? e->bic : NAN; break;
    }
    if (m->arima) v = fc_arima_param(m->arima, param);
    if (isnan(v))
        return fpa__fail(FPA_EINVAL, "model %s has no %s", m->name, what[param]);
    return fpa__store(out, v, what[param]);
}

fpa_status fpa_forecast_model_states(double *out, size_t cap, size_t *out_n,
                                     const fpa_forecast_model *m, int final)
{
    if (!out_n) return fpa__fail(FPA_EINVAL, "out_n is NULL");
    if (!m) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (!m->has_ets)
        return fpa__fail(FPA_EINVAL, "model %s has no state vector", m->name);
    size_t n = fc_ets_nstate(&m->ets.spec, m->ets.m);
    *out_n = n;
    if (!out && cap == 0) return FPA_OK;
    if (cap < n || !out)
        return fpa__fail(FPA_ESIZE, "out needs %zu values, cap is %zu", n, cap);
    memcpy(out, final ? m->ets.xn : m->ets.x0, n * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_forecast_model_fitted(double *out, size_t cap,
                                     const fpa_forecast_model *m)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!m) return fpa__fail(FPA_EINVAL, "model is NULL");
    if (cap < m->n)
        return fpa__fail(FPA_ESIZE, "out needs %zu values, cap is %zu", m->n, cap);
    memcpy(out, m->fitted, m->n * sizeof *out);
    return FPA_OK;
}

/* ---- updates ------------------------------------------------------------------- */

static bool ets_based(const fpa_forecast_model *m)
{
    return (m->has_ets && m->method != FPA_FORECAST_THETA) ||
           (m->method == FPA_FORECAST_COMBO && m->ncand > 0);
}

fpa_status fc_model_grow(fpa_forecast_model *m, size_t need)
{
    if (need <= m->cap) return FPA_OK;
    size_t cap = 2 * m->cap > need ? 2 * m->cap : need;
    double *y = fpa__alloc(&m->mem, 2 * cap, sizeof *y, false);
    if (!y) return FPA_ENOMEM;
    memcpy(y, m->y, m->n * sizeof *y);
    memcpy(y + cap, m->fitted, m->n * sizeof *y);
    fpa__free(&m->mem, m->y, 2 * m->cap, sizeof *m->y);
    m->y = y;
    m->fitted = y + cap;
    m->cap = cap;
    return FPA_OK;
}

fpa_status fpa_forecast_model_update(fpa_forecast_model *m, const double *y,
                                     size_t n)
{
    if (!m) return fpa__fail(FPA_EINVAL, "model is NULL");
    fpa_status s = fpa__check_finite(y, n, 1, "y");
    if (s != FPA_OK) return s;
    if (m->arima) return fc_arima_update(m, y, n);
    if (!ets_based(m)) {
        /* re-estimate on the longer series, then swap: unchanged on failure */
        double *all = fpa__alloc(&m->mem, m->n + n, sizeof *all, false);
        if (!all) return FPA_ENOMEM;
        memcpy(all, m->y, m->n * sizeof *all);
        memcpy(all + m->n, y, n * sizeof *all);
        fpa_forecast_model *x;
        s = fc_model_new(&x, m->requested, all, m->n + n, m->period, &m->st,
                         &m->mem);
        fpa__free(&m->mem, all, m->n + n, sizeof *all);
        if (s == FPA_OK) s = fc_model_estimate(x);
        if (s != FPA_OK) {
            fpa_forecast_model_free(x);
            return s;
        }
        fpa_forecast_model tmp = *m;
        *m = *x;
        *x = tmp;
        fpa_forecast_model_free(x);
        return FPA_OK;
    }
    s = fc_model_grow(m, m->n + n);
    if (s != FPA_OK) return s;
    for (size_t i = 0; i < n; i++) {
        size_t t = m->n;
        double v = y[i], f, s_idx = m->adjust ? season_index(m, 0) : 0;
        if (m->adjust == FC_M) v /= s_idx;
        if (m->adjust == FC_A) v -= s_idx;
        if (m->method == FPA_FORECAST_COMBO) {
            f = 0;
            for (size_t c = 0; c < m->ncand; c++) {
                double fc;
                fc_ets_point(&m->cand[c], &fc, 1);
                f += m->weight[c] * fc;
                fc_ets_advance(&m->cand[c], &v, 1);
            }
        } else {
            fc_ets_point(&m->ets, &f, 1);
            fc_ets_advance(&m->ets, &v, 1);
        }
        m->y[t] = y[i];
        m->fitted[t] = m->adjust == FC_M ? f * s_idx : f + s_idx;
        m->n++;
    }
    return FPA_OK;
}

/* ---- decomposition ------------------------------------------------------------- */

fpa_status fpa_forecast_decompose(double *out_trend, double *out_seasonal,
                                  double *out_figure, const double *y, size_t n,
                                  size_t period, fpa_decomposition type)
{
    if (period < 2 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 2..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    if (type != FPA_DECOMPOSITION_MULTIPLICATIVE && type != FPA_DECOMPOSITION_ADDITIVE)
        return fpa__fail(FPA_EINVAL, "type %d is unknown", (int)type);
    fpa_status s = fpa__check_finite(y, n, 0, "y");
    if (s != FPA_OK) return s;
    double fig[FPA_FORECAST_MAX_PERIOD];
    fpa_mem mem = fpa__mem_default();
    bool mult = type == FPA_DECOMPOSITION_MULTIPLICATIVE;
    s = fc_decompose(fig, NULL, y, n, period, mult, &mem);
    if (s != FPA_OK) return s;
    if (out_trend) fc_decompose(fig, out_trend, y, n, period, mult, &mem);
    if (out_figure) memcpy(out_figure, fig, period * sizeof *fig);
    if (out_seasonal)
        for (size_t t = 0; t < n; t++) out_seasonal[t] = fig[t % period];
    return FPA_OK;
}

fpa_status fpa_forecast_seasonality_test(int *out, const double *y, size_t n,
                                         size_t period)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    fpa_status s = fpa__check_finite(y, n, 1, "y");
    if (s != FPA_OK) return s;
    *out = fc_seasonal_test(y, n, period);
    return FPA_OK;
}
