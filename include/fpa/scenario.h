/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file scenario.h
 * @brief What-ifs on the working-capital projection: scenarios and their
 *        comparison with the base case, one- and two-way sensitivity,
 *        goal seek, and Monte Carlo cash-at-risk.
 *
 * Everything here runs the projection of wc.h (fpa_wc_project()) on a
 * base case held by an ::fpa_wc_plan, with some drivers changed.
 *
 * **Changing a driver.** A change applies to one ::fpa_wc_driver from a
 * period on (0-based, through the last period) and is one of the
 * ::fpa_scenario_op operations: set the value, add to it, or multiply it.
 * "Collect 5 days faster from month 4" is `(FPA_WC_DSO, FPA_SCENARIO_ADD,
 * -5, from 3)`; "carry 10 % more inventory" is `(FPA_WC_DIO,
 * FPA_SCENARIO_MUL, 1.10, from 0)`; "DPO +7 days with the suppliers that
 * get 40 % of the purchases" is `(FPA_WC_DPO, FPA_SCENARIO_ADD, 0.4 * 7,
 * ...)`, since payables are linear in DPO. Changes apply in the order they
 * were added, after the plan's values, so a set followed by an add gives
 * the set value plus the addition.
 *
 * **Domains.** After the changes, revenue, COGS, DSO, DIO and DPO must be
 * >= 0 in every period; a deterministic call that breaks this fails with
 * ::FPA_EDOM naming the driver and period. Monte Carlo draws that fall
 * below zero are set to zero instead and counted
 * (fpa_scenario_mc_clamped()).
 *
 * **Metrics** (::fpa_scenario_metric) summarise a projection in one number
 * for sensitivity tables and goal seek. The minimum cash is the lowest
 * period-end cash balance; the funding gap against a cash floor F is
 * `max(0, F - minimum cash)`: the financing needed to keep the cash at or
 * above F in every period.
 */
#ifndef FPA_SCENARIO_H
#define FPA_SCENARIO_H

#include "fpa/core.h"
#include "fpa/wc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Option keys of the scenario module (block 900-999). */
enum fpa_scenario_opt {
    /** Whether fpa_scenario_mc_run() keeps every path's cash balance of
     *  every period, which fpa_scenario_mc_fan() needs: 8 bytes per path
     *  and period (144 MB for 1,000,000 paths of 18 periods). 0 = no,
     *  1 = yes. Range 0..1, default 1. */
    FPA_OPT_SCENARIO_FAN = 900
};

/** How a change applies to a driver's value x. */
typedef enum fpa_scenario_op {
    FPA_SCENARIO_SET = 0, /**< x = v (an absolute value). */
    FPA_SCENARIO_ADD = 1, /**< x = x + v (an absolute change, e.g. -5 days). */
    FPA_SCENARIO_MUL = 2  /**< x = x * v (a relative change: 1.10 for +10 %). */
} fpa_scenario_op;

/** A one-number summary of a projection. */
typedef enum fpa_scenario_metric {
    FPA_SCENARIO_ENDING_CASH = 0, /**< Cash at the end of the last period. */
    FPA_SCENARIO_MIN_CASH = 1,    /**< Lowest period-end cash. */
    FPA_SCENARIO_FUNDING_GAP = 2, /**< max(0, floor - lowest cash). */
    FPA_SCENARIO_ENDING_NWC = 3   /**< Net working capital at the end. */
} fpa_scenario_metric;

/** @name Scenarios
 * @{ */

/**
 * A scenario: a list of driver changes applied to a plan's base case.
 * An empty scenario (or NULL wherever a scenario is accepted) is the base
 * case itself.
 */
typedef struct fpa_scenario fpa_scenario;

/**
 * Create an empty scenario.
 *
 * @param[out] out receives the scenario; NULL on failure. Free it with
 *        fpa_scenario_free().
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_ENOMEM allocation failed.
 */
FPA_API fpa_status fpa_scenario_new(fpa_scenario **out, const fpa_opts *opts);

/**
 * Free a scenario. NULL is accepted and ignored.
 *
 * @param scn the scenario, or NULL.
 */
FPA_API void fpa_scenario_free(fpa_scenario *scn);

/**
 * Add a change: `driver` becomes `op(driver, value)` in period `from` and
 * every later period.
 *
 * @param scn the scenario.
 * @param driver the driver to change.
 * @param op how the value applies.
 * @param value the value, finite.
 * @param from first period changed (0-based); a period past the plan's end
 *        changes nothing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `scn` is NULL, or `driver` or `op` is unknown.
 * @retval FPA_EDOM `value` is not finite.
 * @retval FPA_ENOMEM the list could not grow; the scenario is unchanged.
 */
FPA_API fpa_status fpa_scenario_add(fpa_scenario *scn, fpa_wc_driver driver,
                                    fpa_scenario_op op, double value,
                                    size_t from);

/**
 * Number of changes in a scenario.
 *
 * @param scn the scenario.
 * @return the number of changes added, or 0 when `scn` is NULL.
 */
FPA_API size_t fpa_scenario_count(const fpa_scenario *scn);

/**
 * The values a driver takes under a scenario, period by period.
 *
 * @param[out] out receives one value per period.
 * @param cap capacity of `out`, at least the plan's number of periods.
 * @param plan the base case.
 * @param scn the scenario, or NULL for the base case.
 * @param driver the driver.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `driver` is unknown.
 * @retval FPA_ESIZE `cap` is too small.
 */
FPA_API fpa_status fpa_scenario_drivers(double *out, size_t cap,
                                        const fpa_wc_plan *plan,
                                        const fpa_scenario *scn,
                                        fpa_wc_driver driver);

/**
 * Project a scenario: fpa_wc_project() with the scenario's changes.
 *
 * @param[out] out receives `nlines * n` values, line-major as in
 *        fpa_wc_project(); on failure it may hold the periods before the
 *        one that failed.
 * @param cap capacity of `out`.
 * @param plan the base case, with its days set.
 * @param scn the scenario, or NULL for the base case.
 * @param lines the lines wanted.
 * @param nlines number of lines, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, a line is unknown, `nlines` is 0 or
 *         the plan's days are not set.
 * @retval FPA_ESIZE `cap` is too small; the detail gives the size needed.
 * @retval FPA_EDOM a changed driver leaves its domain or purchases turn
 *         negative; the detail names the driver and the period.
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_scenario_project(double *out, size_t cap,
                                        const fpa_wc_plan *plan,
                                        const fpa_scenario *scn,
                                        const fpa_wc_line *lines,
                                        size_t nlines);

/**
 * Compare a scenario with the base case.
 *
 *     released_t   = NetCash_t(scenario) - NetCash_t(base)
 *     cumulative_t = Cash_t(scenario) - Cash_t(base)
 *     gap_t        = max(0, cash_floor - Cash_t(scenario))
 *
 * Positive `released` is cash the scenario releases in the period,
 * negative is cash it absorbs; when the scenario changes only DSO, DIO or
 * DPO, `released_t` equals the base's change in NWC minus the scenario's,
 * and `cumulative_t` the base's NWC minus the scenario's. The minimum
 * cash, its period and the peak gap are the scenario's (pass NULL as the
 * scenario to read the base case's).
 *
 * Every output may be NULL.
 *
 * @param[out] out_released receives n values, or NULL.
 * @param[out] out_cumulative receives n values, or NULL.
 * @param[out] out_gap receives n values, or NULL.
 * @param[out] out_min_cash receives the lowest period-end cash, or NULL.
 * @param[out] out_min_period receives the first period (0-based) where it
 *        is reached, or NULL.
 * @param[out] out_peak_gap receives max(0, floor - lowest cash), or NULL.
 * @param plan the base case, with its days set.
 * @param scn the scenario, or NULL for the base case itself.
 * @param cash_floor the cash floor, finite.
 * @param n capacity of each output array: at least the plan's periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `plan` is NULL or its days are not set.
 * @retval FPA_ESIZE `n` is smaller than the plan's periods.
 * @retval FPA_EDOM `cash_floor` is not finite, or the base or the scenario
 *         leaves a driver's domain.
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_scenario_compare(double *out_released,
                                        double *out_cumulative,
                                        double *out_gap, double *out_min_cash,
                                        size_t *out_min_period,
                                        double *out_peak_gap,
                                        const fpa_wc_plan *plan,
                                        const fpa_scenario *scn,
                                        double cash_floor, size_t n);

/**
 * One metric of a scenario's projection.
 *
 * @param[out] out receives the metric.
 * @param plan the base case.
 * @param scn the scenario, or NULL for the base case.
 * @param metric which metric.
 * @param cash_floor the floor of ::FPA_SCENARIO_FUNDING_GAP (read only by
 *        it; must be finite).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `metric` is unknown or the plan's
 *         days are not set.
 * @retval FPA_EDOM `cash_floor` is not finite or a driver leaves its
 *         domain.
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_scenario_metric_value(double *out,
                                             const fpa_wc_plan *plan,
                                             const fpa_scenario *scn,
                                             fpa_scenario_metric metric,
                                             double cash_floor);
/** @} */

/** @name Sensitivity and goal seek
 * @{ */

/**
 * One-way sensitivity (a tornado chart): the metric with each of k
 * changes applied alone, at a low and at a high value, on top of the
 * scenario.
 *
 * Bar i changes `drivers[i]` by `ops[i]` with `low[i]` and then with
 * `high[i]`, from period `from[i]` on.
 *
 * @param[out] out_low receives k metrics with the low values.
 * @param[out] out_high receives k metrics with the high values.
 * @param[out] out_base receives the metric of the scenario itself (may be
 *        NULL).
 * @param plan the base case.
 * @param scn the scenario the bars are measured around, or NULL.
 * @param drivers the driver of each bar.
 * @param ops the operation of each bar.
 * @param low the low value of each bar, finite.
 * @param high the high value of each bar, finite.
 * @param from the first period of each bar, or NULL for period 0.
 * @param k number of bars, at least 1.
 * @param metric the metric.
 * @param cash_floor the floor of ::FPA_SCENARIO_FUNDING_GAP, finite.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a needed pointer is NULL, `k` is 0, or a driver, op
 *         or the metric is unknown.
 * @retval FPA_EDOM a value is not finite or a driver leaves its domain;
 *         the detail names the bar.
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_scenario_tornado(
    double *out_low, double *out_high, double *out_base,
    const fpa_wc_plan *plan, const fpa_scenario *scn,
    const fpa_wc_driver *drivers, const fpa_scenario_op *ops,
    const double *low, const double *high, const size_t *from, size_t k,
    fpa_scenario_metric metric, double cash_floor);

/**
 * Two-way data table, as a spreadsheet's: the metric for every pair of a
 * row value and a column value of two driver changes.
 *
 * Cell (i, j), stored at `out[i * ncols + j]`, applies the scenario, then
 * `row_op(row_driver, row_values[i])`, then `col_op(col_driver,
 * col_values[j])`, all from period `from` on. The rows are computed on
 * FPA_OPT_THREADS threads; the numbers do not depend on the thread count.
 * Each cell is a projection computed without allocating.
 *
 * @param[out] out receives `nrows * ncols` metrics, row-major; on failure
 *        it may hold some cells.
 * @param cap capacity of `out`.
 * @param plan the base case.
 * @param scn the scenario, or NULL.
 * @param row_driver the driver varied along the rows.
 * @param row_op how the row values apply.
 * @param row_values the row values, finite.
 * @param nrows number of rows, at least 1.
 * @param col_driver the driver varied along the columns (may equal
 *        `row_driver`; the column change then applies after the row's).
 * @param col_op how the column values apply.
 * @param col_values the column values, finite.
 * @param ncols number of columns, at least 1.
 * @param from the first period changed.
 * @param metric the metric.
 * @param cash_floor the floor of ::FPA_SCENARIO_FUNDING_GAP, finite.
 * @param opts reads ::FPA_OPT_THREADS and the progress callback
 *        (fpa_opts_set_progress(): one unit per block of cells; since
 *        1.1); NULL for one thread.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, a count is 0, or a driver, op or
 *         the metric is unknown.
 * @retval FPA_ESIZE `cap` is smaller than `nrows * ncols`.
 * @retval FPA_EDOM a value is not finite or a cell leaves a driver's
 *         domain; the detail names the cell.
 * @retval FPA_EOVERFLOW a value is not finite.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 * @retval FPA_ECANCELED the progress callback cancelled the call (since
 *         1.1); `out` is partly written.
 */
FPA_API fpa_status fpa_scenario_table(
    double *out, size_t cap, const fpa_wc_plan *plan, const fpa_scenario *scn,
    fpa_wc_driver row_driver, fpa_scenario_op row_op,
    const double *row_values, size_t nrows, fpa_wc_driver col_driver,
    fpa_scenario_op col_op, const double *col_values, size_t ncols,
    size_t from, fpa_scenario_metric metric, double cash_floor,
    const fpa_opts *opts);

/**
 * Goal seek: the value v in [lo, hi] of one driver change, `op(driver, v)`
 * from period `from` on (after the scenario), at which the metric equals
 * `target`.
 *
 * The metric is evaluated at `lo` and `hi`; without a sign change of
 * metric - target there, the interval is scanned from `lo` in steps
 * growing from (hi - lo)/64 for one. The root of the first bracket found
 * is then refined with GSL's Brent solver (`gsl_root_fsolver_brent`) to
 * 1e-10 absolute plus 1e-12 relative. A root between two scan points that
 * the metric crosses twice can be missed.
 *
 * Example: the DPO that keeps the minimum cash at a floor F is the goal
 * `FPA_SCENARIO_MIN_CASH = F` over `(FPA_WC_DPO, FPA_SCENARIO_SET)`; every
 * DPO above it keeps the cash above F, since payables only hold cash back.
 * (Seek ::FPA_SCENARIO_MIN_CASH rather than a funding gap of zero: the
 * gap is flat at zero and has no sign change.)
 *
 * @param[out] out receives v.
 * @param plan the base case.
 * @param scn the scenario, or NULL.
 * @param driver the driver solved for.
 * @param op how v applies.
 * @param from first period of the change.
 * @param lo lower end of the allowed values, finite.
 * @param hi upper end, finite, > lo.
 * @param metric the metric.
 * @param cash_floor the floor of ::FPA_SCENARIO_FUNDING_GAP, finite.
 * @param target the value the metric must reach, finite.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, or the driver, op or metric is
 *         unknown.
 * @retval FPA_EDOM an argument is not finite, `lo` >= `hi`, or a value in
 *         the range takes a driver out of its domain.
 * @retval FPA_ENOCONV no value in [lo, hi] reaches the target; the detail
 *         gives the metric at both ends.
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_scenario_goal_seek(
    double *out, const fpa_wc_plan *plan, const fpa_scenario *scn,
    fpa_wc_driver driver, fpa_scenario_op op, size_t from, double lo,
    double hi, fpa_scenario_metric metric, double cash_floor, double target);

/** What goal seek looks for (fpa_scenario_goal_solve()); since 1.1. */
typedef enum fpa_goal_mode {
    /** The value at which the metric equals the target: the root-finding
     *  form of fpa_scenario_goal_seek(). */
    FPA_GOAL_EQUAL = 0,
    /** The lowest value in [lo, hi] at which the metric is at least the
     *  target ("the lowest DPO that keeps the cash at or above the floor
     *  in every period": ::FPA_SCENARIO_MIN_CASH at least the floor). */
    FPA_GOAL_LOWEST_AT_LEAST = 1,
    /** The highest value in [lo, hi] at which the metric is at least the
     *  target ("the highest DSO that keeps the cash above the floor"). */
    FPA_GOAL_HIGHEST_AT_LEAST = 2,
    /** The lowest value at which the metric is at most the target ("the
     *  lowest price rise that keeps the funding gap at or below 50,000"). */
    FPA_GOAL_LOWEST_AT_MOST = 3,
    /** The highest value at which the metric is at most the target. */
    FPA_GOAL_HIGHEST_AT_MOST = 4
} fpa_goal_mode;

/**
 * The lever of a goal seek: one driver change `op(driver, v)` from period
 * `from` on, with v allowed in [lo, hi]; since 1.1.
 */
typedef struct fpa_scenario_goal fpa_scenario_goal;

/**
 * Create a goal-seek lever.
 *
 * @param[out] out receives the lever; NULL on failure. Free it with
 *        fpa_scenario_goal_free().
 * @param driver the driver solved for.
 * @param op how v applies.
 * @param from first period of the change (0-based).
 * @param lo lower end of the allowed values, finite.
 * @param hi upper end, finite, > lo.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL, or the driver or op is unknown.
 * @retval FPA_EDOM `lo` or `hi` is not finite, or `lo` >= `hi`.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_scenario_goal_new(fpa_scenario_goal **out,
                                         fpa_wc_driver driver,
                                         fpa_scenario_op op, size_t from,
                                         double lo, double hi,
                                         const fpa_opts *opts);

/**
 * Free a goal-seek lever. NULL is accepted and ignored.
 *
 * @param goal the lever, or NULL.
 * @since 1.1
 */
FPA_API void fpa_scenario_goal_free(fpa_scenario_goal *goal);

/**
 * Goal seek in either form: the value v of the lever's change (after the
 * scenario) at which the metric equals the target (::FPA_GOAL_EQUAL,
 * exactly as fpa_scenario_goal_seek()), or the lowest or highest v in
 * [lo, hi] at which the metric meets the target (the other
 * ::fpa_goal_mode values).
 *
 * **Meeting a target in every period.** The metrics summarise the
 * periods: ::FPA_SCENARIO_MIN_CASH is at least F exactly when the cash is
 * at least F at the end of every period, and ::FPA_SCENARIO_FUNDING_GAP
 * against a floor F is at most G exactly when the cash never falls below
 * F - G. So "the lowest DPO that keeps the cash at or above 40,000 in
 * every period" is ::FPA_GOAL_LOWEST_AT_LEAST with
 * ::FPA_SCENARIO_MIN_CASH and target 40,000.
 *
 * **The search** (constraint forms). When the target is already met at
 * the starting end (`lo` for the LOWEST modes, `hi` for the HIGHEST), that
 * end is the answer. Otherwise the range is scanned from that end in 64
 * equal steps for the first value that meets the target, and the boundary
 * between it and the previous scan point is bisected until the two are
 * within 1e-10 + 1e-12 |v| of each other; the answer is the side that
 * meets the target, so the metric at the answer always meets it. A stretch
 * narrower than a scan step where the target is met, between two points
 * where it is not, can be missed. (fpa_scenario_goal_seek() answers the
 * root-finding question only: it returns ::FPA_ENOCONV when the target is
 * already exceeded everywhere in the range, which is its documented
 * meaning, kept for 1.0 callers.)
 *
 * @param[out] out receives v.
 * @param plan the base case.
 * @param scn the scenario, or NULL.
 * @param goal the lever and its range.
 * @param mode the form of the question.
 * @param metric the metric.
 * @param cash_floor the floor of ::FPA_SCENARIO_FUNDING_GAP, finite.
 * @param target the target, finite.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the plan's days are not set, or
 *         the mode or metric is unknown.
 * @retval FPA_EDOM an argument is not finite, or a value in the range
 *         takes a driver out of its domain.
 * @retval FPA_ENOCONV no value in [lo, hi] meets (or, for
 *         ::FPA_GOAL_EQUAL, reaches) the target; the detail gives the
 *         metric at both ends.
 * @retval FPA_EOVERFLOW a value is not finite.
 * @since 1.1
 */
FPA_API fpa_status fpa_scenario_goal_solve(double *out,
                                           const fpa_wc_plan *plan,
                                           const fpa_scenario *scn,
                                           const fpa_scenario_goal *goal,
                                           fpa_goal_mode mode,
                                           fpa_scenario_metric metric,
                                           double cash_floor, double target);
/** @} */

/** @name Monte Carlo
 * @{ */

/**
 * Distributions of a stochastic driver change, with their parameters in
 * the order given.
 */
typedef enum fpa_scenario_dist {
    /** Normal: mean, standard deviation (>= 0). */
    FPA_DIST_NORMAL = 0,
    /** Lognormal: mu and sigma (>= 0) of the logarithm; the median is
     *  exp(mu). */
    FPA_DIST_LOGNORMAL = 1,
    /** Uniform on [a, b]: a, b (a <= b). */
    FPA_DIST_UNIFORM = 2,
    /** Triangular: min, mode, max (min <= mode <= max, min < max). */
    FPA_DIST_TRIANGULAR = 3,
    /** PERT: min, mode, max as for the triangular; a beta distribution on
     *  [min, max] with shapes 1 + 4 (mode - min) / (max - min) and
     *  1 + 4 (max - mode) / (max - min) (Vose, *Risk Analysis: A
     *  Quantitative Guide*, 3rd ed., appendix III, "PERT";
     *  the classic PERT with lambda = 4). */
    FPA_DIST_PERT = 4
} fpa_scenario_dist;

/** When a stochastic change is drawn. */
typedef enum fpa_scenario_draw {
    /** A fresh, independent draw for every period. */
    FPA_DRAW_EACH_PERIOD = 0,
    /** One draw per path, at the same quantile for every period (a
     *  persistent shift: "DSO is 5 days worse all year"). With
     *  period-varying parameters the draw keeps its standard-normal score
     *  across periods. */
    FPA_DRAW_ONCE = 1
} fpa_scenario_draw;

/** Per-path results that fpa_scenario_mc_quantile() and friends read. */
typedef enum fpa_scenario_mc_stat {
    FPA_MC_ENDING_CASH = 0, /**< Cash at the end of the last period. */
    FPA_MC_MIN_CASH = 1     /**< Lowest period-end cash of the path. */
} fpa_scenario_mc_stat;

/**
 * A Monte Carlo model: stochastic driver changes, optionally correlated.
 * Variables are numbered 0, 1, ... in the order they are added.
 */
typedef struct fpa_scenario_mc fpa_scenario_mc;

/**
 * The outcome of a simulation: per-path ending and minimum cash, the
 * per-period fan and breach counts.
 */
typedef struct fpa_scenario_mc_result fpa_scenario_mc_result;

/**
 * Create a Monte Carlo model without variables.
 *
 * @param[out] out receives the model; NULL on failure.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_ENOMEM allocation failed.
 */
FPA_API fpa_status fpa_scenario_mc_new(fpa_scenario_mc **out,
                                       const fpa_opts *opts);

/**
 * Free a Monte Carlo model. NULL is accepted and ignored.
 *
 * @param mc the model, or NULL.
 */
FPA_API void fpa_scenario_mc_free(fpa_scenario_mc *mc);

/**
 * Add a stochastic change with the same distribution in every period from
 * `from` on: in each path, `driver` becomes `op(driver, x)` with x drawn
 * from the distribution.
 *
 * Examples: revenue 5 % uncertain each month, `(FPA_WC_REVENUE,
 * FPA_SCENARIO_MUL, FPA_DIST_NORMAL, {1, 0.05})`; DSO between 40 and 60
 * days, most likely 45, `(FPA_WC_DSO, FPA_SCENARIO_SET, FPA_DIST_PERT,
 * {40, 45, 60})`.
 *
 * @param[out] out_index receives the variable's number (may be NULL).
 * @param mc the model.
 * @param driver the driver changed.
 * @param op how the draw applies.
 * @param dist the distribution.
 * @param params its parameters (see ::fpa_scenario_dist).
 * @param nparams number of parameters: 2 for normal, lognormal and
 *        uniform, 3 for triangular and PERT.
 * @param from first period changed.
 * @param when draw each period or once per path.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, an enum is unknown, or `nparams`
 *         is wrong for the distribution.
 * @retval FPA_EDOM a parameter is not finite or the parameters are
 *         inconsistent (sd < 0, min > mode, min = max ...); the detail
 *         names the parameter.
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 */
FPA_API fpa_status fpa_scenario_mc_add(size_t *out_index, fpa_scenario_mc *mc,
                                       fpa_wc_driver driver,
                                       fpa_scenario_op op,
                                       fpa_scenario_dist dist,
                                       const double *params, size_t nparams,
                                       size_t from, fpa_scenario_draw when);

/**
 * Add a stochastic change whose parameters vary by period, for periods
 * `from` .. `from + count - 1` (periods outside are not changed).
 *
 * `params` holds the first parameter of every period, then the second,
 * and so on: parameter k of period `from + t` is `params[k * count + t]`.
 * A forecast's mean and standard deviation per period, for instance, go
 * in as a normal series `{mean_0 .. mean_{n-1}, sd_0 .. sd_{n-1}}`.
 *
 * @param[out] out_index receives the variable's number (may be NULL).
 * @param mc the model.
 * @param driver the driver changed.
 * @param op how the draw applies.
 * @param dist the distribution.
 * @param params `nparams * count` parameters, parameter-major.
 * @param count number of periods, at least 1.
 * @param from first period changed.
 * @param when draw each period or once per path.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, an enum is unknown or `count` is 0.
 * @retval FPA_EDOM a parameter is not finite or inconsistent; the detail
 *         names the period.
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 */
FPA_API fpa_status fpa_scenario_mc_add_series(
    size_t *out_index, fpa_scenario_mc *mc, fpa_wc_driver driver,
    fpa_scenario_op op, fpa_scenario_dist dist, const double *params,
    size_t count, size_t from, fpa_scenario_draw when);

/**
 * Add a driver drawn from a forecast's prediction intervals: in period
 * `from + t` the driver is set to a normal draw with mean `point[t]` and
 * the standard deviation that makes [`lower[t]`, `upper[t]`] its central
 * interval of probability `level`:
 *
 *     sd_t = (upper_t - lower_t) / (2 * z),  z = Phi^-1((1 + level) / 2)
 *
 * (z from GSL's gsl_cdf_ugaussian_Pinv(); 1.2816 for an 80 % interval,
 * 1.9600 for 95 %). The interval need not be centred on the point: only
 * its width is used, as the forecast module's symmetric normal intervals
 * are. The result is a ::FPA_DIST_NORMAL series with ::FPA_SCENARIO_SET.
 *
 * @param[out] out_index receives the variable's number (may be NULL).
 * @param mc the model.
 * @param driver the driver (typically ::FPA_WC_REVENUE or ::FPA_WC_COGS).
 * @param point the point forecasts, finite.
 * @param lower the lower interval bounds, finite, <= upper.
 * @param upper the upper interval bounds, finite.
 * @param count number of periods, at least 1.
 * @param level the intervals' coverage, in (0, 1) (0.8, 0.95).
 * @param from the plan period of the forecast's first period.
 * @param when draw each period independently or once per path.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, an enum is unknown or `count` is 0.
 * @retval FPA_EDOM a value is not finite, a lower bound exceeds its upper
 *         bound, or `level` is outside (0, 1).
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 */
FPA_API fpa_status fpa_scenario_mc_add_interval(
    size_t *out_index, fpa_scenario_mc *mc, fpa_wc_driver driver,
    const double *point, const double *lower, const double *upper,
    size_t count, double level, size_t from, fpa_scenario_draw when);

/**
 * Correlate the variables through a Gaussian copula: each variable is
 * drawn as a standard normal score z, the scores are correlated with the
 * Cholesky factor of `corr` (GSL's gsl_linalg_cholesky_decomp1), and each
 * score is mapped to its distribution through its quantile function
 * (normal and lognormal directly; uniform, triangular and PERT through
 * Phi(z), the PERT quantile solved with GSL's Brent solver on
 * gsl_cdf_beta_P(), which is slower). `corr` correlates the scores, so the
 * correlation of non-normal values is close to but not exactly `corr`.
 *
 * A variable drawn once per path and one drawn each period cannot be
 * correlated with each other (their entry must be 0). Adding a variable
 * after this call removes the correlation.
 *
 * @param mc the model.
 * @param corr k x k correlation matrix, row-major: symmetric, ones on the
 *        diagonal, off-diagonal in [-1, 1], positive definite (smallest
 *        eigenvalue at least 1e-10, checked with GSL's gsl_eigen_symm()).
 * @param k number of variables in the model, 1 .. 256.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `k` differs from the number of
 *         variables.
 * @retval FPA_EDOM the matrix is not a positive-definite correlation
 *         matrix, or correlates a once-per-path variable with a
 *         per-period one; the detail names the entry.
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 */
FPA_API fpa_status fpa_scenario_mc_correlate(fpa_scenario_mc *mc,
                                             const double *corr, size_t k);

/**
 * Simulate `paths` paths of the plan under the scenario with the model's
 * stochastic changes (applied after the scenario's, in the order added).
 *
 * **Reproducibility.** Paths are simulated in blocks of 1024; block b
 * draws from its own generator, L'Ecuyer's maximally equidistributed
 * combined Tausworthe generator (GSL's gsl_rng_taus2, period 2^88, chosen
 * over MT19937 for its speed and its 24-byte state), seeded with a hash of
 * FPA_OPT_SEED plus b, whichever thread runs it, so the same seed gives
 * bit-identical results for every FPA_OPT_THREADS. The
 * generators' state lives in memory from the allocator of `opts` (GSL's
 * gsl_rng_alloc() is not used). Normal scores come from GSL's
 * gsl_ran_gaussian_ziggurat(), PERT draws of uncorrelated per-period
 * variables from gsl_ran_beta().
 *
 * Percentiles are computed from all paths (sorted), so the run allocates
 * 16 bytes per path, plus 8 per path and period when FPA_OPT_SCENARIO_FAN
 * is set, plus sorting scratch.
 *
 * @param[out] out receives the result; NULL on failure. Free it with
 *        fpa_scenario_mc_result_free().
 * @param mc the stochastic changes (may have no variables: every path is
 *        then the scenario's projection).
 * @param plan the base case, with its days set.
 * @param scn deterministic changes applied first, or NULL.
 * @param paths number of paths, 1 .. 2^31 - 1.
 * @param cash_floor the floor for breach probabilities, finite.
 * @param opts reads ::FPA_OPT_THREADS, ::FPA_OPT_SEED,
 *        ::FPA_OPT_SCENARIO_FAN, the allocator and the progress callback
 *        (fpa_opts_set_progress(), since 1.1: one unit per block of 1024
 *        paths, then one per sorted column: the minimum cash, and the
 *        ending cash or, with the fan, every period's cash; the numbers are
 *        the same with or without a callback); NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `paths` is 0 or too large, the
 *         plan's days are not set, or a variable's periods are past the
 *         plan's end.
 * @retval FPA_EDOM `cash_floor` is not finite, or the scenario leaves a
 *         driver's domain.
 * @retval FPA_EOVERFLOW a path's cash is not finite (e.g. a lognormal with
 *         a huge sigma).
 * @retval FPA_ENOMEM allocation failed; nothing is leaked.
 * @retval FPA_ECANCELED the progress callback cancelled the run (since
 *         1.1); nothing is leaked and `*out` is NULL.
 */
FPA_API fpa_status fpa_scenario_mc_run(fpa_scenario_mc_result **out,
                                       const fpa_scenario_mc *mc,
                                       const fpa_wc_plan *plan,
                                       const fpa_scenario *scn, size_t paths,
                                       double cash_floor,
                                       const fpa_opts *opts);

/**
 * Free a simulation result. NULL is accepted and ignored.
 *
 * @param res the result, or NULL.
 */
FPA_API void fpa_scenario_mc_result_free(fpa_scenario_mc_result *res);

/**
 * Number of paths simulated.
 *
 * @param res the result.
 * @return the number of paths, or 0 when `res` is NULL.
 */
FPA_API size_t fpa_scenario_mc_paths(const fpa_scenario_mc_result *res);

/**
 * Number of draws that fell below zero for revenue, COGS, DSO, DIO or DPO
 * (or made purchases negative under the purchases basis) and were set to
 * zero. A large count means the distributions put weight where the model
 * has no meaning.
 *
 * @param res the result.
 * @return the count, or 0 when `res` is NULL.
 */
FPA_API uint64_t fpa_scenario_mc_clamped(const fpa_scenario_mc_result *res);

/**
 * A percentile of ending or minimum cash over the paths, interpolated
 * linearly between order statistics as R's `quantile(type = 7)` and GSL's
 * gsl_stats_quantile_from_sorted_data() do.
 *
 * Cash-at-risk at 95 % is, for instance, the median ending cash minus its
 * 5th percentile.
 *
 * @param[out] out receives the percentile.
 * @param res the result.
 * @param stat which per-path value.
 * @param p the probability, in [0, 1] (0.05 for the 5th percentile).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `stat` is unknown.
 * @retval FPA_EDOM `p` is outside [0, 1] or not finite.
 */
FPA_API fpa_status fpa_scenario_mc_quantile(double *out,
                                            const fpa_scenario_mc_result *res,
                                            fpa_scenario_mc_stat stat,
                                            double p);

/**
 * The mean of ending or minimum cash over the paths.
 *
 * @param[out] out receives the mean.
 * @param res the result.
 * @param stat which per-path value.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `stat` is unknown.
 */
FPA_API fpa_status fpa_scenario_mc_mean(double *out,
                                        const fpa_scenario_mc_result *res,
                                        fpa_scenario_mc_stat stat);

/**
 * Every path's ending or minimum cash, in increasing order (the empirical
 * distribution, e.g. for a histogram).
 *
 * @param[out] out receives one value per path.
 * @param cap capacity of `out`, at least fpa_scenario_mc_paths().
 * @param res the result.
 * @param stat which per-path value.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `stat` is unknown.
 * @retval FPA_ESIZE `cap` is too small.
 */
FPA_API fpa_status fpa_scenario_mc_sorted(double *out, size_t cap,
                                          const fpa_scenario_mc_result *res,
                                          fpa_scenario_mc_stat stat);

/**
 * Probability of breaching the cash floor: the share of paths whose cash
 * falls below `cash_floor` (given to fpa_scenario_mc_run()) at the end of
 * at least one period (`out_any`), and at the end of each period
 * (`out_by_period`).
 *
 * @param[out] out_any receives the probability over the whole horizon, or
 *        NULL.
 * @param[out] out_by_period receives one probability per period, or NULL.
 * @param cap capacity of `out_by_period` (ignored when it is NULL).
 * @param res the result.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `res` is NULL, or both outputs are.
 * @retval FPA_ESIZE `cap` is smaller than the number of periods.
 */
FPA_API fpa_status fpa_scenario_mc_breach(double *out_any,
                                          double *out_by_period, size_t cap,
                                          const fpa_scenario_mc_result *res);

/**
 * The fan chart: a percentile of period-end cash for every period (same
 * interpolation as fpa_scenario_mc_quantile()). Needs
 * FPA_OPT_SCENARIO_FAN set when the simulation ran.
 *
 * @param[out] out receives one value per period.
 * @param cap capacity of `out`, at least the number of periods.
 * @param res the result.
 * @param p the probability, in [0, 1].
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the run did not keep the fan.
 * @retval FPA_EDOM `p` is outside [0, 1] or not finite.
 * @retval FPA_ESIZE `cap` is too small.
 */
FPA_API fpa_status fpa_scenario_mc_fan(double *out, size_t cap,
                                       const fpa_scenario_mc_result *res,
                                       double p);
/** @} */

/** @name Cash-at-risk
 * @{ */

/**
 * Cash-at-risk of a Monte Carlo run: how far below the median ending cash
 * the ending cash falls in the worst `1 - level` of the paths,
 *
 *     CaR(level) = Q(0.5) - Q(1 - level)
 *
 * with Q the percentiles of ending cash over the paths as
 * fpa_scenario_mc_quantile() interpolates them (R's `quantile(type = 7)`);
 * cash-at-risk at 95 % is the median less the 5th percentile. It is never
 * negative.
 *
 * @param[out] out receives the cash-at-risk.
 * @param res the result.
 * @param level the confidence, in [0.5, 1] (0.95 for 95 %).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_EDOM `level` is outside [0.5, 1] or not finite.
 * @retval FPA_EOVERFLOW the difference is not finite.
 * @since 1.1
 */
FPA_API fpa_status fpa_scenario_mc_cash_at_risk(double *out,
                                                const fpa_scenario_mc_result *res,
                                                double level);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_SCENARIO_H */
