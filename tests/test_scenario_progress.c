/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Progress reports and cancellation of the long what-if calls (issue 14,
 * item 12): Monte Carlo and the two-way table call the host's callback on
 * the calling thread, with `done` never decreasing and ending at `total`;
 * the numbers are bit-identical with and without a callback, on 1 and 2
 * threads; a callback that returns non-zero stops the call with
 * FPA_ECANCELED and nothing leaked. These are properties: no expected
 * value is needed beyond the run without a callback. */
#include "testutil.h"
#include "wc_plan18.h"

#include <pthread.h>

typedef struct {
    size_t calls, last_done, total, cancel_after;
    bool decreasing, total_changed;
    pthread_t thread;
    bool other_thread;
} watch;

static int on_progress(void *ud, size_t done, size_t total)
{
    watch *w = ud;
    if (w->calls == 0) w->total = total;
    if (total != w->total) w->total_changed = true;
    if (w->calls && done < w->last_done) w->decreasing = true;
    if (!pthread_equal(pthread_self(), w->thread)) w->other_thread = true;
    w->last_done = done;
    w->calls++;
    return w->cancel_after && w->calls >= w->cancel_after;
}

/* Options on `threads` threads reporting to *w every millisecond (`ta`:
 * the allocator counting blocks, or NULL); w cancels at its
 * `cancel_after`-th report (0: never). */
static fpa_opts *watched(watch *w, int threads, size_t cancel_after, test_alloc *ta)
{
    fpa_opts *o;
    *w = (watch){0};
    w->thread = pthread_self();
    w->cancel_after = cancel_after;
    assert_ok(fpa_opts_new(&o, ta ? test_alloc_fn : NULL, ta));
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
    assert_ok(fpa_opts_set(o, FPA_OPT_PROGRESS_INTERVAL, 1));
    assert_ok(fpa_opts_set_progress(o, on_progress, w));
    return o;
}

static fpa_scenario_mc *model5(void)
{
    fpa_scenario_mc *mc;
    const double rev[2] = {1, 0.05}, dso[3] = {40, 45, 60}, dpo[3] = {30, 40, 55};
    assert_ok(fpa_scenario_mc_new(&mc, NULL));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_REVENUE, FPA_SCENARIO_MUL,
                                  FPA_DIST_NORMAL, rev, 2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                                  FPA_DIST_TRIANGULAR, dso, 3, 0, FPA_DRAW_ONCE));
    assert_ok(fpa_scenario_mc_add(NULL, mc, FPA_WC_DPO, FPA_SCENARIO_SET,
                                  FPA_DIST_PERT, dpo, 3, 0, FPA_DRAW_EACH_PERIOD));
    return mc;
}

enum { NP = 20000 };  /* 20 blocks of 1024 paths, the last one partial */

static void monte_carlo_reports_and_matches(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    fpa_scenario_mc *mc = model5();
    static double ref[NP], got[NP];
    double ref_fan[18], fan[18];
    fpa_scenario_mc_result *r;
    assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, NP, 40000, NULL));
    assert_ok(fpa_scenario_mc_sorted(ref, NP, r, FPA_MC_ENDING_CASH));
    assert_ok(fpa_scenario_mc_fan(ref_fan, 18, r, 0.1));
    fpa_scenario_mc_result_free(r);
    for (int threads = 1; threads <= 2; threads++) {
        watch w;
        fpa_opts *o = watched(&w, threads, 0, NULL);
        assert_ok(fpa_scenario_mc_run(&r, mc, p, NULL, NP, 40000, o));
        assert_ok(fpa_scenario_mc_sorted(got, NP, r, FPA_MC_ENDING_CASH));
        assert_memory_equal(got, ref, sizeof got);
        assert_ok(fpa_scenario_mc_fan(fan, 18, r, 0.1));
        assert_memory_equal(fan, ref_fan, sizeof fan);
        fpa_scenario_mc_result_free(r);
        /* 20 blocks of paths, then the sorts: the minimum cash and the
         * cash of each of the 18 periods (the fan, the last the ending) */
        assert_int_equal(w.total, 20 + 1 + 18);
        assert_true(w.calls >= 2);
        assert_int_equal(w.last_done, w.total);
        assert_false(w.decreasing);
        assert_false(w.total_changed);
        assert_false(w.other_thread);
        fpa_opts_free(o);
    }
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void monte_carlo_cancels(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    fpa_scenario_mc *mc = model5();
    for (int threads = 1; threads <= 2; threads++)
        for (size_t after = 1; after <= 3; after++) {
            test_alloc ta = {-1, 0, 0, 0};
            watch w;
            fpa_opts *o = watched(&w, threads, after, &ta);
            long base = ta.live_blocks;
            fpa_scenario_mc_result *r = (fpa_scenario_mc_result *)p;
            assert_status(fpa_scenario_mc_run(&r, mc, p, NULL, 200000, 40000, o),
                          FPA_ECANCELED);
            assert_null(r);
            assert_non_null(strstr(fpa_error_last(), "cancelled"));
            assert_int_equal(ta.live_blocks, base);
            fpa_opts_free(o);
        }
    fpa_scenario_mc_free(mc);
    fpa_wc_plan_free(p);
}

static void table_reports_and_cancels(void **state)
{
    (void)state;
    fpa_wc_plan *p = plan18();
    double rows[40], cols[30], ref[1200], got[1200];
    for (int i = 0; i < 40; i++) rows[i] = 20 + i;
    for (int j = 0; j < 30; j++) cols[j] = 25 + j;
    assert_ok(fpa_scenario_table(ref, 1200, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET, rows,
                                 40, FPA_WC_DPO, FPA_SCENARIO_SET, cols, 30, 0,
                                 FPA_SCENARIO_MIN_CASH, 0, NULL));
    for (int threads = 1; threads <= 2; threads++) {
        watch w;
        fpa_opts *o = watched(&w, threads, 0, NULL);
        assert_ok(fpa_scenario_table(got, 1200, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET,
                                     rows, 40, FPA_WC_DPO, FPA_SCENARIO_SET, cols, 30, 0,
                                     FPA_SCENARIO_MIN_CASH, 0, o));
        assert_memory_equal(got, ref, sizeof got);
        assert_true(w.total >= 1);  /* one unit per block of cells */
        assert_int_equal(w.last_done, w.total);
        assert_false(w.decreasing);
        assert_false(w.other_thread);
        fpa_opts_free(o);
        o = watched(&w, threads, 1, NULL);  /* cancelled at the first report, before any row */
        assert_status(fpa_scenario_table(got, 1200, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET,
                                         rows, 40, FPA_WC_DPO, FPA_SCENARIO_SET, cols, 30,
                                         0, FPA_SCENARIO_MIN_CASH, 0, o),
                      FPA_ECANCELED);
        fpa_opts_free(o);
    }
    fpa_wc_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(monte_carlo_reports_and_matches),
        cmocka_unit_test(monte_carlo_cancels),
        cmocka_unit_test(table_reports_and_cancels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
