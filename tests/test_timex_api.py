"""The helpers around ``find_timexes``: value conversion, week-day arithmetic, purity."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from claimgraph.models import Timex
from claimgraph.nlp.timex import date_of_value, find_timexes, resolve_month, resolve_weekday


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-06-03", "2015-06-03"),
        ("2015-06", "2015-06"),
        ("2015", "2015"),
        ("1998-08-07T10:35", "1998-08-07"),
        ("1998-08-07TNI", "1998-08-07"),
        ("2015-W23", None),
        ("2015-W23-WE", None),
        ("1998-Q3", None),
        ("2014-SU", None),
        ("PRESENT_REF", None),
        ("PAST_REF", None),
        ("P3D", None),
        ("201", None),
        ("19", None),
        ("XXXX-WXX-4", None),
        (None, None),
        ("", None),
    ],
)
def test_timex_api_date_of_value(value, expected):
    assert date_of_value(value) == expected


def test_timex_api_date_of_value_coarsen():
    assert date_of_value("1998-Q3", coarsen=True) == "1998"
    assert date_of_value("2014-SU", coarsen=True) == "2014"
    assert date_of_value("PXY", coarsen=True) is None


def test_timex_api_resolve_weekday():
    thu = dt.date(2023, 10, 12)
    assert resolve_weekday(thu, 4) == thu
    assert resolve_weekday(thu, 4, "last") == dt.date(2023, 10, 5)
    assert resolve_weekday(thu, 4, "next") == dt.date(2023, 10, 19)
    assert resolve_weekday(thu, 1) == dt.date(2023, 10, 9)
    assert resolve_weekday(thu, 1, "future") == dt.date(2023, 10, 16)


def test_timex_api_resolve_month():
    assert resolve_month(2023, 10, 4) == 2023
    assert resolve_month(2023, 10, 11) == 2022
    assert resolve_month(2023, 10, 11, "future") == 2023
    assert resolve_month(2023, 10, 10, "last") == 2022


def test_timex_api_records_are_sorted_offsets_into_the_text():
    text = "On Monday, three days after the Jan. 5 raid, officials met again; they meet weekly."
    got = find_timexes(text, "2020-01-09")
    assert all(isinstance(t, Timex) for t in got)
    assert [t.start for t in got] == sorted(t.start for t in got)
    assert all(text[t.start : t.end] == t.text for t in got)
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


def test_timex_api_empty_and_odd_input():
    assert find_timexes("", "2020-01-01") == []
    assert find_timexes("no dates here at all", "2020-01-01") == []
    assert find_timexes("Friday", "not a date") == [Timex("Friday", 0, 6, "DATE", "XXXX-WXX-5")]
    # impossible days and dates are not read as days ("Feb." alone still names the month)
    assert [t.value for t in find_timexes("Feb. 30 and 13/45/2020", "2020-01-01")] == ["2020-02"]


def test_timex_api_is_deterministic_and_thread_safe():
    text = "Last week, on Friday at 10 a.m., the army said the 2014 war lasted 50 days."
    expected = find_timexes(text, "2020-05-05")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: find_timexes(text, "2020-05-05"), range(40)))
    assert all(r == expected for r in results)
