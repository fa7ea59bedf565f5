/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customer movements (fpa_unit_customer_counts, fpa_unit_revenue_movements,
 * fpa_unit_logo_churn_mean) against pandas.
 *
 * Expected values: tests/ref/movements_expected.csv, written by
 *     /usr/bin/python3 tests/ref/make_movements_ref.py
 * from the activity rows of tests/ref/cohort_rows.csv with pandas groupby,
 * nunique and set arithmetic (see the script's docstring), plus a
 * four-customer example worked by hand in the comments below. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "cohort_rows.h"

/* Periods -1 .. 10 of the rows (they span 0 .. 8). */
static void counts_match_pandas(void **state)
{
    (void)state;
    static rows_t r;
    read_rows(&r);
    enum { P = 12 };
    double out[3 * P];
    assert_ok(fpa_unit_customer_counts(out, P, -1, r.cust, r.coh, r.per, r.n, NULL));
    FILE *f = fopen(FPA_REF_DIR "/movements_expected.csv", "r");
    assert_non_null(f);
    char line[512];
    size_t seen = 0;
    while (fgets(line, sizeof line, f)) {
        long long p;
        double a, acq, lost, m[4];
        long long s, e;
        if (sscanf(line, "counts,%lld,%lf,%lf,%lf", &p, &a, &acq, &lost) == 4) {
            size_t k = (size_t)(p + 1);
            assert_true(out[k] == a && out[P + k] == acq && out[2 * P + k] == lost);
            seen++;
        } else if (sscanf(line, "movements,%lld,%lld,%lf,%lf,%lf,%lf", &s, &e, &m[0], &m[1],
                          &m[2], &m[3]) == 6) {
            double got[4];
            assert_ok(fpa_unit_revenue_movements(got, r.cust, r.per, r.rev, r.n, s, e, NULL));
            for (int k = 0; k < 4; k++) assert_close(got[k], m[k], 1e-13, 1e-12);
            seen++;
        } else if (sscanf(line, "churn_mean,%lld,%lld,%lf", &s, &e, &m[0]) == 3) {
            double got;
            size_t k0 = (size_t)(s + 1), len = (size_t)(e - s + 1);
            assert_ok(fpa_unit_logo_churn_mean(&got, out + k0, out + 2 * P + k0, len));
            assert_close(got, m[0], 1e-15, 0);
            seen++;
        }
    }
    fclose(f);
    assert_int_equal(seen, P + 4 + 4);
}

/* By hand: customers 7 (cohort 0: active 0, 1, 3), 9 (cohort 0: active 0),
 * 4 (cohort 1: active 1, 2, two rows in 2) and 5 (cohort 2: active 2).
 * active = 2, 2, 2, 1; acquired = 2, 1, 1, 0; lost: 9 after 0 (period 1),
 * 7 after 1 (period 2), 4 and 5 after 2 (period 3) = 0, 1, 1, 2.
 * Revenue 0 -> 2: 7 pays 10 then nothing (churned 10), 9 pays 20 then
 * nothing (churned 20); start 1 -> 2: 7 paid 10, 0 in 2 (churned 10); 4
 * paid 30, then 25 + 15 = 40 (expansion 10). Mean churn over 0..3:
 * (1/2 + 1/2 + 2/2) / 3 = 2/3. */
static void worked_example(void **state)
{
    (void)state;
    const int64_t cust[] = {7, 9, 7, 4, 4, 4, 5, 7};
    const int64_t coh[] = {0, 0, 0, 1, 1, 1, 2, 0};
    const int64_t per[] = {0, 0, 1, 1, 2, 2, 2, 3};
    const double rev[] = {10, 20, 10, 30, 25, 15, 8, 10};
    double out[12];
    assert_ok(fpa_unit_customer_counts(out, 4, 0, cust, coh, per, 8, NULL));
    const double want[12] = {2, 2, 2, 1, 2, 1, 1, 0, 0, 1, 1, 2};
    for (int k = 0; k < 12; k++) assert_true(out[k] == want[k]);
    double m[4];
    assert_ok(fpa_unit_revenue_movements(m, cust, per, rev, 8, 0, 2, NULL));
    assert_true(m[0] == 30 && m[1] == 30 && m[2] == 0 && m[3] == 0);
    assert_ok(fpa_unit_revenue_movements(m, cust, per, rev, 8, 1, 2, NULL));
    assert_true(m[0] == 40 && m[1] == 10 && m[2] == 0 && m[3] == 10);
    double c;
    assert_ok(fpa_unit_logo_churn_mean(&c, out, out + 8, 4));
    assert_close(c, 2.0 / 3, 1e-15, 0);
    /* row order does not matter */
    const int64_t cust2[] = {7, 5, 4, 4, 4, 7, 9, 7};
    const int64_t coh2[] = {0, 2, 1, 1, 1, 0, 0, 0};
    const int64_t per2[] = {3, 2, 2, 2, 1, 1, 0, 0};
    double out2[12];
    assert_ok(fpa_unit_customer_counts(out2, 4, 0, cust2, coh2, per2, 8, NULL));
    assert_memory_equal(out, out2, sizeof out);
}

static void bad_input(void **state)
{
    (void)state;
    const int64_t cust[] = {1, 1}, coh[] = {0, 1}, per[] = {0, 1};
    double out[6], m[4], c;
    const double rev[] = {1, NAN};
    assert_status(fpa_unit_customer_counts(NULL, 2, 0, cust, coh, per, 2, NULL), FPA_EINVAL);
    assert_status(fpa_unit_customer_counts(out, 0, 0, cust, coh, per, 2, NULL), FPA_EINVAL);
    assert_status(fpa_unit_customer_counts(out, 2, 0, NULL, coh, per, 2, NULL), FPA_EINVAL);
    assert_status(fpa_unit_customer_counts(out, 2, 0, cust, coh, per, 2, NULL), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "has cohort 0 on row 0"));
    const int64_t early[] = {1, -1};
    assert_status(fpa_unit_customer_counts(out, 2, 0, cust, coh, early, 2, NULL), FPA_EDATA);
    assert_ok(fpa_unit_customer_counts(out, 2, 0, NULL, NULL, NULL, 0, NULL));
    assert_true(out[0] == 0 && out[5] == 0);
    assert_status(fpa_unit_revenue_movements(m, cust, per, rev, 2, 0, 1, NULL), FPA_EDOM);
    assert_status(fpa_unit_revenue_movements(m, cust, per, rev, 1, 1, 1, NULL), FPA_EDOM);
    assert_status(fpa_unit_revenue_movements(m, cust, NULL, rev, 1, 0, 1, NULL), FPA_EINVAL);
    const double huge[] = {1e308, 1e308};
    const int64_t c2[] = {1, 2}, p2[] = {0, 0};
    assert_status(fpa_unit_revenue_movements(m, c2, p2, huge, 2, 0, 1, NULL), FPA_EOVERFLOW);
    const double act[] = {0, 0, 3}, lost[] = {0, 0, 1}, over[] = {2, 3};
    assert_status(fpa_unit_logo_churn_mean(&c, act, lost, 2), FPA_EDOM);
    assert_status(fpa_unit_logo_churn_mean(&c, act, lost, 0), FPA_EDOM);
    assert_status(fpa_unit_logo_churn_mean(&c, over, over, 2), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "period 1"));
    assert_status(fpa_unit_logo_churn_mean(NULL, act, lost, 2), FPA_EINVAL);
}

static void allocation_failure(void **state)
{
    (void)state;
    static rows_t r;
    read_rows(&r);
    double out[30], m[4];
    FPA_ALLOC_SWEEP((void)0, fpa_unit_customer_counts(out, 10, 0, r.cust, r.coh, r.per, r.n,
                                                      opts), (void)0);
    FPA_ALLOC_SWEEP((void)0, fpa_unit_revenue_movements(m, r.cust, r.per, r.rev, r.n, 0, 8,
                                                        opts), (void)0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_match_pandas),
        cmocka_unit_test(worked_example),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
