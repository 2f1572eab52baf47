"""What runs inside a Dask worker process: the pipeline, loaded once per process, and the task
that runs one shard.  Imported only where Dask is installed (``dask_engine`` imports it when a
cluster starts; a worker imports it when it unpickles a task or the plugin, by name).

``LoadModel`` is a worker plugin: each worker process loads the pipeline when it joins (a
worker that the nanny restarts after a loss loads it again), off the worker's event loop so its
heartbeats go on.  The pipeline is kept in ``worker.pipeline``'s per-process cache, and a lock
makes sure the plugin and a task that starts meanwhile load it once between them.  What is sent
to a worker is a shard description, a folder and the factory (a module-level function, pickled
by name): never a loaded pipeline.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from distributed import WorkerPlugin

from . import worker as cache
from .shards import Shard, run_shard

PLUGIN = "claimgraph-model"

_lock = threading.Lock()
#: factory -> seconds its first load took in this process
_load_seconds: dict[Callable[[], Any], float] = {}


def load(factory: Callable[[], Any]) -> float:
    """The pipeline ``factory`` builds, loaded once per process; the seconds the load took."""
    with _lock:
        t0 = time.perf_counter()
        cache.pipeline(factory)
        return _load_seconds.setdefault(factory, time.perf_counter() - t0)


def dask_setup(worker) -> None:  # noqa: ARG001 - the preload API
    """A LocalCluster's workers preload this module (``DaskEngine`` asks for it): a Ctrl-C in
    the terminal reaches every process of its group, and it is the ingest process's to handle
    (it cancels the shards and stops the cluster), so the workers ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LoadModel(WorkerPlugin):
    """Loads the pipeline in every worker that joins.  A load that raises is left to the tasks:
    each loads again and raises the real error (a missing model), which the client reports."""

    name = PLUGIN

    def __init__(self, factory: Callable[[], Any]):
        self.factory = factory

    async def setup(self, worker) -> None:  # noqa: ARG002 - the plugin API
        try:
            await asyncio.to_thread(load, self.factory)
        except Exception:  # noqa: BLE001 - raised again by each task
            pass

    def teardown(self, worker) -> None:  # noqa: ARG002 - unregistered: give the memory back
        with _lock:
            cache._loaded.pop(self.factory, None)  # the per-process cache of worker.pipeline
            _load_seconds.pop(self.factory, None)


def run_shard_task(shard: Shard, out_dir: str, factory: Callable[[], Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """Run one shard (``shards.run_shard``) and say what was done: the output's path, whether it
    was there before, its counts (the output's first line), the seconds it took and where."""
    load_s = load(factory)
    started = time.time()
    t0 = time.perf_counter()
    out = run_shard(shard, out_dir, factory, **options)
    seconds = time.perf_counter() - t0
    with open(out.path, encoding="utf-8") as f:
        header = json.loads(f.readline()).get("shard", {})
    return {"path": str(out.path), "done_before": out.done_before, "documents": header.get("documents", 0),
            "failed": header.get("failed", 0), "started": started, "seconds": seconds, "load_s": load_s,
            "worker": f"{socket.gethostname()}:{os.getpid()}"}
