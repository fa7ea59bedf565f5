/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchies: construction errors, roll-ups and drill-down.
 *
 * Expected values are hand-worked (the sums are written out next to each
 * case) or come from an independent computation in the test itself: every
 * node's own amount added to all of its ancestors by walking up the
 * parent ids, in whole numbers so that every sum is exact. */
#include "testutil.h"

/*            CO
 *          /    \
 *      SALES     OPS (direct posting)
 *      /   \     /   \
 * S-EAST S-WEST O-IT O-HR
 *
 * listed out of order on purpose. Two periods:
 *                budget        actual       variance (own)
 *   S-WEST     2000, 2100    2300, 2000      300, -100
 *   CO            0,    0       0,    0        0,    0
 *   O-HR        300,  300     300,  330        0,   30
 *   SALES         0,    0       0,    0        0,    0
 *   OPS         100,  100     120,   90       20,  -10
 *   S-EAST     1000, 1100     900, 1200     -100,  100
 *   O-IT        500,  500     650,  480      150,  -20
 * Rolled up:
 *   SALES  budget 3000, 3200  actual 3200, 3200  variance 200,   0
 *   OPS    budget  900,  900  actual 1070,  900  variance 170,   0
 *   CO     budget 3900, 4100  actual 4270, 4100  variance 370,   0 */
enum { W, CO, HR, SALES, OPS, E, IT, NODES };
static const char *const ids[] = {"S-WEST", "CO", "O-HR", "SALES", "OPS",
                                  "S-EAST", "O-IT"};
static const char *const parents[] = {"SALES", NULL, "OPS", "CO", "CO",
                                      "SALES", "OPS"};
static const double budget[] = {2000, 2100, 0, 0, 300, 300, 0, 0,
                                100, 100, 1000, 1100, 500, 500};
static const double actual[] = {2300, 2000, 0, 0, 300, 330, 0, 0,
                                120, 90, 900, 1200, 650, 480};

static void build_and_look_up(void **state)
{
    (void)state;
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, ids, parents, NODES, NULL));
    assert_int_equal(fpa_variance_tree_size(t), NODES);
    size_t k, p;
    assert_ok(fpa_variance_tree_find(&k, t, "O-IT"));
    assert_int_equal(k, IT);
    assert_string_equal(fpa_variance_tree_id(t, OPS), "OPS");
    assert_null(fpa_variance_tree_id(t, NODES));
    assert_ok(fpa_variance_tree_parent(&p, t, IT));
    assert_int_equal(p, OPS);
    assert_ok(fpa_variance_tree_parent(&p, t, CO));
    assert_true(p == FPA_TREE_NONE);
    assert_status(fpa_variance_tree_find(&k, t, "NOPE"), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "no node has the id \"NOPE\"");
    assert_status(fpa_variance_tree_parent(&p, t, 99), FPA_EINVAL);
    fpa_variance_tree_free(t);
    fpa_variance_tree_free(NULL);
    assert_int_equal(fpa_variance_tree_size(NULL), 0);
}

static void rollup_by_hand(void **state)
{
    (void)state;
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, ids, parents, NODES, NULL));
    double rb[2 * NODES], ra[2 * NODES], rv[2 * NODES];
    assert_ok(fpa_variance_rollup(rb, ra, rv, t, budget, actual, 2, NULL));
    const double want_b[] = {2000, 2100, 3900, 4100, 300, 300, 3000, 3200,
                             900, 900, 1000, 1100, 500, 500};
    const double want_a[] = {2300, 2000, 4270, 4100, 300, 330, 3200, 3200,
                             1070, 900, 900, 1200, 650, 480};
    for (size_t k = 0; k < 2 * NODES; k++) {
        assert_true(rb[k] == want_b[k]);
        assert_true(ra[k] == want_a[k]);
        assert_true(rv[k] == want_a[k] - want_b[k]);
    }
    /* one series alone gives the same budget totals */
    double one[2 * NODES];
    assert_ok(fpa_variance_rollup(one, NULL, NULL, t, budget, NULL, 2, NULL));
    assert_memory_equal(one, rb, sizeof one);
    fpa_variance_tree_free(t);
}

static void drill(const fpa_tree *t, size_t node, fpa_drill mode, size_t cap,
                  const double *b, const double *a, size_t n_want,
                  const size_t *want_node, const double *want_c, double total,
                  size_t available)
{
    size_t nodes[NODES], count, avail;
    double c[NODES], share[NODES];
    assert_ok(fpa_variance_drilldown(nodes, c, share, &count, &avail, t, b, a,
                                     node, mode, cap, NULL));
    assert_int_equal(count, n_want);
    assert_int_equal(avail, available);
    for (size_t j = 0; j < n_want; j++) {
        if (nodes[j] != want_node[j])
            fail_msg("rank %zu: node %s, expected %s", j,
                     fpa_variance_tree_id(t, nodes[j]),
                     fpa_variance_tree_id(t, want_node[j]));
        assert_true(c[j] == want_c[j]);
        if (total != 0) assert_close(share[j], want_c[j] / total, 1e-15, 0);
        else assert_true(share[j] == 0);
    }
}

/* Drill-down of period 0 (own variances: S-WEST 300, O-HR 0, OPS 20,
 * S-EAST -100, O-IT 150):
 *   CO by children: SALES 200, OPS 170 of 370 (shares 0.5405..., 0.4594...)
 *   CO by leaves: S-WEST 300, O-IT 150, S-EAST -100, OPS (direct) 20,
 *     O-HR 0, of 370
 *   OPS by children: O-IT 150, OPS itself 20, O-HR 0, of 170
 *   S-EAST (a leaf) by children: itself, -100, share 1
 * Period 1 (S-WEST -100, O-HR 30, OPS -10, S-EAST 100, O-IT -20): CO's
 * variance is 0, so shares are 0; by leaves S-EAST and S-WEST tie at 100
 * and rank by index (S-WEST is node 0): S-WEST -100, S-EAST 100, O-HR 30,
 * O-IT -20, OPS -10. */
static void drilldown_by_hand(void **state)
{
    (void)state;
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, ids, parents, NODES, NULL));
    double b0[NODES], a0[NODES], b1[NODES], a1[NODES];
    for (size_t i = 0; i < NODES; i++) {
        b0[i] = budget[2 * i];
        a0[i] = actual[2 * i];
        b1[i] = budget[2 * i + 1];
        a1[i] = actual[2 * i + 1];
    }
    drill(t, CO, FPA_DRILL_CHILDREN, NODES, b0, a0, 2, (size_t[]){SALES, OPS},
          (double[]){200, 170}, 370, 2);
    drill(t, CO, FPA_DRILL_LEAVES, NODES, b0, a0, 5,
          (size_t[]){W, IT, E, OPS, HR}, (double[]){300, 150, -100, 20, 0}, 370, 5);
    drill(t, CO, FPA_DRILL_LEAVES, 2, b0, a0, 2, (size_t[]){W, IT},
          (double[]){300, 150}, 370, 5);
    drill(t, OPS, FPA_DRILL_CHILDREN, NODES, b0, a0, 3, (size_t[]){IT, OPS, HR},
          (double[]){150, 20, 0}, 170, 3);
    drill(t, E, FPA_DRILL_CHILDREN, NODES, b0, a0, 1, (size_t[]){E},
          (double[]){-100}, -100, 1);
    drill(t, CO, FPA_DRILL_LEAVES, NODES, b1, a1, 5,
          (size_t[]){W, E, HR, IT, OPS}, (double[]){-100, 100, 30, -20, -10}, 0, 5);

    /* size query with capacity 0 */
    size_t count = 9, avail = 0;
    assert_ok(fpa_variance_drilldown(NULL, NULL, NULL, &count, &avail, t, b0, a0,
                                     CO, FPA_DRILL_LEAVES, 0, NULL));
    assert_int_equal(count, 0);
    assert_int_equal(avail, 5);

    /* bad input */
    size_t nodes[NODES];
    double bad[NODES];
    memcpy(bad, b0, sizeof bad);
    bad[IT] = NAN;
    count = 77;
    assert_status(fpa_variance_drilldown(nodes, NULL, NULL, &count, NULL, t, bad,
                                         a0, CO, FPA_DRILL_LEAVES, NODES, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget of node \"O-IT\" is NaN");
    assert_int_equal(count, 77);
    /* outside the drilled subtree it is not read */
    assert_ok(fpa_variance_drilldown(nodes, NULL, NULL, &count, NULL, t, bad, a0,
                                     SALES, FPA_DRILL_LEAVES, NODES, NULL));
    assert_status(fpa_variance_drilldown(nodes, NULL, NULL, &count, NULL, t, b0,
                                         a0, NODES, FPA_DRILL_LEAVES, NODES, NULL),
                  FPA_EINVAL);
    assert_status(fpa_variance_drilldown(nodes, NULL, NULL, &count, NULL, t, b0,
                                         a0, CO, (fpa_drill)2, NODES, NULL),
                  FPA_EINVAL);
    assert_status(fpa_variance_drilldown(NULL, NULL, NULL, &count, NULL, t, b0,
                                         a0, CO, FPA_DRILL_LEAVES, 3, NULL),
                  FPA_EINVAL);
    fpa_variance_tree_free(t);
}

static void construction_errors_name_the_culprit(void **state)
{
    (void)state;
    fpa_tree *t = (fpa_tree *)1;
    const char *dup[] = {"A", "B", "A"};
    assert_status(fpa_variance_tree_new(&t, dup, NULL, 3, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "ids[2] \"A\" repeats ids[0]");
    assert_null(t);

    const char *two[] = {"A", "B"}, *unknown[] = {NULL, "Z"};
    assert_status(fpa_variance_tree_new(&t, two, unknown, 2, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(),
                        "parents[1] \"Z\" (parent of \"B\") is not a node id");

    const char *cyc[] = {"R", "A", "B", "C", "D"};
    const char *cyc_p[] = {"", "B", "C", "A", "A"};
    assert_status(fpa_variance_tree_new(&t, cyc, cyc_p, 5, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "the parents form a cycle (each node's "
                        "parent follows it): \"A\" -> \"B\" -> \"C\" -> \"A\"");
    /* D hangs below the cycle; walking up from it finds the same cycle */
    const char *cyc2[] = {"D", "A", "B", "C"}, *cyc2_p[] = {"A", "B", "C", "A"};
    assert_status(fpa_variance_tree_new(&t, cyc2, cyc2_p, 4, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "the parents form a cycle (each node's "
                        "parent follows it): \"A\" -> \"B\" -> \"C\" -> \"A\"");
    const char *self[] = {"X"}, *self_p[] = {"X"};
    assert_status(fpa_variance_tree_new(&t, self, self_p, 1, NULL), FPA_EDATA);
    assert_string_equal(fpa_error_last(), "the parents form a cycle (each node's "
                        "parent follows it): \"X\" -> \"X\"");

    const char *empty[] = {"A", ""}, *null_id[] = {"A", NULL};
    assert_status(fpa_variance_tree_new(&t, empty, NULL, 2, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "ids[1] is empty");
    assert_status(fpa_variance_tree_new(&t, null_id, NULL, 2, NULL), FPA_EINVAL);
    assert_status(fpa_variance_tree_new(&t, two, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_variance_tree_new(NULL, two, NULL, 2, NULL), FPA_EINVAL);
    assert_status(fpa_variance_tree_new(&t, NULL, NULL, 2, NULL), FPA_EINVAL);

    /* a long cycle is reported, truncated */
    enum { LONG = 200 };
    char names[LONG][16];
    const char *lid[LONG], *lpar[LONG];
    for (int i = 0; i < LONG; i++) {
        snprintf(names[i], sizeof names[i], "node-%03d", i);
        lid[i] = names[i];
    }
    for (int i = 0; i < LONG; i++) lpar[i] = names[(i + 1) % LONG];
    assert_status(fpa_variance_tree_new(&t, lid, lpar, LONG, NULL), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "\"node-000\" -> \"node-001\""));
    assert_non_null(strstr(fpa_error_last(), "..."));
}

static void rollup_rejects_bad_input(void **state)
{
    (void)state;
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, ids, parents, NODES, NULL));
    double rb[2 * NODES], ra[2 * NODES], b[2 * NODES];
    memcpy(b, budget, sizeof b);
    b[2 * E + 1] = NAN;
    assert_status(fpa_variance_rollup(rb, ra, NULL, t, b, actual, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget of node \"S-EAST\", period 1 is NaN");
    b[2 * E + 1] = 1100;
    b[2 * OPS] = INFINITY;  /* a direct posting on an inner node */
    assert_status(fpa_variance_rollup(rb, NULL, NULL, t, b, NULL, 2, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "budget of node \"OPS\", period 0 is +Inf");
    b[2 * OPS] = 100;
    b[2 * W] = 1e308;
    b[2 * E] = 1e308;  /* both fine, their sum in SALES is not */
    assert_status(fpa_variance_rollup(rb, ra, NULL, t, b, actual, 2, NULL), FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "the totals of node \"SALES\" are not finite");
    assert_status(fpa_variance_rollup(rb, ra, NULL, t, budget, actual, 0, NULL), FPA_EINVAL);
    assert_status(fpa_variance_rollup(rb, ra, NULL, t, budget, NULL, 2, NULL), FPA_EINVAL);
    assert_status(fpa_variance_rollup(rb, NULL, NULL, t, budget, actual, 2, NULL), FPA_EINVAL);
    assert_status(fpa_variance_rollup(rb, ra, NULL, NULL, budget, actual, 2, NULL), FPA_EINVAL);
    fpa_variance_tree_free(t);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random forest in a shuffled order, whole-number amounts (so that every
 * sum is exact): each node's total must equal the sum of the amounts of
 * the nodes whose ancestor chain passes through it, computed by walking
 * up parent ids. */
static void rollup_matches_ancestor_walk(void **state)
{
    (void)state;
    enum { N = 3000, P = 3 };
    static char name[N][12];
    static const char *id[N], *par[N];
    static size_t perm[N], parent_of[N];
    static double b[N * P], a[N * P], rb[N * P], ra[N * P], rv[N * P];
    static double wb[N * P], wa[N * P];
    for (size_t i = 0; i < N; i++) perm[i] = i;
    for (size_t i = N - 1; i > 0; i--) {  /* shuffle the listing order */
        size_t j = next_u64() % (i + 1), x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
    }
    /* logical node k (parent: a random earlier logical node, or none for
     * about 1 % of them) is listed at position perm[k] */
    for (size_t k = 0; k < N; k++) {
        snprintf(name[perm[k]], sizeof name[0], "n%zu", k);
        id[perm[k]] = name[perm[k]];
    }
    for (size_t k = 0; k < N; k++) {
        bool root = k == 0 || next_u64() % 100 == 0;
        size_t pk = root ? 0 : next_u64() % k;
        par[perm[k]] = root ? NULL : name[perm[pk]];
        parent_of[perm[k]] = root ? SIZE_MAX : perm[pk];
    }
    for (size_t k = 0; k < N * P; k++) {
        b[k] = (double)(next_u64() % 2000001) - 1000000;
        a[k] = (double)(next_u64() % 2000001) - 1000000;
    }
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, id, par, N, NULL));
    assert_ok(fpa_variance_rollup(rb, ra, rv, t, b, a, P, NULL));
    memset(wb, 0, sizeof wb);
    memset(wa, 0, sizeof wa);
    for (size_t i = 0; i < N; i++)
        for (size_t v = i; v != SIZE_MAX; v = parent_of[v])
            for (size_t p = 0; p < P; p++) {
                wb[v * P + p] += b[i * P + p];
                wa[v * P + p] += a[i * P + p];
            }
    for (size_t k = 0; k < N * P; k++) {
        assert_true(rb[k] == wb[k]);
        assert_true(ra[k] == wa[k]);
        assert_true(rv[k] == wa[k] - wb[k]);
    }
    /* drill-down of every root by children: contributions add up to the
     * root's variance (exact in whole numbers) and match the roll-up */
    static size_t nodes[N];
    static double c[N];
    double bp[N], ap[N];
    for (size_t i = 0; i < N; i++) {
        bp[i] = b[i * P];
        ap[i] = a[i * P];
    }
    for (size_t r = 0; r < N; r++) {
        if (parent_of[r] != SIZE_MAX) continue;
        size_t count;
        assert_ok(fpa_variance_drilldown(nodes, c, NULL, &count, NULL, t, bp, ap,
                                         r, FPA_DRILL_CHILDREN, N, NULL));
        double sum = 0;
        for (size_t j = 0; j < count; j++) {
            sum += c[j];
            if (nodes[j] != r) assert_true(c[j] == rv[nodes[j] * P]);
            if (j) assert_true(fabs(c[j]) <= fabs(c[j - 1]));
        }
        assert_true(sum == rv[r * P]);
        assert_ok(fpa_variance_drilldown(nodes, c, NULL, &count, NULL, t, bp, ap,
                                         r, FPA_DRILL_LEAVES, N, NULL));
        sum = 0;
        for (size_t j = 0; j < count; j++) sum += c[j];
        assert_true(sum == rv[r * P]);
    }
    fpa_variance_tree_free(t);
}

/* Threaded roll-ups equal the serial one bit for bit. Amounts with
 * fractions make the order of every addition matter; trees of several
 * shapes (random forest, wide and flat, a chain under a wide root). */
static void rollup_is_thread_count_invariant(void **state)
{
    (void)state;
    enum { N = 20000, P = 5 };
    static char name[N][12];
    static const char *id[N], *par[N];
    static double b[N * P], a[N * P], rb[4][N * P], ra[4][N * P], rv[4][N * P];
    for (size_t i = 0; i < N; i++) {
        snprintf(name[i], sizeof name[0], "t%zu", i);
        id[i] = name[i];
    }
    for (size_t k = 0; k < N * P; k++) {
        b[k] = (double)(next_u64() % 1000000007) / 977.0;
        a[k] = (double)(next_u64() % 1000000007) / 1013.0;
    }
    for (int shape = 0; shape < 3; shape++) {
        for (size_t i = 0; i < N; i++) {
            size_t p = shape == 0 ? (i ? next_u64() % i : SIZE_MAX)
                     : shape == 1 ? (i ? 0 : SIZE_MAX)
                     : (i == 0 ? SIZE_MAX : i < N / 2 ? 0 : i - 1);
            par[i] = p == SIZE_MAX ? NULL : name[p];
        }
        fpa_tree *t;
        assert_ok(fpa_variance_tree_new(&t, id, par, N, NULL));
        const int threads[] = {1, 2, 3, 8};
        for (int r = 0; r < 4; r++) {
            fpa_opts *o;
            assert_ok(fpa_opts_new(&o, NULL, NULL));
            assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads[r]));
            assert_ok(fpa_variance_rollup(rb[r], ra[r], rv[r], t, b, a, P, o));
            fpa_opts_free(o);
            if (r == 0) continue;
            assert_memory_equal(rb[0], rb[r], sizeof rb[0]);
            assert_memory_equal(ra[0], ra[r], sizeof ra[0]);
            assert_memory_equal(rv[0], rv[r], sizeof rv[0]);
        }
        /* and a bad amount deep down is still found on several threads */
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, 3));
        double keep = a[(N - 1) * P + 2];
        a[(N - 1) * P + 2] = NAN;
        assert_status(fpa_variance_rollup(rb[1], ra[1], NULL, t, b, a, P, o), FPA_EDOM);
        a[(N - 1) * P + 2] = keep;
        fpa_opts_free(o);
        fpa_variance_tree_free(t);
    }
}

/* A chain 200,000 deep: nothing in the library may recurse. */
static void deep_chains_do_not_recurse(void **state)
{
    (void)state;
    enum { N = 200000 };
    char (*name)[12] = malloc(N * sizeof *name);
    const char **id = malloc(N * sizeof *id), **par = malloc(N * sizeof *par);
    double *v = malloc(N * sizeof *v), *r = malloc(N * sizeof *r);
    for (size_t i = 0; i < N; i++) {
        snprintf(name[i], sizeof name[i], "c%zu", i);
        id[i] = name[i];
        par[i] = i ? name[i - 1] : NULL;
        v[i] = 1;
    }
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, id, par, N, NULL));
    assert_ok(fpa_variance_rollup(r, NULL, NULL, t, v, NULL, 1, NULL));
    for (size_t i = 0; i < N; i += 997) assert_true(r[i] == (double)(N - i));
    size_t node, count, avail;
    double c;
    assert_ok(fpa_variance_drilldown(&node, &c, NULL, &count, &avail, t, v, r, 0,
                                     FPA_DRILL_LEAVES, 1, NULL));
    assert_int_equal(avail, N);  /* every node has a non-zero own variance */
    fpa_variance_tree_free(t);
    free(name);
    free(id);
    free(par);
    free(v);
    free(r);
}

static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    fpa_tree *t = NULL;
    FPA_ALLOC_SWEEP((void)0, fpa_variance_tree_new(&t, ids, parents, NODES, opts),
                    fpa_variance_tree_free(t));
    /* the cycle path frees as well */
    const char *cyc[] = {"A", "B"}, *cyc_p[] = {"B", "A"};
    for (long k = 0; k < 8; k++) {
        test_alloc ta = {-1, 0, 0, 0};
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, test_alloc_fn, &ta));
        ta.calls = 0;
        ta.fail_at = k;
        fpa_status st = fpa_variance_tree_new(&t, cyc, cyc_p, 2, o);
        assert_true(st == FPA_ENOMEM || st == FPA_EDATA);
        fpa_opts_free(o);
        assert_int_equal(ta.live_blocks, 0);
    }
    assert_ok(fpa_variance_tree_new(&t, ids, parents, NODES, NULL));
    size_t nodes[NODES], count;
    double b0[NODES], a0[NODES];
    for (size_t i = 0; i < NODES; i++) {
        b0[i] = budget[2 * i];
        a0[i] = actual[2 * i];
    }
    FPA_ALLOC_SWEEP((void)0,
                    fpa_variance_drilldown(nodes, NULL, NULL, &count, NULL, t, b0,
                                           a0, CO, FPA_DRILL_LEAVES, NODES, opts),
                    (void)0);
    assert_int_equal(count, 5);
    /* the threaded roll-up allocates its job table and worker table */
    double rb[2 * NODES], ra[2 * NODES];
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_variance_rollup(rb, ra, NULL, t, budget, actual, 2, opts),
                    (void)0);
    assert_true(rb[2 * CO] == 3900);
    fpa_variance_tree_free(t);
}

/* ---- the effect on income (issue 17: natural-sign revenue and cost) ------ */

/* Horngren, Datar & Rajan, Cost Accounting, 14th ed., Exhibit 7-1 (Webb
 * Company, April; inputs quoted in tests/test_variance.c): revenues
 * 1,440,000 budgeted, 1,250,000 actual; variable costs 720,000 / 621,600
 * (materials), 192,000 / 198,000 (labour), 144,000 / 130,500 (variable
 * overhead); fixed costs 276,000 / 285,000. Operating income 108,000
 * budgeted, 14,900 actual: the book's static-budget variance $93,100 U.
 * As a tree of natural-sign lines, OI -> {revenue, costs -> {variable ->
 * {materials, labour, overhead}, fixed}}: the impact at OI is -93,100,
 * at costs 1,332,000 - 1,235,100 = +96,900 (F), at variable 1,056,000 -
 * 950,100 = +105,900 (F). */
static void rollup_impact_of_webb(void **state)
{
    (void)state;
    const char *const id[] = {"OI", "REV", "COSTS", "VAR", "DM", "DL", "VOH", "FIX"};
    const char *const par[] = {NULL, "OI", "OI", "COSTS", "VAR", "VAR", "VAR", "COSTS"};
    const double bud[] = {0, 1440000, 0, 0, 720000, 192000, 144000, 276000};
    const double act[] = {0, 1250000, 0, 0, 621600, 198000, 130500, 285000};
    const int nat[] = {FPA_NATURE_REVENUE, FPA_NATURE_REVENUE, FPA_NATURE_COST,
                       FPA_NATURE_COST, FPA_NATURE_COST, FPA_NATURE_COST,
                       FPA_NATURE_COST, FPA_NATURE_COST};
    fpa_tree *t;
    assert_ok(fpa_variance_tree_new(&t, id, par, 8, NULL));
    double impact[8];
    int sub[8];
    for (int threads = 1; threads <= 3; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        assert_ok(fpa_variance_rollup_impact(impact, sub, t, bud, act, nat, 1, o));
        fpa_opts_free(o);
        assert_true(impact[0] == -93100 && impact[1] == -190000 && impact[2] == 96900 &&
                    impact[3] == 105900 && impact[4] == 98400 && impact[7] == -9000);
        assert_int_equal(sub[0], FPA_NATURE_MIXED);
        assert_int_equal(sub[1], FPA_NATURE_REVENUE);
        assert_int_equal(sub[2], FPA_NATURE_COST);
        assert_int_equal(sub[4], FPA_NATURE_COST);
    }
    /* the plain roll-up adds natural signs: 1,485,100 - 1,532,000 at OI,
     * not the profit impact */
    double rb[8], ra[8], rv[8];
    assert_ok(fpa_variance_rollup(rb, ra, rv, t, bud, act, 1, NULL));
    assert_true(rv[0] == 2485100 - 2772000 && rv[0] != impact[0]);

    FPA_ALLOC_SWEEP((void)0, fpa_variance_rollup_impact(impact, NULL, t, bud, act, nat, 1,
                                                         opts), (void)0);
    const int bad[] = {0, 0, 2, 1, 1, 1, 1, 1};
    assert_status(fpa_variance_rollup_impact(impact, sub, t, bud, act, bad, 1, NULL),
                  FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "nature[2] is 2; not an fpa_nature");
    const double nan_act[] = {0, 1250000, 0, 0, NAN, 198000, 130500, 285000};
    assert_status(fpa_variance_rollup_impact(impact, NULL, t, bud, nan_act, nat, 1, NULL),
                  FPA_EDOM);
    assert_string_equal(fpa_error_last(), "actual of node \"DM\", period 0 is NaN");
    fpa_variance_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_and_look_up),
        cmocka_unit_test(rollup_by_hand),
        cmocka_unit_test(drilldown_by_hand),
        cmocka_unit_test(construction_errors_name_the_culprit),
        cmocka_unit_test(rollup_rejects_bad_input),
        cmocka_unit_test(rollup_matches_ancestor_walk),
        cmocka_unit_test(rollup_is_thread_count_invariant),
        cmocka_unit_test(deep_chains_do_not_recurse),
        cmocka_unit_test(allocation_failures_leak_nothing),
        cmocka_unit_test(rollup_impact_of_webb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
