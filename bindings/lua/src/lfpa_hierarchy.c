/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hierarchical forecasting for Lua (fpa/hierarchy.h):
 *
 *   fpa.hierarchical_forecast(tree, data [, {horizon =, level =, period =,
 *       aggregates = "given" | "sum", method =, reconcile =, intervals =,
 *       threads =, seed =, npaths = ...}])
 *
 * `tree` is an fpa.tree (fpa.hierarchy); `data` holds one row per node,
 * either a sequence in the tree's node order or a table keyed by node id
 * (with aggregates = "sum" the aggregates' rows may be absent); false
 * marks a leading missing value. The result is keyed by node id:
 * {ids, mean, lower, upper, base_mean, base_lower, base_upper, models,
 * method, shrinkage, levels}; with one level given as a number, lower[id]
 * and upper[id] are sequences, else one sequence per level. */
#include "lfpa.h"

#include <math.h>
#include <string.h>

#define TREE "fpa.tree"
#define HIER "fpa.hierarchy_state"
#define RESULT "fpa.hierarchy_result"

static const char *const aggregates[] = {"given", "sum", NULL};
static const char *const intervals[] = {"gaussian", "simulate", NULL};
static const char *const reconciles[] = {"bottom_up", "top_down", "ols", "wls_struct",
                                         "wls_var", "mint_shrink", NULL};
static const char *const arg_fields[] = {"horizon", "level", "period", "aggregates", "method",
                                         "reconcile", "intervals", NULL};

/* One row of data at the top of the stack into y (T values; false -> NaN). */
static void read_row(lua_State *L, double *y, size_t T, const char *id)
{
    if (!lua_istable(L, -1))
        lfpa_error(L, FPA_EINVAL, "data for node \"%s\" must be a sequence, got %s", id,
                   luaL_typename(L, -1));
    if ((size_t)lua_rawlen(L, -1) != T)
        lfpa_error(L, FPA_EINVAL, "data for node \"%s\" has %d values, others have %d", id,
                   (int)lua_rawlen(L, -1), (int)T);
    for (size_t t = 0; t < T; t++) {
        int k = lua_rawgeti(L, -1, (lua_Integer)t + 1);
        if (k == LUA_TNUMBER) y[t] = lua_tonumber(L, -1);
        else if (k == LUA_TBOOLEAN && !lua_toboolean(L, -1)) y[t] = NAN;
        else
            lfpa_error(L, FPA_EINVAL, "data for node \"%s\"[%d] is a %s, not a number "
                       "(false: missing)", id, (int)t + 1, lua_typename(L, k));
        lua_pop(L, 1);
    }
}

/* Push node i's row of the data table at idx (nil when absent). */
static int push_row(lua_State *L, int idx, const fpa_tree *t, size_t i, int by_position)
{
    if (by_position) return lua_rawgeti(L, idx, (lua_Integer)i + 1);
    return lua_getfield(L, idx, fpa_variance_tree_id(t, i));
}

/* The data as n x T values in userdata pushed on the stack. */
static double *read_data(lua_State *L, int idx, const fpa_tree *t, size_t n, size_t *T)
{
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "data must be a table of rows, got %s", luaL_typename(L, idx));
    size_t len = (size_t)lua_rawlen(L, idx);
    int by_position = len > 0;
    if (by_position && len != n)
        lfpa_error(L, FPA_EINVAL, "data has %d rows for %d nodes", (int)len, (int)n);
    *T = 0;
    for (size_t i = 0; i < n && !*T; i++) {
        if (push_row(L, idx, t, i, by_position) == LUA_TTABLE) *T = (size_t)lua_rawlen(L, -1);
        lua_pop(L, 1);
    }
    if (!*T) lfpa_error(L, FPA_EINVAL, "data has no values");
    if (n > ((size_t)-1 >> 4) / *T) lfpa_error(L, FPA_ENOMEM, "data too large");
    double *y = lfpa_scratch(L, n * *T, sizeof *y);
    for (size_t i = 0; i < n; i++) {
        if (push_row(L, idx, t, i, by_position) == LUA_TNIL) {
            for (size_t k = 0; k < *T; k++) y[i * *T + k] = NAN;  /* the library says */
        } else {
            read_row(L, y + i * *T, *T, fpa_variance_tree_id(t, i));
        }
        lua_pop(L, 1);
    }
    return y;
}

static const char *field_string(lua_State *L, int idx, const char *field, const char *def)
{
    if (!lua_istable(L, idx)) return def;
    int k = lua_getfield(L, idx, field);
    const char *s = k == LUA_TNIL ? def : k == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (!s) lfpa_error(L, FPA_EINVAL, "option %s must be a string", field);
    lua_pop(L, 1);  /* the string stays alive in the options table */
    return s;
}

static int field_choice(lua_State *L, int idx, const char *field, const char *def,
                        const char *const *names)
{
    const char *s = field_string(L, idx, field, def);
    for (int i = 0; names[i]; i++)
        if (!strcmp(s, names[i])) return i;
    lua_pushstring(L, s);
    return lfpa_choice(L, -1, field, NULL, names);  /* raises, listing the choices */
}

static size_t field_count(lua_State *L, int idx, const char *field, size_t def)
{
    if (!lua_istable(L, idx)) return def;
    lua_getfield(L, idx, field);
    size_t v = lfpa_count(L, -1, field, def);
    lua_pop(L, 1);
    return v;
}

/* Levels: absent {80, 95}, false none, a number one (*scalar), a sequence;
 * in userdata pushed on the stack. */
static double *levels_of(lua_State *L, int idx, size_t *nl, int *scalar)
{
    int k = lua_istable(L, idx) ? lua_getfield(L, idx, "level") : (lua_pushnil(L), LUA_TNIL);
    int field = lua_gettop(L);
    double *lev;
    *scalar = 0;
    if (k == LUA_TTABLE) {
        lev = lfpa_doubles(L, field, nl, 0, "level");
    } else {
        lev = lfpa_scratch(L, 2, sizeof *lev);
        if (k == LUA_TNIL) lev[0] = 80, lev[1] = 95, *nl = 2;
        else if (k == LUA_TBOOLEAN && !lua_toboolean(L, field)) *nl = 0;
        else if (k == LUA_TNUMBER) lev[0] = lua_tonumber(L, field), *nl = 1, *scalar = 1;
        else lfpa_error(L, FPA_EINVAL, "option level must be a number, a sequence or false");
    }
    lua_remove(L, field);
    return lev;
}

/* Push {id = values} of node-major rows: h values per node, or nl x h. */
static void push_by_node(lua_State *L, const fpa_tree *t, const double *x, size_t n,
                         size_t nl, size_t h, int scalar)
{
    lua_createtable(L, 0, (int)n);
    for (size_t i = 0; i < n; i++) {
        if (nl == 0 || scalar) {
            lfpa_push_doubles(L, x + i * (nl ? nl : 1) * h, h);
        } else {
            lua_createtable(L, (int)nl, 0);
            for (size_t k = 0; k < nl; k++) {
                lfpa_push_doubles(L, x + (i * nl + k) * h, h);
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
        }
        lua_setfield(L, -2, fpa_variance_tree_id(t, i));
    }
}

/* Set res.<prefix>mean, lower, upper (res: the table at absolute index). */
static void push_view(lua_State *L, int res, const fpa_hierarchy_result *r, const fpa_tree *t,
                      size_t n, size_t h, size_t nl, int scalar, fpa_hierarchy_view view,
                      const char *prefix)
{
    char key[24];
    double *mean = lfpa_scratch(L, n * h, sizeof *mean);
    double *lo = lfpa_scratch(L, n * nl * h, sizeof *lo);
    double *up = lfpa_scratch(L, n * nl * h, sizeof *up);
    lfpa_check(L, fpa_hierarchy_result_mean(mean, n * h, r, view));
    if (nl) lfpa_check(L, fpa_hierarchy_result_bounds(lo, up, n * nl * h, r, view));
    push_by_node(L, t, mean, n, 0, h, 0);
    snprintf(key, sizeof key, "%smean", prefix);
    lua_setfield(L, res, key);
    const double *b[2] = {lo, up};
    static const char *const side[2] = {"lower", "upper"};
    for (int s = 0; s < 2; s++) {
        if (nl) push_by_node(L, t, b[s], n, nl, h, scalar);
        else lua_newtable(L);  /* no levels, no bounds */
        snprintf(key, sizeof key, "%s%s", prefix, side[s]);
        lua_setfield(L, res, key);
    }
    lua_pop(L, 3);  /* the scratch */
}

static void push_result(lua_State *L, const fpa_hierarchy_result *r, const fpa_tree *t,
                        const double *lev, size_t nl, int scalar)
{
    size_t n, h;
    lfpa_check(L, fpa_hierarchy_result_size(&n, &h, NULL, r));
    lua_createtable(L, 0, 11);
    int res = lua_gettop(L);
    push_view(L, res, r, t, n, h, nl, scalar, FPA_HIERARCHY_RECONCILED, "");
    push_view(L, res, r, t, n, h, nl, scalar, FPA_HIERARCHY_BASE, "base_");
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, 0, (int)n);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, fpa_variance_tree_id(t, i));
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        lua_pushstring(L, fpa_hierarchy_result_model(r, i));
        lua_setfield(L, -2, fpa_variance_tree_id(t, i));
    }
    lua_setfield(L, -3, "models");
    lua_setfield(L, -2, "ids");
    fpa_reconcile_method m;
    double lambda;
    lfpa_check(L, fpa_hierarchy_result_info(&m, &lambda, r));
    lua_pushstring(L, fpa_reconcile_method_name(m));
    lua_setfield(L, -2, "method");
    lua_pushnumber(L, lambda);
    lua_setfield(L, -2, "shrinkage");
    lfpa_push_doubles(L, lev, nl);
    lua_setfield(L, -2, "levels");
}

/* Settings of the options table at idx onto the hierarchy. */
static void configure(lua_State *L, fpa_hierarchy *H, int idx)
{
    const char *name = field_string(L, idx, "method", "auto");
    fpa_forecast_method method = FPA_FORECAST_ETS;
    if (strcmp(name, "auto") && fpa_forecast_method_find(&method, name) != FPA_OK)
        lfpa_error(L, FPA_EINVAL, "method \"%s\" is unknown: use \"auto\" or a name of "
                   "fpa.FORECAST_METHODS", name);
    lfpa_check(L, fpa_hierarchy_set_method(H, method));
    int rec = field_choice(L, idx, "reconcile", "mint_shrink", reconciles);
    lfpa_check(L, fpa_hierarchy_set_reconcile(H, (fpa_reconcile_method)rec));
    int iv = field_choice(L, idx, "intervals", "gaussian", intervals);
    lfpa_check(L, fpa_hierarchy_set_intervals(H, (fpa_hierarchy_intervals)iv));
}

static int l_hierarchical_forecast(lua_State *L)
{
    lua_settop(L, 3);
    if (!luaL_testudata(L, 1, TREE))
        return lfpa_error(L, FPA_EINVAL, "tree must be an " TREE " (fpa.hierarchy), got %s",
                          luaL_typename(L, 1));
    fpa_tree *t = lfpa_toobject(L, 1, TREE);
    size_t n = fpa_variance_tree_size(t), T;
    int which = field_choice(L, 3, "aggregates", "given", aggregates);
    double *y = read_data(L, 2, t, n, &T);                           /* 4 */
    fpa_opts *o = lfpa_opts(L, 3, "forecast", arg_fields);            /* 5 */
    size_t nl;
    int scalar;
    double *lev = levels_of(L, 3, &nl, &scalar);                      /* 6 */
    size_t h = field_count(L, 3, "horizon", 12), period = field_count(L, 3, "period", 12);
    void **hs = lfpa_newobject(L, HIER);                              /* 7 */
    lfpa_check(L, fpa_hierarchy_new((fpa_hierarchy **)hs, t, NULL));
    fpa_hierarchy *H = *hs;
    lfpa_check(L, fpa_hierarchy_set_data(H, y, T, period, (fpa_hierarchy_data)which));
    configure(L, H, 3);
    void **rs = lfpa_newobject(L, RESULT);                            /* 8 */
    lfpa_check(L, fpa_hierarchy_forecast((fpa_hierarchy_result **)rs, H, h, nl ? lev : NULL,
                                         nl, o));
    push_result(L, *rs, t, lev, nl, scalar);
    return 1;
}

static void hier_free(void *p) { fpa_hierarchy_free(p); }
static void result_free(void *p) { fpa_hierarchy_result_free(p); }

void lfpa_open_hierarchy(lua_State *L)
{
    static const luaL_Reg none[] = {{NULL, NULL}};
    lfpa_newclass(L, HIER, none, hier_free);
    lfpa_newclass(L, RESULT, none, result_free);
    lua_pushcfunction(L, l_hierarchical_forecast);
    lua_setfield(L, -2, "hierarchical_forecast");
    lua_createtable(L, 6, 0);
    for (int i = 0; reconciles[i]; i++) {
        lua_pushstring(L, reconciles[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "RECONCILE_METHODS");
}
