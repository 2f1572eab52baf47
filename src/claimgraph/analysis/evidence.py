"""Evidence items: one stored event as the analysis functions hand it out.

Every figure the analysis functions report (a count, a score, a summary line) is backed by a
list of these, so a reader can always go from the number to the sentences behind it.
"""
from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from ..ontology import event_class, is_act

Evidence = dict[str, Any]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"^\d{4}-\d{2}(?!\d)")
_YEAR = re.compile(r"^\d{4}")

DATE_ORIGINS = {
    "sentence": "stated in the sentence",
    "relative": "resolved from a relative expression against the article date",
    "article": "the article's publication date only",
}


def outlet_of(row: dict) -> str:
    """The outlet that published a document: ``documents.source``, else the file name, else
    the title, else the document id.  ``row`` may be an event row (``outlet``) or a document row."""
    name = row.get("outlet") if "outlet" in row else row.get("source")
    if name:
        return name
    if row.get("path"):
        return PurePath(row["path"]).name or row["path"]
    return row.get("title") or row.get("doc_id") or row.get("id") or "unknown"


def evidence_item(row: dict) -> Evidence:
    """A stored event row (``store.events()``) as an evidence item: the sentence, where and when
    it was published, who asserts it (``attributed_to``: ``None`` means the outlet itself, or an
    unnamed source; ``source_kind``: "outlet", "named", "unnamed", "report"; ``relayed_via``: the
    channel that relays it, or ``None``), whether it is hedged or negated, and its ``mode``
    (``ontology.MODES``: "hypothetical", "future", ...), and ``curation`` ("confirmed", with
    ``curation_decision``, when a user confirmed it).  Actors appear by canonical name."""
    etype = row.get("type")
    return {
        "event_id": row.get("id"),
        "doc_id": row.get("doc_id"),
        "source": outlet_of(row),
        "published": row.get("published"),
        "title": row.get("title"),
        "sentence": row.get("sentence"),
        "type": etype,
        "class": event_class(etype or ""),
        "stance": row.get("stance"),
        "source_actor": row.get("source_name"),
        "target_actor": row.get("target_name"),
        "trigger": row.get("trigger"),
        "attributed_to": row.get("attributed_name"),
        "source_kind": row.get("source_kind") or ("named" if row.get("attributed_to") else "outlet"),
        "relayed_via": row.get("via_name"),
        "hedged": bool(row.get("hedged")),
        "negated": bool(row.get("negated")),
        "mode": list(row.get("mode") or ()),
        "date": row.get("date"),
        "date_origin": row.get("date_origin"),
        "answers": row.get("answers"),  # a denial: the event id of the claim it answers
        "curation": row.get("curation"),  # "confirmed" by a user's decision (rejected events are never evidence)
        "curation_decision": row.get("curated_by"),  # that decision's id
    }


def answered(item: Evidence) -> Evidence:
    """The short form of a claim that a denial answers: who asserts it, in which outlet, and
    its sentence."""
    return {k: item.get(k) for k in ("event_id", "doc_id", "source", "published", "sentence", "type", "source_actor",
                                     "target_actor", "attributed_to", "source_kind", "relayed_via")}


def is_intention(item: Evidence) -> bool:
    """A threat, a vow, a plan or a condition ("threatened to bomb", "will attack"), not an act:
    shown apart, never counted for or against a claim."""
    return not is_act(item.get("mode"))


def precision(date: str | None) -> str | None:
    """'day' | 'month' | 'year' for ``YYYY-MM-DD`` | ``YYYY-MM`` | ``YYYY`` (``None`` if undated)."""
    if not date:
        return None
    if _DAY.match(date):
        return "day"
    if _MONTH.match(date):
        return "month"
    if _YEAR.match(date):
        return "year"
    return None


def period_of(date: str | None, period: str = "year") -> str:
    """The bucket a date falls in: ``2015`` (period="year") or ``2015-03`` (period="month");
    a date known only to the year stays ``2015`` under "month"; no date is ``undated``."""
    if not date or not _YEAR.match(date):
        return "undated"
    if period == "month" and _MONTH.match(date):
        return date[:7]
    return date[:4]


def voice(item: Evidence) -> str:
    """Who is speaking: the outlet, or the outlet quoting someone ("The Post / Ilan Varga")."""
    return f"{item['source']} / {item['attributed_to']}" if item.get("attributed_to") else item["source"]


_KINDS = (("named", "named speakers"), ("unnamed", "unnamed sources"), ("report", "cited reports"))


def asserters(items: list[Evidence]) -> list[str]:
    """Who asserts the items, by kind of source: "2 items attributed to named speakers (Ilan
    Varga)", "1 item attributed to unnamed sources", "1 relayed via The Varosia Times".  An item
    that stands for a group of events (``check``'s voice rows) weighs its ``n``."""
    notes = []
    for kind, what in _KINDS:
        xs = [x for x in items if x.get("source_kind") == kind]
        if xs:
            names = sorted({x["attributed_to"] for x in xs if x.get("attributed_to")})
            notes.append(f"{plural(weight(xs), 'item')} attributed to {what}" + (f" ({', '.join(names)})" if names else ""))
    relayed = [x for x in items if x.get("relayed_via")]
    if relayed:
        notes.append(f"{weight(relayed)} relayed via {', '.join(sorted({x['relayed_via'] for x in relayed}))}")
    return notes


def weight(items) -> int:
    """How many items: each weighs its ``n`` (a group of events) or 1."""
    return sum(x.get("n", 1) for x in items)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def sort_key(item: Evidence) -> tuple:
    return (item.get("date") or "9999", item.get("published") or "9999", item.get("doc_id") or "", item.get("event_id") or 0)


def one_per_sentence(items: list[dict]) -> list[dict]:
    """One denial per sentence: a REJECT and a negated event in one sentence are one denial,
    shown as the negated event, which says what is denied."""
    seen: dict[tuple, dict] = {}
    for it in items:
        key = (it["doc_id"], it["sentence"])
        if key not in seen:
            seen[key] = it
        elif seen[key]["type"] == "REJECT" and it["type"] != "REJECT":
            # the negated event says what is denied; the REJECT's link to the claim stays
            link = {k: seen[key][k] for k in ("answers", "answers_claim", "answers_scope") if seen[key].get(k) is not None}
            seen[key] = dict(it, **link)
        elif it["type"] == "REJECT" and seen[key].get("answers") is None and it.get("answers") is not None:
            seen[key] = dict(seen[key], **{k: it[k] for k in ("answers", "answers_claim", "answers_scope") if it.get(k) is not None})
    return list(seen.values())
