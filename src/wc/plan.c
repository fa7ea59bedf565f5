/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan object and the driver-based projection (formulas in wc.h). */
#include "plan.h"

#include <string.h>


static const char *const driver_names[WC_NDRIVERS] = {
    "revenue", "COGS", "DSO", "DIO", "DPO", "other cash"};

const char *wc__driver_name(int driver)
{
    return driver >= 0 && driver < WC_NDRIVERS ? driver_names[driver] : "?";
}

fpa_status wc__check_driver(int driver)
{
    if (driver >= 0 && driver < WC_NDRIVERS) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "driver %d is not an fpa_wc_driver", driver);
}

fpa_status wc__check_plan(const fpa_wc_plan *p)
{
    TRY(fpa__check_ptr(p, "plan"));
    if (!p->days_set)
        return fpa__fail(FPA_EINVAL, "the plan's days are not set "
                         "(fpa_wc_plan_set_days)");
    return FPA_OK;
}

fpa_status fpa_wc_plan_new(fpa_wc_plan **out, size_t n_periods,
                           const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    if (n_periods < 1 || n_periods > WC_MAX_PERIODS)
        return fpa__fail(FPA_EINVAL, "n_periods is %zu; must be 1 .. %d",
                         n_periods, WC_MAX_PERIODS);
    fpa_mem m = fpa__mem_of(opts);
    fpa_wc_plan *p = fpa__alloc(&m, 1, sizeof *p, true);
    if (!p) return FPA_ENOMEM;
    p->drv[0] = fpa__alloc(&m, n_periods * (WC_NDRIVERS + 2), sizeof(double), true);
    if (!p->drv[0]) {
        fpa__free(&m, p, 1, sizeof *p);
        return FPA_ENOMEM;
    }
    p->mem = m;
    p->n = n_periods;
    for (int d = 1; d < WC_NDRIVERS; d++) p->drv[d] = p->drv[d - 1] + n_periods;
    p->days = p->drv[WC_NDRIVERS - 1] + n_periods;
    p->per_day = p->days + n_periods;
    p->ap_on_purchases = fpa__opt_int(opts, FPA_OPT_WC_AP_BASIS) == 1;
    *out = p;
    return FPA_OK;
}

void fpa_wc_plan_free(fpa_wc_plan *plan)
{
    if (!plan) return;
    fpa_mem m = plan->mem;
    fpa__free(&m, plan->drv[0], plan->n * (WC_NDRIVERS + 2), sizeof(double));
    fpa__free(&m, plan, 1, sizeof *plan);
}

size_t fpa_wc_plan_periods(const fpa_wc_plan *plan)
{
    return plan ? plan->n : 0;
}

static fpa_status check_len(const fpa_wc_plan *p, size_t n)
{
    if (n == p->n) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "n is %zu; the plan has %zu periods", n, p->n);
}

fpa_status fpa_wc_plan_set_days(fpa_wc_plan *plan, const double *days, size_t n)
{
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(days, "days"));
    TRY(check_len(plan, n));
    TRY(fpa__check_finite(days, n, 1, "days"));
    for (size_t t = 0; t < n; t++)
        if (!(days[t] >= 1e-9))
            return fpa__fail(FPA_EDOM, "days[%zu] is %.17g; must be >= 1e-9",
                             t, days[t]);
    memcpy(plan->days, days, n * sizeof *days);
    for (size_t t = 0; t < n; t++) plan->per_day[t] = 1 / days[t];
    plan->days_set = true;
    return FPA_OK;
}

fpa_status fpa_wc_plan_set(fpa_wc_plan *plan, fpa_wc_driver driver,
                           const double *values, size_t n)
{
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(fpa__check_ptr(values, "values"));
    TRY(wc__check_driver((int)driver));
    TRY(check_len(plan, n));
    TRY(fpa__check_finite(values, n, 1, "values"));
    if (driver != FPA_WC_OTHER_CASH)
        for (size_t t = 0; t < n; t++)
            if (values[t] < 0)
                return fpa__fail(FPA_EDOM, "values[%zu] is %.17g; %s must "
                                 "be >= 0", t, values[t],
                                 wc__driver_name((int)driver));
    memcpy(plan->drv[driver], values, n * sizeof *values);
    return FPA_OK;
}

fpa_status fpa_wc_plan_get(double *out, size_t cap, const fpa_wc_plan *plan,
                           fpa_wc_driver driver)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(wc__check_driver((int)driver));
    if (cap < plan->n)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap,
                         plan->n);
    memcpy(out, plan->drv[driver], plan->n * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_wc_plan_set_opening(fpa_wc_plan *plan, double ar,
                                   double inventory, double ap, double cash)
{
    TRY(fpa__check_ptr(plan, "plan"));
    const double v[4] = {ar, inventory, ap, cash};
    static const char *const names[4] = {"ar", "inventory", "ap", "cash"};
    for (int i = 0; i < 4; i++) {
        TRY(fpa__check_value(v[i], names[i]));
        if (i < 3 && v[i] < 0)
            return fpa__fail(FPA_EDOM, "%s is %.17g; must be >= 0", names[i],
                             v[i]);
    }
    plan->open_ar = ar;
    plan->open_inv = inventory;
    plan->open_ap = ap;
    plan->open_cash = cash;
    return FPA_OK;
}

static fpa_status check_drivers(const double v[WC_NDRIVERS], size_t t)
{
    for (int d = 0; d < WC_NDRIVERS; d++) {
        if (!fpa__finite(v[d]))
            return fpa__fail(FPA_EDOM, "%s in period %zu is not finite",
                             driver_names[d], t);
        if (d != FPA_WC_OTHER_CASH && v[d] < 0)
            return fpa__fail(FPA_EDOM, "%s in period %zu is %.17g; must be "
                             ">= 0", driver_names[d], t, v[d]);
    }
    return FPA_OK;
}

fpa_status wc__run(const fpa_wc_plan *p, const wc__levers *lists,
                   size_t nlists, const fpa_wc_line *lines, size_t nlines,
                   double *out, double *rows, wc__summary *sum)
{
    wc__bal b = wc__opening(p);
    wc__summary s = {0, 0, INFINITY, 0};
    double v[WC_NDRIVERS], local[WC_NLINES];
    for (size_t t = 0; t < p->n; t++) {
        double *row = rows ? rows + t * WC_NLINES : local;
        wc__drivers_at(v, p, lists, nlists, t);
        TRY(check_drivers(v, t));
        if (!wc__step(&b, v, p->per_day[t], p->ap_on_purchases, row))
            return fpa__fail(FPA_EDOM, "purchases in period %zu are %.17g: "
                             "inventory falls by more than COGS, so payables "
                             "measured against purchases are undefined", t,
                             row[FPA_WC_LINE_PURCHASES]);
        for (int k = 0; k < WC_NLINES; k++)
            if (FPA_UNLIKELY(!fpa__finite(row[k])))
                return fpa__fail(FPA_EOVERFLOW, "line %d of period %zu is not "
                                 "finite", k, t);
        if (out)
            for (size_t k = 0; k < nlines; k++) out[k * p->n + t] = row[lines[k]];
        if (b.cash < s.min_cash) s.min_cash = b.cash, s.min_period = t;
        s.end_nwc = row[FPA_WC_LINE_NWC];
    }
    s.end_cash = b.cash;
    if (sum) *sum = s;
    return FPA_OK;
}

fpa_status wc__check_projection(const double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_wc_line *lines, size_t nlines)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(lines, "lines"));
    TRY(wc__check_plan(plan));
    if (nlines == 0) return fpa__fail(FPA_EINVAL, "nlines is 0");
    for (size_t k = 0; k < nlines; k++)
        if ((int)lines[k] < 0 || (int)lines[k] >= WC_NLINES)
            return fpa__fail(FPA_EINVAL, "lines[%zu] is %d, not an fpa_wc_line",
                             k, (int)lines[k]);
    size_t need;
    if (fpa__mul_overflows(nlines, plan->n, &need) || cap < need)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu x %zu needed",
                         cap, nlines, plan->n);
    return FPA_OK;
}

fpa_status fpa_wc_project(double *out, size_t cap, const fpa_wc_plan *plan,
                          const fpa_wc_line *lines, size_t nlines)
{
    TRY(wc__check_projection(out, cap, plan, lines, nlines));
    return wc__run(plan, NULL, 0, lines, nlines, out, NULL, NULL);
}
