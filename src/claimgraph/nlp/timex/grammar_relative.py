"""Grammar of dates relative to the article: "this / last / next" + a unit, "earlier this
month", "a year ago", today / yesterday / tonight, parts of the day, and week-days."""
from __future__ import annotations

import datetime as dt
import re

from .calendar import add_months, resolve_weekday
from .lexicon import (
    PARTS_OF_DAY, QUANT, RELATIVE_DAYS, UNIT_ANY, WEEKDAY, WEEKDAY_PLURAL, WEEKDAYS, parse_number,
    unit_of, weekday_of,
)
from .rules import B, E, MOD, Rule, next_word, prev_word, registry
from .values import day_shift, day_value, duration_value, fixed, unit_shift, weekend, year_ago, ymd

RULES: list[Rule] = []
rule = registry(RULES)

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
        return "DATE", weekend("bare")  # "over the weekend"
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
        return "DATE", weekend("bare" if rel == "the" else which)
    if rel.startswith("the") and delta == 1 and re.match(r"\s+(?:two|three|four|few|several|\d)", nxt):
        return None
    return "DATE", unit_shift(unit, delta)


@rule(
    rf"{B}(?:(?:early|earlier|late|later)\s+in\s+the\s+(?P<u1>year|month|week)"
    rf"|the\s+(?:end|beginning|start|middle|close)\s+of\s+the\s+(?P<u2>year|month|week)"
    rf"|(?:around\s+)?(?P<u3>year|month)(?:[\s-]+end|'s\s+end){E})"
)
def _in_the_unit(m, text):
    unit = (m.group("u1") or m.group("u2") or m.group("u3")).lower()
    return "DATE", unit_shift({"year": "Y", "month": "M", "week": "W", "day": "D"}[unit], 0)


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
        return "DATE", fixed("PAST_REF" if sign < 0 else "FUTURE_REF")  # "months ago"
    n = parse_number(q)
    unit, mult = unit_of(m.group("unit"))
    if sign > 0 and d in ("later", "after"):
        # "three days later": TimeML marks the span of time, anchored to the narrative
        return "DURATION", fixed(duration_value(n, unit, mult)), m.start(), m.start("dir")
    if n is None:
        return "DATE", fixed("PAST_REF" if sign < 0 else "FUTURE_REF")
    k = int(round(n * mult)) * sign
    if unit == "Y" and abs(k) == 1 and sign < 0:
        return "DATE", year_ago
    if unit == "DE":
        unit, k = "Y", k * 10
    if unit == "CE":
        unit, k = "Y", k * 100
    return "DATE", unit_shift(unit, k)


# ---- today, yesterday, tonight, this morning, week-days


_POD_RX = r"(?:mid[\s-]?(?:afternoon|morning)|morning|afternoon|evening|night|overnight)"



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
    fn = day_value(day_shift(RELATIVE_DAYS[w]), pod)
    return ("TIME" if pod else "DATE"), fn


@rule(rf"{B}(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night){E}")
def _this_pod(m, text):
    rel, pod = m.group("rel").lower(), m.group("pod").lower()
    if rel == "last" and pod != "night":
        return None
    return "TIME", day_value(day_shift(-1 if rel == "last" else 0), pod)


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
        return ymd(d + dt.timedelta(days=delta)) if d else None

    if what == "day":
        return "DATE", base
    return "TIME", day_value(base, what)


@rule(rf"{B}(?P<w>mid[\s-]?(?:afternoon|morning)){E}")
def _mid_pod(m, text):
    pod = m.group("w").lower()
    return "TIME", day_value(lambda ctx: ymd(ctx.state.day or ctx.anchor.date), pod)


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
    wd = weekday_of(m.group("wd"))
    rel = " ".join((m.group("rel") or "").lower().split())
    if prev_word(text, m.start()) in _WD_BLOCK_BEFORE and not rel:
        return None
    if next_word(text, m.end()).lower() in _WD_BLOCK_AFTER and not m.group("pod"):
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
            return ymd(ctx.state.day)
        if rel in ("the previous", "the following", "the next") and ctx.state.day:
            d = ctx.state.day  # "the previous Friday": before the day under discussion
        got = resolve_weekday(d, wd, direction or ctx.direction())
        return ymd(got + dt.timedelta(days=shift))

    fn = day_value(date_fn, pod)

    def resolve(ctx):
        v = fn(ctx)
        if v is None and ctx.anchor.date is None:
            return f"XXXX-WXX-{wd}" + (f"T{PARTS_OF_DAY[pod]}" if pod else "")
        return v

    return "DATE", resolve  # TimeBank types "Thursday night" DATE, with the TNI value


@rule(rf"{B}(?P<wd>{WEEKDAY_PLURAL})(?:\s+(?P<pod>mornings|afternoons|evenings|nights))?{E}|{B}(?P<wd2>{WEEKDAY})\s+(?P<pod2>mornings|afternoons|evenings|nights){E}")
def _weekday_set(m, text):
    wd = WEEKDAYS[(m.group("wd") or m.group("wd2") + "s").lower()[:-1]]
    pod = (m.group("pod") or m.group("pod2") or "").lower()[:-1]
    return "SET", fixed(f"XXXX-WXX-{wd}" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""))
