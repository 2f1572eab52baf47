"""Relative dates resolved against the article date (news conventions)."""
from __future__ import annotations

import pytest

from claimgraph.nlp.timex import find_timexes

THURSDAY = "2023-10-12"  # a Thursday


def values(text: str, anchor: str | None = THURSDAY) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor)]


def value(text: str, anchor: str | None = THURSDAY) -> str | None:
    got = find_timexes(text, anchor)
    assert len(got) == 1, got
    return got[0].value


def test_timex_relative_weekday_on_its_own_day_is_that_day():
    assert value("The ministry said Thursday that the talks had failed.") == "2023-10-12"


def test_timex_relative_weekday_is_the_last_one_in_past_clauses():
    assert value("Militants attacked the convoy on Monday.") == "2023-10-09"
    assert value("Officials said Friday the border was closed.") == "2023-10-06"


def test_timex_relative_weekday_points_forward_when_the_clause_does():
    assert value("The envoy will meet the prime minister on Monday.") == "2023-10-16"
    assert value("Talks are scheduled to resume Saturday in Cairo.") == "2023-10-14"


def test_timex_relative_last_and_next_weekday():
    assert value("They met last Thursday.") == "2023-10-05"
    assert value("They meet next Thursday.") == "2023-10-19"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The group said today it would respond.", "2023-10-12"),
        ("The group said yesterday it would respond.", "2023-10-11"),
        ("The group will respond tomorrow.", "2023-10-13"),
        ("The ceasefire is now holding.", "PRESENT_REF"),
        ("The ceasefire is currently holding.", "PRESENT_REF"),
        ("The two sides met last week.", "2023-W40"),
        ("The two sides meet next week.", "2023-W42"),
        ("The two sides met this week.", "2023-W41"),
        ("Rockets were fired over the past weekend.", "2023-W40-WE"),
        ("Rockets were fired over the weekend.", "2023-W40-WE"),
        ("The strike happened earlier this month.", "2023-10"),
        ("The strike happened last month.", "2023-09"),
        ("The war started last year.", "2022"),
        ("Elections are due next year.", "2024"),
        ("The deal was signed two years ago.", "2021"),
        ("The deal was signed three months ago.", "2023-07"),
        ("The deal was signed 10 days ago.", "2023-10-02"),
        ("Fighting has intensified in recent weeks.", "PAST_REF"),
        ("Such attacks happened in the past.", "PAST_REF"),
        ("Such attacks may happen in the future.", "FUTURE_REF"),
        ("Sales were strong in the third quarter.", "2023-Q3"),
        ("Sales were strong last quarter.", "2023-Q3"),
        ("The town fell last summer.", "2023-SU"),
        ("The envoy visited last December.", "2022-12"),
        ("Thanksgiving was quiet last year; Christmas will not be.", None),
    ],
)
def test_timex_relative_values(text, expected):
    got = find_timexes(text, THURSDAY)
    if expected is None:
        assert [t.value for t in got] == ["2022-11-24", "2022", "2023-12-25"]
        return
    assert len(got) == 1, got
    assert got[0].value == expected


def test_timex_relative_month_names_alone_follow_tense():
    assert value("The offensive began in April.", "2023-10-12") == "2023-04"
    assert value("The offensive began in November.", "2023-10-12") == "2022-11"
    assert value("Elections will be held in November.", "2023-10-12") == "2023-11"


def test_timex_relative_in_the_2010s_and_decade_words():
    assert values("Militancy grew in the 2010s.") == [("the 2010s", "DATE", "201")]
    assert value("It was different in the nineties.") == "199"


def test_timex_relative_year_ago_follows_the_quarter_under_discussion():
    text = "Profit rose 5% in the third quarter, up from $3 million a year earlier."
    assert [t.value for t in find_timexes(text, "1998-10-20")] == ["1998-Q3", "1997-Q3"]
    assert value("Profit rose 5% from a year earlier.", "1998-10-20") == "1997"


def test_timex_relative_anchor_precision_limits_resolution():
    # a month-precision anchor resolves months and years, not days
    got = find_timexes("Officials said yesterday that last month was the worst this year.", "2023-10")
    assert [t.value for t in got] == [None, "2023-09", "2023"]
    # no anchor: absolute dates still resolve, relative ones do not
    got = find_timexes("On Jan. 5, 2020 and last year and on Friday.", None)
    assert [t.value for t in got] == ["2020-01-05", None, "XXXX-WXX-5"]
