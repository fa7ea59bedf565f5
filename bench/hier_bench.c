/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchical forecasting on M1 monthly: is reconciling worth it on data
 * nobody tuned on? The series with at least `--length` training values
 * (default 48) are cut to their last `--length` values, scaled to a mean
 * of 100 (so that no series dominates its totals), and grouped into a
 * four-level tree: Total -> the M1 category (MICRO, INDUSTRY, MACRO,
 * DEMOGRAPHIC) -> groups of `--group` series (default 6) in file order ->
 * the series. The aggregates' histories are the sums of their leaves. Every
 * node is forecast 18 months ahead with one method (default ETS by AICc)
 * and reconciled by each method; the output is the sMAPE (M4 definition)
 * of the base and reconciled forecasts at each level on the 18 held-out
 * months, the 95 % interval coverage, and the time of each run.
 *
 *     build/bench/hier_bench [--data ../shared/data/m1-monthly.csv]
 *         [--method ets] [--length 48] [--group 6] [--threads 1]
 *         [--intervals gaussian|simulate]
 */
#include "dataset.h"

#include "fpa/hierarchy.h"

#define MAXCAT 8

typedef struct {
    size_t n, leaves, T, h;
    const char **ids, **parents;
    char (*names)[64];
    int *level;       /* 0 total, 1 category, 2 group, 3 series */
    double *y, *test; /* n x T history; n x h held-out, aggregates summed */
} bench_tree;

/* The category column of the dataset (dataset.h keeps only the numbers). */
static int read_categories(char (*cat)[16], size_t count, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char *line = NULL;
    size_t cap = 0, i = 0;
    for (size_t no = 0; getline(&line, &cap, f) > 0; no++) {
        if (no == 0 || line[0] == '\n') continue;
        char *p = line;
        for (int k = 0; k < 3 && p; k++) p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
        char *end = p ? strchr(p, ',') : NULL;
        if (!end || i >= count) break;
        snprintf(cat[i++], 16, "%.*s", (int)(end - p), p);
    }
    free(line);
    fclose(f);
    return i == count ? 0 : -1;
}

static size_t add_node(bench_tree *b, const char *name, size_t parent, int level)
{
    size_t i = b->n++;
    snprintf(b->names[i], 64, "%s", name);
    b->ids[i] = b->names[i];
    b->parents[i] = parent == SIZE_MAX ? NULL : b->names[parent];
    b->level[i] = level;
    return i;
}

/* The tree and its data: leaves hold the scaled series; aggregates' test
 * values are the sums of their leaves'. */
static int build(bench_tree *b, const dataset_t *d, char (*cat)[16], size_t len, size_t group)
{
    size_t cap = 2 * d->count + 2 * MAXCAT + 2;
    b->h = 18, b->T = len, b->n = 0;
    b->ids = calloc(cap, sizeof *b->ids), b->parents = calloc(cap, sizeof *b->parents);
    b->names = calloc(cap, sizeof *b->names), b->level = calloc(cap, sizeof *b->level);
    b->y = calloc(cap * len, sizeof *b->y), b->test = calloc(cap * 18, sizeof *b->test);
    if (!b->ids || !b->parents || !b->names || !b->level || !b->y || !b->test) return -1;
    size_t total = add_node(b, "Total", SIZE_MAX, 0);
    const char *cats[MAXCAT];
    size_t ncat = 0;
    for (size_t i = 0; i < d->count; i++) {
        size_t c = 0;
        while (c < ncat && strcmp(cats[c], cat[i])) c++;
        if (c == ncat && ncat < MAXCAT) cats[ncat++] = cat[i];
    }
    for (size_t c = 0; c < ncat; c++) {
        size_t node = add_node(b, cats[c], total, 1), grp = SIZE_MAX, in_group = group;
        for (size_t i = 0; i < d->count; i++) {
            const series_t *s = &d->s[i];
            if (strcmp(cat[i], cats[c]) || s->n < len || s->h != 18) continue;
            if (in_group == group) {
                char name[64];
                snprintf(name, sizeof name, "%s/%zu", cats[c], b->n);
                grp = add_node(b, name, node, 2), in_group = 0;
            }
            in_group++;
            size_t leaf = add_node(b, s->id, grp, 3);
            double mean = 0;
            for (size_t t = 0; t < len; t++) mean += s->train[s->n - len + t] / (double)len;
            for (size_t t = 0; t < len; t++) b->y[leaf * len + t] = 100 * s->train[s->n - len + t] / mean;
            for (size_t j = 0; j < 18; j++) {
                double v = 100 * s->test[j] / mean;
                for (size_t a = leaf; a != SIZE_MAX;) {  /* the leaf and its ancestors */
                    b->test[a * 18 + j] += v;
                    size_t up = SIZE_MAX;
                    for (size_t k = 0; b->parents[a] && k < b->n; k++)
                        if (!strcmp(b->names[k], b->parents[a])) up = k;
                    a = up;
                }
            }
            b->leaves++;
        }
    }
    return 0;
}

/* Mean sMAPE and 95 % coverage of the nodes of each level. */
static void score(double *smape, double *cover, const bench_tree *b, const double *mean,
                  const double *lo, const double *up)
{
    size_t cnt[4] = {0};
    for (int l = 0; l < 4; l++) smape[l] = cover[l] = 0;
    for (size_t i = 0; i < b->n; i++) {
        double s = 0, c = 0;
        fpa_accuracy_metric(&s, FPA_METRIC_SMAPE, b->test + i * 18, mean + i * 18, 18, NULL, 0, 1);
        for (size_t j = 0; j < 18; j++) {
            double a = b->test[i * 18 + j];
            c += a >= lo[i * 18 + j] && a <= up[i * 18 + j];
        }
        smape[b->level[i]] += s, cover[b->level[i]] += c / 18;
        cnt[b->level[i]]++;
    }
    for (int l = 0; l < 4; l++) smape[l] /= (double)cnt[l], cover[l] *= 100 / (double)cnt[l];
}

static void report(const char *name, const bench_tree *b, fpa_hierarchy_result *r,
                   fpa_hierarchy_view view, double seconds)
{
    size_t nh = b->n * 18;
    double *m = malloc(nh * sizeof *m), *lo = malloc(nh * sizeof *lo), *up = malloc(nh * sizeof *up);
    double sm[4], cv[4], lambda;
    fpa_hierarchy_result_mean(m, nh, r, view);
    fpa_hierarchy_result_bounds(lo, up, nh, r, view);
    fpa_hierarchy_result_info(NULL, &lambda, r);
    score(sm, cv, b, m, lo, up);
    printf("reconcile=%-11s smape_total=%.3f smape_category=%.3f smape_group=%.3f "
           "smape_series=%.3f coverage95_total=%.1f coverage95_series=%.1f lambda=%.3f "
           "seconds=%.3f\n", name, sm[0], sm[1], sm[2], sm[3], cv[0], cv[3], lambda, seconds);
    free(m), free(lo), free(up);
}

int main(int argc, char **argv)
{
    const char *path = "../shared/data/m1-monthly.csv", *method = "ets", *iv = "gaussian";
    size_t len = 48, group = 6, threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--data")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--method")) method = argv[i + 1];
        else if (!strcmp(argv[i], "--length")) len = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--group")) group = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--threads")) threads = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--intervals")) iv = argv[i + 1];
        else return fprintf(stderr, "unknown option %s\n", argv[i]), 2;
    }
    dataset_t d;
    if (dataset_read(&d, path)) return 1;
    char (*cat)[16] = calloc(d.count, sizeof *cat);
    bench_tree b = {0};
    fpa_forecast_method fm;
    if (!cat || read_categories(cat, d.count, path) || build(&b, &d, cat, len, group) ||
        fpa_forecast_method_find(&fm, method) != FPA_OK)
        return fprintf(stderr, "cannot set up: %s\n", fpa_error_last()), 1;
    fpa_tree *tree;
    fpa_hierarchy *H;
    fpa_opts *o;
    if (fpa_variance_tree_new(&tree, b.ids, b.parents, b.n, NULL) || fpa_hierarchy_new(&H, tree, NULL) ||
        fpa_hierarchy_set_data(H, b.y, len, 12, FPA_HIERARCHY_LEAVES) ||
        fpa_hierarchy_set_method(H, fm) || fpa_opts_new(&o, NULL, NULL) ||
        fpa_opts_set(o, FPA_OPT_THREADS, (double)threads) ||
        fpa_hierarchy_set_intervals(H, strcmp(iv, "simulate") ? FPA_HIERARCHY_GAUSSIAN
                                                               : FPA_HIERARCHY_SIMULATE))
        return fprintf(stderr, "%s\n", fpa_error_last()), 1;
    printf("data=%s nodes=%zu series=%zu length=%zu method=%s intervals=%s\n", path, b.n,
           b.leaves, len, method, iv);
    const double level = 95;
    for (int m = -1; m <= FPA_RECONCILE_MINT_SHRINK; m++) {
        fpa_hierarchy_set_reconcile(H, m < 0 ? FPA_RECONCILE_BOTTOM_UP : (fpa_reconcile_method)m);
        fpa_hierarchy_result *r;
        double t0 = now_seconds();
        if (fpa_hierarchy_forecast(&r, H, 18, &level, 1, o))
            return fprintf(stderr, "%s\n", fpa_error_last()), 1;
        double dt = now_seconds() - t0;
        report(m < 0 ? "base" : fpa_reconcile_method_name((fpa_reconcile_method)m), &b, r,
               m < 0 ? FPA_HIERARCHY_BASE : FPA_HIERARCHY_RECONCILED, dt);
        fpa_hierarchy_result_free(r);
    }
    fpa_hierarchy_free(H);
    fpa_variance_tree_free(tree);
    fpa_opts_free(o);
    dataset_free(&d);
    free(cat);
    return 0;
}
