# SPDX-License-Identifier: GPL-3.0-or-later
"""Forecast accuracy from Python.

Expected values: the "accuracy USAccDeaths" case of
tests/ref/forecast_ref.txt (tests/ref/make_forecast_ref.R), the file
tests/test_accuracy.c reads: R's accuracy() for ME, RMSE, MAE, MAPE and MASE
of a seasonal naive forecast of 1978 from 1973-77, and the M4 competition's
formulas evaluated in R for sMAPE, WAPE, coverage and MSIS of its 95 %
interval. Same arithmetic, so 1e-12 relative. OWA: the M4 paper's
definition (Makridakis et al. 2020), on round numbers.
"""
import importlib

import numpy as np
import pytest

import fpa
from conftest import mentions_every_public_name, undocumented

ACC = importlib.import_module("fpa.accuracy")
R_NAMES = {"bias": "me", "rmse": "rmse", "mae": "mae", "mape": "mape", "mase": "mase",
           "smape": "smape", "wape": "wape"}


@pytest.fixture(scope="module")
def case(forecast_ref):
    c = forecast_ref[("accuracy", "USAccDeaths")]
    c = {k: (np.array(v) if isinstance(v, list) else v) for k, v in c.items()}
    # relative bias from R's ME: 100 sum(y - f) / sum|y| = 100 n ME / sum|y|
    y = c["actual"]
    c["relbias"] = [100 * y.size * c["me"][0] / np.abs(y).sum()]
    return c


R_NAMES["relbias"] = "relbias"


def close(got, want):
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_metrics_are_rs(case):
    y, f, ins, per = case["actual"], case["forecast"], case["insample"], int(case["period"][0])
    close(fpa.mae(y, f), case["mae"][0])
    close(fpa.rmse(y, f), case["rmse"][0])
    close(fpa.mape(y, f), case["mape"][0])
    close(fpa.smape(y, f), case["smape"][0])
    close(fpa.wape(y, f), case["wape"][0])
    close(fpa.bias(y, f), case["me"][0])
    close(fpa.relbias(y, f), case["relbias"][0])
    close(fpa.mase(y, f, ins, per), case["mase"][0])
    close(fpa.coverage(y, case["lower95"], case["upper95"]), case["coverage"][0])
    close(fpa.msis(y, case["lower95"], case["upper95"], ins, 95, per), case["msis"][0])
    # the scale: MASE = MAE / scale
    close(fpa.mae(y, f) / fpa.accuracy_scale(ins, per), case["mase"][0])
    for name in fpa.METRICS:
        close(fpa.accuracy(y, f, name, insample=ins, period=per), case[R_NAMES[name]][0])
    close(fpa.accuracy(y, f, "ME"), case["me"][0])                  # R's name


def test_accuracy_many_at_once(case):
    y, f, ins = case["actual"], case["forecast"], case["insample"]
    got = fpa.accuracy(y, f, insample=ins, period=12, lower=case["lower95"],
                       upper=case["upper95"], level=95)
    assert list(got) == list(fpa.METRICS) + ["coverage", "msis"]
    for name in fpa.METRICS:
        close(got[name], case[R_NAMES[name]][0])
    close(got["msis"], case["msis"][0])
    assert list(fpa.accuracy(y, f)) == [m for m in fpa.METRICS if m != "mase"]
    assert fpa.accuracy(y, f, ["mae", "rmse"]) == {"mae": fpa.mae(y, f), "rmse": fpa.rmse(y, f)}
    assert fpa.accuracy(y, lower=case["lower95"], upper=case["upper95"]) == {"coverage": 100.0}
    # pandas Series and lists are read by position
    pd = pytest.importorskip("pandas")
    close(fpa.mae(pd.Series(y), list(f)), case["mae"][0])


def test_owa_and_special_cases():
    assert fpa.owa(16.517, 1.1883, 16.517, 1.1883) == 1.0   # as good as Naive2
    close(fpa.owa(8, 0.5, 16, 1), 0.5)
    assert fpa.smape([0, 1], [0, 1]) == 0                      # 0 / 0 counts as no error
    close(fpa.accuracy_scale([1, 3, 6]), 2.5)                  # mean(|2|, |3|)
    close(fpa.accuracy_scale([1e300, -1e300, 1e300]), 2e300)
    with pytest.raises(fpa.ResultOverflowError):
        fpa.accuracy_scale([1e308, -1e308, 1e308])


def test_bad_input():
    y, f = [1.0, 2.0, 3.0], [1.0, 2.0, 4.0]
    with pytest.raises(fpa.DomainError, match=r"forecast\[1\] is NaN"):
        fpa.mae(y, [1, np.nan, 3])
    with pytest.raises(fpa.DomainError, match=r"MAPE is undefined: actual\[0\] is 0"):
        fpa.mape([0, 2, 3], f)
    with pytest.raises(fpa.DomainError):
        fpa.wape([0, 0, 0], f)
    with pytest.raises(fpa.DomainError):
        fpa.mase(y, f, y, 3)                                   # too few in-sample values
    with pytest.raises(fpa.DomainError):
        fpa.accuracy_scale([5, 5, 5])
    with pytest.raises(fpa.DomainError, match=r"lower\[2\] = 5 exceeds upper\[2\] = 4"):
        fpa.coverage(y, [0, 0, 5], [2, 3, 4])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.msis(y, [0, 0, 0], [5, 5, 5], y, 100)
    with pytest.raises(fpa.DomainError):
        fpa.owa(1, 1, 0, 1)
    with pytest.raises(fpa.DomainError):
        fpa.owa(np.nan, 1, 1, 1)
    with pytest.raises(fpa.DomainError, match="relative bias is undefined"):
        fpa.relbias([0, 0], [1, 2])
    for call in (lambda: fpa.mae(y, f[:2]), lambda: fpa.mae([], []), lambda: fpa.mae(None, f),
                 lambda: fpa.rmse(["a", "b", "c"], f), lambda: fpa.mase(y, f, y, 0),
                 lambda: fpa.accuracy(y, f, "r2"), lambda: fpa.accuracy(y, f, "mase"),
                 lambda: fpa.accuracy(y, f, "msis"), lambda: fpa.accuracy(y),
                 lambda: fpa.owa("x", 1, 1, 1), lambda: fpa.coverage(y, [0, 0], [5, 5])):
        with pytest.raises(fpa.InvalidArgumentError):
            call()
    big = np.linspace(1, 2, 2_000_000)
    close(fpa.mae(big, big + 1), 1.0)


def test_every_public_name_is_tested_and_documented():
    assert mentions_every_public_name(ACC, __file__) == []
    assert undocumented(ACC) == []
