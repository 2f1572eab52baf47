"""Exports load in the tools they are for (claimgraph.export)."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from claimgraph.errors import ClaimgraphError
from claimgraph.export import csv_paths, export, iter_records, read_jsonl


def test_export_graphml_loads_in_networkx(meridian, tmp_path):
    out = tmp_path / "g.graphml"
    assert export(meridian, "graphml", out) == [str(out)]
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == meridian.stats()["actors"]
    full = [r for r in meridian.events() if r["source_id"] and r["target_id"]]
    assert g.number_of_edges() == len(full)
    node = g.nodes["fmf"]
    assert node["name"] == "Free Meridian Front" and node["type"] == "ORG"
    assert "FMF" in node["aliases"].split("; ") and node["mentions"] > 0
    edges = [d for _, _, d in g.edges(data=True)]
    negated = [d for d in edges if d["negated"]]
    assert len(negated) == 1 and negated[0]["event_type"] == "AID" and negated[0]["class"] == "material cooperation"
    varga = [d for d in edges if d.get("attributed_name") == "Ilan Varga"]
    assert varga and all(d["outlet"] == "The Herald" for d in varga)
    for d in edges:  # Gephi: scalar attributes only
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())


def test_export_gexf_loads_in_networkx(meridian, tmp_path):
    out = tmp_path / "g.gexf"
    export(meridian, "gexf", out)
    g = nx.read_gexf(out)
    assert g.number_of_nodes() == meridian.stats()["actors"]
    assert {d["event_type"] for _, _, d in g.edges(data=True)} >= {"AID", "ASSAULT", "SANCTION"}


def test_export_csv_loads_in_pandas(meridian, tmp_path):
    pd = pytest.importorskip("pandas")
    written = export(meridian, "csv", tmp_path / "out")
    assert written == [str(tmp_path / "out_nodes.csv"), str(tmp_path / "out_edges.csv")]
    nodes, edges = pd.read_csv(written[0]), pd.read_csv(written[1])
    assert len(nodes) == meridian.stats()["actors"]
    assert {"id", "name", "type", "mentions", "aliases"} <= set(nodes.columns)
    assert {"source", "target", "type", "class", "date", "doc_id", "outlet", "attributed_to", "negated", "hedged"} <= set(edges.columns)
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["id"])
    assert edges["negated"].sum() == 1


def test_export_csv_paths():
    assert csv_paths("x/out.csv") == (csv_paths("x/out")[0], csv_paths("x/out")[1])
    assert str(csv_paths("x/out")[0]).endswith("out_nodes.csv")


def test_export_csv_into_folder(meridian, tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    assert export(meridian, "csv", folder) == [str(folder / "nodes.csv"), str(folder / "edges.csv")]


def test_export_jsonl_round_trips(meridian, tmp_path):
    out = tmp_path / "all.jsonl"
    export(meridian, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    assert {r["kind"] for r in recs} == {"document", "actor", "event"}
    back = read_jsonl(out)
    expected = {"document": [], "actor": [], "event": []}
    for rec in iter_records(meridian):
        rec = dict(rec)
        expected[rec.pop("kind")].append(rec)
    assert back == json.loads(json.dumps(expected))
    stats = meridian.stats()
    assert (len(back["document"]), len(back["actor"]), len(back["event"])) == (stats["documents"], stats["actors"], stats["events"])
    ev = next(e for e in back["event"] if e["negated"])
    assert ev["type"] == "AID" and ev["source"] == "dastan" and ev["outlet"] == "The Herald"


def test_export_jsonl_to_stdout(meridian, capsys):
    assert export(meridian, "jsonl") == ["-"]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == sum(meridian.stats()[k] for k in ("documents", "actors", "events"))


def test_export_bad_format_and_csv_without_output(meridian):
    with pytest.raises(ClaimgraphError, match="unknown export format"):
        export(meridian, "xml")
    with pytest.raises(ClaimgraphError, match="-o"):
        export(meridian, "csv")
