"""HTML to article text and metadata hints, with trafilatura.

trafilatura finds the main text; its metadata (title, author, date, site name, canonical
URL) become hints.  Dates come from the page markup only (``extensive_search`` off), so a
date is never guessed from stray numbers on the page.  Paragraphs are kept apart by
rendering the extracted body as markdown, which the cleaner then reduces to text.

Runaway nesting (hundreds of unclosed ``<font>`` tags) is flattened first: libxml2 stops
building the tree about 255 levels down and silently drops everything deeper.  Such a page
is parsed without that limit and with its formatting tags dropped (their text stays), and blocks
still nested too deeply are merged into their ancestor.  If the parser still lost text, the
page's plain text is kept instead, with a warning.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from claimgraph.errors import ReadError

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
MAX_DEPTH = 180  # well under libxml2's 255 levels, and shallow enough for trafilatura's recursion
KEEP_SHARE = 0.9  # the parsed tree must hold this share of the page's words, else keep the plain text
INLINE = frozenset(
    "a abbr b bdi bdo big blink cite code data dfn em font i ins kbd mark nobr q s samp small span "
    "strike strong sub sup tt u var".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9]*)")
_INVISIBLE = re.compile(r"<(script|style|head|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BREAK = re.compile(r"<(?:/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|article|section|pre|dd|dt)\b)[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
_INLINE_TAG = re.compile(r"</?(?:%s)(?:\s[^>]*)?/?>" % "|".join(sorted(INLINE)), re.I)

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class HtmlText:
    text: str
    hints: dict[str, str] = field(default_factory=dict)
    warning: str | None = None  # a one-line, non-fatal note (e.g. runaway nesting was flattened)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """``(text, hints)`` of the article in ``html``; :class:`ReadError` when there is none."""
    page = read_html(html)
    return page.text, page.hints


def read_html(html: str) -> HtmlText:
    """The article in ``html`` with its hints and, when the page had to be repaired, a warning."""
    source: Any = html
    warning = None
    plain = False
    if nesting_estimate(html) > MAX_DEPTH:
        source, warning, plain = _flatten(html)
    try:
        doc = _extract(source)
    except ReadError:
        if not plain:
            raise
        doc = None
    text = _body_text(doc)
    if plain:
        text = plain_text(html)
    if not text or not text.strip():
        raise ReadError("HTML has no article body")
    hints: dict[str, str] = {}
    for key, attr in (("title", "title"), ("author", "author"), ("published", "date"),
                      ("source", "sitename"), ("url", "url")):
        value = getattr(doc, attr, None)
        if isinstance(value, str) and value.strip():
            hints[key] = value.strip()
    return HtmlText(text, hints, warning)


def _extract(source: Any) -> Any:
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            source,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except RecursionError as exc:
        raise ReadError("HTML is nested too deeply to parse") from exc
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many types on broken pages
        raise ReadError(f"could not parse HTML ({type(exc).__name__}: {exc})") from exc
    if doc is None:
        raise ReadError("HTML has no article body")
    return doc


def _body_text(doc: Any) -> str:
    if doc is None:
        return ""
    from trafilatura.xml import xmltotxt

    body = doc.body
    return xmltotxt(body, True) if body is not None and len(body) else (doc.text or "")


def nesting_estimate(html: str) -> int:
    """How deep the tags of ``html`` nest, from the tag stream alone (cheap, and an over- rather
    than an underestimate: an unclosed ``<p>`` counts as open; a stray end tag closes nothing)."""
    open_tags: Counter[str] = Counter()
    depth = deepest = 0
    for tag in _TAG.findall(html):
        tag = tag.lower()
        if tag[0] == "/":
            if open_tags[tag[1:]] > 0:
                open_tags[tag[1:]] -= 1
                depth -= 1
        elif tag not in VOID:
            open_tags[tag] += 1
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _depth(tree: Any) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _el in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse_deep(html: str) -> Any:
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True, huge_tree=True)
    return fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)


def _flatten(html: str) -> tuple[Any, str | None, bool]:
    """``(source, warning, keep_plain)``: ``html`` itself when its tree is not too deep after
    all, else a flattened lxml tree; ``keep_plain`` when even that lost text."""
    from lxml import etree

    try:
        deepest = _depth(_parse_deep(html))
        if deepest <= MAX_DEPTH:
            return html, None, False
        tree = _parse_deep(_INLINE_TAG.sub("", html))  # formatting tags go, their text stays
    except (etree.ParserError, ValueError):
        return html, "HTML is nested too deeply to parse; kept its plain text", True
    merged = _merge_deep_blocks(tree)
    if _words(" ".join(tree.itertext())) < KEEP_SHARE * _words(plain_text(html)):
        return tree, f"HTML is nested {deepest}+ levels deep, too deep to parse; kept its plain text", True
    if merged:
        return tree, (f"HTML is nested {deepest} levels deep; the text below level {MAX_DEPTH} "
                      "was kept, merged into one block"), False
    return tree, None, False


def _merge_deep_blocks(tree: Any) -> int:
    """Replace each element at ``MAX_DEPTH`` by its text alone; the number replaced."""
    from lxml import etree

    at_limit = []
    depth = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if event == "start" and depth == MAX_DEPTH and len(el):
            at_limit.append(el)
    for el in at_limit:
        text = " ".join(" ".join(el.itertext()).split())
        for child in list(el):
            el.remove(child)
        el.text = text
    return len(at_limit)


def plain_text(html: str) -> str:
    """The visible text of ``html`` without a parser: blocks on their own lines, tags dropped."""
    text = _INVISIBLE.sub(" ", html)
    text = _BREAK.sub("\n\n", text)
    text = _ANY_TAG.sub("", text)
    return htmllib.unescape(text)


def _words(text: str) -> int:
    return len(text.split())
