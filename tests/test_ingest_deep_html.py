"""Runaway HTML nesting (claimgraph.ingest.htmlpage), issue 14.

libxml2 stops building the tree about 255 levels down and drops the rest without a word: a
page of 400 paragraphs, each after an unclosed ``<font>``, kept only the first ~250.  A page
must never silently lose most of its text.
"""
from __future__ import annotations

from pathlib import Path

from claimgraph.ingest import iter_documents
from claimgraph.ingest.htmlpage import MAX_DEPTH, nesting_estimate, read_html
from claimgraph.models import Document, ReadProblem


def sentence(i: int) -> str:
    return f"Paragraph {i} reports that the delegation met officials in the capital on day {i} of the talks."


def kept(text: str, n: int) -> int:
    return sum(f"Paragraph {i} reports" in text for i in range(n))


def page(body: str) -> str:
    return f"<html><head><title>Talks drag on</title></head><body><article>{body}</article></body></html>"


def read(tmp_path: Path, html: str) -> list[Document | ReadProblem]:
    p = tmp_path / "deep.html"
    p.write_text(html, encoding="utf-8")
    return list(iter_documents([str(p)]))


def test_ingest_deep_html_unclosed_font_tags_keep_every_paragraph(tmp_path: Path) -> None:
    html = page("".join(f"<font face='Arial'><p>{sentence(i)}</p>" for i in range(400)))
    (doc,) = read(tmp_path, html)  # nothing was lost, so no warning either
    assert isinstance(doc, Document)
    assert kept(doc.text, 400) == 400
    assert doc.text.count("\n\n") >= 399  # still one paragraph each
    assert doc.title == "Talks drag on"


def test_ingest_deep_html_thousands_of_inline_tags(tmp_path: Path) -> None:
    html = page("".join(f"<span><b><p>{sentence(i)}</p>" for i in range(2500)))
    (doc,) = read(tmp_path, html)
    assert isinstance(doc, Document) and kept(doc.text, 2500) == 2500


def test_ingest_deep_html_deep_blocks_are_merged_with_a_warning(tmp_path: Path) -> None:
    html = page("".join(f"<div>{sentence(i)} " for i in range(400)))
    warning, doc = read(tmp_path, html)
    assert isinstance(warning, ReadProblem) and not warning.fatal and "nested" in warning.reason
    assert isinstance(doc, Document) and kept(doc.text, 400) == 400


def test_ingest_deep_html_beyond_the_parser_keeps_the_plain_text(tmp_path: Path) -> None:
    html = ("<html><body><script>while(1){}</script>" + "<table><tr><td>" * 3000
            + f"<p>{sentence(1)}</p><p>{sentence(2)}</p>" + "</td></tr></table>" * 3000 + "</body></html>")
    warning, doc = read(tmp_path, html)
    assert isinstance(warning, ReadProblem) and not warning.fatal and "plain text" in warning.reason
    assert isinstance(doc, Document) and kept(doc.text, 3) == 2
    assert "while(1)" not in doc.text


def test_ingest_deep_html_unclosed_paragraphs_are_not_deep(tmp_path: Path) -> None:
    # the cheap estimate counts each unclosed <p> as open; the real tree is flat, and untouched
    html = page("".join(f"<p>{sentence(i)}" for i in range(400)))
    assert nesting_estimate(html) > MAX_DEPTH
    page_text = read_html(html)
    assert page_text.warning is None and kept(page_text.text, 400) == 400
    (doc,) = read(tmp_path, html)
    assert isinstance(doc, Document) and kept(doc.text, 400) == 400


def test_ingest_deep_html_estimate_is_cheap_and_ignores_stray_end_tags() -> None:
    assert nesting_estimate("<div><p>a</p><br><img src=x></div>") == 2
    assert nesting_estimate("</b>" * 50 + "<font>" * 300) == 300
