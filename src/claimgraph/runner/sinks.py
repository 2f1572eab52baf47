"""Resolution, then the write: the sequential half of every job.

``StoreSink`` resolves each extraction against the actors already stored and writes it, both
inside one store transaction, so two writers never resolve against each other's half-written
documents.  After each write it applies the user's decisions in force to what the document
names (``Store.apply_decisions``), so merges, splits, renames and event rejections outlive a
re-extraction (docs/CURATION.md).  ``extract`` resolves the same way against an in-memory index (``resolve_only``).
"""
from __future__ import annotations

from ..models import Extraction
from ..resolve.names import renames
from ..resolve.resolver import Resolver


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
