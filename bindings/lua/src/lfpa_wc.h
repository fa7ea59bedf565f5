/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What lfpa_wc.c shares with lfpa_scenario.c: the plan's type, enum names
 * and argument helpers. Periods are 1-based in Lua (period t is element t
 * of every table) and 0-based in C; these helpers convert. */
#ifndef LFPA_WC_H
#define LFPA_WC_H

#include "lfpa.h"

#define LFPA_WC_PLAN "fpa.wc_plan"

/* NULL-terminated names indexed by the C enum values (for lfpa_choice). */
extern const char *const lfpa_wc_drivers[];
extern const char *const lfpa_wc_line_names[];

/* A number argument (NaN passes, for the library to reject). */
double lfpa_wc_num(lua_State *L, int idx, const char *what);
/* A 1-based period argument (nil: period 1) as the 0-based C period. */
size_t lfpa_wc_period(lua_State *L, int idx, const char *what);
/* The C object of the userdata of type tname at idx; anything else is an
 * FPA_EINVAL error (a method called with '.' instead of ':', a closed
 * object), never luaL's "bad argument". */
void *lfpa_wc_object(lua_State *L, int idx, const char *tname);
/* The plan of the userdata at idx. */
fpa_wc_plan *lfpa_wc_plan_arg(lua_State *L, int idx);
/* Projection lines: nil = all, a name, or a table of names. *single is set
 * for a bare name. The array lives in a userdata pushed on the stack. */
fpa_wc_line *lfpa_wc_lines_arg(lua_State *L, int idx, size_t *nlines, int *single);
/* Push a projection's line-major output: a sequence for a single line, else
 * a table keyed by line name. */
void lfpa_wc_push_lines(lua_State *L, const double *out, size_t n, const fpa_wc_line *lines,
                        size_t nlines, int single);

#endif
