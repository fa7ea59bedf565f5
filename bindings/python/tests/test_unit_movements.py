# SPDX-License-Identifier: GPL-3.0-or-later
"""Customer movements from Python (fpa.customer_counts, fpa.revenue_movements,
fpa.logo_churn_mean) against tests/ref/movements_expected.csv, which
tests/ref/make_movements_ref.py derives from tests/ref/cohort_rows.csv with
pandas groupby, nunique and set arithmetic."""
import csv
import os

import numpy as np
import pandas as pd
import pytest

import fpa
from conftest import undocumented

NAMES = ["customer_counts", "revenue_movements", "logo_churn_mean", "CustomerCounts",
         "RevenueMovements"]


def expected(ref_dir):
    with open(os.path.join(ref_dir, "movements_expected.csv")) as f:
        return [r for r in csv.reader(f) if r and not r[0].startswith("#")]


def test_documented():
    class Names:
        __all__ = NAMES
    for n in NAMES:
        setattr(Names, n, getattr(fpa.unit, n))
    assert undocumented(Names) == []


def test_movements_match_pandas(ref_dir):
    df = pd.read_csv(os.path.join(ref_dir, "cohort_rows.csv"))
    c = fpa.customer_counts(df.customer, df.cohort, df.period, -1, 12)
    seen = 0
    for row in expected(ref_dir):
        if row[0] == "counts":
            k = int(row[1]) + 1
            assert (c.active[k], c.acquired[k], c.lost[k]) == tuple(map(float, row[2:5]))
        elif row[0] == "movements":
            m = fpa.revenue_movements(df.customer, df.period, df.revenue, int(row[1]),
                                      int(row[2]))
            assert m == pytest.approx(tuple(map(float, row[3:7])), rel=1e-13)
        else:
            k0, k1 = int(row[1]) + 1, int(row[2]) + 2
            assert fpa.logo_churn_mean(c.active[k0:k1], c.lost[k0:k1]) == \
                pytest.approx(float(row[3]), rel=1e-15)
        seen += 1
    assert seen == 20


def test_string_customers_and_dates(ref_dir):
    df = pd.read_csv(os.path.join(ref_dir, "cohort_rows.csv"))
    names = np.array([f"cust-{c}" for c in df.customer])
    month = lambda p: np.datetime64("2025-01") + p.astype("timedelta64[M]")
    c = fpa.customer_counts(names, month(df.cohort.values), month(df.period.values),
                            np.datetime64("2025-01"), 9)
    ref = fpa.customer_counts(df.customer, df.cohort, df.period, 0, 9)
    for a, b in zip(c, ref):
        assert np.array_equal(a, b)


def test_bad_input():
    with pytest.raises(fpa.DataError):
        fpa.customer_counts([1, 1], [0, 1], [0, 1], 0, 2)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.customer_counts([1], [0, 1], [0, 1], 0, 2)
    with pytest.raises(fpa.InvalidArgumentError):
        fpa.customer_counts([1], [0], [0], 0, 0)
    with pytest.raises(fpa.DomainError):
        fpa.revenue_movements([1], [0], [1.0], 1, 1)
    with pytest.raises(fpa.DomainError):
        fpa.revenue_movements([1], [0], [np.nan], 0, 1)
    with pytest.raises(fpa.DomainError):
        fpa.logo_churn_mean([0, 0], [0, 0])
    with pytest.raises(fpa.DataError):
        fpa.logo_churn_mean([2, 3], [2, 3])
