#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write tests/parity/calls.txt, the one table of calls that C, Python, every
Lua and the fpa command must answer with the same bits (issue 17).

    /usr/bin/python3 tests/parity/make_calls.py > tests/parity/calls.txt

Deterministic (a fixed seed), so the file only changes with this script. A
line is `id function arguments...`: numbers as Python writes them (the
shortest text that reads back as the same double, which strtod, float()
and Lua's tonumber all read exactly), lists as comma-separated numbers,
words (`end`, `ets`, `revenue,cost`). The functions and their argument
orders are those of tests/parity/parity.c, which says what each returns.
A few calls fail on purpose: every host must fail them with the same
status."""
import math
import random

rng = random.Random(17)
lines = []


def num(x):
    return repr(float(x)) if isinstance(x, float) else str(x)


def lst(xs):
    return ",".join(num(x) for x in xs)


def add(fn, *args):
    lines.append((fn, " ".join(a if isinstance(a, str) else num(a) for a in args)))


def u(a, b, digits=None):
    x = rng.uniform(a, b)
    return round(x, digits) if digits is not None else x


# ---- time value of money (20 functions, 4-6 cases each) ----
for _ in range(5):
    r, n = u(0.001, 0.02), rng.choice([12, 36, 60, 120, 360])
    pv, fv, w = u(1000, 500000, 2), rng.choice([0.0, u(100, 5000, 2)]), rng.choice(["end", "begin"])
    add("pmt", r, n, pv, fv, w)
    add("pv", r, n, -u(100, 3000, 2), fv, w)
    add("fv", r, n, -u(100, 3000, 2), -pv / 10, w)
    add("nper", r, -u(500, 3000, 2), pv / 5, 0.0, w)
    add("rate", n, -u(200, 2000, 2), pv / 10, 0.0, w, 0.1)
    per = rng.randint(1, n)
    add("ipmt", r, per, n, pv, fv, w)
    add("ppmt", r, per, n, pv, fv, w)
    a = rng.randint(1, n)
    add("cumipmt", r, n, pv, a, rng.randint(a, n), w)
    add("cumprinc", r, n, pv, a, rng.randint(a, n), w)
for _ in range(5):
    flows = [-u(1000, 100000, 2)] + [u(-500, 30000, 2) for _ in range(rng.randint(3, 10))]
    add("npv", u(0.01, 0.2), lst(flows))
    add("irr", lst(flows), 0.1)
    add("mirr", lst(flows), u(0.02, 0.1), u(0.02, 0.15))
    days = sorted(rng.sample(range(19000, 20500), len(flows)))
    add("xnpv", u(0.01, 0.2), lst(days), lst(flows))
    add("xirr", lst(days), lst(flows), 0.1)
for _ in range(4):
    cost, life = u(5000, 200000, 2), rng.randint(3, 15)
    salvage = u(0, cost / 5, 2)
    add("sln", cost, salvage, life)
    add("syd", cost, salvage, life, rng.randint(1, life))
    add("ddb", cost, salvage, life, rng.randint(1, life), rng.choice([1.5, 2.0]))
    add("db", cost, salvage, life, rng.randint(1, life), rng.randint(1, 12))
    add("effect", u(0.01, 0.15), rng.choice([2, 4, 12, 365]))
    add("nominal", u(0.01, 0.15), rng.choice([2, 4, 12, 365]))
add("irr", lst([100.0, 200.0, 300.0]), 0.1)                   # FPA_ENOCONV: no sign change
add("pmt", -1.5, 12, 1000.0, 0.0, "end")                     # FPA_EDOM: rate <= -1
add("npv", 0.1, lst([1.0, float("nan"), 3.0]))               # FPA_EDOM: a NaN value

# ---- forecasting (13 methods; ARIMA at the end) ----
def series(n, period, level, trend, amp, noise):
    return [round(level + trend * t + amp * math.sin(2 * math.pi * t / period)
                  + rng.gauss(0, noise), 4) for t in range(n)]


for method in ["naive", "snaive", "naive2", "drift", "ma", "linear", "ses", "holt", "damped",
               "theta", "otheta", "ets", "combo"]:
    for period, n in ((12, 48), (4, 28)):
        y = series(n, period, u(50, 500), u(-1, 3), u(0, 40), u(0.5, 5))
        add("forecast", method, period, rng.choice([3, 6, 12]), lst(y))
add("forecast", "ets", 12, 6, lst([float("nan")] * 5))       # FPA_EDATA: no values

# ---- budget versus actual ----
for _ in range(10):
    k = rng.randint(1, 6)
    budget = [u(1000, 100000, 2) for _ in range(k)]
    actual = [b * u(0.8, 1.2) for b in budget]
    nature = ",".join(rng.choice(["revenue", "cost"]) for _ in range(k))
    add("variance", lst(budget), lst([round(a, 2) for a in actual]), nature)
add("variance", lst([0.0, 100.0]), lst([50.0, 100.0]), "cost,revenue")  # no budget

# ---- unit economics ----
for _ in range(4):
    price, cost = u(10, 200, 2), u(1, 150, 2)
    add("contribution", price, min(cost, price * 0.9))
    add("break_even", u(1000, 50000, 2), u(0, 10000, 2), price, min(cost, price * 0.9))
    add("margin_of_safety", u(1000, 10000, 2), u(500, 1000, 2))
    add("operating_leverage", u(1000, 5000, 2), u(100, 900, 2))
    add("arpu", u(10000, 90000, 2), rng.randint(100, 900), rng.randint(100, 900))
    add("logo_churn", rng.randint(500, 900), rng.randint(1, 90))
    add("ltv_simple", u(20, 200, 2), u(0.3, 0.9), u(0.01, 0.1))
    add("ltv_discounted", u(20, 200, 2), u(0.3, 0.9), u(0.01, 0.1), u(0.005, 0.02),
        rng.randint(12, 120))
    add("cac_blended", u(10000, 90000, 2), rng.randint(10, 400))
    add("cac_paid", u(10000, 90000, 2), rng.randint(10, 400), rng.randint(0, 100))
    add("ltv_cac", u(500, 5000, 2), u(100, 900, 2))
    add("cac_payback", u(100, 900, 2), u(20, 200, 2), u(0.3, 0.9), u(0.0, 0.05))
add("contribution", 0.0, 5.0)                                 # the ratio at a zero price

# ---- working capital ----
for _ in range(6):
    k = rng.randint(2, 8)
    ca = [u(100000, 900000, 2) for _ in range(k)]
    cl = [u(50000, 600000, 2) for _ in range(k)]
    inv = [u(0, c / 2, 2) for c in ca]
    add("wc_liquidity", lst(ca), lst(cl), lst(inv))
    rev = [u(50000, 200000, 2) for _ in range(k)]
    add("wc_cycle", lst([rng.choice([28.0, 30.0, 31.0]) for _ in range(k)]),
        lst([r * u(1, 2) for r in rev]), lst(rev), lst([r * u(0.5, 1) for r in rev]),
        lst([r * u(0.4, 0.7) for r in rev]), lst([r * u(0.3, 0.8) for r in rev]),
        lst([r * u(0.4, 0.8) for r in rev]))
    cogs = [r * u(0.4, 0.7) for r in rev]
    add("wc_project", 30.0, lst(rev), lst(cogs), lst([u(30, 60, 1) for _ in range(k)]),
        lst([u(20, 50, 1) for _ in range(k)]), lst([u(25, 55, 1) for _ in range(k)]),
        u(50000, 150000, 2), u(20000, 80000, 2), u(30000, 90000, 2), u(0, 50000, 2))

# ---- ARIMA (issue 15): last, so that the draws above keep their values ----
for period, n in ((12, 48), (4, 28), (1, 30)):
    y = series(n, period, u(50, 500), u(-1, 3), u(0, 40), u(0.5, 5))
    add("forecast", "arima", period, rng.choice([3, 6, 12]), lst(y))

print("# SPDX-License-Identifier: GPL-3.0-or-later")
print("# Generated by tests/parity/make_calls.py (see there); do not edit.")
count = {}
for fn, args in lines:
    count[fn] = count.get(fn, 0) + 1
    print(f"{fn}.{count[fn]} {fn} {args}")
