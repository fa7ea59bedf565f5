#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Score forecasts independently of libfpa, with the M4 competition's
definitions (Makridakis, Spiliotis & Assimakopoulos 2020, IJF 36(1);
M4-methods "Benchmarks and Evaluation.R"): per series
sMAPE = mean 200 |y - f| / (|y| + |f|) and MASE = mean |y - f| / scale,
scale = mean |x_t - x_(t-m)| over the training values; averaged over the
series; OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2 against the
file's "naive2" rows.

    /usr/bin/python3 bench/score_m4.py DATASET.csv FORECASTS.csv...

FORECASTS.csv: forecast_bench --forecasts-out rows (or R's, from
bench/r/forecast_r.R); the model field may hold commas. When the rows
carry the 80 % and 95 % bounds (the header names lower80 ... upper95),
the coverage of both intervals and the MSIS of the 95 % one (M4: mean of
(u - l) + 40 (l - y)[y < l] + 40 (y - u)[y > u] over the same scale) are
printed too, averaged over the series."""
import sys


def nums(field):
    return [float(v) for v in field.split()]


def interval_scores(test, lo80, hi80, lo95, hi95, scale):
    cov = [100 * sum(lo <= a <= hi for a, lo, hi in zip(test, l, u)) / len(test)
           for l, u in ((lo80, hi80), (lo95, hi95))]
    msis = sum((u - l) + 40 * (l - a) * (a < l) + 40 * (a - u) * (a > u)
               for a, l, u in zip(test, lo95, hi95)) / len(test) / scale
    return cov[0], cov[1], msis


def main():
    data = {}
    for line in open(sys.argv[1]).read().splitlines()[1:]:
        p = line.split(",")
        data[p[0]] = (int(p[1]), nums(p[4]), nums(p[5]))
    scores = {}
    for path in sys.argv[2:]:
        lines = open(path).read().splitlines()
        with_pi = ",lower80," in lines[0]
        for line in lines[1:]:
            p = line.split(",")
            sid, method = p[0], p[1]
            fc = nums(p[-5] if with_pi else p[-1])
            m, train, test = data[sid]
            scale = sum(abs(train[i] - train[i - m]) for i in range(m, len(train))) / (len(train) - m)
            smape = sum(200 * abs(a - f) / (abs(a) + abs(f)) for a, f in zip(test, fc)) / len(test)
            mase = sum(abs(a - f) for a, f in zip(test, fc)) / len(test) / scale
            pi = None
            if with_pi and p[-1].strip():
                pi = interval_scores(test, *(nums(p[k]) for k in (-4, -3, -2, -1)), scale)
            scores.setdefault(method, []).append((smape, mase, pi))
    ref = scores.get("naive2")
    base = (sum(v[0] for v in ref) / len(ref), sum(v[1] for v in ref) / len(ref)) if ref else None
    for method, v in scores.items():
        s = sum(x[0] for x in v) / len(v)
        m = sum(x[1] for x in v) / len(v)
        owa = 0.5 * (s / base[0] + m / base[1]) if base else float("nan")
        line = f"method={method} series={len(v)} smape={s:.3f} mase={m:.4f} owa={owa:.3f}"
        if all(x[2] for x in v):
            c80, c95, ms = (sum(x[2][k] for x in v) / len(v) for k in range(3))
            line += f" coverage80={c80:.2f} coverage95={c95:.2f} msis={ms:.3f}"
        print(line)


main()
