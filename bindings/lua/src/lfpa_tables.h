/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table conversions of the variance and recon bindings: matrices (a table
 * of rows, or a plain sequence), exact int64 money, 1-based positions,
 * optional strings and enum names. Like lfpa_doubles, every C buffer lives
 * in a userdata pushed on the stack, so an error cannot leak it; callers
 * keep the stack slots until the C call is made. Positions in errors are
 * Lua's (1-based): the binding's own, and the C library's details, which
 * lfpa_check turns from 0-based. */
#ifndef LFPA_TABLES_H
#define LFPA_TABLES_H

#include "lfpa.h"

/* The shape of a numeric table: rows x cols, read from a table of rows
 * (matrix = 1) or from a sequence of numbers (matrix = 0: rows = length,
 * cols = 1). */
typedef struct {
    size_t rows, cols;
    int matrix;
} lt_shape;

/* A matrix or sequence at idx, row-major, at least one value. */
double *lt_doubles(lua_State *L, int idx, lt_shape *sh, const char *what);
/* The same with integer (minor-unit) cells; floats are refused, not
 * rounded. */
int64_t *lt_int64s(lua_State *L, int idx, lt_shape *sh, const char *what);
/* A sequence of integers, possibly empty. */
int64_t *lt_int64_seq(lua_State *L, int idx, size_t *n, const char *what);
/* One integer, with the error naming `what`. */
int64_t lt_int64(lua_State *L, int idx, const char *what);
/* A sequence of 1-based positions into `count` things, as 0-based
 * size_t; 0 and negatives are FPA_EDATA naming `thing`. */
size_t *lt_positions(lua_State *L, int idx, size_t *n, size_t count, const char *what,
                     const char *thing);
/* `n` strings from a sequence (integers become strings); with allow_none,
 * nil and false give NULL. The strings are anchored in a table pushed on
 * the stack, the pointer array in a userdata above it. */
const char **lt_strings(lua_State *L, int idx, size_t n, int allow_none, const char *what);
/* `n` doubles: one number for all, or a sequence of n (NaN allowed). */
double *lt_per_line(lua_State *L, int idx, size_t n, const char *what);
/* An enum: a name from `names` (index returned) or its number (returned
 * as is, for C to range-check); `def` when nil or none. */
int lt_choice(lua_State *L, int idx, const char *const *names, int def, const char *what);
/* `n` enum values: one name or number for all, or a sequence of them. */
int *lt_choices(lua_State *L, int idx, size_t n, const char *const *names,
                const char *what);

/* Push a matrix or sequence of the given shape. */
void lt_push_doubles(lua_State *L, const double *x, const lt_shape *sh);
void lt_push_int64s(lua_State *L, const int64_t *x, const lt_shape *sh);
void lt_push_flags(lua_State *L, const uint32_t *x, const lt_shape *sh);
/* Push the string-keyed table t[names[k]] = x[k] for k < n. */
void lt_push_named(lua_State *L, const double *x, const char *const *names, size_t n);

#endif
