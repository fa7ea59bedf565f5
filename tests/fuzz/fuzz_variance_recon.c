/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: variance, hierarchy and reconciliation entry points on
 * hostile numbers, trees with cycles, duplicates and unknown parents, and
 * int64 amounts near overflow. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    double b[64] = {0}, a[64] = {0}, f[64] = {0}, o1[64] = {0}, o2[64], o3[64], o4[64],
           o5[64] = {0};
    uint32_t flags[64];
    int nature[64], rule[64];
    size_t n = fz_doubles(&in, b, 64);
    fz_doubles(&in, a, 64);
    fz_doubles(&in, f, 64);
    size_t periods = 1 + fz_byte(&in) % 13, lines = n / periods;
    for (size_t i = 0; i < 64; i++) {
        nature[i] = fz_byte(&in) % 3;  /* 2 is invalid on purpose */
        rule[i] = fz_byte(&in) % 5;
    }
    fpa_opts *opts = NULL;
    if (fz_byte(&in) & 1 && fpa_opts_new(&opts, NULL, NULL) == FPA_OK) {
        fpa_opts_set(opts, FPA_OPT_THREADS, 1 + fz_byte(&in) % 3);
        fpa_opts_set(opts, FPA_OPT_VARIANCE_FY_START, 1 + fz_byte(&in) % 13);
    }
    fpa_status st;
    switch (fz_byte(&in) % 10) {
    case 0:
        st = fpa_variance_compute(o1, o2, flags, b, a, lines, periods, nature,
                                  fz_byte(&in) & 1 ? f : NULL, NULL,
                                  fz_byte(&in) & 1 ? rule : NULL, opts);
        fz_check_all(st, o1, lines * periods);
        break;
    case 1: {
        size_t at = fz_byte(&in) % 20;
        st = fpa_variance_window(o1, o2, b, a, f, lines, periods, 1 + fz_byte(&in) % 13, at,
                                 (fpa_window)(fz_byte(&in) % 7), opts);
        fz_check_all(st, o1, lines);
        break;
    }
    case 2: {
        /* a tree from the input: parent of node i is any node, or none */
        enum { MAXN = 24 };
        char names[MAXN][8];
        const char *ids[MAXN], *parents[MAXN];
        size_t nn = fz_byte(&in) % MAXN;
        for (size_t i = 0; i < nn; i++) {
            snprintf(names[i], sizeof names[i], "n%u", (unsigned)(fz_byte(&in) % (MAXN + 2)));
            ids[i] = names[i];
        }
        for (size_t i = 0; i < nn; i++) {
            uint8_t p = fz_byte(&in);
            parents[i] = p % 3 == 0 ? NULL : ids[p % nn];
        }
        fpa_tree *t = NULL;
        st = fpa_variance_tree_new(&t, ids, parents, nn, opts);
        if (st == FPA_OK) {
            size_t nodes = fpa_variance_tree_size(t);
            static double bb[MAXN * 13], aa[MAXN * 13], rb[MAXN * 13], ra[MAXN * 13],
                rv[MAXN * 13], share[MAXN];
            for (size_t i = 0; i < nodes * periods; i++) bb[i] = fz_double(&in), aa[i] = fz_double(&in);
            fpa_variance_rollup(rb, ra, rv, t, bb, aa, periods, opts);
            int sub[MAXN];
            st = fpa_variance_rollup_impact(rv, sub, t, bb, aa, nature, periods, opts);
            if (st == FPA_OK)
                for (size_t i = 0; i < nodes; i++)
                    if (sub[i] < FPA_NATURE_REVENUE || sub[i] > FPA_NATURE_MIXED) abort();
            fz_check_all(st, rv, nodes * periods);
            size_t out_nodes[MAXN], count, avail;
            fpa_variance_drilldown(out_nodes, share, o5, &count, &avail, t, bb, aa,
                                   fz_byte(&in) % (nodes + 1), (fpa_drill)(fz_byte(&in) % 3),
                                   fz_byte(&in) % (MAXN + 1), opts);
            fpa_variance_tree_free(t);
        } else if (fpa_error_last()[0] == 0)
            FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        break;
    }
    case 3: {
        double total[8];
        st = fpa_variance_sales_mix(o1, o2, o3, o4, total, b, a, f, b + 16, a + 16, f + 16,
                                    n < 16 ? n : 16, opts);
        fz_check_all(st, total, 8 < FPA_SALES_PARTS ? 8 : FPA_SALES_PARTS);
        break;
    }
    case 4: {
        double total[4];
        st = fpa_variance_cost(o1, o2, total, b, a, f, o5, n < 16 ? n : 16, opts);
        break;
    }
    case 5:
        st = fpa_variance_flexible(o1, o2, o3, o4, b, a, f, nature, n < 32 ? n : 32,
                                   fz_double(&in), fz_double(&in), opts);
        fz_check_all(st, o1, 0);
        break;
    case 6: {
        double mape[64], wape[64], bias[64], total[3];
        size_t cnt[64];
        st = fpa_variance_accuracy(mape, wape, bias, cnt, total, b, a, lines, periods);
        fz_check_all(st, total, 0);
        fpa_metric m[4];
        size_t nm = 1 + fz_byte(&in) % 4;
        for (size_t k = 0; k < nm; k++) m[k] = (fpa_metric)(fz_byte(&in) % 9);
        static double pm[64 * 4];
        st = fpa_variance_plan_metrics(pm, b, a, lines, periods, m, nm, opts);
        fz_check_all(st, pm, lines * nm);
        break;
    }
    case 8: {
        st = fpa_variance_market(o1, o2, fz_double(&in), fz_double(&in), fz_double(&in),
                                 fz_double(&in), fz_double(&in), opts);
        fz_check_all(st, o1, 1);
        break;
    }
    case 7: {
        int64_t la[64], ld[64], sa[64], sd[64], lm[64], sm[64];
        int rl[64];
        size_t pairs, nl = fz_byte(&in) % 64, ns = fz_byte(&in) % 64;
        for (size_t i = 0; i < 64; i++)
            la[i] = fz_i64(&in), ld[i] = fz_i64(&in), sa[i] = fz_i64(&in), sd[i] = fz_i64(&in);
        st = fpa_recon_match(lm, sm, rl, &pairs, la, ld, NULL, nl, sa, sd, NULL, ns, opts);
        if (st == FPA_OK && pairs > (nl < ns ? nl : ns)) abort();
        int64_t totals[8], total, bounds[6];
        size_t counts[8], bucket[64];
        for (size_t i = 0; i < 6; i++) bounds[i] = fz_i64(&in);
        fpa_recon_aging(totals, counts, bucket, &total, la, ld, nl, fz_i64(&in),
                        fz_byte(&in) & 1 ? bounds : NULL, fz_byte(&in) % 7);
        break;
    }
    default: {
        int64_t open[16], mov[64], close_[16], prior[16], cd[16], od[16], gl[16], sub[64],
            subsum[16], diff[16];
        size_t breaks, acct[64], nacc = 1 + fz_byte(&in) % 4, per = 1 + fz_byte(&in) % 4;
        for (size_t i = 0; i < 16; i++)
            open[i] = fz_i64(&in), close_[i] = fz_i64(&in), prior[i] = fz_i64(&in),
            gl[i] = fz_i64(&in);
        for (size_t i = 0; i < 64; i++) mov[i] = fz_i64(&in), sub[i] = fz_i64(&in),
            acct[i] = fz_byte(&in) % 6;
        fpa_recon_rollforward(cd, od, &breaks, open, mov, fz_byte(&in) % 3, close_,
                              fz_byte(&in) & 1 ? prior : NULL, nacc, per, opts);
        fpa_recon_tieout(subsum, diff, &breaks, gl, nacc, sub, acct, fz_byte(&in) % 64, opts);
        break;
    }
    }
    fpa_opts_free(opts);
    return 0;
}
