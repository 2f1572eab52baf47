"""Migration 21's text for PostgreSQL: SQLite's migration 16 tables (``edge_types``,
``edge_outlets``, ``edges``, ``type_counts``, ``outlet_documents``, the same columns and the
same meaning), kept without making concurrent writers wait on each other's counter rows.

SQLite's triggers update a counter row per event.  Here a busy pair's row is shared by every
document that reports it, so two writers would queue on it for the rest of their transactions,
and deadlock when they touch two rows in opposite orders (migration 13 says so).  Instead:

- triggers on ``events``, ``documents`` and ``mentions`` only *append* +1 or -1 rows to delta
  tables (an INSERT statement's rows counted at once by a statement trigger over its transition
  table, which ``dialect.executemany`` makes one statement a batch; a deletion or an update row by
  row).  The ``*_deltas`` are temporary tables, each session's own: they hold only the open
  transaction's rows (each fold deletes what it read, and every ``TRUNCATE_EVERY`` transactions
  the tables are emptied of their dead rows; as real tables, each fold scanned every dead row since
  the last vacuum).  Appends never wait;
- the first delta of a transaction also writes its row of ``fold_marks``, whose deferred
  constraint trigger runs ``claimgraph_fold_now()`` once, as the transaction commits (a store
  reading the kept tables inside its own open transaction folds first, so that it sees its own
  writes).  Under one advisory lock it adds the session's deltas to the kept tables in key order,
  with nested loops only (the planner has no statistics of temporary tables, and a hash join read
  a kept table whole), and deletes the rows that reach zero.  Only the folds queue, each for the
  size of its own transaction's changes, and one lock means no deadlock;
- an edge's ``weight`` (its outlets) moves when an outlet's count crosses zero, and an actor's
  ``documents`` when its mentions in a document do (migration 22), both read under that lock, so
  two writers cannot both count the same new outlet.

Readers see the kept tables as of the last commit, as they see the events.
"""
from __future__ import annotations

import re

from ..sqlite.edge_sql import OUTLET
from ..sqlite.kept_sql import outlet_parts

T = 'TEXT COLLATE "C"'
FOLD_LOCK = 0x636C6564  # pg_advisory_xact_lock key of the folds: "cled"


def outlet_key(p: str) -> str:
    """The four columns in one key (``quote_nullable`` tells NULL from '')."""
    return " || chr(31) || ".join(f"quote_nullable({c})" for c in outlet_parts(p))


_EDGE = "{p}.source_id IS NOT NULL AND {p}.target_id IS NOT NULL AND {p}.source_id <> {p}.target_id AND {p}.curation IS DISTINCT FROM 'rejected'"


def _event_deltas(rows: str, n: str) -> str:
    """Count the events of ``rows`` (a FROM item, alias ``e``: an INSERT's transition table, or
    ``(SELECT OLD.*) e``) into the deltas, ``n`` each group (``COUNT(*)`` or ``-COUNT(*)``): their
    types (not rejected), their edges' types and (not negated) their edges' outlets."""
    edge = _EDGE.format(p="e")
    return f"""
        INSERT INTO pg_temp.type_count_deltas(type, n)
            SELECT e.type, {n} FROM {rows} WHERE e.curation IS DISTINCT FROM 'rejected' GROUP BY 1;
        INSERT INTO pg_temp.edge_type_deltas(source_id, target_id, stance, negated, type, n)
            SELECT e.source_id, e.target_id, e.stance, e.negated, e.type, {n} FROM {rows} WHERE {edge} GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO pg_temp.edge_outlet_deltas(source_id, target_id, stance, outlet, n)
            SELECT e.source_id, e.target_id, e.stance, {OUTLET}, {n} FROM {rows} JOIN documents d ON d.id = e.doc_id
            WHERE e.negated = 0 AND {edge} GROUP BY 1, 2, 3, 4;"""


def _counted(sign: str) -> str:
    return "COUNT(*)" if sign == "1" else "-COUNT(*)"


def _mention_deltas(rows: str, n: str) -> str:
    """Count the mentions of ``rows`` (alias ``m``) into the actors' deltas, by actor and document."""
    return f"""
        INSERT INTO pg_temp.actor_mention_deltas(actor_id, doc_id, n) SELECT m.actor_id, m.doc_id, {n} FROM {rows} GROUP BY 1, 2;"""


def row_trigger(function: str, deltas) -> str:
    """The row trigger function ``function``, from its name on: the old row's deltas out
    (``deltas(OLD, -1)``) and the new one's in, after marking the transaction (``MARK``)."""
    return f"""{function}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}
        IF TG_OP <> 'INSERT' THEN {deltas('OLD', '-1')}
        END IF;
        IF TG_OP <> 'DELETE' THEN {deltas('NEW', '1')}
        END IF;
        RETURN NULL;
    END
    $$;"""


def delta_triggers(table: str, columns: str, row_name: str, inserted_name: str, deltas, alias: str) -> str:
    """A kept table's two triggers on ``table``, from the first CREATE to the last ``;``: the row
    trigger ``row_name`` (a DELETE, or an UPDATE of ``columns``: the old row's deltas out, the new
    one's in) and the statement trigger ``inserted_name`` (an INSERT's rows counted at once over its
    transition table).  ``deltas(rows, n)`` appends the deltas of ``rows``, a FROM item of alias
    ``alias``, ``n`` (``COUNT(*)`` or ``-COUNT(*)``) each group."""
    def row(p: str, sign: str) -> str:
        return deltas(f"(SELECT {p}.*) {alias}", _counted(sign))

    return f"""CREATE FUNCTION {row_trigger(row_name, row)}
    CREATE TRIGGER {row_name} AFTER DELETE OR UPDATE OF {columns}
        ON {table} FOR EACH ROW EXECUTE FUNCTION {row_name}();
    CREATE FUNCTION {inserted_name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}{deltas(f"inserted {alias}", "COUNT(*)")}
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER {inserted_name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION {inserted_name}();"""


def _document_deltas(p: str, sign: str) -> str:
    return f"""
        IF {p}.superseded_by IS NULL THEN
            INSERT INTO pg_temp.outlet_document_deltas(k, source, path, title, id, n)
                VALUES ({outlet_key(p)}, {', '.join(outlet_parts(p))}, {sign});
        END IF;"""


#: the first delta of a transaction marks it (a row of ``fold_marks``, whose deferred constraint
#: trigger folds at commit): one deferred call a transaction, where a trigger on the delta tables
#: queued one per delta row
MARK = """IF current_setting('claimgraph.pending', true) IS DISTINCT FROM txid_current()::text THEN
            PERFORM claimgraph_deltas_ready();
            PERFORM set_config('claimgraph.pending', txid_current()::text, true);
            INSERT INTO pg_temp.fold_marks(xid) VALUES (txid_current());
        END IF;"""

DELTAS = {  # the delta tables and the folds' work tables: temporary, this session's own, emptied at each commit
    "edge_type_deltas": f"source_id {T}, target_id {T}, stance {T}, negated INTEGER, type {T}, n INTEGER NOT NULL",
    "edge_outlet_deltas": f"source_id {T}, target_id {T}, stance {T}, outlet {T}, n INTEGER NOT NULL",
    "type_count_deltas": f"type {T}, n INTEGER NOT NULL",
    "outlet_document_deltas": f"k {T}, source {T}, path {T}, title {T}, id {T}, n INTEGER NOT NULL",
    "fold_edge_outlets": f"source_id {T}, target_id {T}, stance {T}, outlet {T}, n BIGINT, was BIGINT",
    "fold_edge_types": "LIKE edge_types",
    "fold_type_counts": "LIKE type_counts",
    "fold_outlet_documents": "LIKE outlet_documents",
}


#: a session's temporary tables keep their rows past a commit (each fold deletes what it read):
#: emptying them at every commit (ON COMMIT DELETE ROWS) truncated ten tables a document, a third
#: of a writer's time; the rows a fold deletes stay as dead space, so every ``TRUNCATE_EVERY`` transactions empty them
TRUNCATE_EVERY = 50


def deltas_ready(tables: dict[str, str]) -> str:
    """``claimgraph_deltas_ready()``, from its name on: this session's delta tables and its
    ``fold_marks`` with the deferred trigger, made when the newest of ``tables`` is missing (a
    session's first write, or after ``DISCARD``)."""
    newest = list(tables)[-1]
    made = "".join(f"\n            CREATE TEMP TABLE IF NOT EXISTS {t} ({cols});" for t, cols in tables.items())
    return f"""claimgraph_deltas_ready() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF to_regclass('pg_temp.{newest}') IS NULL THEN{made}
        END IF;
        IF to_regclass('pg_temp.fold_marks') IS NULL THEN
            CREATE TEMP TABLE fold_marks (xid BIGINT NOT NULL);
            CREATE CONSTRAINT TRIGGER claimgraph_fold AFTER INSERT ON pg_temp.fold_marks
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION claimgraph_fold();
        END IF;
        -- once a transaction, before its first delta (so no row of its own and no pending fold)
        IF current_setting('claimgraph.seen', true) IS DISTINCT FROM txid_current()::text THEN
            PERFORM set_config('claimgraph.seen', txid_current()::text, false);
            PERFORM set_config('claimgraph.transactions', (COALESCE(NULLIF(current_setting('claimgraph.transactions', true), ''), '0')::bigint + 1)::text, false);
            IF current_setting('claimgraph.transactions')::bigint % {TRUNCATE_EVERY} = 0 THEN
                TRUNCATE {', '.join('pg_temp.' + t for t in [*tables, 'fold_marks'])};
            END IF;
        END IF;
    END
    $$;"""


def only_if(deltas: str, steps: str) -> str:
    """``steps`` when the transaction has rows in ``deltas``."""
    return f"""
        IF EXISTS (SELECT 1 FROM pg_temp.{deltas}) THEN{steps}
        END IF;"""


def fold_simple(table: str, deltas: str, key: list[str], count: str = "n", extra: list[str] = ()) -> str:
    """Add a delta table's rows to ``table`` (an upsert in key order) and delete the rows of the
    keys it touched that reached zero; ``extra`` columns ride along with the key (first value)."""
    cols = [*key, *extra]
    grouped = ", ".join([*key, *(f"min({c}) AS {c}" for c in extra)])
    temp = f"fold_{table}"
    on = " AND ".join(f"t.{c} = f.{c}" for c in key)
    return only_if(deltas, f"""
        DELETE FROM {temp};  -- a second fold in one transaction starts empty
        WITH d AS (DELETE FROM pg_temp.{deltas} RETURNING *)
        INSERT INTO {temp}({', '.join(cols)}, {count})
            SELECT {grouped}, SUM(n) FROM d GROUP BY {', '.join(key)} HAVING SUM(n) <> 0;
        INSERT INTO {table} AS t({', '.join(cols)}, {count})
            SELECT {', '.join(cols)}, {count} FROM {temp} ORDER BY {', '.join(key)}
            ON CONFLICT ({', '.join(key)}) DO UPDATE SET {count} = t.{count} + excluded.{count};
        DELETE FROM {table} t USING {temp} f WHERE {on} AND t.{count} <= 0;""")


_EDGE_KEY = ["source_id", "target_id", "stance"]

_FOLD_EDGES = only_if("edge_outlet_deltas", """
        DELETE FROM fold_edge_outlets;
        WITH d AS (DELETE FROM pg_temp.edge_outlet_deltas RETURNING *),
        g AS (SELECT source_id, target_id, stance, outlet, SUM(n) AS n FROM d GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0)
        INSERT INTO fold_edge_outlets
            SELECT g.source_id, g.target_id, g.stance, g.outlet, g.n, COALESCE(o.n, 0) FROM g
            LEFT JOIN edge_outlets o ON o.source_id = g.source_id AND o.target_id = g.target_id AND o.stance = g.stance AND o.outlet = g.outlet;
        INSERT INTO edge_outlets AS t(source_id, target_id, stance, outlet, n)
            SELECT source_id, target_id, stance, outlet, n FROM fold_edge_outlets ORDER BY 1, 2, 3, 4
            ON CONFLICT (source_id, target_id, stance, outlet) DO UPDATE SET n = t.n + excluded.n;
        DELETE FROM edge_outlets t USING fold_edge_outlets f
            WHERE t.source_id = f.source_id AND t.target_id = f.target_id AND t.stance = f.stance AND t.outlet = f.outlet AND t.n <= 0;
        INSERT INTO edges AS t(source_id, target_id, stance, weight, n)
            SELECT source_id, target_id, stance,
                   SUM(CASE WHEN was <= 0 AND was + n > 0 THEN 1 WHEN was > 0 AND was + n <= 0 THEN -1 ELSE 0 END), SUM(n)
            FROM fold_edge_outlets GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (source_id, target_id, stance) DO UPDATE SET weight = t.weight + excluded.weight, n = t.n + excluded.n;
        DELETE FROM edges t USING (SELECT DISTINCT source_id, target_id, stance FROM fold_edge_outlets) f
            WHERE t.source_id = f.source_id AND t.target_id = f.target_id AND t.stance = f.stance AND t.n <= 0;""")

def fold_now(more: str = "") -> str:
    """``claimgraph_fold_now()``, from its name on: every kept table's fold (``more``: those of
    the migrations after 21, which replace the function)."""
    # nested loops only: a fold's own rows (a few temporary ones, which no ANALYZE sees) against
    # the kept tables' keys; a hash join would read a kept table whole, so each fold took longer
    # as the store grew
    return f"""claimgraph_fold_now() RETURNS void LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
    BEGIN
        PERFORM claimgraph_deltas_ready();
        PERFORM set_config('claimgraph.pending', '', true);  -- a delta after this marks the transaction again
        PERFORM pg_advisory_xact_lock({FOLD_LOCK});
        DELETE FROM pg_temp.fold_marks;
        {_FOLD_EDGES}
        {fold_simple('edge_types', 'edge_type_deltas', [*_EDGE_KEY, 'negated', 'type'])}
        {fold_simple('type_counts', 'type_count_deltas', ['type'])}
        {fold_simple('outlet_documents', 'outlet_document_deltas', ['k'], 'documents', ['source', 'path', 'title', 'id'])}{more}
    END
    $$;"""


def keyed_deletes(function: str) -> str:
    """The fold function ``function`` (``fold_now``'s text) with the zero test of every ``DELETE
    ... USING`` (``t.n <= 0``) against ``(SELECT 0)``, the same test, whose value the planner
    does not know: from the column's statistics it expected almost no kept row at zero, so it
    scanned the whole kept table for them, each probing the fold's temporary rows, and a fold
    took longer as the store grew (1.3 ms a fold of migration 24's tables at 3,000 documents);
    now it finds the kept rows by key from the fold's own.  Migration 23 on."""
    return re.sub(r"(DELETE FROM \w+ t USING [^;]*?t\.\w+ <= )0;", r"\g<1>(SELECT 0);", function)


EDGE_MIGRATION = f"""
    CREATE TABLE edge_types (
        source_id {T} NOT NULL, target_id {T} NOT NULL, stance {T} NOT NULL, negated INTEGER NOT NULL, type {T} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance, negated, type)
    );
    CREATE INDEX edge_types_target ON edge_types(target_id, source_id);
    CREATE TABLE edge_outlets (
        source_id {T} NOT NULL, target_id {T} NOT NULL, stance {T} NOT NULL, outlet {T} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance, outlet)
    );
    CREATE TABLE edges (
        source_id {T} NOT NULL, target_id {T} NOT NULL, stance {T} NOT NULL,
        weight INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (source_id, target_id, stance)
    );
    CREATE INDEX edges_rank ON edges(weight DESC, n DESC, source_id, target_id, stance);
    CREATE INDEX edges_target ON edges(target_id, weight);
    CREATE TABLE type_counts (type {T} PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE outlet_documents (
        k {T} PRIMARY KEY, source {T}, path {T}, title {T}, id {T}, documents INTEGER NOT NULL
    );
    INSERT INTO edge_types(source_id, target_id, stance, negated, type, n)
        SELECT source_id, target_id, stance, negated, type, COUNT(*) FROM events e WHERE {_EDGE.format(p='e')}
        GROUP BY source_id, target_id, stance, negated, type;
    INSERT INTO edge_outlets(source_id, target_id, stance, outlet, n)
        SELECT e.source_id, e.target_id, e.stance, {OUTLET}, COUNT(*) FROM events e JOIN documents d ON d.id = e.doc_id
        WHERE e.negated = 0 AND {_EDGE.format(p='e')} GROUP BY e.source_id, e.target_id, e.stance, {OUTLET};
    INSERT INTO edges(source_id, target_id, stance, weight, n)
        SELECT source_id, target_id, stance, COUNT(*), SUM(n) FROM edge_outlets GROUP BY source_id, target_id, stance;
    INSERT INTO type_counts(type, n) SELECT type, COUNT(*) FROM events WHERE curation IS DISTINCT FROM 'rejected' GROUP BY type;
    INSERT INTO outlet_documents(k, source, path, title, id, documents)
        SELECT {outlet_key('d')}, {', '.join(outlet_parts('d'))}, COUNT(*) FROM documents d WHERE d.superseded_by IS NULL
        GROUP BY 1, 2, 3, 4, 5;
    {delta_triggers("events", "source_id, target_id, stance, negated, type, curation, doc_id",
                    "claimgraph_event_deltas", "claimgraph_events_inserted", _event_deltas, "e")}
    CREATE FUNCTION {row_trigger("claimgraph_document_deltas", _document_deltas)}
    CREATE TRIGGER claimgraph_document_deltas AFTER INSERT OR DELETE OR UPDATE OF superseded_by, source, path, title
        ON documents FOR EACH ROW EXECUTE FUNCTION claimgraph_document_deltas();
    CREATE FUNCTION {fold_now()}
    CREATE FUNCTION claimgraph_fold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM claimgraph_fold_now();
        RETURN NULL;
    END
    $$;
    CREATE FUNCTION {deltas_ready(DELTAS)}
"""


# -- migration 22: actor_counts (SQLite's migration 13), by the same deltas -----------------------

FOLD_ACTORS = only_if("actor_mention_deltas", """
        DELETE FROM fold_actor_documents;
        WITH d AS (DELETE FROM pg_temp.actor_mention_deltas RETURNING *)
        INSERT INTO fold_actor_documents
            SELECT g.actor_id, g.doc_id, g.n, (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = g.actor_id AND m.doc_id = g.doc_id)
            FROM (SELECT actor_id, doc_id, SUM(n) AS n FROM d GROUP BY 1, 2 HAVING SUM(n) <> 0) g;
        INSERT INTO actor_counts AS t(actor_id, mentions, documents)
            SELECT actor_id, SUM(n), SUM((now_n > 0)::int - (now_n - n > 0)::int) FROM fold_actor_documents GROUP BY 1 ORDER BY 1
            ON CONFLICT (actor_id) DO UPDATE SET mentions = t.mentions + excluded.mentions, documents = t.documents + excluded.documents;
        DELETE FROM actor_counts t USING (SELECT DISTINCT actor_id FROM fold_actor_documents) f
            WHERE t.actor_id = f.actor_id AND t.mentions <= 0;""")

#: the delta and work tables as of migration 22 (those of 21 and the actors')
ACTOR_DELTAS = {**DELTAS, "actor_mention_deltas": f"actor_id {T}, doc_id {T}, n INTEGER NOT NULL",
                "fold_actor_documents": f"actor_id {T}, doc_id {T}, n BIGINT, now_n BIGINT"}

ACTOR_COUNTS_MIGRATION = f"""
    CREATE TABLE actor_counts (
        actor_id {T} PRIMARY KEY,
        mentions INTEGER NOT NULL,
        documents INTEGER NOT NULL
    );
    INSERT INTO actor_counts(actor_id, mentions, documents)
        SELECT actor_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY actor_id;
    CREATE OR REPLACE FUNCTION {deltas_ready(ACTOR_DELTAS)}
    {delta_triggers("mentions", "actor_id, doc_id", "claimgraph_mention_deltas", "claimgraph_mentions_inserted", _mention_deltas, "m")}
    CREATE OR REPLACE FUNCTION {fold_now(FOLD_ACTORS)}
"""
