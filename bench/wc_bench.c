/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working-capital hot paths: Monte Carlo of 1,000,000 paths x 18 monthly
 * periods with 5 stochastic drivers on 1 and 2 threads (target: under 1 s
 * on 2 cores), and a 100 x 100 two-way sensitivity table over an 18-period
 * projection.
 *
 *     build/bench/wc_bench [paths [threads fan]]
 *
 * With `threads` and `fan` (0 or 1) it runs that one Monte Carlo
 * configuration only (for profiling).
 */
#define _POSIX_C_SOURCE 200809L
#include "fpa/fpa.h"
#include "wc_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

enum { N = 18 };


static fpa_wc_plan *make_plan(void)
{
    fpa_wc_plan *p;
    double v[6][N], days[N];
    for (int t = 0; t < N; t++) {
        v[0][t] = 1e6 * (1 + 0.01 * t);
        v[1][t] = 0.6 * v[0][t];
        v[2][t] = 45;
        v[3][t] = 30;
        v[4][t] = 40;
        v[5][t] = -3.5e5;
        days[t] = 30;
    }
    check(fpa_wc_plan_new(&p, N, NULL), "plan");
    for (int d = 0; d < 6; d++) check(fpa_wc_plan_set(p, (fpa_wc_driver)d, v[d], N), "set");
    check(fpa_wc_plan_set_days(p, days, N), "days");
    check(fpa_wc_plan_set_opening(p, 1.5e6, 6e5, 8e5, 5e5), "opening");
    return p;
}

/* One Monte Carlo run, with a live heap block of `shift` bytes allocated
 * before it (0: none). */
static void run_mc(const fpa_scenario_mc *mc, const fpa_wc_plan *plan, size_t paths,
                   int threads, int fan, size_t shift, double *wall, double *cpus,
                   int print)
{
    fpa_opts *o;
    check(fpa_opts_new(&o, NULL, NULL), "opts");
    check(fpa_opts_set(o, FPA_OPT_THREADS, threads), "threads");
    check(fpa_opts_set(o, FPA_OPT_SCENARIO_FAN, fan), "fan");
    volatile char *pad = shift ? malloc(shift) : NULL;
    if (pad) pad[0] = 1;
    fpa_scenario_mc_result *r;
    double t0 = now(), c0 = cpu();
    check(fpa_scenario_mc_run(&r, mc, plan, NULL, paths, 0, o), "run");
    *wall = now() - t0;
    *cpus = cpu() - c0;
    double p5, p50, breach;
    check(fpa_scenario_mc_quantile(&p5, r, FPA_MC_ENDING_CASH, 0.05), "q");
    check(fpa_scenario_mc_quantile(&p50, r, FPA_MC_ENDING_CASH, 0.5), "q");
    check(fpa_scenario_mc_breach(&breach, NULL, 0, r), "breach");
    if (print)
        printf("  fan %-3s threads %d: %7.3f s wall, %7.3f s CPU, %10.0f paths/s  "
               "(P5 %.0f, P50 %.0f, P(breach) %.4f)\n", fan ? "on" : "off",
               threads, *wall, *cpus, (double)paths / *wall, p5, p50, breach);
    fpa_scenario_mc_result_free(r);
    free((void *)pad);
    fpa_opts_free(o);
}

int main(int argc, char **argv)
{
    size_t paths = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    fpa_wc_plan *plan = make_plan();
    fpa_scenario_mc *mc;
    check(fpa_scenario_mc_new(&mc, NULL), "mc");
    const double rev[2] = {1, 0.05}, cogs[2] = {0, 0.04}, dso[3] = {40, 45, 60},
                 dio[2] = {25, 35}, dpo[3] = {30, 40, 55};
    check(fpa_scenario_mc_add(NULL, mc, FPA_WC_REVENUE, FPA_SCENARIO_MUL,
                              FPA_DIST_NORMAL, rev, 2, 0, FPA_DRAW_EACH_PERIOD), "rev");
    check(fpa_scenario_mc_add(NULL, mc, FPA_WC_COGS, FPA_SCENARIO_MUL,
                              FPA_DIST_LOGNORMAL, cogs, 2, 0, FPA_DRAW_EACH_PERIOD), "cogs");
    check(fpa_scenario_mc_add(NULL, mc, FPA_WC_DSO, FPA_SCENARIO_SET,
                              FPA_DIST_TRIANGULAR, dso, 3, 0, FPA_DRAW_EACH_PERIOD), "dso");
    check(fpa_scenario_mc_add(NULL, mc, FPA_WC_DIO, FPA_SCENARIO_SET,
                              FPA_DIST_UNIFORM, dio, 2, 0, FPA_DRAW_EACH_PERIOD), "dio");
    check(fpa_scenario_mc_add(NULL, mc, FPA_WC_DPO, FPA_SCENARIO_SET,
                              FPA_DIST_PERT, dpo, 3, 0, FPA_DRAW_EACH_PERIOD), "dpo");
    printf("Monte Carlo: %zu paths x %d periods, 5 stochastic drivers "
           "(normal, lognormal, triangular, uniform, PERT)\n", paths, N);
    double t1 = 0, c1 = 0, wall, cpus;
    int only = argc > 3, th0 = only ? atoi(argv[2]) : 1, fan0 = only ? atoi(argv[3]) : 0;
    for (int fan = fan0; fan <= (only ? fan0 : 1); fan++)
        for (int threads = th0; threads <= (only ? th0 : 2); threads++) {
            run_mc(mc, plan, paths, threads, fan, 0, &wall, &cpus, 1);
            if (threads == 1) t1 = wall, c1 = cpus;
            if (threads == 2 && !only)
                printf("  speed-up 2 vs 1 thread: %.2fx wall; CPU 2 / CPU 1 = %.2f\n",
                       t1 / wall, cpus / c1);
        }
    /* The same runs with the heap shifted by a live block of `shift`
     * bytes, so that the run's own blocks start at other offsets within a
     * cache line: per-thread state that shares a line with another
     * thread's shows up as a 2-thread run costing more CPU than 1-thread. */
    if (!only) {
        printf("Shifted heap (fan off): 1 vs 2 threads\n");
        for (size_t shift = 8; shift <= 120; shift += 56) {
            double w1, cp1, w2, cp2;
            run_mc(mc, plan, paths, 1, 0, shift, &w1, &cp1, 0);
            run_mc(mc, plan, paths, 2, 0, shift, &w2, &cp2, 0);
            printf("  shift %3zu bytes: 1 thread %.3f s (CPU %.3f), 2 threads %.3f s "
                   "(CPU %.3f): speed-up %.2fx wall, CPU 2 / CPU 1 = %.2f\n",
                   shift, w1, cp1, w2, cp2, w1 / w2, cp2 / cp1);
        }
    }
    fpa_scenario_mc_free(mc);
    if (only) {
        fpa_wc_plan_free(plan);
        return 0;
    }

    double rows[100], cols[100], *out = malloc(100 * 100 * sizeof *out);
    for (int i = 0; i < 100; i++) rows[i] = 20 + 0.5 * i, cols[i] = 20 + 0.5 * i;
    for (int threads = 1; threads <= 2; threads++) {
        fpa_opts *o;
        check(fpa_opts_new(&o, NULL, NULL), "opts");
        check(fpa_opts_set(o, FPA_OPT_THREADS, threads), "threads");
        double t0 = now();
        check(fpa_scenario_table(out, 10000, plan, NULL, FPA_WC_DSO, FPA_SCENARIO_SET,
                                 rows, 100, FPA_WC_DPO, FPA_SCENARIO_SET, cols, 100,
                                 0, FPA_SCENARIO_MIN_CASH, 0, o), "table");
        printf("Two-way table 100 x 100 (DSO x DPO, minimum cash), %d periods, "
               "%d thread%s: %.3f ms\n", N, threads, threads > 1 ? "s" : "",
               1e3 * (now() - t0));
        fpa_opts_free(o);
    }
    free(out);
    fpa_wc_plan_free(plan);
    return 0;
}
