# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared KPIs over period series: growth, moving averages, P&L margins,
burn and runway (the C module fpa/kpi.h).

Series arguments are one series (1-D array, list, pandas Series) or a
matrix of series, rows x periods (2-D array, list of rows, DataFrame with
one row per series and one column per period). Results come back in the
same form; a DataFrame keeps its index and columns.

Undefined elements (growth from a zero base, a margin on zero revenue, a
CAGR from a non-positive start) are masked: the result is a
``numpy.ma.MaskedArray`` for numpy input, and float64 with NaN there for
pandas input, as pandas marks missing values itself (``pct_change``,
``rolling``), so ``plt.plot`` and ``np.nanmean`` take it as it is. With
``strict=True`` an undefined element raises `fpa.DomainError` naming it
instead, and numpy results are plain arrays.

Options are keyword arguments: ``threads=4`` shares the rows out between
threads (results are identical for every thread count), ``season`` is the
number of periods per year (kpi.season, default 12).
"""
from collections import namedtuple

import numpy as np

from ._core import (check, invalid, dptr, f64, make_options, number,
                    opts_ptr, scalar_call, count)
from ._fpa_cffi import ffi, lib
from ._tables import Matrix, mask_buffer, out_buffer

__all__ = ["growth_pop", "growth_yoy", "cagr", "cagr_rows", "sma", "wma", "ema",
           "margins", "Margins", "rule_of_40", "burn", "Burn", "runway",
           "months_of_cash"]

Margins = namedtuple("Margins", "gross_margin operating_margin ebitda ebitda_margin "
                     "opex_ratio")
Margins.__doc__ = """P&L KPIs of `fpa.margins`; an output whose inputs were not
given is None."""
Burn = namedtuple("Burn", "gross net")
Burn.__doc__ = """Gross and net burn of `fpa.burn` (net is None without cash_in)."""


def _options(values, options, **named):
    values = dict(values)
    values.update({k: v for k, v in named.items() if v is not None})
    return make_options("kpi", values, options)


def _season(opts):
    return int(opts["kpi.season"]) if opts is not None else 12


def _growth(cfun, x, lag, opts, strict):
    m = Matrix(x, "x")
    k = m.cols - lag
    out = out_buffer(m.rows * k)
    valid, vptr = mask_buffer(m.rows * k, strict)
    check(cfun(dptr(out), vptr, m.ptr, m.rows, m.cols, opts_ptr(opts)))
    shape = (m.rows, k)
    return m.result(out[:m.rows * k].reshape(shape),
                    None if valid is None else valid[:m.rows * k].reshape(shape), lag)


def growth_pop(x, *, strict=False, options=None, **option_values):
    """Period-over-period growth, ``(x[t] - x[t-1]) / abs(x[t-1])``.

    Dividing by the magnitude keeps the sign meaningful for a negative base
    (a loss shrinking from -100 to -50 is +50 %); for a positive base it is
    the spreadsheet's ``x[t] / x[t-1] - 1``.

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series (1-D) or rows x periods, at least 2 periods.
    strict : bool, keyword-only
        False (default): growth from a zero base is masked. True: it
        raises `fpa.DomainError`.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    numpy.ma.MaskedArray, ndarray, pandas Series or DataFrame
        numpy input: ``cols - 1`` values per series, element ``t - 1``
        being the growth into period ``t``. pandas input: the input's
        index and columns, the first period NaN (as ``pct_change``).

    Raises
    ------
    fpa.DomainError
        A value is NaN or infinite, or (strict) a base is zero.
    fpa.InvalidArgumentError
        Fewer than 2 periods, no series, or not numbers.
    fpa.ResultOverflowError
        A growth rate is not representable.
    """
    return _growth(lib.fpa_kpi_growth_pop, x, 1, _options(option_values, options), strict)


def growth_yoy(x, season=None, *, strict=False, options=None, **option_values):
    """Year-over-year growth, ``(x[t] - x[t-season]) / abs(x[t-season])``.

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series or rows x periods, more than `season` periods.
    season : int, optional
        Periods per year (12 monthly, 4 quarterly, 52 weekly): the lag.
        Default: the ``kpi.season`` option, 12.
    strict : bool, keyword-only
        Raise `fpa.DomainError` on a zero base instead of masking it.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    numpy.ma.MaskedArray, ndarray, pandas Series or DataFrame
        numpy input: ``cols - season`` values per series, element ``j``
        comparing period ``j + season`` with period ``j``. pandas input:
        the input's columns, the first `season` periods NaN.

    Raises
    ------
    fpa.InvalidArgumentError
        No more periods than `season`, or `season` outside 1..366.
    fpa.DomainError
        A value is NaN or infinite, or (strict) a base is zero.
    fpa.ResultOverflowError
        A growth rate is not representable.
    """
    opts = _options(option_values, options, season=season)
    return _growth(lib.fpa_kpi_growth_yoy, x, _season(opts), opts, strict)


def cagr(first, last, years):
    """Compound annual growth rate, ``(last / first) ** (1 / years) - 1``.

    The spreadsheet's ``RRI(years; first; last)``. Broadcasts over arrays.

    Parameters
    ----------
    first : float or array_like
        Value at the start, > 0.
    last : float or array_like
        Value at the end, >= 0 (-1 is returned for 0).
    years : float or array_like
        Elapsed years, > 0 (fractions allowed).

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.DomainError
        `first` <= 0, `last` < 0, `years` <= 0 or a non-finite input: a
        CAGR between values of different signs does not exist.
    """
    return scalar_call(lib.fpa_kpi_cagr, (first, last, years), ("first", "last", "years"))


def cagr_rows(x, season=None, *, strict=False, options=None, **option_values):
    """CAGR of each series from its first to its last period.

    ``years = (periods - 1) / season``. A series starting at a value <= 0
    or ending below 0 has no CAGR: masked (or, strict, an error).

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series or rows x periods, at least 2 periods.
    season : int, optional
        Periods per year; default the ``kpi.season`` option, 12.
    strict : bool, keyword-only
        Raise `fpa.DomainError` for a series without a CAGR.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    float, numpy.ma.MaskedArray, ndarray or pandas Series
        One series: a float (``numpy.ma.masked``, or NaN for a
        pandas Series, when undefined). Several: one rate per series (a
        Series on the DataFrame's index).

    Raises
    ------
    fpa.DomainError
        A value is not finite, or (strict) a series has no CAGR.
    fpa.InvalidArgumentError
        Fewer than 2 periods.
    """
    opts = _options(option_values, options, season=season)
    m = Matrix(x, "x")
    out = out_buffer(m.rows)
    valid, vptr = mask_buffer(m.rows, strict)
    check(lib.fpa_kpi_cagr_rows(dptr(out), vptr, m.ptr, m.rows, m.cols, opts_ptr(opts)))
    return m.row_result(out[:m.rows], None if valid is None else valid[:m.rows])


def _window_result(m, out, window):
    k = m.cols - window + 1
    return m.result(out[:m.rows * k].reshape(m.rows, k), None, window - 1)


def sma(x, window, *, options=None, **option_values):
    """Simple moving average over a trailing window (spreadsheet AVERAGE).

    Each window is summed afresh, so no rounding error accumulates.

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series or rows x periods, at least `window` periods.
    window : int
        Periods per average, >= 1.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    ndarray, pandas Series or DataFrame
        numpy input: ``cols - window + 1`` averages per series, element
        ``j`` averaging periods ``j .. j + window - 1``. pandas input: the
        input's columns, each average at its window's last period and
        NaN in the first ``window - 1`` (as ``rolling(window).mean()``).

    Raises
    ------
    fpa.InvalidArgumentError
        `window` is 0 or longer than the series.
    fpa.DomainError
        A value is not finite.
    """
    w = count(window, "window")
    m = Matrix(x, "x")
    out = out_buffer(m.rows * (m.cols - w + 1))
    check(lib.fpa_kpi_sma(dptr(out), m.ptr, m.rows, m.cols, w,
                          opts_ptr(_options(option_values, options))))
    return _window_result(m, out, w)


def wma(x, window=None, *, weights=None, options=None, **option_values):
    """Weighted moving average over a trailing window.

    ``SUMPRODUCT(window; weights) / SUM(weights)``, the first weight on the
    oldest period. Without weights the linear weights 1, 2, ..., window
    (newest heaviest) are used.

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series or rows x periods.
    window : int, optional
        Periods per average; may be omitted when `weights` is given.
    weights : array_like, keyword-only, optional
        `window` weights, each >= 0 with a positive sum.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    ndarray, pandas Series or DataFrame
        Laid out as `sma`'s.

    Raises
    ------
    fpa.InvalidArgumentError
        Neither window nor weights, a window that does not match the
        weights, or a window longer than the series.
    fpa.DomainError
        A value or weight is not finite, a weight is negative, or the
        weights sum to 0.
    """
    wts = None if weights is None else f64(weights, "weights")
    if wts is None and window is None:
        raise invalid("wma needs a window or weights")
    w = wts.size if window is None else count(window, "window")
    if wts is not None and wts.size != w:
        raise invalid(f"window is {w} but weights has {wts.size} values")
    m = Matrix(x, "x")
    out = out_buffer(m.rows * (m.cols - w + 1))
    check(lib.fpa_kpi_wma(dptr(out), m.ptr, m.rows, m.cols,
                          ffi.NULL if wts is None else dptr(wts), w,
                          opts_ptr(_options(option_values, options))))
    return _window_result(m, out, w)


def ema(x, alpha=None, *, span=None, options=None, **option_values):
    """Exponential moving average seeded with the first value.

    ``e[0] = x[0]``, ``e[t] = alpha * x[t] + (1 - alpha) * e[t-1]``:
    pandas' ``ewm(alpha=alpha, adjust=False).mean()``.

    Parameters
    ----------
    x : array_like, pandas Series or DataFrame
        One series or rows x periods, at least 1 period.
    alpha : float, optional
        Smoothing factor, 0 < alpha <= 1.
    span : float, keyword-only, optional
        Instead of alpha: ``alpha = 2 / (span + 1)``, as pandas' span.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    ndarray, pandas Series or DataFrame
        The same shape as `x`.

    Raises
    ------
    fpa.InvalidArgumentError
        Both or neither of alpha and span.
    fpa.DomainError
        A value is not finite, or alpha is outside (0, 1].
    """
    if (alpha is None) == (span is None):
        raise invalid("ema needs exactly one of alpha and span")
    a = 2.0 / (number(span, "span") + 1.0) if alpha is None else number(alpha, "alpha")
    m = Matrix(x, "x")
    out = out_buffer(m.rows * m.cols)
    check(lib.fpa_kpi_ema(dptr(out), m.ptr, m.rows, m.cols, a,
                          opts_ptr(_options(option_values, options))))
    return m.result(out[:m.rows * m.cols].reshape(m.rows, m.cols))


def margins(revenue, cogs, opex=None, da=None, *, strict=False, options=None,
            **option_values):
    """Gross, operating and EBITDA margins, EBITDA and the opex ratio.

    With revenue R, cost of goods sold C, operating expenses O (D&A
    included) and depreciation and amortisation D, all positive amounts:
    gross margin ``(R - C) / R``, operating margin ``(R - C - O) / R``,
    EBITDA ``R - C - O + D``, EBITDA margin ``EBITDA / R``, opex ratio
    ``O / R``. Element by element, for one value, one series or a matrix.

    Parameters
    ----------
    revenue, cogs : float, array_like, pandas Series or DataFrame
        The same shape.
    opex : like revenue, optional
        Needed for the operating margin, opex ratio and EBITDA outputs.
    da : like revenue, optional
        Needed for EBITDA and its margin (with `opex`).
    strict : bool, keyword-only
        Raise `fpa.DomainError` where revenue is zero instead of masking
        the ratios there.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    Margins
        ``(gross_margin, operating_margin, ebitda, ebitda_margin,
        opex_ratio)`` in the form of `revenue`; an output whose inputs were
        not given is None. The ratios are masked where revenue is 0;
        EBITDA is always defined. A scalar revenue gives scalars (a ratio
        is ``numpy.ma.masked`` when undefined).

    Raises
    ------
    fpa.InvalidArgumentError
        Shapes differ, or `da` without `opex`.
    fpa.DomainError
        A value is not finite, or (strict) revenue is 0.
    """
    if da is not None and opex is None:
        raise invalid("EBITDA needs opex as well as da")
    scalar = np.ndim(revenue) == 0 and not hasattr(revenue, "iloc")
    m = Matrix(np.atleast_1d(revenue) if scalar else revenue, "revenue")
    ins = [m.like(Matrix(np.atleast_1d(v) if scalar else v, n)) if v is not None else None
           for v, n in ((cogs, "cogs"), (opex, "opex"), (da, "da"))]
    n = m.rows * m.cols
    want = (True, opex is not None, da is not None, da is not None, opex is not None)
    outs = [out_buffer(n) if w else None for w in want]
    valid, vptr = mask_buffer(n, strict)
    check(lib.fpa_kpi_margins(*[dptr(o) if o is not None else ffi.NULL for o in outs], vptr,
                              m.ptr, *[i.ptr if i is not None else ffi.NULL for i in ins],
                              m.rows, m.cols, opts_ptr(_options(option_values, options))))
    mask = None if valid is None else valid[:n].reshape(m.rows, m.cols)
    res = []
    for k, o in enumerate(outs):
        if o is None:
            res.append(None)
            continue
        r = m.result(o[:n].reshape(m.rows, m.cols), None if k == 2 else mask)
        res.append(r[0] if scalar else r)
    return Margins(*res)


def rule_of_40(growth, margin):
    """Rule of 40 score: revenue growth + profit margin, as fractions.

    The rule is met at a score of at least 0.40 (Brad Feld, 2015).
    Broadcasts over arrays.

    Parameters
    ----------
    growth : float or array_like
        Revenue growth rate (e.g. from `growth_yoy`).
    margin : float or array_like
        Profit margin (EBITDA or free-cash-flow margin).

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.DomainError
        An input is not finite.
    """
    return scalar_call(lib.fpa_kpi_rule_of_40, (growth, margin), ("growth", "margin"))


def burn(cash_in, cash_out, *, options=None, **option_values):
    """Gross burn (cash paid out) and net burn (paid out less received).

    Parameters
    ----------
    cash_in : array_like, pandas Series or DataFrame, or None
        Cash receipts per period, >= 0. None: only the gross burn.
    cash_out : like cash_in
        Cash payments per period, >= 0, the same shape.
    options : fpa.Options, optional
    **option_values
        ``threads=n``.

    Returns
    -------
    Burn
        ``(gross, net)`` in the form of `cash_out`; net is negative where
        the period generated cash, None without `cash_in`.

    Raises
    ------
    fpa.DomainError
        A value is negative or not finite.
    fpa.InvalidArgumentError
        Shapes differ.
    """
    m = Matrix(cash_out, "cash_out")
    cin = None if cash_in is None else m.like(Matrix(cash_in, "cash_in"))
    n = m.rows * m.cols
    gross, net = out_buffer(n), None if cin is None else out_buffer(n)
    check(lib.fpa_kpi_burn(dptr(gross), ffi.NULL if net is None else dptr(net),
                           ffi.NULL if cin is None else cin.ptr, m.ptr, m.rows, m.cols,
                           opts_ptr(_options(option_values, options))))
    shape = (m.rows, m.cols)
    return Burn(m.result(gross[:n].reshape(shape)),
                None if net is None else m.result(net[:n].reshape(shape)))


_RULES = {"trailing_mean": lib.FPA_RUNWAY_TRAILING_MEAN, "mean": lib.FPA_RUNWAY_TRAILING_MEAN,
          "schedule": lib.FPA_RUNWAY_SCHEDULE}


def runway(cash, net_burn, rule="trailing_mean"):
    """Months the cash lasts at the given monthly net burn.

    Parameters
    ----------
    cash : float
        Cash available now, >= 0.
    net_burn : array_like
        Monthly net burns (see `burn`), at least one.
    rule : {'trailing_mean', 'schedule'}
        'trailing_mean': `net_burn` is history; runway = cash / its mean.
        'schedule': `net_burn` is the plan, month 1 first; the cash is
        spent down month by month, each month's burn evenly, and the
        runway is the (fractional) month where it reaches zero; after the
        plan the last burn continues.

    Returns
    -------
    float
        Months (0 when cash is 0).

    Raises
    ------
    fpa.UnboundedError
        The cash never runs out (the mean, or the last planned burn, is
        <= 0): never an infinity.
    fpa.DomainError
        `cash` < 0 or a value is not finite.
    fpa.InvalidArgumentError
        An unknown rule, or no burns.
    """
    try:
        r = _RULES[rule]
    except (KeyError, TypeError):
        raise invalid(f"rule is {rule!r}; expected 'trailing_mean' or 'schedule'") from None
    b = f64(net_burn, "net_burn")
    out = ffi.new("double *")
    check(lib.fpa_kpi_runway(out, number(cash, "cash"), dptr(b), b.size, r))
    return out[0]


def months_of_cash(cash, burn):
    """Months of cash at a constant monthly burn: ``cash / burn``.

    Broadcasts over arrays.

    Parameters
    ----------
    cash : float or array_like
        Cash available, >= 0.
    burn : float or array_like
        Monthly burn.

    Returns
    -------
    float or ndarray

    Raises
    ------
    fpa.UnboundedError
        `burn` <= 0: the cash never runs out.
    fpa.DomainError
        `cash` < 0 or an input is not finite.
    """
    return scalar_call(lib.fpa_kpi_months_of_cash, (cash, burn), ("cash", "burn"))
