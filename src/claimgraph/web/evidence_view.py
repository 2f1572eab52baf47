"""Evidence items: one event as a user checks it, with the sentence, where its trigger and
actors are in that sentence, the outlet, the date and how it was found, who asserts it and
whether it is hedged or negated, and its mode (hypothetical, future, claimed, historical).  Same keys as the analysis functions' evidence (``E``), plus
names, highlights and links, so every view draws evidence the same way."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter
from typing import Any

from .templating import fmt_date, precision, safe_url

Row = dict[str, Any]
_EXTRAS = ("source_actor_id", "target_actor_id", "attributed_to_id", "date_precision", "date_label", "highlights", "article", "url")


def from_rows(store, rows: list[Row], items: list[Row] | None = None) -> list[Row]:
    """Store event rows (``store.events`` or ``store.events_by_ids``) -> evidence items; ``items``:
    the rows' analysis evidence (``analysis.evidence.evidence_item``), when made already."""
    mentions = store.mentions_within(_sentences(rows))
    return [_item(r, mentions.get(r["doc_id"], []), items[i] if items else None) for i, r in enumerate(rows)]


def _sentences(rows: list[Row]) -> list[tuple[str, int, int]]:
    """Where each row's sentence is (doc id, start, end): the highlights need the mentions there only."""
    return [(r["doc_id"], r["start"], r["start"] + len(r["sentence"] or "")) for r in rows]


def enrich(store, items: list[Row]) -> list[Row]:
    """Analysis evidence (``E`` dicts with ``event_id``) -> the same dicts with names,
    highlights and links added.  Items without a stored event keep what they have."""
    ids = [int(i["event_id"]) for i in items if i.get("event_id") is not None]
    by_id = {r["id"]: r for r in store.events_by_ids(ids, with_url=True)}
    mentions = store.mentions_within(_sentences(list(by_id.values())))
    out = []
    for it in items:
        row = by_id.get(it.get("event_id"))
        if row is None:
            extra = {"highlights": [], "article": f"/documents/{it['doc_id']}" if it.get("doc_id") else None}
            out.append({**extra, **it, "date_precision": precision(it.get("date")), "date_label": fmt_date(it.get("date"))})
            continue
        built = _item(row, mentions.get(row["doc_id"], []))
        out.append({**built, **it, **{k: built[k] for k in _EXTRAS}})
    return out


def _item(r: Row, doc_mentions: list[tuple[int, int, str]], made: Row | None = None) -> Row:
    from ..analysis.evidence import evidence_item

    date = r.get("date")
    return {
        **(made or evidence_item(r)),  # the analysis functions' shape: actors and attribution by name
        "source_actor_id": r.get("source_id"),
        "target_actor_id": r.get("target_id"),
        "attributed_to_id": r.get("attributed_to"),
        "date_text": r.get("date_text"),
        "date_precision": precision(date),
        "date_label": fmt_date(date),
        "highlights": highlights(r, doc_mentions),
        "article": f"/documents/{r['doc_id']}#ev-{r['id']}",
        "url": safe_url(r.get("url")),
    }


@lru_cache(maxsize=4096)
def _literal(text: str) -> re.Pattern:
    """``text`` as a case-blind pattern, compiled once (a page of evidence repeats its triggers and names)."""
    return re.compile(re.escape(text), re.I)


def highlights(r: Row, doc_mentions: list[tuple[int, int, str]]) -> list[Row]:
    """Where, inside the sentence, the trigger and the event's actors are (sentence offsets).
    Candidates are tuples, and only the kept ones become dicts (a page of conflicts draws thousands)."""
    sent, s0 = r["sentence"], r["start"]
    s1 = s0 + len(sent)
    out: list[tuple[int, int, str, str | None]] = []
    ts, te = r.get("trigger_start"), r.get("trigger_end")
    if ts is not None and te is not None and s0 <= ts < te <= s1 and sent[ts - s0:te - s0]:
        out.append((ts - s0, te - s0, "trigger", None))
    elif r.get("trigger"):
        m = _literal(r["trigger"]).search(sent)
        if m:
            out.append((m.start(), m.end(), "trigger", None))
    # the document's mentions that start inside the sentence (sorted by start: a bisection, not a pass over them all)
    inside = doc_mentions[bisect_left(doc_mentions, s0, key=itemgetter(0)):bisect_right(doc_mentions, s1, key=itemgetter(0))]
    for kind, aid, name in (("source", r.get("source_id"), r.get("source_name")), ("target", r.get("target_id"), r.get("target_name")),
                            ("attributed", r.get("attributed_to"), r.get("attributed_name"))):
        if not aid:
            continue
        n = len(out)
        out += [(a - s0, b - s0, kind, aid) for a, b, who in inside if who == aid and b <= s1]
        if len(out) == n and name:
            out += [(m.start(), m.end(), kind, aid) for m in _literal(name).finditer(sent)]
    # non-overlapping, the trigger first, then source, target, attribution
    kept: list[tuple[int, int, str, str | None]] = []
    for h in out:
        a, b = h[0], h[1]
        if b > a and all(b <= k[0] or a >= k[1] for k in kept):
            kept.append(h)
    kept.sort(key=itemgetter(0))
    return [{"start": a, "end": b, "kind": kind, "actor": aid} for a, b, kind, aid in kept]
