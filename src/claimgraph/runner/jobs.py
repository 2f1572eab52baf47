"""The three jobs, as thin uses of the one loop (``base.drive``) and a runner.

``ingest_paths``: read -> extract -> resolve against the store -> write.  ``extract_paths``:
read -> extract -> resolve across the inputs -> yield.  ``reprocess_store``: stored text ->
extract -> replace.  All stream, so memory stays flat however many documents there are; bad
inputs become report entries and never stop the run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import StoreFull, WorkerLost
from ..ingest import iter_documents
from ..models import Document, Extraction, ReadProblem
from ..resolve.resolver import Resolver
from .base import IDLE, Batches, Failed, Progress, Runner, drive
from .intake import Intake
from .local import LocalRunner
from .reports import IngestReport, ReprocessReport, stored_where, where
from .sinks import StoreSink


def ingest_paths(paths: Iterable[str | Path], store, *, nlp=None, max_bytes: int | None = None,
                 progress: Progress | None = None, batch_size: int = 8, runner: Runner | None = None,
                 defaults: dict[str, str] | None = None, update: bool = False) -> IngestReport:
    """Read, extract, resolve and store.  Already-stored content is skipped before parsing,
    and the language model is not even loaded when every input is stored already (a runner
    loads it on first use of its ``nlp``).  ``defaults`` (``source``, ``author``,
    ``published``) fill in what a document does not say (``iter_documents``).

    A file whose content changed is a new document.  With ``update`` it supersedes the
    versions stored from the same file (or URL, ``versions.version_keys``): their records go,
    their rows stay as superseded (``report.replaced``).  Without, the older versions stay
    current beside it (``report.changed`` lists them)."""
    runner = runner or LocalRunner(nlp, batch_size=batch_size)
    report = IngestReport()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    intake = Intake(store, report, update=update, progress=progress)

    def documents() -> Iterator[Document]:
        for item in iter_documents(paths, **({"max_bytes": max_bytes} if max_bytes else {}), defaults=defaults):
            if isinstance(item, ReadProblem):
                (report.failed if item.fatal else report.warnings).append((where(item), item.reason))
                if progress:
                    progress("problem", item)
                continue
            report.read += 1
            if intake.known(item):
                continue
            # new content: the model is needed now, and with it the length it accepts
            item, why = fit_to_model(item, getattr(runner, "nlp", nlp))
            if why:
                report.warnings.append((where(item), why))
                if intake.known(item):  # stored before, cut the same way
                    continue
            intake.expect(item)
            yield item

    try:
        report.interrupted = drive(documents(), runner, intake.put, intake.failed, waiting=intake.waiting, batches=intake.batches)
    except (StoreFull, WorkerLost) as exc:
        report.stopped = str(exc)
    if not report.interrupted and not (report.read or report.failed or report.warnings):
        from ..ingest.readers import KINDS

        given = ", ".join(str(p) for p in paths) or "(no paths)"
        report.failed.append((given, f"no supported files found (supported: {' '.join(sorted(KINDS))})"))
    return report


def _read(paths, max_bytes, nlp, cut: Callable[[ReadProblem], None]) -> Iterator[Document | ReadProblem]:
    """The reader's documents and problems, each document cut to what the model accepts
    (``cut`` is told of each cut, as a warning)."""
    for item in iter_documents(paths, **({"max_bytes": max_bytes} if max_bytes else {})):
        if not isinstance(item, ReadProblem):
            item, why = fit_to_model(item, nlp)
            if why:
                cut(ReadProblem(item.path or "<text>", why, line=item.line, fatal=False))
        yield item


def fit_to_model(doc: Document, nlp) -> tuple[Document, str | None]:
    """A text longer than the language model accepts (``nlp.max_length``, 1,000,000 characters
    for spaCy, which otherwise raises and took the whole run down) is cut at a paragraph
    boundary below it; the second value is the warning to report, or None."""
    limit = getattr(nlp, "max_length", None)
    if not limit or len(doc.text) <= limit:
        return doc, None
    from ..ingest.textio import cut_at_boundary

    text = cut_at_boundary(doc.text[:limit])
    reason = (f"text is {len(doc.text):,} characters, over the language model's limit of {limit:,};"
              f" extracted its first {len(text):,} (cut at a paragraph boundary)")
    return replace(doc, text=text), reason


def extract_paths(paths: Iterable[str | Path], *, nlp=None, resolve: bool = True, max_bytes: int | None = None,
                  runner: Runner | None = None) -> Iterator[Extraction | ReadProblem]:
    """SPEC section 3 extractions in input order, with actor ids resolved across the inputs.
    Unreadable inputs, warnings and documents the pipeline failed on come as ``ReadProblem``."""
    runner = runner or LocalRunner(nlp)
    nlp = getattr(runner, "nlp", nlp)
    resolver = Resolver() if resolve else None
    problems: list[ReadProblem] = []

    def documents() -> Iterator[Document]:
        for item in _read(paths, max_bytes, nlp, problems.append):
            if isinstance(item, ReadProblem):
                problems.append(item)
            else:
                yield item

    for result in runner.extract(documents()):
        if result is IDLE:
            continue
        while problems:
            yield problems.pop(0)
        if isinstance(result, Failed):
            yield ReadProblem(result.document.path or "<text>", result.reason, line=result.document.line)
        else:
            yield resolver.resolve(result) if resolver else result
    yield from problems


def reprocess_store(store, *, nlp=None, progress: Progress | None = None, force: bool = False,
                    batch_size: int = 8, runner: Runner | None = None, only: Iterable[str] | None = None) -> ReprocessReport:
    """Re-extract stored documents after the pipeline changed, from their stored text.

    Selects the documents whose ``pipeline_version`` differs from ``config.PIPELINE_VERSION``
    (every document with ``force``), rebuilds each as the reader left it (cleaned text and
    metadata, no file is read) and replaces its records atomically (a savepoint of the batch
    that ``drive`` commits), so an interrupted run leaves every document either old or new and
    a second run goes on where the first stopped (with ``force`` it starts again).  Progress is called as
    ``progress("reprocessed", document)``.  ``only`` re-extracts just these document ids
    (whatever their version; an undone merge or split asks for it, ``curation.undo``).
    """
    from ..config import PIPELINE_VERSION

    report = ReprocessReport(version=PIPELINE_VERSION)
    stats = store.stats()
    report.documents, report.events_before = stats["documents"], stats["events"]
    ids = store.documents_needing_reprocess(None if force or only is not None else PIPELINE_VERSION)
    if only is not None:
        wanted = set(only)
        ids = [i for i in ids if i in wanted]
    report.selected = len(ids)
    if ids:
        runner = runner or LocalRunner(nlp, batch_size=batch_size)
        sink = StoreSink(store)

        def put(ex: Extraction) -> Callable[[], None]:
            sink.replace(ex)

            def count() -> None:  # once committed
                report.reprocessed += 1
                if progress:
                    progress("reprocessed", ex.doc)

            return count

        documents = (d for d in map(store.stored_document, ids) if d is not None)
        try:
            report.interrupted = drive(documents, runner, put, lambda doc, why: report.failed.append((stored_where(doc), why)),
                                       waiting=(lambda: progress("waiting", None)) if progress else None,
                                       batches=Batches.of(store))
        except (StoreFull, WorkerLost) as exc:
            report.stopped = str(exc)
    report.events_after = store.stats()["events"]
    return report
