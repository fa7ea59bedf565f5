# SPDX-License-Identifier: GPL-3.0-or-later
"""The figures the fpa review pack takes from the library, from Python:
fpa.trailing_stats and fpa.residual_correlation against R (the numbers
printed by tests/ref/make_review_figures_ref.R: mean(), sd() and
cor(diff(a), diff(b)), a naive model's residuals being the first
differences), fpa.wc_history against three months worked by hand (the same
as tests/test_wc_history.c) and against the formulas evaluated by pandas."""
import math

import numpy as np
import pandas as pd
import pytest

import fpa
from conftest import undocumented


def test_documented():
    class Names:
        __all__ = ["trailing_stats", "wc_history", "residual_correlation"]
        trailing_stats = fpa.trailing_stats
        wc_history = fpa.wc_history
        residual_correlation = fpa.residual_correlation
    assert undocumented(Names) == []


X = [3, math.nan, 4.5, 7, math.nan, 10, 12.25]


def test_trailing_stats_against_r():
    s = fpa.trailing_stats(X, 3)
    assert s.count == 3
    assert s.mean == pytest.approx(9.75, rel=1e-15)
    assert s.sd == pytest.approx(2.6339134382131846, rel=1e-15)
    s = fpa.trailing_stats(pd.Series(X))
    assert (s.count, s.mean) == (5, pytest.approx(7.35, rel=1e-15))
    assert s.sd == pytest.approx(3.8144462245521304, rel=1e-15)
    one = fpa.trailing_stats(X, 1)
    assert one.mean == 12.25 and math.isnan(one.sd) and one.count == 1


def test_trailing_stats_refuses():
    with pytest.raises(fpa.DomainError):
        fpa.trailing_stats([math.nan, math.nan])
    with pytest.raises(fpa.DomainError, match=r"x\[1\] is \+Inf"):
        fpa.trailing_stats([1, math.inf, 2])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.trailing_stats([1, 2], 0)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.trailing_stats([])


def test_residual_correlation_against_r():
    a = [100, 104, 103, 110, 108, 115, 121, 119]
    b = [60, 63, 61, 67, 66, 69, 74, 72]
    ma = fpa.ForecastModel(a, period=1, method="naive")
    mb = fpa.ForecastModel(pd.Series(b), period=1, method="naive")
    assert fpa.residual_correlation(ma, a, mb, b) == pytest.approx(0.94499274702089975,
                                                                   rel=1e-14)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.residual_correlation(ma, a[:-1], mb, b)
    flat = fpa.ForecastModel([5, 6, 7, 8, 9, 10, 11, 12], period=1, method="naive")
    with pytest.raises(fpa.DomainError, match="constant"):
        fpa.residual_correlation(ma, a, flat, [5, 6, 7, 8, 9, 10, 11, 12])


def test_wc_history_by_hand():
    h = fpa.wc_history([30, 31, 30], revenue=[1000, 1200, 500], cogs=[600, 700, 0],
                       ar=[500, 620, 250], inventory=[300, 280, 0], ap=[200, 210, 0],
                       cash=[1000, 1100, 900])
    want = {"dso": [15, 620 / 1200 * 31, 15], "dio": [15, 12.4, 0], "dpo": [10, 9.3, 0],
            "nwc": [600, 690, 250], "other_cash": [math.nan, -310, -1140],
            "collections": [math.nan, 1080, 870], "cash_out": [math.nan, 980, 1070],
            "net_burn": [math.nan, -100, 200]}
    for k, v in want.items():
        np.testing.assert_allclose(h[k], v, rtol=1e-14, atol=1e-12, equal_nan=True, err_msg=k)
    assert list(h) == list(fpa.WC_HISTORY_ROWS)


def test_wc_history_against_pandas():
    rng = np.random.default_rng(5)
    idx = pd.period_range("2025-01", periods=24, freq="M")
    df = pd.DataFrame({"revenue": rng.uniform(800, 1500, 24), "cogs": rng.uniform(300, 700, 24),
                       "ar": rng.uniform(400, 900, 24), "inventory": rng.uniform(100, 600, 24),
                       "ap": rng.uniform(100, 400, 24), "cash": rng.uniform(-200, 3000, 24)},
                      index=idx)
    days = idx.days_in_month.to_numpy(dtype=float)
    h = fpa.wc_history(days, df.revenue, df.cogs, df.ar, df.cash, df.inventory, df.ap)
    assert isinstance(h, pd.DataFrame) and (h.index == idx).all()
    nwc = df.ar + df.inventory - df.ap
    exp = pd.DataFrame({
        "dso": df.ar / df.revenue * days, "dio": df.inventory / df.cogs * days,
        "dpo": df.ap / df.cogs * days, "nwc": nwc,
        "other_cash": df.cash.diff() - df.revenue + df.cogs + nwc.diff(),
        "collections": df.ar.shift() + df.revenue - df.ar,
        "net_burn": -df.cash.diff()})
    exp["ccc"] = exp.dso + exp.dio - exp.dpo
    exp["cash_out"] = exp.collections + exp.net_burn
    for k in exp:
        np.testing.assert_allclose(h[k], exp[k], rtol=1e-12, atol=1e-9, err_msg=k)


def test_wc_history_refuses():
    with pytest.raises(fpa.DomainError, match="days"):
        fpa.wc_history([30, 0], [1, 1], [1, 1], [1, 1], [1, 1])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.wc_history(30, [1, 1], [1], [1, 1], [1, 1])
    h = fpa.wc_history(30, [0, 100], [0, 50], [10, 10], [5, 5])  # no sales: no days
    assert math.isnan(h["dso"][0]) and h["dso"][1] == pytest.approx(3)
