"""``check(limit=)``: each side's first items in the unlimited order, with ``totals`` and the
same counts and summary as the unlimited answer, on both back ends; the web route pages so."""
from __future__ import annotations

from test_dyad_pages import _records

from claimgraph.analysis import check


def test_check_pages_keep_the_order_the_counts_and_the_summary(store_factory):
    store = store_factory(_records())
    whole = check(store, "Dastan cooperates with FMF", limit=None)
    assert len(whole["supporting"]) > 4 and len(whole["opposing"]) > 4
    assert whole["totals"] == {k: len(whole[k]) for k in ("supporting", "opposing", "intentions")}
    for limit in (1, 3, 4):
        page = check(store, "Dastan cooperates with FMF", limit=limit)
        for key in ("supporting", "opposing", "intentions"):
            assert page[key] == whole[key][:limit]
        assert (page["totals"], page["counts"], page["summary"]) == (whole["totals"], whole["counts"], whole["summary"])


def test_api_check_sends_a_page_with_the_totals(store_factory, tmp_path):
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    store = store_factory(_records())
    whole = check(store, "Dastan cooperates with FMF", limit=None)
    client = TestClient(create_app(store.path), base_url="http://127.0.0.1")
    got = client.get("/api/check", params={"claim": "Dastan cooperates with FMF", "limit": 2}).json()
    assert [i["event_id"] for i in got["supporting"]] == [i["event_id"] for i in whole["supporting"][:2]]
    assert got["totals"] == whole["totals"] and got["summary"] == whole["summary"]
    assert client.get("/api/check", params={"claim": "Dastan cooperates with FMF", "limit": 0}).status_code == 422
