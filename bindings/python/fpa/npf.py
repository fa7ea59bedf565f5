# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy-financial 1.0, as a drop-in: ``import fpa.npf as npf``.

The functions of numpy-financial 1.0 (github.com/numpy/numpy-financial, tag
v1.0.0, numpy_financial/_financial.py) with its semantics, which differ from
the spreadsheet's (``fpa.npv`` and the rest):

- ``npv`` discounts ``values[0]`` zero periods: sum values[t] / (1+rate)^t;
- ``irr`` returns, of the real roots above -100 %, the one nearest zero, and
  NaN when there is none (the spreadsheet's IRR follows Newton from a guess);
- NaN in gives NaN out, element by element, and an input with no answer
  gives NaN or an infinity, never an exception;
- ``rate`` runs numpy-financial's Newton iteration (tolerance 1e-6 on the
  step, 100 iterations) on all the elements together, and returns NaN for
  every element when any of them has not converged;
- ``nper`` with any zero rate returns (pv - fv) / pmt for every element, as
  numpy-financial 1.0 computes it.

The formulas are the ones numpy-financial documents (OpenFormula, ODF 1.2
part 2), evaluated element-wise in numpy as numpy-financial evaluates them, so
that results, NaNs and infinities agree; the roots of ``irr`` come from the
C library (``fpa_tvm_irr_roots``) where numpy-financial uses
``numpy.roots`` (the two differ only on double roots, which
``fpa_tvm_irr_roots`` does not report).
"""
import numpy as np

from ._core import Error
from .tvm import irr_roots as _irr_roots

__all__ = ["fv", "pmt", "nper", "ipmt", "ppmt", "pv", "rate", "irr", "npv", "mirr"]

_WHEN = {"end": 0, "begin": 1, "e": 0, "b": 1, 0: 0, 1: 1, "beginning": 1, "start": 1,
         "finish": 0}


def _when(when):
    if isinstance(when, np.ndarray):
        return when
    try:
        return _WHEN[when]
    except (KeyError, TypeError):
        return [_WHEN[w] for w in when]


def _arrays(*args):
    return [np.asarray(a) for a in args]


def _growth_factor(rate, nper, when):
    """(1+rate)^nper and (1 + rate when) ((1+rate)^nper - 1) / rate (nper
    at a zero rate), with the zero rates masked as numpy-financial's pmt
    masks them (the values are the same either way)."""
    growth = (1 + rate) ** nper
    zero = rate == 0
    safe = np.where(zero, 1, rate)
    return growth, np.where(zero, nper, (1 + safe * when) * (growth - 1) / safe)


def _result(x):
    """A float for a 0-d result, as numpy-financial's scalar calls give."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def fv(rate, nper, pmt, pv, when="end"):
    """Future value: the fv solving
    ``fv + pv (1+rate)^nper + pmt (1 + rate when)/rate ((1+rate)^nper - 1) = 0``
    (``fv + pv + pmt nper = 0`` at a zero rate).

    Parameters
    ----------
    rate, nper, pmt, pv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    rate, nper, pmt, pv, when = _arrays(rate, nper, pmt, pv, _when(when))
    with np.errstate(divide="ignore", invalid="ignore"):
        growth, factor = _growth_factor(rate, nper, when)
        return _result(-(pv * growth + pmt * factor))


_future_value = fv


def pmt(rate, nper, pv, fv=0, when="end"):
    """Payment per period of an annuity (the equation of `fv`, solved for
    pmt).

    Parameters
    ----------
    rate, nper, pv, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    rate, nper, pv, fv, when = _arrays(rate, nper, pv, fv, _when(when))
    with np.errstate(divide="ignore", invalid="ignore"):
        growth, factor = _growth_factor(rate, nper, when)
        return _result(-(fv + pv * growth) / factor)


def pv(rate, nper, pmt, fv=0, when="end"):
    """Present value of an annuity (the equation of `fv`, solved for pv).

    Parameters
    ----------
    rate, nper, pmt, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    rate, nper, pmt, fv, when = _arrays(rate, nper, pmt, fv, _when(when))
    with np.errstate(divide="ignore", invalid="ignore"):
        growth, factor = _growth_factor(rate, nper, when)
        return _result(-(fv + pmt * factor) / growth)


def nper(rate, pmt, pv, fv=0, when="end"):
    """Number of periods of an annuity: log of the ratio of the terms of
    the annuity equation over log(1 + rate). With any zero rate (and a
    payment), numpy-financial 1.0 returns ``(pv - fv) / pmt`` for every
    element; so does this.

    Parameters
    ----------
    rate, pmt, pv, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    rate, pmt, pv, fv, when = _arrays(rate, pmt, pv, fv, _when(when))
    with np.errstate(all="ignore"):
        z = pmt * (1 + rate * when) / rate
        if np.any((rate == 0) & (pmt * (1 + rate * when) != 0)):
            return _result((-fv + pv) / pmt)  # numpy-financial 1.0's zero-rate branch
        at_zero = -(fv + pv) / (pmt + 0)
        general = np.log((-fv + z) / (pv + z)) / np.log(1 + rate)
        return _result(np.where(rate == 0, at_zero, general))


def ipmt(rate, per, nper, pv, fv=0, when="end"):
    """Interest part of payment number `per` (from 1): the rate times the
    balance before it; with payments at the start, over 1 + rate, and 0 for
    the first. Periods outside 1..nper are extrapolated, as numpy-financial
    does.

    Parameters
    ----------
    rate, per, nper, pv, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    rate, per, nper, pv, fv, when = np.broadcast_arrays(*_arrays(
        rate, per, nper, pv, fv, _when(when)))
    payment = np.asarray(pmt(rate, nper, pv, fv, when))
    balance = np.asarray(_future_value(rate, per - 1, payment, pv, when))
    with np.errstate(divide="ignore", invalid="ignore"):
        interest = balance * rate
        interest = np.where(when == 1, interest / (1 + rate), interest)
        interest = np.where((when == 1) & (per == 1), 0, interest)
    return _result(interest)


def ppmt(rate, per, nper, pv, fv=0, when="end"):
    """Principal part of payment number `per`: `pmt` minus `ipmt`.

    Parameters
    ----------
    rate, per, nper, pv, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}

    Returns
    -------
    float or ndarray
    """
    return _result(np.asarray(pmt(rate, nper, pv, fv, when))
                   - np.asarray(ipmt(rate, per, nper, pv, fv, when)))


def _newton_step(r, n, p, x, y, w):
    """g(r) / g'(r) for g(r) = y + x (1+r)^n + p (1 + r w) ((1+r)^n - 1) / r,
    the annuity equation (x = pv, y = fv, p = pmt, w = when)."""
    a, b = (1 + r) ** n, (1 + r) ** (n - 1)
    annuity = (a - 1) / r
    g = y + a * x + p * (1 + r * w) * annuity
    dg = n * b * x + p * w * annuity + p * (1 + r * w) * (n * b / r - annuity / r)
    return g / dg


def rate(nper, pmt, pv, fv, when="end", guess=None, tol=None, maxiter=100):
    """Rate per period of an annuity by numpy-financial's Newton iteration:
    from `guess` (0.1), every element at once, until every step is below
    `tol` (1e-6) or `maxiter` steps; NaN for every element when they have
    not all converged.

    Parameters
    ----------
    nper, pmt, pv, fv : scalar or array_like
    when : {'begin', 1, 'end', 0}
    guess : float, optional
    tol : float, optional
    maxiter : int

    Returns
    -------
    float or ndarray
    """
    when = _when(when)
    guess = 0.1 if guess is None else guess
    tol = 1e-6 if tol is None else tol
    nper, pmt, pv, fv, when = _arrays(nper, pmt, pv, fv, when)
    r, close = guess, False
    with np.errstate(all="ignore"):
        for _ in range(maxiter):
            nxt = r - _newton_step(r, nper, pmt, pv, fv, when)
            close = bool(np.all(np.abs(nxt - r) < tol))
            r = nxt
            if close:
                break
    return _result(np.asarray(r if close else np.nan + r))


def irr(values):
    """Internal rate of return, by numpy-financial's rule: of the real
    roots above -100 % of sum values[t] / (1+r)^t, the one nearest zero;
    NaN when there is none.

    Parameters
    ----------
    values : array_like, shape (N,)

    Returns
    -------
    float
    """
    try:
        roots = _irr_roots(values)
    except Error:
        return np.nan  # NaN flows, or fewer than two
    if roots.size == 0:
        return np.nan
    return float(roots[np.argmin(np.abs(roots))])


def npv(rate, values):
    """Net present value with the first value at t = 0:
    sum values[t] / (1 + rate)^t (the spreadsheet's ``fpa.npv`` times
    1 + rate).

    Parameters
    ----------
    rate : scalar
    values : array_like, shape (M,)

    Returns
    -------
    float
    """
    values = np.asarray(values)
    return _result((values / (1 + rate) ** np.arange(0, len(values))).sum(axis=0))


def mirr(values, finance_rate, reinvest_rate):
    """Modified internal rate of return (the spreadsheet's formula); NaN
    when the flows are not of both signs.

    Parameters
    ----------
    values : array_like
    finance_rate : scalar
    reinvest_rate : scalar

    Returns
    -------
    float
    """
    values = np.asarray(values)
    n = values.size
    pos, neg = values > 0, values < 0
    if not (pos.any() and neg.any()):
        return np.nan
    gains = np.abs(npv(reinvest_rate, values * pos))
    costs = np.abs(npv(finance_rate, values * neg))
    return _result((gains / costs) ** (1 / (n - 1)) * (1 + reinvest_rate) - 1)
