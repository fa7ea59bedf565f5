/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money with spreadsheet semantics. The closed forms follow
 * the OpenFormula specification (ODF 1.2 part 2, section 6.12) as
 * LibreOffice Calc evaluates them; tests/ref/ holds the spreadsheet values
 * each function is checked against. */
#include "tvm_internal.h"
#include "tvm_math.h"

#include <float.h>
#include <string.h>

fpa_status fpa__tvm_check_rate(double r, const char *what)
{
    if (!fpa__finite(r))
        return fpa__fail(FPA_EDOM, "%s is %s", what, isnan(r) ? "NaN" : "infinite");
    if (r <= -1)
        return fpa__fail(FPA_EDOM, "%s is %.17g; rates must be above -1 (-100 %%)",
                         what, r);
    return FPA_OK;
}

fpa_status fpa__tvm_check_when(fpa_when w)
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

/* PMT, PV and FV evaluate tvm_math.h's formulas, which the array kernels
 * (map.c) evaluate too, so one element and an array give the same bits. */
static double raw_fv(double r, double n, double pmt, double pv, fpa_when w)
{
    return fpa__fv_value(r, n, pmt, pv, (double)w);
}

static double raw_pmt(double r, double n, double pv, double fv, fpa_when w)
{
    return fpa__pmt_value(r, n, pv, fv, (double)w);
}

/* The annuity functions' arguments all finite, the rate above -1 and the
 * timing valid: the common case, checked in one test; the checks that
 * name a culprit run only when it fails. */
static inline bool annuity_args_ok(const double *out, double rate, double a, double b,
                                   double c, fpa_when when)
{
    return out && (when == FPA_WHEN_END || when == FPA_WHEN_BEGIN) && rate > -1 &&
           rate <= DBL_MAX && fabs(a) <= DBL_MAX && fabs(b) <= DBL_MAX && fabs(c) <= DBL_MAX;
}

static inline fpa_status store(double *out, double v, const char *what)
{
    if (FPA_LIKELY(fabs(v) <= DBL_MAX)) {
        *out = v;
        return FPA_OK;
    }
    return fpa__store(out, v, what);
}

/* ---- discounted cash flows ------------------------------------------ */

/* sum v_i d^(i+1): Horner's scheme, in NPV_LANES interleaved chains in
 * d^NPV_LANES once the flows are many, so that the additions do not wait
 * on one another (one chain is bound by the latency of a multiply-add per
 * flow). The chains' tails are the last flows. */
enum { NPV_LANES = 16 };

static double npv_horner(double d, const double *v, size_t n)
{
    double acc = 0;
    for (size_t i = n; i-- > 0;) acc = (acc + v[i]) * d;
    return acc;
}

static double npv_sum(double d, const double *v, size_t n)
{
    if (n < 2 * NPV_LANES) return npv_horner(d, v, n);
    double dl = d * d;
    for (int k = 2; k < NPV_LANES; k *= 2) dl *= dl;
    size_t blocks = n / NPV_LANES, rem = n % NPV_LANES;
    double acc[NPV_LANES];
    for (size_t j = 0; j < NPV_LANES; j++) acc[j] = j < rem ? v[blocks * NPV_LANES + j] : 0;
    for (size_t b = blocks; b-- > 0;) {
        const double *p = v + b * NPV_LANES;
        for (size_t j = 0; j < NPV_LANES; j++) acc[j] = acc[j] * dl + p[j];
    }
    /* sum_j acc[j] d^(j+1), pairwise: four dependent steps, not sixteen */
    double d2 = d * d, d4 = d2 * d2, d8 = d4 * d4, b[8], c[4];
    for (size_t j = 0; j < 8; j++) b[j] = acc[2 * j] + d * acc[2 * j + 1];
    for (size_t j = 0; j < 4; j++) c[j] = b[2 * j] + d2 * b[2 * j + 1];
    return d * ((c[0] + d4 * c[1]) + d8 * (c[2] + d4 * c[3]));
}

fpa_status fpa_tvm_npv(double *out, double rate, const double *values, size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(values, "values"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "values has 0 values, needs at least 1");
    TRY(fpa__tvm_check_rate(rate, "rate"));
    /* A NaN or infinite value makes the sum non-finite, so the values are
     * only scanned for the culprit when the sum is. */
    double d = 1 / (1 + rate), v = npv_sum(d, values, n);
    if (FPA_LIKELY(fpa__finite(v))) {
        *out = v;
        return FPA_OK;
    }
    TRY(fpa__check_finite(values, n, 1, "values"));
    return fpa__store(out, npv_horner(d, values, n), "NPV");
}

fpa_status fpa_tvm_mirr(double *out, const double *values, size_t n,
                        double finance_rate, double reinvest_rate)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(fpa__tvm_check_rate(finance_rate, "finance_rate"));
    TRY(fpa__tvm_check_rate(reinvest_rate, "reinvest_rate"));
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

fpa_status fpa_tvm_xnpv_dc(double *out, double rate, const double *values,
                           const int64_t *days, size_t n, fpa_day_count basis)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(days, "days"));
    TRY(fpa__check_finite(values, n, 2, "values"));
    TRY(fpa__tvm_check_rate(rate, "rate"));
    TRY(fpa__check_day_count(basis));
    TRY(fpa__check_days(days, n, "days"));
    double l = log1p(rate), acc = 0;
    if (basis == FPA_DAYCOUNT_ACT_365F)
        for (size_t i = 0; i < n; i++)
            acc += values[i] * exp(-(double)(days[i] - days[0]) / 365 * l);
    else
        for (size_t i = 0; i < n; i++)
            acc += values[i] * exp(-fpa__year_fraction(days[0], days[i], basis) * l);
    return fpa__store(out, acc, "XNPV");
}

fpa_status fpa_tvm_xnpv(double *out, double rate, const double *values,
                        const int64_t *days, size_t n)
{
    return fpa_tvm_xnpv_dc(out, rate, values, days, n, FPA_DAYCOUNT_ACT_365F);
}

/* ---- annuities --------------------------------------------------------- */

fpa_status fpa__tvm_check_args(const char *names, const double *v, size_t n)
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

fpa_status fpa_tvm_pmt(double *out, double rate, double nper, double pv,
                       double fv, fpa_when when)
{
    if (FPA_UNLIKELY(!annuity_args_ok(out, rate, nper, pv, fv, when) || nper == 0)) {
        TRY(fpa__check_ptr(out, "out"));
        TRY(fpa__tvm_check_when(when));
        CHECK_VALUES(rate, nper, pv, fv);
        TRY(fpa__tvm_check_rate(rate, "rate"));
        return fpa__fail(FPA_EDOM, "nper is 0");
    }
    return store(out, raw_pmt(rate, nper, pv, fv, when), "PMT");
}

fpa_status fpa_tvm_pv(double *out, double rate, double nper, double pmt,
                      double fv, fpa_when when)
{
    if (FPA_UNLIKELY(!annuity_args_ok(out, rate, nper, pmt, fv, when))) {
        TRY(fpa__check_ptr(out, "out"));
        TRY(fpa__tvm_check_when(when));
        CHECK_VALUES(rate, nper, pmt, fv);
        return fpa__tvm_check_rate(rate, "rate");
    }
    double v = fpa__pv_value(rate, nper, pmt, fv, (double)when);
    return store(out, v, "PV");
}

fpa_status fpa_tvm_fv(double *out, double rate, double nper, double pmt,
                      double pv, fpa_when when)
{
    if (FPA_UNLIKELY(!annuity_args_ok(out, rate, nper, pmt, pv, when))) {
        TRY(fpa__check_ptr(out, "out"));
        TRY(fpa__tvm_check_when(when));
        CHECK_VALUES(rate, nper, pmt, pv);
        return fpa__tvm_check_rate(rate, "rate");
    }
    return store(out, raw_fv(rate, nper, pmt, pv, when), "FV");
}

fpa_status fpa_tvm_nper(double *out, double rate, double pmt, double pv,
                        double fv, fpa_when when)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__tvm_check_when(when));
    CHECK_VALUES(rate, pmt, pv, fv);
    TRY(fpa__tvm_check_rate(rate, "rate"));
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

static fpa_status ipmt_checked(double *out_ipmt, double *out_pmt, double rate,
                               double per, double nper, double pv, double fv,
                               fpa_when when)
{
    CHECK_VALUES(rate, per, nper, pv, fv);
    TRY(fpa__tvm_check_rate(rate, "rate"));
    if (per < 1 || per > nper)
        return fpa__fail(FPA_EDOM, "per is %.17g; it must be between 1 and "
                         "nper (%.17g)", per, nper);
    double pmt = raw_pmt(rate, nper, pv, fv, when);
    if (!fpa__finite(pmt)) return fpa__fail(FPA_EDOM, "PMT is undefined");
    *out_ipmt = fpa__ipmt_value(rate, per, pmt, pv, (double)when);
    *out_pmt = pmt;
    return FPA_OK;
}

fpa_status fpa_tvm_ipmt(double *out, double rate, double per, double nper,
                        double pv, double fv, fpa_when when)
{
    double ip = 0, pmt = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__tvm_check_when(when));
    TRY(ipmt_checked(&ip, &pmt, rate, per, nper, pv, fv, when));
    return fpa__store(out, ip, "IPMT");
}

fpa_status fpa_tvm_ppmt(double *out, double rate, double per, double nper,
                        double pv, double fv, fpa_when when)
{
    double ip = 0, pmt = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__tvm_check_when(when));
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
    TRY(fpa__tvm_check_when(when));
    TRY(cum_checked(&i, &p, rate, nper, pv, start, end, when));
    return fpa__store(out, i, "CUMIPMT");
}

fpa_status fpa_tvm_cumprinc(double *out, double rate, double nper, double pv,
                            double start, double end, fpa_when when)
{
    double i = 0, p = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__tvm_check_when(when));
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
