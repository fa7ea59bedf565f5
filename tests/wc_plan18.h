/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An 18-month working-capital plan with every driver set, busy enough for
 * the Monte Carlo and progress tests (its figures are inputs, not
 * expectations). */
#ifndef FPA_WC_PLAN18_H
#define FPA_WC_PLAN18_H
#include "testutil.h"

static inline fpa_wc_plan *plan18(void)
{
    fpa_wc_plan *p;
    double v[6][18], days[18];
    for (int t = 0; t < 18; t++) {
        v[0][t] = 1e5 * (1 + 0.02 * t);
        v[1][t] = 0.6 * v[0][t];
        v[2][t] = 45, v[3][t] = 30, v[4][t] = 40, v[5][t] = -3.5e4;
        days[t] = 30;
    }
    assert_ok(fpa_wc_plan_new(&p, 18, NULL));
    for (int d = 0; d < 6; d++) assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)d, v[d], 18));
    assert_ok(fpa_wc_plan_set_days(p, days, 18));
    assert_ok(fpa_wc_plan_set_opening(p, 1.5e5, 6e4, 8e4, 5e4));
    return p;
}
#endif
