/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 13-week cash forecast (treasury view): receipts along a collection
 * curve, payables on their due dates, recurring payments on a calendar. */
#include "fpa/wc.h"

#include "../core/internal.h"


enum { MAX_WEEKS = 520 };
static const int64_t DAY_LIMIT = (int64_t)1 << 36;  /* ~188 million years */

static fpa_status check_amounts(const double *x, size_t n, const char *what)
{
    if (n && !x) return fpa__fail(FPA_EINVAL, "%s is NULL", what);
    TRY(fpa__check_finite(x, n, 0, what));
    for (size_t i = 0; i < n; i++)
        if (x[i] < 0)
            return fpa__fail(FPA_EDOM, "%s[%zu] is %.17g; must be >= 0", what,
                             i, x[i]);
    return FPA_OK;
}

static fpa_status check_day(int64_t d, const char *what, size_t i)
{
    int y, m, dd;
    if (d > DAY_LIMIT || d < -DAY_LIMIT || fpa_date_to_ymd(&y, &m, &dd, d))
        return fpa__fail(FPA_EDOM, "%s[%zu] = %lld is outside the supported "
                         "dates", what, i, (long long)d);
    return FPA_OK;
}

static int month_len(int64_t mi)  /* mi = year * 12 + month - 1 */
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
    int m = (int)(mi - y * 12);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 1 && leap ? 29 : len[m];
}

static int64_t month_index(int64_t day)
{
    int y, m, d;
    (void)fpa_date_to_ymd(&y, &m, &d, day);  /* range checked by the caller */
    return (int64_t)y * 12 + m - 1;
}

/* Sum of recurring payment i falling in [lo, hi). */
static double recurring_in(int64_t lo, int64_t hi, double amount,
                           int64_t first, int32_t every)
{
    double sum = 0;
    if (every > 0) {
        int64_t k = first >= lo ? 0 : (lo - first + every - 1) / every;
        for (int64_t d = first + k * every; d < hi; d += every) sum += amount;
        return sum;
    }
    int y, m, day;
    (void)fpa_date_to_ymd(&y, &m, &day, first);
    int64_t m0 = (int64_t)y * 12 + m - 1, step = -(int64_t)every;
    int64_t a = month_index(lo), b = month_index(hi - 1);
    for (int64_t mi = a; mi <= b; mi++) {  /* a week spans at most 2 months */
        if (mi < m0 || (mi - m0) % step) continue;
        int dd = day < month_len(mi) ? day : month_len(mi);
        int64_t yy = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
        int64_t when;
        if (fpa_date_from_ymd(&when, (int)yy, (int)(mi - yy * 12) + 1, dd))
            continue;
        if (when >= lo && when < hi && when >= first) sum += amount;
    }
    return sum;
}

fpa_status fpa_wc_weekly_cash(
    double *out_receipts, double *out_ap, double *out_recurring,
    double *out_closing, size_t weeks, int64_t start, double opening_cash,
    const double *ar_by_age, size_t n_ages, const double *curve,
    size_t n_curve, const double *new_sales, const double *ap_amounts,
    const int64_t *ap_due, size_t n_ap, const double *rec_amounts,
    const int64_t *rec_first, const int32_t *rec_every, size_t n_rec)
{
    if (weeks < 1 || weeks > MAX_WEEKS)
        return fpa__fail(FPA_EINVAL, "weeks is %zu; must be 1 .. %d", weeks,
                         MAX_WEEKS);
    if (!curve) return fpa__fail(FPA_EINVAL, "curve is NULL");
    if (n_curve == 0) return fpa__fail(FPA_EINVAL, "n_curve is 0");
    TRY(fpa__check_value(opening_cash, "opening_cash"));
    TRY(check_day(start, "start", 0));
    TRY(check_day(start + 7 * (int64_t)weeks, "start + 7 * weeks", 0));
    TRY(check_amounts(curve, n_curve, "curve"));
    double total = 0;
    for (size_t k = 0; k < n_curve; k++) total += curve[k];
    if (total > 1 + 1e-12)
        return fpa__fail(FPA_EDOM, "the collection curve sums to %.17g; at "
                         "most 1", total);
    TRY(check_amounts(ar_by_age, n_ages, "ar_by_age"));
    if (new_sales) TRY(check_amounts(new_sales, weeks, "new_sales"));
    TRY(check_amounts(ap_amounts, n_ap, "ap_amounts"));
    if (n_ap && !ap_due) return fpa__fail(FPA_EINVAL, "ap_due is NULL");
    for (size_t i = 0; i < n_ap; i++) TRY(check_day(ap_due[i], "ap_due", i));
    TRY(check_amounts(rec_amounts, n_rec, "rec_amounts"));
    if (n_rec && !rec_first) return fpa__fail(FPA_EINVAL, "rec_first is NULL");
    if (n_rec && !rec_every) return fpa__fail(FPA_EINVAL, "rec_every is NULL");
    for (size_t i = 0; i < n_rec; i++) {
        TRY(check_day(rec_first[i], "rec_first", i));
        if (rec_every[i] == 0)
            return fpa__fail(FPA_EINVAL, "rec_every[%zu] is 0", i);
    }

    double cash = opening_cash;
    for (size_t w = 0; w < weeks; w++) {
        double rec = 0, pay = 0, other = 0, done = 0;
        for (size_t j = 0; j < n_ages; j++) {
            /* share of the original invoices already collected */
            if (j > 0 && j - 1 < n_curve) done += curve[j - 1];
            if (j + w >= n_curve || 1 - done <= 1e-12) continue;
            rec += ar_by_age[j] * curve[j + w] / (1 - done);
        }
        if (new_sales)
            for (size_t k = 0; k <= w && k < n_curve; k++)
                rec += new_sales[w - k] * curve[k];
        int64_t lo = start + 7 * (int64_t)w, hi = lo + 7;
        for (size_t i = 0; i < n_ap; i++)
            if (ap_due[i] < hi && (ap_due[i] >= lo || w == 0)) pay += ap_amounts[i];
        for (size_t i = 0; i < n_rec; i++)
            other += recurring_in(lo, hi, rec_amounts[i], rec_first[i],
                                  rec_every[i]);
        cash += rec - pay - other;
        if (!fpa__finite(cash))
            return fpa__fail(FPA_EOVERFLOW, "closing cash of week %zu is not "
                             "finite", w);
        if (out_receipts) out_receipts[w] = rec;
        if (out_ap) out_ap[w] = pay;
        if (out_recurring) out_recurring[w] = other;
        if (out_closing) out_closing[w] = cash;
    }
    return FPA_OK;
}
