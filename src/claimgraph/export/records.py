"""The records every export starts from: documents, actors (with labels and quote counts),
events (either side may be unknown: None) and quotes (with the actors mentioned inside them)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..analysis.evidence import outlet_of
from ..ontology import event_class

Record = dict[str, Any]


def actor_records(store) -> list[Record]:
    labels = store.labels_by_actor()
    said: dict[str, int] = {}
    for q in store.quotes():
        if q.get("speaker_id"):
            said[q["speaker_id"]] = said.get(q["speaker_id"], 0) + 1
    out = []
    for a in store.actor_rows():
        labs = labels.get(a["id"], [])
        out.append({**a, "labels": list(dict.fromkeys(l["label"] for l in labs)), "quotes": said.get(a["id"], 0)})
    return out


def modes(row: dict) -> list[str]:
    """The event's mode list (PLOVER ``mode``): stored as a list, a JSON list or a comma- or
    semicolon-separated string; [] where the store has none."""
    raw = row.get("mode")
    if raw is None or raw == "":
        return []
    if isinstance(raw, (list, tuple)):
        return [str(m) for m in raw if m]
    text = str(raw).strip()
    if text.startswith("["):
        import json

        try:
            return [str(m) for m in json.loads(text) if m]
        except ValueError:
            pass
    return [m.strip() for m in text.replace(";", ",").split(",") if m.strip()]


def event_record(row: dict) -> Record:
    """One event; ``source``/``target`` are None where that side is unknown."""
    return {
        "event_id": row["id"], "source": row.get("source_id"), "target": row.get("target_id"),
        "source_name": row.get("source_name"), "target_name": row.get("target_name"),
        "type": row["type"], "class": event_class(row["type"]), "stance": row["stance"], "mode": modes(row),
        "date": row.get("date"), "date_origin": row.get("date_origin"), "date_text": row.get("date_text"),
        "doc_id": row["doc_id"], "outlet": outlet_of(row), "published": row.get("published"), "title": row.get("title"),
        "attributed_to": row.get("attributed_to"), "attributed_name": row.get("attributed_name"),
        "source_kind": row.get("source_kind"), "via": row.get("via"), "answers": row.get("answers"),
        "negated": bool(row["negated"]), "hedged": bool(row["hedged"]), "trigger": row.get("trigger"),
        "location": row.get("location"), "sentence": row.get("sentence"),
        "start": row.get("start"), "end": row.get("end"), "pipeline_version": row.get("pipeline_version"),
    }


def quote_records(store, docs: dict[str, Record] | None = None) -> list[Record]:
    """Every quote with its speaker (None when unknown), its document's outlet and date, and
    ``about``: the ids of the actors mentioned inside the quote (the speaker left out)."""
    docs = docs if docs is not None else {d["id"]: d for d in store.documents()}
    rows = store.quotes()
    mentions = store.mentions_in([q["doc_id"] for q in rows])
    out = []
    for q in rows:
        inside = [aid for s, e, aid in mentions.get(q["doc_id"], []) if q["start"] <= s and e <= q["end"] and aid != q.get("speaker_id")]
        doc = docs.get(q["doc_id"], {"id": q["doc_id"]})
        out.append({
            "quote_id": q["id"], "speaker": q.get("speaker_id"), "speaker_name": q.get("speaker_name"),
            "speaker_text": q.get("speaker_text"), "text": q["text"], "direct": bool(q["direct"]), "cue": q.get("cue"),
            "about": list(dict.fromkeys(inside)), "doc_id": q["doc_id"], "outlet": outlet_of(doc),
            "published": doc.get("published"), "title": doc.get("title"), "start": q["start"], "end": q["end"],
            "pipeline_version": q.get("pipeline_version"),
        })
    return out


def iter_records(store, *, with_text: bool = False) -> Iterator[Record]:
    """Every document, actor, event and quote as a JSON-ready dict with a ``kind`` field."""
    docs = {}
    for d in store.iter_documents(with_text=with_text):
        docs[d["id"]] = d
        yield {"kind": "document", **d}
    for a in actor_records(store):
        yield {"kind": "actor", **a}
    for row in store.iter_events():
        yield {"kind": "event", **event_record(row)}
    for q in quote_records(store, docs):
        yield {"kind": "quote", **q}


def write_lines(fh: IO[str], records: Iterable[Record]) -> int:
    """One JSON object a line (JSONL, PLOVER, FtM); the number written."""
    n = 0
    for rec in records:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
