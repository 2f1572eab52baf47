"""Crash safety: ``claimgraph ingest`` killed at random points (SIGKILL) or stopped with Ctrl-C
(SIGINT), then run again, ends with exactly what one clean run stores.

Each document is written in one transaction, so a kill can only lose whole documents; the
rerun skips what is stored and does the rest.  The checks: same documents and events as a clean
run, no duplicate events or mentions, every stored document complete (all its events, mentions,
quotes and time expressions), SQLite's integrity and foreign-key checks clean.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time

import pytest

from test_robust_support import (
    assert_only_whole_documents,
    assert_same_content,
    clean_corpus,
    integrity,
    run_cli,
    snapshot,
    start_cli,
    stored_documents,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return clean_corpus(tmp_path_factory)


def test_robust_crash_sigkill_at_random_points_then_rerun(tmp_path, corpus):
    folder, clean = corpus
    total = clean["documents"]
    rng = random.Random(int(os.environ.get("CLAIMGRAPH_ROBUST_SEED", "20240606")))  # set it to explore other kill points
    db = tmp_path / "killed.db"
    # one kill while the model loads, then four at random depths into the first three quarters of
    # the corpus, each a random few milliseconds after the store reached that many documents
    # (often mid-batch; a writer stores a few hundred documents a second, so a depth near the end
    # could see the run finish before the kill)
    plan = [("seconds", rng.uniform(0.5, 2.0))] + [("documents", n) for n in sorted(rng.sample(range(5, total * 3 // 4), 4))]
    killed = []
    for kind, at in plan:
        proc = start_cli(db, "ingest", str(folder), "--quiet", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kind == "seconds":
            time.sleep(at)
        else:
            wait_until(proc, db, at)
            time.sleep(rng.uniform(0, 0.06))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed.append((kind, at))
        proc.wait(timeout=60)
        if stored_documents(db):
            status, fk = integrity(db)
            assert status == "ok" and fk == []
            assert_only_whole_documents(snapshot(db), clean)
    assert len(killed) >= 4, killed
    before = stored_documents(db)
    assert 0 < before < total
    for _attempt in range(3):  # rerun until done (the first rerun should do it)
        result = run_cli(db, "ingest", str(folder), "--quiet")
        if result.returncode == 0:
            break
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"stored {total - before}, skipped {before}, failed 0" in result.stderr
    status, fk = integrity(db)
    assert status == "ok" and fk == []
    assert_same_content(snapshot(db), clean)


def test_robust_crash_ctrl_c_stops_cleanly_and_rerun_completes(tmp_path, corpus):
    folder, clean = corpus
    total = clean["documents"]
    db, report = tmp_path / "interrupted.db", tmp_path / "report.json"

    # Ctrl-C while the language model loads: exit 130, nothing half-done
    proc = start_cli(db, "ingest", str(folder), "--quiet")
    deadline = time.monotonic() + 60
    while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err
    assert stored_documents(db) == 0

    # Ctrl-C in the middle of the run: exit 130 and a summary saying how far it got
    proc = start_cli(db, "ingest", str(folder), "--quiet", "--report", str(report))
    assert wait_until(proc, db, 60)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err
    m = re.search(r"interrupted: read (\d+) documents, stored (\d+), skipped (\d+), failed (\d+)", err)
    assert m, err[-3000:]
    stored = stored_documents(db)
    assert int(m[2]) == stored and 60 <= stored < total
    rep = json.loads(report.read_text())
    assert rep["interrupted"] is True and rep["stored"] == stored and rep["failed"] == []
    assert_only_whole_documents(snapshot(db), clean)

    # the rerun does the rest, and only the rest
    result = run_cli(db, "ingest", str(folder), "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"stored {total - stored}, skipped {stored}, failed 0" in result.stderr
    status, fk = integrity(db)
    assert status == "ok" and fk == []
    assert_same_content(snapshot(db), clean)
