"""GraphML and GEXF (Gephi, networkx): actors as nodes, events and quotes as edges.

An event with one unknown side is kept: its missing side is a node of its own, one per event
and side (``?<event id>:source`` / ``?<event id>:target``), flagged ``unknown=true`` and
labelled "?".  Such a node has degree 1, so it never joins two events into a false hub, and
in Gephi a filter on ``unknown = false`` drops them all in one step.  The edge keeps the known
side's name; the unknown side's ``source_name``/``target_name`` is absent (null).

A quote becomes one edge (``kind=quote``) from its speaker to each actor mentioned inside it;
every actor node carries ``quotes``, the number of quotes it said.  Quotes without a known
speaker, or that mention no actor, appear in JSONL and CSV only.

Attributes are scalars only (lists are joined with "; "), so Gephi opens the files.
"""
from __future__ import annotations

from typing import Any

from .records import actor_records, event_record, quote_records

LIST_SEP = "; "
# GEXF reserves "type" (directed/undirected), "start" and "end" (time spells) on edges
_GRAPH_NAMES = {"type": "event_type", "start": "sentence_start", "end": "sentence_end"}
_QUOTE_NAMES = {"start": "quote_start", "end": "quote_end"}


def _scalar(v: Any) -> Any:
    if isinstance(v, (list, tuple, set)):
        return LIST_SEP.join(str(x) for x in v)
    return v


def unknown_node(event_id: int, side: str) -> str:
    return f"?{event_id}:{side}"


def to_networkx(store):
    """A ``networkx.MultiDiGraph``: actors as nodes, one edge per event (key = event id) and
    per quote and mentioned actor (key ``q<quote id>:<actor id>``).  Missing values are left
    out rather than written as empty.  On edges the PLOVER type is ``event_type`` (and
    ``label``), because GEXF reserves ``type``."""
    import networkx as nx

    g = nx.MultiDiGraph(name="claimgraph")
    for a in actor_records(store):
        g.add_node(a["id"], label=a["name"], name=a["name"], type=a["type"], kind="actor", unknown=False,
                   mentions=int(a["mentions"]), documents=int(a["documents"]), quotes=int(a["quotes"]),
                   aliases=_scalar(a["aliases"]), labels=_scalar(a["labels"]))
    for row in store.iter_events():
        rec = event_record(row)
        ends = []
        for side in ("source", "target"):
            node = rec[side]
            if not node:
                node = unknown_node(rec["event_id"], side)
                g.add_node(node, label="?", name=f"unknown {side}", type="UNKNOWN", kind="unknown", unknown=True,
                           mentions=0, documents=0, quotes=0)
            ends.append(node)
        attrs = {_GRAPH_NAMES.get(k, k): _scalar(v) for k, v in rec.items()
                 if k not in ("source", "target") and v is not None and v != []}
        attrs.update(kind="event", label=rec["type"], source_known=bool(rec["source"]), target_known=bool(rec["target"]))
        g.add_edge(ends[0], ends[1], key=str(rec["event_id"]), **attrs)
    for q in quote_records(store):
        if not q["speaker"]:
            continue
        for about in q["about"]:
            attrs = {_QUOTE_NAMES.get(k, k): _scalar(v) for k, v in q.items()
                     if k not in ("speaker", "about") and v is not None}
            attrs.update(kind="quote", label="quote")
            g.add_edge(q["speaker"], about, key=f"q{q['quote_id']}:{about}", **attrs)
    return g


def write_graph(store, fmt: str, fh) -> None:
    import networkx as nx

    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    writer(to_networkx(store), fh)
