"""The real seed articles (read from ../shared/seeds at test time; skipped when absent)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimgraph.ingest import iter_documents
from claimgraph.models import Document

# Debris that must not survive cleaning, as general patterns over whole paragraphs.
DEBRIS = {
    "media time": re.compile(r"^\d{1,2}:\d\d(?:\s*/\s*\d{1,2}:\d\d)?$"),
    "back to top": re.compile(r"back to top", re.I),
    "read more": re.compile(r"^read more\b", re.I),
    "appeal": re.compile(r"\b(?:paypal|donat\w+|support us|every gift)\b", re.I),
    "email obfuscation": re.compile(r"\[email\s+protected\]", re.I),
    "lone label": re.compile(r"^(?:updated|published):?$", re.I),
    "separator": re.compile(r"^[-*_]{3,}$"),
    "social": re.compile(r"^(?:twitter|facebook|related topics)$", re.I),
    "photo credit": re.compile(r"\([^()]*/[^()]*(?:Photo|Getty Images)\)$"),
    "bio": re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+ is a [^.]*\breporter\b"),
}


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path) -> dict[str, Document]:
    """The seeds, read once (``seeds_dir`` from conftest skips when ../shared/seeds is absent)."""
    out = {}
    for item in iter_documents([seeds_dir]):
        assert isinstance(item, Document), item
        out[Path(item.path).name[:3]] = item
    assert len(out) >= 5
    return out


def paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


def test_ingest_seeds_no_debris_paragraphs(seed_docs: dict[str, Document]) -> None:
    for key, doc in seed_docs.items():
        for para in paragraphs(doc):
            for name, rx in DEBRIS.items():
                assert not rx.search(para), f"{key}: {name} left in {para[:80]!r}"


def test_ingest_seeds_no_repeated_paragraphs(seed_docs: dict[str, Document]) -> None:
    for key, doc in seed_docs.items():
        paras = [p for p in paragraphs(doc) if len(p.split()) >= 4]
        assert len(paras) == len(set(paras)), key


def test_ingest_seeds_paragraphs_are_blank_line_separated(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        assert "\n\n\n" not in doc.text and not re.search(r"(?<!\n)\n(?!\n)", doc.text)
        assert doc.text == doc.text.strip()


def test_ingest_seeds_dates(seed_docs: dict[str, Document]) -> None:
    d1 = seed_docs["001"]
    assert d1.published == "2015-07-01" and d1.published_text == "01/07/2015"
    assert d1.published_origin == "dateline" and 0.5 < d1.published_confidence < 1.0
    d4 = seed_docs["004"]
    assert d4.published == "2021-01-21" and d4.published_text == "Jan 21, 2021"
    assert d4.published_origin == "dateline" and d4.published_confidence == 1.0


def test_ingest_seeds_date_lines_are_not_left_in_text(seed_docs: dict[str, Document]) -> None:
    assert "01/07/2015" not in seed_docs["001"].text
    assert not seed_docs["004"].text.startswith("Jan 21, 2021")


def test_ingest_seeds_removed_is_reported(seed_docs: dict[str, Document]) -> None:
    for key, doc in seed_docs.items():
        paras = paragraphs(doc)
        for line in doc.removed:
            assert line and paras.count(line) <= 1, key  # a repeat may leave its first copy


def test_ingest_seeds_titles_and_bylines(seed_docs: dict[str, Document]) -> None:
    for key in ("000", "001", "002"):
        doc = seed_docs[key]
        assert doc.title and doc.text.startswith(doc.title), key
        assert doc.text.count(doc.title) == 1, key
    assert seed_docs["003"].title is None and seed_docs["004"].title is None
    # A lone capitalised name line after the caption is the byline and leaves the text.
    author = seed_docs["000"].author
    assert author and len(author.split()) == 2 and author not in paragraphs(seed_docs["000"])


def test_ingest_seeds_sources_only_when_the_text_says_so(seed_docs: dict[str, Document]) -> None:
    for key in ("001", "002", "004"):
        assert seed_docs[key].source is None, key
    for key in ("000", "003"):
        assert seed_docs[key].source, key
