"""Whole jobs over many files: ``ingest_paths`` and ``extract_paths``.

Both stream: documents are read, extracted and written (or yielded) one batch at a time, so
memory stays flat however many files there are.  Bad files become ``ReadProblem`` entries in
the report; they never stop the run.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoreBusy
from .ingest import iter_documents
from .models import Document, Extraction, ReadProblem
from .resolve.resolver import Resolver

Progress = Callable[[str, Document | ReadProblem | None], None]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    def to_json(self) -> dict:
        return {
            "read": self.read,
            "stored": self.stored,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "warnings": [{"path": p, "reason": r} for p, r in self.warnings],
            "interrupted": self.interrupted,
        }

    @property
    def exit_code(self) -> int:
        """0: everything read was stored or already there; 1: some inputs failed; 2: nothing usable."""
        if self.interrupted:
            return 130
        if self.failed and not (self.stored or self.skipped):
            return 2
        return 1 if self.failed else 0


def _where(p: Document | ReadProblem) -> str:
    if isinstance(p, ReadProblem):
        return f"{p.path}:{p.line}" if p.line else p.path
    return f"{p.path}:{p.line}" if p.line else (p.path or "<text>")


def ingest_paths(paths: Iterable[str | Path], store, *, nlp=None, max_bytes: int | None = None,
                 progress: Progress | None = None, batch_size: int = 8) -> IngestReport:
    """Read, extract, resolve and store.  Already-stored content is skipped before parsing."""
    from .nlp.pipeline import get_pipeline

    nlp = nlp or get_pipeline()
    report = IngestReport()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    pending: list[Document] = []

    def store_one(ex: Extraction) -> None:
        try:
            added = store.add_extraction(ex)
        except Exception as exc:  # a store error for one document must not lose the others
            if isinstance(exc, StoreBusy):
                raise
            report.failed.append((_where(ex.doc), f"could not store: {exc}"))
            return
        if added:
            report.stored += 1
        else:
            report.skipped.append((_where(ex.doc), "already stored (same content)"))
        if progress:
            progress("stored", ex.doc)

    def extraction_failed(doc: Document, exc: Exception) -> None:
        report.failed.append((_where(doc), f"extraction failed ({type(exc).__name__}: {_first_line(exc)})"))

    def flush() -> None:
        for ex in _extract_each(pending, nlp, batch_size, extraction_failed):
            with _interrupt_after():
                store_one(ex)
        pending.clear()

    try:
        seen: set[str] = set()
        for item in iter_documents(paths, **kwargs):
            if isinstance(item, ReadProblem):
                (report.failed if item.fatal else report.warnings).append((_where(item), item.reason))
                if progress:
                    progress("problem", item)
                continue
            report.read += 1
            item, cut = _fit_to_model(item, nlp)
            if cut:
                report.warnings.append((_where(item), cut))
            if item.id in seen or store.has_document(item.id):
                report.skipped.append((_where(item), "already stored (same content)"))
                if progress:
                    progress("skipped", item)
                continue
            seen.add(item.id)
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        flush()
    except KeyboardInterrupt:
        report.interrupted = True
    if not report.interrupted and not (report.read or report.failed or report.warnings):
        from .ingest.readers import KINDS

        given = ", ".join(str(p) for p in paths) or "(no paths)"
        report.failed.append((given, f"no supported files found (supported: {' '.join(sorted(KINDS))})"))
    return report


def _extract_each(docs: list[Document], nlp, batch_size: int,
                  failed: Callable[[Document, Exception], None]) -> Iterator[Extraction]:
    """``extract_many`` over one batch, except that a document the pipeline raises on fails
    alone: the batch dies with it, so the documents not yet extracted are redone one by one."""
    from .nlp.pipeline import extract_many

    done: set[str] = set()
    try:
        for ex in extract_many(docs, nlp, batch_size=batch_size):
            done.add(ex.doc.id)
            yield ex
    except Exception:  # noqa: BLE001 - raised by the pipeline, not by the caller's loop body
        for doc in docs:
            if doc.id in done:
                continue
            try:
                ex = next(iter(extract_many([doc], nlp, batch_size=1)))
            except Exception as exc:  # noqa: BLE001
                failed(doc, exc)
                continue
            done.add(doc.id)
            yield ex


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Hold Ctrl-C while one document is written and counted, then deliver it.

    Without this a Ctrl-C landing just after a document's COMMIT but before it was counted
    left the summary one document short of what the store holds."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)


def _first_line(exc: BaseException, limit: int = 200) -> str:
    text = (str(exc).strip().splitlines() or [""])[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fit_to_model(doc: Document, nlp) -> tuple[Document, str | None]:
    """A text longer than the language model accepts (``nlp.max_length``, 1,000,000 characters
    for spaCy, which otherwise raises and took the whole run down) is cut at a paragraph
    boundary below it; the second value is the warning to report, or None."""
    limit = getattr(nlp, "max_length", None)
    if not limit or len(doc.text) <= limit:
        return doc, None
    from dataclasses import replace

    from .ingest.textio import cut_at_boundary

    text = cut_at_boundary(doc.text[:limit])
    reason = (f"text is {len(doc.text):,} characters, over the language model's limit of {limit:,};"
              f" extracted its first {len(text):,} (cut at a paragraph boundary)")
    return replace(doc, text=text), reason


def extract_paths(paths: Iterable[str | Path], *, nlp=None, resolve: bool = True, max_bytes: int | None = None) -> Iterator[Extraction | ReadProblem]:
    """SPEC section 3 extractions in input order, with actor ids resolved across the inputs."""
    from .nlp.pipeline import extract_many, get_pipeline

    nlp = nlp or get_pipeline()
    resolver = Resolver() if resolve else None
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    problems: list[ReadProblem] = []

    def docs() -> Iterator[Document]:
        for item in iter_documents(paths, **kwargs):
            if isinstance(item, ReadProblem):
                problems.append(item)
            else:
                item, cut = _fit_to_model(item, nlp)
                if cut:
                    problems.append(ReadProblem(item.path or "<text>", cut, line=item.line, fatal=False))
                yield item

    for ex in extract_many(docs(), nlp):
        while problems:
            yield problems.pop(0)
        yield resolver.resolve(ex) if resolver else ex
    yield from problems



# -- re-extraction ---------------------------------------------------------------------------
@dataclass
class ReprocessReport:
    version: str = ""  # the pipeline version the documents were brought to
    documents: int = 0  # documents in the store
    selected: int = 0  # of which extracted by another version (all of them with force)
    reprocessed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document, reason)
    events_before: int = 0
    events_after: int = 0
    interrupted: bool = False

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "documents": self.documents,
            "selected": self.selected,
            "reprocessed": self.reprocessed,
            "failed": [{"document": d, "reason": r} for d, r in self.failed],
            "events_before": self.events_before,
            "events_after": self.events_after,
            "interrupted": self.interrupted,
        }

    @property
    def exit_code(self) -> int:
        """0: every selected document re-extracted (or none needed it); 1: some failed;
        2: all failed; 130: interrupted (run it again to go on)."""
        if self.interrupted:
            return 130
        if self.failed and not self.reprocessed:
            return 2
        return 1 if self.failed else 0


def reprocess_store(store, *, nlp=None, progress: Progress | None = None, force: bool = False,
                    batch_size: int = 8) -> ReprocessReport:
    """Re-extract stored documents after the pipeline changed, from their stored text.

    Selects the documents whose ``pipeline_version`` differs from ``config.PIPELINE_VERSION``
    (every document with ``force``), rebuilds each as the reader left it (cleaned text and
    metadata, no file is read) and replaces its records in one transaction per document, so
    an interrupted run leaves every document either old or new and a second run goes on where
    the first stopped (with ``force`` it starts again).  Progress is called as
    ``progress("reprocessed", document)``.
    """
    from .config import PIPELINE_VERSION
    from .nlp.pipeline import get_pipeline

    report = ReprocessReport(version=PIPELINE_VERSION)
    stats = store.stats()
    report.documents, report.events_before = stats["documents"], stats["events"]
    ids = store.documents_needing_reprocess(None if force else PIPELINE_VERSION)
    report.selected = len(ids)
    if ids:
        nlp = nlp or get_pipeline()

        def failed(doc: Document, exc: Exception) -> None:
            report.failed.append((_stored_where(doc), f"extraction failed ({type(exc).__name__}: {_first_line(exc)})"))

        try:
            for start in range(0, len(ids), batch_size):
                docs = [d for d in map(store.stored_document, ids[start : start + batch_size]) if d is not None]
                for ex in _extract_each(docs, nlp, batch_size, failed):
                    with _interrupt_after():
                        try:
                            store.replace_extraction(ex)
                        except Exception as exc:  # one document's store error must not stop the others
                            if isinstance(exc, StoreBusy):
                                raise
                            report.failed.append((_stored_where(ex.doc), f"could not store: {exc}"))
                            continue
                        report.reprocessed += 1
                    if progress:
                        progress("reprocessed", ex.doc)
        except KeyboardInterrupt:
            report.interrupted = True
    report.events_after = store.stats()["events"]
    return report


def _stored_where(doc: Document) -> str:
    return f"{doc.id} ({doc.path})" if doc.path else doc.id
