/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa_kpi_trailing_stats: the mean and sample standard deviation of the
 * latest finite values of a series with gaps.
 *
 * Expected values: R's mean() and sd() on the same values, printed by
 *     Rscript tests/ref/make_review_figures_ref.R
 * ("last 3: mean 9.75 sd 2.6339134382131846", "all: mean 7.35 sd
 * 3.8144462245521304"). */
#include "testutil.h"

#include <math.h>

static const double x[7] = {3, NAN, 4.5, 7, NAN, 10, 12.25};

static void the_last_values_against_r(void **state)
{
    (void)state;
    double mean, sd;
    size_t k;
    assert_ok(fpa_kpi_trailing_stats(&mean, &sd, &k, x, 7, 3));
    assert_int_equal(k, 3);
    assert_close(mean, 9.75, 1e-15, 0);
    assert_close(sd, 2.6339134382131846, 1e-15, 0);
    /* every finite value: the spreadsheet's AVERAGE and STDEV.S */
    assert_ok(fpa_kpi_trailing_stats(&mean, &sd, &k, x, 7, 7));
    assert_int_equal(k, 5);
    assert_close(mean, 7.35, 1e-15, 0);
    assert_close(sd, 3.8144462245521304, 1e-15, 0);
    /* more asked than there are: all of them */
    assert_ok(fpa_kpi_trailing_stats(&mean, NULL, &k, x, 7, 100));
    assert_int_equal(k, 5);
}

static void one_value_has_no_deviation(void **state)
{
    (void)state;
    double mean = 0, sd = 0;
    size_t k = 0;
    assert_status(fpa_kpi_trailing_stats(&mean, &sd, &k, x, 7, 1), FPA_PARTIAL);
    assert_true(mean == 12.25 && k == 1 && isnan(sd));
    assert_ok(fpa_kpi_trailing_stats(&mean, NULL, NULL, x, 7, 1)); /* no sd asked */
    const double one[3] = {NAN, 5, NAN};
    assert_status(fpa_kpi_trailing_stats(NULL, &sd, NULL, one, 3, 2), FPA_PARTIAL);
}

static void bad_input(void **state)
{
    (void)state;
    double m;
    const double none[2] = {NAN, NAN}, inf[3] = {1, INFINITY, 2};
    assert_status(fpa_kpi_trailing_stats(NULL, NULL, NULL, x, 7, 3), FPA_EINVAL);
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, NULL, 7, 3), FPA_EINVAL);
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, x, 0, 3), FPA_EINVAL);
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, x, 7, 0), FPA_EINVAL);
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, none, 2, 2), FPA_EDOM);
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, inf, 3, 3), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "x[1] is +Inf");
    /* an infinity older than the values counted is not read */
    assert_ok(fpa_kpi_trailing_stats(&m, NULL, NULL, inf, 3, 1));
    const double huge[2] = {1.7e308, 1.7e308};
    assert_status(fpa_kpi_trailing_stats(&m, NULL, NULL, huge, 2, 2), FPA_EOVERFLOW);
}

/* Property: the stats of the last k values are those of the last k
 * finite values taken out by hand, in any series. */
static void matches_a_copy_of_the_values(void **state)
{
    (void)state;
    double y[50], v[50];
    unsigned s = 7;
    for (size_t t = 0; t < 50; t++) {
        s = s * 1103515245u + 12345u;
        y[t] = (s >> 16) % 5 == 0 ? NAN : (double)((s >> 8) % 1000) / 7;
    }
    for (size_t last = 2; last <= 50; last += 6) {
        size_t k = 0;
        for (size_t t = 50; t-- > 0 && k < last;)
            if (!isnan(y[t])) k++;
        for (size_t t = 50, j = k; t-- > 0 && j > 0;) /* in time order, as y */
            if (!isnan(y[t])) v[--j] = y[t];
        double m1, s1, m2, s2;
        size_t k1;
        assert_ok(fpa_kpi_trailing_stats(&m1, &s1, &k1, y, 50, last));
        assert_ok(fpa_kpi_trailing_stats(&m2, &s2, NULL, v, k, k));
        assert_int_equal(k1, k);
        assert_true(m1 == m2 && s1 == s2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_last_values_against_r),
        cmocka_unit_test(one_value_has_no_deviation),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(matches_a_copy_of_the_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
