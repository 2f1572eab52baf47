"""The store for other tools.

- ``jsonl``: every document, actor, event and quote, one JSON object per line with a ``kind``
  field (round-trips through ``read_jsonl``);
- ``csv``: nodes, edges (every event; an unknown side is an empty cell) and quotes, for pandas
  (``tables.py``);
- ``graphml``, ``gexf``: Gephi and networkx (``graph.py``: an unknown side is a node of its own
  flagged ``unknown=true``; quotes are speaker → mentioned-actor edges);
- ``plover``: PLOVER event records, JSONL (``plover.py``);
- ``ftm``: FollowTheMoney entities for Aleph, JSONL (``ftm.py``);
- ``neo4j``: node and relationship CSV files for ``neo4j-admin database import`` (``neo4j.py``).
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import IO, Any

from ..errors import ClaimgraphError
from .graph import to_networkx, write_graph
from .records import actor_records, event_record, iter_records, quote_records, write_lines
from .tables import EDGE_FIELDS, NODE_FIELDS, QUOTE_FIELDS, csv_paths, write_csv

FORMATS = ("jsonl", "csv", "graphml", "gexf", "plover", "ftm", "neo4j")
#: formats that write several files (``out`` is required)
MULTI_FILE = {"csv": "csv export writes three files (nodes, edges, quotes); give -o PREFIX or -o FOLDER",
              "neo4j": "neo4j export writes ten CSV files; give -o FOLDER"}


def export(store, format: str, out: str | Path | None = None, *, with_text: bool = False) -> list[str]:
    """Write the store in ``format`` to ``out`` (stdout for the one-file formats when ``out`` is
    None).  CSV: ``out`` = "graph" or "graph.csv" -> graph_nodes.csv, graph_edges.csv and
    graph_quotes.csv; an existing folder -> nodes.csv, edges.csv and quotes.csv in it.  neo4j:
    ``out`` is a folder.  Returns the paths written ("-" for stdout)."""
    fmt = (format or "").lower()
    if fmt not in FORMATS:
        raise ClaimgraphError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    if fmt in MULTI_FILE:
        if out is None:
            raise ClaimgraphError(MULTI_FILE[fmt])
        if fmt == "csv":
            return write_csv(store, out)
        from .neo4j import write_neo4j

        return write_neo4j(store, out)
    if fmt in ("graphml", "gexf"):
        if out is None:
            buf = io.BytesIO()
            write_graph(store, fmt, buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.flush()
            return ["-"]
        write_graph(store, fmt, str(out))
        return [str(out)]

    def write(fh: IO[str]) -> None:
        if fmt == "jsonl":
            write_jsonl(store, fh, with_text=with_text)
        elif fmt == "plover":
            from .plover import write_plover

            write_plover(store, fh)
        else:
            from .ftm import write_ftm

            write_ftm(store, fh, with_text=with_text)

    if out is None:
        write(sys.stdout)
        return ["-"]
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        write(fh)
    return [str(out)]


def write_jsonl(store, fh: IO[str], *, with_text: bool = False) -> int:
    return write_lines(fh, iter_records(store, with_text=with_text))


def read_jsonl(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Load an export back: ``{"document": [...], "actor": [...], "event": [...], "quote": [...]}``."""
    out: dict[str, list[dict[str, Any]]] = {"document": [], "actor": [], "event": [], "quote": []}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out.setdefault(rec.pop("kind"), []).append(rec)
    return out


__all__ = ["EDGE_FIELDS", "FORMATS", "NODE_FIELDS", "QUOTE_FIELDS", "actor_records", "csv_paths", "event_record", "export",
           "iter_records", "quote_records", "read_jsonl", "to_networkx", "write_csv", "write_jsonl"]
