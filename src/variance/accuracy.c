/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accuracy of a plan against actuals, on the accuracy module's measures
 * (fpa/accuracy.h, the one table of definitions): fpa_variance_plan_metrics()
 * gives them per line as they are; fpa_variance_accuracy() keeps the 1.0
 * conventions (fractions, MAPE over the non-zero actuals, bias of the plan
 * over the actuals) by converting them. */
#include "minor.h"
#include "../core/parallel.h"

#include "fpa/accuracy.h"

#include <stdio.h>
#include <string.h>

static fpa_status check_plan(const double *plan, const double *actual, size_t lines,
                             size_t periods, size_t *cells)
{
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(actual, "actual"));
    if (lines == 0) return fpa__fail(FPA_EINVAL, "lines is 0");
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(lines, periods, cells))
        return fpa__fail(FPA_EINVAL, "lines * periods overflows size_t");
    TRY(fpa__check_finite(plan, *cells, 1, "plan"));
    return fpa__check_finite(actual, *cells, 1, "actual");
}

/* A point measure of n cells (actual a, plan p); FPA_EDOM on finite data
 * means "undefined here". */
static fpa_status metric(double *out, fpa_metric m, const double *a, const double *p,
                         size_t n)
{
    return fpa_accuracy_metric(out, m, a, p, n, NULL, 0, 1);
}

/* ---- the 1.0 measures -------------------------------------------------- */

/* The 1.0 MAPE, WAPE and bias of n cells (fractions; MAPE over the cells
 * with a non-zero actual, which are `nz`), or all 0 when every actual is 0.
 * MAPE runs over the stretches of non-zero actuals: the accuracy MAPE of a
 * stretch times its length is its sum of |e / a| in percent. */
static fpa_status old_measures(double m[FPA_ACCURACY_PARTS], size_t *nz, const double *a,
                               const double *p, size_t n)
{
    double ape = 0, v;
    *nz = 0;
    for (size_t j = 0; j < n;) {
        if (a[j] == 0) {
            j++;
            continue;
        }
        size_t k = j;
        while (k < n && a[k] != 0) k++;
        TRY(metric(&v, FPA_METRIC_MAPE, a + j, p + j, k - j));
        ape += v / 100 * (double)(k - j);
        *nz += k - j;
        j = k;
    }
    memset(m, 0, FPA_ACCURACY_PARTS * sizeof *m);
    if (*nz == 0) return FPA_OK;
    m[FPA_ACCURACY_MAPE] = ape / (double)*nz;
    TRY(metric(&v, FPA_METRIC_WAPE, a, p, n));
    m[FPA_ACCURACY_WAPE] = v / 100;
    TRY(metric(&v, FPA_METRIC_RELBIAS, a, p, n));
    m[FPA_ACCURACY_BIAS] = -v / 100;
    return fpa__finite(m[FPA_ACCURACY_MAPE]) ? FPA_OK
           : fpa__fail(FPA_EOVERFLOW, "MAPE is not finite (overflow)");
}

fpa_status fpa_variance_accuracy(double *out_mape, double *out_wape,
                                 double *out_bias, size_t *out_n,
                                 double *out_total, const double *plan,
                                 const double *actual, size_t lines,
                                 size_t periods)
{
    size_t cells, nz;
    TRY(check_plan(plan, actual, lines, periods, &cells));
    /* every measure is checked before any is written; the total is the
     * measure of all cells as one series (they are contiguous) */
    double m[FPA_ACCURACY_PARTS], total[FPA_ACCURACY_PARTS];
    for (size_t i = 0; i < lines; i++)
        TRY(old_measures(m, &nz, actual + i * periods, plan + i * periods, periods));
    TRY(old_measures(total, &nz, actual, plan, cells));
    for (size_t i = 0; i < lines; i++) {
        old_measures(m, &nz, actual + i * periods, plan + i * periods, periods);
        if (out_mape) out_mape[i] = m[FPA_ACCURACY_MAPE];
        if (out_wape) out_wape[i] = m[FPA_ACCURACY_WAPE];
        if (out_bias) out_bias[i] = m[FPA_ACCURACY_BIAS];
        if (out_n) out_n[i] = nz;
    }
    if (out_total) memcpy(out_total, total, sizeof total);
    return FPA_OK;
}

/* ---- the accuracy module's measures per line ------------------------------- */

typedef struct {
    double *out;
    const double *plan, *actual;
    size_t lines, periods, chunk;
    const fpa_metric *metrics;
    size_t nm;
} plan_job;

/* Lines of one job; an undefined measure is NaN, anything else fails. */
static fpa_status plan_chunk(void *ctx, size_t job, unsigned worker)
{
    (void)worker;
    const plan_job *c = ctx;
    size_t lo = job * c->chunk, hi = lo + c->chunk < c->lines ? lo + c->chunk : c->lines;
    for (size_t i = lo; i < hi; i++)
        for (size_t k = 0; k < c->nm; k++) {
            double *o = &c->out[i * c->nm + k];
            fpa_status st = metric(o, c->metrics[k], c->actual + i * c->periods,
                                   c->plan + i * c->periods, c->periods);
            if (st == FPA_EDOM) *o = NAN;  /* finite data: undefined here */
            else if (st != FPA_OK) return st;
        }
    return FPA_OK;
}

fpa_status fpa_variance_plan_metrics(double *out, const double *plan,
                                     const double *actual, size_t lines, size_t periods,
                                     const fpa_metric *metrics, size_t n_metrics,
                                     const fpa_opts *opts)
{
    size_t cells, outs;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(metrics, "metrics"));
    if (n_metrics == 0) return fpa__fail(FPA_EINVAL, "n_metrics is 0");
    if (fpa__mul_overflows(lines, n_metrics, &outs))
        return fpa__fail(FPA_EINVAL, "lines * n_metrics overflows size_t");
    for (size_t k = 0; k < n_metrics; k++) {
        if (!fpa_metric_name(metrics[k]))
            return fpa__fail(FPA_EINVAL, "metrics[%zu] is %d; not an fpa_metric", k,
                             (int)metrics[k]);
        if (metrics[k] == FPA_METRIC_MASE)
            return fpa__fail(FPA_EINVAL, "metrics[%zu] is mase, which scales by "
                             "in-sample data a plan does not have", k);
    }
    TRY(check_plan(plan, actual, lines, periods, &cells));
    size_t chunk = 16384 / periods ? 16384 / periods : 1;
    plan_job c = {out, plan, actual, lines, periods, chunk, metrics, n_metrics};
    TRY(fpa__parallel_for(opts, (lines + chunk - 1) / chunk, plan_chunk, &c));
    /* the first undefined measure in line order, whatever the threads */
    for (size_t j = 0; j < outs; j++)
        if (isnan(out[j])) {
            size_t i = j / n_metrics, k = j % n_metrics;
            double v;
            char why[256];
            metric(&v, metrics[k], actual + i * periods, plan + i * periods, periods);
            snprintf(why, sizeof why, "%s", fpa_error_last());
            return fpa__fail(FPA_PARTIAL, "line %zu, %s: %s", i,
                             fpa_metric_name(metrics[k]), why);
        }
    return FPA_OK;
}
