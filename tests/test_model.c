/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The planning model (fpa/model.h).
 *
 * Expected values:
 * - tests/ref/model_expected.csv: the sample company's 36-month model
 *   (src/cli/sample/model.json, about 200 lines with the statements) written
 *   as a spreadsheet of cell formulas from the definitions in model.h and
 *   recalculated by LibreOffice Calc 7.4 and gnumeric 1.12
 *   (/usr/bin/python3 tests/ref/make_model_ref.py): every line of every
 *   period, under the base inputs and under "ten more engineers", is
 *   compared with both engines;
 * - tests/ref/goal_expected.csv (make_goal_ref.py): the constraint form of
 *   goal seek on the working-capital plan's model;
 * - R 4's qnorm for the Monte Carlo percentiles (the command is at
 *   normal_percentiles_converge);
 * - everything else is a property: a table cell is the scenario it stands
 *   for, a tornado bar the single change, the balance sheet balances and
 *   the cash flow is the change in cash in every period of every version,
 *   scenario and path, lanes equal single evaluations to the bit. */
#include "model_ref.h"
#include "model_small.h"

static const double *values_of(const fpa_model *m, const fpa_model_scenario *s)
{
    size_t cells = fpa_model_lines(m) * fpa_model_periods(m);
    double *v = malloc(cells * sizeof *v);
    assert_ok(fpa_model_evaluate(v, cells, m, s));
    return v;
}

static double at(const fpa_model *m, const double *v, const char *line, size_t t)
{
    size_t i;
    assert_ok(fpa_model_line_find(&i, m, line));
    return v[i * fpa_model_periods(m) + t];
}

/* Every line of every period against both spreadsheet engines. */
static void compare_version(const fpa_model *m, const double *v, int version)
{
    size_t n = fpa_model_periods(m), compared = 0;
    for (size_t i = 0; i < fpa_model_lines(m); i++)
        for (size_t t = 0; t < n; t++) {
            const char *name = fpa_model_line_name(m, i);
            const model_ref_row *r = model_ref(version, name, t);
            if (!r) fail_msg("no reference value for %d|%s|%zu", version, name, t);
            double got = v[i * n + t];
            if (!(fabs(got - r->lo) <= 1e-6 + 1e-11 * fabs(r->lo)) ||
                !(fabs(got - r->gn) <= 1e-6 + 1e-11 * fabs(r->gn)))
                fail_msg("%s in period %zu (version %d): %.17g; LibreOffice %.17g, gnumeric "
                         "%.17g", name, t, version, got, r->lo, r->gn);
            compared++;
        }
    assert_int_equal(compared, fpa_model_lines(m) * n);
}

static void sample_matches_spreadsheet(void **state)
{
    (void)state;
    fpa_model *m = sample_model();
    assert_true(fpa_model_lines(m) >= 200);
    assert_int_equal(fpa_model_periods(m), 36);
    const double *v = values_of(m, NULL);
    compare_version(m, v, 0);
    free((void *)v);
    /* "ten more engineers" (src/cli/sample/model_scenarios.json) */
    fpa_model_scenario *s;
    assert_ok(fpa_model_scenario_new(&s, m, NULL));
    assert_ok(fpa_model_scenario_add(s, "heads.rnd.software", FPA_SCENARIO_ADD, 6, 3));
    assert_ok(fpa_model_scenario_add(s, "heads.rnd.cloud", FPA_SCENARIO_ADD, 4, 6));
    v = values_of(m, s);
    compare_version(m, v, 1);
    free((void *)v);
    fpa_model_scenario_free(s);
    fpa_model_free(m);
}

/* The balance sheet balances and the cash flow is the change in cash, to
 * the cent, in every period: the evaluation checks it (else FPA_EDATA),
 * and the check lines say so too. */
enum { OPENING_CASH_CENTS = 200713359 };  /* bs.cash's opening in the sample */

static void assert_balanced(const fpa_model *m, const double *v)
{
    size_t n = fpa_model_periods(m);
    for (size_t t = 0; t < n; t++) {
        double a = at(m, v, "bs.total_assets", t), l = at(m, v, "bs.total_liabilities_equity", t);
        assert_true(fabs(a - l) <= 0.005);
        assert_true(fabs(at(m, v, "bs.check", t)) <= 0.005);
        double before = t ? at(m, v, "bs.cash", t - 1) : OPENING_CASH_CENTS / 100.0;
        assert_true(fabs(at(m, v, "cf.net_change", t) - (at(m, v, "bs.cash", t) - before)) <=
                    0.005);
    }
}

static void statements_balance_under_every_scenario(void **state)
{
    (void)state;
    fpa_model *m = sample_model();
    const double *v = values_of(m, NULL);
    assert_balanced(m, v);
    free((void *)v);
    static const struct { const char *line; fpa_scenario_op op; double value; size_t from; } c[] = {
        {"dso", FPA_SCENARIO_ADD, -5, 1}, {"price.sensors", FPA_SCENARIO_MUL, 1.03, 3},
        {"price.gateways", FPA_SCENARIO_MUL, 1.03, 3}, {"price.cloud", FPA_SCENARIO_MUL, 1.03, 3},
        {"dio", FPA_SCENARIO_MUL, 1.1, 0}, {"units.gateways.amer", FPA_SCENARIO_MUL, 0.2, 4},
        {"cash_floor", FPA_SCENARIO_SET, 3e6, 10}, {"revolver_limit", FPA_SCENARIO_SET, 5e5, 0}};
    for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
        fpa_model_scenario *s;
        assert_ok(fpa_model_scenario_new(&s, m, NULL));
        assert_ok(fpa_model_scenario_add(s, c[k].line, c[k].op, c[k].value, c[k].from));
        v = values_of(m, s);
        assert_balanced(m, v);
        free((void *)v);
        fpa_model_scenario_free(s);
    }
    fpa_model_free(m);
}

static void revolver_keeps_the_floor(void **state)
{
    (void)state;
    /* a floor of 3 million from period 10 with a limit of 2.5 million: the
     * revolver draws what keeps the cash at the floor, up to the limit,
     * and repays as soon as cash allows */
    fpa_model *m = sample_model();
    fpa_model_scenario *s;
    assert_ok(fpa_model_scenario_new(&s, m, NULL));
    assert_ok(fpa_model_scenario_add(s, "cash_floor", FPA_SCENARIO_SET, 3e6, 10));
    assert_ok(fpa_model_scenario_add(s, "revolver_limit", FPA_SCENARIO_SET, 2.5e6, 0));
    const double *v = values_of(m, s);
    bool drew = false;
    for (size_t t = 0; t < 36; t++) {
        double r = at(m, v, "bs.revolver", t), cash = at(m, v, "bs.cash", t);
        double fl = t >= 10 ? 3e6 : 1e6;
        assert_true(r >= -1e-9 && r <= 2.5e6 + 1e-6);
        if (r > 1e-6 && r < 2.5e6 - 1e-6) assert_close(cash, fl, 0, 1e-6);  /* drawn to the floor */
        if (r > 1e-6) drew = true;
        if (r < 2.5e6 - 1e-6) assert_true(cash >= fl - 1e-6);                /* within the limit */
    }
    assert_true(drew);
    free((void *)v);
    fpa_model_scenario_free(s);
    fpa_model_free(m);
}

static void versions_compare_by_nature(void **state)
{
    (void)state;
    fpa_model *m = sample_model();
    size_t L = fpa_model_lines(m), n = 36;
    fpa_model_scenario *b;
    assert_ok(fpa_model_scenario_new(&b, m, NULL));
    assert_ok(fpa_model_scenario_add(b, "heads.rnd.software", FPA_SCENARIO_ADD, 6, 3));
    assert_ok(fpa_model_scenario_add(b, "heads.rnd.cloud", FPA_SCENARIO_ADD, 4, 6));
    double *var = malloc(L * n * sizeof *var);
    uint32_t *flags = malloc(L * n * sizeof *flags);
    assert_ok(fpa_model_compare(var, NULL, flags, m, NULL, b, NULL));
    /* the variance is the spreadsheet's version 1 minus version 0 */
    for (size_t i = 0; i < L; i++)
        for (size_t t = 0; t < n; t++) {
            const char *name = fpa_model_line_name(m, i);
            double want = model_ref(1, name, t)->lo - model_ref(0, name, t)->lo;
            assert_close(var[i * n + t], want, 1e-9, 1e-6);
        }
    size_t opex, cash, ni;
    assert_ok(fpa_model_line_find(&opex, m, "is.opex"));
    assert_ok(fpa_model_line_find(&cash, m, "bs.cash"));
    assert_ok(fpa_model_line_find(&ni, m, "is.net_income"));
    /* more engineers cost more: unfavourable on a cost line, less net
     * income and cash: unfavourable on revenue-nature lines */
    assert_true(var[opex * n + 5] > 0 && (flags[opex * n + 5] & FPA_VAR_UNFAVOURABLE));
    assert_true(var[ni * n + 5] < 0 && (flags[ni * n + 5] & FPA_VAR_UNFAVOURABLE));
    assert_true(var[cash * n + 35] < 0 && (flags[cash * n + 35] & FPA_VAR_UNFAVOURABLE));
    assert_true(var[opex * n + 2] == 0 && !(flags[opex * n + 2] & 3));
    /* a whole-series version: the budget's units of sensors EMEA */
    double units[36];
    for (int t = 0; t < 36; t++) units[t] = 1000 + 10 * t;
    fpa_model_scenario *budget;
    assert_ok(fpa_model_scenario_new(&budget, m, NULL));
    assert_ok(fpa_model_scenario_set_series(budget, "units.sensors.emea", units, 36));
    const double *v = values_of(m, budget);
    for (int t = 0; t < 36; t++) assert_true(at(m, v, "units.sensors.emea", (size_t)t) == units[t]);
    assert_balanced(m, v);
    free((void *)v);
    assert_status(fpa_model_compare(NULL, NULL, NULL, m, NULL, b, NULL), FPA_EINVAL);
    free(var);
    free(flags);
    fpa_model_scenario_free(budget);
    fpa_model_scenario_free(b);
    fpa_model_free(m);
}

static void unit_economics_read_the_lines(void **state)
{
    (void)state;
    fpa_model *m = sample_model();
    size_t price, cost, opex, out[4];
    assert_ok(fpa_model_line_find(&price, m, "price.sensors"));
    assert_ok(fpa_model_line_find(&cost, m, "unit_cost.sensors"));
    assert_ok(fpa_model_line_find(&opex, m, "is.opex"));
    double cm[36], be[36];
    size_t two[2] = {price, cost}, three[3] = {opex, price, cost};
    assert_ok(fpa_model_unit(cm, 36, m, NULL, FPA_UNIT_CONTRIBUTION, two, 2));
    assert_ok(fpa_model_unit(be, 36, m, NULL, FPA_UNIT_BREAK_EVEN_UNITS, three, 3));
    for (size_t t = 0; t < 36; t++) {
        /* the spreadsheet's contribution line, price - price * cost share */
        assert_close(cm[t], model_ref(0, "contribution_per_unit.sensors", t)->lo, 1e-12, 1e-9);
        assert_close(be[t], model_ref(0, "is.opex", t)->lo / cm[t], 1e-12, 1e-9);
    }
    out[0] = 9999;
    out[1] = cost;
    assert_status(fpa_model_unit(cm, 36, m, NULL, FPA_UNIT_CONTRIBUTION, two, 3), FPA_EINVAL);
    assert_status(fpa_model_unit(cm, 35, m, NULL, FPA_UNIT_CONTRIBUTION, two, 2), FPA_ESIZE);
    assert_status(fpa_model_unit(cm, 36, m, NULL, FPA_UNIT_CONTRIBUTION, out, 2), FPA_EINVAL);
    fpa_model_free(m);
}

static void tables_and_tornado_are_scenarios(void **state)
{
    (void)state;
    fpa_model *m = sample_model();
    size_t cash;
    assert_ok(fpa_model_line_find(&cash, m, "lowest_cash"));
    fpa_model_levers *ax;
    double dso[5] = {40, 45, 50, 55, 60}, dio[3] = {60, 75, 90}, t1[15], t2[15];
    assert_ok(fpa_model_levers_new(&ax, m, NULL));
    assert_ok(fpa_model_levers_add(ax, "dso", FPA_SCENARIO_SET, 2, dso, 5));
    assert_ok(fpa_model_levers_add(ax, "dio", FPA_SCENARIO_SET, 0, dio, 3));
    assert_ok(fpa_model_table(t1, 15, m, NULL, ax, cash, NULL));
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 3; j++) {
            fpa_model_scenario *s;
            double x;
            assert_ok(fpa_model_scenario_new(&s, m, NULL));
            assert_ok(fpa_model_scenario_add(s, "dso", FPA_SCENARIO_SET, dso[i], 2));
            assert_ok(fpa_model_scenario_add(s, "dio", FPA_SCENARIO_SET, dio[j], 0));
            assert_ok(fpa_model_output(&x, m, s, cash, NULL));
            assert_true(t1[i * 3 + j] == x);  /* lanes and one evaluation agree to the bit */
            fpa_model_scenario_free(s);
        }
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, 2));
    assert_ok(fpa_model_table(t2, 15, m, NULL, ax, cash, o));
    assert_memory_equal(t1, t2, sizeof t1);
    fpa_opts_free(o);
    /* a one-way table */
    fpa_model_levers *one;
    assert_ok(fpa_model_levers_new(&one, m, NULL));
    assert_ok(fpa_model_levers_add(one, "dso", FPA_SCENARIO_SET, 2, dso, 5));
    assert_ok(fpa_model_table(t2, 5, m, NULL, one, cash, NULL));
    for (int i = 0; i < 5; i++) assert_true(t2[i] == t1[i * 3 + 1]);  /* dio 75 is the base */
    assert_status(fpa_model_table(t2, 4, m, NULL, one, cash, NULL), FPA_ESIZE);
    /* tornado: each bar alone, on the ending cash */
    assert_ok(fpa_model_line_find(&cash, m, "bs.cash"));
    fpa_model_levers *bars;
    double lo_hi[2] = {0.97, 1.03}, dlh[2] = {-5, 5}, L[2], H[2], base, x;
    assert_ok(fpa_model_levers_new(&bars, m, NULL));
    assert_ok(fpa_model_levers_add(bars, "price.gateways", FPA_SCENARIO_MUL, 0, lo_hi, 2));
    assert_ok(fpa_model_levers_add(bars, "dso", FPA_SCENARIO_ADD, 0, dlh, 2));
    assert_ok(fpa_model_tornado(L, H, &base, m, NULL, bars, cash, NULL));
    assert_ok(fpa_model_output(&x, m, NULL, cash, NULL));
    assert_true(base == x);
    fpa_model_scenario *s;
    assert_ok(fpa_model_scenario_new(&s, m, NULL));
    assert_ok(fpa_model_scenario_add(s, "dso", FPA_SCENARIO_ADD, 5, 0));
    assert_ok(fpa_model_output(&x, m, s, cash, NULL));
    assert_true(H[1] == x);
    assert_true(H[0] > base && L[0] < base && H[1] < base);
    fpa_model_scenario_free(s);
    assert_status(fpa_model_tornado(L, H, NULL, m, NULL, ax, cash, NULL), FPA_EINVAL);
    /* a bar that takes DSO below its floor fails naming the bar */
    double neg[2] = {-100, 5};
    fpa_model_levers *badbar;
    assert_ok(fpa_model_levers_new(&badbar, m, NULL));
    assert_ok(fpa_model_levers_add(badbar, "dso", FPA_SCENARIO_ADD, 0, neg, 2));
    assert_status(fpa_model_tornado(L, H, NULL, m, NULL, badbar, cash, NULL), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "bar 0 (low value): dso in period 0"));
    fpa_model_levers_free(badbar);
    fpa_model_levers_free(bars);
    fpa_model_levers_free(one);
    fpa_model_levers_free(ax);
    fpa_model_free(m);
}

static fpa_wc_plan *goal_plan(void)
{
    /* the 6-period plan of make_wc_ref.py (its base drivers) */
    static const double rev[6] = {100000, 120000, 90000, 150000, 130000, 110000},
                        cogs[6] = {60000, 70000, 55000, 90000, 80000, 65000},
                        dso[6] = {45, 45, 50, 40, 45, 45}, dio[6] = {30, 35, 30, 30, 25, 30},
                        dpo[6] = {40, 40, 35, 45, 40, 40},
                        other[6] = {-30000, -32000, -25000, -40000, 10000, -30000},
                        days[6] = {31, 29, 31, 30, 31, 30};
    const double *d[6] = {rev, cogs, dso, dio, dpo, other};
    fpa_wc_plan *p;
    assert_ok(fpa_wc_plan_new(&p, 6, NULL));
    for (int k = 0; k < 6; k++) assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)k, d[k], 6));
    assert_ok(fpa_wc_plan_set_days(p, days, 6));
    assert_ok(fpa_wc_plan_set_opening(p, 140000, 55000, 75000, 20000));
    return p;
}

static void goal_seek_on_any_line(void **state)
{
    (void)state;
    /* the working-capital plan as a model: the lowest DPO that keeps the
     * cash at or above 40,000 in every period (tests/ref/goal_expected.csv,
     * g.dpo_floor = 59.1142857142857, a sheet formula of the cash budget) */
    fpa_wc_plan *p = goal_plan();
    fpa_model *m;
    assert_ok(fpa_model_from_wc_plan(&m, p, NULL));
    size_t cash, low;
    assert_ok(fpa_model_line_find(&cash, m, "cash"));
    assert_ok(fpa_model_line_find(&low, m, "lowest cash"));
    fpa_model_levers *l;
    double range[2] = {0, 200}, v;
    assert_ok(fpa_model_levers_new(&l, m, NULL));
    assert_ok(fpa_model_levers_add(l, "DPO", FPA_SCENARIO_SET, 0, range, 2));
    assert_ok(fpa_model_goal_seek(&v, m, NULL, l, cash, FPA_GOAL_LOWEST_AT_LEAST, 40000, NULL));
    assert_close(v, 59.1142857142857, 1e-12, 1e-9);
    /* the root form on the lowest cash gives the same DPO */
    assert_ok(fpa_model_goal_seek(&v, m, NULL, l, low, FPA_GOAL_EQUAL, 40000, NULL));
    assert_close(v, 59.1142857142857, 1e-12, 1e-9);
    /* already met at the lower end: the end itself */
    assert_ok(fpa_model_goal_seek(&v, m, NULL, l, cash, FPA_GOAL_LOWEST_AT_LEAST, -1e6, NULL));
    assert_true(v == 0);
    assert_status(fpa_model_goal_seek(&v, m, NULL, l, cash, FPA_GOAL_EQUAL, -1e6, NULL),
                  FPA_ENOCONV);
    /* the highest DSO keeping the cash >= 15,000: g.dso_floor = 39.8916666666667 */
    fpa_model_levers *d;
    double drange[2] = {0, 120};
    assert_ok(fpa_model_levers_new(&d, m, NULL));
    assert_ok(fpa_model_levers_add(d, "DSO", FPA_SCENARIO_SET, 0, drange, 2));
    assert_ok(fpa_model_goal_seek(&v, m, NULL, d, cash, FPA_GOAL_HIGHEST_AT_LEAST, 15000, NULL));
    assert_close(v, 39.8916666666667, 1e-12, 1e-9);
    assert_status(fpa_model_goal_seek(&v, m, NULL, d, cash, (fpa_goal_mode)7, 0, NULL), FPA_EINVAL);
    assert_status(fpa_model_goal_seek(&v, m, NULL, d, cash, FPA_GOAL_HIGHEST_AT_LEAST, 1e9, NULL),
                  FPA_ENOCONV);
    assert_non_null(strstr(fpa_error_last(), "no DSO value"));
    /* the model's projection is the plan's, to the bit */
    double a[60], b[60];
    fpa_wc_line lines[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_ok(fpa_wc_project(a, 60, p, lines, 10));
    const double *mv = values_of(m, NULL);
    static const char *const names[10] = {"AR", "inventory", "AP", "NWC", "change in NWC",
                                          "collections", "purchases", "payments", "net cash",
                                          "cash"};
    for (int k = 0; k < 10; k++)
        for (size_t t = 0; t < 6; t++) b[k * 6 + (int)t] = at(m, mv, names[k], t);
    assert_memory_equal(a, b, sizeof a);
    free((void *)mv);
    fpa_model_levers_free(d);
    fpa_model_levers_free(l);
    fpa_model_free(m);
    fpa_wc_plan_free(p);
}

/* A model of n periods: cash = opening + running total of a flow. */
static fpa_model *cash_model(size_t n, double opening, double flow)
{
    fpa_model *m;
    assert_ok(fpa_model_new(&m, FPA_CAL_MONTH, 0, n, NULL));
    assert_ok(fpa_model_input(m, "flow", &flow, 1));
    const char *in[1] = {"flow"};
    assert_ok(fpa_model_relation(m, "cash", FPA_REL_CUMSUM, in, 1, NULL, 0));
    assert_ok(fpa_model_set_opening(m, "cash", opening));
    assert_ok(fpa_model_build(m));
    return m;
}

static void normal_percentiles_converge(void **state)
{
    (void)state;
    /* 12 independent N(1000, 500) flows on 10,000: the cash of the last
     * period ~ N(22000, 500 sqrt(12)); R 4:
     *   Rscript -e 'sprintf("%.10f", qnorm(c(0.01,0.05,0.25,0.5,0.75,0.95,0.99),
     *                                      10000 + 12*1000, 500*sqrt(12)))' */
    static const double P[7] = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    static const double Q[7] = {17970.6472860814, 19151.0299471061, 20831.7494834759,
                                22000.0000000000, 23168.2505165241, 24848.9700528939,
                                26029.3527139186};
    fpa_model *m = cash_model(12, 10000, 0);
    fpa_model_mc *mc;
    double par[2] = {1000, 500};
    assert_ok(fpa_model_mc_new(&mc, m, NULL));
    assert_ok(fpa_model_mc_add(mc, "flow", FPA_SCENARIO_SET, FPA_DIST_NORMAL, par, 2, 0,
                               FPA_DRAW_EACH_PERIOD));
    assert_int_equal(fpa_model_mc_count(mc), 1);
    assert_ok(fpa_model_mc_output(mc, 1, 1, 14000));
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_THREADS, 2));
    fpa_model_mc_result *r;
    assert_ok(fpa_model_mc_run(&r, mc, NULL, 200000, o));
    for (int i = 0; i < 7; i++) {
        double q;
        assert_ok(fpa_model_mc_quantile(&q, r, 1, 11, P[i]));
        assert_close(q, Q[i], 0, 0.01 * (Q[6] - Q[0]));
    }
    double mean, below[12];
    assert_ok(fpa_model_mc_quantile(&mean, r, 1, 11, NAN));
    assert_close(mean, 22000, 0, 5 * 500 * sqrt(12) / sqrt(200000));
    /* below 14,000 after period t: pnorm(14000, 10000 + 1000 (t+1), 500 sqrt(t+1));
     * at t = 3 it is pnorm(0, ...) = 0.5 */
    assert_ok(fpa_model_mc_below(below, 12, r, 1));
    assert_close(below[3], 0.5, 0, 5 * 0.5 / sqrt(200000));
    assert_true(below[0] > 0.99 && below[11] < 1e-3);
    assert_int_equal(fpa_model_mc_paths(r), 200000);
    assert_int_equal(fpa_model_mc_clamped(r), 0);
    /* bit-identical for another thread count */
    static double a[200000], b[200000];
    assert_ok(fpa_model_mc_sorted(a, 200000, r, 1, 5));
    fpa_model_mc_result *r1;
    assert_ok(fpa_model_mc_run(&r1, mc, NULL, 200000, NULL));
    assert_ok(fpa_model_mc_sorted(b, 200000, r1, 1, 5));
    assert_memory_equal(a, b, sizeof a);
    fpa_model_mc_result_free(r1);
    fpa_model_mc_result_free(r);
    fpa_opts_free(o);
    fpa_model_mc_free(mc);
    fpa_model_free(m);
}

static void monte_carlo_smoke_every_path_balances(void **state)
{
    (void)state;
    /* many stochastic inputs of the sample, correlated: every path runs the
     * balance and cash checks (a failing path would fail the run) */
    fpa_model *m = sample_model();
    fpa_model_mc *mc;
    const double u[2] = {1, 0.08}, d[3] = {40, 52, 70}, c[2] = {0, 0.03}, q[2] = {60, 90},
                 corr[16] = {1, 0.5, 0, 0, 0.5, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    assert_ok(fpa_model_mc_new(&mc, m, NULL));
    assert_ok(fpa_model_mc_add(mc, "units.sensors.emea", FPA_SCENARIO_MUL, FPA_DIST_NORMAL, u,
                               2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_model_mc_add(mc, "units.gateways.amer", FPA_SCENARIO_MUL, FPA_DIST_NORMAL, u,
                               2, 0, FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_model_mc_add(mc, "dso", FPA_SCENARIO_SET, FPA_DIST_PERT, d, 3, 0,
                               FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_model_mc_add(mc, "dio", FPA_SCENARIO_SET, FPA_DIST_UNIFORM, q, 2, 0,
                               FPA_DRAW_EACH_PERIOD));
    assert_ok(fpa_model_mc_correlate(mc, corr, 4));
    assert_ok(fpa_model_mc_add(mc, "cost_per_head.rnd.software", FPA_SCENARIO_MUL,
                               FPA_DIST_LOGNORMAL, c, 2, 0, FPA_DRAW_ONCE));
    assert_status(fpa_model_mc_run(NULL, mc, NULL, 10, NULL), FPA_EINVAL);
    fpa_model_mc_result *r = NULL;
    assert_status(fpa_model_mc_run(&r, mc, NULL, 10, NULL), FPA_EINVAL);  /* no output */
    assert_non_null(strstr(fpa_error_last(), "no output"));
    size_t cash, low;
    assert_ok(fpa_model_line_find(&cash, m, "bs.cash"));
    assert_ok(fpa_model_line_find(&low, m, "lowest_cash"));
    assert_ok(fpa_model_mc_output(mc, cash, 1, 1e6));
    assert_ok(fpa_model_mc_output(mc, low, 0, NAN));
    assert_status(fpa_model_mc_output(mc, low, 0, NAN), FPA_EINVAL);
    assert_ok(fpa_model_mc_run(&r, mc, NULL, 3000, NULL));
    double p5, p95, below[36];
    assert_ok(fpa_model_mc_quantile(&p5, r, cash, 20, 0.05));
    assert_ok(fpa_model_mc_quantile(&p95, r, cash, 20, 0.95));
    assert_true(p5 < p95);
    assert_ok(fpa_model_mc_below(below, 36, r, cash));
    assert_status(fpa_model_mc_below(below, 36, r, low), FPA_EINVAL);  /* no threshold */
    assert_status(fpa_model_mc_quantile(&p5, r, low, 20, 0.5), FPA_EINVAL);  /* last only */
    assert_ok(fpa_model_mc_quantile(&p5, r, low, 35, 0.5));
    assert_status(fpa_model_mc_quantile(&p5, r, 0, 35, 0.5), FPA_EINVAL);  /* not an output */
    assert_status(fpa_model_mc_quantile(&p5, r, cash, 35, 2), FPA_EDOM);
    fpa_model_mc_result_free(r);
    fpa_model_mc_free(mc);
    fpa_model_free(m);
}

static void forecast_intervals_drive_a_line(void **state)
{
    (void)state;
    /* a naive forecast of a random walk: the point is the last value and
     * the 80 % interval's half-width 1.2816 sigma sqrt(h); drawn each period
     * as a normal of that sd, the flow's percentiles in a period match the
     * forecast's own interval there */
    double y[40];
    unsigned s = 3;
    y[0] = 1000;
    for (int t = 1; t < 40; t++) {
        s = s * 1103515245u + 12345u;
        y[t] = y[t - 1] + (double)((s >> 8) & 0xff) - 127.5;
    }
    fpa_forecast_model *fc;
    assert_ok(fpa_forecast_fit(&fc, FPA_FORECAST_NAIVE, y, 40, 1, NULL));
    fpa_model *m = cash_model(6, 0, 0);
    fpa_model_mc *mc;
    assert_ok(fpa_model_mc_new(&mc, m, NULL));
    assert_ok(fpa_model_mc_add_forecast(mc, "flow", fc, 0, FPA_DRAW_EACH_PERIOD, NULL));
    assert_ok(fpa_model_mc_output(mc, 0, 1, NAN));
    fpa_model_mc_result *r;
    assert_ok(fpa_model_mc_run(&r, mc, NULL, 100000, NULL));
    double mean[6], lo[6], hi[6], level = 80;
    assert_ok(fpa_forecast_predict(mean, lo, hi, fc, 6, &level, 1, NULL));
    for (size_t t = 0; t < 6; t++) {
        double q10, q90;
        assert_ok(fpa_model_mc_quantile(&q10, r, 0, t, 0.1));
        assert_ok(fpa_model_mc_quantile(&q90, r, 0, t, 0.9));
        assert_close(q10, lo[t], 0, 0.02 * (hi[t] - lo[t]));
        assert_close(q90, hi[t], 0, 0.02 * (hi[t] - lo[t]));
    }
    /* an input fed the point forecasts */
    assert_ok(fpa_model_input_forecast(m, "flow", fc, NULL));
    const double *v = values_of(m, NULL);
    for (size_t t = 0; t < 6; t++) assert_close(v[t], mean[t], 1e-15, 0);
    free((void *)v);
    assert_status(fpa_model_mc_add_forecast(mc, "flow", fc, 6, FPA_DRAW_EACH_PERIOD, NULL),
                  FPA_EINVAL);
    fpa_model_mc_result_free(r);
    fpa_model_mc_free(mc);
    fpa_model_free(m);
    fpa_forecast_model_free(fc);
}

/* ---- bad models: a clear status naming the line -------------------------------- */

static fpa_model *empty(size_t n)
{
    fpa_model *m;
    double one = 1;
    assert_ok(fpa_model_new(&m, FPA_CAL_MONTH, 0, n, NULL));
    assert_ok(fpa_model_input(m, "a", &one, 1));
    return m;
}

static void bad_models_name_the_line(void **state)
{
    (void)state;
    const char *ab[2] = {"a", "b"}, *ca[2] = {"c", "a"};
    /* a cycle within a period, named */
    fpa_model *m = empty(6);
    assert_ok(fpa_model_relation(m, "b", FPA_REL_SUM, ca, 2, NULL, 0));
    assert_ok(fpa_model_relation(m, "c", FPA_REL_PRODUCT, ab, 2, NULL, 0));
    assert_status(fpa_model_build(m), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "cycle within a period"));
    assert_true(strstr(fpa_error_last(), "b -> c -> b") || strstr(fpa_error_last(), "c -> b -> c"));
    fpa_model_free(m);
    /* the same loop through a lag is a roll-forward: allowed */
    m = empty(6);
    double k = 1;
    assert_ok(fpa_model_relation(m, "b", FPA_REL_SUM, ca, 2, NULL, 0));
    const char *lb[1] = {"b"};
    assert_ok(fpa_model_relation(m, "c", FPA_REL_LAG, lb, 1, &k, 1));
    assert_ok(fpa_model_build(m));
    const double *v = values_of(m, NULL);
    for (size_t t = 0; t < 6; t++) assert_true(v[1 * 6 + t] == (double)(t + 1));  /* b = t + 1 */
    free((void *)v);
    fpa_model_free(m);
    /* but a lead on such a loop is not */
    m = empty(6);
    assert_ok(fpa_model_relation(m, "b", FPA_REL_SUM, ca, 2, NULL, 0));
    assert_ok(fpa_model_relation(m, "c", FPA_REL_LEAD, lb, 1, &k, 1));
    assert_status(fpa_model_build(m), FPA_EDATA);
    fpa_model_free(m);
    /* an unknown line */
    m = empty(6);
    const char *typo[2] = {"a", "revenu"};
    assert_ok(fpa_model_relation(m, "gm", FPA_REL_DIFF, typo, 2, NULL, 0));
    assert_status(fpa_model_build(m), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "line \"gm\": input \"revenu\" is not a line"));
    assert_ok(fpa_model_input(m, "revenu", &k, 1));  /* the model is left unbuilt */
    assert_ok(fpa_model_build(m));
    fpa_model_free(m);
    /* relations with the wrong number of inputs or parameters */
    m = empty(6);
    assert_status(fpa_model_relation(m, "r", FPA_REL_RATIO, ab, 1, NULL, 0), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "line \"r\": ratio takes 2 inputs, 1 given"));
    assert_status(fpa_model_relation(m, "l", FPA_REL_LAG, ab, 1, NULL, 0), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "line \"l\": lag takes 1 parameters, 0 given"));
    double w3[3] = {1, 1, 1}, half = 0.5, bad_range[2] = {3, 1}, nan = NAN;
    assert_status(fpa_model_relation(m, "s", FPA_REL_SUM, ab, 2, w3, 3), FPA_EINVAL);
    assert_status(fpa_model_relation(m, "l", FPA_REL_LAG, ab, 1, &half, 1), FPA_EDOM);
    assert_status(fpa_model_relation(m, "c", FPA_REL_CLAMP, ab, 1, bad_range, 2), FPA_EDOM);
    assert_status(fpa_model_relation(m, "p", FPA_REL_PCT_OF, ab, 2, &half, 1), FPA_EINVAL);
    assert_status(fpa_model_relation(m, "x", FPA_REL_SUM, ab, 1, &nan, 1), FPA_EDOM);
    assert_status(fpa_model_relation(m, "x", (fpa_model_rel)17, ab, 1, NULL, 0), FPA_EINVAL);
    assert_status(fpa_model_relation(m, "a", FPA_REL_SUM, ab, 1, NULL, 0), FPA_EINVAL);
    assert_status(fpa_model_relation(m, "is.x", FPA_REL_SUM, ab, 1, NULL, 0), FPA_EINVAL);
    assert_status(fpa_model_relation(m, "", FPA_REL_SUM, ab, 1, NULL, 0), FPA_EINVAL);
    /* periods out of range */
    double lag40 = 40, step9[2] = {9, 1};
    assert_ok(fpa_model_relation(m, "old", FPA_REL_LAG, ab, 1, &lag40, 1));
    assert_status(fpa_model_build(m), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "line \"old\""));
    fpa_model_free(m);
    m = empty(6);
    assert_ok(fpa_model_relation(m, "late", FPA_REL_STEP, NULL, 0, step9, 2));
    assert_status(fpa_model_build(m), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "line \"late\""));
    fpa_model_free(m);
    /* a NaN input, named */
    m = empty(6);
    double vals[6] = {1, 2, NAN, 4, 5, 6};
    assert_status(fpa_model_input(m, "units", vals, 6), FPA_EDOM);
    assert_non_null(strstr(fpa_error_last(), "line \"units\": values[2] is NaN"));
    assert_status(fpa_model_input(m, "units", vals, 5), FPA_EINVAL);
    /* a ratio over zero, named with its period */
    double zero[6] = {1, 1, 1, 0, 1, 1};
    assert_ok(fpa_model_input(m, "z", zero, 6));
    const char *az[2] = {"a", "z"};
    assert_ok(fpa_model_relation(m, "q", FPA_REL_RATIO, az, 2, NULL, 0));
    assert_ok(fpa_model_build(m));
    double out[18];
    assert_status(fpa_model_evaluate(out, 18, m, NULL), FPA_EOVERFLOW);
    assert_non_null(strstr(fpa_error_last(), "q in period 3 is not finite"));
    assert_status(fpa_model_evaluate(out, 17, m, NULL), FPA_ESIZE);
    /* built: the structure is fixed, values are not */
    assert_status(fpa_model_relation(m, "r", FPA_REL_SUM, az, 1, NULL, 0), FPA_EINVAL);
    assert_status(fpa_model_input(m, "new", zero, 6), FPA_EINVAL);
    assert_ok(fpa_model_input(m, "z", &k, 1));
    assert_ok(fpa_model_evaluate(out, 18, m, NULL));
    assert_status(fpa_model_build(m), FPA_EINVAL);
    fpa_model_free(m);
    /* links: no revenue line, a role taken twice, an opening that does not balance */
    m = empty(6);
    assert_ok(fpa_model_link(m, FPA_ROLE_COGS, "a"));
    assert_status(fpa_model_build(m), FPA_EINVAL);
    assert_non_null(strstr(fpa_error_last(), "revenue line"));
    assert_ok(fpa_model_link(m, FPA_ROLE_REVENUE, "a"));
    assert_ok(fpa_model_link(m, FPA_ROLE_TAX_RATE, "a"));
    assert_status(fpa_model_link(m, FPA_ROLE_TAX_RATE, "a"), FPA_EINVAL);
    assert_ok(fpa_model_set_opening(m, "bs.cash", 100));
    assert_ok(fpa_model_set_opening(m, "bs.equity", 90));
    assert_status(fpa_model_set_opening(m, "bs.nosuch", 90), FPA_EINVAL);
    assert_status(fpa_model_build(m), FPA_EDATA);
    assert_non_null(strstr(fpa_error_last(), "opening balance sheet does not balance"));
    assert_ok(fpa_model_set_opening(m, "bs.equity", 100));
    assert_ok(fpa_model_build(m));
    fpa_model_free(m);
    fpa_model_free(NULL);
    assert_status(fpa_model_new(&m, (fpa_calendar)3, 0, 6, NULL), FPA_EINVAL);
    assert_status(fpa_model_new(&m, FPA_CAL_MONTH, 0, 0, NULL), FPA_EINVAL);
    assert_status(fpa_model_new(&m, FPA_CAL_MONTH, 5, 6, NULL), FPA_EDOM);  /* 1970-01-06 */
}

static void calendars(void **state)
{
    (void)state;
    /* month, quarter and week periods from their first days; the actual
     * day count of each (2024-01-01: a leap year) */
    int64_t start, b[6];
    fpa_model *m;
    assert_ok(fpa_date_from_ymd(&start, 2024, 1, 1));
    static const struct { fpa_calendar cal; double days[5]; } c[3] = {
        {FPA_CAL_MONTH, {31, 29, 31, 30, 31}}, {FPA_CAL_QUARTER, {91, 91, 92, 92, 90}},
        {FPA_CAL_WEEK, {7, 7, 7, 7, 7}}};
    for (int k = 0; k < 3; k++) {
        assert_ok(fpa_model_new(&m, c[k].cal, start, 5, NULL));
        double flow = 100, d = 30;
        assert_ok(fpa_model_input(m, "flow", &flow, 1));
        assert_ok(fpa_model_input(m, "days", &d, 1));
        const char *in[2] = {"flow", "days"};
        assert_ok(fpa_model_relation(m, "balance", FPA_REL_BALANCE, in, 2, NULL, 0));
        assert_ok(fpa_model_build(m));
        const double *v = values_of(m, NULL);
        for (int t = 0; t < 5; t++) assert_close(v[2 * 5 + t], 30 * 100 / c[k].days[t], 1e-15, 0);
        free((void *)v);
        assert_ok(fpa_model_period_bounds(b, 6, m));
        assert_true(b[0] == start && b[5] > b[4]);
        assert_status(fpa_model_period_bounds(b, 5, m), FPA_ESIZE);
        fpa_model_free(m);
    }
}

static fpa_status small_model(fpa_model **out, const fpa_opts *opts)
{
    const double units[6] = {100, 120, 90, 150, 130, 110};
    return model_small_new(out, 0, 6, units, opts);
}

static fpa_status small_mc(fpa_model_mc_result **out, const fpa_model *m, const fpa_opts *opts)
{
    fpa_model_mc *mc;
    double p[2] = {1, 0.1};
    size_t cash;
    fpa_status st = fpa_model_line_find(&cash, m, "bs.cash");
    if (st == FPA_OK) st = fpa_model_mc_new(&mc, m, opts);
    if (st != FPA_OK) return st;
    st = fpa_model_mc_add(mc, "units", FPA_SCENARIO_MUL, FPA_DIST_NORMAL, p, 2, 0,
                          FPA_DRAW_EACH_PERIOD);
    if (st == FPA_OK) st = fpa_model_mc_output(mc, cash, 1, 1000.5);
    if (st == FPA_OK) st = fpa_model_mc_run(out, mc, NULL, 3000, opts);
    fpa_model_mc_free(mc);
    return st;
}

static void unit_economics_partial(void **state)
{
    (void)state;
    /* a zero price from period 3 makes the margin ratio undefined there: NaN
     * in those periods and FPA_PARTIAL, the others written */
    fpa_model *m;
    assert_ok(small_model(&m, NULL));
    fpa_model_scenario *s;
    assert_ok(fpa_model_scenario_new(&s, m, NULL));
    assert_ok(fpa_model_scenario_add(s, "price", FPA_SCENARIO_SET, 0, 3));
    size_t price, cogs, two[2];
    assert_ok(fpa_model_line_find(&price, m, "price"));
    assert_ok(fpa_model_line_find(&cogs, m, "rent"));
    two[0] = price, two[1] = cogs;
    double r[6];
    assert_status(fpa_model_unit(r, 6, m, s, FPA_UNIT_CONTRIBUTION_RATIO, two, 2), FPA_PARTIAL);
    assert_non_null(strstr(fpa_error_last(), "period 3"));
    assert_true(isnan(r[3]) && isnan(r[5]) && !isnan(r[2]));
    assert_close(r[0], (50 - 1500) / 50.0, 1e-15, 0);
    fpa_model_scenario_free(s);
    fpa_model_free(m);
}

static void allocation_failures(void **state)
{
    (void)state;
    fpa_model *m = NULL;
    FPA_ALLOC_SWEEP((void)0, small_model(&m, opts), fpa_model_free(m));
    assert_ok(small_model(&m, NULL));
    fpa_model_mc_result *r = NULL;
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)), small_mc(&r, m, opts),
                    fpa_model_mc_result_free(r));
    fpa_model_levers *ax = NULL;
    double dso[9] = {30, 35, 40, 45, 50, 55, 60, 65, 70}, out[81];
    size_t cash;
    assert_ok(fpa_model_line_find(&cash, m, "bs.cash"));
    assert_ok(fpa_model_levers_new(&ax, m, NULL));
    assert_ok(fpa_model_levers_add(ax, "dso", FPA_SCENARIO_SET, 0, dso, 9));
    assert_ok(fpa_model_levers_add(ax, "price", FPA_SCENARIO_SET, 0, dso, 9));
    FPA_ALLOC_SWEEP(assert_ok(fpa_opts_set(opts, FPA_OPT_THREADS, 2)),
                    fpa_model_table(out, 81, m, NULL, ax, cash, opts), (void)0);
    fpa_model_scenario *s = NULL;
    FPA_ALLOC_SWEEP((void)0, fpa_model_scenario_new(&s, m, opts), fpa_model_scenario_free(s));
    fpa_model_levers_free(ax);
    fpa_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_matches_spreadsheet),
        cmocka_unit_test(statements_balance_under_every_scenario),
        cmocka_unit_test(revolver_keeps_the_floor),
        cmocka_unit_test(versions_compare_by_nature),
        cmocka_unit_test(unit_economics_read_the_lines),
        cmocka_unit_test(tables_and_tornado_are_scenarios),
        cmocka_unit_test(goal_seek_on_any_line),
        cmocka_unit_test(normal_percentiles_converge),
        cmocka_unit_test(monte_carlo_smoke_every_path_balances),
        cmocka_unit_test(forecast_intervals_drive_a_line),
        cmocka_unit_test(bad_models_name_the_line),
        cmocka_unit_test(calendars),
        cmocka_unit_test(unit_economics_partial),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, model_ref_free);
}
