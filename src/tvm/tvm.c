/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money with spreadsheet semantics. The closed forms follow
 * the OpenFormula specification (ODF 1.2 part 2, section 6.12) as
 * LibreOffice Calc evaluates them; tests/ref/ holds the spreadsheet values
 * each function is checked against. */
#include "fpa/tvm.h"

#include "../core/internal.h"
#include "../core/parallel.h"
#include "../core/roots.h"

#include <float.h>
#include <string.h>

static fpa_status check_rate(double r, const char *what)
{
    if (!fpa__finite(r))
        return fpa__fail(FPA_EDOM, "%s is %s", what, isnan(r) ? "NaN" : "infinite");
    if (r <= -1)
        return fpa__fail(FPA_EDOM, "%s is %.17g; rates must be above -1 (-100 %%)",
                         what, r);
    return FPA_OK;
}

static fpa_status check_when(fpa_when w)
{
    if (w == FPA_WHEN_END || w == FPA_WHEN_BEGIN) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "when is %d; expected FPA_WHEN_END (0) or "
                     "FPA_WHEN_BEGIN (1)", (int)w);
}


/* (1+r)^n and ((1+r)^n - 1)/r, accurate for small r. */
static double growth(double r, double n) { return exp(n * log1p(r)); }

static double annuity_factor(double r, double n)
{
    return r == 0 ? n : expm1(n * log1p(r)) / r;
}

static double raw_fv(double r, double n, double pmt, double pv, fpa_when w)
{
    if (r == 0) return -(pv + pmt * n);
    return -(pv * growth(r, n) + pmt * (1 + r * (double)w) * annuity_factor(r, n));
}

static double raw_pmt(double r, double n, double pv, double fv, fpa_when w)
{
    if (r == 0) return -(pv + fv) / n;
    double nl = n * log1p(r);
    if (nl > 0) {
        /* divided through by (1+r)^n, which may overflow while PMT does not */
        double e = exp(-nl);
        return -(fv * e + pv) * r / ((1 + r * (double)w) * -expm1(-nl));
    }
    return -(fv + pv * exp(nl)) * r / ((1 + r * (double)w) * expm1(nl));
}

/* ---- discounted cash flows ------------------------------------------ */

fpa_status fpa_tvm_npv(double *out, double rate, const double *values, size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(values, n, 1, "values"));
    TRY(check_rate(rate, "rate"));
    /* Horner in the discount factor: one division instead of n powers */
    double d = 1 / (1 + rate), acc = 0;
    for (size_t i = n; i-- > 0;) acc = (acc + values[i]) * d;
    return fpa__store(out, acc, "NPV");
}

fpa_status fpa_tvm_mirr(double *out, const double *values, size_t n,
                        double finance_rate, double reinvest_rate)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(check_rate(finance_rate, "finance_rate"));
    TRY(check_rate(reinvest_rate, "reinvest_rate"));
    double pv_neg = 0, pv_pos = 0;  /* both discounted to period 0 */
    double dneg = 1, dpos = 1;
    for (size_t i = 0; i < n; i++) {
        if (values[i] < 0) pv_neg += values[i] * dneg;
        else if (values[i] > 0) pv_pos += values[i] * dpos;
        dneg /= 1 + finance_rate;
        dpos /= 1 + reinvest_rate;
    }
    if (pv_neg == 0 || pv_pos == 0)
        return fpa__fail(FPA_EDOM, "MIRR needs both negative and positive values");
    double periods = (double)(n - 1);
    double ratio = -pv_pos / pv_neg * growth(reinvest_rate, periods);
    return fpa__store(out, pow(ratio, 1 / periods) - 1, "MIRR");
}

fpa_status fpa_tvm_xnpv(double *out, double rate, const double *values,
                        const int64_t *days, size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(days, "days"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(check_rate(rate, "rate"));
    TRY(fpa__check_days(days, n, "days"));
    double l = log1p(rate), acc = 0;
    for (size_t i = 0; i < n; i++)
        acc += values[i] * exp(-(double)(days[i] - days[0]) / 365 * l);
    return fpa__store(out, acc, "XNPV");
}

/* ---- rate solvers ----------------------------------------------------
 * IRR, XIRR and RATE are solved in t = log(1+r), where the domain r > -1
 * becomes the whole line, on a function with the sign of the NPV but scaled
 * by a positive factor so that no power overflows. The scaling changes at
 * t = 0, which the bracket search therefore never straddles. */

static const double T_MIN = -18.420680743952367;  /* log(1e-8): r = -99.999999 % */
static const double T_MAX = 20.723265837046411;   /* log1p(1e9) */
static const double T_STEP = 0.02;
static const double EPS_REL = 1e-12, EPS_ABS = 1e-15;
static const double breaks_at_zero[] = {0.0};

/* NPV of periodic flows times (1+r)^(n-1) when t < 0, so both sums are
 * polynomials in a number in (0, 1]. */
typedef struct {
    const double *v;
    size_t n;
} periodic;

/* Horner's scheme for the polynomial and its first two derivatives; deriv
 * receives d/dt and d2/dt2 (chain rule through d = e^-t or q = e^t). */
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

/* XNPV times (1+r)^(t_ref) with t_ref the earliest date when r >= 0 and
 * the latest when r < 0: every exponent is then <= 0. Day offsets are whole
 * numbers, so each discount factor is an integer power k of the one-day
 * factor z <= 1, z^k = lo[k mod 2^b] * hi[k / 2^b], from two small tables.
 * One exp() per evaluation instead of one per flow, and two multiplications
 * per flow for spans under eleven years. */
typedef struct {
    const double *v;
    const int64_t *d;
    size_t n;
    int64_t dmin, dmax;
    int span_bits;  /* bits of dmax - dmin */
} dated;

/* t[j] = x^j for j < size (2 .. 64, even), built by squarings and one
 * multiplication per entry, in six dependent steps rather than 63. */
static void power_table(double *t, double x, int64_t size)
{
    t[0] = 1, t[1] = x;
    for (int64_t j = 2; j < size; j += 2) {
        t[j] = t[j / 2] * t[j / 2];
        t[j + 1] = t[j] * x;
    }
}

static double npv_dated(double t, void *p, double *deriv)
{
    const dated *c = p;
    bool ahead = t >= 0;
    int64_t base = ahead ? c->dmin : c->dmax;
    /* k = hi_part * 2^b + lo_part, with b about half the bits of the span
     * so both tables stay short; beyond 4096 days a third factor comes from
     * repeated squaring. */
    int b = (c->span_bits + 1) / 2;
    if (b > 6) b = 6;
    if (b < 1) b = 1;
    int64_t mask = ((int64_t)1 << b) - 1;
    int64_t nhi = (c->dmax - c->dmin) >> b;
    double lo[64], hi[64];
    power_table(lo, exp(-fabs(t) / 365), mask + 1);
    hi[0] = 1;
    if (nhi) power_table(hi, lo[mask] * lo[1], nhi < 63 ? nhi + 1 : 64);
    double f = 0, fk = 0, fkk = 0;
    for (size_t i = 0; i < c->n; i++) {
        int64_t k = ahead ? c->d[i] - base : base - c->d[i];
        double term = c->v[i] * lo[k & mask] * hi[(k >> b) & 63];
        if (FPA_UNLIKELY(k >> 12)) {  /* only when b = 6 */
            double x = hi[63] * hi[1];  /* z^(4096 * 2^j) for bit j of k / 4096 */
            for (int64_t m = k >> 12; m; m >>= 1, x *= x)
                if (m & 1) term *= x;
        }
        f += term;
        if (deriv) {  /* the probes and Brent need the value alone */
            double kd = (double)k;
            fk += kd * term;
            fkk += kd * kd * term;
        }
    }
    if (deriv) deriv[0] = (ahead ? -fk : fk) / 365, deriv[1] = fkk / (365.0 * 365.0);
    return f;
}

static double npv_dated_f(double t, void *p) { return npv_dated(t, p, NULL); }

/* f(t), with deriv[0] = f'(t) and deriv[1] = f''(t) (NaN when not known). */
typedef double (*fdf_fn)(double t, void *ctx, double *deriv);

/* Shared driver, in t = log(1+r). Newton's method from the guess (Halley's
 * refinement of it where the second derivative is known), which is what
 * LibreOffice and Excel run, so the same root is found when there are
 * several; the root is then bracketed by a verified sign change and
 * finished by GSL's Brent solver. When the iteration fails (a flat NPV, a
 * step out of range, no convergence), a sign-change search widening on both
 * sides of the guess supplies the bracket instead. */
static fpa_status solve_rate(double *out, fdf_fn fdf, fpa__fn f, void *ctx,
                             double guess, const char *what)
{
    double t0 = log1p(guess);
    if (t0 < T_MIN) t0 = T_MIN;
    if (t0 > T_MAX) t0 = T_MAX;
    double d0[2], f0 = fdf(t0, ctx, d0);
    fpa__bracket b = {t0, t0, f0, f0};
    bool found = f0 == 0;

    double t = t0, ft = f0, dt[2] = {d0[0], d0[1]};
    for (int it = 0; it < 30 && !found; it++) {
        double step = ft / dt[0];
        if (!fpa__finite(step)) break;
        /* Halley: the Newton step corrected for curvature, when sane */
        double curve = 1 - 0.5 * step * dt[1] / dt[0];
        bool cubic = curve > 0.5 && curve < 2;
        if (cubic) step /= curve;
        double tn = t - step;
        if (!(tn >= T_MIN && tn <= T_MAX)) break;
        if (fabs(step) <= (cubic ? 1e-5 : 1e-7) * (1 + fabs(t))) {
            /* The error is now about step^3 (step^2 for Newton), so tn is
             * within rounding of the root: confirm a sign change around
             * tn, first within the solver's tolerance (which settles the
             * root outright), then wider for Brent. */
            for (double delta = 0.5 * (EPS_ABS + EPS_REL * fabs(tn));
                 !found && delta < 1e-4; delta *= 1e3) {
                double lo = tn - delta, hi = tn + delta;
                if (lo < 0 && tn >= 0) lo = 0;  /* never straddle t = 0 */
                if (hi > 0 && tn < 0) hi = tn;
                double flo = f(lo, ctx), fhi = f(hi, ctx);
                if (lo < hi && (flo == 0 || fhi == 0 || (flo < 0) != (fhi < 0))) {
                    b = (fpa__bracket){lo, hi, flo, fhi};
                    found = true;
                }
            }
            break;
        }
        ft = fdf(tn, ctx, dt);
        t = tn;
        if (ft == 0) {
            b = (fpa__bracket){t, t, ft, ft};
            found = true;
        }
    }
    if (!found) {
        double t1 = d0[0] != 0 ? t0 - f0 / d0[0] : NAN;
        if (fpa__find_bracket(&b, f, ctx, t0, f0, t1, T_MIN, T_MAX, T_STEP,
                              breaks_at_zero, 1) != FPA_OK)
            return fpa__fail(FPA_ENOCONV, "%s: the NPV does not change sign for "
                             "any rate between -99.999999 %% and 1e9", what);
    }
    double root = b.flo == 0 ? b.lo : b.hi;
    if (b.flo != 0 && b.fhi != 0) {
        if (b.hi - b.lo <= EPS_ABS + EPS_REL * fmin(fabs(b.lo), fabs(b.hi)))
            root = 0.5 * (b.lo + b.hi);  /* bracketed within the tolerance */
        else {
            fpa_status st = fpa__brent(&root, f, ctx, b.lo, b.hi, b.flo, b.fhi,
                                       EPS_ABS, EPS_REL, 200);
            if (st != FPA_OK) return fpa__fail(st, "%s: %s", what, fpa_error_last());
        }
    }
    return fpa__store(out, expm1(root), what);
}

/* Both signs present, and sum |v| finite: the scaled NPVs are bounded by
 * it, so the solver never sees an overflow. */
static fpa_status check_flows(const double *v, size_t n, const char *what)
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
    return fpa__fail(FPA_ENOCONV, "%s: the cash flows need at least one "
                     "negative and one positive value", what);
}


fpa_status fpa_tvm_irr(double *out, const double *values, size_t n, double guess)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(check_rate(guess, "guess"));
    TRY(check_flows(values, n, "IRR"));
    periodic c = {values, n};
    return solve_rate(out, npv_periodic, npv_periodic_f, &c, guess, "IRR");
}

fpa_status fpa_tvm_irr_roots(double *out_roots, size_t cap, size_t *out_count,
                             const double *values, size_t n)
{
    TRY(fpa__check_ptr(out_count, "out_count"));
    if (cap) TRY(fpa__check_ptr(out_roots, "out_roots"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    size_t found = 0;
    fpa_status st = check_flows(values, n, "IRR");
    if (st == FPA_ENOCONV) {  /* flows of one sign: no IRR at all */
        fpa_error_clear();
        *out_count = 0;
        return FPA_OK;
    }
    TRY(st);
    periodic c = {values, n};
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
        if (fb == 0) t = b, root = true;
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

static fpa_status xirr_checked(double *out, const double *values,
                               const int64_t *days, size_t n, double guess)
{
    dated c = {values, days, n, days[0], days[0], 0};
    for (size_t i = 1; i < n; i++) {
        if (days[i] < c.dmin) c.dmin = days[i];
        if (days[i] > c.dmax) c.dmax = days[i];
    }
    for (int64_t s = c.dmax - c.dmin; s; s >>= 1) c.span_bits++;
    if (c.dmin == c.dmax)
        return fpa__fail(FPA_EDOM, "XIRR: every cash flow has the same date");
    TRY(check_flows(values, n, "XIRR"));
    return solve_rate(out, npv_dated, npv_dated_f, &c, guess, "XIRR");
}

fpa_status fpa_tvm_xirr(double *out, const double *values, const int64_t *days,
                        size_t n, double guess)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(days, "days"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(check_rate(guess, "guess"));
    TRY(fpa__check_days(days, n, "days"));
    return xirr_checked(out, values, days, n, guess);
}

typedef struct {
    double *rates;
    fpa_status *status;
    const double *values;
    const int64_t *days;
    const size_t *offsets;
    double guess;
} xirr_batch;

static fpa_status xirr_job(void *p, size_t k, unsigned worker)
{
    (void)worker;
    const xirr_batch *b = p;
    size_t lo = b->offsets[k], n = b->offsets[k + 1] - lo;
    double r = NAN;
    fpa_status st = fpa_tvm_xirr(&r, b->values + lo, b->days + lo, n, b->guess);
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
    TRY(check_rate(guess, "guess"));
    xirr_batch b = {out_rates, out_status, values, days, offsets, guess};
    return fpa__parallel_for(opts, count, xirr_job, &b);
}

/* ---- annuities --------------------------------------------------------- */

/* Report the first non-finite scalar argument by name; `names` is the
 * stringified argument list, "rate, nper, pv, fv". */
static fpa_status check_args(const char *names, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (fpa__finite(v[i])) continue;
        const char *p = names;
        for (size_t k = 0; k < i; k++) p = strchr(p, ',') + 2;
        int len = (int)strcspn(p, ",");
        return fpa__fail(FPA_EDOM, "%.*s is %s", len, p,
                         isnan(v[i]) ? "NaN" : (v[i] > 0 ? "+Inf" : "-Inf"));
    }
    return FPA_OK;
}

#define CHECK_VALUES(...)                                                   \
    do {                                                                    \
        const double v_[] = {__VA_ARGS__};                                  \
        TRY(check_args(#__VA_ARGS__, v_, sizeof v_ / sizeof *v_));          \
    } while (0)

fpa_status fpa_tvm_pmt(double *out, double rate, double nper, double pv,
                       double fv, fpa_when when)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    CHECK_VALUES(rate, nper, pv, fv);
    TRY(check_rate(rate, "rate"));
    if (nper == 0) return fpa__fail(FPA_EDOM, "nper is 0");
    return fpa__store(out, raw_pmt(rate, nper, pv, fv, when), "PMT");
}

fpa_status fpa_tvm_pv(double *out, double rate, double nper, double pmt,
                      double fv, fpa_when when)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    CHECK_VALUES(rate, nper, pmt, fv);
    TRY(check_rate(rate, "rate"));
    double v;
    if (rate == 0) v = -(fv + pmt * nper);
    else {
        double nl = nper * log1p(rate);  /* (1+r)^-n never overflows for n l > 0 */
        v = -(fv * exp(-nl) + pmt * (1 + rate * (double)when) * -expm1(-nl) / rate);
    }
    return fpa__store(out, v, "PV");
}

fpa_status fpa_tvm_fv(double *out, double rate, double nper, double pmt,
                      double pv, fpa_when when)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    CHECK_VALUES(rate, nper, pmt, pv);
    TRY(check_rate(rate, "rate"));
    return fpa__store(out, raw_fv(rate, nper, pmt, pv, when), "FV");
}

fpa_status fpa_tvm_nper(double *out, double rate, double pmt, double pv,
                        double fv, fpa_when when)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    CHECK_VALUES(rate, pmt, pv, fv);
    TRY(check_rate(rate, "rate"));
    if (rate == 0) {
        if (pmt == 0)
            return fpa__fail(FPA_EDOM, "rate and pmt are both 0: no number of "
                             "periods changes the value");
        return fpa__store(out, -(pv + fv) / pmt, "NPER");
    }
    double p = pmt * (1 + rate * (double)when);
    double num = p - fv * rate, den = pv * rate + p;
    if (den == 0 || !(num / den > 0))
        return fpa__fail(FPA_EDOM, "no number of periods solves the annuity "
                         "(the payment never reaches the target value)");
    return fpa__store(out, log(num / den) / log1p(rate), "NPER");
}

/* The annuity equation divided by (1+r)^n when r > 0, as a function of t. */
typedef struct {
    double n, pmt, pv, fv, w;
} annuity;

static double annuity_eq(double t, void *p, double *deriv)
{
    const annuity *a = p;
    double r = expm1(t), f, df;
    if (t >= 0) {
        double e = exp(-a->n * t);          /* (1+r)^-n */
        double g = t == 0 ? a->n : -expm1(-a->n * t) / r;  /* (1-(1+r)^-n)/r */
        f = a->pv + a->pmt * (1 + r * a->w) * g + a->fv * e;
        /* derivative in t, by the quotient rule on g */
        double dg = t == 0 ? -a->n * (a->n + 1) / 2
                           : (a->n * e * (1 + r) - g * (1 + r)) / r;
        df = a->pmt * (a->w * (1 + r) * g + (1 + r * a->w) * dg) -
             a->n * a->fv * e;
    } else {
        double e = exp(a->n * t);           /* (1+r)^n */
        double g = expm1(a->n * t) / r;     /* ((1+r)^n-1)/r */
        f = a->pv * e + a->pmt * (1 + r * a->w) * g + a->fv;
        double dg = (a->n * e * (1 + r) - g * (1 + r)) / r;
        df = a->n * a->pv * e +
             a->pmt * (a->w * (1 + r) * g + (1 + r * a->w) * dg);
    }
    if (deriv) deriv[0] = df, deriv[1] = NAN;
    return f;
}

static double annuity_f(double t, void *p) { return annuity_eq(t, p, NULL); }

fpa_status fpa_tvm_rate(double *out, double nper, double pmt, double pv,
                        double fv, fpa_when when, double guess)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    CHECK_VALUES(nper, pmt, pv, fv, guess);
    TRY(check_rate(guess, "guess"));
    if (nper <= 0) return fpa__fail(FPA_EDOM, "nper is %.17g; it must be > 0", nper);
    /* |equation| <= |pv| + 2 |pmt| nper + |fv| on the whole search range */
    if (!(fabs(pv) + 2 * fabs(pmt) * nper + fabs(fv) <= DBL_MAX))
        return fpa__fail(FPA_EOVERFLOW, "RATE: the inputs are too large");
    annuity a = {nper, pmt, pv, fv, (double)when};
    return solve_rate(out, annuity_eq, annuity_f, &a, guess, "RATE");
}

static fpa_status ipmt_checked(double *out_ipmt, double *out_pmt, double rate,
                               double per, double nper, double pv, double fv,
                               fpa_when when)
{
    CHECK_VALUES(rate, per, nper, pv, fv);
    TRY(check_rate(rate, "rate"));
    if (per < 1 || per > nper)
        return fpa__fail(FPA_EDOM, "per is %.17g; it must be between 1 and "
                         "nper (%.17g)", per, nper);
    double pmt = raw_pmt(rate, nper, pv, fv, when);
    if (!fpa__finite(pmt)) return fpa__fail(FPA_EDOM, "PMT is undefined");
    double ip;
    if (per == 1) ip = when == FPA_WHEN_BEGIN ? 0 : -pv * rate;
    else if (when == FPA_WHEN_BEGIN)
        ip = (raw_fv(rate, per - 2, pmt, pv, FPA_WHEN_BEGIN) - pmt) * rate;
    else ip = raw_fv(rate, per - 1, pmt, pv, FPA_WHEN_END) * rate;
    *out_ipmt = ip;
    *out_pmt = pmt;
    return FPA_OK;
}

fpa_status fpa_tvm_ipmt(double *out, double rate, double per, double nper,
                        double pv, double fv, fpa_when when)
{
    double ip = 0, pmt = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    TRY(ipmt_checked(&ip, &pmt, rate, per, nper, pv, fv, when));
    return fpa__store(out, ip, "IPMT");
}

fpa_status fpa_tvm_ppmt(double *out, double rate, double per, double nper,
                        double pv, double fv, fpa_when when)
{
    double ip = 0, pmt = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    TRY(ipmt_checked(&ip, &pmt, rate, per, nper, pv, fv, when));
    return fpa__store(out, pmt - ip, "PPMT");
}

/* Balance still owed right after payment k of a loan of pv (k = 0: pv).
 * Sums of principal parts telescope to differences of these balances, so
 * the cumulative functions cost O(1) whatever the number of periods. */
static double balance_after(double r, double k, double pmt, double pv, fpa_when w)
{
    if (k == 0) return pv;
    if (w == FPA_WHEN_END) return pv * growth(r, k) + pmt * annuity_factor(r, k);
    return pv * growth(r, k - 1) + pmt * annuity_factor(r, k) ;
}

static fpa_status cum_checked(double *out_int, double *out_prin, double rate,
                              double nper, double pv, double start, double end,
                              fpa_when when)
{
    CHECK_VALUES(rate, nper, pv, start, end);
    start = floor(start);
    end = floor(end);
    if (start < 1 || end < start || rate <= 0 || end > nper || nper <= 0 || pv <= 0)
        return fpa__fail(FPA_EDOM, "needs rate > 0, nper > 0, pv > 0 and "
                         "1 <= start <= end <= nper");
    double pmt = raw_pmt(rate, nper, pv, 0, when);
    if (!fpa__finite(pmt)) return fpa__fail(FPA_EOVERFLOW, "PMT is not finite");
    /* the principal part of a payment is the fall in the balance */
    double prin = balance_after(rate, end, pmt, pv, when) -
                  balance_after(rate, start - 1, pmt, pv, when);
    *out_prin = prin;
    *out_int = (end - start + 1) * pmt - prin;
    return FPA_OK;
}

fpa_status fpa_tvm_cumipmt(double *out, double rate, double nper, double pv,
                           double start, double end, fpa_when when)
{
    double i = 0, p = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    TRY(cum_checked(&i, &p, rate, nper, pv, start, end, when));
    return fpa__store(out, i, "CUMIPMT");
}

fpa_status fpa_tvm_cumprinc(double *out, double rate, double nper, double pv,
                            double start, double end, fpa_when when)
{
    double i = 0, p = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_when(when));
    TRY(cum_checked(&i, &p, rate, nper, pv, start, end, when));
    return fpa__store(out, p, "CUMPRINC");
}

/* ---- interest rate conversion ----------------------------------------- */

fpa_status fpa_tvm_effect(double *out, double nominal, double npery)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(nominal, npery);
    double m = trunc(npery);
    if (nominal < 0 || m < 1)
        return fpa__fail(FPA_EDOM, "needs nominal >= 0 and npery >= 1");
    return fpa__store(out, expm1(m * log1p(nominal / m)), "EFFECT");
}

fpa_status fpa_tvm_nominal(double *out, double effect, double npery)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(effect, npery);
    double m = trunc(npery);
    if (effect <= 0 || m < 1)
        return fpa__fail(FPA_EDOM, "needs effect > 0 and npery >= 1");
    return fpa__store(out, m * expm1(log1p(effect) / m), "NOMINAL");
}

/* ---- depreciation ------------------------------------------------------- */

fpa_status fpa_tvm_sln(double *out, double cost, double salvage, double life)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(cost, salvage, life);
    if (life == 0) return fpa__fail(FPA_EDOM, "life is 0");
    return fpa__store(out, (cost - salvage) / life, "SLN");
}

fpa_status fpa_tvm_syd(double *out, double cost, double salvage, double life,
                       double per)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(cost, salvage, life, per);
    if (life <= 0 || per < 1 || per > life)
        return fpa__fail(FPA_EDOM, "needs life > 0 and 1 <= per <= life");
    return fpa__store(out, (cost - salvage) * (life - per + 1) * 2 / (life * (life + 1)),
                      "SYD");
}

fpa_status fpa_tvm_ddb(double *out, double cost, double salvage, double life,
                       double period, double factor)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(cost, salvage, life, period, factor);
    if (cost < 0 || salvage < 0 || factor <= 0 || salvage > cost || life <= 0 ||
        period < 1 || period > life)
        return fpa__fail(FPA_EDOM, "needs 0 <= salvage <= cost, life > 0, "
                         "factor > 0 and 1 <= period <= life");
    double k = factor / life, before, after;
    if (k >= 1) {
        k = 1;
        before = period == 1 ? cost : 0;
    } else
        before = cost * pow(1 - k, period - 1);
    after = cost * pow(1 - k, period);
    double dep = after < salvage ? before - salvage : before - after;
    return fpa__store(out, dep < 0 ? 0 : dep, "DDB");
}

fpa_status fpa_tvm_db(double *out, double cost, double salvage, double life,
                      double period, double month)
{
    TRY(fpa__check_ptr(out, "out"));
    CHECK_VALUES(cost, salvage, life, period, month);
    if (month < 1 || month > 12 || life > 1200 || salvage < 0 ||
        period > life + 1 || salvage > cost || cost <= 0 || life <= 0 || period <= 0)
        return fpa__fail(FPA_EDOM, "needs cost > 0, 0 <= salvage <= cost, "
                         "0 < life <= 1200, 0 < period <= life + 1 and "
                         "1 <= month <= 12");
    /* the spreadsheet rounds the rate to three decimals */
    double rate = floor((1 - pow(salvage / cost, 1 / life)) * 1000 + 0.5) / 1000;
    double first = cost * rate * month / 12;
    if (floor(period) == 1) return fpa__store(out, first, "DB");
    double total = first, dep = 0;
    double last_full = floor(life < period ? life : period);
    for (double i = 2; i <= last_full; i++) {
        dep = (cost - total) * rate;
        total += dep;
    }
    if (period > life) dep = (cost - total) * rate * (12 - month) / 12;
    return fpa__store(out, dep, "DB");
}
