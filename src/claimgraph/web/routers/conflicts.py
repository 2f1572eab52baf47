"""Disagreements: actor pairs about which the sources conflict, best-supported first."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import get_store
from ..response_cache import cached_json
from ..templating import page

router = APIRouter(tags=["conflicts"])


def conflicts_data(store, limit: int, items: int = 10) -> dict[str, Any]:
    from ...analysis import conflicts

    # the evidence items with names, highlights and links, made from the rows conflicts reads (one
    # read of mentions for the page, where each list read its events and mentions again)
    made = conflicts(store, limit=limit, max_evidence=items, enrich=lambda rows, shown: evidence_view.from_rows(store, rows, shown))
    return {"conflicts": made, "limit": limit, "items": items}


LimitQ = Query(20, ge=1, le=500, description="At most this many pairs.")
# a page of 20 pairs with 50 items a list was 3,000 evidence cards (2.9 MB at 100,000 documents)
ItemsQ = Query(10, ge=1, le=200, description="At most this many evidence items in each list of a pair, taken round-robin over "
                                            "its voices; `counts` has the full numbers and `/api/dyad` lists them all.")


@router.get("/api/conflicts", summary="Actor pairs about which sources disagree, with the evidence on each side")
def api_conflicts(request: Request, limit: int = LimitQ, items: int = ItemsQ):
    return cached_json(request, ("conflicts", limit, items), lambda store: conflicts_data(store, limit, items))


@router.get("/conflicts", include_in_schema=False)
def conflicts_page(request: Request, limit: int = LimitQ, items: int = ItemsQ, store=Depends(get_store)):
    return page(request, "conflicts.html", title="Disagreements", data=conflicts_data(store, limit, items))
