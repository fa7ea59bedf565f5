# SPDX-License-Identifier: GPL-3.0-or-later
"""Forecasting from Python.

Expected values: tests/ref/forecast_ref.txt, written by
    Rscript tests/ref/make_forecast_ref.R > tests/ref/forecast_ref.txt
(R 4.x, forecast 8.20, on R's datasets) and read by tests/test_forecast.c,
with the C tests' tolerances and reasons:
- ETS built from R's estimates: the same recursion, 1e-9 relative;
- automatic selection: R's model on the clear-cut cases (AICc gap >= 1.5);
  the AICc reached no worse than R's by more than 0.05 for non-seasonal
  models;
- thetaf: alpha within 2e-3 (R's flat Nelder-Mead optimum), drift 1e-9,
  forecasts 5e-4;
- benchmarks and decompose: closed forms, 1e-10;
- the optimised Theta optimum: tests/ref/otheta_ref.txt (SciPy's L-BFGS-B,
  tests/ref/make_otheta_ref.py), forecasts 1e-3 as in tests/test_forecast_api.c.
And statsmodels 0.13 (Debian python3-statsmodels), an independent
implementation of the same state space models (Hyndman et al. 2008), by
``statsmodels.tsa.exponential_smoothing.ets.ETSModel``: see the tests.
The rest are properties (batch == single, thread-count invariance,
update == rebuild, rolling and backtest == refits, pandas labels) and bad
input.
"""
import importlib
import math

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, read_cases, undocumented

FC = importlib.import_module("fpa.forecast")
LEVELS = (80, 95)


def arr(case, key):
    return np.array(case[key], dtype=float)


def series(ref, kind, name):
    return arr(ref[(kind, name)], "y")


def rel_close(got, want, rel, what=""):
    np.testing.assert_allclose(got, want, rtol=rel, atol=0, err_msg=what)


def check_forecast(case, result, rel):
    """mean, lo80, hi80, lo95, hi95 of a reference case (R's forecast())."""
    h = int(case["h"][0])
    rel_close(result.mean, arr(case, "mean"), rel, "mean")
    rel_close(result.lower[0], arr(case, "lo80"), rel, "lo80")
    rel_close(result.upper[0], arr(case, "hi80"), rel, "hi80")
    rel_close(result.lower[1], arr(case, "lo95"), rel, "lo95")
    rel_close(result.upper[1], arr(case, "hi95"), rel, "hi95")
    assert result.mean.shape == (h,) and result.lower.shape == (2, h)


# ---- R references -------------------------------------------------------------------

def test_ets_from_r_estimates(forecast_ref):
    cases = [(k[1], c) for k, c in forecast_ref.items() if k[0] == "ets"]
    assert len(cases) == 13
    for name, c in cases:
        y, per = arr(c, "y"), int(c["period"][0])
        m = fpa.ForecastModel.from_ets(y, c["par"], c["states"], c["model"], per)
        assert m.name == c["model"], name
        p = m.params()
        for key in ("loglik", "aic", "aicc", "bic", "sigma2"):
            rel_close(p[key], c[key][0], 1e-9, f"{name} {key}")
            assert m.param(key) == p[key]
        rel_close(m.fitted(), arr(c, "fitted"), 1e-9, name)
        final = m.states()
        np.testing.assert_allclose(final, arr(c, "final"), rtol=1e-9, atol=1e-9 * abs(final[0]))
        rel_close(m.states(final=False), arr(c, "states"), 1e-15, name)
        check_forecast(c, m.predict(int(c["h"][0]), level=LEVELS), 1e-9)
    # parameters given by name, the ones the model lacks left out
    c = forecast_ref[("ets", "Nile_ANN")]
    m = fpa.ForecastModel.from_ets(arr(c, "y"), {"alpha": c["par"][0]}, c["states"], "ANN")
    rel_close(m.param("loglik"), c["loglik"][0], 1e-9)
    with pytest.raises(fpa.InvalidArgumentError, match="unknown names"):
        fpa.ForecastModel.from_ets(arr(c, "y"), {"alfa": 0.2}, c["states"], "ANN")
    with pytest.raises(fpa.InvalidArgumentError):       # two states for ETS(A,N,N)
        fpa.ForecastModel.from_ets(arr(c, "y"), c["par"], [1000, 5], "ANN")
    with pytest.raises(fpa.InvalidArgumentError):       # an automatic component
        fpa.ForecastModel.from_ets(arr(c, "y"), c["par"], c["states"], "ZNN")
    with pytest.raises(fpa.DomainError):
        fpa.ForecastModel.from_ets(arr(c, "y"), [1.5, np.nan, np.nan, np.nan], c["states"], "ANN")


CLEAR_CUT = ("WWWusage", "BJsales", "USAccDeaths", "nottem", "UKgas", "Nile", "LakeHuron")


def test_automatic_selection_is_rs(forecast_ref):
    cases = [(k[1], c) for k, c in forecast_ref.items() if k[0] == "auto"]
    assert len(cases) == 10
    for name, c in cases:
        if name not in CLEAR_CUT:
            continue
        per = int(c["period"][0])
        m = fpa.ForecastModel(arr(c, "y"), period=per)   # method "auto"
        assert m.name == c["model"], f"{name}: {m.name}, R {c['model']}"
        assert m.method == "ets" and m.requested == "ets"
        if per == 1:
            assert m.param("aicc") <= c["aicc"][0] + 0.05, name


def test_theta_is_thetaf(forecast_ref):
    cases = [c for k, c in forecast_ref.items() if k[0] == "theta"]
    assert len(cases) == 4
    for c in cases:
        m = fpa.ForecastModel(arr(c, "y"), int(c["period"][0]), "theta")
        assert abs(m.param("alpha") - c["alpha"][0]) <= 2e-3
        rel_close(m.param("drift"), c["drift"][0], 1e-9)
        check_forecast(c, m.predict(int(c["h"][0])), 5e-4)


def test_benchmarks_are_rs(forecast_ref):
    kinds = {"naive": ("naive", 0), "snaive": ("snaive", 0), "drift": ("drift", 0),
             "linear": ("linear", 0), "linear_seasonal": ("linear", 1)}
    done = 0
    for (kind, _), c in forecast_ref.items():
        if kind in kinds:
            method, dummies = kinds[kind]
            res = fpa.forecast(arr(c, "y"), int(c["period"][0]), method, int(c["h"][0]),
                               linear_seasonal=dummies)
            check_forecast(c, res, 1e-10)
            done += 1
    assert done == 5


def test_optimised_theta_reaches_scipy_optimum(ref_dir):
    import os
    cases = read_cases(os.path.join(ref_dir, "otheta_ref.txt"))
    assert len(cases) >= 2
    for (_, name), c in cases.items():
        y = arr(c, "y")
        m = fpa.ForecastModel(y, 1, "otheta")
        assert m.param("theta") >= 1
        assert m.param("sigma2") * (y.size - 3) <= c["sse"][0] * (1 + 1e-6), name
        rel_close(m.predict(10, level=None).mean, arr(c, "mean"), 1e-3, name)


def test_decompose_is_rs(forecast_ref):
    cases = [c for k, c in forecast_ref.items() if k[0] == "decompose"]
    assert len(cases) == 3
    for c in cases:
        y, per = arr(c, "y"), int(c["period"][0])
        d = fpa.decompose(y, per, c["type"])
        np.testing.assert_allclose(d.figure, arr(c, "figure"), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(d.trend, arr(c, "trend"), rtol=1e-12, equal_nan=True)
        assert np.isnan(d.trend[:per // 2]).all()
        np.testing.assert_array_equal(d.seasonal, d.figure[np.arange(y.size) % per])
    with pytest.raises(fpa.DataError):                  # fewer than two seasons
        fpa.decompose(y[:20], 12)
    with pytest.raises(fpa.InvalidArgumentError, match="type"):
        fpa.decompose(y, 12, "log")


def test_seasonality_test_is_m4s(forecast_ref):
    cases = [c for k, c in forecast_ref.items() if k[0] == "seasonality"]
    assert len(cases) == 5
    for c in cases:
        assert fpa.seasonality_test(arr(c, "y"), int(c["period"][0])) is bool(c["seasonal"][0])
    assert fpa.seasonality_test(arr(cases[0], "y"), 1) is False
    with pytest.raises(fpa.DomainError):
        fpa.seasonality_test([1.0, np.inf, 3.0] * 12, 12)


# ---- statsmodels ----------------------------------------------------------------------

SM_CASES = {  # reference case -> ETSModel arguments (no multiplicative season: see below)
    "Nile_ANN": dict(error="add"),
    "Nile_MNN": dict(error="mul"),
    "WWWusage_AAN": dict(error="add", trend="add"),
    "WWWusage_AAdN": dict(error="add", trend="add", damped_trend=True),
    "WWWusage_MAdN": dict(error="mul", trend="add", damped_trend=True),
    "USAccDeaths_ANA": dict(error="add", seasonal="add", seasonal_periods=12),
    "USAccDeaths_AAA": dict(error="add", trend="add", seasonal="add", seasonal_periods=12),
    "USAccDeaths_AAdA": dict(error="add", trend="add", damped_trend=True, seasonal="add",
                             seasonal_periods=12),
}


def test_ets_recursion_equals_statsmodels(forecast_ref):
    """statsmodels' ETSModel(..., initialization_method="known").smooth(params)
    runs the same state space recursion (Hyndman et al. 2008, table 2.3)
    from the same parameters and initial states (its initial seasonal states
    oldest first, R's most recent first): one-step fitted values and point
    forecasts agree to rounding, 1e-12 relative. Its log-likelihood is the
    full Gaussian one, R's (ours) plus n/2 (log n - log 2 pi - 1) for
    additive errors. (statsmodels' update of multiplicative seasonal states
    uses the new level, Holt-Winters' form, so those models are compared
    only through the estimation test below.)"""
    ets = pytest.importorskip("statsmodels.tsa.exponential_smoothing.ets")
    for name, kw in SM_CASES.items():
        c = forecast_ref[("ets", name)]
        y, x0, per = arr(c, "y"), arr(c, "states"), int(c["period"][0])
        m = fpa.ForecastModel.from_ets(y, c["par"], x0, c["model"], per)
        k = 2 if "trend" in kw else 1
        init = dict(initial_level=x0[0])
        if "trend" in kw:
            init["initial_trend"] = x0[1]
        if "seasonal" in kw:
            init["initial_seasonal"] = x0[k:][::-1]
        sm = ets.ETSModel(y, initialization_method="known", **kw, **init)
        res = sm.smooth([p for p in c["par"] if not math.isnan(p)])
        rel_close(m.fitted(), res.fittedvalues, 1e-12, name)
        rel_close(m.predict(24, level=None).mean, res.forecast(24), 1e-12, name)
        if kw["error"] == "add":
            n = y.size
            rel_close(res.llf, m.param("loglik") + n / 2 * (math.log(n) - math.log(2 * math.pi)
                                                             - 1), 1e-12, name)


def test_ets_estimation_agrees_with_statsmodels(forecast_ref):
    """ETSModel(...).fit() is an independent maximum likelihood estimation
    (L-BFGS-B over the smoothing parameters and initial states). On the
    non-seasonal models both reach the same likelihood to 0.05 (the C
    tests' AICc tolerance; ours is the higher for Nile), and the point
    forecasts agree to 0.2 %: the likelihood is flat near the optimum, and
    the estimates differ in the third digit of alpha (observed 0.04-0.1 %)."""
    ets = pytest.importorskip("statsmodels.tsa.exponential_smoothing.ets")
    import warnings
    for name in ("Nile_ANN", "Nile_MNN", "WWWusage_AAdN"):
        c = forecast_ref[("ets", name)]
        y = arr(c, "y")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = ets.ETSModel(y, **SM_CASES[name]).fit(disp=False, maxiter=10000)
        m = fpa.ForecastModel(y, 1, model=name.split("_")[1])
        n = y.size
        ours = m.param("loglik") + n / 2 * (math.log(n) - math.log(2 * math.pi) - 1)
        assert ours >= res.llf - 0.05, name
        rel_close(m.predict(12, level=None).mean, res.forecast(12), 2e-3, name)


# ---- pandas --------------------------------------------------------------------------

def test_pandas_series_in_dataframe_out(forecast_ref):
    pd = pytest.importorskip("pandas")
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")   # January 1973 ...
    idx = pd.period_range("1973-01", periods=y.size, freq="M")
    df = fpa.forecast(pd.Series(y, index=idx), horizon=18)
    assert list(df.columns) == ["mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert df.index[0] == pd.Period("1979-01", "M") and len(df) == 18
    assert df.index.equals(pd.period_range("1979-01", periods=18, freq="M"))
    plain = fpa.forecast(y, 12, horizon=18)               # period 12 from the index
    np.testing.assert_array_equal(df["mean"], plain.mean)
    np.testing.assert_array_equal(df["upper_95"], plain.upper[1])
    assert df.attrs["model"] == plain.model == fpa.ForecastModel(y, 12).name
    # a DatetimeIndex continues its frequency; quarters give period 4
    dates = pd.date_range("1973-01-01", periods=y.size, freq="MS")
    d2 = fpa.forecast(pd.Series(y, index=dates), horizon=3, level=97.5)
    assert list(d2.index) == list(pd.date_range("1979-01-01", periods=3, freq="MS"))
    assert list(d2.columns) == ["mean", "lower_97.5", "upper_97.5"]
    np.testing.assert_array_equal(d2["mean"], plain.mean[:3])
    q = pd.Series(series(forecast_ref, "seasonality", "UKgas"),
                  index=pd.period_range("1960Q1", periods=108, freq="Q"))
    mq = fpa.ForecastModel(q)
    assert mq.period == 4 and mq.name == fpa.ForecastModel(q.to_numpy(), 4).name
    assert mq.predict(2).index[0] == pd.Period("1987Q1", "Q")
    assert mq.fitted().index.equals(q.index)
    # a nullable series with <NA> is read as missing values
    s = pd.Series(y, index=idx, dtype="Float64")
    s.iloc[10] = pd.NA
    filled = y.copy()
    filled[10] = (y[9] + y[11]) / 2
    np.testing.assert_array_equal(fpa.forecast(s, horizon=6)["mean"],
                                  fpa.forecast(filled, 12, horizon=6).mean)


def test_forecast_equals_model_predict_and_lists_equal_arrays(forecast_ref):
    y = series(forecast_ref, "ets", "ldeaths_MNM")
    for method in fpa.FORECAST_METHODS:
        a = fpa.forecast(y, 12, method, horizon=6)
        b = fpa.ForecastModel(list(y), 12, method).predict(6)
        np.testing.assert_array_equal(a.mean, b.mean)
        np.testing.assert_array_equal(a.lower, b.lower)
        assert a.model == b.model and a.method == b.method
        assert (a.lower[1] <= a.lower[0]).all() and (a.upper[0] <= a.upper[1]).all()
    r = fpa.forecast(y, 12, "naive", horizon=3, level=None)
    assert r.lower.shape == (0, 3) and r.levels == ()
    lo, hi = fpa.forecast(y, 12, "snaive", horizon=3).interval(95)
    assert (lo < hi).all()
    with pytest.raises(fpa.InvalidArgumentError):
        r.interval(80)
    assert fpa.forecast(y, 12, method="AUTO").model == fpa.forecast(y, 12, "ets").model
    # R's model string and the components by name give the same model
    assert fpa.ForecastModel(y, 12, model="MNM").name == "ETS(M,N,M)"
    assert fpa.ForecastModel(y, 12, ets_error="multiplicative", ets_trend="none",
                             ets_season="m").name == "ETS(M,N,M)"
    assert fpa.ForecastModel(y, 12, model="ETS(A,Ad,N)").name == "ETS(A,Ad,N)"
    assert fpa.ForecastModel(y, 12, options=fpa.Options(**{"forecast.ets_trend": 4}),
                             ets_error="A", ets_season="N").name == "ETS(A,Ad,N)"


# ---- the model object ------------------------------------------------------------------

def test_model_object(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    m = fpa.ForecastModel(y, 12, "ets", model="AAA")
    assert repr(m) == "<fpa.ForecastModel ETS(A,A,A) on 72 values, period 12>"
    p = m.params()
    assert list(p) == ["alpha", "beta", "gamma", "sigma2", "loglik", "aic", "aicc", "bic"]
    with pytest.raises(fpa.InvalidArgumentError):
        m.param("phi")                                   # no damping
    with pytest.raises(fpa.InvalidArgumentError):
        m.param("omega")
    assert m.states().size == 14 and m.length == 72
    assert m.fitted().shape == (72,)
    with m:
        pass
    assert repr(m) == "<fpa.ForecastModel (closed)>"
    with pytest.raises(fpa.InvalidArgumentError, match="closed"):
        m.predict(3)
    m.close()                                            # twice is fine
    theta = fpa.ForecastModel(y, 12, "theta")
    with pytest.raises(fpa.InvalidArgumentError):
        theta.states()                                   # no states
    assert np.isnan(fpa.ForecastModel(y, 12, "naive").fitted()[0])


def test_simulate_is_seeded(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    m = fpa.ForecastModel(y, 12, model="ANA")
    a, b = m.simulate(12, 500, seed=3), m.simulate(12, 500, seed=3)
    assert a.shape == (500, 12)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, m.simulate(12, 500, seed=4))
    # simulated intervals approach the analytic ones (class 1: Gaussian)
    ana = m.predict(12, level=95)
    sim = m.predict(12, level=95, intervals="simulate", npaths=20000)
    half = (ana.upper[0] - ana.lower[0]) / 2
    assert (np.abs(sim.lower[0] - ana.lower[0]) <= 0.03 * half).all()
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.ForecastModel(y, 12, "linear").simulate(3, 2)
    with pytest.raises(fpa.InvalidArgumentError):
        m.simulate(3, 0)


def test_update_equals_rebuild(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    m = fpa.ForecastModel(y[:-12], 12)
    p, x0 = m.params(), m.states(final=False)
    name = m.name
    assert m.update(y[-12:]) is m and m.length == 72 and m.name == name
    r = fpa.ForecastModel.from_ets(y, {k: p[k] for k in ("alpha", "beta", "gamma", "phi")
                                       if k in p}, x0, name, 12)
    np.testing.assert_allclose(m.states(), r.states(), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(m.predict(12).mean, r.predict(12).mean, rtol=1e-12)
    # other methods are re-estimated
    t = fpa.ForecastModel(y[:-5], 12, "theta").update(y[-5:])
    np.testing.assert_array_equal(t.predict(12).mean,
                                  fpa.ForecastModel(y, 12, "theta").predict(12).mean)
    with pytest.raises(fpa.DomainError):
        t.update([np.nan])
    assert t.length == 72
    t.update(float(y[-1]))                               # one number
    assert t.length == 73
    # pandas: the index grows with the update
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("1973-01", periods=72, freq="M")
    s = pd.Series(y, index=idx)
    mp = fpa.ForecastModel(s[:60]).update(s[60:66]).update([1.0e4])
    assert mp.fitted().index[-1] == pd.Period("1978-07", "M")
    assert mp.predict(1).index[0] == pd.Period("1978-08", "M")


# ---- batches ------------------------------------------------------------------------------

def test_batch_equals_single_for_any_thread_count(forecast_ref):
    a = series(forecast_ref, "ets", "USAccDeaths_ANA")
    b = series(forecast_ref, "ets", "ldeaths_MNM")
    parts = [a, b, np.full(3, np.nan), b[:30]]
    runs = [fpa.forecast_batch(parts, 12, "ets", 12, threads=t, intervals="simulate",
                               npaths=500) for t in (1, 2, 3, 0)]
    first = runs[0]
    assert repr(first) == "<fpa.BatchForecast 4 series x 12 periods, 1 failed>"
    assert list(first.ok) == [True, True, False, True]
    assert {k: type(e) for k, e in first.errors.items()} == {2: fpa.DataError}
    assert first.errors[2].detail and "series" not in first.errors[2].detail
    assert first.models[2] == "" and np.isnan(first.mean[2]).all()
    for r in runs[1:]:
        np.testing.assert_array_equal(r.mean, first.mean)
        np.testing.assert_array_equal(r.lower, first.lower)
        np.testing.assert_array_equal(r.upper, first.upper)
        assert list(r.models) == list(first.models)
    for i in (0, 1, 3):
        one = fpa.forecast(parts[i], 12, "ets", 12, intervals="simulate", npaths=500)
        np.testing.assert_array_equal(first.mean[i], one.mean)
        assert first.models[i] == one.model
        if i == 0:  # series 0 draws stream 0, as a single forecast does
            np.testing.assert_array_equal(first.lower[i], one.lower)
    with pytest.raises(fpa.DataError, match="series 2"):
        fpa.forecast_batch(parts, 12, "ets", 12, strict=True)


def test_batch_layouts_are_zero_copy_shapes(forecast_ref):
    a = series(forecast_ref, "ets", "USAccDeaths_ANA")
    m = np.vstack([a, a * 2, a[::-1]])
    r = fpa.forecast_batch(m, 12, "theta", 6, level=(50, 80, 95))
    assert r.mean.shape == (3, 6) and r.lower.shape == (3, 3, 6)
    # the CSR form of the same data: one flat array and offsets
    flat = m.reshape(-1)
    r2 = fpa.forecast_batch(flat, 12, "theta", 6, level=(50, 80, 95), offsets=[0, 72, 144, 216])
    np.testing.assert_array_equal(r.mean, r2.mean)
    np.testing.assert_array_equal(r.upper, r2.upper)
    # offsets may skip data and give series of different lengths
    r3 = fpa.forecast_batch(flat, 12, "theta", 6, offsets=[72, 144, 150])
    assert r3.models[1] != ""
    np.testing.assert_array_equal(r3.mean[0], r.mean[1])
    # rows padded with leading NaNs are shorter series
    padded = np.vstack([a, np.concatenate([np.full(12, np.nan), a[12:]])])
    r4 = fpa.forecast_batch(padded, 12, "theta", 6)
    np.testing.assert_array_equal(r4.mean[1], fpa.forecast(a[12:], 12, "theta", 6).mean)
    # a dict of series keeps its names
    r5 = fpa.forecast_batch({"x": a, "y": a[:40]}, 12, "naive", 2, level=None)
    assert r5.names == ["x", "y"] and r5.mean[0, 0] == a[-1] and r5.mean[1, 0] == a[39]
    assert fpa.forecast_batch(a, 12, "naive", 1).mean.shape == (1, 1)   # 1-D: one series
    for bad in ([0, 100], [10, 5], [3]):
        with pytest.raises(fpa.InvalidArgumentError):
            fpa.forecast_batch(a, offsets=bad)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.forecast_batch(np.zeros((2, 2, 2)))
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.forecast_batch(m, layout="long")
    with pytest.raises(fpa.OutOfMemoryError):
        fpa.forecast_batch(m, horizon=2**50)


def test_batch_of_a_dataframe(forecast_ref):
    pd = pytest.importorskip("pandas")
    a = series(forecast_ref, "ets", "USAccDeaths_ANA")
    idx = pd.period_range("1973-01", periods=72, freq="M")
    df = pd.DataFrame({"north": a, "south": a * 1.5, "empty": np.nan}, index=idx)
    tidy = fpa.forecast_batch(df, horizon=3)
    assert list(tidy.columns) == ["series", "period", "mean", "lower_80", "upper_80",
                                  "lower_95", "upper_95", "model", "status"]
    assert len(tidy) == 9 and list(tidy["series"][:4]) == ["north"] * 3 + ["south"]
    assert tidy["period"][0] == pd.Period("1979-01", "M")
    assert list(tidy["status"][::3]) == ["FPA_OK", "FPA_OK", "FPA_EDATA"]
    one = fpa.forecast(df["south"], horizon=3)
    np.testing.assert_array_equal(tidy["mean"][3:6], one["mean"])
    wide = fpa.forecast_batch(df, horizon=3, layout="wide")
    assert wide.index.equals(one.index)
    np.testing.assert_array_equal(wide[("south", "upper_95")], one["upper_95"])
    assert wide.attrs["models"]["north"] == tidy["model"][0]
    assert wide.attrs["status"]["empty"] == "FPA_EDATA"
    # series as rows, periods as columns (the binding's matrix convention)
    rows = pd.DataFrame([a, a * 1.5], index=["north", "south"], columns=idx)
    t2 = fpa.forecast_batch(rows, horizon=3)
    np.testing.assert_array_equal(t2["mean"], tidy["mean"][:6])
    assert t2["period"][0] == pd.Period("1979-01", "M")


# ---- backtests and rolling forecasts --------------------------------------------------------

def test_backtest_equals_refits(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    n, h, k = y.size, 6, 5
    for window in ("expanding", "sliding"):
        kw = dict(window=window, origin_step=2, window_length=48 if window == "sliding" else 0)
        bt = fpa.backtest(y, 12, "ets", h, k, threads=1, **kw)
        assert (bt.origins, bt.horizon) == (k, h) and bt.forecasts.shape == (k, h)
        bt2 = fpa.backtest(y, 12, "ets", h, k, threads=2, **kw)
        np.testing.assert_array_equal(bt.forecasts, bt2.forecasts)
        for i in range(k):
            end = n - h - (k - 1 - i) * 2
            start = end - 48 if window == "sliding" else 0
            np.testing.assert_array_equal(
                bt.forecasts[i], fpa.forecast(y[start:end], 12, "ets", h, level=None).mean)
            np.testing.assert_array_equal(bt.actuals[i], y[end:end + h])
        by, overall = bt.error("mae")
        for j in range(h):
            assert by[j] == pytest.approx(fpa.mae(bt.actuals[:, j], bt.forecasts[:, j]),
                                          rel=1e-12)
        assert overall == pytest.approx(fpa.mae(bt.actuals.ravel(), bt.forecasts.ravel()),
                                        rel=1e-12)
        assert bt.error("mase")[0].shape == (h,)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.backtest(y, 12, horizon=60, origins=20)
    with pytest.raises(fpa.InvalidArgumentError):
        bt.error("r2")
    pd = pytest.importorskip("pandas")
    s = pd.Series(y, index=pd.period_range("1973-01", periods=n, freq="M"))
    b3 = fpa.backtest(s, horizon=3, origins=2, origin_step=3)
    assert list(b3.forecasts.index) == [pd.Period("1978-06", "M"), pd.Period("1978-09", "M")]
    assert list(b3.actuals.columns) == [1, 2, 3]
    np.testing.assert_array_equal(b3.actuals.iloc[1], y[-3:])
    assert "2 origins x 3 periods" in repr(b3)


def test_rolling_forecast_versions_lags_outlook(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    n0, H = 60, 12
    for update in (False, True):
        rf = fpa.RollingForecast(y[:n0], 12, "ets", H, start=(1973, 1), rolling_update=update)
        shadow = fpa.ForecastModel(y[:n0], 12)
        for i in range(6):
            rf.append(y[n0 + i])
            shadow = (shadow.update(y[n0 + i]) if update
                      else fpa.ForecastModel(y[:n0 + i + 1], 12))
            np.testing.assert_array_equal(rf.version(i + 1), shadow.predict(H).mean)
        assert (rf.actuals, rf.versions, rf.horizon) == (n0 + 6, 7, H)
        view = rf.view()
        np.testing.assert_array_equal(view[:n0 + 6], y[:n0 + 6])
        np.testing.assert_array_equal(view[n0 + 6:], rf.version(6))
        np.testing.assert_array_equal(rf.version(-1), rf.version(6))
        lag = rf.error_by_lag(3)
        assert list(lag.count) == [6, 5, 4]
        for k in (1, 2, 3):
            pairs = [(y[n0 + v + k - 1], rf.version(v)[k - 1]) for v in range(7 - k)]
            assert lag.error[k - 1] == pytest.approx(
                fpa.mae([p[0] for p in pairs], [p[1] for p in pairs]), rel=1e-12)
        assert np.isnan(rf.error_by_lag(metric="rmse").error[-1])    # lag 12: no pair yet
        # 66 actuals from January 1973 end in June 1978: 6 actuals, 6 forecasts
        o = rf.outlook()
        assert o.year == 1978
        assert o.actual == pytest.approx(y[60:66].sum(), rel=1e-12)
        assert o.forecast == pytest.approx(rf.version(6)[:6].sum(), rel=1e-12)
        assert o.total == pytest.approx(o.actual + o.forecast, rel=1e-12)
        model = rf.model
        assert model.name == shadow.name and model.length == n0 + 6
        with pytest.raises(fpa.DomainError):
            rf.append(np.nan)
        assert rf.actuals == n0 + 6
        with pytest.raises(fpa.InvalidArgumentError, match="since appended"):
            model.predict(3)          # a failed append may have replaced it too
        m2 = rf.model
        with pytest.raises(fpa.InvalidArgumentError):
            m2.update([1.0])
        rf.close()
        with pytest.raises(fpa.InvalidArgumentError):
            m2.name
        with pytest.raises(fpa.InvalidArgumentError, match="closed"):
            rf.view()


def test_rolling_fiscal_year_and_pandas(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    # fiscal year from April: 15 actuals from January 2023 end in March
    # 2024; the year in progress is April 2024 - March 2025 = fiscal 2025
    rf = fpa.RollingForecast(y[:15], 12, "naive", 6, start=(2023, 1), fiscal_start=4)
    o = rf.outlook()
    assert o.year == 2025 and o.actual == 0 and o.forecast == pytest.approx(12 * y[14])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.RollingForecast(y[:15], 12, "naive", 6, start=(2023, 0))
    pd = pytest.importorskip("pandas")
    s = pd.Series(y[:15], index=pd.period_range("2023-01", periods=15, freq="M"))
    with fpa.RollingForecast(s, horizon=6, method="naive", fiscal_start=4) as r2:
        assert r2.outlook() == o
        r2.append(pd.Series([100.0], index=[pd.Period("2024-04", "M")]))
        r2.append([101.0, 102.0])
        v = r2.view()
        assert v.index[17] == pd.Period("2024-06", "M") and v.iloc[17] == 102.0
        assert v.index[-1] == pd.Period("2024-12", "M")
        assert r2.version(0).index[0] == pd.Period("2024-04", "M")
        assert r2.version().index[0] == pd.Period("2024-07", "M")
        assert r2.outlook().actual == 303.0
    # a date start works too
    import datetime
    r3 = fpa.RollingForecast(y[:15], 12, "naive", 6, start=datetime.date(2023, 1, 1))
    assert r3.outlook().year == 2024


# ---- missing values and bad input ---------------------------------------------------------------

def test_missing_value_policy(forecast_ref):
    y = series(forecast_ref, "ets", "Nile_ANN")
    x = y.copy()
    x[40] = np.nan
    z = y.copy()
    z[40] = (z[39] + z[41]) / 2
    np.testing.assert_array_equal(fpa.forecast(x, 1, horizon=10).mean,
                                  fpa.forecast(z, 1, horizon=10).mean)
    x[41:43] = np.nan
    fpa.forecast(x, 1)                                  # a gap of three is filled
    x[43] = np.nan
    with pytest.raises(fpa.DataError, match=r"y\[40..43\] is a gap of 4"):
        fpa.forecast(x, 1)
    assert fpa.forecast(x, 1, max_gap=4).mean.size == 18
    lead = y.copy()
    lead[:2] = np.nan
    assert fpa.ForecastModel(lead, 1, "naive").length == y.size - 2
    lead[-1] = np.nan
    with pytest.raises(fpa.DataError):
        fpa.forecast(lead, 1)
    with pytest.raises(fpa.DataError, match="all 100 are NaN"):
        fpa.forecast(np.full(100, np.nan), 1)
    inf = y.copy()
    inf[7] = -np.inf
    with pytest.raises(fpa.DomainError, match=r"y\[7\] is -Inf"):
        fpa.forecast(inf, 1)
    # None inside a list is a missing value, as pandas reads it
    np.testing.assert_array_equal(fpa.forecast([1.0, None, 3.0, 4.0], 1, "naive").mean,
                                  np.full(18, 4.0))


def test_bad_input_raises_never_crashes(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    bad = [
        (fpa.InvalidArgumentError, lambda: fpa.forecast(None)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast([])),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(["a", "b"])),
        (fpa.InvalidArgumentError, lambda: fpa.forecast([[1.0, 2.0], [3.0, 4.0]])),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, method="prophet")),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, method=None)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, period=0)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, period=367)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, period=2.5)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, horizon=0)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, horizon=-1)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, horizon="12")),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, level=100)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, level=[80, None])),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, level="95")),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, no_such_option=1)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, max_gap=-1)),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, ets_error="sometimes")),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, model="MM")),
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, model="AAM")),   # unstable
        (fpa.InvalidArgumentError, lambda: fpa.forecast(y, npaths="many")),
        (fpa.DataError, lambda: fpa.forecast(y - 9000, model="MNN")),      # not positive
        (fpa.DataError, lambda: fpa.forecast(y[:4], 12, "ets", fallback=False)),
        (fpa.OutOfMemoryError, lambda: fpa.forecast(y, horizon=10**15)),
        (fpa.OutOfMemoryError, lambda: fpa.ForecastModel(y).simulate(10**9, 10**9)),
        (fpa.InvalidArgumentError, lambda: fpa.decompose(None)),
        (fpa.InvalidArgumentError, lambda: fpa.backtest(y, origins=0)),
        (fpa.InvalidArgumentError, lambda: fpa.RollingForecast(y, horizon=0)),
        (fpa.InvalidArgumentError, lambda: fpa.RollingForecast(y, start="2024-13")),
    ]
    for exc, call in bad:
        with pytest.raises(exc) as e:
            call()
        assert e.value.detail, call
    # float32, integers and strided views are converted; a huge series is fine
    f32 = fpa.forecast(y.astype(np.float32)[::2], 6, "naive", 3).mean
    assert f32[0] == np.float32(y[-2])
    assert fpa.forecast(np.arange(1, 50), 1, "drift", 1).mean[0] == pytest.approx(50)
    big = np.linspace(1.0, 2.0, 3_000_000)
    assert fpa.forecast(big, 1, "naive", 2, level=None).mean[0] == 2.0
    np.testing.assert_allclose(fpa.forecast(big, 1, "drift", 1).mean, 2 + 1 / 2_999_999,
                               rtol=1e-12)


# ---- ARIMA against R (tests/ref/arima_ref.txt, tests/ref/make_arima_ref.R) -------------------
# The C tests' tolerances and reasons (tests/test_forecast_arima.c): R's coefficients
# fixed, 1e-9; R's estimates, coefficients 2e-3 and forecasts 1e-3; auto.arima, R's
# orders or a lower AICc.

@pytest.fixture(scope="module")
def arima_ref(ref_dir):
    import os
    return read_cases(os.path.join(ref_dir, "arima_ref.txt"))


_CONST = {0: "none", 1: "mean", 2: "drift"}


def arima_case(c, explicit=True, fixed=False, frame=False):
    """(model, future drivers) of a reference case, its drivers as arrays or
    as DataFrames on a monthly PeriodIndex (frame=True)."""
    y, per = arr(c, "y"), int(c["period"][0])
    kw = {}
    if explicit:
        o = [int(v) for v in c["order"]]
        kw.update(order=o[:3], seasonal=o[3:], constant=_CONST[int(c["const"][0])])
    if fixed:
        kw["coef"] = arr(c, "coef")
    future = None
    if "xreg" in c:
        k = int(c["xcols"][0])
        x, f = arr(c, "xreg").reshape(-1, k), arr(c, "xfuture").reshape(-1, k)
        if frame:
            import pandas as pd
            cols = [f"d{j}" for j in range(k)]
            idx = pd.period_range("2001-01", periods=len(y) + len(f), freq="M")
            x = pd.DataFrame(x, index=idx[:len(y)], columns=cols)
            f = pd.DataFrame(f, index=idx[len(y):], columns=cols)
            y = pd.Series(y, index=idx[:len(y)])
        kw["xreg"], future = x, f
    return fpa.ForecastModel(y, per, "arima", **kw), future


def check_arima_forecast(c, m, future, rel):
    h = int(c["h"][0])
    res = m.predict(h, level=LEVELS, xreg=future)
    if hasattr(res, "to_numpy"):   # a DataFrame for pandas inputs
        res = FC.ForecastResult(res["mean"].to_numpy(),
                                res[["lower_80", "lower_95"]].to_numpy().T,
                                res[["upper_80", "upper_95"]].to_numpy().T, LEVELS, "", "")
    scale = abs(c["mean"][0]) * rel
    for got, key in ((res.mean, "mean"), (res.lower[0], "lo80"), (res.upper[0], "hi80"),
                     (res.lower[1], "lo95"), (res.upper[1], "hi95")):
        np.testing.assert_allclose(got, arr(c, key), rtol=rel, atol=scale, err_msg=key)


def test_arima_from_r_coefficients(arima_ref):
    cases = [c for k, c in arima_ref.items() if k[0] == "fixed"]
    assert len(cases) == 11
    for c in cases:
        m, future = arima_case(c, fixed=True)
        assert m.name.replace(" ", "_") == c["model"]
        p = m.params()
        for key in ("loglik", "aic", "aicc", "bic", "sigma2"):
            rel_close(p[key], c[key][0], 1e-9, key)
        np.testing.assert_allclose(m.fitted(), arr(c, "y") - arr(c, "resid"), rtol=1e-9,
                                   atol=1e-9 * abs(c["y"][0]))
        assert list(m.coef().values()) == list(c["coef"])
        check_arima_forecast(c, m, future, 1e-9)


def test_arima_estimates_are_rs(arima_ref):
    for (kind, name), c in arima_ref.items():
        if kind != "estimate":
            continue
        m, future = arima_case(c, frame=True)
        assert c["loglik"][0] - 1e-4 <= m.param("loglik") <= c["loglik"][0] + 0.01, name
        coef, se = m.coef(), m.coef_se()
        want = arr(c, "coef")
        got = np.array(list(coef.values()))
        assert np.all(abs(got - want) <= 2e-3 * np.maximum(1, abs(want))), name
        np.testing.assert_allclose(list(se.values()), arr(c, "se"), rtol=0.02, err_msg=name)
        if future is not None:  # the drivers by their column names
            assert list(coef)[-future.shape[1]:] == list(future.columns)
        check_arima_forecast(c, m, future, 1e-3)


def test_auto_arima_is_rs(arima_ref):
    same = 0
    for (kind, name), c in arima_ref.items():
        if kind != "auto":
            continue
        m, future = arima_case(c, explicit=False)
        o = m.arima_order
        if [o.p, o.d, o.q, o.P, o.D, o.Q] == [int(v) for v in c["order"]] and \
                o.constant == _CONST[int(c["const"][0])]:
            same += 1
            assert abs(m.param("aicc") - c["aicc"][0]) < 1e-3, name
            check_arima_forecast(c, m, future, 1e-3)
        else:
            assert m.param("aicc") < c["aicc"][0], name
    assert same >= 25


def test_arima_drivers_and_bad_input(arima_ref):
    c = arima_ref[("auto", "freeny_xreg")]
    y, x, f = arr(c, "y"), arr(c, "xreg").reshape(-1, 2), arr(c, "xfuture").reshape(-1, 2)
    m = fpa.ForecastModel(y, 4, "arima", xreg=x)
    assert m.arima_order.drivers == 2 and list(m.coef())[-2:] == ["xreg1", "xreg2"]
    r = fpa.forecast(y, 4, "arima", xreg=x, xreg_future=f)
    np.testing.assert_array_equal(r.mean, m.predict(xreg=f).mean)
    paths = m.simulate(npaths=50, xreg=f, seed=3)
    assert paths.shape == (50, 4)
    np.testing.assert_array_equal(paths, m.simulate(None, 50, xreg=f, seed=3))
    bad_x = x.copy()
    bad_x[5, 1] = np.nan
    bad = [
        (fpa.InvalidArgumentError, lambda: m.predict(4)),            # future drivers missing
        (fpa.InvalidArgumentError, lambda: m.predict(5, xreg=f)),    # horizon against rows
        (fpa.InvalidArgumentError, lambda: m.predict(xreg=f[:, :1])),
        (fpa.InvalidArgumentError, lambda: m.simulate(4)),
        (fpa.DomainError, lambda: m.predict(xreg=np.full((4, 2), np.inf))),
        (fpa.DomainError, lambda: fpa.ForecastModel(y, 4, "arima", xreg=bad_x)),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "arima", xreg=x[:-1])),
        (fpa.DataError, lambda: fpa.ForecastModel(y, 4, "arima", xreg=np.c_[x, x[:, 0]])),
        (fpa.DataError, lambda: fpa.ForecastModel(y, 4, "arima", xreg=np.ones((len(y), 1)))),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "ets", order=(1, 0, 0))),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "arima", order=(1, 0))),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "arima", order=(-1, 0, 0))),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "arima", constant="trend")),
        (fpa.InvalidArgumentError,
         lambda: fpa.ForecastModel(y, 1, "arima", order=(0, 1, 1), seasonal=(0, 1, 1))),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "ets").arima_order),
        (fpa.InvalidArgumentError, lambda: fpa.ForecastModel(y, 4, "theta").coef()),
        (fpa.InvalidArgumentError, lambda: m.update([1.0])),
    ]
    for exc, call in bad:
        with pytest.raises(exc):
            call()
    # options of the automatic search, by name
    e = fpa.ForecastModel(y, 4, "arima", arima_stepwise=0, arima_max_p=2, arima_constant="none",
                          arima_approximation="never")
    assert e.arima_order.p <= 2 and e.arima_order.constant == "none"
    # the method everywhere: batches, backtests, rolling forecasts
    b = fpa.forecast_batch([y, y[:30]], 4, "arima", 4, threads=2)
    np.testing.assert_array_equal(b.mean[0], fpa.forecast(y, 4, "arima", 4).mean)
    assert fpa.backtest(y, 4, "arima", 4, 2).forecasts.shape == (2, 4)
    assert fpa.RollingForecast(y, 4, "arima", 4).append(y[-1]).model.name.startswith("ARIMA")


def test_enumerations_follow_the_c_names():
    assert fpa.FORECAST_METHODS == ("naive", "snaive", "naive2", "drift", "ma", "linear",
                                    "ses", "holt", "damped", "ets", "theta", "otheta",
                                    "combo", "arima")
    assert fpa.ARIMA_CONSTANTS == ("auto", "none", "include", "mean", "drift")
    assert fpa.ArimaOrder._fields == ("p", "d", "q", "P", "D", "Q", "period", "constant",
                                      "drivers")
    assert fpa.ETS_COMPONENTS == ("auto", "none", "additive", "multiplicative", "damped")
    assert fpa.Outlook._fields == ("total", "actual", "forecast", "year")
    assert fpa.LagErrors._fields == ("error", "count")
    assert fpa.Decomposition._fields == ("trend", "seasonal", "figure")
    assert isinstance(fpa.forecast([1.0, 2.0, 3.0], 1), fpa.ForecastResult)
    assert isinstance(fpa.forecast_batch([[1.0, 2.0]], 1), fpa.BatchForecast)
    assert isinstance(fpa.backtest(np.arange(1.0, 20.0), 1, "naive", 2, 2), fpa.Backtest)


def test_every_public_name_is_tested_and_documented():
    assert mentions_every_public_name(FC, __file__) == []
    assert undocumented(FC) == []


def test_inputs_reach_c_without_copies_and_full_option_names(forecast_ref):
    y = series(forecast_ref, "ets", "USAccDeaths_ANA")
    assert FC._series(y)[0] is y                         # float64, contiguous: as is
    m = np.vstack([y, y])
    values, offsets, _, _ = FC._batch_input(m, None)
    assert values.base is m and list(offsets) == [0, 72, 144]   # a view, C's CSR layout
    flat, off, _, _ = FC._batch_input(values, [0, 72, 144])
    assert flat is values
    # option names with their module prefix, as fpa.option_names() lists them
    assert "forecast.max_gap" in fpa.option_names()
    gap = y.copy()
    gap[10:14] = np.nan
    assert fpa.forecast(gap, 12, **{"forecast.max_gap": 4}).mean.size == 18
    assert fpa.forecast(gap, 12, options=fpa.Options(**{"forecast.max_gap": 4}),
                        **{"forecast.ets_error": "A"}).model.startswith("ETS(A,")
