"""dyad, framing, timeline and graph on a hand-made store."""
from __future__ import annotations

import pytest

from claimgraph.analysis import dyad, evidence_item, framing, graph, timeline
from claimgraph.errors import UnknownActor


def test_analysis_dyad_groups_by_stance_period_and_source(meridian):
    d = dyad(meridian, "Republic of Varosia", "the Kingdom")
    assert (d["a"], d["b"]) == ("Varosia", "Dastan")
    assert [e["type"] for e in d["by_stance"]["hostile"]] == ["SANCTION"]
    assert [e["type"] for e in d["by_stance"]["cooperative"]] == ["AGREE"]
    assert d["by_period"] == {
        "2021": {"cooperative": 0, "hostile": 1, "other": 0, "negated": 0, "intentions": 0},
        "2022": {"cooperative": 1, "hostile": 0, "other": 0, "negated": 0, "intentions": 0},
    }
    assert d["by_source"]["Northern Wire"]["hostile"] == 1 and d["by_source"]["The Herald"]["cooperative"] == 1


def test_analysis_dyad_both_directions_and_negated_counted_apart(meridian):
    d = dyad(meridian, "Dastan", "FMF", period="month")
    assert d["total"] == 6
    hostile = d["by_stance"]["hostile"]
    assert {(e["source_actor"], e["target_actor"]) for e in hostile} == {("Dastan", "Free Meridian Front"), ("Free Meridian Front", "Dastan")}
    assert d["counts"]["negated"] == 1 and d["counts"]["cooperative"] == 3
    assert any(e["negated"] for e in d["by_stance"]["cooperative"])
    assert "undated" in d["by_period"] and "2019-09" in d["by_period"]
    assert d["by_source"]["voice.txt"]["cooperative"] == 1  # no outlet: the file name stands in


def test_analysis_dyad_unknown_actor(meridian):
    with pytest.raises(UnknownActor):
        dyad(meridian, "Dastan", "Atlantis")


def test_analysis_evidence_item_shape():
    row = {"id": 7, "doc_id": "d1", "outlet": None, "path": "/x/y/file.txt", "title": "T", "published": "2020",
           "sentence": "S.", "type": "AID", "stance": "cooperative", "source_name": "A", "target_name": "B",
           "attributed_name": None, "hedged": 1, "negated": 0, "date": "2020", "date_origin": "article", "trigger": "gave"}
    e = evidence_item(row)
    assert e["source"] == "file.txt" and e["hedged"] is True and e["negated"] is False
    assert e["class"] == "material cooperation" and e["attributed_to"] is None


def test_analysis_framing_groups_labels_by_source(meridian):
    f = framing(meridian, "the Front")
    assert f["actor"] == "Free Meridian Front"
    assert set(f["by_source"]) == {"The Herald", "The Tribune", "Northern Wire"}
    assert f["by_source"]["The Herald"][0]["label"] == "terrorist group"
    assert f["by_source"]["The Tribune"][0] == {**f["by_source"]["The Tribune"][0], "label": "rebel movement", "count": 1}
    assert "rebel movement" in f["by_source"]["The Tribune"][0]["example"]
    assert f["unlabelled_sources"] == ["voice.txt"]


def test_analysis_timeline_orders_and_states_precision(meridian):
    t = timeline(meridian, "FMF")
    dates = [e["date"] for e in t]
    assert dates == sorted(dates)
    assert dates[0] == "2016" and t[0]["precision"] == "year" and t[0]["date_origin"] == "sentence"
    assert t[1]["date"] == "2019-09" and t[1]["precision"] == "month" and t[1]["date_origin"] == "relative"
    assert "last week" in t[1]["date_basis"]
    assert all(e["precision"] in ("day", "month", "year") for e in t)
    assert all(e["date"] for e in t)  # undated events are left out
    assert {e["precision"] for e in t} == {"day", "month", "year"}


def test_analysis_timeline_filters(meridian):
    between = timeline(meridian, "Varosia", other="Dastan")
    assert [e["type"] for e in between] == ["SANCTION", "AGREE"]
    assert [e["type"] for e in timeline(meridian, types=["agree"])] == ["AGREE"]
    assert {e["source"] for e in timeline(meridian, sources=["the tribune"])} == {"The Tribune"}
    assert [e["date"] for e in timeline(meridian, "FMF", since="2021", until="2021")] == ["2021-04-03"]


def test_analysis_graph_edges_ranked_and_weighted(meridian):
    g = graph(meridian)
    ids = {n["id"] for n in g["nodes"]}
    for e in g["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert e["count"] == sum(e["types"].values()) == len(e["event_ids"])
    top = g["edges"][0]
    assert (top["source"], top["target"], top["stance"]) == ("dastan", "fmf", "cooperative")
    assert top["weight"] == 3 and top["types"] == {"AID": 3}  # the negated AID is left out
    weights = [e["weight"] for e in g["edges"]]
    assert weights == sorted(weights, reverse=True)
    node = next(n for n in g["nodes"] if n["id"] == "fmf")
    assert "FMF" in node["aliases"] and node["mentions"] > 0


def test_analysis_graph_filters(meridian):
    assert len(graph(meridian, min_weight=2)["edges"]) == 2
    assert len(graph(meridian, limit_edges=1)["edges"]) == 1
    only = graph(meridian, types=["SANCTION"])
    assert [(e["source"], e["target"]) for e in only["edges"]] == [("varosia", "dastan")]
    assert {n["id"] for n in only["nodes"]} == {"varosia", "dastan"}
    varga = graph(meridian, attributed_to="Varga")
    assert sum(e["count"] for e in varga["edges"]) == 2
    assert all(e["source"] != "fmf" or e["target"] != "varosia" for e in graph(meridian, sources=["The Tribune"])["edges"])
    assert graph(meridian, since="2023")["edges"] and all(
        e["source"] in ("fmf", "knb") for e in graph(meridian, since="2023")["edges"])
    assert graph(meridian, actor="SoK", include_negated=True)["edges"]
