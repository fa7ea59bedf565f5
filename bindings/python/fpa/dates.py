# SPDX-License-Identifier: GPL-3.0-or-later
"""Day numbers (days since 1970-01-01, numpy's datetime64[D]) and the
thread's last error."""
import datetime as _dt

import numpy as np

from ._core import check, days as _days
from ._fpa_cffi import ffi, lib

__all__ = ["to_days", "from_days", "last_error", "clear_error"]


def to_days(dates):
    """Day numbers of dates.

    Parameters
    ----------
    dates : date, str, numpy.datetime64, or a sequence of them
        Also ``(year, month, day)`` tuples, checked by the C library
        (``fpa_date_from_ymd``), which rejects dates that do not exist.

    Returns
    -------
    int or ndarray of int64
    """
    if isinstance(dates, tuple) and len(dates) == 3 and all(isinstance(x, int) for x in dates):
        out = ffi.new("int64_t *")
        check(lib.fpa_date_from_ymd(out, *dates))
        return int(out[0])
    scalar = isinstance(dates, (str, _dt.date, np.datetime64))
    d = _days([dates] if scalar else dates)
    return int(d[0]) if scalar else d


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


def last_error():
    """``(status_name, detail)`` of this thread's last failed libfpa call."""
    code = lib.fpa_error_last_status()
    return (ffi.string(lib.fpa_status_name(code)).decode(),
            ffi.string(lib.fpa_error_last()).decode("utf-8", "replace"))


def clear_error():
    """Forget this thread's last failure."""
    lib.fpa_error_clear()
