"""Crash safety of ``claimgraph remove``: killed (SIGKILL) or stopped with Ctrl-C (SIGINT) while
it deletes, the store is consistent and still holds every document (the removal is one
transaction), and running the same command again removes them all.

The store is built by hand, big enough (4,000 documents) that the removal takes about a second;
the kill comes a random moment after the remover took the write lock."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
import time

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction

from claimgraph.runner import StoreSink
from claimgraph.store import open_store
from test_robust_support import start_cli
from test_versions_support import actor_ids, problems

pytestmark = pytest.mark.slow

N = 4000


def big_store(path) -> str:
    actors = {k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf", "g:varosia")}
    with open_store(str(path)) as store:
        sink = StoreSink(store)
        with store.transaction():
            for i in range(N):
                lone = {f"g:envoy{i}": (f"Envoy Number{i}", "PERSON", ())}  # an actor only this document names ("g:" keeps its id)
                sink.add(make_extraction(
                    [f"Dastan armed the FMF near post {i}.", f"Envoy Number{i} said the FMF attacked Varosia on day {i}."],
                    actors={**actors, **lone}, path=f"corpus/{i}.txt",
                    events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"},
                            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:varosia", "attributed_to": f"g:envoy{i}"}]))
    return str(path)


def counts(db: str) -> tuple[int, int, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "events", "actors"))
    finally:
        conn.close()


def writer_holds_lock(db: str) -> bool:
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        conn.close()


def start_remove(db: str, targets: list[str], *, delay: float, sig: int):
    """Start ``remove``, wait until it holds the write lock, wait ``delay`` more, send ``sig``."""
    proc = start_cli(db, "remove", *targets)
    deadline = time.monotonic() + 120
    while not writer_holds_lock(db):
        assert proc.poll() is None, f"remove ended before it was stopped: {proc.communicate()}"
        assert time.monotonic() < deadline, "remove never took the write lock"
        time.sleep(0.005)
    time.sleep(delay)
    assert proc.poll() is None, "remove finished before the signal: the store is too small for this test"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return big_store(tmp_path_factory.mktemp("remove_crash") / "big.db")


def test_versions_crash_remove_killed_or_interrupted_then_rerun(tmp_path, built):
    db = str(tmp_path / "big.db")
    with open(built, "rb") as src, open(db, "wb") as dst:
        dst.write(src.read())
    full = counts(db)
    ever = actor_ids(db)
    targets = [f"corpus/{i}.txt" for i in range(0, N, 2)] + ["corpus/1.txt"]
    rng = random.Random(int(os.environ.get("CLAIMGRAPH_ROBUST_SEED", "20240606")))
    for delay in sorted(rng.uniform(0.02, 0.3) for _ in range(3)):
        code, _err = start_remove(db, targets, delay=delay, sig=signal.SIGKILL)
        assert code == -signal.SIGKILL
        assert counts(db) == full  # one transaction: a kill removes nothing
        assert problems(db, ever) == []

    code, err = start_remove(db, targets, delay=0.1, sig=signal.SIGINT)
    assert code == 130 and "interrupted" in err and "nothing was removed" in err and "Traceback" not in err, err[-2000:]
    assert counts(db) == full and problems(db, ever) == []

    # the rerun finishes; it holds the lock well past the moments the kills came (else they
    # could have come after the commit, or before the transaction)
    # (the longest hold: opening the store read-write takes the lock a moment first, to check its schema)
    proc = start_cli(db, "remove", *targets)
    outputs: list = []
    reader = threading.Thread(target=lambda: outputs.extend(proc.communicate(timeout=120)))  # the pipes never fill
    reader.start()
    held, locked_at = 0.0, None
    while reader.is_alive():
        if writer_holds_lock(db):
            locked_at = locked_at or time.monotonic()
            held = max(held, time.monotonic() - locked_at)
        else:
            locked_at = None
        time.sleep(0.005)
    reader.join()
    out, err = outputs
    assert proc.returncode == 0, err[-2000:]
    assert held > 0.4, held
    removed = len(targets)
    assert f"removed {removed} documents" in " ".join(out.split())
    docs, events, actors = counts(db)
    assert (docs, events, actors) == (full[0] - removed, full[1] - 2 * removed, full[2] - removed)  # each lone envoy went
    assert problems(db, ever) == []
