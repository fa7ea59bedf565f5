/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchical forecasting: a forecast for every node of a tree, then
 * reconciled. Every method is a mapping G (leaves x nodes) from the base
 * forecasts to the leaves' coherent forecasts; the aggregates are then the
 * leaves rolled up by fpa_variance_rollup(), so every node is the sum of
 * its children to the last bit. G sits in the leaf rows of an n x n matrix
 * (inner rows 0), which the same roll-up turns into S G. The nodes are
 * fitted through the public forecast API, one job each on the library's
 * thread pool; linear algebra is GSL's on views of our own memory. */
#include "../core/parallel.h"
#include "fc.h"
#include "fpa/hierarchy.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

struct fpa_hierarchy {
    fpa_mem mem;
    fpa_tree *tree;       /* our own copy */
    size_t n;
    size_t *parent;       /* FPA_TREE_NONE for roots */
    size_t *nkids;        /* children of each node */
    size_t *root;         /* root of each node's tree */
    size_t T, period;     /* periods of data (0: none yet); seasonal period */
    double *y;            /* n x T; every row complete after set_data */
    size_t *first;        /* first period with a value, per node */
    fpa_forecast_method method;
    fpa_reconcile_method reconcile;
    fpa_hierarchy_intervals intervals;
};

struct fpa_hierarchy_result {
    fpa_mem mem;
    size_t n, h, nl, cells;  /* cells: the size of the block below */
    double *block;
    double *base_mean, *mean, *base_lo, *base_up, *lo, *up;
    char *names;             /* n x FPA_FORECAST_NAME_MAX */
    fpa_reconcile_method method;
    double lambda;
};

static const char *const method_names[] = {"bottom_up", "top_down", "ols",
                                           "wls_struct", "wls_var", "mint_shrink"};
#define NMETHODS (sizeof method_names / sizeof *method_names)

const char *fpa_reconcile_method_name(fpa_reconcile_method method)
{
    return (unsigned)method < NMETHODS ? method_names[method] : NULL;
}

fpa_status fpa_reconcile_method_find(fpa_reconcile_method *out, const char *name)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(name, "name"));
    for (size_t i = 0; i < NMETHODS; i++)
        if (!strcmp(name, method_names[i])) {
            *out = (fpa_reconcile_method)i;
            return FPA_OK;
        }
    return fpa__fail(FPA_EINVAL, "\"%.60s\" is not a reconciliation method (bottom_up, "
                     "top_down, ols, wls_struct, wls_var, mint_shrink)", name);
}

static const char *id_of(const fpa_hierarchy *H, size_t i)
{
    return fpa_variance_tree_id(H->tree, i);
}

static bool is_leaf(const fpa_hierarchy *H, size_t i) { return H->nkids[i] == 0; }

/* ---- the hierarchy ------------------------------------------------------------- */

void fpa_hierarchy_free(fpa_hierarchy *H)
{
    if (!H) return;
    fpa_mem m = H->mem;
    fpa_variance_tree_free(H->tree);
    fpa__free(&m, H->parent, 3 * H->n, sizeof *H->parent);
    fpa__free(&m, H->y, H->n * H->T, sizeof *H->y);
    fpa__free(&m, H->first, H->n, sizeof *H->first);
    fpa__free(&m, H, 1, sizeof *H);
}

/* Our own tree from the caller's ids and parents, through the public API. */
static fpa_status copy_tree(fpa_hierarchy *H, const fpa_tree *tree, const fpa_opts *opts)
{
    size_t n = H->n;
    const char **ids = fpa__alloc(&H->mem, 2 * n, sizeof *ids, false);
    if (!ids) return FPA_ENOMEM;
    const char **parents = ids + n;
    for (size_t i = 0; i < n; i++) {
        size_t p;
        TRY(fpa_variance_tree_parent(&p, tree, i));
        ids[i] = fpa_variance_tree_id(tree, i);
        parents[i] = p == FPA_TREE_NONE ? NULL : fpa_variance_tree_id(tree, p);
        H->parent[i] = p;
    }
    fpa_status st = fpa_variance_tree_new(&H->tree, ids, parents, n, opts);
    fpa__free(&H->mem, ids, 2 * n, sizeof *ids);
    return st;
}

fpa_status fpa_hierarchy_new(fpa_hierarchy **out, const fpa_tree *tree, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(fpa__check_ptr(tree, "tree"));
    fpa_mem m = fpa__mem_of(opts);
    fpa_hierarchy *H = fpa__alloc(&m, 1, sizeof *H, true);
    if (!H) return FPA_ENOMEM;
    *H = (fpa_hierarchy){.mem = m, .n = fpa_variance_tree_size(tree),
                         .method = FPA_FORECAST_ETS, .reconcile = FPA_RECONCILE_MINT_SHRINK,
                         .intervals = FPA_HIERARCHY_GAUSSIAN};
    H->parent = fpa__alloc(&m, 3 * H->n, sizeof *H->parent, true);
    fpa_status st = H->parent ? copy_tree(H, tree, opts) : FPA_ENOMEM;
    if (st != FPA_OK) {
        fpa_hierarchy_free(H);
        return st;
    }
    H->nkids = H->parent + H->n;
    H->root = H->nkids + H->n;
    for (size_t i = 0; i < H->n; i++) {
        if (H->parent[i] != FPA_TREE_NONE) H->nkids[H->parent[i]]++;
        size_t r = i;
        while (H->parent[r] != FPA_TREE_NONE) r = H->parent[r];
        H->root[i] = r;
    }
    *out = H;
    return FPA_OK;
}

fpa_status fpa_hierarchy_set_method(fpa_hierarchy *H, fpa_forecast_method method)
{
    TRY(fpa__check_ptr(H, "hier"));
    if (!fpa_forecast_method_name(method))
        return fpa__fail(FPA_EINVAL, "method %d is unknown", (int)method);
    H->method = method;
    return FPA_OK;
}

fpa_status fpa_hierarchy_set_reconcile(fpa_hierarchy *H, fpa_reconcile_method method)
{
    TRY(fpa__check_ptr(H, "hier"));
    if ((unsigned)method >= NMETHODS)
        return fpa__fail(FPA_EINVAL, "reconciliation method %d is unknown", (int)method);
    H->reconcile = method;
    return FPA_OK;
}

fpa_status fpa_hierarchy_set_intervals(fpa_hierarchy *H, fpa_hierarchy_intervals intervals)
{
    TRY(fpa__check_ptr(H, "hier"));
    if (intervals != FPA_HIERARCHY_GAUSSIAN && intervals != FPA_HIERARCHY_SIMULATE)
        return fpa__fail(FPA_EINVAL, "intervals %d is not an fpa_hierarchy_intervals",
                         (int)intervals);
    H->intervals = intervals;
    return FPA_OK;
}

/* Copy node i's row, checking the data policy: leading NaNs allowed, then
 * finite values only. first[i] receives its first period. */
static fpa_status read_row(const fpa_hierarchy *H, double *dst, size_t *first,
                           const double *src, size_t i, size_t T)
{
    size_t f = 0;
    while (f < T && isnan(src[f])) f++;
    if (f == T)
        return fpa__fail(FPA_EDATA, "node \"%.60s\" (%zu) has no values", id_of(H, i), i);
    for (size_t t = f; t < T; t++)
        if (!fpa__finite(src[t]))
            return fpa__fail(FPA_EDOM, "node \"%.60s\" (%zu), period %zu is %s",
                             id_of(H, i), i, t, isnan(src[t]) ? "NaN (only leading "
                             "values may be missing)" : "infinite");
    for (size_t t = 0; t < T; t++) dst[t] = t < f ? 0 : src[t];
    *first = f;
    return FPA_OK;
}

/* Aggregates as the sums of their leaves (leaves' leading NaNs as 0); an
 * aggregate starts with its earliest leaf. */
static fpa_status sum_leaves(const fpa_hierarchy *H, double *y, size_t *first, size_t T)
{
    fpa_mem m = H->mem;
    double *sums = fpa__alloc(&m, H->n * T, sizeof *sums, false);
    if (!sums) return FPA_ENOMEM;
    fpa_status st = fpa_variance_rollup(sums, NULL, NULL, H->tree, y, NULL, T, NULL);
    if (st == FPA_OK) memcpy(y, sums, H->n * T * sizeof *y);
    fpa__free(&m, sums, H->n * T, sizeof *sums);
    for (size_t i = 0; i < H->n; i++)
        if (!is_leaf(H, i)) first[i] = T;
    for (size_t i = 0; i < H->n; i++)
        for (size_t a = H->parent[i]; is_leaf(H, i) && a != FPA_TREE_NONE; a = H->parent[a])
            if (first[i] < first[a]) first[a] = first[i];
    return st;
}

fpa_status fpa_hierarchy_set_data(fpa_hierarchy *H, const double *values, size_t periods,
                                  size_t period, fpa_hierarchy_data which)
{
    size_t cells;
    TRY(fpa__check_ptr(H, "hier"));
    TRY(fpa__check_ptr(values, "values"));
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (period < 1 || period > FPA_FORECAST_MAX_PERIOD)
        return fpa__fail(FPA_EINVAL, "period %zu is outside 1..%d", period,
                         FPA_FORECAST_MAX_PERIOD);
    if (which != FPA_HIERARCHY_ALL_NODES && which != FPA_HIERARCHY_LEAVES)
        return fpa__fail(FPA_EINVAL, "which %d is not an fpa_hierarchy_data", (int)which);
    if (fpa__mul_overflows(H->n, periods, &cells))
        return fpa__fail(FPA_EINVAL, "nodes * periods overflows size_t");
    double *y = fpa__alloc(&H->mem, cells, sizeof *y, true);
    size_t *first = y ? fpa__alloc(&H->mem, H->n, sizeof *first, true) : NULL;
    fpa_status st = first ? FPA_OK : FPA_ENOMEM;
    for (size_t i = 0; st == FPA_OK && i < H->n; i++)
        if (which == FPA_HIERARCHY_ALL_NODES || is_leaf(H, i))
            st = read_row(H, y + i * periods, first + i, values + i * periods, i, periods);
    if (st == FPA_OK && which == FPA_HIERARCHY_LEAVES) st = sum_leaves(H, y, first, periods);
    if (st != FPA_OK) {
        fpa__free(&H->mem, y, cells, sizeof *y);
        fpa__free(&H->mem, first, H->n, sizeof *first);
        return st;
    }
    fpa__free(&H->mem, H->y, H->n * H->T, sizeof *H->y);
    fpa__free(&H->mem, H->first, H->n, sizeof *H->first);
    H->y = y, H->first = first, H->T = periods, H->period = period;
    return FPA_OK;
}

/* ---- base forecasts: one job per node ---------------------------------------------- */

typedef struct {
    const fpa_hierarchy *H;
    fpa_hierarchy_result *R;
    size_t h, nl, npaths;
    const double *levels;
    bool simulate;
    uint64_t seed;
    fpa_opts **node_opts;  /* one copy of the caller's options per worker */
    double *resid;         /* n x T one-step residuals, NaN where none */
    double *paths;         /* n x npaths x h sample paths, or NULL */
} fit_ctx;

/* Node i's generator seed: SplitMix64 of the seed and the node, so that
 * nodes draw independent streams whatever thread fits them. */
static double node_seed(uint64_t seed, size_t i)
{
    uint64_t z = seed ^ (0x9e3779b97f4a7c15ULL * ((uint64_t)i + 1));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) & 0xffffffffULL);
}

static fpa_status fit_one(fit_ctx *c, size_t i, fpa_opts *o)
{
    const fpa_hierarchy *H = c->H;
    size_t f = H->first[i], len = H->T - f, nb = c->nl * c->h;
    const double *y = H->y + i * H->T + f;
    fpa_forecast_model *m;
    TRY(fpa_forecast_fit(&m, H->method, y, len, H->period, o));
    fpa_status st = fpa_forecast_predict(c->R->base_mean + i * c->h,
                                         nb ? c->R->base_lo + i * nb : NULL,
                                         nb ? c->R->base_up + i * nb : NULL, m, c->h,
                                         c->levels, c->nl, o);
    double *e = c->resid + i * H->T + f;
    if (st == FPA_OK) st = fpa_forecast_model_fitted(e, len, m);
    for (size_t t = 0; st == FPA_OK && t < len; t++) e[t] = y[t] - e[t];
    if (st == FPA_OK) {
        const char *name = fpa_forecast_model_name(m);
        memcpy(c->R->names + i * FPA_FORECAST_NAME_MAX, name, strlen(name) + 1);
    }
    if (st == FPA_OK && c->paths) {
        st = fpa_opts_set(o, FPA_OPT_SEED, node_seed(c->seed, i));
        if (st == FPA_OK)
            st = fpa_forecast_simulate(c->paths + i * c->npaths * c->h, m, c->h, c->npaths, o);
    }
    fpa_forecast_model_free(m);
    return st;
}

static fpa_status fit_job(void *ctx, size_t i, unsigned worker)
{
    fit_ctx *c = ctx;
    fpa_status st = fit_one(c, i, c->node_opts[worker]);
    if (st == FPA_OK || st == FPA_ENOMEM) return st;
    char detail[400];
    snprintf(detail, sizeof detail, "%s", fpa_error_last());
    return fpa__fail(st, "node \"%.60s\" (%zu): %s", id_of(c->H, i), i, detail);
}

/* A copy of the caller's options (allocator and every value) for each
 * worker, so that a node's seed can be set without touching theirs. */
static fpa_status copy_opts(fpa_opts **out, unsigned k, const fpa_mem *m, const fpa_opts *opts)
{
    for (unsigned w = 0; w < k; w++) {
        TRY(fpa_opts_new(&out[w], m->fn, m->ud));
        for (size_t j = 0; j < fpa__noptions; j++) {
            int key = fpa__options[j].key;
            double v;
            TRY(fpa_opts_get(&v, opts, key));
            TRY(fpa_opts_set(out[w], key, key == FPA_OPT_THREADS ? 1 : v));
        }
    }
    return FPA_OK;
}

static fpa_status fit_nodes(fit_ctx *c, const fpa_opts *opts, fpa__progress *p)
{
    const fpa_mem *m = &c->H->mem;
    unsigned k = fpa__threads(opts, c->H->n);
    c->node_opts = fpa__alloc(m, k, sizeof *c->node_opts, true);
    if (!c->node_opts) return FPA_ENOMEM;
    fpa_status st = copy_opts(c->node_opts, k, m, opts);
    if (st == FPA_OK) st = fpa__parallel_for_p(opts, c->H->n, fit_job, c, p);
    for (unsigned w = 0; w < k; w++) fpa_opts_free(c->node_opts[w]);
    fpa__free(m, c->node_opts, k, sizeof *c->node_opts);
    return st;
}

/* ---- the residual covariance ------------------------------------------------------ */

typedef struct {
    double *W;        /* n x n shrinkage estimate, on the residuals' scale / big */
    double lambda;
    bool diagonal;    /* W is diagonal (too few common periods, or lambda = 1) */
    size_t *common;   /* periods in which every node has a residual */
    size_t ncommon;
} covariance;

/* Periods with a residual at every node, and the largest |residual| (the
 * unit the estimate is computed in, so that no sum of squares overflows). */
static double common_periods(covariance *cv, const double *e, size_t n, size_t T)
{
    double big = 0;
    cv->ncommon = 0;
    for (size_t t = 0; t < T; t++) {
        bool all = true;
        for (size_t i = 0; i < n; i++) {
            double v = e[i * T + t];
            if (!fpa__finite(v)) all = false;
            else if (fabs(v) > big) big = fabs(v);
        }
        if (all) cv->common[cv->ncommon++] = t;
    }
    return big > 0 ? big : 1;
}

/* Each node's own variance (centred, over its own residuals): the
 * diagonal used when too few periods are common to every node. */
static void own_variances(double *W, const double *e, size_t n, size_t T, double big)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0, ss = 0;
        size_t k = 0;
        for (size_t t = 0; t < T; t++)
            if (fpa__finite(e[i * T + t])) s += e[i * T + t] / big, k++;
        for (size_t t = 0; t < T && k > 1; t++)
            if (fpa__finite(e[i * T + t])) {
                double d = e[i * T + t] / big - s / (double)k;
                ss += d * d;
            }
        W[i * n + i] = k > 1 ? ss / (double)(k - 1) : 0;
    }
}

/* Schaefer & Strimmer (2005), target D, as corpcor::estimate.lambda():
 * X (K x n) the standardised residuals, lambda = sum_{i!=j} Var(r_ij) /
 * sum_{i!=j} r_ij^2 = [sum (mean(x_i^2 x_j^2) - mean(x_i x_j)^2)] /
 * [sum mean(x_i x_j)^2] / (K - 1). P = X'X and Q = (X.X)'(X.X) are n x n
 * scratch. */
static double shrinkage(const double *X, size_t K, size_t n, double *P, double *Q, double *X2)
{
    for (size_t k = 0; k < K * n; k++) X2[k] = X[k] * X[k];
    gsl_matrix_const_view x = gsl_matrix_const_view_array(X, K, n);
    gsl_matrix_const_view x2 = gsl_matrix_const_view_array(X2, K, n);
    gsl_matrix_view p = gsl_matrix_view_array(P, n, n), q = gsl_matrix_view_array(Q, n, n);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x.matrix, &x.matrix, 0.0, &p.matrix);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x2.matrix, &x2.matrix, 0.0, &q.matrix);
    double num = 0, den = 0, kk = (double)K;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) continue;
            double r = P[i * n + j] / kk;
            num += Q[i * n + j] / kk - r * r;
            den += r * r;
        }
    if (!(den > 0)) return 1;
    double lambda = num / den / (kk - 1);
    return lambda < 0 ? 0 : lambda > 1 ? 1 : lambda;
}

/* W = lambda diag(Wc) + (1 - lambda) Wc on the common periods. `work`
 * holds 3 K n + n^2 doubles. */
static void shrunk_covariance(covariance *cv, const double *e, size_t n, size_t T,
                              double big, double *work)
{
    size_t K = cv->ncommon;
    double *X = work, *X2 = work + K * n, *sd = work + 2 * K * n, *Q = sd + n;
    for (size_t i = 0; i < n; i++) {
        double s = 0, ss = 0;
        for (size_t k = 0; k < K; k++) s += e[i * T + cv->common[k]] / big;
        double mean = s / (double)K;
        for (size_t k = 0; k < K; k++) {
            double d = e[i * T + cv->common[k]] / big - mean;
            X[k * n + i] = d;
            ss += d * d;
        }
        sd[i] = sqrt(ss / (double)(K - 1));
        for (size_t k = 0; k < K; k++)  /* a constant residual: no correlation */
            X[k * n + i] = sd[i] > 0 ? X[k * n + i] / sd[i] : 0;
    }
    cv->lambda = shrinkage(X, K, n, cv->W, Q, X2);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            cv->W[i * n + j] = i == j ? sd[i] * sd[i]
                : (1 - cv->lambda) * cv->W[i * n + j] / (double)(K - 1) * sd[i] * sd[j];
    cv->diagonal = cv->lambda == 1;
}

/* Zero variances (a constant or perfectly fitted node) are raised to 1e-8
 * of the largest, so that W is positive definite; all zero: W = I. */
static void floor_variances(double *W, size_t n)
{
    double top = 0;
    for (size_t i = 0; i < n; i++)
        if (W[i * n + i] > top) top = W[i * n + i];
    for (size_t i = 0; i < n; i++) {
        double *d = &W[i * n + i];
        *d = top > 0 ? (*d > 1e-8 * top ? *d : 1e-8 * top) : 1;
    }
}

static fpa_status estimate_covariance(covariance *cv, const double *e, size_t n, size_t T,
                                      const fpa_mem *m)
{
    double big = common_periods(cv, e, n, T);
    size_t K = cv->ncommon;
    memset(cv->W, 0, n * n * sizeof *cv->W);
    cv->lambda = 1;
    cv->diagonal = true;
    if (K >= 3) {
        size_t len = 3 * K * n + n * n;
        double *work = fpa__alloc(m, len, sizeof *work, false);
        if (!work) return FPA_ENOMEM;
        shrunk_covariance(cv, e, n, T, big, work);
        fpa__free(m, work, len, sizeof *work);
    } else {
        own_variances(cv->W, e, n, T, big);
    }
    floor_variances(cv->W, n);
    return FPA_OK;
}

/* ---- mapping matrices: G in the leaf rows of Mb (n x n, inner rows 0) -------------- */

static void map_bottom_up(const fpa_hierarchy *H, double *Mb)
{
    size_t n = H->n;
    memset(Mb, 0, n * n * sizeof *Mb);
    for (size_t l = 0; l < n; l++)
        if (is_leaf(H, l)) Mb[l * n + l] = 1;
}

/* Forecast proportions at one horizon: p(root) = 1, p(child) = p(parent)
 * yhat(child) / sum of yhat over the parent's children (1 for an only
 * child); leaf l's row takes p(l) of its root. `sums` is n scratch. */
static fpa_status map_top_down(const fpa_hierarchy *H, double *Mb, const double *yhat,
                               size_t j, double *sums)
{
    size_t n = H->n;
    memset(Mb, 0, n * n * sizeof *Mb);
    memset(sums, 0, n * sizeof *sums);
    for (size_t i = 0; i < n; i++)
        if (H->parent[i] != FPA_TREE_NONE) sums[H->parent[i]] += yhat[i];
    for (size_t i = 0; i < n; i++) {
        size_t a = H->parent[i];
        if (a != FPA_TREE_NONE && H->nkids[a] > 1 && sums[a] == 0)
            return fpa__fail(FPA_EDOM, "top-down proportions are undefined: the base "
                             "forecasts of the children of \"%.60s\" sum to 0 at "
                             "horizon %zu", id_of(H, a), j + 1);
    }
    for (size_t l = 0; l < n; l++) {
        if (!is_leaf(H, l)) continue;
        double p = 1;
        for (size_t v = l; H->parent[v] != FPA_TREE_NONE; v = H->parent[v])
            if (H->nkids[H->parent[v]] > 1) p *= yhat[v] / sums[H->parent[v]];
        Mb[l * n + H->root[l]] = p;
    }
    return FPA_OK;
}

/* The coherence constraints U' y = 0: one column per aggregate g, +1 at g
 * and -1 at each leaf below it (Wickramasuriya et al. 2019, section 2). */
static void constraints(const fpa_hierarchy *H, double *U, size_t a, size_t *agg)
{
    size_t n = H->n, g = 0;
    memset(U, 0, n * a * sizeof *U);
    for (size_t i = 0; i < n; i++)
        if (!is_leaf(H, i)) agg[i] = g++;
    for (size_t i = 0; i < n; i++) {
        if (!is_leaf(H, i)) {
            U[i * a + agg[i]] = 1;
            continue;
        }
        for (size_t v = H->parent[i]; v != FPA_TREE_NONE; v = H->parent[v])
            U[i * a + agg[v]] = -1;
    }
}

/* Mb's leaf rows of I - W U (U'WU)^-1 U', which equals S (S'W^-1 S)^-1
 * S'W^-1 (Wickramasuriya et al. 2019, lemma 1) and needs only the
 * a x a system of the aggregates. W is n x n, or its diagonal `wd` when W
 * is NULL. U'WU is solved by Householder QR (GSL), which never reaches
 * GSL's error handler; a (numerically) singular system is refused. */
static fpa_status map_mint(const fpa_hierarchy *H, double *Mb, const double *W,
                           const double *wd, double *work, size_t *agg)
{
    size_t n = H->n, a = 0;
    for (size_t i = 0; i < n; i++) a += !is_leaf(H, i);
    map_bottom_up(H, Mb);
    if (a == 0) return FPA_OK;
    double *U = work, *WU = U + n * a, *K = WU + n * a, *tau = K + a * a, *b = tau + a,
           *x = b + a;
    constraints(H, U, a, agg);
    gsl_matrix_view u = gsl_matrix_view_array(U, n, a), wu = gsl_matrix_view_array(WU, n, a);
    gsl_matrix_view k = gsl_matrix_view_array(K, a, a);
    if (W) {
        gsl_matrix_const_view w = gsl_matrix_const_view_array(W, n, n);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &w.matrix, &u.matrix, 0.0, &wu.matrix);
    } else {
        for (size_t i = 0; i < n * a; i++) WU[i] = wd[i / a] * U[i];
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &u.matrix, &wu.matrix, 0.0, &k.matrix);
    gsl_vector_view tv = gsl_vector_view_array(tau, a);
    gsl_linalg_QR_decomp(&k.matrix, &tv.vector);
    double top = 0;
    for (size_t g = 0; g < a; g++) top = fmax(top, fabs(K[g * a + g]));
    for (size_t g = 0; g < a; g++)
        if (!(fabs(K[g * a + g]) > 1e-13 * top))
            return fpa__fail(FPA_EDATA, "the reconciliation system U'WU is singular");
    gsl_vector_view bv = gsl_vector_view_array(b, a), xv = gsl_vector_view_array(x, a);
    for (size_t c = 0; c < n; c++) {
        for (size_t g = 0; g < a; g++) b[g] = U[c * a + g];
        gsl_linalg_QR_solve(&k.matrix, &tv.vector, &bv.vector, &xv.vector);
        for (size_t l = 0; l < n; l++) {
            if (!is_leaf(H, l)) continue;
            double s = 0;
            for (size_t g = 0; g < a; g++) s += WU[l * a + g] * x[g];
            Mb[l * n + c] -= s;
        }
    }
    return FPA_OK;
}

static size_t mint_work(size_t n)
{
    return 2 * n * n + n * n + 3 * n;  /* U, WU, K, tau, b, x with a <= n */
}

/* ---- reconciling, horizon by horizon ------------------------------------------------- */

typedef struct {
    const fpa_hierarchy *H;
    fpa_hierarchy_result *R;
    const double *levels;
    covariance cv;
    double *Mb, *M;        /* n x n: G in the leaf rows; S G */
    double *corr;          /* n x n correlation of the estimate; NULL: identity */
    double *wd;            /* n: diagonal weights of OLS/WLS */
    double *yhat, *yl, *yt;
    double *A, *B;         /* n x max(n, paths) scratch */
    double *mint;          /* mint_work(n) scratch */
    size_t *agg;           /* n */
    const double *paths;   /* n x npaths x h */
    size_t npaths;
    size_t *order;         /* n x npaths: copula order of the paths, or NULL */
} recon;

/* Roll `rows` (n x cols, inner rows 0) up the tree into `out`. */
static fpa_status roll(const recon *r, double *out, const double *rows, size_t cols)
{
    return fpa_variance_rollup(out, NULL, NULL, r->H->tree, rows, NULL, cols, NULL);
}

/* G for the methods whose G does not depend on the horizon. */
static fpa_status fixed_map(recon *r)
{
    const fpa_hierarchy *H = r->H;
    size_t n = H->n;
    switch (H->reconcile) {
    case FPA_RECONCILE_BOTTOM_UP: map_bottom_up(H, r->Mb); return FPA_OK;
    case FPA_RECONCILE_TOP_DOWN: return FPA_OK;  /* per horizon */
    case FPA_RECONCILE_OLS:
        for (size_t i = 0; i < n; i++) r->wd[i] = 1;
        break;
    case FPA_RECONCILE_WLS_STRUCT:
        for (size_t i = 0; i < n; i++) r->wd[i] = 0;
        for (size_t l = 0; l < n; l++)
            for (size_t v = l; is_leaf(H, l) && v != FPA_TREE_NONE; v = H->parent[v])
                r->wd[v] += 1;
        break;
    case FPA_RECONCILE_WLS_VAR:
    case FPA_RECONCILE_MINT_SHRINK:
        for (size_t i = 0; i < n; i++) r->wd[i] = r->cv.W[i * n + i];
        break;
    }
    bool full = H->reconcile == FPA_RECONCILE_MINT_SHRINK && !r->cv.diagonal;
    return map_mint(H, r->Mb, full ? r->cv.W : NULL, r->wd, r->mint, r->agg);
}

static void correlation(recon *r)
{
    size_t n = r->H->n;
    if (r->cv.diagonal) {
        r->corr = NULL;
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            r->corr[i * n + j] = r->cv.W[i * n + j] /
                                 sqrt(r->cv.W[i * n + i] * r->cv.W[j * n + j]);
}

/* Gaussian bounds at horizon j: var = diag(M D R D M'), D the base
 * standard deviations read from each level's base interval. */
static void gaussian_bounds(recon *r, size_t j)
{
    size_t n = r->H->n, h = r->R->h, nl = r->R->nl;
    for (size_t k = 0; k < nl; k++) {
        double z = fc_normal_quantile(0.5 + r->levels[k] / 200);
        for (size_t c = 0; c < n; c++) {
            size_t at = (c * nl + k) * h + j;
            double sd = (r->R->base_up[at] - r->R->base_lo[at]) / (2 * z);
            for (size_t i = 0; i < n; i++) r->A[i * n + c] = r->M[i * n + c] * sd;
        }
        if (r->corr) {
            gsl_matrix_view a = gsl_matrix_view_array(r->A, n, n);
            gsl_matrix_view b = gsl_matrix_view_array(r->B, n, n);
            gsl_matrix_const_view c = gsl_matrix_const_view_array(r->corr, n, n);
            gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &a.matrix, &c.matrix, 0.0,
                           &b.matrix);
        }
        const double *B = r->corr ? r->B : r->A;
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            for (size_t c = 0; c < n; c++) v += B[i * n + c] * r->A[i * n + c];
            double half = z * sqrt(v > 0 ? v : 0), mid = r->R->mean[i * h + j];
            r->R->lo[(i * nl + k) * h + j] = mid - half;
            r->R->up[(i * nl + k) * h + j] = mid + half;
        }
    }
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Simulated bounds at horizon j: the nodes' draws, reordered by the
 * copula, each path reconciled (leaves = Y Mb', then rolled up), and the
 * type-8 quantiles of every node's reconciled draws. */
static fpa_status simulated_bounds(recon *r, size_t j)
{
    size_t n = r->H->n, h = r->R->h, nl = r->R->nl, np = r->npaths;
    double *Y = r->A, *Z = r->B, *d = r->yl;  /* d: np scratch (yl has max(n, np)) */
    for (size_t c = 0; c < n; c++) {
        const double *p = r->paths + c * np * h;
        for (size_t k = 0; k < np; k++) d[k] = p[k * h + j];
        if (r->order) qsort(d, np, sizeof *d, by_value);
        for (size_t k = 0; k < np; k++)
            Y[(r->order ? r->order[c * np + k] : k) * n + c] = d[k];
    }
    gsl_matrix_view y = gsl_matrix_view_array(Y, np, n), z = gsl_matrix_view_array(Z, np, n);
    gsl_matrix_const_view mb = gsl_matrix_const_view_array(r->Mb, n, n);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &y.matrix, &mb.matrix, 0.0, &z.matrix);
    for (size_t i = 0; i < n; i++)  /* paths by node, inner rows 0 */
        for (size_t k = 0; k < np; k++) Y[i * np + k] = Z[k * n + i];
    TRY(roll(r, Z, Y, np));
    for (size_t i = 0; i < n; i++) {
        double *row = Z + i * np;
        qsort(row, np, sizeof *row, by_value);
        for (size_t k = 0; k < nl; k++) {
            double tail = (1 - r->levels[k] / 100) / 2;
            r->R->lo[(i * nl + k) * h + j] = fc_quantile8(row, np, tail);
            r->R->up[(i * nl + k) * h + j] = fc_quantile8(row, np, 1 - tail);
        }
    }
    return FPA_OK;
}

static fpa_status one_horizon(recon *r, size_t j)
{
    const fpa_hierarchy *H = r->H;
    size_t n = H->n, h = r->R->h;
    for (size_t c = 0; c < n; c++) r->yhat[c] = r->R->base_mean[c * h + j];
    bool top_down = H->reconcile == FPA_RECONCILE_TOP_DOWN;
    if (top_down) TRY(map_top_down(H, r->Mb, r->yhat, j, r->yl));
    gsl_matrix_const_view mb = gsl_matrix_const_view_array(r->Mb, n, n);
    gsl_vector_const_view yh = gsl_vector_const_view_array(r->yhat, n);
    gsl_vector_view yl = gsl_vector_view_array(r->yl, n);
    gsl_blas_dgemv(CblasNoTrans, 1.0, &mb.matrix, &yh.vector, 0.0, &yl.vector);
    TRY(roll(r, r->yt, r->yl, 1));
    for (size_t i = 0; i < n; i++) r->R->mean[i * h + j] = r->yt[i];
    if (r->R->nl == 0) return FPA_OK;
    if (r->paths) return simulated_bounds(r, j);
    if (top_down || j == 0) TRY(roll(r, r->M, r->Mb, n));
    gaussian_bounds(r, j);
    return FPA_OK;
}

/* ---- the empirical copula of the residuals ---------------------------------------- */

typedef struct {
    double e;
    size_t k;
} ranked;

static int by_residual(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->e != b->e) return a->e < b->e ? -1 : 1;
    return (a->k > b->k) - (a->k < b->k);
}

/* Path k is tied to a period t_k drawn from the common periods; node c's
 * r-th smallest draw goes to the path whose residual of c at its period
 * ranks r-th (ties by path). Fewer than 2 common periods: no reordering. */
static fpa_status copula_order(recon *r, const double *resid, uint64_t seed)
{
    const fpa_hierarchy *H = r->H;
    size_t n = H->n, np = r->npaths, K = r->cv.ncommon;
    if (K < 2) {
        r->order = NULL;
        return FPA_OK;
    }
    fc_rng g;
    TRY(fc_rng_new(&g, seed, (uint64_t)n, &H->mem));
    ranked *rk = fpa__alloc(&H->mem, np, sizeof *rk, false);
    size_t *when = rk ? fpa__alloc(&H->mem, np, sizeof *when, false) : NULL;
    if (!when) {
        fpa__free(&H->mem, rk, np, sizeof *rk);
        fc_rng_free(&g, &H->mem);
        return FPA_ENOMEM;
    }
    for (size_t k = 0; k < np; k++)
        when[k] = r->cv.common[gsl_rng_uniform_int((gsl_rng *)g.rng, (unsigned long)K)];
    for (size_t c = 0; c < n; c++) {
        for (size_t k = 0; k < np; k++) rk[k] = (ranked){resid[c * H->T + when[k]], k};
        qsort(rk, np, sizeof *rk, by_residual);
        for (size_t k = 0; k < np; k++) r->order[c * np + k] = rk[k].k;
    }
    fpa__free(&H->mem, when, np, sizeof *when);
    fpa__free(&H->mem, rk, np, sizeof *rk);
    fc_rng_free(&g, &H->mem);
    return FPA_OK;
}

/* ---- the call ----------------------------------------------------------------------- */

void fpa_hierarchy_result_free(fpa_hierarchy_result *R)
{
    if (!R) return;
    fpa_mem m = R->mem;
    fpa__free(&m, R->block, R->cells, sizeof *R->block);
    fpa__free(&m, R->names, R->n, FPA_FORECAST_NAME_MAX);
    fpa__free(&m, R, 1, sizeof *R);
}

static fpa_status result_new(fpa_hierarchy_result **out, const fpa_mem *m, size_t n,
                             size_t h, size_t nl)
{
    size_t nh, nb, cells;
    if (fpa__mul_overflows(n, h, &nh) || fpa__mul_overflows(nh, nl, &nb) ||
        fpa__mul_overflows(nb, 4, &cells) || cells > SIZE_MAX - 2 * nh)
        return fpa__fail(FPA_EINVAL, "nodes x levels x h overflows size_t");
    fpa_hierarchy_result *R = fpa__alloc(m, 1, sizeof *R, true);
    if (!R) return FPA_ENOMEM;
    *R = (fpa_hierarchy_result){.mem = *m, .n = n, .h = h, .nl = nl, .cells = cells + 2 * nh};
    R->block = fpa__alloc(m, R->cells, sizeof *R->block, false);
    R->names = R->block ? fpa__alloc(m, n, FPA_FORECAST_NAME_MAX, true) : NULL;
    if (!R->names) {
        fpa_hierarchy_result_free(R);
        return FPA_ENOMEM;
    }
    R->base_mean = R->block, R->mean = R->base_mean + nh;
    R->base_lo = R->mean + nh, R->base_up = R->base_lo + nb;
    R->lo = R->base_up + nb, R->up = R->lo + nb;
    *out = R;
    return FPA_OK;
}

/* total += a * b, false on overflow. */
static bool grow(size_t *total, size_t a, size_t b)
{
    size_t ab;
    return !fpa__mul_overflows(a, b, &ab) && ab <= SIZE_MAX - *total && (*total += ab, true);
}

/* The scratch of one call, carved from two blocks. */
typedef struct {
    double *d;
    size_t nd, ns;
    size_t *s;
} scratch;

static fpa_status scratch_new(scratch *w, recon *r, fit_ctx *c)
{
    const fpa_hierarchy *H = r->H;
    size_t n = H->n, np = r->npaths, wide = n > np ? n : np, nph = 0;
    bool ok = grow(&nph, c->simulate ? n * np : 0, c->h);
    size_t nd = 0, ns = 0;
    ok = ok && grow(&nd, n, H->T) && grow(&nd, nph, 1) && grow(&nd, n, 4 * n + 3) &&
         grow(&nd, wide, 1) && grow(&nd, n, 2 * wide) && grow(&nd, mint_work(n), 1) &&
         grow(&ns, H->T + n, 1) && grow(&ns, c->simulate ? n : 0, np);
    if (!ok) return fpa__fail(FPA_EINVAL, "the hierarchy is too large for this machine");
    *w = (scratch){fpa__alloc(&H->mem, nd, sizeof *w->d, false), nd, ns, NULL};
    w->s = w->d ? fpa__alloc(&H->mem, ns, sizeof *w->s, false) : NULL;
    if (!w->s) {
        fpa__free(&H->mem, w->d, nd, sizeof *w->d);
        return FPA_ENOMEM;
    }
    double *p = w->d;
    c->resid = p, p += n * H->T;
    c->paths = c->simulate ? p : NULL, p += nph;
    r->paths = c->paths;
    r->cv.W = p, p += n * n;
    r->Mb = p, p += n * n;
    r->M = p, p += n * n;
    r->corr = p, p += n * n;
    r->wd = p, p += n;
    r->yhat = p, p += n;
    r->yt = p, p += n;
    r->yl = p, p += wide;
    r->A = p, p += n * wide;
    r->B = p, p += n * wide;
    r->mint = p;
    r->cv.common = w->s;
    r->agg = w->s + H->T;
    r->order = c->simulate ? w->s + H->T + n : NULL;
    for (size_t i = 0; i < n * H->T; i++) c->resid[i] = NAN;
    return FPA_OK;
}

static fpa_status check_forecast_args(const fpa_hierarchy *H, size_t h, const double *levels,
                                      size_t nl)
{
    TRY(fpa__check_ptr(H, "hier"));
    if (!H->T) return fpa__fail(FPA_EINVAL, "the hierarchy has no data (fpa_hierarchy_set_data)");
    if (h == 0) return fpa__fail(FPA_EINVAL, "h is 0");
    if (nl) TRY(fpa__check_ptr(levels, "levels"));
    for (size_t k = 0; k < nl; k++)
        if (!(levels[k] > 0 && levels[k] < 100))
            return fpa__fail(FPA_EINVAL, "levels[%zu] = %g is outside (0, 100)", k, levels[k]);
    return FPA_OK;
}

static fpa_status check_finite(const fpa_hierarchy_result *R)
{
    size_t nh = R->n * R->h, nb = nh * R->nl;
    const double *v[3] = {R->mean, R->lo, R->up};
    size_t len[3] = {nh, nb, nb};
    for (int s = 0; s < 3; s++)
        for (size_t i = 0; i < len[s]; i++)
            if (!fpa__finite(v[s][i]))
                return fpa__fail(FPA_EOVERFLOW, "the reconciled %s of node %zu is not finite",
                                 s ? "bound" : "forecast", i / (s ? R->nl * R->h : R->h));
    return FPA_OK;
}

static fpa_status reconcile_all(recon *r, fit_ctx *c, const fpa_opts *opts,
                                fpa__progress *p)
{
    TRY(fit_nodes(c, opts, p));
    TRY(estimate_covariance(&r->cv, c->resid, r->H->n, r->H->T, &r->H->mem));
    r->R->lambda = r->cv.lambda;
    correlation(r);
    if (r->paths) TRY(copula_order(r, c->resid, c->seed));
    TRY(fixed_map(r));
    for (size_t j = 0; j < r->R->h; j++) {
        TRY(one_horizon(r, j));
        TRY(fpa__progress_add(p, 1, false));
    }
    TRY(fpa__progress_end(p));
    return check_finite(r->R);
}

fpa_status fpa_hierarchy_forecast(fpa_hierarchy_result **out, const fpa_hierarchy *H,
                                  size_t h, const double *levels, size_t nlevels,
                                  const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(check_forecast_args(H, h, levels, nlevels));
    fpa_hierarchy_result *R = NULL;
    TRY(result_new(&R, &H->mem, H->n, h, nlevels));
    R->method = H->reconcile;
    bool sim = H->intervals == FPA_HIERARCHY_SIMULATE && nlevels > 0;
    recon r = {.H = H, .R = R, .levels = levels,
               .npaths = sim ? (size_t)fpa__opt_int(opts, FPA_OPT_FORECAST_NPATHS) : 0};
    fit_ctx c = {.H = H, .R = R, .h = h, .nl = nlevels, .npaths = r.npaths, .levels = levels,
                 .seed = (uint64_t)fpa__opt(opts, FPA_OPT_SEED), .simulate = sim};
    scratch w = {0};
    fpa_status st = scratch_new(&w, &r, &c);
    if (st != FPA_OK) {
        fpa_hierarchy_result_free(R);
        return st;
    }
    fpa__progress p;
    st = fpa__progress_begin(&p, opts, H->n + h);
    if (st == FPA_OK) st = reconcile_all(&r, &c, opts, &p);
    fpa__free(&H->mem, w.s, w.ns, sizeof *w.s);
    fpa__free(&H->mem, w.d, w.nd, sizeof *w.d);
    if (st != FPA_OK) {
        fpa_hierarchy_result_free(R);
        return st;
    }
    *out = R;
    return FPA_OK;
}

/* ---- reading a result ------------------------------------------------------------------ */

fpa_status fpa_hierarchy_result_size(size_t *out_nodes, size_t *out_h, size_t *out_nlevels,
                                     const fpa_hierarchy_result *R)
{
    TRY(fpa__check_ptr(R, "res"));
    if (out_nodes) *out_nodes = R->n;
    if (out_h) *out_h = R->h;
    if (out_nlevels) *out_nlevels = R->nl;
    return FPA_OK;
}

static fpa_status check_view(const fpa_hierarchy_result *R, fpa_hierarchy_view view,
                             size_t cap, size_t need)
{
    TRY(fpa__check_ptr(R, "res"));
    if (view != FPA_HIERARCHY_RECONCILED && view != FPA_HIERARCHY_BASE)
        return fpa__fail(FPA_EINVAL, "view %d is not an fpa_hierarchy_view", (int)view);
    if (cap < need) return fpa__fail(FPA_ESIZE, "cap %zu is below %zu", cap, need);
    return FPA_OK;
}

fpa_status fpa_hierarchy_result_mean(double *out, size_t cap, const fpa_hierarchy_result *R,
                                     fpa_hierarchy_view view)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_view(R, view, cap, R ? R->n * R->h : 0));
    const double *src = view == FPA_HIERARCHY_BASE ? R->base_mean : R->mean;
    memcpy(out, src, R->n * R->h * sizeof *out);
    return FPA_OK;
}

fpa_status fpa_hierarchy_result_bounds(double *out_lower, double *out_upper, size_t cap,
                                       const fpa_hierarchy_result *R, fpa_hierarchy_view view)
{
    TRY(fpa__check_ptr(out_lower, "out_lower"));
    TRY(fpa__check_ptr(out_upper, "out_upper"));
    size_t nb = R ? R->n * R->nl * R->h : 0;
    TRY(check_view(R, view, cap, nb));
    bool base = view == FPA_HIERARCHY_BASE;
    memcpy(out_lower, base ? R->base_lo : R->lo, nb * sizeof *out_lower);
    memcpy(out_upper, base ? R->base_up : R->up, nb * sizeof *out_upper);
    return FPA_OK;
}

const char *fpa_hierarchy_result_model(const fpa_hierarchy_result *R, size_t node)
{
    return R && node < R->n ? R->names + node * FPA_FORECAST_NAME_MAX : NULL;
}

fpa_status fpa_hierarchy_result_info(fpa_reconcile_method *out_method, double *out_lambda,
                                     const fpa_hierarchy_result *R)
{
    TRY(fpa__check_ptr(R, "res"));
    if (out_method) *out_method = R->method;
    if (out_lambda) *out_lambda = R->lambda;
    return FPA_OK;
}
