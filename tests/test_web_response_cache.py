"""The kept JSON of /api/conflicts, /api/actors/NAME and /api/check (web/response_cache.py):
the same bytes as a fresh build while the store stays as it is, and a fresh build after any
write by another connection; never kept where the store gives no trustworthy mark."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.runner import add_extraction  # noqa: E402
from claimgraph.store import open_store  # noqa: E402
from claimgraph.web import create_app  # noqa: E402
from claimgraph.web.response_cache import ResponseCache  # noqa: E402
from claimgraph.web.routers import actors, check, conflicts  # noqa: E402
from conftest import meridian_records  # noqa: E402

ROUTES = ["/api/conflicts", "/api/conflicts?limit=1", "/api/actors/Dastan", "/api/actors/FMF",
          "/api/check?claim=Dastan%20arms%20the%20FMF", "/api/check?claim=Dastan%20arms%20the%20FMF&limit=1"]


def bodies(client) -> dict[str, bytes]:
    out = {}
    for route in ROUTES:
        r = client.get(route)
        assert r.status_code == 200, (route, r.text[:300])
        assert r.headers["content-type"] == "application/json"
        out[route] = r.content
    return out


def fresh(target) -> dict[str, bytes]:
    """What an app that has kept nothing answers."""
    return bodies(TestClient(create_app(target), base_url="http://127.0.0.1"))


@pytest.fixture
def builds(monkeypatch):
    """How many times each route built its answer."""
    counts = {"conflicts": 0, "actor": 0, "check": 0}

    def counting(name, fn):
        def wrapped(*a, **k):
            counts[name] += 1
            return fn(*a, **k)
        return wrapped

    monkeypatch.setattr(conflicts, "conflicts_data", counting("conflicts", conflicts.conflicts_data))
    monkeypatch.setattr(actors, "actor_data", counting("actor", actors.actor_data))
    monkeypatch.setattr(check, "check_data", counting("check", check.check_data))
    return counts


def test_web_cache_answers_every_write_with_a_fresh_build(store_factory, store_target, builds):
    records = meridian_records()
    store_factory(records[:3]).close()
    client = TestClient(create_app(store_target), base_url="http://127.0.0.1")
    first = bodies(client)
    assert first == fresh(store_target)
    again = bodies(client)
    assert again == first
    kept = store_target.endswith(".db")  # PostgreSQL has no mark: built on every request
    assert builds["conflicts"] == (4 if kept else 6)  # two routes, each asked twice, and the fresh app's two
    with open_store(store_target) as writer:  # another connection, as an ingest is
        for ex in records[3:]:
            add_extraction(writer, ex)
    after = bodies(client)
    assert after != first  # the new documents change the answers
    assert after == fresh(store_target)


def test_web_cache_sees_the_apps_own_edits(tmp_path, builds):
    path = str(tmp_path / "t.db")
    with open_store(path) as store:
        for ex in meridian_records():
            add_extraction(store, ex)
    app = create_app(path)
    client = TestClient(app, base_url="http://127.0.0.1")
    before = client.get("/api/actors/Dastan").json()
    client.get("/api/actors/Dastan")
    assert builds["actor"] == 1
    with app.state.store_provider.writer() as store:  # the connection a curation POST uses
        store.add_decision("rename", actor=before["actor"]["id"], name="Dastan Kingdom")
    after = client.get("/api/actors/Dastan").json()
    assert builds["actor"] == 2 and after["actor"]["name"] == "Dastan Kingdom"


def test_web_cache_keeps_nothing_for_a_shared_store(builds):
    store = open_store(":memory:")
    for ex in meridian_records()[:3]:
        add_extraction(store, ex)
    app = create_app(store)
    assert app.state.store_provider.change_mark() is None  # its writes come through the same connection
    client = TestClient(app, base_url="http://127.0.0.1")
    n = client.get("/api/conflicts").json()
    for ex in meridian_records()[3:]:
        add_extraction(store, ex)
    assert client.get("/api/conflicts").json() != n
    assert builds["conflicts"] == 2
    store.close()


def test_web_cache_drops_everything_when_the_mark_moves():
    cache = ResponseCache(entries=2, max_bytes=10)
    cache.get("a", 1)
    cache.put("a", 1, b"A")
    cache.put("b", 1, b"B")
    assert cache.get("a", 1) == b"A"
    cache.put("c", 1, b"C")  # past two entries the least recently used goes: b
    assert cache.get("b", 1) is None and cache.get("c", 1) == b"C"
    cache.put("big", 1, b"x" * 11)
    assert cache.get("big", 1) is None and cache.get("c", 1) == b"C"
    cache.put("d", 1, b"x" * 9)  # two entries at most: a goes
    assert cache.get("a", 1) is None and cache.get("c", 1) == b"C" and cache.get("d", 1) == b"x" * 9
    cache.put("e", 1, b"x" * 5)  # ten bytes in all at most: c goes, then d
    assert cache.get("c", 1) is None and cache.get("d", 1) is None and cache.get("e", 1) == b"x" * 5
    assert cache.get("a", 2) is None  # a new mark: nothing from before
    cache.put("a", 1, b"old")  # built from the store before the mark moved: not kept
    assert cache.get("a", 2) is None
    cache.put("a", 2, b"new")
    cache.clear()  # as after a write: the next request builds (benchmarks/analysis_speed.py times it so)
    assert cache.get("a", 2) is None


def test_web_cached_routes_build_plain_json(meridian):
    """What the routes build is sent without FastAPI's encoder: it must give the same bytes."""
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    built = [conflicts.conflicts_data(meridian, 20), actors.actor_data(meridian, "Dastan"), actors.actor_data(meridian, "FMF"),
             check.check_data(meridian, "Dastan arms the FMF", 20), check.check_data(meridian, "FMF attacks Varosia", 20)]
    for data in built:
        assert JSONResponse(data).body == JSONResponse(jsonable_encoder(data)).body


def test_web_cache_keeps_nothing_once_the_path_names_another_file(tmp_path, builds):
    path, other = str(tmp_path / "t.db"), str(tmp_path / "other.db")
    for p, records in ((path, meridian_records()[:3]), (other, meridian_records())):
        with open_store(p) as store:
            for ex in records:
                add_extraction(store, ex)
    app = create_app(path)
    assert app.state.store_provider.change_mark() is not None
    os.replace(other, path)  # a store moved into place: the held connection still reads the old file
    assert app.state.store_provider.change_mark() is None
    assert fresh(path) == bodies(TestClient(app, base_url="http://127.0.0.1"))
