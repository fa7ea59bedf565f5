# SPDX-License-Identifier: GPL-3.0-or-later
"""Forecasting (the C header ``fpa/forecast.h``): benchmarks, exponential
smoothing with automatic model selection, Theta, the ETS combination,
prediction intervals, batches, backtests, rolling forecasts, classical
decomposition and the seasonality test.

Conventions
-----------
- A series is a 1-D array, a list or a pandas Series, in time order; NaN
  marks a missing value (leading NaNs are dropped, short gaps filled; the
  C header states the policy). float64 arrays reach C without a copy.
- Methods are strings: ``"auto"`` (ETS selected by AICc, the same as
  ``"ets"``), ``"naive"``, ``"snaive"``, ``"naive2"``, ``"drift"``,
  ``"ma"``, ``"linear"``, ``"ses"``, ``"holt"``, ``"damped"``,
  ``"theta"``, ``"otheta"``, ``"combo"``, ``"arima"`` (`FORECAST_METHODS`).
- ARIMA (``method="arima"``): automatic orders as R's ``auto.arima()``, or
  ``order=(p, d, q)`` and ``seasonal=(P, D, Q)`` as R's ``Arima()``;
  ``constant`` ("auto", "none", "include", "mean", "drift"); regressors
  ("drivers") as ``xreg``, a 2-D array or a DataFrame with one row per value
  of the series, and their future values as ``xreg`` of ``predict`` (or
  ``xreg_future`` of `forecast`), one row per period ahead: a model with
  drivers cannot forecast without them; ``coef`` fixes coefficients (NaN
  where estimated).
- Levels of prediction intervals are percentages, ``level=(80, 95)``;
  levels all below 1 are fractions, as in R (``level=0.95`` is 95 %).
- Options are keywords, the names of the ``forecast.*`` options without
  the prefix (``max_gap=6``, ``ets_restarts=2``, ``npaths=20000``) plus
  ``threads`` and ``seed``; enumerated ones take names:
  ``ets_error``/``ets_trend``/``ets_season`` ("auto", "none", "additive",
  "multiplicative", "damped", or R's letters "Z", "N", "A", "M", "Ad"),
  ``model="MAM"`` (R's three-letter ETS model, "ZZZ" = auto), ``ic``
  ("aicc", "aic", "bic"), ``adjust`` ("never", "test", "always"),
  ``decomposition`` ("multiplicative", "additive"), ``intervals``
  ("auto", "simulate"), ``window`` ("expanding", "sliding"),
  ``arima_approximation`` ("auto", "always", "never"), ``arima_constant``
  ("auto", "none", "include"); ``arima_max_p`` ... ``arima_stepwise`` are
  numbers.
- The seasonal period defaults to the frequency of a pandas input's index
  (monthly 12, quarterly 4, weekly 52, annual 1, daily 7), else 12.
- pandas in, pandas out: a Series with a PeriodIndex or DatetimeIndex
  gives DataFrames indexed by the periods that follow, with columns
  ``mean``, ``lower_80``, ``upper_80``, ``lower_95``, ``upper_95``.
"""
import collections

import numpy as np

from ._arrays import is_frame, is_series, pandas, pandas_numbers
from ._tables import time_index
from ._core import (check, count, counts, dptr, f64, f64nd, make_options, number, opts_ptr,
                    sizeptr, invalid, Handle, OutOfMemoryError, _BY_CODE, Error, pinned, watch,
                    levels_percent, error_for)
from ._fpa_cffi import ffi, lib
from .wc import _enum

__all__ = ["forecast", "ForecastModel", "ForecastResult", "forecast_batch", "BatchForecast",
           "backtest", "Backtest", "RollingForecast", "Outlook", "LagErrors", "decompose",
           "Decomposition", "seasonality_test", "ArimaOrder", "FORECAST_METHODS",
           "ETS_COMPONENTS", "ARIMA_CONSTANTS"]


#: Horizon when none is given (``FPA_FORECAST_DEFAULT_HORIZON``, as the ``fpa`` command).
DEFAULT_HORIZON = lib.FPA_FORECAST_DEFAULT_HORIZON

# ---- names of the C enumerations -------------------------------------------------

# the enum's own spellings ("moving_average"); the library's names ("ma")
# are looked up by fpa_forecast_method_find
_METHOD = _enum("fpa_forecast_method", "FPA_FORECAST_", {"auto": lib.FPA_FORECAST_ETS})
#: Method names, as ``fpa_forecast_method_name`` gives them, in the C enum's order.
FORECAST_METHODS = tuple(ffi.string(lib.fpa_forecast_method_name(v)).decode()
                         for v in sorted(set(_METHOD.values())))
_COMPONENT = _enum("fpa_ets_component", "FPA_ETS_",
                   {"z": lib.FPA_ETS_AUTO, "n": lib.FPA_ETS_NONE, "a": lib.FPA_ETS_ADDITIVE,
                    "m": lib.FPA_ETS_MULTIPLICATIVE, "ad": lib.FPA_ETS_DAMPED})
#: Names of the ETS component choices.
ETS_COMPONENTS = ("auto", "none", "additive", "multiplicative", "damped")
_CHOICES = {
    "ets_error": _COMPONENT, "ets_trend": _COMPONENT, "ets_season": _COMPONENT,
    "ic": _enum("fpa_forecast_ic", "FPA_FORECAST_IC_"),
    "adjust": _enum("fpa_forecast_adjust", "FPA_ADJUST_"),
    "decomposition": _enum("fpa_decomposition", "FPA_DECOMPOSITION_"),
    "intervals": _enum("fpa_forecast_intervals", "FPA_INTERVALS_"),
    "window": {"expanding": 0, "sliding": 1},
    "arima_approximation": {"auto": 0, "always": 1, "never": 2},
    "arima_constant": {"auto": 0, "none": 1, "include": 2},
}
_CONSTANT = _enum("fpa_arima_constant", "FPA_ARIMA_CONSTANT_")
#: The constant choices of an ARIMA (``constant=``), in the C enum's order.
ARIMA_CONSTANTS = tuple(k for k, _ in sorted(_CONSTANT.items(), key=lambda kv: kv[1]))
_PARAM = _enum("fpa_forecast_param", "FPA_PARAM_")
_PARAM_NAMES = tuple(k for k, _ in sorted(_PARAM.items(), key=lambda kv: kv[1]))


def _lookup(table, value, what):
    if isinstance(value, str) and value.lower() in table:
        return table[value.lower()]
    names = ", ".join(repr(k) for k in table)
    raise invalid(f"{what} is {value!r}; expected one of {names}")


def _method(method):
    if isinstance(method, (int, np.integer)) and not isinstance(method, bool) \
            and int(method) in _METHOD.values():
        return int(method)
    if isinstance(method, str):
        key = method.lower()
        if key in _METHOD:
            return _METHOD[key]
        out = ffi.new("fpa_forecast_method *")
        if lib.fpa_forecast_method_find(out, key.encode()) == lib.FPA_OK:
            return int(out[0])
    raise invalid(f"method is {method!r}; expected 'auto' or one of "
                  + ", ".join(repr(m) for m in FORECAST_METHODS))


def _ets_model(text):
    """R's model string ("MAdM", "ZZZ", "ETS(M,Ad,M)") as option values."""
    s = str(text).upper().replace("ETS", "").strip("()").replace(",", "")
    if len(s) == 4 and s[1:3] == "AD":
        parts = (s[0], "AD", s[3])
    elif len(s) == 3:
        parts = tuple(s)
    else:
        raise invalid(f"model is {text!r}; expected R's form such as 'MAM', 'AAdN' or 'ZZZ'")
    keys = ("ets_error", "ets_trend", "ets_season")
    return {k: _lookup(_COMPONENT, p, "model") for k, p in zip(keys, parts)}


def _options(values, base=None):
    """The fpa.Options of a call: names resolved in the forecast module,
    enumerated values given by name converted to their numbers."""
    values = dict(values)
    if "model" in values:
        model = values.pop("model")
        if model is not None:
            values.update(_ets_model(model))
    for name, value in list(values.items()):
        key = name[len("forecast."):] if name.startswith("forecast.") else name
        if isinstance(value, str):
            if key not in _CHOICES:
                raise invalid(f"option {name} must be a number, not {value!r}")
            values[name] = _lookup(_CHOICES[key], value, f"option {name}")
        elif value is None:
            del values[name]
    return make_options("forecast", values, base)


# ---- arrays, periods and pandas indexes ----------------------------------------------

def _empty(shape, what="result"):
    """np.empty, with a refused allocation reported as the library would."""
    try:
        return np.empty(shape)
    except (MemoryError, ValueError) as e:
        raise OutOfMemoryError(lib.FPA_ENOMEM, f"{what} of shape {shape}: {e}") from None


_FREQ_PERIOD = {"M": 12, "MS": 12, "ME": 12, "BM": 12, "BMS": 12, "Q": 4, "QS": 4, "QE": 4,
                "BQ": 4, "BQS": 4, "W": 52, "A": 1, "Y": 1, "AS": 1, "YS": 1, "YE": 1,
                "BA": 1, "BY": 1, "D": 7, "B": 5, "H": 24}


def _freq(index):
    pd = pandas()
    if pd is None:
        return None
    if isinstance(index, pd.PeriodIndex):
        return index.freqstr
    if isinstance(index, pd.DatetimeIndex):
        if index.freqstr:
            return index.freqstr
        return pd.infer_freq(index) if len(index) >= 3 else None
    return None


def _index_period(index):
    """Seasonal period of a pandas index's frequency, or None."""
    freq = _freq(index) if index is not None else None
    if not freq:
        return None
    return _FREQ_PERIOD.get(freq.split("-")[0])


def _period(period, index):
    if period is None:
        period = _index_period(index) or 12
    return count(period, "period")


def _future_index(index, h):
    """The `h` labels that follow a pandas index: the next periods of a
    PeriodIndex or of a DatetimeIndex with a frequency, the next integers
    of an integer index, else positions."""
    pd = pandas()
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(index[-1] + 1, periods=h, freq=index.freq)
    if isinstance(index, pd.DatetimeIndex):
        freq = _freq(index)
        if freq:
            return pd.date_range(index[-1], periods=h + 1, freq=freq)[1:]
    if len(index) and index.dtype.kind in "iu":
        return pd.RangeIndex(int(index[-1]) + 1, int(index[-1]) + 1 + h)
    return pd.RangeIndex(len(index), len(index) + h)


def _extend(index, k, labels=None):
    """`index` followed by `labels` (or the k labels that follow it)."""
    if index is None:
        return None
    return index.append(labels if labels is not None else _future_index(index, k))


def _labels_of(index):
    """A pandas index, as the time index its period labels name when they
    are strings such as "2023-10" (``read_csv(index_col=...)``)."""
    t = time_index(index)
    return index if t is None else t


def _series(y, name="y"):
    """(float64 array, pandas index or None) of a series argument."""
    if is_series(y):
        return np.ascontiguousarray(pandas_numbers(y, name, missing="nan")), _labels_of(y.index)
    if is_frame(y):
        raise invalid(f"{name} must be one series; use fpa.forecast_batch for a DataFrame")
    return f64(y, name), None


def _levels(level):
    return levels_percent(level)


def _level_label(x):
    return f"{x:g}"


def _horizon(h, name="horizon"):
    return count(h, name)


def _ptr(a):
    return dptr(a) if a is not None and a.size else ffi.NULL


def _status_name(code):
    return ffi.string(lib.fpa_status_name(int(code))).decode()


# ---- ARIMA: drivers and specifications ----------------------------------------------------

#: Orders of an ARIMA model (`ForecastModel.arima_order`).
ArimaOrder = collections.namedtuple("ArimaOrder", "p d q P D Q period constant drivers")
ArimaOrder.__doc__ = ("The orders of a fitted ARIMA(p,d,q)(P,D,Q)period: the seasonal "
                      "period (1 without a seasonal part), the constant term (\"none\", "
                      "\"mean\" or \"drift\") and the number of drivers.")


def _drivers(x, name, rows=None):
    """(C-contiguous float64 rows x drivers array, column names or None) of
    a drivers argument: a 2-D array, a 1-D one (one driver), a DataFrame or
    a Series."""
    names = None
    if x is None:
        raise invalid(f"{name} is None")
    if is_frame(x):
        names = [str(c) for c in x.columns]
        a = x.to_numpy(dtype=np.float64, na_value=np.nan)
    elif is_series(x):
        names = [str(x.name)] if x.name is not None else None
        a = x.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        a = f64nd(x, name)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2 or a.size == 0:
        raise invalid(f"{name} must be rows x drivers (2-D, not empty), not of shape {a.shape}")
    if rows is not None and a.shape[0] != rows:
        raise invalid(f"{name} has {a.shape[0]} rows; expected {rows}")
    return np.ascontiguousarray(a), names


def _drivers_c(a):
    """An fpa_forecast_drivers (collected with the object) of a 2-D array."""
    p = ffi.new("fpa_forecast_drivers **")
    check(lib.fpa_forecast_drivers_new(p, dptr(a), a.shape[0], a.shape[1], ffi.NULL))
    return ffi.gc(p[0], lib.fpa_forecast_drivers_free)


def _orders(value, name):
    if value is None:
        return (0, 0, 0)
    try:
        vals = tuple(value)
    except TypeError:
        raise invalid(f"{name} must be three orders, not {value!r}") from None
    if len(vals) != 3:
        raise invalid(f"{name} must be three orders, not {len(vals)}")
    return tuple(count(v, name) for v in vals)


def _arima_spec(order, seasonal, constant, xreg, coef):
    """The fpa_forecast_arima_spec of method="arima"'s keywords."""
    p = ffi.new("fpa_forecast_arima_spec **")
    check(lib.fpa_forecast_arima_spec_new(p, ffi.NULL))
    spec = ffi.gc(p[0], lib.fpa_forecast_arima_spec_free)
    if order is not None or seasonal is not None:
        check(lib.fpa_forecast_arima_spec_set_order(spec, *_orders(order, "order"),
                                                    *_orders(seasonal, "seasonal")))
    if constant is not None:
        check(lib.fpa_forecast_arima_spec_set_constant(
            spec, _lookup(_CONSTANT, constant, "constant")))
    if xreg is not None:
        d = _drivers_c(xreg)
        check(lib.fpa_forecast_arima_spec_set_drivers(spec, d))
        ffi.release(d)
    if coef is not None:
        c = f64(coef, "coef")
        check(lib.fpa_forecast_arima_spec_set_coef(spec, _ptr(c), c.size))
    return spec


def _fit(p, a, period, method, opts, arima):
    """fpa_forecast_fit, or fpa_forecast_arima_fit when ARIMA keywords are
    given: arima = (order, seasonal, constant, xreg, coef). Returns the
    drivers' column names (or None)."""
    m = _method(method)
    if all(v is None for v in arima):
        check(lib.fpa_forecast_fit(p, m, dptr(a), a.size, period, opts_ptr(opts)))
        return None
    if m != lib.FPA_FORECAST_ARIMA:
        raise invalid("order, seasonal, constant, xreg and coef are for method='arima'")
    order, seasonal, constant, xreg, coef = arima
    x, names = (None, None) if xreg is None else _drivers(xreg, "xreg", a.size)
    spec = _arima_spec(order, seasonal, constant, x, coef)
    check(lib.fpa_forecast_arima_fit(p, spec, dptr(a), a.size, period, opts_ptr(opts)))
    ffi.release(spec)
    return names


def _future(xreg, horizon, what="xreg"):
    """(h, drivers array or None, the drivers' index or None) of a forecast
    call: h is the rows of the future drivers when they are given."""
    if xreg is None:
        return _horizon(DEFAULT_HORIZON if horizon is None else horizon), None, None
    x, _ = _drivers(xreg, what)
    if horizon is not None and _horizon(horizon) != x.shape[0]:
        raise invalid(f"horizon is {horizon} but {what} has {x.shape[0]} rows")
    index = getattr(xreg, "index", None) if is_frame(xreg) or is_series(xreg) else None
    return x.shape[0], x, index


# ---- one forecast --------------------------------------------------------------------

class ForecastResult:
    """Point forecasts and prediction intervals of one series (numpy form;
    pandas inputs get the DataFrame of `frame` instead).

    Attributes
    ----------
    mean : ndarray, shape (h,)
        Point forecasts.
    lower, upper : ndarray, shape (len(levels), h)
        Interval bounds, one row per level.
    levels : tuple of float
        Interval levels in percent.
    model : str
        The model fitted (after any fallback), e.g. ``"ETS(M,A,M)"``.
    method : str
        The method used (``FORECAST_METHODS``).
    """

    def __init__(self, mean, lower, upper, levels, model, method):
        self.mean, self.lower, self.upper = mean, lower, upper
        self.levels, self.model, self.method = tuple(levels), model, method

    def __repr__(self):
        return f"<fpa.ForecastResult {self.model}, {self.mean.size} periods, levels {self.levels}>"

    def interval(self, level):
        """The bounds at one level.

        Parameters
        ----------
        level : float
            One of `levels`.

        Returns
        -------
        (ndarray, ndarray)
            Lower and upper bounds.
        """
        want = float(levels_percent(number(level, "level"))[0])
        for i, x in enumerate(self.levels):
            if x == want:
                return self.lower[i], self.upper[i]
        raise invalid(f"level {level!r} was not computed; levels are {self.levels}")

    def frame(self, index=None):
        """The result as a DataFrame with columns ``mean``, ``lower_80``,
        ``upper_80`` ... (one pair per level).

        Parameters
        ----------
        index : sequence, optional
            Labels of the forecast periods; default 0 .. h-1.

        Returns
        -------
        pandas.DataFrame
            ``attrs["model"]`` and ``attrs["method"]`` name the model.
        """
        import pandas as pd
        cols = {"mean": self.mean}
        for i, x in enumerate(self.levels):
            cols[f"lower_{_level_label(x)}"] = self.lower[i]
            cols[f"upper_{_level_label(x)}"] = self.upper[i]
        df = pd.DataFrame(cols, index=index)
        df.attrs["model"], df.attrs["method"] = self.model, self.method
        return df


class ForecastModel(Handle):
    """A fitted forecasting model (``fpa_forecast_fit``).

    Parameters
    ----------
    y : array_like or pandas.Series
        The series, in time order; NaN marks a missing value.
    period : int, optional
        Seasonal period (1 .. 366); default from a pandas index's
        frequency, else 12.
    method : str
        ``"auto"`` (default) or one of `FORECAST_METHODS`.
    order, seasonal : (int, int, int), optional
        ARIMA orders (p, d, q) and (P, D, Q) (``method="arima"``; default:
        chosen automatically, as R's ``auto.arima()``).
    constant : str, optional
        ARIMA's mean or drift, one of `ARIMA_CONSTANTS` (default "auto").
    xreg : 2-D array_like or pandas.DataFrame, optional
        ARIMA's drivers (regression with ARIMA errors), one row per value
        of `y`; `predict` then needs their future values.
    coef : array_like, optional
        ARIMA coefficients to fix, in `coef`'s order; NaN where estimated.
    options : fpa.Options, optional
    **option_values
        ``forecast.*`` options by short name (see the module's
        documentation), e.g. ``model="MAM"``, ``max_gap=6``.

    Raises
    ------
    fpa.InvalidArgumentError
        An empty series, an unknown method or option, a period out of range,
        ARIMA keywords with another method, drivers of another length.
    fpa.DomainError
        An infinite value, or a NaN among the drivers.
    fpa.DataError
        Missing values the policy refuses (all NaN, a long gap, a NaN last
        value), data too short for the method with ``fallback=False``,
        constant or collinear drivers.

    Examples
    --------
    >>> m = fpa.ForecastModel(sales, period=12)
    >>> m.name, m.params()["alpha"]
    >>> m.predict(12, level=95)
    >>> a = fpa.ForecastModel(sales, method="arima", xreg=plan[["pipeline"]])
    >>> a.arima_order, a.coef()
    >>> a.predict(xreg=plan_next[["pipeline"]])
    """

    def __init__(self, y, period=None, method="auto", *, order=None, seasonal=None,
                 constant=None, xreg=None, coef=None, options=None, **option_values):
        a, index = _series(y)
        self.period = _period(period, index)
        opts = _options(option_values, options)
        p = ffi.new("fpa_forecast_model **")
        names = _fit(p, a, self.period, method, opts, (order, seasonal, constant, xreg, coef))
        self._init(ffi.gc(p[0], lib.fpa_forecast_model_free), index, opts)
        self._xreg_names = names
        self.requested = FORECAST_METHODS[_method(method)]

    def _init(self, ptr, index, opts, owner=None):
        self._ptr, self._index, self._opts = ptr, index, opts
        self._owner, self._stamp = owner, owner._stamp if owner is not None else None
        self._xreg_names = None

    @classmethod
    def from_ets(cls, y, params, states, model, period=1, *, options=None, **option_values):
        """An ETS model from given smoothing parameters and initial states,
        without estimation (``fpa_forecast_ets_build``; R's
        ``ets(y, model = fit, use.initial.values = TRUE)``).

        Parameters
        ----------
        y : array_like or pandas.Series
            The series (finite values).
        params : dict or sequence
            ``alpha``, ``beta``, ``gamma``, ``phi`` (a dict, or a sequence in
            that order); the ones the model lacks are ignored.
        states : array_like
            Initial states in R's layout: level, slope if any, then the
            `period` seasonal states s1..sm (s1 the most recent).
        model : str
            R's model string, e.g. ``"MAM"``, ``"AAdN"``, ``"ETS(M,N,M)"``.
        period : int
            Seasonal period of the data.
        options : fpa.Options, optional
        **option_values

        Returns
        -------
        ForecastModel

        Raises
        ------
        fpa.InvalidArgumentError
            A model with an automatic component, or the wrong number of states.
        fpa.DomainError
            A value, state or parameter not finite or out of range.
        fpa.DataError
            A multiplicative model on non-positive data.
        """
        a, index = _series(y)
        if isinstance(params, dict):
            unknown = set(params) - {"alpha", "beta", "gamma", "phi"}
            if unknown:
                raise invalid(f"params: unknown names {sorted(unknown)}")
            params = [params.get(k, np.nan) for k in ("alpha", "beta", "gamma", "phi")]
        par = f64(params, "params")
        if par.size != 4:
            raise invalid(f"params has {par.size} values; give alpha, beta, gamma, phi")
        st = f64(states, "states", 1)
        self = cls.__new__(cls)
        self.period = _period(period, index)
        opts = _options(dict(option_values, model=model), options)
        p = ffi.new("fpa_forecast_model **")
        check(lib.fpa_forecast_ets_build(p, dptr(a), a.size, self.period, dptr(par), dptr(st),
                                         st.size, opts_ptr(opts)))
        self._init(ffi.gc(p[0], lib.fpa_forecast_model_free), index, opts)
        self.requested = "ets"
        return self

    # ---- the C object ----

    def _c(self):
        ptr = super()._c()
        if self._owner is None:
            return ptr
        owner = self._owner._ptr
        if owner is None or self._owner._stamp != self._stamp:
            raise invalid("this model belonged to a RollingForecast that has since "
                          "appended an actual or closed; read rolling.model again")
        return pinned(ptr, owner)

    def _summary(self):
        return f"{self.name} on {self.length} values, period {self.period}"

    # ---- reading ----

    @property
    def name(self):
        """The model fitted, after any fallback (``fpa_forecast_model_name``):
        ``"ETS(M,Ad,M)"``, ``"Theta"``, ``"Naive"`` ...

        Returns
        -------
        str
        """
        return ffi.string(lib.fpa_forecast_model_name(self._c())).decode()

    @property
    def method(self):
        """The method actually used (``fpa_forecast_model_method``); differs
        from `requested` after a fallback.

        Returns
        -------
        str
        """
        return FORECAST_METHODS[int(lib.fpa_forecast_model_method(self._c()))]

    @property
    def length(self):
        """Number of values fitted (``fpa_forecast_model_length``): the
        series without its leading NaNs, plus updates.

        Returns
        -------
        int
        """
        return int(lib.fpa_forecast_model_length(self._c()))

    def param(self, name):
        """One estimated quantity (``fpa_forecast_model_param``).

        Parameters
        ----------
        name : str
            ``"alpha"``, ``"beta"``, ``"gamma"``, ``"phi"``, ``"theta"``,
            ``"drift"``, ``"sigma2"``, ``"loglik"``, ``"aic"``, ``"aicc"``,
            ``"bic"``.

        Returns
        -------
        float

        Raises
        ------
        fpa.InvalidArgumentError
            An unknown name, or a quantity the model does not have.
        """
        out = ffi.new("double *")
        check(lib.fpa_forecast_model_param(out, self._c(), _lookup(_PARAM, name, "param")))
        return out[0]

    def params(self):
        """Every quantity the model has (`param` for each name).

        Returns
        -------
        dict
            name -> value, in the C enum's order.
        """
        out, got = ffi.new("double *"), {}
        for name in _PARAM_NAMES:
            if lib.fpa_forecast_model_param(out, self._c(), _PARAM[name]) == 0:
                got[name] = out[0]
        return got

    def states(self, final=True):
        """The state vector of an ETS-based model
        (``fpa_forecast_model_states``), in R's layout: level, slope, then
        the seasonal states s1..sm (s1 the most recent).

        Parameters
        ----------
        final : bool
            True: after the last value; False: the initial states.

        Returns
        -------
        ndarray

        Raises
        ------
        fpa.InvalidArgumentError
            The model has no states (not ETS, SES, Holt or damped).
        """
        n = ffi.new("size_t *")
        code = lib.fpa_forecast_model_states(ffi.NULL, 0, n, self._c(), int(bool(final)))
        if code not in (0, lib.FPA_ESIZE):
            check(code)
        out = np.empty(n[0])
        check(lib.fpa_forecast_model_states(_ptr(out), out.size, n, self._c(),
                                            int(bool(final))))
        return out

    def fitted(self):
        """In-sample one-step fitted values (``fpa_forecast_model_fitted``),
        one per value fitted; NaN where the method has none (the first
        value of a naive forecast).

        Returns
        -------
        ndarray, or pandas.Series on the last `length` labels of the index
        """
        out = np.empty(self.length)
        check(lib.fpa_forecast_model_fitted(_ptr(out), out.size, self._c()))
        if self._index is None:
            return out
        return pandas().Series(out, index=self._index[len(self._index) - out.size:],
                               name="fitted")

    # ---- forecasting ----

    def predict(self, horizon=None, level=(80, 95), *, xreg=None, options=None,
                **option_values):
        """Point forecasts and prediction intervals (``fpa_forecast_predict``,
        or ``fpa_forecast_predict_drivers`` with `xreg`).

        Parameters
        ----------
        horizon : int, optional
            Periods ahead, >= 1; default `DEFAULT_HORIZON`, or the rows of `xreg`.
        level : float or sequence of float
            Interval levels in percent, each in (0, 100); None or () for
            point forecasts only.
        xreg : 2-D array_like or pandas.DataFrame, optional
            The drivers' future values, one row per period ahead (an ARIMA
            fitted with drivers needs them).
        options : fpa.Options, optional
            Default: the options the model was fitted with.
        **option_values
            ``intervals="simulate"``, ``npaths=20000``, ``seed=7``.

        Returns
        -------
        ForecastResult, or pandas.DataFrame
            A DataFrame (columns ``mean``, ``lower_<level>``,
            ``upper_<level>``, indexed by the periods that follow, or by
            `xreg`'s time index) when the model was fitted to a pandas
            Series.

        Raises
        ------
        fpa.InvalidArgumentError
            horizon 0, a level outside (0, 100), a model with drivers
            without `xreg`, `xreg` with the wrong number of columns.
        fpa.DomainError
            A NaN among the future drivers.
        fpa.ResultOverflowError
            A forecast is not finite (an explosive trend far ahead).
        """
        h, x, xindex = _future(xreg, horizon)
        lev = _levels(level)
        opts = _options(option_values, options if options is not None else self._opts)
        res = _predict(self._c(), h, lev, opts, self.name, self.method, x)
        if self._index is None:
            return res
        pd = pandas()
        if isinstance(xindex, (pd.PeriodIndex, pd.DatetimeIndex)):
            return res.frame(xindex)
        return res.frame(_future_index(self._index, h))

    def simulate(self, horizon=None, npaths=1000, *, xreg=None, seed=None, options=None,
                 **option_values):
        """Sample paths of future values (``fpa_forecast_simulate``, or
        ``fpa_forecast_simulate_drivers`` with `xreg`).

        Parameters
        ----------
        horizon : int, optional
            Periods ahead, >= 1; default `DEFAULT_HORIZON`, or the rows of `xreg`.
        npaths : int
            Number of paths, >= 1.
        xreg : 2-D array_like or pandas.DataFrame, optional
            The drivers' future values (see `predict`).
        seed : int, optional
            The generator's seed (option ``seed``); the same seed gives the
            same paths.
        options : fpa.Options, optional
        **option_values

        Returns
        -------
        ndarray, shape (npaths, horizon)

        Raises
        ------
        fpa.InvalidArgumentError
            The model has no state-space form (linear, moving average,
            Theta, combination).
        """
        h, x, _ = _future(xreg, horizon)
        k = count(npaths, "npaths")
        if seed is not None:
            option_values["seed"] = seed
        opts = _options(option_values, options if options is not None else self._opts)
        out = _empty((k, h), "paths")
        if x is None:
            check(lib.fpa_forecast_simulate(_ptr(out), self._c(), h, k, opts_ptr(opts)))
        else:
            d = _drivers_c(x)
            check(lib.fpa_forecast_simulate_drivers(_ptr(out), self._c(), d, k, opts_ptr(opts)))
            ffi.release(d)
        return out

    @property
    def arima_order(self):
        """The orders of an ARIMA model (``fpa_forecast_model_arima``).

        Returns
        -------
        ArimaOrder

        Raises
        ------
        fpa.InvalidArgumentError
            The model is not an ARIMA (another method, or a fallback).
        """
        o, c, k = ffi.new("size_t[7]"), ffi.new("fpa_arima_constant *"), ffi.new("size_t *")
        check(lib.fpa_forecast_model_arima(o, c, k, self._c()))
        const = {v: n for n, v in _CONSTANT.items()}[int(c[0])]
        return ArimaOrder(*(int(o[i]) for i in range(7)), const, int(k[0]))

    def _coef(self):
        n = ffi.new("size_t *")
        code = lib.fpa_forecast_model_coef(ffi.NULL, ffi.NULL, 0, n, self._c())
        if code != 0:
            check(code)
        c, se = np.empty(n[0]), np.empty(n[0])
        check(lib.fpa_forecast_model_coef(_ptr(c), _ptr(se), n[0], n, self._c()))
        names = [ffi.string(lib.fpa_forecast_model_coef_name(self._c(), i)).decode()
                 for i in range(n[0])]
        if self._xreg_names:  # the drivers by their column names
            first = len(names) - len(self._xreg_names)
            names[first:] = self._xreg_names
        return names, c, se

    def coef(self):
        """The coefficients of an ARIMA model (``fpa_forecast_model_coef``),
        in R's order: ar1.., ma1.., sar1.., sma1.., intercept or drift, then
        the drivers (by their column names when they had some).

        Returns
        -------
        dict
            name -> value.

        Raises
        ------
        fpa.InvalidArgumentError
            The model is not an ARIMA.
        """
        names, c, _ = self._coef()
        return dict(zip(names, c.tolist()))

    def coef_se(self):
        """The standard errors of `coef` (R's ``sqrt(diag(var.coef))``, from
        the numerical Hessian; NaN for fixed coefficients).

        Returns
        -------
        dict
            name -> standard error.

        Raises
        ------
        fpa.InvalidArgumentError
            The model is not an ARIMA.
        """
        names, _, se = self._coef()
        return dict(zip(names, se.tolist()))

    def update(self, y):
        """Append new actuals without re-estimating (``fpa_forecast_model_update``):
        ETS-based models run their recursion over them, the others are
        re-estimated on the longer series.

        Parameters
        ----------
        y : float or array_like or pandas.Series
            New values, in time order, finite.

        Returns
        -------
        ForecastModel
            self.

        Raises
        ------
        fpa.DomainError
            A value is not finite (the model is unchanged).
        """
        if self._owner is not None:
            raise invalid("a RollingForecast's model cannot be updated; append to the "
                          "RollingForecast")
        a, index = _series(np.atleast_1d(y) if np.ndim(y) == 0 and not is_series(y) else y)
        check(lib.fpa_forecast_model_update(self._c(), _ptr(a), a.size))
        self._index = _extend(self._index, a.size, index)
        return self


def _predict(ptr, h, lev, opts, name, method, future=None):
    k = lev.size
    mean = _empty(h, "mean")
    lower, upper = _empty((k, h), "lower"), _empty((k, h), "upper")
    if future is None:
        check(lib.fpa_forecast_predict(dptr(mean), _ptr(lower), _ptr(upper), ptr, h,
                                       _ptr(lev), k, opts_ptr(opts)))
    else:
        d = _drivers_c(future)
        check(lib.fpa_forecast_predict_drivers(dptr(mean), _ptr(lower), _ptr(upper), ptr, d,
                                               _ptr(lev), k, opts_ptr(opts)))
        ffi.release(d)
    return ForecastResult(mean, lower, upper, lev.tolist(), name, method)


def forecast(y, period=None, method="auto", horizon=None, level=(80, 95), *, order=None,
             seasonal=None, constant=None, xreg=None, xreg_future=None, coef=None,
             options=None, **option_values):
    """Fit a method to a series and forecast it (``fpa_forecast_fit`` then
    ``fpa_forecast_predict``; for ARIMA with its keywords
    ``fpa_forecast_arima_fit`` and, with drivers,
    ``fpa_forecast_predict_drivers``).

    Parameters
    ----------
    y : array_like or pandas.Series
        The series; NaN marks a missing value.
    period : int, optional
        Seasonal period; default from a pandas index's frequency, else 12.
    method : str
        ``"auto"`` (ETS selected by AICc) or one of `FORECAST_METHODS`.
    horizon : int, optional
        Periods ahead, >= 1; default `DEFAULT_HORIZON`, or the rows of `xreg_future`.
    level : float or sequence of float
        Interval levels in percent; None for point forecasts only.
    order, seasonal, constant, xreg, coef
        ARIMA's keywords, as `ForecastModel` takes them (``method="arima"``).
    xreg_future : 2-D array_like or pandas.DataFrame, optional
        The drivers' values over the horizon, one row per period ahead
        (needed with `xreg`).
    options : fpa.Options, optional
    **option_values
        ``forecast.*`` options by short name: ``model="MAdM"``,
        ``ets_restarts=2``, ``intervals="simulate"``, ``seed=7`` ...

    Returns
    -------
    ForecastResult, or pandas.DataFrame
        For a pandas Series: a DataFrame indexed by the periods that follow
        (a PeriodIndex or DatetimeIndex continues its frequency) with
        columns ``mean``, ``lower_80``, ``upper_80``, ``lower_95``,
        ``upper_95``; ``attrs["model"]`` names the model.

    Raises
    ------
    fpa.Error
        As `ForecastModel` and `ForecastModel.predict`.

    Examples
    --------
    >>> s = pd.Series(values, index=pd.period_range("2021-01", periods=36, freq="M"))
    >>> fpa.forecast(s, horizon=12)              # DataFrame 2024-01 .. 2024-12
    >>> fpa.forecast(values, method="theta").mean
    >>> fpa.forecast(revenue, method="arima", xreg=drivers, xreg_future=plan)
    """
    a, index = _series(y)
    p = _period(period, index)
    h, x, xindex = _future(xreg_future, horizon, "xreg_future")
    lev = _levels(level)
    opts = _options(option_values, options)
    m = ffi.new("fpa_forecast_model **")
    _fit(m, a, p, method, opts, (order, seasonal, constant, xreg, coef))
    model = ffi.gc(m[0], lib.fpa_forecast_model_free)
    res = _predict(model, h, lev, opts, ffi.string(lib.fpa_forecast_model_name(model)).decode(),
                   FORECAST_METHODS[int(lib.fpa_forecast_model_method(model))], x)
    ffi.release(model)
    if index is None:
        return res
    pd = pandas()
    if isinstance(xindex, (pd.PeriodIndex, pd.DatetimeIndex)):
        return res.frame(xindex)
    return res.frame(_future_index(index, h))


# ---- batches ----------------------------------------------------------------------------

class BatchForecast:
    """Forecasts of many series made in one call (`forecast_batch`).

    Attributes
    ----------
    mean : ndarray, shape (nseries, h)
    lower, upper : ndarray, shape (nseries, len(levels), h)
    levels : tuple of float
    models : ndarray of str
        The model of each series ("" where it failed).
    status : ndarray of int
        Each series' C status, 0 (FPA_OK) or negative; failed series have
        NaN forecasts.
    names : list or None
        Labels of the series (a DataFrame's), else None.
    """

    def __init__(self, mean, lower, upper, levels, models, status, names=None, index=None,
                 failures=None):
        self.mean, self.lower, self.upper = mean, lower, upper
        self.levels, self.models, self.status = tuple(levels), models, status
        self.names, self.index = names, index
        self._failures = failures or {}

    def __len__(self):
        return self.mean.shape[0]

    def __repr__(self):
        return (f"<fpa.BatchForecast {len(self)} series x {self.mean.shape[1]} periods, "
                f"{int(np.count_nonzero(self.status))} failed>")

    @property
    def ok(self):
        """Which series were forecast.

        Returns
        -------
        ndarray of bool
        """
        return self.status == 0

    @property
    def errors(self):
        """The error of each failed series, with the library's message.

        Returns
        -------
        dict
            series position (or name) -> ``fpa.Error`` instance, e.g. a
            ``fpa.DataError`` whose ``detail`` says why an all-NaN series
            failed (``raise batch.errors[k]`` raises it).
        """
        keys = self.names if self.names is not None else range(len(self))
        return {k: self._failures.get(i) or _BY_CODE.get(int(s), Error)(int(s), "")
                for i, (k, s) in enumerate(zip(keys, self.status)) if s}

    def frame(self, layout="tidy", index=None):
        """The forecasts as a DataFrame.

        Parameters
        ----------
        layout : {"tidy", "wide"}
            ``"tidy"``: one row per series and period, columns ``series``,
            ``period``, ``mean``, ``lower_80`` ..., ``model``, ``status``.
            ``"wide"``: indexed by period, one column per (series, value).
        index : sequence, optional
            Labels of the forecast periods; default those of the input's
            time index, else 0 .. h-1.

        Returns
        -------
        pandas.DataFrame
        """
        import pandas as pd
        n, h = self.mean.shape
        names = list(self.names) if self.names is not None else list(range(n))
        index = self.index if index is None else index
        periods = pd.RangeIndex(h) if index is None else pd.Index(index)
        cols = {"mean": self.mean}
        for i, x in enumerate(self.levels):
            cols[f"lower_{_level_label(x)}"] = self.lower[:, i, :]
            cols[f"upper_{_level_label(x)}"] = self.upper[:, i, :]
        if layout == "wide":
            data = {(name, c): v[s] for s, name in enumerate(names) for c, v in cols.items()}
            df = pd.DataFrame(data, index=periods)
            df.columns = pd.MultiIndex.from_tuples(df.columns, names=["series", "value"])
            df.attrs["models"] = dict(zip(names, self.models.tolist()))
            df.attrs["status"] = dict(zip(names, [_status_name(s) for s in self.status]))
            df.attrs["errors"] = {k: str(e) for k, e in self.errors.items()}
            return df
        if layout != "tidy":
            raise invalid(f"layout is {layout!r}; expected 'tidy' or 'wide'")
        df = pd.DataFrame({"series": np.repeat(np.array(names, dtype=object), h),
                           "period": np.tile(np.asarray(periods, dtype=object), n)
                           if index is not None else np.tile(np.arange(h), n)})
        for c, v in cols.items():
            df[c] = v.reshape(-1)
        df["model"] = np.repeat(self.models, h)
        df["status"] = np.repeat([_status_name(s) for s in self.status], h)
        df.attrs["errors"] = {k: str(e) for k, e in self.errors.items()}
        return df


def _batch_input(y, offsets):
    """(values, offsets (uintp), names, time index) of forecast_batch's input."""
    if offsets is not None:
        values = f64(y, "values")
        off = counts(offsets, "offsets")
        if off.ndim != 1 or off.size < 2:
            raise invalid("offsets needs nseries + 1 >= 2 entries")
        if np.any(np.diff(off.astype(np.int64)) < 0):
            raise invalid("offsets decrease")
        if int(off[-1]) > values.size:
            raise invalid(f"offsets[-1] = {int(off[-1])} is past the {values.size} values")
        return values, off, None, None
    if is_frame(y):
        down, across = time_index(y.index), time_index(y.columns)
        if down is not None:  # time down the rows, one column per series
            m, names, index = pandas_numbers(y, "y", missing="nan").T, y.columns, down
        else:
            m, names, index = pandas_numbers(y, "y", missing="nan"), y.index, across
        m = np.ascontiguousarray(m)
        if m.size == 0:
            raise invalid("the DataFrame is empty")
        off = np.arange(m.shape[0] + 1, dtype=np.uintp) * m.shape[1]
        return m.reshape(-1), off, list(names), index
    if isinstance(y, np.ndarray) or not _ragged(y):
        a = f64nd(y, "y")
        if a.ndim == 1:
            a = a.reshape(1, -1)
        if a.ndim != 2 or a.size == 0:
            raise invalid(f"y must be a 2-D array (series x periods), not of shape {a.shape}")
        a = np.ascontiguousarray(a)
        off = np.arange(a.shape[0] + 1, dtype=np.uintp) * a.shape[1]
        return a.reshape(-1), off, None, None
    names = list(y) if isinstance(y, dict) else None
    items = y.values() if isinstance(y, dict) else y
    parts = [_series(s, f"y[{i}]")[0] for i, s in enumerate(items)]
    if not parts:
        raise invalid("y holds no series")
    off = np.zeros(len(parts) + 1, dtype=np.uintp)
    off[1:] = np.cumsum([p.size for p in parts])
    return np.ascontiguousarray(np.concatenate(parts)), off, names, None


def _series_error(method, y, period, h, lev, opts):
    """The exception one series raises in a strict batch of its own."""
    y = np.ascontiguousarray(y)
    mean, band = np.empty(h), np.empty(max(lev.size, 1) * h)
    off = np.array([0, y.size], dtype=np.uintp)
    code = lib.fpa_forecast_batch(dptr(mean), dptr(band), dptr(band.copy()), ffi.NULL, ffi.NULL,
                                  _method(method), _ptr(y), sizeptr(off), 1, period, h,
                                  _ptr(lev), lev.size, opts_ptr(opts))
    if code == 0:
        return None
    e = error_for(code)
    prefix = "series 0: "
    return type(e)(e.code, e.detail[len(prefix):] if e.detail.startswith(prefix) else e.detail)


def _ragged(y):
    """A dict, or a list of sequences (or Series) of different lengths."""
    if isinstance(y, dict):
        return True
    try:
        lens = {len(s) for s in y}
    except TypeError:  # None, a number, or a list of numbers
        return False
    return len(lens) > 1 or any(is_series(s) for s in y)


def forecast_batch(y, period=None, method="auto", horizon=DEFAULT_HORIZON, level=(80, 95), *,
                   offsets=None, layout="tidy", strict=False, progress=False, options=None,
                   **option_values):
    """Fit one method to many series and forecast each, in one C call on
    several threads (``fpa_forecast_batch``). Results do not depend on the
    thread count.

    Parameters
    ----------
    y : 2-D array_like, list or dict of series, or pandas.DataFrame
        - a 2-D float64 array, series x periods (C order: no copy); pad
          shorter series with leading NaNs, which are dropped;
        - a list (or dict) of 1-D series of any lengths (copied once);
        - with `offsets`: all series concatenated, series i being
          ``y[offsets[i]:offsets[i+1]]`` (no copy);
        - a DataFrame: with a PeriodIndex or DatetimeIndex, one column per
          series (time down the rows); otherwise one row per series.
    period : int, optional
        Seasonal period of every series; default from the DataFrame's time
        index, else 12.
    method : str
        ``"auto"`` or one of `FORECAST_METHODS`.
    horizon : int
        Periods ahead.
    level : float or sequence of float
        Interval levels in percent; None for point forecasts only.
    offsets : array_like of int, optional
        ``nseries + 1`` non-decreasing offsets into a flat `y`.
    layout : {"tidy", "wide"}
        For a DataFrame input, the form of the result (`BatchForecast.frame`).
    strict : bool
        False (default): a series that fails gets its status and NaN
        forecasts and the others are still forecast. True: the first
        failing series raises its error (the detail names the series).
    progress : bool or callable
        True draws a progress bar on stderr; a callable
        ``progress(done, total)`` gets the series done so far and cancels
        by returning True. Ctrl-C stops the batch either way.
    options : fpa.Options, optional
    **option_values
        ``threads=0`` (one per CPU), ``seed``, and the ``forecast.*``
        options of `forecast`.

    Returns
    -------
    BatchForecast, or pandas.DataFrame for a DataFrame input

    Raises
    ------
    fpa.InvalidArgumentError
        Bad shapes or offsets, an unknown method or option.
    fpa.Error
        With ``strict=True``, the first failing series' error.

    Examples
    --------
    >>> res = fpa.forecast_batch(matrix, period=12, horizon=DEFAULT_HORIZON, threads=0)
    >>> res.mean.shape, res.models[:3], res.ok.all()
    """
    if layout not in ("tidy", "wide"):
        raise invalid(f"layout is {layout!r}; expected 'tidy' or 'wide'")
    values, off, names, index = _batch_input(y, offsets)
    n = off.size - 1
    p = _period(period, index)
    h, lev = _horizon(horizon), _levels(level)
    opts = _options(option_values, options)
    k = lev.size
    mean = _empty((n, h), "mean")
    lower, upper = _empty((n, k, h), "lower"), _empty((n, k, h), "upper")
    models = np.zeros(n, dtype=f"S{lib.FPA_FORECAST_NAME_MAX}")
    status = np.zeros(n, dtype=np.intc)
    with watch(opts, progress, "forecast batch") as o:
        check(lib.fpa_forecast_batch(
            dptr(mean), _ptr(lower), _ptr(upper), ffi.from_buffer("char[]", models),
            ffi.NULL if strict else ffi.cast("fpa_status *", ffi.from_buffer(status)),
            _method(method), _ptr(values), sizeptr(off), n, p, h, _ptr(lev), k, o))
    # the C batch keeps one status per series; each failed series is run
    # again alone, strictly, for its message
    failures = {int(i): _series_error(method, values[off[i]:off[i + 1]], p, h, lev, opts)
                for i in np.flatnonzero(status)}
    res = BatchForecast(mean, lower, upper, lev.tolist(),
                        np.char.decode(models, "ascii").astype(object), status.astype(int),
                        names, None if index is None else _future_index(index, h), failures)
    return res.frame(layout) if is_frame(y) else res


# ---- backtests --------------------------------------------------------------------------

class Backtest(Handle):
    """Results of a rolling-origin backtest (`backtest`, ``fpa_forecast_backtest``).

    Attributes
    ----------
    forecasts, actuals : ndarray or pandas.DataFrame, shape (origins, h)
        Origin i (oldest first), horizon j; DataFrames indexed by each
        origin's last training label, columns 1 .. h, for a pandas input.
    """

    def __init__(self, ptr, index, step):
        self._ptr = ptr
        o, h = ffi.new("size_t *"), ffi.new("size_t *")
        check(lib.fpa_forecast_backtest_size(o, h, ptr))
        self.origins, self.horizon = int(o[0]), int(h[0])
        f, a = np.empty((self.origins, self.horizon)), np.empty((self.origins, self.horizon))
        check(lib.fpa_forecast_backtest_values(_ptr(f), _ptr(a), f.size, ptr))
        self.forecasts, self.actuals = f, a
        if index is not None:
            pd = pandas()
            n, k = len(index), self.origins
            ends = [n - self.horizon - (k - 1 - i) * step for i in range(k)]
            labels = pd.Index([index[e - 1] for e in ends], name="origin")
            cols = pd.RangeIndex(1, self.horizon + 1, name="h")
            self.forecasts = pd.DataFrame(f, index=labels, columns=cols)
            self.actuals = pd.DataFrame(a, index=labels, columns=cols)

    def _summary(self):
        return f"{self.origins} origins x {self.horizon} periods"

    def error(self, metric="mae"):
        """An error measure per horizon and over every forecast
        (``fpa_forecast_backtest_error``); MASE is scaled by each origin's
        own training data.

        Parameters
        ----------
        metric : str
            One of ``fpa.METRICS``: "mae", "rmse", "mape", "smape", "wape",
            "mase", "bias".

        Returns
        -------
        (ndarray, float)
            The measure at horizons 1 .. h, and over all forecasts.

        Raises
        ------
        fpa.DomainError
            The measure is undefined on these data (MAPE with a zero actual).
        """
        from .accuracy import _metric
        by, overall = np.empty(self.horizon), ffi.new("double *")
        check(lib.fpa_forecast_backtest_error(dptr(by), overall, self._c(), _metric(metric)))
        return by, overall[0]


def backtest(y, period=None, method="auto", horizon=6, origins=5, *, progress=False,
             options=None, **option_values):
    """Rolling-origin evaluation (Tashman 2000): at each of `origins`
    origins, fit `method` to the data before it and forecast the next
    `horizon` known values (``fpa_forecast_backtest``).

    Parameters
    ----------
    y : array_like or pandas.Series
    period : int, optional
    method : str
    horizon : int
        >= 1.
    origins : int
        >= 1; the last origin is ``horizon`` values before the end.
    progress : bool or callable
        As in `forecast_batch` (units: origins).
    options : fpa.Options, optional
    **option_values
        ``window="sliding"`` (default "expanding"), ``window_length``,
        ``origin_step`` (periods between origins), ``threads``, and the
        options of `forecast`.

    Returns
    -------
    Backtest

    Raises
    ------
    fpa.InvalidArgumentError
        horizon or origins 0, or a series too short for them.
    fpa.Error
        As `forecast` for the failing origin.
    """
    a, index = _series(y)
    p = _period(period, index)
    h, k = _horizon(horizon), count(origins, "origins")
    opts = _options(option_values, options)
    bt = ffi.new("fpa_backtest **")
    with watch(opts, progress, "backtest") as o:
        check(lib.fpa_forecast_backtest(bt, _method(method), dptr(a), a.size, p, h, k, o))
    step = int(opts["forecast.origin_step"]) if opts is not None else 1
    return Backtest(ffi.gc(bt[0], lib.fpa_forecast_backtest_free), index, step)


# ---- rolling forecasts --------------------------------------------------------------------

#: Fiscal-year outlook of a `RollingForecast`: actual + forecast = total.
Outlook = collections.namedtuple("Outlook", "total actual forecast year")
Outlook.__doc__ = ("The fiscal year in progress: its actuals to date (actual) plus its "
                   "forecast to the year end (forecast) = total; year is its label, the "
                   "calendar year in which it ends.")
#: Error by forecast lag of a `RollingForecast`.
LagErrors = collections.namedtuple("LagErrors", "error count")
LagErrors.__doc__ = ("Accuracy by lag: for lags 1, 2, ..., the measure over every actual "
                     "forecast that many periods ahead (error; NaN while a lag has no pair) "
                     "and the number of pairs (count).")


def _start(start, index, period):
    """(calendar year, period within the year) of the first actual."""
    import datetime
    pd = pandas()
    if start is None and index is not None and pd is not None \
            and isinstance(index, (pd.PeriodIndex, pd.DatetimeIndex)) and len(index):
        start = index[0]
    if start is None:
        return 1, 1
    try:
        if isinstance(start, tuple) and len(start) == 2:
            return tuple(int(count(x, "start") if i else x) for i, x in enumerate(start))
        if pd is not None:
            ts = start.to_timestamp() if isinstance(start, pd.Period) else pd.Timestamp(start)
        else:
            ts = start if isinstance(start, datetime.date) \
                else datetime.date.fromisoformat(str(start))
    except (TypeError, ValueError, OverflowError) as e:
        raise invalid(f"start {start!r} is neither (year, period) nor a date: {e}") from None
    if period == 12:
        return ts.year, ts.month
    if period == 4:
        return ts.year, (ts.month - 1) // 3 + 1
    if period == 52:
        return ts.year, min(52, ts.isocalendar()[1])
    if period == 1:
        return ts.year, 1
    raise invalid(f"start: give (year, period) for period {period}")


class RollingForecast(Handle):
    """The finance team's rolling forecast (``fpa_forecast_rolling_new``):
    actuals to date and a forecast `horizon` periods ahead, re-forecast as
    each period closes, every forecast version kept for accuracy by lag.

    Parameters
    ----------
    y : array_like or pandas.Series
        Actuals to date.
    period : int, optional
        Periods per year (12, 4, 52, 1); default from the index, else 12.
    method : str
    horizon : int
        Periods to forecast, >= 1.
    start : (int, int), pandas.Period or date, optional
        Calendar year and period within it of the first actual; default
        from a PeriodIndex or DatetimeIndex, else (1, 1). Only the fiscal
        `outlook` needs it.
    options : fpa.Options, optional
    **option_values
        ``fiscal_start=4`` (April), ``rolling_update=True`` (keep the model
        and update its state on each close), and the options of `forecast`.

    Examples
    --------
    >>> rf = fpa.RollingForecast(sales, horizon=12, fiscal_start=4)
    >>> rf.append(1234.5).outlook()
    >>> rf.error_by_lag(3)
    """

    def __init__(self, y, period=None, method="auto", horizon=DEFAULT_HORIZON, *, start=None,
                 options=None, **option_values):
        a, self._index = _series(y)
        self.period = _period(period, self._index)
        year, first = _start(start, self._index, self.period)
        self.horizon = _horizon(horizon)
        opts = _options(option_values, options)
        p = ffi.new("fpa_rolling **")
        check(lib.fpa_forecast_rolling_new(p, _method(method), dptr(a), a.size, self.period,
                                           year, first, self.horizon, opts_ptr(opts)))
        self._ptr = ffi.gc(p[0], lib.fpa_forecast_rolling_free)
        self._stamp = 0

    def _summary(self):
        return (f"{self.actuals} actuals, {self.versions} versions, "
                f"horizon {self.horizon}, {self.model.name}")

    def _size(self):
        a, v = ffi.new("size_t *"), ffi.new("size_t *")
        check(lib.fpa_forecast_rolling_size(a, v, self._c()))
        return int(a[0]), int(v[0])

    @property
    def actuals(self):
        """Number of actuals.

        Returns
        -------
        int
        """
        return self._size()[0]

    @property
    def versions(self):
        """Number of forecast versions (one per close, the first at creation).

        Returns
        -------
        int
        """
        return self._size()[1]

    def append(self, actual):
        """Close periods: append each actual and re-forecast from the new
        origin (``fpa_forecast_rolling_append``), keeping each forecast as
        a new version.

        Parameters
        ----------
        actual : float or array_like or pandas.Series
            The new actual(s), finite, in time order.

        Returns
        -------
        RollingForecast
            self.

        Raises
        ------
        fpa.DomainError
            An actual is not finite (that one and later ones not appended).
        """
        values, index = _series(np.atleast_1d(actual) if np.ndim(actual) == 0
                                and not is_series(actual) else actual, "actual")
        for i, v in enumerate(values):
            self._stamp += 1
            check(lib.fpa_forecast_rolling_append(self._c(), float(v)))
            if self._index is not None:
                self._index = _extend(self._index, 1, None if index is None else index[i:i + 1])
        return self

    def _labels(self, start, k):
        """Labels of k periods from position `start` (0 = first actual)."""
        if self._index is None:
            return None
        n = len(self._index)
        if start + k <= n:
            return self._index[start:start + k]
        known = self._index[start:]
        return known.append(_future_index(self._index, start + k - n))

    def view(self):
        """Every actual followed by the current forecast of the next
        `horizon` periods (``fpa_forecast_rolling_view``).

        Returns
        -------
        ndarray, or pandas.Series on the actuals' index and the periods
        that follow
        """
        out = np.empty(self.actuals + self.horizon)
        check(lib.fpa_forecast_rolling_view(dptr(out), out.size, self._c()))
        if self._index is None:
            return out
        return pandas().Series(out, index=self._labels(0, out.size), name="view")

    def version(self, k=-1):
        """A forecast version (``fpa_forecast_rolling_version``): the
        `horizon` values forecast after close `k` (0 = at creation).

        Parameters
        ----------
        k : int
            0 .. versions - 1; negative counts from the latest (-1).

        Returns
        -------
        ndarray, or pandas.Series on the periods it forecast
        """
        na, nv = self._size()
        if isinstance(k, (int, np.integer)) and not isinstance(k, bool) and -nv <= k < 0:
            k += nv
        k = count(k, "version")
        out = np.empty(self.horizon)
        check(lib.fpa_forecast_rolling_version(dptr(out), out.size, self._c(), k))
        if self._index is None:
            return out
        first = na - nv + 1 + k
        return pandas().Series(out, index=self._labels(first, self.horizon), name=f"v{k}")

    def error_by_lag(self, max_lag=None, metric="mae"):
        """Accuracy by forecast lag (``fpa_forecast_rolling_error_by_lag``):
        for lag k, `metric` over every actual forecast k periods before it.

        Parameters
        ----------
        max_lag : int, optional
            Lags 1 .. max_lag (<= horizon); default the horizon.
        metric : str
            One of ``fpa.METRICS``; MASE is scaled by the seasonal naive
            error of all the actuals.

        Returns
        -------
        LagErrors
            ``error`` (NaN for a lag with no forecast/actual pair yet) and
            ``count``, arrays for lags 1 .. max_lag.
        """
        from .accuracy import _metric
        k = count(max_lag, "max_lag", self.horizon)
        out, cnt = np.empty(k), np.zeros(k, dtype=np.uintp)
        check(lib.fpa_forecast_rolling_error_by_lag(_ptr(out), sizeptr(cnt) if k else ffi.NULL,
                                                    k, self._c(), _metric(metric)))
        return LagErrors(out, cnt.astype(np.int64))

    def outlook(self):
        """Fiscal-year outlook (``fpa_forecast_rolling_outlook``): the year
        in progress, actuals to date plus the forecast to the year end (the
        forecast reaches the year end even beyond the horizon).

        Returns
        -------
        Outlook
            ``total``, ``actual``, ``forecast`` and the fiscal ``year`` label.
        """
        t, a, f = ffi.new("double *"), ffi.new("double *"), ffi.new("double *")
        y = ffi.new("int *")
        check(lib.fpa_forecast_rolling_outlook(t, a, f, y, self._c()))
        return Outlook(t[0], a[0], f[0], int(y[0]))

    @property
    def model(self):
        """The current model (``fpa_forecast_rolling_model``), read-only.
        It becomes invalid at the next `append` (its calls then raise).

        Returns
        -------
        ForecastModel
        """
        m = ForecastModel.__new__(ForecastModel)
        m._init(lib.fpa_forecast_rolling_model(self._c()), None, None, owner=self)
        m.period, m.requested = self.period, None
        return m


# ---- decomposition and seasonality ---------------------------------------------------------

Decomposition = collections.namedtuple("Decomposition", "trend seasonal figure")
Decomposition.__doc__ = ("A classical decomposition: the centred moving average (trend, NaN "
                         "at both ends), the seasonal component of each value (seasonal), and "
                         "the `period` seasonal indices (figure[i] for positions i, i + period "
                         "...).")


def decompose(y, period=None, type="multiplicative"):
    """Classical decomposition, as R's ``decompose()`` (``fpa_forecast_decompose``).

    Parameters
    ----------
    y : array_like or pandas.Series
        At least two seasons of finite values.
    period : int, optional
        2 .. 366; default from a pandas index, else 12.
    type : {"multiplicative", "additive"}

    Returns
    -------
    Decomposition
        Arrays, or Series on the input's index (``figure`` indexed by
        position in the season, counted from the first value).

    Raises
    ------
    fpa.DataError
        Fewer than two seasons, or a zero trend for a multiplicative one.
    fpa.DomainError
        A value not finite.
    """
    a, index = _series(y)
    p = _period(period, index)
    kind = _lookup(_CHOICES["decomposition"], type, "type")
    trend, seasonal, figure = _empty(a.size), _empty(a.size), _empty(p)
    check(lib.fpa_forecast_decompose(_ptr(trend), _ptr(seasonal), _ptr(figure), _ptr(a),
                                     a.size, p, kind))
    if index is None:
        return Decomposition(trend, seasonal, figure)
    pd = pandas()
    return Decomposition(pd.Series(trend, index=index, name="trend"),
                         pd.Series(seasonal, index=index, name="seasonal"),
                         pd.Series(figure, name="figure"))


def seasonality_test(y, period=None):
    """The M4 competition's seasonality test (``fpa_forecast_seasonality_test``):
    seasonal when there are at least three seasons and the lag-`period`
    autocorrelation exceeds its 90 % limit.

    Parameters
    ----------
    y : array_like or pandas.Series
        Finite values.
    period : int, optional
        Default from a pandas index, else 12; 1 is never seasonal.

    Returns
    -------
    bool

    Raises
    ------
    fpa.DomainError
        A value not finite.
    """
    a, index = _series(y)
    out = ffi.new("int *")
    check(lib.fpa_forecast_seasonality_test(out, _ptr(a), a.size, _period(period, index)))
    return bool(out[0])

