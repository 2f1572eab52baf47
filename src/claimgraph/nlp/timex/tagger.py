"""``find_timexes``: run the grammar over a text, keep the longest non-overlapping
candidates, then resolve them in document order against the anchor and the discourse
memory (the last quarter, day, month and year mentioned)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from claimgraph.models import Timex

from .context import Anchor, Ctx
from .grammar import SCANNERS, token_index


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    type: str
    resolve: Callable[[Ctx], str | None]
    priority: int = 0


# --------------------------------------------------------------------------- API


def find_timexes(text: str, anchor: str | None = None) -> list[Timex]:
    """Time expressions in ``text``, typed and normalised against ``anchor``.

    ``anchor`` is the article date ("YYYY-MM-DD", "YYYY-MM", "YYYY" or None); values that
    need a finer anchor than given come out as None.  Offsets index into ``text``.
    """
    if not text:
        return []
    original, text = text, text.translate(_SAME_LENGTH_FOLDS)
    cands: list[_Cand] = []
    index = token_index(text)
    for prio, (pattern, parse, words, back) in enumerate(SCANNERS):
        for m in _scan(pattern, words, back, text, index):
            got = parse(m, text)
            if got is None:
                continue
            typ, resolver, *span = got
            s, e = span if span else m.span()
            s, e = _trim(text, s, e)
            if e > s:
                cands.append(_Cand(s, e, typ, resolver, prio))
    chosen = _select(cands)
    ctx = Ctx(text, Anchor.parse(anchor))
    out: list[Timex] = []
    for c in chosen:
        ctx.start, ctx.end = c.start, c.end
        try:
            value = c.resolve(ctx)
        except Exception:  # noqa: BLE001 - one odd expression must not cost the document
            value = None
        _remember(ctx, c, value)
        out.append(Timex(original[c.start : c.end], c.start, c.end, c.type, value))
    return _attach_floating_times(text, out, [getattr(c.resolve, "floating_day", False) for c in chosen])


# Typographic variants folded one character for one, so offsets stay those of the input.
_SAME_LENGTH_FOLDS = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-",
})
_AHEAD = 80  # no rule's match runs this far past the end of its trigger word


def _scan(pattern: re.Pattern[str], words: frozenset[str] | None, back: int, text: str, index):
    """``pattern.finditer(text)``, restricted to windows around the rule's trigger words."""
    if words is None:
        yield from pattern.finditer(text)
        return
    hits = sorted(span for w in words for span in index.get(w, ()))
    n = len(text)
    windows: list[list[int]] = []
    for ts, te in hits:
        s = max(0, ts - back)
        if windows and s <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], te)
        else:
            windows.append([s, te])
    floor = 0
    for ws, we in windows:
        pos = max(ws, floor)
        endpos = min(n, we + _AHEAD)
        while pos <= we:
            m = pattern.search(text, pos, endpos)
            if m is None or m.start() > we:
                break
            if m.end() >= endpos - 1 and endpos < n:
                m = pattern.match(text, m.start()) or m  # re-match without the window's end
            yield m
            floor = pos = max(m.end(), m.start() + 1)


_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z\"'`]|\n")
_DAY_OF = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T|$)")


def _attach_floating_times(text: str, out: list[Timex], floating: list[bool]) -> list[Timex]:
    """A clock time with no day of its own takes a day-precision date named right after it
    in the same sentence ("at 7 a.m. local time on Friday")."""
    for i, t in enumerate(out):
        if not floating[i] or not t.value or i + 1 >= len(out):
            continue
        nxt = out[i + 1]
        m = _DAY_OF.match(nxt.value or "")
        gap = text[t.end : nxt.start]
        if m and nxt.type == "DATE" and len(gap) <= 40 and not _SENTENCE_END.search(gap):
            out[i] = Timex(t.text, t.start, t.end, t.type, m.group(1) + t.value[10:])
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " ,\t\n":
        e -= 1
    while s < e and text[s] in " ,\t\n":
        s += 1
    return s, e


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest first, then rule order; no overlaps; returned in document order."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[_Cand] = []
    occupied = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in cands:
        if any(occupied[c.start : c.end]):
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


_Q_VALUE = re.compile(r"(\d{4})-Q([1-4])$")
_DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d{2})(?:$|-\d\d)")
_YEAR_VALUE = re.compile(r"(\d{4})(?:$|-)")
_PERIOD_VALUE = re.compile(r"(\d{4})-([QH])(\d)$")


def _remember(ctx: Ctx, c: _Cand, value: str | None) -> None:
    if not value or c.type in ("DURATION", "SET"):
        return
    m = _Q_VALUE.match(value)
    if m and not getattr(c.resolve, "no_memory", False):
        ctx.state.quarter = (int(m.group(1)), int(m.group(2)))
        ctx.state.quarter_at = c.start
    m = _DAY_VALUE.match(value)
    if m:
        try:
            ctx.state.day = dt.date(*map(int, m.groups()))
        except ValueError:
            pass
    m = _MONTH_VALUE.match(value)
    if m:
        ctx.state.month = (int(m.group(1)), int(m.group(2)))
    m = _YEAR_VALUE.match(value)
    if m:
        ctx.state.year = int(m.group(1))
    m = _PERIOD_VALUE.match(value)
    if m and not getattr(c.resolve, "no_memory", False):
        per_year = 4 if m.group(2) == "Q" else 2
        ctx.state.period, ctx.state.period_at = (int(m.group(1)), per_year, int(m.group(3))), c.end
