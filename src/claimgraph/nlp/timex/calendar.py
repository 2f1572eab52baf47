"""Calendar arithmetic for time expressions: ISO weeks, quarters, seasons, month lengths,
Easter and the other movable holidays, and the week-day / month seen from a date.

Pure functions of dates and numbers; they know nothing of text or of the article.
"""
from __future__ import annotations

import datetime as dt

from .lexicon import HOLIDAYS


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def max_day(month: int) -> int:
    """The most days ``month`` can have (29 for February: any year)."""
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31


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


def holiday_date(name: str, year: int) -> dt.date:
    """The date of holiday ``name`` (a key of ``lexicon.HOLIDAYS``) in ``year``."""
    kind, *args = HOLIDAYS[name]
    if kind == "date":
        month, day = args
        return dt.date(year, month, day)
    if kind == "easter":
        return easter(year) + dt.timedelta(days=args[0])
    month, weekday, n, after = args
    return nth_weekday(year, month, weekday, n) + dt.timedelta(days=after)


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

