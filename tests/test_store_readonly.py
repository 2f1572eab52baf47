"""Query commands open the store read-only (``mode=ro``): they never write, never migrate, work
while a writer holds the lock, and refuse a store of another schema with one clear line."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import pytest
from conftest import meridian_records
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.runner import add_extraction
from claimgraph.store import open_store
from claimgraph.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION, statements

QUERIES = [
    ["actors", "--json"], ["quotes", "--json"], ["events", "--json"], ["dyad", "Dastan", "FMF", "--json"],
    ["conflicts", "--json"], ["check", "Dastan arms the FMF", "--json"], ["framing", "FMF", "--json"],
    ["timeline", "--json"], ["report", "--json"], ["export", "--format", "jsonl"],
]


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "m.db")
    with open_store(path) as store:
        for ex in meridian_records():
            add_extraction(store, ex)
    return path


def _fingerprint(path: str) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest(), os.stat(path).st_mtime_ns


def _old_store(path: str, version: int = 1) -> None:
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        for stmt in statements(script):
            conn.execute(stmt)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(version),))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: a[0])
def test_store_readonly_queries_do_not_change_the_file(db, args):
    before = _fingerprint(db)
    result = CliRunner().invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    assert _fingerprint(db) == before


def test_store_readonly_query_works_while_a_writer_holds_the_lock(db):
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock and keeps it
    try:
        result = CliRunner().invoke(app, ["--db", db, "actors", "--json"])
        assert result.exit_code == 0, result.output
        assert {a["id"] for a in json.loads(result.output)} >= {"dastan", "fmf"}
        with open_store(db, readonly=True) as store:
            assert store.stats()["documents"] == 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_store_readonly_open_refuses_writes(db):
    with open_store(db, readonly=True) as store:
        assert store.readonly
        with pytest.raises(StoreError):
            with store.transaction():
                pass


def test_store_readonly_older_schema_is_refused_in_one_line_and_left_alone(tmp_path):
    path = str(tmp_path / "old.db")
    _old_store(path)
    before = _fingerprint(path)
    with pytest.raises(StoreError) as info:
        open_store(path, readonly=True)
    message = str(info.value)
    assert "\n" not in message and "older" in message and "claimgraph --db" in message and "reprocess" in message
    result = CliRunner().invoke(app, ["--db", path, "actors"])
    assert result.exit_code != 0
    assert _fingerprint(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
    conn.close()
    # the command the message names upgrades it
    assert CliRunner().invoke(app, ["--db", path, "reprocess", "-q"]).exit_code == 0
    with open_store(path, readonly=True) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_store_readonly_web_app_refuses_an_older_schema(tmp_path):
    from claimgraph.web import create_app

    path = str(tmp_path / "old.db")
    _old_store(path, version=2)
    with pytest.raises(StoreError, match="reprocess"):
        create_app(path)


def test_store_readonly_missing_store_and_unknown_targets(tmp_path):
    with pytest.raises(ClaimgraphError, match="no store at"):
        open_store(str(tmp_path / "none.db"), readonly=True)
    assert not (tmp_path / "none.db").exists()
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "events"])
    assert result.exit_code != 0 and not (tmp_path / "none.db").exists()
    with pytest.raises(StoreError, match="cannot open store postgresql://me:\\*\\*\\*@127.0.0.1:1/news|needs psycopg"):
        open_store("postgresql://me:secret@127.0.0.1:1/news")  # no server there; the password is not shown
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="not a claimgraph store"):
        open_store(str(empty), readonly=True)
