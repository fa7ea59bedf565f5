/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working capital for Lua: day counts, DSO/DIO/DPO/CCC, liquidity, the
 * driver-based plan and its projection, the 13-week cash forecast. Names
 * of drivers, lines and bases are strings; periods are 1-based. */
#include "lfpa_wc.h"

#include <stdio.h>
#include <string.h>

const char *const lfpa_wc_drivers[] = {
    [FPA_WC_REVENUE] = "revenue", [FPA_WC_COGS] = "cogs", [FPA_WC_DSO] = "dso",
    [FPA_WC_DIO] = "dio",         [FPA_WC_DPO] = "dpo",   [FPA_WC_OTHER_CASH] = "other_cash",
    [FPA_WC_OTHER_CASH + 1] = NULL};
const char *const lfpa_wc_line_names[] = {
    [FPA_WC_LINE_AR] = "ar",
    [FPA_WC_LINE_INVENTORY] = "inventory",
    [FPA_WC_LINE_AP] = "ap",
    [FPA_WC_LINE_NWC] = "nwc",
    [FPA_WC_LINE_DELTA_NWC] = "delta_nwc",
    [FPA_WC_LINE_COLLECTIONS] = "collections",
    [FPA_WC_LINE_PURCHASES] = "purchases",
    [FPA_WC_LINE_PAYMENTS] = "payments",
    [FPA_WC_LINE_NET_CASH] = "net_cash",
    [FPA_WC_LINE_CASH] = "cash",
    [FPA_WC_LINE_CASH + 1] = NULL};
static const char *const bases[] = {
    [FPA_WC_ACTUAL] = "actual", [FPA_WC_30_360] = "30/360", [FPA_WC_365] = "365",
    [FPA_WC_365 + 1] = NULL};

/* ---- argument helpers (shared with lfpa_scenario.c) ------------------- */

double lfpa_wc_num(lua_State *L, int idx, const char *what)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s must be a number, got %s", what, luaL_typename(L, idx));
    return lua_tonumber(L, idx);
}

size_t lfpa_wc_period(lua_State *L, int idx, const char *what)
{
    size_t t = lfpa_count(L, idx, what, 1);
    if (t == 0) lfpa_error(L, FPA_EINVAL, "%s is 0; periods count from 1", what);
    return t - 1;
}

void *lfpa_wc_object(lua_State *L, int idx, const char *tname)
{
    return lfpa_toobject(L, idx, tname);  /* names the type it got */
}

fpa_wc_plan *lfpa_wc_plan_arg(lua_State *L, int idx)
{
    return lfpa_wc_object(L, idx, LFPA_WC_PLAN);
}

fpa_wc_line *lfpa_wc_lines_arg(lua_State *L, int idx, size_t *nlines, int *single)
{
    idx = lua_absindex(L, idx);
    *single = lua_type(L, idx) == LUA_TSTRING;
    size_t n = lua_isnoneornil(L, idx) ? FPA_WC_LINE_CASH + 1
               : lua_istable(L, idx)   ? (size_t)lua_rawlen(L, idx)
                                       : 1;
    if (n == 0) lfpa_error(L, FPA_EINVAL, "no lines requested");
    fpa_wc_line *lines = lfpa_scratch(L, n, sizeof *lines);
    for (size_t k = 0; k < n; k++) {
        if (lua_isnoneornil(L, idx)) {
            lines[k] = (fpa_wc_line)k;
        } else if (lua_istable(L, idx)) {
            lua_rawgeti(L, idx, (lua_Integer)k + 1);
            lines[k] = (fpa_wc_line)lfpa_choice(L, -1, "line", NULL, lfpa_wc_line_names);
            lua_pop(L, 1);
        } else {
            lines[k] = (fpa_wc_line)lfpa_choice(L, idx, "line", NULL, lfpa_wc_line_names);
        }
    }
    *nlines = n;
    return lines;
}

void lfpa_wc_push_lines(lua_State *L, const double *out, size_t n, const fpa_wc_line *lines,
                        size_t nlines, int single)
{
    if (single) {
        lfpa_push_doubles(L, out, n);
        return;
    }
    lua_createtable(L, 0, (int)nlines);
    for (size_t k = 0; k < nlines; k++) {
        lfpa_push_doubles(L, out + k * n, n);
        lua_setfield(L, -2, lfpa_wc_line_names[lines[k]]);
    }
}

/* A number (repeated n times, once when n is 0) or a sequence; *len
 * receives its length. */
static double *values(lua_State *L, int idx, size_t n, size_t *len, const char *what)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        double x = lua_tonumber(L, idx);  /* before the scratch moves the top */
        if (n == 0) n = 1;
        double *v = lfpa_scratch(L, n, sizeof *v);
        for (size_t i = 0; i < n; i++) v[i] = x;
        *len = n;
        return v;
    }
    return lfpa_doubles(L, idx, len, 0, what);
}

/* Field `name` of the table at idx as an array (NULL when absent), checked
 * against *n (or setting it when *n is 0). The C copy stays on the stack. */
static double *field_array(lua_State *L, int idx, const char *name, size_t *n)
{
    lua_getfield(L, idx, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return NULL;
    }
    size_t len;
    double *v = values(L, -1, *n, &len, name);
    lua_remove(L, -2);
    if (*n && len != *n)
        lfpa_error(L, FPA_EINVAL, "%s has %d values, expected %d", name, (int)len, (int)*n);
    *n = len;
    return v;
}

/* ---- metrics ------------------------------------------------------------- */

/* fpa.wc_period_days(bounds, basis) -> days of each period */
static int l_period_days(lua_State *L)
{
    lua_settop(L, 2);
    size_t n;
    int64_t *b = lfpa_days(L, 1, &n, "bounds");
    if (n < 2) return lfpa_error(L, FPA_EINVAL, "bounds has %d values, needs at least 2", (int)n);
    fpa_wc_basis basis = (fpa_wc_basis)lfpa_choice(L, 2, "basis", "actual", bases);
    double *out = lfpa_scratch(L, n - 1, sizeof *out);
    lfpa_check(L, fpa_wc_period_days(out, b, n - 1, basis));
    lfpa_push_doubles(L, out, n - 1);
    return 1;
}

/* Which outputs: the `outputs` field (a name or a list) of the table at
 * idx, or every output whose inputs are present (have[k]). */
static void pick_outputs(lua_State *L, int idx, const char *const *names, const int *have,
                         int *want, int count)
{
    lua_getfield(L, idx, "outputs");
    if (lua_isnil(L, -1)) {
        for (int k = 0; k < count; k++) want[k] = have[k];
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        want[lfpa_choice(L, -1, "output", NULL, names)] = 1;
    } else if (lua_istable(L, -1)) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            want[lfpa_choice(L, -1, "output", NULL, names)] = 1;
            lua_pop(L, 1);
        }
    } else {
        lfpa_error(L, FPA_EINVAL, "outputs must be a name or a table of names");
    }
    lua_pop(L, 1);
    int any = 0;
    for (int k = 0; k < count; k++) {
        if (want[k] && !have[k])
            lfpa_error(L, FPA_EINVAL, "%s needs inputs that are missing", names[k]);
        any |= want[k];
    }
    if (!any) lfpa_error(L, FPA_EINVAL, "no output can be computed from the inputs given");
}

/* fpa.wc_cycle{days=, ar=, revenue=, inventory=, cogs=, ap=, purchases=,
 * outputs=} -> {dso=, dio=, dpo=, ccc=}; purchases default to cogs */
static int l_cycle(lua_State *L)
{
    static const char *const in_names[6] = {"ar", "revenue", "inventory", "cogs", "ap",
                                            "purchases"};
    static const char *const out_names[] = {"dso", "dio", "dpo", "ccc", NULL};
    lua_settop(L, 1);
    if (!lua_istable(L, 1))
        return lfpa_error(L, FPA_EINVAL, "wc_cycle takes a table of named arrays, got %s",
                          luaL_typename(L, 1));
    luaL_checkstack(L, 24, NULL);
    double *in[6];
    size_t n = 0;
    for (int k = 0; k < 6; k++) in[k] = field_array(L, 1, in_names[k], &n);
    if (!in[5]) in[5] = in[3];
    lua_getfield(L, 1, "days");
    if (lua_isnil(L, -1)) return lfpa_error(L, FPA_EINVAL, "days is missing");
    lua_pop(L, 1);
    double *days = field_array(L, 1, "days", &n);
    if (n == 0) return lfpa_error(L, FPA_EINVAL, "no periods");
    int have[4] = {in[0] && in[1], in[2] && in[3], in[4] && in[5], 0}, want[4] = {0};
    have[3] = have[0] && have[1] && have[2];
    pick_outputs(L, 1, out_names, have, want, 4);
    double *out[4];
    for (int k = 0; k < 4; k++) out[k] = want[k] ? lfpa_scratch(L, n, sizeof(double)) : NULL;
    lfpa_check(L, fpa_wc_cycle(out[0], out[1], out[2], out[3], in[0], in[1], in[2], in[3],
                               in[4], in[5], days, n));
    lua_createtable(L, 0, 4);
    for (int k = 0; k < 4; k++)
        if (out[k]) {
            lfpa_push_doubles(L, out[k], n);
            lua_setfield(L, -2, out_names[k]);
        }
    return 1;
}

/* fpa.wc_liquidity(current_assets, current_liabilities[, inventory[, outputs]])
 * -> {nwc=, current=, quick=} */
static int l_liquidity(lua_State *L)
{
    static const char *const out_names[] = {"nwc", "current", "quick", NULL};
    lua_settop(L, 4);
    size_t n, m, k = 0;
    double *ca = lfpa_doubles(L, 1, &n, 1, "current_assets");
    double *cl = lfpa_doubles(L, 2, &m, 0, "current_liabilities");
    double *inv = lua_isnil(L, 3) ? NULL : lfpa_doubles(L, 3, &k, 0, "inventory");
    if (m != n || (inv && k != n))
        return lfpa_error(L, FPA_EINVAL, "%s has %d values, current_assets %d",
                          m != n ? "current_liabilities" : "inventory", (int)(m != n ? m : k),
                          (int)n);
    int have[3] = {1, 1, inv != NULL}, want[3] = {0};
    lua_createtable(L, 0, 1);  /* pick_outputs reads an `outputs` field */
    lua_pushvalue(L, 4);
    lua_setfield(L, -2, "outputs");
    pick_outputs(L, lua_gettop(L), out_names, have, want, 3);
    double *out[3];
    for (int j = 0; j < 3; j++) out[j] = want[j] ? lfpa_scratch(L, n, sizeof(double)) : NULL;
    lfpa_check(L, fpa_wc_liquidity(out[0], out[1], out[2], ca, cl, inv, n));
    lua_createtable(L, 0, 3);
    for (int j = 0; j < 3; j++)
        if (out[j]) {
            lfpa_push_doubles(L, out[j], n);
            lua_setfield(L, -2, out_names[j]);
        }
    return 1;
}

/* ---- 13-week cash --------------------------------------------------------- */

static int64_t *field_days(lua_State *L, int idx, const char *name, size_t *n)
{
    lua_getfield(L, idx, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *n = 0;
        return lfpa_scratch(L, 0, sizeof(int64_t));
    }
    int64_t *d = lfpa_days(L, -1, n, name);
    lua_remove(L, -2);
    return d;
}

/* fpa.wc_weekly_cash{start=, opening_cash=, curve=, weeks=13, ar_by_age=,
 * new_sales=, ap_amounts=, ap_due=, rec_amounts=, rec_first=, rec_every=}
 * -> {receipts=, ap=, recurring=, closing=} */
static int l_weekly_cash(lua_State *L)
{
    lua_settop(L, 1);
    if (!lua_istable(L, 1))
        return lfpa_error(L, FPA_EINVAL, "wc_weekly_cash takes a table of named fields, got %s",
                          luaL_typename(L, 1));
    luaL_checkstack(L, 32, NULL);
    lua_getfield(L, 1, "weeks");
    size_t weeks = lfpa_count(L, -1, "weeks", 13);
    lua_getfield(L, 1, "start");
    int64_t start = lfpa_day(L, -1, "start");
    lua_getfield(L, 1, "opening_cash");
    double opening = lfpa_wc_num(L, -1, "opening_cash");
    lua_pop(L, 3);
    size_t nc = 0, na = 0, ns = weeks, nap = 0, nrec = 0, nd, nf, ne;
    double *curve = field_array(L, 1, "curve", &nc);
    if (!curve || nc == 0) return lfpa_error(L, FPA_EINVAL, "curve is missing or empty");
    double *ages = field_array(L, 1, "ar_by_age", &na);
    double *sales = field_array(L, 1, "new_sales", &ns);
    double *ap = field_array(L, 1, "ap_amounts", &nap);
    int64_t *due = field_days(L, 1, "ap_due", &nd);
    double *rec = field_array(L, 1, "rec_amounts", &nrec);
    int64_t *first = field_days(L, 1, "rec_first", &nf);
    lua_getfield(L, 1, "rec_every");
    int64_t *every64 = lua_isnil(L, -1) ? NULL : lfpa_integers(L, -1, &ne, "rec_every");
    if (!every64) ne = 0;
    int32_t *every = lfpa_scratch(L, ne, sizeof *every);
    for (size_t i = 0; i < ne; i++) {
        if (every64[i] < INT32_MIN || every64[i] > INT32_MAX)
            return lfpa_error(L, FPA_EINVAL, "rec_every[%d] is out of range", (int)i + 1);
        every[i] = (int32_t)every64[i];
    }
    if (nd != nap)
        return lfpa_error(L, FPA_EINVAL, "ap_due has %d dates for %d ap_amounts", (int)nd,
                          (int)nap);
    if (nf != nrec || ne != nrec)
        return lfpa_error(L, FPA_EINVAL, "rec_first has %d and rec_every %d values for %d "
                          "rec_amounts", (int)nf, (int)ne, (int)nrec);
    double *out[4];
    for (int k = 0; k < 4; k++) out[k] = lfpa_scratch(L, weeks, sizeof(double));
    lfpa_check(L, fpa_wc_weekly_cash(out[0], out[1], out[2], out[3], weeks, start, opening,
                                     ages, na, curve, nc, sales, ap, due, nap, rec, first,
                                     every, nrec));
    static const char *const names[4] = {"receipts", "ap", "recurring", "closing"};
    lua_createtable(L, 0, 4);
    for (int k = 0; k < 4; k++) {
        lfpa_push_doubles(L, out[k], weeks);
        lua_setfield(L, -2, names[k]);
    }
    return 1;
}

/* ---- the plan ---------------------------------------------------------------- */

static void plan_set(lua_State *L, fpa_wc_plan *p, int driver, int vi)
{
    size_t n;
    double *v = values(L, vi, fpa_wc_plan_periods(p), &n, lfpa_wc_drivers[driver]);
    lfpa_check(L, fpa_wc_plan_set(p, (fpa_wc_driver)driver, v, n));
    lua_pop(L, 1);
}

static void plan_days(lua_State *L, fpa_wc_plan *p, int vi)
{
    size_t n;
    double *v = values(L, vi, fpa_wc_plan_periods(p), &n, "days");
    lfpa_check(L, fpa_wc_plan_set_days(p, v, n));
    lua_pop(L, 1);
}

/* Opening balances from a table {ar=, inventory=, ap=, cash=} (absent
 * fields 0) or from the numbers at idx .. idx+3 (nil 0). */
static void plan_opening(lua_State *L, fpa_wc_plan *p, int idx)
{
    static const char *const f[4] = {"ar", "inventory", "ap", "cash"};
    double v[4];
    for (int k = 0; k < 4; k++) {
        if (lua_istable(L, idx)) {
            lua_getfield(L, idx, f[k]);
            v[k] = lua_isnil(L, -1) ? 0 : lfpa_wc_num(L, -1, f[k]);
            lua_pop(L, 1);
        } else {
            v[k] = lua_isnoneornil(L, idx + k) ? 0 : lfpa_wc_num(L, idx + k, f[k]);
        }
    }
    lfpa_check(L, fpa_wc_plan_set_opening(p, v[0], v[1], v[2], v[3]));
}

/* Periods of a plan spec: `periods`, else the length of `days` or of the
 * first driver given as a table. */
static size_t spec_periods(lua_State *L, int idx)
{
    lua_getfield(L, idx, "periods");
    if (!lua_isnil(L, -1)) {
        size_t n = lfpa_count(L, -1, "periods", 0);
        lua_pop(L, 1);
        return n;
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "days");
    size_t n = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
    lua_pop(L, 1);
    for (int d = 0; !n && lfpa_wc_drivers[d]; d++) {
        lua_getfield(L, idx, lfpa_wc_drivers[d]);
        n = lua_istable(L, -1) ? (size_t)lua_rawlen(L, -1) : 0;
        lua_pop(L, 1);
    }
    if (!n)
        lfpa_error(L, FPA_EINVAL, "give periods, or days or a driver as a table of one "
                   "value per period");
    return n;
}

/* fpa.wc_plan(periods | {days=, revenue=, ..., opening=}, {ap_basis=}) */
static int l_plan(lua_State *L)
{
    lua_settop(L, 2);
    size_t n = lua_istable(L, 1) ? spec_periods(L, 1) : lfpa_count(L, 1, "periods", 0);
    fpa_opts *opts = lfpa_opts(L, 2, "wc", NULL);
    void **slot = lfpa_newobject(L, LFPA_WC_PLAN);  /* before the plan: nothing can leak */
    int obj = lua_gettop(L);
    lfpa_check(L, fpa_wc_plan_new((fpa_wc_plan **)slot, n, opts));
    fpa_wc_plan *p = *slot;
    if (lua_istable(L, 1)) {
        lua_getfield(L, 1, "days");
        if (!lua_isnil(L, -1)) plan_days(L, p, lua_gettop(L));
        lua_pop(L, 1);
        for (int d = 0; lfpa_wc_drivers[d]; d++) {
            lua_getfield(L, 1, lfpa_wc_drivers[d]);
            if (!lua_isnil(L, -1)) plan_set(L, p, d, lua_gettop(L));
            lua_pop(L, 1);
        }
        lua_getfield(L, 1, "opening");
        if (!lua_isnil(L, -1)) {
            if (!lua_istable(L, -1)) lfpa_error(L, FPA_EINVAL, "opening must be a table");
            plan_opening(L, p, lua_gettop(L));
        }
        lua_pop(L, 1);
    }
    lua_settop(L, obj);
    return 1;
}

static int m_periods(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_wc_plan_periods(lfpa_wc_plan_arg(L, 1)));
    return 1;
}

static int m_set_days(lua_State *L)
{
    lua_settop(L, 2);
    plan_days(L, lfpa_wc_plan_arg(L, 1), 2);
    return 0;
}

static int m_set(lua_State *L)
{
    lua_settop(L, 3);
    fpa_wc_plan *p = lfpa_wc_plan_arg(L, 1);
    plan_set(L, p, lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers), 3);
    return 0;
}

static int m_get(lua_State *L)
{
    lua_settop(L, 2);
    fpa_wc_plan *p = lfpa_wc_plan_arg(L, 1);
    fpa_wc_driver d = (fpa_wc_driver)lfpa_choice(L, 2, "driver", NULL, lfpa_wc_drivers);
    size_t n = fpa_wc_plan_periods(p);
    double *out = lfpa_scratch(L, n, sizeof *out);
    lfpa_check(L, fpa_wc_plan_get(out, n, p, d));
    lfpa_push_doubles(L, out, n);
    return 1;
}

static int m_set_opening(lua_State *L)
{
    lua_settop(L, 5);
    plan_opening(L, lfpa_wc_plan_arg(L, 1), 2);
    return 0;
}

/* plan:project([lines]) -> {line = {...}} or, for one name, {...} */
static int m_project(lua_State *L)
{
    lua_settop(L, 2);
    fpa_wc_plan *p = lfpa_wc_plan_arg(L, 1);
    size_t nl, n = fpa_wc_plan_periods(p);
    int single;
    fpa_wc_line *lines = lfpa_wc_lines_arg(L, 2, &nl, &single);
    double *out = lfpa_scratch(L, nl * n, sizeof *out);
    lfpa_check(L, fpa_wc_project(out, nl * n, p, lines, nl));
    lfpa_wc_push_lines(L, out, n, lines, nl, single);
    return 1;
}

static void plan_free(void *p) { fpa_wc_plan_free(p); }

void lfpa_open_wc(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"periods", m_periods},         {"set_days", m_set_days}, {"set", m_set},
        {"get", m_get},                 {"set_opening", m_set_opening},
        {"project", m_project},         {NULL, NULL},
    };
    lfpa_newclass(L, LFPA_WC_PLAN, methods, plan_free);
    luaL_getmetatable(L, LFPA_WC_PLAN);
    lua_pushcfunction(L, m_periods);
    lua_setfield(L, -2, "__len");
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        {"wc_period_days", l_period_days}, {"wc_cycle", l_cycle},
        {"wc_liquidity", l_liquidity},     {"wc_weekly_cash", l_weekly_cash},
        {"wc_plan", l_plan},               {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
