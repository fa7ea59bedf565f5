# SPDX-License-Identifier: GPL-3.0-or-later
"""Reconciliation in exact money from Python.

Expected values are the hand-worked cases of tests/test_recon.c (the
working is written out there and summarised here), and for statement
matching an independent brute-force maximum bipartite matching (Kuhn's
augmenting paths) written in this file.
"""
import numpy as np
import pandas as pd
import pytest

import fpa

I64_MAX, I64_MIN = 2**63 - 1, -2**63


# ---- roll-forward ----------------------------------------------------------------

# tests/test_recon.c rollforward_by_hand: two accounts, three periods, three
# movement columns (additions, disposals, depreciation), cents. Breaks:
# account 0 period 2 opens one cent off; account 1 period 0 closes 50 short.
OPEN = np.array([[100000000, 100700000, 99900001], [5000, 5200, 5200]])
MOV = np.array([[[2500000, -1000000, -800000], [0, 0, -800000], [1000000, 0, -800000]],
                [[250, 0, 0], [0, 0, 0], [0, 0, -200]]])
CLOSE = np.array([[100700000, 99900000, 100100001], [5200, 5200, 5000]])
PRIOR = np.array([100000000, 5000])


def test_rollforward_by_hand():
    r = fpa.rollforward(OPEN, CLOSE, MOV, PRIOR)
    np.testing.assert_array_equal(r.closing_diff, [[0, 0, 0], [-50, 0, 0]])
    np.testing.assert_array_equal(r.opening_diff, [[0, 0, 1], [0, 0, 0]])
    assert r.breaks == 2 and r.closing_diff.dtype == np.int64
    np.testing.assert_array_equal(r.broken, [[False, False, True], [True, False, False]])
    assert fpa.rollforward(OPEN, CLOSE, MOV, PRIOR, tolerance=1).breaks == 1
    r = fpa.rollforward(OPEN, CLOSE, MOV, PRIOR, tolerance=50)
    assert r.breaks == 0 and not r.broken.any()
    # another prior closing, and none
    r = fpa.rollforward(OPEN, CLOSE, MOV, [1, 1])
    assert r.opening_diff[0, 0] == 99999999 and r.opening_diff[1, 0] == 4999
    r = fpa.rollforward(OPEN, CLOSE, MOV)
    assert r.opening_diff[0, 0] == 0 and r.opening_diff[1, 0] == 0
    # net movements as one column (the sums of MOV), and no movements
    net = MOV.sum(axis=2)
    assert fpa.rollforward(OPEN, CLOSE, net, PRIOR).breaks == 2
    assert fpa.rollforward([[7, 7]], [[7, 7]]).breaks == 0
    # one account as 1-D arrays, lists of Python ints
    r = fpa.rollforward([5000, 5200, 5200], [5200, 5200, 5000], [[250], [0], [-200]], 5000)
    assert list(r.closing_diff) == [-50, 0, 0] and r.breaks == 1
    # DataFrames keep their labels
    months = ["jan", "feb", "mar"]
    df = pd.DataFrame(OPEN, index=["equipment", "cash"], columns=months)
    r = fpa.rollforward(df, pd.DataFrame(CLOSE, index=df.index, columns=months), MOV, PRIOR)
    assert r.closing_diff.loc["cash", "jan"] == -50 and r.broken.loc["equipment", "mar"]


def test_rollforward_detects_overflow_and_bad_input():
    # sums are exact (issue 14, item 11): 0 - (2^63 - 1 + 1) = INT64_MIN fits,
    # -1 - 2^63 does not
    r = fpa.rollforward([[0, I64_MAX]], [[0, 0]], [[0, 1]])
    assert r.closing_diff[0, 1] == I64_MIN
    with pytest.raises(fpa.ResultOverflowError) as e:
        fpa.rollforward([[0, I64_MAX]], [[0, -1]], [[0, 1]])
    assert e.value.detail == ("account 0, period 1: closing - (opening + movements) "
                              "overflows int64")
    with pytest.raises(fpa.ResultOverflowError, match=r"closing - \(opening"):
        fpa.rollforward([[1]], [[I64_MIN]])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.rollforward([[I64_MIN]], [[I64_MIN]], prior_closing=[1])
    # inputs beyond int64 are refused before C sees them, never wrapped
    with pytest.raises(fpa.ResultOverflowError, match=r"opening\[1\] = 9223372036854775808"):
        fpa.rollforward([0, 2**63], [0, 0])
    with pytest.raises(fpa.ResultOverflowError, match="does not fit in int64"):
        fpa.rollforward(np.array([0, 2**63], dtype=np.uint64), [0, 0])
    # floats are refused, not rounded; NaN with them
    with pytest.raises(fpa.InvalidArgumentError, match="floating point"):
        fpa.rollforward(np.array([1.0, 2.0]), [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match=r"opening\[1\] is nan"):
        fpa.rollforward([1, float("nan")], [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match=r"closing\[0\] is 12.5"):
        fpa.rollforward([1], [12.5])
    with pytest.raises(fpa.InvalidArgumentError, match=r"opening\[1\] is masked"):
        fpa.rollforward(np.ma.masked_array([1, 2], mask=[0, 1]), [1, 2])
    with pytest.raises(fpa.InvalidArgumentError, match="bool"):
        fpa.rollforward(np.array([True]), [1])
    with pytest.raises(fpa.InvalidArgumentError, match="shape"):
        fpa.rollforward([[1, 2]], [[1, 2, 3]])
    with pytest.raises(fpa.InvalidArgumentError, match="movements has shape"):
        fpa.rollforward([[1, 2]], [[1, 2]], [[1, 2, 3]])
    with pytest.raises(fpa.InvalidArgumentError, match="prior_closing has 1 values for 2"):
        fpa.rollforward([[1], [2]], [[1], [2]], prior_closing=[1])
    with pytest.raises(fpa.InvalidArgumentError, match="empty"):
        fpa.rollforward([], [])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.rollforward("abc", [1])
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.rollforward([1], [1], tolerance=-1)


# ---- tie-out ------------------------------------------------------------------------

# tests/test_recon.c tieout_by_hand: receivables 1,250,000 tie; payables
# -830,000 vs bills -830,001 (difference +1); inventory 500,000 with no lots
GL = [1250000, -830000, 500000]
SUB = [400000, -300000, 350000, -530001, 500000]
ACCT = [0, 1, 0, 1, 0]


def test_tieout_by_hand():
    r = fpa.tieout(GL, SUB, ACCT)
    assert list(r.subledger) == [1250000, -830001, 0]
    assert list(r.difference) == [0, 1, 500000] and r.breaks == 2
    assert list(r.tied) == [True, False, False]
    r = fpa.tieout(GL, SUB, ACCT, tolerance=1)
    assert r.breaks == 1 and list(r.tied) == [True, True, False]
    r = fpa.tieout(GL, [], [])
    assert list(r.difference) == GL
    # accounts by label
    gl = pd.Series(GL, index=["AR", "AP", "INV"])
    r = fpa.tieout(gl, SUB, ["AR", "AP", "AR", "AP", "AR"])
    assert r.difference.to_dict() == {"AR": 0, "AP": 1, "INV": 500000}
    assert r.tied["AR"] and not r.tied["AP"]


def test_tieout_rejects_bad_input():
    with pytest.raises(fpa.DataError) as e:
        fpa.tieout(GL, SUB[:2], [0, 3])
    assert e.value.detail == "sub_account[1] = 3 names no control account (there are 3)"
    with pytest.raises(fpa.DataError, match=r"sub_account\[0\] = -1"):
        fpa.tieout(GL, [1], [-1])
    with pytest.raises(fpa.DataError, match=r"sub_account\[0\] = 'XX' names no control"):
        fpa.tieout(pd.Series(GL, index=["AR", "AP", "INV"]), [1], ["XX"])
    with pytest.raises(fpa.ResultOverflowError) as e:
        fpa.tieout(GL, [I64_MAX, 1], [2, 2])
    assert e.value.detail == "the sub-ledger total of account 2 overflows int64"
    # the order of the entries does not decide (by hand: both total INT64_MAX)
    for entries in ([I64_MAX, 1, -1], [I64_MAX, -1, 1]):
        t = fpa.tieout([I64_MAX], entries, [0, 0, 0])
        assert t.subledger[0] == I64_MAX and t.difference[0] == 0
    with pytest.raises(fpa.ResultOverflowError):
        fpa.tieout([I64_MIN], [1], [0])
    with pytest.raises(fpa.InvalidArgumentError, match="empty"):
        fpa.tieout([], SUB, ACCT)
    with pytest.raises(fpa.InvalidArgumentError, match="5 entries but sub_account has 4"):
        fpa.tieout(GL, SUB, ACCT[:4])
    with pytest.raises(fpa.InvalidArgumentError, match="floating point"):
        fpa.tieout(np.array(GL, dtype=float), SUB, ACCT)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.tieout(GL, SUB, [0.5, 1, 0, 1, 0])


# ---- statement matching ---------------------------------------------------------------

# tests/test_recon.c matching_by_hand, date window 3 days: pairs L0-S5,
# L1-S0 (by reference INV-2), L2-S4, L5-S1; L3, L4, S2, S3 unmatched
LA = [10000, 10000, 5000, 5000, 7700, 10000]
LD = [100, 101, 100, 110, 200, 102]
LR = ["INV-1", "INV-2", None, "", "X", None]
SA = [10000, 10000, 5000, 7700, 5000, 10000]
SD = [103, 100, 104, 204, 99, 99]
SR = ["INV-2", "BANKREF", None, "X", None, None]


def test_matching_by_hand():
    m = fpa.match_statement(LA, LD, SA, SD, ledger_ref=LR, statement_ref=SR)
    assert list(m.ledger_match) == [5, 0, 4, -1, -1, 1]
    assert list(m.statement_match) == [1, 5, -1, -1, 2, 0]
    assert list(m.rule_name) == ["amount_date", "reference", "amount_date", "none", "none",
                                 "amount_date"]
    assert list(m.rule) == [2, 1, 2, 0, 0, 2] and m.pairs == 4
    m = fpa.match_statement(LA, LD, SA, SD, ledger_ref=LR, statement_ref=SR, date_window=4)
    assert m.pairs == 5 and m.ledger_match[4] == 3 and m.rule_name[4] == "reference"
    assert m.ledger_match[3] == -1
    m = fpa.match_statement(LA, LD, SA, SD, ledger_ref=LR, statement_ref=SR,
                            require_reference=True)
    assert m.pairs == 1 and m.ledger_match[1] == 0 and m.statement_match[0] == 1
    # one side empty
    m = fpa.match_statement(LA, LD, [], [], ledger_ref=LR)
    assert m.pairs == 0 and list(m.ledger_match) == [-1] * 6 and m.statement_match.size == 0
    m = fpa.match_statement([], [], SA, SD)
    assert m.pairs == 0 and list(m.statement_match) == [-1] * 6
    # dates in any form fpa.to_days accepts
    dates = [str(d) for d in np.datetime64("1970-01-01") + np.array(LD)]
    m = fpa.match_statement(np.array(LA), dates, SA, pd.to_datetime(
        [str(d) for d in np.datetime64("1970-01-01") + np.array(SD)]),
        ledger_ref=LR, statement_ref=SR)
    assert list(m.ledger_match) == [5, 0, 4, -1, -1, 1]


def kuhn_maximum(a1, d1, a2, d2, window=3):
    """Size of a maximum matching of equal amounts within the window
    (Kuhn's augmenting paths): the independent reference."""
    edges = [[j for j in range(len(a2)) if a1[i] == a2[j] and abs(d1[i] - d2[j]) <= window]
             for i in range(len(a1))]
    match_of = [-1] * len(a2)

    def augment(i, seen):
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if match_of[j] < 0 or augment(match_of[j], seen):
                    match_of[j] = i
                    return True
        return False
    return sum(augment(i, set()) for i in range(len(a1)))


def test_matching_is_maximum_on_small_random_data():
    rng = np.random.default_rng(11)
    for _ in range(300):
        nl, ns = rng.integers(0, 16, 2)
        a1, a2 = 100 * rng.integers(1, 4, nl), 100 * rng.integers(1, 4, ns)
        d1, d2 = rng.integers(0, 25, nl), rng.integers(0, 25, ns)
        m = fpa.match_statement(a1, d1, a2, d2)
        assert m.pairs == kuhn_maximum(a1, d1, a2, d2)
        for i, j in enumerate(m.ledger_match):
            if j >= 0:
                assert m.statement_match[j] == i and a1[i] == a2[j]
                assert abs(d1[i] - d2[j]) <= 3


def test_matching_rejects_bad_input():
    with pytest.raises(fpa.DomainError) as e:
        fpa.match_statement([1], [2**41], [1], [0])
    assert e.value.detail == "ledger_day[0] = 2199023255552 is outside +-2^40 days"
    with pytest.raises(fpa.InvalidArgumentError, match="ledger_date has 1 values but"):
        fpa.match_statement([1, 2], [0], [1], [0])
    with pytest.raises(fpa.InvalidArgumentError, match=r"statement_ref has 2 entries"):
        fpa.match_statement([1], [0], [1], [0], statement_ref=["a", "b"])
    with pytest.raises(fpa.InvalidArgumentError, match=r"ledger_ref\[0\] is 1.5"):
        fpa.match_statement([1], [0], [1], [0], ledger_ref=[1.5])
    with pytest.raises(fpa.InvalidArgumentError, match="floating point"):
        fpa.match_statement(np.array([1.0]), [0], [1], [0])
    with pytest.raises(fpa.InvalidArgumentError, match="not a date"):
        fpa.match_statement([1], ["someday"], [1], [0])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.match_statement([2**64], [0], [1], [0])
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        fpa.match_statement([1], [0], [1], [0], date_window=-1)


# ---- aging --------------------------------------------------------------------------------

# tests/test_recon.c aging_by_hand: as of day 1000, ages -5, 0, 1, 30, 31,
# 60, 61, 90, 91; default buckets 30,000 / 70,000 / 45,000 / 150,000 /
# 90,000; bounds {15, 45}: 60,000 (3), 90,000 (2), 235,000 (4)
AMT = [10000, 20000, 30000, 40000, 50000, -5000, 70000, 80000, 90000]
DAY = [1005, 1000, 999, 970, 969, 940, 939, 910, 909]


def test_aging_by_hand():
    r = fpa.aging(AMT, DAY, 1000)
    assert list(r.totals) == [30000, 70000, 45000, 150000, 90000]
    assert list(r.counts) == [2, 2, 2, 2, 1]
    assert list(r.bucket) == [0, 0, 1, 1, 2, 2, 3, 3, 4]
    assert r.total == 385000
    assert r.labels == ["current", "1-30", "31-60", "61-90", "over 90"]
    assert r.to_frame().loc["over 90", "total"] == 90000
    r = fpa.aging(AMT, DAY, 1000, bounds=[15, 45])
    assert list(r.totals) == [60000, 90000, 235000] and list(r.counts) == [3, 2, 4]
    assert r.labels == ["<= 15", "16-45", "over 45"]
    r = fpa.aging([], [], 1000, bounds=[15, 45])
    assert list(r.totals) == [0, 0, 0] and r.total == 0
    # as_of and dates as calendar dates: day 1000 is 1972-09-27
    assert fpa.to_days("1972-09-27") == 1000  # python: date(1972,9,27) - date(1970,1,1)
    r = fpa.aging(AMT, [str(np.datetime64("1970-01-01") + d) for d in DAY], "1972-09-27")
    assert list(r.totals) == [30000, 70000, 45000, 150000, 90000]


def test_aging_rejects_bad_input():
    with pytest.raises(fpa.InvalidArgumentError) as e:
        fpa.aging(AMT, DAY, 1000, bounds=[30, 30])
    assert e.value.detail == "bounds[1] = 30 does not exceed bounds[0] = 30"
    with pytest.raises(fpa.InvalidArgumentError, match="n_bounds is 0"):
        fpa.aging(AMT, DAY, 1000, bounds=[])
    with pytest.raises(fpa.DomainError):
        fpa.aging(AMT, DAY, I64_MAX)
    with pytest.raises(fpa.ResultOverflowError) as e:
        fpa.aging([-2, I64_MAX, 1], [800, 1000, 1000], 1000)
    assert e.value.detail == "the total of bucket 0 overflows int64"
    with pytest.raises(fpa.ResultOverflowError, match="total of the items overflows"):
        fpa.aging([I64_MAX, 1], [1000, 1000], 1000)
    r = fpa.aging([I64_MAX, -1, I64_MIN + 1], [1000, 1000, 800], 1000)
    assert r.totals[0] == I64_MAX - 1 and r.totals[4] == I64_MIN + 1 and r.total == -1
    with pytest.raises(fpa.InvalidArgumentError, match="dates has 1 values but amount has 2"):
        fpa.aging([1, 2], [0], 0)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.aging([1.5], [0], 0)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.aging([1], [0], None)


def test_options_are_registered():
    for name in ("recon.date_window", "recon.require_reference", "recon.tolerance"):
        assert name in fpa.option_names()
    assert fpa.option_bounds("recon.date_window") == (0, 36500, 3)


def test_junk_arguments_raise_fpa_errors_only():
    from test_variance import junk_calls
    junk_calls([
        (fpa.rollforward, (OPEN, CLOSE, MOV, PRIOR)),
        (fpa.tieout, (GL, SUB, ACCT)),
        (fpa.match_statement, (LA, LD, SA, SD)),
        (lambda *a: fpa.match_statement(LA, LD, SA, SD, ledger_ref=a[0], statement_ref=a[1]),
         (LR, SR)),
        (fpa.aging, (AMT, DAY, 1000, [15, 45])),
    ])
