/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The forecast options, read once per call into a plain struct so that the
 * objects that re-fit later (rolling forecasts, updates) keep them. */
#include "fc.h"

fpa_status fc_settings_read(fc_settings *out, const fpa_opts *opts)
{
    fc_settings s;
    s.ets_error = fpa__opt_int(opts, FPA_OPT_FORECAST_ETS_ERROR);
    s.ets_trend = fpa__opt_int(opts, FPA_OPT_FORECAST_ETS_TREND);
    s.ets_season = fpa__opt_int(opts, FPA_OPT_FORECAST_ETS_SEASON);
    s.ic = fpa__opt_int(opts, FPA_OPT_FORECAST_IC);
    s.max_gap = (size_t)fpa__opt(opts, FPA_OPT_FORECAST_MAX_GAP);
    s.fallback = fpa__opt_int(opts, FPA_OPT_FORECAST_FALLBACK);
    s.adjust = fpa__opt_int(opts, FPA_OPT_FORECAST_ADJUST);
    s.decomposition = fpa__opt_int(opts, FPA_OPT_FORECAST_DECOMPOSITION);
    s.ma_window = (size_t)fpa__opt(opts, FPA_OPT_FORECAST_MA_WINDOW);
    s.linear_seasonal = fpa__opt_int(opts, FPA_OPT_FORECAST_LINEAR_SEASONAL);
    s.intervals = fpa__opt_int(opts, FPA_OPT_FORECAST_INTERVALS);
    s.npaths = (size_t)fpa__opt(opts, FPA_OPT_FORECAST_NPATHS);
    s.seed = (uint64_t)fpa__opt(opts, FPA_OPT_SEED);
    s.rolling_update = fpa__opt_int(opts, FPA_OPT_FORECAST_ROLLING_UPDATE);
    s.fiscal_start = fpa__opt_int(opts, FPA_OPT_FORECAST_FISCAL_START);
    if (s.fiscal_start == 1)  /* the 1.0 key, when set, before the core one */
        s.fiscal_start = fpa__opt_int(opts, FPA_OPT_FISCAL_YEAR_START);
    s.window = fpa__opt_int(opts, FPA_OPT_FORECAST_WINDOW);
    s.window_length = (size_t)fpa__opt(opts, FPA_OPT_FORECAST_WINDOW_LENGTH);
    s.origin_step = (size_t)fpa__opt(opts, FPA_OPT_FORECAST_ORIGIN_STEP);
    s.ets_restarts = fpa__opt_int(opts, FPA_OPT_FORECAST_ETS_RESTARTS);
    for (int i = 0; i < 7; i++)
        s.arima_max[i] = fpa__opt_int(opts, FPA_OPT_FORECAST_ARIMA_MAX_P + i);
    s.arima_stepwise = fpa__opt_int(opts, FPA_OPT_FORECAST_ARIMA_STEPWISE);
    s.arima_approximation = fpa__opt_int(opts, FPA_OPT_FORECAST_ARIMA_APPROXIMATION);
    s.arima_constant = fpa__opt_int(opts, FPA_OPT_FORECAST_ARIMA_CONSTANT);
    if (s.ets_error != FPA_ETS_AUTO && s.ets_error != FPA_ETS_ADDITIVE &&
        s.ets_error != FPA_ETS_MULTIPLICATIVE)
        return fpa__fail(FPA_EINVAL, "option forecast.ets_error is %d: not "
                         "an error type (auto, additive, multiplicative)",
                         s.ets_error);
    if (s.ets_trend == FPA_ETS_MULTIPLICATIVE)
        return fpa__fail(FPA_EINVAL, "option forecast.ets_trend: "
                         "multiplicative trends are not supported");
    if (s.ets_season == FPA_ETS_DAMPED)
        return fpa__fail(FPA_EINVAL, "option forecast.ets_season: a season "
                         "cannot be damped");
    if (s.ets_error == FPA_ETS_ADDITIVE &&
        s.ets_season == FPA_ETS_MULTIPLICATIVE)
        return fpa__fail(FPA_EINVAL, "options forecast.ets_error/ets_season: "
                         "additive errors with multiplicative seasonality "
                         "are excluded (unstable)");
    *out = s;
    return FPA_OK;
}
