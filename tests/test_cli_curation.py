"""The curation commands: `actors merge/split/rename/type`, `events reject/confirm` and
`decisions` (list, undo, export, import).  Each change opens the store writable and says in one
line what it did; the listings `actors` and `events` work as before."""
from __future__ import annotations

import json

import pytest
from conftest import make_extraction

from test_cli_support import build_store, invoke, run_main


@pytest.fixture
def db(tmp_path):
    return str(build_store(tmp_path / "m.db"))


def as_json(*args):
    res = invoke(*args, "--json", "-n", "0") if args[0] in ("actors", "events") else invoke(*args, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def one_line(res) -> str:
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    return lines[0]


def test_cli_curation_listings_work_as_before_with_no_decision(db):
    table = invoke("actors", "--db", db, "-n", "3")
    assert table.exit_code == 0 and "Free Meridian Front" in table.output and "curated" not in table.output
    rows = as_json("actors", "--db", db)
    assert all(r["curated_by"] == [] for r in rows) and {"id", "name", "aliases", "mentions"} <= set(rows[0])
    assert invoke("actors", "--db", db, "--no-sectors", "--json").exit_code == 0
    events = invoke("events", "--db", db, "--actor", "Dastan", "-n", "2")
    assert events.exit_code == 0 and "showing 2 of" in " ".join(events.output.split())
    assert invoke("decisions", "--db", db).exit_code == 0 and as_json("decisions", "--db", db) == []


def test_cli_curation_merge_then_listing_shows_one_curated_actor(db, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_USER", "desk-editor")
    line = one_line(invoke("actors", "merge", "Sons of Karem", "Karem North Brigade", "--note", "one group", "--db", db))
    assert line.startswith("decision 1: merge 'Karem North Brigade' into 'Sons of Karem'") and "records moved" in line
    rows = {r["name"]: r for r in as_json("actors", "--db", db)}
    assert "Karem North Brigade" not in rows
    assert "Karem North Brigade" in rows["Sons of Karem"]["aliases"] and rows["Sons of Karem"]["curated_by"] == [1]
    assert "Sons of Karem curated" in invoke("actors", "--db", db, "-n", "0").output
    brigade = [e for e in as_json("events", "--db", db) if "Karem North Brigade" in e["sentence"]]
    assert brigade and all("sok" in (e["source_id"], e["target_id"]) for e in brigade)
    [d] = as_json("decisions", "--db", db)
    assert (d["kind"], d["author"], d["note"], d["undone_at"]) == ("merge", "desk-editor", "one group", None)
    assert d["summary"] == "merge 'Karem North Brigade' into 'Sons of Karem'"
    assert "desk-editor" in invoke("decisions", "--db", db).output


def test_cli_curation_split_rename_and_type(db):
    line = one_line(invoke("actors", "split", "FMF", "--alias", "the Front", "--db", db))
    assert line.startswith("decision 1: split 'the Front' off 'Free Meridian Front'")
    assert one_line(invoke("actors", "rename", "Varga", "Ilan Varga (minister)", "--db", db)).startswith(
        "decision 2: rename 'Ilan Varga' to 'Ilan Varga (minister)'")
    assert "ORG -> OTHER" in one_line(invoke("actors", "type", "FMF", "other", "--db", db))
    rows = {r["name"]: r for r in as_json("actors", "--db", db)}
    assert rows["the Front"]["curated_by"] == [1] and rows["Ilan Varga (minister)"]["curated_by"] == [2]
    assert rows["Free Meridian Front"]["type"] == "OTHER"
    assert invoke("events", "--db", db, "--actor", "Ilan Varga (minister)").exit_code == 0  # the new name finds it


def test_cli_curation_reject_hides_the_event_and_undo_brings_it_back(db):
    rifles = next(e for e in as_json("events", "--db", db) if e["sentence"].startswith("Dastan delivered rifles"))
    assert f"#{rifles['id']}" in invoke("events", "--db", db, "-n", "0").output
    supporting = {x["event_id"] for x in as_json("check", "Dastan arms the FMF", "--db", db)["supporting"]}
    assert rifles["id"] in supporting
    line = one_line(invoke("events", "reject", str(rifles["id"]), "--note", "rifles were for the police", "--db", db))
    assert line.startswith("decision 1: reject Dastan AID Free Meridian Front") and "(1 event rejected)" in line
    assert rifles["id"] not in {e["id"] for e in as_json("events", "--db", db)}
    assert rifles["id"] not in {x["event_id"] for x in as_json("check", "Dastan arms the FMF", "--db", db)["supporting"]}
    assert one_line(invoke("decisions", "undo", "1", "--db", db)).startswith("undid decision 1: reject")
    assert rifles["id"] in {e["id"] for e in as_json("events", "--db", db)}
    [d] = as_json("decisions", "--db", db)
    assert d["undone_at"] is not None
    assert "undone" in invoke("decisions", "--db", db).output


def test_cli_curation_confirm_shows_on_the_event(db):
    first = as_json("events", "--db", db)[0]
    one_line(invoke("events", "confirm", str(first["id"]), "--db", db))
    row = next(e for e in as_json("events", "--db", db) if e["id"] == first["id"])
    assert (row["curation"], row["curated_by"]) == ("confirmed", 1)
    assert "confirmed" in invoke("events", "--db", db, "-n", "0").output


def test_cli_curation_undo_merge_without_the_model(db):
    one_line(invoke("actors", "merge", "Sons of Karem", "Karem North Brigade", "--db", db))
    line = one_line(invoke("decisions", "undo", "1", "--no-reextract", "--db", db))
    assert line.startswith("undid decision 1: merge") and "5 documents edited" in line
    assert "Karem North Brigade" in {r["name"] for r in as_json("actors", "--db", db)}


def test_cli_curation_export_import_into_a_fresh_store(db, tmp_path):
    rifles = next(e for e in as_json("events", "--db", db) if e["sentence"].startswith("Dastan delivered rifles"))
    invoke("events", "reject", str(rifles["id"]), "--db", db)
    invoke("actors", "merge", "Sons of Karem", "Karem North Brigade", "--db", db)
    out = tmp_path / "team.json"
    assert one_line(invoke("decisions", "export", str(out), "--db", db)) == f"wrote 2 decisions to {out}"
    fresh = str(build_store(tmp_path / "fresh.db"))
    assert one_line(invoke("decisions", "import", str(out), "--db", fresh)) == f"imported 2 decisions from {out}, skipped 0 already here"
    assert one_line(invoke("decisions", "import", str(out), "--db", fresh)).endswith("skipped 2 already here")
    assert as_json("actors", "--db", fresh) == as_json("actors", "--db", db)
    assert [e["id"] for e in as_json("events", "--db", fresh)] == [e["id"] for e in as_json("events", "--db", db)]


def test_cli_curation_db_before_the_group_and_after_the_sub_command(db, tmp_path):
    assert invoke("--db", db, "actors", "rename", "FMF", "The Front of Meridia").exit_code == 0
    assert invoke("actors", "--db", db, "type", "FMF", "OTHER").exit_code == 0
    other = str(build_store(tmp_path / "other.db"))  # given after the sub-command, it wins
    assert invoke("--db", other, "actors", "type", "Dastan", "ORG", "--db", db).exit_code == 0
    assert [d["kind"] for d in as_json("decisions", "--db", db)] == ["rename", "type", "type"]
    assert as_json("decisions", "--db", other) == []


@pytest.mark.parametrize("args, message", [
    (["actors", "merge", "Dastann", "FMF"], "did you mean: Dastan"),
    (["actors", "merge", "FMF", "the Front"], "are one actor already"),
    (["actors", "split", "FMF", "--alias", "Orla"], "has no alias 'Orla'"),
    (["actors", "type", "FMF", "ARMY"], "unknown actor type 'ARMY'"),
    (["events", "reject", "999"], "no event 999"),
    (["decisions", "undo", "7"], "no decision 7"),
])
def test_cli_curation_mistakes_are_one_line_and_exit_2(db, args, message):
    res = run_main(*args, "--db", db)
    assert res.exit_code == 2 and message in res.stderr, res
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_cli_curation_never_creates_a_store(tmp_path):
    missing = tmp_path / "none.db"
    res = run_main("actors", "merge", "A", "B", "--db", str(missing))
    assert res.exit_code == 2 and "no store at" in res.stderr and not missing.exists()
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    db = str(build_store(tmp_path / "s.db", [make_extraction(["Dastan met Varosia."], actors={"g:dastan": ("Dastan", "GPE", ())})]))
    res = run_main("decisions", "import", str(bad), "--db", db)
    assert res.exit_code == 2 and "not a claimgraph decisions file" in res.stderr


def test_cli_curation_help_explains_the_groups():
    for args in (["actors", "--help"], ["events", "--help"], ["decisions", "--help"], ["actors", "split", "--help"]):
        res = invoke(*args, terminal_width=160)
        assert res.exit_code == 0 and "<bool>" not in res.output, args
    assert "merge" in invoke("actors", "--help").output and "reject" in invoke("events", "--help").output
    assert "--alias" in invoke("actors", "split", "--help", terminal_width=160).output
