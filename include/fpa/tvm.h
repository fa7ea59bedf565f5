/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file tvm.h
 * @brief Time value of money, with spreadsheet semantics.
 *
 * Every function here computes what LibreOffice Calc (and, with the
 * exceptions listed in docs/tvm.md, Excel and gnumeric) computes for the
 * function of the same name, so a finance team can check libfpa against the
 * spreadsheet it already trusts. The tests compare each function with values
 * recalculated by LibreOffice Calc and gnumeric (tests/ref/).
 *
 * Conventions, as in the spreadsheet:
 *
 * - **Signs**: money paid out is negative, money received is positive. A loan
 *   of 1000 received today (`pv = 1000`) has negative payments.
 * - **Rates** are per period, as fractions (0.05 for 5 %), and must be
 *   greater than -1 (-100 %). Spreadsheets evaluate some formulas below -1;
 *   libfpa returns ::FPA_EDOM there (docs/tvm.md lists these differences).
 * - **Timing**: payments fall at the end of each period (::FPA_WHEN_END,
 *   spreadsheet type 0) or at its start (::FPA_WHEN_BEGIN, type 1).
 * - **Dates** (XNPV, XIRR) are day numbers (see fpa_date_from_ymd());
 *   time is measured on an actual/365 basis from the first cash flow's date.
 *
 * Results that would be infinite or NaN are never returned with ::FPA_OK:
 * they give ::FPA_EOVERFLOW, or ::FPA_EDOM when an input makes the formula
 * undefined (the spreadsheet's \#NUM! or \#DIV/0!).
 *
 * None of these functions allocates memory; all are thread-safe.
 */
#ifndef FPA_TVM_H
#define FPA_TVM_H

#include "fpa/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** When payments fall within each period (the spreadsheet's `type`). */
typedef enum fpa_when {
    FPA_WHEN_END = 0,   /**< At the end of each period (ordinary annuity). */
    FPA_WHEN_BEGIN = 1  /**< At the start of each period (annuity due). */
} fpa_when;

/** @name Discounted cash flows
 * @{ */

/**
 * Net present value of periodic cash flows, as the spreadsheet's NPV.
 *
 * \f[ \mathrm{NPV} = \sum_{i=0}^{n-1} \frac{v_i}{(1+r)^{i+1}} \f]
 *
 * The first value is discounted one full period, as in LibreOffice and
 * Excel; add an initial investment made today outside the call. (numpy-
 * financial's npv discounts the first value zero periods.)
 *
 * @param[out] out receives the NPV.
 * @param rate discount rate per period, > -1.
 * @param values cash flows, one per period.
 * @param n number of values, at least 1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `values` is NULL, or `n` is 0.
 * @retval FPA_EDOM `rate` <= -1, or a value or the rate is not finite.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_npv(double *out, double rate, const double *values,
                               size_t n);

/**
 * Internal rate of return of periodic cash flows, as the spreadsheet's IRR:
 * the rate r > -1 with \f$ \sum_{i=0}^{n-1} v_i (1+r)^{-i} = 0 \f$.
 *
 * The root is found without a bare Newton loop. libfpa runs Newton's
 * method in log(1+r) from `guess`, as LibreOffice and Excel do, but accepts
 * its result only once the NPV is seen to change sign across an interval
 * around it; the interval is then narrowed with GSL's Brent solver until it
 * is narrower than 1e-12 relative (1e-15 absolute). When Newton fails (a
 * flat NPV, a step out of range, no convergence), intervals widening
 * geometrically on both sides of the guess are searched for a sign change
 * instead, for rates from -99.999999 % to 10^9, and Brent finishes.
 *
 * Which root: when the flows change sign more than once the NPV can have
 * several roots. libfpa returns the root Newton's method converges to from
 * the guess, as the spreadsheets do (usually the root nearest the guess);
 * when Newton fails, the root in the first sign change found from the
 * guess, which is the nearest one unless two roots lie within one search
 * step of each other. docs/tvm.md shows examples.
 *
 * @param[out] out receives the rate per period.
 * @param values cash flows, one per period; at least one negative and one
 *        positive.
 * @param n number of values, at least 2.
 * @param guess starting rate, > -1 (0.1 is the spreadsheet's default).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `values` is NULL, or `n` < 2.
 * @retval FPA_EDOM a value or the guess is not finite, or `guess` <= -1.
 * @retval FPA_ENOCONV the flows do not change sign, or the NPV does not
 *         change sign anywhere in the searched range.
 */
FPA_API fpa_status fpa_tvm_irr(double *out, const double *values, size_t n,
                               double guess);

/**
 * Every internal rate of return of periodic cash flows: all the rates
 * r > -1 at which the NPV changes sign, in increasing order.
 *
 * Flows that change sign several times can have several IRRs (at most one
 * per sign change of the flows, by Descartes' rule). fpa_tvm_irr() returns
 * the one Newton's method reaches from a guess, as the spreadsheet does;
 * this function returns them all, so a caller can apply its own rule (the
 * Python binding applies numpy-financial's by default).
 *
 * The NPV is evaluated on a grid of 4,000 points in log(1+r) between
 * rates of -99.999999 % and 10^9, and each sign change is narrowed with
 * GSL's Brent solver to 1e-12 relative; a grid point where the NPV is
 * exactly zero (r = 0 for flows summing to zero) is a root too. Roots
 * where the NPV touches zero between grid points without changing sign
 * (double roots), and pairs of roots closer together than the grid step
 * (about 1 % of 1+r), are not reported.
 *
 * @param[out] out_roots receives up to `cap` rates, increasing.
 * @param cap capacity of `out_roots`; n - 1 is always enough.
 * @param[out] out_count receives the number of rates found (even when it
 *        exceeds `cap`).
 * @param values cash flows, one per period.
 * @param n number of values, at least 2.
 * @retval FPA_OK success; `*out_count` may be 0 (no IRR).
 * @retval FPA_EINVAL a pointer is NULL (`out_roots` may be NULL when `cap`
 *         is 0) or `n` < 2.
 * @retval FPA_EDOM a value is not finite.
 * @retval FPA_EOVERFLOW the flows' magnitudes overflow.
 * @retval FPA_ESIZE more than `cap` rates were found; the first `cap` are
 *         written and `*out_count` says how many there are.
 */
FPA_API fpa_status fpa_tvm_irr_roots(double *out_roots, size_t cap,
                                     size_t *out_count, const double *values,
                                     size_t n);

/**
 * Modified internal rate of return, as the spreadsheet's MIRR.
 *
 * Negative flows are discounted to period 0 at `finance_rate`, positive
 * flows compounded to period n-1 at `reinvest_rate`:
 * \f[ \mathrm{MIRR} = \left(\frac{-\mathrm{FV}_{+}(\mathit{reinvest})}
 *     {\mathrm{PV}_{-}(\mathit{finance})}\right)^{1/(n-1)} - 1 \f]
 *
 * @param[out] out receives the rate per period.
 * @param values cash flows, one per period.
 * @param n number of values, at least 2.
 * @param finance_rate rate paid on the money invested (negative flows), > -1.
 * @param reinvest_rate rate earned on reinvested positive flows, > -1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `values` is NULL, or `n` < 2.
 * @retval FPA_EDOM a rate <= -1, a non-finite input, or the flows are not
 *         of both signs (the spreadsheet's error).
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_mirr(double *out, const double *values, size_t n,
                                double finance_rate, double reinvest_rate);

/**
 * Net present value of dated cash flows, as the spreadsheet's XNPV.
 *
 * \f[ \mathrm{XNPV} = \sum_i \frac{v_i}{(1+r)^{(d_i - d_0)/365}} \f]
 *
 * Discounting is to the first flow's date, on an actual/365 basis. Dates
 * need not be sorted; as in LibreOffice, a date before the first one is
 * compounded rather than rejected (Excel rejects it).
 *
 * @param[out] out receives the XNPV.
 * @param rate annual discount rate, > -1.
 * @param values cash flows.
 * @param days dates of the flows, as day numbers.
 * @param n number of flows (of `values` and `days`), at least 2 (as in
 *        LibreOffice).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` < 2.
 * @retval FPA_EDOM `rate` <= -1 or an input is not finite.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_xnpv(double *out, double rate, const double *values,
                                const int64_t *days, size_t n);

/**
 * Internal rate of return of dated cash flows, as the spreadsheet's XIRR:
 * the annual rate r > -1 at which fpa_tvm_xnpv() is zero.
 *
 * Solved as fpa_tvm_irr() is (Newton from the guess, verified by a sign
 * change and finished by GSL's Brent solver to 1e-12 relative, with the
 * widening sign-change search as fallback), on the XNPV scaled so that no
 * power overflows for rates near -100 % or very large ones; the discount
 * factors are computed as integer powers of the one-day factor, exactly
 * as (1+r)^(days/365). The same root choice applies.
 *
 * @param[out] out receives the annual rate.
 * @param values cash flows; at least one negative and one positive.
 * @param days dates of the flows, as day numbers, not all equal.
 * @param n number of flows, at least 2.
 * @param guess starting rate, > -1 (0.1 is the spreadsheet's default).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or `n` < 2.
 * @retval FPA_EDOM an input is not finite, `guess` <= -1, or every date is
 *         the same.
 * @retval FPA_ENOCONV the flows do not change sign, or no rate in the
 *         searched range makes the XNPV change sign.
 */
FPA_API fpa_status fpa_tvm_xirr(double *out, const double *values,
                                const int64_t *days, size_t n, double guess);

/**
 * XIRR of many schedules in one call, on FPA_OPT_THREADS threads.
 *
 * Schedule k holds the flows `values[offsets[k]] .. values[offsets[k+1]-1]`
 * with their `days`. Each schedule is solved exactly as fpa_tvm_xirr()
 * would solve it, so results do not depend on the thread count. A schedule
 * that fails does not stop the others: its status is stored and its rate
 * set to NaN.
 *
 * @param[out] out_rates receives one rate per schedule (`count` values).
 * @param[out] out_status receives one status per schedule (`count` values).
 * @param values all flows, schedule after schedule.
 * @param days their dates.
 * @param offsets `count + 1` increasing offsets into `values` and `days`;
 *        `offsets[0]` is usually 0.
 * @param count number of schedules, at least 1.
 * @param guess starting rate for every schedule, > -1.
 * @param opts reads ::FPA_OPT_THREADS; NULL for one thread.
 * @retval FPA_OK every argument was valid; per-schedule outcomes are in
 *         `out_status` (the function's own return is FPA_OK even when some
 *         schedules fail).
 * @retval FPA_EINVAL a pointer is NULL, `count` is 0, or the offsets
 *         decrease.
 * @retval FPA_EDOM `guess` is not finite or <= -1.
 * @retval FPA_ENOMEM the scratch memory of the worker threads could not be
 *         allocated.
 */
FPA_API fpa_status fpa_tvm_xirr_batch(double *out_rates, fpa_status *out_status,
                                      const double *values,
                                      const int64_t *days,
                                      const size_t *offsets, size_t count,
                                      double guess, const fpa_opts *opts);
/** @} */

/** @name Annuities and loans
 * All five annuity functions solve the same equation (the spreadsheet's),
 * for a rate r per period, n periods, payment p, present value pv, future
 * value fv and timing w (0 end, 1 begin):
 * \f[ pv\,(1+r)^n + p\,(1 + r w)\,\frac{(1+r)^n - 1}{r} + fv = 0 \f]
 * and, when r = 0, \f$ pv + p\,n + fv = 0 \f$.
 * @{ */

/**
 * Payment per period of an annuity, as the spreadsheet's PMT.
 *
 * @param[out] out receives the payment (negative when pv and fv are
 *        positive).
 * @param rate rate per period, > -1.
 * @param nper number of periods, non-zero.
 * @param pv present value.
 * @param fv future value left after the last payment (0 for a loan).
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite, `rate` <= -1, `nper` is 0, or the
 *         annuity factor is zero.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_pmt(double *out, double rate, double nper,
                               double pv, double fv, fpa_when when);

/**
 * Present value of an annuity, as the spreadsheet's PV.
 *
 * @param[out] out receives the present value.
 * @param rate rate per period, > -1.
 * @param nper number of periods.
 * @param pmt payment per period.
 * @param fv future value.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite or `rate` <= -1.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_pv(double *out, double rate, double nper,
                              double pmt, double fv, fpa_when when);

/**
 * Future value of an annuity, as the spreadsheet's FV.
 *
 * @param[out] out receives the future value.
 * @param rate rate per period, > -1.
 * @param nper number of periods.
 * @param pmt payment per period.
 * @param pv present value.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite or `rate` <= -1.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_fv(double *out, double rate, double nper,
                              double pmt, double pv, fpa_when when);

/**
 * Number of periods of an annuity, as the spreadsheet's NPER.
 *
 * For r != 0:
 * \f$ n = \ln\frac{p(1+rw) - fv\,r}{pv\,r + p(1+rw)} / \ln(1+r) \f$;
 * for r = 0: \f$ n = -(pv + fv)/p \f$.
 *
 * @param[out] out receives the number of periods (not rounded).
 * @param rate rate per period, > -1.
 * @param pmt payment per period.
 * @param pv present value.
 * @param fv future value.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite, `rate` <= -1, or no number of
 *         periods solves the equation (the payment never repays the loan:
 *         the logarithm's argument is not positive; or `rate` and `pmt` are
 *         both 0).
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_nper(double *out, double rate, double pmt,
                                double pv, double fv, fpa_when when);

/**
 * Rate per period of an annuity, as the spreadsheet's RATE: the r > -1
 * solving the annuity equation for the given nper, pmt, pv and fv.
 *
 * Solved like fpa_tvm_irr() (Newton from `guess`, verified by a sign change
 * and finished by GSL's Brent solver to 1e-12 relative, with the widening
 * sign-change search as fallback), on the equation divided by
 * \f$(1+r)^n\f$ so that nothing overflows. Where several rates solve it,
 * the one Newton reaches from the guess is returned, as in the spreadsheet.
 *
 * @param[out] out receives the rate per period.
 * @param nper number of periods, > 0.
 * @param pmt payment per period.
 * @param pv present value.
 * @param fv future value.
 * @param when payment timing.
 * @param guess starting rate, > -1 (0.1 is the spreadsheet's default).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite, `nper` <= 0 or `guess` <= -1.
 * @retval FPA_ENOCONV no rate in (-100 %, 10^9) solves the equation.
 */
FPA_API fpa_status fpa_tvm_rate(double *out, double nper, double pmt,
                                double pv, double fv, fpa_when when,
                                double guess);

/**
 * Interest part of the payment of period `per`, as the spreadsheet's IPMT.
 *
 * With p = PMT(rate, nper, pv, fv, when): for `per` = 1 it is
 * \f$-pv\,r\f$ (end) or 0 (begin); otherwise
 * \f$ r \cdot \mathrm{FV}(r, per-1, p, pv, \mathrm{end}) \f$ (end) or
 * \f$ r \cdot (\mathrm{FV}(r, per-2, p, pv, \mathrm{begin}) - p) \f$ (begin).
 *
 * @param[out] out receives the interest part.
 * @param rate rate per period, > -1.
 * @param per period, 1 .. nper.
 * @param nper number of periods.
 * @param pv present value.
 * @param fv future value.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite, `rate` <= -1, `per` < 1 or
 *         `per` > `nper`, or PMT is undefined.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_ipmt(double *out, double rate, double per,
                                double nper, double pv, double fv,
                                fpa_when when);

/**
 * Principal part of the payment of period `per`, as the spreadsheet's PPMT:
 * PMT minus IPMT for the same arguments.
 *
 * @param[out] out receives the principal part.
 * @param rate rate per period, > -1.
 * @param per period, 1 .. nper.
 * @param nper number of periods.
 * @param pv present value.
 * @param fv future value.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM as fpa_tvm_ipmt().
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_ppmt(double *out, double rate, double per,
                                double nper, double pv, double fv,
                                fpa_when when);

/**
 * Cumulative interest paid between two periods, inclusive, as the
 * spreadsheet's CUMIPMT: the sum of IPMT(rate, k, nper, pv, 0, when) for
 * k = start .. end. `start` and `end` are truncated to whole periods.
 *
 * @param[out] out receives the sum (negative for a loan with pv > 0).
 * @param rate rate per period, > 0.
 * @param nper number of periods, > 0.
 * @param pv present value, > 0.
 * @param start first period, >= 1.
 * @param end last period, start .. nper.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM an input is not finite or violates the ranges above (the
 *         spreadsheet's \#NUM!).
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_cumipmt(double *out, double rate, double nper,
                                   double pv, double start, double end,
                                   fpa_when when);

/**
 * Cumulative principal repaid between two periods, inclusive, as the
 * spreadsheet's CUMPRINC: the sum of PPMT(rate, k, nper, pv, 0, when) for
 * k = start .. end. `start` and `end` are truncated to whole periods.
 *
 * @param[out] out receives the sum.
 * @param rate rate per period, > 0.
 * @param nper number of periods, > 0.
 * @param pv present value, > 0.
 * @param start first period, >= 1.
 * @param end last period, start .. nper.
 * @param when payment timing.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `when` is not an ::fpa_when.
 * @retval FPA_EDOM as fpa_tvm_cumipmt().
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_cumprinc(double *out, double rate, double nper,
                                    double pv, double start, double end,
                                    fpa_when when);
/** @} */

/** @name Interest rate conversion
 * @{ */

/**
 * Effective annual rate of a nominal rate, as the spreadsheet's EFFECT:
 * \f$ (1 + j/m)^m - 1 \f$ with m = trunc(npery).
 *
 * @param[out] out receives the effective rate.
 * @param nominal nominal annual rate, >= 0 (LibreOffice accepts 0; Excel
 *        does not).
 * @param npery compounding periods per year, >= 1 (truncated).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `nominal` < 0 or `npery` < 1.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_effect(double *out, double nominal, double npery);

/**
 * Nominal annual rate of an effective rate, as the spreadsheet's NOMINAL:
 * \f$ m\,((1+e)^{1/m} - 1) \f$ with m = trunc(npery).
 *
 * @param[out] out receives the nominal rate.
 * @param effect effective annual rate, > 0.
 * @param npery compounding periods per year, >= 1 (truncated).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `effect` <= 0 or `npery` < 1.
 */
FPA_API fpa_status fpa_tvm_nominal(double *out, double effect, double npery);
/** @} */

/** @name Depreciation
 * @{ */

/**
 * Straight-line depreciation per period, as the spreadsheet's SLN:
 * (cost - salvage) / life.
 *
 * @param[out] out receives the depreciation.
 * @param cost initial cost.
 * @param salvage value at the end of the life.
 * @param life number of periods, non-zero.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or `life` is 0.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_sln(double *out, double cost, double salvage,
                               double life);

/**
 * Sum-of-years'-digits depreciation for period `per`, as the spreadsheet's
 * SYD: \f$ (c - s)(L - per + 1) \cdot 2 / (L (L+1)) \f$.
 *
 * @param[out] out receives the depreciation.
 * @param cost initial cost.
 * @param salvage value at the end of the life.
 * @param life number of periods, > 0.
 * @param per period, 1 .. life.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite, `life` <= 0, or `per` outside
 *         1 .. life.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_syd(double *out, double cost, double salvage,
                               double life, double per);

/**
 * Declining-balance depreciation at `factor` times the straight-line rate
 * for period `period`, as the spreadsheet's DDB (factor 2: double declining).
 *
 * With rate k = min(factor / life, 1), book values
 * \f$ B_j = c (1-k)^j \f$: the depreciation is \f$ B_{p-1} - B_p \f$,
 * cut so that the book value never falls below `salvage`, and never below 0.
 * With k = 1 the whole cost (less salvage) goes in period 1.
 *
 * @param[out] out receives the depreciation.
 * @param cost initial cost, >= 0.
 * @param salvage value at the end of the life, 0 .. cost.
 * @param life number of periods, > 0.
 * @param period period, 1 .. life (fractions allowed, as in the
 *        spreadsheet).
 * @param factor declining-balance factor, > 0 (2 for double declining).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or violates the ranges above.
 */
FPA_API fpa_status fpa_tvm_ddb(double *out, double cost, double salvage,
                               double life, double period, double factor);

/**
 * Fixed-declining-balance depreciation, as the spreadsheet's DB.
 *
 * The rate is \f$ 1 - (s/c)^{1/L} \f$ rounded to three decimals. Period 1
 * takes `cost * rate * month / 12`; each following period takes `rate`
 * times the remaining book value; when the first year was partial
 * (`month` < 12), period L+1 takes the rest of the last year:
 * remaining value * rate * (12 - month) / 12.
 *
 * @param[out] out receives the depreciation.
 * @param cost initial cost, > 0.
 * @param salvage value at the end of the life, 0 .. cost.
 * @param life number of years, > 0 and <= 1200.
 * @param period period, 1 .. life + 1 (truncated to a whole period).
 * @param month months in the first year, 1 .. 12 (12 in the spreadsheet by
 *        default).
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM an input is not finite or violates the ranges above.
 */
FPA_API fpa_status fpa_tvm_db(double *out, double cost, double salvage,
                              double life, double period, double month);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_TVM_H */
