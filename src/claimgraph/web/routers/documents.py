"""Articles: the list, and one article's cleaned text with its actors, quotes and events marked,
its metadata and how its date was found."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import ApiError, get_store
from ..templating import DATE_ORIGIN, PUBLISHED_ORIGIN, confidence_words, doc_label, fmt_date, page, precision, safe_url, segments

router = APIRouter(tags=["documents"])


def documents_data(store, limit: int, offset: int, superseded: bool = False) -> dict[str, Any]:
    from ...analysis.evidence import outlet_of

    docs = store.documents(superseded=superseded)
    counts = store.document_counts()
    rows = []
    for d in docs[offset:offset + limit]:
        c = counts.get(d["id"], {})
        rows.append({**d, "outlet": outlet_of(d), "published_label": fmt_date(d["published"], "no date"),
                     "label": doc_label(store, d), "safe_url": safe_url(d.get("url")),
                     "events": c.get("events", 0), "quotes": c.get("quotes", 0), "actors": c.get("actors", 0)})
    return {"documents": rows, "total": len(docs), "limit": limit, "offset": offset}


def document_data(store, doc_id: str) -> dict[str, Any]:
    from ...analysis.evidence import outlet_of

    doc = store.document(doc_id)
    if doc is None:
        raise ApiError(404, "unknown document", f"no document {doc_id!r} in this store; /api/documents lists them")
    doc.pop("content_hash", None)
    mentions = store.mentions_in([doc_id]).get(doc_id, [])
    names = store.actors_by_ids([m[2] for m in mentions])
    actors: dict[str, dict[str, Any]] = {}
    for s, e, aid in mentions:
        a = names.get(aid, {"id": aid, "name": aid, "type": "OTHER"})
        actors.setdefault(aid, {**a, "mentions": []})["mentions"].append([s, e])
    rows = store.events_of_document(doc_id)
    items = evidence_view.from_rows(store, rows)
    for item, r in zip(items, rows):
        item.update({"start": r["start"], "end": r["end"], "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"]})
    quotes = [{k: q[k] for k in ("id", "start", "end", "text", "direct", "speaker_id", "speaker_name", "speaker_text", "cue")}
              for q in store.quotes_of_document(doc_id)]
    for q in quotes:
        q["direct"] = bool(q["direct"])
    return {
        "document": {**doc, "outlet": outlet_of(doc), "safe_url": safe_url(doc.get("url")), "label": doc_label(store, doc)},
        "date": {
            "published": doc["published"],
            "label": fmt_date(doc["published"], "no date"),
            "precision": precision(doc["published"]),
            "text": doc["published_text"],
            "origin": doc["published_origin"],
            "explained": PUBLISHED_ORIGIN.get(doc["published_origin"], doc["published_origin"]),
            "confidence": doc["published_confidence"],
            "confidence_words": confidence_words(doc["published_confidence"]) if doc["published"] else None,
        },
        "actors": sorted(actors.values(), key=lambda a: (-len(a["mentions"]), a["name"])),
        "quotes": quotes,
        "events": items,
        "labels": store.labels_of_document(doc_id),
    }


def text_segments(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The article text cut into pieces, each knowing which actor, quote and event covers it."""
    spans: list[dict[str, Any]] = []
    for a in data["actors"]:
        for s, e in a["mentions"]:
            spans.append({"start": s, "end": e, "kind": "actor", "id": a["id"], "name": a["name"], "type": a["type"]})
    for q in data["quotes"]:
        spans.append({"start": q["start"], "end": q["end"], "kind": "quote", "speaker": q["speaker_name"] or q["speaker_text"]})
    for ev in data["events"]:
        spans.append({"start": ev["start"], "end": ev["end"], "kind": "event", "id": ev["event_id"], "stance": ev["stance"],
                      "label": f"{ev['type']}: {ev['source_actor'] or '?'} → {ev['target_actor'] or '?'}"})
        if ev["trigger_start"] is not None and ev["trigger_end"] is not None:
            spans.append({"start": ev["trigger_start"], "end": ev["trigger_end"], "kind": "trigger", "id": ev["event_id"]})
    out = segments(data["document"]["text"], spans)
    for seg in out:
        kinds = {s["kind"]: s for s in seg["spans"]}
        seg["actor"] = kinds.get("actor")
        seg["quote"] = kinds.get("quote")
        evs = [s for s in seg["spans"] if s["kind"] == "event"]
        seg["event"] = evs[0] if evs else None
        seg["trigger"] = "trigger" in kinds
        seg["anchors"] = [f"ev-{s['id']}" for s in seg["opens"] if s["kind"] == "event"]
        seg["title"] = " · ".join(
            ([f"{seg['actor']['name']} ({seg['actor']['type']})"] if seg["actor"] else [])
            + ([f"quote by {seg['quote']['speaker'] or 'unknown speaker'}"] if seg["quote"] else [])
            + [s["label"] for s in evs]
        )
    return out


@router.get("/api/documents", summary="Stored articles with their metadata")
def api_documents(limit: int = Query(500, ge=1, le=100_000), offset: int = Query(0, ge=0, le=1_000_000_000),
                  superseded: bool = Query(False, description="Also list the older versions that `ingest --update` replaced"
                                                               " (each with `superseded_by`, the current version's id)."),
                  store=Depends(get_store)):
    return documents_data(store, limit, offset, superseded)


@router.get("/api/documents/{doc_id}", summary="One article: text, metadata, actors, quotes, events")
def api_document(doc_id: str, store=Depends(get_store)):
    return document_data(store, doc_id)


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, limit: int = Query(500, ge=1, le=100_000), offset: int = Query(0, ge=0, le=1_000_000_000), store=Depends(get_store)):
    return page(request, "documents.html", title="Articles", data=documents_data(store, limit, offset))


@router.get("/documents/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: str, store=Depends(get_store)):
    data = document_data(store, doc_id)
    return page(request, "document.html", title=data["document"]["label"], data=data,
                segments=text_segments(data), DATE_ORIGIN=DATE_ORIGIN)
