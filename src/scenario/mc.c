/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monte Carlo cash-at-risk: the plan's model simulated by the model's
 * Monte Carlo (src/model/mc.c), its cash kept for the fan and its lowest
 * cash for the minimum. A model of stochastic changes is kept by driver
 * until a run, because it is made without a plan. */
#include "scenario_internal.h"

#include "../model/draws.h"

#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int driver, op, dist, when;
    size_t from, count;  /* count 0: the same parameters from `from` on */
    double *par;         /* parameter-major, max(count, 1) per parameter */
} mc_var;

struct fpa_scenario_mc {
    fpa_mem mem;
    mc_var *var;
    size_t n, cap;
    double *corr;  /* n x n, checked, or NULL */
};

struct fpa_scenario_mc_result {
    fpa_mem mem;
    fpa_model_mc_result *r;
    size_t n;
    bool fan;
};

static size_t width(const mc_var *v) { return v->count ? v->count : 1; }

/* ---- the model ----------------------------------------------------------- */

fpa_status fpa_scenario_mc_new(fpa_scenario_mc **out, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario_mc *mc = fpa__alloc(&m, 1, sizeof *mc, true);
    if (!mc) return FPA_ENOMEM;
    mc->mem = m;
    *out = mc;
    return FPA_OK;
}

static void drop_correlation(fpa_scenario_mc *mc)
{
    fpa__free(&mc->mem, mc->corr, mc->n * mc->n, sizeof(double));
    mc->corr = NULL;
}

void fpa_scenario_mc_free(fpa_scenario_mc *mc)
{
    if (!mc) return;
    drop_correlation(mc);
    for (size_t i = 0; i < mc->n; i++)
        fpa__free(&mc->mem, mc->var[i].par,
                  mdl__nparams(mc->var[i].dist) * width(&mc->var[i]), sizeof(double));
    fpa_mem m = mc->mem;
    fpa__free(&m, mc->var, mc->cap, sizeof *mc->var);
    fpa__free(&m, mc, 1, sizeof *mc);
}

static fpa_status add_var(size_t *out_index, fpa_scenario_mc *mc, int driver,
                          int op, int dist, const double *params, size_t count,
                          size_t from, int when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(params, "params"));
    TRY(wc__check_driver(driver));
    TRY(scn__check_op(op));
    TRY(mdl__check_dist(dist));
    if (when != FPA_DRAW_EACH_PERIOD && when != FPA_DRAW_ONCE)
        return fpa__fail(FPA_EINVAL, "when %d is not an fpa_scenario_draw", when);
    if (mc->n >= MDL_MAX_VARS)
        return fpa__fail(FPA_EINVAL, "a model holds at most %d variables", MDL_MAX_VARS);
    size_t np = mdl__nparams(dist), w = count ? count : 1;
    for (size_t t = 0; t < w; t++) {
        char where[64] = "";
        if (count) snprintf(where, sizeof where, " of period %zu", from + t);
        TRY(mdl__check_params(dist, params[t], params[w + t],
                              np == 3 ? params[2 * w + t] : 0, where));
    }
    double *par = fpa__alloc(&mc->mem, np * w, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    if (mc->n == mc->cap) {
        size_t cap = mc->cap ? 2 * mc->cap : 4;
        mc_var *v = fpa__realloc(&mc->mem, mc->var, mc->cap, cap, sizeof *v);
        if (!v) {
            fpa__free(&mc->mem, par, np * w, sizeof *par);
            return FPA_ENOMEM;
        }
        mc->var = v;
        mc->cap = cap;
    }
    drop_correlation(mc);  /* sized for the old variable count */
    memcpy(par, params, np * w * sizeof *par);
    mc->var[mc->n] = (mc_var){driver, op, dist, when, from, count, par};
    if (out_index) *out_index = mc->n;
    mc->n++;
    return FPA_OK;
}

fpa_status fpa_scenario_mc_add(size_t *out_index, fpa_scenario_mc *mc,
                               fpa_wc_driver driver, fpa_scenario_op op,
                               fpa_scenario_dist dist, const double *params,
                               size_t nparams, size_t from,
                               fpa_scenario_draw when)
{
    if ((int)dist >= FPA_DIST_NORMAL && (int)dist <= FPA_DIST_PERT &&
        nparams != mdl__nparams((int)dist))
        return fpa__fail(FPA_EINVAL, "nparams is %zu; this distribution takes %zu",
                         nparams, mdl__nparams((int)dist));
    return add_var(out_index, mc, (int)driver, (int)op, (int)dist, params, 0,
                   from, (int)when);
}

fpa_status fpa_scenario_mc_add_series(size_t *out_index, fpa_scenario_mc *mc,
                                      fpa_wc_driver driver, fpa_scenario_op op,
                                      fpa_scenario_dist dist,
                                      const double *params, size_t count,
                                      size_t from, fpa_scenario_draw when)
{
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    return add_var(out_index, mc, (int)driver, (int)op, (int)dist, params,
                   count, from, (int)when);
}

fpa_status fpa_scenario_mc_add_interval(size_t *out_index, fpa_scenario_mc *mc,
                                        fpa_wc_driver driver, const double *point,
                                        const double *lower, const double *upper,
                                        size_t count, double level, size_t from,
                                        fpa_scenario_draw when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    TRY(fpa__check_finite(point, count, 1, "point"));
    TRY(fpa__check_finite(lower, count, 1, "lower"));
    TRY(fpa__check_finite(upper, count, 1, "upper"));
    TRY(fpa__check_value(level, "level"));
    if (!(level > 0 && level < 1))
        return fpa__fail(FPA_EDOM, "level is %.17g; must be in (0, 1)", level);
    for (size_t t = 0; t < count; t++)
        if (lower[t] > upper[t])
            return fpa__fail(FPA_EDOM, "lower[%zu] = %.17g exceeds upper[%zu] = "
                             "%.17g", t, lower[t], t, upper[t]);
    double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2);  /* in (0, 8.3] */
    double *par = fpa__alloc(&mc->mem, 2 * count, sizeof *par, false);
    if (!par) return FPA_ENOMEM;
    for (size_t t = 0; t < count; t++) {
        par[t] = point[t];
        par[count + t] = (upper[t] - lower[t]) / (2 * z);
    }
    fpa_status st = add_var(out_index, mc, (int)driver, FPA_SCENARIO_SET,
                            FPA_DIST_NORMAL, par, count, from, (int)when);
    fpa__free(&mc->mem, par, 2 * count, sizeof *par);
    return st;
}

fpa_status fpa_scenario_mc_correlate(fpa_scenario_mc *mc, const double *corr,
                                     size_t k)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(corr, "corr"));
    if (k != mc->n || k == 0)
        return fpa__fail(FPA_EINVAL, "k is %zu; the model has %zu variables", k,
                         mc->n);
    int when[MDL_MAX_VARS];
    for (size_t i = 0; i < k; i++) when[i] = mc->var[i].when;
    double *copy = fpa__alloc(&mc->mem, k * k, sizeof *copy, false);
    if (!copy) return FPA_ENOMEM;
    fpa_status st = mdl__cholesky(copy, corr, k, when, &mc->mem);  /* the checks */
    if (st != FPA_OK) {
        fpa__free(&mc->mem, copy, k * k, sizeof *copy);
        return st;
    }
    memcpy(copy, corr, k * k * sizeof *copy);
    drop_correlation(mc);
    mc->corr = copy;
    return FPA_OK;
}

/* ---- the run ------------------------------------------------------------------ */

/* The model's simulation of the stochastic changes, with the cash (every
 * period with the fan, else the last) and the lowest cash as outputs. */
static fpa_status model_mc(fpa_model_mc **out, const fpa_scenario_mc *mc,
                           const fpa_wc_plan *plan, double floor, bool fan,
                           const fpa_opts *opts)
{
    TRY(fpa_model_mc_new(out, plan->model, opts));
    fpa_status st = FPA_OK;
    for (size_t i = 0; i < mc->n && st == FPA_OK; i++) {
        const mc_var *v = &mc->var[i];
        st = mdl__mc_add_line(*out, (size_t)v->driver, v->op, v->dist, v->par,
                              mdl__nparams(v->dist), v->count, v->from, v->when);
    }
    if (st == FPA_OK && mc->corr) st = fpa_model_mc_correlate(*out, mc->corr, mc->n);
    if (st == FPA_OK) st = fpa_model_mc_output(*out, WC_L_CASH, fan, floor);
    if (st == FPA_OK) st = fpa_model_mc_output(*out, WC_L_LOWEST_CASH, 0, floor);
    if (st != FPA_OK) {
        fpa_model_mc_free(*out);
        *out = NULL;
    }
    return st;
}

fpa_status fpa_scenario_mc_run(fpa_scenario_mc_result **out,
                               const fpa_scenario_mc *mc, const fpa_wc_plan *plan,
                               const fpa_scenario *scn, size_t paths,
                               double cash_floor, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(wc__check_plan(plan));
    TRY(fpa__check_value(cash_floor, "cash_floor"));
    if (paths == 0) return fpa__fail(FPA_EINVAL, "paths is 0: nothing to simulate");
    /* GSL's quantile function indexes the sorted data with an int */
    if (paths > (size_t)INT_MAX)
        return fpa__fail(FPA_EINVAL, "paths is %zu; at most %d", paths, INT_MAX);
    size_t n = plan->n;
    for (size_t i = 0; i < mc->n; i++)
        if (mc->var[i].count && mc->var[i].from + mc->var[i].count > n)
            return fpa__fail(FPA_EINVAL, "variable %zu covers periods %zu .. %zu; "
                             "the plan has %zu", i, mc->var[i].from,
                             mc->var[i].from + mc->var[i].count - 1, n);
    wc__levers lv = scn__levers(scn);
    TRY(wc__run(plan, &lv, 1, NULL, 0, NULL, NULL));  /* domains */
    bool fan = fpa__opt_int(opts, FPA_OPT_SCENARIO_FAN) == 1;
    size_t fan_cells;
    if (fan && fpa__mul_overflows(paths, n, &fan_cells))
        return fpa__fail(FPA_ENOMEM, "the fan of %zu paths x %zu periods is too "
                         "large", paths, n);
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario_mc_result *res = fpa__alloc(&m, 1, sizeof *res, true);
    if (!res) return FPA_ENOMEM;
    *res = (fpa_scenario_mc_result){m, NULL, n, fan};
    fpa_model_mc *sim;
    fpa_status st = model_mc(&sim, mc, plan, cash_floor, fan, opts);
    if (st == FPA_OK) {
        st = mdl__mc_run(&res->r, sim, &lv, 1, paths, opts);
        fpa_model_mc_free(sim);
    }
    if (st != FPA_OK) {
        fpa__free(&m, res, 1, sizeof *res);
        return st;
    }
    *out = res;
    return FPA_OK;
}

void fpa_scenario_mc_result_free(fpa_scenario_mc_result *res)
{
    if (!res) return;
    fpa_mem m = res->mem;
    fpa_model_mc_result_free(res->r);
    fpa__free(&m, res, 1, sizeof *res);
}

/* ---- reading the result ---------------------------------------------------- */

size_t fpa_scenario_mc_paths(const fpa_scenario_mc_result *res)
{
    return res ? fpa_model_mc_paths(res->r) : 0;
}

uint64_t fpa_scenario_mc_clamped(const fpa_scenario_mc_result *res)
{
    return res ? fpa_model_mc_clamped(res->r) : 0;
}

/* The model line of a per-path statistic, read in the last period. */
static fpa_status pick(size_t *line, const fpa_scenario_mc_result *res, int stat)
{
    TRY(fpa__check_ptr(res, "res"));
    if (stat == FPA_MC_ENDING_CASH) *line = WC_L_CASH;
    else if (stat == FPA_MC_MIN_CASH) *line = WC_L_LOWEST_CASH;
    else return fpa__fail(FPA_EINVAL, "stat %d is not an fpa_scenario_mc_stat", stat);
    return FPA_OK;
}

static fpa_status check_p(double p)
{
    if (p >= 0 && p <= 1) return FPA_OK;
    return fpa__fail(FPA_EDOM, "p is %.17g; must be in [0, 1]", p);
}

fpa_status fpa_scenario_mc_quantile(double *out, const fpa_scenario_mc_result *res,
                                    fpa_scenario_mc_stat stat, double p)
{
    size_t line = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&line, res, (int)stat));
    TRY(check_p(p));
    return fpa_model_mc_quantile(out, res->r, line, res->n - 1, p);
}

fpa_status fpa_scenario_mc_mean(double *out, const fpa_scenario_mc_result *res,
                                fpa_scenario_mc_stat stat)
{
    size_t line = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&line, res, (int)stat));
    return fpa_model_mc_quantile(out, res->r, line, res->n - 1, NAN);
}

fpa_status fpa_scenario_mc_sorted(double *out, size_t cap,
                                  const fpa_scenario_mc_result *res,
                                  fpa_scenario_mc_stat stat)
{
    size_t line = 0;
    TRY(fpa__check_ptr(out, "out"));
    TRY(pick(&line, res, (int)stat));
    return fpa_model_mc_sorted(out, cap, res->r, line, res->n - 1);
}

fpa_status fpa_scenario_mc_breach(double *out_any, double *out_by_period,
                                  size_t cap, const fpa_scenario_mc_result *res)
{
    TRY(fpa__check_ptr(res, "res"));
    if (!out_any && !out_by_period)
        return fpa__fail(FPA_EINVAL, "both outputs are NULL");
    if (out_by_period && cap < res->n)
        return fpa__fail(FPA_ESIZE, "out_by_period holds %zu values; %zu needed",
                         cap, res->n);
    if (out_by_period) TRY(fpa_model_mc_below(out_by_period, cap, res->r, WC_L_CASH));
    /* below the floor in some period: the lowest cash below it at the end */
    if (out_any) *out_any = mdl__mc_below_share(res->r, WC_L_LOWEST_CASH, res->n - 1);
    return FPA_OK;
}

fpa_status fpa_scenario_mc_fan(double *out, size_t cap,
                               const fpa_scenario_mc_result *res, double p)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(res, "res"));
    if (!res->fan)
        return fpa__fail(FPA_EINVAL, "the simulation did not keep the fan "
                         "(FPA_OPT_SCENARIO_FAN was 0)");
    TRY(check_p(p));
    if (cap < res->n)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, res->n);
    for (size_t t = 0; t < res->n; t++)
        TRY(fpa_model_mc_quantile(&out[t], res->r, WC_L_CASH, t, p));
    return FPA_OK;
}
