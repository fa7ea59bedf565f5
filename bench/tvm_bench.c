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
 * Peer: bench/tvm_peer.py (through bench/peer.h), the same computations
 * vectorised with numpy (XIRR as the spreadsheet's Newton's method over
 * all schedules at once, NPV as powers times flows, PMT as
 * numpy-financial's formula), its outputs checked against libfpa's
 * (1e-9 relative) before any timing; libfpa and numpy runs interleave.
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
 * Every figure is the median of five interleaved runs, thread CPU time
 * (the batch: wall time, and the CPU time of all its threads).
 *
 * Evaluations per XIRR solve: each evaluation of the XNPV calls exp()
 * once, so callgrind's count of exp() calls under --xirr-only (single
 * solves of the same schedules, nothing else) divided by SCHEDULES is the
 * number of evaluations a solve costs:
 *   valgrind --tool=callgrind --callgrind-out-file=cg tvm_bench --xirr-only 20000 20
 *   callgrind_annotate --inclusive=yes cg | grep 'exp@@'   # "(N x)" */
#include <fpa/fpa.h>
#include "peer.h"

#include <stdbool.h>

enum { RUNS = 5 };

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static unsigned long long rng = 88172645463325252ULL;
static double uniform(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1p-53;
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

/* One kernel's timed runs, seconds per item: libfpa, its numpy peer, the
 * floor, and a second libfpa figure (the XIRR batch, the 1.0 NPV kernel,
 * one PMT call). */
typedef struct {
    double fpa[RUNS], numpy[RUNS], floor[RUNS], other[RUNS], other_cpu[RUNS];
} timings;

typedef struct {
    size_t flows, count, failed;
    double *v, *rates, *w;
    int64_t *d;
    size_t *off;
    fpa_status *st;
    fpa_opts *every_cpu;
} schedules;

static void schedules_make(schedules *s, size_t flows, size_t count)
{
    s->flows = flows, s->count = count;
    s->v = bench_must(malloc(count * flows * sizeof *s->v));
    s->d = bench_must(malloc(count * flows * sizeof *s->d));
    s->rates = bench_must(malloc(count * sizeof *s->rates));
    s->st = bench_must(malloc(count * sizeof *s->st));
    s->off = bench_must(malloc((count + 1) * sizeof *s->off));
    s->w = bench_must(malloc(flows * sizeof *s->w));
    for (size_t k = 0; k <= count; k++) s->off[k] = k * flows;
    for (size_t i = 0; i < flows; i++) s->w[i] = exp(-1e-4 * (double)i);
    make_schedules(s->v, s->d, count, flows);
    fpa_opts_new(&s->every_cpu, NULL, NULL);
    fpa_opts_set(s->every_cpu, FPA_OPT_THREADS, 0);
}

static void schedules_free(schedules *s)
{
    fpa_opts_free(s->every_cpu);
    free(s->v), free(s->d), free(s->rates), free(s->st), free(s->off), free(s->w);
}

static double xirr_solves(schedules *s)
{
    double t0 = peer_cpu_now();
    s->failed = 0;
    for (size_t k = 0; k < s->count; k++)
        if (fpa_tvm_xirr(&s->rates[k], s->v + k * s->flows, s->d + k * s->flows, s->flows,
                         0.1) != FPA_OK)
            s->rates[k] = NAN, s->failed++;
    return (peer_cpu_now() - t0) / (double)s->count;
}

/* Wall time, and the CPU time of all threads (process CPU time). */
static double xirr_batch(schedules *s, double *cpu)
{
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    double t0 = wall_now();
    fpa_tvm_xirr_batch(s->rates, s->st, s->v, s->d, s->off, s->count, 0.1,
                       s->every_cpu);
    double t = (wall_now() - t0) / (double)s->count;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    *cpu = ((double)(c1.tv_sec - c0.tv_sec) + 1e-9 * (double)(c1.tv_nsec - c0.tv_nsec)) /
           (double)s->count;
    return t;
}

/* Four dot products over each schedule's flows, with weights that change
 * from one product to the next as a solver's would. */
static double xirr_floor(schedules *s)
{
    double t0 = peer_cpu_now(), acc = 0;
    for (size_t k = 0; k < s->count; k++)
        for (int e = 0; e < 4; e++) {
            s->w[e] += 1e-300 * acc;  /* keeps the four products apart */
            acc += dot(s->v + k * s->flows, s->w, s->flows);
        }
    sink = acc;
    return (peer_cpu_now() - t0) / (double)s->count;
}

enum { NPV_FLOWS = 120, NPV_CALLS = 200000, PMT_N = 1000000 };

typedef struct {
    double v[NPV_FLOWS], w[NPV_FLOWS], rates[NPV_CALLS], out[NPV_CALLS];
} npv_case;

static void npv_make(npv_case *c)
{
    for (int i = 0; i < NPV_FLOWS; i++) c->v[i] = i ? 100 + i : -10000;
    for (int i = 0; i < NPV_CALLS; i++) c->rates[i] = 0.01 + 1e-7 * i;
    for (int i = 0; i < NPV_FLOWS; i++) c->w[i] = pow(1.01, -(i + 1));
}

static double npv_calls(npv_case *c)
{
    double t0 = peer_cpu_now();
    for (int i = 0; i < NPV_CALLS; i++) fpa_tvm_npv(&c->out[i], c->rates[i], c->v, NPV_FLOWS);
    return (peer_cpu_now() - t0) / NPV_CALLS;
}

static double npv_old(npv_case *c)
{
    double t0 = peer_cpu_now(), acc = 0;
    for (int i = 0; i < NPV_CALLS; i++) acc += npv_1_0(c->rates[i], c->v, NPV_FLOWS);
    sink = acc;
    return (peer_cpu_now() - t0) / NPV_CALLS;
}

static double npv_floor(npv_case *c)
{
    double t0 = peer_cpu_now(), acc = 0;
    for (int i = 0; i < NPV_CALLS; i++) {
        c->w[i % NPV_FLOWS] += 1e-300 * acc;
        acc += dot(c->v, c->w, NPV_FLOWS);
    }
    sink = acc;
    return (peer_cpu_now() - t0) / NPV_CALLS;
}

static double pmt_map(const double *rates, double *out)
{
    const double nper = 360, pv = 200000, zero = 0;
    const double *args[5] = {rates, &nper, &pv, &zero, &zero};
    const ptrdiff_t strides[5] = {1, 0, 0, 0, 0};
    double t0 = peer_cpu_now();
    fpa_tvm_map(out, NULL, PMT_N, FPA_TVM_PMT, args, strides, NULL);
    return (peer_cpu_now() - t0) / PMT_N;
}

static double pmt_calls(const double *rates)
{
    double t0 = peer_cpu_now(), acc = 0, p;
    for (int i = 0; i < PMT_N; i++) {
        fpa_tvm_pmt(&p, rates[i], 360, 200000, 0, FPA_WHEN_END);
        acc += p;
    }
    sink = acc;
    return (peer_cpu_now() - t0) / PMT_N;
}

static double exp_floor(const double *rates)
{
    double t0 = peer_cpu_now(), acc = 0;
    for (int i = 0; i < PMT_N; i++) acc += exp(-rates[i] * 360);
    sink = acc;
    return (peer_cpu_now() - t0) / PMT_N;
}

/* The peer's inputs and libfpa's outputs, then its check of each kernel. */
static bool peer_setup(peer *p, schedules s[2], npv_case *c, const double *rates,
                       const double *pmt_out)
{
    char script[1024], name[32], kernel[32];
    peer_script(script, sizeof script, __FILE__, "tvm_peer.py");
    if (peer_start(p, script)) return false;
    for (int k = 0; k < 2; k++) {
        size_t n = s[k].flows, m = s[k].count;
        xirr_solves(&s[k]);
        snprintf(name, sizeof name, "xirr%zu.v", n);
        if (peer_load(p, name, s[k].v, sizeof *s[k].v, m, n, "f8")) return false;
        snprintf(name, sizeof name, "xirr%zu.d", n);
        if (peer_load(p, name, s[k].d, sizeof *s[k].d, m, n, "i8")) return false;
        snprintf(name, sizeof name, "xirr%zu.r", n);
        if (peer_load(p, name, s[k].rates, sizeof *s[k].rates, m, 1, "f8")) return false;
        double *out = bench_must(malloc(m * sizeof *out));
        for (size_t i = 0; i < m; i++) out[i] = isnan(s[k].rates[i]) ? -2 : s[k].rates[i];
        snprintf(name, sizeof name, "xirr%zu.out", n);
        int written = peer_file(p, name, out, sizeof *out, m);
        free(out);
        if (written) return false;
        snprintf(kernel, sizeof kernel, "xirr%zu_check", n);
        if (peer_check(p, kernel)) return false;
    }
    npv_calls(c);
    return !peer_load(p, "npv.v", c->v, sizeof *c->v, 1, NPV_FLOWS, "f8") &&
           !peer_load(p, "npv.rates", c->rates, sizeof *c->rates, NPV_CALLS, 1, "f8") &&
           !peer_file(p, "npv.out", c->out, sizeof *c->out, NPV_CALLS) &&
           !peer_check(p, "npv") &&
           !peer_load(p, "pmt.rates", rates, sizeof *rates, PMT_N, 1, "f8") &&
           !peer_file(p, "pmt.out", pmt_out, sizeof *pmt_out, PMT_N) && !peer_check(p, "pmt");
}

static double med(double *x)
{
    return peer_median(x, RUNS) * 1e9;
}

static void row(const char *kernel, timings *t, bool have_peer)
{
    double ours = med(t->fpa), np = have_peer ? med(t->numpy) : NAN, fl = med(t->floor);
    printf("%-28s libfpa %9.1f ns   numpy %9.1f ns   %6.2fx numpy   floor %8.1f ns   "
           "%5.2fx floor\n", kernel, ours, np, np / ours, fl, ours / fl);
}

/* Single solves only, for callgrind's count of evaluations. */
static int xirr_only(size_t count, size_t flows)
{
    schedules s;
    schedules_make(&s, flows, count);
    xirr_solves(&s);
    printf("xirr flows=%zu schedules=%zu failed=%zu\n", flows, count, s.failed);
    schedules_free(&s);
    return 0;
}

int main(int argc, char **argv)
{
    size_t count = 200000;
    bool want_peer = true;
    if (argc == 4 && !strcmp(argv[1], "--xirr-only"))
        return xirr_only((size_t)atol(argv[2]), (size_t)atol(argv[3]));
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-peer")) want_peer = false;
        else count = (size_t)atol(argv[i]);
    }
    schedules s[2];
    schedules_make(&s[0], 20, count);
    schedules_make(&s[1], 200, count / 10);
    npv_case *c = bench_must(malloc(sizeof *c));
    npv_make(c);
    double *rates = bench_must(malloc(PMT_N * sizeof *rates));
    double *pmt_out = bench_must(malloc(PMT_N * sizeof *pmt_out));
    for (int i = 0; i < PMT_N; i++) rates[i] = 0.001 + 0.02 * i / PMT_N;
    pmt_map(rates, pmt_out);

    peer p = {0};
    bool have_peer = want_peer && peer_setup(&p, s, c, rates, pmt_out);
    if (want_peer && !have_peer) fprintf(stderr, "tvm_bench: running without the numpy peer\n");
    static timings tx[2], tn, tp;
    for (int r = 0; r < RUNS; r++) {
        for (int k = 0; k < 2; k++) {
            char kernel[16];
            snprintf(kernel, sizeof kernel, "xirr%zu", s[k].flows);
            tx[k].fpa[r] = xirr_solves(&s[k]);
            tx[k].other[r] = xirr_batch(&s[k], &tx[k].other_cpu[r]);
            tx[k].floor[r] = xirr_floor(&s[k]);
            if (have_peer) tx[k].numpy[r] = peer_time(&p, kernel) / (double)s[k].count;
        }
        tn.fpa[r] = npv_calls(c);
        tn.other[r] = npv_old(c);
        tn.floor[r] = npv_floor(c);
        if (have_peer) tn.numpy[r] = peer_time(&p, "npv") / NPV_CALLS;
        tp.fpa[r] = pmt_map(rates, pmt_out);
        tp.other[r] = pmt_calls(rates);
        tp.floor[r] = exp_floor(rates);
        if (have_peer) tp.numpy[r] = peer_time(&p, "pmt") / PMT_N;
    }
    if (have_peer) peer_stop(&p);

    printf("libfpa %s; medians of %d interleaved runs; numpy peer: bench/tvm_peer.py%s\n",
           fpa_version_string(), RUNS, have_peer ? "" : " (not run)");
    for (int k = 0; k < 2; k++) {
        char name[40];
        snprintf(name, sizeof name, "xirr %zu flows, 1 thread", s[k].flows);
        row(name, &tx[k], have_peer);
        printf("    = %.2f M solves/s; batch on every CPU %.2f M solves/s (wall), "
               "%.1f ns CPU a solve;\n    %zu of %zu schedules without a root\n",
               1e3 / med(tx[k].fpa), 1e3 / med(tx[k].other), med(tx[k].other_cpu),
               s[k].failed, s[k].count);
    }
    row("npv 120 flows", &tn, have_peer);
    printf("    1.0 kernel (check pass + one Horner chain) %.1f ns: %.2fx faster now\n",
           med(tn.other), med(tn.other) / med(tn.fpa));
    row("pmt 1e6 rates (fpa_tvm_map)", &tp, have_peer);
    printf("    one fpa_tvm_pmt call %.1f ns\n", med(tp.other));
    for (int k = 0; k < 2; k++) schedules_free(&s[k]);
    free(c), free(rates), free(pmt_out);
    return 0;
}
