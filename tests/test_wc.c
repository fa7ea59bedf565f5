/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working capital: day counts, DSO/DIO/DPO/CCC, liquidity ratios, the
 * driver-based projection and the 13-week cash forecast.
 *
 * Expected values: tests/ref/wc_expected.csv (see wc_ref.h), recalculated
 * by LibreOffice Calc 7.4 and gnumeric 1.12 with
 *     /usr/bin/python3 tests/ref/make_wc_ref.py
 * and the hand-worked example of docs/wc.md, whose working is repeated
 * next to the values below. */
#include "wc_ref.h"

static const fpa_wc_line all_lines[10] = {
    FPA_WC_LINE_AR, FPA_WC_LINE_INVENTORY, FPA_WC_LINE_AP, FPA_WC_LINE_NWC,
    FPA_WC_LINE_DELTA_NWC, FPA_WC_LINE_COLLECTIONS, FPA_WC_LINE_PURCHASES,
    FPA_WC_LINE_PAYMENTS, FPA_WC_LINE_NET_CASH, FPA_WC_LINE_CASH};
/* the spreadsheet's names of those lines */
static const char *const line_keys[10] = {
    "ar", "inv", "ap", "nwc", "dnwc", "collections", "purchases", "payments",
    "net", "cash"};

/* ---- day counts --------------------------------------------------------- */

static void period_days_match_spreadsheet(void **state)
{
    (void)state;
    int n = (int)ref("days.count");
    for (int i = 0; i < n; i++) {
        int64_t b[2] = {(int64_t)ref("days.%d.from", i), (int64_t)ref("days.%d.to", i)};
        double d;
        assert_ok(fpa_wc_period_days(&d, b, 1, FPA_WC_ACTUAL));
        assert_ref(d, "days.%d.actual", i);
        assert_ok(fpa_wc_period_days(&d, b, 1, FPA_WC_30_360));
        assert_ref(d, "days.%d.30_360", i);  /* LibreOffice DAYS360(a;b;0) */
        assert_ok(fpa_wc_period_days(&d, b, 1, FPA_WC_365));
        assert_ref(d, "days.%d.365", i);
    }
    /* twelve consecutive months of 2024 in one call */
    int64_t b[13];
    double d[12];
    for (int i = 0; i < 12; i++) b[i] = (int64_t)ref("days.%d.from", i);
    b[12] = (int64_t)ref("days.11.to");
    assert_ok(fpa_wc_period_days(d, b, 12, FPA_WC_ACTUAL));
    for (int i = 0; i < 12; i++) assert_ref(d[i], "days.%d.actual", i);
}

static void period_days_rejects_bad_input(void **state)
{
    (void)state;
    int64_t b[3] = {19723, 19754, 19754};
    double d[2] = {-1, -1};
    assert_status(fpa_wc_period_days(d, b, 2, FPA_WC_ACTUAL), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "bounds[2]"));
    assert_true(d[0] == -1);  /* untouched */
    assert_status(fpa_wc_period_days(d, b, 0, FPA_WC_ACTUAL), FPA_EINVAL);
    assert_status(fpa_wc_period_days(d, b, 1, (fpa_wc_basis)7), FPA_EINVAL);
    assert_status(fpa_wc_period_days(NULL, b, 1, FPA_WC_ACTUAL), FPA_EINVAL);
    /* 2023-01-30 to 2023-01-31 counts no 30/360 days */
    int64_t z[2] = {19387, 19388};
    assert_status(fpa_wc_period_days(d, z, 1, FPA_WC_30_360), FPA_EDOM);
    int64_t far[2] = {0, INT64_MAX / 2};
    assert_status(fpa_wc_period_days(d, far, 1, FPA_WC_30_360), FPA_EDOM);
}

/* ---- metrics ------------------------------------------------------------ */

static void cycle_textbook_example(void **state)
{
    (void)state;
    /* Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 18
     * ("Calculating the operating and cash cycles"): average receivables
     * 180,000, inventory 250,000, payables 87,500, sales 1,150,000, COGS
     * 820,000, a 365-day year: receivables period 57.1 days, inventory
     * period 111.3 days, payables period 38.9 days, cash cycle 129.5 days.
     * The full-precision values are LibreOffice's (rwj.* rows). */
    double ar = 180000, rev = 1150000, inv = 250000, cogs = 820000,
           ap = 87500, days = 365, s, i, p, c;
    assert_ok(fpa_wc_cycle(&s, &i, &p, &c, &ar, &rev, &inv, &cogs, &ap, &cogs,
                           &days, 1));
    assert_close(s, 57.1, 0, 0.05);
    assert_close(i, 111.3, 0, 0.05);
    assert_close(p, 38.9, 0, 0.05);
    assert_close(c, 129.5, 0, 0.05);
    assert_ref(s, "rwj.dso");
    assert_ref(i, "rwj.dio");
    assert_ref(p, "rwj.dpo");
    assert_ref(c, "rwj.ccc");
}

static void cycle_matches_spreadsheet(void **state)
{
    (void)state;
    double in[7][6], out[4][6];
    static const char *const k[7] = {"ar", "rev", "inv", "cogs", "ap", "pur", "days"};
    for (int j = 0; j < 7; j++)
        for (int t = 0; t < 6; t++) in[j][t] = ref("m.%s.%d", k[j], t);
    assert_ok(fpa_wc_cycle(out[0], out[1], out[2], out[3], in[0], in[1], in[2],
                           in[3], in[4], in[5], in[6], 6));
    for (int t = 0; t < 6; t++) {
        assert_ref(out[0][t], "m.dso.%d", t);
        assert_ref(out[1][t], "m.dio.%d", t);
        assert_ref(out[2][t], "m.dpo.%d", t);
        assert_ref(out[3][t], "m.ccc.%d", t);
    }
    /* only DSO wanted: the other inputs may be NULL */
    double dso[6];
    assert_ok(fpa_wc_cycle(dso, NULL, NULL, NULL, in[0], in[1], NULL, NULL,
                           NULL, NULL, in[6], 6));
    for (int t = 0; t < 6; t++) assert_ref(dso[t], "m.dso.%d", t);
}

static void cycle_rejects_bad_input(void **state)
{
    (void)state;
    double ar[2] = {10, 20}, rev[2] = {100, 0}, days[2] = {30, 30}, out[2] = {7, 7};
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "revenue[1]"));
    assert_true(out[0] == 7);
    rev[1] = 100;
    days[1] = -30;  /* negative days */
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "days[1]"));
    days[1] = 30;
    ar[0] = NAN;
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "ar[0] is NaN"));
    ar[0] = -1;
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EDOM);
    ar[0] = 10;
    assert_status(fpa_wc_cycle(NULL, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EINVAL);
    assert_status(fpa_wc_cycle(NULL, out, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 2), FPA_EINVAL);  /* inventory NULL */
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, ar, rev, NULL, NULL, NULL,
                               NULL, days, 0), FPA_EINVAL);
    double big = 1e300, tiny = 1e-300;
    assert_status(fpa_wc_cycle(out, NULL, NULL, NULL, &big, &tiny, NULL, NULL,
                               NULL, NULL, days, 1), FPA_EOVERFLOW);
}

static void liquidity_matches_spreadsheet(void **state)
{
    (void)state;
    double ca[4], cl[4], inv[4], nwc[4], cur[4], q[4];
    for (int t = 0; t < 4; t++) {
        ca[t] = ref("l.ca.%d", t);
        cl[t] = ref("l.cl.%d", t);
        inv[t] = ref("l.inv.%d", t);
    }
    assert_ok(fpa_wc_liquidity(nwc, cur, q, ca, cl, inv, 4));
    for (int t = 0; t < 4; t++) {
        assert_ref(nwc[t], "l.nwc.%d", t);
        assert_ref(cur[t], "l.cur.%d", t);
        assert_ref(q[t], "l.quick.%d", t);
    }
    /* NWC alone needs neither positive liabilities nor inventory */
    double zero = 0, a = 5;
    assert_ok(fpa_wc_liquidity(nwc, NULL, NULL, &a, &zero, NULL, 1));
    assert_close(nwc[0], 5, 0, 0);
    assert_status(fpa_wc_liquidity(NULL, cur, NULL, &a, &zero, NULL, 1), FPA_EDOM);
    double more = 6;
    assert_status(fpa_wc_liquidity(NULL, NULL, q, &a, &a, &more, 1), FPA_EDOM);
    assert_status(fpa_wc_liquidity(NULL, NULL, q, &a, &a, NULL, 1), FPA_EINVAL);
    assert_status(fpa_wc_liquidity(NULL, NULL, NULL, &a, &a, NULL, 1), FPA_EINVAL);
}

/* ---- projection ----------------------------------------------------------- */

static void check_projection(const fpa_wc_plan *p, const char *prefix)
{
    double out[60];
    assert_ok(fpa_wc_project(out, 60, p, all_lines, 10));
    for (int k = 0; k < 10; k++)
        for (int t = 0; t < 6; t++)
            assert_ref(out[k * 6 + t], "%s.%s.%d", prefix, line_keys[k], t);
}

static void projection_matches_spreadsheet(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    check_projection(p, "p");
    fpa_wc_plan_free(p);

    fpa_opts *o;  /* payables measured against purchases */
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_WC_AP_BASIS, 1));
    p = wc_ref_plan("q", o);
    check_projection(p, "q");
    fpa_wc_plan_free(p);
    fpa_opts_free(o);
}

static void projection_hand_worked(void **state)
{
    (void)state;
    /* docs/wc.md, "three periods by hand": 30-day periods, DSO 30 (AR =
     * revenue), DIO 60 (inventory = 2 x COGS), DPO 30 (AP = COGS), opening
     * AR 300, inventory 300, AP 150, cash 100, other cash -100 a period.
     *   t0: AR 300, Inv 300, AP 150, purchases 150 + 300 - 300 = 150,
     *       collections 300 + 300 - 300 = 300, payments 150 + 150 - 150 =
     *       150, net 300 - 150 - 100 = 50, cash 150, NWC 450, dNWC 0
     *   t1: the same again: cash 200
     *   t2: sales double: AR 600, Inv 600, AP 300, purchases 300 + 600 -
     *       300 = 600, collections 300 + 600 - 600 = 300, payments 150 +
     *       600 - 300 = 450, net 300 - 450 - 100 = -250, cash -50, NWC
     *       900, dNWC 450; check: revenue - COGS - dNWC + other =
     *       600 - 300 - 450 - 100 = -250. */
    static const double want[10][3] = {
        {300, 300, 600}, {300, 300, 600}, {150, 150, 300}, {450, 450, 900},
        {0, 0, 450},     {300, 300, 300}, {150, 150, 600}, {150, 150, 450},
        {50, 50, -250},  {150, 200, -50}};
    fpa_wc_plan *p;
    double rev[3] = {300, 300, 600}, cogs[3] = {150, 150, 300},
           dso[3] = {30, 30, 30}, dio[3] = {60, 60, 60}, dpo[3] = {30, 30, 30},
           other[3] = {-100, -100, -100}, days[3] = {30, 30, 30}, out[30];
    assert_ok(fpa_wc_plan_new(&p, 3, NULL));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_REVENUE, rev, 3));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_COGS, cogs, 3));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DSO, dso, 3));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DIO, dio, 3));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DPO, dpo, 3));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_OTHER_CASH, other, 3));
    assert_ok(fpa_wc_plan_set_days(p, days, 3));
    assert_ok(fpa_wc_plan_set_opening(p, 300, 300, 150, 100));
    assert_ok(fpa_wc_project(out, 30, p, all_lines, 10));
    for (int k = 0; k < 10; k++)
        for (int t = 0; t < 3; t++) assert_close(out[k * 3 + t], want[k][t], 1e-15, 1e-12);
    /* a subset, repeated and reordered */
    fpa_wc_line sel[3] = {FPA_WC_LINE_CASH, FPA_WC_LINE_AR, FPA_WC_LINE_CASH};
    assert_ok(fpa_wc_project(out, 9, p, sel, 3));
    assert_close(out[2], -50, 0, 1e-12);
    assert_close(out[5], 600, 0, 1e-12);
    assert_close(out[8], -50, 0, 1e-12);
    fpa_wc_plan_free(p);
}

static double urand(unsigned *s, double lo, double hi)
{
    *s = *s * 1103515245u + 12345u;
    return lo + (hi - lo) * ((*s >> 8) & 0xffff) / 65535.0;
}

static void projection_identities_on_random_data(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int rep = 0; rep < 200; rep++) {
        size_t n = 1 + (size_t)urand(&seed, 0, 30);
        fpa_wc_plan *p;
        assert_ok(fpa_wc_plan_new(&p, n, NULL));
        double *v = malloc(n * sizeof *v), *out = malloc(10 * n * sizeof *out);
        for (int d = 0; d < 6; d++) {
            for (size_t t = 0; t < n; t++)
                v[t] = d == 5 ? urand(&seed, -1e5, 1e5) : urand(&seed, 0, d < 2 ? 1e6 : 90);
            assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)d, v, n));
        }
        for (size_t t = 0; t < n; t++) v[t] = urand(&seed, 28, 31);
        assert_ok(fpa_wc_plan_set_days(p, v, n));
        double open[4] = {urand(&seed, 0, 1e6), urand(&seed, 0, 1e6),
                          urand(&seed, 0, 1e6), urand(&seed, -1e6, 1e6)};
        assert_ok(fpa_wc_plan_set_opening(p, open[0], open[1], open[2], open[3]));
        assert_ok(fpa_wc_project(out, 10 * n, p, all_lines, 10));
        double rev[64], cogs[64], other[64];
        assert_ok(fpa_wc_plan_get(rev, 64, p, FPA_WC_REVENUE));
        assert_ok(fpa_wc_plan_get(cogs, 64, p, FPA_WC_COGS));
        assert_ok(fpa_wc_plan_get(other, 64, p, FPA_WC_OTHER_CASH));
        double nwc0 = open[0] + open[1] - open[2], cash = open[3];
#define L(k, t) out[(k) * n + (t)]
        for (size_t t = 0; t < n; t++) {
            double tol = 1e-9 * 1e6;
            assert_close(L(3, t), L(0, t) + L(1, t) - L(2, t), 0, tol);
            assert_close(L(4, t), L(3, t) - (t ? L(3, t - 1) : nwc0), 0, tol);
            /* cash released by working capital is minus the change in NWC */
            assert_close(L(8, t), rev[t] - cogs[t] - L(4, t) + other[t], 0, tol);
            cash += L(8, t);
            assert_close(L(9, t), cash, 0, tol);
        }
#undef L
        free(v);
        free(out);
        fpa_wc_plan_free(p);
    }
}

static void projection_rejects_bad_input(void **state)
{
    (void)state;
    fpa_wc_plan *p;
    double v[3] = {1, 2, 3}, out[30];
    fpa_wc_line line = FPA_WC_LINE_CASH;
    assert_status(fpa_wc_plan_new(&p, 0, NULL), FPA_EINVAL);
    assert_status(fpa_wc_plan_new(NULL, 3, NULL), FPA_EINVAL);
    assert_ok(fpa_wc_plan_new(&p, 3, NULL));
    assert_int_equal(fpa_wc_plan_periods(p), 3);
    assert_status(fpa_wc_project(out, 3, p, &line, 1), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "days"));
    double neg[3] = {30, -1, 30};
    assert_status(fpa_wc_plan_set_days(p, neg, 3), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "days[1]"));
    assert_ok(fpa_wc_plan_set_days(p, v, 3));
    assert_status(fpa_wc_plan_set(p, FPA_WC_DSO, v, 2), FPA_EINVAL);
    assert_status(fpa_wc_plan_set(p, (fpa_wc_driver)6, v, 3), FPA_EINVAL);
    double bad[3] = {1, NAN, 3};
    assert_status(fpa_wc_plan_set(p, FPA_WC_REVENUE, bad, 3), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "values[1] is NaN"));
    double negd[3] = {40, -5, 40};
    assert_status(fpa_wc_plan_set(p, FPA_WC_DSO, negd, 3), FPA_EDOM);
    assert_ok(fpa_wc_plan_set(p, FPA_WC_OTHER_CASH, negd, 3));  /* signed */
    assert_status(fpa_wc_plan_set_opening(p, -1, 0, 0, 0), FPA_EDOM);
    assert_status(fpa_wc_plan_set_opening(p, 0, 0, 0, INFINITY), FPA_EDOM);
    assert_status(fpa_wc_project(out, 2, p, &line, 1), FPA_ESIZE);
    assert_non_null(strstr(fpa_error_last(), "3"));
    fpa_wc_line badl = (fpa_wc_line)10;
    assert_status(fpa_wc_project(out, 30, p, &badl, 1), FPA_EINVAL);
    assert_status(fpa_wc_project(out, 30, p, &line, 0), FPA_EINVAL);
    assert_status(fpa_wc_plan_get(out, 2, p, FPA_WC_DSO), FPA_ESIZE);
    fpa_wc_plan_free(p);
    fpa_wc_plan_free(NULL);
    assert_int_equal(fpa_wc_plan_periods(NULL), 0);

    /* inventory drawn down faster than COGS: negative purchases */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_WC_AP_BASIS, 1));
    assert_ok(fpa_wc_plan_new(&p, 1, o));
    double one = 30, cogs = 10, dio = 0;
    assert_ok(fpa_wc_plan_set_days(p, &one, 1));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_COGS, &cogs, 1));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DIO, &dio, 1));
    assert_ok(fpa_wc_plan_set_opening(p, 0, 100, 0, 0));
    assert_status(fpa_wc_project(out, 30, p, &line, 1), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "purchases in period 0"));
    fpa_wc_plan_free(p);
    fpa_opts_free(o);
}

static void plan_allocation_failures(void **state)
{
    (void)state;
    fpa_wc_plan *p = NULL;
    FPA_ALLOC_SWEEP((void)0, fpa_wc_plan_new(&p, 18, opts), fpa_wc_plan_free(p));
}

/* ---- 13-week cash --------------------------------------------------------- */

static void weekly_cash_matches_spreadsheet(void **state)
{
    (void)state;
    double curve[8], ages[10], sales[13], ap[9], rec[4];
    int64_t due[9], first[4];
    int32_t every[4];
    for (int k = 0; k < 8; k++) curve[k] = ref("w.curve.%d", k);
    for (int j = 0; j < 10; j++) ages[j] = ref("w.age.%d", j);
    for (int w = 0; w < 13; w++) sales[w] = ref("w.sales.%d", w);
    for (int i = 0; i < 9; i++) {
        ap[i] = ref("w.ap.%d", i);
        due[i] = (int64_t)ref("w.due.%d", i);
    }
    for (int i = 0; i < 4; i++) {
        rec[i] = ref("w.rec.%d", i);
        first[i] = (int64_t)ref("w.first.%d", i);
        every[i] = (int32_t)ref("w.every.%d", i);
    }
    double r[13], a[13], o[13], c[13];
    assert_ok(fpa_wc_weekly_cash(r, a, o, c, 13, (int64_t)ref("w.start"),
                                 ref("w.opening"), ages, 10, curve, 8, sales, ap,
                                 due, 9, rec, first, every, 4));
    for (int w = 0; w < 13; w++) {
        assert_ref(r[w], "w.receipts.%d", w);
        assert_ref(a[w], "w.appay.%d", w);
        assert_ref(o[w], "w.recurring.%d", w);
        assert_ref(c[w], "w.closing.%d", w);
    }
    /* closing only, nothing but the opening balance and a curve */
    assert_ok(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 5, NULL, 0, curve,
                                 8, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0));
    assert_close(c[12], 5, 0, 0);
}

static void weekly_cash_rejects_bad_input(void **state)
{
    (void)state;
    double curve[3] = {0.5, 0.4, 0.2}, c[13], amt = 10;
    int64_t day = 0;
    int32_t zero = 0;
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EDOM);  /* sums to 1.1 */
    curve[2] = -0.1;
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "curve[2]"));
    curve[2] = 0.1;
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 0, 0, 0, NULL, 0,
                                     curve, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EINVAL);
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     NULL, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EINVAL);
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 2,
                                     curve, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EINVAL);  /* ages NULL */
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, &amt, NULL, 1, NULL, NULL,
                                     NULL, 0), FPA_EINVAL);  /* due NULL */
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, NULL, NULL, 0, &amt, &day,
                                     &zero, 1), FPA_EINVAL);
    double negamt = -1;
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, &negamt, &day, 1, NULL,
                                     NULL, NULL, 0), FPA_EDOM);
    int64_t far = INT64_MAX;
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, 0, NULL, 0,
                                     curve, 3, NULL, &amt, &far, 1, NULL, NULL,
                                     NULL, 0), FPA_EDOM);
    assert_status(fpa_wc_weekly_cash(NULL, NULL, NULL, c, 13, 0, NAN, NULL, 0,
                                     curve, 3, NULL, NULL, NULL, 0, NULL, NULL,
                                     NULL, 0), FPA_EDOM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(period_days_match_spreadsheet),
        cmocka_unit_test(period_days_rejects_bad_input),
        cmocka_unit_test(cycle_textbook_example),
        cmocka_unit_test(cycle_matches_spreadsheet),
        cmocka_unit_test(cycle_rejects_bad_input),
        cmocka_unit_test(liquidity_matches_spreadsheet),
        cmocka_unit_test(projection_matches_spreadsheet),
        cmocka_unit_test(projection_hand_worked),
        cmocka_unit_test(projection_identities_on_random_data),
        cmocka_unit_test(projection_rejects_bad_input),
        cmocka_unit_test(plan_allocation_failures),
        cmocka_unit_test(weekly_cash_matches_spreadsheet),
        cmocka_unit_test(weekly_cash_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
