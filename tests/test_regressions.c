/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every defect the fuzzers or valgrind found, as a test of the public API.
 * The triggering fuzz inputs also stay in tests/fuzz/corpus/ as seeds
 * (regress-*). Expected statuses come from each function's documented
 * contract; no number here comes from libfpa itself. */
#include "testutil.h"

#include <float.h>

/* fuzz_unit_kpi: huge weights times huge retention values overflowed the
 * pooled curve's first value, which came back infinite with FPA_OK. */
static void retention_curve_overflow(void **state)
{
    (void)state;
    double curve[2] = {7, 7}, retention[2] = {1e300, 1e300}, weights[2] = {1e300, 1e300};
    size_t observed[2] = {1, 1}, len = 99;
    assert_status(fpa_unit_retention_curve(curve, &len, retention, weights, observed, 2, 1),
                  FPA_EOVERFLOW);
    assert_true(len == 99);
}

/* fuzz_wc_scenario: period bounds near INT64_MIN made the day count
 * subtract past the range of int64 (undefined behaviour under UBSan). */
static void period_days_extreme_bounds(void **state)
{
    (void)state;
    double days[1];
    const int64_t bounds[2] = {INT64_MIN, 0};
    for (int basis = 0; basis < 3; basis++)
        assert_status(fpa_wc_period_days(days, bounds, 1, (fpa_wc_basis)basis), FPA_EDOM);
    const int64_t high[2] = {0, INT64_MAX};
    assert_status(fpa_wc_period_days(days, high, 1, FPA_WC_ACTUAL), FPA_EDOM);
}

/* fuzz_wc_scenario: a goal-seek range of subnormal width made the bracket
 * search's step underflow to zero, and it never advanced. The call must
 * return (either outcome is allowed for such a range). */
static void goal_seek_subnormal_range(void **state)
{
    (void)state;
    double one[3] = {100, 100, 100}, cogs[3] = {60, 60, 60}, d30[3] = {30, 30, 30},
           other[3] = {-10, -10, -10};
    fpa_wc_plan *plan;
    assert_ok(fpa_wc_plan_new(&plan, 3, NULL));
    assert_ok(fpa_wc_plan_set_days(plan, d30, 3));
    assert_ok(fpa_wc_plan_set(plan, FPA_WC_REVENUE, one, 3));
    assert_ok(fpa_wc_plan_set(plan, FPA_WC_COGS, cogs, 3));
    assert_ok(fpa_wc_plan_set(plan, FPA_WC_OTHER_CASH, other, 3));
    double x = 0;
    fpa_status st = fpa_scenario_goal_seek(&x, plan, NULL, FPA_WC_DSO, FPA_SCENARIO_SET, 0,
                                           4.9e-324, 1e-323, FPA_SCENARIO_ENDING_CASH, 0, 1e9);
    assert_true(st == FPA_OK || st == FPA_ENOCONV);
    fpa_wc_plan_free(plan);
}

/* valgrind: a failure detail that quoted the previous detail formatted over
 * its own argument (fpa_scenario_tornado). */
static void tornado_detail_is_intact(void **state)
{
    (void)state;
    double lo[1], hi[1], base;
    fpa_wc_plan *plan;
    assert_ok(fpa_wc_plan_new(&plan, 2, NULL));
    const fpa_wc_driver drv[1] = {FPA_WC_DSO};
    const fpa_scenario_op op[1] = {FPA_SCENARIO_SET};
    const double low[1] = {-5}, high[1] = {5};
    const size_t from[1] = {0};
    fpa_status st = fpa_scenario_tornado(lo, hi, &base, plan, NULL, drv, op, low, high, from, 1,
                                         FPA_SCENARIO_ENDING_CASH, 0);
    assert_true(st != FPA_OK);
    assert_true(strlen(fpa_error_last()) > 0);
    fpa_wc_plan_free(plan);
}

/* fuzz_variance_recon (issue 14, item 11): whether a sum of int64 amounts
 * overflowed depended on the order of the amounts: {INT64_MAX, 1, -1}
 * failed and {INT64_MAX, -1, 1} passed. Both sum to INT64_MAX, which fits,
 * so the tie-out, the roll-forward and the aging must succeed either way
 * (the expected totals are that arithmetic), and fail only when the total
 * itself overflows. */
static void money_sums_ignore_order(void **state)
{
    (void)state;
    const int64_t up[3] = {INT64_MAX, 1, -1}, down[3] = {INT64_MAX, -1, 1};
    const int64_t *orders[2] = {up, down};
    const size_t acct[3] = {0, 0, 0};
    const int64_t gl[1] = {INT64_MAX}, day[3] = {10, 10, 10};
    for (int k = 0; k < 2; k++) {
        int64_t sub = 0, diff = 1, totals[5], total = 0, cd = 1, od = 1;
        size_t breaks = 9;
        assert_ok(fpa_recon_tieout(&sub, &diff, &breaks, gl, 1, orders[k], acct, 3, NULL));
        assert_true(sub == INT64_MAX && diff == 0 && breaks == 0);
        assert_ok(fpa_recon_aging(totals, NULL, NULL, &total, orders[k], day, 3, 10, NULL, 0));
        assert_true(totals[0] == INT64_MAX && total == INT64_MAX);
        /* opening INT64_MAX, movements +1 and -1 (or -1, +1), closing INT64_MAX */
        const int64_t open[1] = {INT64_MAX}, close[1] = {INT64_MAX};
        assert_ok(fpa_recon_rollforward(&cd, &od, &breaks, open, orders[k] + 1, 2, close, NULL, 1,
                                        1, NULL));
        assert_true(cd == 0 && od == 0 && breaks == 0);
    }
    const int64_t over[3] = {INT64_MAX, 1, 0};
    int64_t sub, totals[5];
    assert_status(fpa_recon_tieout(&sub, NULL, NULL, gl, 1, over, acct, 3, NULL), FPA_EOVERFLOW);
    assert_status(fpa_recon_aging(totals, NULL, NULL, NULL, over, day, 3, 10, NULL, 0),
                  FPA_EOVERFLOW);
}

/* fuzz_forecast: a MASE scale below the smallest subnormal came back as 0
 * with FPA_OK, and every scaled error divided by it was infinite. The
 * exact scale of {0, 0, 0, 4.9e-324} with period 1 is 4.9e-324 / 3, which
 * no double holds: the documented "scale is zero" status. */
static void mase_scale_underflow(void **state)
{
    (void)state;
    const double insample[4] = {0, 0, 0, 4.9e-324}, y[1] = {1}, f[1] = {0};
    double scale = 7, v = 7;
    assert_status(fpa_accuracy_scale(&scale, insample, 4, 1), FPA_EDOM);
    assert_true(scale == 7);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MASE, y, f, 1, insample, 4, 1), FPA_EDOM);
    assert_status(fpa_accuracy_scale(&scale, insample + 2, 2, 1), FPA_OK);  /* 4.9e-324 itself */
    assert_true(scale == 4.9e-324);
}

/* fuzz_tvm: trailing zero flows made the NPV, scaled by (1+r)^(n-1) below
 * r = 0, underflow to exactly zero over a stretch of the root grid, and
 * each grid point of it was reported as a rate (434 for flows with 4 sign
 * changes; Descartes' rule allows at most one per sign change). -1 then 2
 * has the single rate 100 % (-1 + 2/(1+r) = 0), whatever zeros follow or
 * precede it; a subnormal pair has one sign change, so at most one rate. */
static void irr_roots_zero_flows(void **state)
{
    (void)state;
    double v[64] = {0}, roots[64];
    size_t count = 99;
    v[0] = -1, v[1] = 2;
    assert_ok(fpa_tvm_irr_roots(roots, 64, &count, v, 64));
    assert_true(count == 1);
    assert_true(fabs(roots[0] - 1) < 1e-9);
    v[0] = v[1] = 0, v[40] = -1, v[41] = 2;
    assert_ok(fpa_tvm_irr_roots(roots, 64, &count, v, 64));
    assert_true(count == 1);
    assert_true(fabs(roots[0] - 1) < 1e-9);
    double irr = 0;
    assert_ok(fpa_tvm_irr(&irr, v, 64, 0.1));
    assert_true(fabs(irr - 1) < 1e-9);
    const double tiny[2] = {4.9e-324, -4.9e-324};
    assert_ok(fpa_tvm_irr_roots(roots, 64, &count, tiny, 2));
    assert_true(count <= 1);
}

/* fuzz_tvm: 30/360 US applied its end-of-February rule to whichever date
 * came first in the call, so a fraction backwards was not minus the one
 * forwards (tvm.h: "-yf(to, from)"). 1970-01-01 (day 0) to 1994-02-28
 * (day 8824) by the rules of tvm.h: D1 = 1, D2 = 28 (D1 is not the end of
 * February), 360 * 24 + 30 * 1 + 27 = 8697 days of 360. */
static void thirty_360_us_backwards(void **state)
{
    (void)state;
    double f = 0, b = 0;
    assert_ok(fpa_tvm_year_fraction(&f, 0, 8824, FPA_DAYCOUNT_30_360_US));
    assert_ok(fpa_tvm_year_fraction(&b, 8824, 0, FPA_DAYCOUNT_30_360_US));
    assert_true(f == 8697.0 / 360);
    assert_true(b == -8697.0 / 360);
}

/* fuzz_model: adding a line probed for its name with the lookup that
 * records "no line" when there is none, so every successful
 * fpa_model_input() of a new line (and fpa_wc_plan_new(), which builds a
 * model) left a failure in the thread's record (core.h: a success leaves
 * the record as it was). */
static void model_new_line_leaves_no_detail(void **state)
{
    (void)state;
    const double v[2] = {1, 2};
    fpa_model *m = NULL;
    fpa_wc_plan *plan = NULL;
    fpa_error_clear();
    assert_ok(fpa_model_new(&m, FPA_CAL_MONTH, 0, 2, NULL));
    assert_ok(fpa_model_input(m, "revenue", v, 2));
    assert_ok(fpa_model_set_opening(m, "revenue", 1));
    assert_string_equal(fpa_error_last(), "");
    assert_ok(fpa_wc_plan_new(&plan, 3, NULL));
    assert_string_equal(fpa_error_last(), "");
    assert_true(fpa_error_last_status() == FPA_OK);
    fpa_wc_plan_free(plan);
    fpa_model_free(m);
}

/* fuzz_forecast: data near -DBL_MAX are fitted divided by their scale;
 * multiplied back, the regression coefficient on a driver overflowed and
 * came back as -inf with FPA_OK. Explicit orders never fall back, so the
 * documented "no ARIMA could be fitted" status; automatic orders fall
 * back (FPA_OPT_FORECAST_FALLBACK, on by default) to a model whose
 * forecasts are finite or refused. */
static void arima_driver_coef_overflow(void **state)
{
    (void)state;
    const double y[3] = {0, -DBL_MAX, 0}, x[3] = {17, 7, 14};
    fpa_forecast_drivers *d = NULL;
    fpa_forecast_arima_spec *spec = NULL;
    fpa_forecast_model *m = NULL;
    assert_ok(fpa_forecast_drivers_new(&d, x, 3, 1, NULL));
    assert_ok(fpa_forecast_arima_spec_new(&spec, NULL));
    assert_ok(fpa_forecast_arima_spec_set_drivers(spec, d));
    assert_ok(fpa_forecast_arima_spec_set_order(spec, 0, 0, 0, 0, 0, 0));
    assert_ok(fpa_forecast_arima_spec_set_constant(spec, FPA_ARIMA_CONSTANT_MEAN));
    assert_status(fpa_forecast_arima_fit(&m, spec, y, 3, 1, NULL), FPA_EDATA);
    assert_null(m);
    fpa_forecast_arima_spec_free(spec);
    assert_ok(fpa_forecast_arima_spec_new(&spec, NULL));
    assert_ok(fpa_forecast_arima_spec_set_drivers(spec, d));
    fpa_status st = fpa_forecast_arima_fit(&m, spec, y, 3, 52, NULL);
    if (st == FPA_OK) {
        double coef[8];
        size_t n = 0;
        if (fpa_forecast_model_coef(coef, NULL, 8, &n, m) == FPA_OK)
            for (size_t i = 0; i < n; i++) assert_true(isfinite(coef[i]));
    } else {
        assert_status(st, FPA_EDATA);
    }
    fpa_forecast_model_free(m);
    fpa_forecast_arima_spec_free(spec);
    fpa_forecast_drivers_free(d);
}

/* fuzz_forecast: the ETS combination's bounds are quantiles of a mixture,
 * each a root to 1e-12 relative; where an interval is narrower than that
 * (here near -1.3e163 after an update with a huge value) the lower bound
 * came out above the upper one. forecast.h: bounds ordered, the 95 %
 * interval containing the 80 % one. */
static void combo_interval_never_crossed(void **state)
{
    (void)state;
    const double y[2] = {1e14, 1.04e14},
                 more[7] = {1.04e14, 104000000000001, -1.1517219314030583e+164, 104000000000003,
                            104000000000004, 104000000000005, 104000000000006},
                 levels[2] = {80, 95};
    double mean[24], lo[48], hi[48];
    fpa_forecast_model *m = NULL;
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_COMBO, y, 2, 2, NULL));
    assert_ok(fpa_forecast_model_update(m, more, 7));
    assert_ok(fpa_forecast_predict(mean, lo, hi, m, 24, levels, 2, NULL));
    for (size_t j = 0; j < 24; j++) {
        assert_true(lo[j] <= hi[j] && lo[24 + j] <= hi[24 + j]);
        assert_true(lo[24 + j] <= lo[j] && hi[j] <= hi[24 + j]);
    }
    fpa_forecast_model_free(m);
}

/* fuzz_wc_scenario: Monte Carlo quantiles interpolated as GSL's
 * (1 - d) a + d b, which can round above b, the value at the start of the
 * next interval: the fan at a lower probability came out an ulp above the
 * one at a higher probability. scenario.h/model.h: quantiles of the paths
 * (R's type 7), which never decrease with p. Paths a few ulps apart (an sd
 * of 3e-13 at 876.77) show it. */
static void mc_quantile_never_decreases(void **state)
{
    (void)state;
    const double base[1] = {876.76666666666654}, sd[2] = {876.76666666666654, 3e-13};
    fpa_model *m = NULL;
    fpa_model_mc *mc = NULL;
    fpa_model_mc_result *res = NULL;
    assert_ok(fpa_model_new(&m, FPA_CAL_MONTH, 0, 1, NULL));
    assert_ok(fpa_model_input(m, "cash", base, 1));
    assert_ok(fpa_model_build(m));
    assert_ok(fpa_model_mc_new(&mc, m, NULL));
    assert_ok(fpa_model_mc_add(mc, "cash", FPA_SCENARIO_SET, FPA_DIST_NORMAL, sd, 2, 0,
                               FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_model_mc_output(mc, 0, 0, NAN));
    assert_ok(fpa_model_mc_run(&res, mc, NULL, 997, NULL));
    double prev = -INFINITY;
    for (int k = 0; k <= 99600; k++) {
        double q;
        assert_ok(fpa_model_mc_quantile(&q, res, 0, 0, k / 99600.0));
        assert_true(q >= prev);
        prev = q;
    }
    fpa_model_mc_result_free(res);
    fpa_model_mc_free(mc);
    fpa_model_free(m);
}

/* fuzz_unit_kpi: a trailing standard deviation of one value returned
 * FPA_PARTIAL with no detail (core.h: every status but FPA_OK records
 * one). fuzz_forecast: the residual correlation of a model with itself
 * (1 by definition) came back 0 when the product of the residuals' sums
 * of squares overflowed (residuals near 1e141). */
static void kpi_partial_detail_and_residual_overflow(void **state)
{
    (void)state;
    const double x[3] = {NAN, 5, NAN};
    double mean = 0, sd = 0;
    size_t k = 0;
    fpa_error_clear();
    assert_status(fpa_kpi_trailing_stats(&mean, &sd, &k, x, 3, 4), FPA_PARTIAL);
    assert_true(fpa_error_last()[0] != '\0' && fpa_error_last_status() == FPA_PARTIAL);
    assert_true(mean == 5 && k == 1 && isnan(sd));
    const double y[12] = {100, 103, 102, 103, 104, 105, 106, 5.5950446018077e+141, 108, 109,
                          110, 133};
    fpa_forecast_model *m = NULL;
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_NAIVE, y, 12, 1, NULL));
    double r = 0;
    assert_ok(fpa_forecast_residual_correlation(&r, m, y, m, y));
    assert_true(fabs(r - 1) <= 1e-12);
    fpa_forecast_model_free(m);
}

/* fuzz_wc_scenario: fpa_wc_history() returned FPA_PARTIAL with no detail
 * of its own: none when a period had no revenue, or the FPA_EOVERFLOW
 * detail of the day count it had tried (core.h: the detail recorded is
 * the status returned). Period 1 has no revenue, so its days are NaN. */
static void wc_history_partial_detail(void **state)
{
    (void)state;
    const double rev[2] = {100, 0}, cogs[2] = {60, 0}, bal[8] = {50, 50, 30, 30, 20, 20, 9, 9},
                 days[2] = {30, 30};
    double out[FPA_WC_HIST_ROWS * 2];
    fpa_error_clear();
    assert_status(fpa_wc_history(out, FPA_WC_HIST_ROWS * 2, rev, cogs, bal, days, 2),
                  FPA_PARTIAL);
    assert_true(fpa_error_last_status() == FPA_PARTIAL && fpa_error_last()[0] != '\0');
    assert_true(isnan(out[FPA_WC_HIST_DSO * 2 + 1]));
    const double huge[2] = {1e-300, 1e-300}, big[8] = {1e300, 1e300, 0, 0, 0, 0, 0, 0};
    fpa_status st = fpa_wc_history(out, FPA_WC_HIST_ROWS * 2, huge, huge, big, days, 2);
    assert_true(st == FPA_OK || fpa_error_last_status() == st);
}

/* A failure the caller has not read yet, in the thread's record. */
static void record_a_failure(void)
{
    double out;
    assert_status(fpa_tvm_npv(&out, 0.1, NULL, 0), FPA_EINVAL);
}

static void record_is_the_same(const char *before)
{
    assert_int_equal(fpa_error_last_status(), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), before);
}

/* fuzz_forecast, fuzz_hierarchy (issue 14, item 13): calls that failed
 * inside and recovered returned FPA_OK with the inner failure in the
 * thread's record ("no ETS model can be fitted to 2 values" after a fit
 * fell back to the naive forecast; a batch's failed series; an options
 * lookup past the last key), although core.h says a successful call
 * leaves the record unchanged. */
static void success_leaves_the_record(void **state)
{
    (void)state;
    record_a_failure();
    char before[512];
    snprintf(before, sizeof before, "%s", fpa_error_last());
    const double y[3] = {10, 12, 11};
    fpa_forecast_model *m = NULL;
    assert_ok(fpa_forecast_fit(&m, FPA_FORECAST_ETS, y, 2, 1, NULL));  /* falls back */
    record_is_the_same(before);
    assert_ok(fpa_forecast_model_update(m, y + 2, 1));
    record_is_the_same(before);
    fpa_forecast_model_free(m);
    fpa_rolling *r = NULL;
    assert_ok(fpa_forecast_rolling_new(&r, FPA_FORECAST_ETS, y, 2, 12, 2024, 1, 3, NULL));
    record_is_the_same(before);
    fpa_forecast_rolling_free(r);
    /* series 0 is empty and fails into out_status; series 1 is forecast */
    const size_t off[3] = {0, 0, 3};
    double mean[2], lo[2], up[2];
    fpa_status each[2];
    assert_ok(fpa_forecast_batch(mean, lo, up, NULL, each, FPA_FORECAST_NAIVE, y, off, 2, 1, 1,
                                 NULL, 0, NULL));
    assert_true(each[0] == FPA_EINVAL && each[1] == FPA_OK);
    record_is_the_same(before);
    const char *ids[2] = {"total", "a"}, *parents[2] = {NULL, "total"};
    fpa_tree *t = NULL;
    fpa_hierarchy *h = NULL;
    fpa_hierarchy_result *res = NULL;
    assert_ok(fpa_variance_tree_new(&t, ids, parents, 2, NULL));
    assert_ok(fpa_hierarchy_new(&h, t, NULL));
    const double rows[6] = {10, 12, 11, 10, 12, 11};
    assert_ok(fpa_hierarchy_set_data(h, rows, 3, 1, FPA_HIERARCHY_ALL_NODES));
    assert_ok(fpa_hierarchy_set_method(h, FPA_FORECAST_NAIVE));
    record_a_failure();
    assert_ok(fpa_hierarchy_forecast(&res, h, 1, NULL, 0, NULL));
    record_is_the_same(before);
    fpa_hierarchy_result_free(res);
    fpa_hierarchy_free(h);
    fpa_variance_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retention_curve_overflow),
        cmocka_unit_test(period_days_extreme_bounds),
        cmocka_unit_test(goal_seek_subnormal_range),
        cmocka_unit_test(tornado_detail_is_intact),
        cmocka_unit_test(money_sums_ignore_order),
        cmocka_unit_test(mase_scale_underflow),
        cmocka_unit_test(irr_roots_zero_flows),
        cmocka_unit_test(thirty_360_us_backwards),
        cmocka_unit_test(model_new_line_leaves_no_detail),
        cmocka_unit_test(arima_driver_coef_overflow),
        cmocka_unit_test(combo_interval_never_crossed),
        cmocka_unit_test(mc_quantile_never_decreases),
        cmocka_unit_test(kpi_partial_detail_and_residual_overflow),
        cmocka_unit_test(wc_history_partial_detail),
        cmocka_unit_test(success_leaves_the_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
