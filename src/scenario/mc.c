/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monte Carlo cash-at-risk: the plan's model simulated by the model's
 * Monte Carlo (src/model/mc.c), its cash kept for the fan and its lowest
 * cash for the minimum. A model of stochastic changes is kept by driver
 * until a run, because it is made without a plan. */
#include "scenario_internal.h"

#include "../model/draws.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The variables, by driver (the plan's model has the drivers as its first
 * lines), in a simulation bound to a plan's model at each run. */
struct fpa_scenario_mc {
    fpa_model_mc *vars;
};

struct fpa_scenario_mc_result {
    fpa_mem mem;
    fpa_model_mc_result *r;
    size_t n;
    bool fan;
};

/* ---- the model ----------------------------------------------------------- */

fpa_status fpa_scenario_mc_new(fpa_scenario_mc **out, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    fpa_model_mc *vars;
    TRY(mdl__mc_new_detached(&vars, opts));
    fpa_mem m = fpa__mem_of(opts);
    fpa_scenario_mc *mc = fpa__alloc(&m, 1, sizeof *mc, true);
    if (!mc) {
        fpa_model_mc_free(vars);
        return FPA_ENOMEM;
    }
    mc->vars = vars;
    *out = mc;
    return FPA_OK;
}

void fpa_scenario_mc_free(fpa_scenario_mc *mc)
{
    if (!mc) return;
    fpa_mem m = mdl__mc_mem(mc->vars);
    fpa_model_mc_free(mc->vars);
    fpa__free(&m, mc, 1, sizeof *mc);
}

/* The index the variable about to be added gets. */
static fpa_status added(size_t *out_index, const fpa_scenario_mc *mc, fpa_status st)
{
    if (st == FPA_OK && out_index) *out_index = fpa_model_mc_count(mc->vars) - 1;
    return st;
}

static fpa_status check_args(const fpa_scenario_mc *mc, const void *params, int driver)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(fpa__check_ptr(params, "params"));
    return wc__check_driver(driver);
}

fpa_status fpa_scenario_mc_add(size_t *out_index, fpa_scenario_mc *mc,
                               fpa_wc_driver driver, fpa_scenario_op op,
                               fpa_scenario_dist dist, const double *params,
                               size_t nparams, size_t from,
                               fpa_scenario_draw when)
{
    TRY(check_args(mc, params, (int)driver));
    return added(out_index, mc, mdl__mc_add_line(mc->vars, (size_t)driver, (int)op, (int)dist,
                                                 params, nparams, 0, from, (int)when));
}

fpa_status fpa_scenario_mc_add_series(size_t *out_index, fpa_scenario_mc *mc,
                                      fpa_wc_driver driver, fpa_scenario_op op,
                                      fpa_scenario_dist dist,
                                      const double *params, size_t count,
                                      size_t from, fpa_scenario_draw when)
{
    if (count == 0) return fpa__fail(FPA_EINVAL, "count is 0");
    TRY(check_args(mc, params, (int)driver));
    return added(out_index, mc, mdl__mc_add_line(mc->vars, (size_t)driver, (int)op, (int)dist,
                                                 params, 0, count, from, (int)when));
}

fpa_status fpa_scenario_mc_add_interval(size_t *out_index, fpa_scenario_mc *mc,
                                        fpa_wc_driver driver, const double *point,
                                        const double *lower, const double *upper,
                                        size_t count, double level, size_t from,
                                        fpa_scenario_draw when)
{
    TRY(fpa__check_ptr(mc, "mc"));
    TRY(wc__check_driver((int)driver));
    return added(out_index, mc, mdl__mc_add_interval(mc->vars, (size_t)driver, point, lower,
                                                     upper, count, level, from, (int)when));
}

fpa_status fpa_scenario_mc_correlate(fpa_scenario_mc *mc, const double *corr, size_t k)
{
    TRY(fpa__check_ptr(mc, "mc"));
    return fpa_model_mc_correlate(mc->vars, corr, k);
}

/* ---- the run ------------------------------------------------------------------ */

/* The plan's model simulated with the stochastic changes, keeping the
 * cash (every period with the fan, else the last) and the lowest cash. */
static fpa_status model_mc(fpa_model_mc **out, const fpa_scenario_mc *mc,
                           const fpa_wc_plan *plan, double floor, bool fan,
                           const fpa_opts *opts)
{
    TRY(mdl__mc_bind(out, mc->vars, plan->model, opts));
    fpa_status st = fpa_model_mc_output(*out, WC_L_CASH, fan, floor);
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
