/* SPDX-License-Identifier: GPL-3.0-or-later */
/* require "fpa": the Lua 5.4 binding of libfpa. */
#include "lfpa.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lfpa_error(lua_State *L, fpa_status st, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s: %s", fpa_status_name(st), detail);
}

void lfpa_check(lua_State *L, fpa_status st)
{
    if (st != FPA_OK) lfpa_error(L, st, "%s", fpa_error_last());
}

void *lfpa_scratch(lua_State *L, size_t n, size_t size)
{
    if (size && n > ((size_t)-1 >> 1) / size) lfpa_error(L, FPA_ENOMEM, "array too large");
    size_t bytes = n * size;
    if (bytes == 0) bytes = 1;
    void *p = lua_newuserdatauv(L, bytes, 0);
    memset(p, 0, bytes);
    return p;
}

static size_t seq_len(lua_State *L, int idx, const char *what)
{
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "%s must be a table (array), got %s", what,
                   luaL_typename(L, idx));
    return (size_t)lua_rawlen(L, idx);
}

double *lfpa_doubles(lua_State *L, int idx, size_t *n, size_t min_n, const char *what)
{
    idx = lua_absindex(L, idx);
    size_t len = seq_len(L, idx, what);
    if (len < min_n)
        lfpa_error(L, FPA_EINVAL, "%s has %d value%s, needs at least %d", what, (int)len,
                   len == 1 ? "" : "s", (int)min_n);
    double *x = lfpa_scratch(L, len, sizeof *x);
    for (size_t i = 0; i < len; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if (t != LUA_TNUMBER)
            lfpa_error(L, FPA_EINVAL, "%s[%d] is a %s, not a number", what, (int)i + 1,
                       lua_typename(L, t));
        x[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    *n = len;
    return x;
}

int64_t lfpa_day(lua_State *L, int idx, const char *what)
{
    int64_t d;
    int y, m, dd;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (!lua_isinteger(L, idx))
            lfpa_error(L, FPA_EINVAL, "%s must be a whole day number", what);
        return (int64_t)lua_tointeger(L, idx);
    case LUA_TSTRING: {
        char tail;
        if (sscanf(lua_tostring(L, idx), "%d-%d-%d%c", &y, &m, &dd, &tail) != 3)
            lfpa_error(L, FPA_EINVAL, "%s: \"%s\" is not a YYYY-MM-DD date", what,
                       lua_tostring(L, idx));
        break;
    }
    case LUA_TTABLE:
        idx = lua_absindex(L, idx);
        lua_getfield(L, idx, "year");
        lua_getfield(L, idx, "month");
        lua_getfield(L, idx, "day");
        if (!lua_isinteger(L, -3) || !lua_isinteger(L, -2) || !lua_isinteger(L, -1))
            lfpa_error(L, FPA_EINVAL, "%s needs integer year, month and day fields", what);
        y = (int)lua_tointeger(L, -3), m = (int)lua_tointeger(L, -2),
        dd = (int)lua_tointeger(L, -1);
        lua_pop(L, 3);
        break;
    default:
        return lfpa_error(L, FPA_EINVAL, "%s must be a day number, a \"YYYY-MM-DD\" "
                          "string or a {year, month, day} table, got %s", what,
                          luaL_typename(L, idx));
    }
    fpa_status st = fpa_date_from_ymd(&d, y, m, dd);
    if (st != FPA_OK) lfpa_error(L, st, "%s: %s", what, fpa_error_last());
    return d;
}

int64_t *lfpa_days(lua_State *L, int idx, size_t *n, const char *what)
{
    idx = lua_absindex(L, idx);
    size_t len = seq_len(L, idx, what);
    int64_t *d = lfpa_scratch(L, len, sizeof *d);
    char name[64];
    for (size_t i = 0; i < len; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        snprintf(name, sizeof name, "%s[%d]", what, (int)i + 1);
        d[i] = lfpa_day(L, -1, name);
        lua_pop(L, 1);
    }
    *n = len;
    return d;
}

void lfpa_push_doubles(lua_State *L, const double *x, size_t n)
{
    lua_createtable(L, n > INT32_MAX ? 0 : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushnumber(L, x[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* ---- integers ---------------------------------------------------------- */

/* Element i+1 of the table at idx as an integer, or an error naming it. */
static lua_Integer whole(lua_State *L, int idx, size_t i, const char *what)
{
    int t = lua_rawgeti(L, idx, (lua_Integer)i + 1), ok;
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    if (t != LUA_TNUMBER || !ok)
        lfpa_error(L, FPA_EINVAL, "%s[%d] is %s, not a whole number", what, (int)i + 1,
                   t == LUA_TNUMBER ? "a fraction or out of range" : lua_typename(L, t));
    lua_pop(L, 1);
    return v;
}

int64_t *lfpa_integers(lua_State *L, int idx, size_t *n, const char *what)
{
    idx = lua_absindex(L, idx);
    size_t len = seq_len(L, idx, what);
    int64_t *x = lfpa_scratch(L, len, sizeof *x);
    for (size_t i = 0; i < len; i++) x[i] = (int64_t)whole(L, idx, i, what);
    *n = len;
    return x;
}

size_t *lfpa_counts(lua_State *L, int idx, size_t *n, const char *what)
{
    idx = lua_absindex(L, idx);
    size_t len = seq_len(L, idx, what);
    size_t *x = lfpa_scratch(L, len, sizeof *x);
    for (size_t i = 0; i < len; i++) {
        lua_Integer v = whole(L, idx, i, what);
        if (v < 0) lfpa_error(L, FPA_EINVAL, "%s[%d] is negative", what, (int)i + 1);
        x[i] = (size_t)v;
    }
    *n = len;
    return x;
}

size_t lfpa_count(lua_State *L, int idx, const char *what, size_t def)
{
    if (lua_isnoneornil(L, idx)) return def;
    int ok;
    lua_Integer v = lua_tointegerx(L, idx, &ok);
    if (lua_type(L, idx) != LUA_TNUMBER || !ok || v < 0)
        lfpa_error(L, FPA_EINVAL, "%s must be a whole number >= 0, got %s", what,
                   lua_type(L, idx) == LUA_TNUMBER ? "another number" : luaL_typename(L, idx));
    return (size_t)v;
}

void lfpa_push_integers(lua_State *L, const int64_t *x, size_t n)
{
    lua_createtable(L, n > INT32_MAX ? 0 : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushinteger(L, (lua_Integer)x[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* ---- series and matrices --------------------------------------------------- */

/* Width of the rows of the table of rows at idx (the widest when ragged
 * rows are allowed). */
static size_t row_width(lua_State *L, int idx, size_t rows, int ragged, const char *what)
{
    size_t width = 0;
    for (size_t i = 0; i < rows; i++) {
        if (lua_rawgeti(L, idx, (lua_Integer)i + 1) != LUA_TTABLE)
            lfpa_error(L, FPA_EINVAL, "%s[%d] is a %s, not a row (table)", what, (int)i + 1,
                       luaL_typename(L, -1));
        size_t len = (size_t)lua_rawlen(L, -1);
        lua_pop(L, 1);
        if (i > 0 && len != width && !ragged)
            lfpa_error(L, FPA_EINVAL, "%s[%d] has %d values but %s[1] has %d", what,
                       (int)i + 1, (int)len, what, (int)width);
        if (len > width) width = len;
    }
    return width;
}

double *lfpa_matrix(lua_State *L, int idx, size_t *rows, size_t *cols, int *shape,
                    unsigned char **missing, const char *what)
{
    idx = lua_absindex(L, idx);
    if (missing) *missing = NULL;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        double *x = lfpa_scratch(L, 1, sizeof *x);
        *x = lua_tonumber(L, idx);
        *rows = *cols = 1, *shape = LFPA_SCALAR;
        return x;
    }
    size_t n = seq_len(L, idx, what);
    int first = lua_rawgeti(L, idx, 1);
    lua_pop(L, 1);
    *shape = first == LUA_TTABLE ? LFPA_MATRIX : LFPA_SERIES;
    *rows = *shape == LFPA_MATRIX ? n : 1;
    *cols = *shape == LFPA_MATRIX ? row_width(L, idx, n, missing != NULL, what) : n;
    if (*cols && *rows > ((size_t)-1 >> 1) / *cols)
        lfpa_error(L, FPA_ENOMEM, "%s is too large", what);
    size_t cells = *rows * *cols;
    double *x = lfpa_scratch(L, cells, sizeof *x);
    unsigned char *gap = missing ? lfpa_scratch(L, cells, 1) : NULL;
    int any_gap = 0;
    for (size_t i = 0; i < *rows; i++) {
        if (*shape == LFPA_MATRIX) lua_rawgeti(L, idx, (lua_Integer)i + 1);
        else lua_pushvalue(L, idx);
        size_t len = (size_t)lua_rawlen(L, -1);
        for (size_t j = 0; j < *cols; j++) {
            int t = j < len ? lua_rawgeti(L, -1, (lua_Integer)j + 1) : LUA_TNIL;
            if (t == LUA_TNUMBER)
                x[i * *cols + j] = lua_tonumber(L, -1);
            else if (gap && (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))))
                gap[i * *cols + j] = 1, any_gap = 1;
            else if (*shape == LFPA_SERIES)
                lfpa_error(L, FPA_EINVAL, "%s[%d] is a %s, not a number", what, (int)j + 1,
                           lua_typename(L, t));
            else
                lfpa_error(L, FPA_EINVAL, "%s[%d][%d] is a %s, not a number", what,
                           (int)i + 1, (int)j + 1, lua_typename(L, t));
            if (j < len) lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (missing && any_gap) *missing = gap;
    return x;
}

void lfpa_push_matrix(lua_State *L, const double *x, const unsigned char *valid,
                      size_t rows, size_t cols, int shape)
{
    if (shape == LFPA_SCALAR) {
        if (valid && !valid[0]) lua_pushboolean(L, 0);
        else lua_pushnumber(L, x[0]);
        return;
    }
    if (shape == LFPA_MATRIX) lua_createtable(L, rows > INT32_MAX ? 0 : (int)rows, 0);
    for (size_t i = 0; i < rows; i++) {
        lua_createtable(L, cols > INT32_MAX ? 0 : (int)cols, 0);
        for (size_t j = 0; j < cols; j++) {
            size_t k = i * cols + j;
            if (valid && !valid[k]) lua_pushboolean(L, 0);
            else lua_pushnumber(L, x[k]);
            lua_rawseti(L, -2, (lua_Integer)j + 1);
        }
        if (shape == LFPA_MATRIX) lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

int lfpa_choice(lua_State *L, int idx, const char *what, const char *def,
                const char *const *choices)
{
    idx = lua_absindex(L, idx);
    const char *s = lua_isnoneornil(L, idx) ? def : lua_tostring(L, idx);
    if (s && lua_type(L, idx) != LUA_TNUMBER)
        for (int i = 0; choices[i]; i++)
            if (!strcmp(s, choices[i])) return i;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; choices[i]; i++) {
        luaL_addstring(&b, i ? ", \"" : "\"");
        luaL_addstring(&b, choices[i]);
        luaL_addchar(&b, '"');
    }
    luaL_pushresult(&b);
    return lfpa_error(L, FPA_EINVAL, "%s must be one of %s, got %s", what,
                      lua_tostring(L, -1), s ? s : luaL_typename(L, idx));
}

int lfpa_opt_flag(lua_State *L, int idx, const char *field)
{
    if (!lua_istable(L, idx)) return 0;
    lua_getfield(L, idx, field);
    int t = lua_type(L, -1), v = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        lfpa_error(L, FPA_EINVAL, "option %s must be true or false", field);
    return v;
}

/* ---- options ---------------------------------------------------------- */

static int opts_gc(lua_State *L)
{
    fpa_opts **p = lua_touserdata(L, 1);
    fpa_opts_free(*p);
    *p = NULL;
    return 0;
}

static int in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(s, *list)) return 1;
    return 0;
}

fpa_opts *lfpa_opts(lua_State *L, int idx, const char *module, const char *const *skip)
{
    idx = lua_absindex(L, idx);
    if (lua_isnoneornil(L, idx)) {
        lua_pushnil(L);
        return NULL;
    }
    if (!lua_istable(L, idx))
        lfpa_error(L, FPA_EINVAL, "options must be a table, got %s", luaL_typename(L, idx));
    fpa_opts **p = lua_newuserdatauv(L, sizeof *p, 0);
    *p = NULL;
    if (luaL_newmetatable(L, "fpa.opts")) {
        lua_pushcfunction(L, opts_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lfpa_check(L, fpa_opts_new(p, NULL, NULL));
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            lfpa_error(L, FPA_EINVAL, "option names must be strings");
        const char *name = lua_tostring(L, -2);
        if (in_list(name, skip)) {
            lua_pop(L, 1);
            continue;
        }
        double v = 0;
        if (lua_type(L, -1) == LUA_TBOOLEAN) v = lua_toboolean(L, -1);
        else if (lua_type(L, -1) == LUA_TNUMBER) v = lua_tonumber(L, -1);
        else
            lfpa_error(L, FPA_EINVAL, "option %s must be a number, got %s", name,
                       luaL_typename(L, -1));
        char full[128];
        int key;
        snprintf(full, sizeof full, "%s.%s", module ? module : "", name);
        if (!module || fpa_opt_find(&key, full) != FPA_OK)
            lfpa_check(L, fpa_opt_find(&key, name));
        lfpa_check(L, fpa_opts_set(*p, key, v));
        lua_pop(L, 1);
    }
    return *p;
}

double lfpa_opt_number(lua_State *L, int idx, const char *field, double def)
{
    if (!lua_istable(L, idx)) return def;
    lua_getfield(L, idx, field);
    double v = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            lfpa_error(L, FPA_EINVAL, "option %s must be a number", field);
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

int lfpa_opt_choice(lua_State *L, int idx, const char *field, const char *def,
                    const char *const *choices)
{
    const char *s = def;
    if (lua_istable(L, idx)) {
        lua_getfield(L, idx, field);
        if (!lua_isnil(L, -1)) {
            if (lua_type(L, -1) != LUA_TSTRING)
                lfpa_error(L, FPA_EINVAL, "option %s must be a string", field);
            s = lua_tostring(L, -1);
        }
        lua_pop(L, 1);
    }
    for (int i = 0; choices[i]; i++)
        if (!strcmp(s, choices[i])) return i;
    return lfpa_error(L, FPA_EINVAL, "option %s: unknown value \"%s\"", field, s);
}

/* ---- objects ------------------------------------------------------------ */

typedef struct {
    void *obj;
} boxed;

static int obj_free(lua_State *L)
{
    boxed *b = lua_touserdata(L, 1);
    if (b && b->obj) {
        lua_getmetatable(L, 1);
        lua_getfield(L, -1, "__free");
        lfpa_free_fn fn = (lfpa_free_fn)(uintptr_t)lua_touserdata(L, -1);
        if (fn) fn(b->obj);
        b->obj = NULL;  /* __gc after __close must not free again */
    }
    return 0;
}

static int obj_tostring(lua_State *L)
{
    boxed *b = lua_touserdata(L, 1);
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__name");
    lua_pushfstring(L, "%s (%s)", lua_tostring(L, -1), b && b->obj ? "open" : "closed");
    return 1;
}

void lfpa_newclass(lua_State *L, const char *tname, const luaL_Reg *methods,
                   lfpa_free_fn free_fn)
{
    luaL_newmetatable(L, tname);
    lua_pushlightuserdata(L, (void *)(uintptr_t)free_fn);
    lua_setfield(L, -2, "__free");
    lua_pushcfunction(L, obj_free);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, obj_free);
    lua_setfield(L, -2, "__close");
    /* a __tostring the type set before keeps precedence */
    if (lua_getfield(L, -1, "__tostring") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushcfunction(L, obj_tostring);
        lua_setfield(L, -2, "__tostring");
    } else
        lua_pop(L, 1);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_pushcfunction(L, obj_free);
    lua_setfield(L, -2, "close");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}

void **lfpa_newobject(lua_State *L, const char *tname)
{
    boxed *b = lua_newuserdatauv(L, sizeof *b, 1);
    b->obj = NULL;
    luaL_setmetatable(L, tname);
    return &b->obj;
}

void lfpa_pushobject(lua_State *L, const char *tname, void *obj)
{
    *lfpa_newobject(L, tname) = obj;
}

void *lfpa_toobject(lua_State *L, int idx, const char *tname)
{
    boxed *b = luaL_checkudata(L, idx, tname);
    if (!b->obj) lfpa_error(L, FPA_EINVAL, "%s is closed", tname);
    return b->obj;
}

/* ---- core --------------------------------------------------------------- */

static int l_version(lua_State *L)
{
    lua_pushstring(L, fpa_version_string());
    lua_pushinteger(L, fpa_version());
    return 2;
}

static int l_status_name(lua_State *L)
{
    fpa_status st = (fpa_status)luaL_checkinteger(L, 1);
    lua_pushstring(L, fpa_status_name(st));
    lua_pushstring(L, fpa_status_str(st));
    return 2;
}

static int l_last_error(lua_State *L)
{
    lua_pushstring(L, fpa_status_name(fpa_error_last_status()));
    lua_pushstring(L, fpa_error_last());
    return 2;
}

static int l_clear_error(lua_State *L)
{
    (void)L;
    fpa_error_clear();
    return 0;
}

static int l_options(lua_State *L)
{
    /* every option: name -> {min, max, default} */
    lua_newtable(L);
    int key;
    for (size_t i = 0; fpa_opt_key(&key, i) == FPA_OK; i++) {
        double lo, hi, def;
        fpa_opt_bounds(&lo, &hi, &def, key);
        lua_createtable(L, 0, 3);
        lua_pushnumber(L, lo);
        lua_setfield(L, -2, "min");
        lua_pushnumber(L, hi);
        lua_setfield(L, -2, "max");
        lua_pushnumber(L, def);
        lua_setfield(L, -2, "default");
        lua_setfield(L, -2, fpa_opt_name(key));
    }
    return 1;
}

static int l_date(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lfpa_day(L, 1, "date"));
    return 1;
}

static int l_ymd(lua_State *L)
{
    int y, m, d;
    lfpa_check(L, fpa_date_to_ymd(&y, &m, &d, (int64_t)luaL_checkinteger(L, 1)));
    if (lua_toboolean(L, 2)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        lua_pushstring(L, buf);
        return 1;
    }
    lua_pushinteger(L, y);
    lua_pushinteger(L, m);
    lua_pushinteger(L, d);
    return 3;
}

void lfpa_open_core(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"version", l_version},       {"status_name", l_status_name},
        {"last_error", l_last_error}, {"clear_error", l_clear_error},
        {"options", l_options},       {"date", l_date},
        {"ymd", l_ymd},               {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
    lua_pushstring(L, FPA_VERSION_STRING);
    lua_setfield(L, -2, "_VERSION");
}

int luaopen_fpa(lua_State *L);

int luaopen_fpa(lua_State *L)
{
    lua_newtable(L);
    lfpa_open_core(L);
    lfpa_open_tvm(L);
    lfpa_open_unit(L);
    lfpa_open_kpi(L);
    lfpa_open_variance(L);
    lfpa_open_recon(L);
    /* working capital and scenarios */
    lfpa_open_wc(L);
    lfpa_open_scenario(L);
    lfpa_open_forecast(L);
    lfpa_open_hierarchy(L);
    lfpa_open_figures(L);
    return 1;
}
