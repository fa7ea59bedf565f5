/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: working-capital metrics, projections, scenarios,
 * sensitivity, goal seek and a small Monte Carlo on hostile drivers and
 * distribution parameters (GSL's aborting handler stays in place). */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { T = 12 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    double v[6][T], days[T], o[8][64] = {{0}};
    size_t nper = 1 + fz_byte(&in) % T;
    for (int d = 0; d < 6; d++)
        for (size_t t = 0; t < T; t++)
            v[d][t] = fz_byte(&in) < 200 ? 1 + fz_byte(&in) : fz_double(&in);
    for (size_t t = 0; t < T; t++) days[t] = fz_byte(&in) < 220 ? 30 : fz_double(&in);
    fpa_status st;
    uint8_t which = fz_byte(&in) % 6;
    if (which == 0) {
        st = fpa_wc_cycle(o[0], o[1], o[2], o[3], v[0], v[1], v[2], v[3], v[4], v[5], days, nper);
        fz_check_all(st, o[3], nper);
        st = fpa_wc_liquidity(o[0], o[1], o[2], v[0], v[1], v[2], nper);
        fz_check_all(st, o[0], nper);
        int64_t bounds[T + 1];
        for (size_t t = 0; t <= T; t++) bounds[t] = fz_i64(&in);
        st = fpa_wc_period_days(o[4], bounds, nper, (fpa_wc_basis)(fz_byte(&in) % 4));
        fz_check_all(st, o[4], nper);
        return 0;
    }
    if (which == 1) {
        double ar[8], curve[8], ap[8], rec[4];
        int64_t due[8], first[4];
        int32_t every[4];
        for (int i = 0; i < 8; i++) ar[i] = fz_double(&in), curve[i] = fz_double(&in),
            ap[i] = fz_double(&in), due[i] = fz_i64(&in);
        for (int i = 0; i < 4; i++) rec[i] = fz_double(&in), first[i] = fz_i64(&in),
            every[i] = (int32_t)fz_i64(&in);
        size_t weeks = fz_byte(&in) % 20;
        st = fpa_wc_weekly_cash(o[0], o[1], o[2], o[3], weeks, fz_i64(&in), fz_double(&in),
                                ar, fz_byte(&in) % 9, curve, fz_byte(&in) % 9, NULL, ap, due,
                                fz_byte(&in) % 9, rec, first, every, fz_byte(&in) % 5);
        fz_check_all(st, o[3], weeks);
        return 0;
    }
    fpa_wc_plan *plan = NULL;
    fpa_scenario *scn = NULL;
    fpa_scenario_mc *mc = NULL;
    if (fpa_wc_plan_new(&plan, nper, NULL) != FPA_OK) return 0;
    fpa_wc_plan_set_days(plan, days, nper);
    for (int d = 0; d < 6; d++) fpa_wc_plan_set(plan, (fpa_wc_driver)d, v[d], nper);
    fpa_wc_plan_set_opening(plan, fz_double(&in), fz_double(&in), fz_double(&in), fz_double(&in));
    fpa_scenario_new(&scn, NULL);
    for (int k = fz_byte(&in) % 4; k > 0; k--)
        fpa_scenario_add(scn, (fpa_wc_driver)(fz_byte(&in) % 7), (fpa_scenario_op)(fz_byte(&in) % 4),
                         fz_double(&in), fz_byte(&in) % (T + 2));
    const fpa_wc_line lines[] = {FPA_WC_LINE_CASH, FPA_WC_LINE_NWC, FPA_WC_LINE_AR};
    double floor_ = fz_double(&in);
    fpa_scenario_metric metric = (fpa_scenario_metric)(fz_byte(&in) % 5);
    switch (which) {
    case 2:
        st = fpa_wc_project(o[0], 64, plan, lines, 3);
        fz_check_all(st, o[0], 3 * nper);
        st = fpa_scenario_project(o[1], 64, plan, scn, lines, 3);
        fz_check_all(st, o[1], 3 * nper);
        size_t minp;
        double peak;
        st = fpa_scenario_compare(o[2], o[3], o[4], o[5], &minp, &peak, plan, scn, floor_, nper);
        fz_check_all(st, o[2], nper);
        break;
    case 3: {
        fpa_wc_driver drv[2] = {(fpa_wc_driver)(fz_byte(&in) % 6), (fpa_wc_driver)(fz_byte(&in) % 6)};
        fpa_scenario_op ops[2] = {(fpa_scenario_op)(fz_byte(&in) % 3), (fpa_scenario_op)(fz_byte(&in) % 3)};
        double lo[2] = {fz_double(&in), fz_double(&in)}, hi[2] = {fz_double(&in), fz_double(&in)};
        size_t from[2] = {fz_byte(&in) % T, fz_byte(&in) % T};
        double base;
        st = fpa_scenario_tornado(o[0], o[1], &base, plan, scn, drv, ops, lo, hi, from, 2, metric,
                                  floor_);
        fz_check_all(st, o[0], 2);
        double rows[3] = {fz_double(&in), fz_double(&in), fz_double(&in)};
        st = fpa_scenario_table(o[2], 64, plan, scn, drv[0], ops[0], rows, 3, drv[1], ops[1], rows,
                                fz_byte(&in) % 4, fz_byte(&in) % T, metric, floor_, NULL);
        break;
    }
    case 4: {
        double x;
        st = fpa_scenario_goal_seek(&x, plan, scn, (fpa_wc_driver)(fz_byte(&in) % 6),
                                    (fpa_scenario_op)(fz_byte(&in) % 3), fz_byte(&in) % T,
                                    fz_double(&in), fz_double(&in), metric, floor_, fz_double(&in));
        fz_check_all(st, &x, 1);
        break;
    }
    default: {
        if (fpa_scenario_mc_new(&mc, NULL) != FPA_OK) break;
        for (int k = 1 + fz_byte(&in) % 3; k > 0; k--) {
            double params[3] = {fz_double(&in), fz_double(&in), fz_double(&in)};
            size_t idx;
            fpa_scenario_mc_add(&idx, mc, (fpa_wc_driver)(fz_byte(&in) % 6),
                                (fpa_scenario_op)(fz_byte(&in) % 3),
                                (fpa_scenario_dist)(fz_byte(&in) % 6), params, fz_byte(&in) % 4,
                                fz_byte(&in) % T, (fpa_scenario_draw)(fz_byte(&in) % 3));
        }
        double corr[4] = {1, fz_double(&in), 0, 1};
        corr[2] = corr[1];
        if (fz_byte(&in) & 1) fpa_scenario_mc_correlate(mc, corr, 2);
        fpa_scenario_mc_result *res = NULL;
        st = fpa_scenario_mc_run(&res, mc, plan, scn, fz_byte(&in) % 64, floor_, NULL);
        if (st == FPA_OK) {
            double q;
            fz_check_all(fpa_scenario_mc_quantile(&q, res, FPA_MC_MIN_CASH, fz_double(&in)), &q, 0);
            fpa_scenario_mc_result_free(res);
        } else if (fpa_error_last()[0] == 0)
            FZ_FAIL("%s without a detail\n", fpa_status_name(st));
        break;
    }
    }
    fpa_scenario_mc_free(mc);
    fpa_scenario_free(scn);
    fpa_wc_plan_free(plan);
    return 0;
}
