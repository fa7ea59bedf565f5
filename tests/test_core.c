/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core: status text, thread-local error detail, version, options, dates and
 * allocation failure. */
#include "testutil.h"

#include <pthread.h>

static void statuses_have_names_and_text(void **state)
{
    (void)state;
    const fpa_status all[] = {FPA_OK, FPA_EINVAL, FPA_EDOM, FPA_ENOCONV,
                              FPA_ENOMEM, FPA_EOVERFLOW, FPA_ESIZE,
                              FPA_EUNBOUNDED, FPA_EDATA, FPA_ESYSTEM};
    /* the values are ABI: they never change */
    const int values[] = {0, -1, -2, -3, -4, -5, -6, -7, -8, -9};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        assert_int_equal((int)all[i], values[i]);
        assert_string_not_equal(fpa_status_str(all[i]), "unknown status");
        assert_memory_equal(fpa_status_name(all[i]), "FPA_", 4);
    }
    assert_string_equal(fpa_status_name(FPA_EDOM), "FPA_EDOM");
    assert_string_equal(fpa_status_str((fpa_status)-999), "unknown status");
    assert_string_equal(fpa_status_name((fpa_status)12345), "FPA_UNKNOWN");
}

static void version_matches_headers(void **state)
{
    (void)state;
    assert_int_equal(fpa_version(), FPA_VERSION_NUMBER);
    assert_string_equal(fpa_version_string(), FPA_VERSION_STRING);
    char buf[32];
    snprintf(buf, sizeof buf, "%d.%d.%d", FPA_VERSION_MAJOR, FPA_VERSION_MINOR,
             FPA_VERSION_PATCH);
    assert_string_equal(buf, FPA_VERSION_STRING);
}

static void *fail_on_thread(void *arg)
{
    (void)arg;
    double out;
    fpa_tvm_npv(&out, 0.1, NULL, 3);  /* records "values is NULL" here only */
    return (void *)(intptr_t)(fpa_error_last_status() == FPA_EINVAL &&
                    strcmp(fpa_error_last(), "values is NULL") == 0);
}

static void error_detail_is_thread_local(void **state)
{
    (void)state;
    fpa_error_clear();
    assert_string_equal(fpa_error_last(), "");
    assert_int_equal(fpa_error_last_status(), FPA_OK);
    pthread_t t;
    void *ok;
    assert_int_equal(pthread_create(&t, NULL, fail_on_thread, NULL), 0);
    pthread_join(t, &ok);
    assert_non_null(ok);
    assert_string_equal(fpa_error_last(), "");  /* not this thread's failure */
    double out;
    assert_status(fpa_tvm_sln(&out, 1, 0, 0), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "life is 0");
    assert_ok(fpa_tvm_sln(&out, 1, 0, 1));  /* success keeps the record */
    assert_string_equal(fpa_error_last(), "life is 0");
    fpa_error_clear();
    assert_string_equal(fpa_error_last(), "");
}

static void options_validate_and_enumerate(void **state)
{
    (void)state;
    fpa_opts *o;
    double v, lo, hi, def;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_get(&v, o, FPA_OPT_THREADS));
    assert_true(v == 1);
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, 4));
    assert_ok(fpa_opts_get(&v, o, FPA_OPT_THREADS));
    assert_true(v == 4);
    assert_status(fpa_opts_set(o, FPA_OPT_THREADS, 2.5), FPA_EINVAL);
    assert_status(fpa_opts_set(o, FPA_OPT_THREADS, -1), FPA_EINVAL);
    assert_status(fpa_opts_set(o, FPA_OPT_THREADS, NAN), FPA_EINVAL);
    assert_status(fpa_opts_set(o, 987654, 1), FPA_EINVAL);
    assert_status(fpa_opts_set(NULL, FPA_OPT_THREADS, 1), FPA_EINVAL);
    assert_ok(fpa_opts_get(&v, o, FPA_OPT_THREADS));
    assert_true(v == 4);  /* a rejected value leaves the option alone */
    assert_ok(fpa_opts_get(&v, NULL, FPA_OPT_SEED));
    assert_true(v == 42);
    fpa_opts_reset(o);
    assert_ok(fpa_opts_get(&v, o, FPA_OPT_THREADS));
    assert_true(v == 1);

    /* every key enumerates, names round-trip, keys increase, defaults lie
     * within their bounds */
    int key, prev = 0, found;
    size_t count = 0;
    while (fpa_opt_key(&key, count) == FPA_OK) {
        assert_true(key > prev);
        prev = key;
        const char *name = fpa_opt_name(key);
        assert_non_null(name);
        assert_ok(fpa_opt_find(&found, name));
        assert_int_equal(found, key);
        assert_ok(fpa_opt_bounds(&lo, &hi, &def, key));
        assert_true(lo <= def && def <= hi);
        assert_ok(fpa_opts_set(o, key, def));
        count++;
    }
    assert_true(count >= 2);
    assert_status(fpa_opt_find(&found, "no.such.option"), FPA_EINVAL);
    assert_null(fpa_opt_name(-5));
    fpa_opts_free(o);
    fpa_opts_free(NULL);
}

/* Day numbers from Python's datetime module (proleptic Gregorian):
 *   python3 -c "import datetime as d; print((d.date(Y,M,D) - d.date(1970,1,1)).days)"
 * and spreadsheet serial numbers (1900 system) from LibreOffice Calc:
 *   =DATE(2008;1;1) is 39448, and 39448 - 25569 = 13879. */
static void dates_match_python_and_the_spreadsheet(void **state)
{
    (void)state;
    static const struct { int y, m, d; int64_t days; } known[] = {
        {1970, 1, 1, 0},         {2000, 1, 1, 10957},   {2000, 2, 29, 11016},
        {1900, 3, 1, -25508},    {1, 1, 1, -719162},    {9999, 12, 31, 2932896},
        {2008, 1, 1, 13879},     {2024, 2, 29, 19782},  {1969, 12, 31, -1},
        {2100, 3, 1, 47541},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        int64_t d;
        int y, m, dd;
        assert_ok(fpa_date_from_ymd(&d, known[i].y, known[i].m, known[i].d));
        assert_int_equal(d, known[i].days);
        assert_ok(fpa_date_to_ymd(&y, &m, &dd, d));
        assert_int_equal(y, known[i].y);
        assert_int_equal(m, known[i].m);
        assert_int_equal(dd, known[i].d);
    }
    /* every day of 0001 .. 9999 round-trips and follows its predecessor */
    int64_t prev;
    assert_ok(fpa_date_from_ymd(&prev, 1, 1, 1));
    for (int64_t d = prev + 1; d <= 2932896; d++) {
        int y, m, dd;
        int64_t back;
        assert_ok(fpa_date_to_ymd(&y, &m, &dd, d));
        assert_ok(fpa_date_from_ymd(&back, y, m, dd));
        if (back != d) fail_msg("day %lld -> %d-%d-%d -> %lld", (long long)d, y, m, dd,
                                (long long)back);
    }
    int64_t d;
    assert_status(fpa_date_from_ymd(&d, 2023, 2, 29), FPA_EDOM);
    assert_status(fpa_date_from_ymd(&d, 1900, 2, 29), FPA_EDOM);
    assert_ok(fpa_date_from_ymd(&d, 2000, 2, 29));
    assert_status(fpa_date_from_ymd(&d, 2023, 13, 1), FPA_EDOM);
    assert_status(fpa_date_from_ymd(&d, 2023, 4, 31), FPA_EDOM);
    assert_status(fpa_date_from_ymd(&d, 2000000, 1, 1), FPA_EDOM);
    assert_status(fpa_date_from_ymd(NULL, 2000, 1, 1), FPA_EINVAL);
    int y, m, dd;
    assert_status(fpa_date_to_ymd(&y, &m, &dd, INT64_MAX), FPA_EDOM);
    assert_status(fpa_date_to_ymd(NULL, &m, &dd, 0), FPA_EINVAL);
    assert_ok(fpa_date_from_ymd(&d, 1000000, 12, 31));
    assert_ok(fpa_date_to_ymd(&y, &m, &dd, d));
    assert_int_equal(y, 1000000);
    assert_status(fpa_date_to_ymd(&y, &m, &dd, d + 1), FPA_EDOM);
}

/* Every allocating function of the core and tvm modules, with each of its
 * allocations failing in turn. */
static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    /* fpa_opts_new itself */
    for (long k = 0;; k++) {
        test_alloc ta = {k, 0, 0, 0};
        fpa_opts *o = (fpa_opts *)1;
        fpa_status st = fpa_opts_new(&o, test_alloc_fn, &ta);
        if (st == FPA_OK) {
            fpa_opts_free(o);
            assert_int_equal(ta.live_blocks, 0);
            break;
        }
        assert_int_equal(st, FPA_ENOMEM);
        assert_null(o);
        assert_int_equal(ta.live_blocks, 0);
    }
    /* the threaded XIRR batch allocates its worker table */
    double values[] = {-100, 60, 60, -100, 110};
    int64_t days[] = {0, 365, 730, 0, 365};
    size_t offsets[] = {0, 3, 5};
    double rates[2] = {0, 0};
    fpa_status st[2];
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_tvm_xirr_batch(rates, st, values, days, offsets, 2, 0.1, opts),
                    (void)0);
    assert_close(rates[1], 0.1, 1e-12, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses_have_names_and_text),
        cmocka_unit_test(version_matches_headers),
        cmocka_unit_test(error_detail_is_thread_local),
        cmocka_unit_test(options_validate_and_enumerate),
        cmocka_unit_test(dates_match_python_and_the_spreadsheet),
        cmocka_unit_test(allocation_failures_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
