"""Sector actors ("Dastan police", "protesters") in the lists and the graph: shown by default, hidden
by one switch (``actors --no-sectors``, ``sectors=false`` on the web API and the graph page)."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction
from typer.testing import CliRunner

from claimgraph.cli import app

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402

SECTOR = {"t:dastan police": "POLICE", "d:protest": "PROTEST"}


def _doc(text: str):
    ex = make_extraction([text], actors={"g:dastan": MERIDIAN_ACTORS["g:dastan"], "g:varosia": MERIDIAN_ACTORS["g:varosia"],
                                         "t:dastan police": ("Dastan police", "ORG", ()), "d:protest": ("protesters", "OTHER", ())},
                         events=[{"s": 0, "type": "COERCE", "source": "t:dastan police", "target": "d:protest"},
                                 {"s": 0, "type": "ACCUSE", "source": "g:dastan", "target": "g:varosia"}])
    return replace(ex, actors=tuple(replace(a, kind="sector", sector=SECTOR[a.id]) if a.id in SECTOR else a for a in ex.actors))


@pytest.fixture
def db(make_store, tmp_path):
    make_store([_doc("Dastan accused Varosia as Dastan police held protesters."), _doc("Dastan police beat protesters; Dastan blamed Varosia.")])
    return str(tmp_path / "t.db")


def test_sector_views_cli_actors_no_sectors(db):
    runner = CliRunner()
    every = json.loads(runner.invoke(app, ["--db", db, "actors", "--json"]).stdout)
    assert {(r["name"], r["kind"]) for r in every} >= {("Dastan police", "sector"), ("protesters", "sector"), ("Dastan", "actor")}
    r = runner.invoke(app, ["--db", db, "actors", "--no-sectors", "--json"])
    assert r.exit_code == 0, r.output
    assert {row["id"] for row in json.loads(r.stdout)} == {"dastan", "varosia"}
    table = runner.invoke(app, ["--db", db, "actors"]).stdout
    assert "OTHER · PROTEST" in table and "ORG · POLICE" in table


def test_sector_views_web_actors_and_graph(db):
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        assert c.get("/api/actors").json()["total"] == 5  # the protesters of each document are their own
        assert {a["id"] for a in c.get("/api/actors?sectors=false").json()["actors"]} == {"dastan", "varosia"}
        every = c.get("/api/graph").json()
        assert {n["id"] for n in every["nodes"]} >= {"dastan-police", "dastan", "varosia"} and every["sectors"] is True
        named = c.get("/api/graph?sectors=false").json()
        assert {n["id"] for n in named["nodes"]} == {"dastan", "varosia"}
        assert [(e["source"], e["target"]) for e in named["edges"]] == [("dastan", "varosia")] and named["total_edges"] == 1
        assert 'name="sectors" value="false" checked' in c.get("/?sectors=false").text
        assert 'name="sectors" value="false" checked' not in c.get("/").text
        assert "/actors/protesters" not in c.get("/actors?sectors=false").text and "/actors/protesters" in c.get("/actors").text
