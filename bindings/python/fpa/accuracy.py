# SPDX-License-Identifier: GPL-3.0-or-later
"""Forecast accuracy (the C header ``fpa/accuracy.h``): the point and
interval error measures of R's ``forecast::accuracy()`` and the M4
competition.

Percentage measures (MAPE, sMAPE, WAPE, relative bias, coverage) are in
percent. These are the library's one set of definitions, for plans too
(`fpa.plan_metrics`); the table in ``fpa/accuracy.h`` relates them to the
1.0 conventions of `fpa.plan_accuracy`. Scaled
measures (MASE, MSIS) divide by the in-sample mean absolute error of the
seasonal naive forecast of period `period` (Hyndman & Koehler 2006).
Arrays are compared by position; pandas Series are taken by their values.
"""
import numpy as np

from ._core import check, count, dptr, f64, invalid, levels_percent, number
from ._fpa_cffi import ffi, lib
from .wc import _enum

__all__ = ["mae", "rmse", "mape", "smape", "wape", "mase", "bias", "relbias", "coverage",
           "msis", "owa", "accuracy", "accuracy_scale", "METRICS"]

_CODES = _enum("fpa_metric", "FPA_METRIC_")
#: Names of the point measures, as ``fpa_metric_name`` gives them.
METRICS = tuple(ffi.string(lib.fpa_metric_name(v)).decode() for v in sorted(_CODES.values()))


def _metric(name):
    """The C metric of a name ("mae", ..., or R's "me" for bias)."""
    if isinstance(name, str):
        key = "bias" if name.lower() == "me" else name.lower()
        out = ffi.new("fpa_metric *")
        if lib.fpa_metric_find(out, key.encode()) == 0:
            return out[0]
    raise invalid(f"metric is {name!r}; expected one of "
                  + ", ".join(repr(m) for m in METRICS + ("coverage", "msis")))


def _values(x, name):
    if type(x).__module__.startswith("pandas"):
        x = x.to_numpy(dtype=np.float64, na_value=np.nan)
    return f64(x, name)


def _arrays(**named):
    """The named arrays, which must all have one length."""
    out, n, first = {}, None, None
    for name, x in named.items():
        a = _values(x, name)
        if n is None:
            n, first = a.size, name
        elif a.size != n:
            raise invalid(f"{name} has {a.size} values but {first} has {n}")
        out[name] = a
    return out.values()


def _point(metric, actual, forecast, insample=None, period=1):
    y, f = _arrays(actual=actual, forecast=forecast)
    ins = None if insample is None else _values(insample, "insample")
    out = ffi.new("double *")
    check(lib.fpa_accuracy_metric(out, _metric(metric), dptr(y), dptr(f), y.size,
                                  ffi.NULL if ins is None else dptr(ins),
                                  0 if ins is None else ins.size, count(period, "period")))
    return out[0]


def mae(actual, forecast):
    """Mean absolute error, mean |actual - forecast|.

    Parameters
    ----------
    actual, forecast : array_like
        One forecast per actual.

    Returns
    -------
    float

    Raises
    ------
    fpa.InvalidArgumentError
        Empty or mismatched arrays.
    fpa.DomainError
        A value not finite.
    """
    return _point("mae", actual, forecast)


def rmse(actual, forecast):
    """Root mean squared error, sqrt(mean (actual - forecast)^2).

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float
    """
    return _point("rmse", actual, forecast)


def mape(actual, forecast):
    """Mean absolute percentage error, 100 mean |e| / |actual|.

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        An actual is zero (the measure is undefined; R reports Inf).
    """
    return _point("mape", actual, forecast)


def smape(actual, forecast):
    """Symmetric MAPE of the M4 competition, 200 mean |e| / (|actual| + |forecast|)
    (a term with both zero counts as 0).

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float
    """
    return _point("smape", actual, forecast)


def wape(actual, forecast):
    """Weighted absolute percentage error, 100 sum |e| / sum |actual|.

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        Every actual is zero.
    """
    return _point("wape", actual, forecast)


def bias(actual, forecast):
    """Mean error, mean (actual - forecast) (R's ME): positive when the
    forecasts were too low.

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float
    """
    return _point("bias", actual, forecast)


def relbias(actual, forecast):
    """Relative bias, 100 sum (actual - forecast) / sum |actual|: the bias
    as a percentage of the actuals' volume, the sign of `bias` (positive:
    the forecasts were too low).

    Parameters
    ----------
    actual, forecast : array_like

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        Every actual is zero.
    """
    return _point("relbias", actual, forecast)


def mase(actual, forecast, insample, period=1):
    """Mean absolute scaled error: MAE divided by the in-sample MAE of the
    seasonal naive forecast (Hyndman & Koehler 2006).

    Parameters
    ----------
    actual, forecast : array_like
    insample : array_like
        The training data, more than `period` values.
    period : int
        Seasonal period of the scale (1: the naive forecast).

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        Too few in-sample values, or a zero scale (a series that repeats
        itself exactly).
    """
    return _point("mase", actual, forecast, insample, period)


def accuracy_scale(insample, period=1):
    """The MASE scale: the in-sample mean absolute error of the seasonal
    naive forecast (``fpa_accuracy_scale``).

    Parameters
    ----------
    insample : array_like
        More than `period` values.
    period : int
        >= 1.

    Returns
    -------
    float

    Raises
    ------
    fpa.DomainError
        Too few values, or a zero scale.
    """
    a = _values(insample, "insample")
    out = ffi.new("double *")
    check(lib.fpa_accuracy_scale(out, dptr(a), a.size, count(period, "period")))
    return out[0]


def coverage(actual, lower, upper):
    """Percentage of actuals inside their prediction interval, bounds
    included (``fpa_accuracy_coverage``).

    Parameters
    ----------
    actual, lower, upper : array_like
        One interval per actual.

    Returns
    -------
    float
        0 .. 100.

    Raises
    ------
    fpa.DomainError
        A lower bound above its upper bound, or a value not finite.
    """
    y, lo, hi = _arrays(actual=actual, lower=lower, upper=upper)
    out = ffi.new("double *")
    check(lib.fpa_accuracy_coverage(out, dptr(y), dptr(lo), dptr(hi), y.size))
    return out[0]


def msis(actual, lower, upper, insample, level=95, period=1):
    """Mean scaled interval score of the M4 competition (``fpa_accuracy_msis``).

    Parameters
    ----------
    actual, lower, upper : array_like
    insample : array_like
        Training data for the scale, more than `period` values.
    level : float
        The intervals' coverage in percent, in (0, 100); 95 in M4 (0.95
        reads as 95, as in R).
    period : int

    Returns
    -------
    float

    Raises
    ------
    fpa.InvalidArgumentError
        A level outside (0, 100).
    fpa.DomainError
        A lower bound above its upper bound, or a zero scale.
    """
    y, lo, hi = _arrays(actual=actual, lower=lower, upper=upper)
    ins = _values(insample, "insample")
    out = ffi.new("double *")
    check(lib.fpa_accuracy_msis(out, dptr(y), dptr(lo), dptr(hi), y.size,
                                float(levels_percent(number(level, "level"))[0]), dptr(ins), ins.size,
                                count(period, "period")))
    return out[0]


def owa(smape, mase, smape_naive2, mase_naive2):
    """Overall weighted average of the M4 competition,
    (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2 (``fpa_accuracy_owa``).

    Parameters
    ----------
    smape, mase : float
        The method's averages over the series.
    smape_naive2, mase_naive2 : float
        Naive2's on the same series, > 0.

    Returns
    -------
    float
        Below 1: better than Naive2.

    Raises
    ------
    fpa.DomainError
        A value not finite, or a Naive2 figure not positive.
    """
    out = ffi.new("double *")
    check(lib.fpa_accuracy_owa(out, number(smape, "smape"), number(mase, "mase"),
                               number(smape_naive2, "smape_naive2"),
                               number(mase_naive2, "mase_naive2")))
    return out[0]


def accuracy(actual, forecast=None, metric=None, *, insample=None, period=1, lower=None,
             upper=None, level=95):
    """One or several accuracy measures at once.

    Parameters
    ----------
    actual : array_like
    forecast : array_like, optional
        Needed by the point measures.
    metric : str or sequence of str, optional
        Measures from `METRICS` (``"me"`` is accepted for ``"bias"``),
        ``"coverage"`` and ``"msis"``. Default: every point measure, MASE
        when `insample` is given, and coverage (and MSIS with `insample`)
        when `lower` and `upper` are given.
    insample : array_like, optional
        Training data, for MASE and MSIS.
    period : int
        Seasonal period of the scaled measures.
    lower, upper : array_like, optional
        Prediction intervals, for coverage and MSIS.
    level : float
        The intervals' level in percent, for MSIS.

    Returns
    -------
    float, or dict
        A float for one metric name, else name -> value.

    Raises
    ------
    fpa.InvalidArgumentError
        An unknown metric, or an input a metric needs is missing.
    fpa.DomainError
        A measure undefined on these data (MAPE with a zero actual ...).
    """
    single = isinstance(metric, str)
    if metric is None:
        names = [m for m in METRICS if m != "mase" or insample is not None] \
            if forecast is not None else []
        if lower is not None and upper is not None:
            names += ["coverage"] + (["msis"] if insample is not None else [])
    else:
        names = [metric] if single else list(metric)
    got = {}
    for name in names:
        key = str(name).lower()
        if key in ("coverage", "msis"):
            if lower is None or upper is None:
                raise invalid(f"{key} needs lower and upper")
            if key == "coverage":
                got[name] = coverage(actual, lower, upper)
            elif insample is None:
                raise invalid("msis needs insample")
            else:
                got[name] = msis(actual, lower, upper, insample, level, period)
            continue
        m = _metric(name)
        if forecast is None:
            raise invalid(f"{key} needs forecast")
        if m == lib.FPA_METRIC_MASE and insample is None:
            raise invalid("mase needs insample")
        got[name] = _point(name, actual, forecast, insample, period)
    if not got and not single:
        raise invalid("no metric to compute: give forecast, "
                      "or lower and upper")
    return got[metric] if single else got
