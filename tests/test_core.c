/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core: status text, thread-local error detail, version, options, dates and
 * allocation failure. */
#include "testutil.h"

#include <pthread.h>
#include <string.h>

static void statuses_have_names_and_text(void **state)
{
    (void)state;
    const fpa_status all[] = {FPA_OK, FPA_EINVAL, FPA_EDOM, FPA_ENOCONV,
                              FPA_ENOMEM, FPA_EOVERFLOW, FPA_ESIZE,
                              FPA_EUNBOUNDED, FPA_EDATA, FPA_ESYSTEM,
                              FPA_ECANCELED, FPA_PARTIAL};
    /* the values are ABI: they never change */
    const int values[] = {0, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, 1};
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

/* ---- progress, cancellation and failures of batch calls ---------------- */

enum { NS = 60, LEN = 30, H = 6 };

/* NS series of LEN values: a seasonal pattern with a trend, series i
 * scaled by i + 1 (the numbers only need to be forecastable). */
static void make_batch(double *values, size_t *offsets)
{
    for (size_t i = 0; i < NS; i++) {
        offsets[i] = i * LEN;
        for (size_t t = 0; t < LEN; t++)
            values[i * LEN + t] = (double)(i + 1) * (100 + (double)t + 10 * (double)(t % 4));
    }
    offsets[NS] = NS * LEN;
}

typedef struct {
    pthread_t caller;
    size_t calls, last_done, total;
    int wrong_thread, decreasing, cancel_at;  /* cancel at this call, or -1 */
} watch;

static int on_progress(void *ud, size_t done, size_t total)
{
    watch *w = ud;
    if (!pthread_equal(pthread_self(), w->caller)) w->wrong_thread++;
    if (w->calls > 0 && done < w->last_done) w->decreasing++;
    if (w->calls == 0) assert_int_equal(done, 0);
    w->last_done = done;
    w->total = total;
    size_t call = w->calls++;
    return w->cancel_at >= 0 && (size_t)w->cancel_at == call;
}

static void progress_is_reported_on_the_calling_thread(void **state)
{
    (void)state;
    static double values[NS * LEN], plain[NS * H], watched[NS * H];
    size_t offsets[NS + 1];
    make_batch(values, offsets);
    for (int threads = 1; threads <= 4; threads *= 2) {
        fpa_opts *o;
        assert_int_equal(fpa_opts_new(&o, NULL, NULL), FPA_OK);
        assert_int_equal(fpa_opts_set(o, FPA_OPT_THREADS, threads), FPA_OK);
        assert_int_equal(fpa_opts_set(o, FPA_OPT_PROGRESS_INTERVAL, 1), FPA_OK);
        assert_int_equal(fpa_forecast_batch(plain, NULL, NULL, NULL, NULL,
                                            FPA_FORECAST_ETS, values, offsets, NS, 4, H,
                                            NULL, 0, o), FPA_OK);
        watch w = {.caller = pthread_self(), .cancel_at = -1};
        assert_int_equal(fpa_opts_set_progress(o, on_progress, &w), FPA_OK);
        assert_int_equal(fpa_forecast_batch(watched, NULL, NULL, NULL, NULL,
                                            FPA_FORECAST_ETS, values, offsets, NS, 4, H,
                                            NULL, 0, o), FPA_OK);
        assert_true(w.calls >= 2);  /* the start and the end at least */
        assert_int_equal(w.wrong_thread, 0);
        assert_int_equal(w.decreasing, 0);
        assert_int_equal(w.total, NS);
        assert_int_equal(w.last_done, NS);
        /* the callback changes nothing in the results */
        assert_memory_equal(plain, watched, sizeof plain);
        fpa_opts_free(o);
    }
    assert_int_equal(fpa_opts_set_progress(NULL, on_progress, NULL), FPA_EINVAL);
}

static void progress_can_cancel(void **state)
{
    (void)state;
    static double values[NS * LEN], mean[NS * H];
    size_t offsets[NS + 1];
    make_batch(values, offsets);
    for (int threads = 1; threads <= 2; threads++)
        for (int at = 0; at <= 1; at++) {
            fpa_opts *o;
            assert_int_equal(fpa_opts_new(&o, NULL, NULL), FPA_OK);
            assert_int_equal(fpa_opts_set(o, FPA_OPT_THREADS, threads), FPA_OK);
            assert_int_equal(fpa_opts_set(o, FPA_OPT_PROGRESS_INTERVAL, 1), FPA_OK);
            watch w = {.caller = pthread_self(), .cancel_at = at};
            assert_int_equal(fpa_opts_set_progress(o, on_progress, &w), FPA_OK);
            assert_int_equal(fpa_forecast_batch(mean, NULL, NULL, NULL, NULL,
                                                FPA_FORECAST_ETS, values, offsets, NS, 4, H,
                                                NULL, 0, o), FPA_ECANCELED);
            assert_int_equal(fpa_error_last_status(), FPA_ECANCELED);
            assert_non_null(strstr(fpa_error_last(), "cancelled"));
            fpa_opts_free(o);
        }
}

static void lowest_failing_job_is_reported_for_any_thread_count(void **state)
{
    (void)state;
    static double values[NS * LEN], mean[NS * H];
    size_t offsets[NS + 1];
    make_batch(values, offsets);
    /* series 7 and 41 hold an infinity: without per-series statuses the
     * call fails, and it must name series 7 whichever thread met which
     * first */
    values[7 * LEN + 3] = INFINITY;
    values[41 * LEN + 5] = INFINITY;
    char first[512] = "";
    for (int threads = 1; threads <= 8; threads++) {
        fpa_opts *o;
        assert_int_equal(fpa_opts_new(&o, NULL, NULL), FPA_OK);
        assert_int_equal(fpa_opts_set(o, FPA_OPT_THREADS, threads), FPA_OK);
        for (int round = 0; round < 5; round++) {
            fpa_error_clear();
            fpa_status st = fpa_forecast_batch(mean, NULL, NULL, NULL, NULL,
                                               FPA_FORECAST_NAIVE, values, offsets, NS, 4,
                                               H, NULL, 0, o);
            assert_int_not_equal(st, FPA_OK);
            if (!first[0]) snprintf(first, sizeof first, "%s", fpa_error_last());
            assert_string_equal(fpa_error_last(), first);
        }
        fpa_opts_free(o);
    }
    assert_non_null(strstr(first, "series 7:"));
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
        cmocka_unit_test(progress_is_reported_on_the_calling_thread),
        cmocka_unit_test(progress_can_cancel),
        cmocka_unit_test(lowest_failing_job_is_reported_for_any_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
