/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Product unit economics: cost-volume-profit and exact cost allocation. */
#include "unit.h"

#include <stdlib.h>

/* The margin itself; the ratio needs a positive price. */
static fpa_status contribution(double *cm, double price, double variable_cost)
{
    TRY(fpa__check_value(price, "price"));
    TRY(fpa__check_value(variable_cost, "variable_cost"));
    *cm = price - variable_cost;
    if (!fpa__finite(*cm))
        return fpa__fail(FPA_EOVERFLOW, "the contribution margin is not representable");
    return FPA_OK;
}

fpa_status fpa_unit_contribution(double *out_per_unit, double *out_ratio,
                                 double price, double variable_cost)
{
    double cm;
    TRY(unit__want(out_per_unit, out_ratio));
    TRY(contribution(&cm, price, variable_cost));
    if (price < 0) return fpa__fail(FPA_EDOM, "price is %.17g; must be >= 0", price);
    double ratio = price > 0 ? cm / price : NAN;
    if (price > 0 && !fpa__finite(ratio))
        return fpa__fail(FPA_EOVERFLOW, "the contribution margin ratio is not "
                         "representable");
    if (out_per_unit) *out_per_unit = cm;
    if (out_ratio) *out_ratio = ratio;
    if (price == 0 && out_ratio)
        return fpa__fail(FPA_PARTIAL, "ratio is undefined: the price is 0");
    return FPA_OK;
}

static fpa_status check_need(double fixed_costs, double target_profit, double *need)
{
    TRY(unit__nonneg(fixed_costs, "fixed_costs"));
    TRY(unit__nonneg(target_profit, "target_profit"));
    *need = fixed_costs + target_profit;
    return fpa__check_value(*need, "fixed_costs + target_profit");
}

static fpa_status never_breaks_even(double cm)
{
    return fpa__fail(FPA_EUNBOUNDED, "the contribution margin (%.17g) is not "
                     "positive: no volume breaks even", cm);
}

fpa_status fpa_unit_break_even(double *out_units, double *out_revenue,
                               double fixed_costs, double target_profit,
                               double price, double variable_cost)
{
    double need, cm;
    TRY(unit__want(out_units, out_revenue));
    TRY(check_need(fixed_costs, target_profit, &need));
    TRY(contribution(&cm, price, variable_cost));
    if (price <= 0) return fpa__fail(FPA_EDOM, "price is %.17g; must be positive", price);
    double units = 0;
    if (need > 0) {
        if (cm <= 0) return never_breaks_even(cm);
        units = need / cm;
    }
    double revenue = units * price;
    if (!fpa__finite(units) || !fpa__finite(revenue))
        return fpa__fail(FPA_EOVERFLOW, "the break-even volume is not representable");
    if (out_units) *out_units = units;
    if (out_revenue) *out_revenue = revenue;
    return FPA_OK;
}

fpa_status fpa_unit_break_even_mix(double *out_units, double *out_revenue,
                                   const double *price,
                                   const double *variable_cost,
                                   const double *mix, size_t n,
                                   fpa_mix_basis basis, double fixed_costs,
                                   double target_profit)
{
    double need, wsum = 0, cm = 0;
    TRY(unit__want(out_units, out_revenue));
    TRY(fpa__check_finite(price, n, 1, "price"));
    TRY(fpa__check_finite(variable_cost, n, 1, "variable_cost"));
    TRY(fpa__check_finite(mix, n, 1, "mix"));
    if (basis != FPA_MIX_UNITS && basis != FPA_MIX_REVENUE)
        return fpa__fail(FPA_EINVAL, "basis is %d; expected an fpa_mix_basis",
                         (int)basis);
    TRY(check_need(fixed_costs, target_profit, &need));
    for (size_t i = 0; i < n; i++) {
        if (price[i] <= 0)
            return fpa__fail(FPA_EDOM, "price[%zu] is %.17g; must be positive", i,
                             price[i]);
        if (mix[i] < 0) return fpa__fail(FPA_EDOM, "mix[%zu] is negative", i);
        double c = price[i] - variable_cost[i];
        /* units: contribution of a basket; revenue: weighted CM ratio */
        cm += mix[i] * (basis == FPA_MIX_UNITS ? c : c / price[i]);
        wsum += mix[i];
    }
    if (!(wsum > 0)) return fpa__fail(FPA_EDOM, "the mix weights sum to 0");
    if (!fpa__finite(cm) || !fpa__finite(wsum))
        return fpa__fail(FPA_EOVERFLOW, "the mix's weighted margin is not representable");
    double scale = 0;
    if (need > 0) {
        if (cm <= 0) return never_breaks_even(cm / wsum);
        scale = need / cm;
    }
    /* Both bases give product i the share scale * mix_i: its units for a
     * units mix; its revenue for a revenue mix, since the total break-even
     * revenue need / (cm / wsum) is split in the proportions mix_i / wsum.
     * The first pass checks, the second writes: outputs stay untouched on
     * failure. */
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            double s = scale * mix[i];
            double u = basis == FPA_MIX_UNITS ? s : s / price[i];
            double r = basis == FPA_MIX_UNITS ? s * price[i] : s;
            if (pass == 0 && (!fpa__finite(u) || !fpa__finite(r)))
                return fpa__fail(FPA_EOVERFLOW, "the break-even volume of "
                                 "product %zu is not representable", i);
            if (pass == 1 && out_units) out_units[i] = u;
            if (pass == 1 && out_revenue) out_revenue[i] = r;
        }
    return FPA_OK;
}

fpa_status fpa_unit_margin_of_safety(double *out_amount, double *out_ratio,
                                     double actual, double break_even)
{
    TRY(unit__want(out_amount, out_ratio));
    TRY(unit__nonneg(actual, "actual"));
    TRY(unit__nonneg(break_even, "break_even"));
    double mos = actual - break_even, ratio = actual > 0 ? mos / actual : NAN;
    if (!fpa__finite(mos) || (actual > 0 && !fpa__finite(ratio)))
        return fpa__fail(FPA_EOVERFLOW, "the margin of safety is not representable");
    if (out_amount) *out_amount = mos;
    if (out_ratio) *out_ratio = ratio;
    if (actual == 0 && out_ratio)
        return fpa__fail(FPA_PARTIAL, "ratio is undefined: the actual sales are 0");
    return FPA_OK;
}

fpa_status fpa_unit_operating_leverage(double *out_dol, double contribution_margin,
                                       double operating_income)
{
    TRY(fpa__check_ptr(out_dol, "out_dol"));
    TRY(fpa__check_value(contribution_margin, "contribution_margin"));
    TRY(fpa__check_value(operating_income, "operating_income"));
    if (operating_income == 0)
        return fpa__fail(FPA_EUNBOUNDED, "operating_income is 0: at break-even "
                         "the operating leverage is infinite");
    return fpa__store(out_dol, contribution_margin / operating_income,
                      "degree of operating leverage");
}

/* ---- allocation (exact: src/unit/allocate.c) ---------------------------- */

fpa_status fpa_unit_allocate(int64_t *out, int64_t pool, const double *driver,
                             size_t n, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(driver, "driver"));
    fpa_mem m = fpa__mem_of(opts);
    return unit__allocate(out, pool, driver, NULL, n, &m);
}

fpa_status fpa_unit_profitability(int64_t *out_contribution, int64_t *out_allocated,
                                  int64_t *out_net, const int64_t *revenue,
                                  const int64_t *direct_costs, const double *driver,
                                  size_t n, int64_t shared_pool,
                                  const fpa_opts *opts)
{
    if (!out_contribution && !out_allocated && !out_net)
        return fpa__fail(FPA_EINVAL, "no output is requested");
    TRY(fpa__check_ptr(revenue, "revenue"));
    TRY(fpa__check_ptr(direct_costs, "direct_costs"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    int64_t c;
    for (size_t i = 0; i < n; i++)
        if (__builtin_sub_overflow(revenue[i], direct_costs[i], &c))
            return fpa__fail(FPA_EOVERFLOW, "revenue[%zu] - direct_costs[%zu] "
                             "overflows int64", i, i);
    fpa_mem m = fpa__mem_of(opts);
    int64_t *alloc = fpa__alloc(&m, n, sizeof *alloc, false);
    if (!alloc) return FPA_ENOMEM;
    fpa_status st = unit__allocate(alloc, shared_pool, driver, revenue, n, &m);
    for (size_t i = 0; st == FPA_OK && i < n; i++)
        if (__builtin_sub_overflow(revenue[i] - direct_costs[i], alloc[i], &c))
            st = fpa__fail(FPA_EOVERFLOW, "the net profit of product %zu "
                           "overflows int64", i);
    for (size_t i = 0; st == FPA_OK && i < n; i++) {
        int64_t contribution = revenue[i] - direct_costs[i];
        if (out_contribution) out_contribution[i] = contribution;
        if (out_allocated) out_allocated[i] = alloc[i];
        if (out_net) out_net[i] = contribution - alloc[i];
    }
    fpa__free(&m, alloc, n, sizeof *alloc);
    return st;
}
