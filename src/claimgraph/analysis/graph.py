"""The actor graph: one edge per (source actor, target actor, stance), weighted by the number
of distinct sources (outlets) that report it.  Aggregated in SQL."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..store.rows import EventFilter


def graph(store, *, since: str | None = None, until: str | None = None, sources: Iterable[str] | None = None,
          types: Iterable[str] | None = None, actor: str | None = None, attributed_to: str | None = None,
          min_weight: int = 1, limit_edges: int | None = None, include_negated: bool = False) -> dict[str, Any]:
    """``{"nodes": [{"id","name","type","mentions","aliases"}], "edges": [{"source","target",
    "stance","types":{type:n},"weight","count","event_ids"}]}``, edges strongest first.

    ``weight`` is the number of distinct sources reporting the edge, ``count`` the number of
    events.  Negated events are left out unless ``include_negated``.  ``attributed_to`` keeps
    events asserted by that actor ("outlet" keeps those the outlets assert themselves).  Nodes
    are the actors on the kept edges; edge ends are actor ids."""
    outlet_only = bool(attributed_to) and attributed_to.lower() in ("outlet", "none")
    filters = EventFilter(
        since=since, until=until, sources=tuple(sources or ()), types=tuple(types or ()),
        actor_id=store.find_actor(actor)["id"] if actor else None,
        attributed_to=store.find_actor(attributed_to)["id"] if attributed_to and not outlet_only else None,
        outlet_only=outlet_only, include_negated=include_negated)
    kept = []
    for g in store.graph_edges(filters, min_weight=min_weight, limit=limit_edges):
        counts = Counter(g["types"].split(","))
        kept.append({
            "source": g["source_id"], "target": g["target_id"], "stance": g["stance"],
            "types": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "weight": g["weight"], "count": g["n"],
            "event_ids": sorted(int(i) for i in g["ids"].split(",")),
        })
    ids = sorted({e["source"] for e in kept} | {e["target"] for e in kept})
    nodes = sorted(store.actor_rows(ids), key=lambda n: (-n["mentions"], n["name"]))
    return {
        "nodes": [{"id": n["id"], "name": n["name"], "type": n["type"], "mentions": n["mentions"],
                   "documents": n["documents"], "aliases": n["aliases"]} for n in nodes],
        "edges": kept,
    }
