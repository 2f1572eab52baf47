"""The labels each source applies to an actor ("terrorist group", "rebel movement", ...)."""
from __future__ import annotations

from typing import Any

from .evidence import outlet_of


def framing(store, actor: str) -> dict[str, Any]:
    """``{"actor", "by_source": {source: [{"label","count","example",...}]}, "unlabelled_sources"}``.

    Labels are grouped case-insensitively; each carries its count, the number of documents it
    appears in, and the first sentence it was found in (with that document's id).  Sources
    that mention the actor without labelling it are listed in ``unlabelled_sources``."""
    row = store.find_actor(actor)
    by_source: dict[str, dict[str, dict[str, Any]]] = {}
    for group in store.label_groups(row["id"]):  # grouped in the store by outlet and wording: a busy actor has many thousands
        src = outlet_of(group)
        key = " ".join(group["label"].lower().split())
        first = _first(group)
        entry = by_source.setdefault(src, {}).get(key)
        if entry is None:
            entry = by_source[src][key] = {"label": key, "count": 0, "documents": set()}
        entry["count"] += group["n"]
        entry["documents"].update(group["doc_ids"])
        if entry.get("_first") is None or first < entry["_first"]:  # the first in date and position of all its wordings
            entry.update(_first=first, example=group["example"], example_doc_id=group["example_doc_id"],
                         example_published=group["example_published"], example_title=group["example_title"])
    out: dict[str, list[dict[str, Any]]] = {}
    for src in sorted(by_source, key=lambda s: (-sum(e["count"] for e in by_source[s].values()), s)):
        entries = sorted(by_source[src].values(), key=lambda e: (-e["count"], e["label"]))
        out[src] = [{"label": e["label"], "count": e["count"], "documents": len(e["documents"]), "example": e["example"],
                     "example_doc_id": e["example_doc_id"], "example_published": e["example_published"],
                     "example_title": e["example_title"]} for e in entries]
    mentioned: dict[str, int] = {}
    for group in store.outlets_mentioning(row["id"]):  # counted in the store: a busy actor is in most documents
        src = outlet_of(group)
        mentioned[src] = mentioned.get(src, 0) + group["documents"]
    return {
        "actor": row["name"],
        "actor_id": row["id"],
        "by_source": out,
        "unlabelled_sources": sorted(s for s in mentioned if s not in out),
        "documents_by_source": dict(sorted(mentioned.items())),
    }


def _first(group: dict) -> tuple:
    """Where a group's example stands in ``labels_with_paths``' order (date, document, position;
    no date and no position first)."""
    pub, start = group["example_published"], group["example_start"]
    return (pub is not None, pub or "", group["example_doc_id"], start is not None, start or 0)
