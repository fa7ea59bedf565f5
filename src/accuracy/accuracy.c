/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecast accuracy measures (M4 and R's accuracy() definitions). */
#include "../core/internal.h"
#include "fpa/accuracy.h"

#include <string.h>

static const char *const names[] = {"mae", "rmse", "mape", "smape",
                                    "wape", "mase", "bias", "relbias"};
enum { NMETRIC = sizeof names / sizeof *names };

const char *fpa_metric_name(fpa_metric metric)
{
    return (unsigned)metric < NMETRIC ? names[metric] : NULL;
}

fpa_status fpa_metric_find(fpa_metric *out, const char *name)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!name) return fpa__fail(FPA_EINVAL, "name is NULL");
    for (int i = 0; i < NMETRIC; i++)
        if (!strcmp(names[i], name)) {
            *out = (fpa_metric)i;
            return FPA_OK;
        }
    return fpa__fail(FPA_EINVAL, "no metric is named \"%s\"", name);
}

fpa_status fpa_accuracy_scale(double *out, const double *insample, size_t n,
                              size_t period)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (period == 0) return fpa__fail(FPA_EINVAL, "period is 0");
    if (!insample) return fpa__fail(FPA_EINVAL, "insample is NULL");
    fpa_status st = fpa__check_finite(insample, n, 0, "insample");
    if (st != FPA_OK) return st;
    if (n <= period)
        return fpa__fail(FPA_EDOM, "the scale needs more than period = %zu "
                         "in-sample values; insample has %zu", period, n);
    /* scaled to the largest value first, so huge data cannot overflow */
    double big = 0, s = 0;
    for (size_t t = 0; t < n; t++)
        if (fabs(insample[t]) > big) big = fabs(insample[t]);
    for (size_t t = period; t < n; t++)
        s += fabs(insample[t] / big - insample[t - period] / big);
    if (!(s > 0))
        return fpa__fail(FPA_EDOM, "the scale is zero: insample repeats "
                         "itself every %zu values", period);
    double scale = s / (double)(n - period) * big;
    if (!(scale > 0))  /* below the smallest subnormal: as good as zero */
        return fpa__fail(FPA_EDOM, "the scale underflows to zero: insample's "
                         "changes over %zu values are below %g", period, 4.9e-324);
    return fpa__store(out, scale, "scale");
}

fpa_status fpa_accuracy_metric(double *out, fpa_metric metric,
                               const double *actual, const double *forecast,
                               size_t n, const double *insample,
                               size_t n_insample, size_t period)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if ((unsigned)metric >= NMETRIC)
        return fpa__fail(FPA_EINVAL, "metric %d is unknown", (int)metric);
    fpa_status st = fpa__check_finite(actual, n, 1, "actual");
    if (st == FPA_OK) st = fpa__check_finite(forecast, n, 1, "forecast");
    if (st != FPA_OK) return st;
    double scale = 1;
    if (metric == FPA_METRIC_MASE) {
        st = fpa_accuracy_scale(&scale, insample, n_insample, period);
        if (st != FPA_OK) return st;
    }
    double s = 0, sy = 0;
    for (size_t i = 0; i < n; i++) {
        double y = actual[i], f = forecast[i], e = y - f;
        switch (metric) {
        case FPA_METRIC_MAE:
        case FPA_METRIC_MASE: s += fabs(e); break;
        case FPA_METRIC_RMSE: s += e * e; break;
        case FPA_METRIC_MAPE:
            if (y == 0)
                return fpa__fail(FPA_EDOM, "MAPE is undefined: actual[%zu] "
                                 "is 0", i);
            s += fabs(e / y);
            break;
        case FPA_METRIC_SMAPE: {
            double d = fabs(y) + fabs(f);
            if (d > 0) s += fabs(e) / d;  /* 0/0 for y = f = 0: no error */
            break;
        }
        case FPA_METRIC_WAPE: s += fabs(e); sy += fabs(y); break;
        case FPA_METRIC_BIAS: s += e; break;
        case FPA_METRIC_RELBIAS: s += e; sy += fabs(y); break;
        }
    }
    double dn = (double)n, v;
    switch (metric) {
    case FPA_METRIC_RMSE: v = sqrt(s / dn); break;
    case FPA_METRIC_MAPE: v = 100 * s / dn; break;
    case FPA_METRIC_SMAPE: v = 200 * s / dn; break;
    case FPA_METRIC_WAPE:
    case FPA_METRIC_RELBIAS:
        if (!(sy > 0))
            return fpa__fail(FPA_EDOM, "%s is undefined: every actual is 0",
                             metric == FPA_METRIC_WAPE ? "WAPE" : "relative bias");
        v = 100 * s / sy;
        break;
    case FPA_METRIC_MASE: v = s / dn / scale; break;
    default: v = s / dn; break;
    }
    return fpa__store(out, v, fpa_metric_name(metric));
}

static fpa_status check_interval(const double *actual, const double *lower,
                                 const double *upper, size_t n)
{
    fpa_status st = fpa__check_finite(actual, n, 1, "actual");
    if (st == FPA_OK) st = fpa__check_finite(lower, n, 1, "lower");
    if (st == FPA_OK) st = fpa__check_finite(upper, n, 1, "upper");
    if (st != FPA_OK) return st;
    for (size_t i = 0; i < n; i++)
        if (lower[i] > upper[i])
            return fpa__fail(FPA_EDOM, "lower[%zu] = %g exceeds upper[%zu] = %g",
                             i, lower[i], i, upper[i]);
    return FPA_OK;
}

fpa_status fpa_accuracy_coverage(double *out, const double *actual,
                                 const double *lower, const double *upper,
                                 size_t n)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    fpa_status st = check_interval(actual, lower, upper, n);
    if (st != FPA_OK) return st;
    size_t in = 0;
    for (size_t i = 0; i < n; i++)
        in += lower[i] <= actual[i] && actual[i] <= upper[i];
    *out = 100.0 * (double)in / (double)n;
    return FPA_OK;
}

fpa_status fpa_accuracy_msis(double *out, const double *actual,
                             const double *lower, const double *upper,
                             size_t n, double level, const double *insample,
                             size_t n_insample, size_t period)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!(level > 0 && level < 100))
        return fpa__fail(FPA_EINVAL, "level %g is outside (0, 100)", level);
    fpa_status st = check_interval(actual, lower, upper, n);
    double scale;
    if (st == FPA_OK) st = fpa_accuracy_scale(&scale, insample, n_insample, period);
    if (st != FPA_OK) return st;
    double a = 1 - level / 100, s = 0;
    for (size_t i = 0; i < n; i++) {
        double l = lower[i], u = upper[i], y = actual[i];
        s += (u - l) + (y < l ? 2 / a * (l - y) : 0) + (y > u ? 2 / a * (y - u) : 0);
    }
    return fpa__store(out, s / (double)n / scale, "MSIS");
}

fpa_status fpa_accuracy_owa(double *out, double smape, double mase,
                            double smape_naive2, double mase_naive2)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    fpa_status st = fpa__check_value(smape, "smape");
    if (st == FPA_OK) st = fpa__check_value(mase, "mase");
    if (st != FPA_OK) return st;
    if (!(smape_naive2 > 0) || !fpa__finite(smape_naive2))
        return fpa__fail(FPA_EDOM, "smape_naive2 is %g: must be positive",
                         smape_naive2);
    if (!(mase_naive2 > 0) || !fpa__finite(mase_naive2))
        return fpa__fail(FPA_EDOM, "mase_naive2 is %g: must be positive",
                         mase_naive2);
    return fpa__store(out, 0.5 * (smape / smape_naive2 + mase / mase_naive2),
                      "OWA");
}
