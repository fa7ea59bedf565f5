# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates: day numbers (days since 1970-01-01, numpy's datetime64[D]), the
library's one date parser, day-count bases, and the thread's last error.

Strings are parsed by the C library (``fpa_date_parse``), so Python, Lua
and C read the same text as the same day, and refuse the same text: an ISO
8601 calendar date ``YYYY-MM-DD`` (or a signed expanded year,
``+10000-01-01``) and nothing else. ``"2024-03"`` and ``"2024"`` name a
month and a year, not a day, and are refused rather than read as the first
of them; ``"2024-3-5"`` is refused too.
"""
import datetime as _dt
import numbers
import sys

import numpy as np

from ._core import DomainError, check, error_for, invalid
from ._fpa_cffi import ffi, lib

__all__ = ["to_days", "from_days", "parse_date", "year_fraction", "DAY_COUNTS",
           "last_error", "clear_error"]

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_EPOCH = np.datetime64("1970-01-01", "D")
#: The day-count bases, by their canonical names (fpa_tvm_day_count_name).
DAY_COUNTS = tuple(ffi.string(lib.fpa_tvm_day_count_name(b)).decode()
                   for b in range(7))


def parse_date(text):
    """Day number of an ISO 8601 calendar date, ``"YYYY-MM-DD"``
    (``fpa_date_parse``: the grammar every libfpa host reads).

    Parameters
    ----------
    text : str

    Returns
    -------
    int
        Days since 1970-01-01.

    Raises
    ------
    fpa.InvalidArgumentError
        The text is not such a date (``"2024-03"``, ``"2024"``,
        ``"2024-3-5"``, ``"05.03.2024"``, surrounding spaces ...).
    fpa.DomainError
        The form of a date, but no such day (``"2023-02-29"``).
    """
    if not isinstance(text, str):
        raise TypeError(f"a date string must be a str, not {type(text).__name__}")
    out = ffi.new("int64_t *")
    b = text.encode("utf-8", "replace")
    check(lib.fpa_date_parse(out, b, len(b)))
    return int(out[0])


def _period_day(p, name):
    """The day of a pandas Period: only a period of one day (or less) is
    one day; a month or a year is refused, never replaced by one of its
    days."""
    freq = p.freqstr
    if p.start_time.normalize() != p.end_time.normalize():
        raise invalid(f"{name} is the period {p} ({freq}), not a day; give a day, e.g. "
                      f"period.to_timestamp(how='start') or how='end'")
    return (p.start_time.date().toordinal()) - _EPOCH_ORDINAL


def _one(d, name):
    """Day number of one date-like value."""
    if isinstance(d, str):
        out = ffi.new("int64_t *")
        b = d.encode("utf-8", "replace")
        st = lib.fpa_date_parse(out, b, len(b))
        if st:
            err = error_for(st)
            what = "is not a date" if st == lib.FPA_EINVAL else "names no day"
            raise type(err)(st, f"{name} {what}: {err.detail}") from None
        return int(out[0])
    if isinstance(d, (bool, np.bool_)):
        raise invalid(f"{name} is {d!r}, not a date")
    if isinstance(d, (numbers.Integral, np.integer)):
        return int(d)  # already a day number
    if isinstance(d, _dt.datetime):
        return d.date().toordinal() - _EPOCH_ORDINAL
    if isinstance(d, _dt.date):
        return d.toordinal() - _EPOCH_ORDINAL
    if isinstance(d, np.datetime64):
        return _datetime64_days(np.array([d]), name)[0]
    pd = sys.modules.get("pandas")
    if pd is not None:
        if isinstance(d, pd.Period):
            return _period_day(d, name)
        if isinstance(d, pd.Timestamp):
            if d is pd.NaT:
                raise invalid(f"{name} is NaT")
            return d.date().toordinal() - _EPOCH_ORDINAL
    raise invalid(f"{name} is not a date: {d!r}")


def _datetime64_days(a, name):
    unit = np.datetime_data(a.dtype)[0]
    if unit in ("Y", "M", "W"):
        raise invalid(f"{name} holds datetime64[{unit}] values: a {dict(Y='year', M='month', W='week')[unit]} "
                      "is not a day; convert to datetime64[D] with the day you mean")
    nat = np.isnat(a)
    if nat.any():
        raise invalid(f"{name}[{int(np.flatnonzero(nat)[0])}] is NaT")
    return (a.astype("datetime64[D]") - _EPOCH).astype(np.int64)


def days(dates, name="dates"):
    """Day numbers (a contiguous int64 array) of a sequence of dates:
    ``datetime.date``/``datetime``, ``numpy.datetime64`` (a day or finer),
    pandas Timestamps, DatetimeIndex, daily Periods, ISO 8601 strings
    (parsed by the C library) or integers (already day numbers)."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        return np.ascontiguousarray(_datetime64_days(dates.reshape(-1), name))
    if isinstance(dates, np.ndarray) and dates.dtype.kind in "iu":
        return np.ascontiguousarray(dates.reshape(-1), dtype=np.int64)
    pd = sys.modules.get("pandas")
    if pd is not None:
        if isinstance(dates, pd.PeriodIndex):
            return np.array([_period_day(p, f"{name}[{i}]") for i, p in enumerate(dates)],
                            dtype=np.int64)
        if isinstance(dates, (pd.DatetimeIndex, pd.Series, pd.Index)):
            if isinstance(dates, pd.Series) and isinstance(dates.dtype, pd.PeriodDtype):
                return days(pd.PeriodIndex(dates), name)
            arr = dates.to_numpy()
            if arr.dtype.kind == "M":
                return np.ascontiguousarray(_datetime64_days(arr, name))
            dates = list(arr)
    if isinstance(dates, (str, bytes)):
        raise invalid(f"{name} must be a sequence of dates, not one string")
    try:
        seq = list(dates)
    except TypeError:
        raise invalid(f"{name} must be a sequence of dates, not {dates!r}") from None
    return np.array([_one(d, f"{name}[{i}]") for i, d in enumerate(seq)], dtype=np.int64)


def to_days(dates):
    """Day numbers of dates.

    Parameters
    ----------
    dates : date, str, numpy.datetime64, pandas Timestamp or Period, or a sequence of them
        Strings are ISO 8601 calendar dates, parsed by the C library
        (`parse_date`); also ``(year, month, day)`` tuples, checked by
        ``fpa_date_from_ymd``, which rejects dates that do not exist.

    Returns
    -------
    int or ndarray of int64
    """
    if isinstance(dates, tuple) and len(dates) == 3 and all(
            isinstance(x, int) and not isinstance(x, bool) for x in dates):
        for x, what in zip(dates, ("year", "month", "day")):
            if not -2**31 <= x < 2**31:  # never wrapped into C's int
                raise DomainError(lib.FPA_EDOM, f"{what} {x} is out of range")
        out = ffi.new("int64_t *")
        check(lib.fpa_date_from_ymd(out, *dates))
        return int(out[0])
    pd = sys.modules.get("pandas")
    one = (str, _dt.date, np.datetime64, numbers.Integral) + (
        (pd.Timestamp, pd.Period) if pd is not None else ())
    if isinstance(dates, one):
        return _one(dates, "date")
    return days(dates)


def from_days(days):
    """Calendar dates of day numbers (``fpa_date_to_ymd``).

    Parameters
    ----------
    days : int or sequence of int

    Returns
    -------
    datetime.date or list of datetime.date
    """
    y, m, d = ffi.new("int *"), ffi.new("int *"), ffi.new("int *")

    def one(n):
        check(lib.fpa_date_to_ymd(y, m, d, int(n)))
        return _dt.date(y[0], m[0], d[0])

    return one(days) if np.ndim(days) == 0 else [one(n) for n in days]


def basis_of(basis):
    """The C enum value of a day-count basis given by name (any spelling
    ``fpa_tvm_day_count_find`` accepts: "ACT/365F", "30/360 US",
    "Act/Act", "30U/360" ...) or by number."""
    if isinstance(basis, str):
        out = ffi.new("fpa_day_count *")
        check(lib.fpa_tvm_day_count_find(out, basis.encode()))
        return int(out[0])
    if isinstance(basis, (numbers.Integral, np.integer)) and not isinstance(basis, bool) \
            and 0 <= basis < len(DAY_COUNTS):
        return int(basis)
    raise invalid(f"day_count is {basis!r}; expected one of {', '.join(DAY_COUNTS)}")


def year_fraction(start, end, day_count="ACT/365F"):
    """Fraction of a year from `start` to `end` on a day-count basis
    (``fpa_tvm_year_fraction``; negative when `end` is earlier).

    Parameters
    ----------
    start, end : date-like
        As `to_days` reads them.
    day_count : str or int
        A basis of `DAY_COUNTS` (or a spelling pyxirr uses for it).

    Returns
    -------
    float
    """
    out = ffi.new("double *")
    check(lib.fpa_tvm_year_fraction(out, _one(start, "start"), _one(end, "end"),
                                    basis_of(day_count)))
    return out[0]


def last_error():
    """``(status_name, detail)`` of this thread's last failed libfpa call.

    Returns
    -------
    tuple of str
    """
    code = lib.fpa_error_last_status()
    return (ffi.string(lib.fpa_status_name(code)).decode(),
            ffi.string(lib.fpa_error_last()).decode("utf-8", "replace"))


def clear_error():
    """Forget this thread's last failure.

    Returns
    -------
    None
    """
    lib.fpa_error_clear()
