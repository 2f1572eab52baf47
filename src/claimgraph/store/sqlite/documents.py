"""Reads of documents and of what was found in them: mentions, quotes, labels, counts."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...models import Document
from ..rows import DocumentRow, FacetCounts, LabelRow, QuoteRow, Stats
from .connection import chunks, marks
from .events import EVENTS

_META = ("id, path, title, source, author, url, published, published_text, published_origin, published_confidence,"
         " pipeline_version, ingested_at")


class DocumentReads:
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def documents(self) -> list[DocumentRow]:
        """Every document's metadata (no text), by date."""
        return self._rows(f"SELECT {_META} FROM documents ORDER BY published, id")

    def document(self, doc_id: str) -> DocumentRow | None:
        """One document with its text, or None."""
        r = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(r) if r else None

    def iter_documents(self, with_text: bool = False) -> Iterator[DocumentRow]:
        """Every document by date, with its text if asked (the exports)."""
        for r in self._run(f"SELECT {'*' if with_text else _META} FROM documents ORDER BY published, id"):
            row = dict(r)
            row.pop("content_hash", None)
            yield row

    def stored_document(self, doc_id: str) -> Document | None:
        """A stored document as the reader made it (cleaned text and metadata), for re-extraction
        without reading its file again; None if there is no such document."""
        r = self.conn.execute(
            "SELECT text, path, title, source, author, url, published, published_text, published_origin,"
            " published_confidence FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document(**dict(r)) if r is not None else None

    def documents_needing_reprocess(self, version: str | None) -> list[str]:
        """Ids of the documents extracted by a pipeline version other than ``version`` (every
        document when ``version`` is None), oldest first."""
        if version is None:
            rows = self.conn.execute("SELECT id FROM documents ORDER BY rowid")
        else:
            rows = self.conn.execute("SELECT id FROM documents WHERE pipeline_version IS NOT ? ORDER BY rowid", (version,))
        return [r[0] for r in rows]

    def documents_mentioning(self, actor_id: str) -> list[dict[str, Any]]:
        """The documents that mention an actor, with how often, by date."""
        return self._rows(
            "SELECT d.id, d.source, d.path, d.title, d.published, COUNT(*) AS mentions FROM mentions m JOIN @DOCS ON d.id = m.doc_id"
            " WHERE m.actor_id = ? GROUP BY d.id ORDER BY d.published, d.id", (actor_id,))

    def document_counts(self) -> dict[str, dict[str, int]]:
        """doc id -> numbers of events, quotes and actors."""
        out: dict[str, dict[str, int]] = {}
        for key, table in (("events", EVENTS), ("quotes", "quotes")):
            for r in self.conn.execute(f"SELECT doc_id, COUNT(*) FROM {table} GROUP BY doc_id"):
                out.setdefault(r[0], {})[key] = r[1]
        for r in self.conn.execute("SELECT doc_id, COUNT(DISTINCT actor_id) FROM mentions GROUP BY doc_id"):
            out.setdefault(r[0], {})["actors"] = r[1]
        return out

    def mentions_in(self, doc_ids: list[str]) -> dict[str, list[tuple[int, int, str]]]:
        """doc id -> [(start, end, actor id)] sorted by start."""
        out: dict[str, list[tuple[int, int, str]]] = {}
        for chunk in chunks(sorted(set(doc_ids))):
            for r in self.conn.execute(f'SELECT doc_id, start, "end", actor_id FROM mentions WHERE doc_id IN ({marks(len(chunk))})'
                                       " ORDER BY doc_id, start", chunk):
                out.setdefault(r[0], []).append((r[1], r[2], r[3]))
        return out

    # -- quotes -----------------------------------------------------------------------------
    def quotes(self, speaker: str | None = None, about: str | None = None, limit: int | None = None) -> list[QuoteRow]:
        """Quotes by ``speaker`` and/or mentioning ``about`` (any alias), by date."""
        sql = ("SELECT q.*, a.name AS speaker_name, d.source, d.published, d.title FROM quotes q"
               " LEFT JOIN actors a ON a.id = q.speaker_id JOIN documents d ON d.id = q.doc_id WHERE 1=1")
        args: list[Any] = []
        if speaker:
            sql += " AND q.speaker_id = ?"
            args.append(self.find_actor(speaker)["id"])
        if about:
            aid = self.find_actor(about)["id"]
            sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND m.actor_id = ? AND m.start >= q.start AND m.\"end\" <= q.\"end\")"
            args.append(aid)
        sql += " ORDER BY d.published, q.doc_id, q.start"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        return self._rows(sql, args)

    def quotes_of_document(self, doc_id: str) -> list[QuoteRow]:
        return self._rows("SELECT q.*, a.name AS speaker_name FROM quotes q LEFT JOIN actors a ON a.id = q.speaker_id"
                          " WHERE q.doc_id = ? ORDER BY q.start", (doc_id,))

    # -- labels -----------------------------------------------------------------------------
    def labels(self, actor: str) -> list[LabelRow]:
        """The labels applied to an actor (any alias), by outlet."""
        aid = self.find_actor(actor)["id"]
        return self._rows("SELECT l.label, l.sentence, l.doc_id, d.source, d.published, d.title FROM labels l JOIN documents d ON d.id = l.doc_id"
                          " WHERE l.actor_id = ? ORDER BY d.source, l.label", (aid,))

    def labels_with_paths(self, actor_id: str) -> list[LabelRow]:
        """The labels applied to an actor id, by date and position, with the document's path."""
        return self._rows("SELECT l.label, l.sentence, l.doc_id, d.source, d.path, d.published, d.title FROM labels l JOIN @DOCS ON d.id = l.doc_id"
                          " WHERE l.actor_id = ? ORDER BY d.published, l.doc_id, l.start", (actor_id,))

    def labels_of_document(self, doc_id: str) -> list[LabelRow]:
        return self._rows("SELECT l.actor_id, a.name, l.label, l.start FROM labels l JOIN actors a ON a.id = l.actor_id"
                          " WHERE l.doc_id = ? ORDER BY l.start", (doc_id,))

    def labels_by_actor(self) -> dict[str, list[LabelRow]]:
        """actor id -> [{label, doc_id}] for every label (the exports)."""
        out: dict[str, list[LabelRow]] = {}
        for r in self.conn.execute("SELECT actor_id, label, doc_id FROM labels ORDER BY actor_id, doc_id, start"):
            out.setdefault(r[0], []).append({"label": r[1], "doc_id": r[2]})
        return out

    # -- counts -----------------------------------------------------------------------------
    def stats(self) -> Stats:
        out = {}
        for key in ("documents", "actors", "quotes", "events", "timexes"):
            table = EVENTS if key == "events" else key  # rejected events are not counted
            out[key] = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def facet_counts(self) -> FacetCounts:
        """What a filter form can offer: outlets, events per type, the first and last event month."""
        sources = [r[0] for r in self.conn.execute(
            "SELECT source, COUNT(*) n FROM documents WHERE source IS NOT NULL AND source != '' GROUP BY source ORDER BY n DESC, source")]
        types = {r[0]: r[1] for r in self.conn.execute(f"SELECT type, COUNT(*) FROM {EVENTS} GROUP BY type")}
        lo, hi = self.conn.execute(f"SELECT MIN(substr(date, 1, 7)), MAX(substr(date, 1, 7)) FROM {EVENTS} WHERE date IS NOT NULL").fetchone()
        return {"sources": sources, "types": types, "months": (lo, hi)}
