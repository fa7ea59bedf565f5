/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa_wc_history: the working-capital figures of closed months from their
 * flows and period-end balances, against three months worked by hand
 * below (the formulas of wc.h: DSO = AR / revenue x days, and so on; the
 * cash flows from the balances' changes), plus the identities that tie
 * them to the projection of fpa_wc_project() on random data. */
#include "testutil.h"

#include <math.h>

#define H(row, t) out[(row) * n + (t)]

/* Month 0: revenue 1000, COGS 600, AR 500, inventory 300, AP 200, cash
 * 1000, 30 days: DSO 500/1000*30 = 15, DIO 300/600*30 = 15, DPO 200/600*30
 * = 10, CCC 15 + 15 - 10 = 20, NWC 500 + 300 - 200 = 600.
 * Month 1: revenue 1200, COGS 700, AR 620, inventory 280, AP 210, cash
 * 1100, 31 days: DSO 620/1200*31 = 16.01666..., DIO 280/700*31 = 12.4, DPO
 * 210/700*31 = 9.3, CCC 19.11666..., NWC 690; other cash 1100 - 1000 - 1200
 * + 700 + 690 - 600 = -310; collections 500 + 1200 - 620 = 1080; cash out
 * 1080 - 100 = 980; net burn 1000 - 1100 = -100.
 * Month 2: revenue 500, no COGS, AR 250, no inventory or payables, cash
 * 900, 30 days: DSO 250/500*30 = 15, DIO = DPO = 0, CCC 15, NWC 250; other
 * cash 900 - 1100 - 500 + 0 + 250 - 690 = -1140; collections 620 + 500 -
 * 250 = 870; cash out 870 + 200 = 1070; net burn 200. */
static void three_months_by_hand(void **state)
{
    (void)state;
    enum { n = 3 };
    const double rev[n] = {1000, 1200, 500}, cogs[n] = {600, 700, 0}, days[n] = {30, 31, 30};
    const double bal[4 * n] = {500, 620, 250, 300, 280, 0, 200, 210, 0, 1000, 1100, 900};
    double out[FPA_WC_HIST_ROWS * n];
    assert_ok(fpa_wc_history(out, FPA_WC_HIST_ROWS * n, rev, cogs, bal, days, n));
    const double want[FPA_WC_HIST_ROWS][n] = {
        {15, 620.0 / 1200 * 31, 15}, {15, 12.4, 0}, {10, 9.3, 0},
        {20, 620.0 / 1200 * 31 + 12.4 - 9.3, 15}, {600, 690, 250},
        {NAN, -310, -1140}, {NAN, 1080, 870}, {NAN, 980, 1070}, {NAN, -100, 200},
    };
    for (size_t r = 0; r < FPA_WC_HIST_ROWS; r++)
        for (size_t t = 0; t < n; t++) {
            if (isnan(want[r][t])) assert_true(isnan(H(r, t)));
            else assert_close(H(r, t), want[r][t], 1e-14, 1e-12);
        }
}

/* A month without sales has no days (FPA_PARTIAL), the others are kept;
 * a negative balance leaves its days undefined too. */
static void undefined_days_are_partial(void **state)
{
    (void)state;
    enum { n = 3 };
    const double rev[n] = {1000, 0, 800}, cogs[n] = {600, 0, 500}, days[n] = {30, 30, 30};
    const double bal[4 * n] = {500, 400, 400, 300, 300, -5, 200, 100, 100, 50, 60, 70};
    double out[FPA_WC_HIST_ROWS * n];
    assert_status(fpa_wc_history(out, FPA_WC_HIST_ROWS * n, rev, cogs, bal, days, n),
                  FPA_PARTIAL);
    assert_close(H(FPA_WC_HIST_CCC, 0), 15 + 15 - 10, 1e-15, 0);
    for (size_t r = FPA_WC_HIST_DSO; r <= FPA_WC_HIST_CCC; r++) assert_true(isnan(H(r, 1)));
    assert_close(H(FPA_WC_HIST_DSO, 2), 400.0 / 800 * 30, 1e-15, 0); /* AR is fine */
    assert_true(isnan(H(FPA_WC_HIST_DIO, 2)));                     /* inventory is not */
    assert_close(H(FPA_WC_HIST_NWC, 1), 400 + 300 - 100, 1e-15, 0);
    assert_close(H(FPA_WC_HIST_OTHER_CASH, 1), 60 - 50 - 0 + 0 + 600 - 600, 0, 1e-12);
}

static void bad_input(void **state)
{
    (void)state;
    enum { n = 2 };
    double rev[n] = {1, 1}, cogs[n] = {1, 1}, days[n] = {30, 30}, bal[4 * n] = {0};
    double out[FPA_WC_HIST_ROWS * n];
    assert_status(fpa_wc_history(NULL, 99, rev, cogs, bal, days, n), FPA_EINVAL);
    assert_status(fpa_wc_history(out, 99, rev, cogs, NULL, days, n), FPA_EINVAL);
    assert_status(fpa_wc_history(out, 99, rev, cogs, bal, days, 0), FPA_EINVAL);
    assert_status(fpa_wc_history(out, FPA_WC_HIST_ROWS * n - 1, rev, cogs, bal, days, n),
                  FPA_ESIZE);
    bal[7] = NAN;
    assert_status(fpa_wc_history(out, 99, rev, cogs, bal, days, n), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "balances[7] (cash of period 1) is not finite");
    bal[7] = 0;
    days[1] = 0;
    assert_status(fpa_wc_history(out, 99, rev, cogs, bal, days, n), FPA_EDOM);
    days[1] = 30;
    rev[0] = INFINITY;
    assert_status(fpa_wc_history(out, 99, rev, cogs, bal, days, n), FPA_EDOM);
    rev[0] = 1;
    bal[6] = 1e308, bal[7] = -1e308;
    assert_status(fpa_wc_history(out, 99, rev, cogs, bal, days, n), FPA_EOVERFLOW);
}

/* Property: the history of a projection gives back its drivers. Project
 * balances and cash with fpa_wc_project() from random drivers; the
 * history of the projected months returns their DSO, DIO and DPO, their
 * other cash and their collections. */
static void reads_a_projection_back(void **state)
{
    (void)state;
    enum { n = 12 };
    double drv[6][n], days[n];
    unsigned s = 11;
    for (size_t t = 0; t < n; t++) {
        double u[6];
        for (int k = 0; k < 6; k++) {
            s = s * 1103515245u + 12345u;
            u[k] = (double)((s >> 8) % 10000) / 10000;
        }
        drv[FPA_WC_REVENUE][t] = 1000 + 500 * u[0];
        drv[FPA_WC_COGS][t] = 400 + 300 * u[1];
        drv[FPA_WC_DSO][t] = 30 + 20 * u[2];
        drv[FPA_WC_DIO][t] = 40 + 30 * u[3];
        drv[FPA_WC_DPO][t] = 20 + 25 * u[4];
        drv[FPA_WC_OTHER_CASH][t] = -300 + 200 * u[5];
        days[t] = 30 + (double)(t % 2);
    }
    fpa_wc_plan *p;
    assert_ok(fpa_wc_plan_new(&p, n, NULL));
    assert_ok(fpa_wc_plan_set_days(p, days, n));
    for (int k = 0; k < 6; k++) assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)k, drv[k], n));
    assert_ok(fpa_wc_plan_set_opening(p, 1500, 900, 400, 2000));
    fpa_wc_line all[10];
    for (int k = 0; k < 10; k++) all[k] = (fpa_wc_line)k;
    double proj[10 * n];
    assert_ok(fpa_wc_project(proj, 10 * n, p, all, 10));
    fpa_wc_plan_free(p);
    double bal[4 * n], out[FPA_WC_HIST_ROWS * n];
    for (size_t t = 0; t < n; t++) {
        bal[t] = proj[FPA_WC_LINE_AR * n + t];
        bal[n + t] = proj[FPA_WC_LINE_INVENTORY * n + t];
        bal[2 * n + t] = proj[FPA_WC_LINE_AP * n + t];
        bal[3 * n + t] = proj[FPA_WC_LINE_CASH * n + t];
    }
    assert_ok(fpa_wc_history(out, FPA_WC_HIST_ROWS * n, drv[FPA_WC_REVENUE], drv[FPA_WC_COGS],
                             bal, days, n));
    for (size_t t = 0; t < n; t++) {
        assert_close(H(FPA_WC_HIST_DSO, t), drv[FPA_WC_DSO][t], 1e-12, 0);
        assert_close(H(FPA_WC_HIST_DIO, t), drv[FPA_WC_DIO][t], 1e-12, 0);
        assert_close(H(FPA_WC_HIST_DPO, t), drv[FPA_WC_DPO][t], 1e-12, 0);
        assert_close(H(FPA_WC_HIST_NWC, t), proj[FPA_WC_LINE_NWC * n + t], 1e-12, 0);
        if (t == 0) continue;
        assert_close(H(FPA_WC_HIST_OTHER_CASH, t), drv[FPA_WC_OTHER_CASH][t], 0, 1e-9);
        assert_close(H(FPA_WC_HIST_COLLECTIONS, t), proj[FPA_WC_LINE_COLLECTIONS * n + t], 0,
                     1e-9);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_months_by_hand),
        cmocka_unit_test(undefined_days_are_partial),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(reads_a_projection_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
