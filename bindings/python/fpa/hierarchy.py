# SPDX-License-Identifier: GPL-3.0-or-later
"""Hierarchical forecasting (the C header ``fpa/hierarchy.h``): forecast
every node of a cost-centre or product tree (an `fpa.Tree`, the one the
variance roll-ups use) and reconcile, so that every node's forecast is the
sum of its leaves'.

Conventions
-----------
- The data are nodes x periods: a DataFrame indexed by node id with one
  column per period (a PeriodIndex or DatetimeIndex continues into the
  forecast columns), or a 2-D array in the tree's node order. Leading NaNs
  of a row mean the line did not exist yet; any other NaN is refused.
- ``aggregates="given"``: every node's own history is used (reported
  totals need not add up); ``"sum"``: only the leaves' rows are read and
  each aggregate is the sum of its leaves (its row may be absent).
- Reconciliation methods (`RECONCILE_METHODS`): ``"bottom_up"``,
  ``"top_down"`` (forecast proportions), ``"ols"``, ``"wls_struct"``,
  ``"wls_var"``, ``"mint_shrink"`` (default).
- Intervals: ``"gaussian"`` (default) or ``"simulate"`` (reconciled sample
  paths; needs a base method with a state-space form).
- Options are the keywords of `fpa.forecast` (``threads``, ``seed``,
  ``npaths``, ``model`` ...).
"""
import numpy as np

from ._arrays import is_frame, pandas
from ._core import Handle, check, dptr, invalid, opts_ptr
from ._fpa_cffi import ffi, lib
from .forecast import (_empty, _future_index, _horizon, _level_label, _levels, _lookup,
                       _method, _options, _period, _ptr, FORECAST_METHODS)
from .variance import Tree, hierarchy

__all__ = ["Hierarchy", "HierarchyForecast", "hierarchical_forecast", "RECONCILE_METHODS"]

#: Reconciliation method names, in the C enum's order.
RECONCILE_METHODS = tuple(ffi.string(lib.fpa_reconcile_method_name(i)).decode()
                          for i in range(6))
_RECONCILE = {name: i for i, name in enumerate(RECONCILE_METHODS)}
_INTERVALS = {"gaussian": lib.FPA_HIERARCHY_GAUSSIAN, "simulate": lib.FPA_HIERARCHY_SIMULATE}
_AGGREGATES = {"given": lib.FPA_HIERARCHY_ALL_NODES, "sum": lib.FPA_HIERARCHY_LEAVES}


def _tree(tree):
    return tree if isinstance(tree, Tree) else hierarchy(tree)


def _rows(data, tree, aggregates):
    """(nodes x periods float64 array in tree order, period labels or None)."""
    if is_frame(data):
        unknown = [k for k in data.index if k not in tree]
        if unknown:
            raise invalid(f"data has the row {unknown[0]!r}, which is not a node id")
        if not data.index.is_unique:
            raise invalid("data has a repeated row label")
        missing = [k for k in tree.ids if k not in data.index]
        inner = {tree.parent(i) for i in range(len(tree))}
        leaves = {k for i, k in enumerate(tree.ids) if i not in inner}
        if aggregates == "given" and missing:
            raise invalid(f"data has no row for node {missing[0]!r} (aggregates='given' "
                          "needs every node; 'sum' needs only the leaves)")
        absent = [k for k in missing if k in leaves]
        if absent:
            raise invalid(f"data has no row for the leaf {absent[0]!r}")
        y = data.reindex(tree.ids).to_numpy(dtype=np.float64, na_value=np.nan)
        return np.ascontiguousarray(y), data.columns
    try:
        y = np.ascontiguousarray(np.asarray(data, dtype=np.float64))
    except (TypeError, ValueError) as e:
        raise invalid(f"data: {e}") from None
    if y.ndim != 2 or y.shape[0] != len(tree):
        raise invalid(f"data must be nodes x periods ({len(tree)} rows), not of shape "
                      f"{y.shape}")
    return y, None


class HierarchyForecast:
    """Reconciled forecasts of every node (``fpa_hierarchy_result_*``).

    Attributes
    ----------
    mean : pandas.DataFrame
        Reconciled point forecasts, nodes (index, by id) x forecast periods.
    lower, upper : dict of float -> pandas.DataFrame
        Reconciled interval bounds by level.
    base_mean, base_lower, base_upper : the same for each node's own model
        (before reconciliation).
    models : pandas.Series
        Each node's base model ("ETS(A,N,N)", "Naive" ...).
    method : str
        The reconciliation method (`RECONCILE_METHODS`).
    shrinkage : float
        The shrinkage intensity lambda of the residual covariance
        (mint_shrink and Gaussian intervals; 1 with too few residuals).
    levels : tuple of float
    """

    def __init__(self, ptr, ids, columns, levels):
        n, h, nl = ffi.new("size_t *"), ffi.new("size_t *"), ffi.new("size_t *")
        check(lib.fpa_hierarchy_result_size(n, h, nl, ptr))
        n, h, nl = int(n[0]), int(h[0]), int(nl[0])
        pd = pandas()
        if pd is None:
            raise invalid("fpa.hierarchical_forecast returns DataFrames: install pandas")
        index = pd.Index(ids, name="id")
        cols = _future_index(columns, h) if columns is not None else pd.RangeIndex(h)
        self.levels = tuple(levels)
        for view, prefix in ((lib.FPA_HIERARCHY_RECONCILED, ""),
                             (lib.FPA_HIERARCHY_BASE, "base_")):
            mean = _empty((n, h), "mean")
            check(lib.fpa_hierarchy_result_mean(dptr(mean), mean.size, ptr, view))
            lo, up = _empty((n, nl, h), "lower"), _empty((n, nl, h), "upper")
            if nl:
                check(lib.fpa_hierarchy_result_bounds(dptr(lo), dptr(up), lo.size, ptr, view))
            setattr(self, prefix + "mean", pd.DataFrame(mean, index=index, columns=cols))
            for side, b in (("lower", lo), ("upper", up)):
                setattr(self, prefix + side,
                        {x: pd.DataFrame(b[:, k, :], index=index, columns=cols)
                         for k, x in enumerate(self.levels)})
        method, lam = ffi.new("fpa_reconcile_method *"), ffi.new("double *")
        check(lib.fpa_hierarchy_result_info(method, lam, ptr))
        self.method, self.shrinkage = RECONCILE_METHODS[int(method[0])], float(lam[0])
        self.models = pd.Series([ffi.string(lib.fpa_hierarchy_result_model(ptr, i)).decode()
                                 for i in range(n)], index=index, name="model")

    def __repr__(self):
        n, h = self.mean.shape
        return f"<fpa.HierarchyForecast {self.method}, {n} nodes, {h} periods>"

    def to_frame(self, base=False):
        """The forecasts in long form: one row per (node id, period), columns
        ``mean``, ``lower_80``, ``upper_80`` ... (statsforecast's layout).

        Parameters
        ----------
        base : bool
            True for the base (unreconciled) forecasts.

        Returns
        -------
        pandas.DataFrame
            ``attrs["method"]`` and ``attrs["shrinkage"]`` say how it was
            reconciled.
        """
        pd = pandas()
        p = "base_" if base else ""
        out = pd.DataFrame({"mean": getattr(self, p + "mean").stack()})
        for x in self.levels:
            out[f"lower_{_level_label(x)}"] = getattr(self, p + "lower")[x].stack()
            out[f"upper_{_level_label(x)}"] = getattr(self, p + "upper")[x].stack()
        out.index.names = ["id", "period"]
        out.attrs["method"], out.attrs["shrinkage"] = self.method, self.shrinkage
        return out


class Hierarchy(Handle):
    """A hierarchy with its history (``fpa_hierarchy``), to forecast and
    reconcile as often as needed.

    Parameters
    ----------
    tree : fpa.Tree, or anything `fpa.hierarchy` accepts
        The cost-centre or product tree ({id: parent}, pairs, a DataFrame).
    data : pandas.DataFrame or 2-D array_like
        Nodes x periods (see the module's documentation).
    period : int, optional
        Seasonal period; default from the columns' frequency, else 12.
    aggregates : {"given", "sum"}
        Use every node's own history, or only the leaves' (aggregates are
        their sums).
    method : str
        Base method of every node: ``"auto"`` (ETS by AICc) or one of
        `fpa.FORECAST_METHODS`.
    reconcile : str
        One of `RECONCILE_METHODS`; default ``"mint_shrink"``.
    intervals : {"gaussian", "simulate"}

    Raises
    ------
    fpa.DomainError
        A NaN after a row's first value, or an infinite value (the detail
        names the node and the period).
    fpa.DataError
        A row with no value; an unknown parent in `tree`.
    fpa.InvalidArgumentError
        Bad shapes, rows that are not nodes, unknown names.

    Examples
    --------
    >>> tree = fpa.hierarchy({"Total": None, "EMEA": "Total", "UK": "EMEA", "DE": "EMEA"})
    >>> h = fpa.Hierarchy(tree, sales, aggregates="sum")
    >>> h.forecast(12).mean.loc["EMEA"]
    """

    def __init__(self, tree, data, period=None, *, aggregates="given", method="auto",
                 reconcile="mint_shrink", intervals="gaussian"):
        self.tree = _tree(tree)
        which = _lookup(_AGGREGATES, aggregates, "aggregates")
        y, self._columns = _rows(data, self.tree, aggregates.lower())
        self.period = _period(period, self._columns)
        p = ffi.new("fpa_hierarchy **")
        check(lib.fpa_hierarchy_new(p, self.tree._c(), ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_hierarchy_free)
        check(lib.fpa_hierarchy_set_data(self._ptr, _ptr(y), y.shape[1], self.period, which))
        self.method = FORECAST_METHODS[_method(method)]
        check(lib.fpa_hierarchy_set_method(self._ptr, _method(method)))
        self.reconcile = reconcile
        self.intervals = intervals

    def _summary(self):
        return f"{len(self.tree)} nodes, {self.method}, {self._reconcile}"

    @property
    def reconcile(self):
        """The reconciliation method (settable).

        Returns
        -------
        str
        """
        return self._reconcile

    @reconcile.setter
    def reconcile(self, name):
        check(lib.fpa_hierarchy_set_reconcile(self._c(), _lookup(_RECONCILE, name, "reconcile")))
        self._reconcile = name.lower()

    @property
    def intervals(self):
        """How intervals are computed, "gaussian" or "simulate" (settable).

        Returns
        -------
        str
        """
        return self._intervals

    @intervals.setter
    def intervals(self, name):
        check(lib.fpa_hierarchy_set_intervals(self._c(), _lookup(_INTERVALS, name, "intervals")))
        self._intervals = name.lower()

    def forecast(self, horizon=12, level=(80, 95), *, options=None, **option_values):
        """Forecast every node and reconcile (``fpa_hierarchy_forecast``).

        Parameters
        ----------
        horizon : int
            Periods ahead, >= 1.
        level : float or sequence of float
            Interval levels in percent; None for point forecasts only.
        options : fpa.Options, optional
        **option_values
            The options of `fpa.forecast`: ``threads``, ``seed``,
            ``npaths`` (simulated intervals), ``model`` ...

        Returns
        -------
        HierarchyForecast

        Raises
        ------
        fpa.Error
            A node's fit failed (the detail names the node); top-down
            proportions undefined (fpa.DomainError); simulated intervals of
            a method without a state-space form (fpa.InvalidArgumentError).
        """
        h, lev = _horizon(horizon), _levels(level)
        opts = _options(option_values, options)
        out = ffi.new("fpa_hierarchy_result **")
        check(lib.fpa_hierarchy_forecast(out, self._c(), h, _ptr(lev), lev.size, opts_ptr(opts)))
        ptr = ffi.gc(out[0], lib.fpa_hierarchy_result_free)
        res = HierarchyForecast(ptr, self.tree.ids, self._columns, lev.tolist())
        ffi.release(ptr)
        return res


def hierarchical_forecast(data, tree, horizon=12, level=(80, 95), *, period=None,
                          aggregates="given", method="auto", reconcile="mint_shrink",
                          intervals="gaussian", options=None, **option_values):
    """Forecast every node of a hierarchy and reconcile, in one call
    (`Hierarchy` then `Hierarchy.forecast`).

    Parameters
    ----------
    data : pandas.DataFrame or 2-D array_like
        Nodes x periods.
    tree : fpa.Tree, or anything `fpa.hierarchy` accepts
    horizon : int
    level : float or sequence of float
    period : int, optional
    aggregates : {"given", "sum"}
    method : str
        Base method of every node.
    reconcile : str
        One of `RECONCILE_METHODS`.
    intervals : {"gaussian", "simulate"}
    options : fpa.Options, optional
    **option_values

    Returns
    -------
    HierarchyForecast

    Examples
    --------
    >>> res = fpa.hierarchical_forecast(sales, {"Total": None, "A": "Total", "B": "Total"},
    ...                                 horizon=6, method="ets")
    >>> res.mean, res.lower[95], res.method, res.shrinkage
    """
    with Hierarchy(tree, data, period, aggregates=aggregates, method=method,
                   reconcile=reconcile, intervals=intervals) as hier:
        return hier.forecast(horizon, level, options=options, **option_values)
