/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The planning model's hot paths on the sample company's plan (the 36-month,
 * 200-line model of src/cli/sample/model.json, read from its text form
 * tests/ref/model_sample.spec): one evaluation (target: under 50 us), a
 * 100 x 100 two-way table, and 10,000 Monte Carlo paths with five
 * stochastic drivers (normal, lognormal, triangular, uniform, PERT; target:
 * under 1 s on 2 cores), on 1 and 2 threads.
 *
 *     build/bench/model_bench [spec [paths]]
 *
 * Times are medians of repeated runs; "CPU" is the process's CPU time, so
 * a run that waited for a core on the shared machine shows wall > CPU. */
#define _POSIX_C_SOURCE 200809L
#include "fpa/fpa.h"
#include "wc_clock.h"
#include "../tests/model_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#ifndef FPA_SOURCE_DIR
#define FPA_SOURCE_DIR "."
#endif


/* CPU seconds of the calling thread: what one evaluation costs, whatever
 * else runs on the machine. */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *x, int n)
{
    qsort(x, (size_t)n, sizeof *x, cmp);
    return x[n / 2];
}

static fpa_model *load(const char *path)
{
    fpa_model *m;
    const char *where;
    fpa_status st = model_spec_load(&m, path, NULL, &where);
    check(st, where);
    return m;
}

static fpa_opts *threads(int n)
{
    fpa_opts *o;
    check(fpa_opts_new(&o, NULL, NULL), "opts");
    check(fpa_opts_set(o, FPA_OPT_THREADS, n), "threads");
    return o;
}

int main(int argc, char **argv)
{
    const char *spec = argc > 1 ? argv[1] : FPA_SOURCE_DIR "/tests/ref/model_sample.spec";
    size_t paths = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 10000;
    fpa_model *m = load(spec);
    size_t L = fpa_model_lines(m), n = fpa_model_periods(m), cash;
    check(fpa_model_line_find(&cash, m, "bs.cash"), "bs.cash");
    printf("Model: %zu lines x %zu periods (%s)\n", L, n, spec);

    /* one evaluation, median of 9 rounds of 200 */
    double *v = malloc(L * n * sizeof *v), t[9], tc[9];
    for (int r = 0; r < 9; r++) {
        double t0 = now(), c0 = thread_cpu();
        for (int k = 0; k < 200; k++) check(fpa_model_evaluate(v, L * n, m, NULL), "evaluate");
        t[r] = (now() - t0) / 200, tc[r] = (thread_cpu() - c0) / 200;
    }
    printf("  one evaluation (every line, every period, checks): %.1f us CPU, %.1f us wall "
           "(target < 50)\n", 1e6 * median(tc, 9), 1e6 * median(t, 9));

    /* a 100 x 100 table: DSO x price of sensors on the ending cash */
    fpa_model_levers *ax;
    double dso[100], price[100], *tab = malloc(100 * 100 * sizeof *tab);
    for (int i = 0; i < 100; i++) dso[i] = 30 + 0.4 * i, price[i] = 200 + i;
    check(fpa_model_levers_new(&ax, m, NULL), "levers");
    check(fpa_model_levers_add(ax, "dso", FPA_SCENARIO_SET, 0, dso, 100), "dso");
    check(fpa_model_levers_add(ax, "price.sensors", FPA_SCENARIO_SET, 0, price, 100), "price");
    double tab1 = 0;
    for (int th = 1; th <= 2; th++) {
        fpa_opts *o = threads(th);
        double w[5], c[5];
        for (int r = 0; r < 5; r++) {
            double t0 = now(), c0 = cpu();
            check(fpa_model_table(tab, 10000, m, NULL, ax, cash, o), "table");
            w[r] = now() - t0, c[r] = cpu() - c0;
        }
        double mw = median(w, 5), mc = median(c, 5);
        if (th == 1) tab1 = mw;
        printf("  100 x 100 table (DSO x price, ending cash), %d thread%s: %.1f ms wall, "
               "%.1f ms CPU%s\n", th, th > 1 ? "s" : " ", 1e3 * mw, 1e3 * mc,
               th == 2 ? "" : "");
        if (th == 2) printf("    speed-up 2 vs 1 thread: %.2fx\n", tab1 / mw);
        fpa_opts_free(o);
    }

    /* Monte Carlo: five drivers, one of each distribution */
    fpa_model_mc *mc;
    const double u[2] = {1, 0.05}, cg[2] = {0, 0.04}, d[3] = {40, 52, 70}, q[2] = {60, 90},
                 p[3] = {30, 38, 50};
    check(fpa_model_mc_new(&mc, m, NULL), "mc");
    check(fpa_model_mc_add(mc, "units.sensors.emea", FPA_SCENARIO_MUL, FPA_DIST_NORMAL, u, 2, 0,
                           FPA_DRAW_EACH_PERIOD), "normal");
    check(fpa_model_mc_add(mc, "cogs_pct.gateways", FPA_SCENARIO_MUL, FPA_DIST_LOGNORMAL, cg, 2,
                           0, FPA_DRAW_EACH_PERIOD), "lognormal");
    check(fpa_model_mc_add(mc, "dso", FPA_SCENARIO_SET, FPA_DIST_TRIANGULAR, d, 3, 0,
                           FPA_DRAW_EACH_PERIOD), "triangular");
    check(fpa_model_mc_add(mc, "dio", FPA_SCENARIO_SET, FPA_DIST_UNIFORM, q, 2, 0,
                           FPA_DRAW_EACH_PERIOD), "uniform");
    check(fpa_model_mc_add(mc, "dpo", FPA_SCENARIO_SET, FPA_DIST_PERT, p, 3, 0,
                           FPA_DRAW_EACH_PERIOD), "pert");
    size_t low;
    check(fpa_model_line_find(&low, m, "lowest_cash"), "lowest_cash");
    check(fpa_model_mc_output(mc, cash, 1, 1e6), "output");
    check(fpa_model_mc_output(mc, low, 0, 1e6), "output");
    double w1 = 0;
    for (int th = 1; th <= 2; th++) {
        fpa_opts *o = threads(th);
        double w[3], c[3], p5 = 0, p50 = 0;
        for (int r = 0; r < 3; r++) {
            fpa_model_mc_result *res;
            double t0 = now(), c0 = cpu();
            check(fpa_model_mc_run(&res, mc, NULL, paths, o), "run");
            w[r] = now() - t0, c[r] = cpu() - c0;
            check(fpa_model_mc_quantile(&p5, res, cash, n - 1, 0.05), "q");
            check(fpa_model_mc_quantile(&p50, res, cash, n - 1, 0.5), "q");
            fpa_model_mc_result_free(res);
        }
        double mw = median(w, 3), mcpu = median(c, 3);
        if (th == 1) w1 = mw;
        printf("  Monte Carlo %zu paths, %d thread%s: %.3f s wall, %.3f s CPU, %.0f paths/s "
               "(ending cash P5 %.0f, P50 %.0f)%s\n", paths, th, th > 1 ? "s" : " ", mw, mcpu,
               (double)paths / mw, p5, p50, th == 2 ? " (target < 1 s)" : "");
        if (th == 2) printf("    speed-up 2 vs 1 thread: %.2fx\n", w1 / mw);
        fpa_opts_free(o);
    }
    fpa_model_mc_free(mc);
    fpa_model_levers_free(ax);
    free(tab);
    free(v);
    fpa_model_free(m);
    return 0;
}
