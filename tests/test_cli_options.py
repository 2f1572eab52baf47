"""Options a new user types: ``--db`` before or after the command, flags shown without a
value type, ``events --type`` repeated like ``timeline --type``."""
from __future__ import annotations

import json

import typer.main

from claimgraph.cli import NO_STORE, app
from test_cli_support import build_store, fake_model, invoke, run_main, write_articles  # noqa: F401


def test_cli_db_after_the_command_is_the_store(tmp_path):
    db = build_store(tmp_path / "m.db")
    before = invoke("--db", str(db), "actors", "--json")
    after = invoke("actors", "--json", "--db", str(db))
    assert before.exit_code == 0 and after.exit_code == 0, after.output
    assert json.loads(after.output) == json.loads(before.output) and json.loads(after.output)


def test_cli_db_after_wins_over_before_and_env(tmp_path, monkeypatch):
    db = build_store(tmp_path / "m.db")
    monkeypatch.setenv("CLAIMGRAPH_DB", str(tmp_path / "elsewhere.db"))
    res = run_main("actors")
    assert res.exit_code == 2 and "elsewhere.db" in res.stderr  # the env var still counts: no store there
    res = invoke("--db", str(tmp_path / "nothing.db"), "actors", "--json", "--db", str(db))
    assert res.exit_code == 0 and any(a["name"] == "Dastan" for a in json.loads(res.output))
    monkeypatch.setenv("CLAIMGRAPH_DB", str(db))
    assert invoke("actors", "--json").exit_code == 0


def test_cli_db_after_ingest_writes_there(tmp_path, fake_model):
    folder = write_articles(tmp_path / "in")
    res = invoke("ingest", str(folder), "--db", str(tmp_path / "x.db"), "-q")
    assert res.exit_code == 0, res.output
    from claimgraph.store import open_store

    with open_store(str(tmp_path / "x.db"), readonly=True) as store:
        assert store.stats()["documents"] == 2


def test_cli_every_store_command_takes_db_after_its_name():
    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():
        has = any("--db" in p.opts for p in cmd.params)
        assert has == (name not in NO_STORE), name


def test_cli_flags_show_no_value_type_in_help():
    for args in (["--help"], ["ingest", "--help"], ["events", "--help"], ["actors", "--help"]):
        res = invoke(*args, terminal_width=160)
        assert res.exit_code == 0
        assert "<bool>" not in res.output, args
    out = invoke("events", "--help", terminal_width=160).output
    assert "<int>" in out  # options that take a value still show its type


def test_cli_events_type_repeats_like_timeline(tmp_path):
    from conftest import make_extraction

    actors = {"g:varland": ("Varland", "GPE", ()), "g:dastan": ("Dastan", "GPE", ())}
    exs = [make_extraction([f"Varland and Dastan, report {i}."], actors=actors, path=f"d{i}.txt",
                           events=[{"s": 0, "type": t, "source": "g:varland", "target": "g:dastan", "date": "2021"}])
           for i, t in enumerate(["ASSAULT", "AID", "THREATEN"])]
    db = build_store(tmp_path / "t.db", exs)
    res = invoke("events", "--db", str(db), "--type", "assault", "--type", "AID", "--json")
    assert res.exit_code == 0, res.output
    assert sorted(e["type"] for e in json.loads(res.output)) == ["AID", "ASSAULT"]
    both = invoke("events", "--db", str(db), "--type", "ASSAULT,THREATEN", "--json")
    assert sorted(e["type"] for e in json.loads(both.output)) == ["ASSAULT", "THREATEN"]
    bad = run_main("events", "--db", str(db), "--type", "PUNCH")
    assert bad.exit_code == 2 and "unknown event type 'PUNCH'" in bad.stderr


def test_cli_a_small_input_is_extracted_in_this_process_unless_workers_are_asked_for(tmp_path, monkeypatch):
    from claimgraph import cli

    monkeypatch.delenv("CLAIMGRAPH_WORKERS", raising=False)
    few = tmp_path / "few"
    few.mkdir()
    for i in range(3):
        (few / f"a{i}.txt").write_text("Dastan met Varosia.", encoding="utf-8")
    many = tmp_path / "many"
    many.mkdir()
    for i in range(cli.SMALL_INPUT):
        (many / f"b{i}.txt").write_text("Dastan met Varosia.", encoding="utf-8")
    assert cli._auto_workers([few], 4) == 1
    assert cli._auto_workers([many], 4) == 4
    assert cli._auto_workers([few, many], 4) == 4
    monkeypatch.setenv("CLAIMGRAPH_WORKERS", "3")
    assert cli._auto_workers([few], 3) == 3  # asked for by name: as asked
