"""TIMEX3 values: reading them back (``date_of_value``), writing durations, and the small
resolvers that the grammar's parsers return.

A resolver maps the resolution context (``context.Ctx``: the article date as an ``Anchor``,
the discourse ``State``, the span being resolved) to a TIMEX3 value or None, e.g.
``week_shift(-1)`` for "last week".  Resolvers may carry two marks that ``tagger`` reads:
``no_memory`` (its quarter must not become the one under discussion) and ``floating_day``
(a clock time whose day a following date may supply).
"""
from __future__ import annotations

import datetime as dt
import re

from .calendar import add_months, iso_week, max_day, quarter_of, resolve_month, resolve_weekday
from .lexicon import MONTHS, NOT_PAST_ED, PARTS_OF_DAY, PAST_CUES, RELATIVE_DAYS, WEEKDAYS

# --------------------------------------------------------------------------- reading values

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


# --------------------------------------------------------------------------- durations


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


# --------------------------------------------------------------------------- value builders
# A rule's parser returns (type, resolver[, start, end]); a resolver maps the resolution
# context (``context.Ctx``: anchor, discourse state, the span) to a TIMEX3 value or None.


def ymd(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def fixed(value: str | None):
    return lambda ctx: value


def year_shift(delta: int):
    return lambda ctx: str(ctx.anchor.year + delta) if ctx.anchor.year else None


def month_shift(delta: int):
    def f(ctx):
        a = ctx.anchor
        if a.month is None:
            return None
        y, m = add_months(a.year, a.month, delta)
        return f"{y}-{m:02d}"

    return f


def day_shift(delta: int):
    def f(ctx):
        d = ctx.anchor.date
        return ymd(d + dt.timedelta(days=delta)) if d else None

    return f


def week_shift(delta: int):
    """ISO week of the anchor shifted by ``delta``."""

    def f(ctx):
        d = ctx.anchor.date
        return iso_week(d + dt.timedelta(weeks=delta)) if d else None

    return f


def quarter_shift(delta: int):
    def f(ctx):
        a = ctx.anchor
        if a.month is None:
            return None
        k = a.year * 4 + quarter_of(a.month) - 1 + delta
        return f"{k // 4}-Q{k % 4 + 1}"

    return f


def weekend(which: str):
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


def recent_quarter(ctx, default: bool = True) -> tuple[int, int] | None:
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


def no_memory(fn):
    """Mark a resolver whose quarter value must not become "the quarter under discussion"."""
    fn.no_memory = True
    return fn


QUARTER_CONTEXT_CHARS = 1000  # how far back a quarter mention makes "a year ago" a quarter


@no_memory
def year_ago(ctx) -> str | None:
    """"a year ago", "year-earlier": last year's quarter in quarterly-results talk, else last year."""
    st = ctx.state
    if st.quarter and ctx.start - st.quarter_at < QUARTER_CONTEXT_CHARS:
        y, q = st.quarter
        return f"{y - 1}-Q{q}"
    return str(ctx.anchor.year - 1) if ctx.anchor.year else None


def unit_shift(unit: str, n: int):
    """A calendar unit shifted by n from the anchor, at that unit's precision."""
    if unit == "Y":
        return year_shift(n)
    if unit == "M":
        return month_shift(n)
    if unit == "W":
        return week_shift(n)
    if unit in ("D", "H", "MIN", "S"):
        return day_shift(n if unit == "D" else 0)
    if unit == "Q":
        return quarter_shift(n)
    if unit == "DE":
        return lambda ctx: str(ctx.anchor.year // 10 + n) if ctx.anchor.year else None
    if unit == "CE":
        return lambda ctx: f"{ctx.anchor.year // 100 + n:02d}" if ctx.anchor.year else None
    if unit == "WE":
        return weekend({0: "this", -1: "last", 1: "next"}.get(n, "this"))
    return fixed(None)


# the word right before a date, skipping "on", "the", "shortly after" and the like
_IMMEDIATE_WORD = re.compile(
    r"([A-Za-z]+)\s+(?:(?:on|the|of|shortly|just|early|late|around|about)\s+)*$"
)
_DEADLINE_WORDS = frozenset("until till payable effective due expire expires expiring".split())


def year_for_month_day(ctx, month: int, day: int) -> int | None:
    """Year of a "Month Day" with no year: the occurrence nearest the article date (news
    dates without a year sit in the news window, "payable Dec. 15", "announced Aug. 21"),
    except after "ended" ("the fiscal year ended Jan. 31")."""
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    ref = a.date or dt.date(a.year, a.month, 15)
    day = min(day, max_day(month))

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


def year_for_month(ctx, month: int) -> int | None:
    """Year of a month named alone, by the same rule at month precision."""
    a = ctx.anchor
    if a.year is None or a.month is None:
        return a.year
    tense = ctx.tense()
    if tense in ("past", "future"):
        return resolve_month(a.year, a.month, month, tense)
    ahead = (month - a.month) % 12
    return resolve_month(a.year, a.month, month, "future" if 0 < ahead <= 2 else "past")


def fmt_date(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
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


def century_year(yy: int, ctx) -> int:
    """Two-digit year -> four digits, the century that keeps it at or before the anchor."""
    base = ctx.anchor.year or 1999
    y = (base // 100) * 100 + yy
    return y - 100 if y > base + 10 else y


def infer_period_year(ctx, index: int, per_year: int) -> int | None:
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


# --------------------------------------------------------------------------- days and clock times


def day_value(date_fn, pod: str | None):
    """``date_fn``'s day, with the TIMEX3 code of part of the day ``pod`` when given."""
    def f(ctx):
        d = date_fn(ctx)
        if d is None:
            return None
        return d + ("T" + PARTS_OF_DAY[pod] if pod else "")

    return f


def when_date(when: str | None):
    """Resolver for the day a clock time is attached to; with no day named it is the day
    under discussion (``floating``: ``tagger`` may still take a day named next to it)."""
    def f(ctx):
        if when:
            w = when.lower().rstrip(".")
            d = ctx.anchor.date
            if w in RELATIVE_DAYS:
                return ymd(d + dt.timedelta(days=RELATIVE_DAYS[w])) if d else None
            if w in WEEKDAYS:
                return ymd(resolve_weekday(d, WEEKDAYS[w], ctx.direction())) if d else None
            mm = re.match(r"([A-Za-z]+)\.?\s*(\d+)", when)
            if mm and mm.group(1).lower() in MONTHS:
                mon, day = MONTHS[mm.group(1).lower()], int(re.sub(r"\D", "", mm.group(2)))
                return fmt_date(year_for_month_day(ctx, mon, day), mon, day)
        return ymd(ctx.state.day or ctx.anchor.date)

    f.floating = when is None
    return f


def clock(h: int, mi: int, day_fn):
    """``HH:MM`` on the day ``day_fn`` gives ("XXXX-XX-XX" when it gives none)."""
    def f(ctx):
        d = day_fn(ctx) or "XXXX-XX-XX"
        return f"{d}T{h:02d}:{mi:02d}"

    f.floating_day = getattr(day_fn, "floating", False)
    return f
