"""Durations, sets and clock times."""
from __future__ import annotations

import pytest

from claimgraph.nlp.timex import find_timexes

ANCHOR = "1998-08-07"  # a Friday


def one(text: str, anchor: str | None = ANCHOR):
    got = find_timexes(text, anchor)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The siege lasted three years.", "three years", "P3Y"),
        ("The siege lasted two weeks.", "two weeks", "P2W"),
        ("In the last twenty four hours, markets fell.", "the last twenty four hours", "PT24H"),
        ("The hostages were held for twenty-four days.", "twenty-four days", "P24D"),
        ("Talks ran for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("It took a minute and a half.", "a minute and a half", "PT1M30S"),
        ("Stocks fell over the past two months.", "the past two months", "P2M"),
        ("It could take a few days.", "a few days", "PXD"),
        ("Talks could drag on for a couple of years.", "a couple of years", "P2Y"),
        ("The two sides have feuded for decades.", "decades", "PXDE"),
        ("The occupation lasted nearly forty years.", "nearly forty years", "P40Y"),
        ("Detainees can be held up to 180 days.", "up to 180 days", "P180D"),
        ("They signed a two-year truce.", "two-year", "P2Y"),
        ("He served his one-year term.", "one-year term", "P1Y"),
        ("Shares hit a 52-week high.", "52-week", "P52W"),
        ("The 10-hour operation ended.", "10-hour", "PT10H"),
    ],
)
def test_timex_durations(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DURATION", value)


def test_timex_durations_leave_prepositions_and_articles_of_adjectives_out():
    assert one("Victory is expected within a week.").text == "a week"
    assert one("He spent about five hours there.").text == "five hours"
    assert one("It was a two-year battle.").text == "two-year"


def test_timex_durations_later_is_a_span_not_a_date():
    t = one("Three days later, the army withdrew.")
    assert (t.text, t.type, t.value) == ("Three days", "DURATION", "P3D")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Convoys cross every week.", "every week", "P1W"),
        ("Convoys cross weekly.", "weekly", "P1W"),
        ("The report is published annually.", "annually", "P1Y"),
        ("Protesters gather daily outside the embassy.", "daily", "P1D"),
        ("Envoys meet twice a month.", "twice a month", "P1M"),
        ("Envoys meet each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("Flights leave on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI"),
        ("Pilgrims come each July.", "each July", "XXXX-07"),
        ("Remittances reach $1 billion a year.", "a year", "P1Y"),
    ],
)
def test_timex_sets(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "SET", value)


def test_timex_sets_average_daily_and_dividend_adjectives_are_not_sets():
    assert find_timexes("Average daily volume was 133 million shares.", ANCHOR) == []
    assert find_timexes("Du Pont raised its quarterly dividend.", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The blast came at 10:35 a.m.", "10:35 a.m.", "1998-08-07T10:35"),
        ("Talks will resume at 9 a.m. EST Monday.", "9 a.m. EST Monday", "1998-08-10T09:00"),
        ("The deadline is 5 p.m. Thursday.", "5 p.m. Thursday", "1998-08-06T17:00"),
        ("Negotiations broke off at noon Thursday.", "noon Thursday", "1998-08-06T12:00"),
        ("The bid expired at midnight Friday.", "midnight Friday", "1998-08-07T24:00"),
        ("Officials spoke this morning.", "this morning", "1998-08-07TMO"),
        ("Officials spoke last night.", "last night", "1998-08-06TNI"),
        ("Officials will speak tonight.", "tonight", "1998-08-07TNI"),
        ("The plane landed at 22:30.", "22:30", "1998-08-07T22:30"),
        ("He left at 4 in the morning.", "4 in the morning", "1998-08-07T04:00"),
    ],
)
def test_timex_times(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "TIME", value)


def test_timex_times_weekday_with_part_of_day():
    # TIMEX3 value with the part of day; typed DATE as TimeBank does
    t = one("Rebels attacked Thursday night.")
    assert (t.text, t.type, t.value) == ("Thursday night", "DATE", "1998-08-06TNI")
    assert one("Officials met Friday morning.").value == "1998-08-07TMO"


def test_timex_times_take_the_day_under_discussion():
    got = find_timexes("The bombs went off Friday. The first exploded at 10:35 a.m.", "1998-08-08")
    assert [t.value for t in got] == ["1998-08-07", "1998-08-07T10:35"]
