#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Recompute tests/ref/tvm_roots_expected.csv: which root RATE, IRR and
XIRR return, on a large random set, by LibreOffice Calc and gnumeric.

    apt-get install libreoffice-calc-nogui gnumeric
    /usr/bin/python3 tests/ref/make_tvm_roots_ref.py

Where an equation has several roots, the spreadsheet's root is the one its
iteration from the guess reaches; libfpa must return that one (issue 13).
The cases are random but seeded (random.Random(SEED)), so the file is the
same on every run:

- RATE(nper;pmt;pv;fv;type[;guess]) of annuities with a future value of
  either sign and payments at the end or the start: a rate per period is
  drawn, the payment is the one it implies, rounded to cents, and the
  future value is then perturbed, so that many cases have two roots (pv and
  fv of one sign, payments of the other);
- IRR(values[;guess]) of 10- to 60-period flows: an outlay, then inflows
  of mixed signs;
- XIRR(values;dates[;guess]) of 4 to 30 dated flows of mixed signs, some
  with unsorted dates.

About half the cases omit the guess (the spreadsheet's default 0.1; for
RATE, LibreOffice then also tries other guesses) and half give one. Each row
is `formula,libreoffice,gnumeric,expect` (the format of tvm_expected.csv)
with `expect`:

- `lo`: LibreOffice gives a number; libfpa must return it (1e-9 relative);
- `lo-error`: LibreOffice gives an error, or a number that is no root
  above -100 % (IRR's iterates may end below -100 %; RATE's Newton step
  stops when its derivative overflows: the equation's relative residual at
  the number, in 50-digit arithmetic, exceeds 1e-7); libfpa must return FPA_ENOCONV or a rate above -100 % at
  which the equation is zero (it searches for a sign change where the
  spreadsheet gives up, docs/tvm.md).

gnumeric's value is recorded beside LibreOffice's; the tests report how
often the two engines agree, but only LibreOffice's value is expected.
"""
import csv
import decimal
import os
import random
import re
import sys

from make_tvm_ref import normalise
from sheets import recalculate, versions

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240513
N_RATE, N_IRR, N_XIRR = 1200, 300, 300

# The examples of issue 13 (LibreOffice 7.4's values quoted there).
FIXED = [
    "RATE(84;-446.74;20283.78;4677.39;0)",
    "RATE(240;-172.89;7847.08;103314.12;0)",
    "RATE(240;-124.02;34131.93;4843.72;0)",
]


def num(x):
    """Shortest text of a number that reads back exactly."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def arr(xs):
    return "{" + ";".join(num(x) for x in xs) + "}"


def payment(rate, nper, pv, fv, typ):
    """The spreadsheet's PMT (to draw payments that have a root)."""
    if rate == 0:
        return -(pv + fv) / nper
    g = (1 + rate) ** nper
    return -(fv + pv * g) * rate / ((1 + rate * typ) * (g - 1))


def guess_text(rnd, lo, hi):
    return "" if rnd.random() < 0.5 else ";" + num(round(rnd.uniform(lo, hi), 3))


def rate_case(rnd):
    nper = rnd.choice([12, 24, 36, 48, 60, 72, 84, 96, 120, 180, 240, 300, 360])
    if rnd.random() < 0.1:
        nper = round(rnd.uniform(6, 120), 1)
    pv = round(rnd.uniform(1000, 50000), 2)
    typ = rnd.choice([0, 1])
    r = rnd.uniform(-0.004, 0.02)
    fv = round(pv * rnd.uniform(-1.5, 4), 2) if rnd.random() < 0.85 else 0
    pmt = round(payment(r, nper, pv, fv, typ), 2)
    fv = round(fv * rnd.uniform(0.7, 1.3), 2)
    return f"RATE({num(nper)};{num(pmt)};{num(pv)};{num(fv)};{typ}" \
           f"{guess_text(rnd, -0.05, 0.2)})"


def irr_case(rnd):
    n = rnd.randint(10, 60)
    scale = rnd.choice([1000, 10000, 100000])
    mean = scale * rnd.uniform(1.05, 2.5) / (n - 1)  # inflows repay 1.05 to 2.5 times
    spread = rnd.uniform(0.5, 3)  # above 1: inflows of both signs
    v = [-scale] + [round(mean * (1 + rnd.uniform(-spread, spread))) for _ in range(n - 1)]
    if rnd.random() < 0.3:  # a late outflow: decommissioning, a balloon
        v[-1] = -round(scale * rnd.uniform(0.1, 1.0))
    return f"IRR({arr(v)}{guess_text(rnd, -0.3, 0.5)})"


def xirr_case(rnd):
    n = rnd.randint(4, 30)
    scale = rnd.choice([1000, 10000, 100000])
    d = [43831 + rnd.randint(0, 365)]
    for _ in range(n - 1):
        d.append(d[-1] + rnd.randint(1, 120))
    v = [-scale] + [round(scale * rnd.uniform(-0.4, 0.6) * 4 / n) for _ in range(n - 1)]
    if rnd.random() < 0.2:
        v[-1] = -round(scale * rnd.uniform(0.1, 1.0))
    if rnd.random() < 0.1:  # the spreadsheet takes dates in any order
        rest = list(zip(v[1:], d[1:]))
        rnd.shuffle(rest)
        v, d = [v[0]] + [a for a, _ in rest], [d[0]] + [b for _, b in rest]
    return f"XIRR({arr(v)};{arr(d)}{guess_text(rnd, -0.5, 1.0)})"


def cases():
    rnd = random.Random(SEED)
    out = list(FIXED)
    out += [rate_case(rnd) for _ in range(N_RATE)]
    out += [irr_case(rnd) for _ in range(N_IRR)]
    out += [xirr_case(rnd) for _ in range(N_XIRR)]
    return out


def residual(formula, rate):
    """|equation| / sum of its terms' magnitudes at `rate`, in 50-digit
    decimal arithmetic: whether a spreadsheet's answer is a root at all."""
    decimal.getcontext().prec = 50
    D = decimal.Decimal
    name, body = re.fullmatch(r"(\w+)\((.*)\)", formula).groups()
    args = [[D(x) for x in t[1:-1].split(";")] if t.startswith("{") else D(t)
            for t in re.findall(r"\{[^}]*\}|[^;{}]+", body)]
    q = 1 + D(repr(rate))
    if q <= 0:
        return D(1)
    if name == "RATE":
        n, pmt, pv, fv, w = args[:5]
        qn = q ** n if n == n.to_integral_value() else (n * q.ln()).exp()
        g = n if q == 1 else (qn - 1) / (q - 1)
        terms = [pv * qn, pmt * (1 + (q - 1) * w) * g, fv]
    elif name == "IRR":
        terms = [v / q ** i for i, v in enumerate(args[0])]
    else:
        v, d = args[0], args[1]
        terms = [a / ((b - d[0]) / 365 * q.ln()).exp() for a, b in zip(v, d)]
    mag = sum(abs(t) for t in terms)
    return abs(sum(terms)) / mag if mag else D(0)


def main():
    formulas = cases()
    lo, gn = recalculate(formulas)
    lo_version, gn_version = versions()
    out = os.path.join(HERE, "tvm_roots_expected.csv")
    with open(out, "w", newline="") as f:
        f.write(f"# Generated by tests/ref/make_tvm_roots_ref.py (seed {SEED}) with "
                f"{lo_version} and {gn_version}.\n# Do not edit: change the script "
                "and run it again.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["formula", "libreoffice", "gnumeric", "expect"])
        for formula, a, b in zip(formulas, lo, gn):
            a, b = normalise(a), normalise(b)
            try:
                root = float(a) > -1 and residual(formula, float(a)) < 1e-7
                expect = "lo" if root else "lo-error"
            except ValueError:
                expect = "lo-error"
            w.writerow([formula, a, b, expect])
    print(f"{len(formulas)} cases written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
