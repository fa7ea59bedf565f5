/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-capital figures of closed periods from their flows and
 * balances (wc.h, "History of closed periods"). */
#include "fpa/wc.h"

#include "../core/internal.h"

static fpa_status check_inputs(const double *revenue, const double *cogs,
                               const double *balances, const double *days, size_t n)
{
    static const char *const bal[4] = {"ar", "inventory", "ap", "cash"};
    TRY(fpa__check_finite(revenue, n, 1, "revenue"));
    TRY(fpa__check_finite(cogs, n, 1, "cogs"));
    TRY(fpa__check_ptr(balances, "balances"));
    for (size_t k = 0; k < 4; k++)
        for (size_t t = 0; t < n; t++)
            if (!fpa__finite(balances[k * n + t]))
                return fpa__fail(FPA_EDOM, "balances[%zu] (%s of period %zu) is not "
                                 "finite", k * n + t, bal[k], t);
    TRY(fpa__check_finite(days, n, 1, "days"));
    for (size_t t = 0; t < n; t++)
        if (!(days[t] > 0))
            return fpa__fail(FPA_EDOM, "days[%zu] is %.17g; must be > 0", t, days[t]);
    return FPA_OK;
}

/* One period's days: DSO with revenue, the rest with COGS too; none
 * without the flows (or with a negative balance), except that a period
 * without stock or payables has none of either. */
static bool period_days(double *dso, double *dio, double *dpo, double *ccc,
                        const double *b, size_t n, size_t t, double rev, double cogs,
                        double days)
{
    const double *ar = &b[t], *inv = &b[n + t], *ap = &b[2 * n + t];
    *dso = *dio = *dpo = *ccc = NAN;
    if (rev > 0 && fpa_wc_cycle(dso, NULL, NULL, NULL, ar, &rev, NULL, NULL, NULL, NULL,
                                &days, 1) != FPA_OK)
        *dso = NAN;
    bool flows = rev > 0 && cogs > 0;
    if (flows && fpa_wc_cycle(dso, dio, dpo, ccc, ar, &rev, inv, &cogs, ap, &cogs, &days,
                              1) != FPA_OK)
        *dio = *dpo = *ccc = NAN;
    if (!flows && *inv == 0 && *ap == 0 && fpa__finite(*dso)) {
        *dio = *dpo = 0;
        *ccc = *dso;
    }
    return fpa__finite(*dso) && fpa__finite(*dio) && fpa__finite(*dpo) && fpa__finite(*ccc);
}

fpa_status fpa_wc_history(double *out, size_t cap, const double *revenue,
                          const double *cogs, const double *balances,
                          const double *days, size_t n)
{
    TRY(fpa__check_ptr(out, "out"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    size_t need;
    if (fpa__mul_overflows(n, FPA_WC_HIST_ROWS, &need))
        return fpa__fail(FPA_EINVAL, "n (%zu) is too large", n);
    if (cap < need)
        return fpa__fail(FPA_ESIZE, "cap is %zu; needs %zu", cap, need);
    TRY(check_inputs(revenue, cogs, balances, days, n));
    const double *ar = balances, *inv = balances + n, *ap = balances + 2 * n,
                 *cash = balances + 3 * n;
    bool all = true;
    size_t undefined = 0;
    for (size_t t = 0; t < n; t++) {
        double *o = out + t;
        if (!period_days(&o[FPA_WC_HIST_DSO * n], &o[FPA_WC_HIST_DIO * n],
                         &o[FPA_WC_HIST_DPO * n], &o[FPA_WC_HIST_CCC * n], balances, n, t,
                         revenue[t], cogs[t], days[t]) && all)
            all = false, undefined = t;
        double nwc = ar[t] + inv[t] - ap[t];
        o[FPA_WC_HIST_NWC * n] = nwc;
        if (!fpa__finite(nwc))
            return fpa__fail(FPA_EOVERFLOW, "the working capital of period %zu overflows", t);
        double *flow[4] = {&o[FPA_WC_HIST_OTHER_CASH * n], &o[FPA_WC_HIST_COLLECTIONS * n],
                           &o[FPA_WC_HIST_CASH_OUT * n], &o[FPA_WC_HIST_NET_BURN * n]};
        if (t == 0) {
            for (int k = 0; k < 4; k++) *flow[k] = NAN;
            continue;
        }
        double dcash = cash[t] - cash[t - 1], in = ar[t - 1] + revenue[t] - ar[t];
        *flow[0] = cash[t] - cash[t - 1] - revenue[t] + cogs[t] + nwc -
                   out[FPA_WC_HIST_NWC * n + t - 1];
        *flow[1] = in;
        *flow[2] = in - dcash;
        *flow[3] = cash[t - 1] - cash[t];
        for (int k = 0; k < 4; k++)
            if (!fpa__finite(*flow[k]))
                return fpa__fail(FPA_EOVERFLOW, "a cash flow of period %zu overflows", t);
    }
    if (all) return FPA_OK;
    /* the detail of its own: a failed fpa_wc_cycle() above left another status's */
    return fpa__fail(FPA_PARTIAL, "period %zu: the days are undefined (no revenue, no COGS "
                     "with stock or payables, a negative balance, or a day count that "
                     "overflows)", undefined);
}
