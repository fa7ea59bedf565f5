#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Author the embedded sample company, Northwind Instruments (fictional).

The CSV and JSON files beside this script ARE the sample company: they are
committed, embedded in the `fpa` program at build time, and double as
examples of every input format. This script is how they were written, kept
so that the story behind the numbers can be read and re-told; the build
never runs it. Re-running it rewrites the files identically (seeded).

    /usr/bin/python3 src/cli/sample/make_sample.py

The company sells lab sensors and gateways (hardware, with inventory) and a
cloud subscription, in two regions, to about 200 business customers. The
review is as of 2026-10: actuals run 2023-10 .. 2026-09, the budget is for
the fiscal (calendar) year 2026. Three things went wrong in 2026:

1. A key customer (C0007, Americas, mostly gateways) left after April.
2. The sensor component supplier raised prices from March: sensor cost of
   sales went from 46 % to 53 % of revenue, against a budget at 46 %.
3. Marketing overspent from May (paid digital campaigns, and an unbudgeted
   trade show in June) to replace the lost revenue; it did bring more new
   customers, at a higher acquisition cost.

Working capital (for the review's working-capital section) also moved:
gateways bought for the lost customer sit in stock from May, and a large
EMEA customer pays late from June (higher DSO). The bank's covenant asks for
1.0 million of cash at every month end (the manifest's cash_floor); the
review tries three what-ifs against it (scenarios.json): collecting five
days faster from next month, carrying 10 % more inventory, and clearing the
stuck gateway stock from January (DIO back to its level before May).
"""
import csv
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(20261001)

FIRST = 2023 * 12 + 9          # 2023-10
MONTHS = 36                    # to 2026-09
AS_OF = FIRST + MONTHS         # 2026-10
PRODUCTS = ["sensors", "gateways", "cloud"]
REGIONS = ["emea", "amer"]
HW_SEASON = [0.85, 0.90, 1.06, 0.96, 1.00, 1.05, 0.90, 0.78, 1.05, 1.06, 1.10, 1.32]
EMEA_AUGUST = 0.82             # Europe's summer on top of the seasonal dip


def per(p):
    return f"{p // 12:04d}-{p % 12 + 1:02d}"


def month_of(p):
    return p % 12 + 1


def lognorm(mean, sigma):
    return mean * math.exp(rnd.gauss(0, sigma) - sigma * sigma / 2)


# ---- customers -------------------------------------------------------------
class Customer:
    def __init__(self, cid, region, cohort, size, mix, churn, legacy):
        self.id, self.region, self.cohort = cid, region, cohort
        self.size, self.mix, self.legacy = size, mix, legacy
        self.churn = churn      # monthly churn probability
        self.last = None        # last active month (None: still active)


def mix():
    w = [rnd.gammavariate(a, 1) for a in (4.5, 2.5, 3.0)]
    s = sum(w)
    return [x / s for x in w]


customers = []
for i in range(1, 121):        # acquired before the data start
    region = "emea" if rnd.random() < 0.55 else "amer"
    customers.append(Customer(f"C{i:04d}", region, None, lognorm(8200, 0.75), mix(),
                              0.011, True))
key = customers[6]              # C0007: the key customer
key.region, key.size, key.mix = "amer", 128000.0, [0.2, 0.5, 0.3]
key.churn = 0.0

n = 0
for m in range(FIRST, AS_OF):
    y, mo = divmod(m, 12)
    rate = 3.6 + (0.8 if mo + 1 in (1, 2, 3, 10) else 0)
    if m >= 2026 * 12 + 4:      # the marketing push from May 2026
        rate = 6.4
    for _ in range(sum(1 for _ in range(60) if rnd.random() < rate / 60)):
        n += 1
        region = "emea" if rnd.random() < 0.55 else "amer"
        customers.append(Customer(f"N{n:04d}", region, m, lognorm(6200, 0.7), mix(),
                                  0.024, False))

# churn: decided month by month, so that the data are a process, not a plan
for c in customers:
    start = FIRST if c.legacy else c.cohort
    for m in range(start + 1, AS_OF):
        p = c.churn if (c.legacy or m - c.cohort < 12) else c.churn * 0.6
        if rnd.random() < p:
            c.last = m - 1
            break
key.last = 2026 * 12 + 3        # surprise 1: gone after April 2026


def active(c, m):
    start = FIRST if c.legacy else c.cohort
    return start <= m and (c.last is None or m <= c.last)


def revenue(c, m):
    """Revenue of customer c in month m by product, rounded to cents."""
    age = None if c.legacy else m - c.cohort
    ramp = 1.0 if c.legacy or age >= 2 else (0.85, 0.95)[age]  # onboarding
    uplift = 1.03 ** (m // 12 - 2023)               # list prices, each January
    out = {}
    for p, w in zip(PRODUCTS, c.mix):
        if p == "cloud":
            grow = 1.0 + 0.012 * min(age if age is not None else 30, 30)
            v = c.size * w * ramp * uplift * grow * rnd.lognormvariate(0, 0.02)
        else:
            s = HW_SEASON[month_of(m) - 1]
            if c.region == "emea" and month_of(m) == 8:
                s *= EMEA_AUGUST
            v = c.size * w * ramp * uplift * s * rnd.lognormvariate(0, 0.14)
        out[p] = round(v, 2)
    return out


rows = []                        # (customer, month, {product: revenue})
for m in range(FIRST, AS_OF):
    for c in customers:
        if active(c, m):
            rows.append((c, m, revenue(c, m)))

# ---- the P&L ---------------------------------------------------------------
actual = {}                      # line -> {month: value}


def add(line, m, v):
    actual.setdefault(line, {}).setdefault(m, 0.0)
    actual[line][m] = round(actual[line][m] + v, 2)


for c, m, rev in rows:
    for p in PRODUCTS:
        add(f"rev.{p}.{c.region}", m, rev[p])
for line in actual:
    for m in range(FIRST, AS_OF):
        actual[line].setdefault(m, 0.0)


def rev_of(prefix, m):
    return sum(v[m] for k, v in actual.items() if k.startswith(prefix))


SUPPLIER_RISE = 2026 * 12 + 2    # surprise 2: March 2026
for m in range(FIRST, AS_OF):
    sensor_ratio = 0.53 if m >= SUPPLIER_RISE else 0.46
    add("cogs.sensors", m, rev_of("rev.sensors.", m) * sensor_ratio * rnd.lognormvariate(0, 0.01))
    add("cogs.gateways", m, rev_of("rev.gateways.", m) * 0.52 * rnd.lognormvariate(0, 0.01))
    add("cogs.cloud", m, 21000 + rev_of("rev.cloud.", m) * 0.17 * rnd.lognormvariate(0, 0.01))

# cost centres: monthly run-rate at 2023-10, yearly raises each January
OPEX = {
    "sales.emea": 81000, "sales.amer": 66000, "sales.ops": 32000,
    "mkt.brand": 26000, "mkt.digital": 40000, "mkt.events": 13000,
    "rnd.hardware": 107000, "rnd.software": 123000, "rnd.cloud": 76000,
    "ga.finance": 50000, "ga.people": 35000, "ga.it": 32000, "ga.facilities": 41000,
}
HEADCOUNT_GROWTH = {"rnd.cloud": 0.007, "rnd.software": 0.004, "sales.emea": 0.003,
                    "sales.amer": 0.003}
MKT_PUSH = 2026 * 12 + 4         # surprise 3: May 2026


def opex_actual(cc, m):
    base = OPEX[cc] * 1.04 ** (m // 12 - 2023) * (1 + HEADCOUNT_GROWTH.get(cc, 0)) ** (m - FIRST)
    if cc == "sales.emea":
        base += 0.035 * rev_of("rev.", m) * 0.55
    if cc == "sales.amer":
        base += 0.035 * rev_of("rev.", m) * 0.45
    if cc == "mkt.events" and month_of(m) in (3, 10):
        base += 95000            # the two trade shows of every year
    if cc == "mkt.digital" and m >= MKT_PUSH:
        base *= 1.75
    if cc == "mkt.events" and m == 2026 * 12 + 5:
        base += 125000           # the unbudgeted June 2026 show
    if cc == "ga.people" and month_of(m) == 12:
        base *= 1.6              # year-end bonuses
    return base * rnd.lognormvariate(0, 0.03)


depreciation = 29000.0
capex = {}
for m in range(FIRST, AS_OF):
    for cc in OPEX:
        add(cc, m, opex_actual(cc, m))
    capex[m] = 31000 * rnd.lognormvariate(0, 0.25) + (220000 if month_of(m) == 2 else 0)
    depreciation += capex[m] / 60 * 0.9  # new assets, five years, straight line
    add("ga.depreciation", m, depreciation)

# ---- the budget for 2026 (made in November 2025 from the 2025 actuals) -------
BUDGET_YEAR = 2026
budget = {}


def smooth(series, m):
    """The planner's base: the month itself blended with its neighbours."""
    around = [series.get(k) for k in (m - 1, m, m + 1) if series.get(k) is not None]
    return 0.5 * series[m] + 0.5 * sum(around) / len(around)


for line in sorted(actual):
    if not line.startswith("rev."):
        continue
    growth = 1.14 if ".cloud." in line else 1.11
    budget[line] = {}
    for mo in range(1, 13):
        base = smooth(actual[line], 2025 * 12 + mo - 1)
        budget[line][2026 * 12 + mo - 1] = round(base * growth, -2)
for mo in range(1, 13):
    m = 2026 * 12 + mo - 1
    rb = lambda p: sum(budget[f"rev.{p}.{r}"][m] for r in REGIONS)  # noqa: E731
    budget.setdefault("cogs.sensors", {})[m] = round(rb("sensors") * 0.46, -2)
    budget.setdefault("cogs.gateways", {})[m] = round(rb("gateways") * 0.52, -2)
    budget.setdefault("cogs.cloud", {})[m] = round(21000 + rb("cloud") * 0.17, -2)
    total_rev = sum(rb(p) for p in PRODUCTS)
    for cc in OPEX:
        runrate = sum(actual[cc][2025 * 12 + k] for k in range(6, 10)) / 4
        if cc == "mkt.events":
            runrate = OPEX[cc] * 1.04 ** 3
        if cc in ("sales.emea", "sales.amer"):
            share = 0.55 if cc == "sales.emea" else 0.45
            runrate = OPEX[cc] * 1.04 ** 3 * 1.003 ** (m - FIRST) + 0.035 * total_rev * share
        else:
            runrate *= 1.04          # the January raises
        if cc == "mkt.events" and mo in (3, 10):
            runrate += 100000
        if cc == "ga.people" and mo == 12:
            runrate *= 1.6
        budget.setdefault(cc, {})[m] = round(runrate, -2)
    budget.setdefault("ga.depreciation", {})[m] = round(actual["ga.depreciation"][2025 * 12 + 9]
                                                        + 600 * mo, -2)

# ---- balances: receivables, inventory, payables, cash ------------------------
DAYS = 365 / 12


def total(prefix, m):
    return sum(v[m] for k, v in actual.items() if k.startswith(prefix))


balances = {"ar": {}, "ap": {}, "inventory": {}, "cash": {}}
ar = total("rev.", FIRST) * 47 / DAYS
inv = (total("cogs.sensors", FIRST) + total("cogs.gateways", FIRST)) * 82 / DAYS
ap = total("cogs.", FIRST) * 41 / DAYS
cash = 4350000.0
for m in range(FIRST, AS_OF):
    rev = total("rev.", m)
    hw_cogs = total("cogs.sensors", m) + total("cogs.gateways", m)
    cogs = total("cogs.", m)
    dso = 47 + (9 if m >= 2026 * 12 + 5 else 0) + rnd.gauss(0, 0.6)  # the late payer
    dio = 82 + rnd.gauss(0, 1)
    stuck = 0.0
    if m >= 2026 * 12 + 4:       # gateways bought for the lost customer
        stuck = 640000 * 0.93 ** (m - (2026 * 12 + 4))
    dpo = 41 + rnd.gauss(0, 0.6)
    new_ar = rev * dso / DAYS
    new_inv = hw_cogs * dio / DAYS + stuck
    purchases = cogs + new_inv - inv
    new_ap = cogs * dpo / DAYS
    collections = ar + rev - new_ar
    payments = ap + purchases - new_ap
    opex_cash = sum(actual[cc][m] for cc in OPEX)
    cash += collections - payments - opex_cash - capex[m]
    ar, inv, ap = new_ar, new_inv, new_ap
    balances["ar"][m] = round(ar, 2)
    balances["inventory"][m] = round(inv, 2)
    balances["ap"][m] = round(ap, 2)
    balances["cash"][m] = round(cash, 2)

# ---- the chart of lines -------------------------------------------------------
NAMES = {"sensors": "Sensors", "gateways": "Gateways", "cloud": "Cloud subscription",
         "emea": "EMEA", "amer": "Americas"}
nodes = [{"id": "company", "name": "Northwind Instruments (operating income)"},
         {"id": "revenue", "parent": "company", "nature": "revenue", "name": "Revenue"}]
for p in PRODUCTS:
    nodes.append({"id": f"rev.{p}", "parent": "revenue", "name": NAMES[p]})
    for r in REGIONS:
        nodes.append({"id": f"rev.{p}.{r}", "parent": f"rev.{p}",
                      "name": f"{NAMES[p]}, {NAMES[r]}"})
nodes.append({"id": "cogs", "parent": "company", "nature": "cogs", "name": "Cost of sales"})
for p in PRODUCTS:
    nodes.append({"id": f"cogs.{p}", "parent": "cogs", "name": f"Cost of sales: {NAMES[p]}"})
nodes.append({"id": "opex", "parent": "company", "nature": "opex",
              "name": "Operating expenses"})
DEPTS = [("sales", "Sales", "sm", ["sales.emea", "sales.amer", "sales.ops"]),
         ("marketing", "Marketing", "sm", ["mkt.brand", "mkt.digital", "mkt.events"]),
         ("rnd", "Research and development", None, ["rnd.hardware", "rnd.software",
                                                    "rnd.cloud"]),
         ("ga", "General and administrative", None, ["ga.finance", "ga.people", "ga.it",
                                                     "ga.facilities", "ga.depreciation"])]
CC_NAMES = {"sales.emea": "Sales team EMEA", "sales.amer": "Sales team Americas",
            "sales.ops": "Sales operations", "mkt.brand": "Brand and content",
            "mkt.digital": "Digital campaigns", "mkt.events": "Events and trade shows",
            "rnd.hardware": "Hardware engineering", "rnd.software": "Software engineering",
            "rnd.cloud": "Cloud platform", "ga.finance": "Finance", "ga.people": "People",
            "ga.it": "IT", "ga.facilities": "Facilities",
            "ga.depreciation": "Depreciation and amortisation"}
for dept, name, nature, ccs in DEPTS:
    node = {"id": dept, "parent": "opex", "name": name}
    if nature:
        node["nature"] = nature
    nodes.append(node)
    for cc in ccs:
        node = {"id": cc, "parent": dept, "name": CC_NAMES[cc]}
        if cc == "ga.depreciation":
            node["nature"] = "da"
        nodes.append(node)
LINE_ORDER = [n["id"] for n in nodes if n["id"] in actual]

# ---- write ------------------------------------------------------------------------


def fmt(v):
    return f"{v:.2f}"


def write_csv(name, header, body):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)


write_csv("actuals.csv", ["series", "period", "value"],
          [[line, per(m), fmt(actual[line][m])] for line in LINE_ORDER
           for m in range(FIRST, AS_OF)])
bl = [line for line in LINE_ORDER if line in budget]
write_csv("budget.csv", ["period"] + bl,
          [[per(m)] + [f"{budget[line][m]:.0f}" for line in bl]
           for m in range(BUDGET_YEAR * 12, BUDGET_YEAR * 12 + 12)])
write_csv("balances.csv", ["period", "ar", "inventory", "ap", "cash"],
          [[per(m)] + [fmt(balances[k][m]) for k in ("ar", "inventory", "ap", "cash")]
           for m in range(FIRST, AS_OF)])
cohort_rows = sorted(((c.id, per(c.cohort), per(m), fmt(round(sum(rev.values()), 2)))
                      for c, m, rev in rows if not c.legacy), key=lambda r: (r[1], r[0], r[2]))
write_csv("cohorts.csv", ["customer", "cohort", "period", "revenue"], cohort_rows)
with open(os.path.join(HERE, "lines.json"), "w") as f:
    f.write('{\n  "nodes": [\n')
    f.write(",\n".join("    " + json.dumps(n) for n in nodes))
    f.write("\n  ]\n}\n")
with open(os.path.join(HERE, "company.json"), "w") as f:
    json.dump({"company": "Northwind Instruments", "currency": "EUR", "as_of": per(AS_OF),
               "fiscal_year_start": 1, "cash_floor": 1000000, "actuals": "actuals.csv",
               "budget": "budget.csv", "lines": "lines.json", "balances": "balances.csv",
               "cohorts": "cohorts.csv", "scenarios": "scenarios.json"},
              f, indent=2)
    f.write("\n")
before_may = [m for m in range(2025 * 12 + 10, 2026 * 12 + 4)]  # 2025-11 .. 2026-04
dio_before = sum(balances["inventory"][m] / (total("cogs.", m)) * DAYS for m in before_may)
scenarios = {
    "comment": "What-ifs of the review's working-capital section: each changes drivers of "
               "the cash projection from a month on (op set, add or mul; from: YYYY-MM, "
               "default the first projected month).",
    "scenarios": [
        {"name": "collect 5 days faster",
         "changes": [{"driver": "dso", "op": "add", "value": -5, "from": per(AS_OF + 1)}]},
        {"name": "carry 10% more inventory",
         "changes": [{"driver": "dio", "op": "mul", "value": 1.10}]},
        {"name": "clear the stuck gateway stock",
         "changes": [{"driver": "dio", "op": "set",
                      "value": round(dio_before / len(before_may)),
                      "from": per(2027 * 12)}]},
    ]}
with open(os.path.join(HERE, "scenarios.json"), "w") as f:
    f.write('{\n  "comment": ' + json.dumps(scenarios["comment"]) + ',\n  "scenarios": [\n')
    f.write(",\n".join("    " + json.dumps(s) for s in scenarios["scenarios"]))
    f.write("\n  ]\n}\n")

if __name__ == "__main__" and os.environ.get("VERBOSE"):
    for y in (2023, 2024, 2025, 2026):
        ms = [m for m in range(FIRST, AS_OF) if m // 12 == y]
        r = sum(total("rev.", m) for m in ms)
        c = sum(total("cogs.", m) for m in ms)
        o = sum(sum(actual[cc][m] for cc in OPEX) for m in ms)
        d = sum(actual["ga.depreciation"][m] for m in ms)
        print(y, len(ms), f"rev {r/1e6:.2f}M gm {(r-c)/r:.1%} opex {(o+d)/1e6:.2f}M "
              f"ebitda {(r-c-o)/r:.1%} cash {balances['cash'][ms[-1]]/1e6:.2f}M")
    print("customers", len(customers), "cohort rows", len(cohort_rows),
          "active at end", sum(active(c, AS_OF - 1) for c in customers))
    print("key customer share 2026-04", sum(revenue(key, 2026 * 12 + 3).values()) /
          total("rev.", 2026 * 12 + 3))
    for m in range(2026 * 12, AS_OF):
        print(per(m), "net cash", round(balances["cash"][m] - balances["cash"][m - 1]))


# ---- the close: open reconciliation items, purchase requests, sub-ledgers ----------
# (the store of closes, fpa close; docs/store.md). As of the last closed month
# 2026-09: a few unresolved items, two of them nobody owns yet; purchase
# requests against the cost centres, marketing already over its budget, three
# large enough to need a second approver; the sub-ledgers behind the balances,
# AP short of one supplier invoice that the ledger has not booked.
items = [
    ("RI-101", "cash", "1250.00", "A. Berg", "2026-09-24", "2026-10-08"),
    ("RI-102", "ar", "-18400.00", "M. Okafor", "2026-08-18", "2026-09-30"),
    ("RI-103", "ar", "4312.50", "", "2026-07-02", "2026-08-01"),
    ("RI-104", "ap", "-2400.00", "L. Chen", "2026-09-12", "2026-10-15"),
    ("RI-105", "inventory", "7800.00", "", "2026-05-20", "2026-06-30"),
    ("RI-106", "cash", "-96.40", "A. Berg", "2026-09-29", ""),
    ("RI-107", "ar", "22150.00", "M. Okafor", "2026-06-10", "2026-07-15"),
]
write_csv("open_items.csv", ["id", "account", "amount", "owner", "opened", "due"], items)
requests = [
    ("PR-2026-311", "mkt.digital", "18500.00", "J. Ruiz", "2026-09-03"),
    ("PR-2026-312", "mkt.events", "9200.00", "J. Ruiz", "2026-09-08"),
    ("PR-2026-313", "rnd.hardware", "12600.00", "K. Weber", "2026-09-10"),
    ("PR-2026-314", "ga.it", "3400.00", "S. Nakamura", "2026-09-15"),
    ("PR-2026-315", "sales.emea", "6100.00", "P. Rossi", "2026-09-21"),
    ("PR-2026-316", "mkt.digital", "24000.00", "J. Ruiz", "2026-09-28"),
]
write_csv("requests.csv", ["id", "cost_centre", "amount", "requester", "date"], requests)


def split(total_cents, parts):
    """total in `parts` whole-cent pieces that add up exactly."""
    base = [total_cents * w // sum(range(1, parts + 1)) for w in range(1, parts + 1)]
    base[-1] += total_cents - sum(base)
    return base


last = AS_OF - 1
sub = []
for ledger, name, parts, off in (("ar", "customer", 6, 0), ("ap", "supplier", 4, -240000),
                                 ("inventory", "item", 3, 0)):
    cents = round(balances[ledger][last] * 100) + off
    for k, c in enumerate(split(cents, parts)):
        sub.append((ledger, f"{name} {k + 1}", f"{c // 100}.{c % 100:02d}" if c >= 0
                    else f"-{(-c) // 100}.{(-c) % 100:02d}", per(last)))
write_csv("subledgers.csv", ["ledger", "item", "amount", "month"], sub)
# September's bank statement against the cash book: most lines match by
# reference, a transfer by amount and date; the bank's charges and a receipt
# it booked early are not in the ledger yet, a cheque has not cleared.
cash_book = [("2026-09-02", "-18240.00", "PAY-8812"), ("2026-09-05", "96500.00", "INV-26-0417"),
             ("2026-09-09", "-4310.75", "PAY-8813"), ("2026-09-14", "12000.00", ""),
             ("2026-09-22", "-2750.00", "CHQ-1093"), ("2026-09-29", "48800.00", "INV-26-0430")]
statement = [("2026-09-03", "-18240.00", "PAY-8812"), ("2026-09-05", "96500.00", "INV-26-0417"),
             ("2026-09-10", "-4310.75", "PAY-8813"), ("2026-09-15", "12000.00", "SEPA 5521"),
             ("2026-09-30", "-96.40", "CHARGES"), ("2026-09-30", "48800.00", "INV-26-0430"),
             ("2026-09-30", "1250.00", "INV-26-0391")]
write_csv("cashbook.csv", ["date", "amount", "reference"], cash_book)
write_csv("bank.csv", ["date", "amount", "reference"], statement)
with open(os.path.join(HERE, "company.json"), "w") as f:
    json.dump({"company": "Northwind Instruments", "currency": "EUR", "as_of": per(AS_OF),
               "fiscal_year_start": 1, "cash_floor": 1000000, "actuals": "actuals.csv",
               "budget": "budget.csv", "lines": "lines.json", "balances": "balances.csv",
               "cohorts": "cohorts.csv", "scenarios": "scenarios.json",
               "open_items": "open_items.csv", "requests": "requests.csv",
               "subledgers": "subledgers.csv", "bank": "bank.csv", "cashbook": "cashbook.csv"},
              f, indent=2)
    f.write("\n")
