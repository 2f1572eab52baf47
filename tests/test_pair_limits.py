"""check and dyad at their default limit (20 a list) on a pair with more items than that: the
lists are the first items of the unlimited answer, the counts, totals and summary the same, on
both back ends; /api/dyad pages so; the CLI says "showing k of N" and lists all with --all."""
from __future__ import annotations

import json

from test_dyad_pages import _records
from typer.testing import CliRunner

from claimgraph.analysis import check, dyad
from claimgraph.cli import app

CLAIMS = ("Dastan cooperates with FMF", "Dastan attacks FMF", "FMF funds Dastan", "Dastan does not cooperate with FMF")


def test_check_default_limit_is_the_first_twenty_and_counts_all(store_factory):
    store = store_factory(_records())
    store.add_decision("reject_event", event=store.pair_events("dastan", "fmf")[5]["id"])
    for claim in CLAIMS:
        whole, page = check(store, claim, limit=None), check(store, claim)
        assert max(whole["totals"].values()) > 20, claim
        assert whole["totals"] == {k: len(whole[k]) for k in ("supporting", "opposing", "intentions")}
        for key in ("supporting", "opposing", "intentions"):
            assert page[key] == whole[key][:20] and len(page[key]) == min(20, whole["totals"][key])
        assert (page["totals"], page["counts"], page["summary"]) == (whole["totals"], whole["counts"], whole["summary"])
        assert whole["counts"]["supporting"]["items"] == whole["totals"]["supporting"]


def test_check_counts_are_those_of_the_items(store_factory):
    store = store_factory(_records())
    whole = check(store, "Dastan cooperates with FMF", limit=None)
    for side in ("supporting", "opposing"):
        items, c = whole[side], whole["counts"][side]
        assert c["items"] == len(items) and c["documents"] == len({x["doc_id"] for x in items})
        assert c["sources"] == len({x["source"] for x in items}) and c["hedged"] == sum(x["hedged"] for x in items)
        assert c["attributions"] == sorted({x["attributed_to"] for x in items if x["attributed_to"]})


def test_api_dyad_pages_with_the_totals(store_factory):
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    store = store_factory(_records())
    whole = dyad(store, "Dastan", "FMF", limit=None)
    client = TestClient(create_app(store.path), base_url="http://127.0.0.1")
    got = client.get("/api/dyad", params={"a": "Dastan", "b": "FMF", "limit": 3}).json()
    assert got["by_stance_total"] == whole["by_stance_total"] and got["counts"] == whole["counts"]
    for stance, items in whole["by_stance"].items():
        assert [x["event_id"] for x in got["by_stance"][stance]] == [x["event_id"] for x in items[:3]]
    assert client.get("/api/dyad", params={"a": "Dastan", "b": "FMF", "limit": 0}).status_code == 422
    assert client.get("/api/dyad", params={"a": "Dastan", "b": "FMF", "limit": 100_000}).status_code == 422
    assert client.get("/api/dyad", params={"a": "Dastan", "b": "Nobody at all"}).status_code == 404


def test_cli_check_and_dyad_say_how_many_they_show(make_store):
    db = str(make_store(_records()).path)
    runner = CliRunner()
    out = runner.invoke(app, ["--db", db, "check", "Dastan cooperates with FMF", "--limit", "2"], terminal_width=200)
    assert out.exit_code == 0, out.output
    assert "showing 2 of" in out.output and "--all" in out.output
    full = runner.invoke(app, ["--db", db, "check", "Dastan cooperates with FMF", "--all"], terminal_width=200)
    assert full.exit_code == 0 and "showing" not in full.output
    res = json.loads(runner.invoke(app, ["--db", db, "check", "Dastan cooperates with FMF", "--json", "--limit", "2"]).stdout)
    assert len(res["supporting"]) == 2 and res["totals"]["supporting"] > 2
    d = runner.invoke(app, ["--db", db, "dyad", "Dastan", "FMF", "--limit", "1"], terminal_width=200)
    assert d.exit_code == 0 and "showing 1 of" in d.output
