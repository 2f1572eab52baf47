"""Publication-date lines in the head of an article.

Shapes: a line that is only a date (``Jan 21, 2021``, ``01/07/2015``), a labelled one
(``Updated: Oct. 12, 2023 10:05 a.m. ET``, ``Published 3:14 PM EDT, Thu October 12, 2023``),
a lone label whose date is on the next line, a date in a ``|``-separated byline
(``By Jane Roe | Jan 21, 2021``), and a date glued to the headline or to the first paragraph
(``Headline Tuesday, September 1, 2015``, ``Thursday, May 7, 2015 On Tuesday, ...``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from claimgraph.ingest.dates import DateGuess, DateMatch, find_dates
from claimgraph.ingest.patterns import Patterns

DATE_LINES = 15  # non-empty lines searched for a date line
GLUED_LINES = 3  # non-empty lines searched for a date glued to other text

SEGMENTS = re.compile(r"\s+[|•·]\s+|\s+[–—-]\s+(?=\S)")
_TIME = re.compile(r"\b\d{1,2}(?:[:.h]\d\d){1,2}\s*(?:[ap]\.?\s?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.I)
_TZ = re.compile(
    r"\b(?:[A-Z]{1,3}[SD]?T|ET|PT|CT|MT|GMT|UTC|Z|IST|CET|CEST|BST|MSK|AEST|AEDT)(?:\s?[+-]\d{1,2}(?::?\d\d)?)?\b")
_WEEKDAY = re.compile(r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?", re.I)
_FILLER = re.compile(r"\b(?:at|on|the|of|and|am|pm|local time)\b", re.I)
_WEEKDAY_TAIL = re.compile(
    r"(?:^|[\s,|–—-])(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?\s*$")
_WEEKDAY_HEAD = re.compile(r"^(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?\s+")
# "... scheduled for" + date: the date belongs to the sentence, it is not glued on.
_SENTENCE_TAIL = re.compile(r"\b(?:for|on|of|in|at|by|from|since|until|till|to|the|and|or|before|after)$")
_LABEL_RANK = {"updated": 2, "last updated": 2, "updated on": 2, "updated at": 2, "modified": 2}


@dataclass(frozen=True)
class DateLine:
    rank: int  # 1: published/posted/unlabelled, 2: updated/modified
    label: str | None
    match: DateMatch
    text: str  # what the article shows, label removed ("3:14 PM EDT, Thu October 12, 2023")
    line: str


def date_segment(segment: str, pats: Patterns) -> tuple[str | None, DateMatch, str] | None:
    """``(label, date, text)`` when ``segment`` is only a (labelled) date, possibly with a time."""
    if len(segment) > 120:
        return None
    m = pats.date_label.match(segment)
    label = m.group("label").lower() if m else None
    rest = segment[m.end():] if m else segment
    found = find_dates(rest, short_years=True)
    if not found:
        return None
    dm = next((d for d in found if d.day is not None), found[0])
    residual = rest[: dm.start] + " " + rest[dm.end:]
    for rx in (_TIME, _TZ, _WEEKDAY, _FILLER):
        residual = rx.sub(" ", residual)
    if re.search(r"[^\W\d_]{2,}|\d", residual):
        return None
    return label, dm, rest.strip(" ,|")


def glued_date(line: str) -> tuple[DateMatch, str, str] | None:
    """A full date glued to the end or start of a text line: ``(date, shown, rest of line)``.

    Only with a weekday ("Headline Tuesday, September 1, 2015") or a dash/bar separator
    ("Jan 21, 2021 — Officials said ..."), so that a date inside a sentence never counts.
    """
    found = [d for d in find_dates(line) if d.day is not None and d.alt is None]
    if not found:
        return None
    last = found[-1]
    if last.end == len(line.rstrip(" .")) and last.start > 0:
        before = line[: last.start]
        wd = _WEEKDAY_TAIL.search(before)
        sep = re.search(r"\s[|–—-]{1,2}\s*$", before)
        if wd or sep:
            cut = wd.start("wd") if wd else sep.start()
            rest = before[:cut].rstrip(" ,|–—-")
            if len(rest.split()) >= 2 and not _SENTENCE_TAIL.search(rest):
                return last, line[cut:].strip(" |–—-").rstrip("."), rest
    first = found[0]
    wd = _WEEKDAY_HEAD.match(line)
    start = wd.end() if wd else 0
    if first.start == start:
        after = line[first.end:]
        sep = re.match(r"\s*(?:[|–—]|--?)\s+", after)
        if (wd or sep) and len(after.split()) >= 3:
            tail = after[sep.end():] if sep else after.lstrip(" ,")
            return first, line[: first.end].strip(), tail
    return None


def head_dates(lines: list[str], idx: list[int], pats: Patterns,
               is_byline: Callable[[str], bool]) -> tuple[list[DateLine], set[int], dict[int, tuple[str, str]]]:
    """Date lines among the first lines, best first; the lines they used up; and the lines
    that lose a glued date: ``{line: (new text, removed date)}``."""
    found: list[DateLine] = []
    consumed: set[int] = set()
    rewrites: dict[int, tuple[str, str]] = {}
    for pos, i in enumerate(idx[:DATE_LINES]):
        line = lines[i]
        if len(line.split()) > 20:
            if pos < GLUED_LINES and (g := glued_date(line)):
                found.append(DateLine(1, None, g[0], g[1], line))
                rewrites[i] = (g[2], g[1])
            continue
        lone = pats.date_label.match(line)
        if lone and lone.end() == len(line):  # "Updated:" alone: its date is on the next line
            consumed.add(i)
            nxt = idx[pos + 1] if pos + 1 < len(idx) else None
            hit = date_segment(lines[nxt], pats) if nxt is not None else None
            if hit:
                label = lone.group("label").lower()
                found.append(DateLine(_LABEL_RANK.get(label, 1), label, hit[1], hit[2], lines[nxt]))
                consumed.add(nxt)
            continue
        hits = [(seg, date_segment(seg, pats)) for seg in SEGMENTS.split(line)]
        for _seg, hit in hits:
            if hit:
                found.append(DateLine(_LABEL_RANK.get(hit[0] or "", 1), hit[0], hit[1], hit[2], line))
        if any(hit for _, hit in hits):
            if all(hit or is_byline(seg) for seg, hit in hits):
                consumed.add(i)
        elif pos < GLUED_LINES and (g := glued_date(line)):
            found.append(DateLine(1, None, g[0], g[1], line))
            rewrites[i] = (g[2], g[1])
    found.sort(key=lambda f: f.rank)
    return found, consumed, rewrites


def caption_date(lines: list[str], idx: list[int], pats: Patterns) -> DateGuess | None:
    """Last resort: the latest full date in a photo caption (photos are dated the day of the
    event, which news reports on the same or the next day).  Confidence 0.4, origin "text"."""
    best: DateMatch | None = None
    for i in idx:
        line = lines[i]
        if len(line.split()) > pats.caption_max_words or not pats.is_caption(line):
            continue
        for dm in find_dates(line):
            if dm.day is not None and dm.alt is None and (
                    best is None or (dm.year, dm.month, dm.day) > (best.year, best.month, best.day)):
                best = dm
    if best is None or best.year > date.today().year + 1:
        return None
    return DateGuess(best.iso, best.text, 0.4, None, "latest date in a photo caption")
