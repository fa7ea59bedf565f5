# SPDX-License-Identifier: GPL-3.0-or-later
"""Time value of money from Python, with the library's (the spreadsheet's)
conventions.

Expected values:
- tests/ref/tvm_expected.csv and tests/ref/tvm_roots_expected.csv
  (LibreOffice Calc 7.4 and gnumeric 1.12 recalculating the formulas of
  tests/ref/make_tvm_ref.py and make_tvm_roots_ref.py; the files the C and
  Lua tests read), and tests/ref/tvm_daycount_expected.csv (YEARFRAC,
  make_tvm_daycount_ref.py);
- pyxirr's documented examples (docs/functions.md of github.com/Anexen/pyxirr:
  XNPV 2506.579458169746 and XIRR 0.6342972615260243 of its four-flow
  schedule) for its input forms;
- numpy-financial 1.0's test suite (numpy_financial/tests/test_financial.py,
  tag v1.0.0) for broadcast shapes;
- one-year-at-10 % schedules on each day-count basis, worked by hand.
"""
import csv
import datetime
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
        return fpa.npv(a[0], a[1])
    if name == "IRR":
        return fpa.irr(a[0], a[1] if len(a) > 1 else 0.1)
    if name == "MIRR":
        return fpa.mirr(a[0], a[1], a[2])
    if name == "XNPV":
        return fpa.xnpv(a[0], [int(d) - SERIAL_EPOCH for d in a[2]], a[1])
    if name == "XIRR":
        return fpa.xirr([int(d) - SERIAL_EPOCH for d in a[1]], a[0], a[2] if len(a) > 2 else 0.1)
    if name == "PMT":
        return fpa.pmt(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "PV":
        return fpa.pv(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "FV":
        return fpa.fv(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "NPER":
        return fpa.nper(a[0], a[1], a[2], a[3], when(a[4]))
    if name == "RATE":
        return fpa.rate(a[0], a[1], a[2], a[3], when(a[4]), a[5] if len(a) > 5 else 0.1)
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


def rows_of(ref_dir, name):
    with open(os.path.join(ref_dir, name)) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    return rows[1:]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def test_spreadsheet_references(ref_dir):
    failures = []
    rows = rows_of(ref_dir, "tvm_expected.csv")
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


def residual(name, a, r):
    """|equation| / sum of its terms' magnitudes at rate r."""
    q = 1 + r
    if name == "IRR":
        terms = [v * q ** -i for i, v in enumerate(a[0])]
    elif name == "XIRR":
        terms = [v * q ** (-(d - a[1][0]) / 365) for v, d in zip(a[0], a[1])]
    else:
        n, pmt, pv, fv, w = a[:5]
        g = n if r == 0 else (q ** n - 1) / r
        terms = [pv * q ** n, pmt * (1 + r * w) * g, fv]
    return abs(math.fsum(terms)) / math.fsum(abs(t) for t in terms)


def test_spreadsheet_roots(ref_dir):
    """The spreadsheet's root on 1,803 random RATE, IRR and XIRR cases
    (tests/ref/tvm_roots_expected.csv, LibreOffice 7.4 and gnumeric 1.12)."""
    rows = rows_of(ref_dir, "tvm_roots_expected.csv")
    equal, lo_cases, failures = {}, {}, []
    for formula, lo, gn, expect in rows:
        name, args = parse(formula)
        try:
            got = call(name, args)
        except fpa.NoConvergenceError:
            got = None
        if expect == "lo":
            lo_cases[name] = lo_cases.get(name, 0) + 1
            want = float(lo)
            if got is not None and abs(got - want) <= 1e-9 * abs(want) + 1e-10:
                equal[name] = equal.get(name, 0) + 1
            else:
                failures.append(f"{formula[:90]}: {got!r}, LibreOffice {want!r}")
        elif got is not None and not (got > -1 and residual(name, args, got) < 1e-9):
            failures.append(f"{formula[:90]}: {got!r} is no root (LibreOffice: {lo})")
    assert not failures, "\n".join(failures[:20])
    assert equal == lo_cases and min(lo_cases.values()) >= 150


def test_year_fractions_of_the_spreadsheet(ref_dir):
    basis = {0: "30/360 US", 1: "ACT/ACT ISDA", 2: "ACT/360", 3: "ACT/365F", 4: "30E/360"}
    rows = rows_of(ref_dir, "tvm_daycount_expected.csv")
    assert len(rows) >= 700
    for formula, lo, gn, expect in rows:
        a, b, k = (int(x) for x in formula[9:-1].split(";"))
        got = fpa.year_fraction(a - SERIAL_EPOCH, b - SERIAL_EPOCH, basis[k])
        assert got == pytest.approx(float(lo), rel=1e-13, abs=1e-13), formula


# ---- the same number as C, Lua and the fpa command -----------------------------

def test_spreadsheet_conventions_are_the_default():
    # LibreOffice: =NPV(0.1;{-10000;3000;4200;6800}) = 1188.44 (Excel's help)
    v = [-10000, 3000, 4200, 6800]
    assert fpa.npv(0.1, v) == pytest.approx(1188.4434123352216, rel=1e-12)
    assert fpa.npf.npv(0.1, v) == pytest.approx(1188.4434123352216 * 1.1, rel=1e-12)
    # flows -100, 230, -132: roots 10 % and 20 %; the spreadsheet follows the guess
    assert fpa.irr([-100, 230, -132]) == pytest.approx(0.1, rel=1e-12)
    assert fpa.irr([-100, 230, -132], 0.17) == pytest.approx(0.2, rel=1e-12)
    assert fpa.irr([-100, 230, -132], guess=0.9) == pytest.approx(0.2, rel=1e-12)


# ---- arrays -----------------------------------------------------------------------

def test_arrays_are_the_scalar_function_element_by_element():
    rng = np.random.default_rng(3)
    rates = rng.uniform(-0.01, 0.05, 1000)
    nper = rng.integers(1, 480, 1000).astype(float)
    got = fpa.pmt(rates, nper, 250000, 1000, "begin")
    want = [fpa.pmt(float(r), float(n), 250000, 1000, "begin") for r, n in zip(rates, nper)]
    assert np.array_equal(got, want)
    # strided views, integer arrays, lists and numpy scalars
    assert np.array_equal(fpa.fv(rates[::3], 12, -100, -1000), [fpa.fv(float(r), 12, -100, -1000)
                                                                  for r in rates[::3]])
    assert np.array_equal(fpa.sln(np.array([10, 20]), [1, 2], np.int32(3)), [3.0, 6.0])
    assert fpa.pmt(np.float64(0.01), 12, 1000) == fpa.pmt(0.01, 12, 1000)
    # numpy-financial 1.0's broadcast test (test_financial.py, test_pmt):
    # shapes (2, 2), (2,), (2,)
    got = fpa.pmt([[0.0, 0.8], [0.3, 0.8]], [12, 3], [2000, 20000])
    np.testing.assert_allclose(got, [[-166.66667, -19311.258], [-626.90814, -19311.258]],
                               rtol=1e-6)
    # when per element; rate per element with a guess
    w = fpa.pmt(0.01, 12, 1000, 0, ["end", "begin"])
    assert list(w) == [fpa.pmt(0.01, 12, 1000), fpa.pmt(0.01, 12, 1000, 0, "begin")]
    r = fpa.rate([48, 360], [-200, -1073.64324602428], [8000, 200000])
    assert r[0] == fpa.rate(48, -200, 8000) and r[1] == fpa.rate(360, -1073.64324602428, 200000)
    # an empty array is an empty result
    assert fpa.pmt(np.array([]), 12, 1000).shape == (0,)


def test_a_failing_element_names_its_index_or_gives_nan():
    rates = np.array([0.01, 0.02, np.nan, 0.04])
    with pytest.raises(fpa.DomainError, match=r"element \[2\]: rate is NaN"):
        fpa.pmt(rates, 12, 1000)
    out = fpa.pmt(rates, 12, 1000, errors="coerce")
    assert np.isnan(out[2]) and out[3] == fpa.pmt(0.04, 12, 1000)
    grid = np.full((2, 3), 0.01)
    grid[1, 2] = -3
    with pytest.raises(fpa.DomainError, match=r"element \[1, 2\]: rate is -3"):
        fpa.fv(grid, 12, -100, 0)
    assert np.isnan(fpa.pmt(float("nan"), 12, 1000, errors="coerce"))
    with pytest.raises(fpa.InvalidArgumentError, match="errors"):
        fpa.pmt(rates, 12, 1000, errors="ignore")
    with pytest.raises(fpa.InvalidArgumentError, match="broadcast"):
        fpa.pmt([0.1, 0.2], [12, 24, 36], 1000)
    with pytest.raises(fpa.InvalidArgumentError, match="when"):
        fpa.pmt(0.1, 10, 1000, when="sometimes")
    # npv of many series at many rates, and its failing pair
    v = np.array([[-100, 60, 60], [-100, 50, 70]])
    got = fpa.npv([0.05, 0.1], v)
    assert got.shape == (2, 2) and got[1, 0] == fpa.npv(0.1, v[0])
    with pytest.raises(fpa.DomainError, match="rates\\[1\\], row 0"):
        fpa.npv([0.05, -2], v)
    assert np.isnan(fpa.npv([0.05, -2], v, errors="coerce")[1]).all()


def test_pandas_keeps_its_index():
    pd = pytest.importorskip("pandas")
    rates = pd.Series([0.01, 0.02, 0.03], index=["a", "b", "c"], name="rate")
    out = fpa.pmt(rates, 12, 1000)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b", "c"]
    assert out["b"] == fpa.pmt(0.02, 12, 1000)
    frame = pd.DataFrame({"x": [0.01, 0.02], "y": [0.03, 0.04]}, index=[10, 20])
    out = fpa.fv(frame, 12, -100, -100)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["x", "y"]
    assert out.loc[20, "y"] == fpa.fv(0.04, 12, -100, -100)
    flows = pd.DataFrame([[-100, 60, 60], [-100, 50, 70]], index=["p1", "p2"])
    npvs = fpa.npv(0.1, flows)
    assert list(npvs.index) == ["p1", "p2"] and npvs["p2"] == fpa.npv(0.1, [-100, 50, 70])
    by_rate = fpa.npv(pd.Series([0.05, 0.1], index=["low", "high"]), [-100, 60, 60])
    assert list(by_rate.index) == ["low", "high"]
    # nullable floats: <NA> is a failing element
    with pytest.raises(fpa.DomainError, match=r"element \[1\]"):
        fpa.pmt(pd.Series([0.01, None], dtype="Float64"), 12, 1000)


def test_non_numbers_raise_type_error():
    # issue 14: strings, bools, complex numbers and object arrays of
    # strings are refused, not read as numbers
    for bad in [lambda: fpa.pmt("0.01", 12, 1000), lambda: fpa.pmt(True, 12, 1000),
                lambda: fpa.npv(True, [-100, 110]), lambda: fpa.pmt(0.01, None, 1000),
                lambda: fpa.pmt(np.array([0.01 + 1j, 0.02]), 12, 1000),
                lambda: fpa.pmt(np.array(["0.01", "0.02"], dtype=object), 12, 1000),
                lambda: fpa.pmt(np.array(["0.01", "0.02"]), 12, 1000),
                lambda: fpa.pmt([0.01, True], 12, 1000),
                lambda: fpa.pmt(np.array([True, False]), 12, 1000),
                lambda: fpa.npv(0.1, ["a", "b"]), lambda: fpa.irr([-1, "2"]),
                lambda: fpa.irr([-100, 110], "0.1"), lambda: fpa.xnpv("0.1", [0, 365], [-1, 2]),
                lambda: fpa.mirr([-1, 2], True, 0.1), lambda: fpa.effect(0.05, complex(12))]:
        with pytest.raises(TypeError):
            bad()
    # the exception is also the library's invalid-argument error
    with pytest.raises(fpa.InvalidArgumentError, match="rate must be a real number"):
        fpa.pmt("0.01", 12, 1000)
    assert issubclass(fpa.ArgumentTypeError, fpa.InvalidArgumentError)
    # real numbers of other types are numbers
    from decimal import Decimal
    from fractions import Fraction
    assert fpa.pmt(Decimal("0.01"), Fraction(12), 1000) == fpa.pmt(0.01, 12, 1000)
    assert fpa.pmt(np.array([Decimal("0.01")], dtype=object), 12, 1000)[0] == \
        fpa.pmt(0.01, 12, 1000)


# ---- dated flows: pyxirr's forms, day counts ---------------------------------------

PYXIRR_DATES = [datetime.date(2020, 1, 1), datetime.date(2020, 3, 1),
                datetime.date(2020, 10, 30), datetime.date(2021, 2, 15)]
PYXIRR_VALUES = [-10_000, 5750, 4250, 3250]


def test_pyxirr_input_forms():
    d, v = PYXIRR_DATES, PYXIRR_VALUES
    xnpv, xirr = 2506.579458169746, 0.6342972615260243  # pyxirr's docs/functions.md
    forms = [(d, v), (zip(d, v), None), (dict(zip(d, v)), None), (iter(d), (x for x in v)),
             (np.array(d), np.array(v)), (np.array([d, v], dtype=object), None),
             ([str(x) for x in d], v), ([(x, a) for x, a in zip(d, v)], None)]
    pd = None
    try:
        import pandas as pd
        forms += [(pd.Series(d), pd.Series(v)), (pd.DataFrame(zip(d, v)), None),
                  (pd.Series(v, index=pd.to_datetime(d)), None)]
    except ImportError:
        pass
    for dates, amounts in forms:
        if hasattr(dates, "__next__"):  # an iterator is read once
            dates, amounts = iter(d), (x for x in v)
        assert fpa.xnpv(0.1, dates, amounts) == pytest.approx(xnpv, rel=1e-12)
    for dates, amounts in forms:
        if hasattr(dates, "__next__"):
            dates, amounts = iter(d), (x for x in v)
        assert fpa.xirr(dates, amounts) == pytest.approx(xirr, rel=1e-10)
    # pyxirr's silent=True: None instead of an exception
    assert fpa.xirr(d, [abs(x) for x in v], silent=True) is None
    assert fpa.xnpv(0.1, d, v[:-1], silent=True) is None
    with pytest.raises(fpa.NoConvergenceError):
        fpa.xirr(d, [abs(x) for x in v])
    with pytest.raises(fpa.InvalidArgumentError, match="dates has 4 values"):
        fpa.xirr(d, v[:-1])
    with pytest.raises(TypeError):  # a wrong type is never silenced
        fpa.xirr(d, ["a", "b", "c", "d"], silent=True)
    with pytest.raises(fpa.InvalidArgumentError, match="pair"):
        fpa.xirr([(d[0], 1, 2)])


def test_day_count_bases():
    # one year at 10 % on each basis: 110 / (1 + r)^1 = 100 (by hand)
    one_year = {"ACT/365F": ("2023-01-01", "2024-01-01"), "ACT/360": ("2023-01-01", "2023-12-27"),
                "ACT/ACT ISDA": ("2024-01-01", "2025-01-01"),
                "30/360 US": ("2023-01-31", "2024-01-31"), "30E/360": ("2023-02-28", "2024-02-28"),
                "NL/365": ("2023-03-01", "2024-03-01")}
    for basis, dates in one_year.items():
        assert fpa.year_fraction(*dates, basis) == 1.0
        assert fpa.xirr(dates, [-100, 110], day_count=basis) == pytest.approx(0.1, rel=1e-11)
        assert fpa.xnpv(0.1, dates, [-100, 110], day_count=basis) == pytest.approx(0, abs=1e-12)
    assert fpa.year_fraction("2020-01-01", "2021-01-01", "ACT/365.25") == 366 / 365.25
    assert set(fpa.DAY_COUNTS) == {"ACT/365F", "ACT/360", "ACT/365.25", "ACT/ACT ISDA",
                                   "30/360 US", "30E/360", "NL/365"}
    # pyxirr's spellings
    assert fpa.year_fraction("2007-12-28", "2008-02-29", "30U/360") == 61 / 360
    assert fpa.year_fraction("2007-12-28", "2008-02-29", "act/act") == 4 / 365 + 59 / 366
    with pytest.raises(fpa.InvalidArgumentError, match="day-count"):
        fpa.xirr(PYXIRR_DATES, PYXIRR_VALUES, day_count="30/360")  # ambiguous
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.xirr(PYXIRR_DATES, PYXIRR_VALUES, day_count=9)
    # the batch reads the basis too, and equals single solves
    rates, status = fpa.xirr_batch([(PYXIRR_DATES, PYXIRR_VALUES)] * 3, day_count="ACT/360")
    assert (status == 0).all()
    assert rates[1] == fpa.xirr(PYXIRR_DATES, PYXIRR_VALUES, day_count="ACT/360")


def test_xirr_batch_equals_single():
    rng = np.random.default_rng(7)
    schedules = []
    for k in range(50):
        n = 2 + k % 10
        dates = 18000 + np.cumsum(rng.integers(1, 90, n))
        amounts = np.concatenate([[-1000.0], rng.uniform(-50, 300, n - 1)])
        schedules.append((dates, amounts))
    schedules.append(dict(zip(PYXIRR_DATES, PYXIRR_VALUES)))
    rates, status = fpa.xirr_batch(schedules, threads=2)
    for s, r, st in zip(schedules, rates, status):
        one = fpa.xirr(s) if isinstance(s, dict) else fpa.xirr(*s, silent=True)
        if st == 0:
            assert r == one
        else:
            assert math.isnan(r) and one is None


def test_bad_input_raises_never_crashes():
    with pytest.raises(fpa.DomainError, match=r"values\[1\] is NaN") as e:
        fpa.npv(0.1, [1, float("nan"), 3])
    assert e.value.status == "FPA_EDOM" and e.value.code == -2
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.npv(0.1, [])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr([[1, 2], [3, 4]])
    with pytest.raises(TypeError):
        fpa.irr(None)
    with pytest.raises(fpa.NoConvergenceError):
        fpa.irr([100, 200])
    with pytest.raises(fpa.ResultOverflowError):
        fpa.fv(0.5, 1e6, -1, 0)
    # huge arrays are handled, not a crash
    big = np.full(2_000_000, 1.0)
    big[0] = -1.5e6
    assert math.isfinite(fpa.irr(big))
    # float32, non-contiguous and list inputs are converted
    v = np.array([-100, 0, 60, 0, 60], dtype=np.float32)[::2]
    assert fpa.irr(v) == pytest.approx(fpa.irr([-100, 60, 60]))


def test_irr_roots():
    # r is a root of -100 + 100/(1+r) - 7/(1+r)^3, i.e. of 100 g^3 - 100 g^2 + 7
    # (g = 1 + r); numpy.roots([100, -100, 0, 7]) gives g = 0.91670033,
    # 0.32110563 (and -0.23780596 < 0, no rate): r = g - 1
    np.testing.assert_allclose(fpa.irr_roots([-100, 100, 0, -7]),
                               [0.32110563 - 1, 0.91670033 - 1], rtol=1e-7)
    for flows in ([-100, 100, 0, -7], [-5, 10.5, 1, -8, 1], [-100, 39, 59, 55, 20]):
        for r in fpa.irr_roots(flows):
            assert abs(fpa.npv(r, flows)) < 1e-9 * max(map(abs, flows))
    assert fpa.irr_roots([100, 200]).size == 0
    with pytest.raises(fpa.DomainError):
        fpa.irr_roots([1, np.nan])
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.irr_roots([1])


def test_options_and_errors_api():
    assert fpa.lib_version() == fpa.__version__
    assert "tvm.day_count" in fpa.option_names()
    assert fpa.option_bounds("tvm.day_count") == (0, 6, 0)
    fpa.clear_error()
    assert fpa.last_error() == ("FPA_OK", "")
    with pytest.raises(fpa.Error):
        fpa.sln(1, 0, 0)
    assert fpa.last_error() == ("FPA_EDOM", "life is 0")
    # issue 14: a successful batch with a failing schedule leaves the record alone
    rates, status = fpa.xirr_batch([([0, 365], [1, 2]), ([0, 365], [-100, 110])])
    assert status[0] == lib_status("FPA_ENOCONV") and status[1] == 0
    assert fpa.last_error() == ("FPA_EDOM", "life is 0")
    fpa.pmt([0.01, 0.02], 12, 1000)
    assert fpa.last_error() == ("FPA_EDOM", "life is 0")
    # with errors="coerce" a failing element is the call's partial result
    fpa.pmt([0.01, float("nan")], 12, 1000, errors="coerce")
    assert fpa.last_error() == ("FPA_PARTIAL", "element 1: rate is NaN")


def lib_status(name):
    from fpa._fpa_cffi import lib
    return getattr(lib, name)
