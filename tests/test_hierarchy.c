/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchical forecasting (fpa/hierarchy.h). Sources of the expected
 * values:
 * - tests/ref/hier_ref.txt, written by tests/ref/make_hier_ref.R (R's
 *   forecast 8.20 naive() base forecasts, corpcor 1.6.10's Schaefer-Strimmer
 *   shrinkage, and the textbook G = (S'W^-1 S)^-1 S'W^-1 of Hyndman &
 *   Athanasopoulos, Forecasting: Principles and Practice, 3rd ed. (FPP3),
 *   section 11.3; Gaussian intervals as section 11.5);
 * - small examples worked by hand below from FPP3 sections 11.2 and 11.3;
 * - properties on random trees: reconciled forecasts add up at every node
 *   exactly, bottom-up keeps the leaves, top-down keeps the roots, results
 *   do not depend on the thread count. */
#include "refcases.h"
#include "testutil.h"

#include "fpa/hierarchy.h"

static ref_file REF;

/* A tree from parent indices (-1 for roots), nodes named n0, n1, ... or by
 * `names`. */
static fpa_tree *tree_of(const long *parent, size_t n, const char *const *names)
{
    char buf[64][8];
    const char *ids[64], *par[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++) {
        snprintf(buf[i], sizeof buf[i], "n%zu", i);
        ids[i] = names ? names[i] : buf[i];
    }
    for (size_t i = 0; i < n; i++) par[i] = parent[i] < 0 ? NULL : ids[parent[i]];
    fpa_tree *t = NULL;
    assert_ok(fpa_variance_tree_new(&t, ids, par, n, NULL));
    return t;
}

static fpa_hierarchy *hier_of(const long *parent, size_t n, const char *const *names,
                              const double *y, size_t T, size_t period,
                              fpa_hierarchy_data which, fpa_forecast_method method)
{
    fpa_tree *t = tree_of(parent, n, names);
    fpa_hierarchy *h = NULL;
    assert_ok(fpa_hierarchy_new(&h, t, NULL));
    fpa_variance_tree_free(t);  /* the hierarchy keeps its own copy */
    assert_ok(fpa_hierarchy_set_data(h, y, T, period, which));
    assert_ok(fpa_hierarchy_set_method(h, method));
    return h;
}

static void means(double *out, fpa_hierarchy *h, fpa_reconcile_method m, size_t n,
                  size_t hz)
{
    fpa_hierarchy_result *r = NULL;
    assert_ok(fpa_hierarchy_set_reconcile(h, m));
    assert_ok(fpa_hierarchy_forecast(&r, h, hz, NULL, 0, NULL));
    assert_ok(fpa_hierarchy_result_mean(out, n * hz, r, FPA_HIERARCHY_RECONCILED));
    fpa_hierarchy_result_free(r);
}

/* ---- against R ------------------------------------------------------------------ */

static void check_reference_case(const ref_case *c)
{
    const ref_item *par = ref_get(c, "parent"), *lev = ref_get(c, "levels");
    size_t n = par->n, T = (size_t)ref_num(c, "periods"), h = (size_t)ref_num(c, "h");
    size_t nl = lev->n, nb = n * nl * h;
    long parent[64];
    for (size_t i = 0; i < n; i++) parent[i] = (long)par->v[i];
    fpa_hierarchy *H = hier_of(parent, n, NULL, ref_get(c, "data")->v, T, 1,
                               (fpa_hierarchy_data)ref_num(c, "mode"), FPA_FORECAST_NAIVE);
    static const char *const names[] = {"bottom_up", "top_down", "ols", "wls_struct",
                                        "wls_var", "mint_shrink"};
    double mean[256], lo[512], up[512];
    for (size_t m = 0; m < 6; m++) {
        fpa_reconcile_method meth;
        assert_ok(fpa_reconcile_method_find(&meth, names[m]));
        assert_ok(fpa_hierarchy_set_reconcile(H, meth));
        fpa_hierarchy_result *r = NULL;
        assert_ok(fpa_hierarchy_forecast(&r, H, h, lev->v, nl, NULL));
        char key[24];
        assert_ok(fpa_hierarchy_result_mean(mean, sizeof mean / sizeof *mean, r,
                                            FPA_HIERARCHY_RECONCILED));
        snprintf(key, sizeof key, "mean_%s", names[m]);
        for (size_t i = 0; i < n * h; i++) assert_close(mean[i], ref_get(c, key)->v[i], 1e-10, 0);
        assert_ok(fpa_hierarchy_result_bounds(lo, up, 512, r, FPA_HIERARCHY_RECONCILED));
        snprintf(key, sizeof key, "lo_%s", names[m]);
        for (size_t i = 0; i < nb; i++) assert_close(lo[i], ref_get(c, key)->v[i], 1e-9, 1e-9);
        snprintf(key, sizeof key, "up_%s", names[m]);
        for (size_t i = 0; i < nb; i++) assert_close(up[i], ref_get(c, key)->v[i], 1e-9, 1e-9);
        double lambda;
        fpa_reconcile_method used;
        assert_ok(fpa_hierarchy_result_info(&used, &lambda, r));
        assert_int_equal(used, meth);
        assert_close(lambda, ref_num(c, "lambda"), 1e-12, 0);
        /* the base forecasts are R's naive() */
        assert_ok(fpa_hierarchy_result_mean(mean, 256, r, FPA_HIERARCHY_BASE));
        for (size_t i = 0; i < n * h; i++)
            assert_close(mean[i], ref_get(c, "base_mean")->v[i], 1e-12, 0);
        assert_ok(fpa_hierarchy_result_bounds(lo, up, 512, r, FPA_HIERARCHY_BASE));
        for (size_t i = 0; i < nb; i++) {
            assert_close(lo[i], ref_get(c, "base_lo")->v[i], 1e-10, 0);
            assert_close(up[i], ref_get(c, "base_up")->v[i], 1e-10, 0);
        }
        assert_string_equal(fpa_hierarchy_result_model(r, 0), "Naive");
        fpa_hierarchy_result_free(r);
    }
    fpa_hierarchy_free(H);
}

static void test_against_r(void **state)
{
    (void)state;
    size_t seen = 0;
    for (size_t i = 0; i < REF.n; i++)
        if (!strcmp(REF.c[i].kind, "hier")) {
            check_reference_case(&REF.c[i]);
            seen++;
        }
    assert_int_equal(seen, 2);
}

/* ---- FPP3 worked by hand ------------------------------------------------------- */

/* Total = A + B with naive base forecasts yhat = (Total 10, A 4, B 5) (the
 * last values), whose coherence error is d = 10 - (4 + 5) = 1.
 * - Bottom-up (FPP3 11.2): A 4, B 5, Total 9.
 * - Top-down by forecast proportions (FPP3 11.2): p_A = 4/9, p_B = 5/9,
 *   A = 40/9, B = 50/9, Total 10.
 * - OLS (FPP3 11.3, W = I): with S = [1 1; 1 0; 0 1], S'S = [2 1; 1 2],
 *   (S'S)^-1 = [2 -1; -1 2] / 3, S'yhat = (14, 15), so b = (13/3, 16/3):
 *   A 13/3, B 16/3, Total 29/3 (d shared equally, 1/3 off each node).
 * - WLS structural (FPP3 11.3, W = diag(2, 1, 1)): U = (1, -1, -1)',
 *   U'WU = 2 + 1 + 1 = 4, WU = (2, -1, -1), ytilde = yhat - WU d / 4 =
 *   (9.5, 4.25, 5.25). */
static void test_fpp3_two_leaves(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    const char *const ids[3] = {"Total", "A", "B"};
    const double y[9] = {11, 12, 10, 3, 6, 4, 7, 5, 5};
    fpa_hierarchy *H = hier_of(parent, 3, ids, y, 3, 1, FPA_HIERARCHY_ALL_NODES,
                               FPA_FORECAST_NAIVE);
    double m[3];
    means(m, H, FPA_RECONCILE_BOTTOM_UP, 3, 1);
    assert_true(m[0] == 9 && m[1] == 4 && m[2] == 5);
    means(m, H, FPA_RECONCILE_TOP_DOWN, 3, 1);
    assert_close(m[0], 10, 1e-15, 0);
    assert_close(m[1], 40.0 / 9, 1e-15, 0);
    assert_close(m[2], 50.0 / 9, 1e-15, 0);
    means(m, H, FPA_RECONCILE_OLS, 3, 1);
    assert_close(m[0], 29.0 / 3, 1e-14, 0);
    assert_close(m[1], 13.0 / 3, 1e-14, 0);
    assert_close(m[2], 16.0 / 3, 1e-14, 0);
    means(m, H, FPA_RECONCILE_WLS_STRUCT, 3, 1);
    assert_close(m[0], 9.5, 1e-14, 0);
    assert_close(m[1], 4.25, 1e-14, 0);
    assert_close(m[2], 5.25, 1e-14, 0);
    fpa_hierarchy_free(H);
}

/* FPP3 figure 11.1 (Total -> A, B; A -> AA, AB, AC; B -> BA, BB) with base
 * forecasts Total 100, A 60, B 50, AA 20, AB 30, AC 10, BA 15, BB 35.
 * Top-down by forecast proportions (FPP3 11.2): p_AA = (20/60)(60/110) =
 * 2/11, p_AB = 3/11, p_AC = 1/11, p_BA = (15/50)(50/110) = 1.5/11,
 * p_BB = 3.5/11; times 100: AA 200/11, AB 300/11, AC 100/11, BA 150/11,
 * BB 350/11, so A 600/11, B 500/11, Total 100. Bottom-up: A 60, B 50,
 * Total 110. */
static void test_fpp3_figure_11_1(void **state)
{
    (void)state;
    const long parent[8] = {-1, 0, 0, 1, 1, 1, 2, 2};
    const char *const ids[8] = {"Total", "A", "B", "AA", "AB", "AC", "BA", "BB"};
    const double last[8] = {100, 60, 50, 20, 30, 10, 15, 35};
    double y[16];
    for (size_t i = 0; i < 8; i++) y[2 * i] = last[i] + 1, y[2 * i + 1] = last[i];
    fpa_hierarchy *H = hier_of(parent, 8, ids, y, 2, 1, FPA_HIERARCHY_ALL_NODES,
                               FPA_FORECAST_NAIVE);
    double m[8];
    means(m, H, FPA_RECONCILE_TOP_DOWN, 8, 1);
    const double td[8] = {100, 600.0 / 11, 500.0 / 11, 200.0 / 11, 300.0 / 11, 100.0 / 11,
                          150.0 / 11, 350.0 / 11};
    for (size_t i = 0; i < 8; i++) assert_close(m[i], td[i], 1e-14, 0);
    means(m, H, FPA_RECONCILE_BOTTOM_UP, 8, 1);
    const double bu[8] = {110, 60, 50, 20, 30, 10, 15, 35};
    for (size_t i = 0; i < 8; i++) assert_true(m[i] == bu[i]);
    fpa_hierarchy_free(H);
}

/* ---- properties on random trees --------------------------------------------------- */

static uint64_t rnd_state = 88172645463325252ULL;
static double rnd(void)  /* xorshift64, uniform in [0, 1) */
{
    rnd_state ^= rnd_state << 13, rnd_state ^= rnd_state >> 7, rnd_state ^= rnd_state << 17;
    return (double)(rnd_state >> 11) / 9007199254740992.0;
}

/* Every node with children equals the sum of its children, added in
 * index order from 0 as the roll-up adds them: bit for bit. */
static void assert_adds_up(const double *m, const long *parent, size_t n, size_t h)
{
    for (size_t a = 0; a < n; a++)
        for (size_t j = 0; j < h; j++) {
            double s = 0;
            bool kids = false;
            for (size_t c = 0; c < n; c++)
                if (parent[c] == (long)a) s += m[c * h + j], kids = true;
            if (kids && s != m[a * h + j])
                fail_msg("node %zu, horizon %zu: %.17g, its children add up to %.17g", a, j,
                         m[a * h + j], s);
        }
}

static void random_case(size_t trial)
{
    size_t n = 2 + (size_t)(rnd() * 14), T = 8 + (size_t)(rnd() * 30), h = 1 + trial % 5;
    long parent[16];
    parent[0] = -1;
    for (size_t i = 1; i < n; i++) parent[i] = rnd() < 0.1 ? -1 : (long)(rnd() * (double)i);
    double y[16 * 40];
    for (size_t i = 0; i < n; i++) {
        double v = 50 + 100 * rnd();
        for (size_t t = 0; t < T; t++) y[i * T + t] = v += 4 * (rnd() - 0.45);
    }
    fpa_hierarchy_data which = trial % 2 ? FPA_HIERARCHY_LEAVES : FPA_HIERARCHY_ALL_NODES;
    fpa_forecast_method meth = trial % 3 == 0 ? FPA_FORECAST_DRIFT : trial % 3 == 1
                               ? FPA_FORECAST_SES : FPA_FORECAST_ETS;
    fpa_hierarchy *H = hier_of(parent, n, NULL, y, T, 1, which, meth);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 200));
    const double lev[2] = {80, 95};
    double base[16 * 5], m[16 * 5], lo[16 * 10], up[16 * 10];
    for (int meth_r = 0; meth_r <= FPA_RECONCILE_MINT_SHRINK; meth_r++)
        for (int iv = 0; iv < 2; iv++) {
            assert_ok(fpa_hierarchy_set_reconcile(H, (fpa_reconcile_method)meth_r));
            assert_ok(fpa_hierarchy_set_intervals(H, (fpa_hierarchy_intervals)iv));
            fpa_hierarchy_result *r = NULL;
            assert_ok(fpa_hierarchy_forecast(&r, H, h, lev, 2, o));
            assert_ok(fpa_hierarchy_result_mean(m, n * h, r, FPA_HIERARCHY_RECONCILED));
            assert_ok(fpa_hierarchy_result_mean(base, n * h, r, FPA_HIERARCHY_BASE));
            assert_ok(fpa_hierarchy_result_bounds(lo, up, 2 * n * h, r,
                                                  FPA_HIERARCHY_RECONCILED));
            fpa_hierarchy_result_free(r);
            assert_adds_up(m, parent, n, h);
            for (size_t i = 0; i < n; i++) {
                bool leaf = true, root = parent[i] < 0;
                for (size_t c = 0; c < n; c++) leaf &= parent[c] != (long)i;
                for (size_t j = 0; j < h; j++) {
                    if ((leaf && meth_r == FPA_RECONCILE_BOTTOM_UP) ||
                        (root && meth_r == FPA_RECONCILE_TOP_DOWN))
                        assert_close(m[i * h + j], base[i * h + j], 1e-12, 0);
                    for (size_t k = 0; k < 2; k++) {
                        size_t at = (i * 2 + k) * h + j;
                        assert_true(lo[at] <= m[i * h + j] + 1e-9 * fabs(m[i * h + j]) ||
                                    iv == 1);
                        assert_true(lo[at] <= up[at]);
                    }
                    /* the 95 % interval contains the 80 % one */
                    assert_true(lo[(i * 2 + 1) * h + j] <= lo[(i * 2) * h + j] + 1e-9);
                    assert_true(up[(i * 2 + 1) * h + j] >= up[(i * 2) * h + j] - 1e-9);
                }
            }
        }
    fpa_opts_free(o);
    fpa_hierarchy_free(H);
}

static void test_random_trees_add_up(void **state)
{
    (void)state;
    for (size_t trial = 0; trial < 60; trial++) random_case(trial);
}

/* ---- edge cases ------------------------------------------------------------------- */

static fpa_status forecast_with(fpa_hierarchy *H, fpa_reconcile_method m, size_t h,
                                double *mean, size_t n)
{
    fpa_hierarchy_result *r = NULL;
    const double lev = 90;
    assert_ok(fpa_hierarchy_set_reconcile(H, m));
    fpa_status st = fpa_hierarchy_forecast(&r, H, h, &lev, 1, NULL);
    if (st == FPA_OK) assert_ok(fpa_hierarchy_result_mean(mean, n * h, r, FPA_HIERARCHY_RECONCILED));
    fpa_hierarchy_result_free(r);
    return st;
}

/* A constant leaf (zero residual variance), a series shorter than its
 * seasonal period, and more nodes than periods (a singular sample
 * covariance): every method still gives coherent, finite forecasts. */
static void test_degenerate_data(void **state)
{
    (void)state;
    const long parent[8] = {-1, 0, 0, 1, 1, 1, 2, 2};
    double y[8 * 6];
    for (size_t i = 0; i < 8; i++)
        for (size_t t = 0; t < 6; t++) y[i * 6 + t] = i == 3 ? 5 : 20 + (double)((i * 7 + t * 3) % 11);
    for (size_t T = 4; T <= 6; T += 2) {  /* 4 and 6 values, period 12 */
        double yy[8 * 6];
        for (size_t i = 0; i < 8; i++) memcpy(yy + i * T, y + i * 6, T * sizeof *y);
        for (int w = 0; w < 2; w++) {
            fpa_hierarchy *H = hier_of(parent, 8, NULL, yy, T, 12, (fpa_hierarchy_data)w,
                                       FPA_FORECAST_ETS);
            for (int m = 0; m <= FPA_RECONCILE_MINT_SHRINK; m++) {
                double mean[8 * 3];
                assert_ok(forecast_with(H, (fpa_reconcile_method)m, 3, mean, 8));
                assert_adds_up(mean, parent, 8, 3);
            }
            fpa_hierarchy_free(H);
        }
    }
}

/* An only child: its parent's forecast is its own under every method (the
 * only_child_singular case of the R reference checks the numbers). */
static void test_only_child(void **state)
{
    (void)state;
    const long parent[4] = {-1, 0, 1, 1};
    double y[4 * 10];
    for (size_t t = 0; t < 10; t++) {
        y[20 + t] = 10 + (double)(t % 3);
        y[30 + t] = 30 - (double)(t % 4);
        y[10 + t] = y[20 + t] + y[30 + t] + 1;
        y[t] = y[10 + t] + (t % 2 ? 2 : -2);
    }
    fpa_hierarchy *H = hier_of(parent, 4, NULL, y, 10, 1, FPA_HIERARCHY_ALL_NODES,
                               FPA_FORECAST_NAIVE);
    for (int m = 0; m <= FPA_RECONCILE_MINT_SHRINK; m++) {
        double mean[4 * 2];
        assert_ok(forecast_with(H, (fpa_reconcile_method)m, 2, mean, 4));
        assert_adds_up(mean, parent, 4, 2);
        assert_true(mean[0] == mean[2]);  /* node 0 = its only child, node 1 */
    }
    fpa_hierarchy_free(H);
}

/* Leading NaNs: a product launched later. Its aggregate starts with the
 * earliest leaf; the leaf counts as 0 before its launch. */
static void test_late_leaf(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    double y[3 * 12];
    for (size_t t = 0; t < 12; t++) {
        y[t] = NAN;  /* not read: the aggregate is computed */
        y[12 + t] = 100 + (double)t;
        y[24 + t] = t < 5 ? NAN : 10 + (double)t;
    }
    fpa_hierarchy *H = hier_of(parent, 3, NULL, y, 12, 1, FPA_HIERARCHY_LEAVES,
                               FPA_FORECAST_DRIFT);
    double m[3];
    assert_ok(forecast_with(H, FPA_RECONCILE_BOTTOM_UP, 1, m, 3));
    /* drift: last + (last - first) / (n - 1): 111 + 11/11 = 112 and
     * 21 + (21 - 15)/6 = 22 */
    assert_close(m[1], 112, 1e-13, 0);
    assert_close(m[2], 22, 1e-13, 0);
    assert_close(m[0], 134, 1e-13, 0);
    assert_ok(forecast_with(H, FPA_RECONCILE_MINT_SHRINK, 1, m, 3));
    assert_adds_up(m, parent, 3, 1);
    fpa_hierarchy_free(H);
}

static void test_bad_data(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    const char *const ids[3] = {"Total", "Retail", "Online"};
    fpa_tree *t = tree_of(parent, 3, ids);
    fpa_hierarchy *H = NULL;
    assert_ok(fpa_hierarchy_new(&H, t, NULL));
    double y[3 * 5] = {9, 9, 9, 9, 9, 4, 4, 4, 4, 4, 5, 5, NAN, 5, 5};
    assert_status(fpa_hierarchy_set_data(H, y, 5, 1, FPA_HIERARCHY_ALL_NODES), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "\"Online\""));
    assert_non_null(strstr(fpa_error_last(), "period 2"));
    y[12] = INFINITY;
    assert_status(fpa_hierarchy_set_data(H, y, 5, 1, FPA_HIERARCHY_LEAVES), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "infinite"));
    for (size_t k = 5; k < 10; k++) y[k] = NAN;
    assert_status(fpa_hierarchy_set_data(H, y, 5, 1, FPA_HIERARCHY_LEAVES), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "\"Retail\""));
    /* no data yet; then other bad arguments */
    fpa_hierarchy_result *r = NULL;
    assert_status(fpa_hierarchy_forecast(&r, H, 3, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_data(H, NULL, 5, 1, FPA_HIERARCHY_LEAVES), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_data(H, y, 0, 1, FPA_HIERARCHY_LEAVES), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_data(H, y, 5, 0, FPA_HIERARCHY_LEAVES), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_data(H, y, 5, 1, (fpa_hierarchy_data)7), FPA_EINVAL);
    double ok[15] = {9, 8, 9, 8, 9, 4, 3, 4, 3, 4, 5, 5, 5, 6, 5};
    assert_ok(fpa_hierarchy_set_data(H, ok, 5, 1, FPA_HIERARCHY_ALL_NODES));
    const double bad_level = 100;
    assert_status(fpa_hierarchy_forecast(&r, H, 0, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_forecast(&r, H, 2, &bad_level, 1, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_forecast(&r, H, 2, NULL, 1, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_forecast(NULL, H, 2, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_forecast(&r, NULL, 2, NULL, 0, NULL), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_method(H, (fpa_forecast_method)99), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_reconcile(H, (fpa_reconcile_method)6), FPA_EINVAL);
    assert_status(fpa_hierarchy_set_intervals(H, (fpa_hierarchy_intervals)2), FPA_EINVAL);
    fpa_hierarchy_free(H);
    assert_status(fpa_hierarchy_new(&H, NULL, NULL), FPA_EINVAL);
    assert_null(H);
    assert_status(fpa_hierarchy_new(&H, t, NULL), FPA_OK);
    fpa_hierarchy_free(H);
    fpa_hierarchy_free(NULL);
    fpa_hierarchy_result_free(NULL);
    fpa_variance_tree_free(t);
    fpa_reconcile_method m;
    assert_status(fpa_reconcile_method_find(&m, "mint_cov"), FPA_EINVAL);
    assert_null(fpa_reconcile_method_name((fpa_reconcile_method)6));
    assert_string_equal(fpa_reconcile_method_name(FPA_RECONCILE_MINT_SHRINK), "mint_shrink");
}

/* Failures during the forecast name the node. */
static void test_failures_name_the_node(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    const char *const ids[3] = {"Total", "Retail", "Online"};
    /* the children's forecasts sum to 0: no top-down proportions */
    double y[9] = {1, 2, 0, 3, 4, 5, -3, -4, -5};
    fpa_hierarchy *H = hier_of(parent, 3, ids, y, 3, 1, FPA_HIERARCHY_ALL_NODES,
                               FPA_FORECAST_NAIVE);
    double m[3];
    assert_status(forecast_with(H, FPA_RECONCILE_TOP_DOWN, 1, m, 3), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "\"Total\""));
    /* simulation needs a state-space model: Theta has none */
    double y10[30];
    for (size_t k = 0; k < 30; k++) y10[k] = 10 + (double)((k * 7) % 5);
    fpa_hierarchy *Ht = hier_of(parent, 3, ids, y10, 10, 1, FPA_HIERARCHY_ALL_NODES,
                                FPA_FORECAST_THETA);
    assert_ok(fpa_hierarchy_set_intervals(Ht, FPA_HIERARCHY_SIMULATE));
    assert_status(forecast_with(Ht, FPA_RECONCILE_BOTTOM_UP, 1, m, 3), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "node \"Total\""));
    fpa_hierarchy_free(Ht);
    /* a fit refused: fallback off and too few values for ETS */
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_FALLBACK, 0));
    assert_ok(fpa_hierarchy_set_method(H, FPA_FORECAST_ETS));
    fpa_hierarchy_result *r = NULL;
    assert_status(fpa_hierarchy_forecast(&r, H, 1, NULL, 0, o), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "node \"Total\" (0)"));
    assert_null(r);
    fpa_opts_free(o);
    fpa_hierarchy_free(H);
}

/* ---- simulation ------------------------------------------------------------------- */

static void bounds_of(double *lo, double *up, double *mean, fpa_hierarchy *H, size_t n,
                      size_t h, const fpa_opts *o)
{
    const double lev = 95;
    fpa_hierarchy_result *r = NULL;
    assert_ok(fpa_hierarchy_forecast(&r, H, h, &lev, 1, o));
    assert_ok(fpa_hierarchy_result_bounds(lo, up, n * h, r, FPA_HIERARCHY_RECONCILED));
    if (mean) assert_ok(fpa_hierarchy_result_mean(mean, n * h, r, FPA_HIERARCHY_RECONCILED));
    fpa_hierarchy_result_free(r);
}

/* Two leaves that move together (the same shocks): the copula ties their
 * paths, so the total's simulated interval is the sum of theirs (up to the
 * sampling error of 20000 paths), not the sqrt(2)-narrower one of
 * independent paths; each leaf's bottom-up interval is its own Gaussian
 * naive interval, y_T +- 1.96 sigma sqrt(h). */
static void test_simulation_keeps_dependence(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    double y[3 * 40];
    for (size_t t = 0; t < 40; t++) {
        double s = sin(1.7 * (double)t * (double)t) * 3;
        y[40 + t] = 100 + s * (t % 5 + 1);
        y[80 + t] = 2 * y[40 + t];
    }
    fpa_hierarchy *H = hier_of(parent, 3, NULL, y, 40, 1, FPA_HIERARCHY_LEAVES,
                               FPA_FORECAST_NAIVE);
    assert_ok(fpa_hierarchy_set_reconcile(H, FPA_RECONCILE_BOTTOM_UP));
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_FORECAST_NPATHS, 20000));
    double glo[6], gup[6], slo[6], sup[6], mean[6];
    bounds_of(glo, gup, mean, H, 3, 2, o);
    assert_ok(fpa_hierarchy_set_intervals(H, FPA_HIERARCHY_SIMULATE));
    bounds_of(slo, sup, NULL, H, 3, 2, o);
    for (size_t j = 0; j < 2; j++) {
        for (size_t i = 1; i < 3; i++) {
            double half = gup[i * 2 + j] - mean[i * 2 + j];
            assert_close(sup[i * 2 + j] - mean[i * 2 + j], half, 0.03, 0);
            assert_close(mean[i * 2 + j] - slo[i * 2 + j], half, 0.03, 0);
        }
        double sum = (sup[2 + j] - slo[2 + j]) + (sup[4 + j] - slo[4 + j]);
        assert_close(sup[j] - slo[j], sum, 0.01, 0);
    }
    fpa_opts_free(o);
    fpa_hierarchy_free(H);
}

/* The same numbers on 1 and 3 threads, for every method and both kinds of
 * intervals (each node's random stream comes from the seed and the node). */
static void test_threads_give_same_results(void **state)
{
    (void)state;
    const long parent[8] = {-1, 0, 0, 1, 1, 1, 2, 2};
    double y[8 * 30];
    for (size_t i = 0; i < 8; i++)
        for (size_t t = 0; t < 30; t++) y[i * 30 + t] = 50 + 10 * sin((double)(i + 1) * t) + t;
    fpa_hierarchy *H = hier_of(parent, 8, NULL, y, 30, 4, FPA_HIERARCHY_LEAVES,
                               FPA_FORECAST_ETS);
    fpa_opts *o1, *o3;
    assert_ok(fpa_opts_new(&o1, NULL, NULL));
    assert_ok(fpa_opts_new(&o3, NULL, NULL));
    assert_ok(fpa_opts_set(o3, FPA_OPT_THREADS, 3));
    assert_ok(fpa_opts_set(o1, FPA_OPT_FORECAST_NPATHS, 300));
    assert_ok(fpa_opts_set(o3, FPA_OPT_FORECAST_NPATHS, 300));
    for (int iv = 0; iv < 2; iv++) {
        assert_ok(fpa_hierarchy_set_intervals(H, (fpa_hierarchy_intervals)iv));
        double lo1[8 * 6], up1[8 * 6], m1[8 * 6], lo3[8 * 6], up3[8 * 6], m3[8 * 6];
        bounds_of(lo1, up1, m1, H, 8, 6, o1);
        bounds_of(lo3, up3, m3, H, 8, 6, o3);
        assert_memory_equal(m1, m3, sizeof m1);
        assert_memory_equal(lo1, lo3, sizeof lo1);
        assert_memory_equal(up1, up3, sizeof up1);
    }
    fpa_opts_free(o1);
    fpa_opts_free(o3);
    fpa_hierarchy_free(H);
}

static int cancel_at_node(void *ud, size_t done, size_t total)
{
    (void)total;
    return done >= *(size_t *)ud;
}

static void test_progress_and_cancel(void **state)
{
    (void)state;
    const long parent[3] = {-1, 0, 0};
    double y[3 * 12];
    for (size_t k = 0; k < 36; k++) y[k] = 10 + (double)(k % 7);
    fpa_hierarchy *H = hier_of(parent, 3, NULL, y, 12, 1, FPA_HIERARCHY_LEAVES,
                               FPA_FORECAST_SES);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    size_t stop = 2;
    assert_ok(fpa_opts_set_progress(o, cancel_at_node, &stop));
    fpa_hierarchy_result *r = NULL;
    assert_status(fpa_hierarchy_forecast(&r, H, 4, NULL, 0, o), FPA_ECANCELED);
    assert_null(r);
    stop = 100;
    assert_ok(fpa_hierarchy_forecast(&r, H, 4, NULL, 0, o));
    size_t n, h, nl;
    assert_ok(fpa_hierarchy_result_size(&n, &h, &nl, r));
    assert_true(n == 3 && h == 4 && nl == 0);
    double small[3];
    assert_status(fpa_hierarchy_result_mean(small, 3, r, FPA_HIERARCHY_RECONCILED), FPA_ESIZE);
    assert_status(fpa_hierarchy_result_mean(small, 12, r, (fpa_hierarchy_view)2), FPA_EINVAL);
    assert_null(fpa_hierarchy_result_model(r, 3));
    fpa_hierarchy_result_free(r);
    fpa_opts_free(o);
    fpa_hierarchy_free(H);
}

/* Create, fill and forecast a hierarchy on the sweep's allocator; on any
 * failure nothing is left. */
static fpa_status oom_run(fpa_hierarchy **H, fpa_hierarchy_result **r, const fpa_tree *t,
                          const double *y, int iv, fpa_opts *opts)
{
    const double lev = 80;
    *H = NULL, *r = NULL;
    fpa_status st = fpa_opts_set(opts, FPA_OPT_FORECAST_NPATHS, 100);
    if (st == FPA_OK) st = fpa_hierarchy_new(H, t, opts);
    if (st == FPA_OK) st = fpa_hierarchy_set_data(*H, y, 10, 1, FPA_HIERARCHY_LEAVES);
    if (st == FPA_OK) st = fpa_hierarchy_set_intervals(*H, (fpa_hierarchy_intervals)iv);
    if (st == FPA_OK) st = fpa_hierarchy_forecast(r, *H, 3, &lev, 1, opts);
    if (st != FPA_OK) {
        fpa_hierarchy_free(*H);
        *H = NULL;
    }
    return st;
}

/* Every allocation failure is FPA_ENOMEM and leaks nothing, with both
 * kinds of intervals. */
static void test_out_of_memory(void **state)
{
    (void)state;
    const long parent[4] = {-1, 0, 0, 1};
    double y[4 * 10];
    for (size_t k = 0; k < 40; k++) y[k] = 20 + (double)((k * 5) % 9);
    fpa_tree *t = tree_of(parent, 4, NULL);
    for (int iv = 0; iv < 2; iv++) {
        fpa_hierarchy *H = NULL;
        fpa_hierarchy_result *r = NULL;
        FPA_ALLOC_SWEEP((void)0, oom_run(&H, &r, t, y, iv, opts),
                        (fpa_hierarchy_result_free(r), fpa_hierarchy_free(H)));
    }
    fpa_variance_tree_free(t);
}

static int setup(void **state)
{
    (void)state;
    ref_load(&REF, FPA_REF_DIR "/hier_ref.txt");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ref_free(&REF);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_r),
        cmocka_unit_test(test_fpp3_two_leaves),
        cmocka_unit_test(test_fpp3_figure_11_1),
        cmocka_unit_test(test_random_trees_add_up),
        cmocka_unit_test(test_degenerate_data),
        cmocka_unit_test(test_only_child),
        cmocka_unit_test(test_late_leaf),
        cmocka_unit_test(test_bad_data),
        cmocka_unit_test(test_failures_name_the_node),
        cmocka_unit_test(test_simulation_keeps_dependence),
        cmocka_unit_test(test_threads_give_same_results),
        cmocka_unit_test(test_progress_and_cancel),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
