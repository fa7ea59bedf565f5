# SPDX-License-Identifier: GPL-3.0-or-later
"""The binding's own behaviour, shared by every module: the lifecycle of
the classes that own a C object (fpa._core.Handle: `close()` frees it,
``with`` closes on exit, closing twice is harmless, a closed object says so
in its repr and any later use raises InvalidArgumentError instead of
handing NULL to C); the one rule for scalar arguments (numbers, not bools
or strings); versions, option reset, status descriptions and method names.

No computed figures are asserted here; the expected strings and numbers
are the header's (include/fpa/core.h, include/fpa/forecast.h)."""
import os
import threading
import time
import weakref

import numpy as np
import pytest

import fpa

Y = 100 + 10 * np.sin(np.arange(48) * np.pi / 6) + np.arange(48)


def _plan():
    return fpa.WCPlan(6, days=30, revenue=1000, cogs=600, dso=40, dio=30, dpo=35)


def _mc():
    mc = fpa.MonteCarlo(_plan())
    mc.add("revenue", "mul", "normal", [1, 0.05])
    return mc


# (build, use): `use` calls the C object through a method or property
OBJECTS = {
    "ForecastModel": (lambda: fpa.ForecastModel(Y, 12, "naive"), lambda o: o.predict(3)),
    "RollingForecast": (lambda: fpa.RollingForecast(Y, 12, "naive", 6, start=(2022, 1)),
                        lambda o: o.append(150.0)),
    "Backtest": (lambda: fpa.backtest(Y, 12, "naive", 3, 2), lambda o: o.error("mae")),
    "Cohorts": (lambda: fpa.cohorts_from_rows([1, 2, 3], [0, 0, 1], [0, 1, 1], [5.0, 6.0, 7.0]),
                lambda o: o.curve()),
    "Tree": (lambda: fpa.hierarchy([("all", None), ("a", "all"), ("b", "all")]),
             lambda o: o.size),
    "WCPlan": (_plan, lambda o: o.project()),
    "Scenario": (lambda: fpa.Scenario(_plan()).add("dso", "add", -5, 2), lambda o: o.project()),
    "MonteCarlo": (_mc, lambda o: o.run(50, seed=1)),
    "MonteCarloResult": (lambda: _mc().run(50, seed=1), lambda o: o.quantile(0.5)),
}


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_close_and_with(name):
    build, use = OBJECTS[name]
    obj = build()
    assert type(obj).__name__ == name
    use(obj)
    assert repr(obj).startswith(f"<fpa.{name} ") and "(closed)" not in repr(obj)
    with obj as same:
        assert same is obj
    assert repr(obj) == f"<fpa.{name} (closed)>"
    with pytest.raises(fpa.InvalidArgumentError, match=f"the {name} is closed"):
        use(obj)
    obj.close()  # harmless the second time


def test_close_frees_at_once_when_idle():
    m = fpa.ForecastModel(Y, 12, "naive")
    freed = weakref.ref(m._ptr)  # the ffi.gc cdata whose destructor frees the model
    m.close()
    assert freed() is None


def _close_during(call, *close):
    """Run `call` on a thread, close the objects `close` while it runs in C
    (the GIL released), and return what the call returned. Before the fix
    this freed the C object under the call: a segfault, or ASan's
    heap-use-after-free (in fc_ets_path for ForecastModel.simulate)."""
    started, out = threading.Event(), {}

    def run():
        started.set()
        out["value"] = call()

    t = threading.Thread(target=run)
    t.start()
    started.wait()
    time.sleep(0.05)
    assert t.is_alive(), "the call ended before close(): make it longer"
    cdata = [weakref.ref(o._ptr) for o in close]
    for o in close:
        o.close()
    assert all(c() is not None for c in cdata)  # still owned by the call in flight
    t.join()
    assert all(c() is None for c in cdata)  # freed when the call returned
    return out["value"]


def test_close_while_another_thread_simulates():
    """Issue 14 item 2: the model outlives the call; close() returns at once
    and later uses raise."""
    m = fpa.ForecastModel(Y, period=12, method="ets")
    got = _close_during(lambda: m.simulate(600, npaths=4000, seed=5), m)
    with pytest.raises(fpa.InvalidArgumentError, match="the ForecastModel is closed"):
        m.simulate(600, npaths=4000, seed=5)
    want = fpa.ForecastModel(Y, period=12, method="ets").simulate(600, npaths=4000, seed=5)
    assert np.array_equal(got, want)


def test_close_a_monte_carlo_model_during_its_run():
    mc = _mc()
    res = _close_during(lambda: mc.run(2_000_000, seed=1, threads=1), mc)
    assert res.paths == 2_000_000


def test_close_the_rolling_forecast_under_its_model_view():
    rf = fpa.RollingForecast(Y, 12, "ets", 6, start=(2022, 1))
    view = rf.model
    got = _close_during(lambda: view.simulate(600, npaths=4000, seed=5), rf)
    assert got.shape == (4000, 600)


def test_closed_plan_under_a_scenario():
    plan = _plan()
    s = fpa.Scenario(plan)
    plan.close()
    with pytest.raises(fpa.InvalidArgumentError, match="the WCPlan is closed"):
        s.project()


@pytest.mark.parametrize("bad", [True, np.True_, "3", b"3", None, [1.0], np.ones(2), 3 + 0j,
                                 np.complex128(3), np.datetime64("2024-01-01")])
def test_scalar_arguments_are_numbers(bad):
    with pytest.raises(fpa.InvalidArgumentError, match="cash must be a number") as e:
        fpa.runway(bad, [10.0, 10.0])
    assert isinstance(e.value, TypeError) and isinstance(e.value, fpa.ArgumentTypeError)


@pytest.mark.parametrize("fn", [lambda p: fpa.contribution(p, 30.0),
                                lambda c: fpa.contribution(50.0, c)])
@pytest.mark.parametrize("bad", ["50", True, np.array(["50"]), np.array([True, False]),
                                 np.array([50 + 1j]), np.array([50.0, "x"], dtype=object),
                                 [50.0, True]])
def test_broadcast_arguments_are_numbers(fn, bad):
    """Issue 14 item 10: numpy would read these as numbers (scalar_call)."""
    with pytest.raises(TypeError):
        fn(bad)


@pytest.mark.parametrize("bad", [["10", "10"], [10.0, True], (10.0, "x"), np.array([True, True]),
                                 np.array([10 + 0j, 10]), np.array(["10", "10"]),
                                 np.array([10.0, "10"], dtype=object),
                                 np.array(["2024-01", "2024-02"], dtype="datetime64[M]")])
def test_array_arguments_are_numbers(bad):
    with pytest.raises(fpa.ArgumentTypeError, match="net_burn") as e:
        fpa.runway(100.0, bad)
    assert isinstance(e.value, TypeError)


def test_pandas_columns_are_numbers():
    pd = pytest.importorskip("pandas")
    idx = pd.period_range("2022-01", periods=24, freq="M")
    for bad in (pd.Series([True, False] * 12, index=idx), pd.Series(["1.5"] * 24, index=idx),
                pd.Series([1.5] * 23 + ["x"], index=idx, dtype=object)):
        with pytest.raises(TypeError):
            fpa.forecast(bad, method="naive")
        with pytest.raises(TypeError):
            fpa.growth_pop(bad)
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [True, False, True]})
    with pytest.raises(TypeError):
        fpa.growth_pop(frame)
    # numbers in nullable and object columns are numbers; None is missing
    assert fpa.forecast(pd.Series([1.5] * 24, index=idx, dtype=object), method="naive",
                        horizon=1)["mean"].iloc[0] == 1.5
    assert fpa.forecast([1.0, None, 2.0, 2.0], period=1, method="naive", horizon=1).mean[0] == 2.0


@pytest.mark.parametrize("bad", [True, "3", 2.5, -1, [3]])
def test_counts_are_whole_numbers(bad):
    with pytest.raises(fpa.InvalidArgumentError, match="horizon"):
        fpa.forecast(Y, 12, "naive", horizon=bad)


def test_version_number_matches_string():
    major, minor, patch = (int(x) for x in fpa.lib_version().split("."))
    assert fpa.lib_version_number() == major * 10000 + minor * 100 + patch  # core.h


def test_options_reset():
    o = fpa.Options(threads=3, seed=7)
    o.reset()
    for name in ("threads", "seed"):
        assert o[name] == fpa.option_bounds(name)[2]  # back to the default


def test_error_carries_the_status_description():
    with pytest.raises(fpa.DomainError) as e:
        fpa.sln(1, 0, 0)
    assert e.value.status == "FPA_EDOM" and e.value.message and e.value.detail == "life is 0"
    assert e.value.message != e.value.detail


@pytest.mark.parametrize("name", ["ma", "moving_average", "MA", "otheta", "optimised_theta"])
def test_method_names_of_the_library_and_the_enum(name):
    y = np.arange(1.0, 30.0)
    want = {"ma": "ma", "moving_average": "ma", "otheta": "otheta", "optimised_theta": "otheta"}
    assert fpa.ForecastModel(y, 1, name).requested == want[name.lower()]
    with pytest.raises(fpa.InvalidArgumentError, match="expected 'auto' or one of"):
        fpa.ForecastModel(y, 1, "no_such_method")


def test_one_default_horizon():
    """include/fpa/forecast.h: FPA_FORECAST_DEFAULT_HORIZON is 18, the
    default of every binding and of the fpa command (issue 13 section 4)."""
    from fpa._fpa_cffi import lib
    assert lib.FPA_FORECAST_DEFAULT_HORIZON == 18
    assert fpa.forecast(Y, 12, "naive").mean.size == 18
    assert fpa.ForecastModel(Y, 12, "naive").predict().mean.size == 18
    assert fpa.forecast_batch([Y, Y], 12, "naive").mean.shape == (2, 18)
    assert fpa.RollingForecast(Y, 12, "naive").horizon == 18


@pytest.mark.parametrize("env", [{"FPA_INCLUDE_DIR": "/nonexistent", "FPA_LIBRARY_DIR": "/"},
                                 {"FPA_INCLUDE_DIR": os.environ.get("FPA_SOURCE_DIR", "/") +
                                  "/include", "FPA_LIBRARY_DIR": "/nonexistent"}])
def test_a_build_without_libfpa_says_what_to_set(env, tmp_path):
    """Issue 17: the message names PKG_CONFIG_PATH and FPA_INCLUDE_DIR
    instead of a preprocessor's traceback."""
    import subprocess
    import sys
    build = os.path.join(os.path.dirname(fpa.__file__), "_build.py")
    run = subprocess.run([sys.executable, build, str(tmp_path)], capture_output=True, text=True,
                         env={**os.environ, **env}, cwd=tmp_path)
    assert run.returncode != 0
    assert "PKG_CONFIG_PATH" in run.stderr and "FPA_INCLUDE_DIR" in run.stderr
    assert "Traceback" not in run.stderr
