"""The web app's JSON API on a store built from hand-made records (no model): every route,
its filters, and its errors ({"error", "detail"} with a proper status code)."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402
from claimgraph.runner import add_extraction


@pytest.fixture(scope="module")
def client(meridian_db):
    with TestClient(base_url="http://127.0.0.1", app=create_app(meridian_db)) as c:
        yield c


def ok(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def err(client, url, status, **params):
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error", "detail"} and body["error"] and body["detail"]
    return body


# -- graph ----------------------------------------------------------------------------------
def test_web_graph_nodes_edges_strongest_first(client):
    g = ok(client, "/api/graph")
    ids = {n["id"] for n in g["nodes"]}
    assert {"dastan", "fmf", "varosia"} <= ids
    for n in g["nodes"]:
        assert set(n) >= {"id", "name", "type", "mentions", "aliases"}
    weights = [e["weight"] for e in g["edges"]]
    assert weights == sorted(weights, reverse=True)
    top = g["edges"][0]
    assert (top["source"], top["target"], top["stance"]) == ("dastan", "fmf", "cooperative")
    assert top["weight"] == 3 and top["types"] == {"AID": 3} and len(top["event_ids"]) == 3
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert g["total_edges"] == len(g["edges"]) and g["more"] is False


def test_web_graph_limit_returns_the_strongest_and_says_there_is_more(client):
    g = ok(client, "/api/graph", limit=2)
    assert len(g["edges"]) == 2 and g["more"] is True and g["total_edges"] > 2
    assert g["edges"][0]["weight"] == 3
    kept = {e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]}
    assert {n["id"] for n in g["nodes"]} == kept


def test_web_graph_filters(client):
    only_assault = ok(client, "/api/graph", type="ASSAULT")
    assert only_assault["edges"] and all(set(e["types"]) == {"ASSAULT"} for e in only_assault["edges"])
    several = ok(client, "/api/graph", type=["assault", "AID"])
    assert {t for e in several["edges"] for t in e["types"]} == {"ASSAULT", "AID"}
    by_alias = ok(client, "/api/graph", actor="the Front")  # any alias names the actor
    assert by_alias["edges"] and all("fmf" in (e["source"], e["target"]) for e in by_alias["edges"])
    tribune = ok(client, "/api/graph", source="The Tribune")
    assert tribune["edges"] and sum(e["count"] for e in tribune["edges"]) == 2
    dated = ok(client, "/api/graph", since="2021", until="2021-12")
    assert {(e["source"], e["target"]) for e in dated["edges"]} <= {("varosia", "dastan"), ("dastan", "fmf")}
    varga = ok(client, "/api/graph", attributed_to="Varga")
    assert {(e["source"], e["target"]) for e in varga["edges"]} == {("dastan", "fmf"), ("fmf", "sok")}
    assert all(e["weight"] >= 2 for e in ok(client, "/api/graph", min_weight=2)["edges"])


def test_web_graph_errors(client):
    assert err(client, "/api/graph", 404, actor="Nobody At All")["error"] == "unknown actor"
    assert "since" in str(err(client, "/api/graph", 422, since="last tuesday")["detail"])
    assert "BOMB" in str(err(client, "/api/graph", 422, type="BOMB")["detail"])
    err(client, "/api/graph", 422, limit=0)
    err(client, "/api/graph", 422, min_weight="many")


def test_web_facets(client):
    f = ok(client, "/api/facets")
    names = [s["name"] for s in f["sources"]]
    assert names[0] == "The Herald" and "voice.txt" in names  # no outlet: the file name stands in
    assert {t["type"] for t in f["types"]} >= {"AID", "ASSAULT", "AFFILIATE", "EQUATE"}
    assert f["dates"]["min"] == "2016" or f["dates"]["min"].startswith("2016")
    assert f["dates"]["months"][0] <= "2016-01" and f["dates"]["months"][-1] >= "2023-06"
    assert f["stats"]["documents"] == 5


# -- actors ---------------------------------------------------------------------------------
def test_web_actors_list_and_filter(client):
    a = ok(client, "/api/actors")
    assert a["total"] == len(a["actors"]) >= 7
    assert ok(client, "/api/actors", q="karem")["total"] == 2
    assert ok(client, "/api/actors", limit=2)["actors"].__len__() == 2


def test_web_actor_by_alias_with_labels_events_partners(client):
    a = ok(client, "/api/actors/FMF")
    assert a["actor"]["id"] == "fmf" and "the Front" in a["actor"]["aliases"]
    by_source = a["framing"]["by_source"]
    assert [x["label"] for x in by_source["The Herald"]] == ["terrorist group"]
    assert {x["label"] for x in by_source["The Tribune"]} == {"rebel movement"}
    assert a["events_total"] == len(a["events"]) > 5
    assert a["partners"][0]["id"] == "dastan"
    assert err(client, "/api/actors/Atlantis", 404)["error"] == "unknown actor"


# -- events ---------------------------------------------------------------------------------
def test_web_events_evidence_has_highlights_at_the_right_places(client):
    ev = ok(client, "/api/events", actor="Dastan", other="FMF", type="AID")
    assert ev["total"] == 4
    for e in ev["events"]:
        kinds = {h["kind"]: e["sentence"][h["start"]:h["end"]] for h in e["highlights"]}
        if e["trigger"].lower() in e["sentence"].lower():  # hand-made records: "aid" when unnamed
            assert kinds["trigger"].lower() == e["trigger"].lower()
        assert kinds["source"] in ("Dastan", "Kingdom of Dastan")
        assert e["article"].startswith(f"/documents/{e['doc_id']}#ev-")
        assert {"source", "published", "attributed_to", "hedged", "negated", "date", "date_origin"} <= set(e)
    varga = [e for e in ev["events"] if e["attributed_to"]]
    assert varga and varga[0]["attributed_to"] == "Ilan Varga" and varga[0]["attributed_to_id"] == "varga"
    assert any(e["negated"] for e in ev["events"]) and any(e["hedged"] for e in ev["events"])


def test_web_events_by_ids_keeps_their_order(client):
    g = ok(client, "/api/graph", limit=1)
    ids = g["edges"][0]["event_ids"]
    ev = ok(client, "/api/events", ids=",".join(map(str, reversed(ids))))
    assert [e["event_id"] for e in ev["events"]] == list(reversed(ids))
    assert err(client, "/api/events", 422, ids="1,two")["detail"][0]["parameter"] == "ids"


def test_web_events_filters(client):
    assert {e["source"] for e in ok(client, "/api/events", source="The Tribune")["events"]} == {"The Tribune"}
    assert all(e["attributed_to"] == "Ilan Varga" for e in ok(client, "/api/events", attributed_to="Varga")["events"])
    page = ok(client, "/api/events", limit=2, offset=1)
    assert len(page["events"]) == 2 and page["total"] > 3
    err(client, "/api/events", 404, actor="Nobody")


# -- documents ------------------------------------------------------------------------------
def test_web_documents_list_and_one(client):
    docs = ok(client, "/api/documents")
    assert docs["total"] == 5
    herald = next(d for d in docs["documents"] if d["title"] == "Convoy ambushed")
    assert herald["events"] == 4 and herald["outlet"] == "The Herald"
    one = ok(client, f"/api/documents/{herald['id']}")
    text = one["document"]["text"]
    assert text.startswith("Defense Minister Ilan Varga said Dastan arms the FMF.")
    assert one["date"]["published"] == "2019-09-14" and "explained" in one["date"]
    fmf = next(a for a in one["actors"] if a["id"] == "fmf")
    assert all(text[s:e] in ("FMF", "the Front", "Free Meridian Front") for s, e in fmf["mentions"])
    for e in one["events"]:
        assert text[e["start"]:e["end"]] == e["sentence"]
    assert err(client, "/api/documents/nope", 404)["error"] == "unknown document"


# -- conflicts, check, timeline, search -----------------------------------------------------
def test_web_conflicts(client):
    c = ok(client, "/api/conflicts")["conflicts"]
    top = c[0]
    assert {top["a"], top["b"]} == {"Dastan", "Free Meridian Front"}
    assert top["cooperative"] and top["hostile"]
    assert all("highlights" in e and e["article"] for e in top["cooperative"] + top["hostile"])
    assert len(ok(client, "/api/conflicts", limit=1)["conflicts"]) == 1
    err(client, "/api/conflicts", 422, limit=0)
    one = ok(client, "/api/conflicts", limit=1, items=1)["conflicts"][0]  # a list holds at most `items`; counts stay whole
    assert one["counts"] == top["counts"] and all(len(one[side]) <= 1 for side in ("cooperative", "hostile", "denials", "intentions"))
    assert one["cooperative"][0]["event_id"] in {e["event_id"] for e in top["cooperative"]}
    assert top["counts"]["cooperative"] > 1 and len(one["cooperative"]) == 1
    err(client, "/api/conflicts", 422, items=0)
    page = client.get("/conflicts", params={"items": 1}).text
    assert f"1 of {top['counts']['cooperative']}" in page


def test_web_check_supporting_and_opposing(client):
    r = ok(client, "/api/check", claim="Dastan arms the FMF")
    assert r["claim"]["subject"] == "Dastan" and r["claim"]["object"] == "Free Meridian Front"
    assert r["supporting"] and r["opposing"] and r["summary"]
    assert not any(e["negated"] for e in r["supporting"])
    assert any(e["negated"] or e.get("why") == "denial" for e in r["opposing"])


def test_web_check_errors(client):
    body = err(client, "/api/check", 422, claim="Dastan")
    assert body["error"] == "cannot parse claim"
    assert err(client, "/api/check", 422)["detail"][0]["parameter"] == "claim"
    err(client, "/api/check", 422, claim="")


def test_web_timeline_whole_actor_pair(client):
    whole = ok(client, "/api/timeline")
    dates = [e["date"] for e in whole["events"]]
    assert dates and all(dates) and whole["count"] == len(dates)
    assert {e["precision"] for e in whole["events"]} == {"day", "month", "year"}
    pair = ok(client, "/api/timeline", actor="Varosia", other="Dastan")
    assert {e["type"] for e in pair["events"]} == {"SANCTION", "AGREE"}
    assert pair["actor"]["id"] == "varosia" and pair["other"]["id"] == "dastan"
    since = ok(client, "/api/timeline", actor="FMF", since="2020")
    assert all(e["date"] >= "2020" for e in since["events"])
    err(client, "/api/timeline", 404, actor="Nobody")


def test_web_search_articles_and_actors(client):
    r = ok(client, "/api/search", q="convoy")
    assert [d["title"] for d in r["documents"]] == ["Convoy ambushed"]
    d = r["documents"][0]
    assert all(d["snippet"][a:b].lower().startswith("convoy") for a, b in d["highlights"])
    karem = [a["id"] for a in ok(client, "/api/search", q="Karem")["actors"]]
    assert karem == ["knb", "sok"]  # a name starting with the query ranks before one containing it
    assert ok(client, "/api/search", q="")["documents"] == []


@pytest.mark.parametrize("q", ['"', 'NEAR(convoy', "convoy AND OR NOT", "title:convoy", "*", "^convoy", "(", "x' OR 1=1 --", "%_\\"])
def test_web_search_fts_syntax_in_input_is_text(client, q):
    ok(client, "/api/search", q=q)


# -- cross-cutting --------------------------------------------------------------------------
PAGES = ["/", "/actors", "/actors/fmf", "/events", "/documents", "/conflicts", "/check", "/check?claim=Dastan+arms+the+FMF",
         "/timeline", "/timeline?actor=Varosia&other=Dastan", "/search?q=convoy"]


@pytest.mark.parametrize("url", PAGES)
def test_web_every_page_renders_and_links_its_json_twin(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    twin = ("/api/graph" if url == "/" else "/api" + url).replace("&", "&amp;")
    assert f'href="{twin}"' in r.text
    # the empty claim form's twin says that a claim is needed
    assert client.get(twin.replace("&amp;", "&")).status_code == (422 if url == "/check" else 200)


def test_web_document_page_marks_actors_quotes_events(client):
    doc = ok(client, "/api/documents")["documents"][0]
    html = client.get(f"/documents/{doc['id']}").text
    assert 'class="seg' in html and 'href="/actors/' in html and 'id="ev-' in html


def test_web_unknown_paths_and_errors_as_json_or_html(client):
    assert err(client, "/api/nowhere", 404)["error"] == "not found"
    page = client.get("/nowhere")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert client.get("/actors/Atlantis").status_code == 404
    bad = client.get("/check", params={"claim": "Dastan"})
    assert bad.status_code == 422 and "cannot parse claim" in bad.text
    assert client.post("/api/graph").status_code == 405


def test_web_security_headers_and_host_check(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400  # DNS rebinding
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_web_without_vendor_assets_lists_the_graph(meridian_db):
    app = create_app(meridian_db)
    app.state.vendor = {"cytoscape": False}
    with TestClient(app, base_url="http://127.0.0.1") as c:
        html = c.get("/").text
    assert "make web-assets" in html and "vendor/cytoscape" not in html and 'id="fallback"' in html


def test_web_static_files_are_served(client):
    for name in ("app.css", "common.js", "graph.js", "filters.js"):
        assert client.get(f"/static/{name}").status_code == 200
    assert client.get("/static/../store/sqlite.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


def test_web_create_app_needs_an_existing_store(tmp_path):
    from claimgraph.errors import ClaimgraphError

    with pytest.raises(ClaimgraphError, match="no store"):
        create_app(tmp_path / "missing.db")


def test_web_reads_while_a_writer_holds_the_lock(meridian_db, make_store, tmp_path):
    import shutil

    from claimgraph.store import open_store

    path = tmp_path / "busy.db"
    shutil.copy(meridian_db, path)
    with TestClient(base_url="http://127.0.0.1", app=create_app(path)) as c:
        writer = open_store(str(path))
        with writer.transaction():  # BEGIN IMMEDIATE: ingest in progress
            writer.conn.execute("UPDATE actors SET name = name")
            assert c.get("/api/actors").status_code == 200
        writer.close()


def test_web_app_over_an_open_store_object(meridian):
    with TestClient(base_url="http://127.0.0.1", app=create_app(meridian)) as c:
        assert c.get("/api/actors/FMF").json()["actor"]["id"] == "fmf"


def test_web_app_over_an_in_memory_store():
    from conftest import meridian_records

    from claimgraph.store import open_store

    with open_store(":memory:") as store:
        for ex in meridian_records():
            add_extraction(store, ex)
        with TestClient(base_url="http://127.0.0.1", app=create_app(store)) as c:
            assert c.get("/api/actors/FMF").status_code == 200
            assert c.get("/api/search", params={"q": "convoy"}).json()["documents"]


def test_web_openapi_lists_one_route_family_per_resource(client):
    paths = ok(client, "/api/openapi.json")["paths"]
    for resource in ("graph", "facets", "actors", "actors/{actor}", "events", "documents", "documents/{doc_id}", "conflicts",
                     "check", "timeline", "search"):
        assert f"/api/{resource}" in paths
    assert client.get("/api/docs").status_code == 404  # no page that loads scripts from a CDN
