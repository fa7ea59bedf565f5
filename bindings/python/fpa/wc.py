# SPDX-License-Identifier: GPL-3.0-or-later
"""Working capital: day counts, DSO/DIO/DPO and the cash conversion cycle,
liquidity ratios, the driver-based balance and cash projection
(`WCPlan`), and the 13-week cash forecast.

The formulas and their sources are in the C header ``fpa/wc.h`` and in
docs/wc.md. Enumerations are strings: drivers ``"revenue"``, ``"cogs"``,
``"dso"``, ``"dio"``, ``"dpo"``, ``"other_cash"``; projection lines
``"ar"``, ``"inventory"``, ``"ap"``, ``"nwc"``, ``"delta_nwc"``,
``"collections"``, ``"purchases"``, ``"payments"``, ``"net_cash"``,
``"cash"``; day-count bases ``"actual"``, ``"30/360"``, ``"365"``. Periods
are numbered from 0, as in C.

numpy in, numpy out; when an input is a pandas Series (or an ``index=`` is
given) the results are pandas objects on that index.
"""
import numpy as np

from ._core import (Handle, check, count, days as _days, dptr, f64, i64ptr, int64s, make_options,
                    number, opts_ptr, invalid)
from ._fpa_cffi import ffi, lib

__all__ = ["wc_period_days", "wc_cycle", "wc_liquidity", "wc_weekly_cash", "WCPlan",
           "WC_DRIVERS", "WC_LINES", "WC_BASES"]


# ---- enumerations as strings, read from the C headers ---------------------------

def _enum(ctype, prefix, aliases=None):
    """name -> value of a C enum, names lower-cased without `prefix`
    (FPA_WC_OTHER_CASH -> "other_cash"), so the binding cannot drift from
    the header."""
    names = {k[len(prefix):].lower(): v for k, v in ffi.typeof(ctype).relements.items()}
    names.update(aliases or {})
    return names


def _names(table):
    return tuple(k for k, _ in sorted(table.items(), key=lambda kv: kv[1]))


_DRIVER = _enum("fpa_wc_driver", "FPA_WC_")
_LINE = _enum("fpa_wc_line", "FPA_WC_LINE_")
_BASIS = _enum("fpa_wc_basis", "FPA_WC_", {"30/360": lib.FPA_WC_30_360})

#: Driver names of `WCPlan`, in the C enum's order.
WC_DRIVERS = _names(_DRIVER)
#: Projection line names, in the C enum's order.
WC_LINES = _names(_LINE)
#: Day-count bases of `wc_period_days`.
WC_BASES = ("actual", "30/360", "365")


def _choice(table, value, what):
    """The C enum value of `value` (a name from `table`, case-insensitive)."""
    if isinstance(value, str) and value.lower() in table:
        return table[value.lower()]
    options = ", ".join(repr(k) for k in table)
    raise invalid(f"{what} is {value!r}; expected one of {options}")





# ---- pandas, optional --------------------------------------------------------------

def _is_pandas(x):
    return type(x).__module__.startswith("pandas")


def _pandas_index(*xs):
    """The index of the first pandas Series/DataFrame among `xs`, else None."""
    for x in xs:
        if _is_pandas(x) and hasattr(x, "index"):
            return x.index
    return None


def _pd():
    try:
        import pandas
        return pandas
    except ImportError:  # pandas is optional: fall back to numpy
        return None


def _as_frame(columns, index):
    """A DataFrame of `columns` (name -> array) on `index`, or the dict
    itself without an index or without pandas."""
    pd = _pd() if index is not None else None
    return pd.DataFrame(columns, index=index) if pd else columns


def _as_series(values, index, name=None):
    pd = _pd() if index is not None else None
    return pd.Series(values, index=index, name=name) if pd else values


def _same_length(arrays, n=None):
    """Check that the named arrays (name -> array or None) all hold `n`
    values (or as many as the first one); return that length."""
    first = None
    for name, a in arrays.items():
        if a is None:
            continue
        if n is None:
            n, first = a.size, name
        elif a.size != n:
            ref = f"{first} has {n}" if first else f"expected {n}"
            raise invalid(f"{name} has {a.size} values but {ref}")
    return n


# ---- metrics ---------------------------------------------------------------------

def wc_period_days(bounds, basis="actual"):
    """Length of consecutive periods in days on a day-count basis.

    Period i runs from ``bounds[i]`` (inclusive) to ``bounds[i+1]``
    (exclusive) (``fpa_wc_period_days``).

    Parameters
    ----------
    bounds : sequence of dates
        ``n + 1`` strictly increasing dates: ``datetime.date``,
        ``numpy.datetime64``, pandas Timestamps, ISO strings or day numbers.
    basis : {"actual", "30/360", "365"}
        ``"actual"``: calendar days; ``"30/360"``: the spreadsheet's
        ``DAYS360(start; end; 0)`` (US/NASD); ``"365"``: the 30/360 count
        scaled by 365/360 (a month 30.4167 days).

    Returns
    -------
    ndarray of float64
        ``n`` day counts.

    Raises
    ------
    fpa.InvalidArgumentError
        Fewer than two bounds, an unknown basis, or something not a date.
    fpa.DomainError
        Bounds that do not increase, or a 30/360 period of no days.
    """
    b = _days(bounds, "bounds")
    if b.size < 2:
        raise invalid(f"bounds has {b.size} values, needs at least 2")
    out = np.empty(b.size - 1)
    check(lib.fpa_wc_period_days(dptr(out), i64ptr(b), b.size - 1,
                                 _choice(_BASIS, basis, "basis")))
    return out


def _per_period(days, n):
    """`days` as n values: a scalar is repeated."""
    if np.ndim(days) == 0:
        return np.full(n, number(days, "days"))
    return f64(days, "days")


_CYCLE_NEEDS = {"dso": ("ar", "revenue"), "dio": ("inventory", "cogs"),
                "dpo": ("ap", "purchases"),
                "ccc": ("ar", "revenue", "inventory", "cogs", "ap", "purchases")}


def wc_cycle(days, *, ar=None, revenue=None, inventory=None, cogs=None, ap=None,
             purchases=None, outputs=None):
    """Days sales, inventory and payables outstanding and the cash
    conversion cycle, per period (``fpa_wc_cycle``)::

        DSO = AR / revenue * days          DIO = inventory / COGS * days
        DPO = AP / purchases * days        CCC = DSO + DIO - DPO

    (Ross, Westerfield & Jaffe, *Corporate Finance*, 10th ed., 26.2.)

    Parameters
    ----------
    days : float or array_like
        Length of each period (`wc_period_days`), > 0; a scalar applies to
        every period (365 for annual figures).
    ar, inventory, ap : array_like, optional
        Balances at period end (or averages), >= 0.
    revenue, cogs : array_like, optional
        Flows of each period, > 0.
    purchases : array_like, optional
        The flow payables are measured against, > 0. Defaults to `cogs`,
        the common convention.
    outputs : sequence of {"dso", "dio", "dpo", "ccc"}, optional
        What to compute; by default everything the given inputs allow.

    Returns
    -------
    dict of ndarray, or pandas.DataFrame
        One entry per output; a DataFrame on the input's index when an
        input is a pandas Series.

    Raises
    ------
    fpa.InvalidArgumentError
        An output's input is missing, or arrays of different lengths.
    fpa.DomainError
        A value not finite, a negative balance, a flow or day count <= 0
        (the detail names the array and the 0-based index).
    """
    if purchases is None:
        purchases = cogs
    given = {"ar": ar, "revenue": revenue, "inventory": inventory, "cogs": cogs,
             "ap": ap, "purchases": purchases}
    index = _pandas_index(days, *given.values())
    if outputs is None:
        outputs = [k for k, need in _CYCLE_NEEDS.items()
                   if all(given[x] is not None for x in need)]
        if not outputs:
            raise invalid("give ar and revenue, inventory and cogs, or ap and "
                          "purchases (or cogs)")
    elif isinstance(outputs, str):
        outputs = [outputs]
    for k in outputs:
        _choice(_CYCLE_NEEDS, k, "output")
        missing = [x for x in _CYCLE_NEEDS[k.lower()] if given[x] is None]
        if missing:
            raise invalid(f"{k.lower()} needs {', '.join(missing)}")
    arrays = {k: None if v is None else f64(v, k) for k, v in given.items()}
    n = _same_length(arrays)
    d = _per_period(days, n)
    n = _same_length({"days": d}, n)
    if n == 0:
        raise invalid("no periods")
    outs = {k.lower(): np.empty(n) for k in outputs}
    ptr = lambda a: ffi.NULL if a is None else dptr(a)  # noqa: E731
    check(lib.fpa_wc_cycle(*(ptr(outs.get(k)) for k in ("dso", "dio", "dpo", "ccc")),
                           *(ptr(arrays[k]) for k in ("ar", "revenue", "inventory",
                                                      "cogs", "ap", "purchases")),
                           dptr(d), n))
    return _as_frame(outs, index)


def wc_liquidity(current_assets, current_liabilities, inventory=None, *, outputs=None):
    """Net working capital, current ratio and quick ratio per period
    (``fpa_wc_liquidity``; Brealey, Myers & Allen, 12th ed., 28.4)::

        nwc = CA - CL     current = CA / CL     quick = (CA - inventory) / CL

    Parameters
    ----------
    current_assets, current_liabilities : array_like
        Balances at period end, >= 0 (liabilities > 0 for the ratios).
    inventory : array_like, optional
        Inventory and other non-quick current assets, at most the current
        assets; needed by the quick ratio.
    outputs : sequence of {"nwc", "current", "quick"}, optional
        Default: "nwc" and "current", and "quick" when `inventory` is given.

    Returns
    -------
    dict of ndarray, or pandas.DataFrame

    Raises
    ------
    fpa.InvalidArgumentError
        "quick" without inventory, or arrays of different lengths.
    fpa.DomainError
        A negative or non-finite value, zero liabilities where a ratio is
        wanted, inventory above current assets.
    """
    index = _pandas_index(current_assets, current_liabilities, inventory)
    if outputs is None:
        outputs = ["nwc", "current"] + (["quick"] if inventory is not None else [])
    elif isinstance(outputs, str):
        outputs = [outputs]
    table = {"nwc": 0, "current": 1, "quick": 2}
    for k in outputs:
        _choice(table, k, "output")
    outputs = [k.lower() for k in outputs]
    if "quick" in outputs and inventory is None:
        raise invalid("quick needs inventory")
    arrays = {"current_assets": f64(current_assets, "current_assets"),
              "current_liabilities": f64(current_liabilities, "current_liabilities"),
              "inventory": None if inventory is None else f64(inventory, "inventory")}
    n = _same_length(arrays)
    if n == 0 or not outputs:
        raise invalid("no periods" if n == 0 else "no outputs")
    outs = {k: np.empty(n) for k in outputs}
    ptr = lambda a: ffi.NULL if a is None else dptr(a)  # noqa: E731
    check(lib.fpa_wc_liquidity(ptr(outs.get("nwc")), ptr(outs.get("current")),
                               ptr(outs.get("quick")), *(ptr(a) for a in arrays.values()), n))
    return _as_frame(outs, index)


# ---- the plan ----------------------------------------------------------------------

class WCPlan(Handle):
    """A base case for the working-capital projection (``fpa_wc_plan``):
    the days of each period, one series per driver, and opening balances.

    The projection (`project`) follows the cash budget of docs/wc.md::

        AR = DSO * revenue / days     Inv = DIO * COGS / days
        AP = DPO * COGS / days        (or * purchases with ``ap_basis=1``)
        cash_t = cash_{t-1} + revenue - COGS - (NWC_t - NWC_{t-1}) + other_cash

    Parameters
    ----------
    periods : int, optional
        Number of periods (1 .. 100000). Default: the length of `days`, of
        the first driver given, or of `index`.
    days : float or array_like, optional
        Length of each period in days (`wc_period_days`); a scalar applies
        to every period. Must be set (here or with `set_days`) before
        projecting.
    revenue, cogs, dso, dio, dpo, other_cash : array_like, optional
        The drivers, one value per period (all zero by default).
        ``other_cash`` is every other cash flow, signed.
    opening : dict or tuple, optional
        Opening balances ``{"ar", "inventory", "ap", "cash"}`` (or a tuple in
        that order); zero by default.
    index : sequence, optional
        Labels of the periods. When given, or when a driver is a pandas
        Series (its index is used), results are pandas objects on it.
    options : fpa.Options, optional
    **option_values
        ``ap_basis=1`` (or ``"wc.ap_basis"``): measure payables against
        purchases instead of COGS.

    Attributes
    ----------
    index : sequence or None
        The period labels of pandas results.

    Notes
    -----
    The C plan copies every value it is given; the arrays can be reused.

    Examples
    --------
    >>> plan = fpa.WCPlan(days=[30, 30, 30], revenue=[300, 300, 600],
    ...                   cogs=[150, 150, 300], dso=30, dio=60, dpo=30,
    ...                   other_cash=-100,
    ...                   opening=dict(ar=300, inventory=300, ap=150, cash=100))
    >>> plan.project("cash")
    f64([150., 200., -50.])
    """

    def __init__(self, periods=None, *, days=None, revenue=None, cogs=None, dso=None,
                 dio=None, dpo=None, other_cash=None, opening=None, index=None,
                 options=None, **option_values):
        drivers = {"revenue": revenue, "cogs": cogs, "dso": dso, "dio": dio, "dpo": dpo,
                   "other_cash": other_cash}
        if periods is None:
            for x in (days, *drivers.values(), index):
                if x is not None and np.ndim(x) > 0:
                    periods = len(x)
                    break
            else:
                raise invalid("give periods, or days, a driver or an index "
                              "with one value per period")
        n = count(periods, "periods")
        opts = make_options("wc", option_values, options)
        p = ffi.new("fpa_wc_plan **")
        check(lib.fpa_wc_plan_new(p, n, opts_ptr(opts)))
        self._ptr = ffi.gc(p[0], lib.fpa_wc_plan_free)
        self.index = index if index is not None else _pandas_index(days, *drivers.values())
        if self.index is not None and len(self.index) != n:
            raise invalid(f"index has {len(self.index)} labels for {n} periods")
        self._days_set = False
        if days is not None:
            self.set_days(days)
        for name, values in drivers.items():
            if values is not None:
                self.set(name, values)
        if opening is not None:
            if isinstance(opening, dict):
                self.set_opening(**opening)
            else:
                self.set_opening(*opening)

    @property
    def periods(self):
        """Number of periods (``fpa_wc_plan_periods``).

        Returns
        -------
        int
        """
        return int(lib.fpa_wc_plan_periods(self._c()))

    def __len__(self):
        return self.periods

    def _summary(self):
        return f"{self.periods} periods{'' if self._days_set else ', days unset'}"

    def _values(self, values, name):
        if np.ndim(values) == 0:
            return np.full(self.periods, number(values, name))
        return f64(values, name)

    def set_days(self, days):
        """Set the length of each period in days (``fpa_wc_plan_set_days``).

        Parameters
        ----------
        days : float or array_like
            One value per period, each >= 1e-9; a scalar applies to all.

        Returns
        -------
        None

        Raises
        ------
        fpa.InvalidArgumentError
            Not one value per period.
        fpa.DomainError
            A value not finite or below 1e-9 (the plan is unchanged).
        """
        d = self._values(days, "days")
        check(lib.fpa_wc_plan_set_days(self._c(), dptr(d), d.size))
        self._days_set = True

    def set(self, driver, values):
        """Set one driver for every period (``fpa_wc_plan_set``).

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}
        values : float or array_like
            One value per period (a scalar applies to all): finite, and
            >= 0 for every driver but "other_cash".

        Returns
        -------
        None

        Raises
        ------
        fpa.InvalidArgumentError
            Unknown driver or not one value per period.
        fpa.DomainError
            A value not finite or negative where it must not be (the plan is
            unchanged).
        """
        v = self._values(values, str(driver))
        check(lib.fpa_wc_plan_set(self._c(), _choice(_DRIVER, driver, "driver"), dptr(v),
                                  v.size))

    def get(self, driver):
        """One driver's values, per period (``fpa_wc_plan_get``).

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}

        Returns
        -------
        ndarray, or pandas.Series on the plan's index
        """
        out = np.empty(self.periods)
        check(lib.fpa_wc_plan_get(dptr(out), out.size, self._c(),
                                  _choice(_DRIVER, driver, "driver")))
        return _as_series(out, self.index, str(driver).lower())

    __setitem__ = set
    __getitem__ = get

    def set_opening(self, ar=0.0, inventory=0.0, ap=0.0, cash=0.0):
        """Set the balances at the start of the first period
        (``fpa_wc_plan_set_opening``).

        Parameters
        ----------
        ar, inventory, ap : float
            Opening receivables, inventory and payables, >= 0.
        cash : float
            Opening cash, any finite value.

        Returns
        -------
        None

        Raises
        ------
        fpa.DomainError
            A value not finite or a negative balance (the plan is unchanged).
        """
        check(lib.fpa_wc_plan_set_opening(self._c(), number(ar, "ar"),
                                          number(inventory, "inventory"),
                                          number(ap, "ap"), number(cash, "cash")))

    def project(self, lines=None):
        """Project balances and cash from the drivers (``fpa_wc_project``).

        Parameters
        ----------
        lines : str or sequence of str, optional
            Lines wanted (`fpa.WC_LINES`: "ar", "inventory", "ap", "nwc",
            "delta_nwc", "collections", "purchases", "payments", "net_cash",
            "cash"); default all.

        Returns
        -------
        dict of ndarray, or pandas.DataFrame indexed by period
            One column per line; a DataFrame when the plan has an index. A
            single line name (a string) gives one array (or Series).

        Raises
        ------
        fpa.InvalidArgumentError
            The days were never set, or an unknown line.
        fpa.DomainError
            Negative purchases while payables follow purchases.
        fpa.ResultOverflowError
            A value not finite.
        """
        return _project_lines(lib.fpa_wc_project, (self._c(),), self, lines)

    def to_model(self):
        """The plan as an `fpa.Model` (``fpa_model_from_wc_plan``): inputs
        "revenue", "COGS", "DSO", "DIO", "DPO", "other cash" and the
        projection's lines ("AR" ... "cash", "lowest cash"), so that every
        model what-if (goal seek on any line in every period, tables, Monte
        Carlo of any line) applies to the plan. A copy: later changes to the
        plan do not reach it.

        Returns
        -------
        fpa.Model
        """
        from .model import Model
        p = ffi.new("fpa_model **")
        check(lib.fpa_model_from_wc_plan(p, self._c(), ffi.NULL))
        return Model(self.periods, _adopt=p[0])


def _project_lines(cfun, args, plan, lines):
    """Call a projection (`cfun(out, cap, *args, lines, nlines)`) and shape
    its line-major output."""
    single = isinstance(lines, str)
    names = [lines] if single else list(WC_LINES if lines is None else lines)
    if not names:
        raise invalid("no lines requested")
    codes = np.array([_choice(_LINE, k, "line") for k in names], dtype=np.intc)
    n = plan.periods
    out = np.empty((len(names), n))
    check(cfun(dptr(out), out.size, *args, ffi.from_buffer("fpa_wc_line[]", codes),
               len(names)))
    if single:
        return _as_series(out[0], plan.index, names[0].lower())
    return _as_frame({k.lower(): out[i] for i, k in enumerate(names)}, plan.index)


# ---- 13-week cash --------------------------------------------------------------------

def wc_weekly_cash(start, opening_cash, curve, *, weeks=13, ar_by_age=None, new_sales=None,
                   ap_amounts=None, ap_due=None, rec_amounts=None, rec_first=None,
                   rec_every=None):
    """The treasury's weekly (13-week) cash forecast (``fpa_wc_weekly_cash``).

    Receipts come from open receivables by age and from new sales along a
    collection curve, disbursements from payables on their due dates and
    from recurring payments::

        closing_w = closing_{w-1} + receipts_w - ap_w - recurring_w

    Week w covers the 7 days from ``start + 7 w``. See ``fpa/wc.h`` for the
    collection of aged balances (conditional on what is already collected).

    Parameters
    ----------
    start : date
        First day of week 0 (date, datetime64, ISO string or day number).
    opening_cash : float
        Cash at the start of week 0.
    curve : array_like
        ``curve[k]``: share of an invoice collected k weeks after the week
        it was issued; >= 0, summing to at most 1.
    weeks : int
        Number of weeks, 1 .. 520.
    ar_by_age : array_like, optional
        Open receivables issued j weeks before week 0, >= 0.
    new_sales : array_like, optional
        New credit sales of each of the `weeks` weeks, >= 0.
    ap_amounts, ap_due : array_like and sequence of dates, optional
        Payables and their due dates (overdue ones are paid in week 0).
    rec_amounts, rec_first, rec_every : optional
        Recurring payments: amounts (>= 0), first dates, and intervals:
        days when > 0, months when < 0 (-1 monthly, -3 quarterly).

    Returns
    -------
    dict of ndarray, or pandas.DataFrame
        ``receipts``, ``ap``, ``recurring`` and ``closing`` per week; a
        DataFrame indexed by the weeks' first days when an input is pandas.

    Raises
    ------
    fpa.InvalidArgumentError
        Mismatched lengths, a zero interval, bad weeks.
    fpa.DomainError
        A negative or non-finite amount, a curve summing to more than 1, a
        date out of range.
    """
    weeks = count(weeks, "weeks")
    first = _days([start], "start")[0]
    pandas_in = _pandas_index(curve, ar_by_age, new_sales, ap_amounts, rec_amounts) is not None
    c = f64(curve, "curve")
    ages = f64([] if ar_by_age is None else ar_by_age, "ar_by_age")
    sales = None if new_sales is None else f64(new_sales, "new_sales")
    if sales is not None:
        _same_length({"new_sales": sales}, weeks)
    ap = f64([] if ap_amounts is None else ap_amounts, "ap_amounts")
    due = _days([] if ap_due is None else ap_due, "ap_due")
    _same_length({"ap_amounts": ap, "ap_due": due})
    rec = f64([] if rec_amounts is None else rec_amounts, "rec_amounts")
    rfirst = _days([] if rec_first is None else rec_first, "rec_first")
    what = "a whole number of days (> 0) or months (< 0)"
    every = int64s([] if rec_every is None else rec_every, "rec_every", what)
    if every.size and np.abs(every).max() > 2**31 - 1:
        k = int(np.argmax(np.abs(every) > 2**31 - 1))
        raise invalid(f"rec_every[{k}] is {every[k]}, not {what}")
    every = every.astype(np.int32)
    _same_length({"rec_amounts": rec, "rec_first": rfirst, "rec_every": every})
    outs = {k: np.empty(weeks) for k in ("receipts", "ap", "recurring", "closing")}
    check(lib.fpa_wc_weekly_cash(
        *(dptr(o) for o in outs.values()), weeks, int(first), number(opening_cash,
                                                                     "opening_cash"),
        dptr(ages), ages.size, dptr(c), c.size,
        ffi.NULL if sales is None else dptr(sales), dptr(ap), i64ptr(due), ap.size,
        dptr(rec), i64ptr(rfirst), ffi.from_buffer("int32_t[]", every), rec.size))
    index = None
    if pandas_in and _pd():
        index = _pd().DatetimeIndex(
            (np.datetime64("1970-01-01", "D") + first + 7 * np.arange(weeks)),
            name="week")
    return _as_frame(outs, index)
