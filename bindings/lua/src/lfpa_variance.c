/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Budget versus actual for Lua (include/fpa/variance.h). Matrices are
 * tables of rows (lines x periods) or plain sequences; periods, lines and
 * nodes are 1-based; enums are names ("cost", "ytd", "leaves"); the
 * hierarchy is an object with methods. */
#include "lfpa_tables.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TREE "fpa.tree"

static const char *const natures[] = {"revenue", "cost", NULL};
static const char *const rules[] = {"either", "both", "abs", "pct", NULL};
static const char *const windows[] = {"period", "qtd", "ytd", "trailing3", "trailing12",
                                      "outlook", NULL};
static const char *const drills[] = {"children", "leaves", NULL};

static double num(lua_State *L, int idx, const char *name)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s must be a number, got %s", name, luaL_typename(L, idx));
    return lua_tonumber(L, idx);
}

static int whole(lua_State *L, int idx, const char *name)
{
    if (!lua_isinteger(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be an integer, got %s", name,
                   lua_type(L, idx) == LUA_TNUMBER ? "a float" : luaL_typename(L, idx));
    lua_Integer v = lua_tointeger(L, idx);
    return v < -1000000000 || v > 1000000000 ? -1000000000 : (int)v;
}

/* A 1-based period or node position as 0-based; `at` must be >= 1. */
static size_t position(lua_State *L, int idx, const char *name)
{
    if (!lua_isinteger(L, idx) || lua_tointeger(L, idx) < 1)
        lfpa_error(L, FPA_EINVAL, "%s must be a position (an integer from 1)", name);
    return (size_t)(lua_tointeger(L, idx) - 1);
}

/* The variance options at idx, the materiality rule accepted by name;
 * `skip` lists per-call fields that are not options. */
static fpa_opts *var_opts(lua_State *L, int idx, const char *const *skip)
{
    fpa_opts *o = lfpa_opts(L, idx, "variance", skip);
    if (o) {
        lua_getfield(L, idx, "material_rule");
        if (!lua_isnil(L, -1))
            lfpa_check(L, fpa_opts_set(o, FPA_OPT_VARIANCE_MATERIAL_RULE,
                                       lt_choice(L, -1, rules, 0, "material_rule")));
        lua_pop(L, 1);
    }
    return o;
}

static const char *const rule_only[] = {"material_rule", NULL};

static void same_shape(lua_State *L, const lt_shape *a, const lt_shape *b, const char *na,
                       const char *nb)
{
    if (a->rows != b->rows || a->cols != b->cols || a->matrix != b->matrix)
        lfpa_error(L, FPA_EINVAL, "%s is %zu x %zu but %s is %zu x %zu", na, a->rows,
                   a->cols, nb, b->rows, b->cols);
}

/* ---- not applicable and undefined values --------------------------------- */

/* Exactly n numbers at idx, where nil or false is "not applicable" (NaN
 * for the library, which accepts it only where the value cannot matter);
 * the length comes from another argument, since nil leaves a hole. */
static double *vec_na(lua_State *L, int idx, size_t n, const char *what)
{
    idx = lua_absindex(L, idx);
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a table, got %s", what, luaL_typename(L, idx));
    if ((size_t)lua_rawlen(L, idx) > n)
        lfpa_error(L, FPA_EINVAL, "%s has %zu values for %zu", what,
                   (size_t)lua_rawlen(L, idx), n);
    double *x = lfpa_scratch(L, n, sizeof *x);
    for (size_t i = 0; i < n; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if (t == LUA_TNUMBER) x[i] = lua_tonumber(L, -1);
        else if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))) x[i] = NAN;
        else lfpa_error(L, FPA_EINVAL, "%s[%zu] is a %s, not a number (nil or false: not "
                        "applicable)", what, i + 1, lua_typename(L, t));
        lua_pop(L, 1);
    }
    return x;
}

/* A number, or false where the library left NaN (undefined). */
static void push_defined(lua_State *L, double x)
{
    if (isnan(x)) lua_pushboolean(L, 0);
    else lua_pushnumber(L, x);
}

static void push_defined_seq(lua_State *L, const double *x, size_t n)
{
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        push_defined(L, x[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_defined_named(lua_State *L, const double *x, const char *const *names,
                               size_t n)
{
    lua_createtable(L, 0, (int)n);
    for (size_t k = 0; k < n; k++) {
        push_defined(L, x[k]);
        lua_setfield(L, -2, names[k]);
    }
}

/* Raise for a failure; for a partial result (FPA_PARTIAL: undefined
 * outputs, the others computed) return 1, the caller then reports the
 * library's detail (partial_field or an extra result). */
static int check_partial(lua_State *L, fpa_status st)
{
    if (st == FPA_PARTIAL) return 1;
    lfpa_check(L, st);
    return 0;
}

/* t.partial = the detail, on the table at the top, when partial */
static void partial_field(lua_State *L, int partial)
{
    if (!partial) return;
    lfpa_push_detail(L);
    lua_setfield(L, -2, "partial");
}

/* fpa.variance(budget, actual, nature [, {material_abs=, material_pct=,
 * material_rule=, threads=, abs_threshold=, pct_threshold=, rule=}])
 * -> variance, pct, flags (tables shaped like budget) */
static int l_variance(lua_State *L)
{
    static const char *const skip[] = {"material_rule", "abs_threshold", "pct_threshold",
                                       "rule", NULL};
    lua_settop(L, 4);  /* fixed places for optional arguments */
    luaL_checkstack(L, 24, NULL);
    lt_shape sb, sa;
    double *b = lt_doubles(L, 1, &sb, "budget");
    double *a = lt_doubles(L, 2, &sa, "actual");
    same_shape(L, &sb, &sa, "budget", "actual");
    int *nat = lt_choices(L, 3, sb.rows, natures, "nature");
    fpa_opts *o = var_opts(L, 4, skip);
    double *abs_t = NULL, *pct_t = NULL;
    int *rule = NULL;
    if (lua_istable(L, 4)) {
        lua_getfield(L, 4, "abs_threshold");
        abs_t = lt_per_line(L, -1, sb.rows, "abs_threshold");
        lua_getfield(L, 4, "pct_threshold");
        pct_t = lt_per_line(L, -1, sb.rows, "pct_threshold");
        if (lua_getfield(L, 4, "rule") != LUA_TNIL)
            rule = lt_choices(L, -1, sb.rows, rules, "rule");
    }
    size_t n = sb.rows * sb.cols;
    double *v = lfpa_scratch(L, n, sizeof *v), *p = lfpa_scratch(L, n, sizeof *p);
    uint32_t *f = lfpa_scratch(L, n, sizeof *f);
    lfpa_check(L, fpa_variance_compute(v, p, f, b, a, sb.rows, sb.cols, nat, abs_t, pct_t,
                                       rule, o));
    lt_push_doubles(L, v, &sb);
    lt_push_doubles(L, p, &sb);
    lt_push_flags(L, f, &sb);
    return 3;
}

static lua_Integer flag_word(lua_State *L)
{
    if (!lua_isinteger(L, 1))
        lfpa_error(L, FPA_EINVAL, "the flag word must be an integer, got %s",
                   luaL_typename(L, 1));
    return lua_tointeger(L, 1);
}

static void setbool(lua_State *L, const char *name, int v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, name);
}

/* fpa.variance_flags(word) -> {favourable=, unfavourable=, material=,
 * no_budget=, sign_flip=, effect="favourable"|"unfavourable"|"neutral"} */
static int l_variance_flags(lua_State *L)
{
    lua_Integer w = flag_word(L);
    lua_createtable(L, 0, 6);
    setbool(L, "favourable", (w & FPA_VAR_FAVOURABLE) != 0);
    setbool(L, "unfavourable", (w & FPA_VAR_UNFAVOURABLE) != 0);
    setbool(L, "material", (w & FPA_VAR_MATERIAL) != 0);
    setbool(L, "no_budget", (w & FPA_VAR_NO_BUDGET) != 0);
    setbool(L, "sign_flip", (w & FPA_VAR_SIGN_FLIP) != 0);
    lua_pushstring(L, (w & FPA_VAR_FAVOURABLE)     ? "favourable"
                      : (w & FPA_VAR_UNFAVOURABLE) ? "unfavourable"
                                                   : "neutral");
    lua_setfield(L, -2, "effect");
    return 1;
}

/* fpa.window_range(periods, first_month, at, window [, {fy_start=}]) ->
 * first, last (1-based, inclusive) */
static int l_window_range(lua_State *L)
{
    lua_settop(L, 5);  /* fixed places for optional arguments */
    if (!lua_isinteger(L, 1) || lua_tointeger(L, 1) < 0)
        return lfpa_error(L, FPA_EINVAL, "periods must be a count (an integer >= 0)");
    size_t periods = (size_t)lua_tointeger(L, 1), first, last;
    int month = whole(L, 2, "first_month");
    size_t at = position(L, 3, "at");
    int w = lt_choice(L, 4, windows, FPA_WINDOW_YTD, "window");
    fpa_opts *o = var_opts(L, 5, rule_only);
    lfpa_check(L, fpa_variance_window_range(&first, &last, periods, month, at,
                                            (fpa_window)w, o));
    lua_pushinteger(L, (lua_Integer)first + 1);
    lua_pushinteger(L, (lua_Integer)last + 1);
    return 2;
}

/* fpa.variance_window(budget, actual, first_month, at, window [, forecast
 * [, opts]]) -> budget totals, actual totals (per line; numbers when the
 * inputs are plain sequences, i.e. one line) */
static int l_variance_window(lua_State *L)
{
    lua_settop(L, 7);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    lt_shape sb, sa, sf;
    double *b = lt_doubles(L, 1, &sb, "budget");
    double *a = lt_doubles(L, 2, &sa, "actual");
    same_shape(L, &sb, &sa, "budget", "actual");
    int month = whole(L, 3, "first_month");
    size_t at = position(L, 4, "at");
    int w = lt_choice(L, 5, windows, FPA_WINDOW_YTD, "window");
    double *f = NULL;
    if (!lua_isnil(L, 6)) {
        f = lt_doubles(L, 6, &sf, "forecast");
        same_shape(L, &sb, &sf, "budget", "forecast");
    }
    fpa_opts *o = var_opts(L, 7, rule_only);
    size_t lines = sb.matrix ? sb.rows : 1, periods = sb.matrix ? sb.cols : sb.rows;
    double *ob = lfpa_scratch(L, lines, sizeof *ob), *oa = lfpa_scratch(L, lines, sizeof *oa);
    lfpa_check(L, fpa_variance_window(ob, oa, b, a, f, lines, periods, month, at,
                                      (fpa_window)w, o));
    if (!sb.matrix) {
        lua_pushnumber(L, ob[0]);
        lua_pushnumber(L, oa[0]);
    } else {
        lfpa_push_doubles(L, ob, lines);
        lfpa_push_doubles(L, oa, lines);
    }
    return 2;
}

/* fpa.spend_control(item_line, item_amount, limit [, spent [, opts]]) ->
 * item flags, remaining per line */
static int l_spend_control(lua_State *L)
{
    lua_settop(L, 5);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    size_t n_lines, n_items, n_amt, n_spent;
    double *limit = lfpa_doubles(L, 3, &n_lines, 1, "limit");
    size_t *line = lt_positions(L, 1, &n_items, n_lines, "item_line", "line");
    double *amount = lfpa_doubles(L, 2, &n_amt, 0, "item_amount");
    if (n_amt != n_items)
        lfpa_error(L, FPA_EINVAL, "item_line has %zu items but item_amount has %zu", n_items,
                   n_amt);
    double *spent = NULL;
    if (!lua_isnil(L, 4)) {
        spent = lfpa_doubles(L, 4, &n_spent, 0, "spent");
        if (n_spent != n_lines)
            lfpa_error(L, FPA_EINVAL, "spent has %zu values for %zu lines", n_spent, n_lines);
    }
    fpa_opts *o = var_opts(L, 5, rule_only);
    uint32_t *flags = lfpa_scratch(L, n_items, sizeof *flags);
    double *rem = lfpa_scratch(L, n_lines, sizeof *rem);
    lfpa_check(L, fpa_variance_spend_control(flags, rem, n_items ? line : NULL,
                                             n_items ? amount : NULL, n_items, spent, limit,
                                             n_lines, o));
    lt_shape s = {n_items, 1, 0};
    lt_push_flags(L, flags, &s);
    lfpa_push_doubles(L, rem, n_lines);
    return 2;
}

/* fpa.spend_flags(word) -> {over_limit=, crosses_limit=, dual_approval=} */
static int l_spend_flags(lua_State *L)
{
    lua_Integer w = flag_word(L);
    lua_createtable(L, 0, 3);
    setbool(L, "over_limit", (w & FPA_SPEND_OVER_LIMIT) != 0);
    setbool(L, "crosses_limit", (w & FPA_SPEND_CROSSES_LIMIT) != 0);
    setbool(L, "dual_approval", (w & FPA_SPEND_DUAL_APPROVAL) != 0);
    return 1;
}

/* ---- hierarchies ----------------------------------------------------------- */

static void tree_free(void *t)
{
    fpa_variance_tree_free(t);
}

static fpa_tree *check_tree(lua_State *L)
{
    if (!luaL_testudata(L, 1, TREE))  /* tree.size() instead of tree:size() */
        lfpa_error(L, FPA_EINVAL, "expected an " TREE " (call methods with ':'), got %s",
                   luaL_typename(L, 1));
    return lfpa_toobject(L, 1, TREE);
}

/* fpa.hierarchy(ids [, parents [, opts]]) or fpa.hierarchy({{id, parent},
 * ...} [, opts]): parents nil, false or "" for roots */
static int l_hierarchy(lua_State *L)
{
    lua_settop(L, 3);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    if (!lua_istable(L, 1))
        return lfpa_error(L, FPA_EINVAL, "ids must be a table, got %s", luaL_typename(L, 1));
    size_t n = (size_t)lua_rawlen(L, 1);
    if (n == 0) return lfpa_error(L, FPA_EINVAL, "a hierarchy needs at least one node");
    int pairs = lua_rawgeti(L, 1, 1) == LUA_TTABLE;
    lua_pop(L, 1);
    if (pairs) {  /* (pairs, options) -> (ids, parents, options) */
        if (!lua_isnil(L, 3))
            return lfpa_error(L, FPA_EINVAL, "give (pairs, options), not a third argument");
        lua_createtable(L, (int)n, 0);  /* 4: ids */
        lua_createtable(L, (int)n, 0);  /* 5: parents */
        for (size_t i = 1; i <= n; i++) {
            if (lua_rawgeti(L, 1, (lua_Integer)i) != LUA_TTABLE)
                lfpa_error(L, FPA_EINVAL, "pairs[%zu] must be an {id, parent} table", i);
            lua_rawgeti(L, 6, 1);
            lua_rawseti(L, 4, (lua_Integer)i);
            if (lua_rawgeti(L, 6, 2) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushboolean(L, 0);  /* a root; nil would end the sequence */
            }
            lua_rawseti(L, 5, (lua_Integer)i);
            lua_pop(L, 1);
        }
        lua_copy(L, 2, 3);
        lua_copy(L, 4, 1);
        lua_copy(L, 5, 2);
        lua_settop(L, 3);
    }
    const char **ids = lt_strings(L, 1, n, 0, "ids");
    const char **parents = lua_isnil(L, 2) ? NULL : lt_strings(L, 2, n, 1, "parents");
    if (parents && (size_t)lua_rawlen(L, 2) > n)
        lfpa_error(L, FPA_EINVAL, "parents has %zu entries for %zu ids",
                   (size_t)lua_rawlen(L, 2), n);
    fpa_opts *o = lfpa_opts(L, 3, NULL, NULL);
    /* the userdata first, the tree second: a memory error of Lua's after
     * the tree exists would leak it. The box's first member is the object
     * (NULL: closed), as lfpa_newobject on main documents. */
    lfpa_pushobject(L, TREE, NULL);
    void **slot = lua_touserdata(L, -1);
    fpa_tree *t = NULL;
    lfpa_check(L, fpa_variance_tree_new(&t, ids, parents, n, o));
    *slot = t;
    return 1;
}

static int l_tree_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)fpa_variance_tree_size(check_tree(L)));
    return 1;
}

static int l_tree_tostring(lua_State *L)
{
    /* the userdata is lfpa.c's box, whose first member is the object,
     * NULL once closed (lfpa_toobject would raise) */
    void **box = luaL_checkudata(L, 1, TREE);
    if (*box)
        lua_pushfstring(L, TREE " (%d nodes)", (int)fpa_variance_tree_size(*box));
    else
        lua_pushliteral(L, TREE " (closed)");
    return 1;
}

/* A node given as a 1-based index or an id, as a 0-based index. */
static size_t node_of(lua_State *L, int idx, fpa_tree *t)
{
    size_t k;
    if (lua_type(L, idx) == LUA_TSTRING) {
        lfpa_check(L, fpa_variance_tree_find(&k, t, lua_tostring(L, idx)));
        return k;
    }
    k = position(L, idx, "node");
    if (k >= fpa_variance_tree_size(t))
        lfpa_error(L, FPA_EINVAL, "node %zu is out of range (the tree has %zu)", k + 1,
                   fpa_variance_tree_size(t));
    return k;
}

static int l_tree_id(lua_State *L)
{
    fpa_tree *t = check_tree(L);
    lua_pushstring(L, fpa_variance_tree_id(t, node_of(L, 2, t)));
    return 1;
}

static int l_tree_find(lua_State *L)
{
    fpa_tree *t = check_tree(L);
    size_t k;
    if (lua_type(L, 2) != LUA_TSTRING)
        lfpa_error(L, FPA_EINVAL, "id must be a string, got %s", luaL_typename(L, 2));
    lfpa_check(L, fpa_variance_tree_find(&k, t, lua_tostring(L, 2)));
    lua_pushinteger(L, (lua_Integer)k + 1);
    return 1;
}

static int l_tree_parent(lua_State *L)
{
    fpa_tree *t = check_tree(L);
    size_t p;
    lfpa_check(L, fpa_variance_tree_parent(&p, t, node_of(L, 2, t)));
    if (p == FPA_TREE_NONE)
        lua_pushnil(L);
    else
        lua_pushinteger(L, (lua_Integer)p + 1);
    return 1;
}

static int l_tree_ids(lua_State *L)
{
    fpa_tree *t = check_tree(L);
    size_t n = fpa_variance_tree_size(t);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, fpa_variance_tree_id(t, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Amounts per node at idx: a sequence (or table of rows) in node order, or
 * a table keyed by id ({["O-IT"] = 650}) where absent nodes count 0. */
static double *by_node(lua_State *L, int idx, fpa_tree *t, lt_shape *sh, int *keyed,
                       const char *what)
{
    idx = lua_absindex(L, idx);
    size_t n = fpa_variance_tree_size(t);
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a table, got %s", what, luaL_typename(L, idx));
    *keyed = lua_rawlen(L, idx) == 0;
    if (!*keyed) {
        double *x = lt_doubles(L, idx, sh, what);
        if (sh->rows != n)
            lfpa_error(L, FPA_EINVAL, "%s has %zu rows for %zu nodes", what, sh->rows, n);
        return x;
    }
    sh->rows = n, sh->cols = 0, sh->matrix = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {  /* first pass: check keys and shape */
        if (lua_type(L, -2) != LUA_TSTRING)
            lfpa_error(L, FPA_EINVAL, "%s: keys must be node ids (strings)", what);
        int row = lua_istable(L, -1);
        size_t cols = row ? (size_t)lua_rawlen(L, -1) : 1;
        if (!row && lua_type(L, -1) != LUA_TNUMBER)
            lfpa_error(L, FPA_EINVAL, "%s[\"%s\"] is a %s, not a number", what,
                       lua_tostring(L, -2), luaL_typename(L, -1));
        if (sh->cols && (cols != sh->cols || row != sh->matrix))
            lfpa_error(L, FPA_EINVAL, "%s[\"%s\"] has %zu values, others %zu", what,
                       lua_tostring(L, -2), cols, sh->cols);
        if (cols == 0) lfpa_error(L, FPA_EINVAL, "%s[\"%s\"] is empty", what, lua_tostring(L, -2));
        sh->cols = cols, sh->matrix = row;
        lua_pop(L, 1);
    }
    if (sh->cols == 0) lfpa_error(L, FPA_EINVAL, "%s is empty", what);
    double *x = lfpa_scratch(L, n * sh->cols, sizeof *x);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        size_t k;
        lfpa_check(L, fpa_variance_tree_find(&k, t, lua_tostring(L, -2)));
        for (size_t j = 0; j < sh->cols; j++) {
            if (sh->matrix) {
                if (lua_rawgeti(L, -1, (lua_Integer)j + 1) != LUA_TNUMBER)
                    lfpa_error(L, FPA_EINVAL, "%s[\"%s\"][%zu] is not a number", what,
                               lua_tostring(L, -3), j + 1);
            } else {
                lua_pushvalue(L, -1);
            }
            x[k * sh->cols + j] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    return x;
}

static void push_by_node(lua_State *L, const double *x, const lt_shape *sh, int keyed,
                         fpa_tree *t)
{
    if (!keyed) {
        lt_push_doubles(L, x, sh);
        return;
    }
    lua_createtable(L, 0, (int)sh->rows);
    for (size_t i = 0; i < sh->rows; i++) {
        if (sh->matrix)
            lfpa_push_doubles(L, x + i * sh->cols, sh->cols);
        else
            lua_pushnumber(L, x[i]);
        lua_setfield(L, -2, fpa_variance_tree_id(t, i));
    }
}

/* The nature of every node at idx: one name for all, a sequence in node
 * order, or a table keyed by id. */
static int *node_natures(lua_State *L, int idx, fpa_tree *t)
{
    idx = lua_absindex(L, idx);
    size_t n = fpa_variance_tree_size(t);
    if (!lua_istable(L, idx) || lua_rawlen(L, idx) > 0)
        return lt_choices(L, idx, n, natures, "nature");
    int *out = lfpa_scratch(L, n, sizeof *out);
    char what[96];
    for (size_t i = 0; i < n; i++) {
        const char *id = fpa_variance_tree_id(t, i);
        snprintf(what, sizeof what, "nature[\"%.60s\"]", id);
        if (lua_getfield(L, idx, id) == LUA_TNIL)
            lfpa_error(L, FPA_EINVAL, "%s is missing", what);
        out[i] = lt_choice(L, -1, natures, 0, what);
        lua_pop(L, 1);
    }
    return out;
}

/* Amounts with false where a subtree mixes revenue and cost. */
static void push_by_node_unmixed(lua_State *L, double *x, const lt_shape *sh, int keyed,
                                 fpa_tree *t, const int *sub)
{
    for (size_t i = 0; i < sh->rows; i++)
        if (sub[i] == FPA_NATURE_MIXED)
            for (size_t j = 0; j < sh->cols; j++) x[i * sh->cols + j] = NAN;
    if (!keyed) {
        lua_createtable(L, (int)sh->rows, 0);
        for (size_t i = 0; i < sh->rows; i++) {
            if (sh->matrix) push_defined_seq(L, x + i * sh->cols, sh->cols);
            else push_defined(L, x[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return;
    }
    lua_createtable(L, 0, (int)sh->rows);
    for (size_t i = 0; i < sh->rows; i++) {
        if (sh->matrix) push_defined_seq(L, x + i * sh->cols, sh->cols);
        else push_defined(L, x[i]);
        lua_setfield(L, -2, fpa_variance_tree_id(t, i));
    }
}

/* tree:rollup(budget [, actual [, {threads=, nature=}]]) -> budget, actual,
 * variance (rolled up; actual and variance nil without actual); with
 * nature, also impact (the effect on operating income) and the natures of
 * the subtrees ("revenue", "cost", "mixed"), and false for the
 * natural-sign totals of mixed subtrees */
static int l_tree_rollup(lua_State *L)
{
    static const char *const skip[] = {"nature", NULL};
    static const char *const kinds[] = {"revenue", "cost", "mixed"};
    lua_settop(L, 4);  /* fixed places for optional arguments */
    luaL_checkstack(L, 20, NULL);
    fpa_tree *t = check_tree(L);
    lt_shape sb, sa;
    int kb, ka = 0, *nat = NULL;
    double *b = by_node(L, 2, t, &sb, &kb, "budget"), *a = NULL;
    if (!lua_isnil(L, 3)) {
        a = by_node(L, 3, t, &sa, &ka, "actual");
        same_shape(L, &sb, &sa, "budget", "actual");
    }
    fpa_opts *o = lfpa_opts(L, 4, "variance", skip);
    if (lua_istable(L, 4) && lua_getfield(L, 4, "nature") != LUA_TNIL) {
        if (!a) lfpa_error(L, FPA_EINVAL, "nature needs actual");
        nat = node_natures(L, -1, t);
    }
    size_t n = sb.rows * sb.cols;
    double *rb = lfpa_scratch(L, n, sizeof *rb);
    double *ra = a ? lfpa_scratch(L, n, sizeof *ra) : NULL;
    double *rv = a ? lfpa_scratch(L, n, sizeof *rv) : NULL;
    lfpa_check(L, fpa_variance_rollup(rb, ra, rv, t, b, a, sb.cols, o));
    if (!nat) {
        push_by_node(L, rb, &sb, kb, t);
        if (!a) return 1;
        push_by_node(L, ra, &sb, kb, t);
        push_by_node(L, rv, &sb, kb, t);
        return 3;
    }
    double *impact = lfpa_scratch(L, n, sizeof *impact);
    int *sub = lfpa_scratch(L, sb.rows, sizeof *sub);
    lfpa_check(L, fpa_variance_rollup_impact(impact, sub, t, b, a, nat, sb.cols, o));
    push_by_node_unmixed(L, rb, &sb, kb, t, sub);
    push_by_node_unmixed(L, ra, &sb, kb, t, sub);
    push_by_node_unmixed(L, rv, &sb, kb, t, sub);
    push_by_node(L, impact, &sb, kb, t);
    lua_createtable(L, kb ? 0 : (int)sb.rows, kb ? (int)sb.rows : 0);
    for (size_t i = 0; i < sb.rows; i++) {
        lua_pushstring(L, kinds[sub[i]]);
        if (kb) lua_setfield(L, -2, fpa_variance_tree_id(t, i));
        else lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 5;
}

/* tree:drilldown(budget, actual, node [, mode [, top]]) -> {{node=, id=,
 * contribution=, share=}, ...} largest first, and the number available */
static int l_tree_drilldown(lua_State *L)
{
    lua_settop(L, 6);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    fpa_tree *t = check_tree(L);
    lt_shape sb, sa;
    int kb, ka;
    double *b = by_node(L, 2, t, &sb, &kb, "budget");
    double *a = by_node(L, 3, t, &sa, &ka, "actual");
    if (sb.cols != 1 || sb.matrix || sa.cols != 1 || sa.matrix)
        lfpa_error(L, FPA_EINVAL, "a drill-down takes one amount per node (one period)");
    size_t node = node_of(L, 4, t), count, avail, cap;
    int mode = lt_choice(L, 5, drills, FPA_DRILL_CHILDREN, "mode");
    if (lua_isnil(L, 6)) {
        lfpa_check(L, fpa_variance_drilldown(NULL, NULL, NULL, &count, &avail, t, b, a,
                                             node, (fpa_drill)mode, 0, NULL));
        cap = avail;
    } else {
        int64_t top = lt_int64(L, 6, "top");
        if (top < 0) lfpa_error(L, FPA_EINVAL, "top is %lld", (long long)top);
        cap = (size_t)top < sb.rows ? (size_t)top : sb.rows;
    }
    size_t *nodes = lfpa_scratch(L, cap, sizeof *nodes);
    double *c = lfpa_scratch(L, cap, sizeof *c), *s = lfpa_scratch(L, cap, sizeof *s);
    lfpa_check(L, fpa_variance_drilldown(nodes, c, s, &count, &avail, t, b, a, node,
                                         (fpa_drill)mode, cap, NULL));
    lua_createtable(L, (int)count, 0);
    for (size_t j = 0; j < count; j++) {
        lua_createtable(L, 0, 4);
        lua_pushinteger(L, (lua_Integer)nodes[j] + 1);
        lua_setfield(L, -2, "node");
        lua_pushstring(L, fpa_variance_tree_id(t, nodes[j]));
        lua_setfield(L, -2, "id");
        lua_pushnumber(L, c[j]);
        lua_setfield(L, -2, "contribution");
        lua_pushnumber(L, s[j]);
        lua_setfield(L, -2, "share");
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_pushinteger(L, (lua_Integer)avail);
    return 2;
}

/* ---- decompositions ----------------------------------------------------------- */

/* A sequence of exactly n doubles (n = 0: any length, returned in *n). */
static double *vec(lua_State *L, int idx, size_t *n, const char *what, const char *first)
{
    size_t len;
    double *x = lfpa_doubles(L, idx, &len, 1, what);
    if (*n && len != *n)
        lfpa_error(L, FPA_EINVAL, "%s has %zu values, %s has %zu", what, len, first, *n);
    *n = len;
    return x;
}

/* fpa.sales_mix_variance(budget_units, budget_price, actual_units,
 * actual_price [, budget_cost, actual_cost [, {decimals=}]]) -> {price=,
 * cost=, mix=, quantity=, total={price=, cost=, mix=, quantity=, total=}};
 * prices and costs may be nil or false where not applicable (no units);
 * without budgeted units mix and quantity are false and t.partial says
 * why */
static int l_sales_mix(lua_State *L)
{
    static const char *const parts[] = {"price", "cost", "mix", "quantity", "total"};
    lua_settop(L, 7);  /* fixed places for optional arguments */
    luaL_checkstack(L, 20, NULL);
    size_t n = 0;
    const char *f = "budget_units";
    double *bq = vec(L, 1, &n, "budget_units", f), *aq = vec(L, 3, &n, "actual_units", f);
    double *bp = vec_na(L, 2, n, "budget_price"), *ap = vec_na(L, 4, n, "actual_price");
    double *bc = lua_isnil(L, 5) ? NULL : vec_na(L, 5, n, "budget_cost");
    double *ac = lua_isnil(L, 6) ? NULL : vec_na(L, 6, n, "actual_cost");
    fpa_opts *o = var_opts(L, 7, rule_only);
    double *out[4], total[FPA_SALES_PARTS];
    for (int k = 0; k < 4; k++) out[k] = lfpa_scratch(L, n, sizeof(double));
    int partial = check_partial(L, fpa_variance_sales_mix(out[0], out[1], out[2], out[3],
                                                          total, bq, bp, bc, aq, ap, ac, n,
                                                          o));
    lua_createtable(L, 0, 6);
    for (int k = 0; k < 4; k++) {
        push_defined_seq(L, out[k], n);
        lua_setfield(L, -2, parts[k]);
    }
    push_defined_named(L, total, parts, FPA_SALES_PARTS);
    lua_setfield(L, -2, "total");
    partial_field(L, partial);
    return 1;
}

/* fpa.cost_variance(actual_qty, actual_price, standard_qty, standard_price
 * [, opts]) -> {price=, quantity=, total={price=, quantity=, total=}} */
static int l_cost_variance(lua_State *L)
{
    static const char *const parts[] = {"price", "quantity", "total"};
    lua_settop(L, 5);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    size_t n = 0;
    const char *f = "actual_qty";
    double *aq = vec(L, 1, &n, "actual_qty", f), *sq = vec(L, 3, &n, "standard_qty", f);
    double *ap = vec_na(L, 2, n, "actual_price"), *sp = vec_na(L, 4, n, "standard_price");
    fpa_opts *o = var_opts(L, 5, rule_only);
    double *price = lfpa_scratch(L, n, sizeof *price), *qty = lfpa_scratch(L, n, sizeof *qty);
    double total[3];
    lfpa_check(L, fpa_variance_cost(price, qty, total, aq, ap, sq, sp, n, o));
    lua_createtable(L, 0, 3);
    lfpa_push_doubles(L, price, n);
    lua_setfield(L, -2, "price");
    lfpa_push_doubles(L, qty, n);
    lua_setfield(L, -2, "quantity");
    lt_push_named(L, total, parts, 3);
    lua_setfield(L, -2, "total");
    return 1;
}

/* fpa.flexible_budget(static_budget, actual, variable_share, nature,
 * budget_volume, actual_volume [, opts]) -> {flexed=, volume=, flexible=,
 * income={static=, flexible=, actual=}} */
static int l_flexible_budget(lua_State *L)
{
    static const char *const parts[] = {"static", "flexible", "actual"};
    lua_settop(L, 7);  /* fixed places for optional arguments */
    luaL_checkstack(L, 16, NULL);
    size_t n = 0;
    double *s = vec(L, 1, &n, "static_budget", "static_budget");
    double *a = vec(L, 2, &n, "actual", "static_budget");
    if (lua_isnil(L, 3)) lfpa_error(L, FPA_EINVAL, "variable_share is missing");
    double *v = lua_istable(L, 3) ? vec_na(L, 3, n, "variable_share")
                                  : lt_per_line(L, 3, n, "variable_share");
    int *nat = lt_choices(L, 4, n, natures, "nature");
    double bv = num(L, 5, "budget_volume"), av = num(L, 6, "actual_volume");
    fpa_opts *o = var_opts(L, 7, rule_only);
    double *flexed = lfpa_scratch(L, n, sizeof(double)), *vol = lfpa_scratch(L, n, sizeof(double));
    double *flex = lfpa_scratch(L, n, sizeof(double)), income[3];
    int partial = check_partial(L, fpa_variance_flexible(flexed, vol, flex, income, s, a, v,
                                                         nat, n, bv, av, o));
    lua_createtable(L, 0, 5);
    push_defined_seq(L, flexed, n);
    lua_setfield(L, -2, "flexed");
    push_defined_seq(L, vol, n);
    lua_setfield(L, -2, "volume");
    push_defined_seq(L, flex, n);
    lua_setfield(L, -2, "flexible");
    push_defined_named(L, income, parts, 3);
    lua_setfield(L, -2, "income");
    partial_field(L, partial);
    return 1;
}

/* fpa.fixed_overhead_variance(actual, budget, denominator, allowed [, opts])
 * -> spending, volume, allocated; with a denominator of 0, volume and
 * allocated are false and a fourth result says why */
static int l_fixed_overhead(lua_State *L)
{
    lua_settop(L, 5);  /* fixed places for optional arguments */
    double sp = 0, vol = 0, alloc = 0;
    double actual = num(L, 1, "actual"), budget = num(L, 2, "budget");
    double denom = num(L, 3, "denominator"), allowed = num(L, 4, "allowed");
    fpa_opts *o = var_opts(L, 5, rule_only);
    int partial = check_partial(L, fpa_variance_fixed_overhead(&sp, &vol, &alloc, actual,
                                                               budget, denom, allowed, o));
    lua_pushnumber(L, sp);
    push_defined(L, vol);
    push_defined(L, alloc);
    if (!partial) return 3;
    lfpa_push_detail(L);
    return 4;
}

/* fpa.market_variance(budget_units, actual_units, budget_market,
 * actual_market, unit_value [, opts]) -> share, size */
static int l_market_variance(lua_State *L)
{
    lua_settop(L, 6);  /* fixed places for optional arguments */
    double share = 0, size = 0;
    double bq = num(L, 1, "budget_units"), aq = num(L, 2, "actual_units");
    double bm = num(L, 3, "budget_market"), am = num(L, 4, "actual_market");
    double u = num(L, 5, "unit_value");
    fpa_opts *o = var_opts(L, 6, rule_only);
    lfpa_check(L, fpa_variance_market(&share, &size, bq, aq, bm, am, u, o));
    lua_pushnumber(L, share);
    lua_pushnumber(L, size);
    return 2;
}

/* fpa.plan_accuracy(plan, actual) -> {mape=, wape=, bias=, n=, total={mape=,
 * wape=, bias=}}: per line, or numbers for plain sequences (one line) */
static int l_plan_accuracy(lua_State *L)
{
    static const char *const parts[] = {"mape", "wape", "bias"};
    lua_settop(L, 2);
    luaL_checkstack(L, 16, NULL);
    lt_shape sp, sa;
    double *p = lt_doubles(L, 1, &sp, "plan"), *a = lt_doubles(L, 2, &sa, "actual");
    same_shape(L, &sp, &sa, "plan", "actual");
    size_t lines = sp.matrix ? sp.rows : 1, periods = sp.matrix ? sp.cols : sp.rows;
    double *m[3], total[FPA_ACCURACY_PARTS];
    for (int k = 0; k < 3; k++) m[k] = lfpa_scratch(L, lines, sizeof(double));
    size_t *cnt = lfpa_scratch(L, lines, sizeof *cnt);
    lfpa_check(L, fpa_variance_accuracy(m[0], m[1], m[2], cnt, total, p, a, lines, periods));
    lua_createtable(L, 0, 5);
    for (int k = 0; k < 3; k++) {
        if (sp.matrix)
            lfpa_push_doubles(L, m[k], lines);
        else
            lua_pushnumber(L, m[k][0]);
        lua_setfield(L, -2, parts[k]);
    }
    if (sp.matrix) {
        lua_createtable(L, (int)lines, 0);
        for (size_t i = 0; i < lines; i++) {
            lua_pushinteger(L, (lua_Integer)cnt[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else {
        lua_pushinteger(L, (lua_Integer)cnt[0]);
    }
    lua_setfield(L, -2, "n");
    lt_push_named(L, total, parts, 3);
    lua_setfield(L, -2, "total");
    return 1;
}

/* The measures at idx: nil for mape, wape, bias and relbias, a name, or a
 * sequence of names (fpa.METRICS). */
static fpa_metric *metric_list(lua_State *L, int idx, size_t *n)
{
    static const char *const def[] = {"mape", "wape", "bias", "relbias"};
    int one = lua_type(L, idx) == LUA_TSTRING;
    if (!lua_isnil(L, idx) && !one && !lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "metrics must be a name or a sequence of names, got %s",
                   luaL_typename(L, idx));
    *n = lua_isnil(L, idx) ? 4 : one ? 1 : (size_t)lua_rawlen(L, idx);
    if (*n == 0) lfpa_error(L, FPA_EINVAL, "metrics is empty");
    fpa_metric *m = lfpa_scratch(L, *n, sizeof *m);
    for (size_t k = 0; k < *n; k++) {
        const char *name = def[k % 4];
        if (one) name = lua_tostring(L, idx);
        else if (!lua_isnil(L, idx)) {
            lua_rawgeti(L, idx, (lua_Integer)k + 1);
            name = lua_tostring(L, -1);
            lua_pop(L, 1);  /* the string stays in the table */
            if (!name) lfpa_error(L, FPA_EINVAL, "metrics[%zu] is not a name", k + 1);
        }
        if (fpa_metric_find(&m[k], name) != FPA_OK)
            lfpa_error(L, FPA_EINVAL, "metrics[%zu] is \"%s\"; expected one of fpa.METRICS",
                       k + 1, name);
    }
    return m;
}

/* fpa.plan_metrics(plan, actual [, metrics [, {threads=}]]) -> values,
 * errors: the accuracy module's measures per line (a record per line, or
 * one record for plain sequences), false where undefined, and errors =
 * {{line=, metric=, message=}, ...}, every undefined one's reason */
static int l_plan_metrics(lua_State *L)
{
    lua_settop(L, 4);
    luaL_checkstack(L, 16, NULL);
    lt_shape sp, sa;
    double *p = lt_doubles(L, 1, &sp, "plan"), *a = lt_doubles(L, 2, &sa, "actual");
    same_shape(L, &sp, &sa, "plan", "actual");
    size_t nm, lines = sp.matrix ? sp.rows : 1, periods = sp.matrix ? sp.cols : sp.rows;
    fpa_metric *m = metric_list(L, 3, &nm);
    fpa_opts *o = lfpa_opts(L, 4, "variance", NULL);
    double *out = lfpa_scratch(L, lines * nm, sizeof *out);
    check_partial(L, fpa_variance_plan_metrics(out, p, a, lines, periods, m, nm, o));
    lua_createtable(L, (int)lines, 0);  /* values */
    for (size_t i = 0; i < lines; i++) {
        lua_createtable(L, 0, (int)nm);
        for (size_t k = 0; k < nm; k++) {
            push_defined(L, out[i * nm + k]);
            lua_setfield(L, -2, fpa_metric_name(m[k]));
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    if (!sp.matrix) {  /* one line: its record */
        lua_rawgeti(L, -1, 1);
        lua_remove(L, -2);
    }
    lua_newtable(L);  /* errors */
    for (size_t j = 0, e = 0; j < lines * nm; j++) {
        if (!isnan(out[j])) continue;
        size_t i = j / nm, k = j % nm;
        double v;
        fpa_accuracy_metric(&v, m[k], a + i * periods, p + i * periods, periods, NULL, 0, 1);
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, (lua_Integer)i + 1);
        lua_setfield(L, -2, "line");
        lua_pushstring(L, fpa_metric_name(m[k]));
        lua_setfield(L, -2, "metric");
        lfpa_push_detail(L);
        lua_setfield(L, -2, "message");
        lua_rawseti(L, -2, (lua_Integer)++e);
    }
    return 2;
}

void lfpa_open_variance(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"size", l_tree_size},     {"ids", l_tree_ids},       {"id", l_tree_id},
        {"find", l_tree_find},     {"parent", l_tree_parent}, {"rollup", l_tree_rollup},
        {"drilldown", l_tree_drilldown}, {NULL, NULL},
    };
    static const luaL_Reg fns[] = {
        {"variance", l_variance},
        {"variance_flags", l_variance_flags},
        {"window_range", l_window_range},
        {"variance_window", l_variance_window},
        {"spend_control", l_spend_control},
        {"spend_flags", l_spend_flags},
        {"hierarchy", l_hierarchy},
        {"sales_mix_variance", l_sales_mix},
        {"cost_variance", l_cost_variance},
        {"flexible_budget", l_flexible_budget},
        {"fixed_overhead_variance", l_fixed_overhead},
        {"market_variance", l_market_variance},
        {"plan_accuracy", l_plan_accuracy},
        {"plan_metrics", l_plan_metrics},
        {NULL, NULL},
    };
    lfpa_newclass(L, TREE, methods, tree_free);
    luaL_getmetatable(L, TREE);
    lua_pushcfunction(L, l_tree_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, l_tree_size);
    lua_setfield(L, -2, "__len");
    lua_pop(L, 1);
    luaL_setfuncs(L, fns, 0);
}
