# SPDX-License-Identifier: GPL-3.0-or-later
"""fpa.forecast_frame and fpa.cross_validation_frame (bindings/python/fpa/frame.py).

Independent sources of the expected values:
- R's forecast 8.20: thetaf() and ets() on two M1 quarterly series in one
  long frame, tests/ref/frame_ref.csv written by tests/ref/make_frame_ref.R
  (``Rscript tests/ref/make_frame_ref.R /work/shared/data/m1-quarterly.csv >
  tests/ref/frame_ref.csv``); tolerance 5e-3 relative, the size of the
  optimiser differences tests/test_forecast.py documents (thetaf's alpha
  within 2e-3 of R's flat Nelder-Mead optimum);
- naive, seasonal naive and drift forecasts and the naive/seasonal naive
  80 % and 95 % bounds computed by hand with pandas below (Hyndman &
  Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., sec. 5.5,
  table 5.2: sigma_h = sigma sqrt(h) and sigma sqrt(floor((h-1)/m) + 1));
- cross-validation cutoffs, rows and actuals counted by hand from the
  definition (statsforecast's windows: the last ends at the series' end,
  each earlier one step_size before);
- properties: every row of a frame equals fpa.ForecastModel on that series
  (or window) alone, and the cross-validation points equal fpa.backtest.
"""
import os
import warnings

import numpy as np
import pandas as pd
import pytest

import fpa

Z80, Z95 = 1.2815515655446004, 1.959963984540054  # scipy.stats.norm.ppf(0.9), (0.975)


def monthly(ids=("b", "a", "c"), lengths=(40, 30, 50), seed=1, start="2019-01-01"):
    rng = np.random.default_rng(seed)
    parts = []
    for uid, n in zip(ids, lengths):
        t = np.arange(n)
        y = 100 + 0.5 * t + 8 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, n)
        parts.append(pd.DataFrame({"unique_id": uid, "y": y,
                                   "ds": pd.date_range(start, periods=n, freq="MS")}))
    return pd.concat(parts, ignore_index=True)[["unique_id", "ds", "y"]]


def shuffled(df, seed=0):
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)


def series_of(df, uid):
    return df[df.unique_id == uid].sort_values("ds").y.to_numpy()


# ---- R's forecast package --------------------------------------------------------------------

def test_r_thetaf_and_ets_in_a_long_frame(ref_dir):
    ref = pd.read_csv(os.path.join(ref_dir, "frame_ref.csv"), parse_dates=["ds"])
    train = ref[ref.y.notna()][["unique_id", "ds", "y"]]
    want = ref[ref.y.isna()].drop(columns="y").reset_index(drop=True)
    got = fpa.forecast_frame(shuffled(train, 3), h=4, methods=("theta", "ets"))
    assert list(got.columns) == list(want.columns)
    assert (got.unique_id == want.unique_id).all() and (got.ds == want.ds).all()
    np.testing.assert_allclose(got.iloc[:, 2:], want.iloc[:, 2:], rtol=5e-3)
    # R's ets() chose ETS(A,N,N) for QND27 and ETS(M,N,N) for QRF2 (the script's messages)
    assert got.attrs["models"]["ets"] == {"QND27": "ETS(A,N,N)", "QRF2": "ETS(M,N,N)"}


# ---- by hand ---------------------------------------------------------------------------------

def test_naive_snaive_drift_by_hand():
    df = monthly()
    h = 15
    got = fpa.forecast_frame(shuffled(df), h, methods=("naive", "snaive", "drift"))
    assert len(got) == 3 * h
    for uid, g in got.groupby("unique_id"):
        s = df[df.unique_id == uid].set_index("ds").y.sort_index()
        j = np.arange(1, h + 1)
        assert (g.ds.to_numpy() == pd.date_range(s.index[-1], periods=h + 1,
                                                 freq="MS")[1:].to_numpy()).all()
        sigma = np.sqrt((s.diff() ** 2).mean())
        np.testing.assert_allclose(g["naive"], s.iloc[-1], rtol=1e-14)
        np.testing.assert_allclose(g["naive-lo-95"], s.iloc[-1] - Z95 * sigma * np.sqrt(j),
                                   rtol=1e-12)
        np.testing.assert_allclose(g["naive-hi-80"], s.iloc[-1] + Z80 * sigma * np.sqrt(j),
                                   rtol=1e-12)
        last_season = s.iloc[-12:].to_numpy()
        np.testing.assert_allclose(g["snaive"], last_season[(j - 1) % 12], rtol=1e-14)
        ssig = np.sqrt((s.diff(12) ** 2).mean())
        k = np.floor((j - 1) / 12) + 1
        np.testing.assert_allclose(g["snaive-lo-80"], g["snaive"] - Z80 * ssig * np.sqrt(k),
                                   rtol=1e-12)
        slope = (s.iloc[-1] - s.iloc[0]) / (len(s) - 1)
        np.testing.assert_allclose(g["drift"], s.iloc[-1] + slope * j, rtol=1e-13)


def test_column_names_are_statsforecasts():
    got = fpa.forecast_frame(monthly(), 2, methods=("naive", "theta"), level=(95, 80))
    assert list(got.columns) == [
        "unique_id", "ds",
        "naive", "naive-lo-95", "naive-lo-80", "naive-hi-80", "naive-hi-95",
        "theta", "theta-lo-95", "theta-lo-80", "theta-hi-80", "theta-hi-95"]
    assert list(fpa.forecast_frame(monthly(), 2, methods="naive", level=None).columns) == \
        ["unique_id", "ds", "naive"]


# ---- every row is the series alone ----------------------------------------------------------

@pytest.mark.parametrize("method", ["ets", "theta", "arima", "damped", "combo"])
def test_each_series_equals_forecastmodel_alone(method):
    df = monthly()
    got = fpa.forecast_frame(shuffled(df), 6, methods=(method,), threads=2)
    for uid in ("a", "b", "c"):
        r = fpa.ForecastModel(series_of(df, uid), 12, method).predict(6, (80, 95))
        g = got[got.unique_id == uid]
        np.testing.assert_allclose(g[method], r.mean, rtol=1e-12)
        np.testing.assert_allclose(g[f"{method}-lo-95"], r.lower[1], rtol=1e-12)
        np.testing.assert_allclose(g[f"{method}-hi-80"], r.upper[0], rtol=1e-12)


def test_period_follows_the_frequency_or_is_given():
    df = monthly(lengths=(30, 30, 30))
    q = df.assign(ds=df.groupby("unique_id").cumcount().map(
        lambda i: pd.Timestamp("2000-01-01") + pd.DateOffset(months=3 * i)))
    got = fpa.forecast_frame(q, 5, methods="snaive")  # QS: period 4
    y = series_of(q, "a")
    np.testing.assert_allclose(got[got.unique_id == "a"].snaive, y[-4:][[0, 1, 2, 3, 0]])
    got = fpa.forecast_frame(q, 5, methods="snaive", period=2)
    np.testing.assert_allclose(got[got.unique_id == "a"].snaive, y[-2:][[0, 1, 0, 1, 0]])
    assert (got.ds[:2] == pd.to_datetime(["2007-07-01", "2007-10-01"])).all()


def test_period_and_integer_time_columns():
    df = monthly()
    p = df.assign(ds=df.ds.dt.to_period("M"))
    got = fpa.forecast_frame(p, 3, methods="snaive")
    assert isinstance(got.ds.dtype, pd.PeriodDtype)
    assert list(got[got.unique_id == "a"].ds.astype(str)) == ["2021-07", "2021-08", "2021-09"]
    i = df.assign(ds=df.groupby("unique_id").cumcount() + 1)
    with pytest.raises(fpa.InvalidArgumentError, match="period="):
        fpa.forecast_frame(i, 3, methods="snaive")
    got = fpa.forecast_frame(i, 3, methods="snaive", period=12)
    assert list(got[got.unique_id == "a"].ds) == [31, 32, 33]
    np.testing.assert_allclose(got[got.unique_id == "a"].snaive, series_of(df, "a")[-12:][:3])


def test_ids_keep_their_dtype():
    df = monthly()
    for ids in (df.unique_id.map({"a": 30, "b": 10, "c": 20}),
                df.unique_id.astype(pd.CategoricalDtype(["c", "b", "a"])),
                df.unique_id.astype("string")):
        got = fpa.forecast_frame(shuffled(df.assign(unique_id=ids)), 2, methods="naive")
        assert got.unique_id.dtype == ids.dtype
        order = list(ids.cat.categories) if ids.dtype == "category" else sorted(set(ids))
        assert list(got.unique_id.drop_duplicates()) == order
    cv = fpa.cross_validation_frame(df.assign(unique_id=ids), 2, 2, methods="naive")
    assert cv.unique_id.dtype == ids.dtype


# ---- bad input ------------------------------------------------------------------------------

def test_duplicates_gaps_and_missing_columns_raise():
    df = monthly()
    with pytest.raises(fpa.InvalidArgumentError, match=r"unique_id 'a' has two rows at ds"):
        fpa.forecast_frame(pd.concat([df, df.iloc[[45]]]), 3, methods="naive")
    gap = df.drop(index=df.index[(df.unique_id == "c") & (df.ds == "2020-03-01")])
    with pytest.raises(fpa.DataError, match=r"unique_id 'c': ds 2020-03-01 00:00:00 is missing"):
        fpa.forecast_frame(gap, 3, methods="naive", freq="MS")
    with pytest.raises(fpa.DataError, match=r"unique_id 'c'"):
        fpa.forecast_frame(gap, 3, methods="naive")
    off = df.assign(ds=df.ds.where(df.index != 0, pd.Timestamp("2018-12-15")))
    with pytest.raises(fpa.DataError, match=r"'b': ds 2018-12-15 00:00:00 is not on the calendar"):
        fpa.forecast_frame(off, 3, methods="naive", freq="MS")
    q = pd.DataFrame({"unique_id": "z", "y": 1.0,
                      "ds": pd.date_range("2019-01-01", periods=8, freq="QS")})
    with pytest.raises(fpa.DataError, match=r"'z': ds 2019-02-01 .* inferred from unique_id 'a'"):
        fpa.forecast_frame(pd.concat([df, q]), 3, methods="naive")
    ints = df.assign(ds=df.groupby("unique_id").cumcount() * np.where(df.index == 31, 2, 1))
    with pytest.raises(fpa.DataError, match=r"unique_id 'b': ds 31 is missing .*steps of 1"):
        fpa.forecast_frame(ints, 3, methods="naive", period=12)
    with pytest.raises(fpa.InvalidArgumentError, match="target_col 'sales'"):
        fpa.forecast_frame(df, 3, target_col="sales")
    with pytest.raises(fpa.InvalidArgumentError, match="unique_id is missing in row 4"):
        fpa.forecast_frame(df.assign(unique_id=df.unique_id.where(df.index != 4)), 3)
    with pytest.raises(fpa.InvalidArgumentError, match="method"):
        fpa.forecast_frame(df, 3, methods=("naive", "prophet"))
    with pytest.raises(fpa.InvalidArgumentError, match="must hold numbers"):
        fpa.forecast_frame(df.assign(y=df.y.astype(str)), 3)


def test_nan_y_as_the_library_treats_it():
    df = monthly()
    one_gap = df.copy()
    one_gap.loc[5, "y"] = np.nan  # series 'b', filled by the library's gap policy
    got = fpa.forecast_frame(one_gap, 4, methods="ets")
    r = fpa.ForecastModel(series_of(one_gap, "b"), 12, "ets").predict(4)
    np.testing.assert_allclose(got[got.unique_id == "b"].ets, r.mean, rtol=1e-12)
    last = df.copy()
    last.loc[df.index[df.unique_id == "a"][-1], "y"] = np.nan  # a NaN last value: refused
    with pytest.warns(fpa.PartialResultWarning, match=r"ets on 'a': .*NaN"):
        got = fpa.forecast_frame(last, 4, methods="ets")
    assert got[got.unique_id == "a"].iloc[:, 2:].isna().all().all()
    assert got[got.unique_id != "a"].iloc[:, 2:].notna().all().all()
    with pytest.raises(fpa.DataError, match="'a'"):
        fpa.forecast_frame(last, 4, methods="ets", strict=True)


def test_short_series_fall_back_or_fail():
    df = pd.concat([monthly(), pd.DataFrame({"unique_id": "tiny", "y": [5.0, 6.0, 7.0],
                                             "ds": pd.date_range("2022-01-01", periods=3,
                                                                 freq="MS")})])
    got = fpa.forecast_frame(df, 3, methods="ets")
    assert got.attrs["models"]["ets"]["tiny"] != got.attrs["models"]["ets"]["a"]
    assert got.attrs["models"]["ets"]["tiny"] == \
        fpa.ForecastModel([5.0, 6.0, 7.0], 12, "ets").name
    with pytest.warns(fpa.PartialResultWarning, match="'tiny'"):
        got = fpa.forecast_frame(df, 3, methods=("ets", "naive"), fallback=False)
    tiny = got[got.unique_id == "tiny"]
    assert tiny.filter(like="ets").isna().all().all()
    np.testing.assert_allclose(tiny.naive, 7.0)
    assert got[got.unique_id == "a"].notna().all().all()


# ---- drivers ---------------------------------------------------------------------------------

def with_drivers(seed=4):
    df = monthly(ids=("p", "q"), lengths=(48, 36), seed=seed)
    rng = np.random.default_rng(seed)
    df["promo"] = rng.normal(0, 1, len(df))
    df["y"] += 5 * df.promo
    future = []
    for uid, g in df.groupby("unique_id"):
        ds = pd.date_range(g.ds.max(), periods=4, freq="MS")[1:]
        future.append(pd.DataFrame({"unique_id": uid, "ds": ds, "promo": rng.normal(0, 1, 3)}))
    return df, pd.concat(future, ignore_index=True)


def test_arima_gets_the_drivers_and_the_others_do_not():
    df, X = with_drivers()
    got = fpa.forecast_frame(shuffled(df), 3, methods=("arima", "naive"), X_df=shuffled(X))
    for uid in ("p", "q"):
        g = df[df.unique_id == uid].sort_values("ds")
        fx = X[X.unique_id == uid].sort_values("ds")[["promo"]]
        r = fpa.ForecastModel(g.y.to_numpy(), 12, "arima",
                              xreg=g[["promo"]].to_numpy()).predict(3, xreg=fx.to_numpy())
        out = got[got.unique_id == uid]
        np.testing.assert_allclose(out.arima, r.mean, rtol=1e-12)
        np.testing.assert_allclose(out["arima-lo-80"], r.lower[0], rtol=1e-12)
        np.testing.assert_allclose(out.naive, g.y.iloc[-1])


def test_missing_future_drivers_raise():
    df, X = with_drivers()
    with pytest.raises(fpa.InvalidArgumentError, match="X_df"):
        fpa.forecast_frame(df, 3, methods="arima")
    with pytest.raises(fpa.DataError, match=r"unique_id 'q' at ds 2022-03-01.*never assumed zero"):
        fpa.forecast_frame(df, 3, methods="arima", X_df=X.drop(index=5))
    with pytest.raises(fpa.DataError, match=r"period 4 of 4"):
        fpa.forecast_frame(df, 4, methods="arima", X_df=X)
    with pytest.raises(fpa.InvalidArgumentError, match=r"'p' has no finite value of driver"):
        fpa.forecast_frame(df, 3, methods="arima", X_df=X.assign(promo=X.promo.where(
            X.index != 1)))
    with pytest.raises(fpa.InvalidArgumentError, match="takes drivers"):
        fpa.forecast_frame(df, 3, methods=("ets", "naive"), X_df=X)
    with pytest.raises(fpa.InvalidArgumentError, match="no driver columns"):
        fpa.forecast_frame(df.drop(columns="promo"), 3, methods="arima", X_df=X)
    with pytest.raises(fpa.InvalidArgumentError, match="must be names"):
        fpa.forecast_frame(df, 3, methods=[13], X_df=X)
    with pytest.raises(fpa.InvalidArgumentError, match="not drivers"):
        fpa.forecast_frame(df, 3, methods="arima", X_df=X.assign(other=1.0))


# ---- cross-validation ------------------------------------------------------------------------

def test_cross_validation_rows_cutoffs_and_actuals_by_hand():
    df = monthly()
    h, k, step = 4, 3, 2
    cv = fpa.cross_validation_frame(shuffled(df), h, k, step, methods=("naive", "snaive"))
    assert list(cv.columns[:4]) == ["unique_id", "ds", "cutoff", "y"]
    assert len(cv) == 3 * k * h
    for uid, g in cv.groupby("unique_id"):
        s = df[df.unique_id == uid].set_index("ds").y.sort_index()
        n = len(s)
        ends = [n - h - (k - 1 - w) * step for w in range(k)]  # training lengths
        assert list(g.cutoff.drop_duplicates()) == [s.index[e - 1] for e in ends]
        for e, (_, w) in zip(ends, g.groupby("cutoff")):
            assert list(w.ds) == list(s.index[e:e + h])
            np.testing.assert_array_equal(w.y, s.iloc[e:e + h])
            np.testing.assert_allclose(w.naive, s.iloc[e - 1])
            np.testing.assert_allclose(w.snaive, s.iloc[e - 12:e].to_numpy()[:h])


@pytest.mark.parametrize("method", ["ets", "theta"])
def test_cross_validation_equals_backtest_and_windows_alone(method):
    df = monthly()
    cv = fpa.cross_validation_frame(df, 3, 4, 2, methods=method, threads=2)
    for uid in ("a", "b", "c"):
        y = series_of(df, uid)
        bt = fpa.backtest(y, 12, method, horizon=3, origins=4, origin_step=2)
        got = cv[cv.unique_id == uid]
        np.testing.assert_allclose(got[method].to_numpy().reshape(4, 3), bt.forecasts,
                                   rtol=1e-12)
        np.testing.assert_array_equal(got.y.to_numpy().reshape(4, 3), bt.actuals)
        e = len(y) - 3  # the last window, alone
        r = fpa.ForecastModel(y[:e], 12, method).predict(3, (80, 95))
        np.testing.assert_allclose(got[f"{method}-hi-95"].to_numpy()[-3:], r.upper[1],
                                   rtol=1e-12)


def test_cross_validation_with_drivers_uses_each_windows_own():
    df, _ = with_drivers()
    cv = fpa.cross_validation_frame(df, 3, 2, methods=("arima",))
    g = df[df.unique_id == "q"].sort_values("ds")
    e = len(g) - 3 - 1  # the first of two windows
    r = fpa.ForecastModel(g.y.to_numpy()[:e], 12, "arima", xreg=g[["promo"]].to_numpy()[:e]) \
        .predict(3, xreg=g[["promo"]].to_numpy()[e:e + 3])
    np.testing.assert_allclose(cv[cv.unique_id == "q"].arima.to_numpy()[:3], r.mean, rtol=1e-12)


def test_cross_validation_refuses_series_too_short_for_the_windows():
    df = monthly()
    with pytest.raises(fpa.InvalidArgumentError, match=r"unique_id 'a' has 30 values.*31"):
        fpa.cross_validation_frame(df, 6, 13, 2, methods="naive")
    with pytest.raises(fpa.InvalidArgumentError, match="n_windows"):
        fpa.cross_validation_frame(df, 6, 0, methods="naive")


def test_cross_validation_failed_windows_are_nan_with_a_warning():
    df = monthly()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fpa.cross_validation_frame(df, 3, 2, methods="ets")
    with pytest.warns(fpa.PartialResultWarning, match=r"'a' at cutoff"):
        cv = fpa.cross_validation_frame(df, 3, 9, 3, methods="ets", fallback=False)
    assert cv.ets.isna().any() and cv.ets.notna().any()
