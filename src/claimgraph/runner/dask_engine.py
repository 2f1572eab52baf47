"""``DaskEngine``: the shards of an ingest run on a Dask cluster (``ingest --engine dask``).

Without a scheduler address it starts a ``distributed.LocalCluster`` of ``workers`` processes
(one thread each) on this machine; with one (``tcp://host:8786``, a dask-jobqueue
``SLURMCluster``'s ``scheduler_address``) it uses that cluster's workers.  Each worker loads the
pipeline once (``dask_worker.LoadModel``, a worker plugin); a task is a shard description, the
output folder and the factory's name (``dask_worker.run_shard_task``), never a loaded pipeline,
and its result is the path of the output file the worker wrote (``shards.run_shard``: named by a
hash of the shard's input, written atomically), so nothing large crosses the network.  The
folder must be reachable under the same path by every worker and by this process, which reads
the outputs back to merge them (``sharded.ingest_shards``), each as soon as it and those before
it in plan order are done (``iter_shards`` yields them as they complete).

A worker that dies (killed, out of memory) is Dask's business: the scheduler gives its task to
another worker, up to ``distributed.scheduler.allowed-failures`` times (3 unless configured);
past that the task fails with ``KilledWorker``, the other shards go on, and the run stops with
``WorkerLost`` once they are done (the shards before the lost one are merged by then); a rerun with the same folder runs only the missing shards.
Shards whose output exists are not sent at all, and when every shard is done no cluster starts.

A cluster on other machines reads the input files under the paths this process gives, so the
shards are sent with absolute paths there (and the documents are stored with them); a
``LocalCluster`` shares this process's working folder, so paths stay as given, as in a local
ingest.  Dask is an optional extra: ``pip install 'claimgraph[dask]'``.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ClaimgraphError, WorkerLost
from ..models import Extraction
from .base import Progress, interrupt_after
from .process import default_factory
from .sharded import ShardsDone
from .shards import Shard, ShardOutput, output_path

MISSING = "--engine dask needs Dask, which is not installed: pip install 'claimgraph[dask]'"


class DaskEngine:
    """Run shards on a Dask cluster: a ``LocalCluster`` of ``workers`` processes, or the one
    at ``scheduler``.  ``load`` is the factory each worker calls once (a module-level function;
    default: the configured model); ``extract`` stands in for ``extract_many`` (tests).
    ``starting`` wraps the start (the CLI shows a status line around it).  The cluster (or the
    connection) starts on the first shard to run and stays until ``close`` (or ``with``);
    ``timings`` keeps what the start cost and what each shard took, for the benchmark."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, *, load: Callable[[], Any] = default_factory,
                 extract: Callable[..., Iterable[Extraction]] | None = None, batch_size: int = 8,
                 starting: Callable[[Callable[[], None]], Any] | None = None, connect_timeout: float = 30.0):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.scheduler = scheduler
        self.workers = workers
        self.load = load
        self.extract = extract
        self.batch_size = batch_size
        self.connect_timeout = connect_timeout
        self._starting = starting
        self._cluster = None
        self.client = None
        self.timings: dict[str, Any] = {"shards": []}

    @property
    def started(self) -> bool:
        return self.client is not None

    def start(self) -> None:
        """Start the LocalCluster (or connect to the scheduler), wait for a worker, and have
        every worker load the pipeline."""
        if self.started:
            return
        try:
            from distributed import Client, LocalCluster

            from . import dask_worker
        except ImportError:
            raise ClaimgraphError(MISSING) from None
        t0 = time.perf_counter()
        if self.scheduler is None:
            # Ctrl-C is this process's: the workers start with it ignored (and a worker the nanny
            # restarts later ignores it once dask_worker is preloaded); the scheduler's HTTP
            # server listens on a free port of this host alone
            with _sigint_ignored():
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             preload=[dask_worker.__name__], dashboard_address="127.0.0.1:0",
                                             silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise ClaimgraphError(f"cannot reach the Dask scheduler at {self.scheduler} ({_line(exc)}); is it running,"
                                      " and is the address the one it printed (tcp://HOST:PORT)?") from None
        try:
            self.client.wait_for_workers(1)
            self.timings["start_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            with interrupt_after():  # a Ctrl-C now stops the run once the models are loaded, not a broadcast halfway
                self.client.register_plugin(dask_worker.LoadModel(self.load), name=dask_worker.PLUGIN)
            self.timings["load_s"] = time.perf_counter() - t1
            self.timings["workers"] = len(self.client.scheduler_info(n_workers=-1)["workers"])
        except BaseException:
            self.close()
            raise

    def iter_shards(self, shards: list[Shard], out_dir: str | Path, *, max_bytes: int | None = None,
                    defaults: Mapping[str, str] | None = None,
                    progress: Progress | None = None) -> Iterator[tuple[int, ShardOutput]]:
        """(index in the plan, output) of each shard as it is done: first those whose output
        exists (in plan order; they are not sent), then the others as they complete on the
        cluster, in whatever order they do; ``progress("shard", ShardsDone)`` is told of each.
        ``WorkerLost`` comes once every other shard is done; closing the iterator cancels the
        shards still running."""
        out_dir = Path(out_dir).absolute()
        if self.scheduler is not None:
            shards = [_absolute(s) for s in shards]
        paths = [output_path(s, out_dir, max_bytes=max_bytes, defaults=defaults) for s in shards]
        done = {i: ShardOutput(s, p, True) for i, (s, p) in enumerate(zip(shards, paths, strict=True)) if p.exists()}
        todo = [i for i in range(len(shards)) if i not in done]
        if progress and done:
            progress("shard", ShardsDone(len(done), len(shards)))
        yield from sorted(done.items())
        if todo:
            self._start()
            out_dir.mkdir(parents=True, exist_ok=True)
            yield from self._run(shards, paths, todo, out_dir, len(done),
                                 {"max_bytes": max_bytes, "defaults": dict(defaults) if defaults else None,
                                  "extract": self.extract, "batch_size": self.batch_size}, progress)

    def run_shards(self, shards: list[Shard], out_dir: str | Path, *, max_bytes: int | None = None,
                   defaults: Mapping[str, str] | None = None, progress: Progress | None = None) -> list[ShardOutput]:
        """Every shard's output, in plan order, once all are done (``iter_shards`` waited out)."""
        done = dict(self.iter_shards(shards, out_dir, max_bytes=max_bytes, defaults=defaults, progress=progress))
        return [done[i] for i in range(len(shards))]

    def _run(self, shards: list[Shard], paths: list[Path], todo: list[int], out_dir: Path, before: int,
             options: dict[str, Any], progress: Progress | None) -> Iterator[tuple[int, ShardOutput]]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        from .dask_worker import run_shard_task

        futures = {self.client.submit(run_shard_task, shards[i], str(out_dir), self.load, options,
                                      key=f"claimgraph-shard-{paths[i].stem}"): i for i in todo}
        finished = 0
        lost: list[int] = []
        documents = 0
        try:
            for future in as_completed(list(futures)):
                i = futures[future]
                try:
                    result = future.result()
                except KilledWorker:
                    lost.append(i)
                    continue
                except ClaimgraphError:
                    raise
                except Exception as exc:  # noqa: BLE001 - what the task raised, said in one line
                    raise ClaimgraphError(_task_failed(exc, shards[i], out_dir)) from None
                finally:
                    future.release()
                _check(result, paths[i], out_dir)
                finished += 1
                documents += result["documents"]
                self.timings["shards"].append(result)
                if progress:
                    progress("shard", ShardsDone(before + finished, len(shards), documents, str(paths[i])))
                yield i, ShardOutput(shards[i], paths[i], result["done_before"])
        except BaseException:  # Ctrl-C, an error, or the consumer closing the iterator
            self.client.cancel(list(futures))
            raise
        if lost:
            where = _where(shards[min(lost)])
            raise WorkerLost(f"Dask workers died while running {len(lost)} of {len(shards)} shards (killed, or out of memory?),"
                             f" each more often than the scheduler retries (first: {where}); {before + finished} of"
                             f" {len(shards)} shards are done and kept in {out_dir}; run it again to extract only the"
                             " missing ones")

    def _start(self) -> None:
        if self._starting is not None:
            self._starting(self.start)
        else:
            self.start()

    def close(self) -> None:
        """Disconnect; a LocalCluster stops, a cluster of its own gives the models back."""
        client, cluster = self.client, self._cluster
        self.client = self._cluster = None
        with _quiet():  # a close after Ctrl-C logs the messages it cut short: no news to the user
            if client is not None:
                try:
                    if cluster is None and client.status == "running":
                        from .dask_worker import PLUGIN

                        client.unregister_worker_plugin(PLUGIN)
                except Exception:  # noqa: BLE001 - a scheduler gone already has nothing to give back
                    pass
                client.close()
            if cluster is not None:
                cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored while the LocalCluster starts its worker processes, which inherit an
    ignored signal (not a handler): the terminal sends it to every process of the group, and a
    worker must not die of it.  A Ctrl-C in those seconds is lost; the next one stops the run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _quiet() -> Iterator[None]:
    """Dask's loggers (each has its level of its own) say nothing but the critical."""
    logs = [logging.getLogger(n) for n in ["distributed", *logging.root.manager.loggerDict] if n.startswith("distributed")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.setLevel(level)


def _absolute(shard: Shard) -> Shard:
    if shard.jsonl:
        return replace(shard, jsonl=str(Path(shard.jsonl).absolute()))
    return replace(shard, files=tuple(str(Path(p).absolute()) for p in shard.files))


def _check(result: Mapping[str, Any], expected: Path, out_dir: Path) -> None:
    """The worker wrote the output this process expects, and this process can read it."""
    if Path(result["path"]) != expected:
        raise ClaimgraphError(f"a Dask worker ({result['worker']}) named a shard's output {Path(result['path']).name},"
                              f" not {expected.name}: its claimgraph, its model ($CLAIMGRAPH_MODEL) or the input files it"
                              " sees differ from this machine's; give the workers the same installation and files")
    if not expected.exists():
        raise ClaimgraphError(f"a Dask worker ({result['worker']}) wrote {expected}, which this machine cannot see:"
                              f" --shard-dir must be a folder that every worker and this machine share (not {out_dir})")


def _task_failed(exc: BaseException, shard: Shard, out_dir: Path) -> str:
    where = _where(shard)
    if isinstance(exc, ImportError):
        return (f"a Dask worker cannot import what the task needs ({_line(exc)}): install claimgraph (this version) in"
                " the workers' environment")
    if isinstance(exc, OSError) and exc.filename and str(out_dir) in str(exc.filename):
        return (f"a Dask worker cannot write to --shard-dir {out_dir} ({exc.strerror or _line(exc)}): give a folder"
                " that every worker can write and this machine can read")
    if isinstance(exc, OSError) and exc.filename:
        return (f"a Dask worker cannot read {exc.filename} ({exc.strerror or _line(exc)}) for the shard of {where}: the"
                " workers must see the input files under the same paths as this machine")
    return f"a Dask worker failed on the shard of {where} ({type(exc).__name__}: {_line(exc)})"


def _where(shard: Shard) -> str:
    if shard.jsonl:
        return f"{shard.jsonl} lines {shard.start + 1}-{shard.stop if shard.stop is not None else 'end'}"
    more = f" and {len(shard.files) - 1} more" if len(shard.files) > 1 else ""
    return f"{shard.files[0]}{more}"


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
