# SPDX-License-Identifier: GPL-3.0-or-later
"""pandas and Python idioms of the shared layer (issue 17): period labels
read as strings, interval levels as fractions, every failed series'
message, forecast_fan on batch results, and the modules that were
shadowed by functions.

Expected values: a string index names the periods pandas' own
PeriodIndex names; a level given as a fraction gives the interval the
same level in percent gives (R's forecast package: `level <- 100 * level`
when all levels are in (0, 1), forecast.R)."""
import importlib
import io
import pickle
import types

import numpy as np
import pytest

import fpa

T = np.arange(36)
SEASON = 100 + 10 * np.sin(T * np.pi / 6) + T


def _wide_csv():
    """A wide CSV, periods down, two series across, read as an analyst
    would: pd.read_csv(..., index_col="period") leaves '2021-01' ... as
    strings."""
    pd = pytest.importorskip("pandas")
    periods = pd.period_range("2021-01", periods=36, freq="M")
    text = "period,north,south\n" + "".join(
        f"{p},{a:.6f},{b:.6f}\n" for p, a, b in zip(periods.astype(str), SEASON, 2 * SEASON))
    frame = pd.read_csv(io.StringIO(text), index_col="period")
    assert frame.index.dtype == object and frame.index[0] == "2021-01"
    return frame, periods


def test_a_wide_frame_with_string_periods_is_two_series_of_months():
    """Before: 36 'series' of 2 values each."""
    frame, periods = _wide_csv()
    tidy = fpa.forecast_batch(frame, method="snaive", horizon=3)
    assert sorted(set(tidy["series"])) == ["north", "south"] and len(tidy) == 6
    typed = frame.set_axis(periods)  # the same frame with pandas' own PeriodIndex
    want = fpa.forecast_batch(typed, method="snaive", horizon=3)
    assert list(tidy["period"]) == list(want["period"])
    assert list(tidy["period"])[:3] == list(pd_period_range("2024-01", 3))
    np.testing.assert_array_equal(tidy["mean"], want["mean"])


def pd_period_range(start, n):
    import pandas as pd
    return pd.period_range(start, periods=n, freq="M")


def test_a_series_with_string_periods_has_their_season():
    frame, periods = _wide_csv()
    got = fpa.forecast(frame["north"], method="snaive", horizon=12)
    assert list(got.index) == list(pd_period_range("2024-01", 12))
    # seasonal naive with period 12, read from the labels: the last year again
    np.testing.assert_array_equal(got["mean"], frame["north"].to_numpy()[-12:])


@pytest.mark.parametrize("labels", [["a", "b", "c"], ["2021", "2022", "2023"],
                                    ["2021-03", "2021-02", "2021-01"]])
def test_labels_that_are_not_periods_stay_labels(labels):
    from fpa._tables import time_index
    pd = pytest.importorskip("pandas")
    assert time_index(pd.Index(labels)) is None


def test_levels_below_one_are_fractions():
    a = fpa.forecast(SEASON, 12, "ets", 6, level=(0.8, 0.95))
    b = fpa.forecast(SEASON, 12, "ets", 6, level=(80, 95))
    assert a.levels == (80.0, 95.0)
    np.testing.assert_array_equal(a.lower, b.lower)
    np.testing.assert_array_equal(a.upper, b.upper)
    np.testing.assert_array_equal(a.interval(0.95)[0], b.interval(95)[0])
    m = fpa.ForecastModel(SEASON, 12, "ets")
    np.testing.assert_array_equal(m.predict(6, level=0.9).lower, m.predict(6, level=90).lower)
    batch = fpa.forecast_batch([SEASON], 12, "ets", 6, level=0.95)
    assert batch.levels == (95.0,)
    with pytest.raises(fpa.InvalidArgumentError, match="mixes fractions"):
        fpa.forecast(SEASON, 12, "ets", 6, level=(0.8, 95))


def test_msis_level_as_a_fraction():
    y, lo, hi = SEASON[-6:], SEASON[-6:] - 5, SEASON[-6:] + 5
    assert fpa.msis(y, lo, hi, SEASON[:-6], 0.95, 12) == fpa.msis(y, lo, hi, SEASON[:-6], 95, 12)


def test_every_failed_series_keeps_its_message():
    batch = fpa.forecast_batch([SEASON, np.full(4, np.nan), [1.0, 2.0, np.inf, 4.0]], 12, "naive",
                               3)
    errs = batch.errors
    assert sorted(errs) == [1, 2]
    assert isinstance(errs[1], fpa.DataError) and "NaN" in errs[1].detail
    assert isinstance(errs[2], fpa.DomainError) and "y[2]" in errs[2].detail
    with pytest.raises(fpa.DomainError):
        raise errs[2]
    # each message is the one the series gives alone
    with pytest.raises(fpa.DomainError) as alone:
        fpa.forecast([1.0, 2.0, np.inf, 4.0], 12, "naive", 3)
    assert errs[2].detail == alone.value.detail


def test_batch_frames_carry_the_messages():
    frame, _ = _wide_csv()
    frame = frame.copy()
    frame["south"] = np.nan
    tidy = fpa.forecast_batch(frame, method="naive", horizon=2)
    assert list(tidy.attrs["errors"]) == ["south"] and "NaN" in tidy.attrs["errors"]["south"]


def test_forecast_fan_takes_batch_results(tmp_path):
    pytest.importorskip("matplotlib")
    frame, _ = _wide_csv()
    batch = fpa.forecast_batch(frame.to_numpy().T, 12, "ets", 6)
    fig = fpa.plots.forecast_fan(frame.to_numpy().T, batch, series=1, path=tmp_path / "b.png")
    assert (tmp_path / "b.png").stat().st_size > 1000
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), frame["south"])  # south's actuals
    for layout in ("tidy", "wide"):
        out = fpa.forecast_batch(frame, method="ets", horizon=6, layout=layout)
        fig = fpa.plots.forecast_fan(frame, out, series="south", last=12)
        forecast_line = fig.axes[0].lines[1].get_ydata()
        np.testing.assert_array_equal(forecast_line[1:], batch.mean[1])
    with pytest.raises(fpa.InvalidArgumentError, match="name one with series="):
        fpa.plots.forecast_fan(frame, batch)
    with pytest.raises(fpa.InvalidArgumentError, match="is not in the batch"):
        fpa.plots.forecast_fan(frame, out, series="east")


@pytest.mark.parametrize("name", ["forecast", "variance", "accuracy"])
def test_modules_are_not_shadowed_by_functions(name):
    mod = importlib.import_module(f"fpa.{name}")
    assert isinstance(mod, types.ModuleType) and getattr(fpa, name) is mod
    assert callable(mod) and hasattr(mod, "__all__")
    assert pickle.loads(pickle.dumps(mod)) is mod


def test_the_callable_modules_are_their_functions():
    import fpa.forecast as fc
    np.testing.assert_array_equal(fc(SEASON, 12, "naive", 3).mean, fc.forecast(SEASON, 12,
                                                                                 "naive", 3).mean)
    assert fpa.accuracy(SEASON, SEASON + 1)["mae"] == fpa.accuracy.accuracy(SEASON,
                                                                            SEASON + 1)["mae"]
    assert fpa.variance([1.0], [2.0], "revenue").variance[0] == 1.0
