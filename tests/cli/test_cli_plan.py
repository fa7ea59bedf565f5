# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of `fpa forecast`, `fpa backtest`, `fpa wc`, the variance report's
full-year outlook and the review's forecast and working-capital sections.

Truth comes from outside the program:
- R's forecast package (8.20): tests/ref/cli_forecast_ref.csv, written by
  tests/ref/make_cli_ref.R (snaive, naive, drift and Theta forecasts with
  their intervals; tsCV errors of rolling-origin backtests);
- independent numpy/pandas arithmetic from the same CSV files: seasonal
  naive backtests and their error measures, the working-capital metrics,
  the cash projection of wc.h's formulas, what-ifs, goal seek, and the
  analytic distribution of ending cash under a persistent DSO shift;
- the C library through the Python binding's cffi module, for what only it
  defines (ETS fits); skipped when the binding is not built.
"""
import csv
import json
import math
import os
import pathlib
import pty
import subprocess

import numpy as np
import pandas as pd
import pytest

from test_cli import (DATA, FPA, SAMPLE, SRC, child_env, close, ffi, js, lib, needs_lib, ok,
                      run, table, wide_or_long, chart)

REF = SRC / "tests" / "ref" / "cli_forecast_ref.csv"
ACTUALS = SAMPLE / "actuals.csv"
DAYS = 365 / 12          # a month on the default basis (365/12 days)
Z05 = -1.6448536269514722  # R: qnorm(0.05)


def rows_of(out, section, name, **match):
    return [r for r in table(out, section, name) if all(r[k] == v for k, v in match.items())]


# ---- fpa forecast -----------------------------------------------------------------

def ref_rows(kind):
    df = pd.read_csv(REF)
    return df[df.kind == kind]


@pytest.mark.parametrize("method", ["snaive", "naive", "drift", "theta"])
def test_forecast_against_R(method):
    ref = ref_rows("forecast")
    ref = ref[ref.method == method]
    for (file, series), want in ref.groupby(["file", "series"]):
        out = js("forecast", SRC / file, "--method", method, "--horizon", len(want))
        got = rows_of(out, "forecast", "forecast", series=series)
        assert len(got) == len(want)
        # snaive, naive and drift are R's exactly; Theta's smoothing parameter
        # is estimated by another optimiser (GSL's Nelder-Mead, R's optim):
        # within 1e-4 of R on these series
        tol = 2e-4 if method == "theta" else 1e-12
        for g, (_, w) in zip(got, want.iterrows()):
            assert g["horizon"] == w.horizon
            for col in ("forecast", "lower_80", "upper_80", "lower_95", "upper_95"):
                ref_col = "mean" if col == "forecast" else col
                assert close(g[col], w[ref_col], rel=tol), (series, method, col, g, w)


@needs_lib
@pytest.mark.parametrize("method", ["auto", "combo", "damped"])
def test_forecast_equals_library(method):
    out = js("forecast", ACTUALS, "--method", method, "--horizon", 7, "--level", "50,99")
    act = pd.read_csv(ACTUALS)
    models = {m["series"]: m for m in table(out, "forecast", "models")}
    m = ffi.new("fpa_forecast_method *")
    assert lib.fpa_forecast_method_find(m, b"ets" if method == "auto" else method.encode()) == 0
    for series, g in act.groupby("series", sort=False):
        y = ffi.new("double[]", list(g.value))
        model = ffi.new("fpa_forecast_model **")
        assert lib.fpa_forecast_fit(model, m[0], y, len(g), 12, ffi.NULL) == 0
        mean, lo, hi = (ffi.new("double[]", 14) for _ in range(3))
        levels = ffi.new("double[]", [50, 99])
        assert lib.fpa_forecast_predict(mean, lo, hi, model[0], 7, levels, 2, ffi.NULL) == 0
        name = ffi.string(lib.fpa_forecast_model_name(model[0])).decode()
        lib.fpa_forecast_model_free(model[0])
        assert models[series]["model"] == name and models[series]["method"] == method
        assert models[series]["observations"] == len(g)
        got = rows_of(out, "forecast", "forecast", series=series)
        for j, r in enumerate(got):  # the same C code: bit for bit
            assert r["forecast"] == mean[j]
            assert (r["lower_50"], r["upper_50"]) == (lo[j], hi[j])
            assert (r["lower_99"], r["upper_99"]) == (lo[7 + j], hi[7 + j])


def split_sample(tmp_path, last="2026-06"):
    act = pd.read_csv(ACTUALS)
    base, new = tmp_path / "base.csv", tmp_path / "new.csv"
    act[act.period <= last].to_csv(base, index=False)
    act[act.period > last].to_csv(new, index=False)
    return act, base, new


def test_forecast_rolling_refit(tmp_path):
    """Closing the new months one by one and re-fitting gives, at the end,
    the forecast of all the actuals; version 0 is the forecast made before;
    the accuracy by lag is that of the versions against the new actuals."""
    act, base, new = split_sample(tmp_path)
    roll = js("forecast", base, "--append", new, "--horizon", 6)
    plain = js("forecast", ACTUALS, "--horizon", 6)
    before = js("forecast", base, "--horizon", 6)
    assert table(roll, "forecast", "forecast") == table(plain, "forecast", "forecast")
    for a, b in zip(table(roll, "forecast", "models"), table(plain, "forecast", "models")):
        assert a == b
    versions = pd.DataFrame(table(roll, "forecast", "versions"))
    v0 = versions[versions.version == 0]
    assert list(v0.forecast) == [r["forecast"] for r in table(before, "forecast", "forecast")]
    assert set(versions.version) == {0, 1, 2, 3}
    # accuracy by lag, from the versions and the new actuals
    truth = act.set_index(["series", "period"]).value
    acc = pd.DataFrame(table(roll, "forecast", "accuracy"))
    for _, r in acc.iterrows():
        v = versions[(versions.series == r.series) & (versions.horizon == r.lag)]
        v = v[v.period <= "2026-09"]
        e = np.array([truth[(r.series, p)] - f for p, f in zip(v.period, v.forecast)])
        y = np.array([truth[(r.series, p)] for p in v.period])
        assert r.pairs == len(e)
        assert close(r.mae, np.mean(np.abs(e)), rel=1e-12)
        assert close(r.rmse, np.sqrt(np.mean(e ** 2)), rel=1e-12)
        assert close(r.bias, np.mean(e), rel=1e-9, abs_=1e-6)
        assert close(r.mape, 100 * np.mean(np.abs(e / y)), rel=1e-12)
        assert close(r.wape, 100 * np.sum(np.abs(e)) / np.sum(np.abs(y)), rel=1e-12)
    assert sorted(set(acc.lag)) == [1, 2, 3]


def test_forecast_rolling_update_keeps_the_model(tmp_path):
    act, base, new = split_sample(tmp_path)
    upd = js("forecast", base, "--append", new, "--update", "--horizon", 3)
    before = {m["series"]: m for m in table(js("forecast", base), "forecast", "models")}
    for m in table(upd, "forecast", "models"):
        b = before[m["series"]]
        assert m["model"] == b["model"] and m["last"] == "2026-09"
        if m["model"].startswith("ETS"):  # parameters kept, state updated
            assert (m["alpha"], m["beta"], m["gamma"]) == (b["alpha"], b["beta"], b["gamma"])
    refit = js("forecast", base, "--append", new, "--horizon", 3)
    assert table(upd, "forecast", "forecast") != table(refit, "forecast", "forecast")


def test_forecast_wide_file_and_text():
    out = js("forecast", DATA / "good" / "budget.csv", "--method", "naive", "--horizon", 2,
             "--level", "none")
    bud = pd.read_csv(DATA / "good" / "budget.csv")
    got = table(out, "forecast", "forecast")
    assert [r["series"] for r in got[::2]] == list(bud.columns[1:])
    for r in got:
        assert r["forecast"] == bud[r["series"]].iloc[-1]
        assert "lower_80" not in r
    text = ok("forecast", DATA / "good" / "budget.csv", "--method", "naive", "--horizon", 2)
    assert "rev.a: Naive" in text and "lower_80" in text


def test_forecast_threads_and_progress(tmp_path):
    many = tmp_path / "many.csv"
    rng = np.random.default_rng(9)
    with open(many, "w") as f:
        f.write("series,period,value\n")
        for k in range(250):
            for m in range(30):
                f.write(f"s{k},{2020 + m // 12}-{m % 12 + 1:02d},{100 + k + rng.normal():.4f}\n")
    args = ["forecast", str(many), "--method", "theta", "--format", "csv", "--table", "forecast"]
    one = run(*args, "--threads", 1)
    assert one.returncode == 0 and one.stderr == ""
    assert run(*args, "--threads", 3).stdout == one.stdout
    master, slave = pty.openpty()
    target = tmp_path / "out.csv"  # a file: a full pipe would stall the program
    p = subprocess.Popen([FPA, *args, "--threads", "2", "--output", str(target)],
                         stdout=subprocess.PIPE, stderr=slave, env=child_env())
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert p.stdout.read() == b""
    p.wait()
    os.close(master)
    assert p.returncode == 0 and b"fpa: forecast: " in seen and b"(100%)" in seen
    assert target.read_text() == one.stdout


FORECAST_BAD = [
    (["forecast"], 2, "forecast: needs an input FILE (CSV of monthly series)"),
    (["forecast", "good/actuals.csv", "--method", "prophet"], 2,
     '--method: "prophet" is not a method (auto, ets, combo, theta, otheta, damped, holt, ses, '
     'naive, snaive, naive2, drift, ma, linear, arima, ensemble)'),
    (["forecast", "good/actuals.csv", "--level", "80,100"], 2,
     '--level: "100" is not a percentage between 0 and 100'),
    (["forecast", "good/actuals.csv", "--horizon", "0"], 2,
     '--horizon: "0" is not a count from 1 to 100000'),
    (["forecast", "good/actuals.csv", "--update"], 2,
     "forecast: --update is for the rolling forecast (--append)"),
    (["forecast", "bad/gap.csv"], 3,
     'bad/gap.csv:4:2: "rev.a" has no value for 2025-03: the months jump from 2025-02 to '
     '2025-04'),
    (["forecast", "good/actuals.csv", "--append", "good/actuals.csv"], 3,
     'good/actuals.csv:2:1: series "rev.a" starts in 2024-01: the new actuals must start in '
     '2025-07, after its last month in good/actuals.csv'),
    (["forecast", "good/actuals.csv", "--append", "good/balances.csv"], 3,
     'good/balances.csv:2:1: series "cash" is not in good/actuals.csv'),
    (["backtest", "good/actuals.csv", "--window", "rolling"], 2,
     '--window: "rolling" is not expanding or sliding'),
    (["backtest", "good/actuals.csv", "--method", "theta,theta"], 2, "--method: theta repeats"),
]


@pytest.mark.parametrize("args,code,message", FORECAST_BAD)
def test_forecast_bad_input(args, code, message, tmp_path):
    r = run(*args)
    assert (r.returncode, r.stdout, r.stderr) == (code, "", f"fpa: {message}\n")
    target = tmp_path / "f.csv"
    r = run(*args, "--format", "csv", "--output", target)
    assert r.returncode == code and not target.exists()
    assert list(tmp_path.iterdir()) == []


# ---- fpa backtest ---------------------------------------------------------------------

def test_backtest_against_R():
    ref = ref_rows("backtest")
    for (file, series, method), want in ref.groupby(["file", "series", "method"]):
        out = js("backtest", SRC / file, "--method", method, "--horizon", 3, "--origins", 4)
        got = rows_of(out, "backtest", "forecasts", series=series, method=method)
        y = pd.read_csv(SRC / file)
        y = y[y.series == series].sort_values("period")
        periods = list(y.period)
        assert len(got) == len(want) == 12
        for g, (_, w) in zip(got, want.sort_values(["origin", "horizon"]).iterrows()):
            assert g["origin"] == periods[w.origin - 1] and g["horizon"] == w.horizon
            tol = 2e-4 if method == "theta" else 1e-12  # as in test_forecast_against_R
            assert abs(g["error"] - w["mean"]) <= tol * abs(g["forecast"]), (g, w)


def snaive_backtest(y, h, k, window=None, m=12):
    """Seasonal naive from each of k origins (expanding, or sliding of
    `window` values): forecasts, actuals and per-origin MASE scales."""
    n = len(y)
    out = []
    for o in range(n - h - k + 1, n - h + 1):  # o training values
        train = y[max(0, o - window) if window else 0:o]
        f = np.array([train[len(train) - m + (j % m)] for j in range(h)])
        scale = np.mean(np.abs(train[m:] - train[:-m]))
        out.append((f, y[o:o + h], scale))
    return out


def test_backtest_snaive_against_arithmetic():
    act = pd.read_csv(ACTUALS)
    out = js("backtest", ACTUALS, "--method", "snaive", "--horizon", 6, "--origins", 5)
    summary = {r["series"]: r for r in table(out, "backtest", "summary")}
    by_h = pd.DataFrame(table(out, "backtest", "by_horizon"))
    for series, g in act.groupby("series", sort=False):
        y = g.value.to_numpy()
        res = snaive_backtest(y, 6, 5)
        f = np.array([r[0] for r in res])
        a = np.array([r[1] for r in res])
        scale = np.array([r[2] for r in res])
        e = a - f
        s = summary[series]
        assert s["status"] == "ok" and (s["first_origin"], s["last_origin"]) == ("2025-11",
                                                                                  "2026-03")
        assert close(s["mae"], np.mean(np.abs(e)), rel=1e-12)
        assert close(s["rmse"], np.sqrt(np.mean(e ** 2)), rel=1e-12)
        assert close(s["mape"], 100 * np.mean(np.abs(e / a)), rel=1e-12)
        assert close(s["smape"], 200 * np.mean(np.abs(e) / (np.abs(a) + np.abs(f))), rel=1e-12)
        assert close(s["wape"], 100 * np.sum(np.abs(e)) / np.sum(np.abs(a)), rel=1e-12)
        assert close(s["bias"], np.mean(e), rel=1e-9, abs_=1e-6)
        # MASE: each origin's errors scaled by its own training data, averaged
        assert close(s["mase"], np.mean(np.abs(e) / scale[:, None]), rel=1e-12)
        mine = by_h[by_h.series == series].sort_values("horizon")
        for j, r in enumerate(mine.itertuples()):
            assert close(r.mae, np.mean(np.abs(e[:, j])), rel=1e-12)
            assert close(r.mase, np.mean(np.abs(e[:, j]) / scale), rel=1e-12)
    methods = table(out, "backtest", "methods")
    assert methods[0]["series"] == 23 and methods[0]["failed"] == 0
    assert close(methods[0]["smape"], np.mean([s["smape"] for s in summary.values()]),
                 rel=1e-12)


def test_backtest_sliding_window_scale():
    act = pd.read_csv(ACTUALS)
    y = act[act.series == "rev.cloud.emea"].value.to_numpy()
    out = js("backtest", ACTUALS, "--method", "snaive", "--horizon", 3, "--origins", 4,
             "--window", "sliding", "--window-length", 14)
    s = rows_of(out, "backtest", "summary", series="rev.cloud.emea")[0]
    res = snaive_backtest(y, 3, 4, window=14)
    e = np.array([r[1] - r[0] for r in res])
    assert close(s["mase"], np.mean(np.abs(e) / np.array([r[2] for r in res])[:, None]),
                 rel=1e-12)


def test_backtest_methods_compared_and_failures():
    out = js("backtest", DATA / "good" / "actuals.csv", "--method", "snaive,theta,auto",
             "--horizon", 6, "--origins", 14)
    methods = table(out, "backtest", "methods")
    assert [m["method"] for m in methods] == ["snaive", "theta", "auto"]
    # 18 months: the first of 14 origins 6 months from the end has no data
    assert all(m["failed"] == 6 and m["series"] == 0 for m in methods)
    s = table(out, "backtest", "summary")[0]
    assert s["status"] == "FPA_EINVAL" and "cannot hold 14 origins" in s["detail"]
    assert s["mae"] is None


# ---- the full-year outlook ------------------------------------------------------------

@needs_lib
def test_variance_outlook_adds_the_lines_forecasts():
    out = js("variance", "--sample", "--window", "outlook", "--method", "theta")
    fc = js("forecast", ACTUALS, "--method", "theta", "--horizon", 3, "--level", "none")
    rest = pd.DataFrame(table(fc, "forecast", "forecast")).groupby("series").forecast.sum()
    ids, parent, nature, leaves = chart(SAMPLE / "lines.json")
    act = wide_or_long(ACTUALS)
    # the revenue lines: reconciled across the revenue hierarchy
    tree = revenue_tree(ids, parent, nature, pd.read_csv(ACTUALS))
    rec = revenue_reconciled(pd.read_csv(ACTUALS), tree, 3, method="theta")
    for node in tree:
        rest[node] = rec.mean.loc[node].sum()
    bud = wide_or_long(SAMPLE / "budget.csv")
    ytd = act[act.period.between("2026-01", "2026-09")].groupby("series").value.sum()
    fy = bud.groupby("series").value.sum()
    for r in table(out, "variance", "lines"):
        assert (r["window"], r["from"], r["to"]) == ("outlook", "2026-01", "2026-12")
        ls = leaves(r["line"])
        sign = {x: 1 if nature[x] == "revenue" else -1 for x in ls}
        cost = all(s < 0 for s in sign.values())
        o = sum(sign[x] * (ytd[x] + rest[x]) for x in ls) * (-1 if cost else 1)
        b = sum(sign[x] * fy[x] for x in ls) * (-1 if cost else 1)
        assert close(r["actual"], o) and close(r["budget"], b), r
    # the review's outlook table is the variance report's, with its parts
    rev = js("review", "--sections", "forecast", "--method", "theta")
    var = {r["line"]: r for r in table(out, "variance", "lines")}
    for r in table(rev, "forecast", "outlook"):
        v = var[r["line"]]
        assert r["level"] <= 2
        assert (r["budget"], r["outlook"], r["variance"]) == (v["budget"], v["actual"],
                                                              v["variance"])
        ls = leaves(r["line"])
        sign = (-1 if all(nature[x] != "revenue" for x in ls) else 1)
        want = sign * sum((1 if nature[x] == "revenue" else -1) * ytd[x] for x in ls)
        assert close(r["actual"], want) and close(r["forecast"], r["outlook"] - r["actual"])


def test_outlook_needs_the_fiscal_year_of_budget(tmp_path):
    bud = pd.read_csv(DATA / "good" / "budget.csv").iloc[:9]   # 2025-01 .. 2025-09
    short = tmp_path / "budget9.csv"
    bud.to_csv(short, index=False)
    base = ["--actuals", "good/actuals.csv", "--lines", "good/lines.csv", "--budget", short]
    rev = js("review", *base, "--sections", "forecast,variance")
    assert {r["window"] for r in table(rev, "variance", "lines")} == {"period", "qtd", "ytd"}
    assert any(n.startswith("outlook window left out: the budget does not cover the fiscal")
               for n in rev["sections"]["variance"]["notes"])
    r = run("variance", *base, "--window", "outlook")
    assert r.returncode == 3 and r.stderr.startswith(f"fpa: {short}: the outlook window does "
                                                     "not fit the budget's months")


# ---- the review's forecast section ------------------------------------------------------

def revenue_tree(ids, parent, nature, act):
    """The review's revenue hierarchy of the sample: its totals, and the lines
    with actuals under them."""
    have = set(act.series)
    nodes = [i for i in ids if nature[i] == "revenue" and
             (i in have or any(parent[j] == i for j in ids))]
    return {i: (parent[i] if parent[i] in nodes else None) for i in nodes}


def revenue_reconciled(act, tree, horizon, method="auto"):
    """The same revenue hierarchy forecast and reconciled by a Python host
    (fpa.hierarchical_forecast: MinT with shrinkage, aggregates the sums of
    the leaves)."""
    import fpa
    wide = act.pivot(index="series", columns="period", values="value")
    leaves = [i for i in tree if i not in set(tree.values())]
    return fpa.hierarchical_forecast(wide.loc[leaves], fpa.hierarchy(tree), horizon,
                                     aggregates="sum", method=method, period=12)


@needs_lib
def test_review_forecast_section():
    rev = js("review", "--sections", "forecast")
    sec = rev["sections"]["forecast"]
    rolling = pd.DataFrame(sec["tables"]["rolling"])
    act = pd.read_csv(ACTUALS)
    ids, parent, nature, leaves = chart(SAMPLE / "lines.json")
    tree = revenue_tree(ids, parent, nature, act)
    revenue_lines = [i for i in tree if i in set(act.series)]
    assert set(rolling[rolling.kind == "line"].line) == set(revenue_lines)
    totals = sorted(set(rolling[rolling.kind == "total"].line))
    assert totals == ["rev.cloud", "rev.gateways", "rev.sensors", "revenue"]
    # the lines and totals are what a Python host gets from the library's
    # reconciliation of the same hierarchy (fpa_hierarchy_forecast, tested
    # against R's hts/forecast in tests/test_hierarchy.c), and they add up
    want = revenue_reconciled(act, tree, 18)
    for node in tree:
        mine = rolling[rolling.line == node]
        assert np.allclose(mine.forecast, want.mean.loc[node], rtol=1e-9), node
        assert np.allclose(mine.upper_95, want.upper[95.0].loc[node], rtol=1e-9), node
        kids = [k for k, p in tree.items() if p == node]
        if kids:
            parts = sum(rolling[rolling.line == k].forecast.to_numpy() for k in kids)
            assert np.allclose(mine.forecast, parts, rtol=1e-12), node
    assert any(f"reconciled across the chart's revenue hierarchy by mint_shrink (shrinkage "
               f"lambda {want.shrinkage:.3f})" in n for n in sec["notes"])
    # the base models are each line's own, as fpa forecast fits them
    plain = js("forecast", ACTUALS, "--horizon", 18)
    models = {m["line"]: m for m in sec["tables"]["models"]}
    for m in table(plain, "forecast", "models"):
        if m["series"] in revenue_lines:
            assert models[m["series"]]["model"] == m["model"]
    # the table for a person: the total, and the same month a year before
    wide = act.pivot(index="period", columns="series", values="value")
    summed = wide[revenue_lines].fillna(0.0).sum(axis=1)
    tot = sec["tables"]["revenue"]
    assert [r["forecast"] for r in tot] == list(rolling[rolling.line == "revenue"].forecast)
    assert np.allclose([r["prior_year"] for r in tot[:12]], summed.iloc[-12:], rtol=1e-12)
    assert all(r["prior_year"] is None for r in tot[12:])
    for m in sec["tables"]["models"]:
        y = summed if m["line"] == "revenue" else act[act.series == m["line"]].value
        own = rolling[rolling.line == m["line"]].forecast
        if m["line"] in tree:
            assert close(m["next_12"], own.iloc[:12].sum(), rel=1e-12)
        if m["line"] in ("revenue", "ga.it"):
            assert close(m["last_12"], y.iloc[-12:].sum(), rel=1e-12)
            assert close(m["growth"], m["next_12"] / m["last_12"] - 1, rel=1e-12)


# ---- working capital --------------------------------------------------------------------

def pnl_by_month(actuals, lines):
    ids, parent, nature, leaves = chart(lines)
    act = wide_or_long(actuals)
    act["nature"] = act.series.map(nature)
    rev = act[act.nature == "revenue"].groupby("period").value.sum()
    cogs = act[act.nature == "cogs"].groupby("period").value.sum()
    return rev, cogs.reindex(rev.index, fill_value=0.0)


def test_wc_metrics_against_arithmetic():
    out = js("wc", "--sample", "--paths", 0)
    rev, cogs = pnl_by_month(ACTUALS, SAMPLE / "lines.json")
    bal = pd.read_csv(SAMPLE / "balances.csv").set_index("period")
    rows = table(out, "working_capital", "metrics")
    assert [r["period"] for r in rows] == list(bal.index)
    prev = None
    for r in rows:
        p, b = r["period"], bal.loc[r["period"]]
        assert r["days"] == pytest.approx(DAYS, rel=1e-12)
        assert close(r["dso"], b.ar / rev[p] * DAYS, rel=1e-12)
        assert close(r["dio"], b.inventory / cogs[p] * DAYS, rel=1e-12)
        assert close(r["dpo"], b.ap / cogs[p] * DAYS, rel=1e-12)
        assert close(r["ccc"], r["dso"] + r["dio"] - r["dpo"], rel=1e-12)
        nwc = b.ar + b.inventory - b.ap
        assert close(r["nwc"], nwc, rel=1e-12)
        if prev is None:
            assert r["other_cash"] is None
        else:  # cash = cash_prev + revenue - cogs - change in nwc + other
            other = b.cash - prev.cash - rev[p] + cogs[p] + nwc - (prev.ar + prev.inventory
                                                                  - prev.ap)
            assert close(r["other_cash"], other, rel=1e-9, abs_=1e-6)
        prev = b
    # the sample's story: a late payer from June, stuck gateways from May
    by = {r["period"]: r for r in rows}
    assert by["2026-06"]["dso"] - by["2026-04"]["dso"] > 7
    assert by["2026-05"]["dio"] - by["2026-04"]["dio"] > 20


def project(drivers, opening, changes=()):
    """wc.h's projection, written out (docs/wc.md, Ross, Westerfield & Jaffe
    26.4-26.5), with scenario changes (driver, op, value, first month)."""
    df = pd.DataFrame(drivers).set_index("period")
    months = list(df.index)
    for drv, op, v, frm in changes:
        sel = [m >= frm for m in months]
        col = df[drv].to_numpy(copy=True)
        col[sel] = v if op == "set" else col[sel] + v if op == "add" else col[sel] * v
        df[drv] = col
    ar0, inv0, ap0, cash0 = opening
    rows = []
    for m, d in df.iterrows():
        ar, inv, ap = d.dso * d.revenue / d.days, d.dio * d.cogs / d.days, d.dpo * d.cogs / d.days
        purchases = d.cogs + inv - inv0
        coll, pay = ar0 + d.revenue - ar, ap0 + purchases - ap
        net = coll - pay + d.other_cash
        cash0 = cash0 + net
        rows.append(dict(period=m, ar=ar, inventory=inv, ap=ap, nwc=ar + inv - ap,
                         collections=coll, payments=pay, net_cash=net, cash=cash0))
        ar0, inv0, ap0 = ar, inv, ap
    return rows


def opening_of(out):
    last = table(out, "working_capital", "metrics")[-1]
    return last["ar"], last["inventory"], last["ap"], last["cash"]


def changes_of(file):
    spec = json.load(open(file))
    return {s["name"]: [(c["driver"], c["op"], c["value"], c.get("from", "0000-00"))
                        for c in s["changes"]] for s in spec["scenarios"]}


@pytest.mark.parametrize("company", [SAMPLE / "company.json", DATA / "good" / "company.json"])
def test_wc_projection_and_what_ifs_against_formulas(company):
    scen = SAMPLE / "scenarios.json" if "sample" in str(company) else \
        DATA / "good" / "scenarios.json"
    out = js("wc", "--company", company, "--scenarios", scen, "--paths", 0)
    drivers = table(out, "working_capital", "drivers")
    opening = opening_of(out)
    floor = json.load(open(company)).get("cash_floor", 0)
    proj = pd.DataFrame(table(out, "working_capital", "projection"))
    summary = {r["scenario"]: r for r in table(out, "working_capital", "scenarios")}
    cases = {"base": [], **changes_of(scen)}
    base_end = None
    for name, ch in cases.items():
        want = project(drivers, opening, ch)
        got = proj[proj.scenario == name].to_dict("records")
        assert len(got) == len(want) == 18
        for g, w in zip(got, want):
            for k in w:
                if k != "period":
                    assert close(g[k], w[k], rel=1e-9, abs_=1e-6), (name, g["period"], k)
        cash = np.array([w["cash"] for w in want])
        base_end = cash[-1] if name == "base" else base_end
        s = summary[name]
        assert close(s["ending_cash"], cash[-1], rel=1e-9)
        assert close(s["cash_vs_base"], cash[-1] - base_end, rel=1e-9, abs_=1e-6)
        assert close(s["min_cash"], cash.min(), rel=1e-9)
        assert s["min_cash_period"] == want[int(cash.argmin())]["period"]
        assert close(s["ending_nwc"], want[-1]["nwc"], rel=1e-9)
        assert close(s["funding_gap"], max(0.0, floor - cash.min()), rel=1e-9, abs_=1e-6)
        below = np.nonzero(cash < floor)[0]
        if len(below):
            assert s["breach_period"] == want[below[0]]["period"]
            assert s["runway_months"] == below[0]
        else:
            assert s["breach_period"] is None and s["runway_months"] is None
    if "good" in str(company):  # Acme runs out of cash within the horizon
        assert summary["base"]["runway_months"] == 17
    cash = table(out, "working_capital", "cash")
    assert [c["cash"] for c in cash] == list(proj[proj.scenario == "base"].cash)


def test_wc_drivers_from_history():
    out = js("wc", "--sample", "--paths", 0)
    metrics = pd.DataFrame(table(out, "working_capital", "metrics"))
    drv = pd.DataFrame(table(out, "working_capital", "drivers"))
    for k in ("dso", "dio", "dpo"):  # held at the mean of the last three months
        assert np.allclose(drv[k], metrics[k].iloc[-3:].mean(), rtol=1e-12)
    assert (drv.days == DAYS).all() or np.allclose(drv.days, DAYS, rtol=1e-12)
    # revenue and other cash: fpa forecast of their monthly series
    rev, cogs = pnl_by_month(ACTUALS, SAMPLE / "lines.json")
    other = metrics.set_index("period").other_cash.dropna()
    with_names = pd.concat([rev.rename("revenue"), other.rename("other_cash")], axis=1)
    series = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"wc_series_{os.getpid()}.csv"
    with_names.reset_index().rename(columns={"index": "period"}).to_csv(series, index=False)
    try:
        fc = pd.DataFrame(table(js("forecast", series, "--horizon", 18, "--level", "80"),
                                "forecast", "forecast"))
    finally:
        series.unlink()
    # (summed in another order, the revenue differs in the last bits)
    assert np.allclose(drv.revenue, fc[fc.series == "revenue"].forecast, rtol=1e-9)
    assert np.allclose(drv.revenue_lower_80, fc[fc.series == "revenue"].lower_80, rtol=1e-9)
    assert np.allclose(drv.other_cash, fc[fc.series == "other_cash"].forecast, rtol=1e-9)
    # days given on the command line, and another averaging window
    out = js("wc", "--sample", "--paths", 0, "--dso", 50, "--driver-months", 6)
    drv = pd.DataFrame(table(out, "working_capital", "drivers"))
    assert (drv.dso == 50).all()
    assert np.allclose(drv.dio, metrics.dio.iloc[-6:].mean(), rtol=1e-12)


def test_wc_drivers_file():
    out = js("wc", "--company", "good/company.json", "--drivers", "good/drivers.csv",
             "--paths", 0)
    given = pd.read_csv(DATA / "good" / "drivers.csv")
    drv = pd.DataFrame(table(out, "working_capital", "drivers"))
    assert list(drv.period) == list(given.period)
    assert list(drv.revenue) == list(given.revenue) and list(drv.dso) == list(given.dso)
    assert all(r is None or math.isnan(r) for r in drv.revenue_lower_80)
    assert any("revenue drivers file" in n for n in out["sections"]["working_capital"]["notes"])


def test_wc_goal_seek():
    out = js("wc", "--sample", "--paths", 0)
    drivers = table(out, "working_capital", "drivers")
    opening = opening_of(out)
    goals = {g["driver"]: g for g in table(out, "working_capital", "goal_seek")}
    for k in ("dso", "dio", "dpo"):
        g = goals[k]
        assert close(g["base"], drivers[0][k], rel=1e-12)
        cash = [w["cash"] for w in project(drivers, opening, [(k, "set", g["value"], "")])]
        assert close(min(cash), 1e6, rel=1e-7), k   # the sample's floor, just held
    assert goals["dso"]["value"] > goals["dso"]["base"]   # some room left ...
    assert goals["dpo"]["value"] < goals["dpo"]["base"]
    out = js("wc", "--sample", "--paths", 0, "--cash-floor", 0)
    dpo = [g for g in table(out, "working_capital", "goal_seek") if g["driver"] == "dpo"][0]
    assert dpo["value"] is None and dpo["note"] == \
        "the floor holds at every value from 0 to 365 days"


def test_wc_cash_at_risk_of_a_dso_shift(tmp_path):
    """A persistent DSO shift of N(0, s) moves the ending cash by -shift x
    the last month's revenue / days: ending cash is normal, with percentiles
    base - 1.645 sigma, base, base + 1.645 sigma."""
    spec = tmp_path / "dso.json"
    spec.write_text(json.dumps({"uncertainty": [
        {"driver": "dso", "op": "add", "dist": "normal", "params": [0, 3], "draw": "once"}]}))
    out = js("wc", "--sample", "--scenarios", spec, "--paths", 4000)
    drivers = table(out, "working_capital", "drivers")
    base = table(out, "working_capital", "scenarios")[0]["ending_cash"]
    sigma = 3 * drivers[-1]["revenue"] / drivers[-1]["days"]
    risk = table(out, "working_capital", "cash_at_risk")[0]
    assert risk["scenario"] == "base" and risk["paths"] == 4000 and risk["clamped_draws"] == 0
    # standard errors at 4000 paths: 0.034 sigma for the 5th percentile, 0.016 for the mean
    assert abs(risk["ending_cash_p5"] - (base + Z05 * sigma)) < 0.12 * sigma
    assert abs(risk["ending_cash_p95"] - (base - Z05 * sigma)) < 0.12 * sigma
    assert abs(risk["ending_cash_p50"] - base) < 0.08 * sigma
    assert abs(risk["ending_cash_mean"] - base) < 0.06 * sigma
    assert close(risk["cash_at_risk_95"], risk["ending_cash_p50"] - risk["ending_cash_p5"])
    notes = out["sections"]["working_capital"]["notes"]
    assert "Monte Carlo: uncertainty[0]: dso normal, once per path" in notes
    assert not any("correlated" in n for n in notes)


def test_wc_monte_carlo_properties():
    base = ["wc", "--sample", "--paths", 3000]
    one = js(*base, "--threads", 1)
    assert js(*base, "--threads", 3) == one
    other = js(*base, "--set", "seed=7")
    risk = table(one, "working_capital", "cash_at_risk")
    assert risk != table(other, "working_capital", "cash_at_risk")
    names = [r["scenario"] for r in risk]
    assert names == ["base", "collect 5 days faster", "carry 10% more inventory",
                     "clear the stuck gateway stock"]
    r = {x["scenario"]: x for x in risk}
    for x in risk:
        assert x["min_cash_p5"] <= x["min_cash_p50"] <= x["ending_cash_p50"]
        assert x["ending_cash_p5"] <= x["ending_cash_p50"] <= x["ending_cash_p95"]
        assert 0 <= x["breach_probability"] <= 1 and x["cash_floor"] == 1e6
    # collecting faster lowers the risk of breaching the floor; more stock raises it
    assert r["collect 5 days faster"]["breach_probability"] < r["base"]["breach_probability"] \
        < r["carry 10% more inventory"]["breach_probability"]
    cash = table(one, "working_capital", "cash")
    assert max(c["breach_probability"] for c in cash) <= r["base"]["breach_probability"]
    for c in cash:
        assert c["cash_p5"] <= c["cash_p50"] <= c["cash_p95"]
    notes = " ".join(one["sections"]["working_capital"]["notes"])
    assert "revenue and cost of sales correlated at" in notes and "seed 42" in notes
    none = js("wc", "--sample", "--paths", 0)
    assert "cash_at_risk" not in none["sections"]["working_capital"]["tables"]
    assert all(c["cash_p50"] is None for c in table(none, "working_capital", "cash"))


def test_review_working_capital_is_fpa_wc():
    rev = js("review", "--sections", "working_capital")
    wc = js("wc", "--sample")
    assert rev["sections"]["working_capital"] == wc["sections"]["working_capital"]


WC = ["wc", "--company", "good/company.json", "--paths", "100"]
WC_BAD = [
    (["--scenarios", "bad/scenario_driver.json"],
     'bad/scenario_driver.json: scenarios[1].changes[0].driver: unknown driver "dsx": expected '
     'revenue, cogs, dso, dio, dpo, other_cash'),
    (["--scenarios", "bad/scenario_op.json"],
     'bad/scenario_op.json: scenarios[0].changes[0].op: unknown op "minus": expected set, add, '
     'mul'),
    (["--scenarios", "bad/scenario_value.json"],
     "bad/scenario_value.json: scenarios[0].changes[0].value: expected a number"),
    (["--scenarios", "bad/scenario_from.json"],
     "bad/scenario_from.json: scenarios[0].changes[0].from: 2025-06 is before the "
     "projection's first month 2025-07"),
    (["--scenarios", "bad/scenario_key.json"],
     'bad/scenario_key.json: scenarios[0].changes[0]: unexpected key "month": expected driver, '
     'op, value, from, comment'),
    (["--scenarios", "bad/scenario_syntax.json"],
     "bad/scenario_syntax.json:3:1: invalid JSON: unexpected token near ']'"),
    (["--scenarios", "bad/scenario_repeat.json"],
     'bad/scenario_repeat.json: scenarios[1].name: "a" repeats scenarios[0]'),
    (["--scenarios", "bad/uncertainty_params.json"],
     "bad/uncertainty_params.json: uncertainty[0].params: expected an array of 3 numbers for "
     "triangular"),
    (["--scenarios", "bad/uncertainty_sd.json"],
     "bad/uncertainty_sd.json: uncertainty[0]: sd is -2; must be >= 0"),
    (["--drivers", "bad/drivers_name.csv"],
     'bad/drivers_name.csv:1:3: unexpected driver "dsx": expected revenue, cogs, dso, dio, dpo, '
     'other_cash'),
    (["--drivers", "bad/drivers_short.csv"],
     'bad/drivers_short.csv:2:1: "dso" covers 2025-07 .. 2025-08: the projection needs '
     '2025-07 .. 2026-12'),
    (["--drivers", "bad/drivers_negative.csv"],
     'bad/drivers_negative.csv:2:1: "dpo" is negative in 2025-11 (-1): only other_cash may be'),
    (["--balances", "bad/balances_no_cash.csv"],
     'bad/balances_no_cash.csv: working capital needs the balances "ar" and "cash"'),
    (["--scenarios", "bad/nosuch.json"], "bad/nosuch.json: No such file or directory"),
]


@pytest.mark.parametrize("args,message", WC_BAD, ids=[m.split(":")[0] for a, m in WC_BAD])
def test_wc_bad_input(args, message, tmp_path):
    r = run(*WC, *args)
    assert (r.returncode, r.stdout, r.stderr) == (3, "", f"fpa: {message}\n")
    target = tmp_path / "wc.json"
    target.write_text("previous\n")
    r = run(*WC, *args, "--format", "json", "--output", target)
    assert r.returncode == 3 and target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["wc.json"]
    # the review reads the same files, and fails the same way; without cash it
    # leaves the section out
    r = run("review", "--company", "good/company.json", *args, "--paths", "100")
    if "--balances" in args:
        assert r.returncode == 0 and "working_capital: needs the balances ar and cash" in r.stdout
    else:
        assert (r.returncode, r.stderr) == (3, f"fpa: {message}\n")


@pytest.mark.parametrize("args,message", [
    (["wc", "--actuals", "good/actuals.csv"], "wc: needs --actuals and --balances (or --sample)"),
    (["wc", "--sample", "--basis", "360"], '--basis: "360" is not 365, actual or 30/360'),
    (["wc", "--sample", "--dso", "-1"], '--dso: "-1" is not a number of days (0-3650)'),
    (["wc", "--sample", "--paths", "lots"], '--paths: "lots" is not a count from 0 to 10000000'),
    (["wc", "--sample", "--cash-floor", "1,000"], '--cash-floor: "1,000" is not a number'),
    (["review", "--sections", "cash"],
     '--sections: no section "cash" (forecast, forecast_accuracy, variance, unit, '
     'working_capital, reconciliation, spend_control)'),
])
def test_wc_usage_errors(args, message):
    r = run(*args)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"fpa: {message}\n")


def test_wc_basis_and_scenario_files_never_crash(tmp_path):
    """Byte flips and truncations of a scenario file: exit 0 or 3, one line."""
    import random
    rnd = random.Random(11)
    src = (DATA / "good" / "scenarios.json").read_bytes()
    for k in range(40):
        data = bytearray(src[:rnd.randrange(1, len(src))])
        for _ in range(rnd.randrange(0, 4)):
            data[rnd.randrange(len(data))] = rnd.choice(b'{}[]",:0-.e\x00\xffa')
        f = tmp_path / f"s{k}.json"
        f.write_bytes(bytes(data))
        r = run(*WC, "--scenarios", f, "--format", "json")
        assert r.returncode in (0, 3) and r.stderr.count("\n") == (r.returncode != 0), f
    for basis in ("actual", "30/360"):
        out = js(*WC, "--basis", basis)
        days = [r["days"] for r in table(out, "working_capital", "metrics")]
        assert days[0] == (31 if basis == "actual" else 30)  # 2024-07 (Acme's first month)
