# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the `fpa` program, run by ctest (cli.pytest) with Debian's python3.

The program runs on its embedded sample company and on the files of
tests/data/cli/. Its figures are checked three ways:
- against values computed here independently, with pandas arithmetic from
  the same CSV files (sums, margins, churn, retention, payback ...);
- against the C library itself, called through the Python binding's cffi
  module (fpa._fpa_cffi), for the figures only the library defines
  (roll-ups and drill-downs, cohort LTV); these tests are skipped when the
  binding is not built;
- for time value of money, against the spreadsheet values of
  tests/ref/tvm_expected.csv (LibreOffice Calc and gnumeric), every case.

The golden test compares `fpa review --format json` on the sample with
tests/cli/golden/review_sample.json (every number to a relative 1e-12). When
a figure changes on purpose, regenerate it with the command in docs/cli.md
("Golden report") and commit it with the reason; the tests never write it.

Environment (set by tests/CMakeLists.txt): FPA_CLI, the program;
FPA_SOURCE_DIR, the source tree; PYTHONPATH, the built binding.
"""
import csv
import datetime
import json
import math
import os
import pathlib
import pty
import re
import shutil
import subprocess

import pandas as pd
import pytest

FPA = os.environ.get("FPA_CLI") or shutil.which("fpa")
SRC = pathlib.Path(os.environ.get("FPA_SOURCE_DIR",
                                  pathlib.Path(__file__).resolve().parents[2]))
DATA = SRC / "tests" / "data" / "cli"
SAMPLE = SRC / "src" / "cli" / "sample"
GOLDEN = pathlib.Path(__file__).resolve().parent / "golden" / "review_sample.json"
REF = SRC / "tests" / "ref" / "tvm_expected.csv"

try:
    from fpa._fpa_cffi import ffi, lib
except ImportError:  # the binding is not built (FPA_BUILD_PYTHON=OFF)
    ffi = lib = None
needs_lib = pytest.mark.skipif(lib is None, reason="the Python binding is not built")


def child_env():
    """The program's environment: the sanitizer runtime that the test's
    interpreter may preload is not for it (it carries its own), and under
    AddressSanitizer it must also be leak-free."""
    env = dict(os.environ)
    preload = env.pop("LD_PRELOAD", "")
    if "asan" in preload:
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1"
    return env


def run(*args, cwd=DATA, **kw):
    return subprocess.run([FPA, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env=child_env(), **kw)


def ok(*args, **kw):
    r = run(*args, **kw)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def js(*args, **kw):
    return json.loads(ok(*args, "--format", "json", **kw))


def table(report, section, name):
    return report["sections"][section]["tables"][name]


def close(got, want, rel=1e-9, abs_=1e-9):
    return got is not None and math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


# ---- the program itself ------------------------------------------------------

def test_help_and_version():
    out = ok("--help")
    for word in ("review", "forecast", "backtest", "variance", "unit", "wc", "tvm",
                 "Exit status", "  3  "):
        assert word in out
    v = ok("--version")
    assert re.match(r"fpa \d+\.\d+\.\d+\nlibfpa \d+\.\d+\.\d+ ", v)
    if lib is not None:
        assert "libfpa " + ffi.string(lib.fpa_version_string()).decode() in v


@pytest.mark.parametrize("cmd", ["review", "forecast", "backtest", "variance", "unit", "wc",
                                 "tvm", "sample", "options"])
def test_command_help_lists_exit_codes(cmd):
    out = ok(cmd, "--help")
    assert out.startswith(f"usage: fpa {cmd}")
    assert "Exit status:" in out
    for code in range(5):
        assert f"\n  {code}  " in out
    assert ok("help", cmd) == out


def test_sample_files_are_the_source_files():
    listing = ok("sample")
    for f in sorted(SAMPLE.iterdir()):
        if f.suffix in (".csv", ".json"):
            assert f.name in listing
            assert ok("sample", f.name) == f.read_text()


def test_options_lists_library_options():
    out = ok("options")
    assert "variance.material_abs" in out and "threads" in out


# ---- time value of money against the spreadsheets ------------------------------

def parse_formula(f):
    name, rest = f.split("(", 1)
    args, depth, cur = [], 0, ""
    for ch in rest[:-1]:
        if ch == ";" and depth == 0:
            args.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    args.append(cur)
    return name, [a[1:-1].split(";") if a.startswith("{") else a for a in args]


def iso(serial):
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))).isoformat()


SIGNATURES = {  # spreadsheet argument order -> the program's options
    "NPV": ["rate", "values"], "IRR": ["values", "guess"],
    "MIRR": ["values", "finance-rate", "reinvest-rate"],
    "XNPV": ["rate", "amounts", "dates"], "XIRR": ["amounts", "dates", "guess"],
    "PMT": ["rate", "nper", "pv", "fv", "when"], "PV": ["rate", "nper", "pmt", "fv", "when"],
    "FV": ["rate", "nper", "pmt", "pv", "when"], "NPER": ["rate", "pmt", "pv", "fv", "when"],
    "RATE": ["nper", "pmt", "pv", "fv", "when", "guess"],
    "IPMT": ["rate", "per", "nper", "pv", "fv", "when"],
    "PPMT": ["rate", "per", "nper", "pv", "fv", "when"],
    "CUMIPMT": ["rate", "nper", "pv", "start", "end", "when"],
    "CUMPRINC": ["rate", "nper", "pv", "start", "end", "when"],
    "EFFECT": ["nominal", "npery"], "NOMINAL": ["effect", "npery"],
    "SLN": ["cost", "salvage", "life"], "SYD": ["cost", "salvage", "life", "per"],
    "DDB": ["cost", "salvage", "life", "period", "factor"],
    "DB": ["cost", "salvage", "life", "period", "month"],
}


def ref_cases():
    with open(REF) as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#") and r[0] != "formula"]
    return rows


def magnitude(args):
    m = 1.0
    for a in args:
        for x in a if isinstance(a, list) else [a]:
            try:
                m = max(m, abs(float(x)))
            except ValueError:
                pass
    return m


@pytest.mark.parametrize("formula,lo,gn,expect", ref_cases())
def test_tvm_against_spreadsheet(formula, lo, gn, expect):
    name, args = parse_formula(formula)
    argv = ["tvm", name.lower(), "--format", "csv"]
    for opt, a in zip(SIGNATURES[name], args):
        if opt == "dates":
            a = [iso(x) for x in a]
        if opt == "when":
            a = "begin" if float(a) != 0 else "end"
        argv += [f"--{opt}", ",".join(a) if isinstance(a, list) else a]
    r = run(*argv)
    want = None
    if expect.startswith("value="):
        want = float(expect[6:])
    elif expect in ("lo", "gnumeric"):
        src = gn if expect == "gnumeric" else lo
        try:
            want = float(src)
        except ValueError:
            want = None
    if want is None:  # the spreadsheet's error, or a status libfpa chose
        assert r.returncode == 1, (formula, r.stdout)
        assert r.stdout == "" and r.stderr.count("\n") == 1
        assert r.stderr.startswith(f"fpa: tvm {name.lower()}: ")
        if expect not in ("lo", "gnumeric"):
            assert f"(FPA_{expect})" in r.stderr
        return
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(r.stdout.splitlines()))
    got = float(rows[0]["value"])
    tol = 1e-9 * abs(want) + 1e-12 * magnitude(args)
    assert abs(got - want) <= tol, (formula, got, want)


def test_tvm_xirr_example_of_the_issue():
    out = js("tvm", "xirr", "--dates", "2024-01-01,2024-07-01", "--amounts", "-100,110")
    got = table(out, "tvm", "result")[0]["value"]
    # (110/100)^(365/182) - 1: 182 days from 2024-01-01 to 2024-07-01
    assert close(got, 1.1 ** (365 / 182) - 1, rel=1e-12)


def test_tvm_day_count():
    # two flows, worked by hand: XIRR = (110/100)^(1/y) - 1 with y the year
    # fraction; 2024-01-31 .. 2024-07-31 is 6 x 30 = 180 days under 30/360 US
    # (y = 1/2, so 1.1^2 - 1 = 0.21), 182 actual days under ACT/360
    got = table(js("tvm", "xirr", "--dates", "2024-01-31,2024-07-31", "--amounts", "-100,110",
                   "--day-count", "30/360 US"), "tvm", "result")[0]["value"]
    assert close(got, 0.21, rel=1e-12)
    got = table(js("tvm", "xnpv", "--rate", "0.1", "--dates", "2024-01-01,2024-07-01",
                   "--amounts", "-100,110", "--day-count", "act/360"), "tvm", "result")
    assert close(got[0]["value"], -100 + 110 / 1.1 ** (182 / 360), rel=1e-12)
    # the file's deal-2: 110/100 after 365 days, 365/360 years under ACT/360
    rows = {r["schedule"]: r for r in table(js("tvm", "xirr", "--file", "good/xirr_schedules.csv",
                                                "--day-count", "ACT/360"), "tvm", "xirr")}
    assert close(rows["deal-2"]["xirr"], 1.1 ** (360 / 365) - 1, rel=1e-12)
    assert rows["no-sign-change"]["status"] == "FPA_ENOCONV"
    # the default is ACT/365F, the spreadsheet's
    plain = js("tvm", "xirr", "--dates", "2024-01-01,2024-07-01", "--amounts", "-100,110")
    named = js("tvm", "xirr", "--dates", "2024-01-01,2024-07-01", "--amounts", "-100,110",
               "--day-count", "ACT/365F")
    assert table(plain, "tvm", "result") == table(named, "tvm", "result")


def test_tvm_rates_as_percentages():
    a = js("tvm", "pmt", "--rate", "0.45%", "--nper", "240", "--pv", "250000")
    b = js("tvm", "pmt", "--rate", "0.0045", "--nper", "240", "--pv", "250000")
    assert table(a, "tvm", "result") == table(b, "tvm", "result")


def test_tvm_xirr_file():
    out = js("tvm", "xirr", "--file", "good/xirr_schedules.csv")
    rows = {r["schedule"]: r for r in table(out, "tvm", "xirr")}
    assert list(rows) == ["deal-1", "deal-2", "no-sign-change"]  # order of appearance
    # deal-1 is the spreadsheet's XIRR case on serials 39448 .. 39904
    assert close(rows["deal-1"]["xirr"], 0.373362533518832, rel=1e-9)
    assert close(rows["deal-2"]["xirr"], 0.1, rel=1e-12)      # 110/100 after 365 days
    bad = rows["no-sign-change"]
    assert bad["xirr"] is None and bad["status"] == "FPA_ENOCONV" and bad["detail"]


@needs_lib
def test_tvm_xirr_file_equals_library():
    out = js("tvm", "xirr", "--file", "good/xirr_schedules.csv")
    flows = pd.read_csv(DATA / "good" / "xirr_schedules.csv")
    for row in table(out, "tvm", "xirr"):
        s = flows[flows.schedule == row["schedule"]]
        days = [(datetime.date.fromisoformat(d) - datetime.date(1970, 1, 1)).days for d in s.date]
        rate = ffi.new("double *")
        st = lib.fpa_tvm_xirr(rate, ffi.new("double[]", list(s.amount)),
                              ffi.new("int64_t[]", days), len(days), 0.1)
        if st == 0:
            assert row["xirr"] == rate[0]  # the same C code: bit for bit
        else:
            assert row["status"] == ffi.string(lib.fpa_status_name(st)).decode()


def test_progress_only_on_a_terminal(tmp_path):
    big = tmp_path / "many.csv"
    with open(big, "w") as f:
        f.write("schedule,date,amount\n")
        for k in range(600):
            f.write(f"s{k},2020-01-01,-100\ns{k},2021-01-01,{101 + k % 50}\n")
    quiet = run("tvm", "xirr", "--file", big, "--format", "csv")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert len(quiet.stdout.splitlines()) == 601
    master, slave = pty.openpty()
    p = subprocess.Popen([FPA, "tvm", "xirr", "--file", str(big), "--format", "csv"],
                         stdout=subprocess.PIPE, stderr=slave, env=child_env())
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = p.stdout.read()
    p.wait()
    os.close(master)
    assert p.returncode == 0
    assert b"fpa: xirr: " in seen and b"(100%)" in seen
    assert out.decode() == quiet.stdout  # progress never reaches the output


# ---- variance on the sample: independent sums, and the library -------------------

def chart(path):
    nodes = json.load(open(path))["nodes"] if str(path).endswith(".json") else \
        [{k: v for k, v in r.items() if v} for r in csv.DictReader(open(path))]
    parent = {n["id"]: n.get("parent") for n in nodes}
    own = {n["id"]: n.get("nature") for n in nodes}

    def nature(i):
        while i and not own[i]:
            i = parent[i]
        return own[i] if i else None
    kids = {i: [j for j in parent if parent[j] == i] for i in parent}

    def leaves(i):
        return [i] if not kids[i] else [x for k in kids[i] for x in leaves(k)]
    return [n["id"] for n in nodes], parent, {i: nature(i) for i in parent}, leaves


def wide_or_long(path):
    df = pd.read_csv(path)
    if list(df.columns[:1]) == ["period"] and "series" not in df.columns:
        df = df.melt(id_vars="period", var_name="series", value_name="value").dropna()
    return df


def test_variance_sample_against_independent_sums():
    out = js("variance", "--sample")
    ids, parent, nature, leaves = chart(SAMPLE / "lines.json")
    act = wide_or_long(SAMPLE / "actuals.csv")
    bud = wide_or_long(SAMPLE / "budget.csv")
    windows = {"period": ("2026-09", "2026-09"), "qtd": ("2026-07", "2026-09"),
               "ytd": ("2026-01", "2026-09")}
    rows = table(out, "variance", "lines")
    assert len(rows) == 3 * len(ids)
    for r in rows:
        lo, hi = windows[r["window"]]
        assert (r["from"], r["to"]) == (lo, hi)

        def total(df, line):
            s = df[(df.series == line) & df.period.between(lo, hi)].value.sum()
            return s if nature[line] == "revenue" else -s   # income sign
        b = sum(total(bud, x) for x in leaves(r["line"]))
        a = sum(total(act, x) for x in leaves(r["line"]))
        signs = {nature[x] == "revenue" for x in leaves(r["line"])}
        if signs == {False}:          # a cost group reads as cost
            b, a = -b, -a
        assert close(r["budget"], b) and close(r["actual"], a), r
        var = a - b
        assert close(r["variance"], var), r
        assert close(r["variance_pct"], var / abs(b)), r
        cost = signs == {False}
        fav = (var > 0) != cost
        assert r["direction"] == ("favourable" if fav else "unfavourable")
        assert r["material"] == (abs(var) > 10000 and abs(var) > 0.05 * abs(b))
        assert r["nature"] == ("income" if len(signs) == 2 else
                               "revenue" if True in signs else r["nature"])
    ytd = {r["line"]: r for r in rows if r["window"] == "ytd"}
    # the sample's story, as the report tells it
    assert ytd["rev.cloud.amer"]["material"] and ytd["rev.cloud.amer"]["variance"] < 0
    assert ytd["cogs.sensors"]["direction"] == "unfavourable" and ytd["cogs.sensors"]["material"]
    assert ytd["marketing"]["material"] and ytd["marketing"]["variance"] > 250000
    gaps = table(out, "variance", "largest_gaps")
    assert [g["line"] for g in gaps[:2]] == ["rev.cloud.amer", "cogs.sensors"]


def income_window(df, ids, nature, lo, hi):
    v = df[df.period.between(lo, hi)].groupby("series").value.sum()
    return [(v.get(i, 0.0) if nature[i] == "revenue" else -v.get(i, 0.0)) for i in ids]


@needs_lib
def test_variance_drilldown_equals_library():
    out = js("variance", "--sample", "--top", "10")
    ids, parent, nature, leaves = chart(SAMPLE / "lines.json")
    b = income_window(wide_or_long(SAMPLE / "budget.csv"), ids, nature, "2026-01", "2026-09")
    a = income_window(wide_or_long(SAMPLE / "actuals.csv"), ids, nature, "2026-01", "2026-09")
    keep = [ffi.new("char[]", i.encode()) for i in ids] + \
           [ffi.new("char[]", (parent[i] or "").encode()) for i in ids]
    tree = ffi.new("fpa_tree **")
    n = len(ids)
    assert lib.fpa_variance_tree_new(tree, keep[:n], keep[n:], n, ffi.NULL) == 0
    try:
        drill = table(out, "variance", "drilldown")
        for node in dict.fromkeys(r["node"] for r in drill):
            mine = [r for r in drill if r["node"] == node]
            nodes = ffi.new("size_t[]", 10)
            contrib, share = ffi.new("double[]", 10), ffi.new("double[]", 10)
            count = ffi.new("size_t *")
            assert lib.fpa_variance_drilldown(nodes, contrib, share, count, ffi.NULL, tree[0],
                                              b, a, ids.index(node), lib.FPA_DRILL_CHILDREN,
                                              10, ffi.NULL) == 0
            assert [r["line"] for r in mine] == [ids[nodes[k]] for k in range(count[0])]
            sign = -1 if nature[node] not in (None, "revenue") else 1
            for k, r in enumerate(mine):
                assert close(r["contribution"], sign * contrib[k], rel=1e-12)
                assert close(r["share"], share[k], rel=1e-12)
        gaps = table(out, "variance", "largest_gaps")
        nodes = ffi.new("size_t[]", 10)
        contrib, share = ffi.new("double[]", 10), ffi.new("double[]", 10)
        count = ffi.new("size_t *")
        assert lib.fpa_variance_drilldown(nodes, contrib, share, count, ffi.NULL, tree[0], b, a,
                                          ids.index("company"), lib.FPA_DRILL_LEAVES, 10,
                                          ffi.NULL) == 0
        assert [g["line"] for g in gaps] == [ids[nodes[k]] for k in range(count[0])]
        for k, g in enumerate(gaps):
            assert close(g["impact"], contrib[k], rel=1e-12)
            assert close(g["share"], share[k], rel=1e-12)
    finally:
        lib.fpa_variance_tree_free(tree[0])


def test_variance_materiality_and_windows_options():
    out = js("variance", "--sample", "--window", "ytd,t3", "--material-abs", "0",
             "--material-pct", "0%", "--material-rule", "either")
    rows = table(out, "variance", "lines")
    assert {r["window"] for r in rows} == {"ytd", "t3"}
    assert all(r["material"] == (r["variance"] != 0) for r in rows)
    t3 = [r for r in rows if r["window"] == "t3"][0]
    assert (t3["from"], t3["to"]) == ("2026-07", "2026-09")
    r = run("variance", "--sample", "--window", "t12")   # the budget starts in 2026-01
    assert r.returncode == 3 and "t12 window does not fit" in r.stderr


def test_variance_fiscal_year_start():
    out = js("variance", "--sample", "--window", "ytd", "--fy-start", "7")
    assert {(r["from"], r["to"]) for r in table(out, "variance", "lines")} == \
        {("2026-07", "2026-09")}


def test_chart_csv_and_json_agree_and_formats_agree(tmp_path):
    base = ["review", "--company", "good/company.json"]
    a = ok(*base, "--format", "json")
    b = ok(*base, "--lines", "good/lines.json", "--format", "json")
    assert a == b
    long = tmp_path / "budget_long.csv"
    wide_or_long(DATA / "good" / "budget.csv")[["series", "period", "value"]].to_csv(
        long, index=False)
    c = ok(*base, "--budget", long, "--format", "json")
    assert json.loads(c)["sections"] == json.loads(a)["sections"]


def test_without_chart_revenue_list():
    out = js("variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv",
             "--revenue", "rev.*", "--window", "ytd")
    rows = {r["line"]: r for r in table(out, "variance", "lines")}
    act = wide_or_long(DATA / "good" / "actuals.csv")
    ytd = act[act.period.between("2025-01", "2025-06")].groupby("series").value.sum()
    income = ytd[["rev.a", "rev.b"]].sum() - ytd.drop(["rev.a", "rev.b"]).sum()
    assert rows["(total)"]["nature"] == "income"
    assert close(rows["(total)"]["actual"], income)
    assert rows["rev.a"]["nature"] == "revenue" and rows["cogs"]["nature"] == "opex"


# ---- unit economics on the sample: independent arithmetic and the library ----------

def months_back(last, k):
    p = pd.Period(last, "M")
    return str(p - k)


def kpis(out):
    return {r["metric"]: r for r in table(out, "unit", "kpis")}


def sample_pnl():
    ids, parent, nature, leaves = chart(SAMPLE / "lines.json")
    act = wide_or_long(SAMPLE / "actuals.csv")
    act["nature"] = act.series.map(nature)
    return act


def test_unit_pnl_kpis_against_independent_arithmetic():
    k = kpis(js("unit", "--sample"))
    act = sample_pnl()

    def s(lo, hi, natures):
        return act[act.period.between(lo, hi) & act.nature.isin(natures)].value.sum()
    R = s("2025-10", "2026-09", ["revenue"])
    C = s("2025-10", "2026-09", ["cogs"])
    O = s("2025-10", "2026-09", ["opex", "sm", "da"])
    D = s("2025-10", "2026-09", ["da"])
    prior = s("2024-10", "2025-09", ["revenue"])
    first = s("2023-10", "2024-09", ["revenue"])
    assert close(k["revenue_ttm"]["value"], R)
    assert close(k["gross_margin_ttm"]["value"], (R - C) / R)
    assert close(k["operating_margin_ttm"]["value"], (R - C - O) / R)
    assert close(k["ebitda_ttm"]["value"], R - C - O + D)
    assert close(k["ebitda_margin_ttm"]["value"], (R - C - O + D) / R)
    assert close(k["opex_ratio_ttm"]["value"], O / R)
    assert close(k["revenue_growth_yoy"]["value"], R / prior - 1)
    assert close(k["revenue_cagr"]["value"], (R / first) ** 0.5 - 1)
    assert close(k["rule_of_40"]["value"], R / prior - 1 + (R - C - O + D) / R)
    monthly = table(js("unit", "--sample"), "unit", "monthly")
    assert len(monthly) == 36 and monthly[0]["period"] == "2023-10"
    sep = monthly[-1]
    rs = s("2026-09", "2026-09", ["revenue"])
    assert close(sep["revenue"], rs)
    assert close(sep["growth_yoy"], rs / s("2025-09", "2025-09", ["revenue"]) - 1)
    assert close(sep["growth_mom"], rs / s("2026-08", "2026-08", ["revenue"]) - 1)


def test_unit_customer_kpis_against_independent_arithmetic():
    k = kpis(js("unit", "--sample"))
    co = pd.read_csv(SAMPLE / "cohorts.csv")
    act = sample_pnl()
    ttm = [months_back("2026-09", i) for i in range(11, -1, -1)]

    def active(p):
        return set(co[co.period == p].customer)
    assert k["customers_active"]["value"] == len(active("2026-09"))
    new = co[co.cohort.isin(ttm)].customer.nunique()
    assert k["new_customers_ttm"]["value"] == new
    rev12 = co[co.period.isin(ttm)].revenue.sum() / 12
    arpu = rev12 / ((len(active("2025-09")) + len(active("2026-09"))) / 2)
    assert close(k["arpu_monthly"]["value"], arpu)
    rates = []
    for p in ttm:
        before, now = active(months_back(p, 1)), active(p)
        rates.append(len(before - now) / len(before))
    churn = sum(rates) / len(rates)
    assert close(k["logo_churn_monthly"]["value"], churn)
    start = co[co.period == "2025-09"].groupby("customer").revenue.sum()
    end = co[co.period == "2026-09"].groupby("customer").revenue.sum()
    start = start[start > 0]
    endv = end.reindex(start.index).fillna(0)
    M = start.sum()
    X = start[endv <= 0].sum()
    Dn = (start - endv)[(endv > 0) & (endv < start)].sum()
    E = (endv - start)[(endv > 0) & (endv >= start)].sum()
    assert close(k["gross_revenue_retention"]["value"], (M - X - Dn) / M)
    assert close(k["net_revenue_retention"]["value"], (M - X - Dn + E) / M)
    sm = act[act.period.isin(ttm) & (act.nature == "sm")].value.sum()
    cac = sm / new
    assert close(k["cac_blended_ttm"]["value"], cac)
    gm = k["gross_margin_ttm"]["value"]
    assert close(k["ltv_simple"]["value"], arpu * gm / churn)
    # payback: months until the margin m (1-c)^(t-1) earned evenly within
    # each month adds up to the CAC
    m, cum, t = arpu * gm, 0.0, 0
    while cum + m * (1 - churn) ** t < cac:
        cum += m * (1 - churn) ** t
        t += 1
    assert close(k["cac_payback_months"]["value"], t + (cac - cum) / (m * (1 - churn) ** t))
    # the pooled (chain-ladder) retention curve: S_{a+1} = S_a * sum of the
    # active counts at a+1 / at a, over the cohorts observed at a+1
    co["age"] = [(pd.Period(p, "M") - pd.Period(c, "M")).n for p, c in zip(co.period, co.cohort)]
    counts = co.groupby(["cohort", "age"]).customer.nunique().unstack(fill_value=0)
    obs = {c: (pd.Period("2026-09", "M") - pd.Period(c, "M")).n + 1 for c in counts.index}
    curve = [1.0]
    for a in range(12):
        rows = [c for c in counts.index if obs[c] > a + 1]
        curve.append(curve[-1] * counts.loc[rows, a + 1].sum() / counts.loc[rows, a].sum())
    for a in (3, 6, 12):
        assert close(k[f"retention_m{a}"]["value"], curve[a])


@needs_lib
def test_unit_cohort_ltv_equals_library():
    k = kpis(js("unit", "--sample"))
    co = pd.read_csv(SAMPLE / "cohorts.csv")
    per = [pd.Period(p, "M").ordinal for p in co.period]
    coh = [pd.Period(p, "M").ordinal for p in co.cohort]
    cust = co.customer.astype("category").cat.codes.tolist()
    out = ffi.new("fpa_cohorts **")
    n = len(co)
    assert lib.fpa_unit_cohorts_from_rows(out, ffi.new("int64_t[]", cust),
                                          ffi.new("int64_t[]", coh), ffi.new("int64_t[]", per),
                                          ffi.new("double[]", co.revenue.tolist()), n,
                                          ffi.NULL) == 0
    try:
        rows, cols = ffi.new("size_t *"), ffi.new("size_t *")
        lib.fpa_unit_cohorts_shape(rows, cols, out[0])
        R, C = rows[0], cols[0]
        sizes, observed = ffi.new("double[]", R), ffi.new("size_t[]", R)
        active = ffi.new("double[]", R * C)
        assert lib.fpa_unit_cohorts_info(ffi.NULL, sizes, observed, R, out[0]) == 0
        assert lib.fpa_unit_cohorts_tables(active, ffi.NULL, R * C, out[0]) == 0
        ret, valid = ffi.new("double[]", R * C), ffi.new("unsigned char[]", R * C)
        assert lib.fpa_unit_cohort_retention(ret, valid, sizes, active, observed, R, C) == 0
        ltv = ffi.new("double *")
        d = 1.1 ** (1 / 12) - 1
        assert lib.fpa_unit_ltv_cohorts(ltv, ret, sizes, observed, R, C,
                                        k["arpu_monthly"]["value"],
                                        k["gross_margin_ttm"]["value"], d, 60, ffi.NULL) == 0
        assert close(k["ltv_cohort"]["value"], ltv[0], rel=1e-12)
        assert close(k["ltv_cac"]["value"], ltv[0] / k["cac_blended_ttm"]["value"], rel=1e-12)
    finally:
        lib.fpa_unit_cohorts_free(out[0])


def test_unit_cash_kpis_against_independent_arithmetic():
    out = js("unit", "--sample")
    k = kpis(out)
    bal = wide_or_long(SAMPLE / "balances.csv").pivot(index="period", columns="series",
                                                      values="value")
    act = sample_pnl()
    rev = act[act.nature == "revenue"].groupby("period").value.sum()
    cash = bal.cash
    months = ["2026-07", "2026-08", "2026-09"]
    net = [cash[months_back(p, 1)] - cash[p] for p in months]
    gross = [bal.ar[months_back(p, 1)] + rev[p] - bal.ar[p] + nb for p, nb in zip(months, net)]
    assert close(k["cash"]["value"], cash["2026-09"])
    assert close(k["net_burn_avg"]["value"], sum(net) / 3)
    assert close(k["gross_burn_avg"]["value"], sum(gross) / 3)
    assert close(k["runway_months"]["value"], cash["2026-09"] / (sum(net) / 3))
    assert close(k["months_of_cash_gross"]["value"], cash["2026-09"] / (sum(gross) / 3))


def test_unit_missing_inputs_are_null_with_a_reason():
    out = js("unit", "--actuals", "good/actuals.csv", "--lines", "good/lines.csv")
    k = kpis(out)
    for m in ("customers_active", "ltv_cohort", "cac_blended_ttm"):
        assert k[m]["value"] is None and k[m]["note"] == "needs --cohorts"
    assert k["runway_months"]["value"] is None and "balances" in k["runway_months"]["note"]
    assert k["revenue_growth_yoy"]["value"] is None and "24 months" in \
        k["revenue_growth_yoy"]["note"]
    assert k["gross_margin_ttm"]["value"] is not None


# ---- review, determinism, golden --------------------------------------------------

def test_review_defaults_to_the_sample():
    assert ok("review", "--format", "json") == ok("review", "--sample", "--format", "json")
    text = ok("review")
    assert text.startswith("Northwind Instruments: monthly review")
    for title in ("Rolling forecast and full-year outlook", "Budget variance",
                  "Unit economics and KPIs", "Working capital and cash"):
        assert f"== {title} ==" in text


def test_review_sections_and_skips():
    out = js("review", "--actuals", "good/actuals.csv", "--lines", "good/lines.csv")
    assert list(out["sections"]) == ["forecast", "unit", "skipped"]
    assert out["sections"]["skipped"]["notes"] == [
        "forecast_accuracy: needs the store of closes (fpa close, fpa review --store)",
        "variance: needs --budget", "working_capital: needs --balances",
        "reconciliation: needs --open-items, --subledgers, --bank and --cashbook, or the store "
        "of closes and --balances", "spend_control: needs --requests"]
    assert "outlook left out: needs --budget" in out["sections"]["forecast"]["notes"]
    out = js("review", "--sections", "unit,forecast")
    assert list(out["sections"]) == ["forecast", "unit"]  # the pack's order
    assert list(js("review")["sections"]) == ["forecast", "variance", "unit", "working_capital",
                                              "reconciliation", "spend_control", "skipped"]


def test_results_do_not_depend_on_threads():
    assert ok("review", "--format", "json", "--threads", "4") == \
        ok("review", "--format", "json", "--threads", "1")


def same(got, want, path="$"):
    if isinstance(want, dict):
        assert isinstance(got, dict) and list(got) == list(want), path
        for key in want:
            if path == "$" and key == "generator":
                continue  # program and library versions
            same(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{path}[{i}]")
    elif isinstance(want, bool) or want is None or isinstance(want, str):
        assert got == want and type(got) is type(want), (path, got, want)
    else:
        assert isinstance(got, (int, float)) and not isinstance(got, bool), path
        assert math.isclose(got, want, rel_tol=1e-12, abs_tol=0.0), (path, got, want)


def test_golden_review_of_the_sample():
    """Fails when any figure of the sample review changes. If the change is
    intended, regenerate the file (docs/cli.md, "Golden report")."""
    same(js("review"), json.loads(GOLDEN.read_text()))


# ---- bad input: one line naming the cell, exit 3, nothing left behind --------------

G = ["--budget", "good/budget.csv", "--lines", "good/lines.csv"]
BAD = [
    (["variance", "--actuals", "bad/nosuch.csv", *G],
     "bad/nosuch.csv: No such file or directory"),
    (["variance", "--actuals", "bad/wrong_header.csv", *G],
     'bad/wrong_header.csv:1:1: unexpected header "serie": expected "series,period,value" '
     '(long) or "period,<series>,..." (wide)'),
    (["variance", "--actuals", "bad/semicolons.csv", *G],
     'bad/semicolons.csv:1:1: unexpected header "series;period;value": expected '
     '"series,period,value" (long) or "period,<series>,..." (wide); fields are separated by '
     'commas'),
    (["variance", "--actuals", "bad/not_a_number.csv", *G],
     'bad/not_a_number.csv:3:3: "12,5x" is not a number'),
    (["variance", "--actuals", "bad/duplicate_period.csv", *G],
     'bad/duplicate_period.csv:5:2: period 2025-01 of "rev.a" repeats line 2'),
    (["variance", "--actuals", "bad/gap.csv", *G],
     'bad/gap.csv:4:2: "rev.a" has no value for 2025-03: the months jump from 2025-02 to '
     '2025-04'),
    (["variance", "--actuals", "bad/wide_gap.csv", *G],
     'bad/wide_gap.csv:3:2: "rev.a" has no value for 2025-02 (an empty cell between its first '
     'and last values)'),
    (["variance", "--actuals", "bad/wide_missing_month.csv", *G],
     "bad/wide_missing_month.csv:3:1: no row for 2025-02: the months jump from 2025-01 to "
     "2025-03"),
    (["variance", "--actuals", "bad/stray_quote.csv", *G],
     "bad/stray_quote.csv:2:3: malformed CSV: a quote inside an unquoted field, or text after "
     "a closing quote"),
    (["variance", "--actuals", "bad/extra_field.csv", *G],
     "bad/extra_field.csv:2:4: expected 3 fields like the header, found 4"),
    (["variance", "--actuals", "bad/bad_period.csv", *G],
     'bad/bad_period.csv:2:2: "2025-13" is not a period (YYYY-MM)'),
    (["variance", "--actuals", "bad/empty.csv", *G], "bad/empty.csv: the file is empty (no header)"),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/unknown_parent.csv"],
     'bad/unknown_parent.csv:4:2: parent "revenu" is not a line id'),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/unknown_parent.json"],
     'bad/unknown_parent.json: nodes[2].parent: parent "revenu" is not a line id'),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/syntax.json"],
     "bad/syntax.json:4:1: invalid JSON: unexpected token near ']'"),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/unknown_nature.csv"],
     'bad/unknown_nature.csv:3:3: unknown nature "income": expected revenue, cogs, opex (or '
     'cost), sm, da'),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/cycle.csv"],
     "bad/cycle.csv:2:2: the parents form a cycle: a -> c -> b -> a"),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "bad/duplicate_id.csv"],
     'bad/duplicate_id.csv:4:1: id "rev.a" repeats line 3'),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "bad/not_a_number.csv",
      "--lines", "good/lines.csv"],
     'bad/not_a_number.csv:3:3: "12,5x" is not a number'),
    (["unit", "--actuals", "good/actuals.csv", "--lines", "good/lines.csv", "--cohorts",
      "bad/two_cohorts.csv"],
     'bad/two_cohorts.csv:4:2: customer "K1" has cohort 2025-02 here but 2025-01 on line 2'),
    (["unit", "--actuals", "good/actuals.csv", "--lines", "good/lines.csv", "--cohorts",
      "bad/before_cohort.csv"],
     "bad/before_cohort.csv:2:3: period 2025-01 is before the customer's cohort 2025-02"),
    (["unit", "--actuals", "good/actuals.csv", "--balances", "bad/unknown_balance.csv"],
     'bad/unknown_balance.csv:1:3: unexpected balance "debt": expected ar, ap, inventory, '
     'cash, fixed_assets'),
    (["review", "--company", "bad/nosuch.json"], "bad/nosuch.json: No such file or directory"),
    (["tvm", "xirr", "--file", "bad/not_a_number.csv"],
     'bad/not_a_number.csv:1:1: unexpected header "series": expected "schedule,date,amount"'),
    (["variance", "--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
      "good/lines.csv", "--as-of", "2025-09"],
     "good/actuals.csv: the actuals end in 2025-06: a review as of 2025-09 needs them to "
     "2025-08"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[m.split(":")[0] + ":" + a[0] for a, m in BAD])
def test_bad_input(args, message, tmp_path):
    r = run(*args)
    assert (r.returncode, r.stdout, r.stderr) == (3, "", f"fpa: {message}\n")
    # nothing half-written: an existing output stays as it was, no debris
    target = tmp_path / "report.json"
    target.write_text("previous report\n")
    r = run(*args, "--format", "json", "--output", target)
    assert r.returncode == 3 and r.stderr.count("\n") == 1
    assert target.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_bad_utf8_and_unknown_line(tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(b"series,period,value\nrev.\xe9,2025-01,1\n")
    r = run("variance", "--actuals", bad, "--budget", "good/budget.csv")
    assert (r.returncode, r.stderr) == (3, f"fpa: {bad}:2:1: the field is not valid UTF-8\n")
    extra = tmp_path / "extra.csv"
    extra.write_text("series,period,value\nrev.a,2025-01,1\nrev.zz,2025-01,2\n")
    r = run("variance", "--actuals", extra, *G)
    assert (r.returncode, r.stderr) == (
        3, f'fpa: {extra}:3:1: line "rev.zz" is not in the chart of lines (good/lines.csv)\n')


def test_messages_stay_on_one_line(tmp_path):
    f = tmp_path / "newline.csv"
    f.write_text('series,period,value\nrev.a,2025-01,"12\n5"\n')
    r = run("variance", "--actuals", f, *G)
    assert (r.returncode, r.stderr) == (3, f'fpa: {f}:2:3: "12\\n5" is not a number\n')
    f.write_text("series,period,value\nrev.a,2025-01," + "9" * 5000 + "x\n")
    r = run("variance", "--actuals", f, *G)
    assert r.returncode == 3 and r.stderr.count("\n") == 1 and r.stderr.endswith("...\n")


def test_a_line_of_two_quotes_is_blank(tmp_path):
    # found by the fuzz target: a line holding only "" then another row
    f = tmp_path / "quotes.csv"
    f.write_text('series,period,value\n""\nrev.a,2025-01,1\n')
    r = run("variance", "--actuals", f, *G)
    assert r.returncode == 0, r.stderr
    f.write_text(',""\n\n0')
    r = run("unit", "--actuals", "good/actuals.csv", "--cohorts", f)
    assert (r.returncode, r.stderr) == (
        3, f'fpa: {f}:1:1: unexpected header "": expected "customer,cohort,period,revenue"\n')


def test_fuzzed_inputs_never_crash(tmp_path):
    """Truncations and byte flips of the good files: every run ends with 0
    or 3 and at most one line on stderr (under ASan: no memory error)."""
    import random
    rnd = random.Random(9)
    srcs = {"actuals": (DATA / "good" / "actuals.csv").read_bytes(),
            "lines": (DATA / "good" / "lines.json").read_bytes(),
            "cohorts": (DATA / "good" / "cohorts.csv").read_bytes()}
    for k in range(60):
        which = list(srcs)[k % 3]
        data = bytearray(srcs[which][:rnd.randrange(1, len(srcs[which]))])
        for _ in range(rnd.randrange(0, 4)):
            data[rnd.randrange(len(data))] = rnd.choice(b',"\n\r;{}[]-.e0\x00\xff')
        f = tmp_path / f"{which}{k}"
        f.write_bytes(bytes(data))
        args = {"actuals": ["--actuals", f, "--budget", "good/budget.csv"],
                "lines": ["--actuals", "good/actuals.csv", "--budget", "good/budget.csv",
                          "--lines", f],
                "cohorts": ["--actuals", "good/actuals.csv", "--cohorts", f]}[which]
        r = run("review", *args, "--format", "json")
        assert r.returncode in (0, 3), (f, r.returncode, r.stderr)
        assert r.stderr.count("\n") == (r.returncode != 0), (f, r.stderr)


# ---- usage, computation and output errors ------------------------------------------

USAGE = [
    ([], None),
    (["frobnicate"], 'no command "frobnicate"; see "fpa --help"'),
    (["variance", "--sample", "--frob"], 'variance: unknown or ambiguous option "--frob"; see '
     '"fpa variance --help"'),
    (["variance", "--sample", "--top"], 'variance: option "--top" needs a value'),
    (["variance", "--sample", "--format", "xml"], '--format: "xml" is not table, csv, json, html or xlsx'),
    (["variance", "--sample", "--window", "ytd,ltm"],
     '--window: "ltm" is not period, qtd, ytd, t3, t12 or outlook'),
    (["variance", "--sample", "--set", "variance.nope=1"],
     '--set: no library option "variance.nope" (list: fpa options)'),
    (["variance", "--sample", "--set", "variance.material_rule=9"], None),
    (["variance", "--actuals", "good/actuals.csv"],
     "variance: needs --actuals and --budget (or --sample)"),
    (["unit", "--sample", "--format", "csv", "--table", "nope"], None),
    (["tvm", "npv", "--rate", "0.1"], "tvm npv: --values is required (NPV(rate; values))"),
    (["tvm", "npv", "--rate", "x", "--values", "1"], 'tvm: --rate: "x" is not a number'),
    (["tvm", "npv", "--rate", "0.1", "--values", "1", "--nper", "3"],
     "tvm npv: no argument --nper (it takes: NPV(rate; values))"),
    (["tvm", "xirr", "--dates", "2024-01-01,2024-07-01", "--amounts", "-1,2",
      "--day-count", "30/360"], 'tvm: --day-count: "30/360" names no day-count basis; expected ACT/365F, ACT/360, '
     'ACT/365.25, ACT/ACT ISDA, 30/360 US, 30E/360 or NL/365'),
    (["tvm", "npv", "--rate", "0.1", "--values", "1", "--day-count", "ACT/360"],
     "tvm npv: no argument --day-count (it takes: NPV(rate; values))"),
    (["tvm", "xirr", "--dates", "2024-3-5,2024-07-01", "--amounts", "-1,2"],
     'tvm: --dates: "2024-3-5" is not a date (YYYY-MM-DD)'),
    (["tvm", "xirr", "--dates", "2024-02-30", "--amounts", "1"],
     'tvm: --dates: "2024-02-30" is not a date (YYYY-MM-DD)'),
    (["tvm", "zzz"], 'tvm: no function "zzz"; see "fpa tvm --help"'),
    (["review", "--sample", "--company", "good/company.json"],
     "--sample and --company cannot be used together"),
]


@pytest.mark.parametrize("args,message", USAGE)
def test_usage_errors(args, message):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == ""
    if message is None:
        assert r.stderr.strip() and (not args or r.stderr.count("\n") == 1)
    else:
        assert r.stderr == f"fpa: {message}\n"


def test_computation_error():
    r = run("tvm", "irr", "--values", "1,2,3")
    assert r.returncode == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert r.stderr.startswith("fpa: tvm irr: ") and r.stderr.endswith("(FPA_ENOCONV)\n")


def test_output_file_is_complete_and_atomic(tmp_path):
    target = tmp_path / "v.csv"
    ok("variance", "--sample", "--format", "csv", "--table", "lines", "--output", target)
    assert target.read_text() == ok("variance", "--sample", "--format", "csv", "--table", "lines")
    assert [p.name for p in tmp_path.iterdir()] == ["v.csv"]
    assert oct(target.stat().st_mode & 0o777) != "0o600"  # not mkstemp's mode


def test_output_errors(tmp_path):
    r = run("variance", "--sample", "--output", tmp_path / "no" / "such" / "dir.json")
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "No such file" in r.stderr
    with open("/dev/full", "w") as full:
        r = subprocess.run([FPA, "review"], stdout=full, stderr=subprocess.PIPE, text=True,
                           env=child_env())
    assert r.returncode == 4 and r.stderr == "fpa: standard output: No space left on device\n"


def test_csv_tables_have_the_documented_columns():
    want = {
        "variance.lines": "window,from,to,line,name,parent,level,nature,budget,actual,variance,"
                          "variance_pct,prior_year,direction,material",
        "variance.drilldown": "node,node_name,rank,line,name,budget,actual,contribution,share,"
                              "material",
        "variance.largest_gaps": "root,rank,line,name,nature,budget,actual,variance,"
                                 "variance_pct,impact,share,material",
        "unit.kpis": "metric,value,unit,basis,note",
        "unit.trends": "period,revenue,revenue_ma3,revenue_ma12,gross_margin,gross_margin_ma3,"
                       "gross_margin_ma12,ebitda_margin,ebitda_margin_ma3,ebitda_margin_ma12,"
                       "active_customers,active_customers_ma3,active_customers_ma12",
        "unit.monthly": "period,revenue,cogs,opex,gross_margin,operating_income,"
                        "operating_margin,ebitda,ebitda_margin,opex_ratio,growth_mom,growth_yoy,"
                        "new_customers,active_customers,cash,net_burn,gross_burn",
        "unit.cohort_summary": "cohort,size,observed_months,retention_m3,retention_m6,"
                               "retention_m12,revenue_retention_m12",
        "unit.cohorts": "cohort,age,period,size,active,retention,revenue,revenue_retention",
        "unit.retention_curve": "age,retention",
        "forecast.revenue": "line,name,period,forecast,lower_80,upper_80,lower_95,upper_95,"
                            "prior_year",
        "forecast.rolling": "line,name,kind,period,horizon,forecast,lower_80,upper_80,"
                            "lower_95,upper_95",
        "forecast.models": "line,name,kind,nature,model,observations,last_12,next_12,growth,"
                           "status,detail",
        "forecast.outlook": "line,name,level,nature,budget,actual,forecast,outlook,variance,"
                            "variance_pct,prior_year,direction,material",
        "working_capital.metrics": "period,days,revenue,cogs,ar,inventory,ap,nwc,dso,dio,dpo,"
                                   "ccc,cash,other_cash",
        "working_capital.drivers": "period,days,revenue,cogs,dso,dio,dpo,other_cash,"
                                   "revenue_lower_80,revenue_upper_80,cogs_lower_80,"
                                   "cogs_upper_80",
        "working_capital.cash": "period,net_cash,cash,cash_p5,cash_p50,cash_p95,"
                                "breach_probability",
        "working_capital.scenarios": "scenario,changes,ending_cash,cash_vs_base,min_cash,"
                                     "min_cash_period,ending_nwc,funding_gap,breach_period,"
                                     "runway_months",
        "working_capital.projection": "scenario,period,ar,inventory,ap,nwc,collections,"
                                      "payments,net_cash,cash",
        "working_capital.cash_at_risk": "scenario,paths,cash_floor,breach_probability,"
                                        "min_cash_p5,min_cash_p50,ending_cash_p5,"
                                        "ending_cash_p50,ending_cash_p95,ending_cash_mean,"
                                        "cash_at_risk_95,clamped_draws",
        "working_capital.goal_seek": "target,driver,value,base,note",
    }
    review = js("review")
    for name, header in want.items():
        out = ok("review", "--format", "csv", "--table", name)
        assert out.splitlines()[0] == header, name
        # and the same rows as the JSON table
        sec, tab = name.split(".")
        rows = list(csv.DictReader(out.splitlines()))
        assert len(rows) == len(table(review, sec, tab))
    assert ok("tvm", "npv", "--rate", "0.1", "--values", "1", "--format", "csv") \
        .splitlines()[0] == "function,value"
