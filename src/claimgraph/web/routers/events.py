"""Events as evidence: filtered like the graph, or by id (the evidence behind one edge)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import MAX_INT, ApiError, Filters, get_filters, get_store
from ..templating import page

router = APIRouter(tags=["events"])

MAX_IDS = 2000


def _ids(raw: str | None) -> list[int] | None:
    if not raw:
        return None
    if len(raw) > 40 * MAX_IDS:
        raise ApiError(422, "invalid request", [{"parameter": "ids", "problem": f"at most {MAX_IDS} ids at once"}])
    try:
        ids = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        raise ApiError(422, "invalid request", [{"parameter": "ids", "problem": "ids must be comma-separated event numbers"}]) from None
    if len(ids) > MAX_IDS:
        raise ApiError(422, "invalid request", [{"parameter": "ids", "problem": f"at most {MAX_IDS} ids at once"}])
    if any(not 0 < i <= MAX_INT for i in ids):
        raise ApiError(422, "invalid request", [{"parameter": "ids", "problem": "event numbers are positive and below 2^63"}])
    return ids


def events_data(store, f: Filters, *, other: str | None = None, ids: list[int] | None = None,
                limit: int = 100, offset: int = 0) -> dict[str, Any]:
    from ...analysis.evidence import outlet_of

    if ids is not None:
        rows = store.events_by_ids(ids, with_url=True)
    else:
        actor = store.find_actor(f.actor)["id"] if f.actor else None
        other_id = store.find_actor(other)["id"] if other else None
        if other_id and not actor:
            actor, other_id = other_id, None
        rows = store.events(actor=None if other_id else actor, between=(actor, other_id) if other_id else None,
                            type=f.types[0] if len(f.types) == 1 else None, since=f.since, until=f.until)
        if len(f.types) > 1:
            rows = [r for r in rows if r["type"] in f.types]
        if f.sources:
            wanted = set(f.sources)
            rows = [r for r in rows if outlet_of(r) in wanted]
        if f.attributed_to:
            who = store.find_actor(f.attributed_to)["id"]
            rows = [r for r in rows if r["attributed_to"] == who]
    total = len(rows)
    return {"events": evidence_view.from_rows(store, rows[offset:offset + limit]), "total": total, "limit": limit,
            "offset": offset, "filters": f.as_dict(), "other": other, "ids": ids}


IdsQ = Query(None, description="Comma-separated event numbers (the event_ids of a graph edge); other filters are then ignored.")
OtherQ = Query(None, max_length=500, description="With actor: only events between actor and this one, either direction.")


@router.get("/api/events", summary="Events with their evidence sentence, outlet, date and attribution")
def api_events(f: Filters = Depends(get_filters), other: str | None = OtherQ, ids: str | None = IdsQ,
               limit: int = Query(100, ge=1, le=MAX_IDS), offset: int = Query(0, ge=0, le=1_000_000_000), store=Depends(get_store)):
    return events_data(store, f, other=(other or "").strip() or None, ids=_ids(ids), limit=limit, offset=offset)


@router.get("/events", include_in_schema=False)
def events_page(request: Request, f: Filters = Depends(get_filters), other: str | None = OtherQ, ids: str | None = IdsQ,
                limit: int = Query(100, ge=1, le=MAX_IDS), offset: int = Query(0, ge=0, le=1_000_000_000), store=Depends(get_store)):
    data = events_data(store, f, other=(other or "").strip() or None, ids=_ids(ids), limit=limit, offset=offset)
    return page(request, "events.html", title="Events", data=data, filters=f)
