/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Estimation of every method on model->y, with the fallback chain of
 * forecast.h (FPA_OPT_FORECAST_FALLBACK). */
#include "arima.h"

#include <gsl/gsl_fit.h>
#include <string.h>

static void set_name(fpa_forecast_model *m, const char *name)
{
    static const char adj[] = " (seasonally adjusted)";
    if (m->adjust)
        snprintf(m->name, sizeof m->name, "%.*s%s",
                 (int)(sizeof m->name - sizeof adj), name, adj);
    else
        snprintf(m->name, sizeof m->name, "%s", name);
}

static double mean_sq(const double *y, const double *f, size_t from, size_t n)
{
    double s = 0;
    for (size_t t = from; t < n; t++) s += (y[t] - f[t]) * (y[t] - f[t]);
    return n > from ? s / (double)(n - from) : 0;
}

static void fill_nan(double *x, size_t n)
{
    for (size_t t = 0; t < n; t++) x[t] = NAN;
}

/* ---- benchmarks (R's forecast::naive, snaive, rwf(drift = TRUE), meanf
 * over a window, tslm) on data y (possibly seasonally adjusted) ---------- */

static void fit_naive(fpa_forecast_model *m, const double *y, size_t n)
{
    m->method = FPA_FORECAST_NAIVE;
    m->fitted[0] = NAN;
    for (size_t t = 1; t < n; t++) m->fitted[t] = y[t - 1];
    m->level = y[n - 1];
    m->sigma2 = mean_sq(y, m->fitted, 1, n);
    set_name(m, "Naive");
}

static void fit_snaive(fpa_forecast_model *m, size_t lag)
{
    const double *y = m->y;
    m->method = FPA_FORECAST_SNAIVE;
    fill_nan(m->fitted, lag);
    for (size_t t = lag; t < m->n; t++) m->fitted[t] = y[t - lag];
    m->sigma2 = mean_sq(y, m->fitted, lag, m->n);
    set_name(m, "Seasonal naive");
}

static void fit_drift(fpa_forecast_model *m)
{
    /* drift = mean change; its standard error and the residual variance
     * as R's lagwalk(drift = TRUE): lm(diff ~ 1) */
    const double *y = m->y;
    size_t n = m->n, k = n - 1;
    double b = (y[n - 1] - y[0]) / (double)k, ss = 0;
    for (size_t t = 1; t < n; t++) {
        double d = y[t] - y[t - 1] - b;
        ss += d * d;
    }
    m->method = FPA_FORECAST_DRIFT;
    m->drift = b;
    m->sigma2 = ss / (double)(k - 1);
    m->drift_se = sqrt(m->sigma2 / (double)k);
    m->level = y[n - 1];
    m->fitted[0] = NAN;
    for (size_t t = 1; t < n; t++) m->fitted[t] = y[t - 1] + b;
    set_name(m, "Drift");
}

static void fit_ma(fpa_forecast_model *m)
{
    const double *y = m->y;
    size_t n = m->n, k = m->st.ma_window < n ? m->st.ma_window : n;
    double s = 0;
    fill_nan(m->fitted, k);
    for (size_t t = 0; t < n; t++) {
        if (t >= k) {
            m->fitted[t] = s / (double)k;
            s -= y[t - k];
        }
        s += y[t];
    }
    m->method = FPA_FORECAST_MOVING_AVERAGE;
    m->window = k;
    m->level = s / (double)k;
    m->sigma2 = mean_sq(y, m->fitted, k, n);
    char name[48];
    snprintf(name, sizeof name, "Moving average (%zu)", k);
    set_name(m, name);
}

/* Regressors of the linear trend model at time index t (0-based). */
static void linear_row(double *row, size_t t, size_t p, size_t period)
{
    row[0] = 1;
    row[1] = (double)(t + 1);
    for (size_t j = 2; j < p; j++) row[j] = (t % period) == j - 1 ? 1 : 0;
}

static fpa_status fit_linear(fpa_forecast_model *m, bool seasonal)
{
    size_t n = m->n, p = seasonal ? m->period + 1 : 2;
    double *X = fpa__alloc(&m->mem, n * p + n + p, sizeof *X, false);
    double *coef = fpa__alloc(&m->mem, p + p * p, sizeof *coef, true);
    if (!X || !coef) {
        fpa__free(&m->mem, X, n * p + n + p, sizeof *X);
        fpa__free(&m->mem, coef, p + p * p, sizeof *coef);
        return FPA_ENOMEM;
    }
    for (size_t t = 0; t < n; t++) linear_row(X + t * p, t, p, m->period);
    double sse;
    bool ok = fc_lsq(coef, X, m->y, n, p, X + n * p, &sse);
    if (ok) {
        /* R^-1 by back substitution, for x0' (X'X)^-1 x0 = |R^-T x0|^2 */
        double *ri = coef + p;
        for (size_t j = p; j-- > 0;) {
            ri[j * p + j] = 1 / X[j * p + j];
            for (size_t i = j; i-- > 0;) {
                double s = 0;
                for (size_t k = i + 1; k <= j; k++) s += X[i * p + k] * ri[k * p + j];
                ri[i * p + j] = -s / X[i * p + i];
            }
        }
        double row[FPA_FORECAST_MAX_PERIOD + 1];
        for (size_t t = 0; t < n; t++) {
            linear_row(row, t, p, m->period);
            double f = 0;
            for (size_t j = 0; j < p; j++) f += coef[j] * row[j];
            m->fitted[t] = f;
        }
        fpa__free(&m->mem, m->coef, m->p + m->p * m->p, sizeof *m->coef);
        m->coef = coef;
        m->rinv = coef + p;
        m->p = p;
        m->sigma2 = sse / (double)(n - p);
        m->method = FPA_FORECAST_LINEAR;
        set_name(m, seasonal ? "Linear trend with seasonal dummies"
                             : "Linear trend");
    } else {
        fpa__free(&m->mem, coef, p + p * p, sizeof *coef);
    }
    fpa__free(&m->mem, X, n * p + n + p, sizeof *X);
    return ok ? FPA_OK : fpa__fail(FPA_ENOCONV, "linear trend: singular "
                                   "regression");
}

/* ---- seasonal adjustment (M4 benchmarks) ------------------------------------ */

/* Decide whether and how to adjust; fill m->figure. Adjusted data into ya. */
static fpa_status adjust(fpa_forecast_model *m, double *ya)
{
    const double *y = m->y;
    size_t n = m->n, per = m->period;
    m->adjust = FC_N;
    memcpy(ya, y, n * sizeof *ya);
    if (per < 2 || m->st.adjust == FPA_ADJUST_NEVER) return FPA_OK;
    if (m->st.adjust == FPA_ADJUST_TEST ? !fc_seasonal_test(y, n, per)
                                        : n < 2 * per)
        return FPA_OK;
    bool positive = true;
    for (size_t t = 0; t < n; t++) positive = positive && y[t] > 0;
    bool mult = positive &&
                m->st.decomposition == FPA_DECOMPOSITION_MULTIPLICATIVE;
    if (!m->figure) {
        m->figure = fpa__alloc(&m->mem, per, sizeof *m->figure, false);
        if (!m->figure) return FPA_ENOMEM;
    }
    fpa_status st = fc_decompose(m->figure, NULL, y, n, per, mult, &m->mem);
    if (st == FPA_EDATA) return FPA_OK;  /* cannot adjust: forecast as is */
    if (st != FPA_OK) return st;
    if (mult)  /* R's thetaf() refuses indices near zero likewise */
        for (size_t i = 0; i < per; i++)
            if (fabs(m->figure[i]) < 1e-4) return FPA_OK;
    m->adjust = mult ? FC_M : FC_A;
    for (size_t t = 0; t < n; t++)
        ya[t] = mult ? y[t] / m->figure[t % per] : y[t] - m->figure[t % per];
    return FPA_OK;
}

static void reseasonalise_fitted(fpa_forecast_model *m)
{
    if (!m->adjust) return;
    for (size_t t = 0; t < m->n; t++) {
        double s = m->figure[t % m->period];
        m->fitted[t] = m->adjust == FC_M ? m->fitted[t] * s : m->fitted[t] + s;
    }
}

/* ---- Theta ------------------------------------------------------------------ */

/* R's thetaf(): SES on the (adjusted) series plus half the slope of its
 * linear trend, with the (1 - (1 - alpha)^n) / alpha start-up term
 * (Hyndman & Billah 2003). */
static fpa_status fit_theta(fpa_forecast_model *m, const double *x)
{
    size_t n = m->n;
    fc_ets ses;
    fc_ets_spec sp = {FC_A, FC_N, FC_N, false};
    fpa_status st = fc_ets_fit(&ses, m->fitted, x, n, 1, sp, &m->mem);
    if (st != FPA_OK) return st;
    double c0, c1, v00, v01, v11, sse;
    double *tt = fpa__alloc(&m->mem, n, sizeof *tt, false);
    if (!tt) return FPA_ENOMEM;
    for (size_t i = 0; i < n; i++) tt[i] = (double)i;
    gsl_fit_linear(tt, 1, x, 1, n, &c0, &c1, &v00, &v01, &v11, &sse);
    fpa__free(&m->mem, tt, n, sizeof *tt);
    m->method = FPA_FORECAST_THETA;
    m->alpha = ses.alpha > 1e-10 ? ses.alpha : 1e-10;
    m->drift = c1 / 2;
    m->theta = 2;
    m->level = ses.xn[0];
    m->sigma2 = ses.sigma2;
    /* R's fitted values stay those of SES (reseasonalised) */
    set_name(m, "Theta");
    return FPA_OK;
}

/* Optimised Theta (Fiorucci et al. 2016): the theta line
 * Z_t = theta y_t + (1 - theta)(A + B t), SES on it with level l, and
 * yhat_(t+1) = (1 - 1/theta)(A + B (t + 1)) + l_t / theta; theta >= 1,
 * alpha and l_0 by least squares with NLopt's Nelder-Mead. Searched as
 * w = 1/theta in (0, 1] and u = l / theta, which follows
 * u_t = alpha (y_t - (1 - w)(A + B t)) + (1 - alpha) u_(t-1): the optimum
 * often lies at very large theta (trend plus SES of the deviations), where
 * theta itself is hopeless for a simplex. */
typedef struct {
    const double *y;
    size_t n;
    double A, B;
} otm_ctx;

static double otm_sse(const otm_ctx *c, double u0, double alpha, double w,
                      double *fit, double *uend)
{
    double u = u0, s = 0;
    for (size_t t = 0; t < c->n; t++) {
        double tr = (1 - w) * (c->A + c->B * (double)(t + 1));
        double f = tr + u;
        if (fit) fit[t] = f;
        s += (c->y[t] - f) * (c->y[t] - f);
        u = alpha * (c->y[t] - tr) + (1 - alpha) * u;
    }
    if (uend) *uend = u;
    return s;
}

#define OTM_WMIN 1e-6 /* theta at most 10^6 */

static double otm_objective(unsigned dim, const double *v, double *grad, void *p)
{
    const otm_ctx *c = p;
    double u0 = v[0], a = v[1], w = v[2];
    (void)dim;
    (void)grad;
    double bad = (a < 0.01 ? 0.01 - a : 0) + (a > 0.99 ? a - 0.99 : 0) +
                 (w < OTM_WMIN ? OTM_WMIN - w : 0) + (w > 1 ? w - 1 : 0);
    if (bad > 0 || !fpa__finite(u0)) return 1e12 * (2 + bad);
    double s = otm_sse(c, u0, a, w, NULL, NULL);
    return fpa__finite(s) ? s : 1e12;
}

static fpa_status fit_otheta(fpa_forecast_model *m, const double *x)
{
    size_t n = m->n;
    double scale = 0;
    for (size_t t = 0; t < n; t++) scale += fabs(x[t]) / (double)n;
    if (!(scale > 0)) scale = 1;
    double *ys = fpa__alloc(&m->mem, 2 * n, sizeof *ys, false);
    if (!ys) return FPA_ENOMEM;
    double *tt = ys + n, c0, c1, v00, v01, v11, sse;
    for (size_t t = 0; t < n; t++) {
        ys[t] = x[t] / scale;
        tt[t] = (double)(t + 1);
    }
    gsl_fit_linear(tt, 1, ys, 1, n, &c0, &c1, &v00, &v01, &v11, &sse);
    otm_ctx c = {ys, n, c0, c1};
    /* the standard Theta method to start: theta = 2, l_0 = Z_1 */
    double start[3] = {ys[0] - 0.5 * (c0 + c1), 0.5, 0.5};
    double step[3] = {0.1, 0.1, 0.1}, best = INFINITY, f;
    /* inside the bounds (NLopt's simplex pinned to them), where the
     * optimum often lies (theta = 10^6) */
    const double lo[3] = {-HUGE_VAL, 0.01, OTM_WMIN}, hi[3] = {HUGE_VAL, 0.99, 1};
    const fc_nm_stop stop = {0, 1e-10, 4000, lo, hi};
    for (int r = 0; r < 5; r++) {  /* restart while it still improves */
        double v[3];
        memcpy(v, start, sizeof v);
        fpa_status st = fc_minimise(v, &f, step, 3, otm_objective, &c, stop);
        if (st != FPA_OK) {
            fpa__free(&m->mem, ys, 2 * n, sizeof *ys);
            return st;
        }
        if (r > 0 && !(f < best - 1e-12 * best)) break;
        best = f;
        memcpy(start, v, sizeof v);
    }
    double u0 = start[0], a = start[1], w = start[2], uend;
    double ss = otm_sse(&c, u0, a, w, m->fitted, &uend);
    fpa__free(&m->mem, ys, 2 * n, sizeof *ys);
    if (!(a >= 0.01 && a <= 0.99 && w >= OTM_WMIN && w <= 1) || !fpa__finite(ss))
        return fpa__fail(FPA_ENOCONV, "optimised Theta: no admissible "
                         "parameters found");
    for (size_t t = 0; t < n; t++) m->fitted[t] *= scale;
    m->method = FPA_FORECAST_OPTIMISED_THETA;
    m->alpha = a;
    m->theta = 1 / w;
    m->level = uend * scale;
    m->intercept = c0 * scale;
    m->slope = c1 * scale;
    m->drift = c1 * scale * (1 - w);
    m->sigma2 = ss * scale * scale / (double)(n - 3);
    set_name(m, "Optimised Theta");
    return FPA_OK;
}

/* ---- dispatch and fallback ---------------------------------------------------- */

static fpa_status fallback(fpa_forecast_model *m, const char *what, size_t need)
{
    if (!m->st.fallback)
        return fpa__fail(FPA_EDATA, "%s needs at least %zu values; the series "
                         "has %zu (option forecast.fallback is off)", what,
                         need, m->n);
    m->adjust = FC_N;
    m->has_ets = false;
    m->ncand = 0;
    m->notes |= FPA_NOTE_FALLBACK;
    if (m->n >= 3) fit_drift(m);
    else fit_naive(m, m->y, m->n);
    return FPA_OK;
}

static bool constant(const double *y, size_t n)
{
    for (size_t t = 1; t < n; t++)
        if (y[t] != y[0]) return false;
    return true;
}

static fpa_status fit_ets_family(fpa_forecast_model *m, const double *x,
                                 fc_ets_spec sp, const char *what, size_t need)
{
    if (m->n < need) return fallback(m, what, need);
    fpa_status st = fc_ets_fit(&m->ets, m->fitted, x, m->n, 1, sp, &m->mem);
    if (st == FPA_EDATA) return fallback(m, what, need);
    if (st != FPA_OK) return st;
    m->has_ets = true;
    m->sigma2 = m->ets.sigma2;
    char name[32];
    fc_ets_name(name, sizeof name, &sp);
    set_name(m, name);
    reseasonalise_fitted(m);
    return FPA_OK;
}

/* A multiplicative component the options insist on cannot be fitted to
 * data with zeros or negatives: an error, not a reason to fall back. */
static fpa_status check_positive(const fpa_forecast_model *m)
{
    if (m->st.ets_error != FPA_ETS_MULTIPLICATIVE &&
        m->st.ets_season != FPA_ETS_MULTIPLICATIVE)
        return FPA_OK;
    for (size_t t = 0; t < m->n; t++)
        if (!(m->y[t] > 0))
            return fpa__fail(FPA_EDATA, "multiplicative ETS needs positive "
                             "data; y[%zu] is %g", t, m->y[t]);
    return FPA_OK;
}

static fpa_status fit_ets_auto(fpa_forecast_model *m)
{
    fc_settings st = m->st;
    fpa_status c = check_positive(m);
    if (c != FPA_OK) return c;
    fpa_status s = fc_ets_auto(&m->ets, m->fitted, m->y, m->n, m->period, &st,
                               &m->mem, NULL, NULL, NULL);
    if (s == FPA_EDATA && st.ets_season != FPA_ETS_AUTO &&
        st.ets_season != FPA_ETS_NONE && st.fallback) {
        st.ets_season = FPA_ETS_NONE;  /* too short for the season asked */
        m->notes |= FPA_NOTE_FALLBACK;
        s = fc_ets_auto(&m->ets, m->fitted, m->y, m->n, m->period, &st,
                        &m->mem, NULL, NULL, NULL);
    }
    if (s == FPA_EDATA) return fallback(m, "ETS", 5);
    if (s != FPA_OK) return s;
    m->has_ets = true;
    m->sigma2 = m->ets.sigma2;
    fc_ets_name(m->name, sizeof m->name, &m->ets.spec);
    return FPA_OK;
}

/* Every admissible ETS model, weighted by its Akaike weight (Kolassa 2011,
 * "Combining exponential smoothing forecasts using Akaike weights", IJF
 * 27(2)): the model-averaged forecast of Burnham & Anderson (2002). */
static fpa_status fit_combo(fpa_forecast_model *m)
{
    if (!m->cand) {
        m->cand = fpa__alloc(&m->mem, FC_MAX_CANDIDATES, sizeof *m->cand, false);
        m->weight = fpa__alloc(&m->mem, FC_MAX_CANDIDATES, sizeof *m->weight, false);
        if (!m->cand || !m->weight) return FPA_ENOMEM;
    }
    fpa_status s = check_positive(m);
    if (s != FPA_OK) return s;
    s = fc_ets_auto(&m->ets, m->fitted, m->y, m->n, m->period,
                    &m->st, &m->mem, m->cand, m->weight, &m->ncand);
    if (s == FPA_EDATA) return fallback(m, "the ETS combination", 5);
    if (s != FPA_OK) return s;
    m->method = FPA_FORECAST_COMBO;
    snprintf(m->name, sizeof m->name, "ETS combination");
    return FPA_OK;
}

/* Whether the forecast has a seasonal pattern. */
static bool seasonal_forecast(const fpa_forecast_model *m)
{
    switch (m->method) {
    case FPA_FORECAST_SNAIVE: return true;
    case FPA_FORECAST_LINEAR: return m->p > 2;
    case FPA_FORECAST_COMBO: {
        double w = 0;
        for (size_t i = 0; i < m->ncand; i++)
            if (m->cand[i].spec.season != FC_N) w += m->weight[i];
        return w >= 0.5;
    }
    case FPA_FORECAST_ENSEMBLE:
        for (size_t i = 0; i < FC_NMEMBER; i++)
            if (seasonal_forecast(m->member[i])) return true;
        return false;
    default: return m->adjust != FC_N || (m->has_ets && m->ets.spec.season != FC_N);
    }
}

static fpa_status estimate(fpa_forecast_model *m);

/* A method that falls back succeeds with the failure of the method it
 * could not fit in the thread's record: a success puts the caller's back. */
fpa_status fc_model_estimate(fpa_forecast_model *m)
{
    m->notes = 0;
    fpa__error_record kept;
    fpa__error_keep(&kept);
    fpa_status s = estimate(m);
    if (s == FPA_OK && m->period >= 2 && !(m->notes & FPA_NOTE_CONSTANT) &&
        !seasonal_forecast(m) && fc_seasonal_strength(m->y, m->n, m->period) >= 0.64)
        m->notes |= FPA_NOTE_SEASONAL_IGNORED;
    if (s == FPA_OK) fpa__error_put_back(&kept);
    return s;
}

static fpa_status estimate(fpa_forecast_model *m)
{
    size_t n = m->n, per = m->period;
    m->adjust = FC_N;
    m->has_ets = false;
    m->ncand = 0;
    m->method = m->requested;
    if (constant(m->y, n)) {
        fit_naive(m, m->y, n);
        m->sigma2 = 0;
        m->notes |= FPA_NOTE_CONSTANT;
        snprintf(m->name, sizeof m->name, "Naive (constant series)");
        return FPA_OK;
    }
    switch (m->requested) {
    case FPA_FORECAST_NAIVE: fit_naive(m, m->y, n); return FPA_OK;
    case FPA_FORECAST_SNAIVE:
        if (per >= 2 && n <= per && !m->st.fallback)
            return fallback(m, "seasonal naive", per + 1);
        if (per < 2 || n <= per) fit_naive(m, m->y, n);  /* lag 1: naive */
        else fit_snaive(m, per);
        if (per >= 2 && n <= per) m->notes |= FPA_NOTE_FALLBACK;
        return FPA_OK;
    case FPA_FORECAST_DRIFT:
        if (n < 3) return fallback(m, "drift", 3);
        fit_drift(m);
        return FPA_OK;
    case FPA_FORECAST_MOVING_AVERAGE: fit_ma(m); return FPA_OK;
    case FPA_FORECAST_LINEAR: {
        bool seas = m->st.linear_seasonal && per > 1 && n >= 2 * per;
        if (!seas && n < 3) return fallback(m, "linear trend", 3);
        fpa_status st = fit_linear(m, seas);
        if (st == FPA_ENOCONV && seas) st = fit_linear(m, false);
        if (m->st.linear_seasonal && per > 1 && m->p <= 2) m->notes |= FPA_NOTE_FALLBACK;
        return st;
    }
    case FPA_FORECAST_ETS: return fit_ets_auto(m);
    case FPA_FORECAST_COMBO: return fit_combo(m);
    case FPA_FORECAST_ENSEMBLE: return fc_ensemble_fit(m);
    case FPA_FORECAST_ARIMA: {
        fpa_status s = fc_arima_model_fit(m);
        if (s == FPA_EDATA && fc_arima_may_fall_back(m)) return fallback(m, "ARIMA", 1);
        return s;
    }
    default: break;
    }
    /* the methods on seasonally adjusted data */
    double *x = fpa__alloc(&m->mem, n, sizeof *x, false);
    if (!x) return FPA_ENOMEM;
    fpa_status st = adjust(m, x);
    if (st != FPA_OK) goto done;
    switch (m->requested) {
    case FPA_FORECAST_NAIVE2:
        fit_naive(m, x, n);
        m->method = FPA_FORECAST_NAIVE2;
        set_name(m, "Naive2");
        reseasonalise_fitted(m);
        break;
    case FPA_FORECAST_SES:
        st = fit_ets_family(m, x, (fc_ets_spec){FC_A, FC_N, FC_N, false}, "SES", 4);
        break;
    case FPA_FORECAST_HOLT:
        st = fit_ets_family(m, x, (fc_ets_spec){FC_A, FC_A, FC_N, false}, "Holt", 6);
        break;
    case FPA_FORECAST_DAMPED:
        st = fit_ets_family(m, x, (fc_ets_spec){FC_A, FC_A, FC_N, true}, "damped trend", 7);
        break;
    case FPA_FORECAST_THETA:
        if (n < 4) { st = fallback(m, "Theta", 4); break; }
        st = fit_theta(m, x);
        if (st == FPA_EDATA) st = fallback(m, "Theta", 4);
        else if (st == FPA_OK) reseasonalise_fitted(m);
        break;
    case FPA_FORECAST_OPTIMISED_THETA:
        if (n < 5) { st = fallback(m, "optimised Theta", 5); break; }
        st = fit_otheta(m, x);
        if (st == FPA_OK) reseasonalise_fitted(m);
        break;
    default:
        st = fpa__fail(FPA_EINVAL, "method %d is unknown", (int)m->requested);
    }
done:
    fpa__free(&m->mem, x, n, sizeof *x);
    return st;
}
