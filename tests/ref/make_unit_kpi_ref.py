#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Recompute the reference values of the unit and kpi tests from engines
that share no code with libfpa.

    apt-get install libreoffice-calc-nogui gnumeric python3-pandas
    /usr/bin/python3 tests/ref/make_unit_kpi_ref.py

Writes
- tests/ref/unit_kpi_expected.csv: one row per case,
      function,args,source,formula,value
  `function` and `args` say which libfpa call the C test makes (args in the
  spreadsheet's inline-array syntax, `;` between arguments, `{a;b}` for an
  array); `formula` is what the independent engine evaluated; `value` is
  its result, or a status name (EDOM, EUNBOUNDED ...) where the engine
  gives an error (#DIV/0!, #NUM!) and libfpa a status.
  Sources:
    lo      the formula recalculated by LibreOffice Calc
            (`soffice --headless --convert-to csv`) AND by gnumeric
            (`ssconvert --recalc`); the script stops if they disagree by
            more than 1e-12 relative.
    pandas  pandas' own implementation, named in `formula`
            (e.g. Series.ewm(alpha=.., adjust=False).mean()).
    numpy   numpy's cumsum/searchsorted for the runway schedule rule.
    exact   exact rational arithmetic (fractions.Fraction) for the
            largest-remainder allocation in cents.
- tests/ref/cohort_rows.csv, cohort_expected.csv and cohort_curve.csv: a
  synthetic activity table (customer, cohort, period, revenue), the cohort
  matrices pandas derives from it with groupby, and the pooled
  (chain-ladder) retention curve computed from those with pandas.
"""
import csv
import math
import os
import random
import sys
from fractions import Fraction
from sheets import recalculate, versions

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def arr(xs):
    return "{" + ";".join(fmt(x) for x in xs) + "}"


def fmt(x):
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def args(*a):
    return ";".join(arr(x) if isinstance(x, (list, tuple)) else fmt(x) for x in a)


LO = []      # (function, args, formula, expect-override or None)
OTHER = []   # (function, args, source, formula, value)


def lo(function, a, formula, expect=None):
    LO.append((function, a, formula, expect))


# ---- kpi: growth ------------------------------------------------------------
SERIES = [100, 120, 90, 0, 50, -40, -20, 30, 30.5, 1e-3, 7, 7]
for t in range(1, len(SERIES)):
    b, x = SERIES[t - 1], SERIES[t]
    lo("growth_pop", args(SERIES, t - 1), f"({fmt(x)}-{fmt(b)})/ABS({fmt(b)})",
       "EDOM" if b == 0 else None)
rnd = random.Random(5)
MONTHLY = [round(1000 * (1.02 ** t) * (1 + 0.1 * math.sin(t)) + rnd.uniform(-50, 50), 2)
           for t in range(30)]
for t in (0, 5, 17):
    b, x = MONTHLY[t], MONTHLY[t + 12]
    lo("growth_yoy", args(MONTHLY, 12, t), f"{fmt(x)}/{fmt(b)}-1")
QUARTERLY = [10, 12, 15, 11, 12, 13, 0, 14, 18]
for t in range(len(QUARTERLY) - 4):
    b, x = QUARTERLY[t], QUARTERLY[t + 4]
    lo("growth_yoy", args(QUARTERLY, 4, t), f"({fmt(x)}-{fmt(b)})/ABS({fmt(b)})",
       "EDOM" if b == 0 else None)

# CAGR: the spreadsheet's RRI(periods; pv; fv)
for first, last, years in [(100, 200, 5), (1000, 1610.51, 5), (250, 100, 3),
                           (100, 100, 2), (5e6, 1.2e7, 7.5), (100, 0, 4),
                           (0.01, 1e4, 10), (100, 150, 0.5)]:
    lo("cagr", args(first, last, years), f"RRI({fmt(years)};{fmt(first)};{fmt(last)})")
lo("cagr", args(0, 100, 5), "RRI(5;0;100)", "EDOM")
lo("cagr", args(-100, 100, 5), "RRI(5;-100;100)", "EDOM")
for s, season in [(MONTHLY[:25], 12), (QUARTERLY[:5], 4), ([3, 4, 5], 1)]:
    lo("cagr_rows", args(s, season),
       f"RRI({fmt((len(s) - 1) / season)};{fmt(s[0])};{fmt(s[-1])})")

# ---- kpi: moving averages ---------------------------------------------------
for w in (1, 3, 12):
    for j in (0, 4, len(MONTHLY) - w):
        lo("sma", args(MONTHLY, w, j), f"AVERAGE({arr(MONTHLY[j:j + w])})")
for w in (2, 3, 6):
    for j in (0, 7, len(MONTHLY) - w):
        wts = list(range(1, w + 1))
        lo("wma_linear", args(MONTHLY, w, j),
           f"SUMPRODUCT({arr(MONTHLY[j:j + w])};{arr(wts)})/SUM({arr(wts)})")
for wts in ([0.2, 0.3, 0.5], [1, 0, 0, 3], [5, 1]):
    for j in (0, 3):
        w = len(wts)
        lo("wma", args(MONTHLY, wts, j),
           f"SUMPRODUCT({arr(MONTHLY[j:j + w])};{arr(wts)})/SUM({arr(wts)})")
for alpha in (0.1, 0.5, 2 / 13, 1.0):
    ema = pd.Series(MONTHLY).ewm(alpha=alpha, adjust=False).mean()
    for j in (0, 1, 10, len(MONTHLY) - 1):
        OTHER.append(("ema", args(MONTHLY, alpha, j), "pandas",
                      f"Series.ewm(alpha={alpha!r}, adjust=False).mean()[{j}]",
                      repr(float(ema[j]))))

# ---- kpi: P&L margins (which: 0 gross, 1 operating, 2 EBITDA, 3 EBITDA
# margin, 4 opex ratio) ---------------------------------------------------------
for r, c, o, d in [(1000, 400, 350, 50), (250000, 100000, 180000, 20000),
                   (80, 90, 10, 0), (1e6, 2.5e5, 9e5, 1.2e5), (0, 10, 5, 1)]:
    f = [f"({fmt(r)}-{fmt(c)})/{fmt(r)}", f"({fmt(r)}-{fmt(c)}-{fmt(o)})/{fmt(r)}",
         f"{fmt(r)}-{fmt(c)}-{fmt(o)}+{fmt(d)}",
         f"({fmt(r)}-{fmt(c)}-{fmt(o)}+{fmt(d)})/{fmt(r)}", f"{fmt(o)}/{fmt(r)}"]
    for which in range(5):
        lo("margins", args(r, c, o, d, which), f[which],
           "EDOM" if r == 0 and which != 2 else None)

for g, m in [(0.25, 0.15), (0.6, -0.3), (0.1, 0.2), (-0.05, 0.3)]:
    lo("rule_of_40", args(g, m), f"{fmt(g)}+{fmt(m)}")

# ---- kpi: burn (which: 0 gross, 1 net) and runway ----------------------------
for cin, cout in [(8000, 20000), (0, 55000), (120000, 95000), (1e6, 1e6)]:
    lo("burn", args(cin, cout, 0), f"{fmt(cout)}")
    lo("burn", args(cin, cout, 1), f"{fmt(cout)}-{fmt(cin)}")
# ---- kpi: runway ------------------------------------------------------------
for cash, burn in [(1e6, [90000, 110000, 100000]), (500000, [40000, 60000, -10000, 50000]),
                   (0, [1000]), (100, [-5, -5])]:
    lo("runway_mean", args(cash, burn),
       f"{fmt(cash)}/AVERAGE({arr(burn)})",
       "EUNBOUNDED" if sum(burn) <= 0 and cash > 0 else None)
for cash, burn in [(1e6, [90000, 110000, 100000]), (250000, [100000, 100000, 100000]),
                   (300000, [50000, -20000, 80000, 120000, 60000]),
                   (200000, [150000, 30000]), (100, [-5, -5]), (100, [200]),
                   (1000, [100, -100, 100, 0])]:
    spent = np.cumsum(np.array(burn, dtype=float))
    value = None
    for i, b in enumerate(burn):
        before = cash - (spent[i - 1] if i else 0.0)
        if b > 0 and b >= before:
            value = repr(i + before / b)
            break
    if value is None:
        left = cash - spent[-1]
        value = repr(len(burn) + left / burn[-1]) if burn[-1] > 0 else "EUNBOUNDED"
    OTHER.append(("runway_schedule", args(cash, burn), "numpy",
                  "first month where numpy.cumsum(burn) reaches cash, interpolated;"
                  " then the last burn", value))
for cash, burn in [(150000, 10000), (1e6, 1e5), (250000, 50000), (1000, 0), (1000, -1)]:
    lo("months_of_cash", args(cash, burn), f"{fmt(cash)}/{fmt(burn)}",
       "EUNBOUNDED" if burn <= 0 else None)

# ---- unit: contribution, break-even, safety, leverage -----------------------
for p, v in [(50, 30), (10, 8.3), (14, 13.3), (80, 57), (100, 120), (19.99, 0)]:
    lo("contribution", args(p, v, 0), f"{fmt(p)}-{fmt(v)}")
    lo("contribution", args(p, v, 1), f"({fmt(p)}-{fmt(v)})/{fmt(p)}")
for fc, tp, p, v in [(20000, 0, 50, 30), (100000, 0, 80, 57), (108000, 0, 50, 32),
                     (50000, 25000, 12, 8), (0, 0, 10, 4), (1000, 0, 10, 10)]:
    lo("break_even", args(fc, tp, p, v, 0), f"({fmt(fc)}+{fmt(tp)})/({fmt(p)}-{fmt(v)})",
       "EUNBOUNDED" if p <= v and fc + tp > 0 else None)
    lo("break_even", args(fc, tp, p, v, 1),
       f"({fmt(fc)}+{fmt(tp)})/(({fmt(p)}-{fmt(v)})/{fmt(p)})",
       "EUNBOUNDED" if p <= v and fc + tp > 0 else None)
MIXES = [([600, 200], [400, 100], [10, 100], 0, 6000, 0),
         ([10, 14], [8.3, 13.3], [2320, 580], 0, 4350, 0),
         ([25, 40, 12], [15, 22, 9], [0.5, 0.3, 0.2], 0, 90000, 15000),
         ([20, 30, 50], [16, 19.5, 25], [0.3, 0.6, 0.1], 1, 533440, 0),
         ([25, 40, 12], [15, 22, 9], [1, 1, 2], 1, 90000, 0)]
for price, vc, mix, basis, fc, tp in MIXES:
    n = len(price)
    P, V, M = arr(price), arr(vc), arr(mix)
    if basis == 0:   # units mix: a basket of mix_i units
        basket = f"SUMPRODUCT({M};{P}-{V})"
        units = [f"({fmt(fc)}+{fmt(tp)})/{basket}*{fmt(mix[i])}" for i in range(n)]
    else:            # revenue mix: weighted contribution-margin ratio
        wcmr = f"(SUMPRODUCT({M};({P}-{V})/{P})/SUM({M}))"
        units = [f"({fmt(fc)}+{fmt(tp)})/{wcmr}*{fmt(mix[i])}/SUM({M})/{fmt(price[i])}"
                 for i in range(n)]
    for i in range(n):
        a = args(price, vc, mix, basis, fc, tp)
        lo("break_even_mix", a + f";0;{i}", units[i])
        lo("break_even_mix", a + f";1;{i}", f"{units[i]}*{fmt(price[i])}")
for actual, be in [(70000, 50000), (120000, 100000), (8000, 6000), (5000, 6000), (100, 100)]:
    lo("margin_of_safety", args(actual, be, 0), f"{fmt(actual)}-{fmt(be)}")
    lo("margin_of_safety", args(actual, be, 1), f"({fmt(actual)}-{fmt(be)})/{fmt(actual)}")
for cm, oi in [(82200, 65200), (13500, 4860), (97000, 57000), (60000, -10000), (1000, 0)]:
    lo("dol", args(cm, oi), f"{fmt(cm)}/{fmt(oi)}", "EUNBOUNDED" if oi == 0 else None)

# ---- unit: customers ---------------------------------------------------------
for rev, s, e in [(120000, 950, 1050), (7777, 123, 123), (1e6, 0, 10)]:
    lo("arpu", args(rev, s, e), f"{fmt(rev)}/AVERAGE({fmt(s)};{fmt(e)})")
for s, lost in [(1000, 30), (250, 0), (80, 80), (12345, 617)]:
    lo("logo_churn", args(s, lost), f"{fmt(lost)}/{fmt(s)}")
for start, ch, con, exp in [(27000, 5000, 0, 8000), (100000, 3000, 1200, 6500),
                            (50000, 0, 0, 0), (10000, 10000, 0, 0), (80000, 2500, 500, 1000)]:
    f = [f"({fmt(start)}-{fmt(ch)}-{fmt(con)})/{fmt(start)}",
         f"({fmt(start)}-{fmt(ch)}-{fmt(con)}+{fmt(exp)})/{fmt(start)}",
         f"({fmt(ch)}+{fmt(con)})/{fmt(start)}",
         f"({fmt(ch)}+{fmt(con)}-{fmt(exp)})/{fmt(start)}",
         f"{fmt(exp)}/{fmt(start)}"]
    for which in range(5):
        lo("revenue_retention", args(start, ch, con, exp, which), f[which])
for a, gm, c in [(50, 0.8, 0.04), (79, 0.8, 0.03), (1200, 0.72, 0.015), (10, -0.2, 0.05),
                 (100, 0.5, 1), (100, 0.75, 0)]:
    lo("ltv_simple", args(a, gm, c), f"{fmt(a)}*{fmt(gm)}/{fmt(c)}",
       "EUNBOUNDED" if c == 0 else None)


def terms(ratio):
    """Months after which ratio^t < 1e-20: the rest of an infinite sum is
    below double precision, and no power underflows (LibreOffice gives
    #NUM! on an underflowing power)."""
    return max(1, math.ceil(math.log(1e-20) / math.log(ratio)))


def disc_sum(m, c, d, h):
    """LTV as an explicit sum in the sheet: margin m, retention (1-c)^(t-1)
    in month t, discounted t months. Empty cells Z1:Z<h> give ROW() = t."""
    return (f"SUMPRODUCT({fmt(m)}*(1-{fmt(c)})^(ROW($Z$1:$Z${h})-1)"
            f"/(1+{fmt(d)})^ROW($Z$1:$Z${h}))")


for a, gm, c, d, h in [(50, 0.8, 0.04, 0.01, 36), (50, 0.8, 0.04, 0.01, 0),
                       (100, 0.7, 0.02, 0.008, 60), (100, 0.7, 0, 0.008, 0),
                       (100, 0.7, 0.02, 0, 24), (30, 0.9, 0.1, 0.05, 1),
                       (30, 0.9, 1, 0.05, 12), (100, 0.7, 0.02, 0.0075, 0)]:
    # horizon 0 = infinite: summed until the terms are below 1e-20 of the
    # first
    if c == 1:  # only month 1 (and 0^0 is an error in gnumeric)
        lo("ltv_discounted", args(a, gm, c, d, h), f"{fmt(a * gm)}/(1+{fmt(d)})")
        continue
    lo("ltv_discounted", args(a, gm, c, d, h),
       disc_sum(a * gm, c, d, h or terms((1 - c) / (1 + d))))
lo("ltv_discounted", args(100, 0.7, 0, 0, 0), "100*0.7/0", "EUNBOUNDED")

CURVES = [[1, 0.8, 0.7, 0.64, 0.6, 0.57],
          [1, 0.9, 0.85, 0.82, 0.8],
          [1, 0.5, 0.25, 0.125],
          [1, 0.7, 0.6, 0.6, 0.6],
          [1, 1.05, 1.08, 1.1],
          [1, 0.6, 0.3, 0]]
for S in CURVES:
    for arpu, gm, d, h, tail, window in [(100, 0.8, 0.01, 0, 1, 3), (100, 0.8, 0.01, 0, 0, 3),
                                         (100, 0.8, 0.01, 3, 1, 3), (100, 0.8, 0.01, 12, 1, 2),
                                         (40, 0.6, 0, 24, 1, 1)]:
        n = len(S)
        m = arpu * gm
        L = min(window, n - 1)
        obs_n = n if h == 0 else min(n, h)
        # an inline array is a row ({a;b} in OpenFormula), ROW() a column:
        # NPV takes the array whatever its orientation
        obs = f"{fmt(m)}*NPV({fmt(d)};{arr(S[:obs_n])})"
        formula, expect = obs, None
        if tail == 1 and (h == 0 or h > n):
            q = f"(({fmt(S[-1])}/{fmt(S[n - 1 - L])})^(1/{L}))" if S[n - 1 - L] else "0"
            qv = (S[-1] / S[n - 1 - L]) ** (1 / L) if S[n - 1 - L] else 0
            T = (h - n) if h else (terms(qv / (1 + d)) if 0 < qv < 1 + d else 2000)
            formula = (obs + f"+SUMPRODUCT({fmt(m)}*{fmt(S[-1])}*{q}^ROW($Z$1:$Z${T})"
                       f"/(1+{fmt(d)})^({n}+ROW($Z$1:$Z${T})))")
            qv = (S[-1] / S[n - 1 - L]) ** (1 / L) if S[n - 1 - L] else 0
            if h == 0 and S[-1] > 0 and qv >= 1 + d:
                expect = "EUNBOUNDED"
        lo("ltv_curve", args(S, arpu, gm, d, h, tail, window), formula, expect)

for cac, a, gm, c in [(300, 50, 0.8, 0), (1000, 100, 0.75, 0), (300, 50, 0.8, 0.04),
                      (1500, 100, 0.75, 0.02), (100, 100, 0.5, 1), (40, 100, 0.5, 1),
                      (5000, 100, 0.75, 0.02), (300, 50, 0, 0), (300, 50, -0.1, 0.01)]:
    m = a * gm
    if m <= 0 or (c > 0 and cac * c >= m):
        lo("cac_payback", args(cac, a, gm, c), f"NPER(-{fmt(c)};{fmt(m)};0;-{fmt(cac)})",
           "EUNBOUNDED")
    elif c == 0:
        lo("cac_payback", args(cac, a, gm, c), f"{fmt(cac)}/({fmt(m)})")
    elif c == 1:
        lo("cac_payback", args(cac, a, gm, c), f"{fmt(cac)}/({fmt(m)})")
    else:
        k = f"CEILING(NPER(-{fmt(c)};{fmt(m)};0;-{fmt(cac)});1)"
        cum = f"{fmt(m)}*(1-(1-{fmt(c)})^({k}-1))/{fmt(c)}"
        lo("cac_payback", args(cac, a, gm, c),
           f"{k}-1+({fmt(cac)}-{cum})/({fmt(m)}*(1-{fmt(c)})^({k}-1))")
for cac, margin in [(300, [40, 40, 40, 40, 40, 40, 40, 40]), (250, [100, 80, 60, 40, 20]),
                    (100, [0, 0, 150]), (1000, [100, 90, 80]), (0, [5])]:
    cum = np.cumsum(margin)
    k = int(np.searchsorted(cum, cac))
    if cac == 0:
        value = "0.0"
    elif k >= len(margin):
        value = "EUNBOUNDED"
    else:
        value = repr(k + (cac - (cum[k - 1] if k else 0.0)) / margin[k])
    OTHER.append(("cac_payback_curve", args(cac, margin), "numpy",
                  "numpy.searchsorted(numpy.cumsum(margin), cac), interpolated", value))
for spend, new in [(10000, 40), (250000, 1000), (5000, 0), (0, 0)]:
    lo("cac_blended", args(spend, new), f"{fmt(spend)}/{fmt(new)}",
       "EUNBOUNDED" if new == 0 and spend > 0 else ("EDOM" if new == 0 else None))
for spend, new, org in [(150000, 1000, 400), (9000, 40, 10), (1000, 50, 50)]:
    lo("cac_paid", args(spend, new, org), f"{fmt(spend)}/({fmt(new)}-{fmt(org)})",
       "EUNBOUNDED" if new == org else None)
for ltv, cac in [(1000, 300), (2106.67, 250), (500, 0), (-100, 50)]:
    lo("ltv_cac", args(ltv, cac), f"{fmt(ltv)}/{fmt(cac)}", "EUNBOUNDED" if cac == 0 else None)


# ---- unit: allocation, exact -------------------------------------------------
def largest_remainder(pool, driver):
    """Hamilton's method in exact rationals: floors, then one cent each to
    the largest remainders, ties to the lower index; a negative pool is the
    positive allocation negated."""
    sign = -1 if pool < 0 else 1
    pool = abs(pool)
    total = sum(Fraction(d) for d in driver)
    quota = [Fraction(pool) * Fraction(d) / total for d in driver]
    floors = [q.numerator // q.denominator for q in quota]
    left = pool - sum(floors)
    order = sorted(range(len(driver)), key=lambda i: (-(quota[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]


rnd = random.Random(11)
ALLOCS = [(100, [1, 1, 1]), (1000000, [3, 3, 3, 1]), (99999, [0.5, 0.25, 0.25]),
          (-1234567, [10, 20, 30, 40]), (7, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
          (123456789, [rnd.uniform(0, 100) for _ in range(25)]),
          (500, [0, 0, 5, 0]), (1, [2, 1])]
for pool, drv in ALLOCS:
    # the Fraction of a double is its exact binary value: the same numbers
    # libfpa sees
    res = largest_remainder(pool, drv)
    for i, v in enumerate(res):
        OTHER.append(("allocate", args(pool, drv, i), "exact",
                      "largest remainder in fractions.Fraction", str(v)))


# ---- cohorts: pandas groupby --------------------------------------------------
def cohort_data():
    rnd = random.Random(2024)
    rows = []
    cust = 0
    last = 8
    for cohort in range(0, 8):
        if cohort == 3:
            continue  # a month with no acquisitions
        for _ in range(rnd.randint(5, 25)):
            cust += 1
            cid = 1000 + cust * 7
            alive, mrr = True, rnd.choice([10, 20, 50, 100])
            for period in range(cohort, last + 1):
                if period > cohort and rnd.random() < 0.2:
                    alive = False
                if not alive:
                    if rnd.random() < 0.05:
                        alive = True  # a returning customer
                    else:
                        continue
                if rnd.random() < 0.1:
                    mrr = round(mrr * rnd.choice([0.5, 1.5, 2.0]), 2)
                rows.append((cid, cohort, period, mrr))
                if rnd.random() < 0.1:  # a second invoice in the same month
                    rows.append((cid, cohort, period, 5.0))
    rnd.shuffle(rows)
    return pd.DataFrame(rows, columns=["customer", "cohort", "period", "revenue"])


def write_cohorts():
    df = cohort_data()
    df.to_csv(os.path.join(HERE, "cohort_rows.csv"), index=False)
    df["age"] = df["period"] - df["cohort"]
    active = df.groupby(["cohort", "age"])["customer"].nunique().unstack(fill_value=0)
    revenue = df.groupby(["cohort", "age"])["revenue"].sum().unstack(fill_value=0.0)
    sizes = df.groupby("cohort")["customer"].nunique()
    last = df["period"].max()
    out = []
    for cohort in sizes.index:
        observed = last - cohort + 1
        for age in range(observed):
            a = int(active.loc[cohort].get(age, 0))
            r = float(revenue.loc[cohort].get(age, 0.0))
            r0 = float(revenue.loc[cohort].get(0, 0.0))
            out.append((cohort, age, int(sizes[cohort]), observed, a, repr(r),
                        repr(a / sizes[cohort]), repr(r / r0)))
    with open(os.path.join(HERE, "cohort_expected.csv"), "w", newline="") as f:
        f.write("# Generated by tests/ref/make_unit_kpi_ref.py with pandas %s:\n"
                "# groupby(['cohort','age']).customer.nunique(), .revenue.sum(),\n"
                "# retention = active / cohort size, revenue retention = revenue / age-0 revenue.\n"
                % pd.__version__)
        w = csv.writer(f)
        w.writerow(["cohort", "age", "size", "observed", "active", "revenue",
                    "retention", "revenue_retention"])
        w.writerows(out)
    # the pooled curve, chain-ladder style: each age-to-age factor over the
    # cohorts observed at both ages, with cohort sizes as weights (so the
    # weighted retentions are the active counts)
    observed = pd.Series({c: last - c + 1 for c in sizes.index})
    curve = [active[0].sum() / sizes.sum()]
    for a in range(int(observed.max()) - 1):
        seen = observed[observed >= a + 2].index
        curve.append(curve[-1] * active.loc[seen, a + 1].sum() / active.loc[seen, a].sum())
    with open(os.path.join(HERE, "cohort_curve.csv"), "w", newline="") as f:
        f.write("# Generated by tests/ref/make_unit_kpi_ref.py with pandas %s: pooled\n"
                "# retention curve of cohort_rows.csv, S0 = sum(active age 0) / sum(sizes),\n"
                "# S(a+1) = S(a) * sum(active a+1) / sum(active a) over cohorts observed at a+1.\n"
                % pd.__version__)
        w = csv.writer(f)
        w.writerow(["age", "curve"])
        w.writerows((a, repr(float(v))) for a, v in enumerate(curve))


# ---- spreadsheet plumbing (as make_tvm_ref.py) --------------------------------
def number(cell):
    """LibreOffice prints a percentage-formatted result (RRI's) as '10%'."""
    cell = cell.strip()
    try:
        if cell.endswith("%"):
            return float(cell[:-1]) / 100
        return float(cell)
    except ValueError:
        return None


def main():
    formulas = [f for _, _, f, _ in LO]
    lo_vals, gn_vals = recalculate(formulas)
    rows, bad = [], 0
    for (function, a, formula, expect), lv, gv in zip(LO, lo_vals, gn_vals):
        x, y = number(lv), number(gv)
        if expect is not None:
            if x is not None:
                print(f"note: {formula}: LibreOffice gives {lv}, libfpa {expect}")
            rows.append((function, a, "lo", formula, expect))
            continue
        if x is None or y is None or abs(x - y) > 1e-12 * max(1.0, abs(x)):
            print(f"DISAGREE {formula}: LibreOffice {lv!r}, gnumeric {gv!r}")
            bad += 1
            continue
        rows.append((function, a, "lo", formula, repr(x)))
    if bad:
        sys.exit(f"{bad} cases where the engines disagree")
    rows += OTHER
    lo_v, gn_v = versions()
    with open(os.path.join(HERE, "unit_kpi_expected.csv"), "w", newline="") as f:
        f.write(f"# Generated by tests/ref/make_unit_kpi_ref.py with {lo_v}, {gn_v}, "
                f"pandas {pd.__version__}, numpy {np.__version__}.\n"
                "# Do not edit: change the cases in the script and run it again.\n")
        w = csv.writer(f)
        w.writerow(["function", "args", "source", "formula", "value"])
        w.writerows(rows)
    write_cohorts()
    print(f"{len(rows)} cases")


if __name__ == "__main__":
    main()
