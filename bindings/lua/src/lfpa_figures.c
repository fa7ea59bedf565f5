/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The figures of the fpa review pack that the library computes, for Lua:
 *   fpa.trailing_stats(x [, last])           -> mean, sd (false with one
 *                                               value), count
 *   fpa.wc_history{days=, revenue=, cogs=, ar=, cash= [, inventory=, ap=]}
 *                                            -> {dso = {...}, ...}
 *   fpa.residual_correlation(model_a, y_a, model_b, y_b) -> r
 * Missing inputs of a series are false (or NaN); undefined outputs are
 * false, as everywhere in the binding. */
#include "lfpa.h"

#include <math.h>
#include <string.h>

static int l_trailing_stats(lua_State *L)
{
    lua_settop(L, 2);
    size_t rows, cols;
    int shape;
    unsigned char *missing = NULL;
    double *x = lfpa_matrix(L, 1, &rows, &cols, &shape, &missing, "x");
    if (rows != 1) lfpa_error(L, FPA_EINVAL, "x must be one series");
    for (size_t t = 0; missing && t < cols; t++)
        if (missing[t]) x[t] = NAN;
    size_t last = lfpa_count(L, 2, "last", cols), k = 0;
    double mean, sd;
    fpa_status st = fpa_kpi_trailing_stats(&mean, &sd, &k, x, cols, last);
    if (st != FPA_PARTIAL) lfpa_check(L, st);
    lua_pushnumber(L, mean);
    if (st == FPA_OK) lua_pushnumber(L, sd);
    else lua_pushboolean(L, 0);
    lua_pushinteger(L, (lua_Integer)k);
    return 3;
}

/* The series of field `name` of the table at 1, n values (0 when absent
 * and optional). */
static double *field(lua_State *L, const char *name, size_t n, int optional)
{
    lua_getfield(L, 1, name);
    int idx = lua_gettop(L);
    if (lua_isnil(L, idx) && optional) return lfpa_scratch(L, n, sizeof(double));
    if (lua_type(L, idx) == LUA_TNUMBER && !strcmp(name, "days")) {
        double *d = lfpa_scratch(L, n, sizeof *d);
        for (size_t t = 0; t < n; t++) d[t] = lua_tonumber(L, idx);
        return d;
    }
    size_t m;
    double *x = lfpa_doubles(L, idx, &m, 1, name);
    if (m != n) lfpa_error(L, FPA_EINVAL, "%s has %d values, revenue has %d", name, (int)m,
                           (int)n);
    return x;
}

static int l_wc_history(lua_State *L)
{
    static const char *const rows[FPA_WC_HIST_ROWS] = {
        "dso", "dio", "dpo", "ccc", "nwc", "other_cash", "collections", "cash_out",
        "net_burn"};
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    size_t n;
    lua_getfield(L, 1, "revenue");
    const double *rev = lfpa_doubles(L, 2, &n, 1, "revenue");
    const double *cogs = field(L, "cogs", n, 0), *days = field(L, "days", n, 0);
    double *bal = lfpa_scratch(L, 4 * n, sizeof *bal);
    static const char *const bnames[4] = {"ar", "inventory", "ap", "cash"};
    for (size_t k = 0; k < 4; k++)
        memcpy(bal + k * n, field(L, bnames[k], n, k == 1 || k == 2), n * sizeof *bal);
    double *out = lfpa_scratch(L, FPA_WC_HIST_ROWS * n, sizeof *out);
    unsigned char *valid = lfpa_scratch(L, n, 1);
    fpa_status st = fpa_wc_history(out, FPA_WC_HIST_ROWS * n, rev, cogs, bal, days, n);
    if (st != FPA_PARTIAL) lfpa_check(L, st);
    lua_createtable(L, 0, FPA_WC_HIST_ROWS);
    for (size_t r = 0; r < FPA_WC_HIST_ROWS; r++) {
        for (size_t t = 0; t < n; t++) valid[t] = !isnan(out[r * n + t]);
        lfpa_push_matrix(L, out + r * n, valid, 1, n, LFPA_SERIES);
        lua_setfield(L, -2, rows[r]);
    }
    return 1;
}

static int l_residual_correlation(lua_State *L)
{
    lua_settop(L, 4);
    const fpa_forecast_model *a = lfpa_toobject(L, 1, "fpa.forecast_model");
    const fpa_forecast_model *b = lfpa_toobject(L, 3, "fpa.forecast_model");
    size_t na, nb;
    const double *ya = lfpa_doubles(L, 2, &na, 1, "y_a"), *yb = lfpa_doubles(L, 4, &nb, 1, "y_b");
    if (na != fpa_forecast_model_length(a) || nb != fpa_forecast_model_length(b))
        lfpa_error(L, FPA_EINVAL, "y_a and y_b must hold the values each model was fitted to");
    double r;
    lfpa_check(L, fpa_forecast_residual_correlation(&r, a, ya, b, yb));
    lua_pushnumber(L, r);
    return 1;
}

void lfpa_open_figures(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"trailing_stats", l_trailing_stats},
        {"wc_history", l_wc_history},
        {"residual_correlation", l_residual_correlation},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
