/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The correlation of two models' one-step residuals (forecast.h,
 * "Residuals"). */
#include "fc.h"

static fpa_status residual(double *out, const fpa_forecast_model *m, const double *y,
                           size_t t, const char *what)
{
    if (!fpa__finite(y[t])) return fpa__fail(FPA_EDOM, "%s[%zu] is not finite", what, t);
    *out = y[t] - m->fitted[t];
    return FPA_OK;
}

fpa_status fpa_forecast_residual_correlation(double *out, const fpa_forecast_model *a,
                                             const double *ya, const fpa_forecast_model *b,
                                             const double *yb)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(a, "a"));
    TRY(fpa__check_ptr(ya, "ya"));
    TRY(fpa__check_ptr(b, "b"));
    TRY(fpa__check_ptr(yb, "yb"));
    if (a->n != b->n)
        return fpa__fail(FPA_EINVAL, "the models' lengths differ (%zu and %zu)", a->n, b->n);
    size_t m = 0, n = a->n;
    double sx = 0, sy = 0;
    for (int pass = 0; pass < 2; pass++) {
        double mx = m ? sx / (double)m : 0, my = m ? sy / (double)m : 0, sxy = 0;
        double sxx = 0, syy = 0;
        for (size_t t = 0; t < n; t++) {
            if (!fpa__finite(a->fitted[t]) || !fpa__finite(b->fitted[t])) continue;
            double x = 0, y = 0;
            TRY(residual(&x, a, ya, t, "ya"));
            TRY(residual(&y, b, yb, t, "yb"));
            if (!pass) {
                sx += x, sy += y, m++;
                continue;
            }
            sxx += (x - mx) * (x - mx), syy += (y - my) * (y - my), sxy += (x - mx) * (y - my);
        }
        if (!pass && m < 3)
            return fpa__fail(FPA_EDOM, "%zu periods have both residuals; at least 3 needed", m);
        if (!pass) continue;
        if (!(sxx > 0) || !(syy > 0) || !fpa__finite(sxx) || !fpa__finite(syy))
            return fpa__fail(FPA_EDOM, "the residuals of %s are constant", sxx > 0 ? "b" : "a");
        double r = sxy / (sqrt(sxx) * sqrt(syy));  /* sxx * syy can overflow */
        if (!fpa__finite(r)) return fpa__fail(FPA_EDOM, "the residuals overflow");
        *out = r > 1 ? 1 : r < -1 ? -1 : r;
    }
    return FPA_OK;
}
