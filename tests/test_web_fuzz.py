"""Fuzz every JSON route of the app's own OpenAPI spec (issue 14): whatever the parameters, the
answer is JSON and never a 5xx.  The curation POST routes too, with the app's token (so that
examples reach past the token check into the store), on a copy of the store that they may
change.  Bounded: a few dozen examples per route, no deadline, so the whole file runs in seconds."""
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
            "/api/documents/{doc_id}", "/api/conflicts", "/api/check", "/api/dyad", "/api/timeline", "/api/search", "/api/path", "/api/decisions"]


def post_routes() -> list[str]:
    return [f"/api/actors/{{actor}}/{k}" for k in ("merge", "split", "rename", "type")] + \
        ["/api/events/{event_id}/reject", "/api/events/{event_id}/confirm", "/api/decisions/{decision_id}/undo"]


def test_web_fuzz_covers_every_json_route_of_the_spec(spec):
    routes = {p for p, ops in spec["paths"].items() if "get" in ops and p != "/api/openapi.json"}
    assert routes == set(json_routes())
    assert {p for p, ops in spec["paths"].items() if "post" in ops} == set(post_routes())


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


@pytest.fixture(scope="module")
def editor(meridian_db, tmp_path_factory):
    """A client of an app that takes edits, over a copy of the meridian store, and its token."""
    import re
    import shutil

    path = tmp_path_factory.mktemp("fuzz-edits") / "edits.db"
    shutil.copy(meridian_db, path)
    with TestClient(create_app(path, bind="127.0.0.1"), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/actors").text).group(1)
        yield c, token


FIELDS = ("into", "other", "alias", "doc", "name", "type", "note", "author", "next")
NAMES = st.sampled_from(["FMF", "Dastan", "the Front", "Varosia", "Ilan Varga", "Varga", "Sons of Karem", "SoK", "Karem North Brigade",
                         "Kingdom of Dastan", "Idris Kallan", "PERSON", "org", "GPE", "/events", "//evil.example"])
# mostly names the store knows (so that decisions are made, and then refused as made already), some junk
BODY_VALUES = st.one_of(NAMES, NAMES, NAMES, KNOWN, TEXT, st.none(), INTS, st.booleans(), st.lists(KNOWN, max_size=2))


@pytest.mark.parametrize("route", post_routes())
def test_web_fuzz_post_route_never_answers_5xx(editor, spec, route):
    client, token = editor
    params = [p["name"] for p in spec["paths"][route]["post"].get("parameters", []) if p["in"] == "path"]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({p: st.one_of(NAMES, st.integers(1, 15), KNOWN, TEXT, INTS) for p in params}),
           st.dictionaries(st.sampled_from(FIELDS), BODY_VALUES, max_size=3), st.booleans())
    def check(path_values, body, as_form):
        path = route
        for name, value in path_values.items():
            path = path.replace("{" + name + "}", quote(str(value) or "x", safe=""))
        if as_form:
            form = {k: str(v) for k, v in body.items() if v is not None and not isinstance(v, list)}
            r = client.post(path, data={**form, "csrf_token": token})
        else:
            r = client.post(path, json={**body, "csrf_token": token})
        assert r.status_code < 500, (path, body, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("application/json"), (path, body, r.headers["content-type"])
        if r.status_code >= 400:
            assert set(r.json()) == {"error", "detail"}, (path, body, r.text[:300])

    check()
