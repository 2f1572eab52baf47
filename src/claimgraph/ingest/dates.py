"""Dates in news text: find them, parse them, and choose day/month order for ``01/07/2015``.

Shapes understood: ``2021-01-21`` (with or without a time), ``2021/01/21``, ``Jan 21, 2021``,
``January 21st, 2021``, ``21 January 2021``, ``21-Jan-2021``, ``January 2021`` (month
precision), ``01/07/2015``, ``1.7.2015``, ``01-07-2015`` and, on a date line, ``01/07/15``.

Day/month order of an ambiguous numeric date is chosen from evidence in the article
(:func:`choose_order`).  The idea: an article reports the past, so a month it names as past
("overran the camp in April", "said in June") cannot lie after the publication date.  Each
reading is charged for every such contradiction; the reading with fewer charges wins, with a
confidence that grows with the margin (0.7 for one, at most 0.9).  Weaker signals: "earlier
this month" makes the 1st or 2nd unlikely, a weekday on the date line must agree, and a
country domain that writes day-first (``.co.uk``, ``.au``, ``.in`` ...) nudges towards day-first.
Without evidence we read month-first (US order, which most English-language web news and
``dateparser``'s English default use) and say so with confidence 0.5.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from claimgraph.months import MONTH_NAMES, MONTH_PREFIXES

_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>(?:1[89]|20|21)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(
        r"(?<![\d/.-])" + _YEAR + r"(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)"
        r"(?:[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d/.-]?\d)")),
    ("name", re.compile(r"\b" + _MON + r"[\s-]+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + r"\b", re.I)),
    ("name", re.compile(
        r"\b" + _DAY + r"(?:\s+of)?[\s-]+" + _MON + r"(?:,\s*|[\s-]+)" + _YEAR + r"\b", re.I)),
    ("numeric", re.compile(
        r"(?<![\d/.:-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)"
        r"(?P<y>(?:1[89]|20)\d\d|\d\d)(?![\d/:-]|\.\d)")),
    ("month", re.compile(r"\b" + _MON + r",?\s+" + _YEAR + r"\b", re.I)),
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_RE = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?(?![a-z])", re.I)
_DAY_FIRST_TLDS = re.compile(
    r"\.(?:uk|ie|au|nz|in|za|pk|ng|ke|il|eu|de|fr|es|it|nl|be|ru|tr|ae|qa|sa|eg|jo|lb)(?:[/:]|$)", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text. ``alt`` holds the day-first (month, day) of an ambiguous one."""

    start: int
    end: int
    text: str
    year: int
    month: int | None
    day: int | None
    shape: str
    alt: tuple[int, int] | None = None

    @property
    def iso(self) -> str:
        return iso(self.year, self.month, self.day)


@dataclass(frozen=True)
class DateGuess:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    text: str
    confidence: float
    order: str | None = None  # "month-first" | "day-first" for numeric dates
    reason: str = ""


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _month(token: str) -> int | None:
    if not token or token[0].islower():  # "may" the verb, "march" the noun
        return None
    return MONTH_PREFIXES.get(token[:3].lower())


def _year2(yy: str) -> int:
    n = int(yy)
    if len(yy) == 4:
        return n
    return 2000 + n if n <= (date.today().year % 100) + 1 else 1900 + n


def _from(shape: str, m: re.Match[str], short_years: bool) -> DateMatch | None:
    g = m.groupdict()
    span = (m.start(), m.end(), m.group(0))
    if shape == "iso":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        return DateMatch(*span, y, mo, d, shape) if _valid(y, mo, d) else None
    if shape in ("name", "month"):
        mo = _month(g["mon"])
        if mo is None:
            return None
        y = int(g["y"])
        if shape == "month":
            return DateMatch(*span, y, mo, None, shape)
        d = int(g["d"])
        return DateMatch(*span, y, mo, d, shape) if _valid(y, mo, d) else None
    if len(g["y"]) == 2 and (not short_years or g["sep"] != "/"):
        return None
    if g["sep"] == "." and len(g["y"]) == 2:
        return None
    y, a, b = _year2(g["y"]), int(g["a"]), int(g["b"])
    mdy, dmy = _valid(y, a, b), _valid(y, b, a)
    if mdy and dmy and a != b:
        return DateMatch(*span, y, a, b, shape, alt=(b, a))
    if mdy:
        return DateMatch(*span, y, a, b, shape)
    if dmy:
        return DateMatch(*span, y, b, a, shape)
    return None


def find_dates(text: str, *, short_years: bool = False) -> list[DateMatch]:
    """Every date in ``text``, in order; overlapping shapes keep the earlier, longer one."""
    found: list[DateMatch] = []
    for shape, rx in _SHAPES:
        for m in rx.finditer(text):
            dm = _from(shape, m, short_years)
            if dm is not None:
                found.append(dm)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for dm in found:
        if out and dm.start < out[-1].end:
            continue
        out.append(dm)
    return out


# ---------------------------------------------------------------- day/month order evidence

_MENTION = re.compile(
    r"(?:\b(?P<prep>in|since|during|until|till|by|on|from|through|of|before|after|last|this|early|late|mid)"
    r"[\s-]+(?:(?:early|late|mid)[\s-]+)?)?\b"
    r"(?P<mon>" + "|".join(name.capitalize() for name in MONTH_NAMES)
    + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    r"(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|going to|plans? to|planning to|scheduled|expected to|set to|due to"
    r"|upcoming|next|to be held|would take place|intends? to|hopes? to)\b|['’]ll\b", re.I)
_EARLIER_THIS_MONTH = re.compile(r"\b(?:earlier|late[r]?) this month\b", re.I)
_EARLIER_THIS_YEAR = re.compile(r"\bearlier this year\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)*_]*\s|\n")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(0, start - 300)
    head = text[left:start]
    cut = [m.end() for m in _SENTENCE_END.finditer(head)]
    left += cut[-1] if cut else 0
    tail = text[end:end + 300]
    m = _SENTENCE_END.search(tail)
    return text[left:end + (m.start() + 1 if m else len(tail))]


def order_penalties(context: str, candidates: list[date]) -> list[float]:
    """How implausible each candidate publication date is, given the article text."""
    penalties = [0.0] * len(candidates)
    for m in _MENTION.finditer(context):
        if not m.group("day") and m.group("prep") in (None, "last", "this"):
            continue  # "last April" may be a year back; a bare "April" may be a name
        month = MONTH_PREFIXES[m.group("mon")[:3].lower()]
        day = int(m.group("day")) if m.group("day") else None
        year = int(m.group("year")) if m.group("year") else None
        future = bool(_FUTURE.search(_sentence_around(context, m.start(), m.end())))
        for i, cand in enumerate(candidates):
            if year is not None and year != cand.year:
                continue
            if day is not None and not _valid(cand.year, month, day):
                continue
            mention = (month, day or (1 if future else 0))
            here = (cand.month, cand.day)
            if not future and mention > here:
                penalties[i] += 1.0  # a past event after the publication date
            elif future and mention < (cand.month, 0):
                penalties[i] += 0.5  # a coming event in a month already gone
    if _EARLIER_THIS_MONTH.search(context):
        for i, cand in enumerate(candidates):
            if cand.day <= 2:
                penalties[i] += 0.5
    if _EARLIER_THIS_YEAR.search(context):
        for i, cand in enumerate(candidates):
            if cand.month == 1 and cand.day <= 10:
                penalties[i] += 0.5
    return penalties


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "") + "/"
    except ValueError:
        return ""


def choose_order(dm: DateMatch, context: str = "", *, url: str | None = None,
                 line: str = "") -> DateGuess:
    """Resolve ``dm`` (possibly ambiguous) to one date, with a confidence and a reason."""
    if dm.alt is None:
        return DateGuess(dm.iso, dm.text, 1.0, None, "unambiguous")
    mdy = date(dm.year, dm.month or 1, dm.day or 1)
    dmy = date(dm.year, dm.alt[0], dm.alt[1])
    pen_mdy, pen_dmy = order_penalties(context, [mdy, dmy])
    reasons: list[str] = []
    if pen_mdy or pen_dmy:
        reasons.append(f"month mentions in the text (month-first {pen_mdy:g}, day-first {pen_dmy:g})")
    wd = _WEEKDAY_RE.search(line or "")
    if wd:
        want = _WEEKDAYS.index(wd.group(1)[:3].lower())
        if mdy.weekday() == want and dmy.weekday() != want:
            pen_dmy += 3
        elif dmy.weekday() == want and mdy.weekday() != want:
            pen_mdy += 3
        reasons.append(f"weekday {wd.group(0)!r} on the date line")
    if url and _DAY_FIRST_TLDS.search(_host(url)):
        pen_mdy += 0.3
        reasons.append("day-first country domain")
    if pen_mdy == pen_dmy:
        return DateGuess(mdy.isoformat(), dm.text, 0.5, "month-first",
                         "ambiguous; no evidence, read month-first (US order)")
    margin = abs(pen_mdy - pen_dmy)
    confidence = round(min(0.9, 0.5 + 0.2 * margin), 2)
    if pen_dmy < pen_mdy:
        return DateGuess(dmy.isoformat(), dm.text, confidence, "day-first", "; ".join(reasons))
    return DateGuess(mdy.isoformat(), dm.text, confidence, "month-first", "; ".join(reasons))


_BARE_YEAR = re.compile(r"^\s*((?:1[89]|20)\d\d)\s*$")
_BARE_YEAR_MONTH = re.compile(r"^\s*((?:1[89]|20)\d\d)-([01]\d)\s*$")


def parse_date(value: str, *, context: str = "", url: str | None = None) -> DateGuess | None:
    """Parse a date string (a metadata value or a date line); ``None`` when it holds no date."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    text = value.strip()
    m = _BARE_YEAR.match(text)
    if m:
        return DateGuess(m.group(1), text, 1.0, None, "year only")
    m = _BARE_YEAR_MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return DateGuess(f"{m.group(1)}-{m.group(2)}", text, 1.0, None, "year and month")
    found = find_dates(text, short_years=True)
    if found:
        full = [d for d in found if d.day is not None] or found
        return choose_order(full[0], context, url=url, line=text)
    return _dateparser_fallback(text)


def _dateparser_fallback(text: str) -> DateGuess | None:
    """Shapes our regexes miss ("Thursday 12th of October, 2023 at noon"); strict: day, month, year."""
    if not re.search(r"\d{4}", text) or not re.search(r"[A-Za-z]{3}", text):
        return None
    try:
        import dateparser  # slow to import; only needed here

        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return None
    if parsed is None or not 1800 <= parsed.year <= 2199:
        return None
    return DateGuess(parsed.date().isoformat(), text, 0.9, None, "dateparser")
