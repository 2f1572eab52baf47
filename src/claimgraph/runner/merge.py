"""The merge step: output shards (``shards.run_shard``) into a store.

``merge_shards`` reads the outputs in a fixed order, sorted by name (the hash of each shard's
input), so the order does not depend on which process or machine made which output, or when.
Each extraction record is skipped or resolved against the actors stored so far and written as
``ingest`` does it, with ``--update`` or without (``intake.Intake``), through the same loop (``base.drive``: documents committed in batches,
one policy for failures, Ctrl-C and a full disk).  It is idempotent: a document whose content
is stored is skipped before its record is even rebuilt, so a second merge of the same outputs
writes nothing, and an interrupted one goes on where it stopped.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import StoreFull
from ..models import Document, Extraction, document_from_record
from .base import IDLE, Failed, Progress, drive
from .intake import Intake
from .reports import IngestReport, where
from .shards import SUFFIX, problem_from_record, read_output


def shard_outputs(outputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """The output files to merge, in merge order: every ``*.jsonl`` of a folder, or the files
    given, sorted by name."""
    if isinstance(outputs, (str, Path)) and Path(outputs).is_dir():
        files = [p for p in Path(outputs).iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith(".")]
    else:
        files = [Path(p) for p in ([outputs] if isinstance(outputs, (str, Path)) else outputs)]
    return sorted(files, key=lambda p: (p.name, str(p)))


class _Replay:
    """A runner whose extractions were made before (they are read from the outputs)."""

    nlp = None

    def extract(self, results: Iterable[Extraction | Failed]) -> Iterator[Extraction | Failed]:
        return iter(results)


def merge_shards(outputs: str | Path | Iterable[str | Path], store, *, progress: Progress | None = None,
                 in_order: bool = False, update: bool = False) -> IngestReport:
    """Resolve and store the documents of these output shards (a folder of them, or the files).
    With ``in_order`` the files given are merged in the order given, each read when the one
    before it is merged (an engine passes them in plan order, which is reader order, as each
    becomes ready, so the store is exactly the one ``ingest`` makes).  ``update`` is ``ingest
    --update``: each document is skipped or written as a local ingest does it (``intake.Intake``).

    The report counts as ``ingest``'s does: ``read`` documents (extracted or failed),
    ``stored``, ``skipped`` (stored already), ``failed`` (documents the pipeline failed on,
    fatal read problems, output lines that cannot be read), ``warnings``, and the changed files
    (``replaced`` with ``update``, else ``changed``)."""
    report = IngestReport()
    intake = Intake(store, report, update=update, progress=progress)

    def document(record: dict, at: str) -> Document | None:
        try:
            return document_from_record(record)
        except (KeyError, TypeError, ValueError) as exc:
            report.failed.append((at, f"cannot merge this record ({type(exc).__name__}: {exc})"))
            return None

    def results() -> Iterator[Extraction | Failed]:
        for path in ((Path(p) for p in outputs) if in_order else shard_outputs(outputs)):
            for lineno, obj in read_output(path):
                at = f"{path}:{lineno}"
                if "bad" in obj:
                    report.failed.append((at, f"cannot merge this output line: {obj['bad']}"))
                elif "problem" in obj:
                    problem = problem_from_record(obj["problem"])
                    (report.failed if problem.fatal else report.warnings).append((where(problem), problem.reason))
                    if progress:
                        progress("problem", problem)
                elif "failed" in obj or "extraction" in obj:
                    report.read += 1
                    record = obj["extraction"] if "extraction" in obj else obj["failed"]
                    doc = document(record.get("doc") if isinstance(record, dict) else None, at)
                    if doc is None:
                        continue
                    if intake.known(doc):  # before the record is even rebuilt
                        continue
                    intake.expect(doc)
                    if "failed" in obj:
                        yield Failed(doc, record["reason"])
                        continue
                    try:
                        yield Extraction.from_record(record)
                    except (KeyError, TypeError, ValueError) as exc:
                        report.failed.append((at, f"cannot merge this record ({type(exc).__name__}: {exc})"))
            yield IDLE  # the next output may still be running (``sharded.ingest_shards``): commit before waiting

    try:
        report.interrupted = drive(results(), _Replay(), intake.put, intake.failed, waiting=intake.waiting, batches=intake.batches)
    except StoreFull as exc:
        report.stopped = str(exc)
    return report
