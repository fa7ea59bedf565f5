# SPDX-License-Identifier: GPL-3.0-or-later
"""Trailing statistics of series with gaps (``fpa_kpi_trailing_stats`` of
fpa/kpi.h): the mean and sample standard deviation of the latest values
that are not NaN."""
from collections import namedtuple
import math

from ._core import check, dptr, f64, invalid
from ._fpa_cffi import ffi, lib

__all__ = ["trailing_stats", "TrailingStats"]

TrailingStats = namedtuple("TrailingStats", "mean sd count")
TrailingStats.__doc__ = """Result of `fpa.trailing_stats`: the mean, the
sample standard deviation (NaN when one value counts) and how many values
counted."""


def trailing_stats(x, last=None):
    """Mean and sample standard deviation of the last `last` values of `x`
    that are not NaN (all of them by default): the spreadsheet's AVERAGE and
    STDEV.S over a range with empty cells.

    Parameters
    ----------
    x : array_like or pandas.Series
        The series, NaN where a value is missing.
    last : int, optional
        How many of the latest finite values count (default: every one).

    Returns
    -------
    TrailingStats
        ``(mean, sd, count)``; ``sd`` is NaN when only one value counts.

    Raises
    ------
    fpa.DomainError
        A value is infinite, or none is finite.
    fpa.InvalidArgumentError
        An empty series or ``last`` < 1.
    """
    a = f64(x.to_numpy(dtype=float) if hasattr(x, "to_numpy") else x, "x")
    if a.size == 0:
        raise invalid("x is empty")
    k = a.size if last is None else int(last)
    if k < 1:
        raise invalid(f"last is {last}; must be at least 1")
    mean, sd, count = ffi.new("double *"), ffi.new("double *"), ffi.new("size_t *")
    st = lib.fpa_kpi_trailing_stats(mean, sd, count, dptr(a), a.size, k)
    if st != lib.FPA_PARTIAL:
        check(st)
    return TrailingStats(mean[0], sd[0] if st == 0 else math.nan, int(count[0]))
