#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Author the sample company's planning model, model.json, and its what-ifs,
model_scenarios.json (the JSON model format of docs/model.md).

    /usr/bin/python3 src/cli/sample/make_model.py

Northwind Instruments plans 36 months from 2026-10, after the 36 months of
actuals (make_sample.py tells the story). The plan is driver-based: units
and prices make revenue by product and region; cost of sales is a share of
revenue; every cost centre's spend is its headcount (with hires ramped in)
times a loaded cost per head, plus other spend; receivables, inventory and
payables follow DSO, DIO and DPO; fixed assets are rolled forward from
capital expenditure less depreciation at a rate on the opening balance; a
revolving credit line keeps the cash at the bank's covenant of 1.0 million.
The opening balance sheet is the last actual month of balances.csv. Rerunning
the script rewrites the files identically.
"""
import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
N = 36
START = "2026-10"
PRODUCTS = {"sensors": 250.0, "gateways": 900.0, "cloud": 40.0}  # price per unit / seat
REGIONS = ("emea", "amer")
HW_SEASON = [0.85, 0.90, 1.06, 0.96, 1.00, 1.05, 0.90, 0.78, 1.05, 1.06, 1.10, 1.32]
COGS_PCT = {"sensors": 0.53, "gateways": 0.62, "cloud": 0.24}
# cost centres: (headcount, loaded monthly cost per head, other monthly spend)
CENTRES = {
    "sales.emea": (11, 9800, 22000), "sales.amer": (9, 10200, 18000),
    "sales.ops": (4, 7600, 6100), "mkt.brand": (2, 8400, 12600),
    "mkt.digital": (2, 8800, 27000), "mkt.events": (1, 8200, 7000),
    "rnd.hardware": (11, 9600, 16500), "rnd.software": (14, 9900, 14400),
    "rnd.cloud": (9, 10100, 8700), "ga.finance": (5, 8900, 11800),
    "ga.people": (3, 8200, 14900), "ga.it": (2, 9100, 17600),
    "ga.facilities": (1, 6800, 39400),
}
# hires ramped in: centre -> (first month, last month, heads added by then)
HIRES = {"rnd.software": (3, 8, 6), "sales.amer": (6, 11, 3), "rnd.cloud": (12, 17, 2),
         "sales.emea": (15, 20, 2)}


def month(t):
    y, m = 2026, 10 + t
    return y + (m - 1) // 12, (m - 1) % 12 + 1


def series(f):
    return [round(f(t), 2) for t in range(N)]


def last_balances():
    with open(os.path.join(HERE, "balances.csv")) as f:
        rows = list(csv.DictReader(f))
    return {k: float(v) for k, v in rows[-1].items() if k != "period"}


def last_actual_revenue():
    with open(os.path.join(HERE, "actuals.csv")) as f:
        return round(sum(float(r["value"]) for r in csv.DictReader(f)
                         if r["series"].startswith("rev.") and r["period"] == "2026-09"), 2)


def lines():
    out = []

    def add(name, **spec):
        out.append(dict(name=name, **spec))

    # revenue: units x price, by product and region
    for p, price in PRODUCTS.items():
        add(f"price.{p}", input=price)
    for p in PRODUCTS:
        for r in REGIONS:
            base = {"sensors": 1250, "gateways": 245, "cloud": 9400}[p] * (1.0 if r == "emea" else 0.93)
            growth = {"sensors": 0.006, "gateways": 0.004, "cloud": 0.012}[p]
            season = (lambda t: 1.0) if p == "cloud" else (
                lambda t: HW_SEASON[month(t)[1] - 1] * (0.82 if r == "emea" and month(t)[1] == 8 else 1))
            add(f"units.{p}.{r}", input=series(lambda t: base * (1 + growth) ** t * season(t)),
                floor=0)
            add(f"revenue.{p}.{r}", rel="product", of=[f"units.{p}.{r}", f"price.{p}"])
        add(f"revenue.{p}", rel="sum", of=[f"revenue.{p}.{r}" for r in REGIONS])
    # cost of sales: a share of revenue; the margin of each product
    for p in PRODUCTS:
        add(f"cogs_pct.{p}", input=COGS_PCT[p])
        add(f"cogs.{p}", rel="pct_of", of=[f"revenue.{p}", f"cogs_pct.{p}"])
        add(f"gross_margin.{p}", rel="diff", of=[f"revenue.{p}", f"cogs.{p}"])
        add(f"gross_margin_pct.{p}", rel="ratio", of=[f"gross_margin.{p}", f"revenue.{p}"])
    # cost centres: (headcount + hires) x cost per head + other spend
    for c, (heads, per_head, other) in CENTRES.items():
        add(f"heads.{c}", input=float(heads))
        if c in HIRES:
            a, b, h = HIRES[c]
            add(f"hires.{c}", rel="ramp", params=[a, b, h])
            add(f"headcount.{c}", rel="sum", of=[f"heads.{c}", f"hires.{c}"])
        else:
            add(f"headcount.{c}", rel="sum", of=[f"heads.{c}"])
        add(f"cost_per_head.{c}", input=series(lambda t: per_head * (1.03 if t >= 3 else 1)))
        add(f"payroll.{c}", rel="product", of=[f"headcount.{c}", f"cost_per_head.{c}"])
        add(f"other_spend.{c}", input=float(other))
        add(f"opex.{c}", rel="sum", of=[f"payroll.{c}", f"other_spend.{c}"])
    # the trade show of June, every June
    add("trade_show", input=[100000.0 if month(t)[1] == 6 else 0.0 for t in range(N)])
    add("opex.mkt.events_total", rel="sum", of=["opex.mkt.events", "trade_show"])
    # fixed assets: capital expenditure, depreciation on the opening balance
    add("capex", input=[round(31000 + (220000 if month(t)[1] == 2 else 0), 2) for t in range(N)])
    add("depreciation_rate", input=0.02)
    add("fixed_assets_opening", rel="lag", of=["bs.fixed_assets"], params=[1])
    add("depreciation", rel="pct_of", of=["fixed_assets_opening", "depreciation_rate"])
    # working capital
    add("dso", input=52.0, floor=0)
    add("dio", input=75.0, floor=0)
    add("dpo", input=38.0, floor=0)
    bal = last_balances()
    add("receivables", rel="balance", of=["is.revenue", "dso"], opening=bal["ar"])
    add("hardware_cogs", rel="sum", of=["cogs.sensors", "cogs.gateways"])
    add("inventory", rel="balance", of=["hardware_cogs", "dio"], opening=bal["inventory"])
    add("payables", rel="balance", of=["is.cogs", "dpo"], opening=bal["ap"])
    add("payroll", rel="sum", of=[f"payroll.{c}" for c in CENTRES])
    add("accrued_payroll", rel="pct_of", of=["payroll"], params=[0.5], opening=95000.0)
    add("prepaid", input=60000.0, opening=60000.0)
    # financing
    add("tax_rate", input=0.25)
    add("debt_rate", input=0.055)
    add("revolver_rate", input=0.075)
    add("cash_rate", input=0.01)
    add("debt_repayment", input=[50000.0 if month(t)[1] in (3, 6, 9, 12) else 0.0
                                 for t in range(N)])
    add("dividend", input=[150000.0 if month(t)[1] == 4 else 0.0 for t in range(N)])
    add("cash_floor", input=1000000.0)
    add("revolver_limit", input=3000000.0)
    # what management reads off the plan
    add("gross_margin_pct", rel="ratio", of=["is.gross_margin", "is.revenue"])
    add("ebitda_margin", rel="ratio", of=["is.ebitda", "is.revenue"])
    # the total with the last actual month's revenue as its opening, for growth
    add("revenue", rel="sum", of=[f"revenue.{p}" for p in PRODUCTS],
        opening=last_actual_revenue())
    add("revenue_growth", rel="ratio", of=["revenue_change", "revenue_last_month"])
    add("revenue_change", rel="delta", of=["revenue"])
    add("revenue_last_month", rel="lag", of=["revenue"], params=[1])
    add("revenue_next_month", rel="lead", of=["is.revenue"], params=[1])
    add("revenue_to_date", rel="cumsum", of=["is.revenue"])
    add("headcount", rel="sum", of=[f"headcount.{c}" for c in CENTRES])
    add("revenue_per_head", rel="ratio", of=["is.revenue", "headcount"])
    add("lowest_cash", rel="running_min", of=["bs.cash"])
    add("peak_revolver", rel="running_max", of=["bs.revolver"])
    add("cash_headroom", rel="diff", of=["bs.cash", "cash_floor"])
    add("covenant_gap", rel="max", of=["cash_shortfall"], params=[0])
    add("cash_shortfall", rel="diff", of=["cash_floor", "lowest_cash"])
    add("bonus_pool", rel="clamp", of=["bonus_base"], params=[0, 60000])
    add("bonus_base", rel="pct_of", of=["is.ebitda"], params=[0.05])
    add("price_list_rise", rel="step", params=[15, 0.03])
    add("weakest_margin", rel="min", of=["gross_margin_pct"], params=[0.5])
    add("contribution_per_unit.sensors", rel="diff", of=["price.sensors", "unit_cost.sensors"])
    add("unit_cost.sensors", rel="pct_of", of=["price.sensors", "cogs_pct.sensors"])
    return out


def links():
    return {
        "revenue": [f"revenue.{p}" for p in PRODUCTS],
        "cogs": [f"cogs.{p}" for p in PRODUCTS],
        "opex": [f"opex.{c}" for c in CENTRES if c != "mkt.events"] + ["opex.mkt.events_total"],
        "depreciation": ["depreciation"],
        "tax_rate": "tax_rate", "debt_rate": "debt_rate", "revolver_rate": "revolver_rate",
        "cash_rate": "cash_rate", "receivables": "receivables", "inventory": "inventory",
        "payables": "payables", "other_assets": ["prepaid"],
        "other_liabilities": ["accrued_payroll"], "capex": ["capex"],
        "debt_repayment": ["debt_repayment"], "dividend": ["dividend"],
        "cash_floor": "cash_floor", "revolver_limit": "revolver_limit",
    }


def dumps(obj):
    """JSON with one line (or scenario) per row: readable, and diffable."""
    rows = []
    for k, v in obj.items():
        if isinstance(v, list):
            items = ",\n  ".join(json.dumps(x) for x in v)
            rows.append(f' "{k}": [\n  {items}\n ]')
        elif isinstance(v, dict):
            items = ",\n  ".join(f"{json.dumps(a)}: {json.dumps(b)}" for a, b in v.items())
            rows.append(f' "{k}": {{\n  {items}\n }}')
        else:
            rows.append(f" {json.dumps(k)}: {json.dumps(v)}")
    return "{\n" + ",\n".join(rows) + "\n}"


def main():
    bal = last_balances()
    model = {
        "comment": "Northwind Instruments' 36-month driver-based plan (docs/model.md); "
                   "written by make_model.py",
        "calendar": "month", "start": START, "periods": N, "day_basis": "actual",
        "lines": lines(), "links": links(),
        "openings": {"bs.cash": bal["cash"], "bs.fixed_assets": 1450000.0,
                     "bs.debt": 1200000.0, "bs.revolver": 0.0},
    }
    scenarios = {
        "comment": "What-ifs on the plan (docs/model.md): each changes input lines from a "
                   "month on (op set, add or mul).",
        "scenarios": [
            {"name": "collect 5 days faster", "changes": [
                {"line": "dso", "op": "add", "value": -5, "from": "2026-11"}]},
            {"name": "price rise of 3 % from January", "changes": [
                {"line": f"price.{p}", "op": "mul", "value": 1.03, "from": "2027-01"}
                for p in PRODUCTS]},
            {"name": "ten more engineers", "changes": [
                {"line": "heads.rnd.software", "op": "add", "value": 6, "from": "2027-01"},
                {"line": "heads.rnd.cloud", "op": "add", "value": 4, "from": "2027-04"}]},
            {"name": "carry 10 % more inventory", "changes": [
                {"line": "dio", "op": "mul", "value": 1.1}]},
        ],
    }
    for name, obj in (("model.json", model), ("model_scenarios.json", scenarios)):
        with open(os.path.join(HERE, name), "w") as f:
            f.write(dumps(obj) + "\n")


if __name__ == "__main__":
    main()
