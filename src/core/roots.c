/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Safeguarded scalar root finding on top of GSL's Brent solver. */
#include "roots.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <float.h>
#include <stdalign.h>

typedef struct {
    fpa__fn f;
    void *ctx;
    double x[2], fx[2];  /* the bracket ends, so GSL's set() costs nothing */
    bool overflow;
} cached_fn;

static double call_cached(double x, void *p)
{
    cached_fn *c = p;
    if (x == c->x[0]) return c->fx[0];
    if (x == c->x[1]) return c->fx[1];
    double y = c->f(x, c->ctx);
    /* A non-finite value would reach GSL's aborting error handler. Callers
     * bound their functions so this cannot happen; if it does anyway, give
     * GSL a harmless value and fail the call afterwards. */
    if (FPA_UNLIKELY(!fpa__finite(y))) {
        c->overflow = true;
        y = 1;
    }
    return y;
}

fpa_status fpa__brent(double *out, fpa__fn f, void *ctx, double lo, double hi,
                      double flo, double fhi, double epsabs, double epsrel,
                      int maxiter)
{
    if (!(lo < hi) || !fpa__finite(flo) || !fpa__finite(fhi))
        return fpa__fail(FPA_ENOCONV, "root finder: invalid bracket");
    if (flo == 0) { *out = lo; return FPA_OK; }
    if (fhi == 0) { *out = hi; return FPA_OK; }
    if ((flo < 0) == (fhi < 0))
        return fpa__fail(FPA_ENOCONV, "root finder: no sign change in bracket");

    /* The solver object is built on the stack rather than with
     * gsl_root_fsolver_alloc(), whose malloc failure would reach GSL's
     * aborting error handler; its layout is part of GSL's public API. */
    const gsl_root_fsolver_type *type = gsl_root_fsolver_brent;
    alignas(max_align_t) unsigned char state[256];
    if (type->size > sizeof state)
        return fpa__fail(FPA_ESYSTEM, "GSL's Brent state needs %zu bytes",
                         type->size);
    cached_fn cf = {f, ctx, {lo, hi}, {flo, fhi}, false};
    gsl_function fn = {call_cached, &cf};
    gsl_root_fsolver s = {type, &fn, 0.5 * (lo + hi), lo, hi, state};
    if (type->set(s.state, s.function, &s.root, lo, hi) != GSL_SUCCESS)
        return fpa__fail(FPA_ENOCONV, "root finder: bracket rejected");
    for (int it = 0; it < maxiter; it++) {
        if (type->iterate(s.state, s.function, &s.root, &s.x_lower,
                          &s.x_upper) != GSL_SUCCESS)
            return fpa__fail(FPA_ENOCONV, "root finder: iteration failed");
        if (cf.overflow)
            return fpa__fail(FPA_EOVERFLOW, "root finder: the function "
                             "overflowed inside the bracket");
        if (gsl_root_test_interval(s.x_lower, s.x_upper, epsabs, epsrel) ==
            GSL_SUCCESS) {
            *out = s.root;
            return FPA_OK;
        }
    }
    return fpa__fail(FPA_ENOCONV, "root finder: no convergence in %d steps",
                     maxiter);
}

static int sign_change(double a, double b)
{
    return a == 0 || b == 0 || (a < 0) != (b < 0);
}

/* Evaluate at x, but stop at the first break point strictly between from
 * and x (in the direction of travel). */
static double clip_to_break(double from, double x, const double *breaks,
                            size_t nb)
{
    for (size_t i = 0; i < nb; i++) {
        double b = breaks[i];
        if ((from < b && b < x) || (x < b && b < from)) {
            /* nearest break in the direction of travel */
            double best = b;
            for (size_t j = i + 1; j < nb; j++) {
                double c = breaks[j];
                if (((from < c && c < x) || (x < c && c < from)) &&
                    fabs(c - from) < fabs(best - from))
                    best = c;
            }
            return best;
        }
    }
    return x;
}

fpa_status fpa__find_bracket(fpa__bracket *out, fpa__fn f, void *ctx,
                             double x0, double f0, double x1, double xmin,
                             double xmax, double step, const double *breaks,
                             size_t nbreaks)
{
    if (f0 == 0) {
        *out = (fpa__bracket){x0, x0, f0, f0};
        return FPA_OK;
    }
    /* the suggested point, walking through any break point in the way */
    if (fpa__finite(x1) && x1 != x0) {
        if (x1 < xmin) x1 = xmin;
        if (x1 > xmax) x1 = xmax;
        double a = x0, fa = f0;
        while (a != x1) {
            double b = clip_to_break(a, x1, breaks, nbreaks);
            double fb = f(b, ctx);
            if (sign_change(fa, fb)) {
                *out = a < b ? (fpa__bracket){a, b, fa, fb}
                             : (fpa__bracket){b, a, fb, fa};
                return FPA_OK;
            }
            a = b, fa = fb;
        }
    }
    /* widening search on both sides of x0, alternating; every step moves
     * (a step that underflows or is lost to rounding advances one ulp) */
    double lo = x0, flo = f0, hi = x0, fhi = f0;
    if (!(step > 0) || !fpa__finite(step)) step = DBL_MIN;
    double wlo = step, whi = step;
    while (lo > xmin || hi < xmax) {
        if (hi < xmax) {
            double b = hi + whi;
            if (!(b > hi)) b = nextafter(hi, xmax);
            if (b > xmax) b = xmax;
            b = clip_to_break(hi, b, breaks, nbreaks);
            double fb = f(b, ctx);
            if (sign_change(fhi, fb)) {
                *out = (fpa__bracket){hi, b, fhi, fb};
                return FPA_OK;
            }
            whi *= 1.25;
            hi = b, fhi = fb;
        }
        if (lo > xmin) {
            double b = lo - wlo;
            if (!(b < lo)) b = nextafter(lo, xmin);
            if (b < xmin) b = xmin;
            b = clip_to_break(lo, b, breaks, nbreaks);
            double fb = f(b, ctx);
            if (sign_change(fb, flo)) {
                *out = (fpa__bracket){b, lo, fb, flo};
                return FPA_OK;
            }
            wlo *= 1.25;
            lo = b, flo = fb;
        }
    }
    return fpa__fail(FPA_ENOCONV, "no sign change found");
}
