"""Title, byline, outlet and publication date from the text of an article (and its hints).

Hints (a JSONL record's fields, HTML meta tags) always win over what the text suggests.  The
text is read conservatively: an outlet is named only when a pattern of
``data/boilerplate.json`` says so outright, because no outlet is better than a wrong one.
Lines that only carry metadata (a byline, a date line, a repeated headline) are reported in
``Metadata.consumed`` so that the cleaner can drop them from the text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from claimgraph.ingest.dates import DateGuess, choose_order, find_dates, parse_date
from claimgraph.ingest.datelines import DATE_LINES, SEGMENTS, caption_date, date_segment, head_dates
from claimgraph.ingest.patterns import Patterns, load_patterns
from claimgraph.ingest.textio import normalize_text

HEAD_LINES = 12  # non-empty lines that may hold title, byline and date
BODY_WORDS = 30  # a line this long is body text: the head ends before it
HINT_KEYS = ("title", "source", "author", "published", "url")

_MD = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3}(?=\S))|(?<=\S)[*_]{1,3}$")
_BY = re.compile(r"^\(?(?:(?:written|words|story|reporting|text)\s+)?by\s*:?\s+(?P<rest>\S.*)$", re.I)
_ROLE_SPLIT = re.compile(r"^(?P<name>[^|,]+?)(?:\s*[|,]\s*|\s+[-–—]\s+)(?P<role>.+)$")
_NAME_TOKEN = re.compile(
    r"(?:[A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]*['’-][A-Z][a-z]+|(?:al|el)-[A-Z][a-z]+|[A-Z]\.|Jr\.|Sr\.|I{2,3}|IV)")
_DOMAIN = re.compile(r"[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|org|net|news|info|io|co\.uk|co|us|uk|tv)")
_WIRE_CODE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}\((?P<code>[A-Z]{2,6})\)\s*(?:[-–—:]|--)")
_TITLE_PARTS = re.compile(r",\s+|\s+[|•·–—-]\s+|:\s+")
_QUALIFIERS = re.compile(
    r"^(?:(?:senior|chief|staff|contributing|special|foreign|political|breaking news|deputy|associate|managing"
    r"|executive|national|investigative|international|diplomatic|defen[cs]e|security|middle east|white house)\s+)+",
    re.I)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_text: str | None = None
    published_origin: str | None = None
    published_confidence: float | None = None
    published_reason: str = ""
    consumed: frozenset[int] = frozenset()  # 0-based indices of lines that held only metadata
    rewritten: tuple[tuple[int, str, str], ...] = ()  # (line, new text, removed part): a glued date


def _plain(line: str) -> str:
    return _MD.sub("", line).strip()


def _key(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


def is_person_name(text: str, pats: Patterns) -> bool:
    """A 2-4 token capitalised name ("Jane Doe", "Abu Bakr al-Baghdadi", "J. R. Smith")."""
    tokens = text.strip().rstrip(",").split()
    if not 2 <= len(tokens) <= 4:
        return False
    named = 0
    for i, tok in enumerate(tokens):
        if i and tok.lower() in pats.name_particles:
            continue
        if tok.isupper() and len(tok) > 1 and not re.fullmatch(r"I{2,3}|IV", tok):
            return False  # acronyms: "ISIS Supporters"
        if not _NAME_TOKEN.fullmatch(tok) or tok.rstrip(".") in pats.non_name_words:
            return False
        named += len(tok) > 2
    return named >= 2


def _author_from(rest: str, pats: Patterns) -> tuple[str | None, str | None]:
    """``(author, wire source)`` from what follows "By"."""
    rest = SEGMENTS.split(rest, maxsplit=1)[0]
    found = find_dates(rest)
    if found:
        rest = rest[: found[0].start]
    rest = re.split(r"[,;(]", rest)[0].strip(" .:")
    if rest in pats.wires or rest.removeprefix("The ") in pats.wires:
        return None, pats.wires.get(rest) or pats.wires.get(rest.removeprefix("The "))
    if _DOMAIN.fullmatch(rest):
        return rest, None
    names = [n.strip() for n in re.split(r"\s+(?:and|&)\s+", rest) if n.strip()]
    if names and len(names) <= 4 and all(is_person_name(_titled(n), pats) for n in names):
        return " and ".join(_titled(n) for n in names), None
    return None, None


def _titled(name: str) -> str:
    return name.title() if name.isupper() else name


def byline(line: str, pats: Patterns) -> tuple[str | None, str | None]:
    """``(author, wire source)`` from a byline line, or ``(None, None)``."""
    if len(line.split()) > 14:
        return None, None
    m = _BY.match(line)
    if m:
        return _author_from(m.group("rest"), pats)
    m = _ROLE_SPLIT.match(line)
    if m and len(m.group("role").split()) <= 4 and pats.byline_role.match(_QUALIFIERS.sub("", m.group("role"))):
        name = _titled(m.group("name").strip())
        if is_person_name(name, pats):
            return name, None
    return None, None


def _clean_outlet(name: str, pats: Patterns) -> str | None:
    name = pats.outlet_suffix.sub("", name.strip()).strip(" ,;:")
    if not _DOMAIN.fullmatch(name):
        name = name.rstrip(".")
    if not name or name in pats.outlet_reject or len(name) > 60 or not re.search(r"[A-Za-z]{2}", name):
        return None
    return name


def find_outlet(lines: list[str], idx: list[int], pats: Patterns) -> str | None:
    """The outlet when the text says it outright (wire dateline, appeal, copyright, bio)."""
    for i in idx[:8]:
        line = _plain(lines[i])
        m = pats.wire.match(line)
        if m:
            return pats.wires.get(m.group("wire"))
        m = _WIRE_CODE.match(line)
        if m:  # "LENHAVEN (NWS) -": a wire or outlet code we do not know by name
            return pats.wires.get(m.group("code"), m.group("code"))
    for i in idx[-8:]:
        for rx in pats.outlet_tail:
            m = rx.search(lines[i])
            if m and (name := _clean_outlet(m.group("outlet"), pats)):
                return name
    first = set(idx[:60])
    window = idx[:60] + [i for i in idx[-60:] if i not in first]
    for rx in pats.outlet:
        for i in window:
            m = rx.search(lines[i])
            if m and (name := _clean_outlet(m.group("outlet"), pats)):
                return name
    for i in idx[-int(pats.section("bio").get("tail_lines", 5)):]:
        if is_bio(lines[i], pats):
            for rx in pats.outlet_bio:
                m = rx.search(lines[i])
                if m and (name := _clean_outlet(m.group("outlet"), pats)):
                    return name
    return None


def bio_name(line: str, pats: Patterns) -> str | None:
    """The person an author-biography line is about ("Jane Doe is a reporter for ...")."""
    m = re.match(r"^(?P<name>(?:\S+\s+){1,3}?\S+)\s+(?:is|was|has been|covers|writes|reports)\b", line)
    if not m or len(line.split()) > int(pats.section("bio").get("max_words", 120)):
        return None
    name = m.group("name")
    if not is_person_name(name, pats) or not pats.bio_role.search(line[m.end(): m.end() + 200]):
        return None
    return name


def is_bio(line: str, pats: Patterns) -> bool:
    return bio_name(line, pats) is not None


def _hint(hints: Mapping[str, object] | None, key: str) -> str | None:
    value = (hints or {}).get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def extract_metadata(text: str, *, hints: Mapping[str, object] | None = None,
                     patterns: Patterns | None = None) -> Metadata:
    """Title, author, outlet and date of an article; ``hints`` win over guesses from the text."""
    return metadata_from_lines(normalize_text(text).split("\n"), hints=hints, patterns=patterns)


def metadata_from_lines(lines: list[str], *, hints: Mapping[str, object] | None = None,
                        patterns: Patterns | None = None,
                        defaults: Mapping[str, object] | None = None) -> Metadata:
    """:func:`extract_metadata` on already normalised lines (what the cleaner also sees);
    ``defaults`` (source, author, published) are used only where hints and text say nothing."""
    pats = patterns or load_patterns()
    idx = [i for i, line in enumerate(lines) if line.strip()]
    head: list[int] = []
    for i in idx[:HEAD_LINES]:
        if len(lines[i].split()) >= BODY_WORDS:
            break
        head.append(i)
    view = list(lines)  # head lines without markdown marks, and without glued dates
    for i in idx[:DATE_LINES]:
        view[i] = _plain(lines[i])
    dates, date_lines, rewrites = head_dates(view, idx, pats, lambda seg: byline(seg, pats)[0] is not None)
    for i, (new_text, _) in rewrites.items():
        view[i] = new_text
    consumed: set[int] = set(date_lines)

    title, title_at = None, None
    for i in head:
        line = view[i]
        if pats.debris_line.fullmatch(line) or i in consumed:
            continue
        if _looks_like_headline(line, pats):
            title, title_at = line, i
        break
    author = wire = None
    guessed = False  # the author is a lone name line, which an explicit "By ..." overrides
    prev_kind = "title" if title_at is not None else None
    for i in head:
        line = view[i]
        if i == title_at or i in date_lines:
            if i in date_lines and author is None:
                for seg in SEGMENTS.split(line):
                    name, wire_name = byline(seg, pats)
                    author, wire = author or name, wire or wire_name
            prev_kind = "date" if i in date_lines else prev_kind
            continue
        kind = None
        if title and _key(line) == _key(title):
            consumed.add(i)
            kind = "title"
        elif title and title_at is not None and _contained(line, title):
            # "Tag, Tag, Headline" then "Headline": keep the clean one, drop the tagged one
            consumed.add(title_at)
            title, title_at, kind = line, i, "title"
        elif pats.is_caption(line):
            kind = "caption"
        elif author is None or guessed:
            name, wire_name = byline(line, pats)
            wire = wire or wire_name
            lone = name is None and author is None and prev_kind in ("title", "caption", "date")
            if lone and is_person_name(line, pats):
                name = line
            if name or wire_name:
                author, guessed = name, lone
                consumed.add(i)
                kind = "byline"
        prev_kind = kind
    for i in idx[-3:]:
        m = _BY.match(_plain(lines[i]))
        if author is None and m and i not in head:
            name, wire_name = _author_from(m.group("rest"), pats)
            if name or wire_name:
                author, wire = name, wire or wire_name
                consumed.add(i)
    if author is None:
        for i in idx[-int(pats.section("bio").get("tail_lines", 5)):]:
            author = author or bio_name(lines[i], pats)

    source = _hint(hints, "source") or wire or find_outlet(lines, idx, pats) or _hint(defaults, "source")
    if guessed and author and source and _key(author) == _key(source):
        author = None  # the lone "name" line was the outlet's name
        for i in idx[-int(pats.section("bio").get("tail_lines", 5)):]:
            author = author or bio_name(lines[i], pats)
    url = _hint(hints, "url")
    context = "\n".join(lines)
    guess, origin = None, None
    if (raw := _hint(hints, "published")) is not None:
        guess = _given_date(raw, context, url)
        origin = "metadata" if guess else None
    if guess is None and dates:
        best = dates[0]
        g = choose_order(best.match, context, url=url, line=best.line)
        guess, origin = DateGuess(g.value, best.text, g.confidence, g.order, g.reason), "dateline"
    if guess is None:
        guess = caption_date(lines, idx, pats)
        origin = "text" if guess else None
    if guess is None and (raw := _hint(defaults, "published")) is not None:
        guess = _given_date(raw, context, url)
        origin = "metadata" if guess else None
    return Metadata(
        title=_hint(hints, "title") or title,
        author=_hint(hints, "author") or author or _hint(defaults, "author"),
        source=source,
        url=url,
        published=guess.value if guess else None,
        published_text=guess.text if guess else None,
        published_origin=origin,
        published_confidence=guess.confidence if guess else None,
        published_reason=guess.reason if guess else "",
        consumed=frozenset(consumed),
        rewritten=tuple((i, new, old) for i, (new, old) in sorted(rewrites.items()) if i not in consumed),
    )


def _given_date(raw: str, context: str, url: str | None) -> DateGuess | None:
    """A date given as metadata (a hint or a default), keeping the text it was given as."""
    guess = parse_date(raw, context=context, url=url)
    return DateGuess(guess.value, raw, guess.confidence, guess.order, guess.reason) if guess else None


FALLBACK_TITLE_WORDS = 16


def first_line_headline(lines: list[str], pats: Patterns) -> str | None:
    """The first line as a fallback title, when it looks like a headline: short, no final
    period, not a date, byline, caption or debris line, and more text follows it."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    if len(idx) < 2:
        return None
    line = _plain(lines[idx[0]])
    words = line.split()
    if not words or len(words) > FALLBACK_TITLE_WORDS or len(line) > 150 or not re.search(r"[^\W\d_]", line):
        return None
    if line[-1] in ".,;:" or pats.debris_line.fullmatch(line) or pats.is_caption(line):
        return None
    if date_segment(line, pats) or byline(line, pats) != (None, None) or (find_dates(line) and len(words) <= 6):
        return None
    return line


def _contained(line: str, title: str) -> bool:
    """``title`` is ``line`` with one or two tag segments added ("Gaza, Ceasefire, Headline",
    "Headline | Site"): the later, shorter line is the clean headline."""
    target = _key(line)
    if len(target.split()) < 4:
        return False
    parts = _TITLE_PARTS.split(title)[:12]
    for n in (1, 2):
        for combo in combinations(range(len(parts)), n):
            if len(parts) - n < 1:
                continue
            rest = [p for k, p in enumerate(parts) if k not in combo]
            if _key(" ".join(rest)) == target:
                return True
    return False


def _looks_like_headline(line: str, pats: Patterns) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 250 or not line[0].isupper() and not line[0].isdigit():
        return False
    if line[-1] in ".,;:" and not re.search(r"\b[A-Z]\.[A-Z]\.$", line):
        return False
    if date_segment(line, pats) or byline(line, pats) != (None, None):
        return False
    return not pats.is_caption(line)
