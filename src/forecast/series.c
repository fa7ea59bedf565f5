/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The missing-value policy of forecast.h: leading NaNs dropped, short gaps
 * interpolated linearly, everything else refused with the positions. */
#include "fc.h"

#include <string.h>

fpa_status fc_clean(double **out, size_t *out_n, size_t *out_skipped,
                    const double *y, size_t n, size_t max_gap,
                    const fpa_mem *mem)
{
    if (!y) return fpa__fail(FPA_EINVAL, "y is NULL");
    if (n == 0) return fpa__fail(FPA_EINVAL, "y is empty (n is 0)");
    size_t first = 0;
    while (first < n && isnan(y[first])) first++;
    if (first == n)
        return fpa__fail(FPA_EDATA, "y has no value: all %zu are NaN", n);
    if (isnan(y[n - 1]))
        return fpa__fail(FPA_EDATA, "y[%zu], the last value, is NaN: a "
                         "forecast needs the latest actual", n - 1);
    for (size_t t = first; t < n;) {
        if (isinf(y[t]))
            return fpa__fail(FPA_EDOM, "y[%zu] is %s", t, y[t] > 0 ? "+Inf" : "-Inf");
        if (!isnan(y[t])) {
            t++;
            continue;
        }
        size_t end = t;
        while (isnan(y[end])) end++;  /* y[n - 1] is a number */
        if (end - t > max_gap)
            return fpa__fail(FPA_EDATA, "y[%zu..%zu] is a gap of %zu missing "
                             "values; at most %zu are filled (option "
                             "forecast.max_gap)", t, end - 1, end - t, max_gap);
        t = end;
    }
    size_t m = n - first;
    double *c = fpa__alloc(mem, m, sizeof *c, false);
    if (!c) return FPA_ENOMEM;
    memcpy(c, y + first, m * sizeof *c);
    for (size_t t = 1; t < m; t++) {
        if (!isnan(c[t])) continue;
        size_t end = t;
        while (isnan(c[end])) end++;
        double a = c[t - 1], b = c[end], span = (double)(end - t + 1);
        for (size_t j = t; j < end; j++)
            c[j] = a + (b - a) * (double)(j - t + 1) / span;
        t = end;
    }
    *out = c;
    *out_n = m;
    if (out_skipped) *out_skipped = first;
    return FPA_OK;
}
