"""The default store: one SQLite file in WAL mode (many readers, one writer).

Every document is written in one ``BEGIN IMMEDIATE`` transaction together with its actors,
aliases, mentions, labels, quotes, events and time expressions, so a crash or Ctrl-C leaves
either the whole document or nothing.  Documents are keyed by a hash of their content, so
ingesting the same content twice stores it once.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreBusy, StoreError, UnknownActor
from ..models import Actor, Document, Extraction, content_hash
from ..resolve.resolver import Resolver
from ..textutil import norm_name
from .schema import MIGRATIONS, SCHEMA_VERSION
from .base import Row

_BUSY_TIMEOUT_MS = 30_000


class SQLiteStore:
    def __init__(self, path: str, *, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
            else:
                self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path!r}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        self._names_cache: dict[str, dict[str, str]] | None = None
        self.resolver = Resolver(index=_StoreIndex(self))

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        with self.transaction():
            current = self.schema_version()
            if current > SCHEMA_VERSION:
                raise StoreError(f"store {self.path!r} has schema {current}, newer than this claimgraph ({SCHEMA_VERSION}); upgrade claimgraph")
            for version in range(current, SCHEMA_VERSION):
                for stmt in _statements(MIGRATIONS[version]):
                    self.conn.execute(stmt)
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(version + 1),))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StoreBusy(f"store {self.path!r} is locked by another writer; wait for it to finish or use another --db") from exc
                raise StoreError(str(exc)) from exc
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._names_cache = None  # it may hold actors the rollback just removed
                raise
            else:
                self.conn.execute("COMMIT")

    # -- writing ----------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_extraction(self, extraction: Extraction) -> bool:
        with self.transaction():
            if self.has_document(extraction.doc.id):
                return False
            self._write(self.resolver.resolve(extraction))
            return True

    def replace_extraction(self, extraction: Extraction) -> None:
        """Re-extraction: drop the document's old records and write the new ones atomically.

        Actors that only this document's old records named (and the new ones no longer do) are
        removed with them; the document keeps its ``ingested_at``."""
        doc_id = extraction.doc.id
        with self.transaction():
            old = self.conn.execute("SELECT ingested_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
            named = self._actors_named_by(doc_id)
            self._delete_records(doc_id)
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._write(self.resolver.resolve(extraction))
            if old is not None:
                self.conn.execute("UPDATE documents SET ingested_at = ? WHERE id = ?", (old[0], doc_id))
            self._drop_unreferenced_actors(named)

    def _delete_records(self, doc_id: str) -> None:
        for table in ("aliases", "mentions", "labels", "quotes", "events", "timexes"):
            self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def _write(self, ex: Extraction) -> None:
        d = ex.doc
        c = self.conn
        c.execute(
            "INSERT INTO documents(id, content_hash, path, title, source, author, url, published, published_text,"
            " published_origin, published_confidence, text, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (d.id, content_hash(d.text), d.path, d.title, d.source, d.author, d.url, d.published, d.published_text,
             d.published_origin, d.published_confidence, d.text, ex.pipeline_version),
        )
        for a in ex.actors:
            self._upsert_actor(a)
            c.executemany(
                "INSERT OR IGNORE INTO aliases(actor_id, alias, norm, doc_id) VALUES (?,?,?,?)",
                [(a.id, al, norm_name(al), d.id) for al in dict.fromkeys((a.name, *a.aliases)) if norm_name(al)],
            )
            c.executemany("INSERT INTO mentions(doc_id, actor_id, start, \"end\") VALUES (?,?,?,?)", [(d.id, a.id, s, e) for s, e in a.mentions])
            c.executemany(
                "INSERT INTO labels(doc_id, actor_id, label, start, sentence) VALUES (?,?,?,?,?)",
                [(d.id, a.id, lab, off, _sentence_at(d.text, off)) for lab, off in a.label_spans],
            )
        known = {a.id for a in ex.actors}
        c.executemany(
            "INSERT INTO quotes(doc_id, start, \"end\", text, direct, speaker_id, speaker_text, cue, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?)",
            [(d.id, q.start, q.end, q.text, int(q.direct), q.speaker if q.speaker in known else None, q.speaker_text, q.cue, ex.pipeline_version) for q in ex.quotes],
        )
        from ..ontology import stance

        c.executemany(
            "INSERT INTO events(doc_id, type, stance, source_id, target_id, trigger, trigger_start, trigger_end, sentence, start, \"end\","
            " negated, hedged, attributed_to, date, date_text, date_origin, location, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (d.id, e.type, stance(e.type), _known(e.source, known), _known(e.target, known), e.trigger, e.trigger_start, e.trigger_end,
                 e.text, e.start, e.end, int(e.negated), int(e.hedged), _known(e.attributed_to, known), e.date, e.date_text, e.date_origin,
                 e.location, ex.pipeline_version)
                for e in ex.events
            ],
        )
        c.executemany(
            "INSERT INTO timexes(doc_id, start, \"end\", text, type, value) VALUES (?,?,?,?,?,?)",
            [(d.id, t.start, t.end, t.text, t.type, t.value) for t in ex.timexes],
        )

    def _upsert_actor(self, a: Actor) -> None:
        row = self.conn.execute("SELECT name, type FROM actors WHERE id = ?", (a.id,)).fetchone()
        gaz = a.id if a.id in self.resolver.gaz.entries else None
        if row is None:
            self.conn.execute("INSERT INTO actors(id, name, type, gaz_id) VALUES (?,?,?,?)", (a.id, a.name, a.type, gaz))
            if self._names_cache is not None:
                self._names_cache.setdefault(a.type, {})[a.id] = norm_name(a.name)
        elif not gaz and a.type == row["type"] and (set(norm_name(row["name"]).split()) < set(norm_name(a.name).split()) or _place_over_demonym(row["name"], a.name, a.type)):
            # a fuller form of the name ("Yoav Mordechai" after "Mordechai"), or a place name
            # after its demonym ("Varosia" after "Varosian"), becomes canonical
            self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (a.name, a.id))

    # -- reading ----------------------------------------------------------------------------
    def find_actor(self, name: str) -> Row:
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (name,)).fetchone()
        if row is None:
            n = norm_name(name)
            gid = self.resolver.gaz.by_alias.get(n)
            if gid:
                row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (gid,)).fetchone()
            if row is None:
                row = self.conn.execute(
                    "SELECT a.*, COUNT(*) AS n FROM aliases l JOIN actors a ON a.id = l.actor_id WHERE l.norm = ?"
                    " GROUP BY a.id ORDER BY n DESC LIMIT 1", (n,)
                ).fetchone()
        if row is None:
            stripped = _strip_title(name)
            if stripped != name:
                return self.find_actor(stripped)
        if row is None:
            raise UnknownActor(f"no actor called {name!r} in {self.path}; `claimgraph actors` lists them")
        return dict(row)

    def actors(self, limit: int | None = None) -> list[Row]:
        rows = self.conn.execute(
            "SELECT a.id, a.name, a.type, COUNT(m.actor_id) AS mentions, COUNT(DISTINCT m.doc_id) AS documents"
            " FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id GROUP BY a.id ORDER BY mentions DESC, a.name"
            + (" LIMIT ?" if limit else ""), (limit,) if limit else ()
        ).fetchall()
        out = [dict(r) for r in rows]
        aliases = self._aliases_for([r["id"] for r in out])
        for r in out:
            r["aliases"] = aliases.get(r["id"], [])
        return out

    def _aliases_for(self, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(ids, 500):
            q = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT actor_id, alias, COUNT(*) n FROM aliases WHERE actor_id IN ({q}) GROUP BY actor_id, alias ORDER BY n DESC", chunk):
                out.setdefault(r["actor_id"], []).append(r["alias"])
        return out

    def actor(self, actor_id: str) -> Row:
        row = self.find_actor(actor_id)
        row["aliases"] = self._aliases_for([row["id"]]).get(row["id"], [])
        stats = self.conn.execute("SELECT COUNT(*) m, COUNT(DISTINCT doc_id) d FROM mentions WHERE actor_id = ?", (row["id"],)).fetchone()
        row["mentions"], row["documents"] = stats["m"], stats["d"]
        return row

    def documents(self) -> list[Row]:
        return [dict(r) for r in self.conn.execute(
            "SELECT id, path, title, source, author, url, published, published_text, published_origin, published_confidence,"
            " pipeline_version, ingested_at FROM documents ORDER BY published, id")]

    def document(self, doc_id: str) -> Row | None:
        r = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(r) if r else None

    def quotes(self, speaker: str | None = None, about: str | None = None, limit: int | None = None) -> list[Row]:
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
        return [dict(r) for r in self.conn.execute(sql, args)]

    def events(self, actor: str | None = None, between: tuple[str, str] | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, limit: int | None = None) -> list[Row]:
        sql = (
            "SELECT e.*, s.name AS source_name, t.name AS target_name, w.name AS attributed_name,"
            " d.source AS outlet, d.published, d.title, d.path FROM events e"
            " LEFT JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id"
            " LEFT JOIN actors w ON w.id = e.attributed_to JOIN documents d ON d.id = e.doc_id WHERE 1=1"
        )
        args: list[Any] = []
        if actor:
            aid = self.find_actor(actor)["id"]
            sql += " AND (e.source_id = ? OR e.target_id = ?)"
            args += [aid, aid]
        if between:
            a, b = (self.find_actor(x)["id"] for x in between)
            sql += " AND ((e.source_id = ? AND e.target_id = ?) OR (e.source_id = ? AND e.target_id = ?))"
            args += [a, b, b, a]
        if type:
            sql += " AND e.type = ?"
            args.append(type.upper())
        if since:
            sql += " AND e.date >= ?"
            args.append(since)
        if until:
            sql += " AND substr(e.date, 1, length(?)) <= ?"
            args += [until, until]
        sql += " ORDER BY e.date, e.doc_id, e.start"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        return [dict(r) for r in self.conn.execute(sql, args)]

    def labels(self, actor_id: str) -> list[Row]:
        aid = self.find_actor(actor_id)["id"]
        return [dict(r) for r in self.conn.execute(
            "SELECT l.label, l.sentence, l.doc_id, d.source, d.published, d.title FROM labels l JOIN documents d ON d.id = l.doc_id"
            " WHERE l.actor_id = ? ORDER BY d.source, l.label", (aid,))]

    def stats(self) -> Row:
        out = {}
        for table in ("documents", "actors", "quotes", "events", "timexes"):
            out[table] = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- search (full text over documents, names over actors) --------------------------------
    # Added for the web app.  User input never reaches FTS5 syntax: every word becomes a quoted
    # FTS string (the last one a prefix), so quotes, NEAR, AND, *, ^, column filters and
    # parentheses in a query are searched for as text, not obeyed.
    def search(self, query: str, limit: int = 20) -> Row:
        """Documents whose title or text match every word of ``query`` (best first, with a
        snippet and the offsets of the hits in it) and actors whose name or alias contains it."""
        limit = max(1, min(int(limit or 20), 500))
        words = _fts_words(query)
        out: Row = {"query": query, "documents": [], "actors": []}
        if not words:
            return out
        match = " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.source, d.published, d.path,"
            " snippet(documents_fts, 1, char(2), char(3), ' … ', 24) AS snip, bm25(documents_fts, 4.0, 1.0) AS rank"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit),
        ).fetchall()
        for r in rows:
            row = dict(r)
            row["snippet"], row["highlights"] = _split_marks(row.pop("snip") or "")
            row["rank"] = round(row["rank"], 4)
            out["documents"].append(row)
        n = norm_name(query)
        if n:
            like = "%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            ids = [r[0] for r in self.conn.execute(
                "SELECT l.actor_id, MIN(CASE WHEN l.norm = ? THEN 0 WHEN l.norm LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END) AS k,"
                " COUNT(*) AS n FROM aliases l WHERE l.norm LIKE ? ESCAPE '\\' GROUP BY l.actor_id ORDER BY k, n DESC LIMIT ?",
                (n, like[1:], like, limit),
            )]
            if ids:
                q = ",".join("?" * len(ids))
                found = {r["id"]: dict(r) for r in self.conn.execute(
                    f"SELECT a.id, a.name, a.type, COUNT(m.actor_id) AS mentions, COUNT(DISTINCT m.doc_id) AS documents"
                    f" FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id WHERE a.id IN ({q}) GROUP BY a.id", ids)}
                aliases = self._aliases_for(ids)
                for i in ids:
                    if i in found:
                        found[i]["aliases"] = aliases.get(i, [])
                        out["actors"].append(found[i])
        return out


    # -- re-extraction (jobs.reprocess_store) ---------------------------------------------------
    def documents_needing_reprocess(self, version: str | None) -> list[str]:
        """Ids of the documents extracted by a pipeline version other than ``version`` (every
        document when ``version`` is None), oldest first."""
        if version is None:
            rows = self.conn.execute("SELECT id FROM documents ORDER BY rowid")
        else:
            rows = self.conn.execute("SELECT id FROM documents WHERE pipeline_version IS NOT ? ORDER BY rowid", (version,))
        return [r[0] for r in rows]

    def stored_document(self, doc_id: str) -> Document | None:
        """A stored document as the reader made it (cleaned text and metadata), for re-extraction
        without reading its file again; None if there is no such document."""
        r = self.conn.execute(
            "SELECT text, path, title, source, author, url, published, published_text, published_origin,"
            " published_confidence FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document(**dict(r)) if r is not None else None

    def _actors_named_by(self, doc_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT actor_id FROM mentions WHERE doc_id = :d UNION SELECT actor_id FROM aliases WHERE doc_id = :d"
            " UNION SELECT actor_id FROM labels WHERE doc_id = :d UNION SELECT speaker_id FROM quotes WHERE doc_id = :d"
            " UNION SELECT source_id FROM events WHERE doc_id = :d UNION SELECT target_id FROM events WHERE doc_id = :d"
            " UNION SELECT attributed_to FROM events WHERE doc_id = :d", {"d": doc_id})
        return {r[0] for r in rows if r[0] is not None}

    def _drop_unreferenced_actors(self, ids: set[str]) -> None:
        checks = ("SELECT 1 FROM aliases WHERE actor_id = ?", "SELECT 1 FROM mentions WHERE actor_id = ?",
                  "SELECT 1 FROM labels WHERE actor_id = ?", "SELECT 1 FROM quotes WHERE speaker_id = ?",
                  "SELECT 1 FROM events WHERE source_id = ?", "SELECT 1 FROM events WHERE target_id = ?",
                  "SELECT 1 FROM events WHERE attributed_to = ?")
        dropped = False
        for actor_id in sorted(ids):
            if not any(self.conn.execute(q + " LIMIT 1", (actor_id,)).fetchone() for q in checks):
                self.conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
                dropped = True
        if dropped:
            self._names_cache = None

class _StoreIndex:
    """The resolver's view of the actors already stored."""

    def __init__(self, store: SQLiteStore):
        self.store = store

    def by_norm(self, norm: str) -> list[tuple[str, str]]:
        rows = self.store.conn.execute(
            "SELECT DISTINCT a.id, a.type FROM aliases l JOIN actors a ON a.id = l.actor_id WHERE l.norm = ?", (norm,)
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def surname(self, norm: str) -> list[str]:
        rows = self.store.conn.execute("SELECT id, name FROM actors WHERE type = 'PERSON' AND name LIKE ?", (f"% {norm}",)).fetchall()
        return [r[0] for r in rows if norm_name(r[1]).split()[-1:] == [norm] and len(norm_name(r[1]).split()) >= 2]

    def names(self, type: str) -> dict[str, str]:
        if self.store._names_cache is None:
            cache: dict[str, dict[str, str]] = {}
            for r in self.store.conn.execute("SELECT id, name, type FROM actors"):
                cache.setdefault(r[2], {})[r[0]] = norm_name(r[1])
            self.store._names_cache = cache
        return self.store._names_cache.get(type, {})

    def type_of(self, actor_id: str) -> str | None:
        r = self.store.conn.execute("SELECT type FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return r[0] if r else None

    def remember(self, actor: Actor) -> None:
        pass  # the store's tables are the memory


_TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "minister", "prime", "foreign", "defense", "defence", "secretary", "general", "gen", "col", "colonel", "commander", "sheikh", "king", "queen", "prince", "senator", "sen", "rep", "governor", "gov", "mayor", "spokesman", "spokeswoman", "the"}


def _strip_title(name: str) -> str:
    """"Mr. Kallan" -> "Kallan", "Foreign Minister Idris Kallan" -> "Idris Kallan"."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _place_over_demonym(old: str, new: str, typ: str) -> bool:
    o, n = norm_name(old), norm_name(new)
    return typ == "GPE" and o.endswith(("ian", "ians", "ans", "i", "is", "ese")) and not n.endswith(("ian", "ians", "ese")) and o[:4] == n[:4] and " " not in o


def _known(key: str | None, known: set[str]) -> str | None:
    return key if key in known else None


def _sentence_at(text: str, off: int) -> str:
    start = max(text.rfind("\n", 0, off), max(text.rfind(". ", 0, off) + 1, 0))
    end_nl = text.find("\n", off)
    end_dot = text.find(". ", off)
    ends = [e for e in (end_nl, end_dot + 1 if end_dot >= 0 else -1) if e > 0]
    end = min(ends) if ends else len(text)
    return text[start:end].strip()


def _statements(script: str) -> list[str]:
    """Split a migration into statements; a ``;`` inside a trigger body does not end one."""
    out: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                out.append(pending.strip().rstrip(";").strip())
            pending = ""
    if pending.strip(" \t\n;"):
        out.append(pending.strip().rstrip(";").strip())
    return out


def _chunks(items: list, n: int):
    for i in range(0, len(items), n):
        yield items[i : i + n]


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_words(query: str) -> list[str]:
    """The words of a search box entry, safe to put inside FTS5 double quotes."""
    return _FTS_WORD.findall(query or "")[:32]


def _split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """FTS5 snippet with \\x02 … \\x03 around hits -> (plain text, [[start, end], ...])."""
    text: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            if start is not None:
                spans.append([start, pos])
            start = None
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans

