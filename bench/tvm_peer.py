#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The numpy peer of bench/tvm_bench.c: the same computations, vectorised
the way an analyst would write them with numpy, on the inputs tvm_bench
wrote to DIR; run by tvm_bench, which prints both side by side.

    /usr/bin/python3 bench/tvm_peer.py DIR REPEATS

DIR holds, as raw little-endian arrays (tvm_bench writes them):
  xirr<N>.v (float64), xirr<N>.d (int64 day numbers), xirr<N>.r (libfpa's
  rates, NaN where it failed) for N = 20 and 200 flows a schedule;
  npv.v (the flows), npv.rates, npv.out (libfpa's NPVs);
  pmt.rates, pmt.out (libfpa's PMT(rate, 360, 200000)), numpy-financial's
  pmt (its formula, as numpy-financial 1.0 writes it).

Each peer's outputs are checked against libfpa's first (1e-9 relative, the
spreadsheet tests' tolerance); a mismatch is printed and the peer is not
timed. Prints one line per kernel: `peer KERNEL ns_per_item=X checked=N`,
the median of REPEATS timed runs.
"""
import os
import sys
import time

import numpy as np


def load(d, name, dtype):
    return np.fromfile(os.path.join(d, name), dtype=dtype)


def xirr_newton(v, years, guess=0.1, steps=50):
    """XIRR of every row at once: the spreadsheet's Newton's method in r
    (LibreOffice's getXirr: at most 50 steps, until the step or the XNPV is
    at most 1e-10), vectorised over the schedules; NaN where a row does not
    converge or leaves r > -1."""
    r = np.full(v.shape[0], guess)
    active = np.ones(v.shape[0], dtype=bool)
    for _ in range(steps):
        if not active.any():
            break
        ra, ya, va = r[active], years[active], v[active]
        disc = (1 + ra)[:, None] ** -ya
        f = (va * disc).sum(axis=1)
        df = (-ya * va * disc).sum(axis=1) / (1 + ra)
        with np.errstate(all="ignore"):
            step = f / df
        new = ra - step
        done = (np.abs(step) <= 1e-10) | (np.abs(f) <= 1e-10)
        r[active] = new
        idx = np.flatnonzero(active)
        active[idx[done | ~np.isfinite(new) | (new <= -1)]] = False
        r[idx[~np.isfinite(new) | (new <= -1)]] = np.nan
    r[active] = np.nan  # no convergence in 50 steps
    return r


def npv_rows(rates, v):
    """The spreadsheet's NPV of one row of flows at each rate."""
    d = 1 / (1 + rates)
    powers = d[:, None] ** np.arange(1, v.size + 1)
    return powers @ v


def pmt(rate, nper, pv, fv=0, when=0):
    """numpy-financial 1.0's pmt, as its source writes it
    (numpy_financial/_financial.py): every argument an array, the zero
    rate masked."""
    rate, nper, pv, fv, when = map(np.array, [rate, nper, pv, fv, when])
    temp = (1 + rate) ** nper
    mask = rate == 0
    masked_rate = np.where(mask, 1, rate)
    fact = np.where(mask != 0, nper, (1 + masked_rate * when) * (temp - 1) / masked_rate)
    return -(fv + pv * temp) / fact


def timed(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def check(name, got, want):
    ok = np.isfinite(want) & np.isfinite(got)
    bad = np.abs(got[ok] - want[ok]) > 1e-9 * np.maximum(1, np.abs(want[ok]))
    if bad.any():
        i = int(np.flatnonzero(ok)[np.flatnonzero(bad)[0]])
        print(f"peer {name} MISMATCH at {i}: numpy {got[i]!r}, libfpa {want[i]!r}")
        return False
    return int(ok.sum())


def main():
    d, repeats = sys.argv[1], int(sys.argv[2])
    for n in (20, 200):
        v = load(d, f"xirr{n}.v", np.float64).reshape(-1, n)
        days = load(d, f"xirr{n}.d", np.int64).reshape(-1, n)
        want = load(d, f"xirr{n}.r", np.float64)
        years = (days - days[:, :1]) / 365.0
        checked = check(f"xirr{n}", xirr_newton(v, years), want)
        if checked is not False:
            t = timed(lambda: xirr_newton(v, years), repeats)
            print(f"peer xirr{n} ns_per_item={t / v.shape[0] * 1e9:.1f} checked={checked}")
    v, rates = load(d, "npv.v", np.float64), load(d, "npv.rates", np.float64)
    checked = check("npv", npv_rows(rates, v), load(d, "npv.out", np.float64))
    if checked is not False:
        t = timed(lambda: npv_rows(rates, v), repeats)
        print(f"peer npv ns_per_item={t / rates.size * 1e9:.1f} checked={checked}")
    rates = load(d, "pmt.rates", np.float64)
    checked = check("pmt", pmt(rates, 360, 200000), load(d, "pmt.out", np.float64))
    if checked is not False:
        t = timed(lambda: pmt(rates, 360, 200000), repeats)
        print(f"peer pmt ns_per_item={t / rates.size * 1e9:.1f} checked={checked}")


if __name__ == "__main__":
    main()
