# SPDX-License-Identifier: GPL-3.0-or-later
"""Series matrices in, numpy / masked / pandas results out.

The C series functions take `rows` series of `cols` periods, row-major.
`Matrix` accepts a 1-D array (one series), a 2-D array (rows x cols), a
pandas Series (one series, indexed by period) or a DataFrame (one row per
series, one column per period), and gives results back in the same form.

Undefined elements (the C validity mask) become masked elements of a
``numpy.ma.MaskedArray`` for numpy input, and NaN in float64 columns for
pandas input, as pandas itself marks missing values (its ``pct_change`` and
``rolling`` do): plotting and ``np.nanmean`` work on them as they are.
"""
import re
import sys

import numpy as np

from ._arrays import pandas_numbers
from ._core import f64nd, invalid, u8ptr
from ._fpa_cffi import ffi


# Labels that name a period: "2023-10", "2023/10", "2023-10-31", "2023Q4",
# "2023-Q4", "2023 Q4". A bare "2023" is not taken as a year, since codes
# such as "2001" name products as often as years.
_PERIOD_LABEL = re.compile(r"\d{4}(?:[-/](?:0?[1-9]|1[0-2])(?:[-/]\d{1,2})?|[- ]?Q[1-4])")


def time_index(index):
    """A pandas index as a time index: a PeriodIndex or DatetimeIndex as it
    is; an index of strings that all name periods of one kind (months
    "2023-10", quarters "2023Q4", or dates "2023-10-31"), in increasing
    order, as the PeriodIndex (DatetimeIndex for dates) they name, which is
    what ``read_csv(index_col="period")`` leaves as strings; anything else
    None."""
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(index, pd.Index):
        return None
    if isinstance(index, (pd.PeriodIndex, pd.DatetimeIndex)):
        return index
    if index.dtype.kind != "O" or len(index) == 0:
        return None
    labels = [s.strip() if isinstance(s, str) else None for s in index]
    if not all(s is not None and _PERIOD_LABEL.fullmatch(s) for s in labels):
        return None
    try:
        if len({len(s.replace("/", "-").split("-")) for s in labels}) != 1:
            return None  # months mixed with dates
        if labels[0].count("-") + labels[0].count("/") == 2:
            out = pd.DatetimeIndex([s.replace("/", "-") for s in labels], name=index.name)
        else:
            periods = [pd.Period(s.replace("/", "-").replace(" ", "")) for s in labels]
            if len({p.freqstr for p in periods}) != 1:
                return None
            out = pd.PeriodIndex(periods, name=index.name)
    except (ValueError, TypeError):
        return None
    return out if out.is_monotonic_increasing and out.is_unique else None


def pandas_kind(x):
    """"frame", "series" or None, without importing pandas for numpy input."""
    if not type(x).__module__.startswith("pandas"):
        return None
    import pandas as pd
    if isinstance(x, pd.DataFrame):
        return "frame"
    return "series" if isinstance(x, pd.Series) else None


def pandas_values(x, name):
    """float64 values of a pandas object; <NA> and non-numbers raise."""
    return pandas_numbers(x, name)


def masked_pandas(values, na, index, columns, frame):
    """A float64 DataFrame (or Series) with NaN where `na`."""
    import pandas as pd
    out = np.where(na, np.nan, values)
    if not frame:
        return pd.Series(out, index=index)
    return pd.DataFrame(out, index=index, columns=columns)


class Matrix:
    """A series argument as a C-contiguous (rows, cols) float64 array,
    remembering its form to return results alike. No copy is made for a
    C-contiguous float64 numpy array."""

    __slots__ = ("a", "kind", "index", "columns", "rows", "cols", "name", "missing")

    def __init__(self, x, name, allow_missing=False):
        """With `allow_missing`, masked elements (numpy) and NaN or <NA>
        (pandas) are accepted: they read as 0 and `missing` holds where they
        are (else None), for the caller to check against observed ages."""
        self.name = name
        self.kind = pandas_kind(x)
        self.index = self.columns = self.missing = None
        if allow_missing:
            if self.kind is not None:
                na = np.asarray(x.isna())
                if na.any():
                    self.missing = na if na.ndim == 2 else na[None, :]
                    x = x.fillna(0)
            elif np.ma.isMaskedArray(x):
                na = np.ma.getmaskarray(x)
                if na.any():
                    self.missing = na if na.ndim == 2 else na[None, :]
                x = np.ma.filled(x, 0)
        if self.kind == "frame":
            self.index, self.columns = x.index, x.columns
            a = pandas_values(x, name)
        elif self.kind == "series":
            self.columns = x.index
            a = pandas_values(x, name)[None, :]
        else:
            a = f64nd(x, name)
            if a.ndim == 1:
                self.kind, a = "1d", a[None, :]
            elif a.ndim == 2:
                self.kind = "2d"
            else:
                raise invalid(f"{name} must be one series (1-D) or rows x periods "
                              f"(2-D), not shape {a.shape}")
        self.a = np.ascontiguousarray(a)
        self.rows, self.cols = self.a.shape

    @property
    def ptr(self):
        return ffi.from_buffer("double[]", self.a)

    def like(self, other):
        """Check that `other` (a Matrix) has this one's shape."""
        if (other.rows, other.cols) != (self.rows, self.cols):
            raise invalid(f"{other.name} has shape ({other.rows}, {other.cols}) but "
                          f"{self.name} has ({self.rows}, {self.cols})")
        return other

    def result(self, values, valid=None, lead=0):
        """Give back a (rows, cols - lead) result in the input's form.

        `valid` is the C mask (uint8, 0 = undefined) or None. `lead`
        periods at the start have no result (a lag or a window): numpy
        results omit them, as the C layout does; pandas results keep the
        input's columns and hold NaN there, as pandas' pct_change and
        rolling do."""
        if self.kind in ("frame", "series"):
            frame = self.kind == "frame"
            if valid is None and lead == 0:
                import pandas as pd
                if frame:
                    return pd.DataFrame(values, index=self.index, columns=self.columns)
                return pd.Series(values[0], index=self.columns)
            full = np.zeros((self.rows, self.cols))
            na = np.ones((self.rows, self.cols), dtype=bool)
            full[:, lead:] = values
            na[:, lead:] = False if valid is None else valid == 0
            if frame:
                return masked_pandas(full, na, self.index, self.columns, True)
            return masked_pandas(full[0], na[0], self.columns, None, False)
        out = values if valid is None else np.ma.MaskedArray(values, mask=valid == 0)
        return out[0] if self.kind == "1d" else out

    def row_result(self, values, valid=None):
        """Give back one value per series: a scalar for one series (float,
        or np.ma.masked / NaN when undefined), else an array / Series."""
        if self.kind == "frame":
            if valid is None:
                import pandas as pd
                return pd.Series(values, index=self.index)
            return masked_pandas(values, valid == 0, self.index, None, False)
        if self.kind in ("1d", "series"):
            if valid is not None and not valid[0]:
                if self.kind == "series":
                    return float("nan")
                return np.ma.masked
            return float(values[0])
        return values if valid is None else np.ma.MaskedArray(values, mask=valid == 0)


def out_buffer(n, dtype=np.float64):
    """An output array of at least one element (n <= 0 happens only for
    shapes the C function rejects before writing); slice it to n."""
    return np.empty(max(n, 1), dtype=dtype)


def mask_buffer(n, strict):
    """(array, pointer) of a validity mask, or (None, NULL) when strict."""
    if strict:
        return None, ffi.NULL
    m = out_buffer(n, np.uint8)
    return m, u8ptr(m)
