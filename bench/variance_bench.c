/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Budget vs actual with roll-ups: 1,000,000 lines x 12 periods over a
 * 5-level tree (1 root, 10, 100, 1,000 inner nodes, 1,000 leaves under each
 * of the last).
 *
 *     build/bench/variance_bench [lines_per_department] [runs]
 *
 * For the roll-up (fpa_variance_rollup) and for the variance percentages
 * and flags of every node (fpa_variance_compute), prints libfpa's time,
 * the time of the numpy peer (bench/variance_peer.py, run beside it and
 * checked to give the same outputs first) and the floor: a plain loop that
 * moves the same bytes (reads budget and actual, writes as many output
 * bytes) timed in the same run, which is what the memory system allows.
 * Every figure is the median of `runs` (default 7) interleaved runs, in
 * thread CPU time (the machine is shared). */
#include "fpa/fpa.h"
#include "peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P = 12, MAX_RUNS = 51 };


static void ok(fpa_status st, const char *what)
{
    if (st != FPA_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, fpa_status_name(st), fpa_error_last());
        exit(1);
    }
}

/* The floors: the traffic of each call with next to no arithmetic. */
BENCH_VECTORIZE
static void traffic_compute(double *restrict pct, uint32_t *restrict flags,
                            const double *restrict b, const double *restrict a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        pct[k] = a[k] - b[k];
        flags[k] = 0;
    }
}

BENCH_VECTORIZE
static void traffic_rollup(double *restrict rb, double *restrict ra, double *restrict rv,
                           const double *restrict b, const double *restrict a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        rb[k] = b[k];
        ra[k] = a[k];
        rv[k] = a[k] - b[k];
    }
}

typedef struct {
    const char *name;
    double fpa[MAX_RUNS], numpy[MAX_RUNS], floor[MAX_RUNS];
} figures;

static void report(figures *f, int runs, size_t lines, int have_peer)
{
    double t = peer_median(f->fpa, (size_t)runs), fl = peer_median(f->floor, (size_t)runs);
    printf("%-30s libfpa %7.4f s (%5.3g lines/s)", f->name, t, (double)lines / t);
    if (have_peer) {
        double np = peer_median(f->numpy, (size_t)runs);
        printf("  numpy %7.4f s  %5.2fx faster", np, np / t);
    }
    printf("  floor %7.4f s  %4.2fx the floor\n", fl, t / fl);
}

int main(int argc, char **argv)
{
    size_t per_dept = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (runs < 1 || runs > MAX_RUNS) runs = 7;
    const size_t fan[] = {1, 10, 100, 1000};  /* nodes per inner level */
    size_t inner = 0;
    for (int l = 0; l < 4; l++) inner += fan[l];
    size_t leaves = fan[3] * per_dept, n = inner + leaves;

    /* ids "n<index>"; the parent of an inner node of level l is node
     * (its index within the level) / 10 of level l-1; leaves follow their
     * department, so the children of every node are contiguous */
    char *names = bench_must(malloc(n * 24));
    const char **ids = bench_must(malloc(n * sizeof *ids));
    const char **parents = bench_must(malloc(n * sizeof *parents));
    int64_t *parent = bench_must(malloc(n * sizeof *parent));
    size_t first[5] = {0, 1, 11, 111, inner};
    for (size_t i = 0; i < n; i++) {
        snprintf(names + i * 24, 24, "n%zu", i);
        ids[i] = names + i * 24;
    }
    parents[0] = NULL;
    parent[0] = -1;
    for (int l = 1; l < 4; l++)
        for (size_t k = 0; k < fan[l]; k++) {
            parents[first[l] + k] = ids[first[l - 1] + k / 10];
            parent[first[l] + k] = (int64_t)(first[l - 1] + k / 10);
        }
    for (size_t k = 0; k < leaves; k++) {
        parents[inner + k] = ids[first[3] + k / per_dept];
        parent[inner + k] = (int64_t)(first[3] + k / per_dept);
    }

    double t0 = peer_cpu_now();
    fpa_tree *tree;
    ok(fpa_variance_tree_new(&tree, ids, parents, n, NULL), "tree");
    double t_tree = peer_cpu_now() - t0;

    size_t cells = n * P, bytes = cells * sizeof(double);
    double *b = bench_must(calloc(cells, sizeof *b)), *a = bench_must(calloc(cells, sizeof *a));
    double *rb = bench_must(malloc(bytes)), *ra = bench_must(malloc(bytes)), *rv = bench_must(malloc(bytes));
    double *pct = bench_must(malloc(bytes)), *sink = bench_must(malloc(3 * bytes));
    uint32_t *flags = bench_must(malloc(cells * sizeof *flags));
    int *nature = bench_must(malloc(n * sizeof *nature));
    uint8_t *nature8 = bench_must(malloc(n));
    uint64_t x = 42;
    for (size_t k = inner * P; k < cells; k++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        b[k] = (double)(x >> 40) / 100;
        a[k] = b[k] * (0.9 + (double)((x >> 20) & 0xFFFF) / 327680);
    }
    for (size_t i = 0; i < n; i++) nature8[i] = (uint8_t)(nature[i] = (int)(i % 2));
    /* fault every page in before timing anything */
    memset(rb, 0, bytes);
    memset(ra, 0, bytes);
    memset(rv, 0, bytes);
    memset(pct, 0, bytes);
    memset(sink, 0, 3 * bytes);
    memset(flags, 0, cells * sizeof *flags);

    ok(fpa_variance_rollup(rb, ra, rv, tree, b, a, P, NULL), "rollup");
    ok(fpa_variance_compute(NULL, pct, flags, rb, ra, n, P, nature, NULL, NULL, NULL,
                            NULL), "compute");

    char script[1024];
    peer_script(script, sizeof script, __FILE__, "variance_peer.py");
    peer pr;
    int have_peer = peer_start(&pr, script) == 0 &&
                    peer_load(&pr, "budget", b, sizeof *b, n, P, "f8") == 0 &&
                    peer_load(&pr, "actual", a, sizeof *a, n, P, "f8") == 0 &&
                    peer_load(&pr, "rb", rb, sizeof *rb, n, P, "f8") == 0 &&
                    peer_load(&pr, "ra", ra, sizeof *ra, n, P, "f8") == 0 &&
                    peer_load(&pr, "parent", parent, sizeof *parent, n, 1, "i8") == 0 &&
                    peer_load(&pr, "nature", nature8, 1, n, 1, "u1") == 0 &&
                    peer_file(&pr, "out_rb", rb, sizeof *rb, cells) == 0 &&
                    peer_file(&pr, "out_ra", ra, sizeof *ra, cells) == 0 &&
                    peer_file(&pr, "out_pct", pct, sizeof *pct, cells) == 0 &&
                    peer_file(&pr, "out_flags", flags, sizeof *flags, cells) == 0 &&
                    peer_check(&pr, "rollup") == 0 && peer_check(&pr, "compute") == 0;
    if (!have_peer) fprintf(stderr, "variance_bench: running without the numpy peer\n");

    figures roll = {"roll-up (budget, actual, var)", {0}, {0}, {0}};
    figures comp = {"variance % and flags", {0}, {0}, {0}};
    for (int r = 0; r < runs; r++) {
        t0 = peer_cpu_now();
        ok(fpa_variance_rollup(rb, ra, rv, tree, b, a, P, NULL), "rollup");
        roll.fpa[r] = peer_cpu_now() - t0;
        t0 = peer_cpu_now();
        traffic_rollup(sink, sink + cells, sink + 2 * cells, b, a, cells);
        roll.floor[r] = peer_cpu_now() - t0;
        if (have_peer) roll.numpy[r] = peer_time(&pr, "rollup");

        t0 = peer_cpu_now();
        ok(fpa_variance_compute(NULL, pct, flags, rb, ra, n, P, nature, NULL, NULL,
                                NULL, NULL), "compute");
        comp.fpa[r] = peer_cpu_now() - t0;
        t0 = peer_cpu_now();
        traffic_compute(sink, (uint32_t *)(sink + cells), rb, ra, cells);
        comp.floor[r] = peer_cpu_now() - t0;
        if (have_peer) comp.numpy[r] = peer_time(&pr, "compute");
    }
    if (have_peer) peer_stop(&pr);

    fpa_opts *two;
    ok(fpa_opts_new(&two, NULL, NULL), "opts");
    ok(fpa_opts_set(two, FPA_OPT_THREADS, 2), "threads");
    double w0 = peer_cpu_now();
    ok(fpa_variance_compute(NULL, pct, flags, rb, ra, n, P, nature, NULL, NULL, NULL, two),
       "compute");
    double t_comp2 = peer_cpu_now() - w0;
    fpa_opts_free(two);

    printf("variance_bench: %zu lines x %d periods over a 5-level tree of %zu nodes\n",
           leaves, P, n);
    printf("  medians of %d interleaved runs, thread CPU time; tree build (once) %.3f s\n",
           runs, t_tree);
    report(&roll, runs, leaves, have_peer);
    report(&comp, runs, leaves, have_peer);
    printf("  floor: a plain loop reading budget and actual and writing as many bytes "
           "as the call (3 x 8 and 8 + 4 bytes a cell)\n");
    printf("  variance %% and flags, 2 threads: %.3f s of this thread's CPU\n", t_comp2);
    volatile double observed = sink[cells / 2];  /* the floors' stores are not dead */
    (void)observed;
    printf("  root variance, period 1: %.2f\n", rv[0]);

    fpa_variance_tree_free(tree);
    free(names), free(ids), free(parents), free(parent), free(b), free(a);
    free(rb), free(ra), free(rv), free(pct), free(sink), free(flags), free(nature);
    free(nature8);
    return 0;
}
