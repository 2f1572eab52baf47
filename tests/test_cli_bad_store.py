"""A damaged store and bad arguments get one line and exit 2, never a traceback."""
from __future__ import annotations

import sqlite3

import pytest

from test_cli_support import build_store, fake_model, run_main, write_articles  # noqa: F401


def _damaged(tmp_path, how: str):
    good = build_store(tmp_path / "good.db")
    with sqlite3.connect(good) as conn:  # fold the WAL into the file, so the file is the whole store
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(good.read_bytes())
    bad = tmp_path / f"{how} store.db"
    if how == "truncated":
        data = data[: len(data) // 3]
    elif how == "header":
        data[:16] = b"not a database!!"
    else:  # every page after the first two overwritten in the middle
        for page in range(2, len(data) // 4096):
            data[page * 4096 + 100: page * 4096 + 300] = b"\xff" * 200
    bad.write_bytes(bytes(data))
    return bad


def _one_line_error(res, *needles):
    assert res.exit_code == 2, res
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert "Traceback" not in res.stderr
    for n in needles:
        assert n in res.stderr, (n, res.stderr)


@pytest.mark.parametrize("how, cmd", [(h, c) for h in ("truncated", "header") for c in (["report"], ["events"], ["conflicts"])]
                         + [("pages", ["report"])])  # a flipped page is found only when a query reads it
def test_cli_bad_store_query_gives_recover_hint(tmp_path, how, cmd):
    bad = _damaged(tmp_path, how)
    _one_line_error(run_main(*cmd, "--db", str(bad)), ".recover", "damaged")
    assert f"sqlite3 '{bad}' .recover" in run_main(*cmd, "--db", str(bad)).stderr  # quoted for the shell


@pytest.mark.parametrize("how", ["truncated", "header"])
def test_cli_bad_store_ingest_gives_recover_hint(tmp_path, how, fake_model):
    bad = _damaged(tmp_path, how)
    folder = write_articles(tmp_path / "in", 1)
    _one_line_error(run_main("ingest", str(folder), "--db", str(bad), "-q"), ".recover")


def test_cli_bad_store_new_store_on_a_full_disk(tmp_path, monkeypatch, fake_model):
    from claimgraph.store.sqlite import connection

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(connection, "migrate", full)
    folder = write_articles(tmp_path / "in", 1)
    _one_line_error(run_main("ingest", str(folder), "--db", str(tmp_path / "new.db"), "-q"), "the disk is full")


def test_cli_bad_store_report_is_a_folder(tmp_path, fake_model):
    folder = write_articles(tmp_path / "in", 1)
    _one_line_error(run_main("ingest", str(folder), "--db", str(tmp_path / "x.db"), "--report", str(tmp_path)), "is a folder")
    assert fake_model == []  # refused before any work


@pytest.mark.parametrize("n", ["-5", "0"])
def test_cli_bad_store_max_bytes_must_be_positive(tmp_path, n, fake_model):
    folder = write_articles(tmp_path / "in", 1)
    _one_line_error(run_main("ingest", str(folder), "--db", str(tmp_path / "x.db"), "--max-bytes", n), "--max-bytes must be at least 1")
