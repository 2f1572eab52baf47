"""Claim check: a typed claim about two actors, with the evidence for and against it; and the
dyad of two actors (``/api/dyad``): how they relate, counted over every event, with the first items of each stance."""
from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from ...errors import ClaimParseError, UnknownActor
from .. import evidence_view
from ..deps import get_store
from ..response_cache import cached_json
from ..templating import page

router = APIRouter(tags=["check"])


def check_data(store, claim: str, limit: int = 100) -> dict[str, Any]:
    from ...analysis import check

    res = dict(check(store, claim, limit=limit))  # the first items of each side; counts and totals cover all
    for side in ("supporting", "opposing", "intentions"):
        res[side] = evidence_view.enrich(store, list(res.get(side) or []))
    res["query"] = claim
    return res


CheckLimitQ = Query(20, ge=1, le=1_000, description="At most this many items per side (the first ones; `totals` counts them all).")
ClaimQ = Query(..., min_length=1, max_length=500, description='A claim about two actors, e.g. "Hamas cooperates with ISIS".')


@router.get("/api/check", summary="Evidence for and against a claim")
def api_check(request: Request, claim: str = ClaimQ, limit: int = CheckLimitQ):
    claim = claim.strip()
    return cached_json(request, ("check", claim, limit), lambda store: check_data(store, claim, limit))


@router.get("/check", include_in_schema=False)
def check_page(request: Request, claim: str | None = Query(None, max_length=500), store=Depends(get_store)):
    claim = (claim or "").strip()
    if not claim:
        return page(request, "check.html", title="Check a claim", claim="", data=None, error=None, json_path="/api/check")
    try:
        data = check_data(store, claim)
    except ClaimParseError as exc:
        return page(request, "check.html", title="Check a claim", claim=claim, data=None, status=422,
                    error={"error": "cannot parse claim", "detail": str(exc)})
    except UnknownActor as exc:
        return page(request, "check.html", title="Check a claim", claim=claim, data=None, status=404,
                    error={"error": "unknown actor", "detail": str(exc)})
    return page(request, "check.html", title=f"Check: {claim}", claim=claim, data=data, error=None)


DyadLimitQ = Query(20, ge=1, le=1_000, description="At most this many items per stance (the first ones; `by_stance_total` counts them all).")


@router.get("/api/dyad", summary="How two actors relate: counts by stance, period and source, with the first items of each stance")
def api_dyad(a: str = Query(..., min_length=1, max_length=200, description="One actor (any alias)."),
             b: str = Query(..., min_length=1, max_length=200, description="The other actor (any alias)."),
             period: Literal["year", "month"] = Query("year", description="Count by year or by month."),
             limit: int = DyadLimitQ, store=Depends(get_store)):
    from ...analysis import dyad

    res = dyad(store, a.strip(), b.strip(), period=period, limit=limit)
    res["by_stance"] = {k: evidence_view.enrich(store, list(v)) for k, v in res["by_stance"].items()}
    return res
