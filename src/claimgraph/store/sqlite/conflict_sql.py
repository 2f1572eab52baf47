"""The text of the migrations that keep the conflicts ranking's tables (15: ``conflict_pairs``,
``conflict_voices``, ``conflict_denials`` and their triggers; 17: denials kept per REJECT), built
from small helpers so that the insert, delete and update triggers share one statement per step.
``schema.py`` says what each migration is for; these texts are frozen once released."""
from __future__ import annotations

from .edge_sql import OUTLET, event_outlet
from .kept_sql import event_triggers


#: ``ontology.UNREALIZED`` as migrations 15 and 17 were written with it, frozen: a migration's text
#: never changes once released (tests/test_migrations_frozen.py), so a new unrealized mode needs a
#: new migration that rebuilds the kept conflict tables, not an edit here.
UNREALIZED_AT_15 = ("future", "hypothetical")


def _act(row: str) -> str:
    """``ACT_SQL`` (store/sqlite/analysis.py) of the trigger row ``row`` (new, old) or alias."""
    return "(" + " AND ".join(f"instr(' ' || {row}.mode || ' ', ' {m} ') = 0" for m in UNREALIZED_AT_15) + ")"


def _voiced(r: str) -> str:
    """An event that counts on a side of its pair: live, both ends known and distinct, cooperative
    or hostile, not negated, an act (the ``agg`` part of the old ``conflicts`` SQL)."""
    return (f"({r}.curation IS NOT 'rejected' AND {r}.source_id IS NOT NULL AND {r}.target_id IS NOT NULL"
            f" AND {r}.source_id <> {r}.target_id AND {r}.stance IN ('cooperative', 'hostile') AND {r}.negated = 0 AND {_act(r)})")


def _denying(r: str) -> str:
    """An event that may make a denial of its document (a REJECT, a negated cooperative event),
    whatever its curation (a recomputation decides)."""
    return f"(({r}.type = 'REJECT' OR ({r}.stance = 'cooperative' AND {r}.negated = 1)) AND {_act(r)})"


def _denials_of(docs: str) -> str:
    """The denial rows (pair, document, sentence start, REJECT id or 0 for a negated cooperative
    event) of the documents ``docs`` (an SQL condition on ``e.doc_id``): the ``dsent`` part of the
    old ``conflicts`` SQL, without a WITH (triggers take none); the primary key makes the UNION."""
    return _rows_of(f"e.doc_id {docs}", negated_rid="0")


def _rows_of(which: str, *, negated_rid: str) -> str:
    """The denial rows of the events ``which`` (an SQL condition on ``e``): a state's REJECT denies
    its source with each actor named inside its sentence, a person's (or a REJECT of no known
    source) each two non-person actors named there, and a negated cooperative event its pair
    (its row's id ``negated_rid``).  No trailing semicolon."""
    reject = f"e.type = 'REJECT' AND e.negated = 0 AND {_act('e')} AND e.curation IS NOT 'rejected' AND {which}"
    inside = ("JOIN mentions {m} ON {m}.doc_id = e.doc_id AND {m}.start >= e.start AND {m}.\"end\" <= e.\"end\""
              " AND {m}.actor_id IS NOT e.source_id AND {m}.actor_id IS NOT e.target_id")
    return f"""
    INSERT OR IGNORE INTO conflict_denials(a, b, doc_id, start, rid)
    SELECT min(e.source_id, m.actor_id), max(e.source_id, m.actor_id), e.doc_id, e.start, e.id
      FROM events e JOIN actors s ON s.id = e.source_id AND s.type <> 'PERSON' {inside.format(m='m')}
     WHERE {reject}
    UNION ALL
    SELECT m1.actor_id, m2.actor_id, e.doc_id, e.start, e.id
      FROM events e LEFT JOIN actors s ON s.id = e.source_id {inside.format(m='m1')} {inside.format(m='m2')}
           JOIN actors x1 ON x1.id = m1.actor_id AND x1.type <> 'PERSON' JOIN actors x2 ON x2.id = m2.actor_id AND x2.type <> 'PERSON'
     WHERE {reject} AND COALESCE(s.type = 'PERSON', 1) AND m1.actor_id < m2.actor_id
    UNION ALL
    SELECT min(e.source_id, e.target_id), max(e.source_id, e.target_id), e.doc_id, e.start, {negated_rid} FROM events e
     WHERE {which} AND e.curation IS NOT 'rejected' AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL
       AND e.source_id <> e.target_id AND e.stance = 'cooperative' AND e.negated = 1 AND {_act('e')}"""


def _redo_denials(docs: str) -> str:
    """Statements that recompute the denial rows of the documents ``docs``."""
    return f"DELETE FROM conflict_denials WHERE doc_id {docs};\n{_denials_of(docs)};"


#: documents whose denials depend on actor ``{x}`` (its REJECTs, its mentions in a document with one)
_DOCS_OF_ACTOR = ("IN (SELECT doc_id FROM events WHERE type = 'REJECT' AND source_id = {x}"
                  " UNION SELECT m.doc_id FROM mentions m WHERE m.actor_id = {x}"
                  " AND EXISTS (SELECT 1 FROM events r WHERE r.type = 'REJECT' AND r.doc_id = m.doc_id))")
#: a REJECT of the document around the mention {m}
_IN_REJECT = ("EXISTS (SELECT 1 FROM events r WHERE r.type = 'REJECT' AND r.doc_id = {m}.doc_id"
              " AND r.start <= {m}.start AND r.\"end\" >= {m}.\"end\")")


def _voice_key(r: str) -> str:
    return (f"min({r}.source_id, {r}.target_id), max({r}.source_id, {r}.target_id), {r}.stance,"
            f" {event_outlet(r)}, COALESCE({r}.attributed_to, '')")


def _voice_match(r: str) -> str:
    return (f"a = min({r}.source_id, {r}.target_id) AND b = max({r}.source_id, {r}.target_id) AND stance = {r}.stance"
            f" AND outlet = {event_outlet(r)}"
            f" AND voice = COALESCE({r}.attributed_to, '')")


def _voice_add(r: str) -> str:
    return f"""
        INSERT OR IGNORE INTO conflict_voices(a, b, stance, outlet, voice, n) VALUES ({_voice_key(r)}, 0);
        UPDATE conflict_voices SET n = n + 1 WHERE {_voice_match(r)};
        INSERT OR IGNORE INTO conflict_pairs(a, b) VALUES (min({r}.source_id, {r}.target_id), max({r}.source_id, {r}.target_id));
        UPDATE conflict_pairs SET coop_n = coop_n + ({r}.stance = 'cooperative'), hostile_n = hostile_n + ({r}.stance = 'hostile')
         WHERE a = min({r}.source_id, {r}.target_id) AND b = max({r}.source_id, {r}.target_id);"""


def _voice_remove(r: str) -> str:
    return f"""
        UPDATE conflict_voices SET n = n - 1 WHERE {_voice_match(r)};
        DELETE FROM conflict_voices WHERE {_voice_match(r)} AND n <= 0;
        UPDATE conflict_pairs SET coop_n = coop_n - ({r}.stance = 'cooperative'), hostile_n = hostile_n - ({r}.stance = 'hostile')
         WHERE a = min({r}.source_id, {r}.target_id) AND b = max({r}.source_id, {r}.target_id);
        DELETE FROM conflict_pairs WHERE a = min({r}.source_id, {r}.target_id) AND b = max({r}.source_id, {r}.target_id)
         AND coop_n = 0 AND hostile_n = 0 AND coop_voices = 0 AND hostile_voices = 0 AND denials = 0;"""


_EVENT_COLUMNS = 'type, stance, negated, mode, curation, source_id, target_id, attributed_to, doc_id, start, "end"'
_MENTION_COLUMNS = 'actor_id, doc_id, start, "end"'


def _actor_triggers(redo) -> str:
    """The triggers on ``actors`` that redo, with ``redo`` (an SQL condition on ``doc_id`` -> the
    statements), the denials of the documents whose REJECTs depend on an actor that comes, goes,
    changes id or stops or starts being a person."""
    return f"""    CREATE TRIGGER conflict_denials_actor_ai AFTER INSERT ON actors BEGIN
        {redo(_DOCS_OF_ACTOR.format(x='new.id'))}
    END;
    CREATE TRIGGER conflict_denials_actor_ad AFTER DELETE ON actors BEGIN
        {redo(_DOCS_OF_ACTOR.format(x='old.id'))}
    END;
    CREATE TRIGGER conflict_denials_actor_au AFTER UPDATE OF id, type ON actors
    WHEN old.id IS NOT new.id OR (old.type = 'PERSON') IS NOT (new.type = 'PERSON') BEGIN
        {redo(_DOCS_OF_ACTOR.format(x='old.id'))}
        {redo(_DOCS_OF_ACTOR.format(x='new.id'))}
    END;
"""


CONFLICTS_MIGRATION = f"""
    CREATE TABLE conflict_pairs (
        a TEXT NOT NULL, b TEXT NOT NULL,
        coop_n INTEGER NOT NULL DEFAULT 0, hostile_n INTEGER NOT NULL DEFAULT 0,
        coop_voices INTEGER NOT NULL DEFAULT 0, hostile_voices INTEGER NOT NULL DEFAULT 0,
        denials INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE TABLE conflict_voices (
        a TEXT NOT NULL, b TEXT NOT NULL, stance TEXT NOT NULL, outlet TEXT NOT NULL, voice TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (a, b, stance, outlet, voice)
    ) WITHOUT ROWID;
    CREATE TABLE conflict_denials (
        a TEXT NOT NULL, b TEXT NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL, rid INTEGER NOT NULL,
        PRIMARY KEY (a, b, doc_id, start, rid)
    ) WITHOUT ROWID;
    CREATE INDEX conflict_denials_doc ON conflict_denials(doc_id);
    INSERT INTO conflict_voices(a, b, stance, outlet, voice, n)
        SELECT min(e.source_id, e.target_id), max(e.source_id, e.target_id), e.stance, {OUTLET},
               COALESCE(e.attributed_to, ''), COUNT(*)
          FROM events e JOIN documents d ON d.id = e.doc_id WHERE {_voiced('e')} GROUP BY 1, 2, 3, 4, 5;
    {_denials_of("IS NOT NULL")};
    INSERT INTO conflict_pairs(a, b, coop_n, hostile_n, coop_voices, hostile_voices, denials)
        SELECT a, b, SUM(cn), SUM(hn), SUM(cv), SUM(hv), SUM(dn) FROM (
          SELECT a, b, SUM(n * (stance = 'cooperative')) AS cn, SUM(n * (stance = 'hostile')) AS hn,
                 SUM(stance = 'cooperative') AS cv, SUM(stance = 'hostile') AS hv, 0 AS dn FROM conflict_voices GROUP BY a, b
          UNION ALL
          SELECT a, b, 0, 0, 0, 0, COUNT(DISTINCT doc_id || ':' || start) FROM conflict_denials GROUP BY a, b)
        GROUP BY a, b;
    CREATE TRIGGER conflict_voices_ai AFTER INSERT ON conflict_voices BEGIN
        INSERT OR IGNORE INTO conflict_pairs(a, b) VALUES (new.a, new.b);
        UPDATE conflict_pairs SET coop_voices = coop_voices + (new.stance = 'cooperative'), hostile_voices = hostile_voices + (new.stance = 'hostile')
         WHERE a = new.a AND b = new.b;
    END;
    CREATE TRIGGER conflict_voices_ad AFTER DELETE ON conflict_voices BEGIN
        UPDATE conflict_pairs SET coop_voices = coop_voices - (old.stance = 'cooperative'), hostile_voices = hostile_voices - (old.stance = 'hostile')
         WHERE a = old.a AND b = old.b;
    END;
    CREATE TRIGGER conflict_denials_ai AFTER INSERT ON conflict_denials
    WHEN NOT EXISTS (SELECT 1 FROM conflict_denials WHERE a = new.a AND b = new.b AND doc_id = new.doc_id AND start = new.start AND rid <> new.rid) BEGIN
        INSERT OR IGNORE INTO conflict_pairs(a, b) VALUES (new.a, new.b);
        UPDATE conflict_pairs SET denials = denials + 1 WHERE a = new.a AND b = new.b;
    END;
    CREATE TRIGGER conflict_denials_ad AFTER DELETE ON conflict_denials
    WHEN NOT EXISTS (SELECT 1 FROM conflict_denials WHERE a = old.a AND b = old.b AND doc_id = old.doc_id AND start = old.start) BEGIN
        UPDATE conflict_pairs SET denials = denials - 1 WHERE a = old.a AND b = old.b;
        DELETE FROM conflict_pairs WHERE a = old.a AND b = old.b
         AND coop_n = 0 AND hostile_n = 0 AND coop_voices = 0 AND hostile_voices = 0 AND denials = 0;
    END;
    {event_triggers('conflicts_event', _EVENT_COLUMNS, _voiced, _voice_add, _voice_remove)}
    CREATE TRIGGER conflict_denials_event_ai AFTER INSERT ON events WHEN {_denying('new')} BEGIN
        {_redo_denials("= new.doc_id")}
    END;
    CREATE TRIGGER conflict_denials_event_ad AFTER DELETE ON events WHEN {_denying('old')} BEGIN
        {_redo_denials("= old.doc_id")}
    END;
    CREATE TRIGGER conflict_denials_event_au AFTER UPDATE OF {_EVENT_COLUMNS} ON events WHEN {_denying('old')} OR {_denying('new')} BEGIN
        {_redo_denials("IN (old.doc_id, new.doc_id)")}
    END;
    CREATE TRIGGER conflict_denials_mention_ai AFTER INSERT ON mentions WHEN {_IN_REJECT.format(m='new')} BEGIN
        {_redo_denials("= new.doc_id")}
    END;
    CREATE TRIGGER conflict_denials_mention_ad AFTER DELETE ON mentions WHEN {_IN_REJECT.format(m='old')} BEGIN
        {_redo_denials("= old.doc_id")}
    END;
    CREATE TRIGGER conflict_denials_mention_au AFTER UPDATE OF {_MENTION_COLUMNS} ON mentions
    WHEN {_IN_REJECT.format(m='old')} OR {_IN_REJECT.format(m='new')} BEGIN
        {_redo_denials("IN (old.doc_id, new.doc_id)")}
    END;
""" + _actor_triggers(_redo_denials)


def _denial_rows(which: str) -> str:
    """The denial rows of the events ``which``, as ``_denials_of`` makes them for whole documents,
    but with ``-id`` for a negated cooperative event's row (where migration 15 wrote 0), so that
    every row names the one event it comes from and goes with it."""
    return _rows_of(which, negated_rid="-e.id") + ";"


def _forget(doc: str, ids: str) -> str:
    """Delete the denial rows of the events ``ids`` (an SQL list or subquery) of document ``doc``."""
    return f"DELETE FROM conflict_denials WHERE doc_id = {doc} AND (rid IN {ids} OR -rid IN {ids});"


#: the REJECTs of the mention ``{m}``'s document whose sentence holds it (their rows depend on it)
_REJECTS_AROUND = ("(SELECT r.id FROM events r WHERE r.type = 'REJECT' AND r.doc_id = {m}.doc_id"
                   " AND r.start <= {m}.start AND r.\"end\" >= {m}.\"end\")")


def _redo_events(doc: str, ids: str) -> str:
    return f"{_forget(doc, ids)}\n{_denial_rows('e.id IN ' + ids)}"


def _redo_docs(docs: str) -> str:
    """Recompute the denial rows of the documents ``docs`` (an SQL condition on ``doc_id``)."""
    return f"DELETE FROM conflict_denials WHERE doc_id {docs};\n{_denial_rows('e.doc_id ' + docs)}"


_DENIAL_TRIGGERS = ("conflict_denials_event_ai", "conflict_denials_event_ad", "conflict_denials_event_au",
                    "conflict_denials_mention_ai", "conflict_denials_mention_ad", "conflict_denials_mention_au",
                    "conflict_denials_actor_ai", "conflict_denials_actor_ad", "conflict_denials_actor_au")

DENIALS_MIGRATION = "\n".join(f"    DROP TRIGGER IF EXISTS {t};" for t in _DENIAL_TRIGGERS) + f"""
    DELETE FROM conflict_denials WHERE rid = 0;
    {_denial_rows("e.negated = 1 AND e.stance = 'cooperative'")}
    CREATE TRIGGER conflict_denials_event_ai AFTER INSERT ON events WHEN {_denying('new')} BEGIN
        {_denial_rows("e.id = new.id")}
    END;
    CREATE TRIGGER conflict_denials_event_ad AFTER DELETE ON events WHEN {_denying('old')} BEGIN
        {_forget("old.doc_id", "(old.id)")}
    END;
    CREATE TRIGGER conflict_denials_event_au AFTER UPDATE OF {_EVENT_COLUMNS} ON events WHEN {_denying('old')} OR {_denying('new')} BEGIN
        {_forget("old.doc_id", "(old.id)")}
        {_denial_rows("e.id = new.id")}
    END;
    CREATE TRIGGER conflict_denials_mention_ai AFTER INSERT ON mentions WHEN {_IN_REJECT.format(m='new')} BEGIN
        {_redo_events("new.doc_id", _REJECTS_AROUND.format(m='new'))}
    END;
    CREATE TRIGGER conflict_denials_mention_ad AFTER DELETE ON mentions WHEN {_IN_REJECT.format(m='old')} BEGIN
        {_redo_events("old.doc_id", _REJECTS_AROUND.format(m='old'))}
    END;
    CREATE TRIGGER conflict_denials_mention_au AFTER UPDATE OF {_MENTION_COLUMNS} ON mentions
    WHEN {_IN_REJECT.format(m='old')} OR {_IN_REJECT.format(m='new')} BEGIN
        {_redo_events("old.doc_id", _REJECTS_AROUND.format(m='old'))}
        {_redo_events("new.doc_id", _REJECTS_AROUND.format(m='new'))}
    END;
""" + _actor_triggers(_redo_docs)
