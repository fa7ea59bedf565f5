/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money throughput, beside its numpy peer and its floor.
 *
 *   tvm_bench [SCHEDULES] [--no-peer]
 *   tvm_bench --xirr-only SCHEDULES FLOWS
 *
 * Kernels: XIRR of irregular 20-flow and 200-flow schedules (one thread,
 * thread CPU time; and the batch on every CPU, wall time), NPV of 120
 * flows, PMT over 10^6 rates (fpa_tvm_map) and one PMT call.
 *
 * Peer: bench/tvm_peer.py, the same computations vectorised with numpy
 * (XIRR as the spreadsheet's Newton's method over all schedules at once,
 * NPV as powers times flows, PMT as numpy-financial's formula), run by
 * Debian's /usr/bin/python3 (or $FPA_PYTHON) on the inputs written here.
 * It checks its outputs against libfpa's (1e-9 relative) before timing.
 *
 * Floors, measured in this run:
 * - NPV: a dot product of the flows with precomputed discount factors
 *   (four accumulators): one multiply-add per flow, the least any NPV
 *   does; and the 1.0 kernel (a finiteness pass, then one Horner chain)
 *   for the speed-up of this release.
 * - XIRR: four such dot products over the schedule's flows: a solve from a
 *   guess needs at least two Newton or Halley evaluations and two more to
 *   see the sign change that proves the root.
 * - PMT: one exp() call, the least transcendental work a PMT needs.
 * Every figure is the median of five timed runs.
 *
 * Evaluations per XIRR solve: each evaluation of the XNPV calls exp()
 * once, so callgrind's count of exp() calls under --xirr-only (single
 * solves of the same schedules, nothing else) divided by SCHEDULES is the
 * number of evaluations a solve costs:
 *   valgrind --tool=callgrind --callgrind-out-file=cg tvm_bench --xirr-only 20000 20
 *   callgrind_annotate --inclusive=yes cg | grep 'exp@@'   # "(N x)" */
#define _POSIX_C_SOURCE 200809L
#include <fpa/fpa.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RUNS = 5 };

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

static volatile double sink;

/* An outlay, then irregular inflows and the odd outflow every 5 to 60
 * days: annual IRRs mostly between -10 % and +40 %, as for loans, projects
 * and fund commitments. */
static void make_schedules(double *v, int64_t *d, size_t count, size_t flows)
{
    for (size_t k = 0; k < count; k++) {
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
}

static void write_file(const char *dir, const char *name, const void *p, size_t bytes)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, bytes, f) != bytes) {
        fprintf(stderr, "tvm_bench: cannot write %s\n", path);
        exit(1);
    }
    fclose(f);
}

/* sum v_i w_i with four accumulators: the NPV floor. */
static double dot(const double *v, const double *w, size_t n)
{
    double a = 0, b = 0, c = 0, e = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) a += v[i] * w[i], b += v[i + 1] * w[i + 1],
                               c += v[i + 2] * w[i + 2], e += v[i + 3] * w[i + 3];
    for (; i < n; i++) a += v[i] * w[i];
    return a + b + c + e;
}

/* fpa_tvm_npv of release 1.0: a finiteness pass, then one Horner chain. */
static double npv_1_0(double rate, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return NAN;
    double d = 1 / (1 + rate), acc = 0;
    for (size_t i = n; i-- > 0;) acc = (acc + v[i]) * d;
    return acc;
}

typedef struct {
    double xirr_ns[2], batch_ns[2], xirr_floor_ns[2], npv_ns, npv_old_ns, npv_floor_ns;
    double pmt_map_ns, pmt_call_ns, exp_ns;
    size_t failed[2];
} figures;

static double time_xirr(const double *v, const int64_t *d, double *rates, size_t count,
                        size_t flows, size_t *failed)
{
    double t[RUNS];
    for (int run = 0; run < RUNS; run++) {
        *failed = 0;
        double t0 = cpu();
        for (size_t k = 0; k < count; k++)
            if (fpa_tvm_xirr(&rates[k], v + k * flows, d + k * flows, flows, 0.1) != FPA_OK)
                rates[k] = NAN, ++*failed;
        t[run] = (cpu() - t0) / (double)count;
    }
    return median(t, RUNS);
}

static double time_batch(const double *v, const int64_t *d, size_t count, size_t flows)
{
    size_t *off = malloc((count + 1) * sizeof *off);
    double *rates = malloc(count * sizeof *rates), t[RUNS];
    fpa_status *st = malloc(count * sizeof *st);
    for (size_t k = 0; k <= count; k++) off[k] = k * flows;
    fpa_opts *o;
    fpa_opts_new(&o, NULL, NULL);
    fpa_opts_set(o, FPA_OPT_THREADS, 0);  /* every CPU */
    for (int run = 0; run < RUNS; run++) {
        double t0 = now();
        fpa_tvm_xirr_batch(rates, st, v, d, off, count, 0.1, o);
        t[run] = (now() - t0) / (double)count;
    }
    fpa_opts_free(o);
    free(off), free(rates), free(st);
    return median(t, RUNS);
}

/* Four dot products over each schedule's flows, with weights that change
 * from one product to the next as a solver's would. */
static double time_xirr_floor(const double *v, size_t count, size_t flows)
{
    double *w = malloc(flows * sizeof *w), t[RUNS], acc = 0;
    for (size_t i = 0; i < flows; i++) w[i] = exp(-1e-4 * (double)i);
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        for (size_t k = 0; k < count; k++)
            for (int e = 0; e < 4; e++) {
                w[e] += 1e-300 * acc;  /* keeps the four products apart */
                acc += dot(v + k * flows, w, flows);
            }
        t[run] = (cpu() - t0) / (double)count;
    }
    sink = acc;
    free(w);
    return median(t, RUNS);
}

static void bench_npv(figures *fg, const char *dir)
{
    enum { FLOWS = 120, CALLS = 200000 };
    static double v[FLOWS], w[FLOWS], rates[CALLS], out[CALLS];
    for (int i = 0; i < FLOWS; i++) v[i] = i ? 100 + i : -10000;
    for (int i = 0; i < CALLS; i++) rates[i] = 0.01 + 1e-7 * i;
    double t[RUNS], acc = 0;
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        for (int i = 0; i < CALLS; i++) fpa_tvm_npv(&out[i], rates[i], v, FLOWS);
        t[run] = (cpu() - t0) / CALLS;
    }
    fg->npv_ns = median(t, RUNS) * 1e9;
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        for (int i = 0; i < CALLS; i++) acc += npv_1_0(rates[i], v, FLOWS);
        t[run] = (cpu() - t0) / CALLS;
    }
    fg->npv_old_ns = median(t, RUNS) * 1e9;
    for (int i = 0; i < FLOWS; i++) w[i] = pow(1.01, -(i + 1));
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        for (int i = 0; i < CALLS; i++) {
            w[i % FLOWS] += 1e-300 * acc;
            acc += dot(v, w, FLOWS);
        }
        t[run] = (cpu() - t0) / CALLS;
    }
    fg->npv_floor_ns = median(t, RUNS) * 1e9;
    sink = acc;
    if (dir) {
        write_file(dir, "npv.v", v, sizeof v);
        write_file(dir, "npv.rates", rates, sizeof rates);
        write_file(dir, "npv.out", out, sizeof out);
    }
}

static void bench_pmt(figures *fg, const char *dir)
{
    enum { N = 1000000 };
    double *rates = malloc(N * sizeof *rates), *out = malloc(N * sizeof *out), t[RUNS];
    for (int i = 0; i < N; i++) rates[i] = 0.001 + 0.02 * i / N;
    const double nper = 360, pv = 200000, zero = 0;
    const double *args[5] = {rates, &nper, &pv, &zero, &zero};
    const ptrdiff_t strides[5] = {1, 0, 0, 0, 0};
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        fpa_tvm_map(out, NULL, N, FPA_TVM_PMT, args, strides, NULL);
        t[run] = (cpu() - t0) / N;
    }
    fg->pmt_map_ns = median(t, RUNS) * 1e9;
    double acc = 0;
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu(), p;
        for (int i = 0; i < N; i++) {
            fpa_tvm_pmt(&p, rates[i], 360, 200000, 0, FPA_WHEN_END);
            acc += p;
        }
        t[run] = (cpu() - t0) / N;
    }
    fg->pmt_call_ns = median(t, RUNS) * 1e9;
    for (int run = 0; run < RUNS; run++) {
        double t0 = cpu();
        for (int i = 0; i < N; i++) acc += exp(-rates[i] * 360);
        t[run] = (cpu() - t0) / N;
    }
    fg->exp_ns = median(t, RUNS) * 1e9;
    sink = acc;
    if (dir) {
        write_file(dir, "pmt.rates", rates, N * sizeof *rates);
        write_file(dir, "pmt.out", out, N * sizeof *out);
    }
    free(rates), free(out);
}

/* The peer's "peer KERNEL ns_per_item=X" lines, by kernel name. */
typedef struct {
    char name[16];
    double ns;
} peer_line;

static int run_peer(const char *dir, peer_line *lines, int cap)
{
    const char *py = getenv("FPA_PYTHON") ? getenv("FPA_PYTHON") : "/usr/bin/python3";
    char here[512], cmd[1536];
    snprintf(here, sizeof here, "%s", __FILE__);
    char *slash = strrchr(here, '/');
    if (slash) *slash = '\0';
    else snprintf(here, sizeof here, ".");
    snprintf(cmd, sizeof cmd, "%s %s/tvm_peer.py %s %d", py, here, dir, RUNS);
    FILE *p = popen(cmd, "r");
    if (!p) return 0;
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, p)) {
        if (strstr(line, "MISMATCH")) fputs(line, stdout);
        if (n < cap && sscanf(line, "peer %15s ns_per_item=%lf", lines[n].name, &lines[n].ns) == 2)
            n++;
    }
    pclose(p);
    return n;
}

static double peer_ns(const peer_line *lines, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(lines[i].name, name)) return lines[i].ns;
    return NAN;
}

static void row(const char *kernel, double ours, double peer, double floor_ns)
{
    printf("%-28s libfpa %9.1f ns   numpy %9.1f ns   %6.2fx numpy   floor %8.1f ns   "
           "%5.2fx floor\n", kernel, ours, peer, peer / ours, floor_ns, ours / floor_ns);
}

/* Single solves only, for callgrind's count of evaluations. */
static int xirr_only(size_t count, size_t flows)
{
    double *v = malloc(count * flows * sizeof *v), *rates = malloc(count * sizeof *rates);
    int64_t *d = malloc(count * flows * sizeof *d);
    make_schedules(v, d, count, flows);
    size_t failed = 0;
    for (size_t k = 0; k < count; k++)
        failed += fpa_tvm_xirr(&rates[k], v + k * flows, d + k * flows, flows, 0.1) != FPA_OK;
    printf("xirr flows=%zu schedules=%zu failed=%zu\n", flows, count, failed);
    free(v), free(d), free(rates);
    return 0;
}

int main(int argc, char **argv)
{
    size_t count = 200000;
    bool peer = true;
    if (argc == 4 && !strcmp(argv[1], "--xirr-only"))
        return xirr_only((size_t)atol(argv[2]), (size_t)atol(argv[3]));
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-peer")) peer = false;
        else count = (size_t)atol(argv[i]);
    }
    printf("libfpa %s; medians of %d runs; numpy peer: bench/tvm_peer.py\n",
           fpa_version_string(), RUNS);
    char dir[] = "/tmp/tvm_bench.XXXXXX";
    if (peer && !mkdtemp(dir)) peer = false;
    figures fg = {0};
    const size_t flows[2] = {20, 200}, counts[2] = {count, count / 10};
    for (int s = 0; s < 2; s++) {
        size_t n = flows[s], m = counts[s];
        double *v = malloc(m * n * sizeof *v), *rates = malloc(m * sizeof *rates);
        int64_t *d = malloc(m * n * sizeof *d);
        make_schedules(v, d, m, n);
        fg.xirr_ns[s] = time_xirr(v, d, rates, m, n, &fg.failed[s]) * 1e9;
        fg.batch_ns[s] = time_batch(v, d, m, n) * 1e9;
        fg.xirr_floor_ns[s] = time_xirr_floor(v, m, n) * 1e9;
        if (peer) {
            char name[32];
            snprintf(name, sizeof name, "xirr%zu.v", n);
            write_file(dir, name, v, m * n * sizeof *v);
            snprintf(name, sizeof name, "xirr%zu.d", n);
            write_file(dir, name, d, m * n * sizeof *d);
            snprintf(name, sizeof name, "xirr%zu.r", n);
            write_file(dir, name, rates, m * sizeof *rates);
        }
        free(v), free(d), free(rates);
    }
    bench_npv(&fg, peer ? dir : NULL);
    bench_pmt(&fg, peer ? dir : NULL);
    peer_line lines[8];
    int np = peer ? run_peer(dir, lines, 8) : 0;

    for (int s = 0; s < 2; s++) {
        char name[40], key[16];
        snprintf(name, sizeof name, "xirr %zu flows, 1 thread", flows[s]);
        snprintf(key, sizeof key, "xirr%zu", flows[s]);
        row(name, fg.xirr_ns[s], peer_ns(lines, np, key), fg.xirr_floor_ns[s]);
        printf("    = %.2f M solves/s; batch on every CPU %.2f M solves/s (wall); "
               "%zu of %zu schedules without a root\n", 1e3 / fg.xirr_ns[s],
               1e3 / fg.batch_ns[s], fg.failed[s], counts[s]);
    }
    row("npv 120 flows", fg.npv_ns, peer_ns(lines, np, "npv"), fg.npv_floor_ns);
    printf("    1.0 kernel (check pass + one Horner chain) %.1f ns: %.2fx faster now\n",
           fg.npv_old_ns, fg.npv_old_ns / fg.npv_ns);
    row("pmt 1e6 rates (fpa_tvm_map)", fg.pmt_map_ns, peer_ns(lines, np, "pmt"), fg.exp_ns);
    printf("    one fpa_tvm_pmt call %.1f ns\n", fg.pmt_call_ns);
    if (peer) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0) fprintf(stderr, "tvm_bench: could not remove %s\n", dir);
    }
    return 0;
}
