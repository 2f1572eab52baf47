"""The words of time expressions, and the regex fragments built from them.

Number words ("twenty four", "2 1/2", "a couple of") and spoken years; months (from
``claimgraph.months``), week-days, seasons, units, parts of the day and relative days;
holidays (as data: ``calendar.holiday_date`` computes them); the cue words that make a
clause point forward or back in time.  Data and pure functions only; nothing holds state.
"""
from __future__ import annotations

import re

from claimgraph.months import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_NUMBERS

# --------------------------------------------------------------------------- numbers

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}
VAGUE_QUANTITIES = {
    "a few": None, "few": None, "several": None, "many": None, "some": None,
    "a number of": None, "dozens of": None, "hundreds of": None, "thousands of": None,
    "numerous": None, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a dozen": 12, "a half": 0.5,
    "half a": 0.5, "a": 1, "an": 1,
}

_NUM_WORD = "|".join(
    sorted(list(SMALL_NUMBERS) + list(TENS) + list(SCALES) + ["dozen"], key=len, reverse=True)
)
# "twenty four", "twenty-four", "a hundred and ten", "two thousand"
NUM_WORDS = (
    rf"(?:(?:a|one)[ -](?=hundred|thousand|dozen))?(?:{_NUM_WORD})(?:[ -](?:and[ -])?(?:{_NUM_WORD}))*"
)
NUM_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:[ -]1/2)?|1/2"
NUM = rf"(?:{NUM_DIGITS}|{NUM_WORDS})(?:[ -]and[ -]a[ -]half)?"
VAGUE = r"(?:a[ -]few|(?:a[ -])?couple(?:[ -]of)?|a[ -]number[ -]of|a[ -]dozen|half[ -]an?|several|many|some|few|dozens[ -]of|hundreds[ -]of|thousands[ -]of|numerous)"
QUANT = rf"(?:{VAGUE}|{NUM}|an?)"

_ORD_SUFFIX = r"(?:st|nd|rd|th)"
ORDINAL = rf"(?:\d{{1,2}}{_ORD_SUFFIX}|{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))})"


def parse_number(text: str) -> float | None:
    """'twenty four' -> 24, '2 1/2' -> 2.5, 'a couple of' -> 2, 'several' -> None."""
    s = " ".join(text.lower().replace("-", " ").split())
    if s in VAGUE_QUANTITIES:
        return VAGUE_QUANTITIES[s]
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    if s.endswith(" 1/2"):
        s, half = s[:-4], 0.5
    if s == "1/2":
        return 0.5
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", s):
        return float(s.replace(",", "")) + half
    total, current = 0, 0
    words = s.split()
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    seen = False
    for w in words:
        if w == "and":
            continue
        if w in SMALL_NUMBERS:
            current += SMALL_NUMBERS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return float(total + current) + half if seen else None


def parse_ordinal(text: str) -> int | None:
    s = text.lower().strip()
    m = re.fullmatch(r"(\d{1,2})" + _ORD_SUFFIX + "?", s)
    if m:
        return int(m.group(1))
    if s in ORDINAL_WORDS:
        return ORDINAL_WORDS[s]
    parts = s.replace("-", " ").split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINAL_WORDS:
        return TENS[parts[0]] + ORDINAL_WORDS[parts[1]]
    return None


def spoken_year(text: str) -> int | None:
    """'nineteen ninety-eight' -> 1998, 'two thousand and one' -> 2001, '1998' -> 1998."""
    s = " ".join(text.lower().replace("-", " ").split())
    if s.startswith("'") and s[1:].isdigit():
        return None
    if s.isdigit():
        return int(s)
    words = s.split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(w for w in words[2:] if w != "and")) if words[2:] else 0
        return 2000 + int(rest or 0)
    if words[0] in ("nineteen", "eighteen"):
        cent = SMALL_NUMBERS[words[0]] * 100
        rest = [w for w in words[1:] if w not in ("hundred", "and")]
        if rest[:1] == ["oh"]:
            rest = rest[1:]
        val = parse_number(" ".join(rest)) if rest else 0
        return cent + int(val or 0)
    return None


# --------------------------------------------------------------------------- calendar words

# month word (full name or abbreviation, lower case) -> 1..12
MONTHS = {**MONTH_NUMBERS, **MONTH_ABBREVIATIONS}
# Month names that are also ordinary words or first names need context to count.
AMBIGUOUS_MONTHS = {"may", "march", "april", "june", "august", "jan"}
_FULL_MONTHS = list(MONTH_NAMES)
_ABBR_MONTHS = list(MONTH_ABBREVIATIONS)


def _cased(words: list[str]) -> str:
    """Title-case and upper-case forms; lower-case too for words that are never English words."""
    forms: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        forms += [w.capitalize(), w.upper()]
        if w not in AMBIGUOUS_MONTHS and w not in ("mar", "sep", "dec"):
            forms.append(w)
    return "|".join(forms)


# Month names are matched case-sensitively ((?-i:...)) inside case-insensitive rules.
MONTH_FULL = rf"(?-i:{_cased(_FULL_MONTHS)})"
MONTH_ABBR = rf"(?-i:(?:{_cased(_ABBR_MONTHS)})\.)"
MONTH = rf"(?:{MONTH_ABBR}|{MONTH_FULL}(?![\w]))"
# An abbreviation without its period only directly before a day number ("Jan 21").
MONTH_BEFORE_DAY = rf"(?:{MONTH_ABBR}|(?:{MONTH_FULL}|(?-i:{_cased(_ABBR_MONTHS)}))(?![\w.]))"

WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4,
    "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}
_WD_FULL = [w for w in WEEKDAYS if len(w) > 5]
WEEKDAY = (
    rf"(?:(?i:{'|'.join(_WD_FULL)})|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)(?![\w])"
)
WEEKDAY_PLURAL = rf"(?i:(?:{'|'.join(_WD_FULL)})s)"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON = r"(?i:spring|summer|fall|autumn|winter)"
SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}  # within a year, for "last summer"

# unit word -> (TIMEX3 unit, multiplier); time units carry the "T" designator
UNITS = {
    "second": ("S", 1), "minute": ("MIN", 1), "hour": ("H", 1), "day": ("D", 1),
    "night": ("D", 1), "week": ("W", 1), "fortnight": ("W", 2), "month": ("M", 1),
    "quarter": ("Q", 1), "year": ("Y", 1), "decade": ("DE", 1), "century": ("CE", 1),
    "centurie": ("CE", 1), "millennium": ("ML", 1), "millennia": ("ML", 1),
    "sec": ("S", 1), "min": ("MIN", 1), "hr": ("H", 1), "yr": ("Y", 1),
    "weekend": ("WE", 1), "semester": ("M", 6), "trading day": ("D", 1),
    "business day": ("D", 1), "working day": ("D", 1), "school year": ("Y", 1),
}
UNIT_SINGULAR = r"(?i:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|millennium)"
UNIT_ANY = (
    r"(?i:(?:trading|business|working)[ -]days?|seconds?|minutes?|hours?|days?|weeks?|fortnights?"
    r"|months?|quarters?|years?|decades?|century|centuries|millennium|millennia|semesters?)"
)


def unit_of(word: str) -> tuple[str, int]:
    w = " ".join(word.lower().replace("-", " ").split())
    if w in UNITS:
        return UNITS[w]
    if w.endswith("ies") and w[:-3] + "y" in UNITS:
        return UNITS[w[:-3] + "y"]
    if w.endswith("s") and w[:-1] in UNITS:
        return UNITS[w[:-1]]
    return UNITS.get(w.rstrip("s"), ("X", 1))


def month_of(word: str) -> int:
    """The number of a month word as matched ("Sept." -> 9, "MARCH" -> 3)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_of(word: str) -> int:
    """The ISO number of a week-day word as matched ("Thurs." -> 4)."""
    return WEEKDAYS[word.lower().rstrip(".")]


# --------------------------------------------------------------------------- cue words

# Words in a clause that make a bare "Thursday" / "in April" point forward in time ...
FUTURE_CUES = frozenset(
    """will won't 'll shall going gonna scheduled schedule schedules plan plans planned planning
    expects expected expect slated due intends intend intended hopes hope aims upcoming
    next until till forthcoming await awaits awaiting""".split()
)
# ... two-word cues ("set to resume Monday", "as early as Tuesday") ...
FUTURE_BIGRAMS = frozenset(
    "set to|is to|are to|due to|as early as|as soon as|about to|to be|will be".split("|")
)
# ... unless a past verb comes first ("said Friday"); any other "-ed" word counts as past too.
PAST_CUES = frozenset(
    """said told was were had did been seen done gone taken given shot hit held found won lost
    put sent led fled built bought sold paid began died fell rose came went met made took gave
    left ran saw knew thought became brought struck spoke wrote broke quit""".split()
)
NOT_PAST_ED = frozenset("need needed".split()) | FUTURE_CUES

# --------------------------------------------------------------------------- holidays

# holiday name (lower-case, spaces normalised) -> how to find it in a year:
# ("date", month, day); ("weekday", month, ISO weekday, n-th (-1: the last), days after it);
# ("easter", days after Easter Sunday)
HOLIDAYS: dict[str, tuple] = {
    "christmas": ("date", 12, 25),
    "christmas day": ("date", 12, 25),
    "christmas eve": ("date", 12, 24),
    "new year's day": ("date", 1, 1),
    "new year's eve": ("date", 12, 31),
    "boxing day": ("date", 12, 26),
    "valentine's day": ("date", 2, 14),
    "halloween": ("date", 10, 31),
    "independence day": ("date", 7, 4),
    "the fourth of july": ("date", 7, 4),
    "veterans day": ("date", 11, 11),
    "armistice day": ("date", 11, 11),
    "thanksgiving": ("weekday", 11, 4, 4, 0),
    "thanksgiving day": ("weekday", 11, 4, 4, 0),
    "memorial day": ("weekday", 5, 1, -1, 0),
    "labor day": ("weekday", 9, 1, 1, 0),
    "martin luther king day": ("weekday", 1, 1, 3, 0),
    "presidents day": ("weekday", 2, 1, 3, 0),
    "election day": ("weekday", 11, 1, 1, 1),  # the Tuesday after the first Monday
    "easter": ("easter", 0),
    "easter sunday": ("easter", 0),
    "easter monday": ("easter", 1),
    "good friday": ("easter", -2),
}
HOLIDAY = (
    r"(?:Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Boxing Day|Valentine's Day|Halloween"
    r"|Independence Day|the Fourth of July|Veterans Day|Armistice Day|Thanksgiving(?: Day)?"
    r"|Memorial Day|Labor Day|Martin Luther King Day|Presidents Day|Election Day"
    r"|Easter(?: Sunday| Monday)?|Good Friday)(?![\w])"
)


# --------------------------------------------------------------------------- days

# part of the day -> TIMEX3 code ("Thursday night" -> ...TNI)
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midafternoon": "AF", "mid-afternoon": "AF", "mid afternoon": "AF", "midmorning": "MO",
    "mid-morning": "MO", "mid morning": "MO",
}
# a day named relative to the article date -> days from it
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}
