"""Exports load in the tools they are for (claimgraph.export): every event, one unknown side or
not, and every quote reach each format."""
from __future__ import annotations

import dataclasses
import json

import networkx as nx
import pytest
from conftest import meridian_records

from claimgraph.errors import ClaimgraphError
from claimgraph.export import csv_paths, export, iter_records, read_jsonl
from claimgraph.models import Quote


def quoted_records():
    """The Meridian world with three quotes: Varga's about Dastan and the FMF, one by an unknown
    speaker about the same two, and the FMF's that names nobody."""
    herald1, tribune, wire, voice, herald2 = meridian_records()

    def quote(ex, text, speaker, cue):
        start = ex.doc.text.index(text)
        return Quote(text=text, start=start, end=start + len(text), direct=False, speaker=speaker, speaker_text=None, cue=cue)

    herald1 = dataclasses.replace(herald1, quotes=(quote(herald1, "Dastan arms the FMF", "g:varga", "said"),))
    tribune = dataclasses.replace(tribune, quotes=(quote(tribune, "the Kingdom of Dastan funds the Front", None, "claims"),))
    voice = dataclasses.replace(voice, quotes=(quote(voice, "it will keep fighting", "g:fmf", "says"),))
    return [herald1, tribune, wire, voice, herald2]


@pytest.fixture
def quoted(make_store):
    return make_store(quoted_records(), name="quoted.db")


def one_sided(store):
    return [r for r in store.events() if not (r["source_id"] and r["target_id"])]


def test_export_graphml_loads_in_networkx(meridian, tmp_path):
    out = tmp_path / "g.graphml"
    assert export(meridian, "graphml", out) == [str(out)]
    g = nx.read_graphml(out)
    actors = [n for n, d in g.nodes(data=True) if not d["unknown"]]
    assert len(actors) == meridian.stats()["actors"]
    assert g.number_of_edges() == meridian.stats()["events"]  # one-sided events too
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


def test_export_graphml_keeps_one_sided_events_with_a_node_per_unknown_side(meridian, tmp_path):
    out = tmp_path / "g.graphml"
    export(meridian, "graphml", out)
    g = nx.read_graphml(out)
    missing = one_sided(meridian)
    assert len(missing) == 2  # the two REJECTs: Dastan's denial, Kallan's rejection
    unknown = [n for n, d in g.nodes(data=True) if d["unknown"]]
    assert len(unknown) == len(missing)  # one per event and side: never a shared "unknown" hub
    for n in unknown:
        assert g.degree(n) == 1 and g.nodes[n]["label"] == "?"
    for r in missing:
        (u, v, d), = [(u, v, d) for u, v, d in g.edges(data=True) if d["event_id"] == r["id"]]
        assert u == r["source_id"] and g.nodes[v]["unknown"] and d["target_known"] is False
        assert "target_name" not in d and d["source_name"] == r["source_name"]  # the unknown side is null


def test_export_graph_quotes_are_speaker_to_mentioned_edges(quoted, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"q.{fmt}"
        export(quoted, fmt, out)
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        said = sorted((u, v) for u, v, d in g.edges(data=True) if d["kind"] == "quote")
        assert said == [("varga", "dastan"), ("varga", "fmf")], fmt  # unknown speaker and no one named: no edge
        d = next(d for u, v, d in g.edges(data=True) if d["kind"] == "quote")
        assert d["text"] == "Dastan arms the FMF" and d["outlet"] == "The Herald"
        assert g.nodes["varga"]["quotes"] == 1 and g.nodes["fmf"]["quotes"] == 1 and g.nodes["dastan"]["quotes"] == 0


def test_export_gexf_loads_in_networkx(meridian, tmp_path):
    out = tmp_path / "g.gexf"
    export(meridian, "gexf", out)
    g = nx.read_gexf(out)
    assert sum(not d["unknown"] for _, d in g.nodes(data=True)) == meridian.stats()["actors"]
    assert {d["event_type"] for _, _, d in g.edges(data=True)} >= {"AID", "ASSAULT", "SANCTION", "REJECT"}


def test_export_csv_loads_in_pandas(quoted, tmp_path):
    pd = pytest.importorskip("pandas")
    written = export(quoted, "csv", tmp_path / "out")
    assert written == [str(tmp_path / f"out_{p}.csv") for p in ("nodes", "edges", "quotes")]
    nodes, edges, quotes = (pd.read_csv(p) for p in written)
    assert len(nodes) == quoted.stats()["actors"]
    assert {"id", "name", "type", "mentions", "aliases", "quotes"} <= set(nodes.columns)
    assert {"source", "target", "type", "class", "date", "doc_id", "outlet", "attributed_to", "negated", "hedged"} <= set(edges.columns)
    assert len(edges) == quoted.stats()["events"]  # one-sided events too
    rejects = edges[edges["type"] == "REJECT"]
    assert len(rejects) == 2 and rejects["target"].isna().all() and rejects["source"].notna().all()
    assert set(edges["source"].dropna()) | set(edges["target"].dropna()) <= set(nodes["id"])
    assert edges["negated"].sum() == 1
    assert len(quotes) == 3 and set(quotes["speaker"].dropna()) == {"varga", "fmf"} and quotes["speaker"].isna().sum() == 1
    varga = quotes[quotes["speaker"] == "varga"].iloc[0]
    assert varga["text"] == "Dastan arms the FMF" and set(varga["about"].split("; ")) == {"dastan", "fmf"}
    assert varga["outlet"] == "The Herald" and varga["published"] == "2019-09-14"


def test_export_csv_paths():
    assert csv_paths("x/out.csv") == csv_paths("x/out")
    assert [p.name for p in csv_paths("x/out")] == ["out_nodes.csv", "out_edges.csv", "out_quotes.csv"]


def test_export_csv_into_folder(meridian, tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    assert export(meridian, "csv", folder) == [str(folder / n) for n in ("nodes.csv", "edges.csv", "quotes.csv")]


def test_export_jsonl_round_trips(quoted, tmp_path):
    out = tmp_path / "all.jsonl"
    export(quoted, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    assert {r["kind"] for r in recs} == {"document", "actor", "event", "quote"}
    back = read_jsonl(out)
    expected = {"document": [], "actor": [], "event": [], "quote": []}
    for rec in iter_records(quoted):
        rec = dict(rec)
        expected[rec.pop("kind")].append(rec)
    assert back == json.loads(json.dumps(expected))
    stats = quoted.stats()
    assert [len(back[k]) for k in ("document", "actor", "event", "quote")] == [stats[k] for k in ("documents", "actors", "events", "quotes")]
    ev = next(e for e in back["event"] if e["negated"])
    assert ev["type"] == "AID" and ev["source"] == "dastan" and ev["outlet"] == "The Herald"
    assert sum(e["target"] is None for e in back["event"]) == 2
    by_speaker = {q["speaker"]: q for q in back["quote"]}
    assert set(by_speaker) == {"varga", "fmf", None}
    assert by_speaker["varga"]["speaker_name"] == "Ilan Varga" and set(by_speaker["varga"]["about"]) == {"dastan", "fmf"}
    assert set(by_speaker[None]["about"]) == {"dastan", "fmf"} and by_speaker["fmf"]["about"] == []


def test_export_jsonl_to_stdout(meridian, capsys):
    assert export(meridian, "jsonl") == ["-"]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == sum(meridian.stats()[k] for k in ("documents", "actors", "events", "quotes"))


def test_export_bad_format_and_multi_file_formats_without_output(meridian):
    with pytest.raises(ClaimgraphError, match="unknown export format"):
        export(meridian, "xml")
    for fmt in ("csv", "neo4j"):
        with pytest.raises(ClaimgraphError, match="-o"):
            export(meridian, fmt)
