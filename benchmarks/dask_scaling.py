"""``ingest --engine dask`` against the local runner, on the same synthetic texts, in one run,
with the overheads of the sharded path measured apart (issue 13).

The corpus is ``claimgraph.synthetic.news_article`` (short invented wire stories), as .txt
files.  Measured, each ingest on a fresh store:

- ``ingest --workers 1``: ``ingest_paths`` with ``LocalRunner``, the model already loaded;
- sharded, this process: ``run_shards`` (workers 1) then ``merge_shards``: what writing and
  reading the extraction records costs, with no cluster;
- Dask, a LocalCluster of 2 worker processes: ``DaskEngine.run_shards`` then the merge, with its
  start-up (cluster, then every worker loading the model through the plugin) reported apart;
- Dask as ``ingest --engine dask`` runs it (``sharded.ingest_shards``), each shard merged as soon
  as those before it are done: its total against extraction-then-merge and against the longer
  of the two;
- per-shard overhead: the pickled size of a task and of its result, the round trip of a task
  that does nothing (submitted and awaited one at a time), and the workers' idle share;
- the rates the paper estimate for a large corpus needs: one worker's extraction rate (documents
  over the seconds its tasks ran) and the single writer's merge rate.

    python benchmarks/dask_scaling.py [--docs 300] [--shard-size 25] [--write]
"""
from __future__ import annotations

import argparse
import os
import pickle
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.config import MODEL  # noqa: E402
from claimgraph.ingest import iter_documents  # noqa: E402
from claimgraph.models import Document  # noqa: E402
from claimgraph.nlp.pipeline import extract_many, get_pipeline  # noqa: E402
from claimgraph.runner import DaskEngine, LocalRunner, ingest_paths, merge_shards, plan_shards, run_shards  # noqa: E402
from claimgraph.runner.sharded import ingest_shards  # noqa: E402
from claimgraph.store import open_store  # noqa: E402
from claimgraph.synthetic import write_corpus  # noqa: E402

START, END = "<!-- dask:start -->", "<!-- dask:end -->"
CORES = 16  # per machine, in the paper estimate


def noop(shard, out_dir, factory, options):
    """A task of the same arguments that does nothing: the round trip alone."""
    return {"path": out_dir}


def merge(outputs, db: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    with open_store(str(db)) as store:
        report = merge_shards([o.path for o in outputs], store, in_order=True)
    assert report.failed == [] and not report.interrupted, report.to_json()
    return time.perf_counter() - t0, report.stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="synthetic documents (default 300)")
    ap.add_argument("--shard-size", type=int, default=25, help="documents per shard (default 25)")
    ap.add_argument("--write", action="store_true", help="write the result into benchmarks/RESULTS.md")
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimgraph-dask-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "corpus"
        write_corpus(folder, args.docs)
        docs = [d for d in iter_documents([folder]) if isinstance(d, Document)]
        n, words = len(docs), sum(len(d.text.split()) for d in docs)
        shards, _ = plan_shards([folder], size=args.shard_size)

        ours = get_pipeline(MODEL)
        list(extract_many(docs[:8], ours))
        t0 = time.perf_counter()
        with open_store(str(tmp / "local.db")) as store:
            local = ingest_paths([folder], store, runner=LocalRunner(ours))
        wall_local = time.perf_counter() - t0
        assert local.stored == n, local.to_json()

        t0 = time.perf_counter()
        one = run_shards(shards, tmp / "one")
        extract_one = time.perf_counter() - t0
        merge_one, stored_one = merge(one, tmp / "one.db")

        with DaskEngine(workers=2) as engine:
            engine.start()
            start_s, load_s = engine.timings["start_s"], engine.timings["load_s"]
            t0 = time.perf_counter()
            outputs = engine.run_shards(shards, tmp / "dask")
            extract_dask = time.perf_counter() - t0
            tasks = list(engine.timings["shards"])  # the overlapped run below adds its own
            options = {"max_bytes": None, "defaults": None, "extract": None, "batch_size": 8}
            import cloudpickle  # Dask's own pickler, there with distributed

            from claimgraph.runner.dask_worker import run_shard_task

            task_bytes = len(cloudpickle.dumps((run_shard_task, shards[0], str(tmp / "dask"), engine.load, options)))
            result_bytes = len(pickle.dumps(tasks[0]))
            rounds = 40
            t0 = time.perf_counter()
            for _ in range(rounds):
                engine.client.submit(noop, shards[0], str(tmp), engine.load, options, pure=False).result()
            round_trip = (time.perf_counter() - t0) / rounds
            merge_dask, stored_dask = merge(outputs, tmp / "dask.db")
            stamps: list[tuple[str, float]] = []
            t0 = time.perf_counter()  # the same again as ingest runs it: the merge while the shards run
            with open_store(str(tmp / "overlap.db")) as store:
                overlapped = ingest_shards([folder], store, engine, tmp / "overlap", shard_size=args.shard_size,
                                           progress=lambda kind, item: stamps.append((kind, time.perf_counter() - t0)))
            wall_overlap = time.perf_counter() - t0
            last_shard = max(t for kind, t in stamps if kind == "shard")
            first_stored = min(t for kind, t in stamps if kind == "stored")
        assert stored_one == stored_dask == overlapped.stored == n, (stored_one, stored_dask, overlapped.stored, n)
    load_after = os.getloadavg()[0]

    worker_seconds = sum(t["seconds"] for t in tasks)
    per_worker = n / worker_seconds  # documents a second, one worker process busy
    model_loads = sorted({round(t["load_s"], 1) for t in tasks})
    idle = max(0.0, 2 * extract_dask - worker_seconds) / len(shards)
    merge_rate = n / merge_dask
    rate_local, rate_one = n / wall_local, n / (extract_one + merge_one)
    rate_dask = n / (extract_dask + merge_dask)
    rate_dask_cold = n / (start_s + load_s + extract_dask + merge_dask)
    lines = [
        f"model {MODEL}, {n} synthetic documents ({words / n:.0f} words each), {len(shards)} shards of {args.shard_size},"
        f" python {platform.python_version()}, {os.cpu_count()} CPUs ({platform.machine()}),"
        f" load average {load_before:.1f} before / {load_after:.1f} after",
        f"ingest --workers 1 (LocalRunner)     : {rate_local:6.1f} docs/s",
        f"sharded, this process (run + merge)  : {rate_one:6.1f} docs/s  (extraction {extract_one:.1f} s, merge {merge_one:.1f} s)",
        f"Dask, LocalCluster of 2 workers      : {rate_dask:6.1f} docs/s  (extraction {extract_dask:.1f} s, merge {merge_dask:.1f} s);"
        f" {rate_dask_cold:.1f} docs/s counting the start",
        f"Dask / local runner                  : {rate_dask / rate_local:.2f}x  (start-up left out)",
        f"Dask, merged as shards complete      : {n / wall_overlap:6.1f} docs/s  ({wall_overlap:.1f} s: the first document stored at"
        f" {first_stored:.1f} s, the last shard done at {last_shard:.1f} s, the merge over {wall_overlap - last_shard:.1f} s after it;"
        f" extraction then merge took {extract_dask + merge_dask:.1f} s, the merge {merge_dask:.1f} s of it after the extraction)",
        f"start-up: cluster {start_s:.1f} s, then the model in every worker {load_s:.1f} s"
        f" (each worker's own load: {', '.join(f'{s:.1f}' for s in model_loads)} s)",
        f"per shard: task {task_bytes} bytes pickled, result {result_bytes} bytes; a no-op task's round trip"
        f" {round_trip * 1000:.1f} ms; worker time {worker_seconds / len(shards):.2f} s a shard;"
        f" idle {idle:.2f} s a shard (the tail, and the overhead)",
        f"one worker extracts {per_worker:.1f} docs/s ({per_worker * words / n:.0f} words/s); the merge (one writer)"
        f" stores {merge_rate:.1f} docs/s",
    ]
    for total in (1_000_000, 100_000_000):
        for machines in (1, 10, 100):
            extraction = total / (machines * CORES * per_worker)
            lines.append(f"estimate {total:>11,} docs on {machines:3d} x {CORES} cores: extraction {extraction / 3600:8.1f} h,"
                         f" merge {total / merge_rate / 3600:8.1f} h")
    lines.append(f"the extraction on {merge_rate / (CORES * per_worker):.1f} machines of {CORES} cores is as fast as the merge;"
                 " past that, the single-writer merge sets the pace")
    lines.append(f"whole benchmark {time.perf_counter() - t_start:.0f} s")
    print("\n".join(lines))
    if args.write:
        from results_file import measured_block, replace_section  # benchmarks/, beside this script

        replace_section(START, END, measured_block(
            f"Dask engine (`benchmarks/dask_scaling.py --docs {args.docs}`, {time.strftime('%Y-%m-%d')})",
            "Same texts, one run, each ingest on a fresh store; every figure counts reading, extraction and the"
            " writes, the Dask rows the merge too.", lines))


if __name__ == "__main__":
    main()
