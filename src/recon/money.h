/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked int64 money arithmetic shared by the reconciliation sources. */
#ifndef FPA_RECON_MONEY_H
#define FPA_RECON_MONEY_H
#include "fpa/recon.h"
#include "../core/internal.h"

/* |x| > tol without computing |INT64_MIN| */
static inline bool money_breaks(int64_t x, int64_t tol) { return x > tol || x < -tol; }


#endif
