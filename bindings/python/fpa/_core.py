# SPDX-License-Identifier: GPL-3.0-or-later
"""Statuses as exceptions, options, the lifecycle of C objects, progress
and interrupts of long calls, and zero-copy array conversion."""
import builtins
import datetime as _dt
import sys
import threading

import numpy as np

from ._fpa_cffi import ffi, lib

__all__ = [
    "Error", "InvalidArgumentError", "DomainError", "NoConvergenceError",
    "OutOfMemoryError", "ResultOverflowError", "BufferSizeError",
    "UnboundedError", "DataError", "SystemResourceError", "CancelledError",
    "ArgumentTypeError",
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


class CancelledError(Error):
    """FPA_ECANCELED: the host cancelled a long call (a ``progress``
    callable returned True). Ctrl-C raises KeyboardInterrupt instead."""


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """FPA_EINVAL raised by the binding for an argument of the wrong type: a
    string, bool, complex number, date or None where a number (or an array
    of numbers) is expected. Both a `fpa.InvalidArgumentError` and a
    TypeError, as numpy raises for such arguments."""


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
    lib.FPA_ECANCELED: CancelledError,
}


def invalid(detail):
    """The InvalidArgumentError the binding raises for what it rejects itself."""
    return InvalidArgumentError(lib.FPA_EINVAL, detail)


def wrong_type(detail):
    """The ArgumentTypeError (an InvalidArgumentError and a TypeError) for an
    argument of the wrong type."""
    return ArgumentTypeError(lib.FPA_EINVAL, detail)


def error_for(code):
    """The exception for a failed status, with this thread's detail."""
    detail = ffi.string(lib.fpa_error_last()).decode("utf-8", "replace")
    return _BY_CODE.get(code, Error)(code, detail)


def check(code):
    """Raise the exception for `code` unless it is FPA_OK."""
    if code != 0:
        raise error_for(code)


def callable_module(module, function):
    """Make `module` callable as `function` (``fpa.forecast(y)`` and
    ``fpa.forecast.forecast(y)`` are one call), so that the package can
    export the module under its own name: ``import fpa.forecast`` then
    gives the module, whose other names (``fpa.forecast.ForecastModel``)
    it holds, instead of a function that shadows it. Pickling the module
    pickles a reference to it, so ``multiprocessing.Pool.map(fpa.forecast,
    ...)`` keeps working."""
    import importlib
    import types

    class CallableModule(types.ModuleType):
        __call__ = staticmethod(function)

        def __reduce__(self):
            return importlib.import_module, (self.__name__,)

    CallableModule.__name__ = f"{function.__name__}_module"
    module.__class__ = CallableModule
    return module


class PartialResultWarning(RuntimeWarning):
    """FPA_PARTIAL: some outputs are undefined (NaN), the others are
    computed; the message is the library's detail, naming the first
    undefined output. A RuntimeWarning, like numpy's "invalid value"."""


def check_partial(code):
    """`check` for calls documented to return partial results: FPA_PARTIAL
    warns (PartialResultWarning) and returns True; FPA_OK returns False."""
    if code == lib.FPA_PARTIAL:
        import warnings
        warnings.warn(ffi.string(lib.fpa_error_last()).decode("utf-8", "replace"),
                      PartialResultWarning, stacklevel=3)
        return True
    check(code)
    return False


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

    Names are the library's (``"threads"``, ``"seed"``, ``"forecast.ic"``
    ...). Functions taking ``**options`` accept the short name within their
    module (``ic="bic"`` in `fpa.forecast`) as well as the full one.
    """

    def __init__(self, **values):
        p = ffi.new("fpa_opts **")
        check(lib.fpa_opts_new(p, ffi.NULL, ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_opts_free)
        self._values = {}  # what was set, by full name: copies are cheap
        for name, value in values.items():
            self[name] = value

    def __setitem__(self, name, value):
        if isinstance(value, bool):
            value = int(value)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise invalid(f"option {name}: {value!r} is not a number") from None
        key = _key(name)
        check(lib.fpa_opts_set(self._ptr, key, value))
        self._values[ffi.string(lib.fpa_opt_name(key)).decode()] = value

    def __getitem__(self, name):
        out = ffi.new("double *")
        check(lib.fpa_opts_get(out, self._ptr, _key(name)))
        return out[0]

    def __contains__(self, name):
        """Whether the option was set (else it has its default)."""
        return ffi.string(lib.fpa_opt_name(_key(name))).decode() in self._values

    def __repr__(self):
        return f"<fpa.Options at {id(self):#x}>"

    def reset(self):
        """Return every option to its default (``fpa_opts_reset``)."""
        lib.fpa_opts_reset(self._ptr)
        self._values.clear()

    def copy(self):
        """A new Options with the same values."""
        other = Options()
        for name, value in self._values.items():
            other[name] = value
        return other


def make_options(module, values, base=None):
    """The Options for a call: `base` (an Options, or None) with the keyword
    arguments `values` applied. Short names resolve against `module`
    ("forecast": ``ic`` means "forecast.ic"); core names such as
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


# ---- progress and interrupts of long calls -------------------------------------------
#
# The long C calls (batches, backtests, matching, Monte Carlo, tables) call
# the options' progress callback (fpa_opts_set_progress) on the calling
# thread, between units of work, at most every `progress_interval` ms; a
# non-zero return cancels them with FPA_ECANCELED. The callback below runs
# Python code there, so a pending Ctrl-C (Python runs signal handlers on
# the main thread when it next executes Python code) raises
# KeyboardInterrupt inside it: the call is cancelled and the
# KeyboardInterrupt re-raised once C has returned.

_INTERRUPT_MS = 50  # between two checks for Ctrl-C: delivered within ~0.1 s
_tls = threading.local()  # the watch of this thread's call in progress


class _Bar:
    """A plain progress bar on stderr: ``what [#####.....]  42% 1680/4000``."""

    def __init__(self, what, stream=None):
        self.what, self.stream, self.shown = what, stream or sys.stderr, None

    def update(self, done, total):
        if total == 0:
            return
        width = 30
        filled = width * done // total
        text = (f"\r{self.what} [{'#' * filled}{'.' * (width - filled)}] "
                f"{100 * done // total:3d}% {done}/{total}")
        if text != self.shown:
            self.stream.write(text)
            self.stream.flush()
            self.shown = text

    def close(self):
        if self.shown is not None:
            self.stream.write("\n")
            self.stream.flush()


def _progress_failed(exc_type, value, tb):
    """A progress callback raised (KeyboardInterrupt from Ctrl-C, or the
    host's callable): keep the exception for `watch` to re-raise once C has
    returned, and cancel the call."""
    w = getattr(_tls, "watch", None)
    if w is not None and w.error is None:
        w.error = value if value is not None else exc_type()
    return 1


@ffi.def_extern(onerror=_progress_failed)
def _fpa_progress(ud, done, total):
    return ffi.from_handle(ud).report(done, total)


class watch:
    """Progress, cancellation and Ctrl-C for one long C call::

        with watch(opts, progress, "forecast batch") as o:
            check(lib.fpa_forecast_batch(..., o))

    `opts` is the call's `Options` (or None) and `o` the ``fpa_opts *`` to
    give C in place of ``opts_ptr(opts)``. `progress`: False or None (the
    default of the public functions) checks for Ctrl-C only, on the main
    thread; True also draws a bar on stderr; a callable
    ``progress(done, total)`` is called with the units of work done and
    their total (series, origins, blocks of paths ...) and cancels the call
    by returning True (`fpa.CancelledError`). KeyboardInterrupt, or an
    exception the callable raised, propagates once C has returned. Results
    are identical with and without progress. The caller's Options object is
    never changed (the callback goes on a copy).
    """

    def __init__(self, opts, progress=False, what="working"):
        if not (progress is None or isinstance(progress, bool) or callable(progress)):
            raise wrong_type(f"progress must be True, False or a callable "
                             f"progress(done, total), not {progress!r}")
        self.opts, self.error, self.handle = opts, None, None
        self.fn = progress if callable(progress) and not isinstance(progress, bool) else None
        self.bar = _Bar(what) if progress is True else None
        self.needed = bool(progress) or threading.current_thread() is threading.main_thread()

    def report(self, done, total):
        if self.bar is not None:
            self.bar.update(done, total)
        return 1 if self.fn is not None and self.fn(done, total) else 0

    def __enter__(self):
        if not self.needed:
            return opts_ptr(self.opts)
        own = Options() if self.opts is None else self.opts.copy()
        if "progress_interval" not in own and self.fn is None:
            own["progress_interval"] = _INTERRUPT_MS
        self.own, self.handle = own, ffi.new_handle(self)
        check(lib.fpa_opts_set_progress(own._ptr, lib._fpa_progress, self.handle))
        self.outer, _tls.watch = getattr(_tls, "watch", None), self
        return own._ptr

    def __exit__(self, exc_type, exc, tb):
        if self.handle is None:
            return False
        _tls.watch = self.outer
        if self.bar is not None:
            self.bar.close()
        if self.error is not None:  # Ctrl-C wins over the status it caused
            raise self.error.with_traceback(None) from None
        return False


class Handle:
    """Base of the classes that own one C object in ``self._ptr`` (a cdata
    made by ``ffi.gc``, whose destructor frees the C object): `close` frees
    it at once (the garbage collector does otherwise), ``with`` closes on
    leaving the block, and any use after that raises InvalidArgumentError
    naming the class.

    The C object outlives every call in flight. A call holds a reference
    to each cdata it was given for as long as it runs (they are its
    arguments), and ``ffi.gc``'s destructor runs when the last reference
    goes; `close` only drops the handle's own reference. So closing while
    another thread's call on the object runs (the GIL is released during C
    calls) returns at once, later calls raise, and the C object is freed
    when the running call returns, on that thread. Never free a handle's
    cdata with ``ffi.release``: that would free it under such a call.

    A C object that lives inside another one (a view) is handed to C as
    ``pinned(view, owner_cdata)``, so that the owner too outlives the call.
    """

    _ptr = None

    def _c(self):
        ptr = self._ptr  # read once: another thread may close meanwhile
        if ptr is None:
            raise invalid(f"the {type(self).__name__} is closed")
        return ptr

    def close(self):
        """Free the C object now (the garbage collector does otherwise);
        later uses raise `fpa.InvalidArgumentError`. Closing twice is
        harmless; closing while another thread's call on the object runs
        lets that call finish, and the C object is freed when it returns.

        Returns
        -------
        None
        """
        self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "(closed)" if self._ptr is None else self._summary()
        return f"<fpa.{type(self).__name__} {state}>"


def pinned(ptr, *owners):
    """`ptr`, a pointer into the C objects `owners` (their ``ffi.gc``
    cdata), as a cdata that keeps them alive while it is referenced: pass
    it to C, and closing an owner on another thread cannot free the memory
    under the call."""
    return ffi.gc(ptr, lambda _p, _owners=owners: None)


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


# What numpy would silently read as a number but the binding refuses: a
# bool is not 1.0, a string is not its value, a complex number loses its
# imaginary part, and a date is not a day count.
_NOT_NUMBERS = (bool, np.bool_, str, bytes, complex, np.complexfloating,
                _dt.date, _dt.timedelta, np.datetime64, np.timedelta64)
_NOT_NUMBER_KINDS = {"b": "bool", "U": "str", "S": "bytes", "c": "complex",
                     "M": "datetime64", "m": "timedelta64", "V": "void"}


def _not_numbers(a, name):
    """The ArgumentTypeError for an array (or the object array of a
    sequence) holding something other than numbers, or None when it holds
    only numbers (and None or NaN for missing values)."""
    kind = a.dtype.kind
    if kind in _NOT_NUMBER_KINDS:
        return wrong_type(f"{name} holds {_NOT_NUMBER_KINDS[kind]} values ({a.dtype}), "
                          "not numbers")
    if kind != "O":
        return None
    flat = a.reshape(-1)
    types = set(map(type, flat))
    if not any(issubclass(t, _NOT_NUMBERS) for t in types):
        return None
    k = next(i for i, v in enumerate(flat) if isinstance(v, _NOT_NUMBERS))
    return wrong_type(f"{name}{_index(a.shape, k)} is {flat[k]!r}, not a number")


def f64nd(x, name):
    """float64 numpy array of any shape, without a copy for a float64 array.
    Strings, bools, complex numbers and dates (as arrays, or as elements of
    lists) raise ArgumentTypeError, a TypeError; other conversion failures
    (ragged lists, masked elements) raise InvalidArgumentError, like
    everything else the binding rejects."""
    if x is None:
        raise wrong_type(f"{name} is None, not numbers")
    x = unmasked(x, name)
    if isinstance(x, np.ndarray) and x.dtype.kind in "fiu":
        return np.asarray(x, dtype=np.float64)
    if isinstance(x, _NOT_NUMBERS):
        raise wrong_type(f"{name} is {x!r}, not a number")
    try:
        raw = x if isinstance(x, np.ndarray) else np.asarray(x, dtype=object)
    except (TypeError, ValueError) as e:
        raise invalid(f"{name}: {e}") from None
    bad = _not_numbers(raw, name)
    if bad is not None:
        raise bad
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
    """A Python float for a scalar argument. None, a bool, a string, a
    complex number, a date or an array raise ArgumentTypeError (an
    InvalidArgumentError and a TypeError) naming the argument; NaN passes
    on for the C function to reject with its own detail."""
    if x is not None and not isinstance(x, _NOT_NUMBERS):
        try:
            if np.ndim(x) == 0 and not np.iscomplexobj(x):
                return float(x)
        except (TypeError, ValueError):
            pass
    raise wrong_type(f"{name} must be a number, not {x!r}")


def levels_percent(level, name="level"):
    """Interval levels as percentages (float64 array; empty for None or
    ()): 80 and 0.8 both mean 80 %. As R's forecast package does, levels
    that are all in (0, 1) are fractions and scaled by 100; fractions mixed
    with percentages are refused as ambiguous. Other values pass on for C
    to check against (0, 100)."""
    if level is None:
        return np.empty(0)
    if np.ndim(level) == 0:
        level = [level]
    a = np.array([number(x, name) for x in level], dtype=np.float64)
    frac = (a > 0) & (a < 1)
    if frac.all():
        return a * 100
    if frac.any():
        raise invalid(f"{name} {a.tolist()} mixes fractions (below 1) and percentages; "
                      "give 0.8 and 0.95, or 80 and 95")
    return a


def level_fraction(level, name="level"):
    """One interval level as a fraction: 0.8 and 80 both mean 80 %
    (values in (1, 100) are percentages; 1 is 100 %, which C refuses)."""
    x = number(level, name)
    return x / 100 if 1 < x < 100 else x


def _whole(a, name, lo, hi, what):
    """Array of `a`'s values, which must be whole numbers in [lo, hi]
    (Python ints); integer arrays are returned as they are."""
    a = unmasked(a, name)
    if a is None:
        raise wrong_type(f"{name} is None, not whole numbers")
    try:
        v = np.asarray(a)
        if v.dtype.kind not in "iuf":
            v = f64nd(a, name)
    except (TypeError, ValueError, OverflowError) as e:
        if isinstance(e, Error):
            raise
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
    """A non-negative whole number for a size_t argument (`none` for None).
    A bool, string or array raises ArgumentTypeError; a negative or
    fractional number InvalidArgumentError."""
    if x is None:
        return none
    if isinstance(x, _NOT_NUMBERS) or np.ndim(x) != 0:
        raise wrong_type(f"{name} must be a whole number >= 0, not {x!r}")
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise wrong_type(f"{name} must be a whole number >= 0, not {x!r}") from None
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
