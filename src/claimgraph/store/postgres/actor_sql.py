"""Migration 25's text for PostgreSQL: what is left of SQLite's migrations 13, 18 and 19, kept by the
deltas of migration 21 (``edge_sql.py`` says why: no writer waits on another's counter rows).

- ``norm_counts``: each (normalised alias, actor) with the ``aliases`` rows (one a document)
  that hold it, so that the actor a typed name means most often (a claim's actors) is a row per
  actor of the name, where counting the aliases read a busy name's 100,000 rows (20-26 ms).
  An alias row in or out is a ±1 delta.
- ``alias_counts`` (SQLite's 13): each name's uses per actor, the names an actor list shows
  (counting them read every alias row of the listed actors: 30 ms for the report's eight).
  Both tables move by the same ±1 delta of an alias row.
- ``actor_outlets``: the documents that mention each actor, per outlet (``framing``), where
  grouping them joined every mentioning document of a busy actor (70-80 ms).  A mention's delta
  carries its document's outlet as it was when the mention came or went (and a document's new
  outlet moves its mentions from the old key to the new one), so the fold knows, for each actor,
  document and outlet it touched, how many mentions were counted there before and are now: a
  document counts for an outlet while it holds a mention of the actor.  A document removed and
  written again in one transaction, under another outlet, counts out of the old one.
- ``events_claim``, SQLite's index of 18 in place of ``events_pair_claim``: a claim group's
  events in date order, so that a bucket's first page reads a date range and the date its
  ``limit``-th event has is ``limit`` index entries in (the groups' page bounds took 22 ms,
  sorting every group's events); the date ``NULLS FIRST``, the order the shared statements ask for.
"""
from __future__ import annotations

from ..sqlite.kept_sql import outlet_parts
from .claim_sql import CLAIM_DELTAS, FOLD_CLAIMS
from .conflict_sql import FOLD_CONFLICTS
from .edge_sql import (FOLD_ACTORS, MARK, T, delta_triggers, deltas_ready, fold_now, fold_simple, keyed_deletes, only_if,
                       outlet_key)

_PARTS = ", ".join(outlet_parts("d"))
_KEY = outlet_key("d")


def _alias_deltas(rows: str, n: str) -> str:
    """Count the aliases of ``rows`` (alias ``l``) into ``norm_count_deltas`` and ``alias_count_deltas``."""
    return f"""
        INSERT INTO pg_temp.norm_count_deltas(norm, actor_id, n) SELECT l.norm, l.actor_id, {n} FROM {rows} GROUP BY 1, 2;
        INSERT INTO pg_temp.alias_count_deltas(actor_id, alias, n) SELECT l.actor_id, l.alias, {n} FROM {rows} GROUP BY 1, 2;"""


def _mention_deltas(rows: str, n: str) -> str:
    """Count the mentions of ``rows`` (alias ``m``) into ``actor_outlet_deltas``, by actor and
    document, under the document's outlet as it is now."""
    return f"""
        INSERT INTO pg_temp.actor_outlet_deltas(actor_id, doc_id, k, source, path, title, id, n)
            SELECT m.actor_id, m.doc_id, {_KEY}, {_PARTS}, {n} FROM {rows} JOIN documents d ON d.id = m.doc_id
            GROUP BY m.actor_id, m.doc_id, d.id;"""


def _moved(p: str, n: str) -> str:
    """The mentions of the document ``p`` (OLD or NEW) by actor, ``n`` each, under ``p``'s outlet."""
    return (f"SELECT m.actor_id, m.doc_id, {outlet_key(p)}, {', '.join(outlet_parts(p))}, {n} FROM mentions m"
            f" WHERE m.doc_id = {p}.id GROUP BY m.actor_id, m.doc_id")


OUTLET_DELTAS = {**CLAIM_DELTAS,
                 "norm_count_deltas": f"norm {T}, actor_id {T}, n INTEGER NOT NULL",
                 "fold_norm_counts": "LIKE norm_counts",
                 "alias_count_deltas": f"actor_id {T}, alias {T}, n INTEGER NOT NULL",
                 "fold_alias_counts": "LIKE alias_counts",
                 "actor_outlet_deltas": f"actor_id {T}, doc_id {T}, k {T}, source {T}, path {T}, title {T}, id {T}, n INTEGER NOT NULL",
                 "fold_actor_outlets": "LIKE actor_outlets"}

#: an (actor, document, outlet)'s mentions counted there now: the document's mentions of the
#: actor when the document has that outlet now, else none (it has another, or is gone)
_NOW = (f"CASE WHEN (SELECT {_KEY} FROM documents d WHERE d.id = g.doc_id) = g.k"
        " THEN (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = g.actor_id AND m.doc_id = g.doc_id) ELSE 0 END")

_FOLD_OUTLETS = only_if("actor_outlet_deltas", f"""
        DELETE FROM fold_actor_outlets;
        WITH d AS (DELETE FROM pg_temp.actor_outlet_deltas RETURNING *),
        g AS (SELECT actor_id, doc_id, k, min(source) AS source, min(path) AS path, min(title) AS title, min(id) AS id, SUM(n) AS n
              FROM d GROUP BY actor_id, doc_id, k HAVING SUM(n) <> 0),
        c AS (SELECT g.*, {_NOW} AS now_n FROM g)
        INSERT INTO fold_actor_outlets(actor_id, k, source, path, title, id, documents)
            SELECT actor_id, k, min(source), min(path), min(title), min(id), SUM((now_n > 0)::int - (now_n - n > 0)::int)
            FROM c GROUP BY actor_id, k HAVING SUM((now_n > 0)::int - (now_n - n > 0)::int) <> 0;
        INSERT INTO actor_outlets AS t(actor_id, k, source, path, title, id, documents)
            SELECT actor_id, k, source, path, title, id, documents FROM fold_actor_outlets ORDER BY actor_id, k
            ON CONFLICT (actor_id, k) DO UPDATE SET documents = t.documents + excluded.documents;
        DELETE FROM actor_outlets t USING fold_actor_outlets f WHERE t.actor_id = f.actor_id AND t.k = f.k AND t.documents <= 0;""")

#: every kept table's fold as of migration 25
FOLD_25 = keyed_deletes(fold_now(FOLD_ACTORS + FOLD_CONFLICTS + FOLD_CLAIMS + fold_simple("norm_counts", "norm_count_deltas", ["norm", "actor_id"])
                                 + fold_simple("alias_counts", "alias_count_deltas", ["actor_id", "alias"]) + _FOLD_OUTLETS))

ACTOR_MIGRATION = f"""
    DROP INDEX IF EXISTS events_pair_claim;
    CREATE INDEX events_claim ON events(source_id, target_id, type, stance, negated, mode, date NULLS FIRST, curation, doc_id);
    CREATE TABLE norm_counts (
        norm {T} NOT NULL, actor_id {T} NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (norm, actor_id)
    );
    INSERT INTO norm_counts(norm, actor_id, n) SELECT norm, actor_id, COUNT(*) FROM aliases GROUP BY norm, actor_id;
    CREATE TABLE alias_counts (
        actor_id {T} NOT NULL, alias {T} NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, alias)
    );
    INSERT INTO alias_counts(actor_id, alias, n) SELECT actor_id, alias, COUNT(*) FROM aliases GROUP BY actor_id, alias;
    CREATE TABLE actor_outlets (
        actor_id {T} NOT NULL, k {T} NOT NULL, source {T}, path {T}, title {T}, id {T}, documents INTEGER NOT NULL,
        PRIMARY KEY (actor_id, k)
    );
    INSERT INTO actor_outlets(actor_id, k, source, path, title, id, documents)
        SELECT m.actor_id, {_KEY}, {_PARTS}, COUNT(*)
          FROM (SELECT DISTINCT actor_id, doc_id FROM mentions) m JOIN documents d ON d.id = m.doc_id GROUP BY 1, 2, 3, 4, 5, 6;
    CREATE OR REPLACE FUNCTION {deltas_ready(OUTLET_DELTAS)}
    {delta_triggers("aliases", "norm, actor_id, alias", "claimgraph_norm_alias_deltas", "claimgraph_norm_aliases_inserted",
                    _alias_deltas, "l")}
    {delta_triggers("mentions", "actor_id, doc_id", "claimgraph_outlet_mention_deltas", "claimgraph_outlet_mentions_inserted",
                    _mention_deltas, "m")}
    CREATE FUNCTION claimgraph_outlet_document_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}
        INSERT INTO pg_temp.actor_outlet_deltas(actor_id, doc_id, k, source, path, title, id, n)
            {_moved("OLD", "-COUNT(*)")} UNION ALL {_moved("NEW", "COUNT(*)")};
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER claimgraph_outlet_document_moved AFTER UPDATE OF source, path, title ON documents
        FOR EACH ROW WHEN ({outlet_key("OLD")} IS DISTINCT FROM {outlet_key("NEW")})
        EXECUTE FUNCTION claimgraph_outlet_document_moved();
    CREATE OR REPLACE FUNCTION {FOLD_25}
"""


#: migration 28, SQLite's 28 (``store/sqlite/framing_sql.py``: ``LABEL_OUTLETS``): each label
#: carries its document's outlet key and date, set as it is inserted and moved with its document's,
#: and labels_actor_label holds an actor's labels by outlet and wording in ``labels_with_paths``'
#: order (the dates and positions NULLS FIRST, as the shared statement asks), with the rowid, so that
#: ``label_groups`` reads the index alone.  Migration 27's index, which served the join this replaces, goes.
LABEL_MIGRATION = f"""
    ALTER TABLE labels ADD COLUMN k {T}, ADD COLUMN published {T};
    UPDATE labels l SET k = {_KEY}, published = d.published FROM documents d WHERE d.id = l.doc_id;
    DROP INDEX labels_actor_label;
    DROP INDEX documents_outlets;
    CREATE INDEX labels_actor_label ON labels(actor_id, k, label, published NULLS FIRST, doc_id, start NULLS FIRST) INCLUDE (rowid);
    CREATE FUNCTION claimgraph_label_outlet() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT {_KEY}, d.published INTO NEW.k, NEW.published FROM documents d WHERE d.id = NEW.doc_id;
        RETURN NEW;
    END
    $$;
    CREATE TRIGGER claimgraph_label_outlet BEFORE INSERT ON labels FOR EACH ROW EXECUTE FUNCTION claimgraph_label_outlet();
    CREATE FUNCTION claimgraph_label_document_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE labels SET k = {outlet_key("NEW")}, published = NEW.published WHERE doc_id = NEW.id;
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER claimgraph_label_document_moved AFTER UPDATE OF source, path, title, published ON documents
        FOR EACH ROW WHEN ({outlet_key("OLD")} IS DISTINCT FROM {outlet_key("NEW")} OR OLD.published IS DISTINCT FROM NEW.published)
        EXECUTE FUNCTION claimgraph_label_document_moved();
"""
