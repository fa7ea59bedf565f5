# SPDX-License-Identifier: GPL-3.0-or-later
"""The spreadsheet references of tests/ref/wc_expected.csv, the file the C
tests read (tests/wc_ref.h): a cash-budget model built from cell formulas by
tests/ref/make_wc_ref.py and recalculated by LibreOffice Calc 7.4 and
gnumeric 1.12. The LibreOffice column is the reference (the script checked
that gnumeric agrees except where docs/wc.md says otherwise); LibreOffice
prints 15 significant digits, hence the tolerance of `close`."""
import csv
import functools
import os

import fpa

# the spreadsheet's names of the projection lines, in fpa.WC_LINES order
LINE_KEYS = dict(zip(fpa.WC_LINES, ("ar", "inv", "ap", "nwc", "dnwc", "collections",
                                    "purchases", "payments", "net", "cash")))
DRIVER_KEYS = dict(zip(fpa.WC_DRIVERS, ("rev", "cogs", "dso", "dio", "dpo", "other")))


@functools.lru_cache(maxsize=1)
def _table():
    path = os.path.join(os.environ.get("FPA_REF_DIR", os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "tests", "ref")), "wc_expected.csv")
    with open(path) as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    return {r[0]: float(r[1]) for r in rows[1:]}


def ref(key):
    """The LibreOffice value of `key`."""
    return _table()[key]


def close(got, key, rel=1e-13, abs_=1e-9):
    want = ref(key)
    assert abs(got - want) <= abs_ + rel * abs(want), f"{key}: {got!r} != {want!r}"


def plan(prefix="p", **kw):
    """The 6-period model of make_wc_ref.py (prefix "p", "q" or "z")."""
    return fpa.WCPlan(
        days=[ref(f"{prefix}.days.{t}") for t in range(6)],
        **{d: [ref(f"{prefix}.{k}.{t}") for t in range(6)] for d, k in DRIVER_KEYS.items()},
        opening={k: ref(f"{prefix}.open.{s}") for k, s in
                 (("ar", "ar"), ("inventory", "inv"), ("ap", "ap"), ("cash", "cash"))},
        **kw)


def scenario(p):
    """make_wc_ref.py's scenario: DSO -5 days from period 2, DIO x 1.1 from
    period 0, DPO +7 days for the suppliers with 40 % of the purchases from
    period 1, revenue set to 125,000 from period 4."""
    s = fpa.Scenario(p, [("dso", "add", -5, 2), ("dio", "mul", 1.1)])
    return s.add("dpo", "add", 0.4 * 7, 1).add("revenue", "set", 125000, 4)
