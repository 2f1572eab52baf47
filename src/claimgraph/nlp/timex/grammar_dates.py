"""Grammar of calendar dates: ISO and numeric dates, month names with and without day
and year, quarters, halves, fiscal years, decades, centuries and holidays."""
from __future__ import annotations

import re

from .calendar import holiday_date, resolve_month
from .lexicon import (
    AMBIGUOUS_MONTHS, HOLIDAY, HOLIDAYS, MONTH, MONTH_BEFORE_DAY, ORDINAL, month_of, parse_ordinal,
)
from .rules import (
    ANY_YEAR, B, DAYNUM, DAYWORD, E, POSSESSIVES, PREMOD, SPOKEN_YEAR, WD_PRE, YEAR, Rule,
    day_parse, next_word, prev_word, registry, text_between, year_of,
)
from .values import (
    century_year, fixed, fmt_date, infer_period_year, year_for_month, year_for_month_day, year_shift, ymd,
)

RULES: list[Rule] = []
rule = registry(RULES)

# ---- absolute dates


@rule(
    r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"(?![\w/-])"
)
def _iso(m, text):
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    val = fmt_date(y, mo, d)
    if val is None:
        return None
    if m.group(4):
        return "TIME", fixed(f"{val}T{m.group(4)}:{m.group(5)}")
    return "DATE", fixed(val)


@rule(r"(?<![\w/.$-])9/11(?![\w/]|\.\d)")
def _nine_eleven(m, text):
    return "DATE", fixed("2001-09-11")  # the attacks, a date news names by its digits


@rule(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")
def _slash(m, text):
    a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
    mo, d = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    if len(y) == 2:
        return "DATE", lambda ctx: fmt_date(century_year(int(y), ctx), mo, d)
    return ("DATE", fixed(fmt_date(int(y), mo, d))) if fmt_date(int(y), mo, d) else None


@rule(
    rf"{B}{WD_PRE}?(?:{PREMOD})?(?P<mon>{MONTH_BEFORE_DAY})\s*(?P<day>{DAYNUM}|{DAYWORD}){E}(?!,?\d)"
    rf"(?:,?\s+(?P<year>{YEAR}|{SPOKEN_YEAR}){E}|,?\s+(?P<yq>'\d\d){E})?"
)
def _mdy(m, text):
    return _month_day(m, m.group("year") or m.group("yq"))


@rule(
    rf"{B}{WD_PRE}?(?:the\s+)?(?P<day>{DAYNUM}|{DAYWORD})(?:\s+of)?\s+(?P<mon>{MONTH})"
    rf"(?:,?\s+(?P<year>{YEAR}|{SPOKEN_YEAR}){E})?"
)
def _dmy(m, text):
    return _month_day(m, m.group("year"))


def _month_day(m, ytxt: str | None):
    """A matched month and day, in the year ``ytxt`` names or, with none named, the year
    that puts it nearest the article date; None for a day the month lacks ("Feb. 30")."""
    mon = month_of(m.group("mon"))
    day = day_parse(m.group("day"), mon)
    if day is None:
        return None
    if ytxt:
        return "DATE", lambda ctx: fmt_date(year_of(ytxt, ctx), mon, day)
    return "DATE", lambda ctx: fmt_date(year_for_month_day(ctx, mon, day), mon, day)


@rule(
    rf"{B}(?:{PREMOD})?(?P<mon>{MONTH})(?:\s+of|,)?\s+(?:(?P<year>{ANY_YEAR}){E}"
    rf"|(?:of\s+)?(?P<rel>this|last|next|the\s+same|that)\s+year{E})"
)
def _month_year(m, text):
    mon = month_of(m.group("mon"))
    ytxt, rel = m.group("year"), (m.group("rel") or "").lower()
    if ytxt:
        return "DATE", lambda ctx: fmt_date(year_of(ytxt, ctx), mon)
    if rel in ("the same", "that"):
        return "DATE", lambda ctx: fmt_date(ctx.state.year or ctx.anchor.year, mon)
    delta = {"this": 0, "last": -1, "next": 1}[rel]
    return "DATE", lambda ctx: fmt_date(ctx.anchor.year + delta, mon) if ctx.anchor.year else None


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
    mon = month_of(word)
    pre = " ".join((m.group("pre") or "").lower().split())
    if not pre and word in AMBIGUOUS_MONTHS:
        prev = prev_word(text, m.start())
        nxt = next_word(text, m.end())
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
            return fmt_date(a.year, mon)
        if rel in ("last", "next"):
            return fmt_date(resolve_month(a.year, a.month, mon, rel), mon)
        if rel == "this":
            return fmt_date(a.year, mon)
        return fmt_date(year_for_month(ctx, mon), mon)

    return "DATE", resolve


# ---- quarters, halves, fiscal years

QORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
_QNUM = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4, "final": 4}
_QPRE = (
    rf"(?:(?:the|its|their|this|that|same|comparable|corresponding|year[\s-]+ago|year[\s-]+earlier"
    rf"|fiscal|latest|current|calendar|(?:this|last|next)\s+year's|{YEAR}'s|{YEAR})\s+)"
)


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
                    y = year_of(re.sub(r"^fiscal\s+", "", low), ctx)
            elif yrs:
                y = int(yrs[0])
            elif "last year's" in pre or "year-ago" in pre.replace(" ", "-") or "year-earlier" in pre.replace(" ", "-"):
                y = ctx.anchor.year - 1 if ctx.anchor.year else None
            elif "next year's" in pre:
                y = ctx.anchor.year + 1 if ctx.anchor.year else None
            elif "this year's" in pre:
                y = ctx.anchor.year
            else:
                y = infer_period_year(ctx, idx, per_year)
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
        if lead and (lead.group(0).strip().lower() in POSSESSIVES or hyphen):
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
            return "DATE", lambda ctx: str(century_year(int(yy), ctx))
        return "DATE", fixed(yy)
    if not m.group("yw") or not (m.group("the") or rel):
        return None
    if rel in ("previous", "prior", "past", "last", "latest"):
        return "DATE", year_shift(-1)
    if rel in ("next", "coming", "new"):
        return "DATE", year_shift(1)
    if not rel:
        return "DURATION", fixed("P1Y")  # "in the fiscal year ended Jan. 31"
    return "DATE", year_shift(0)


# ---- decades, centuries


@rule(
    rf"{B}(?:(?P<the>the)\s+)?(?:(?:early|late|mid)[\s-]+|mid-)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0'?s{E}"
    rf"|'(?P<d2>\d)0'?s{E}|(?P<w>(?:nineteen[\s-]+)?(?:twenties|thirties|forties|fifties|sixties"
    rf"|seventies|eighties|nineties)){E})"
)
def _decade(m, text):
    if m.group("c"):
        return "DATE", fixed(m.group("c") + m.group("d"))
    if m.group("d2"):
        d = int(m.group("d2"))
        return "DATE", lambda ctx: str((2000 + 10 * d) // 10) if ctx.anchor.year and 2000 + 10 * d <= ctx.anchor.year else f"19{d}"
    if not m.group("the"):
        return None  # "in their twenties" is an age
    w = m.group("w").lower().split()[-1]
    d = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
         "eighties": 8, "nineties": 9}[w.split("-")[-1]]
    return "DATE", fixed(f"19{d}")


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
    return "DATE", fixed(f"{n - 1:02d}")


# ---- holidays


@rule(rf"{B}(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?P<h>{HOLIDAY})(?:,?\s+(?P<y>{YEAR}){E})?")
def _holiday(m, text):
    name = " ".join(m.group("h").lower().split())
    if name not in HOLIDAYS:
        return None
    rel = " ".join((m.group("rel") or "").lower().split())
    ytxt = m.group("y")

    def fn(year: int):
        return holiday_date(name, year)

    def resolve(ctx):
        if ytxt:
            return ymd(fn(int(ytxt)))
        d = ctx.anchor.date
        if d is None:
            return None
        cands = [fn(y) for y in (d.year - 1, d.year, d.year + 1)]
        if rel in ("last", "this past"):
            return ymd(max(c for c in cands if c < d))
        if rel in ("next", "this coming"):
            return ymd(min(c for c in cands if c > d))
        tense = ctx.tense()
        if tense == "future":
            return ymd(min(c for c in cands if c >= d))
        if tense == "past":
            return ymd(max(c for c in cands if c <= d))
        return ymd(min(cands, key=lambda c: abs((c - d).days)))

    return "DATE", resolve
