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
    "Options", "lib_version", "lib_version_number", "option_names", "option_bounds",
]


class Error(Exception):
    """A libfpa call failed.

    Attributes
    ----------
    code : int
        The C status (``FPA_E...``, negative).
    status : str
        Its symbolic name, e.g. ``"FPA_EDOM"``.
    message : str
        The status's general description (``fpa_status_str``), e.g.
        ``"domain error"``.
    detail : str
        The library's description of what exactly was wrong.
    """

    def __init__(self, code, detail):
        self.code = code
        self.status = ffi.string(lib.fpa_status_name(code)).decode()
        self.message = ffi.string(lib.fpa_status_str(code)).decode()
        self.detail = detail
        super().__init__(f"{self.status}: {detail}" if detail else self.status)

    def __reduce__(self):
        # rebuilt from (code, detail), so errors raised in worker processes
        # (multiprocessing, Dask) arrive as the same fpa.Error subclass
        return type(self), (self.code, self.detail)


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


def invalid(detail):
    """The InvalidArgumentError the binding raises for what it rejects itself."""
    return InvalidArgumentError(lib.FPA_EINVAL, detail)


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


def lib_version_number():
    """Version of the loaded C library as one integer (``fpa_version``):
    major * 10000 + minor * 100 + patch, for comparisons."""
    return int(lib.fpa_version())


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
            raise invalid(f"option {name}: {value!r} is not a number") from None
        check(lib.fpa_opts_set(self._ptr, _key(name), value))

    def __getitem__(self, name):
        out = ffi.new("double *")
        check(lib.fpa_opts_get(out, self._ptr, _key(name)))
        return out[0]

    def __repr__(self):
        return f"<fpa.Options at {id(self):#x}>"

    def reset(self):
        """Return every option to its default (``fpa_opts_reset``)."""
        lib.fpa_opts_reset(self._ptr)

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


class Handle:
    """Base of the classes that own one C object in ``self._ptr``: `close`
    frees it at once (the garbage collector does otherwise), ``with`` closes
    on leaving the block, and any use after that raises
    InvalidArgumentError naming the class."""

    _ptr = None

    def _c(self):
        if self._ptr is None:
            raise invalid(f"the {type(self).__name__} is closed")
        return self._ptr

    def close(self):
        """Free the C object now (the garbage collector does otherwise);
        later uses raise `fpa.InvalidArgumentError`. Closing twice is
        harmless.

        Returns
        -------
        None
        """
        if self._ptr is not None:
            ffi.release(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "(closed)" if self._ptr is None else self._summary()
        return f"<fpa.{type(self).__name__} {state}>"


# ---- arrays -------------------------------------------------------------------

def _index(shape, flat):
    return "".join(f"[{i}]" for i in np.unravel_index(flat, shape))


def unmasked(x, name):
    """`x` without a numpy mask, raising when any element is masked: a
    masked element is undefined and never silently read as its data."""
    if np.ma.isMaskedArray(x):
        bad = np.ma.getmaskarray(x)
        if bad.any():
            at = _index(bad.shape, int(np.flatnonzero(bad)[0]))
            raise invalid(f"{name}{at} is masked (undefined)")
        return np.ma.getdata(x)
    return x


def f64(x, name, min_len=0):
    """A contiguous float64 numpy array for `x`, without a copy when `x`
    already is one; lists, tuples and other numeric arrays are converted."""
    a = np.ascontiguousarray(f64nd(x, name))
    if a.ndim != 1:
        a = a.reshape(-1) if a.ndim == 0 else a
        if a.ndim != 1:
            raise invalid(f"{name} must be one-dimensional, not shape {a.shape}")
    if a.size < min_len:
        raise invalid(f"{name} has {a.size} values, needs at least {min_len}")
    return a


def f64nd(x, name):
    """float64 numpy array of any shape; conversion failures (and masked
    elements) are InvalidArgumentError like everything else the binding
    rejects."""
    if x is None:
        raise invalid(f"{name} is None")
    x = unmasked(x, name)
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise invalid(f"{name}: {e}") from None


def dptr(a):
    """A `double *` into a float64 array's memory (no copy); NULL for None."""
    return ffi.NULL if a is None else ffi.from_buffer("double[]", a)


def i64ptr(a):
    return ffi.NULL if a is None else ffi.from_buffer("int64_t[]", a)


def u8ptr(a):
    return ffi.NULL if a is None else ffi.from_buffer("unsigned char[]", a)


def sizeptr(a):
    return ffi.NULL if a is None else ffi.from_buffer("size_t[]", a)


def number(x, name):
    """A Python float for a scalar argument. None, a bool, a string or an
    array is an InvalidArgumentError naming the argument; NaN passes on for
    the C function to reject with its own detail."""
    if x is not None and not isinstance(x, (str, bytes, bool, np.bool_)):
        try:
            if np.ndim(x) == 0:
                return float(x)
        except (TypeError, ValueError):
            pass
    raise invalid(f"{name} must be a number, not {x!r}")


def _whole(a, name, lo, hi, what):
    """Array of `a`'s values, which must be whole numbers in [lo, hi]
    (Python ints); integer arrays are returned as they are."""
    a = unmasked(a, name)
    if a is None:
        raise invalid(f"{name} is None")
    try:
        v = np.asarray(a)
        if v.dtype.kind not in "iuf":
            v = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as e:
        raise invalid(f"{name}: {e}") from None
    v = np.atleast_1d(v)
    if v.dtype.kind == "f":
        bad = ~(np.isfinite(v) & (v == np.floor(v)) & (v >= lo) & (v < float(hi) + 1))
    elif v.dtype.kind == "u":
        bad = v > hi
    else:
        bad = (v < lo) | (v > hi)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise invalid(f"{name}{_index(v.shape, k)} is {v.flat[k]!r}, not {what}")
    return v


def int64s(a, name, what="a whole number"):
    """Contiguous int64 array of whole numbers (cents, ids, period numbers):
    integer arrays pass as they are, integral floats are converted;
    fractions, NaN and values beyond int64 are InvalidArgumentError."""
    return np.ascontiguousarray(_whole(a, name, -2**63, 2**63 - 1, what), dtype=np.int64)


def counts(a, name):
    """Contiguous size_t array of non-negative whole numbers."""
    return np.ascontiguousarray(_whole(a, name, 0, 2**53, "a count (a whole number >= 0)"),
                                dtype=np.uintp)


def count(x, name, none=0):
    """A non-negative whole number for a size_t argument (`none` for None)."""
    if x is None:
        return none
    ok = not isinstance(x, (str, bytes, bool)) and np.ndim(x) == 0
    try:
        v = float(x) if ok else -1.0
    except (TypeError, ValueError):
        v = -1.0
    if not (0 <= v <= 2.0**53 and v == int(v)):
        raise invalid(f"{name} must be a whole number >= 0, not {x!r}")
    return int(v)


def scalar_call(cfun, args, names, result=None, counts_at=()):
    """``cfun(*outs, *args)`` for scalar arguments, or element-wise over the
    numpy broadcast of array arguments. `result` (a namedtuple type) gives
    the number of outputs and wraps them; None means one output. Arguments
    at `counts_at` are size_t counts. An element's failure raises its
    exception with the element's index."""
    nout = len(result._fields) if result else 1
    outs = [ffi.new("double *") for _ in range(nout)]
    # fast path: plain Python floats (and ints outside count positions)
    if all(type(a) is float or (type(a) is int and i not in counts_at and -2**53 <= a <= 2**53)
           for i, a in enumerate(args)):
        code = cfun(*outs, *args)
        if code:
            check(code)
        got = [o[0] for o in outs]
        return result(*got) if result else got[0]

    def one(vals):
        check(cfun(*outs, *vals))
        return [o[0] for o in outs]

    if all(np.ndim(a) == 0 for a in args):
        got = one([count(a, n) if i in counts_at else number(a, n)
                   for i, (a, n) in enumerate(zip(args, names))])
        return result(*got) if result else got[0]
    arrays = np.broadcast_arrays(*[counts(a, n).reshape(np.shape(a)) if i in counts_at
                                   else f64nd(a, n)
                                   for i, (a, n) in enumerate(zip(args, names))])
    res = [np.empty(arrays[0].shape) for _ in range(nout)]
    for idx in np.ndindex(arrays[0].shape):
        try:
            got = one([int(a[idx]) if i in counts_at else float(a[idx])
                       for i, a in enumerate(arrays)])
        except Error as e:
            raise type(e)(e.code, f"element {list(idx)}: {e.detail}") from None
        for r, g in zip(res, got):
            r[idx] = g
    return result(*res) if result else res[0]


def days(dates, name="dates"):
    """Day numbers since 1970-01-01 (int64) of a sequence of dates, strings
    parsed by the C library: see fpa.dates.days, the one converter."""
    from .dates import days as convert
    return convert(dates, name)
