#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference optimum of the optimised Theta method (Fiorucci, Pellegrini,
Louzada, Petropoulos & Koehler 2016, IJF 32(4), the OTM) for
tests/test_forecast_api.c, by SciPy rather than libfpa's GSL simplex:

    /usr/bin/python3 tests/ref/make_otheta_ref.py > tests/ref/otheta_ref.txt

Model, on a non-seasonal series y_1..y_n: A, B the least-squares line of y
on t = 1..n; theta line Z_t = theta y_t + (1 - theta)(A + B t); SES level
l_t = alpha Z_t + (1 - alpha) l_(t-1); one-step forecast
yhat_t = (1 - 1/theta)(A + B t) + l_(t-1) / theta; (l_0, alpha, theta)
minimise sum (y_t - yhat_t)^2 with 0.01 <= alpha <= 0.99, theta >= 1.
L-BFGS-B from a grid of starts; the series are R's Nile and WWWusage
(values copied from tests/ref/forecast_ref.txt)."""
import numpy as np
from scipy.optimize import minimize


def sse(p, y, A, B):
    l0, a, th = p
    l, s = l0, 0.0
    for t, yt in enumerate(y, start=1):
        tr = A + B * t
        f = (1 - 1 / th) * tr + l / th
        s += (yt - f) ** 2
        l = a * (th * yt + (1 - th) * tr) + (1 - a) * l
    return s, l


def series(name):
    lines = open(__file__.rsplit("/", 1)[0] + "/forecast_ref.txt").read().splitlines()
    for i, ln in enumerate(lines):
        if ln.strip() in (f"case theta {name}",):
            return [float(v) for v in lines[i + 2].split()[1:]]
    raise KeyError(name)


for name in ("Nile", "WWWusage"):
    y = np.array(series(name))
    n = len(y)
    t = np.arange(1, n + 1)
    B, A = np.polyfit(t, y, 1)
    best = None
    for a0 in (0.1, 0.3, 0.5, 0.7, 0.9):
        for th0 in (1.0, 1.5, 2.0, 3.0, 5.0):
            for l0 in (y[0], np.mean(y[:5])):
                r = minimize(lambda p: sse(p, y, A, B)[0], [l0, a0, th0],
                             method="L-BFGS-B",
                             bounds=[(None, None), (0.01, 0.99), (1, None)],
                             options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000})
                if best is None or r.fun < best.fun:
                    best = r
    l0, a, th = best.x
    s, ln = sse(best.x, y, A, B)
    h = 10
    mean = [(1 - 1 / th) * (A + B * (n + j)) + ln / th for j in range(1, h + 1)]
    f = lambda v: " ".join("%.17g" % x for x in np.atleast_1d(v))
    print(f"case otheta {name}\nperiod 1\ny {f(y)}\nsse {f(s)}\nalpha {f(a)}\n"
          f"theta {f(th)}\nh {h}\nmean {f(mean)}\nend")
