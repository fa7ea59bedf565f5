/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accuracy measures against R.
 *
 * Expected values: the "accuracy USAccDeaths" case of
 * tests/ref/forecast_ref.txt (tests/ref/make_forecast_ref.R): R's
 * accuracy() for ME, RMSE, MAE, MAPE and MASE of a seasonal naive forecast
 * of 1978 from 1973-77, and the M4 competition's formulas evaluated in R
 * for sMAPE, WAPE, coverage and MSIS of its 95 % interval. Same arithmetic,
 * so 1e-12 relative. */
#include "refcases.h"

static void metrics_match_r(void **state)
{
    (void)state;
    ref_file ref;
    ref_load(&ref, FPA_REF_DIR "/forecast_ref.txt");
    const ref_case *c = NULL;
    for (size_t k = 0; k < ref.n; k++)
        if (!strcmp(ref.c[k].kind, "accuracy")) c = &ref.c[k];
    assert_non_null(c);
    const ref_item *y = ref_get(c, "actual"), *f = ref_get(c, "forecast"),
                   *in = ref_get(c, "insample"), *lo = ref_get(c, "lower95"),
                   *hi = ref_get(c, "upper95");
    size_t n = y->n, per = (size_t)ref_num(c, "period");
    static const struct { fpa_metric m; const char *key; } q[] = {
        {FPA_METRIC_BIAS, "me"},   {FPA_METRIC_RMSE, "rmse"},
        {FPA_METRIC_MAE, "mae"},   {FPA_METRIC_MAPE, "mape"},
        {FPA_METRIC_MASE, "mase"}, {FPA_METRIC_SMAPE, "smape"},
        {FPA_METRIC_WAPE, "wape"}};
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        double v;
        assert_ok(fpa_accuracy_metric(&v, q[i].m, y->v, f->v, n, in->v, in->n, per));
        assert_close(v, ref_num(c, q[i].key), 1e-12, 1e-12);
        fpa_metric back;
        assert_ok(fpa_metric_find(&back, fpa_metric_name(q[i].m)));
        assert_int_equal(back, q[i].m);
    }
    double v;
    assert_ok(fpa_accuracy_coverage(&v, y->v, lo->v, hi->v, n));
    assert_close(v, ref_num(c, "coverage"), 1e-12, 0);
    assert_ok(fpa_accuracy_msis(&v, y->v, lo->v, hi->v, n, 95, in->v, in->n, per));
    assert_close(v, ref_num(c, "msis"), 1e-12, 0);
    ref_free(&ref);
}

static void owa_and_special_cases(void **state)
{
    (void)state;
    double v;
    /* M4 paper, Table 4 style: a method as good as Naive2 has OWA 1 */
    assert_ok(fpa_accuracy_owa(&v, 16.517, 1.1883, 16.517, 1.1883));
    assert_true(v == 1);
    assert_ok(fpa_accuracy_owa(&v, 8, 0.5, 16, 1));
    assert_close(v, 0.5, 1e-15, 0);
    /* relative bias, by hand: actuals 100 and 50, forecasts 90 and 40:
     * 100 (10 + 10) / 150 = 40 / 3, the sign of ME (forecasts too low) */
    assert_ok(fpa_accuracy_metric(&v, FPA_METRIC_RELBIAS, (double[]){100, 50},
                                  (double[]){90, 40}, 2, NULL, 0, 1));
    assert_close(v, 40.0 / 3, 1e-15, 0);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_RELBIAS, (double[]){0, 0},
                                      (double[]){1, 2}, 2, NULL, 0, 1), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "relative bias is undefined: every actual is 0");
    assert_string_equal(fpa_metric_name(FPA_METRIC_RELBIAS), "relbias");
    /* sMAPE: a zero forecast of a zero actual is no error */
    double y[] = {0, 1}, f[] = {0, 1};
    assert_ok(fpa_accuracy_metric(&v, FPA_METRIC_SMAPE, y, f, 2, NULL, 0, 1));
    assert_true(v == 0);
    /* scale of a naive forecast of 1, 3, 6: mean(|2|, |3|) */
    double in[] = {1, 3, 6};
    assert_ok(fpa_accuracy_scale(&v, in, 3, 1));
    assert_close(v, 2.5, 1e-15, 0);
    /* huge values do not overflow the scale */
    double big[] = {1e300, -1e300, 1e300}, huge[] = {1e308, -1e308, 1e308};
    assert_ok(fpa_accuracy_scale(&v, big, 3, 1));
    assert_close(v, 2e300, 1e-15, 0);
    assert_status(fpa_accuracy_scale(&v, huge, 3, 1), FPA_EOVERFLOW);
}

static void bad_input(void **state)
{
    (void)state;
    double v, y[] = {1, 2, 3}, f[] = {1, 2, 4}, z[] = {0, 2, 3}, nan3[] = {1, NAN, 3};
    assert_status(fpa_accuracy_metric(NULL, FPA_METRIC_MAE, y, f, 3, NULL, 0, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_metric(&v, (fpa_metric)99, y, f, 3, NULL, 0, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MAE, NULL, f, 3, NULL, 0, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MAE, y, f, 0, NULL, 0, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MAE, y, nan3, 3, NULL, 0, 1), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "forecast[1] is NaN");
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MAPE, z, f, 3, NULL, 0, 1), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "MAPE is undefined: actual[0] is 0");
    double zeros[] = {0, 0, 0};
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_WAPE, zeros, f, 3, NULL, 0, 1), FPA_EDOM);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MASE, y, f, 3, NULL, 0, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MASE, y, f, 3, y, 3, 3), FPA_EDOM);
    assert_status(fpa_accuracy_metric(&v, FPA_METRIC_MASE, y, f, 3, y, 3, 0), FPA_EINVAL);
    double flat[] = {5, 5, 5};
    assert_status(fpa_accuracy_scale(&v, flat, 3, 1), FPA_EDOM);
    double lo[] = {0, 0, 5}, hi[] = {2, 3, 4};
    assert_status(fpa_accuracy_coverage(&v, y, lo, hi, 3), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "lower[2] = 5 exceeds upper[2] = 4");
    assert_status(fpa_accuracy_msis(&v, y, lo, lo, 3, 100, y, 3, 1), FPA_EINVAL);
    assert_status(fpa_accuracy_owa(&v, 1, 1, 0, 1), FPA_EDOM);
    assert_status(fpa_accuracy_owa(&v, NAN, 1, 1, 1), FPA_EDOM);
    fpa_metric m;
    assert_status(fpa_metric_find(&m, "nope"), FPA_EINVAL);
    assert_null(fpa_metric_name((fpa_metric)42));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metrics_match_r),
        cmocka_unit_test(owa_and_special_cases),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
