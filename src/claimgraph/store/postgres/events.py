"""Event reads for PostgreSQL: the shared ones (``store/sqlite/events.py``), with the pair
reads written with LEAST/GREATEST (SQLite's two-argument min/max)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import EventRow
from .connection import kept
from ..sqlite.claim_reads import GROUP_COLUMNS, KeptClaimReads, _values
from ..sqlite.analysis import ACT_SQL, OUTLET_SQL
from ..sqlite.events import EVENTS, event_select
from ..sqlite.events import EventReads as SQLiteEventReads

# both ends known (LEAST ignores a NULL, SQLite's min returns it), ordered as a pair
PAIR_SQL = "e.source_id IS NOT NULL AND e.target_id IS NOT NULL AND LEAST(e.source_id, e.target_id) = ? AND GREATEST(e.source_id, e.target_id) = ?"


_SEPARATOR, _NULL = "\x1f", "\x1e"  # ASCII's unit separator, and its record separator for a NULL


def _array(values: list[Any], sqltype: str) -> tuple[str, Any]:
    """A column of values as one argument typed ``sqltype[]``: joined by ``_SEPARATOR`` into one
    string, which the server splits (``string_to_array``).  psycopg dumps a list element by
    element, in Python: a busy pair's ``check`` passed 64 lists of up to 288, 17 ms of its 133.
    A list as it is where joining could not be split back: a value holding the separator or
    equal to the NULL mark, or a single empty string (which splits into no element at all)."""
    texts = [_NULL if v is None else str(int(v)) if sqltype == "INTEGER" else str(v) for v in values]
    if texts == [""] or any(_SEPARATOR in t or (t == _NULL and v is not None) for t, v in zip(texts, values)):
        return f"CAST(? AS {sqltype}[])", values
    return f"CAST(string_to_array(?, chr(31), chr(30)) AS {sqltype}[])", _SEPARATOR.join(texts)


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

    @staticmethod
    def _limit_date(arms: list[tuple[str, list[Any]]], where: str, where_args: list[Any], limit: int) -> tuple[str, list[Any]]:
        """SQLite's statement from the first ``limit`` dates of each arm: PostgreSQL 15 does not
        merge a UNION ALL's ordered index ranges, so the union of a busy actor's two ends was sorted
        whole (120,000 dates each, 20-45 ms); an arm's first ``limit`` read along its index take
        0.05 ms, and the ``limit``-th of all is among them."""
        firsts = " UNION ALL ".join(f"SELECT * FROM (SELECT e.date AS date FROM {EVENTS} e WHERE {w}{where} ORDER BY e.date LIMIT ?) a{i}"
                                    for i, (w, _) in enumerate(arms))
        return (f"SELECT u.date FROM ({firsts}) u ORDER BY 1 LIMIT 1 OFFSET ?",
                [*(a for _, xs in arms for a in [*xs, *where_args, limit]), limit - 1])

    #: the same test, its first term one that the planner estimates (``instr(...) = 0`` it takes for
    #: 0.5 % of the rows, so it sorted a busy pair's whole list, 56 ms, where the index walk reads
    #: its first page in 2)
    ACT_READ = "(e.mode = '' OR {act})"

    #: the first page of an ordered read, and how much each next one grows
    FIRST_PAGE, PAGE_GROWTH = 64, 4

    def _rows_in_order(self, sql: str, args: list[Any]) -> Iterator[tuple]:
        """The rows of ``sql`` (ordered) page by page (``LIMIT``/``OFFSET``, each page
        ``PAGE_GROWTH`` times the last): psycopg's cursor fetches a whole result at once, so a
        list of a busy pair came over whole (13,000 rows, 60 ms) when its first voices settle the
        choice; growing pages read at most about 4/3 of the rows needed beyond the first page."""
        at, size = 0, self.FIRST_PAGE
        while True:
            page = self._run(f"{sql} LIMIT ? OFFSET ?", [*args, size, at]).fetchall()
            yield from page
            if len(page) < size:
                return
            at, size = at + size, size * self.PAGE_GROWTH

    # every voice of a side from migration 23's conflict_voices (SQLite's statement), so that a
    # list of fewer than ``k`` voices is read only until each has its events, not to its end
    _side_voices = kept(SQLiteEventReads._side_voices)


class ClaimReads(KeptClaimReads):
    """A claim's pair counted from claim_groups and claim_voices (migration 24), as SQLite's are."""
    KEY_JOIN = "JOIN"  # PostgreSQL takes no ON after a CROSS JOIN, and plans from its statistics
    _KEY_TYPES = ("TEXT", "TEXT", "TEXT", "INTEGER", "TEXT", "TEXT", "TEXT", "TEXT")  # bucket, GROUP_COLUMNS, bound

    @staticmethod
    def _keys(buckets: dict[str, list[str]], extra: dict[str, Any] | None = None, name: str = "k") -> tuple[str, list[Any]]:
        """SQLite's ``_keys`` table as ``unnest`` of one array a column: eight arguments, where a
        busy pair's ``VALUES`` list had 2,300 (288 groups), which psycopg parsed each time (its
        query cache stops at 50 arguments) and the server bound one by one, 10-25 ms a read of
        ``check``."""
        columns: list[list[Any]] = [[] for _ in ClaimReads._KEY_TYPES]
        for bucket, keys in buckets.items():
            for key in keys:
                for column, value in zip(columns, (bucket, *_values(key), (extra or {}).get(bucket))):
                    column.append(value)
        arrays, args = [], []
        for column, sqltype in zip(columns, ClaimReads._KEY_TYPES):
            sql, arg = _array(column, sqltype)
            arrays.append(sql)
            args.append(arg)
        return f"{name}(bucket, {', '.join(GROUP_COLUMNS)}, bound) AS (SELECT * FROM unnest({', '.join(arrays)}))", args
    group_tally = kept(KeptClaimReads.group_tally)
    group_voices = kept(KeptClaimReads.group_voices)
