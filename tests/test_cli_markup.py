"""What users control (paths, titles, names, quotes) prints as itself: Rich markup in it is
escaped, and control characters never reach the terminal raw."""
from __future__ import annotations

import json

from conftest import make_extraction

from claimgraph.terminal import esc, plain
from test_cli_support import build_store, fake_model, run_main  # noqa: F401

BODY = "Varland recalls envoy\n\nThe foreign ministry of Varland said it had recalled its envoy from Dastan, officials said.\n"


def test_cli_markup_helpers():
    assert plain("a\x1b[31mred\x00") == "a\\x1b[31mred\\x00"
    assert plain("line\none\ttab") == "line\none\ttab"
    assert esc("[/] and [bold]x[/bold]") == "\\[/] and \\[bold]x\\[/bold]"


def test_cli_markup_path_with_closing_tag_does_not_crash_ingest(tmp_path, fake_model):
    folder = tmp_path / "odd [" / "] [bold]names"  # the path holds "[/]"
    folder.mkdir(parents=True)
    (folder / "envoy [i].txt").write_text(BODY, encoding="utf-8")
    (folder / "esc\x1b[31mred.txt").write_text(BODY.replace("Monday", "Friday").replace("envoy from", "ambassador from"), encoding="utf-8")
    (folder / "empty [red].txt").write_text("", encoding="utf-8")
    report = tmp_path / "r.json"
    res = run_main("ingest", str(tmp_path / "odd ["), "--db", str(tmp_path / "m.db"), "--report", str(report))
    assert res.exit_code == 1, res  # the empty file failed; the two others were stored
    assert json.loads(report.read_text())["stored"] == 2
    assert "empty [red].txt: empty file" in res.stderr and "odd [/] [bold]names" in res.stderr
    assert "\x1b" not in res.stderr + res.stdout
    again = run_main("ingest", str(tmp_path / "odd ["), "--db", str(tmp_path / "m.db"))
    assert again.exit_code == 1 and "stored 0, skipped 2" in again.stderr


def test_cli_markup_path_with_closing_tag_does_not_crash_extract(tmp_path, fake_model):
    folder = tmp_path / "x [" / "]"
    folder.mkdir(parents=True)
    (folder / "a [b]x[i].txt").write_text(BODY, encoding="utf-8")
    (folder / "b [red].txt").write_bytes(b"")
    res = run_main("extract", str(tmp_path / "x ["))
    assert res.exit_code == 1 and "x [/]/b [red].txt" in res.stderr and "empty file" in res.stderr
    (rec,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert rec["doc"]["path"].endswith("a [b]x[i].txt")


def test_cli_markup_names_and_quotes_in_tables(tmp_path):
    name = "Front [/] of \x1b[2JVarland"
    ex = make_extraction([f"The {name} attacked Dastan on Monday.", "Dastan said it would respond."],
                         actors={"a": (name, "ORG", ("[bold]the Front[/bold]",)), "g:dastan": ("Dastan", "GPE", ())},
                         events=[{"s": 0, "type": "ASSAULT", "source": "a", "target": "g:dastan", "date": "2021-03"}],
                         source="Courier [/i]", path="a.txt")
    db = build_store(tmp_path / "n.db", [ex])
    for cmd in (["actors"], ["events"], ["timeline"], ["dyad", "Dastan", "Front [/] of \x1b[2JVarland"]):
        res = run_main(*cmd, "--db", str(db))
        assert res.exit_code == 0, (cmd, res)
        assert "Front [/] of \\x1b[2JVarland" in res.stdout, cmd
        assert "\x1b" not in res.stdout
    assert "[bold]the Front[/bold]" in run_main("actors", "--db", str(db)).stdout
    assert "Courier [/i]" in run_main("events", "--db", str(db)).stdout
