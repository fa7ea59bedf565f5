/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cash-at-risk of a Monte Carlo run (scenario.h, "Cash-at-risk"). */
#include "fpa/scenario.h"

#include "../core/internal.h"

fpa_status fpa_scenario_mc_cash_at_risk(double *out, const fpa_scenario_mc_result *res,
                                        double level)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(res, "res"));
    if (!fpa__finite(level) || level < 0.5 || level > 1)
        return fpa__fail(FPA_EDOM, "level is %.17g; must be in [0.5, 1]", level);
    double median, tail;
    TRY(fpa_scenario_mc_quantile(&median, res, FPA_MC_ENDING_CASH, 0.5));
    TRY(fpa_scenario_mc_quantile(&tail, res, FPA_MC_ENDING_CASH, 1 - level));
    return fpa__store(out, median - tail, "the cash-at-risk");
}
