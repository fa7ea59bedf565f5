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

/**
 * Day-count basis of dated cash flows: how the time between two dates
 * becomes a fraction of a year in XNPV and XIRR (fpa_tvm_xnpv_dc(),
 * fpa_tvm_xirr_dc(), ::FPA_OPT_TVM_DAY_COUNT). Names as pyxirr's DayCount
 * and QuantLib's day counters; definitions from the 2006 ISDA Definitions,
 * section 4.16, and QuantLib. fpa_tvm_year_fraction() gives one fraction.
 */
typedef enum fpa_day_count {
    /** Actual/365 Fixed (ISDA 4.16(d)): days / 365. The spreadsheet's XNPV
     *  and XIRR, and the default. pyxirr ACT_365F, QuantLib Actual365Fixed. */
    FPA_DAYCOUNT_ACT_365F = 0,
    /** Actual/360 (ISDA 4.16(e)): days / 360. pyxirr ACT_360, QuantLib
     *  Actual360. */
    FPA_DAYCOUNT_ACT_360 = 1,
    /** Actual/365.25: days / 365.25. pyxirr ACT_365_25, QuantLib Actual36525. */
    FPA_DAYCOUNT_ACT_365_25 = 2,
    /** Actual/Actual (ISDA 4.16(b)): the days falling in leap years / 366
     *  plus the others / 365. pyxirr ACT_ACT_ISDA, QuantLib
     *  ActualActual(ISDA). */
    FPA_DAYCOUNT_ACT_ACT_ISDA = 3,
    /** 30/360 US: (360 (Y2-Y1) + 30 (M2-M1) + D2-D1) / 360 after these
     *  rules, in order: if D1 is the last day of February, D1 = 30 (and
     *  D2 = 30 when D2 is the last day of February too); if D2 = 31 and
     *  D1 >= 30, D2 = 30; if D1 = 31, D1 = 30. pyxirr THIRTY_U_360 ("30U/360",
     *  "30/360 US", "30/360 SIA"), QuantLib Thirty360(USA), the spreadsheet's
     *  YEARFRAC basis 0 where its February rules agree. */
    FPA_DAYCOUNT_30_360_US = 4,
    /** 30E/360 (ISDA 4.16(g), Eurobond basis): as 30/360 with D1 = 31 and
     *  D2 = 31 counted as 30. pyxirr THIRTY_E_360, QuantLib
     *  Thirty360(European), the spreadsheet's YEARFRAC basis 4. */
    FPA_DAYCOUNT_30E_360 = 5,
    /** NL/365, Actual/365 No Leap: days of a calendar without February 29
     *  (a February 29 counts as February 28) / 365. pyxirr NL_365, QuantLib
     *  Actual365Fixed(NoLeap). */
    FPA_DAYCOUNT_NL_365 = 6
} fpa_day_count;

/** Option keys of the tvm module (see fpa_opts_set()). */
enum fpa_tvm_opt {
    /** Day-count basis of fpa_tvm_xirr_batch(): an ::fpa_day_count, default
     *  ::FPA_DAYCOUNT_ACT_365F (0); since 1.1. */
    FPA_OPT_TVM_DAY_COUNT = 100
};

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
 * Which root: the spreadsheet's. libfpa first runs LibreOffice Calc's own
 * iteration for IRR (Newton's method in r from `guess` on
 * \f$\sum v_i (1+r)^{-i}\f$, at most 20 steps, until a step is below
 * 1e-7; Excel runs the same method). When it converges to a rate above
 * -100 % across which the NPV changes sign, that root is returned, narrowed
 * with GSL's Brent solver to 1e-12 relative in log(1+r) (1e-15 absolute):
 * LibreOffice's root, to full precision. When it does not (LibreOffice's
 * Err:523: a flat NPV, no convergence, a step beyond -100 %), intervals
 * widening geometrically on both sides of the guess are searched for a sign
 * change, for rates from -99.999999 % to 10^9, and Brent finishes; this
 * finds the root nearest the guess unless two roots lie within one search
 * step of each other. docs/tvm.md shows examples; fpa_tvm_irr_roots() gives
 * every root.
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
 * Python binding's fpa.npf.irr applies numpy-financial's).
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
 * Which root: the spreadsheet's. libfpa runs LibreOffice Calc's XIRR
 * iteration: Newton's method in r from `guess` on the XNPV, at most 50
 * steps, until a step or the XNPV is at most 1e-10 in absolute value, and
 * when that fails, the same from each of -99 %, -98 %, ..., +99 %. The
 * first run that converges to a rate above -100 % across which the XNPV
 * changes sign gives the root, narrowed with GSL's Brent solver to 1e-12
 * relative in log(1+r), absolute 365 * DBL_EPSILON (8e-14: the resolution
 * of the one-day discount factor in double precision). A run is followed
 * only until it is committed to a root (Newton's step and the curvature
 * meet Kantorovich's condition, so that every later Newton step converges
 * to the one root within twice the step); Halley's iteration reaches that
 * root in fewer evaluations, and its estimate is accepted when one probe
 * beyond it shows the sign change from the last iterate (Halley's error
 * bound placing the root within the tolerance). When the flows, in date
 * order, change sign only once, there is only one root (Descartes' rule
 * of signs), so the restarts are skipped. When no run converges (the
 * spreadsheet's Err:502), the widening sign-change search of fpa_tvm_irr()
 * takes over. The XNPV is evaluated scaled so that no power overflows, with
 * its discount factors computed as integer powers of the one-day factor,
 * exactly as (1+r)^(days/365).
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
 * @param opts reads ::FPA_OPT_THREADS and, since 1.1,
 *        ::FPA_OPT_TVM_DAY_COUNT (each schedule is then solved as
 *        fpa_tvm_xirr_dc() would solve it); NULL for one thread and
 *        ::FPA_DAYCOUNT_ACT_365F.
 * @retval FPA_OK every argument was valid; per-schedule outcomes are in
 *         `out_status` (the function's own return is FPA_OK even when some
 *         schedules fail). Since 1.1 the thread's error record is left as
 *         it was (schedules' failures are not recorded).
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

/**
 * Net present value of dated cash flows on a day-count basis:
 * \f[ \sum_i \frac{v_i}{(1+r)^{y_i}} \f]
 * with \f$y_i\f$ the year fraction from the first flow's date to flow i's
 * under `basis` (fpa_tvm_year_fraction(); negative for earlier dates). With
 * ::FPA_DAYCOUNT_ACT_365F it is fpa_tvm_xnpv(). Since 1.1.
 *
 * Discounting is to the first flow's date, as the spreadsheet's XNPV does
 * (pyxirr discounts to the earliest date; the two agree for sorted dates).
 *
 * @param[out] out receives the XNPV.
 * @param rate annual discount rate, > -1.
 * @param values cash flows.
 * @param days dates of the flows, as day numbers.
 * @param n number of flows, at least 2.
 * @param basis the day-count basis.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` < 2, or `basis` is not an
 *         ::fpa_day_count.
 * @retval FPA_EDOM `rate` <= -1, an input is not finite, or a day number is
 *         outside +-2^40.
 * @retval FPA_EOVERFLOW the result is not finite.
 */
FPA_API fpa_status fpa_tvm_xnpv_dc(double *out, double rate, const double *values,
                                   const int64_t *days, size_t n,
                                   fpa_day_count basis);

/**
 * Internal rate of return of dated cash flows on a day-count basis: the
 * annual rate r > -1 at which fpa_tvm_xnpv_dc() is zero, found as
 * fpa_tvm_xirr() finds it (the spreadsheet's iteration first). With
 * ::FPA_DAYCOUNT_ACT_365F it is fpa_tvm_xirr(). Since 1.1.
 *
 * The bases other than the three Actual/fixed ones (ACT/365F, ACT/360,
 * ACT/365.25) compute one exp() and one calendar conversion per flow and
 * evaluation, so they cost several times as much.
 *
 * @param[out] out receives the annual rate.
 * @param values cash flows; at least one negative and one positive.
 * @param days dates of the flows, as day numbers, not all equal.
 * @param n number of flows, at least 2.
 * @param guess starting rate, > -1 (0.1 is the spreadsheet's default).
 * @param basis the day-count basis.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL, `n` < 2, or `basis` is not an
 *         ::fpa_day_count.
 * @retval FPA_EDOM an input is not finite, `guess` <= -1, a day number is
 *         outside +-2^40, or every flow has the same year fraction.
 * @retval FPA_ENOCONV the flows do not change sign, or no rate in the
 *         searched range makes the XNPV change sign.
 */
FPA_API fpa_status fpa_tvm_xirr_dc(double *out, const double *values,
                                   const int64_t *days, size_t n, double guess,
                                   fpa_day_count basis);

/**
 * Year fraction between two dates on a day-count basis (see
 * ::fpa_day_count for each definition). Negative when `to` is before
 * `from`: \f$-\mathrm{yf}(to, from)\f$. Since 1.1.
 *
 * @param[out] out receives the fraction of a year.
 * @param from start date, as a day number.
 * @param to end date, as a day number.
 * @param basis the day-count basis.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `basis` is not an ::fpa_day_count.
 * @retval FPA_EDOM a day number is outside +-2^40.
 */
FPA_API fpa_status fpa_tvm_year_fraction(double *out, int64_t from, int64_t to,
                                         fpa_day_count basis);

/**
 * Canonical name of a day-count basis: "ACT/365F", "ACT/360",
 * "ACT/365.25", "ACT/ACT ISDA", "30/360 US", "30E/360", "NL/365". Since 1.1.
 *
 * @param basis a basis.
 * @return a string with static storage, or NULL for an unknown value.
 */
FPA_API const char *fpa_tvm_day_count_name(fpa_day_count basis);

/**
 * The day-count basis a name denotes, ignoring ASCII case: the canonical
 * names of fpa_tvm_day_count_name() and the spellings pyxirr accepts for
 * the same conventions ("Actual/365F", "Act/365 Fixed", "English",
 * "Actual/360", "French", "Actual/365.25", "Act/Act", "Actual/Actual
 * ISDA", "30U/360", "30US/360", "30/360 SIA", "30/360 ISMA", "Eurobond
 * basis", "NL365", and the constant names "ACT_365F", "THIRTY_U_360" ...).
 * A bare "30/360" is refused: pyxirr reads it as 30/360 ISDA (bond basis),
 * which differs from 30/360 US. Since 1.1.
 *
 * @param[out] out receives the basis.
 * @param name a NUL-terminated name.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL a pointer is NULL or the name is not known.
 */
FPA_API fpa_status fpa_tvm_day_count_find(fpa_day_count *out, const char *name);
/** @} */

/** @name Arrays
 * The scalar functions element-wise over arrays, in one call: what numpy
 * ufuncs and Lua tables need (since 1.1).
 * @{ */

/**
 * The scalar functions fpa_tvm_map() applies, with their arguments in the
 * order of the scalar function (`when` as 0 or 1).
 */
typedef enum fpa_tvm_fn {
    FPA_TVM_PMT = 0,      /**< fpa_tvm_pmt(): rate, nper, pv, fv, when. */
    FPA_TVM_PV = 1,       /**< fpa_tvm_pv(): rate, nper, pmt, fv, when. */
    FPA_TVM_FV = 2,       /**< fpa_tvm_fv(): rate, nper, pmt, pv, when. */
    FPA_TVM_NPER = 3,     /**< fpa_tvm_nper(): rate, pmt, pv, fv, when. */
    FPA_TVM_RATE = 4,     /**< fpa_tvm_rate(): nper, pmt, pv, fv, when, guess. */
    FPA_TVM_IPMT = 5,     /**< fpa_tvm_ipmt(): rate, per, nper, pv, fv, when. */
    FPA_TVM_PPMT = 6,     /**< fpa_tvm_ppmt(): rate, per, nper, pv, fv, when. */
    FPA_TVM_CUMIPMT = 7,  /**< fpa_tvm_cumipmt(): rate, nper, pv, start, end, when. */
    FPA_TVM_CUMPRINC = 8, /**< fpa_tvm_cumprinc(): rate, nper, pv, start, end, when. */
    FPA_TVM_EFFECT = 9,   /**< fpa_tvm_effect(): nominal, npery. */
    FPA_TVM_NOMINAL = 10, /**< fpa_tvm_nominal(): effect, npery. */
    FPA_TVM_SLN = 11,     /**< fpa_tvm_sln(): cost, salvage, life. */
    FPA_TVM_SYD = 12,     /**< fpa_tvm_syd(): cost, salvage, life, per. */
    FPA_TVM_DDB = 13,     /**< fpa_tvm_ddb(): cost, salvage, life, period, factor. */
    FPA_TVM_DB = 14       /**< fpa_tvm_db(): cost, salvage, life, period, month. */
} fpa_tvm_fn;

/**
 * Number of arguments fpa_tvm_map() reads for a function: 2 to 6.
 *
 * @param fn a function.
 * @return its arity, or 0 for an unknown value.
 */
FPA_API unsigned fpa_tvm_fn_arity(fpa_tvm_fn fn);

/**
 * One scalar function over `count` elements of strided arrays:
 * `out[i] = fn(args[0][i * strides[0]], args[1][i * strides[1]], ...)`,
 * each element computed exactly as the scalar function computes it (same
 * value, same status). Argument k of element i is `args[k][i * strides[k]]`
 * with the stride in elements (not bytes): 1 for a contiguous array, 0 to
 * repeat one value for every element (numpy's broadcasting), negative to
 * walk backwards. `when` is read as a double: 0 or 1, anything else is
 * ::FPA_EINVAL for that element.
 *
 * Failing elements, two policies:
 * - `out_status` not NULL: every element is computed; a failing element
 *   gets NaN in `out` and its status in `out_status` (FPA_OK elsewhere),
 *   and the call returns ::FPA_PARTIAL with fpa_error_last() naming the
 *   first failing element ("element 17: rate is NaN").
 * - `out_status` NULL: the call stops at the first failing element and
 *   returns its status, with the detail prefixed by "element i: "; `out`
 *   holds the elements before it.
 *
 * Elements are split into blocks over FPA_OPT_THREADS threads; results do
 * not depend on the thread count. A successful call leaves the thread's
 * error record as it was.
 *
 * @param[out] out receives `count` results.
 * @param[out] out_status receives `count` statuses, or NULL (see above).
 * @param count number of elements (0 is allowed and does nothing).
 * @param fn the function.
 * @param args fpa_tvm_fn_arity(fn) argument arrays.
 * @param strides their strides, in elements.
 * @param opts reads ::FPA_OPT_THREADS and the progress callback; NULL for
 *        one thread.
 * @retval FPA_OK every element succeeded.
 * @retval FPA_PARTIAL some elements failed (`out_status` given).
 * @retval FPA_EINVAL a pointer is NULL or `fn` is unknown; or, with
 *         `out_status` NULL, the first failing element's status.
 * @retval FPA_ECANCELED the host cancelled the call.
 */
FPA_API fpa_status fpa_tvm_map(double *out, fpa_status *out_status, size_t count,
                               fpa_tvm_fn fn, const double *const *args,
                               const ptrdiff_t *strides, const fpa_opts *opts);

/**
 * Net present values of several series at several rates, as fpa_tvm_npv()
 * for each pair: `out[i * rows + j]` is the NPV of row j of `values` (`rows`
 * series of `n` periods, row-major) at `rates[i]`. numpy-financial's npv
 * of an array of rates and a 2-D array of values has this shape (its
 * values are these times 1 + rate). Since 1.1.
 *
 * Failing pairs, as fpa_tvm_map(): with `out_status` (one per pair), NaN
 * and the status in the failing slots and ::FPA_PARTIAL; without, the first
 * failing pair's status, prefixed "rates[i], row j: ".
 *
 * @param[out] out receives nrates * rows values.
 * @param[out] out_status receives nrates * rows statuses, or NULL.
 * @param rates discount rates, each > -1.
 * @param nrates number of rates, at least 1.
 * @param values rows x n cash flows, row-major.
 * @param rows number of series, at least 1.
 * @param n periods per series, at least 1.
 * @retval FPA_OK every pair succeeded.
 * @retval FPA_PARTIAL some pairs failed (`out_status` given).
 * @retval FPA_EINVAL a pointer is NULL or a count is 0; or, with
 *         `out_status` NULL, the first failing pair's status.
 * @retval FPA_EDOM the first failing pair's (`out_status` NULL): a rate
 *         <= -1 or a non-finite input.
 * @retval FPA_EOVERFLOW the first failing pair's (`out_status` NULL): a
 *         result that is not finite.
 */
FPA_API fpa_status fpa_tvm_npv_grid(double *out, fpa_status *out_status,
                                    const double *rates, size_t nrates,
                                    const double *values, size_t rows, size_t n);
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
 * Which root: the spreadsheet's. libfpa runs LibreOffice Calc's RATE
 * iteration: with payments at the start folded into pv and fv, Newton's
 * method in r from `guess` on \f$ fv + pv(1+r)^n + pmt((1+r)^n-1)/r \f$,
 * at most 150 steps, until a step is below 1e-7 or the value below 1e-14
 * (a whole `nper` lets the iterates pass below -100 % on the way; a
 * fractional one ends the run there); when that run fails, the same from
 * 2g, g/2, 3g, g/3, ..., 10g, g/10 for the guess g, as LibreOffice does for
 * its default guess. The first run that ends at a rate above -100 % across
 * which the equation changes sign gives the root, narrowed with GSL's
 * Brent solver to 1e-12 relative in log(1+r) (1e-15 absolute). When none
 * does, the widening sign-change search of fpa_tvm_irr() takes over, on
 * the equation divided by \f$(1+r)^n\f$ so that nothing overflows.
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
