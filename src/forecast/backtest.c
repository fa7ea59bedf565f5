/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rolling-origin evaluation (Tashman 2000): one fit per origin, origins in
 * parallel, each writing only its own row of forecasts. */
#include "../core/parallel.h"
#include "fc.h"

#include <string.h>

struct fpa_backtest {
    fpa_mem mem;
    size_t origins, h, period, n;
    double *y;             /* the cleaned series */
    size_t *from, *len;    /* training window of each origin */
    double *fc;            /* origins x h */
};

typedef struct {
    fpa_backtest *bt;
    fpa_forecast_method method;
    const fc_settings *st;
} bt_ctx;

static fpa_status origin_job(void *vc, size_t i, unsigned worker)
{
    (void)worker;
    const bt_ctx *c = vc;
    fpa_backtest *bt = c->bt;
    fpa_forecast_model *m;
    fpa_status s = fc_model_new(&m, c->method, bt->y + bt->from[i], bt->len[i],
                                bt->period, c->st, &bt->mem);
    if (s == FPA_OK) s = fc_model_estimate(m);
    if (s == FPA_OK)
        s = fc_predict(m, bt->fc + i * bt->h, NULL, NULL, bt->h, NULL, 0, c->st, i);
    for (size_t j = 0; s == FPA_OK && j < bt->h; j++)
        if (!fpa__finite(bt->fc[i * bt->h + j]))
            s = fpa__fail(FPA_EOVERFLOW, "origin %zu: forecast %zu is not finite", i, j);
    fpa_forecast_model_free(m);
    return s;
}

void fpa_forecast_backtest_free(fpa_backtest *bt)
{
    if (!bt) return;
    fpa_mem mem = bt->mem;
    fpa__free(&mem, bt->y, bt->n, sizeof *bt->y);
    fpa__free(&mem, bt->from, 2 * bt->origins, sizeof *bt->from);
    fpa__free(&mem, bt->fc, bt->origins * bt->h, sizeof *bt->fc);
    fpa__free(&mem, bt, 1, sizeof *bt);
}

fpa_status fpa_forecast_backtest(fpa_backtest **out, fpa_forecast_method method,
                                 const double *y, size_t n, size_t period,
                                 size_t h, size_t origins, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    if (h == 0 || origins == 0)
        return fpa__fail(FPA_EINVAL, "%s is 0", h == 0 ? "h" : "origins");
    if (!fc_method_known(method))
        return fpa__fail(FPA_EINVAL, "method %d is unknown", (int)method);
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    fc_settings st;
    fpa_status s = fc_settings_read(&st, opts);
    if (s != FPA_OK) return s;
    fpa_mem mem = fpa__mem_of(opts);
    double *c;
    size_t nc;
    s = fc_clean(&c, &nc, NULL, y, n, st.max_gap, &mem);
    if (s != FPA_OK) return s;
    /* last origin after nc - h values, the others step apart before it */
    size_t step = st.origin_step, span;
    bool fits = nc > h && !fpa__mul_overflows(origins - 1, step, &span) &&
                span < nc - h;
    if (!fits) {
        fpa__free(&mem, c, nc, sizeof *c);
        return fpa__fail(FPA_EINVAL, "%zu values cannot hold %zu origins %zu "
                         "apart with h = %zu and a value before the first",
                         nc, origins, step, h);
    }
    size_t first_end = nc - h - span;
    size_t win = st.window == 1 ? (st.window_length ? st.window_length : first_end) : 0;
    if (win > first_end) {
        fpa__free(&mem, c, nc, sizeof *c);
        return fpa__fail(FPA_EINVAL, "sliding window of %zu values is longer "
                         "than the data before the first origin (%zu)", win,
                         first_end);
    }
    fpa_backtest *bt = fpa__alloc(&mem, 1, sizeof *bt, true);
    if (!bt) {
        fpa__free(&mem, c, nc, sizeof *c);
        return FPA_ENOMEM;
    }
    *bt = (fpa_backtest){mem, origins, h, period, nc, c, NULL, NULL, NULL};
    bt->from = fpa__alloc(&mem, 2 * origins, sizeof *bt->from, false);
    bt->fc = fpa__alloc(&mem, origins * h, sizeof *bt->fc, false);
    if (!bt->from || !bt->fc) {
        fpa_forecast_backtest_free(bt);
        return FPA_ENOMEM;
    }
    bt->len = bt->from + origins;
    for (size_t i = 0; i < origins; i++) {
        size_t end = first_end + i * step;
        bt->from[i] = win ? end - win : 0;
        bt->len[i] = end - bt->from[i];
    }
    bt_ctx ctx = {bt, method, &st};
    s = fpa__parallel_for(opts, origins, origin_job, &ctx);
    if (s != FPA_OK) {
        fpa_forecast_backtest_free(bt);
        return s;
    }
    *out = bt;
    return FPA_OK;
}

fpa_status fpa_forecast_backtest_size(size_t *out_origins, size_t *out_h,
                                      const fpa_backtest *bt)
{
    if (!bt) return fpa__fail(FPA_EINVAL, "bt is NULL");
    if (out_origins) *out_origins = bt->origins;
    if (out_h) *out_h = bt->h;
    return FPA_OK;
}

fpa_status fpa_forecast_backtest_values(double *out_forecasts,
                                        double *out_actuals, size_t cap,
                                        const fpa_backtest *bt)
{
    if (!bt) return fpa__fail(FPA_EINVAL, "bt is NULL");
    size_t need = bt->origins * bt->h;
    if ((out_forecasts || out_actuals) && cap < need)
        return fpa__fail(FPA_ESIZE, "outputs need %zu values, cap is %zu", need, cap);
    if (out_forecasts) memcpy(out_forecasts, bt->fc, need * sizeof *bt->fc);
    for (size_t i = 0; out_actuals && i < bt->origins; i++)
        memcpy(out_actuals + i * bt->h, bt->y + bt->from[i] + bt->len[i],
               bt->h * sizeof *bt->y);
    return FPA_OK;
}

/* The measure over the pairs (origin i, horizon j) with j in [j0, j1). */
static fpa_status measure(double *out, const fpa_backtest *bt, fpa_metric metric,
                          size_t j0, size_t j1)
{
    size_t k = bt->origins * (j1 - j0), at = 0;
    double *a = fpa__alloc(&bt->mem, 2 * k, sizeof *a, false);
    if (!a) return FPA_ENOMEM;
    double *f = a + k, scaled = 0;
    fpa_status s = FPA_OK;
    for (size_t i = 0; i < bt->origins && s == FPA_OK; i++) {
        const double *act = bt->y + bt->from[i] + bt->len[i];
        double scale = 1;
        if (metric == FPA_METRIC_MASE)
            s = fpa_accuracy_scale(&scale, bt->y + bt->from[i], bt->len[i], bt->period);
        for (size_t j = j0; j < j1 && s == FPA_OK; j++, at++) {
            a[at] = act[j];
            f[at] = bt->fc[i * bt->h + j];
            scaled += fabs(a[at] - f[at]) / scale;
        }
    }
    if (s == FPA_OK) {
        if (metric == FPA_METRIC_MASE)  /* each origin scaled by its own data */
            s = fpa__store(out, scaled / (double)k, "MASE");
        else
            s = fpa_accuracy_metric(out, metric, a, f, k, NULL, 0, 1);
    }
    fpa__free(&bt->mem, a, 2 * k, sizeof *a);
    return s;
}

fpa_status fpa_forecast_backtest_error(double *out_by_horizon, double *out_all,
                                       const fpa_backtest *bt, fpa_metric metric)
{
    if (!bt) return fpa__fail(FPA_EINVAL, "bt is NULL");
    if (!fpa_metric_name(metric))
        return fpa__fail(FPA_EINVAL, "metric %d is unknown", (int)metric);
    double all = 0;
    fpa_status s = FPA_OK;
    if (out_all) s = measure(&all, bt, metric, 0, bt->h);
    double *by = NULL;
    if (s == FPA_OK && out_by_horizon) {
        by = fpa__alloc(&bt->mem, bt->h, sizeof *by, false);
        if (!by) return FPA_ENOMEM;
        for (size_t j = 0; j < bt->h && s == FPA_OK; j++)
            s = measure(&by[j], bt, metric, j, j + 1);
    }
    if (s == FPA_OK) {
        if (out_all) *out_all = all;
        if (by) memcpy(out_by_horizon, by, bt->h * sizeof *by);
    }
    fpa__free(&bt->mem, by, bt->h, sizeof *by);
    return s;
}
