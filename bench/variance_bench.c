/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Budget vs actual with roll-ups: 1,000,000 lines x 12 periods over a
 * 5-level tree (1 root, 10, 100, 1,000 inner nodes, 1,000 leaves under each
 * of the last). Prints lines per second and the bytes per second achieved,
 * against a plain memcpy of the same input bytes timed in the same run
 * (the machine's copy bandwidth, the bound to stay within 3x of).
 *
 * usage: variance_bench [lines_per_department]   (default 1000) */
#include "fpa/fpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { P = 12, REPEAT = 5 };

/* CPU time of this thread: the machine is shared, and wall-clock time
 * would count the time other processes hold the core. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall-clock time, for the threaded run. */
static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *must(void *p)
{
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static void ok(fpa_status st, const char *what)
{
    if (st != FPA_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, fpa_status_name(st), fpa_error_last());
        exit(1);
    }
}

int main(int argc, char **argv)
{
    size_t per_dept = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    const size_t fan[] = {1, 10, 100, 1000};  /* nodes per inner level */
    size_t inner = 0;
    for (int l = 0; l < 4; l++) inner += fan[l];
    size_t leaves = fan[3] * per_dept, n = inner + leaves;

    /* ids "n<index>"; the parent of an inner node of level l is node
     * (its index within the level) / 10 of level l-1; leaves follow their
     * department */
    char *names = must(malloc(n * 24));
    const char **ids = must(malloc(n * sizeof *ids));
    const char **parents = must(malloc(n * sizeof *parents));
    size_t first[5] = {0, 1, 11, 111, inner};
    for (size_t i = 0; i < n; i++) {
        snprintf(names + i * 24, 24, "n%zu", i);
        ids[i] = names + i * 24;
    }
    parents[0] = NULL;
    for (int l = 1; l < 4; l++)
        for (size_t k = 0; k < fan[l]; k++)
            parents[first[l] + k] = ids[first[l - 1] + k / 10];
    for (size_t k = 0; k < leaves; k++) parents[inner + k] = ids[first[3] + k / per_dept];

    double t0 = now();
    fpa_tree *tree;
    ok(fpa_variance_tree_new(&tree, ids, parents, n, NULL), "tree");
    double t_tree = now() - t0;

    size_t cells = n * P, bytes = cells * sizeof(double);
    double *b = must(calloc(cells, sizeof *b)), *a = must(calloc(cells, sizeof *a));
    double *rb = must(malloc(bytes)), *ra = must(malloc(bytes)), *rv = must(malloc(bytes));
    double *pct = must(malloc(bytes));
    uint32_t *flags = must(malloc(cells * sizeof *flags));
    int *nature = must(malloc(n * sizeof *nature));
    char *copy = must(malloc(2 * bytes));
    uint64_t x = 42;
    for (size_t k = inner * P; k < cells; k++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        b[k] = (double)(x >> 40) / 100;
        a[k] = b[k] * (0.9 + (double)((x >> 20) & 0xFFFF) / 327680);
    }
    for (size_t i = 0; i < n; i++) nature[i] = (int)(i % 2);
    /* fault every page in before timing anything */
    memset(rb, 0, bytes);
    memset(ra, 0, bytes);
    memset(rv, 0, bytes);
    memset(pct, 0, bytes);
    memset(flags, 0, cells * sizeof *flags);
    memset(copy, 0, 2 * bytes);

    fpa_opts *two;
    ok(fpa_opts_new(&two, NULL, NULL), "opts");
    ok(fpa_opts_set(two, FPA_OPT_THREADS, 2), "threads");
    double t_copy = 1e30, t_roll = 1e30, t_comp = 1e30, t_comp2 = 1e30, t_roll2 = 1e30;
    for (int r = 0; r < REPEAT; r++) {
        t0 = now();
        memcpy(copy, b, bytes);
        memcpy(copy + bytes, a, bytes);
        double t = now() - t0;
        if (t < t_copy) t_copy = t;

        t0 = now();
        ok(fpa_variance_rollup(rb, ra, rv, tree, b, a, P, NULL), "rollup");
        t = now() - t0;
        if (t < t_roll) t_roll = t;

        t0 = now();
        ok(fpa_variance_compute(NULL, pct, flags, rb, ra, n, P, nature, NULL, NULL,
                                NULL, NULL), "compute");
        t = now() - t0;
        if (t < t_comp) t_comp = t;

        double w0 = wall();
        ok(fpa_variance_rollup(rb, ra, rv, tree, b, a, P, two), "rollup");
        t = wall() - w0;
        if (t < t_roll2) t_roll2 = t;

        w0 = wall();
        ok(fpa_variance_compute(NULL, pct, flags, rb, ra, n, P, nature, NULL, NULL,
                                NULL, two), "compute");
        t = wall() - w0;
        if (t < t_comp2) t_comp2 = t;
    }
    fpa_opts_free(two);
    if (copy[bytes / 2] == 1) puts("");  /* keep the copy observable */

    double in_bytes = 2.0 * (double)bytes;  /* budget + actual */
    double copy_bw = in_bytes / t_copy;
    printf("variance_bench: %zu lines x %d periods over a 5-level tree of %zu nodes\n",
           leaves, P, n);
    printf("  best of %d runs, thread CPU time; input = budget + actual = %.1f MB\n",
           REPEAT, in_bytes / 1e6);
    printf("  tree build (once):          %8.3f s\n", t_tree);
    printf("  memcpy of the input bytes:  %8.3f s  %6.2f GB/s  (the bound)\n",
           t_copy, copy_bw / 1e9);
    printf("  roll-up (budget, actual, variance at every node):\n"
           "                              %8.3f s  %6.2f GB/s  %.2fx the memcpy time"
           "  %.3g lines/s\n", t_roll, in_bytes / t_roll / 1e9, t_roll / t_copy,
           (double)leaves / t_roll);
    printf("  the same on 2 threads (wall clock, shared machine): %.3f s\n", t_roll2);
    printf("  variance %% and flags at every node (fpa_variance_compute):\n"
           "                              %8.3f s  %6.2f GB/s  %.2fx the memcpy time\n",
           t_comp, in_bytes / t_comp / 1e9, t_comp / t_copy);
    printf("  the same on 2 threads (wall clock, shared machine): %.3f s\n", t_comp2);
    double t_all = t_roll + t_comp;
    printf("  whole review (roll-up + flags): %6.3f s  %6.2f GB/s  %.2fx the memcpy time"
           "  %.3g lines/s\n", t_all, in_bytes / t_all / 1e9, t_all / t_copy,
           (double)leaves / t_all);
    printf("  root variance, period 1: %.2f\n", rv[0]);

    fpa_variance_tree_free(tree);
    free(names);
    free(ids);
    free(parents);
    free(b);
    free(a);
    free(rb);
    free(ra);
    free(rv);
    free(pct);
    free(flags);
    free(nature);
    free(copy);
    return 0;
}
