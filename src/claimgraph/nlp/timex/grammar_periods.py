"""Grammar of seasons, years (written and spoken), and the quarter or period under
discussion ("the year-ago quarter", "the latest period", "year-earlier")."""
from __future__ import annotations

import re

from .calendar import quarter_of, season_of
from .lexicon import MONTH_BEFORE_DAY, SEASON, SEASON_ORDER, SEASONS, month_of, spoken_year
from .rules import ANY_YEAR, B, E, SPOKEN_YEAR, YEAR, Rule, next_word, prev_word, registry, year_of
from .values import fixed, no_memory, quarter_shift, recent_quarter, year_ago

RULES: list[Rule] = []
rule = registry(RULES)

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
            prev = prev_word(text, m.start())
            if code == "FA" or prev not in _SEASON_CONTEXT:
                if not (code == "FA" and words == {"the"} and prev in ("in", "this", "by", "until", "since")):
                    return None
    order = SEASON_ORDER[code]

    def resolve(ctx):
        if ytxt:
            y = year_of(ytxt, ctx)
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
    nxt = next_word(text, m.end()).lower()
    prev = prev_word(text, m.start())
    if not m.group("pre") and (nxt in _NOT_YEAR_AFTER or prev in _NOT_YEAR_BEFORE):
        return None
    if re.match(r"\s*(?:%|°)", text[m.end() : m.end() + 3]):
        return None
    y = int(m.group("y"))
    pre = " ".join((m.group("pre") or "").lower().split())
    if "first half" in pre:
        return "DATE", fixed(f"{y}-H1")
    if "second half" in pre or "last half" in pre:
        return "DATE", fixed(f"{y}-H2")
    return "DATE", fixed(str(y))


_SPOKEN_YEAR_CONTEXT = frozenset("in since until till by during from of before after year".split())


@rule(rf"{B}(?P<pre>(?:the\s+)?year\s+)?(?P<y>{SPOKEN_YEAR}){E}")
def _spoken_year(m, text):
    ytxt = m.group("y").lower()
    if not m.group("pre"):
        if ytxt.startswith("two") or prev_word(text, m.start()) not in _SPOKEN_YEAR_CONTEXT | {"and", "to"}:
            if not ytxt.startswith(("nineteen", "eighteen")) or len(ytxt.split()) < 2:
                return None
        if next_word(text, m.end()).lower() in _NOT_YEAR_AFTER | {"dollars", "years"}:
            return None
    y = spoken_year(ytxt)
    return ("DATE", fixed(str(y))) if y else None


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
    end_month = month_of(ended.group(1)) if ended else None
    ago = bool(tail) or "year ago" in mods or "year earlier" in mods or det.startswith("last year")
    ago = ago or ("comparable" in mods or "corresponding" in mods) and unit == "period"
    if unit == "period" and not (ago or years or "latest" in mods or "recent" in mods):
        return None

    @no_memory
    def resolve(ctx):
        if years:
            y = int(years[0])
            q = recent_quarter(ctx, default=False)
            return f"{y}-Q{q[1]}" if q else str(y)
        if ago:
            q = recent_quarter(ctx)
            return f"{q[0] - 1}-Q{q[1]}" if q else None
        if det == "next" or "next" in det or "coming" in mods or "following" in mods:
            return quarter_shift(1)(ctx)
        if "current" in mods or (det == "this" and not mods):
            return quarter_shift(0)(ctx)
        if det == "last" or "previous" in mods or "prior" in mods or "preceding" in mods:
            return quarter_shift(-1)(ctx)
        if end_month and ctx.anchor.year:
            # "the quarter ended Sept. 30": the calendar quarter that ends then
            a = ctx.anchor
            y = a.year if a.month is None or end_month <= a.month else a.year - 1
            return f"{y}-Q{quarter_of(end_month)}"
        q = recent_quarter(ctx)
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
        return "DATE", year_ago, s, e
    return "DATE", year_ago, s, m.end()
