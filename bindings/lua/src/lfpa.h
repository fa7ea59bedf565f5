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

/* Raise the Lua error for a failed status (never returns if st != OK). */
void lfpa_check(lua_State *L, fpa_status st);
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
 * resolving short names against `module` ("forecast": horizon ->
 * "forecast.horizon"); the object is owned by a userdata pushed on the
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
/* forecasting and accuracy (lfpa_forecast.c) */
void lfpa_open_forecast(lua_State *L);
/* hierarchical forecasting (lfpa_hierarchy.c) */
void lfpa_open_hierarchy(lua_State *L);
/* the figures of the fpa review pack (lfpa_figures.c) */
void lfpa_open_figures(lua_State *L);

#endif
