/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KPIs over 100,000 products x 36 months, each KPI in one call:
 *
 *     build/bench/kpi_bench [rows] [runs] [threads]
 *
 * For every KPI prints libfpa's time (one call over all rows), the time of
 * the same computation in numpy (bench/kpi_peer.py, run beside it, its
 * outputs checked against libfpa's first), their ratio, and the memory
 * floor: the bytes the call must read and write divided by the bandwidth
 * of a plain copy loop over the same amount of data, measured in the same
 * run. Figures are medians of `runs` (default 9) interleaved runs in
 * thread CPU time. The numpy peer checks nothing (no NaN scan), so it is
 * given the benefit of the doubt. */
#include "fpa/fpa.h"
#include "peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COLS = 36, LAG = 12, MAX_RUNS = 51 };


static void fill(double *x, size_t n, unsigned seed, double base)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = base * (0.5 + (double)(seed >> 8 & 0xFFFF) / 65536.0);
    }
}

BENCH_VECTORIZE
static void copy_loop(double *restrict dst, const double *restrict src, size_t n)
{
    for (size_t k = 0; k < n; k++) dst[k] = src[k];
}

typedef struct {
    double *rev, *cogs, *opex, *da, *out, *out2;
    unsigned char *valid;
    size_t rows;
    fpa_opts *opts;
} data;

typedef struct {
    const char *name, *peer;  /* label, peer kernel */
    /* bytes read and written per row (inputs, outputs, mask) */
    double in_doubles, out_doubles, out_bytes;
    fpa_status (*call)(const data *);
    /* outputs to check: out (and out2) of `n_out` doubles per row, the mask
     * of `n_mask` bytes per row */
    size_t n_out, n_out2, n_mask;
} kernel;

static fpa_status k_pop(const data *d)
{
    return fpa_kpi_growth_pop(d->out, d->valid, d->rev, d->rows, COLS, d->opts);
}
static fpa_status k_yoy(const data *d)
{
    return fpa_kpi_growth_yoy(d->out, d->valid, d->rev, d->rows, COLS, d->opts);
}
static fpa_status k_cagr(const data *d)
{
    return fpa_kpi_cagr_rows(d->out, d->valid, d->rev, d->rows, COLS, d->opts);
}
static fpa_status k_sma(const data *d)
{
    return fpa_kpi_sma(d->out, d->rev, d->rows, COLS, 3, d->opts);
}
static fpa_status k_wma(const data *d)
{
    return fpa_kpi_wma(d->out, d->rev, d->rows, COLS, NULL, 3, d->opts);
}
static fpa_status k_ema(const data *d)
{
    return fpa_kpi_ema(d->out, d->rev, d->rows, COLS, 0.3, d->opts);
}
static fpa_status k_margins(const data *d)
{
    return fpa_kpi_margins(d->out, NULL, NULL, d->out2, NULL, d->valid, d->rev, d->cogs,
                           d->opex, d->da, d->rows, COLS, d->opts);
}
static fpa_status k_burn(const data *d)
{
    return fpa_kpi_burn(d->out, d->out2, d->rev, d->opex, d->rows, COLS, d->opts);
}

static const kernel kernels[] = {
    {"growth_pop (mask)", "pop", COLS, COLS - 1, COLS - 1, k_pop, COLS - 1, 0, COLS - 1},
    {"growth_yoy (mask)", "yoy", COLS, COLS - LAG, COLS - LAG, k_yoy, COLS - LAG, 0,
     COLS - LAG},
    {"cagr_rows (mask)", "cagr", COLS, 1, 1, k_cagr, 1, 0, 1},
    {"sma (window 3)", "sma", COLS, COLS - 2, 0, k_sma, COLS - 2, 0, 0},
    {"wma (window 3, linear)", "wma", COLS, COLS - 2, 0, k_wma, COLS - 2, 0, 0},
    {"ema (alpha 0.3)", "ema", COLS, COLS, 0, k_ema, COLS, 0, 0},
    {"margins (gross, EBITDA; mask)", "margins", 4 * COLS, 2 * COLS, COLS, k_margins, COLS,
     COLS, COLS},
    {"burn (gross and net)", "burn", 2 * COLS, 2 * COLS, 0, k_burn, COLS, COLS, 0},
};
enum { NK = sizeof kernels / sizeof *kernels };

static void run(const kernel *k, const data *d)
{
    fpa_status st = k->call(d);
    if (st != FPA_OK) {
        fprintf(stderr, "%s: %s (%s)\n", k->name, fpa_status_name(st), fpa_error_last());
        exit(1);
    }
}

static int check(peer *p, const kernel *k, const data *d)
{
    run(k, d);
    size_t r = d->rows;
    if (peer_file(p, "out", d->out, sizeof *d->out, r * k->n_out) ||
        (k->n_out2 && peer_file(p, "out2", d->out2, sizeof *d->out2, r * k->n_out2)) ||
        (k->n_mask && peer_file(p, "valid", d->valid, 1, r * k->n_mask)))
        return -1;
    return peer_check(p, k->peer);
}

int main(int argc, char **argv)
{
    size_t rows = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (runs < 1 || runs > MAX_RUNS) runs = 9;
    size_t n = rows * COLS;
    data d = {bench_must(malloc(n * 8)), bench_must(malloc(n * 8)), bench_must(malloc(n * 8)),
              bench_must(malloc(n * 8)), bench_must(malloc(n * 8)), bench_must(malloc(n * 8)),
              bench_must(malloc(n)), rows, NULL};
    double *copy = bench_must(malloc(n * 8));
    if (fpa_opts_new(&d.opts, NULL, NULL) != FPA_OK ||
        fpa_opts_set(d.opts, FPA_OPT_THREADS, threads) != FPA_OK) {
        fprintf(stderr, "options failed\n");
        return 1;
    }
    /* touch the outputs first, so that page faults are not timed */
    memset(d.out, 0, n * 8);
    memset(d.out2, 0, n * 8);
    memset(d.valid, 0, n);
    memset(copy, 0, n * 8);
    fill(d.rev, n, 1, 1000);
    fill(d.cogs, n, 2, 400);
    fill(d.opex, n, 3, 300);
    fill(d.da, n, 4, 50);
    for (size_t i = 0; i < n; i += 97) d.rev[i] = 0;  /* some undefined ratios */

    char script[1024];
    peer_script(script, sizeof script, __FILE__, "kpi_peer.py");
    peer p;
    int have_peer = peer_start(&p, script) == 0 &&
                    peer_load(&p, "rev", d.rev, 8, rows, COLS, "f8") == 0 &&
                    peer_load(&p, "cogs", d.cogs, 8, rows, COLS, "f8") == 0 &&
                    peer_load(&p, "opex", d.opex, 8, rows, COLS, "f8") == 0 &&
                    peer_load(&p, "da", d.da, 8, rows, COLS, "f8") == 0;
    for (int k = 0; have_peer && k < NK; k++) have_peer = check(&p, &kernels[k], &d) == 0;
    if (!have_peer) fprintf(stderr, "kpi_bench: running without the numpy peer\n");

    static double t_fpa[NK][MAX_RUNS], t_np[NK][MAX_RUNS], t_copy[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        double t0 = peer_cpu_now();
        copy_loop(copy, d.rev, n);
        t_copy[r] = peer_cpu_now() - t0;
        for (int k = 0; k < NK; k++) {
            t0 = peer_cpu_now();
            run(&kernels[k], &d);
            t_fpa[k][r] = peer_cpu_now() - t0;
            if (have_peer) t_np[k][r] = peer_time(&p, kernels[k].peer);
        }
    }
    if (have_peer) peer_stop(&p);
    if (copy[n / 2] == -1) puts("");  /* keep the copy observable */
    double bw = 2.0 * (double)n * 8 / peer_median(t_copy, (size_t)runs);
    printf("%zu products x %d months, %d thread(s); medians of %d interleaved runs, "
           "thread CPU time\ncopy bandwidth %.1f GB/s (a plain loop copying one "
           "%.0f MB input)\n", rows, COLS, threads, runs, bw / 1e9, (double)n * 8 / 1e6);
    printf("%-30s %10s %10s %8s %10s %8s\n", "kernel", "libfpa s", "numpy s", "ratio",
           "floor s", "/floor");
    for (int k = 0; k < NK; k++) {
        const kernel *kk = &kernels[k];
        double t = peer_median(t_fpa[k], (size_t)runs);
        double bytes = (double)rows * ((kk->in_doubles + kk->out_doubles) * 8 + kk->out_bytes);
        double fl = bytes / bw;
        if (have_peer) {
            double np = peer_median(t_np[k], (size_t)runs);
            printf("%-30s %10.5f %10.5f %7.2fx %10.5f %7.2fx\n", kk->name, t, np, np / t, fl,
                   t / fl);
        } else {
            printf("%-30s %10.5f %10s %8s %10.5f %7.2fx\n", kk->name, t, "-", "-", fl, t / fl);
        }
    }
    fpa_opts_free(d.opts);
    free(d.rev), free(d.cogs), free(d.opex), free(d.da), free(d.out), free(d.out2);
    free(d.valid), free(copy);
    return 0;
}
