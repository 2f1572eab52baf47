"""Analysis: pure functions over store reads.  Each takes a store first and returns plain data
(dicts and lists, JSON-ready) whose figures are all backed by evidence items (``evidence_item``).

    from claimgraph import open_store
    from claimgraph.analysis import check, conflicts, dyad, framing, graph, timeline
    with open_store("news.db") as store:
        print(check(store, "Hamas cooperates with ISIS")["summary"])
"""
from __future__ import annotations

from .check import check
from .claims import parse_claim
from .conflicts import conflicts
from .dyad import dyad
from .evidence import evidence_item, precision
from .framing import framing
from .graph import graph
from .timeline import timeline, timeline_count

__all__ = ["check", "conflicts", "dyad", "evidence_item", "framing", "graph", "parse_claim", "precision", "timeline", "timeline_count"]
