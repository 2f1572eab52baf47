"""Actors: the list, and one actor with aliases, the labels each outlet gives it, its events,
its quotes and the actors it is most often linked with."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ...textutil import norm_name
from .. import evidence_view
from ..deps import get_store
from ..response_cache import cached_json
from ..templating import page

router = APIRouter(tags=["actors"])


def actors_data(store, q: str | None, limit: int, offset: int, sectors: bool = True) -> dict[str, Any]:
    rows = store.actors(sectors=sectors)
    if q:
        n = norm_name(q)
        rows = [r for r in rows if any(n in norm_name(a) for a in (r["name"], *r["aliases"]))]
    return {"actors": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset, "q": q, "sectors": sectors}


def framing_data(store, actor_id: str) -> dict[str, Any]:
    try:
        from ...analysis import framing
    except ImportError:  # the analysis package without framing: group the raw labels
        framing = None
    if framing is not None:
        return framing(store, actor_id)
    by: dict[str, dict[str, dict]] = {}
    for r in store.labels(actor_id):
        src = r.get("source") or r.get("title") or r["doc_id"]
        slot = by.setdefault(src, {}).setdefault(r["label"], {"label": r["label"], "count": 0, "example": r.get("sentence")})
        slot["count"] += 1
    return {"actor": actor_id, "by_source": {s: sorted(v.values(), key=lambda x: -x["count"]) for s, v in by.items()}, "unlabelled_sources": []}


def actor_data(store, name: str, *, events_limit: int = 100) -> dict[str, Any]:
    actor = store.actor(name)  # UnknownActor -> 404
    aid = actor["id"]
    rows = store.events(actor=aid, limit=events_limit)  # the page; the partners and the total are counted in the store
    partners = store.actor_partners(aid)
    quotes = store.quotes(speaker=aid, limit=50)
    from .paths import centrality

    return {
        "actor": actor,
        "centrality": centrality(store, aid),
        "framing": framing_data(store, aid),
        "partners": sorted(partners, key=lambda p: (-p["events"], p["name"] or "")),
        "events": evidence_view.from_rows(store, rows),
        "events_total": store.count_events_of(aid),
        "quotes": [{k: q.get(k) for k in ("id", "doc_id", "text", "direct", "cue", "speaker_text", "source", "published", "title", "start")} for q in quotes],
    }


SectorsQ = Query(True, description="false: leave out the sector actors (police, protesters, ...).")


@router.get("/api/actors", summary="Actors, most mentioned first")
def api_actors(q: str | None = Query(None, max_length=500, description="Only actors whose name or an alias contains this."),
               limit: int = Query(100, ge=1, le=5000), offset: int = Query(0, ge=0, le=1_000_000_000), sectors: bool = SectorsQ,
               store=Depends(get_store)):
    return actors_data(store, q, limit, offset, sectors)


@router.get("/api/actors/{actor}", summary="One actor (by id, name or any alias)")
def api_actor(request: Request, actor: str):
    return cached_json(request, ("actor", actor), lambda store: actor_data(store, actor))


@router.get("/actors", include_in_schema=False)
def actors_page(request: Request, q: str | None = Query(None), limit: int = Query(100, ge=1, le=5000),
                offset: int = Query(0, ge=0, le=1_000_000_000), sectors: bool = SectorsQ, store=Depends(get_store)):
    return page(request, "actors.html", title="Actors", data=actors_data(store, q, limit, offset, sectors))


@router.get("/actors/{actor}", include_in_schema=False)
def actor_page(request: Request, actor: str, store=Depends(get_store)):
    from ...models import ACTOR_TYPES

    data = actor_data(store, actor)
    aid = data["actor"]["id"]
    # the merge box's suggestions: the other actors' names (only when the box is shown)
    names = [n["name"] for n in store.actor_names() if n["id"] != aid] if request.app.state.editing.enabled else []
    return page(request, "actor.html", title=data["actor"]["name"], data=data, actor_types=ACTOR_TYPES,
                merge_names=list(dict.fromkeys(names)))
