"""The analysis commands through the CLI (--json and the Rich rendering)."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import ClaimParseError

runner = CliRunner()


def cg(db: str, *args: str):
    return runner.invoke(app, ["--db", db, *args])


def test_analysis_cli_dyad_json(meridian_db):
    r = cg(meridian_db, "dyad", "Varosia", "Dastan", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["a"], d["b"]) == ("Varosia", "Dastan") and set(d["by_period"]) == {"2021", "2022"}


def test_analysis_cli_conflicts_json(meridian_db):
    r = cg(meridian_db, "conflicts", "--json", "--limit", "2")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 2 and {rows[0]["a"], rows[0]["b"]} == {"Dastan", "Free Meridian Front"}
    assert rows[0]["explanation"] and rows[0]["denials"]


def test_analysis_cli_check_json(meridian_db):
    r = cg(meridian_db, "check", "Dastan arms the FMF", "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["claim"]["relation"] == "AID" and len(res["supporting"]) == 3 and res["opposing"]


def test_analysis_cli_check_unparseable(meridian_db):
    r = cg(meridian_db, "check", "Dastan befriends the FMF")
    assert isinstance(r.exception, ClaimParseError) and "befriends" in str(r.exception)


def test_analysis_cli_framing_and_timeline_json(meridian_db):
    f = json.loads(cg(meridian_db, "framing", "FMF", "--json").stdout)
    assert f["unlabelled_sources"] == ["voice.txt"]
    t = json.loads(cg(meridian_db, "timeline", "FMF", "--type", "ASSAULT", "--json").stdout)
    assert [e["date"] for e in t] == ["2016", "2019-09-12", "2019-09-16", "2023-06-18"]
    both = json.loads(cg(meridian_db, "timeline", "Varosia", "--with", "Dastan", "--json").stdout)
    assert [e["type"] for e in both] == ["SANCTION", "AGREE"]


@pytest.mark.parametrize(
    "args",
    [("dyad", "Dastan", "FMF"), ("conflicts",), ("check", "Dastan arms the FMF"), ("framing", "FMF"), ("timeline",), ("report",)],
)
def test_analysis_cli_rich_rendering_shows_evidence(meridian_db, args):
    r = cg(meridian_db, *args)
    assert r.exit_code == 0, r.output
    assert r.stdout.strip()
    if args[0] in ("dyad", "conflicts", "check"):
        assert "Tribune" in r.stdout and "Dastan" in r.stdout


def test_analysis_cli_report_has_conflict_and_check(meridian_db):
    rep = json.loads(cg(meridian_db, "report", "--json").stdout)
    assert {rep["top_conflict"]["a"], rep["top_conflict"]["b"]} == {"Dastan", "Free Meridian Front"}
    assert rep["check"]["claim"]["relation"] == "COOPERATE"
    assert rep["check"]["supporting"] and rep["check"]["opposing"]


def test_analysis_cli_export(meridian_db, tmp_path):
    r = cg(meridian_db, "export", "--format", "jsonl")
    assert r.exit_code == 0, r.output
    kinds = {json.loads(line)["kind"] for line in r.stdout.splitlines()}
    assert kinds == {"document", "actor", "event"}
    out = tmp_path / "g.graphml"
    assert cg(meridian_db, "export", "-f", "graphml", "-o", str(out)).exit_code == 0
    assert nx.read_graphml(out).number_of_edges() > 0
    assert cg(meridian_db, "export", "-f", "csv", "-o", str(tmp_path / "c")).exit_code == 0
    assert (tmp_path / "c_nodes.csv").exists() and (tmp_path / "c_edges.csv").exists()


def test_analysis_cli_dyad_by_month_and_bad_period(meridian_db):
    d = json.loads(cg(meridian_db, "dyad", "Varosia", "Dastan", "--period", "month", "--json").stdout)
    assert set(d["by_period"]) == {"2021-04", "2022-05"}
    assert cg(meridian_db, "dyad", "Varosia", "Dastan", "--period", "week").exit_code != 0
