/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file kpi.h
 * @brief Shared KPIs over period series: growth, moving averages, P&L
 *        margins, burn and runway.
 *
 * **Series are row-major matrices.** Every series function takes
 * `const double *x, size_t rows, size_t cols`: `rows` independent series
 * (products, accounts, entities) of `cols` periods each, period j of series
 * i at `x[i * cols + j]`. One series is `rows = 1`. Results go to caller
 * buffers of the size each function states, the same layout. A call over
 * a million series allocates nothing per series; with ::FPA_OPT_THREADS
 * above 1 the rows are shared out between threads (the only allocation is
 * the thread pool's bookkeeping), and the results are bit-identical for
 * every thread count. Series never mix: row i of every output depends on
 * row i of the inputs only, so a batch call equals `rows` calls with one
 * row each.
 *
 * **Undefined elements and the validity mask.** Ratios whose denominator
 * is zero (growth from a zero base, a margin on zero revenue, CAGR from a
 * non-positive start) have no value, and libfpa never returns NaN or an
 * infinity with ::FPA_OK. Every function that can meet such an element
 * takes `unsigned char *out_valid`, a mask of the output's shape:
 * - when `out_valid` is not NULL, an undefined element is written as 0 and
 *   flagged 0 in the mask; defined elements are flagged 1; the call
 *   returns ::FPA_OK;
 * - when `out_valid` is NULL, an undefined element makes the call fail
 *   with ::FPA_EDOM, and the detail names the first such element in
 *   row-major order (the same for every thread count). The output buffers'
 *   contents are then unspecified (a batch call cannot afford a second
 *   pass to keep them untouched).
 * A result that is defined but not representable (an overflow) fails with
 * ::FPA_EOVERFLOW in both cases. The same rule is used by fpa/unit.h.
 *
 * Output buffers must not overlap the inputs unless a function says so.
 *
 * Amounts are in any one currency unit; rates and margins are fractions
 * (0.25 for 25 %).
 */
#ifndef FPA_KPI_H
#define FPA_KPI_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Option keys of the kpi module (block 700-799). */
enum fpa_kpi_opt {
    /** Periods per year of the series (12 monthly, 4 quarterly, 52 weekly,
     *  1 yearly): the lag of fpa_kpi_growth_yoy() and the year length of
     *  fpa_kpi_cagr_rows(). Name "kpi.season"; range 1..366, default 12. */
    FPA_OPT_KPI_SEASON = 700
};

/** @name Growth
 * Growth of x over a lag of L periods is
 * \f[ g_t = \frac{x_t - x_{t-L}}{|x_{t-L}|} \f]
 * which is the spreadsheet's `x_t / x_{t-L} - 1` whenever the base is
 * positive. Dividing by the magnitude keeps the sign meaningful when the
 * base is negative (a loss shrinking from -100 to -50 is +50 %, not
 * -50 %), the usual workaround for negative bases in spreadsheets. A zero
 * base gives an undefined element (see the mask rule in the file
 * documentation).
 * @{ */

/**
 * Period-over-period growth of each series (lag 1).
 *
 * @param[out] out receives `rows * (cols - 1)` growth rates, row-major:
 *        element (i, t-1) is the growth from period t-1 to period t.
 * @param[out] out_valid NULL, or `rows * (cols - 1)` flags (see the file
 *        documentation).
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least 2.
 * @param opts reads ::FPA_OPT_THREADS; NULL for one thread.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` is 0, `cols` < 2, or
 *         `rows * cols` overflows.
 * @retval FPA_EDOM a value is not finite, or a base is zero and
 *         `out_valid` is NULL.
 * @retval FPA_EOVERFLOW a growth rate is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_growth_pop(double *out, unsigned char *out_valid,
                                      const double *x, size_t rows,
                                      size_t cols, const fpa_opts *opts);

/**
 * Year-over-year growth of each series: the lag is the number of periods
 * per year, ::FPA_OPT_KPI_SEASON (12 for monthly series).
 *
 * @param[out] out receives `rows * (cols - season)` growth rates:
 *        element (i, t-season) compares period t with period t-season.
 * @param[out] out_valid NULL, or `rows * (cols - season)` flags.
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, more than the season.
 * @param opts reads ::FPA_OPT_KPI_SEASON and ::FPA_OPT_THREADS; NULL for
 *        monthly series on one thread.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` is 0, `cols` <= season,
 *         or `rows * cols` overflows.
 * @retval FPA_EDOM a value is not finite, or a base is zero and
 *         `out_valid` is NULL.
 * @retval FPA_EOVERFLOW a growth rate is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_growth_yoy(double *out, unsigned char *out_valid,
                                      const double *x, size_t rows,
                                      size_t cols, const fpa_opts *opts);

/**
 * Compound annual growth rate between two values:
 * \f$ (\mathit{last} / \mathit{first})^{1/\mathit{years}} - 1 \f$, as the
 * spreadsheet's `RRI(years; first; last)`.
 *
 * @param[out] out receives the rate per year (-1 when `last` is 0).
 * @param first value at the start, > 0.
 * @param last value at the end, >= 0.
 * @param years elapsed years, > 0 (fractions allowed).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `first` <= 0, `last` < 0 or
 *         `years` <= 0 (a CAGR between values of different signs, or from
 *         zero, does not exist).
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_kpi_cagr(double *out, double first, double last,
                                double years);

/**
 * CAGR of each series from its first to its last period, as fpa_kpi_cagr()
 * with years = (cols - 1) / ::FPA_OPT_KPI_SEASON. A series whose first
 * value is <= 0 or whose last value is < 0 is an undefined element.
 *
 * @param[out] out receives `rows` rates per year.
 * @param[out] out_valid NULL, or `rows` flags.
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least 2.
 * @param opts reads ::FPA_OPT_KPI_SEASON and ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` is 0, `cols` < 2, or
 *         `rows * cols` overflows.
 * @retval FPA_EDOM a value is not finite, or a series has no CAGR and
 *         `out_valid` is NULL.
 * @retval FPA_EOVERFLOW a rate is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_cagr_rows(double *out, unsigned char *out_valid,
                                     const double *x, size_t rows,
                                     size_t cols, const fpa_opts *opts);
/** @} */

/** @name Moving averages
 * @{ */

/**
 * Simple moving average over a trailing window of `window` periods, as the
 * spreadsheet's `AVERAGE` over the window:
 * \f$ s_t = \frac{1}{w} \sum_{k=0}^{w-1} x_{t-k} \f$, for t = w-1 .. cols-1.
 *
 * Each window is summed afresh (no running sum), so no rounding error
 * accumulates along long series.
 *
 * @param[out] out receives `rows * (cols - window + 1)` averages; element
 *        (i, j) averages periods j .. j + window - 1 of series i.
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least `window`.
 * @param window periods per average, at least 1.
 * @param opts reads ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` or `window` is 0,
 *         `cols` < `window`, or `rows * cols` overflows.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_EOVERFLOW an average is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_sma(double *out, const double *x, size_t rows,
                               size_t cols, size_t window,
                               const fpa_opts *opts);

/**
 * Weighted moving average over a trailing window:
 * \f$ \frac{\sum_{k=0}^{w-1} c_k\, x_{t-w+1+k}}{\sum_k c_k} \f$, as the
 * spreadsheet's `SUMPRODUCT(window; weights) / SUM(weights)`. Weight c_0
 * applies to the oldest period of the window, c_{w-1} to the newest.
 *
 * @param[out] out receives `rows * (cols - window + 1)` averages, laid out
 *        as fpa_kpi_sma()'s.
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least `window`.
 * @param weights `window` weights, each >= 0 with a positive sum; NULL for
 *        the linear weights 1, 2, ..., window (the classic WMA, newest
 *        heaviest).
 * @param window periods per average, at least 1.
 * @param opts reads ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` or `window` is 0,
 *         `cols` < `window`, or `rows * cols` overflows.
 * @retval FPA_EDOM a value or weight is not finite, a weight is negative,
 *         or the weights sum to 0.
 * @retval FPA_EOVERFLOW an average is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_wma(double *out, const double *x, size_t rows,
                               size_t cols, const double *weights,
                               size_t window, const fpa_opts *opts);

/**
 * Exponential moving average, seeded with the first value:
 * \f$ e_0 = x_0,\; e_t = \alpha x_t + (1-\alpha) e_{t-1} \f$.
 *
 * This is pandas' `ewm(alpha=alpha, adjust=False).mean()`; a span of N
 * periods is alpha = 2 / (N + 1).
 *
 * @param[out] out receives `rows * cols` averages (may equal `x` to work in
 *        place).
 * @param x the series, `rows * cols` values.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least 1.
 * @param alpha smoothing factor, 0 < alpha <= 1.
 * @param opts reads ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `x` is NULL, `rows` or `cols` is 0, or
 *         `rows * cols` overflows.
 * @retval FPA_EDOM a value or `alpha` is not finite, or `alpha` is outside
 *         (0, 1].
 * @retval FPA_EOVERFLOW an average is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_ema(double *out, const double *x, size_t rows,
                               size_t cols, double alpha,
                               const fpa_opts *opts);
/** @} */

/** @name P&L KPIs from line items
 * @{ */

/**
 * Margins and EBITDA from P&L line items, element by element, in one pass.
 *
 * With revenue R, cost of goods sold C, operating expenses O (everything
 * between gross profit and operating income, depreciation and amortisation
 * included) and depreciation and amortisation D (the part of C and O that
 * is D&A), all as positive amounts:
 * - gross margin = (R - C) / R
 * - operating income (EBIT) = R - C - O; operating margin = EBIT / R
 * - EBITDA = EBIT + D; EBITDA margin = EBITDA / R
 * - opex ratio = O / R
 *
 * Every output is optional; an input is needed only by the outputs that
 * use it. Where R = 0 every ratio of that element is undefined (mask
 * rule, file documentation); EBITDA itself is always defined.
 *
 * @param[out] out_gross_margin NULL or `rows * cols` gross margins.
 * @param[out] out_operating_margin NULL or `rows * cols` operating margins.
 * @param[out] out_ebitda NULL or `rows * cols` EBITDA amounts.
 * @param[out] out_ebitda_margin NULL or `rows * cols` EBITDA margins.
 * @param[out] out_opex_ratio NULL or `rows * cols` opex ratios.
 * @param[out] out_valid NULL or `rows * cols` flags: 1 where revenue is
 *        non-zero (all requested ratios defined), 0 elsewhere.
 * @param revenue `rows * cols` revenue amounts.
 * @param cogs `rows * cols` costs of goods sold (every output uses it).
 * @param opex `rows * cols` operating expenses; may be NULL when only the
 *        gross margin is requested.
 * @param da `rows * cols` depreciation and amortisation; may be NULL when
 *        neither EBITDA output is requested.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least 1.
 * @param opts reads ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL no output is requested, `revenue` or `cogs` is NULL,
 *         an input needed by a requested output is NULL, `rows` or `cols` is 0, or
 *         `rows * cols` overflows.
 * @retval FPA_EDOM an input value is not finite, or revenue is zero where
 *         a ratio is requested and `out_valid` is NULL.
 * @retval FPA_EOVERFLOW a result is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_margins(double *out_gross_margin,
                                   double *out_operating_margin,
                                   double *out_ebitda,
                                   double *out_ebitda_margin,
                                   double *out_opex_ratio,
                                   unsigned char *out_valid,
                                   const double *revenue, const double *cogs,
                                   const double *opex, const double *da,
                                   size_t rows, size_t cols,
                                   const fpa_opts *opts);

/**
 * Rule of 40 score: revenue growth plus profit margin, both as fractions
 * (Brad Feld, "The Rule of 40% For a Healthy SaaS Company", 2015). The
 * rule is met when the score is at least 0.40. Which growth (usually
 * year-over-year revenue growth, see fpa_kpi_growth_yoy()) and which
 * margin (EBITDA or free-cash-flow margin, see fpa_kpi_margins()) is the
 * caller's choice.
 *
 * @param[out] out_score receives growth + margin.
 * @param growth revenue growth rate.
 * @param margin profit margin.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_score` is NULL.
 * @retval FPA_EDOM an input is not finite.
 * @retval FPA_EOVERFLOW the sum is not representable.
 */
FPA_API fpa_status fpa_kpi_rule_of_40(double *out_score, double growth,
                                      double margin);
/** @} */

/** @name Cash: burn and runway
 * @{ */

/**
 * Gross and net burn per period. Gross burn is the cash paid out in the
 * period; net burn is the cash paid out less the cash received, i.e. the
 * net decrease in cash from operations (negative when the period
 * generated cash). Both outflows and inflows are given as positive
 * amounts.
 *
 * @param[out] out_gross NULL or `rows * cols` gross burns.
 * @param[out] out_net NULL or `rows * cols` net burns.
 * @param cash_in `rows * cols` cash receipts, >= 0; may be NULL when
 *        `out_net` is NULL.
 * @param cash_out `rows * cols` cash payments, >= 0.
 * @param rows number of series, at least 1.
 * @param cols periods per series, at least 1.
 * @param opts reads ::FPA_OPT_THREADS.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL both outputs are NULL, a needed input is NULL, `rows`
 *         or `cols` is 0, or `rows * cols` overflows.
 * @retval FPA_EDOM an input is not finite or negative.
 * @retval FPA_EOVERFLOW a result is not representable.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_kpi_burn(double *out_gross, double *out_net,
                                const double *cash_in, const double *cash_out,
                                size_t rows, size_t cols,
                                const fpa_opts *opts);

/** How fpa_kpi_runway() treats a burn that changes from month to month. */
typedef enum fpa_runway_rule {
    /** `net_burn` is history (the last n months, oldest first): runway is
     *  cash divided by their mean, the usual "cash / average monthly net
     *  burn". */
    FPA_RUNWAY_TRAILING_MEAN = 0,
    /** `net_burn` is the plan for the coming months (month 1 first): the
     *  cash is spent down month by month, each month's burn spread evenly
     *  across it, and the runway is the moment it reaches zero (a
     *  fraction of a month where it runs out mid-month). Months that
     *  generate cash (negative burn) add to it. Past the end of the plan
     *  the last month's burn continues unchanged. */
    FPA_RUNWAY_SCHEDULE = 1
} fpa_runway_rule;

/**
 * Runway in months: how long the cash lasts at the given net burn, under
 * the stated ::fpa_runway_rule for uneven burn.
 *
 * A business that never runs out of cash (a mean burn <= 0 for
 * ::FPA_RUNWAY_TRAILING_MEAN; a plan whose cash never reaches zero and
 * whose last month burns <= 0 for ::FPA_RUNWAY_SCHEDULE) has no finite
 * runway: ::FPA_EUNBOUNDED, never an infinity.
 *
 * @param[out] out_months receives the runway in months (0 when `cash` is
 *        0).
 * @param cash cash available now, >= 0.
 * @param net_burn monthly net burns (see fpa_kpi_burn()), `n` values.
 * @param n number of months, at least 1.
 * @param rule how uneven burn is treated.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_months` or `net_burn` is NULL, `n` is 0, or
 *         `rule` is not an ::fpa_runway_rule.
 * @retval FPA_EDOM an input is not finite, or `cash` < 0.
 * @retval FPA_EUNBOUNDED the cash never runs out.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_kpi_runway(double *out_months, double cash,
                                  const double *net_burn, size_t n,
                                  fpa_runway_rule rule);

/**
 * Months of cash at a given constant monthly burn: cash / burn.
 *
 * @param[out] out_months receives the number of months.
 * @param cash cash available, >= 0.
 * @param burn monthly burn, > 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_months` is NULL.
 * @retval FPA_EDOM an input is not finite, or `cash` < 0.
 * @retval FPA_EUNBOUNDED `burn` <= 0: the cash never runs out.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_kpi_months_of_cash(double *out_months, double cash,
                                          double burn);
/** @} */

/** @name Trailing statistics
 * Summaries of the latest values of a series that may have gaps: the
 * working-capital days a projection holds at their recent level, the
 * swing of DSO a Monte Carlo draws from, the mean of an accuracy measure
 * over the series a method could forecast.
 * @{ */

/**
 * Mean and sample standard deviation of the last `last` finite values of
 * a series; NaN marks a missing value and is skipped (the values counted
 * are the `last` most recent that are not NaN, or all of them when there
 * are fewer). With `last` = n, every finite value counts: the
 * spreadsheet's AVERAGE and STDEV.S over a range with empty cells.
 *
 *     mean = sum(v) / k,   sd = sqrt(sum((v - mean)^2) / (k - 1))
 *
 * over the k values counted, added from the most recent backwards.
 *
 * @param[out] out_mean receives the mean, or NULL.
 * @param[out] out_sd receives the standard deviation, or NULL; NaN when
 *        only one value counts.
 * @param[out] out_count receives k, the number of values counted, or NULL.
 * @param x `n` values, NaN where missing.
 * @param n number of values, at least 1.
 * @param last how many of the latest finite values count, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL only one value counts and `out_sd` was asked: the
 *         mean and count are written, the standard deviation is NaN.
 * @retval FPA_EINVAL every output is NULL, `x` is NULL, `n` or `last` is 0.
 * @retval FPA_EDOM a value is infinite (the detail names it), or no value
 *         is finite.
 * @retval FPA_EOVERFLOW a sum is not finite.
 * @since 1.1
 */
FPA_API fpa_status fpa_kpi_trailing_stats(double *out_mean, double *out_sd,
                                          size_t *out_count, const double *x,
                                          size_t n, size_t last);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_KPI_H */
