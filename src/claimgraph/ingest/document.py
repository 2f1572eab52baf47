"""Text (plus optional metadata hints) to a cleaned :class:`~claimgraph.models.Document`."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from claimgraph.errors import ReadError
from claimgraph.ingest.clean import clean_lines
from claimgraph.ingest.metadata import HINT_KEYS, first_line_headline, metadata_from_lines
from claimgraph.ingest.patterns import Patterns, load_patterns
from claimgraph.ingest.textio import normalize_text
from claimgraph.models import Document

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FRONT_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_FRONT_KEYS = {
    "title": "title", "headline": "title", "date": "published", "published": "published",
    "pubdate": "published", "author": "author", "byline": "author", "source": "source",
    "publisher": "source", "outlet": "source", "url": "url", "link": "url", "canonical": "url",
}


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split YAML-style front matter (``---`` / ``key: value`` / ``---``) off a markdown text."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, {}
    hints: dict[str, str] = {}
    for line in m.group("body").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kv = _FRONT_LINE.match(line)
        if not kv:
            return text, {}  # not front matter after all (a separator line and prose)
        key = _FRONT_KEYS.get(kv.group("key").lower())
        value = kv.group("value").strip().strip("\"'")
        if key and value and key not in hints:
            hints[key] = value
    return text[m.end():], hints


#: the most characters a document's title, source or author keeps (``capped``): a real headline
#: is under 200, and a longer value is extraction junk (a paragraph taken for a headline, a
#: feed's whole description) that no list or index should carry whole.  PostgreSQL's B-tree
#: indexes refuse a row over 2,704 bytes, and the outlet keys of its kept tables are such rows.
META_LIMITS = {"title": 300, "source": 120, "author": 200}


def capped(value: str | None, limit: int) -> str | None:
    """``value`` with at most ``limit`` characters: cut at the last space before the limit (if
    there is one in its last fifth), ending with "…"."""
    if value is None or len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 4 // 5:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def read_text_document(text: str, *, path: str | None = None,
                       hints: Mapping[str, object] | None = None, line: int | None = None,
                       patterns: Patterns | None = None, defaults: Mapping[str, str] | None = None,
                       first_line_title: bool = False) -> Document:
    """Clean ``text`` and read its metadata; ``hints`` (title, source, author, published, url)
    are known values that win over anything guessed from the text, ``defaults`` (source,
    author, published) fill in only what neither says.  With ``first_line_title`` a
    headline-like first line (short, no final period) is the title when none is known.  A
    title, source or author longer than ``META_LIMITS`` is cut (``capped``).

    Raises :class:`ReadError` when no article text is left.
    """
    if not isinstance(text, str):
        raise ReadError(f"article text must be a string, not {type(text).__name__}")
    pats = patterns or load_patterns()
    clean_hints = {k: v for k, v in (hints or {}).items() if k in HINT_KEYS}
    lines = normalize_text(text).split("\n")
    if not any(lines):
        raise ReadError("empty text")
    meta = metadata_from_lines(lines, hints=clean_hints, patterns=pats, defaults=defaults)
    if first_line_title and meta.title is None:
        meta = replace(meta, title=first_line_headline(lines, pats))
    result = clean_lines(lines, meta, pats)
    if not result.text:
        raise ReadError("no article text left after removing boilerplate")
    return Document(
        text=result.text,
        path=path,
        title=capped(meta.title, META_LIMITS["title"]),
        source=capped(meta.source, META_LIMITS["source"]),
        author=capped(meta.author, META_LIMITS["author"]),
        url=meta.url,
        published=meta.published,
        published_text=meta.published_text,
        published_origin=meta.published_origin,
        published_confidence=meta.published_confidence,
        removed=result.removed,
        line=line,
    )
