"""Migration 14's text: the graph's edges (``edge_types``, ``edge_outlets``, ``edges``) and the
triggers on ``events`` and ``edge_outlets`` that keep them equal to what grouping the live events
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
    """Count the event ``p`` in: its type's row, and (not negated) its outlet's row."""
    return f"""
        INSERT OR IGNORE INTO edge_types(source_id, target_id, stance, negated, type, n)
            SELECT {p}.source_id, {p}.target_id, {p}.stance, {p}.negated, {p}.type, 0 WHERE {_edge(p)};
        UPDATE edge_types SET n = n + 1
            WHERE {_key(p)} AND negated = {p}.negated AND type = {p}.type AND {_edge(p)};
        INSERT OR IGNORE INTO edge_outlets(source_id, target_id, stance, outlet, n)
            SELECT {p}.source_id, {p}.target_id, {p}.stance, {_outlet(p)}, 0 WHERE {p}.negated = 0 AND {_edge(p)};
        UPDATE edge_outlets SET n = n + 1
            WHERE {_key(p)} AND outlet = {_outlet(p)} AND {p}.negated = 0 AND {_edge(p)};"""


def sub(p: str) -> str:
    """Count the event ``p`` out; a row that reaches zero goes."""
    return f"""
        UPDATE edge_types SET n = n - 1
            WHERE {_key(p)} AND negated = {p}.negated AND type = {p}.type AND {_edge(p)};
        DELETE FROM edge_types WHERE {_key(p)} AND negated = {p}.negated AND type = {p}.type AND n <= 0;
        UPDATE edge_outlets SET n = n - 1
            WHERE {_key(p)} AND outlet = {_outlet(p)} AND {p}.negated = 0 AND {_edge(p)};
        DELETE FROM edge_outlets WHERE {_key(p)} AND outlet = {_outlet(p)} AND n <= 0;"""


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
    CREATE TRIGGER edges_ai AFTER INSERT ON events BEGIN {add('new')}
    END;
    CREATE TRIGGER edges_ad AFTER DELETE ON events BEGIN {sub('old')}
    END;
    CREATE TRIGGER edges_au AFTER UPDATE OF {EDGE_COLUMNS} ON events BEGIN {sub('old')} {add('new')}
    END;
    CREATE TRIGGER edge_outlets_ai AFTER INSERT ON edge_outlets BEGIN
        INSERT OR IGNORE INTO edges(source_id, target_id, stance, weight, n) VALUES (new.source_id, new.target_id, new.stance, 0, 0);
        UPDATE edges SET weight = weight + 1, n = n + new.n WHERE {_key('new')};
    END;
    CREATE TRIGGER edge_outlets_au AFTER UPDATE OF n ON edge_outlets BEGIN
        UPDATE edges SET n = n + new.n - old.n WHERE {_key('new')};
    END;
    CREATE TRIGGER edge_outlets_ad AFTER DELETE ON edge_outlets BEGIN
        UPDATE edges SET weight = weight - 1, n = n - old.n WHERE {_key('old')};
        DELETE FROM edges WHERE {_key('old')} AND weight <= 0;
    END;
"""
