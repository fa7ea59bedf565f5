# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared KPIs from Python.

Expected values: tests/ref/unit_kpi_expected.csv, the file the C tests
read, written by tests/ref/make_unit_kpi_ref.py: LibreOffice Calc 7.4 and
gnumeric 1.12 recalculate each formula and must agree; pandas 1.5
(Series.ewm(adjust=False)) for the EMA; numpy (cumsum) for the runway
schedule rule. Each row names its source and formula; the fixture
`check_refs` (conftest.py) compares. Worked examples from public pages
are cited next to their numbers.
"""
import math

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented
from fpa._tables import Matrix


def test_every_public_function_is_tested():
    assert mentions_every_public_name(fpa.kpi, __file__) == []


def test_every_public_function_has_a_numpy_docstring():
    assert undocumented(fpa.kpi) == []


def test_reference_values(check_refs):
    counts = check_refs({
        "growth_pop": lambda x, i: fpa.growth_pop(x)[int(i)],
        "growth_yoy": lambda x, s, i: fpa.growth_yoy(x, season=int(s))[int(i)],
        "cagr": fpa.cagr,
        "cagr_rows": lambda x, s: fpa.cagr_rows(x, season=int(s)),
        "sma": lambda x, w, j: fpa.sma(x, int(w))[int(j)],
        "wma_linear": lambda x, w, j: fpa.wma(x, int(w))[int(j)],
        "wma": lambda x, wts, j: fpa.wma(x, weights=wts)[int(j)],
        "ema": lambda x, a, j: fpa.ema(x, a)[int(j)],
        "margins": lambda r, c, o, d, k: fpa.margins(r, c, o, d)[int(k)],
        "rule_of_40": fpa.rule_of_40,
        "burn": lambda i, o, k: fpa.burn([i], [o])[int(k)][0],
        "runway_mean": lambda cash, b: fpa.runway(cash, b),
        "runway_schedule": lambda cash, b: fpa.runway(cash, b, rule="schedule"),
        "months_of_cash": fpa.months_of_cash,
    })
    assert sum(counts.values()) >= 120


def test_undefined_elements_masked_or_strict(unit_kpi_cases):
    # the zero base of the reference series (LibreOffice: #DIV/0!)
    x = next(a[0] for f, a, *_ in unit_kpi_cases if f == "growth_pop")
    g = fpa.growth_pop(x)
    assert isinstance(g, np.ma.MaskedArray) and g.mask.tolist().count(True) == 1
    k = int(np.flatnonzero(g.mask)[0])
    assert x[k] == 0 and g.data[k] == 0
    with pytest.raises(fpa.DomainError, match=rf"growth\[0\]\[{k}\] is undefined"):
        fpa.growth_pop(x, strict=True)
    ok = fpa.growth_pop(x[k + 1:], strict=True)
    assert type(ok) is np.ndarray
    np.testing.assert_array_equal(ok, g[k + 1:].data)
    # margins on zero revenue: every ratio masked, EBITDA defined
    m = fpa.margins([1000, 0], [400, 10], [350, 5], [50, 1])
    assert isinstance(m, fpa.Margins)
    for ratio in (m.gross_margin, m.operating_margin, m.ebitda_margin, m.opex_ratio):
        assert ratio.mask.tolist() == [False, True]
    assert type(m.ebitda) is np.ndarray and m.ebitda.tolist() == [300, -14]
    with pytest.raises(fpa.DomainError, match="undefined"):
        fpa.margins([1000, 0], [400, 10], strict=True)
    assert fpa.margins(0, 10).gross_margin is np.ma.masked
    assert fpa.cagr_rows([0, 2, 3]) is np.ma.masked
    assert fpa.cagr_rows([[0, 2, 3], [1, 2, 4]], season=1).mask.tolist() == [True, False]
    with pytest.raises(fpa.DomainError):
        fpa.cagr_rows([0, 2, 3], strict=True)


def test_worked_examples():
    # pasquesipartners.com/calculate-startup-runway-chicago/: gross burn
    # 17,000 + 1,500 + 1,500 = 20,000; with 8,000 in, net burn 12,000
    b = fpa.burn([8000], [17000 + 1500 + 1500])
    assert isinstance(b, fpa.Burn) and fpa.burn(None, [5]).net is None
    assert b.gross.tolist() == [20000] and b.net.tolist() == [12000]
    # traksource.com/tools/runway-calculator: $150,000 at $10,000 a month: 15 months
    assert fpa.months_of_cash(150000, 10000) == 15
    assert fpa.runway(150000, [10000]) == 15
    # app.uxcel.com, "Burn rate and runway calculations": $1M at $100,000: 10 months
    assert fpa.months_of_cash(1e6, 1e5) == 10


def test_matrices_are_row_batches_and_thread_invariant():
    rng = np.random.default_rng(3)
    x = rng.normal(100, 30, size=(300, 40))
    x[5, 7] = 0
    for f in (fpa.growth_pop, lambda a, **k: fpa.growth_yoy(a, season=4, **k),
              lambda a, **k: fpa.sma(a, 5, **k), lambda a, **k: fpa.wma(a, 4, **k),
              lambda a, **k: fpa.wma(a, weights=[1, 0, 2], **k),
              lambda a, **k: fpa.ema(a, span=6, **k)):
        one = f(x, threads=1)
        many = f(x, threads=2)
        np.testing.assert_array_equal(np.ma.getdata(one), np.ma.getdata(many))
        np.testing.assert_array_equal(np.ma.getmaskarray(one), np.ma.getmaskarray(many))
        for i in (0, 5, 299):  # a batch call equals the single-series calls
            single = f(x[i])
            np.testing.assert_array_equal(np.ma.getdata(one[i]), np.ma.getdata(single))
            np.testing.assert_array_equal(np.ma.getmaskarray(one[i]),
                                          np.ma.getmaskarray(single))
    r, c, o, d = (rng.uniform(0, 100, size=(50, 12)) for _ in range(4))
    r[3, 3] = 0
    batch = fpa.margins(r, c, o, d, threads=2)
    for k, field in enumerate(batch):
        np.testing.assert_array_equal(np.ma.getdata(field)[7],
                                      np.ma.getdata(fpa.margins(r[7], c[7], o[7], d[7])[k]))
    assert fpa.cagr_rows(np.abs(x) + 1, threads=2).shape == (300,)
    g = fpa.burn(c, o, threads=2)
    np.testing.assert_array_equal(g.net, o - c)


def test_zero_copy_and_conversions():
    a = np.arange(1.0, 13.0)
    assert np.shares_memory(Matrix(a, "x").a, a)                  # 1-D, no copy
    m2 = np.arange(1.0, 25.0).reshape(2, 12)
    assert np.shares_memory(Matrix(m2, "x").a, m2)                # 2-D, no copy
    assert not np.shares_memory(Matrix(m2.T, "x").a, m2)          # F-order: one copy
    # lists, int and float32 arrays, non-contiguous views all work alike
    want = fpa.sma(a, 3)
    for x in (a.tolist(), a.astype(np.int64), a.astype(np.float32),
              np.arange(1.0, 25.0)[::2] / 2 + 0.5):
        np.testing.assert_allclose(fpa.sma(x, 3), want, rtol=1e-7)
    assert fpa.sma([[1, 2, 3], [4, 5, 6]], 2).tolist() == [[1.5, 2.5], [4.5, 5.5]]


def test_pandas_in_pandas_out():
    pd = pytest.importorskip("pandas")
    idx = pd.Index(["north", "south"], name="region")
    cols = pd.period_range("2023-01", periods=6, freq="M")
    df = pd.DataFrame([[100, 120, 90, 0, 50, 60], [10, 11, 12, 13, 14, 15]],
                      index=idx, columns=cols, dtype=float)
    g = fpa.growth_pop(df)
    assert isinstance(g, pd.DataFrame) and g.index.equals(idx) and g.columns.equals(cols)
    # float64 with NaN, as pandas' own pct_change (issue 17): plots and
    # np.nanmean take it as it is
    assert str(g.dtypes.iloc[0]) == "float64"
    assert np.nanmean(g.to_numpy()) == pytest.approx(np.nanmean(df.pct_change(axis=1)
                                                                .replace([np.inf], np.nan)
                                                                .to_numpy()))
    assert g.isna().to_numpy().tolist() == [[True, False, False, False, True, False],
                                            [True, False, False, False, False, False]]
    np.testing.assert_array_equal(g.iloc[:, 1:].fillna(0).to_numpy(float),
                                  np.ma.getdata(fpa.growth_pop(df.to_numpy())))
    y = fpa.growth_yoy(df, season=4)
    assert y.isna().sum().tolist() == [2, 2, 2, 2, 0, 0]
    s = fpa.sma(df, 3)
    assert s.columns.equals(cols) and s.iloc[:, :2].isna().all().all()
    # as pandas' own rolling mean, at each window's last period
    np.testing.assert_allclose(s.iloc[:, 2:].to_numpy(float),
                               df.T.rolling(3).mean().T.iloc[:, 2:].to_numpy())
    e = fpa.ema(df, 0.3)
    assert e.dtypes.iloc[0] == np.float64 and e.index.equals(idx)
    # pandas: Series.ewm(alpha=0.3, adjust=False).mean()
    np.testing.assert_allclose(e.loc["north"].to_numpy(),
                               df.loc["north"].ewm(alpha=0.3, adjust=False).mean().to_numpy(),
                               rtol=1e-13)
    one = fpa.growth_pop(df.loc["north"])
    assert isinstance(one, pd.Series) and one.index.equals(cols) and one.isna().sum() == 2
    c = fpa.cagr_rows(df + 1)
    assert isinstance(c, pd.Series) and c.index.equals(idx)
    assert np.isnan(fpa.cagr_rows(pd.Series([0.0, 1.0])))
    m = fpa.margins(df, df / 2, df / 4, df / 10)
    assert m.ebitda.dtypes.iloc[0] == np.float64
    assert m.gross_margin.isna().to_numpy().sum() == 1
    b = fpa.burn(df / 2, df)
    assert isinstance(b.net, pd.DataFrame) and b.net.columns.equals(cols)
    with pytest.raises(fpa.DomainError, match=r"x\[0\]\[0\] is NaN"):
        fpa.growth_pop(g)                      # NaN in is undefined, not 0
    with pytest.raises(fpa.InvalidArgumentError, match=r"cogs has shape \(2, 5\)"):
        fpa.margins(df, df.iloc[:, :5])


def test_bad_input_raises_never_crashes():
    nan = float("nan")
    with pytest.raises(fpa.DomainError, match=r"x\[0\]\[1\] is NaN"):
        fpa.growth_pop([1, nan, 3])
    with pytest.raises(fpa.DomainError, match=r"x\[1\]\[0\] is \+Inf"):
        fpa.sma([[1, 2], [math.inf, 3]], 2)
    with pytest.raises(fpa.InvalidArgumentError, match="cols is 1, needs at least 2"):
        fpa.growth_pop([5])
    with pytest.raises(fpa.InvalidArgumentError, match="cols is 12, needs at least 13"):
        fpa.growth_yoy(np.ones(12))
    with pytest.raises(fpa.InvalidArgumentError, match="rows is 0"):
        fpa.growth_pop(np.empty((0, 4)))
    with pytest.raises(fpa.InvalidArgumentError, match="one series"):
        fpa.growth_pop(np.ones((2, 2, 2)))
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.growth_pop(["a", "b"])
    with pytest.raises(fpa.InvalidArgumentError, match="x is None"):
        fpa.ema(None, 0.5)
    with pytest.raises(fpa.InvalidArgumentError, match=r"x\[1\] is masked"):
        fpa.sma(np.ma.MaskedArray([1.0, 2.0, 3.0], mask=[0, 1, 0]), 2)
    with pytest.raises(fpa.InvalidArgumentError, match="window is 0"):
        fpa.sma([1, 2, 3], 0)
    with pytest.raises(fpa.InvalidArgumentError, match="window must be a whole number"):
        fpa.sma([1, 2, 3], 1.5)
    with pytest.raises(fpa.InvalidArgumentError, match="window must be a whole number"):
        fpa.sma([1, 2, 3], 2**60)
    with pytest.raises(fpa.InvalidArgumentError, match="cols is 3, needs at least 4"):
        fpa.wma([1, 2, 3], 4)
    with pytest.raises(fpa.InvalidArgumentError, match="window is 2 but weights has 3"):
        fpa.wma([1, 2, 3], 2, weights=[1, 1, 1])
    with pytest.raises(fpa.InvalidArgumentError, match="needs a window"):
        fpa.wma([1, 2, 3])
    with pytest.raises(fpa.DomainError, match="weights sum to 0"):
        fpa.wma([1, 2, 3], weights=[0, 0])
    with pytest.raises(fpa.DomainError, match="alpha"):
        fpa.ema([1, 2], 1.5)
    with pytest.raises(fpa.InvalidArgumentError, match="exactly one"):
        fpa.ema([1, 2], 0.5, span=3)
    with pytest.raises(fpa.InvalidArgumentError, match="alpha must be a number"):
        fpa.ema([1, 2], "fast")
    with pytest.raises(fpa.InvalidArgumentError, match="cogs has shape"):
        fpa.margins([1, 2], [1, 2, 3])
    with pytest.raises(fpa.InvalidArgumentError, match="needs opex"):
        fpa.margins([1, 2], [1, 2], da=[0, 0])
    with pytest.raises(fpa.DomainError, match="negative"):
        fpa.burn([1, -2], [3, 4])
    with pytest.raises(fpa.InvalidArgumentError, match="cash_in has shape"):
        fpa.burn([1], [3, 4])
    with pytest.raises(fpa.InvalidArgumentError, match="rule is 'sometimes'"):
        fpa.runway(100, [10], rule="sometimes")
    with pytest.raises(fpa.InvalidArgumentError, match="cash must be a number"):
        fpa.runway(None, [10])
    with pytest.raises(fpa.UnboundedError, match="never runs out"):
        fpa.runway(100, [-5, -5])
    with pytest.raises(fpa.UnboundedError):
        fpa.months_of_cash(100, 0)
    with pytest.raises(fpa.DomainError, match=r"element \[1\]: first"):
        fpa.cagr([100, 0], 200, 5)
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.growth_yoy(np.ones(500), season=400)
    with pytest.raises(fpa.InvalidArgumentError, match="no option"):
        fpa.growth_pop([1, 2], nonsense=3)
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.sma([1, 2], 1, threads=-1)
    # huge inputs are computed, not a crash
    big = np.random.default_rng(1).uniform(1, 2, size=(2000, 1500))
    g = fpa.growth_pop(big, threads=2)
    assert g.shape == (2000, 1499) and not g.mask.any()
    assert fpa.sma(big.reshape(-1), 1000).size == big.size - 999
    # the thread's last error is kept for the C-level detail
    with pytest.raises(fpa.Error):
        fpa.cagr(-1, 1, 1)
    assert fpa.last_error()[0] == "FPA_EDOM"


def test_options_objects_and_keywords_agree():
    x = np.arange(1.0, 30.0)
    opts = fpa.Options()
    opts["kpi.season"] = 4
    np.testing.assert_array_equal(fpa.growth_yoy(x, options=opts), fpa.growth_yoy(x, season=4))
    np.testing.assert_array_equal(fpa.cagr_rows(x, options=opts), fpa.cagr_rows(x, season=4))
    assert fpa.option_bounds("kpi.season") == (1, 366, 12)
    np.testing.assert_array_equal(fpa.rule_of_40([0.25, 0.6], [0.15, -0.3]), [0.4, 0.3])
