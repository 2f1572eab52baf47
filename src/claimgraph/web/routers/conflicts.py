"""Disagreements: actor pairs about which the sources conflict, best-supported first."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import get_store
from ..response_cache import cached_json
from ..templating import page

router = APIRouter(tags=["conflicts"])


def conflicts_data(store, limit: int) -> dict[str, Any]:
    from ...analysis import conflicts

    # the evidence items with names, highlights and links, made from the rows conflicts reads (one
    # read of mentions for the page, where each list read its events and mentions again)
    return {"conflicts": conflicts(store, limit=limit, enrich=lambda rows, items: evidence_view.from_rows(store, rows, items)), "limit": limit}


LimitQ = Query(20, ge=1, le=500, description="At most this many pairs.")


@router.get("/api/conflicts", summary="Actor pairs about which sources disagree, with the evidence on each side")
def api_conflicts(request: Request, limit: int = LimitQ):
    return cached_json(request, ("conflicts", limit), lambda store: conflicts_data(store, limit))


@router.get("/conflicts", include_in_schema=False)
def conflicts_page(request: Request, limit: int = LimitQ, store=Depends(get_store)):
    return page(request, "conflicts.html", title="Disagreements", data=conflicts_data(store, limit))
