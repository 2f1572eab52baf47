"""Migration 18's text: ``claim_groups`` and ``claim_voices``, the events of each ordered actor
pair counted by what places them for a claim, and by that and who says them, and the triggers on ``events`` that keep it equal
to grouping the live events (``schema.py`` says why).  Built here, as ``edge_sql.py`` builds
migration 16, so that the insert, delete and update triggers share one statement per step."""
from __future__ import annotations

from .kept_sql import event_triggers, outlet_parts

#: what places an event for a claim (``analysis.check``: ``claim_reads.GROUP_COLUMNS``), the leading
#: columns of the table and of its primary key
GROUP_COLUMNS = "source_id, target_id, type, stance, negated, mode"

#: a document's outlet as the four columns ``claim_reads`` groups by (``events.OUTLET_COLUMNS``;
#: ``analysis.evidence.outlet_of`` reads them back)
_OUTLET_PARTS = tuple(outlet_parts("d"))

#: the columns events put into a voice, after the outlet's four
_VOICE_COLUMNS = ("attributed_to", "source_kind", "hedged", "via")

#: every event column a row of claim_voices depends on (an UPDATE of one moves the event)
CLAIM_COLUMNS = f"{GROUP_COLUMNS}, curation, doc_id, attributed_to, source_kind, hedged, via"


def _counted(p: str) -> str:
    """The event ``p`` (new, old or an alias) is counted: both ends known, not rejected.  An
    actor at both ends counts too: ``check`` asks for any two lists of actors."""
    return f"{p}.source_id IS NOT NULL AND {p}.target_id IS NOT NULL AND {p}.curation IS NOT 'rejected'"


def _voice(p: str) -> list[str]:
    """The voice of event ``p`` with its document as ``d``: the outlet's columns, then the event's."""
    return [*_OUTLET_PARTS, *(f"{p}.{c}" for c in _VOICE_COLUMNS)]


def _k(p: str) -> str:
    """The voice in one key column (``quote`` tells NULL from '' and 1 from '1')."""
    return " || char(31) || ".join(f"quote({x})" for x in _voice(p))


def _group(p: str) -> str:
    return ", ".join(f"{p}.{c.strip()}" for c in GROUP_COLUMNS.split(","))


def _match(p: str) -> str:
    """The row of claim_voices that counts event ``p``."""
    cols = " AND ".join(f"{c.strip()} = {p}.{c.strip()}" for c in GROUP_COLUMNS.split(","))
    return f"{cols} AND k = (SELECT {_k(p)} FROM documents d WHERE d.id = {p}.doc_id)"


_INSERT = ("INSERT INTO claim_voices(source_id, target_id, type, stance, negated, mode, k, source, path, title, doc_id,"
           " attributed_to, source_kind, hedged, via, n)")


def add(p: str) -> str:
    """Count the event ``p`` in: its group's row and its voice's (one upsert each)."""
    return f"""
        INSERT INTO claim_groups({GROUP_COLUMNS}, n) VALUES ({_group(p)}, 1)
            ON CONFLICT({GROUP_COLUMNS}) DO UPDATE SET n = n + 1;
        {_INSERT}
            SELECT {_group(p)}, {_k(p)}, {', '.join(_voice(p))}, 1 FROM documents d WHERE d.id = {p}.doc_id
            ON CONFLICT({GROUP_COLUMNS}, k) DO UPDATE SET n = n + 1;"""


def sub(p: str) -> str:
    """Count the event ``p`` out; a row that reaches zero goes."""
    group = " AND ".join(f"{c.strip()} = {p}.{c.strip()}" for c in GROUP_COLUMNS.split(","))
    return f"""
        UPDATE claim_groups SET n = n - 1 WHERE {group};
        DELETE FROM claim_groups WHERE {group} AND n <= 0;
        UPDATE claim_voices SET n = n - 1 WHERE {_match(p)};
        DELETE FROM claim_voices WHERE {_match(p)} AND n <= 0;"""


#: each (normalised alias, actor) with the ``aliases`` rows (one a document) that hold it: which
#: actor a typed name means most often (``actors.NORM_USES``: a claim's actors) reads a row per
#: actor of the name, where counting the rows read a busy name's tens of thousands
NORM_MIGRATION = """
    CREATE TABLE norm_counts (
        norm TEXT NOT NULL, actor_id TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (norm, actor_id)
    ) WITHOUT ROWID;
    INSERT INTO norm_counts(norm, actor_id, n) SELECT norm, actor_id, COUNT(*) FROM aliases GROUP BY norm, actor_id;
    CREATE TRIGGER norm_counts_ai AFTER INSERT ON aliases BEGIN
        INSERT INTO norm_counts(norm, actor_id, n) VALUES (new.norm, new.actor_id, 1)
            ON CONFLICT(norm, actor_id) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER norm_counts_ad AFTER DELETE ON aliases BEGIN
        UPDATE norm_counts SET n = n - 1 WHERE norm = old.norm AND actor_id = old.actor_id;
        DELETE FROM norm_counts WHERE norm = old.norm AND actor_id = old.actor_id AND n <= 0;
    END;
    CREATE TRIGGER norm_counts_au AFTER UPDATE OF norm, actor_id ON aliases BEGIN
        UPDATE norm_counts SET n = n - 1 WHERE norm = old.norm AND actor_id = old.actor_id;
        DELETE FROM norm_counts WHERE norm = old.norm AND actor_id = old.actor_id AND n <= 0;
        INSERT INTO norm_counts(norm, actor_id, n) VALUES (new.norm, new.actor_id, 1)
            ON CONFLICT(norm, actor_id) DO UPDATE SET n = n + 1;
    END;
"""


CLAIM_MIGRATION = NORM_MIGRATION + f"""
    DROP INDEX IF EXISTS events_pair_claim;
    CREATE INDEX events_claim ON events({GROUP_COLUMNS}, date, curation, doc_id);
    CREATE TABLE claim_voices (
        source_id TEXT NOT NULL, target_id TEXT NOT NULL, type TEXT NOT NULL, stance TEXT NOT NULL,
        negated INTEGER NOT NULL, mode TEXT NOT NULL,
        k TEXT NOT NULL,
        source TEXT, path TEXT, title TEXT, doc_id TEXT,
        attributed_to TEXT, source_kind TEXT NOT NULL, hedged INTEGER NOT NULL, via TEXT,
        n INTEGER NOT NULL,
        PRIMARY KEY ({GROUP_COLUMNS}, k)
    ) WITHOUT ROWID;
    CREATE TABLE claim_groups (
        source_id TEXT NOT NULL, target_id TEXT NOT NULL, type TEXT NOT NULL, stance TEXT NOT NULL,
        negated INTEGER NOT NULL, mode TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY ({GROUP_COLUMNS})
    ) WITHOUT ROWID;
    {_INSERT}
        SELECT {_group('e')}, {_k('e')}, {', '.join(_voice('e'))}, COUNT(*)
          FROM events e JOIN documents d ON d.id = e.doc_id WHERE {_counted('e')}
         GROUP BY {', '.join(str(i) for i in range(1, 16))};
    INSERT INTO claim_groups({GROUP_COLUMNS}, n) SELECT {GROUP_COLUMNS}, SUM(n) FROM claim_voices GROUP BY {GROUP_COLUMNS};
    {event_triggers('claim_voices', CLAIM_COLUMNS, _counted, add, sub)}
"""
