"""Fuzz every JSON route of the app's own OpenAPI spec (issue 14): whatever the parameters, the
answer is JSON and never a 5xx.  Bounded: a few dozen examples per route, no deadline, so the
whole file runs in seconds."""
from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
hypothesis = pytest.importorskip("hypothesis")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claimgraph.web import create_app  # noqa: E402

EXAMPLES = 30
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# values the store knows, so that examples also reach past validation into the queries
KNOWN = st.sampled_from(["FMF", "Dastan", "the Front", "Varosia", "Ilan Varga", "Sons of Karem", "AID", "ASSAULT", "aid,assault",
                         "2019", "2019-09", "2019-09-14", "2019-13", "The Herald", "The Tribune", "1", "1,2,3", "convoy",
                         "Dastan arms the FMF", "Varosia sanctions Dastan", "-1", "0", "1e20", "99999999999999999999", "%", "'", '"'])
INTS = st.one_of(st.integers(min_value=-5, max_value=300), st.integers(min_value=-(2**70), max_value=2**70))


@pytest.fixture(scope="module")
def client(meridian_db):
    with TestClient(create_app(meridian_db), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/api/openapi.json").json()


def json_routes() -> list[str]:
    return ["/api/graph", "/api/facets", "/api/actors", "/api/actors/{actor}", "/api/events", "/api/documents",
            "/api/documents/{doc_id}", "/api/conflicts", "/api/check", "/api/timeline", "/api/search", "/api/path"]


def test_web_fuzz_covers_every_json_route_of_the_spec(spec):
    routes = {p for p, ops in spec["paths"].items() if "get" in ops and p != "/api/openapi.json"}
    assert routes == set(json_routes())


def value_strategy(schema: dict):
    kinds = {s.get("type") for s in schema.get("anyOf", [schema])}
    if "array" in kinds:
        return st.lists(st.one_of(KNOWN, TEXT), max_size=4)
    if "integer" in kinds:
        return st.one_of(INTS, KNOWN, TEXT)
    return st.one_of(KNOWN, TEXT)


def request_strategy(op: dict, path: str):
    params = op.get("parameters", [])
    fields = {}
    for p in params:
        strat = value_strategy(p.get("schema", {}))
        fields[(p["in"], p["name"])] = strat if p.get("required") else st.one_of(st.none(), strat)
    return st.fixed_dictionaries(fields)


@pytest.mark.parametrize("route", json_routes())
def test_web_fuzz_route_never_answers_5xx(client, spec, route):
    op = spec["paths"][route]["get"]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(request_strategy(op, route))
    def check(values):
        path, query = route, []
        for (where, name), value in values.items():
            if value is None:
                continue
            if where == "path":
                text = str(value) or "x"
                path = path.replace("{" + name + "}", quote(text, safe=""))
            else:
                query += [(name, str(v)) for v in value] if isinstance(value, list) else [(name, str(value))]
        r = client.get(path, params=query)
        assert r.status_code < 500, (path, query, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("application/json"), (path, query, r.headers["content-type"])
        body = r.json()
        if r.status_code >= 400:
            assert set(body) == {"error", "detail"}, (path, query, body)

    check()
