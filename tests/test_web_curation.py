"""Curation in the web app (issue 11): an actor's page merges, splits, renames and retypes it,
each event rejects or confirms, /decisions lists and undoes.  Every change is a POST with the
app's CSRF token, taken only by an app bound to loopback or started with --allow-edits, made
through a writable store opened for that request (the queries stay read-only).  Stores are
built by hand (``conftest.meridian_records``)."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from conftest import meridian_records  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.runner import replace_extraction  # noqa: E402
from claimgraph.web import create_app  # noqa: E402
from claimgraph.web.deps import StoreProvider  # noqa: E402
from claimgraph.web.editing import OFF  # noqa: E402
from test_web_serve import _run_without_serving  # noqa: E402

CLAIM = "Dastan supports the FMF"
POSTS = ["/actors/{a}/merge", "/actors/{a}/split", "/actors/{a}/rename", "/actors/{a}/type", "/events/1/reject", "/events/1/confirm",
         "/decisions/1/undo", "/api/actors/{a}/merge", "/api/actors/{a}/split", "/api/actors/{a}/rename", "/api/actors/{a}/type",
         "/api/events/1/reject", "/api/events/1/confirm", "/api/decisions/1/undo"]


@pytest.fixture
def world(make_store):
    """(store, its records): the meridian store, writable by the test, fresh for each test."""
    records = meridian_records()
    return make_store(records), records


def client_for(store, **kw):
    return TestClient(create_app(store.path, **kw), base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.fixture
def local(world):
    """A client of an app bound to loopback (editing on), and the page's CSRF token."""
    store, _ = world
    with client_for(store, bind="127.0.0.1") as c:
        yield c, token_of(c.get("/actors").text)


def token_of(html: str) -> str:
    m = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def karem_actors(client) -> list[dict]:
    return [a for a in client.get("/api/actors").json()["actors"] if "Karem" in a["name"]]


def merge(client, token, **extra):
    return client.post("/actors/knb/merge", data={"into": "Sons of Karem", "note": "a wing of the group", "csrf_token": token, **extra},
                       follow_redirects=False)


# -- making decisions -------------------------------------------------------------------------
def test_web_curation_merge_with_the_token_makes_one_curated_actor(local):
    client, token = local
    assert {a["name"] for a in karem_actors(client)} == {"Sons of Karem", "Karem North Brigade"}
    r = merge(client, token)
    assert r.status_code == 303 and r.headers["location"] == "/actors/sok?decided=1"
    [sok] = karem_actors(client)
    assert sok["name"] == "Sons of Karem" and sok["curated_by"] == [1] and "Karem North Brigade" in sok["aliases"]
    listing = client.get("/actors").text
    assert "Karem North Brigade</a>" not in listing
    row = next(line for line in listing.splitlines() if 'href="/actors/sok"' in line)
    assert "curated" in row and 'href="/decisions#d-1"' in row
    page = client.get(r.headers["location"]).text
    assert 'id="notice"' in page and "Decision 1 is made" in page and 'id="curated-by"' in page
    [d] = client.get("/api/decisions").json()["decisions"]
    assert d["kind"] == "merge" and d["note"] == "a wing of the group" and d["summary"] == "merge 'Karem North Brigade' into 'Sons of Karem'"


def test_web_curation_merge_survives_writing_the_same_records_again(world):
    store, records = world
    with client_for(store, bind="127.0.0.1") as client:
        assert merge(client, token_of(client.get("/actors").text)).status_code == 303
        for ex in records:  # the reprocess path: each document's records replaced, decisions applied again
            replace_extraction(store, ex)
        assert store.apply_decisions() == {}  # nothing left to change: the merge held through the writes
        [sok] = karem_actors(client)
        assert sok["id"] == "sok" and sok["curated_by"] == [1]
        assert {e["source_actor_id"] for e in client.get("/api/events", params={"type": "AFFILIATE"}).json()["events"]} == {"sok"}


def test_web_curation_json_twins_take_json_or_a_form_and_answer_the_decision(local):
    client, token = local
    r = client.post("/api/actors/FMF/rename", json={"name": "Meridian Front", "note": "its own name"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["decision"]["kind"] == "rename" and body["decision"]["args"]["was"] == "Free Meridian Front"
    assert body["applied"] == {"actors renamed": 1} and body["decision"]["summary"] == "rename 'Free Meridian Front' to 'Meridian Front'"
    r = client.post("/api/actors/Varga/type", data={"type": "org", "csrf_token": token})
    assert r.status_code == 200 and r.json()["decision"]["args"] == {"id": "varga", "type": "ORG", "was": "PERSON"}
    r = client.post("/api/actors/Sons of Karem/merge", json={"other": "Karem North Brigade", "csrf_token": token})
    assert r.status_code == 200 and r.json()["decision"]["args"]["into_id"] == "sok"
    actor = client.get("/api/actors/fmf").json()["actor"]
    assert actor["name"] == "Meridian Front" and actor["curated_by"] == [1]
    listed = client.get("/api/decisions").json()
    assert [d["kind"] for d in listed["decisions"]] == ["rename", "type", "merge"] and listed["editing"] is True


def test_web_curation_split_from_the_actor_page(local):
    client, token = local
    page = client.get("/actors/dastan").text
    assert 'action="/actors/dastan/split"' in page and '<option value="Kingdom of Dastan">' in page
    r = client.post("/actors/dastan/split", data={"alias": "Kingdom of Dastan", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/actors/dastan?decided=")
    names = {a["name"]: a for a in client.get("/api/actors").json()["actors"]}
    assert "Kingdom of Dastan" in names and "Kingdom of Dastan" not in names["Dastan"]["aliases"]
    assert names["Kingdom of Dastan"]["curated_by"] == names["Dastan"]["curated_by"] == [1]


def test_web_curation_the_actor_page_has_every_form_with_the_token(local):
    client, token = local
    page = client.get("/actors/knb").text
    for kind in ("merge", "split", "rename", "type"):
        form = re.search(rf'<form class="curate" method="post" action="/actors/knb/{kind}".*?</form>', page, re.S).group(0)
        assert f'name="csrf_token" value="{token}"' in form, kind
    assert '<datalist id="merge-names">' in page and '<option value="Sons of Karem">' in page
    assert '<option value="Karem North Brigade">' not in page  # not itself
    assert '<option value="ORG" selected>' in page


def test_web_curation_a_refused_decision_says_why_in_one_line(local):
    client, token = local
    r = client.post("/api/actors/FMF/rename", json={"name": "Free Meridian Front", "csrf_token": token})
    assert r.status_code == 422 and r.json() == {"error": "decision refused", "detail": "'Free Meridian Front' is called so already"}
    r = client.post("/api/actors/Atlantis/merge", json={"into": "FMF", "csrf_token": token})
    assert r.status_code == 404 and r.json()["error"] == "unknown actor"
    r = client.post("/api/actors/FMF/merge", json={"into": "Sons of Kerem", "csrf_token": token})
    assert r.status_code == 404 and "did you mean: Sons of Karem" in r.json()["detail"]
    r = client.post("/api/actors/FMF/merge", json={"csrf_token": token})
    assert r.status_code == 422 and r.json()["detail"][0]["parameter"] == "into"
    r = client.post("/api/actors/FMF/type", json={"type": "ALIEN", "csrf_token": token})
    assert r.status_code == 422 and "unknown actor type" in r.json()["detail"]
    r = client.post("/api/decisions/99/undo", json={"csrf_token": token})
    assert r.status_code == 404 and r.json()["error"] == "unknown decision"
    page = client.post("/actors/FMF/split", data={"alias": "Atlantis", "csrf_token": token})
    assert page.status_code == 422 and "has no alias" in page.text and 'href="/actors/FMF" id="back"' in page.text
    assert client.get("/api/decisions").json()["decisions"] == []


# -- the token and the bind address -----------------------------------------------------------------
def test_web_curation_without_the_token_is_403_and_changes_nothing(local):
    client, token = local
    r = client.post("/actors/knb/merge", data={"into": "Sons of Karem"})
    assert r.status_code == 403 and "CSRF token" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.post("/api/actors/knb/merge", json={"into": "Sons of Karem"})
    assert r.status_code == 403 and r.json()["error"] == "missing CSRF token"
    assert len(karem_actors(client)) == 2 and client.get("/api/decisions").json()["decisions"] == []


@pytest.mark.parametrize("wrong", ["x", "0" * 43, " ", "é"])
def test_web_curation_with_a_wrong_token_is_403(local, wrong):
    client, token = local
    assert wrong != token
    r = merge(client, wrong)
    assert r.status_code == 403
    r = client.post("/api/actors/knb/merge", json={"into": "Sons of Karem"}, headers={"X-CSRF-Token": wrong.encode()})
    assert r.status_code == 403 and r.json()["error"] in ("wrong CSRF token", "missing CSRF token")
    assert len(karem_actors(client)) == 2


def test_web_curation_the_token_is_the_apps_own(world):
    store, _ = world
    with client_for(store, bind="127.0.0.1") as one, client_for(store, bind="127.0.0.1") as two:
        t1, t2 = token_of(one.get("/actors").text), token_of(two.get("/actors").text)
        assert t1 != t2 and len(t1) >= 40
        assert merge(two, t1).status_code == 403
        assert merge(one, t1).status_code == 303


def test_web_curation_get_on_a_post_route_is_405(local):
    client, _ = local
    for route in POSTS:
        r = client.get(route.format(a="knb"))
        assert r.status_code == 405, route
    assert len(karem_actors(client)) == 2


@pytest.mark.parametrize("kw", [{"bind": "0.0.0.0"}, {"bind": "192.168.1.20"}, {"bind": "::"}, {}])
def test_web_curation_off_when_not_bound_to_loopback(world, kw):
    store, _ = world
    with client_for(store, **kw) as client:
        for route in POSTS:
            r = client.post(route.format(a="knb"), data={"into": "Sons of Karem", "csrf_token": "anything"})
            assert r.status_code == 403, route
            if route.startswith("/api/"):
                assert r.json() == {"error": "editing is off", "detail": OFF}
        assert "editing is off: the app is not bound to loopback; restart with --allow-edits to allow it" == f"editing is off: {OFF}"
        for url in ("/actors", "/actors/knb", "/events", "/decisions", f"/check?claim={CLAIM}", "/documents"):
            html = client.get(url).text
            for mark in ('name="csrf-token"', 'name="csrf_token"', 'method="post"', "curate-event", 'id="curate"', "Undo</button>"):
                assert mark not in html, (url, mark)
        assert "--allow-edits" in client.get("/decisions").text
        assert client.get("/api/decisions").json() == {"decisions": [], "total": 0, "in_force": 0, "editing": False}
        assert len(karem_actors(client)) == 2


def test_web_curation_allow_edits_turns_it_on_anywhere(world):
    store, _ = world
    with client_for(store, bind="0.0.0.0", allow_edits=True) as client:
        assert merge(client, token_of(client.get("/actors/knb").text)).status_code == 303
        assert len(karem_actors(client)) == 1


@pytest.mark.parametrize("args,on", [([], True), (["--host", "::1"], True), (["--host", "0.0.0.0"], False),
                                     (["--host", "0.0.0.0", "--allow-edits"], True)])
def test_web_curation_serve_passes_the_bind_address_and_allow_edits(monkeypatch, meridian_db, args, on):
    result, seen = _run_without_serving(monkeypatch, ["--db", meridian_db, "serve", "--port", "0", "--no-browser", *args])
    assert result.exit_code == 0, result.output
    assert seen["app"].state.editing.enabled is on
    if "0.0.0.0" in args:
        assert ("lets anyone who reaches it change the store" if on else "Editing is off (--allow-edits turns it on)") in result.output


def test_web_curation_queries_stay_read_only(world, monkeypatch):
    store, _ = world
    opened = []
    real = StoreProvider.__init__

    def spy(self, target):
        real(self, target)
        inner = self._open

        def recording(path, readonly=False):
            opened.append(readonly)
            return inner(path, readonly=readonly)

        self._open = recording

    monkeypatch.setattr(StoreProvider, "__init__", spy)
    with client_for(store, bind="127.0.0.1") as client:
        token = token_of(client.get("/actors/knb").text)
        for url in ("/actors", "/api/actors", "/events", "/decisions", "/api/decisions", f"/api/check?claim={CLAIM}"):
            assert client.get(url).status_code == 200
        assert opened and all(opened)
        opened.clear()
        assert merge(client, token).status_code == 303
        assert opened == [False]  # one writable store, for the POST alone


# -- events --------------------------------------------------------------------------------------
def supporting_ids(client) -> list[int]:
    return [e["event_id"] for e in client.get("/api/check", params={"claim": CLAIM}).json()["supporting"]]


def test_web_curation_reject_hides_the_event_and_undo_restores_it(local):
    client, token = local
    assert 1 in supporting_ids(client)
    page = client.get("/check", params={"claim": CLAIM})
    assert 'data-event="1"' in page.text and 'action="/events/1/reject"' in page.text
    here = "/check?claim=" + CLAIM.replace(" ", "+")
    r = client.post("/events/1/reject", data={"csrf_token": token, "note": "Varga's claim, not a transfer", "next": here},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == here + "&decided=1"
    assert 1 not in supporting_ids(client)
    after = client.get(r.headers["location"]).text
    assert 'data-event="1"' not in after and "Decision 1 is made" in after
    assert client.get("/api/events", params={"ids": "1"}).json()["events"] == []
    assert 1 not in [e["event_id"] for e in client.get("/api/events").json()["events"]]
    [d] = client.get("/api/decisions").json()["decisions"]
    assert d["kind"] == "reject_event" and "Dastan arms the FMF" in d["summary"]
    # undo, from the decisions page
    decisions = client.get("/decisions").text
    assert 'action="/decisions/1/undo"' in decisions and "Varga&#39;s claim, not a transfer" in decisions
    r = client.post("/decisions/1/undo", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/decisions?undone=1&edited=0"
    assert 1 in supporting_ids(client)
    decisions = client.get(r.headers["location"]).text
    assert "Decision 1 is undone" in decisions and 'action="/decisions/1/undo"' not in decisions and "undone 20" in decisions
    assert client.post("/api/decisions/1/undo", json={"csrf_token": token}).status_code == 422  # undone already


def test_web_curation_confirm_marks_the_event_with_its_decision(local):
    client, token = local
    r = client.post("/api/events/9/confirm", json={"csrf_token": token})
    assert r.status_code == 200 and r.json()["decision"]["kind"] == "confirm_event"
    item = next(e for e in client.get("/api/check", params={"claim": CLAIM}).json()["supporting"] if e["event_id"] == 9)
    assert item["curation"] == "confirmed" and item["curation_decision"] == 1
    html = client.get("/events", params={"ids": "9"}).text
    assert 'href="/decisions#d-1"' in html and "confirmed · decision 1" in html
    assert 'formaction="/events/9/confirm"' not in html  # confirmed already: only reject is offered
    assert client.post("/api/events/9/confirm", json={"csrf_token": token}).status_code == 422


def test_web_curation_undo_of_a_merge_brings_the_actor_back(local):
    client, token = local
    merge(client, token)
    r = client.post("/api/decisions/1/undo", json={"csrf_token": token})
    assert r.status_code == 200 and r.json()["decision"]["undone_at"] and r.json()["documents"]
    assert {a["name"] for a in karem_actors(client)} == {"Sons of Karem", "Karem North Brigade"}
    assert all(a["curated_by"] == [] for a in karem_actors(client))


def test_web_curation_a_redirect_never_leaves_the_app(local):
    client, token = local
    for i, bad in enumerate(["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1"]):
        verb = "reject" if i % 2 == 0 else "confirm"
        r = client.post(f"/events/{i + 1}/{verb}", data={"csrf_token": token, "next": bad}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/decisions?decided="), bad


def test_web_curation_junk_bodies_are_4xx_json(local):
    client, token = local
    h = {"X-CSRF-Token": token}
    cases = [({"content": b"{not json", "headers": {**h, "content-type": "application/json"}}, 422),
             ({"content": b"[1, 2]", "headers": {**h, "content-type": "application/json"}}, 422),
             ({"content": b"\xff\xfe", "headers": {**h, "content-type": "application/json"}}, 422),
             ({"content": b"--x\r\n", "headers": {**h, "content-type": "multipart/form-data; boundary=x"}}, 415),
             ({"content": b"a=" + b"x" * 70000, "headers": {**h, "content-type": "application/x-www-form-urlencoded"}}, 413),
             ({"json": {"into": ["a", "b"]}, "headers": h}, 422),
             ({"json": {"into": {"x": 1}}, "headers": h}, 422),
             ({"json": {"into": "x" * 600}, "headers": h}, 422)]
    for kw, status in cases:
        r = client.post("/api/actors/knb/merge", **kw)
        assert r.status_code == status, (kw.get("json") or kw["content"][:20], r.status_code, r.text[:200])
        assert set(r.json()) == {"error", "detail"}
    for path in ("/api/events/0/reject", "/api/events/99999999999999999999/reject", "/api/events/x/confirm", "/api/decisions/-1/undo"):
        r = client.post(path, json={"csrf_token": token})
        assert r.status_code == 422, path
    assert client.post("/api/events/123456/reject", json={"csrf_token": token}).status_code == 422  # no such event
    assert len(karem_actors(client)) == 2


def test_web_curation_a_note_is_shown_as_text(local):
    client, token = local
    r = client.post("/api/events/9/reject", json={"csrf_token": token, "note": "<script>window.pwned=1</script>", "author": "<b>desk</b>"})
    assert r.status_code == 200
    html = client.get("/decisions").text
    assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html and "<b>desk" not in html
