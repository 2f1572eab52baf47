"""``ProcessRunner``: extraction in worker processes, with a stand-in for the model
(``runner_standins``), so these run in seconds: results in input order, the same store as in
one process, no worker for stored inputs, lost workers replaced (or the run stopped), and no
worker left behind."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
import runner_standins as standins

from claimgraph.errors import ModelNotInstalled, WorkerLost
from claimgraph.models import Document
from claimgraph.runner import IDLE, Failed, LocalRunner, ProcessRunner, ingest_paths, plan_shards, run_shards
from claimgraph.store import open_store


@pytest.fixture
def make_runner():
    """``make_runner(**options)``: a two-worker ``ProcessRunner`` on the stand-in model, closed after the test."""
    made: list[ProcessRunner] = []

    def make(**kw) -> ProcessRunner:
        kw.setdefault("load", standins.no_model)
        made.append(ProcessRunner(kw.pop("workers", 2), extract=standins.hand_extract, **kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


_folder = standins.input_folder


def _contents(db) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return (sorted(conn.execute("SELECT id, path FROM documents")), sorted(conn.execute("SELECT id, name FROM actors")),
                sorted(conn.execute("SELECT doc_id, type, source_id, target_id, sentence FROM events")),
                conn.execute("SELECT doc_id, COUNT(*) FROM events GROUP BY doc_id HAVING COUNT(*) > 1").fetchall())
    finally:
        conn.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except OSError:
        return True


def test_runner_process_yields_what_one_process_does_in_input_order(make_runner):
    docs = [Document(text=f"Dastan armed the Free Meridian Front, round {i}." + (" POISON" if i == 4 else "")) for i in range(11)]
    local = list(LocalRunner(standins.no_model(), batch_size=3, extract=standins.hand_extract).extract(docs))
    runner = make_runner(shard_size=3)
    pooled = [r for r in runner.extract(docs) if r is not IDLE]  # IDLE: it waits for a worker (the writer commits then)
    assert [r.document.text if isinstance(r, Failed) else r.doc.text for r in pooled] == [d.text for d in docs]
    assert pooled == local
    assert [type(r).__name__ for r in pooled].count("Failed") == 1
    assert pooled[4].reason == "extraction failed (RuntimeError: the parser fell over)"
    workers = {p.pid for p in runner.pool._pool._processes.values()}
    assert [r for r in runner.extract(docs[:2]) if r is not IDLE] == local[:2]  # the workers stay up between two jobs, as LocalRunner's model
    assert {p.pid for p in runner.pool._pool._processes.values()} == workers
    runner.close()
    assert not runner.pool.started and not any(map(_alive, workers))


def test_runner_process_ingest_stores_what_one_process_stores(tmp_path, make_runner):
    folder = _folder(tmp_path, 13, [("p.txt", "Dastan armed the FMF. POISON")])
    reports = {}
    for name, runner in (("local", LocalRunner(standins.no_model(), extract=standins.hand_extract)), ("pool", make_runner(shard_size=2))):
        with open_store(str(tmp_path / f"{name}.db")) as store:
            reports[name] = ingest_paths([folder], store, runner=runner)
    assert _contents(tmp_path / "local.db") == _contents(tmp_path / "pool.db")
    assert reports["local"].to_json() == reports["pool"].to_json()
    assert (reports["pool"].stored, len(reports["pool"].failed)) == (13, 1)


def test_runner_process_starts_no_worker_when_every_input_is_stored(tmp_path, make_runner):
    folder = _folder(tmp_path, 3)
    with open_store(str(tmp_path / "s.db")) as store:
        with pytest.raises(ModelNotInstalled, match="is not installed"):  # a worker's load error, as the main process would raise it
            ingest_paths([folder], store, runner=make_runner(load=standins.loads_badly))
        assert ingest_paths([folder], store, runner=make_runner()).stored == 3
        runner = make_runner(load=standins.loads_badly)  # would raise if it started
        again = ingest_paths([folder], store, runner=runner)
    assert (again.stored, len(again.skipped)) == (0, 3) and not runner.pool.started


def test_runner_process_lost_worker_is_replaced_and_nothing_is_lost(tmp_path, make_runner):
    flag = tmp_path / "killed-once"
    folder = _folder(tmp_path, 12, [("a05k.txt", f"Dastan armed the Free Meridian Front. KILL {flag}")])
    runner = make_runner(shard_size=2)
    with open_store(str(tmp_path / "k.db")) as store:
        report = ingest_paths([folder], store, runner=runner)
        assert flag.exists() and runner.restarts == 1
        assert (report.stored, report.failed, report.stopped, report.exit_code) == (13, [], None, 0)
        again = ingest_paths([folder], store, runner=make_runner())
        assert (again.stored, len(again.skipped)) == (0, 13)
    docs, _actors, events, dupes = _contents(tmp_path / "k.db")
    assert len(docs) == len(events) == 13 and dupes == []


def test_runner_process_worker_dying_every_time_stops_the_run_and_a_rerun_completes(tmp_path, make_runner):
    folder = _folder(tmp_path, 12, [("a07k.txt", "Dastan armed the Free Meridian Front. KILL always")])
    runner = make_runner(shard_size=2)
    with open_store(str(tmp_path / "d.db")) as store:
        report = ingest_paths([folder], store, runner=runner)
    assert report.stopped and "died 4 times" in report.stopped and "a07k.txt" in report.stopped
    assert report.exit_code == 2 and 0 < report.stored < 13
    docs, _actors, events, dupes = _contents(tmp_path / "d.db")
    assert len(docs) == report.stored == len(events) and dupes == []  # whole documents only
    (folder / "a07k.txt").write_text("Dastan armed the Free Meridian Front once more.", encoding="utf-8")
    with open_store(str(tmp_path / "d.db")) as store:
        rerun = ingest_paths([folder], store, runner=make_runner())
    assert (rerun.stored, len(rerun.skipped), rerun.exit_code) == (13 - report.stored, report.stored, 0)
    docs, _actors, events, dupes = _contents(tmp_path / "d.db")
    assert len(docs) == len(events) == 13 and dupes == []


def test_runner_process_workers_stop_with_the_run(tmp_path, make_runner):
    docs = [Document(text=f"Dastan armed the Free Meridian Front, round {i}.") for i in range(20)]
    runner = make_runner(shard_size=2)
    results = runner.extract(docs)
    next(results)
    workers = [p.pid for p in runner.pool._pool._processes.values()]
    assert len(workers) == 2 and all(map(_alive, workers))
    results.close()  # the consumer stops early (Ctrl-C in drive, an error in a write)
    assert not runner.pool.started
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))


def _killed_main_leaves_no_workers(script: str, within: float) -> None:
    """Run ``script`` (it prints its two workers' pids, then SIGKILLs itself); they must be gone
    ``within`` seconds."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    workers = [int(p) for p in proc.stdout.split()]
    assert len(workers) == 2
    deadline = time.monotonic() + within
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers)), "worker processes outlived their main process"


def test_runner_process_workers_exit_when_the_main_process_is_killed(tmp_path):
    script = textwrap.dedent("""
        import os, signal, sys
        import runner_standins as standins
        from claimgraph.runner import ProcessRunner
        runner = ProcessRunner(2, load=standins.no_model, extract=standins.hand_extract)
        runner.nlp  # starts the workers
        print(" ".join(str(p.pid) for p in runner.pool._pool._processes.values()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    _killed_main_leaves_no_workers(script, within=10)


def test_runner_process_workers_exit_when_the_main_process_is_killed_while_they_start(tmp_path):
    # killed before the workers ran their initializer: they are the init process's children by
    # then, and must still know whom they were started by
    script = textwrap.dedent("""
        import os, signal
        import runner_standins as standins
        from claimgraph.runner import worker
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        ctx = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(2, mp_context=ctx, initializer=worker.initialize, initargs=(standins.no_model, ctx.Value("i", 0)))
        [executor.submit(worker.probe, 2, 60) for _ in range(2)]
        print(" ".join(str(p.pid) for p in executor._processes.values()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    _killed_main_leaves_no_workers(script, within=30)


def test_runner_process_shards_after_a_lost_worker_rerun_does_only_the_missing(tmp_path):
    folder = _folder(tmp_path, 8, [("a03k.txt", "Dastan armed the Free Meridian Front. KILL always")])
    shards, _ = plan_shards([folder], size=1)
    out = tmp_path / "out"
    with pytest.raises(WorkerLost, match="shards are done; run it again"):
        run_shards(shards, out, workers=2, nlp_factory=standins.no_model, extract=standins.hand_extract)
    done = {p.name for p in out.iterdir() if p.suffix == ".jsonl"} if out.exists() else set()
    assert len(done) < len(shards)
    (folder / "a03k.txt").write_text("Dastan armed the Free Meridian Front once more.", encoding="utf-8")
    shards, _ = plan_shards([folder], size=1)
    outs = run_shards(shards, out, workers=2, nlp_factory=standins.no_model, extract=standins.hand_extract)
    assert sum(o.done_before for o in outs) == len(done)
    assert all(o.path.exists() for o in outs)


def test_runner_process_workers_option_and_its_default(tmp_path, monkeypatch):
    from test_cli_support import run_main

    from claimgraph.config import default_workers
    from claimgraph.errors import ClaimgraphError

    refused = run_main("ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--workers", "0")
    assert refused.exit_code == 2 and refused.stderr == "error: --workers must be at least 1, not 0\n"
    assert not (tmp_path / "x.db").exists()
    monkeypatch.setenv("CLAIMGRAPH_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("CLAIMGRAPH_WORKERS")
    assert default_workers() == (os.cpu_count() or 1)
    monkeypatch.setenv("CLAIMGRAPH_WORKERS", "many")
    with pytest.raises(ClaimgraphError, match="CLAIMGRAPH_WORKERS='many' is not a number"):
        default_workers()
