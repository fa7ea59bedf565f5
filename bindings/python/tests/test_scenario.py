# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenarios, sensitivity, goal seek and Monte Carlo from Python.

Expected values:
- tests/ref/wc_expected.csv (see wc_ref.py): make_wc_ref.py's scenario
  "DSO -5 days from period 2, inventory +10 %, DPO +7 days for the
  suppliers with 40 % of the purchases from period 1, revenue 125,000 from
  period 4" is a copy of the base model whose driver cells are formulas of
  the base cells, recalculated by LibreOffice Calc and gnumeric; and the
  goal-seek answer derived in the same sheet;
- for Monte Carlo, R 4's analytic percentiles, the same command and
  numbers as tests/test_scenario_mc.c (printed with sprintf("%.10f")):

    Rscript -e '
    p <- c(0.01,0.05,0.25,0.5,0.75,0.95,0.99)
    qnorm(p, 10000 + 12*1000, 500*sqrt(12))                      # normal12
    5000 + 12*qlnorm(p, log(1000), 0.2)                          # lnorm
    a <- 1 + 4*(100+300)/1200; b <- 1 + 4*(900-100)/1200
    5000 + 12*(-300 + 1200*qbeta(p, a, b))                       # pert
    pnorm((0 - 1000 - 500)/2000)                                 # breach
    qnorm(p, 10000, sqrt(12*(300^2 + 400^2 + 2*0.6*300*400)))    # corr
    qnorm(p, 2000 + 6*1000, sqrt(6)*(1300 - 700)/(2*qnorm(0.9))) # interval'

  Percentiles of 200,000 paths must agree within 1 % of the 1st-99th
  percentile range (about five standard errors of the extreme ones).
- everything else is a property: an empty scenario is the base, cash
  released equals the fall in NWC, a table cell or tornado bar equals the
  scenario it stands for, the same seed gives the same bits on any number
  of threads.
"""
import gc
import math
import weakref

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented
from wc_ref import LINE_KEYS, close, plan as ref_plan, ref, scenario as ref_scenario

P = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
NORMAL12 = [17970.6472860814, 19151.0299471061, 20831.7494834759, 22000.0000000000,
            23168.2505165241, 24848.9700528939, 26029.3527139186]
LNORM = [12535.5895833269, 13635.9690118867, 15485.6609469468, 17000.0000000000,
         18733.0398845224, 21674.4461220040, 24109.3209638980]
PERT = [2154.0351209311, 2976.7864447759, 4950.4022119551, 6811.7001008593,
        8868.7523175559, 11671.3383662703, 13237.0899494120]
BREACH = 0.2266273524
CORR = [4941.5973993735, 6423.4360831990, 8533.3918694793, 10000.0000000000,
        11466.6081305207, 13576.5639168010, 15058.4026006265]
INTERVAL = [6666.0625895642, 7056.8341853919, 7613.2448114137, 8000.0000000000,
            8386.7551885863, 8943.1658146081, 9333.9374104358]
PATHS = 200_000


# ---- scenarios against the spreadsheet ---------------------------------------------

def test_scenario_matches_spreadsheet():
    p = ref_plan()
    s = ref_scenario(p)
    assert len(s) == 4
    got = s.project()
    for line, key in LINE_KEYS.items():
        for t in range(6):
            close(got[line][t], f"s.{key}.{t}")
    for t, v in enumerate(s.drivers("dso")):
        close(v, f"s.dso.{t}")
    floor = ref("floor")
    cmp = s.compare(floor)
    for k in ("released", "cumulative", "gap"):
        for t in range(6):
            close(cmp[k][t], f"cmp.{k}.{t}")
    close(cmp["min_cash"], "s.min_cash")
    assert cmp["min_period"] == int(ref("cmp.min_period"))
    assert cmp["peak_gap"] == pytest.approx(max(0, floor - ref("s.min_cash")), abs=1e-9)
    close(s.metric("min_cash"), "s.min_cash")
    close(fpa.Scenario(p).metric("ending_cash"), "p.cash.5")
    close(s.metric("ending_nwc"), "s.nwc.5")
    assert s.metric("funding_gap", floor) == pytest.approx(max(0, floor - ref("s.min_cash")),
                                                           abs=1e-9)
    # one line by name
    cash = s.project("cash")
    close(cash[5], "s.cash.5")


def test_scenario_pandas_index():
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2024-01", periods=6, freq="M")
    s = ref_scenario(ref_plan(index=idx))
    frame = s.project(["cash", "nwc"])
    assert isinstance(frame, pd.DataFrame) and (frame.index == idx).all()
    cmp = s.compare(ref("floor"))
    assert isinstance(cmp["released"], pd.Series)
    close(cmp["cumulative"].loc[idx[3]], "cmp.cumulative.3")
    assert isinstance(s.drivers("dpo"), pd.Series)


def random_plan(rng, n):
    drv = {d: rng.uniform(10, 1e6 if d in ("revenue", "cogs") else 90, n)
           for d in ("revenue", "cogs", "dso", "dio", "dpo")}
    drv["other_cash"] = rng.uniform(-1e5, 1e5, n)
    return fpa.WCPlan(days=rng.uniform(28, 31, n), **drv,
                      opening=[*rng.uniform(0, 1e6, 3), rng.uniform(-1e6, 1e6)])


def test_empty_scenario_is_the_base():
    rng = np.random.default_rng(11)
    for _ in range(50):
        p = random_plan(rng, int(rng.integers(1, 41)))
        s = fpa.Scenario(p)
        base, scn = p.project(), s.project()
        for k in fpa.WC_LINES:
            np.testing.assert_array_equal(base[k], scn[k])
        cmp = s.compare()
        assert not cmp["released"].any() and not cmp["cumulative"].any()


def test_cash_released_equals_fall_in_nwc():
    rng = np.random.default_rng(12)
    for _ in range(50):
        n = int(rng.integers(2, 32))
        p = random_plan(rng, n)
        s = fpa.Scenario(p)
        for k in range(4):
            s.add(("dso", "dio", "dpo")[k % 3], ("add", "mul")[k % 2],
                  rng.uniform(0.5, 1.5) if k % 2 else rng.uniform(0, 10),
                  int(rng.integers(0, n)))
        base, scn, cmp = p.project(), s.project(), s.compare()
        np.testing.assert_allclose(cmp["released"], base["delta_nwc"] - scn["delta_nwc"],
                                   atol=1e-6)
        np.testing.assert_allclose(cmp["cumulative"], base["nwc"] - scn["nwc"], atol=1e-6)


def test_changes_apply_in_order():
    p = fpa.WCPlan(4, days=30, dso=40)
    s = fpa.Scenario(p).add("dso", "set", 50, 1).add("dso", "+", -5, 2)
    s.add("DSO", "multiply", 2, start=3).add("dso", "add", 1, 99)  # past the end
    # 40; set 50; 50 - 5; (50 - 5) * 2
    np.testing.assert_array_equal(s.drivers("dso"), [40, 50, 45, 90])
    assert len(s) == 4 and "4 changes" in repr(s)


def test_tornado_bars_are_single_changes():
    p = ref_plan()
    s = ref_scenario(p)
    bars = [("dso", "add", -10, 10), ("dio", "mul", 0.9, 1.1), ("dpo", "add", -7, 7, 3),
            ("revenue", "mul", 0.95, 1.05, 1)]
    t = s.tornado(bars, "min_cash")
    assert t["base"] == s.metric("min_cash")
    for i, bar in enumerate(bars):
        for side, v in (("low", bar[2]), ("high", bar[3])):
            one = ref_scenario(p).add(bar[0], bar[1], v, bar[4] if len(bar) == 5 else 0)
            assert t[side][i] == one.metric("min_cash")
    # collecting 10 days slower absorbs cash: a lower minimum
    assert t["high"][0] < t["base"] < t["low"][0]
    # a bar that makes DSO negative fails, naming the bar
    with pytest.raises(fpa.DomainError, match="bar 0"):
        s.tornado([("dso", "add", -100, 10)] + bars[1:])
    with pytest.raises(fpa.InvalidArgumentError, match="bars is empty"):
        s.tornado([])
    with pytest.raises(fpa.InvalidArgumentError, match=r"bars\[0\]"):
        s.tornado([("dso", "add", 1)])
    with pytest.raises(fpa.InvalidArgumentError, match="driver"):
        s.tornado([("ebit", "add", 1, 2)])
    with pytest.raises(fpa.InvalidArgumentError, match="metric"):
        s.tornado(bars, "irr")
    with pytest.raises(fpa.DomainError):
        s.tornado([("dso", "add", math.nan, 1)])


def test_table_cells_are_scenarios():
    p = ref_plan()
    s = ref_scenario(p)
    rows, cols = [30 + 5 * i for i in range(7)], np.array([0.8 + 0.1 * j for j in range(5)])
    t1 = s.table(("dpo", "set", rows), ("dio", "mul", cols), start=1)
    assert t1.shape == (7, 5)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            cell = ref_scenario(p).add("dpo", "set", r, 1).add("dio", "mul", c, 1)
            assert t1[i, j] == cell.metric("ending_cash")
    for threads in (2, 3, 4):
        np.testing.assert_array_equal(
            s.table(("dpo", "set", rows), ("dio", "mul", cols), start=1, threads=threads), t1)
    bad = list(rows)
    bad[3] = -1                                          # DPO -1 in row 3
    with pytest.raises(fpa.DomainError, match=r"cell \(3, 0\)"):
        s.table(("dpo", "set", bad), ("dio", "mul", cols), start=1)
    bad[3] = math.nan
    with pytest.raises(fpa.DomainError):
        s.table(("dpo", "set", bad), ("dio", "mul", cols))
    with pytest.raises(fpa.InvalidArgumentError):
        s.table(("dpo", "set", []), ("dio", "mul", cols))
    with pytest.raises(fpa.InvalidArgumentError, match="rows must be"):
        s.table(("dpo", "set"), ("dio", "mul", cols))
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        s.table(("dpo", "set", rows), ("dio", "mul", cols), threads=-1)


def test_table_pandas_out():
    pd = pytest.importorskip("pandas")
    p = ref_plan()
    s = ref_scenario(p)
    t = s.table(("dso", "add", pd.Index([-10, 0, 10])), ("dpo", "add", [0, 5]),
                metric="min_cash")
    assert isinstance(t, pd.DataFrame) and list(t.index) == [-10, 0, 10]
    assert t.loc[0, 0] == s.metric("min_cash")


def _goal_ref(key):
    """tests/ref/goal_expected.csv (make_goal_ref.py): the answers of the
    constraint form, written as sheet formulas and recalculated by
    LibreOffice Calc and gnumeric."""
    import csv
    import os
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "ref",
                        "goal_expected.csv")
    with open(path) as f:
        rows = {r[0]: float(r[1]) for r in csv.reader(x for x in f if x[0] != "#")
                if r[0] != "key"}
    return rows[key]


def test_goal_seek_constraint_form():
    p = ref_plan()
    base = fpa.Scenario(p)
    assert fpa.GOAL_MODES == ("equal", "lowest_at_least", "highest_at_least",
                              "lowest_at_most", "highest_at_most")
    dpo = base.goal_seek("dpo", "set", 0, 200, _goal_ref("g.dpo_floor.target"),
                         mode="lowest_at_least")
    assert dpo == pytest.approx(_goal_ref("g.dpo_floor"), rel=1e-12, abs=1e-9)
    assert fpa.Scenario(p).add("dpo", "set", dpo).metric("min_cash") >= 40000
    dso = base.goal_seek("dso", "set", 0, 120, _goal_ref("g.dso_floor.target"),
                         mode="highest_at_least")
    assert dso == pytest.approx(_goal_ref("g.dso_floor"), rel=1e-12, abs=1e-9)
    dpo = base.goal_seek("dpo", "set", 0, 200, _goal_ref("g.gap.target"), metric="funding_gap",
                         cash_floor=_goal_ref("g.gap.floor"), mode="lowest_at_most")
    assert dpo == pytest.approx(_goal_ref("g.dpo_gap"), rel=1e-12, abs=1e-9)
    # the target already holds at the lower end: that end is the answer,
    # where the root-finding form ("equal") finds no crossing
    assert base.goal_seek("dpo", "set", 30, 200, -1e6, mode="lowest_at_least") == 30
    with pytest.raises(fpa.NoConvergenceError):
        base.goal_seek("dpo", "set", 30, 200, -1e6)
    with pytest.raises(fpa.NoConvergenceError, match="no DPO value"):
        base.goal_seek("dpo", "set", 0, 10, 1e7, mode="lowest_at_least")
    with pytest.raises(fpa.InvalidArgumentError, match="mode"):
        base.goal_seek("dpo", "set", 0, 10, 0, mode="closest")


def test_progress_and_cancel():
    """Monte Carlo and the table report progress on this thread and stop on
    a callback returning True (CancelledError) or raising; the numbers are the same with
    or without it (issue 14, item 12)."""
    p = ref_plan()
    mc = fpa.MonteCarlo(p)
    mc.add("revenue", "mul", "normal", [1, 0.05])
    seen = []
    a = mc.run(20_000, progress=lambda d, t: seen.append((d, t)))
    b = mc.run(20_000, threads=2)
    assert np.array_equal(a.sorted(), b.sorted())
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]

    def stop(done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mc.run(2_000_000, progress=stop, progress_interval=1)
    with pytest.raises(fpa.CancelledError):
        mc.run(2_000_000, progress=lambda done, total: done > 0, progress_interval=1)
    s = fpa.Scenario(p)
    rows, cols = ("dso", "set", [30, 40, 50]), ("dpo", "set", [20, 30])
    assert np.array_equal(s.table(rows, cols, progress=lambda d, t: None), s.table(rows, cols))
    with pytest.raises(fpa.InvalidArgumentError, match="progress"):
        s.table(rows, cols, progress="yes")


def test_goal_seek_matches_spreadsheet():
    p = ref_plan()
    base = fpa.Scenario(p)
    # make_wc_ref.py: the constant DPO giving ending cash 60,000 is
    # (60000 - ending cash at DPO 0) x days / COGS of the last period
    dpo = base.goal_seek("dpo", "set", 0, 120, ref("goal.target"), metric="ending_cash")
    assert dpo == pytest.approx(ref("goal.dpo"), rel=1e-10, abs=1e-9)
    # the DPO that keeps the minimum cash at the floor
    floor = 40000
    dpo = base.goal_seek("dpo", "set", 0, 200, floor)
    assert fpa.Scenario(p).add("dpo", "set", dpo).metric("min_cash") == pytest.approx(
        floor, abs=1e-6)
    # impossible: no DPO in [0, 10] gets the minimum cash to 10 million
    with pytest.raises(fpa.NoConvergenceError, match="no DPO value"):
        base.goal_seek("dpo", "set", 0, 10, 1e7)
    with pytest.raises(fpa.DomainError):
        base.goal_seek("dpo", "set", 10, 10, 0)          # an empty bracket
    with pytest.raises(fpa.DomainError):
        base.goal_seek("dpo", "set", 0, math.inf, 0)
    with pytest.raises(fpa.DomainError, match="DSO"):
        base.goal_seek("dso", "set", -50, 10, 0)
    with pytest.raises(fpa.InvalidArgumentError, match="op"):
        base.goal_seek("dso", "pow", 0, 10, 0)
    with pytest.raises(fpa.InvalidArgumentError, match="start"):
        base.goal_seek("dso", "set", 0, 10, 0, start=-1)


def test_scenario_bad_input():
    p = ref_plan()
    with pytest.raises(fpa.InvalidArgumentError, match="plan must be an fpa.WCPlan"):
        fpa.Scenario([1, 2, 3])
    s = fpa.Scenario(p)
    with pytest.raises(fpa.InvalidArgumentError, match="driver"):
        s.add("roe", "add", 1)
    with pytest.raises(fpa.InvalidArgumentError, match="op"):
        s.add("dso", "divide", 1)
    with pytest.raises(fpa.DomainError):
        s.add("dso", "add", math.nan)
    with pytest.raises(fpa.InvalidArgumentError, match="value must be a number"):
        s.add("dso", "add", "five")
    with pytest.raises(fpa.InvalidArgumentError, match="start"):
        s.add("dso", "add", 1, -2)
    with pytest.raises(fpa.InvalidArgumentError, match="start must be a whole number"):
        s.add("dso", "add", 1, 1.5)
    assert len(s) == 0
    s.add("dso", "add", -60, 3)
    with pytest.raises(fpa.DomainError, match="DSO in period 3"):
        s.project("cash")
    with pytest.raises(fpa.DomainError):
        s.compare()
    with pytest.raises(fpa.DomainError):
        fpa.Scenario(p).compare(math.nan)
    with pytest.raises(fpa.InvalidArgumentError, match="metric"):
        fpa.Scenario(p).metric("ebitda")
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.Scenario(fpa.WCPlan(2)).metric()             # days not set


# ---- Monte Carlo ------------------------------------------------------------------------

def flat_plan(n, cash):
    """n periods where nothing moves but what the test sets."""
    return fpa.WCPlan(n, days=30, opening=dict(cash=cash))


def check_quantiles(res, want):
    got = res.quantile(P)
    assert got.shape == (7,)
    np.testing.assert_allclose(got, want, rtol=0, atol=0.01 * (want[6] - want[0]))


def test_normal_each_period_converges():
    # 12 independent N(1000, 500) other-cash flows on 10,000 opening cash:
    # ending cash ~ N(22000, 500 sqrt(12))
    mc = fpa.MonteCarlo(flat_plan(12, 10000))
    assert mc.add("other_cash", "set", "normal", [1000, 500]) == 0
    res = mc.run(PATHS, threads=2)
    check_quantiles(res, NORMAL12)
    # cash-at-risk at 95 %: R's qnorm(0.5) - qnorm(0.05) (the NORMAL12 row)
    assert res.cash_at_risk() == pytest.approx(NORMAL12[3] - NORMAL12[1],
                                               abs=0.02 * (NORMAL12[6] - NORMAL12[0]))
    assert res.cash_at_risk(0.5) == 0
    with pytest.raises(fpa.DomainError, match="level"):
        res.cash_at_risk(0.4)
    assert res.mean() == pytest.approx(22000, abs=5 * 500 * math.sqrt(12 / PATHS))
    # the fan's median in period t is 10000 + 1000 (t + 1)
    fan = res.fan(0.5)
    for t in range(12):
        assert fan[t] == pytest.approx(10000 + 1000 * (t + 1), abs=0.01 * 500 * 4.65
                                       * math.sqrt(t + 1))
    assert isinstance(res, fpa.MonteCarloResult)
    assert res.paths == PATHS and res.clamped == 0 and res.periods == 12


def test_once_draws_converge():
    # once-per-path draws on 12 periods and 5,000 cash: ending = 5000 + 12 x
    mc = fpa.MonteCarlo(flat_plan(12, 5000))
    mc.add("revenue", "set", "lognormal", [math.log(1000), 0.2], draw="once")  # DSO 0: cash
    check_quantiles(mc.run(PATHS), LNORM)
    mc = fpa.MonteCarlo(flat_plan(12, 5000))
    mc.add("other_cash", "set", "pert", (-300, 100, 900), draw="once")
    check_quantiles(mc.run(PATHS), PERT)


def test_breach_probability_converges():
    # one N(500, 2000) flow in period 0 on 1,000 cash, nothing after:
    # P(cash < 0) = pnorm((0 - 1000 - 500) / 2000) in every period
    mc = fpa.MonteCarlo(flat_plan(6, 1000))
    mc.add_series("other_cash", "set", "normal", [[500], [2000]])
    res = mc.run(PATHS, cash_floor=0, threads=3)
    assert res.breach() == pytest.approx(BREACH, abs=5 * math.sqrt(BREACH * (1 - BREACH) / PATHS))
    by = res.breach(by_period=True)
    assert by.shape == (6,) and (by == res.breach()).all()
    assert res.quantile(0.1, "min_cash") == res.quantile(0.1, "ending_cash")


def test_correlation_converges():
    # two per-period normal additions, sd 300 and 400, correlation 0.6
    mc = fpa.MonteCarlo(flat_plan(12, 10000))
    mc.add("other_cash", "add", "normal", [0, 300])
    mc.add("other_cash", "add", "normal", [0, 400])
    mc.correlate([[1, 0.6], [0.6, 1]])
    check_quantiles(mc.run(PATHS, threads=2), CORR)


def test_forecast_intervals_feed_the_simulation():
    # revenue point 1000, 80 % interval [700, 1300] in each of 6 periods
    # (DSO 0, so revenue is cash): sd = 600 / (2 qnorm(0.9))
    mc = fpa.MonteCarlo(flat_plan(6, 2000))
    assert mc.add_interval("revenue", [1000] * 6, [700] * 6, [1300] * 6, level=0.8) == 0
    check_quantiles(mc.run(PATHS, threads=2), INTERVAL)


def busy():
    """Every distribution, once and per period, a correlated pair and a
    clamped driver on an 18-period plan (tests/test_scenario_mc.c's)."""
    t = np.arange(18)
    rev = 1e5 * (1 + 0.02 * t)
    plan = fpa.WCPlan(days=30, revenue=rev, cogs=0.6 * rev, dso=45, dio=30, dpo=40,
                      other_cash=-3.5e4, opening=(1.5e5, 6e4, 8e4, 5e4))
    mc = fpa.MonteCarlo(plan)
    mc.add("revenue", "mul", "normal", [1, 0.05])
    mc.add("cogs", "mul", "lognormal", [0, 0.04])
    mc.add("dso", "set", "triangular", [40, 45, 60], start=2, draw="once")
    mc.add("dio", "set", "uniform", [25, 35])
    mc.add("dpo", "set", "pert", [30, 40, 55], draw="once")
    mc.add("dso", "add", "normal", [0, 3], draw="once")
    mc.add("other_cash", "add", "normal", [-1000, 5000])
    c = np.eye(7)
    c[0, 1] = c[1, 0] = 0.5
    c[2, 5] = c[5, 2] = 0.3
    mc.correlate(c)
    return plan, mc


def test_same_seed_same_numbers_on_any_thread_count():
    plan, mc = busy()
    assert len(mc) == 7
    r0 = mc.run(5000, 40000)                             # 5 blocks, the last partial
    end, low = r0.sorted(), r0.sorted("min_cash")
    assert end.shape == (5000,) and (np.diff(end) >= 0).all()
    fan, by = r0.fan([0.1, 0.5, 0.9]), r0.breach(True)
    assert fan.shape == (3, 18)
    for threads in (1, 2, 3, 4, 0):
        r = mc.run(5000, 40000, threads=threads)
        np.testing.assert_array_equal(r.sorted(), end)
        np.testing.assert_array_equal(r.sorted("min_cash"), low)
        np.testing.assert_array_equal(r.fan([0.1, 0.5, 0.9]), fan)
        np.testing.assert_array_equal(r.breach(True), by)
        assert r.clamped == r0.clamped and r.mean() == r0.mean()
    # the default seed is 42; another seed gives other numbers
    np.testing.assert_array_equal(mc.run(5000, 40000, seed=42, threads=2).sorted(), end)
    assert not np.array_equal(mc.run(5000, 40000, seed=7).sorted(), end)
    np.testing.assert_array_equal(mc.run(5000, 40000, options=fpa.Options(seed=7)).sorted(),
                                  mc.run(5000, 40000, seed=7, threads=3).sorted())


def test_no_variables_is_the_scenario():
    plan, _ = busy()
    s = fpa.Scenario(plan).add("dso", "add", -5, 3)
    res = fpa.MonteCarlo(s).run(3000)
    assert res.quantile(0.37) == s.metric("ending_cash")
    assert res.quantile(0.99, "min_cash") == s.metric("min_cash")
    res2 = fpa.MonteCarlo(plan, s).run(10)
    assert res2.mean() == s.metric("ending_cash")


def test_negative_draws_are_clamped():
    plan, _ = busy()
    mc = fpa.MonteCarlo(plan)
    mc.add("dso", "set", "normal", [5, 10])              # negative 31 % of the time
    c = mc.run(2000).clamped
    assert 2000 * 18 / 5 < c < 2000 * 18 / 2


def test_result_with_pandas_index():
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2024-01", periods=6, freq="M")
    plan = fpa.WCPlan(days=30, other_cash=pd.Series([100.0] * 6, index=idx))
    mc = fpa.MonteCarlo(plan)
    mc.add("other_cash", "add", "uniform", [-50, 50])
    res = mc.run(2000, cash_floor=0)
    assert isinstance(res.fan(0.5), pd.Series)
    frame = res.fan([0.05, 0.95])
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == [0.05, 0.95]
    assert (frame[0.05] <= frame[0.95]).all()
    assert isinstance(res.breach(True), pd.Series) and res.breach() == 0


def test_monte_carlo_bad_input():
    plan = flat_plan(6, 0)
    mc = fpa.MonteCarlo(plan)
    with pytest.raises(fpa.InvalidArgumentError, match="paths is 0"):
        mc.run(0)                                        # zero simulations
    with pytest.raises(fpa.InvalidArgumentError, match="paths"):
        mc.run(-5)
    with pytest.raises(fpa.InvalidArgumentError, match="paths must be a whole number"):
        mc.run(2.5)
    with pytest.raises(fpa.DomainError):
        mc.run(10, math.nan)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.MonteCarlo(fpa.WCPlan(2)).run(10)            # days not set
    with pytest.raises(fpa.InvalidArgumentError, match="plan must be"):
        fpa.MonteCarlo("plan")
    with pytest.raises(fpa.InvalidArgumentError, match="scenario must be"):
        fpa.MonteCarlo(plan, "scenario")
    # distribution parameters: GSL must never see these
    for dist, par, msg in (("normal", [0, -1], "sd is -1"), ("normal", [math.nan, 1], "mean is NaN"),
                           ("lognormal", [0, math.inf], "sigma is infinite"),
                           ("lognormal", [800, 1], "overflow"), ("uniform", [2, 1], "exceeds"),
                           ("triangular", [1, 0, 2], "min <= mode <= max"),
                           ("triangular", [1, 1, 1], "min < max"),
                           ("pert", [0, 3, 2], "min <= mode <= max")):
        with pytest.raises(fpa.DomainError, match=msg):
            mc.add("dso", "set", dist, par)
    with pytest.raises(fpa.InvalidArgumentError):
        mc.add("dso", "set", "normal", [0, 1, 2])          # three parameters for two
    with pytest.raises(fpa.InvalidArgumentError, match="dist"):
        mc.add("dso", "set", "cauchy", [0, 1])
    with pytest.raises(fpa.InvalidArgumentError, match="draw"):
        mc.add("dso", "set", "normal", [0, 1], draw="twice")
    with pytest.raises(fpa.InvalidArgumentError, match="params is None"):
        mc.add("dso", "set", "normal", None)
    with pytest.raises(fpa.DomainError, match="sd of period 4"):
        mc.add_series("dso", "set", "normal", [[1, 1], [1, -1]], start=3)
    with pytest.raises(fpa.InvalidArgumentError, match=r"shape \(3, count\)"):
        mc.add_series("dso", "set", "pert", [[1, 1], [2, 2]])
    with pytest.raises(fpa.InvalidArgumentError, match=r"shape \(2, count\)"):
        mc.add_series("dso", "set", "normal", [1, 2])
    with pytest.raises(fpa.InvalidArgumentError):
        mc.add_series("dso", "set", "normal", np.empty((2, 0)))
    with pytest.raises(fpa.DomainError):
        mc.add_interval("revenue", [1], [2], [1])        # lower above upper
    with pytest.raises(fpa.DomainError):
        mc.add_interval("revenue", [1], [0], [2], level=1.0)
    with pytest.raises(fpa.InvalidArgumentError, match="upper has 1"):
        mc.add_interval("revenue", [1, 1], [0, 0], [2])
    assert len(mc) == 0                                  # nothing was added
    # a series past the plan's end
    assert mc.add_series("dso", "set", "normal", [[40, 40], [1, 1]], start=5) == 0
    with pytest.raises(fpa.InvalidArgumentError, match=r"periods 5 \.\. 6"):
        mc.run(10)
    # correlation matrices
    mc.add("dio", "add", "normal", [0, 1])
    mc.add("dpo", "add", "normal", [0, 1], draw="once")
    with pytest.raises(fpa.DomainError, match="positive definite"):
        mc.correlate([[1, 1, 0], [1, 1, 0], [0, 0, 1]])
    with pytest.raises(fpa.DomainError, match="once per path"):
        mc.correlate([[1, 0, 0.2], [0, 1, 0], [0.2, 0, 1]])
    with pytest.raises(fpa.DomainError):
        mc.correlate([[1, 0.2, 0], [0.1, 1, 0], [0, 0, 1]])
    with pytest.raises(fpa.InvalidArgumentError):
        mc.correlate(np.eye(2))
    with pytest.raises(fpa.InvalidArgumentError, match="square"):
        mc.correlate([[1, 0, 0]])
    with pytest.raises(fpa.InvalidArgumentError):
        mc.correlate("identity")
    # reading a result
    res = fpa.MonteCarlo(plan).run(10, fan=False)
    with pytest.raises(fpa.InvalidArgumentError):
        res.fan(0.5)
    with pytest.raises(fpa.DomainError):
        res.quantile(1.5)
    with pytest.raises(fpa.DomainError):
        res.quantile([0.5, math.nan])
    with pytest.raises(fpa.InvalidArgumentError, match="stat"):
        res.quantile(0.5, "max_cash")
    with pytest.raises(fpa.InvalidArgumentError, match="stat"):
        res.mean("median")
    with pytest.raises(fpa.InvalidArgumentError, match="no option"):
        fpa.MonteCarlo(plan).run(10, fans=True)


def test_objects_are_freed_once():
    plan, mc = busy()
    s = fpa.Scenario(plan)
    mc2 = fpa.MonteCarlo(s)
    res = mc2.run(100)
    refs = [weakref.ref(x) for x in (plan, s, mc2, res, mc)]
    del plan, s, mc2, mc
    gc.collect()
    assert res.mean() == res.mean()                      # the result stands alone
    assert "100 paths" in repr(res)
    del res
    gc.collect()
    assert all(r() is None for r in refs)


def test_every_public_name_is_documented_exported_and_tested():
    assert undocumented(fpa.scenario) == []
    assert mentions_every_public_name(fpa.scenario, __file__) == []
    assert all(getattr(fpa, n) is getattr(fpa.scenario, n) for n in fpa.scenario.__all__)
