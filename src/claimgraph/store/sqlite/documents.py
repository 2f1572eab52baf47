"""Reads of documents and of what was found in them: mentions, quotes, labels, counts.

A superseded document (an older version of a file, ``Writes.supersede``) has no records left, so
only the reads of documents themselves leave it out: ``documents``, ``iter_documents``,
``documents_needing_reprocess``, ``stats`` and ``facet_counts`` count current versions;
``document`` and ``documents(superseded=True)`` still show it, with ``superseded_by``."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...models import Document
from ..rows import DocumentRow, FacetCounts, LabelGroupRow, LabelRow, QuoteRow, Stats
from .connection import chunks, marks
from .events import EVENTS, OUTLET_COLUMNS

_META = ("id, path, title, source, author, url, published, published_text, published_origin, published_confidence,"
         " pipeline_version, ingested_at")
_VERSION = ", superseded_by, superseded_at"
_CURRENT = "superseded_by IS NULL"


class DocumentReads:
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def documents(self, superseded: bool = False) -> list[DocumentRow]:
        """Every current document's metadata (no text), by date; with ``superseded``, the older
        versions too (``superseded_by`` names the current version of each, else it is None)."""
        where = "" if superseded else f" WHERE {_CURRENT}"
        return self._rows(f"SELECT {_META}{_VERSION} FROM documents{where} ORDER BY published, id")

    def superseded_by(self, doc_id: str) -> str | None:
        """The id of the current version that replaced a stored document; None for a current
        document or one not stored."""
        r = self.conn.execute("SELECT superseded_by FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return r[0] if r else None

    def documents_at(self, paths: Iterable[str] = (), urls: Iterable[str] = (), superseded: bool = False) -> list[DocumentRow]:
        """The documents stored from one of ``paths`` or ``urls`` (metadata, no text), oldest
        first: the current versions, and the older ones too with ``superseded``."""
        out: dict[str, DocumentRow] = {}
        current = "" if superseded else f" AND {_CURRENT}"
        for column, values in (("path", sorted(set(paths))), ("url", sorted(set(urls)))):
            for chunk in chunks(values):
                for row in self._rows(f"SELECT {_META}{_VERSION} FROM documents WHERE {column} IN ({marks(len(chunk))}){current}"
                                      " ORDER BY rowid", chunk):
                    out.setdefault(row["id"], row)
        return sorted(out.values(), key=lambda r: (r["ingested_at"] or "", r["id"]))

    def older_versions(self, doc_ids: Iterable[str]) -> list[DocumentRow]:
        """The documents that these documents superseded (metadata, no text)."""
        out: list[DocumentRow] = []
        for chunk in chunks(sorted(set(doc_ids))):
            out += self._rows(f"SELECT {_META}{_VERSION} FROM documents WHERE superseded_by IN ({marks(len(chunk))})"
                              " ORDER BY superseded_by, rowid", chunk)
        return out

    def document(self, doc_id: str) -> DocumentRow | None:
        """One document with its text, or None."""
        r = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(r) if r else None

    def iter_documents(self, with_text: bool = False) -> Iterator[DocumentRow]:
        """Every current document by date, with its text if asked (the exports)."""
        for r in self._run(f"SELECT {'*' if with_text else _META} FROM documents WHERE {_CURRENT} ORDER BY published, id"):
            row = dict(r)
            for key in ("content_hash", "superseded_by", "superseded_at"):
                row.pop(key, None)
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
            rows = self.conn.execute(f"SELECT id FROM documents WHERE {_CURRENT} ORDER BY rowid")
        else:
            rows = self.conn.execute(f"SELECT id FROM documents WHERE pipeline_version IS NOT ? AND {_CURRENT} ORDER BY rowid", (version,))
        return [r[0] for r in rows]

    def documents_mentioning(self, actor_id: str) -> list[dict[str, Any]]:
        """The documents that mention an actor, with how often, by date."""
        return self._rows(
            "SELECT d.id, d.source, d.path, d.title, d.published, COUNT(*) AS mentions FROM mentions m JOIN @DOCS ON d.id = m.doc_id"
            " WHERE m.actor_id = ? GROUP BY d.id ORDER BY d.published, d.id", (actor_id,))

    def outlets_mentioning(self, actor_id: str) -> list[dict[str, Any]]:
        """How many documents mention an actor, per outlet: rows of the ``OUTLET_COLUMNS`` with
        ``documents``."""
        # migration 19's actor_outlets (PostgreSQL's 25): a row per outlet, not every document of a busy actor
        return self._rows("SELECT source, path, title, id AS doc_id, documents FROM actor_outlets WHERE actor_id = ?", (actor_id,))

    def outlets_mentioning_recomputed(self, actor_id: str) -> list[dict[str, Any]]:
        """``outlets_mentioning`` counted from the mentions (what the kept rows must equal)."""
        return self._rows(
            f"SELECT {OUTLET_COLUMNS}, COUNT(*) AS documents"
            " FROM (SELECT DISTINCT doc_id FROM mentions WHERE actor_id = ?) m JOIN @DOCS ON d.id = m.doc_id GROUP BY 1, 2, 3, 4",
            (actor_id,))

    def change_mark(self) -> tuple:
        """A value that changes whenever what the reads answer may have: a document or an
        extraction written or removed, a decision made or undone (cheap: counts and the
        newest row ids, read from indexes)."""
        r = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(rowid) FROM documents), (SELECT MAX(id) FROM events),"
            " (SELECT COUNT(*) FROM decisions), (SELECT MAX(id) FROM decisions),"
            " (SELECT COUNT(undone_at) FROM decisions)").fetchone()
        return tuple(r)

    def document_counts(self) -> dict[str, dict[str, int]]:
        """doc id -> numbers of events, quotes and actors (a superseded document has none)."""
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

    def mentions_within(self, spans: Iterable[tuple[str, int, int]]) -> dict[str, list[tuple[int, int, str]]]:
        """``mentions_in`` of only the mentions that start inside one of ``spans`` (doc id, start,
        end; the sentences of the events shown, where the highlights are): doc id -> [(start, end,
        actor id)] sorted by start, without the rest of each document's mentions."""
        merged: list[list] = []
        for doc, a, b in sorted(spans):  # overlapping spans merged, so no mention comes twice
            if merged and merged[-1][0] == doc and a <= merged[-1][2]:
                merged[-1][2] = max(merged[-1][2], b)
            else:
                merged.append([doc, a, b])
        out: dict[str, list[tuple[int, int, str]]] = {}
        for chunk in chunks(merged, 300):
            values = ", ".join("(?, CAST(? AS INTEGER), CAST(? AS INTEGER))" for _ in chunk)
            for r in self._run(f'WITH w(doc_id, s, e) AS (VALUES {values}) SELECT m.doc_id, m.start, m."end", m.actor_id'
                               ' FROM w JOIN mentions m ON m.doc_id = w.doc_id AND m.start >= w.s AND m.start <= w.e'
                               ' ORDER BY m.doc_id, m.start', [x for span in chunk for x in span]):
                out.setdefault(r[0], []).append((r[1], r[2], r[3]))
        return out

    # -- quotes -----------------------------------------------------------------------------
    def quotes(self, speaker: str | None = None, about: str | None = None, limit: int | None = None, *,
               direct_named: bool = False) -> list[QuoteRow]:
        """Quotes by ``speaker`` and/or mentioning ``about`` (any alias), by date; with
        ``direct_named`` only direct quotes whose speaker is a known actor."""
        sql = ("SELECT q.*, a.name AS speaker_name, d.source, d.published, d.title FROM quotes q"
               " LEFT JOIN actors a ON a.id = q.speaker_id JOIN documents d ON d.id = q.doc_id WHERE 1=1")
        args: list[Any] = []
        if direct_named:
            sql += " AND q.direct <> 0 AND a.name IS NOT NULL"
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

    #: an actor's labels by outlet and wording, then in ``labels_with_paths``' order: the order of ``labels_actor_label``
    _LABEL_ORDER = "l.k, l.label, l.published, l.doc_id, l.start, l.rowid"

    def label_groups(self, actor_id: str) -> list[LabelGroupRow]:
        """The labels applied to an actor id grouped by outlet (the ``OUTLET_COLUMNS``: ``source``,
        ``path``, ``title``, ``doc_id``) and label as written: ``n`` (how many), ``doc_ids`` (their
        distinct documents) and the first of them in ``labels_with_paths``' order (date, document,
        position) as ``example``, ``example_doc_id``, ``example_published``, ``example_title``.
        The labels alone are read, in that order along ``labels_actor_label`` (migration 28: a
        label carries its document's outlet key and date), so a group's first row is its example;
        the examples' sentences and documents are read afterwards, one row a group."""
        groups: dict[tuple[str, str], list] = {}
        for k, label, doc_id, lid in self._tuples(
                f"SELECT l.k, l.label, l.doc_id, l.rowid FROM labels l WHERE l.actor_id = ? ORDER BY {self._LABEL_ORDER}", (actor_id,)):
            g = groups.get(key := (k, label))
            if g is None:
                groups[key] = [1, {doc_id: None}, lid]
            else:
                g[0] += 1
                g[1][doc_id] = None
        examples: dict[int, Any] = {}
        for chunk in chunks([g[2] for g in groups.values()]):
            examples.update((r[0], r) for r in self._run(
                f"SELECT l.rowid, l.sentence, l.doc_id, d.published, d.title, l.start, {OUTLET_COLUMNS} FROM labels l"
                f" JOIN @DOCS ON d.id = l.doc_id WHERE l.rowid IN ({marks(len(chunk))})", chunk))
        out: list[LabelGroupRow] = []
        for (_, label), (n, docs, lid) in groups.items():
            ex = examples[lid]
            out.append({"source": ex[6], "path": ex[7], "title": ex[8], "doc_id": ex[9], "label": label, "n": n,
                        "doc_ids": list(docs), "example": ex[1], "example_doc_id": ex[2], "example_published": ex[3],
                        "example_title": ex[4], "example_start": ex[5]})
        return out

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
        """Rows of each kind; ``documents`` counts the current versions, ``superseded`` the older
        ones.  Documents and events come from the counters of migration 16 (PostgreSQL: its 21), a
        row per outlet and per type, not every document and event (rejected events not counted)."""
        out = {key: self.conn.execute(f"SELECT COUNT(*) FROM {key}").fetchone()[0] for key in ("actors", "quotes", "timexes")}
        out["documents"] = self.conn.execute("SELECT COALESCE(SUM(documents), 0) FROM outlet_documents").fetchone()[0]
        out["events"] = self.conn.execute("SELECT COALESCE(SUM(n), 0) FROM type_counts").fetchone()[0]
        out["superseded"] = self.conn.execute("SELECT COUNT(*) FROM documents WHERE superseded_by IS NOT NULL").fetchone()[0]
        return {k: out[k] for k in ("documents", "actors", "quotes", "events", "timexes", "superseded")}

    def facet_counts(self) -> FacetCounts:
        """What a filter form can offer: outlets, events per type, the first and last event month."""
        sources = [r[0] for r in self.conn.execute(  # from the counters of migration 16
            "SELECT source, SUM(documents) n FROM outlet_documents WHERE source IS NOT NULL AND source != ''"
            " GROUP BY source ORDER BY n DESC, source")]
        types = {r[0]: r[1] for r in self.conn.execute("SELECT type, n FROM type_counts")}
        # the first and last month are those of the first and last date (a prefix keeps the order), read along events_date
        lo = self.conn.execute(f"SELECT substr(date, 1, 7) FROM {EVENTS} WHERE date IS NOT NULL ORDER BY date LIMIT 1").fetchone()
        hi = self.conn.execute(f"SELECT substr(date, 1, 7) FROM {EVENTS} WHERE date IS NOT NULL ORDER BY date DESC LIMIT 1").fetchone()
        return {"sources": sources, "types": types, "months": (lo[0] if lo else None, hi[0] if hi else None)}

    def outlet_counts(self) -> list[dict[str, Any]]:
        """How many current documents each outlet has: rows of the ``OUTLET_COLUMNS`` with
        ``documents`` (``outlet_documents``, kept by triggers: migration 16)."""
        return self._rows("SELECT source, path, title, id, documents FROM outlet_documents")
