"""Graph analysis over the actor network: the shortest chain of reported relations between two
actors (networkx), and an actor's degree and betweenness (``analysis.network``, in arrays).  The network is every pair of actors
with a live event between them, both sides known, not negated, direction ignored, weighted by
its events (``Store.edge_counts``: SQLite reads them from its kept edges, a row per edge, where
the network was built from every event of the store); each form is built once per state of the
store and kept.  A path's hops read their events when asked (``Store.pair_events``).
"""
from __future__ import annotations

import threading
from operator import itemgetter
from typing import Any

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from scipy import sparse

from ...analysis.network import Network
from ..deps import ApiError, get_store
from ..templating import page

router = APIRouter(tags=["paths"])

#: betweenness is exact while sources x (actors + links) stays under this (``analysis.network``
#: takes about 20 ms for 8.4 million: 300 actors, 27,819 links), else estimated from as many seeded
#: sources as fit
BETWEENNESS_BUDGET = 10_000_000
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


def _kept(store, what: str, build, key: tuple | None = None):
    """``build()``, made once per state of the store (``key``, when the caller has just read it) and kept under ``what``."""
    key = key or _key(store)
    with _lock:
        hit = _cache.get(what)
        if hit and hit[0] == key:
            return hit[1]
    made = build()
    with _lock:
        _cache[what] = (key, made)
    return made


def network(store, key: tuple | None = None) -> tuple[Network, dict[str, str]]:
    """The actor network in arrays (``analysis.network``), and each actor's name by id."""
    def build():
        names = store.actor_ids()
        return Network.from_edges(names, store.edge_counts()), names

    return _kept(store, "network", build, key)


def actor_network(store):
    """``networkx.Graph``: actors (with their ``name``), and an edge per linked pair with its ``weight`` (events)."""
    def build():
        import networkx as nx

        net, names = network(store)
        g = nx.Graph()
        g.add_nodes_from((i, {"name": names[i]}) for i in names)
        upper = sparse.triu(net.weights, k=1).tocoo()
        g.add_weighted_edges_from((net.ids[i], net.ids[j], int(w)) for i, j, w in zip(upper.row, upper.col, upper.data))
        return g

    return _kept(store, "graph", build)


def measures(store) -> tuple[Network, np.ndarray, bool]:
    """The network, each actor's betweenness, and whether it was estimated from a sample."""
    key = _key(store)

    def build():
        net, _ = network(store, key)  # the state just read (a read of the store's change mark is 4 ms on PostgreSQL)
        sources = net.sample(_sources(net.size, net.links))
        return net, net.betweenness(sources), sources is not None

    return _kept(store, "measures", build, key)


def centrality(store, actor_id: str) -> dict[str, Any]:
    """Degree (partners), weighted degree (events), and betweenness (the share of shortest
    paths between other actors that pass through this one; sampled on big networks)."""
    net, between, sampled = measures(store)
    i = net.index.get(actor_id)
    if i is None:
        return {"degree": 0, "events": 0, "betweenness": 0.0, "rank": None, "actors": net.size, "sampled": False}
    mine = between[i]
    ahead = int(np.count_nonzero(between > mine)) + sum(1 for j in np.flatnonzero(between == mine) if net.ids[j] < actor_id)
    return {"degree": net.degree(actor_id), "events": net.events(actor_id), "betweenness": round(float(mine), 4),
            "rank": ahead + 1, "actors": net.size, "sampled": sampled}


def _sources(actors: int, links: int) -> int | None:
    """How many sources betweenness is estimated from (None: all of them, exact), by ``BETWEENNESS_BUDGET``."""
    if actors * (actors + links) <= BETWEENNESS_BUDGET:
        return None
    return min(actors, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (actors + links)))


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
