/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: hierarchical forecasting on trees from the input
 * (forests, single chains, cycles and unknown parents too), with hostile
 * histories (late-starting lines, NaN, huge values), every base method,
 * reconciliation method and interval kind. Reconciled forecasts must be
 * coherent (every node the sum of its children), intervals ordered and
 * nested, and each node's base forecast what a single fit gives its row. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAXN = 12, MAXT = 40, MAXH = 8 };

static const int hier_keys[] = {
    FPA_OPT_SEED, FPA_OPT_FORECAST_ETS_ERROR, FPA_OPT_FORECAST_ETS_TREND,
    FPA_OPT_FORECAST_ETS_SEASON, FPA_OPT_FORECAST_FALLBACK, FPA_OPT_FORECAST_ADJUST,
    FPA_OPT_FORECAST_INTERVALS, FPA_OPT_FORECAST_MAX_GAP,
};

typedef struct {
    fpa_tree *tree;
    size_t nodes, parent[MAXN];
    double y[MAXN * MAXT];
    size_t T, period, h, nlev;
    double levels[2];
    fpa_hierarchy_data which;
    fpa_forecast_method method;
    fpa_reconcile_method recon;
    fpa_hierarchy_intervals intervals;
    fpa_opts *opts;
} hier_case;

static fpa_status make_tree(fuzz_in *in, hier_case *c)
{
    char names[MAXN][8];
    const char *ids[MAXN], *parents[MAXN];
    size_t n = 1 + fz_byte(in) % MAXN;
    int hostile = fz_byte(in) < 16;
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "n%u",
                 hostile ? (unsigned)(fz_byte(in) % (MAXN + 2)) : (unsigned)i);
        ids[i] = names[i];
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t p = fz_byte(in);
        if (hostile) parents[i] = p % 3 == 0 ? NULL : ids[p % n];
        else parents[i] = i == 0 || p % 4 == 0 ? NULL : ids[p % i];  /* a forest, parents first */
    }
    fpa_status st = FZ(fpa_variance_tree_new(&c->tree, ids, fz_byte(in) % 16 ? parents : NULL, n,
                                             c->opts));
    if (st != FPA_OK) return st;
    c->nodes = fpa_variance_tree_size(c->tree);
    FZ_ASSERT(c->nodes == n, "%zu nodes for %zu ids\n", c->nodes, n);
    for (size_t i = 0; i < n; i++) {
        size_t back;
        FZ_ASSERT(FZ(fpa_variance_tree_parent(&c->parent[i], c->tree, i)) == FPA_OK &&
                  (c->parent[i] == FPA_TREE_NONE || c->parent[i] < n), "node %zu\n", i);
        FZ_ASSERT(FZ(fpa_variance_tree_find(&back, c->tree, fpa_variance_tree_id(c->tree, i))) ==
                  FPA_OK && back == i, "node %zu\n", i);
    }
    return FPA_OK;
}

static void history(fuzz_in *in, hier_case *c)
{
    c->T = 1 + fz_byte(in) % MAXT;
    for (size_t i = 0; i < c->nodes; i++) {
        double level = 10 + fz_byte(in), slope = (fz_byte(in) % 9) / 4.0 - 1;
        size_t start = fz_byte(in) < 32 ? fz_byte(in) % c->T : 0;
        for (size_t t = 0; t < c->T; t++)
            c->y[i * c->T + t] = t < start ? NAN : level + slope * (double)t +
                                                   (fz_byte(in) % 16) * ((t % 4) == 0 ? 2 : 1);
        for (int k = fz_byte(in) % 3 == 0; k > 0; k--)
            c->y[i * c->T + fz_byte(in) % c->T] = fz_double(in);
    }
}

static int is_leaf(const hier_case *c, size_t i)
{
    for (size_t k = 0; k < c->nodes; k++)
        if (c->parent[k] == i) return 0;
    return 1;
}

/* Every inner node's reconciled forecast is the sum of its children's. */
static void coherent(const hier_case *c, const double *mean)
{
    for (size_t i = 0; i < c->nodes; i++) {
        if (is_leaf(c, i)) continue;
        for (size_t j = 0; j < c->h; j++) {
            double sum = 0, mag = 0;
            for (size_t k = 0; k < c->nodes; k++)
                if (c->parent[k] == i) sum += mean[k * c->h + j], mag += fabs(mean[k * c->h + j]);
            FZ_ASSERT(fz_close(mean[i * c->h + j], sum, mag, 1e-9),
                      "node %zu, horizon %zu: %.17g, its children sum to %.17g\n", i, j,
                      mean[i * c->h + j], sum);
        }
    }
}

/* Node i's base forecast is fpa_forecast_fit() and fpa_forecast_predict()
 * on its own row (its own history: every node's row is read). */
static void base_is_single(const hier_case *c, size_t i, const double *base)
{
    fpa_forecast_model *m = NULL;
    double mean[MAXH];
    if (FZ(fpa_forecast_fit(&m, c->method, c->y + i * c->T, c->T, c->period, c->opts)) == FPA_OK &&
        FZ(fpa_forecast_predict(mean, NULL, NULL, m, c->h, NULL, 0, c->opts)) == FPA_OK)
        FZ_ASSERT(fz_same(mean, base + i * c->h, c->h), "node %zu: base forecasts differ from a "
                  "single fit's\n", i);
    fpa_forecast_model_free(m);
}

static void result(fuzz_in *in, const hier_case *c, fpa_hierarchy_result *res)
{
    size_t nodes, h, nl, nb = c->nodes * c->h * c->nlev;
    FZ_ASSERT(FZ(fpa_hierarchy_result_size(&nodes, &h, &nl, res)) == FPA_OK && nodes == c->nodes &&
              h == c->h && nl == c->nlev, "%zu x %zu x %zu\n", nodes, h, nl);
    static double mean[MAXN * MAXH], base[MAXN * MAXH], lo[2 * MAXN * MAXH], hi[2 * MAXN * MAXH];
    size_t cap = fz_byte(in) < 240 ? nodes * h : fz_byte(in) % (nodes * h + 1);
    fpa_status st = FZ(fpa_hierarchy_result_mean(mean, cap, res, FPA_HIERARCHY_RECONCILED));
    FZ_ASSERT((st == FPA_ESIZE) == (cap < nodes * h), "mean: cap %zu\n", cap);
    if (st != FPA_OK) return;
    fz_finite(st, mean, nodes * h);
    coherent(c, mean);
    FZ_ASSERT(FZ(fpa_hierarchy_result_mean(base, nodes * h, res, FPA_HIERARCHY_BASE)) == FPA_OK,
              "base\n");
    fz_finite(FPA_OK, base, nodes * h);
    FZ(fpa_hierarchy_result_mean(base, nodes * h, res, (fpa_hierarchy_view)2));
    double opt_iv = 0;
    FZ(fpa_opts_get(&opt_iv, c->opts, FPA_OPT_FORECAST_INTERVALS));
    for (int view = 0; view < 2; view++) {
        const double *mu = view == FPA_HIERARCHY_RECONCILED ? mean : base;
        int centred = view == FPA_HIERARCHY_RECONCILED
                          ? c->intervals == FPA_HIERARCHY_GAUSSIAN
                          : opt_iv == FPA_INTERVALS_AUTO && c->method != FPA_FORECAST_COMBO;
        if (FZ(fpa_hierarchy_result_bounds(lo, hi, nb, res, (fpa_hierarchy_view)view)) != FPA_OK)
            continue;
        fz_finite(FPA_OK, lo, nb);
        fz_finite(FPA_OK, hi, nb);
        for (size_t i = 0; i < nodes; i++)
            snprintf(fz_note, sizeof fz_note, "%s intervals of node %zu (%s) of %zu nodes, "
                     "method %d, reconciled by %s, %s intervals, forecast intervals %g",
                     view ? "base" : "reconciled", i, fpa_hierarchy_result_model(res, i), nodes,
                     (int)c->method, fpa_reconcile_method_name(c->recon),
                     c->intervals ? "simulated" : "Gaussian", opt_iv),
            fz_bands(mu + i * h, lo + i * c->nlev * h, hi + i * c->nlev * h, h, c->levels,
                     c->nlev, centred);
    }
    for (size_t i = 0; i <= nodes; i++)
        FZ_ASSERT((fpa_hierarchy_result_model(res, i) != NULL) == (i < nodes), "model %zu\n", i);
    fpa_reconcile_method how;
    double lambda;
    FZ_ASSERT(FZ(fpa_hierarchy_result_info(&how, &lambda, res)) == FPA_OK && how == c->recon &&
              lambda >= 0 && lambda <= 1, "%d, lambda %g\n", (int)how, lambda);
    if (c->which == FPA_HIERARCHY_ALL_NODES) base_is_single(c, fz_byte(in) % nodes, base);
}

static void run(fuzz_in *in, hier_case *c)
{
    fpa_hierarchy *hier = NULL;
    if (FZ(fpa_hierarchy_new(&hier, c->tree, c->opts)) != FPA_OK) return;
    fpa_hierarchy_result *res = NULL;
    if (fz_byte(in) < 16) {  /* no data yet */
        FZ_ASSERT(FZ(fpa_hierarchy_forecast(&res, hier, 1, NULL, 0, c->opts)) != FPA_OK, "\n");
        fpa_hierarchy_free(hier);
        return;
    }
    FZ(fpa_hierarchy_set_method(hier, c->method));
    FZ(fpa_hierarchy_set_reconcile(hier, c->recon));
    FZ(fpa_hierarchy_set_intervals(hier, c->intervals));
    fpa_status st = FZ(fpa_hierarchy_set_data(hier, c->y, c->T, c->period, c->which));
    fz_watch w;
    fz_progress_watch(&w, c->opts, fz_byte(in) % 8 == 0 ? 1 + fz_byte(in) % 16 : 0);
    fpa_status fs = FZ(fpa_hierarchy_forecast(&res, hier, c->h, c->levels, c->nlev, c->opts));
    fz_progress_check(&w, c->opts, fs);
    if (c->opts) FZ(fpa_opts_set_progress(c->opts, NULL, NULL));
    if (st != FPA_OK) FZ_ASSERT(fs != FPA_OK, "a forecast without data\n");
    if (fs == FPA_OK) {
        /* the settings that were refused are the defaults */
        if (!fpa_forecast_method_name(c->method)) c->method = FPA_FORECAST_ETS;
        if ((unsigned)c->recon > FPA_RECONCILE_MINT_SHRINK) c->recon = FPA_RECONCILE_MINT_SHRINK;
        if ((unsigned)c->intervals > FPA_HIERARCHY_SIMULATE) c->intervals = FPA_HIERARCHY_GAUSSIAN;
        result(in, c, res);
    }
    fpa_hierarchy_result_free(res);
    fpa_hierarchy_free(hier);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    hier_case c = {0};
    fz_note[0] = '\0';
    c.opts = fz_opts(&in);
    fz_set_some(&in, c.opts, hier_keys, sizeof hier_keys / sizeof *hier_keys);
    if (c.opts) FZ(fpa_opts_set(c.opts, FPA_OPT_FORECAST_NPATHS, 100));
    c.method = (fpa_forecast_method)(fz_byte(&in) % 16);  /* 15: unknown */
    c.recon = (fpa_reconcile_method)(fz_byte(&in) % 7);
    c.intervals = (fpa_hierarchy_intervals)(fz_byte(&in) % 3);
    if (c.intervals == FPA_HIERARCHY_SIMULATE && !c.opts) c.intervals = FPA_HIERARCHY_GAUSSIAN;
    c.which = (fpa_hierarchy_data)(fz_byte(&in) % 3);
    c.period = (size_t[]){1, 4, 12, 2, 0}[fz_byte(&in) % 5];
    c.h = 1 + fz_byte(&in) % MAXH;
    c.nlev = fz_byte(&in) % 3;
    c.levels[0] = fz_byte(&in) < 220 ? 80 : fz_double(&in);
    c.levels[1] = fz_byte(&in) < 220 ? 95 : fz_double(&in);
    const char *name = fpa_reconcile_method_name(c.recon);
    fpa_reconcile_method back;
    if (name)
        FZ_ASSERT(FZ(fpa_reconcile_method_find(&back, name)) == FPA_OK && back == c.recon, "%s\n",
                  name);
    char s[16];
    FZ(fpa_reconcile_method_find(&back, fz_string(&in, s, sizeof s)));
    if (make_tree(&in, &c) == FPA_OK) {
        history(&in, &c);
        run(&in, &c);
    }
    fpa_variance_tree_free(c.tree);
    fz_opts_free(c.opts);
    return 0;
}
