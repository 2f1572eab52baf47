"""Migration 23's text for PostgreSQL: SQLite's conflict tables (its migrations 15 and 17:
``conflict_voices``, ``conflict_denials``, ``conflict_pairs``, the same columns and meaning, a
negated cooperative event's denial row keyed ``-id`` as 17 keys it), kept by the deltas of
migration 21 (``edge_sql.py`` says why: no writer waits on another's counter rows).

- An event's voice (its unordered pair, stance, outlet and speaker) is a ±1 delta, as an edge's
  outlet is; the fold moves ``coop_voices``/``hostile_voices`` when a voice's count crosses zero.
- Denials depend on a REJECT's sentence, the mentions inside it and whether the actors are
  persons, so they are not counted by deltas: a trigger only notes the document (an inserted or
  removed REJECT or negated cooperative event, a mention inside a REJECT's sentence, the mentions
  of an actor that becomes or stops being a person), and the fold recomputes the denial rows of
  the noted documents, moving each pair's ``denials`` by what its distinct sentences there were
  and are.  An actor's id cannot change nor an actor go while events or mentions name it (their
  foreign keys), so only a change of type is watched on ``actors``.
"""
from __future__ import annotations

from ..sqlite.conflict_sql import _act
from ..sqlite.edge_sql import OUTLET
from .edge_sql import ACTOR_DELTAS, FOLD_ACTORS, MARK, T, deltas_ready, fold_now, keyed_deletes, only_if, row_trigger

_ACT = "(e.mode = '' OR {act})".format(act=_act("e"))  # the same test; the planner estimates the first half

_VOICED = ("e.curation IS DISTINCT FROM 'rejected' AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
           f" AND e.source_id <> e.target_id AND e.stance IN ('cooperative', 'hostile') AND e.negated = 0 AND {_ACT}")

#: an event whose coming or going may change its document's denials (a recomputation decides)
_DENYING = "(e.type = 'REJECT' OR (e.stance = 'cooperative' AND e.negated = 1))"

#: a REJECT of the mention ``m``'s document whose sentence holds it (along ``events_reject``)
_IN_REJECT = ("EXISTS (SELECT 1 FROM events r WHERE r.type = 'REJECT' AND r.doc_id = m.doc_id"
              " AND r.start <= m.start AND r.\"end\" >= m.\"end\")")

_PAIR = "LEAST(e.source_id, e.target_id), GREATEST(e.source_id, e.target_id)"


def denial_rows(which: str) -> str:
    """Insert the denial rows of the events ``which`` (a condition on ``e``), as SQLite's
    migration 17 makes them: a state's REJECT denies its source with each actor named inside its
    sentence, a person's (or a REJECT of no known source) each two non-person actors named there,
    and a negated cooperative event its pair (row ``-id``).  No trailing semicolon."""
    reject = f"e.type = 'REJECT' AND e.negated = 0 AND {_ACT} AND e.curation IS DISTINCT FROM 'rejected' AND {which}"
    inside = ('JOIN mentions {m} ON {m}.doc_id = e.doc_id AND {m}.start >= e.start AND {m}."end" <= e."end"'
              " AND {m}.actor_id IS DISTINCT FROM e.source_id AND {m}.actor_id IS DISTINCT FROM e.target_id")
    return f"""
        INSERT INTO conflict_denials(a, b, doc_id, start, rid)
        SELECT LEAST(e.source_id, m.actor_id), GREATEST(e.source_id, m.actor_id), e.doc_id, e.start, e.id
          FROM events e JOIN actors s ON s.id = e.source_id AND s.type <> 'PERSON' {inside.format(m='m')}
         WHERE {reject}
        UNION ALL
        SELECT m1.actor_id, m2.actor_id, e.doc_id, e.start, e.id
          FROM events e LEFT JOIN actors s ON s.id = e.source_id {inside.format(m='m1')} {inside.format(m='m2')}
               JOIN actors x1 ON x1.id = m1.actor_id AND x1.type <> 'PERSON' JOIN actors x2 ON x2.id = m2.actor_id AND x2.type <> 'PERSON'
         WHERE {reject} AND COALESCE(s.type = 'PERSON', true) AND m1.actor_id < m2.actor_id
        UNION ALL
        SELECT {_PAIR}, e.doc_id, e.start, -e.id FROM events e
         WHERE {which} AND e.curation IS DISTINCT FROM 'rejected' AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL
           AND e.source_id <> e.target_id AND e.stance = 'cooperative' AND e.negated = 1 AND {_ACT}
        ON CONFLICT DO NOTHING"""


def _event_deltas(rows: str, n: str) -> str:
    """The voices of the events ``rows`` (a FROM item, alias ``e``), ``n`` each, and the documents
    of those that may deny."""
    return f"""
        INSERT INTO pg_temp.conflict_voice_deltas(a, b, stance, outlet, voice, n)
            SELECT {_PAIR}, e.stance, {OUTLET}, COALESCE(e.attributed_to, ''), {n}
            FROM {rows} JOIN documents d ON d.id = e.doc_id WHERE {_VOICED} GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO pg_temp.conflict_denial_docs(doc_id) SELECT DISTINCT e.doc_id FROM {rows} WHERE {_DENYING};"""


def _event_row(p: str, sign: str) -> str:
    return _event_deltas(f"(SELECT {p}.*) e", "COUNT(*)" if sign == "1" else "-COUNT(*)")


def _mention_marks(rows: str) -> str:
    """The documents of the mentions ``rows`` (alias ``m``) that a REJECT's sentence holds."""
    return f"""
        INSERT INTO pg_temp.conflict_denial_docs(doc_id) SELECT DISTINCT m.doc_id FROM {rows} WHERE {_IN_REJECT};"""


def _mention_row(p: str, sign: str) -> str:
    return _mention_marks(f"(SELECT {p}.*) m")


#: the documents whose denials depend on whether actor NEW is a person: its REJECTs, and its
#: mentions inside a REJECT's sentence
_ACTOR_DOCS = f"""
        INSERT INTO pg_temp.conflict_denial_docs(doc_id)
            SELECT doc_id FROM events WHERE type = 'REJECT' AND source_id = NEW.id
            UNION SELECT m.doc_id FROM mentions m WHERE m.actor_id = NEW.id AND {_IN_REJECT};"""

CONFLICT_DELTAS = {**ACTOR_DELTAS,
                   "conflict_voice_deltas": f"a {T}, b {T}, stance {T}, outlet {T}, voice {T}, n INTEGER NOT NULL",
                   "conflict_denial_docs": f"doc_id {T}",
                   "fold_conflict_voices": f"a {T}, b {T}, stance {T}, outlet {T}, voice {T}, n BIGINT, was BIGINT",
                   "fold_conflict_pairs": f"a {T}, b {T}, coop_n BIGINT, hostile_n BIGINT, coop_voices BIGINT,"
                                          " hostile_voices BIGINT, denials BIGINT"}

_VOICE_KEY = ["a", "b", "stance", "outlet", "voice"]
_ON_VOICE = " AND ".join(f"t.{c} = f.{c}" for c in _VOICE_KEY)
_PAIR_COUNTS = "coop_n, hostile_n, coop_voices, hostile_voices, denials"


def _crossed(stance: str) -> str:
    return f"SUM(CASE WHEN stance <> '{stance}' THEN 0 WHEN was <= 0 AND was + n > 0 THEN 1 WHEN was > 0 AND was + n <= 0 THEN -1 ELSE 0 END)"


_FOLD_VOICES = only_if("conflict_voice_deltas", f"""
        DELETE FROM fold_conflict_voices;
        WITH d AS (DELETE FROM pg_temp.conflict_voice_deltas RETURNING *),
        g AS (SELECT a, b, stance, outlet, voice, SUM(n) AS n FROM d GROUP BY 1, 2, 3, 4, 5 HAVING SUM(n) <> 0)
        INSERT INTO fold_conflict_voices
            SELECT g.*, COALESCE(v.n, 0) FROM g LEFT JOIN conflict_voices v
                ON v.a = g.a AND v.b = g.b AND v.stance = g.stance AND v.outlet = g.outlet AND v.voice = g.voice;
        INSERT INTO conflict_voices AS t(a, b, stance, outlet, voice, n)
            SELECT a, b, stance, outlet, voice, n FROM fold_conflict_voices ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (a, b, stance, outlet, voice) DO UPDATE SET n = t.n + excluded.n;
        DELETE FROM conflict_voices t USING fold_conflict_voices f WHERE {_ON_VOICE} AND t.n <= 0;
        INSERT INTO fold_conflict_pairs(a, b, {_PAIR_COUNTS})
            SELECT a, b, SUM(CASE WHEN stance = 'cooperative' THEN n ELSE 0 END), SUM(CASE WHEN stance = 'hostile' THEN n ELSE 0 END),
                   {_crossed('cooperative')}, {_crossed('hostile')}, 0
            FROM fold_conflict_voices GROUP BY a, b;""")

_NOTED = "= ANY(noted)"
_SENTENCES = "COUNT(DISTINCT c.doc_id || ':' || c.start)"

# the noted documents as an array the statements test with ``= ANY``, so that each reads its
# index (a join to a temporary table, which no ANALYZE sees, the planner took for thousands of
# rows and read the denials and events whole: the writes slowed as the store grew)
_FOLD_DENIALS = f"""
        DECLARE
            noted TEXT[] COLLATE "C";
        BEGIN
            WITH d AS (DELETE FROM pg_temp.conflict_denial_docs RETURNING doc_id) SELECT array_agg(DISTINCT doc_id) INTO noted FROM d;
            IF noted IS NOT NULL THEN
                INSERT INTO fold_conflict_pairs(a, b, {_PAIR_COUNTS})
                    SELECT a, b, 0, 0, 0, 0, -{_SENTENCES} FROM conflict_denials c WHERE c.doc_id {_NOTED} GROUP BY a, b;
                DELETE FROM conflict_denials WHERE doc_id {_NOTED};{denial_rows("e.doc_id " + _NOTED)};
                INSERT INTO fold_conflict_pairs(a, b, {_PAIR_COUNTS})
                    SELECT a, b, 0, 0, 0, 0, {_SENTENCES} FROM conflict_denials c WHERE c.doc_id {_NOTED} GROUP BY a, b;
            END IF;
        END;"""

FOLD_CONFLICTS = f"""
        IF EXISTS (SELECT 1 FROM pg_temp.conflict_voice_deltas) OR EXISTS (SELECT 1 FROM pg_temp.conflict_denial_docs) THEN
            DELETE FROM fold_conflict_pairs;{_FOLD_VOICES}{_FOLD_DENIALS}
            INSERT INTO conflict_pairs AS t(a, b, {_PAIR_COUNTS})
                SELECT a, b, SUM(coop_n), SUM(hostile_n), SUM(coop_voices), SUM(hostile_voices), SUM(denials)
                FROM fold_conflict_pairs GROUP BY a, b ORDER BY a, b
                ON CONFLICT (a, b) DO UPDATE SET coop_n = t.coop_n + excluded.coop_n, hostile_n = t.hostile_n + excluded.hostile_n,
                    coop_voices = t.coop_voices + excluded.coop_voices, hostile_voices = t.hostile_voices + excluded.hostile_voices,
                    denials = t.denials + excluded.denials;
            -- the touched pairs as arrays, each row found by its key (joined to the temporary table,
            -- the planner scanned every pair: 0.6 ms a fold at 3,000 documents, growing)
            DECLARE
                pa TEXT[] COLLATE "C";
                pb TEXT[] COLLATE "C";
            BEGIN
                SELECT array_agg(a), array_agg(b) INTO pa, pb FROM (SELECT DISTINCT a, b FROM fold_conflict_pairs) f;
                DELETE FROM conflict_pairs t USING unnest(pa, pb) AS f(a, b)
                    WHERE t.a = f.a AND t.b = f.b AND t.coop_n = 0 AND t.hostile_n = 0 AND t.coop_voices = 0 AND t.hostile_voices = 0
                      AND t.denials = 0;
            END;
        END IF;"""


CONFLICTS_MIGRATION = f"""
    CREATE TABLE conflict_pairs (
        a {T} NOT NULL, b {T} NOT NULL,
        coop_n INTEGER NOT NULL DEFAULT 0, hostile_n INTEGER NOT NULL DEFAULT 0,
        coop_voices INTEGER NOT NULL DEFAULT 0, hostile_voices INTEGER NOT NULL DEFAULT 0,
        denials INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (a, b)
    );
    CREATE TABLE conflict_voices (
        a {T} NOT NULL, b {T} NOT NULL, stance {T} NOT NULL, outlet {T} NOT NULL, voice {T} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (a, b, stance, outlet, voice)
    );
    CREATE TABLE conflict_denials (
        a {T} NOT NULL, b {T} NOT NULL, doc_id {T} NOT NULL, start INTEGER NOT NULL, rid INTEGER NOT NULL,
        PRIMARY KEY (a, b, doc_id, start, rid)
    );
    CREATE INDEX conflict_denials_doc ON conflict_denials(doc_id);
    INSERT INTO conflict_voices(a, b, stance, outlet, voice, n)
        SELECT {_PAIR}, e.stance, {OUTLET}, COALESCE(e.attributed_to, ''), COUNT(*)
          FROM events e JOIN documents d ON d.id = e.doc_id WHERE {_VOICED} GROUP BY 1, 2, 3, 4, 5;{denial_rows("e.doc_id IS NOT NULL")};
    INSERT INTO conflict_pairs(a, b, {_PAIR_COUNTS})
        SELECT a, b, SUM(cn), SUM(hn), SUM(cv), SUM(hv), SUM(dn) FROM (
          SELECT a, b, SUM(CASE WHEN stance = 'cooperative' THEN n ELSE 0 END) AS cn, SUM(CASE WHEN stance = 'hostile' THEN n ELSE 0 END) AS hn,
                 COUNT(*) FILTER (WHERE stance = 'cooperative') AS cv, COUNT(*) FILTER (WHERE stance = 'hostile') AS hv, 0 AS dn
            FROM conflict_voices GROUP BY a, b
          UNION ALL
          SELECT a, b, 0, 0, 0, 0, {_SENTENCES} FROM conflict_denials c GROUP BY a, b) u
        GROUP BY a, b;
    CREATE OR REPLACE FUNCTION {deltas_ready(CONFLICT_DELTAS)}
    CREATE FUNCTION {row_trigger("claimgraph_conflict_event_deltas", _event_row)}
    CREATE TRIGGER claimgraph_conflict_event_deltas
        AFTER DELETE OR UPDATE OF type, stance, negated, mode, curation, source_id, target_id, attributed_to, doc_id, start, "end"
        ON events FOR EACH ROW EXECUTE FUNCTION claimgraph_conflict_event_deltas();
    CREATE FUNCTION claimgraph_conflict_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}{_event_deltas("inserted e", "COUNT(*)")}
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER claimgraph_conflict_events_inserted AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_conflict_events_inserted();
    CREATE FUNCTION {row_trigger("claimgraph_conflict_mention_deltas", _mention_row)}
    CREATE TRIGGER claimgraph_conflict_mention_deltas AFTER DELETE OR UPDATE OF actor_id, doc_id, start, "end"
        ON mentions FOR EACH ROW EXECUTE FUNCTION claimgraph_conflict_mention_deltas();
    CREATE FUNCTION claimgraph_conflict_mentions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}{_mention_marks("inserted m")}
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER claimgraph_conflict_mentions_inserted AFTER INSERT ON mentions REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_conflict_mentions_inserted();
    CREATE FUNCTION claimgraph_conflict_actor_type() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MARK}{_ACTOR_DOCS}
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER claimgraph_conflict_actor_type AFTER UPDATE OF type ON actors FOR EACH ROW
        WHEN ((OLD.type = 'PERSON') IS DISTINCT FROM (NEW.type = 'PERSON')) EXECUTE FUNCTION claimgraph_conflict_actor_type();
    CREATE OR REPLACE FUNCTION {keyed_deletes(fold_now(FOLD_ACTORS + FOLD_CONFLICTS))}
"""
