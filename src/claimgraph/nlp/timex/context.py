"""What a resolver sees: the article date (``Anchor``), the discourse memory (``State``),
the span being resolved (``Ctx``), and the tense of the clause around it.

A bare week-day or month resolves to the most recent one on or before the article date
(news convention: "said Thursday"), unless the clause points forward ("will meet
Thursday", "scheduled to resume Monday"), in which case the next one on or after it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .lexicon import FUTURE_BIGRAMS, FUTURE_CUES, NOT_PAST_ED, PAST_CUES

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


# --------------------------------------------------------------------------- resolution context


@dataclass
class State:
    """Discourse memory while resolving one document in order."""

    quarter: tuple[int, int] | None = None  # last quarter mentioned (year, q)
    quarter_at: int = -10_000
    day: dt.date | None = None  # last day-precision date mentioned
    month: tuple[int, int] | None = None  # last month-precision date mentioned
    year: int | None = None  # last year mentioned
    period: tuple[int, int, int] | None = None  # last quarter/half: (year, per year, index)
    period_at: int = -10_000


@dataclass
class Ctx:
    """The resolution context: one document's text, anchor and memory, and the span at hand."""

    text: str
    anchor: Anchor
    state: State = field(default_factory=State)
    start: int = 0
    end: int = 0

    def tense(self) -> str | None:
        """'future' or 'past' when the clause around the expression says so, else None."""
        return clause_tense(self.text, self.start, self.end)

    def direction(self) -> str:
        """'future' when the clause points forward, else 'past' (the news default)."""
        return "future" if self.tense() == "future" else "past"


# --------------------------------------------------------------------------- clause tense

_WORD = re.compile(r"[A-Za-z']+")
_CLAUSE_STOP = re.compile(r"[.;:!?\n()]")
_STRONG_RIGHT = frozenset({"will", "shall", "won't"})
_PAST_RIGHT = frozenset({"said", "was", "were", "had", "did"})


def clause_tense(text: str, start: int, end: int) -> str | None:
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
        if w in FUTURE_CUES or w.endswith("'ll") or bigram in FUTURE_BIGRAMS or trigram in FUTURE_BIGRAMS:
            if "had" in words[max(0, i - 2) : i]:
                return "past"
            return "future"
        if w in PAST_CUES or (len(w) > 4 and w.endswith("ed") and w not in NOT_PAST_ED):
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
