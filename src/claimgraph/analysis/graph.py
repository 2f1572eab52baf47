"""The actor graph: one edge per (source actor, target actor, stance), weighted by the number
of distinct sources (outlets) that report it.  Aggregated in SQL."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import queries


def graph(store, *, since: str | None = None, until: str | None = None, sources: Iterable[str] | None = None,
          types: Iterable[str] | None = None, actor: str | None = None, attributed_to: str | None = None,
          min_weight: int = 1, limit_edges: int | None = None, include_negated: bool = False) -> dict[str, Any]:
    """``{"nodes": [{"id","name","type","mentions","aliases"}], "edges": [{"source","target",
    "stance","types":{type:n},"weight","count","event_ids"}]}``, edges strongest first.

    ``weight`` is the number of distinct sources reporting the edge, ``count`` the number of
    events.  Negated events are left out unless ``include_negated``.  ``attributed_to`` keeps
    events asserted by that actor ("outlet" keeps those the outlets assert themselves).  Nodes
    are the actors on the kept edges; edge ends are actor ids."""
    where, args = queries.event_filters(
        store, since=since, until=until, sources=list(sources) if sources else None, types=list(types) if types else None,
        actor=actor, attributed_to=attributed_to, include_negated=include_negated)
    kept = []
    for g in queries.graph_edges(store, where, args, min_weight=min_weight, limit=limit_edges):
        counts = Counter(g["types"].split(","))
        kept.append({
            "source": g["source_id"], "target": g["target_id"], "stance": g["stance"],
            "types": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "weight": g["weight"], "count": g["n"],
            "event_ids": sorted(int(i) for i in g["ids"].split(",")),
        })
    ids = sorted({e["source"] for e in kept} | {e["target"] for e in kept})
    nodes = sorted(queries.actor_rows(store, ids), key=lambda n: (-n["mentions"], n["name"]))
    return {
        "nodes": [{"id": n["id"], "name": n["name"], "type": n["type"], "mentions": n["mentions"],
                   "documents": n["documents"], "aliases": n["aliases"]} for n in nodes],
        "edges": kept,
    }
