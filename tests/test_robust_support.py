"""Helpers for the robustness suite (tests/test_robust_*.py); this module holds no tests.

* :func:`news_article` writes short, distinct, news-like texts about invented actors, so that
  ingest has something real to extract (actors, quotes, events) at ~0.03 s a document;
* :func:`start_cli` runs ``claimgraph`` in a child process (on the configured model, the
  default unless ``CLAIMGRAPH_MODEL`` says otherwise), with Ctrl-C delivered as in a terminal;
* :func:`snapshot` reads a store in one read transaction (a consistent view, even while another
  process writes) and returns the counts the tests compare.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimgraph.synthetic import news_article, write_corpus  # noqa: F401  (the robust tests import them from here)


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMGRAPH_DB", "CLAIMGRAPH_WORKERS")}  # every core, the default
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _terminal_like_sigint() -> None:  # a child of a background job inherits SIGINT ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cli(db: Path | str, *args: str, stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
    """``claimgraph --db DB ARGS...`` in a child process (Ctrl-C reaches it as in a terminal)."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimgraph.cli", "--db", str(db), *args],
        stdout=stdout, stderr=stderr, text=True, env=cli_env(), preexec_fn=_terminal_like_sigint,
    )


def run_cli(db: Path | str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    proc = start_cli(db, *args)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"claimgraph {' '.join(args)} ran over {timeout} s\n{err[-3000:]}") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def connect_ro(db: Path | str) -> sqlite3.Connection:
    """A read-only connection that never creates the file and waits out a writer's checkpoint."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def stored_documents(db: Path | str) -> int:
    """How many documents the store holds now (0 while it does not exist yet)."""
    if not Path(db).exists():
        return 0
    try:
        conn = connect_ro(db)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def wait_until(proc: subprocess.Popen, db: Path | str, documents: int, timeout: float = 120) -> bool:
    """Poll until the store holds at least ``documents`` or ``proc`` ends; True if it got there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stored_documents(db) >= documents:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    raise AssertionError(f"store {db} did not reach {documents} documents in {timeout} s")


PER_DOC_TABLES = ("events", "mentions", "quotes", "timexes", "labels", "aliases")


def snapshot(db: Path | str, conn: sqlite3.Connection | None = None) -> dict:
    """Counts of one consistent view of the store: totals, per document and per table, the
    events as a multiset of (doc, type, start, end, trigger offset), and duplicates."""
    own = conn is None
    conn = conn or connect_ro(db)
    try:
        conn.execute("BEGIN")
        docs = {r[0]: r[1] for r in conn.execute("SELECT id, pipeline_version FROM documents")}
        per_doc = {t: dict(conn.execute(f"SELECT doc_id, COUNT(*) FROM {t} GROUP BY doc_id").fetchall()) for t in PER_DOC_TABLES}
        events = sorted(conn.execute("SELECT doc_id, type, start, \"end\", trigger_start FROM events").fetchall())
        dupes = conn.execute(
            "SELECT doc_id, start, type, source_id, target_id, trigger_start, COUNT(*) FROM events"
            " GROUP BY doc_id, start, type, source_id, target_id, trigger_start HAVING COUNT(*) > 1").fetchall()
        dupe_mentions = conn.execute(
            "SELECT doc_id, actor_id, start, COUNT(*) FROM mentions GROUP BY doc_id, actor_id, start HAVING COUNT(*) > 1").fetchall()
        orphans = {t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
                   for t in PER_DOC_TABLES}
        actors = conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0]
        conn.execute("COMMIT")
    finally:
        if own:
            conn.close()
    return {
        "documents": len(docs), "doc_ids": set(docs), "versions": docs, "per_doc": per_doc, "events": events,
        "n_events": len(events), "duplicates": dupes + dupe_mentions, "orphans": orphans, "actors": actors,
    }


def integrity(db: Path | str) -> tuple[str, list]:
    conn = connect_ro(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def assert_same_content(got: dict, clean: dict) -> None:
    """``got`` holds exactly what a clean run stored: same documents, same records per document,
    no duplicates, nothing orphaned."""
    assert got["duplicates"] == [], f"duplicate records: {got['duplicates'][:5]}"
    assert got["orphans"] == {t: 0 for t in PER_DOC_TABLES}
    assert got["doc_ids"] == clean["doc_ids"], (len(got["doc_ids"]), len(clean["doc_ids"]))
    assert got["n_events"] == clean["n_events"]
    for table in ("events", "mentions", "quotes", "timexes", "labels"):
        assert got["per_doc"][table] == clean["per_doc"][table], f"{table} per document differ from a clean run"
    assert got["events"] == clean["events"]


CORPUS_FILES, CORPUS_JSONL = 170, 30  # 200 documents
_CLEAN: dict = {}


def clean_corpus(tmp_path_factory) -> tuple[Path, dict]:
    """The 200-document corpus and a snapshot of one clean, uninterrupted ``claimgraph ingest``
    of it; made once per test session and shared by the crash and concurrency tests."""
    if not _CLEAN:
        root = tmp_path_factory.mktemp("robust_corpus")
        corpus = root / "corpus"
        write_corpus(corpus, CORPUS_FILES, CORPUS_JSONL)
        db = root / "clean.db"
        result = run_cli(db, "ingest", str(corpus), "--quiet")
        assert result.returncode == 0, result.stderr[-3000:]
        clean = snapshot(db)
        assert clean["documents"] == CORPUS_FILES + CORPUS_JSONL and clean["duplicates"] == []
        _CLEAN.update(corpus=corpus, clean=clean)
    return _CLEAN["corpus"], _CLEAN["clean"]


def assert_only_whole_documents(got: dict, clean: dict) -> None:
    """Every document in a partly filled store has all its records (as many of each kind as a
    clean run gives it) and no record lacks its document."""
    assert got["duplicates"] == [], got["duplicates"][:5]
    assert got["orphans"] == {t: 0 for t in PER_DOC_TABLES}
    assert got["doc_ids"] <= clean["doc_ids"]
    for table in ("events", "mentions", "quotes", "timexes", "labels"):
        for doc_id in got["doc_ids"]:
            assert got["per_doc"][table].get(doc_id, 0) == clean["per_doc"][table].get(doc_id, 0), (table, doc_id)
