"""``ingest --engine dask`` (``runner.dask_engine``, ``runner.sharded``): shards run on a real
``distributed.LocalCluster`` of two worker processes, then merged here.  The fast tests use the
stand-in model of ``runner_standins`` (the workers import it by name); one test, marked
``model``, runs the real model on examples/corpus.  A worker is killed in the middle of a run
by a document that says ``KILL <flag file>`` (SIGKILL, as the out-of-memory killer would)."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import runner_standins as standins
from conftest import CORPUS
from test_cli_support import run_main

from claimgraph.errors import ClaimgraphError, ModelNotInstalled
from claimgraph.runner import LocalRunner, dask_engine, ingest_paths, plan_shards, run_shards
from claimgraph.runner.dask_engine import DaskEngine  # imports no Dask until a cluster starts
from claimgraph.runner.sharded import default_shard_dir, ingest_shards
from claimgraph.store import open_store

HAVE_DASK = importlib.util.find_spec("distributed") is not None and importlib.util.find_spec("dask") is not None
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="dask/distributed are not installed (pip install 'claimgraph[dask]')")


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes (one thread each), for the whole module."""
    if not HAVE_DASK:
        pytest.skip("dask/distributed are not installed (pip install 'claimgraph[dask]')")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as c:
        yield c


@pytest.fixture
def scheduler(cluster) -> str:
    """The cluster's address, once both workers are up (a test before may have killed one)."""
    from distributed import Client

    with Client(cluster) as client:
        client.wait_for_workers(2, timeout=120)
    return cluster.scheduler_address


@pytest.fixture
def fragile(cluster):
    """The scheduler gives up on a task at the first worker that dies running it."""
    before = cluster.scheduler.allowed_failures
    cluster.scheduler.allowed_failures = 0
    yield
    cluster.scheduler.allowed_failures = before


def _engine(scheduler: str | None, **kw) -> DaskEngine:
    return DaskEngine(scheduler, kw.pop("workers", 2), load=kw.pop("load", standins.no_model), extract=standins.hand_extract, **kw)


_inputs = standins.input_folder


def _contents(db) -> dict:
    conn = sqlite3.connect(db)

    def rows(sql):
        return sorted(conn.execute(sql), key=repr)

    try:
        return {"documents": rows("SELECT id, path, source FROM documents"), "actors": rows("SELECT id, name, type FROM actors"),
                "events": rows("SELECT doc_id, type, source_id, target_id, sentence FROM events"),
                "mentions": conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
                "duplicates": conn.execute("SELECT doc_id FROM events GROUP BY doc_id HAVING COUNT(*) > 1").fetchall()}
    finally:
        conn.close()


def _local(folder, db, **kw):
    with open_store(str(db)) as store:
        return ingest_paths([folder], store, runner=LocalRunner(standins.no_model(), extract=standins.hand_extract), **kw)


def _dask(folder, db, engine, out, **kw):
    kw.setdefault("shard_size", 2)
    with open_store(str(db)) as store:
        return ingest_shards([folder], store, engine, out, **kw)


@needs_dask
def test_dask_engine_ingest_stores_what_a_local_ingest_stores(tmp_path, scheduler):
    wire = "".join(json.dumps({"text": f"The Free Meridian Front thanked Dastan, wire {i}.", "source": "Wire"}) + "\n" for i in range(5))
    folder = _inputs(tmp_path, 7, extra=[("empty.txt", ""), ("bad.txt", "Dastan armed the FMF. POISON"), ("w.jsonl", wire)])
    seen = []
    with _engine(scheduler) as engine:
        report = _dask(folder, tmp_path / "d.db", engine, tmp_path / "out", progress=lambda kind, item: seen.append((kind, item)),
                       defaults={"source": "Herald"})
    told = []
    local = _local(folder, tmp_path / "l.db", defaults={"source": "Herald"}, progress=lambda kind, item: told.append((kind, item)))
    assert (report.read, report.stored, sorted(report.failed)) == (local.read, local.stored, sorted(local.failed))
    assert report.stored == 12 and len(report.failed) == 2
    d, lo = _contents(tmp_path / "d.db"), _contents(tmp_path / "l.db")
    assert d == lo and d["events"] and d["duplicates"] == []
    assert {s for _, _, s in d["documents"]} == {"Herald", "Wire"}  # the reader's defaults reached the workers
    shards = [item for kind, item in seen if kind == "shard"]
    assert [s.done for s in shards] == list(range(1, 9)) and shards[-1].total == 8 and shards[-1].documents == 12
    stored = [(item.path, item.line) for kind, item in seen if kind == "stored"]
    assert stored == [(item.path, item.line) for kind, item in told if kind == "stored"]  # written in the local ingest's order
    assert len({t["worker"] for t in engine.timings["shards"]}) == 2  # both workers ran shards


@needs_dask
def test_dask_engine_a_rerun_runs_only_the_missing_shards(tmp_path, scheduler):
    folder = _inputs(tmp_path, 8)
    out = tmp_path / "out"
    with _engine(scheduler) as engine:
        first = _dask(folder, tmp_path / "d.db", engine, out)
    assert (first.stored, len(engine.timings["shards"])) == (8, 4)
    outputs = sorted(out.iterdir())
    outputs[1].unlink()
    outputs[2].unlink()
    with _engine(scheduler) as engine:
        again = _dask(folder, tmp_path / "d.db", engine, out)
    assert len(engine.timings["shards"]) == 2 and {t["path"] for t in engine.timings["shards"]} == {str(outputs[1]), str(outputs[2])}
    assert (again.read, again.stored, len(again.skipped)) == (8, 0, 8)
    assert _contents(tmp_path / "d.db")["duplicates"] == []


@needs_dask
def test_dask_engine_starts_nothing_when_every_shard_is_done(tmp_path):
    folder = _inputs(tmp_path, 4)
    shards, _ = plan_shards([folder], size=2)
    run_shards(shards, tmp_path / "out", nlp_factory=standins.no_model, extract=standins.hand_extract)
    engine = _engine("tcp://127.0.0.1:9", connect_timeout=1)  # nothing listens there
    report = _dask(folder, tmp_path / "d.db", engine, tmp_path / "out")
    assert report.stored == 4 and not engine.started


@needs_dask
def test_dask_engine_retries_the_shard_of_a_worker_killed_mid_run(tmp_path, scheduler):
    """A worker dies in the middle of the run (SIGKILL while it extracts one shard): the
    scheduler gives that shard to a worker again, and the run completes with each document once."""
    flag = tmp_path / "killed-once"
    folder = _inputs(tmp_path, 6, extra=[("k.txt", f"Dastan armed the Free Meridian Front. KILL {flag}")])
    with _engine(scheduler) as engine:
        report = _dask(folder, tmp_path / "d.db", engine, tmp_path / "out", shard_size=1)
    assert flag.exists()  # a worker was killed
    assert report.stored == 7 and report.failed == [] and report.stopped is None
    local = _local(folder, tmp_path / "l.db")  # the flag is there: no kill in this process
    assert local.stored == 7
    assert _contents(tmp_path / "d.db") == _contents(tmp_path / "l.db")


@needs_dask
def test_dask_engine_stops_when_workers_die_too_often_and_the_rerun_completes(tmp_path, scheduler, fragile):
    flag = tmp_path / "killed-once"
    folder = _inputs(tmp_path, 6, extra=[("k.txt", f"Dastan armed the Free Meridian Front. KILL {flag}")])
    out = tmp_path / "out"
    with _engine(scheduler) as engine:
        report = _dask(folder, tmp_path / "d.db", engine, out, shard_size=1)
    assert flag.exists() and report.stopped and report.exit_code == 2
    assert "Dask workers died" in report.stopped and "run it again" in report.stopped
    merged = int(re.search(r"(\d+) of 7 shards were merged", report.stopped)[1])
    made = {p.name for p in out.iterdir()}
    assert 0 < len(made) < 7 and merged < 7  # k.txt, the last shard in input order, is lost
    # the shards before the first lost one are merged, and only those: nothing out of input order
    assert report.stored == merged and sorted(p for _, p, _ in _contents(tmp_path / "d.db")["documents"]) == \
        [str(folder / f"a{i:02d}.txt") for i in range(merged)]
    with _engine(scheduler) as engine:  # the flag is there now: nobody dies
        again = _dask(folder, tmp_path / "d.db", engine, out, shard_size=1)
    assert len(engine.timings["shards"]) == 7 - len(made)
    assert (again.stored, len(again.skipped)) == (7 - merged, merged) and again.stopped is None
    _local(folder, tmp_path / "l.db")
    d = _contents(tmp_path / "d.db")
    assert d == _contents(tmp_path / "l.db") and len(d["documents"]) == 7 and d["duplicates"] == []


@needs_dask
def test_dask_engine_its_own_local_cluster_keeps_paths_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _inputs(tmp_path, 3)
    with _engine(None, workers=2) as engine:
        report = _dask("in", "d.db", engine, "out")
        assert engine.timings["workers"] == 2
        cluster = engine._cluster
    assert report.stored == 3 and engine.client is None and cluster.status.name == "closed"
    assert [p for _, p, _ in _contents(tmp_path / "d.db")["documents"]] == ["in/a00.txt", "in/a01.txt", "in/a02.txt"]


@needs_dask
def test_dask_engine_reports_a_model_that_does_not_load(tmp_path, scheduler):
    folder = _inputs(tmp_path, 2)
    with _engine(scheduler, load=standins.loads_badly) as engine, pytest.raises(ModelNotInstalled, match="is not installed"):
        _dask(folder, tmp_path / "d.db", engine, tmp_path / "out")


@needs_dask
def test_dask_engine_says_when_the_scheduler_is_not_there(tmp_path):
    folder = _inputs(tmp_path, 2)
    with pytest.raises(ClaimgraphError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 "):
        _dask(folder, tmp_path / "d.db", _engine("tcp://127.0.0.1:9", connect_timeout=1), tmp_path / "out")


def test_dask_engine_without_dask_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    folder = _inputs(tmp_path, 2)
    with pytest.raises(ClaimgraphError, match=r"^--engine dask needs Dask, which is not installed: pip install 'claimgraph\[dask\]'$"):
        _dask(folder, tmp_path / "d.db", DaskEngine(load=standins.no_model), tmp_path / "out")


def test_dask_engine_default_shard_dir_is_beside_the_store(tmp_path):
    assert default_shard_dir(str(tmp_path / "news.db")) == tmp_path / ".news.db.shards"
    url = default_shard_dir("postgresql://db.example.invalid/news")
    assert url.name.startswith("claimgraph-shards-") and url == default_shard_dir("postgresql://db.example.invalid/news")


@pytest.mark.parametrize(("args", "message"), [
    (["--scheduler", "tcp://h:8786"], "--scheduler is an option of --engine dask; add --engine dask"),
    (["--shard-dir", "x"], "--shard-dir is an option of --engine dask; add --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://h:8786", "--workers", "3"], "with --scheduler the cluster's own workers"),
    (["--engine", "spark"], "unknown --engine 'spark'; use local or dask"),
])
def test_dask_engine_cli_refuses_options_of_the_other_engine(tmp_path, args, message):
    folder = _inputs(tmp_path, 1)
    run = run_main("--db", str(tmp_path / "d.db"), "ingest", str(folder), *args)
    assert run.exit_code == 2 and message in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def cli_stand_in(monkeypatch):
    """``ingest --engine dask`` in this process, its workers on the stand-in model."""

    class StandIn(DaskEngine):
        def __init__(self, scheduler, workers, **kw):
            super().__init__(scheduler, workers, load=standins.no_model, extract=standins.hand_extract, **kw)

    monkeypatch.setattr(dask_engine, "DaskEngine", StandIn)


@needs_dask
def test_dask_engine_cli_keeps_the_shards_of_a_stopped_run_and_the_rerun_completes(tmp_path, scheduler, fragile, cli_stand_in):
    flag = tmp_path / "killed-once"
    folder = _inputs(tmp_path, 4, extra=[("k.txt", f"Dastan armed the Free Meridian Front. KILL {flag}")])
    db = tmp_path / "d.db"
    args = ("--db", str(db), "ingest", str(folder), "--engine", "dask", "--scheduler", scheduler, "--shard-size", "1", "-q")
    first = run_main(*args)
    kept = default_shard_dir(str(db))
    assert first.exit_code == 2 and "stopped:" in first.stderr and "Dask workers died" in first.stderr, first.stderr
    assert f"the extracted shards are kept in {kept}" in " ".join(first.stderr.split()) and kept.is_dir()
    merged = int(re.search(r"stored (\d+)", first.stderr)[1])  # the shards before k.txt's, as they were done
    assert merged < 5 and len(_contents(db)["documents"]) == merged
    again = run_main(*args, "--report", str(tmp_path / "r.json"))
    assert again.exit_code == 0, again.stderr
    assert f"done: read 5 documents, stored {5 - merged}, skipped {merged}, failed 0" in again.stderr, again.stderr
    assert not kept.exists()  # a complete run leaves no shards behind
    assert json.loads((tmp_path / "r.json").read_text())["stored"] == 5 - merged
    assert len(_contents(db)["documents"]) == 5 and _contents(db)["duplicates"] == []


@needs_dask
def test_dask_engine_cli_keeps_a_shard_dir_it_was_given(tmp_path, scheduler, cli_stand_in):
    folder = _inputs(tmp_path, 3)
    db, out = tmp_path / "d.db", tmp_path / "shards"
    args = ("--db", str(db), "ingest", str(folder), "--engine", "dask", "--scheduler", scheduler, "--shard-dir", str(out), "-q")
    first = run_main(*args)
    assert first.exit_code == 0 and "stored 3" in first.stderr, first.stderr
    made = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert len(made) == 1  # 3 documents, 50 to a shard
    again = run_main(*args)
    assert again.exit_code == 0 and "stored 0, skipped 3" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == made  # nothing extracted again


@needs_dask
@pytest.mark.model
def test_dask_engine_cli_with_the_real_model_stores_what_a_local_ingest_stores(tmp_path, nlp):
    from test_robust_support import run_cli
    from test_runner_workers_model import _contents as contents

    run = run_cli(tmp_path / "d.db", "ingest", str(CORPUS), "--engine", "dask", "--workers", "2", "--shard-size", "3",
                  timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr and not default_shard_dir(str(tmp_path / "d.db")).exists()
    with open_store(str(tmp_path / "l.db")) as store:
        local = ingest_paths([CORPUS], store, runner=LocalRunner(nlp))
    assert f"stored {local.stored}," in run.stderr and local.stored > 10
    d, lo = contents(tmp_path / "d.db"), contents(tmp_path / "l.db")
    assert d["events"] and d["quotes"] and d["actors"]
    assert d == lo


@needs_dask
def test_dask_engine_merges_each_shard_while_later_ones_still_run(tmp_path, scheduler):
    """The last shard's document waits until the merge has stored a document: the run ends
    only if the merge goes on while shards still run (else it waits the stand-in's 30 s out)."""
    flag = tmp_path / "merging"
    folder = _inputs(tmp_path, 5, extra=[("z.txt", f"Dastan armed the Free Meridian Front. WAIT {flag}")])
    seen = []

    def progress(kind, item):
        seen.append((kind, getattr(item, "done", None)))
        if kind == "stored":
            flag.touch()

    with _engine(scheduler) as engine:
        report = _dask(folder, tmp_path / "d.db", engine, tmp_path / "out", shard_size=1, progress=progress)
    assert report.stored == 6 and report.failed == []
    first_stored = seen.index(("stored", None))
    last_shard = max(i for i, (kind, _) in enumerate(seen) if kind == "shard")
    assert first_stored < last_shard  # merged before the extraction was over
    assert max(t["seconds"] for t in engine.timings["shards"]) < standins.WAIT_S / 2  # the flag came from the merge
    _local(folder, tmp_path / "l.db")
    assert _contents(tmp_path / "d.db") == _contents(tmp_path / "l.db")


def _versions(db) -> dict:
    """Every document with its version links, and what the queries read."""
    conn = sqlite3.connect(db)
    try:
        return {"documents": sorted(conn.execute("SELECT id, path, superseded_by IS NOT NULL FROM documents")),
                "links": sorted(conn.execute("SELECT d.path, n.path FROM documents d JOIN documents n ON n.id = d.superseded_by")),
                **_contents(db)}
    finally:
        conn.close()


def _report(r) -> dict:
    return {"read": r.read, "stored": r.stored, "skipped": sorted(r.skipped), "failed": sorted(r.failed),
            "replaced": sorted((p, d, sorted(o)) for p, d, o in r.replaced), "changed": sorted((p, d, sorted(o)) for p, d, o in r.changed)}


@needs_dask
def test_dask_engine_update_after_editing_files_stores_what_a_local_update_stores(tmp_path, scheduler):
    """``--update`` through Dask, run by run beside a local ingest of the same folder: a file
    edited (its new version supersedes the old), a file given the content of another one (that
    content, stored already, becomes the current version of this file too), a file brought back
    to its first content (that version is current again), and, without --update, a changed file
    stored beside its old version."""
    folder = _inputs(tmp_path, 5)
    runs = [
        ("a01.txt", "Dastan armed the Free Meridian Front again, round 1, as the envoy said.", True),
        ("a02.txt", (folder / "a03.txt").read_text(encoding="utf-8"), True),
        ("a01.txt", (folder / "a01.txt").read_text(encoding="utf-8"), True),
        ("a04.txt", "Dastan armed the Free Meridian Front twice, round 4.", False),
    ]
    out = tmp_path / "out"
    with _engine(scheduler) as engine:
        first = _dask(folder, tmp_path / "d.db", engine, out)
        assert _report(first) == _report(_local(folder, tmp_path / "l.db"))
        for name, text, update in runs:
            (folder / name).write_text(text, encoding="utf-8")
            d = _dask(folder, tmp_path / "d.db", engine, out, update=update)
            lo = _local(folder, tmp_path / "l.db", update=update)
            assert _report(d) == _report(lo), name
            assert _versions(tmp_path / "d.db") == _versions(tmp_path / "l.db"), name
            assert (bool(d.replaced), bool(d.changed)) == (update, not update), name
    final = _versions(tmp_path / "d.db")
    # a01's edit is superseded by its first content, current again; a02's first content by a03's
    assert {(Path(a).name, Path(b).name) for a, b in final["links"]} == {("a01.txt", "a01.txt"), ("a02.txt", "a03.txt")}
    assert len(final["documents"]) == 7 and final["duplicates"] == []  # 5 first contents, a01's edit, a04's change


@needs_dask
def test_dask_engine_cli_update_replaces_the_older_version(tmp_path, scheduler, cli_stand_in):
    folder = _inputs(tmp_path, 3)
    db = tmp_path / "d.db"
    args = ("--db", str(db), "ingest", str(folder), "--engine", "dask", "--scheduler", scheduler, "-q")
    assert run_main(*args).exit_code == 0
    (folder / "a01.txt").write_text("Dastan armed the Free Meridian Front once more.", encoding="utf-8")
    updated = run_main(*args, "--update")
    assert updated.exit_code == 0, updated.stderr
    assert "done: read 3 documents, stored 1, skipped 2" in updated.stderr
    assert "replaced 1 older version of 1 changed file" in " ".join(updated.stderr.split())
    with open_store(str(db), readonly=True) as store:
        assert store.stats()["superseded"] == 1 and store.stats()["documents"] == 3


_KILLED_MID_MERGE = """
import os, signal, sys
sys.path.insert(0, {tests!r})
import runner_standins as standins
from claimgraph.runner.dask_engine import DaskEngine
from claimgraph.runner.sharded import ingest_shards
from claimgraph.store import open_store

stored = 0

def progress(kind, item):
    global stored
    if kind == "stored":
        stored += 1
        if stored == 3:  # the third document is committed: the process dies as the kernel kills it
            os.kill(os.getpid(), signal.SIGKILL)

with DaskEngine({scheduler!r}, 2, load=standins.no_model, extract=standins.hand_extract) as engine, open_store({db!r}) as store:
    ingest_shards([{folder!r}], store, engine, {out!r}, shard_size=1, progress=progress)
"""


@needs_dask
def test_dask_engine_ingest_killed_mid_merge_then_rerun_completes_without_duplicates(tmp_path, scheduler):
    folder = _inputs(tmp_path, 8)
    db, out = tmp_path / "d.db", tmp_path / "out"
    script = _KILLED_MID_MERGE.format(tests=os.path.dirname(__file__), scheduler=scheduler, db=str(db), folder=str(folder),
                                      out=str(out))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    assert len(_contents(db)["documents"]) == 3  # what was committed before the kill stays
    with _engine(scheduler) as engine:
        again = _dask(folder, db, engine, out, shard_size=1)
    assert (again.stored, len(again.skipped), again.stopped) == (5, 3, None)
    assert len(engine.timings["shards"]) <= 5  # the shards done before the kill are not run again
    _local(folder, tmp_path / "l.db")
    d = _contents(db)
    assert d == _contents(tmp_path / "l.db") and d["duplicates"] == []
