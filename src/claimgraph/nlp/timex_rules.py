"""The rules behind ``claimgraph.nlp.timex``: lexicon, calendar arithmetic, grammar.

Sections, top to bottom:

- **lexicon**: number words ("twenty four", "2 1/2", "a couple of"), months, week-days,
  seasons, units, holidays, tense cue words, and the regex fragments built from them;
- **calendar**: ISO weeks, quarters, movable holidays, week-day and month arithmetic;
- **value builders**: small resolvers that turn (anchor, discourse state) into a TIMEX3
  value, e.g. ``_week_shift(-1)`` for "last week";
- **grammar**: ``RULES``, each a case-insensitive regex (month names case-sensitive) and
  a parser returning ``(type, resolver[, start, end])`` or None to reject the match;
- **triggers**: the words each rule needs, so ``timex`` runs it only near them.

Everything here is data or a pure function; nothing holds state.
"""
from __future__ import annotations

import datetime as dt
import re

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


# --------------------------------------------------------------------------- calendar words

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Month names that are also ordinary words or first names need context to count.
AMBIGUOUS_MONTHS = {"may", "march", "april", "june", "august", "jan"}
_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"]


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


def duration_value(n: float | None, unit: str, mult: int = 1) -> str:
    """(2.5, 'Y') -> 'P2Y6M'; (None, 'W') -> 'PXW'; (3, 'H') -> 'PT3H'; (2, 'DE') -> 'P20Y'."""
    if unit == "WE":
        unit, mult = "D", 2 * mult
    if n is None:
        return {"MIN": "PTXM", "H": "PTXH", "S": "PTXS"}.get(unit, f"PX{unit}")
    n = n * mult
    if unit == "DE":
        n, unit = n * 10, "Y"
    elif unit == "CE":
        n, unit = n * 100, "Y"
    elif unit == "ML":
        n, unit = n * 1000, "Y"
    whole = int(n)
    frac = n - whole
    lower = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60),
             "MIN": ("S", 60), "Q": ("M", 3)}
    parts = [(whole, unit)] if whole else []
    if frac and unit in lower:
        sub, k = lower[unit]
        parts.append((round(frac * k), sub))
    elif frac:
        parts = [(n, unit)]
    date_part = "".join(f"{_fmt(v)}{u}" for v, u in parts if u in ("Y", "M", "W", "D", "Q"))
    time_part = "".join(
        f"{_fmt(v)}{'M' if u == 'MIN' else u}" for v, u in parts if u in ("H", "MIN", "S")
    )
    return "P" + date_part + ("T" + time_part if time_part else "") if parts else "P0D"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


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

# --------------------------------------------------------------------------- calendar helpers


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def season_of(month: int) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
        month, "FA"
    )


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """n-th ISO weekday (1=Mon) of a month; n=-1 is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        shift = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=shift + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def _election_day(y: int) -> dt.date:
    return nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1)


# holiday name (lower-case, spaces normalised) -> function year -> date
HOLIDAYS = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    "independence day": lambda y: dt.date(y, 7, 4),
    "the fourth of july": lambda y: dt.date(y, 7, 4),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "armistice day": lambda y: dt.date(y, 11, 11),
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 4, 4),
    "memorial day": lambda y: nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: nth_weekday(y, 9, 1, 1),
    "martin luther king day": lambda y: nth_weekday(y, 1, 1, 3),
    "presidents day": lambda y: nth_weekday(y, 2, 1, 3),
    "election day": _election_day,
    "easter": easter,
    "easter sunday": easter,
    "easter monday": lambda y: easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: easter(y) - dt.timedelta(days=2),
}
HOLIDAY = (
    r"(?:Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Boxing Day|Valentine's Day|Halloween"
    r"|Independence Day|the Fourth of July|Veterans Day|Armistice Day|Thanksgiving(?: Day)?"
    r"|Memorial Day|Labor Day|Martin Luther King Day|Presidents Day|Election Day"
    r"|Easter(?: Sunday| Monday)?|Good Friday)(?![\w])"
)


def resolve_weekday(anchor: dt.date, weekday: int, direction: str = "past") -> dt.date:
    """The date of ISO ``weekday`` (1=Monday) relative to ``anchor``.

    ``past``: the most recent one on or before the anchor (a Thursday article's
    "Thursday" is that day); ``future``: the next one on or after; ``last``/``next``:
    strictly before/after.
    """
    back = (anchor.isoweekday() - weekday) % 7
    fwd = (weekday - anchor.isoweekday()) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "future":
        return anchor + dt.timedelta(days=fwd)
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    return anchor + dt.timedelta(days=fwd or 7)


def resolve_month(year: int, month: int, target: int, direction: str = "past") -> int:
    """The year of month ``target`` seen from (year, month): on/before it for ``past``,
    on/after for ``future``, strictly before/after for ``last``/``next``."""
    if direction == "past":
        return year if target <= month else year - 1
    if direction == "future":
        return year if target >= month else year + 1
    if direction == "last":
        return year if target < month else year - 1
    return year if target > month else year + 1


# --------------------------------------------------------------------------- value builders
# A rule's parser returns (type, resolver[, start, end]); a resolver maps the resolution
# context (``timex._Ctx``: anchor, discourse state, the span) to a TIMEX3 value or None.


def _ymd(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _fixed(value: str | None):
    return lambda ctx: value


def _year_shift(delta: int):
    return lambda ctx: str(ctx.anchor.year + delta) if ctx.anchor.year else None


def _month_shift(delta: int):
    def f(ctx):
        a = ctx.anchor
        if a.month is None:
            return None
        y, m = add_months(a.year, a.month, delta)
        return f"{y}-{m:02d}"

    return f


def _day_shift(delta: int):
    def f(ctx):
        d = ctx.anchor.date
        return _ymd(d + dt.timedelta(days=delta)) if d else None

    return f


def _week_shift(delta: int):
    """ISO week of the anchor shifted by ``delta``."""

    def f(ctx):
        d = ctx.anchor.date
        return iso_week(d + dt.timedelta(weeks=delta)) if d else None

    return f


def _quarter_shift(delta: int):
    def f(ctx):
        a = ctx.anchor
        if a.month is None:
            return None
        k = a.year * 4 + quarter_of(a.month) - 1 + delta
        return f"{k // 4}-Q{k % 4 + 1}"

    return f


def _weekend(which: str):
    """which: this | last | next | bare ("the weekend": the last one unless pointing forward)."""

    def f(ctx):
        d = ctx.anchor.date
        if not d:
            return None
        on_weekend = d.isoweekday() >= 6
        if which == "last":
            delta = -1
        elif which == "next":
            delta = 1 if on_weekend else 0
        elif which == "this":
            delta = 0
        else:
            delta = 0 if on_weekend or ctx.direction() == "future" else -1
        return iso_week(d + dt.timedelta(weeks=delta)) + "-WE"

    return f


def _recent_quarter(ctx, default: bool = True) -> tuple[int, int] | None:
    """The quarter under discussion: the last one mentioned, else the last completed one."""
    st = ctx.state
    if st.quarter and ctx.start - st.quarter_at < 1500:
        return st.quarter
    if not default:
        return None
    a = ctx.anchor
    if a.month is None:
        return None
    k = a.year * 4 + quarter_of(a.month) - 2
    return k // 4, k % 4 + 1


def _no_memory(fn):
    """Mark a resolver whose quarter value must not become "the quarter under discussion"."""
    fn.no_memory = True
    return fn


QUARTER_CONTEXT_CHARS = 1000  # how far back a quarter mention makes "a year ago" a quarter


@_no_memory
def _year_ago(ctx) -> str | None:
    """"a year ago", "year-earlier": last year's quarter in quarterly-results talk, else last year."""
    st = ctx.state
    if st.quarter and ctx.start - st.quarter_at < QUARTER_CONTEXT_CHARS:
        y, q = st.quarter
        return f"{y - 1}-Q{q}"
    return str(ctx.anchor.year - 1) if ctx.anchor.year else None


def _unit_shift(unit: str, n: int):
    """A calendar unit shifted by n from the anchor, at that unit's precision."""
    if unit == "Y":
        return _year_shift(n)
    if unit == "M":
        return _month_shift(n)
    if unit == "W":
        return _week_shift(n)
    if unit in ("D", "H", "MIN", "S"):
        return _day_shift(n if unit == "D" else 0)
    if unit == "Q":
        return _quarter_shift(n)
    if unit == "DE":
        return lambda ctx: str(ctx.anchor.year // 10 + n) if ctx.anchor.year else None
    if unit == "CE":
        return lambda ctx: f"{ctx.anchor.year // 100 + n:02d}" if ctx.anchor.year else None
    if unit == "WE":
        return _weekend({0: "this", -1: "last", 1: "next"}.get(n, "this"))
    return _fixed(None)


# the word right before a date, skipping "on", "the", "shortly after" and the like
_IMMEDIATE_WORD = re.compile(
    r"([A-Za-z]+)\s+(?:(?:on|the|of|shortly|just|early|late|around|about)\s+)*$"
)
_DEADLINE_WORDS = frozenset("until till payable effective due expire expires expiring".split())


def _year_for_month_day(ctx, month: int, day: int) -> int | None:
    """Year of a "Month Day" with no year: the occurrence nearest the article date (news
    dates without a year sit in the news window, "payable Dec. 15", "announced Aug. 21"),
    except after "ended" ("the fiscal year ended Jan. 31")."""
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    ref = a.date or dt.date(a.year, a.month, 15)
    day = min(day, 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)

    def on(y: int) -> dt.date:
        return dt.date(y, month, 28) if month == 2 and day == 29 else dt.date(y, month, day)

    past = a.year if on(a.year) <= ref else a.year - 1
    future = a.year if on(a.year) >= ref else a.year + 1
    prev = _IMMEDIATE_WORD.search(ctx.text[max(0, ctx.start - 40) : ctx.start])
    word = prev.group(1).lower() if prev else ""
    if word == "since" or word in PAST_CUES or (word.endswith("ed") and word not in NOT_PAST_ED):
        return past  # "since Oct. 7", "the year ended March 31", "last seen Nov. 3"
    if word in _DEADLINE_WORDS:
        return future  # "payable Dec. 15", "until Nov. 30"
    return future if (on(future) - ref).days < (ref - on(past)).days else past


def _year_for_month(ctx, month: int) -> int | None:
    """Year of a month named alone, by the same rule at month precision."""
    a = ctx.anchor
    if a.year is None or a.month is None:
        return a.year
    tense = ctx.tense()
    if tense in ("past", "future"):
        return resolve_month(a.year, a.month, month, tense)
    ahead = (month - a.month) % 12
    return resolve_month(a.year, a.month, month, "future" if 0 < ahead <= 2 else "past")


def _fmt_date(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        if m is None:
            return None
        return f"XXXX-{m:02d}" + (f"-{d:02d}" if d else "")
    try:
        if d is not None:
            return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "")


def _century_year(yy: int, ctx) -> int:
    """Two-digit year -> four digits, the century that keeps it at or before the anchor."""
    base = ctx.anchor.year or 1999
    y = (base // 100) * 100 + yy
    return y - 100 if y > base + 10 else y


# --------------------------------------------------------------------------- grammar
# Each rule is a case-insensitive regex plus a parser; earlier rules win ties between
# candidates of the same length, longer candidates always win.

RULES: list[tuple[re.Pattern[str], object]] = []


def rule(pattern: str):
    def register(fn):
        RULES.append((re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


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


def spoken_year(text: str) -> int | None:
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


def _year_of(text: str | None, ctx) -> int | None:
    if not text:
        return None
    t = text.strip()
    if t.startswith("'"):
        return _century_year(int(t[1:]), ctx)
    return spoken_year(t)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([\w']+)", text[pos : pos + 30])
    return m.group(1) if m else ""


# ---- absolute dates


@rule(
    r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"(?![\w/-])"
)
def _iso(m, text):
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    val = _fmt_date(y, mo, d)
    if val is None:
        return None
    if m.group(4):
        return "TIME", _fixed(f"{val}T{m.group(4)}:{m.group(5)}")
    return "DATE", _fixed(val)


@rule(r"(?<![\w/.$-])9/11(?![\w/]|\.\d)")
def _nine_eleven(m, text):
    return "DATE", _fixed("2001-09-11")  # the attacks, a date news names by its digits


@rule(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")
def _slash(m, text):
    a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
    mo, d = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    if len(y) == 2:
        return "DATE", lambda ctx: _fmt_date(_century_year(int(y), ctx), mo, d)
    return ("DATE", _fixed(_fmt_date(int(y), mo, d))) if _fmt_date(int(y), mo, d) else None


def _day_parse(s: str, month: int | None = None) -> int | None:
    d = parse_ordinal(s)
    if not d or not 1 <= d <= 31:
        return None
    if month is not None and d > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None  # "Feb. 30"
    return d


@rule(
    rf"{B}{WD_PRE}?(?:{PREMOD})?(?P<mon>{MONTH_BEFORE_DAY})\s*(?P<day>{DAYNUM}|{DAYWORD}){E}(?!,?\d)"
    rf"(?:,?\s+(?P<year>{YEAR}|{SPOKEN_YEAR}){E}|,?\s+(?P<yq>'\d\d){E})?"
)
def _mdy(m, text):
    mon = MONTHS[m.group("mon").lower().rstrip(".")]
    day = _day_parse(m.group("day"), mon)
    if day is None:
        return None
    ytxt = m.group("year") or m.group("yq")
    if ytxt:
        return "DATE", lambda ctx: _fmt_date(_year_of(ytxt, ctx), mon, day)
    return "DATE", lambda ctx: _fmt_date(_year_for_month_day(ctx, mon, day), mon, day)


@rule(
    rf"{B}{WD_PRE}?(?:the\s+)?(?P<day>{DAYNUM}|{DAYWORD})(?:\s+of)?\s+(?P<mon>{MONTH})"
    rf"(?:,?\s+(?P<year>{YEAR}|{SPOKEN_YEAR}){E})?"
)
def _dmy(m, text):
    mon = MONTHS[m.group("mon").lower().rstrip(".")]
    day = _day_parse(m.group("day"), mon)
    if day is None:
        return None
    ytxt = m.group("year")
    if ytxt:
        return "DATE", lambda ctx: _fmt_date(_year_of(ytxt, ctx), mon, day)
    return "DATE", lambda ctx: _fmt_date(_year_for_month_day(ctx, mon, day), mon, day)


@rule(
    rf"{B}(?:{PREMOD})?(?P<mon>{MONTH})(?:\s+of|,)?\s+(?:(?P<year>{ANY_YEAR}){E}"
    rf"|(?:of\s+)?(?P<rel>this|last|next|the\s+same|that)\s+year{E})"
)
def _month_year(m, text):
    mon = MONTHS[m.group("mon").lower().rstrip(".")]
    ytxt, rel = m.group("year"), (m.group("rel") or "").lower()
    if ytxt:
        return "DATE", lambda ctx: _fmt_date(_year_of(ytxt, ctx), mon)
    if rel in ("the same", "that"):
        return "DATE", lambda ctx: _fmt_date(ctx.state.year or ctx.anchor.year, mon)
    delta = {"this": 0, "last": -1, "next": 1}[rel]
    return "DATE", lambda ctx: _fmt_date(ctx.anchor.year + delta, mon) if ctx.anchor.year else None


_MONTH_CONTEXT = frozenset(
    "in since until till by during from through before after of between on each every "
    "early late mid last next this that to and or the a".split()
)


@rule(
    rf"{B}(?P<pre>(?:last|next|this|this\s+past|this\s+coming|the\s+past|the\s+coming|early|late"
    rf"|the\s+middle\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+end\s+of|the\s+first\s+half\s+of"
    rf"|the\s+second\s+half\s+of|the\s+last\s+half\s+of)[\s-]+|mid-?)?(?P<mon>{MONTH})"
)
def _month(m, text):
    word = m.group("mon").lower().rstrip(".")
    mon = MONTHS[word]
    pre = " ".join((m.group("pre") or "").lower().split())
    if not pre and word in AMBIGUOUS_MONTHS:
        prev = _prev_word(text, m.start())
        nxt = _next_word(text, m.end())
        if prev not in _MONTH_CONTEXT or (word == "may" and prev in ("and", "or", "to", "the", "a")):
            return None
        if nxt[:1].isupper() and word != "may":
            return None  # "April Glaspie", "June Carter"
    rel = pre.split()[0] if pre else ""
    if pre.startswith("this past") or pre.startswith("the past"):
        rel = "last"
    elif pre.startswith("this coming") or pre.startswith("the coming"):
        rel = "next"

    def resolve(ctx):
        a = ctx.anchor
        if a.year is None:
            return f"XXXX-{mon:02d}"
        if a.month is None:
            return _fmt_date(a.year, mon)
        if rel in ("last", "next"):
            return _fmt_date(resolve_month(a.year, a.month, mon, rel), mon)
        if rel == "this":
            return _fmt_date(a.year, mon)
        return _fmt_date(_year_for_month(ctx, mon), mon)

    return "DATE", resolve


# ---- quarters, halves, fiscal years

QORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_QNUM = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4, "final": 4}
_QPRE = (
    rf"(?:(?:the|its|their|this|that|same|comparable|corresponding|year[\s-]+ago|year[\s-]+earlier"
    rf"|fiscal|latest|current|calendar|(?:this|last|next)\s+year's|{YEAR}'s|{YEAR})\s+)"
)


def _infer_period_year(ctx, index: int, per_year: int) -> int | None:
    """Year of a quarter (per_year=4) or half (2) named without one: the latest such
    period that has begun by the article date, or the next one if the clause points forward."""
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    st = ctx.state
    if st.period and ctx.start - st.period_at < 120 and st.period[1:] != (per_year, index):
        return st.period[0]  # "the first half of 2020 was calm; the second half was not"
    current = (a.month - 1) * per_year // 12 + 1
    if index <= current:
        return a.year
    return a.year if ctx.direction() == "future" else a.year - 1


def _period_rule(kind: str, per_year: int):
    def parse(m, text):
        idx = _QNUM.get(m.group("n").lower(), None) if kind == "Q" else _HNUM[m.group("n").lower()]
        if idx is None:
            return None
        pre = " ".join((m.group("pre") or "").lower().split())
        ytxt = m.group("y")
        after = text[m.end() : m.end() + 12].lower()
        if kind == "H" and not ytxt and re.match(r"\s+of\s", after):
            return None  # "the first half of the game"
        if kind == "Q" and re.match(r"[\s-]+(?:mile|century|point|of\s+a|of\s+the|of\s+its)", after):
            return None
        yrs = re.findall(YEAR, pre)

        def resolve(ctx):
            if ytxt:
                low = ytxt.lower()
                if low in ("this year", "the year"):
                    y = ctx.anchor.year
                elif low in ("last year", "next year"):
                    y = ctx.anchor.year + (1 if low.startswith("next") else -1) if ctx.anchor.year else None
                else:
                    y = _year_of(re.sub(r"^fiscal\s+", "", low), ctx)
            elif yrs:
                y = int(yrs[0])
            elif "last year's" in pre or "year-ago" in pre.replace(" ", "-") or "year-earlier" in pre.replace(" ", "-"):
                y = ctx.anchor.year - 1 if ctx.anchor.year else None
            elif "next year's" in pre:
                y = ctx.anchor.year + 1 if ctx.anchor.year else None
            elif "this year's" in pre:
                y = ctx.anchor.year
            else:
                y = _infer_period_year(ctx, idx, per_year)
            if y is None:
                return f"XXXX-{kind}{idx}"
            return f"{y}-{kind}{idx}"

        return "DATE", resolve

    return parse


_PERIOD_YEAR = (
    rf"(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?P<y>{ANY_YEAR}|this\s+year|last\s+year|next\s+year"
    rf"|the\s+year|fiscal\s+{YEAR}){E}|\s+(?P<y2>this\s+year|last\s+year|next\s+year){E})?"
)
_quarter_parse = _period_rule("Q", 4)


@rule(
    rf"{B}(?P<pre>{_QPRE}*)(?:fiscal[\s-]+)?(?P<n>{QORD})[\s-]+(?:fiscal[\s-]+)?(?:calendar[\s-]+)?"
    rf"quarters?{E}{_PERIOD_YEAR}"
)
def _quarter(m, text):
    got = _quarter_parse(m, text)
    if got:
        # "its [fourth quarter]", "the [third-quarter] loss": possessives and the article of
        # an adjectival quarter stay outside the expression
        pre = m.group("pre") or ""
        lead = re.match(r"(?:(?:its|their|his|her|our)\s+|(?:the|that|this|a)\s+(?=\S*$))", pre, re.I)
        hyphen = "-" in text_between(m, "n", "n") or re.search(r"[-]quarter", m.group(0), re.I)
        if lead and (lead.group(0).strip().lower() in _POSSESSIVES or hyphen):
            got = (*got[:2], m.start() + lead.end(), m.end())
    if got and m.group("y2"):
        y2 = m.group("y2").lower()
        shift = {"this": 0, "last": -1, "next": 1}[y2.split()[0]]
        idx = _QNUM[m.group("n").lower()]
        return "DATE", lambda ctx: f"{ctx.anchor.year + shift}-Q{idx}" if ctx.anchor.year else None
    return got


_HNUM = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "latter": 2}
_half_parse = _period_rule("H", 2)


@rule(
    rf"{B}(?P<pre>(?:(?:the|its|their|this\s+year's|last\s+year's|next\s+year's|{YEAR}'s|fiscal)\s+)*)"
    rf"(?P<n>first|second|1st|2nd|last|latter)[\s-]+half{E}{_PERIOD_YEAR}"
)
def _half(m, text):
    if not (m.group("pre") or "").strip() and not m.group("y"):
        return None
    return _half_parse(m, text)


@rule(
    rf"{B}(?:(?P<the>the|its|their)\s+)?(?:(?P<rel>current|latest|previous|prior|past|last|next|coming"
    rf"|new|same|full|entire|just[\s-]+ended)\s+)?fiscal(?:[\s-]+(?P<yw>year))?"
    rf"(?:\s+(?P<y>{YEAR}|'?\d\d))?{E}(?![\s-]+(?:first|second|third|fourth|1st|2nd|3rd|4th|half))"
    rf"|{B}FY\s?(?P<fy>\d{{4}}|\d\d){E}"
)
def _fiscal(m, text):
    ytxt = m.group("y") or m.group("fy")
    rel = (m.group("rel") or "").lower()
    if ytxt:
        yy = ytxt.lstrip("'")
        if len(yy) == 2:
            return "DATE", lambda ctx: str(_century_year(int(yy), ctx))
        return "DATE", _fixed(yy)
    if not m.group("yw") or not (m.group("the") or rel):
        return None
    if rel in ("previous", "prior", "past", "last", "latest"):
        return "DATE", _year_shift(-1)
    if rel in ("next", "coming", "new"):
        return "DATE", _year_shift(1)
    if not rel:
        return "DURATION", _fixed("P1Y")  # "in the fiscal year ended Jan. 31"
    return "DATE", _year_shift(0)


# ---- decades, centuries


@rule(
    rf"{B}(?:(?P<the>the)\s+)?(?:(?:early|late|mid)[\s-]+|mid-)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0'?s{E}"
    rf"|'(?P<d2>\d)0'?s{E}|(?P<w>(?:nineteen[\s-]+)?(?:twenties|thirties|forties|fifties|sixties"
    rf"|seventies|eighties|nineties)){E})"
)
def _decade(m, text):
    if m.group("c"):
        return "DATE", _fixed(m.group("c") + m.group("d"))
    if m.group("d2"):
        d = int(m.group("d2"))
        return "DATE", lambda ctx: str((2000 + 10 * d) // 10) if ctx.anchor.year and 2000 + 10 * d <= ctx.anchor.year else f"19{d}"
    if not m.group("the"):
        return None  # "in their twenties" is an age
    w = m.group("w").lower().split()[-1]
    d = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
         "eighties": 8, "nineties": 9}[w.split("-")[-1]]
    return "DATE", _fixed(f"19{d}")


@rule(
    rf"{B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+|mid-)?(?P<o>{ORDINAL}|(?:twenty|nineteen)[\s-]+first)"
    rf"[\s-]+century{E}"
)
def _century(m, text):
    n = parse_ordinal(m.group("o"))
    if n is None:
        n = {"twenty first": 21, "twenty-first": 21}.get(m.group("o").lower())
    if not n:
        return None
    return "DATE", _fixed(f"{n - 1:02d}")


# ---- holidays


@rule(rf"{B}(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?P<h>{HOLIDAY})(?:,?\s+(?P<y>{YEAR}){E})?")
def _holiday(m, text):
    name = " ".join(m.group("h").lower().split())
    fn = HOLIDAYS.get(name)
    if fn is None:
        return None
    rel = " ".join((m.group("rel") or "").lower().split())
    ytxt = m.group("y")

    def resolve(ctx):
        if ytxt:
            return _ymd(fn(int(ytxt)))
        d = ctx.anchor.date
        if d is None:
            return None
        cands = [fn(y) for y in (d.year - 1, d.year, d.year + 1)]
        if rel in ("last", "this past"):
            return _ymd(max(c for c in cands if c < d))
        if rel in ("next", "this coming"):
            return _ymd(min(c for c in cands if c > d))
        tense = ctx.tense()
        if tense == "future":
            return _ymd(min(c for c in cands if c >= d))
        if tense == "past":
            return _ymd(max(c for c in cands if c <= d))
        return _ymd(min(cands, key=lambda c: abs((c - d).days)))

    return "DATE", resolve


# ---- this / last / next + unit; "earlier this month"; "a year ago"

_REL_PRE = (
    r"(?:(?:early|earlier|late|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|the\s+first\s+half\s+of"
    r"|the\s+second\s+half\s+of|sometime|some\s+time)[\s-]+)"
)
_REL_WORD = {
    "this": 0, "current": 0, "present": 0, "last": -1, "past": -1, "previous": -1, "prior": -1,
    "preceding": -1, "next": 1, "coming": 1, "following": 1, "same": 0, "that": 0, "latest": -1,
}


@rule(
    rf"{B}(?P<pre>{_REL_PRE})?(?P<rel>this\s+past|this\s+coming|(?:that|the)\s+same|this|last|next|past|(?:the\s+)?"
    rf"(?:past|last|previous|prior|preceding|next|coming|current|following|same|present)|that)"
    rf"\s+(?P<unit>week|weekend|month|year|decade|century){E}(?P<orso>\s+or\s+so)?(?!-)"
    rf"|{B}(?P<the>the)\s+(?P<unit2>weekend){E}"
)
def _rel_unit(m, text):
    if m.group("the"):
        return "DATE", _weekend("bare")  # "over the weekend"
    if _mid_sentence_capital(m, text, "unit"):
        return None
    rel = " ".join(m.group("rel").lower().split()).replace("that same", "the same")
    if rel == "same":
        rel = "the same"
    unit_word = m.group("unit").lower()
    unit = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit_word]
    key = rel.replace("the ", "").replace("this past", "past").replace("this coming", "coming")
    delta = _REL_WORD.get(key, 0)
    nxt = text[m.end() : m.end() + 20].lower()
    if unit == "M" and rel in ("that", "the same", "the following", "the previous", "the prior", "the preceding"):
        base_m = {"that": 0, "the same": 0, "the following": 1}.get(rel, -1)

        def month_resolve(ctx):
            ref = ctx.state.month or ((ctx.anchor.year, ctx.anchor.month) if ctx.anchor.month else None)
            if ref is None:
                return None
            y, mo = add_months(ref[0], ref[1], base_m)
            return f"{y}-{mo:02d}"

        return "DATE", month_resolve
    if rel in ("that", "the same") and unit != "Y":
        return None
    if rel in ("that", "the same", "the following", "the previous", "the prior", "the preceding") and unit == "Y":
        base = {"that": 0, "the same": 0, "the following": 1}.get(rel, -1)
        return "DATE", lambda ctx: str((ctx.state.year or ctx.anchor.year) + base) if (ctx.state.year or ctx.anchor.year) else None
    if unit == "WE":
        which = {0: "this", -1: "last", 1: "next"}[delta]
        return "DATE", _weekend("bare" if rel == "the" else which)
    if rel.startswith("the") and delta == 1 and re.match(r"\s+(?:two|three|four|few|several|\d)", nxt):
        return None
    return "DATE", _unit_shift(unit, delta)


@rule(
    rf"{B}(?:(?:early|earlier|late|later)\s+in\s+the\s+(?P<u1>year|month|week)"
    rf"|the\s+(?:end|beginning|start|middle|close)\s+of\s+the\s+(?P<u2>year|month|week)"
    rf"|(?:around\s+)?(?P<u3>year|month)(?:[\s-]+end|'s\s+end){E})"
)
def _in_the_unit(m, text):
    unit = (m.group("u1") or m.group("u2") or m.group("u3")).lower()
    return "DATE", _unit_shift({"year": "Y", "month": "M", "week": "W", "day": "D"}[unit], 0)


_AGO_DIR = {"ago": -1, "earlier": -1, "before": -1, "back": -1, "previously": -1, "prior": -1,
            "later": 1, "after": 1, "from now": 1, "hence": 1}


@rule(
    rf"{B}(?:(?P<mod>{MOD}|some)\s+)?(?:(?P<q>{QUANT})[\s-]+)?(?P<unit>{UNIT_ANY})\s+(?:or\s+so\s+)?"
    rf"(?P<dir>ago|earlier|before|back|previously|prior|later|after|from\s+now|hence){E}"
)
def _ago(m, text):
    d = " ".join(m.group("dir").lower().split())
    if d in ("before", "after", "prior", "back") and not re.match(r"\s*(?:[,.;:!?)'\"`]|$|and\b|when\b)", text[m.end() :]):
        return None  # "two days after the vote" is a duration anchored elsewhere
    sign = _AGO_DIR[d]
    q = (m.group("q") or "").lower()
    if not q:
        if not m.group("unit").lower().endswith("s") or d not in ("ago", "from now", "later"):
            return None
        if d == "later":
            return None
        return "DATE", _fixed("PAST_REF" if sign < 0 else "FUTURE_REF")  # "months ago"
    n = parse_number(q)
    unit, mult = unit_of(m.group("unit"))
    if sign > 0 and d in ("later", "after"):
        # "three days later": TimeML marks the span of time, anchored to the narrative
        return "DURATION", _fixed(duration_value(n, unit, mult)), m.start(), m.start("dir")
    if n is None:
        return "DATE", _fixed("PAST_REF" if sign < 0 else "FUTURE_REF")
    k = int(round(n * mult)) * sign
    if unit == "Y" and abs(k) == 1 and sign < 0:
        return "DATE", _year_ago
    if unit == "DE":
        unit, k = "Y", k * 10
    if unit == "CE":
        unit, k = "Y", k * 100
    return "DATE", _unit_shift(unit, k)


# ---- today, yesterday, tonight, this morning, week-days


_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
        "midafternoon": "AF", "mid-afternoon": "AF", "mid afternoon": "AF", "midmorning": "MO",
        "mid-morning": "MO", "mid morning": "MO"}
_RELDAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2}
_POD_RX = r"(?:mid[\s-]?(?:afternoon|morning)|morning|afternoon|evening|night|overnight)"


def _day_value(date_fn, pod: str | None):
    def f(ctx):
        d = date_fn(ctx)
        if d is None:
            return None
        return d + ("T" + _POD[pod] if pod else "")

    return f


def _mid_sentence_capital(m, text, group: str) -> bool:
    """A time word capitalised inside a sentence is a name: ABC's "This Week", "VOA Today"."""
    word = m.group(group)
    if not word or not word[:1].isupper() or word.isupper():
        return False
    before = text[max(0, m.start() - 30) : m.start()].rstrip(" ")
    if not before or before[-1] in "\n.!?:_-":
        return False  # a sentence or heading starts here: "Last Year", "Today,"
    if before[-1] in "\"'`(":
        return True  # a quoted title: ABC's "This Week"
    prev = re.search(r"(\w+)$", before)
    return bool(prev) and prev.group(1)[:1].isupper()  # part of a name: "VOA Today"


@rule(
    rf"{B}(?:(?:early|late|earlier|later)[\s-]+)?(?:(?P<pod1>{_POD_RX})\s+)?(?P<w>the\s+day\s+before"
    rf"\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow){E}"
    rf"(?:\s+(?P<pod2>morning|afternoon|evening|night){E})?"
)
def _relday(m, text):
    if _mid_sentence_capital(m, text, "w"):
        return None
    w = " ".join(m.group("w").lower().split())
    pod = (m.group("pod1") or m.group("pod2") or ("night" if w == "tonight" else "")).lower() or None
    fn = _day_value(_day_shift(_RELDAY[w]), pod)
    return ("TIME" if pod else "DATE"), fn


@rule(rf"{B}(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night){E}")
def _this_pod(m, text):
    rel, pod = m.group("rel").lower(), m.group("pod").lower()
    if rel == "last" and pod != "night":
        return None
    return "TIME", _day_value(_day_shift(-1 if rel == "last" else 0), pod)


@rule(
    rf"{B}(?P<rel>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior)"
    rf"\s+(?P<what>day|morning|afternoon|evening|night){E}"
)
def _anaphoric_day(m, text):
    rel = " ".join(m.group("rel").lower().split())
    what = m.group("what").lower()
    delta = {"that": 0, "the same": 0, "the next": 1, "the following": 1}.get(rel, -1)

    def base(ctx):
        d = ctx.state.day or ctx.anchor.date
        return _ymd(d + dt.timedelta(days=delta)) if d else None

    if what == "day":
        return "DATE", base
    return "TIME", _day_value(base, what)


@rule(rf"{B}(?P<w>mid[\s-]?(?:afternoon|morning)){E}")
def _mid_pod(m, text):
    pod = m.group("w").lower()
    return "TIME", _day_value(lambda ctx: _ymd(ctx.state.day or ctx.anchor.date), pod)


_WD_BLOCK_BEFORE = frozenset("bloody black ash super cyber palm holy maundy easter good".split())
_WD_BLOCK_AFTER = frozenset(
    "times telegraph express mirror herald post independent observer tribune mail journal "
    "sport business school schools".split()
)


@rule(
    rf"{B}(?:(?P<pre>early|late|earlier|later|mid)[\s-]+)?(?:(?P<rel>last|next|this\s+past|this\s+coming"
    rf"|this|coming|past|the\s+previous|the\s+following|the\s+next|the\s+same|the\s+day\s+before"
    rf"|the\s+day\s+after|the\s+night\s+before)\s+)?(?P<wd>{WEEKDAY})(?:,?\s+(?P<pod>morning|afternoon"
    rf"|evening|night|overnight){E})?"
)
def _weekday(m, text):
    wd = WEEKDAYS[m.group("wd").lower().rstrip(".")]
    rel = " ".join((m.group("rel") or "").lower().split())
    if _prev_word(text, m.start()) in _WD_BLOCK_BEFORE and not rel:
        return None
    if _next_word(text, m.end()).lower() in _WD_BLOCK_AFTER and not m.group("pod"):
        return None
    pod = (m.group("pod") or "").lower() or None
    shift = {"the day before": -1, "the night before": -1, "the day after": 1}.get(rel, 0)
    if rel == "the night before":
        pod = "night"
    direction = {"last": "last", "this past": "last", "past": "last", "the previous": "last",
                 "next": "next", "this coming": "next", "coming": "next", "the following": "next",
                 "the next": "next", "this": "future"}.get(rel)

    def date_fn(ctx):
        d = ctx.anchor.date
        if d is None:
            return None
        if rel == "the same" and ctx.state.day:
            return _ymd(ctx.state.day)
        if rel in ("the previous", "the following", "the next") and ctx.state.day:
            d = ctx.state.day  # "the previous Friday": before the day under discussion
        got = resolve_weekday(d, wd, direction or ctx.direction())
        return _ymd(got + dt.timedelta(days=shift))

    fn = _day_value(date_fn, pod)

    def resolve(ctx):
        v = fn(ctx)
        if v is None and ctx.anchor.date is None:
            return f"XXXX-WXX-{wd}" + (f"T{_POD[pod]}" if pod else "")
        return v

    return "DATE", resolve  # TimeBank types "Thursday night" DATE, with the TNI value


@rule(rf"{B}(?P<wd>{WEEKDAY_PLURAL})(?:\s+(?P<pod>mornings|afternoons|evenings|nights))?{E}|{B}(?P<wd2>{WEEKDAY})\s+(?P<pod2>mornings|afternoons|evenings|nights){E}")
def _weekday_set(m, text):
    wd = WEEKDAYS[(m.group("wd") or m.group("wd2") + "s").lower()[:-1]]
    pod = (m.group("pod") or m.group("pod2") or "").lower()[:-1]
    return "SET", _fixed(f"XXXX-WXX-{wd}" + (f"T{_POD[pod]}" if pod else ""))


# ---- seasons

_SEASON_CONTEXT = frozenset("in during over through since until by throughout into before after for this".split())


@rule(
    rf"{B}(?P<pre>(?:(?:this|last|next|this\s+past|this\s+coming|the\s+past|the\s+coming|the|early|late"
    rf"|mid|the\s+early|the\s+late|(?:the\s+)?(?:end|beginning|middle|start)\s+of(?:\s+the)?)[\s-]+)*)"
    rf"(?P<s>{SEASON})(?:\s+(?:of\s+)?(?P<y>{ANY_YEAR}){E})?{E}"
)
def _season(m, text):
    code = SEASONS[m.group("s").lower()]
    pre = " ".join((m.group("pre") or "").lower().split())
    ytxt = m.group("y")
    words = set(pre.split())
    if not ytxt:
        if re.match(r"\s+of\s", text[m.end() : m.end() + 5]):
            return None  # "the fall of Saigon"
        if not words & {"this", "last", "next", "past", "coming", "early", "late", "mid"}:
            prev = _prev_word(text, m.start())
            if code == "FA" or prev not in _SEASON_CONTEXT:
                if not (code == "FA" and words == {"the"} and prev in ("in", "this", "by", "until", "since")):
                    return None
    order = SEASON_ORDER[code]

    def resolve(ctx):
        if ytxt:
            y = _year_of(ytxt, ctx)
            return f"{y}-{code}" if y else None
        a = ctx.anchor
        if a.year is None:
            return f"XXXX-{code}"
        if a.month is None:
            return f"{a.year}-{code}"
        cur = SEASON_ORDER[season_of(a.month)]
        if "last" in words or "past" in words:
            y = a.year if order < cur else a.year - 1
        elif "next" in words or "coming" in words:
            y = a.year if order > cur else a.year + 1
        elif "this" in words:
            y = a.year
        elif ctx.direction() == "future":
            y = a.year if order >= cur else a.year + 1
        else:
            y = a.year if order <= cur else a.year - 1
        return f"{y}-{code}"

    return "DATE", resolve


# ---- years

_NOT_YEAR_AFTER = frozenset(
    """percent people persons troops soldiers shares members employees workers jobs votes cases
    dollars pounds euros yen tons tonnes feet foot meters metres miles kilometers km acres barrels
    units cars vehicles homes houses students children men women deaths dead killed points seats
    copies pages words calories degrees rounds times hours minutes seconds days weeks months""".split()
)
_NOT_YEAR_BEFORE = frozenset(
    "no number flight flights room route highway interstate suite boeing model version page "
    "rule chapter section article resolution code".split()
)


@rule(
    rf"(?<![\w$#£€.,/'-])(?P<pre>(?:the\s+)?(?:very\s+)?(?:early|late|mid)[\s-]+|mid-|the\s+(?:beginning"
    rf"|start|middle|end|close|turn|first\s+half|second\s+half|last\s+half|rest|remainder)\s+of\s+"
    rf"|(?:around|circa)\s+|(?:the\s+)?(?:calendar\s+)?year\s+|pre-|post-)?(?P<y>{YEAR})"
    rf"(?![\w%/]|-(?!(?:\d\d|\d{{4}})(?![\w-]))|,\d|\.\d)"  # "2014-15" and "2014-2016" are ranges
)
def _year(m, text):
    nxt = _next_word(text, m.end()).lower()
    prev = _prev_word(text, m.start())
    if not m.group("pre") and (nxt in _NOT_YEAR_AFTER or prev in _NOT_YEAR_BEFORE):
        return None
    if re.match(r"\s*(?:%|°)", text[m.end() : m.end() + 3]):
        return None
    y = int(m.group("y"))
    pre = " ".join((m.group("pre") or "").lower().split())
    if "first half" in pre:
        return "DATE", _fixed(f"{y}-H1")
    if "second half" in pre or "last half" in pre:
        return "DATE", _fixed(f"{y}-H2")
    return "DATE", _fixed(str(y))


_SPOKEN_YEAR_CONTEXT = frozenset("in since until till by during from of before after year".split())


@rule(rf"{B}(?P<pre>(?:the\s+)?year\s+)?(?P<y>{SPOKEN_YEAR}){E}")
def _spoken_year(m, text):
    ytxt = m.group("y").lower()
    if not m.group("pre"):
        if ytxt.startswith("two") or _prev_word(text, m.start()) not in _SPOKEN_YEAR_CONTEXT | {"and", "to"}:
            if not ytxt.startswith(("nineteen", "eighteen")) or len(ytxt.split()) < 2:
                return None
        if _next_word(text, m.end()).lower() in _NOT_YEAR_AFTER | {"dollars", "years"}:
            return None
    y = spoken_year(ytxt)
    return ("DATE", _fixed(str(y))) if y else None


# ---- the quarter under discussion, year-ago comparisons

_ANA_MODS = (
    rf"(?:(?:latest|current|recent|most\s+recent|just[\s-]+(?:ended|completed)|previous|prior|preceding"
    rf"|year[\s-]+ago|year[\s-]+earlier|comparable|corresponding|same|fiscal|past|coming|following|final"
    rf"|{YEAR})\s+)"
)


_ENDED_RX = re.compile(rf"\s+(?:that\s+|which\s+)?end(?:ed|ing|s)\s+(?:on\s+)?({MONTH_BEFORE_DAY})\s*\d", re.I)


@rule(
    rf"{B}(?P<det>the|this|that|its|their|last|next|(?:this|last|next)\s+year's|{YEAR}'s)\s+"
    rf"(?P<mods>{_ANA_MODS}*)(?P<unit>quarter|period)(?!-){E}"
    rf"(?P<tail>\s+(?:a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year|(?:of\s+)?the\s+previous\s+year)"
    rf"{E})?"
)
def _quarter_anaphora(m, text):
    det = " ".join(m.group("det").lower().split())
    mods = " ".join(m.group("mods").lower().replace("-", " ").split())
    unit = m.group("unit").lower()
    tail = (m.group("tail") or "").strip()
    after = text[m.end() : m.end() + 14].lower()
    if re.match(r"[\s-]+(?:mile|century|point|of\s+a\b|of\s+the\b|of\s+its\b|of\s+their\b|hour)", after):
        return None
    years = re.findall(YEAR, mods) + re.findall(YEAR, det)
    ended = _ENDED_RX.match(text, m.end()) if unit == "quarter" else None
    end_month = MONTHS[ended.group(1).lower().rstrip(".")] if ended else None
    ago = bool(tail) or "year ago" in mods or "year earlier" in mods or det.startswith("last year")
    ago = ago or ("comparable" in mods or "corresponding" in mods) and unit == "period"
    if unit == "period" and not (ago or years or "latest" in mods or "recent" in mods):
        return None

    @_no_memory
    def resolve(ctx):
        if years:
            y = int(years[0])
            q = _recent_quarter(ctx, default=False)
            return f"{y}-Q{q[1]}" if q else str(y)
        if ago:
            q = _recent_quarter(ctx)
            return f"{q[0] - 1}-Q{q[1]}" if q else None
        if det == "next" or "next" in det or "coming" in mods or "following" in mods:
            return _quarter_shift(1)(ctx)
        if "current" in mods or (det == "this" and not mods):
            return _quarter_shift(0)(ctx)
        if det == "last" or "previous" in mods or "prior" in mods or "preceding" in mods:
            return _quarter_shift(-1)(ctx)
        if end_month and ctx.anchor.year:
            # "the quarter ended Sept. 30": the calendar quarter that ends then
            a = ctx.anchor
            y = a.year if a.month is None or end_month <= a.month else a.year - 1
            return f"{y}-Q{quarter_of(end_month)}"
        q = _recent_quarter(ctx)
        return f"{q[0]}-Q{q[1]}" if q else None

    return "DATE", resolve


@rule(rf"(?<![\w'-])(?:the\s+)?year[\s-]+(?:ago|earlier)(?:\s+(?:quarter|period|results|level|figure|figures|levels))?{E}")
def _year_ago_adj(m, text):
    s = m.start()
    if m.group(0).lower().startswith("the "):
        tail = m.group(0).split()[-1].lower()
        if not tail.endswith(("quarter", "period")):
            s = m.start() + 4
    if re.search(r"(?:results|level|figures?|levels)$", m.group(0).lower()):
        e = m.start() + re.search(r"year[\s-]+(?:ago|earlier)", m.group(0), re.I).end()
        return "DATE", _year_ago, s, e
    return "DATE", _year_ago, s, m.end()


# ---- durations

_DUR_DET = r"(?:(?:the|its|their|his|her|our|my|your|a|an|each\s+of\s+the|all\s+of\s+the)\s+)"
_DUR_ADJ = (
    r"(?:(?:past|last|next|first|coming|previous|following|final|remaining|latest|preceding|initial"
    r"|ensuing|entire|full|whole|same|early|year[\s-]+ago|year[\s-]+earlier|prior|subsequent"
    r"|intervening|recent|other)\s+)"
)
_DUR_FILL = r"(?:(?:more|additional|straight|consecutive|full|long|extra|further|successive)[\s-]+)"
_PER_WORDS = frozenset("times once twice percent cents million billion thousand a an per".split())


@rule(
    rf"{B}(?P<det>{_DUR_DET})?(?P<adj>{_DUR_ADJ}{{0,2}})(?:(?P<mod>{MOD})\s+)?(?P<q>{QUANT})"
    rf"(?:\s+(?:to|or|-)\s+(?P<q2>{QUANT}))?[\s-]+{_DUR_FILL}?(?P<unit>{UNIT_ANY})"
    rf"(?P<half>\s+and\s+a\s+half)?"
    rf"(?P<suf>-long|\s+(?:or\s+so|period|span|stretch|spell|term|in\s+a\s+row|running)"
    rf"(?![\w-]))?(?![\w-])"
)
def _duration(m, text):
    q = " ".join(m.group("q").lower().split())
    unit_word = m.group("unit").lower()
    n = parse_number(q)
    if n is not None and m.group("half"):
        n += 0.5  # "a minute and a half"
    det, adj, mod = m.group("det"), m.group("adj"), m.group("mod")
    after = text[m.end() : m.end() + 8].lower()
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", q) and not unit_word.endswith("s"):
        return None  # "the 2018 World Cup day five": a year, not a count
    if re.match(r"[\s-]+old\b", after):
        return None  # ages are not time expressions: "a 44-year-old", "52 years old"
    if unit_word.startswith("quarter") and re.match(r"[\s-]+of\b", after):
        return None  # "a quarter of the market", "three-quarters of its food"
    if q in ("a", "an") and not (det or adj or mod):
        prev = _prev_word(text, m.start())
        before = text[max(0, m.start() - 12) : m.start()]
        if prev in _PER_WORDS or re.search(r"[\d%]\S*\s+$", before) or (prev.endswith("s") and prev not in ("is", "was", "has", "this", "its", "his", "as")):
            if unit_word == "year":
                return "SET", _fixed("P1Y")  # "$1 billion a year"
            return None  # "four flights a week": a rate, not a span of time
        if unit_word.startswith("second"):
            return None  # "a second term"
    if unit_word.startswith("second") and q in ("a", "an", "one"):
        return None
    unit, mult = unit_of(unit_word)
    if unit == "WE":
        return None
    value = duration_value(n, unit, mult)
    return "DURATION", _fixed(value), _duration_start(m, n, unit_word), m.end()


# Modifiers that TimeML leaves outside the expression ("within [a week]", "about [five hours]")
_OUTSIDE_MODS = frozenset("about around approximately roughly within only just barely over some".split())
_POSSESSIVES = frozenset("its their his her our my your".split())


def _duration_start(m, n: float | None, unit_word: str) -> int:
    """Where a duration's extent starts: adjectival ones ("a [two-year] battle", "its
    [one-year] term") and outside modifiers leave the determiner / modifier out."""
    start = m.start()
    det = (m.group("det") or "").strip().lower()
    mod = " ".join((m.group("mod") or "").lower().split())
    adjectival = "-" in text_between(m, "q", "unit") or (
        n is not None and n != 1 and not unit_word.endswith("s") and not m.group("suf")
    )
    if det and (det in _POSSESSIVES or (adjectival and not m.group("adj") and not m.group("suf"))):
        start = m.start("adj") if m.group("adj") else (m.start("mod") if m.group("mod") else m.start("q"))
    if mod in _OUTSIDE_MODS and not m.group("det") and not m.group("adj"):
        start = m.start("q")
    return start


def text_between(m, a: str, b: str) -> str:
    return m.string[m.end(a) : m.start(b)]


_BARE_PRE = (
    r"(?:(?:the|recent|coming|past|early|the\s+early|the\s+past|the\s+coming|the\s+last|the\s+next"
    r"|the\s+following|the\s+ensuing|the\s+first|the\s+final|the\s+intervening|the\s+recent)[\s-]+)"
)
_BARE_CONTEXT = frozenset("for over within after take takes took taken lasting lasted last spent spend spending".split())


@rule(
    rf"{B}(?P<pre>{_BARE_PRE})?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes|quarters)"
    rf"(?P<suf>-long)?(?P<tail>\s+(?:ahead|to\s+come))?(?![\w-])"
)
def _bare_units(m, text):
    pre = " ".join((m.group("pre") or "").lower().split())
    unit, _ = unit_of(m.group("unit"))
    prev = _prev_word(text, m.start())
    if "recent" in pre:
        return "DATE", _fixed("PAST_REF")
    if "coming" in pre or m.group("tail"):
        return "DURATION", _fixed(duration_value(None, unit))
    if not pre or pre == "the":
        if not (prev in _BARE_CONTEXT or m.group("suf")):
            return None
    return "DURATION", _fixed(duration_value(None, unit))


@rule(rf"{B}(?P<unit>day|week|month|year|decade|hour|night|century)-long{E}")
def _unit_long(m, text):
    unit, mult = unit_of(m.group("unit"))
    return "DURATION", _fixed(duration_value(1, unit, mult))


@rule(rf"(?<=\bfor\s)(?:a\s+(?:long\s+|short\s+|little\s+)?while|some\s+time|a\s+long\s+time|a\s+short\s+time){E}")
def _while(m, text):
    return "DURATION", _fixed("PXX")


@rule(
    rf"{B}the\s+(?:(?P<fiscal>fiscal)\s+)?year(?=\s+(?:ended|ending|ends|to)\b)"
    rf"|{B}the\s+(?:full|entire|whole)\s+year(?!-)(?=\s*[,.;]|\s+(?:of|to|and)\b)"
    rf"|(?:(?<=\bof\s)|(?<=\bfor\s))(?P<cur>the\s+year)(?=\s*[,.;]|\s+of\b)"
)
def _the_year(m, text):
    if m.group("cur") or m.group(0).lower().split()[1] in ("full", "entire", "whole"):
        return "DATE", _year_shift(0)  # "sales for the full year", "the first nine months of the year"
    return "DURATION", _fixed("P1Y")  # "for the year ended March 31"


# ---- sets

_ADVERB_FOLLOWERS = frozenset(
    "and or but to in on at for from since until through by with as than over under into "
    "during after before between while when because if so the a an its their his her this "
    "that these those is are was were be been will would".split()
)
_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W",
            "bimonthly": "P2M", "biannually": "P6M", "semiannually": "P6M", "semi-annually": "P6M",
            "fortnightly": "P2W"}


@rule(rf"{B}(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly|bimonthly|biannually|semi-?annually|fortnightly){E}(?!-)")
def _set_adverb(m, text):
    w = m.group("w").lower()
    prev = _prev_word(text, m.start())
    nxt = _next_word(text, m.end())
    if prev == "average":
        return None  # "average daily volume"
    if nxt[:1].isupper() and prev not in ("published", "held", "updated"):
        return None  # a newspaper name: "Daily Telegraph"
    if w in ("quarterly", "annually", "yearly") and nxt[:1].islower() and nxt.lower() not in _ADVERB_FOLLOWERS:
        return None  # a reporting period, not a recurrence: "its quarterly dividend"
    return "SET", _fixed(_SET_ADV[w.replace("semi-", "semi")])


@rule(
    rf"{B}(?P<det>every|each|per)\s+(?:(?P<q>other|{NUM}|few)\s+)?(?:(?P<unit>{UNIT_ANY})|(?P<wd>{WEEKDAY})"
    rf"|(?P<mon>{MONTH})|(?P<season>{SEASON})|(?P<pod>morning|afternoon|evening|night)){E}"
)
def _every(m, text):
    q = (m.group("q") or "").lower()
    if m.group("unit"):
        unit, mult = unit_of(m.group("unit"))
        if unit == "WE":
            return "SET", _fixed("XXXX-WXX-WE")
        n = 2 if q == "other" else (parse_number(q) if q else 1)
        if n is None:
            return None
        return "SET", _fixed(duration_value(n, unit, mult))
    if q:
        return None
    if m.group("wd"):
        return "SET", _fixed(f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower().rstrip('.')]}")
    if m.group("mon"):
        return "SET", _fixed(f"XXXX-{MONTHS[m.group('mon').lower().rstrip('.')]:02d}")
    if m.group("season"):
        return "SET", _fixed(f"XXXX-{SEASONS[m.group('season').lower()]}")
    return "SET", _fixed(f"XXXX-XX-XXT{_POD[m.group('pod').lower()]}")


@rule(
    rf"{B}(?P<f>once|twice|thrice|(?:{NUM})\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>{UNIT_SINGULAR}){E}"
)
def _times_per(m, text):
    unit, mult = unit_of(m.group("unit"))
    return "SET", _fixed(duration_value(1, unit, mult))


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
        g = m.group("now").lower()
        if g == "now" and re.match(r"\s*(?:defunct|-)", text[m.end() : m.end() + 9]):
            pass
        return "DATE", _fixed("PRESENT_REF")
    if m.group("past"):
        g = m.group("past").lower()
        s = m.start()
        if g.startswith(("until ", "only ")):
            s = m.start() + g.index(" ") + 1
        if g.startswith("the ") and re.match(r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|decade|year|month|week|day|century)", text[m.end() : m.end() + 12], re.I):
            return None
        return "DATE", _fixed("PAST_REF"), s, m.end()
    g = m.group("fut").lower()
    if "term" in g and _prev_word(text, m.start()) not in ("in", "over", "for", "the", "during"):
        return None
    return "DATE", _fixed("FUTURE_REF")


# ---- clock times

_TZ = r"(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|local\s+time|\((?:[ECMP][SD]T|GMT)\))"
_WHEN = rf"(?:,?\s+(?:on\s+)?(?P<when>{WEEKDAY}|today|yesterday|tomorrow|{MONTH_BEFORE_DAY}\s*{DAYNUM}))"
_HOUR_WORDS = {w: n for w, n in SMALL_NUMBERS.items() if 1 <= n <= 12}


def _when_date(when: str | None):
    """Resolver for the day a clock time is attached to; with no day named it is the day
    under discussion (``floating``: ``timex`` may still take a day named next to it)."""
    def f(ctx):
        if when:
            w = when.lower().rstrip(".")
            d = ctx.anchor.date
            if w in _RELDAY:
                return _ymd(d + dt.timedelta(days=_RELDAY[w])) if d else None
            if w in WEEKDAYS:
                return _ymd(resolve_weekday(d, WEEKDAYS[w], ctx.direction())) if d else None
            mm = re.match(r"([A-Za-z]+)\.?\s*(\d+)", when)
            if mm and mm.group(1).lower() in MONTHS:
                mon, day = MONTHS[mm.group(1).lower()], int(re.sub(r"\D", "", mm.group(2)))
                return _fmt_date(_year_for_month_day(ctx, mon, day), mon, day)
        return _ymd(ctx.state.day or ctx.anchor.date)

    f.floating = when is None
    return f


def _clock(h: int, mi: int, day_fn):
    def f(ctx):
        d = day_fn(ctx) or "XXXX-XX-XX"
        return f"{d}T{h:02d}:{mi:02d}"

    f.floating_day = getattr(day_fn, "floating", False)
    return f


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
    if ap == "am" and _prev_word(text, m.start()) in ("i",):
        return None
    if h > 24:
        return None
    return "TIME", _clock(h, mi, _when_date(m.group("when")))


@rule(
    rf"{B}(?:(?:around|about|approximately)\s+)?(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\s*(?P<tz>{_TZ}|hours|hrs){E}"
    rf"{_WHEN}?"
)
def _clock_24(m, text):
    return "TIME", _clock(int(m.group("h")), int(m.group("mi")), _when_date(m.group("when")))


@rule(
    rf"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\baround\s)|(?<=\bbefore\s)"
    rf"|(?<=\bafter\s))(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:.,]\d|\s*(?:[ap]\.?\s?m\b|%|percent)){_WHEN}?"
)
def _clock_after_prep(m, text):
    """"at 22:30": a 24-hour time without a zone, recognised after a preposition."""
    return "TIME", _clock(int(m.group("h")), int(m.group("mi")), _when_date(m.group("when")))


@rule(rf"{B}(?:(?:around|about|approximately)\s+)?(?P<w>noon|midnight|midday){E}(?:\s*{_TZ})?{_WHEN}?")
def _noon(m, text):
    if _prev_word(text, m.start()) == "high":
        return None
    w = m.group("w").lower()
    h = 24 if w == "midnight" else 12
    return "TIME", _clock(h, 0, _when_date(m.group("when")))


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
    return "TIME", _clock(h, 0, _when_date(None))


# --------------------------------------------------------------------------- triggers
# Scanning every rule over a whole article costs more than it needs to: each rule's
# matches contain one of a few words, and start at most ``back`` characters before it.
# ``timex`` tokenises once and runs a rule only in windows around its trigger words.
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
    "_set_adverb": (frozenset(_SET_ADV) | {"semi"}, 15),
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
SCANNERS: list[tuple[re.Pattern[str], object, frozenset[str] | None, int]] = [
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
