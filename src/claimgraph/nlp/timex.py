"""Time expressions: find, type and normalise them to TIMEX3 values.

``find_timexes(text, anchor)`` is a pure, regex- and lexicon-based tagger in the style of
HeidelTime and SUTime.  The rules live in ``timex_rules`` (each a regex plus a small
parser, run only near its trigger words); the longest non-overlapping candidates win;
then, in document order, each is resolved against the article date (``anchor``) and a
little discourse state (the last quarter, day, month and year mentioned, so that "the
year-ago quarter", "the following month" and "10:35 a.m." resolve the way news readers
resolve them).  No model, no I/O, no global state: safe to call from many threads.

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
    year: int | None = None  # last year mentioned
    period: tuple[int, int, int] | None = None  # last quarter/half: (year, per year, index)
    period_at: int = -10_000


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
_CLAUSE_STOP = re.compile(r"[.;:!?\n()]")
_STRONG_RIGHT = frozenset({"will", "shall", "won't"})
_PAST_RIGHT = frozenset({"said", "was", "were", "had", "did"})


def _clause_tense(text: str, start: int, end: int) -> str | None:
    """'future', 'past' or None from the words of the clause around ``text[start:end]``.

    Scans backwards from the expression to the clause start: the first cue decides ("said
    Friday" is past, "will meet Friday" / "scheduled to resume Monday" / "as early as
    Tuesday" future; "was scheduled to expire Friday" past).  Then a few words to the right,
    where only strong cues count ("On Tuesday, the group will meet").
    """
    left = text[max(0, start - 110) : start]
    stop = None
    for stop in _CLAUSE_STOP.finditer(left):
        pass
    if stop is not None:
        left = left[stop.end() :]
    words = [w.lower() for w in _WORD.findall(left)][-14:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        bigram = " ".join(words[i : i + 2])
        trigram = " ".join(words[i : i + 3])
        if bigram == "ahead of" and i >= len(words) - 3:
            return "future"  # "ahead of the weekend", but not "ahead of X's visit, ... on Sunday"
        if w in R.FUTURE_CUES or w.endswith("'ll") or bigram in R.FUTURE_BIGRAMS or trigram in R.FUTURE_BIGRAMS:
            if "had" in words[max(0, i - 2) : i]:
                return "past"
            return "future"
        if w in R.PAST_CUES or (len(w) > 4 and w.endswith("ed") and w not in R.NOT_PAST_ED):
            aux = words[i - 1] if i else ""
            if aux in ("be", "been", "being", "is", "are", "am", "get", "gets"):
                continue  # a passive: "will be held", "has been scheduled" - look further back
            return "past"
    right = text[end : end + 60]
    m = _CLAUSE_STOP.search(right)
    if m:
        right = right[: m.start()]
    for w in [w.lower() for w in _WORD.findall(right)][:6]:
        if w in _STRONG_RIGHT or w.endswith("'ll"):
            return "future"
        if w in _PAST_RIGHT:
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
    original, text = text, text.translate(_SAME_LENGTH_FOLDS)
    cands: list[_Cand] = []
    index = R.token_index(text)
    for prio, (pattern, parse, words, back) in enumerate(R.SCANNERS):
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
    ctx = _Ctx(text, Anchor.parse(anchor))
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
    m = _PERIOD_VALUE.match(value)
    if m and not getattr(c.resolve, "no_memory", False):
        per_year = 4 if m.group(2) == "Q" else 2
        ctx.state.period, ctx.state.period_at = (int(m.group(1)), per_year, int(m.group(3))), c.end
