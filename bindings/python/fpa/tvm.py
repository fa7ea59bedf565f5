# SPDX-License-Identifier: GPL-3.0-or-later
"""Time value of money, with numpy-financial's names and argument order.

The numbers come from libfpa's C functions, which follow LibreOffice Calc.
Where numpy-financial differs from the spreadsheet, these functions follow
numpy-financial by default and offer the spreadsheet's convention by
keyword; see the table in the binding's README. Scalar functions broadcast
over array arguments like numpy-financial's.
"""
import numpy as np

from ._core import (check, days as _days, dptr, f64, f64nd, i64ptr, make_options,
                    opts_ptr, invalid, NoConvergenceError)
from ._fpa_cffi import ffi, lib

__all__ = ["npv", "irr", "irr_roots", "mirr", "xnpv", "xirr", "xirr_batch", "pmt", "pv", "fv",
           "nper", "rate", "ipmt", "ppmt", "cumipmt", "cumprinc", "effect",
           "nominal", "sln", "syd", "ddb", "db"]

_WHEN = {"end": 0, "e": 0, "finish": 0, 0: 0,
         "begin": 1, "b": 1, "beginning": 1, "start": 1, 1: 1}


def _when(w):
    try:
        return _WHEN[w]
    except (KeyError, TypeError):
        raise invalid(f"when is {w!r}; expected 'end' (0) or 'begin' (1)") from None


def _call(cfun, *args):
    out = ffi.new("double *")
    check(cfun(out, *args))
    return out[0]


def _number(x, i):
    try:
        return float(x)
    except (TypeError, ValueError):
        raise invalid(f"argument {i + 1} is not a number: {x!r}") from None


_PLAIN = (float, int)


def _scalar_or_broadcast(cfun, args, when_at=None):
    """Call `cfun(out, *args)` once for scalars, or element-wise over the
    broadcast of array arguments (numpy-financial's behaviour)."""
    # fast path: plain Python numbers, the common notebook call
    plain = []
    for i, a in enumerate(args):
        if i == when_at:
            w = _WHEN.get(a) if isinstance(a, (str, int)) else None
            if w is None:
                break
            plain.append(w)
        elif type(a) in _PLAIN:
            plain.append(a)
        else:
            break
    else:
        out = ffi.new("double *")
        code = cfun(out, *plain)
        if code:
            check(code)
        return out[0]
    args = list(args)
    if when_at is not None:
        w = args[when_at]
        args[when_at] = (np.vectorize(_when, otypes=[np.int64])(w)
                         if np.ndim(w) else _when(w))
    if all(np.ndim(a) == 0 for a in args):
        return _call(cfun, *[int(a) if i == when_at else _number(a, i)
                             for i, a in enumerate(args)])
    arrays = np.broadcast_arrays(*[np.asarray(a) if i == when_at else f64nd(a, f"argument {i + 1}")
                                   for i, a in enumerate(args)])
    out = np.empty(arrays[0].shape, dtype=np.float64)
    for idx in np.ndindex(out.shape):
        out[idx] = _call(cfun, *[int(a[idx]) if i == when_at else float(a[idx])
                                 for i, a in enumerate(arrays)])
    return out


def npv(rate, values, *, start_from_zero=True):
    """Net present value of periodic cash flows.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period, > -1. An array gives one row per rate.
    values : array_like, shape (M,) or (K, M)
        Cash flows, one per period; a 2-D array is K series.
    start_from_zero : bool, keyword-only
        True (numpy-financial's convention, the default): ``values[0]`` is
        at t = 0 and not discounted. False: the spreadsheet's NPV, which
        discounts ``values[0]`` one full period (the C function
        ``fpa_tvm_npv``).

    Returns
    -------
    float or ndarray
        A float for a scalar rate and 1-D values, else an array of shape
        (len(rate), K) like numpy-financial's.

    Raises
    ------
    fpa.DomainError
        A rate <= -1 or a non-finite value.
    fpa.InvalidArgumentError
        Empty values.
    """
    v = f64nd(values, "values")
    if np.ndim(rate) == 0 and v.ndim <= 1:
        a = f64(v, "values", 1)
        r = float(rate)
        out = _call(lib.fpa_tvm_npv, r, dptr(a), a.size)
        return out * (1 + r) if start_from_zero else out
    rates = np.atleast_1d(f64nd(rate, "rate"))
    rows = np.atleast_2d(v)
    res = np.empty((rates.size, rows.shape[0]))
    for i, r in enumerate(rates):
        for j, row in enumerate(rows):
            res[i, j] = npv(r, row, start_from_zero=start_from_zero)
    return res


def irr_roots(values):
    """Every internal rate of return of periodic cash flows
    (``fpa_tvm_irr_roots``): all the rates r > -1 at which the NPV changes
    sign, in increasing order.

    Parameters
    ----------
    values : array_like, shape (M,)
        Cash flows, one per period, at least two.

    Returns
    -------
    ndarray
        The rates, increasing; empty when there is none (flows of one
        sign, or an NPV that never crosses zero).

    Raises
    ------
    fpa.DomainError
        A value is not finite.
    fpa.ResultOverflowError
        The flows' magnitudes overflow.

    Notes
    -----
    The NPV is scanned on a grid of 4,000 points in log(1 + r) between
    -99.999999 % and 10^9 and each sign change is narrowed with GSL's Brent
    solver, so the cost is about 4,000 NPV evaluations. A double root
    (the NPV touching zero without crossing) and roots closer together
    than about 1 % of 1 + r are not reported.
    """
    a = f64(values, "values", 2)
    out, found = np.empty(a.size - 1), ffi.new("size_t *")
    check(lib.fpa_tvm_irr_roots(dptr(out), out.size, found, dptr(a), a.size))
    return out[:found[0]]


def irr(values, *, guess=None):
    """Internal rate of return of periodic cash flows: the rate r with
    ``sum(values[t] / (1 + r)**t) == 0``.

    Parameters
    ----------
    values : array_like, shape (M,)
        Cash flows, at least one negative and one positive.
    guess : float, optional, keyword-only
        None (default): numpy-financial's choice among all the roots.
        A number: the spreadsheet's, Newton's method from `guess` (0.1 is
        the spreadsheet's default), verified by a sign change and finished
        by GSL's Brent solver (``fpa_tvm_irr``).

    Returns
    -------
    float

    Raises
    ------
    fpa.NoConvergenceError
        No rate solves it (numpy-financial returns NaN instead).

    Notes
    -----
    Without a guess, the roots come from `irr_roots` and numpy-financial's
    rule picks one: a single root is returned; of several, when they are
    not all of one sign, only the non-negative ones are kept
    (numpy-financial keeps them when the positive flows' sum is at least
    the negative flows' sum, which always holds), and the root smallest in
    magnitude is returned. ``irr([-100, 225, -123.5])`` (roots -5 % and
    30 %) is 0.30 this way; ``guess=0`` gives -0.05. ``irr([-100, 245,
    -147])`` (roots 5 % and 40 %) is 0.05; ``guess=0.3`` gives 0.40. With
    one sign change (conventional flows) there is one root and both agree.
    """
    if guess is not None:
        a = f64(values, "values", 2)
        return _call(lib.fpa_tvm_irr, dptr(a), a.size, float(guess))
    roots = irr_roots(values)
    if roots.size == 0:
        raise NoConvergenceError(lib.FPA_ENOCONV, "IRR: the NPV of these flows changes sign "
                                 "at no rate above -100 %")
    if roots.size > 1 and not (np.all(roots > 0) or np.all(roots < 0)):
        roots = roots[roots >= 0]
    return float(roots[np.argmin(np.abs(roots))])


def mirr(values, finance_rate, reinvest_rate):
    """Modified internal rate of return (numpy-financial and spreadsheet agree).

    Parameters
    ----------
    values : array_like
        Cash flows, one per period, of both signs.
    finance_rate : float
        Rate paid on the money invested (negative flows), > -1.
    reinvest_rate : float
        Rate earned on reinvested positive flows, > -1.

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        Flows not of both signs (numpy-financial returns NaN) or a rate <= -1.
    """
    a = f64(values, "values", 2)
    return _call(lib.fpa_tvm_mirr, dptr(a), a.size, float(finance_rate),
                 float(reinvest_rate))


def _dated(dates, amounts):
    a = f64(amounts, "amounts")
    d = _days(dates)
    if d.size != a.size:
        raise invalid(f"dates has {d.size} values but amounts has {a.size}")
    return a, d


def xnpv(rate, dates, amounts):
    """Net present value of dated cash flows (actual/365 from the first date).

    Parameters
    ----------
    rate : float
        Annual discount rate, > -1.
    dates : sequence of dates
        ``datetime.date``, ``numpy.datetime64``, pandas Timestamps, ISO
        strings, or day numbers since 1970-01-01.
    amounts : array_like
        Cash flows, as many as dates (at least two).

    Returns
    -------
    float
    """
    a, d = _dated(dates, amounts)
    return _call(lib.fpa_tvm_xnpv, float(rate), dptr(a), i64ptr(d), a.size)


def xirr(dates, amounts, guess=None):
    """Internal rate of return of dated cash flows (the spreadsheet's XIRR).

    Parameters
    ----------
    dates : sequence of dates
        As for `xnpv`.
    amounts : array_like
        Cash flows of both signs.
    guess : float, optional
        Starting rate; default 0.1.

    Returns
    -------
    float
        The annual rate.

    Raises
    ------
    fpa.NoConvergenceError
        No rate makes the XNPV change sign.
    """
    a, d = _dated(dates, amounts)
    return _call(lib.fpa_tvm_xirr, dptr(a), i64ptr(d), a.size,
                 0.1 if guess is None else float(guess))


def xirr_batch(schedules, guess=0.1, *, options=None, **option_values):
    """XIRR of many schedules in one call, on several threads.

    Parameters
    ----------
    schedules : sequence of (dates, amounts) pairs
    guess : float
        Starting rate for every schedule.
    options : fpa.Options, optional
    **option_values
        Options by name, e.g. ``threads=4`` (0: one per CPU).

    Returns
    -------
    rates : ndarray
        One rate per schedule; NaN where a schedule has no solution.
    status : ndarray of int
        The C status of each schedule (0 = FPA_OK).
    """
    parts = [_dated(d, a) for d, a in schedules]
    if not parts:
        raise invalid("schedules is empty")
    amounts = np.ascontiguousarray(np.concatenate([p[0] for p in parts]))
    day = np.ascontiguousarray(np.concatenate([p[1] for p in parts]))
    offsets = np.zeros(len(parts) + 1, dtype=np.uintp)
    offsets[1:] = np.cumsum([p[0].size for p in parts])
    rates = np.empty(len(parts))
    status = np.empty(len(parts), dtype=np.intc)
    opts = make_options("", option_values, options)
    check(lib.fpa_tvm_xirr_batch(
        dptr(rates), ffi.cast("fpa_status *", ffi.from_buffer(status)),
        dptr(amounts) if amounts.size else ffi.NULL,
        i64ptr(day) if day.size else ffi.NULL,
        ffi.cast("size_t *", ffi.from_buffer(offsets)), len(parts), float(guess),
        opts_ptr(opts)))
    return rates, status


def pmt(rate, nper, pv, fv=0, when="end"):
    """Payment per period of an annuity (numpy-financial ``pmt``).

    Parameters
    ----------
    rate, nper, pv, fv : float or array_like
        Rate per period (> -1), number of periods, present and future value.
    when : {'end', 'begin', 0, 1}
        Payment timing.

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_pmt, (rate, nper, pv, fv, when), 4)


def pv(rate, nper, pmt, fv=0, when="end"):
    """Present value of an annuity (numpy-financial ``pv``).

    Parameters
    ----------
    rate, nper, pmt, fv : float or array_like
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_pv, (rate, nper, pmt, fv, when), 4)


def fv(rate, nper, pmt, pv, when="end"):
    """Future value of an annuity (numpy-financial ``fv``).

    Parameters
    ----------
    rate, nper, pmt, pv : float or array_like
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_fv, (rate, nper, pmt, pv, when), 4)


def nper(rate, pmt, pv, fv=0, when="end"):
    """Number of periods of an annuity (numpy-financial ``nper``).

    Parameters
    ----------
    rate, pmt, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.DomainError
        No number of periods solves the annuity (numpy-financial: NaN or inf).
    """
    return _scalar_or_broadcast(lib.fpa_tvm_nper, (rate, pmt, pv, fv, when), 4)


def rate(nper, pmt, pv, fv=0, when="end", guess=None):
    """Rate per period of an annuity (numpy-financial ``rate``).

    Parameters
    ----------
    nper, pmt, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1}
    guess : float, optional
        Starting rate, default 0.1.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.NoConvergenceError
        No rate solves it (numpy-financial returns NaN).
    """
    g = 0.1 if guess is None else guess
    return _scalar_or_broadcast(lib.fpa_tvm_rate, (nper, pmt, pv, fv, when, g), 4)


def ipmt(rate, per, nper, pv, fv=0, when="end"):
    """Interest part of payment number `per` (numpy-financial ``ipmt``).

    Parameters
    ----------
    rate, per, nper, pv, fv : float or array_like
        `per` runs from 1 to `nper`.
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.DomainError
        `per` outside 1..nper (numpy-financial: NaN below 1, extrapolates
        above nper).
    """
    return _scalar_or_broadcast(lib.fpa_tvm_ipmt, (rate, per, nper, pv, fv, when), 5)


def ppmt(rate, per, nper, pv, fv=0, when="end"):
    """Principal part of payment number `per` (numpy-financial ``ppmt``).

    Parameters
    ----------
    rate, per, nper, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_ppmt, (rate, per, nper, pv, fv, when), 5)


def cumipmt(rate, nper, pv, start, end, when="end"):
    """Interest paid from period `start` to `end`, inclusive (spreadsheet CUMIPMT).

    Parameters
    ----------
    rate, nper, pv : float or array_like
        All > 0.
    start, end : float or array_like
        1 <= start <= end <= nper (truncated to whole periods).
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_cumipmt, (rate, nper, pv, start, end, when), 5)


def cumprinc(rate, nper, pv, start, end, when="end"):
    """Principal repaid from period `start` to `end`, inclusive (CUMPRINC).

    Parameters
    ----------
    rate, nper, pv : float or array_like
    start, end : float or array_like
    when : {'end', 'begin', 0, 1}

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_cumprinc, (rate, nper, pv, start, end, when), 5)


def effect(nominal_rate, npery):
    """Effective annual rate of a nominal rate (spreadsheet EFFECT).

    Parameters
    ----------
    nominal_rate : float or array_like
        >= 0.
    npery : float or array_like
        Compounding periods per year, >= 1, truncated.

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_effect, (nominal_rate, npery))


def nominal(effect_rate, npery):
    """Nominal annual rate of an effective rate (spreadsheet NOMINAL).

    Parameters
    ----------
    effect_rate : float or array_like
        > 0.
    npery : float or array_like
        Compounding periods per year, >= 1, truncated.

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_nominal, (effect_rate, npery))


def sln(cost, salvage, life):
    """Straight-line depreciation per period (spreadsheet SLN).

    Parameters
    ----------
    cost, salvage, life : float or array_like

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_sln, (cost, salvage, life))


def syd(cost, salvage, life, per):
    """Sum-of-years'-digits depreciation for period `per` (spreadsheet SYD).

    Parameters
    ----------
    cost, salvage, life, per : float or array_like

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_syd, (cost, salvage, life, per))


def ddb(cost, salvage, life, period, factor=2):
    """Declining-balance depreciation (spreadsheet DDB; factor 2 = double).

    Parameters
    ----------
    cost, salvage, life, period, factor : float or array_like

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_ddb, (cost, salvage, life, period, factor))


def db(cost, salvage, life, period, month=12):
    """Fixed-declining-balance depreciation (spreadsheet DB).

    Parameters
    ----------
    cost, salvage, life, period : float or array_like
    month : float or array_like
        Months in the first year, 1..12.

    Returns
    -------
    float or ndarray
    """
    return _scalar_or_broadcast(lib.fpa_tvm_db, (cost, salvage, life, period, month))
