"""Migration 16's text: the graph's edges (``edge_types``, ``edge_outlets``, ``edges``) and the
triggers on ``events`` that keep them equal to what grouping the live events
would give (``schema.py`` says why).  Built here so that the insert, delete and update triggers
share one statement per step, written once for ``new`` and once for ``old``."""
from __future__ import annotations

from .kept_sql import outlet_columns, outlet_key

OUTLET = "COALESCE(d.source, d.path, d.title, d.id)"  # analysis.OUTLET_SQL, the outlet an evidence item names


def _edge(p: str) -> str:
    """The event ``p`` (new or old) is on an edge: both ends known and distinct, not rejected."""
    return (f"{p}.source_id IS NOT NULL AND {p}.target_id IS NOT NULL AND {p}.source_id <> {p}.target_id"
            f" AND {p}.curation IS NOT 'rejected'")


def _key(p: str) -> str:
    return f"source_id = {p}.source_id AND target_id = {p}.target_id AND stance = {p}.stance"


def event_outlet(p: str) -> str:
    """The outlet of the event ``p``'s document (``OUTLET``), as a scalar subquery."""
    return f"(SELECT {OUTLET} FROM documents d WHERE d.id = {p}.doc_id)"


def add(p: str) -> str:
    """Count the event ``p`` in: its type's row, and (not negated) its edge's row (one outlet
    more when its outlet is new to the edge) and its outlet's row.  One upsert a row."""
    return f"""
        INSERT INTO edge_types(source_id, target_id, stance, negated, type, n)
            SELECT {p}.source_id, {p}.target_id, {p}.stance, {p}.negated, {p}.type, 1 WHERE {_edge(p)}
            ON CONFLICT(source_id, target_id, stance, negated, type) DO UPDATE SET n = n + 1;
        INSERT INTO edges(source_id, target_id, stance, weight, n)
            SELECT {p}.source_id, {p}.target_id, {p}.stance,
                   NOT EXISTS (SELECT 1 FROM edge_outlets WHERE {_key(p)} AND outlet = {event_outlet(p)}), 1
            WHERE {p}.negated = 0 AND {_edge(p)}
            ON CONFLICT(source_id, target_id, stance) DO UPDATE SET weight = weight + excluded.weight, n = n + 1;
        INSERT INTO edge_outlets(source_id, target_id, stance, outlet, n)
            SELECT {p}.source_id, {p}.target_id, {p}.stance, {OUTLET}, 1 FROM documents d
            WHERE d.id = {p}.doc_id AND {p}.negated = 0 AND {_edge(p)}
            ON CONFLICT(source_id, target_id, stance, outlet) DO UPDATE SET n = n + 1;"""


def sub(p: str) -> str:
    """Count the event ``p`` out; a row that reaches zero goes (an outlet's last event takes one
    from its edge's weight)."""
    return f"""
        UPDATE edge_types SET n = n - 1
            WHERE {_key(p)} AND negated = {p}.negated AND type = {p}.type AND {_edge(p)};
        DELETE FROM edge_types WHERE {_key(p)} AND negated = {p}.negated AND type = {p}.type AND n <= 0;
        UPDATE edge_outlets SET n = n - 1
            WHERE {_key(p)} AND outlet = {event_outlet(p)} AND {p}.negated = 0 AND {_edge(p)};
        UPDATE edges SET n = n - 1, weight = weight - EXISTS (
                SELECT 1 FROM edge_outlets WHERE {_key(p)} AND outlet = {event_outlet(p)} AND n <= 0)
            WHERE {_key(p)} AND {p}.negated = 0 AND {_edge(p)};
        DELETE FROM edge_outlets WHERE {_key(p)} AND outlet = {event_outlet(p)} AND n <= 0;
        DELETE FROM edges WHERE {_key(p)} AND n <= 0;"""


def _types_add(p: str) -> str:
    return (f"INSERT INTO type_counts(type, n) SELECT {p}.type, 1 WHERE {p}.curation IS NOT 'rejected'"
            " ON CONFLICT(type) DO UPDATE SET n = n + 1;")


def _types_sub(p: str) -> str:
    return (f"UPDATE type_counts SET n = n - 1 WHERE type = {p}.type AND {p}.curation IS NOT 'rejected';"
            f" DELETE FROM type_counts WHERE type = {p}.type AND n <= 0;")


def _docs_add(p: str) -> str:
    return (f"INSERT INTO outlet_documents(k, source, path, title, id, documents) SELECT {outlet_key(p)}, {outlet_columns(p)}, 1"
            f" WHERE {p}.superseded_by IS NULL ON CONFLICT(k) DO UPDATE SET documents = documents + 1;")


def _docs_sub(p: str) -> str:
    return (f"UPDATE outlet_documents SET documents = documents - 1 WHERE k = {outlet_key(p)} AND {p}.superseded_by IS NULL;"
            f" DELETE FROM outlet_documents WHERE k = {outlet_key(p)} AND documents <= 0;")


EDGE_COLUMNS = "source_id, target_id, stance, negated, type, curation, doc_id"  # what puts an event on an edge, or counts it

EDGE_MIGRATION = f"""
    CREATE TABLE edge_types (
        source_id TEXT NOT NULL, target_id TEXT NOT NULL, stance TEXT NOT NULL, negated INTEGER NOT NULL, type TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance, negated, type)
    ) WITHOUT ROWID;
    CREATE INDEX edge_types_target ON edge_types(target_id, source_id);
    CREATE TABLE edge_outlets (
        source_id TEXT NOT NULL, target_id TEXT NOT NULL, stance TEXT NOT NULL, outlet TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance, outlet)
    ) WITHOUT ROWID;
    CREATE TABLE edges (
        source_id TEXT NOT NULL, target_id TEXT NOT NULL, stance TEXT NOT NULL,
        weight INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance)
    ) WITHOUT ROWID;
    CREATE INDEX edges_rank ON edges(weight DESC, n DESC, source_id, target_id, stance);
    CREATE INDEX edges_target ON edges(target_id, weight);
    CREATE INDEX events_edge ON events(source_id, target_id, stance, negated, id, curation);
    DROP INDEX IF EXISTS events_pair;
    INSERT INTO edge_types(source_id, target_id, stance, negated, type, n)
        SELECT source_id, target_id, stance, negated, type, COUNT(*) FROM events e WHERE {_edge('e')}
        GROUP BY source_id, target_id, stance, negated, type;
    INSERT INTO edge_outlets(source_id, target_id, stance, outlet, n)
        SELECT e.source_id, e.target_id, e.stance, {OUTLET}, COUNT(*) FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE e.negated = 0 AND {_edge('e')} GROUP BY e.source_id, e.target_id, e.stance, {OUTLET};
    INSERT INTO edges(source_id, target_id, stance, weight, n)
        SELECT source_id, target_id, stance, COUNT(*), SUM(n) FROM edge_outlets GROUP BY source_id, target_id, stance;
    CREATE TABLE type_counts (type TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO type_counts(type, n) SELECT type, COUNT(*) FROM events WHERE curation IS NOT 'rejected' GROUP BY type;
    CREATE TABLE outlet_documents (
        k TEXT PRIMARY KEY, source TEXT, path TEXT, title TEXT, id TEXT, documents INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO outlet_documents(k, source, path, title, id, documents)
        SELECT {outlet_key('d')}, {outlet_columns('d')}, COUNT(*) FROM documents d WHERE d.superseded_by IS NULL GROUP BY 1;
    CREATE TRIGGER edges_ai AFTER INSERT ON events BEGIN {_types_add('new')} {add('new')}
    END;
    CREATE TRIGGER edges_ad AFTER DELETE ON events BEGIN {_types_sub('old')} {sub('old')}
    END;
    CREATE TRIGGER edges_au AFTER UPDATE OF {EDGE_COLUMNS} ON events
    BEGIN {_types_sub('old')} {sub('old')} {_types_add('new')} {add('new')}
    END;
    CREATE TRIGGER outlet_documents_ai AFTER INSERT ON documents WHEN new.superseded_by IS NULL BEGIN {_docs_add('new')}
    END;
    CREATE TRIGGER outlet_documents_ad AFTER DELETE ON documents WHEN old.superseded_by IS NULL BEGIN {_docs_sub('old')}
    END;
    CREATE TRIGGER outlet_documents_au AFTER UPDATE OF superseded_by, source, path, title ON documents BEGIN
        {_docs_sub('old')} {_docs_add('new')}
    END;
"""
