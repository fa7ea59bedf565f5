/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customer unit economics: ARPU, churn and retention, LTV, CAC, payback.
 * Discounting goes through the public TVM API (fpa/tvm.h). */
#include "unit.h"

#include "fpa/tvm.h"

static fpa_status check_churn(double c)
{
    TRY(fpa__check_value(c, "churn"));
    if (c < 0 || c > 1)
        return fpa__fail(FPA_EDOM, "churn is %.17g; must be in [0, 1]", c);
    return FPA_OK;
}

static fpa_status check_rate(double d)
{
    TRY(fpa__check_value(d, "discount_rate"));
    if (d <= -1)
        return fpa__fail(FPA_EDOM, "discount_rate is %.17g; must be above -1", d);
    return FPA_OK;
}

/* Margin per customer per month. */
static fpa_status margin_of(double *m, double arpu, double gross_margin)
{
    TRY(fpa__check_value(arpu, "arpu"));
    TRY(fpa__check_value(gross_margin, "gross_margin"));
    *m = arpu * gross_margin;
    return fpa__check_value(*m, "arpu * gross_margin") == FPA_OK
               ? FPA_OK
               : fpa__fail(FPA_EOVERFLOW, "arpu * gross_margin overflows");
}

static fpa_status unbounded(const char *why)
{
    return fpa__fail(FPA_EUNBOUNDED, "the lifetime value is unbounded: %s", why);
}

fpa_status fpa_unit_arpu(double *out, double revenue, double customers_start,
                         double customers_end)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_value(revenue, "revenue"));
    TRY(unit__nonneg(customers_start, "customers_start"));
    TRY(unit__nonneg(customers_end, "customers_end"));
    double avg = customers_start / 2 + customers_end / 2;
    if (avg == 0) return fpa__fail(FPA_EDOM, "no customers: ARPU is undefined");
    return fpa__store(out, revenue / avg, "ARPU");
}

fpa_status fpa_unit_logo_churn(double *out, double customers_start,
                               double customers_lost)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_value(customers_start, "customers_start"));
    TRY(unit__nonneg(customers_lost, "customers_lost"));
    if (customers_start <= 0)
        return fpa__fail(FPA_EDOM, "customers_start is %.17g; churn needs "
                         "customers at the start", customers_start);
    if (customers_lost > customers_start)
        return fpa__fail(FPA_EDATA, "customers_lost (%.17g) exceeds "
                         "customers_start (%.17g)", customers_lost, customers_start);
    *out = customers_lost / customers_start;
    return FPA_OK;
}

fpa_status fpa_unit_revenue_retention(double *out_grr, double *out_nrr,
                                      double *out_gross_churn, double *out_net_churn,
                                      double *out_expansion, double mrr_start,
                                      double churned, double contraction,
                                      double expansion)
{
    if (!out_grr && !out_nrr && !out_gross_churn && !out_net_churn && !out_expansion)
        return fpa__fail(FPA_EINVAL, "no output is requested");
    TRY(fpa__check_value(mrr_start, "mrr_start"));
    TRY(unit__nonneg(churned, "churned"));
    TRY(unit__nonneg(contraction, "contraction"));
    TRY(unit__nonneg(expansion, "expansion"));
    if (mrr_start <= 0)
        return fpa__fail(FPA_EDOM, "mrr_start is %.17g; must be positive", mrr_start);
    double lost = churned + contraction;
    if (lost > mrr_start)
        return fpa__fail(FPA_EDATA, "churned + contraction (%.17g) exceeds "
                         "mrr_start (%.17g)", lost, mrr_start);
    double gross = lost / mrr_start, exp_rate = expansion / mrr_start;
    double net = (lost - expansion) / mrr_start;
    if (!fpa__finite(exp_rate) || !fpa__finite(net))
        return fpa__fail(FPA_EOVERFLOW, "expansion / mrr_start is not representable");
    /* computed from the numerators, not as 1 - churn, to match the
     * spreadsheet formulas digit for digit */
    double grr = (mrr_start - lost) / mrr_start;
    double nrr = (mrr_start - lost + expansion) / mrr_start;
    if (out_grr) *out_grr = grr;
    if (out_nrr) *out_nrr = nrr;
    if (out_gross_churn) *out_gross_churn = gross;
    if (out_net_churn) *out_net_churn = net;
    if (out_expansion) *out_expansion = exp_rate;
    return FPA_OK;
}

fpa_status fpa_unit_ltv_simple(double *out, double arpu, double gross_margin,
                               double churn)
{
    double m;
    TRY(fpa__check_ptr(out, "out"));
    TRY(margin_of(&m, arpu, gross_margin));
    TRY(check_churn(churn));
    if (m == 0) {
        *out = 0;
        return FPA_OK;
    }
    if (churn == 0) return unbounded("churn is 0, so customers never leave");
    return fpa__store(out, m / churn, "LTV");
}

/* sum_{t=1}^{h} x^t for 0 < x, as the present value of h payments of 1 at
 * the rate 1/x - 1 (fpa_tvm_pv handles x near 1 without cancellation). */
static fpa_status geometric_sum(double *out, double x, size_t h)
{
    double pv;
    TRY(fpa_tvm_pv(&pv, 1 / x - 1, (double)h, -1, 0, FPA_WHEN_END));
    *out = pv;
    return FPA_OK;
}

fpa_status fpa_unit_ltv_discounted(double *out, double arpu, double gross_margin,
                                   double churn, double discount_rate,
                                   size_t horizon)
{
    double m;
    TRY(fpa__check_ptr(out, "out"));
    TRY(margin_of(&m, arpu, gross_margin));
    TRY(check_churn(churn));
    TRY(check_rate(discount_rate));
    if (m == 0) {
        *out = 0;
        return FPA_OK;
    }
    if (horizon == 0) {
        double k = churn + discount_rate;
        if (k <= 0)
            return unbounded("infinite horizon with churn + discount rate <= 0");
        return fpa__store(out, m / k, "LTV");
    }
    if (churn == 1) return fpa__store(out, m / (1 + discount_rate), "LTV");
    /* sum_{t=1}^{H} m r^(t-1) / (1+d)^t = m / r * sum_{t=1}^{H} (r/(1+d))^t */
    double r = 1 - churn, s;
    TRY(geometric_sum(&s, r / (1 + discount_rate), horizon));
    return fpa__store(out, m * s / r, "LTV");
}

fpa_status fpa_unit_ltv_curve(double *out, const double *retention, size_t n,
                              double arpu, double gross_margin,
                              double discount_rate, size_t horizon,
                              const fpa_opts *opts)
{
    double m, observed;
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_finite(retention, n, 1, "retention"));
    for (size_t k = 0; k < n; k++)
        if (retention[k] < 0)
            return fpa__fail(FPA_EDOM, "retention[%zu] is negative", k);
    TRY(margin_of(&m, arpu, gross_margin));
    TRY(check_rate(discount_rate));
    size_t nobs = horizon && horizon < n ? horizon : n;
    /* NPV discounts its first value one period: age k is paid at k+1 */
    TRY(fpa_tvm_npv(&observed, discount_rate, retention, nobs));
    double tail = 0;
    bool extend = horizon == 0 || horizon > n;
    if (extend && fpa__opt_int(opts, FPA_OPT_UNIT_TAIL) == FPA_TAIL_GEOMETRIC) {
        if (n < 2)
            return fpa__fail(FPA_EDATA, "a geometric tail needs at least two "
                             "observed ages; the curve has one");
        size_t window = (size_t)fpa__opt_int(opts, FPA_OPT_UNIT_TAIL_WINDOW);
        size_t L = window < n - 1 ? window : n - 1;
        double last = retention[n - 1], base = retention[n - 1 - L], q = 0;
        if (last > 0 && base == 0)
            return fpa__fail(FPA_EDATA, "retention[%zu] is 0 but retention[%zu] "
                             "is not: no geometric tail through a zero",
                             n - 1 - L, n - 1);
        if (last > 0) q = pow(last / base, 1 / (double)L);
        if (q > 0) {
            /* last * sum_j q^j / (1+d)^(n+j) = last/(1+d)^n * sum_j x^j */
            double x = q / (1 + discount_rate), s;
            if (horizon == 0) {
                if (x >= 1) {
                    if (m == 0) {
                        *out = 0;
                        return FPA_OK;
                    }
                    return unbounded("the tail's retention ratio is at or above "
                                     "1 + discount rate");
                }
                s = x / (1 - x);
            } else {
                TRY(geometric_sum(&s, x, horizon - n));
            }
            tail = last * exp(-(double)n * log1p(discount_rate)) * s;
        }
    }
    return fpa__store(out, m * (observed + tail), "LTV");
}

fpa_status fpa_unit_retention_curve(double *out_curve, size_t *out_len,
                                    const double *retention, const double *weights,
                                    const size_t *observed, size_t rows, size_t cols)
{
    size_t cells, len = 0;
    TRY(fpa__check_ptr(out_curve, "out_curve"));
    TRY(fpa__check_ptr(out_len, "out_len"));
    TRY(fpa__check_ptr(retention, "retention"));
    TRY(fpa__check_ptr(observed, "observed"));
    if (rows == 0 || cols == 0)
        return fpa__fail(FPA_EINVAL, "%s is 0", rows ? "cols" : "rows");
    if (fpa__mul_overflows(rows, cols, &cells))
        return fpa__fail(FPA_EINVAL, "rows * cols overflows");
    double w0 = 0, s0 = 0;
    for (size_t i = 0; i < rows; i++) {
        double w = weights ? weights[i] : 1;
        if (observed[i] > cols)
            return fpa__fail(FPA_EINVAL, "observed[%zu] is %zu, above cols (%zu)",
                             i, observed[i], cols);
        if (weights) TRY(unit__nonneg(w, "a weight"));
        for (size_t a = 0; a < observed[i]; a++) {
            double v = retention[i * cols + a];
            if (!fpa__finite(v) || v < 0)
                return fpa__fail(FPA_EDOM, "retention[%zu][%zu] is %s", i, a,
                                 v < 0 ? "negative" : "not finite");
        }
        if (w > 0 && observed[i] > 0) {
            if (observed[i] > len) len = observed[i];
            w0 += w;
            s0 += w * retention[i * cols];
        }
    }
    if (len == 0) return fpa__fail(FPA_EDATA, "no cohort with a positive weight "
                                   "has an observed age");
    double s = s0 / w0;
    if (!fpa__finite(s))  /* huge weights times huge values */
        return fpa__fail(FPA_EOVERFLOW, "the curve at age 0 is not representable");
    out_curve[0] = s;
    for (size_t a = 0; a + 1 < len; a++) {
        double num = 0, den = 0;
        for (size_t i = 0; i < rows; i++) {
            double w = weights ? weights[i] : 1;
            if (w > 0 && observed[i] >= a + 2) {
                num += w * retention[i * cols + a + 1];
                den += w * retention[i * cols + a];
            }
        }
        s = den > 0 ? s * (num / den) : 0;
        if (!fpa__finite(s))
            return fpa__fail(FPA_EOVERFLOW, "the curve at age %zu is not "
                             "representable", a + 1);
        out_curve[a + 1] = s;
    }
    *out_len = len;
    return FPA_OK;
}

fpa_status fpa_unit_ltv_cohorts(double *out, const double *retention,
                                const double *weights, const size_t *observed,
                                size_t rows, size_t cols, double arpu,
                                double gross_margin, double discount_rate,
                                size_t horizon, const fpa_opts *opts)
{
    size_t len;
    TRY(fpa__check_ptr(out, "out"));
    fpa_mem m = fpa__mem_of(opts);
    double *curve = fpa__alloc(&m, cols, sizeof *curve, false);
    if (!curve) return FPA_ENOMEM;
    fpa_status st = fpa_unit_retention_curve(curve, &len, retention, weights,
                                             observed, rows, cols);
    if (st == FPA_OK)
        st = fpa_unit_ltv_curve(out, curve, len, arpu, gross_margin,
                                discount_rate, horizon, opts);
    fpa__free(&m, curve, cols, sizeof *curve);
    return st;
}

/* spend / customers, for the CACs */
static fpa_status cost_per(double *out, double spend, double customers,
                           const char *what)
{
    TRY(fpa__check_ptr(out, "out"));
    if (customers == 0) {
        if (spend > 0)
            return fpa__fail(FPA_EUNBOUNDED, "%s: spend of %.17g acquired no "
                             "customer", what, spend);
        return fpa__fail(FPA_EDOM, "%s: no spend and no customers", what);
    }
    return fpa__store(out, spend / customers, what);
}

fpa_status fpa_unit_cac_blended(double *out, double spend, double new_customers)
{
    TRY(unit__nonneg(spend, "spend"));
    TRY(unit__nonneg(new_customers, "new_customers"));
    return cost_per(out, spend, new_customers, "blended CAC");
}

fpa_status fpa_unit_cac_paid(double *out, double paid_spend, double new_customers,
                             double organic_customers)
{
    TRY(unit__nonneg(paid_spend, "paid_spend"));
    TRY(unit__nonneg(new_customers, "new_customers"));
    TRY(unit__nonneg(organic_customers, "organic_customers"));
    if (organic_customers > new_customers)
        return fpa__fail(FPA_EDATA, "organic_customers (%.17g) exceeds "
                         "new_customers (%.17g)", organic_customers, new_customers);
    return cost_per(out, paid_spend, new_customers - organic_customers, "paid CAC");
}

fpa_status fpa_unit_ltv_cac(double *out, double ltv, double cac)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_value(ltv, "ltv"));
    TRY(unit__nonneg(cac, "cac"));
    if (cac == 0) {
        if (ltv == 0) return fpa__fail(FPA_EDOM, "ltv and cac are both 0");
        return fpa__fail(FPA_EUNBOUNDED, "cac is 0: the LTV:CAC ratio is unbounded");
    }
    return fpa__store(out, ltv / cac, "LTV:CAC");
}

static fpa_status never_paid_back(const char *why)
{
    return fpa__fail(FPA_EUNBOUNDED, "the CAC is never paid back: %s", why);
}

fpa_status fpa_unit_cac_payback(double *out_months, double cac, double arpu,
                                double gross_margin, double churn)
{
    double m;
    TRY(fpa__check_ptr(out_months, "out_months"));
    TRY(unit__nonneg(cac, "cac"));
    TRY(margin_of(&m, arpu, gross_margin));
    TRY(check_churn(churn));
    if (cac == 0) {
        *out_months = 0;
        return FPA_OK;
    }
    if (m <= 0) return never_paid_back("the gross margin per customer is not positive");
    if (churn == 0) return fpa__store(out_months, cac / m, "CAC payback");
    if (churn == 1) {
        if (cac > m) return never_paid_back("every customer leaves after month 1");
        return fpa__store(out_months, cac / m, "CAC payback");
    }
    if (cac * churn >= m)
        return never_paid_back("the CAC is at or above the lifetime margin "
                               "(margin / churn)");
    /* Cumulative margin after k months: m (1 - r^k) / c, the future value
     * of k payments of m at the rate -c; NPER solves it for k. */
    double kstar, lr = log1p(-churn);
    TRY(fpa_tvm_nper(&kstar, -churn, m, 0, -cac, FPA_WHEN_END));
    double k = ceil(kstar);
    if (k < 1) k = 1;
#define CUM(j) (m * -expm1((j) * lr) / churn)
    /* guard the ceiling against rounding of kstar (a step or two at most;
     * bounded so that a CAC equal to the lifetime margin to the last bit
     * cannot loop) */
    for (int g = 0; g < 64 && k > 1 && CUM(k - 1) >= cac; g++) k--;
    for (int g = 0; g < 64 && CUM(k) < cac; g++) k++;
    if (CUM(k) < cac)
        return never_paid_back("the CAC equals the lifetime margin to double "
                               "precision");
    double months = (k - 1) + (cac - CUM(k - 1)) / (m * exp((k - 1) * lr));
#undef CUM
    return fpa__store(out_months, months, "CAC payback");
}

fpa_status fpa_unit_cac_payback_curve(double *out_months, double cac,
                                      const double *margin, size_t n)
{
    TRY(fpa__check_ptr(out_months, "out_months"));
    TRY(fpa__check_finite(margin, n, 1, "margin"));
    TRY(unit__nonneg(cac, "cac"));
    if (cac == 0) {
        *out_months = 0;
        return FPA_OK;
    }
    double cum = 0;
    for (size_t k = 0; k < n; k++) {
        double prev = cum;
        cum += margin[k];
        if (!fpa__finite(cum))
            return fpa__fail(FPA_EOVERFLOW, "the cumulative margin overflows at "
                             "month %zu", k + 1);
        if (cum >= cac) /* prev < cac <= cum, so margin[k] > 0 */
            return fpa__store(out_months, (double)k + (cac - prev) / margin[k],
                              "CAC payback");
    }
    return never_paid_back("the cumulative margin stays below the CAC over the "
                           "months given");
}
