"""A second writer waits its turn while another holds the store's write lock, says so, and
gives up only after a long wait, with a message; queries never wait (they open read-only)."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from claimgraph.store import open_store
from test_cli_support import fake_model, run_main, write_articles  # noqa: F401


@pytest.fixture
def short_busy(monkeypatch):
    from claimgraph.store.sqlite import connection

    monkeypatch.setattr(connection, "_BUSY_TIMEOUT_MS", 200)


def hold_lock(db, seconds: float, held: threading.Event | None = None) -> threading.Thread:
    def run():
        conn = sqlite3.connect(db, isolation_level=None, timeout=10)
        conn.execute("BEGIN IMMEDIATE")
        if held:
            held.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    t = threading.Thread(target=run)
    t.start()
    return t


def test_cli_lock_ingest_waits_for_the_writer_at_open(tmp_path, short_busy, fake_model):
    db = tmp_path / "l.db"
    open_store(str(db)).close()
    folder = write_articles(tmp_path / "in", 2)
    held = threading.Event()
    holder = hold_lock(db, 1.0, held)
    held.wait(5)
    res = run_main("ingest", str(folder), "--db", str(db), "-q")
    holder.join()
    assert res.exit_code == 0, res
    assert res.stderr.count("waiting for another writer") == 1 and "stored 2" in res.stderr


def test_cli_lock_ingest_waits_between_commits(tmp_path, monkeypatch, short_busy, fake_model):
    """Another writer slips in between two of ingest's commits (here one a document: a batch
    holds the lock until it commits, ``runner.base.Batches``), and ingest waits for it."""
    from claimgraph.runner import sinks

    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "1")

    db = tmp_path / "m.db"
    folder = write_articles(tmp_path / "in", 3)
    real = sinks.StoreSink.add
    holders = []

    def add(self, ex):
        if len(holders) == 0 and ex.doc.path.endswith("note_1.txt"):  # another writer slips in between documents
            held = threading.Event()
            holders.append(hold_lock(db, 0.8, held))
            held.wait(5)
        return real(self, ex)

    monkeypatch.setattr(sinks.StoreSink, "add", add)
    res = run_main("ingest", str(folder), "--db", str(db), "-q")
    holders[0].join()
    assert res.exit_code == 0, res
    assert "waiting for another writer" in res.stderr and "stored 3" in res.stderr


def test_cli_lock_gives_up_loudly_and_queries_do_not_wait(tmp_path, short_busy, fake_model):
    db = tmp_path / "g.db"
    open_store(str(db)).close()
    folder = write_articles(tmp_path / "in", 1)
    held = threading.Event()
    holder = hold_lock(db, 4.0, held)
    held.wait(5)
    try:
        query = run_main("actors", "--db", str(db))
        assert query.exit_code == 0 and "waiting" not in query.stderr  # read-only: it needs no lock
        res = run_main("ingest", str(folder), "--db", str(db), "-q")
    finally:
        holder.join()
    assert res.exit_code == 2, res
    assert "waiting for another writer" in res.stderr
    assert "locked by another writer" in res.stderr and "gave up after waiting" in res.stderr and "Traceback" not in res.stderr
