/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file accuracy.h
 * @brief Forecast accuracy: point and interval error measures with the
 *        definitions of the M4 competition and R's forecast::accuracy().
 *
 * Every measure compares `n` actual values with `n` forecasts of them. The
 * percentage measures (MAPE, sMAPE, WAPE, coverage) are in percent. Scaled
 * measures (MASE, MSIS) divide by the in-sample mean absolute error of the
 * seasonal naive forecast, as in Hyndman & Koehler (2006), "Another look at
 * measures of forecast accuracy", IJF 22(4), and the M4 competition
 * (Makridakis, Spiliotis & Assimakopoulos 2020, IJF 36(1), section 2.3):
 *
 * \f[ \mathrm{scale} = \frac{1}{T-m}\sum_{t=m+1}^{T} |y_t - y_{t-m}| \f]
 *
 * over the `T` in-sample values `insample` with seasonal period `m`
 * (1 for non-seasonal data: the naive forecast).
 *
 * **One table of definitions.** These are the library's accuracy
 * measures, for forecasts and for plans alike (a budget is a forecast of
 * the actuals): the variance module's fpa_variance_plan_metrics() computes
 * exactly these per line, with these names. The 1.0 plan-accuracy call
 * fpa_variance_accuracy() keeps its own, older conventions, which relate
 * to these as follows (y actual, f plan or forecast, e = y - f):
 *
 * | name | here (::fpa_metric) | fpa_variance_accuracy() (1.0) |
 * |---|---|---|
 * | MAPE | 100 mean \|e / y\|, percent; undefined when an actual is 0 | mean \|e / y\| over the periods with y != 0, a fraction: MAPE / 100 on those periods |
 * | WAPE | 100 sum \|e\| / sum \|y\|, percent | a fraction: WAPE / 100 |
 * | bias | mean e (R's ME), in the data's units: positive when the forecasts were too low | sum (f - y) / sum \|y\|, a fraction of opposite sign: -relbias / 100 |
 * | relbias | 100 sum e / sum \|y\|, percent, the sign of ME | (see bias) |
 *
 * Where a measure is undefined (all actuals 0), these functions fail with
 * ::FPA_EDOM; fpa_variance_accuracy() reports 0 and a count of 0.
 *
 * None of these functions allocates memory; all are thread-safe.
 */
#ifndef FPA_ACCURACY_H
#define FPA_ACCURACY_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Point forecast error measures. `y` is the actual, `f` the forecast,
 *  `e = y - f`, means run over the `n` compared values. */
typedef enum fpa_metric {
    /** Mean absolute error, mean |e|. */
    FPA_METRIC_MAE = 0,
    /** Root mean squared error, sqrt(mean e^2). */
    FPA_METRIC_RMSE = 1,
    /** Mean absolute percentage error, 100 mean |e| / |y|; every actual
     *  must be non-zero. */
    FPA_METRIC_MAPE = 2,
    /** Symmetric MAPE of the M4 competition,
     *  200 mean |e| / (|y| + |f|); a term with y = f = 0 counts as 0. */
    FPA_METRIC_SMAPE = 3,
    /** Weighted absolute percentage error, 100 sum |e| / sum |y|. */
    FPA_METRIC_WAPE = 4,
    /** Mean absolute scaled error, MAE / scale (see the file comment);
     *  needs the in-sample values. */
    FPA_METRIC_MASE = 5,
    /** Bias as mean error, mean (y - f), R's ME: positive when the
     *  forecasts were too low. */
    FPA_METRIC_BIAS = 6,
    /** Relative bias, 100 sum (y - f) / sum |y|: the bias as a percentage
     *  of the actuals' volume (WAPE without the absolute value of the
     *  errors), the sign of ME; undefined when every actual is 0. Since
     *  1.1. */
    FPA_METRIC_RELBIAS = 7
} fpa_metric;

/**
 * Name of a metric: "mae", "rmse", "mape", "smape", "wape", "mase", "bias",
 * "relbias".
 *
 * @param metric a ::fpa_metric value.
 * @return static text, or NULL for an unknown value.
 */
FPA_API const char *fpa_metric_name(fpa_metric metric);

/**
 * Look a metric up by its name (as fpa_metric_name() gives it).
 *
 * @param[out] out receives the metric.
 * @param name the name, lower case.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `name` is NULL, or no metric has that name.
 */
FPA_API fpa_status fpa_metric_find(fpa_metric *out, const char *name);

/**
 * MASE scale: the in-sample mean absolute error of the seasonal naive
 * forecast (see the file comment).
 *
 * @param[out] out receives the scale, > 0.
 * @param insample the in-sample (training) values.
 * @param n number of values; must exceed `period`.
 * @param period seasonal period `m`, >= 1 (1: naive).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `insample` is NULL, or `period` is 0.
 * @retval FPA_EDOM a value is not finite, `n` <= `period`, or the scale is
 *         zero (the series repeats itself exactly), which would make scaled
 *         errors infinite.
 */
FPA_API fpa_status fpa_accuracy_scale(double *out, const double *insample,
                                      size_t n, size_t period);

/**
 * One point forecast error measure.
 *
 * @param[out] out receives the measure.
 * @param metric which measure.
 * @param actual the actual values.
 * @param forecast the forecasts, one per actual.
 * @param n number of values, >= 1.
 * @param insample in-sample values for ::FPA_METRIC_MASE (ignored, and may
 *        be NULL, for the others).
 * @param n_insample number of in-sample values; must exceed `period` for
 *        MASE.
 * @param period seasonal period of the MASE scale, >= 1 (ignored for the
 *        others).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a needed pointer is NULL, `n` is 0, `metric` is
 *         unknown, or `period` is 0 for MASE.
 * @retval FPA_EDOM a value is not finite, an actual is zero for MAPE, all
 *         actuals are zero for WAPE or relative bias, or the MASE scale is
 *         zero or undefined.
 */
FPA_API fpa_status fpa_accuracy_metric(double *out, fpa_metric metric,
                                       const double *actual,
                                       const double *forecast, size_t n,
                                       const double *insample,
                                       size_t n_insample, size_t period);

/**
 * Coverage of prediction intervals: the percentage of actual values inside
 * their interval, bounds included.
 *
 * @param[out] out receives the coverage, 0 .. 100.
 * @param actual the actual values.
 * @param lower lower interval bounds, one per actual.
 * @param upper upper interval bounds, one per actual.
 * @param n number of values, >= 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` is 0.
 * @retval FPA_EDOM a value is not finite or a lower bound exceeds its
 *         upper bound.
 */
FPA_API fpa_status fpa_accuracy_coverage(double *out, const double *actual,
                                         const double *lower,
                                         const double *upper, size_t n);

/**
 * Mean scaled interval score of the M4 competition (Gneiting & Raftery
 * 2007, as defined in Makridakis et al. 2020, IJF 36(1), eq. 4) for
 * central intervals of coverage `level` percent, a = 1 - level / 100:
 *
 * \f[ \mathrm{MSIS} = \frac{1}{n\,\mathrm{scale}} \sum_{i}
 *     (u_i - l_i) + \frac{2}{a}(l_i - y_i)[y_i < l_i]
 *     + \frac{2}{a}(y_i - u_i)[y_i > u_i] \f]
 *
 * @param[out] out receives the MSIS, >= 0.
 * @param actual the actual values.
 * @param lower lower interval bounds.
 * @param upper upper interval bounds.
 * @param n number of values, >= 1.
 * @param level interval coverage in percent, 0 < level < 100 (95 in M4).
 * @param insample in-sample values for the scale.
 * @param n_insample their number; must exceed `period`.
 * @param period seasonal period of the scale, >= 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` or `period` is 0, or `level`
 *         is outside (0, 100).
 * @retval FPA_EDOM a value is not finite, a lower bound exceeds its upper
 *         bound, or the scale is zero or undefined.
 */
FPA_API fpa_status fpa_accuracy_msis(double *out, const double *actual,
                                     const double *lower, const double *upper,
                                     size_t n, double level,
                                     const double *insample, size_t n_insample,
                                     size_t period);

/**
 * Overall weighted average of the M4 competition: the mean of sMAPE and
 * MASE relative to the Naive2 benchmark's on the same data,
 * OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2.
 *
 * @param[out] out receives the OWA (below 1: better than Naive2).
 * @param smape sMAPE of the method (averaged over the series).
 * @param mase MASE of the method (averaged over the series).
 * @param smape_naive2 sMAPE of Naive2 on the same series, > 0.
 * @param mase_naive2 MASE of Naive2 on the same series, > 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or a Naive2 figure is not
 *         positive.
 */
FPA_API fpa_status fpa_accuracy_owa(double *out, double smape, double mase,
                                    double smape_naive2, double mase_naive2);

#ifdef __cplusplus
}
#endif
#endif /* FPA_ACCURACY_H */
