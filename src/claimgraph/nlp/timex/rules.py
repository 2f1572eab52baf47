"""What the grammar modules share: the rule registry, regex fragments, and word helpers.

A rule is a case-insensitive regex (month names inside it case-sensitive) plus a parser
``parse(match, text)`` returning ``(type, resolver[, start, end])``, or None to reject the
match.  Each ``grammar_*`` module keeps its own ``RULES`` list, filled in source order by
``@rule(pattern)``; ``grammar`` joins them in a fixed order, and earlier rules win ties
between candidates of the same length (longer candidates always win).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .calendar import max_day
from .lexicon import ORDINAL_WORDS, WEEKDAY, parse_ordinal, spoken_year
from .values import century_year

Parser = Callable[[re.Match[str], str], tuple | None]
Rule = tuple[re.Pattern[str], Parser]


def registry(rules: list[Rule]) -> Callable[[str], Callable[[Parser], Parser]]:
    """A ``@rule(pattern)`` decorator that appends (compiled pattern, parser) to ``rules``."""

    def rule(pattern: str) -> Callable[[Parser], Parser]:
        def register(fn: Parser) -> Parser:
            rules.append((re.compile(pattern, re.IGNORECASE), fn))
            return fn

        return register

    return rule


# --------------------------------------------------------------------------- regex fragments

B = r"(?<![\w'$#£€-])"  # start of a word
E = r"(?![\w])"  # end of a word
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_ONE9 = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SPOKEN_YEAR = (
    rf"(?:(?:nineteen|eighteen)[\s-]+(?:hundred[\s-]+(?:and[\s-]+)?)?(?:(?:{_TENS})(?:[\s-]+(?:{_ONE9}))?"
    rf"|{_TEEN}|oh[\s-]+(?:{_ONE9}))"
    rf"|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:(?:{_TENS})(?:[\s-]+(?:{_ONE9}))?|{_TEEN}|{_ONE9}))?)"
)
ANY_YEAR = rf"(?:{YEAR}|{SPOKEN_YEAR}|'\d\d)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
DAYWORD = rf"(?:(?:twenty|thirty)[\s-]+)?(?:{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))})"
PREMOD = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid)(?:-|\s+)|mid-?|the\s+(?:beginning|start|middle|end"
    r"|close|turn|first\s+half|second\s+half|last\s+half|latter\s+part|early\s+part|rest|remainder)\s+of\s+"
    r"(?:the\s+)?|(?:around|about|approximately|roughly)\s+)"
)
WD_PRE = rf"(?:(?:(?:this|next|last|this\s+coming|this\s+past)\s+)?{WEEKDAY},?\s+)"
MOD = (
    r"(?:about|around|approximately|roughly|nearly|almost|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|over|under|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than"
    r"|just\s+over|just\s+under|well\s+over|only|just|barely|within|close\s+to|upwards\s+of)"
)


# --------------------------------------------------------------------------- word helpers


def year_of(text: str | None, ctx) -> int | None:
    """The year a matched year text names: "1998", "'98" (by the anchor's century), spoken."""
    if not text:
        return None
    t = text.strip()
    if t.startswith("'"):
        return century_year(int(t[1:]), ctx)
    return spoken_year(t)


def prev_word(text: str, pos: int) -> str:
    """The word before ``pos``, lower-cased ("" when none within 30 characters)."""
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def next_word(text: str, pos: int) -> str:
    """The word after ``pos``, as written."""
    m = re.match(r"\s*([\w']+)", text[pos : pos + 30])
    return m.group(1) if m else ""


def day_parse(s: str, month: int | None = None) -> int | None:
    """A day-of-month text ("21st", "twenty-first") -> 1..31, None when ``month`` cannot have it."""
    d = parse_ordinal(s)
    if not d or not 1 <= d <= 31:
        return None
    if month is not None and d > max_day(month):
        return None  # "Feb. 30"
    return d


def text_between(m: re.Match[str], a: str, b: str) -> str:
    """The text between the end of group ``a`` and the start of group ``b``."""
    return m.string[m.end(a) : m.start(b)]


# possessives stay outside an expression: "its [fourth quarter]", "their [two-year] term"
POSSESSIVES = frozenset("its their his her our my your".split())
