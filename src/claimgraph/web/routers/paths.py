"""Graph analysis over the actor network (networkx): the shortest chain of reported relations
between two actors, and an actor's degree and betweenness.  The network is every pair of actors
with a live event between them, both sides known, not negated, direction ignored, weighted by
its events (``Store.edge_counts``: SQLite reads them from its kept edges, a row per edge, where
the network was built from every event of the store); it is built once per state of the store
and kept.  A path's hops read their events when asked (``Store.pair_events``).
"""
from __future__ import annotations

import threading
from operator import itemgetter
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ..deps import ApiError, get_store
from ..templating import page

router = APIRouter(tags=["paths"])

#: betweenness is exact while actors x links stay under this (Brandes' algorithm costs about that
#: many steps: a second or so in networkx), else estimated from as many seeded sources as fit it
BETWEENNESS_BUDGET = 2_000_000
BETWEENNESS_MIN_SAMPLE = 16
_cache: dict[Any, Any] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the kept network and betweenness (the next actor page builds them, as after a write)."""
    with _lock:
        _cache.clear()


def _key(store) -> tuple:
    # new documents and extractions, and decisions (a rename, a merge, an undo), change the network
    return (store.path, store.change_mark())


def actor_network(store):
    """``networkx.Graph``: actors (with their ``name``), and an edge per linked pair with its ``weight`` (events)."""
    import networkx as nx

    key = _key(store)
    with _lock:
        hit = _cache.get("graph")
        if hit and hit[0] == key:
            return hit[1]
    g = nx.Graph()
    for a in store.actor_names(limit=10**9):
        g.add_node(a["id"], name=a["name"])
    g.add_weighted_edges_from((r["a"], r["b"], r["n"]) for r in store.edge_counts())
    with _lock:
        _cache["graph"] = (key, g)
        _cache.pop("betweenness", None)
    return g


def centrality(store, actor_id: str) -> dict[str, Any]:
    """Degree (partners), weighted degree (events), and betweenness (the share of shortest
    paths between other actors that pass through this one; sampled on big networks)."""
    import networkx as nx

    g = actor_network(store)
    key = _key(store)
    with _lock:
        hit = _cache.get("betweenness")
    if hit and hit[0] == key:
        between = hit[1]
    else:
        k = _sources(g)
        between = nx.betweenness_centrality(g, k=k, seed=7, normalized=True)
        with _lock:
            _cache["betweenness"] = (key, between)
    if actor_id not in g:
        return {"degree": 0, "events": 0, "betweenness": 0.0, "rank": None, "actors": g.number_of_nodes(), "sampled": False}
    ranked = sorted(between, key=lambda x: (-between[x], x))
    return {"degree": g.degree(actor_id), "events": int(g.degree(actor_id, weight="weight")),
            "betweenness": round(between.get(actor_id, 0.0), 4), "rank": ranked.index(actor_id) + 1,
            "actors": g.number_of_nodes(), "sampled": _sources(g) is not None}


def _sources(g) -> int | None:
    """How many sources betweenness is estimated from (None: all of them, exact), by ``BETWEENNESS_BUDGET``."""
    n, m = g.number_of_nodes(), max(1, g.number_of_edges())
    if n * m <= BETWEENNESS_BUDGET:
        return None
    return min(n, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // m))


def path_data(store, a: str, b: str) -> dict[str, Any]:
    import networkx as nx

    src, dst = store.find_actor(a), store.find_actor(b)  # UnknownActor -> 404
    g = actor_network(store)
    out: dict[str, Any] = {"from": {"id": src["id"], "name": src["name"]}, "to": {"id": dst["id"], "name": dst["name"]},
                           "found": False, "length": None, "actors": [], "hops": []}
    if src["id"] == dst["id"]:
        raise ApiError(422, "invalid request", [{"parameter": "to", "problem": "give two different actors"}])
    try:
        ids = nx.shortest_path(g, src["id"], dst["id"])
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return out
    names = {n: g.nodes[n].get("name", n) for n in ids}
    hops = []
    for x, y in zip(ids, ids[1:]):
        evs = sorted((r for r in store.pair_events(x, y) if not r["negated"] and r["source_id"] and r["target_id"]
                      and r["source_id"] != r["target_id"]), key=itemgetter("doc_id", "start", "id"))  # iter_events' order
        types: dict[str, int] = {}
        for r in evs:
            types[r["type"]] = types.get(r["type"], 0) + 1
        hops.append({"from": {"id": x, "name": names[x]}, "to": {"id": y, "name": names[y]}, "event_ids": [r["id"] for r in evs],
                     "types": types, "stances": sorted({r["stance"] for r in evs})})
    out.update(found=True, length=len(hops), actors=[{"id": n, "name": names[n]} for n in ids], hops=hops)
    return out


FromQ = Query(..., min_length=1, max_length=500, alias="from", description="One actor (id, name or any alias).")
ToQ = Query(..., min_length=1, max_length=500, alias="to", description="The other actor.")


@router.get("/api/path", summary="The shortest chain of reported relations between two actors")
def api_path(a: str = FromQ, b: str = ToQ, store=Depends(get_store)):
    return path_data(store, a.strip(), b.strip())


@router.get("/path", include_in_schema=False)
def path_page(request: Request, a: str | None = Query(None, alias="from", max_length=500), b: str | None = Query(None, alias="to", max_length=500),
              store=Depends(get_store)):
    a, b = (a or "").strip(), (b or "").strip()
    data = path_data(store, a, b) if a and b else None
    return page(request, "path.html", title="Path between actors", data=data, a=a, b=b)
