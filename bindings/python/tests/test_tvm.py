# SPDX-License-Identifier: GPL-3.0-or-later
"""Time value of money from Python.

Expected values: tests/ref/tvm_expected.csv (LibreOffice Calc 7.4 and
gnumeric 1.12 recalculating tests/ref/make_tvm_ref.py's formulas, the same
file the C tests read), and numpy-financial's documented examples (the
docstrings of numpy_financial 1.0, github.com/numpy/numpy-financial,
numpy_financial/_financial.py), for the numpy-financial conventions.
"""
import csv
import math
import os
import re

import numpy as np
import pytest

import fpa

SERIAL_EPOCH = 25569  # spreadsheet serial of 1970-01-01


def parse(formula):
    name, body = re.fullmatch(r"(\w+)\((.*)\)", formula).groups()
    args = []
    for tok in re.findall(r"\{[^}]*\}|[^;{}]+", body):
        if tok.startswith("{"):
            args.append([float(x) for x in tok[1:-1].split(";")])
        else:
            args.append(float(tok))
    return name, args


def when(t):
    return "begin" if t else "end"


def call(name, a):
    if name == "NPV":
        return fpa.npv(a[0], a[1], start_from_zero=False)
    if name == "IRR":
        return fpa.irr(a[0], guess=a[1])
    if name == "MIRR":
        return fpa.mirr(a[0], a[1], a[2])
    if name == "XNPV":
        return fpa.xnpv(a[0], [int(d) - SERIAL_EPOCH for d in a[2]], a[1])
    if name == "XIRR":
        return fpa.xirr([int(d) - SERIAL_EPOCH for d in a[1]], a[0], guess=a[2])
    if name == "PMT":
        return fpa.pmt(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "PV":
        return fpa.pv(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "FV":
        return fpa.fv(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "NPER":
        return fpa.nper(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "RATE":
        return fpa.rate(a[0], a[1], a[2], a[3], when(a[4]), guess=a[5])
    if name == "IPMT":
        return fpa.ipmt(a[0], a[1], a[2], a[3], a[4], when(a[5]))
    if name == "PPMT":
        return fpa.ppmt(a[0], a[1], a[2], a[3], a[4], when(a[5]))
    if name == "CUMIPMT":
        return fpa.cumipmt(a[0], a[1], a[2], a[3], a[4], when(a[5]))
    if name == "CUMPRINC":
        return fpa.cumprinc(a[0], a[1], a[2], a[3], a[4], when(a[5]))
    if name == "EFFECT":
        return fpa.effect(a[0], a[1])
    if name == "NOMINAL":
        return fpa.nominal(a[0], a[1])
    if name == "SLN":
        return fpa.sln(*a)
    if name == "SYD":
        return fpa.syd(*a)
    if name == "DDB":
        return fpa.ddb(*a)
    if name == "DB":
        return fpa.db(*a)
    raise AssertionError(name)


def cases(ref_dir):
    with open(os.path.join(ref_dir, "tvm_expected.csv")) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    return rows[1:]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def test_spreadsheet_references(ref_dir):
    failures = []
    rows = cases(ref_dir)
    assert len(rows) >= 270
    for formula, lo, gn, expect in rows:
        name, args = parse(formula)
        if expect.startswith("value="):
            want, want_error = float(expect[6:]), None
        elif expect in ("lo", "gnumeric"):
            want = number(lo if expect == "lo" else gn)
            want_error = fpa.Error if want is None else None
        else:
            want, want_error = None, getattr(fpa, {"EDOM": "DomainError",
                                                  "EINVAL": "InvalidArgumentError",
                                                  "ENOCONV": "NoConvergenceError"}[expect])
        scale = max([1.0] + [abs(x) for v in args for x in (v if isinstance(v, list) else [v])])
        try:
            got = call(name, args)
        except fpa.Error as e:
            if want_error is None or not isinstance(e, want_error):
                failures.append(f"{formula}: raised {e!r}")
            elif not e.detail:
                failures.append(f"{formula}: no detail")
            continue
        if want_error is not None:
            failures.append(f"{formula}: returned {got}, expected {want_error.__name__}")
        elif not abs(got - want) <= 1e-9 * abs(want) + 1e-12 * scale:
            failures.append(f"{formula}: {got!r} != {want!r}")
    assert not failures, "\n".join(failures)


# ---- numpy-financial's documented examples (its conventions) --------------

def test_numpy_financial_examples():
    assert fpa.fv(0.05 / 12, 10 * 12, -100, -100) == pytest.approx(15692.92889433575, rel=1e-12)
    assert fpa.pmt(0.075 / 12, 12 * 15, 200000) == pytest.approx(-1854.0247200054619, rel=1e-12)
    assert round(fpa.nper(0.07 / 12, -150, 8000), 5) == 64.07335
    assert fpa.pv(0.05 / 12, 10 * 12, -100, 15692.93) == pytest.approx(-100.00067131625819, rel=1e-9)
    assert round(fpa.irr([-100, 39, 59, 55, 20]), 5) == 0.28095
    assert round(fpa.irr([-100, 0, 0, 74]), 5) == -0.0955
    assert round(fpa.irr([-100, 100, 0, -7]), 5) == -0.0833
    assert round(fpa.irr([-100, 100, 0, 7]), 5) == 0.06206
    assert round(fpa.irr([-5, 10.5, 1, -8, 1]), 5) == 0.0886
    assert round(fpa.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5) == 3065.22267
    got = fpa.npv([0.00, 0.05, 0.10], [[-4_000, 500, 800], [-5_000, 600, 900]]).round(2)
    np.testing.assert_array_equal(got, [[-2700.0, -3500.0], [-2798.19, -3612.24],
                                        [-2884.3, -3710.74]])
    a = np.array((0.05, 0.06, 0.07)) / 12
    np.testing.assert_allclose(fpa.fv(a, 10 * 12, -100, -100),
                               [15692.92889434, 16569.87435405, 17509.44688102], rtol=1e-10)
    np.testing.assert_allclose(fpa.pv(np.array((0.05, 0.04, 0.03)) / 12, 10 * 12, -100, 15692.93),
                               [-100.00067132, -649.26771385, -1273.78633713], rtol=1e-9)
    # the amortisation table of a 1-year 2500 loan at 8.24 %
    per = np.arange(1, 13)
    ip = fpa.ipmt(0.0824 / 12, per, 12, 2500)
    pp = fpa.ppmt(0.0824 / 12, per, 12, 2500)
    np.testing.assert_allclose(ip + pp, fpa.pmt(0.0824 / 12, 12, 2500), rtol=1e-12)
    assert list(np.round(pp[:3], 2)) == [-200.58, -201.96, -203.35]
    assert list(np.round(ip[:3], 2)) == [-17.17, -15.79, -14.40]
    assert round(float(np.sum(ip)), 2) == -112.98
    nper = fpa.nper(*(np.ogrid[0.07 / 12: 0.08 / 12: 0.01 / 12, -150: -99: 50, 8000: 9001: 1000]))
    np.testing.assert_allclose(nper, [[[64.07334877, 74.06368256], [108.07548412, 127.99022654]],
                                      [[66.12443902, 76.87897353], [114.70165583, 137.90124779]]],
                               rtol=1e-9)


def test_irr_roots_and_numpy_financials_choice():
    # every root: r is a root of -100 + 100/(1+r) - 7/(1+r)^3, i.e. of
    # 100 g^3 - 100 g^2 + 7 (g = 1 + r); numpy.roots([100, -100, 0, 7]) gives
    # g = 0.91670033, 0.32110563 (and -0.23780596 < 0, no rate): r = g - 1
    np.testing.assert_allclose(fpa.irr_roots([-100, 100, 0, -7]),
                               [0.32110563 - 1, 0.91670033 - 1], rtol=1e-7)
    for flows in ([-100, 100, 0, -7], [-5, 10.5, 1, -8, 1], [-100, 39, 59, 55, 20]):
        for r in fpa.irr_roots(flows):
            assert abs(fpa.npv(r, flows)) < 1e-9 * max(map(abs, flows))
    # numpy-financial 1.0's rule (numpy_financial/_financial.py, irr): several
    # roots of both signs -> the non-negative ones, then the smallest in
    # magnitude. Flows -100, 225, -123.5 = -100 (g - 0.95)(g - 1.3): roots
    # -5 % and 30 %: numpy-financial returns 0.30, Newton from 0 the other.
    np.testing.assert_allclose(fpa.irr_roots([-100, 225, -123.5]), [-0.05, 0.3], rtol=1e-12)
    assert fpa.irr([-100, 225, -123.5]) == pytest.approx(0.3, rel=1e-12)
    assert fpa.irr([-100, 225, -123.5], guess=0) == pytest.approx(-0.05, rel=1e-12)
    # -100 (g - 1.05)(g - 1.4): roots 5 % and 40 %, both positive: the smaller
    assert fpa.irr([-100, 245, -147]) == pytest.approx(0.05, rel=1e-12)
    assert fpa.irr([-100, 245, -147], guess=0.3) == pytest.approx(0.4, rel=1e-12)
    # all negative: the smallest in magnitude ([-100, 100, 0, -7] above)
    assert fpa.irr_roots([100, 200]).size == 0          # one sign: no root
    with pytest.raises(fpa.NoConvergenceError):
        fpa.irr([100, 200])
    with pytest.raises(fpa.NoConvergenceError):        # the NPV stays positive
        fpa.irr([1, -2, 1.5])
    with pytest.raises(fpa.DomainError):
        fpa.irr_roots([1, np.nan])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr_roots([1])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr_roots(None)
    # the root scan is about 4,000 NPV evaluations: 20,000 flows are fine
    long = np.full(20_000, 1.0)
    long[0] = -15_000
    assert fpa.irr(long) == pytest.approx(fpa.irr(long, guess=0.1), rel=1e-9)


def test_npv_conventions_differ_by_one_period():
    v = [-1000, 300, 400, 500]
    assert fpa.npv(0.1, v) == pytest.approx(fpa.npv(0.1, v, start_from_zero=False) * 1.1,
                                            rel=1e-15)


def test_dates_in_every_form():
    import datetime
    amounts = [-10000, 2750, 4250, 3250, 2750]
    # LibreOffice: =XIRR({-10000;2750;4250;3250;2750};
    #   {DATE(2008;1;1);DATE(2008;3;1);DATE(2008;10;30);DATE(2009;2;15);DATE(2009;4;1)})
    want = 0.373362533518832
    iso = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
    forms = [iso, [datetime.date.fromisoformat(d) for d in iso],
             np.array(iso, dtype="datetime64[D]"), np.array(iso, dtype="datetime64[s]"),
             [np.datetime64(d) for d in iso]]
    try:
        import pandas as pd
        forms.append(pd.to_datetime(iso))
        forms.append(list(pd.to_datetime(iso)))
    except ImportError:
        pass
    for dates in forms:
        assert fpa.xirr(dates, amounts) == pytest.approx(want, rel=1e-9)
    with pytest.raises(fpa.InvalidArgumentError, match="dates has 2 values"):
        fpa.xirr(iso[:2], amounts)
    with pytest.raises(fpa.InvalidArgumentError, match=r"dates\[1\] is not a date"):
        fpa.xirr(["2008-01-01", "not a date"], [-1, 2])


def test_xirr_batch_equals_single():
    rng = np.random.default_rng(7)
    schedules = []
    for k in range(50):
        n = 2 + k % 10
        dates = 18000 + np.cumsum(rng.integers(1, 90, n))
        amounts = np.concatenate([[-1000.0], rng.uniform(-50, 300, n - 1)])
        schedules.append((dates, amounts))
    rates, status = fpa.xirr_batch(schedules, threads=2)
    for (d, a), r, s in zip(schedules, rates, status):
        if s == 0:
            assert r == fpa.xirr(d, a)
        else:
            assert math.isnan(r)
            with pytest.raises(fpa.Error):
                fpa.xirr(d, a)


def test_bad_input_raises_never_crashes():
    with pytest.raises(fpa.DomainError, match=r"values\[1\] is NaN") as e:
        fpa.npv(0.1, [1, float("nan"), 3])
    assert e.value.status == "FPA_EDOM" and e.value.code == -2
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.npv(0.1, [])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.npv(0.1, ["a", "b"])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr([[1, 2], [3, 4]])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr(None)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.pmt(0.1, 10, 1000, when="sometimes")
    with pytest.raises(fpa.NoConvergenceError):
        fpa.irr([100, 200])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.fv(0.5, 1e6, -1, 0)
    with pytest.raises(fpa.InvalidArgumentError, match="argument 1 is not a number"):
        fpa.pmt("x", 10, 1000)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.pmt(None, 10, 1000)
    # huge arrays are handled, not a crash (Newton from a guess: the
    # default scan for every root costs 4,000 NPVs of 2 million terms)
    big = np.full(2_000_000, 1.0)
    big[0] = -1.5e6
    assert math.isfinite(fpa.irr(big, guess=0.1))
    # float32, non-contiguous and list inputs are converted
    v = np.array([-100, 0, 60, 0, 60], dtype=np.float32)[::2]
    assert fpa.irr(v) == pytest.approx(fpa.irr([-100, 60, 60]))


def test_options_and_errors_api():
    assert fpa.lib_version() == fpa.__version__
    assert "threads" in fpa.option_names() and "seed" in fpa.option_names()
    assert fpa.option_bounds("threads") == (0, 1024, 1)
    o = fpa.Options(threads=3)
    assert o["threads"] == 3
    with pytest.raises(fpa.InvalidArgumentError, match="outside"):
        o["threads"] = -2
    with pytest.raises(fpa.InvalidArgumentError, match="no option"):
        o["no_such"] = 1
    fpa.clear_error()
    assert fpa.last_error() == ("FPA_OK", "")
    with pytest.raises(fpa.Error):
        fpa.sln(1, 0, 0)
    assert fpa.last_error() == ("FPA_EDOM", "life is 0")
    assert fpa.to_days("2000-01-01") == 10957          # python: date(2000,1,1) - date(1970,1,1)
    assert fpa.to_days((2000, 2, 29)) == 11016
    with pytest.raises(fpa.DomainError):
        fpa.to_days((2023, 2, 29))
    import datetime
    assert fpa.from_days(10957) == datetime.date(2000, 1, 1)
    assert fpa.from_days([0, -1]) == [datetime.date(1970, 1, 1), datetime.date(1969, 12, 31)]
