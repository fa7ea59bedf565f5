# SPDX-License-Identifier: GPL-3.0-or-later
"""What-ifs on the working-capital projection: scenarios compared with the
base case, tornado and two-way sensitivity tables, goal seek, and Monte
Carlo cash-at-risk (the C header ``fpa/scenario.h``).

Enumerations are strings: operations ``"set"``, ``"add"``, ``"mul"``;
metrics ``"ending_cash"``, ``"min_cash"``, ``"funding_gap"``,
``"ending_nwc"``; distributions ``"normal"``, ``"lognormal"``,
``"uniform"``, ``"triangular"``, ``"pert"``; draws ``"each_period"``,
``"once"``; Monte Carlo statistics ``"ending_cash"``, ``"min_cash"``.
Periods (``start``) are numbered from 0, as in C.
"""

import numpy as np

from ._core import (Handle, check, count, dptr, f64, f64nd, make_options, number, opts_ptr,
                    invalid, level_fraction, watch)
from ._fpa_cffi import ffi, lib
from .wc import (WCPlan, _DRIVER, _enum, _as_frame, _as_series, _choice, _is_pandas,
                 _project_lines, _same_length)

__all__ = ["Scenario", "MonteCarlo", "MonteCarloResult", "SCENARIO_OPS", "SCENARIO_METRICS",
           "MC_DISTRIBUTIONS", "MC_DRAWS", "MC_STATS", "GOAL_MODES"]

_OP = _enum("fpa_scenario_op", "FPA_SCENARIO_",
            {"multiply": lib.FPA_SCENARIO_MUL, "=": lib.FPA_SCENARIO_SET,
             "+": lib.FPA_SCENARIO_ADD, "*": lib.FPA_SCENARIO_MUL})
_METRIC = _enum("fpa_scenario_metric", "FPA_SCENARIO_")
_DIST = _enum("fpa_scenario_dist", "FPA_DIST_")
_DRAW = _enum("fpa_scenario_draw", "FPA_DRAW_")
_STAT = _enum("fpa_scenario_mc_stat", "FPA_MC_")
_GOAL = _enum("fpa_goal_mode", "FPA_GOAL_")
# parameters per distribution, as documented in scenario.h
_NPARAMS = {lib.FPA_DIST_NORMAL: 2, lib.FPA_DIST_LOGNORMAL: 2, lib.FPA_DIST_UNIFORM: 2,
            lib.FPA_DIST_TRIANGULAR: 3, lib.FPA_DIST_PERT: 3}

SCENARIO_OPS = ("set", "add", "mul")
SCENARIO_METRICS = tuple(k for k, _ in sorted(_METRIC.items(), key=lambda kv: kv[1]))
MC_DISTRIBUTIONS = tuple(k for k, _ in sorted(_DIST.items(), key=lambda kv: kv[1]))
MC_DRAWS = tuple(k for k, _ in sorted(_DRAW.items(), key=lambda kv: kv[1]))
MC_STATS = tuple(k for k, _ in sorted(_STAT.items(), key=lambda kv: kv[1]))
GOAL_MODES = tuple(k for k, _ in sorted(_GOAL.items(), key=lambda kv: kv[1]))


def _plan(plan):
    if not isinstance(plan, WCPlan):
        raise invalid(f"plan must be an fpa.WCPlan, not {type(plan).__name__}")
    return plan


def _enums(values, table, what, n):
    codes = np.array([_choice(table, v, f"{what}[{i}]") for i, v in enumerate(values)],
                     dtype=np.intc)
    _same_length({what: codes}, n)
    return codes


class Scenario(Handle):
    """A scenario (``fpa_scenario``): driver changes applied to a plan's
    base case, in the order added. An empty scenario is the base case.

    Parameters
    ----------
    plan : fpa.WCPlan
        The base case (kept alive by the scenario).
    changes : iterable of tuples, optional
        ``(driver, op, value[, start])`` changes to `add` at once.

    Attributes
    ----------
    plan : fpa.WCPlan

    Examples
    --------
    Collect 5 days faster from period 3 and carry 10 % more inventory:

    >>> s = fpa.Scenario(plan).add("dso", "add", -5, start=3).add("dio", "mul", 1.10)
    >>> s.compare(cash_floor=15000)["min_cash"]
    """

    def __init__(self, plan, changes=()):
        self.plan = _plan(plan)
        p = ffi.new("fpa_scenario **")
        check(lib.fpa_scenario_new(p, ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_scenario_free)
        for c in changes:
            self.add(*c)

    def __len__(self):
        return int(lib.fpa_scenario_count(self._c()))

    def _summary(self):
        return f"{len(self)} changes on {self.plan!r}"

    def add(self, driver, op, value, start=0):
        """Add a change: `driver` becomes ``op(driver, value)`` from period
        `start` on (``fpa_scenario_add``).

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}
        op : {"set", "add", "mul"}
            Set the value, add to it (-5 days) or multiply it (1.10).
        value : float
            Finite.
        start : int
            First period changed (0-based); past the end changes nothing.

        Returns
        -------
        Scenario
            self, so that changes chain.

        Raises
        ------
        fpa.InvalidArgumentError
            Unknown driver or op, or a negative start.
        fpa.DomainError
            `value` is not finite.
        """
        check(lib.fpa_scenario_add(self._c(), _choice(_DRIVER, driver, "driver"),
                                   _choice(_OP, op, "op"), number(value, "value"),
                                   count(start, "start")))
        return self

    def drivers(self, driver):
        """A driver's values under the scenario (``fpa_scenario_drivers``).

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}

        Returns
        -------
        ndarray, or pandas.Series on the plan's index
        """
        out = np.empty(self.plan.periods)
        check(lib.fpa_scenario_drivers(dptr(out), out.size, self.plan._c(), self._c(),
                                       _choice(_DRIVER, driver, "driver")))
        return _as_series(out, self.plan.index, str(driver).lower())

    def project(self, lines=None):
        """The projection with the scenario's changes
        (``fpa_scenario_project``); as `WCPlan.project`.

        Parameters
        ----------
        lines : str or sequence of str, optional
            Lines wanted (`fpa.WC_LINES`); default all.

        Returns
        -------
        dict of ndarray, or pandas.DataFrame (or one array for one name)

        Raises
        ------
        fpa.DomainError
            A changed driver leaves its domain (the detail names the driver
            and the period).
        """
        return _project_lines(lib.fpa_scenario_project, (self.plan._c(), self._c()),
                             self.plan, lines)

    def compare(self, cash_floor=0.0):
        """Compare with the base case (``fpa_scenario_compare``)::

            released_t   = NetCash_t(scenario) - NetCash_t(base)
            cumulative_t = Cash_t(scenario) - Cash_t(base)
            gap_t        = max(0, cash_floor - Cash_t(scenario))

        Parameters
        ----------
        cash_floor : float
            The cash floor, finite.

        Returns
        -------
        dict
            ``released``, ``cumulative``, ``gap`` (arrays, or Series on the
            plan's index), and the scenario's ``min_cash`` (float),
            ``min_period`` (0-based int, the first period at the minimum)
            and ``peak_gap`` (``max(0, cash_floor - min_cash)``).

        Raises
        ------
        fpa.DomainError
            `cash_floor` not finite, or a driver outside its domain.
        """
        n = self.plan.periods
        rel, cum, gap = np.empty(n), np.empty(n), np.empty(n)
        mc, mp, pg = ffi.new("double *"), ffi.new("size_t *"), ffi.new("double *")
        check(lib.fpa_scenario_compare(dptr(rel), dptr(cum), dptr(gap), mc, mp, pg,
                                       self.plan._c(), self._c(),
                                       number(cash_floor, "cash_floor"), n))
        ix = self.plan.index
        return {"released": _as_series(rel, ix, "released"),
                "cumulative": _as_series(cum, ix, "cumulative"),
                "gap": _as_series(gap, ix, "gap"),
                "min_cash": mc[0], "min_period": int(mp[0]), "peak_gap": pg[0]}

    def metric(self, metric="min_cash", cash_floor=0.0):
        """One metric of the scenario's projection
        (``fpa_scenario_metric_value``).

        Parameters
        ----------
        metric : {"ending_cash", "min_cash", "funding_gap", "ending_nwc"}
        cash_floor : float
            The floor of "funding_gap" (``max(0, floor - min cash)``).

        Returns
        -------
        float
        """
        out = ffi.new("double *")
        check(lib.fpa_scenario_metric_value(out, self.plan._c(), self._c(),
                                            _choice(_METRIC, metric, "metric"),
                                            number(cash_floor, "cash_floor")))
        return out[0]

    def tornado(self, bars, metric="min_cash", cash_floor=0.0):
        """One-way sensitivity (``fpa_scenario_tornado``): the metric with
        each bar's change applied alone on top of the scenario, at its low
        and at its high value.

        Parameters
        ----------
        bars : sequence of tuples
            ``(driver, op, low, high[, start])``, e.g.
            ``("dso", "add", -10, 10)``.
        metric : {"ending_cash", "min_cash", "funding_gap", "ending_nwc"}
        cash_floor : float
            The floor of "funding_gap".

        Returns
        -------
        dict
            ``low`` and ``high`` (arrays, one value per bar) and ``base``
            (the scenario's own metric, float).

        Raises
        ------
        fpa.InvalidArgumentError
            No bars, or a bar that is not a 4- or 5-tuple.
        fpa.DomainError
            A value not finite or a bar takes a driver out of its domain
            (the detail names the 0-based bar).
        """
        bars = list(bars)
        if not bars:
            raise invalid("bars is empty")
        for i, b in enumerate(bars):
            if isinstance(b, (str, bytes)) or len(b) not in (4, 5):
                raise invalid(f"bars[{i}] must be (driver, op, low, high[, start])")
        k = len(bars)
        drv = _enums([b[0] for b in bars], _DRIVER, "driver", k)
        ops = _enums([b[1] for b in bars], _OP, "op", k)
        lo = np.array([number(b[2], f"bars[{i}] low") for i, b in enumerate(bars)])
        hi = np.array([number(b[3], f"bars[{i}] high") for i, b in enumerate(bars)])
        start = np.array([count(b[4] if len(b) == 5 else 0, f"bars[{i}] start")
                          for i, b in enumerate(bars)], dtype=np.uintp)
        out_lo, out_hi, base = np.empty(k), np.empty(k), ffi.new("double *")
        check(lib.fpa_scenario_tornado(
            dptr(out_lo), dptr(out_hi), base, self.plan._c(), self._c(),
            ffi.from_buffer("fpa_wc_driver[]", drv), ffi.from_buffer("fpa_scenario_op[]", ops),
            dptr(lo), dptr(hi), ffi.from_buffer("size_t[]", start), k,
            _choice(_METRIC, metric, "metric"), number(cash_floor, "cash_floor")))
        return {"low": out_lo, "high": out_hi, "base": base[0]}

    def table(self, rows, cols, *, start=0, metric="ending_cash", cash_floor=0.0,
              options=None, progress=False, **option_values):
        """Two-way data table, as a spreadsheet's (``fpa_scenario_table``):
        the metric for every pair of a row and a column driver change, each
        cell the scenario plus ``row_op(row_driver, row)`` plus
        ``col_op(col_driver, col)`` from period `start` on.

        Parameters
        ----------
        rows, cols : tuple
            ``(driver, op, values)``, e.g. ``("dpo", "set", [30, 40, 50])``.
        start : int
            First period changed (0-based).
        metric : {"ending_cash", "min_cash", "funding_gap", "ending_nwc"}
        cash_floor : float
            The floor of "funding_gap".
        options : fpa.Options, optional
        progress : bool or callable
            True draws a progress bar on stderr; a callable receives
            ``(done, total)`` and cancels by returning True
            (fpa.CancelledError). Ctrl-C stops the table
            within about 0.1 s (KeyboardInterrupt).
        **option_values
            ``threads=n``: rows computed on n threads (0: one per CPU); the
            numbers do not depend on it.

        Returns
        -------
        ndarray, shape (len(row values), len(col values))
            A pandas DataFrame (row values as index, column values as
            columns) when a values argument is pandas.

        Raises
        ------
        fpa.InvalidArgumentError
            Empty values, an unknown driver, op or metric.
        fpa.DomainError
            A value not finite or a cell outside a driver's domain (the
            detail names the 0-based cell).
        """
        (rd, ro, rv), (cd, co, cv) = (self._axis(rows, "rows"), self._axis(cols, "cols"))
        out = np.empty((rv.size, cv.size))
        opts = make_options("scenario", option_values, options)
        m, f, st = _choice(_METRIC, metric, "metric"), number(cash_floor, "cash_floor"), \
            count(start, "start")
        with watch(opts, progress, "sensitivity table") as o:
            check(lib.fpa_scenario_table(dptr(out), out.size, self.plan._c(), self._c(), rd, ro,
                                         dptr(rv), rv.size, cd, co, dptr(cv), cv.size, st, m, f,
                                         o))
        if _is_pandas(rows[2]) or _is_pandas(cols[2]):
            import pandas as pd
            return pd.DataFrame(out, index=pd.Index(rv, name=f"{rows[0]} {rows[1]}"),
                                columns=pd.Index(cv, name=f"{cols[0]} {cols[1]}"))
        return out

    @staticmethod
    def _axis(spec, what):
        if isinstance(spec, (str, bytes)) or len(spec) != 3:
            raise invalid(f"{what} must be (driver, op, values)")
        return (_choice(_DRIVER, spec[0], f"{what} driver"), _choice(_OP, spec[1], f"{what} op"),
                f64(spec[2], f"{what} values", 1))

    def goal_seek(self, driver, op, lo, hi, target, *, metric="min_cash", start=0,
                  cash_floor=0.0, mode="equal"):
        """Goal seek on the change ``op(driver, v)`` (after the scenario,
        from period `start` on), v in [lo, hi].

        ``mode="equal"`` (the default) finds the v at which the metric
        equals `target` (``fpa_scenario_goal_seek``: a scan for a sign
        change, then GSL's Brent solver). The other modes answer "the
        lowest (or highest) v at which the metric is at least (or at most)
        the target" (``fpa_scenario_goal_solve``): the starting end itself
        when the target already holds there, else the first passing point
        of a 64-step scan, refined by bisection on the passing side. The
        minimum cash is at least F exactly when the cash is at least F in
        every period, so ``goal_seek("dpo", "set", 0, 120, 40_000,
        mode="lowest_at_least")`` is the lowest DPO that keeps the cash at
        or above 40,000 in every period.

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}
        op : {"set", "add", "mul"}
        lo, hi : float
            The allowed values, finite, lo < hi.
        target : float
            The value the metric must reach (or meet).
        metric : {"ending_cash", "min_cash", "funding_gap", "ending_nwc"}
        start : int
            First period of the change (0-based).
        cash_floor : float
            The floor of "funding_gap".
        mode : {"equal", "lowest_at_least", "highest_at_least", "lowest_at_most", \
"highest_at_most"}

        Returns
        -------
        float

        Raises
        ------
        fpa.NoConvergenceError
            No value in [lo, hi] reaches (or meets) the target (the detail
            gives the metric at both ends).
        fpa.DomainError
            lo >= hi, a value not finite, or a value in the range takes the
            driver out of its domain.
        """
        out = ffi.new("double *")
        d, o = _choice(_DRIVER, driver, "driver"), _choice(_OP, op, "op")
        m = _choice(_GOAL, mode, "mode")
        args = (count(start, "start"), number(lo, "lo"), number(hi, "hi"))
        metric, floor = _choice(_METRIC, metric, "metric"), number(cash_floor, "cash_floor")
        target = number(target, "target")
        if m == lib.FPA_GOAL_EQUAL:
            check(lib.fpa_scenario_goal_seek(out, self.plan._c(), self._c(), d, o, *args,
                                             metric, floor, target))
            return out[0]
        g = ffi.new("fpa_scenario_goal **")
        check(lib.fpa_scenario_goal_new(g, d, o, *args, ffi.NULL))
        g = ffi.gc(g[0], lib.fpa_scenario_goal_free)
        check(lib.fpa_scenario_goal_solve(out, self.plan._c(), self._c(), g, m, metric, floor,
                                          target))
        return out[0]


class MonteCarlo(Handle):
    """A Monte Carlo model (``fpa_scenario_mc``): stochastic driver
    changes, optionally correlated through a Gaussian copula, simulated on
    a plan (and a scenario) by `run`.

    Parameters
    ----------
    plan : fpa.WCPlan or fpa.Scenario
        The base case; a Scenario brings its plan and its changes.
    scenario : fpa.Scenario, optional
        Deterministic changes applied before the stochastic ones.

    Attributes
    ----------
    plan : fpa.WCPlan
    scenario : fpa.Scenario or None

    Notes
    -----
    Variables are numbered 0, 1, ... in the order added (the rows of the
    `correlate` matrix). The C model copies its parameters.

    Examples
    --------
    >>> mc = fpa.MonteCarlo(plan)
    >>> mc.add("revenue", "mul", "normal", [1, 0.05])
    0
    >>> mc.add("dso", "set", "pert", [40, 45, 60], draw="once")
    1
    >>> res = mc.run(100_000, cash_floor=20_000, seed=7, threads=2)
    >>> res.quantile(0.05), res.breach()
    """

    def __init__(self, plan, scenario=None):
        if isinstance(plan, Scenario):
            plan, scenario = plan.plan, plan if scenario is None else scenario
        self.plan = _plan(plan)
        if scenario is not None and not isinstance(scenario, Scenario):
            raise invalid(f"scenario must be an fpa.Scenario, not "
                          f"{type(scenario).__name__}")
        self.scenario = scenario
        p = ffi.new("fpa_scenario_mc **")
        check(lib.fpa_scenario_mc_new(p, ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_scenario_mc_free)
        self._count = 0

    def __len__(self):
        return self._count

    def _summary(self):
        return f"{self._count} variables on {self.plan!r}"

    def _added(self, cfun, *args):
        idx = ffi.new("size_t *")
        check(cfun(idx, self._c(), *args))
        self._count += 1
        return int(idx[0])

    def add(self, driver, op, dist, params, start=0, draw="each_period"):
        """Add a stochastic change with the same distribution in every
        period from `start` on: `driver` becomes ``op(driver, x)``, x drawn
        from `dist` (``fpa_scenario_mc_add``).

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}
        op : {"set", "add", "mul"}
        dist : {"normal", "lognormal", "uniform", "triangular", "pert"}
        params : array_like
            normal: (mean, sd); lognormal: (mu, sigma) of the logarithm;
            uniform: (a, b); triangular and PERT: (min, mode, max).
        start : int
            First period changed (0-based).
        draw : {"each_period", "once"}
            A fresh draw every period, or one per path (a persistent shift).

        Returns
        -------
        int
            The variable's number.

        Raises
        ------
        fpa.InvalidArgumentError
            An unknown name, or the wrong number of parameters.
        fpa.DomainError
            Parameters not finite or inconsistent (sd < 0, min > mode ...).
        """
        p = f64(params, "params")
        return self._added(lib.fpa_scenario_mc_add, _choice(_DRIVER, driver, "driver"),
                           _choice(_OP, op, "op"), _choice(_DIST, dist, "dist"), dptr(p),
                           p.size, count(start, "start"), _choice(_DRAW, draw, "draw"))

    def add_series(self, driver, op, dist, params, start=0, draw="each_period"):
        """Add a stochastic change whose parameters vary by period, for
        periods ``start .. start + count - 1`` (``fpa_scenario_mc_add_series``).

        Parameters
        ----------
        driver, op, dist, start, draw
            As for `add`.
        params : array_like, shape (nparams, count)
            One row per parameter, one column per period: a forecast's
            means and standard deviations go in as ``[means, sds]``.

        Returns
        -------
        int
            The variable's number.

        Raises
        ------
        fpa.InvalidArgumentError
            `params` not 2-D with the distribution's number of rows, or no
            periods.
        fpa.DomainError
            A parameter not finite or inconsistent (the detail names the
            period).
        """
        d = _choice(_DIST, dist, "dist")
        p = np.ascontiguousarray(f64nd(params, "params"))
        if p.ndim != 2 or p.shape[0] != _NPARAMS[d]:
            raise invalid(f"params must have shape ({_NPARAMS[d]}, count) for "
                          f"{dist}, not {p.shape}")
        return self._added(lib.fpa_scenario_mc_add_series, _choice(_DRIVER, driver, "driver"),
                           _choice(_OP, op, "op"), d, dptr(p), p.shape[1],
                           count(start, "start"), _choice(_DRAW, draw, "draw"))

    def add_interval(self, driver, point, lower, upper, level=0.8, start=0,
                     draw="each_period"):
        """Add a driver drawn from a forecast's prediction intervals
        (``fpa_scenario_mc_add_interval``): in period ``start + t`` the
        driver is set to a normal draw with mean ``point[t]`` and the
        standard deviation that makes [lower, upper] its central interval
        of probability `level`, ``(upper - lower) / (2 * Phi^-1((1 + level) / 2))``.

        Parameters
        ----------
        driver : {"revenue", "cogs", "dso", "dio", "dpo", "other_cash"}
        point, lower, upper : array_like
            Point forecasts and interval bounds, same length.
        level : float
            The intervals' coverage, in (0, 1); 80 reads as 0.8, as the
            levels of `fpa.forecast` are given.
        start : int
            The plan period of the forecast's first period (0-based).
        draw : {"each_period", "once"}

        Returns
        -------
        int
            The variable's number.

        Raises
        ------
        fpa.InvalidArgumentError
            Arrays of different lengths, or empty.
        fpa.DomainError
            A value not finite, lower > upper, level outside (0, 1).
        """
        a = {"point": f64(point, "point", 1), "lower": f64(lower, "lower"),
             "upper": f64(upper, "upper")}
        n = _same_length(a)
        return self._added(lib.fpa_scenario_mc_add_interval,
                           _choice(_DRIVER, driver, "driver"), *(dptr(x) for x in a.values()),
                           n, level_fraction(level), count(start, "start"),
                           _choice(_DRAW, draw, "draw"))

    def correlate(self, corr):
        """Correlate the variables through a Gaussian copula
        (``fpa_scenario_mc_correlate``). Adding a variable afterwards
        removes the correlation.

        Parameters
        ----------
        corr : array_like, shape (k, k)
            Correlation matrix of the variables' normal scores, k the
            number of variables: symmetric, ones on the diagonal, positive
            definite. Once-per-path and per-period variables cannot be
            correlated with each other.

        Returns
        -------
        None

        Raises
        ------
        fpa.InvalidArgumentError
            Not a square matrix of the model's size.
        fpa.DomainError
            Not a positive-definite correlation matrix (the detail names the
            entry).
        """
        c = np.ascontiguousarray(f64nd(corr, "corr"))
        if c.ndim != 2 or c.shape[0] != c.shape[1]:
            raise invalid(f"corr must be a square matrix, not shape {c.shape}")
        check(lib.fpa_scenario_mc_correlate(self._c(), dptr(c), c.shape[0]))

    def run(self, paths, cash_floor=0.0, *, options=None, progress=False, **option_values):
        """Simulate `paths` paths (``fpa_scenario_mc_run``).

        Paths run in blocks of 1024, each with its own generator seeded
        from the seed and the block, so the same seed gives bit-identical
        results for every thread count.

        Parameters
        ----------
        paths : int
            Number of paths, 1 .. 2**31 - 1.
        cash_floor : float
            The floor for breach probabilities.
        options : fpa.Options, optional
        progress : bool or callable
            True draws a progress bar on stderr; a callable receives
            ``(done, total)`` and cancels by returning True
            (fpa.CancelledError). Ctrl-C stops the run
            within about 0.1 s (KeyboardInterrupt). The numbers are the same
            either way.
        **option_values
            ``seed`` (default 42), ``threads`` (0: one per CPU), ``fan``
            (``"scenario.fan"``, default True: keep every path's cash per
            period, 8 bytes per path and period, which `fan` needs).

        Returns
        -------
        MonteCarloResult

        Raises
        ------
        fpa.InvalidArgumentError
            Zero paths, days not set, or a variable past the plan's end.
        fpa.DomainError
            `cash_floor` not finite or the scenario leaves a domain.
        fpa.ResultOverflowError
            A path's cash is not finite.
        """
        n = count(paths, "paths")
        floor = number(cash_floor, "cash_floor")
        opts = make_options("scenario", option_values, options)
        out = ffi.new("fpa_scenario_mc_result **")
        scn = ffi.NULL if self.scenario is None else self.scenario._c()
        with watch(opts, progress, "Monte Carlo") as o:
            check(lib.fpa_scenario_mc_run(out, self._c(), self.plan._c(), scn, n, floor, o))
        return MonteCarloResult(ffi.gc(out[0], lib.fpa_scenario_mc_result_free),
                                self.plan.periods, floor, self.plan.index)


class MonteCarloResult(Handle):
    """The outcome of `MonteCarlo.run` (``fpa_scenario_mc_result``): the
    per-path ending and minimum cash, the breach counts and the fan.

    Attributes
    ----------
    periods : int
        The plan's number of periods.
    cash_floor : float
        The floor the run was given.
    index : sequence or None
        The plan's period labels.
    """

    def __init__(self, ptr, periods, cash_floor, index):
        self._ptr = ptr
        self.periods = periods
        self.cash_floor = cash_floor
        self.index = index

    def _summary(self):
        return f"{self.paths} paths, {self.periods} periods"

    @property
    def paths(self):
        """Number of paths simulated (``fpa_scenario_mc_paths``).

        Returns
        -------
        int
        """
        return int(lib.fpa_scenario_mc_paths(self._c()))

    @property
    def clamped(self):
        """Draws that fell below zero for a non-negative driver and were
        set to zero (``fpa_scenario_mc_clamped``): a large count means the
        distributions put weight where the model has no meaning.

        Returns
        -------
        int
        """
        return int(lib.fpa_scenario_mc_clamped(self._c()))

    def quantile(self, p, stat="ending_cash"):
        """Percentiles of ending or minimum cash over the paths, R's
        ``quantile(type = 7)`` (``fpa_scenario_mc_quantile``).

        Parameters
        ----------
        p : float or array_like
            Probabilities in [0, 1] (0.05 for the 5th percentile).
        stat : {"ending_cash", "min_cash"}

        Returns
        -------
        float, or ndarray for array `p`

        Raises
        ------
        fpa.DomainError
            A probability outside [0, 1].
        """
        s, out = _choice(_STAT, stat, "stat"), ffi.new("double *")

        def one(x):
            check(lib.fpa_scenario_mc_quantile(out, self._c(), s, number(x, "p")))
            return out[0]

        if np.ndim(p) == 0:
            return one(p)
        return np.array([one(x) for x in f64nd(p, "p").ravel()]).reshape(np.shape(p))

    def cash_at_risk(self, level=0.95):
        """How far below the median ending cash the worst ``1 - level`` of
        the paths end: ``quantile(0.5) - quantile(1 - level)``
        (``fpa_scenario_mc_cash_at_risk``).

        Parameters
        ----------
        level : float
            The confidence, in [0.5, 1] (0.95 for 95 %).

        Returns
        -------
        float
            Never negative.

        Raises
        ------
        fpa.DomainError
            `level` outside [0.5, 1].
        """
        out = ffi.new("double *")
        check(lib.fpa_scenario_mc_cash_at_risk(out, self._c(), number(level, "level")))
        return out[0]

    def mean(self, stat="ending_cash"):
        """Mean of ending or minimum cash over the paths
        (``fpa_scenario_mc_mean``).

        Parameters
        ----------
        stat : {"ending_cash", "min_cash"}

        Returns
        -------
        float
        """
        out = ffi.new("double *")
        check(lib.fpa_scenario_mc_mean(out, self._c(), _choice(_STAT, stat, "stat")))
        return out[0]

    def sorted(self, stat="ending_cash"):
        """Every path's ending or minimum cash, in increasing order
        (``fpa_scenario_mc_sorted``): the empirical distribution.

        Parameters
        ----------
        stat : {"ending_cash", "min_cash"}

        Returns
        -------
        ndarray, one value per path
        """
        out = np.empty(self.paths)
        check(lib.fpa_scenario_mc_sorted(dptr(out), out.size, self._c(),
                                         _choice(_STAT, stat, "stat")))
        return out

    def breach(self, by_period=False):
        """Probability of ending a period below the cash floor
        (``fpa_scenario_mc_breach``).

        Parameters
        ----------
        by_period : bool
            False: the share of paths below the floor at the end of at least
            one period. True: that share for each period.

        Returns
        -------
        float, or ndarray (pandas.Series on the plan's index) per period
        """
        any_, by = ffi.new("double *"), np.empty(self.periods)
        check(lib.fpa_scenario_mc_breach(any_, dptr(by), by.size, self._c()))
        return _as_series(by, self.index, "breach") if by_period else any_[0]

    def fan(self, p):
        """Percentiles of period-end cash for every period: the fan chart
        (``fpa_scenario_mc_fan``; needs the run's ``fan`` option, the
        default).

        Parameters
        ----------
        p : float or sequence of float
            Probabilities in [0, 1].

        Returns
        -------
        ndarray, shape (periods,) for a scalar `p`, else (len(p), periods)
            With a plan index: a Series, or a DataFrame with one column per
            probability.

        Raises
        ------
        fpa.InvalidArgumentError
            The run did not keep the fan (``fan=False``).
        fpa.DomainError
            A probability outside [0, 1].
        """
        ps = np.atleast_1d(f64nd(p, "p"))
        if ps.ndim != 1:
            raise invalid("p must be a number or a sequence")
        out = np.empty((ps.size, self.periods))
        for i, x in enumerate(ps):
            check(lib.fpa_scenario_mc_fan(dptr(out[i]), self.periods, self._c(), float(x)))
        if np.ndim(p) == 0:
            return _as_series(out[0], self.index, float(p))
        frame = _as_frame({float(x): out[i] for i, x in enumerate(ps)}, self.index)
        return out if isinstance(frame, dict) else frame
