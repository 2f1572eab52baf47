"""The store for other tools: JSONL (everything, round-trips), CSV (nodes and edges for pandas
or a Neo4j import), GraphML and GEXF (Gephi, networkx).

Actors become nodes (type, aliases, mention and document counts, labels); events become edges
(type, PLOVER class, stance, date and its origin, the source document and outlet, attribution,
negated and hedged flags, the sentence).  Graph formats and CSV carry the events that have both
a source and a target actor; JSONL carries every document, actor and event.

Graph attributes are scalars only (lists are joined with "; "), so Gephi opens the files.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .analysis.evidence import outlet_of
from .errors import ClaimgraphError
from .ontology import event_class

FORMATS = ("jsonl", "csv", "graphml", "gexf")
LIST_SEP = "; "

NODE_FIELDS = ["id", "name", "type", "mentions", "documents", "aliases", "labels"]
EDGE_FIELDS = [
    "event_id", "source", "target", "source_name", "target_name", "type", "class", "stance", "date", "date_origin",
    "date_text", "doc_id", "outlet", "published", "title", "attributed_to", "attributed_name", "negated", "hedged",
    "trigger", "location", "sentence",
]


def export(store, format: str, out: str | Path | None = None, *, with_text: bool = False) -> list[str]:
    """Write the store in ``format`` to ``out`` (stdout for jsonl/graphml/gexf when ``out`` is
    None).  CSV writes two files: ``out`` = "graph" or "graph.csv" -> graph_nodes.csv and
    graph_edges.csv; an existing folder -> nodes.csv and edges.csv in it.  Returns the paths
    written ("-" for stdout)."""
    fmt = (format or "").lower()
    if fmt not in FORMATS:
        raise ClaimgraphError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        if out is None:
            raise ClaimgraphError("csv export writes two files (nodes and edges); give -o PREFIX or -o FOLDER")
        return write_csv(store, out)
    if fmt == "jsonl":
        if out is None:
            write_jsonl(store, sys.stdout, with_text=with_text)
            return ["-"]
        with open(out, "w", encoding="utf-8", newline="\n") as fh:
            write_jsonl(store, fh, with_text=with_text)
        return [str(out)]
    g = to_networkx(store)
    import networkx as nx

    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    if out is None:
        buf = io.BytesIO()
        writer(g, buf)
        sys.stdout.buffer.write(buf.getvalue())
        sys.stdout.flush()
        return ["-"]
    writer(g, str(out))
    return [str(out)]


# -- records ---------------------------------------------------------------------------------
def actor_records(store) -> list[dict[str, Any]]:
    labels = store.labels_by_actor()
    out = []
    for a in store.actor_rows():
        labs = labels.get(a["id"], [])
        out.append({**a, "labels": list(dict.fromkeys(l["label"] for l in labs))})
    return out


def event_record(row: dict) -> dict[str, Any]:
    return {
        "event_id": row["id"], "source": row.get("source_id"), "target": row.get("target_id"),
        "source_name": row.get("source_name"), "target_name": row.get("target_name"),
        "type": row["type"], "class": event_class(row["type"]), "stance": row["stance"],
        "date": row.get("date"), "date_origin": row.get("date_origin"), "date_text": row.get("date_text"),
        "doc_id": row["doc_id"], "outlet": outlet_of(row), "published": row.get("published"), "title": row.get("title"),
        "attributed_to": row.get("attributed_to"), "attributed_name": row.get("attributed_name"),
        "negated": bool(row["negated"]), "hedged": bool(row["hedged"]), "trigger": row.get("trigger"),
        "location": row.get("location"), "sentence": row.get("sentence"),
        "start": row.get("start"), "end": row.get("end"), "pipeline_version": row.get("pipeline_version"),
    }


def iter_records(store, *, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """Every document, actor and event as a JSON-ready dict with a ``kind`` field."""
    for d in store.iter_documents(with_text=with_text):
        yield {"kind": "document", **d}
    for a in actor_records(store):
        yield {"kind": "actor", **a}
    for row in store.iter_events():
        yield {"kind": "event", **event_record(row)}


def write_jsonl(store, fh: IO[str], *, with_text: bool = False) -> int:
    n = 0
    for rec in iter_records(store, with_text=with_text):
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def read_jsonl(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Load an export back: ``{"document": [...], "actor": [...], "event": [...]}``."""
    out: dict[str, list[dict[str, Any]]] = {"document": [], "actor": [], "event": []}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out.setdefault(rec.pop("kind"), []).append(rec)
    return out


# -- csv -------------------------------------------------------------------------------------
def csv_paths(out: str | Path) -> tuple[Path, Path]:
    p = Path(out)
    if p.is_dir() or str(out).endswith(("/", "\\")):
        p.mkdir(parents=True, exist_ok=True)
        return p / "nodes.csv", p / "edges.csv"
    stem = p.with_suffix("") if p.suffix.lower() == ".csv" else p
    return stem.with_name(stem.name + "_nodes.csv"), stem.with_name(stem.name + "_edges.csv")


def write_csv(store, out: str | Path) -> list[str]:
    nodes_path, edges_path = csv_paths(out)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with open(nodes_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=NODE_FIELDS, extrasaction="ignore")
        w.writeheader()
        for a in actor_records(store):
            w.writerow({**a, "aliases": LIST_SEP.join(a["aliases"]), "labels": LIST_SEP.join(a["labels"])})
    with open(edges_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=EDGE_FIELDS, extrasaction="ignore")
        w.writeheader()
        for row in store.iter_events():
            if row.get("source_id") and row.get("target_id"):
                w.writerow(event_record(row))
    return [str(nodes_path), str(edges_path)]


# -- networkx (GraphML, GEXF) ----------------------------------------------------------------
def _scalar(v: Any) -> Any:
    if isinstance(v, (list, tuple, set)):
        return LIST_SEP.join(str(x) for x in v)
    return v


# GEXF reserves "type" (directed/undirected), "start" and "end" (time spells) on edges
_GRAPH_NAMES = {"type": "event_type", "start": "sentence_start", "end": "sentence_end"}


def to_networkx(store):
    """A ``networkx.MultiDiGraph``: actors as nodes, one edge per event (key = event id).
    Attributes are scalars; missing values are left out rather than written as empty.  On
    edges the PLOVER type is ``event_type`` (and ``label``), because GEXF reserves ``type``."""
    import networkx as nx

    g = nx.MultiDiGraph(name="claimgraph")
    for a in actor_records(store):
        attrs = {"label": a["name"], "name": a["name"], "type": a["type"], "mentions": int(a["mentions"]),
                 "documents": int(a["documents"]), "aliases": _scalar(a["aliases"]), "labels": _scalar(a["labels"])}
        g.add_node(a["id"], **attrs)
    for row in store.iter_events():
        if not (row.get("source_id") and row.get("target_id")):
            continue
        rec = event_record(row)
        attrs = {_GRAPH_NAMES.get(k, k): _scalar(v) for k, v in rec.items() if k not in ("source", "target") and v is not None}
        attrs["label"] = rec["type"]
        g.add_edge(rec["source"], rec["target"], key=str(rec["event_id"]), **attrs)
    return g
