"""The whole grammar: every rule in priority order, with the words that trigger it.

``RULES`` joins the rules of the ``grammar_*`` modules in a fixed order: earlier rules win
ties between candidates of the same length.  ``SCANNERS`` pairs each rule with its trigger
words and window, and ``token_index`` finds those words in a text, for ``tagger``.
"""
from __future__ import annotations

import re

from . import grammar_dates, grammar_durations, grammar_periods, grammar_relative, grammar_times
from .grammar_durations import SET_ADVERBS
from .lexicon import MONTHS, WEEKDAYS
from .rules import Parser, Rule

RULES: list[Rule] = [
    *grammar_dates.RULES,
    *grammar_relative.RULES,
    *grammar_periods.RULES,
    *grammar_durations.RULES,
    *grammar_times.RULES,
]

# --------------------------------------------------------------------------- triggers
# Scanning every rule over a whole article costs more than it needs to: each rule's
# matches contain one of a few words, and start at most ``back`` characters before it.
# ``tagger`` tokenises once and runs a rule only in windows around its trigger words.
# "<num>" stands for any number token, "<year>" for one from 1600 to 2099.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH_WORDS = frozenset(MONTHS)
_WEEKDAY_WORDS = frozenset(WEEKDAYS) | {w + "s" for w in WEEKDAYS if len(w) > 5}
_UNIT_WORDS = _words(
    "second seconds minute minutes hour hours day days week weeks fortnight fortnights month "
    "months quarter quarters year years decade decades century centuries millennium millennia "
    "semester semesters"
)
_TIME_OF_DAY = _words("morning afternoon evening night")
TRIGGERS: dict[str, tuple[frozenset[str], int]] = {
    "_iso": (_words("<year>"), 0),
    "_slash": (_words("<slash>"), 0),
    "_nine_eleven": (_words("<slash>"), 0),
    "_mdy": (_MONTH_WORDS, 60),
    "_dmy": (_MONTH_WORDS, 60),
    "_month_year": (_MONTH_WORDS, 50),
    "_month": (_MONTH_WORDS, 40),
    "_quarter": (_words("quarter quarters"), 70),
    "_half": (_words("half"), 50),
    "_fiscal": (_words("fiscal fy"), 40),
    "_decade": (_words("<decade> twenties thirties forties fifties sixties seventies eighties nineties"), 30),
    "_century": (_words("century"), 40),
    "_holiday": (_words("christmas year boxing valentine halloween independence july veterans armistice "
                        "thanksgiving memorial labor king presidents election easter good"), 20),
    "_rel_unit": (_words("week weekend month year decade century"), 60),
    "_in_the_unit": (_words("year month week"), 40),
    "_ago": (_words("ago earlier before back previously prior later after now hence"), 75),
    "_relday": (_words("today tonight yesterday tomorrow"), 40),
    "_this_pod": (_TIME_OF_DAY, 30),
    "_anaphoric_day": (_TIME_OF_DAY | {"day"}, 30),
    "_mid_pod": (_words("mid midafternoon midmorning"), 0),
    "_weekday": (_WEEKDAY_WORDS, 40),
    "_weekday_set": (_WEEKDAY_WORDS, 0),
    "_season": (_words("spring summer fall autumn winter"), 60),
    "_year": (_words("<year>"), 40),
    "_spoken_year": (_words("nineteen eighteen thousand"), 25),
    "_quarter_anaphora": (_words("quarter period"), 70),
    "_year_ago_adj": (_words("year"), 5),
    "_duration": (_UNIT_WORDS, 80),
    "_bare_units": (_UNIT_WORDS, 30),
    "_unit_long": (_words("long"), 12),
    "_while": (_words("while time"), 20),
    "_the_year": (_words("year"), 25),
    "_set_adverb": (frozenset(SET_ADVERBS) | {"semi"}, 15),
    "_every": (_words("every each per"), 0),
    "_times_per": (_words("once twice thrice times"), 30),
    "_refs": (_words("now currently nowadays presently days recently recent lately past future date "
                     "possible term soon"), 25),
    "_clock_ampm": (_words("a.m p.m am pm clock"), 25),
    "_clock_24": (_words("gmt utc est edt cst cdt mst mdt pst pdt local hours hrs bst cet cest"), 25),
    "_clock_after_prep": (_words("<num>"), 0),
    "_noon": (_words("noon midnight midday"), 25),
    "_hour_in_the": (_words("morning afternoon evening"), 30),
}
SCANNERS: list[tuple[re.Pattern[str], Parser, frozenset[str] | None, int]] = [
    (pattern, parse, *TRIGGERS.get(parse.__name__, (None, 0))) for pattern, parse in RULES
]
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[a-z]+(?:\.m)?")
_TRIGGER_WORDS = frozenset(w for words, _ in TRIGGERS.values() for w in words if not w.startswith("<"))


def token_index(text: str) -> dict[str, list[tuple[int, int]]]:
    """Trigger word (lower case) -> its spans in ``text``; "<num>", "<year>", "<decade>"
    and "<slash>" for number tokens.  (Set arithmetic picks the trigger words present,
    ``str.find`` locates them: far cheaper than a Python loop over every token.)"""
    index: dict[str, list[tuple[int, int]]] = {}
    low = text.lower()
    n = len(low)
    for w in _TRIGGER_WORDS.intersection(_LETTERS.findall(low)):
        i = low.find(w)
        k = len(w)
        while i != -1:
            j = i + k
            if (i == 0 or not low[i - 1].isalpha()) and (j >= n or not low[j].isalpha()):
                index.setdefault(w, []).append((i, j))
            i = low.find(w, i + 1)
    for m in _DIGITS.finditer(text):
        w, span = m.group(), m.span()
        index.setdefault("<num>", []).append(span)
        if len(w) == 4 and "1600" <= w <= "2099":
            index.setdefault("<year>", []).append(span)
        nxt = text[span[1] : span[1] + 2]
        if w.endswith("0") and (nxt[:1] == "s" or nxt == "'s"):
            index.setdefault("<decade>", []).append(span)
        if nxt[:1] == "/":
            index.setdefault("<slash>", []).append(span)
    return index
