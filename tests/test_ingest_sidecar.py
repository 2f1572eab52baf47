"""Metadata for plain text (claimgraph.ingest.sidecar, readers, metadata), issue 14.

``.txt`` files had no way to say their outlet or date, and untitled ones showed as hashes:
a ``NAME.meta.json`` sidecar, front matter in ``.md``, reader defaults, and the first line
as a fallback title.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.ingest import iter_documents
from claimgraph.models import Document, ReadProblem

BODY = ("the two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
        "according to officials from both sides who spoke on condition of anonymity.")
PARA = "The foreign minister said the agreement could collapse if the shelling resumed."


def items(*paths: Path, **kwargs) -> list[Document | ReadProblem]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def only_doc(out: list[Document | ReadProblem]) -> Document:
    docs = [x for x in out if isinstance(x, Document)]
    assert len(docs) == 1, out
    return docs[0]


def test_ingest_sidecar_gives_title_source_author_url_and_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{BODY}\n\n{PARA}\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({
        "title": "Truce extended", "source": "Example Gazette", "author": ["Jane Roe", "John Doe"],
        "url": "https://example.org/truce", "published": "2024-03-05"}), encoding="utf-8")
    out = items(tmp_path)  # the folder: the sidecar is not read as an article
    (doc,) = out
    assert isinstance(doc, Document)
    assert (doc.title, doc.source, doc.author, doc.url) == (
        "Truce extended", "Example Gazette", "Jane Roe, John Doe", "https://example.org/truce")
    assert (doc.published, doc.published_origin) == ("2024-03-05", "metadata")


def test_ingest_sidecar_wins_over_html_and_front_matter(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "<html><head><title>Page title</title><meta property='og:site_name' content='Page Site'></head>"
        f"<body><article><h1>Page title</h1><p>{PARA}</p><p>{PARA} Again, he said.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "p.html.meta.json").write_text('{"source": "Given Outlet"}', encoding="utf-8")
    (tmp_path / "m.md").write_text(f"---\ntitle: Front title\nsource: Front Outlet\n---\n\n{PARA}\n", encoding="utf-8")
    (tmp_path / "m.meta.json").write_text('{"title": "Sidecar title", "published": 2021}', encoding="utf-8")
    md_doc, html_doc = (x for x in items(tmp_path) if isinstance(x, Document))
    assert html_doc.source == "Given Outlet" and html_doc.title == "Page title"
    assert (md_doc.title, md_doc.source, md_doc.published) == ("Sidecar title", "Front Outlet", "2021")


def test_ingest_sidecar_explicit_sidecar_path_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"source": "Example Gazette"}', encoding="utf-8")
    out = items(tmp_path / "a.txt", tmp_path / "a.meta.json")  # what `ingest dir/*` passes
    (doc,) = out
    assert isinstance(doc, Document) and doc.source == "Example Gazette"


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"titel": "Typo"}', "unknown key 'titel'"),
    ('{"published": "someday"}', "not a date"),
    ('{"source": 42}', "not text"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
])
def test_ingest_sidecar_invalid_is_a_warning_and_the_article_is_read(tmp_path: Path, content, words) -> None:
    (tmp_path / "a.txt").write_text(f"{BODY}\n\n{PARA}\n", encoding="utf-8")
    side = tmp_path / "a.meta.json"
    side.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = items(tmp_path)
    problems = [x for x in out if isinstance(x, ReadProblem)]
    assert len(problems) == 1 and not problems[0].fatal
    assert problems[0].path == str(side) and words in problems[0].reason and "\n" not in problems[0].reason
    assert isinstance(only_doc(out), Document)


def test_ingest_sidecar_partly_valid_keeps_the_good_keys(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"source": "Example Gazette", "outlet": "x"}', encoding="utf-8")
    out = items(tmp_path)
    assert only_doc(out).source == "Example Gazette"
    assert any(isinstance(x, ReadProblem) and "'outlet'" in x.reason for x in out)


def test_ingest_sidecar_defaults_fill_only_what_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text(f"{BODY}\n\n{PARA}\n", encoding="utf-8")
    (tmp_path / "given.txt").write_text(f"{BODY}\n\n{PARA}\n\nExtra line for a different hash.\n", encoding="utf-8")
    (tmp_path / "given.meta.json").write_text('{"source": "Own Outlet", "published": "2020-01-02"}', encoding="utf-8")
    (tmp_path / "w.jsonl").write_text(json.dumps({"text": PARA + " More."}) + "\n", encoding="utf-8")
    defaults = {"source": "Default Outlet", "published": "2024-03"}
    given, plain, line = items(tmp_path, defaults=defaults)
    assert (plain.source, plain.published, plain.published_origin) == ("Default Outlet", "2024-03", "metadata")
    assert (given.source, given.published) == ("Own Outlet", "2020-01-02")
    assert (line.source, line.published) == ("Default Outlet", "2024-03")


def test_ingest_sidecar_defaults_are_checked_before_reading(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a date"):
        iter_documents([str(tmp_path)], defaults={"published": "2015-13-45"})
    with pytest.raises(ValueError, match="unknown default 'outlet'"):
        iter_documents([str(tmp_path)], defaults={"outlet": "X"})


@pytest.mark.parametrize("first, title", [
    ("Ceasefire", "Ceasefire"),
    ("ceasefire holds in the north", "ceasefire holds in the north"),
    ("iPhone maker sued over factory fire", "iPhone maker sued over factory fire"),
    ('"We will not retreat"', '"We will not retreat"'),
    ("The talks ended without a deal.", None),  # a sentence, not a headline
    ("Tuesday, 5 March 2024", None),  # a date line
    ("By Jane Roe", None),  # a byline
])
def test_ingest_sidecar_first_line_is_the_fallback_title(tmp_path: Path, first: str, title: str | None) -> None:
    p = tmp_path / "a.txt"
    p.write_text(f"{first}\n\n{BODY}\n\n{PARA}\n", encoding="utf-8")
    assert only_doc(items(p)).title == title


def test_ingest_sidecar_first_line_title_never_beats_a_known_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"ceasefire holds\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "Given title"}', encoding="utf-8")
    (doc,) = items(tmp_path)
    assert doc.title == "Given title"
