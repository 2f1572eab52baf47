"""Timeline: dated events in order, for the whole store, one actor or a pair.  A date known
only to the month or the year is drawn as a bar over that month or year, not as a day."""
from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import ApiError, Filters, get_filters, get_store
from ..templating import page, precision

router = APIRouter(tags=["timeline"])


def timeline_data(store, f: Filters, other: str | None, *, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    from ...analysis.timeline import timeline_items, timeline_query

    limit = limit or PAGE

    q = timeline_query(store, f.actor, other=other, since=f.since, until=f.until, types=f.types or None,
                       sources=f.sources or None, attributed_to=f.attributed_to)
    actor = store.actor_by_id(q.actor_id) if q.actor_id else None
    other_actor = store.actor_by_id(q.other_id) if q.other_id else None
    rows = timeline_items(store, q, limit, offset)  # only the page: a big store has 100,000s
    count = store.timeline_count(q)
    items = evidence_view.enrich(store, rows)
    for i in items:
        i.setdefault("precision", precision(i.get("date")))
    return {
        "actor": {"id": actor["id"], "name": actor["name"]} if actor else None,
        "other": {"id": other_actor["id"], "name": other_actor["name"]} if other_actor else None,
        "filters": f.as_dict(),
        "count": count,
        "limit": limit,
        "offset": offset,
        "more": count > offset + limit,
        "events": items,
    }


def _span(d: str) -> tuple[date, date] | None:
    """The days a date covers: one day, a whole month or a whole year."""
    try:
        y = int(d[:4])
        if len(d) >= 10:
            start = date(y, int(d[5:7]), int(d[8:10]))
            return start, date.fromordinal(start.toordinal() + 1)
        if len(d) >= 7:
            m = int(d[5:7])
            return date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1)
        return date(y, 1, 1), date(y + 1, 1, 1)
    except (ValueError, IndexError):
        return None


WIDTH, LEFT, RIGHT, LANE, TOP = 1000, 10, 10, 16, 26


def layout(items: list[dict[str, Any]], max_lanes: int = 24) -> dict[str, Any] | None:
    """Marks for the overview strip: x and width in pixels, a lane so that marks do not overlap."""
    spans = [(i, s) for i in items if i.get("date") and (s := _span(i["date"]))]
    if not spans:
        return None
    lo = date(min(s[0] for _, s in spans).year, 1, 1)
    hi = date(max(s[1] for _, s in spans).year + 1, 1, 1)
    total = (hi - lo).days
    scale = (WIDTH - LEFT - RIGHT) / total

    def x(d: date) -> float:
        return LEFT + (d - lo).days * scale

    marks, lanes = [], []
    for item, (a, b) in sorted(spans, key=lambda p: (p[1][0], -(p[1][1] - p[1][0]).days)):
        x0, x1 = x(a), x(b)
        kind = precision(item["date"])
        if kind == "day":
            x0, x1 = x0 - 4.5, x0 + 4.5
        elif x1 - x0 < 14:  # a month on a long axis: still a bar, visibly longer than a day's dot
            mid = (x0 + x1) / 2
            x0, x1 = mid - 7, mid + 7
        for lane, end in enumerate(lanes):
            if end + 2 <= x0:
                lanes[lane] = x1
                break
        else:
            lane = min(len(lanes), max_lanes - 1)
            if lane == len(lanes):
                lanes.append(x1)
            else:
                lanes[lane] = max(lanes[lane], x1)
        marks.append({"x": round(x0, 1), "w": round(max(x1 - x0, 2), 1), "cx": round((x0 + x1) / 2, 1),
                      "y": TOP + lane * LANE, "lane": lane, "precision": kind, "item": item})
    years = [{"x": round(x(date(y, 1, 1)), 1), "label": str(y)} for y in range(lo.year, hi.year + 1)]
    step = max(1, len(years) // 12)
    return {"marks": marks, "years": years, "label_every": step, "width": WIDTH,
            "height": TOP + max(1, len(lanes)) * LANE + 8, "top": TOP}


OtherQ = Query(None, description="With actor: only events between the two actors (also accepted as with=, the CLI's name).")
WithQ = Query(None, alias="with", description="The same as other= (the name `claimgraph timeline --with` uses).")


def other_actor(other: str | None, with_: str | None) -> str | None:
    """``other=`` or ``with=`` (the CLI's name): either, or both when they agree."""
    a, b = (other or "").strip() or None, (with_ or "").strip() or None
    if a and b and a != b:
        raise ApiError(422, "invalid request", [{"parameter": "with", "problem": "give other= or with= (the same thing), not two different actors"}])
    return a or b
#: events a timeline page holds unless asked: each comes with its highlights and links, so a
#: page of 500 took longer to send than to find (about 250 ms at 100,000 documents)
PAGE = 200
LimitQ = Query(PAGE, ge=1, le=20_000, description="At most this many events (the earliest first; page on with offset).")
OffsetQ = Query(0, ge=0, le=1_000_000_000)


@router.get("/api/timeline", summary="Dated events in order (whole store, one actor or a pair)")
def api_timeline(f: Filters = Depends(get_filters), other: str | None = OtherQ, with_: str | None = WithQ, limit: int = LimitQ,
                 offset: int = OffsetQ, store=Depends(get_store)):
    return timeline_data(store, f, other_actor(other, with_), limit=limit, offset=offset)


@router.get("/timeline", include_in_schema=False)
def timeline_page(request: Request, f: Filters = Depends(get_filters), other: str | None = OtherQ, with_: str | None = WithQ,
                  limit: int = LimitQ, offset: int = OffsetQ, store=Depends(get_store)):
    from .graph import facets_data

    other = other_actor(other, with_)
    data = timeline_data(store, f, other, limit=limit, offset=offset)
    years: dict[str, list] = {}
    for i in data["events"]:
        years.setdefault((i.get("date") or "undated")[:4], []).append(i)
    more = f.query(other=other, limit=limit if limit != PAGE else None, offset=offset + limit) if data["more"] else None
    return page(request, "timeline.html", title="Timeline", data=data, filters=f, other=other or "",
                strip=layout(data["events"]), by_year=years, facets=facets_data(store), more=more)
