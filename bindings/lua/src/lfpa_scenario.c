/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenarios, sensitivity, goal seek and Monte Carlo for Lua. A scenario
 * keeps its plan alive (its user value); a Monte Carlo model keeps its plan
 * and scenario; a result stands alone. Periods and variable numbers are
 * 1-based. */
#include "lfpa_wc.h"

#define SCN "fpa.scenario"
#define MC "fpa.monte_carlo"
#define RES "fpa.mc_result"

static const char *const ops[] = {
    [FPA_SCENARIO_SET] = "set", [FPA_SCENARIO_ADD] = "add", [FPA_SCENARIO_MUL] = "mul",
    [FPA_SCENARIO_MUL + 1] = NULL};
static const char *const metrics[] = {
    [FPA_SCENARIO_ENDING_CASH] = "ending_cash", [FPA_SCENARIO_MIN_CASH] = "min_cash",
    [FPA_SCENARIO_FUNDING_GAP] = "funding_gap", [FPA_SCENARIO_ENDING_NWC] = "ending_nwc",
    [FPA_SCENARIO_ENDING_NWC + 1] = NULL};
static const char *const dists[] = {
    [FPA_DIST_NORMAL] = "normal", [FPA_DIST_LOGNORMAL] = "lognormal",
    [FPA_DIST_UNIFORM] = "uniform", [FPA_DIST_TRIANGULAR] = "triangular",
    [FPA_DIST_PERT] = "pert", [FPA_DIST_PERT + 1] = NULL};
static const size_t nparams[] = {2, 2, 2, 3, 3};  /* per dist, as scenario.h says */
static const char *const draws[] = {
    [FPA_DRAW_EACH_PERIOD] = "each_period", [FPA_DRAW_ONCE] = "once", [FPA_DRAW_ONCE + 1] = NULL};
static const char *const stats[] = {
    [FPA_MC_ENDING_CASH] = "ending_cash", [FPA_MC_MIN_CASH] = "min_cash",
    [FPA_MC_MIN_CASH + 1] = NULL};

/* Option-table fields that are arguments, not fpa options. */
static const char *const arg_fields[] = {"metric", "floor", "start", "draw", "level", "mode",
                                         NULL};
static const char *const goal_modes[] = {
    [FPA_GOAL_EQUAL] = "equal", [FPA_GOAL_LOWEST_AT_LEAST] = "lowest_at_least",
    [FPA_GOAL_HIGHEST_AT_LEAST] = "highest_at_least",
    [FPA_GOAL_LOWEST_AT_MOST] = "lowest_at_most",
    [FPA_GOAL_HIGHEST_AT_MOST] = "highest_at_most", [FPA_GOAL_HIGHEST_AT_MOST + 1] = NULL};

static fpa_scenario *scn_arg(lua_State *L, int idx) { return lfpa_wc_object(L, idx, SCN); }

static fpa_wc_plan *scn_plan(lua_State *L, int idx)
{
    lua_getiuservalue(L, idx, 1);
    fpa_wc_plan *p = lfpa_wc_plan_arg(L, -1);
    lua_pop(L, 1);  /* still referenced by the scenario */
    return p;
}

/* The arguments of an option table at idx that are not fpa options. */
static void check_opts(lua_State *L, int idx)
{
    lfpa_opts(L, idx, "scenario", arg_fields);
    lua_pop(L, 1);
}

static size_t opt_start(lua_State *L, int idx)
{
    if (!lua_istable(L, idx)) return 0;
    lua_getfield(L, idx, "start");
    size_t s = lfpa_wc_period(L, -1, "start");
    lua_pop(L, 1);
    return s;
}

/* ---- scenarios ----------------------------------------------------------- */

/* driver, op, value, start at idx .. idx+3 */
static void add_change(lua_State *L, fpa_scenario *s, int idx)
{
    int d = lfpa_choice(L, idx, "driver", NULL, lfpa_wc_drivers);
    int op = lfpa_choice(L, idx + 1, "op", NULL, ops);
    double v = lfpa_wc_num(L, idx + 2, "value");
    lfpa_check(L, fpa_scenario_add(s, (fpa_wc_driver)d, (fpa_scenario_op)op, v,
                                   lfpa_wc_period(L, idx + 3, "start")));
}

/* fpa.scenario(plan[, {{driver, op, value[, start]}, ...}]) */
static int l_scenario(lua_State *L)
{
    lua_settop(L, 2);
    lfpa_wc_plan_arg(L, 1);
    void **slot = lfpa_newobject(L, SCN);  /* before the scenario: nothing can leak */
    lfpa_check(L, fpa_scenario_new((fpa_scenario **)slot, NULL));
    fpa_scenario *s = *slot;
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, 3, 1);
    if (!lua_isnil(L, 2)) {
        if (!lua_istable(L, 2)) lfpa_error(L, FPA_EINVAL, "changes must be a table");
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 2); i++) {
            lua_rawgeti(L, 2, i);
            if (!lua_istable(L, -1))
                lfpa_error(L, FPA_EINVAL, "changes[%d] must be {driver, op, value[, start]}",
                           (int)i);
            int t = lua_gettop(L);
            for (int k = 1; k <= 4; k++) lua_rawgeti(L, t, k);
            add_change(L, s, t + 1);
            lua_settop(L, 3);
        }
    }
    lua_settop(L, 3);
    return 1;
}

/* scn:add(driver, op, value[, start]) -> scn */
static int s_add(lua_State *L)
{
    lua_settop(L, 5);
    add_change(L, scn_arg(L, 1), 2);
    lua_settop(L, 1);
    return 1;
}

static int s_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_scenario_count(scn_arg(L, 1)));
    return 1;
}

static int s_plan(lua_State *L)
{
    scn_arg(L, 1);
    lua_getiuservalue(L, 1, 1);
    return 1;
}

static int s_drivers(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    fpa_wc_driver d = (fpa_wc_driver)lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    size_t n = fpa_wc_plan_periods(p);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_scenario_drivers(out, n, p, s, d));
    lfpa_push_doubles(L, out, n);
    return 1;
}

static int s_project(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    size_t nl, n = fpa_wc_plan_periods(p);
    int single;
    fpa_wc_line *lines = lfpa_wc_lines_arg(L, 2, &nl, &single);
    double *out = lfpa_scratch(L, nl * n, sizeof *out);
    lfpa_check(L, fpa_scenario_project(out, nl * n, p, s, lines, nl));
    lfpa_wc_push_lines(L, out, n, lines, nl, single);
    return 1;
}

/* scn:compare([floor]) -> {released, cumulative, gap, min_cash, min_period, peak_gap} */
static int s_compare(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    double floor = lua_isnil(L, 2) ? 0 : lfpa_wc_num(L, 2, "floor"), min_cash, peak;
    size_t n = fpa_wc_plan_periods(p), min_period;
    double *out = lfpa_scratch(L, 3 * n, sizeof *out);
    lfpa_check(L, fpa_scenario_compare(out, out + n, out + 2 * n, &min_cash, &min_period, &peak,
                                       p, s, floor, n));
    static const char *const names[3] = {"released", "cumulative", "gap"};
    lua_createtable(L, 0, 6);
    for (int k = 0; k < 3; k++) {
        lfpa_push_doubles(L, out + (size_t)k * n, n);
        lua_setfield(L, -2, names[k]);
    }
    lua_pushnumber(L, min_cash);
    lua_setfield(L, -2, "min_cash");
    lua_pushinteger(L, (lua_Integer)min_period + 1);
    lua_setfield(L, -2, "min_period");
    lua_pushnumber(L, peak);
    lua_setfield(L, -2, "peak_gap");
    return 1;
}

/* scn:metric([metric[, floor]]) */
static int s_metric(lua_State *L)
{
    lua_settop(L, 3);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    int m = lfpa_choice(L, 2, "metric", "min_cash", metrics);
    double out, floor = lua_isnil(L, 3) ? 0 : lfpa_wc_num(L, 3, "floor");
    lfpa_check(L, fpa_scenario_metric_value(&out, p, s, (fpa_scenario_metric)m, floor));
    lua_pushnumber(L, out);
    return 1;
}

/* scn:tornado({{driver, op, low, high[, start]}, ...}[, {metric=, floor=}])
 * -> low, high, base */
static int s_tornado(lua_State *L)
{
    lua_settop(L, 3);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    if (!lua_istable(L, 2)) return lfpa_error(L, FPA_EINVAL, "bars must be a table");
    check_opts(L, 3);
    int m = lfpa_opt_choice(L, 3, "metric", "min_cash", metrics);
    double floor = lfpa_opt_number(L, 3, "floor", 0), base;
    size_t k = (size_t)lua_rawlen(L, 2);
    if (k == 0) return lfpa_error(L, FPA_EINVAL, "bars is empty");
    fpa_wc_driver *d = lfpa_scratch(L, k, sizeof *d);
    fpa_scenario_op *op = lfpa_scratch(L, k, sizeof *op);
    double *lo = lfpa_scratch(L, k, sizeof *lo), *hi = lfpa_scratch(L, k, sizeof *hi);
    size_t *from = lfpa_scratch(L, k, sizeof *from);
    double *out = lfpa_scratch(L, 2 * k, sizeof *out);
    int top = lua_gettop(L);
    for (size_t i = 0; i < k; i++) {
        lua_rawgeti(L, 2, (lua_Integer)i + 1);
        if (!lua_istable(L, -1))
            lfpa_error(L, FPA_EINVAL, "bars[%d] must be {driver, op, low, high[, start]}",
                       (int)i + 1);
        for (int j = 1; j <= 5; j++) lua_rawgeti(L, top + 1, j);
        d[i] = (fpa_wc_driver)lfpa_choice(L, top + 2, "driver", NULL, lfpa_wc_drivers);
        op[i] = (fpa_scenario_op)lfpa_choice(L, top + 3, "op", NULL, ops);
        lo[i] = lfpa_wc_num(L, top + 4, "low");
        hi[i] = lfpa_wc_num(L, top + 5, "high");
        from[i] = lfpa_wc_period(L, top + 6, "start");
        lua_settop(L, top);
    }
    lfpa_check(L, fpa_scenario_tornado(out, out + k, &base, p, s, d, op, lo, hi, from, k,
                                       (fpa_scenario_metric)m, floor));
    lfpa_push_doubles(L, out, k);
    lfpa_push_doubles(L, out + k, k);
    lua_pushnumber(L, base);
    return 3;
}

/* {driver, op, values} at idx; the values stay on the stack */
static double *axis(lua_State *L, int idx, const char *what, int *d, int *op, size_t *n)
{
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be {driver, op, values}", what);
    lua_rawgeti(L, idx, 1);
    *d = lfpa_choice(L, -1, "driver", NULL, lfpa_wc_drivers);
    lua_rawgeti(L, idx, 2);
    *op = lfpa_choice(L, -1, "op", NULL, ops);
    lua_pop(L, 2);
    lua_rawgeti(L, idx, 3);
    double *v = lfpa_doubles(L, -1, n, 1, what);
    lua_remove(L, -2);
    return v;
}

/* scn:table({driver, op, row_values}, {driver, op, col_values}
 *           [, {start=, metric=, floor=, threads=, progress=}]) -> rows of cells */
static int s_table(lua_State *L)
{
    lua_settop(L, 4);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    fpa_opts *opts = lfpa_opts(L, 4, "scenario", arg_fields);
    int rd, ro, cd, co;
    size_t nr, nc;
    double *rv = axis(L, 2, "rows", &rd, &ro, &nr), *cv = axis(L, 3, "cols", &cd, &co, &nc);
    int m = lfpa_opt_choice(L, 4, "metric", "ending_cash", metrics);
    double floor = lfpa_opt_number(L, 4, "floor", 0);
    double *out = lfpa_scratch(L, nr * nc, sizeof *out);
    size_t start = opt_start(L, 4);
    lfpa_check(L, fpa_scenario_table(out, nr * nc, p, s, (fpa_wc_driver)rd, (fpa_scenario_op)ro,
                                     rv, nr, (fpa_wc_driver)cd, (fpa_scenario_op)co, cv, nc,
                                     start, (fpa_scenario_metric)m, floor, opts));
    lua_createtable(L, (int)nr, 0);
    for (size_t i = 0; i < nr; i++) {
        lfpa_push_doubles(L, out + i * nc, nc);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* scn:goal_seek(driver, op, lo, hi, target[, {metric=, start=, floor=, mode=}]):
 * mode "equal" (the default) is fpa_scenario_goal_seek, the others
 * fpa_scenario_goal_solve's constraint forms */
static int s_goal_seek(lua_State *L)
{
    lua_settop(L, 7);
    fpa_scenario *s = scn_arg(L, 1);
    fpa_wc_plan *p = scn_plan(L, 1);
    int d = lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    int op = lfpa_choice(L, 3, "op", NULL, ops);
    double lo = lfpa_wc_num(L, 4, "lo"), hi = lfpa_wc_num(L, 5, "hi");
    double target = lfpa_wc_num(L, 6, "target"), out;
    check_opts(L, 7);
    int m = lfpa_opt_choice(L, 7, "metric", "min_cash", metrics);
    int mode = lfpa_opt_choice(L, 7, "mode", "equal", goal_modes);
    double floor = lfpa_opt_number(L, 7, "floor", 0);
    size_t start = opt_start(L, 7);
    if (mode == FPA_GOAL_EQUAL) {
        lfpa_check(L, fpa_scenario_goal_seek(&out, p, s, (fpa_wc_driver)d, (fpa_scenario_op)op,
                                             start, lo, hi, (fpa_scenario_metric)m, floor,
                                             target));
    } else {
        fpa_scenario_goal *g;
        lfpa_check(L, fpa_scenario_goal_new(&g, (fpa_wc_driver)d, (fpa_scenario_op)op, start,
                                            lo, hi, NULL));
        fpa_status st = fpa_scenario_goal_solve(&out, p, s, g, (fpa_goal_mode)mode,
                                                (fpa_scenario_metric)m, floor, target);
        fpa_scenario_goal_free(g);  /* before a Lua error can jump past it */
        lfpa_check(L, st);
    }
    lua_pushnumber(L, out);
    return 1;
}

/* ---- Monte Carlo ----------------------------------------------------------- */

static fpa_scenario_mc *mc_arg(lua_State *L, int idx) { return lfpa_wc_object(L, idx, MC); }

/* The plan and scenario (or NULL) of the model at idx: its user value is
 * {plan, scenario}. */
static fpa_wc_plan *mc_plan(lua_State *L, int idx, fpa_scenario **scn)
{
    lua_getiuservalue(L, idx, 1);
    lua_rawgeti(L, -1, 1);
    fpa_wc_plan *p = lfpa_wc_plan_arg(L, -1);
    lua_rawgeti(L, -2, 2);
    *scn = lua_isnil(L, -1) ? NULL : scn_arg(L, -1);
    lua_pop(L, 3);
    return p;
}

/* fpa.monte_carlo(plan[, scenario]) or fpa.monte_carlo(scenario) */
static int l_monte_carlo(lua_State *L)
{
    lua_settop(L, 2);
    if (luaL_testudata(L, 1, SCN)) {
        if (lua_isnil(L, 2)) {
            lua_pushvalue(L, 1);
            lua_replace(L, 2);
        }
        scn_arg(L, 1);
        lua_getiuservalue(L, 1, 1);
        lua_replace(L, 1);
    }
    lfpa_wc_plan_arg(L, 1);
    if (!lua_isnil(L, 2)) scn_arg(L, 2);
    void **slot = lfpa_newobject(L, MC);
    lfpa_check(L, fpa_scenario_mc_new((fpa_scenario_mc **)slot, NULL));
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 2);
    lua_setiuservalue(L, 3, 1);
    return 1;
}

static int push_index(lua_State *L, size_t idx)
{
    lua_pushinteger(L, (lua_Integer)idx + 1);
    return 1;
}

/* mc:add(driver, op, dist, params[, {start=, draw=}]) -> variable number */
static int m_add(lua_State *L)
{
    lua_settop(L, 6);
    fpa_scenario_mc *mc = mc_arg(L, 1);
    int d = lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    int op = lfpa_choice(L, 3, "op", NULL, ops);
    int dist = lfpa_choice(L, 4, "dist", NULL, dists);
    size_t np, idx;
    double *par = lfpa_doubles(L, 5, &np, 0, "params");
    check_opts(L, 6);
    int when = lfpa_opt_choice(L, 6, "draw", "each_period", draws);
    lfpa_check(L, fpa_scenario_mc_add(&idx, mc, (fpa_wc_driver)d, (fpa_scenario_op)op,
                                      (fpa_scenario_dist)dist, par, np, opt_start(L, 6),
                                      (fpa_scenario_draw)when));
    return push_index(L, idx);
}

/* mc:add_series(driver, op, dist, {param1_by_period, param2_by_period, ...}
 *               [, {start=, draw=}]) */
static int m_add_series(lua_State *L)
{
    lua_settop(L, 6);
    fpa_scenario_mc *mc = mc_arg(L, 1);
    int d = lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    int op = lfpa_choice(L, 3, "op", NULL, ops);
    int dist = lfpa_choice(L, 4, "dist", NULL, dists);
    size_t np = nparams[dist], count = 0, idx;
    if (!lua_istable(L, 5) || (size_t)lua_rawlen(L, 5) != np)
        return lfpa_error(L, FPA_EINVAL, "params must be a table of %d tables (one per "
                          "parameter of %s, each with a value per period)", (int)np, dists[dist]);
    check_opts(L, 6);
    int when = lfpa_opt_choice(L, 6, "draw", "each_period", draws);
    double *row[3];
    for (size_t k = 0; k < np; k++) {
        size_t len;
        lua_rawgeti(L, 5, (lua_Integer)k + 1);
        row[k] = lfpa_doubles(L, -1, &len, 1, "params row");
        if (k && len != count)
            lfpa_error(L, FPA_EINVAL, "params[%d] has %d values, params[1] %d", (int)k + 1,
                       (int)len, (int)count);
        count = len;
    }
    double *par = lfpa_scratch(L, np * count, sizeof *par);
    for (size_t k = 0; k < np; k++)
        for (size_t t = 0; t < count; t++) par[k * count + t] = row[k][t];
    lfpa_check(L, fpa_scenario_mc_add_series(&idx, mc, (fpa_wc_driver)d, (fpa_scenario_op)op,
                                             (fpa_scenario_dist)dist, par, count,
                                             opt_start(L, 6), (fpa_scenario_draw)when));
    return push_index(L, idx);
}

/* mc:add_interval(driver, point, lower, upper[, {level=0.8, start=, draw=}]) */
static int m_add_interval(lua_State *L)
{
    lua_settop(L, 6);
    fpa_scenario_mc *mc = mc_arg(L, 1);
    int d = lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    size_t n, nl, nu, idx;
    double *pt = lfpa_doubles(L, 3, &n, 1, "point");
    double *lo = lfpa_doubles(L, 4, &nl, 0, "lower");
    double *hi = lfpa_doubles(L, 5, &nu, 0, "upper");
    if (nl != n || nu != n)
        return lfpa_error(L, FPA_EINVAL, "lower has %d and upper %d values for %d points",
                          (int)nl, (int)nu, (int)n);
    check_opts(L, 6);
    int when = lfpa_opt_choice(L, 6, "draw", "each_period", draws);
    lfpa_check(L, fpa_scenario_mc_add_interval(&idx, mc, (fpa_wc_driver)d, pt, lo, hi, n,
                                               lfpa_opt_number(L, 6, "level", 0.8),
                                               opt_start(L, 6), (fpa_scenario_draw)when));
    return push_index(L, idx);
}

/* mc:correlate({{1, r}, {r, 1}}) */
static int m_correlate(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario_mc *mc = mc_arg(L, 1);
    if (!lua_istable(L, 2)) return lfpa_error(L, FPA_EINVAL, "corr must be a table of rows");
    size_t k = (size_t)lua_rawlen(L, 2);
    double *c = lfpa_scratch(L, k * k, sizeof *c);
    for (size_t i = 0; i < k; i++) {
        size_t len;
        lua_rawgeti(L, 2, (lua_Integer)i + 1);
        double *r = lfpa_doubles(L, -1, &len, 0, "corr row");
        if (len != k)
            lfpa_error(L, FPA_EINVAL, "corr[%d] has %d values; the matrix must be %d x %d",
                       (int)i + 1, (int)len, (int)k, (int)k);
        for (size_t j = 0; j < k; j++) c[i * k + j] = r[j];
        lua_pop(L, 2);
    }
    lfpa_check(L, fpa_scenario_mc_correlate(mc, c, k));
    return 0;
}

/* mc:run(paths[, {floor=, threads=, seed=, fan=, progress=}]) -> result */
static int m_run(lua_State *L)
{
    static const char *const skip[] = {"floor", NULL};
    lua_settop(L, 3);
    fpa_scenario_mc *mc = mc_arg(L, 1);
    fpa_scenario *s;
    fpa_wc_plan *p = mc_plan(L, 1, &s);
    size_t paths = lfpa_count(L, 2, "paths", 0);
    fpa_opts *opts = lfpa_opts(L, 3, "scenario", skip);
    double floor = lfpa_opt_number(L, 3, "floor", 0);
    void **slot = lfpa_newobject(L, RES);
    lfpa_check(L, fpa_scenario_mc_run((fpa_scenario_mc_result **)slot, mc, p, s, paths, floor,
                                      opts));
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)fpa_wc_plan_periods(p));
    lua_setfield(L, -2, "periods");
    lua_pushnumber(L, floor);
    lua_setfield(L, -2, "floor");
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/* ---- results ----------------------------------------------------------------- */

static fpa_scenario_mc_result *res_arg(lua_State *L, int idx)
{
    return lfpa_wc_object(L, idx, RES);
}

static double res_info(lua_State *L, int idx, const char *field)
{
    lua_getiuservalue(L, idx, 1);
    lua_getfield(L, -1, field);
    double v = lua_tonumber(L, -1);
    lua_pop(L, 2);
    return v;
}

static int r_paths(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_scenario_mc_paths(res_arg(L, 1)));
    return 1;
}

static int r_clamped(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_scenario_mc_clamped(res_arg(L, 1)));
    return 1;
}

static int r_periods(lua_State *L)
{
    res_arg(L, 1);
    lua_pushinteger(L, (lua_Integer)res_info(L, 1, "periods"));
    return 1;
}

static int r_floor(lua_State *L)
{
    res_arg(L, 1);
    lua_pushnumber(L, res_info(L, 1, "floor"));
    return 1;
}

/* r:quantile(p[, stat]) -> number, or a table for a table of p */
static int r_quantile(lua_State *L)
{
    lua_settop(L, 3);
    fpa_scenario_mc_result *r = res_arg(L, 1);
    fpa_scenario_mc_stat st =
        (fpa_scenario_mc_stat)lfpa_choice(L, 3, "stat", "ending_cash", stats);
    double q;
    if (!lua_istable(L, 2)) {
        lfpa_check(L, fpa_scenario_mc_quantile(&q, r, st, lfpa_wc_num(L, 2, "p")));
        lua_pushnumber(L, q);
        return 1;
    }
    size_t n;
    double *p = lfpa_doubles(L, 2, &n, 1, "p");
    for (size_t i = 0; i < n; i++) {
        lfpa_check(L, fpa_scenario_mc_quantile(&q, r, st, p[i]));
        p[i] = q;
    }
    lfpa_push_doubles(L, p, n);
    return 1;
}

/* r:cash_at_risk([level = 0.95]) -> number */
static int r_cash_at_risk(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario_mc_result *r = res_arg(L, 1);
    double level = lua_isnoneornil(L, 2) ? 0.95 : lfpa_wc_num(L, 2, "level"), out;
    lfpa_check(L, fpa_scenario_mc_cash_at_risk(&out, r, level));
    lua_pushnumber(L, out);
    return 1;
}

static int r_mean(lua_State *L)
{
    lua_settop(L, 2);
    double out;
    fpa_scenario_mc_result *r = res_arg(L, 1);
    fpa_scenario_mc_stat st = (fpa_scenario_mc_stat)lfpa_choice(L, 2, "stat", "ending_cash", stats);
    lfpa_check(L, fpa_scenario_mc_mean(&out, r, st));
    lua_pushnumber(L, out);
    return 1;
}

static int r_sorted(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario_mc_result *r = res_arg(L, 1);
    size_t n = fpa_scenario_mc_paths(r);
    double *out = lfpa_scratch(L, n, sizeof *out);
    fpa_scenario_mc_stat st = (fpa_scenario_mc_stat)lfpa_choice(L, 2, "stat", "ending_cash", stats);
    lfpa_check(L, fpa_scenario_mc_sorted(out, n, r, st));
    lfpa_push_doubles(L, out, n);
    return 1;
}

/* r:breach() -> probability over the horizon, probabilities by period */
static int r_breach(lua_State *L)
{
    fpa_scenario_mc_result *r = res_arg(L, 1);
    size_t n = (size_t)res_info(L, 1, "periods");
    double any, *by = lfpa_scratch(L, n, sizeof *by);
    lfpa_check(L, fpa_scenario_mc_breach(&any, by, n, r));
    lua_pushnumber(L, any);
    lfpa_push_doubles(L, by, n);
    return 2;
}

/* r:fan(p) -> cash percentile by period; a table of p gives a table of those */
static int r_fan(lua_State *L)
{
    lua_settop(L, 2);
    fpa_scenario_mc_result *r = res_arg(L, 1);
    size_t n = (size_t)res_info(L, 1, "periods"), np = 1;
    int many = lua_istable(L, 2);
    double one = many ? 0 : lfpa_wc_num(L, 2, "p");
    double *p = many ? lfpa_doubles(L, 2, &np, 1, "p") : &one;
    double *out = lfpa_scratch(L, n * np, sizeof *out);
    for (size_t i = 0; i < np; i++) lfpa_check(L, fpa_scenario_mc_fan(out + i * n, n, r, p[i]));
    if (!many) {
        lfpa_push_doubles(L, out, n);
        return 1;
    }
    lua_createtable(L, (int)np, 0);
    for (size_t i = 0; i < np; i++) {
        lfpa_push_doubles(L, out + i * n, n);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static void scn_free(void *s) { fpa_scenario_free(s); }
static void mc_free(void *mc) { fpa_scenario_mc_free(mc); }
static void res_free(void *r) { fpa_scenario_mc_result_free(r); }

void lfpa_open_scenario(lua_State *L)
{
    static const luaL_Reg scn_methods[] = {
        {"add", s_add},         {"count", s_count},     {"plan", s_plan},
        {"drivers", s_drivers}, {"project", s_project}, {"compare", s_compare},
        {"metric", s_metric},   {"tornado", s_tornado}, {"table", s_table},
        {"goal_seek", s_goal_seek}, {NULL, NULL},
    };
    static const luaL_Reg mc_methods[] = {
        {"add", m_add}, {"add_series", m_add_series}, {"add_interval", m_add_interval},
        {"correlate", m_correlate}, {"run", m_run}, {NULL, NULL},
    };
    static const luaL_Reg res_methods[] = {
        {"paths", r_paths},       {"clamped", r_clamped}, {"periods", r_periods},
        {"floor", r_floor},       {"quantile", r_quantile}, {"mean", r_mean},
        {"cash_at_risk", r_cash_at_risk},
        {"sorted", r_sorted},     {"breach", r_breach},   {"fan", r_fan},
        {NULL, NULL},
    };
    lfpa_newclass(L, SCN, scn_methods, scn_free);
    luaL_getmetatable(L, SCN);
    lua_pushcfunction(L, s_count);
    lua_setfield(L, -2, "__len");
    lua_pop(L, 1);
    lfpa_newclass(L, MC, mc_methods, mc_free);
    lfpa_newclass(L, RES, res_methods, res_free);
    static const luaL_Reg fns[] = {
        {"scenario", l_scenario}, {"monte_carlo", l_monte_carlo}, {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
