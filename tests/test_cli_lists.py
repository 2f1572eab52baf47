"""Lists say when they are cut, limits are checked, and output to a pipe is not wrapped at 80."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_extraction

from test_cli_support import build_store, invoke, run_main

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture
def db(tmp_path):
    return build_store(tmp_path / "m.db")


@pytest.mark.parametrize("cmd", [["actors"], ["events"], ["timeline"]])
def test_cli_lists_say_showing_n_of_m(db, cmd):
    full = invoke(*cmd, "--db", str(db), "-n", "0", "--json")
    total = len(json.loads(full.output))
    assert total >= 3, full.output
    res = run_main(*cmd, "--db", str(db), "-n", "2")
    assert res.exit_code == 0, res
    assert f"showing 2 of {total}" in " ".join(res.stdout.split())
    as_json = run_main(*cmd, "--db", str(db), "-n", "2", "--json")
    assert len(json.loads(as_json.stdout)) == 2 and f"showing 2 of {total}" in as_json.stderr
    uncut = run_main(*cmd, "--db", str(db), "-n", str(total))
    assert "showing" not in uncut.stdout + uncut.stderr


@pytest.mark.parametrize("cmd", [["actors"], ["events"], ["timeline"], ["dyad", "Dastan", "FMF"], ["conflicts"],
                                 ["check", "Dastan arms the FMF"]])
def test_cli_lists_negative_limit_is_refused(db, cmd):
    res = run_main(*cmd, "--db", str(db), "-n", "-1")
    assert res.exit_code == 2 and "-n/--limit must be 0 (all) or more, not -1" in res.stderr, res
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_cli_lists_negative_evidence_is_refused(db):
    res = run_main("conflicts", "--db", str(db), "-e", "-3")
    assert res.exit_code == 2 and "-e/--evidence must be 0 (all) or more" in res.stderr


def test_cli_lists_pipe_output_is_not_wrapped_at_80(tmp_path):
    long_name = "Provisional Council for the Reconstruction of the Northern Varland Highlands and Coast"
    ex = make_extraction([f"The {long_name} met envoys from Dastan on Monday."],
                         actors={"a": (long_name, "ORG", ("the Highlands Council", "the Coastal Reconstruction Authority")),
                                 "g:dastan": ("Dastan", "GPE", ())})
    db = build_store(tmp_path / "w.db", [ex])
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = SRC
    out = subprocess.run([sys.executable, "-m", "claimgraph.cli", "actors", "--db", str(db)], capture_output=True, text=True,
                         env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if long_name in line)
    assert "the Coastal Reconstruction Authority" in row and len(row) > 80
