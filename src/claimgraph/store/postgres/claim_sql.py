"""Migration 24's text for PostgreSQL: SQLite's ``claim_voices`` and ``claim_groups`` (its
migration 18: a claim's ordered pair counted by what places an event for a claim, and by that and
who says it), kept by the deltas of migration 21 (``edge_sql.py`` says why): an event's voice is a
±1 delta, and the fold adds the voices' net changes to ``claim_voices`` and, summed by group, to
``claim_groups``.  ``k`` is the voice in one key column, as in SQLite (here ``quote_nullable``
tells NULL from ''); the reads group by the columns beside it, never by ``k``."""
from __future__ import annotations

from ..sqlite.claim_sql import CLAIM_COLUMNS, GROUP_COLUMNS
from ..sqlite.kept_sql import outlet_parts
from .conflict_sql import CONFLICT_DELTAS, FOLD_CONFLICTS
from .edge_sql import FOLD_ACTORS, T, delta_triggers, deltas_ready, fold_now, keyed_deletes, only_if

_GROUP = [c.strip() for c in GROUP_COLUMNS.split(",")]
_VOICE = ["source", "path", "title", "doc_id", "attributed_to", "source_kind", "hedged", "via"]
_OUTLET = outlet_parts("d")  # the voice's first four columns: the document's outlet
_EVENT_VOICE = [*_OUTLET, "e.attributed_to", "e.source_kind", "e.hedged", "e.via"]
_KEY = " || chr(31) || ".join(f"quote_nullable({c})" for c in _EVENT_VOICE)
_COUNTED = "e.source_id IS NOT NULL AND e.target_id IS NOT NULL AND e.curation IS DISTINCT FROM 'rejected'"
_COLUMNS = ", ".join([*_GROUP, "k", *_VOICE])


def _event_deltas(rows: str, n: str) -> str:
    """The voices of the events ``rows`` (a FROM item, alias ``e``), ``n`` each group."""
    group = ", ".join(f"e.{c}" for c in _GROUP)
    return f"""
        INSERT INTO pg_temp.claim_voice_deltas({_COLUMNS}, n)
            SELECT {group}, {_KEY}, {', '.join(_EVENT_VOICE)}, {n} FROM {rows} JOIN documents d ON d.id = e.doc_id
            WHERE {_COUNTED} GROUP BY {', '.join(str(i) for i in range(1, 16))};"""


CLAIM_DELTAS = {**CONFLICT_DELTAS,
                "claim_voice_deltas": "LIKE claim_voices",
                "fold_claim_voices": "LIKE claim_voices"}

_ON_VOICE = " AND ".join(f"t.{c} = f.{c}" for c in [*_GROUP, "k"])
_ON_GROUP = " AND ".join(f"t.{c} = f.{c}" for c in _GROUP)
_GROUPED = ", ".join(_GROUP)

FOLD_CLAIMS = only_if("claim_voice_deltas", f"""
        DELETE FROM fold_claim_voices;
        WITH d AS (DELETE FROM pg_temp.claim_voice_deltas RETURNING *)
        INSERT INTO fold_claim_voices({_COLUMNS}, n)
            SELECT {_GROUPED}, k, {', '.join(f'min({c})' for c in _VOICE)}, SUM(n) FROM d
            GROUP BY {_GROUPED}, k HAVING SUM(n) <> 0;
        INSERT INTO claim_voices AS t({_COLUMNS}, n)
            SELECT {_COLUMNS}, n FROM fold_claim_voices ORDER BY {_GROUPED}, k
            ON CONFLICT ({_GROUPED}, k) DO UPDATE SET n = t.n + excluded.n;
        DELETE FROM claim_voices t USING fold_claim_voices f WHERE {_ON_VOICE} AND t.n <= 0;
        INSERT INTO claim_groups AS t({_GROUPED}, n)
            SELECT {_GROUPED}, SUM(n) FROM fold_claim_voices GROUP BY {_GROUPED} ORDER BY {_GROUPED}
            ON CONFLICT ({_GROUPED}) DO UPDATE SET n = t.n + excluded.n;
        DELETE FROM claim_groups t USING (SELECT DISTINCT {_GROUPED} FROM fold_claim_voices) f WHERE {_ON_GROUP} AND t.n <= 0;""")


#: every kept table's fold as of migration 24 (the text of ``claimgraph_fold_now``)
FOLD_24 = keyed_deletes(fold_now(FOLD_ACTORS + FOLD_CONFLICTS + FOLD_CLAIMS))

#: claim_voices' rows as grouping every event gives them (the backfill; the tests compare)
RECOUNT = (f"SELECT {', '.join(f'e.{c}' for c in _GROUP)}, {_KEY}, {', '.join(_EVENT_VOICE)}, COUNT(*)"
           f" FROM events e JOIN documents d ON d.id = e.doc_id WHERE {_COUNTED} GROUP BY {', '.join(str(i) for i in range(1, 16))}")

CLAIMS_MIGRATION = f"""
    CREATE TABLE claim_voices (
        source_id {T} NOT NULL, target_id {T} NOT NULL, type {T} NOT NULL, stance {T} NOT NULL,
        negated INTEGER NOT NULL, mode {T} NOT NULL,
        k {T} NOT NULL,
        source {T}, path {T}, title {T}, doc_id {T},
        attributed_to {T}, source_kind {T} NOT NULL, hedged INTEGER NOT NULL, via {T},
        n INTEGER NOT NULL,
        PRIMARY KEY ({_GROUPED}, k)
    );
    CREATE TABLE claim_groups (
        source_id {T} NOT NULL, target_id {T} NOT NULL, type {T} NOT NULL, stance {T} NOT NULL,
        negated INTEGER NOT NULL, mode {T} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY ({_GROUPED})
    );
    INSERT INTO claim_voices({_COLUMNS}, n) {RECOUNT};
    INSERT INTO claim_groups({_GROUPED}, n) SELECT {_GROUPED}, SUM(n) FROM claim_voices GROUP BY {_GROUPED};
    CREATE OR REPLACE FUNCTION {deltas_ready(CLAIM_DELTAS)}
    {delta_triggers("events", CLAIM_COLUMNS, "claimgraph_claim_event_deltas", "claimgraph_claim_events_inserted", _event_deltas, "e")}
    CREATE OR REPLACE FUNCTION {FOLD_24}
"""
