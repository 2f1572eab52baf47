"""Crash safety with worker processes (``ingest --workers 2``, the real model): a worker killed
mid-run (SIGKILL, as the out-of-memory killer does) is replaced and the run ends with what a
clean run stores; the main process killed takes its workers with it, and the rerun completes
with no duplicates.  ``tests/test_runner_process.py`` checks the same with a stand-in model."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

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


def _workers(pid: int, expect: int = 2, timeout: float = 60) -> list[int]:
    """The extraction workers of process ``pid`` (its multiprocessing children, not the
    resource tracker), once ``expect`` of them run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in children:
                try:
                    cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                if b"spawn_main" in cmd:
                    found.append(int(child))
        if len(found) >= expect:
            return found
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not start {expect} workers in {timeout} s")


def _gone(pids: list[int], timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() and "zombie" not in _state(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return next((line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:")), "")
    except OSError:
        return "zombie"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_robust_workers_a_killed_worker_is_replaced_and_the_run_completes(tmp_path, corpus):
    folder, clean = corpus
    total = clean["documents"]
    db = tmp_path / "worker-killed.db"
    proc = start_cli(db, "ingest", str(folder), "--workers", "2", "--quiet")
    workers = _workers(proc.pid)
    assert wait_until(proc, db, 40)
    os.kill(workers[0], signal.SIGKILL)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    assert f"done: read {total} documents, stored {total}, skipped 0, failed 0" in err
    assert "Traceback" not in err
    status, fk = integrity(db)
    assert status == "ok" and fk == []
    assert_same_content(snapshot(db), clean)
    again = run_cli(db, "ingest", str(folder), "--workers", "2", "--quiet")
    assert again.returncode == 0 and f"stored 0, skipped {total}, failed 0" in again.stderr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_robust_workers_main_process_killed_takes_its_workers_and_rerun_completes(tmp_path, corpus):
    folder, clean = corpus
    total = clean["documents"]
    db = tmp_path / "main-killed.db"
    proc = start_cli(db, "ingest", str(folder), "--workers", "2", "--quiet")
    workers = _workers(proc.pid)
    assert wait_until(proc, db, 30)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert _gone(workers), "worker processes outlived the killed ingest"
    before = stored_documents(db)
    assert_only_whole_documents(snapshot(db), clean)
    result = run_cli(db, "ingest", str(folder), "--workers", "2", "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"stored {total - before}, skipped {before}, failed 0" in result.stderr
    assert_same_content(snapshot(db), clean)
