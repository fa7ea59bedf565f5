/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wc.h
 * @brief Working capital: DSO/DIO/DPO and the cash conversion cycle,
 *        liquidity ratios, the driver-based balance and cash projection,
 *        and the 13-week cash forecast.
 *
 * **Days.** Every "days" figure (DSO, DIO, DPO) is a balance expressed in
 * days of its flow over the period: `balance / flow * days`, where `days`
 * is the length of the period in the chosen day-count basis
 * (::fpa_wc_basis, computed by fpa_wc_period_days()). The textbook ratio
 * "average collection period = receivables / (sales / 365)" (Brealey, Myers
 * & Allen, *Principles of Corporate Finance*, 12th ed., ch. 28.4) is the
 * annual case: one period of a year, basis ::FPA_WC_365.
 *
 * **Balances** are the balances at the end of each period; a caller who
 * prefers average balances passes the averages.
 *
 * **The projection** (fpa_wc_project()) turns drivers into balances and
 * cash, period by period (t = 0 .. n-1, d_t the period's days):
 *
 *     AR_t        = DSO_t * Revenue_t / d_t
 *     Inv_t       = DIO_t * COGS_t    / d_t
 *     Purchases_t = COGS_t + Inv_t - Inv_{t-1}
 *     AP_t        = DPO_t * B_t / d_t,   B_t = COGS_t (default) or
 *                                          Purchases_t (FPA_OPT_WC_AP_BASIS)
 *     NWC_t       = AR_t + Inv_t - AP_t
 *     Collections_t       = AR_{t-1} + Revenue_t - AR_t
 *     SupplierPayments_t  = AP_{t-1} + Purchases_t - AP_t
 *     NetCashFlow_t       = Collections_t - SupplierPayments_t + Other_t
 *                         = Revenue_t - COGS_t - (NWC_t - NWC_{t-1}) + Other_t
 *     Cash_t              = Cash_{t-1} + NetCashFlow_t
 *
 * with the opening balances AR_{-1}, Inv_{-1}, AP_{-1}, Cash_{-1} given.
 * `Other_t` is every other cash flow of the period, signed (operating
 * expenses, tax and capital expenditure negative; financing received
 * positive). This is the cash budget of short-term financial planning
 * (Ross, Westerfield & Jaffe, *Corporate Finance*, 10th ed., sections 26.4
 * and 26.5), with the balances tied to day counts. docs/wc.md works three
 * periods by hand.
 */
#ifndef FPA_WC_H
#define FPA_WC_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Option keys of the working-capital module (block 800-899). */
enum fpa_wc_opt {
    /** The flow that accounts payable are measured against in the
     *  projection: 0 = cost of goods sold, 1 = purchases (COGS plus the
     *  increase in inventory). Range 0..1, default 0. */
    FPA_OPT_WC_AP_BASIS = 800
};

/** Day-count basis: how many days a period counts in DSO, DIO and DPO. */
typedef enum fpa_wc_basis {
    /** Actual days from the period's first day to the next period's first
     *  day (28 to 31 for a calendar month, 365 or 366 for a year). */
    FPA_WC_ACTUAL = 0,
    /** 30/360, US (NASD) method, as the spreadsheet's DAYS360(start; end;
     *  FALSE()): 30 days per month, 360 per year. */
    FPA_WC_30_360 = 1,
    /** 365-day year: each month counts 365/12 days, measured as the 30/360
     *  count scaled by 365/360 (a calendar month 30.4167 days, a quarter
     *  91.25, a year 365). */
    FPA_WC_365 = 2
} fpa_wc_basis;

/** @name Metrics
 * @{ */

/**
 * Length of each period in days on a day-count basis.
 *
 * Period i runs from day number `bounds[i]` (inclusive) to `bounds[i+1]`
 * (exclusive), so `n_periods + 1` increasing day numbers describe
 * `n_periods` consecutive periods (see fpa_date_from_ymd()).
 *
 * @param[out] out_days receives `n_periods` lengths, all > 0.
 * @param bounds `n_periods + 1` strictly increasing day numbers.
 * @param n_periods number of periods, at least 1.
 * @param basis the day-count basis.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n_periods` is 0, or `basis` is not
 *         an ::fpa_wc_basis.
 * @retval FPA_EDOM the bounds do not increase, lie outside the dates
 *         fpa_date_to_ymd() accepts, or a 30/360 period counts no days
 *         (e.g. from the 30th to the 31st).
 */
FPA_API fpa_status fpa_wc_period_days(double *out_days, const int64_t *bounds,
                                      size_t n_periods, fpa_wc_basis basis);

/**
 * Days sales outstanding, days inventory outstanding, days payables
 * outstanding and the cash conversion cycle, per period.
 *
 *     DSO_t = AR_t / Revenue_t * days_t
 *     DIO_t = Inventory_t / COGS_t * days_t
 *     DPO_t = AP_t / Purchases_t * days_t
 *     CCC_t = DSO_t + DIO_t - DPO_t
 *
 * (Ross, Westerfield & Jaffe, *Corporate Finance*, 10th ed., section 26.2,
 * "operating cycle and cash cycle"). Pass COGS as `purchases` to measure
 * payables against cost of goods sold, the more common convention.
 *
 * Each output may be NULL; an input is needed only by the outputs that
 * use it (`ar` and `revenue` by DSO and CCC, and so on) and may be NULL
 * otherwise.
 *
 * @param[out] out_dso receives n values, or NULL.
 * @param[out] out_dio receives n values, or NULL.
 * @param[out] out_dpo receives n values, or NULL.
 * @param[out] out_ccc receives n values, or NULL.
 * @param ar receivables at period end, >= 0.
 * @param revenue revenue (credit sales) of each period, > 0.
 * @param inventory inventory at period end, >= 0.
 * @param cogs cost of goods sold of each period, > 0.
 * @param ap payables at period end, >= 0.
 * @param purchases the flow payables are measured against, > 0.
 * @param days length of each period (fpa_wc_period_days()), > 0.
 * @param n number of periods, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL every output is NULL, an input an output needs is
 *         NULL, `days` is NULL or `n` is 0.
 * @retval FPA_EDOM an input is not finite, a balance is negative, or a
 *         flow or a day count is not positive; the detail names the array
 *         and the index.
 * @retval FPA_EOVERFLOW a result is not finite.
 */
FPA_API fpa_status fpa_wc_cycle(double *out_dso, double *out_dio,
                                double *out_dpo, double *out_ccc,
                                const double *ar, const double *revenue,
                                const double *inventory, const double *cogs,
                                const double *ap, const double *purchases,
                                const double *days, size_t n);

/**
 * Net working capital, current ratio and quick ratio, per period.
 *
 *     NWC_t     = CurrentAssets_t - CurrentLiabilities_t
 *     current_t = CurrentAssets_t / CurrentLiabilities_t
 *     quick_t   = (CurrentAssets_t - Inventory_t) / CurrentLiabilities_t
 *
 * (Brealey, Myers & Allen, 12th ed., ch. 28.4, liquidity ratios.) Include
 * prepaid expenses and other illiquid current assets in `inventory` to
 * exclude them from the quick ratio.
 *
 * @param[out] out_nwc receives n values, or NULL.
 * @param[out] out_current receives n values, or NULL.
 * @param[out] out_quick receives n values, or NULL (then `inventory` may be
 *        NULL).
 * @param current_assets current assets at period end, >= 0.
 * @param current_liabilities current liabilities at period end, >= 0;
 *        > 0 when a ratio is requested.
 * @param inventory inventory (and other non-quick current assets), >= 0 and
 *        at most the current assets.
 * @param n number of periods, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL every output is NULL, a needed input is NULL, or `n`
 *         is 0.
 * @retval FPA_EDOM an input is not finite or negative, liabilities are zero
 *         where a ratio is requested, or inventory exceeds current assets.
 * @retval FPA_EOVERFLOW a result is not finite.
 */
FPA_API fpa_status fpa_wc_liquidity(double *out_nwc, double *out_current,
                                    double *out_quick,
                                    const double *current_assets,
                                    const double *current_liabilities,
                                    const double *inventory, size_t n);
/** @} */

/** @name Driver-based projection
 * @{ */

/** A driver of the projection: one value per period. */
typedef enum fpa_wc_driver {
    FPA_WC_REVENUE = 0,   /**< Revenue (credit sales), >= 0. */
    FPA_WC_COGS = 1,      /**< Cost of goods sold, >= 0. */
    FPA_WC_DSO = 2,       /**< Days sales outstanding, >= 0. */
    FPA_WC_DIO = 3,       /**< Days inventory outstanding, >= 0. */
    FPA_WC_DPO = 4,       /**< Days payables outstanding, >= 0. */
    FPA_WC_OTHER_CASH = 5 /**< Every other cash flow, signed. */
} fpa_wc_driver;

/** A line of the projection's output (see the formulas in wc.h). */
typedef enum fpa_wc_line {
    FPA_WC_LINE_AR = 0,          /**< Receivables at period end. */
    FPA_WC_LINE_INVENTORY = 1,   /**< Inventory at period end. */
    FPA_WC_LINE_AP = 2,          /**< Payables at period end. */
    FPA_WC_LINE_NWC = 3,         /**< AR + inventory - AP. */
    FPA_WC_LINE_DELTA_NWC = 4,   /**< NWC_t - NWC_{t-1}: cash absorbed. */
    FPA_WC_LINE_COLLECTIONS = 5, /**< Cash received from customers. */
    FPA_WC_LINE_PURCHASES = 6,   /**< COGS + increase in inventory. */
    FPA_WC_LINE_PAYMENTS = 7,    /**< Cash paid to suppliers. */
    FPA_WC_LINE_NET_CASH = 8,    /**< Net cash flow of the period. */
    FPA_WC_LINE_CASH = 9         /**< Cash at period end. */
} fpa_wc_line;

/**
 * A base case for the projection: the days of each period, one series per
 * ::fpa_wc_driver, and the opening balances.
 *
 * Every driver starts at zero for every period and every opening balance
 * at zero; the days must be set before projecting. A plan is read, never
 * modified, by projections, scenarios and simulations, so one plan may be
 * shared by many threads once it is set up.
 */
typedef struct fpa_wc_plan fpa_wc_plan;

/**
 * Create a plan of `n_periods` periods.
 *
 * @param[out] out receives the plan; NULL on failure. Free it with
 *        fpa_wc_plan_free().
 * @param n_periods number of periods, 1 .. 100000.
 * @param opts reads ::FPA_OPT_WC_AP_BASIS, and the allocator; NULL for the
 *        defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `n_periods` is out of range.
 * @retval FPA_ENOMEM allocation failed.
 */
FPA_API fpa_status fpa_wc_plan_new(fpa_wc_plan **out, size_t n_periods,
                                   const fpa_opts *opts);

/**
 * Free a plan. NULL is accepted and ignored.
 *
 * @param plan the plan, or NULL.
 */
FPA_API void fpa_wc_plan_free(fpa_wc_plan *plan);

/**
 * Number of periods of a plan.
 *
 * @param plan the plan.
 * @return the number of periods, or 0 when `plan` is NULL.
 */
FPA_API size_t fpa_wc_plan_periods(const fpa_wc_plan *plan);

/**
 * Set the length of each period in days (see fpa_wc_period_days()).
 *
 * @param plan the plan.
 * @param days one value per period, each >= 1e-9.
 * @param n number of values: the plan's number of periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` differs from the plan's
 *         periods.
 * @retval FPA_EDOM a value is not finite or below 1e-9; the plan is left
 *         unchanged.
 */
FPA_API fpa_status fpa_wc_plan_set_days(fpa_wc_plan *plan, const double *days,
                                        size_t n);

/**
 * Set one driver for every period.
 *
 * @param plan the plan.
 * @param driver which driver.
 * @param values one value per period: finite, and >= 0 for every driver but
 *        ::FPA_WC_OTHER_CASH.
 * @param n number of values: the plan's number of periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `driver` is unknown or `n` differs
 *         from the plan's periods.
 * @retval FPA_EDOM a value is not finite or is negative where it must not
 *         be; the plan is left unchanged.
 */
FPA_API fpa_status fpa_wc_plan_set(fpa_wc_plan *plan, fpa_wc_driver driver,
                                   const double *values, size_t n);

/**
 * Read one driver's series back.
 *
 * @param[out] out receives one value per period.
 * @param cap capacity of `out`, at least the plan's number of periods.
 * @param plan the plan.
 * @param driver which driver.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `driver` is unknown.
 * @retval FPA_ESIZE `cap` is smaller than the number of periods.
 */
FPA_API fpa_status fpa_wc_plan_get(double *out, size_t cap,
                                   const fpa_wc_plan *plan,
                                   fpa_wc_driver driver);

/**
 * Set the balances at the start of the first period.
 *
 * @param plan the plan.
 * @param ar opening receivables, >= 0.
 * @param inventory opening inventory, >= 0.
 * @param ap opening payables, >= 0.
 * @param cash opening cash, any finite value.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `plan` is NULL.
 * @retval FPA_EDOM a value is not finite or a balance is negative; the plan
 *         is left unchanged.
 */
FPA_API fpa_status fpa_wc_plan_set_opening(fpa_wc_plan *plan, double ar,
                                           double inventory, double ap,
                                           double cash);

/**
 * Project balances and cash from the plan's drivers.
 *
 * Writes the requested lines, one after the other: line `lines[k]` of
 * period t goes to `out[k * n + t]`, n being the plan's number of periods
 * (a row-major `nlines` x n matrix). The formulas are in wc.h. The call
 * allocates nothing. On failure, `out` may hold the periods before the one
 * that failed.
 *
 * @param[out] out receives `nlines * n` values.
 * @param cap capacity of `out`, at least `nlines * n`.
 * @param plan the plan, with its days set.
 * @param lines the lines wanted, in the order wanted (repeats allowed).
 * @param nlines number of lines, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `nlines` is 0, a line is unknown,
 *         or the plan's days were never set.
 * @retval FPA_ESIZE `cap` is too small; the detail gives the size needed.
 * @retval FPA_EDOM purchases are negative in a period while payables are
 *         measured against purchases (inventory falls by more than COGS).
 * @retval FPA_EOVERFLOW a value is not finite.
 */
FPA_API fpa_status fpa_wc_project(double *out, size_t cap,
                                  const fpa_wc_plan *plan,
                                  const fpa_wc_line *lines, size_t nlines);
/** @} */

/** @name 13-week cash forecast
 * @{ */

/**
 * The treasury's weekly cash forecast (usually 13 weeks): receipts from
 * open receivables by age and from new sales along a collection curve,
 * disbursements of payables on their due dates and of recurring payments,
 * and the closing cash of each week.
 *
 * Week w (0-based) covers the day numbers `start + 7w` to `start + 7w + 6`.
 *
 * **Collection curve.** `curve[k]` is the share of an invoice's amount
 * collected in the k-th week after the week it was issued in (k = 0 is the
 * week of issue); the shares are >= 0 and sum to at most 1 (the rest is
 * never collected). `ar_by_age[j]` is the open balance of the invoices
 * issued j weeks before week 0, of which a share
 * `S_j = curve[0] + ... + curve[j-1]` has already been collected, so in
 * week w it yields
 *
 *     ar_by_age[j] * curve[j + w] / (1 - S_j)
 *
 * (0 past the end of the curve; balances older than the curve, or with
 * S_j = 1, are treated as doubtful and collect nothing). New credit sales
 * of week w collect `new_sales[w] * curve[k]` in week w + k.
 *
 * **Payables** are paid on their due date; those already overdue at
 * `start` are paid in week 0, those due after the last week are not in the
 * forecast.
 *
 * **Recurring payments** (payroll, rent) of amount `rec_amounts[i]` fall
 * first on day `rec_first[i]` and then every `rec_every[i]` days when
 * positive, or every `-rec_every[i]` months when negative (on the same day
 * of the month, or the month's last day when it is shorter).
 *
 *     closing_w = closing_{w-1} + receipts_w - ap_w - recurring_w,
 *     closing_{-1} = opening_cash
 *
 * @param[out] out_receipts receives `weeks` receipts, or NULL.
 * @param[out] out_ap receives `weeks` payables disbursements, or NULL.
 * @param[out] out_recurring receives `weeks` recurring disbursements, or
 *        NULL.
 * @param[out] out_closing receives `weeks` closing balances, or NULL.
 * @param weeks number of weeks, 1 .. 520 (13 for the usual forecast).
 * @param start day number of the first day of week 0.
 * @param opening_cash cash at the start of week 0.
 * @param ar_by_age open receivables by age in weeks, >= 0 (may be NULL
 *        when `n_ages` is 0).
 * @param n_ages number of age buckets.
 * @param curve the collection curve, shares >= 0 summing to at most 1
 *        (plus 1e-12 for rounding).
 * @param n_curve length of the curve, at least 1.
 * @param new_sales `weeks` new credit sales, >= 0, or NULL for none.
 * @param ap_amounts payables amounts, >= 0 (may be NULL when `n_ap` is 0).
 * @param ap_due their due dates as day numbers.
 * @param n_ap number of payables.
 * @param rec_amounts recurring payment amounts, >= 0 (NULL when `n_rec`
 *        is 0).
 * @param rec_first day number of each recurring payment's first date.
 * @param rec_every its interval: days when > 0, months when < 0; not 0.
 * @param n_rec number of recurring payments.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer that is needed is NULL, `weeks` is out of
 *         range, `n_curve` is 0, or a `rec_every` is 0.
 * @retval FPA_EDOM an amount is negative or not finite, the curve has a
 *         negative share or sums to more than 1, or a date is outside the
 *         supported range.
 * @retval FPA_EOVERFLOW a closing balance is not finite; the outputs may
 *         then hold the weeks before it.
 */
FPA_API fpa_status fpa_wc_weekly_cash(
    double *out_receipts, double *out_ap, double *out_recurring,
    double *out_closing, size_t weeks, int64_t start, double opening_cash,
    const double *ar_by_age, size_t n_ages, const double *curve,
    size_t n_curve, const double *new_sales, const double *ap_amounts,
    const int64_t *ap_due, size_t n_ap, const double *rec_amounts,
    const int64_t *rec_first, const int32_t *rec_every, size_t n_rec);
/** @} */

/** @name History of closed periods
 * What the balances say about each closed period, for a review: its days,
 * its working capital and the cash flows beside revenue and cost of sales.
 * @{ */

/** Rows of the `balances` input of fpa_wc_history(). */
typedef enum fpa_wc_balance {
    FPA_WC_BAL_AR = 0,        /**< Receivables at period end, >= 0. */
    FPA_WC_BAL_INVENTORY = 1, /**< Inventory at period end, >= 0. */
    FPA_WC_BAL_AP = 2,        /**< Payables at period end, >= 0. */
    FPA_WC_BAL_CASH = 3       /**< Cash at period end, any sign. */
} fpa_wc_balance;

/** Rows of the output of fpa_wc_history(). */
typedef enum fpa_wc_history_row {
    FPA_WC_HIST_DSO = 0,         /**< AR / revenue x days. */
    FPA_WC_HIST_DIO = 1,         /**< Inventory / COGS x days. */
    FPA_WC_HIST_DPO = 2,         /**< AP / COGS x days. */
    FPA_WC_HIST_CCC = 3,         /**< DSO + DIO - DPO. */
    FPA_WC_HIST_NWC = 4,         /**< AR + inventory - AP. */
    FPA_WC_HIST_OTHER_CASH = 5,  /**< Every other cash flow (below). */
    FPA_WC_HIST_COLLECTIONS = 6, /**< AR_{t-1} + revenue - AR_t. */
    FPA_WC_HIST_CASH_OUT = 7,    /**< Collections - (cash_t - cash_{t-1}). */
    FPA_WC_HIST_NET_BURN = 8     /**< cash_{t-1} - cash_t: the fall in cash. */
} fpa_wc_history_row;

/** Number of rows of fpa_wc_history()'s output. */
#define FPA_WC_HIST_ROWS 9

/**
 * The working-capital figures of closed periods from their flows and
 * period-end balances, each period on its own (t = 0 .. n-1, d_t its
 * days):
 *
 *     DSO_t = AR_t / Revenue_t * d_t       (when Revenue_t > 0)
 *     DIO_t = Inv_t / COGS_t * d_t,  DPO_t = AP_t / COGS_t * d_t,
 *     CCC_t = DSO_t + DIO_t - DPO_t        (when Revenue_t and COGS_t > 0;
 *                                           a period without inventory and
 *                                           payables has DIO = DPO = 0 and
 *                                           CCC = DSO whatever its COGS)
 *     NWC_t = AR_t + Inv_t - AP_t
 *     Other_t = Cash_t - Cash_{t-1} - Revenue_t + COGS_t + NWC_t - NWC_{t-1}
 *     Collections_t = AR_{t-1} + Revenue_t - AR_t
 *     CashOut_t = Collections_t - (Cash_t - Cash_{t-1})
 *     NetBurn_t = Cash_{t-1} - Cash_t
 *
 * `Other_t` is the cash flow of the period beyond sales, cost of sales and
 * working capital (operating expenses, capital expenditure, tax,
 * financing): the projection's identity of fpa_wc_project() read
 * backwards (NetCash = Revenue - COGS - dNWC + Other). The days are those
 * of fpa_wc_cycle() (payables against COGS). Collections, the cash paid
 * out and net burn are the inputs of fpa_kpi_burn() from a balance sheet.
 *
 * The rows that need the period before (other cash, collections, cash
 * out, net burn) are NaN for period 0, by construction.
 *
 * @param[out] out `FPA_WC_HIST_ROWS * n` values, row r (an
 *        ::fpa_wc_history_row) at `[r * n]`.
 * @param cap capacity of `out`.
 * @param revenue `n` revenues of the periods, finite.
 * @param cogs `n` costs of goods sold, finite.
 * @param balances `4 * n` period-end balances, row k (an ::fpa_wc_balance)
 *        at `[k * n]`, finite.
 * @param days `n` lengths of the periods (fpa_wc_period_days()), > 0.
 * @param n number of periods, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL a period's days are undefined (no revenue, or no
 *         COGS with inventory or payables, or a negative balance); they
 *         are NaN, every other figure is written.
 * @retval FPA_EINVAL a pointer is NULL or `n` is 0.
 * @retval FPA_ESIZE `cap` < `FPA_WC_HIST_ROWS * n`.
 * @retval FPA_EDOM an input is not finite, or a day count is not positive
 *         (the detail names the array and the period).
 * @retval FPA_EOVERFLOW a figure is not finite.
 * @since 1.1
 */
FPA_API fpa_status fpa_wc_history(double *out, size_t cap, const double *revenue,
                                  const double *cogs, const double *balances,
                                  const double *days, size_t n);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_WC_H */
