/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers of the unit module. */
#ifndef FPA_UNIT_PRIVATE_H
#define FPA_UNIT_PRIVATE_H

#include "fpa/unit.h"

#include "../core/internal.h"


/* Both outputs of a pair may be NULL, not both. */
static inline fpa_status unit__want(const void *a, const void *b)
{
    return a || b ? FPA_OK : fpa__fail(FPA_EINVAL, "no output is requested");
}

/* v >= 0 and finite. */
static inline fpa_status unit__nonneg(double v, const char *what)
{
    TRY(fpa__check_value(v, what));
    if (v < 0) return fpa__fail(FPA_EDOM, "%s is negative (%.17g)", what, v);
    return FPA_OK;
}

/* Allocation by largest remainder; the driver is `d`, or `d64` when `d`
 * is NULL (revenue in cents). */
fpa_status unit__allocate(int64_t *out, int64_t pool, const double *d,
                          const int64_t *d64, size_t n, const fpa_mem *m);

#endif
