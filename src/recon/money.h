/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked int64 money arithmetic shared by the reconciliation sources. */
#ifndef FPA_RECON_MONEY_H
#define FPA_RECON_MONEY_H
#include "fpa/recon.h"
#include "../core/internal.h"

/* |x| > tol without computing |INT64_MIN| */
static inline bool money_breaks(int64_t x, int64_t tol) { return x > tol || x < -tol; }

/* An exact sum of int64 amounts: a 128-bit two's-complement integer as
 * two words, so that no partial sum of fewer than 2^64 amounts can
 * overflow and the order of the amounts cannot matter; only the final
 * result is checked against the int64 range. Portable C (no __int128). */
typedef struct {
    uint64_t lo;
    int64_t hi;
} money_sum;

static inline void money_add(money_sum *s, int64_t x)
{
    uint64_t lo = s->lo + (uint64_t)x;
    s->hi += (x < 0 ? -1 : 0) + (lo < s->lo);
    s->lo = lo;
}

/* a - b, exactly */
static inline money_sum money_diff(money_sum a, money_sum b)
{
    money_sum d = {a.lo - b.lo, a.hi - b.hi - (a.lo < b.lo)};
    return d;
}

static inline money_sum money_of(int64_t x)
{
    money_sum s = {0, 0};
    money_add(&s, x);
    return s;
}

/* The sum as an int64, or false when it does not fit. */
static inline bool money_value(int64_t *out, money_sum s)
{
    if (s.hi != ((s.lo >> 63) ? -1 : 0)) return false;
    *out = (int64_t)s.lo;
    return true;
}


#endif
