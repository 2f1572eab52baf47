"""Graph analysis (issue 14): the path between two actors, and degree and betweenness on the
actor page, computed with networkx over the reported relations."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(meridian_db):
    with TestClient(create_app(meridian_db), base_url="http://127.0.0.1") as c:
        yield c


def test_web_path_between_two_actors(client):
    r = client.get("/api/path", params={"from": "Karem North Brigade", "to": "Varosia"})
    assert r.status_code == 200
    p = r.json()
    assert p["found"] and p["length"] == 2  # KNB — FMF — Varosia (KNB attacked the FMF; the FMF attacked Varosia)
    assert [a["id"] for a in p["actors"]] == ["knb", "fmf", "varosia"]
    first = p["hops"][0]
    assert first["types"] == {"ASSAULT": 1} and len(first["event_ids"]) == 1
    ev = client.get("/api/events", params={"ids": ",".join(map(str, p["hops"][1]["event_ids"]))}).json()["events"]
    assert {e["type"] for e in ev} == {"ASSAULT"} and all({e["source_actor_id"], e["target_actor_id"]} == {"fmf", "varosia"} for e in ev)
    page = client.get("/path", params={"from": "Karem North Brigade", "to": "Varosia"})
    assert page.status_code == 200 and 'id="path"' in page.text and "2 steps apart" in page.text


def test_web_path_by_alias_direct_neighbours_and_no_path(client, meridian_db):
    p = client.get("/api/path", params={"from": "the Front", "to": "Kingdom of Dastan"}).json()
    assert p["length"] == 1 and p["hops"][0]["types"].get("AID", 0) >= 3  # the negated AID is no relation
    assert "COERCE" in p["hops"][0]["types"]
    from claimgraph.store import open_store

    with open_store(str(meridian_db), readonly=True) as store:  # a hop's events in the store's order (document, position)
        want = [e["id"] for e in store.iter_events() if {e["source_id"], e["target_id"]} == {"fmf", "dastan"} and not e["negated"]]
    assert p["hops"][0]["event_ids"] == want
    none = client.get("/api/path", params={"from": "Ilan Varga", "to": "Dastan"}).json()  # Varga only asserts: no relation
    assert none["found"] is False and none["hops"] == []
    assert client.get("/api/path", params={"from": "Atlantis", "to": "Dastan"}).status_code == 404
    assert client.get("/api/path", params={"from": "FMF", "to": "the Front"}).status_code == 422
    assert client.get("/api/path", params={"from": "FMF"}).status_code == 422


def test_web_actor_page_shows_degree_and_betweenness(client):
    fmf = client.get("/api/actors/FMF").json()["centrality"]
    knb = client.get("/api/actors/Karem North Brigade").json()["centrality"]
    assert fmf["degree"] == 4 and fmf["events"] >= 9 and fmf["rank"] == 1  # the hub every chain crosses
    # 4 of the 15 pairs of the other 6 actors are joined only through the FMF (D-S, D-K, V-S, V-K)
    assert fmf["betweenness"] == round(4 / 15, 4) and knb["betweenness"] == 0.0 and knb["degree"] == 2
    varga = client.get("/api/actors/Varga").json()["centrality"]
    assert varga["degree"] == 0 and varga["betweenness"] == 0.0
    html = client.get("/actors/fmf").text
    assert 'id="centrality"' in html and "linked to 4 actors" in html and "/path?from=fmf" in html


def test_betweenness_is_exact_on_small_networks_and_sampled_within_its_budget():
    """Exact while sources x (actors + links) fit ``BETWEENNESS_BUDGET``; past it, estimated from
    as many sources as fit, never fewer than ``BETWEENNESS_MIN_SAMPLE`` nor more than the actors."""
    from claimgraph.web.routers import paths

    assert paths._sources(300, 27_819) is None  # the 100,000-document benchmark's network
    big = 5_000, 50_000
    k = paths._sources(*big)
    assert k == max(paths.BETWEENNESS_MIN_SAMPLE, paths.BETWEENNESS_BUDGET // sum(big))
    assert paths.BETWEENNESS_MIN_SAMPLE <= k < 5_000
    assert paths._sources(100_000, 10**7) == paths.BETWEENNESS_MIN_SAMPLE
