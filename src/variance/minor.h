/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Minor-unit arithmetic for the exact decompositions: doubles are rounded
 * once to int64 minor units, and every sum after that is checked integer
 * arithmetic, so parts add up to totals exactly. */
#ifndef FPA_VARIANCE_MINOR_H
#define FPA_VARIANCE_MINOR_H
#include "fpa/variance.h"
#include "../core/internal.h"

/* Round x * scale half away from zero (llround) into int64, or fail when
 * it does not fit; `what` and `i` name the offending amount (SIZE_MAX for
 * a scalar). */
static inline fpa_status minor_of(int64_t *out, double x, double scale,
                                  const char *what, size_t i)
{
    double v = x * scale;
    if (FPA_UNLIKELY(!(fabs(v) < 0x1p63))) {
        if (i == SIZE_MAX)
            return fpa__fail(FPA_EOVERFLOW, "%s = %.17g does not fit in int64 "
                             "minor units", what, x);
        return fpa__fail(FPA_EOVERFLOW, "%s of item %zu = %.17g does not fit "
                         "in int64 minor units", what, i, x);
    }
    *out = llround(v);
    return FPA_OK;
}

/* 10^decimals as a double (exact for the 0 .. 6 the option allows). */
static inline double minor_scale(const fpa_opts *opts)
{
    static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    return pow10[fpa__opt_int(opts, FPA_OPT_VARIANCE_DECIMALS)];
}


static inline const char *nonfinite_name(double x)
{
    return isnan(x) ? "NaN" : (x > 0 ? "+Inf" : "-Inf");
}
#endif
