#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Python binding overhead.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py

Prints the time per call of small functions through the binding (the
target is a few microseconds: argument conversion, the cffi call, the
status check); TVM array throughput at 1e3 .. 1e6 elements beside numpy
implementations of numpy-financial's formulas (fpa.npf, the formulas as
numpy-financial 1.0 evaluates them; outputs checked equal first) and
beside the library's own time (the C array call on prepared buffers);
and, once the forecast module is present, a 10,000-series batch forecast
made through a single call.
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


def median_time(fn, repeat=7):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def tvm_arrays():
    """fpa.pmt, fpa.fv, fpa.ipmt over arrays against numpy-financial's
    formulas (fpa.npf) and against the C call alone, interleaved."""
    import fpa.npf as npf
    from fpa._fpa_cffi import ffi, lib
    print("tvm arrays (ns of this thread's CPU time per element, medians of 7 interleaved "
          "runs; CPU time, not wall time, because the machine is shared):")
    print(f"  {'kernel':6s} {'n':>8s} {'fpa.*':>8s} {'numpy-fin':>10s} {'ratio':>7s} "
          f"{'C call':>8s} {'fpa/C':>6s}")
    for n in (1_000, 10_000, 100_000, 1_000_000):
        rates = np.linspace(0.001, 0.02, n)
        per = np.arange(n) % 360 + 1.0
        kernels = [
            ("pmt", lambda: fpa.pmt(rates, 360, 200000), lambda: npf.pmt(rates, 360, 200000),
             lib.FPA_TVM_PMT, [rates, 360.0, 200000.0, 0.0, 0.0]),
            ("fv", lambda: fpa.fv(rates, 120, -100, -1000), lambda: npf.fv(rates, 120, -100, -1000),
             lib.FPA_TVM_FV, [rates, 120.0, -100.0, -1000.0, 0.0]),
            ("ipmt", lambda: fpa.ipmt(rates, per, 360, 200000),
             lambda: npf.ipmt(rates, per, 360, 200000),
             lib.FPA_TVM_IPMT, [rates, per, 360.0, 200000.0, 0.0, 0.0]),
        ]
        for name, ours, peer, fn, args in kernels:
            a, b = ours(), peer()
            if not np.allclose(a, b, rtol=1e-10, atol=0):
                i = int(np.argmax(~np.isclose(a, b, rtol=1e-10, atol=0)))
                print(f"  {name} n={n}: MISMATCH at {i}: fpa {a[i]!r}, numpy-financial {b[i]!r}")
                continue
            # the library alone: one fpa_tvm_map call on prepared buffers
            keep = [np.ascontiguousarray(np.broadcast_to(x, rates.shape) if np.ndim(x) else [x])
                    for x in args]
            ptrs = ffi.new("double *[6]", [ffi.cast("double *", k.ctypes.data) for k in keep])
            strides = ffi.new("ptrdiff_t[6]", [1 if k.size > 1 else 0 for k in keep])
            out = np.empty(n)
            optr = ffi.from_buffer("double[]", out)
            cptrs = ffi.cast("const double *const *", ptrs)

            def c_call():
                lib.fpa_tvm_map(optr, ffi.NULL, n, fn, cptrs, strides, ffi.NULL)
            t = {"fpa": [], "npf": [], "c": []}
            reps = max(1, 20000 // n)  # a measurable interval at every size
            for fcall, key in ((ours, "fpa"), (peer, "npf"), (c_call, "c")) * 7:
                t0 = time.thread_time()
                for _ in range(reps):
                    fcall()
                t[key].append((time.thread_time() - t0) / reps)
            m = {k: sorted(v)[3] / n * 1e9 for k, v in t.items()}
            print(f"  {name:6s} {n:8d} {m['fpa']:8.1f} {m['npf']:10.1f} "
                  f"{m['npf'] / m['fpa']:6.2f}x {m['c']:8.1f} {m['fpa'] / m['c']:5.2f}x")


def main():
    print(f"libfpa {fpa.lib_version()} via cffi")
    flows = np.array([-1000.0, 300, 400, 500, 200])
    dates = np.array(["2024-01-01", "2024-04-10", "2024-09-01", "2025-01-15", "2025-06-30"],
                     dtype="datetime64[D]")
    series = np.linspace(100, 200, 36).reshape(1, 36)
    import fpa.npf as npf
    cases = [
        ("pmt (scalars)", lambda: fpa.pmt(0.004, 360, 200000)),
        ("pmt (scalars), numpy-financial's formula", lambda: npf.pmt(0.004, 360, 200000)),
        ("pmt (numpy float64 scalar)", lambda: fpa.pmt(np.float64(0.004), 360, 200000)),
        ("npv (5 flows, numpy)", lambda: fpa.npv(0.08, flows)),
        ("irr (5 flows: the spreadsheet's)", lambda: fpa.irr(flows)),
        ("npf.irr (5 flows: every root)", lambda: npf.irr(flows)),
        ("xirr (5 flows, datetime64)", lambda: fpa.xirr(dates, flows)),
        ("xirr (5 flows, ISO strings)", lambda: fpa.xirr(list(dates.astype(str)), flows)),
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
        print(f"call {name:42s} {per_call(fn) * 1e6:8.2f} us")
    tvm_arrays()
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
