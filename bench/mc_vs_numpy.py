#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""libfpa's Monte Carlo (wc_bench, 1 and 2 threads) against its numpy peer
(wc_mc_numpy.py, the same model blocked over paths), in interleaved runs.

    /usr/bin/python3 bench/mc_vs_numpy.py [build_dir [paths [rounds]]]

First checks that the two agree (P5 and P50 of the ending cash within
1 % of their spread, the breach probability within five standard errors),
then prints the medians of wall and CPU time and the ratios. On a shared
machine the CPU times are the fairer figures: a run that waits for a core
shows it in its wall time only.
"""
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NUM = r"([-0-9.]+)"


def run_c(build, paths, threads):
    out = subprocess.run([os.path.join(build, "bench", "wc_bench"), str(paths), str(threads), "0"],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(rf"{NUM} s wall, +{NUM} s CPU.*P5 {NUM}, P50 {NUM}, P\(breach\) {NUM}", out)
    return tuple(float(x) for x in m.groups())


def run_numpy(paths):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "wc_mc_numpy.py"), str(paths)],
                         check=True, capture_output=True, text=True, env=env).stdout
    m = re.search(rf"{NUM} s wall, {NUM} s CPU \(P5 {NUM}, P50 {NUM}, P95 {NUM}, "
                  rf"P\(breach\) {NUM}", out)
    w, c, p5, p50, _, b = (float(x) for x in m.groups())
    return w, c, p5, p50, b


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build")
    paths = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    runs = {"libfpa 1 thread": [], "libfpa 2 threads": [], "numpy": []}
    for _ in range(rounds):
        runs["libfpa 1 thread"].append(run_c(build, paths, 1))
        runs["numpy"].append(run_numpy(paths))
        runs["libfpa 2 threads"].append(run_c(build, paths, 2))
    c, n = runs["libfpa 1 thread"][0], runs["numpy"][0]
    spread = abs(n[3] - n[2]) * 2
    se = (n[4] * (1 - n[4]) / paths) ** 0.5
    agree = abs(c[2] - n[2]) < 0.01 * spread and abs(c[3] - n[3]) < 0.01 * spread and \
        abs(c[4] - n[4]) < 5 * se + 1e-12
    print(f"agreement: P5 {c[2]:.0f} vs {n[2]:.0f}, P50 {c[3]:.0f} vs {n[3]:.0f}, "
          f"P(breach) {c[4]:.4f} vs {n[4]:.4f}: {'yes' if agree else 'NO'}")
    if not agree:
        return 1
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v))
           for k, v in runs.items()}
    for k, (w, cp) in med.items():
        print(f"{k:17s} {paths} paths: {w:.3f} s wall, {cp:.3f} s CPU (median of {rounds})")
    (w1, c1), (w2, c2), (wn, cn) = (med["libfpa 1 thread"], med["libfpa 2 threads"],
                                    med["numpy"])
    print(f"libfpa 1 thread vs numpy: {cn / c1:.2f}x (CPU), {wn / w1:.2f}x (wall)")
    print(f"libfpa 2 vs 1 thread: {w1 / w2:.2f}x wall; CPU 2 / CPU 1 = {c2 / c1:.2f} "
          f"(1.00: the second thread costs nothing extra)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
