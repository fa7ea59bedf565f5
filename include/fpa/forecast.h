/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file forecast.h
 * @brief Time-series forecasting: benchmarks, exponential smoothing (ETS)
 *        with automatic model selection, Theta, combinations, prediction
 *        intervals, rolling forecasts, backtests and batches.
 *
 * **Series.** A series is `n` doubles in time order with a seasonal
 * `period` (12 monthly, 4 quarterly, 52 weekly, 1 for none; at most
 * ::FPA_FORECAST_MAX_PERIOD). Positions within the season count from the
 * first value, as in R's decompose(); the calendar start matters only to
 * the rolling forecast's fiscal-year outlook.
 *
 * **Missing values** are NaN, handled the same way by every function here:
 * - leading NaNs are dropped (the series starts at its first number);
 * - a gap of at most ::FPA_OPT_FORECAST_MAX_GAP consecutive NaNs (default
 *   3) between two numbers is filled by linear interpolation;
 * - a longer gap, a NaN in the last position, or no number at all is
 *   refused with ::FPA_EDATA and a detail naming the positions;
 * - infinite values are refused with ::FPA_EDOM.
 *
 * **Methods** (::fpa_forecast_method) are fitted by fpa_forecast_fit(),
 * which returns an opaque model; fpa_forecast_predict() gives point
 * forecasts and prediction intervals at any levels. Methods that need more
 * data than the series has fall back along a documented chain (see
 * ::FPA_OPT_FORECAST_FALLBACK) so that any series with one or more numbers
 * gets a forecast; fpa_forecast_model_name() says which model was used.
 *
 * **ETS** follows Hyndman, Koehler, Ord & Snyder, *Forecasting with
 * Exponential Smoothing: the State Space Approach*, Springer 2008, as
 * implemented by R's `forecast::ets()` (version 8.20) with its defaults:
 * candidate models error {A, M} x trend {N, A, Ad} x season {N, A, M},
 * without additive error and multiplicative season (unstable) and without
 * multiplicative trends; multiplicative components only for strictly
 * positive data; seasonal models only for periods 2..24 with more than one
 * season of data; a model only when it has fewer parameters than the data
 * minus one. Initial states come from R's heuristics (a classical
 * decomposition, or a Fourier regression below three seasons); smoothing
 * parameters and initial states are estimated jointly by maximum likelihood
 * with GSL's Nelder-Mead simplex (`nmsimplex2`) inside both the usual
 * bounds (0.0001 <= alpha <= 0.9999, 0.0001 <= beta <= alpha,
 * 0.0001 <= gamma <= 1 - alpha, 0.8 <= phi <= 0.98) and the admissible
 * (forecastable) region; the model with the smallest AICc is chosen. The
 * log-likelihood, AIC, AICc and BIC are R's (up to the same constant).
 * Like R's (2000 evaluations), the search has a budget: 400 simplex
 * iterations for seasonal models (see ::FPA_OPT_FORECAST_ETS_RESTARTS),
 * with up to two restarts for the non-seasonal ones. docs/forecast.md
 * lists where libfpa differs from R and why.
 *
 * **ARIMA** follows R's `stats::arima()` and `forecast::Arima()` /
 * `auto.arima()` (forecast 8.20): the state-space form of makeARIMA()
 * (Harvey's representation of the ARMA part, the differencing states with
 * R's diffuse prior of variance 1e6), the stationary initial covariance
 * (Gardner, Harvey & Phillips 1980), exact Gaussian maximum likelihood
 * started from conditional sums of squares ("CSS-ML"), stationarity by
 * R's transformation of the AR parameters and invertibility by
 * reflecting MA roots into the invertible region, standard errors from
 * the numerical Hessian, forecasts and their variances from the Kalman
 * filter (the forecast distribution is Gaussian). Orders are chosen by
 * AICc (::FPA_OPT_FORECAST_IC): D by the STL seasonal strength (above
 * 0.64), d by KPSS tests at 5 %, then R's stepwise search. The
 * likelihoods are minimised with NLopt's L-BFGS on difference gradients;
 * on long series (more than 150 values or a period above 12) the search
 * compares conditional sums of squares, as R's. docs/forecast.md lists
 * the limits and every difference from R.
 *
 * **Memory.** Models and other objects allocate through the allocator of
 * the ::fpa_opts they were created with. The Nelder-Mead minimiser is GSL's
 * and allocates its small workspace (one per candidate model) with
 * malloc(); if that allocation fails GSL's error handler runs, which aborts
 * unless the host installed another handler. NLopt's minimiser (ARIMA)
 * allocates its workspace with malloc() too, and reports a failure as
 * ::FPA_ENOMEM.
 *
 * **Threads.** Every function is thread-safe on distinct objects; a model
 * may be read (predicted from) by several threads at once.
 */
#ifndef FPA_FORECAST_H
#define FPA_FORECAST_H

#include "fpa/accuracy.h"
#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest seasonal period accepted. */
#define FPA_FORECAST_MAX_PERIOD 366

/** Size of a model name buffer, terminating NUL included; names such as
 *  "ETS(M,Ad,M)" or "Theta (seasonally adjusted)" always fit. */
#define FPA_FORECAST_NAME_MAX 48

/** Horizon, in periods, that hosts use when the caller names none: a
 *  year and a half of months, the usual rolling-forecast window. The
 *  library's functions always take an explicit horizon; the Python and Lua
 *  bindings and the `fpa` command default to this value. @since 1.1 */
#define FPA_FORECAST_DEFAULT_HORIZON 18

/** Forecasting methods. The numeric values are part of the ABI. */
typedef enum fpa_forecast_method {
    /** Last value repeated ("random walk"). */
    FPA_FORECAST_NAIVE = 0,
    /** Value of the same season one period earlier. */
    FPA_FORECAST_SNAIVE = 1,
    /** Naive forecast of the seasonally adjusted series, reseasonalised:
     *  the M4 competition's Naive2 (adjustment as
     *  ::FPA_OPT_FORECAST_ADJUST, by default when M4's test finds
     *  seasonality). */
    FPA_FORECAST_NAIVE2 = 2,
    /** Random walk with drift: last value plus the mean change. */
    FPA_FORECAST_DRIFT = 3,
    /** Mean of the last ::FPA_OPT_FORECAST_MA_WINDOW values. */
    FPA_FORECAST_MOVING_AVERAGE = 4,
    /** Least-squares linear trend, with seasonal dummies when
     *  ::FPA_OPT_FORECAST_LINEAR_SEASONAL is set and the period is > 1
     *  (R's tslm(y ~ trend + season)). */
    FPA_FORECAST_LINEAR = 5,
    /** Simple exponential smoothing, ETS(A,N,N), on the seasonally
     *  adjusted series (as in the M4 benchmarks). */
    FPA_FORECAST_SES = 6,
    /** Holt's linear trend, ETS(A,A,N), seasonally adjusted likewise. */
    FPA_FORECAST_HOLT = 7,
    /** Damped trend, ETS(A,Ad,N), seasonally adjusted likewise. */
    FPA_FORECAST_DAMPED = 8,
    /** ETS with automatic selection by AICc (see the file comment), the
     *  candidates restricted by ::FPA_OPT_FORECAST_ETS_ERROR,
     *  ::FPA_OPT_FORECAST_ETS_TREND and ::FPA_OPT_FORECAST_ETS_SEASON. */
    FPA_FORECAST_ETS = 9,
    /** The standard Theta method (Assimakopoulos & Nikolopoulos 2000) as
     *  simple exponential smoothing with drift (Hyndman & Billah 2003) on
     *  the seasonally adjusted series: R's thetaf(). */
    FPA_FORECAST_THETA = 10,
    /** The optimised Theta method (Fiorucci, Pellegrini, Louzada,
     *  Petropoulos & Koehler 2016, IJF 32(4)): theta estimated with the
     *  smoothing parameter and initial level by least squares. */
    FPA_FORECAST_OPTIMISED_THETA = 11,
    /** Combination of every admissible ETS model (the candidates of
     *  ::FPA_FORECAST_ETS), each weighted by its Akaike weight
     *  w_i = exp(-delta_i / 2) / sum_j exp(-delta_j / 2), delta_i being
     *  its AICc minus the smallest (Kolassa 2011, "Combining exponential
     *  smoothing forecasts using Akaike weights", IJF 27(2); Burnham &
     *  Anderson 2002, *Model Selection and Multimodel Inference*, 2nd ed.,
     *  section 4.2). The forecast is the mean of the model-averaged
     *  forecast distribution, the mixture of the candidates'; its
     *  intervals are that mixture's quantiles. On the M1 data it beat
     *  selecting one model, and the median of ETS, Theta and damped trend
     *  (bench/README.md). */
    FPA_FORECAST_COMBO = 12,
    /** Seasonal ARIMA(p,d,q)(P,D,Q)m with a mean or drift, its orders
     *  chosen automatically as R's `forecast::auto.arima()` (Hyndman &
     *  Khandakar 2008) and estimated by exact maximum likelihood (see
     *  "ARIMA" below; the limits are the `FPA_OPT_FORECAST_ARIMA_...`
     *  options). Explicit orders and regressors: fpa_forecast_arima_fit(). */
    FPA_FORECAST_ARIMA = 13
} fpa_forecast_method;

/**
 * Name of a method: "naive", "snaive", "naive2", "drift", "ma", "linear",
 * "ses", "holt", "damped", "ets", "theta", "otheta", "combo", "arima".
 *
 * @param method a ::fpa_forecast_method value.
 * @return static text, or NULL for an unknown value.
 */
FPA_API const char *fpa_forecast_method_name(fpa_forecast_method method);

/**
 * Look a method up by its name (as fpa_forecast_method_name() gives it).
 *
 * @param[out] out receives the method.
 * @param name the name.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `name` is NULL or no method has that name.
 */
FPA_API fpa_status fpa_forecast_method_find(fpa_forecast_method *out,
                                            const char *name);

/** Component choices of ETS models, for the ETS options. */
typedef enum fpa_ets_component {
    FPA_ETS_AUTO = 0,           /**< Select by the information criterion. */
    FPA_ETS_NONE = 1,           /**< No trend / no seasonality. */
    FPA_ETS_ADDITIVE = 2,       /**< Additive. */
    FPA_ETS_MULTIPLICATIVE = 3, /**< Multiplicative (error, season). */
    FPA_ETS_DAMPED = 4          /**< Additive damped (trend only). */
} fpa_ets_component;

/** Information criteria for ETS selection. */
typedef enum fpa_forecast_ic {
    FPA_FORECAST_IC_AICC = 0, /**< Corrected Akaike criterion (default). */
    FPA_FORECAST_IC_AIC = 1,  /**< Akaike criterion. */
    FPA_FORECAST_IC_BIC = 2   /**< Bayesian (Schwarz) criterion. */
} fpa_forecast_ic;

/** When the benchmark methods seasonally adjust a series. */
typedef enum fpa_forecast_adjust {
    FPA_ADJUST_NEVER = 0, /**< Never. */
    FPA_ADJUST_TEST = 1,  /**< When M4's test finds seasonality: the
                               autocorrelation at the seasonal lag exceeds
                               its 90 % limit, with at least 3 seasons of
                               data (default). */
    FPA_ADJUST_ALWAYS = 2 /**< Whenever there are 2 seasons of data. */
} fpa_forecast_adjust;

/** Type of classical decomposition. */
typedef enum fpa_decomposition {
    FPA_DECOMPOSITION_MULTIPLICATIVE = 0, /**< y = trend x season x rest. */
    FPA_DECOMPOSITION_ADDITIVE = 1        /**< y = trend + season + rest. */
} fpa_decomposition;

/** How prediction intervals are computed. */
typedef enum fpa_forecast_intervals {
    /** Analytic where the model has a forecast variance (every ETS model
     *  libfpa fits: Hyndman et al. 2008, ch. 6, classes 1-3; ARIMA, from
     *  the Kalman filter; Theta; benchmarks), simulation otherwise
     *  (default). */
    FPA_INTERVALS_AUTO = 0,
    /** Simulate ::FPA_OPT_FORECAST_NPATHS sample paths from the fitted
     *  model with a seeded generator (::FPA_OPT_SEED) and take quantiles
     *  (R's type 8); for models with a state-space form (ETS, SES, Holt,
     *  damped, ARIMA), analytic for the others. */
    FPA_INTERVALS_SIMULATE = 1
} fpa_forecast_intervals;

/** The constant term of an ARIMA model. */
typedef enum fpa_arima_constant {
    /** Explicit orders: R's Arima() default, a mean when d + D = 0, none
     *  otherwise. Automatic orders: with and without one considered
     *  (R's allowmean and allowdrift). */
    FPA_ARIMA_CONSTANT_AUTO = 0,
    /** No mean or drift. */
    FPA_ARIMA_CONSTANT_NONE = 1,
    /** A mean when d + D = 0, a drift when d + D = 1, none with more
     *  differences (R's include.constant = TRUE). */
    FPA_ARIMA_CONSTANT_INCLUDE = 2,
    /** A mean (needs d + D = 0). */
    FPA_ARIMA_CONSTANT_MEAN = 3,
    /** A drift: a slope on the time index 1..n (needs d + D = 1). */
    FPA_ARIMA_CONSTANT_DRIFT = 4
} fpa_arima_constant;

/** Option keys of the forecast module (see fpa_opts_set()). */
enum fpa_forecast_opt {
    /** ETS error type: ::FPA_ETS_AUTO (default), ::FPA_ETS_ADDITIVE or
     *  ::FPA_ETS_MULTIPLICATIVE. */
    FPA_OPT_FORECAST_ETS_ERROR = 200,
    /** ETS trend: ::FPA_ETS_AUTO (default), ::FPA_ETS_NONE,
     *  ::FPA_ETS_ADDITIVE or ::FPA_ETS_DAMPED. */
    FPA_OPT_FORECAST_ETS_TREND = 201,
    /** ETS season: ::FPA_ETS_AUTO (default), ::FPA_ETS_NONE,
     *  ::FPA_ETS_ADDITIVE or ::FPA_ETS_MULTIPLICATIVE. */
    FPA_OPT_FORECAST_ETS_SEASON = 202,
    /** Criterion for ETS and ARIMA selection, a ::fpa_forecast_ic;
     *  default AICc. */
    FPA_OPT_FORECAST_IC = 203,
    /** Longest run of missing values filled by interpolation, 0..1000000,
     *  default 3 (see the file comment). */
    FPA_OPT_FORECAST_MAX_GAP = 204,
    /** 1 (default): when a series is too short for the method, fall back
     *  to a simpler one instead of failing. The chain: seasonal ETS ->
     *  non-seasonal ETS (a seasonal candidate needs more than one season
     *  and more values than its parameters + 1) -> drift (3 or more
     *  values) -> naive.
     *  Seasonal naive needs more than a season (else naive); seasonal
     *  dummies need two seasons (else a linear trend, which needs 3
     *  values, else naive); Theta, SES, Holt, damped, optimised Theta and
     *  ETS need 4, 4, 6, 7, 5 and 5 values (else drift or naive); the ETS
     *  combination falls back as ETS; the automatic ARIMA falls back to
     *  drift or naive when no ARIMA can be fitted (explicit orders of
     *  fpa_forecast_arima_fit() never fall back). Seasonal adjustment is
     *  skipped without its data (3 seasons for the test). Constant series
     *  get the naive forecast with zero variance.
     *  0: fail with ::FPA_EDATA instead. */
    FPA_OPT_FORECAST_FALLBACK = 205,
    /** Seasonal adjustment of Naive2, SES, Holt, damped and Theta, a
     *  ::fpa_forecast_adjust; default ::FPA_ADJUST_TEST. */
    FPA_OPT_FORECAST_ADJUST = 206,
    /** Decomposition used for seasonal adjustment, a ::fpa_decomposition;
     *  default multiplicative (additive is used for data that are not all
     *  positive). */
    FPA_OPT_FORECAST_DECOMPOSITION = 207,
    /** Window of ::FPA_FORECAST_MOVING_AVERAGE, 1..1000000, default 3
     *  (shortened to the series length). */
    FPA_OPT_FORECAST_MA_WINDOW = 208,
    /** 1 (default): ::FPA_FORECAST_LINEAR adds seasonal dummies when the
     *  period is > 1 and the series covers a full season; 0: trend only. */
    FPA_OPT_FORECAST_LINEAR_SEASONAL = 209,
    /** Prediction intervals, a ::fpa_forecast_intervals; default auto. */
    FPA_OPT_FORECAST_INTERVALS = 210,
    /** Sample paths for simulated intervals, 100..10000000, default 5000
     *  (R's default). */
    FPA_OPT_FORECAST_NPATHS = 211,
    /** Rolling forecasts on each new actual: 0 (default) re-select and
     *  re-estimate the model on all actuals; 1 keep the model and its
     *  parameters and update its state with the new actual (ETS-based
     *  methods; the others are re-estimated, as their "state" is their
     *  estimate). */
    FPA_OPT_FORECAST_ROLLING_UPDATE = 212,
    /** First period of the fiscal year (1 = January for monthly data,
     *  4 = April ...), 1..366, default 1; must not exceed the period. Since
     *  1.1 ::FPA_OPT_FISCAL_YEAR_START sets it for every module; this key,
     *  when set to anything but 1, takes precedence. */
    FPA_OPT_FORECAST_FISCAL_START = 213,
    /** Backtest window: 0 (default) expanding from the first value,
     *  1 sliding, of ::FPA_OPT_FORECAST_WINDOW_LENGTH values. */
    FPA_OPT_FORECAST_WINDOW = 214,
    /** Length of a sliding backtest window, 0..1000000000; 0 (default)
     *  means the length at the first origin. */
    FPA_OPT_FORECAST_WINDOW_LENGTH = 215,
    /** Periods between backtest origins, 1..1000000000, default 1. */
    FPA_OPT_FORECAST_ORIGIN_STEP = 216,
    /** Extra Nelder-Mead restarts, from the optimum found, for seasonal
     *  ETS models, 0..20, default 0. Each costs about as much as the first
     *  search (400 iterations at most), the budget that R's ets() also
     *  caps (2000 evaluations) and that leaves 13-17-parameter seasonal
     *  models short of their maximum likelihood on long series. 2-4
     *  restarts find a higher likelihood than R for most models; on short
     *  series (the M1 data) they made forecasts no more accurate
     *  (bench/README.md). Non-seasonal models are always restarted up to
     *  twice. */
    FPA_OPT_FORECAST_ETS_RESTARTS = 217,
    /** Largest non-seasonal AR order p of the automatic ARIMA, 0..30,
     *  default 5 (R's max.p). Like R, the search also keeps p <= n / 3,
     *  and p < m when seasonal AR terms are allowed. */
    FPA_OPT_FORECAST_ARIMA_MAX_P = 240,
    /** Largest non-seasonal MA order q, 0..30, default 5 (R's max.q). */
    FPA_OPT_FORECAST_ARIMA_MAX_Q = 241,
    /** Largest seasonal AR order P, 0..30, default 2 (R's max.P); also
     *  P <= n / (3 m). */
    FPA_OPT_FORECAST_ARIMA_MAX_SEASONAL_P = 242,
    /** Largest seasonal MA order Q, 0..30, default 2 (R's max.Q). */
    FPA_OPT_FORECAST_ARIMA_MAX_SEASONAL_Q = 243,
    /** Largest p + q + P + Q of the exhaustive search, 0..120, default 5
     *  (R's max.order; the stepwise search ignores it, as R's does). */
    FPA_OPT_FORECAST_ARIMA_MAX_ORDER = 244,
    /** Largest number of differences d, 0..2, default 2 (R's max.d). */
    FPA_OPT_FORECAST_ARIMA_MAX_D = 245,
    /** Largest number of seasonal differences D, 0..2, default 1 (R's
     *  max.D). */
    FPA_OPT_FORECAST_ARIMA_MAX_SEASONAL_D = 246,
    /** 1 (default): R's stepwise search (at most 94 models); 0: every
     *  model within the limits and ::FPA_OPT_FORECAST_ARIMA_MAX_ORDER. */
    FPA_OPT_FORECAST_ARIMA_STEPWISE = 247,
    /** Conditional sums of squares instead of the likelihood during the
     *  search (the chosen model is then estimated exactly): 0 (default)
     *  as R decides, for more than 150 values or a period above 12;
     *  1 always; 2 never. */
    FPA_OPT_FORECAST_ARIMA_APPROXIMATION = 248,
    /** The mean or drift of the automatic ARIMA, a ::fpa_arima_constant:
     *  ::FPA_ARIMA_CONSTANT_AUTO (default: considered by the search, R's
     *  allowmean/allowdrift), ::FPA_ARIMA_CONSTANT_NONE (never) or
     *  ::FPA_ARIMA_CONSTANT_INCLUDE (always when d + D <= 1). */
    FPA_OPT_FORECAST_ARIMA_CONSTANT = 249
};

/** @name Fitted models
 * @{ */

/** A fitted forecasting model: opaque; created by fpa_forecast_fit(),
 *  released by fpa_forecast_model_free(). */
typedef struct fpa_forecast_model fpa_forecast_model;

/**
 * Fit a forecasting method to a series.
 *
 * Reads every `FPA_OPT_FORECAST_...` key that concerns `method` (ETS
 * candidates and criterion, missing values, fallback, seasonal adjustment,
 * decomposition, moving-average window, linear dummies) and uses the
 * allocator of `opts`.
 *
 * @param[out] out receives the model (NULL on failure); free it with
 *        fpa_forecast_model_free().
 * @param method the method.
 * @param y the series, in time order; NaN marks a missing value.
 * @param n number of values.
 * @param period seasonal period, 1..::FPA_FORECAST_MAX_PERIOD.
 * @param opts options, or NULL for the defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `y` is NULL, `n` is 0, `period` is out of
 *         range, `method` is unknown, or an ETS option asks for an
 *         impossible model (additive error with multiplicative season).
 * @retval FPA_EDOM a value is infinite.
 * @retval FPA_EDATA missing values the policy refuses (see the file
 *         comment), or a series too short or not positive for the method
 *         when fallback is off.
 * @retval FPA_ENOCONV the estimation failed (never seen in practice; the
 *         fallback chain applies first when it is on).
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_fit(fpa_forecast_model **out,
                                    fpa_forecast_method method,
                                    const double *y, size_t n, size_t period,
                                    const fpa_opts *opts);

/**
 * An ETS model from given smoothing parameters and initial states, without
 * estimation: to reuse a model estimated earlier (R's
 * `ets(y, model = fit, use.initial.values = TRUE)`), or one from another
 * system. The model is named by the options ::FPA_OPT_FORECAST_ETS_ERROR,
 * ::FPA_OPT_FORECAST_ETS_TREND and ::FPA_OPT_FORECAST_ETS_SEASON, none of
 * which may be auto. Its likelihood, information criteria (counting the
 * parameters an estimation would have: smoothing parameters and the
 * initial states less one seasonal), variance (sum of squared errors over
 * n minus that count, as R's estimated models), fitted values and states
 * are computed as for a fitted model. No admissibility check is made.
 *
 * @param[out] out receives the model; free with fpa_forecast_model_free().
 * @param y the series (finite values; no missing-value handling here).
 * @param n number of values, >= 1.
 * @param period seasonal period of the data.
 * @param params alpha, beta, gamma, phi, each in [0, 1]; the ones the model
 *        lacks are ignored (may be NaN).
 * @param states initial states in R's layout: level, slope if any, then
 *        all `period` seasonal states s1..sm (s1 the most recent).
 * @param nstates number of states; must match the model.
 * @param opts options naming the model; its allocator is used.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` is 0, an ETS option is auto or
 *         impossible, or `nstates` does not match.
 * @retval FPA_EDOM a value, state or used parameter is not finite or out
 *         of range.
 * @retval FPA_EDATA a multiplicative model with non-positive data, or a
 *         seasonal model with a period outside 2..24.
 * @retval FPA_EOVERFLOW the likelihood is not finite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_ets_build(fpa_forecast_model **out,
                                          const double *y, size_t n,
                                          size_t period, const double *params,
                                          const double *states, size_t nstates,
                                          const fpa_opts *opts);

/**
 * Free a model. NULL is accepted and ignored.
 *
 * @param model the model, or NULL.
 */
FPA_API void fpa_forecast_model_free(fpa_forecast_model *model);

/**
 * Point forecasts and prediction intervals.
 *
 * The interval at level L is the central one: the (50 - L/2) % and
 * (50 + L/2) % quantiles of the forecast distribution; Gaussian with the
 * model's forecast variance when analytic (Student t with n - p degrees of
 * freedom for the linear trend, as R's forecast.lm()), sample quantiles
 * (R's type 8) of simulated paths otherwise. For the ETS combination,
 * quantiles of the mixture of the candidates' Gaussian distributions. For
 * ETS(M,*,M) models the point forecast is the mean of the forecast
 * distribution (class 3), as R reports it. Seasonally adjusted methods
 * multiply (or shift) their bounds by the seasonal index, except Theta,
 * which keeps R's thetaf() intervals (index applied to the mean only).
 * The moving average's intervals use its in-sample root mean squared
 * one-step error at every horizon. A model fitted to one value has no
 * variance estimate: its intervals have zero width.
 *
 * Reads ::FPA_OPT_FORECAST_INTERVALS, ::FPA_OPT_FORECAST_NPATHS and
 * ::FPA_OPT_SEED; simulations allocate with the model's allocator.
 *
 * @param[out] out_mean receives `h` point forecasts.
 * @param[out] out_lower receives the lower bounds, `nlevels` x `h`
 *        values: level i, horizon j at `[i * h + j]` (may be NULL when
 *        `nlevels` is 0).
 * @param[out] out_upper receives the upper bounds, laid out likewise.
 * @param model a fitted model.
 * @param h forecast horizon, >= 1.
 * @param levels interval coverages in percent, each in (0, 100).
 * @param nlevels number of levels (0 for point forecasts only).
 * @param opts options, or NULL for the defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `h` is 0, a level is outside
 *         (0, 100), or the model has drivers (their future values are
 *         needed: fpa_forecast_predict_drivers()).
 * @retval FPA_EOVERFLOW a forecast is not finite (an explosive trend
 *         over a long horizon).
 * @retval FPA_ENOMEM out of memory (simulation).
 */
FPA_API fpa_status fpa_forecast_predict(double *out_mean, double *out_lower,
                                        double *out_upper,
                                        const fpa_forecast_model *model,
                                        size_t h, const double *levels,
                                        size_t nlevels, const fpa_opts *opts);

/**
 * Sample paths of future values from the fitted model: the innovations
 * are Gaussian with the model's variance (for multiplicative errors
 * truncated at -100 %, as R's simulate.ets()), drawn from a GSL Mersenne
 * Twister seeded from ::FPA_OPT_SEED: the same seed gives the same paths.
 *
 * @param[out] out receives `npaths` x `h` values, path i at `[i * h]`.
 * @param model a model with a state-space form: ETS, SES, Holt, damped
 *        (seasonally adjusted ones are reseasonalised), ARIMA (the state
 *        after the data drawn from the Kalman filter's distribution, then
 *        the state equation; with drivers: fpa_forecast_simulate_drivers()),
 *        naive, seasonal naive, drift.
 * @param h horizon, >= 1.
 * @param npaths number of paths, >= 1.
 * @param opts options (::FPA_OPT_SEED), or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `h` or `npaths` is 0, the model
 *         has no state-space form, or it has drivers.
 * @retval FPA_ENOMEM out of memory.
 * @retval FPA_EOVERFLOW a path is not finite.
 */
FPA_API fpa_status fpa_forecast_simulate(double *out,
                                         const fpa_forecast_model *model,
                                         size_t h, size_t npaths,
                                         const fpa_opts *opts);

/**
 * The model's name: "ETS(M,Ad,M)", "Theta", "Naive", "Drift",
 * "Combination" ... followed by " (seasonally adjusted)" when the method
 * forecast the seasonally adjusted series. This is the model actually
 * fitted, after any fallback.
 *
 * @param model a model.
 * @return text owned by the model, valid until it is freed; "" for NULL.
 */
FPA_API const char *fpa_forecast_model_name(const fpa_forecast_model *model);

/**
 * The method actually used, after any fallback (compare with the method
 * requested to detect one).
 *
 * @param model a model (not NULL).
 * @return the method.
 */
FPA_API fpa_forecast_method fpa_forecast_model_method(
    const fpa_forecast_model *model);

/**
 * Number of values the model was fitted to: the series without its leading
 * missing values, plus appended values (fpa_forecast_model_update()).
 *
 * @param model a model (not NULL).
 * @return the count.
 */
FPA_API size_t fpa_forecast_model_length(const fpa_forecast_model *model);

/** Estimated quantities of a model, for fpa_forecast_model_param(). */
typedef enum fpa_forecast_param {
    FPA_PARAM_ALPHA = 0,  /**< Level smoothing (ETS, SES, Theta). */
    FPA_PARAM_BETA = 1,   /**< Trend smoothing (ETS with trend), in the
                               innovations form: b_t = phi b_(t-1) +
                               beta e_t. */
    FPA_PARAM_GAMMA = 2,  /**< Seasonal smoothing (seasonal ETS). */
    FPA_PARAM_PHI = 3,    /**< Damping (damped ETS). */
    FPA_PARAM_THETA = 4,  /**< Theta coefficient (Theta methods). */
    FPA_PARAM_DRIFT = 5,  /**< Drift per period (drift, Theta, ARIMA
                               with drift). */
    FPA_PARAM_SIGMA2 = 6, /**< Innovation variance (relative for
                               multiplicative errors), R's sigma2. */
    FPA_PARAM_LOGLIK = 7, /**< Log-likelihood as R's ets() and arima()
                               report it. */
    FPA_PARAM_AIC = 8,    /**< Akaike information criterion (ETS,
                               ARIMA). */
    FPA_PARAM_AICC = 9,   /**< Corrected AIC (ETS, ARIMA). */
    FPA_PARAM_BIC = 10    /**< Bayesian information criterion (ETS,
                               ARIMA). */
} fpa_forecast_param;

/**
 * One estimated quantity of a model.
 *
 * @param[out] out receives the value.
 * @param model a model.
 * @param param which quantity.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `param` is unknown, or the model
 *         has no such quantity (e.g. beta of a model without trend).
 */
FPA_API fpa_status fpa_forecast_model_param(double *out,
                                            const fpa_forecast_model *model,
                                            fpa_forecast_param param);

/**
 * State vector of an ETS-based model, in R's layout: level, slope (when
 * the model has a trend), then the seasonal states s1..sm with s1 the most
 * recent.
 *
 * @param[out] out receives the states (may be NULL to query the count).
 * @param cap capacity of `out`.
 * @param[out] out_n receives the number of states.
 * @param model an ETS-based model (ETS, SES, Holt, damped).
 * @param final 0 for the initial states (time 0), 1 for the states after
 *        the last value.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_n` or `model` is NULL, or the model has no
 *         states.
 * @retval FPA_ESIZE `cap` is smaller than the count (`out_n` is set).
 */
FPA_API fpa_status fpa_forecast_model_states(double *out, size_t cap,
                                             size_t *out_n,
                                             const fpa_forecast_model *model,
                                             int final);

/**
 * In-sample one-step fitted values, one per value the model was fitted
 * to (fpa_forecast_model_length()); NaN where the method has none (e.g.
 * the first value of a naive forecast).
 *
 * @param[out] out receives the values.
 * @param cap capacity of `out`.
 * @param model a model.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_ESIZE `cap` is smaller than the model's length.
 */
FPA_API fpa_status fpa_forecast_model_fitted(double *out, size_t cap,
                                             const fpa_forecast_model *model);

/**
 * Append new actuals to a fitted model without re-estimating it: ETS-based
 * models run their state recursion over the new values with the same
 * parameters, ARIMA models their Kalman filter with the same coefficients
 * and sigma2 (refused with ::FPA_EINVAL for a model with drivers, whose
 * values are not given); the other methods are re-estimated on the longer
 * series (their estimate is their state). The data policy (missing values)
 * is the one the model was fitted with.
 *
 * @param model the model to update.
 * @param y new values, in time order (a NaN is refused).
 * @param n number of new values, >= 1.
 * @retval FPA_OK success; on failure the model is unchanged.
 * @retval FPA_EINVAL a pointer is NULL or `n` is 0.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_model_update(fpa_forecast_model *model,
                                             const double *y, size_t n);

/** @} */

/** @name ARIMA and drivers
 * Explicit ARIMA orders, fixed coefficients and regression with ARIMA
 * errors ("drivers": y_t = b' x_t + u_t with u an ARIMA, R's
 * `Arima(y, xreg = )` and `auto.arima(y, xreg = )`). The drivers' future
 * values must be given to forecast: a model with drivers refuses
 * fpa_forecast_predict() and fpa_forecast_simulate().
 * @{ */

/** Values of regressors ("drivers"): opaque; created by
 *  fpa_forecast_drivers_new(), released by fpa_forecast_drivers_free(). */
typedef struct fpa_forecast_drivers fpa_forecast_drivers;

/**
 * Drivers from a rows x cols matrix: row t holds the drivers of period t,
 * `values[t * cols + j]` (row-major, as a numpy array or a data frame's
 * values). The object keeps a copy.
 *
 * @param[out] out receives the object; free with fpa_forecast_drivers_free().
 * @param values rows x cols finite values.
 * @param rows number of periods, >= 1.
 * @param cols number of drivers, 1..1000.
 * @param opts options (their allocator), or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `rows` is 0 or `cols` is out of
 *         range.
 * @retval FPA_EDOM a value is NaN or infinite (the detail names its row
 *         and column).
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_drivers_new(fpa_forecast_drivers **out,
                                            const double *values, size_t rows,
                                            size_t cols, const fpa_opts *opts);

/**
 * Free drivers. NULL is accepted and ignored.
 *
 * @param drivers the object, or NULL.
 */
FPA_API void fpa_forecast_drivers_free(fpa_forecast_drivers *drivers);

/** What to fit with fpa_forecast_arima_fit(): orders (automatic unless
 *  set), the constant, drivers, fixed coefficients. Opaque; created by
 *  fpa_forecast_arima_spec_new(), released by fpa_forecast_arima_spec_free(). */
typedef struct fpa_forecast_arima_spec fpa_forecast_arima_spec;

/**
 * A new specification: automatic orders, ::FPA_ARIMA_CONSTANT_AUTO, no
 * drivers, every coefficient estimated.
 *
 * @param[out] out receives the object.
 * @param opts options (their allocator), or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_arima_spec_new(fpa_forecast_arima_spec **out,
                                               const fpa_opts *opts);

/**
 * Free a specification. NULL is accepted and ignored.
 *
 * @param spec the object, or NULL.
 */
FPA_API void fpa_forecast_arima_spec_free(fpa_forecast_arima_spec *spec);

/**
 * Fix the orders of ARIMA(p,d,q)(P,D,Q)m (R's `Arima(order = c(p, d, q),
 * seasonal = c(P, D, Q))`); the period m is the one given to
 * fpa_forecast_arima_fit(). Without this call the orders are chosen as
 * ::FPA_FORECAST_ARIMA chooses them.
 *
 * @param spec the specification.
 * @param p AR order, 0..30.
 * @param d differences, 0..2.
 * @param q MA order, 0..30.
 * @param P seasonal AR order, 0..30.
 * @param D seasonal differences, 0..2.
 * @param Q seasonal MA order, 0..30.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `spec` is NULL or an order is out of range.
 */
FPA_API fpa_status fpa_forecast_arima_spec_set_order(fpa_forecast_arima_spec *spec,
                                                     size_t p, size_t d, size_t q,
                                                     size_t P, size_t D, size_t Q);

/**
 * The constant term (see ::fpa_arima_constant; checked against the
 * orders when fitting).
 *
 * @param spec the specification.
 * @param constant the choice.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `spec` is NULL or `constant` is unknown.
 */
FPA_API fpa_status fpa_forecast_arima_spec_set_constant(fpa_forecast_arima_spec *spec,
                                                        fpa_arima_constant constant);

/**
 * Regress on drivers: one row per value of the series to be fitted (the
 * same length; rows of leading missing values of the series are dropped
 * with them). The specification keeps a copy; NULL removes the drivers.
 * The drivers must not be constant or collinear with each other and a
 * constant (R's check in auto.arima()).
 *
 * @param spec the specification.
 * @param drivers the drivers, or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `spec` is NULL.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_arima_spec_set_drivers(fpa_forecast_arima_spec *spec,
                                                       const fpa_forecast_drivers *drivers);

/**
 * Fix coefficients instead of estimating them (R's `Arima(fixed = )`):
 * `n` values in the order of fpa_forecast_model_coef(), NaN for the ones
 * to estimate; needs explicit orders. With every coefficient fixed the
 * model is built without estimation: to reuse a model estimated elsewhere
 * (R's coefficients give R's log-likelihood, forecasts and intervals).
 * NULL removes them.
 *
 * @param spec the specification.
 * @param coef the coefficients, or NULL.
 * @param n their number (checked against the model when fitting).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `spec` is NULL, or `coef` is NULL with `n` > 0.
 * @retval FPA_EDOM a coefficient is infinite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_arima_spec_set_coef(fpa_forecast_arima_spec *spec,
                                                    const double *coef, size_t n);

/**
 * Fit an ARIMA model as specified: automatic orders (as
 * ::FPA_FORECAST_ARIMA, with the drivers when given: R's
 * `auto.arima(y, xreg = )`) or explicit ones (R's `Arima()`), by CSS-ML.
 * Missing values of `y` follow the module's policy; a constant series
 * gets the naive forecast (with its drivers ignored, as R's auto.arima()
 * ignores them). The automatic orders fall back as
 * ::FPA_OPT_FORECAST_FALLBACK says when no model can be fitted; explicit
 * orders never fall back.
 *
 * @param[out] out receives the model; free it with fpa_forecast_model_free().
 * @param spec the specification.
 * @param y the series; NaN marks a missing value.
 * @param n number of values.
 * @param period seasonal period m, 1..::FPA_FORECAST_MAX_PERIOD.
 * @param opts options as for fpa_forecast_fit(), or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` or `period` is out of range,
 *         seasonal orders with period 1, a constant the orders do not
 *         allow, drivers with another number of rows than `n`, or fixed
 *         coefficients of the wrong number or without explicit orders.
 * @retval FPA_EDOM a value is infinite.
 * @retval FPA_EDATA missing values the policy refuses; too few values for
 *         the orders; constant or collinear drivers; a fixed AR part that
 *         is not stationary; no ARIMA could be fitted (fallback off).
 * @retval FPA_ENOCONV the estimation failed (R's arima() stops there too:
 *         non-stationary CSS estimates, a singular Hessian ...).
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_arima_fit(fpa_forecast_model **out,
                                          const fpa_forecast_arima_spec *spec,
                                          const double *y, size_t n, size_t period,
                                          const fpa_opts *opts);

/**
 * Forecasts of a model with drivers from their future values, one row per
 * period ahead: h is the number of rows. Otherwise as
 * fpa_forecast_predict() (which it is for a model without drivers fitted
 * by fpa_forecast_arima_fit() that fell back to the naive forecast of a
 * constant series: the drivers are then ignored).
 *
 * @param[out] out_mean receives h point forecasts.
 * @param[out] out_lower receives nlevels x h lower bounds (as
 *        fpa_forecast_predict()).
 * @param[out] out_upper receives the upper bounds.
 * @param model a fitted model.
 * @param future the drivers' values for the h periods after the data.
 * @param levels interval levels in percent, each in (0, 100).
 * @param nlevels number of levels.
 * @param opts options, or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, a level is out of range, the model
 *         has no drivers (and did not fall back), or `future` has another
 *         number of columns than the model's drivers.
 * @retval FPA_EOVERFLOW a forecast is not finite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_predict_drivers(double *out_mean, double *out_lower,
                                                double *out_upper,
                                                const fpa_forecast_model *model,
                                                const fpa_forecast_drivers *future,
                                                const double *levels, size_t nlevels,
                                                const fpa_opts *opts);

/**
 * Sample paths of a model with drivers (as fpa_forecast_simulate(), h the
 * number of rows of `future`).
 *
 * @param[out] out receives npaths x h values, path i at `[i * h]`.
 * @param model a fitted model with drivers.
 * @param future the drivers' future values.
 * @param npaths number of paths, >= 1.
 * @param opts options (::FPA_OPT_SEED), or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `npaths` is 0, or `future` does
 *         not match the model's drivers.
 * @retval FPA_EOVERFLOW a path is not finite.
 * @retval FPA_ENOMEM out of memory.
 */
FPA_API fpa_status fpa_forecast_simulate_drivers(double *out,
                                                 const fpa_forecast_model *model,
                                                 const fpa_forecast_drivers *future,
                                                 size_t npaths, const fpa_opts *opts);

/**
 * The orders of an ARIMA model.
 *
 * @param[out] out_order receives 7 values: p, d, q, P, D, Q and the
 *        period m of the seasonal part (1 without one); may be NULL.
 * @param[out] out_constant receives ::FPA_ARIMA_CONSTANT_NONE, _MEAN or
 *        _DRIFT (may be NULL).
 * @param[out] out_ndrivers receives the number of drivers (may be NULL).
 * @param model a model.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `model` is NULL or not an ARIMA (e.g. after a
 *         fallback).
 */
FPA_API fpa_status fpa_forecast_model_arima(size_t *out_order,
                                            fpa_arima_constant *out_constant,
                                            size_t *out_ndrivers,
                                            const fpa_forecast_model *model);

/**
 * The coefficients of an ARIMA model, in R's order: ar1..ar_p, ma1..ma_q,
 * sar1..sar_P, sma1..sma_Q, then "intercept" (the mean) or "drift", then
 * the drivers' "xreg1", "xreg2" ... (fpa_forecast_model_coef_name()), and
 * their standard errors, R's `sqrt(diag(var.coef))` from the numerical
 * Hessian (NaN for fixed coefficients or where the Hessian gives a
 * negative variance).
 *
 * @param[out] out_coef receives the coefficients (may be NULL).
 * @param[out] out_se receives the standard errors (may be NULL).
 * @param cap capacity of each non-NULL output.
 * @param[out] out_n receives the number of coefficients.
 * @param model an ARIMA model.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_n` or `model` is NULL, or the model is not an
 *         ARIMA.
 * @retval FPA_ESIZE `cap` is below the number (`out_n` is set).
 */
FPA_API fpa_status fpa_forecast_model_coef(double *out_coef, double *out_se, size_t cap,
                                           size_t *out_n,
                                           const fpa_forecast_model *model);

/**
 * Name of coefficient `i` of an ARIMA model ("ar1", "sma1", "drift",
 * "xreg2" ...).
 *
 * @param model an ARIMA model.
 * @param i 0 .. count - 1.
 * @return text owned by the model, valid until it is freed; NULL when
 *         `model` is NULL, not an ARIMA, or `i` is out of range.
 */
FPA_API const char *fpa_forecast_model_coef_name(const fpa_forecast_model *model,
                                                 size_t i);

/** @} */

/** @name Decomposition and seasonality
 * @{ */

/**
 * Classical decomposition, as R's decompose(): the trend is the centred
 * moving average of order `period` (2 x period for an even period), the
 * seasonal figure the mean of the detrended values at each position,
 * normalised to mean 1 (multiplicative) or 0 (additive).
 *
 * @param[out] out_trend receives `n` values; the first and last
 *        `period / 2` have no centred average and are NaN (may be NULL).
 * @param[out] out_seasonal receives `n` seasonal components, position i
 *        being figure[i mod period] (may be NULL).
 * @param[out] out_figure receives the `period` seasonal indices (may be
 *        NULL).
 * @param y the series (finite values).
 * @param n number of values, >= 2 * period.
 * @param period seasonal period, 2..::FPA_FORECAST_MAX_PERIOD.
 * @param type multiplicative or additive.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `y` is NULL, `period` is out of range or `type` is
 *         unknown.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_EDATA fewer than two seasons of data, or a multiplicative
 *         decomposition with a zero trend.
 */
FPA_API fpa_status fpa_forecast_decompose(double *out_trend,
                                          double *out_seasonal,
                                          double *out_figure, const double *y,
                                          size_t n, size_t period,
                                          fpa_decomposition type);

/**
 * The M4 competition's seasonality test: seasonal when the series has at
 * least three seasons and its lag-`period` autocorrelation r_m exceeds the
 * 90 % limit 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n).
 *
 * @param[out] out receives 1 when seasonal, else 0.
 * @param y the series (finite values).
 * @param n number of values.
 * @param period seasonal period; 1 always gives 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` is 0 or `period` is out of
 *         range.
 * @retval FPA_EDOM a value is not finite.
 */
FPA_API fpa_status fpa_forecast_seasonality_test(int *out, const double *y,
                                                 size_t n, size_t period);

/** @} */

/** @name Batches
 * @{ */

/**
 * Fit one method to many series and forecast each `h` steps ahead, on
 * ::FPA_OPT_THREADS threads. Results are identical whatever the thread
 * count (simulation streams derive from the seed and the series index).
 *
 * Series i is `values[offsets[i] .. offsets[i + 1] - 1]` (the CSR layout:
 * `offsets` has `nseries + 1` non-decreasing entries).
 *
 * @param[out] out_mean receives `nseries` x `h` point forecasts.
 * @param[out] out_lower receives `nseries` x `nlevels` x `h` lower bounds,
 *        series i, level k, horizon j at `[(i * nlevels + k) * h + j]`
 *        (NULL when `nlevels` is 0).
 * @param[out] out_upper upper bounds, laid out likewise.
 * @param[out] out_names receives `nseries` model names of
 *        ::FPA_FORECAST_NAME_MAX bytes each, NUL-padded (may be NULL).
 * @param[out] out_status receives each series' status (may be NULL). When
 *        given, a series that fails gets its status here and NaN outputs,
 *        and the others are still forecast; the call then returns ::FPA_OK
 *        unless something other than a series failed. When NULL, the first
 *        failing series fails the call.
 * @param method the method.
 * @param values all series, concatenated.
 * @param offsets `nseries + 1` offsets into `values`.
 * @param nseries number of series.
 * @param period seasonal period of every series.
 * @param h horizon, >= 1.
 * @param levels interval levels in percent, or NULL.
 * @param nlevels number of levels.
 * @param opts options as for fpa_forecast_fit() and fpa_forecast_predict(),
 *        plus ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `offsets` decrease, or an argument
 *         is invalid as for fpa_forecast_fit() / fpa_forecast_predict().
 * @retval FPA_ENOMEM out of memory.
 * @retval other a series failed and `out_status` is NULL; the detail names
 *         the series. On any failure the outputs of other series may have
 *         been written.
 */
FPA_API fpa_status fpa_forecast_batch(double *out_mean, double *out_lower,
                                      double *out_upper, char *out_names,
                                      fpa_status *out_status,
                                      fpa_forecast_method method,
                                      const double *values,
                                      const size_t *offsets, size_t nseries,
                                      size_t period, size_t h,
                                      const double *levels, size_t nlevels,
                                      const fpa_opts *opts);

/** @} */

/** @name Backtests
 * @{ */

/** Results of a rolling-origin backtest: opaque; created by
 *  fpa_forecast_backtest(), released by fpa_forecast_backtest_free(). */
typedef struct fpa_backtest fpa_backtest;

/**
 * Rolling-origin evaluation (Tashman 2000, IJF 16(4)): for each of
 * `origins` forecast origins, fit `method` to the data up to the origin
 * and forecast the next `h` values, which are known. The last origin is
 * `n - h` values into the series; earlier ones are
 * ::FPA_OPT_FORECAST_ORIGIN_STEP apart. The training window grows from the
 * first value (expanding) or keeps a fixed length (sliding), as
 * ::FPA_OPT_FORECAST_WINDOW says. Origins run on ::FPA_OPT_THREADS threads;
 * results do not depend on the thread count.
 *
 * @param[out] out receives the results; free with
 *        fpa_forecast_backtest_free().
 * @param method the method.
 * @param y the series (missing values as for fpa_forecast_fit()).
 * @param n number of values.
 * @param period seasonal period.
 * @param h horizon, >= 1.
 * @param origins number of origins, >= 1; the first origin needs at least
 *        one value before it.
 * @param opts options as for fpa_forecast_fit(), plus the window keys.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `h` or `origins` is 0, or the
 *         series is too short for `origins` origins `h` steps apart.
 * @retval other as fpa_forecast_fit() for the failing origin.
 */
FPA_API fpa_status fpa_forecast_backtest(fpa_backtest **out,
                                         fpa_forecast_method method,
                                         const double *y, size_t n,
                                         size_t period, size_t h,
                                         size_t origins, const fpa_opts *opts);

/**
 * Free backtest results. NULL is accepted and ignored.
 *
 * @param bt the results, or NULL.
 */
FPA_API void fpa_forecast_backtest_free(fpa_backtest *bt);

/**
 * The forecasts of a backtest: `origins` x `h` values, origin i (oldest
 * first), horizon j at `[i * h + j]`; and the actuals they forecast, laid
 * out likewise.
 *
 * @param[out] out_forecasts receives the forecasts (may be NULL).
 * @param[out] out_actuals receives the actuals (may be NULL).
 * @param cap capacity of each non-NULL output.
 * @param bt backtest results.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `bt` is NULL.
 * @retval FPA_ESIZE `cap` is smaller than origins x h.
 */
FPA_API fpa_status fpa_forecast_backtest_values(double *out_forecasts,
                                                double *out_actuals,
                                                size_t cap,
                                                const fpa_backtest *bt);

/**
 * An error measure per horizon: for horizon j, `metric` over the origins'
 * j-step forecasts. MASE and MSIS-style scaling use each origin's own
 * training data (scaled errors are averaged). Also the measure over every
 * forecast at once when `out_all` is given.
 *
 * @param[out] out_by_horizon receives `h` values (may be NULL).
 * @param[out] out_all receives the measure over all forecasts (may be
 *        NULL).
 * @param bt backtest results.
 * @param metric the measure.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `bt` is NULL or `metric` is unknown.
 * @retval FPA_EDOM the measure is undefined on these data (e.g. MAPE with
 *         a zero actual).
 */
FPA_API fpa_status fpa_forecast_backtest_error(double *out_by_horizon,
                                               double *out_all,
                                               const fpa_backtest *bt,
                                               fpa_metric metric);

/**
 * Dimensions of a backtest.
 *
 * @param[out] out_origins receives the number of origins (may be NULL).
 * @param[out] out_h receives the horizon (may be NULL).
 * @param bt backtest results.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `bt` is NULL.
 */
FPA_API fpa_status fpa_forecast_backtest_size(size_t *out_origins,
                                              size_t *out_h,
                                              const fpa_backtest *bt);

/** @} */

/** @name Rolling forecasts
 * The finance team's rolling forecast: actuals to date and a forecast
 * `horizon` periods ahead, re-forecast as each period closes, with every
 * forecast version kept so that accuracy can be reported by lag.
 * @{ */

/** A rolling forecast: opaque; created by fpa_forecast_rolling_new(),
 *  released by fpa_forecast_rolling_free(). */
typedef struct fpa_rolling fpa_rolling;

/**
 * Start a rolling forecast from the actuals to date and forecast
 * `horizon` periods ahead (version 0).
 *
 * Reads the fit options (kept for every re-forecast),
 * ::FPA_OPT_FORECAST_ROLLING_UPDATE and ::FPA_OPT_FORECAST_FISCAL_START.
 *
 * @param[out] out receives the object.
 * @param method the forecasting method.
 * @param y actuals to date (missing values as for fpa_forecast_fit()).
 * @param n number of actuals, >= 1.
 * @param period seasonal period (periods per year: 12, 4, 52, 1 ...).
 * @param start_year calendar year of the first actual.
 * @param start_period its period within that year, 1..period.
 * @param horizon periods to forecast, >= 1 (12-18 is typical).
 * @param opts options, or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` or `horizon` is 0,
 *         `start_period` or the fiscal start is outside 1..period.
 * @retval other as fpa_forecast_fit().
 */
FPA_API fpa_status fpa_forecast_rolling_new(fpa_rolling **out,
                                            fpa_forecast_method method,
                                            const double *y, size_t n,
                                            size_t period, int start_year,
                                            int start_period, size_t horizon,
                                            const fpa_opts *opts);

/**
 * Free a rolling forecast. NULL is accepted and ignored.
 *
 * @param r the object, or NULL.
 */
FPA_API void fpa_forecast_rolling_free(fpa_rolling *r);

/**
 * Close a period: append its actual and re-forecast the horizon from the
 * new origin, keeping the new forecast as the next version. The model is
 * re-selected and re-estimated, or only its state updated, as
 * ::FPA_OPT_FORECAST_ROLLING_UPDATE said at creation.
 *
 * @param r the rolling forecast.
 * @param actual the new actual (finite).
 * @retval FPA_OK success; on failure the object is unchanged.
 * @retval FPA_EINVAL `r` is NULL.
 * @retval FPA_EDOM `actual` is not finite.
 * @retval other as fpa_forecast_fit().
 */
FPA_API fpa_status fpa_forecast_rolling_append(fpa_rolling *r,
                                               double actual);

/**
 * Number of actuals and of forecast versions (one per close, the first
 * made at creation).
 *
 * @param[out] out_actuals receives the number of actuals (may be NULL).
 * @param[out] out_versions receives the number of versions (may be NULL).
 * @param r the rolling forecast.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `r` is NULL.
 */
FPA_API fpa_status fpa_forecast_rolling_size(size_t *out_actuals,
                                             size_t *out_versions,
                                             const fpa_rolling *r);

/**
 * The merged view: every actual followed by the current forecast of the
 * next `horizon` periods (`actuals + horizon` values).
 *
 * @param[out] out receives the values.
 * @param cap capacity of `out`.
 * @param r the rolling forecast.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_ESIZE `cap` is too small (the detail gives the size).
 */
FPA_API fpa_status fpa_forecast_rolling_view(double *out, size_t cap,
                                             const fpa_rolling *r);

/**
 * A forecast version: the `horizon` values forecast after close
 * `version` (0 = at creation), for the periods following the
 * `actuals - versions + 1 + version`-th actual.
 *
 * @param[out] out receives `horizon` values.
 * @param cap capacity of `out`.
 * @param r the rolling forecast.
 * @param version 0 .. versions - 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `version` is out of range.
 * @retval FPA_ESIZE `cap` < horizon.
 */
FPA_API fpa_status fpa_forecast_rolling_version(double *out, size_t cap,
                                                const fpa_rolling *r,
                                                size_t version);

/**
 * Error by lag: for each lag k = 1..`max_lag`, `metric` over every actual
 * that had a forecast made k periods before it (by the version made k
 * closes earlier). MASE is scaled by the seasonal naive error of all the
 * actuals.
 *
 * @param[out] out receives `max_lag` values; NaN for a lag with no
 *        forecast/actual pair yet.
 * @param[out] out_counts receives the number of pairs per lag (may be
 *        NULL).
 * @param max_lag lags to report, 1..horizon.
 * @param r the rolling forecast.
 * @param metric the measure.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `max_lag` is out of range or
 *         `metric` is unknown.
 * @retval FPA_EDOM the measure is undefined on these data.
 */
FPA_API fpa_status fpa_forecast_rolling_error_by_lag(double *out,
                                                     size_t *out_counts,
                                                     size_t max_lag,
                                                     const fpa_rolling *r,
                                                     fpa_metric metric);

/**
 * Fiscal-year outlook: for the fiscal year in progress (the one containing
 * the first forecast period), the actuals to date plus the forecast to the
 * year end. The fiscal year starts at period ::FPA_OPT_FORECAST_FISCAL_START
 * of the calendar year and is labelled by the calendar year in which it
 * ends (a year starting in April 2024 is fiscal 2025). The forecast
 * reaches the year end even beyond the horizon.
 *
 * @param[out] out_total receives actual + forecast.
 * @param[out] out_actual receives the sum of this fiscal year's actuals
 *        (may be NULL).
 * @param[out] out_forecast receives the sum of its forecast periods (may
 *        be NULL).
 * @param[out] out_year receives the fiscal year's label (may be NULL).
 * @param r the rolling forecast.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_total` or `r` is NULL.
 * @retval FPA_EOVERFLOW a sum is not finite.
 */
FPA_API fpa_status fpa_forecast_rolling_outlook(double *out_total,
                                                double *out_actual,
                                                double *out_forecast,
                                                int *out_year,
                                                const fpa_rolling *r);

/**
 * The current model (re-fitted or updated at the last close), to read its
 * name, parameters or prediction intervals.
 *
 * @param r the rolling forecast (not NULL).
 * @return the model, owned by `r` and valid until its next append or
 *         free.
 */
FPA_API const fpa_forecast_model *fpa_forecast_rolling_model(
    const fpa_rolling *r);

/** @} */

/** @name Residuals
 * @{ */

/**
 * Correlation of two models' in-sample one-step residuals: Pearson's r of
 * `ya[t] - fitted_a[t]` and `yb[t] - fitted_b[t]` over the periods where
 * both models have a fitted value (fpa_forecast_model_fitted()). Two
 * series forecast side by side (revenue and cost of sales) and drawn
 * together in a Monte Carlo (fpa_scenario_mc_correlate()) move as their
 * residuals did.
 *
 *     r = sum((x - mean x)(y - mean y)) / sqrt(sum((x - mean x)^2) sum((y - mean y)^2))
 *
 * clipped to [-1, 1] against rounding.
 *
 * @param[out] out receives r.
 * @param a a model fitted to `ya`.
 * @param ya the values `a` was fitted to (fpa_forecast_model_length(a)).
 * @param b a model fitted to `yb`, over the same periods (same length).
 * @param yb the values `b` was fitted to.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, or the models' lengths differ.
 * @retval FPA_EDOM fewer than 3 periods have both residuals, a value is
 *         not finite, or a residual series is constant (r undefined).
 * @since 1.1
 */
FPA_API fpa_status fpa_forecast_residual_correlation(double *out,
                                                     const fpa_forecast_model *a,
                                                     const double *ya,
                                                     const fpa_forecast_model *b,
                                                     const double *yb);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_FORECAST_H */
