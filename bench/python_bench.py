#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Python binding overhead.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py

Prints the time per call of small functions through the binding (the
target is a few microseconds: argument conversion, the cffi call, the
status check) and, once the forecast module is present, a 10,000-series
batch forecast made through a single call.
"""
import os
import time

import numpy as np

import fpa


def per_call(fn, repeat=20000):
    fn()
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t0) / repeat


def main():
    print(f"libfpa {fpa.lib_version()} via cffi")
    flows = np.array([-1000.0, 300, 400, 500, 200])
    dates = np.array(["2024-01-01", "2024-04-10", "2024-09-01", "2025-01-15", "2025-06-30"],
                     dtype="datetime64[D]")
    series = np.linspace(100, 200, 36).reshape(1, 36)
    cases = [
        ("pmt (scalars)", lambda: fpa.pmt(0.004, 360, 200000)),
        ("npv (5 flows, numpy)", lambda: fpa.npv(0.08, flows)),
        ("irr (5 flows, numpy: every root)", lambda: fpa.irr(flows)),
        ("irr (5 flows, guess=0.1: Newton)", lambda: fpa.irr(flows, guess=0.1)),
        ("xirr (5 flows, datetime64)", lambda: fpa.xirr(dates, flows)),
        ("ltv_simple (scalars)", lambda: fpa.ltv_simple(50.0, 0.7, 0.03)),
        ("growth_pop (1 x 36, numpy)", lambda: fpa.growth_pop(series)),
    ]
    if hasattr(fpa, "forecast_batch"):
        y36 = series[0].copy()
        model = fpa.ForecastModel(y36, 12, "naive")
        cases += [("forecast naive (36 values, h 12)",
                   lambda: fpa.forecast(y36, 12, "naive", 12)),
                  ("ForecastModel.predict (naive, h 12)", lambda: model.predict(12)),
                  ("mae (12 values, numpy)", lambda: fpa.mae(y36[:12], y36[12:24]))]
    for name, fn in cases:
        print(f"call {name:36s} {per_call(fn) * 1e6:8.2f} us")
    if hasattr(fpa, "forecast_batch"):
        rng = np.random.default_rng(1)
        t = np.arange(48)
        y = (1000 + 5 * t + 100 * np.sin(2 * np.pi * t / 12)
             + rng.normal(0, 20, size=(10000, 48)))
        # the binding's cost per series: 10,000 calls against one batch call
        # of a method that costs almost nothing in C
        t0 = time.perf_counter()
        for row in y:
            fpa.forecast(row, 12, "naive", 18)
        loop = time.perf_counter() - t0
        t0 = time.perf_counter()
        fpa.forecast_batch(y, period=12, horizon=18, method="naive", threads=1)
        one = time.perf_counter() - t0
        print(f"naive, 10000 series: 10000 calls {loop * 1e3:.0f} ms, one batch call "
              f"{one * 1e3:.0f} ms ({loop / one:.1f}x)")
        t0 = time.perf_counter()
        fpa.forecast_batch(y, period=12, horizon=18, method="ets", threads=0)
        dt = time.perf_counter() - t0
        print(f"forecast_batch 10000 series x 48 months, ets, one call on {os.cpu_count()} "
              f"threads: {dt:.2f} s ({10000 / dt:,.0f} series/s)")


if __name__ == "__main__":
    main()
