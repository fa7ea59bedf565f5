# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates from Python: one parser (the C library's fpa_date_parse) and one
grammar, ISO 8601 calendar dates YYYY-MM-DD (docs/tvm.md).

Expected day numbers: POSIX time (2000-01-01 is day 10957, 946684800 s /
86400; 2024-01-01 day 19723, 1704067200 s / 86400) and Python's
datetime.date.toordinal() - date(1970, 1, 1).toordinal().
"""
import datetime

import numpy as np
import pytest

import fpa


def ordinal(y, m, d):
    return datetime.date(y, m, d).toordinal() - datetime.date(1970, 1, 1).toordinal()


def test_iso_calendar_dates():
    assert fpa.parse_date("2000-01-01") == 10957
    assert fpa.parse_date("2024-01-01") == 19723
    assert fpa.to_days("2024-02-29") == ordinal(2024, 2, 29)
    assert fpa.to_days(["1969-12-31", "+2024-03-05"]).tolist() == [-1, ordinal(2024, 3, 5)]
    assert fpa.to_days("-0044-03-15") == fpa.to_days((-44, 3, 15))


@pytest.mark.parametrize("text", ["2024", "2024-03", "2024-3-5", "2024-03-5", "20240305",
                                  " 2024-03-05", "2024-03-05T10:00", "05.03.2024",
                                  "4294969320-01-01", ""])
def test_what_is_not_a_day_is_refused(text):
    # '2024' and '2024-03' name a year and a month: never silently the 1st
    with pytest.raises(fpa.InvalidArgumentError, match="is not a YYYY-MM-DD date"):
        fpa.parse_date(text)
    with pytest.raises(fpa.InvalidArgumentError, match=r"dates\[1\]"):
        fpa.xnpv(0.1, ["2024-01-01", text], [-100, 110])


def test_no_such_day():
    for text in ("2023-02-29", "2024-13-01", "2024-04-31"):
        with pytest.raises(fpa.DomainError):
            fpa.parse_date(text)
    with pytest.raises(fpa.DomainError):
        fpa.to_days((2024, 2, 30))
    with pytest.raises(fpa.DomainError, match="year"):  # not wrapped into C's int
        fpa.to_days((4294969320, 1, 1))


def test_every_date_type_means_the_same_day():
    want = ordinal(2024, 3, 5)
    forms = [datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5, 17, 30),
             np.datetime64("2024-03-05"), np.datetime64("2024-03-05T23:59:59"), "2024-03-05",
             want]
    for f in forms:
        assert fpa.to_days(f) == want
    assert fpa.to_days(np.array(["2024-03-05"], dtype="datetime64[ns]")).tolist() == [want]
    # a month or a year of numpy is not a day
    with pytest.raises(fpa.InvalidArgumentError, match="month"):
        fpa.to_days(np.array(["2024-03"], dtype="datetime64[M]"))
    with pytest.raises(fpa.InvalidArgumentError, match="not a date"):
        fpa.to_days([True])
    with pytest.raises(fpa.InvalidArgumentError, match="NaT"):
        fpa.to_days(np.array(["NaT"], dtype="datetime64[D]"))


def test_pandas_periods():
    pd = pytest.importorskip("pandas")
    want = ordinal(2024, 3, 5)
    assert fpa.to_days(pd.Timestamp("2024-03-05 12:00")) == want
    assert fpa.to_days(pd.Period("2024-03-05", "D")) == want
    assert fpa.to_days(pd.period_range("2024-03-05", periods=2, freq="D")).tolist() == \
        [want, want + 1]
    # a monthly period is a month: refused, not taken as its last (or first) day
    with pytest.raises(fpa.InvalidArgumentError, match="not a day"):
        fpa.to_days(pd.period_range("2024-01", periods=3, freq="M"))
    with pytest.raises(fpa.InvalidArgumentError, match="not a day"):
        fpa.xirr(pd.Series([-100, 110], index=pd.period_range("2024", periods=2, freq="Y")))
    assert fpa.to_days(pd.period_range("2024-01", periods=2, freq="M").to_timestamp(
        how="end")).tolist() == [ordinal(2024, 1, 31), ordinal(2024, 2, 29)]
    assert fpa.to_days(pd.to_datetime(["2024-03-05"])).tolist() == [want]


def test_dates_back():
    assert fpa.from_days(10957) == datetime.date(2000, 1, 1)
    assert fpa.from_days([0, -1]) == [datetime.date(1970, 1, 1), datetime.date(1969, 12, 31)]
