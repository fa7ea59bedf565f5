/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenarios (override lists), their comparison with the base case,
 * one- and two-way sensitivity and goal seek, all on the allocation-free
 * projection core of src/wc/plan.h. */
#include "fpa/scenario.h"
#include "scenario_internal.h"

#include "../core/parallel.h"
#include "../core/roots.h"

#include <stdio.h>

_Static_assert((int)FPA_SCENARIO_SET == (int)WC_SET &&
               (int)FPA_SCENARIO_ADD == (int)WC_ADD &&
               (int)FPA_SCENARIO_MUL == (int)WC_MUL, "op values shared with plan.h");

fpa_status scn__check_op(int op)
{
    if (op >= WC_SET && op <= WC_MUL) return FPA_OK;
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
    scn->lever[scn->n++] = (wc__lever){(int)driver, (int)op, value, from};
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
    double v[WC_NDRIVERS];
    for (size_t t = 0; t < plan->n; t++) {
        wc__drivers_at(v, plan, &l, 1, t);
        out[t] = v[driver];
    }
    return FPA_OK;
}

fpa_status fpa_scenario_project(double *out, size_t cap, const fpa_wc_plan *plan,
                                const fpa_scenario *scn, const fpa_wc_line *lines,
                                size_t nlines)
{
    TRY(wc__check_projection(out, cap, plan, lines, nlines));
    wc__levers l = scn__levers(scn);
    return wc__run(plan, &l, 1, lines, nlines, out, NULL, NULL);
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
    /* Two passes over the periods, one for each case, with no scratch:
     * the base's net cash and cash are written first, then replaced. */
    wc__levers l = scn__levers(scn);
    wc__bal b = wc__opening(plan), s = wc__opening(plan);
    double vb[WC_NDRIVERS], vs[WC_NDRIVERS], rb[WC_NLINES], rs[WC_NLINES];
    double min_cash = INFINITY;
    size_t min_t = 0;
    /* validate both projections before writing anything */
    TRY(wc__run(plan, NULL, 0, NULL, 0, NULL, NULL, NULL));
    wc__summary sum;
    TRY(wc__run(plan, &l, 1, NULL, 0, NULL, NULL, &sum));
    for (size_t t = 0; t < plan->n; t++) {
        wc__drivers_at(vb, plan, NULL, 0, t);
        wc__drivers_at(vs, plan, &l, 1, t);
        (void)wc__step(&b, vb, plan->per_day[t], plan->ap_on_purchases, rb);
        (void)wc__step(&s, vs, plan->per_day[t], plan->ap_on_purchases, rs);
        double rel = rs[FPA_WC_LINE_NET_CASH] - rb[FPA_WC_LINE_NET_CASH];
        double cum = s.cash - b.cash;
        if (!fpa__finite(rel) || !fpa__finite(cum))
            return fpa__fail(FPA_EOVERFLOW, "period %zu: the difference is "
                             "not finite", t);
        if (out_released) out_released[t] = rel;
        if (out_cumulative) out_cumulative[t] = cum;
        if (out_gap) out_gap[t] = fmax(0, cash_floor - s.cash);
        if (s.cash < min_cash) min_cash = s.cash, min_t = t;
    }
    if (out_min_cash) *out_min_cash = sum.min_cash;
    if (out_min_period) *out_min_period = min_t;
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
    TRY(wc__run(plan, l, 2, NULL, 0, NULL, NULL, &s));
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
                wc__lever x = {(int)drivers[i], (int)ops[i],
                               side ? high[i] : low[i], from ? from[i] : 0};
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

typedef struct {
    const fpa_wc_plan *plan;
    const fpa_scenario *scn;
    wc__lever row, col;
    const double *rv, *cv;
    size_t ncols;
    int metric;
    double floor;
    double *out;
} table_job;

static fpa_status table_row(void *ctx, size_t i, unsigned worker)
{
    (void)worker;
    const table_job *j = ctx;
    wc__lever x[2] = {j->row, j->col};
    x[0].value = j->rv[i];
    for (size_t c = 0; c < j->ncols; c++) {
        x[1].value = j->cv[c];
        fpa_status st = eval(&j->out[i * j->ncols + c], j->plan, j->scn, x, 2,
                             j->metric, j->floor);
        if (st != FPA_OK)
            return fpa__fail(st, "cell (%zu, %zu): %s", i, c, fpa_error_last());
    }
    return FPA_OK;
}

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
    table_job j = {plan, scn,
                   {(int)row_driver, (int)row_op, 0, from},
                   {(int)col_driver, (int)col_op, 0, from},
                   row_values, col_values, ncols, (int)metric, cash_floor, out};
    return fpa__parallel_for(opts, nrows, table_row, &j);
}

typedef struct {
    const fpa_wc_plan *plan;
    const fpa_scenario *scn;
    wc__lever x;
    int metric;
    double floor, target;
    fpa_status st;  /* first failure inside the solver's callbacks */
    char detail[256];
} goal_ctx;

static fpa_status check_range(double lo, double hi)
{
    TRY(fpa__check_value(lo, "lo"));
    TRY(fpa__check_value(hi, "hi"));
    if (!(lo < hi))
        return fpa__fail(FPA_EDOM, "lo = %.17g is not below hi = %.17g", lo, hi);
    return FPA_OK;
}

static double goal_fn(double v, void *p)
{
    goal_ctx *g = p;
    wc__lever x = g->x;
    x.value = v;
    double m;
    fpa_status st = eval(&m, g->plan, g->scn, &x, 1, g->metric, g->floor);
    if (st != FPA_OK) {
        if (g->st == FPA_OK) {
            g->st = st;
            snprintf(g->detail, sizeof g->detail, "at %.17g: %s", v,
                     fpa_error_last());
        }
        return 1;  /* finite, so GSL's solver never sees a bad value */
    }
    return m - g->target;
}

/* The root of metric - target in [lo, hi]: a scan for a sign change,
 * then GSL's Brent solver. */
static fpa_status goal_root(double *out, goal_ctx *g, double lo, double hi)
{
#define GOAL_FAILED() fpa__fail(g->st, "goal seek: %s", g->detail)
    double flo = goal_fn(lo, g), fhi = goal_fn(hi, g);
    if (g->st != FPA_OK) return GOAL_FAILED();
    fpa__bracket br = {lo, hi, flo, fhi};
    if (flo != 0 && fhi != 0 && (flo < 0) == (fhi < 0)) {
        fpa_status st = fpa__find_bracket(&br, goal_fn, g, lo, flo, NAN, lo,
                                          hi, (hi - lo) / 64, NULL, 0);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (st != FPA_OK)
            return fpa__fail(FPA_ENOCONV, "goal seek: no %s value in "
                             "[%.17g, %.17g] reaches the target %.17g; the "
                             "metric is %.17g at %.17g and %.17g at %.17g",
                             wc__driver_name(g->x.driver), lo, hi, g->target,
                             flo + g->target, lo, fhi + g->target, hi);
    }
    double root;
    if (br.lo == br.hi) {
        root = br.lo;
    } else {
        fpa_status st = fpa__brent(&root, goal_fn, g, br.lo, br.hi, br.flo,
                                   br.fhi, 1e-10, 1e-12, 200);
        if (g->st != FPA_OK) return GOAL_FAILED();
        TRY(st);
    }
    *out = root;
    return FPA_OK;
}

/* The value nearest the starting end (lo, or hi when `from_hi`) at which
 * the metric meets the target: metric >= target, or <= when `at_most`.
 * The grid is scanned from that end; the first passing point and the
 * failing point before it are bisected, keeping the passing side. */
static fpa_status goal_limit(double *out, goal_ctx *g, double lo, double hi,
                             bool from_hi, bool at_most)
{
    enum { STEPS = 64 };
    double start = from_hi ? hi : lo, end = from_hi ? lo : hi;
    double sign = at_most ? -1 : 1;  /* sign * (metric - target) >= 0 passes */
    double f0 = sign * goal_fn(start, g);
    if (g->st != FPA_OK) return GOAL_FAILED();
    if (f0 >= 0) {
        *out = start;
        return FPA_OK;
    }
    double fail = start, pass = NAN, fend = f0;
    for (int k = 1; k <= STEPS && isnan(pass); k++) {
        double x = k == STEPS ? end : start + (end - start) * k / STEPS;
        double f = sign * goal_fn(x, g);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (f >= 0) pass = x;
        else fail = x, fend = f;
    }
    if (isnan(pass))
        return fpa__fail(FPA_ENOCONV, "goal seek: no %s value in [%.17g, "
                         "%.17g] keeps the metric at %s %.17g; it is %.17g at "
                         "%.17g and %.17g at %.17g", wc__driver_name(g->x.driver),
                         lo, hi, at_most ? "most" : "least", g->target,
                         sign * f0 + g->target, start, sign * fend + g->target, end);
    while (fabs(pass - fail) > 1e-10 + 1e-12 * fabs(pass)) {
        double mid = fail + (pass - fail) / 2;
        if (mid == fail || mid == pass) break;
        double f = sign * goal_fn(mid, g);
        if (g->st != FPA_OK) return GOAL_FAILED();
        if (f >= 0) pass = mid;
        else fail = mid;
    }
#undef GOAL_FAILED
    *out = pass;
    return FPA_OK;
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
    goal_ctx g = {plan, scn, {(int)driver, (int)op, 0, from}, (int)metric,
                  cash_floor, target, FPA_OK, ""};
    return goal_root(out, &g, lo, hi);
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
    *g = (fpa_scenario_goal){m, {(int)driver, (int)op, 0, from}, lo, hi};
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
    goal_ctx g = {plan, scn, goal->x, (int)metric, cash_floor, target, FPA_OK, ""};
    if (mode == FPA_GOAL_EQUAL) return goal_root(out, &g, goal->lo, goal->hi);
    return goal_limit(out, &g, goal->lo, goal->hi,
                      mode == FPA_GOAL_HIGHEST_AT_LEAST || mode == FPA_GOAL_HIGHEST_AT_MOST,
                      mode == FPA_GOAL_LOWEST_AT_MOST || mode == FPA_GOAL_HIGHEST_AT_MOST);
}
