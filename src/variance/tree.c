/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchies: built once from (id, parent id) pairs into a post-order
 * (every node after its descendants, siblings by index), which makes a
 * roll-up one forward pass and puts any subtree in one contiguous run. */
#include "minor.h"
#include "../core/parallel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fpa_tree {
    fpa_mem mem;
    size_t n;
    char *names;       /* every id, NUL-terminated, back to back */
    size_t names_len;
    size_t *block;     /* the arrays below, in one allocation */
    size_t block_len;
    size_t *name_at;   /* offset of node i's id in names */
    size_t *parent;    /* FPA_TREE_NONE for roots */
    size_t *post;      /* nodes in post-order */
    size_t *post_pos;  /* position of node i in post */
    size_t *size;      /* nodes in the subtree of node i, itself included */
    size_t *slots;     /* open-addressing hash of ids: node + 1, 0 = empty */
    size_t nslots;     /* a power of two, at least twice n */
};

/* FNV-1a: simple, and deterministic across runs (no random seed is
 * needed: ids are the host's own data, not an attacker's). */
static size_t hash_id(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)(h ^ (h >> 32));
}

static const char *name_of(const fpa_tree *t, size_t i) { return t->names + t->name_at[i]; }

/* Slot holding id, or the empty slot where it would go. */
static size_t *slot_of(const fpa_tree *t, const char *id)
{
    size_t mask = t->nslots - 1;
    for (size_t k = hash_id(id) & mask;; k = (k + 1) & mask)
        if (!t->slots[k] || strcmp(name_of(t, t->slots[k] - 1), id) == 0)
            return &t->slots[k];
}

void fpa_variance_tree_free(fpa_tree *t)
{
    if (!t) return;
    fpa_mem m = t->mem;
    fpa__free(&m, t->names, t->names_len, 1);
    fpa__free(&m, t->block, t->block_len, sizeof *t->block);
    fpa__free(&m, t, 1, sizeof *t);
}

static bool is_root_parent(const char *p) { return !p || !*p; }

/* Describe the cycle reached by walking up from `start`, which no root
 * reaches: "a -> b -> c -> a", each the parent of the one before. `mark`
 * is scratch of n entries. */
static fpa_status cycle_error(const fpa_tree *t, size_t start, size_t *mark)
{
    for (size_t i = 0; i < t->n; i++) mark[i] = 0;
    size_t v = start;
    while (!mark[v]) {  /* walk until a node repeats: it is on the cycle */
        mark[v] = 1;
        v = t->parent[v];
    }
    char msg[400];
    size_t len = 0;
    size_t u = v;
    do {
        int w = snprintf(msg + len, sizeof msg - len, "\"%.40s\" -> ", name_of(t, u));
        if (w < 0 || (size_t)w >= sizeof msg - len - 50) {
            len += strlen(msg + len);
            snprintf(msg + len, sizeof msg - len, "... -> ");
            len += strlen(msg + len);
            break;
        }
        len += (size_t)w;
        u = t->parent[u];
    } while (u != v);
    snprintf(msg + len, sizeof msg - len, "\"%.40s\"", name_of(t, v));
    return fpa__fail(FPA_EDATA, "the parents form a cycle (each node's parent "
                     "follows it): %s", msg);
}

/* Post-order from every root, subtree sizes, and the cycle check. `tmp`
 * holds 3n + 1 entries of scratch. */
static fpa_status order_nodes(fpa_tree *t, size_t *tmp)
{
    size_t n = t->n;
    size_t *start = tmp, *kids = tmp + n + 1, *stack = tmp + 2 * n + 1;
    /* children lists by counting sort on the parent: siblings by index */
    for (size_t i = 0; i <= n; i++) start[i] = 0;
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != FPA_TREE_NONE) start[t->parent[i] + 1]++;
    for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != FPA_TREE_NONE) kids[start[t->parent[i]]++] = i;
    for (size_t i = n; i > 0; i--) start[i] = start[i - 1];  /* undo the fill */
    start[0] = 0;

    /* iterative depth-first walk; post_pos doubles as the "next child"
     * cursor of the nodes on the stack until they are emitted */
    size_t k = 0, depth;
    for (size_t i = 0; i < n; i++) t->post_pos[i] = SIZE_MAX;
    for (size_t r = 0; r < n; r++) {
        if (t->parent[r] != FPA_TREE_NONE) continue;
        depth = 0;
        stack[depth++] = r;
        t->post_pos[r] = start[r];
        while (depth) {
            size_t v = stack[depth - 1];
            if (t->post_pos[v] < start[v + 1]) {
                size_t c = kids[t->post_pos[v]++];
                t->post_pos[c] = start[c];
                stack[depth++] = c;
            } else {
                depth--;
                t->post[k] = v;
                t->post_pos[v] = k++;
            }
        }
    }
    if (k < n)  /* nodes no root reaches hang on a cycle */
        for (size_t i = 0; i < n; i++)
            if (t->post_pos[i] == SIZE_MAX) return cycle_error(t, i, tmp);
    for (size_t i = 0; i < n; i++) t->size[i] = 1;
    for (size_t j = 0; j < n; j++) {
        size_t v = t->post[j];
        if (t->parent[v] != FPA_TREE_NONE) t->size[t->parent[v]] += t->size[v];
    }
    return FPA_OK;
}

static fpa_status tree_alloc(fpa_tree **out, const fpa_mem *m, size_t n,
                             size_t names_len)
{
    /* with n <= SIZE_MAX / 16, nslots <= 4n and 5n + nslots cannot wrap */
    if (n > SIZE_MAX / 16)
        return fpa__fail(FPA_ENOMEM, "a tree of %zu nodes is too large", n);
    size_t nslots = 8;
    while (nslots < n * 2) nslots *= 2;
    fpa_tree *t = fpa__alloc(m, 1, sizeof *t, true);
    if (!t) return FPA_ENOMEM;
    t->mem = *m;
    t->n = n;
    t->nslots = nslots;
    t->names_len = names_len;
    t->block_len = 5 * n + nslots;
    t->names = fpa__alloc(m, names_len, 1, false);
    t->block = t->names ? fpa__alloc(m, t->block_len, sizeof *t->block, false) : NULL;
    if (!t->block) {
        fpa_variance_tree_free(t);
        return FPA_ENOMEM;
    }
    t->name_at = t->block;
    t->parent = t->name_at + n;
    t->post = t->parent + n;
    t->post_pos = t->post + n;
    t->size = t->post_pos + n;
    t->slots = t->size + n;
    memset(t->slots, 0, nslots * sizeof *t->slots);
    *out = t;
    return FPA_OK;
}

static fpa_status tree_fill(fpa_tree *t, const char *const *ids,
                            const char *const *parents)
{
    size_t off = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t len = strlen(ids[i]) + 1;
        memcpy(t->names + off, ids[i], len);
        t->name_at[i] = off;
        off += len;
        size_t *slot = slot_of(t, ids[i]);
        if (*slot)
            return fpa__fail(FPA_EDATA, "ids[%zu] \"%.60s\" repeats ids[%zu]", i,
                             ids[i], *slot - 1);
        *slot = i + 1;
    }
    for (size_t i = 0; i < t->n; i++) {
        const char *p = parents ? parents[i] : NULL;
        if (is_root_parent(p)) {
            t->parent[i] = FPA_TREE_NONE;
            continue;
        }
        size_t s = *slot_of(t, p);
        if (!s)
            return fpa__fail(FPA_EDATA, "parents[%zu] \"%.60s\" (parent of "
                             "\"%.60s\") is not a node id", i, p, ids[i]);
        t->parent[i] = s - 1;
    }
    return FPA_OK;
}

fpa_status fpa_variance_tree_new(fpa_tree **out, const char *const *ids,
                                 const char *const *parents, size_t n,
                                 const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(fpa__check_ptr(ids, "ids"));
    if (n == 0) return fpa__fail(FPA_EINVAL, "n is 0");
    size_t names_len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i]) return fpa__fail(FPA_EINVAL, "ids[%zu] is NULL", i);
        if (!*ids[i]) return fpa__fail(FPA_EINVAL, "ids[%zu] is empty", i);
        names_len += strlen(ids[i]) + 1;
    }
    fpa_mem m = fpa__mem_of(opts);
    fpa_tree *t = NULL;
    TRY(tree_alloc(&t, &m, n, names_len));
    fpa_status st = tree_fill(t, ids, parents);
    if (st == FPA_OK) {
        /* n <= SIZE_MAX / 16 after tree_alloc, so 3n + 1 cannot wrap */
        size_t *tmp = fpa__alloc(&m, 3 * n + 1, sizeof *tmp, false);
        st = tmp ? order_nodes(t, tmp) : FPA_ENOMEM;
        fpa__free(&m, tmp, 3 * n + 1, sizeof *tmp);
    }
    if (st != FPA_OK) {
        fpa_variance_tree_free(t);
        return st;
    }
    *out = t;
    return FPA_OK;
}

size_t fpa_variance_tree_size(const fpa_tree *tree) { return tree ? tree->n : 0; }

const char *fpa_variance_tree_id(const fpa_tree *tree, size_t node)
{
    return tree && node < tree->n ? name_of(tree, node) : NULL;
}

fpa_status fpa_variance_tree_find(size_t *out, const fpa_tree *tree, const char *id)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(tree, "tree"));
    TRY(fpa__check_ptr(id, "id"));
    size_t s = *slot_of(tree, id);
    if (!s) return fpa__fail(FPA_EDATA, "no node has the id \"%.60s\"", id);
    *out = s - 1;
    return FPA_OK;
}

fpa_status fpa_variance_tree_parent(size_t *out, const fpa_tree *tree, size_t node)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(tree, "tree"));
    if (node >= tree->n)
        return fpa__fail(FPA_EINVAL, "node %zu is out of range (the tree has "
                         "%zu)", node, tree->n);
    *out = tree->parent[node];
    return FPA_OK;
}

/* ---- roll-up --------------------------------------------------------------- */

/* Name the first bad cell of a node whose row check failed: an input that
 * is not finite, else a total that overflowed. */
static fpa_status rollup_error(const fpa_tree *t, size_t v, const double *b,
                               const double *a, size_t periods)
{
    for (size_t k = v * periods; k < (v + 1) * periods; k++) {
        if (!fpa__finite(b[k]))
            return fpa__fail(FPA_EDOM, "budget of node \"%.60s\", period %zu is %s",
                             name_of(t, v), k % periods, nonfinite_name(b[k]));
        if (a && !fpa__finite(a[k]))
            return fpa__fail(FPA_EDOM, "actual of node \"%.60s\", period %zu is %s",
                             name_of(t, v), k % periods, nonfinite_name(a[k]));
    }
    return fpa__fail(FPA_EOVERFLOW, "the totals of node \"%.60s\" are not finite",
                     name_of(t, v));
}

/* A roll-up in progress. Rows are `periods` doubles; `oa` and `ov` are
 * NULL when only one series is rolled up. */
typedef struct {
    const fpa_tree *t;
    double *ob, *oa, *ov;
    const double *b, *a;
    size_t periods;
    size_t grain;       /* subtrees of at most this many nodes go to jobs */
    const size_t *cut;  /* job j: post-order positions cut[j] .. cut[j+1]-1 */
} rollup;

/* Start an inner node's rows from its direct postings; its children then
 * add to them. */
static void rollup_init(const rollup *r, size_t v)
{
    size_t off = v * r->periods, bytes = r->periods * sizeof *r->b;
    memcpy(r->ob + off, r->b + off, bytes);
    if (r->oa) memcpy(r->oa + off, r->a + off, bytes);
}

/* Add node v's complete rows to its parent's. */
static void rollup_up(const rollup *r, size_t v)
{
    size_t p = r->t->parent[v], P = r->periods;
    if (p == FPA_TREE_NONE) return;
    double *restrict ub = r->ob + p * P;
    const double *restrict rb = r->ob + v * P;
    for (size_t k = 0; k < P; k++) ub[k] += rb[k];
    if (!r->oa) return;
    double *restrict ua = r->oa + p * P;
    const double *restrict ra = r->oa + v * P;
    for (size_t k = 0; k < P; k++) ua[k] += ra[k];
}

/* Node v's turn, all of its children done: a leaf's inputs are copied
 * (read once), the rows are checked and the variance written. `d - d` is
 * NaN exactly when an input or a total is not finite. */
static fpa_status rollup_node(const rollup *r, size_t v)
{
    size_t P = r->periods, off = v * P;
    double *restrict rb = r->ob + off, chk = 0;
    bool leaf = r->t->size[v] == 1;
    if (!r->oa) {
        if (leaf) memcpy(rb, r->b + off, P * sizeof *rb);
        for (size_t k = 0; k < P; k++) chk += rb[k] - rb[k];
    } else {
        double *restrict ra = r->oa + off;
        if (leaf) {
            const double *restrict ib = r->b + off, *restrict ia = r->a + off;
            for (size_t k = 0; k < P; k++) {
                rb[k] = ib[k];
                ra[k] = ia[k];
            }
        }
        for (size_t k = 0; k < P; k++) {
            double d = ra[k] - rb[k];
            chk += d - d;
            if (r->ov) r->ov[off + k] = d;
        }
    }
    if (FPA_UNLIKELY(chk != 0)) return rollup_error(r->t, v, r->b, r->a, P);
    return FPA_OK;
}

static bool is_top(const rollup *r, size_t v) { return r->t->size[v] > r->grain; }

/* A subtree small enough for a job whose parent is not: its total is added
 * to the parent by the serial pass, in post-order like every addition. */
static bool is_job_root(const rollup *r, size_t v)
{
    size_t p = r->t->parent[v];
    return !is_top(r, v) && (p == FPA_TREE_NONE || is_top(r, p));
}

/* One job: the complete small subtrees in a run of post-order positions
 * (big nodes in the run are left to the serial pass). */
static fpa_status rollup_job(void *ctx, size_t job, unsigned worker)
{
    (void)worker;
    const rollup *r = ctx;
    const fpa_tree *t = r->t;
    for (size_t j = r->cut[job]; j < r->cut[job + 1]; j++) {
        size_t v = t->post[j];
        if (t->size[v] > 1 && !is_top(r, v)) rollup_init(r, v);
    }
    for (size_t j = r->cut[job]; j < r->cut[job + 1]; j++) {
        size_t v = t->post[j];
        if (is_top(r, v)) continue;
        TRY(rollup_node(r, v));
        if (!is_job_root(r, v)) rollup_up(r, v);
    }
    return FPA_OK;
}

/* Threaded roll-up. Subtrees of at most `grain` nodes are contiguous in
 * post-order and independent, so jobs roll them up in parallel; then one
 * serial pass in post-order finishes the big nodes above them. Every row
 * receives its additions in post-order either way, so the sums are the
 * serial ones, bit for bit, whatever the thread count. */
static fpa_status rollup_parallel(rollup *r, unsigned threads, const fpa_opts *opts)
{
    const fpa_tree *t = r->t;
    r->grain = t->n / ((size_t)threads * 8) + 1;
    fpa_mem m = fpa__mem_of(opts);
    size_t max_cuts = t->n / r->grain + 3, jobs = 0, run = 0;
    size_t *cut = fpa__alloc(&m, max_cuts, sizeof *cut, false);
    if (!cut) return FPA_ENOMEM;
    /* cut only between whole small subtrees, every `grain` nodes or so */
    cut[0] = 0;
    for (size_t j = 0; j < t->n; j++) {
        size_t v = t->post[j];
        if (++run >= r->grain && (is_top(r, v) || is_job_root(r, v))) {
            cut[++jobs] = j + 1;
            run = 0;
        }
    }
    if (cut[jobs] != t->n) cut[++jobs] = t->n;
    r->cut = cut;
    for (size_t v = 0; v < t->n; v++)
        if (is_top(r, v)) rollup_init(r, v);
    fpa_status st = fpa__parallel_for(opts, jobs, rollup_job, r);
    for (size_t j = 0; st == FPA_OK && j < t->n; j++) {
        size_t v = t->post[j];
        if (is_top(r, v)) {
            st = rollup_node(r, v);
            if (st == FPA_OK) rollup_up(r, v);
        } else if (is_job_root(r, v)) {
            rollup_up(r, v);
        }
    }
    fpa__free(&m, cut, max_cuts, sizeof *cut);
    return st;
}

fpa_status fpa_variance_rollup(double *out_budget, double *out_actual,
                               double *out_variance, const fpa_tree *tree,
                               const double *budget, const double *actual,
                               size_t periods, const fpa_opts *opts)
{
    size_t cells;
    TRY(fpa__check_ptr(out_budget, "out_budget"));
    TRY(fpa__check_ptr(tree, "tree"));
    TRY(fpa__check_ptr(budget, "budget"));
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (actual) TRY(fpa__check_ptr(out_actual, "out_actual"));
    else if (out_actual || out_variance)
        return fpa__fail(FPA_EINVAL, "actual is NULL, so out_actual and "
                         "out_variance must be NULL too");
    if (fpa__mul_overflows(tree->n, periods, &cells))
        return fpa__fail(FPA_EINVAL, "nodes * periods overflows size_t");
    rollup r = {tree, out_budget, actual ? out_actual : NULL,
                actual ? out_variance : NULL, budget, actual, periods, 0, NULL};
    unsigned threads = fpa__threads(opts, tree->n);
    if (threads > 1) return rollup_parallel(&r, threads, opts);
    /* one pass in post-order: a node's turn comes after all its children */
    for (size_t v = 0; v < tree->n; v++)
        if (tree->size[v] > 1) rollup_init(&r, v);
    for (size_t j = 0; j < tree->n; j++) {
        TRY(rollup_node(&r, tree->post[j]));
        rollup_up(&r, tree->post[j]);
    }
    return FPA_OK;
}

/* ---- roll-up of the effect on income ------------------------------------- */

/* The nature of every subtree: the nodes' own when they agree, else mixed.
 * Post-order puts every node after its descendants. */
static void subtree_natures(int *out, const fpa_tree *t, const int *nature)
{
    for (size_t v = 0; v < t->n; v++) out[v] = nature[v];
    for (size_t j = 0; j < t->n; j++) {
        size_t v = t->post[j], p = t->parent[v];
        if (p != FPA_TREE_NONE && out[p] != out[v]) out[p] = FPA_NATURE_MIXED;
    }
}

fpa_status fpa_variance_rollup_impact(double *out_impact, int *out_nature,
                                      const fpa_tree *tree, const double *budget,
                                      const double *actual, const int *nature,
                                      size_t periods, const fpa_opts *opts)
{
    size_t cells;
    TRY(fpa__check_ptr(out_impact, "out_impact"));
    TRY(fpa__check_ptr(tree, "tree"));
    TRY(fpa__check_ptr(budget, "budget"));
    TRY(fpa__check_ptr(actual, "actual"));
    TRY(fpa__check_ptr(nature, "nature"));
    if (periods == 0) return fpa__fail(FPA_EINVAL, "periods is 0");
    if (fpa__mul_overflows(tree->n, periods, &cells))
        return fpa__fail(FPA_EINVAL, "nodes * periods overflows size_t");
    for (size_t v = 0; v < tree->n; v++)
        if (nature[v] != FPA_NATURE_REVENUE && nature[v] != FPA_NATURE_COST)
            return fpa__fail(FPA_EINVAL, "nature[%zu] is %d; not an fpa_nature", v,
                             nature[v]);
    fpa_mem m = fpa__mem_of(opts);
    double *d = fpa__alloc(&m, cells, sizeof *d, false);
    if (!d) return FPA_ENOMEM;
    /* each line's variance with the sign of its effect on income: actual
     * revenue above budget adds to it, actual cost above budget takes away */
    fpa_status st = FPA_OK;
    for (size_t v = 0; v < tree->n && st == FPA_OK; v++)
        for (size_t k = v * periods; k < (v + 1) * periods && st == FPA_OK; k++) {
            d[k] = (actual[k] - budget[k]) * (nature[v] == FPA_NATURE_COST ? -1 : 1);
            if (FPA_UNLIKELY(!fpa__finite(d[k])))
                st = fpa__finite(budget[k]) && fpa__finite(actual[k])
                         ? fpa__fail(FPA_EOVERFLOW, "the variance of node \"%.60s\", "
                                     "period %zu is not finite", name_of(tree, v),
                                     k % periods)
                         : rollup_error(tree, v, budget, actual, periods);
        }
    if (st == FPA_OK) st = fpa_variance_rollup(out_impact, NULL, NULL, tree, d, NULL,
                                               periods, opts);
    if (st == FPA_OK && out_nature) subtree_natures(out_nature, tree, nature);
    fpa__free(&m, d, cells, sizeof *d);
    return st;
}

/* ---- drill-down -------------------------------------------------------------- */

typedef struct {
    double c;
    size_t node;
} contrib;

static int by_size(const void *x, const void *y)
{
    const contrib *a = x, *b = y;
    double fa = fabs(a->c), fb = fabs(b->c);
    if (fa != fb) return fa > fb ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

/* Subtree variances of the s nodes post[lo .. lo+s-1] into acc. */
static fpa_status subtree_variances(double *acc, const fpa_tree *t, size_t lo,
                                    size_t s, const double *b, const double *a)
{
    for (size_t j = 0; j < s; j++) {
        size_t v = t->post[lo + j];
        if (!fpa__finite(b[v]) || !fpa__finite(a[v]))
            return fpa__fail(FPA_EDOM, "%s of node \"%.60s\" is %s",
                             fpa__finite(b[v]) ? "actual" : "budget", name_of(t, v),
                             nonfinite_name(fpa__finite(b[v]) ? a[v] : b[v]));
        acc[j] = a[v] - b[v];
    }
    for (size_t j = 0; j + 1 < s; j++) {
        size_t v = t->post[lo + j];
        acc[t->post_pos[t->parent[v]] - lo] += acc[j];
    }
    for (size_t j = 0; j < s; j++)
        if (!fpa__finite(acc[j]))
            return fpa__fail(FPA_EOVERFLOW, "the variance of node \"%.60s\" is "
                             "not finite", name_of(t, t->post[lo + j]));
    return FPA_OK;
}

fpa_status fpa_variance_drilldown(size_t *out_nodes, double *out_contribution,
                                  double *out_share, size_t *out_count,
                                  size_t *out_available, const fpa_tree *tree,
                                  const double *budget, const double *actual,
                                  size_t node, fpa_drill mode, size_t capacity,
                                  const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out_count, "out_count"));
    TRY(fpa__check_ptr(tree, "tree"));
    TRY(fpa__check_ptr(budget, "budget"));
    TRY(fpa__check_ptr(actual, "actual"));
    if (capacity) TRY(fpa__check_ptr(out_nodes, "out_nodes"));
    if (node >= tree->n)
        return fpa__fail(FPA_EINVAL, "node %zu is out of range (the tree has "
                         "%zu)", node, tree->n);
    if (mode != FPA_DRILL_CHILDREN && mode != FPA_DRILL_LEAVES)
        return fpa__fail(FPA_EINVAL, "mode is %d; not an fpa_drill", (int)mode);

    size_t s = tree->size[node], lo = tree->post_pos[node] + 1 - s;
    fpa_mem m = fpa__mem_of(opts);
    double *acc = fpa__alloc(&m, s, sizeof *acc, false);
    contrib *list = acc ? fpa__alloc(&m, s, sizeof *list, false) : NULL;
    if (!list) {
        fpa__free(&m, acc, s, sizeof *acc);
        return FPA_ENOMEM;
    }
    fpa_status st = subtree_variances(acc, tree, lo, s, budget, actual);
    size_t count = 0;
    double total = acc[s - 1];
    for (size_t j = 0; st == FPA_OK && j < s; j++) {
        size_t v = tree->post[lo + j];
        double own = actual[v] - budget[v];
        if (mode == FPA_DRILL_CHILDREN
                ? (v == node ? own != 0 : tree->parent[v] == node)
                : (tree->size[v] == 1 || own != 0))
            list[count++] = (contrib){
                mode == FPA_DRILL_CHILDREN && v != node ? acc[j] : own, v};
    }
    for (size_t j = 0; st == FPA_OK && j < count && total != 0; j++)
        if (!fpa__finite(list[j].c / total))
            st = fpa__fail(FPA_EOVERFLOW, "the share of node \"%.60s\" is not "
                           "finite (the variance of \"%.60s\" is %.17g)",
                           name_of(tree, list[j].node), name_of(tree, node), total);
    if (st == FPA_OK) {
        qsort(list, count, sizeof *list, by_size);
        size_t w = count < capacity ? count : capacity;
        for (size_t j = 0; j < w; j++) {
            out_nodes[j] = list[j].node;
            if (out_contribution) out_contribution[j] = list[j].c;
            if (out_share) out_share[j] = total != 0 ? list[j].c / total : 0;
        }
        *out_count = w;
        if (out_available) *out_available = count;
    }
    fpa__free(&m, list, s, sizeof *list);
    fpa__free(&m, acc, s, sizeof *acc);
    return st;
}
