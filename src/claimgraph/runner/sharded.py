"""The sharded ingest: plan the shards, have an *engine* run them, merge their outputs.

This is the job behind ``ingest --engine dask`` (and any engine after it): ``shards.plan_shards``
cuts the inputs into shards, the engine runs ``shards.run_shard`` on each wherever it likes (each
writes one output file of extraction records into ``shard_dir``, named by a hash of its input),
then this process merges the outputs into the store with ``merge.merge_shards``, in plan order,
which is the order the readers read the inputs: the store is the one ``ingest`` makes locally.

An engine is any object with ``run_shards(shards, out_dir, *, max_bytes, defaults, progress)``
that returns the ``ShardOutput`` of every shard, in plan order, or raises ``WorkerLost`` when
some shards could not be done (the outputs written stay, so a rerun with the same ``shard_dir``
runs only the missing ones).  ``dask_engine.DaskEngine`` is one.  Nothing is merged unless
every shard is done: merging shard 7 before shard 5 would resolve the actors in another order.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Mapping
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
    def run_shards(self, shards: list[Shard], out_dir: Path, *, max_bytes: int | None = None,
                   defaults: Mapping[str, str] | None = None, progress: Progress | None = None) -> list[ShardOutput]:
        """Every shard's output, in plan order; ``WorkerLost`` when some could not be done."""
        ...


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
                  progress: Progress | None = None, keep_outputs: bool = True) -> IngestReport:
    """Plan, run (``engine``) and merge.  The report counts as ``ingest_paths``'s does.

    With ``keep_outputs`` False the outputs are deleted once the merge went through to its end
    (they are kept after a stop or Ctrl-C, so that the rerun extracts only the missing shards);
    kept, a later run over the same inputs and ``shard_dir`` extracts nothing again."""
    report = IngestReport()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out_dir = Path(shard_dir)
    try:
        shards, problems = plan_shards(paths, size=shard_size)
        for p in problems:
            (report.failed if p.fatal else report.warnings).append((where(p), p.reason))
            if progress:
                progress("problem", p)
        outputs = engine.run_shards(shards, out_dir, max_bytes=max_bytes, defaults=defaults, progress=progress) if shards else []
    except WorkerLost as exc:
        report.stopped = str(exc)
        return report
    except KeyboardInterrupt:
        report.interrupted = True
        return report
    merged = merge_shards([o.path for o in outputs], store, progress=progress, in_order=True)
    _add(report, merged)
    if not (report.interrupted or report.stopped or report.read or report.failed or report.warnings):
        from ..ingest.readers import KINDS

        given = ", ".join(str(p) for p in paths) or "(no paths)"
        report.failed.append((given, f"no supported files found (supported: {' '.join(sorted(KINDS))})"))
    if not keep_outputs and not (report.interrupted or report.stopped):
        remove_outputs(outputs, out_dir)
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
    report.interrupted = report.interrupted or merged.interrupted
    report.stopped = report.stopped or merged.stopped

