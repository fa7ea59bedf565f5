/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Matrices, exact money, positions, strings and enum names from Lua tables
 * (see lfpa_tables.h). */
#include "lfpa_tables.h"

#include <stdio.h>
#include <string.h>

static size_t table_len(lua_State *L, int idx, const char *what)
{
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a table, got %s", what, luaL_typename(L, idx));
    return (size_t)lua_rawlen(L, idx);
}

/* "what[i]" or "what[i][j]", 1-based, for binding errors */
static const char *cell_name(char *buf, size_t size, const char *what, const lt_shape *sh,
                             size_t i, size_t j)
{
    if (sh && sh->matrix)
        snprintf(buf, size, "%s[%zu][%zu]", what, i + 1, j + 1);
    else
        snprintf(buf, size, "%s[%zu]", what, i + 1);
    return buf;
}

static void shape_of(lua_State *L, int idx, lt_shape *sh, const char *what)
{
    size_t n = table_len(L, idx, what);
    if (n == 0) lfpa_error(L, FPA_EINVAL, "%s is empty", what);
    sh->matrix = lua_rawgeti(L, idx, 1) == LUA_TTABLE;
    sh->rows = n;
    sh->cols = sh->matrix ? (size_t)lua_rawlen(L, -1) : 1;
    lua_pop(L, 1);
    if (sh->cols == 0) lfpa_error(L, FPA_EINVAL, "%s[1] is an empty row", what);
    if (sh->rows > ((size_t)-1 >> 4) / sh->cols)
        lfpa_error(L, FPA_ENOMEM, "%s is too large", what);
}

typedef void (*store_fn)(lua_State *L, void *out, size_t k, const char *name);

static void store_double(lua_State *L, void *out, size_t k, const char *name)
{
    if (lua_type(L, -1) != LUA_TNUMBER)
        lfpa_error(L, FPA_EINVAL, "%s is a %s, not a number", name, luaL_typename(L, -1));
    ((double *)out)[k] = lua_tonumber(L, -1);
}

static void store_int64(lua_State *L, void *out, size_t k, const char *name)
{
    ((int64_t *)out)[k] = lt_int64(L, -1, name);
}

/* Read every cell of the table at idx (absolute) into a scratch array. */
static void *read_cells(lua_State *L, int idx, lt_shape *sh, size_t size, store_fn store,
                        const char *what)
{
    char name[96];
    luaL_checkstack(L, 4, what);
    shape_of(L, idx, sh, what);
    unsigned char *out = lfpa_scratch(L, sh->rows * sh->cols, size);
    for (size_t i = 0; i < sh->rows; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if (!sh->matrix) {
            store(L, out, i, cell_name(name, sizeof name, what, sh, i, 0));
            lua_pop(L, 1);
            continue;
        }
        if (t != LUA_TTABLE)
            lfpa_error(L, FPA_EINVAL, "%s[%zu] is a %s, not a row (a table)", what, i + 1,
                       lua_typename(L, t));
        if ((size_t)lua_rawlen(L, -1) != sh->cols)
            lfpa_error(L, FPA_EINVAL, "%s[%zu] has %zu values, row 1 has %zu", what, i + 1,
                       (size_t)lua_rawlen(L, -1), sh->cols);
        for (size_t j = 0; j < sh->cols; j++) {
            lua_rawgeti(L, -1, (lua_Integer)j + 1);
            store(L, out, i * sh->cols + j, cell_name(name, sizeof name, what, sh, i, j));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    return out;
}

double *lt_doubles(lua_State *L, int idx, lt_shape *sh, const char *what)
{
    return read_cells(L, lua_absindex(L, idx), sh, sizeof(double), store_double, what);
}

int64_t *lt_int64s(lua_State *L, int idx, lt_shape *sh, const char *what)
{
    return read_cells(L, lua_absindex(L, idx), sh, sizeof(int64_t), store_int64, what);
}

int64_t lt_int64(lua_State *L, int idx, const char *what)
{
    if (lua_isinteger(L, idx)) return (int64_t)lua_tointeger(L, idx);
    if (lua_type(L, idx) == LUA_TNUMBER)
        return lfpa_error(L, FPA_EINVAL, "%s is %.17g, not an integer (amounts are whole "
                          "minor units, e.g. cents; math.tointeger converts)", what,
                          (double)lua_tonumber(L, idx));
    return lfpa_error(L, FPA_EINVAL, "%s is a %s, not an integer", what,
                      luaL_typename(L, idx));
}

int64_t *lt_int64_seq(lua_State *L, int idx, size_t *n, const char *what)
{
    char name[96];
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 3, what);
    *n = table_len(L, idx, what);
    int64_t *out = lfpa_scratch(L, *n, sizeof *out);
    for (size_t i = 0; i < *n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        out[i] = lt_int64(L, -1, cell_name(name, sizeof name, what, NULL, i, 0));
        lua_pop(L, 1);
    }
    return out;
}

size_t *lt_positions(lua_State *L, int idx, size_t *n, size_t count, const char *what,
                     const char *thing)
{
    size_t len;
    int64_t *p = lt_int64_seq(L, idx, &len, what);
    size_t *out = lfpa_scratch(L, len, sizeof *out);
    for (size_t i = 0; i < len; i++) {
        if (p[i] < 1 || (uint64_t)p[i] > count)
            lfpa_error(L, FPA_EDATA, "%s[%zu] = %lld names no %s (there are %zu)", what, i + 1,
                       (long long)p[i], thing, count);
        out[i] = (size_t)(p[i] - 1);
    }
    *n = len;
    return out;
}

const char **lt_strings(lua_State *L, int idx, size_t n, int allow_none, const char *what)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 4, what);
    table_len(L, idx, what);
    lua_createtable(L, 0, 0);  /* anchors the strings made from integers */
    int anchor = lua_gettop(L);
    const char **out = lfpa_scratch(L, n, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if ((t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))) && allow_none) {
            out[i] = NULL;
        } else if (t == LUA_TSTRING || (t == LUA_TNUMBER && lua_isinteger(L, -1))) {
            size_t len;
            if (t == LUA_TNUMBER) {
                lua_pushfstring(L, LFPA_FMT_INT, LFPA_INT(lua_tointeger(L, -1)));
                lua_replace(L, -2);
            }
            out[i] = lua_tolstring(L, -1, &len);
            if (strlen(out[i]) != len)
                lfpa_error(L, FPA_EINVAL, "%s[%zu] contains a NUL character", what, i + 1);
            lua_pushvalue(L, -1);
            lua_rawseti(L, anchor, (lua_Integer)i + 1);
        } else {
            lfpa_error(L, FPA_EINVAL, "%s[%zu] is %s, not a string", what, i + 1,
                       t == LUA_TNIL ? "missing" : luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    return out;
}

double *lt_per_line(lua_State *L, int idx, size_t n, const char *what)
{
    idx = lua_absindex(L, idx);
    if (lua_isnoneornil(L, idx)) return NULL;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        double *x = lfpa_scratch(L, n, sizeof *x);
        for (size_t i = 0; i < n; i++) x[i] = lua_tonumber(L, idx);
        return x;
    }
    size_t len;
    double *x = lfpa_doubles(L, idx, &len, 0, what);
    if (len != n) lfpa_error(L, FPA_EINVAL, "%s has %zu values for %zu lines", what, len, n);
    return x;
}

int lt_choice(lua_State *L, int idx, const char *const *names, int def, const char *what)
{
    idx = lua_absindex(L, idx);  /* the message below pushes the list of names */
    if (lua_isnoneornil(L, idx)) return def;
    if (lua_isinteger(L, idx)) {
        lua_Integer v = lua_tointeger(L, idx);
        if (v >= -1000000 && v <= 1000000) return (int)v;  /* C names it if out of range */
    } else if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, idx);
        for (int k = 0; names[k]; k++)
            if (!strcmp(s, names[k])) return k;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int k = 0; names[k]; k++) {
        luaL_addstring(&b, k ? ", \"" : "\"");
        luaL_addstring(&b, names[k]);
        luaL_addchar(&b, '"');
    }
    luaL_pushresult(&b);
    return lfpa_error(L, FPA_EINVAL, "%s is %s; expected one of %s or its number", what,
                      lua_type(L, idx) == LUA_TSTRING ? lua_tostring(L, idx)
                                                      : luaL_typename(L, idx),
                      lua_tostring(L, -1));
}

int *lt_choices(lua_State *L, int idx, size_t n, const char *const *names, const char *what)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 3, what);
    int *out = lfpa_scratch(L, n, sizeof *out);
    if (!lua_istable(L, idx)) {
        if (lua_isnoneornil(L, idx)) lfpa_error(L, FPA_EINVAL, "%s is missing", what);
        int v = lt_choice(L, idx, names, 0, what);
        for (size_t i = 0; i < n; i++) out[i] = v;
        return out;
    }
    if ((size_t)lua_rawlen(L, idx) != n)
        lfpa_error(L, FPA_EINVAL, "%s has %zu entries for %zu lines", what,
                   (size_t)lua_rawlen(L, idx), n);
    char name[96];
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        out[i] = lt_choice(L, -1, names, 0, cell_name(name, sizeof name, what, NULL, i, 0));
        lua_pop(L, 1);
    }
    return out;
}

typedef void (*push_fn)(lua_State *L, const void *x, size_t k);

static void push_double(lua_State *L, const void *x, size_t k)
{
    lua_pushnumber(L, ((const double *)x)[k]);
}

static void push_int64(lua_State *L, const void *x, size_t k)
{
    lua_pushinteger(L, (lua_Integer)((const int64_t *)x)[k]);
}

static void push_flag(lua_State *L, const void *x, size_t k)
{
    lua_pushinteger(L, (lua_Integer)((const uint32_t *)x)[k]);
}

static void push_cells(lua_State *L, const void *x, const lt_shape *sh, push_fn push)
{
    luaL_checkstack(L, 3, "result");
    lua_createtable(L, sh->rows > INT32_MAX ? 0 : (int)sh->rows, 0);
    for (size_t i = 0; i < sh->rows; i++) {
        if (sh->matrix) {
            lua_createtable(L, sh->cols > INT32_MAX ? 0 : (int)sh->cols, 0);
            for (size_t j = 0; j < sh->cols; j++) {
                push(L, x, i * sh->cols + j);
                lua_rawseti(L, -2, (lua_Integer)j + 1);
            }
        } else {
            push(L, x, i);
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

void lt_push_doubles(lua_State *L, const double *x, const lt_shape *sh)
{
    push_cells(L, x, sh, push_double);
}

void lt_push_int64s(lua_State *L, const int64_t *x, const lt_shape *sh)
{
    push_cells(L, x, sh, push_int64);
}

void lt_push_flags(lua_State *L, const uint32_t *x, const lt_shape *sh)
{
    push_cells(L, x, sh, push_flag);
}

void lt_push_named(lua_State *L, const double *x, const char *const *names, size_t n)
{
    lua_createtable(L, 0, (int)n);
    for (size_t k = 0; k < n; k++) {
        lua_pushnumber(L, x[k]);
        lua_setfield(L, -2, names[k]);
    }
}
