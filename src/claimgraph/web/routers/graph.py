"""The graph: actors as nodes, relations as edges, strongest first (``limit``) so a store with
thousands of actors stays quick; the page lets the user ask for more."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from ..deps import Filters, get_filters, get_store
from ..templating import page

router = APIRouter(tags=["graph"])

DEFAULT_EDGES = 150
MAX_EDGES = 20_000


EDGE_IDS = 200  # event ids an edge lists (its ``count`` is of all its events); the panel shows as many
MAX_EDGE_IDS = 10_000


def graph_data(store, f: Filters, *, min_weight: int = 1, limit: int = DEFAULT_EDGES, sectors: bool = True,
               event_ids: int = EDGE_IDS) -> dict[str, Any]:
    """The first ``limit`` edges (strongest first) with their nodes and the totals of the whole
    graph; each edge lists its first ``event_ids`` event ids (smallest first) and counts all its
    events (``count``).  With no filter the store's kept edges answer (``Store.edge_page``);
    a filter groups the events it keeps."""
    if not f:
        got = store.edge_page(min_weight=min_weight, limit=limit, sectors=sectors, ids_limit=event_ids)
        shown = [{"source": g["source_id"], "target": g["target_id"], "stance": g["stance"],
                  "types": dict(sorted(g["types"].items(), key=lambda kv: (-kv[1], kv[0]))), "weight": g["weight"],
                  "count": g["n"], "event_ids": g["ids"], "id": f"e{i}"} for i, g in enumerate(got["edges"])]
        ends = sorted({e["source"] for e in shown} | {e["target"] for e in shown})
        rows = sorted(store.actor_rows(ends), key=lambda n: (-n["mentions"], n["name"]))
        nodes = [{k: n[k] for k in ("id", "name", "type", "mentions", "documents", "aliases")} for n in rows]
        total_edges, total_nodes = got["total_edges"], got["total_nodes"]
    else:
        nodes, shown, total_edges, total_nodes = _filtered(store, f, min_weight=min_weight, limit=limit, sectors=sectors)
        shown = [{**e, "event_ids": e["event_ids"][:event_ids]} for e in shown]
    return {
        "nodes": place(nodes, shown),
        "edges": shown,
        "total_edges": total_edges,
        "total_nodes": total_nodes,
        "limit": limit,
        "more": total_edges > limit,
        "event_ids_limit": event_ids,
        "min_weight": min_weight,
        "sectors": sectors,
        "filters": f.as_dict(),
    }


def _filtered(store, f: Filters, *, min_weight: int, limit: int, sectors: bool) -> tuple[list, list, int, int]:
    """A filtered graph from the events the filter keeps: nodes, the first edges, the totals."""
    from ...analysis import graph

    actor = store.find_actor(f.actor)["id"] if f.actor else None
    attributed = store.find_actor(f.attributed_to)["id"] if f.attributed_to else None
    g = graph(store, since=f.since, until=f.until, sources=f.sources or None, types=f.types or None,
              actor=actor, attributed_to=attributed, min_weight=min_weight, limit_edges=None)
    if not sectors:  # leave out the sector actors ("police", "protesters") and their edges
        hidden = {r["id"] for r in store.actor_rows([n["id"] for n in g["nodes"]]) if r.get("kind") == "sector"}
        g = {"nodes": [n for n in g["nodes"] if n["id"] not in hidden],
             "edges": [e for e in g["edges"] if e["source"] not in hidden and e["target"] not in hidden]}
    edges = sorted(g["edges"], key=lambda e: (-e.get("weight", 0), -e.get("count", 0), str(e["source"]), str(e["target"])))
    shown = [{**e, "id": f"e{i}"} for i, e in enumerate(edges[:limit])]
    keep = {e["source"] for e in shown} | {e["target"] for e in shown}
    if actor:
        keep.add(actor)
    return [n for n in g["nodes"] if n["id"] in keep], shown, len(edges), len(g["nodes"])


LAYOUT_SEED = 7  # the same graph is drawn the same way on every load
SPRING_MAX = 500  # above this many nodes a spiral by importance (spring layout is quadratic)
LABEL_MIN, LABEL_MAX = 12, 26  # label font size in px, by importance


def _components(g, nx, math) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of each connected part on its own, scaled to its size, the largest
    first and the others in rows beneath it: two actors linked only to each other no longer
    shrink the main picture into a corner when the view is fitted."""
    parts = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[float, float]] = {}
    width = 2 * (120 * math.sqrt(len(parts[0])) + 80) if parts else 0.0
    x = y = row = 0.0
    for n, part in enumerate(parts):
        radius = 120 * math.sqrt(len(part)) + 80 if len(part) > 1 else 40.0
        if len(part) > 1:
            raw = nx.spring_layout(g.subgraph(part), seed=LAYOUT_SEED, k=1.6 / math.sqrt(len(part)), iterations=120, weight=None)
            reach = max(max(abs(a), abs(b)) for a, b in raw.values()) or 1.0
        else:
            raw, reach = {part[0]: (0.0, 0.0)}, 1.0
        if n == 0:
            cx, cy = 0.0, 0.0
            y = radius + 60
        else:
            if x + 2 * radius > width and x > 0:
                x, y, row = 0.0, y + row + 40, 0.0
            cx, cy = x - width / 2 + radius, y + radius
            x += 2 * radius + 20
            row = max(row, 2 * radius)
        for nid, (a, b) in raw.items():
            pos[nid] = (cx + a / reach * radius, cy + b / reach * radius)
    return pos


def place(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nodes with ``x``/``y`` (a seeded spring layout: the same input gives the same drawing),
    ``degree`` (connected actors), ``importance`` (the outlets behind its edges, plus one per
    ten mentions) and ``label_size`` (px, from importance), so the busiest actors read first."""
    import math

    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(n["id"] for n in nodes))
    strength: dict[str, float] = {n["id"]: 0.0 for n in nodes}
    for e in sorted(edges, key=lambda e: (str(e["source"]), str(e["target"]), e.get("stance", ""))):
        w = float(e.get("weight") or 1)
        if e["source"] != e["target"]:
            prev = g.get_edge_data(e["source"], e["target"], {}).get("weight", 0.0)
            g.add_edge(e["source"], e["target"], weight=prev + w)
        for end in (e["source"], e["target"]):
            if end in strength:
                strength[end] += w
    importance = {n["id"]: strength[n["id"]] + (n.get("mentions") or 0) / 10 for n in nodes}
    if not nodes:
        return []
    if len(nodes) <= SPRING_MAX:
        pos, scale = _components(g, nx, math), 1.0
    else:
        order = sorted(importance, key=lambda i: (-importance[i], i))
        pos = {nid: (math.sqrt(i) * math.cos(i * 2.39996), math.sqrt(i) * math.sin(i * 2.39996)) for i, nid in enumerate(order)}
        scale = 60
    lo, hi = min(importance.values()), max(importance.values())
    out = []
    for n in nodes:
        x, y = pos[n["id"]]
        share = math.sqrt((importance[n["id"]] - lo) / (hi - lo)) if hi > lo else 0.5
        out.append({**n, "x": round(float(x) * scale, 1), "y": round(float(y) * scale, 1), "degree": g.degree(n["id"]),
                    "importance": round(importance[n["id"]], 2), "label_size": round(LABEL_MIN + (LABEL_MAX - LABEL_MIN) * share, 1)})
    return out


def facets_data(store) -> dict[str, Any]:
    from ...analysis.evidence import outlet_of

    out = facets(store)
    seen: dict[str, int] = {}
    for group in store.outlet_counts():  # counted in the store, not a row per document
        name = outlet_of(group)
        seen[name] = seen.get(name, 0) + group["documents"]
    out["sources"] = [{"name": k, "documents": v} for k, v in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0].lower()))]
    out["actors"] = store.actor_names()
    out["stats"] = store.stats()
    return out


def facets(store) -> dict[str, Any]:
    """What the filter form offers: outlets, event types present, the range of event dates."""
    from ...ontology import EVENT_TYPES, PLOVER_CLASS, stance

    counts = store.facet_counts()
    present = counts["types"]
    lo, hi = counts["months"]
    return {
        "sources": counts["sources"],
        "types": [{"type": t, "class": PLOVER_CLASS[t], "stance": stance(t), "events": present.get(t, 0)} for t in EVENT_TYPES],
        "dates": {"min": lo, "max": hi, "months": _months(lo, hi)},
    }


def _months(lo: str | None, hi: str | None) -> list[str]:
    if not lo or not hi:
        return []
    y, m = int(lo[:4]), int(lo[5:7]) if len(lo) >= 7 else 1
    y2, m2 = int(hi[:4]), int(hi[5:7]) if len(hi) >= 7 else 12
    out = []
    while (y, m) <= (y2, m2) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


LimitQ = Query(DEFAULT_EDGES, ge=1, le=MAX_EDGES, description="At most this many edges, strongest (most sources) first.")
WeightQ = Query(1, ge=1, le=1_000_000, description="Only edges reported by at least this many sources.")
SectorsQ = Query(True, description="false: leave out the sector actors (police, protesters, ...) and their edges.")
EventIdsQ = Query(EDGE_IDS, ge=0, le=MAX_EDGE_IDS, description="At most this many event ids an edge lists (its count is of all).")


@router.get("/api/graph", summary="Actors and the relations between them")
def api_graph(f: Filters = Depends(get_filters), limit: int = LimitQ, min_weight: int = WeightQ, sectors: bool = SectorsQ,
              event_ids: int = EventIdsQ, store=Depends(get_store)):
    # plain JSON already: sent as it is (FastAPI's encoder walked each of the edges' tens of thousands of ids)
    return JSONResponse(graph_data(store, f, min_weight=min_weight, limit=limit, sectors=sectors, event_ids=event_ids))


@router.get("/api/facets", summary="What the filters can be set to: outlets, event types, date range, actors")
def api_facets(store=Depends(get_store)):
    return facets_data(store)


@router.get("/", include_in_schema=False)
def graph_page(request: Request, f: Filters = Depends(get_filters), limit: int = LimitQ, min_weight: int = WeightQ,
               sectors: bool = SectorsQ, store=Depends(get_store)):
    if f.actor:
        store.find_actor(f.actor)  # an unknown actor is a 404 here too
    if f.attributed_to:
        store.find_actor(f.attributed_to)
    return page(request, "graph.html", title="Graph", facets=facets_data(store), filters=f, limit=limit, min_weight=min_weight,
                sectors=sectors)
