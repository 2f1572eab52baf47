"""PLOVER event records, one JSON object per line (the Open Event Data Alliance's "PLOVER: Event,
Actor and Data Interchange Specification", section "JSON Data Fields").

Each record has ``id``, ``date``, ``actor`` and ``recipient`` (lists of actor objects: the
spec's ``identifier_id``/``identifier_text``/``actor_text``; ``source`` holds the same list as
``actor``, under the name the 0.7 manual's table uses), ``event`` (the PLOVER category list),
``quad_code`` (1-4, from the type's class in the ontology, which codes SANCTION as material
conflict where the manual's table has verbal conflict), ``mode``, ``event_text`` (the trigger), ``text`` (the sentence), ``text_info``
(character offsets) and ``cite_info`` (the article: outlet, title, URL, and the coder).

Left out: types outside PLOVER (AFFILIATE, EQUATE) and negated events ("denied supplying
weapons" is not an AID event; its REJECT, where coded, is there).  A side that is not known is
an empty list.  ``date`` is the event's date at the precision known (YYYY-MM-DD, YYYY-MM or
YYYY; ``date_precision`` says which), or null when undated.  Additional fields the spec allows
(``negated`` is always false here, ``hedged``, ``attributed_to``, ``date_origin``) keep what
claimgraph knows.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from .. import __version__
from ..analysis.evidence import outlet_of, precision
from ..ontology import TYPES
from .records import modes, write_lines

QUAD = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}


def _actor(aid: str | None, name: str | None, types: dict[str, str]) -> list[dict[str, Any]]:
    if not aid:
        return []
    obj = {"identifier_id": aid, "identifier_text": name, "actor_text": name}
    if types.get(aid):
        obj["type"] = types[aid]
    return [obj]


def plover_records(store) -> Iterator[dict[str, Any]]:
    docs = {d["id"]: d for d in store.documents()}
    types = {a["id"]: a["type"] for a in store.actor_rows()}
    for row in store.iter_events():
        t = TYPES.get(row["type"])
        if t is None or not t.plover or row["negated"]:
            continue
        doc = docs.get(row["doc_id"], {})
        actor = _actor(row.get("source_id"), row.get("source_name"), types)
        yield {
            "id": f"claimgraph-{row['id']}",
            "date": row.get("date"),
            "date_precision": precision(row.get("date")),
            "actor": actor,
            "source": actor,
            "recipient": _actor(row.get("target_id"), row.get("target_name"), types),
            "event": [t.plover],
            "quad_code": QUAD.get(t.plover_class or ""),
            "mode": modes(row),
            "event_text": [row["trigger"]] if row.get("trigger") else [],
            "text": row.get("sentence"),
            "text_info": {"start": row.get("start"), "end": row.get("end"), "trigger_start": row.get("trigger_start"),
                          "trigger_end": row.get("trigger_end"), "document": row["doc_id"]},
            "cite_info": {"citation": row["doc_id"], "publication": outlet_of(doc or row), "title": doc.get("title"),
                          "url": doc.get("url"), "published": doc.get("published"),
                          "coder": f"claimgraph {__version__} ({row.get('pipeline_version')})"},
            "event_loc": {"name": row["location"]} if row.get("location") else None,
            "negated": False,
            "hedged": bool(row["hedged"]),
            "attributed_to": _actor(row.get("attributed_to"), row.get("attributed_name"), types),
            "date_origin": row.get("date_origin"),
        }


def write_plover(store, fh: IO[str]) -> int:
    return write_lines(fh, plover_records(store))
