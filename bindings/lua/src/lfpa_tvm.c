/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money for Lua, with the spreadsheet's (the C library's)
 * conventions: fpa.npv discounts the first value one period, as =NPV() does. */
#include "lfpa.h"

#include <string.h>

static fpa_when check_when(lua_State *L, int idx)
{
    if (lua_isnoneornil(L, idx)) return FPA_WHEN_END;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Integer w = lua_tointeger(L, idx);
        if (lua_isinteger(L, idx) && (w == 0 || w == 1)) return (fpa_when)w;
    } else if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, idx);
        if (!strcmp(s, "end")) return FPA_WHEN_END;
        if (!strcmp(s, "begin")) return FPA_WHEN_BEGIN;
    }
    return (fpa_when)lfpa_error(L, FPA_EINVAL, "when must be \"end\", \"begin\", 0 or 1");
}

static double num(lua_State *L, int idx, const char *name)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s must be a number, got %s", name, luaL_typename(L, idx));
    return lua_tonumber(L, idx);
}

static double optnum(lua_State *L, int idx, const char *name, double def)
{
    return lua_isnoneornil(L, idx) ? def : num(L, idx, name);
}

static int l_npv(lua_State *L)
{
    lua_settop(L, 2);  /* fixed places for optional arguments */
    size_t n;
    double r = num(L, 1, "rate"), out = 0;
    double *v = lfpa_doubles(L, 2, &n, 1, "values");
    lfpa_check(L, fpa_tvm_npv(&out, r, v, n));
    lua_pushnumber(L, out);
    return 1;
}

static int l_irr(lua_State *L)
{
    lua_settop(L, 2);  /* fixed places for optional arguments */
    size_t n;
    double out = 0, *v = lfpa_doubles(L, 1, &n, 2, "values");
    lfpa_check(L, fpa_tvm_irr(&out, v, n, optnum(L, 2, "guess", 0.1)));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.irr_roots(values) -> every IRR, increasing (an empty table: none) */
static int l_irr_roots(lua_State *L)
{
    lua_settop(L, 1);
    size_t n, found;
    double *v = lfpa_doubles(L, 1, &n, 2, "values");
    double *roots = lfpa_scratch(L, n - 1, sizeof *roots);
    lfpa_check(L, fpa_tvm_irr_roots(roots, n - 1, &found, v, n));
    lfpa_push_doubles(L, roots, found);
    return 1;
}

static int l_mirr(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    size_t n;
    double out = 0, *v = lfpa_doubles(L, 1, &n, 2, "values");
    lfpa_check(L, fpa_tvm_mirr(&out, v, n, num(L, 2, "finance_rate"),
                                       num(L, 3, "reinvest_rate")));
    lua_pushnumber(L, out);
    return 1;
}

/* amounts and dates of a dated schedule, checked for equal length */
static void dated(lua_State *L, int vi, int di, double **v, int64_t **d, size_t *n)
{
    size_t nd;
    *v = lfpa_doubles(L, vi, n, 0, "amounts");
    *d = lfpa_days(L, di, &nd, "dates");
    if (nd != *n)
        lfpa_error(L, FPA_EINVAL, "dates has %d values but amounts has %d", (int)nd, (int)*n);
}

static int l_xnpv(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    double out = 0, *v;
    int64_t *d;
    size_t n;
    double r = num(L, 1, "rate");
    dated(L, 3, 2, &v, &d, &n);
    lfpa_check(L, fpa_tvm_xnpv(&out, r, v, d, n));
    lua_pushnumber(L, out);
    return 1;
}

static int l_xirr(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    double out = 0, *v;
    int64_t *d;
    size_t n;
    dated(L, 2, 1, &v, &d, &n);
    lfpa_check(L, fpa_tvm_xirr(&out, v, d, n, optnum(L, 3, "guess", 0.1)));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.xirr_batch({{dates, amounts}, ...}, guess, {threads = n}) ->
 * rates (nil where a schedule has no solution), messages */
static int l_xirr_batch(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t count = (size_t)lua_rawlen(L, 1), total = 0;
    if (count == 0) return lfpa_error(L, FPA_EINVAL, "no schedules");
    double guess = optnum(L, 2, "guess", 0.1);
    fpa_opts *opts = lfpa_opts(L, 3, NULL, NULL);
    int base = lua_gettop(L);
    size_t *off = lfpa_scratch(L, count + 1, sizeof *off);
    for (size_t k = 0; k < count; k++) {
        lua_rawgeti(L, 1, (lua_Integer)k + 1);
        if (!lua_istable(L, -1))
            lfpa_error(L, FPA_EINVAL, "schedule %d must be a {dates, amounts} table", (int)k + 1);
        lua_rawgeti(L, -1, 2);
        total += (size_t)(lua_istable(L, -1) ? lua_rawlen(L, -1) : 0);
        lua_pop(L, 2);
    }
    double *v = lfpa_scratch(L, total, sizeof *v);
    int64_t *d = lfpa_scratch(L, total, sizeof *d);
    size_t at = 0;
    for (size_t k = 0; k < count; k++) {
        double *vk;
        int64_t *dk;
        size_t n;
        lua_rawgeti(L, 1, (lua_Integer)k + 1);
        int s = lua_gettop(L);
        lua_rawgeti(L, s, 1);
        lua_rawgeti(L, s, 2);
        dated(L, s + 2, s + 1, &vk, &dk, &n);
        off[k] = at;
        for (size_t i = 0; i < n; i++) v[at + i] = vk[i], d[at + i] = dk[i];
        at += n;
        lua_settop(L, base + 3);
    }
    off[count] = at;
    double *rates = lfpa_scratch(L, count, sizeof *rates);
    fpa_status *st = lfpa_scratch(L, count, sizeof *st);
    lfpa_check(L, fpa_tvm_xirr_batch(rates, st, v, d, off, count, guess, opts));
    lua_createtable(L, (int)count, 0);
    lua_createtable(L, 0, 0);
    for (size_t k = 0; k < count; k++) {
        if (st[k] == FPA_OK) {
            lua_pushnumber(L, rates[k]);
            lua_rawseti(L, -3, (lua_Integer)k + 1);
        } else {
            lua_pushstring(L, fpa_status_name(st[k]));
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
    }
    return 2;
}

static int l_pmt(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_pmt(&out, num(L, 1, "rate"), num(L, 2, "nper"),
                                      num(L, 3, "pv"), optnum(L, 4, "fv", 0),
                                      check_when(L, 5)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_pv(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_pv(&out, num(L, 1, "rate"), num(L, 2, "nper"),
                                     num(L, 3, "pmt"), optnum(L, 4, "fv", 0),
                                     check_when(L, 5)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_fv(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_fv(&out, num(L, 1, "rate"), num(L, 2, "nper"),
                                     num(L, 3, "pmt"), optnum(L, 4, "pv", 0),
                                     check_when(L, 5)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_nper(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_nper(&out, num(L, 1, "rate"), num(L, 2, "pmt"),
                                       num(L, 3, "pv"), optnum(L, 4, "fv", 0),
                                       check_when(L, 5)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_rate(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_rate(&out, num(L, 1, "nper"), num(L, 2, "pmt"),
                                       num(L, 3, "pv"), optnum(L, 4, "fv", 0),
                                       check_when(L, 5), optnum(L, 6, "guess", 0.1)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_ipmt(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_ipmt(&out, num(L, 1, "rate"), num(L, 2, "per"),
                                       num(L, 3, "nper"), num(L, 4, "pv"),
                                       optnum(L, 5, "fv", 0), check_when(L, 6)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_ppmt(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_ppmt(&out, num(L, 1, "rate"), num(L, 2, "per"),
                                       num(L, 3, "nper"), num(L, 4, "pv"),
                                       optnum(L, 5, "fv", 0), check_when(L, 6)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_cumipmt(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_cumipmt(&out, num(L, 1, "rate"), num(L, 2, "nper"),
                                          num(L, 3, "pv"), num(L, 4, "start"),
                                          num(L, 5, "end"), check_when(L, 6)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_cumprinc(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_cumprinc(&out, num(L, 1, "rate"), num(L, 2, "nper"),
                                           num(L, 3, "pv"), num(L, 4, "start"),
                                           num(L, 5, "end"), check_when(L, 6)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_effect(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_effect(&out, num(L, 1, "nominal"), num(L, 2, "npery")));
    lua_pushnumber(L, out);
    return 1;
}

static int l_nominal(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_nominal(&out, num(L, 1, "effect"), num(L, 2, "npery")));
    lua_pushnumber(L, out);
    return 1;
}

static int l_sln(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_sln(&out, num(L, 1, "cost"), num(L, 2, "salvage"),
                                      num(L, 3, "life")));
    lua_pushnumber(L, out);
    return 1;
}

static int l_syd(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_syd(&out, num(L, 1, "cost"), num(L, 2, "salvage"),
                                      num(L, 3, "life"), num(L, 4, "per")));
    lua_pushnumber(L, out);
    return 1;
}

static int l_ddb(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_ddb(&out, num(L, 1, "cost"), num(L, 2, "salvage"),
                                      num(L, 3, "life"), num(L, 4, "period"),
                                      optnum(L, 5, "factor", 2)));
    lua_pushnumber(L, out);
    return 1;
}

static int l_db(lua_State *L)
{
    double out = 0;
    lfpa_check(L, fpa_tvm_db(&out, num(L, 1, "cost"), num(L, 2, "salvage"),
                                     num(L, 3, "life"), num(L, 4, "period"),
                                     optnum(L, 5, "month", 12)));
    lua_pushnumber(L, out);
    return 1;
}

void lfpa_open_tvm(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"npv", l_npv},         {"irr", l_irr},       {"irr_roots", l_irr_roots},
        {"mirr", l_mirr},
        {"xnpv", l_xnpv},       {"xirr", l_xirr},     {"xirr_batch", l_xirr_batch},
        {"pmt", l_pmt},         {"pv", l_pv},         {"fv", l_fv},
        {"nper", l_nper},       {"rate", l_rate},     {"ipmt", l_ipmt},
        {"ppmt", l_ppmt},       {"cumipmt", l_cumipmt}, {"cumprinc", l_cumprinc},
        {"effect", l_effect},   {"nominal", l_nominal}, {"sln", l_sln},
        {"syd", l_syd},         {"ddb", l_ddb},       {"db", l_db},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
