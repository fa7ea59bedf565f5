#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Recompute tests/ref/model_expected.csv: the sample company's planning
model (src/cli/sample/model.json, 36 months, about 200 lines with the
statements) written as an ordinary spreadsheet, one cell per line and
period, each a formula of other cells, and recalculated by LibreOffice Calc
and by gnumeric; under the base inputs and under two of the what-ifs of
src/cli/sample/model_scenarios.json.

    apt-get install libreoffice-calc-nogui gnumeric
    /usr/bin/python3 tests/ref/make_model_ref.py

The formulas are written from the definitions in include/fpa/model.h and
docs/model.md (a relation per line, the statements' accounting links, the
revolver keeping the cash at the floor with interest on opening balances),
not from libfpa's code. Also written: tests/ref/model_sample.spec, the same
model as plain text lines for the C test (which has no JSON reader), one
statement per line:

    model <calendar> <first day> <periods>
    input <name> <n> <values...>      rel <name> <kind> <ninputs> <inputs...> <nparams> <params...>
    opening <name> <value>            floor <name> <value>          link <role> <name>

Output rows: key,libreoffice,gnumeric with key "<version>|<line>|<period>";
version 0 is the base, then the scenarios in VERSIONS. The script stops if
the engines disagree by more than 1e-9 relative.
"""
import json
import os
import sys

from make_wc_ref import Sheet, num, recalculate_and_write

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "src", "cli", "sample")
VERSIONS = ["ten more engineers"]  # after the base
ROLES = ["revenue", "cogs", "opex", "depreciation", "tax_rate", "debt_rate", "revolver_rate",
         "cash_rate", "receivables", "inventory", "payables", "other_assets",
         "other_liabilities", "capex", "debt_draw", "debt_repayment", "equity_issue",
         "dividend", "cash_floor", "revolver_limit"]


def period_of(model, text):
    """A period index from "YYYY-MM" or a number."""
    if isinstance(text, (int, float)):
        return int(text)
    y0, m0 = map(int, model["start"].split("-"))
    y, m = map(int, text.split("-"))
    return (y - y0) * 12 + (m - m0)


class Writer:
    """The formulas of one version of the model."""

    def __init__(self, sheet, model, version, changes):
        self.s, self.m, self.v = sheet, model, version
        self.n = model["periods"]
        self.spec = {l["name"]: l for l in model["lines"]}
        self.links = {r: model["links"].get(r, []) for r in ROLES}
        for r, v in self.links.items():
            if isinstance(v, str):
                self.links[r] = [v]
        self.openings = dict(model.get("openings", {}))
        self.changes = changes

    def c(self, name, t):
        return "{%d|%s|%d}" % (self.v, name, t)

    def opening(self, name):
        l = self.spec.get(name)
        if l is not None:
            return float(l.get("opening", 0))
        return float(self.openings.get(name, 0))

    def prev(self, name, t):
        """The line's value in period t - 1, its opening before the first."""
        return self.c(name, t - 1) if t > 0 else num(self.opening(name))

    def days(self, t):
        return "{days|%d}" % t

    # ---- user lines --------------------------------------------------------
    def input_cell(self, l, t):
        v = l["input"]
        x = num(v[t] if isinstance(v, list) else v)
        for ch in self.changes:  # each change on the value so far, from its period on
            if ch["line"] == l["name"] and t >= period_of(self.m, ch.get("from", 0)):
                x = {"set": num(ch["value"]), "add": "(%s)+%s" % (x, num(ch["value"])),
                     "mul": "(%s)*%s" % (x, num(ch["value"]))}[ch["op"]]
        return x

    def relation(self, l, t):
        rel, of, p = l["rel"], l.get("of", []), l.get("params", [])
        x = [self.c(a, t) for a in of]
        if rel == "sum":
            return "+".join("%s*%s" % (num(w), a) for w, a in zip(p, x)) if p else "+".join(x)
        if rel == "diff":
            return "-".join(x)
        if rel == "product":
            return "*".join(x)
        if rel == "ratio":
            return "%s/%s" % (x[0], x[1])
        if rel == "pct_of":
            return "%s*%s" % (x[0], x[1] if len(x) > 1 else num(p[0]))
        if rel == "lag":
            k = int(p[0])
            return self.c(of[0], t - k) if t >= k else num(self.opening(of[0]))
        if rel == "lead":
            return self.c(of[0], min(t + int(p[0]), self.n - 1))
        if rel == "cumsum":
            w = p or [1] * len(of)
            return "%s+%s" % (self.prev(l["name"], t),
                              "+".join("%s*%s" % (num(a), b) for a, b in zip(w, x)))
        if rel == "delta":
            return "%s*(%s-%s)" % (num(p[0] if p else 1), x[0], self.prev(of[0], t))
        if rel == "balance":
            return "%s*%s/%s" % (x[1], x[0], self.days(t))
        if rel == "step":
            v = "IF(%d>=%s;%s;0)" % (t, num(p[0]), num(p[1]))
            return "%s+%s" % (x[0], v) if x else v
        if rel == "ramp":
            a, b, h = p
            v = "IF(%d<%s;0;IF(%d<=%s;%s*(%d-%s+1)/(%s-%s+1);%s))" % (
                t, num(a), t, num(b), num(h), t, num(a), num(b), num(a), num(h))
            return "%s+%s" % (x[0], v) if x else v
        if rel in ("min", "max"):
            return "%s(%s)" % (rel.upper(), ";".join(x + [num(c) for c in p]))
        if rel == "clamp":
            return "MIN(MAX(%s;%s);%s)" % (x[0], num(p[0]), num(p[1]))
        if rel in ("running_min", "running_max"):
            return "%s(%s)" % ("MIN" if rel == "running_min" else "MAX",
                               ";".join(self.c(of[0], s) for s in range(t + 1)))
        raise ValueError(rel)

    # ---- the statements (include/fpa/model.h, fpa_model_role) ----------------
    def total(self, role, t, sign=1):
        cells = [self.c(a, t) for a in self.links[role]]
        if not cells:
            return "0"
        return ("-" if sign < 0 else "") + "(" + "+".join(cells) + ")"

    def rate(self, role, t):
        return self.c(self.links[role][0], t) if self.links[role] else "0"

    def statements(self, t):
        c, prev, add = self.c, self.prev, self.stmt
        add("is.revenue", t, self.total("revenue", t))
        add("is.cogs", t, self.total("cogs", t))
        add("is.gross_margin", t, "%s-%s" % (c("is.revenue", t), c("is.cogs", t)))
        add("is.opex", t, self.total("opex", t))
        add("is.ebitda", t, "%s-%s" % (c("is.gross_margin", t), c("is.opex", t)))
        add("is.depreciation", t, self.total("depreciation", t))
        add("is.ebit", t, "%s-%s" % (c("is.ebitda", t), c("is.depreciation", t)))
        add("is.interest", t, "(%s*%s+%s*%s-%s*%s)*%s/365" % (
            self.rate("debt_rate", t), prev("bs.debt", t), self.rate("revolver_rate", t),
            prev("bs.revolver", t), self.rate("cash_rate", t), prev("bs.cash", t), self.days(t)))
        add("is.ebt", t, "%s-%s" % (c("is.ebit", t), c("is.interest", t)))
        add("is.tax", t, "%s*MAX(%s;0)" % (self.rate("tax_rate", t), c("is.ebt", t)))
        add("is.net_income", t, "%s-%s" % (c("is.ebt", t), c("is.tax", t)))
        wc = [("receivables", -1), ("inventory", -1), ("other_assets", -1), ("payables", 1),
              ("other_liabilities", 1)]
        for role, sign in wc:
            add("bs." + role, t, self.total(role, t))
            add("cf." + role, t, "%s*(%s-%s)" % (num(sign), c("bs." + role, t),
                                                  prev("bs." + role, t)))
        add("cf.net_income", t, c("is.net_income", t))
        add("cf.depreciation", t, c("is.depreciation", t))
        add("cf.working_capital", t, "+".join(c("cf." + r, t) for r, _ in wc))
        add("cf.operating", t, "+".join(c(x, t) for x in (
            "cf.net_income", "cf.depreciation", "cf.working_capital")))
        add("cf.capex", t, self.total("capex", t, -1))
        add("cf.investing", t, c("cf.capex", t))
        add("cf.debt", t, "%s-%s" % (self.total("debt_draw", t), self.total("debt_repayment", t)))
        add("cf.equity", t, "%s-%s" % (self.total("equity_issue", t), self.total("dividend", t)))
        add("cf.before_revolver", t, "+".join(c(x, t) for x in (
            "cf.operating", "cf.investing", "cf.debt", "cf.equity")))
        r_prev = prev("bs.revolver", t)
        if self.links["cash_floor"]:
            limit = self.rate("revolver_limit", t) if self.links["revolver_limit"] else "1E300"
            add("bs.revolver", t, "%s+MIN(MAX(%s-(%s+%s);-%s);%s-%s)" % (
                r_prev, c(self.links["cash_floor"][0], t), prev("bs.cash", t),
                c("cf.before_revolver", t), r_prev, limit, r_prev))
        else:
            add("bs.revolver", t, r_prev)
        add("cf.revolver", t, "%s-%s" % (c("bs.revolver", t), r_prev))
        add("cf.financing", t, "+".join(c(x, t) for x in ("cf.debt", "cf.revolver", "cf.equity")))
        add("cf.net_change", t, "+".join(c(x, t) for x in (
            "cf.operating", "cf.investing", "cf.financing")))
        add("bs.cash", t, "%s+%s" % (prev("bs.cash", t), c("cf.net_change", t)))
        add("bs.fixed_assets", t, "%s-%s-%s" % (prev("bs.fixed_assets", t), c("cf.capex", t),
                                                c("is.depreciation", t)))
        add("bs.debt", t, "%s+%s" % (prev("bs.debt", t), c("cf.debt", t)))
        add("bs.equity", t, "%s+%s+%s" % (prev("bs.equity", t), c("is.net_income", t),
                                          c("cf.equity", t)))
        assets = ("bs.cash", "bs.receivables", "bs.inventory", "bs.other_assets",
                  "bs.fixed_assets")
        claims = ("bs.payables", "bs.other_liabilities", "bs.debt", "bs.revolver", "bs.equity")
        add("bs.total_assets", t, "+".join(c(x, t) for x in assets))
        add("bs.total_liabilities_equity", t, "+".join(c(x, t) for x in claims))
        add("bs.check", t, "%s-%s" % (c("bs.total_assets", t), c("bs.total_liabilities_equity", t)))
        add("cf.change_in_cash", t, "%s-%s" % (c("bs.cash", t), prev("bs.cash", t)))
        add("cf.check", t, "%s-%s" % (c("cf.net_change", t), c("cf.change_in_cash", t)))

    def stmt(self, name, t, formula):
        self.s.add("%d|%s|%d" % (self.v, name, t), formula)

    def equity_opening(self):
        """Opening equity: the opening assets less the opening liabilities."""
        o = self.opening
        lines = lambda role: sum(o(a) for a in self.links[role])  # noqa: E731
        assets = (o("bs.cash") + lines("receivables") + lines("inventory") +
                  lines("other_assets") + o("bs.fixed_assets"))
        return assets - (lines("payables") + lines("other_liabilities") + o("bs.debt") +
                         o("bs.revolver"))

    def write(self):
        self.openings.setdefault("bs.equity", self.equity_opening())
        for wc in ("receivables", "inventory", "other_assets", "payables",
                   "other_liabilities"):
            self.openings["bs." + wc] = sum(self.opening(a) for a in self.links[wc])
        for t in range(self.n):
            for l in self.m["lines"]:
                f = self.input_cell(l, t) if "input" in l else self.relation(l, t)
                self.stmt(l["name"], t, f)
            self.statements(t)


def days(sheet, model):
    y0, m0 = map(int, model["start"].split("-"))
    for t in range(model["periods"]):
        y, m = y0 + (m0 - 1 + t) // 12, (m0 - 1 + t) % 12 + 1
        sheet.add("days|%d" % t, "DATE(%d;%d;1)-DATE(%d;%d;1)" % (
            y + m // 12, m % 12 + 1, y, m))


def spec(model):
    """The model as the C test's text lines."""
    kinds = {"sum": 0, "diff": 1, "product": 2, "ratio": 3, "pct_of": 4, "lag": 5, "lead": 6,
             "cumsum": 7, "delta": 8, "balance": 9, "step": 10, "ramp": 11, "min": 12,
             "max": 13, "clamp": 14, "running_min": 15, "running_max": 16}
    y, m = model["start"].split("-")
    out = ["model month %s-%s-01 %d" % (y, m, model["periods"])]
    for l in model["lines"]:
        if "input" in l:
            v = l["input"] if isinstance(l["input"], list) else [l["input"]]
            out.append("input %s %d %s" % (l["name"], len(v), " ".join(repr(float(x)) for x in v)))
        else:
            of, p = l.get("of", []), l.get("params", [])
            out.append("rel %s %d %d %s %d %s" % (l["name"], kinds[l["rel"]], len(of), " ".join(of),
                                                  len(p), " ".join(repr(float(x)) for x in p)))
        if "opening" in l:
            out.append("opening %s %r" % (l["name"], float(l["opening"])))
        if "floor" in l:
            out.append("floor %s %r" % (l["name"], float(l["floor"])))
    for role, names in model["links"].items():
        for name in [names] if isinstance(names, str) else names:
            out.append("link %d %s" % (ROLES.index(role), name))
    for name, v in model.get("openings", {}).items():
        out.append("opening %s %r" % (name, float(v)))
    return "\n".join(out) + "\n"


def main():
    model = json.load(open(os.path.join(SAMPLE, "model.json")))
    scen = {s["name"]: s["changes"] for s in
            json.load(open(os.path.join(SAMPLE, "model_scenarios.json")))["scenarios"]}
    sheet = Sheet()
    days(sheet, model)
    for v, name in enumerate([None] + VERSIONS):
        Writer(sheet, model, v, scen[name] if name else []).write()
    with open(os.path.join(HERE, "model_sample.spec"), "w") as f:
        f.write(spec(model))
    return recalculate_and_write(
        sheet, "model_expected.csv", "make_model_ref.py",
        "run the script again (versions: 0 base, " +
        ", ".join(f"{i + 1} {n}" for i, n in enumerate(VERSIONS)) + ")",
        keep=lambda k: not k.startswith("days"))

if __name__ == "__main__":
    sys.exit(main())
