# SPDX-License-Identifier: GPL-3.0-or-later
"""Hierarchical forecasting from Python.

Expected values:
- tests/ref/hier_ref.txt, written by
      Rscript tests/ref/make_hier_ref.R > tests/ref/hier_ref.txt
  (R's forecast 8.20 naive() base forecasts, corpcor 1.6.10's
  Schaefer-Strimmer shrinkage, FPP3's G = (S'W^-1 S)^-1 S'W^-1), read as
  tests/test_hierarchy.c reads it;
- MinT(Shrink) evaluated here with numpy from the formulas of
  Wickramasuriya, Athanasopoulos & Hyndman (2019) and Schaefer & Strimmer
  (2005) on random hierarchies whose naive base forecasts and residuals
  (first differences) numpy computes too;
- the pandas layout, coherence at every node, and bad input.
"""
import importlib
import math

import numpy as np
import pandas as pd
import pytest

import fpa
from conftest import mentions_every_public_name, read_cases, undocumented

HI = importlib.import_module("fpa.hierarchy")


def summing(parent):
    n = len(parent)
    leaves = [i for i in range(n) if i not in parent]
    S = np.zeros((n, len(leaves)))
    for j, v in enumerate(leaves):
        while v >= 0:
            S[v, j] = 1
            v = parent[v]
    return S


def tree_of(parent):
    return fpa.hierarchy([(f"n{i}", None if p < 0 else f"n{p}") for i, p in enumerate(parent)])


def test_against_r(ref_dir):
    cases = read_cases(f"{ref_dir}/hier_ref.txt")
    assert len(cases) == 2
    for (_, name), c in cases.items():
        parent = [int(p) for p in c["parent"]]
        n, T, h = len(parent), int(c["periods"][0]), int(c["h"][0])
        levels = c["levels"]
        data = np.array(c["data"]).reshape(n, T)
        agg = "sum" if c["mode"][0] == 1 else "given"
        hier = fpa.Hierarchy(tree_of(parent), data, 1, aggregates=agg, method="naive")
        for method in fpa.RECONCILE_METHODS:
            hier.reconcile = method
            res = hier.forecast(h, levels)
            assert res.method == method
            np.testing.assert_allclose(res.mean.to_numpy().ravel(), c[f"mean_{method}"],
                                       rtol=1e-10)
            lo = np.stack([res.lower[x].to_numpy() for x in levels], axis=1).ravel()
            up = np.stack([res.upper[x].to_numpy() for x in levels], axis=1).ravel()
            np.testing.assert_allclose(lo, c[f"lo_{method}"], rtol=1e-9)
            np.testing.assert_allclose(up, c[f"up_{method}"], rtol=1e-9)
            assert res.shrinkage == pytest.approx(c["lambda"][0], rel=1e-12)


def mint_shrink_numpy(E, S, yhat):
    """MinT(Shrink) from the papers: E is T x n residuals."""
    T = E.shape[0]
    X = E - E.mean(axis=0)
    sd = np.sqrt((X ** 2).sum(axis=0) / (T - 1))
    Z = X / sd
    # Schaefer & Strimmer (2005), section 2.3 and target D (table 1):
    # w_kij = z_ki z_kj, r_ij = T/(T-1) mean_k w_kij,
    # Var(r_ij) = T/(T-1)^3 sum_k (w_kij - mean w_ij)^2
    w = Z[:, :, None] * Z[:, None, :]
    wbar = w.mean(axis=0)
    r = T / (T - 1) * wbar
    var_r = T / (T - 1) ** 3 * ((w - wbar) ** 2).sum(axis=0)
    off = ~np.eye(E.shape[1], dtype=bool)
    lam = min(1.0, max(0.0, var_r[off].sum() / (r[off] ** 2).sum()))
    Wc = X.T @ X / (T - 1)
    W = lam * np.diag(np.diag(Wc)) + (1 - lam) * Wc
    Wi = np.linalg.inv(W)
    G = np.linalg.solve(S.T @ Wi @ S, S.T @ Wi)   # (S'W^-1 S)^-1 S'W^-1
    return S @ G @ yhat, lam


@pytest.mark.parametrize("seed", range(8))
def test_mint_shrink_against_numpy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 12))
    parent = [-1] + [int(rng.integers(0, i)) for i in range(1, n)]
    T = int(rng.integers(6, 40))
    y = 100 + np.cumsum(rng.normal(size=(n, T)) * rng.uniform(1, 5, size=(n, 1)), axis=1)
    y[:, -1] += rng.normal(size=n) * 3
    S = summing(parent)
    res = fpa.hierarchical_forecast(y, tree_of(parent), horizon=2, level=None,
                                    method="naive", reconcile="mint_shrink")
    want, lam = mint_shrink_numpy(np.diff(y, axis=1).T, S, y[:, -1])
    assert res.shrinkage == pytest.approx(lam, rel=1e-10, abs=1e-14)
    for j in range(2):
        np.testing.assert_allclose(res.mean.iloc[:, j].to_numpy(), want, rtol=1e-9)


def frame():
    idx = pd.period_range("2023-01", periods=36, freq="M")
    t = np.arange(36)
    uk = 100 + 10 * np.sin(2 * np.pi * t / 12) + t
    de = 80 + 5 * np.cos(2 * np.pi * t / 12) + 0.5 * t
    us = 200 + 3 * t + 4 * np.sin(t)
    rows = {"UK": uk, "DE": de, "US": us, "EMEA": uk + de + 1.5, "Group": uk + de + us - 2}
    return pd.DataFrame(rows, index=idx).T, {"Group": None, "EMEA": "Group", "US": "Group",
                                             "UK": "EMEA", "DE": "EMEA"}


def test_pandas_in_dataframes_out():
    df, tree = frame()
    res = fpa.hierarchical_forecast(df, tree, horizon=6, method="ets")
    assert list(res.mean.index) == ["Group", "EMEA", "US", "UK", "DE"]
    assert res.mean.columns[0] == pd.Period("2026-01", "M")
    assert res.mean.shape == (5, 6) and set(res.lower) == {80, 95}
    m = res.mean
    np.testing.assert_array_equal(m.loc["EMEA"], m.loc["UK"] + m.loc["DE"])
    np.testing.assert_array_equal(m.loc["Group"], m.loc["EMEA"] + m.loc["US"])
    assert (res.lower[95] <= res.lower[80]).all().all()
    assert (res.upper[95] >= res.upper[80]).all().all()
    assert res.models.loc["UK"].startswith("ETS(")
    long = res.to_frame()
    assert list(long.columns) == ["mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert long.index.names == ["id", "period"] and len(long) == 30
    assert long.attrs["method"] == "mint_shrink"
    assert long.loc[("UK", pd.Period("2026-02", "M")), "mean"] == m.loc["UK"].iloc[1]
    assert (res.to_frame(base=True)["mean"] != long["mean"]).any()


def test_sum_of_leaves_needs_only_leaves():
    df, tree = frame()
    leaves = df.loc[["UK", "DE", "US"]]
    bu = fpa.hierarchical_forecast(leaves, tree, horizon=3, aggregates="sum",
                                   method="drift", reconcile="bottom_up", level=90)
    base = fpa.forecast(df.loc["UK"].to_numpy(), period=12, method="drift",
                        horizon=3, level=None)
    np.testing.assert_allclose(bu.mean.loc["UK"].to_numpy(), base.mean, rtol=1e-13)
    # the aggregates' base forecasts are fitted to the sums of the leaves
    emea = fpa.forecast(df.loc["UK"].to_numpy() + df.loc["DE"].to_numpy(), period=12,
                        method="drift", horizon=3, level=None)
    np.testing.assert_allclose(bu.base_mean.loc["EMEA"].to_numpy(), emea.mean, rtol=1e-12)
    with pytest.raises(fpa.InvalidArgumentError, match="no row for node 'Group'"):
        fpa.hierarchical_forecast(leaves, tree, aggregates="given")


def test_every_method_and_interval_kind_adds_up():
    df, tree = frame()
    hier = fpa.Hierarchy(fpa.hierarchy(tree), df, method="ses")
    for method in fpa.RECONCILE_METHODS:
        for intervals in ("gaussian", "simulate"):
            hier.reconcile, hier.intervals = method, intervals
            res = hier.forecast(4, 80, npaths=500, seed=3)
            m = res.mean
            np.testing.assert_array_equal(m.loc["Group"], m.loc["EMEA"] + m.loc["US"])
            assert (res.lower[80] < m).all().all() and (res.upper[80] > m).all().all()
    assert "ses" in repr(hier)
    hier.close()
    with pytest.raises(fpa.InvalidArgumentError, match="closed"):
        hier.forecast(2)


def test_simulation_is_reproducible():
    df, tree = frame()
    a = fpa.hierarchical_forecast(df, tree, horizon=3, intervals="simulate", method="ets",
                                  seed=11, npaths=400, threads=2)
    b = fpa.hierarchical_forecast(df, tree, horizon=3, intervals="simulate", method="ets",
                                  seed=11, npaths=400)
    pd.testing.assert_frame_equal(a.lower[95], b.lower[95])


def test_bad_input_names_the_node():
    df, tree = frame()
    bad = df.copy()
    bad.iloc[3, 10] = np.nan  # EMEA
    with pytest.raises(fpa.DomainError, match='node "EMEA".*period 10'):
        fpa.hierarchical_forecast(bad, tree)
    with pytest.raises(fpa.InvalidArgumentError, match="not a node id"):
        fpa.hierarchical_forecast(df.rename(index={"UK": "FR"}), tree)
    with pytest.raises(fpa.InvalidArgumentError, match="reconcile"):
        fpa.hierarchical_forecast(df, tree, reconcile="mint_cov")
    with pytest.raises(fpa.InvalidArgumentError, match="nodes x periods"):
        fpa.hierarchical_forecast(np.ones((2, 5)), tree)
    with pytest.raises(fpa.InvalidArgumentError, match='node "Group"'):
        fpa.hierarchical_forecast(df, tree, method="theta", intervals="simulate")
    zero = df * 0
    zero.loc["UK"] = 1.0
    zero.loc["DE"] = -1.0
    zero.loc["US"] = zero.loc["EMEA"] = 5.0
    with pytest.raises(fpa.DomainError, match="children of \"EMEA\" sum to 0"):
        fpa.hierarchical_forecast(zero, tree, method="naive", reconcile="top_down")
    late = df.copy()
    late.loc["DE"] = late.loc["DE"].where(np.arange(36) >= 12)  # launched a year later
    res = fpa.hierarchical_forecast(late.loc[["UK", "DE", "US"]], tree, aggregates="sum",
                                    horizon=2, method="naive")
    assert math.isfinite(res.mean.loc["Group"].iloc[0])


def test_documented():
    assert undocumented(HI) == []
    assert mentions_every_public_name(HI, __file__) == []
    fpa.HierarchyForecast  # the result type
