"""Date options: checked, read from words against today, kept at the precision given, and
compared right against stored dates of every precision."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from claimgraph.userdates import BadDate, since_bound, user_date
from test_cli_support import dated_store, invoke, run_main

TODAY = dt.date(2026, 5, 10)


@pytest.mark.parametrize("text, want", [
    ("2015", "2015"), ("2015-06", "2015-06"), ("2015-6", "2015-06"), ("2015-06-03", "2015-06-03"), ("2016-2-29", "2016-02-29"),
    ("Oct 2023", "2023-10"), ("October 2023", "2023-10"), ("last year", "2025"), ("2 weeks ago", "2026-04-26"),
    ("yesterday", "2026-05-09"), ("March 3, 2021", "2021-03-03"), ("last month", "2026-04"),
])
def test_cli_dates_read_at_the_precision_given(text, want):
    assert user_date(text, today=TODAY) == want


@pytest.mark.parametrize("text, why", [
    ("2015-13-45", "no month 13"), ("2015-02-29", "28 days"), ("2015-04-31", "30 days"),
    ("07/01/2015", "day-month or month-day"), ("01.07.2015", "day-month"), ("banana", "is not a date"), ("", "empty"),
])
def test_cli_dates_refused_with_a_reason(text, why):
    with pytest.raises(BadDate, match=why):
        user_date(text, option="--since", today=TODAY)


def test_cli_dates_since_bound_is_the_start_of_the_period():
    assert [since_bound(d) for d in ("2015-06-01", "2015-01-01", "2015-01", "2015-06-15", "2015")] == \
        ["2015-06", "2015", "2015", "2015-06-15", "2015"]


DATES = ["2014-12-31", "2015", "2015-06", "2015-06-01", "2015-06-15", "2015-07", "2016"]


def _dates(db, *args):
    res = invoke("events", "--db", str(db), *args, "--json", "-n", "0")
    assert res.exit_code == 0, res.output
    return sorted(e["date"] for e in json.loads(res.output))


def test_cli_dates_compare_right_across_precisions(tmp_path):
    db = dated_store(tmp_path / "d.db", DATES)
    # an event's date starts within the range: 2015-06 starts on June 1
    assert _dates(db, "--since", "2015-06-01") == ["2015-06", "2015-06-01", "2015-06-15", "2015-07", "2016"]
    assert _dates(db, "--since", "2015") == DATES[1:]
    assert _dates(db, "--until", "2015") == DATES[:-1]
    assert _dates(db, "--since", "June 2015", "--until", "2015-06") == ["2015-06", "2015-06-01", "2015-06-15"]
    assert _dates(db, "--since", "2015-6-15", "--until", "2015-06-30") == ["2015-06-15"]
    t = invoke("timeline", "--db", str(db), "--since", "2015-06-01", "--until", "Jun 2015", "--json")
    assert sorted(e["date"] for e in json.loads(t.output)) == ["2015-06", "2015-06-01", "2015-06-15"]


def test_cli_dates_words_resolve_against_today(tmp_path):
    year = dt.date.today().year
    db = dated_store(tmp_path / "d.db", [f"{year - 2}-03", f"{year - 1}", f"{year - 1}-11-02", f"{year}"])
    assert _dates(db, "--since", "last year", "--until", "last year") == [f"{year - 1}", f"{year - 1}-11-02"]


@pytest.mark.parametrize("bad", ["2015-13-45", "07/01/2015", "soonish"])
def test_cli_dates_bad_date_is_one_line_exit_2(tmp_path, bad):
    db = dated_store(tmp_path / "d.db", DATES)
    for cmd in (["events"], ["timeline"]):
        res = run_main(*cmd, "--db", str(db), "--until", bad)
        assert res.exit_code == 2, res
        assert res.stderr.count("\n") == 1 and f"--until {bad!r}" in res.stderr and "Traceback" not in res.stderr
