# SPDX-License-Identifier: GPL-3.0-or-later
"""Progress, cancellation and Ctrl-C of long calls (issue 14 item 12):
fpa._core.watch around the C calls that report progress
(fpa_opts_set_progress), used by forecast_batch and backtest.

No figures are asserted: results with progress are compared with the same
call without it, and times with the scheduled interrupt."""
import signal
import threading
import time

import numpy as np
import pytest

import fpa

T = np.arange(48)
SEASON = 100 + 10 * np.sin(T * np.pi / 6)


def _panel(n, seed=1):
    rng = np.random.default_rng(seed)
    return SEASON[None, :] * rng.uniform(0.8, 1.2, (n, 1)) + rng.normal(0, 2, (n, 48))


def _interrupted_after(call, delay=0.3):
    """Run `call` on the main thread with SIGALRM raising KeyboardInterrupt
    after `delay` seconds (signal.setitimer); return the seconds between
    the alarm and the KeyboardInterrupt reaching this frame."""
    def alarm(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, alarm)
    start = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, delay)
        with pytest.raises(KeyboardInterrupt):
            call()
        return time.monotonic() - start - delay
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("threads", [1, 2])
def test_ctrl_c_stops_a_long_batch_within_0_2_s(threads):
    """4,000 seasonal series take tens of seconds; before the fix Ctrl-C
    waited for the whole batch."""
    y = _panel(4000)
    late = _interrupted_after(lambda: fpa.forecast_batch(y, period=12, threads=threads))
    assert late < 0.2, f"KeyboardInterrupt {late:.3f} s after the signal"


def test_ctrl_c_stops_a_long_backtest_within_0_2_s():
    y = np.tile(SEASON, 15) + np.random.default_rng(2).normal(0, 2, 720)
    late = _interrupted_after(lambda: fpa.backtest(y, 12, "ets", horizon=12, origins=400))
    assert late < 0.2, f"KeyboardInterrupt {late:.3f} s after the signal"


def _batch(**kw):
    y = _panel(30)
    y[3, :] = np.nan  # one series fails (all missing): its status is kept
    return fpa.forecast_batch(y, period=12, horizon=6, **kw)


def _same(a, b):
    assert np.array_equal(a.mean, b.mean, equal_nan=True)
    assert np.array_equal(a.lower, b.lower, equal_nan=True)
    assert np.array_equal(a.upper, b.upper, equal_nan=True)
    assert list(a.models) == list(b.models) and list(a.status) == list(b.status)


@pytest.mark.parametrize("threads", [1, 2])
def test_results_are_identical_with_and_without_progress(threads, capsys):
    seen = []
    plain = _batch(threads=threads)
    _same(plain, _batch(threads=threads, progress=True))
    _same(plain, _batch(threads=threads, progress=lambda d, t: seen.append((d, t))))
    assert seen[0] == (0, 30) and seen[-1] == (30, 30)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:])) and {t for _, t in seen} == {30}
    assert not plain.ok[3] and plain.ok.sum() == 29
    bar = capsys.readouterr().err
    assert bar.startswith("\rforecast batch [") and bar.endswith("100% 30/30\n")


def test_results_are_identical_on_another_thread():
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("r", _batch(progress=True)))
    t.start()
    t.join()
    _same(_batch(), out["r"])


def test_backtest_results_with_progress():
    y = np.tile(SEASON, 4)
    seen = []
    a = fpa.backtest(y, 12, "ets", horizon=3, origins=5)
    b = fpa.backtest(y, 12, "ets", horizon=3, origins=5, progress=lambda d, t: seen.append(d))
    assert np.array_equal(a.forecasts, b.forecasts) and seen[0] == 0 and seen[-1] == 5


def test_a_callable_cancels_by_returning_true():
    calls = []
    with pytest.raises(fpa.CancelledError, match="cancelled by the host") as e:
        _batch(progress=lambda d, t: calls.append(d) or True)
    assert e.value.status == "FPA_ECANCELED" and calls == [0]


def test_an_exception_of_the_callable_propagates():
    def boom(done, total):
        raise ZeroDivisionError("from the host's callback")

    with pytest.raises(ZeroDivisionError, match="from the host's callback"):
        _batch(progress=boom)
    _same(_batch(), _batch(progress=False))  # and nothing is left behind


def test_the_callers_options_are_not_changed():
    o = fpa.Options(threads=2)
    _batch(options=o, progress=True)
    assert "progress_interval" not in o and o["threads"] == 2
    _same(_batch(options=o), _batch(threads=2))


@pytest.mark.parametrize("bad", ["yes", 1, [True]])
def test_progress_is_a_bool_or_a_callable(bad):
    with pytest.raises(TypeError, match="progress must be"):
        _batch(progress=bad)
