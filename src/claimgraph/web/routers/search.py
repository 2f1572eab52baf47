"""Search over article text (SQLite FTS5) and actor names."""
from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ..deps import ApiError, get_store
from ..templating import fmt_date, highlight_parts, page

router = APIRouter(tags=["search"])


def search_data(store, q: str, limit: int) -> dict[str, Any]:
    q = (q or "").strip()
    if not q:
        return {"query": "", "documents": [], "actors": []}
    try:
        res = store.search(q, limit)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise ApiError(503, "search index missing", "this store predates the search index; open it once with write access "
                           "(e.g. `claimgraph serve` on a writable file) to build it") from exc
        raise
    from ...analysis.evidence import outlet_of

    for d in res["documents"]:
        d["published_label"] = fmt_date(d.get("published"), "no date")
        d["outlet"] = outlet_of(d)
    return res


QQ = Query("", max_length=500, description="Words to find in article titles and text, and in actor names.")
LimitQ = Query(20, ge=1, le=500)


@router.get("/api/search", summary="Full-text search over articles, and actors by name")
def api_search(q: str = QQ, limit: int = LimitQ, store=Depends(get_store)):
    return search_data(store, q, limit)


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = QQ, limit: int = LimitQ, store=Depends(get_store)):
    data = search_data(store, q, limit)
    for d in data["documents"]:
        d["parts"] = highlight_parts(d["snippet"], [{"start": a, "end": b, "kind": "hit"} for a, b in d["highlights"]])
    return page(request, "search.html", title=f"Search: {q}" if q else "Search", data=data, q=q)
