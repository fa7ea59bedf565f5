/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trailing statistics of series with gaps (kpi.h): the mean and sample
 * standard deviation of the latest finite values. */
#include "fpa/kpi.h"

#include "../core/internal.h"

fpa_status fpa_kpi_trailing_stats(double *out_mean, double *out_sd,
                                  size_t *out_count, const double *x, size_t n,
                                  size_t last)
{
    if (!out_mean && !out_sd && !out_count)
        return fpa__fail(FPA_EINVAL, "every output is NULL");
    TRY(fpa__check_ptr(x, "x"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    if (last == 0) return fpa__fail(FPA_EINVAL, "last is 0");
    size_t k = 0, first = n;
    double sum = 0;
    for (size_t t = n; t-- > 0 && k < last;) {
        if (isnan(x[t])) continue;
        if (!fpa__finite(x[t]))
            return fpa__fail(FPA_EDOM, "x[%zu] is %s", t, x[t] > 0 ? "+Inf" : "-Inf");
        sum += x[t];
        first = t;
        k++;
    }
    if (!k) return fpa__fail(FPA_EDOM, "no value of x is finite");
    double mean = sum / (double)k, ss = 0;
    if (!fpa__finite(mean)) return fpa__fail(FPA_EOVERFLOW, "the sum of x overflows");
    for (size_t t = n; t-- > first;)
        if (!isnan(x[t])) ss += (x[t] - mean) * (x[t] - mean);
    double sd = k > 1 ? sqrt(ss / (double)(k - 1)) : NAN;
    if (k > 1 && !fpa__finite(sd))
        return fpa__fail(FPA_EOVERFLOW, "the squared deviations of x overflow");
    if (out_mean) *out_mean = mean;
    if (out_count) *out_count = k;
    if (!out_sd) return FPA_OK;
    *out_sd = sd;
    if (k == 1)  /* a partial result says why, as every other status does */
        return fpa__fail(FPA_PARTIAL, "only x[%zu] counts: the standard deviation of one value "
                         "is undefined", first);
    return FPA_OK;
}
