"""Date shapes and the day/month order choice (claimgraph.ingest.dates)."""
from __future__ import annotations

import pytest

from claimgraph.ingest.dates import choose_order, find_dates, order_penalties, parse_date


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("Jan 21, 2021", "2021-01-21", "Jan 21, 2021"),
        ("January 21, 2021", "2021-01-21", "January 21, 2021"),
        ("Jan. 21 2021", "2021-01-21", "Jan. 21 2021"),
        ("January 21st, 2021", "2021-01-21", "January 21st, 2021"),
        ("21 January 2021", "2021-01-21", "21 January 2021"),
        ("21st of January, 2021", "2021-01-21", "21st of January, 2021"),
        ("21-Jan-2021", "2021-01-21", "21-Jan-2021"),
        ("2021-01-21", "2021-01-21", "2021-01-21"),
        ("2021-01-21T10:00:00+02:00", "2021-01-21", "2021-01-21T10:00:00+02:00"),
        ("2021/01/21", "2021-01-21", "2021/01/21"),
        ("Thu, 21 Jan 2021 10:00:00 GMT", "2021-01-21", "21 Jan 2021"),
        ("Updated: Oct. 12, 2023 10:05 a.m. ET", "2023-10-12", "Oct. 12, 2023"),
        ("Published 3:14 PM EDT, Thu October 12, 2023", "2023-10-12", "October 12, 2023"),
        ("SEPT. 3, 2019", "2019-09-03", "SEPT. 3, 2019"),
        ("January 2021", "2021-01", "January 2021"),
        ("2021", "2021", "2021"),
        ("2021-03", "2021-03", "2021-03"),
        ("13/07/2015", "2015-07-13", "13/07/2015"),
        ("07/13/2015", "2015-07-13", "07/13/2015"),
        ("13.07.2015", "2015-07-13", "13.07.2015"),
    ],
)
def test_ingest_dates_shapes(text: str, value: str, shown: str) -> None:
    guess = parse_date(text)
    assert guess is not None
    assert guess.value == value
    assert guess.text == shown
    assert guess.confidence == 1.0


@pytest.mark.parametrize("text", ["", "no date here", "may 2021 be good", "version 1.2.3", "31/31/2020", "2021-13-45"])
def test_ingest_dates_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_ingest_dates_dateparser_fallback_for_odd_shapes() -> None:
    guess = parse_date("Thursday the 12th of October 2023")
    assert guess is not None and guess.value == "2023-10-12"


def test_ingest_dates_find_dates_prefers_full_date_over_month_year() -> None:
    found = find_dates("On 21 January 2021 and in March 2020 too.")
    assert [d.iso for d in found] == ["2021-01-21", "2020-03"]


def test_ingest_dates_two_digit_year_only_on_request() -> None:
    assert find_dates("score 01/07/15 today") == []
    assert find_dates("01/07/15", short_years=True)[0].year == 2015


def test_ingest_dates_ambiguous_without_evidence_reads_month_first() -> None:
    guess = parse_date("01/07/2015")
    assert guess is not None
    assert guess.value == "2015-01-07"
    assert guess.order == "month-first"
    assert guess.confidence == 0.5


def test_ingest_dates_past_month_mentions_choose_day_first() -> None:
    context = (
        "Fighters overran the camp in April, officials said.\n\n"
        "The attacks in June were claimed by a splinter group.\n\n"
        "A spokesman said in May that talks had failed."
    )
    guess = parse_date("01/07/2015", context=context)
    assert guess is not None
    assert guess.value == "2015-07-01"
    assert guess.order == "day-first"
    assert 0.7 <= guess.confidence <= 0.9


def test_ingest_dates_past_month_mentions_choose_month_first() -> None:
    # 03/11/2019: 11 March or 3 November?  Events "in September" in the past: November.
    context = "The ministry said in September that the deal had collapsed, and in October it sued."
    guess = parse_date("11/03/2019", context=context)
    assert guess is not None and guess.value == "2019-11-03" and guess.order == "month-first"


def test_ingest_dates_future_mentions_count_against_later_reading() -> None:
    # 05/04/2020: 4 May or 5 April?  "will meet in April" is only possible on 5 April.
    context = "The leaders will meet in April to sign the agreement."
    guess = parse_date("05/04/2020", context=context)
    assert guess is not None and guess.value == "2020-04-05" and guess.order == "day-first"


def test_ingest_dates_mentions_of_other_years_are_no_evidence() -> None:
    context = "The group was founded in December 2013 and grew since the summer of 2014."
    guess = parse_date("01/07/2015", context=context)
    assert guess is not None and guess.confidence == 0.5


def test_ingest_dates_earlier_this_month_rules_out_the_first() -> None:
    context = "Earlier this month, the army said it had withdrawn."
    assert order_penalties(context, []) == []
    guess = parse_date("01/07/2015", context=context)  # 7 January vs 1 July
    assert guess is not None and guess.value == "2015-01-07" and guess.confidence > 0.5


def test_ingest_dates_weekday_on_the_line_decides() -> None:
    # 2 March 2021 was a Tuesday, 3 February 2021 a Wednesday.
    dm = find_dates("Tue 02/03/2021", short_years=True)[0]
    guess = choose_order(dm, line="Tue 02/03/2021")
    assert guess.value == "2021-03-02" and guess.order == "day-first"


def test_ingest_dates_day_first_domain_nudges() -> None:
    guess = parse_date("01/07/2015", url="https://www.example.co.uk/news/1")
    assert guess is not None and guess.value == "2015-07-01" and guess.confidence < 0.7


def test_ingest_dates_impossible_reading_is_certain() -> None:
    for text, value in (("25/12/2020", "2020-12-25"), ("12/25/2020", "2020-12-25")):
        guess = parse_date(text)
        assert guess is not None and guess.value == value and guess.confidence == 1.0


def test_ingest_dates_same_day_and_month_is_unambiguous() -> None:
    guess = parse_date("05/05/2020")
    assert guess is not None and guess.value == "2020-05-05" and guess.confidence == 1.0


def test_ingest_dates_month_day_mentions_need_no_preposition() -> None:
    # 03/04/2021: 4 March or 3 April?  "five days after the March 28 bombing": 3 April.
    context = "The measures come five days after the March 28 bombing of a market, officials said."
    guess = parse_date("03/04/2021", context=context)
    assert guess is not None and guess.value == "2021-04-03" and guess.order == "day-first"


def test_ingest_dates_bare_month_name_is_no_evidence() -> None:
    context = "April Ryan asked the spokesman a question. June Carter sang."
    guess = parse_date("01/07/2015", context=context)
    assert guess is not None and guess.confidence == 0.5
