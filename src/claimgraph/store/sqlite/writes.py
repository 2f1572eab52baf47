"""Writes: a resolved extraction, as it is given, in one transaction.

The store decides nothing about actors: ids come resolved (``resolve.Resolver``), and the
names of actors already stored change only where ``renames`` says so (``resolve.names``).
Every document is written in one ``BEGIN IMMEDIATE`` transaction together with its actors,
aliases, mentions, labels, quotes, events and time expressions, so a crash or Ctrl-C leaves
either the whole document or nothing.  Documents are keyed by a hash of their content, so
writing the same content twice stores it once.

Versions.  When a file's content changes (``ingest --update``), the new content is a new
document and the old one is *superseded* (``supersede``): its records go, its row stays with
``superseded_by`` naming the current version.  Every older version points straight at the
current one, so removing the current version together with its ``older_versions`` (as
``runner.versions.remove_documents`` does) leaves no pointer behind.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...models import Actor, Extraction
from ...ontology import stance
from ...textutil import norm_name
from ..rows import Removed

# events before mentions: a REJECT's denial rows go with it (migration 17), after which removing
# the mentions inside it has nothing left to redo
_DOC_TABLES = ("events", "aliases", "mentions", "labels", "quotes", "timexes", "rejected")


class Writes:
    #: the current UTC time as the store keeps it ("YYYY-MM-DD HH:MM:SS"), in this back end's SQL
    _NOW = "datetime('now')"

    def write_extraction(self, extraction: Extraction, *, renames: Mapping[str, str] | None = None,
                         ingested_at: str | None = None) -> bool:
        """Write a resolved extraction in one transaction.  Returns False (and writes nothing)
        when the document is already stored.  ``renames`` maps actor ids to the canonical name
        they take from now on (a new actor is stored so named: a store copy's records); ``ingested_at`` keeps a replaced document's first date."""
        with self.transaction():
            if self.has_document(extraction.doc.id) or not self._write(extraction, renames or {}):
                return False
            if ingested_at is not None:
                self.conn.execute("UPDATE documents SET ingested_at = ? WHERE id = ?", (ingested_at, extraction.doc.id))
            return True

    def remove_document(self, doc_id: str) -> Removed:
        """Delete a document and everything extracted from it; the actors it named stay (see
        ``drop_unreferenced_actors``).  Returns when it was ingested, which actors it named and
        how many events and quotes went with it."""
        with self.transaction():
            old = self.conn.execute("SELECT ingested_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
            removed = self._remove_records(doc_id, old[0] if old else None)
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return removed

    def supersede(self, old_id: str, new_id: str) -> Removed:
        """Make ``new_id`` the current version of ``old_id``: the old document's records are
        deleted (as by ``remove_document``), its row stays, marked ``superseded_by`` the new one,
        and so do the versions it had superseded.  ``new_id`` may be written before or after, in
        the same transaction.  Returns what went, as ``remove_document`` does."""
        with self.transaction():
            old = self.conn.execute("SELECT ingested_at FROM documents WHERE id = ?", (old_id,)).fetchone()
            removed = self._remove_records(old_id, old[0] if old else None)
            self.conn.execute(f"UPDATE documents SET superseded_by = :new, superseded_at = {self._NOW}"
                              " WHERE id = :old OR superseded_by = :old", {"new": new_id, "old": old_id})
            return removed

    def _remove_records(self, doc_id: str, ingested_at: str | None) -> Removed:
        named = self._actors_named_by(doc_id)
        gone = {table: self.conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,)).rowcount for table in _DOC_TABLES}
        return Removed(ingested_at=ingested_at, actor_ids=frozenset(named), events=gone["events"], quotes=gone["quotes"])

    def _write(self, ex: Extraction, renames: Mapping[str, str] | None = None) -> bool:
        """Insert the document and its records; False (nothing written) when ``_insert_document``
        finds its content stored already (another writer's, on a server back end)."""
        d = ex.doc
        c = self.conn
        if not self._insert_document(ex):
            return False
        for a in ex.actors:
            self._upsert_actor(a, (renames or {}).get(a.id))
        # each table's rows of every actor in one call, actor by actor: one statement on
        # PostgreSQL (``dialect.executemany``), whose statement triggers then count a document at once
        c.executemany(
            "INSERT OR IGNORE INTO aliases(actor_id, alias, norm, doc_id) VALUES (?,?,?,?)",
            [(a.id, al, norm_name(al), d.id) for a in ex.actors for al in dict.fromkeys((a.name, *a.aliases)) if norm_name(al)],
        )
        c.executemany("INSERT INTO mentions(doc_id, actor_id, start, \"end\") VALUES (?,?,?,?)",
                      [(d.id, a.id, s, e) for a in ex.actors for s, e in a.mentions])
        c.executemany(
            "INSERT INTO labels(doc_id, actor_id, label, start, sentence) VALUES (?,?,?,?,?)",
            [(d.id, a.id, span[0], span[1], span[2] if len(span) > 2 else None) for a in ex.actors for span in a.label_spans],
        )
        known = {a.id for a in ex.actors}
        c.executemany(
            "INSERT INTO quotes(doc_id, start, \"end\", text, direct, speaker_id, speaker_text, cue, pipeline_version, speaker_kind) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(d.id, q.start, q.end, q.text, int(q.direct), _known(q.speaker, known), q.speaker_text, q.cue, ex.pipeline_version, q.speaker_kind) for q in ex.quotes],
        )
        c.executemany(
            "INSERT INTO events(doc_id, type, stance, source_id, target_id, trigger, trigger_start, trigger_end, sentence, start, \"end\","
            " negated, hedged, attributed_to, date, date_text, date_origin, location, pipeline_version, mode, via, source_kind)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (d.id, e.type, stance(e.type), _known(e.source, known), _known(e.target, known), e.trigger, e.trigger_start, e.trigger_end,
                 e.text, e.start, e.end, int(e.negated), int(e.hedged), _known(e.attributed_to, known), e.date, e.date_text, e.date_origin,
                 e.location, ex.pipeline_version, " ".join(e.mode), e.via, e.source_kind)
                for e in ex.events
            ],
        )
        if any(e.answers is not None for e in ex.events):
            # the document's events were just inserted in order: their ids, in that order
            ids = [r[0] for r in c.execute("SELECT id FROM events WHERE doc_id = ? ORDER BY id", (d.id,))]
            c.executemany("UPDATE events SET answers = ? WHERE id = ?",
                          [(ids[e.answers], ids[i]) for i, e in enumerate(ex.events) if e.answers is not None and e.answers < len(ids)])
        c.executemany(
            "INSERT INTO timexes(doc_id, start, \"end\", text, type, value) VALUES (?,?,?,?,?,?)",
            [(d.id, t.start, t.end, t.text, t.type, t.value) for t in ex.timexes],
        )
        c.executemany(
            "INSERT INTO rejected(doc_id, text, norm, label, start, reason) VALUES (?,?,?,?,?,?)",
            [(d.id, r.text, norm_name(r.text), r.label, r.start, r.reason) for r in ex.rejected],
        )
        return True

    def _insert_document(self, ex: Extraction) -> bool:
        """The document's row; True when inserted (SQLite has one writer at a time: always)."""
        self.conn.execute(
            "INSERT INTO documents(id, content_hash, path, title, source, author, url, published, published_text,"
            " published_origin, published_confidence, text, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            document_values(ex))
        return True

    def _upsert_actor(self, a: Actor, rename: str | None) -> None:
        row = self.conn.execute("SELECT kind FROM actors WHERE id = ?", (a.id,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO actors(id, name, type, gaz_id, kind, sector) VALUES (?,?,?,?,?,?)",
                              (a.id, rename or a.name, a.type, a.gaz_id, a.kind, a.sector))
            if self._names_cache is not None:
                self._names_cache.put(a.type, a.id, norm_name(rename or a.name))
            return
        if rename:
            self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (rename, a.id))
            self._note_actors([a.id])
        if a.kind == "actor" and row[0] != "actor":  # a document names what others called a sector
            self.conn.execute("UPDATE actors SET kind = 'actor' WHERE id = ?", (a.id,))

    def _actors_named_by(self, doc_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT actor_id FROM mentions WHERE doc_id = :d UNION SELECT actor_id FROM aliases WHERE doc_id = :d"
            " UNION SELECT actor_id FROM labels WHERE doc_id = :d UNION SELECT speaker_id FROM quotes WHERE doc_id = :d"
            " UNION SELECT source_id FROM events WHERE doc_id = :d UNION SELECT target_id FROM events WHERE doc_id = :d"
            " UNION SELECT attributed_to FROM events WHERE doc_id = :d"
            " UNION SELECT a.id FROM events e JOIN actors a ON a.id = e.via WHERE e.doc_id = :d", {"d": doc_id})
        return {r[0] for r in rows if r[0] is not None}

    def drop_unreferenced_actors(self, ids: Iterable[str]) -> list[str]:
        """Delete those of these actors that no record names any more (``events.via`` counts
        when it holds the actor's id); returns the ids deleted, sorted."""
        checks = ("SELECT 1 FROM aliases WHERE actor_id = ?", "SELECT 1 FROM mentions WHERE actor_id = ?",
                  "SELECT 1 FROM labels WHERE actor_id = ?", "SELECT 1 FROM quotes WHERE speaker_id = ?",
                  "SELECT 1 FROM events WHERE source_id = ?", "SELECT 1 FROM events WHERE target_id = ?",
                  "SELECT 1 FROM events WHERE attributed_to = ?", "SELECT 1 FROM events WHERE via = ?")
        dropped: list[str] = []
        for actor_id in sorted(ids):
            if not any(self.conn.execute(q + " LIMIT 1", (actor_id,)).fetchone() for q in checks):
                self.conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
                dropped.append(actor_id)
        self._note_actors(dropped)
        return dropped


def document_values(ex: Extraction) -> tuple:
    """The values of a document's row, in the order of ``_insert_document``'s columns."""
    d = ex.doc
    return (d.id, d.content_hash, d.path, d.title, d.source, d.author, d.url, d.published, d.published_text,
            d.published_origin, d.published_confidence, d.text, ex.pipeline_version)


def _known(key: str | None, known: set[str]) -> str | None:
    return key if key in known else None
