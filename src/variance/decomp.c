/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The textbook variance decompositions, exact in minor units: every amount
 * is rounded once, and the part named in the header absorbs the rounding
 * residue, so parts add up to totals with integer arithmetic. Each
 * function computes in a first pass without writing and writes in a
 * second, so that failures leave the outputs untouched. */
#include "minor.h"

#include <stdio.h>

static fpa_status overflow(const char *what, size_t i)
{
    return fpa__fail(FPA_EOVERFLOW, "%s of item %zu overflows int64 minor units",
                     what, i);
}

static double major(int64_t c, double scale) { return (double)c / scale; }

static fpa_status check_nonneg(const double *x, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (x[i] < 0)
            return fpa__fail(FPA_EDOM, "%s[%zu] is %.17g; must be >= 0", what, i,
                             x[i]);
    return FPA_OK;
}

/* Per-unit values that may be NaN, "not applicable", where they cannot
 * enter any result: where every quantity that multiplies them is 0
 * (`zero_a` and, when given, `zero_b` at index i). Infinities never. */
static fpa_status check_applicable(const double *x, size_t n, const double *zero_a,
                                   const double *zero_b, const char *what,
                                   const char *why)
{
    TRY(fpa__check_ptr(x, what));
    for (size_t i = 0; i < n; i++) {
        if (fpa__finite(x[i])) continue;
        bool na = isnan(x[i]) && zero_a[i] == 0 && (!zero_b || zero_b[i] == 0);
        if (!na)
            return fpa__fail(FPA_EDOM, "%s[%zu] is %s%s%s", what, i,
                             nonfinite_name(x[i]), isnan(x[i]) ? "; NaN means not "
                             "applicable only where " : "", isnan(x[i]) ? why : "");
    }
    return FPA_OK;
}

/* Actual and budgeted (or standard) quantities, finite and >= 0, with
 * their unit values: the actual one not applicable where nothing was
 * used or sold, the budgeted one where neither was budgeted nor used.
 * names: actual quantity, actual value, budget quantity, budget value. */
static fpa_status check_quantities(const double *qa, const double *pa, const double *qb,
                                   const double *pb, size_t n, const char *const names[4])
{
    char why_a[64], why_b[96];
    TRY(fpa__check_finite(qb, n, 1, names[2]));
    TRY(fpa__check_finite(qa, n, 1, names[0]));
    TRY(check_nonneg(qb, n, names[2]));
    TRY(check_nonneg(qa, n, names[0]));
    snprintf(why_a, sizeof why_a, "%s is 0", names[0]);
    snprintf(why_b, sizeof why_b, "%s and %s are 0", names[2], names[0]);
    TRY(check_applicable(pa, n, qa, NULL, names[1], why_a));
    return check_applicable(pb, n, qb, qa, names[3], why_b);
}

/* x[i], or 0 where it is not applicable (NaN): every term it enters is
 * then multiplied by zero, so any value would give the same result. */
static inline double applicable(const double *x, size_t i)
{
    return isnan(x[i]) ? 0.0 : x[i];
}



/* ---- sales price / mix / quantity -------------------------------------- */

typedef struct {
    const double *bq, *bp, *bc, *aq, *ap, *ac;
    double bq_total, aq_total, scale;
} sales;

/* The parts of product i. Without a budgeted mix (no budgeted units at
 * all) mix and quantity are undefined: they are left 0 here and reported
 * as NaN by the caller. */
static fpa_status sales_parts(int64_t part[FPA_SALES_PARTS], const sales *s,
                              size_t i)
{
    int64_t rev_a = 0, rev_b = 0, cost_a = 0, cost_b = 0, inc_a, inc_b;
    double bp = applicable(s->bp, i), ap = applicable(s->ap, i), ub = bp;
    TRY(minor_of(&rev_a, s->aq[i] * ap, s->scale, "actual revenue", i));
    TRY(minor_of(&rev_b, s->bq[i] * bp, s->scale, "budget revenue", i));
    TRY(minor_of(&part[FPA_SALES_PRICE], (ap - bp) * s->aq[i], s->scale,
                 "price variance", i));
    part[FPA_SALES_COST] = 0;
    if (s->bc) {
        double bc = applicable(s->bc, i), ac = applicable(s->ac, i);
        TRY(minor_of(&cost_a, s->aq[i] * ac, s->scale, "actual cost", i));
        TRY(minor_of(&cost_b, s->bq[i] * bc, s->scale, "budget cost", i));
        TRY(minor_of(&part[FPA_SALES_COST], (ac - bc) * s->aq[i], s->scale,
                     "cost variance", i));
        part[FPA_SALES_COST] = -part[FPA_SALES_COST];
        ub -= bc;
    }
    part[FPA_SALES_MIX] = 0;
    if (s->bq_total > 0) {
        /* actual units at the budgeted mix: multiply before dividing, so
         * that whole units stay exact */
        double at_budget_mix = s->aq_total * s->bq[i] / s->bq_total;
        TRY(minor_of(&part[FPA_SALES_MIX], (s->aq[i] - at_budget_mix) * ub, s->scale,
                     "mix variance", i));
    }
    int64_t total, q;
    if (!fpa__sub_i64(&inc_a, rev_a, cost_a) || !fpa__sub_i64(&inc_b, rev_b, cost_b) ||
        !fpa__sub_i64(&total, inc_a, inc_b) ||
        !fpa__sub_i64(&q, total, part[FPA_SALES_PRICE]) ||
        !fpa__sub_i64(&q, q, part[FPA_SALES_COST]) ||
        !fpa__sub_i64(&q, q, part[FPA_SALES_MIX]))
        return overflow("the total variance", i);
    part[FPA_SALES_QUANTITY] = s->bq_total > 0 ? q : 0;
    part[FPA_SALES_TOTAL] = total;
    return FPA_OK;
}

fpa_status fpa_variance_sales_mix(double *out_price, double *out_cost,
                                  double *out_mix, double *out_quantity,
                                  double *out_total, const double *budget_units,
                                  const double *budget_price,
                                  const double *budget_cost,
                                  const double *actual_units,
                                  const double *actual_price,
                                  const double *actual_cost, size_t n,
                                  const fpa_opts *opts)
{
    if (!budget_cost != !actual_cost)
        return fpa__fail(FPA_EINVAL, "%s is NULL but %s is not; give both unit "
                         "costs for a margin analysis or neither for revenue",
                         budget_cost ? "actual_cost" : "budget_cost",
                         budget_cost ? "budget_cost" : "actual_cost");
    /* actual prices and costs of a product not sold, and budgeted ones of a
     * product neither budgeted nor sold, are not applicable */
    static const char *const price[4] = {"actual_units", "actual_price", "budget_units",
                                         "budget_price"};
    static const char *const cost[4] = {"actual_units", "actual_cost", "budget_units",
                                        "budget_cost"};
    TRY(check_quantities(actual_units, actual_price, budget_units, budget_price, n, price));
    if (budget_cost)
        TRY(check_quantities(actual_units, actual_cost, budget_units, budget_cost, n, cost));
    sales s = {budget_units, budget_price, budget_cost, actual_units,
               actual_price, actual_cost, 0, 0, minor_scale(opts)};
    for (size_t i = 0; i < n; i++) {
        s.bq_total += budget_units[i];
        s.aq_total += actual_units[i];
    }
    if (!fpa__finite(s.bq_total + s.aq_total))
        return fpa__fail(FPA_EOVERFLOW, "the total units are not finite");

    int64_t part[FPA_SALES_PARTS], sum[FPA_SALES_PARTS] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        TRY(sales_parts(part, &s, i));
        for (int k = 0; k < FPA_SALES_PARTS; k++)
            if (!fpa__add_i64(&sum[k], sum[k], part[k]))
                return fpa__fail(FPA_EOVERFLOW, "the total of the variances "
                                 "overflows int64 minor units");
    }
    /* no budgeted units: no budgeted mix, so mix and quantity (and their
     * totals) are undefined; price, cost and the total are not */
    bool no_mix = s.bq_total == 0;
    for (size_t i = 0; i < n; i++) {
        sales_parts(part, &s, i);
        if (out_price) out_price[i] = major(part[FPA_SALES_PRICE], s.scale);
        if (out_cost) out_cost[i] = major(part[FPA_SALES_COST], s.scale);
        if (out_mix) out_mix[i] = no_mix ? NAN : major(part[FPA_SALES_MIX], s.scale);
        if (out_quantity)
            out_quantity[i] = no_mix ? NAN : major(part[FPA_SALES_QUANTITY], s.scale);
    }
    if (out_total) {
        for (int k = 0; k < FPA_SALES_PARTS; k++) out_total[k] = major(sum[k], s.scale);
        if (no_mix) out_total[FPA_SALES_MIX] = out_total[FPA_SALES_QUANTITY] = NAN;
    }
    if (no_mix && (out_mix || out_quantity || out_total))
        return fpa__fail(FPA_PARTIAL, "%s is undefined: budget_units add up to 0, so "
                         "there is no budgeted mix",
                         out_mix ? "mix[0]" : out_quantity ? "quantity[0]"
                                            : "total[FPA_SALES_MIX]");
    return FPA_OK;
}

/* ---- cost price / quantity ---------------------------------------------- */

static fpa_status cost_parts(int64_t part[3], const double *aq, const double *ap_,
                             const double *sq, const double *sp_, size_t i,
                             double scale)
{
    int64_t actual = 0, flexible = 0;
    double ap = applicable(ap_, i), sp = applicable(sp_, i);
    TRY(minor_of(&actual, aq[i] * ap, scale, "actual cost", i));
    TRY(minor_of(&flexible, sq[i] * sp, scale, "standard cost", i));
    TRY(minor_of(&part[0], (ap - sp) * aq[i], scale, "price variance", i));
    if (!fpa__sub_i64(&part[2], actual, flexible) || !fpa__sub_i64(&part[1], part[2], part[0]))
        return overflow("the cost variance", i);
    return FPA_OK;
}

fpa_status fpa_variance_cost(double *out_price, double *out_quantity,
                             double *out_total, const double *actual_qty,
                             const double *actual_price,
                             const double *standard_qty,
                             const double *standard_price, size_t n,
                             const fpa_opts *opts)
{
    /* the price of an input not used, and the standard price of one
     * neither allowed nor used, are not applicable */
    static const char *const names[4] = {"actual_qty", "actual_price", "standard_qty",
                                         "standard_price"};
    TRY(check_quantities(actual_qty, actual_price, standard_qty, standard_price, n, names));
    TRY(check_nonneg(actual_price, n, "actual_price"));
    TRY(check_nonneg(standard_price, n, "standard_price"));
    double scale = minor_scale(opts);
    int64_t part[3], sum[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        TRY(cost_parts(part, actual_qty, actual_price, standard_qty,
                       standard_price, i, scale));
        for (int k = 0; k < 3; k++)
            if (!fpa__add_i64(&sum[k], sum[k], part[k]))
                return fpa__fail(FPA_EOVERFLOW, "the total of the variances "
                                 "overflows int64 minor units");
    }
    for (size_t i = 0; i < n; i++) {
        cost_parts(part, actual_qty, actual_price, standard_qty, standard_price,
                   i, scale);
        if (out_price) out_price[i] = major(part[0], scale);
        if (out_quantity) out_quantity[i] = major(part[1], scale);
    }
    if (out_total)
        for (int k = 0; k < 3; k++) out_total[k] = major(sum[k], scale);
    return FPA_OK;
}

/* ---- flexible budget ------------------------------------------------------ */

typedef struct {
    const double *s, *a, *v;
    double bv, av, scale;
} flex;

/* A line cannot be flexed when it has a variable part but no budgeted
 * volume to flex it by. */
static bool flexible_defined(const flex *f, size_t i)
{
    return f->bv > 0 || f->s[i] == 0 || applicable(f->v, i) == 0;
}

/* static, flexed and actual amounts of line i in minor units (the flexed
 * one 0 when it is undefined) */
static fpa_status flex_line(int64_t m[3], const flex *f, size_t i)
{
    /* the variable part is flexed multiplying first, so that budgets built
     * as unit amount * budgeted volume flex exactly */
    double v = applicable(f->v, i);
    double variable = v == 0 || f->s[i] == 0 ? 0 : f->s[i] * v * f->av / f->bv;
    TRY(minor_of(&m[0], f->s[i], f->scale, "static_budget", i));
    m[1] = 0;
    if (flexible_defined(f, i))
        TRY(minor_of(&m[1], f->s[i] * (1 - v) + variable, f->scale, "flexible budget", i));
    TRY(minor_of(&m[2], f->a[i], f->scale, "actual", i));
    return FPA_OK;
}

fpa_status fpa_variance_flexible(double *out_flexed, double *out_volume,
                                 double *out_flexible, double *out_income,
                                 const double *static_budget,
                                 const double *actual,
                                 const double *variable_share,
                                 const int *nature, size_t n,
                                 double budget_volume, double actual_volume,
                                 const fpa_opts *opts)
{
    TRY(fpa__check_finite(static_budget, n, 1, "static_budget"));
    TRY(fpa__check_finite(actual, n, 1, "actual"));
    /* the cost behaviour of a line without a static budget is not
     * applicable: nothing flexes */
    TRY(check_applicable(variable_share, n, static_budget, NULL, "variable_share",
                         "static_budget is 0"));
    TRY(fpa__check_ptr(nature, "nature"));
    for (size_t i = 0; i < n; i++) {
        if (nature[i] != FPA_NATURE_REVENUE && nature[i] != FPA_NATURE_COST)
            return fpa__fail(FPA_EINVAL, "nature[%zu] is %d; not an fpa_nature",
                             i, nature[i]);
        if (!isnan(variable_share[i]) && !(variable_share[i] >= 0 && variable_share[i] <= 1))
            return fpa__fail(FPA_EDOM, "variable_share[%zu] is %.17g; must be "
                             "in [0, 1]", i, variable_share[i]);
    }
    TRY(fpa__check_value(budget_volume, "budget_volume"));
    TRY(fpa__check_value(actual_volume, "actual_volume"));
    if (budget_volume < 0 || actual_volume < 0)
        return fpa__fail(FPA_EDOM, "%s is %.17g; volumes must be >= 0",
                         budget_volume < 0 ? "budget_volume" : "actual_volume",
                         budget_volume < 0 ? budget_volume : actual_volume);

    flex f = {static_budget, actual, variable_share, budget_volume,
              actual_volume, minor_scale(opts)};
    int64_t m[3], income[3] = {0, 0, 0}, d;
    size_t undefined = n;  /* the first line that cannot be flexed */
    for (size_t i = 0; i < n; i++) {
        TRY(flex_line(m, &f, i));
        if (undefined == n && !flexible_defined(&f, i)) undefined = i;
        for (int k = 0; k < 3; k++) {
            bool ok = nature[i] == FPA_NATURE_REVENUE
                          ? fpa__add_i64(&income[k], income[k], m[k])
                          : fpa__sub_i64(&income[k], income[k], m[k]);
            if (!ok)
                return fpa__fail(FPA_EOVERFLOW, "operating income overflows "
                                 "int64 minor units");
        }
        if (!fpa__sub_i64(&d, m[1], m[0]) || !fpa__sub_i64(&d, m[2], m[1]) ||
            !fpa__sub_i64(&d, m[2], m[0]))
            return overflow("a variance", i);
    }
    for (size_t i = 0; i < n; i++) {
        flex_line(m, &f, i);
        bool def = flexible_defined(&f, i);
        if (out_flexed) out_flexed[i] = def ? major(m[1], f.scale) : NAN;
        if (out_volume) out_volume[i] = def ? major(m[1] - m[0], f.scale) : NAN;
        if (out_flexible) out_flexible[i] = def ? major(m[2] - m[1], f.scale) : NAN;
    }
    if (out_income) {
        for (int k = 0; k < 3; k++) out_income[k] = major(income[k], f.scale);
        if (undefined < n) out_income[1] = NAN;
    }
    if (undefined < n && (out_flexed || out_volume || out_flexible || out_income))
        return fpa__fail(FPA_PARTIAL, "%s is undefined: budget_volume is 0 but line "
                         "%zu has a variable part, so it cannot be flexed",
                         out_flexed ? "flexed" : out_volume ? "volume"
                         : out_flexible ? "flexible" : "income[1]", undefined);
    return FPA_OK;
}

/* ---- fixed overhead ---------------------------------------------------------- */

fpa_status fpa_variance_fixed_overhead(double *out_spending, double *out_volume,
                                       double *out_allocated, double actual,
                                       double budget, double denominator,
                                       double allowed, const fpa_opts *opts)
{
    TRY(fpa__check_value(actual, "actual"));
    TRY(fpa__check_value(budget, "budget"));
    TRY(fpa__check_value(denominator, "denominator"));
    TRY(fpa__check_value(allowed, "allowed"));
    if (denominator < 0)
        return fpa__fail(FPA_EDOM, "denominator is %.17g; must be >= 0", denominator);
    if (allowed < 0)
        return fpa__fail(FPA_EDOM, "allowed is %.17g; must be >= 0", allowed);
    /* a zero denominator level has no budgeted rate: nothing is allocated,
     * and the production-volume variance is undefined */
    bool rate = denominator > 0;
    double scale = minor_scale(opts);
    int64_t a = 0, b = 0, alloc = 0, spending, volume = 0, under;
    TRY(minor_of(&a, actual, scale, "actual", SIZE_MAX));
    TRY(minor_of(&b, budget, scale, "budget", SIZE_MAX));
    if (rate)
        TRY(minor_of(&alloc, budget * allowed / denominator, scale,
                     "the allocated overhead", SIZE_MAX));
    if (!fpa__sub_i64(&spending, a, b) || !fpa__sub_i64(&volume, b, alloc) ||
        !fpa__sub_i64(&under, a, alloc))
        return fpa__fail(FPA_EOVERFLOW, "a fixed-overhead variance overflows "
                         "int64 minor units");
    if (out_spending) *out_spending = major(spending, scale);
    if (out_volume) *out_volume = rate ? major(volume, scale) : NAN;
    if (out_allocated) *out_allocated = rate ? major(alloc, scale) : NAN;
    if (!rate && (out_volume || out_allocated))
        return fpa__fail(FPA_PARTIAL, "%s is undefined: the denominator level is 0, "
                         "so there is no budgeted rate",
                         out_volume ? "volume" : "allocated");
    return FPA_OK;
}

/* ---- market share and size ------------------------------------------------- */

fpa_status fpa_variance_market(double *out_share, double *out_size, double budget_units,
                               double actual_units, double budget_market,
                               double actual_market, double unit_value,
                               const fpa_opts *opts)
{
    if (!out_share && !out_size) return fpa__fail(FPA_EINVAL, "no output is requested");
    const double in[] = {budget_units, actual_units, budget_market, actual_market,
                         unit_value};
    static const char *const names[] = {"budget_units", "actual_units", "budget_market",
                                        "actual_market", "unit_value"};
    for (int k = 0; k < 5; k++) {
        TRY(fpa__check_value(in[k], names[k]));
        if (k < 4 && in[k] < 0)
            return fpa__fail(FPA_EDOM, "%s is %.17g; must be >= 0", names[k], in[k]);
    }
    if (budget_market == 0)
        return fpa__fail(FPA_EDOM, "budget_market is 0: there is no budgeted market "
                         "share");
    if (budget_units > budget_market || actual_units > actual_market)
        return fpa__fail(FPA_EDATA, "%s (%.17g) exceeds %s (%.17g): a market share "
                         "above 100 %%", budget_units > budget_market ? "budget_units"
                         : "actual_units", budget_units > budget_market ? budget_units
                         : actual_units, budget_units > budget_market ? "budget_market"
                         : "actual_market", budget_units > budget_market ? budget_market
                         : actual_market);
    double scale = minor_scale(opts);
    /* actual market at the budgeted share: multiply before dividing, so
     * that whole units stay exact */
    double at_budget_share = actual_market * budget_units / budget_market;
    int64_t quantity = 0, share = 0, size;
    TRY(minor_of(&quantity, (actual_units - budget_units) * unit_value, scale,
                 "the sales-quantity variance", SIZE_MAX));
    TRY(minor_of(&share, (actual_units - at_budget_share) * unit_value, scale,
                 "the market-share variance", SIZE_MAX));
    if (!fpa__sub_i64(&size, quantity, share))
        return fpa__fail(FPA_EOVERFLOW, "the market-size variance overflows int64 "
                         "minor units");
    if (out_share) *out_share = major(share, scale);
    if (out_size) *out_size = major(size, scale);
    return FPA_OK;
}
