# SPDX-License-Identifier: GPL-3.0-or-later
"""The review pack as a finance team opens it: the HTML page in a real
browser (Debian's chromium, headless), the XLSX workbook read back with
openpyxl, CSV of every table, and the writers' number formats.

Every figure here is compared with the JSON pack of the same run (the
program's machine output, itself held to the golden file and to the
independent checks of test_cli.py), or with the text pack for what a person
reads: the HTML tables show the text pack's numbers.
"""
import csv
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

from test_cli import FPA, child_env, js, ok, run, table

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                    "(.ci/setup installs it)")


def chromium(args, url, tmp):
    """One headless run, in a fresh profile, with nothing fetched from the
    network; returns its stderr (the console log)."""
    prof = tempfile.mkdtemp(dir=tmp)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={prof}", "--enable-logging=stderr", "--v=0",
           *args, url]
    env = child_env()  # no sanitizer runtime preloaded into the browser
    env.pop("ASAN_OPTIONS", None)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def console_errors(log):
    """Console messages of the page (chromium logs them as CONSOLE(...)),
    and failed loads."""
    return [l for l in log.splitlines()
            if "CONSOLE" in l or "net::ERR" in l or "Failed to load" in l]


class Tables(html.parser.HTMLParser):
    """The page's tables: id -> rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.cur = self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.cur is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.cur.append(self.row)
            self.row = None
        elif tag == "table":
            self.cur = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("html")
    out = d / "review.html"
    ok("review", "--format", "html", "--output", out)
    return out


def test_html_is_self_contained(page):
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "@import" not in text and "url(" not in text
    assert " src=" not in text and "<link" not in text
    # the only address is the SVG namespace, which is a name, not a fetch
    assert set(re.findall(r"https?://[^'\" >]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "@media print" in text and "@page" in text


def test_html_has_the_figures(page):
    text = page.read_text()
    for fig in ("fan.revenue", "bridge.company", "drill.company", "trend.revenue",
                "trend.gross_margin", "cash_path", "days"):
        assert f"id='fig-{fig}'" in text, fig
    # the bridge: favourable and unfavourable by the variance module's flags
    bridge = text[text.index("id='fig-bridge.company'"):]
    bridge = bridge[:bridge.index("</figure>")]
    review = js("review")
    ytd = [r for r in table(review, "variance", "lines") if r["window"] == "ytd"]
    kids = {r["name"]: r["direction"] for r in ytd if r["parent"] == "company"}
    colour = {"favourable": "#2e7d32", "unfavourable": "#c62828"}
    for name, direction in kids.items():
        bar = re.search(r"fill='(#[0-9a-f]+)'><title>" + re.escape(name) + ":", bridge)
        assert bar and bar.group(1) == colour[direction], (name, direction)


def test_html_tables_keep_the_text_numbers(page):
    p = Tables()
    p.feed(page.read_text())
    kpis = p.tables["t-kpis"]
    text = ok("review", "--table", "unit.kpis").splitlines()
    body = text[[i for i, l in enumerate(text) if l.startswith("---")][0] + 1:]
    rows = [re.split(r"  +", l.strip()) for l in body if l.strip()]
    html_rows = {r[0]: r[1] for r in kpis[1:]}
    assert len(html_rows) == len(rows)
    for r in rows:
        assert html_rows[r[0]] == r[1], r[0]


@needs_chromium
def test_html_in_a_browser(page, tmp_path):
    from PIL import Image
    shot = tmp_path / "shot.png"
    r = chromium(["--window-size=1280,2400", f"--screenshot={shot}"], page.as_uri(), tmp_path)
    assert shot.exists(), r.stderr[-2000:]
    assert console_errors(r.stderr) == []
    im = Image.open(shot).convert("RGB")
    small = im.resize((128, 240))
    colours = set(small.getdata())
    ink = sum(1 for px in small.getdata() if sum(px) < 600)
    assert len(colours) > 50 and ink > 0.02 * 128 * 240, "the screenshot is blank"
    # the DOM the browser built: the key figures are there
    r = chromium(["--dump-dom"], page.as_uri(), tmp_path)
    dom = r.stdout
    assert console_errors(r.stderr) == []
    review = js("review")
    kpi = {k["metric"]: k["value"] for k in table(review, "unit", "kpis")}
    risk = table(review, "working_capital", "cash_at_risk")[0]
    for v in (kpi["revenue_ttm"], kpi["ebitda_ttm"], risk["cash_at_risk_95"],
              risk["ending_cash_p50"]):
        assert f"{v:,.0f}" in dom, v
    assert dom.count("<svg") >= 15 and "Northwind Instruments: monthly review" in dom


@needs_chromium
def test_console_errors_are_caught(tmp_path):
    """The check itself: a page that fails to load a resource is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><img src='http://127.0.0.1:9/x.png'><script>"
                   "console.error('boom')</script>")
    r = chromium(["--dump-dom"], bad.as_uri(), tmp_path)
    assert console_errors(r.stderr)


# ---- the workbook ----------------------------------------------------------------------

def test_xlsx_matches_the_json_pack(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "review.xlsx"
    ok("review", "--format", "xlsx", "--output", book)
    review = js("review")
    wb = openpyxl.load_workbook(book)
    names = [f"{s}.{t}" for s, sec in review["sections"].items() for t in sec["tables"]]
    assert wb.sheetnames[:3] == ["contents", "charts", "figure data"]
    assert wb.sheetnames[3:] == [n[:31] for n in names]  # Excel's limit
    for name in names:
        ws = wb[name[:31]]
        rows = table(review, *name.split("."))
        header = [c.value for c in ws[1]]
        assert header == list(rows[0].keys()) if rows else True, name
        assert ws.freeze_panes == "A2", name
        for i, want in enumerate(rows):
            got = [c.value for c in ws[i + 2]]
            for (k, w), g in zip(want.items(), got):
                if isinstance(w, bool) or w is None or isinstance(w, str):
                    assert g == w or (w == "" and g is None), (name, i, k)
                else:
                    assert isinstance(g, (int, float)) and abs(g - w) <= 1e-9 * max(1, abs(w)), \
                        (name, i, k, g, w)
    # number formats and widths
    ws = wb["unit.kpis"]
    lines = wb["variance.lines"]
    assert lines["I2"].number_format == "#,##0" and lines["L2"].number_format == "0.0%"
    assert lines.column_dimensions["E"].width >= len("Northwind Instruments (operating income)")
    # native charts: the bridge, the forecast fans, the cash path
    charts = wb["charts"]._charts
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert any("budget to actual" in t for t in titles)
    assert any("Revenue: forecast" in t for t in titles)
    assert any(t.startswith("Cash: actual, projected") for t in titles)
    assert len(charts) == len(re.findall(r"id='fig-", ok("review", "--format", "html")))


def test_xlsx_not_to_a_terminal():
    import pty
    master, slave = pty.openpty()
    r = subprocess.run([FPA, "review", "--format", "xlsx"], stdout=slave, stderr=subprocess.PIPE,
                       text=True, env=child_env())
    os.close(slave)
    os.close(master)
    assert r.returncode == 2 and "not for a terminal" in r.stderr


# ---- CSV of every table, and the number formats -------------------------------------

def test_csv_writes_every_table(tmp_path):
    out = tmp_path / "pack"
    ok("review", "--format", "csv", "--output", out)
    review = js("review")
    names = sorted(f"{s}.{t}.csv" for s, sec in review["sections"].items() for t in sec["tables"])
    assert sorted(p.name for p in out.iterdir()) == names
    for s, sec in review["sections"].items():
        for t, rows in sec["tables"].items():
            got = list(csv.DictReader(open(out / f"{s}.{t}.csv")))
            assert len(got) == len(rows), (s, t)
    r = run("review", "--format", "csv")
    assert r.returncode == 2 and r.stdout == ""
    ntables = sum(len(sec["tables"]) for sec in review["sections"].values())
    assert r.stderr.startswith(f"fpa: --format csv: this report has {ntables} tables; give "
                               "--table NAME")


def test_csv_money_to_the_cent_and_fractions_to_six_decimals():
    out = ok("review", "--format", "csv", "--table", "unit.monthly")
    rows = list(csv.DictReader(out.splitlines()))
    review = {r["period"]: r for r in table(js("review"), "unit", "monthly")}
    for r in rows:
        assert re.fullmatch(r"-?\d+\.\d\d", r["revenue"]), r["revenue"]
        assert re.fullmatch(r"-?\d+\.\d{6}", r["gross_margin"]), r["gross_margin"]
        want = review[r["period"]]
        assert r["revenue"] == f"{want['revenue']:.2f}"
        assert r["gross_margin"] == f"{want['gross_margin']:.6f}"


def test_json_keeps_full_precision():
    text = ok("review", "--format", "json")
    # 17 significant digits survive: a value with float noise reads back exactly
    review = json.loads(text)
    act = [r["actual"] for r in table(review, "variance", "lines")]
    assert any(len(repr(a)) > 12 for a in act)
