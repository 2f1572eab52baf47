"""The sharded job contract: the unit that every engine runs (this machine's cores, a cluster).

A ``Shard`` is a list of input files, or lines ``start`` to ``stop`` of one JSONL file.
``run_shard`` reads its documents with the readers of ``ingest/``, extracts each with the
pipeline (a pure function of document and pipeline, loaded once per process:
``worker.pipeline``), and writes ONE output file of extraction records: JSON lines, one
``Extraction.to_record(complete=True)`` per document, and the read problems and failures, in
reader order.  The file is named by a hash of the shard's input (``shard_name``: the paths with
their sizes and modification times, or the JSONL slice with the file's SHA-256, the reader's
options, the model and ``PIPELINE_VERSION``), and it is written under a temporary name and
renamed, so it exists whole or not at all.  A shard whose output exists is done: a rerun after
a crash, a kill or a lost worker redoes only the missing shards.  Nothing here touches a
store: ``merge.merge_shards`` writes the outputs into one.

Output lines (each a JSON object with one key):

- ``{"shard": {...}}``: first, the shard's input and counts (``documents``, ``failed``, ``problems``);
- ``{"problem": {"path", "reason", "line", "fatal"}}``: a read problem (``fatal`` false: a warning);
- ``{"extraction": RECORD}``: a document's complete record (``Extraction.from_record`` rebuilds it);
- ``{"failed": {"doc": {..., "text"}, "reason"}}``: a document the pipeline raised on.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Document, Extraction, ReadProblem
from . import worker
from .base import IDLE, Failed
from .process import WorkerPool, default_factory

#: Documents (files, or JSONL lines) per shard unless told otherwise: one output file each.
SHARD_SIZE = 50
SUFFIX = ".jsonl"


@dataclass(frozen=True)
class Shard:
    """A list of input files (``files``), or lines ``start`` (0-based) to ``stop`` (excluded;
    None: to the end) of the JSONL file ``jsonl``."""

    files: tuple[str, ...] = ()
    jsonl: str | None = None
    start: int = 0
    stop: int | None = None

    def __post_init__(self) -> None:
        if bool(self.files) == bool(self.jsonl):
            raise ValueError("a shard is either files or a slice of one JSONL file")

    def to_json(self) -> dict[str, Any]:
        if self.jsonl:
            return {"jsonl": self.jsonl, "start": self.start, "stop": self.stop}
        return {"files": list(self.files)}


@dataclass(frozen=True)
class ShardOutput:
    """Where a shard's output is, and whether it was there before this run (then it was not run)."""

    shard: Shard
    path: Path
    done_before: bool


def plan_shards(paths: Iterable[str | Path] | str | Path, size: int = SHARD_SIZE) -> tuple[list[Shard], list[ReadProblem]]:
    """The shards of these inputs, ``size`` documents each (files, or JSONL lines), in the
    order the readers read them, and the problems of walking the inputs (which no shard will
    report).  The plan depends on the inputs and ``size`` alone, never on how many processes
    run it, so outputs made by one process or by many have the same names."""
    from ..ingest.readers import iter_files

    if size < 1:
        raise ValueError("size must be at least 1")
    shards: list[Shard] = []
    problems: list[ReadProblem] = []
    files: list[str] = []

    def flush() -> None:
        if files:
            shards.append(Shard(files=tuple(files)))
            files.clear()

    for found in iter_files(paths):
        if isinstance(found, ReadProblem):
            problems.append(found)
            continue
        path, kind = found
        if kind != "jsonl":
            files.append(str(path))
            if len(files) == size:
                flush()
            continue
        flush()
        n = _count_lines(path)
        starts = list(range(0, n, size)) or [0]
        for i, start in enumerate(starts):
            shards.append(Shard(jsonl=str(path), start=start, stop=None if i == len(starts) - 1 else start + size))
    flush()
    return shards, problems


def shard_name(shard: Shard, *, max_bytes: int | None = None, defaults: Mapping[str, str] | None = None) -> str:
    """The output's name: a hash of everything its content depends on."""
    from ..config import MODEL, PIPELINE_VERSION

    if shard.jsonl:
        inputs: dict[str, Any] = {"jsonl": shard.jsonl, "sha256": _file_sha256(shard.jsonl), "start": shard.start, "stop": shard.stop}
    else:
        inputs = {"files": [[p, *_stat(p), *_stat_sidecar(p)] for p in shard.files]}
    key = {"inputs": inputs, "max_bytes": max_bytes, "defaults": dict(sorted((defaults or {}).items())),
           "model": MODEL, "pipeline_version": PIPELINE_VERSION}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()[:24]


def output_path(shard: Shard, out_dir: str | Path, **options: Any) -> Path:
    return Path(out_dir) / f"{shard_name(shard, **options)}{SUFFIX}"


def run_shard(shard: Shard, out_dir: str | Path, nlp_factory: Callable[[], Any] = default_factory, *,
              max_bytes: int | None = None, defaults: Mapping[str, str] | None = None,
              extract: Callable[..., Iterable[Extraction]] | None = None, batch_size: int = 8) -> ShardOutput:
    """Read, extract and write one shard's output (nothing, when it exists already).

    ``nlp_factory`` builds the pipeline; it is called once per process, and only when the
    shard has a document to extract.  ``extract`` stands in for ``extract_many`` (tests)."""
    from .jobs import fit_to_model

    out_dir = Path(out_dir)
    final = output_path(shard, out_dir, max_bytes=max_bytes, defaults=defaults)
    if final.exists():
        return ShardOutput(shard, final, True)
    items = list(_read(shard, max_bytes, defaults))
    lines: list[dict[str, Any]] = []
    documents: list[Document] = []
    for item in items:
        if isinstance(item, ReadProblem):
            lines.append({"problem": _problem_record(item)})
            continue
        item, why = fit_to_model(item, worker.pipeline(nlp_factory))
        if why:
            lines.append({"problem": _problem_record(ReadProblem(item.path or "<text>", why, line=item.line, fatal=False))})
        lines.append({"document": len(documents)})  # its place, filled below
        documents.append(item)
    results: list[Extraction | Failed] = []
    if documents:
        from .local import LocalRunner

        runner = LocalRunner(worker.pipeline(nlp_factory), batch_size=batch_size, extract=extract)
        results = [r for r in runner.extract(documents) if r is not IDLE]
    for i, line in enumerate(lines):
        if "document" in line:
            result = results[line["document"]]
            lines[i] = ({"failed": {"doc": dict(result.document.meta_record(), text=result.document.text, line=result.document.line),
                                    "reason": result.reason}}
                        if isinstance(result, Failed) else {"extraction": result.to_record(complete=True)})
    counts = {k: sum(1 for line in lines if k in line) for k in ("extraction", "failed", "problem")}
    header = {"shard": dict(shard.to_json(), documents=counts["extraction"], failed=counts["failed"], problems=counts["problem"])}
    _write_atomically(final, [header, *lines])
    return ShardOutput(shard, final, False)


def run_shards(shards: Iterable[Shard], out_dir: str | Path, *, workers: int = 1,
               nlp_factory: Callable[[], Any] = default_factory, max_bytes: int | None = None,
               defaults: Mapping[str, str] | None = None, extract: Callable[..., Iterable[Extraction]] | None = None,
               batch_size: int = 8) -> list[ShardOutput]:
    """Every shard's output, in plan order, made in this process (``workers`` 1) or in a pool
    of worker processes that each load the pipeline once.  Shards done before are not run,
    and no worker starts when every shard is done.  A lost worker stops the run
    (``WorkerLost``); the outputs written stay, so a rerun does only the rest."""
    from concurrent.futures.process import BrokenProcessPool

    from ..errors import WorkerLost

    shards = list(shards)
    options = {"max_bytes": max_bytes, "defaults": defaults, "extract": extract, "batch_size": batch_size}
    paths = [output_path(s, out_dir, max_bytes=max_bytes, defaults=defaults) for s in shards]
    todo = [s for s, p in zip(shards, paths, strict=True) if not p.exists()]
    done = {s: ShardOutput(s, p, True) for s, p in zip(shards, paths, strict=True) if p.exists()}
    if workers == 1 or len(todo) <= 1:
        for s in todo:
            done[s] = run_shard(s, out_dir, nlp_factory, **options)
        return [done[s] for s in shards]
    with WorkerPool(min(workers, len(todo)), nlp_factory) as pool:
        futures = [(s, pool.submit(run_shard, s, str(out_dir), nlp_factory, **options)) for s in todo]
        try:
            for s, future in futures:
                done[s] = future.result()
        except BrokenProcessPool:
            written = sum(1 for p in paths if p.exists())
            raise WorkerLost(f"an extraction worker process died (killed, or out of memory?); {written} of {len(shards)}"
                             " shards are done; run it again to do only the missing ones") from None
    return [done[s] for s in shards]


def read_output(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The lines of an output shard as (line number, object); a line that is no JSON object
    comes as ``{"bad": reason}``."""
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield lineno, {"bad": f"not valid JSON ({exc.msg} at column {exc.colno})"}
                continue
            yield lineno, obj if isinstance(obj, dict) else {"bad": f"not a JSON object (got {type(obj).__name__})"}


def problem_from_record(p: Mapping[str, Any]) -> ReadProblem:
    return ReadProblem(p["path"], p["reason"], line=p.get("line"), fatal=p.get("fatal", True))


def _problem_record(p: ReadProblem) -> dict[str, Any]:
    return {"path": p.path, "reason": p.reason, "line": p.line, "fatal": p.fatal}


def _read(shard: Shard, max_bytes: int | None, defaults: Mapping[str, str] | None) -> Iterator[Document | ReadProblem]:
    from ..ingest.readers import iter_documents, read_jsonl_lines

    options: dict[str, Any] = {"defaults": defaults}
    if max_bytes:
        options["max_bytes"] = max_bytes
    if shard.jsonl:
        return read_jsonl_lines(shard.jsonl, shard.start, shard.stop, **options)
    return iter_documents(list(shard.files), **options)


def _write_atomically(path: Path, lines: list[dict[str, Any]]) -> None:
    """Written under a temporary name in the same folder, synced, then renamed: a reader (or a
    rerun) sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0  # the shard's reader reports it
    return n + (last != b"\n")


_hashes: dict[tuple[str, int, int], str] = {}


def _file_sha256(path: str) -> str | None:
    """SHA-256 of a file's bytes, once per process and (path, size, modification time)."""
    size, mtime = _stat(path)
    if size is None:
        return None
    key = (path, size, mtime)
    if key not in _hashes:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        _hashes[key] = h.hexdigest()
    return _hashes[key]


def _stat(path: str | Path) -> tuple[int | None, int | None]:
    try:
        st = os.stat(path)
    except OSError:
        return None, None
    return st.st_size, st.st_mtime_ns


def _stat_sidecar(path: str) -> tuple[int | None, int | None]:
    from ..ingest.sidecar import sidecar_for

    sidecar = sidecar_for(Path(path))
    return _stat(sidecar) if sidecar is not None else (None, None)
