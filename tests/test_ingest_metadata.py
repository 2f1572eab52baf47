"""Title, byline, outlet and date lines (claimgraph.ingest.metadata, read_text_document)."""
from __future__ import annotations

import pytest

from claimgraph.errors import ReadError
from claimgraph.ingest import extract_metadata, read_text_document

BODY = (
    "The two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
    "according to officials from both sides who spoke on condition of anonymity to reporters."
)
BODY2 = "The foreign minister said in a statement that the agreement could collapse if shelling resumed."
HEADLINE = "Truce Extended After Talks in Doha"


def doc(*lines: str, hints: dict | None = None):
    return read_text_document("\n".join(lines), hints=hints)


def test_ingest_metadata_title_is_first_headline_line() -> None:
    d = doc(HEADLINE, "", BODY, "", BODY2)
    assert d.title == HEADLINE
    assert d.text.startswith(HEADLINE)  # the headline stays in the text, once


def test_ingest_metadata_sentence_first_line_is_no_title() -> None:
    assert doc(BODY, "", BODY2).title is None


def test_ingest_metadata_markdown_heading_title() -> None:
    d = doc("# " + HEADLINE, "", BODY)
    assert d.title == HEADLINE and d.text.startswith(HEADLINE + "\n\n")


def test_ingest_metadata_tagged_headline_then_clean_headline() -> None:
    d = doc("Gaza, Ceasefire, " + HEADLINE, "", HEADLINE, BODY)
    assert d.title == HEADLINE
    assert "Gaza, Ceasefire," not in d.text and d.text.count(HEADLINE) == 1


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("BY JANE ROE", "Jane Roe"),
        ("By Jane Roe and Omar Haddad", "Jane Roe and Omar Haddad"),
        ("By Jane Roe, Staff Writer", "Jane Roe"),
        ("By Jane Roe | Jan 21, 2021", "Jane Roe"),
        ("Jane Roe | Reporter", "Jane Roe"),
        ("Jane Roe, Senior Correspondent", "Jane Roe"),
        ("Written by Abu Bakr al-Hamdani", "Abu Bakr al-Hamdani"),
    ],
)
def test_ingest_metadata_byline_shapes(line: str, author: str) -> None:
    d = doc(HEADLINE, line, "", BODY, "", BODY2)
    assert d.author == author
    assert line not in d.text


def test_ingest_metadata_lone_name_after_title_or_caption_is_author() -> None:
    d = doc(HEADLINE, "A man walks past rubble in the city. (Jane Roe/AP Photo)", "Omar Haddad", "", BODY)
    assert d.author == "Omar Haddad"
    assert "Omar Haddad" not in d.text


@pytest.mark.parametrize("line", ["Hamas Supporters", "ISIS Fighters", "Related Topics", "More Warnings", "Middle East"])
def test_ingest_metadata_capitalised_non_names_are_no_author(line: str) -> None:
    assert doc(HEADLINE, line, "", BODY).author is None


def test_ingest_metadata_by_in_a_sentence_is_no_byline() -> None:
    d = doc(HEADLINE, "By contrast, the army said nothing.", "", BODY)
    assert d.author is None and "By contrast" in d.text


def test_ingest_metadata_trailing_by_credit() -> None:
    d = doc(BODY, "", BODY2, "", "by ExampleReview.org")
    assert d.author == "ExampleReview.org" and "ExampleReview.org" not in d.text


def test_ingest_metadata_author_from_bio_when_no_byline() -> None:
    d = doc(BODY, "", BODY2, "", "Jane Roe is a correspondent for Example Daily based in Beirut.")
    assert d.author == "Jane Roe"
    assert d.source == "Example Daily"


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("It means we can continue to make Example Business Daily available to everyone.", "Example Business Daily"),
        ("© 2021 Example Times. All rights reserved.", "Example Times"),
        ("Copyright 2019 The Example Post", "The Example Post"),
        ("Copyright © 2020-2023 Example Herald, Inc.", "Example Herald"),
        ("Having joined The Example Chronicle's news team in 2009, she covers the region.", "The Example Chronicle"),
    ],
)
def test_ingest_metadata_outlet_revealed_by_text(line: str, source: str) -> None:
    assert doc(BODY, "", BODY2, "", line).source == source


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        ("GAZA CITY (Reuters) - Israeli jets struck targets in the north overnight, the military said.", "Reuters"),
        ("BEIRUT, Lebanon (AP) — A blast shook the port on Tuesday, witnesses said.", "Associated Press"),
        ("CAIRO (AFP) - Egypt said talks would resume.", "Agence France-Presse"),
    ],
)
def test_ingest_metadata_wire_dateline_names_the_source(opening: str, source: str) -> None:
    assert doc(opening, "", BODY).source == source


def test_ingest_metadata_outlet_is_conservative() -> None:
    d = doc(BODY, "", "Reuters contributed to this report.", "", "The Example Post reported on Monday that talks failed.")
    assert d.source is None


def test_ingest_metadata_hints_win() -> None:
    d = doc("# Some Other Title", "By Jane Roe", "Jan 21, 2021", "", BODY,
            hints={"title": "Hint Title", "author": "Hint Author", "source": "Hint Source",
                   "published": "2020-02-03", "url": "https://example.org/a"})
    assert (d.title, d.author, d.source, d.url) == ("Hint Title", "Hint Author", "Hint Source", "https://example.org/a")
    assert d.published == "2020-02-03" and d.published_origin == "metadata" and d.published_text == "2020-02-03"


@pytest.mark.parametrize(
    ("line", "value", "shown"),
    [
        ("Jan 21, 2021", "2021-01-21", "Jan 21, 2021"),
        ("January 21, 2021", "2021-01-21", "January 21, 2021"),
        ("21 January 2021", "2021-01-21", "21 January 2021"),
        ("2021-01-21", "2021-01-21", "2021-01-21"),
        ("Updated: Oct. 12, 2023 10:05 a.m. ET", "2023-10-12", "Oct. 12, 2023 10:05 a.m. ET"),
        ("Published 3:14 PM EDT, Thu October 12, 2023", "2023-10-12", "3:14 PM EDT, Thu October 12, 2023"),
        ("Posted on March 3, 2022 at 9:00", "2022-03-03", "March 3, 2022 at 9:00"),
    ],
)
def test_ingest_metadata_date_lines(line: str, value: str, shown: str) -> None:
    d = doc(HEADLINE, line, "", BODY, "", BODY2)
    assert d.published == value
    assert d.published_text == shown
    assert d.published_origin == "dateline"
    assert d.published_confidence == 1.0
    assert line not in d.text


def test_ingest_metadata_lone_label_then_date_line() -> None:
    d = doc(HEADLINE, "Updated:", "Jan 21, 2021", "", BODY)
    assert d.published == "2021-01-21" and "Updated" not in d.text and "Jan 21, 2021" not in d.text


def test_ingest_metadata_lone_label_without_date_is_dropped() -> None:
    d = doc(HEADLINE, "Updated:", "0:00", "", BODY)
    assert "Updated" not in d.text and "0:00" not in d.text


def test_ingest_metadata_published_beats_updated() -> None:
    d = doc(HEADLINE, "Updated: March 5, 2022", "Published: March 3, 2022", "", BODY)
    assert d.published == "2022-03-03"


def test_ingest_metadata_date_inside_a_sentence_is_no_dateline() -> None:
    d = doc(HEADLINE, "", "The deal was signed on Jan 21, 2021, officials said, and will be reviewed next year.", "", BODY)
    assert d.published_origin != "dateline"


def test_ingest_metadata_caption_date_fallback_is_low_confidence() -> None:
    caption = "Leaders meet in Cairo on March 2, 2022, after a week of strikes. (Jane Roe/Pool via Getty Images)"
    d = doc(BODY, "", caption, "", "The talks began on Feb. 27, 2022, officials said.", "", BODY2)
    assert d.published == "2022-03-02" and d.published_origin == "text" and d.published_confidence < 0.5


def test_ingest_metadata_dates_in_body_sentences_are_not_the_publication_date() -> None:
    d = doc(BODY, "", "The company expects profit to fall in the year ending June 30, 1990.", "", BODY2)
    assert d.published is None


def test_ingest_metadata_no_date_is_null() -> None:
    d = doc(HEADLINE, "", BODY)
    assert d.published is None and d.published_text is None and d.published_origin is None


def test_ingest_metadata_ambiguous_dateline_uses_article_evidence() -> None:
    d = doc(HEADLINE, "01/07/2015", "", "Militants seized the camp in April, residents said.",
            "", "The attacks in June were blamed on a splinter group.")
    assert d.published == "2015-07-01" and 0.5 < d.published_confidence < 1.0


def test_ingest_metadata_ambiguous_hint_uses_article_evidence() -> None:
    d = doc("Militants seized the camp in April, residents said.", hints={"published": "01/07/2015"})
    assert d.published == "2015-07-01" and d.published_origin == "metadata"


def test_ingest_metadata_extract_metadata_alone() -> None:
    meta = extract_metadata("\n".join([HEADLINE, "By Jane Roe", "Jan 21, 2021", "", BODY]))
    assert (meta.title, meta.author, meta.published) == (HEADLINE, "Jane Roe", "2021-01-21")
    assert len(meta.consumed) == 2


def test_ingest_metadata_empty_text_raises_read_error() -> None:
    with pytest.raises(ReadError):
        read_text_document("   \n\n \t ")
    with pytest.raises(ReadError):
        read_text_document("Advertisement\n\nShare on Facebook\n\n0:00")


def test_ingest_metadata_date_glued_to_the_headline() -> None:
    d = doc(HEADLINE + " Tuesday, September 1, 2015", "", BODY)
    assert d.title == HEADLINE and d.published == "2015-09-01" and d.published_origin == "dateline"
    assert d.published_text == "Tuesday, September 1, 2015"
    assert d.text.startswith(HEADLINE + "\n\n") and "2015" not in d.text
    assert "Tuesday, September 1, 2015" in d.removed


def test_ingest_metadata_date_glued_to_the_first_paragraph() -> None:
    d = doc("Thursday, May 7, 2015 On Tuesday, the government announced a review of the flag.", "", BODY)
    assert d.published == "2015-05-07"
    assert d.text.startswith("On Tuesday, the government announced")
    d = doc("Jan. 21, 2021 — " + BODY)
    assert d.published == "2021-01-21" and d.text == BODY


def test_ingest_metadata_date_inside_first_sentence_is_not_glued() -> None:
    d = doc("On January 21, 2021 the two sides met in Doha and agreed to extend the truce.", "", BODY)
    assert d.published is None


def test_ingest_metadata_title_with_site_suffix_then_clean_headline() -> None:
    d = doc(HEADLINE + " | Example Gazette", HEADLINE, "", BODY)
    assert d.title == HEADLINE and "Example Gazette" not in d.text


def test_ingest_metadata_caption_repeating_title_words_is_not_the_headline() -> None:
    title = "Interview with the veteran negotiator Omar Haddad"
    d = doc(title, "The veteran negotiator Omar Haddad", BODY)
    assert d.title == title and d.text.startswith(title)


def test_ingest_metadata_weekday_date_ending_a_sentence_is_not_glued() -> None:
    d = doc("The vote is scheduled for Wednesday, February 3, 2016.", "", BODY)
    assert d.published is None and "February 3, 2016" in d.text


def test_ingest_metadata_reporting_credit_names_the_author() -> None:
    d = doc(BODY, "", BODY2, "", "(Reporting by Jane Roe; editing by Omar Haddad)")
    assert d.author == "Jane Roe" and "Reporting by" not in d.text


def test_ingest_metadata_unknown_wire_code_is_kept_as_is() -> None:
    assert doc("NORTH CITY (XYZ) - " + BODY).source == "XYZ"


def test_ingest_metadata_outlet_self_description_at_the_end() -> None:
    d = doc(BODY, "", BODY2, "", "Example Ledger is funded by its readers. Thank you for reading.")
    assert d.source == "Example Ledger" and "funded by its readers" not in d.text
    d = doc(BODY, "", "Example Ledger is the only paper in town that said so, the mayor claimed.", "", BODY2)
    assert d.source is None


def test_ingest_metadata_explicit_byline_beats_outlet_name_line() -> None:
    d = doc(HEADLINE, "", "Example Ledger", "January 9, 2024", "By Jane Roe", "", BODY, "", BODY2)
    assert d.author == "Jane Roe" and d.published == "2024-01-09"


def test_ingest_metadata_bio_covering_for_outlet() -> None:
    bio = "Jane Roe is the paper's defense correspondent. She has covered the conflict for The Example Ledger since 2014."
    d = doc(BODY, "", BODY2, "", bio)
    assert d.source == "The Example Ledger" and d.author == "Jane Roe"


def test_ingest_metadata_overlong_title_source_and_author_are_cut() -> None:
    """A "title" of thousands of characters is extraction junk: it is cut at a word, with "…",
    so that lists show it and PostgreSQL's indexes take it (their rows hold 2,704 bytes)."""
    from claimgraph.ingest.document import META_LIMITS

    hints = {"title": "Orlan Ledger Special: " + "harbour talks resumed again " * 250,
             "source": "The Orlan Ledger and Weekly Courier " * 20, "author": "Ana Brel, Tomas Vey and " * 30}
    d = doc(BODY, "", BODY2, hints=hints)
    for field in ("title", "source", "author"):
        value = getattr(d, field)
        assert len(value) <= META_LIMITS[field] and value.endswith("…") and hints[field].startswith(value[:-1])
        assert value[-2] != " " and len(value) > META_LIMITS[field] * 0.8  # cut at a word, near the limit
    whole = doc(BODY, hints={"title": "Harbour Talks Resume in Orlan", "source": "The Orlan Ledger"})
    assert (whole.title, whole.source) == ("Harbour Talks Resume in Orlan", "The Orlan Ledger")  # real ones stay whole
