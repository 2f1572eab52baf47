"""Disagreements: actor pairs about which the sources conflict, best-supported first."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import get_store
from ..templating import page

router = APIRouter(tags=["conflicts"])


def conflicts_data(store, limit: int) -> dict[str, Any]:
    from ...analysis import conflicts

    rows = conflicts(store, limit=limit)
    out = []
    for c in rows:
        c = dict(c)
        for side in ("cooperative", "hostile", "denials", "intentions"):
            c[side] = evidence_view.enrich(store, list(c.get(side) or []))
        out.append(c)
    return {"conflicts": out, "limit": limit}


LimitQ = Query(20, ge=1, le=500, description="At most this many pairs.")


@router.get("/api/conflicts", summary="Actor pairs about which sources disagree, with the evidence on each side")
def api_conflicts(limit: int = LimitQ, store=Depends(get_store)):
    return conflicts_data(store, limit)


@router.get("/conflicts", include_in_schema=False)
def conflicts_page(request: Request, limit: int = LimitQ, store=Depends(get_store)):
    return page(request, "conflicts.html", title="Disagreements", data=conflicts_data(store, limit))
