# SPDX-License-Identifier: GPL-3.0-or-later
"""Array and argument conversion shared by the variance and recon modules:
float matrices, exact int64 money, per-line arguments, enum names, and the
optional pandas labels that travel with them."""
import numbers
import sys

import numpy as np

from ._core import Error, DataError, ResultOverflowError, f64nd, invalid, number, unmasked
from ._fpa_cffi import ffi, lib

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def pandas():
    """The pandas module if the caller has imported it, else None: an object
    cannot be a pandas object unless pandas is loaded, so this never imports
    it."""
    return sys.modules.get("pandas")


def is_frame(x):
    pd = pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


def is_series(x):
    pd = pandas()
    return pd is not None and isinstance(x, pd.Series)


def is_pandas(x):
    return is_frame(x) or is_series(x)


def is_empty(x):
    """True for an empty sequence or array (np.size fails on ragged lists)."""
    try:
        return len(x) == 0
    except TypeError:
        return False


def pandas_numbers(x, name, missing="raise"):
    """The float64 values of a pandas Series or DataFrame. bool, string,
    complex and date columns raise ArgumentTypeError (a TypeError), as
    numpy arrays of them do; nullable columns' <NA> raise
    InvalidArgumentError naming the first, or read as NaN with
    ``missing="nan"`` (a series' missing values)."""
    dtypes = [x.dtype] if is_series(x) else list(x.dtypes)
    if any(getattr(d, "kind", "O") not in "fiu" for d in dtypes):
        f64nd(x.to_numpy(dtype=object), name)  # raises on a non-number
    if missing == "nan":
        return x.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        return x.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as e:
        isna = np.asarray(x.isna())
        if isna.any():
            flat = int(np.flatnonzero(isna)[0])
            where = "".join(f"[{i}]" for i in np.unravel_index(flat, isna.shape))
            raise invalid(f"{name}{where} is missing (<NA>)") from None
        raise invalid(f"{name}: {e}") from None


def integer(x, name):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Integral, np.integer)):
        raise invalid(f"{name} must be an integer, not {x!r}")
    return int(x)


def floats(x, name, ndims=(1, 2)):
    """A C-contiguous float64 array with one of `ndims` dimensions and at
    least one value; the same object (no copy) when `x` already is one."""
    a = np.ascontiguousarray(f64nd(pandas_numbers(x, name) if is_pandas(x) else x, name))
    if a.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        raise invalid(f"{name} must be {want}, not of shape {a.shape}")
    if a.size == 0:
        raise invalid(f"{name} is empty")
    return a


def _python_ints(a, name):
    """int64 array from an object array that must hold only integers."""
    flat = a.reshape(-1)
    for i, v in enumerate(flat):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Integral, np.integer)):
            raise invalid(f"{name}[{i}] is {v!r}, not an integer")
        if not _I64_MIN <= int(v) <= _I64_MAX:
            raise ResultOverflowError(lib.FPA_EOVERFLOW,
                                      f"{name}[{i}] = {int(v)} does not fit in int64")
    return np.array([int(v) for v in flat], dtype=np.int64).reshape(a.shape)


def money(x, name, ndims=(1,), allow_empty=False):
    """A C-contiguous int64 array of amounts in minor units (cents). Integer
    arrays pass without a copy when already int64; lists of Python ints are
    range-checked. Floating point is refused, not rounded: 12.0 could be
    twelve cents or twelve dollars, and only the caller knows which."""
    if is_pandas(x):
        x = x.to_numpy()
    x = unmasked(x, name)
    try:
        a = x if isinstance(x, np.ndarray) else np.asarray(x)
        if a.dtype.kind == "O" or (a.dtype.kind == "f" and a.size
                                   and not isinstance(x, np.ndarray)):
            # numpy turns Python ints beyond int64 into floats or objects
            a = _python_ints(np.asarray(x, dtype=object), name)
    except Error:
        raise
    except (TypeError, ValueError) as e:
        raise invalid(f"{name}: {e}") from None
    if a.size == 0 and a.dtype.kind in "fiu":
        a = a.astype(np.int64)
    kind = a.dtype.kind
    if kind == "u":
        big = a.reshape(-1) > np.uint64(_I64_MAX)  # a Python int would compare as float
        if big.any():
            i = int(np.argmax(big))
            raise ResultOverflowError(lib.FPA_EOVERFLOW, f"{name}[{i}] = "
                                      f"{int(a.reshape(-1)[i])} does not fit in int64")
    elif kind == "f":
        raise invalid(f"{name} is floating point ({a.dtype}); it must hold integers "
                      "(amounts in minor units, e.g. cents: "
                      "np.round(dollars * 100).astype(np.int64))")
    elif kind != "i":
        raise invalid(f"{name} has dtype {a.dtype}; it must hold integers")
    a = np.ascontiguousarray(a, dtype=np.int64)
    if a.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        raise invalid(f"{name} must be {want}, not of shape {a.shape}")
    if a.size == 0 and not allow_empty:
        raise invalid(f"{name} is empty")
    return a


def indexes(x, n, name, what, labels=None):
    """0-based positions (size_t) naming one of `n` lines or accounts per
    item. With `labels` (the pandas Index of the lines), the values are
    labels looked up in it, as ``.loc`` would; otherwise integers."""
    if labels is not None:
        seq = x.to_numpy() if is_pandas(x) else np.asarray(
            x if isinstance(x, np.ndarray) else list(x), dtype=object)
        pos = labels.get_indexer(seq) if seq.size else np.zeros(0, dtype=np.intp)
        if (pos < 0).any():
            i = int(np.argmax(pos < 0))
            raise DataError(lib.FPA_EDATA, f"{name}[{i}] = {seq[i]!r} names no {what}")
        return np.ascontiguousarray(pos, dtype=np.uintp)
    a = money(x, name, allow_empty=True)
    if a.size and a.min() < 0:
        i = int(np.argmax(a < 0))
        raise DataError(lib.FPA_EDATA, f"{name}[{i}] = {int(a[i])} names no {what} "
                        f"(there are {n})")
    return np.ascontiguousarray(a, dtype=np.uintp)


def choice(value, table, name):
    """The C enum value of a name ("cost") or of the number itself."""
    if isinstance(value, str):
        try:
            return table[value.lower()]
        except KeyError:
            pass
    elif isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool):
        if 0 <= value < 2**31:  # cffi passes enums unsigned
            return int(value)  # C checks the range and names the argument
    names = ", ".join(repr(k) for k in table)
    raise invalid(f"{name} is {value!r}; expected one of {names} or its number")


def per_line_choice(value, n, table, name, labels=None):
    """`n` C ints (np.intc) from one name for every line, a sequence, or a
    pandas Series / dict keyed by line label."""
    if isinstance(value, (str, numbers.Integral, np.integer)) and not isinstance(value, bool):
        return np.full(n, choice(value, table, name), dtype=np.intc)
    if isinstance(value, dict) or is_series(value):
        if labels is None:
            raise invalid(f"{name} is keyed by label but the lines have no labels")
        get = value.get
        seq = []
        for lab in labels:
            v = get(lab)
            if v is None:
                raise invalid(f"{name} has no entry for line {lab!r}")
            seq.append(v)
        value = seq
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        a = value
    else:
        try:
            a = np.array([choice(v, table, f"{name}[{i}]") for i, v in enumerate(value)])
        except TypeError:
            raise invalid(f"{name} must be a name, a number or a sequence of them, "
                          f"not {value!r}") from None
    if a.shape != (n,):
        raise invalid(f"{name} has {a.size} entries for {n} lines")
    return np.ascontiguousarray(a, dtype=np.intc)


def per_line_floats(value, n, name, labels=None):
    """`n` doubles, or None: one value for every line, a sequence, or a
    Series/dict keyed by line label (lines missing from it get NaN, the C
    library's "use the default")."""
    if value is None:
        return None
    if not isinstance(value, (dict, list, tuple, np.ndarray)) and not is_series(value):
        return np.full(n, number(value, name))
    if isinstance(value, dict) or is_series(value):
        if labels is None:
            raise invalid(f"{name} is keyed by label but the lines have no labels")
        value = [value.get(lab, np.nan) for lab in labels]
    a = floats(value, name, (1,))
    if a.size != n:
        raise invalid(f"{name} has {a.size} entries for {n} lines")
    return a


def intptr(a):
    return ffi.NULL if a is None else ffi.from_buffer("int[]", a)


def u32ptr(a):
    return ffi.NULL if a is None else ffi.from_buffer("uint32_t[]", a)


def strings(values, n, name, allow_none):
    """A `char *[]` for `n` strings (None, NaN or "" for none when
    allow_none), and the buffers that keep them alive."""
    if isinstance(values, (str, bytes)):
        raise invalid(f"{name} must be a sequence of strings, not one string")
    try:
        values = list(values)
    except TypeError:
        raise invalid(f"{name} must be a sequence of strings, not {values!r}") from None
    if len(values) != n:
        raise invalid(f"{name} has {len(values)} entries, expected {n}")
    keep, ptrs = [], ffi.new("char *[]", max(n, 1))
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            if not allow_none:
                raise invalid(f"{name}[{i}] is missing")
            ptrs[i] = ffi.NULL
            continue
        if isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, bool):
            v = str(int(v))
        elif isinstance(v, (float, np.floating)) and float(v).is_integer():
            v = str(int(v))  # an integer code in a pandas column that also holds NaN
        if not isinstance(v, str):
            raise invalid(f"{name}[{i}] is {v!r}, not a string")
        b = v.encode("utf-8")
        if b"\0" in b:
            raise invalid(f"{name}[{i}] contains a NUL character")
        buf = ffi.new("char[]", b)
        keep.append(buf)
        ptrs[i] = buf
    return ptrs, keep
