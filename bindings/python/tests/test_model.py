# SPDX-License-Identifier: GPL-3.0-or-later
"""The planning model from Python.

Expected values:
- tests/ref/model_expected.csv: the sample company's model
  (src/cli/sample/model.json) written as spreadsheet formulas and
  recalculated by LibreOffice Calc and gnumeric (tests/ref/make_model_ref.py),
  version 0 the base and 1 "ten more engineers": every line of every period;
- tests/ref/goal_expected.csv (make_goal_ref.py): the constraint form of goal
  seek on the working-capital plan;
- R 4's qnorm for the Monte Carlo percentiles (the command in
  tests/test_scenario_mc.c, "normal12");
- the rest are properties: the statements balance under every scenario,
  table cells and tornado bars are the scenarios they stand for, the
  numbers are the same with or without a progress callback.
"""
import csv
import os
import signal
import threading
import time

import numpy as np
import pandas as pd
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
SAMPLE = os.path.join(ROOT, "src", "cli", "sample")
P = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
NORMAL12 = [17970.6472860814, 19151.0299471061, 20831.7494834759, 22000.0000000000,
            23168.2505165241, 24848.9700528939, 26029.3527139186]


def refs(name):
    with open(os.path.join(ROOT, "tests", "ref", name)) as f:
        return {r[0]: (float(r[1]), float(r[2]) if len(r) > 2 else None)
                for r in csv.reader(x for x in f if x[0] != "#") if r[0] != "key"}


@pytest.fixture(scope="module")
def sample():
    return fpa.Model.from_json(os.path.join(SAMPLE, "model.json"))


@pytest.fixture(scope="module")
def expected():
    return refs("model_expected.csv")


def compare(frame, expected, version):
    n = 0
    for line in frame.columns:
        for t, got in enumerate(frame[line].to_numpy()):
            lo, gn = expected[f"{version}|{line}|{t}"]
            assert got == pytest.approx(lo, rel=1e-11, abs=1e-6), (line, t)
            assert got == pytest.approx(gn, rel=1e-11, abs=1e-6), (line, t)
            n += 1
    return n


def test_sample_matches_spreadsheet(sample, expected):
    df = sample.evaluate()
    assert isinstance(df.index, pd.PeriodIndex) and str(df.index[0]) == "2026-10"
    assert df.shape == (36, 200)
    assert compare(df, expected, 0) == 36 * 200
    s = sample.load_scenarios(os.path.join(SAMPLE, "model_scenarios.json"))
    assert compare(sample.evaluate(s["ten more engineers"]), expected, 1) == 36 * 200


def test_statements_balance_under_every_scenario(sample):
    for name, s in [("base", None)] + list(
            sample.load_scenarios(os.path.join(SAMPLE, "model_scenarios.json")).items()):
        st = sample.statements(s)
        b, c = st["balance"], st["cash_flow"]
        assert np.allclose(b["bs.total_assets"], b["bs.total_liabilities_equity"], rtol=0,
                           atol=0.005), name
        assert (b["bs.check"].abs() <= 0.005).all() and (c["cf.check"].abs() <= 0.005).all()
        cash = np.concatenate([[2007133.59], b["bs.cash"].to_numpy()])
        assert np.allclose(c["cf.net_change"], np.diff(cash), rtol=0, atol=0.005)
        assert list(st["income"].columns)[:3] == ["is.revenue", "is.cogs", "is.gross_margin"]


def test_built_line_by_line_from_a_dict_and_a_frame():
    """A small three-statement model three ways; the same numbers."""
    spec = {"periods": 6, "start": "2026-01", "lines": [
        {"name": "units", "input": [100, 120, 90, 150, 130, 110]},
        {"name": "price", "input": 50}, {"name": "pct", "input": 0.6},
        {"name": "rent", "input": 1500}, {"name": "dso", "input": 45},
        {"name": "revenue", "rel": "product", "of": ["units", "price"]},
        {"name": "cogs", "rel": "pct_of", "of": ["revenue", "pct"]},
        {"name": "ar", "rel": "balance", "of": ["revenue", "dso"], "opening": 7000}],
        "links": {"revenue": "revenue", "cogs": "cogs", "opex": ["rent"],
                  "receivables": "ar"},
        "openings": {"bs.cash": 2000}}
    a = fpa.Model.from_dict(spec).evaluate()
    m = fpa.Model(6, "2026-01")
    for line in spec["lines"]:
        (m.input(line["name"], line["input"]) if "input" in line else
         m.relation(line["name"], line["rel"], line["of"]))
    m.opening("ar", 7000).opening("bs.cash", 2000)
    m.link("revenue", "revenue").link("cogs", "cogs").link("opex", ["rent"])
    m.link("receivables", "ar").build()
    b = m.evaluate()
    inputs = pd.DataFrame({"units": [100, 120, 90, 150, 130, 110], "price": 50.0, "pct": 0.6,
                           "rent": 1500.0, "dso": 45.0},
                          index=pd.period_range("2026-01", periods=6, freq="M"))
    c = fpa.Model.from_frame(inputs, spec["lines"][5:], spec["links"], spec["openings"]).evaluate()
    for x in (b, c):
        assert np.array_equal(a["bs.cash"].to_numpy(), x["bs.cash"].to_numpy())
    # revenue 5000; AR = 45 x 5000 / 31; cash = 2000 + (5000 - 3000 - 1500) - (AR - 7000)
    assert a["bs.cash"].iloc[0] == pytest.approx(2000 + 500 - (45 * 5000 / 31 - 7000), rel=1e-15)
    assert a["ar"].iloc[1] == pytest.approx(45 * 6000 / 28, rel=1e-15)  # February 2026
    assert m.lines[:2] == ["units", "price"] and m.line("revenue") == 5
    assert fpa.MODEL_RELATIONS[0] == "sum" and "running_min" in fpa.MODEL_RELATIONS
    assert "cash_floor" in fpa.MODEL_ROLES and fpa.MODEL_CALENDARS == ("month", "quarter", "week")
    assert m.period("2026-04") == 3 and m.periods == 6


def test_bad_models_name_the_line():
    m = fpa.Model(6)
    m.input("a", 1).relation("b", "sum", ["c", "a"]).relation("c", "product", ["a", "b"])
    with pytest.raises(fpa.DataError, match="cycle within a period.*(b -> c -> b|c -> b -> c)"):
        m.build()
    m = fpa.Model(6).input("a", 1).relation("gm", "diff", ["a", "revenu"])
    with pytest.raises(fpa.DataError, match='line "gm": input "revenu" is not a line'):
        m.build()
    with pytest.raises(fpa.InvalidArgumentError, match='line "r": ratio takes 2 inputs, 1 given'):
        fpa.Model(6).relation("r", "ratio", ["a"])
    with pytest.raises(fpa.DomainError, match=r'line "units": values\[2\] is NaN'):
        fpa.Model(6).input("units", [1, 2, np.nan, 4, 5, 6])
    with pytest.raises(fpa.InvalidArgumentError, match="rel"):
        fpa.Model(6).relation("r", "median", ["a"])
    with pytest.raises(fpa.InvalidArgumentError, match="needs a name"):
        fpa.Model.from_dict({"periods": 6, "lines": [{"name": "x"}]})
    m = fpa.Model(6).input("z", [1, 1, 1, 0, 1, 1]).input("a", 1).relation("q", "ratio",
                                                                            ["a", "z"]).build()
    with pytest.raises(fpa.ResultOverflowError, match="q in period 3 is not finite"):
        m.evaluate()


def test_what_ifs_are_scenarios(sample):
    t = sample.table(("dso", "set", [40, 50, 60], 2), "lowest_cash", cols=("dio", "set", [60, 90]))
    assert t.shape == (3, 2) and list(t.index) == [40, 50, 60]
    s = sample.scenario([("dso", "set", 50, 2), ("dio", "set", 90)])
    assert t.loc[50, 90] == sample.output("lowest_cash", s)
    assert np.array_equal(t.to_numpy(), sample.table(
        ("dso", "set", [40, 50, 60], 2), "lowest_cash", cols=("dio", "set", [60, 90]),
        threads=2).to_numpy())
    tor = sample.tornado([("dso", "add", -5, 5), ("price.gateways", "mul", 0.97, 1.03, 3)],
                         "bs.cash")
    assert tor["base"] == sample.output("bs.cash")
    assert tor["high"][1] == sample.output(
        "bs.cash", sample.scenario([("price.gateways", "mul", 1.03, "2027-01")]))
    # versions: the spreadsheet's version 1 minus version 0
    exp = refs("model_expected.csv")
    c = sample.compare(None, sample.scenario([("heads.rnd.software", "add", 6, 3),
                                              ("heads.rnd.cloud", "add", 4, 6)]))
    assert c["variance"]["is.opex"].iloc[5] == pytest.approx(
        exp["1|is.opex|5"][0] - exp["0|is.opex|5"][0], rel=1e-9)
    assert c["favourable"]["is.opex"].iloc[5] == -1 and c["favourable"]["is.opex"].iloc[2] == 0
    cm = sample.unit("contribution", ["price.sensors", "unit_cost.sensors"])
    assert cm.iloc[0] == pytest.approx(exp["0|contribution_per_unit.sensors|0"][0], rel=1e-12)
    v = sample.scenario(series={"units.sensors.emea": np.arange(36) + 1000.0})
    assert sample.evaluate(v)["units.sensors.emea"].iloc[7] == 1007


def test_goal_seek_on_a_plan():
    g = refs("goal_expected.csv")
    p = fpa.WCPlan(days=[31, 29, 31, 30, 31, 30],
                   revenue=[100000, 120000, 90000, 150000, 130000, 110000],
                   cogs=[60000, 70000, 55000, 90000, 80000, 65000], dso=[45, 45, 50, 40, 45, 45],
                   dio=[30, 35, 30, 30, 25, 30], dpo=[40, 40, 35, 45, 40, 40],
                   other_cash=[-30000, -32000, -25000, -40000, 10000, -30000],
                   opening=dict(ar=140000, inventory=55000, ap=75000, cash=20000))
    m = p.to_model()
    v = m.goal_seek("DPO", "set", 0, 200, g["g.dpo_floor.target"][0], "cash",
                    mode="lowest_at_least")
    assert v == pytest.approx(g["g.dpo_floor"][0], rel=1e-12, abs=1e-9)
    v = m.goal_seek("DSO", "set", 0, 120, g["g.dso_floor.target"][0], "cash",
                    mode="highest_at_least")
    assert v == pytest.approx(g["g.dso_floor"][0], rel=1e-12, abs=1e-9)
    assert m.goal_seek("DPO", "set", 30, 200, -1e6, "cash", mode="lowest_at_least") == 30
    with pytest.raises(fpa.NoConvergenceError):
        m.goal_seek("DPO", "set", 30, 200, -1e6, "lowest cash")
    assert np.array_equal(m.evaluate()["cash"].to_numpy(), p.project("cash"))


def test_monte_carlo_converges_and_ignores_progress():
    m = fpa.Model(12).input("flow", 0).relation("cash", "cumsum", ["flow"]).opening("cash", 10000)
    m.build()
    mc = m.monte_carlo().add("flow", "set", "normal", [1000, 500]).output("cash", True, 14000)
    r = mc.run(200_000, threads=2)
    for p, q in zip(P, NORMAL12):
        assert r.quantile("cash", p) == pytest.approx(q, abs=0.01 * (NORMAL12[-1] - NORMAL12[0]))
    assert r.quantile("cash", None) == pytest.approx(22000, abs=5 * 500 * 12 ** 0.5 / 447)
    assert r.below("cash").iloc[3] == pytest.approx(0.5, abs=0.006)
    assert r.paths == 200_000 and r.clamped == 0
    seen = []
    r2 = mc.run(200_000, progress=lambda d, t: seen.append((d, t)))
    assert np.array_equal(r.sorted("cash", 5), r2.sorted("cash", 5))
    assert seen[-1][0] == seen[-1][1] and all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    f = r.fan("cash", [0.1, 0.9])
    assert list(f.columns) == [0.1, 0.9] and f.shape == (12, 2)


def test_keyboard_interrupt_stops_a_long_run():
    m = fpa.Model(36).input("flow", 0).relation("cash", "cumsum", ["flow"]).build()
    mc = m.monte_carlo().add("flow", "set", "pert", [0, 1, 3]).output("cash", False)
    fired = []

    def interrupt():
        fired.append(time.monotonic())
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    timer = threading.Timer(0.3, interrupt)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        mc.run(5_000_000)  # seconds uninterrupted
    latency = time.monotonic() - fired[0]
    timer.join()
    assert latency < 1.0  # about 0.1 s (the progress interval) on an idle machine

    def cancel(done, total):
        if done:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        mc.run(2_000_000, progress=cancel)
    with pytest.raises(fpa.CancelledError):
        mc.run(2_000_000, progress=lambda done, total: done > 0)


def test_plots(sample):
    import matplotlib
    matplotlib.use("Agg")
    axes = fpa.plot_statements(sample)
    assert len(axes) == 3 and axes[1].get_title() == "balance sheet"
    ax = fpa.plot_cash(sample, sample.load_scenarios(os.path.join(SAMPLE,
                                                                  "model_scenarios.json")))
    assert len(ax.get_lines()) == 5


def test_documented_and_tested():
    assert undocumented(fpa.model) == []
    assert mentions_every_public_name(fpa.model, __file__) == []
    assert isinstance(fpa.ModelScenario(fpa.Model(2).input("a", 1).build()), fpa.ModelScenario)
    assert fpa.UNIT_METRICS[0] == "contribution"
    assert fpa.ModelMonteCarlo and fpa.ModelMonteCarloResult
