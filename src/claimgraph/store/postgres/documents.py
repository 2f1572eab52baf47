"""Document reads for PostgreSQL: the shared ones (``store/sqlite/documents.py``); the reads of a
whole row leave out the columns only this back end has (``rowid``, ``search_vector``)."""
from __future__ import annotations

from collections.abc import Iterator

from ..rows import DocumentRow
from .connection import kept
from ..sqlite.documents import _CURRENT, _META
from ..sqlite.documents import DocumentReads as SQLiteDocumentReads

_ROW = ("id, content_hash, path, title, source, author, url, published, published_text, published_origin,"
        " published_confidence, text, pipeline_version, ingested_at, superseded_by, superseded_at")


class DocumentReads(SQLiteDocumentReads):
    outlets_mentioning = kept(SQLiteDocumentReads.outlets_mentioning)  # migration 25's actor_outlets, as SQLite's 19
    # migration 21's kept totals, read as SQLite reads them, after the open transaction's fold
    stats = kept(SQLiteDocumentReads.stats)
    facet_counts = kept(SQLiteDocumentReads.facet_counts)
    outlet_counts = kept(SQLiteDocumentReads.outlet_counts)

    # SQLite's order, as PostgreSQL's labels_actor_label holds it (migration 28), so that it is read, not sorted:
    # the columns that are never NULL as the index has them, and no rowid (the index includes it, unordered; labels
    # equal up to their position are the same example)
    _LABEL_ORDER = "l.k NULLS LAST, l.label NULLS LAST, l.published NULLS FIRST, l.doc_id NULLS LAST, l.start NULLS FIRST"

    def document(self, doc_id: str) -> DocumentRow | None:
        r = self.conn.execute(f"SELECT {_ROW} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(r) if r else None

    def iter_documents(self, with_text: bool = False) -> Iterator[DocumentRow]:
        cols = _META.replace("pipeline_version", "text, pipeline_version") if with_text else _META
        for r in self._run(f"SELECT {cols} FROM documents WHERE {_CURRENT} ORDER BY published, id"):
            yield dict(r)
