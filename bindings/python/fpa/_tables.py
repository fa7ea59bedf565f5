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
import numpy as np

from ._core import f64nd, invalid, u8ptr
from ._fpa_cffi import ffi


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
    try:
        return x.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as e:
        isna = np.asarray(x.isna())
        if isna.any():
            flat = int(np.flatnonzero(isna)[0])
            where = "".join(f"[{i}]" for i in np.unravel_index(flat, isna.shape))
            raise invalid(f"{name}{where} is missing (<NA>)") from None
        raise invalid(f"{name}: {e}") from None


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
