#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A monthly review, end to end, with libfpa's Python binding.

Notebook-style (each ``# %%`` is a cell): run it as a script, or open it in
Jupyter or VS Code and run the cells one by one. It reads the sample
company of the ``fpa`` command (src/cli/sample: Northwind Instruments, 36
months of actuals to September 2026, the 2026 budget, balances, customer
cohorts) and walks the review a finance team makes after the close:

1. the revenue lines forecast with prediction intervals, and the full-year
   outlook against budget;
2. budget against actual: material variances, and the bridge from budgeted
   to actual operating income;
3. unit economics and KPIs: margins, growth, cohort retention and LTV;
4. working capital: the cash projection, a what-if, and Monte Carlo
   cash-at-risk driven by the revenue forecast's intervals.

    PYTHONPATH=build/python MPLBACKEND=Agg python3 examples/monthly_review.py \\
        [--data src/cli/sample] [--out DIR]

Charts are written to --out (default: a new temporary directory) as PNGs.
"""
import argparse
import json
import os
import tempfile

import numpy as np
import pandas as pd

import fpa

# %% Load the sample company -------------------------------------------------------
here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--data", default=os.path.join(here, "..", "src", "cli", "sample"))
parser.add_argument("--out", default=None)
args, _ = parser.parse_known_args()   # tolerate Jupyter's own arguments
out = args.out or tempfile.mkdtemp(prefix="monthly_review_")
os.makedirs(out, exist_ok=True)


def read(name):
    return os.path.join(args.data, name)


company = json.load(open(read("company.json")))
long = pd.read_csv(read("actuals.csv"))
long["period"] = pd.PeriodIndex(long["period"], freq="M")
actuals = long.pivot(index="series", columns="period", values="value")   # lines x months
budget = pd.read_csv(read("budget.csv"))
budget = budget.set_index(pd.PeriodIndex(budget.pop("period"), freq="M")).T  # lines x months
balances = pd.read_csv(read("balances.csv"))
balances.index = pd.PeriodIndex(balances.pop("period"), freq="M")
last = actuals.columns[-1]
print(f"{company['company']} ({company['currency']}): actuals "
      f"{actuals.columns[0]} .. {last}, budget {budget.columns[0]} .. {budget.columns[-1]}")

revenue_lines = [s for s in actuals.index if s.startswith("rev.")]
cost_lines = [s for s in actuals.index if not s.startswith("rev.")]
cogs_lines = [s for s in actuals.index if s.startswith("cogs.")]

# %% 1. Revenue forecast with intervals ---------------------------------------------
# One call forecasts every revenue line (ETS chosen by AICc for each).
horizon = 15                                          # to the end of next year
tidy = fpa.forecast_batch(actuals.loc[revenue_lines], horizon=horizon, level=(80, 95))
print("\nRevenue forecast, next three months (80 % intervals):")
for line, rows in tidy.groupby("series", sort=False):
    r = rows.iloc[:3]
    cells = ", ".join(f"{p}: {m:,.0f} [{lo:,.0f}; {hi:,.0f}]" for p, m, lo, hi in
                      zip(r["period"], r["mean"], r["lower_80"], r["upper_80"]))
    print(f"  {line:20s} {rows['model'].iloc[0]:12s} {cells}")

total = actuals.loc[revenue_lines].sum()
total_fc = fpa.forecast(total, horizon=horizon)       # a Series in, a DataFrame out
fpa.plots.forecast_fan(total, total_fc, last=24, path=os.path.join(out, "revenue_forecast.png"),
                       title="Total revenue: actuals and forecast")

# Full-year outlook: each line's fiscal year to date plus its forecast to the
# year end, from a rolling forecast that keeps every version.
fy_start = company.get("fiscal_year_start", 1)
outlook = {}
for line in revenue_lines:
    with fpa.RollingForecast(actuals.loc[line], horizon=horizon, fiscal_start=fy_start) as rf:
        outlook[line] = rf.outlook()
year = next(iter(outlook.values())).year
fy_budget = budget.loc[revenue_lines, [p for p in budget.columns if p.year == year]].sum(axis=1)
print(f"\nFY{year} revenue outlook (actual to {last} + forecast):")
for line, o in outlook.items():
    print(f"  {line:20s} {o.actual:>12,.0f} + {o.forecast:>11,.0f} = {o.total:>12,.0f}"
          f"   budget {fy_budget[line]:>12,.0f}  ({o.total / fy_budget[line] - 1:+.1%})")
fy_total = sum(o.total for o in outlook.values())
print(f"  {'total':20s} {fy_total:>40,.0f}   budget {fy_budget.sum():>12,.0f}"
      f"  ({fy_total / fy_budget.sum() - 1:+.1%})")

# How good were last year's forecasts? A backtest of the total, 1-3 months ahead.
bt = fpa.backtest(total, horizon=3, origins=12)
by_h, overall = bt.error("mape")
print("  backtest MAPE of the total, 1/2/3 months ahead: "
      + " / ".join(f"{x:.1f} %" for x in by_h) + f" ({overall:.1f} % overall)")

# %% 2. Budget against actual -------------------------------------------------------
ytd = [p for p in budget.columns if p <= last]
nature = {line: "revenue" if line.startswith("rev.") else "cost" for line in budget.index}
report = fpa.variance(budget[ytd], actuals.loc[budget.index, ytd], nature,
                      material_abs=10_000, material_pct=0.05, material_rule="both")
month = report[report["period"] == last]
material = month[month["material"]].sort_values("variance", key=abs, ascending=False)
print(f"\nMaterial variances in {last} (over 10,000 and 5 % of budget):")
for _, r in material.iterrows():
    print(f"  {r['line']:20s} budget {r['budget']:>10,.0f}  actual {r['actual']:>10,.0f}  "
          f"{r['variance']:>+10,.0f} ({r['pct']:+.1%}) {r['effect']}")

# The bridge from budgeted to actual operating income, year to date, by area:
# each step signed so that a favourable variance raises income.
signed = report.assign(gain=np.where(report["line"].str.startswith("rev."), 1, -1)
                       * report["variance"])
area = signed["line"].str.split(".").str[0].map(
    {"rev": "revenue", "cogs": "cost of sales", "sales": "sales", "mkt": "marketing",
     "rnd": "R&D", "ga": "G&A"})
steps = signed.groupby(area, sort=False)["gain"].sum()
income = {k: (budget[ytd] if k == "budget" else actuals.loc[budget.index, ytd])
          .apply(lambda col: col.where(col.index.str.startswith("rev."), -col)).sum().sum()
          for k in ("budget", "actual")}
fpa.plots.variance_bridge(income["budget"], steps, actual=income["actual"],
                          path=os.path.join(out, "bridge.png"),
                          title=f"Operating income, budget to actual, {ytd[0]}..{last}")
print(f"  operating income YTD: budget {income['budget']:,.0f}, actual {income['actual']:,.0f}")

# %% 3. Unit economics and KPIs -------------------------------------------------------
cogs = actuals.loc[cogs_lines].sum()
opex = actuals.loc[[c for c in cost_lines if c not in cogs_lines]].sum()
da = actuals.loc["ga.depreciation"]
m = fpa.margins(total, cogs, opex, da)
yoy = fpa.growth_yoy(total, 12)
gross, ebitda_margin, growth = (float(x.iloc[-1]) for x in (m.gross_margin, m.ebitda_margin, yoy))
print(f"\nKPIs for {last}: gross margin {gross:.1%}, EBITDA margin {ebitda_margin:.1%}, "
      f"revenue growth {growth:.1%} year on year, "
      f"rule of 40: {fpa.rule_of_40(growth, ebitda_margin):.2f}")

rows = pd.read_csv(read("cohorts.csv"))
for col in ("cohort", "period"):
    rows[col] = pd.to_datetime(rows[col])
with fpa.Cohorts.from_frame(rows) as cohorts:
    curve = cohorts.curve()
    last_month = rows[rows["period"] == rows["period"].max()]
    arpu = last_month["revenue"].sum() / last_month["customer"].nunique()
    gm = float(m.gross_margin.iloc[-12:].mean())
    ltv = cohorts.ltv(arpu, gm, 0.01, 60)
print(f"  cohorts: {curve.size} ages, retention after 12 months {curve[12]:.1%}; "
      f"ARPU {arpu:,.0f}/month, 60-month LTV at 1 %/month {ltv:,.0f}")

# %% 4. Working capital: projection, what-if, cash at risk ------------------------------
# Days outstanding from the last quarter's balances and flows.
q = balances.index[-3:]
cycle = fpa.wc_cycle(30.4, ar=balances.loc[q, "ar"], revenue=total[q],
                     inventory=balances.loc[q, "inventory"], cogs=cogs[q], ap=balances.loc[q, "ap"])
dso, dio, dpo = (float(cycle[k].mean()) for k in ("dso", "dio", "dpo"))
print(f"\nWorking capital, last quarter: DSO {dso:.0f}, DIO {dio:.0f}, DPO {dpo:.0f} days, "
      f"cash conversion cycle {dso + dio - dpo:.0f} days")

months = total_fc.index[:12]
bounds = [p.start_time for p in months] + [(months[-1] + 1).start_time]
rev_fc = total_fc["mean"].iloc[:12]
cogs_ratio = float((cogs[-12:] / total[-12:]).mean())
opex_fc = fpa.forecast(opex - da, horizon=12, level=None)["mean"]   # cash opex
plan = fpa.WCPlan(days=fpa.wc_period_days(bounds), revenue=rev_fc, cogs=rev_fc * cogs_ratio,
                  dso=dso, dio=dio, dpo=dpo, other_cash=-opex_fc.to_numpy(),
                  opening=dict(ar=balances["ar"].iloc[-1],
                               inventory=balances["inventory"].iloc[-1],
                               ap=balances["ap"].iloc[-1], cash=balances["cash"].iloc[-1]))
floor = 0.9 * balances["cash"].iloc[-1]         # the treasury policy's minimum
faster = fpa.Scenario(plan).add("dso", "add", -5)
slower = fpa.Scenario(plan).add("dso", "add", 10).add("dpo", "add", -5)
cmp = faster.compare(cash_floor=floor)
print(f"  collecting 5 days faster releases {cmp['cumulative'].iloc[-1]:,.0f} of cash "
      f"by {months[-1]}")
fpa.plots.scenario_cash(plan, {"collect 5 days faster": faster,
                               "customers pay 10 days later, we pay 5 days earlier": slower},
                        cash_floor=floor, path=os.path.join(out, "cash_scenarios.png"))

# Cash at risk: revenue drawn from the forecast's 80 % intervals, collections
# uncertain (a PERT on DSO), 20,000 paths on both cores.
mc = fpa.MonteCarlo(plan)
mc.add_interval("revenue", rev_fc.to_numpy(), total_fc["lower_80"].iloc[:12].to_numpy(),
                total_fc["upper_80"].iloc[:12].to_numpy(), level=0.8)
mc.add("dso", "add", "pert", [-3, 0, 12], draw="once")
res = mc.run(20_000, cash_floor=floor, seed=7, threads=0)
car = plan.project("cash").iloc[-1] - res.quantile(0.05)
print(f"  Monte Carlo: ending cash median {res.quantile(0.5):,.0f}, 5th percentile "
      f"{res.quantile(0.05):,.0f} (cash at risk {car:,.0f}); "
      f"P(cash below {floor:,.0f} in some month) = {res.breach():.1%}")
fpa.plots.mc_fan(res, base=plan, path=os.path.join(out, "cash_at_risk.png"))

# %% Done
charts = sorted(f for f in os.listdir(out) if f.endswith(".png"))
print(f"\nCharts in {out}: {', '.join(charts)}")
