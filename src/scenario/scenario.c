/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenarios (override lists), their comparison with the base case,
 * one- and two-way sensitivity and goal seek, all on the plan's model
 * (src/wc/plan.h): chunked, allocation-free evaluations, and for the
 * table the model's cells in lanes. */
#include "fpa/scenario.h"
#include "scenario_internal.h"

#include <stdio.h>

_Static_assert((int)FPA_SCENARIO_SET == (int)MDL_SET &&
               (int)FPA_SCENARIO_ADD == (int)MDL_ADD &&
               (int)FPA_SCENARIO_MUL == (int)MDL_MUL, "op values shared with the model");

fpa_status scn__check_op(int op)
{
    if (op >= MDL_SET && op <= MDL_MUL) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "op %d is not an fpa_scenario_op", op);
}

static fpa_status check_metric(int m)
{
    if (m >= FPA_SCENARIO_ENDING_CASH && m <= FPA_SCENARIO_ENDING_NWC) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "metric %d is not an fpa_scenario_metric", m);
}

fpa_status fpa_scenario_new(fpa_scenario **out, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario *s = fpa__alloc(&m, 1, sizeof *s, true);
    if (!s) return FPA_ENOMEM;
    s->mem = m;
    *out = s;
    return FPA_OK;
}

void fpa_scenario_free(fpa_scenario *scn)
{
    if (!scn) return;
    fpa_mem m = scn->mem;
    fpa__free(&m, scn->lever, scn->cap, sizeof *scn->lever);
    fpa__free(&m, scn, 1, sizeof *scn);
}

size_t fpa_scenario_count(const fpa_scenario *scn) { return scn ? scn->n : 0; }

fpa_status fpa_scenario_add(fpa_scenario *scn, fpa_wc_driver driver,
                            fpa_scenario_op op, double value, size_t from)
{
    TRY(fpa__check_ptr(scn, "scn"));
    TRY(wc__check_driver((int)driver));
    TRY(scn__check_op((int)op));
    TRY(fpa__check_value(value, "value"));
    if (scn->n == scn->cap) {
        size_t cap = scn->cap ? 2 * scn->cap : 8;
        wc__lever *l = fpa__realloc(&scn->mem, scn->lever, scn->cap, cap,
                                    sizeof *l);
        if (!l) return FPA_ENOMEM;
        scn->lever = l;
        scn->cap = cap;
    }
    scn->lever[scn->n++] = (wc__lever){(size_t)driver, (int)op, value, from, NULL};
    return FPA_OK;
}

wc__levers scn__levers(const fpa_scenario *scn)
{
    return scn ? (wc__levers){scn->lever, scn->n} : (wc__levers){NULL, 0};
}

fpa_status fpa_scenario_drivers(double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_scenario *scn, fpa_wc_driver driver)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(plan, "plan"));
    TRY(wc__check_driver((int)driver));
    if (cap < plan->n)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap,
                         plan->n);
    wc__levers l = scn__levers(scn);
    for (size_t t = 0; t < plan->n; t++)
        out[t] = mdl__input_at(plan->model, (size_t)driver, t, &l, 1);
    return FPA_OK;
}

fpa_status fpa_scenario_project(double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_scenario *scn, const fpa_wc_line *lines,
                                size_t nlines)
{
    TRY(wc__check_projection(out, cap, plan, lines, nlines));
    wc__levers l = scn__levers(scn);
    return wc__run(plan, &l, 1, lines, nlines, out, NULL);
}

typedef struct {
    double *rel, *cum, *gap;
    double floor;
    bool base;
} compare_sink;

static fpa_status compare_collect(void *ctx, const mdl__ev *e, size_t t0, size_t t1)
{
    compare_sink *c = ctx;
    for (size_t t = t0; t < t1; t++) {
        double net = mdl__ev_at(e, WC_L_NET_CASH, t, 0), cash = mdl__ev_at(e, WC_L_CASH, t, 0);
        if (c->base) {
            if (c->rel) c->rel[t] = net;
            if (c->cum) c->cum[t] = cash;
            continue;
        }
        double rel = c->rel ? net - c->rel[t] : 0, cum = c->cum ? cash - c->cum[t] : 0;
        if (!fpa__finite(rel) || !fpa__finite(cum))
            return fpa__fail(FPA_EOVERFLOW, "period %zu: the difference is not finite", t);
        if (c->rel) c->rel[t] = rel;
        if (c->cum) c->cum[t] = cum;
        if (c->gap) c->gap[t] = fmax(0, c->floor - cash);
    }
    return FPA_OK;
}

fpa_status fpa_scenario_compare(double *out_released, double *out_cumulative,
                                double *out_gap, double *out_min_cash,
                                size_t *out_min_period, double *out_peak_gap,
                                const fpa_wc_plan *plan, const fpa_scenario *scn,
                                double cash_floor, size_t n)
{
    TRY(wc__check_plan(plan));
    TRY(fpa__check_value(cash_floor, "cash_floor"));
    bool arrays = out_released || out_cumulative || out_gap;
    if (arrays && n < plan->n)
        return fpa__fail(FPA_ESIZE, "n is %zu; the plan has %zu periods", n,
                         plan->n);
    /* Four chunked passes, with no scratch: both cases validated before
     * anything is written, then the base's net cash and cash written to
     * the outputs and replaced by the differences. */
    wc__levers l = scn__levers(scn);
    wc__summary sum;
    TRY(wc__run(plan, NULL, 0, NULL, 0, NULL, NULL));
    TRY(wc__run(plan, &l, 1, NULL, 0, NULL, &sum));
    compare_sink c = {out_released, out_cumulative, out_gap, cash_floor, true};
    double buf[WC_NMODEL_LINES * 48];
    TRY(mdl__evaluate_chunks(plan->model, NULL, 0, buf, sizeof buf / sizeof *buf,
                             compare_collect, &c));
    c.base = false;
    TRY(mdl__evaluate_chunks(plan->model, &l, 1, buf, sizeof buf / sizeof *buf,
                             compare_collect, &c));
    if (out_min_cash) *out_min_cash = sum.min_cash;
    if (out_min_period) *out_min_period = sum.min_period;
    if (out_peak_gap) *out_peak_gap = fmax(0, cash_floor - sum.min_cash);
    return FPA_OK;
}

double scn__metric(const wc__summary *s, int metric, double floor)
{
    switch (metric) {
    case FPA_SCENARIO_ENDING_CASH: return s->end_cash;
    case FPA_SCENARIO_MIN_CASH: return s->min_cash;
    case FPA_SCENARIO_FUNDING_GAP: return fmax(0, floor - s->min_cash);
    default: return s->end_nwc;
    }
}

/* The metric under the scenario plus up to two more levers. */
static fpa_status eval(double *out, const fpa_wc_plan *plan,
                       const fpa_scenario *scn, const wc__lever *extra,
                       size_t nextra, int metric, double floor)
{
    wc__levers l[2] = {scn__levers(scn), {extra, nextra}};
    wc__summary s;
    TRY(wc__run(plan, l, 2, NULL, 0, NULL, &s));
    return fpa__store(out, scn__metric(&s, metric, floor), "the metric");
}

static fpa_status check_common(const fpa_wc_plan *plan, int metric, double floor)
{
    TRY(wc__check_plan(plan));
    TRY(check_metric(metric));
    return fpa__check_value(floor, "cash_floor");
}

fpa_status fpa_scenario_metric_value(double *out, const fpa_wc_plan *plan,
                                     const fpa_scenario *scn,
                                     fpa_scenario_metric metric, double cash_floor)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_common(plan, (int)metric, cash_floor));
    return eval(out, plan, scn, NULL, 0, (int)metric, cash_floor);
}

fpa_status fpa_scenario_tornado(double *out_low, double *out_high,
                                double *out_base, const fpa_wc_plan *plan,
                                const fpa_scenario *scn,
                                const fpa_wc_driver *drivers,
                                const fpa_scenario_op *ops, const double *low,
                                const double *high, const size_t *from, size_t k,
                                fpa_scenario_metric metric, double cash_floor)
{
    TRY(fpa__check_ptr(out_low, "out_low"));
    TRY(fpa__check_ptr(out_high, "out_high"));
    TRY(fpa__check_ptr(drivers, "drivers"));
    TRY(fpa__check_ptr(ops, "ops"));
    TRY(check_common(plan, (int)metric, cash_floor));
    if (k == 0) return fpa__fail(FPA_EINVAL, "k is 0");
    TRY(fpa__check_finite(low, k, 1, "low"));
    TRY(fpa__check_finite(high, k, 1, "high"));
    for (size_t i = 0; i < k; i++) {
        TRY(wc__check_driver((int)drivers[i]));
        TRY(scn__check_op((int)ops[i]));
    }
    double base;
    TRY(eval(&base, plan, scn, NULL, 0, (int)metric, cash_floor));
    /* all bars before any output, so a failure leaves the outputs alone */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < k; i++)
            for (int side = 0; side < 2; side++) {
                wc__lever x = {(size_t)drivers[i], (int)ops[i],
                               side ? high[i] : low[i], from ? from[i] : 0, NULL};
                double v;
                fpa_status st = eval(&v, plan, scn, &x, 1, (int)metric, cash_floor);
                if (st != FPA_OK)
                    return fpa__fail(st, "bar %zu (%s value): %s", i,
                                     side ? "high" : "low", fpa_error_last());
                if (pass) (side ? out_high : out_low)[i] = v;
            }
    if (out_base) *out_base = base;
    return FPA_OK;
}

/* The model line a metric reads in the last period. */
static size_t metric_line(int metric)
{
    return metric == FPA_SCENARIO_ENDING_CASH ? WC_L_CASH
           : metric == FPA_SCENARIO_ENDING_NWC ? WC_L_NWC : WC_L_LOWEST_CASH;
}

static size_t table_row(size_t cell, size_t ncols) { return cell / ncols; }
static size_t table_col(size_t cell, size_t ncols) { return cell % ncols; }

fpa_status fpa_scenario_table(double *out, size_t cap, const fpa_wc_plan *plan,
                              const fpa_scenario *scn, fpa_wc_driver row_driver,
                              fpa_scenario_op row_op, const double *row_values,
                              size_t nrows, fpa_wc_driver col_driver,
                              fpa_scenario_op col_op, const double *col_values,
                              size_t ncols, size_t from,
                              fpa_scenario_metric metric, double cash_floor,
                              const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_common(plan, (int)metric, cash_floor));
    TRY(wc__check_driver((int)row_driver));
    TRY(wc__check_driver((int)col_driver));
    TRY(scn__check_op((int)row_op));
    TRY(scn__check_op((int)col_op));
    TRY(fpa__check_finite(row_values, nrows, 1, "row_values"));
    TRY(fpa__check_finite(col_values, ncols, 1, "col_values"));
    size_t need;
    if (fpa__mul_overflows(nrows, ncols, &need) || cap < need)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu x %zu needed",
                         cap, nrows, ncols);
    /* the cells in lanes of the plan's model, blocks of cells on threads */
    wc__levers base = scn__levers(scn);
    mdl__cells c = {plan->model, &base, 1,
                    {{(size_t)row_driver, (int)row_op, from, row_values, table_row},
                     {(size_t)col_driver, (int)col_op, from, col_values, table_col}},
                    2, nrows * ncols, ncols, metric_line((int)metric), false, out,
                    MDL_NAME_CELL, 0};
    TRY(mdl__cells_run(&c, opts));
    if (metric == FPA_SCENARIO_FUNDING_GAP)
        for (size_t k = 0; k < nrows * ncols; k++) out[k] = fmax(0, cash_floor - out[k]);
    return FPA_OK;
}

typedef struct {
    const fpa_wc_plan *plan;
    const fpa_scenario *scn;
    wc__lever x;
    int metric;
    double floor;
} goal_ctx;

static fpa_status check_range(double lo, double hi)
{
    TRY(fpa__check_value(lo, "lo"));
    TRY(fpa__check_value(hi, "hi"));
    if (!(lo < hi))
        return fpa__fail(FPA_EDOM, "lo = %.17g is not below hi = %.17g", lo, hi);
    return FPA_OK;
}

static fpa_status goal_metric(double *out, double v, void *p)
{
    goal_ctx *g = p;
    wc__lever x = g->x;
    x.value = v;
    return eval(out, g->plan, g->scn, &x, 1, g->metric, g->floor);
}

fpa_status fpa_scenario_goal_seek(double *out, const fpa_wc_plan *plan,
                                  const fpa_scenario *scn, fpa_wc_driver driver,
                                  fpa_scenario_op op, size_t from, double lo,
                                  double hi, fpa_scenario_metric metric,
                                  double cash_floor, double target)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(check_common(plan, (int)metric, cash_floor));
    TRY(wc__check_driver((int)driver));
    TRY(scn__check_op((int)op));
    TRY(fpa__check_value(lo, "lo"));
    TRY(fpa__check_value(hi, "hi"));
    TRY(fpa__check_value(target, "target"));
    TRY(check_range(lo, hi));
    goal_ctx gc = {plan, scn, {(size_t)driver, (int)op, 0, from, NULL}, (int)metric,
                   cash_floor};
    mdl__goal g = {goal_metric, &gc, wc__driver_name((int)driver), target, FPA_OK, ""};
    return mdl__goal_root(out, &g, lo, hi);
}

/* ---- goal-seek levers (1.1) ------------------------------------------------- */

struct fpa_scenario_goal {
    fpa_mem mem;
    wc__lever x;
    double lo, hi;
};

fpa_status fpa_scenario_goal_new(fpa_scenario_goal **out, fpa_wc_driver driver,
                                 fpa_scenario_op op, size_t from, double lo,
                                 double hi, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(wc__check_driver((int)driver));
    TRY(scn__check_op((int)op));
    TRY(check_range(lo, hi));
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario_goal *g = fpa__alloc(&m, 1, sizeof *g, true);
    if (!g) return FPA_ENOMEM;
    *g = (fpa_scenario_goal){m, {(size_t)driver, (int)op, 0, from, NULL}, lo, hi};
    *out = g;
    return FPA_OK;
}

void fpa_scenario_goal_free(fpa_scenario_goal *goal)
{
    if (!goal) return;
    fpa_mem m = goal->mem;
    fpa__free(&m, goal, 1, sizeof *goal);
}

fpa_status fpa_scenario_goal_solve(double *out, const fpa_wc_plan *plan,
                                   const fpa_scenario *scn,
                                   const fpa_scenario_goal *goal,
                                   fpa_goal_mode mode, fpa_scenario_metric metric,
                                   double cash_floor, double target)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(goal, "goal"));
    TRY(check_common(plan, (int)metric, cash_floor));
    if ((int)mode < FPA_GOAL_EQUAL || (int)mode > FPA_GOAL_HIGHEST_AT_MOST)
        return fpa__fail(FPA_EINVAL, "mode %d is not an fpa_goal_mode", (int)mode);
    TRY(fpa__check_value(target, "target"));
    goal_ctx gc = {plan, scn, goal->x, (int)metric, cash_floor};
    mdl__goal g = {goal_metric, &gc, wc__driver_name((int)goal->x.line), target, FPA_OK, ""};
    if (mode == FPA_GOAL_EQUAL) return mdl__goal_root(out, &g, goal->lo, goal->hi);
    return mdl__goal_limit(out, &g, goal->lo, goal->hi,
                      mode == FPA_GOAL_HIGHEST_AT_LEAST || mode == FPA_GOAL_HIGHEST_AT_MOST,
                      mode == FPA_GOAL_LOWEST_AT_MOST || mode == FPA_GOAL_HIGHEST_AT_MOST);
}
