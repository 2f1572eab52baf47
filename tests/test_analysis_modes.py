"""Event modes in the store and the analysis: a threatened, vowed or conditional act is shown with
its mode and never counted as an act by check, conflicts or dyad (hand-made stores, no model)."""
from __future__ import annotations

import pytest
from conftest import make_extraction

from claimgraph.analysis import check, conflicts, dyad
from claimgraph.store import EventFilter

ACTORS = {
    "g:dastan": ("Dastan", "GPE", ()),
    "g:varland": ("Varland", "GPE", ()),
    "g:front": ("Lorn Front", "ORG", ("the Front",)),
}


def _ex(sentence, events, source, published="2021-04-02"):
    return make_extraction([sentence], actors=ACTORS, events=[dict(e, s=0) for e in events], source=source, published=published)


THREAT = _ex("Dastan threatened to bomb Varland.", [
    {"type": "THREATEN", "source": "g:dastan", "target": "g:varland", "trigger": "threatened"},
    {"type": "ASSAULT", "source": "g:dastan", "target": "g:varland", "trigger": "bomb", "mode": ("hypothetical",)},
], "Northern Wire")
ATTACK = _ex("Dastan attacked Varland.", [{"type": "ASSAULT", "source": "g:dastan", "target": "g:varland", "trigger": "attacked"}],
             "The Herald")
ARMS = _ex("Dastan arms the Front.", [{"type": "AID", "source": "g:dastan", "target": "g:front", "trigger": "arms"}], "The Herald")
VOW = _ex("Dastan vowed to strike the Front.", [
    {"type": "ASSAULT", "source": "g:dastan", "target": "g:front", "trigger": "strike", "mode": ("future",)}], "Northern Wire")
WOULD_NOT = _ex("Dastan said it would not arm the Front.", [
    {"type": "AID", "source": "g:dastan", "target": "g:front", "trigger": "arm", "negated": True,
     "mode": ("negated", "hypothetical")}], "The Tribune")


def test_analysis_modes_rows_and_evidence_carry_the_mode(make_store):
    store = make_store([THREAT])
    rows = store.events(type="ASSAULT")
    assert [r["mode"] for r in rows] == [["hypothetical"]]
    assert [r["mode"] for r in store.events(type="THREATEN")] == [[]]
    assert all(isinstance(r["mode"], list) for r in store.iter_events())
    res = check(store, "Dastan attacked Varland")
    [bomb] = res["intentions"]
    assert bomb["mode"] == ["hypothetical"] and bomb["trigger"] == "bomb" and bomb["bears"] == "supporting"


def test_analysis_modes_check_never_counts_a_hypothetical_assault_as_an_act(make_store):
    store = make_store([_ex("Dastan threatened to bomb Varland.", [
        {"type": "ASSAULT", "source": "g:dastan", "target": "g:varland", "trigger": "bomb", "mode": ("hypothetical",)}], "Northern Wire")])
    res = check(store, "Dastan attacked Varland")
    assert res["supporting"] == [] and res["opposing"] == []
    assert len(res["intentions"]) == 1 and res["counts"]["intentions"]["items"] == 1
    assert res["counts"]["supporting"]["items"] == 0
    assert "No evidence in the store either way" in res["summary"] and "1 stated intention or threat" in res["summary"]


def test_analysis_modes_check_counts_the_threat_and_the_act_but_not_the_threatened_act(make_store):
    store = make_store([THREAT, ATTACK])
    res = check(store, "Dastan attacked Varland")
    sup = {(x["source"], x["type"], x["match"]) for x in res["supporting"]}
    assert sup == {("The Herald", "ASSAULT", "type"), ("Northern Wire", "THREATEN", "stance")}
    assert all(x["mode"] == [] for x in res["supporting"])
    assert [x["trigger"] for x in res["intentions"]] == ["bomb"]


def test_analysis_modes_a_negated_intention_is_no_denial(make_store):
    store = make_store([ARMS, WOULD_NOT])
    res = check(store, "Dastan arms the Front")
    assert [x["source"] for x in res["supporting"]] == ["The Herald"]
    assert res["opposing"] == []
    [would_not] = res["intentions"]
    assert would_not["negated"] and would_not["bears"] == "opposing" and would_not["mode"] == ["negated", "hypothetical"]
    assert conflicts(store) == []  # "would not arm" contradicts no act


def test_analysis_modes_conflicts_ignore_a_vowed_attack(make_store):
    store = make_store([ARMS, VOW])
    assert conflicts(store) == []  # the only hostile event is a vow: nobody says Dastan attacked the Front
    store2 = make_store([ARMS, VOW, _ex("Dastan shelled the Front.", [
        {"type": "ASSAULT", "source": "g:dastan", "target": "g:front", "trigger": "shelled"}], "The Tribune")], name="t2.db")
    [pair] = conflicts(store2)
    assert pair["counts"]["hostile"] == 1 and pair["counts"]["hostile_sources"] == 1
    assert [x["trigger"] for x in pair["hostile"]] == ["shelled"]
    assert [(x["trigger"], x["mode"]) for x in pair["intentions"]] == [("strike", ["future"])]


def test_analysis_modes_dyad_counts_intentions_apart(make_store):
    store = make_store([THREAT, ATTACK])
    d = dyad(store, "Dastan", "Varland")
    assert d["counts"] == {"cooperative": 0, "hostile": 2, "other": 0, "negated": 0, "intentions": 1}
    assert d["by_source"]["Northern Wire"] == {"cooperative": 0, "hostile": 1, "other": 0, "negated": 0, "intentions": 1}
    assert sum(1 for x in d["by_stance"]["hostile"] if x["mode"] == ["hypothetical"]) == 1  # listed, flagged


def test_analysis_modes_graph_edges_acts_only(make_store):
    store = make_store([THREAT])
    every = store.graph_edges(EventFilter())
    acts = store.graph_edges(EventFilter(acts_only=True))
    assert sum(e["n"] for e in every) == 2
    assert [(e["types"], e["n"]) for e in acts] == [("THREATEN", 1)]


@pytest.mark.parametrize("cmd", [["check", "Dastan attacked Varland"], ["dyad", "Dastan", "Varland"], ["conflicts"]])
def test_analysis_modes_terminal_and_json_show_the_mode(make_store, tmp_path, cmd):
    import json

    from typer.testing import CliRunner

    from claimgraph.cli import app

    store = make_store([THREAT, ATTACK, ARMS, VOW, _ex("Dastan shelled the Front.", [
        {"type": "ASSAULT", "source": "g:dastan", "target": "g:front", "trigger": "shelled"}], "The Tribune")])
    db = str(tmp_path / "t.db")
    store.close()
    out = CliRunner().invoke(app, ["--db", db, *cmd], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert ("hypothetical" in out.output) if cmd[0] != "conflicts" else ("future" in out.output)
    js = CliRunner().invoke(app, ["--db", db, *cmd, "--json"])
    assert js.exit_code == 0, js.output
    data = json.loads(js.output)
    text = json.dumps(data)
    assert '"mode": ["hypothetical"]' in text or '"mode": ["future"]' in text


def test_analysis_modes_web_check_shows_the_mode(make_store, tmp_path):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    make_store([THREAT, ATTACK]).close()
    with TestClient(create_app(str(tmp_path / "t.db")), base_url="http://127.0.0.1") as client:
        data = client.get("/api/check", params={"claim": "Dastan attacked Varland"}).json()
        [bomb] = data["intentions"]
        assert bomb["mode"] == ["hypothetical"] and bomb["highlights"]  # enriched like every evidence item
        assert all(x["mode"] == [] for x in data["supporting"])
        page = client.get("/check", params={"claim": "Dastan attacked Varland"}).text
        assert 'id="intentions"' in page and '<span class="badge mode mode-hypothetical">hypothetical</span>' in page
