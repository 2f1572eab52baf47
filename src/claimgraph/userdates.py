"""Dates a user types on the command line (``--since``, ``--until``, ``ingest --published``).

``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` are checked (``2015-13-45`` is refused, ``2015-6`` is
``2015-06``); a text of digits and separators in any other shape (``07/01/2015``: July or
January?) is refused rather than guessed.  Words (``Oct 2023``, ``last year``, ``2 weeks ago``)
are read by dateparser against today, imported only then.  Each date keeps the precision it
was given: ``Oct 2023`` is ``2023-10``, ``last year`` a year, ``2 weeks ago`` a day.

Stored dates have mixed precisions too, and the store compares them as text.  Read as "the
event's date starts within the range", ``until`` already compares right (the store cuts each
date to the bound's length); ``since_bound`` makes ``since`` right as well: an event of
``2015-06`` starts on 2015-06-01, so ``--since 2015-06-01`` must keep it, and as text
``"2015-06" < "2015-06-01"``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .errors import ClaimgraphError

FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD, or words such as 'Oct 2023', 'last year' or '2 weeks ago'"
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NUMERIC = re.compile(r"[\d\s./:-]+")
# dateparser's period of a parsed text -> how much of the date to keep
_KEEP = {"year": 4, "month": 7, "week": 10, "day": 10, "time": 10}


class BadDate(ClaimgraphError):
    """A date option the user gave cannot be read (exit 2, one line)."""


def user_date(text: str, *, option: str = "date", today: dt.date | None = None) -> str:
    """``text`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; :class:`BadDate` names ``option``."""
    raw = " ".join(str(text).split())
    if not raw:
        raise BadDate(f"{option} is empty; {FORMS}")
    if m := _ISO.fullmatch(raw):
        return _checked(raw, m, option)
    if _NUMERIC.fullmatch(raw):
        raise BadDate(f"{option} {raw!r} is not a date it reads: numbers with '/' or '.' can be day-month or month-day; {FORMS}")
    return _from_words(raw, option, today or dt.date.today())


def _checked(raw: str, m: re.Match, option: str) -> str:
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise BadDate(f"{option} {raw!r} is not a date: there is no month {month}; {FORMS}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise BadDate(f"{option} {raw!r} is not a date: {calendar.month_name[month]} {year} has {last} days; {FORMS}")
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"


def _from_words(raw: str, option: str, today: dt.date) -> str:
    from dateparser.date import DateDataParser

    base = dt.datetime(today.year, today.month, today.day)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    try:
        data = parser.get_date_data(raw)
    except (ValueError, OverflowError):
        data = None
    if data is None or data.date_obj is None:
        raise BadDate(f"{option} {raw!r} is not a date; {FORMS}")
    return data.date_obj.date().isoformat()[: _KEEP.get(data.period or "day", 10)]


def since_bound(date: str) -> str:
    """The text that ``date >= bound`` compares right against, at every precision: trailing
    ``-01`` parts dropped (``2015-06-01`` -> ``2015-06``, ``2015-01-01`` -> ``2015``), as the
    day a coarser date starts on."""
    while date.endswith("-01"):
        date = date[:-3]
    return date


__all__ = ["BadDate", "FORMS", "since_bound", "user_date"]
