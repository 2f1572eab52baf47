"""A full disk stops ingest at the first failed write, with one clear reason and exit 2,
keeping what was stored before it."""
from __future__ import annotations

import json
import sqlite3

from claimgraph.store import open_store
from test_cli_support import fake_model, run_main, write_articles  # noqa: F401


def test_cli_full_disk_stops_at_the_first_error(tmp_path, monkeypatch, fake_model):
    from claimgraph.store.sqlite import SQLiteStore

    folder = write_articles(tmp_path / "in", 6)
    real = SQLiteStore.write_extraction
    calls = []

    def filling(self, ex, **kwargs):
        calls.append(ex.doc.path)
        if len(calls) >= 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, ex, **kwargs)

    monkeypatch.setattr(SQLiteStore, "write_extraction", filling)
    report = tmp_path / "r.json"
    db = tmp_path / "f.db"
    res = run_main("ingest", str(folder), "--db", str(db), "--report", str(report), "-q")
    assert res.exit_code == 2, res
    assert len(calls) == 3  # no write was tried after the first that failed
    rep = json.loads(report.read_text())
    assert rep["stored"] == 2 and len(rep["failed"]) == 1 and rep["read"] < 6
    assert "the disk is full" in rep["failed"][0]["reason"] and rep["stopped"]
    assert "stopped:" in res.stderr and "free some space" in res.stderr and "Traceback" not in res.stderr
    with open_store(str(db), readonly=True) as store:
        assert store.stats()["documents"] == 2  # what was stored stays

    monkeypatch.setattr(SQLiteStore, "write_extraction", real)  # space freed: the rerun finishes the job
    again = run_main("ingest", str(folder), "--db", str(db), "-q")
    assert again.exit_code == 0 and "stored 4, skipped 2" in again.stderr


def test_cli_full_disk_other_store_errors_still_fail_alone(tmp_path, monkeypatch, fake_model):
    from claimgraph.store.sqlite import SQLiteStore

    folder = write_articles(tmp_path / "in", 3)
    real = SQLiteStore.write_extraction

    def refusing(self, ex, **kwargs):
        if ex.doc.path.endswith("note_1.txt"):
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, ex, **kwargs)

    monkeypatch.setattr(SQLiteStore, "write_extraction", refusing)
    res = run_main("ingest", str(folder), "--db", str(tmp_path / "o.db"), "-q")
    assert res.exit_code == 1 and "stored 2" in res.stderr and "stopped" not in res.stderr
