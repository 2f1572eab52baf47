"""Whole jobs over many files: ``ingest_paths`` and ``extract_paths``.

Both stream: documents are read, extracted and written (or yielded) one batch at a time, so
memory stays flat however many files there are.  Bad files become ``ReadProblem`` entries in
the report; they never stop the run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
    from .nlp.pipeline import extract_many, get_pipeline

    nlp = nlp or get_pipeline()
    report = IngestReport()
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    pending: list[Document] = []

    def flush() -> None:
        for ex in extract_many(pending, nlp, batch_size=batch_size):
            try:
                added = store.add_extraction(ex)
            except Exception as exc:  # a store error for one document must not lose the others
                from .errors import StoreBusy

                if isinstance(exc, StoreBusy):
                    raise
                report.failed.append((_where(ex.doc), f"could not store: {exc}"))
                continue
            if added:
                report.stored += 1
            else:
                report.skipped.append((_where(ex.doc), "already stored (same content)"))
            if progress:
                progress("stored", ex.doc)
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
    return report


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
                yield item

    for ex in extract_many(docs(), nlp):
        while problems:
            yield problems.pop(0)
        yield resolver.resolve(ex) if resolver else ex
    yield from problems

