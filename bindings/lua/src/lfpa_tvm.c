/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Time value of money for Lua, with the spreadsheet's (the C library's)
 * conventions: fpa.npv discounts the first value one period, as =NPV() does;
 * fpa.irr, fpa.rate and fpa.xirr return the spreadsheet's root.
 *
 * The scalar functions take numbers, or sequences of numbers of one length
 * for any argument (a number then stands for every element): a table in
 * gives a table out, computed in one fpa_tvm_map call; a failing element
 * raises an error naming its 1-based position. */
#include "lfpa.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* `when` as 0 or 1: nil (end), "end", "begin", 0 or 1. */
static double when_value(lua_State *L, int idx, const char *what)
{
    if (lua_isnoneornil(L, idx)) return 0;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        lua_Integer w = lua_tointeger(L, idx);
        if (lua_isinteger(L, idx) && (w == 0 || w == 1)) return (double)w;
    } else if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, idx);
        if (!strcmp(s, "end")) return 0;
        if (!strcmp(s, "begin")) return 1;
    }
    return lfpa_error(L, FPA_EINVAL, "%s must be \"end\", \"begin\", 0 or 1", what);
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

/* ---- the scalar functions, element-wise over tables ------------------------ */

typedef struct {
    const char *name;
    fpa_tvm_fn fn;
    const char *args[6];
    double defaults[6];  /* NAN: required */
    int when;            /* index of the timing argument, or -1 */
} tvm_spec;

static const tvm_spec specs[] = {
    {"pmt", FPA_TVM_PMT, {"rate", "nper", "pv", "fv", "when"}, {NAN, NAN, NAN, 0, 0}, 4},
    {"pv", FPA_TVM_PV, {"rate", "nper", "pmt", "fv", "when"}, {NAN, NAN, NAN, 0, 0}, 4},
    {"fv", FPA_TVM_FV, {"rate", "nper", "pmt", "pv", "when"}, {NAN, NAN, NAN, 0, 0}, 4},
    {"nper", FPA_TVM_NPER, {"rate", "pmt", "pv", "fv", "when"}, {NAN, NAN, NAN, 0, 0}, 4},
    {"rate", FPA_TVM_RATE, {"nper", "pmt", "pv", "fv", "when", "guess"},
     {NAN, NAN, NAN, 0, 0, 0.1}, 4},
    {"ipmt", FPA_TVM_IPMT, {"rate", "per", "nper", "pv", "fv", "when"},
     {NAN, NAN, NAN, NAN, 0, 0}, 5},
    {"ppmt", FPA_TVM_PPMT, {"rate", "per", "nper", "pv", "fv", "when"},
     {NAN, NAN, NAN, NAN, 0, 0}, 5},
    {"cumipmt", FPA_TVM_CUMIPMT, {"rate", "nper", "pv", "start", "end", "when"},
     {NAN, NAN, NAN, NAN, NAN, 0}, 5},
    {"cumprinc", FPA_TVM_CUMPRINC, {"rate", "nper", "pv", "start", "end", "when"},
     {NAN, NAN, NAN, NAN, NAN, 0}, 5},
    {"effect", FPA_TVM_EFFECT, {"nominal", "npery"}, {NAN, NAN}, -1},
    {"nominal", FPA_TVM_NOMINAL, {"effect", "npery"}, {NAN, NAN}, -1},
    {"sln", FPA_TVM_SLN, {"cost", "salvage", "life"}, {NAN, NAN, NAN}, -1},
    {"syd", FPA_TVM_SYD, {"cost", "salvage", "life", "per"}, {NAN, NAN, NAN, NAN}, -1},
    {"ddb", FPA_TVM_DDB, {"cost", "salvage", "life", "period", "factor"},
     {NAN, NAN, NAN, NAN, 2}, -1},
    {"db", FPA_TVM_DB, {"cost", "salvage", "life", "period", "month"},
     {NAN, NAN, NAN, NAN, 12}, -1},
};

/* Argument k of the call: a number (its default when nil), or the table's
 * elements as doubles in a scratch array (*len elements). */
static double *argument(lua_State *L, const tvm_spec *s, int k, double *scalar, size_t *len)
{
    int idx = k + 1;
    *len = 0;
    if (lua_istable(L, idx)) {
        size_t n = (size_t)lua_rawlen(L, idx);
        double *x = lfpa_scratch(L, n, sizeof *x);
        char what[64];
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, idx, (lua_Integer)i + 1);
            snprintf(what, sizeof what, "%s[%d]", s->args[k], (int)i + 1);
            x[i] = k == s->when ? when_value(L, -1, what) : num(L, -1, what);
            lua_pop(L, 1);
        }
        *len = n;
        return x;
    }
    if (k == s->when) *scalar = when_value(L, idx, s->args[k]);
    else if (lua_isnoneornil(L, idx) && !isnan(s->defaults[k])) *scalar = s->defaults[k];
    else *scalar = num(L, idx, s->args[k]);
    return scalar;
}

/* fpa.<name>(...) of every tvm_spec: the scalar function on numbers, or a
 * table of results over tables. */
static int l_elementwise(lua_State *L)
{
    const tvm_spec *s = lua_touserdata(L, lua_upvalueindex(1));
    unsigned arity = fpa_tvm_fn_arity(s->fn);
    lua_settop(L, (int)arity);
    double scalars[6];
    const double *args[6];
    ptrdiff_t strides[6];
    size_t count = 1, from = 0;
    bool table = false;
    for (unsigned k = 0; k < arity; k++) {
        size_t len;
        args[k] = argument(L, s, (int)k, &scalars[k], &len);
        bool is_table = args[k] != &scalars[k];
        strides[k] = is_table ? 1 : 0;
        if (!is_table) continue;
        if (table && len != count)
            return lfpa_error(L, FPA_EINVAL, "%s has %d values but %s has %d", s->args[k],
                              (int)len, s->args[from], (int)count);
        if (!table) count = len, from = k, table = true;
    }
    double one, *out = table ? lfpa_scratch(L, count, sizeof *out) : &one;
    fpa_status st = fpa_tvm_map(out, NULL, table ? count : 1, s->fn, args, strides, NULL);
    if (st != FPA_OK) {
        const char *detail = fpa_error_last();
        unsigned long at;
        int skip = 0;
        if (table && sscanf(detail, "element %lu: %n", &at, &skip) == 1 && skip > 0)
            return lfpa_error(L, st, "element %lu: %s", at + 1, detail + skip);
        if (!table && !strncmp(detail, "element 0: ", 11)) detail += 11;
        return lfpa_error(L, st, "%s", detail);
    }
    if (table) lfpa_push_doubles(L, out, count);
    else lua_pushnumber(L, one);
    return 1;
}

/* ---- cash flows ------------------------------------------------------------- */

static int l_npv(lua_State *L)
{
    lua_settop(L, 2);  /* fixed places for optional arguments */
    size_t n;
    double *v = lfpa_doubles(L, 2, &n, 1, "values");
    if (lua_istable(L, 1)) {  /* one NPV per rate */
        size_t nr;
        double *rates = lfpa_doubles(L, 1, &nr, 1, "rate");
        double *out = lfpa_scratch(L, nr, sizeof *out);
        fpa_status st = fpa_tvm_npv_grid(out, NULL, rates, nr, v, 1, n);
        if (st != FPA_OK) {
            unsigned long at;
            int skip = 0;
            const char *detail = fpa_error_last();
            if (sscanf(detail, "rates[%lu], row 0: %n", &at, &skip) == 1 && skip > 0)
                return lfpa_error(L, st, "rate[%lu]: %s", at + 1, detail + skip);
            lfpa_check(L, st);
        }
        lfpa_push_doubles(L, out, nr);
        return 1;
    }
    double r = num(L, 1, "rate"), out = 0;
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

/* A day-count basis: nil (ACT/365F), a name fpa_tvm_day_count_find knows,
 * or its number. */
static fpa_day_count basis_at(lua_State *L, int idx)
{
    fpa_day_count b = FPA_DAYCOUNT_ACT_365F;
    if (lua_isnoneornil(L, idx)) return b;
    if (lua_type(L, idx) == LUA_TSTRING) {
        lfpa_check(L, fpa_tvm_day_count_find(&b, lua_tostring(L, idx)));
        return b;
    }
    lua_Integer k = lua_tointeger(L, idx);
    if (lua_isinteger(L, idx) && fpa_tvm_day_count_name((fpa_day_count)k) && k >= 0)
        return (fpa_day_count)k;
    return (fpa_day_count)lfpa_error(L, FPA_EINVAL, "day_count must be a day-count name "
                                     "(\"ACT/365F\", \"ACT/360\", \"30/360 US\", ...)");
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

/* fpa.xnpv(rate, dates, amounts [, day_count]) */
static int l_xnpv(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    double out = 0, *v;
    int64_t *d;
    size_t n;
    double r = num(L, 1, "rate");
    fpa_day_count basis = basis_at(L, 4);
    dated(L, 3, 2, &v, &d, &n);
    lfpa_check(L, fpa_tvm_xnpv_dc(&out, r, v, d, n, basis));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.xirr(dates, amounts [, guess [, day_count]]) */
static int l_xirr(lua_State *L)
{
    lua_settop(L, 4);  /* fixed places for optional arguments */
    double out = 0, *v;
    int64_t *d;
    size_t n;
    double guess = optnum(L, 3, "guess", 0.1);
    fpa_day_count basis = basis_at(L, 4);
    dated(L, 2, 1, &v, &d, &n);
    lfpa_check(L, fpa_tvm_xirr_dc(&out, v, d, n, guess, basis));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.year_fraction(from, to [, day_count]) */
static int l_year_fraction(lua_State *L)
{
    lua_settop(L, 3);
    double out = 0;
    int64_t a = lfpa_day(L, 1, "from"), b = lfpa_day(L, 2, "to");
    lfpa_check(L, fpa_tvm_year_fraction(&out, a, b, basis_at(L, 3)));
    lua_pushnumber(L, out);
    return 1;
}

/* fpa.xirr_batch({{dates, amounts}, ...}, guess, {threads = n, day_count = name}) ->
 * rates (nil where a schedule has no solution), messages */
static int l_xirr_batch(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t count = (size_t)lua_rawlen(L, 1), total = 0;
    if (count == 0) return lfpa_error(L, FPA_EINVAL, "no schedules");
    double guess = optnum(L, 2, "guess", 0.1);
    static const char *const skip[] = {"day_count", NULL};
    fpa_opts *opts = lfpa_opts(L, 3, "tvm", skip);
    if (opts) {  /* the options table may name the basis */
        lua_getfield(L, 3, "day_count");
        fpa_day_count b = basis_at(L, -1);
        lua_pop(L, 1);
        lfpa_check(L, fpa_opts_set(opts, FPA_OPT_TVM_DAY_COUNT, (double)b));
    }
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

void lfpa_open_tvm(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"npv", l_npv},         {"irr", l_irr},       {"irr_roots", l_irr_roots},
        {"mirr", l_mirr},       {"xnpv", l_xnpv},     {"xirr", l_xirr},
        {"xirr_batch", l_xirr_batch}, {"year_fraction", l_year_fraction},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        lua_pushlightuserdata(L, (void *)&specs[i]);
        lua_pushcclosure(L, l_elementwise, 1);
        lua_setfield(L, -2, specs[i].name);
    }
    /* fpa.day_counts: the bases' canonical names, in enum order */
    lua_createtable(L, 7, 0);
    for (int b = 0; fpa_tvm_day_count_name((fpa_day_count)b); b++) {
        lua_pushstring(L, fpa_tvm_day_count_name((fpa_day_count)b));
        lua_rawseti(L, -2, b + 1);
    }
    lua_setfield(L, -2, "day_counts");
}
