# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of `fpa model run`: the planning model's statements, checks and
scenarios from the JSON model file (docs/model.md).

Truth comes from outside the program:
- tests/ref/model_expected.csv: the sample company's model
  (src/cli/sample/model.json) written as spreadsheet formulas and
  recalculated by LibreOffice Calc and gnumeric (tests/ref/make_model_ref.py;
  version 0 the base, 1 the scenario "ten more engineers"), every line of
  every period; reused here, not regenerated;
- the library through the Python binding (fpa.Model.from_json, its own
  JSON reader in bindings/python/fpa/model.py, and fpa.Model.compare) on
  the same files: an independent path from the file to the numbers;
  skipped when the binding is not built;
- properties: variance = scenario - base, assets = liabilities + equity.
"""
import json
import math

import pytest

from test_cli import SAMPLE, SRC, js, ok, run, table

try:
    import fpa
except ImportError:  # the binding is not built (FPA_BUILD_PYTHON=OFF)
    fpa = None
needs_binding = pytest.mark.skipif(fpa is None, reason="the Python binding is not built")

MODEL = SAMPLE / "model.json"
SCENARIOS = SAMPLE / "model_scenarios.json"
REF = SRC / "tests" / "ref" / "model_expected.csv"
STATEMENTS = {"income": "is.", "balance": "bs.", "cash_flow": "cf."}


def refs():
    out = {}
    with open(REF) as f:
        for row in f:
            if row.startswith("#") or row.startswith("key,"):
                continue
            key, lo, gn = row.rstrip("\n").split(",")
            out[key] = (float(lo), float(gn))
    return out


def near(got, want, rel=1e-11, abs_=1e-6):
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


@pytest.fixture(scope="module")
def report():
    return js("model", "run", MODEL, "--scenarios", SCENARIOS)


def periods(rows):
    return [k for k in rows[0] if k != "line"]


def test_sample_option_is_the_sample_files(report):
    assert js("model", "run", "--sample")["sections"] == report["sections"]


def test_statements_match_the_spreadsheets(report):
    want = refs()
    stmt = {k.split("|")[1] for k in want if k.startswith("0|") and k.split("|")[1][:3] in
            ("is.", "bs.", "cf.")}
    seen = set()
    for name, prefix in STATEMENTS.items():
        rows = table(report, "statements", name)
        assert rows and all(r["line"].startswith(prefix) for r in rows)
        for row in rows:
            for t, p in enumerate(periods(rows)):
                lo, gn = want[f"0|{row['line']}|{t}"]
                assert near(row[p], lo) and near(row[p], gn), (row["line"], p)
            assert len(periods(rows)) == 36
            seen.add(row["line"])
    assert seen == stmt  # every statement line of the spreadsheets, every period
    assert periods(table(report, "statements", "income"))[0] == "2026-10"


def test_scenario_matches_the_spreadsheets(report):
    want = refs()
    rows = [r for r in table(report, "scenarios", "compare")
            if r["scenario"] == "ten more engineers"]
    labels = periods(table(report, "statements", "income"))
    assert len(rows) > 36 * 40
    for r in rows:
        t = labels.index(r["period"])
        lo, gn = want[f"1|{r['line']}|{t}"]
        assert near(r["value"], lo) and near(r["value"], gn), (r["line"], r["period"])
        b_lo, _ = want[f"0|{r['line']}|{t}"]
        assert near(r["base"], b_lo)
        assert near(r["variance"], r["value"] - r["base"], abs_=1e-6)


@needs_binding
def test_statements_equal_the_binding(report):
    m = fpa.Model.from_json(str(MODEL))
    st = m.statements()
    for name, frame in (("income", st["income"]), ("balance", st["balance"]),
                        ("cash_flow", st["cash_flow"])):
        rows = table(report, "statements", name)
        assert [r["line"] for r in rows] == list(frame.columns)
        for r in rows:
            for p in periods(rows):
                assert r[p] == pytest.approx(frame.loc[p, r["line"]], rel=1e-15, abs=0), \
                    (r["line"], p)


@needs_binding
def test_compare_equals_the_binding(report):
    m = fpa.Model.from_json(str(MODEL))
    scns = m.load_scenarios(str(SCENARIOS))
    rows = table(report, "scenarios", "compare")
    assert {r["scenario"] for r in rows} == set(scns)
    for name, s in scns.items():
        c = m.compare(None, s)
        value = m.evaluate(s)
        for r in (r for r in rows if r["scenario"] == name):
            p, line = r["period"], r["line"]
            assert r["value"] == pytest.approx(value.loc[p, line], rel=1e-15, abs=0)
            assert r["variance"] == pytest.approx(c["variance"].loc[p, line], rel=1e-15, abs=0)
            fav = {1: "favourable", -1: "unfavourable", 0: ""}[int(c["favourable"].loc[p, line])]
            assert r["favourable"] == fav, (name, line, p)
            pct = c["pct"].loc[p, line]
            assert (r["pct"] is None) if not math.isfinite(pct) else near(r["pct"], pct), \
                (name, line, p)


def test_checks_balance(report):
    rows = table(report, "checks", "checks")
    assert len(rows) == 36
    for r in rows:
        assert abs(r["balance_check"]) <= 0.005 and abs(r["cash_check"]) <= 0.005
        assert near(r["total_assets"], r["total_liabilities_equity"], abs_=0.005)
        assert near(r["net_cash_flow"], r["change_in_cash"], abs_=0.005)
    # a revenue-like line up, a cost line up: the variance module's natures
    faster = [r for r in table(report, "scenarios", "compare")
              if r["scenario"] == "collect 5 days faster" and r["line"] == "bs.cash"]
    assert all(r["favourable"] == "favourable" for r in faster if r["variance"] > 0.005)


def test_periods_option(report):
    out = js("model", "run", "--sample", "--periods", "2027-01:2027-03")
    rows = table(out, "statements", "balance")
    assert periods(rows) == ["2027-01", "2027-02", "2027-03"]
    full = {r["line"]: r for r in table(report, "statements", "balance")}
    for r in rows:
        assert all(r[p] == full[r["line"]][p] for p in periods(rows))
    assert len(table(out, "checks", "checks")) == 3
    assert periods(table(js("model", "run", "--sample", "--periods", "2029-08:"),
                         "statements", "income")) == ["2029-08", "2029-09"]


def test_text_shows_the_statements_and_each_scenario():
    out = ok("model", "run", "--sample", "--periods", "2026-10:2026-12")
    for word in ("Income statement", "Balance sheet", "Cash-flow statement", "is.net_income",
                 "bs.total_liabilities_equity", "collect 5 days faster: scenario - base",
                 "ten more engineers: scenario - base"):
        assert word in out
    assert "2027-01" not in out


def test_xlsx_reads_back(tmp_path, report):
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "model.xlsx"
    ok("model", "run", "--sample", "--format", "xlsx", "--output", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["statements.income"]
    rows = table(report, "statements", "income")
    assert [c.value for c in ws[1]] == list(rows[0].keys())
    for i, r in enumerate(rows):
        got = [c.value for c in ws[i + 2]]
        assert got[0] == r["line"]
        assert all(abs(g - w) <= 1e-9 * max(1, abs(w)) for g, w in zip(got[1:], list(r.values())[1:]))
    assert "scenarios.compare" in wb.sheetnames


def test_csv_and_html(tmp_path):
    csv = ok("model", "run", "--sample", "--format", "csv", "--table", "checks")
    assert csv.splitlines()[0].startswith("period,total_assets")
    assert len(csv.splitlines()) == 37
    html = ok("model", "run", "--sample", "--format", "html")
    assert "Income statement" in html and "ten more engineers" in html


def test_help():
    out = ok("model", "--help")
    assert out.startswith("usage: fpa model run|table|mc")
    assert "Exit status:" in out and "--scenarios" in out and "--periods" in out
    assert ok("help", "model") == out
    assert "model" in ok("--help")


def write(tmp_path, name, doc):
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return p


def small(lines, **extra):
    return {"periods": 3, "start": "2026-01", "lines": lines, **extra}


@pytest.mark.parametrize("doc, code, words", [
    ("{\"periods\": 3,", 3, ["invalid JSON", ":1:"]),
    ([1, 2], 3, ["expected an object"]),
    (small([{"name": "a", "rel": "sum", "of": ["b"]}, {"name": "b", "rel": "sum", "of": ["a"]}]),
     3, ["cycle", "a -> b -> a"]),
    (small([{"name": "a", "rel": "sum", "of": ["nope"]}]), 3, ["\"a\"", "\"nope\""]),
    (small([{"name": "x", "input": 1}, {"name": "a", "rel": "ratio", "of": ["x"]}]), 3,
     ["lines[1] (a)", "2 inputs"]),
    (small([{"name": "x", "input": [1, 2]}]), 3, ["lines[0] (x)", "3 periods"]),
    (small([{"name": "x", "input": 1}, {"name": "a", "rel": "frob", "of": ["x"]}]), 3,
     ["lines[1] (a)", "\"frob\""]),
    (small([{"name": "x", "input": "ten"}]), 3, ["lines[0] (x)", "number"]),
    (small([{"name": "x", "input": 1, "colour": "red"}]), 3, ["unexpected key \"colour\""]),
    (small([{"name": "x", "input": 1}], links={"revenue": "x", "wages": "x"}), 3,
     ["links.wages", "\"wages\""]),
    (small([{"name": "x", "input": 1}], start="2026-13"), 3, ["start"]),
    ({"start": "2026-01", "lines": []}, 3, ["periods"]),
    (small([{"name": "x", "input": 1, "floor": 2}]), 1, ["x", "period"]),
])
def test_bad_models(tmp_path, doc, code, words):
    r = run("model", "run", write(tmp_path, "m.json", doc))
    assert r.returncode == code, r.stderr
    assert r.stdout == "" and r.stderr.count("\n") == 1 and r.stderr.startswith("fpa: ")
    for w in words:
        assert w in r.stderr, r.stderr


@pytest.mark.parametrize("doc, words", [
    ({"scenarios": [{"name": "s", "changes": [{"line": "nope", "op": "add", "value": 1}]}]},
     ["scenarios[0].changes[0] (nope)", "no line"]),
    ({"scenarios": [{"name": "s", "changes": [{"line": "dso", "op": "pow", "value": 1}]}]},
     ["\"pow\""]),
    ({"scenarios": [{"name": "s", "changes": [{"line": "dso", "op": "add", "value": 1,
                                               "from": "2026-10-15"}]}]},
     ["first day of a period"]),
    ({"scenarios": [{"name": "s", "changes": [{"line": "is.revenue", "op": "add",
                                               "value": 1}]}]}, ["is.revenue"]),
    ({"scenarios": [{"name": "s", "series": {"dso": [1, 2]}}]}, ["series.dso"]),
    ({"scenarios": {}}, ["scenarios", "array"]),
])
def test_bad_scenarios(tmp_path, doc, words):
    r = run("model", "run", "--sample", "--scenarios", write(tmp_path, "s.json", doc))
    assert r.returncode == 3, r.stderr
    assert r.stdout == "" and r.stderr.count("\n") == 1
    for w in words:
        assert w in r.stderr, r.stderr


@pytest.mark.parametrize("args, words", [
    (["model"], ["subcommand"]),
    (["model", "fly"], ["\"fly\""]),
    (["model", "run"], ["model file"]),
    (["model", "run", "--sample", MODEL], ["model file"]),
    (["model", "run", "--sample", "--periods", "2030-01"], ["no period", "2026-10 to 2029-09"]),
    (["model", "run", "--sample", "--periods", "soon"], ["\"soon\""]),
])
def test_bad_command_lines(args, words):
    r = run(*args)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    for w in words:
        assert w in r.stderr, r.stderr


def test_missing_file(tmp_path):
    r = run("model", "run", tmp_path / "none.json")
    assert r.returncode == 3 and "none.json" in r.stderr and r.stderr.count("\n") == 1


# ---- fpa model table ------------------------------------------------------------------

ENGINEERS = ["--rows", "heads.rnd.software:add:0,6:2027-01",
             "--cols", "heads.rnd.cloud:add:0,4:2027-04"]


@pytest.mark.parametrize("line", ["bs.cash", "is.net_income", "bs.revolver"])
def test_table_corners_are_the_spreadsheets(line):
    """Rows 0/6 software engineers from 2027-01, columns 0/4 cloud engineers
    from 2027-04: cell (0, 0) is the base, cell (6, 4) the scenario "ten more
    engineers" of tests/ref/model_expected.csv, in the last period (35)."""
    want = refs()
    out = js("model", "table", "--sample", "--line", line, *ENGINEERS)
    rows = table(out, "sensitivity", "table")
    assert [r["heads.rnd.software add"] for r in rows] == [0, 6]
    assert list(rows[0])[1:] == ["heads.rnd.cloud add 0", "heads.rnd.cloud add 4"]
    for v, (cell, row, col) in enumerate([(0, 0, 1), (1, 1, 2)]):
        lo, gn = want[f"{cell}|{line}|35"]
        got = list(rows[row].values())[col]
        assert near(got, lo) and near(got, gn), (line, cell)
    assert out["parameters"]["period"] == "2029-09"


@needs_binding
def test_table_equals_the_binding():
    m = fpa.Model.from_json(str(MODEL))
    rows_v, cols_v = [-10, -5, 0, 5, 10], [0.97, 1.0, 1.03]
    want = m.table(("dso", "add", rows_v, "2026-11"), "bs.cash",
                   ("price.sensors", "mul", cols_v, "2027-01"))
    out = js("model", "table", MODEL, "--line", "bs.cash", "--rows", "dso:add:-10,-5,0,5,10:1",
             "--cols", "price.sensors:mul:0.97,1,1.03:2027-01", "--threads", "2")
    rows = table(out, "sensitivity", "table")
    for i, r in enumerate(rows):
        assert list(r.values())[1:] == list(want.iloc[i])  # to the bit
    one = table(js("model", "table", MODEL, "--line", "bs.cash", "--rows",
                   "dso:add:-10,-5,0,5,10:2026-11"), "sensitivity", "table")
    assert [r["bs.cash"] for r in one] == list(want.iloc[:, 1])


def test_table_on_a_scenario_is_the_scenario_run(tmp_path, report):
    """The cell with no change is the scenario's own last period (fpa model run)."""
    out = js("model", "table", "--sample", "--scenario", "collect 5 days faster",
             "--line", "bs.cash", "--rows", "dso:add:0,1")
    cell = table(out, "sensitivity", "table")[0]["bs.cash"]
    run_ = [r for r in table(report, "scenarios", "compare")
            if r["scenario"] == "collect 5 days faster" and r["line"] == "bs.cash"
            and r["period"] == "2029-09"]
    assert cell == run_[0]["value"]


@pytest.mark.parametrize("args, code, words", [
    (["--line", "bs.cash"], 2, ["--rows"]),
    (["--rows", "dso:add:1,2"], 2, ["--line"]),
    (["--line", "nope", "--rows", "dso:add:1,2"], 2, ["nope"]),
    (["--line", "bs.cash", "--rows", "dso:pow:1,2"], 2, ["\"pow\""]),
    (["--line", "bs.cash", "--rows", "dso:add:1,x"], 2, ["\"1,x\""]),
    (["--line", "bs.cash", "--rows", "dso:add"], 2, ["LINE:OP:V1,V2"]),
    (["--line", "bs.cash", "--rows", "dso:add:1:2026-10-15"], 2, ["2026-10-15"]),
    (["--line", "bs.cash", "--rows", "is.revenue:add:1,2"], 2, ["is.revenue"]),
    (["--line", "bs.cash", "--rows", "dso:add:1", "--scenario", "nope"], 2, ["\"nope\""]),
])
def test_table_bad_arguments(args, code, words):
    """Values of the command line that the program or the library refuses:
    exit status 2, one line naming the value."""
    r = run("model", "table", "--sample", *args)
    assert r.returncode == code and r.stderr.count("\n") == 1, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


# ---- fpa model mc ---------------------------------------------------------------------

@needs_binding
def test_mc_equals_the_binding():
    m = fpa.Model.from_json(str(MODEL))
    mc = (m.monte_carlo().add("dso", "add", "normal", [0, 3])
          .add("price.sensors", "mul", "pert", [0.9, 1.0, 1.05], "2027-01", "once"))
    mc.output("bs.cash", threshold=1.5e6).output("is.net_income")
    res = mc.run(3000, seed=7, threads=1)
    out = js("model", "mc", MODEL, "--vary", "dso:add:normal:0,3",
             "--vary", "price.sensors:mul:pert:0.9,1,1.05:2027-01:once",
             "--line", "bs.cash", "--line", "is.net_income", "--paths", "3000",
             "--percentiles", "1,50,99", "--below", "1500000", "--set", "seed=7",
             "--threads", "2")
    rows = table(out, "monte_carlo", "percentiles")
    assert len(rows) == 72 and list(rows[0]) == ["line", "period", "mean", "p1", "p50", "p99",
                                                "share_below"]
    below = res.below("bs.cash")
    for r in rows:
        t = r["period"]
        assert r["mean"] == res.quantile(r["line"], None, t)
        for k, p in (("p1", 0.01), ("p50", 0.5), ("p99", 0.99)):
            assert r[k] == res.quantile(r["line"], p, t), (r["line"], t, k)
        if r["line"] == "bs.cash":
            assert r["share_below"] == pytest.approx(below.loc[t] if hasattr(below, "loc")
                                                     else below[m.period(t)], abs=0)


def test_mc_percentiles_of_a_normal_input_against_R():
    """A once-per-path normal shift of price.sensors (250 + N(0, 10)) read
    back on the line itself: its percentiles are 250 + 10 qnorm(p) (R 4:
    qnorm(c(0.05, 0.5, 0.95)) = -1.644854, 0, 1.644854), within four
    standard errors of a sample quantile of 100,000 paths (0.07 at p =
    0.05: sqrt(p (1 - p) / n) / dnorm(qnorm(p)) * 10)."""
    out = js("model", "mc", "--sample", "--vary", "price.sensors:add:normal:0,10:once",
             "--line", "price.sensors", "--paths", "100000")
    rows = table(out, "monte_carlo", "percentiles")
    for r in rows:
        assert abs(r["p5"] - (250 - 16.44854)) < 0.3
        assert abs(r["p50"] - 250) < 0.3
        assert abs(r["p95"] - (250 + 16.44854)) < 0.3
        assert abs(r["mean"] - 250) < 0.15
    assert rows[0]["p5"] == rows[-1]["p5"]  # once per path: the same draw every period


@pytest.mark.parametrize("args, code, words", [
    (["--line", "bs.cash"], 2, ["--vary"]),
    (["--vary", "dso:add:normal:0,3"], 2, ["--line"]),
    (["--line", "bs.cash", "--vary", "dso:add:cauchy:0,3"], 2, ["\"cauchy\""]),
    (["--line", "bs.cash", "--vary", "nope:add:normal:0,3"], 2, ["nope"]),
    (["--line", "bs.cash", "--vary", "dso:add:normal:0"], 2, ["dso"]),
    (["--line", "bs.cash", "--vary", "dso:add:normal:0,-3"], 2, ["dso"]),
    (["--line", "bs.cash", "--vary", "dso:add:normal:0,3:soon"], 2, ["\"soon\""]),
    (["--line", "bs.cash", "--line", "bs.cash", "--vary", "dso:add:normal:0,3"], 2, ["twice"]),
    (["--line", "bs.cash", "--vary", "dso:add:normal:0,3", "--paths", "0"], 2, ["--paths"]),
    (["--line", "bs.cash", "--vary", "dso:add:normal:0,3", "--percentiles", "150"], 2,
     ["150"]),
])
def test_mc_bad_arguments(args, code, words):
    r = run("model", "mc", "--sample", *args)
    assert r.returncode == code and r.stderr.count("\n") == 1, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr
