/* SPDX-License-Identifier: GPL-3.0-or-later */
/* require "fpa": the Lua 5.4 binding of libfpa. */
#include "lfpa.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the compatibility functions of lfpa.h ------------------------------ */

#ifdef LFPA_LUA51
void lfpa_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
    luaL_checkstack(L, nup, "too many upvalues");
    for (; l->name; l++) {
        for (int i = 0; i < nup; i++) lua_pushvalue(L, -nup);
        lua_pushcclosure(L, l->func, nup);
        lua_setfield(L, -(nup + 2), l->name);
    }
    lua_pop(L, nup);
}

void *lfpa_testudata(lua_State *L, int idx, const char *tname)
{
    void *p = lua_touserdata(L, idx);
    if (!p || !lua_getmetatable(L, idx)) return NULL;
    luaL_getmetatable(L, tname);
    if (!lua_rawequal(L, -1, -2)) p = NULL;
    lua_pop(L, 2);
    return p;
}

void lfpa_copy(lua_State *L, int from, int to)
{
    to = lua_absindex(L, to);
    lua_pushvalue(L, from);
    lua_replace(L, to);
}
#endif

#if LUA_VERSION_NUM < 503
/* The largest integer a double holds exactly: 2^53. */
#define LFPA_EXACT 9007199254740992.0

int lfpa_isinteger(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TNUMBER) return 0;
    lua_Number x = lua_tonumber(L, idx);
    return x >= -LFPA_EXACT && x <= LFPA_EXACT && x == floor(x);
}

lua_Integer lfpa_tointegerx(lua_State *L, int idx, int *isnum)
{
    int ok = lfpa_isinteger(L, idx);
    if (isnum) *isnum = ok;
    return ok ? (lua_Integer)lua_tonumber(L, idx) : 0;
}
#endif

#if LUA_VERSION_NUM < 504
/* The user values of a userdata live in one table: its user value (5.2,
 * 5.3) or its environment (5.1, whose new userdata otherwise share the
 * running function's environment). */
static void push_uservalues(lua_State *L, int idx)
{
#if LUA_VERSION_NUM == 501
    lua_getfenv(L, idx);
#else
    lua_getuservalue(L, idx);
#endif
}

void *lfpa_newuserdatauv(lua_State *L, size_t size, int nuv)
{
    void *p = lua_newuserdata(L, size);
    if (nuv > 0) {
        lua_createtable(L, nuv, 0);
#if LUA_VERSION_NUM == 501
        lua_setfenv(L, -2);
#else
        lua_setuservalue(L, -2);
#endif
    }
    return p;
}

int lfpa_getiuservalue(lua_State *L, int idx, int n)
{
    idx = lua_absindex(L, idx);
    push_uservalues(L, idx);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return LUA_TNONE;
    }
    lua_rawgeti(L, -1, n);
    lua_remove(L, -2);
    return lua_type(L, -1);
}

int lfpa_setiuservalue(lua_State *L, int idx, int n)
{
    idx = lua_absindex(L, idx);
    push_uservalues(L, idx);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 2);
        return 0;
    }
    lua_insert(L, -2);
    lua_rawseti(L, -2, n);
    lua_pop(L, 1);
    return 1;
}
#endif

/* ---- errors ------------------------------------------------------------- */

/* Errors are tables of type fpa.error: {status = "FPA_EDOM", code = -2,
 * message = <fpa_status_str>, detail = "values[3] is NaN", where =
 * "script.lua:12: "}, whose tostring is where .. status .. ": " .. detail
 * (the text a string error had), which concatenate as strings, and on which
 * the string methods work (err:match(...)). */
#define ERROR_TYPE "fpa.error"

static int err_tostring(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "where");
    lua_getfield(L, 1, "status");
    lua_getfield(L, 1, "detail");
    lua_pushfstring(L, "%s%s: %s", luaL_optstring(L, -3, ""), luaL_optstring(L, -2, "?"),
                    luaL_optstring(L, -1, ""));
    return 1;
}

/* The text of an error, or the value itself, at idx (absolute). */
static void push_text(lua_State *L, int idx)
{
    if (lua_istable(L, idx)) {
        lua_pushcfunction(L, err_tostring);
        lua_pushvalue(L, idx);
        lua_call(L, 1, 1);
    } else {
        lua_pushvalue(L, idx);
    }
}

static int err_concat(lua_State *L)
{
    push_text(L, 1);
    push_text(L, 2);
    lua_concat(L, 2);
    return 1;
}

/* err:method(...) is string.method(tostring(err), ...) */
static int err_method(lua_State *L)
{
    push_text(L, 1);
    lua_replace(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int err_index(lua_State *L)
{
    lua_pushliteral(L, "");
    if (!luaL_getmetafield(L, -1, "__index") || !lua_istable(L, -1)) return 0;
    lua_pushvalue(L, 2);
    lua_gettable(L, -2);  /* string[key] */
    if (!lua_isfunction(L, -1)) return 0;
    lua_pushcclosure(L, err_method, 1);
    return 1;
}

/* C details count positions from 0; Lua counts from 1. one_based shifts
 * the positions of a detail, outside quoted text: every "name[i]" and
 * "name[i][j]", the numbers inside a bracket ("budget[line 2, period 5]"),
 * the position after a quoted id ('node "A" (1)'), and a number after a
 * word that names a position ("account 2", "at item 3", "series 0: ..."),
 * except "period" where it is a seasonal period or a
 * period number ("period 400 is outside 1..366", "(30 values, period 12)",
 * "period 24290 precedes its cohort"). */
static const char *const position_words[] = {
    "account", "bucket", "entry", "forecast", "item", "line", "movement", "node",
    "origin", "path", "period", "product", "row", "series", "variable", "version",
    "week", NULL};

static int is_word_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int starts(const char *p, const char *prefix)
{
    return strncmp(p, prefix, strlen(prefix)) == 0;
}

/* Whether the number at p (after "word ") is a position. */
static int position_after_word(const char *in, const char *p)
{
    const char *w = p - 1;  /* the space */
    const char *e = w;
    while (w > in && is_word_char(w[-1])) w--;
    if (w == e || (w > in && w[-1] == '_')) return 0;
    for (int k = 0; position_words[k]; k++) {
        size_t len = strlen(position_words[k]);
        if ((size_t)(e - w) != len || strncmp(w, position_words[k], len) != 0) continue;
        if (strcmp(position_words[k], "period") != 0) return 1;
        const char *after = p;
        while (*after >= '0' && *after <= '9') after++;
        return !starts(after, " is outside") && !starts(after, " precedes") &&
               !(w - in >= 8 && starts(w - 8, "values, ")) &&
               !(w - in >= 4 && starts(w - 4, "the "));
    }
    return 0;
}

static void one_based(char *out, size_t cap, const char *in)
{
    size_t k = 0;
    int quoted = 0, indexing = 0;  /* inside "name[...]", not a range "[0, 1]" */
    for (const char *p = in; *p && k + 1 < cap; p++) {
        char prev = p > in ? p[-1] : ' ';
        if (*p == '"') quoted = !quoted;
        if (!quoted && *p == '[') indexing = is_word_char(prev) || prev == ']';
        if (!quoted && *p == ']') indexing = 0;
        int digit = *p >= '0' && *p <= '9' && !is_word_char(prev) && prev != '.' &&
                    prev != '-' && prev != '+';
        int named_node = prev == '(' && p - in >= 3 && p[-2] == ' ' && p[-3] == '"';
        int shift = digit && !quoted &&
                    ((indexing && (prev == '[' || prev == ' ')) || named_node ||
                     (prev == ' ' && position_after_word(in, p)));
        if (shift) {
            char *end;
            unsigned long long i = strtoull(p, &end, 10);
            if (*end != '.' && *end != 'e' && i < ULLONG_MAX) {
                int w = snprintf(out + k, cap - k, "%llu", i + 1);
                if (w < 0 || (size_t)w >= cap - k) break;
                k += (size_t)w;
                p = end - 1;
                continue;
            }
        }
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* Push the error table of status st with `detail` (1-based positions). */
static void push_error(lua_State *L, fpa_status st, const char *detail)
{
    lua_createtable(L, 0, 5);
    lua_pushstring(L, fpa_status_name(st));
    lua_setfield(L, -2, "status");
    lua_pushinteger(L, st);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, fpa_status_str(st));
    lua_setfield(L, -2, "message");
    lua_pushstring(L, detail);
    lua_setfield(L, -2, "detail");
    luaL_where(L, 1);  /* the Lua function that called the binding */
    lua_setfield(L, -2, "where");
    if (luaL_newmetatable(L, ERROR_TYPE)) {
        static const luaL_Reg meta[] = {
            {"__tostring", err_tostring}, {"__concat", err_concat}, {"__index", err_index},
            {NULL, NULL}};
        luaL_setfuncs(L, meta, 0);
        lua_pushliteral(L, ERROR_TYPE);
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);
}

int lfpa_error(lua_State *L, fpa_status st, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    push_error(L, st, detail);
    return lua_error(L);
}

/* The error a progress function raised, kept while C unwinds its call
 * (registry[&progress_key]); lfpa_check raises it in place of the
 * cancellation it caused. */
static const char progress_key = 0;

void lfpa_check(lua_State *L, fpa_status st)
{
    if (st == FPA_OK) return;
    if (st == FPA_ECANCELED) {
        lua_pushlightuserdata(L, (void *)(uintptr_t)&progress_key);
        lua_rawget(L, LUA_REGISTRYINDEX);
        if (!lua_isnil(L, -1)) {
            lua_pushlightuserdata(L, (void *)(uintptr_t)&progress_key);
            lua_pushnil(L);
            lua_rawset(L, LUA_REGISTRYINDEX);
            lua_error(L);
        }
        lua_pop(L, 1);
    }
    char detail[512];
    one_based(detail, sizeof detail, fpa_error_last());
    push_error(L, st, detail);
    lua_error(L);
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

/* A field of a date table as an int, range-checked before the conversion:
 * {year = 4294969320} must not wrap to 2024. */
static int date_field(lua_State *L, int idx, const char *field, const char *what)
{
    lua_getfield(L, idx, field);
    if (!lua_isinteger(L, -1))
        lfpa_error(L, FPA_EINVAL, "%s needs integer year, month and day fields", what);
    lua_Integer v = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (v < -1000000 || v > 1000000)
        lfpa_error(L, FPA_EDOM, "%s: %s %lld is out of range", what, field, (long long)v);
    return (int)v;
}

int64_t lfpa_day(lua_State *L, int idx, const char *what)
{
    int64_t d;
    fpa_status st;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (!lua_isinteger(L, idx))
            lfpa_error(L, FPA_EINVAL, "%s must be a whole day number", what);
        return (int64_t)lua_tointeger(L, idx);
    case LUA_TSTRING: {
        /* the library's one grammar: YYYY-MM-DD (fpa_date_parse) */
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        st = fpa_date_parse(&d, s, len);
        break;
    }
    case LUA_TTABLE: {
        idx = lua_absindex(L, idx);
        int y = date_field(L, idx, "year", what), m = date_field(L, idx, "month", what);
        st = fpa_date_from_ymd(&d, y, m, date_field(L, idx, "day", what));
        break;
    }
    default:
        return lfpa_error(L, FPA_EINVAL, "%s must be a day number, a \"YYYY-MM-DD\" "
                          "string or a {year, month, day} table, got %s", what,
                          luaL_typename(L, idx));
    }
    if (st != FPA_OK) {
        char detail[400];
        one_based(detail, sizeof detail, fpa_error_last());
        lfpa_error(L, st, "%s: %s", what, detail);
    }
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

/* The options of one call, in a userdata: the fpa_opts, and the progress
 * function of the options table (a registry reference), called back on
 * the calling thread (fpa_opts_set_progress) with the state it was given. */
typedef struct {
    fpa_opts *opts;
    lua_State *L;
    int progress;  /* LUA_NOREF when none */
} opts_box;

static int opts_gc(lua_State *L)
{
    opts_box *b = luaL_checkudata(L, 1, "fpa.opts");
    fpa_opts_free(b->opts);
    b->opts = NULL;
    luaL_unref(L, LUA_REGISTRYINDEX, b->progress);
    b->progress = LUA_NOREF;
    return 0;
}

static void set_pending(lua_State *L)  /* the value on top, popped */
{
    lua_pushlightuserdata(L, (void *)(uintptr_t)&progress_key);
    lua_insert(L, -2);
    lua_rawset(L, LUA_REGISTRYINDEX);
}

/* progress(done, total): true cancels; an error cancels and is re-raised
 * by lfpa_check once C has returned (never thrown through C's frames). */
static int call_progress(void *ud, size_t done, size_t total)
{
    opts_box *b = ud;
    lua_State *L = b->L;
    int top = lua_gettop(L), cancel = 1;
    if (!lua_checkstack(L, 4)) return 0;  /* no room to call: let the work go on */
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->progress);
    lua_pushinteger(L, (lua_Integer)done);
    lua_pushinteger(L, (lua_Integer)total);
    if (lua_pcall(L, 2, 1, 0) == LUA_OK)
        cancel = lua_toboolean(L, -1);
    else
        set_pending(L);
    lua_settop(L, top);
    return cancel;
}

static int in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(s, *list)) return 1;
    return 0;
}

/* The `progress` field of the options table at -1: a function, or
 * nil/false. */
static void set_progress(lua_State *L, opts_box *b)
{
    if (!lua_toboolean(L, -1)) return;
    if (!lua_isfunction(L, -1))
        lfpa_error(L, FPA_EINVAL, "option progress must be a function(done, total), got %s",
                   luaL_typename(L, -1));
    lua_pushvalue(L, -1);
    b->progress = luaL_ref(L, LUA_REGISTRYINDEX);
    b->L = L;
    lua_pushnil(L);
    set_pending(L);  /* no stale error of an earlier call */
    lfpa_check(L, fpa_opts_set_progress(b->opts, call_progress, b));
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
    opts_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->opts = NULL;
    b->L = L;
    b->progress = LUA_NOREF;
    if (luaL_newmetatable(L, "fpa.opts")) {
        lua_pushcfunction(L, opts_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "fpa.opts");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lfpa_check(L, fpa_opts_new(&b->opts, NULL, NULL));
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            lfpa_error(L, FPA_EINVAL, "option names must be strings");
        const char *name = lua_tostring(L, -2);
        if (!strcmp(name, "progress")) {
            set_progress(L, b);
            lua_pop(L, 1);
            continue;
        }
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
        lfpa_check(L, fpa_opts_set(b->opts, key, v));
        lua_pop(L, 1);
    }
    return b->opts;
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

/* close, __gc and __close of a type: upvalue 1 is its free function,
 * upvalue 2 its type name. The argument is checked (obj.close(io.stdout)
 * is an error, not a write into the file's handle), and the function is
 * the type's own, not one a script could swap in through the metatable
 * (which __metatable hides). */
/* The type of the value at idx for messages: an object's type name. */
static const char *type_name(lua_State *L, int idx)
{
    if (luaL_getmetafield(L, idx, "__name")) {
        if (lua_type(L, -1) == LUA_TSTRING) return lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    return luaL_typename(L, idx);
}

static int wrong_object(lua_State *L, int idx, const char *tname)
{
    return lfpa_error(L, FPA_EINVAL, "expected an %s (call methods with ':'), got %s", tname,
                      type_name(L, idx));
}

static int obj_free(lua_State *L)
{
    const char *tname = lua_tostring(L, lua_upvalueindex(2));
    boxed *b = luaL_testudata(L, 1, tname);
    if (!b) return wrong_object(L, 1, tname);
    if (b->obj) {
        lfpa_free_fn fn = (lfpa_free_fn)(uintptr_t)lua_touserdata(L, lua_upvalueindex(1));
        void *obj = b->obj;
        b->obj = NULL;  /* __gc after __close must not free again */
        fn(obj);
    }
    return 0;
}

static int obj_tostring(lua_State *L)
{
    const char *tname = lua_tostring(L, lua_upvalueindex(1));
    boxed *b = luaL_testudata(L, 1, tname);
    lua_pushfstring(L, "%s (%s)", tname, b && b->obj ? "open" : "closed");
    return 1;
}

static void push_free(lua_State *L, const char *tname, lfpa_free_fn free_fn)
{
    lua_pushlightuserdata(L, (void *)(uintptr_t)free_fn);
    lua_pushstring(L, tname);
    lua_pushcclosure(L, obj_free, 2);
}

void lfpa_newclass(lua_State *L, const char *tname, const luaL_Reg *methods,
                   lfpa_free_fn free_fn)
{
    luaL_newmetatable(L, tname);
    lua_pushstring(L, tname);  /* luaL_newmetatable sets it from 5.3 on */
    lua_setfield(L, -2, "__name");
    push_free(L, tname, free_fn);
    lua_setfield(L, -2, "__gc");
    push_free(L, tname, free_fn);
    lua_setfield(L, -2, "__close");
    /* getmetatable(obj) gives the type's name, not the table: a script can
     * neither read nor change the metamethods */
    lua_pushstring(L, tname);
    lua_setfield(L, -2, "__metatable");
    /* a __tostring the type set before keeps precedence */
    if (lua_getfield(L, -1, "__tostring") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushstring(L, tname);
        lua_pushcclosure(L, obj_tostring, 1);
        lua_setfield(L, -2, "__tostring");
    } else
        lua_pop(L, 1);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    push_free(L, tname, free_fn);
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
    boxed *b = luaL_testudata(L, idx, tname);
    if (!b) wrong_object(L, idx, tname);
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

void lfpa_push_detail(lua_State *L)
{
    char detail[512];
    one_based(detail, sizeof detail, fpa_error_last());
    lua_pushstring(L, detail);
}

static int l_last_error(lua_State *L)
{
    char detail[512];
    one_based(detail, sizeof detail, fpa_error_last());
    lua_pushstring(L, fpa_status_name(fpa_error_last_status()));
    lua_pushstring(L, detail);
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
    lfpa_open_model(L);
    lfpa_open_forecast(L);
    lfpa_open_hierarchy(L);
    lfpa_open_figures(L);
    return 1;
}
