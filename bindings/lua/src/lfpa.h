/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the Lua binding. Conventions (see ../README.md):
 * - every failure raises a Lua error whose message starts with the status
 *   name and carries the library's detail: "FPA_EDOM: values[2] is NaN";
 * - arrays are Lua sequences (1-based) in and out; the C copies live in
 *   userdata, so a Lua error (a longjmp) never leaks them;
 * - options are tables of named fields ({horizon = 18, threads = 2});
 * - objects are full userdata with one metatable per type, methods through
 *   __index, and __gc and __close sharing one idempotent free. */
#ifndef LFPA_H
#define LFPA_H

#include <lauxlib.h>
#include <lua.h>

#include <fpa/fpa.h>

#include <stddef.h>
#include <stdint.h>

/* ---- one source for Lua 5.1, 5.2, 5.3, 5.4 and LuaJIT 2.1 -------------------
 * The module is written against the 5.4 API; below 5.4 the names it uses
 * are mapped here (as lua-cjson and lsqlite3 do), so no other file tests
 * LUA_VERSION_NUM. What differs for scripts (README): before 5.3 every
 * number is a double, so an integer is a number with a whole value within
 * +-2^53 (12.0 is the integer 12), and `<close>` exists only in 5.4 (the
 * objects' __close is then unused, __gc and :close() free them). LuaJIT
 * reports 501 and defines LUA_OK, and already has luaL_setfuncs,
 * luaL_testudata, luaL_setmetatable and lua_copy. */
#if LUA_VERSION_NUM < 502
#  if !defined(LUA_OK)  /* Lua 5.1 proper */
#    define LFPA_LUA51 1
#    define LUA_OK 0
#    define luaL_setfuncs lfpa_setfuncs
#    define luaL_testudata lfpa_testudata
#    define luaL_setmetatable(L, tname) (luaL_getmetatable(L, tname), lua_setmetatable(L, -2))
#    define lua_copy lfpa_copy
void lfpa_setfuncs(lua_State *L, const luaL_Reg *l, int nup);
void *lfpa_testudata(lua_State *L, int idx, const char *tname);
void lfpa_copy(lua_State *L, int from, int to);
#  endif
#  define lua_rawlen lua_objlen
#  define lua_absindex(L, i) \
    ((i) > 0 || (i) <= LUA_REGISTRYINDEX ? (i) : lua_gettop(L) + (i) + 1)
#endif
#if LUA_VERSION_NUM < 503
/* 5.3 made lua_rawgeti, lua_rawget and lua_getfield return the type */
#  define lua_rawgeti(L, i, n) (lua_rawgeti(L, i, (int)(n)), lua_type(L, -1))
#  define lua_rawget(L, i) (lua_rawget(L, i), lua_type(L, -1))
#  define lua_getfield(L, i, k) (lua_getfield(L, i, k), lua_type(L, -1))
#  define lua_rawseti(L, i, n) lua_rawseti(L, i, (int)(n))
/* integers are doubles with a whole value, exact within +-2^53 */
#  define lua_isinteger lfpa_isinteger
#  undef lua_tointegerx
#  define lua_tointegerx lfpa_tointegerx
int lfpa_isinteger(lua_State *L, int idx);
lua_Integer lfpa_tointegerx(lua_State *L, int idx, int *isnum);
/* lua_pushfstring has no integer format: integers are pushed as numbers */
#  define LFPA_FMT_INT "%f"
#  define LFPA_INT(x) ((lua_Number)(x))
#else
#  define LFPA_FMT_INT "%I"
#  define LFPA_INT(x) ((LUAI_UACINT)(x))
#endif
#if LUA_VERSION_NUM < 504
/* user values: one table per userdata (5.1: its environment) */
#  define lua_newuserdatauv lfpa_newuserdatauv
#  define lua_getiuservalue lfpa_getiuservalue
#  define lua_setiuservalue lfpa_setiuservalue
void *lfpa_newuserdatauv(lua_State *L, size_t size, int nuv);
int lfpa_getiuservalue(lua_State *L, int idx, int n);
int lfpa_setiuservalue(lua_State *L, int idx, int n);
#endif

/* Raise the Lua error for a failed status (never returns if st != OK). */
void lfpa_check(lua_State *L, fpa_status st);
/* Push the library's last detail with Lua's 1-based positions (for partial
 * results, which are returned rather than raised). */
void lfpa_push_detail(lua_State *L);
int lfpa_error(lua_State *L, fpa_status st, const char *fmt, ...);

/* The sequence at stack index idx as doubles (or day numbers), in memory
 * owned by a userdata pushed on the stack. *n receives the length. Raises
 * a Lua error naming `what` for a non-table, a non-number element (NaN is
 * passed on for the library to reject), or fewer than min_n elements. */
double *lfpa_doubles(lua_State *L, int idx, size_t *n, size_t min_n, const char *what);
int64_t *lfpa_days(lua_State *L, int idx, size_t *n, const char *what);
/* One date: a day number, "YYYY-MM-DD", or {year=, month=, day=}. */
int64_t lfpa_day(lua_State *L, int idx, const char *what);
/* A zeroed scratch array of n elements of `size` bytes, owned by a
 * userdata pushed on the stack. */
void *lfpa_scratch(lua_State *L, size_t n, size_t size);

/* Push a sequence of n doubles. */
void lfpa_push_doubles(lua_State *L, const double *x, size_t n);

/* Integer sequences: whole numbers (integers, or floats with an integral
 * value) as int64, or as non-negative counts; in userdata pushed on the
 * stack, like lfpa_doubles. */
int64_t *lfpa_integers(lua_State *L, int idx, size_t *n, const char *what);
size_t *lfpa_counts(lua_State *L, int idx, size_t *n, const char *what);
/* One count (window, horizon): a whole number >= 0; `def` when nil/none. */
size_t lfpa_count(lua_State *L, int idx, const char *what, size_t def);
void lfpa_push_integers(lua_State *L, const int64_t *x, size_t n);

/* Series and matrices. A series argument is a number (one value), a
 * sequence of numbers (one series) or a table of rows (rows x periods);
 * the shape it came in is given back by lfpa_push_matrix. */
enum { LFPA_SCALAR = 0, LFPA_SERIES = 1, LFPA_MATRIX = 2 };
/* The argument at idx, row-major, in userdata pushed on the stack. Rows
 * must have one length, unless `missing` is not NULL: then rows may be
 * ragged and cells may be false (an undefined or unobserved cell, as
 * lfpa_push_matrix writes them); such cells read as 0 and are flagged 1 in
 * *missing (rows * cols flags, also in userdata on the stack, or NULL when
 * there are none). */
double *lfpa_matrix(lua_State *L, int idx, size_t *rows, size_t *cols, int *shape,
                    unsigned char **missing, const char *what);
/* Push rows x cols values in `shape` (a number or false, a sequence, a
 * table of rows). An element whose `valid` flag is 0 is pushed as false:
 * undefined, and an error in any arithmetic, never a silent number. */
void lfpa_push_matrix(lua_State *L, const double *x, const unsigned char *valid,
                      size_t rows, size_t cols, int shape);
/* A string argument naming one of `choices` (NULL-terminated): its index;
 * `def` when nil or none. Anything else is an FPA_EINVAL error listing the
 * choices. */
int lfpa_choice(lua_State *L, int idx, const char *what, const char *def,
                const char *const *choices);
/* A boolean field of an options table (false when absent). */
int lfpa_opt_flag(lua_State *L, int idx, const char *field);

/* Options: an fpa_opts built from the table at idx (nil or none: NULL),
 * resolving short names against `module` ("forecast": ic ->
 * "forecast.ic"); the object is owned by a userdata pushed on the
 * stack (or nil pushed when idx is nil), so it is freed by the GC even
 * when an error follows. String values are left to the caller: pass the
 * names to skip in `skip` (NULL-terminated, may be NULL). */
fpa_opts *lfpa_opts(lua_State *L, int idx, const char *module, const char *const *skip);
/* A field of an options table: number (or default when absent), string
 * choice from a NULL-terminated list (index returned), boolean. */
double lfpa_opt_number(lua_State *L, int idx, const char *field, double def);
int lfpa_opt_choice(lua_State *L, int idx, const char *field, const char *def,
                    const char *const *choices);

/* Object types: register a metatable named `tname` with `methods` (used
 * for __index) and a free function called once from __gc or __close. */
typedef void (*lfpa_free_fn)(void *obj);
void lfpa_newclass(lua_State *L, const char *tname, const luaL_Reg *methods,
                   lfpa_free_fn free_fn);
/* Push a new object of type tname wrapping obj (owned from now on). */
void lfpa_pushobject(lua_State *L, const char *tname, void *obj);
/* Push a new, still empty object of type tname and return its slot: store
 * the C object there once created, so that a memory error of Lua's cannot
 * leak it. The slot is the first member of every object's userdata; NULL
 * means closed. */
void **lfpa_newobject(lua_State *L, const char *tname);
/* The C object of the userdata at idx, raising an error when it is not of
 * type tname or was already closed. */
void *lfpa_toobject(lua_State *L, int idx, const char *tname);

/* Module openers: each adds its functions to the table on top. */
void lfpa_open_core(lua_State *L);
void lfpa_open_tvm(lua_State *L);
void lfpa_open_unit(lua_State *L);
void lfpa_open_kpi(lua_State *L);
/* variance and recon (lfpa_variance.c, lfpa_recon.c) */
void lfpa_open_variance(lua_State *L);
void lfpa_open_recon(lua_State *L);
/* working capital and scenarios (lfpa_wc.c, lfpa_scenario.c) */
void lfpa_open_wc(lua_State *L);
void lfpa_open_scenario(lua_State *L);
/* the planning model (lfpa_model.c) */
void lfpa_open_model(lua_State *L);
/* forecasting and accuracy (lfpa_forecast.c) */
void lfpa_open_forecast(lua_State *L);
/* hierarchical forecasting (lfpa_hierarchy.c) */
void lfpa_open_hierarchy(lua_State *L);
/* the figures of the fpa review pack (lfpa_figures.c) */
void lfpa_open_figures(lua_State *L);

#endif
