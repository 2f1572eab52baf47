"""Grammar of durations ("three years", "a two-year battle", "for a while") and of sets,
the recurring times ("daily", "every other week", "twice a month")."""
from __future__ import annotations

import re

from .lexicon import (
    MONTH, NUM, PARTS_OF_DAY, QUANT, SEASON, SEASONS, UNIT_ANY, UNIT_SINGULAR, WEEKDAY, month_of,
    parse_number, unit_of, weekday_of,
)
from .rules import B, E, MOD, POSSESSIVES, Rule, next_word, prev_word, registry, text_between
from .values import duration_value, fixed, year_shift

RULES: list[Rule] = []
rule = registry(RULES)

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
        prev = prev_word(text, m.start())
        before = text[max(0, m.start() - 12) : m.start()]
        if prev in _PER_WORDS or re.search(r"[\d%]\S*\s+$", before) or (prev.endswith("s") and prev not in ("is", "was", "has", "this", "its", "his", "as")):
            if unit_word == "year":
                return "SET", fixed("P1Y")  # "$1 billion a year"
            return None  # "four flights a week": a rate, not a span of time
        if unit_word.startswith("second"):
            return None  # "a second term"
    if unit_word.startswith("second") and q in ("a", "an", "one"):
        return None
    unit, mult = unit_of(unit_word)
    if unit == "WE":
        return None
    value = duration_value(n, unit, mult)
    return "DURATION", fixed(value), _duration_start(m, n, unit_word), m.end()


# Modifiers that TimeML leaves outside the expression ("within [a week]", "about [five hours]")
_OUTSIDE_MODS = frozenset("about around approximately roughly within only just barely over some".split())


def _duration_start(m, n: float | None, unit_word: str) -> int:
    """Where a duration's extent starts: adjectival ones ("a [two-year] battle", "its
    [one-year] term") and outside modifiers leave the determiner / modifier out."""
    start = m.start()
    det = (m.group("det") or "").strip().lower()
    mod = " ".join((m.group("mod") or "").lower().split())
    adjectival = "-" in text_between(m, "q", "unit") or (
        n is not None and n != 1 and not unit_word.endswith("s") and not m.group("suf")
    )
    if det and (det in POSSESSIVES or (adjectival and not m.group("adj") and not m.group("suf"))):
        start = m.start("adj") if m.group("adj") else (m.start("mod") if m.group("mod") else m.start("q"))
    if mod in _OUTSIDE_MODS and not m.group("det") and not m.group("adj"):
        start = m.start("q")
    return start


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
    prev = prev_word(text, m.start())
    if "recent" in pre:
        return "DATE", fixed("PAST_REF")
    if "coming" in pre or m.group("tail"):
        return "DURATION", fixed(duration_value(None, unit))
    if not pre or pre == "the":
        if not (prev in _BARE_CONTEXT or m.group("suf")):
            return None
    return "DURATION", fixed(duration_value(None, unit))


@rule(rf"{B}(?P<unit>day|week|month|year|decade|hour|night|century)-long{E}")
def _unit_long(m, text):
    unit, mult = unit_of(m.group("unit"))
    return "DURATION", fixed(duration_value(1, unit, mult))


@rule(rf"(?<=\bfor\s)(?:a\s+(?:long\s+|short\s+|little\s+)?while|some\s+time|a\s+long\s+time|a\s+short\s+time){E}")
def _while(m, text):
    return "DURATION", fixed("PXX")


@rule(
    rf"{B}the\s+(?:(?P<fiscal>fiscal)\s+)?year(?=\s+(?:ended|ending|ends|to)\b)"
    rf"|{B}the\s+(?:full|entire|whole)\s+year(?!-)(?=\s*[,.;]|\s+(?:of|to|and)\b)"
    rf"|(?:(?<=\bof\s)|(?<=\bfor\s))(?P<cur>the\s+year)(?=\s*[,.;]|\s+of\b)"
)
def _the_year(m, text):
    if m.group("cur") or m.group(0).lower().split()[1] in ("full", "entire", "whole"):
        return "DATE", year_shift(0)  # "sales for the full year", "the first nine months of the year"
    return "DURATION", fixed("P1Y")  # "for the year ended March 31"


# ---- sets

_ADVERB_FOLLOWERS = frozenset(
    "and or but to in on at for from since until through by with as than over under into "
    "during after before between while when because if so the a an its their his her this "
    "that these those is are was were be been will would".split()
)
SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W",
            "bimonthly": "P2M", "biannually": "P6M", "semiannually": "P6M", "semi-annually": "P6M",
            "fortnightly": "P2W"}


@rule(rf"{B}(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly|bimonthly|biannually|semi-?annually|fortnightly){E}(?!-)")
def _set_adverb(m, text):
    w = m.group("w").lower()
    prev = prev_word(text, m.start())
    nxt = next_word(text, m.end())
    if prev == "average":
        return None  # "average daily volume"
    if nxt[:1].isupper() and prev not in ("published", "held", "updated"):
        return None  # a newspaper name: "Daily Telegraph"
    if w in ("quarterly", "annually", "yearly") and nxt[:1].islower() and nxt.lower() not in _ADVERB_FOLLOWERS:
        return None  # a reporting period, not a recurrence: "its quarterly dividend"
    return "SET", fixed(SET_ADVERBS[w.replace("semi-", "semi")])


@rule(
    rf"{B}(?P<det>every|each|per)\s+(?:(?P<q>other|{NUM}|few)\s+)?(?:(?P<unit>{UNIT_ANY})|(?P<wd>{WEEKDAY})"
    rf"|(?P<mon>{MONTH})|(?P<season>{SEASON})|(?P<pod>morning|afternoon|evening|night)){E}"
)
def _every(m, text):
    q = (m.group("q") or "").lower()
    if m.group("unit"):
        unit, mult = unit_of(m.group("unit"))
        if unit == "WE":
            return "SET", fixed("XXXX-WXX-WE")
        n = 2 if q == "other" else (parse_number(q) if q else 1)
        if n is None:
            return None
        return "SET", fixed(duration_value(n, unit, mult))
    if q:
        return None
    if m.group("wd"):
        return "SET", fixed(f"XXXX-WXX-{weekday_of(m.group('wd'))}")
    if m.group("mon"):
        return "SET", fixed(f"XXXX-{month_of(m.group('mon')):02d}")
    if m.group("season"):
        return "SET", fixed(f"XXXX-{SEASONS[m.group('season').lower()]}")
    return "SET", fixed(f"XXXX-XX-XXT{PARTS_OF_DAY[m.group('pod').lower()]}")


@rule(
    rf"{B}(?P<f>once|twice|thrice|(?:{NUM})\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit>{UNIT_SINGULAR}){E}"
)
def _times_per(m, text):
    unit, mult = unit_of(m.group("unit"))
    return "SET", fixed(duration_value(1, unit, mult))
