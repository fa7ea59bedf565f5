/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The planning model for Lua: fpa.model{...} builds a model from a table in
 * the JSON model format of docs/model.md; results are tables keyed by line
 * name, one value per period (periods 1-based, or "YYYY-MM"). A scenario
 * and a simulation keep their model alive (their user value). Long calls
 * take opts.progress, as every long call does (lfpa_opts, README). */
#include "lfpa_wc.h"

#include <math.h>
#include <string.h>

#define MODEL "fpa.model"
#define MSCN "fpa.model_scenario"
#define MMC "fpa.model_mc"
#define MRES "fpa.model_mc_result"
#define MLEV "fpa.model_levers"

static const char *const rels[] = {
    "sum", "diff", "product", "ratio", "pct_of", "lag", "lead", "cumsum", "delta", "balance",
    "step", "ramp", "min", "max", "clamp", "running_min", "running_max", NULL};
static const char *const roles[] = {
    "revenue", "cogs", "opex", "depreciation", "tax_rate", "debt_rate", "revolver_rate",
    "cash_rate", "receivables", "inventory", "payables", "other_assets", "other_liabilities",
    "capex", "debt_draw", "debt_repayment", "equity_issue", "dividend", "cash_floor",
    "revolver_limit", NULL};
static const char *const calendars[] = {"month", "quarter", "week", NULL};
static const char *const ops[] = {"set", "add", "mul", NULL};
static const char *const dists[] = {"normal", "lognormal", "uniform", "triangular", "pert", NULL};
static const char *const draws[] = {"each_period", "once", NULL};
static const char *const modes[] = {"equal", "lowest_at_least", "highest_at_least",
                                    "lowest_at_most", "highest_at_most", NULL};
static const char *const units[] = {"contribution", "contribution_ratio", "break_even_units",
                                    "break_even_revenue", "cac_payback", NULL};
static const char *const fields[] = {"scenario", "mode", "start", "draw", "every",
                                     "threshold", "cols", NULL};

static fpa_model *model_arg(lua_State *L, int idx) { return lfpa_wc_object(L, idx, MODEL); }

/* ---- periods ------------------------------------------------------------------ */

/* A period: a number from 1, or "YYYY-MM" in the model's calendar. */
static size_t period_arg(lua_State *L, int idx, const fpa_model *m, const char *what)
{
    if (lua_type(L, idx) != LUA_TSTRING) return lfpa_wc_period(L, idx, what);
    const char *text = lua_tostring(L, idx);
    int y, mo;
    int64_t day;
    if (sscanf(text, "%d-%d", &y, &mo) != 2)
        lfpa_error(L, FPA_EINVAL, "%s \"%s\" is not YYYY-MM", what, text);
    lfpa_check(L, fpa_date_from_ymd(&day, y, mo, 1));
    size_t n = fpa_model_periods(m);
    int64_t *b = lfpa_scratch(L, n + 1, sizeof *b);
    lfpa_check(L, fpa_model_period_bounds(b, n + 1, m));
    for (size_t t = 0; t < n; t++)
        if (b[t] == day) return t;
    return (size_t)lfpa_error(L, FPA_EINVAL, "%s \"%s\" is not a period of the model", what,
                              text);
}

/* ---- building ---------------------------------------------------------------- */

static const char *str_field(lua_State *L, int idx, const char *field, const char *what)
{
    lua_getfield(L, idx, field);
    const char *s = lua_isnil(L, -1) ? NULL : lua_tostring(L, -1);
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
        lfpa_error(L, FPA_EINVAL, "%s.%s must be a string", what, field);
    lua_pop(L, 1);  /* still referenced by the spec table */
    return s;
}

/* The names of a sequence (or a single string) at idx, in userdata. */
static const char **names_arg(lua_State *L, int idx, size_t *n, const char *what)
{
    idx = lua_absindex(L, idx);
    if (lua_isnoneornil(L, idx)) {
        *n = 0;
        return lfpa_scratch(L, 1, sizeof(char *));
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        *n = 1;
        const char **p = lfpa_scratch(L, 1, sizeof *p);
        p[0] = lua_tostring(L, idx);
        return p;
    }
    if (!lua_istable(L, idx)) lfpa_error(L, FPA_EINVAL, "%s must be a name or a list", what);
    *n = (size_t)lua_rawlen(L, idx);
    const char **p = lfpa_scratch(L, *n ? *n : 1, sizeof *p);
    for (size_t k = 0; k < *n; k++) {
        lua_rawgeti(L, idx, (lua_Integer)k + 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            lfpa_error(L, FPA_EINVAL, "%s[%d] must be a string", what, (int)k + 1);
        p[k] = lua_tostring(L, -1);
        lua_pop(L, 1);  /* the table keeps it */
    }
    return p;
}

static void add_line(lua_State *L, fpa_model *m, int idx, int k)
{
    char what[32];
    snprintf(what, sizeof what, "lines[%d]", k);
    const char *name = str_field(L, idx, "name", what), *rel = str_field(L, idx, "rel", what);
    if (!name) lfpa_error(L, FPA_EINVAL, "%s needs a name", what);
    int top = lua_gettop(L);
    lua_getfield(L, idx, "input");
    if (!lua_isnil(L, -1)) {
        size_t n;
        double one, *v = &one;
        if (lua_type(L, -1) == LUA_TNUMBER) one = lua_tonumber(L, -1), n = 1;
        else v = lfpa_doubles(L, -1, &n, 1, what);
        lfpa_check(L, fpa_model_input(m, name, v, n));
    } else if (rel) {
        size_t nin, np;
        lua_getfield(L, idx, "of");
        const char **in = names_arg(L, -1, &nin, "of");
        lua_getfield(L, idx, "params");
        double *p = lua_isnil(L, -1) ? NULL : lfpa_doubles(L, -1, &np, 0, "params");
        if (!p) np = 0;
        lua_pushstring(L, rel);
        int r = lfpa_choice(L, -1, "rel", NULL, rels);
        lfpa_check(L, fpa_model_relation(m, name, (fpa_model_rel)r, in, nin, p, np));
    } else {
        lfpa_error(L, FPA_EINVAL, "%s (%s) needs input or rel", what, name);
    }
    lua_settop(L, top);
}

/* Openings, floors and natures of the lines, once every line exists. */
static void line_extras(lua_State *L, fpa_model *m, int idx)
{
    const char *name = str_field(L, idx, "name", "line");
    lua_getfield(L, idx, "opening");
    if (!lua_isnil(L, -1)) lfpa_check(L, fpa_model_set_opening(m, name, lfpa_wc_num(L, -1, "opening")));
    lua_getfield(L, idx, "floor");
    if (!lua_isnil(L, -1)) lfpa_check(L, fpa_model_set_floor(m, name, lfpa_wc_num(L, -1, "floor")));
    lua_getfield(L, idx, "nature");
    if (!lua_isnil(L, -1)) {
        static const char *const natures[] = {"revenue", "cost", NULL};
        lfpa_check(L, fpa_model_set_nature(m, name, (fpa_nature)lfpa_choice(L, -1, "nature",
                                                                            NULL, natures)));
    }
    lua_pop(L, 3);
}

/* fpa.model{periods=, start=, calendar=, day_basis=, lines={...},
 * links={...}, openings={...}} -> a built model */
static int l_model(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_getfield(L, 1, "periods");
    size_t n = lfpa_count(L, -1, "periods", 0);
    const char *start = str_field(L, 1, "start", "model");
    const char *cal = str_field(L, 1, "calendar", "model");
    int y = 1970, mo = 1, d = 1;
    if (start && sscanf(start, "%d-%d-%d", &y, &mo, &d) < 2)
        lfpa_error(L, FPA_EINVAL, "start \"%s\" is not YYYY-MM", start);
    int64_t day;
    lfpa_check(L, fpa_date_from_ymd(&day, y, mo, d));
    lua_pushstring(L, cal ? cal : "month");
    int c = lfpa_choice(L, -1, "calendar", NULL, calendars);
    fpa_opts *opts = NULL;
    lua_getfield(L, 1, "day_basis");
    if (!lua_isnil(L, -1)) {
        static const char *const bases[] = {"actual", "30/360", "365", NULL};
        int basis = lfpa_choice(L, -1, "day_basis", NULL, bases);
        lua_newtable(L);
        lua_pushinteger(L, basis);
        lua_setfield(L, -2, "day_basis");
        opts = lfpa_opts(L, -1, "model", NULL);
    }
    void **slot = lfpa_newobject(L, MODEL);
    int obj = lua_gettop(L);
    lfpa_check(L, fpa_model_new((fpa_model **)slot, (fpa_calendar)c, day, n, opts));
    fpa_model *m = *slot;
    lua_getfield(L, 1, "lines");
    int lines = lua_gettop(L);
    size_t nl = lua_istable(L, lines) ? (size_t)lua_rawlen(L, lines) : 0;
    for (size_t k = 1; k <= nl; k++) {
        lua_rawgeti(L, lines, (lua_Integer)k);
        if (!lua_istable(L, -1)) lfpa_error(L, FPA_EINVAL, "lines[%d] must be a table", (int)k);
        add_line(L, m, lua_gettop(L), (int)k);
        lua_pop(L, 1);
    }
    for (size_t k = 1; k <= nl; k++) {
        lua_rawgeti(L, lines, (lua_Integer)k);
        line_extras(L, m, lua_gettop(L));
        lua_pop(L, 1);
    }
    lua_getfield(L, 1, "links");
    if (lua_istable(L, -1)) {
        int links = lua_gettop(L);
        for (int r = 0; roles[r]; r++) {
            lua_getfield(L, links, roles[r]);
            size_t k;
            const char **nm = names_arg(L, -1, &k, roles[r]);
            for (size_t i = 0; i < k; i++) lfpa_check(L, fpa_model_link(m, (fpa_model_role)r, nm[i]));
            lua_settop(L, links);
        }
    }
    lua_getfield(L, 1, "openings");
    if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (lua_type(L, -2) != LUA_TSTRING) lfpa_error(L, FPA_EINVAL, "openings: names");
            lfpa_check(L, fpa_model_set_opening(m, lua_tostring(L, -2),
                                                lfpa_wc_num(L, -1, "opening")));
            lua_pop(L, 1);
        }
    }
    lfpa_check(L, fpa_model_build(m));
    lua_settop(L, obj);
    return 1;
}

/* ---- results ------------------------------------------------------------------------ */

/* Push {name = {v1 .. vn}, ...} of the lines whose names start with
 * `prefix` (NULL: all) from lines x n values. */
static void push_lines(lua_State *L, const fpa_model *m, const double *v, const char *prefix)
{
    size_t n = fpa_model_periods(m), nl = fpa_model_lines(m);
    lua_newtable(L);
    for (size_t i = 0; i < nl; i++) {
        const char *name = fpa_model_line_name(m, i);
        if (prefix && strncmp(name, prefix, strlen(prefix))) continue;
        lfpa_push_doubles(L, v + i * n, n);
        lua_setfield(L, -2, name);
    }
}

/* The object of metatable `tname` at idx (a scenario, simulation or
 * result), and in *m the model it was made from (its user value 1). */
static void *child_arg(lua_State *L, int idx, const char *tname, fpa_model **m)
{
    void *obj = lfpa_wc_object(L, idx, tname);
    lua_getiuservalue(L, idx, 1);
    *m = model_arg(L, -1);
    lua_pop(L, 1);
    return obj;
}

static fpa_model_scenario *scn_or_null(lua_State *L, int idx, const fpa_model *m)
{
    if (lua_isnoneornil(L, idx)) return NULL;
    fpa_model *owner;
    fpa_model_scenario *s = child_arg(L, idx, MSCN, &owner);
    if (owner != m) lfpa_error(L, FPA_EINVAL, "the scenario belongs to another model");
    return s;
}

/* The opts table's scenario field, or the argument at idx. */
static fpa_model_scenario *scn_field(lua_State *L, int opts, const fpa_model *m)
{
    if (!lua_istable(L, opts)) return NULL;
    lua_getfield(L, opts, "scenario");
    fpa_model_scenario *s = scn_or_null(L, -1, m);
    lua_pop(L, 1);  /* the opts table keeps it */
    return s;
}

static double *evaluate(lua_State *L, const fpa_model *m, const fpa_model_scenario *s)
{
    size_t cells = fpa_model_lines(m) * fpa_model_periods(m);
    double *v = lfpa_scratch(L, cells, sizeof *v);
    lfpa_check(L, fpa_model_evaluate(v, cells, m, s));
    return v;
}

/* m:evaluate([scn]) -> {line = {values}} */
static int m_evaluate(lua_State *L)
{
    lua_settop(L, 2);
    fpa_model *m = model_arg(L, 1);
    double *v = evaluate(L, m, scn_or_null(L, 2, m));
    push_lines(L, m, v, NULL);
    return 1;
}

/* m:statements([scn]) -> {income=, balance=, cash_flow=} */
static int m_statements(lua_State *L)
{
    lua_settop(L, 2);
    fpa_model *m = model_arg(L, 1);
    double *v = evaluate(L, m, scn_or_null(L, 2, m));
    lua_newtable(L);
    static const char *const keys[3] = {"income", "balance", "cash_flow"},
                             *const pre[3] = {"is.", "bs.", "cf."};
    for (int k = 0; k < 3; k++) {
        push_lines(L, m, v, pre[k]);
        lua_setfield(L, -2, keys[k]);
    }
    return 1;
}

static int m_lines(lua_State *L)
{
    fpa_model *m = model_arg(L, 1);
    lua_createtable(L, (int)fpa_model_lines(m), 0);
    for (size_t i = 0; i < fpa_model_lines(m); i++) {
        lua_pushstring(L, fpa_model_line_name(m, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int m_periods(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_model_periods(model_arg(L, 1)));
    return 1;
}

static size_t line_arg(lua_State *L, int idx, const fpa_model *m)
{
    size_t i;
    if (lua_type(L, idx) != LUA_TSTRING) lfpa_error(L, FPA_EINVAL, "a line name is needed");
    lfpa_check(L, fpa_model_line_find(&i, m, lua_tostring(L, idx)));
    return i;
}

/* ---- scenarios ------------------------------------------------------------------------ */

static void scenario_change(lua_State *L, fpa_model_scenario *s, const fpa_model *m, int idx)
{
    const char *line = luaL_checkstring(L, idx);
    int op = lfpa_choice(L, idx + 1, "op", NULL, ops);
    double v = lfpa_wc_num(L, idx + 2, "value");
    size_t from = lua_isnoneornil(L, idx + 3) ? 0 : period_arg(L, idx + 3, m, "from");
    lfpa_check(L, fpa_model_scenario_add(s, line, (fpa_scenario_op)op, v, from));
}

/* m:scenario({{line, op, value[, from]}, ...}[, {line = {series}}]) */
static int m_scenario(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m = model_arg(L, 1);
    void **slot = lfpa_newobject(L, MSCN);
    int obj = lua_gettop(L);
    lfpa_check(L, fpa_model_scenario_new((fpa_model_scenario **)slot, m, NULL));
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, obj, 1);
    fpa_model_scenario *s = *slot;
    if (lua_istable(L, 3)) {
        lua_pushnil(L);
        while (lua_next(L, 3)) {
            size_t n;
            double *v = lfpa_doubles(L, -1, &n, 1, "series");
            lfpa_check(L, fpa_model_scenario_set_series(s, lua_tostring(L, -3), v, n));
            lua_pop(L, 2);
        }
    }
    size_t k = lua_istable(L, 2) ? (size_t)lua_rawlen(L, 2) : 0;
    for (size_t i = 1; i <= k; i++) {
        lua_rawgeti(L, 2, (lua_Integer)i);
        int t = lua_gettop(L);
        if (!lua_istable(L, t))
            lfpa_error(L, FPA_EINVAL, "changes[%d] must be {line, op, value[, from]}", (int)i);
        for (int q = 1; q <= 4; q++) lua_rawgeti(L, t, q);
        scenario_change(L, s, m, t + 1);
        lua_settop(L, obj);
    }
    lua_settop(L, obj);
    return 1;
}

/* scn:add(line, op, value[, from]) -> scn */
static int s_add(lua_State *L)
{
    lua_settop(L, 5);
    fpa_model *m;
    fpa_model_scenario *s = child_arg(L, 1, MSCN, &m);
    scenario_change(L, s, m, 2);
    lua_settop(L, 1);
    return 1;
}

/* ---- sensitivity and goal seek ------------------------------------------------------------------- */

static void levers_free(void *p) { fpa_model_levers_free(p); }

/* A levers object (in userdata on the stack) of the specs at idx: each
 * {line, op, values[, from]} or, for `pairs`, {line, op, low, high[, from]}. */
static fpa_model_levers *levers_arg(lua_State *L, const fpa_model *m, int idx, int pairs,
                                    const char *what)
{
    idx = lua_absindex(L, idx);
    void **slot = lfpa_newobject(L, MLEV);
    lfpa_check(L, fpa_model_levers_new((fpa_model_levers **)slot, m, NULL));
    fpa_model_levers *lv = *slot;
    size_t k = lua_istable(L, idx) ? (size_t)lua_rawlen(L, idx) : 0;
    if (!k) lfpa_error(L, FPA_EINVAL, "%s: no lever", what);
    for (size_t i = 1; i <= k; i++) {
        int top = lua_gettop(L);
        lua_rawgeti(L, idx, (lua_Integer)i);
        int t = lua_gettop(L);
        if (!lua_istable(L, t)) lfpa_error(L, FPA_EINVAL, "%s[%d] must be a table", what, (int)i);
        for (int q = 1; q <= 5; q++) lua_rawgeti(L, t, q);
        const char *line = luaL_checkstring(L, t + 1);
        int op = lfpa_choice(L, t + 2, "op", NULL, ops);
        double two[2];
        size_t n = 2;
        double *v = two;
        if (pairs) two[0] = lfpa_wc_num(L, t + 3, "low"), two[1] = lfpa_wc_num(L, t + 4, "high");
        else v = lfpa_doubles(L, t + 3, &n, 1, "values");
        int fidx = pairs ? t + 5 : t + 4;
        size_t from = lua_isnoneornil(L, fidx) ? 0 : period_arg(L, fidx, m, "from");
        lfpa_check(L, fpa_model_levers_add(lv, line, (fpa_scenario_op)op, from, v, n));
        lua_settop(L, top);
    }
    return lv;
}

/* m:output(line[, scn]) */
static int m_output(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m = model_arg(L, 1);
    double v;
    lfpa_check(L, fpa_model_output(&v, m, scn_or_null(L, 3, m), line_arg(L, 2, m), NULL));
    lua_pushnumber(L, v);
    return 1;
}

/* m:tornado({{line, op, low, high[, from]}, ...}, output[, scn]) -> {low=, high=, base=} */
static int m_tornado(lua_State *L)
{
    lua_settop(L, 4);
    fpa_model *m = model_arg(L, 1);
    fpa_model_levers *lv = levers_arg(L, m, 2, 1, "bars");
    size_t k = (size_t)lua_rawlen(L, 2);
    double *lo = lfpa_scratch(L, k, sizeof *lo), *hi = lfpa_scratch(L, k, sizeof *hi), base;
    lfpa_check(L, fpa_model_tornado(lo, hi, &base, m, scn_or_null(L, 4, m), lv,
                                    line_arg(L, 3, m), NULL));
    lua_newtable(L);
    lfpa_push_doubles(L, lo, k);
    lua_setfield(L, -2, "low");
    lfpa_push_doubles(L, hi, k);
    lua_setfield(L, -2, "high");
    lua_pushnumber(L, base);
    lua_setfield(L, -2, "base");
    return 1;
}

/* m:table({line, op, values[, from]}, output[, {cols=, scenario=, threads=, progress=}])
 * -> rows of values */
static int m_table(lua_State *L)
{
    lua_settop(L, 4);
    fpa_model *m = model_arg(L, 1);
    lua_newtable(L);  /* the axes: rows, then cols */
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    size_t nc = 1;
    if (lua_istable(L, 4)) {
        lua_getfield(L, 4, "cols");
        if (!lua_isnil(L, -1)) {
            lua_rawgeti(L, -1, 3);
            nc = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
            lua_pop(L, 1);
            lua_rawseti(L, -2, 2);
        } else {
            lua_pop(L, 1);
        }
    }
    fpa_model_levers *lv = levers_arg(L, m, 5, 0, "axes");
    lua_rawgeti(L, 2, 3);
    size_t nr = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
    lua_pop(L, 1);
    fpa_opts *o = lfpa_opts(L, 4, "model", fields);
    double *out = lfpa_scratch(L, nr * nc, sizeof *out);
    lfpa_check(L, fpa_model_table(out, nr * nc, m, scn_field(L, 4, m), lv, line_arg(L, 3, m), o));
    lua_createtable(L, (int)nr, 0);
    for (size_t i = 0; i < nr; i++) {
        lfpa_push_doubles(L, out + i * nc, nc);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* m:goal_seek(line, op, lo, hi, target, output[, {mode=, start=, scenario=}]) -> v */
static int m_goal_seek(lua_State *L)
{
    lua_settop(L, 8);
    fpa_model *m = model_arg(L, 1);
    lfpa_opts(L, lua_istable(L, 8) ? 8 : 0, "model", fields);  /* unknown fields fail */
    int mode = lfpa_opt_choice(L, 8, "mode", "equal", modes);
    lua_newtable(L);  /* {{line, op, lo, hi, start}} */
    lua_newtable(L);
    for (int q = 2; q <= 5; q++) {
        lua_pushvalue(L, q);
        lua_rawseti(L, -2, q - 1);
    }
    if (lua_istable(L, 8)) {
        lua_getfield(L, 8, "start");
        lua_rawseti(L, -2, 5);
    }
    lua_rawseti(L, -2, 1);
    fpa_model_levers *lv = levers_arg(L, m, -1, 1, "lever");
    double v;
    lfpa_check(L, fpa_model_goal_seek(&v, m, scn_field(L, 8, m), lv, line_arg(L, 7, m),
                                      (fpa_goal_mode)mode, lfpa_wc_num(L, 6, "target"), NULL));
    lua_pushnumber(L, v);
    return 1;
}

/* m:compare(a, b) -> {variance = {line = ...}, favourable = {line = {1, -1, 0 ...}}} */
static int m_compare(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m = model_arg(L, 1);
    size_t cells = fpa_model_lines(m) * fpa_model_periods(m);
    double *var = lfpa_scratch(L, cells, sizeof *var), *fav = lfpa_scratch(L, cells, sizeof *fav);
    uint32_t *flags = lfpa_scratch(L, cells, sizeof *flags);
    lfpa_check(L, fpa_model_compare(var, NULL, flags, m, scn_or_null(L, 2, m),
                                    scn_or_null(L, 3, m), NULL));
    for (size_t k = 0; k < cells; k++)
        fav[k] = flags[k] & FPA_VAR_FAVOURABLE ? 1 : flags[k] & FPA_VAR_UNFAVOURABLE ? -1 : 0;
    lua_newtable(L);
    push_lines(L, m, var, NULL);
    lua_setfield(L, -2, "variance");
    push_lines(L, m, fav, NULL);
    lua_setfield(L, -2, "favourable");
    return 1;
}

/* m:unit(metric, {lines}[, scn]) -> values, false where undefined */
static int m_unit(lua_State *L)
{
    lua_settop(L, 4);
    fpa_model *m = model_arg(L, 1);
    int metric = lfpa_choice(L, 2, "metric", NULL, units);
    size_t k;
    const char **nm = names_arg(L, 3, &k, "lines");
    size_t *idx = lfpa_scratch(L, k ? k : 1, sizeof *idx), n = fpa_model_periods(m);
    for (size_t i = 0; i < k; i++) lfpa_check(L, fpa_model_line_find(&idx[i], m, nm[i]));
    double *out = lfpa_scratch(L, n, sizeof *out);
    unsigned char *ok = lfpa_scratch(L, n, 1);
    fpa_status st = fpa_model_unit(out, n, m, scn_or_null(L, 4, m),
                                   (fpa_model_unit_metric)metric, idx, k);
    if (st != FPA_PARTIAL) lfpa_check(L, st);
    for (size_t t = 0; t < n; t++) ok[t] = !isnan(out[t]);
    lfpa_push_matrix(L, out, ok, 1, n, LFPA_SERIES);
    return 1;
}

/* ---- Monte Carlo ------------------------------------------------------------------------------ */

static fpa_model_mc *mc_arg(lua_State *L, int idx, fpa_model **m)
{
    return child_arg(L, idx, MMC, m);
}

/* m:monte_carlo() */
static int m_monte_carlo(lua_State *L)
{
    fpa_model *m = model_arg(L, 1);
    void **slot = lfpa_newobject(L, MMC);
    lfpa_check(L, fpa_model_mc_new((fpa_model_mc **)slot, m, NULL));
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/* mc:add(line, op, dist, params[, {start=, draw=}]) -> mc */
static int mc_add(lua_State *L)
{
    lua_settop(L, 6);
    fpa_model *m;
    fpa_model_mc *mc = mc_arg(L, 1, &m);
    const char *line = luaL_checkstring(L, 2);
    int op = lfpa_choice(L, 3, "op", NULL, ops), dist = lfpa_choice(L, 4, "dist", NULL, dists);
    size_t np;
    double *p = lfpa_doubles(L, 5, &np, 1, "params");
    lfpa_opts(L, lua_istable(L, 6) ? 6 : 0, "model", fields);
    size_t from = 0;
    if (lua_istable(L, 6)) {
        lua_getfield(L, 6, "start");
        if (!lua_isnil(L, -1)) from = period_arg(L, -1, m, "start");
        lua_pop(L, 1);
    }
    int when = lfpa_opt_choice(L, 6, "draw", "each_period", draws);
    lfpa_check(L, fpa_model_mc_add(mc, line, (fpa_scenario_op)op, (fpa_scenario_dist)dist, p, np,
                                   from, (fpa_scenario_draw)when));
    lua_settop(L, 1);
    return 1;
}

/* mc:correlate({{...}, ...}) -> mc */
static int mc_correlate(lua_State *L)
{
    fpa_model *m;
    fpa_model_mc *mc = mc_arg(L, 1, &m);
    size_t r, c;
    int shape;
    double *x = lfpa_matrix(L, 2, &r, &c, &shape, NULL, "corr");
    if (r != c) lfpa_error(L, FPA_EINVAL, "corr must be square");
    lfpa_check(L, fpa_model_mc_correlate(mc, x, r));
    lua_settop(L, 1);
    return 1;
}

/* mc:output(line[, {every=true, threshold=}]) -> mc */
static int mc_output(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m;
    fpa_model_mc *mc = mc_arg(L, 1, &m);
    int every = 1;
    double thr = NAN;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "every");
        if (!lua_isnil(L, -1)) every = lua_toboolean(L, -1);
        lua_getfield(L, 3, "threshold");
        if (!lua_isnil(L, -1)) thr = lfpa_wc_num(L, -1, "threshold");
        lua_pop(L, 2);
    }
    lfpa_check(L, fpa_model_mc_output(mc, line_arg(L, 2, m), every, thr));
    lua_settop(L, 1);
    return 1;
}

static void result_free(void *p) { fpa_model_mc_result_free(p); }

/* mc:run(paths[, {scenario=, threads=, seed=, progress=}]) -> result */
static int mc_run(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m;
    fpa_model_mc *mc = mc_arg(L, 1, &m);
    size_t paths = lfpa_count(L, 2, "paths", 0);
    fpa_opts *o = lfpa_opts(L, 3, "model", fields);
    void **slot = lfpa_newobject(L, MRES);
    int obj = lua_gettop(L);
    lua_getiuservalue(L, 1, 1);
    lua_setiuservalue(L, obj, 1);
    lfpa_check(L, fpa_model_mc_run((fpa_model_mc_result **)slot, mc, scn_field(L, 3, m), paths, o));
    lua_settop(L, obj);
    return 1;
}

static fpa_model_mc_result *res_arg(lua_State *L, int idx, fpa_model **m)
{
    return child_arg(L, idx, MRES, m);
}

/* The period argument at idx, default the last. */
static size_t res_period(lua_State *L, int idx, const fpa_model *m)
{
    return lua_isnoneornil(L, idx) ? fpa_model_periods(m) - 1 : period_arg(L, idx, m, "period");
}

/* res:quantile(line, p[, period]) (p nil: the mean) */
static int r_quantile(lua_State *L)
{
    lua_settop(L, 4);
    fpa_model *m;
    fpa_model_mc_result *r = res_arg(L, 1, &m);
    double p = lua_isnil(L, 3) ? NAN : lfpa_wc_num(L, 3, "p"), v;
    lfpa_check(L, fpa_model_mc_quantile(&v, r, line_arg(L, 2, m), res_period(L, 4, m), p));
    lua_pushnumber(L, v);
    return 1;
}

/* res:below(line) -> shares per period */
static int r_below(lua_State *L)
{
    fpa_model *m;
    fpa_model_mc_result *r = res_arg(L, 1, &m);
    size_t n = fpa_model_periods(m);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_model_mc_below(out, n, r, line_arg(L, 2, m)));
    lfpa_push_doubles(L, out, n);
    return 1;
}

/* res:sorted(line[, period]) */
static int r_sorted(lua_State *L)
{
    lua_settop(L, 3);
    fpa_model *m;
    fpa_model_mc_result *r = res_arg(L, 1, &m);
    size_t n = fpa_model_mc_paths(r);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_model_mc_sorted(out, n, r, line_arg(L, 2, m), res_period(L, 3, m)));
    lfpa_push_doubles(L, out, n);
    return 1;
}

static int r_paths(lua_State *L)
{
    fpa_model *m;
    lua_pushinteger(L, (lua_Integer)fpa_model_mc_paths(res_arg(L, 1, &m)));
    return 1;
}

static int r_clamped(lua_State *L)
{
    fpa_model *m;
    lua_pushinteger(L, (lua_Integer)fpa_model_mc_clamped(res_arg(L, 1, &m)));
    return 1;
}

/* ---- the module ------------------------------------------------------------------------------ */

static void model_free(void *p) { fpa_model_free(p); }
static void scenario_free(void *p) { fpa_model_scenario_free(p); }
static void mc_free(void *p) { fpa_model_mc_free(p); }

void lfpa_open_model(lua_State *L)
{
    static const luaL_Reg model[] = {
        {"evaluate", m_evaluate}, {"statements", m_statements}, {"lines", m_lines},
        {"periods", m_periods}, {"scenario", m_scenario}, {"output", m_output},
        {"tornado", m_tornado}, {"table", m_table}, {"goal_seek", m_goal_seek},
        {"compare", m_compare}, {"unit", m_unit}, {"monte_carlo", m_monte_carlo},
        {NULL, NULL}};
    static const luaL_Reg scn[] = {{"add", s_add}, {NULL, NULL}};
    static const luaL_Reg mc[] = {{"add", mc_add}, {"correlate", mc_correlate},
                                  {"output", mc_output}, {"run", mc_run}, {NULL, NULL}};
    static const luaL_Reg res[] = {{"quantile", r_quantile}, {"below", r_below},
                                   {"sorted", r_sorted}, {"paths", r_paths},
                                   {"clamped", r_clamped}, {NULL, NULL}};
    static const luaL_Reg none[] = {{NULL, NULL}};
    lfpa_newclass(L, MODEL, model, model_free);
    lfpa_newclass(L, MSCN, scn, scenario_free);
    lfpa_newclass(L, MMC, mc, mc_free);
    lfpa_newclass(L, MRES, res, result_free);
    lfpa_newclass(L, MLEV, none, levers_free);
    lua_pushcfunction(L, l_model);
    lua_setfield(L, -2, "model");
}
