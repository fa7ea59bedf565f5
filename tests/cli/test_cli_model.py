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
    assert out.startswith("usage: fpa model run")
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
     ["not the first day of a period"]),
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
