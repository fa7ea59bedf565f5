/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file unit.h
 * @brief Unit economics: contribution margin, break-even, product
 *        profitability with shared-cost allocation, and customer economics
 *        (ARPU, churn, retention, LTV, CAC, payback, cohort tables).
 *
 * Conventions:
 * - Amounts are in one currency unit, as doubles, except where money must
 *   add up exactly (allocation, product profitability): there they are
 *   `int64_t` minor units (cents), with overflow detected.
 * - Rates, margins and churn are fractions per period (0.04 for 4 % a
 *   month). Customer-economics periods are months in the documentation, but
 *   any period works if every input uses the same one.
 * - Input flows such as churned revenue, contraction and spend are given
 *   as positive amounts.
 * - A result that is mathematically infinite (LTV with zero churn,
 *   break-even with a non-positive contribution margin, a CAC that is never
 *   paid back) is ::FPA_EUNBOUNDED with a detail saying why: never an
 *   infinity, never a sentinel.
 * - Matrix outputs whose elements can be undefined (cohort retention of an
 *   empty cohort) follow the validity-mask rule of fpa/kpi.h: with a mask,
 *   undefined elements are 0 and flagged 0; without one, the call fails
 *   with ::FPA_EDOM naming the first.
 *
 * Gross margin per product or period is computed by fpa_kpi_margins()
 * (fpa/kpi.h), which also takes a single value (rows = cols = 1).
 */
#ifndef FPA_UNIT_H
#define FPA_UNIT_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How the tail of a retention curve beyond its last observed age is
 *  extrapolated by fpa_unit_ltv_curve() and fpa_unit_ltv_cohorts(). */
typedef enum fpa_tail {
    /** No tail: only the observed ages count (a conservative LTV). */
    FPA_TAIL_NONE = 0,
    /** Geometric decay at the average age-to-age retention of the last L
     *  observed steps (L = ::FPA_OPT_UNIT_TAIL_WINDOW, at most n - 1):
     *  \f$ q = (S_{n-1} / S_{n-1-L})^{1/L} \f$ and
     *  \f$ S_{n-1+j} = S_{n-1}\, q^j \f$. A zero curve value ends the tail
     *  (q = 0). A q at or above 1 + discount rate makes an infinite-horizon
     *  LTV unbounded. */
    FPA_TAIL_GEOMETRIC = 1
} fpa_tail;

/** Option keys of the unit module (block 600-699). */
enum fpa_unit_opt {
    /** Tail rule of curve-based LTV, an ::fpa_tail. Name "unit.tail";
     *  range 0..1, default 1 (::FPA_TAIL_GEOMETRIC). */
    FPA_OPT_UNIT_TAIL = 600,
    /** Number of last observed age-to-age steps averaged by
     *  ::FPA_TAIL_GEOMETRIC. Name "unit.tail_window"; range 1..1200,
     *  default 3. */
    FPA_OPT_UNIT_TAIL_WINDOW = 601
};

/** How the sales mix of fpa_unit_break_even_mix() is expressed. */
typedef enum fpa_mix_basis {
    /** Mix weights are proportions of units sold (a "basket" of units):
     *  break-even uses the weighted-average contribution margin per unit. */
    FPA_MIX_UNITS = 0,
    /** Mix weights are proportions of revenue: break-even uses the
     *  weighted-average contribution margin ratio. */
    FPA_MIX_REVENUE = 1
} fpa_mix_basis;

/** @name Product unit economics
 * Cost-volume-profit analysis as in Garrison, Noreen & Brewer, Managerial
 * Accounting, 17th ed., ch. 5 ("Cost-Volume-Profit Relationships"), and
 * OpenStax, Principles of Accounting Vol. 2, ch. 3.
 * @{ */

/**
 * Contribution margin per unit, price - variable cost, and the contribution
 * margin ratio, (price - variable cost) / price. A negative margin (price
 * below variable cost) is returned as is.
 *
 * Partial result (since 1.1): at a price of 0 the margin is defined and
 * the ratio is not: the ratio is NaN, the margin written, and the call
 * returns ::FPA_PARTIAL when the ratio was asked for (1.0 failed with
 * ::FPA_EDOM).
 *
 * @param[out] out_per_unit receives the margin per unit (may be NULL).
 * @param[out] out_ratio receives the ratio (may be NULL).
 * @param price selling price per unit, >= 0.
 * @param variable_cost variable cost per unit.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL `price` is 0 and `out_ratio` was given: NaN there.
 * @retval FPA_EINVAL both outputs are NULL.
 * @retval FPA_EDOM an input is not finite, or `price` < 0.
 * @retval FPA_EOVERFLOW a result is not representable.
 */
FPA_API fpa_status fpa_unit_contribution(double *out_per_unit,
                                         double *out_ratio, double price,
                                         double variable_cost);

/**
 * Break-even (or target-profit) volume of one product:
 * units = (fixed costs + target profit) / (price - variable cost), and the
 * revenue at that volume, units * price.
 *
 * @param[out] out_units receives the units (may be NULL).
 * @param[out] out_revenue receives the revenue (may be NULL).
 * @param fixed_costs fixed costs of the period, >= 0.
 * @param target_profit profit to reach, >= 0 (0 for the break-even point).
 * @param price selling price per unit, > 0.
 * @param variable_cost variable cost per unit.
 * @retval FPA_OK success (0 units when fixed costs and target are 0).
 * @retval FPA_EINVAL both outputs are NULL.
 * @retval FPA_EDOM an input is not finite, or a range above is violated.
 * @retval FPA_EUNBOUNDED the contribution margin is <= 0 while fixed costs
 *         plus target are positive: no volume breaks even.
 * @retval FPA_EOVERFLOW a result is not representable.
 */
FPA_API fpa_status fpa_unit_break_even(double *out_units, double *out_revenue,
                                       double fixed_costs,
                                       double target_profit, double price,
                                       double variable_cost);

/**
 * Multi-product break-even with a constant sales mix.
 *
 * With ::FPA_MIX_UNITS the mix w_i (any positive scale) is a basket of
 * units; the basket's contribution is \f$ \sum_i w_i (p_i - v_i) \f$ and
 * the break-even number of baskets B = (F + T) / that, so product i sells
 * B w_i units. With ::FPA_MIX_REVENUE the mix is a share of revenue; the
 * weighted contribution-margin ratio is
 * \f$ \bar c = \sum_i w_i (p_i - v_i)/p_i \,/\, \sum_i w_i \f$, the total
 * break-even revenue (F + T) / \f$\bar c\f$, product i earns its share of
 * it and sells that revenue / p_i units.
 *
 * @param[out] out_units receives `n` break-even units, one per product
 *        (may be NULL).
 * @param[out] out_revenue receives `n` break-even revenues (may be NULL).
 * @param price `n` selling prices, each > 0.
 * @param variable_cost `n` variable costs per unit.
 * @param mix `n` mix weights, each >= 0, with a positive sum.
 * @param n number of products, at least 1.
 * @param basis how the mix is expressed.
 * @param fixed_costs shared fixed costs, >= 0.
 * @param target_profit profit to reach, >= 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a needed pointer is NULL, both outputs are NULL,
 *         `n` is 0, or `basis` is not an ::fpa_mix_basis.
 * @retval FPA_EDOM a value is not finite or violates a range above.
 * @retval FPA_EUNBOUNDED the mix's weighted contribution margin is <= 0
 *         while fixed costs plus target are positive.
 * @retval FPA_EOVERFLOW a result is not representable.
 */
FPA_API fpa_status fpa_unit_break_even_mix(double *out_units,
                                           double *out_revenue,
                                           const double *price,
                                           const double *variable_cost,
                                           const double *mix, size_t n,
                                           fpa_mix_basis basis,
                                           double fixed_costs,
                                           double target_profit);

/**
 * Margin of safety: actual - break-even, and its ratio to actual. Works in
 * units or in revenue alike (give both in the same one). Negative when
 * below break-even.
 *
 * Partial result (since 1.1): with no sales (`actual` 0) the amount is
 * defined and the ratio is not: NaN there, and ::FPA_PARTIAL when the
 * ratio was asked for (1.0 failed with ::FPA_EDOM).
 *
 * @param[out] out_amount receives actual - break_even (may be NULL).
 * @param[out] out_ratio receives (actual - break_even) / actual (may be
 *        NULL).
 * @param actual actual or budgeted sales, >= 0.
 * @param break_even break-even sales, >= 0.
 * @retval FPA_OK success.
 * @retval FPA_PARTIAL `actual` is 0 and `out_ratio` was given: NaN there.
 * @retval FPA_EINVAL both outputs are NULL.
 * @retval FPA_EDOM an input is not finite, `actual` < 0 or
 *         `break_even` < 0.
 * @retval FPA_EOVERFLOW a result is not representable.
 */
FPA_API fpa_status fpa_unit_margin_of_safety(double *out_amount,
                                             double *out_ratio, double actual,
                                             double break_even);

/**
 * Degree of operating leverage: total contribution margin / operating
 * income, the factor by which a percentage change in sales changes
 * operating income. Above break-even it equals 1 / margin-of-safety ratio.
 * A loss gives a negative DOL, returned as is.
 *
 * @param[out] out_dol receives the DOL.
 * @param contribution_margin total contribution margin of the period.
 * @param operating_income operating income of the period, non-zero.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_dol` is NULL.
 * @retval FPA_EDOM an input is not finite.
 * @retval FPA_EUNBOUNDED `operating_income` is 0 (at break-even the
 *         leverage is infinite).
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_operating_leverage(double *out_dol,
                                               double contribution_margin,
                                               double operating_income);

/**
 * Allocate a pool of money (in cents) in proportion to a driver, so that
 * the parts add up exactly to the pool.
 *
 * Rounding rule (largest remainder, Hamilton's method): product i's quota
 * is pool * driver_i / sum(driver); each gets the floor of its quota in
 * whole cents, and the cents left over go one each to the largest
 * fractional remainders, ties to the lower index. A negative pool is
 * allocated as its magnitude and negated. The parts always sum to `pool`
 * exactly; each differs from its exact quota by less than one cent, and a
 * zero driver gets nothing.
 *
 * Exactness (since 1.1): the quotas, their floors and the order of the
 * remainders are computed exactly, in integer arithmetic on the drivers'
 * binary values (every double is an integer times a power of two), for
 * every pool and driver allowed below. (1.0 computed the quotas in double
 * precision, which near 2^53 cents could give a zero driver a cent.)
 * O(n L + n log n) time and n (L + 2) words of scratch, where L, at most
 * 36, is the number of 64-bit words spanned by the drivers' binary
 * exponents (3 when they are within 2^64 of each other).
 *
 * @param[out] out receives `n` allocations in cents.
 * @param pool amount to allocate, in cents, |pool| <= 2^53.
 * @param driver `n` driver values (revenue, units, machine hours, tickets
 *        …), each >= 0, with a positive, finite sum.
 * @param n number of recipients, at least 1.
 * @param opts supplies the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` is 0.
 * @retval FPA_EDOM a driver is not finite or negative, the drivers sum to
 *         0 or overflow, or |pool| > 2^53.
 * @retval FPA_ENOMEM the scratch memory could not be allocated.
 */
FPA_API fpa_status fpa_unit_allocate(int64_t *out, int64_t pool,
                                     const double *driver, size_t n,
                                     const fpa_opts *opts);

/**
 * Product profitability after direct costs and an allocated share of
 * shared costs, exactly, in cents:
 * - contribution_i = revenue_i - direct_costs_i
 * - allocated_i = share of `shared_pool` by fpa_unit_allocate() with the
 *   driver (or with revenue when `driver` is NULL)
 * - net_i = contribution_i - allocated_i
 *
 * The allocations add up to the pool exactly, so the nets add up exactly
 * to total revenue - total direct costs - pool.
 *
 * @param[out] out_contribution NULL or `n` contributions.
 * @param[out] out_allocated NULL or `n` allocated shared costs.
 * @param[out] out_net NULL or `n` net profits.
 * @param revenue `n` revenues in cents.
 * @param direct_costs `n` direct costs in cents.
 * @param driver `n` allocation drivers (units, activity volumes …), each
 *        >= 0 with a positive sum; NULL to allocate by revenue (every
 *        revenue must then be >= 0).
 * @param n number of products, at least 1.
 * @param shared_pool shared costs to allocate, in cents, |pool| <= 2^53.
 * @param opts supplies the allocator; NULL for malloc().
 * @retval FPA_OK success.
 * @retval FPA_EINVAL every output is NULL, an input pointer is NULL or
 *         `n` is 0.
 * @retval FPA_EDOM a driver (or, allocating by revenue, a revenue) is
 *         negative or not finite, the drivers sum to 0, or |pool| > 2^53.
 * @retval FPA_EOVERFLOW a difference overflows int64.
 * @retval FPA_ENOMEM scratch memory could not be allocated.
 */
FPA_API fpa_status fpa_unit_profitability(int64_t *out_contribution,
                                          int64_t *out_allocated,
                                          int64_t *out_net,
                                          const int64_t *revenue,
                                          const int64_t *direct_costs,
                                          const double *driver, size_t n,
                                          int64_t shared_pool,
                                          const fpa_opts *opts);
/** @} */

/** @name Customer unit economics
 * SaaS conventions as in David Skok, "SaaS Metrics 2.0"
 * (forentrepreneurs.com).
 * @{ */

/**
 * Average revenue per user (ARPU) or per account (ARPA: pass account
 * counts) over a period: revenue / average of the customer counts at the
 * start and the end of the period. Pass the same count twice for a point
 * count.
 *
 * @param[out] out receives the average revenue per customer.
 * @param revenue revenue of the period.
 * @param customers_start customers at the start, >= 0.
 * @param customers_end customers at the end, >= 0; the average must be > 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, a count is negative, or both
 *         counts are 0.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_arpu(double *out, double revenue,
                                 double customers_start,
                                 double customers_end);

/**
 * Logo (customer) churn of a period: customers lost / customers at the
 * start. Customers won during the period are not in either number.
 *
 * @param[out] out receives the churn rate, 0..1.
 * @param customers_start customers at the start, > 0.
 * @param customers_lost those of them lost in the period, 0..start.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `customers_start` <= 0, or
 *         `customers_lost` is negative.
 * @retval FPA_EDATA more customers lost than there were.
 */
FPA_API fpa_status fpa_unit_logo_churn(double *out, double customers_start,
                                       double customers_lost);

/**
 * Revenue retention of a period from the recurring-revenue movements of
 * the customers present at its start (new customers excluded). With
 * starting recurring revenue M, churned revenue X, contraction D and
 * expansion E:
 * - gross revenue retention GRR = (M - X - D) / M
 * - net revenue retention NRR = (M - X - D + E) / M
 * - gross revenue churn = (X + D) / M = 1 - GRR
 * - net revenue churn = (X + D - E) / M = 1 - NRR (negative when expansion
 *   outweighs losses)
 * - expansion rate = E / M
 *
 * @param[out] out_grr NULL or receives GRR.
 * @param[out] out_nrr NULL or receives NRR.
 * @param[out] out_gross_churn NULL or receives gross revenue churn.
 * @param[out] out_net_churn NULL or receives net revenue churn.
 * @param[out] out_expansion NULL or receives the expansion rate.
 * @param mrr_start recurring revenue at the start, > 0.
 * @param churned revenue of customers lost, >= 0.
 * @param contraction revenue lost to downgrades, >= 0.
 * @param expansion revenue gained from upgrades, >= 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL every output is NULL.
 * @retval FPA_EDOM an input is not finite or violates a range above.
 * @retval FPA_EDATA churned + contraction exceeds `mrr_start`.
 */
FPA_API fpa_status fpa_unit_revenue_retention(double *out_grr, double *out_nrr,
                                              double *out_gross_churn,
                                              double *out_net_churn,
                                              double *out_expansion,
                                              double mrr_start, double churned,
                                              double contraction,
                                              double expansion);

/**
 * Simple customer lifetime value: margin-adjusted ARPU over churn,
 * \f$ \mathrm{LTV} = \mathit{arpu} \cdot \mathit{gm} / c \f$ (Skok, SaaS
 * Metrics 2.0). It equals fpa_unit_ltv_discounted() with no discounting
 * and an infinite horizon.
 *
 * @param[out] out receives the LTV (negative with a negative margin).
 * @param arpu revenue per customer per period.
 * @param gross_margin gross margin, a fraction (may be zero or negative).
 * @param churn churn per period, 0..1.
 * @retval FPA_OK success (0 when the margin per customer is 0).
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or `churn` is outside [0, 1].
 * @retval FPA_EUNBOUNDED `churn` is 0 and the margin per customer is not:
 *         customers never leave, so the LTV is unbounded.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_ltv_simple(double *out, double arpu,
                                       double gross_margin, double churn);

/**
 * Discounted customer lifetime value. A customer acquired today earns the
 * margin m = arpu * gross_margin at the end of each month it is active; it
 * is active in month 1 and survives each later month with probability
 * 1 - c, so
 * \f[ \mathrm{LTV} = \sum_{t=1}^{H} \frac{m (1-c)^{t-1}}{(1+d)^t}
 *     \;\xrightarrow{H\to\infty}\; \frac{m}{c + d}. \f]
 * The finite sum is computed with fpa_tvm_pv() at the churn-adjusted rate
 * g = (d + c) / (1 - c). (Gupta & Lehmann, "Customers as Assets", J.
 * Interactive Marketing 17(1), 2003, give m r / (1 + d - r) for margins
 * starting one month later.)
 *
 * @param[out] out receives the LTV.
 * @param arpu revenue per customer per month.
 * @param gross_margin gross margin, a fraction.
 * @param churn churn per month, 0..1.
 * @param discount_rate discount rate per month, > -1 (convert an annual
 *        rate a with (1 + a)^(1/12) - 1).
 * @param horizon months counted; 0 for an infinite horizon.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or violates a range above.
 * @retval FPA_EUNBOUNDED infinite horizon with churn + discount rate <= 0
 *         and a non-zero margin.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_ltv_discounted(double *out, double arpu,
                                           double gross_margin, double churn,
                                           double discount_rate,
                                           size_t horizon);

/**
 * Lifetime value from an observed retention curve:
 * \f[ \mathrm{LTV} = m \sum_{k=0}^{H-1} \frac{S_k}{(1+d)^{k+1}} \f]
 * with m = arpu * gross_margin and S_k the share of the cohort active at
 * age k (age 0 = the month of acquisition, usually 1). The observed ages
 * are discounted with fpa_tvm_npv(); ages beyond the curve follow the tail
 * rule ::FPA_OPT_UNIT_TAIL (see ::fpa_tail), summed in closed form with
 * fpa_tvm_pv() or, for an infinite horizon, as a geometric series. With
 * S_k = (1 - c)^k and a geometric tail this is fpa_unit_ltv_discounted().
 *
 * A revenue-retention curve (revenue of the cohort at age k over its
 * revenue at age 0, which may exceed 1 with expansion) works the same way:
 * pass the cohort's age-0 revenue per customer as `arpu`.
 *
 * @param[out] out receives the LTV.
 * @param retention `n` curve values, each >= 0.
 * @param n number of observed ages, at least 1 (at least 2 for a
 *        geometric tail that is used).
 * @param arpu revenue per active customer per month.
 * @param gross_margin gross margin, a fraction.
 * @param discount_rate discount rate per month, > -1.
 * @param horizon months counted (ages 0 .. horizon-1); 0 for an infinite
 *        horizon. A horizon within the curve truncates it; no tail is then
 *        used.
 * @param opts reads ::FPA_OPT_UNIT_TAIL and ::FPA_OPT_UNIT_TAIL_WINDOW;
 *        NULL for the defaults.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `retention` is NULL or `n` is 0.
 * @retval FPA_EDOM an input is not finite or violates a range above.
 * @retval FPA_EDATA a geometric tail is needed but the curve has one age.
 * @retval FPA_EUNBOUNDED infinite horizon with a tail ratio q >= 1 + d
 *         and a non-zero margin.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_ltv_curve(double *out, const double *retention,
                                      size_t n, double arpu,
                                      double gross_margin,
                                      double discount_rate, size_t horizon,
                                      const fpa_opts *opts);

/**
 * Pooled retention curve of a cohort x age retention matrix (a "triangle":
 * later cohorts are observed for fewer ages), by chaining age-to-age
 * survival factors as the chain-ladder method does:
 * \f[ S_0 = \frac{\sum_i w_i R_{i,0}}{\sum_i w_i},\quad
 *     S_{a+1} = S_a \frac{\sum_{i \in O_{a+1}} w_i R_{i,a+1}}
 *                        {\sum_{i \in O_{a+1}} w_i R_{i,a}} \f]
 * where the sums over \f$ O_{a+1} \f$ run over the cohorts observed at age
 * a+1 and w_i are cohort weights (sizes, so w R is a count). Every cohort
 * contributes to every step it was observed for, so young cohorts are not
 * read as zeros. A step whose denominator is 0 (nobody left) ends the
 * curve at 0. Cohorts observed for 0 ages (empty cohorts) or with weight 0
 * are ignored.
 *
 * @param[out] out_curve receives the curve, at most `cols` values.
 * @param[out] out_len receives its length: the longest observation.
 * @param retention `rows * cols` retention shares, row-major (cohort i,
 *        age a at `i * cols + a`); cells past a cohort's observed ages are
 *        ignored (any finite value).
 * @param weights `rows` cohort weights (sizes), each >= 0; NULL for equal
 *        weights.
 * @param observed `rows` numbers of observed ages, each <= `cols`.
 * @param rows number of cohorts, at least 1.
 * @param cols number of ages, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a needed pointer is NULL, `rows` or `cols` is 0,
 *         `rows * cols` overflows, or an observed count exceeds `cols`.
 * @retval FPA_EDOM a value or weight is not finite or negative.
 * @retval FPA_EDATA no cohort with a positive weight is observed at all.
 * @retval FPA_EOVERFLOW a weighted sum is not representable (huge weights
 *         or values); `out_curve` may then hold the ages before it.
 */
FPA_API fpa_status fpa_unit_retention_curve(double *out_curve, size_t *out_len,
                                            const double *retention,
                                            const double *weights,
                                            const size_t *observed,
                                            size_t rows, size_t cols);

/**
 * Cohort-based lifetime value: the pooled curve of
 * fpa_unit_retention_curve(), valued by fpa_unit_ltv_curve() (tail rule
 * included).
 *
 * @param[out] out receives the LTV.
 * @param retention `rows * cols` retention matrix, as for
 *        fpa_unit_retention_curve().
 * @param weights `rows` cohort weights, or NULL.
 * @param observed `rows` observed ages.
 * @param rows number of cohorts, at least 1.
 * @param cols number of ages, at least 1.
 * @param arpu revenue per active customer per month.
 * @param gross_margin gross margin, a fraction.
 * @param discount_rate discount rate per month, > -1.
 * @param horizon months counted; 0 for an infinite horizon.
 * @param opts reads ::FPA_OPT_UNIT_TAIL and ::FPA_OPT_UNIT_TAIL_WINDOW and
 *        supplies the allocator (one scratch curve of `cols` values).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL as fpa_unit_retention_curve(), or `out` is NULL.
 * @retval FPA_EDOM as fpa_unit_retention_curve() and fpa_unit_ltv_curve().
 * @retval FPA_EDATA as fpa_unit_retention_curve() and fpa_unit_ltv_curve().
 * @retval FPA_EUNBOUNDED as fpa_unit_ltv_curve().
 * @retval FPA_EOVERFLOW the result is not representable.
 * @retval FPA_ENOMEM the scratch curve could not be allocated.
 */
FPA_API fpa_status fpa_unit_ltv_cohorts(double *out, const double *retention,
                                        const double *weights,
                                        const size_t *observed, size_t rows,
                                        size_t cols, double arpu,
                                        double gross_margin,
                                        double discount_rate, size_t horizon,
                                        const fpa_opts *opts);

/**
 * Blended customer acquisition cost: all sales and marketing spend of the
 * period / all new customers of the period (organic ones included).
 *
 * @param[out] out receives the CAC.
 * @param spend sales and marketing spend, >= 0.
 * @param new_customers new customers, >= 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or negative, or both are 0 (no
 *         spend and no customers: no CAC).
 * @retval FPA_EUNBOUNDED spend without a single new customer.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_cac_blended(double *out, double spend,
                                        double new_customers);

/**
 * Paid customer acquisition cost: paid acquisition spend / the new
 * customers it brought, i.e. new customers less organic ones.
 *
 * @param[out] out receives the CAC.
 * @param paid_spend paid acquisition spend, >= 0.
 * @param new_customers all new customers, >= 0.
 * @param organic_customers organic (unpaid) new customers,
 *        0..new_customers.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or negative, or spend and paid
 *         customers are both 0.
 * @retval FPA_EDATA more organic customers than new customers.
 * @retval FPA_EUNBOUNDED paid spend without a single paid customer.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_cac_paid(double *out, double paid_spend,
                                     double new_customers,
                                     double organic_customers);

/**
 * LTV to CAC ratio.
 *
 * @param[out] out receives ltv / cac.
 * @param ltv lifetime value (may be negative).
 * @param cac acquisition cost, >= 0.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `cac` < 0, or both are 0.
 * @retval FPA_EUNBOUNDED `cac` is 0 with a non-zero LTV.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_ltv_cac(double *out, double ltv, double cac);

/**
 * CAC payback in months on a gross-margin basis.
 *
 * With m = arpu * gross_margin and monthly churn c, an acquired customer
 * earns m in month 1 and m (1-c)^{t-1} (in expectation) in month t. The
 * payback is the first moment the cumulative margin reaches CAC, with the
 * margin of each month earned evenly across it: the whole months k-1 plus
 * the needed fraction of month k. With c = 0 this is the usual
 * CAC / (ARPU x gross margin) (Skok, SaaS Metrics 2.0). The whole number of
 * months is found with fpa_tvm_nper() at rate -c.
 *
 * Never paying back is a status, not a sentinel: with a margin <= 0, or
 * with churn and CAC >= m / c (the undiscounted LTV), the cumulative margin
 * never reaches the CAC.
 *
 * @param[out] out_months receives the payback in months (0 when `cac` is
 *        0).
 * @param cac acquisition cost per customer, >= 0.
 * @param arpu revenue per customer per month.
 * @param gross_margin gross margin, a fraction.
 * @param churn churn per month, 0..1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_months` is NULL.
 * @retval FPA_EDOM an input is not finite or violates a range above.
 * @retval FPA_EUNBOUNDED the CAC is never paid back.
 * @retval FPA_EOVERFLOW the result is not representable.
 */
FPA_API fpa_status fpa_unit_cac_payback(double *out_months, double cac,
                                        double arpu, double gross_margin,
                                        double churn);

/**
 * CAC payback from an observed margin curve: `margin[k]` is the gross
 * margin earned in month k+1 per customer acquired (a cohort's gross
 * margin over its original size, so churn is already in it). The result
 * is interpolated within the month as in fpa_unit_cac_payback().
 *
 * @param[out] out_months receives the payback in months.
 * @param cac acquisition cost per customer, >= 0.
 * @param margin `n` monthly margins per acquired customer (any sign).
 * @param n number of months, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out_months` or `margin` is NULL, or `n` is 0.
 * @retval FPA_EDOM an input is not finite or `cac` < 0.
 * @retval FPA_EUNBOUNDED the cumulative margin does not reach the CAC
 *         within the n months given (not paid back in the data).
 * @retval FPA_EOVERFLOW the cumulative margin is not representable.
 */
FPA_API fpa_status fpa_unit_cac_payback_curve(double *out_months, double cac,
                                              const double *margin, size_t n);
/** @} */

/** @name Cohort tables
 * A cohort is the group of customers acquired in one period; its age a is
 * the number of periods since. Periods and cohorts are integer period
 * numbers on one scale, e.g. months counted as year * 12 + month - 1.
 * @{ */

/**
 * Cohort tables built from activity rows: an opaque object owning, per
 * cohort, its size and its active-customer and revenue counts by age.
 */
typedef struct fpa_cohorts fpa_cohorts;

/**
 * Build cohort tables from (customer, cohort, period, revenue) rows.
 *
 * - Rows are grouped by sorting a copy (qsort): O(n log n) time, O(n)
 *   scratch, plus the `cohorts x ages` tables. Row order does not matter.
 * - A customer's cohort must be the same on all its rows, and no period
 *   may precede its cohort.
 * - A customer is active at an age when it has at least one row for that
 *   period (revenue 0 counts: e.g. a free month); several rows of one
 *   customer in one period add their revenues and count the customer once.
 * - The tables' rows are the distinct cohorts of the data, in increasing
 *   order (a period with no acquisitions has no row); their columns are
 *   ages 0 .. last period - first cohort. Cohort i is observed for
 *   last period - cohort_i + 1 ages, the last period being the latest in
 *   the data: data are taken as complete up to it, and later cells are
 *   unobserved (0 in the tables).
 * - A cohort's size is its number of distinct customers.
 *
 * @param[out] out receives the new object, to be freed with
 *        fpa_unit_cohorts_free(); set to NULL on failure.
 * @param customer `n` customer identifiers.
 * @param cohort `n` cohort period numbers.
 * @param period `n` activity period numbers.
 * @param revenue `n` revenue amounts (any sign), or NULL for none.
 * @param n number of rows, at least 1.
 * @param opts supplies the allocator, which the object keeps.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or an array is NULL, or `n` is 0.
 * @retval FPA_EDOM a revenue is not finite, or the period span is too
 *         large for the tables (ages above 2^31).
 * @retval FPA_EDATA a customer has two cohorts, or a period precedes its
 *         cohort; the detail names the row.
 * @retval FPA_EOVERFLOW a revenue sum is not representable.
 * @retval FPA_ENOMEM memory could not be allocated; nothing is leaked.
 */
FPA_API fpa_status fpa_unit_cohorts_from_rows(fpa_cohorts **out,
                                              const int64_t *customer,
                                              const int64_t *cohort,
                                              const int64_t *period,
                                              const double *revenue, size_t n,
                                              const fpa_opts *opts);

/**
 * Free cohort tables. NULL is accepted and ignored.
 *
 * @param c the object, or NULL.
 */
FPA_API void fpa_unit_cohorts_free(fpa_cohorts *c);

/**
 * Shape of the tables: cohorts (rows) and ages (columns).
 *
 * @param[out] out_rows receives the number of cohorts (may be NULL).
 * @param[out] out_cols receives the number of ages (may be NULL).
 * @param c the tables.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `c` is NULL.
 */
FPA_API fpa_status fpa_unit_cohorts_shape(size_t *out_rows, size_t *out_cols,
                                          const fpa_cohorts *c);

/**
 * Copy out the cohort period numbers, sizes and observed ages, one per
 * cohort in increasing cohort order. Each output may be NULL.
 *
 * @param[out] out_ids NULL or receives the cohort period numbers.
 * @param[out] out_sizes NULL or receives the cohort sizes (customers).
 * @param[out] out_observed NULL or receives the observed ages.
 * @param cap capacity of each non-NULL output, in elements.
 * @param c the tables.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `c` is NULL.
 * @retval FPA_ESIZE `cap` is below the number of cohorts (named in the
 *         detail).
 */
FPA_API fpa_status fpa_unit_cohorts_info(int64_t *out_ids, double *out_sizes,
                                         size_t *out_observed, size_t cap,
                                         const fpa_cohorts *c);

/**
 * Copy out the active-customer and revenue tables, `rows * cols` each,
 * row-major (cohort i, age a at `i * cols + a`). Unobserved cells are 0.
 * Each output may be NULL.
 *
 * @param[out] out_active NULL or receives active customers by cohort and
 *        age.
 * @param[out] out_revenue NULL or receives revenue by cohort and age.
 * @param cap capacity of each non-NULL output, in elements.
 * @param c the tables.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `c` is NULL.
 * @retval FPA_ESIZE `cap` is below rows * cols (named in the detail).
 */
FPA_API fpa_status fpa_unit_cohorts_tables(double *out_active,
                                           double *out_revenue, size_t cap,
                                           const fpa_cohorts *c);

/**
 * Logo retention matrix: active customers / cohort size, cohort by age.
 *
 * Takes matrices, so it serves both cohort tables built from rows (see
 * fpa_unit_cohorts_tables()) and a host's own cohort matrix. Cells past a
 * cohort's observed ages are 0 and flagged 0. An empty cohort (size 0)
 * has no retention: its observed cells are undefined (mask rule of
 * fpa/kpi.h).
 *
 * @param[out] out receives `rows * cols` retention shares.
 * @param[out] out_valid NULL, or `rows * cols` flags: 1 for an observed,
 *        defined cell.
 * @param sizes `rows` cohort sizes, each >= 0.
 * @param active `rows * cols` active-customer counts, each >= 0.
 * @param observed `rows` observed ages, each <= `cols`.
 * @param rows number of cohorts, at least 1.
 * @param cols number of ages, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer other than `out_valid` is NULL, `rows` or
 *         `cols` is 0, `rows * cols` overflows, or an observed count
 *         exceeds `cols`.
 * @retval FPA_EDOM a value is not finite or negative, or an empty cohort
 *         is observed and `out_valid` is NULL.
 */
FPA_API fpa_status fpa_unit_cohort_retention(double *out,
                                             unsigned char *out_valid,
                                             const double *sizes,
                                             const double *active,
                                             const size_t *observed,
                                             size_t rows, size_t cols);

/**
 * Revenue retention matrix: revenue at each age / the cohort's revenue at
 * age 0 (above 1 when expansion outweighs churn). A cohort whose age-0
 * revenue is 0 has no revenue retention: its observed cells are undefined
 * (mask rule of fpa/kpi.h). Cells past the observed ages are 0 and
 * flagged 0.
 *
 * @param[out] out receives `rows * cols` ratios.
 * @param[out] out_valid NULL, or `rows * cols` flags.
 * @param revenue `rows * cols` revenues (any sign).
 * @param observed `rows` observed ages, each <= `cols`.
 * @param rows number of cohorts, at least 1.
 * @param cols number of ages, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer other than `out_valid` is NULL, `rows` or
 *         `cols` is 0, `rows * cols` overflows, or an observed count
 *         exceeds `cols`.
 * @retval FPA_EDOM a value is not finite, or a cohort with age-0 revenue 0
 *         is observed and `out_valid` is NULL.
 * @retval FPA_EOVERFLOW a ratio is not representable.
 */
FPA_API fpa_status fpa_unit_cohort_revenue_retention(double *out,
                                                     unsigned char *out_valid,
                                                     const double *revenue,
                                                     const size_t *observed,
                                                     size_t rows, size_t cols);
/** @} */

/** @name Customer movements
 * Customers active, acquired and lost by period, and the recurring-revenue
 * movements between two periods, from the same (customer, cohort, period,
 * revenue) rows as fpa_unit_cohorts_from_rows(); with the mean logo churn
 * of a window, the inputs of the KPIs a monthly review shows (ARPU, churn,
 * gross and net revenue retention). Since 1.1.
 * @{ */

/**
 * Customers active, acquired and lost in each period of a window.
 *
 * For periods `first + t`, t = 0 .. `periods` - 1:
 * - active[t]: the distinct customers with at least one row in the period
 *   (revenue 0 counts, as in fpa_unit_cohorts_from_rows());
 * - acquired[t]: the distinct customers whose cohort is the period (the
 *   cohort sizes by period);
 * - lost[t]: the customers active in the period before and not in this
 *   one (logo churn's numerator, fpa_unit_logo_churn()); a customer who
 *   returns later is lost again after each run of active periods.
 *
 * Rows outside the window count only through the periods next to it (a
 * customer active in `first - 1` and not in `first` is lost in `first`).
 * Rows are grouped by sorting a copy: O(n log n) time, O(n) scratch.
 *
 * @param[out] out receives `3 * periods` counts: active, then acquired,
 *        then lost, each `periods` long.
 * @param periods number of periods of the window, at least 1.
 * @param first the window's first period number.
 * @param customer `n` customer identifiers.
 * @param cohort `n` cohort period numbers (the same on all rows of a
 *        customer).
 * @param period `n` activity period numbers, none before its cohort.
 * @param n number of rows (0 gives zero counts).
 * @param opts supplies the allocator (may be NULL).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, or `periods` is 0 or too large.
 * @retval FPA_EDATA a customer has two cohorts or a period precedes its
 *         cohort; the detail names the rows.
 * @retval FPA_ENOMEM the scratch copy could not be allocated.
 */
FPA_API fpa_status fpa_unit_customer_counts(double *out, size_t periods, int64_t first,
                                            const int64_t *customer, const int64_t *cohort,
                                            const int64_t *period, size_t n,
                                            const fpa_opts *opts);

/**
 * Recurring-revenue movements of the customers paying in period `start`,
 * measured at period `end` (Bessemer's and KeyBanc's definitions of gross
 * and net revenue retention; pass the results to
 * fpa_unit_revenue_retention()). With a = a customer's revenue in `start`
 * and b its revenue in `end` (its rows of each period added up), over the
 * customers with a > 0:
 *
 *     mrr_start   = sum a
 *     churned     = sum a            over those with b <= 0
 *     contraction = sum (a - b)      over those with 0 < b < a
 *     expansion   = sum (b - a)      over those with b >= a
 *
 * Customers first paying after `start` are new business and count in none
 * of these. Sums add in row order within a customer and in increasing
 * customer order across customers.
 *
 * @param[out] out receives 4 values: mrr_start, churned, contraction,
 *        expansion (all >= 0).
 * @param customer `n` customer identifiers.
 * @param period `n` period numbers.
 * @param revenue `n` revenues (any sign), finite.
 * @param n number of rows (0 gives zeros).
 * @param start the period measured from.
 * @param end the period measured at, after `start` (12 periods later for
 *        the annual retention of monthly data).
 * @param opts supplies the allocator (may be NULL).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_EDOM `end` is not after `start`, or a revenue is not finite.
 * @retval FPA_EOVERFLOW a sum is not representable.
 * @retval FPA_ENOMEM the scratch copy could not be allocated.
 */
FPA_API fpa_status fpa_unit_revenue_movements(double *out, const int64_t *customer,
                                              const int64_t *period, const double *revenue,
                                              size_t n, int64_t start, int64_t end,
                                              const fpa_opts *opts);

/**
 * Mean periodic logo churn over a window: the mean, over t = 1 .. n - 1
 * with active[t - 1] > 0, of fpa_unit_logo_churn(active[t - 1], lost[t])
 * (the churn of each period on the customers at its start, the arithmetic
 * mean of the periods; periods that start without customers are skipped).
 * With the outputs of fpa_unit_customer_counts(), pass the 13 months
 * ending at the last closed month for the average monthly churn of a year.
 *
 * @param[out] out receives the mean churn, in [0, 1].
 * @param active `n` customers active by period.
 * @param lost `n` customers lost by period (lost[0] is not used).
 * @param n number of periods.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL.
 * @retval FPA_EDOM no period has customers at its start, or a value is
 *         not finite or negative; the detail names the period.
 * @retval FPA_EDATA more customers lost than active at the start; the
 *         detail names the period.
 */
FPA_API fpa_status fpa_unit_logo_churn_mean(double *out, const double *active,
                                            const double *lost, size_t n);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_UNIT_H */
