"""Hostile parameters get a short 422 JSON, never a 500 (issue 14); no error shows the store's
file path or an exception's text."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402

MANY_SOURCES = [("source", f"Outlet {i}") for i in range(2000)]


@pytest.fixture(scope="module")
def client(meridian_db):
    with TestClient(create_app(meridian_db), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def short_422(r, parameter):
    assert r.status_code == 422, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error", "detail"} and body["error"] == "invalid request"
    assert body["detail"][0]["parameter"] == parameter and len(r.text) < 600
    return body


@pytest.mark.parametrize("url,params,parameter", [
    ("/api/events", {"ids": "99999999999999999999"}, "ids"),
    ("/api/events", {"ids": "1,-5"}, "ids"),
    ("/api/events", {"ids": "0"}, "ids"),
    ("/api/events", {"ids": ",".join(["7"] * 2001)}, "ids"),
    ("/api/graph", {"min_weight": "1e20"}, "min_weight"),
    ("/api/graph", {"min_weight": "99999999999999999999"}, "min_weight"),
    ("/api/graph", MANY_SOURCES, "source"),
    ("/api/events", MANY_SOURCES, "source"),
    ("/api/timeline", MANY_SOURCES, "source"),
    ("/api/events", {"offset": "99999999999999999999"}, "offset"),
    ("/api/actors", {"offset": "99999999999999999999"}, "offset"),
    ("/api/graph", {"type": "X" * 5000}, "type"),
    ("/api/graph", {"actor": "A" * 5000}, "actor"),
])
def test_web_hostile_parameters_are_422_json(client, url, params, parameter):
    short_422(client.get(url, params=params), parameter)


def test_web_pages_answer_the_same_hostile_parameters_with_422(client):
    for url, params in (("/events", {"ids": "99999999999999999999"}), ("/", {"min_weight": "1e20"}), ("/timeline", MANY_SOURCES)):
        r = client.get(url, params=params)
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html"), url


def test_web_a_404_never_shows_the_store_path(client, meridian_db):
    from pathlib import Path

    for url in ("/api/actors/Atlantis", "/actors/Atlantis", "/api/graph?actor=Atlantis", "/api/timeline?with=Atlantis",
                "/api/documents/nope", "/api/nowhere"):
        r = client.get(url)
        assert r.status_code == 404, url
        for leak in (meridian_db, str(Path(meridian_db).parent), Path(meridian_db).name):
            assert leak not in r.text, (url, leak)


def test_web_a_crash_is_a_500_without_the_exception_text(meridian_db, monkeypatch):
    from claimgraph.web.routers import actors

    def boom(*a, **k):
        raise RuntimeError(f"secret detail from {meridian_db}: SELECT * FROM actors")

    monkeypatch.setattr(actors, "actors_data", boom)
    with TestClient(create_app(meridian_db), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        r = c.get("/api/actors")
    assert r.status_code == 500 and r.json()["error"] == "internal error"
    assert "secret" not in r.text and "RuntimeError" not in r.text and meridian_db not in r.text and "SELECT" not in r.text


def test_web_a_store_gone_under_the_app_is_503_without_its_path(meridian_db, tmp_path):
    import shutil

    path = tmp_path / "gone.db"
    shutil.copy(meridian_db, path)
    with TestClient(create_app(path), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        path.unlink()
        r = c.get("/api/actors")
    assert r.status_code in (500, 503) and str(tmp_path) not in r.text and "gone.db" not in r.text
