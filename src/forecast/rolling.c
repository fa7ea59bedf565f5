/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rolling forecast: actuals, the current model, and every forecast
 * version (one per close) for error-by-lag reporting. */
#include "fc.h"

#include <string.h>

struct fpa_rolling {
    fpa_mem mem;
    fc_settings st;
    fpa_forecast_method method;
    size_t period, horizon;
    int64_t start;            /* absolute period of the first actual */
    double *actual;           /* as given (NaN kept) */
    size_t n, cap;
    size_t n0;                /* actuals when version 0 was made */
    fpa_forecast_model *model;
    double *version;          /* versions x horizon */
    size_t nver, vcap;
};

void fpa_forecast_rolling_free(fpa_rolling *r)
{
    if (!r) return;
    fpa_mem mem = r->mem;
    fpa_forecast_model_free(r->model);
    fpa__free(&mem, r->actual, r->cap, sizeof *r->actual);
    fpa__free(&mem, r->version, r->vcap * r->horizon, sizeof *r->version);
    fpa__free(&mem, r, 1, sizeof *r);
}

/* A model of the actuals y[0..n) under the rolling forecast's settings. */
static fpa_status fit(fpa_forecast_model **out, const fpa_rolling *r,
                      const double *y, size_t n)
{
    double *c;
    size_t nc;
    *out = NULL;
    fpa_status s = fc_clean(&c, &nc, NULL, y, n, r->st.max_gap, &r->mem);
    if (s != FPA_OK) return s;
    s = fc_model_new(out, r->method, c, nc, r->period, &r->st, &r->mem);
    fpa__free(&r->mem, c, nc, sizeof *c);
    if (s == FPA_OK) s = fc_model_estimate(*out);
    if (s != FPA_OK) {
        fpa_forecast_model_free(*out);
        *out = NULL;
    }
    return s;
}

static fpa_status forecast(double *out, const fpa_forecast_model *m, size_t h,
                           const fc_settings *st)
{
    fpa_status s = fc_predict(m, out, NULL, NULL, h, NULL, 0, st, 0);
    for (size_t j = 0; s == FPA_OK && j < h; j++)
        if (!fpa__finite(out[j]))
            s = fpa__fail(FPA_EOVERFLOW, "forecast %zu is not finite", j);
    return s;
}

fpa_status fpa_forecast_rolling_new(fpa_rolling **out, fpa_forecast_method method,
                                    const double *y, size_t n, size_t period,
                                    int start_year, int start_period,
                                    size_t horizon, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    if (!y) return fpa__fail(FPA_EINVAL, "y is NULL");
    if (n == 0 || horizon == 0)
        return fpa__fail(FPA_EINVAL, "%s is 0", n == 0 ? "n" : "horizon");
    if (!fc_method_known(method))
        return fpa__fail(FPA_EINVAL, "method %d is unknown", (int)method);
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    if (start_period < 1 || (size_t)start_period > period)
        return fpa__fail(FPA_EINVAL, "start_period %d is outside 1..%zu",
                         start_period, period);
    fc_settings st;
    fpa_status s = fc_settings_read(&st, opts);
    if (s != FPA_OK) return s;
    if ((size_t)st.fiscal_start > period)
        return fpa__fail(FPA_EINVAL, "option forecast.fiscal_start = %d exceeds "
                         "the period %zu", st.fiscal_start, period);
    fpa_mem mem = fpa__mem_of(opts);
    fpa_rolling *r = fpa__alloc(&mem, 1, sizeof *r, true);
    if (!r) return FPA_ENOMEM;
    r->mem = mem;
    r->st = st;
    r->method = method;
    r->period = period;
    r->horizon = horizon;
    r->start = (int64_t)start_year * (int64_t)period + start_period - 1;
    r->actual = fpa__alloc(&mem, n, sizeof *r->actual, false);
    r->version = fpa__alloc(&mem, horizon, sizeof *r->version, false);
    if (!r->actual || !r->version) {
        fpa__free(&mem, r->actual, n, sizeof *r->actual);
        fpa__free(&mem, r->version, horizon, sizeof *r->version);
        fpa__free(&mem, r, 1, sizeof *r);
        return FPA_ENOMEM;
    }
    memcpy(r->actual, y, n * sizeof *y);
    r->n = r->cap = r->n0 = n;
    r->vcap = 1;
    s = fit(&r->model, r, y, n);
    if (s == FPA_OK) s = forecast(r->version, r->model, horizon, &r->st);
    if (s != FPA_OK) {
        fpa_forecast_rolling_free(r);
        return s;
    }
    r->nver = 1;
    *out = r;
    return FPA_OK;
}

/* Room for one more actual and one more version. */
static fpa_status reserve(fpa_rolling *r)
{
    if (r->n == r->cap) {
        size_t cap = 2 * r->cap;
        double *a = fpa__realloc(&r->mem, r->actual, r->cap, cap, sizeof *a);
        if (!a) return FPA_ENOMEM;
        r->actual = a;
        r->cap = cap;
    }
    if (r->nver == r->vcap) {
        size_t cap = 2 * r->vcap, h = r->horizon;
        double *v = fpa__realloc(&r->mem, r->version, r->vcap * h, cap * h, sizeof *v);
        if (!v) return FPA_ENOMEM;
        r->version = v;
        r->vcap = cap;
    }
    return FPA_OK;
}

fpa_status fpa_forecast_rolling_append(fpa_rolling *r, double actual)
{
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    fpa_status s = fpa__check_value(actual, "actual");
    if (s == FPA_OK) s = reserve(r);
    if (s != FPA_OK) return s;
    r->actual[r->n] = actual;  /* not counted until everything succeeded */
    fpa_forecast_model *m = NULL;
    if (r->st.rolling_update) {
        s = fc_model_clone(&m, r->model);
        if (s == FPA_OK) s = fpa_forecast_model_update(m, &actual, 1);
    } else {
        s = fit(&m, r, r->actual, r->n + 1);
    }
    double *v = r->version + r->nver * r->horizon;
    if (s == FPA_OK) s = forecast(v, m, r->horizon, &r->st);
    if (s != FPA_OK) {
        fpa_forecast_model_free(m);
        return s;
    }
    fpa_forecast_model_free(r->model);
    r->model = m;
    r->n++;
    r->nver++;
    return FPA_OK;
}

fpa_status fpa_forecast_rolling_size(size_t *out_actuals, size_t *out_versions,
                                     const fpa_rolling *r)
{
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    if (out_actuals) *out_actuals = r->n;
    if (out_versions) *out_versions = r->nver;
    return FPA_OK;
}

fpa_status fpa_forecast_rolling_view(double *out, size_t cap,
                                     const fpa_rolling *r)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    size_t need = r->n + r->horizon;
    if (cap < need)
        return fpa__fail(FPA_ESIZE, "out needs %zu values, cap is %zu", need, cap);
    memcpy(out, r->actual, r->n * sizeof *out);
    memcpy(out + r->n, r->version + (r->nver - 1) * r->horizon,
           r->horizon * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_forecast_rolling_version(double *out, size_t cap,
                                        const fpa_rolling *r, size_t version)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    if (version >= r->nver)
        return fpa__fail(FPA_EINVAL, "version %zu does not exist (%zu kept)",
                         version, r->nver);
    if (cap < r->horizon)
        return fpa__fail(FPA_ESIZE, "out needs %zu values, cap is %zu",
                         r->horizon, cap);
    memcpy(out, r->version + version * r->horizon, r->horizon * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_forecast_rolling_error_by_lag(double *out, size_t *out_counts,
                                             size_t max_lag, const fpa_rolling *r,
                                             fpa_metric metric)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    if (max_lag < 1 || max_lag > r->horizon)
        return fpa__fail(FPA_EINVAL, "max_lag %zu is outside 1..%zu", max_lag,
                         r->horizon);
    if (!fpa_metric_name(metric))
        return fpa__fail(FPA_EINVAL, "metric %d is unknown", (int)metric);
    size_t closes = r->n - r->n0;  /* actuals that had forecasts */
    double *a = fpa__alloc(&r->mem, 2 * (closes ? closes : 1) + max_lag, sizeof *a, false);
    if (!a) return FPA_ENOMEM;
    double *f = a + (closes ? closes : 1), *res = f + (closes ? closes : 1);
    fpa_status s = FPA_OK;
    const fpa_forecast_model *m = r->model;
    for (size_t k = 1; k <= max_lag && s == FPA_OK; k++) {
        /* version v forecast actual n0 + v + k - 1 at lag k */
        size_t cnt = closes >= k ? closes - k + 1 : 0;
        for (size_t v = 0; v < cnt; v++) {
            a[v] = r->actual[r->n0 + v + k - 1];
            f[v] = r->version[v * r->horizon + k - 1];
        }
        if (out_counts) out_counts[k - 1] = cnt;
        res[k - 1] = NAN;
        if (cnt)
            s = fpa_accuracy_metric(&res[k - 1], metric, a, f, cnt, m->y, m->n,
                                    r->period);
    }
    if (s == FPA_OK) memcpy(out, res, max_lag * sizeof *out);
    fpa__free(&r->mem, a, 2 * (closes ? closes : 1) + max_lag, sizeof *a);
    return s;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return (a - floor_mod(a, b)) / b;
}

fpa_status fpa_forecast_rolling_outlook(double *out_total, double *out_actual,
                                        double *out_forecast, int *out_year,
                                        const fpa_rolling *r)
{
    if (!out_total) return fpa__fail(FPA_EINVAL, "out_total is NULL");
    if (!r) return fpa__fail(FPA_EINVAL, "r is NULL");
    int64_t P = (int64_t)r->period, next = r->start + (int64_t)r->n;
    /* periods from the fiscal year's start to the first forecast period */
    int64_t d = floor_mod(next - (r->st.fiscal_start - 1), P);
    size_t nf = (size_t)(P - d);  /* forecast periods to the year end */
    double act = 0, fc = 0;
    const fpa_forecast_model *m = r->model;
    /* the model's (cleaned) values: gaps interpolated, leading NaN dropped */
    size_t skipped = r->n - m->n;
    for (int64_t i = (int64_t)r->n - d; i < (int64_t)r->n; i++)
        if (i >= (int64_t)skipped) act += m->y[i - (int64_t)skipped];
    double *w = fpa__alloc(&r->mem, nf, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    fpa_status s = forecast(w, m, nf, &r->st);
    for (size_t j = 0; s == FPA_OK && j < nf; j++) fc += w[j];
    fpa__free(&r->mem, w, nf, sizeof *w);
    if (s != FPA_OK) return s;
    if (!fpa__finite(act + fc))
        return fpa__fail(FPA_EOVERFLOW, "the outlook is not finite");
    *out_total = act + fc;
    if (out_actual) *out_actual = act;
    if (out_forecast) *out_forecast = fc;
    if (out_year) *out_year = (int)floor_div(next + (int64_t)nf - 1, P);
    return FPA_OK;
}

const fpa_forecast_model *fpa_forecast_rolling_model(const fpa_rolling *r)
{
    return r->model;
}
