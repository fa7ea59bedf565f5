/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IRR, XIRR and RATE: the spreadsheet's root.
 *
 * Each solver first runs the iteration LibreOffice Calc runs (its
 * documented Newton's method from the guess, with its step limits and
 * stopping rules), so that where the equation has several roots, libfpa
 * returns the one the spreadsheet returns. A run's result is accepted only
 * once the function is seen to change sign across it, and is then narrowed
 * to full precision by GSL's Brent solver. Where the spreadsheet's runs
 * fail, a widening sign-change search from the guess takes over.
 *
 * Verification and the search work in t = log(1+r), where the domain
 * r > -1 becomes the whole line, on functions with the sign of the NPV but
 * scaled by a positive factor exp(c t), c depending on the side of t = 0,
 * so that no power overflows. */
#include "tvm_internal.h"

#include "../core/parallel.h"
#include "../core/roots.h"

#include <float.h>

/* The evaluation kernels are instantiated with constant flags: each case
 * must become its own loop. */
#if defined(__GNUC__)
#  define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define ALWAYS_INLINE inline
#endif

static const double T_MIN = -18.420680743952367;  /* log(1e-8): r = -99.999999 % */
static const double T_MAX = 20.723265837046411;   /* log1p(1e9) */
static const double T_STEP = 0.02;
static const double EPS_REL = 1e-12, EPS_ABS = 1e-15;
static const double breaks_at_zero[] = {0.0};

/* ---- the scaled functions ------------------------------------------------ */

/* f(t), with deriv[0] = f'(t) and deriv[1] = f''(t) when deriv is given. */
typedef double (*fdf_fn)(double t, void *ctx, double *deriv);

/* NPV of periodic flows (sum v_i (1+r)^-i), times (1+r)^(n-1) when t < 0,
 * so that both sums are polynomials in a number in (0, 1]. */
typedef struct {
    const double *v;
    size_t n;
} periodic;

/* Horner's scheme for the polynomial and its first two derivatives, by the
 * chain rule through x = e^-t (t >= 0) or x = e^t (t < 0). */
static double npv_periodic(double t, void *p, double *deriv)
{
    const periodic *c = p;
    double f = 0, f1 = 0, f2 = 0, x;
    if (t >= 0) {
        x = exp(-t);  /* sum v_i x^i */
        for (size_t i = c->n; i-- > 0;) {
            f2 = f2 * x + f1;
            f1 = f1 * x + f;
            f = f * x + c->v[i];
        }
        if (deriv) deriv[0] = -x * f1, deriv[1] = x * f1 + 2 * x * x * f2;
    } else {
        x = exp(t);  /* sum v_i x^(n-1-i) */
        for (size_t i = 0; i < c->n; i++) {
            f2 = f2 * x + f1;
            f1 = f1 * x + f;
            f = f * x + c->v[i];
        }
        if (deriv) deriv[0] = x * f1, deriv[1] = x * f1 + 2 * x * x * f2;
    }
    return f;
}

static double npv_periodic_f(double t, void *p) { return npv_periodic(t, p, NULL); }

/* XNPV of dated flows, sum v_i exp(-t y_i) with y_i the year fraction of
 * flow i from the first flow's date, times exp(t y_lo) when t >= 0 and
 * exp(t y_hi) when t < 0 (y_lo <= 0 <= y_hi the earliest and latest
 * fractions): every exponent is then <= 0.
 *
 * On the fixed-unit bases (ACT/365F, ACT/360, ACT/365.25) y_i is a whole
 * number of days k over the unit, so each factor is an integer power of the
 * one-day factor z <= 1: z^k = lo[k mod 2^b] * hi[k / 2^b], from two small
 * tables. One exp() per evaluation instead of one per flow, and two
 * multiplications per flow for spans under 45 years. */
typedef struct {
    const double *v;
    const int64_t *d;
    size_t n;
    int64_t d0, dmin, dmax;
    int span_bits;  /* bits of dmax - dmin */
    double unit;    /* days per year of a fixed-unit basis; 0 for the others */
    double eps;     /* the solver's absolute tolerance in t (tolerance()) */
    fpa_day_count basis;
    double ylo, yhi;
} dated;

/* t[j] = x^j for j < size (2 .. 128), in four chains of multiplications
 * by x^4 held in registers: the table is built as fast as its stores
 * retire, with at most 33 roundings in an entry. */
static void power_table(double *t, double x, int64_t size)
{
    double x2 = x * x, a = 1, b = x, c = x2, d = x2 * x, x4 = x2 * x2;
    int64_t j = 0;
    for (; j + 4 <= size; j += 4) {
        t[j] = a, t[j + 1] = b, t[j + 2] = c, t[j + 3] = d;
        a *= x4, b *= x4, c *= x4, d *= x4;
    }
    if (j < size) t[j++] = a;
    if (j < size) t[j++] = b;
    if (j < size) t[j] = c;
}

/* z^k from the tables, and a third factor by squaring for spans of 16384
 * days or more (`far`, 45 years; then b = 7). */
static ALWAYS_INLINE double power_of(const double *lo, const double *hi, int b,
                                     int64_t mask, int64_t k, bool far)
{
    double p = lo[k & mask] * hi[(k >> b) & 127];
    if (far && FPA_UNLIKELY(k >> 14)) {
        double x = hi[127] * hi[1];  /* z^(16384 * 2^j) for bit j of k / 16384 */
        for (int64_t m = k >> 14; m; m >>= 1, x *= x)
            if (m & 1) p *= x;
    }
    return p;
}

/* sum v_i z^k_i over the flows, k_i = d_i - base (ahead) or base - d_i, in
 * two interleaved sums so that the additions do not wait on each other;
 * with `deriv`, also the k- and k^2-weighted sums, for the derivatives.
 * Called with constant flags, so that each case compiles to its own loop. */
static ALWAYS_INLINE double days_sum(const dated *c, const double *lo, const double *hi, int b,
                              int64_t base, bool ahead, bool far, bool deriv, double *fk,
                              double *fkk)
{
    const int64_t mask = ((int64_t)1 << b) - 1, *d = c->d;
    const double *v = c->v;
    size_t n = c->n;
    double f0 = 0, f1 = 0, g0 = 0, g1 = 0, h0 = 0, h1 = 0;
    for (size_t i = 0; i < n; i += 2) {
        bool pair = i + 1 < n;
        int64_t k0 = ahead ? d[i] - base : base - d[i];
        int64_t k1 = pair ? (ahead ? d[i + 1] - base : base - d[i + 1]) : 0;
        double t0 = v[i] * power_of(lo, hi, b, mask, k0, far);
        double t1 = pair ? v[i + 1] * power_of(lo, hi, b, mask, k1, far) : 0;
        f0 += t0, f1 += t1;
        if (deriv) {
            double w0 = (double)k0 * t0, w1 = (double)k1 * t1;
            g0 += w0, g1 += w1;
            h0 += (double)k0 * w0, h1 += (double)k1 * w1;
        }
    }
    if (deriv) *fk = g0 + g1, *fkk = h0 + h1;
    return f0 + f1;
}

static double npv_days(double t, const dated *c, double *deriv)
{
    bool ahead = t >= 0, far = c->dmax - c->dmin >= 16384;
    /* k = hi_part * 2^b + lo_part, with b about half the bits of the span
     * so that both tables stay short (about twice the square root of the
     * span in all) */
    int b = (c->span_bits + 1) / 2;
    if (b > 7) b = 7;
    if (b < 1) b = 1;
    int64_t nhi = (c->dmax - c->dmin) >> b;
    double lo[128], hi[128], fk = 0, fkk = 0, f;
    power_table(lo, exp(-fabs(t) / c->unit), (int64_t)1 << b);
    hi[0] = 1;
    if (nhi) power_table(hi, lo[((int64_t)1 << b) - 1] * lo[1], nhi < 127 ? nhi + 1 : 128);
    int64_t base = ahead ? c->dmin : c->dmax;
    switch ((ahead ? 4 : 0) | (far ? 2 : 0) | (deriv ? 1 : 0)) {
    case 0: f = days_sum(c, lo, hi, b, base, false, false, false, NULL, NULL); break;
    case 1: f = days_sum(c, lo, hi, b, base, false, false, true, &fk, &fkk); break;
    case 2: f = days_sum(c, lo, hi, b, base, false, true, false, NULL, NULL); break;
    case 3: f = days_sum(c, lo, hi, b, base, false, true, true, &fk, &fkk); break;
    case 4: f = days_sum(c, lo, hi, b, base, true, false, false, NULL, NULL); break;
    case 5: f = days_sum(c, lo, hi, b, base, true, false, true, &fk, &fkk); break;
    case 6: f = days_sum(c, lo, hi, b, base, true, true, false, NULL, NULL); break;
    default: f = days_sum(c, lo, hi, b, base, true, true, true, &fk, &fkk); break;
    }
    if (deriv)
        deriv[0] = (ahead ? -fk : fk) / c->unit, deriv[1] = fkk / (c->unit * c->unit);
    return f;
}

/* The calendar bases: one year fraction and one exp() per flow. */
static double npv_years(double t, const dated *c, double *deriv)
{
    double shift = t >= 0 ? c->ylo : c->yhi, f = 0, f1 = 0, f2 = 0;
    for (size_t i = 0; i < c->n; i++) {
        double y = fpa__year_fraction(c->d0, c->d[i], c->basis) - shift;
        double term = c->v[i] * exp(-t * y);
        f += term;
        f1 -= y * term;
        f2 += y * y * term;
    }
    if (deriv) deriv[0] = f1, deriv[1] = f2;
    return f;
}

static double npv_dated(double t, void *p, double *deriv)
{
    const dated *c = p;
    return c->unit > 0 ? npv_days(t, c, deriv) : npv_years(t, c, deriv);
}

static double npv_dated_f(double t, void *p) { return npv_dated(t, p, NULL); }

/* The annuity equation pv (1+r)^n + pmt (1 + r w) ((1+r)^n - 1)/r + fv,
 * divided by (1+r)^n when t >= 0, as a function of t. */
typedef struct {
    double n, pmt, pv, fv, w;
} annuity;

static double annuity_eq(double t, void *p)
{
    const annuity *a = p;
    double r = expm1(t);
    if (t >= 0) {
        double e = exp(-a->n * t);                         /* (1+r)^-n */
        double g = t == 0 ? a->n : -expm1(-a->n * t) / r;  /* (1-(1+r)^-n)/r */
        return a->pv + a->pmt * (1 + r * a->w) * g + a->fv * e;
    }
    double e = exp(a->n * t);        /* (1+r)^n */
    double g = expm1(a->n * t) / r;  /* ((1+r)^n-1)/r */
    return a->pv * e + a->pmt * (1 + r * a->w) * g + a->fv;
}

/* ---- accepting a root ------------------------------------------------------ */

/* The solvers' tolerance in t: 1e-12 relative, and absolute `eps` (1e-15,
 * or for the dated flows the resolution of the one-day factor z, which
 * changes only in steps of one ulp: unit * DBL_EPSILON, about 8e-14). */
static double tolerance(double t, double eps) { return eps + EPS_REL * fabs(t); }

/* A root of f near the estimate t: a sign change of f across
 * [t - delta, t + delta], first with delta half the solver's tolerance
 * (which settles the root outright), then up to 1e-4 wider, narrowed by
 * Brent. Where the first pair of probes does not straddle the root, one
 * Newton step from their mean moves the estimate (with `slope`, f' near t
 * when known, else the probes' secant). FPA_ENOCONV (not recorded) when f
 * keeps its sign around t: the estimate was no simple root. */
static fpa_status settle(double *root, fpa__fn f, void *ctx, double t, double slope,
                         double eps)
{
    if (!fpa__finite(t)) return FPA_ENOCONV;
    bool moved = false, tight = true;
    for (double delta = 0.5 * tolerance(t, eps); delta < 1e-4;) {
        double lo = t - delta, hi = t + delta;
        double flo = f(lo, ctx), fhi = f(hi, ctx);
        if (flo == 0 || fhi == 0) {
            *root = flo == 0 ? lo : hi;
            return FPA_OK;
        }
        if ((flo < 0) != (fhi < 0)) {
            if (tight) {  /* bracketed within the tolerance */
                *root = t;
                return FPA_OK;
            }
            return fpa__brent(root, f, ctx, lo, hi, flo, fhi, eps, EPS_REL, 200);
        }
        double d = fpa__finite(slope) && slope != 0 ? slope : (fhi - flo) / (hi - lo);
        double next = t - 0.5 * (flo + fhi) / d;
        if (!moved && fabs(next - t) < 1e-6 * (1 + fabs(t))) {
            t = next, moved = true;  /* the estimate was a little off */
            continue;
        }
        delta *= 1e3, tight = false;
    }
    return FPA_ENOCONV;
}

/* The widening sign-change search from the guess, and Brent: what libfpa
 * does where the spreadsheet's iteration fails. */
static fpa_status search(double *root, fpa__fn f, void *ctx, double guess, double eps)
{
    double t0 = log1p(guess);
    if (t0 < T_MIN) t0 = T_MIN;
    if (t0 > T_MAX) t0 = T_MAX;
    fpa__bracket b;
    if (fpa__find_bracket(&b, f, ctx, t0, f(t0, ctx), NAN, T_MIN, T_MAX, T_STEP,
                          breaks_at_zero, 1) != FPA_OK)
        return fpa__fail(FPA_ENOCONV, "the NPV does not change sign for any rate "
                         "between -99.999999 %% and 1e9");
    if (b.flo == 0 || b.fhi == 0) {
        *root = b.flo == 0 ? b.lo : b.hi;
        return FPA_OK;
    }
    if (b.hi - b.lo <= eps + EPS_REL * fmin(fabs(b.lo), fabs(b.hi))) {
        *root = 0.5 * (b.lo + b.hi);
        return FPA_OK;
    }
    return fpa__brent(root, f, ctx, b.lo, b.hi, b.flo, b.fhi, eps, EPS_REL, 200);
}

/* The rate of the root the search finds, or the detail of its failure. */
static fpa_status search_rate(double *out, fpa__fn f, void *ctx, double guess,
                              double eps, const char *what)
{
    double t = 0;
    fpa_status st = search(&t, f, ctx, guess, eps);
    if (st != FPA_OK) return fpa__fail(st, "%s: %s", what, fpa_error_last());
    return fpa__store(out, expm1(t), what);
}

/* Both signs present, and sum |v| finite: the scaled NPVs are bounded by
 * it, so the solver never sees an overflow. Records nothing when `quiet`. */
static fpa_status check_flows(const double *v, size_t n, const char *what, bool quiet)
{
    bool neg = false, pos = false;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        neg |= v[i] < 0;
        pos |= v[i] > 0;
        total += fabs(v[i]);
    }
    if (!(total <= DBL_MAX))
        return fpa__fail(FPA_EOVERFLOW, "%s: the sum of the cash flows' "
                         "magnitudes overflows", what);
    if (neg && pos) return FPA_OK;
    if (quiet) return FPA_ENOCONV;
    return fpa__fail(FPA_ENOCONV, "%s: the cash flows need at least one "
                     "negative and one positive value", what);
}

/* ---- IRR -------------------------------------------------------------------- */

/* The flows without their leading and trailing zeros, which only scale the
 * NPV by a positive power of 1+r: kept, they make the scaled NPV underflow
 * to exactly zero over whole stretches of rates (x^k for k zero flows). */
static periodic nonzero_span(const double *v, size_t n)
{
    while (n && v[n - 1] == 0) n--;
    while (n && v[0] == 0) v++, n--;
    return (periodic){v, n};
}

/* LibreOffice Calc's IRR (ScIRR): Newton's method in r on
 * sum v_i (1+r)^-i from the guess, at most 20 steps, until a step is
 * below 1e-7. Evaluated by Horner's scheme in y = 1/(1+r), which, as the
 * spreadsheet's integer powers, lets an iterate pass below -100 %. */
static bool spreadsheet_irr(double *out, const double *v, size_t n, double x)
{
    for (int it = 0; it < 20; it++) {
        double y = 1 / (1 + x), p = 0, dp = 0;
        for (size_t i = n; i-- > 0;) {
            dp = dp * y + p;
            p = p * y + v[i];
        }
        double xn = x - p / (-y * y * dp);  /* d/dr of P(y) is -y^2 P'(y) */
        if (!fpa__finite(xn)) return false;
        double step = fabs(xn - x);
        x = xn;
        if (step <= 1e-7) {
            *out = x;
            return step < 1e-7;
        }
    }
    return false;
}

fpa_status fpa_tvm_irr(double *out, const double *values, size_t n, double guess)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(fpa__tvm_check_rate(guess, "guess"));
    TRY(check_flows(values, n, "IRR", false));
    periodic c = nonzero_span(values, n);
    double x, t;
    if (spreadsheet_irr(&x, values, n, guess) && x > -1 &&
        settle(&t, npv_periodic_f, &c, log1p(x), NAN, EPS_ABS) == FPA_OK)
        return fpa__store(out, expm1(t), "IRR");
    return search_rate(out, npv_periodic_f, &c, guess, EPS_ABS, "IRR");
}

fpa_status fpa_tvm_irr_roots(double *out_roots, size_t cap, size_t *out_count,
                             const double *values, size_t n)
{
    TRY(fpa__check_ptr(out_count, "out_count"));
    if (cap) TRY(fpa__check_ptr(out_roots, "out_roots"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    size_t found = 0;
    fpa_status st = check_flows(values, n, "IRR", true);
    if (st == FPA_ENOCONV) {  /* flows of one sign: no IRR at all */
        *out_count = 0;
        return FPA_OK;
    }
    TRY(st);
    periodic c = nonzero_span(values, n);
    enum { GRID = 4000 };
    const double step = (T_MAX - T_MIN) / GRID;
    double a = T_MIN, fa = npv_periodic_f(a, &c);
    for (int k = 1; k <= GRID; k++) {
        double b = k == GRID ? T_MAX : T_MIN + k * step;
        bool clipped = a < 0 && b > 0;
        if (clipped) b = 0;  /* the scaling changes at t = 0 */
        double fb = npv_periodic_f(b, &c), t;
        bool root = false;
        if (fa == 0) {
            t = a, root = k == 1;  /* a zero at a grid point counts once */
        } else if (fb != 0 && (fa < 0) != (fb < 0)) {
            TRY(fpa__brent(&t, npv_periodic_f, &c, a, b, fa, fb, EPS_ABS, EPS_REL, 200));
            root = true;
        }
        if (fb == 0 && fa != 0) t = b, root = true;  /* a run of zeros counts once */
        if (root) {
            if (found < cap) out_roots[found] = expm1(t);
            found++;
        }
        if (clipped) k--;  /* resume the grid from t = 0 */
        a = b, fa = fb;
    }
    *out_count = found;
    if (found > cap)
        return fpa__fail(FPA_ESIZE, "%zu rates found, out_roots holds %zu", found, cap);
    return FPA_OK;
}

/* ---- XIRR ------------------------------------------------------------------- */

/* One of LibreOffice Calc's XIRR runs (the analysis add-in's getXirr):
 * Newton's method in r on the XNPV from x, at most 50 steps, until a step or
 * the XNPV is at most 1e-10 in absolute value. An iterate at or below -100 %
 * ends the run, as the spreadsheet's fractional powers do.
 *
 * The run is followed only until it is committed to a root: once the
 * curvature is small beside Newton's step s (|s f''/f'| <= 0.1 in r and in
 * t: Kantorovich's condition with a margin of 5), the Newton iterates
 * converge to the one root within about 2|s|, whatever the variable;
 * Halley's iteration reaches that root in fewer evaluations, and
 * stops when its error (about bend^2 |s|) is below the tolerance, so that
 * settle() brackets the root at once. *est receives the estimate, in t. */
typedef struct {
    double t;          /* the estimate of the root */
    double slope;      /* the scaled XNPV's derivative near it */
    double from, gfrom; /* the last point evaluated, and the XNPV's sign there */
    bool halley;       /* from a committed Halley step: within the tolerance */
} estimate;

static bool spreadsheet_xirr_run(estimate *est, dated *c, double x)
{
    est->halley = false;
    for (int it = 0; it < 50; it++) {
        if (!(x > -1)) return false;
        double t = log1p(x), d[2];
        double g = npv_dated(t, c, d), k = t >= 0 ? c->ylo : c->yhi;
        /* g = XNPV * exp(k t) with k t <= 0, so |XNPV| <= 1e-10 needs |g| <= 1e-10 */
        bool flat = fabs(g) <= 1e-10 && fabs(g) <= 1e-10 * exp(k * t);
        double f1 = d[0] - k * g, inv1 = 1 / f1, inv = 1 / d[0];
        double dx = (1 + x) * g * inv1;  /* the Newton step in r */
        double xn = x - dx;
        if (!fpa__finite(xn)) return false;
        est->slope = d[0];
        if (fabs(dx) <= 1e-10 || flat) {
            est->t = log1p(xn);
            return xn > -1;
        }
        /* Committed: Kantorovich's h = |s f''/f'| small both for the scaled
         * XNPV in t (where Halley's iteration runs) and for the XNPV in r
         * (where the spreadsheet's Newton runs): both iterations then
         * converge to the one root within 2|s|. In t, with F the XNPV:
         * F'/F = g'/g - k and F''/F = g''/g - 2k g'/g + k^2; in r,
         * h = |F/F'| |F''/F' - 1|. */
        double s = g * inv, bend = s * d[1] * inv;
        double f2 = d[1] - 2 * k * d[0] + k * k * g;
        double h_r = fabs(g * inv1 * (f2 * inv1 - 1));
        if (fabs(s) <= 0.1 && fabs(bend) <= 0.1 && h_r <= 0.1) {
            for (int j = 0; j < 8; j++) {
                if (fabs(s) <= 1e-5 && bend * bend * fabs(s) <= 0.1 * tolerance(t, c->eps)) {
                    *est = (estimate){t - s / (1 - 0.5 * bend), d[0], t, g, true};
                    return true;
                }
                t -= s / (1 - 0.5 * bend);
                g = npv_dated(t, c, d);
                inv = 1 / d[0];
                s = g * inv, bend = s * d[1] * inv;
                est->slope = d[0];
                if (!fpa__finite(s) || fabs(bend) > 0.1) return false;
            }
            return false;
        }
        x = xn;
    }
    return false;
}

/* Sign changes of the flows in date order, the flows of one date summed;
 * -1 when the dates are not in order. */
static int date_sign_changes(const double *v, const int64_t *d, size_t n)
{
    int changes = 0, sign = 0;
    for (size_t i = 0; i < n;) {
        double sum = 0;
        size_t j = i;
        for (; j < n && d[j] == d[i]; j++) sum += v[j];
        if (j < n && d[j] < d[i]) return -1;
        int s = (sum > 0) - (sum < 0);
        if (s && sign && s != sign) changes++;
        if (s) sign = s;
        i = j;
    }
    return changes;
}

/* Accept an estimate: from Halley's committed iteration, one probe just
 * beyond it, away from the last iterate, that shows the sign change between
 * the two (the XNPV is monotone there, |s f''/f'| <= 0.1, and Halley's
 * error bound puts the root within the tolerance of the estimate); else
 * settle() on both sides. */
static fpa_status accept(double *root, dated *c, const estimate *e)
{
    if (e->halley && e->gfrom != 0 && fpa__finite(e->t)) {
        double q = e->t + (e->t > e->from ? 0.5 : -0.5) * tolerance(e->t, c->eps);
        double fq = npv_dated_f(q, c);
        if (fq == 0 || (fq < 0) != (e->gfrom < 0)) {
            *root = fq == 0 ? q : e->t;
            return FPA_OK;
        }
    }
    return settle(root, npv_dated_f, c, e->t, e->slope, c->eps);
}

static fpa_status xirr_solve(double *out, dated *c, double guess)
{
    estimate e;
    double t;
    if (spreadsheet_xirr_run(&e, c, guess) && accept(&t, c, &e) == FPA_OK)
        return fpa__store(out, expm1(t), "XIRR");
    /* The spreadsheet's restarts from -99 % to +99 %, where they can find
     * another root than the search below. */
    if (date_sign_changes(c->v, c->d, c->n) != 1)
        for (int k = 0; k < 199; k++)
            if (spreadsheet_xirr_run(&e, c, -0.99 + k * 0.01) && accept(&t, c, &e) == FPA_OK)
                return fpa__store(out, expm1(t), "XIRR");
    return search_rate(out, npv_dated_f, c, guess, c->eps, "XIRR");
}

fpa_status fpa_tvm_xirr_dc(double *out, const double *values, const int64_t *days,
                           size_t n, double guess, fpa_day_count basis)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(days, "days"));
    if (!values || n < 2) return fpa__check_finite(values, n, 2, "values");
    /* one pass for every check and bound; the checks that name the
     * culprit run only when this one fails */
    const int64_t lim = (int64_t)1 << 40;
    dated c = {values, days, n, days[0], days[0], days[0], 0, 0, EPS_ABS, basis, 0, 0};
    double total = 0, vmin = 0, vmax = 0;
    for (size_t i = 0; i < n; i++) {
        double v = values[i];
        int64_t d = days[i];
        vmin = v < vmin ? v : vmin, vmax = v > vmax ? v : vmax;
        total += fabs(v);  /* NaN and infinities make it NaN or infinite */
        c.dmin = d < c.dmin ? d : c.dmin;
        c.dmax = d > c.dmax ? d : c.dmax;
    }
    if (!fpa__finite(total)) TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(fpa__tvm_check_rate(guess, "guess"));
    TRY(fpa__check_day_count(basis));
    if (c.dmin < -lim || c.dmax > lim) TRY(fpa__check_days(days, n, "days"));
    for (uint64_t s = (uint64_t)(c.dmax - c.dmin); s; s >>= 1) c.span_bits++;
    static const double units[] = {
        [FPA_DAYCOUNT_ACT_365F] = 365, [FPA_DAYCOUNT_ACT_360] = 360,
        [FPA_DAYCOUNT_ACT_365_25] = 365.25, [FPA_DAYCOUNT_NL_365] = 0};
    c.unit = units[basis];
    if (c.unit > 0) {
        c.eps = c.unit * DBL_EPSILON;
        c.ylo = (double)(c.dmin - c.d0) / c.unit;
        c.yhi = (double)(c.dmax - c.d0) / c.unit;
    } else {
        for (size_t i = 0; i < n; i++) {
            double y = fpa__year_fraction(c.d0, days[i], basis);
            c.ylo = y < c.ylo ? y : c.ylo;
            c.yhi = y > c.yhi ? y : c.yhi;
        }
    }
    if (c.ylo == c.yhi)
        return fpa__fail(FPA_EDOM, "XIRR: every cash flow has the same %s",
                         c.dmin == c.dmax ? "date" : "year fraction");
    if (!(total <= DBL_MAX))
        return fpa__fail(FPA_EOVERFLOW, "XIRR: the sum of the cash flows' magnitudes "
                         "overflows");
    if (!(vmin < 0) || !(vmax > 0))
        return fpa__fail(FPA_ENOCONV, "XIRR: the cash flows need at least one negative and "
                         "one positive value");
    return xirr_solve(out, &c, guess);
}

fpa_status fpa_tvm_xirr(double *out, const double *values, const int64_t *days,
                        size_t n, double guess)
{
    return fpa_tvm_xirr_dc(out, values, days, n, guess, FPA_DAYCOUNT_ACT_365F);
}

typedef struct {
    double *rates;
    fpa_status *status;
    const double *values;
    const int64_t *days;
    const size_t *offsets;
    double guess;
    fpa_day_count basis;
} xirr_batch;

static fpa_status xirr_job(void *p, size_t k, unsigned worker)
{
    (void)worker;
    const xirr_batch *b = p;
    size_t lo = b->offsets[k], n = b->offsets[k + 1] - lo;
    double r = NAN;
    fpa_status st = fpa_tvm_xirr_dc(&r, b->values + lo, b->days + lo, n, b->guess, b->basis);
    b->rates[k] = st == FPA_OK ? r : NAN;
    b->status[k] = st;
    return FPA_OK;  /* one schedule's failure never stops the batch */
}

fpa_status fpa_tvm_xirr_batch(double *out_rates, fpa_status *out_status,
                              const double *values, const int64_t *days,
                              const size_t *offsets, size_t count, double guess,
                              const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out_rates, "out_rates"));
    TRY(fpa__check_ptr(out_status, "out_status"));
    TRY(fpa__check_ptr(offsets, "offsets"));
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    for (size_t k = 0; k < count; k++)
        if (offsets[k + 1] < offsets[k])
            return fpa__fail(FPA_EINVAL, "offsets[%zu] < offsets[%zu]", k + 1, k);
    if (offsets[count] > offsets[0]) {
        TRY(fpa__check_ptr(values, "values"));
        TRY(fpa__check_ptr(days, "days"));
    }
    TRY(fpa__tvm_check_rate(guess, "guess"));
    fpa_day_count basis = (fpa_day_count)fpa__opt_int(opts, FPA_OPT_TVM_DAY_COUNT);
    xirr_batch b = {out_rates, out_status, values, days, offsets, guess, basis};
    fpa__tvm_error saved;
    fpa__tvm_error_save(&saved);
    fpa_status st = fpa__parallel_for(opts, count, xirr_job, &b);
    if (st == FPA_OK) fpa__tvm_error_restore(&saved);
    return st;
}

/* ---- RATE ------------------------------------------------------------------- */

/* One of LibreOffice Calc's RATE runs (RateIteration): payments at the
 * start folded into pv and fv, Newton's method in r on
 * fv + pv (1+r)^n + pmt ((1+r)^n - 1)/r from x, at most 150 steps, until a
 * step is below 1e-7 or the value below 1e-14 (a flat spot moves by
 * 1.1e-7). With a whole n the powers are integer powers, defined below -100 %
 * too; with a fractional n an iterate below -100 % ends the run. */
static bool spreadsheet_rate_run(double *out, const annuity *a, double x)
{
    double n = a->n, pmt = a->pmt, pv = a->pv + pmt * a->w, fv = a->fv - pmt * a->w;
    bool whole = n == floor(n);
    if (!whole && x < -1) x = -1;
    for (int it = 0; it < 150; it++) {
        double pn1 = pow(1 + x, n - 1), pn = pn1 * (1 + x), g, dg;
        if (x == 0) g = n, dg = n * (n - 1) / 2;
        else g = (pn - 1) / x, dg = n * pn1 / x - g / x;
        double term = fv + pv * pn + pmt * g, dterm = pv * n * pn1 + pmt * dg;
        if (fabs(term) < 1e-14) break;
        if (!fpa__finite(term) || !fpa__finite(dterm)) return false;
        double xn = dterm == 0 ? x + 1.1e-7 : x - term / dterm;
        bool done = fabs(xn - x) < 1e-7;
        x = xn;
        if (!whole && x < -1) return false;
        if (done) break;
        if (it == 149) return false;
    }
    *out = x;
    return x > -1;
}

fpa_status fpa_tvm_rate(double *out, double nper, double pmt, double pv,
                        double fv, fpa_when when, double guess)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__tvm_check_when(when));
    CHECK_VALUES(nper, pmt, pv, fv, guess);
    TRY(fpa__tvm_check_rate(guess, "guess"));
    if (nper <= 0) return fpa__fail(FPA_EDOM, "nper is %.17g; it must be > 0", nper);
    /* |equation| <= |pv| + 2 |pmt| nper + |fv| on the whole search range */
    if (!(fabs(pv) + 2 * fabs(pmt) * nper + fabs(fv) <= DBL_MAX))
        return fpa__fail(FPA_EOVERFLOW, "RATE: the inputs are too large");
    annuity a = {nper, pmt, pv, fv, (double)when};
    double x, t;
    for (int k = 1; k <= 10; k++)
        for (int side = 0; side < (k == 1 ? 1 : 2); side++) {
            double start = k == 1 ? guess : side == 0 ? guess * k : guess / k;
            if (spreadsheet_rate_run(&x, &a, start) &&
                settle(&t, annuity_eq, &a, log1p(x), NAN, EPS_ABS) == FPA_OK)
                return fpa__store(out, expm1(t), "RATE");
        }
    return search_rate(out, annuity_eq, &a, guess, EPS_ABS, "RATE");
}
