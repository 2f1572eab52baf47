"""Grammar of the present, past and future references ("now", "recently", "the near
future") and of clock times ("10:35 a.m. EST Friday", "at 22:30", "noon")."""
from __future__ import annotations

import re

from .lexicon import MONTH_BEFORE_DAY, SMALL_NUMBERS, WEEKDAY
from .rules import B, DAYNUM, E, Rule, prev_word, registry
from .values import clock, fixed, when_date

RULES: list[Rule] = []
rule = registry(RULES)

# ---- present, past and future references


@rule(
    rf"{B}(?:(?P<now>(?:right\s+)?now|currently|nowadays|these\s+days|presently)"
    rf"|(?P<past>(?:more\s+|most\s+|until\s+|only\s+)?recently|lately|the\s+(?:recent\s+|distant\s+)?past)"
    rf"|(?P<fut>the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+|not[\s-]+too[\s-]+distant\s+)?future"
    rf"|(?<!as\s)(?<!too\s)(?<!how\s)soon(?!\s+(?:after|as|thereafter|afterwards?|enough|be)\b)"
    rf"|(?:the|a)\s+later\s+date|as\s+soon\s+as\s+possible|the\s+(?:near|short|long|longer)\s+term)){E}(?!-)"
)
def _refs(m, text):
    if m.group("now"):
        return "DATE", fixed("PRESENT_REF")
    if m.group("past"):
        g = m.group("past").lower()
        s = m.start()
        if g.startswith(("until ", "only ")):
            s = m.start() + g.index(" ") + 1
        if g.startswith("the ") and re.match(r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|decade|year|month|week|day|century)", text[m.end() : m.end() + 12], re.I):
            return None
        return "DATE", fixed("PAST_REF"), s, m.end()
    g = m.group("fut").lower()
    if "term" in g and prev_word(text, m.start()) not in ("in", "over", "for", "the", "during"):
        return None
    return "DATE", fixed("FUTURE_REF")


# ---- clock times

_TZ = r"(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|local\s+time|\((?:[ECMP][SD]T|GMT)\))"
_WHEN = rf"(?:,?\s+(?:on\s+)?(?P<when>{WEEKDAY}|today|yesterday|tomorrow|{MONTH_BEFORE_DAY}\s*{DAYNUM}))"
_HOUR_WORDS = {w: n for w, n in SMALL_NUMBERS.items() if 1 <= n <= 12}



@rule(
    rf"{B}(?:(?:around|approximately|roughly)\s+)?(?P<h>[01]?\d|2[0-3]|{'|'.join(sorted(_HOUR_WORDS, key=len, reverse=True))})"
    rf"(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.\s?m\.?|p\.\s?m\.?|am|pm|o'clock)(?![\w])"
    rf"(?:\s*{_TZ})?{_WHEN}?"
)
def _clock_ampm(m, text):
    htxt = m.group("h").lower()
    h = int(htxt) if htxt.isdigit() else _HOUR_WORDS[htxt]
    mi = int(m.group("mi") or 0)
    ap = m.group("ap").lower().replace(" ", "")
    if ap.startswith("p") and h < 12:
        h += 12
    elif ap.startswith("a") and h == 12:
        h = 0
    if ap in ("am", "pm") and not htxt.isdigit():
        return None
    if ap == "am" and prev_word(text, m.start()) in ("i",):
        return None
    if h > 24:
        return None
    return "TIME", clock(h, mi, when_date(m.group("when")))


@rule(
    rf"{B}(?:(?:around|about|approximately)\s+)?(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<tz>{_TZ}|hours|hrs){E}"
    rf"{_WHEN}?"
)
def _clock_24(m, text):
    return "TIME", clock(int(m.group("h")), int(m.group("mi")), when_date(m.group("when")))


@rule(
    rf"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\baround\s)|(?<=\bbefore\s)"
    rf"|(?<=\bafter\s))(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:.,]\d|\s*(?:[ap]\.?\s?m\b|%|percent)){_WHEN}?"
)
def _clock_after_prep(m, text):
    """"at 22:30": a 24-hour time without a zone, recognised after a preposition."""
    return "TIME", clock(int(m.group("h")), int(m.group("mi")), when_date(m.group("when")))


@rule(rf"{B}(?:(?:around|about|approximately)\s+)?(?P<w>noon|midnight|midday){E}(?:\s*{_TZ})?{_WHEN}?")
def _noon(m, text):
    if prev_word(text, m.start()) == "high":
        return None
    w = m.group("w").lower()
    h = 24 if w == "midnight" else 12
    return "TIME", clock(h, 0, when_date(m.group("when")))


@rule(
    rf"{B}(?P<h>[01]?\d|{'|'.join(sorted(_HOUR_WORDS, key=len, reverse=True))})(?:\s+o'clock)?\s+in\s+the\s+"
    rf"(?P<pod>morning|afternoon|evening){E}"
)
def _hour_in_the(m, text):
    htxt = m.group("h").lower()
    h = int(htxt) if htxt.isdigit() else _HOUR_WORDS[htxt]
    if h > 12:
        return None
    if m.group("pod").lower() != "morning" and h < 12:
        h += 12
    return "TIME", clock(h, 0, when_date(None))
