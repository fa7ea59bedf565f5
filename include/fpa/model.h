/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file model.h
 * @brief The integrated planning model: named driver lines over a
 *        calendar, an income statement, balance sheet and cash-flow
 *        statement that balance in every period, and every what-if on any
 *        line (scenarios, plan versions, sensitivity, goal seek, Monte
 *        Carlo); since 1.1.
 *
 * **Lines.** A model is a set of named lines over `periods` periods of a
 * calendar (months, quarters, weeks). Each line is either an *input* (a
 * series: actuals, a budget, a forecast from fpa/forecast.h) or a
 * *relation* of other lines chosen from the closed set ::fpa_model_rel
 * (no formula language). Names are 1 to 63 bytes without control
 * characters; the prefixes `is.`, `bs.` and `cf.` are reserved for the
 * statements. Relations may name lines defined later: names are resolved
 * when the model is built.
 *
 * **Building.** fpa_model_build() checks the model once: every name a
 * relation uses exists (::FPA_EDATA naming the line and the name), every
 * relation has the inputs and parameters its kind takes (::FPA_EINVAL),
 * periods in parameters lie in the calendar (::FPA_EDOM), and no line
 * depends on itself within a period (::FPA_EDATA naming the loop:
 * "cycle: a -> b -> a"). A loop through an earlier period (inventory
 * carried from last month, the revolver and its interest) is allowed:
 * lines on such a loop are computed period by period, every other line
 * over all periods at once, in dependency order, without recursion. After
 * fpa_model_build() the structure is fixed; input values, opening values
 * and period lengths may still be set. A built model is only read by
 * evaluations, so one model may serve many threads at once (as long as
 * nobody sets values on it meanwhile).
 *
 * **Opening values.** Every line has a value for the period before the
 * first (default 0), set with fpa_model_set_opening(): what ::FPA_REL_LAG,
 * ::FPA_REL_DELTA and ::FPA_REL_CUMSUM read before period 0 (opening
 * receivables, opening cash).
 *
 * **The three statements.** Linking lines to statement roles
 * (fpa_model_link(), ::fpa_model_role) adds the built-in lines of an
 * income statement, a balance sheet and an indirect cash-flow statement
 * (see ::fpa_model_role for their names and formulas). The balance sheet
 * balances, and the cash flow equals the change in cash, in every period
 * by construction: every balance is rolled forward from the flows that
 * move it. Every evaluation checks both in every period (and every Monte
 * Carlo path) to half a minor unit (0.005 with ::FPA_OPT_MODEL_DECIMALS
 * = 2), plus 1e-12 of the sheet's largest line, since a double cannot hold
 * the cent of amounts beyond about 10^13; a failure is ::FPA_EDATA naming
 * the check line and the period. fpa_model_build() rejects an opening
 * balance sheet that does not balance (an opening equity set by hand that
 * differs from assets minus liabilities).
 *
 * **The revolver and the interest circularity.** With a cash floor linked
 * (::FPA_ROLE_CASH_FLOOR), a revolving credit line draws whatever keeps the
 * period-end cash at the floor, up to its limit (::FPA_ROLE_REVOLVER_LIMIT),
 * and repays from cash above the floor. Interest is simple interest on
 * *opening* balances (the balances at the end of the previous period):
 * `rate * days / 365 * balance_{t-1}` for the term debt and the revolver,
 * less interest earned on opening cash. So the period's draw depends on
 * the period's interest but not the other way round, and the model has no
 * circular reference: the interest on a draw is charged from the next
 * period on (over a month at 8 % a year, the difference from interest on
 * the average balance is 0.33 % of the draw). No iteration is needed, and
 * a model computes the same numbers as a spreadsheet built the same way
 * (tests/ref/make_model_ref.py).
 *
 * **Scenarios and versions** (::fpa_model_scenario) change input lines:
 * set, add or multiply from a period on, or replace a whole series (a
 * budget, a forecast version, actuals). fpa_model_compare() compares two
 * versions line by line through fpa_variance_compute(), favourable or
 * unfavourable by each line's ::fpa_nature.
 *
 * **Outputs of what-ifs.** Tornado, tables and the root form of goal seek
 * read one output: a line's value in the last period. Summaries are lines
 * too: the lowest cash is ::FPA_REL_RUNNING_MIN of the cash line, total
 * revenue ::FPA_REL_CUMSUM of revenue. The constraint forms of goal seek
 * read an output line in every period. Monte Carlo keeps the output lines
 * asked for in every period of every path.
 *
 * **Lanes.** Evaluations run on many cases at once (the cells of a table,
 * the scan points of a goal seek, the paths of a simulation), each kernel
 * looping over periods and cases in one tight loop; the numbers are those
 * of fpa_model_evaluate() case by case, to the bit.
 *
 * The working-capital projection of fpa/wc.h and its what-ifs
 * (fpa/scenario.h) are this model's special case and run on it;
 * fpa_model_from_wc_plan() gives a plan's model, for the what-ifs this
 * header adds.
 */
#ifndef FPA_MODEL_H
#define FPA_MODEL_H

#include "fpa/core.h"
#include "fpa/forecast.h"
#include "fpa/scenario.h"
#include "fpa/unit.h"
#include "fpa/variance.h"
#include "fpa/wc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Option keys of the model module (block 1000-1099). */
enum fpa_model_opt {
    /** Day-count basis of the periods' lengths (::fpa_wc_basis):
     *  0 actual, 1 30/360, 2 365. Range 0..2, default 0. Read by
     *  fpa_model_new(). */
    FPA_OPT_MODEL_DAY_BASIS = 1000,
    /** Decimals of the currency's minor unit, for the tolerance of the
     *  balance and cash checks (half a minor unit). Range 0..6, default 2.
     *  Read by fpa_model_new(). */
    FPA_OPT_MODEL_DECIMALS = 1001
};

/** The calendar of a model's periods. */
typedef enum fpa_calendar {
    FPA_CAL_MONTH = 0,   /**< Calendar months from the first of a month. */
    FPA_CAL_QUARTER = 1, /**< Quarters of three months from the first of a
                              month. */
    FPA_CAL_WEEK = 2     /**< Weeks of seven days from any day. */
} fpa_calendar;

/**
 * The closed set of relations a line can be. x0, x1 ... are the input
 * lines in the order given, w0, w1 ... optional weights (parameters), t
 * the period, d_t its length in days. "Before the start" means the input
 * line's opening value (fpa_model_set_opening()).
 */
typedef enum fpa_model_rel {
    /** w0 x0 + w1 x1 + ..., added from left to right; 1 input or more,
     *  no parameters (every weight 1) or one weight per input. */
    FPA_REL_SUM = 0,
    /** x0 - x1 - x2 - ...; 2 inputs or more, no parameters. */
    FPA_REL_DIFF = 1,
    /** x0 * x1 * ... (price times volume); 2 inputs or more. */
    FPA_REL_PRODUCT = 2,
    /** x0 / x1; 2 inputs. A zero x1 makes the value not finite, which an
     *  evaluation reports as ::FPA_EOVERFLOW naming the line and period. */
    FPA_REL_RATIO = 3,
    /** share * x0, the share a fraction (0.6 for 60 %): 1 input and the
     *  share as a parameter, or 2 inputs with the share as the second line
     *  (so that scenarios and Monte Carlo can change it). */
    FPA_REL_PCT_OF = 4,
    /** x0[t - k]: 1 input, parameter k (a whole number, 1 .. periods);
     *  before the start, x0's opening value. */
    FPA_REL_LAG = 5,
    /** x0[t + k]: 1 input, parameter k (1 .. periods - 1); past the last
     *  period, x0's value in the last period. Cannot sit on a loop through
     *  earlier periods. */
    FPA_REL_LEAD = 6,
    /** The running total (a roll-forward): value[t] = value[t-1] + w0 x0[t]
     *  + w1 x1[t] + ..., value[-1] this line's opening value; 1 input or
     *  more, no parameters or one weight per input. Cash is the cumulative
     *  sum of the net cash flow on the opening cash. */
    FPA_REL_CUMSUM = 7,
    /** scale * (x0[t] - x0[t-1]), x0[-1] its opening value: the change in a
     *  balance. 1 input; no parameter (scale 1) or the scale. */
    FPA_REL_DELTA = 8,
    /** Period-days balance, the DSO/DIO/DPO rule: x1 * x0 / d_t, x0 the
     *  flow of the period (revenue), x1 the days (DSO); 2 inputs. */
    FPA_REL_BALANCE = 9,
    /** A step: parameters {from, height}: 0 before period `from`, height
     *  from it on; plus x0 when 1 input is given (0 or 1 inputs). */
    FPA_REL_STEP = 10,
    /** A ramp ("ten engineers hired over four months"): parameters
     *  {from, to, height}, from <= to: 0 before `from`, height *
     *  (t - from + 1) / (to - from + 1) from `from` to `to`, height after;
     *  plus x0 when 1 input is given. `to` may lie past the last period. */
    FPA_REL_RAMP = 11,
    /** The smallest of the inputs and of the parameters (constants), in
     *  each period; at least 1 input. */
    FPA_REL_MIN = 12,
    /** The largest of the inputs and of the parameters (max(x0, 0)). */
    FPA_REL_MAX = 13,
    /** x0 clamped to [lo, hi]: 1 input, parameters {lo, hi}, lo <= hi. */
    FPA_REL_CLAMP = 14,
    /** The lowest value of x0 so far: min over s <= t of x0[s]; 1 input.
     *  In the last period: the lowest of all periods (the minimum cash). */
    FPA_REL_RUNNING_MIN = 15,
    /** The highest value of x0 so far; 1 input. */
    FPA_REL_RUNNING_MAX = 16
} fpa_model_rel;

/**
 * Statement roles: how fpa_model_link() ties a line into the three
 * statements. Flows are amounts of the period, balances amounts at its
 * end, rates fractions. "Several" roles take any number of lines (summed);
 * the others one line at most.
 *
 * The statements' lines, added by fpa_model_build() when any line is
 * linked (a revenue line is then required):
 *
 *     is.revenue        = sum of REVENUE lines
 *     is.cogs           = sum of COGS lines
 *     is.gross_margin   = is.revenue - is.cogs
 *     is.opex           = sum of OPEX lines (one per cost centre)
 *     is.ebitda         = is.gross_margin - is.opex
 *     is.depreciation   = sum of DEPRECIATION lines
 *     is.ebit           = is.ebitda - is.depreciation
 *     is.interest       = (DEBT_RATE * bs.debt[t-1] + REVOLVER_RATE *
 *                          bs.revolver[t-1] - CASH_RATE * bs.cash[t-1]) * d_t / 365
 *     is.ebt            = is.ebit - is.interest
 *     is.tax            = TAX_RATE * max(is.ebt, 0)   (no loss carried forward)
 *     is.net_income     = is.ebt - is.tax
 *     bs.receivables, bs.inventory, bs.other_assets, bs.payables,
 *     bs.other_liabilities = the linked balances (openings: theirs)
 *     cf.net_income     = is.net_income;  cf.depreciation = is.depreciation
 *     cf.receivables    = -(bs.receivables[t] - bs.receivables[t-1]), and
 *                         likewise cf.inventory, cf.other_assets; cf.payables
 *                         and cf.other_liabilities with a plus sign
 *     cf.working_capital = sum of the five lines above
 *     cf.operating      = cf.net_income + cf.depreciation + cf.working_capital
 *     cf.capex          = -(sum of CAPEX lines);  cf.investing = cf.capex
 *     cf.debt           = DEBT_DRAW lines - DEBT_REPAYMENT lines
 *     cf.equity         = EQUITY_ISSUE lines - DIVIDEND lines
 *     cf.before_revolver = cf.operating + cf.investing + cf.debt + cf.equity
 *     bs.revolver       = R[t-1] + draw, draw = min(max(floor - (bs.cash[t-1] +
 *                          cf.before_revolver), -R[t-1]), limit - R[t-1])
 *                          (0 without a CASH_FLOOR line)
 *     cf.revolver       = bs.revolver[t] - bs.revolver[t-1]
 *     cf.financing      = cf.debt + cf.revolver + cf.equity
 *     cf.net_change     = cf.operating + cf.investing + cf.financing
 *     bs.cash           = bs.cash[t-1] + cf.net_change
 *     bs.fixed_assets   = bs.fixed_assets[t-1] + capex - is.depreciation
 *     bs.debt           = bs.debt[t-1] + cf.debt
 *     bs.equity         = bs.equity[t-1] + is.net_income + cf.equity
 *     bs.total_assets   = cash + receivables + inventory + other assets +
 *                         fixed assets
 *     bs.total_liabilities_equity = payables + other liabilities + debt +
 *                         revolver + equity
 *     bs.check          = bs.total_assets - bs.total_liabilities_equity
 *     cf.check          = cf.net_change - (bs.cash[t] - bs.cash[t-1])
 *
 * The opening balance sheet is the lines' opening values: set those of
 * bs.cash, bs.fixed_assets, bs.debt and bs.revolver with
 * fpa_model_set_opening() (the working-capital balances take their linked
 * lines' openings). bs.equity's opening is assets minus liabilities unless
 * set; when set, it must balance.
 */
typedef enum fpa_model_role {
    FPA_ROLE_REVENUE = 0,         /**< Revenue (several). */
    FPA_ROLE_COGS = 1,            /**< Cost of goods sold (several). */
    FPA_ROLE_OPEX = 2,            /**< Operating expense of a cost centre
                                       (several). */
    FPA_ROLE_DEPRECIATION = 3,    /**< Depreciation and amortisation
                                       (several). */
    FPA_ROLE_TAX_RATE = 4,        /**< Income tax rate on positive earnings
                                       before tax. */
    FPA_ROLE_DEBT_RATE = 5,       /**< Annual interest rate of the term
                                       debt. */
    FPA_ROLE_REVOLVER_RATE = 6,   /**< Annual interest rate of the revolver. */
    FPA_ROLE_CASH_RATE = 7,       /**< Annual interest rate earned on cash. */
    FPA_ROLE_RECEIVABLES = 8,     /**< Receivables balance. */
    FPA_ROLE_INVENTORY = 9,       /**< Inventory balance. */
    FPA_ROLE_PAYABLES = 10,       /**< Payables balance. */
    FPA_ROLE_OTHER_ASSETS = 11,   /**< Other operating assets (prepaid
                                       expenses; several). */
    FPA_ROLE_OTHER_LIABILITIES = 12, /**< Other operating liabilities
                                       (accruals, deferred revenue;
                                       several). */
    FPA_ROLE_CAPEX = 13,          /**< Capital expenditure, positive
                                       (several). */
    FPA_ROLE_DEBT_DRAW = 14,      /**< Term debt drawn (several). */
    FPA_ROLE_DEBT_REPAYMENT = 15, /**< Term debt repaid (several). */
    FPA_ROLE_EQUITY_ISSUE = 16,   /**< Equity raised (several). */
    FPA_ROLE_DIVIDEND = 17,       /**< Dividends paid (several). */
    FPA_ROLE_CASH_FLOOR = 18,     /**< The cash the revolver keeps. */
    FPA_ROLE_REVOLVER_LIMIT = 19  /**< The revolver's limit (none: no
                                       limit), >= 0. */
} fpa_model_role;

/** A planning model (see model.h). */
typedef struct fpa_model fpa_model;

/** @name Building a model
 * @{ */

/**
 * Create an empty model over a calendar.
 *
 * Period i of a month calendar runs from the first day of the i-th month
 * after `start`'s month to the day before the next; its length in days
 * (for ::FPA_REL_BALANCE and interest) follows ::FPA_OPT_MODEL_DAY_BASIS,
 * as fpa_wc_period_days() counts it. fpa_model_set_days() may replace the
 * lengths.
 *
 * @param[out] out receives the model; NULL on failure. Free it with
 *        fpa_model_free().
 * @param calendar the periods' calendar.
 * @param start day number (fpa_date_from_ymd()) of the first period's first
 *        day: the first of a month for months and quarters.
 * @param periods number of periods, 1 .. 100000.
 * @param opts reads ::FPA_OPT_MODEL_DAY_BASIS, ::FPA_OPT_MODEL_DECIMALS and
 *        the allocator; NULL for the defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL, `calendar` is unknown or `periods` is
 *         out of range.
 * @retval FPA_EDOM `start` is not the first of a month (months, quarters)
 *         or the calendar runs out of the supported dates.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_new(fpa_model **out, fpa_calendar calendar,
                                 int64_t start, size_t periods,
                                 const fpa_opts *opts);

/**
 * Free a model. NULL is accepted and ignored.
 *
 * @param model the model, or NULL.
 * @since 1.1
 */
FPA_API void fpa_model_free(fpa_model *model);

/**
 * Add an input line, or replace the values of one.
 *
 * @param model the model.
 * @param name the line's name (new, or an existing input).
 * @param values one value per period, or 1 value for every period; finite.
 * @param n the number of values: the model's periods, or 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the name is not valid, `n` is
 *         neither 1 nor the periods, the name is a relation, or the model
 *         is built and the name is new.
 * @retval FPA_EDOM a value is not finite; the detail names the line and
 *         the index. The model is unchanged.
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_input(fpa_model *model, const char *name,
                                   const double *values, size_t n);

/**
 * Add an input line holding a forecast: the point forecasts of periods
 * 1 .. periods after the forecast model's data (fpa_forecast_predict()),
 * so a model whose first period follows the actuals plans on the forecast.
 *
 * @param model the model (not built).
 * @param name the line's name (new, or an existing input).
 * @param forecast a fitted forecast model.
 * @param opts passed to fpa_forecast_predict(); NULL for its defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the name is not valid.
 * @retval FPA_EOVERFLOW a forecast is not finite.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_input_forecast(
    fpa_model *model, const char *name, const fpa_forecast_model *forecast,
    const fpa_opts *opts);

/**
 * Add a relation line (see ::fpa_model_rel for each kind's inputs and
 * parameters). The inputs' names are resolved by fpa_model_build(), so
 * they may be defined later.
 *
 * @param model the model (not built).
 * @param name the new line's name.
 * @param rel the relation.
 * @param inputs the input lines' names (may be NULL when `ninputs` is 0).
 * @param ninputs number of inputs.
 * @param params the parameters (may be NULL when `nparams` is 0), finite.
 * @param nparams number of parameters.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, a name is not valid, the name is
 *         taken, `rel` is unknown, the model is built, or the relation
 *         takes another number of inputs or parameters (the detail says
 *         how many).
 * @retval FPA_EDOM a parameter is not finite or outside its range (a lag
 *         that is not a whole number >= 1, a clamp with lo > hi).
 * @retval FPA_ENOMEM allocation failed; the model is unchanged.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_relation(fpa_model *model, const char *name,
                                      fpa_model_rel rel,
                                      const char *const *inputs,
                                      size_t ninputs, const double *params,
                                      size_t nparams);

/**
 * Set a line's opening value: its value in the period before the first.
 * The line may be a statement line (bs.cash, bs.fixed_assets, bs.debt,
 * bs.revolver, bs.equity), before or after the build.
 *
 * @param model the model.
 * @param name the line.
 * @param value the opening value, finite.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, or no line (nor statement line)
 *         has that name.
 * @retval FPA_EDOM `value` is not finite, or the model is built and the
 *         opening balance sheet would no longer balance.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_set_opening(fpa_model *model, const char *name,
                                         double value);

/**
 * Give a line a lower bound (revenue, days and volumes >= 0). An
 * evaluation whose value of the line falls below it fails with ::FPA_EDOM
 * naming the line and period ("DSO in period 3 is -2; must be >= 0"); a
 * Monte Carlo draw that takes an input line below it is set to the bound
 * and counted (fpa_model_mc_clamped()), and a relation line below it in a
 * path is counted.
 *
 * @param model the model (not built).
 * @param name the line.
 * @param floor the bound, finite.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, no line has that name, or the
 *         model is built.
 * @retval FPA_EDOM `floor` is not finite.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_set_floor(fpa_model *model, const char *name,
                                       double floor);

/**
 * Set whether more of a line is good news, for fpa_model_compare(): a
 * revenue-nature line's rise is favourable, a cost-nature line's
 * unfavourable. Lines are ::FPA_NATURE_REVENUE unless set; the statement
 * lines of costs (is.cogs, is.opex, is.depreciation, is.interest, is.tax)
 * and every line linked as COGS, OPEX or DEPRECIATION are
 * ::FPA_NATURE_COST.
 *
 * @param model the model.
 * @param name the line.
 * @param nature the nature.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, no line has that name, or
 *         `nature` is unknown.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_set_nature(fpa_model *model, const char *name,
                                        fpa_nature nature);

/**
 * Tie a line into the statements (see ::fpa_model_role).
 *
 * @param model the model (not built).
 * @param role the role.
 * @param name the line (resolved by fpa_model_build()).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the role is unknown, the model is
 *         built, or a one-line role already has a line.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_link(fpa_model *model, fpa_model_role role,
                                  const char *name);

/**
 * Replace the periods' lengths in days (for ::FPA_REL_BALANCE and
 * interest), e.g. with a basis of one's own.
 *
 * @param model the model.
 * @param days one value per period, each >= 1e-9.
 * @param n number of values: the model's periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` differs from the periods.
 * @retval FPA_EDOM a value is not finite or below 1e-9; nothing changes.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_set_days(fpa_model *model, const double *days,
                                      size_t n);

/**
 * Check the model and fix its evaluation order (see model.h). Adds the
 * statement lines when any line is linked.
 *
 * @param model the model.
 * @retval FPA_OK success; the structure can no longer change.
 * @retval FPA_EINVAL `model` is NULL, it is already built, it has no
 *         line, or it has links but no revenue line.
 * @retval FPA_EDATA a relation names a line that does not exist (the
 *         detail names both), a line depends on itself within a period
 *         (the detail names the loop), a lead sits on a loop through
 *         earlier periods, or the opening balance sheet does not balance.
 * @retval FPA_EDOM a parameter's period lies outside the calendar (a lag
 *         of as many periods as the model has, a step from a period past
 *         the end).
 * @retval FPA_ENOMEM allocation failed; the model is left unbuilt.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_build(fpa_model *model);

/**
 * A working-capital plan as a model (built): inputs "revenue", "COGS",
 * "DSO", "DIO", "DPO", "other cash" (lines 0 .. 5, in ::fpa_wc_driver
 * order, the first five with floor 0), and the projection's lines "AR",
 * "inventory", "AP", "NWC", "change in NWC", "collections", "purchases",
 * "payments", "net cash", "cash", plus "lowest cash" (the running minimum
 * of cash) and helper lines; the plan's days, values and openings. Every
 * what-if of this header then applies to the plan. The model is a copy:
 * later changes to the plan do not reach it.
 *
 * @param[out] out receives the model; NULL on failure.
 * @param plan the plan, with its days set.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the plan's days are not set.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_from_wc_plan(fpa_model **out,
                                          const fpa_wc_plan *plan,
                                          const fpa_opts *opts);
/** @} */

/** @name Lines and periods
 * @{ */

/**
 * Number of lines (with the statement lines once built).
 *
 * @param model the model.
 * @return the count, or 0 when `model` is NULL.
 * @since 1.1
 */
FPA_API size_t fpa_model_lines(const fpa_model *model);

/**
 * Number of periods.
 *
 * @param model the model.
 * @return the count, or 0 when `model` is NULL.
 * @since 1.1
 */
FPA_API size_t fpa_model_periods(const fpa_model *model);

/**
 * Name of a line.
 *
 * @param model the model.
 * @param line the line's index, 0 .. fpa_model_lines() - 1 (lines are
 *        numbered in the order added, the statement lines after them).
 * @return the name, owned by the model and valid while it lives; NULL when
 *         `model` is NULL or `line` is out of range.
 * @since 1.1
 */
FPA_API const char *fpa_model_line_name(const fpa_model *model, size_t line);

/**
 * Index of a line by name.
 *
 * @param[out] out receives the index.
 * @param model the model.
 * @param name the name.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, or no line has that name.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_line_find(size_t *out, const fpa_model *model,
                                       const char *name);

/**
 * Whether a line is an input (1) or a relation (0).
 *
 * @param model the model.
 * @param line the line's index.
 * @return 1 for an input, 0 for a relation or an index out of range.
 * @since 1.1
 */
FPA_API int fpa_model_line_is_input(const fpa_model *model, size_t line);

/**
 * The first day of every period (for labels), and the day after the last.
 *
 * @param[out] out receives periods + 1 day numbers.
 * @param cap capacity of `out`.
 * @param model the model.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_ESIZE `cap` is below periods + 1.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_period_bounds(int64_t *out, size_t cap,
                                           const fpa_model *model);
/** @} */

/** @name Scenarios and plan versions
 * @{ */

/**
 * Changes to a model's inputs: a scenario, or a plan version (budget,
 * forecast, actuals) given as whole series. An empty scenario (or NULL
 * wherever one is accepted) is the model's own inputs.
 */
typedef struct fpa_model_scenario fpa_model_scenario;

/**
 * Create an empty scenario of a built model.
 *
 * @param[out] out receives the scenario; NULL on failure.
 * @param model the model, built; it must outlive the scenario.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the model is not built.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_scenario_new(fpa_model_scenario **out,
                                          const fpa_model *model,
                                          const fpa_opts *opts);

/**
 * Free a scenario. NULL is accepted and ignored.
 *
 * @param scn the scenario, or NULL.
 * @since 1.1
 */
FPA_API void fpa_model_scenario_free(fpa_model_scenario *scn);

/**
 * Add a change: input `line` becomes `op(value)` in period `from` and
 * every later one, after the changes added before.
 *
 * @param scn the scenario.
 * @param line an input line's name.
 * @param op set, add or multiply.
 * @param value the value, finite.
 * @param from first period changed (past the end: none).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input of the
 *         model, or `op` is unknown.
 * @retval FPA_EDOM `value` is not finite.
 * @retval FPA_ENOMEM allocation failed; the scenario is unchanged.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_scenario_add(fpa_model_scenario *scn,
                                          const char *line,
                                          fpa_scenario_op op, double value,
                                          size_t from);

/**
 * Replace an input's whole series (a version's budget, forecast or
 * actuals); later changes apply on top of it.
 *
 * @param scn the scenario.
 * @param line an input line's name.
 * @param values one value per period, finite.
 * @param n the number of values: the model's periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input, or `n`
 *         differs from the periods.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_ENOMEM allocation failed; the scenario is unchanged.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_scenario_set_series(fpa_model_scenario *scn,
                                                 const char *line,
                                                 const double *values,
                                                 size_t n);

/**
 * Evaluate the model: every line in every period, line-major (line i of
 * period t at `out[i * periods + t]`), with the statements' checks.
 * Allocates nothing.
 *
 * @param[out] out receives lines x periods values; on failure it may hold
 *        some of them.
 * @param cap capacity of `out`.
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the model is not built, or the
 *         scenario belongs to another model.
 * @retval FPA_ESIZE `cap` is too small; the detail gives the size.
 * @retval FPA_EDOM a line falls below its floor; the detail names the line
 *         and period.
 * @retval FPA_EOVERFLOW a value is not finite (a ratio over zero); the
 *         detail names the line and period.
 * @retval FPA_EDATA a balance or cash check fails; the detail names the
 *         check and period.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_evaluate(double *out, size_t cap,
                                      const fpa_model *model,
                                      const fpa_model_scenario *scn);

/**
 * Compare two versions line by line: every line of every period under
 * version `b` against version `a` (`b - a`, e.g. a = budget, b = forecast
 * or actuals), through fpa_variance_compute() with each line's nature
 * (fpa_model_set_nature()), so the flags say favourable or unfavourable.
 * Each output is lines x periods, line-major, as fpa_model_evaluate().
 *
 * @param[out] out_variance receives b - a, or NULL.
 * @param[out] out_pct receives (b - a) / |a|, or NULL.
 * @param[out] out_flags receives the ::fpa_variance_flag bits, or NULL.
 * @param model the model, built.
 * @param a the reference version (NULL: the model's inputs).
 * @param b the version compared with it (NULL: the model's inputs).
 * @param opts passed to fpa_variance_compute() (materiality options) and
 *        the allocator; NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, every output is NULL, or the
 *         model is not built.
 * @retval FPA_ENOMEM allocation failed.
 * @retval FPA_EDOM, FPA_EOVERFLOW, FPA_EDATA as fpa_model_evaluate(), for
 *         either version.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_compare(double *out_variance, double *out_pct,
                                     uint32_t *out_flags,
                                     const fpa_model *model,
                                     const fpa_model_scenario *a,
                                     const fpa_model_scenario *b,
                                     const fpa_opts *opts);
/** @} */

/** @name Unit economics read off the model
 * @{ */

/** What fpa_model_unit() reads off the lines, and from which lines. */
typedef enum fpa_model_unit_metric {
    /** Contribution margin per unit (fpa_unit_contribution()); lines
     *  {price, variable cost}. */
    FPA_UNIT_CONTRIBUTION = 0,
    /** Contribution margin ratio; lines {price, variable cost}. */
    FPA_UNIT_CONTRIBUTION_RATIO = 1,
    /** Break-even units (fpa_unit_break_even()); lines {fixed costs, price,
     *  variable cost}. */
    FPA_UNIT_BREAK_EVEN_UNITS = 2,
    /** Break-even revenue; lines {fixed costs, price, variable cost}. */
    FPA_UNIT_BREAK_EVEN_REVENUE = 3,
    /** CAC payback in months (fpa_unit_cac_payback()); lines {CAC, ARPU,
     *  gross margin (a fraction), monthly churn}. */
    FPA_UNIT_CAC_PAYBACK = 4
} fpa_model_unit_metric;

/**
 * A unit-economics figure per period, computed by the unit module's
 * functions from the model's lines under a scenario, so that unit
 * economics and the statements read the same numbers.
 *
 * @param[out] out receives one value per period; NaN where the figure is
 *        undefined (a price of zero, a margin that never pays back).
 * @param cap capacity of `out`, at least the periods.
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @param metric the figure.
 * @param lines the lines the figure reads, in the order of
 *        ::fpa_model_unit_metric.
 * @param nlines their number.
 * @retval FPA_OK success: every period defined.
 * @retval FPA_PARTIAL some periods are undefined (NaN); the detail names
 *         the first and why.
 * @retval FPA_EINVAL a pointer is NULL, `metric` is unknown, a line index
 *         is out of range, or `nlines` is wrong for the metric.
 * @retval FPA_ESIZE `cap` is too small.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_unit(double *out, size_t cap,
                                  const fpa_model *model,
                                  const fpa_model_scenario *scn,
                                  fpa_model_unit_metric metric,
                                  const size_t *lines, size_t nlines);
/** @} */

/** @name Sensitivity and goal seek
 * @{ */

/**
 * What-if levers: each a change `op(line, v)` from a period on, with the
 * values it is tried at. Tornado bars take {low, high}; a table's first
 * lever gives the rows and its second (if any) the columns; goal seek
 * takes {lo, hi}.
 */
typedef struct fpa_model_levers fpa_model_levers;

/**
 * Create an empty list of levers for a built model.
 *
 * @param[out] out receives the list; NULL on failure.
 * @param model the model, built; it must outlive the list.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the model is not built.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_levers_new(fpa_model_levers **out,
                                        const fpa_model *model,
                                        const fpa_opts *opts);

/**
 * Free a list of levers. NULL is accepted and ignored.
 *
 * @param levers the list, or NULL.
 * @since 1.1
 */
FPA_API void fpa_model_levers_free(fpa_model_levers *levers);

/**
 * Add a lever (applied after the scenario's changes).
 *
 * @param levers the list.
 * @param line an input line's name.
 * @param op set, add or multiply.
 * @param from first period changed.
 * @param values the values tried, finite.
 * @param n their number, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input, `op` is
 *         unknown or `n` is 0.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_ENOMEM allocation failed; the list is unchanged.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_levers_add(fpa_model_levers *levers,
                                        const char *line, fpa_scenario_op op,
                                        size_t from, const double *values,
                                        size_t n);

/**
 * One output: a line's value in the last period under a scenario.
 *
 * @param[out] out receives the value.
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @param output the output line's index.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the model is not built or `output`
 *         is out of range.
 * @retval FPA_ENOMEM allocation failed.
 * @retval FPA_EDOM, FPA_EOVERFLOW, FPA_EDATA as fpa_model_evaluate().
 * @since 1.1
 */
FPA_API fpa_status fpa_model_output(double *out, const fpa_model *model,
                                    const fpa_model_scenario *scn,
                                    size_t output, const fpa_opts *opts);

/**
 * Tornado: the output with each lever applied alone (on top of the
 * scenario) at its low and at its high value.
 *
 * @param[out] out_low receives one output per lever, at its first value.
 * @param[out] out_high receives one output per lever, at its second value.
 * @param[out] out_base receives the scenario's own output (may be NULL).
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @param bars the levers, each with exactly two values.
 * @param output the output line's index.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the list is empty, a lever does
 *         not have two values, `output` is out of range, or an object
 *         belongs to another model.
 * @retval FPA_ENOMEM allocation failed.
 * @retval FPA_EDOM, FPA_EOVERFLOW, FPA_EDATA as fpa_model_evaluate(); the
 *         detail names the bar. The outputs are then untouched.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_tornado(double *out_low, double *out_high,
                                     double *out_base, const fpa_model *model,
                                     const fpa_model_scenario *scn,
                                     const fpa_model_levers *bars,
                                     size_t output, const fpa_opts *opts);

/**
 * Sensitivity table, one- or two-way: the output for every value of the
 * first lever (rows) and, with a second lever, every value of it
 * (columns), cell (i, j) at `out[i * ncols + j]` (ncols = 1 for a one-way
 * table). The cells are evaluated in lanes, rows spread over
 * ::FPA_OPT_THREADS; the numbers do not depend on either.
 *
 * @param[out] out receives nrows x ncols outputs; on failure it may hold
 *        some cells.
 * @param cap capacity of `out`.
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @param axes one or two levers.
 * @param output the output line's index.
 * @param opts reads ::FPA_OPT_THREADS, the allocator and the progress
 *        callback (one unit per block of cells); NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `axes` holds no lever or more than
 *         two, `output` is out of range, or an object belongs to another
 *         model.
 * @retval FPA_ESIZE `cap` is too small.
 * @retval FPA_ENOMEM allocation failed.
 * @retval FPA_ECANCELED the progress callback cancelled the call.
 * @retval FPA_EDOM, FPA_EOVERFLOW, FPA_EDATA as fpa_model_evaluate(); the
 *         detail names the cell.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_table(double *out, size_t cap,
                                   const fpa_model *model,
                                   const fpa_model_scenario *scn,
                                   const fpa_model_levers *axes,
                                   size_t output, const fpa_opts *opts);

/**
 * Goal seek on a lever's value v in [lo, hi] (the lever's two values).
 *
 * - ::FPA_GOAL_EQUAL: the v at which the output (its last period) equals
 *   the target: a scan of 64 points from lo for a sign change, then GSL's
 *   Brent solver to 1e-10 + 1e-12 |v|.
 * - The constraint forms: the lowest (or highest) v at which the output
 *   line is at least (or at most) the target *in every period*: the
 *   starting end itself when it already holds there, else the first
 *   passing point of a 64-point scan from that end, and bisection of the
 *   boundary to 1e-10 + 1e-12 |v| keeping the passing side, so the
 *   constraint holds at the answer. A passing stretch narrower than a
 *   scan step between failing points can be missed.
 *
 * The scan points are evaluated in lanes.
 *
 * @param[out] out receives v.
 * @param model the model, built.
 * @param scn the scenario, or NULL.
 * @param lever a list of one lever with two values lo < hi.
 * @param output the output line's index.
 * @param mode the question.
 * @param target the target, finite.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the list does not hold one lever
 *         of two values, `output` or `mode` is out of range, or an object
 *         belongs to another model.
 * @retval FPA_EDOM the values are not lo < hi, `target` is not finite, or
 *         as fpa_model_evaluate() at a point of the range.
 * @retval FPA_ENOCONV no value in [lo, hi] reaches or meets the target;
 *         the detail gives the output at both ends.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_goal_seek(double *out, const fpa_model *model,
                                       const fpa_model_scenario *scn,
                                       const fpa_model_levers *lever,
                                       size_t output, fpa_goal_mode mode,
                                       double target, const fpa_opts *opts);
/** @} */

/** @name Monte Carlo
 * @{ */

/**
 * Stochastic changes to a model's inputs, optionally correlated, and the
 * output lines to keep. Variables are numbered 0, 1 ... in the order
 * added. The distributions, draws and copula are those of
 * fpa_scenario_mc_add() and fpa_scenario_mc_correlate().
 */
typedef struct fpa_model_mc fpa_model_mc;

/** The outcome of fpa_model_mc_run(). */
typedef struct fpa_model_mc_result fpa_model_mc_result;

/**
 * Create a simulation of a built model, without variables or outputs.
 *
 * @param[out] out receives it; NULL on failure.
 * @param model the model, built; it must outlive the simulation.
 * @param opts the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the model is not built.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_new(fpa_model_mc **out, const fpa_model *model,
                                    const fpa_opts *opts);

/**
 * Free a simulation. NULL is accepted and ignored.
 *
 * @param mc the simulation, or NULL.
 * @since 1.1
 */
FPA_API void fpa_model_mc_free(fpa_model_mc *mc);

/**
 * Number of variables added.
 *
 * @param mc the simulation.
 * @return the count, or 0 when `mc` is NULL.
 * @since 1.1
 */
FPA_API size_t fpa_model_mc_count(const fpa_model_mc *mc);

/**
 * Add a stochastic change of an input line with the same distribution in
 * every period from `from` on (see fpa_scenario_mc_add()).
 *
 * @param mc the simulation.
 * @param line an input line's name.
 * @param op how the draw applies.
 * @param dist the distribution.
 * @param params its parameters (::fpa_scenario_dist).
 * @param nparams their number.
 * @param from first period changed.
 * @param when each period or once per path.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input, an enum
 *         is unknown, or `nparams` is wrong.
 * @retval FPA_EDOM a parameter is not finite or inconsistent.
 * @retval FPA_ENOMEM allocation failed; nothing changes.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_add(fpa_model_mc *mc, const char *line,
                                    fpa_scenario_op op, fpa_scenario_dist dist,
                                    const double *params, size_t nparams,
                                    size_t from, fpa_scenario_draw when);

/**
 * Add a stochastic change whose parameters vary by period, for periods
 * `from` .. `from + count - 1`, parameter-major (see
 * fpa_scenario_mc_add_series()).
 *
 * @param mc the simulation.
 * @param line an input line's name.
 * @param op how the draw applies.
 * @param dist the distribution.
 * @param params nparams x count parameters.
 * @param count number of periods, at least 1, within the calendar.
 * @param from first period changed.
 * @param when each period or once per path.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input, an enum
 *         is unknown, `count` is 0 or the periods pass the end.
 * @retval FPA_EDOM a parameter is not finite or inconsistent.
 * @retval FPA_ENOMEM allocation failed; nothing changes.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_add_series(fpa_model_mc *mc, const char *line,
                                           fpa_scenario_op op,
                                           fpa_scenario_dist dist,
                                           const double *params, size_t count,
                                           size_t from, fpa_scenario_draw when);

/**
 * Draw an input line from a forecast's prediction intervals, period by
 * period from `from` to the end: a normal with the forecast's point as the
 * mean and the standard deviation of its 80 % interval (fpa_forecast_predict()
 * with level 80; sd = (upper - lower) / (2 * 1.2816)), as
 * fpa_scenario_mc_add_interval() does with given intervals. The forecast's
 * first period is model period `from`.
 *
 * @param mc the simulation.
 * @param line an input line's name.
 * @param forecast a fitted forecast model.
 * @param from the model period of the forecast's first period.
 * @param when each period or once per path.
 * @param opts passed to fpa_forecast_predict(); NULL for its defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, the line is not an input, `from`
 *         is past the end, or `when` is unknown.
 * @retval FPA_EOVERFLOW a forecast is not finite.
 * @retval FPA_ENOMEM allocation failed; nothing changes.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_add_forecast(fpa_model_mc *mc,
                                             const char *line,
                                             const fpa_forecast_model *forecast,
                                             size_t from,
                                             fpa_scenario_draw when,
                                             const fpa_opts *opts);

/**
 * Correlate the variables through a Gaussian copula, as
 * fpa_scenario_mc_correlate().
 *
 * @param mc the simulation.
 * @param corr k x k correlation matrix, row-major.
 * @param k the number of variables.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `k` is not the number of
 *         variables.
 * @retval FPA_EDOM not a positive-definite correlation matrix, or it
 *         correlates a once-per-path variable with a per-period one.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_correlate(fpa_model_mc *mc, const double *corr,
                                          size_t k);

/**
 * Keep a line of every path: in every period (8 bytes per path and period,
 * for percentiles of any period), or in the last period only; and count,
 * per period, the paths where it is below `threshold` (NaN: no count).
 *
 * @param mc the simulation.
 * @param line the line's index.
 * @param every_period 1 to keep every period, 0 the last only.
 * @param threshold the value counted below, or NaN.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `line` is out of range or already
 *         an output.
 * @retval FPA_EDOM `threshold` is infinite.
 * @retval FPA_ENOMEM allocation failed.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_output(fpa_model_mc *mc, size_t line,
                                       int every_period, double threshold);

/**
 * Simulate `paths` paths: the scenario's inputs, then the stochastic
 * changes in the order added, clamped at input floors. Paths run in blocks
 * of 1024, block b with its own taus2 generator seeded from ::FPA_OPT_SEED
 * and b, drawing per variable for the whole block; the numbers are
 * identical for every ::FPA_OPT_THREADS and with or without a progress
 * callback (one unit per block, then one per sorted column). Every path
 * runs the statements' checks.
 *
 * @param[out] out receives the result; NULL on failure. Free it with
 *        fpa_model_mc_result_free().
 * @param mc the simulation, with at least one output.
 * @param scn the scenario, or NULL.
 * @param paths number of paths, 1 .. 2^31 - 1.
 * @param opts reads ::FPA_OPT_THREADS, ::FPA_OPT_SEED, the allocator and
 *        the progress callback; NULL for defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `paths` is 0 or too large, no
 *         output was asked for, or the scenario belongs to another model.
 * @retval FPA_EDOM the scenario takes an input below its floor.
 * @retval FPA_EOVERFLOW an output of a path is not finite; the detail
 *         names the line, period and path.
 * @retval FPA_EDATA a path fails a balance or cash check.
 * @retval FPA_ENOMEM allocation failed; nothing is leaked.
 * @retval FPA_ECANCELED the progress callback cancelled the run.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_run(fpa_model_mc_result **out,
                                    const fpa_model_mc *mc,
                                    const fpa_model_scenario *scn,
                                    size_t paths, const fpa_opts *opts);

/**
 * Free a result. NULL is accepted and ignored.
 *
 * @param res the result, or NULL.
 * @since 1.1
 */
FPA_API void fpa_model_mc_result_free(fpa_model_mc_result *res);

/**
 * Number of paths of a result.
 *
 * @param res the result.
 * @return the count, or 0 when `res` is NULL.
 * @since 1.1
 */
FPA_API size_t fpa_model_mc_paths(const fpa_model_mc_result *res);

/**
 * Draws set to an input's floor, plus relation values found below their
 * floors, over all paths and periods.
 *
 * @param res the result.
 * @return the count, or 0 when `res` is NULL.
 * @since 1.1
 */
FPA_API uint64_t fpa_model_mc_clamped(const fpa_model_mc_result *res);

/**
 * Every path's value of an output line in a period, in increasing order.
 *
 * @param[out] out receives one value per path.
 * @param cap capacity of `out`.
 * @param res the result.
 * @param line the output line's index.
 * @param period the period (the last, when the line was kept for the last
 *        period only).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `line` is not an output, or the
 *         period was not kept.
 * @retval FPA_ESIZE `cap` is below the number of paths.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_sorted(double *out, size_t cap,
                                       const fpa_model_mc_result *res,
                                       size_t line, size_t period);

/**
 * A percentile of an output line in a period over the paths, interpolated
 * as R's `quantile(type = 7)`; or its mean when `p` is NaN.
 *
 * @param[out] out receives the value.
 * @param res the result.
 * @param line the output line's index.
 * @param period the period.
 * @param p the probability in [0, 1], or NaN for the mean.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `line` is not an output, or the
 *         period was not kept.
 * @retval FPA_EDOM `p` is outside [0, 1].
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_quantile(double *out,
                                         const fpa_model_mc_result *res,
                                         size_t line, size_t period, double p);

/**
 * The share of paths where an output line is below its threshold
 * (fpa_model_mc_output()), in each period.
 *
 * @param[out] out receives one share per period.
 * @param cap capacity of `out`.
 * @param res the result.
 * @param line the output line's index.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `line` is not an output, or it has
 *         no threshold.
 * @retval FPA_ESIZE `cap` is below the periods.
 * @since 1.1
 */
FPA_API fpa_status fpa_model_mc_below(double *out, size_t cap,
                                      const fpa_model_mc_result *res,
                                      size_t line);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_MODEL_H */
