"""The sharded ingest: plan the shards, have an *engine* run them, merge their outputs.

This is the job behind ``ingest --engine dask`` (and any engine after it): ``shards.plan_shards``
cuts the inputs into shards, the engine runs ``shards.run_shard`` on each wherever it likes (each
writes one output file of extraction records into ``shard_dir``, named by a hash of its input),
and this process merges the outputs into the store with ``merge.merge_shards``, in plan order,
which is the order the readers read the inputs: the store is the one ``ingest`` makes locally,
with ``--update`` or without.

The merge overlaps the extraction: a shard is merged as soon as it and every shard before it in
plan order are done (``InPlanOrder``), so a run takes about as long as the longer of the two, not
their sum.  Merging shard 7 before shard 5 would resolve the actors in another order, so a
shard done early waits for those before it.

An engine is any object with ``iter_shards(shards, out_dir, *, max_bytes, defaults, progress)``
that yields ``(index in the plan, ShardOutput)`` as each shard is done, in any order (those done
before first), raises ``WorkerLost`` at the end when some shards could not be done, and cancels
what is still running when the iterator is closed.  The outputs written stay, so a rerun with
the same ``shard_dir`` runs only the missing ones and merges what is not stored yet.
``dask_engine.DaskEngine`` is one.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import WorkerLost
from .base import Progress
from .merge import merge_shards
from .reports import IngestReport, where
from .shards import SHARD_SIZE, Shard, ShardOutput, plan_shards


@dataclass(frozen=True)
class ShardsDone:
    """What an engine tells ``progress("shard", ...)`` as each shard completes: ``done`` of
    ``total`` shards (those done before this run included), ``documents`` extracted so far."""

    done: int
    total: int
    documents: int = 0
    path: str = ""


class Engine(Protocol):
    def iter_shards(self, shards: list[Shard], out_dir: Path, *, max_bytes: int | None = None,
                    defaults: Mapping[str, str] | None = None,
                    progress: Progress | None = None) -> Iterator[tuple[int, ShardOutput]]:
        """(index, output) of each shard as it is done; ``WorkerLost`` at the end when some could not be."""
        ...


class InPlanOrder:
    """The output paths of an engine's shards in plan order, each as soon as it and every one
    before it are done.  ``merged`` counts those the consumer went past (merged whole),
    ``outputs`` holds every output done so far, and ``lost`` the engine's ``WorkerLost``, which
    ends the paths early rather than the merge."""

    def __init__(self, done: Iterator[tuple[int, ShardOutput]]):
        self._done = done
        self.outputs: dict[int, ShardOutput] = {}
        self.merged = 0
        self.lost: WorkerLost | None = None

    def __iter__(self) -> Iterator[Path]:
        try:
            for i, output in self._done:
                self.outputs[i] = output
                while self.merged in self.outputs:
                    yield self.outputs[self.merged].path
                    self.merged += 1
        except WorkerLost as exc:
            self.lost = exc

    def close(self) -> None:
        """Stop the engine (it cancels what is still running)."""
        close = getattr(self._done, "close", None)
        if close is not None:
            close()


def default_shard_dir(db: str) -> Path:
    """Where the output shards go unless told otherwise: a hidden folder beside the store
    (``.NAME.shards``), the same on every run, so a rerun finds what an interrupted run made.
    A store that is no file (a URL) gets a folder of the system's temporary folder."""
    if "://" in db:
        return Path(tempfile.gettempdir()) / f"claimgraph-shards-{hashlib.sha256(db.encode()).hexdigest()[:12]}"
    path = Path(db).absolute()
    return path.parent / f".{path.name}.shards"


def ingest_shards(paths: Iterable[str | Path] | str | Path, store, engine: Engine, shard_dir: str | Path, *,
                  shard_size: int = SHARD_SIZE, max_bytes: int | None = None, defaults: dict[str, str] | None = None,
                  progress: Progress | None = None, keep_outputs: bool = True, update: bool = False) -> IngestReport:
    """Plan, run (``engine``) and merge, the merge of each shard as soon as every one before it
    is done.  ``update`` is ``ingest --update``.  The report counts as ``ingest_paths``'s does.

    With ``keep_outputs`` False the outputs are deleted once the merge went through to its end
    (they are kept after a stop or Ctrl-C, so that the rerun extracts only the missing shards);
    kept, a later run over the same inputs and ``shard_dir`` extracts nothing again."""
    report = IngestReport()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out_dir = Path(shard_dir)
    try:
        shards, problems = plan_shards(paths, size=shard_size)
    except KeyboardInterrupt:
        report.interrupted = True
        return report
    for p in problems:
        (report.failed if p.fatal else report.warnings).append((where(p), p.reason))
        if progress:
            progress("problem", p)
    ready = InPlanOrder(engine.iter_shards(shards, out_dir, max_bytes=max_bytes, defaults=defaults, progress=progress)
                        if shards else iter(()))
    try:
        merged = merge_shards(ready, store, progress=progress, in_order=True, update=update)
    finally:
        ready.close()
    _add(report, merged)
    if ready.lost is not None and not report.stopped:
        report.stopped = (f"{ready.lost}; {ready.merged} of {len(shards)} shards were merged (the store takes them in"
                          " input order: none after the first one missing)")
    if not (report.interrupted or report.stopped or report.read or report.failed or report.warnings):
        from ..ingest.readers import KINDS

        given = ", ".join(str(p) for p in paths) or "(no paths)"
        report.failed.append((given, f"no supported files found (supported: {' '.join(sorted(KINDS))})"))
    if not keep_outputs and not (report.interrupted or report.stopped):
        remove_outputs([ready.outputs[i] for i in sorted(ready.outputs)], out_dir)
    return report


def remove_outputs(outputs: list[ShardOutput], out_dir: Path) -> None:
    """Delete these output files, and their folder when nothing else is left in it."""
    for o in outputs:
        o.path.unlink(missing_ok=True)
    try:
        out_dir.rmdir()
    except OSError:
        pass  # other files are there (another run's): they stay


def _add(report: IngestReport, merged: IngestReport) -> None:
    report.read += merged.read
    report.stored += merged.stored
    report.skipped += merged.skipped
    report.failed += merged.failed
    report.warnings += merged.warnings
    report.replaced += merged.replaced
    report.changed += merged.changed
    report.interrupted = report.interrupted or merged.interrupted
    report.stopped = report.stopped or merged.stopped

