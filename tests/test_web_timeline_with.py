"""The timeline's pair filter answers to the CLI's name too (issue 14): `with=` is `other=`."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(meridian_db):
    with TestClient(create_app(meridian_db), base_url="http://127.0.0.1") as c:
        yield c


def test_web_timeline_accepts_with_like_the_cli(client):
    by_other = client.get("/api/timeline", params={"actor": "Varosia", "other": "Dastan"}).json()
    by_with = client.get("/api/timeline", params={"actor": "Varosia", "with": "Dastan"})
    assert by_with.status_code == 200
    assert by_with.json()["events"] == by_other["events"] and by_with.json()["other"]["id"] == "dastan"
    assert {e["type"] for e in by_with.json()["events"]} == {"SANCTION", "AGREE"}
    assert client.get("/api/timeline", params={"actor": "Varosia", "with": "Dastan", "other": "Dastan"}).status_code == 200
    page = client.get("/timeline", params={"actor": "Varosia", "with": "Dastan"})
    assert page.status_code == 200 and "SANCTION" in page.text


def test_web_timeline_with_and_other_must_agree(client):
    r = client.get("/api/timeline", params={"actor": "Varosia", "with": "Dastan", "other": "FMF"})
    assert r.status_code == 422 and r.json()["detail"][0]["parameter"] == "with"
    assert client.get("/api/timeline", params={"with": "Nobody"}).status_code == 404


def test_web_timeline_openapi_documents_with(client):
    params = {p["name"] for p in client.get("/api/openapi.json").json()["paths"]["/api/timeline"]["get"]["parameters"]}
    assert {"other", "with"} <= params
