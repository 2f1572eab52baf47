"""Writes for PostgreSQL: the SQLite store's (``store/sqlite/writes.py``), with the two inserts
that several writers at once may race on made safe: a document's row (``ON CONFLICT DO
NOTHING`` on its id and content hash: the second writer of the same content writes nothing and
``write_extraction`` returns False) and an actor's row (the first writer's stays; later ones
only rename it or make it an actor, as for an actor stored before)."""
from __future__ import annotations

from ...models import Actor, Extraction
from ...textutil import norm_name
from ..sqlite.writes import Writes as SQLiteWrites
from ..sqlite.writes import document_values
from .schema import NOW_SQL


class Writes(SQLiteWrites):
    _NOW = NOW_SQL

    def _insert_document(self, ex: Extraction) -> bool:
        cur = self.conn.execute(
            "INSERT INTO documents(id, content_hash, path, title, source, author, url, published, published_text,"
            " published_origin, published_confidence, text, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT DO NOTHING", document_values(ex))
        return cur.rowcount == 1

    def _upsert_actor(self, a: Actor, rename: str | None) -> None:
        cur = self.conn.execute("INSERT INTO actors(id, name, type, gaz_id, kind, sector) VALUES (?,?,?,?,?,?)"
                                " ON CONFLICT (id) DO NOTHING", (a.id, rename or a.name, a.type, a.gaz_id, a.kind, a.sector))
        if cur.rowcount == 1:
            if self._names_cache is not None:
                self._names_cache.put(a.type, a.id, norm_name(rename or a.name))
            return
        if rename:
            self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (rename, a.id))
            self._note_actors([a.id])
        if a.kind == "actor":  # a document names what others called a sector
            self.conn.execute("UPDATE actors SET kind = 'actor' WHERE id = ? AND kind <> 'actor'", (a.id,))
