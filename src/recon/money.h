/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked int64 money arithmetic shared by the reconciliation sources. */
#ifndef FPA_RECON_MONEY_H
#define FPA_RECON_MONEY_H
#include "fpa/recon.h"
#include "../core/internal.h"

/* |x| > tol without computing |INT64_MIN| */
static inline bool money_breaks(int64_t x, int64_t tol) { return x > tol || x < -tol; }

/* An exact running sum of int64 amounts, worth wraps * 2^64 + low: whether
 * a total overflows depends on the total, never on the order of the
 * amounts ({INT64_MAX, 1, -1} sums to INT64_MAX). */
typedef struct {
    int64_t low, wraps;
} money_sum;

static inline void money_add(money_sum *s, int64_t x)
{
    int64_t r;
    if (fpa__add_i64(&r, s->low, x)) {
        s->low = r;
    } else {
        s->low = (int64_t)((uint64_t)s->low + (uint64_t)x);
        s->wraps += x > 0 ? 1 : -1;
    }
}

/* The sum, when it fits in int64. */
static inline bool money_total(int64_t *out, const money_sum *s)
{
    *out = s->low;
    return s->wraps == 0;
}

#endif
