/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked int64 money arithmetic shared by the reconciliation sources. */
#ifndef FPA_RECON_MONEY_H
#define FPA_RECON_MONEY_H
#include "fpa/recon.h"
#include "../core/internal.h"

static inline bool money_add(int64_t *r, int64_t a, int64_t b)
{
#if defined(__GNUC__)
    return !__builtin_add_overflow(a, b, r);
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return false;
    *r = a + b;
    return true;
#endif
}

static inline bool money_sub(int64_t *r, int64_t a, int64_t b)
{
#if defined(__GNUC__)
    return !__builtin_sub_overflow(a, b, r);
#else
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b)) return false;
    *r = a - b;
    return true;
#endif
}

/* |x| > tol without computing |INT64_MIN| */
static inline bool money_breaks(int64_t x, int64_t tol) { return x > tol || x < -tol; }

/* Day numbers are limited so that their differences never overflow. */
#define DAY_LIMIT ((int64_t)1 << 40)

static inline fpa_status check_days(const int64_t *d, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] > DAY_LIMIT || d[i] < -DAY_LIMIT)
            return fpa__fail(FPA_EDOM, "%s[%zu] = %lld is outside +-2^40 days",
                             what, i, (long long)d[i]);
    return FPA_OK;
}

#define TRY(x)                              \
    do {                                    \
        fpa_status st_ = (x);               \
        if (st_ != FPA_OK) return st_;      \
    } while (0)
#endif
