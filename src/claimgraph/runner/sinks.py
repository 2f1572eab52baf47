"""Resolution, then the write: the sequential half of every job.

``StoreSink`` resolves each extraction against the actors already stored and writes it, both
inside one store transaction, so two writers never resolve against each other's half-written
documents.  After each write it applies the user's decisions in force to what the document
names (``Store.apply_decisions``), so merges, splits, renames and event rejections outlive a
re-extraction (docs/CURATION.md).  ``extract`` resolves the same way against an in-memory index (``resolve_only``).
"""
from __future__ import annotations

from ..models import Document, Extraction
from ..resolve.names import renames
from ..resolve.resolver import Resolver
from .versions import older_versions_of


class StoreSink:
    def __init__(self, store, resolver: Resolver | None = None):
        self.store = store
        self.index = store.actor_index()
        self.resolver = resolver or Resolver(index=self.index)

    def add(self, extraction: Extraction) -> bool:
        """Resolve and store a new document; False when its content is already stored."""
        with self.store.transaction():
            if self.store.has_document(extraction.doc.id):
                return False
            return self._write(extraction)

    def replace(self, extraction: Extraction) -> None:
        """Re-extraction: drop the document's old records, resolve the new ones against what is
        left and write them, atomically.  Actors that only the old records named (and the new
        ones no longer do) are removed with them; the document keeps its ``ingested_at``."""
        with self.store.transaction():
            removed = self.store.remove_document(extraction.doc.id)
            self._write(extraction, ingested_at=removed.ingested_at)
            self.store.drop_unreferenced_actors(removed.actor_ids)

    def update(self, extraction: Extraction) -> tuple[bool, list[str]]:
        """``ingest --update``: store a document as the current version of its file (or URL),
        atomically.  The current versions stored from there with other content are superseded
        first (their records go, as in ``replace``), then the new one is resolved and written,
        then the actors only the old records named are dropped.  An older version of this very
        content becomes the current one again, re-extracted.  Returns whether it was written
        (False: this content is the current version already) and the ids it superseded."""
        doc = extraction.doc
        with self.store.transaction():
            if self.store.has_document(doc.id):
                if self.store.superseded_by(doc.id) is None:
                    return False, self.adopt(doc)
                self.store.remove_document(doc.id)  # an older version (no records left): written anew below
            older, named = self._supersede_older(doc)
            self._write(extraction)
            self.store.drop_unreferenced_actors(named)
            return True, older

    def adopt(self, doc: Document) -> list[str]:
        """``ingest --update`` of content that is stored already, as the current version of
        another file: the versions stored from ``doc``'s own file (or URL) are superseded by it.
        Returns the ids superseded (none when ``doc`` is not stored, or is itself superseded)."""
        with self.store.transaction():
            if not self.store.has_document(doc.id) or self.store.superseded_by(doc.id) is not None:
                return []
            older, named = self._supersede_older(doc)
            self.store.drop_unreferenced_actors(named)
            return older

    def _supersede_older(self, doc: Document) -> tuple[list[str], set[str]]:
        older = older_versions_of(self.store, doc)
        named: set[str] = set()
        for old_id in older:
            named |= self.store.supersede(old_id, doc.id).actor_ids
        return older, named

    def _write(self, extraction: Extraction, ingested_at: str | None = None) -> bool:
        resolved = self.resolver.resolve(extraction)
        written = self.store.write_extraction(resolved, renames=renames(resolved, self.index), ingested_at=ingested_at)
        if written:
            self.store.apply_decisions([extraction.doc.id])
        return written


def add_extraction(store, extraction: Extraction) -> bool:
    """Resolve one extraction against ``store`` and write it (the library's one-call form)."""
    return StoreSink(store).add(extraction)


def replace_extraction(store, extraction: Extraction) -> None:
    StoreSink(store).replace(extraction)
