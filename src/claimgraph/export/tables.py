"""CSV for pandas and spreadsheets: nodes (actors), edges (every event; an unknown side is an
empty cell, which pandas reads as NaN) and quotes."""
from __future__ import annotations

import csv
from pathlib import Path

from .records import actor_records, event_record, quote_records

LIST_SEP = "; "

NODE_FIELDS = ["id", "name", "type", "mentions", "documents", "quotes", "aliases", "labels"]
EDGE_FIELDS = [
    "event_id", "source", "target", "source_name", "target_name", "type", "class", "stance", "mode", "date", "date_origin",
    "date_text", "doc_id", "outlet", "published", "title", "attributed_to", "attributed_name", "negated", "hedged",
    "trigger", "location", "sentence",
]
QUOTE_FIELDS = ["quote_id", "speaker", "speaker_name", "speaker_text", "text", "direct", "cue", "about", "doc_id", "outlet",
                "published", "title", "start", "end"]


def csv_paths(out: str | Path) -> tuple[Path, Path, Path]:
    """``graph`` or ``graph.csv`` -> graph_nodes.csv, graph_edges.csv, graph_quotes.csv; an existing
    folder (or a path ending in a slash) -> nodes.csv, edges.csv, quotes.csv in it."""
    p = Path(out)
    if p.is_dir() or str(out).endswith(("/", "\\")):
        p.mkdir(parents=True, exist_ok=True)
        return p / "nodes.csv", p / "edges.csv", p / "quotes.csv"
    stem = p.with_suffix("") if p.suffix.lower() == ".csv" else p
    return tuple(stem.with_name(f"{stem.name}_{part}.csv") for part in ("nodes", "edges", "quotes"))  # type: ignore[return-value]


def _cells(rec: dict, keys: tuple[str, ...]) -> dict:
    return {**rec, **{k: LIST_SEP.join(rec[k]) for k in keys}}


def write_csv(store, out: str | Path) -> list[str]:
    nodes_path, edges_path, quotes_path = csv_paths(out)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with open(nodes_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=NODE_FIELDS, extrasaction="ignore")
        w.writeheader()
        for a in actor_records(store):
            w.writerow(_cells(a, ("aliases", "labels")))
    with open(edges_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=EDGE_FIELDS, extrasaction="ignore")
        w.writeheader()
        for row in store.iter_events():
            w.writerow(_cells(event_record(row), ("mode",)))
    with open(quotes_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=QUOTE_FIELDS, extrasaction="ignore")
        w.writeheader()
        for q in quote_records(store):
            w.writerow(_cells(q, ("about",)))
    return [str(nodes_path), str(edges_path), str(quotes_path)]
