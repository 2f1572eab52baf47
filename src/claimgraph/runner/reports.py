"""What a job reports: counts, every skipped or failed input and why, and the exit code."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Document, ReadProblem


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped before its end (a full disk), or None
    # (path, document id, older ids): with --update, the documents that superseded older
    # versions of their file or URL; without, the changed ones stored beside their older versions
    replaced: list[tuple[str, str, list[str]]] = field(default_factory=list)
    changed: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "read": self.read,
            "stored": self.stored,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "warnings": [{"path": p, "reason": r} for p, r in self.warnings],
            "interrupted": self.interrupted,
            "stopped": self.stopped,
            "replaced": [{"path": p, "document": d, "superseded": old} for p, d, old in self.replaced],
            "changed": [{"path": p, "document": d, "older": old} for p, d, old in self.changed],
        }

    @property
    def exit_code(self) -> int:
        """0: everything read was stored or already there; 1: some inputs failed; 2: nothing
        usable, or the run stopped (a full disk); 130: interrupted."""
        if self.interrupted:
            return 130
        if self.stopped or self.failed and not (self.stored or self.skipped):
            return 2
        return 1 if self.failed else 0


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
    stopped: str | None = None  # why the run stopped before its end (a full disk), or None

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
            "stopped": self.stopped,
        }

    @property
    def exit_code(self) -> int:
        """0: every selected document re-extracted (or none needed it); 1: some failed;
        2: all failed, or the run stopped (a full disk); 130: interrupted (run it again to go on)."""
        if self.interrupted:
            return 130
        if self.stopped or self.failed and not self.reprocessed:
            return 2
        return 1 if self.failed else 0


@dataclass
class RemoveReport:
    """What ``remove_documents`` deleted: documents (with their older versions), how many events
    and quotes went with them, the actors dropped as nothing names them any more, and the
    targets that matched nothing (with ``ignore_missing``)."""

    documents: list[dict] = field(default_factory=list)  # id, path, url, title, source, published, superseded_by
    events: int = 0
    quotes: int = 0
    actors: list[dict] = field(default_factory=list)  # id, name, type
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"documents": self.documents, "events": self.events, "quotes": self.quotes, "actors": self.actors,
                "missing": self.missing}


def where(p: Document | ReadProblem) -> str:
    """An input as a report names it: path (and line), or "<text>"."""
    if isinstance(p, ReadProblem):
        return f"{p.path}:{p.line}" if p.line else p.path
    return f"{p.path}:{p.line}" if p.line else (p.path or "<text>")


def stored_where(doc: Document) -> str:
    """A stored document as a report names it: id (and path)."""
    return f"{doc.id} ({doc.path})" if doc.path else doc.id
