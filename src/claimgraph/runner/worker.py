"""What runs inside an extraction worker process: the pipeline, loaded once per process, and
the extraction of a few documents with the same failure policy as ``LocalRunner``.

A worker is given a *factory* (a module-level function such as ``nlp.pipeline.get_pipeline``,
so that it pickles by name), never a loaded pipeline: pickling a spaCy pipeline costs seconds
and hundreds of megabytes a task.  ``initialize`` is the pool's initializer; ``probe`` and
``extract_documents`` are its tasks.  Nothing here touches the store: resolution and writes
stay in the one writer (``base.drive``).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..models import Document, Extraction
from .base import Failed
from .local import LocalRunner

#: factory -> the pipeline it built, in this process
_loaded: dict[Callable[[], Any], Any] = {}
#: what loading raised in this worker, raised again by each task (so the caller sees the real error)
_load_error: BaseException | None = None
#: how many workers of the pool have finished loading (a shared counter, see ``initialize``)
_ready = None

#: How often a worker checks that the process that started it is still there.
PARENT_CHECK_S = 0.5


def pipeline(factory: Callable[[], Any]) -> Any:
    """The pipeline ``factory`` builds, built once per process."""
    if factory not in _loaded:
        _loaded[factory] = factory()
    return _loaded[factory]


def extract_documents(documents: list[Document], factory: Callable[[], Any],
                      extract: Callable[..., Iterable[Extraction]] | None = None,
                      batch_size: int = 8) -> list[Extraction | Failed]:
    """Each document's ``Extraction``, or a ``Failed`` for one the pipeline raised on."""
    if _load_error is not None:
        raise _load_error
    return list(LocalRunner(pipeline(factory), batch_size=batch_size, extract=extract).extract(documents))


def initialize(factory: Callable[[], Any], ready) -> None:
    """A worker's start: leave Ctrl-C to the main process (it stops the workers itself), exit
    when that process is gone, then load the pipeline.  A load that raises is kept and raised
    by every task, so the main process reports it as it would its own."""
    global _load_error, _ready
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked while this process started (process.WorkerPool)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _watch_parent()
    _ready = ready
    try:
        pipeline(factory)
    except BaseException as exc:  # noqa: BLE001 - raised again by each task
        _load_error = exc
    finally:
        with ready.get_lock():
            ready.value += 1


def probe(workers: int, timeout: float) -> int | None:
    """Wait until every worker of the pool has loaded (each probe holds its worker, so a worker
    that dies while loading leaves one pending and breaks the pool); the model's ``max_length``."""
    deadline = time.monotonic() + timeout
    while _ready is not None and _ready.value < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    if _load_error is not None:
        raise _load_error
    nlps = list(_loaded.values())
    return getattr(nlps[0], "max_length", None) if nlps else None


def _watch_parent() -> None:
    """A worker whose main process was killed (SIGKILL, a crash) would wait for work for ever,
    holding its copy of the model: it exits instead.  The parent is the one that started this
    process (``multiprocessing.parent_process``), not whoever is its parent now: a main process
    killed while this one was still starting has already left it to init."""
    import multiprocessing

    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None and started_by.pid else os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="claimgraph-parent-watch", daemon=True).start()
