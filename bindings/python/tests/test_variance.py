# SPDX-License-Identifier: GPL-3.0-or-later
"""Budget versus actual from Python.

The expected values are those of the C tests (tests/test_variance.c,
test_variance_decomp.c, test_variance_tree.c), with the same sources:

[H14]  Horngren, Datar & Rajan, Cost Accounting: A Managerial Emphasis, 14th
       ed. (Pearson 2012), ch. 7-8, Webb Company: Exhibits 7-1 .. 7-3
       (inputs quoted at
       https://www.yumpu.com/en/document/view/58332972/cost-accounting-14th-edition/253 ;
       budget, actuals and overhead as summarised at
       https://www.coursehero.com/file/6230112/wk8-ch8n/ ).
[TB14] Horngren test-bank item 14, static-budget variance of operating
       income, solved at
       https://www.coursehero.com/file/p1dc7hs/What-is-the-static-budget-variance-of-operating-income-A-238000-favorable-B/
[H13]  Horngren, Datar, Foster, Rajan, Ittner, Cost Accounting, 13th ed.,
       pp. 517-519, Kola/Limor/Orlem, solved at
       http://studentsmerit.com/paper-detail/?paper_id=9714
[E716] Horngren et al., Exercise 7-16 "Flexible budget", solution at
       https://www.coursehero.com/file/5455625/Chapter-7-Solutions/
[E821] Horngren et al., Exercise 8-21 "4-variance analysis", solution quoted at
       https://www.der-zauberer-wiesbaden.de/ball-mill/1dkb8qp.html
[MIL]  "Milano Company", Example 3,
       https://www.scribd.com/document/919403179/Sales-Mix-Example-3
       (total 4,000 adverse; mix/quantity split hand-worked in the C test).
[WRD]  Warren, Reeve, Duchac, Accounting, Exercise 23-5, solution at
       https://accountingqa.blogspot.com/2018/11/ex-23-5-direct-materials-variances.html
[R]    R forecast 8.20, `Rscript tests/ref/make_variance_ref.R`.
[SK03] Horngren, Datar, Foster (11th ed., 2003 data), Exercises 14-24/14-25,
       solution at https://www.hitpages.com/doc/4513006679490560/22/
[SK17] Horngren, Datar, Rajan, 16th ed., Exercises 14-27/14-28 and Try It!
       14-5, solutions at https://www.scribd.com/document/619350581/5 and
       https://scribd.com/document/489211443/New-York-Sales2
Hand-worked cases carry their working in a comment, as in the C tests.
"""
import math

import numpy as np
import pandas as pd
import pytest

import fpa
from fpa import _arrays

R, C = "revenue", "cost"


# ---- variances ------------------------------------------------------------------

def test_webb_static_budget_signs():
    # [H14] Exhibit 7-1, level 1: revenues 190,000 U, direct materials
    # 98,400 F, direct labour 6,000 U, variable overhead 13,500 F, fixed 9,000 U
    budget = np.array([1440000, 720000, 192000, 144000, 276000.0])
    actual = np.array([1250000, 621600, 198000, 130500, 285000.0])
    r = fpa.variance(budget, actual, [R, C, C, C, C])
    np.testing.assert_array_equal(r.variance, [-190000, -98400, 6000, -13500, 9000])
    assert list(r.effect) == ["unfavourable", "favourable", "unfavourable", "favourable",
                              "unfavourable"]
    assert list(r.favourable) == [False, True, False, True, False]
    np.testing.assert_allclose(r.pct, r.variance / budget, rtol=1e-15)
    v, pct, flags = r  # a plain tuple too
    assert flags.dtype == np.uint32


def test_static_budget_operating_income():
    # [TB14]: 220,000 U, 15,000 U, 3,000 U; operating income 238,000 U
    r = fpa.variance([3300000, 885000, 52000], [3080000, 900000, 55000], [R, C, C])
    np.testing.assert_array_equal(r.variance, [-220000, 15000, 3000])
    assert r.unfavourable.all()
    assert r.variance[0] - r.variance[1] - r.variance[2] == -238000


def test_sign_conventions_by_hand():
    # the ten cases worked in tests/test_variance.c sign_conventions_by_hand:
    # revenue/cost up and down by 10 %, no change, zero budgets, negative
    # budgets (+60 %, +50 %) and a sign flip (-120 %)
    b = [1000, 1000, 1000, 1000, 500, 0, 0, -500, -100, 100]
    a = [1100, 1100, 900, 900, 500, 50, 0, -200, -50, -20]
    nat = [R, C, R, C, C, C, R, C, R, R]
    r = fpa.variance(b, a, nat, abs_threshold=0, pct_threshold=1e9, rule="pct")
    np.testing.assert_array_equal(r.variance, [100, 100, -100, -100, 0, 50, 0, 300, 50, -120])
    np.testing.assert_allclose(r.pct, [0.1, 0.1, -0.1, -0.1, 0, 0, 0, 0.6, 0.5, -1.2],
                               rtol=1e-15)
    F, U, Z, S, M = (fpa.VarianceFlag.FAVOURABLE, fpa.VarianceFlag.UNFAVOURABLE,
                     fpa.VarianceFlag.NO_BUDGET, fpa.VarianceFlag.SIGN_FLIP,
                     fpa.VarianceFlag.MATERIAL)
    want = [F, U, U, F, 0, U | Z | M, Z, U, F, U | S]
    assert [fpa.VarianceFlag(int(f)) for f in r.flags] == want
    assert list(r.effect) == ["favourable", "unfavourable", "unfavourable", "favourable",
                              "neutral", "unfavourable", "neutral", "unfavourable",
                              "favourable", "unfavourable"]
    assert list(np.flatnonzero(r.no_budget)) == [5, 6]
    assert list(np.flatnonzero(r.sign_flip)) == [9]
    assert list(np.flatnonzero(r.material)) == [5]


def test_materiality_by_hand():
    # tests/test_variance.c materiality_by_hand: "+-5 % and +-10,000"
    b = [100000, 1000000, 1000, 50000, 100000, 1000000]
    a = [112000, 1012000, 1600, 60000, 105000, 1012000]
    nan = float("nan")
    r = fpa.variance(b, a, C, abs_threshold=[nan] * 5 + [5000],
                     pct_threshold=[nan] * 5 + [0.01])
    assert list(np.flatnonzero(r.material)) == [0, 5]
    r = fpa.variance(b, a, C, material_rule="either")
    assert list(r.material) == [True, True, True, True, False, True]
    r = fpa.variance(b, a, C, rule=["either"] * 2 + ["both"] * 4,
                     options=fpa.Options(**{"variance.material_rule": 0}))
    assert list(r.material) == [True, True, False, False, False, False]
    assert fpa.variance(b, a, C, rule="abs").material[1]
    assert not fpa.variance(b, a, C, rule="pct").material[1]
    # strict tests: a 12,000 variance is above 11,999 but not above 12,000
    r = fpa.variance(b, a, C, rule=2, material_abs=11999)
    assert list(r.material) == [True, True, False, False, False, True]
    assert not fpa.variance(b, a, C, rule="abs", material_abs=12000).material.any()


def test_periods_are_row_major():
    # tests/test_variance.c periods_are_row_major
    b = np.array([[10, 20, 30], [40, 50, 60.0]])
    a = np.array([[11, 19, 30], [44, 50, 66.0]])
    r = fpa.variance(b, a, [R, C])
    np.testing.assert_array_equal(r.variance, [[1, -1, 0], [4, 0, 6]])
    F, U = fpa.VarianceFlag.FAVOURABLE, fpa.VarianceFlag.UNFAVOURABLE
    np.testing.assert_array_equal(r.flags, [[F, U, 0], [U, 0, U]])


def test_dataframes_in_variance_report_out():
    # the same numbers as test_periods_are_row_major, labelled
    months = pd.period_range("2024-01", periods=3, freq="M", name="month")
    b = pd.DataFrame([[10, 20, 30], [40, 50, 60]], index=pd.Index(["sales", "cogs"],
                                                                  name="account"),
                     columns=months)
    a = pd.DataFrame([[44, 50, 66], [11, 19, 30]], index=["cogs", "sales"], columns=months)
    rep = fpa.variance(b, a, {"sales": R, "cogs": C}, material_abs=3, material_pct=0.05)
    assert list(rep.columns) == ["account", "month", "budget", "actual", "variance", "pct",
                                 "effect", "favourable", "unfavourable", "material",
                                 "no_budget", "sign_flip", "flags", "nature"]
    assert list(rep["account"]) == ["sales"] * 3 + ["cogs"] * 3
    assert list(rep["month"].astype(str)) == ["2024-01", "2024-02", "2024-03"] * 2
    assert list(rep["actual"]) == [11, 19, 30, 44, 50, 66]  # aligned on labels
    assert list(rep["variance"]) == [1, -1, 0, 4, 0, 6]
    assert list(rep["effect"]) == ["favourable", "unfavourable", "neutral",
                                   "unfavourable", "neutral", "unfavourable"]
    assert list(rep["material"]) == [False, False, False, True, False, True]
    assert rep["pct"].iloc[3] == pytest.approx(0.1, rel=1e-15)
    # one period: Series in, report by line
    rep1 = fpa.variance(b.iloc[:, 0], a.iloc[:, 0], pd.Series({"sales": R, "cogs": C}))
    assert list(rep1["variance"]) == [1, 4] and "month" not in rep1
    # labels must agree
    with pytest.raises(fpa.InvalidArgumentError, match="different labels"):
        fpa.variance(b, a.rename(index={"cogs": "opex"}), R)
    with pytest.raises(fpa.InvalidArgumentError, match="no entry for line 'cogs'"):
        fpa.variance(b, a, {"sales": R})
    with pytest.raises(fpa.InvalidArgumentError, match="DataFrame"):
        fpa.variance(b, a.to_numpy(), R)


def test_thread_count_invariance_and_no_copies():
    rng = np.random.default_rng(3)
    b = (rng.random((3000, 12)) - 0.2) * 1e5
    b[rng.random(b.shape) < 0.05] = 0
    a = b + (rng.random(b.shape) - 0.5) * 2e4
    nat = rng.integers(0, 2, 3000)
    r1 = fpa.variance(b, a, nat, threads=1)
    r3 = fpa.variance(b, a, nat, threads=3)
    for x, y in zip(r1, r3):
        assert x.tobytes() == y.tobytes()
    np.testing.assert_array_equal(r1.variance, a - b)
    # contiguous float64 arrays reach C as they are; others are converted
    assert _arrays.floats(b, "budget") is b
    assert _arrays.floats(b[:, ::2], "budget") is not b
    m = np.arange(4, dtype=np.int64)
    assert _arrays.money(m, "amount") is m


def test_variance_bad_input_raises():
    with pytest.raises(fpa.DomainError) as e:
        fpa.variance([[1, 2], [float("nan"), 4]], [[1, 2], [3, 4]], [R, C])
    assert e.value.detail == "budget[line 1, period 0] is NaN"
    with pytest.raises(fpa.DomainError, match=r"actual\[line 0, period 0\] is \+Inf"):
        fpa.variance([1], [math.inf], R)
    with pytest.raises(fpa.ResultOverflowError):
        fpa.variance([-1.5e308], [1.5e308], R)
    with pytest.raises(fpa.InvalidArgumentError, match=r"nature\[1\] is 2; expected 0 .. 1"):
        fpa.variance([1, 2], [1, 2], [0, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="nature is 'sales'"):
        fpa.variance([1, 2], [1, 2], "sales")
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.variance([1, 2], [1, 2], C, rule=[0, 9])
    with pytest.raises(fpa.DomainError, match=r"abs_threshold\[1\]"):
        fpa.variance([1, 2], [1, 2], C, abs_threshold=[1, -1])
    with pytest.raises(fpa.InvalidArgumentError, match="shape"):
        fpa.variance([1, 2, 3], [1, 2], C)
    with pytest.raises(fpa.InvalidArgumentError, match="2 entries for 3 lines"):
        fpa.variance([1, 2, 3], [1, 2, 3], [R, C])
    with pytest.raises(fpa.InvalidArgumentError, match="empty"):
        fpa.variance([], [], C)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.variance(["a"], [1], C)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.variance(None, [1], C)
    with pytest.raises(fpa.InvalidArgumentError, match=r"1-D or 2-D, not of shape \(1, 1, 1\)"):
        fpa.variance(np.zeros((1, 1, 1)), np.zeros((1, 1, 1)), C)
    with pytest.raises(fpa.InvalidArgumentError, match=r"actual\[1\]\[0\] is masked"):
        fpa.variance([[1], [2]], np.ma.masked_array([[1], [2]], mask=[[0], [1]]), C)
    r = fpa.variance([1], np.ma.masked_array([3.0], mask=[0]), C)  # nothing masked: fine
    assert list(r.variance) == [2]
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.variance([1], [2], C, material_rule=7)
    with pytest.raises(fpa.InvalidArgumentError, match="no option"):
        fpa.variance([1], [2], C, no_such_option=1)


# ---- windows --------------------------------------------------------------------

def window_series():
    # tests/test_variance.c fill_window_series: two lines of 24 months from
    # April; line 0 budget t+1, actual 2(t+1), forecast 100+t+1; line 1 is 10x
    t = np.arange(1, 25, dtype=float)
    b = np.vstack([t, 10 * t])
    return b, 2 * b, np.vstack([100 + t, 10 * (100 + t)])


@pytest.mark.parametrize("fy, window, first, last, budget, actual", [
    # hand-worked in tests/test_variance.c windows_by_hand, at = 14
    (4, "period", 14, 14, 15, 30), (4, "qtd", 12, 14, 42, 84), (4, "ytd", 12, 14, 42, 84),
    (4, "trailing3", 12, 14, 42, 84), (4, "trailing12", 3, 14, 114, 228),
    (4, "outlook", 12, 23, 222, 1164), (1, "ytd", 9, 14, 75, 150), (1, "qtd", 12, 14, 42, 84),
    (1, "outlook", 9, 20, 186, 861), (7, "ytd", 3, 14, 114, 228), (7, "qtd", 12, 14, 42, 84),
    (7, "outlook", 3, 14, 114, 228)])
def test_windows_by_hand(fy, window, first, last, budget, actual):
    b, a, f = window_series()
    assert fpa.window_range(24, 4, 14, window, fy_start=fy) == (first, last)
    w = fpa.variance_window(b, a, 14, window, first_month=4, forecast=f, fy_start=fy)
    np.testing.assert_array_equal(w.budget, [budget, 10 * budget])
    np.testing.assert_array_equal(w.actual, [actual, 10 * actual])
    one = fpa.variance_window(b[0], a[0], 14, window, first_month=4, forecast=f[0],
                              fy_start=fy)
    assert one == (budget, actual)


def test_windows_of_dataframes_with_month_columns():
    b, a, f = window_series()
    months = pd.period_range("2023-04", periods=24, freq="M")
    frames = [pd.DataFrame(x, index=["x", "y"], columns=months) for x in (b, a, f)]
    w = fpa.variance_window(frames[0], frames[1], pd.Period("2024-06", "M"), "outlook",
                            forecast=frames[2], fy_start=4)
    assert list(w.budget) == [222, 2220] and list(w.actual.index) == ["x", "y"]
    assert list(fpa.variance_window(*frames[:2], -10, "ytd", fy_start=4).budget) == [42, 420]
    # the window's totals feed the variances
    rep = fpa.variance(w.budget, w.actual, C)
    assert list(rep["variance"]) == [1164 - 222, 11640 - 2220]


def test_windows_reject_bad_input():
    b, a, f = window_series()
    with pytest.raises(fpa.DomainError) as e:
        fpa.window_range(24, 4, 0, "ytd")
    assert e.value.detail == ("the YTD window of period 0 starts 3 periods before the "
                              "series' first value")
    with pytest.raises(fpa.DomainError, match="ends 9 periods after"):
        fpa.window_range(24, 4, 23, "outlook")
    with pytest.raises(fpa.DomainError):
        fpa.window_range(24, 4, 24, "period")
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.window_range(24, 13, 1, "period")
    with pytest.raises(fpa.InvalidArgumentError, match="window is 'h1'"):
        fpa.window_range(24, 4, 1, "h1")
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.window_range(24, 4, 1, 6)
    with pytest.raises(fpa.InvalidArgumentError, match="forecast is NULL"):
        fpa.variance_window(b, a, 14, "outlook", first_month=4)
    with pytest.raises(fpa.InvalidArgumentError, match="first_month is required"):
        fpa.variance_window(b, a, 14, "ytd")
    bad = a.copy()
    bad[1, 13] = np.nan
    with pytest.raises(fpa.DomainError, match=r"actual\[line 1, period 13\] is NaN"):
        fpa.variance_window(b, bad, 14, "qtd", first_month=4)
    fpa.variance_window(b, bad, 11, "trailing3", first_month=4)  # outside: not read
    with pytest.raises(fpa.ResultOverflowError):
        fpa.variance_window([1.5e308, 1.5e308], [1.5e308, 1.5e308], 1, "ytd", first_month=1)


# ---- spend control ------------------------------------------------------------------

def test_spend_control_by_hand():
    # tests/test_variance.c spend_control_by_hand: limits 50,000 and 20,000,
    # 45,000 already spent on line 0
    line, amount = [0, 0, 1, 0, 1], [3000, 4000, 12000, -2500, 10000]
    r = fpa.spend_control(line, amount, [50000, 20000], spent=[45000, 0])
    O, X, D = fpa.SpendFlag.OVER_LIMIT, fpa.SpendFlag.CROSSES_LIMIT, fpa.SpendFlag.DUAL_APPROVAL
    assert list(r.flags) == [0, O | X, D, 0, O | X]
    assert list(r.remaining) == [500, -2000]
    assert list(r.over_limit) == [False, True, False, False, True]
    assert list(r.crosses_limit) == list(r.over_limit)
    assert list(r.dual_approval) == [False, False, True, False, False]
    r = fpa.spend_control(line, amount, [50000, 20000], spent=[45000, 0],
                          limit_tolerance=0.1, approval_limit=3500)
    assert list(r.flags) == [0, D, D, 0, D]
    r = fpa.spend_control([], [], [50000, 20000], spent=[45000, 0])
    assert list(r.remaining) == [5000, 20000] and r.flags.size == 0
    # lines by label
    limit = pd.Series({"travel": 50000, "it": 20000})
    r = fpa.spend_control(["travel", "travel", "it", "travel", "it"], amount, limit,
                          spent=pd.Series({"it": 0, "travel": 45000}))
    assert r.remaining.to_dict() == {"travel": 500, "it": -2000}
    with pytest.raises(fpa.DataError, match=r"item_line\[1\] = 'hr' names no line"):
        fpa.spend_control(["it", "hr"], [1, 2], limit)
    with pytest.raises(fpa.DataError, match=r"item_line\[1\] = 2 names no line \(there are 2\)"):
        fpa.spend_control([0, 2], [1, 2], [50000, 20000])
    with pytest.raises(fpa.DataError, match=r"item_line\[0\] = -1"):
        fpa.spend_control([-1], [1], [50000])
    with pytest.raises(fpa.DomainError):
        fpa.spend_control([0, 1], [1, np.nan], [50000, 20000])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.spend_control([0, 1], [1e308, 1e308], [50000, 20000])
    with pytest.raises(fpa.InvalidArgumentError, match="2 items but item_amount has 1"):
        fpa.spend_control([0, 1], [5], [50000, 20000])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.spend_control([0.5], [5], [50000])


# ---- plan accuracy --------------------------------------------------------------------

def test_plan_accuracy_matches_r():
    # [R]: tests/ref/make_variance_ref.R
    actual = [[100, 120, 90, 110, 130, 95], [50, 0, 40, 60, 55, 45], [0] * 6]
    plan = [[105, 110, 100, 100, 125, 100], [45, 10, 45, 50, 60, 40], [1, 2, 3, 4, 5, 6]]
    r = fpa.plan_accuracy(plan, actual)
    np.testing.assert_allclose(r.mape, [0.0710744421270737, 0.11873737373737374, 0], rtol=1e-13)
    np.testing.assert_allclose(r.wape, [0.069767441860465115, 0.16, 0], rtol=1e-14)
    np.testing.assert_allclose(r.bias, [-0.0077519379844961239, 0, 0], rtol=1e-13, atol=1e-16)
    assert list(r.n) == [6, 5, 0]
    assert r.total["mape"] == pytest.approx(0.092739411040846431, rel=1e-14)
    assert r.total["wape"] == pytest.approx(0.11843575418994413, rel=1e-14)
    assert r.total["bias"] == pytest.approx(0.017877094972067038, rel=1e-13)
    one = fpa.plan_accuracy(plan[0], actual[0])
    assert one.mape == pytest.approx(0.0710744421270737, rel=1e-13) and one.n == 6
    df = fpa.plan_accuracy(pd.DataFrame(plan, index=list("abc")),
                           pd.DataFrame(actual, index=list("abc")))
    assert df.wape["b"] == pytest.approx(0.16, rel=1e-14)
    with pytest.raises(fpa.DomainError, match=r"plan\[1\] is NaN"):
        fpa.plan_accuracy([1, np.nan], [1, 2])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.plan_accuracy([1e300], [1e-300])


def test_options_are_registered():
    names = fpa.option_names()
    for n in ("fy_start", "material_abs", "material_pct", "material_rule", "approval_limit",
              "limit_tolerance", "decimals"):
        assert "variance." + n in names
    assert fpa.option_bounds("variance.material_rule") == (0, 3, 1)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.window_range(24, 4, 14, fy_start=13)


# ---- hierarchies ---------------------------------------------------------------------------

# tests/test_variance_tree.c: CO -> SALES (S-EAST, S-WEST), OPS (O-IT, O-HR,
# and a direct posting), listed out of order, two periods, with the
# hand-worked roll-up written out there
IDS = ["S-WEST", "CO", "O-HR", "SALES", "OPS", "S-EAST", "O-IT"]
PARENTS = ["SALES", None, "OPS", "CO", "CO", "SALES", "OPS"]
BUDGET = np.array([[2000, 2100], [0, 0], [300, 300], [0, 0], [100, 100], [1000, 1100],
                   [500, 500.0]])
ACTUAL = np.array([[2300, 2000], [0, 0], [300, 330], [0, 0], [120, 90], [900, 1200],
                   [650, 480.0]])
W, CO, HR, SALES, OPS, E, IT = range(7)


def test_build_and_look_up():
    t = fpa.Tree(IDS, PARENTS)
    assert len(t) == t.size == 7 and t.ids == tuple(IDS)
    assert t.node("O-IT") == IT and t.id(OPS) == "OPS"
    assert t.parent("O-IT") == OPS and t.parent(IT) == OPS and t.parent("CO") is None
    assert "SALES" in t and "NOPE" not in t
    assert repr(t) == "<fpa.Tree 7 nodes>"
    with pytest.raises(fpa.DataError) as e:
        t.node("NOPE")
    assert e.value.detail == 'no node has the id "NOPE"'
    with pytest.raises(fpa.InvalidArgumentError):
        t.parent(99)
    t.close()
    t.close()
    assert repr(t) == "<fpa.Tree (closed)>"
    with pytest.raises(fpa.InvalidArgumentError, match="closed"):
        len(t)
    with fpa.Tree(IDS, PARENTS) as t2:
        assert t2.size == 7
    with pytest.raises(fpa.InvalidArgumentError):
        t2.rollup(BUDGET)


def test_hierarchy_from_every_shape():
    pairs = list(zip(IDS, PARENTS))
    frame = pd.DataFrame({"id": IDS, "parent": PARENTS})
    for t in (fpa.hierarchy(pairs), fpa.hierarchy(dict(pairs)), fpa.hierarchy(frame),
              fpa.hierarchy(frame.set_index("id")), fpa.hierarchy(pd.Series(PARENTS, IDS)),
              fpa.hierarchy(IDS, PARENTS),
              fpa.hierarchy(pd.DataFrame({"cc": IDS, "up": [p or np.nan for p in PARENTS]}),
                            id="cc", parent="up")):
        assert t.ids == tuple(IDS)
        assert [t.parent(i) for i in range(7)] == [SALES, None, OPS, CO, CO, SALES, OPS]
    # integer account codes become strings; "" is a root
    t = fpa.hierarchy([(6000, ""), (6100, 6000)])
    assert t.ids == ("6000", "6100") and t.parent("6100") == 0
    # ... also from a pandas column that NaN turned into floats
    t = fpa.hierarchy(pd.DataFrame({"id": [6000, 6100], "parent": [np.nan, 6000]}))
    assert t.parent("6100") == 0


def test_rollup_by_hand():
    t = fpa.hierarchy(list(zip(IDS, PARENTS)))
    r = t.rollup(BUDGET, ACTUAL)
    want_b = [[2000, 2100], [3900, 4100], [300, 300], [3000, 3200], [900, 900],
              [1000, 1100], [500, 500]]
    want_a = [[2300, 2000], [4270, 4100], [300, 330], [3200, 3200], [1070, 900],
              [900, 1200], [650, 480]]
    np.testing.assert_array_equal(r.budget, want_b)
    np.testing.assert_array_equal(r.actual, want_a)
    np.testing.assert_array_equal(r.variance, np.subtract(want_a, want_b))
    one = t.rollup(BUDGET)
    assert one.actual is None and one.variance is None
    np.testing.assert_array_equal(one.budget, want_b)
    np.testing.assert_array_equal(t.rollup(BUDGET[:, 0]).budget, np.array(want_b)[:, 0])
    # pandas: leaves only, in any order; inner nodes count 0
    leaves = pd.DataFrame(BUDGET, index=IDS, columns=["jan", "feb"]).drop(["CO", "SALES"])
    rb = t.rollup(leaves.iloc[::-1]).budget
    assert rb.loc["CO", "jan"] == 3900 and list(rb.index) == IDS
    s = t.rollup(pd.Series({"S-EAST": 1.0, "O-IT": 2.0})).budget
    assert s.to_dict() == {"S-WEST": 0, "CO": 3, "O-HR": 0, "SALES": 1, "OPS": 2,
                           "S-EAST": 1, "O-IT": 2}
    with pytest.raises(fpa.DataError, match="'X' , which is not a node id".replace(" ,", ",")):
        t.rollup(pd.Series({"X": 1.0}))
    # thread-count invariance (bit for bit)
    rng = np.random.default_rng(5)
    ids = [f"n{i}" for i in range(5000)]
    par = [None] + [ids[rng.integers(0, i)] for i in range(1, 5000)]
    big = fpa.Tree(ids, par)
    b, a = rng.random((5000, 4)) * 1e6 / 7, rng.random((5000, 4)) * 1e6 / 11
    r1, r2 = big.rollup(b, a, threads=1), big.rollup(b, a, threads=2)
    for x, y in zip(r1, r2):
        assert x.tobytes() == y.tobytes()


def test_drilldown_by_hand():
    # tests/test_variance_tree.c drilldown_by_hand, period 0: own variances
    # S-WEST 300, O-HR 0, OPS 20, S-EAST -100, O-IT 150
    t = fpa.Tree(IDS, PARENTS)
    b0, a0, b1, a1 = BUDGET[:, 0], ACTUAL[:, 0], BUDGET[:, 1], ACTUAL[:, 1]
    d = t.drilldown(b0, a0, "CO")
    assert list(d.nodes) == [SALES, OPS] and list(d.ids) == ["SALES", "OPS"]
    assert list(d.contribution) == [200, 170] and d.available == 2
    np.testing.assert_allclose(d.share, [200 / 370, 170 / 370], rtol=1e-15)
    d = t.drilldown(b0, a0, CO, "leaves")
    assert d.ids == ["S-WEST", "O-IT", "S-EAST", "OPS", "O-HR"]
    assert list(d.contribution) == [300, 150, -100, 20, 0]
    d = t.drilldown(b0, a0, "CO", "leaves", top=2)
    assert d.ids == ["S-WEST", "O-IT"] and d.available == 5
    assert len(t.drilldown(b0, a0, "CO", "leaves", top=10**12).ids) == 5
    assert t.drilldown(b0, a0, "CO", "leaves", top=0).available == 5
    d = t.drilldown(b0, a0, "OPS")
    assert d.ids == ["O-IT", "OPS", "O-HR"] and list(d.contribution) == [150, 20, 0]
    d = t.drilldown(b0, a0, "S-EAST")
    assert d.ids == ["S-EAST"] and list(d.share) == [1]
    # period 1: CO's variance is 0, shares are 0; ties rank by node number
    d = t.drilldown(b1, a1, "CO", "leaves")
    assert d.ids == ["S-WEST", "S-EAST", "O-HR", "O-IT", "OPS"]
    assert list(d.contribution) == [-100, 100, 30, -20, -10] and not d.share.any()
    # pandas in: a DataFrame out
    df = t.drilldown(pd.Series(b0, IDS), pd.Series(a0, IDS), "CO")
    assert list(df["id"]) == ["SALES", "OPS"] and df.attrs["available"] == 2
    bad = b0.copy()
    bad[IT] = np.nan
    with pytest.raises(fpa.DomainError) as e:
        t.drilldown(bad, a0, "CO", "leaves")
    assert e.value.detail == 'budget of node "O-IT" is NaN'
    t.drilldown(bad, a0, "SALES", "leaves")  # outside the subtree: not read
    with pytest.raises(fpa.InvalidArgumentError):
        t.drilldown(b0, a0, 7)
    with pytest.raises(fpa.InvalidArgumentError, match="mode is 'roots'"):
        t.drilldown(b0, a0, "CO", "roots")
    with pytest.raises(fpa.InvalidArgumentError, match="1-D"):
        t.drilldown(BUDGET, ACTUAL, "CO")


def test_construction_errors_name_the_culprit():
    with pytest.raises(fpa.DataError) as e:
        fpa.Tree(["A", "B", "A"])
    assert e.value.detail == 'ids[2] "A" repeats ids[0]'
    with pytest.raises(fpa.DataError) as e:
        fpa.hierarchy([("A", None), ("B", "Z")])
    assert e.value.detail == 'parents[1] "Z" (parent of "B") is not a node id'
    with pytest.raises(fpa.DataError) as e:
        fpa.Tree(["R", "A", "B", "C", "D"], ["", "B", "C", "A", "A"])
    assert e.value.detail == ('the parents form a cycle (each node\'s parent follows it): '
                              '"A" -> "B" -> "C" -> "A"')
    with pytest.raises(fpa.DataError, match='"X" -> "X"'):
        fpa.hierarchy({"X": "X"})
    with pytest.raises(fpa.InvalidArgumentError, match=r"ids\[1\] is empty"):
        fpa.Tree(["A", ""])
    with pytest.raises(fpa.InvalidArgumentError, match=r"ids\[1\] is missing"):
        fpa.Tree(["A", None])
    with pytest.raises(fpa.InvalidArgumentError, match="at least one node"):
        fpa.Tree([])
    with pytest.raises(fpa.InvalidArgumentError, match="NUL"):
        fpa.Tree(["A\0B"])
    with pytest.raises(fpa.InvalidArgumentError, match="not a string"):
        fpa.Tree([1.5])
    with pytest.raises(fpa.InvalidArgumentError, match=r"parents has 1 entries, expected 2"):
        fpa.Tree(["A", "B"], ["A"])
    with pytest.raises(fpa.InvalidArgumentError, match="pairs"):
        fpa.hierarchy(["AB", "CD"])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.hierarchy(42)


def test_rollup_rejects_bad_input():
    t = fpa.Tree(IDS, PARENTS)
    b = BUDGET.copy()
    b[E, 1] = np.nan
    with pytest.raises(fpa.DomainError) as e:
        t.rollup(b, ACTUAL)
    assert e.value.detail == 'budget of node "S-EAST", period 1 is NaN'
    b = BUDGET.copy()
    b[W, 0] = b[E, 0] = 1e308
    with pytest.raises(fpa.ResultOverflowError, match='node "SALES"'):
        t.rollup(b, ACTUAL)
    with pytest.raises(fpa.InvalidArgumentError, match="6 rows for 7 nodes"):
        t.rollup(BUDGET[:6])
    with pytest.raises(fpa.InvalidArgumentError, match="shape"):
        t.rollup(BUDGET, ACTUAL[:, :1])


# ---- decompositions -----------------------------------------------------------------------

def test_sales_mix_of_textbooks():
    # [H13] Kola, Limor, Orlem: quantity 160,000 F, 144,000 F, 750,000 F;
    # mix 0, 216,000 F, 450,000 U; volume 820,000 F
    cm = [2.00, 1.20, 2.50]
    r = fpa.sales_mix_variance([400000, 600000, 1500000], cm, [480000, 900000, 1620000], cm)
    assert list(r.price) == [0, 0, 0]
    assert list(r.mix) == [0, 216000, -450000]
    assert list(r.quantity) == [160000, 144000, 750000]
    assert r.total["mix"] == -234000 and r.total["quantity"] == 1054000
    assert r.total["total"] == 820000
    # [MIL]: total 4,000 adverse; mix 32,900 A, quantity 28,900 F
    r = fpa.sales_mix_variance([8000, 7000, 5000], [20, 12, 9], [6000, 7000, 9000],
                               [20, 12, 9])
    assert list(r.mix) == [-56000, -8400, 31500] and list(r.quantity) == [16000, 8400, 4500]
    assert (r.total["total"], r.total["mix"], r.total["quantity"]) == (-4000, -32900, 28900)


def test_sales_mix_by_hand_and_rounding():
    # tests/test_variance_decomp.c price_cost_mix_quantity_by_hand (margin
    # analysis, then revenue analysis), with Series keeping the products
    bq, bp, bc = [600, 400], [10.00, 20.00], [6.00, 15.00]
    aq, ap, ac = [500, 700], [10.50, 19.00], [6.20, 15.50]
    r = fpa.sales_mix_variance(pd.Series(bq, ["A", "B"]), bp, aq, ap, budget_cost=bc,
                               actual_cost=ac)
    assert r.price.to_dict() == {"A": 250, "B": -700}
    assert list(r.cost) == [-100, -350] and list(r.mix) == [-880, 1100]
    assert list(r.quantity) == [480, 400]
    assert r.total == {"price": -450, "cost": -450, "mix": 220, "quantity": 880, "total": 200}
    assert list(r.to_frame().columns) == ["price", "cost", "mix", "quantity"]
    r = fpa.sales_mix_variance(bq, bp, aq, ap)
    assert list(r.mix) == [-2200, 4400] and list(r.quantity) == [1200, 1600]
    assert r.total["total"] == 4550
    # rounding_residue_goes_to_quantity: mix -0.33, -0.33, 0.67; quantity 0.33 each
    r = fpa.sales_mix_variance([1, 1, 1], [1, 1, 1], [1, 1, 2], [1, 1, 1])
    assert list(r.mix) == [-0.33, -0.33, 0.67] and list(r.quantity) == [0.33, 0.33, 0.33]
    assert (r.total["mix"], r.total["quantity"], r.total["total"]) == (0.01, 0.99, 1)


def test_cost_variances_of_textbooks():
    # [H14] Webb: materials price 44,400 F, efficiency 66,000 U; labour
    # 18,000 U, 20,000 U; variable overhead 4,500 F, 15,000 U; [WRD] 180 F, 138 U
    r = fpa.cost_variance([22200, 9000, 4500, 450], [28, 22, 29, 6.50],
                          [20000, 8000, 4000, 430], [30, 20, 30, 6.90])
    assert list(r.price) == [-44400, 18000, -4500, -180]
    assert list(r.quantity) == [66000, 20000, 15000, 138]
    assert r.total == {"price": -44400 + 18000 - 4500 - 180,
                       "quantity": 66000 + 20000 + 15000 + 138,
                       "total": 21600 + 38000 + 10500 - 42}
    # decimals_follow_the_option: yen, price -200, quantity 400
    r = fpa.cost_variance([3], [333.3], [2], [400], decimals=0)
    assert (r.price[0], r.quantity[0], r.total["total"]) == (-200, 400, 200)


def test_flexible_budget_of_textbooks():
    # [H14] Exhibit 7-2, Webb
    r = fpa.flexible_budget([1440000, 720000, 192000, 144000, 276000],
                            [1250000, 621600, 198000, 130500, 285000], [1, 1, 1, 1, 0],
                            [R, C, C, C, C], 12000, 10000)
    assert list(r.flexed) == [1200000, 600000, 160000, 120000, 276000]
    assert list(r.flexible) == [50000, 21600, 38000, 10500, 9000]
    assert list(r.volume) == [-240000, -120000, -32000, -24000, 0]
    assert r.income == {"static": 108000, "flexible": 44000, "actual": 14900}
    # [E716] tires, plus the hand-worked mixed cost (60 % variable: 9,600)
    r = fpa.flexible_budget(pd.Series([330000, 222000, 54000, 10000],
                                      ["revenue", "variable", "fixed", "mixed"]),
                            [313600, 229600, 50000, 9700], [1, 1, 0, 0.6], [R, C, C, C],
                            3000, 2800)
    assert r.flexed.to_dict() == {"revenue": 308000, "variable": 207200, "fixed": 54000,
                                  "mixed": 9600}
    assert list(r.flexible) == [5600, 22400, -4000, 100]
    assert list(r.volume) == [-22000, -14800, 0, -400]
    r = fpa.flexible_budget([330000, 222000, 54000], [313600, 229600, 50000], [1, 1, 0],
                            [R, C, C], 3000, 2800)
    assert r.income == {"static": 54000, "flexible": 46800, "actual": 34000}


def test_fixed_overhead_of_textbooks():
    # [E821]: spending 4,600 U, production-volume 1,200 F, allocated 14,600
    assert fpa.fixed_overhead_variance(18000, 13400, 134, 146) == (4600, -1200, 14600)
    # [H14] ch. 8, Webb: 9,000 U, 46,000 U, allocated 230,000
    r = fpa.fixed_overhead_variance(285000, 276000, 4800, 4000)
    assert (r.spending, r.volume, r.allocated) == (9000, 46000, 230000)
    assert fpa.fixed_overhead_variance(1000, 1000, 3, 1) == (0, 666.67, 333.33)


def test_decompositions_reject_bad_input():
    one, p = [1, 1], [2, 3]
    with pytest.raises(fpa.InvalidArgumentError, match="actual_cost is NULL but budget_cost"):
        fpa.sales_mix_variance(one, p, one, p, budget_cost=one)
    with pytest.raises(fpa.DomainError, match=r"actual_units\[1\] is NaN"):
        fpa.sales_mix_variance(one, p, [1, np.nan], p)
    with pytest.raises(fpa.DomainError, match=r"budget_units\[1\] is -1; must be >= 0"):
        fpa.sales_mix_variance([1, -1], p, one, p)
    # no budgeted units: a partial result (by hand: price 0 each, total =
    # actual revenue 2 + 3 = 5, mix and quantity undefined)
    with pytest.warns(fpa.PartialResultWarning, match="no budgeted mix"):
        r = fpa.sales_mix_variance([0, 0], p, one, p)
    assert np.isnan(r.mix).all() and np.isnan(r.quantity).all()
    assert r.total["total"] == 5 and r.total["price"] == 0 and np.isnan(r.total["mix"])
    with pytest.raises(fpa.ResultOverflowError, match="int64 minor units"):
        fpa.sales_mix_variance([1e12, 1e12], [1e9, 1e9], [1e12, 1e12], [1e9, 1e9])
    with pytest.raises(fpa.InvalidArgumentError, match="actual_units has 3 values"):
        fpa.sales_mix_variance(one, p, [1, 1, 1], p)
    with pytest.raises(fpa.DomainError, match=r"standard_price\[1\] is NaN; NaN means not "
                       "applicable only where standard_qty and actual_qty are 0"):
        fpa.cost_variance(one, p, one, [1, np.nan])
    with pytest.raises(fpa.DomainError, match=r"standard_price\[1\] is -1; must be >= 0"):
        fpa.cost_variance(one, p, one, [1, -1])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.cost_variance([1e12, 1e12], [1e9, 1e9], one, p)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.cost_variance(None, p, one, p)
    with pytest.raises(fpa.DomainError, match=r"variable_share\[1\] is 1.5"):
        fpa.flexible_budget(one, one, [0.5, 1.5], [R, C], 10, 10)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.flexible_budget(one, one, [1, 0], [0, 5], 10, 10)
    # no budgeted volume: line 0 (variable) cannot be flexed, line 1
    # (fixed) flexes to itself; by hand, incomes 1 - 1 = 0, NaN, 0
    with pytest.warns(fpa.PartialResultWarning, match="budget_volume is 0 but line 0"):
        fb = fpa.flexible_budget(one, one, [1, 0], [R, C], 0, 10)
    assert np.isnan(fb.flexed[0]) and fb.flexed[1] == 1 and fb.flexible[1] == 0
    assert fb.income["static"] == 0 and np.isnan(fb.income["flexible"])
    with pytest.raises(fpa.DomainError):
        fpa.flexible_budget(one, one, [1, 0], [R, C], 10, np.nan)
    with pytest.raises(fpa.InvalidArgumentError, match="budget_volume must be a number"):
        fpa.flexible_budget(one, one, [1, 0], [R, C], "ten", 10)
    with pytest.warns(fpa.PartialResultWarning, match="denominator level is 0"):
        fo = fpa.fixed_overhead_variance(1, 1, 0, 1)
    assert fo.spending == 0 and np.isnan(fo.volume) and np.isnan(fo.allocated)
    with pytest.raises(fpa.DomainError, match="denominator is -1; must be >= 0"):
        fpa.fixed_overhead_variance(1, 1, -1, 1)
    with pytest.raises(fpa.DomainError):
        fpa.fixed_overhead_variance(np.nan, 1, 1, 1)
    with pytest.raises(fpa.ResultOverflowError, match="allocated overhead"):
        fpa.fixed_overhead_variance(1, 1e6, 1e-300, 1)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.fixed_overhead_variance(None, 1, 1, 1)
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.cost_variance(one, p, one, p, decimals=7)


JUNK = [None, "x", 1.5, -1, [], [[1], [2, 3]], {"a": 1}, object(), np.array([np.nan]),
        [2**70], np.zeros((2, 2, 2)), [None], ["a", "b"], np.array(["a"]), float("nan")]


def junk_calls(cases):
    """Every argument of every call replaced by each junk value: the call
    may succeed or raise an fpa.Error, nothing else (no TypeError, no
    crash)."""
    for fn, args in cases:
        for k in range(len(args)):
            for junk in JUNK:
                bad = list(args)
                bad[k] = junk
                try:
                    fn(*bad)
                except fpa.Error:
                    pass
                except Exception as e:  # pragma: no cover - the failure report
                    raise AssertionError(f"{fn.__name__} argument {k} = {junk!r}: {e!r}")


def test_junk_arguments_raise_fpa_errors_only():
    t = fpa.Tree(IDS, PARENTS)
    b, a, f = window_series()
    junk_calls([
        (fpa.variance, ([1, 2], [1, 3], [R, C])),
        (fpa.window_range, (24, 4, 14, "ytd")),
        (lambda b, a, at, w, m, f: fpa.variance_window(b, a, at, w, first_month=m,
                                                       forecast=f),
         (b, a, 14, "ytd", 4, f)),
        (fpa.spend_control, ([0, 1], [1, 2], [10, 20], [0, 0])),
        (fpa.Tree, (IDS, PARENTS)),
        (fpa.hierarchy, (IDS, PARENTS)),
        (t.rollup, (BUDGET, ACTUAL)),
        (t.drilldown, (BUDGET[:, 0], ACTUAL[:, 0], "CO", "leaves", 2)),
        (t.node, ("CO",)), (t.parent, ("CO",)), (t.id, (1,)),
        (fpa.sales_mix_variance, ([1, 2], [1, 2], [1, 2], [1, 2], [0, 1], [0, 1])),
        (fpa.cost_variance, ([1], [2], [1], [2])),
        (fpa.flexible_budget, ([1, 2], [1, 2], [1, 0], [R, C], 10, 10)),
        (fpa.fixed_overhead_variance, (1, 1, 1, 1)),
        (fpa.plan_accuracy, ([1, 2], [1, 2])),
    ])


def test_every_public_function_has_a_numpy_docstring():
    import inspect
    import sys
    missing = []
    for mod in (sys.modules["fpa.variance"], sys.modules["fpa.recon"]):
        for name in mod.__all__:
            obj = getattr(mod, name)
            # exported as fpa.<name> (fpa.variance: the module, callable as the function)
            assert getattr(fpa, name) is (mod if name == "variance" else obj)
            doc = inspect.getdoc(obj) or ""
            if inspect.isfunction(obj) and not ("Parameters" in doc and "Returns" in doc):
                missing.append(name)
            members = vars(obj).items() if inspect.isclass(obj) else ()
            for m, f in members:
                if m.startswith("_") or not (inspect.isfunction(f) or isinstance(f, property)):
                    continue
                d = inspect.getdoc(f) or ""
                if not d or (inspect.isfunction(f) and f.__code__.co_argcount > 1
                             and "Parameters" not in d):
                    missing.append(f"{name}.{m}")
    assert missing == []


# ---- 1.1: market variances, plan metrics, natures, not-applicable prices -------

def test_market_variance_of_textbooks():
    # [SK03]: share $1,264,800 F, size $210,800 U (2.108 = 5,270,000 / 2.5 M)
    assert fpa.market_variance(2.5e6, 3e6, 25e6, 24e6, 5270000 / 2.5e6) == (1264800, -210800)
    # [SK17]: $1,199,250 U and $1,121,250 F; Campbell $345,000 U, $253,000 F
    m = fpa.market_variance(1.25e6, 1.23e6, 10e6, 12.3e6, 3.90)
    assert (m.share, m.size) == (-1199250, 1121250)
    assert fpa.market_variance(220000, 200000, 2e6, 2.5e6, 4.60) == (-345000, 253000)
    with pytest.raises(fpa.DataError, match="market share above 100 %"):
        fpa.market_variance(1, 11, 10, 10, 1)
    with pytest.raises(fpa.DomainError, match="budget_market is 0"):
        fpa.market_variance(1, 1, 0, 10, 1)


def test_not_applicable_prices_are_none():
    # by hand, as in tests/test_variance_decomp.c: A 600 @ 10 budgeted, 1,200
    # @ 10.50 sold; B 400 @ 20 budgeted, none sold (no actual price)
    r = fpa.sales_mix_variance([600, 400], [10, 20], [1200, 0], [10.5, None])
    assert list(r.price) == [600, 0] and list(r.mix) == [4800, -9600]
    assert list(r.quantity) == [1200, 1600] and r.total["total"] == -1400
    s = fpa.sales_mix_variance(pd.Series([600, 400], index=["A", "B"]), [10, 20],
                               [1200, 0], pd.Series([10.5, None], index=["A", "B"]))
    assert s.mix["B"] == -9600
    with pytest.raises(fpa.DomainError, match="not applicable only where actual_units is 0"):
        fpa.sales_mix_variance([600, 400], [10, 20], [1200, 0], [None, 19])


def test_plan_metrics_match_r():
    # [R]: the values of tests/test_variance.c, plan_metrics_match_r
    actual = [[100, 120, 90, 110, 130, 95], [50, 0, 40, 60, 55, 45], [0] * 6]
    plan = [[105, 110, 100, 100, 125, 100], [45, 10, 45, 50, 60, 40], [1, 2, 3, 4, 5, 6]]
    want = [[7.10744421270737, 6.9767441860465116, 0.83333333333333337, 0.77519379844961245],
            [np.nan, 16, 0, 0], [np.nan, np.nan, -3.5, np.nan]]
    r = fpa.plan_metrics(plan, actual)
    assert r.metrics == ("mape", "wape", "bias", "relbias")
    np.testing.assert_allclose(r.values, want, rtol=1e-13, atol=1e-15)
    # every undefined measure keeps its own reason, not only the first
    assert r.errors == {(1, "mape"): "MAPE is undefined: actual[1] is 0",
                        (2, "mape"): "MAPE is undefined: actual[0] is 0",
                        (2, "wape"): "WAPE is undefined: every actual is 0",
                        (2, "relbias"): "relative bias is undefined: every actual is 0"}
    lines = pd.Index(["north", "south", "new"], name="region")
    df = fpa.plan_metrics(pd.DataFrame(plan, index=lines), pd.DataFrame(actual, index=lines),
                          ["rmse", "mape"], threads=2)
    assert list(df.columns) == ["rmse", "mape"] and df.index.equals(lines)
    assert str(df.dtypes.iloc[1]) == "float64" and np.isnan(df.loc["south", "mape"])
    assert df.loc["new", "rmse"] == pytest.approx(math.sqrt(91 / 6), rel=1e-15)
    assert set(df.attrs["errors"]) == {("south", "mape"), ("new", "mape")}
    one = fpa.plan_metrics(plan[0], actual[0], "smape")
    assert one.values == pytest.approx([7.1122666705566937], rel=1e-13)
    with pytest.raises(fpa.InvalidArgumentError, match="mase"):
        fpa.plan_metrics(plan, actual, ["mase"])


def test_rollup_takes_each_lines_nature():
    # [H14] Exhibit 7-1 (Webb, April) as natural-sign lines: operating income
    # 108,000 budgeted, 14,900 actual, the book's $93,100 U; costs 1,332,000
    # against 1,235,100 (96,900 F), revenue 190,000 U
    ids = ["OI", "REV", "COSTS", "DM", "DL", "VOH", "FIX"]
    par = [None, "OI", "OI", "COSTS", "COSTS", "COSTS", "COSTS"]
    bud = [0, 1440000, 0, 720000, 192000, 144000, 276000]
    act = [0, 1250000, 0, 621600, 198000, 130500, 285000]
    nat = {"OI": R, "REV": R, "COSTS": C, "DM": C, "DL": C, "VOH": C, "FIX": C}
    t = fpa.Tree(ids, par)
    r = t.rollup(bud, act, nature=[nat[i] for i in ids])
    assert list(r.impact[:3]) == [-93100, -190000, 96900]
    assert list(r.nature[:3]) == ["mixed", "revenue", "cost"]
    assert np.isnan(r.variance[0]) and r.variance[2] == 1235100 - 1332000
    s = t.rollup(pd.Series(bud, index=ids), pd.Series(act, index=ids), nature=nat)
    assert s.impact["OI"] == -93100 and s.nature["COSTS"] == "cost"
    assert np.isnan(s.budget["OI"]) and s.budget["REV"] == 1440000
    # the plain roll-up is unchanged: natural signs added as they are
    assert t.rollup(bud, act).variance[0] == 2485100 - 2772000
    with pytest.raises(fpa.InvalidArgumentError, match="nature needs actual"):
        t.rollup(bud, nature=R)


def test_variance_report_carries_the_nature():
    b = pd.DataFrame([[1440000.0], [720000.0]], index=["revenue", "materials"])
    a = pd.DataFrame([[1250000.0], [621600.0]], index=b.index)
    rep = fpa.variance(b, a, {"revenue": R, "materials": C})
    assert list(rep["nature"]) == ["revenue", "cost"]


def test_one_fiscal_year_key():
    # by hand: from January, June (period 5) is in the fiscal year from
    # April that starts at period 3; the 1.0 key, set, takes precedence
    assert fpa.window_range(24, 1, 5, "ytd", fiscal_year_start=4) == (3, 5)
    assert fpa.window_range(24, 1, 8, "ytd", fiscal_year_start=4, fy_start=7) == (6, 8)
    with pytest.raises(fpa.InvalidArgumentError, match="variance periods are months"):
        fpa.window_range(24, 1, 5, "ytd", fiscal_year_start=13)
