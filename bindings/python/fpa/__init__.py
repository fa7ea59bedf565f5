# SPDX-License-Identifier: GPL-3.0-or-later
"""libfpa for Python: financial planning and analysis on numpy arrays.

Every function calls the C library (libfpa.so.1) through cffi; arrays of
float64 pass without copies. Failures raise `fpa.Error` subclasses carrying
the C status and the library's detail message.
"""
from ._core import (Error, InvalidArgumentError, DomainError, NoConvergenceError,
                    OutOfMemoryError, ResultOverflowError, BufferSizeError,
                    UnboundedError, DataError, SystemResourceError, CancelledError,
                    ArgumentTypeError, Options,
                    lib_version, lib_version_number, option_names, option_bounds)
from ._core import callable_module as _callable_module
from .dates import (to_days, from_days, parse_date, year_fraction, DAY_COUNTS, last_error,
                    clear_error)
from .tvm import (npv, irr, irr_roots, mirr, xnpv, xirr, xirr_batch, pmt, pv, fv, nper, rate,
                  ipmt, ppmt, cumipmt, cumprinc, effect, nominal, sln, syd, ddb, db)
from .unit import (contribution, break_even, break_even_mix, margin_of_safety,
                   operating_leverage, allocate, profitability, arpu, logo_churn,
                   revenue_retention, ltv_simple, ltv_discounted, ltv_curve,
                   retention_curve, ltv_cohorts, cac_blended, cac_paid, ltv_cac,
                   cac_payback, cac_payback_curve, cohort_retention,
                   cohort_revenue_retention, Cohorts, cohorts_from_rows, Contribution,
                   BreakEven, MarginOfSafety, RevenueRetention, Profitability)
from .unit import (customer_counts, revenue_movements, logo_churn_mean, CustomerCounts,
                   RevenueMovements)
from .kpi import (growth_pop, growth_yoy, cagr, cagr_rows, sma, wma, ema, margins,
                  Margins, rule_of_40, burn, Burn, runway, months_of_cash)

# ---- working capital and scenarios (wc.h, scenario.h) ----
from .wc import (wc_period_days, wc_cycle, wc_liquidity, wc_weekly_cash, WCPlan,
                 WC_DRIVERS, WC_LINES, WC_BASES)
from .scenario import (Scenario, MonteCarlo, MonteCarloResult, SCENARIO_OPS,
                       SCENARIO_METRICS, MC_DISTRIBUTIONS, MC_DRAWS, MC_STATS, GOAL_MODES)
from .model import (Model, ModelScenario, ModelMonteCarlo, ModelMonteCarloResult,
                    MODEL_RELATIONS, MODEL_ROLES, MODEL_CALENDARS, UNIT_METRICS, plot_statements,
                    plot_cash)
# ---- forecasting and accuracy (forecast.h, accuracy.h) ----
from .forecast import (ForecastModel, ForecastResult, forecast_batch, BatchForecast,
                       backtest, Backtest, RollingForecast, Outlook, LagErrors, decompose,
                       Decomposition, seasonality_test, ArimaOrder, FORECAST_METHODS,
                       ETS_COMPONENTS, ARIMA_CONSTANTS)
from .accuracy import (mae, rmse, mape, smape, wape, mase, bias, relbias, coverage, msis, owa,
                       accuracy_scale, METRICS)
from .frame import forecast_frame, cross_validation_frame
from .hierarchy import Hierarchy, HierarchyForecast, hierarchical_forecast, RECONCILE_METHODS
# ---- figures of the fpa review pack (kpi.h, wc.h, forecast.h, since 1.1) ----
from .kpi_stats import trailing_stats, TrailingStats
from .wc_history import wc_history, WC_HISTORY_ROWS
from .forecast_residuals import residual_correlation
from . import plots  # matplotlib is imported on a chart's first call
from . import npf  # numpy-financial 1.0's conventions: import fpa.npf as npf

__version__ = "1.1.0"
# -- variance and recon modules (include/fpa/variance.h, recon.h) --
from .variance import (VarianceFlag, SpendFlag, window_range, variance_window,
                       spend_control, Tree, hierarchy, sales_mix_variance, cost_variance,
                       flexible_budget, fixed_overhead_variance, market_variance,
                       plan_accuracy, plan_metrics)
from ._core import PartialResultWarning
from .recon import rollforward, tieout, match_statement, aging

# fpa.forecast, fpa.variance and fpa.accuracy are their modules, callable as
# the module's main function: fpa.forecast(y) as before, and
# `import fpa.forecast as fc` gives the module (fc.ForecastModel).
from . import accuracy, forecast, variance  # noqa: E402
for _m in (accuracy, forecast, variance):
    _callable_module(_m, getattr(_m, _m.__name__.rsplit(".", 1)[1]))
del _m
