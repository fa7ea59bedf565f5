/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef FPA_ROOTS_H
#define FPA_ROOTS_H
#include "internal.h"

/* A scalar function for the root finders. It must return a finite value for
 * every x in the bracket it is given: GSL's solvers call the (process-wide,
 * aborting) GSL error handler on a non-finite value. */
typedef double (*fpa__fn)(double x, void *ctx);

/* Root of f in [lo, hi] by GSL's Brent solver. The caller guarantees
 * flo = f(lo) and fhi = f(hi) are finite and of opposite signs (or one is
 * zero); everything GSL checks is checked here first, so no input can reach
 * GSL's error handler. Converges when the bracket is narrower than
 * epsabs + epsrel * |x|. FPA_ENOCONV (with detail) after maxiter steps. */
fpa_status fpa__brent(double *out, fpa__fn f, void *ctx, double lo, double hi,
                      double flo, double fhi, double epsabs, double epsrel,
                      int maxiter);

/* Find a sign change of f near x0 inside [xmin, xmax]: first at the point
 * x1 the caller suggests (e.g. a Newton step; NaN for none), then on
 * intervals widening geometrically (first width `step`, then 25 % wider
 * each time) on both
 * sides of x0, the nearer side first. Points in `breaks` (sorted, may be
 * NULL) are always evaluated when crossed, so a bracket never straddles
 * one (used where f changes its scaling). On success *lo < *hi and
 * f(lo)*f(hi) <= 0. FPA_ENOCONV when no sign change exists in the range. */
typedef struct {
    double lo, hi, flo, fhi;
} fpa__bracket;

fpa_status fpa__find_bracket(fpa__bracket *out, fpa__fn f, void *ctx,
                             double x0, double f0, double x1, double xmin,
                             double xmax, double step, const double *breaks,
                             size_t nbreaks);
#endif
