/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Day counts, DSO/DIO/DPO/CCC and liquidity ratios. */
#include "fpa/wc.h"

#include "../core/internal.h"


static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* DAYS360 by the US (NASD) rules, as Excel documents them: a start on the
 * 31st or on February's last day counts as the 30th; an end on the 31st
 * counts as the 30th when the start does; an end on February's last day
 * counts as the 30th when the start is February's last day too. */
static fpa_status days360(double *out, int64_t a, int64_t b, size_t i)
{
    int y1, m1, d1, y2, m2, d2;
    if (fpa_date_to_ymd(&y1, &m1, &d1, a) != FPA_OK ||
        fpa_date_to_ymd(&y2, &m2, &d2, b) != FPA_OK)
        return fpa__fail(FPA_EDOM, "bounds[%zu] or bounds[%zu] is outside the "
                         "supported dates", i, i + 1);
    bool feb_end1 = m1 == 2 && d1 == (leap(y1) ? 29 : 28);
    bool feb_end2 = m2 == 2 && d2 == (leap(y2) ? 29 : 28);
    if (feb_end1 && feb_end2) d2 = 30;
    if (d1 == 31 || feb_end1) d1 = 30;
    if (d1 == 30 && d2 == 31) d2 = 30;
    *out = 360.0 * (y2 - y1) + 30.0 * (m2 - m1) + (d2 - d1);
    return FPA_OK;
}

fpa_status fpa_wc_period_days(double *out_days, const int64_t *bounds,
                              size_t n_periods, fpa_wc_basis basis)
{
    TRY(fpa__check_ptr(out_days, "out_days"));
    TRY(fpa__check_ptr(bounds, "bounds"));
    if (n_periods == 0) return fpa__fail(FPA_EINVAL, "n_periods is 0");
    if (basis != FPA_WC_ACTUAL && basis != FPA_WC_30_360 && basis != FPA_WC_365)
        return fpa__fail(FPA_EINVAL, "basis is %d, not an fpa_wc_basis",
                         (int)basis);
    /* day numbers of the years -1000000 .. 1000000 (fpa_date_from_ymd's
     * range): differences can neither overflow nor lose precision */
    for (size_t i = 0; i <= n_periods; i++)
        if (bounds[i] < -365962028 || bounds[i] > 364523337)
            return fpa__fail(FPA_EDOM, "bounds[%zu] = %lld is outside the supported "
                             "dates", i, (long long)bounds[i]);
    for (size_t i = 0; i < n_periods; i++)
        if (bounds[i + 1] <= bounds[i])
            return fpa__fail(FPA_EDOM, "bounds[%zu] = %lld does not follow "
                             "bounds[%zu] = %lld", i + 1,
                             (long long)bounds[i + 1], i, (long long)bounds[i]);
    /* validate every period before writing any */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n_periods; i++) {
            double d = (double)(bounds[i + 1] - bounds[i]);
            if (basis != FPA_WC_ACTUAL) {
                TRY(days360(&d, bounds[i], bounds[i + 1], i));
                if (d <= 0)
                    return fpa__fail(FPA_EDOM, "period %zu counts %.0f days "
                                     "on the 30/360 basis", i, d);
                if (basis == FPA_WC_365) d *= 365.0 / 360.0;
            }
            if (pass) out_days[i] = d;
        }
    return FPA_OK;
}

/* A required input array: present, finite, >= 0 or > 0. */
static fpa_status check_input(const double *x, size_t n, bool positive,
                              const char *what)
{
    if (!x) return fpa__fail(FPA_EINVAL, "%s is NULL", what);
    TRY(fpa__check_finite(x, n, 1, what));
    for (size_t i = 0; i < n; i++)
        if (positive ? !(x[i] > 0) : x[i] < 0)
            return fpa__fail(FPA_EDOM, "%s[%zu] is %.17g; must be %s", what, i,
                             x[i], positive ? "> 0" : ">= 0");
    return FPA_OK;
}

fpa_status fpa_wc_cycle(double *out_dso, double *out_dio, double *out_dpo,
                        double *out_ccc, const double *ar,
                        const double *revenue, const double *inventory,
                        const double *cogs, const double *ap,
                        const double *purchases, const double *days, size_t n)
{
    if (!out_dso && !out_dio && !out_dpo && !out_ccc)
        return fpa__fail(FPA_EINVAL, "every output is NULL");
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    bool want_s = out_dso || out_ccc, want_i = out_dio || out_ccc,
         want_p = out_dpo || out_ccc;
    TRY(check_input(days, n, true, "days"));
    if (want_s) {
        TRY(check_input(ar, n, false, "ar"));
        TRY(check_input(revenue, n, true, "revenue"));
    }
    if (want_i) {
        TRY(check_input(inventory, n, false, "inventory"));
        TRY(check_input(cogs, n, true, "cogs"));
    }
    if (want_p) {
        TRY(check_input(ap, n, false, "ap"));
        TRY(check_input(purchases, n, true, "purchases"));
    }
    for (int pass = 0; pass < 2; pass++)  /* check all, then write */
        for (size_t t = 0; t < n; t++) {
            double s = want_s ? ar[t] / revenue[t] * days[t] : 0;
            double i = want_i ? inventory[t] / cogs[t] * days[t] : 0;
            double p = want_p ? ap[t] / purchases[t] * days[t] : 0;
            double c = s + i - p;
            if (!pass) {
                if (!fpa__finite(s) || !fpa__finite(i) || !fpa__finite(p) ||
                    !fpa__finite(c))
                    return fpa__fail(FPA_EOVERFLOW, "period %zu: a day count "
                                     "overflows", t);
                continue;
            }
            if (out_dso) out_dso[t] = s;
            if (out_dio) out_dio[t] = i;
            if (out_dpo) out_dpo[t] = p;
            if (out_ccc) out_ccc[t] = c;
        }
    return FPA_OK;
}

fpa_status fpa_wc_liquidity(double *out_nwc, double *out_current,
                            double *out_quick, const double *current_assets,
                            const double *current_liabilities,
                            const double *inventory, size_t n)
{
    if (!out_nwc && !out_current && !out_quick)
        return fpa__fail(FPA_EINVAL, "every output is NULL");
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    bool ratio = out_current || out_quick;
    TRY(check_input(current_assets, n, false, "current_assets"));
    TRY(check_input(current_liabilities, n, ratio, "current_liabilities"));
    if (out_quick) {
        TRY(check_input(inventory, n, false, "inventory"));
        for (size_t t = 0; t < n; t++)
            if (inventory[t] > current_assets[t])
                return fpa__fail(FPA_EDOM, "inventory[%zu] = %.17g exceeds "
                                 "current_assets[%zu] = %.17g", t, inventory[t],
                                 t, current_assets[t]);
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; t < n; t++) {
            double ca = current_assets[t], cl = current_liabilities[t];
            double w = ca - cl;
            double c = ratio ? ca / cl : 0;
            double q = out_quick ? (ca - inventory[t]) / cl : 0;
            if (!pass) {
                if (!fpa__finite(w) || !fpa__finite(c) || !fpa__finite(q))
                    return fpa__fail(FPA_EOVERFLOW, "period %zu: a ratio "
                                     "overflows", t);
                continue;
            }
            if (out_nwc) out_nwc[t] = w;
            if (out_current) out_current[t] = c;
            if (out_quick) out_quick[t] = q;
        }
    return FPA_OK;
}
