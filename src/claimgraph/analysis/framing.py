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
    for lab in store.labels_with_paths(row["id"]):
        src = outlet_of(lab)
        key = " ".join(lab["label"].lower().split())
        entry = by_source.setdefault(src, {}).get(key)
        if entry is None:
            entry = by_source[src][key] = {
                "label": key, "count": 0, "documents": set(), "example": lab["sentence"],
                "example_doc_id": lab["doc_id"], "example_published": lab["published"], "example_title": lab["title"],
            }
        entry["count"] += 1
        entry["documents"].add(lab["doc_id"])
    out: dict[str, list[dict[str, Any]]] = {}
    for src in sorted(by_source, key=lambda s: (-sum(e["count"] for e in by_source[s].values()), s)):
        entries = sorted(by_source[src].values(), key=lambda e: (-e["count"], e["label"]))
        out[src] = [dict(e, documents=len(e["documents"])) for e in entries]
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
