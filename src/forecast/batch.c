/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Many series, one method, several threads: the batch (fit, forecast and
 * forget each series) and the forecast set (keep every model, to read its
 * detail and forecast it later). Each series is an independent job
 * writing only its own outputs; its random stream (simulated intervals) is
 * derived from the seed and the series index, so results do not depend on
 * the thread count or on the order jobs run in, and a set forecasts
 * exactly as the batch does. */
#include "../core/parallel.h"
#include "fc.h"

#include <string.h>

struct fpa_forecast_set {
    fpa_mem mem;
    size_t n;
    fpa_forecast_model **model; /* NULL where the series failed */
    fpa_status *status;
};

/* What a job needs to fit series i (values[offsets[i] .. offsets[i + 1]]). */
typedef struct {
    fpa_forecast_method method;
    const double *values;
    const size_t *offsets;
    size_t period;
    const fc_settings *st;
    fpa_mem mem;
} fit_ctx;

/* Forecast outputs of series i. */
typedef struct {
    double *mean, *lower, *upper;
    size_t h, nlevels;
    const double *levels;
    const fc_settings *st;
} out_ctx;

static fpa_status fit_one(fpa_forecast_model **out, const fit_ctx *c, size_t i)
{
    size_t n0 = c->offsets[i], n = c->offsets[i + 1] - n0;
    double *y;
    size_t ny;
    *out = NULL;
    fpa_status s = fc_clean(&y, &ny, NULL, c->values + n0, n, c->st->max_gap, &c->mem);
    if (s != FPA_OK) return s;
    fpa_forecast_model *m;
    s = fc_model_new(&m, c->method, y, ny, c->period, c->st, &c->mem);
    fpa__free(&c->mem, y, ny, sizeof *y);
    if (s == FPA_OK) s = fc_model_estimate(m);
    if (s != FPA_OK) {
        fpa_forecast_model_free(m);
        return s;
    }
    *out = m;
    return FPA_OK;
}

static void fail_outputs(const out_ctx *o, size_t i)
{
    size_t nb = o->nlevels * o->h;
    for (size_t j = 0; j < o->h; j++) o->mean[i * o->h + j] = NAN;
    for (size_t j = 0; j < nb; j++) o->lower[i * nb + j] = o->upper[i * nb + j] = NAN;
}

static fpa_status predict_one(const out_ctx *o, const fpa_forecast_model *m, size_t i)
{
    size_t nb = o->nlevels * o->h;
    double *mean = o->mean + i * o->h;
    /* no interval buffers without levels: never offset a NULL pointer */
    double *lower = o->lower ? o->lower + i * nb : NULL;
    double *upper = o->upper ? o->upper + i * nb : NULL;
    fpa_status s = fc_predict(m, mean, lower, upper, o->h, o->levels, o->nlevels, o->st, i);
    for (size_t j = 0; s == FPA_OK && j < o->h; j++)
        if (!fpa__finite(mean[j])) s = fpa__fail(FPA_EOVERFLOW, "forecast %zu is not finite", j);
    for (size_t j = 0; s == FPA_OK && lower && j < nb; j++)
        if (!fpa__finite(lower[j]) || !fpa__finite(upper[j]))
            s = fpa__fail(FPA_EOVERFLOW, "interval bound %zu is not finite", j);
    return s;
}

/* A series' failure: its status kept when there is room for it, else (and
 * for a lack of memory, which is not the series' fault) the call's. */
static fpa_status series_failed(fpa_status s, fpa_status *status, size_t i)
{
    if (s == FPA_ENOMEM || !status) {
        char detail[400];
        snprintf(detail, sizeof detail, "%s", fpa_error_last());
        return fpa__fail(s, "series %zu: %s", i, detail);
    }
    status[i] = s;
    return FPA_OK;
}

/* ---- the batch -------------------------------------------------------------------- */

typedef struct {
    fit_ctx fit;
    out_ctx out;
    char *names;
    fpa_status *status;
} batch_ctx;

static fpa_status batch_job(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    const batch_ctx *c = ctx;
    fpa_forecast_model *m;
    fpa_status s = fit_one(&m, &c->fit, i);
    if (s == FPA_OK) s = predict_one(&c->out, m, i);
    char *name = c->names ? c->names + i * FPA_FORECAST_NAME_MAX : NULL;
    if (name) memset(name, 0, FPA_FORECAST_NAME_MAX);
    if (s == FPA_OK && name) memcpy(name, m->name, strlen(m->name));
    fpa_forecast_model_free(m);
    if (s == FPA_OK) {
        if (c->status) c->status[i] = FPA_OK;
        return FPA_OK;
    }
    fail_outputs(&c->out, i);
    return series_failed(s, c->status, i);
}

/* The checks shared by the batch and the set: the CSR layout, the method
 * and the period. */
static fpa_status check_series(fpa_forecast_method method, const double *values,
                               const size_t *offsets, size_t nseries, size_t period)
{
    if (!offsets) return fpa__fail(FPA_EINVAL, "offsets is NULL");
    if (!values && nseries && offsets[nseries] > offsets[0])
        return fpa__fail(FPA_EINVAL, "values is NULL");
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
    return FPA_OK;
}

static fpa_status check_outputs(const double *out_mean, const double *out_lower,
                                const double *out_upper, size_t h,
                                const double *levels, size_t nlevels)
{
    if (!out_mean) return fpa__fail(FPA_EINVAL, "out_mean is NULL");
    if (nlevels && (!out_lower || !out_upper || !levels))
        return fpa__fail(FPA_EINVAL, "%s is NULL", !levels ? "levels"
                         : !out_lower ? "out_lower" : "out_upper");
    if (h == 0) return fpa__fail(FPA_EINVAL, "h is 0");
    for (size_t k = 0; k < nlevels; k++)
        if (!(levels[k] > 0 && levels[k] < 100))
            return fpa__fail(FPA_EINVAL, "levels[%zu] = %g is outside (0, 100)",
                             k, levels[k]);
    return FPA_OK;
}

/* Series that fail into their status leave their detail in the record of
 * the thread that ran them, the caller's included: a call that succeeds
 * puts the caller's record back. */
static fpa_status parallel_keeping_record(const fpa_opts *opts, size_t n,
                                          fpa_status (*job)(void *, size_t, unsigned),
                                          void *ctx)
{
    fpa__error_record kept;
    fpa__error_keep(&kept);
    fpa_status s = fpa__parallel_for(opts, n, job, ctx);
    if (s == FPA_OK) fpa__error_put_back(&kept);
    return s;
}

fpa_status fpa_forecast_batch(double *out_mean, double *out_lower,
                              double *out_upper, char *out_names,
                              fpa_status *out_status,
                              fpa_forecast_method method, const double *values,
                              const size_t *offsets, size_t nseries,
                              size_t period, size_t h, const double *levels,
                              size_t nlevels, const fpa_opts *opts)
{
    fc_settings st;
    TRY(check_outputs(out_mean, out_lower, out_upper, h, levels, nlevels));
    TRY(check_series(method, values, offsets, nseries, period));
    TRY(fc_settings_read(&st, opts));
    batch_ctx c = {{method, values, offsets, period, &st, fpa__mem_of(opts)},
                   {out_mean, out_lower, out_upper, h, nlevels, levels, &st},
                   out_names, out_status};
    return parallel_keeping_record(opts, nseries, batch_job, &c);
}

/* ---- the forecast set ------------------------------------------------------------- */

void fpa_forecast_set_free(fpa_forecast_set *set)
{
    if (!set) return;
    fpa_mem mem = set->mem;
    for (size_t i = 0; set->model && i < set->n; i++) fpa_forecast_model_free(set->model[i]);
    fpa__free(&mem, set->model, set->n, sizeof *set->model);
    fpa__free(&mem, set->status, set->n, sizeof *set->status);
    fpa__free(&mem, set, 1, sizeof *set);
}

typedef struct {
    fit_ctx fit;
    fpa_forecast_set *set;
} set_fit_ctx;

static fpa_status set_fit_job(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    const set_fit_ctx *c = ctx;
    fpa_status s = fit_one(&c->set->model[i], &c->fit, i);
    c->set->status[i] = s;
    return s == FPA_OK ? FPA_OK : series_failed(s, c->set->status, i);
}

fpa_status fpa_forecast_set_fit(fpa_forecast_set **out, fpa_forecast_method method,
                                const double *values, const size_t *offsets,
                                size_t nseries, size_t period, const fpa_opts *opts)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    fc_settings st;
    TRY(check_series(method, values, offsets, nseries, period));
    TRY(fc_settings_read(&st, opts));
    fpa_mem mem = fpa__mem_of(opts);
    fpa_forecast_set *set = fpa__alloc(&mem, 1, sizeof *set, true);
    if (!set) return FPA_ENOMEM;
    set->mem = mem;
    set->n = nseries;
    set->model = fpa__alloc(&mem, nseries, sizeof *set->model, true);
    set->status = fpa__alloc(&mem, nseries, sizeof *set->status, true);
    fpa_status s = set->model && set->status ? FPA_OK : FPA_ENOMEM;
    set_fit_ctx c = {{method, values, offsets, period, &st, mem}, set};
    if (s == FPA_OK) s = parallel_keeping_record(opts, nseries, set_fit_job, &c);
    if (s != FPA_OK) {
        fpa_forecast_set_free(set);
        return s;
    }
    *out = set;
    return FPA_OK;
}

size_t fpa_forecast_set_size(const fpa_forecast_set *set)
{
    return set ? set->n : 0;
}

const fpa_forecast_model *fpa_forecast_set_model(fpa_status *out_status,
                                                 const fpa_forecast_set *set, size_t i)
{
    if (!set || i >= set->n) {
        if (out_status) *out_status = fpa__fail(FPA_EINVAL, "no series %zu in the set", i);
        return NULL;
    }
    if (out_status) *out_status = set->status[i];
    return set->model[i];
}

typedef struct {
    out_ctx out;
    const fpa_forecast_set *set;
    fpa_status *failed;   /* per series: FPA_OK, or why it has NaN outputs */
} set_predict_ctx;

static fpa_status set_predict_job(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    const set_predict_ctx *c = ctx;
    const fpa_forecast_model *m = c->set->model[i];
    fpa_status s = m ? predict_one(&c->out, m, i) : c->set->status[i];
    if (s != FPA_OK) fail_outputs(&c->out, i);
    return s == FPA_OK ? FPA_OK : series_failed(s, c->failed, i);
}

fpa_status fpa_forecast_set_predict(double *out_mean, double *out_lower,
                                    double *out_upper, const fpa_forecast_set *set,
                                    size_t h, const double *levels, size_t nlevels,
                                    const fpa_opts *opts)
{
    if (!set) return fpa__fail(FPA_EINVAL, "set is NULL");
    TRY(check_outputs(out_mean, out_lower, out_upper, h, levels, nlevels));
    fc_settings st;
    TRY(fc_settings_read(&st, opts));
    fpa_status *failed = fpa__alloc(&set->mem, set->n, sizeof *failed, true);
    if (!failed) return FPA_ENOMEM;
    set_predict_ctx c = {{out_mean, out_lower, out_upper, h, nlevels, levels, &st}, set,
                         failed};
    fpa_status s = fpa__parallel_for(opts, set->n, set_predict_job, &c);
    size_t bad = 0, first = 0;
    for (size_t i = set->n; s == FPA_OK && i-- > 0;)
        if (failed[i] != FPA_OK) bad++, first = i;
    fpa__free(&set->mem, failed, set->n, sizeof *failed);
    if (s == FPA_OK && bad)
        return fpa__fail(FPA_PARTIAL, "%zu of %zu series have no forecast (NaN), the "
                         "first series %zu", bad, set->n, first);
    return s;
}

fpa_status fpa_forecast_set_params(double *out, size_t cap, const fpa_forecast_set *set,
                                   const fpa_forecast_param *which, size_t nwhich)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!set) return fpa__fail(FPA_EINVAL, "set is NULL");
    if (nwhich && !which) return fpa__fail(FPA_EINVAL, "which is NULL");
    for (size_t k = 0; k < nwhich; k++)
        if ((unsigned)which[k] > FPA_PARAM_BIC)
            return fpa__fail(FPA_EINVAL, "which[%zu] = %d is not a parameter", k,
                             (int)which[k]);
    size_t need;
    if (fpa__mul_overflows(set->n, nwhich, &need) || cap < need)
        return fpa__fail(FPA_ESIZE, "out needs %zu x %zu values, cap is %zu", set->n,
                         nwhich, cap);
    for (size_t i = 0; i < set->n; i++)
        for (size_t k = 0; k < nwhich; k++)
            out[i * nwhich + k] = set->model[i] ? fc_model_param(set->model[i], which[k]) : NAN;
    return FPA_OK;
}
