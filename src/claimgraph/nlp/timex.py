"""Time expressions: find, type and normalise them to TIMEX3 values.

``find_timexes(text, anchor)`` is a pure, regex- and lexicon-based tagger in the style of
HeidelTime and SUTime: a list of rules (each a regex plus a small parser) proposes
candidate spans; the longest non-overlapping candidates win; then, in document order,
each is resolved against the article date (``anchor``) and a little discourse state (the
last quarter and day mentioned, so that "the year-ago quarter" and "10:35 a.m." can be
resolved the way news readers do).

Conventions follow TimeML/TempEval-3 (TIMEX3): types DATE, TIME, DURATION, SET; values
such as ``1998-08-07``, ``1998-W32``, ``1998-Q3``, ``1998-SU``, ``199`` (the 1990s),
``1998-08-07TNI``, ``P3Y``, ``PXW``, ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.

A bare week-day or month resolves to the most recent one on or before the article date
(news convention: "said Thursday"), unless the clause points forward ("will meet
Thursday", "scheduled to resume Monday"), in which case the next one on or after it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimgraph.models import Timex
from claimgraph.nlp import timex_rules as R

__all__ = ["Anchor", "date_of_value", "find_timexes", "resolve_month", "resolve_weekday"]

resolve_weekday = R.resolve_weekday
resolve_month = R.resolve_month

# --------------------------------------------------------------------------- anchor


@dataclass(frozen=True)
class Anchor:
    """The article date at whatever precision it is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, anchor: str | None) -> Anchor:
        if not anchor:
            return cls()
        m = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", anchor.strip())
        if not m:
            return cls()
        y, mo, d = (int(g) if g else None for g in m.groups())
        if mo is not None and not 1 <= mo <= 12:
            mo, d = None, None
        if d is not None:
            try:
                dt.date(y, mo, d)
            except ValueError:
                d = None
        return cls(y, mo, d)

    @property
    def date(self) -> dt.date | None:
        if self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


# --------------------------------------------------------------------------- public helpers


_CAL_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\w:]+)?")
_COARSE_VALUE = re.compile(r"(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA|WI|W\d{2}(?:-\d|-WE)?)")


def date_of_value(value: str | None, coarsen: bool = False) -> str | None:
    """TIMEX3 DATE/TIME value -> ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, else None.

    "1998-08-07T10:35" -> "1998-08-07"; "2015-W23", "PRESENT_REF", "P3D", "201" -> None.
    With ``coarsen=True`` quarters, halves, seasons and weeks give their year
    ("1998-Q3" -> "1998").
    """
    if not value:
        return None
    m = _CAL_VALUE.fullmatch(value)
    if m:
        return "-".join(g for g in m.groups() if g)
    if coarsen:
        m = _COARSE_VALUE.fullmatch(value)
        if m:
            return m.group(1)
    return None


# --------------------------------------------------------------------------- resolution context


@dataclass
class _State:
    """Discourse memory while resolving one document in order."""

    quarter: tuple[int, int] | None = None  # last quarter mentioned (year, q)
    quarter_at: int = -10_000
    day: dt.date | None = None  # last day-precision date mentioned
    month: tuple[int, int] | None = None  # last month-precision date mentioned
    year: int | None = None  # last explicit year mentioned


@dataclass
class _Ctx:
    text: str
    anchor: Anchor
    state: _State = field(default_factory=_State)
    start: int = 0
    end: int = 0

    def tense(self) -> str | None:
        """'future' or 'past' when the clause around the expression says so, else None."""
        return _clause_tense(self.text, self.start, self.end)

    def direction(self) -> str:
        """'future' when the clause points forward, else 'past' (the news default)."""
        return "future" if self.tense() == "future" else "past"




@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    type: str
    resolve: Callable[[_Ctx], str | None]
    priority: int = 0


_WORD = re.compile(r"[A-Za-z']+")
_CLAUSE_STOP = re.compile(r'[.;:!?\n"()]|``|\'\'')
_STRONG_RIGHT = frozenset({"will", "shall", "won't"})


def _clause_tense(text: str, start: int, end: int) -> str | None:
    """'future', 'past' or None from the words of the clause around ``text[start:end]``.

    Scans backwards from the expression to the clause start: the first cue decides ("said
    Friday" is past, "will meet Friday" / "scheduled to resume Monday" / "as early as
    Tuesday" future; "was scheduled to expire Friday" past).  Then a few words to the right,
    where only strong cues count ("On Tuesday, the group will meet").
    """
    left = text[max(0, start - 90) : start]
    stop = None
    for stop in _CLAUSE_STOP.finditer(left):
        pass
    if stop is not None:
        left = left[stop.end() :]
    words = [w.lower() for w in _WORD.findall(left)][-10:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        bigram = " ".join(words[i : i + 2])
        trigram = " ".join(words[i : i + 3])
        if w in R.FUTURE_CUES or w.endswith("'ll") or bigram in R.FUTURE_BIGRAMS or trigram in R.FUTURE_BIGRAMS:
            if "had" in words[max(0, i - 2) : i]:
                return "past"
            return "future"
        if w in R.PAST_CUES or (len(w) > 4 and w.endswith("ed") and w not in R.NOT_PAST_ED):
            return "past"
    right = text[end : end + 60]
    m = _CLAUSE_STOP.search(right)
    if m:
        right = right[: m.start()]
    for w in [w.lower() for w in _WORD.findall(right)][:6]:
        if w in _STRONG_RIGHT or w.endswith("'ll"):
            return "future"
        if w in ("said", "says"):
            return "past"
    return None


# --------------------------------------------------------------------------- API


def find_timexes(text: str, anchor: str | None = None) -> list[Timex]:
    """Time expressions in ``text``, typed and normalised against ``anchor``.

    ``anchor`` is the article date ("YYYY-MM-DD", "YYYY-MM", "YYYY" or None); values that
    need a finer anchor than given come out as None.  Offsets index into ``text``.
    """
    if not text:
        return []
    cands: list[_Cand] = []
    for prio, (pattern, parse) in enumerate(R.RULES):
        for m in pattern.finditer(text):
            got = parse(m, text)
            if got is None:
                continue
            typ, resolver, *span = got
            s, e = span if span else m.span()
            s, e = _trim(text, s, e)
            if e > s:
                cands.append(_Cand(s, e, typ, resolver, prio))
    chosen = _select(cands)
    ctx = _Ctx(text, Anchor.parse(anchor))
    out: list[Timex] = []
    for c in chosen:
        ctx.start, ctx.end = c.start, c.end
        try:
            value = c.resolve(ctx)
        except (ValueError, OverflowError):
            value = None
        _remember(ctx, c, value)
        out.append(Timex(text[c.start : c.end], c.start, c.end, c.type, value))
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


def _remember(ctx: _Ctx, c: _Cand, value: str | None) -> None:
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
