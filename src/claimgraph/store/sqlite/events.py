"""Event reads.  The event SELECT (an event with its actors' names and its document's
metadata) is written here once; every read of event rows goes through ``event_select``."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..rows import EventRow, TimelineQuery
from .connection import chunks, marks
from .evidence import first_per_voice
from .kept_sql import outlet_parts

#: The events every read sees: ``live_events`` (a view, schema.py) leaves out the events a user
#: rejected (``events.curation``); only writes, and reads that ask for them, use the table.
EVENTS = "live_events"

EVENT_COLUMNS = (
    "e.*, s.name AS source_name, t.name AS target_name, w.name AS attributed_name, COALESCE(v.name, e.via) AS via_name,"
    " d.source AS outlet, d.published, d.title, d.path"
)


def event_from(docs: str = "@DOCS", events: str = EVENTS) -> str:
    return f" FROM {events} e{event_joins(docs)}"


def event_joins(docs: str = "@DOCS") -> str:
    """What an event row ``e`` is joined with: its actors' names and its document."""
    return (" LEFT JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id"
            f" LEFT JOIN actors w ON w.id = e.attributed_to LEFT JOIN actors v ON v.id = e.via JOIN {docs} ON d.id = e.doc_id")


def event_select(*, with_url: bool = False, docs: str = "@DOCS", include_rejected: bool = False) -> str:
    """``SELECT <event row> FROM ...``; ``docs`` is the documents table as ``d`` (``@DOCS``: through
    the covering index; ``with_url`` needs the table itself, as the index has no url).  Rejected
    events are left out unless ``include_rejected``."""
    events = "events" if include_rejected else EVENTS
    if with_url:
        return f"SELECT {EVENT_COLUMNS}, d.url{event_from('documents d', events)}"
    return f"SELECT {EVENT_COLUMNS}{event_from(docs, events)}"


#: timeline order, as ``analysis.evidence.sort_key`` (a year sorts before the days of that year:
#: "2015" < "2015-03" < "2015-03-09" as text)
TIMELINE_ORDER = "e.date, COALESCE(d.published, '9999'), e.doc_id, e.id"

#: the order of a pair's evidence lists (``pair_evidence``; ``pair_events`` without the id), along ``events_pair_voice``
PAIR_ORDER = "e.date, e.doc_id, e.start, e.id"

#: a document's outlet as four columns to group by, read back by ``analysis.evidence.outlet_of``:
#: ``source``; ``path`` when there is none, then ``title``, then ``doc_id`` (an empty one counts as none)
OUTLET_COLUMNS = ", ".join(f"{c} AS {name}" for c, name in zip(outlet_parts("d"), ("source", "path", "title", "doc_id")))


def date_and_type_terms(since: str | None, until: str | None, types) -> tuple[list[str], list[Any]]:
    """WHERE terms, with their arguments, for events dated on or after ``since``, on or before
    ``until`` (a year or a month counting whole), of one of ``types`` (PLOVER, any case)."""
    where: list[str] = []
    args: list[Any] = []
    if since:
        where.append("e.date >= ?")
        args.append(since)
    if until:
        where.append("substr(e.date, 1, length(?)) <= ?")
        args += [until, until]
    if types:
        wanted = sorted({t.upper() for t in types})
        where.append(f"e.type IN ({marks(len(wanted))})")
        args += wanted
    return where, args


def event_rows(cursor) -> Iterator[EventRow]:
    """The rows of ``event_select`` on ``cursor`` as ``EventRow``s: ``mode`` (stored
    space-separated) as a list.  Each is made from the row's values and the cursor's column names,
    twice as fast as a ``dict`` of the row, which looks every name up (a page of conflicts has
    thousands)."""
    names = [c[0] for c in cursor.description or ()]
    for r in cursor:
        row = dict(zip(names, r))
        row["mode"] = (row.get("mode") or "").split()
        yield row


# an actor's partners (``actor_partners``): ``{rows}`` gives (other, stance, n) for actor ``?``
# (twice: as source, then as target), from the kept edges (SQLite's migration 16, PostgreSQL's 21)
PARTNERS_SQL = (
    "SELECT x.other AS id, a.name, SUM(CASE WHEN x.stance = 'cooperative' THEN x.n ELSE 0 END) AS cooperative,"
    " SUM(CASE WHEN x.stance = 'hostile' THEN x.n ELSE 0 END) AS hostile,"
    " SUM(CASE WHEN x.stance IN ('cooperative', 'hostile') THEN 0 ELSE x.n END) AS other, SUM(x.n) AS events FROM ({rows})"
    " x LEFT JOIN actors a ON a.id = x.other GROUP BY x.other, a.name ORDER BY events DESC, a.name")
PARTNER_EDGES = ("SELECT target_id AS other, stance, n FROM edge_types WHERE source_id = ? AND target_id <> ?"
                 " UNION ALL SELECT source_id, stance, n FROM edge_types WHERE target_id = ? AND source_id <> ?")


class EventReads:
    #: the order of an actor's first events read by both ends' date ranges (PostgreSQL's says why)
    ARMS_ORDER = " ORDER BY e.date, e.doc_id, e.start"

    def events(self, actor: str | None = None, between: tuple[str, str] | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, limit: int | None = None, *,
               both_ends: bool = False, date_origins: tuple[str, ...] = ()) -> list[EventRow]:
        """Events, filtered by actor (either end; any alias), pair, type and date, in date order
        (undated first); with ``both_ends`` only those whose source and target are known, with
        ``date_origins`` only those whose date came so (``events.date_origin``).  An actor's first
        ``limit`` are read as ``timeline_events`` reads a page: the date they end at first."""
        where, args = self._event_filters(type, since, until, both_ends, date_origins)
        if limit and not actor and not between:
            # the first ids alone, then their rows: joined to their names and documents before the
            # sort, every event of the first date was (PostgreSQL at 100,000 documents: 4,300 rows
            # joined for 6, 15 ms against 3)
            ids = [r[0] for r in self._run(f"SELECT e.id FROM {EVENTS} e WHERE 1=1{where} ORDER BY e.date, e.doc_id, e.start LIMIT ?",
                                           [*args, limit])]
            return self.events_by_ids(ids)
        sql = event_select(docs="documents d") + " WHERE 1=1" + where
        arms = False
        if actor:
            aid = self.find_actor(actor)["id"]
            bound, bound_args = "", []
            if limit and not between:
                bound = self._date_bound([("e.source_id = ?", [aid]), ("e.target_id = ? AND e.source_id IS NOT ?", [aid, aid])],
                                         where, list(args), limit, bound_args)
            arms = bound.endswith("<= ?)")
            if arms:  # each end's range along its date index (an OR outside them read every event)
                sql += (" AND ((e.source_id = ? AND e.date IS NULL) OR (e.source_id = ? AND e.date <= ?)"
                        " OR (e.target_id = ? AND e.date IS NULL) OR (e.target_id = ? AND e.date <= ?))")
                args += [aid, aid, *bound_args, aid, aid, *bound_args]
            else:
                sql += bound + " AND (e.source_id = ? OR e.target_id = ?)"
                args += [aid, aid]
        if between:
            a, b = (self.find_actor(x)["id"] for x in between)
            sql += " AND ((e.source_id = ? AND e.target_id = ?) OR (e.source_id = ? AND e.target_id = ?))"
            args += [a, b, b, a]
        sql += self.ARMS_ORDER if arms else " ORDER BY e.date, e.doc_id, e.start"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        return self._event_rows(sql, args)

    def _date_bound(self, arms: list[tuple[str, list[Any]]], where: str, where_args: list[Any], limit: int,
                    out_args: list[Any]) -> str:
        """`` AND <date at most the limit-th's>`` for a read of the first ``limit`` events of these
        arms (each an index range in date order, undated first), its argument appended to
        ``out_args``; "" when there are fewer."""
        last = self._run(*self._limit_date(arms, where, where_args, limit)).fetchone()
        if last is None:
            return ""
        if last[0] is None:
            return " AND e.date IS NULL"
        out_args.append(last[0])
        return " AND (e.date IS NULL OR e.date <= ?)"

    @staticmethod
    def _limit_date(arms: list[tuple[str, list[Any]]], where: str, where_args: list[Any], limit: int) -> tuple[str, list[Any]]:
        """The statement (and its arguments) of ``_date_bound``: the ``limit``-th date of the arms'
        events together, undated first."""
        return (" UNION ALL ".join(f"SELECT e.date AS date FROM {EVENTS} e WHERE {w}{where}" for w, _ in arms)
                + " ORDER BY 1 LIMIT 1 OFFSET ?", [*(a for _, xs in arms for a in [*xs, *where_args]), limit - 1])

    @staticmethod
    def _event_filters(type: str | None, since: str | None, until: str | None, both_ends: bool,
                       date_origins: tuple[str, ...]) -> tuple[str, list[Any]]:
        sql, args = "", []
        if both_ends:
            sql += " AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
        if date_origins:
            sql += f" AND e.date_origin IN ({marks(len(date_origins))})"
            args += list(date_origins)
        where, more = date_and_type_terms(since, until, (type,) if type else ())
        return sql + "".join(f" AND {w}" for w in where), args + more

    def events_by_ids(self, ids: Iterable[int], *, with_url: bool = False, include_rejected: bool = False) -> list[EventRow]:
        """Event rows in the order of ``ids`` (each once; unknown ids, and rejected events unless
        ``include_rejected``, are left out)."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        found: dict[int, EventRow] = {}
        for chunk in chunks(ids):
            for r in event_rows(self._run(f"{event_select(with_url=with_url, include_rejected=include_rejected)} WHERE e.id IN ({marks(len(chunk))})", chunk)):
                found[r["id"]] = r
        return [found[i] for i in ids if i in found]

    def denials_answering(self, ids: Iterable[int]) -> list[int]:
        """Ids of the denials (REJECT events, not negated) whose ``answers`` is one of ``ids``."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        out: list[int] = []
        for chunk in chunks(ids):
            out += [r[0] for r in self._run(f"SELECT id FROM {EVENTS} WHERE answers IN ({marks(len(chunk))}) AND negated = 0 ORDER BY id", chunk)]
        return sorted(set(out))

    def events_of_document(self, doc_id: str, *, include_rejected: bool = False) -> list[EventRow]:
        """A document's events by position (its rejected ones too with ``include_rejected``)."""
        return self._event_rows(f"{event_select(with_url=True, include_rejected=include_rejected)} WHERE e.doc_id = ? ORDER BY e.start, e.id", (doc_id,))

    def pair_events(self, a: str, b: str, per_stance: int | None = None) -> list[EventRow]:
        """Every event between actor ids ``a`` and ``b``, either direction.  With ``per_stance``, at
        most that many per (stance, negated, act or not), chosen round-robin over voices (outlet and
        attribution) so that every voice is represented before any speaks twice."""
        from .analysis import ACT_SQL, OUTLET_SQL

        lo, hi = sorted((a, b))
        where = "WHERE min(e.source_id, e.target_id) = ? AND max(e.source_id, e.target_id) = ?"
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

    def pair_evidence(self, a: str, b: str, k: int | None = None, *, with_url: bool = False) -> list[EventRow]:
        """The events between actor ids ``a`` and ``b`` (either direction) that ``conflicts``
        lists: of the cooperative acts, the hostile acts, the negated cooperative acts and the
        intentions of each stance and negation (events that are not acts), the first ``k`` of
        each as ``pair_events(a, b, per_stance=k)`` chooses them (round-robin over voices; all
        with None), in date order.  Each list is read along its index range (``events_pair_voice``,
        ``events_pair_moded``: migration 19) only as far as the choice needs
        (``store/sqlite/evidence.py``), not every event of the pair.  ``with_url``: each row with
        its document's url (``events_by_ids``)."""
        from .analysis import ACT_SQL, OUTLET_SQL

        pair = sorted((a, b))
        intent = f"e.mode <> '' AND NOT {ACT_SQL}"  # the first term picks the partial index
        act = self.ACT_READ.format(act=ACT_SQL)
        lists = [("cooperative", 0, act), ("hostile", 0, act), ("cooperative", 1, act)]  # (stance, negated, WHERE)
        lists += [(s, n, intent) for s, n in self._run(
            f"SELECT DISTINCT e.stance, e.negated FROM {EVENTS} e WHERE {self.PAIR_SQL} AND {intent} ORDER BY 1, 2", pair)]
        if not k:
            where = " OR ".join(f"(e.stance = ? AND e.negated = ? AND {w})" for _, _, w in lists)
            return self._event_rows(f"{event_select(with_url=with_url)} WHERE {self.PAIR_SQL} AND ({where}) ORDER BY {PAIR_ORDER}",
                                    [*pair, *(x for s, n, _ in lists for x in (s, n))])
        ids: list[int] = []
        for stance, negated, which in lists:
            counts = self._side_voices(*pair, stance, k) if which == act and not negated else None
            rows = self._rows_in_order(f"SELECT e.id, {OUTLET_SQL}, e.attributed_to FROM {EVENTS} e JOIN @DOCS ON d.id = e.doc_id"
                                       f" WHERE {self.PAIR_SQL} AND e.stance = ? AND e.negated = ? AND {which} ORDER BY {PAIR_ORDER}",
                                       [*pair, stance, negated])
            try:
                ids += first_per_voice(rows, k, counts)
            finally:
                rows.close()  # read no further
        return sorted(self.events_by_ids(ids, with_url=with_url),
                      key=lambda r: (r["date"] is not None, r["date"] or "", r["doc_id"], r["start"], r["id"]))

    #: "an act" (``analysis.ACT_SQL`` as ``{act}``) as a pair's evidence lists test it
    ACT_READ = "{act}"

    def _rows_in_order(self, sql: str, args: list[Any]) -> Iterator[tuple]:
        """The rows of ``sql`` (ordered) as they are read: SQLite's cursor steps along the index,
        so a reader that stops early reads no further (PostgreSQL's client cursor would fetch
        every row at once: it reads pages)."""
        cur = self._run(sql, args)
        try:
            yield from cur
        finally:
            cur.close()

    def _side_voices(self, a: str, b: str, stance: str, k: int) -> dict[tuple[str, str], int] | None:
        """Every voice (outlet, attribution or "") of the pair's acts of ``stance`` (not negated)
        with its number of events, from migration 15's ``conflict_voices``; None when there are
        ``k`` or more (the choice of ``k`` needs no counts then)."""
        rows = self._run("SELECT outlet, voice, n FROM conflict_voices WHERE a = ? AND b = ? AND stance = ? LIMIT ?",
                         (a, b, stance, k)).fetchall()
        return None if len(rows) >= k else {(o, v): n for o, v, n in rows}

    #: a pair's events, either direction, as the index ``events_upair_date`` has them (PostgreSQL: LEAST/GREATEST)
    PAIR_SQL = "min(e.source_id, e.target_id) = ? AND max(e.source_id, e.target_id) = ?"
    NO_LIMIT: int | None = -1  # ``LIMIT ?`` for no limit (PostgreSQL: NULL)

    def _timeline_arms(self, q: TimelineQuery) -> tuple[list[tuple[str, list[Any]]], bool]:
        """The timeline's WHERE clauses, one per index range it reads (an actor's: as source, then
        as target but not source, so that no event counts twice), each with its arguments; and
        whether the documents must be joined (an outlet filter)."""
        where, args = date_and_type_terms(q.since, q.until, q.types)
        where.insert(0, "e.date > ''")  # dated: neither NULL nor empty
        if q.attributed_to:
            where.append("e.attributed_to = ?")
            args.append(q.attributed_to)
        if q.sources:
            from .analysis import outlet_clause

            clause, more = outlet_clause(list(q.sources))
            where.append(clause)
            args += more
        common = " AND ".join(where)
        if q.actor_id and q.other_id:
            return [(f"{self.PAIR_SQL} AND {common}", [*sorted((q.actor_id, q.other_id)), *args])], bool(q.sources)
        if q.actor_id:
            return [(f"e.source_id = ? AND {common}", [q.actor_id, *args]),
                    (f"e.target_id = ? AND e.source_id IS NOT ? AND {common}", [q.actor_id, q.actor_id, *args])], bool(q.sources)
        return [(common, args)], bool(q.sources)

    def timeline_events(self, q: TimelineQuery, limit: int | None = None, offset: int = 0) -> list[EventRow]:
        """The dated events ``q`` asks for, in timeline order (``TIMELINE_ORDER``): ``limit`` of them
        (all with None) after the first ``offset``.  A page is read without sorting every match:
        the date of its last event is found first along the date indexes, and only the events up
        to that date are sorted (a busy actor has hundreds of thousands)."""
        arms, docs = self._timeline_arms(q)
        join = " JOIN @DOCS ON d.id = e.doc_id" if docs else ""
        bound, bound_args = "", []
        if limit is not None:
            last = self._run(" UNION ALL ".join(f"SELECT e.date AS date FROM {EVENTS} e{join} WHERE {w}" for w, _ in arms)
                             + " ORDER BY 1 LIMIT 1 OFFSET ?", [*(a for _, xs in arms for a in xs), offset + limit - 1]).fetchone()
            if last is not None:
                bound, bound_args = " AND e.date <= ?", [last[0]]
        where = " OR ".join(f"({w}{bound})" for w, _ in arms)
        args = [a for _, xs in arms for a in [*xs, *bound_args]]
        sql = f"{event_select()} WHERE {where} ORDER BY {TIMELINE_ORDER}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args += [self.NO_LIMIT if limit is None else limit, offset]
        return self._event_rows(sql, args)

    def timeline_count(self, q: TimelineQuery) -> int:
        """How many dated events ``q`` asks for (``timeline_events`` with no limit would give them)."""
        arms, docs = self._timeline_arms(q)
        join = " JOIN @DOCS ON d.id = e.doc_id" if docs else ""
        return sum(self._run(f"SELECT COUNT(*) FROM {EVENTS} e{join} WHERE {w}", xs).fetchone()[0] for w, xs in arms)

    def actor_partners(self, actor_id: str) -> list[dict[str, Any]]:
        """The actors at the other end of an actor's events: id, name, and how many events of
        each stance ("cooperative", "hostile", "other": any other) and in all (``events``),
        most events first.  Summed from ``edge_types`` (migration 16), a row per partner, type
        and stance, where grouping read every event of a busy actor."""
        return self._rows(PARTNERS_SQL.format(rows=PARTNER_EDGES), [actor_id] * 4)

    def count_events_of(self, actor_id: str) -> int:
        """How many events an actor is at either end of (along the source and target indexes)."""
        return sum(self._run(f"SELECT COUNT(*) FROM {EVENTS} e WHERE {w}", args).fetchone()[0]
                   for w, args in (("e.source_id = ?", [actor_id]), ("e.target_id = ? AND e.source_id IS NOT ?", [actor_id] * 2)))

    def pair_tally(self, a: str, b: str, by: str) -> list[dict[str, Any]]:
        """The events between actor ids ``a`` and ``b`` (either direction) counted by ``stance``,
        ``negated`` and ``mode``, and by month (``by="month"``: ``date`` is the first seven
        characters of the date, "2019-03" or "2019", enough for ``evidence.period_of``) or by
        outlet (``by="outlet"``: the ``OUTLET_COLUMNS``), with ``n`` events each."""
        if by == "month":
            cols, width = "substr(e.date, 1, 7) AS date", 1
        elif by == "outlet":
            cols, width = OUTLET_COLUMNS, 4
        else:
            raise ValueError(f"by must be 'month' or 'outlet', not {by!r}")
        groups = ", ".join(str(i) for i in range(1, width + 4))
        join = " JOIN @DOCS ON d.id = e.doc_id" if by == "outlet" else ""
        return self._rows(f"SELECT {cols}, e.stance, e.negated, e.mode, COUNT(*) AS n FROM {EVENTS} e{join}"
                          f" WHERE {self.PAIR_SQL} GROUP BY {groups}", sorted((a, b)))

    def pair_events_in_order(self, a: str, b: str, stance: str | None = None, limit: int | None = None) -> list[EventRow]:
        """The events between actor ids ``a`` and ``b`` (either direction) in evidence order
        (``evidence.sort_key``: dated ones by date, the article's date, document and event, then
        the undated), of one ``stance`` if given ("other": neither cooperative nor hostile), the
        first ``limit`` (all with None).  The dated ones are read along ``events_upair_date``."""
        where, args = self.PAIR_SQL, list(sorted((a, b)))
        if stance in ("cooperative", "hostile"):
            where += " AND e.stance = ?"
            args.append(stance)
        elif stance is not None:
            where += " AND (e.stance IS NULL OR e.stance NOT IN ('cooperative', 'hostile'))"
        page = [] if limit is None else [limit]
        rows = self._event_rows(f"{event_select()} WHERE {where} AND e.date > '' ORDER BY {TIMELINE_ORDER}"
                                + (" LIMIT ?" if page else ""), [*args, *page])
        if limit is None or len(rows) < limit:
            rest = [] if limit is None else [limit - len(rows)]
            rows += self._event_rows(f"{event_select()} WHERE {where} AND (e.date IS NULL OR e.date = '')"
                                     f" ORDER BY COALESCE(d.published, '9999'), e.doc_id, e.id" + (" LIMIT ?" if rest else ""),
                                     [*args, *rest])
        return rows

    def group_events(self, left: list[str], right: list[str]) -> list[EventRow]:
        """Every event between any actor id in ``left`` and any in ``right``, either direction."""
        ql, qr = marks(len(left)), marks(len(right))
        where = f"WHERE (e.source_id IN ({ql}) AND e.target_id IN ({qr})) OR (e.source_id IN ({qr}) AND e.target_id IN ({ql}))"
        return self._event_rows(f"{event_select()} {where} ORDER BY e.date, e.doc_id, e.start", [*left, *right, *right, *left])

    def iter_events(self) -> Iterator[EventRow]:
        """Every event, by document and position (the exports)."""
        yield from event_rows(self._run(f"{event_select()} ORDER BY e.doc_id, e.start, e.id"))

    def _event_rows(self, sql: str, args: Any = ()) -> list[EventRow]:
        return list(event_rows(self._run(sql, args)))

    def event_ids_attributed_to(self, actor_id: str) -> set[int]:
        return {r[0] for r in self._run(f"SELECT id FROM {EVENTS} WHERE attributed_to = ?", (actor_id,))}
