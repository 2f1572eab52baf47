"""Absolute dates in the shapes news uses, and what is not a date."""
from __future__ import annotations

import pytest

from claimgraph.nlp.timex import find_timexes

ANCHOR = "2021-03-10"


def one(text: str, anchor: str | None = ANCHOR):
    got = find_timexes(text, anchor)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The strike came on Jan. 21, 2021, officials said.", "Jan. 21, 2021", "2021-01-21"),
        ("The strike came on Jan 21, 2021.", "Jan 21, 2021", "2021-01-21"),
        ("The strike came on 21 January 2021.", "21 January 2021", "2021-01-21"),
        ("The strike came on the 21st of January, 2021.", "the 21st of January, 2021", "2021-01-21"),
        ("Filed 2021-01-21 by the ministry.", "2021-01-21", "2021-01-21"),
        ("Filed 01/07/2015 by the ministry.", "01/07/2015", "2015-01-07"),
        ("The talks collapsed in January 2021.", "January 2021", "2021-01"),
        ("The group was founded in 1998.", "1998", "1998"),
        ("It spread in mid-2014.", "mid-2014", "2014"),
        ("It was a different place in the 1990s.", "the 1990s", "199"),
        ("Militancy grew in the 2010s.", "the 2010s", "201"),
        ("Militancy grew in the late '80s.", "the late '80s", "198"),
        ("The summer of 2014 was violent.", "The summer of 2014", "2014-SU"),
        ("The 20th century saw two world wars.", "The 20th century", "19"),
        ("Sales rose in fiscal 2020.", "fiscal 2020", "2020"),
        ("Profit fell in the third quarter of 1998.", "the third quarter of 1998", "1998-Q3"),
        ("They met on Saturday, April 25, 1998.", "Saturday, April 25, 1998", "1998-04-25"),
        ("He was born in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("The attacks of 9/11 changed everything.", "9/11", "2001-09-11"),
    ],
)
def test_timex_absolute_shapes(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DATE", value)
    assert text[t.start : t.end] == t.text


def test_timex_absolute_month_day_takes_the_nearest_year():
    assert one("The dividend is payable Dec. 15.", "1989-10-26").value == "1989-12-15"
    assert one("The offer expires Jan. 2.", "1989-11-02").value == "1990-01-02"
    assert one("The thrift announced the plan Aug. 21.", "1989-10-27").value == "1989-08-21"
    # a fiscal year that "ended", a date "since" which, lie behind the article date
    assert one("Revenue for the period ended March 31 rose.", "1989-11-01").value == "1989-03-31"
    assert one("He has not been seen since Nov. 3.", "1999-05-07").value == "1998-11-03"
    assert one("The offer runs until Nov. 30.", "1989-05-30").value == "1989-11-30"


@pytest.mark.parametrize(
    "text",
    [
        "The army sent 2000 troops to the border.",  # a count, not a year
        "The jet on Flight 1990 landed safely.",
        "Police said 1,998 people were detained.",
        "Theresa May said the vote would go ahead.",  # a name, not the month
        "Officials may march on the capital.",  # verbs, not months
        "A 44-year-old man and his 6-year-old son were hurt.",  # ages are not time expressions
    ],
)
def test_timex_absolute_non_dates_are_left_alone(text):
    assert find_timexes(text, ANCHOR) == []


def test_timex_absolute_month_names_need_context_when_ambiguous():
    got = [t.value for t in find_timexes("The vote is due in May and the count in March.", "2021-02-01")]
    assert got == ["2021-05", "2021-03"]


def test_timex_absolute_curly_apostrophes_and_offsets():
    text = "Life in the 1930’s was hard; today’s world differs."
    got = find_timexes(text, ANCHOR)
    assert [(t.text, t.value) for t in got] == [("the 1930’s", "193"), ("today", ANCHOR)]
    assert all(text[t.start : t.end] == t.text for t in got)
