/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money throughput.
 *
 *   tvm_bench [SCHEDULES]
 *
 * Prints XIRR solves per second on irregular 20-flow and 200-flow schedules
 * (one thread, and the batch call on every CPU), NPV and PMT calls per
 * second, and how many XNPV evaluations (each one exp() per flow) a solve
 * costs: the floor for any XIRR is a handful of such evaluations. */
#define _POSIX_C_SOURCE 200809L
#include <fpa/fpa.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* This thread's CPU time: single-thread figures are not stretched by
 * other processes on a shared machine (the batch figure is wall time). */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static unsigned long long rng = 88172645463325252ULL;
static double uniform(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1p-53;
}

/* An outlay, then irregular inflows and the odd outflow every 5 to 60
 * days: annual IRRs mostly between -10 % and +40 %, as for loans, projects
 * and fund commitments. */
static void make_schedules(double *v, int64_t *d, size_t *off, size_t count,
                           size_t flows)
{
    for (size_t k = 0; k < count; k++) {
        off[k] = k * flows;
        int64_t day = 18000 + (int64_t)(uniform() * 3000);
        double scale = 1000 + 9000 * uniform();
        for (size_t i = 0; i < flows; i++) {
            size_t at = k * flows + i;
            d[at] = day;
            day += 5 + (int64_t)(uniform() * 55);
            v[at] = i == 0 ? -scale
                           : scale * (uniform() * 0.15 - 0.02) * 20 / (double)flows;
        }
    }
    off[count] = count * flows;
}

static volatile double sink;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp_double);
    return x[n / 2];
}

/* One XNPV evaluation of every schedule, written out as XIRR evaluates it:
 * the exp() calls are the cost that cannot be avoided. */
static double time_evaluations(const double *v, const int64_t *d, size_t count,
                               size_t flows, int reps)
{
    double t0 = cpu(), acc = 0;
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < count; k++) {
            const double *vk = v + k * flows;
            const int64_t *dk = d + k * flows;
            double t = 0.1 + 1e-3 * r, f = 0;
            for (size_t i = 0; i < flows; i++)
                f += vk[i] * exp(-(double)(dk[i] - dk[0]) / 365 * t);
            acc += f;
        }
    sink = acc;
    return (cpu() - t0) / reps / (double)count;
}

static void bench_xirr(size_t count, size_t flows)
{
    double *v = malloc(count * flows * sizeof *v);
    int64_t *d = malloc(count * flows * sizeof *d);
    size_t *off = malloc((count + 1) * sizeof *off);
    double *rates = malloc(count * sizeof *rates);
    fpa_status *st = malloc(count * sizeof *st);
    make_schedules(v, d, off, count, flows);

    size_t failed = 0;
    double t0 = cpu();
    for (size_t k = 0; k < count; k++)
        if (fpa_tvm_xirr(&rates[k], v + off[k], d + off[k], flows, 0.1) != FPA_OK)
            failed++;
    double single = (cpu() - t0) / (double)count;

    fpa_opts *o;
    fpa_opts_new(&o, NULL, NULL);
    fpa_opts_set(o, FPA_OPT_THREADS, 0);  /* every CPU */
    t0 = now();
    fpa_tvm_xirr_batch(rates, st, v, d, off, count, 0.1, o);
    double batch = (now() - t0) / (double)count;
    fpa_opts_free(o);

    double eval = time_evaluations(v, d, count, flows, 5);
    printf("xirr flows=%zu schedules=%zu solves_per_s_1thread_cpu=%.0f "
           "solves_per_s_batch_all_cpus_wall=%.0f ns_per_solve=%.0f "
           "ns_per_xnpv_eval=%.0f solve_cost_in_evals=%.1f failed=%zu "
           "median_rate=%.3f\n",
           flows, count, 1 / single, 1 / batch, single * 1e9, eval * 1e9,
           single / eval, failed, median(rates, count));
    free(v), free(d), free(off), free(rates), free(st);
}

int main(int argc, char **argv)
{
    size_t count = argc > 1 ? (size_t)atol(argv[1]) : 200000;
    printf("libfpa %s\n", fpa_version_string());
    bench_xirr(count, 20);
    bench_xirr(count / 10, 200);

    /* plain exp() cost on this machine, for reference */
    double t0 = cpu(), acc = 0;
    const long nexp = 20000000;
    for (long i = 0; i < nexp; i++) acc += exp(-1e-8 * (double)i);
    sink = acc;
    double per_exp = (cpu() - t0) / (double)nexp;
    printf("exp ns_per_call=%.2f (a 20-flow XNPV evaluation written with exp() needs 20; "
           "libfpa's needs 1)\n", per_exp * 1e9);

    double v[120];
    for (int i = 0; i < 120; i++) v[i] = i ? 100 + i : -10000;
    const long reps = 2000000;
    t0 = now();
    for (long i = 0; i < reps; i++) {
        double out;
        fpa_tvm_npv(&out, 0.01 + 1e-9 * (double)i, v, 120);
        acc += out;
    }
    double npv = (now() - t0) / (double)reps;
    t0 = now();
    for (long i = 0; i < reps * 5; i++) {
        double out;
        fpa_tvm_pmt(&out, 0.004 + 1e-12 * (double)i, 360, 200000, 0, FPA_WHEN_END);
        acc += out;
    }
    double pmt = (now() - t0) / (double)(reps * 5);
    sink = acc;
    printf("npv flows=120 calls_per_s=%.0f ns_per_call=%.0f\n", 1 / npv, npv * 1e9);
    printf("pmt calls_per_s=%.0f ns_per_call=%.1f\n", 1 / pmt, pmt * 1e9);
    return 0;
}
