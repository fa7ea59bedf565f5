/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa_forecast_residual_correlation: the correlation of two models'
 * one-step residuals.
 *
 * A naive model's fitted value is the value before, so its residuals are
 * the series' first differences, and the expected correlation is R's
 * cor(diff(a), diff(b)) = 0.94499274702089975, printed by
 *     Rscript tests/ref/make_review_figures_ref.R */
#include "testutil.h"

#include <math.h>

static const double a[8] = {100, 104, 103, 110, 108, 115, 121, 119};
static const double b[8] = {60, 63, 61, 67, 66, 69, 74, 72};

static void naive_residuals_against_r(void **state)
{
    (void)state;
    fpa_forecast_model *ma, *mb;
    assert_ok(fpa_forecast_fit(&ma, FPA_FORECAST_NAIVE, a, 8, 1, NULL));
    assert_ok(fpa_forecast_fit(&mb, FPA_FORECAST_NAIVE, b, 8, 1, NULL));
    double r, back;
    assert_ok(fpa_forecast_residual_correlation(&r, ma, a, mb, b));
    assert_close(r, 0.94499274702089975, 1e-14, 0);
    assert_ok(fpa_forecast_residual_correlation(&back, mb, b, ma, a)); /* symmetric */
    assert_true(back == r);
    assert_ok(fpa_forecast_residual_correlation(&r, ma, a, ma, a)); /* itself: 1 */
    assert_close(r, 1, 0, 1e-15);
    fpa_forecast_model_free(ma);
    fpa_forecast_model_free(mb);
}

/* Property: whatever the models, r is that of y - fitted computed from
 * fpa_forecast_model_fitted(), and lies in [-1, 1]. */
static void matches_the_fitted_values(void **state)
{
    (void)state;
    double y1[36], y2[36];
    for (size_t t = 0; t < 36; t++) {
        y1[t] = 100 + 2 * (double)t + 10 * sin((double)t / 1.7) + (double)(t * 7 % 5);
        y2[t] = 50 + (double)t + 6 * sin((double)t / 1.7 + 0.3) + (double)(t * 3 % 4);
    }
    fpa_forecast_model *m1, *m2;
    assert_ok(fpa_forecast_fit(&m1, FPA_FORECAST_SES, y1, 36, 12, NULL));
    assert_ok(fpa_forecast_fit(&m2, FPA_FORECAST_HOLT, y2, 36, 12, NULL));
    double f1[36], f2[36], x[36], z[36], r;
    assert_ok(fpa_forecast_model_fitted(f1, 36, m1));
    assert_ok(fpa_forecast_model_fitted(f2, 36, m2));
    size_t k = 0;
    for (size_t t = 0; t < 36; t++)
        if (isfinite(f1[t]) && isfinite(f2[t])) x[k] = y1[t] - f1[t], z[k++] = y2[t] - f2[t];
    double mx = 0, mz = 0, sxz = 0, sxx = 0, szz = 0;
    for (size_t t = 0; t < k; t++) mx += x[t] / (double)k, mz += z[t] / (double)k;
    for (size_t t = 0; t < k; t++)
        sxz += (x[t] - mx) * (z[t] - mz), sxx += (x[t] - mx) * (x[t] - mx),
        szz += (z[t] - mz) * (z[t] - mz);
    assert_ok(fpa_forecast_residual_correlation(&r, m1, y1, m2, y2));
    assert_close(r, sxz / sqrt(sxx * szz), 1e-12, 1e-14);
    assert_true(r >= -1 && r <= 1);
    fpa_forecast_model_free(m1);
    fpa_forecast_model_free(m2);
}

static void undefined_or_bad(void **state)
{
    (void)state;
    const double flat[6] = {5, 6, 7, 8, 9, 10}, shortv[3] = {1, 2, 4};
    fpa_forecast_model *ma, *mflat, *mshort, *m6;
    assert_ok(fpa_forecast_fit(&ma, FPA_FORECAST_NAIVE, a, 8, 1, NULL));
    assert_ok(fpa_forecast_fit(&m6, FPA_FORECAST_NAIVE, a, 6, 1, NULL));
    assert_ok(fpa_forecast_fit(&mflat, FPA_FORECAST_NAIVE, flat, 6, 1, NULL));
    assert_ok(fpa_forecast_fit(&mshort, FPA_FORECAST_NAIVE, shortv, 3, 1, NULL));
    double r;
    /* residuals of a straight line under a naive model are constant */
    assert_status(fpa_forecast_residual_correlation(&r, m6, a, mflat, flat), FPA_EDOM);
    /* two residuals only */
    assert_status(fpa_forecast_residual_correlation(&r, mshort, shortv, mshort, shortv),
                  FPA_EDOM);
    assert_status(fpa_forecast_residual_correlation(&r, ma, a, mflat, flat), FPA_EINVAL);
    assert_status(fpa_forecast_residual_correlation(NULL, ma, a, ma, a), FPA_EINVAL);
    assert_status(fpa_forecast_residual_correlation(&r, ma, NULL, ma, a), FPA_EINVAL);
    const double bad[8] = {100, 104, NAN, 110, 108, 115, 121, 119};
    assert_status(fpa_forecast_residual_correlation(&r, ma, bad, ma, a), FPA_EDOM);
    fpa_forecast_model_free(ma);
    fpa_forecast_model_free(m6);
    fpa_forecast_model_free(mflat);
    fpa_forecast_model_free(mshort);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(naive_residuals_against_r),
        cmocka_unit_test(matches_the_fitted_values),
        cmocka_unit_test(undefined_or_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
