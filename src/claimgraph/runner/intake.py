"""What ``ingest`` does with each document it reads, written once for a local ingest
(``jobs.ingest_paths``) and for the merge of a sharded one (``merge.merge_shards``), so that
both store the same and report the same, with ``--update`` or without.

``Intake.known`` skips a document whose content is stored (or was read before in this run);
with ``update`` such content first becomes the current version of its own file, superseding the
versions stored from there (``StoreSink.adopt``), and a stored older version is not skipped but
written again as the current one.  ``Intake.put`` writes the rest: with ``update`` the new
version supersedes the versions stored from the same file (or URL, ``versions.version_keys``)
in its own transaction (``StoreSink.update``); without, the older versions stay current beside
it and the report lists them as ``changed``.
"""
from __future__ import annotations

from collections.abc import Callable

from ..models import Document, Extraction
from .base import Batches, Progress, patiently
from .reports import IngestReport, where
from .sinks import StoreSink
from .versions import older_versions_of

SAME = "already stored (same content)"


class Intake:
    def __init__(self, store, report: IngestReport, *, update: bool = False, progress: Progress | None = None):
        self.store = store
        self.report = report
        self.update = update
        self.progress = progress
        self.sink = StoreSink(store)
        self.batches = Batches.of(store)  # the job's (``base.drive``): adopting between two documents is written in them
        self.seen: set[str] = set()
        self.waiting = (lambda: progress("waiting", None)) if progress else None

    def known(self, doc: Document) -> bool:
        """Whether ``doc`` needs no writing (counted as skipped, and told to ``progress``)."""
        store, report = self.store, self.report
        if doc.id in self.seen:
            why = SAME
        elif not store.has_document(doc.id):
            return False
        elif (newer := store.superseded_by(doc.id)) is None:
            why = SAME
            if self.update and older_versions_of(store, doc):  # stored from another file: it supersedes this file's versions
                replaced = patiently(lambda: self.sink.adopt(doc), self.waiting, on_busy=self.batches.flush)
                if replaced:
                    report.replaced.append((where(doc), doc.id, replaced))
        elif self.update:
            return False  # an older version: written again, as the current one
        else:
            why = f"already stored as an older version (superseded by {newer}); --update makes it current again"
        report.skipped.append((where(doc), why))
        if self.progress:
            self.progress("skipped", doc)
        return True

    def expect(self, doc: Document) -> None:
        """``doc`` goes on to be written: the same content again in this run is skipped."""
        self.seen.add(doc.id)

    def put(self, ex: Extraction) -> Callable[[], None]:
        """Resolve and write one extraction (in one transaction); returns its counting, which
        the caller does once the write is committed (``base.drive`` commits in batches)."""
        report = self.report
        if self.update:
            stored, older = self.sink.update(ex)
            kept = report.replaced
        else:
            stored = self.sink.add(ex)
            older = older_versions_of(self.store, ex.doc) if stored else []
            kept = report.changed

        def count() -> None:
            if older:
                kept.append((where(ex.doc), ex.doc.id, older))
            if stored:
                report.stored += 1
            else:
                report.skipped.append((where(ex.doc), SAME))
            if self.progress:
                self.progress("stored", ex.doc)

        return count

    def failed(self, doc: Document, why: str) -> None:
        self.report.failed.append((where(doc), why))
