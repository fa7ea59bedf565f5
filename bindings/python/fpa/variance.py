# SPDX-License-Identifier: GPL-3.0-or-later
"""Budget versus actual (``include/fpa/variance.h``): variances with
favourable/material flags, windows (QTD, YTD, outlook...), spend control,
hierarchies with roll-up and drill-down, the textbook decompositions and
plan accuracy.

Conventions:

- variance is ``actual - budget``; whether it is good news depends on the
  line's nature ("revenue" or "cost");
- a matrix is lines x periods, numpy C order; float64 C-contiguous arrays
  reach C without a copy;
- pandas in, pandas out: a budget and an actual DataFrame (lines x periods)
  give a tidy variance report DataFrame, Series keep their index;
- options are keyword arguments named as the library's ``variance.*``
  options without the prefix (``material_abs=5000``, ``fy_start=4``,
  ``decimals=0``) plus ``threads``; ``options=`` takes an `fpa.Options`.
"""
import collections
import enum

import numpy as np

from ._arrays import (choice, floats, integer, intptr, is_empty, is_frame, is_pandas,
                      is_series, indexes, pandas, per_line_choice, per_line_floats, strings,
                      u32ptr)
from ._core import (DataError, Handle, check, check_partial, dptr, invalid, make_options,
                    number, opts_ptr, sizeptr)
from ._fpa_cffi import ffi, lib

__all__ = ["VarianceFlag", "SpendFlag", "variance", "window_range", "variance_window",
           "spend_control", "Tree", "hierarchy", "sales_mix_variance", "cost_variance",
           "flexible_budget", "fixed_overhead_variance", "market_variance", "plan_accuracy",
           "plan_metrics"]

NATURES = {"revenue": lib.FPA_NATURE_REVENUE, "cost": lib.FPA_NATURE_COST}
_NATURE_NAMES = {lib.FPA_NATURE_REVENUE: "revenue", lib.FPA_NATURE_COST: "cost",
                 lib.FPA_NATURE_MIXED: "mixed"}
RULES = {"either": lib.FPA_MATERIAL_EITHER, "both": lib.FPA_MATERIAL_BOTH,
         "abs": lib.FPA_MATERIAL_ABS_ONLY, "pct": lib.FPA_MATERIAL_PCT_ONLY}
WINDOWS = {"period": lib.FPA_WINDOW_PERIOD, "qtd": lib.FPA_WINDOW_QTD,
           "ytd": lib.FPA_WINDOW_YTD, "trailing3": lib.FPA_WINDOW_TRAILING3,
           "trailing12": lib.FPA_WINDOW_TRAILING12, "outlook": lib.FPA_WINDOW_OUTLOOK}
DRILLS = {"children": lib.FPA_DRILL_CHILDREN, "leaves": lib.FPA_DRILL_LEAVES}
# FPA_TREE_NONE is a macro, ((size_t)-1), which the preprocessed cdef drops
_TREE_NONE = int(ffi.cast("size_t", -1))


class VarianceFlag(enum.IntFlag):
    """Bits of the flag word of `variance` (``enum fpa_variance_flag``);
    ``VarianceFlag(word)`` decodes one word."""
    FAVOURABLE = lib.FPA_VAR_FAVOURABLE
    UNFAVOURABLE = lib.FPA_VAR_UNFAVOURABLE
    MATERIAL = lib.FPA_VAR_MATERIAL
    NO_BUDGET = lib.FPA_VAR_NO_BUDGET
    SIGN_FLIP = lib.FPA_VAR_SIGN_FLIP


class SpendFlag(enum.IntFlag):
    """Bits of the item flags of `spend_control` (``enum fpa_spend_flag``)."""
    OVER_LIMIT = lib.FPA_SPEND_OVER_LIMIT
    CROSSES_LIMIT = lib.FPA_SPEND_CROSSES_LIMIT
    DUAL_APPROVAL = lib.FPA_SPEND_DUAL_APPROVAL


def _options(values, options):
    """Options for a variance call, with the rule accepted by name."""
    if "material_rule" in values:
        values = dict(values, material_rule=choice(values["material_rule"], RULES,
                                                   "material_rule"))
    return make_options("variance", values, options)


def _labels(x):
    """(line labels, period labels) of a pandas input, else (None, None)."""
    if is_frame(x):
        return x.index, x.columns
    if is_series(x):
        return x.index, None
    return None, None


def _pair(budget, actual, names=("budget", "actual")):
    """Budget and actual as float arrays of one shape; pandas inputs are
    aligned on the budget's labels (same labels in another order are
    reordered; different labels are an error)."""
    if is_pandas(budget) or is_pandas(actual):
        if type(budget) is not type(actual):
            raise invalid(f"{names[0]} is a {type(budget).__name__} but {names[1]} is a "
                          f"{type(actual).__name__}; give two DataFrames or two Series")
        same = budget.index.equals(actual.index) and (
            is_series(budget) or budget.columns.equals(actual.columns))
        if not same:
            if (set(budget.index) != set(actual.index) or not budget.index.is_unique
                    or (is_frame(budget) and set(budget.columns) != set(actual.columns))):
                raise invalid(f"{names[0]} and {names[1]} have different labels; they "
                              "need the same index (and columns)")
            actual = actual.reindex_like(budget)
    b, a = floats(budget, names[0]), floats(actual, names[1])
    if b.shape != a.shape:
        raise invalid(f"{names[0]} has shape {b.shape} but {names[1]} has shape {a.shape}")
    return b, a


# ---- variances -----------------------------------------------------------------

class VarianceResult(collections.namedtuple("VarianceResult", "variance pct flags")):
    """Variances, percentages (fractions of ``|budget|``) and flag words, in
    the shape of the inputs; the flags decoded as boolean arrays by the
    properties."""
    __slots__ = ()

    def _bit(self, bit):
        return (self.flags & bit) != 0

    @property
    def favourable(self):
        """Bool array: the variance increases operating income."""
        return self._bit(lib.FPA_VAR_FAVOURABLE)

    @property
    def unfavourable(self):
        """Bool array: the variance decreases operating income."""
        return self._bit(lib.FPA_VAR_UNFAVOURABLE)

    @property
    def material(self):
        """Bool array: the variance passes the line's materiality rule."""
        return self._bit(lib.FPA_VAR_MATERIAL)

    @property
    def no_budget(self):
        """Bool array: the budget is zero (the percentage is reported as 0)."""
        return self._bit(lib.FPA_VAR_NO_BUDGET)

    @property
    def sign_flip(self):
        """Bool array: budget and actual have opposite signs."""
        return self._bit(lib.FPA_VAR_SIGN_FLIP)

    @property
    def effect(self):
        """String array: "favourable", "unfavourable" or "neutral" (zero)."""
        return np.where(self.favourable, "favourable",
                        np.where(self.unfavourable, "unfavourable", "neutral"))

    def to_frame(self, lines=None, periods=None, budget=None, actual=None, nature=None):
        """A tidy report: one row per line (and period) with the budget and
        actual when given, the variance, the percentage, the decoded flags,
        the raw flag word and, when given, each line's nature. Needs pandas.

        Parameters
        ----------
        lines, periods : sequence, optional
            Labels; default 0, 1, ...
        budget, actual : ndarray, optional
            The inputs, to show next to the variance.
        nature : sequence of {"revenue", "cost"}, optional
            One per line: a last column "nature" (what
            `fpa.plots.variance_bridge` needs to start from operating
            income).

        Returns
        -------
        pandas.DataFrame
        """
        import pandas as pd
        shape = self.variance.shape
        nl = shape[0]
        lines = pd.RangeIndex(nl, name="line") if lines is None else pd.Index(lines)
        cols = {}
        if len(shape) == 2:
            periods = (pd.RangeIndex(shape[1], name="period") if periods is None
                       else pd.Index(periods))
            keys = pd.MultiIndex.from_product(
                [lines, periods], names=[lines.name or "line", periods.name or "period"])
            cols = keys.to_frame(index=False)
        else:
            cols = pd.DataFrame({lines.name or "line": lines})
        if budget is not None:
            cols["budget"] = np.asarray(budget, dtype=np.float64).reshape(-1)
        if actual is not None:
            cols["actual"] = np.asarray(actual, dtype=np.float64).reshape(-1)
        for name in ("variance", "pct", "effect", "favourable", "unfavourable", "material",
                     "no_budget", "sign_flip", "flags"):
            cols[name] = np.asarray(getattr(self, name)).reshape(-1)
        if nature is not None:
            per_line = np.asarray([_NATURE_NAMES.get(int(k), str(k)) if not isinstance(k, str)
                                   else k for k in nature], dtype=object)
            cols["nature"] = np.repeat(per_line, shape[1] if len(shape) == 2 else 1)
        return cols


def variance(budget, actual, nature, *, abs_threshold=None, pct_threshold=None, rule=None,
             options=None, **option_values):
    """Variance, percentage and flags of actual against budget
    (``fpa_variance_compute``).

    ``variance = actual - budget``; ``pct = variance / |budget|`` as a
    fraction (0 when the budget is 0); favourable when it increases
    operating income (revenue over, cost under budget: Horngren, Datar &
    Rajan, *Cost Accounting*, 14th ed., ch. 7); material when the line's
    rule combines ``|variance| > abs threshold`` and ``|variance| > pct
    threshold * |budget|`` as asked.

    Parameters
    ----------
    budget, actual : array_like or pandas.DataFrame or pandas.Series
        Shape (lines, periods), or (lines,) for one period. Two DataFrames
        (lines x periods, same labels) give a tidy report DataFrame.
    nature : {"revenue", "cost"} or sequence or dict or Series
        One for every line, or one per line (a dict or Series keyed by the
        line labels of a pandas input).
    abs_threshold, pct_threshold : float or sequence, optional
        Per-line materiality thresholds (NaN: the option default), or one
        for all lines. Keyed by label for pandas inputs.
    rule : {"either", "both", "abs", "pct"} or sequence, optional
        Per-line materiality rule (default: option ``material_rule``).
    options : fpa.Options, optional
    **option_values
        ``material_abs`` (10000), ``material_pct`` (0.05), ``material_rule``
        ("both"), ``threads`` (1).

    Returns
    -------
    VarianceResult or pandas.DataFrame
        For arrays: ``(variance, pct, flags)`` arrays of the input's shape,
        with boolean properties ``favourable``, ``unfavourable``,
        ``material``, ``no_budget``, ``sign_flip``, the string array
        ``effect`` and ``to_frame()``. For DataFrames: one row per line and
        period with columns line, period, budget, actual, variance, pct,
        effect, favourable, unfavourable, material, no_budget, sign_flip,
        flags, nature. For Series: the same without period.

    Raises
    ------
    fpa.InvalidArgumentError
        Mismatched shapes or labels, empty input, an unknown nature or rule.
    fpa.DomainError
        A NaN or infinite amount, a negative threshold.
    fpa.ResultOverflowError
        A variance or percentage that is not finite.
    """
    lines_lab, periods_lab = _labels(budget)
    b, a = _pair(budget, actual)
    nl = b.shape[0]
    periods = b.shape[1] if b.ndim == 2 else 1
    nat = per_line_choice(nature, nl, NATURES, "nature", lines_lab)
    abs_t = per_line_floats(abs_threshold, nl, "abs_threshold", lines_lab)
    pct_t = per_line_floats(pct_threshold, nl, "pct_threshold", lines_lab)
    rules = None if rule is None else per_line_choice(rule, nl, RULES, "rule", lines_lab)
    opts = _options(option_values, options)
    v, p = np.empty(b.shape), np.empty(b.shape)
    f = np.empty(b.shape, dtype=np.uint32)
    check(lib.fpa_variance_compute(dptr(v), dptr(p), u32ptr(f), dptr(b), dptr(a), nl,
                                   periods, intptr(nat), dptr(abs_t), dptr(pct_t),
                                   intptr(rules), opts_ptr(opts)))
    res = VarianceResult(v, p, f)
    if lines_lab is not None:
        return res.to_frame(lines_lab, periods_lab, b, a, nat)
    return res


# ---- windows --------------------------------------------------------------------

def _first_month(first_month, frame):
    if first_month is not None:
        return integer(first_month, "first_month")
    cols = frame.columns if is_frame(frame) else None
    if cols is not None and hasattr(cols, "month"):
        return int(cols[0].month)  # a DatetimeIndex or PeriodIndex of months
    raise invalid("first_month is required (the calendar month of the first period, "
                  "1-12) unless the columns are dates")


def _at(at, periods, frame=None):
    if is_frame(frame) and not isinstance(at, (int, np.integer)):
        try:
            return int(frame.columns.get_loc(at))
        except KeyError:
            raise invalid(f"at = {at!r} is not a column") from None
    at = integer(at, "at")
    return at + periods if at < 0 else at  # Python's negative indexing


def window_range(periods, first_month, at, window="ytd", *, options=None, **option_values):
    """First and last period (0-based, inclusive) of a window
    (``fpa_variance_window_range``).

    Parameters
    ----------
    periods : int
        Length of the series.
    first_month : int
        Calendar month of the first period, 1-12.
    at : int
        Period the window ends at (negative counts from the end).
    window : {"period", "qtd", "ytd", "trailing3", "trailing12", "outlook"}
        Fiscal quarter or year to date, trailing 3 or 12 periods, or the
        full fiscal year containing `at` (outlook).
    options : fpa.Options, optional
    **option_values
        ``fy_start``: first month of the fiscal year (1).

    Returns
    -------
    (int, int)

    Raises
    ------
    fpa.DomainError
        The window does not fit in the series (the detail says by how much).
    fpa.InvalidArgumentError
        A month outside 1-12 or an unknown window.
    """
    periods = integer(periods, "periods")
    if periods < 0:
        raise invalid(f"periods is {periods}")
    first, last = ffi.new("size_t *"), ffi.new("size_t *")
    at = _at(at, periods)
    if at < 0:
        raise invalid(f"at is {at - periods}, before the first of {periods} periods")
    check(lib.fpa_variance_window_range(first, last, periods,
                                        integer(first_month, "first_month"), at,
                                        choice(window, WINDOWS, "window"),
                                        opts_ptr(_options(option_values, options))))
    return int(first[0]), int(last[0])


WindowTotals = collections.namedtuple("WindowTotals", "budget actual")
WindowTotals.__doc__ = "Budget and actual of every line summed over a window."


def variance_window(budget, actual, at, window="ytd", *, first_month=None, forecast=None,
                    options=None, **option_values):
    """Budget and actual of every line summed over a window
    (``fpa_variance_window``); feed them to `variance` for the window's
    variances.

    Parameters
    ----------
    budget, actual : array_like or pandas.DataFrame, shape (lines, periods) or (periods,)
        A 1-D array is one line.
    at : int or column label
        Period the window ends at (negative counts from the end).
    window : {"period", "qtd", "ytd", "trailing3", "trailing12", "outlook"}
    first_month : int, optional
        Calendar month of the first period; taken from the columns when
        they are dates (DatetimeIndex, PeriodIndex).
    forecast : array_like, optional
        Same shape; required for "outlook" (actuals to `at` plus the
        forecast after it).
    options : fpa.Options, optional
    **option_values
        ``fy_start`` (1).

    Returns
    -------
    WindowTotals
        ``(budget, actual)``: arrays of one value per line, floats for 1-D
        input, Series indexed by line for DataFrames.

    Raises
    ------
    fpa.DomainError
        The window does not fit, or a value in it is NaN or infinite.
    """
    month = _first_month(first_month, budget)
    lines_lab, _ = _labels(budget)
    frame = budget
    b, a = _pair(budget, actual)
    one = b.ndim == 1
    b2, a2 = b.reshape(1, -1) if one else b, a.reshape(1, -1) if one else a
    fc = None
    if forecast is not None:
        if is_frame(forecast) and is_frame(frame):
            forecast = forecast.reindex_like(frame)
        fc = floats(forecast, "forecast")
        if fc.shape != b.shape:
            raise invalid(f"forecast has shape {fc.shape} but budget has shape {b.shape}")
    nl, periods = b2.shape
    at = _at(at, periods, frame)
    if at < 0:
        raise invalid(f"at is before the first of {periods} periods")
    ob, oa = np.empty(nl), np.empty(nl)
    check(lib.fpa_variance_window(dptr(ob), dptr(oa), dptr(b2), dptr(a2), dptr(fc), nl,
                                  periods, month, at, choice(window, WINDOWS, "window"),
                                  opts_ptr(_options(option_values, options))))
    if one:
        return WindowTotals(float(ob[0]), float(oa[0]))
    if lines_lab is not None:
        pd = pandas()
        return WindowTotals(pd.Series(ob, index=lines_lab, name="budget"),
                            pd.Series(oa, index=lines_lab, name="actual"))
    return WindowTotals(ob, oa)


# ---- spend control -----------------------------------------------------------------

class SpendResult(collections.namedtuple("SpendResult", "flags remaining")):
    """Item flag words and each line's remaining headroom (limit - spend,
    negative when over), with the flags decoded by the properties."""
    __slots__ = ()

    @property
    def over_limit(self):
        """Bool array per item: its line is over the limit after it."""
        return (self.flags & lib.FPA_SPEND_OVER_LIMIT) != 0

    @property
    def crosses_limit(self):
        """Bool array per item: it took its line over the limit."""
        return (self.flags & lib.FPA_SPEND_CROSSES_LIMIT) != 0

    @property
    def dual_approval(self):
        """Bool array per item: it needs a second approver."""
        return (self.flags & lib.FPA_SPEND_DUAL_APPROVAL) != 0


def spend_control(item_line, item_amount, limit, spent=None, *, options=None,
                  **option_values):
    """Check spend items, in the order raised, against their lines' limits
    and the dual sign-off threshold (``fpa_variance_spend_control``).

    Parameters
    ----------
    item_line : sequence of int or of labels
        Line of each item: 0-based positions, or labels of `limit`'s index
        when `limit` is a pandas Series.
    item_amount : array_like
        Amount of each item (negative for a credit).
    limit : array_like or pandas.Series
        Budget limit of each line.
    spent : array_like, optional
        Already spent per line before these items (default 0).
    options : fpa.Options, optional
    **option_values
        ``approval_limit`` (10000): an item above it needs a second
        approver; ``limit_tolerance`` (0): fraction of ``|limit|`` allowed
        over.

    Returns
    -------
    SpendResult
        ``(flags, remaining)`` with properties ``over_limit``,
        ``crosses_limit``, ``dual_approval``; `remaining` is a Series when
        `limit` is one.

    Raises
    ------
    fpa.DataError
        An item names no line.
    fpa.DomainError
        A NaN or infinite amount.
    fpa.ResultOverflowError
        Amounts so large that a running total could overflow.
    """
    labels = limit.index if is_series(limit) else None
    lim = floats(limit, "limit", (1,))
    n = lim.size
    if is_series(spent) and labels is not None:
        spent = spent.reindex(labels)
    sp = None if spent is None else floats(spent, "spent", (1,))
    if sp is not None and sp.size != n:
        raise invalid(f"spent has {sp.size} values for {n} lines")
    lines = indexes(item_line, n, "item_line", "line", labels)
    amount = np.zeros(0) if is_empty(item_amount) else floats(item_amount, "item_amount", (1,))
    if amount.size != lines.size:
        raise invalid(f"item_line has {lines.size} items but item_amount has {amount.size}")
    flags = np.empty(lines.size, dtype=np.uint32)
    rem = np.empty(n)
    empty = lines.size == 0
    check(lib.fpa_variance_spend_control(
        u32ptr(flags), dptr(rem), ffi.NULL if empty else sizeptr(lines),
        ffi.NULL if empty else dptr(amount), lines.size, dptr(sp), dptr(lim), n,
        opts_ptr(_options(option_values, options))))
    if labels is not None:
        rem = pandas().Series(rem, index=labels, name="remaining")
    return SpendResult(flags, rem)


# ---- hierarchies -------------------------------------------------------------------

Rollup = collections.namedtuple("Rollup", "budget actual variance")
Rollup.__doc__ = "Rolled-up budget, actual and variance of every node (None when not asked)."
NatureRollup = collections.namedtuple("NatureRollup", "budget actual variance impact nature")
NatureRollup.__doc__ = """A roll-up that knows each line's nature: natural-sign budget,
actual and variance (NaN at nodes whose subtree mixes revenue and cost, where
their sum means nothing), the impact on operating income (favourable
positive, defined everywhere; at a root, the change in operating income) and
each subtree's nature ("revenue", "cost" or "mixed")."""


def _is_missing(p):
    return p is None or (isinstance(p, str) and p == "") or (isinstance(p, float) and p != p)


class Tree(Handle):
    """A cost-centre or account hierarchy (``fpa_tree``), built once from
    (id, parent) pairs and used for any number of roll-ups and
    drill-downs. Nodes are numbered in construction order; methods take a
    node as that number or as its id.

    Parameters
    ----------
    ids : sequence of str
        Distinct, non-empty ids (integers are turned into strings).
    parents : sequence of str or None, optional
        Parent id of each node; None, NaN or "" for a root. Omitted: every
        node is a root.
    options : fpa.Options, optional
        Its allocator is kept by the tree.

    Raises
    ------
    fpa.DataError
        A repeated id, a parent that is not a node, or a cycle (the detail
        lists it).
    fpa.InvalidArgumentError
        An empty or missing id, no nodes.

    Notes
    -----
    Use `fpa.hierarchy` to build one from pairs, a dict or a DataFrame. The
    C object is freed when the Tree is garbage collected, or at once by
    `close()` or a ``with`` block.
    """

    def __init__(self, ids, parents=None, *, options=None):
        if isinstance(ids, (str, bytes)):
            raise invalid("ids must be a sequence of ids, not one string")
        try:
            ids = list(ids)
            parents = None if parents is None else list(parents)
        except TypeError:
            raise invalid("ids and parents must be sequences") from None
        n = len(ids)
        if n == 0:
            raise invalid("a hierarchy needs at least one node")
        id_ptrs, keep = strings(ids, n, "ids", allow_none=False)
        par_ptrs = ffi.NULL
        if parents is not None:
            parents = [None if _is_missing(p) else p for p in parents]
            par_ptrs, keep2 = strings(parents, n, "parents", allow_none=True)
            keep += keep2
        out = ffi.new("fpa_tree **")
        check(lib.fpa_variance_tree_new(out, id_ptrs, par_ptrs, n, opts_ptr(options)))
        self._ptr = ffi.gc(out[0], lib.fpa_variance_tree_free)
        self._ids = tuple(ffi.string(lib.fpa_variance_tree_id(self._ptr, i)).decode()
                          for i in range(n))
        self._pos = {k: i for i, k in enumerate(self._ids)}

    def __len__(self):
        return int(lib.fpa_variance_tree_size(self._c()))

    def __contains__(self, node_id):
        return node_id in self._pos

    def _summary(self):
        return f"{len(self)} nodes"

    @property
    def size(self):
        """Number of nodes."""
        return len(self)

    @property
    def ids(self):
        """Ids of the nodes, by node number."""
        return self._ids

    def node(self, node):
        """Node number of an id (``fpa_variance_tree_find``), or a number
        checked to be in range.

        Parameters
        ----------
        node : str or int

        Returns
        -------
        int

        Raises
        ------
        fpa.DataError
            No node has the id.
        fpa.InvalidArgumentError
            A number out of range.
        """
        tree = self._c()
        if isinstance(node, str):
            out = ffi.new("size_t *")
            check(lib.fpa_variance_tree_find(out, tree, node.encode("utf-8")))
            return int(out[0])
        k = integer(node, "node")
        if not 0 <= k < len(self):
            raise invalid(f"node {k} is out of range (the tree has {len(self)})")
        return k

    def id(self, node):
        """Id of a node (``fpa_variance_tree_id``).

        Parameters
        ----------
        node : int or str
            Node number (an id is checked and returned as it is).

        Returns
        -------
        str

        Raises
        ------
        fpa.InvalidArgumentError
            A number out of range.
        """
        return self._ids[self.node(node)]

    def parent(self, node):
        """Parent's node number, or None for a root
        (``fpa_variance_tree_parent``).

        Parameters
        ----------
        node : str or int

        Returns
        -------
        int or None
        """
        out = ffi.new("size_t *")
        check(lib.fpa_variance_tree_parent(out, self._c(), self.node(node)))
        return None if out[0] == _TREE_NONE else int(out[0])

    def _by_node(self, x, name, ndims):
        """Amounts per node in node order: arrays as they are; Series or
        DataFrames indexed by id are reordered, absent nodes 0."""
        if is_pandas(x):
            unknown = [k for k in x.index if k not in self._pos]
            if unknown:
                raise DataError(lib.FPA_EDATA, f"{name} has the label {unknown[0]!r}, "
                                "which is not a node id")
            if not x.index.is_unique:
                raise invalid(f"{name} has a repeated label")
            x = x.reindex(self._ids, fill_value=0.0)
        a = floats(x, name, ndims)
        if a.shape[0] != len(self):
            raise invalid(f"{name} has {a.shape[0]} rows for {len(self)} nodes")
        return a

    def rollup(self, budget, actual=None, *, nature=None, options=None, **option_values):
        """Roll budget and actual up the tree: each node's total is its own
        amount plus its children's totals (``fpa_variance_rollup``); with
        `nature`, also each line's effect on operating income
        (``fpa_variance_rollup_impact``).

        Parameters
        ----------
        budget : array_like, shape (nodes,) or (nodes, periods), or pandas
            Amounts by node number; a Series or DataFrame indexed by id may
            list only some nodes (the others count as 0).
        actual : same, optional
            Omit it to roll up one series alone.
        nature : {"revenue", "cost"} or sequence or dict or Series, optional
            Each node's nature (by node number, or keyed by id), for amounts
            in natural sign (revenue and cost both positive). A plain
            roll-up adds them as they are, which where a subtree mixes
            revenue and cost gives a "variance" that is not the profit
            impact; with `nature` those nodes' totals are NaN and `impact`
            gives the effect on income everywhere. Needs `actual`.
        options : fpa.Options, optional
        **option_values
            ``threads`` (results are identical for every count).

        Returns
        -------
        Rollup or NatureRollup
            ``(budget, actual, variance)`` of the input's shape (actual and
            variance None without `actual`); with `nature`, ``(budget,
            actual, variance, impact, nature)``. Series/DataFrames indexed
            by id for pandas input.

        Raises
        ------
        fpa.DomainError
            A NaN or infinite amount (the detail names the node).
        fpa.ResultOverflowError
            A total that is not finite.
        fpa.DataError
            A label that is not a node id.
        fpa.InvalidArgumentError
            `nature` without `actual`, or a nature that is not "revenue" or
            "cost".
        """
        template = budget
        b = self._by_node(budget, "budget", (1, 2))
        a = None if actual is None else self._by_node(actual, "actual", (1, 2))
        if a is not None and a.shape != b.shape:
            raise invalid(f"budget has shape {b.shape} but actual has shape {a.shape}")
        if nature is not None and a is None:
            raise invalid("nature needs actual: the impact is of actual against budget")
        periods = b.shape[1] if b.ndim == 2 else 1
        opts = opts_ptr(make_options("variance", option_values, options))
        rb = np.empty(b.shape)
        ra = None if a is None else np.empty(b.shape)
        rv = None if a is None else np.empty(b.shape)
        check(lib.fpa_variance_rollup(dptr(rb), dptr(ra), dptr(rv), self._c(), dptr(b),
                                      dptr(a), periods, opts))
        impact = sub = None
        if nature is not None:
            nat = per_line_choice(nature, len(self), NATURES, "nature", self._ids)
            impact, sub = np.empty(b.shape), np.empty(len(self), dtype=np.intc)
            check(lib.fpa_variance_rollup_impact(dptr(impact), intptr(sub), self._c(),
                                                 dptr(b), dptr(a), intptr(nat), periods,
                                                 opts))
            mixed = sub == lib.FPA_NATURE_MIXED
            for x in (rb, ra, rv):
                x[mixed] = np.nan
            sub = np.array([_NATURE_NAMES[int(k)] for k in sub], dtype=object)
        if is_pandas(template):
            pd = pandas()
            index = pd.Index(self._ids, name=template.index.name or "id")

            def wrap(x, name):
                if x is None:
                    return None
                if is_frame(template):
                    return pd.DataFrame(x, index=index, columns=template.columns)
                return pd.Series(x, index=index, name=name)
            if nature is not None:
                return NatureRollup(wrap(rb, "budget"), wrap(ra, "actual"),
                                    wrap(rv, "variance"), wrap(impact, "impact"),
                                    pd.Series(sub, index=index, name="nature"))
            return Rollup(wrap(rb, "budget"), wrap(ra, "actual"), wrap(rv, "variance"))
        if nature is not None:
            return NatureRollup(rb, ra, rv, impact, sub)
        return Rollup(rb, ra, rv)

    def drilldown(self, budget, actual, node, mode="children", top=None, *, options=None):
        """Rank what explains a node's variance: its children (each with its
        subtree's variance) or its leaves, largest first
        (``fpa_variance_drilldown``).

        Parameters
        ----------
        budget, actual : array_like, shape (nodes,), or pandas.Series by id
            Amounts per node, not rolled up (one period; pass window totals
            for a quarter or a year).
        node : str or int
            The node to explain.
        mode : {"children", "leaves"}
        top : int, optional
            Keep only the `top` largest contributors (default all).
        options : fpa.Options, optional

        Returns
        -------
        Drilldown or pandas.DataFrame
            Fields node (number), ids, contribution, share (of the node's
            variance; 0 when it is 0), ranked by ``|contribution|``, and
            available (the number of contributors); ``to_frame()`` gives a
            DataFrame, which is returned directly for pandas input (with
            ``attrs["available"]``).

        Raises
        ------
        fpa.DomainError
            A NaN or infinite amount in the node's subtree.
        """
        b = self._by_node(budget, "budget", (1,))
        a = self._by_node(actual, "actual", (1,))
        k = self.node(node)
        m = choice(mode, DRILLS, "mode")
        opts = opts_ptr(options)
        count, avail = ffi.new("size_t *"), ffi.new("size_t *")
        tree = self._c()
        if top is None:
            check(lib.fpa_variance_drilldown(ffi.NULL, ffi.NULL, ffi.NULL, count, avail,
                                             tree, dptr(b), dptr(a), k, m, 0, opts))
            cap = int(avail[0])
        else:
            cap = integer(top, "top")
            if cap < 0:
                raise invalid(f"top is {cap}")
            cap = min(cap, len(self))  # no more contributors than nodes
        nodes = np.empty(max(cap, 1), dtype=np.uintp)
        contrib, share = np.empty(max(cap, 1)), np.empty(max(cap, 1))
        check(lib.fpa_variance_drilldown(sizeptr(nodes), dptr(contrib), dptr(share), count,
                                         avail, tree, dptr(b), dptr(a), k, m, cap, opts))
        c = int(count[0])
        nodes = nodes[:c].astype(np.int64)
        res = Drilldown(nodes, [self._ids[i] for i in nodes], contrib[:c], share[:c],
                        int(avail[0]))
        return res.to_frame() if is_pandas(budget) else res


class Drilldown(collections.namedtuple("Drilldown", "nodes ids contribution share available")):
    """Contributors to a node's variance, largest first."""
    __slots__ = ()

    def to_frame(self):
        """The contributors as a DataFrame (columns node, id, contribution,
        share; ``attrs["available"]``)."""
        import pandas as pd
        df = pd.DataFrame({"node": self.nodes, "id": self.ids,
                           "contribution": self.contribution, "share": self.share})
        df.attrs["available"] = self.available
        return df


def hierarchy(data, parents=None, *, id="id", parent="parent", options=None):
    """Build a `Tree` from whatever holds the (id, parent) pairs.

    Parameters
    ----------
    data : sequence of pairs, dict, pandas.DataFrame, pandas.Series or sequence of ids
        - ``[(id, parent), ...]`` (parent None for a root);
        - ``{id: parent}``;
        - a DataFrame with columns `id` and `parent` (or the ids as index
          and a `parent` column);
        - a Series of parents indexed by id;
        - the ids, with `parents` given separately.
    parents : sequence, optional
        Parent ids, when `data` is the ids.
    id, parent : str
        Column names for a DataFrame.
    options : fpa.Options, optional

    Returns
    -------
    Tree

    Raises
    ------
    fpa.DataError
        Duplicates, unknown parents, cycles.
    fpa.InvalidArgumentError
        Input of another shape.
    """
    if parents is not None:
        return Tree(data, parents, options=options)
    if is_frame(data):
        if parent not in data.columns:
            raise invalid(f"the DataFrame has no {parent!r} column")
        ids = data[id] if id in data.columns else data.index
        return Tree(list(ids), list(data[parent]), options=options)
    if is_series(data):
        return Tree(list(data.index), list(data), options=options)
    if isinstance(data, dict):
        return Tree(list(data.keys()), list(data.values()), options=options)
    try:
        pairs = [p if isinstance(p, str) else tuple(p) for p in data]
    except TypeError:
        raise invalid(f"cannot build a hierarchy from {type(data).__name__}") from None
    if not all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
        raise invalid("a hierarchy needs (id, parent) pairs, or ids and parents")
    return Tree([p[0] for p in pairs], [p[1] for p in pairs], options=options)


# ---- decompositions ------------------------------------------------------------------

def _vectors(names, values, n=None):
    """1-D float arrays of one length; the index of the first Series."""
    labels = next((v.index for v in values if is_series(v)), None)
    out = []
    for name, v in zip(names, values):
        if v is None:
            out.append(None)
            continue
        if is_series(v) and labels is not None:
            v = v.reindex(labels)
        a = floats(v, name, (1,))
        if n is None:
            n = a.size
        elif a.size != n:
            raise invalid(f"{name} has {a.size} values, {names[0]} has {n}")
        out.append(a)
    return out, n, labels


def _labelled(labels, **arrays):
    if labels is None:
        return arrays
    pd = pandas()
    return {k: pd.Series(v, index=labels, name=k) for k, v in arrays.items()}


class SalesMixVariance(collections.namedtuple("SalesMixVariance",
                                              "price cost mix quantity total")):
    """Per-product price, cost, mix and quantity variances, and the totals
    (a dict with keys price, cost, mix, quantity, total)."""
    __slots__ = ()

    def to_frame(self):
        """Per-product parts as a DataFrame (needs pandas)."""
        import pandas as pd
        return pd.DataFrame({k: getattr(self, k) for k in ("price", "cost", "mix",
                                                           "quantity")})


def sales_mix_variance(budget_units, budget_price, actual_units, actual_price,
                       budget_cost=None, actual_cost=None, *, options=None,
                       **option_values):
    """Sales price, cost, mix and quantity variances of revenue, or of
    contribution margin when unit costs are given (``fpa_variance_sales_mix``,
    Horngren, Datar & Rajan, *Cost Accounting*, 14th ed., ch. 14).

    Price and cost are measured at actual units, mix and quantity at the
    budgeted unit value; every part is rounded to the currency's minor unit
    and the parts of each product add up to its total change exactly (the
    quantity part absorbs the rounding).

    A product with no actual units has no actual price or cost: give None
    (or NaN) there, and for the budgeted ones of a product neither
    budgeted nor sold. Without any budgeted units there is no budgeted
    mix: mix and quantity are NaN, the rest is computed, and
    `fpa.PartialResultWarning` says so.

    Parameters
    ----------
    budget_units, budget_price, actual_units, actual_price : array_like or Series
        One value per product (None where a price is not applicable).
    budget_cost, actual_cost : array_like, optional
        Unit variable costs, both or neither (margin analysis).
    options : fpa.Options, optional
    **option_values
        ``decimals`` (2).

    Returns
    -------
    SalesMixVariance
        ``(price, cost, mix, quantity, total)``: arrays per product (Series
        when the inputs are), and `total` a dict of the five totals.

    Raises
    ------
    fpa.InvalidArgumentError
        Only one of the cost arrays, mismatched lengths.
    fpa.DomainError
        NaN units, negative units, or a price NaN where it applies.
    fpa.ResultOverflowError
        An amount beyond int64 minor units.
    """
    (bq, bp, aq, ap, bc, ac), n, labels = _vectors(
        ["budget_units", "budget_price", "actual_units", "actual_price", "budget_cost",
         "actual_cost"], [budget_units, budget_price, actual_units, actual_price,
                          budget_cost, actual_cost])
    price, cost, mix, qty = (np.empty(n) for _ in range(4))
    total = np.empty(lib.FPA_SALES_PARTS)
    check_partial(lib.fpa_variance_sales_mix(dptr(price), dptr(cost), dptr(mix), dptr(qty),
                                             dptr(total), dptr(bq), dptr(bp), dptr(bc),
                                             dptr(aq), dptr(ap), dptr(ac), n,
                                             opts_ptr(_options(option_values, options))))
    parts = _labelled(labels, price=price, cost=cost, mix=mix, quantity=qty)
    totals = {"price": total[lib.FPA_SALES_PRICE], "cost": total[lib.FPA_SALES_COST],
              "mix": total[lib.FPA_SALES_MIX], "quantity": total[lib.FPA_SALES_QUANTITY],
              "total": total[lib.FPA_SALES_TOTAL]}
    return SalesMixVariance(total={k: float(v) for k, v in totals.items()}, **parts)


CostVariance = collections.namedtuple("CostVariance", "price quantity total")
CostVariance.__doc__ = ("Per-input price and quantity (efficiency) variances, and the "
                        "totals (a dict with keys price, quantity, total).")


def cost_variance(actual_qty, actual_price, standard_qty, standard_price, *, options=None,
                  **option_values):
    """Price (rate, spending) and quantity (efficiency, usage) variances of
    cost inputs (``fpa_variance_cost``; Horngren, Datar & Rajan, *Cost
    Accounting*, 14th ed., ch. 7-8).

    ``price = (AP - SP) * AQ``, ``quantity = (AQ - SQ) * SP``; positive is
    unfavourable. Rounded to the minor unit, adding up exactly.

    Parameters
    ----------
    actual_qty, actual_price, standard_qty, standard_price : array_like or Series
        One value per input, none negative; standard quantity allowed for
        the actual output. The actual price of an input not used (and the
        standard price of one neither allowed nor used) may be None.
    options : fpa.Options, optional
    **option_values
        ``decimals`` (2).

    Returns
    -------
    CostVariance
        ``(price, quantity, total)``; `total` is a dict of the three totals.

    Raises
    ------
    fpa.DomainError
        A negative or infinite input, or NaN where it applies.
    fpa.ResultOverflowError
        An amount beyond int64 minor units.
    """
    (aq, ap, sq, sp), n, labels = _vectors(
        ["actual_qty", "actual_price", "standard_qty", "standard_price"],
        [actual_qty, actual_price, standard_qty, standard_price])
    price, qty, total = np.empty(n), np.empty(n), np.empty(3)
    check(lib.fpa_variance_cost(dptr(price), dptr(qty), dptr(total), dptr(aq), dptr(ap),
                                dptr(sq), dptr(sp), n,
                                opts_ptr(_options(option_values, options))))
    parts = _labelled(labels, price=price, quantity=qty)
    return CostVariance(total=dict(zip(("price", "quantity", "total"), map(float, total))),
                        **parts)


FlexibleBudget = collections.namedtuple("FlexibleBudget", "flexed volume flexible income")
FlexibleBudget.__doc__ = ("Per-line flexible budget, sales-volume and flexible-budget "
                          "variances, and operating income (a dict with keys static, "
                          "flexible, actual).")


def flexible_budget(static_budget, actual, variable_share, nature, budget_volume,
                    actual_volume, *, options=None, **option_values):
    """Split each line's static-budget variance into the sales-volume and
    the flexible-budget variance (``fpa_variance_flexible``; Horngren,
    Datar & Rajan, *Cost Accounting*, 14th ed., ch. 7, Exhibit 7-2).

    The flexible budget is ``S * (1 - v) + S * v * actual_volume /
    budget_volume``; sales-volume variance = flexed - static,
    flexible-budget variance = actual - flexed (natural signs, amounts
    rounded to the minor unit).

    Parameters
    ----------
    static_budget, actual : array_like or Series
        One amount per line.
    variable_share : float or array_like
        Variable part of each line, 0 (fixed) .. 1 (variable).
    nature : {"revenue", "cost"} or sequence
    budget_volume, actual_volume : float
        Budgeted and actual volume (units, hours).
    options : fpa.Options, optional
    **option_values
        ``decimals`` (2).

    Returns
    -------
    FlexibleBudget
        ``(flexed, volume, flexible, income)``; `income` is a dict of the
        operating incomes (revenue minus cost) static, flexible, actual.
        With a budget volume of 0 a variable line cannot be flexed: its
        values and the flexible income are NaN, with a
        `fpa.PartialResultWarning`.

    Raises
    ------
    fpa.DomainError
        A share outside [0, 1], a negative volume, a NaN (a share may be
        None where the static budget is 0).
    """
    (s, a), n, labels = _vectors(["static_budget", "actual"], [static_budget, actual])
    v = per_line_floats(variable_share, n, "variable_share", labels)
    nat = per_line_choice(nature, n, NATURES, "nature", labels)
    flexed, vol, flex, income = np.empty(n), np.empty(n), np.empty(n), np.empty(3)
    check_partial(lib.fpa_variance_flexible(dptr(flexed), dptr(vol), dptr(flex),
                                            dptr(income), dptr(s), dptr(a), dptr(v),
                                            intptr(nat), n,
                                            number(budget_volume, "budget_volume"),
                                            number(actual_volume, "actual_volume"),
                                            opts_ptr(_options(option_values, options))))
    parts = _labelled(labels, flexed=flexed, volume=vol, flexible=flex)
    return FlexibleBudget(income=dict(zip(("static", "flexible", "actual"),
                                          map(float, income))), **parts)


FixedOverhead = collections.namedtuple("FixedOverhead", "spending volume allocated")
FixedOverhead.__doc__ = "Fixed overhead spending and production-volume variances, allocated."


def fixed_overhead_variance(actual, budget, denominator, allowed, *, options=None,
                            **option_values):
    """Fixed overhead spending and production-volume variances
    (``fpa_variance_fixed_overhead``; Horngren, Datar & Rajan, *Cost
    Accounting*, 14th ed., ch. 8).

    allocated = budget * allowed / denominator; spending = actual - budget;
    production volume = budget - allocated. Positive is unfavourable.

    Parameters
    ----------
    actual, budget : float
        Actual and budgeted fixed overhead.
    denominator : float
        Denominator level of the allocation base, >= 0 (at 0 there is no
        budgeted rate: volume and allocated are NaN, with a
        `fpa.PartialResultWarning`).
    allowed : float
        Allocation base allowed for the actual output, >= 0.
    options : fpa.Options, optional
    **option_values
        ``decimals`` (2).

    Returns
    -------
    FixedOverhead
        ``(spending, volume, allocated)`` floats.

    Raises
    ------
    fpa.DomainError
        denominator < 0, allowed < 0, or a NaN.
    fpa.ResultOverflowError
        An amount beyond int64 minor units.
    """
    sp, vol, alloc = ffi.new("double *"), ffi.new("double *"), ffi.new("double *")
    check_partial(lib.fpa_variance_fixed_overhead(sp, vol, alloc, number(actual, "actual"),
                                                  number(budget, "budget"),
                                                  number(denominator, "denominator"),
                                                  number(allowed, "allowed"),
                                                  opts_ptr(_options(option_values,
                                                                    options))))
    return FixedOverhead(sp[0], vol[0], alloc[0])


MarketVariance = collections.namedtuple("MarketVariance", "share size")
MarketVariance.__doc__ = ("Market-share and market-size variances, which add up to the "
                          "sales-quantity variance.")


def market_variance(budget_units, actual_units, budget_market, actual_market, unit_value,
                    *, options=None, **option_values):
    """Split the sales-quantity variance into market-share and market-size
    variances (``fpa_variance_market``; Horngren, Datar & Rajan, *Cost
    Accounting*, 14th ed., ch. 14).

    share = (actual_units - actual_market * budget share) * unit_value;
    size = (actual_market - budget_market) * budget share * unit_value;
    budget share = budget_units / budget_market. Positive is favourable;
    rounded to the minor unit, the two add up to the rounded
    sales-quantity variance (actual_units - budget_units) * unit_value.

    Parameters
    ----------
    budget_units, actual_units : float
        Units sold, all products, budgeted and actual.
    budget_market, actual_market : float
        Size of the market in units, budgeted (> 0) and actual.
    unit_value : float
        Budgeted average contribution margin (or revenue) per unit for the
        budgeted mix: the budgeted total over the budgeted units.
    options : fpa.Options, optional
    **option_values
        ``decimals`` (2).

    Returns
    -------
    MarketVariance
        ``(share, size)`` floats.

    Raises
    ------
    fpa.DomainError
        A negative or NaN input, or a budget market of 0.
    fpa.DataError
        More units sold than the market holds.
    """
    share, size = ffi.new("double *"), ffi.new("double *")
    check(lib.fpa_variance_market(share, size, number(budget_units, "budget_units"),
                                  number(actual_units, "actual_units"),
                                  number(budget_market, "budget_market"),
                                  number(actual_market, "actual_market"),
                                  number(unit_value, "unit_value"),
                                  opts_ptr(_options(option_values, options))))
    return MarketVariance(share[0], size[0])


# ---- accuracy ----------------------------------------------------------------------------

Accuracy = collections.namedtuple("Accuracy", "mape wape bias n total")
Accuracy.__doc__ = ("Per-line MAPE, WAPE, bias and count of non-zero actuals, and the "
                    "measures over all cells (a dict with keys mape, wape, bias).")


def plan_accuracy(plan, actual):
    """How accurate a budget or forecast was: MAPE, WAPE and bias per line
    and overall, with libfpa 1.0's conventions (``fpa_variance_accuracy``;
    errors actual - plan, Hyndman & Athanasopoulos, *Forecasting:
    Principles and Practice*, 3rd ed., 5.8). `plan_metrics` gives the
    library's accuracy measures, as `fpa.accuracy` defines them, instead.

    MAPE averages ``|e / a|`` over periods with a non-zero actual; WAPE is
    ``sum |e| / sum |a|``; bias is ``sum (plan - actual) / sum |a|``
    (positive: the plan was above). Lines whose actuals are all 0 report 0
    with n = 0.

    Parameters
    ----------
    plan, actual : array_like, shape (lines, periods) or (periods,), or DataFrame
        A 1-D array is one line.

    Returns
    -------
    Accuracy
        ``(mape, wape, bias, n, total)``: per-line arrays (floats for 1-D
        input, Series for DataFrames) and `total` a dict.

    Raises
    ------
    fpa.DomainError
        A NaN or infinite value.
    fpa.ResultOverflowError
        A ratio that overflows.
    """
    lines_lab, _ = _labels(plan)
    p, a = _pair(plan, actual, ("plan", "actual"))
    one = p.ndim == 1
    nl, periods = (1, p.size) if one else p.shape
    mape, wape, bias = np.empty(nl), np.empty(nl), np.empty(nl)
    n = np.empty(nl, dtype=np.uintp)
    total = np.empty(lib.FPA_ACCURACY_PARTS)
    check(lib.fpa_variance_accuracy(dptr(mape), dptr(wape), dptr(bias), sizeptr(n),
                                    dptr(total), dptr(p), dptr(a), nl, periods))
    tot = {"mape": float(total[lib.FPA_ACCURACY_MAPE]),
           "wape": float(total[lib.FPA_ACCURACY_WAPE]),
           "bias": float(total[lib.FPA_ACCURACY_BIAS])}
    n = n.astype(np.int64)
    if one:
        return Accuracy(float(mape[0]), float(wape[0]), float(bias[0]), int(n[0]), tot)
    parts = _labelled(lines_lab, mape=mape, wape=wape, bias=bias, n=n)
    return Accuracy(total=tot, **parts)


class PlanMetrics(collections.namedtuple("PlanMetrics", "values metrics errors")):
    """Accuracy measures per line: `values` (lines x metrics, NaN where a
    measure is undefined), the metric names, and `errors`, the library's
    reason for every undefined value keyed by (line, metric)."""
    __slots__ = ()


def plan_metrics(plan, actual, metrics=("mape", "wape", "bias", "relbias"), *, options=None,
                 **option_values):
    """The accuracy of a plan line by line, in the library's accuracy
    measures (``fpa_variance_plan_metrics``, the definitions of
    `fpa.accuracy`: MAPE, sMAPE, WAPE and relative bias in percent, bias as
    R's mean error ``mean(actual - plan)``).

    A measure undefined on a line (MAPE with a zero actual, WAPE or
    relative bias with every actual zero) is NaN, and its reason is kept in
    `errors` (``attrs["errors"]`` of a DataFrame), every line's, so one bad
    line never hides another.

    Parameters
    ----------
    plan, actual : array_like, shape (lines, periods) or (periods,), or DataFrame
    metrics : sequence of str
        Names from `fpa.METRICS` except "mase".
    options : fpa.Options, optional
    **option_values
        ``threads``.

    Returns
    -------
    PlanMetrics or pandas.DataFrame
        For arrays, ``(values, metrics, errors)`` with `values` of shape
        (lines, len(metrics)) (1-D for one line). For a DataFrame, one row
        per line and one column per metric, float64 with NaN, and
        ``attrs["errors"]``.

    Raises
    ------
    fpa.InvalidArgumentError
        An unknown metric, or "mase".
    fpa.DomainError
        A NaN or infinite value.
    """
    from .accuracy import _metric
    lines_lab, _ = _labels(plan)
    p, a = _pair(plan, actual, ("plan", "actual"))
    one = p.ndim == 1
    nl, periods = (1, p.size) if one else p.shape
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    codes = np.ascontiguousarray([_metric(m) for m in names], dtype=np.intc)
    out = np.empty((nl, len(names)))
    opts = make_options("variance", option_values, options)
    partial = lib.fpa_variance_plan_metrics(dptr(out), dptr(p), dptr(a), nl, periods,
                                            ffi.cast("fpa_metric *", ffi.from_buffer("int[]", codes)),
                                            len(names), opts_ptr(opts))
    errors = {}
    if partial == lib.FPA_PARTIAL:
        v = ffi.new("double *")
        rows = p.reshape(nl, periods), a.reshape(nl, periods)
        for i, k in zip(*np.nonzero(np.isnan(out))):
            lib.fpa_accuracy_metric(v, int(codes[k]), dptr(rows[1][i]), dptr(rows[0][i]),
                                    periods, ffi.NULL, 0, 1)
            line = int(i) if lines_lab is None else lines_lab[i]
            errors[(line, names[k])] = ffi.string(lib.fpa_error_last()).decode()
    else:
        check(partial)
    if lines_lab is not None:
        df = pandas().DataFrame(out, index=lines_lab, columns=names)
        df.attrs["errors"] = errors
        return df
    return PlanMetrics(out[0] if one else out, tuple(names), errors)
