# SPDX-License-Identifier: GPL-3.0-or-later
"""Statuses as exceptions, options, and zero-copy array conversion."""
import builtins
import datetime as _dt

import numpy as np

from ._fpa_cffi import ffi, lib

__all__ = [
    "Error", "InvalidArgumentError", "DomainError", "NoConvergenceError",
    "OutOfMemoryError", "ResultOverflowError", "BufferSizeError",
    "UnboundedError", "DataError", "SystemResourceError",
    "Options", "lib_version", "option_names", "option_bounds",
]


class Error(Exception):
    """A libfpa call failed.

    Attributes
    ----------
    code : int
        The C status (``FPA_E...``, negative).
    status : str
        Its symbolic name, e.g. ``"FPA_EDOM"``.
    detail : str
        The library's description of what exactly was wrong.
    """

    def __init__(self, code, detail):
        self.code = code
        self.status = ffi.string(lib.fpa_status_name(code)).decode()
        self.detail = detail
        super().__init__(f"{self.status}: {detail}" if detail else self.status)


class InvalidArgumentError(Error, ValueError):
    """FPA_EINVAL: NULL, empty or mismatched arrays, unknown option..."""


class DomainError(Error, ValueError):
    """FPA_EDOM: an input outside the function's domain (NaN, rate <= -1...)."""


class NoConvergenceError(Error, ArithmeticError):
    """FPA_ENOCONV: no root or optimum found."""


class OutOfMemoryError(Error, MemoryError):
    """FPA_ENOMEM."""


class ResultOverflowError(Error, builtins.OverflowError):
    """FPA_EOVERFLOW: the result is not representable."""


class BufferSizeError(Error, ValueError):
    """FPA_ESIZE: an output buffer was too small (a binding bug if raised)."""


class UnboundedError(Error, ArithmeticError):
    """FPA_EUNBOUNDED: the result is mathematically infinite."""


class DataError(Error, ValueError):
    """FPA_EDATA: inconsistent data (cycle, duplicate, unknown id...)."""


class SystemResourceError(Error, OSError):
    """FPA_ESYSTEM: the operating system refused a resource (a thread)."""


_BY_CODE = {
    lib.FPA_EINVAL: InvalidArgumentError,
    lib.FPA_EDOM: DomainError,
    lib.FPA_ENOCONV: NoConvergenceError,
    lib.FPA_ENOMEM: OutOfMemoryError,
    lib.FPA_EOVERFLOW: ResultOverflowError,
    lib.FPA_ESIZE: BufferSizeError,
    lib.FPA_EUNBOUNDED: UnboundedError,
    lib.FPA_EDATA: DataError,
    lib.FPA_ESYSTEM: SystemResourceError,
}


def error_for(code):
    """The exception for a failed status, with this thread's detail."""
    detail = ffi.string(lib.fpa_error_last()).decode("utf-8", "replace")
    return _BY_CODE.get(code, Error)(code, detail)


def check(code):
    """Raise the exception for `code` unless it is FPA_OK."""
    if code != 0:
        raise error_for(code)


def lib_version():
    """Version string of the loaded C library, e.g. ``"1.0.0"``."""
    return ffi.string(lib.fpa_version_string()).decode()


# ---- options ----------------------------------------------------------------

def option_names():
    """Every option name the library knows, e.g. ``["threads", "seed", ...]``."""
    names, key = [], ffi.new("int *")
    i = 0
    while lib.fpa_opt_key(key, i) == 0:
        names.append(ffi.string(lib.fpa_opt_name(key[0])).decode())
        i += 1
    return names


def _key(name):
    key = ffi.new("int *")
    check(lib.fpa_opt_find(key, name.encode()))
    return key[0]


def option_bounds(name):
    """``(min, max, default)`` of an option."""
    lo, hi, de = ffi.new("double *"), ffi.new("double *"), ffi.new("double *")
    check(lib.fpa_opt_bounds(lo, hi, de, _key(name)))
    return lo[0], hi[0], de[0]


class Options:
    """An ``fpa_opts`` object: option name -> value.

    Names are the library's (``"threads"``, ``"seed"``, ``"forecast.horizon"``
    ...). Functions taking ``**options`` accept the short name within their
    module (``horizon=18``) as well as the full one.
    """

    def __init__(self, **values):
        p = ffi.new("fpa_opts **")
        check(lib.fpa_opts_new(p, ffi.NULL, ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_opts_free)
        for name, value in values.items():
            self[name] = value

    def __setitem__(self, name, value):
        if isinstance(value, bool):
            value = int(value)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InvalidArgumentError(lib.FPA_EINVAL,
                                       f"option {name}: {value!r} is not a number") from None
        check(lib.fpa_opts_set(self._ptr, _key(name), value))

    def __getitem__(self, name):
        out = ffi.new("double *")
        check(lib.fpa_opts_get(out, self._ptr, _key(name)))
        return out[0]

    def __repr__(self):
        return f"<fpa.Options at {id(self):#x}>"

    def copy(self):
        """A new Options with the same values."""
        other = Options()
        for name in option_names():
            other[name] = self[name]
        return other


def make_options(module, values, base=None):
    """The Options for a call: `base` (an Options, or None) with the keyword
    arguments `values` applied. Short names resolve against `module`
    ("forecast": ``horizon`` means "forecast.horizon"); core names such as
    ``threads`` and ``seed`` work everywhere. None when there is nothing to
    set, so the C function uses its defaults."""
    if not values:
        return base
    opts = Options() if base is None else base.copy()
    for name, value in values.items():
        full = f"{module}.{name}" if module else name
        key = ffi.new("int *")
        opts[full if module and lib.fpa_opt_find(key, full.encode()) == 0 else name] = value
    return opts


def opts_ptr(opts):
    return ffi.NULL if opts is None else opts._ptr


# ---- arrays -------------------------------------------------------------------

def f64(x, name, min_len=0):
    """A contiguous float64 numpy array for `x`, without a copy when `x`
    already is one; lists, tuples and other numeric arrays are converted."""
    try:
        a = np.ascontiguousarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(lib.FPA_EINVAL, f"{name}: {e}") from None
    if a.ndim != 1:
        a = a.reshape(-1) if a.ndim == 0 else a
        if a.ndim != 1:
            raise InvalidArgumentError(lib.FPA_EINVAL,
                                       f"{name} must be one-dimensional, not shape {a.shape}")
    if a.size < min_len:
        raise InvalidArgumentError(lib.FPA_EINVAL,
                                   f"{name} has {a.size} values, needs at least {min_len}")
    return a


def f64nd(x, name):
    """float64 numpy array of any shape; conversion failures are
    InvalidArgumentError like everything else the binding rejects."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(lib.FPA_EINVAL, f"{name}: {e}") from None


def dptr(a):
    """A `double *` into a float64 array's memory (no copy)."""
    return ffi.from_buffer("double[]", a)


def i64ptr(a):
    return ffi.from_buffer("int64_t[]", a)


_EPOCH = np.datetime64("1970-01-01", "D")


def days(dates, name="dates"):
    """Day numbers since 1970-01-01 (int64) for dates given as
    datetime.date/datetime, numpy.datetime64, pandas Timestamps, ISO strings
    ("2024-03-31") or integers (already day numbers)."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        a = dates.astype("datetime64[D]")
    elif isinstance(dates, np.ndarray) and dates.dtype.kind in "iu":
        return np.ascontiguousarray(dates, dtype=np.int64)
    else:
        seq = list(dates) if not isinstance(dates, (str, bytes)) else [dates]
        if seq and all(isinstance(d, (int, np.integer)) and not isinstance(d, bool)
                       for d in seq):
            return np.ascontiguousarray(seq, dtype=np.int64)
        conv = []
        for i, d in enumerate(seq):
            if isinstance(d, _dt.datetime):
                d = d.date()
            if hasattr(d, "to_datetime64"):  # pandas.Timestamp
                d = d.to_datetime64()
            try:
                conv.append(np.datetime64(d, "D"))
            except (TypeError, ValueError):
                raise InvalidArgumentError(lib.FPA_EINVAL,
                                           f"{name}[{i}] is not a date: {d!r}") from None
        a = np.array(conv, dtype="datetime64[D]")
    if np.isnat(a).any():
        i = int(np.flatnonzero(np.isnat(a))[0])
        raise InvalidArgumentError(lib.FPA_EINVAL, f"{name}[{i}] is NaT")
    return np.ascontiguousarray((a - _EPOCH).astype(np.int64))
