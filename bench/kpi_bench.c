/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KPIs over 1,000,000 products x 36 months, each KPI in one call:
 *     build/bench/kpi_bench [rows] [threads]
 * prints rows (series) per second for each call. Uses the public API only;
 * the calls allocate nothing per row. */
#define _POSIX_C_SOURCE 200809L
#include "fpa/fpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { COLS = 36 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void fill(double *x, size_t n, unsigned seed, double base)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = base * (0.5 + (double)(seed >> 8 & 0xFFFF) / 65536.0);
    }
}

#define RUN(name, call)                                                        \
    do {                                                                       \
        double t0_ = now();                                                    \
        fpa_status st_ = (call);                                               \
        double dt_ = now() - t0_;                                              \
        if (st_ != FPA_OK) {                                                   \
            fprintf(stderr, "%s: %s (%s)\n", name, fpa_status_name(st_),       \
                    fpa_error_last());                                         \
            return 1;                                                          \
        }                                                                      \
        printf("%-34s %8.3f s %14.0f rows/s\n", name, dt_, (double)rows / dt_); \
    } while (0)

int main(int argc, char **argv)
{
    size_t rows = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    size_t n = rows * COLS;
    double *rev = malloc(n * sizeof *rev), *cogs = malloc(n * sizeof *cogs);
    double *opex = malloc(n * sizeof *opex), *da = malloc(n * sizeof *da);
    double *out = malloc(n * sizeof *out), *out2 = malloc(n * sizeof *out2);
    unsigned char *valid = malloc(n);
    fpa_opts *opts;
    if (!rev || !cogs || !opex || !da || !out || !out2 || !valid ||
        fpa_opts_new(&opts, NULL, NULL) != FPA_OK ||
        fpa_opts_set(opts, FPA_OPT_THREADS, threads) != FPA_OK) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    /* touch the outputs first, so that page faults are not timed */
    memset(out, 0, n * sizeof *out);
    memset(out2, 0, n * sizeof *out2);
    memset(valid, 0, n);
    fill(rev, n, 1, 1000);
    fill(cogs, n, 2, 400);
    fill(opex, n, 3, 300);
    fill(da, n, 4, 50);
    printf("%zu products x %d months, %d thread(s)\n", rows, COLS, threads);
    RUN("growth_pop (mask)", fpa_kpi_growth_pop(out, valid, rev, rows, COLS, opts));
    RUN("growth_yoy (mask)", fpa_kpi_growth_yoy(out, valid, rev, rows, COLS, opts));
    RUN("cagr_rows", fpa_kpi_cagr_rows(out, valid, rev, rows, COLS, opts));
    RUN("sma (window 3)", fpa_kpi_sma(out, rev, rows, COLS, 3, opts));
    RUN("wma (window 3, linear)", fpa_kpi_wma(out, rev, rows, COLS, NULL, 3, opts));
    RUN("ema (alpha 0.3)", fpa_kpi_ema(out, rev, rows, COLS, 0.3, opts));
    RUN("margins (gross, EBITDA margin)",
        fpa_kpi_margins(out, NULL, NULL, out2, NULL, valid, rev, cogs, opex, da, rows,
                        COLS, opts));
    RUN("burn (gross and net)", fpa_kpi_burn(out, out2, rev, opex, rows, COLS, opts));
    fpa_opts_free(opts);
    free(rev), free(cogs), free(opex), free(da), free(out), free(out2), free(valid);
    return 0;
}
