# SPDX-License-Identifier: GPL-3.0-or-later
"""The integrated planning model (the C header ``fpa/model.h``): named lines
over a calendar, inputs or relations from a closed set, an income
statement, balance sheet and cash-flow statement that balance in every
period, and every what-if on any line: scenarios and versions, tornado,
one- and two-way tables, goal seek, Monte Carlo, unit economics.

Build a model from the JSON model format of docs/model.md (`Model.from_json`,
`Model.from_dict`), from a DataFrame of inputs (`Model.from_frame`), or line
by line (`Model.input`, `Model.relation`, `Model.link`, then `Model.build`).
Results are DataFrames on a PeriodIndex of the model's calendar (dicts of
arrays without pandas). Periods are given as "YYYY-MM" or as 0-based
numbers.

Relations: ``"sum"``, ``"diff"``, ``"product"``, ``"ratio"``, ``"pct_of"``,
``"lag"``, ``"lead"``, ``"cumsum"``, ``"delta"``, ``"balance"``,
``"step"``, ``"ramp"``, ``"min"``, ``"max"``, ``"clamp"``,
``"running_min"``, ``"running_max"``; statement roles: ``"revenue"``,
``"cogs"``, ``"opex"``, ``"depreciation"``, ``"tax_rate"``,
``"debt_rate"``, ``"revolver_rate"``, ``"cash_rate"``, ``"receivables"``,
``"inventory"``, ``"payables"``, ``"other_assets"``,
``"other_liabilities"``, ``"capex"``, ``"debt_draw"``,
``"debt_repayment"``, ``"equity_issue"``, ``"dividend"``,
``"cash_floor"``, ``"revolver_limit"`` (see ``fpa_model_role``).
"""
import json

import numpy as np

from ._core import (Handle, check, count, dptr, f64, f64nd, make_options, number, opts_ptr,
                    invalid, watch, days as _days)
from ._fpa_cffi import ffi, lib
from .scenario import (_DIST, _DRAW, _GOAL, _NPARAMS, _OP)
from .wc import _choice, _enum, _pd

__all__ = ["Model", "ModelScenario", "ModelMonteCarlo", "ModelMonteCarloResult",
           "MODEL_RELATIONS", "MODEL_ROLES", "MODEL_CALENDARS", "UNIT_METRICS",
           "plot_statements", "plot_cash"]

_REL = _enum("fpa_model_rel", "FPA_REL_")
_ROLE = _enum("fpa_model_role", "FPA_ROLE_")
_CAL = _enum("fpa_calendar", "FPA_CAL_")
_UNIT = _enum("fpa_model_unit_metric", "FPA_UNIT_")
_NATURE = {"revenue": lib.FPA_NATURE_REVENUE, "cost": lib.FPA_NATURE_COST}
_BASIS = {"actual": 0, "30/360": 1, "365": 2}


def _names(table):
    return tuple(k for k, _ in sorted(table.items(), key=lambda kv: kv[1]))


MODEL_RELATIONS = _names(_REL)
MODEL_ROLES = _names(_ROLE)
MODEL_CALENDARS = _names(_CAL)
UNIT_METRICS = _names(_UNIT)


def _month_start(text):
    """The day number of "YYYY-MM" (or "YYYY-MM-DD", or a date)."""
    if isinstance(text, str) and len(text) == 7:
        text += "-01"
    return int(_days([text], "start")[0])


def _frame(columns, index):
    pd = _pd()
    return pd.DataFrame(columns, index=index) if pd is not None and index is not None else columns


class Model(Handle):
    """A planning model (``fpa_model``).

    Parameters
    ----------
    periods : int
        Number of periods, 1 .. 100000.
    start : str or date
        First day of the first period ("2026-10" is October 2026); the first
        of a month for months and quarters.
    calendar : {"month", "quarter", "week"}
    day_basis : {"actual", "30/360", "365"}
        How periods' lengths in days are counted (period-days balances,
        interest).
    decimals : int
        Decimals of the currency's minor unit, for the balance and cash
        checks' tolerance (half a minor unit).

    Attributes
    ----------
    index : pandas.PeriodIndex or None
        The periods, for the results' index.

    Examples
    --------
    >>> m = fpa.Model.from_json("src/cli/sample/model.json")
    >>> m.statements()["balance"].loc["2027-03", "bs.cash"]
    >>> s = m.scenario([("dso", "add", -5, "2026-11")])
    >>> m.evaluate(s)["bs.cash"]
    """

    def __init__(self, periods, start="1970-01", calendar="month", *, day_basis="actual",
                 decimals=2, _adopt=None):
        opts = make_options("model", {"day_basis": _choice(_BASIS, day_basis, "day_basis"),
                                      "decimals": count(decimals, "decimals")})
        p = ffi.new("fpa_model **")
        self._calendar = _choice(_CAL, calendar, "calendar")
        self._start = start
        self.built = False
        self.index = None
        if _adopt is not None:  # a built model made by another call (WCPlan.to_model)
            self._ptr = ffi.gc(_adopt, lib.fpa_model_free)
            self.build_index()
            return
        check(lib.fpa_model_new(p, self._calendar, _month_start(start), count(periods, "periods"),
                                opts_ptr(opts)))
        self._ptr = ffi.gc(p[0], lib.fpa_model_free)

    # ---- building -----------------------------------------------------------------------
    @property
    def periods(self):
        """Number of periods (``fpa_model_periods``).

        Returns
        -------
        int
        """
        return int(lib.fpa_model_periods(self._c()))

    def _summary(self):
        return f"{len(self.lines)} lines x {self.periods} periods" + ("" if self.built else
                                                                      ", not built")

    def period(self, p):
        """A period's 0-based number from "YYYY-MM" or a number.

        Parameters
        ----------
        p : str or int

        Returns
        -------
        int
        """
        if isinstance(p, str):
            y0, m0 = map(int, str(self._start)[:7].split("-"))
            y, m = map(int, p[:7].split("-"))
            months = (y - y0) * 12 + (m - m0)
            step = {lib.FPA_CAL_MONTH: 1, lib.FPA_CAL_QUARTER: 3}.get(self._calendar)
            if step is None:
                raise invalid("give week periods as numbers")
            if months < 0 or months % step:
                raise invalid(f"period {p!r} is not a period of the model")
            return months // step
        return count(p, "period")

    def input(self, name, values):
        """Add an input line, or replace its values (``fpa_model_input``).

        Parameters
        ----------
        name : str
        values : float or array_like
            One value per period, or one value for all.

        Returns
        -------
        Model
            self.
        """
        v = f64([values] if np.ndim(values) == 0 else values, name)
        check(lib.fpa_model_input(self._c(), name.encode(), dptr(v), v.size))
        return self

    def input_forecast(self, name, forecast):
        """An input line of a forecast's point forecasts, periods 1 .. periods
        after its data (``fpa_model_input_forecast``).

        Parameters
        ----------
        name : str
        forecast : fpa.ForecastModel

        Returns
        -------
        Model
            self.
        """
        check(lib.fpa_model_input_forecast(self._c(), name.encode(), forecast._c(), ffi.NULL))
        return self

    def relation(self, name, rel, of=(), params=()):
        """Add a relation line (``fpa_model_relation``; see `MODEL_RELATIONS`
        and ``fpa_model_rel`` for each kind's inputs and parameters).

        Parameters
        ----------
        name : str
        rel : str
            "sum", "diff", "product", "ratio", "pct_of", "lag" ...
        of : sequence of str
            The input lines (may be defined later).
        params : sequence of float
            Weights, lags, periods, shares, bounds.

        Returns
        -------
        Model
            self.
        """
        of = [of] if isinstance(of, str) else list(of)
        names = [ffi.new("char[]", str(x).encode()) for x in of]
        p = f64(list(params), "params")
        check(lib.fpa_model_relation(self._c(), name.encode(), _choice(_REL, rel, "rel"),
                                     ffi.new("char *[]", names) if names else ffi.NULL,
                                     len(names), dptr(p) if p.size else ffi.NULL, p.size))
        return self

    def opening(self, name, value):
        """A line's value in the period before the first
        (``fpa_model_set_opening``): opening balances, and bs.cash,
        bs.fixed_assets, bs.debt, bs.revolver, bs.equity of the statements.

        Returns
        -------
        Model
            self.
        """
        check(lib.fpa_model_set_opening(self._c(), name.encode(), number(value, "value")))
        return self

    def floor(self, name, value):
        """A lower bound of a line (``fpa_model_set_floor``).

        Returns
        -------
        Model
            self.
        """
        check(lib.fpa_model_set_floor(self._c(), name.encode(), number(value, "floor")))
        return self

    def nature(self, name, nature):
        """Whether more of a line is good ("revenue") or bad ("cost"), for
        `compare` (``fpa_model_set_nature``).

        Returns
        -------
        Model
            self.
        """
        check(lib.fpa_model_set_nature(self._c(), name.encode(),
                                       _choice(_NATURE, nature, "nature")))
        return self

    def link(self, role, names):
        """Tie lines into the statements (``fpa_model_link``).

        Parameters
        ----------
        role : str
            One of `MODEL_ROLES`.
        names : str or sequence of str

        Returns
        -------
        Model
            self.
        """
        for n in [names] if isinstance(names, str) else names:
            check(lib.fpa_model_link(self._c(), _choice(_ROLE, role, "role"), n.encode()))
        return self

    def build(self):
        """Check the model and fix its evaluation order (``fpa_model_build``).

        Returns
        -------
        Model
            self.

        Raises
        ------
        fpa.DataError
            An unknown line, a cycle within a period (named), an opening
            balance sheet that does not balance.
        fpa.DomainError
            A period parameter outside the calendar.
        """
        check(lib.fpa_model_build(self._c()))
        return self.build_index()

    def build_index(self):
        """Mark the model built and make its period index (pandas).

        Returns
        -------
        Model
            self.
        """
        self.built = True
        pd = _pd()
        if pd is not None:
            b = np.empty(self.periods + 1, dtype=np.int64)
            check(lib.fpa_model_period_bounds(ffi.from_buffer("int64_t[]", b), b.size, self._c()))
            first = pd.Timestamp(np.datetime64("1970-01-01", "D") + int(b[0]))
            freq = {lib.FPA_CAL_MONTH: "M", lib.FPA_CAL_QUARTER: "Q",
                    lib.FPA_CAL_WEEK: "W"}[self._calendar]
            if self._calendar == lib.FPA_CAL_WEEK:
                self.index = pd.period_range(first, periods=self.periods, freq=f"W-{first:%a}")
            else:
                self.index = pd.period_range(first, periods=self.periods, freq=freq)
        return self

    @property
    def lines(self):
        """Every line's name, in index order (``fpa_model_line_name``).

        Returns
        -------
        list of str
        """
        n = lib.fpa_model_lines(self._c())
        return [ffi.string(lib.fpa_model_line_name(self._c(), i)).decode() for i in range(n)]

    def line(self, name):
        """A line's index (``fpa_model_line_find``).

        Returns
        -------
        int
        """
        out = ffi.new("size_t *")
        check(lib.fpa_model_line_find(out, self._c(), name.encode()))
        return int(out[0])

    # ---- from files and frames -------------------------------------------------------------
    @classmethod
    def from_dict(cls, spec):
        """A built model from the JSON model format of docs/model.md (a dict).

        Parameters
        ----------
        spec : dict
            ``calendar``, ``start``, ``periods``, ``day_basis``, ``lines``
            (each ``{"name", "input"}`` or ``{"name", "rel", "of",
            "params"}``, optionally ``opening``, ``floor``, ``nature``),
            ``links`` (role -> line or lines), ``openings`` (statement line
            -> value).

        Returns
        -------
        Model
        """
        m = cls(spec["periods"], spec.get("start", "1970-01"), spec.get("calendar", "month"),
                day_basis=spec.get("day_basis", "actual"), decimals=spec.get("decimals", 2))
        for i, line in enumerate(spec.get("lines", [])):
            if "name" not in line or ("input" in line) == ("rel" in line):
                raise invalid(f"lines[{i}] needs a name and either input or rel")
            if "input" in line:
                m.input(line["name"], line["input"])
            else:
                m.relation(line["name"], line["rel"], line.get("of", ()), line.get("params", ()))
        for line in spec.get("lines", []):
            for key, fn in (("opening", m.opening), ("floor", m.floor), ("nature", m.nature)):
                if key in line:
                    fn(line["name"], line[key])
        for role, names in spec.get("links", {}).items():
            m.link(role, names)
        for name, value in spec.get("openings", {}).items():
            m.opening(name, value)
        return m.build()

    @classmethod
    def from_json(cls, path):
        """A built model from a JSON model file (docs/model.md).

        Returns
        -------
        Model
        """
        with open(path) as f:
            return cls.from_dict(json.load(f))

    @classmethod
    def from_frame(cls, inputs, relations=(), links=None, openings=None, *, start=None,
                   calendar="month"):
        """A built model whose inputs are the columns of a DataFrame (one row
        per period; a PeriodIndex or DatetimeIndex gives the start).

        Parameters
        ----------
        inputs : pandas.DataFrame
        relations : sequence of dict
            ``{"name", "rel", "of", "params"}`` as in the JSON format.
        links, openings : dict, optional
            As in the JSON format.
        start : str, optional
            The first period when the index is not dated.
        calendar : {"month", "quarter", "week"}

        Returns
        -------
        Model
        """
        if start is None:
            first = inputs.index[0]
            start = str((first.start_time if hasattr(first, "start_time") else first).date())
        spec = {"periods": len(inputs), "start": start, "calendar": calendar,
                "lines": [{"name": str(c), "input": inputs[c].to_numpy(float)}
                          for c in inputs.columns] + list(relations),
                "links": links or {}, "openings": openings or {}}
        return cls.from_dict(spec)

    # ---- evaluation --------------------------------------------------------------------------
    def _scn(self, scenario):
        if scenario is None:
            return ffi.NULL
        if not isinstance(scenario, ModelScenario) or scenario.model is not self:
            raise invalid("scenario must be an fpa.ModelScenario of this model")
        return scenario._c()

    def values(self, scenario=None):
        """Every line of every period as an array (``fpa_model_evaluate``).

        Returns
        -------
        ndarray, shape (lines, periods)
        """
        n, L = self.periods, len(self.lines)
        out = np.empty((L, n))
        check(lib.fpa_model_evaluate(dptr(out), out.size, self._c(), self._scn(scenario)))
        return out

    def evaluate(self, scenario=None, lines=None):
        """Evaluate the model (``fpa_model_evaluate``): every line, with the
        statements' checks (assets = liabilities + equity and cash flow =
        change in cash, in every period).

        Parameters
        ----------
        scenario : fpa.ModelScenario, optional
        lines : sequence of str, optional
            The lines wanted; default all.

        Returns
        -------
        pandas.DataFrame (index: the periods, columns: the lines), or a dict
        of arrays without pandas

        Raises
        ------
        fpa.DomainError
            A line below its floor (named, with the period).
        fpa.ResultOverflowError
            A value not finite (a ratio over zero).
        fpa.DataError
            A balance or cash check fails.
        """
        v = self.values(scenario)
        names = self.lines
        keep = names if lines is None else list(lines)
        pos = {k: i for i, k in enumerate(names)}
        return _frame({k: v[pos[k]] for k in keep}, self.index)

    def statements(self, scenario=None):
        """The income statement, balance sheet and cash-flow statement.

        Returns
        -------
        dict
            ``income``, ``balance``, ``cash_flow``: DataFrames (or dicts of
            arrays) of the is., bs. and cf. lines.
        """
        v, names = self.values(scenario), self.lines
        out = {}
        for key, prefix in (("income", "is."), ("balance", "bs."), ("cash_flow", "cf.")):
            out[key] = _frame({k: v[i] for i, k in enumerate(names) if k.startswith(prefix)},
                              self.index)
        return out

    def scenario(self, changes=(), series=None):
        """A scenario or version of this model (see `ModelScenario`).

        Returns
        -------
        ModelScenario
        """
        return ModelScenario(self, changes, series)

    def compare(self, a=None, b=None, options=None, **option_values):
        """Version `b` against version `a`, line by line
        (``fpa_model_compare``, through the variance module, favourable or
        unfavourable by each line's nature).

        Parameters
        ----------
        a, b : fpa.ModelScenario, optional
            The reference version (budget) and the one compared (forecast,
            actuals); None: the model's inputs.
        options : fpa.Options, optional
            Materiality options of the variance module.

        Returns
        -------
        dict
            ``variance`` (b - a), ``pct`` and ``favourable`` (1, -1 or 0):
            DataFrames of lines x periods (periods as the index).
        """
        n, L = self.periods, len(self.lines)
        var, pct = np.empty((L, n)), np.empty((L, n))
        flags = np.empty((L, n), dtype=np.uint32)
        opts = make_options("variance", option_values, options)
        check(lib.fpa_model_compare(dptr(var), dptr(pct), ffi.from_buffer("uint32_t[]", flags),
                                    self._c(), self._scn(a), self._scn(b), opts_ptr(opts)))
        fav = np.where(flags & lib.FPA_VAR_FAVOURABLE, 1,
                       np.where(flags & lib.FPA_VAR_UNFAVOURABLE, -1, 0))
        names = self.lines
        return {k: _frame({n_: x[i] for i, n_ in enumerate(names)}, self.index)
                for k, x in (("variance", var), ("pct", pct), ("favourable", fav))}

    def unit(self, metric, lines, scenario=None):
        """A unit-economics figure per period read off lines
        (``fpa_model_unit``): "contribution" and "contribution_ratio" of
        (price, variable cost), "break_even_units" and
        "break_even_revenue" of (fixed costs, price, variable cost),
        "cac_payback" of (CAC, ARPU, gross margin, churn).

        Returns
        -------
        ndarray or pandas.Series; NaN where undefined
        """
        idx = np.array([self.line(x) for x in lines], dtype=np.uintp)
        out = np.empty(self.periods)
        code = lib.fpa_model_unit(dptr(out), out.size, self._c(), self._scn(scenario),
                                  _choice(_UNIT, metric, "metric"),
                                  ffi.from_buffer("size_t[]", idx), idx.size)
        if code != lib.FPA_PARTIAL:
            check(code)
        pd = _pd()
        return pd.Series(out, index=self.index, name=metric) if pd and self.index is not None \
            else out

    # ---- sensitivity and goal seek ----------------------------------------------------------
    def _levers(self, specs):
        lv = ffi.new("fpa_model_levers **")
        check(lib.fpa_model_levers_new(lv, self._c(), ffi.NULL))
        lv = ffi.gc(lv[0], lib.fpa_model_levers_free)
        for line, op, values, start in specs:
            v = f64(values, "values", 1)
            check(lib.fpa_model_levers_add(lv, line.encode(), _choice(_OP, op, "op"),
                                           self.period(start), dptr(v), v.size))
        return lv

    def output(self, line, scenario=None):
        """A line's value in the last period (``fpa_model_output``).

        Returns
        -------
        float
        """
        out = ffi.new("double *")
        check(lib.fpa_model_output(out, self._c(), self._scn(scenario), self.line(line),
                                   ffi.NULL))
        return out[0]

    def tornado(self, bars, output, scenario=None):
        """One-way sensitivity (``fpa_model_tornado``): the output (a line's
        last-period value) with each bar's change alone at its low and high
        value.

        Parameters
        ----------
        bars : sequence of tuples
            ``(line, op, low, high[, start])``.
        output : str
        scenario : fpa.ModelScenario, optional

        Returns
        -------
        dict
            ``low``, ``high`` (arrays, one per bar) and ``base`` (float).
        """
        bars = list(bars)
        if not bars:
            raise invalid("bars is empty")
        lv = self._levers([(b[0], b[1], [b[2], b[3]], b[4] if len(b) > 4 else 0) for b in bars])
        lo, hi, base = np.empty(len(bars)), np.empty(len(bars)), ffi.new("double *")
        check(lib.fpa_model_tornado(dptr(lo), dptr(hi), base, self._c(), self._scn(scenario), lv,
                                    self.line(output), ffi.NULL))
        return {"low": lo, "high": hi, "base": base[0]}

    def table(self, rows, output, cols=None, scenario=None, *, options=None, progress=False,
              **option_values):
        """One- or two-way sensitivity table (``fpa_model_table``): the
        output for every row value (and column value) of one (or two)
        changes, evaluated in lanes on ``threads`` threads.

        Parameters
        ----------
        rows, cols : tuple
            ``(line, op, values[, start])``.
        output : str
        scenario : fpa.ModelScenario, optional
        progress : bool or callable
            A progress bar (True) or a callable ``(done, total)`` that cancels
            by returning True (fpa.CancelledError).

        Returns
        -------
        pandas.DataFrame (row values x column values) or ndarray
        """
        axes = [rows] + ([cols] if cols is not None else [])
        lv = self._levers([(a[0], a[1], a[2], a[3] if len(a) > 3 else 0) for a in axes])
        nr, nc = len(f64(rows[2], "rows")), len(f64(cols[2], "cols")) if cols else 1
        out = np.empty((nr, nc))
        opts = make_options("model", option_values, options)
        out_line, scn = self.line(output), self._scn(scenario)
        with watch(opts, progress, "sensitivity table") as o:
            check(lib.fpa_model_table(dptr(out), out.size, self._c(), scn, lv, out_line, o))
        pd = _pd()
        if pd is None:
            return out
        return pd.DataFrame(out, index=pd.Index(f64(rows[2], "rows"), name=rows[0]),
                            columns=pd.Index(f64(cols[2], "cols"), name=cols[0]) if cols
                            else [output])

    def goal_seek(self, line, op, lo, hi, target, output, *, mode="equal", start=0,
                  scenario=None):
        """Goal seek (``fpa_model_goal_seek``): the value v in [lo, hi] of the
        change ``op(line, v)`` at which the output's last value equals the
        target (``mode="equal"``), or the lowest/highest v at which the
        output line is at least/at most the target in every period
        ("lowest_at_least" ...; the starting end itself when it holds
        there).

        Returns
        -------
        float

        Raises
        ------
        fpa.NoConvergenceError
            No value in the range reaches or meets the target.
        """
        lv = self._levers([(line, op, [lo, hi], start)])
        out = ffi.new("double *")
        check(lib.fpa_model_goal_seek(out, self._c(), self._scn(scenario), lv,
                                      self.line(output), _choice(_GOAL, mode, "mode"),
                                      number(target, "target"), ffi.NULL))
        return out[0]

    def load_scenarios(self, path):
        """The what-ifs of a scenario file (docs/model.md).

        Parameters
        ----------
        path : str
            A JSON file ``{"scenarios": [{"name", "changes": [{"line", "op",
            "value", "from"}], "series": {line: values}}]}``.

        Returns
        -------
        dict
            name -> ModelScenario, in the file's order.
        """
        with open(path) as f:
            spec = json.load(f)
        return {s["name"]: ModelScenario(self, s.get("changes", ()), s.get("series"))
                for s in spec["scenarios"]}

    def monte_carlo(self):
        """A Monte Carlo simulation of this model (see `ModelMonteCarlo`).

        Returns
        -------
        ModelMonteCarlo
        """
        return ModelMonteCarlo(self)


class ModelScenario(Handle):
    """Changes to a model's inputs (``fpa_model_scenario``): a scenario, or
    a plan version given as whole series.

    Parameters
    ----------
    model : fpa.Model
    changes : iterable of tuples
        ``(line, op, value[, start])``, op "set", "add" or "mul", start a
        period ("2027-01") or number.
    series : dict, optional
        line -> one value per period (a budget, a forecast version).

    Attributes
    ----------
    model : fpa.Model
    """

    def __init__(self, model, changes=(), series=None):
        if not model.built:
            raise invalid("build the model first")
        self.model = model
        p = ffi.new("fpa_model_scenario **")
        check(lib.fpa_model_scenario_new(p, model._c(), ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_model_scenario_free)
        for line, values in (series or {}).items():
            self.set_series(line, values)
        for c in changes:
            if isinstance(c, dict):
                self.add(c["line"], c["op"], c["value"], c.get("from", 0))
            else:
                self.add(*c)

    def _summary(self):
        return f"on {self.model!r}"

    def add(self, line, op, value, start=0):
        """Add a change from a period on (``fpa_model_scenario_add``).

        Returns
        -------
        ModelScenario
            self.
        """
        check(lib.fpa_model_scenario_add(self._c(), line.encode(), _choice(_OP, op, "op"),
                                         number(value, "value"), self.model.period(start)))
        return self

    def set_series(self, line, values):
        """Replace an input's series (``fpa_model_scenario_set_series``).

        Returns
        -------
        ModelScenario
            self.
        """
        v = f64(values, line)
        check(lib.fpa_model_scenario_set_series(self._c(), line.encode(), dptr(v), v.size))
        return self


class ModelMonteCarlo(Handle):
    """Stochastic changes to a model's inputs and the lines to keep
    (``fpa_model_mc``); `run` simulates.

    Parameters
    ----------
    model : fpa.Model
    """

    def __init__(self, model):
        self.model = model
        p = ffi.new("fpa_model_mc **")
        check(lib.fpa_model_mc_new(p, model._c(), ffi.NULL))
        self._ptr = ffi.gc(p[0], lib.fpa_model_mc_free)
        self._outputs = {}

    def _summary(self):
        return f"{int(lib.fpa_model_mc_count(self._c()))} variables on {self.model!r}"

    def add(self, line, op, dist, params, start=0, draw="each_period"):
        """A stochastic change of an input line (``fpa_model_mc_add``); as
        `fpa.MonteCarlo.add`.

        Returns
        -------
        ModelMonteCarlo
            self.
        """
        p = f64(params, "params")
        check(lib.fpa_model_mc_add(self._c(), line.encode(), _choice(_OP, op, "op"),
                                   _choice(_DIST, dist, "dist"), dptr(p), p.size,
                                   self.model.period(start), _choice(_DRAW, draw, "draw")))
        return self

    def add_series(self, line, op, dist, params, start=0, draw="each_period"):
        """A stochastic change with per-period parameters
        (``fpa_model_mc_add_series``; params of shape (nparams, count)).

        Returns
        -------
        ModelMonteCarlo
            self.
        """
        d = _choice(_DIST, dist, "dist")
        p = np.ascontiguousarray(f64nd(params, "params"))
        if p.ndim != 2 or p.shape[0] != _NPARAMS[d]:
            raise invalid(f"params must have shape ({_NPARAMS[d]}, count), not {p.shape}")
        check(lib.fpa_model_mc_add_series(self._c(), line.encode(), _choice(_OP, op, "op"), d,
                                          dptr(p), p.shape[1], self.model.period(start),
                                          _choice(_DRAW, draw, "draw")))
        return self

    def add_forecast(self, line, forecast, start=0, draw="each_period"):
        """An input drawn from a forecast's prediction intervals
        (``fpa_model_mc_add_forecast``).

        Returns
        -------
        ModelMonteCarlo
            self.
        """
        check(lib.fpa_model_mc_add_forecast(self._c(), line.encode(), forecast._c(),
                                            self.model.period(start),
                                            _choice(_DRAW, draw, "draw"), ffi.NULL))
        return self

    def correlate(self, corr):
        """Correlate the variables (``fpa_model_mc_correlate``).

        Returns
        -------
        ModelMonteCarlo
            self.
        """
        c = np.ascontiguousarray(f64nd(corr, "corr"))
        if c.ndim != 2 or c.shape[0] != c.shape[1]:
            raise invalid(f"corr must be a square matrix, not shape {c.shape}")
        check(lib.fpa_model_mc_correlate(self._c(), dptr(c), c.shape[0]))
        return self

    def output(self, line, every_period=True, threshold=None):
        """Keep a line of every path (``fpa_model_mc_output``), and count the
        paths below `threshold` in each period.

        Returns
        -------
        ModelMonteCarlo
            self.
        """
        t = np.nan if threshold is None else number(threshold, "threshold")
        check(lib.fpa_model_mc_output(self._c(), self.model.line(line), bool(every_period), t))
        self._outputs[line] = bool(every_period)
        return self

    def run(self, paths, scenario=None, *, options=None, progress=False, **option_values):
        """Simulate (``fpa_model_mc_run``): the same seed gives the same
        numbers on every thread count, with or without `progress`.

        Parameters
        ----------
        paths : int
        scenario : fpa.ModelScenario, optional
        progress : bool or callable
            True draws a progress bar on stderr; a callable receives
            ``(done, total)`` and cancels by returning True
            (fpa.CancelledError); Ctrl-C stops the run
            within about 0.1 s.
        **option_values
            ``seed``, ``threads``.

        Returns
        -------
        ModelMonteCarloResult
        """
        out = ffi.new("fpa_model_mc_result **")
        opts = make_options("model", option_values, options)
        n, scn = count(paths, "paths"), self.model._scn(scenario)
        with watch(opts, progress, "Monte Carlo") as o:
            check(lib.fpa_model_mc_run(out, self._c(), scn, n, o))
        return ModelMonteCarloResult(ffi.gc(out[0], lib.fpa_model_mc_result_free), self.model,
                                     dict(self._outputs))


class ModelMonteCarloResult(Handle):
    """The outcome of `ModelMonteCarlo.run` (``fpa_model_mc_result``).

    Attributes
    ----------
    model : fpa.Model
    """

    def __init__(self, ptr, model, outputs):
        self._ptr, self.model, self._outputs = ptr, model, outputs

    def _summary(self):
        return f"{self.paths} paths"

    @property
    def paths(self):
        """Number of paths.

        Returns
        -------
        int
        """
        return int(lib.fpa_model_mc_paths(self._c()))

    @property
    def clamped(self):
        """Draws set to input floors, plus relation values below floors.

        Returns
        -------
        int
        """
        return int(lib.fpa_model_mc_clamped(self._c()))

    def quantile(self, line, p, period=None):
        """A percentile (R type 7) of an output line in a period (default the
        last), or the mean for ``p=None`` (``fpa_model_mc_quantile``).

        Returns
        -------
        float
        """
        t = self.model.periods - 1 if period is None else self.model.period(period)
        out = ffi.new("double *")
        check(lib.fpa_model_mc_quantile(out, self._c(), self.model.line(line), t,
                                        np.nan if p is None else number(p, "p")))
        return out[0]

    def fan(self, line, ps=(0.05, 0.5, 0.95)):
        """Percentiles of a line kept every period: the fan chart.

        Returns
        -------
        pandas.DataFrame (periods x probabilities) or dict of arrays
        """
        n = self.model.periods
        cols = {float(p): np.array([self.quantile(line, p, t) for t in range(n)]) for p in ps}
        return _frame(cols, self.model.index)

    def below(self, line):
        """The share of paths below the line's threshold in each period
        (``fpa_model_mc_below``).

        Returns
        -------
        ndarray or pandas.Series
        """
        out = np.empty(self.model.periods)
        check(lib.fpa_model_mc_below(dptr(out), out.size, self._c(), self.model.line(line)))
        pd = _pd()
        return pd.Series(out, index=self.model.index, name=line) if pd and \
            self.model.index is not None else out

    def sorted(self, line, period=None):
        """Every path's value of a line in a period, increasing
        (``fpa_model_mc_sorted``).

        Returns
        -------
        ndarray
        """
        t = self.model.periods - 1 if period is None else self.model.period(period)
        out = np.empty(self.paths)
        check(lib.fpa_model_mc_sorted(dptr(out), out.size, self._c(), self.model.line(line), t))
        return out


# ---- plots (matplotlib is imported on the first call) ------------------------------------

def plot_statements(model, scenario=None, ax=None):
    """The three statements over the periods: revenue, EBITDA and net income;
    total assets, liabilities and equity; operating, investing and financing
    cash flows.

    Parameters
    ----------
    model : fpa.Model
    scenario : fpa.ModelScenario, optional
    ax : sequence of three matplotlib Axes, optional

    Returns
    -------
    sequence of matplotlib Axes
    """
    import matplotlib.pyplot as plt
    s = model.statements(scenario)
    if ax is None:
        _, ax = plt.subplots(3, 1, figsize=(9, 9), sharex=True)
    groups = (("income", ["is.revenue", "is.ebitda", "is.net_income"], "income statement"),
              ("balance", ["bs.total_assets", "bs.cash", "bs.revolver", "bs.equity"],
               "balance sheet"),
              ("cash_flow", ["cf.operating", "cf.investing", "cf.financing"], "cash flow"))
    for a, (key, cols, title) in zip(ax, groups):
        frame = s[key]
        for c in cols:
            y = frame[c]
            a.plot(np.arange(len(y)), np.asarray(y), label=c)
        a.set_title(title)
        a.legend(loc="best", fontsize="small")
    return ax


def plot_cash(model, scenarios=None, line="bs.cash", ax=None):
    """The cash path of the base and of each scenario.

    Parameters
    ----------
    model : fpa.Model
    scenarios : dict, optional
        name -> fpa.ModelScenario.
    line : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    cases = {"base": None, **(scenarios or {})}
    for name, s in cases.items():
        v = model.values(s)[model.line(line)]
        ax.plot(np.arange(v.size), v, label=name)
    ax.set_title(line)
    ax.legend(loc="best", fontsize="small")
    return ax
