# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit economics from Python.

Expected values: tests/ref/unit_kpi_expected.csv (the file the C tests
read), written by tests/ref/make_unit_kpi_ref.py: LibreOffice Calc 7.4 and
gnumeric 1.12 recalculate each formula and must agree; numpy for the
margin-curve payback; exact rational arithmetic (fractions.Fraction) for
the largest-remainder allocation. Cohorts: tests/ref/cohort_expected.csv,
the matrices pandas 1.5 derives from tests/ref/cohort_rows.csv with
groupby/nunique/sum, and tests/ref/cohort_curve.csv, their pooled
retention curve computed with pandas. Worked examples from public pages
are cited next to their numbers.
"""
import csv
import os

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented

TAILS = ("none", "geometric")
BASES = ("units", "revenue")


def test_every_public_function_is_tested():
    assert mentions_every_public_name(fpa.unit, __file__) == []


def test_every_public_function_has_a_numpy_docstring():
    assert undocumented(fpa.unit) == []


def test_reference_values(check_refs):
    counts = check_refs({
        "contribution": lambda p, v, k: fpa.contribution(p, v)[int(k)],
        "break_even": lambda f, t, p, v, k: fpa.break_even(f, p, v, target_profit=t)[int(k)],
        "break_even_mix": lambda p, v, m, basis, f, t, k, i: fpa.break_even_mix(
            p, v, m, f, t, basis=BASES[int(basis)])[int(k)][int(i)],
        "margin_of_safety": lambda a, b, k: fpa.margin_of_safety(a, b)[int(k)],
        "dol": fpa.operating_leverage,
        "arpu": fpa.arpu,
        "logo_churn": fpa.logo_churn,
        "revenue_retention": lambda m, x, d, e, k: fpa.revenue_retention(m, x, d, e)[int(k)],
        "ltv_simple": fpa.ltv_simple,
        "ltv_discounted": lambda a, g, c, d, h: fpa.ltv_discounted(a, g, c, d, int(h)),
        "ltv_curve": lambda s, a, g, d, h, tail, w: fpa.ltv_curve(
            s, a, g, d, int(h), tail=TAILS[int(tail)], tail_window=int(w)),
        "cac_payback": fpa.cac_payback,
        "cac_payback_curve": fpa.cac_payback_curve,
        "cac_blended": fpa.cac_blended,
        "cac_paid": fpa.cac_paid,
        "ltv_cac": fpa.ltv_cac,
        "allocate": lambda pool, drv, i: int(fpa.allocate(int(pool), drv)[int(i)]),
    })
    assert sum(counts.values()) >= 200


def test_scalar_functions_broadcast_like_single_calls(unit_kpi_cases):
    """Every finite reference case of a scalar function, in one array call."""
    fns = {"arpu": fpa.arpu, "logo_churn": fpa.logo_churn, "ltv_simple": fpa.ltv_simple,
           "cac_payback": fpa.cac_payback, "ltv_cac": fpa.ltv_cac,
           "dol": fpa.operating_leverage}
    for name, f in fns.items():
        rows = [(a, v) for fn, a, _, _, v in unit_kpi_cases
                if fn == name and not isinstance(v, str)]
        args = np.array([a for a, _ in rows]).T
        got = f(*args)
        np.testing.assert_allclose(got, [v for _, v in rows], rtol=1e-11, atol=1e-12)
    r = fpa.revenue_retention([27000, 100000], [5000, 3000], [0, 1200], [8000, 6500])
    assert isinstance(r, fpa.RevenueRetention) and r.nrr.shape == (2,)
    with pytest.raises(fpa.UnboundedError, match=r"element \[1\]"):
        fpa.ltv_simple(50, 0.8, [0.04, 0])
    # to the last bits of fpa_tvm_pv (within 2 ulp of exact, tvm_math.h)
    np.testing.assert_allclose(fpa.ltv_discounted(50, 0.8, 0.04, 0, [0, 1]), [1000, 40],
                               rtol=1e-15, atol=0)


def test_worked_examples():
    # e-consult.co.ke (?p=notes&sub=10026), margin of safety Examples 1 and 2:
    # price $50, variable cost $30, fixed $20,000: CM $20 (40 %), 1,000 units,
    # $50,000; actual sales $70,000: margin of safety 20,000 (28.57 %)
    c = fpa.contribution(50, 30)
    assert isinstance(c, fpa.Contribution) and c == (20, 0.4)
    b = fpa.break_even(20000, 50, 30)
    assert isinstance(b, fpa.BreakEven) and b == (1000, 50000)
    s = fpa.margin_of_safety(70000, 50000)
    assert isinstance(s, fpa.MarginOfSafety)
    assert s.amount == 20000 and round(s.ratio, 4) == 0.2857
    # justaaa.com, Swifty Candle Supply: revenue mix 30/60/10 %, CM ratios
    # 20/35/50 %, fixed $533,440: break-even $500,100 + $1,000,200 + $166,700
    m = fpa.break_even_mix([1, 1, 1], [0.8, 0.65, 0.5], [0.3, 0.6, 0.1], 533440,
                           basis="revenue")
    np.testing.assert_allclose(m.revenue, [500100, 1000200, 166700], rtol=1e-12)
    # techwhiff.com, Engberg Company: CM $82,200, net operating income $65,200: DOL 1.26
    assert round(fpa.operating_leverage(82200, 65200), 2) == 1.26


def test_allocation_and_profitability_add_up_exactly():
    rng = np.random.default_rng(11)
    for _ in range(50):
        n = int(rng.integers(1, 40))
        driver = rng.uniform(0, 1000, n)
        pool = int(rng.integers(-2**50, 2**50))
        parts = fpa.allocate(pool, driver)
        assert parts.dtype == np.int64 and int(parts.sum()) == pool
        revenue = rng.integers(0, 10**9, n)
        costs = rng.integers(0, 10**9, n)
        p = fpa.profitability(revenue, costs, pool, driver)
        assert isinstance(p, fpa.Profitability)
        np.testing.assert_array_equal(p.contribution, revenue - costs)
        np.testing.assert_array_equal(p.allocated, parts)
        assert int(p.net.sum()) == int(revenue.sum() - costs.sum()) - pool
    by_revenue = fpa.profitability([100_00, 300_00], [50_00, 100_00], 1000_00)
    assert by_revenue.allocated.tolist() == [250_00, 750_00]
    # integral floats are whole cents; pandas Series keep their index
    assert fpa.allocate(100, [1, 1, 1]).tolist() == [34, 33, 33]
    with pytest.raises(fpa.InvalidArgumentError, match="whole cents"):
        fpa.allocate(100.0, [1, 1, 1])  # money is never a float (docs: README)
    pd = pytest.importorskip("pandas")
    drv = pd.Series([1.0, 3.0], index=["a", "b"])
    a = fpa.allocate(10, drv)
    assert isinstance(a, pd.Series) and a.to_dict() == {"a": 3, "b": 7}
    pr = fpa.profitability(pd.Series([500, 700], index=["x", "y"]), [100, 100], 10)
    assert list(pr.net.index) == ["x", "y"]
    mix = fpa.break_even_mix(pd.Series([25.0, 40.0], index=["p", "q"]), [15, 22], [1, 1], 900)
    assert list(mix.units.index) == ["p", "q"]


# ---- cohort tables ---------------------------------------------------------

def _rows(ref_dir):
    with open(os.path.join(ref_dir, "cohort_rows.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    return (np.array([int(r["customer"]) for r in rows]),
            np.array([int(r["cohort"]) for r in rows]),
            np.array([int(r["period"]) for r in rows]),
            np.array([float(r["revenue"]) for r in rows]))


def _expected(ref_dir, name):
    with open(os.path.join(ref_dir, name), newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_cohorts_match_pandas(ref_dir):
    cust, coh, per, rev = _rows(ref_dir)
    with fpa.cohorts_from_rows(cust, coh, per, rev) as c:
        rows, cols = c.shape
        ids, sizes, observed = c.ids, c.sizes, c.observed
        active, revenue = c.active, c.revenue
        ret, rret = c.retention(), c.revenue_retention()
        cells = 0
        for e in _expected(ref_dir, "cohort_expected.csv"):
            i, a = int(np.flatnonzero(ids == int(e["cohort"]))[0]), int(e["age"])
            assert sizes[i] == int(e["size"]) and observed[i] == int(e["observed"])
            assert active[i, a] == int(e["active"])
            assert revenue[i, a] == pytest.approx(float(e["revenue"]), rel=1e-13, abs=1e-9)
            assert ret[i, a] == pytest.approx(float(e["retention"]), rel=1e-15)
            assert rret[i, a] == pytest.approx(float(e["revenue_retention"]), rel=1e-13)
            cells += 1
        # every observed cell was compared; the rest is masked
        assert cells == observed.sum() == (~ret.mask).sum() == (~active.mask).sum()
        curve = c.curve()
        want = [float(e["curve"]) for e in _expected(ref_dir, "cohort_curve.csv")]
        np.testing.assert_allclose(curve, want, rtol=1e-13)
        # the same through the free functions, observed taken from the masks
        np.testing.assert_allclose(fpa.retention_curve(ret, weights=sizes), want, rtol=1e-13)
        np.testing.assert_array_equal(fpa.cohort_retention(sizes, active).mask, ret.mask)
        np.testing.assert_array_equal(fpa.cohort_revenue_retention(revenue), rret)
        # LTV of the pooled curve = ltv_curve of that curve
        assert c.ltv(50, 0.8, 0.01, tail="none") == pytest.approx(
            fpa.ltv_curve(want, 50, 0.8, 0.01, tail="none"), rel=1e-12)
        assert fpa.ltv_cohorts(ret, 50, 0.8, 0.01, 24, weights=sizes) == pytest.approx(
            fpa.ltv_curve(want, 50, 0.8, 0.01, 24), rel=1e-12)
        assert "7 cohorts x 9 ages" in repr(c) and rows == 7 and cols == 9
    assert "closed" in repr(c)
    with pytest.raises(fpa.InvalidArgumentError, match="closed"):
        c.retention()
    c.close()  # idempotent


def test_cohorts_row_order_and_identifiers_do_not_matter(ref_dir):
    cust, coh, per, rev = _rows(ref_dir)
    a = fpa.cohorts_from_rows(cust, coh, per, rev)
    b = fpa.Cohorts.from_rows(cust[::-1], coh[::-1], per[::-1], rev[::-1])
    names = np.array([f"customer-{k}" for k in cust], dtype=object)
    s = fpa.cohorts_from_rows(names, coh, per, rev)
    for other in (b, s):
        np.testing.assert_array_equal(a.active, other.active)
        np.testing.assert_allclose(a.revenue, other.revenue, rtol=1e-13)
    # dates: calendar months (month numbers since 1970-01, numpy datetime64[M])
    months = np.datetime64("2023-01") + coh.astype("timedelta64[M]")
    when = (np.datetime64("2023-01-15") + (per * 31).astype("timedelta64[D]"))
    d = fpa.cohorts_from_rows(cust, months, when.astype("datetime64[M]"), rev)
    assert d.ids[0] == np.datetime64("2023-01") and d.ids.dtype == "datetime64[M]"
    np.testing.assert_array_equal(d.active, a.active)
    without_revenue = fpa.cohorts_from_rows(cust, coh, per)
    assert not np.ma.getdata(without_revenue.revenue).any()


def test_cohort_frames(ref_dir):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(os.path.join(ref_dir, "cohort_rows.csv"))
    c = fpa.Cohorts.from_frame(df)
    r = c.frame("retention")
    assert r.index.name == "cohort" and r.columns.name == "age"
    assert str(r.dtypes.iloc[0]) == "float64" and int(r.isna().to_numpy().sum()) == 63 - 38
    curve = fpa.retention_curve(r, weights=c.sizes)
    assert isinstance(curve, pd.Series) and curve.index.name == "age"
    np.testing.assert_allclose(curve.to_numpy(), c.curve(), rtol=0)
    rr = fpa.cohort_revenue_retention(c.frame("revenue"))
    assert isinstance(rr, pd.DataFrame) and rr.isna().equals(r.isna())
    assert fpa.cohort_retention(c.sizes, c.frame("active")).equals(r)
    with pytest.raises(fpa.InvalidArgumentError, match="table is 'nope'"):
        c.frame("nope")


def test_cohort_matrices_mask_rule():
    sizes, active = [10, 0, 5], [[10, 8, 6], [0, 0, 0], [5, 4, 0]]
    r = fpa.cohort_retention(sizes, active, [3, 2, 2])
    assert r.mask.tolist() == [[False] * 3, [True] * 3, [False, False, True]]
    assert r[0].tolist() == [1, 0.8, 0.6] and r[2, :2].tolist() == [1, 0.8]
    with pytest.raises(fpa.DomainError, match="cohort is empty"):
        fpa.cohort_retention(sizes, active, [3, 2, 2], strict=True)
    ok = fpa.cohort_retention([10, 5], [[10, 8, 6], [5, 4, 0]], [3, 2], strict=True)
    assert ok.mask.tolist() == [[False] * 3, [False, False, True]]  # unobserved stay masked
    rr = fpa.cohort_revenue_retention([[100, 120, 90], [0, 5, 5]], [3, 3])
    assert rr.mask.tolist() == [[False] * 3, [True] * 3] and rr[0, 1] == 1.2
    with pytest.raises(fpa.DomainError, match="age-0 revenue is 0"):
        fpa.cohort_revenue_retention([[0, 5]], [2], strict=True)
    # masked cells inside the observed ages are undefined, not zeros
    with pytest.raises(fpa.InvalidArgumentError, match=r"retention\[1\]\[0\] is missing"):
        fpa.retention_curve(r, [3, 2, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="defined after an undefined"):
        fpa.retention_curve(np.ma.MaskedArray([[1, 0.5, 0.4]], mask=[[0, 1, 0]]))
    # the chain-ladder step over the cohorts observed at both ages
    curve = fpa.retention_curve([[1, 0.5, 0.25], [1, 0.8, 0]], [3, 2], weights=[1, 1])
    np.testing.assert_allclose(curve, [1, 0.65, 0.65 * 0.25 / 0.5], rtol=1e-15)
    assert fpa.retention_curve([[1, 0.5]]).tolist() == [1, 0.5]


def test_bad_input_raises_never_crashes():
    nan = float("nan")
    # at a zero price the margin (0 - 1) is defined and the ratio is not
    with pytest.warns(fpa.PartialResultWarning, match="ratio is undefined: the price is 0"):
        c = fpa.contribution(0, 1)
    assert c.per_unit == -1 and np.isnan(c.ratio)
    with pytest.warns(fpa.PartialResultWarning):
        m = fpa.margin_of_safety(0, 5)
    assert m.amount == -5 and np.isnan(m.ratio)
    with pytest.raises(fpa.DomainError, match="price is -1"):
        fpa.contribution(-1, 1)
    with pytest.raises(fpa.InvalidArgumentError, match="price must be a number"):
        fpa.contribution("ten", 1)
    with pytest.raises(fpa.InvalidArgumentError, match="variable_cost must be a number"):
        fpa.contribution(10, None)
    with pytest.raises(fpa.DomainError):
        fpa.break_even(nan, 10, 5)
    with pytest.raises(fpa.UnboundedError, match="contribution margin"):
        fpa.break_even(1000, 10, 10)
    with pytest.raises(fpa.InvalidArgumentError, match="mix has 2 values but price has 3"):
        fpa.break_even_mix([1, 2, 3], [0, 0, 0], [1, 1], 100)
    with pytest.raises(fpa.InvalidArgumentError, match="basis is 'euros'"):
        fpa.break_even_mix([1], [0], [1], 100, basis="euros")
    with pytest.raises(fpa.InvalidArgumentError, match="price has 0 values"):
        fpa.break_even_mix([], [], [], 100)
    with pytest.raises(fpa.DomainError, match="2^53|2\\^53"):
        fpa.allocate(2**60, [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="must be whole cents"):
        fpa.allocate(10.5, [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="must be whole cents"):
        fpa.allocate(2**70, [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="pool must be whole cents"):
        fpa.allocate([1, 2], [1, 2])
    with pytest.raises(fpa.DomainError, match=r"driver\[1\] is negative"):
        fpa.allocate(100, [1, -1])
    with pytest.raises(fpa.DomainError, match="sum to 0"):
        fpa.allocate(100, [0, 0])
    with pytest.raises(fpa.DomainError, match=r"driver\[0\] is NaN"):
        fpa.allocate(100, [nan, 1])
    with pytest.raises(fpa.InvalidArgumentError, match=r"revenue\[1\] is 2.5, not an integer"):
        fpa.profitability([1, 2.5], [0, 0], 0)
    with pytest.raises(fpa.InvalidArgumentError, match="direct_costs has 1 values"):
        fpa.profitability([1, 2], [0], 0)
    with pytest.raises(fpa.InvalidArgumentError, match="driver has 3 values"):
        fpa.profitability([1, 2], [0, 0], 0, [1, 2, 3])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.profitability([2**62], [-2**62], 0)
    with pytest.raises(fpa.DataError, match="exceeds"):
        fpa.logo_churn(10, 11)
    with pytest.raises(fpa.DataError):
        fpa.revenue_retention(100, 80, 30)
    with pytest.raises(fpa.DomainError, match="churn"):
        fpa.ltv_simple(10, 0.5, 1.5)
    with pytest.raises(fpa.InvalidArgumentError, match="horizon must be a whole number"):
        fpa.ltv_curve([1, 0.5], 10, 1, horizon=-1)
    with pytest.raises(fpa.InvalidArgumentError, match=r"horizon\[0\] is -1"):
        fpa.ltv_discounted(10, 1, 0.1, 0, [-1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="tail is 'linear'"):
        fpa.ltv_curve([1, 0.5], 10, 1, tail="linear")
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.ltv_curve([1, 0.5], 10, 1, tail_window=0)
    with pytest.raises(fpa.DataError, match="two"):
        fpa.ltv_curve([1], 10, 1)
    with pytest.raises(fpa.UnboundedError):
        fpa.ltv_curve([1, 1.05, 1.08, 1.1], 100, 0.8, 0.01)
    with pytest.raises(fpa.UnboundedError, match="never paid back"):
        fpa.cac_payback(5000, 100, 0.75, 0.02)
    with pytest.raises(fpa.UnboundedError):
        fpa.cac_payback_curve(1000, [100, 90, 80])
    with pytest.raises(fpa.InvalidArgumentError, match="n is 0|margin"):
        fpa.cac_payback_curve(10, [])
    with pytest.raises(fpa.DataError, match="organic"):
        fpa.cac_paid(100, 10, 11)
    with pytest.raises(fpa.UnboundedError):
        fpa.cac_blended(5000, 0)
    with pytest.raises(fpa.UnboundedError):
        fpa.ltv_cac(500, 0)
    # cohort matrices
    with pytest.raises(fpa.InvalidArgumentError, match=r"observed\[0\] is 4, above cols"):
        fpa.cohort_retention([1], [[1, 1, 1]], [4])
    with pytest.raises(fpa.InvalidArgumentError, match=r"observed\[0\] is -1"):
        fpa.cohort_retention([1], [[1, 1, 1]], [-1])
    with pytest.raises(fpa.InvalidArgumentError, match="observed has 2 values"):
        fpa.cohort_retention([1], [[1, 1, 1]], [1, 1])
    with pytest.raises(fpa.InvalidArgumentError, match="sizes has 2 values"):
        fpa.cohort_retention([1, 2], [[1, 1, 1]])
    with pytest.raises(fpa.DomainError, match=r"active\[0\]\[1\] is NaN"):
        fpa.cohort_retention([1], [[1, nan, 1]])
    with pytest.raises(fpa.DomainError, match=r"sizes\[0\] is negative"):
        fpa.cohort_retention([-1], [[1, 1]])
    with pytest.raises(fpa.InvalidArgumentError, match="weights has 1 values"):
        fpa.retention_curve([[1, 0.5], [1, 0.4]], weights=[1])
    with pytest.raises(fpa.DataError, match="no cohort"):
        fpa.retention_curve([[1, 0.5]], [0])
    with pytest.raises(fpa.DomainError, match="negative"):
        fpa.ltv_cohorts([[1, -0.5]], 10, 1, horizon=2)
    with pytest.raises(fpa.InvalidArgumentError, match="cols is 0|rows is 0"):
        fpa.retention_curve(np.empty((1, 0)))
    # cohort rows
    with pytest.raises(fpa.DataError, match="customer 1 has cohort"):
        fpa.cohorts_from_rows([1, 1], [0, 1], [1, 1])
    with pytest.raises(fpa.DataError, match="row 0: period 0 precedes its cohort 1"):
        fpa.cohorts_from_rows([1], [1], [0])
    with pytest.raises(fpa.InvalidArgumentError, match="period has 1 values"):
        fpa.cohorts_from_rows([1, 2], [0, 0], [0])
    with pytest.raises(fpa.InvalidArgumentError, match="n is 0"):
        fpa.cohorts_from_rows([], [], [])
    with pytest.raises(fpa.InvalidArgumentError, match=r"cohort\[0\] is 0.5"):
        fpa.cohorts_from_rows([1], [0.5], [1])
    with pytest.raises(fpa.InvalidArgumentError, match="both be dates"):
        fpa.cohorts_from_rows([1], np.array(["2024-01"], "datetime64[M]"), [1])
    with pytest.raises(fpa.DomainError, match="2^31|2\\^31"):
        fpa.cohorts_from_rows([1, 2], [0, 0], [0, 2**40])
    with pytest.raises(fpa.DomainError, match=r"revenue\[0\] is NaN"):
        fpa.cohorts_from_rows([1], [0], [0], [nan])
    # huge inputs are computed, not a crash
    n = 1_000_000
    rng = np.random.default_rng(5)
    cust = rng.integers(0, 50_000, n)
    coh = cust % 24
    big = fpa.cohorts_from_rows(cust, coh, coh + rng.integers(0, 12, n), rng.uniform(0, 9, n))
    assert big.shape == (24, 35) and int(big.sizes.sum()) == np.unique(cust).size
    assert fpa.allocate(10**15, np.ones(200_000)).sum() == 10**15
