"""Web-debris removal (claimgraph.ingest.clean), one debris class per test."""
from __future__ import annotations

import json

import pytest

from claimgraph.ingest import clean_text
from claimgraph.ingest.patterns import compile_patterns, load_patterns

BODY = (
    "The two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
    "according to officials from both sides who spoke on condition of anonymity."
)
BODY2 = "The foreign minister said the agreement could collapse if the shelling resumed."


def cleaned(*paragraphs: str, sep: str = "\n\n") -> tuple[str, tuple[str, ...]]:
    result = clean_text(sep.join(paragraphs))
    return result.text, result.removed


def assert_removed(debris: str, *, sep: str = "\n\n") -> None:
    text, removed = cleaned(BODY, debris, BODY2, sep=sep)
    assert debris.strip() not in text, text
    assert BODY in text and BODY2 in text
    assert removed, "nothing reported as removed"


@pytest.mark.parametrize(
    "debris",
    [
        "Read more: Why the truce matters",
        "Read more [Inside the negotiations over the border](#)",
        "READ MORE",
        "Related: Ceasefire collapses in the north",
        "See also: Timeline of the conflict",
        "Continue reading below",
    ],
)
def test_ingest_clean_read_more(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize(
    "debris",
    ["Share on Facebook", "Share this article", "Follow us on Twitter", "Share | Tweet | Email",
     "twitter", "Facebook", "WhatsApp", "Copy link", "Related Topics", "12 Comments"],
)
def test_ingest_clean_share_and_social(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize("debris", ["Back to top button", "Back to top", "Skip to main content", "Scroll to top"])
def test_ingest_clean_navigation(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize("debris", ["0:00", "00:00 / 03:21", "1:02:33", "Listen to this article", "Play video", "Loading video"])
def test_ingest_clean_media_player_residue(debris: str) -> None:
    assert_removed(debris, sep="\n")


@pytest.mark.parametrize("debris", ["---", "***", "* * *", "___", "======"])
def test_ingest_clean_markdown_separators(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize(
    "debris",
    ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Sponsored content",
     "Scroll to continue with content"],
)
def test_ingest_clean_advertising(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize(
    "debris",
    [
        "Sign up for our daily newsletter to get the top stories.",
        "Get the latest headlines delivered to your inbox every morning.",
        "Enter your email address",
        "Subscribe to our Middle East briefing",
    ],
)
def test_ingest_clean_newsletter(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize(
    "debris",
    [
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "This website uses cookies to ensure you get the best experience.",
        "Accept all cookies",
    ],
)
def test_ingest_clean_cookie_notice(debris: str) -> None:
    assert_removed(debris)


@pytest.mark.parametrize(
    "debris",
    [
        "A boy walks past a destroyed building in the old city. (Jane Roe/AP Photo)",
        "Soldiers patrol the border on Monday. (Mark Smith/Reuters)",
        "Protesters gather outside the embassy. (AFP via Getty Images)",
        "Photo: Protesters outside the parliament building",
        "Image: Satellite view of the port",
        "FILE - In this photo, the minister speaks to reporters in the capital.",
        "Photo credit: Example Agency",
    ],
)
def test_ingest_clean_photo_captions(debris: str) -> None:
    assert_removed(debris, sep="\n")


def test_ingest_clean_inline_photo_credit_is_cut_from_the_line() -> None:
    text, removed = cleaned(BODY + " (Photo: Example Agency)", BODY2)
    assert "(Photo:" not in text and BODY in text
    assert removed == ("(Photo: Example Agency)",)


def test_ingest_clean_repeated_caption_pair_goes_entirely() -> None:
    caption = "This image taken from a video shows militants marching through the town square."
    text, removed = cleaned(BODY, caption, caption, BODY2)
    assert caption not in text
    assert removed == (caption, caption)


def test_ingest_clean_repeated_paragraph_keeps_first() -> None:
    text, removed = cleaned(BODY, BODY2, BODY)
    assert text.count(BODY) == 1 and removed == (BODY,)


def test_ingest_clean_repeated_headline_keeps_first_as_title() -> None:
    headline = "Truce Extended by a Week After Talks in Doha"
    result = clean_text("\n".join([headline, "", "Officials welcome the move.", headline, BODY]))
    assert result.title == headline
    assert result.text.count(headline) == 1
    assert result.text.startswith(headline)


@pytest.mark.parametrize(
    "appeal",
    [
        [
            "Can you spare a moment? Every donation, however small, keeps our newsroom going.",
            "Your support lets us stay independent from advertisers and billionaire owners.",
            "Donate today via PayPal or become a monthly member for as little as $3.",
            "Thank you.",
        ],
        ["If you value our journalism, please consider a contribution: support us with a one-time gift."],
        ["Subscribe now for unlimited access to our reporting. Your subscription funds our work."],
    ],
)
def test_ingest_clean_donation_appeal_by_score(appeal: list[str]) -> None:
    text, removed = cleaned(BODY, *appeal, BODY2, sep="\n")
    for line in appeal:
        assert line not in text
    assert BODY in text and BODY2 in text
    assert len(removed) == len(appeal)


@pytest.mark.parametrize(
    "news",
    [
        "The United States will contribute $500 million to the reconstruction fund, the State Department said.",
        "“We will support our allies with every means,” the president told reporters on Monday.",
        "Donors pledged $2 billion at the conference, and the bank said it would match the contributions.",
    ],
)
def test_ingest_clean_news_about_money_is_kept(news: str) -> None:
    text, _ = cleaned(BODY, news, BODY2)
    assert news in text


def test_ingest_clean_email_obfuscation_line() -> None:
    assert_removed("Send tips to [email protected] or call our desk.", sep="\n")


@pytest.mark.parametrize(
    "credit",
    ["Reuters contributed to this report.", "Additional reporting by Jane Roe in Cairo",
     "© 2024 Example Times. All rights reserved.", "Copyright 2023 Example Media Group"],
)
def test_ingest_clean_credit_and_copyright_lines(credit: str) -> None:
    assert_removed(credit, sep="\n")


def test_ingest_clean_author_bio_at_the_end() -> None:
    bio = "Jane Roe is a senior correspondent for Example News covering the Middle East. Follow her on X."
    text, removed = cleaned(BODY, BODY2, bio)
    assert bio not in text and removed == (bio,)


def test_ingest_clean_bio_like_line_in_the_middle_is_kept() -> None:
    line = "Omar Haddad is a former editor who now advises the government on media policy."
    text, _ = cleaned(line, BODY, BODY2, BODY + " Again.", BODY2 + " Again.", BODY + " More.", BODY2 + " More.")
    assert line in text


def test_ingest_clean_lone_labels_are_removed() -> None:
    assert_removed("Updated:", sep="\n")
    assert_removed("Published", sep="\n")


def test_ingest_clean_keeps_paragraph_breaks() -> None:
    result = clean_text(f"{BODY}\n\n\n\n{BODY2}\n\nAdvertisement\n\n{BODY} Again.")
    assert result.text.split("\n\n") == [BODY, BODY2, BODY + " Again."]


def test_ingest_clean_single_newline_lines_become_paragraphs() -> None:
    result = clean_text(f"{BODY}\n{BODY2}\nThe talks resume on Monday.")
    assert result.text.split("\n\n") == [BODY, BODY2, "The talks resume on Monday."]


def test_ingest_clean_hard_wrapped_text_is_rejoined() -> None:
    wrapped = (
        "The two delegations met in Doha on Tuesday and agreed\n"
        "to extend the truce by a week, according to officials\n"
        "from both sides.\n\n"
        "The foreign minister said the agreement could collapse\n"
        "if the shelling resumed in the north of the country.\n"
    )
    paragraphs = clean_text(wrapped).text.split("\n\n")
    assert paragraphs == [
        "The two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
        "according to officials from both sides.",
        "The foreign minister said the agreement could collapse if the shelling resumed in the "
        "north of the country.",
    ]


def test_ingest_clean_markdown_reduced_to_text() -> None:
    md = '## A heading line\n\n*"We will not negotiate,"* he said, citing [the report](https://example.org/r).\n\n![chart](x.png)'
    text = clean_text(md).text
    assert text == 'A heading line\n\n"We will not negotiate," he said, citing the report.'


def test_ingest_clean_normalises_characters() -> None:
    raw = "Cafe\u0301 talks\r\nresumed\u00a0today.\ufffd\x07\u200b Officials\tsaid so."
    text = clean_text(raw).text
    assert "\u0301" not in text and "Café" in text
    assert "\r" not in text and "\ufffd" not in text and "\x07" not in text and "\u200b" not in text
    assert "resumed today." in text and "Officials said so." in text


def test_ingest_clean_patterns_are_extensible(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"line_patterns": {"house": ["brought to you by .{0,80}"]}}))
    pats = load_patterns(str(extra))
    result = clean_text(f"{BODY}\n\nBrought to you by Example Sponsor\n\n{BODY2}", patterns=pats)
    assert "Brought to you" not in result.text
    assert "Brought to you" in clean_text(f"{BODY}\n\nBrought to you by Example Sponsor\n\n{BODY2}").text


def test_ingest_clean_invalid_patterns_raise_claimgraph_error() -> None:
    from claimgraph.errors import ClaimgraphError

    with pytest.raises(ClaimgraphError):
        compile_patterns({"line_patterns": {"bad": ["(unclosed"]}})


@pytest.mark.parametrize(
    "caption",
    ["A fishing boat off the coast, from file. Image: Jane Roe.", "Delegates at the 2019 summit Photo: Example Agency"],
)
def test_ingest_clean_caption_with_trailing_image_credit(caption: str) -> None:
    assert_removed(caption, sep="\n")


@pytest.mark.parametrize("crumb", ["Example Post | News | Middle East", "Home › World › Africa", "News / Politics"])
def test_ingest_clean_breadcrumbs(crumb: str) -> None:
    assert_removed(crumb)
