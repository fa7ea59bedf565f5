/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: variance, spend control, hierarchies and
 * reconciliation on hostile numbers, trees with cycles, duplicates and
 * unknown parents, and int64 amounts near overflow. Results returned with
 * FPA_OK are checked against the documented formulas: flags from signs and
 * thresholds, windows and roll-ups that sum, decompositions whose parts add
 * up in minor units, matches that pair equal amounts within the window,
 * tie-outs and roll-forwards exact in 128 bits, and the same numbers for
 * every thread count. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef fz_i128 i128;

static const int variance_keys[] = {
    FPA_OPT_FISCAL_YEAR_START, FPA_OPT_VARIANCE_FY_START, FPA_OPT_VARIANCE_MATERIAL_ABS,
    FPA_OPT_VARIANCE_MATERIAL_PCT, FPA_OPT_VARIANCE_MATERIAL_RULE, FPA_OPT_VARIANCE_APPROVAL_LIMIT,
    FPA_OPT_VARIANCE_LIMIT_TOLERANCE, FPA_OPT_VARIANCE_DECIMALS, FPA_OPT_RECON_DATE_WINDOW,
    FPA_OPT_RECON_REQUIRE_REFERENCE, FPA_OPT_RECON_TOLERANCE,
};

static int fits(i128 x) { return x >= INT64_MIN && x <= INT64_MAX; }

static int64_t mag64(int64_t x) { return x < 0 ? (x == INT64_MIN ? INT64_MAX : -x) : x; }

typedef struct {
    double b[64], a[64], f[64];
    size_t n, lines, periods;
    int nature[64], rule[64];
    fpa_opts *opts;
} vcase;

/* The same call with one thread must give the same bits. */
static int threads_above_one(fpa_opts *o)
{
    return o && fz_opt(o, FPA_OPT_THREADS) != 1;
}

static int material(double v, double b, double abs_th, double pct_th, int rule)
{
    int by_abs = fabs(v) > abs_th, by_pct = fabs(v) > pct_th * fabs(b) || (b == 0 && v != 0);
    switch (rule) {
    case FPA_MATERIAL_EITHER: return by_abs || by_pct;
    case FPA_MATERIAL_BOTH: return by_abs && by_pct;
    case FPA_MATERIAL_ABS_ONLY: return by_abs;
    default: return by_pct;
    }
}

static void compute(fuzz_in *in, vcase *c)
{
    double var[64], pct[64], abs_th[64], pct_th[64];
    uint32_t flags[64];
    size_t cells = c->lines * c->periods;
    int with_th = fz_byte(in) & 1, with_rule = fz_byte(in) & 1;
    for (size_t i = 0; i < 64; i++) {
        abs_th[i] = fz_byte(in) < 128 ? NAN : fz_byte(in) < 200 ? fz_byte(in) * 100.0 : fz_double(in);
        pct_th[i] = fz_byte(in) < 128 ? NAN : fz_byte(in) < 200 ? fz_byte(in) / 100.0 : fz_double(in);
    }
    const double *ath = with_th ? abs_th : NULL, *pth = with_th ? pct_th : NULL;
    const int *rules = with_rule ? c->rule : NULL;
    fpa_status st = FZ(fpa_variance_compute(var, pct, flags, c->b, c->a, c->lines, c->periods,
                                            c->nature, ath, pth, rules, c->opts));
    if (st != FPA_OK) return;
    fz_finite(st, var, cells);
    fz_finite(st, pct, cells);
    double dabs = fz_opt(c->opts, FPA_OPT_VARIANCE_MATERIAL_ABS),
           dpct = fz_opt(c->opts, FPA_OPT_VARIANCE_MATERIAL_PCT);
    int drule = (int)fz_opt(c->opts, FPA_OPT_VARIANCE_MATERIAL_RULE);
    for (size_t i = 0; i < c->lines; i++)
        for (size_t t = 0; t < c->periods; t++) {
            size_t k = i * c->periods + t;
            double b = c->b[k], a = c->a[k], v = a - b;
            uint32_t want = 0;
            int cost = c->nature[i] == FPA_NATURE_COST;
            if (v != 0) want |= (v > 0) != cost ? FPA_VAR_FAVOURABLE : FPA_VAR_UNFAVOURABLE;
            double at = ath && !isnan(ath[i]) ? ath[i] : dabs, pt = pth && !isnan(pth[i]) ? pth[i] : dpct;
            if (material(v, b, at, pt, rules ? rules[i] : drule)) want |= FPA_VAR_MATERIAL;
            if (b == 0) want |= FPA_VAR_NO_BUDGET;
            if (b != 0 && a != 0 && (b > 0) != (a > 0)) want |= FPA_VAR_SIGN_FLIP;
            FZ_ASSERT(var[k] == v, "cell %zu: variance %.17g of %.17g - %.17g\n", k, var[k], a, b);
            FZ_ASSERT(b == 0 ? pct[k] == 0 : fz_close(pct[k], v / fabs(b), fabs(pct[k]), 1e-15),
                      "cell %zu: pct %.17g of %.17g / |%.17g|\n", k, pct[k], v, b);
            FZ_ASSERT(flags[k] == want, "cell %zu (line %zu, %s, rule %d): flags %u, want %u "
                      "(budget %.17g, actual %.17g)\n", k, i, cost ? "cost" : "revenue",
                      rules ? rules[i] : drule, flags[k], want, b, a);
        }
    if (threads_above_one(c->opts)) {
        double var1[64], pct1[64];
        uint32_t flags1[64];
        double threads = fz_opt(c->opts, FPA_OPT_THREADS);
        FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, 1));
        st = FZ(fpa_variance_compute(var1, pct1, flags1, c->b, c->a, c->lines, c->periods,
                                     c->nature, ath, pth, rules, c->opts));
        FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, threads));
        FZ_ASSERT(st == FPA_OK && fz_same(var, var1, cells) && fz_same(pct, pct1, cells) &&
                  memcmp(flags, flags1, cells * sizeof *flags) == 0,
                  "%g threads and 1 thread differ\n", threads);
    }
}

static void window(fuzz_in *in, vcase *c)
{
    double ob[64], oa[64];
    int first_month = 1 + fz_byte(in) % 13;
    size_t at = fz_byte(in) % 20, first = 0, last = 0;
    fpa_window win = (fpa_window)(fz_byte(in) % 7);
    fpa_status sr = FZ(fpa_variance_window_range(&first, &last, c->periods, first_month, at, win,
                                                 c->opts));
    fpa_status st = FZ(fpa_variance_window(ob, oa, c->b, c->a, c->f, c->lines, c->periods,
                                           first_month, at, win, c->opts));
    if (sr != FPA_OK && c->lines) FZ_ASSERT(st != FPA_OK, "the window has no range (%s)\n",
                                            fpa_status_name(sr));
    if (sr == FPA_OK) FZ_ASSERT(first <= last && last < c->periods && (win == FPA_WINDOW_OUTLOOK
                                ? first <= at && at <= last : last == at),
                                "window %d at %zu: %zu .. %zu\n", (int)win, at, first, last);
    if (st != FPA_OK) return;
    FZ_ASSERT(sr == FPA_OK, "a window without a range\n");
    fz_finite(st, ob, c->lines);
    fz_finite(st, oa, c->lines);
    for (size_t i = 0; i < c->lines; i++) {
        double sb = 0, sa = 0, mag = 0;
        for (size_t t = first; t <= last; t++) {
            double x = win == FPA_WINDOW_OUTLOOK && t > at ? c->f[i * c->periods + t]
                                                            : c->a[i * c->periods + t];
            sb += c->b[i * c->periods + t], sa += x;
            mag += fabs(c->b[i * c->periods + t]) + fabs(x);
        }
        FZ_ASSERT(fz_close(ob[i], sb, mag, 1e-12) && fz_close(oa[i], sa, mag, 1e-12),
                  "line %zu, periods %zu .. %zu: %.17g, %.17g; summed %.17g, %.17g\n", i, first,
                  last, ob[i], oa[i], sb, sa);
    }
}

static size_t tree_from(fuzz_in *in, fpa_tree **t, size_t *parent, fpa_opts *o)
{
    enum { MAXN = 24 };
    char names[MAXN][8];
    const char *ids[MAXN], *parents[MAXN];
    size_t nn = fz_byte(in) % MAXN;
    for (size_t i = 0; i < nn; i++) {
        snprintf(names[i], sizeof names[i], "n%u", (unsigned)(fz_byte(in) % (MAXN + 2)));
        ids[i] = names[i];
    }
    for (size_t i = 0; i < nn; i++) {
        uint8_t p = fz_byte(in);
        parents[i] = p % 3 == 0 ? NULL : p % 7 == 0 ? "" : ids[p % nn];
    }
    if (FZ(fpa_variance_tree_new(t, ids, parents, nn, o)) != FPA_OK) return 0;
    size_t nodes = fpa_variance_tree_size(*t), back;
    FZ_ASSERT(nodes == nn, "%zu nodes of %zu\n", nodes, nn);
    for (size_t i = 0; i < nodes; i++) {
        FZ_ASSERT(strcmp(fpa_variance_tree_id(*t, i), ids[i]) == 0 &&
                  FZ(fpa_variance_tree_find(&back, *t, ids[i])) == FPA_OK && back == i &&
                  FZ(fpa_variance_tree_parent(&parent[i], *t, i)) == FPA_OK,
                  "node %zu \"%s\"\n", i, ids[i]);
        FZ_ASSERT(parent[i] == FPA_TREE_NONE ? !parents[i] || !parents[i][0]
                                             : strcmp(ids[parent[i]], parents[i]) == 0,
                  "node %zu's parent\n", i);
    }
    FZ_ASSERT(fpa_variance_tree_id(*t, nodes) == NULL, "an id past the end\n");
    char s[8];
    if (FZ(fpa_variance_tree_find(&back, *t, fz_string(in, s, sizeof s))) == FPA_OK)
        FZ_ASSERT(strcmp(ids[back], s) == 0, "found \"%s\" as %zu\n", s, back);
    FZ(fpa_variance_tree_parent(&back, *t, nodes));
    return nodes;
}

static void tree(fuzz_in *in, vcase *c)
{
    enum { MAXN = 24, P = 13 };
    fpa_tree *t = NULL;
    size_t parent[MAXN], periods = c->periods;
    size_t nodes = tree_from(in, &t, parent, c->opts);
    if (!nodes) return;
    static double bb[MAXN * P], aa[MAXN * P], rb[MAXN * P], ra[MAXN * P], rv[MAXN * P],
        rb1[MAXN * P], ra1[MAXN * P], rv1[MAXN * P];
    for (size_t i = 0; i < nodes * periods; i++)
        bb[i] = fz_byte(in) < 200 ? fz_byte(in) : fz_double(in),
        aa[i] = fz_byte(in) < 200 ? fz_byte(in) : fz_double(in);
    fpa_status st = FZ(fpa_variance_rollup(rb, ra, rv, t, bb, aa, periods, c->opts));
    if (st == FPA_OK) {
        fz_finite(st, rb, nodes * periods);
        fz_finite(st, ra, nodes * periods);
        for (size_t i = 0; i < nodes; i++)
            for (size_t p = 0; p < periods; p++) {
                double sb = bb[i * periods + p], sa = aa[i * periods + p], mag = fabs(sb) + fabs(sa);
                for (size_t k = 0; k < nodes; k++)
                    if (parent[k] == i)
                        sb += rb[k * periods + p], sa += ra[k * periods + p],
                        mag += fabs(rb[k * periods + p]) + fabs(ra[k * periods + p]);
                size_t x = i * periods + p;
                FZ_ASSERT(fz_close(rb[x], sb, mag, 1e-12) && fz_close(ra[x], sa, mag, 1e-12) &&
                          fz_close(rv[x], ra[x] - rb[x], fabs(ra[x]) + fabs(rb[x]), 1e-12),
                          "node %zu, period %zu: %.17g %.17g %.17g, children %.17g %.17g\n", i,
                          p, rb[x], ra[x], rv[x], sb, sa);
            }
        if (threads_above_one(c->opts)) {
            double threads = fz_opt(c->opts, FPA_OPT_THREADS);
            FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, 1));
            st = FZ(fpa_variance_rollup(rb1, ra1, rv1, t, bb, aa, periods, c->opts));
            FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, threads));
            FZ_ASSERT(st == FPA_OK && fz_same(rb, rb1, nodes * periods) &&
                      fz_same(ra, ra1, nodes * periods) && fz_same(rv, rv1, nodes * periods),
                      "roll-ups differ for 1 and %g threads\n", threads);
        }
    }
    /* the impact on income: revenue actual - budget, cost budget - actual */
    static double imp[MAXN * P];
    int sub[MAXN];
    st = FZ(fpa_variance_rollup_impact(imp, sub, t, bb, aa, c->nature, periods, c->opts));
    for (size_t i = 0; st == FPA_OK && i < nodes; i++) {
        int want = c->nature[i];
        for (size_t k = 0; k < nodes; k++)
            if (parent[k] == i && sub[k] != want) want = FPA_NATURE_MIXED;
        FZ_ASSERT(sub[i] == want, "node %zu: subtree nature %d, want %d\n", i, sub[i], want);
        for (size_t p = 0; p < periods; p++) {
            double own = aa[i * periods + p] - bb[i * periods + p], sum, mag = fabs(own);
            sum = c->nature[i] == FPA_NATURE_COST ? -own : own;
            for (size_t k = 0; k < nodes; k++)
                if (parent[k] == i) sum += imp[k * periods + p], mag += fabs(imp[k * periods + p]);
            FZ_ASSERT(fz_close(imp[i * periods + p], sum, mag, 1e-12), "node %zu, period %zu: "
                      "impact %.17g, own and children %.17g\n", i, p, imp[i * periods + p], sum);
        }
    }
    /* a roll-up of budgets alone */
    st = FZ(fpa_variance_rollup(rb1, NULL, NULL, t, bb, NULL, periods, c->opts));
    if (st == FPA_OK && fz_byte(in) & 1)
        FZ_ASSERT(FZ(fpa_variance_rollup(rb, NULL, NULL, t, bb, NULL, periods, NULL)) == FPA_OK &&
                  fz_same(rb, rb1, nodes * periods), "budget roll-ups differ\n");
    size_t out_nodes[MAXN], count, avail, node = fz_byte(in) % (nodes + 1),
           cap = fz_byte(in) % (MAXN + 1);
    double contrib[MAXN], share[MAXN], one_b[MAXN], one_a[MAXN], one_v[MAXN];
    fpa_drill mode = (fpa_drill)(fz_byte(in) % 3);
    st = FZ(fpa_variance_drilldown(cap ? out_nodes : NULL, cap ? contrib : NULL,
                                   cap ? share : NULL, &count, &avail, t, bb, aa, node, mode, cap,
                                   c->opts));
    if (st == FPA_OK &&
        FZ(fpa_variance_rollup(one_b, one_a, one_v, t, bb, aa, 1, NULL)) == FPA_OK) {
        FZ_ASSERT(count == (cap < avail ? cap : avail) && avail <= nodes, "%zu of %zu, cap %zu\n",
                  count, avail, cap);
        /* the drill-down's own total may differ from the roll-up's by rounding */
        double total = one_v[node], sum = 0, mag = 0;
        for (size_t i = 0; i < nodes; i++) mag += fabs(aa[i]) + fabs(bb[i]);
        for (size_t j = 0; j < count; j++) {
            FZ_ASSERT(out_nodes[j] < nodes, "node %zu\n", out_nodes[j]);
            FZ_ASSERT(j == 0 || fabs(contrib[j - 1]) >= fabs(contrib[j]), "not ranked at %zu\n", j);
            FZ_ASSERT(fz_close(share[j] * total, contrib[j], fabs(share[j]) * mag, 1e-12) ||
                          (share[j] == 0 && fabs(total) <= 1e-12 * mag),
                      "share %zu: %g of %g / %g\n", j, share[j], contrib[j], total);
            for (size_t k = 0; k < j; k++) FZ_ASSERT(out_nodes[k] != out_nodes[j], "twice\n");
            sum += contrib[j];
        }
        if (count == avail)
            FZ_ASSERT(fz_close(sum, total, mag, 1e-12),
                      "node %zu: contributions sum to %.17g, its variance is %.17g\n", node, sum,
                      total);
    }
    fpa_variance_tree_free(t);
}

/* Minor units per major unit of the decompositions. */
static double minor_scale(const fpa_opts *o)
{
    return pow(10, fz_opt(o, FPA_OPT_VARIANCE_DECIMALS));
}

/* `x` major units is `exact` rounded to minor units: within `k` halves of
 * a minor unit (k roundings), plus the error of computing `exact`. */
static int rounded(double x, double exact, double mag, double scale, int k)
{
    if (!isfinite(mag * scale)) return 1;  /* no tolerance can be stated */
    return fabs(x - exact) * scale <= 0.5 * k + 1e-12 * mag * scale + 1e-9;
}

/* Sums of parts in minor units are exact while doubles hold them exactly
 * (well below 2^53 minor units); beyond, only to rounding. */
static int same_minor(double x, double y, double mag, double scale)
{
    if (mag * scale < 0x1p45) return llround(x * scale) == llround(y * scale);
    return fz_close(x, y, mag, 1e-14);
}

/* units x value, where a value that does not apply (NaN, since 1.1) to
 * zero units enters no result */
static double zmul(double units, double value) { return units == 0 ? 0 : units * value; }

static void sales_mix(fuzz_in *in, vcase *c)
{
    double price[16], cost[16], mix[16], qty[16], total[FPA_SALES_PARTS];
    size_t n = c->n < 16 ? c->n : 16;
    const double *bq = c->b, *bp = c->a, *aq = c->b + 16, *ap = c->a + 16;
    int margin = fz_byte(in) & 1;
    const double *bc = margin ? c->f : NULL, *ac = margin ? c->f + 16 : NULL;
    fpa_status st = FZ(fpa_variance_sales_mix(price, cost, mix, qty, total, bq, bp, bc, aq, ap, ac,
                                              n, c->opts));
    if (st != FPA_OK && st != FPA_PARTIAL) return;
    double s = minor_scale(c->opts), QB = 0, QA = 0, sum[4] = {0}, all = 0;
    for (size_t i = 0; i < n; i++) QB += bq[i], QA += aq[i];
    /* no budgeted mix: mix and quantity undefined, the rest written */
    int partial = QB == 0;
    FZ_ASSERT((st == FPA_PARTIAL) == partial, "%s with budgeted units summing to %g\n",
              fpa_status_name(st), QB);
    for (size_t i = 0; i < n; i++) {
        double ub = bp[i] - (margin ? bc[i] : 0), ua = ap[i] - (margin ? ac[i] : 0);
        double exact = zmul(aq[i], ua) - zmul(bq[i], ub),
               mag = (fabs(aq[i]) + fabs(bq[i])) *
                     (fabs(ap[i]) + fabs(bp[i]) + (margin ? fabs(ac[i]) + fabs(bc[i]) : 0));
        if (!isfinite(mag)) mag = 0;  /* a NaN price of zero units */
        mag += fabs(price[i]) + fabs(cost[i]);
        FZ_ASSERT(rounded(price[i], zmul(aq[i], ap[i] - bp[i]), mag, s, 1) &&
                  rounded(cost[i], margin ? -zmul(aq[i], ac[i] - bc[i]) : 0, mag, s, 1),
                  "product %zu: price %.17g cost %.17g\n", i, price[i], cost[i]);
        sum[0] += price[i], sum[1] += cost[i];
        all += fabs(price[i]) + fabs(cost[i]);
        if (partial) {
            FZ_ASSERT(isnan(mix[i]) && isnan(qty[i]), "product %zu: mix %g and quantity %g "
                      "without a budgeted mix\n", i, mix[i], qty[i]);
            continue;
        }
        double mix_exact = zmul(aq[i] - QA * bq[i] / QB, ub);
        mag += fabs(QA * bq[i] / QB * (isfinite(ub) ? ub : 0)) + fabs(mix[i]) + fabs(qty[i]);
        FZ_ASSERT(rounded(mix[i], mix_exact, mag, s, 1) &&
                  rounded(price[i] + cost[i] + mix[i] + qty[i], exact, mag, s, margin ? 4 : 2),
                  "product %zu: price %.17g cost %.17g mix %.17g quantity %.17g of %.17g\n", i,
                  price[i], cost[i], mix[i], qty[i], exact);
        sum[2] += mix[i], sum[3] += qty[i];
        all += fabs(mix[i]) + fabs(qty[i]);
    }
    for (int k = 0; k < 4; k++)
        FZ_ASSERT(partial && k >= 2 ? isnan(total[k]) : same_minor(total[k], sum[k], all, s),
                  "part %d: %.17g, products sum to %.17g\n", k, total[k], sum[k]);
    if (!partial)
        FZ_ASSERT(same_minor(total[FPA_SALES_TOTAL], total[0] + total[1] + total[2] + total[3],
                             all, s), "the total %.17g is not the sum of its parts\n",
                  total[FPA_SALES_TOTAL]);
}

static void cost(vcase *c)
{
    double price[16], qty[16], total[3];
    size_t n = c->n < 16 ? c->n : 16;
    const double *aq = c->b, *ap = c->a, *sq = c->f, *sp = c->b + 16;
    fpa_status st = FZ(fpa_variance_cost(price, qty, total, aq, ap, sq, sp, n, c->opts));
    if (st != FPA_OK) return;
    double s = minor_scale(c->opts), sum[2] = {0}, all = 0;
    for (size_t i = 0; i < n; i++) {
        double mag = (fabs(aq[i]) + fabs(sq[i])) * (fabs(ap[i]) + fabs(sp[i]));
        if (!isfinite(mag)) mag = 0;  /* a NaN price of zero units */
        mag += fabs(price[i]) + fabs(qty[i]);
        all += fabs(price[i]) + fabs(qty[i]);
        FZ_ASSERT(aq[i] >= 0 && sq[i] >= 0 && !(ap[i] < 0) && !(sp[i] < 0),
                  "input %zu: a negative quantity or price accepted\n", i);
        FZ_ASSERT(rounded(price[i], zmul(aq[i], ap[i] - sp[i]), mag, s, 1) &&
                  rounded(price[i] + qty[i], zmul(aq[i], ap[i]) - zmul(sq[i], sp[i]), mag, s, 2),
                  "input %zu: price %.17g quantity %.17g of AQ %.17g AP %.17g SQ %.17g SP %.17g\n",
                  i, price[i], qty[i], aq[i], ap[i], sq[i], sp[i]);
        sum[0] += price[i], sum[1] += qty[i];
    }
    FZ_ASSERT(same_minor(total[0], sum[0], all, s) && same_minor(total[1], sum[1], all, s) &&
              same_minor(total[2], total[0] + total[1], all, s),
              "totals %.17g %.17g %.17g\n", total[0], total[1], total[2]);
}

static void flexible(fuzz_in *in, vcase *c)
{
    double flexed[32], vol[32], flex[32], income[3], share[32];
    size_t n = c->n < 32 ? c->n : 32;
    for (size_t i = 0; i < n; i++) share[i] = fz_byte(in) < 230 ? (fz_byte(in) % 5) / 4.0 : fz_double(in);
    double bv = fz_byte(in) < 200 ? 1 + fz_byte(in) : fz_double(in),
           av = fz_byte(in) < 200 ? fz_byte(in) : fz_double(in);
    if (fz_byte(in) < 32) bv = 0;  /* nothing can flex */
    for (size_t i = 0; i < n; i++)
        if (c->b[i] == 0 && fz_byte(in) < 64) share[i] = NAN;  /* not applicable */
    fpa_status st = FZ(fpa_variance_flexible(flexed, vol, flex, income, c->b, c->a, share,
                                             c->nature, n, bv, av, c->opts));
    if (st != FPA_OK && st != FPA_PARTIAL) return;
    double s = minor_scale(c->opts), in_s = 0, in_f = 0, in_a = 0, all = 0;
    int undefined = 0;
    for (size_t i = 0; i < n; i++) {
        double S = c->b[i], A = c->a[i], v = S == 0 ? 0 : share[i];
        /* with a budgeted volume of 0, a line with a variable part cannot flex */
        if (bv == 0 && S != 0 && v != 0) {
            FZ_ASSERT(isnan(flexed[i]) && isnan(vol[i]) && isnan(flex[i]),
                      "line %zu flexed without a budgeted volume\n", i);
            undefined = 1;
            double sign = c->nature[i] == FPA_NATURE_REVENUE ? 1 : -1;
            in_s += sign * S, in_a += sign * A;  /* to rounding: only the incomes' checks */
            all += fabs(S) + fabs(A);
            continue;
        }
        double F = zmul(S, 1 - v) + (v ? S * v * av / bv : 0);
        double mag = fabs(S) + fabs(A) + fabs(F) + fabs(S * v) + fabs(vol[i]) + fabs(flex[i]);
        FZ_ASSERT(rounded(flexed[i], F, mag, s, 1) && rounded(flexed[i] - vol[i], S, mag, s, 1) &&
                  rounded(flex[i] + flexed[i], A, mag, s, 1),
                  "line %zu: flexed %.17g volume %.17g flexible %.17g (static %.17g, actual "
                  "%.17g, exact %.17g)\n", i, flexed[i], vol[i], flex[i], S, A, F);
        double sign = c->nature[i] == FPA_NATURE_REVENUE ? 1 : -1;
        in_s += sign * (flexed[i] - vol[i]), in_f += sign * flexed[i], in_a += sign * (flex[i] + flexed[i]);
        all += fabs(flexed[i]) + fabs(vol[i]) + fabs(flex[i]);
    }
    FZ_ASSERT((st == FPA_PARTIAL) == undefined, "%s, %s line left unflexed\n",
              fpa_status_name(st), undefined ? "a" : "no");
    if (undefined) {
        FZ_ASSERT(isnan(income[1]), "a flexible-budget income %g with a line unflexed\n", income[1]);
        FZ_ASSERT(rounded(income[0], in_s, all, s, (int)n) && rounded(income[2], in_a, all, s, (int)n),
                  "incomes %.17g %.17g with a line unflexed\n", income[0], income[2]);
        return;
    }
    FZ_ASSERT(same_minor(income[0], in_s, all, s) && same_minor(income[1], in_f, all, s) &&
              same_minor(income[2], in_a, all, s), "incomes %.17g %.17g %.17g, lines sum to %.17g %.17g %.17g\n",
              income[0], income[1], income[2], in_s, in_f, in_a);
}

/* The sales-quantity variance split into market share and market size. */
static void market(fuzz_in *in, vcase *c)
{
    double share = NAN, size_ = NAN, qb = fz_double(in), qa = fz_double(in), mb = fz_double(in),
           ma = fz_double(in), u = fz_double(in);
    if (fz_byte(in) < 200) mb = fabs(qb) * 2 + 1, ma = fabs(qa) * 2;  /* plausible shares */
    fpa_status st = FZ(fpa_variance_market(&share, fz_byte(in) & 1 ? &size_ : NULL, qb, qa, mb, ma,
                                           u, c->opts));
    if (st != FPA_OK) return;
    FZ_ASSERT(qb >= 0 && qa >= 0 && qb <= mb && qa <= ma && mb > 0, "market %g %g %g %g\n", qb,
              qa, mb, ma);
    double s = minor_scale(c->opts), mag = (fabs(qa) + fabs(qb) + fabs(ma) + fabs(mb)) * fabs(u);
    FZ_ASSERT(rounded(share, (qa - ma * qb / mb) * u, mag, s, 1), "market share %.17g\n", share);
    if (!isnan(size_))
        FZ_ASSERT(rounded(share + size_, (qa - qb) * u, mag, s, 1), "share %.17g + size %.17g of "
                  "%.17g\n", share, size_, (qa - qb) * u);
}

static void fixed_overhead(fuzz_in *in, vcase *c)
{
    double spend, vol, alloc, a = fz_double(in), b = fz_double(in),
           den = fz_byte(in) < 128 ? 1 + fz_byte(in) : fz_double(in),
           allowed = fz_byte(in) < 128 ? fz_byte(in) : fz_double(in);
    fpa_status st = FZ(fpa_variance_fixed_overhead(&spend, &vol, &alloc, a, b, den, allowed,
                                                   c->opts));
    if (st != FPA_OK) return;
    double s = minor_scale(c->opts), mag = fabs(a) + fabs(b) + fabs(b * allowed / den);
    FZ_ASSERT(rounded(alloc, b * allowed / den, mag, s, 1) && rounded(vol + alloc, b, mag, s, 1) &&
              rounded(spend + vol + alloc, a, mag, s, 1),
              "spending %.17g volume %.17g allocated %.17g of (%.17g, %.17g, %.17g, %.17g)\n",
              spend, vol, alloc, a, b, den, allowed);
}

static void accuracy(vcase *c)
{
    double mape[64], wape[64], bias[64], total[3];
    size_t cnt[64];
    fpa_status st = FZ(fpa_variance_accuracy(mape, wape, bias, cnt, total, c->b, c->a, c->lines,
                                             c->periods));
    fz_finite(st, total, 3);
    fz_finite(st, mape, c->lines);
    for (size_t i = 0; st == FPA_OK && i < c->lines; i++)
        FZ_ASSERT(mape[i] >= 0 && wape[i] >= 0 && cnt[i] <= c->periods, "line %zu\n", i);
}

/* Each line's measures are fpa_accuracy_metric() of its actuals and plan. */
static void plan_metrics(fuzz_in *in, vcase *c)
{
    fpa_metric m[4];
    size_t nm = 1 + fz_byte(in) % 4;
    for (size_t k = 0; k < nm; k++) m[k] = (fpa_metric)(fz_byte(in) % 9);
    static double pm[64 * 4];
    fpa_status st = FZ(fpa_variance_plan_metrics(pm, c->b, c->a, c->lines, c->periods, m, nm,
                                                 c->opts));
    if (st != FPA_OK && st != FPA_PARTIAL) return;
    int undefined = 0;
    for (size_t i = 0; i < c->lines; i++)
        for (size_t k = 0; k < nm; k++) {
            double v;
            const double *a = c->a + i * c->periods, *p = c->b + i * c->periods;
            fpa_status s1 = FZ(fpa_accuracy_metric(&v, m[k], a, p, c->periods, NULL, 0, 1));
            double got = pm[i * nm + k];
            FZ_ASSERT(s1 == FPA_OK ? memcmp(&v, &got, sizeof v) == 0 : isnan(got),
                      "line %zu, %s: %.17g, alone %s %.17g\n", i, fpa_metric_name(m[k]), got,
                      fpa_status_name(s1), v);
            undefined |= s1 != FPA_OK;
        }
    FZ_ASSERT((st == FPA_PARTIAL) == undefined, "%s with%s undefined measures\n",
              fpa_status_name(st), undefined ? "" : "out");
}

/* Items applied in order to their lines' running spend. */
static void spend(fuzz_in *in, vcase *c)
{
    size_t item_line[32], n_items = fz_byte(in) % 33, n_lines = fz_byte(in) % 9;
    double remaining[8], spent[8], limit[8];
    uint32_t flags[32];
    for (size_t j = 0; j < n_items; j++) item_line[j] = fz_byte(in) % (n_lines + 1);
    for (size_t i = 0; i < 8; i++)
        spent[i] = fz_byte(in) < 200 ? fz_byte(in) : fz_double(in),
        limit[i] = fz_byte(in) < 200 ? fz_byte(in) * 10.0 : fz_double(in);
    const double *sp = fz_byte(in) & 1 ? spent : NULL;
    fpa_status st = FZ(fpa_variance_spend_control(fz_byte(in) & 1 ? flags : NULL, remaining,
                                                  item_line, c->a, n_items, sp, limit, n_lines,
                                                  c->opts));
    if (st != FPA_OK) return;
    FZ(fpa_variance_spend_control(flags, remaining, item_line, c->a, n_items, sp, limit, n_lines,
                                  c->opts));
    fz_finite(st, remaining, n_lines);
    double tol = fz_opt(c->opts, FPA_OPT_VARIANCE_LIMIT_TOLERANCE),
           approval = fz_opt(c->opts, FPA_OPT_VARIANCE_APPROVAL_LIMIT), run[8];
    for (size_t i = 0; i < n_lines; i++) run[i] = sp ? sp[i] : 0;
    for (size_t j = 0; j < n_items; j++) {
        size_t i = item_line[j];
        double cap = limit[i] + tol * fabs(limit[i]);
        int before = run[i] > cap;
        run[i] += c->a[j];
        int after = run[i] > cap;
        uint32_t want = (after ? FPA_SPEND_OVER_LIMIT : 0u) |
                        (after && !before ? FPA_SPEND_CROSSES_LIMIT : 0u) |
                        (c->a[j] > approval ? FPA_SPEND_DUAL_APPROVAL : 0u);
        FZ_ASSERT(flags[j] == want, "item %zu on line %zu: flags %u, want %u\n", j, i, flags[j],
                  want);
    }
    for (size_t i = 0; i < n_lines; i++)
        FZ_ASSERT(remaining[i] == limit[i] - run[i], "line %zu: %.17g left of %.17g, spent "
                  "%.17g\n", i, remaining[i], limit[i], run[i]);
}

static int64_t day_gap(int64_t x, int64_t y) { return x > y ? x - y : y - x; }

/* One-to-one pairs of equal amounts within the date window, and no pair
 * left that either pass could still have made. */
static void match(fuzz_in *in, vcase *c)
{
    int64_t la[64], ld[64], sa[64], sd[64], lm[64], sm[64], tot[8], total, bounds[6];
    int rl[64];
    static const char *const refs[] = {NULL, "", "A", "B"};
    const char *lr[64], *sr[64];
    size_t pairs, nl = fz_byte(in) % 64, ns = fz_byte(in) % 64, cnt[8], bucket[64];
    for (size_t i = 0; i < 64; i++) {
        la[i] = fz_byte(in) < 200 ? fz_byte(in) % 8 : fz_i64(in);
        ld[i] = fz_byte(in) < 200 ? fz_byte(in) % 16 : fz_i64(in);
        sa[i] = fz_byte(in) < 200 ? fz_byte(in) % 8 : fz_i64(in);
        sd[i] = fz_byte(in) < 200 ? fz_byte(in) % 16 : fz_i64(in);
        lr[i] = refs[fz_byte(in) % 4], sr[i] = refs[fz_byte(in) % 4];
    }
    int with_refs = fz_byte(in) & 1;
    fpa_status st = FZ(fpa_recon_match(lm, sm, rl, &pairs, la, ld, with_refs ? lr : NULL, nl, sa,
                                       sd, with_refs ? sr : NULL, ns, c->opts));
    if (st == FPA_OK) {
        int64_t win = (int64_t)fz_opt(c->opts, FPA_OPT_RECON_DATE_WINDOW);
        int require = fz_opt(c->opts, FPA_OPT_RECON_REQUIRE_REFERENCE) != 0;
        size_t matched = 0;
        for (size_t i = 0; i < nl; i++) {
            if (lm[i] < 0) {
                FZ_ASSERT(lm[i] == -1 && rl[i] == FPA_MATCH_NONE, "ledger %zu\n", i);
                continue;
            }
            size_t j = (size_t)lm[i];
            matched++;
            FZ_ASSERT(j < ns && sm[j] == (int64_t)i && la[i] == sa[j] &&
                      day_gap(ld[i], sd[j]) <= win && (rl[i] == FPA_MATCH_REFERENCE ||
                                                       (rl[i] == FPA_MATCH_AMOUNT_DATE && !require)),
                      "ledger %zu matched to statement %zu by rule %d\n", i, j, rl[i]);
            if (rl[i] == FPA_MATCH_REFERENCE)
                FZ_ASSERT(with_refs && lr[i] && sr[j] && lr[i][0] && strcmp(lr[i], sr[j]) == 0,
                          "ledger %zu: a reference match without references\n", i);
        }
        FZ_ASSERT(pairs == matched, "%zu pairs, %zu matched\n", pairs, matched);
        for (size_t j = 0; j < ns; j++)
            FZ_ASSERT(sm[j] == -1 || (sm[j] >= 0 && (size_t)sm[j] < nl && lm[sm[j]] == (int64_t)j),
                      "statement %zu\n", j);
        for (size_t i = 0; i < nl; i++)
            for (size_t j = 0; lm[i] < 0 && j < ns; j++) {
                int same_ref = with_refs && lr[i] && sr[j] && lr[i][0] && strcmp(lr[i], sr[j]) == 0;
                FZ_ASSERT(sm[j] >= 0 || la[i] != sa[j] || day_gap(ld[i], sd[j]) > win ||
                          (require && !same_ref),
                          "ledger %zu and statement %zu could still be paired\n", i, j);
            }
    }
    size_t nb = fz_byte(in) % 7;
    for (size_t i = 0; i < 6; i++) bounds[i] = fz_byte(in) < 200 ? (int64_t)i * 30 : fz_i64(in);
    int64_t as_of = fz_byte(in) < 200 ? 20 : fz_i64(in);
    const int64_t *bd = fz_byte(in) & 1 ? bounds : NULL;
    st = FZ(fpa_recon_aging(tot, cnt, bucket, &total, la, ld, nl, as_of, bd, bd ? nb : 0));
    size_t k = bd ? nb : 4, count_sum = 0, which[64];
    i128 want[8] = {0}, all = 0;
    for (size_t i = 0; i < nl; i++) {
        i128 age = (i128)as_of - ld[i];
        size_t b = 0;
        while (b < k && age > (bd ? bd[b] : (int64_t)b * 30)) b++;
        which[i] = b, want[b] += la[i], all += la[i];
    }
    int representable = fits(all);
    for (size_t b = 0; b <= k; b++) representable &= fits(want[b]);
    if (representable && st == FPA_EOVERFLOW)
        FZ_FAIL("aging: totals that fit in int64 overflowed: %s\n", fpa_error_last());
    if (st != FPA_OK) return;
    for (size_t i = 0; i < nl; i++)
        FZ_ASSERT(bucket[i] == which[i], "item %zu is in bucket %zu, not %zu\n", i, bucket[i],
                  which[i]);
    for (size_t b = 0; b <= k; b++) {
        FZ_ASSERT(tot[b] == want[b], "bucket %zu total %lld\n", b, (long long)tot[b]);
        count_sum += cnt[b];
    }
    FZ_ASSERT(total == all && count_sum == nl, "total %lld, %zu counted of %zu\n",
              (long long)total, count_sum, nl);
}

/* Roll-forwards and tie-outs are exact: in 128 bits, the differences are
 * the ones returned, and a tie-out fails only when a result overflows. */
static void rollforward_tieout(fuzz_in *in, vcase *c)
{
    int64_t open[16], mov[64], close_[16], prior[16], cd[16], od[16], gl[16], sub[64],
        subsum[16], diff[16];
    size_t breaks, acct[64], nacc = 1 + fz_byte(in) % 4, per = 1 + fz_byte(in) % 4,
           nmov = fz_byte(in) % 3, nsub = fz_byte(in) % 64;
    for (size_t i = 0; i < 16; i++)
        open[i] = fz_i64(in), close_[i] = fz_i64(in), prior[i] = fz_i64(in), gl[i] = fz_i64(in);
    for (size_t i = 0; i < 64; i++) mov[i] = fz_i64(in), sub[i] = fz_i64(in), acct[i] = fz_byte(in) % 6;
    const int64_t *pr = fz_byte(in) & 1 ? prior : NULL;
    int64_t tol = (int64_t)fz_opt(c->opts, FPA_OPT_RECON_TOLERANCE);
    fpa_status st = FZ(fpa_recon_rollforward(cd, od, &breaks, open, nmov ? mov : NULL, nmov,
                                             close_, pr, nacc, per, c->opts));
    /* the exact differences; only one that does not fit in int64 fails */
    i128 want_cd[16], want_od[16];
    int representable = 1;
    for (size_t i = 0; i < nacc; i++)
        for (size_t t = 0; t < per; t++) {
            size_t x = i * per + t;
            i128 s = open[x];
            for (size_t k = 0; k < nmov; k++) s += mov[x * nmov + k];
            want_cd[x] = close_[x] - s;
            want_od[x] = t ? (i128)open[x] - close_[x - 1] : pr ? (i128)open[x] - pr[i] : 0;
            representable &= fits(want_cd[x]) && fits(want_od[x]);
        }
    FZ_ASSERT(!representable || st == FPA_OK, "a roll-forward whose differences fit in int64 "
              "failed: %s\n", fpa_error_last());
    if (st == FPA_OK) {
        size_t want = 0;
        for (size_t x = 0; x < nacc * per; x++) {
            FZ_ASSERT(cd[x] == want_cd[x] && od[x] == want_od[x], "cell %zu\n", x);
            want += mag64(cd[x]) > tol || mag64(od[x]) > tol;
        }
        FZ_ASSERT(breaks == want, "%zu breaks, counted %zu\n", breaks, want);
    }
    st = FZ(fpa_recon_tieout(subsum, diff, &breaks, gl, nacc, sub, acct, nsub, c->opts));
    int named = 1;
    i128 sum[16] = {0};
    for (size_t j = 0; j < nsub; j++) {
        named &= acct[j] < nacc;
        if (acct[j] < nacc) sum[acct[j]] += sub[j];
    }
    representable = named;
    for (size_t i = 0; i < nacc; i++) representable &= fits(sum[i]) && fits(gl[i] - sum[i]);
    if (representable)
        FZ_ASSERT(st == FPA_OK || st == FPA_ENOMEM, "a tie-out whose totals and differences fit "
                  "in int64 failed: %s\n", fpa_error_last());
    if (st != FPA_OK) return;
    size_t want = 0;
    for (size_t i = 0; i < nacc; i++) {
        FZ_ASSERT(subsum[i] == sum[i] && diff[i] == gl[i] - sum[i], "account %zu\n", i);
        want += mag64(diff[i]) > tol;
    }
    FZ_ASSERT(breaks == want, "%zu breaks, counted %zu\n", breaks, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    vcase c;
    uint8_t which = fz_byte(&in);
    memset(&c, 0, sizeof c);
    c.n = fz_doubles(&in, c.b, 64);
    fz_doubles(&in, c.a, 64);
    fz_doubles(&in, c.f, 64);
    c.periods = 1 + fz_byte(&in) % 13, c.lines = c.n / c.periods;
    for (size_t i = 0; i < 64; i++) {
        c.nature[i] = fz_byte(&in) % 3;  /* 2 is invalid on purpose */
        c.rule[i] = fz_byte(&in) % 5;
    }
    c.opts = fz_opts(&in);
    fz_set_some(&in, c.opts, variance_keys, sizeof variance_keys / sizeof *variance_keys);
    switch (which % 16) {  /* room for more calls without moving the seeds */
    case 0: compute(&in, &c); break;
    case 1: window(&in, &c); break;
    case 2: tree(&in, &c); break;
    case 3: sales_mix(&in, &c); break;
    case 4: cost(&c); break;
    case 5: flexible(&in, &c); break;
    case 6: fixed_overhead(&in, &c); break;
    case 7: accuracy(&c); break;
    case 8: spend(&in, &c); break;
    case 9: match(&in, &c); break;
    case 11: market(&in, &c); break;
    case 12: plan_metrics(&in, &c); break;
    default: rollforward_tieout(&in, &c); break;
    }
    fz_opts_free(c.opts);
    return 0;
}
