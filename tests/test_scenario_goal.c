/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Goal seek in its constraint form (issue 13, section 3): the lowest or
 * highest value of a driver in [lo, hi] for which a metric meets a target
 * in every period, and lo itself when the target already holds there
 * (fpa_scenario_goal_seek() answers FPA_ENOCONV to that question: its
 * root-finding meaning is kept, and FPA_GOAL_EQUAL reproduces it).
 *
 * Expected values: tests/ref/goal_expected.csv, the answers written as
 * sheet formulas of the cash-budget model of make_wc_ref.py (the cash is
 * linear in a DPO or DSO held the same in every period) and recalculated
 * by LibreOffice Calc and gnumeric:
 *     /usr/bin/python3 tests/ref/make_goal_ref.py */
#define WC_REF_FILE "goal_expected.csv"
#include "wc_ref.h"

static double solve(const fpa_wc_plan *p, fpa_wc_driver d, double lo, double hi,
                    fpa_goal_mode mode, fpa_scenario_metric metric, double floor,
                    double target)
{
    fpa_scenario_goal *g;
    double v = NAN;
    assert_ok(fpa_scenario_goal_new(&g, d, FPA_SCENARIO_SET, 0, lo, hi, NULL));
    assert_ok(fpa_scenario_goal_solve(&v, p, NULL, g, mode, metric, floor, target));
    fpa_scenario_goal_free(g);
    return v;
}

/* The metric with the driver set to v in every period. */
static double metric_at(const fpa_wc_plan *p, fpa_wc_driver d, double v,
                        fpa_scenario_metric metric, double floor)
{
    fpa_scenario *s;
    double m;
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, d, FPA_SCENARIO_SET, v, 0));
    assert_ok(fpa_scenario_metric_value(&m, p, s, metric, floor));
    fpa_scenario_free(s);
    return m;
}

static void constraint_answers_match_spreadsheet(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    /* the answer is the boundary to 1e-10 + 1e-12 |v|, on the side that
     * meets the target */
    double f = ref("g.dpo_floor.target");
    double v = solve(p, FPA_WC_DPO, 0, 200, FPA_GOAL_LOWEST_AT_LEAST,
                     FPA_SCENARIO_MIN_CASH, 0, f);
    assert_close(v, ref("g.dpo_floor"), 1e-12, 1e-9);
    assert_true(metric_at(p, FPA_WC_DPO, v, FPA_SCENARIO_MIN_CASH, 0) >= f);

    f = ref("g.dso_floor.target");
    v = solve(p, FPA_WC_DSO, 0, 120, FPA_GOAL_HIGHEST_AT_LEAST, FPA_SCENARIO_MIN_CASH, 0, f);
    assert_close(v, ref("g.dso_floor"), 1e-12, 1e-9);
    assert_true(metric_at(p, FPA_WC_DSO, v, FPA_SCENARIO_MIN_CASH, 0) >= f);

    double floor = ref("g.gap.floor"), gap = ref("g.gap.target");
    v = solve(p, FPA_WC_DPO, 0, 200, FPA_GOAL_LOWEST_AT_MOST, FPA_SCENARIO_FUNDING_GAP,
              floor, gap);
    assert_close(v, ref("g.dpo_gap"), 1e-12, 1e-9);
    assert_true(metric_at(p, FPA_WC_DPO, v, FPA_SCENARIO_FUNDING_GAP, floor) <= gap);

    double nwc = ref("g.nwc.target");
    v = solve(p, FPA_WC_DSO, 0, 120, FPA_GOAL_HIGHEST_AT_MOST, FPA_SCENARIO_ENDING_NWC, 0, nwc);
    assert_close(v, ref("g.dso_nwc"), 1e-12, 1e-9);
    v = solve(p, FPA_WC_DPO, 0, 120, FPA_GOAL_LOWEST_AT_MOST, FPA_SCENARIO_ENDING_NWC, 0, nwc);
    assert_close(v, ref("g.dpo_nwc"), 1e-12, 1e-9);
    fpa_wc_plan_free(p);
}

static void target_met_at_the_start_is_the_answer(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    /* every DPO in [30, 200] keeps the cash above -1,000,000: the lowest is
     * 30 itself, where the root-finding form finds no crossing */
    assert_true(solve(p, FPA_WC_DPO, 30, 200, FPA_GOAL_LOWEST_AT_LEAST,
                      FPA_SCENARIO_MIN_CASH, 0, -1e6) == 30);
    assert_true(solve(p, FPA_WC_DPO, 30, 200, FPA_GOAL_HIGHEST_AT_LEAST,
                      FPA_SCENARIO_MIN_CASH, 0, -1e6) == 200);
    /* a funding gap of 0 against a floor the cash never reaches down to */
    assert_true(solve(p, FPA_WC_DSO, 10, 40, FPA_GOAL_LOWEST_AT_MOST,
                      FPA_SCENARIO_FUNDING_GAP, -1e6, 0) == 10);
    double keep = 5;
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 30,
                                         200, FPA_SCENARIO_MIN_CASH, 0, -1e6),
                  FPA_ENOCONV);
    assert_true(keep == 5);
    fpa_wc_plan_free(p);
}

static void equal_mode_is_the_root_form(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    double a, b, f = ref("g.dpo_floor.target");
    assert_ok(fpa_scenario_goal_seek(&a, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 0, 200,
                                     FPA_SCENARIO_MIN_CASH, 0, f));
    b = solve(p, FPA_WC_DPO, 0, 200, FPA_GOAL_EQUAL, FPA_SCENARIO_MIN_CASH, 0, f);
    assert_true(a == b);
    /* with a minimum cash increasing in DPO, the root is the lowest DPO
     * that meets the floor */
    assert_close(a, ref("g.dpo_floor"), 1e-12, 1e-9);
    fpa_wc_plan_free(p);
}

static void bad_goals(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    fpa_scenario_goal *g = (fpa_scenario_goal *)p;
    double v = 7;
    assert_status(fpa_scenario_goal_new(&g, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 10, 10, NULL),
                  FPA_EDOM);
    assert_null(g);
    assert_status(fpa_scenario_goal_new(&g, FPA_WC_DPO, FPA_SCENARIO_SET, 0, NAN, 10, NULL),
                  FPA_EDOM);
    assert_status(fpa_scenario_goal_new(&g, (fpa_wc_driver)6, FPA_SCENARIO_SET, 0, 0, 1,
                                        NULL), FPA_EINVAL);
    assert_status(fpa_scenario_goal_new(&g, FPA_WC_DPO, (fpa_scenario_op)3, 0, 0, 1, NULL),
                  FPA_EINVAL);
    assert_status(fpa_scenario_goal_new(NULL, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 0, 1, NULL),
                  FPA_EINVAL);
    assert_ok(fpa_scenario_goal_new(&g, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 0, 10, NULL));
    /* no DPO in [0, 10] gets the minimum cash to 10 million */
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, g, FPA_GOAL_LOWEST_AT_LEAST,
                                          FPA_SCENARIO_MIN_CASH, 0, 1e7), FPA_ENOCONV);
    assert_non_null(strstr(fpa_error_last(), "no DPO value in [0, 10]"));
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, g, (fpa_goal_mode)5,
                                          FPA_SCENARIO_MIN_CASH, 0, 0), FPA_EINVAL);
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, g, FPA_GOAL_LOWEST_AT_LEAST,
                                          (fpa_scenario_metric)4, 0, 0), FPA_EINVAL);
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, g, FPA_GOAL_LOWEST_AT_LEAST,
                                          FPA_SCENARIO_MIN_CASH, 0, NAN), FPA_EDOM);
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, NULL, FPA_GOAL_LOWEST_AT_LEAST,
                                          FPA_SCENARIO_MIN_CASH, 0, 0), FPA_EINVAL);
    fpa_scenario_goal_free(g);
    /* values that take DSO negative fail, naming the driver */
    assert_ok(fpa_scenario_goal_new(&g, FPA_WC_DSO, FPA_SCENARIO_SET, 0, -50, 10, NULL));
    assert_status(fpa_scenario_goal_solve(&v, p, NULL, g, FPA_GOAL_LOWEST_AT_LEAST,
                                          FPA_SCENARIO_MIN_CASH, 0, 0), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "DSO"));
    assert_true(v == 7);
    fpa_scenario_goal_free(g);
    fpa_scenario_goal_free(NULL);
    FPA_ALLOC_SWEEP((void)0,
                    fpa_scenario_goal_new(&g, FPA_WC_DPO, FPA_SCENARIO_SET, 0, 0, 1, opts),
                    fpa_scenario_goal_free(g));
    fpa_wc_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constraint_answers_match_spreadsheet),
        cmocka_unit_test(target_met_at_the_start_is_the_answer),
        cmocka_unit_test(equal_mode_is_the_root_form),
        cmocka_unit_test(bad_goals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
