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

    def _label_rows(self, actor_id: str) -> list[tuple]:
        """SQLite's ``_label_rows``, each document's outlet and date read along ``documents_outlets``
        (migration 27) where the document has a source, the paths of those without one afterwards.
        A busy actor's 30,000 labels joined to the wide documents rows took 90-155 ms at 100,000
        documents, of which scanning the rows was 50; a path stays out of that index, whose rows
        are limited in size (2,704 bytes) where a path is not."""
        rows = self._tuples("SELECT d.source, CAST(NULL AS TEXT), CASE WHEN NULLIF(d.source, '') IS NULL THEN d.title END,"
                            " CASE WHEN NULLIF(d.source, '') IS NULL THEN d.id END, l.label, l.doc_id, l.start, d.published, l.rowid"
                            " FROM labels l JOIN documents d ON d.id = l.doc_id WHERE l.actor_id = ?", (actor_id,))
        if all(r[0] for r in rows):  # every document has a source: the rows are as SQLite's
            return rows
        paths = dict(self._tuples("SELECT DISTINCT d.id, d.path FROM labels l JOIN documents d ON d.id = l.doc_id"
                                  " WHERE l.actor_id = ? AND NULLIF(d.source, '') IS NULL", (actor_id,)))
        out = []
        for r in rows:
            if not r[0] and (path := paths.get(r[5])):  # as ``outlet_parts``: the path before the title (an empty one counts as none)
                r = (r[0], path, None, None, *r[4:])
            elif not r[0]:
                r = (r[0], paths.get(r[5]), r[2], None if r[2] else r[3], *r[4:])
            out.append(r)
        return out

    def document(self, doc_id: str) -> DocumentRow | None:
        r = self.conn.execute(f"SELECT {_ROW} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(r) if r else None

    def iter_documents(self, with_text: bool = False) -> Iterator[DocumentRow]:
        cols = _META.replace("pipeline_version", "text, pipeline_version") if with_text else _META
        for r in self._run(f"SELECT {cols} FROM documents WHERE {_CURRENT} ORDER BY published, id"):
            yield dict(r)
