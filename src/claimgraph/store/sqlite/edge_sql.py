"""Migration 14's text: the graph's edges (``edge_types``, ``edge_outlets``, ``edges``) and the
triggers on ``events`` that keep them equal to what grouping the live events
would give (``schema.py`` says why).  Built here so that the insert, delete and update triggers
share one statement per step, written once for ``new`` and once for ``old``."""
from __future__ import annotations

OUTLET = "COALESCE(d.source, d.path, d.title, d.id)"  # analysis.OUTLET_SQL, the outlet an evidence item names


def _edge(p: str) -> str:
    """The event ``p`` (new or old) is on an edge: both ends known and distinct, not rejected."""
    return (f"{p}.source_id IS NOT NULL AND {p}.target_id IS NOT NULL AND {p}.source_id <> {p}.target_id"
            f" AND {p}.curation IS NOT 'rejected'")


def _key(p: str) -> str:
    return f"source_id = {p}.source_id AND target_id = {p}.target_id AND stance = {p}.stance"


def _outlet(p: str) -> str:
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
                   NOT EXISTS (SELECT 1 FROM edge_outlets WHERE {_key(p)} AND outlet = {_outlet(p)}), 1
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
            WHERE {_key(p)} AND outlet = {_outlet(p)} AND {p}.negated = 0 AND {_edge(p)};
        UPDATE edges SET n = n - 1, weight = weight - EXISTS (
                SELECT 1 FROM edge_outlets WHERE {_key(p)} AND outlet = {_outlet(p)} AND n <= 0)
            WHERE {_key(p)} AND {p}.negated = 0 AND {_edge(p)};
        DELETE FROM edge_outlets WHERE {_key(p)} AND outlet = {_outlet(p)} AND n <= 0;
        DELETE FROM edges WHERE {_key(p)} AND n <= 0;"""


EDGE_COLUMNS = "source_id, target_id, stance, negated, type, curation, doc_id"  # what puts an event on an edge

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
    DROP INDEX events_pair;
    INSERT INTO edge_types(source_id, target_id, stance, negated, type, n)
        SELECT source_id, target_id, stance, negated, type, COUNT(*) FROM events e WHERE {_edge('e')}
        GROUP BY source_id, target_id, stance, negated, type;
    INSERT INTO edge_outlets(source_id, target_id, stance, outlet, n)
        SELECT e.source_id, e.target_id, e.stance, {OUTLET}, COUNT(*) FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE e.negated = 0 AND {_edge('e')} GROUP BY e.source_id, e.target_id, e.stance, {OUTLET};
    INSERT INTO edges(source_id, target_id, stance, weight, n)
        SELECT source_id, target_id, stance, COUNT(*), SUM(n) FROM edge_outlets GROUP BY source_id, target_id, stance;
    CREATE TRIGGER edges_ai AFTER INSERT ON events WHEN {_edge('new')} BEGIN {add('new')}
    END;
    CREATE TRIGGER edges_ad AFTER DELETE ON events WHEN {_edge('old')} BEGIN {sub('old')}
    END;
    CREATE TRIGGER edges_au AFTER UPDATE OF {EDGE_COLUMNS} ON events WHEN ({_edge('old')}) OR ({_edge('new')})
    BEGIN {sub('old')} {add('new')}
    END;
"""
