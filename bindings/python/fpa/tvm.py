# SPDX-License-Identifier: GPL-3.0-or-later
"""Time value of money, with the library's (the spreadsheet's) conventions.

Every function computes what the C library computes, which is what
LibreOffice Calc computes: ``fpa.npv`` discounts the first value one
period, as ``=NPV()`` does; ``fpa.irr``, ``fpa.rate`` and ``fpa.xirr``
return the spreadsheet's root. numpy-financial's conventions are in
``fpa.npf`` (``import fpa.npf as npf``); the binding's README has the table
of both.

Scalar functions broadcast over array arguments like numpy ufuncs, in one
C call (``fpa_tvm_map``). A failing element raises its exception with the
element's index, or gives NaN with ``errors="coerce"``. pandas Series and
DataFrames come back with their index (and columns). Arguments must be
real numbers: strings, bools, complex numbers and object arrays of
anything else raise `ArgumentTypeError`, a TypeError.
"""
import decimal
import fractions
import numbers
import re
import sys

import numpy as np

from ._core import (ArgumentTypeError, Error, check, error_for, make_options, opts_ptr,
                    invalid, unmasked, wrong_type)
from ._fpa_cffi import ffi, lib
from .dates import basis_of, days as _days

__all__ = ["npv", "irr", "irr_roots", "mirr", "xnpv", "xirr", "xirr_batch", "pmt", "pv",
           "fv", "nper", "rate", "ipmt", "ppmt", "cumipmt", "cumprinc", "effect",
           "nominal", "sln", "syd", "ddb", "db"]


_WHEN = {"end": 0, "e": 0, "finish": 0, 0: 0,
         "begin": 1, "b": 1, "beginning": 1, "start": 1, 1: 1}
_REALS = (decimal.Decimal, fractions.Fraction)


def _when(w):
    if isinstance(w, (bool, np.bool_)):
        raise invalid(f"when is {w!r}; expected 'end' (0) or 'begin' (1)")
    try:
        return _WHEN[w.item() if isinstance(w, np.generic) else w]
    except (KeyError, TypeError):
        raise invalid(f"when is {w!r}; expected 'end' (0) or 'begin' (1)") from None


def _pandas():
    return sys.modules.get("pandas")


def _not_real(x, name):
    return wrong_type(f"{name} must be a real number, not {type(x).__name__} ({x!r:.60})")


def _real_scalar(x, name):
    """float(x) for a real number; ArgumentTypeError for anything else."""
    t = type(x)
    if t is float or t is int:
        return float(x)
    if isinstance(x, (bool, np.bool_)) or x is None:
        raise _not_real(x, name)
    if isinstance(x, (np.floating, np.integer, numbers.Real) + _REALS):
        return float(x)
    raise _not_real(x, name)


def _is_scalar(x):
    return not isinstance(x, (np.ndarray, list, tuple)) and np.ndim(x) == 0


def _real_array(x, name):
    """A float64 ndarray of x (a copy only where conversion needs one)."""
    pd = _pandas()
    if pd is not None and isinstance(x, (pd.Series, pd.DataFrame, pd.Index)):
        kinds = [x.dtype] if not isinstance(x, pd.DataFrame) else list(x.dtypes)
        for dt in kinds:
            if pd.api.types.is_bool_dtype(dt) or not (
                    pd.api.types.is_numeric_dtype(dt) or dt == object):
                raise wrong_type(f"{name} has dtype {dt}; it must hold real numbers")
        if all(pd.api.types.is_numeric_dtype(dt) for dt in kinds):
            return x.to_numpy(dtype=np.float64, na_value=np.nan)
        x = x.to_numpy()
    x = unmasked(x, name)
    if isinstance(x, (str, bytes, bool, np.bool_, complex)) or x is None:
        raise _not_real(x, name)
    a = x if isinstance(x, np.ndarray) else np.asarray(x)
    kind = a.dtype.kind
    if kind in "iuf":
        if isinstance(x, (list, tuple)) and any(isinstance(e, bool) for e in x):
            raise wrong_type(f"{name} holds a bool; it must hold real numbers")
        return np.asarray(a, dtype=np.float64)
    if kind == "O":
        flat = a.reshape(-1)
        for i, e in enumerate(flat):
            if isinstance(e, (bool, np.bool_)) or not isinstance(
                    e, (numbers.Real, np.integer, np.floating) + _REALS):
                raise wrong_type(f"{name}[{i}] is {type(e).__name__} ({e!r:.40}); "
                                        "it must be a real number")
        return flat.astype(np.float64).reshape(a.shape)
    raise wrong_type(f"{name} has dtype {a.dtype}; it must hold real numbers")


def _when_array(w):
    if isinstance(w, np.ndarray) and w.dtype.kind in "iuf":
        return w.astype(np.float64)  # 0 and 1; the C library refuses others per element
    if isinstance(w, (str, int, np.integer)) or np.ndim(w) == 0:
        return float(_when(w))
    return np.array([_when(x) for x in np.asarray(w, dtype=object).reshape(-1)],
                    dtype=np.float64).reshape(np.shape(w))


def _check_errors(errors):
    if errors not in ("raise", "coerce"):
        raise invalid(f"errors is {errors!r}; expected 'raise' or 'coerce'")
    return errors == "coerce"


def _labels(args):
    """The index (and columns) of the first pandas argument, to put on the
    result; None when there is none."""
    pd = _pandas()
    if pd is None:
        return None
    for a in args:
        if isinstance(a, (pd.Series, pd.DataFrame)):
            return a
    return None


def _wrap(out, like, shape):
    """`out` shaped as the result: a float for scalars, a Series or DataFrame
    on the index of a pandas argument of that shape, else an ndarray."""
    if out.ndim == 0:
        return float(out)
    pd = _pandas()
    if like is not None and np.shape(like) == out.shape:
        if isinstance(like, pd.DataFrame):
            return pd.DataFrame(out, index=like.index, columns=like.columns)
        return pd.Series(out, index=like.index, name=getattr(like, "name", None))
    return out


_ELEMENT = re.compile(r"element (\d+): (.*)", re.S)


def _element_error(code, shape):
    """The exception of a failed element, its flat index made numpy's."""
    e = error_for(code)
    m = _ELEMENT.match(e.detail)
    if m and shape:
        idx = [int(i) for i in np.unravel_index(int(m.group(1)), shape)]
        return type(e)(code, f"element {idx}: {m.group(2)}")
    return e


def _map(fn, cfun, names, args, when_at=None, errors="raise"):
    """``cfun(out, *args)`` for scalars, or ``fpa_tvm_map(fn, ...)`` over the
    numpy broadcast of array arguments."""
    coerce = _check_errors(errors)
    plain = True
    for i, a in enumerate(args):
        t = type(a)
        if i == when_at:
            plain = (t is str or t is int) and a in _WHEN
        else:
            plain = t is float or (t is int and -2**53 <= a <= 2**53)
        if not plain:
            break
    if plain:
        out = ffi.new("double *")
        code = cfun(out, *[_WHEN[a] if i == when_at else a for i, a in enumerate(args)])
        if code:
            if coerce:
                return float("nan")
            check(code)
        return out[0]
    like = _labels(args)
    scalars = ffi.new("double[6]")
    ptrs, strides = ffi.new("double *[6]"), ffi.new("ptrdiff_t[6]")
    arrays, keep = {}, []
    for k, (a, n) in enumerate(zip(args, names)):
        if k == when_at:
            a = _when_array(a)
        elif _is_scalar(a):
            a = _real_scalar(a, n)
        else:
            a = _real_array(a, n)
        if isinstance(a, np.ndarray) and a.ndim:
            arrays[k] = a
        else:
            scalars[k] = float(a)
            ptrs[k], strides[k] = scalars + k, 0
    if not arrays:
        shape = ()
    elif len(arrays) == 1:
        shape = next(iter(arrays.values())).shape
    else:
        try:
            shape = np.broadcast_shapes(*(c.shape for c in arrays.values()))
        except ValueError as e:
            raise invalid(f"the arguments do not broadcast together: {e}") from None
    count = 1
    for d in shape:
        count *= d
    for k, c in arrays.items():
        if c.size == 1:
            scalars[k] = float(c.reshape(-1)[0])
            ptrs[k], strides[k] = scalars + k, 0
            continue
        if c.shape == shape and c.flags.c_contiguous:
            stride = 1
        elif c.ndim == 1 and c.shape == shape and c.strides[0] % 8 == 0:
            stride = c.strides[0] // 8  # a strided (or reversed) view: no copy
        else:
            c, stride = np.ascontiguousarray(np.broadcast_to(c, shape)), 1
        keep.append(c)  # alive until the call returns
        ptrs[k] = ffi.cast("double *", c.__array_interface__["data"][0])
        strides[k] = stride
    out = np.empty(shape)
    status = np.empty(shape, dtype=np.intc) if coerce else None
    code = lib.fpa_tvm_map(ffi.from_buffer("double[]", out),
                           ffi.cast("fpa_status *", ffi.from_buffer(status))
                           if coerce else ffi.NULL,
                           count, fn, ffi.cast("const double *const *", ptrs), strides,
                           ffi.NULL)
    if code and not (coerce and code == lib.FPA_PARTIAL):
        raise _element_error(code, shape)
    return _wrap(out, like, shape)


# ---- discounted cash flows ----------------------------------------------------

def npv(rate, values, *, errors="raise"):
    """Net present value of periodic cash flows, as the spreadsheet's NPV:
    ``sum(values[i] / (1 + rate)**(i + 1))`` (``fpa_tvm_npv``).

    The first value is discounted one full period, as in LibreOffice and
    Excel; numpy-financial's npv (``fpa.npf.npv``) discounts it zero
    periods and is this times ``1 + rate``.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period, > -1. An array gives one result per rate.
    values : array_like, shape (M,) or (K, M)
        Cash flows, one per period; a 2-D array (or DataFrame) is K series,
        one per row.
    errors : {'raise', 'coerce'}, keyword-only
        What a failing (rate, series) pair does: raise naming it, or give
        NaN.

    Returns
    -------
    float, ndarray or pandas Series
        Shape ``rate.shape + values.shape[:-1]``: a float for a scalar rate
        and one series; a Series on the rows' (or the rates') index when one
        came as pandas.

    Raises
    ------
    fpa.DomainError
        A rate <= -1 or a non-finite value.
    fpa.InvalidArgumentError
        Empty values.
    """
    coerce = _check_errors(errors)
    rate_is_scalar = np.ndim(rate) == 0 and not isinstance(rate, np.ndarray)
    r = np.atleast_1d(np.float64(_real_scalar(rate, "rate")) if rate_is_scalar
                      else _real_array(rate, "rate")).reshape(-1)
    v = _real_array(values, "values")
    if v.ndim not in (1, 2):
        raise invalid(f"values must be 1-D or 2-D, not of shape {v.shape}")
    rows = np.ascontiguousarray(np.atleast_2d(v))
    if rows.shape[1] == 0:
        raise invalid("values is empty")
    out = np.empty((r.size, rows.shape[0]))
    status = np.empty(out.shape, dtype=np.intc) if coerce else None
    code = lib.fpa_tvm_npv_grid(ffi.from_buffer("double[]", out),
                                ffi.cast("fpa_status *", ffi.from_buffer(status))
                                if coerce else ffi.NULL,
                                ffi.from_buffer("double[]", np.ascontiguousarray(r)), r.size,
                                ffi.from_buffer("double[]", rows), rows.shape[0],
                                rows.shape[1])
    if code and not (coerce and code == lib.FPA_PARTIAL):
        e = error_for(code)
        if v.ndim == 1 and r.size == 1:
            raise type(e)(code, re.sub(r"^rates\[0\], row 0: ", "", e.detail))
        raise e
    shape = (() if rate_is_scalar else np.shape(rate)) + v.shape[:-1]
    res = out.reshape(shape)
    if res.ndim == 0:
        return float(res)
    pd = _pandas()
    if pd is not None and res.ndim == 1:
        if isinstance(values, pd.DataFrame) and rate_is_scalar:
            return pd.Series(res, index=values.index)
        if isinstance(rate, pd.Series) and v.ndim == 1:
            return pd.Series(res, index=rate.index, name=rate.name)
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
    solver. A double root (the NPV touching zero without crossing) and roots
    closer together than about 1 % of 1 + r are not reported.
    """
    a = _flows(values, 2)
    out, found = np.empty(a.size - 1), ffi.new("size_t *")
    check(lib.fpa_tvm_irr_roots(ffi.from_buffer("double[]", out), out.size, found,
                                ffi.from_buffer("double[]", a), a.size))
    return out[:found[0]]


def _flows(values, min_len):
    a = np.ascontiguousarray(_real_array(values, "values"))
    if a.ndim != 1:
        raise invalid(f"values must be one-dimensional, not of shape {a.shape}")
    if a.size < min_len:
        raise invalid(f"values has {a.size} values, needs at least {min_len}")
    return a


def irr(values, guess=0.1):
    """Internal rate of return of periodic cash flows, as the spreadsheet's
    IRR: the root its iteration from `guess` reaches (``fpa_tvm_irr``).

    Parameters
    ----------
    values : array_like, shape (M,)
        Cash flows, at least one negative and one positive.
    guess : float
        Starting rate, > -1 (0.1, the spreadsheet's default).

    Returns
    -------
    float

    Raises
    ------
    fpa.NoConvergenceError
        No rate solves it (numpy-financial's irr, ``fpa.npf.irr``, returns
        NaN instead).

    Notes
    -----
    With one sign change in the flows there is one root and every method
    finds it. With several, the spreadsheet's Newton's method from the guess
    decides, as in LibreOffice and Excel: ``irr([-100, 230, -132])`` (roots
    10 % and 20 %) is 0.10 from 0.1 and 0.20 from 0.17. `irr_roots` gives
    them all; ``fpa.npf.irr`` applies numpy-financial's choice.
    """
    a = _flows(values, 2)
    out = ffi.new("double *")
    check(lib.fpa_tvm_irr(out, ffi.from_buffer("double[]", a), a.size,
                          _real_scalar(guess, "guess")))
    return out[0]


def mirr(values, finance_rate, reinvest_rate):
    """Modified internal rate of return, as the spreadsheet's MIRR
    (``fpa_tvm_mirr``; numpy-financial's formula is the same).

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
    a = _flows(values, 2)
    out = ffi.new("double *")
    check(lib.fpa_tvm_mirr(out, ffi.from_buffer("double[]", a), a.size,
                           _real_scalar(finance_rate, "finance_rate"),
                           _real_scalar(reinvest_rate, "reinvest_rate")))
    return out[0]


# ---- dated cash flows ------------------------------------------------------------

def _cash_flow(dates, amounts):
    """(amounts, day numbers) from pyxirr's input forms: dates and amounts
    apart; or, with amounts None, a two-column DataFrame (dates, amounts),
    a Series on a date index, a date -> amount dict, a 2 x N or N x 2 array,
    or an iterable of (date, amount) pairs."""
    pd = _pandas()
    if amounts is None:
        if isinstance(dates, dict):
            dates, amounts = list(dates.keys()), list(dates.values())
        elif pd is not None and isinstance(dates, pd.DataFrame):
            if dates.shape[1] != 2:
                raise invalid(f"a cash-flow DataFrame has two columns (dates, amounts), "
                              f"not {dates.shape[1]}")
            dates, amounts = dates.iloc[:, 0], dates.iloc[:, 1]
        elif pd is not None and isinstance(dates, pd.Series):
            dates, amounts = dates.index, dates
        elif isinstance(dates, np.ndarray) and dates.ndim == 2 and 2 in dates.shape:
            pair = dates if dates.shape[0] == 2 else dates.T
            dates, amounts = list(pair[0]), pair[1]
        else:
            if isinstance(dates, (str, bytes)):
                raise invalid("dates is one string; expected dates and amounts")
            try:
                pairs = [tuple(p) for p in dates]
            except TypeError:
                raise invalid("without amounts, dates must be pairs (date, amount), a "
                              "date -> amount dict, a two-column DataFrame or a Series "
                              "on a date index") from None
            if any(len(p) != 2 for p in pairs):
                raise invalid("each cash flow must be a (date, amount) pair")
            dates, amounts = [p[0] for p in pairs], [p[1] for p in pairs]
    elif not hasattr(amounts, "__len__"):
        amounts = list(amounts)  # an iterator
    if not hasattr(dates, "__len__") and not isinstance(dates, np.ndarray):
        dates = list(dates)
    a = np.ascontiguousarray(_real_array(amounts, "amounts")).reshape(-1)
    d = np.ascontiguousarray(_days(dates))
    if d.size != a.size:
        raise invalid(f"dates has {d.size} values but amounts has {a.size}")
    return a, d


def _quietly(silent, fn):
    """pyxirr's ``silent=True``: None instead of raising for payments with
    no answer (fpa.Error), still raising for arguments of the wrong type."""
    if not silent:
        return fn()
    try:
        return fn()
    except ArgumentTypeError:
        raise
    except Error:
        return None


def xnpv(rate, dates, amounts=None, *, day_count="ACT/365F", silent=False):
    """Net present value of dated cash flows, as the spreadsheet's XNPV
    (``fpa_tvm_xnpv_dc``): discounted to the first flow's date, on a
    day-count basis (actual/365 by default, as the spreadsheet).

    Parameters
    ----------
    rate : float
        Annual discount rate, > -1.
    dates : sequence of dates, or the whole cash flow
        ``datetime.date``, ``numpy.datetime64`` (a day or finer), pandas
        Timestamps or daily Periods, ISO 8601 strings (``"2024-03-05"``,
        parsed by the C library), or day numbers. With `amounts` None,
        pyxirr's forms: (date, amount) pairs, a date -> amount dict, a
        two-column DataFrame, a Series on a date index, a 2 x N array.
    amounts : array_like, optional
        Cash flows, as many as dates (at least two).
    day_count : str or int, keyword-only
        One of ``fpa.DAY_COUNTS`` ("ACT/365F", "ACT/360", "ACT/365.25",
        "ACT/ACT ISDA", "30/360 US", "30E/360", "NL/365") or a spelling
        pyxirr accepts ("Act/Act", "30U/360", ...).
    silent : bool, keyword-only
        True: None instead of an exception for invalid cash flows (pyxirr).

    Returns
    -------
    float or None
    """
    def run():
        a, d = _cash_flow(dates, amounts)
        out = ffi.new("double *")
        check(lib.fpa_tvm_xnpv_dc(out, _real_scalar(rate, "rate"),
                                  ffi.from_buffer("double[]", a),
                                  ffi.cast("int64_t *", ffi.from_buffer(d)), a.size,
                                  basis_of(day_count)))
        return out[0]
    return _quietly(silent, run)


def xirr(dates, amounts=None, guess=0.1, *, day_count="ACT/365F", silent=False):
    """Internal rate of return of dated cash flows, as the spreadsheet's
    XIRR: the root its iteration from `guess` reaches
    (``fpa_tvm_xirr_dc``).

    Parameters
    ----------
    dates : sequence of dates, or the whole cash flow
        As for `xnpv` (pyxirr's forms when `amounts` is None).
    amounts : array_like, optional
        Cash flows of both signs.
    guess : float
        Starting rate, > -1 (0.1, the spreadsheet's default).
    day_count : str or int, keyword-only
        The day-count basis, as for `xnpv`.
    silent : bool, keyword-only
        True: None instead of an exception when there is no answer (no
        root, flows of one sign), as pyxirr.

    Returns
    -------
    float or None
        The annual rate.

    Raises
    ------
    fpa.NoConvergenceError
        No rate makes the XNPV change sign (unless `silent`).
    """
    def run():
        a, d = _cash_flow(dates, amounts)
        out = ffi.new("double *")
        check(lib.fpa_tvm_xirr_dc(out, ffi.from_buffer("double[]", a),
                                  ffi.cast("int64_t *", ffi.from_buffer(d)), a.size,
                                  _real_scalar(guess, "guess"), basis_of(day_count)))
        return out[0]
    return _quietly(silent, run)


def xirr_batch(schedules, guess=0.1, *, day_count="ACT/365F", options=None,
               **option_values):
    """XIRR of many schedules in one call, on several threads
    (``fpa_tvm_xirr_batch``).

    Parameters
    ----------
    schedules : sequence of cash flows
        Each a (dates, amounts) pair or any single form `xirr` accepts.
    guess : float
        Starting rate for every schedule.
    day_count : str or int, keyword-only
        The day-count basis of every schedule (option ``tvm.day_count``).
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
    parts = []
    for s in schedules:
        if isinstance(s, tuple) and len(s) == 2 and np.ndim(s[0]) == 1 and np.ndim(s[1]) == 1:
            parts.append(_cash_flow(s[0], s[1]))
        else:
            parts.append(_cash_flow(s, None))
    if not parts:
        raise invalid("schedules is empty")
    amounts = np.ascontiguousarray(np.concatenate([p[0] for p in parts]))
    day = np.ascontiguousarray(np.concatenate([p[1] for p in parts]))
    offsets = np.zeros(len(parts) + 1, dtype=np.uintp)
    offsets[1:] = np.cumsum([p[0].size for p in parts])
    rates = np.empty(len(parts))
    status = np.empty(len(parts), dtype=np.intc)
    opts = make_options("tvm", dict(option_values, day_count=basis_of(day_count)), options)
    check(lib.fpa_tvm_xirr_batch(
        ffi.from_buffer("double[]", rates), ffi.cast("fpa_status *", ffi.from_buffer(status)),
        ffi.from_buffer("double[]", amounts) if amounts.size else ffi.NULL,
        ffi.cast("int64_t *", ffi.from_buffer(day)) if day.size else ffi.NULL,
        ffi.cast("size_t *", ffi.from_buffer(offsets)), len(parts),
        _real_scalar(guess, "guess"), opts_ptr(opts)))
    return rates, status


# ---- annuities and the rest: element-wise over arrays ---------------------------

def pmt(rate, nper, pv, fv=0, when="end", *, errors="raise"):
    """Payment per period of an annuity, as the spreadsheet's PMT
    (numpy-financial's name and argument order).

    Parameters
    ----------
    rate, nper, pv, fv : float or array_like
        Rate per period (> -1), number of periods, present and future value.
    when : {'end', 'begin', 0, 1} or array_like of them
        Payment timing.
    errors : {'raise', 'coerce'}, keyword-only
        A failing element raises with its index, or gives NaN.

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_PMT, lib.fpa_tvm_pmt, ("rate", "nper", "pv", "fv", "when"),
                (rate, nper, pv, fv, when), 4, errors)


def pv(rate, nper, pmt, fv=0, when="end", *, errors="raise"):
    """Present value of an annuity, as the spreadsheet's PV.

    Parameters
    ----------
    rate, nper, pmt, fv : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_PV, lib.fpa_tvm_pv, ("rate", "nper", "pmt", "fv", "when"),
                (rate, nper, pmt, fv, when), 4, errors)


def fv(rate, nper, pmt, pv, when="end", *, errors="raise"):
    """Future value of an annuity, as the spreadsheet's FV.

    Parameters
    ----------
    rate, nper, pmt, pv : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_FV, lib.fpa_tvm_fv, ("rate", "nper", "pmt", "pv", "when"),
                (rate, nper, pmt, pv, when), 4, errors)


def nper(rate, pmt, pv, fv=0, when="end", *, errors="raise"):
    """Number of periods of an annuity, as the spreadsheet's NPER.

    Parameters
    ----------
    rate, pmt, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame

    Raises
    ------
    fpa.DomainError
        No number of periods solves the annuity (numpy-financial: NaN or inf).
    """
    return _map(lib.FPA_TVM_NPER, lib.fpa_tvm_nper, ("rate", "pmt", "pv", "fv", "when"),
                (rate, pmt, pv, fv, when), 4, errors)


def rate(nper, pmt, pv, fv=0, when="end", guess=0.1, *, errors="raise"):
    """Rate per period of an annuity, as the spreadsheet's RATE: the root
    its iteration from `guess` reaches (``fpa_tvm_rate``).

    Parameters
    ----------
    nper, pmt, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    guess : float or array_like
        Starting rate, default 0.1 (the spreadsheet's).
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame

    Raises
    ------
    fpa.NoConvergenceError
        No rate solves it (numpy-financial returns NaN).
    """
    return _map(lib.FPA_TVM_RATE, lib.fpa_tvm_rate,
                ("nper", "pmt", "pv", "fv", "when", "guess"),
                (nper, pmt, pv, fv, when, guess), 4, errors)


def ipmt(rate, per, nper, pv, fv=0, when="end", *, errors="raise"):
    """Interest part of payment number `per`, as the spreadsheet's IPMT.

    Parameters
    ----------
    rate, per, nper, pv, fv : float or array_like
        `per` runs from 1 to `nper`.
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame

    Raises
    ------
    fpa.DomainError
        `per` outside 1..nper (numpy-financial extrapolates).
    """
    return _map(lib.FPA_TVM_IPMT, lib.fpa_tvm_ipmt, ("rate", "per", "nper", "pv", "fv", "when"),
                (rate, per, nper, pv, fv, when), 5, errors)


def ppmt(rate, per, nper, pv, fv=0, when="end", *, errors="raise"):
    """Principal part of payment number `per`, as the spreadsheet's PPMT.

    Parameters
    ----------
    rate, per, nper, pv, fv : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_PPMT, lib.fpa_tvm_ppmt, ("rate", "per", "nper", "pv", "fv", "when"),
                (rate, per, nper, pv, fv, when), 5, errors)


def cumipmt(rate, nper, pv, start, end, when="end", *, errors="raise"):
    """Interest paid from period `start` to `end`, inclusive (CUMIPMT).

    Parameters
    ----------
    rate, nper, pv : float or array_like
        All > 0.
    start, end : float or array_like
        1 <= start <= end <= nper (truncated to whole periods).
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_CUMIPMT, lib.fpa_tvm_cumipmt,
                ("rate", "nper", "pv", "start", "end", "when"),
                (rate, nper, pv, start, end, when), 5, errors)


def cumprinc(rate, nper, pv, start, end, when="end", *, errors="raise"):
    """Principal repaid from period `start` to `end`, inclusive (CUMPRINC).

    Parameters
    ----------
    rate, nper, pv : float or array_like
    start, end : float or array_like
    when : {'end', 'begin', 0, 1} or array_like of them
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_CUMPRINC, lib.fpa_tvm_cumprinc,
                ("rate", "nper", "pv", "start", "end", "when"),
                (rate, nper, pv, start, end, when), 5, errors)


def effect(nominal_rate, npery, *, errors="raise"):
    """Effective annual rate of a nominal rate (spreadsheet EFFECT).

    Parameters
    ----------
    nominal_rate : float or array_like
        >= 0.
    npery : float or array_like
        Compounding periods per year, >= 1, truncated.
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_EFFECT, lib.fpa_tvm_effect, ("nominal_rate", "npery"),
                (nominal_rate, npery), None, errors)


def nominal(effect_rate, npery, *, errors="raise"):
    """Nominal annual rate of an effective rate (spreadsheet NOMINAL).

    Parameters
    ----------
    effect_rate : float or array_like
        > 0.
    npery : float or array_like
        Compounding periods per year, >= 1, truncated.
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_NOMINAL, lib.fpa_tvm_nominal, ("effect_rate", "npery"),
                (effect_rate, npery), None, errors)


def sln(cost, salvage, life, *, errors="raise"):
    """Straight-line depreciation per period (spreadsheet SLN).

    Parameters
    ----------
    cost, salvage, life : float or array_like
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_SLN, lib.fpa_tvm_sln, ("cost", "salvage", "life"),
                (cost, salvage, life), None, errors)


def syd(cost, salvage, life, per, *, errors="raise"):
    """Sum-of-years'-digits depreciation for period `per` (spreadsheet SYD).

    Parameters
    ----------
    cost, salvage, life, per : float or array_like
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_SYD, lib.fpa_tvm_syd, ("cost", "salvage", "life", "per"),
                (cost, salvage, life, per), None, errors)


def ddb(cost, salvage, life, period, factor=2, *, errors="raise"):
    """Declining-balance depreciation (spreadsheet DDB; factor 2 = double).

    Parameters
    ----------
    cost, salvage, life, period, factor : float or array_like
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_DDB, lib.fpa_tvm_ddb, ("cost", "salvage", "life", "period", "factor"),
                (cost, salvage, life, period, factor), None, errors)


def db(cost, salvage, life, period, month=12, *, errors="raise"):
    """Fixed-declining-balance depreciation (spreadsheet DB).

    Parameters
    ----------
    cost, salvage, life, period : float or array_like
    month : float or array_like
        Months in the first year, 1..12.
    errors : {'raise', 'coerce'}, keyword-only

    Returns
    -------
    float, ndarray or pandas Series/DataFrame
    """
    return _map(lib.FPA_TVM_DB, lib.fpa_tvm_db, ("cost", "salvage", "life", "period", "month"),
                (cost, salvage, life, period, month), None, errors)
