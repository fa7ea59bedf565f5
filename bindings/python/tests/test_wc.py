# SPDX-License-Identifier: GPL-3.0-or-later
"""Working capital from Python: day counts, DSO/DIO/DPO/CCC, liquidity, the
driver-based projection (fpa.WCPlan) and the 13-week cash forecast.

Expected values: tests/ref/wc_expected.csv (LibreOffice Calc 7.4 and
gnumeric 1.12 recalculating tests/ref/make_wc_ref.py's model; see
wc_ref.py), the textbook example of Ross, Westerfield & Jordan,
*Fundamentals of Corporate Finance*, ch. 18 ("Calculating the operating and
cash cycles"), and the three periods worked by hand in docs/wc.md, the same
sources as tests/test_wc.c.
"""
import datetime
import gc
import math
import weakref

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented
from wc_ref import LINE_KEYS, close, plan as ref_plan, ref


# ---- day counts ------------------------------------------------------------

def test_period_days_match_spreadsheet():
    n = int(ref("days.count"))
    for i in range(n):
        b = [int(ref(f"days.{i}.from")), int(ref(f"days.{i}.to"))]
        close(fpa.wc_period_days(b, "actual")[0], f"days.{i}.actual")
        close(fpa.wc_period_days(b, "30/360")[0], f"days.{i}.30_360")  # DAYS360(a;b;0)
        close(fpa.wc_period_days(b, "30_360")[0], f"days.{i}.30_360")
        close(fpa.wc_period_days(b, "365")[0], f"days.{i}.365")
    # twelve consecutive months of 2024 in one call, the bounds as dates
    bounds = [fpa.from_days(int(ref(f"days.{i}.from"))) for i in range(12)]
    bounds.append(fpa.from_days(int(ref("days.11.to"))))
    got = fpa.wc_period_days(bounds)
    assert got.shape == (12,)
    for i in range(12):
        close(got[i], f"days.{i}.actual")
    np.testing.assert_array_equal(
        fpa.wc_period_days([b.isoformat() for b in bounds]), got)
    np.testing.assert_array_equal(
        fpa.wc_period_days(np.array(bounds, dtype="datetime64[D]")), got)


def test_period_days_bad_input():
    with pytest.raises(fpa.DomainError, match=r"bounds\[2\]"):
        fpa.wc_period_days([19723, 19754, 19754])
    with pytest.raises(fpa.InvalidArgumentError, match="basis"):
        fpa.wc_period_days([19723, 19754], "actual/actual")
    with pytest.raises(fpa.InvalidArgumentError, match="basis"):
        fpa.wc_period_days([19723, 19754], 1)
    with pytest.raises(fpa.InvalidArgumentError, match="at least 2"):
        fpa.wc_period_days([19723])
    with pytest.raises(fpa.InvalidArgumentError, match="not a date"):
        fpa.wc_period_days(["2024-01-01", "soon"])
    # 2023-01-30 to 2023-01-31 counts no 30/360 days
    with pytest.raises(fpa.DomainError):
        fpa.wc_period_days(["2023-01-30", "2023-01-31"], "30/360")


# ---- metrics -----------------------------------------------------------------

def test_cycle_textbook_example():
    # Ross, Westerfield & Jordan, ch. 18: average receivables 180,000,
    # inventory 250,000, payables 87,500, sales 1,150,000, COGS 820,000, a
    # 365-day year: receivables period 57.1 days, inventory period 111.3,
    # payables period 38.9, cash cycle 129.5; full precision from
    # LibreOffice (rwj.* rows)
    got = fpa.wc_cycle(365, ar=180000, revenue=1150000, inventory=250000, cogs=820000,
                       ap=87500)
    for k, book in (("dso", 57.1), ("dio", 111.3), ("dpo", 38.9), ("ccc", 129.5)):
        assert got[k].shape == (1,)
        assert abs(got[k][0] - book) <= 0.05
        close(got[k][0], f"rwj.{k}")


def test_cycle_matches_spreadsheet():
    col = {k: np.array([ref(f"m.{k}.{t}") for t in range(6)])
           for k in ("ar", "rev", "inv", "cogs", "ap", "pur", "days")}
    got = fpa.wc_cycle(col["days"], ar=col["ar"], revenue=col["rev"], inventory=col["inv"],
                       cogs=col["cogs"], ap=col["ap"], purchases=col["pur"])
    assert set(got) == {"dso", "dio", "dpo", "ccc"}
    for k in got:
        for t in range(6):
            close(got[k][t], f"m.{k}.{t}")
    # only DSO: the other inputs are not needed; lists work
    only = fpa.wc_cycle(list(col["days"]), ar=list(col["ar"]), revenue=list(col["rev"]))
    assert list(only) == ["dso"]
    np.testing.assert_array_equal(only["dso"], got["dso"])
    one = fpa.wc_cycle(col["days"], ar=col["ar"], revenue=col["rev"], inventory=col["inv"],
                       cogs=col["cogs"], ap=col["ap"], purchases=col["pur"], outputs="dpo")
    np.testing.assert_array_equal(one["dpo"], got["dpo"])


def test_cycle_pandas_in_pandas_out():
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2024-01", periods=6, freq="M")
    s = {k: pd.Series([ref(f"m.{k}.{t}") for t in range(6)], index=idx)
         for k in ("ar", "rev", "days")}
    got = fpa.wc_cycle(s["days"], ar=s["ar"], revenue=s["rev"])
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["dso"]
    assert (got.index == idx).all()
    close(got["dso"].iloc[3], "m.dso.3")


def test_cycle_bad_input():
    with pytest.raises(fpa.DomainError, match=r"revenue\[1\]"):
        fpa.wc_cycle(30, ar=[10, 20], revenue=[100, 0])
    with pytest.raises(fpa.DomainError, match=r"days\[1\]"):
        fpa.wc_cycle([30, -30], ar=[10, 20], revenue=[100, 100])
    with pytest.raises(fpa.DomainError, match=r"ar\[0\] is NaN"):
        fpa.wc_cycle(30, ar=[math.nan, 20], revenue=[100, 100])
    with pytest.raises(fpa.DomainError):
        fpa.wc_cycle(30, ar=[-1, 20], revenue=[100, 100])
    with pytest.raises(fpa.InvalidArgumentError, match="revenue has 3 values but ar has 2"):
        fpa.wc_cycle(30, ar=[10, 20], revenue=[100, 100, 100])
    with pytest.raises(fpa.InvalidArgumentError, match="days has 3"):
        fpa.wc_cycle([30, 30, 30], ar=[10, 20], revenue=[100, 100])
    with pytest.raises(fpa.InvalidArgumentError, match="dio needs inventory"):
        fpa.wc_cycle(30, ar=[10], revenue=[100], outputs=["dio"])
    with pytest.raises(fpa.InvalidArgumentError, match="output"):
        fpa.wc_cycle(30, ar=[10], revenue=[100], outputs=["roe"])
    with pytest.raises(fpa.InvalidArgumentError, match="give ar and revenue"):
        fpa.wc_cycle(30)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.wc_cycle(30, ar=["a"], revenue=[100])
    with pytest.raises(fpa.InvalidArgumentError, match="days must be a number"):
        fpa.wc_cycle("thirty", ar=[1], revenue=[100])
    with pytest.raises(fpa.InvalidArgumentError, match="no periods"):
        fpa.wc_cycle(30, ar=[], revenue=[])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.wc_cycle(30, ar=[1e300], revenue=[1e-300])


def test_liquidity_matches_spreadsheet():
    ca, cl, inv = ([ref(f"l.{k}.{t}") for t in range(4)] for k in ("ca", "cl", "inv"))
    got = fpa.wc_liquidity(ca, cl, inv)
    for k, key in (("nwc", "nwc"), ("current", "cur"), ("quick", "quick")):
        for t in range(4):
            close(got[k][t], f"l.{key}.{t}")
    assert set(fpa.wc_liquidity(ca, cl)) == {"nwc", "current"}
    # NWC alone needs neither positive liabilities nor inventory
    assert fpa.wc_liquidity([5], [0], outputs=["nwc"])["nwc"][0] == 5


def test_liquidity_bad_input():
    with pytest.raises(fpa.DomainError):
        fpa.wc_liquidity([5], [0])                       # a ratio over zero liabilities
    with pytest.raises(fpa.DomainError):
        fpa.wc_liquidity([5], [5], [6])                  # inventory above current assets
    with pytest.raises(fpa.InvalidArgumentError, match="quick needs inventory"):
        fpa.wc_liquidity([5], [5], outputs="quick")
    with pytest.raises(fpa.InvalidArgumentError, match="current_liabilities has 1"):
        fpa.wc_liquidity([5, 6], [5])
    with pytest.raises(fpa.DomainError, match="NaN"):
        fpa.wc_liquidity([math.nan], [5])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.wc_liquidity(None, [5])


# ---- the projection -------------------------------------------------------------

@pytest.mark.parametrize("prefix, options", [("p", {}), ("q", {"ap_basis": 1}),
                                             ("q", {"wc.ap_basis": True})])
def test_projection_matches_spreadsheet(prefix, options):
    plan = ref_plan(prefix, **options)
    got = plan.project()
    assert list(got) == list(fpa.WC_LINES)
    for line, key in LINE_KEYS.items():
        assert got[line].shape == (6,)
        for t in range(6):
            close(got[line][t], f"{prefix}.{key}.{t}")


def test_projection_hand_worked():
    # docs/wc.md, "three periods by hand": 30-day periods, DSO 30 (AR =
    # revenue), DIO 60 (inventory = 2 x COGS), DPO 30 (AP = COGS), opening
    # AR 300, inventory 300, AP 150, cash 100, other cash -100 a period.
    #   t0: AR 300, Inv 300, AP 150, purchases 150 + 300 - 300 = 150,
    #       collections 300 + 300 - 300 = 300, payments 150 + 150 - 150 = 150,
    #       net 300 - 150 - 100 = 50, cash 150, NWC 450, dNWC 0
    #   t1: the same again: cash 200
    #   t2: sales double: AR 600, Inv 600, AP 300, purchases 300 + 600 - 300
    #       = 600, collections 300 + 600 - 600 = 300, payments 150 + 600 - 300
    #       = 450, net 300 - 450 - 100 = -250, cash -50, NWC 900, dNWC 450
    want = {"ar": [300, 300, 600], "inventory": [300, 300, 600], "ap": [150, 150, 300],
            "nwc": [450, 450, 900], "delta_nwc": [0, 0, 450],
            "collections": [300, 300, 300], "purchases": [150, 150, 600],
            "payments": [150, 150, 450], "net_cash": [50, 50, -250], "cash": [150, 200, -50]}
    plan = fpa.WCPlan(days=30, revenue=[300, 300, 600], cogs=[150, 150, 300], dso=30, dio=60,
                      dpo=30, other_cash=-100,
                      opening=dict(ar=300, inventory=300, ap=150, cash=100))
    got = plan.project()
    for k, v in want.items():
        np.testing.assert_allclose(got[k], v, rtol=1e-15, atol=1e-12)
    # a subset, repeated and reordered; one name gives one array
    sub = fpa.WCPlan(3, days=[30] * 3)
    sub["revenue"], sub["cogs"] = [300, 300, 600], np.array([150, 150, 300.0])
    for d in ("dso", "dpo"):
        sub.set(d, 30)
    sub["dio"] = 60
    sub.set("other_cash", [-100] * 3)
    sub.set_opening(300, 300, 150, 100)
    three = sub.project(["cash", "ar", "cash"])
    assert list(three) == ["cash", "ar"]
    np.testing.assert_allclose(sub.project("cash"), want["cash"], atol=1e-12)
    np.testing.assert_allclose(three["ar"], want["ar"], atol=1e-12)


def test_plan_accessors_and_pandas():
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2024-01", periods=6, freq="M")
    rev = pd.Series([ref(f"p.rev.{t}") for t in range(6)], index=idx)
    plan = ref_plan("p")
    assert plan.periods == len(plan) == 6
    assert "6 periods" in repr(plan)
    np.testing.assert_array_equal(plan.get("revenue"), rev.to_numpy())
    np.testing.assert_array_equal(plan["DSO"], [ref(f"p.dso.{t}") for t in range(6)])
    framed = fpa.WCPlan(days=[ref(f"p.days.{t}") for t in range(6)], revenue=rev)
    assert framed.index is idx
    out = framed.project(["ar", "cash"])
    assert isinstance(out, pd.DataFrame) and (out.index == idx).all()
    assert isinstance(framed.project("cash"), pd.Series)
    assert isinstance(framed["revenue"], pd.Series)
    labelled = ref_plan("p", index=[f"m{t}" for t in range(6)])
    frame = labelled.project()
    assert list(frame.index) == [f"m{t}" for t in range(6)]
    for t in range(6):
        close(frame["cash"].iloc[t], f"p.cash.{t}")


def test_plan_inputs_are_copied_and_converted():
    v = np.array([40.0, 45, 50])
    plan = fpa.WCPlan(3, days=30)
    plan.set("dso", v)
    v[:] = 0  # the C plan keeps its own copy
    np.testing.assert_array_equal(plan.get("dso"), [40, 45, 50])
    plan.set("dso", np.array([40, 0, 45, 0, 50, 0], dtype=np.float32)[::2])
    np.testing.assert_array_equal(plan.get("dso"), [40, 45, 50])
    plan.set("dso", (1, 2, 3))
    np.testing.assert_array_equal(plan.get("dso"), [1, 2, 3])


def test_projection_identities_on_random_data():
    rng = np.random.default_rng(7)
    for _ in range(100):
        n = int(rng.integers(1, 31))
        drv = {d: rng.uniform(0, 1e6 if d in ("revenue", "cogs") else 90, n)
               for d in ("revenue", "cogs", "dso", "dio", "dpo")}
        drv["other_cash"] = rng.uniform(-1e5, 1e5, n)
        opening = rng.uniform(0, 1e6, 3).tolist() + [rng.uniform(-1e6, 1e6)]
        plan = fpa.WCPlan(days=rng.uniform(28, 31, n), opening=opening, **drv)
        o = plan.project()
        tol = 1e-9 * 1e6
        np.testing.assert_allclose(o["nwc"], o["ar"] + o["inventory"] - o["ap"], atol=tol)
        nwc0 = opening[0] + opening[1] - opening[2]
        np.testing.assert_allclose(o["delta_nwc"], np.diff(o["nwc"], prepend=nwc0), atol=tol)
        # cash released by working capital is minus the change in NWC
        np.testing.assert_allclose(o["net_cash"], drv["revenue"] - drv["cogs"] - o["delta_nwc"]
                                   + drv["other_cash"], atol=tol)
        np.testing.assert_allclose(o["cash"], opening[3] + np.cumsum(o["net_cash"]), atol=tol)


def test_plan_bad_input():
    with pytest.raises(fpa.InvalidArgumentError, match="periods"):
        fpa.WCPlan(0)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.WCPlan(200_000)                              # above the C limit
    with pytest.raises(fpa.InvalidArgumentError, match="periods must be a whole number"):
        fpa.WCPlan("6")
    with pytest.raises(fpa.InvalidArgumentError, match="give periods"):
        fpa.WCPlan()
    plan = fpa.WCPlan(3)
    with pytest.raises(fpa.InvalidArgumentError, match="days"):
        plan.project()                                   # days never set
    with pytest.raises(fpa.DomainError, match=r"days\[1\]"):
        plan.set_days([30, -1, 30])
    with pytest.raises(fpa.InvalidArgumentError):
        plan.set_days([30, 30])
    plan.set_days(30)
    with pytest.raises(fpa.InvalidArgumentError):
        plan.set("dso", [1, 2])                          # mismatched length
    with pytest.raises(fpa.InvalidArgumentError, match="driver"):
        plan.set("roe", [1, 2, 3])
    with pytest.raises(fpa.DomainError, match=r"values\[1\] is NaN"):
        plan.set("revenue", [1, math.nan, 3])
    with pytest.raises(fpa.DomainError):
        plan["dso"] = [40, -5, 40]
    plan["other_cash"] = [40, -5, 40]                    # signed
    with pytest.raises(fpa.InvalidArgumentError):
        plan.set("dso", [[1, 2, 3]])
    with pytest.raises(fpa.InvalidArgumentError):
        plan.set("dso", "abc")
    with pytest.raises(fpa.DomainError):
        plan.set_opening(ar=-1)
    with pytest.raises(fpa.DomainError):
        plan.set_opening(cash=math.inf)
    with pytest.raises(fpa.InvalidArgumentError, match="cash must be a number"):
        plan.set_opening(cash=None)
    with pytest.raises(fpa.InvalidArgumentError, match="line"):
        plan.project(["cash", "ebitda"])
    with pytest.raises(fpa.InvalidArgumentError, match="no lines"):
        plan.project([])
    with pytest.raises(fpa.InvalidArgumentError, match="no option"):
        fpa.WCPlan(3, horizon=4)
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.WCPlan(3, ap_basis=2)
    with pytest.raises(fpa.InvalidArgumentError, match="index has 2 labels"):
        fpa.WCPlan(3, index=["a", "b"])
    # inventory drawn down faster than COGS: negative purchases
    p = fpa.WCPlan(1, days=30, cogs=10, dio=0, opening=dict(inventory=100), ap_basis=1)
    with pytest.raises(fpa.DomainError, match="purchases in period 0"):
        p.project("cash")


def test_plan_freed_once_and_kept_alive_by_scenarios():
    plan = fpa.WCPlan(days=30, revenue=[300, 300, 600], cogs=[150, 150, 300], dso=30)
    ref_ = weakref.ref(plan)
    s = fpa.Scenario(plan)
    del plan
    gc.collect()
    assert ref_() is not None                            # the scenario holds it
    assert s.project("cash").shape == (3,)
    del s
    gc.collect()
    assert ref_() is None                                # and nothing else


# ---- 13-week cash -----------------------------------------------------------------

def weekly_inputs():
    return dict(
        start=int(ref("w.start")), opening_cash=ref("w.opening"),
        curve=[ref(f"w.curve.{k}") for k in range(8)],
        ar_by_age=[ref(f"w.age.{j}") for j in range(10)],
        new_sales=[ref(f"w.sales.{w}") for w in range(13)],
        ap_amounts=[ref(f"w.ap.{i}") for i in range(9)],
        ap_due=[int(ref(f"w.due.{i}")) for i in range(9)],
        rec_amounts=[ref(f"w.rec.{i}") for i in range(4)],
        rec_first=[int(ref(f"w.first.{i}")) for i in range(4)],
        rec_every=[int(ref(f"w.every.{i}")) for i in range(4)])


def test_weekly_cash_matches_spreadsheet():
    got = fpa.wc_weekly_cash(**weekly_inputs())
    for k, key in (("receipts", "receipts"), ("ap", "appay"), ("recurring", "recurring"),
                   ("closing", "closing")):
        assert got[k].shape == (13,)
        for w in range(13):
            close(got[k][w], f"w.{key}.{w}")
    # dates in any form: ISO strings and datetime.date
    a = weekly_inputs()
    a["start"] = fpa.from_days(a["start"])
    a["ap_due"] = [fpa.from_days(d).isoformat() for d in a["ap_due"]]
    a["rec_first"] = [fpa.from_days(d) for d in a["rec_first"]]
    np.testing.assert_array_equal(fpa.wc_weekly_cash(**a)["closing"], got["closing"])
    # nothing but the opening balance and a curve
    flat = fpa.wc_weekly_cash(0, 5, [0.5, 0.5])
    np.testing.assert_array_equal(flat["closing"], [5] * 13)


def test_weekly_cash_pandas_out():
    pd = pytest.importorskip("pandas")
    a = weekly_inputs()
    a["new_sales"] = pd.Series(a["new_sales"])
    got = fpa.wc_weekly_cash(**a)
    assert isinstance(got, pd.DataFrame)
    assert got.index[0] == pd.Timestamp("2024-01-01")     # w.start = DATE(2024;1;1)
    assert got.index[1] - got.index[0] == pd.Timedelta(days=7)
    close(got["closing"].iloc[12], "w.closing.12")


def test_weekly_cash_bad_input():
    with pytest.raises(fpa.DomainError):
        fpa.wc_weekly_cash(0, 0, [0.5, 0.4, 0.2])        # sums to 1.1
    with pytest.raises(fpa.DomainError, match=r"curve\[2\]"):
        fpa.wc_weekly_cash(0, 0, [0.5, 0.4, -0.1])
    with pytest.raises(fpa.InvalidArgumentError, match="weeks"):
        fpa.wc_weekly_cash(0, 0, [0.5], weeks=0)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.wc_weekly_cash(0, 0, [])
    with pytest.raises(fpa.InvalidArgumentError, match="new_sales has 3"):
        fpa.wc_weekly_cash(0, 0, [0.5], new_sales=[1, 2, 3])
    with pytest.raises(fpa.InvalidArgumentError, match="ap_due has 0"):
        fpa.wc_weekly_cash(0, 0, [0.5], ap_amounts=[10])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.wc_weekly_cash(0, 0, [0.5], rec_amounts=[10], rec_first=[0], rec_every=[0])
    with pytest.raises(fpa.InvalidArgumentError, match="rec_every"):
        fpa.wc_weekly_cash(0, 0, [0.5], rec_amounts=[10], rec_first=[0], rec_every=[1.5])
    with pytest.raises(fpa.DomainError):
        fpa.wc_weekly_cash(0, 0, [0.5], ap_amounts=[-1], ap_due=[0])
    with pytest.raises(fpa.DomainError):
        fpa.wc_weekly_cash(0, math.nan, [0.5])
    with pytest.raises(fpa.InvalidArgumentError, match="not a date"):
        fpa.wc_weekly_cash("someday", 0, [0.5])
    with pytest.raises(fpa.DomainError):
        fpa.wc_weekly_cash(0, 0, [0.5], ap_amounts=[10], ap_due=[2**62])


def test_every_public_name_is_documented_exported_and_tested():
    assert undocumented(fpa.wc) == []
    assert mentions_every_public_name(fpa.wc, __file__) == []
    assert all(getattr(fpa, n) is getattr(fpa.wc, n) for n in fpa.wc.__all__)


def test_enumerations_come_from_the_header():
    assert fpa.WC_DRIVERS == ("revenue", "cogs", "dso", "dio", "dpo", "other_cash")
    assert fpa.WC_LINES[0] == "ar" and fpa.WC_LINES[-1] == "cash" and len(fpa.WC_LINES) == 10
    assert "wc.ap_basis" in fpa.option_names()
    assert datetime.date(2024, 1, 1) == fpa.from_days(int(ref("w.start")))
