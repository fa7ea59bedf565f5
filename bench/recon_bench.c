/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statement matching at 10,000 x 10,000, 100,000 x 100,000 and
 * 1,000,000 x 1,000,000 items: prints each time and the growth per tenfold
 * size, to show it is far below quadratic (a quadratic matcher would take
 * 100x per step; n log n takes a little over 10x).
 *
 * Data: ledger amounts from 1 cent to 100,000.00, dates over a year, half
 * with a reference; 90 % of the statement lines are ledger items (a few
 * with the reference lost) shifted 0 .. 2 days, in another order; the rest
 * are noise. */
#include "fpa/fpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)  /* thread CPU time: the machine is shared */
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t rnd(uint64_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % n;
}

static void *must(void *p)
{
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* A host's progress callback: counts its calls, never cancels. */
static int count_reports(void *ud, size_t done, size_t total)
{
    (void)done, (void)total;
    ++*(size_t *)ud;
    return 0;
}

/* Match n x n items; with `watched`, through options whose progress
 * callback is called every millisecond, checking that the pairs are the
 * same. */
static double run(size_t n, size_t *out_pairs, int watched, size_t *reports)
{
    int64_t *la = must(malloc(n * sizeof *la)), *ld = must(malloc(n * sizeof *ld));
    int64_t *sa = must(malloc(n * sizeof *sa)), *sd = must(malloc(n * sizeof *sd));
    int64_t *lm = must(malloc(n * sizeof *lm)), *sm = must(malloc(n * sizeof *sm));
    const char **lr = must(malloc(n * sizeof *lr)), **sr = must(malloc(n * sizeof *sr));
    char (*ref)[24] = must(malloc(n * sizeof *ref));
    for (size_t i = 0; i < n; i++) {
        la[i] = 1 + (int64_t)rnd(10000000);
        ld[i] = 19000 + (int64_t)rnd(365);
        snprintf(ref[i], sizeof ref[i], "INV%09zu", i);
        lr[i] = rnd(2) ? ref[i] : NULL;
    }
    for (size_t j = 0; j < n; j++) {
        if (rnd(10) < 9) {  /* a ledger item as the bank shows it */
            size_t i = (j * 7919) % n;  /* another order (7919 is prime) */
            sa[j] = la[i];
            sd[j] = ld[i] + (int64_t)rnd(3);
            sr[j] = rnd(10) < 8 ? lr[i] : NULL;
        } else {
            sa[j] = 1 + (int64_t)rnd(10000000);
            sd[j] = 19000 + (int64_t)rnd(365);
            sr[j] = NULL;
        }
    }
    fpa_opts *o = NULL;
    if (watched && (fpa_opts_new(&o, NULL, NULL) != FPA_OK ||
                    fpa_opts_set(o, FPA_OPT_PROGRESS_INTERVAL, 1) != FPA_OK ||
                    fpa_opts_set_progress(o, count_reports, reports) != FPA_OK)) {
        fprintf(stderr, "options failed\n");
        exit(1);
    }
    double t0 = now();
    fpa_status st = fpa_recon_match(lm, sm, NULL, out_pairs, la, ld, lr, n, sa, sd,
                                    sr, n, o);
    double t = now() - t0;
    fpa_opts_free(o);
    if (st != FPA_OK) {
        fprintf(stderr, "match: %s (%s)\n", fpa_status_name(st), fpa_error_last());
        exit(1);
    }
    free(la);
    free(ld);
    free(sa);
    free(sd);
    free(lm);
    free(sm);
    free(lr);
    free(sr);
    free(ref);
    return t;
}

int main(void)
{
    const size_t sizes[] = {10000, 100000, 1000000};
    double prev = 0;
    puts("recon_bench: fpa_recon_match, ledger items x statement lines "
         "(thread CPU time)");
    for (size_t k = 0; k < 3; k++) {
        size_t pairs, pairs_w = 0, reports = 0;
        double best = 1e30, best_w = 1e30;
        for (int r = 0; r < 3; r++) {  /* interleaved: without, then with a callback */
            rng = 0x9E3779B97F4A7C15u;
            double t = run(sizes[k], &pairs, 0, NULL);
            if (t < best) best = t;
            rng = 0x9E3779B97F4A7C15u;
            t = run(sizes[k], &pairs_w, 1, &reports);
            if (t < best_w) best_w = t;
        }
        if (pairs_w != pairs) {
            fprintf(stderr, "the progress callback changed the result\n");
            return 1;
        }
        printf("  %8zu x %-8zu %9.4f s  %8zu pairs", sizes[k], sizes[k], best, pairs);
        if (prev > 0) printf("  x%.1f for 10x the items (quadratic: x100)", best / prev);
        printf("\n                    with a progress callback every ms: %.4f s (%zu reports "
               "in 3 runs)\n", best_w, reports);
        prev = best;
    }
    return 0;
}
