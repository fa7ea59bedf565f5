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
bench/r/forecast_r.R); the model field may hold commas."""
import sys


def main():
    data = {}
    for line in open(sys.argv[1]).read().splitlines()[1:]:
        p = line.split(",")
        data[p[0]] = (int(p[1]), [float(v) for v in p[4].split()],
                      [float(v) for v in p[5].split()])
    scores = {}
    for path in sys.argv[2:]:
        for line in open(path).read().splitlines()[1:]:
            p = line.split(",")
            sid, method, fc = p[0], p[1], [float(v) for v in p[-1].split()]
            m, train, test = data[sid]
            scale = sum(abs(train[i] - train[i - m]) for i in range(m, len(train))) / (len(train) - m)
            smape = sum(200 * abs(a - f) / (abs(a) + abs(f)) for a, f in zip(test, fc)) / len(test)
            mase = sum(abs(a - f) for a, f in zip(test, fc)) / len(test) / scale
            scores.setdefault(method, []).append((smape, mase))
    ref = scores.get("naive2")
    base = (sum(s for s, _ in ref) / len(ref), sum(m for _, m in ref) / len(ref)) if ref else None
    for method, v in scores.items():
        s = sum(x for x, _ in v) / len(v)
        m = sum(x for _, x in v) / len(v)
        owa = 0.5 * (s / base[0] + m / base[1]) if base else float("nan")
        print(f"method={method} series={len(v)} smape={s:.3f} mase={m:.4f} owa={owa:.3f}")


main()
