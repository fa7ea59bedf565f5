# SPDX-License-Identifier: GPL-3.0-or-later
"""The monthly close of record (issue 20): fpa close and fpa review --store.

Expected figures come from the input files with pandas arithmetic, or from
examples worked by hand in the comments (aging, spend control, tie-outs);
the store is read back with Python's own sqlite3 module.
"""
import os
import stat
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import pandas as pd
import pytest

from test_cli import DATA, FPA, child_env, js, ok, run, table

GOOD = ["--actuals", "good/actuals.csv", "--budget", "good/budget.csv", "--lines",
        "good/lines.csv", "--balances", "good/balances.csv"]
FAST = ["--method", "naive", "--paths", "200"]


def close(db, month, *more, check=True):
    r = run("close", "--store", db, "--month", month, *GOOD, *FAST, *more)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def months(first, n):
    p = pd.Period(first, "M")
    return [str(p + k) for k in range(n)]


# ---- the pack of record ----------------------------------------------------------------

def test_review_store_reproduces_the_close_byte_for_byte(tmp_path):
    db = tmp_path / "acme.db"
    for m in months("2025-01", 4):
        close(db, m, "--format", "json", "--output", tmp_path / f"{m}.json")
    html = tmp_path / "2025-05.html"
    close(db, "2025-05", "--format", "html", "--output", html)
    for m in months("2025-01", 4):
        again = ok("review", "--store", db, "--month", m, "--format", "json")
        assert again == (tmp_path / f"{m}.json").read_text(), m
    assert ok("review", "--store", db, "--format", "html") == html.read_text()
    # any format of a past close: the text of 2025-03 as its JSON says
    text = ok("review", "--store", db, "--month", "2025-03")
    assert "last_closed: 2025-03" in text and "as_of: 2025-04" in text


def test_a_closed_month_is_immutable(tmp_path):
    db = tmp_path / "acme.db"
    close(db, "2025-03")
    r = close(db, "2025-03", check=False)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "2025-03 is closed; to close it again, reopen it first" in r.stderr
    con = sqlite3.connect(db)
    for sql in ("UPDATE forecast SET mean = 0", "DELETE FROM actual",
                "UPDATE close SET pack = 'x'", "DELETE FROM close"):
        with pytest.raises(sqlite3.DatabaseError, match="the month is closed"):
            con.execute(sql)
    con.close()
    r = run("close", "--store", db, "--month", "2025-03", "--reopen")
    assert r.returncode == 2 and "give the reason" in r.stderr
    assert "late supplier invoice" in ok("close", "--store", db, "--month", "2025-03",
                                         "--reopen", "--reason", "late supplier invoice")
    close(db, "2025-03")
    con = sqlite3.connect(db)
    assert con.execute("SELECT month, reason FROM reopen").fetchall() == [
        ("2025-03", "late supplier invoice")]
    assert con.execute("SELECT status FROM close").fetchall() == [("closed",)]
    con.close()


def test_the_store_records_the_close(tmp_path):
    db = tmp_path / "acme.db"
    close(db, "2025-05")
    close(db, "2025-06")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert con.execute("PRAGMA user_version").fetchone() == (2,)
    act = pd.read_csv(DATA / "good" / "actuals.csv")
    # the first close records every month to 2025-05, the second only 2025-06
    n05 = len(act[act.period <= "2025-05"])
    assert con.execute("SELECT count(*) FROM actual WHERE close_month = '2025-05'"
                       ).fetchone() == (n05,)
    assert con.execute("SELECT count(*) FROM actual WHERE close_month = '2025-06'"
                       ).fetchone() == (len(act[act.period == "2025-06"]),)
    # a naive forecast of every line: the last actual, every horizon to the year end
    rows = con.execute("SELECT line, horizon, mean FROM forecast WHERE close_month = '2025-06' "
                       "AND kind = 'line'").fetchall()
    last = act[act.period == "2025-06"].set_index("series").value
    assert rows and all(abs(m - last[l]) < 1e-9 for l, h, m in rows)
    assert {h for _, h, _ in rows} == set(range(1, 19))
    assert con.execute("SELECT count(DISTINCT budget_version) FROM close").fetchone() == (1,)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


# ---- forecast against actual ---------------------------------------------------------

def test_forecast_against_actual_by_lag(tmp_path):
    """Naive forecasts: the forecast of month t made h months before is the
    actual of month t - h, so the errors are pandas differences."""
    db = tmp_path / "acme.db"
    for m in months("2025-01", 6):
        close(db, m)
    pack = js("review", "--store", db)
    acc = table(pack, "forecast_accuracy", "by_lag")
    act = pd.read_csv(DATA / "good" / "actuals.csv")
    y = act[act.series == "rev.a"].set_index("period").value
    for lag, targets in ((1, months("2025-02", 5)), (3, months("2025-04", 3))):
        row = [r for r in acc if r["line"] == "rev.a" and r["kind"] == "line" and
               r["lag"] == lag][0]
        prev = {t: str(pd.Period(t, "M") - lag) for t in targets}
        e = [y[t] - y[prev[t]] for t in targets]
        assert row["pairs"] == len(targets)
        assert row["mape"] == pytest.approx(100 * sum(abs(x) / y[t] for x, t in
                                                      zip(e, targets)) / len(e), rel=1e-12)
        assert row["wape"] == pytest.approx(100 * sum(map(abs, e)) /
                                            sum(y[t] for t in targets), rel=1e-12)
        assert row["bias"] == pytest.approx(sum(e) / len(e), rel=1e-12)
    assert not [r for r in acc if r["lag"] == 6]  # no close six months before any target


# ---- reconciliation and spend control, worked by hand ---------------------------------

def test_reconciliation_and_aging_by_hand(tmp_path):
    items = tmp_path / "items.csv"
    # as of 2025-06-30: ages 10, 30, 46, 81, 150 days; RI-6 opens after the month
    items.write_text("id,account,amount,owner,opened,due\n"
                     "RI-1,ar,100.00,X,2025-06-20,\n"
                     "RI-2,ar,250.50,,2025-05-31,2025-06-30\n"
                     "RI-3,cash,-40.25,Y,2025-05-15,\n"
                     "RI-4,ap,75.00,,2025-04-10,\n"
                     "RI-5,ar,1000.00,Z,2025-01-31,\n"
                     "RI-6,ar,5.00,X,2025-07-15,\n")
    sub = tmp_path / "sub.csv"
    # ar 1815.00 at 2025-06 in good/balances.csv; the detail adds to 1814.99
    sub.write_text("ledger,item,amount\nar,big customer,1200.00\nar,the others,614.99\n")
    db = tmp_path / "acme.db"
    close(db, "2025-05")
    pack = json_close(db, "2025-06", "--open-items", items, "--subledgers", sub)
    aging = {r["bucket"]: (r["items"], r["amount"]) for r in
             table(pack, "reconciliation", "aging")}
    assert aging == {"0-30": (2, 350.50), "31-60": (1, -40.25), "61-90": (1, 75.00),
                     "90+": (1, 1000.00)}
    order = [r["id"] for r in table(pack, "reconciliation", "items")]
    assert order == ["RI-4", "RI-2", "RI-5", "RI-3", "RI-1"]  # no owner first, then oldest
    ages = {r["id"]: r["age_days"] for r in table(pack, "reconciliation", "items")}
    assert ages == {"RI-1": 10, "RI-2": 30, "RI-3": 46, "RI-4": 81, "RI-5": 150}
    (tie,) = table(pack, "reconciliation", "subledgers")
    assert (tie["general_ledger"], tie["subledger"], tie["difference"], tie["status"]) == \
        (1815.00, 1814.99, 0.01, "break")
    # the opening balances equal the previous close's closing
    assert {r["balance"]: r["status"] for r in table(pack, "reconciliation", "opening")} == \
        {"ar": "tied", "cash": "tied"}
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM recon_item WHERE close_month = '2025-06'"
                       ).fetchone() == (5,)
    con.close()


def json_close(db, month, *more):
    r = close(db, month, *more, "--format", "json")
    import json
    return json.loads(r.stdout)


def test_restated_opening_balance_breaks(tmp_path):
    db = tmp_path / "acme.db"
    close(db, "2025-05")
    bal = pd.read_csv(DATA / "good" / "balances.csv")
    bal.loc[(bal.series == "cash") & (bal.period == "2025-05"), "value"] = 2611.00
    restated = tmp_path / "balances.csv"
    bal.to_csv(restated, index=False)
    pack = json_close(db, "2025-06", "--balances", restated)
    cash = [r for r in table(pack, "reconciliation", "opening") if r["balance"] == "cash"][0]
    assert (cash["previous_close"], cash["opening"], cash["difference"], cash["status"]) == \
        (2601.00, 2611.00, -10.00, "break")


def test_spend_control_by_hand(tmp_path):
    """good/budget.csv and actuals.csv, closed at 2025-06. Rent (opex.x): the
    year's budget 390 + 400 + ... + 500 = 5,340; actual January-June 421 +
    368 + 393 + 414 + 404 + 398 = 2,398; 2,942 left. Advertising (sm.ads):
    156 + ... + 266 = 2,532 budget, 987.80 actual, 1,544.20 left. Requests in
    order, second approver above 1,000: Rent 1,500 (1,442 left, needs a
    second approver), Advertising 400 (1,144.20 left), Rent 1,600 (-158: over
    and crossing, second approver), Rent 50 (-208: over, not crossing)."""
    req = tmp_path / "requests.csv"
    req.write_text("id,cost_centre,amount,requester,date\nR1,opex.x,1500,A,2025-06-02\n"
                   "R2,sm.ads,400,B,2025-06-05\nR3,opex.x,1600,A,2025-06-09\n"
                   "R4,opex.x,50,C,2025-06-20\nR5,opex.x,99999,D,2025-07-02\n")
    db = tmp_path / "acme.db"
    pack = json_close(db, "2025-06", "--requests", req, "--approval-limit", "1000")
    cc = {r["cost_centre"]: r for r in table(pack, "spend_control", "cost_centres")}
    assert cc["opex.x"]["budget_fy"] == 5340 and cc["opex.x"]["actual_ytd"] == 2398
    assert cc["opex.x"]["remaining_after_requests"] == pytest.approx(-208, abs=1e-9)
    assert cc["sm.ads"]["remaining_after_requests"] == pytest.approx(1144.2, abs=1e-9)
    assert cc["opex.x"]["over_budget"] and not cc["sm.ads"]["over_budget"]
    flags = {r["id"]: (r["over_budget"], r["crosses_budget"], r["second_approver"])
             for r in table(pack, "spend_control", "requests")}
    assert flags == {"R1": (False, False, True), "R2": (False, False, False),
                     "R3": (True, True, True), "R4": (True, False, False)}  # R5: July


# ---- the general ledger, dates --------------------------------------------------------

def test_gl_export_rolls_up_to_the_actuals(tmp_path):
    act = pd.read_csv(DATA / "good" / "actuals.csv")
    gl = tmp_path / "gl.csv"
    with open(gl, "w") as f:
        f.write("date,account,cost_centre,debit,credit,document\n")
        for k, r in enumerate(act.itertuples()):
            revenue = r.series.startswith("rev.")
            half = round(r.value / 2, 2)
            for part, day in ((half, 3), (round(r.value - half, 2), 27)):
                debit, credit = ("", f"{part:.2f}") if revenue else (f"{part:.2f}", "")
                f.write(f"{r.period}-{day:02d},{r.series},CC1,{debit},{credit},D{k}\n")
    base = ["variance", "--budget", "good/budget.csv", "--lines", "good/lines.csv",
            "--window", "ytd"]
    a = table(js(*base, "--actuals", "good/actuals.csv"), "variance", "lines")
    b = table(js(*base, "--gl", gl), "variance", "lines")
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x["actual"] == pytest.approx(y["actual"], rel=1e-12, abs=1e-9), x["line"]
    r = run(*base, "--gl", gl, "--actuals", "good/actuals.csv")
    assert r.returncode == 2 and "--gl replaces --actuals" in r.stderr


def test_iso_dates_stand_for_their_month(tmp_path):
    base = ["variance", *GOOD[:6], "--window", "ytd"]
    assert ok(*base, "--as-of", "2025-06-30", "--format", "json") == \
        ok(*base, "--as-of", "2025-06", "--format", "json")
    r = run(*base, "--as-of", "2025-02-30")
    assert r.returncode == 2 and '"2025-02-30" is not a period' in r.stderr


# ---- the schema -------------------------------------------------------------------------

def test_migration_from_the_first_version(tmp_path):
    real = tmp_path / "real.db"
    close(real, "2025-03", "--format", "json", "--output", tmp_path / "pack.json")
    pack = sqlite3.connect(real).execute("SELECT pack FROM close").fetchone()[0]
    v1 = tmp_path / "v1.db"
    con = sqlite3.connect(v1)
    con.executescript(open(os.path.join(os.path.dirname(__file__), "store_v1.sql")).read())
    con.execute("INSERT INTO close VALUES('2025-03', 'closed', '2025-04-02 09:00:00', "
                "'fpa 1.0', '1.0', NULL, ?)", (pack,))
    con.commit()
    con.close()
    assert ok("review", "--store", v1, "--format", "json") == (tmp_path / "pack.json").read_text()
    con = sqlite3.connect(v1)
    assert con.execute("PRAGMA user_version").fetchone() == (2,)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    assert "cash_at_risk_95" in [c[1] for c in con.execute("PRAGMA table_info(scenario_run)")]
    con.close()
    close(v1, "2025-04")  # and it is written like any store of version 2


def test_a_newer_store_is_refused(tmp_path):
    db = tmp_path / "acme.db"
    close(db, "2025-03")
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 9")
    con.commit()
    con.close()
    r = run("review", "--store", db)
    assert r.returncode == 3 and r.stderr == (f"fpa: {db}: written by a newer fpa (store schema "
                                              "9; this fpa reads up to 2): upgrade fpa\n")


# ---- nothing lost ------------------------------------------------------------------------------

def state(db):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        closes = con.execute("SELECT month, status, pack FROM close ORDER BY month").fetchall()
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("line", "actual", "balance", "forecast", "budget")]
        return closes, counts
    finally:
        con.close()


def test_a_close_killed_at_random_moments(tmp_path):
    """200 closes killed by SIGKILL at random moments: every time the store
    passes integrity_check and holds either the close before (the month
    reopened, its old rows) or the whole new one, never a part."""
    db = tmp_path / "acme.db"
    close(db, "2025-05")
    close(db, "2025-06")
    ok("close", "--store", db, "--month", "2025-06", "--reopen", "--reason", "test")
    reopened = state(db)
    t0 = time.time()
    close(db, "2025-06")
    took = time.time() - t0
    closed = state(db)
    assert [s for _, s, _ in closed[0]] == ["closed", "closed"]
    rnd = random.Random(20)
    kills = 0
    cmd = [FPA, "close", "--store", str(db), "--month", "2025-06", *GOOD, *FAST]
    while kills < 200:
        if state(db)[0][1][1] == "closed":
            ok("close", "--store", db, "--month", "2025-06", "--reopen", "--reason", "test")
        before = state(db)
        p = subprocess.Popen(cmd, cwd=DATA, env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0, took * 1.1))
        p.kill()
        p.wait()
        kills += p.returncode == -signal.SIGKILL
        after = state(db)
        assert after[0][0] == closed[0][0]  # 2025-05 untouched
        if after[0][1][1] == "closed":
            assert after[1][:4] == closed[1][:4] and after[0][1][2] == closed[0][1][2]
        else:
            assert after == before  # nothing of the killed close is left
    assert state(db)[0][0][1] == "closed"


def test_a_full_disk_changes_nothing(tmp_path):
    db = tmp_path / "acme.db"
    close(db, "2025-05")
    before = state(db)

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    r = subprocess.run([FPA, "close", "--store", str(db), "--month", "2025-06", *GOOD, *FAST],
                       cwd=DATA, env=child_env(), capture_output=True, text=True,
                       preexec_fn=small_files)
    assert r.returncode == 4 and r.stderr.count("\n") == 1, r.stderr
    assert "nothing was changed" in r.stderr
    assert state(db) == before


def _reachable_by_others(path):
    """Whether a user who is neither owner nor group can run `path` (every
    directory above it searchable by others), as the unprivileged run below
    needs: a build under /root (mode 700) is not."""
    p = os.path.realpath(path)
    while p != "/":
        p = os.path.dirname(p)
        if not os.stat(p).st_mode & stat.S_IXOTH:
            return False
    return True


def test_a_read_only_store_changes_nothing(tmp_path):
    if os.geteuid() == 0 and not _reachable_by_others(FPA):
        pytest.skip(f"{FPA} cannot be run by an unprivileged user (a directory above it "
                    "is closed to others), and root writes read-only files")
    d = tempfile.mkdtemp(dir="/tmp")
    try:
        os.chmod(d, 0o755)
        db = os.path.join(d, "acme.db")
        close(db, "2025-05")
        # readers need no write access: the close checkpoints the WAL into the file
        sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        before = state(db)
        gcov = os.path.join(d, "gcov")
        os.mkdir(gcov)
        os.chmod(gcov, 0o777)
        os.chmod(db, 0o444)
        os.chmod(d, 0o555)
        drop = (lambda: os.setuid(65534)) if os.geteuid() == 0 else None
        # a coverage build's profile data goes where the unprivileged user can
        # write it (gcov would otherwise add "Cannot open" lines to stderr)
        env = child_env()
        env["GCOV_PREFIX"] = gcov
        r = subprocess.run([FPA, "close", "--store", db, "--month", "2025-06", *GOOD, *FAST],
                           cwd=DATA, env=env, capture_output=True, text=True,
                           preexec_fn=drop)
        assert r.returncode != 0 and r.stderr.count("\n") == 1, r.stderr
        assert "read-only" in r.stderr or "readonly" in r.stderr or "cannot open" in r.stderr
        os.chmod(d, 0o755)
        assert state(db) == before
    finally:
        os.chmod(d, 0o755)
        shutil.rmtree(d)


def test_bank_statement_matching_by_hand(tmp_path):
    """The default date window is 3 days (recon.date_window). CHQ101 matches
    by reference (a day apart); 450.00 by amount and date though the
    references differ (two days); -75.50 by amount and date; INV-9 is eight
    days apart, unmatched on both sides; the bank charge and the fee are on
    one side only; the statement line of July is not of June's close.
    Unmatched: cash book 300.00 - 40.00 = 260.00, statement 300.00 - 12.00 =
    288.00."""
    book = tmp_path / "cashbook.csv"
    book.write_text("date,amount,reference\n2025-06-03,-120.00,CHQ101\n2025-06-10,450.00,INV-7\n"
                    "2025-06-15,-75.50,\n2025-06-28,300.00,INV-9\n2025-06-30,-40.00,FEE\n")
    bank = tmp_path / "bank.csv"
    bank.write_text("date,amount,reference\n2025-06-04,-120.00,CHQ101\n2025-06-12,450.00,TRANSFER\n"
                    "2025-06-16,-75.50,\n2025-06-20,300.00,INV-9\n2025-06-25,-12.00,BANKCHG\n"
                    "2025-07-02,99.00,LATER\n")
    pack = json_close(tmp_path / "acme.db", "2025-06", "--bank", bank, "--cashbook", book)
    summary = {r["measure"]: r["value"] for r in table(pack, "reconciliation", "statement")}
    assert summary == {"cash book lines": 5, "statement lines": 5, "matched by reference": 1,
                       "matched by amount and date": 2, "unmatched in the cash book": 260.00,
                       "unmatched on the statement": 288.00}
    left = [(r["side"], r["date"], r["amount"]) for r in
            table(pack, "reconciliation", "statement_unmatched")]
    assert left == [("cash book", "2025-06-28", 300.00), ("cash book", "2025-06-30", -40.00),
                    ("statement", "2025-06-20", 300.00), ("statement", "2025-06-25", -12.00)]
