"""Versioned schema.  Each migration is applied once, in order, inside a transaction;
``meta.schema_version`` records how far a database has come."""
from __future__ import annotations

import sqlite3

from .claim_sql import CLAIM_MIGRATION
from .conflict_sql import CONFLICTS_MIGRATION, DENIALS_MIGRATION
from .edge_sql import EDGE_MIGRATION
from .framing_sql import ACTOR_OUTLETS, LABEL_OUTLETS
from ...errors import StoreError


MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        path TEXT, title TEXT, source TEXT, author TEXT, url TEXT,
        published TEXT, published_text TEXT, published_origin TEXT, published_confidence REAL,
        text TEXT NOT NULL,
        pipeline_version TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        gaz_id TEXT
    );
    CREATE TABLE aliases (
        actor_id TEXT NOT NULL REFERENCES actors(id),
        alias TEXT NOT NULL,
        norm TEXT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (actor_id, norm, doc_id)
    );
    CREATE INDEX aliases_norm ON aliases(norm);
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        actor_id TEXT NOT NULL REFERENCES actors(id),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL
    );
    CREATE INDEX mentions_actor ON mentions(actor_id);
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE TABLE labels (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        actor_id TEXT NOT NULL REFERENCES actors(id),
        label TEXT NOT NULL,
        start INTEGER,
        sentence TEXT
    );
    CREATE INDEX labels_actor ON labels(actor_id);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, direct INTEGER NOT NULL,
        speaker_id TEXT REFERENCES actors(id), speaker_text TEXT, cue TEXT,
        pipeline_version TEXT NOT NULL
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        type TEXT NOT NULL, stance TEXT NOT NULL,
        source_id TEXT REFERENCES actors(id), target_id TEXT REFERENCES actors(id),
        trigger TEXT NOT NULL, trigger_start INTEGER, trigger_end INTEGER,
        sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        negated INTEGER NOT NULL, hedged INTEGER NOT NULL,
        attributed_to TEXT REFERENCES actors(id),
        date TEXT, date_text TEXT, date_origin TEXT, location TEXT,
        pipeline_version TEXT NOT NULL
    );
    CREATE INDEX events_source ON events(source_id);
    CREATE INDEX events_target ON events(target_id);
    CREATE INDEX events_pair ON events(source_id, target_id);
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_date ON events(date);
    CREATE TABLE timexes (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, type TEXT NOT NULL, value TEXT
    );
    CREATE INDEX timexes_doc ON timexes(doc_id);
    """,
    # 2: full-text search over documents (title + text) for the web app's search box.  An
    # external-content FTS5 table: the text lives once, in ``documents``; triggers keep the
    # index in step with inserts, deletes and updates; 'rebuild' backfills existing rows.
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    """,
    # 3: indexes for the analysis (claimgraph.analysis; timings in benchmarks/analysis_speed.py).
    # events_upair orders events by unordered actor pair, so `conflicts` aggregates every pair
    # in one pass over the index and `dyad`/`check` read a pair with one range seek;
    # events_reject (partial) and mentions_doc_actor find the denials about a pair;
    # documents_outlet names a document's outlet and date without reading its text (the
    # analysis asks for it with INDEXED BY, as the planner does not prefer it without ANALYZE).
    """
    CREATE INDEX events_upair ON events(min(source_id, target_id), max(source_id, target_id), stance, negated,
                                        doc_id, attributed_to, source_id, target_id, start, date);
    CREATE INDEX events_reject ON events(doc_id, start, "end", source_id, target_id, negated) WHERE type = 'REJECT';
    CREATE INDEX mentions_doc_actor ON mentions(doc_id, actor_id, start, "end");
    CREATE INDEX documents_outlet ON documents(id, source, path, title, published);
    """,
    # events.mode: an event's modes (SPEC section 3 ``mode``, ``ontology.MODES``) as a
    # space-separated string ("negated hypothetical"; "" for none); rows hand it out as a list.
    # The analysis counts only acts (``mode`` without hypothetical or future), so the pair index
    # that ``conflicts`` aggregates over carries the mode too.  Rows stored before this have
    # no modes until ``reprocess`` extracts them again.
    """
    ALTER TABLE events ADD COLUMN mode TEXT NOT NULL DEFAULT '';
    DROP INDEX IF EXISTS events_upair;
    CREATE INDEX events_upair ON events(min(source_id, target_id), max(source_id, target_id), stance, negated, mode,
                                        doc_id, attributed_to, source_id, target_id, start, date);
    """,
    # actors.kind and actors.sector (SPEC section 3, version 2): "sector" actors are generic groups
    # ("Varland police", "protesters"); `actors --no-sectors` and the graph's sectors=false hide them
    """
    ALTER TABLE actors ADD COLUMN kind TEXT NOT NULL DEFAULT 'actor';
    ALTER TABLE actors ADD COLUMN sector TEXT;
    """,
    # 6: who asserts a claim, and through whom (SPEC section 3, version 2): events.via (an actor id,
    # else the text, of the channel that relays it), events.source_kind ("outlet", "named",
    # "unnamed", "report") and quotes.speaker_kind.  Rows stored before this keep no channel; an
    # attributed one counts as a named speaker's until ``reprocess`` extracts it again.
    """
    ALTER TABLE events ADD COLUMN via TEXT;
    ALTER TABLE events ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'outlet';
    UPDATE events SET source_kind = 'named' WHERE attributed_to IS NOT NULL;
    ALTER TABLE quotes ADD COLUMN speaker_kind TEXT;
    """,
    # 7: denials tied to their claim (SPEC section 3, version 2): events.answers, for a REJECT
    # that denies a claim, the id of the claim's event (of the same document).  Rows stored
    # before this answer nothing until ``reprocess`` extracts them again.
    """
    ALTER TABLE events ADD COLUMN answers INTEGER;
    CREATE INDEX events_answers ON events(answers) WHERE answers IS NOT NULL;
    """,
    # 8: names the actors stage turned down ("Islamic" as a group, "intel"), or folded into another
    # actor ("Washington warned": the United States), with the reason, per document, for
    # `actors --rejected`.  A GPE or LOC that only locates is stored as an actor of kind 'place'
    # (actors.kind needs no change: it is free text).  Rows stored before this have none until
    # ``reprocess``.
    """
    CREATE TABLE rejected (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        text TEXT NOT NULL,
        norm TEXT NOT NULL,
        label TEXT,
        start INTEGER,
        reason TEXT NOT NULL
    );
    CREATE INDEX rejected_norm ON rejected(norm);
    CREATE INDEX rejected_doc ON rejected(doc_id);
    """,
    # 9: versions of a document (``ingest --update``) and ``remove``.  documents.superseded_by: the
    # id of the current version that replaced a document (every older version points straight at
    # the current one), and superseded_at, when.  A superseded document keeps its row (metadata
    # and text, listed by ``documents(superseded=True)``) but loses its records (mentions,
    # aliases, labels, quotes, events, time expressions) when it is superseded, so no query of
    # those has to leave it out; the reads of documents themselves do.  The indexes find the
    # stored versions of a path or URL, and let ``remove_document`` and
    # ``drop_unreferenced_actors`` look up aliases and labels by document and events by who
    # asserts them (``attributed_to``, ``via``) without reading whole tables.
    """
    ALTER TABLE documents ADD COLUMN superseded_by TEXT;
    ALTER TABLE documents ADD COLUMN superseded_at TEXT;
    CREATE INDEX documents_superseded ON documents(superseded_by) WHERE superseded_by IS NOT NULL;
    CREATE INDEX documents_path ON documents(path) WHERE path IS NOT NULL;
    CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
    CREATE INDEX aliases_doc ON aliases(doc_id);
    CREATE INDEX labels_doc ON labels(doc_id);
    CREATE INDEX events_attributed ON events(attributed_to) WHERE attributed_to IS NOT NULL;
    CREATE INDEX events_via ON events(via) WHERE via IS NOT NULL;
    """,
    # 10: curation that lasts (docs/CURATION.md): a user's decisions about actors (merge, split,
    # rename, type) and events (reject_event, confirm_event), one row each, keyed by content
    # (normalised alias text; for an event a hash of its sentence and its signature), never by
    # row id, so that ``reprocess`` and a re-ingest apply them again (``store/sqlite/decisions.py``).
    # events.curation ('rejected', 'confirmed' or NULL) and events.curated_by (the decision) are
    # set when a decision is made and whenever a document is written; every read of events goes
    # through the view live_events, which leaves the rejected ones out.  events_upair gets the
    # column, so that ``conflicts`` still aggregates over the index alone.  aliases_doc finds
    # what a document just written names (and what ``remove_document`` deletes) without reading
    # the whole table; aliases_norm_actor gives the actors of a name from the index alone (the
    # resolver's lookup too), so it replaces aliases_norm.
    """
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        doc_hash TEXT,
        args TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE INDEX decisions_subject ON decisions(kind, subject);
    ALTER TABLE events ADD COLUMN curation TEXT;
    ALTER TABLE events ADD COLUMN curated_by INTEGER;
    CREATE VIEW live_events AS SELECT * FROM events WHERE curation IS NOT 'rejected';
    DROP INDEX IF EXISTS events_upair;
    CREATE INDEX events_upair ON events(min(source_id, target_id), max(source_id, target_id), stance, negated, mode,
                                        doc_id, attributed_to, source_id, target_id, start, date, curation);
    CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc_id);  -- migration 9 made it already
    CREATE INDEX IF NOT EXISTS aliases_norm_actor ON aliases(norm, actor_id);
    DROP INDEX IF EXISTS aliases_norm;
    """,
    # 11: resolution that does not slow down as the store grows (issue 13, benchmarks/growth.py).
    # ``aliases`` holds a row per name, actor and document (a popular name has thousands), so the
    # resolver's "which actors have this alias" read them all.  alias_keys holds each (normalised
    # alias, actor) once; triggers keep it equal to the distinct pairs of ``aliases``, whichever
    # statement writes them (a document written, removed or superseded, a merge or split moving
    # aliases): a pair comes with its first row and goes with its last.  The actors of one
    # document ("protesters@<id>", an id with "@") are left out: the resolver never matches them,
    # and they are the pairs that grow with every document.  actors_surname finds a person by the
    # last word of the name (lower-cased as LIKE compares) where ``name LIKE '% x'`` read every
    # actor; the expression is ``actors.SURNAME_SQL``.
    """
    CREATE TABLE alias_keys (
        norm TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        PRIMARY KEY (norm, actor_id)
    ) WITHOUT ROWID;
    INSERT INTO alias_keys(norm, actor_id) SELECT DISTINCT norm, actor_id FROM aliases WHERE instr(actor_id, '@') = 0;
    CREATE TRIGGER alias_keys_ai AFTER INSERT ON aliases WHEN instr(new.actor_id, '@') = 0 BEGIN
        INSERT OR IGNORE INTO alias_keys(norm, actor_id) VALUES (new.norm, new.actor_id);
    END;
    CREATE TRIGGER alias_keys_ad AFTER DELETE ON aliases BEGIN
        DELETE FROM alias_keys WHERE norm = old.norm AND actor_id = old.actor_id
            AND NOT EXISTS (SELECT 1 FROM aliases WHERE norm = old.norm AND actor_id = old.actor_id);
    END;
    CREATE TRIGGER alias_keys_au AFTER UPDATE OF norm, actor_id ON aliases BEGIN
        INSERT OR IGNORE INTO alias_keys(norm, actor_id) SELECT new.norm, new.actor_id WHERE instr(new.actor_id, '@') = 0;
        DELETE FROM alias_keys WHERE norm = old.norm AND actor_id = old.actor_id
            AND NOT EXISTS (SELECT 1 FROM aliases WHERE norm = old.norm AND actor_id = old.actor_id);
    END;
    CREATE INDEX actors_surname ON actors(lower(substr(name, length(rtrim(name, replace(name, ' ', ''))) + 1))) WHERE type = 'PERSON';
    """,
    # 12: timelines read a page, not every event (``events.timeline_events``): an actor's events
    # (as source, then as target, with the source in the index to leave out those counted as
    # source), a pair's and all of them, each in date order along an index, to find the date a
    # page ends at; and counted from the index alone (``curation`` is in each: the
    # ``live_events`` view tests it).  The three old one-column indexes are prefixes of these.
    # The other end and the stance are in the actor indexes too, for an actor's partners
    # (``actor_partners``).  events_affiliate: an actor's branches (``affiliates_of``, which
    # ``check`` asks for each end of a claim) without reading every event aimed at the actor;
    # mentions_actor with the document: an actor's documents counted from the index;
    # documents_current: the filter form's outlets counted from an index, not from the
    # documents' rows, which hold their text.  (No index on the type alone: without statistics
    # SQLite takes an equality on it for a handful of rows and plans the conflicts' denials
    # as a nested scan, 3x slower.)
    """
    DROP INDEX events_source;
    DROP INDEX events_target;
    DROP INDEX events_date;
    CREATE INDEX events_date ON events(date, curation);
    CREATE INDEX events_source_date ON events(source_id, date, curation, target_id, stance);
    CREATE INDEX events_target_date ON events(target_id, date, curation, source_id, stance);
    CREATE INDEX events_upair_date ON events(min(source_id, target_id), max(source_id, target_id), date, curation);
    CREATE INDEX events_affiliate ON events(target_id, source_id, doc_id, curation) WHERE type = 'AFFILIATE' AND negated = 0;
    DROP INDEX mentions_actor;
    CREATE INDEX mentions_actor ON mentions(actor_id, doc_id);
    CREATE INDEX documents_current ON documents(source, path, title, id) WHERE superseded_by IS NULL;
    """,
    # 13: each actor's mentions and documents (actor_counts) and each name's uses (alias_counts),
    # kept by triggers as they are written, moved (a merge or split updates actor_id) and removed,
    # so the actor lists read a row per actor where they counted every mention and alias row of
    # the store on each call.  A document is counted when the actor's first mention in it comes
    # and uncounted with its last (``mentions_actor`` finds the others); a row whose counts reach
    # zero goes.
    """
    CREATE TABLE actor_counts (
        actor_id TEXT PRIMARY KEY,
        mentions INTEGER NOT NULL,
        documents INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO actor_counts(actor_id, mentions, documents)
        SELECT actor_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY actor_id;
    CREATE TRIGGER actor_counts_ai AFTER INSERT ON mentions BEGIN
        INSERT OR IGNORE INTO actor_counts(actor_id, mentions, documents) VALUES (new.actor_id, 0, 0);
        UPDATE actor_counts SET mentions = mentions + 1, documents = documents + NOT EXISTS (
            SELECT 1 FROM mentions WHERE actor_id = new.actor_id AND doc_id = new.doc_id AND rowid <> new.rowid)
        WHERE actor_id = new.actor_id;
    END;
    CREATE TRIGGER actor_counts_ad AFTER DELETE ON mentions BEGIN
        UPDATE actor_counts SET mentions = mentions - 1, documents = documents - NOT EXISTS (
            SELECT 1 FROM mentions WHERE actor_id = old.actor_id AND doc_id = old.doc_id)
        WHERE actor_id = old.actor_id;
        DELETE FROM actor_counts WHERE actor_id = old.actor_id AND mentions <= 0;
    END;
    CREATE TRIGGER actor_counts_au AFTER UPDATE OF actor_id, doc_id ON mentions BEGIN
        UPDATE actor_counts SET mentions = mentions - 1, documents = documents - NOT EXISTS (
            SELECT 1 FROM mentions WHERE actor_id = old.actor_id AND doc_id = old.doc_id AND rowid <> new.rowid)
        WHERE actor_id = old.actor_id;
        DELETE FROM actor_counts WHERE actor_id = old.actor_id AND mentions <= 0;
        INSERT OR IGNORE INTO actor_counts(actor_id, mentions, documents) VALUES (new.actor_id, 0, 0);
        UPDATE actor_counts SET mentions = mentions + 1, documents = documents + NOT EXISTS (
            SELECT 1 FROM mentions WHERE actor_id = new.actor_id AND doc_id = new.doc_id AND rowid <> new.rowid)
        WHERE actor_id = new.actor_id;
    END;
    CREATE TABLE alias_counts (
        actor_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, alias)
    ) WITHOUT ROWID;
    INSERT INTO alias_counts(actor_id, alias, n) SELECT actor_id, alias, COUNT(*) FROM aliases GROUP BY actor_id, alias;
    CREATE TRIGGER alias_counts_ai AFTER INSERT ON aliases BEGIN
        INSERT OR IGNORE INTO alias_counts(actor_id, alias, n) VALUES (new.actor_id, new.alias, 0);
        UPDATE alias_counts SET n = n + 1 WHERE actor_id = new.actor_id AND alias = new.alias;
    END;
    CREATE TRIGGER alias_counts_ad AFTER DELETE ON aliases BEGIN
        UPDATE alias_counts SET n = n - 1 WHERE actor_id = old.actor_id AND alias = old.alias;
        DELETE FROM alias_counts WHERE actor_id = old.actor_id AND alias = old.alias AND n <= 0;
    END;
    CREATE TRIGGER alias_counts_au AFTER UPDATE OF actor_id, alias ON aliases BEGIN
        UPDATE alias_counts SET n = n - 1 WHERE actor_id = old.actor_id AND alias = old.alias;
        DELETE FROM alias_counts WHERE actor_id = old.actor_id AND alias = old.alias AND n <= 0;
        INSERT OR IGNORE INTO alias_counts(actor_id, alias, n) VALUES (new.actor_id, new.alias, 0);
        UPDATE alias_counts SET n = n + 1 WHERE actor_id = new.actor_id AND alias = new.alias;
    END;
    """,
    # 14: a claim's pair counted from an index alone (``events.group_tally``, ``group_voices``,
    # ``group_documents``, ``group_claim_dates``: ``analysis.check``): the columns that place an
    # event for a claim (type, stance, negation, mode), the curation ``live_events`` tests, and
    # those the counts read (document, attribution, kind of source, hedging, relay, date), after
    # the two ends, which ``check`` asks for as lists (the claim's actors and their branches).
    # events_pair is a prefix of it and goes.
    """
    DROP INDEX IF EXISTS events_pair;
    CREATE INDEX events_pair_claim ON events(source_id, target_id, type, stance, negated, mode, curation, doc_id,
                                             attributed_to, source_kind, hedged, via, date);
    """,
    # 15: conflicts that read a row per pair (issue 13), where they aggregated every event and every
    # REJECT's mentions of the store on each call.  conflict_voices is the multiset of voices
    # (outlet, attribution) of each pair's side (cooperative, hostile) over the events that count
    # (``_voiced``: live acts, not negated, both ends), with n events each; a voice comes with its
    # first event and goes with its last.  conflict_denials holds each denial of a pair (pair,
    # document, sentence start, REJECT id or 0 for a negated cooperative event), recomputed for a
    # document whenever one of its REJECTs or negated cooperative events, or a mention inside a
    # REJECT, is written, changed or removed, and for the documents of an actor whose id or
    # PERSON-ness changes (which REJECTs count depends on it).  conflict_pairs keeps each pair's
    # counts (events per side, voices per side from conflict_voices' triggers, distinct denied
    # sentences from conflict_denials'), from which ``conflict_pairs`` ranks.  An UPDATE of an
    # event (curation, a merge or split rewriting its ends) removes the old row's part and adds
    # the new one's.  ``conflict_sql.py`` builds the SQL.
    CONFLICTS_MIGRATION,
    # 16: the graph's edges kept by triggers as events are written, moved and removed (the graph page
    # and an actor's partners grouped every event of the store, or of a busy actor, on each call).
    # An edge is (source, target, stance) over live events with both ends known and distinct;
    # edge_types counts its events by negation and type (an actor's partners, and an edge's
    # types), edge_outlets its events that are not negated by outlet (``analysis.OUTLET_SQL``; a
    # document's outlet columns are never updated), and edges holds, per edge of those, the
    # distinct outlets (``weight``, its rows in edge_outlets) and events (``n``), with an
    # index in the graph's order (edges_target: the actors at an edge's
    # end).  events_edge (which replaces events_pair, its prefix) reads an edge's first event ids
    # from the index alone.  An event moved by a merge or split
    # (``source_id``/``target_id`` updated), rejected or confirmed (``curation``) leaves its old
    # edge and joins its new one; a row whose count reaches zero goes.  The same triggers keep
    # type_counts (live events per type), and triggers on documents keep outlet_documents (current
    # documents per outlet, as ``outlet_counts`` groups them): the filter form and ``stats`` read
    # a row per type and outlet.  ``edge_sql.py`` builds the trigger bodies.
    EDGE_MIGRATION,
    # 17: a denial's rows kept per event (issue 13), where migration 15 recomputed the whole
    # document's on every write of one of its REJECTs, negated cooperative events or mentions
    # inside a REJECT: a document with k REJECTs cost k recomputations of k, so writing and
    # removing it was quadratic in k.  Now a REJECT's rows come and go with it (a negated
    # cooperative event's row is keyed by -id, where 15 wrote 0, so that it too names its event),
    # a mention redoes only the REJECTs whose sentence holds it, and an actor whose id or
    # PERSON-ness changes still redoes the documents that depend on it.  ``conflict_sql.py``.
    DENIALS_MIGRATION,
    # 18: a claim's pair counted from kept rows (``analysis.check``: ``claim_reads.group_tally`` and
    # ``group_voices``), where each check grouped every event of the pair with its document and
    # actors (26,000 events for the busiest pair of 100,000 documents).  claim_voices counts the
    # live events with both ends known by what places them for a claim (source, target, type,
    # stance, negation, mode: ``claim_sql.GROUP_COLUMNS``) and by voice (the outlet's columns,
    # attribution, kind of source, hedging, relay; ``k`` holds them in one key), n events a row,
    # so a pair is a few index ranges of its primary key.  An event written or removed counts in
    # or out; an UPDATE of a column it depends on (a merge or split rewriting its ends or its
    # attribution, curation) counts the old row out and the new one in; a row whose count
    # reaches zero goes.  A document's outlet columns are never updated (as migration 16 has
    # it), and its events go before it (their foreign key).  claim_groups holds each group's
    # events (its rows summed), which ``group_tally`` reads.  events_claim replaces
    # events_pair_claim, whose voice columns the kept rows now count: a group's events in date
    # order, so that a bucket's first page reads a date range (``group_pages``), with the
    # curation and document for its documents counted from the index.  ``claim_sql.py`` builds
    # the SQL.
    CLAIM_MIGRATION,
    # 19: a pair's evidence lists read from an index range in their order (``EventReads.pair_evidence``,
    # ``store/sqlite/evidence.py``), where ``conflicts`` ranked every event of each pair it shows:
    # events_pair_voice holds a pair's events by stance and negation in date, document, start and
    # id order, with what the choice reads (attribution, mode, curation; the ends, which the pair
    # expressions name), and events_pair_moded, partial, those with a mode (the intentions are
    # among them), so the few intentions of a pair are found without reading its acts.
    # ``framing`` read every label of an actor with its document's row, sorted, and grouped every
    # document that mentions it by outlet: labels_actor_label gives a label's outlet grouping from
    # the index and the documents' covering index (``DocumentReads.label_groups``), and
    # actor_outlets (``framing_sql.py``) keeps the documents mentioning each actor per outlet, by
    # triggers on mentions (and on a document's outlet columns), so ``outlets_mentioning`` reads
    # a row per outlet.
    f"""
    {ACTOR_OUTLETS}
    CREATE INDEX labels_actor_label ON labels(actor_id, label, doc_id, start);
    CREATE INDEX events_pair_voice ON events(min(source_id, target_id), max(source_id, target_id), stance, negated, date, doc_id,
                                             start, id, attributed_to, mode, curation, source_id, target_id);
    CREATE INDEX events_pair_moded ON events(min(source_id, target_id), max(source_id, target_id), stance, negated, date, doc_id,
                                             start, id, attributed_to, mode, curation, source_id, target_id) WHERE mode <> '';
    """,
    # 20: nothing: PostgreSQL's 20 indexes what it counts when asked, which SQLite reads from the
    # kept rows of migrations 13 and 16.
    "SELECT 1",
    # 21: nothing: PostgreSQL's 21 keeps this back end's migration 16 tables, by deltas folded at
    # commit (``store/postgres/edge_sql.py``).
    "SELECT 1",
    # 22: nothing: PostgreSQL's 22 keeps this back end's actor_counts (migration 13) the same way.
    "SELECT 1",
    # 23: nothing: PostgreSQL's 23 keeps this back end's conflict tables (migrations 15 and 17) the
    # same way (``store/postgres/conflict_sql.py``).
    "SELECT 1",
    # 24: nothing: PostgreSQL's 24 keeps this back end's claim_voices and claim_groups (migration
    # 18) the same way (``store/postgres/claim_sql.py``).
    "SELECT 1",
    # 25: nothing: PostgreSQL's 25 keeps what is left of this back end's 18 and 19 there
    # (norm_counts, actor_outlets and the events_claim index: ``store/postgres/actor_sql.py``).
    "SELECT 1",
    # 26: nothing: PostgreSQL's 26 indexes the URL by its hash (its B-tree rows are limited in size;
    # SQLite's are not).
    "SELECT 1",
    # 27: nothing: PostgreSQL's 27 gives a document's outlet by its id from an index, as
    # documents_outlet does here (migration 3).
    "SELECT 1",
    # 28: a label carries its document's outlet key and date (kept so by triggers,
    # ``framing_sql.LABEL_OUTLETS``), and labels_actor_label orders an actor's labels by outlet,
    # wording and then as ``labels_with_paths`` does: ``label_groups`` reads the labels alone,
    # where it joined each of a busy actor's 30,000 to its document (78 ms at 100,000 documents).
    LABEL_OUTLETS,
]

SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
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


_statements = statements  # the name the tests know


def schema_version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row else 0


def _too_new(path: str, current: int) -> StoreError:
    return StoreError(f"store {path!r} has schema {current}, newer than this claimgraph ({SCHEMA_VERSION}); upgrade claimgraph")


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Apply the pending migrations (the caller holds the write transaction)."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise _too_new(path, current)
    for version in range(current, SCHEMA_VERSION):
        for stmt in statements(MIGRATIONS[version]):
            conn.execute(stmt)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(version + 1),))


def check_current(conn: sqlite3.Connection, path: str) -> None:
    """A read-only open runs no migration: a store of another schema is refused in one line."""
    try:
        current = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read store {path!r}: {exc}") from exc
    if current > SCHEMA_VERSION:
        raise _too_new(path, current)
    if current == 0:
        raise StoreError(f"{path!r} is not a claimgraph store (no schema); `claimgraph ingest PATH --db {path}` creates one")
    if current < SCHEMA_VERSION:
        raise StoreError(f"store {path!r} has schema {current}, older than this claimgraph ({SCHEMA_VERSION});"
                         f" run `claimgraph --db {path} reprocess` once to upgrade it (queries open the store read-only)")
