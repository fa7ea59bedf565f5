#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The numpy peer of wc_bench's Monte Carlo: the same 18-month
working-capital plan and five stochastic drivers, written as a numpy user
would, blocked over paths: each driver drawn for a block of paths and all
periods at once (numpy's default generator, PCG64), the cash budget stepped
period by period across the block, the percentiles from a sorted array.

    /usr/bin/python3 bench/wc_mc_numpy.py [paths [block]]

Prints its CPU time and the same summaries as wc_bench (P5 and P50 of the
ending cash, the probability of ending some month below zero), so that
bench/mc_vs_numpy.py can check that the two agree before it compares times.
"""
import sys
import time

import numpy as np

N = 18
REVENUE = 1e6 * (1 + 0.01 * np.arange(N))
COGS = 0.6 * REVENUE
OTHER = -3.5e5
DAYS = 30.0
OPEN_AR, OPEN_INV, OPEN_AP, OPEN_CASH = 1.5e6, 6e5, 8e5, 5e5


def pert(rng, a, mode, b, size):
    """PERT(min, mode, max): a beta on [min, max] with lambda = 4 (Vose)."""
    alpha = 1 + 4 * (mode - a) / (b - a)
    beta = 1 + 4 * (b - mode) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, size)


def block(rng, p):
    """Ending cash, lowest cash and breach flags of p paths."""
    shape = (p, N)
    rev = REVENUE * rng.normal(1, 0.05, shape)
    cogs = COGS * rng.lognormal(0, 0.04, shape)
    dso = rng.triangular(40, 45, 60, shape)
    dio = rng.uniform(25, 35, shape)
    dpo = pert(rng, 30, 40, 55, shape)
    np.maximum(rev, 0, out=rev)  # libfpa sets draws below zero to zero
    ar, inv, ap = dso * rev / DAYS, dio * cogs / DAYS, dpo * cogs / DAYS
    cash = np.full(p, OPEN_CASH)
    low = np.full(p, np.inf)
    breached = np.zeros(p, dtype=bool)
    ar_prev, inv_prev, ap_prev = np.full(p, OPEN_AR), np.full(p, OPEN_INV), np.full(p, OPEN_AP)
    for t in range(N):
        purchases = cogs[:, t] + inv[:, t] - inv_prev
        collections = ar_prev + rev[:, t] - ar[:, t]
        payments = ap_prev + purchases - ap[:, t]
        cash += collections - payments + OTHER
        np.minimum(low, cash, out=low)
        breached |= cash < 0
        ar_prev, inv_prev, ap_prev = ar[:, t], inv[:, t], ap[:, t]
    return cash, low, breached


def run(paths, blk, seed=42):
    rng = np.random.default_rng(seed)
    ends, lows, breaches = [], [], 0
    for start in range(0, paths, blk):
        e, lo, b = block(rng, min(blk, paths - start))
        ends.append(e)
        lows.append(lo)
        breaches += int(b.sum())
    end = np.sort(np.concatenate(ends))
    low = np.sort(np.concatenate(lows))
    return end, low, breaches / paths


def main():
    paths = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    blk = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    c0, t0 = time.process_time(), time.perf_counter()
    end, low, breach = run(paths, blk)
    # R's quantile type 7, as libfpa reports them
    p5, p50, p95 = np.quantile(end, [0.05, 0.5, 0.95])
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"numpy: {paths} paths: {wall:.3f} s wall, {cpu:.3f} s CPU "
          f"(P5 {p5:.0f}, P50 {p50:.0f}, P95 {p95:.0f}, P(breach) {breach:.4f}, "
          f"min cash P50 {np.quantile(low, 0.5):.0f})")


if __name__ == "__main__":
    main()
