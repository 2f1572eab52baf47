"""Event reads for PostgreSQL: the shared ones (``store/sqlite/events.py``), with the pair
reads written with LEAST/GREATEST (SQLite's two-argument min/max)."""
from __future__ import annotations

from ..rows import EventRow
from .connection import kept
from ..sqlite.claim_reads import ClaimReads as SQLiteClaimReads
from ..sqlite.analysis import ACT_SQL, OUTLET_SQL
from ..sqlite.events import EVENTS, event_select
from ..sqlite.events import EventReads as SQLiteEventReads

# both ends known (LEAST ignores a NULL, SQLite's min returns it), ordered as a pair
PAIR_SQL = "e.source_id IS NOT NULL AND e.target_id IS NOT NULL AND LEAST(e.source_id, e.target_id) = ? AND GREATEST(e.source_id, e.target_id) = ?"


class EventReads(SQLiteEventReads):
    PAIR_SQL = PAIR_SQL
    NO_LIMIT = None
    actor_partners = kept(SQLiteEventReads.actor_partners)  # from migration 21's edge_types
    # The same order, by an expression (``|| ''`` changes no date, and a NULL stays NULL), so that
    # the planner reads the ends' ranges and sorts their rows: ordered by ``e.date`` itself, with a
    # LIMIT, it walked ``events_date`` from the undated events on, testing each for the actor
    # (450 ms for a busy actor's page at 800,000 events, 3 s cold; 20 ms read by the ranges).
    ARMS_ORDER = " ORDER BY e.date || '', e.doc_id, e.start"

    def pair_events(self, a: str, b: str, per_stance: int | None = None) -> list[EventRow]:
        lo, hi = sorted((a, b))
        where = f"WHERE {PAIR_SQL}"
        if not per_stance:
            return self._event_rows(f"{event_select()} {where} ORDER BY e.date, e.doc_id, e.start", (lo, hi))
        sql = f"""
        WITH ranked AS (
          SELECT x.id, ROW_NUMBER() OVER (PARTITION BY x.stance, x.negated, x.act ORDER BY x.per_voice, x.date, x.doc_id, x.start, x.id) AS rn
          FROM (SELECT e.id, e.stance, e.negated, {ACT_SQL} AS act, e.date, e.doc_id, e.start,
                       ROW_NUMBER() OVER (PARTITION BY e.stance, e.negated, {ACT_SQL}, {OUTLET_SQL}, e.attributed_to
                                          ORDER BY e.date, e.doc_id, e.start, e.id) AS per_voice
                FROM {EVENTS} e JOIN @DOCS ON d.id = e.doc_id {where}) x
        )
        {event_select()} JOIN ranked ON ranked.id = e.id WHERE ranked.rn <= ?
        ORDER BY e.date, e.doc_id, e.start
        """
        return self._event_rows(sql, (lo, hi, per_stance))

    def _side_voices(self, a: str, b: str, stance: str, k: int) -> None:
        """No kept voices here (schema migration 15): a list is read to its end or its ``k``-th voice."""
        return None


class ClaimReads(SQLiteClaimReads):
    """A claim's pair grouped from the live events when asked (no kept counts: schema migration 18)."""
    KEY_JOIN = "JOIN"  # PostgreSQL takes no ON after a CROSS JOIN, and plans from its statistics
