#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Recompute tests/ref/goal_expected.csv: the answers of the constraint
form of goal seek ("the lowest DPO that keeps the cash at or above the
floor in every period") on the cash-budget model of make_wc_ref.py,
recalculated by LibreOffice Calc and gnumeric.

    /usr/bin/python3 tests/ref/make_goal_ref.py

The answers come from the model's algebra, written as sheet formulas rather
than found by searching: the period-end cash is linear in a DPO (or DSO)
that is the same in every period, through that period's payables (or
receivables) only, so

    cash_t(DPO) = cash_t(DPO = 0) + DPO * COGS_t / days_t
    lowest DPO with cash_t >= F for all t = MAX_t (F - cash_t(0)) * days_t / COGS_t
    cash_t(DSO) = cash_t(DSO = 0) - DSO * revenue_t / days_t
    highest DSO with cash_t >= F for all t = MIN_t (cash_t(0) - F) * days_t / revenue_t

and the ending NWC, AR_5 + inventory_5 - AP_5, is linear in the last
period's DSO or DPO. Output rows: key,libreoffice,gnumeric.
"""
import sys

from make_wc_ref import BASE, N, Sheet, model, num, recalculate_and_write



def goals(s):
    base = {k: [num(x) for x in v] for k, v in BASE.items()}
    model(s, "p", base, False)
    for prefix, driver in (("z", "dpo"), ("y", "dso")):
        drv = {k: list(v) for k, v in base.items()}
        drv[driver] = ["0"] * N
        model(s, prefix, drv, False)
    last = N - 1
    days = lambda t: "{p.days.%d}" % t  # noqa: E731
    # lowest DPO in [0, 200] keeping the cash >= 40000 in every period
    s.add("g.dpo_floor.target", "40000")
    s.add("g.dpo_floor", "MAX(0;%s)" % ";".join(
        "({g.dpo_floor.target}-{z.cash.%d})*%s/{p.cogs.%d}" % (t, days(t), t)
        for t in range(N)))
    # highest DSO in [0, 120] keeping the cash >= 15000 in every period
    s.add("g.dso_floor.target", "15000")
    s.add("g.dso_floor", "MIN(%s)" % ";".join(
        "({y.cash.%d}-{g.dso_floor.target})*%s/{p.rev.%d}" % (t, days(t), t)
        for t in range(N)))
    # lowest DPO keeping the funding gap below a floor of 40000 at most
    # 20000: the cash never below 40000 - 20000
    s.add("g.gap.floor", "40000")
    s.add("g.gap.target", "20000")
    s.add("g.dpo_gap", "MAX(0;%s)" % ";".join(
        "({g.gap.floor}-{g.gap.target}-{z.cash.%d})*%s/{p.cogs.%d}" % (t, days(t), t)
        for t in range(N)))
    # ending NWC at most 130000: highest DSO, lowest DPO of the last period
    s.add("g.nwc.target", "130000")
    s.add("g.dso_nwc", "({g.nwc.target}-{p.inv.%d}+{p.ap.%d})*%s/{p.rev.%d}" % (
        last, last, days(last), last))
    s.add("g.dpo_nwc", "({p.ar.%d}+{p.inv.%d}-{g.nwc.target})*%s/{p.cogs.%d}" % (
        last, last, days(last), last))


def main():
    s = Sheet()
    goals(s)
    return recalculate_and_write(s, "goal_expected.csv", "make_goal_ref.py",
                                 "change the model in the script and run it again",
                                 keep=lambda k: k.startswith(("g.", "p.")))

if __name__ == "__main__":
    sys.exit(main())
