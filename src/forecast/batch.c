/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Many series, one method, several threads. Each series is an independent
 * job writing only its own outputs; its random stream (simulated
 * intervals) is derived from the seed and the series index, so results do
 * not depend on the thread count or on the order jobs run in. */
#include "../core/parallel.h"
#include "fc.h"

#include <string.h>

typedef struct {
    double *mean, *lower, *upper;
    char *names;
    fpa_status *status;
    fpa_forecast_method method;
    const double *values;
    const size_t *offsets;
    size_t period, h, nlevels;
    const double *levels;
    const fc_settings *st;
    fpa_mem mem;
} batch_ctx;

static void fail_series(const batch_ctx *c, size_t i)
{
    size_t nb = c->nlevels * c->h;
    for (size_t j = 0; j < c->h; j++) c->mean[i * c->h + j] = NAN;
    for (size_t j = 0; j < nb; j++)
        c->lower[i * nb + j] = c->upper[i * nb + j] = NAN;
    if (c->names) memset(c->names + i * FPA_FORECAST_NAME_MAX, 0, FPA_FORECAST_NAME_MAX);
}

static fpa_status one(const batch_ctx *c, size_t i)
{
    size_t n0 = c->offsets[i], n = c->offsets[i + 1] - n0, nb = c->nlevels * c->h;
    double *y;
    size_t ny;
    fpa_status s = fc_clean(&y, &ny, NULL, c->values + n0, n, c->st->max_gap,
                            &c->mem);
    if (s != FPA_OK) return s;
    fpa_forecast_model *m;
    s = fc_model_new(&m, c->method, y, ny, c->period, c->st, &c->mem);
    fpa__free(&c->mem, y, ny, sizeof *y);
    if (s == FPA_OK) s = fc_model_estimate(m);
    double *mean = c->mean + i * c->h;
    /* no interval buffers without levels: never offset a NULL pointer */
    double *lower = c->lower ? c->lower + i * nb : NULL;
    double *upper = c->upper ? c->upper + i * nb : NULL;
    if (s == FPA_OK)
        s = fc_predict(m, mean, lower, upper, c->h, c->levels, c->nlevels, c->st, i);
    for (size_t j = 0; s == FPA_OK && j < c->h; j++)
        if (!fpa__finite(mean[j]))
            s = fpa__fail(FPA_EOVERFLOW, "forecast %zu is not finite", j);
    for (size_t j = 0; s == FPA_OK && lower && j < nb; j++)
        if (!fpa__finite(lower[j]) || !fpa__finite(upper[j]))
            s = fpa__fail(FPA_EOVERFLOW, "interval bound %zu is not finite", j);
    if (s == FPA_OK && c->names) {
        char *dst = c->names + i * FPA_FORECAST_NAME_MAX;
        memset(dst, 0, FPA_FORECAST_NAME_MAX);
        memcpy(dst, m->name, strlen(m->name));
    }
    fpa_forecast_model_free(m);
    return s;
}

static fpa_status job(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    const batch_ctx *c = ctx;
    fpa_status s = one(c, i);
    if (s == FPA_OK) {
        if (c->status) c->status[i] = FPA_OK;
        return FPA_OK;
    }
    fail_series(c, i);
    if (s == FPA_ENOMEM || !c->status) {
        char detail[400];
        snprintf(detail, sizeof detail, "%s", fpa_error_last());
        return fpa__fail(s, "series %zu: %s", i, detail);
    }
    c->status[i] = s;
    return FPA_OK;
}

fpa_status fpa_forecast_batch(double *out_mean, double *out_lower,
                              double *out_upper, char *out_names,
                              fpa_status *out_status,
                              fpa_forecast_method method, const double *values,
                              const size_t *offsets, size_t nseries,
                              size_t period, size_t h, const double *levels,
                              size_t nlevels, const fpa_opts *opts)
{
    if (!out_mean) return fpa__fail(FPA_EINVAL, "out_mean is NULL");
    if (nlevels && (!out_lower || !out_upper || !levels))
        return fpa__fail(FPA_EINVAL, "%s is NULL", !levels ? "levels"
                         : !out_lower ? "out_lower" : "out_upper");
    if (!offsets) return fpa__fail(FPA_EINVAL, "offsets is NULL");
    if (!values && nseries && offsets[nseries] > offsets[0])
        return fpa__fail(FPA_EINVAL, "values is NULL");
    if (h == 0) return fpa__fail(FPA_EINVAL, "h is 0");
    if (!fc_method_known(method))
        return fpa__fail(FPA_EINVAL, "method %d is unknown", (int)method);
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    for (size_t i = 0; i < nseries; i++)
        if (offsets[i + 1] < offsets[i])
            return fpa__fail(FPA_EINVAL, "offsets[%zu] = %zu is below "
                             "offsets[%zu] = %zu", i + 1, offsets[i + 1], i,
                             offsets[i]);
    for (size_t k = 0; k < nlevels; k++)
        if (!(levels[k] > 0 && levels[k] < 100))
            return fpa__fail(FPA_EINVAL, "levels[%zu] = %g is outside (0, 100)",
                             k, levels[k]);
    fc_settings st;
    fpa_status s = fc_settings_read(&st, opts);
    if (s != FPA_OK) return s;
    batch_ctx c = {out_mean, out_lower, out_upper, out_names, out_status,
                   method, values, offsets, period, h, nlevels, levels, &st,
                   fpa__mem_of(opts)};
    /* series that fail into out_status leave their detail in the record
     * of the thread that ran them, the caller's included */
    fpa__error_record kept;
    fpa__error_keep(&kept);
    s = fpa__parallel_for(opts, nseries, job, &c);
    if (s == FPA_OK) fpa__error_put_back(&kept);
    return s;
}
