"""``ProcessRunner``: extraction in worker processes, every core of the machine.

The main process reads the documents (and skips the stored ones, as ever), cuts them into
shards of a few documents, and sends each shard to a pool of worker processes (the ``spawn``
start method: a fresh interpreter that loads the pipeline once, ``worker.initialize``).  The
results come back, and are yielded, in input order, so resolution and writes, which stay in
this process (``base.drive``), see exactly what ``LocalRunner`` would give them: the same
store, whatever the number of workers.

Ctrl-C reaches the main process only (the workers ignore it): the pool is stopped, the
documents in flight are dropped unwritten, and a rerun extracts them again.  A worker that dies
(killed, out of memory) breaks the pool: it is started again and the shards not yet yielded are
sent again, up to ``MAX_RESTARTS`` times a run; after that the run stops (``WorkerLost``),
keeping what was stored.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..errors import WorkerLost
from ..models import Document, Extraction
from . import worker
from .base import IDLE, Failed, extraction_failed

#: Pool restarts after lost workers, in one run, before it stops.
MAX_RESTARTS = 3
#: How long a worker may take to load the pipeline.
LOAD_TIMEOUT_S = 600.0


def default_factory():
    """The pipeline a worker loads unless told otherwise (the configured model)."""
    from ..nlp.pipeline import get_pipeline

    return get_pipeline()


@dataclass(frozen=True)
class ModelLimits:
    """What the jobs of the main process ask of a model that lives in the workers: the longest
    text it takes (``jobs.fit_to_model``)."""

    max_length: int | None


class WorkerPool:
    """A process pool whose workers have each loaded the pipeline ``factory`` builds.

    ``start`` returns once every worker is ready (or raises what loading raised); ``close``
    stops the workers, at once with ``kill``."""

    def __init__(self, workers: int, factory: Callable[[], Any] = default_factory):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.factory = factory
        self._pool: ProcessPoolExecutor | None = None
        self.max_length: int | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Value("i", 0)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=worker.initialize,
                                         initargs=(self.factory, ready))
        try:
            with _sigint_held():  # the workers start with Ctrl-C blocked; this process gets it after
                probes = [self._pool.submit(worker.probe, self.workers, LOAD_TIMEOUT_S) for _ in range(self.workers)]
            self.max_length = [p.result() for p in probes][0]
        except BrokenProcessPool:
            self.close(kill=True)
            raise WorkerLost("an extraction worker process died while loading the language model (out of memory?);"
                             " nothing new was stored; try fewer --workers") from None
        except BaseException:
            self.close(kill=True)
            raise

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        if self._pool is None:
            self.start()
        return self._pool.submit(fn, *args, **kwargs)

    def close(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        if not kill:
            pool.shutdown(wait=True)
            return
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=10)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(kill=exc_type is not None)


class ProcessRunner:
    """Extract in ``workers`` processes, ``shard_size`` documents a task, results in input order.

    ``load`` is the factory each worker calls once (a module-level function: it is pickled by
    name; default: the configured model).  The pool starts on first use of ``nlp`` or of
    ``extract``, so a run whose inputs are all stored already starts no worker; ``starting``
    wraps that start (the CLI shows "loading the language model…" around it).  ``extract`` is
    the extraction a worker runs (``LocalRunner``'s ``extract``; a test passes a stand-in).
    The workers stay up between two ``extract`` calls, as ``LocalRunner`` keeps its model;
    ``close`` (or ``with``) stops them, and an ``extract`` that ends early (Ctrl-C, an
    error, a consumer that stops) kills them at once."""

    def __init__(self, workers: int, *, load: Callable[[], Any] = default_factory,
                 extract: Callable[..., Iterable[Extraction]] | None = None, shard_size: int = 8, batch_size: int = 8,
                 starting: Callable[[Callable[[], None]], Any] | None = None):
        self.pool = WorkerPool(workers, load)
        self.workers = workers
        self.shard_size = shard_size
        self.batch_size = batch_size
        self._extract = extract
        self._starting = starting
        self.restarts = 0

    @property
    def nlp(self) -> ModelLimits:
        """The model as this process sees it: its limits (the model itself is in the workers)."""
        self._start()
        return ModelLimits(self.pool.max_length)

    def _start(self) -> None:
        if not self.pool.started:
            if self._starting is not None:
                self._starting(self.pool.start)
            else:
                self.pool.start()

    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | Failed]:
        it = iter(documents)
        window = 2 * self.workers  # shards in flight: every worker busy while this process writes
        pending: deque[list] = deque()  # [documents, future, or None when the pool broke before it was sent]
        finished = False
        try:
            while True:
                while len(pending) < window and (shard := list(islice(it, self.shard_size))):
                    pending.append([shard, self._submit(shard)])
                if not pending:
                    finished = True
                    return
                shard, future = pending[0]
                if future is not None and not future.done():
                    yield IDLE  # the writer commits what it holds while the workers extract
                try:
                    if future is None:
                        raise BrokenProcessPool("the pool broke before this shard was sent")
                    results = future.result()
                except BrokenProcessPool:
                    self._lost(shard)
                    for item in pending:  # what came back before the loss is kept
                        if not _came_back(item[1]):
                            item[1] = self._submit(item[0])
                    continue
                except Exception as exc:  # noqa: BLE001 - the task itself failed (a result that would not pickle)
                    results = [Failed(doc, extraction_failed(exc)) for doc in shard]
                pending.popleft()
                yield from results
        finally:
            if not finished:  # Ctrl-C, an error, or a consumer that stopped early: the shards in flight are dropped
                self.pool.close(kill=True)

    def _submit(self, shard: list[Document]) -> Future | None:
        self._start()
        try:
            return self.pool.submit(worker.extract_documents, shard, self.pool.factory, self._extract, self.batch_size)
        except BrokenProcessPool:
            return None

    def _lost(self, shard: list[Document]) -> None:
        """A worker died: start the pool again, or stop the run after ``MAX_RESTARTS``."""
        while True:
            self.pool.close(kill=True)
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                where = shard[0].path or "<text>"
                raise WorkerLost(f"an extraction worker process died {self.restarts} times (killed, or out of memory?),"
                                 f" last while extracting {where} or the documents after it; stopped here, keeping every"
                                 " document stored before; run it again to go on (--workers 1 extracts in one process)")
            try:
                self._start()
                return
            except WorkerLost:
                continue

    def close(self, kill: bool = False) -> None:
        """Stop the workers: they finish what they hold and exit (at once with ``kill``)."""
        self.pool.close(kill=kill)

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(kill=exc_type is not None)


def _came_back(future: Future | None) -> bool:
    return future is not None and future.done() and not future.cancelled() and future.exception() is None


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Ctrl-C blocked while worker processes start: they inherit the mask, so a Ctrl-C then
    cannot kill one half-started (``worker.initialize`` ignores it, then unblocks), and this
    process receives it as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
