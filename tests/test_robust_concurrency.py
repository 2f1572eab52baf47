"""Concurrency: queries while ``claimgraph ingest`` writes, and two ingests into one store.

WAL mode lets readers see the store as of their last commit, and each document is committed
with all its records, so a reader never meets a half-written document; ``BEGIN IMMEDIATE`` with
a 30 s busy timeout makes two writers take turns.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections import Counter

import pytest

from claimgraph.store import open_store
from test_robust_support import (
    assert_only_whole_documents,
    assert_same_content,
    clean_corpus,
    connect_ro,
    integrity,
    run_cli,
    snapshot,
    start_cli,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return clean_corpus(tmp_path_factory)


def test_robust_concurrency_queries_during_ingest_see_whole_documents(tmp_path, corpus, monkeypatch):
    folder, clean = corpus
    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "3")  # many commits, each of whole documents, for the readers to meet
    db = tmp_path / "live.db"
    ingest = start_cli(db, "ingest", str(folder), "--quiet")
    assert wait_until(ingest, db, 1)

    cli_runs: list[tuple[int, str]] = []

    def query_with_the_cli() -> None:  # `claimgraph actors --json`, again and again
        while ingest.poll() is None:
            r = run_cli(db, "actors", "--json", "--limit", "0", timeout=120)
            try:
                rows = json.loads(r.stdout)
                ok = isinstance(rows, list) and all({"id", "name", "aliases"} <= row.keys() for row in rows)
            except json.JSONDecodeError:
                ok = False
            cli_runs.append((r.returncode if ok else -1, r.stderr[-500:]))

    thread = threading.Thread(target=query_with_the_cli)
    thread.start()
    rounds, seen_docs = 0, set()
    errors: list[str] = []
    store = open_store(str(db))  # opened the way the query commands open it
    conn = connect_ro(db)
    try:
        while ingest.poll() is None:
            try:
                events = store.events()
                store.actors()
                store.quotes(limit=20)
                view = snapshot(db, conn)
            except Exception as exc:  # noqa: BLE001 - any failing query fails the test
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            # store.events() is one SELECT: a document's events come all or none
            per_doc = Counter(e["doc_id"] for e in events)
            for doc_id, n in per_doc.items():
                assert n == clean["per_doc"]["events"][doc_id], f"{doc_id}: {n} of {clean['per_doc']['events'][doc_id]} events visible"
            # and in one read transaction every visible document has all its records
            assert_only_whole_documents(view, clean)
            seen_docs.add(view["documents"])
            rounds += 1
            time.sleep(0.02)
    finally:
        thread.join(timeout=180)
        store.close()
        conn.close()
    assert ingest.returncode == 0, ingest.stderr.read()[-3000:]
    assert errors == []
    assert rounds >= 10 and len(seen_docs) >= 5, (rounds, sorted(seen_docs))  # it really ran alongside
    assert cli_runs and all(rc == 0 for rc, _ in cli_runs), cli_runs
    assert_same_content(snapshot(db), clean)


def test_robust_concurrency_two_ingests_into_one_store(tmp_path, corpus):
    folder, clean = corpus
    files = sorted(folder.iterdir())
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    # overlapping halves: the middle 60 files (and the JSONL file) are in both folders
    for f in files[:115] + [f for f in files if f.suffix == ".jsonl"]:
        shutil.copy(f, a / f.name)
    for f in files[55:]:
        shutil.copy(f, b / f.name)
    db = tmp_path / "shared.db"  # does not exist yet: both create and migrate it at once
    procs = [start_cli(db, "ingest", str(folder_), "--quiet") for folder_ in (a, b)]
    results = []
    for proc in procs:
        _out, err = proc.communicate(timeout=240)
        results.append((proc.returncode, err))
    for rc, err in results:
        assert "Traceback" not in err, err[-3000:]
        # either it took turns with the other writer, or it gave up with a clear message
        assert rc == 0 or (rc == 2 and "locked by another writer" in err), err[-3000:]
    for (rc, _err), folder_ in zip(results, (a, b)):
        if rc != 0:
            retry = run_cli(db, "ingest", str(folder_), "--quiet")
            assert retry.returncode == 0, retry.stderr[-3000:]
    stored = [re.search(r"stored (\d+), skipped (\d+), failed 0", err) for _rc, err in results]
    if all(stored):
        assert sum(int(m[1]) for m in stored) == clean["documents"]  # each document stored by exactly one
    status, fk = integrity(db)
    assert status == "ok" and fk == []
    assert_same_content(snapshot(db), clean)
