# SPDX-License-Identifier: GPL-3.0-or-later
"""fpa.npf: numpy-financial 1.0's semantics.

numpy-financial cannot be installed here, so the expected values are the
ones numpy-financial 1.0 publishes (github.com/numpy/numpy-financial, tag
v1.0.0): the examples of its docstrings (numpy_financial/_financial.py) and
the values of its own test suite (numpy_financial/tests/test_financial.py),
each named below; and the semantics its documentation states (NPV from
t = 0, IRR nearest zero, NaN for no solution).
"""
import math
from decimal import Decimal

import numpy as np
import pytest

import fpa
import fpa.npf as npf


def test_docstring_examples():
    # fv: "saving $100 now, with an additional monthly savings of $100 ... 5 %"
    assert npf.fv(0.05 / 12, 10 * 12, -100, -100) == pytest.approx(15692.928894335748,
                                                                   rel=1e-14)
    a = np.array((0.05, 0.06, 0.07)) / 12
    np.testing.assert_allclose(npf.fv(a, 10 * 12, -100, -100),
                               [15692.92889434, 16569.87435405, 17509.44688102], rtol=1e-10)
    # pmt: "a $200,000 loan in 15 years at an annual interest rate of 7.5 %"
    assert npf.pmt(0.075 / 12, 12 * 15, 200000) == pytest.approx(-1854.0247200054619, rel=1e-14)
    # nper: "$150/month ... a loan of $8,000 at 7 %"
    assert round(float(npf.nper(0.07 / 12, -150, 8000)), 5) == 64.07335
    got = npf.nper(*(np.ogrid[0.07 / 12: 0.08 / 12: 0.01 / 12, -150: -99: 50, 8000: 9001: 1000]))
    np.testing.assert_allclose(got, [[[64.07334877, 74.06368256], [108.07548412, 127.99022654]],
                                     [[66.12443902, 76.87897353], [114.70165583, 137.90124779]]],
                               rtol=1e-9)
    # ipmt/ppmt: the amortisation of a 1-year $2,500 loan at 8.24 %
    per = np.arange(1 * 12) + 1
    ip = npf.ipmt(0.0824 / 12, per, 1 * 12, 2500.0)
    pp = npf.ppmt(0.0824 / 12, per, 1 * 12, 2500.0)
    np.testing.assert_allclose(ip + pp, npf.pmt(0.0824 / 12, 1 * 12, 2500.0))
    assert list(np.round(pp[:3], 2)) == [-200.58, -201.96, -203.35]
    assert list(np.round(ip[:3], 2)) == [-17.17, -15.79, -14.40]
    assert np.round(np.sum(ip), 2) == -112.98
    # pv: "an investment that needs to total $15692.93 after 10 years"
    assert npf.pv(0.05 / 12, 10 * 12, -100, 15692.93) == pytest.approx(-100.00067131625819,
                                                                       rel=1e-12)
    np.testing.assert_allclose(npf.pv(np.array((0.05, 0.04, 0.03)) / 12, 10 * 12, -100,
                                      15692.93),
                               [-100.00067132, -649.26771385, -1273.78633713], rtol=1e-9)
    # irr
    assert round(npf.irr([-100, 39, 59, 55, 20]), 5) == 0.28095
    assert round(npf.irr([-100, 0, 0, 74]), 5) == -0.0955
    assert round(npf.irr([-100, 100, 0, -7]), 5) == -0.0833
    assert round(npf.irr([-100, 100, 0, 7]), 5) == 0.06206
    assert round(npf.irr([-5, 10.5, 1, -8, 1]), 5) == 0.0886
    # npv: "an initial investment of $40 000 and projected cashflows ..."
    cashflows = [-40_000, 5_000, 8_000, 12_000, 30_000]
    assert npf.npv(0.08, cashflows).round(5) == 3065.22267
    assert np.round(npf.npv(0.08, [0] + cashflows[1:]) + cashflows[0], 5) == 3065.22267


def test_numpy_financial_test_suite_values():
    # test_npv_irr_congruence
    cf = np.array([-40000, 5000, 8000, 12000, 30000])
    assert abs(npf.npv(npf.irr(cf), cf)) <= 1e-10
    assert round(float(npf.rate(10, 0, -3500, 10000)), 4) == 0.1107        # test_rate
    assert round(npf.irr([-150000, 15000, 25000, 35000, 45000, 60000]), 2) == 0.05
    assert math.isnan(npf.irr([-1, -2, -3]))                               # no solution
    assert round(float(npf.pv(0.07, 20, 12000, 0)), 2) == -127128.17       # test_pv
    assert npf.fv(0.075, 20, -2000, 0, 0) == pytest.approx(86609.362673042924, rel=1e-14)
    assert npf.pmt(0.08 / 12, 5 * 12, 15000) == pytest.approx(-304.145914, rel=1e-7)
    assert npf.pmt(0.0, 5 * 12, 15000) == -250.0
    np.testing.assert_allclose(npf.pmt([[0.0, 0.8], [0.3, 0.8]], [12, 3], [2000, 20000]),
                               [[-166.66667, -19311.258], [-626.90814, -19311.258]], rtol=1e-7)
    assert np.round(npf.ppmt(0.1 / 12, 1, 60, 55000), 2) == -710.25
    assert np.round(npf.ppmt(0.23 / 12, 1, 60, 10000000000), 8) == -90238044.232277036
    assert np.round(npf.ipmt(0.1 / 12, 1, 24, 2000), 2) == -16.67
    assert round(float(npf.nper(0.075, -2000, 0, 100000.)), 2) == 21.54
    assert round(float(npf.nper(0.0, -2000, 0, 100000.)), 1) == 50.0
    assert round(float(npf.npv(0.05, [-15000, 1500, 2500, 3500, 4500, 6000])), 2) == 122.89
    assert round(float(npf.mirr([-4500, -800, 800, 800, 600, 600, 800, 800, 700, 3000],
                                0.08, 0.055)), 4) == 0.0666
    assert round(float(npf.mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12)),
                 6) == 0.126094
    assert round(float(npf.mirr([100, 200, -50, 300, -200], 0.05, 0.06)), 4) == 0.3428
    assert math.isnan(npf.mirr([39000, 30000, 21000, 37000, 46000], 0.10, 0.12))
    # test_when: 'begin' is 1, 'end' and the default are 0
    assert npf.rate(10, 20, -3500, 10000, 1) == npf.rate(10, 20, -3500, 10000, "begin")
    assert npf.pmt(0.08 / 12, 60, 15000., 0, 0) == npf.pmt(0.08 / 12, 60, 15000., 0)
    assert npf.nper(0.075, -2000, 0, 100000., 1) == npf.nper(0.075, -2000, 0, 100000., "begin")
    # Decimal in, Decimal out (test_pmt_decimal: the zero-rate case)
    assert npf.pmt(Decimal("0"), Decimal("60"), Decimal("15000")) == -250


def test_numpy_financial_conventions():
    v = [-1000, 300, 400, 500]
    # NPV from t = 0: the spreadsheet's NPV times 1 + rate
    assert npf.npv(0.1, v) == pytest.approx(fpa.npv(0.1, v) * 1.1, rel=1e-14)
    # IRR: of the roots, the one nearest zero (flows -100, 225, -123.5:
    # roots -5 % and 30 %); the spreadsheet's follows the guess
    assert npf.irr([-100, 225, -123.5]) == pytest.approx(-0.05, rel=1e-12)
    assert fpa.irr([-100, 225, -123.5], 0.25) == pytest.approx(0.3, rel=1e-12)
    # NaN in, NaN out, element by element; no solution: NaN, never a raise
    out = npf.pmt(np.array([0.01, np.nan, 0.03]), 12, 1000)
    assert np.isnan(out[1]) and out[0] == pytest.approx(fpa.pmt(0.01, 12, 1000), rel=1e-13)
    assert math.isnan(npf.irr([1, np.nan, 3]))
    assert math.isnan(npf.irr([100, 200]))
    assert math.isnan(npf.mirr([100, 200], 0.1, 0.1))
    with np.errstate(all="raise"):  # no floating-point warning escapes
        assert np.isnan(npf.nper(0.1, -50, 1000))          # never repaid
    # rate: NaN for every element when any element does not converge
    r = npf.rate([10, 10], [-100, 100], [800, 1000], [0, 0])
    assert np.isnan(r).all()
    r = npf.rate([10, 12], [-100, -100], [800, 1000], [0, 0])
    assert np.allclose(r, [fpa.rate(10, -100, 800), fpa.rate(12, -100, 1000)], rtol=1e-8)
    # numpy-financial 1.0's nper with any zero rate: (pv - fv) / pmt for all
    np.testing.assert_allclose(npf.nper([0.0, 0.05], -100, 1000, 0), [-10.0, -10.0])
