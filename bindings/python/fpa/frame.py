# SPDX-License-Identifier: GPL-3.0-or-later
"""Long frames of many series, as statsforecast takes them: one row per
series and period, columns ``unique_id``, ``ds``, ``y`` and any drivers.

`forecast_frame` forecasts every series with several methods in one call
and `cross_validation_frame` backtests them over rolling windows; both
return long frames named as statsforecast's (``ets``, ``ets-lo-95``,
``ets-lo-80``, ``ets-hi-80``, ``ets-hi-95``). The forecasting is the C
library's: `fpa.forecast_batch` (one threaded C call per method over every
series, or every training window) and, for ARIMA with drivers,
`fpa.ForecastModel` series by series. This module only reshapes frames,
checks calendars and lays out the results.

Policies
--------
- Rows may come in any order; they are sorted by id then ``ds``. A
  duplicate (id, ds) pair, a missing id or ``ds``, or a gap in a series'
  calendar raises, naming the id.
- ``ds`` is datetime64 (its frequency inferred from the frame, or
  ``freq``), a pandas Period, or integers (steps of 1). The seasonal
  period follows the frequency (M 12, Q 4, Y 1, W 52, D 7, B 5, H 24),
  or ``period``.
- NaN in ``y`` is a missing value under the library's policy (leading
  NaNs dropped, gaps up to ``max_gap`` filled, otherwise the series fails).
- A series a method cannot forecast gets NaN in that method's columns and
  one `fpa.PartialResultWarning` naming each such id and the library's
  reason; ``strict=True`` raises instead. A series too short for a method
  is first handled by the library's fallback chain (``fallback=False``
  turns it off): ``attrs["models"][method][id]`` names the model each
  series actually got.
- Drivers: every column besides id, ``ds`` and ``y`` is a driver. Only
  ``"arima"`` (regression with ARIMA errors) takes them; the other methods
  forecast ``y`` alone, as statsforecast's models without exogenous
  support do. Drivers given with no method that takes them raise.
  `forecast_frame` needs their future values in ``X_df``, one row per
  series and future ``ds``; a missing row or a NaN raises, never zeros.
"""
import warnings

import numpy as np

from ._core import DataError, PartialResultWarning, invalid, count
from ._fpa_cffi import lib
from .forecast import (_FREQ_PERIOD, ForecastModel, forecast_batch, _levels, _level_label,
                       _horizon)

__all__ = ["forecast_frame", "cross_validation_frame"]

#: The methods that take drivers.
DRIVER_METHODS = ("arima",)


def _pd():
    import pandas as pd
    return pd


# ---- reading a long frame -------------------------------------------------------------------

class _Long:
    """A long frame as series: ids (in sorted order, their dtype kept),
    the flat y and drivers in (id, ds) order, offsets, and the calendar."""

    def __init__(self, df, id_col, time_col, target_col, freq, period):
        pd = _pd()
        if not isinstance(df, pd.DataFrame):
            raise invalid(f"df must be a pandas DataFrame, not {type(df).__name__}")
        for what, col in (("id_col", id_col), ("time_col", time_col),
                          ("target_col", target_col)):
            if col not in df.columns:
                raise invalid(f"{what} {col!r} is not a column of df "
                              f"(columns: {list(df.columns)})")
        if len(df) == 0:
            raise invalid("df has no rows")
        self.id_col, self.time_col = id_col, time_col
        self.drivers = [c for c in df.columns if c not in (id_col, time_col, target_col)]
        ids = df[id_col]
        if ids.isna().any():
            raise invalid(f"{id_col} is missing in row {int(np.flatnonzero(ids.isna())[0])}")
        try:
            codes, self.uniques = pd.factorize(ids, sort=True)
        except TypeError:  # ids of mixed types do not sort: first-seen order
            codes, self.uniques = pd.factorize(ids, sort=False)
        ds = _times(df[time_col], time_col)
        order = np.lexsort((ds.to_numpy() if self._kind(ds) == "int" else ds.array.asi8,
                            codes))
        self.codes, self.ds = codes[order], ds.iloc[order].reset_index(drop=True)
        self.y = np.ascontiguousarray(
            _numbers(df[target_col], target_col).to_numpy(np.float64, na_value=np.nan)[order])
        self.x = None
        if self.drivers:
            self.x = np.ascontiguousarray(_numbers_frame(df[self.drivers])[order])
        self.offsets = np.searchsorted(self.codes, np.arange(len(self.uniques) + 1))
        self._duplicates()
        self.kind = self._kind(self.ds)
        self.freq = self._frequency(freq)
        self.period = self._period(period)
        self._check_calendar()

    @staticmethod
    def _kind(ds):
        pd = _pd()
        if isinstance(ds.dtype, pd.PeriodDtype):
            return "period"
        return "datetime" if ds.dtype.kind == "M" else "int"

    def __len__(self):
        return len(self.uniques)

    def rows(self, i):
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))

    def name(self, i):
        return self.uniques[i]

    def _duplicates(self):
        same = np.zeros(self.codes.size, dtype=bool)
        same[1:] = (self.codes[1:] == self.codes[:-1]) & \
            (self.ds.to_numpy()[1:] == self.ds.to_numpy()[:-1])
        if same.any():
            j = int(np.flatnonzero(same)[0])
            raise invalid(f"{self.id_col} {self.name(self.codes[j])!r} has two rows at "
                          f"{self.time_col} {self.ds.iloc[j]}")

    def _frequency(self, freq):
        pd = _pd()
        if self.kind == "period":
            own = self.ds.dtype.freq
            if freq is not None and pd.tseries.frequencies.to_offset(freq) != own:
                raise invalid(f"freq is {freq!r} but {self.time_col} holds periods of "
                              f"{own.freqstr}")
            return own
        if self.kind == "int":
            if freq not in (None, 1):
                raise invalid(f"{self.time_col} holds integers: freq must be 1 or None, "
                              f"not {freq!r}")
            return 1
        if freq is not None:
            return pd.tseries.frequencies.to_offset(freq)
        # the first series with a regular calendar names the frequency; the
        # calendar check then holds every other series to it
        for i in range(len(self)):
            rows = self.rows(i)
            if rows.stop - rows.start >= 3:
                f = pd.infer_freq(pd.DatetimeIndex(self.ds.iloc[rows]))
                if f is not None:
                    self.inferred_from = self.name(i)
                    return pd.tseries.frequencies.to_offset(f)
        raise invalid(f"cannot infer the frequency of {self.time_col}: no series of three or "
                      f"more rows has a regular calendar; give freq=")

    def _period(self, period):
        if period is not None:
            return count(period, "period")
        if self.kind == "int":
            raise invalid(f"{self.time_col} holds integers, which name no season: give period=")
        code = self.freq.freqstr.split("-")[0].lstrip("0123456789")
        if code not in _FREQ_PERIOD:
            raise invalid(f"no seasonal period is known for frequency {self.freq.freqstr}; "
                          f"give period=")
        return _FREQ_PERIOD[code]

    def labels(self, first, n):
        """n calendar labels from `first` on."""
        pd = _pd()
        if self.kind == "int":
            return pd.Index(np.arange(n, dtype=np.int64) + int(first))
        if self.kind == "period":
            return pd.period_range(first, periods=n, freq=self.freq)
        return pd.date_range(first, periods=n, freq=self.freq)

    def _check_calendar(self):
        """Every row's position on one calendar from the earliest label
        (self.pos); consecutive rows of a series one step apart."""
        first, last = self.ds.min(), self.ds.max()
        if self.kind == "datetime":
            self.calendar = _pd().date_range(first, last, freq=self.freq)
        else:
            self.calendar = self.labels(first, self._steps(first, last) + 1)
        self.pos = self.calendar.get_indexer(self.ds)
        if self.kind == "datetime" and (self.pos < 0).any():
            j = int(np.flatnonzero(self.pos < 0)[0])
            self._gap(self.codes[j], f"{self.ds.iloc[j]} is not on the calendar")
        step = np.diff(self.pos) != 1
        step[self.offsets[1:-1] - 1] = False  # the rows where one series ends
        if step.any():
            j = int(np.flatnonzero(step)[0])
            self._gap(self.codes[j], f"{self.calendar[self.pos[j] + 1]} is missing")

    def _steps(self, first, last):
        if self.kind == "int":
            return int(last) - int(first)
        return int(last.ordinal - first.ordinal) // max(1, int(self.freq.n))

    def _gap(self, i, what):
        how = "steps of 1" if self.kind == "int" else f"frequency {self.freq.freqstr}"
        if getattr(self, "inferred_from", None) is not None:
            how += f", inferred from {self.id_col} {self.inferred_from!r}"
        raise DataError(lib.FPA_EDATA, f"{self.id_col} {self.name(i)!r}: {self.time_col} "
                        f"{what} (the series' rows must follow {how} without a break)")

    def future(self, h):
        """(series x h) labels after each series' last one, flat."""
        ends = self.pos[self.offsets[1:] - 1]
        cal = self.labels(self.calendar[0], len(self.calendar) + h)
        return cal[(ends[:, None] + np.arange(1, h + 1)).reshape(-1)]

    def id_column(self, series, name=None):
        """The ids of rows `series` (positions), in the input's dtype."""
        pd = _pd()
        return pd.Series(self.uniques.take(series), name=name or self.id_col)


def _times(col, name):
    pd = _pd()
    if col.isna().any():
        raise invalid(f"{name} is missing in row {int(np.flatnonzero(col.isna())[0])}")
    if isinstance(col.dtype, pd.PeriodDtype) or col.dtype.kind == "M":
        return col
    if col.dtype.kind in "iu":
        return col.astype(np.int64)
    try:
        return pd.to_datetime(col)
    except (TypeError, ValueError) as e:
        raise invalid(f"{name} holds neither dates, periods nor integers: {e}") from None


def _numbers(col, name):
    if col.dtype.kind not in "iuf" and not (col.dtype == object and
                                             col.map(lambda v: v is None or isinstance(
                                                 v, (int, float, np.number))).all()):
        raise invalid(f"column {name!r} must hold numbers, not {col.dtype}")
    return col


def _numbers_frame(frame):
    for c in frame.columns:
        _numbers(frame[c], c)
    return frame.to_numpy(np.float64, na_value=np.nan)


# ---- shared pieces -------------------------------------------------------------------------

def _method_names(methods):
    if isinstance(methods, str):
        methods = (methods,)
    methods = tuple(methods)
    if not all(isinstance(m, str) for m in methods):
        raise invalid(f"methods must be names (they name the columns), not {methods}")
    if not methods:
        raise invalid("methods is empty")
    if len(set(methods)) != len(methods):
        raise invalid(f"methods names one twice: {methods}")
    return methods


def _columns(method, lev, mean, lower, upper):
    """One method's columns, named as statsforecast's: the mean, the lower
    bounds widest first, the upper bounds narrowest first. mean is (rows, h),
    lower and upper (rows, levels, h); each column is flat, row-major."""
    labels = [_level_label(x) for x in lev]
    k = len(labels)
    lo = lower.transpose(0, 2, 1).reshape(mean.size, k)
    hi = upper.transpose(0, 2, 1).reshape(mean.size, k)
    cols = {method: mean.reshape(-1)}
    cols.update((f"{method}-lo-{labels[j]}", lo[:, j]) for j in reversed(range(k)))
    cols.update((f"{method}-hi-{labels[j]}", hi[:, j]) for j in range(k))
    return cols


def _uses_drivers(long, methods):
    if not long.drivers:
        return set()
    takers = {m for m in methods if m.lower() in DRIVER_METHODS}
    if not takers:
        raise invalid(f"df has driver columns {long.drivers} but none of the methods "
                      f"{list(methods)} takes drivers (only {list(DRIVER_METHODS)}); drop "
                      f"the columns or add 'arima'")
    return takers


def _check_finite(x, long, i, names, what):
    bad = np.argwhere(~np.isfinite(x))
    if bad.size:
        r, c = bad[0]
        raise invalid(f"{what}: {long.id_col} {long.name(i)!r} has no finite value of "
                      f"driver {names[c]!r} at row {int(r)} of the series")


def _failures(failed, strict, what):
    """failed: list of (method, id, Error)."""
    if not failed:
        return
    if strict:
        m, uid, e = failed[0]
        raise type(e)(e.code, f"{what} of {uid} by {m}: {e.detail}")
    text = "; ".join(f"{m} on {uid}: {e.detail or e.status}" for m, uid, e in failed[:10])
    more = f" (and {len(failed) - 10} more)" if len(failed) > 10 else ""
    warnings.warn(f"{len(failed)} forecast(s) failed, NaN in their columns: {text}{more}",
                  PartialResultWarning, stacklevel=3)


def _batch(y, offsets, method, period, h, lev, options, option_values):
    """forecast_batch over flat series: (mean (n,h), lower (n,k,h),
    upper, models, {position: Error})."""
    res = forecast_batch(y, period=period, method=method, horizon=h, level=lev,
                         offsets=offsets, options=options, **option_values)
    return res.mean, res.lower, res.upper, res.models, res.errors


def _one_with_drivers(y, x, fx, period, method, h, lev, options, option_values):
    """One series through ForecastModel with drivers: (mean, lower, upper,
    model name) or an fpa.Error."""
    from ._core import Error
    try:
        m = ForecastModel(y, period, method, xreg=x, options=options, **option_values)
        r = m.predict(h, lev, xreg=fx)
        return r.mean, r.lower, r.upper, m.name
    except Error as e:
        return e


def _prepare(df, h, methods, level, freq, period, names):
    """(long frame, methods, h, levels ascending as statsforecast's, the
    methods that get drivers) of a call."""
    methods = _method_names(methods)
    h, lev = _horizon(h), np.unique(_levels(level))
    long = _Long(df, *names, freq, period)
    return long, methods, h, lev, _uses_drivers(long, methods)


def _with_drivers(long, jobs, method, h, lev, options, option_values):
    """ForecastModel with drivers for each job (series, its row range,
    training length e, future drivers or None for the e + 1 .. e + h rows
    of df): (mean, lower, upper, model names, {job: Error})."""
    n, k = len(jobs), lev.size
    mean = np.full((n, h), np.nan)
    lower, upper = np.full((n, k, h), np.nan), np.full((n, k, h), np.nan)
    names, errors = np.full(n, "", dtype=object), {}
    for j, (i, start, e, future) in enumerate(jobs):
        x = long.x[start:start + e + (0 if future is not None else h)]
        _check_finite(x, long, i, long.drivers, "df")
        fx = future if future is not None else x[e:]
        got = _one_with_drivers(long.y[start:start + e], x[:e], fx, long.period, method, h,
                                lev, options, option_values)
        if isinstance(got, Exception):
            errors[j] = got
        else:
            mean[j], lower[j], upper[j], names[j] = got
    return mean, lower, upper, names, errors


def _threads(option_values, threads):
    if threads is not None:
        option_values = dict(option_values, threads=threads)
    return option_values


# ---- forecast_frame -------------------------------------------------------------------------

def _future_drivers(long, X_df, h):
    """(series, h, drivers) array of the future drivers in X_df."""
    pd = _pd()
    if X_df is None:
        raise invalid(f"df has driver columns {long.drivers}: give their future values in "
                      f"X_df ({long.id_col}, {long.time_col}, {', '.join(map(str, long.drivers))})")
    if not isinstance(X_df, pd.DataFrame):
        raise invalid(f"X_df must be a pandas DataFrame, not {type(X_df).__name__}")
    missing = [c for c in [long.id_col, long.time_col] + long.drivers if c not in X_df.columns]
    if missing:
        raise invalid(f"X_df lacks the columns {missing}")
    extra = [c for c in X_df.columns if c not in [long.id_col, long.time_col] + long.drivers]
    if extra:
        raise invalid(f"X_df has columns {extra} that are not drivers in df")
    if X_df.duplicated([long.id_col, long.time_col]).any():
        j = int(np.flatnonzero(X_df.duplicated([long.id_col, long.time_col]))[0])
        raise invalid(f"X_df has two rows for {long.id_col} {X_df[long.id_col].iloc[j]!r} at "
                      f"{long.time_col} {X_df[long.time_col].iloc[j]}")
    values = _numbers_frame(X_df[long.drivers])
    ds = _times(X_df[long.time_col], f"X_df.{long.time_col}")
    n = len(long)
    want = long.future(h)
    # each X_df row's place among the (series, future label) pairs needed, or -1
    needed = pd.MultiIndex.from_arrays([np.repeat(np.arange(n), h), want])
    at = needed.get_indexer(pd.MultiIndex.from_arrays(
        [long.uniques.get_indexer(X_df[long.id_col]), ds]))
    slot = np.full(n * h, -1)
    slot[at[at >= 0]] = np.flatnonzero(at >= 0)
    if (slot < 0).any():
        j = int(np.flatnonzero(slot < 0)[0])
        raise DataError(lib.FPA_EDATA,
                        f"X_df has no future drivers for {long.id_col} {long.name(j // h)!r} at "
                        f"{long.time_col} {want[j]} (period {j % h + 1} of {h}); future "
                        f"drivers are never assumed zero")
    out = values[slot].reshape(n, h, len(long.drivers))
    for i in np.flatnonzero(~np.isfinite(out).all(axis=(1, 2))):
        _check_finite(out[i], long, i, long.drivers, "X_df")
    return out


def forecast_frame(df, h, methods=("ets", "theta"), level=(80, 95), freq=None, *,
                   period=None, id_col="unique_id", time_col="ds", target_col="y",
                   X_df=None, threads=None, strict=False, options=None, **option_values):
    """Forecast every series of a long frame with several methods (as
    statsforecast's ``StatsForecast(...).forecast(df=, h=, X_df=, level=)``).

    Parameters
    ----------
    df : pandas.DataFrame
        Long frame: `id_col`, `time_col`, `target_col`, and any driver
        columns; rows in any order.
    h : int
        Periods ahead, >= 1.
    methods : str or sequence of str
        Library method names (`fpa.FORECAST_METHODS`, or "auto"); each
        gives its own columns.
    level : sequence of float, or None
        Interval levels in percent; None or () for point forecasts only.
    freq : str or pandas offset, optional
        The calendar of datetime ``ds``; default inferred from the frame.
    period : int, optional
        Seasonal period; default from the frequency.
    id_col, time_col, target_col : str
        Column names.
    X_df : pandas.DataFrame, optional
        Future driver values: `id_col`, `time_col` and df's driver columns,
        one row per series and future period (needed when df has drivers;
        rows past the horizon are not read).
    threads : int, optional
        Threads of the batch calls (0: one per CPU).
    strict : bool
        True: a failing series raises instead of NaN and a warning.
    options : fpa.Options, optional
    **option_values
        ``forecast.*`` options, as `fpa.forecast` takes them.

    Returns
    -------
    pandas.DataFrame
        ``id_col, time_col``, then for each method ``<m>``,
        ``<m>-lo-<level>`` (widest first) and ``<m>-hi-<level>``; sorted by
        id then time. ``attrs["models"]`` maps method -> id -> model fitted.

    Raises
    ------
    fpa.InvalidArgumentError
        Missing columns, duplicate rows, an unknown frequency or method,
        drivers no method takes, future drivers absent or not finite.
    fpa.DataError
        A gap in a series' calendar, a missing row of future drivers.

    Warns
    -----
    fpa.PartialResultWarning
        A series a method could not forecast (NaN in its columns).
    """
    pd = _pd()
    long, methods, h, lev, takers = _prepare(df, h, methods, level, freq, period,
                                             (id_col, time_col, target_col))
    if X_df is not None and not long.drivers:
        raise invalid(f"X_df is given but df has no driver columns (only {id_col}, "
                      f"{time_col}, {target_col})")
    future_x = _future_drivers(long, X_df, h) if takers else None
    option_values = _threads(option_values, threads)
    n = len(long)
    out = {id_col: long.id_column(np.repeat(np.arange(n), h)),
           time_col: pd.Series(long.future(h))}
    models, failed = {}, []
    for m in methods:
        if m in takers:
            jobs = [(i, int(long.offsets[i]), long.rows(i).stop - long.rows(i).start,
                     future_x[i]) for i in range(n)]
            mean, lower, upper, names, errors = _with_drivers(long, jobs, m, h, lev, options,
                                                              option_values)
        else:
            mean, lower, upper, names, errors = _batch(long.y, long.offsets, m, long.period, h,
                                                       lev, options, option_values)
        failed += [(m, repr(long.name(i)), e) for i, e in sorted(errors.items())]
        out.update(_columns(m, lev, mean, lower, upper))
        models[m] = {long.name(i): str(names[i]) for i in range(n)}
    _failures(failed, strict, "the forecast")
    res = pd.DataFrame(out)
    res.attrs["models"] = models
    return res


# ---- cross_validation_frame -----------------------------------------------------------------

def cross_validation_frame(df, h, n_windows, step_size=1, methods=("ets", "theta"),
                           level=(80, 95), freq=None, *, period=None, id_col="unique_id",
                           time_col="ds", target_col="y", threads=None, strict=False,
                           options=None, **option_values):
    """Rolling-origin backtests of every series of a long frame with several
    methods (as statsforecast's ``cross_validation(df=, h=, n_windows=,
    step_size=, level=)``): window w of a series of n values trains on its
    first ``n - h - (n_windows - 1 - w) * step_size`` values (an expanding
    window, the library's ``fpa_forecast_backtest`` origins) and forecasts
    the next h.

    Parameters
    ----------
    df : pandas.DataFrame
        As `forecast_frame`; driver columns are known over the whole
        history, so each window's ARIMA gets the drivers of its test periods
        from df itself.
    h : int
        Periods forecast from each cutoff, >= 1.
    n_windows : int
        Windows per series, >= 1.
    step_size : int
        Periods between consecutive cutoffs, >= 1.
    methods, level, freq, period, id_col, time_col, target_col, threads,
    strict, options, **option_values
        As `forecast_frame`.

    Returns
    -------
    pandas.DataFrame
        ``id_col, time_col, cutoff, target_col`` (the actual), then the
        methods' columns as `forecast_frame`; one row per series, window and
        period ahead, sorted by id, cutoff and time. ``cutoff`` is the last
        training period.

    Raises
    ------
    fpa.InvalidArgumentError
        As `forecast_frame`, or a series too short for its windows (it
        needs ``h + (n_windows - 1) * step_size + 1`` values).

    Warns
    -----
    fpa.PartialResultWarning
        A window a method could not forecast (NaN in its columns).
    """
    pd = _pd()
    k_w, step = count(n_windows, "n_windows"), count(step_size, "step_size")
    if k_w < 1 or step < 1:
        raise invalid(f"n_windows and step_size must be >= 1, not {n_windows}, {step_size}")
    long, methods, h, lev, takers = _prepare(df, h, methods, level, freq, period,
                                             (id_col, time_col, target_col))
    option_values = _threads(option_values, threads)
    # windows: (series, first row of the series, training length)
    wins = []
    for i in range(len(long)):
        start, n = int(long.offsets[i]), int(long.offsets[i + 1] - long.offsets[i])
        need = h + (k_w - 1) * step + 1
        if n < need:
            raise invalid(f"{id_col} {long.name(i)!r} has {n} values; {n_windows} windows of "
                          f"{h} periods {step_size} apart need at least {need}")
        wins += [(i, start, n - h - (k_w - 1 - w) * step) for w in range(k_w)]
    series = np.array([w[0] for w in wins])
    train = np.concatenate([long.y[s:s + e] for _, s, e in wins])
    offsets = np.zeros(len(wins) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([e for _, _, e in wins])
    test = np.concatenate([np.arange(s + e, s + e + h) for _, s, e in wins])
    cut = np.repeat([s + e - 1 for _, s, e in wins], h)
    out = {id_col: long.id_column(np.repeat(series, h)),
           time_col: long.ds.iloc[test].reset_index(drop=True),
           "cutoff": long.ds.iloc[cut].reset_index(drop=True),
           target_col: long.y[test]}
    failed = []
    for m in methods:
        if m in takers:
            jobs = [(i, start, e, None) for i, start, e in wins]
            mean, lower, upper, _, errors = _with_drivers(long, jobs, m, h, lev, options,
                                                          option_values)
        else:
            mean, lower, upper, _, errors = _batch(train, offsets, m, long.period, h, lev,
                                                   options, option_values)
        failed += [(m, f"{long.name(wins[w][0])!r} at cutoff {long.ds.iloc[cut[w * h]]}", e)
                   for w, e in sorted(errors.items())]
        out.update(_columns(m, lev, mean, lower, upper))
    _failures(failed, strict, "the backtest")
    return pd.DataFrame(out)
