/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenarios, comparison with the base, tornado, two-way tables and goal
 * seek.
 *
 * Expected values: tests/ref/wc_expected.csv (see wc_ref.h): the scenario
 * "DSO -5 days from period 2, inventory +10 %, DPO +7 days for the
 * suppliers with 40 % of the purchases from period 1, revenue 125,000 from
 * period 4" is a copy of the base model whose driver cells are formulas of
 * the base cells, recalculated by LibreOffice Calc and gnumeric
 * (tests/ref/make_wc_ref.py). Everything else is a property: an empty
 * scenario is the base, cash released equals the fall in NWC, a table cell
 * equals the scenario it stands for. */
#include "wc_ref.h"

static fpa_scenario *ref_scenario(void)
{
    fpa_scenario *s;
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, -5, 2));
    assert_ok(fpa_scenario_add(s, FPA_WC_DIO, FPA_SCENARIO_MUL, 1.1, 0));
    assert_ok(fpa_scenario_add(s, FPA_WC_DPO, FPA_SCENARIO_ADD, 0.4 * 7, 1));
    assert_ok(fpa_scenario_add(s, FPA_WC_REVENUE, FPA_SCENARIO_SET, 125000, 4));
    assert_int_equal(fpa_scenario_count(s), 4);
    return s;
}

static const fpa_wc_line all_lines[10] = {
    FPA_WC_LINE_AR, FPA_WC_LINE_INVENTORY, FPA_WC_LINE_AP, FPA_WC_LINE_NWC,
    FPA_WC_LINE_DELTA_NWC, FPA_WC_LINE_COLLECTIONS, FPA_WC_LINE_PURCHASES,
    FPA_WC_LINE_PAYMENTS, FPA_WC_LINE_NET_CASH, FPA_WC_LINE_CASH};
static const char *const line_keys[10] = {
    "ar", "inv", "ap", "nwc", "dnwc", "collections", "purchases", "payments",
    "net", "cash"};

static void scenario_matches_spreadsheet(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    fpa_scenario *s = ref_scenario();
    double out[60];
    assert_ok(fpa_scenario_project(out, 60, p, s, all_lines, 10));
    for (int k = 0; k < 10; k++)
        for (int t = 0; t < 6; t++) assert_ref(out[k * 6 + t], "s.%s.%d", line_keys[k], t);
    double dso[6];
    assert_ok(fpa_scenario_drivers(dso, 6, p, s, FPA_WC_DSO));
    for (int t = 0; t < 6; t++) assert_ref(dso[t], "s.dso.%d", t);

    double rel[6], cum[6], gap[6], minc, peak;
    size_t mint;
    double floor = ref("floor");
    assert_ok(fpa_scenario_compare(rel, cum, gap, &minc, &mint, &peak, p, s, floor, 6));
    for (int t = 0; t < 6; t++) {
        assert_ref(rel[t], "cmp.released.%d", t);
        assert_ref(cum[t], "cmp.cumulative.%d", t);
        assert_ref(gap[t], "cmp.gap.%d", t);
    }
    assert_ref(minc, "s.min_cash");
    assert_int_equal(mint, (size_t)ref("cmp.min_period"));
    assert_close(peak, fmax(0, floor - ref("s.min_cash")), 1e-13, 1e-9);
    double m;
    assert_ok(fpa_scenario_metric_value(&m, p, s, FPA_SCENARIO_MIN_CASH, 0));
    assert_ref(m, "s.min_cash");
    assert_ok(fpa_scenario_metric_value(&m, p, NULL, FPA_SCENARIO_ENDING_CASH, 0));
    assert_ref(m, "p.cash.5");
    assert_ok(fpa_scenario_metric_value(&m, p, s, FPA_SCENARIO_ENDING_NWC, 0));
    assert_ref(m, "s.nwc.5");
    assert_ok(fpa_scenario_metric_value(&m, p, s, FPA_SCENARIO_FUNDING_GAP, floor));
    assert_close(m, fmax(0, floor - ref("s.min_cash")), 1e-13, 1e-9);
    fpa_scenario_free(s);
    fpa_wc_plan_free(p);
}

static double urand(unsigned *s, double lo, double hi)
{
    *s = *s * 1103515245u + 12345u;
    return lo + (hi - lo) * ((*s >> 8) & 0xffff) / 65535.0;
}

static fpa_wc_plan *random_plan(unsigned *seed, size_t n)
{
    fpa_wc_plan *p;
    double v[64];
    assert_ok(fpa_wc_plan_new(&p, n, NULL));
    for (int d = 0; d < 6; d++) {
        for (size_t t = 0; t < n; t++)
            v[t] = d == 5 ? urand(seed, -1e5, 1e5) : urand(seed, 10, d < 2 ? 1e6 : 90);
        assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)d, v, n));
    }
    for (size_t t = 0; t < n; t++) v[t] = urand(seed, 28, 31);
    assert_ok(fpa_wc_plan_set_days(p, v, n));
    assert_ok(fpa_wc_plan_set_opening(p, urand(seed, 0, 1e6), urand(seed, 0, 1e6),
                                      urand(seed, 0, 1e6), urand(seed, -1e6, 1e6)));
    return p;
}

static void empty_scenario_is_the_base(void **state)
{
    (void)state;
    unsigned seed = 11;
    for (int rep = 0; rep < 100; rep++) {
        size_t n = 1 + (size_t)urand(&seed, 0, 40);
        fpa_wc_plan *p = random_plan(&seed, n);
        fpa_scenario *s;
        assert_ok(fpa_scenario_new(&s, NULL));
        double a[640], b[640], c[640];
        assert_ok(fpa_wc_project(a, 640, p, all_lines, 10));
        assert_ok(fpa_scenario_project(b, 640, p, s, all_lines, 10));
        assert_ok(fpa_scenario_project(c, 640, p, NULL, all_lines, 10));
        assert_memory_equal(a, b, 10 * n * sizeof *a);
        assert_memory_equal(a, c, 10 * n * sizeof *a);
        double rel[64], cum[64];
        assert_ok(fpa_scenario_compare(rel, cum, NULL, NULL, NULL, NULL, p, s, 0, 64));
        for (size_t t = 0; t < n; t++) {
            assert_true(rel[t] == 0);
            assert_true(cum[t] == 0);
        }
        fpa_scenario_free(s);
        fpa_wc_plan_free(p);
    }
}

static void cash_released_equals_fall_in_nwc(void **state)
{
    (void)state;
    unsigned seed = 12;
    fpa_wc_line nl[2] = {FPA_WC_LINE_NWC, FPA_WC_LINE_DELTA_NWC};
    for (int rep = 0; rep < 100; rep++) {
        size_t n = 2 + (size_t)urand(&seed, 0, 30);
        fpa_wc_plan *p = random_plan(&seed, n);
        fpa_scenario *s;
        assert_ok(fpa_scenario_new(&s, NULL));
        for (int k = 0; k < 4; k++)
            assert_ok(fpa_scenario_add(s, (fpa_wc_driver)(2 + k % 3),
                                       (fpa_scenario_op)(1 + k % 2),
                                       k % 2 ? urand(&seed, 0.5, 1.5) : urand(&seed, 0, 10),
                                       (size_t)urand(&seed, 0, (double)n)));
        double base[128], scn[128], rel[64], cum[64];
        assert_ok(fpa_scenario_project(base, 128, p, NULL, nl, 2));
        assert_ok(fpa_scenario_project(scn, 128, p, s, nl, 2));
        assert_ok(fpa_scenario_compare(rel, cum, NULL, NULL, NULL, NULL, p, s, 0, 64));
        for (size_t t = 0; t < n; t++) {
            assert_close(rel[t], base[n + t] - scn[n + t], 0, 1e-6);
            assert_close(cum[t], base[t] - scn[t], 0, 1e-6);
        }
        fpa_scenario_free(s);
        fpa_wc_plan_free(p);
    }
}

static void overrides_apply_in_order(void **state)
{
    (void)state;
    fpa_wc_plan *p;
    double v[4] = {40, 40, 40, 40}, out[4];
    assert_ok(fpa_wc_plan_new(&p, 4, NULL));
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DSO, v, 4));
    fpa_scenario *s;
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_SET, 50, 1));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, -5, 2));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_MUL, 2, 3));
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, 1, 99));  /* past the end */
    assert_ok(fpa_scenario_drivers(out, 4, p, s, FPA_WC_DSO));
    /* 40; set 50; 50 - 5; (50 - 5) * 2 */
    assert_true(out[0] == 40 && out[1] == 50 && out[2] == 45 && out[3] == 90);
    assert_status(fpa_scenario_drivers(out, 3, p, s, FPA_WC_DSO), FPA_ESIZE);
    fpa_scenario_free(s);
    fpa_wc_plan_free(p);
}

static void tornado_bars_are_single_changes(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    fpa_scenario *s = ref_scenario();
    fpa_wc_driver d[4] = {FPA_WC_DSO, FPA_WC_DIO, FPA_WC_DPO, FPA_WC_REVENUE};
    fpa_scenario_op op[4] = {FPA_SCENARIO_ADD, FPA_SCENARIO_MUL, FPA_SCENARIO_ADD,
                             FPA_SCENARIO_MUL};
    double lo[4] = {-10, 0.9, -7, 0.95}, hi[4] = {10, 1.1, 7, 1.05}, L[4], H[4], base;
    size_t from[4] = {0, 0, 3, 1};
    assert_ok(fpa_scenario_tornado(L, H, &base, p, s, d, op, lo, hi, from, 4,
                                   FPA_SCENARIO_MIN_CASH, 0));
    double m;
    assert_ok(fpa_scenario_metric_value(&m, p, s, FPA_SCENARIO_MIN_CASH, 0));
    assert_true(base == m);
    for (int i = 0; i < 4; i++)
        for (int side = 0; side < 2; side++) {
            fpa_scenario *one = ref_scenario();
            assert_ok(fpa_scenario_add(one, d[i], op[i], side ? hi[i] : lo[i], from[i]));
            assert_ok(fpa_scenario_metric_value(&m, p, one, FPA_SCENARIO_MIN_CASH, 0));
            assert_true((side ? H : L)[i] == m);
            fpa_scenario_free(one);
        }
    /* collecting 10 days slower absorbs cash: lower minimum */
    assert_true(H[0] < base && L[0] > base);
    /* a bar that makes DSO negative fails, naming the bar */
    lo[0] = -100;
    L[0] = 12345;
    assert_status(fpa_scenario_tornado(L, H, NULL, p, s, d, op, lo, hi, from, 4,
                                       FPA_SCENARIO_MIN_CASH, 0), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "bar 0"));
    assert_true(L[0] == 12345);
    assert_status(fpa_scenario_tornado(L, H, NULL, p, s, d, op, lo, hi, from, 0,
                                       FPA_SCENARIO_MIN_CASH, 0), FPA_EINVAL);
    fpa_scenario_free(s);
    fpa_wc_plan_free(p);
}

static void table_cells_are_scenarios(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    fpa_scenario *s = ref_scenario();
    double rows[7], cols[5], t1[35], tn[35];
    for (int i = 0; i < 7; i++) rows[i] = 30 + 5 * i;
    for (int j = 0; j < 5; j++) cols[j] = 0.8 + 0.1 * j;
    assert_ok(fpa_scenario_table(t1, 35, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 7,
                                 FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                 FPA_SCENARIO_ENDING_CASH, 0, NULL));
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 5; j++) {
            fpa_scenario *c = ref_scenario();
            assert_ok(fpa_scenario_add(c, FPA_WC_DPO, FPA_SCENARIO_SET, rows[i], 1));
            assert_ok(fpa_scenario_add(c, FPA_WC_DIO, FPA_SCENARIO_MUL, cols[j], 1));
            double m;
            assert_ok(fpa_scenario_metric_value(&m, p, c, FPA_SCENARIO_ENDING_CASH, 0));
            assert_true(t1[i * 5 + j] == m);
            fpa_scenario_free(c);
        }
    for (int threads = 2; threads <= 4; threads++) {
        fpa_opts *o;
        assert_ok(fpa_opts_new(&o, NULL, NULL));
        assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, threads));
        assert_ok(fpa_scenario_table(tn, 35, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 7,
                                     FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                     FPA_SCENARIO_ENDING_CASH, 0, o));
        assert_memory_equal(t1, tn, sizeof t1);
        fpa_opts_free(o);
    }
    assert_status(fpa_scenario_table(t1, 34, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 7,
                                     FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                     FPA_SCENARIO_ENDING_CASH, 0, NULL), FPA_ESIZE);
    rows[3] = -1;  /* DPO -1 in row 3 */
    assert_status(fpa_scenario_table(t1, 35, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 7,
                                     FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                     FPA_SCENARIO_ENDING_CASH, 0, NULL), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "cell (3, 0)"));
    rows[3] = NAN;
    assert_status(fpa_scenario_table(t1, 35, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 7,
                                     FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                     FPA_SCENARIO_ENDING_CASH, 0, NULL), FPA_EDOM);
    assert_status(fpa_scenario_table(t1, 35, p, s, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 0,
                                     FPA_WC_DIO, FPA_SCENARIO_MUL, cols, 5, 1,
                                     FPA_SCENARIO_ENDING_CASH, 0, NULL), FPA_EINVAL);
    fpa_scenario_free(s);
    fpa_wc_plan_free(p);
}

static void goal_seek_matches_spreadsheet(void **state)
{
    (void)state;
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    /* make_wc_ref.py: the constant DPO giving ending cash 60,000 is
     * (60000 - ending cash at DPO 0) x days / COGS of the last period */
    double dpo;
    assert_ok(fpa_scenario_goal_seek(&dpo, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET, 0,
                                     0, 120, FPA_SCENARIO_ENDING_CASH, 0,
                                     ref("goal.target")));
    assert_close(dpo, ref("goal.dpo"), 1e-10, 1e-9);

    /* the DPO that keeps the minimum cash at the floor; it holds above */
    double floor = 40000, m;
    assert_ok(fpa_scenario_goal_seek(&dpo, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET, 0,
                                     0, 200, FPA_SCENARIO_MIN_CASH, 0, floor));
    fpa_scenario *s;
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, FPA_WC_DPO, FPA_SCENARIO_SET, dpo, 0));
    assert_ok(fpa_scenario_metric_value(&m, p, s, FPA_SCENARIO_MIN_CASH, 0));
    assert_close(m, floor, 0, 1e-6);
    fpa_scenario_free(s);

    /* impossible: no DPO in [0, 10] gets the minimum cash to 10 million */
    double keep = 777;
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET,
                                         0, 0, 10, FPA_SCENARIO_MIN_CASH, 0, 1e7),
                  FPA_ENOCONV);
    assert_non_null(strstr(fpa_error_last(), "no DPO value"));
    assert_true(keep == 777);
    /* an empty or reversed bracket */
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET,
                                         0, 10, 10, FPA_SCENARIO_MIN_CASH, 0, 0),
                  FPA_EDOM);
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DPO, FPA_SCENARIO_SET,
                                         0, 0, INFINITY, FPA_SCENARIO_MIN_CASH, 0, 0),
                  FPA_EDOM);
    /* values that take DSO negative */
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET,
                                         0, -50, 10, FPA_SCENARIO_MIN_CASH, 0, 0),
                  FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "DSO"));
    assert_status(fpa_scenario_goal_seek(&keep, p, NULL, FPA_WC_DSO,
                                         (fpa_scenario_op)9, 0, 0, 10,
                                         FPA_SCENARIO_MIN_CASH, 0, 0), FPA_EINVAL);
    assert_true(keep == 777);
    fpa_wc_plan_free(p);
}

static void goal_seek_scans_inside_the_range(void **state)
{
    (void)state;
    /* The minimum cash is the minimum over periods of functions linear in
     * a revenue multiplier, so it is concave and can rise then fall: with
     * a 120-day DSO, more sales first absorb cash in receivables. Pick a
     * target between the ends' values and the interior peak; neither end
     * brackets it, so the scan must find it inside. */
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    double dso[6] = {120, 120, 120, 120, 120, 120}, m[61], top = -INFINITY;
    assert_ok(fpa_wc_plan_set(p, FPA_WC_DSO, dso, 6));
    fpa_scenario *s;
    for (int i = 0; i <= 60; i++) {
        assert_ok(fpa_scenario_new(&s, NULL));
        assert_ok(fpa_scenario_add(s, FPA_WC_REVENUE, FPA_SCENARIO_MUL, 0.05 * i, 0));
        assert_ok(fpa_scenario_metric_value(&m[i], p, s, FPA_SCENARIO_MIN_CASH, 0));
        if (m[i] > top) top = m[i];
        fpa_scenario_free(s);
    }
    double ends = fmax(m[0], m[60]);
    assert_true(top > ends);  /* the shape the test needs */
    double target = 0.5 * (top + ends), x, got;
    assert_ok(fpa_scenario_goal_seek(&x, p, NULL, FPA_WC_REVENUE, FPA_SCENARIO_MUL, 0,
                                     0, 3, FPA_SCENARIO_MIN_CASH, 0, target));
    assert_true(x > 0 && x < 3);
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_ok(fpa_scenario_add(s, FPA_WC_REVENUE, FPA_SCENARIO_MUL, x, 0));
    assert_ok(fpa_scenario_metric_value(&got, p, s, FPA_SCENARIO_MIN_CASH, 0));
    assert_close(got, target, 1e-9, 1e-6);
    fpa_scenario_free(s);
    /* above the peak: no value reaches it */
    assert_status(fpa_scenario_goal_seek(&x, p, NULL, FPA_WC_REVENUE, FPA_SCENARIO_MUL,
                                         0, 0, 3, FPA_SCENARIO_MIN_CASH, 0, top * 2 + 1e6),
                  FPA_ENOCONV);
    fpa_wc_plan_free(p);
}

static void scenario_rejects_bad_input(void **state)
{
    (void)state;
    fpa_scenario *s;
    assert_status(fpa_scenario_new(NULL, NULL), FPA_EINVAL);
    assert_ok(fpa_scenario_new(&s, NULL));
    assert_status(fpa_scenario_add(s, (fpa_wc_driver)-1, FPA_SCENARIO_ADD, 1, 0), FPA_EINVAL);
    assert_status(fpa_scenario_add(s, FPA_WC_DSO, (fpa_scenario_op)3, 1, 0), FPA_EINVAL);
    assert_status(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, NAN, 0), FPA_EDOM);
    assert_status(fpa_scenario_add(NULL, FPA_WC_DSO, FPA_SCENARIO_ADD, 1, 0), FPA_EINVAL);
    assert_int_equal(fpa_scenario_count(s), 0);
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    assert_ok(fpa_scenario_add(s, FPA_WC_DSO, FPA_SCENARIO_ADD, -60, 3));
    double out[60], rel[6];
    fpa_wc_line line = FPA_WC_LINE_CASH;
    assert_status(fpa_scenario_project(out, 60, p, s, &line, 1), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "DSO in period 3"));
    assert_status(fpa_scenario_compare(rel, NULL, NULL, NULL, NULL, NULL, p, s, 0, 6),
                  FPA_EDOM);
    assert_status(fpa_scenario_compare(rel, NULL, NULL, NULL, NULL, NULL, p, NULL, 0, 5),
                  FPA_ESIZE);
    assert_status(fpa_scenario_compare(rel, NULL, NULL, NULL, NULL, NULL, p, NULL, NAN, 6),
                  FPA_EDOM);
    double m;
    assert_status(fpa_scenario_metric_value(&m, p, NULL, (fpa_scenario_metric)4, 0),
                  FPA_EINVAL);
    fpa_wc_plan *unset;
    assert_ok(fpa_wc_plan_new(&unset, 2, NULL));
    assert_status(fpa_scenario_metric_value(&m, unset, NULL, FPA_SCENARIO_MIN_CASH, 0),
                  FPA_EINVAL);
    fpa_wc_plan_free(unset);
    fpa_wc_plan_free(p);
    fpa_scenario_free(s);
    fpa_scenario_free(NULL);
}

/* A scenario of 20 changes (its list grows several times); freed on
 * failure so that the sweep sees nothing leaked. */
static fpa_status build_scenario(fpa_scenario **s, const fpa_opts *opts)
{
    fpa_status st = fpa_scenario_new(s, opts);
    for (int i = 0; st == FPA_OK && i < 20; i++)
        st = fpa_scenario_add(*s, FPA_WC_DSO, FPA_SCENARIO_ADD, 1, 0);
    if (st != FPA_OK) fpa_scenario_free(*s);
    return st;
}

static void allocation_failures(void **state)
{
    (void)state;
    fpa_scenario *s = NULL;
    FPA_ALLOC_SWEEP((void)0, build_scenario(&s, opts), fpa_scenario_free(s));
    fpa_wc_plan *p = wc_ref_plan("p", NULL);
    double rows[9] = {30, 35, 40, 45, 50, 55, 60, 65, 70}, out[81];
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_scenario_table(out, 81, p, NULL, FPA_WC_DSO, FPA_SCENARIO_SET,
                                       rows, 9, FPA_WC_DPO, FPA_SCENARIO_SET, rows, 9,
                                       0, FPA_SCENARIO_MIN_CASH, 0, opts),
                    (void)0);
    fpa_wc_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_matches_spreadsheet),
        cmocka_unit_test(empty_scenario_is_the_base),
        cmocka_unit_test(cash_released_equals_fall_in_nwc),
        cmocka_unit_test(overrides_apply_in_order),
        cmocka_unit_test(tornado_bars_are_single_changes),
        cmocka_unit_test(table_cells_are_scenarios),
        cmocka_unit_test(goal_seek_matches_spreadsheet),
        cmocka_unit_test(goal_seek_scans_inside_the_range),
        cmocka_unit_test(scenario_rejects_bad_input),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
