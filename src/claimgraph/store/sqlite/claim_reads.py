"""The reads of a claim's pair (``analysis.check``): its events grouped by what places them for a
claim, the first page of each bucket, the voices and documents of each, and the events and
denials read whole.

A group is an ordered pair with a type, stance, negation and mode (``GROUP_COLUMNS``);
``group_tally`` names each by ``key`` (its values as a JSON list), and the other reads take the
keys back, sorted into named buckets, as a ``VALUES`` list (``_keys``) joined on those columns:
an index range per group (``events_pair_claim``, or claim_voices' primary key), where testing a
key built from every event of the pair read them all.

``ClaimReads`` groups the live events when asked (PostgreSQL).  ``KeptClaimReads`` (SQLite)
counts the groups and their voices from ``claim_voices``, which migration 18's triggers keep
(``claim_sql.py``): a row per group and voice instead of every event with its document and
actors; ``group_tally_recomputed`` and ``group_voices_recomputed`` are the live reads (what the
kept rows must equal; the tests compare them).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..rows import EventRow
from .connection import marks
from .events import EVENT_COLUMNS, EVENTS, OUTLET_COLUMNS, event_joins, event_select

#: what places an event for a claim, in the order of a key's values
GROUP_COLUMNS = ("type", "stance", "negated", "mode", "source_id", "target_id")

#: the evidence order of ``analysis.evidence.sort_key``: the date (an undated event last), the
#: article's date, document, event
_K1 = "COALESCE(NULLIF(e.date, ''), '9999')"
_EVIDENCE_ORDER = f"{_K1}, COALESCE(d.published, '9999'), e.doc_id, e.id"

_VOICE_NAMES = ("w.name AS attributed_name, CASE WHEN {p}.attributed_to IS NULL THEN 0 ELSE 1 END AS attributed,"
                " {p}.source_kind, {p}.hedged, COALESCE(v.name, {p}.via) AS via_name")


def group_key(row: Any) -> str:
    """The key of a group row (its ``GROUP_COLUMNS``)."""
    return json.dumps([row["type"], row["stance"], int(row["negated"]), row["mode"], row["source_id"], row["target_id"]])


@lru_cache(maxsize=65536)
def _values(key: str) -> tuple:
    """A key's values (each check passes the same keys to several reads)."""
    return tuple(json.loads(key))


def _on(p: str) -> str:
    """The join of the rows ``p`` (events or claim_voices) to the keys ``k``."""
    return " AND ".join(f"{p}.{c} = k.{c}" for c in GROUP_COLUMNS)


def _keys(buckets: dict[str, list[str]], extra: dict[str, Any] | None = None, name: str = "k") -> tuple[str, list[Any]]:
    """``k(bucket, <GROUP_COLUMNS>, bound) AS (VALUES ...)`` (a WITH's table, named ``name``) for
    the group keys of ``buckets`` (name -> keys), with each bucket's value of ``extra`` as
    ``bound`` (NULL for none), and its arguments.  The casts type the parameters for PostgreSQL."""
    rows, args = [], []
    for bucket, keys in buckets.items():
        for key in keys:
            rows.append("(?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, CAST(? AS TEXT))")
            args += [bucket, *_values(key), (extra or {}).get(bucket)]
    return f"{name}(bucket, {', '.join(GROUP_COLUMNS)}, bound) AS (VALUES {', '.join(rows)})", args


def _pair_where(p: str, left: list[str], right: list[str]) -> tuple[str, list[str]]:
    """Rows ``p`` between any actor id in ``left`` and any in ``right``, either direction."""
    ql, qr = marks(len(left)), marks(len(right))
    return (f"(({p}.source_id IN ({ql}) AND {p}.target_id IN ({qr})) OR ({p}.source_id IN ({qr}) AND {p}.target_id IN ({ql})))",
            [*left, *right, *right, *left])


class ClaimReads:
    #: how the keys ``k`` join the rows they select: first (SQLite's planner, with no statistics,
    #: would rather scan every event and look each up among the keys; PostgreSQL: a plain JOIN)
    KEY_JOIN = "CROSS JOIN"
    #: the keys' table and its arguments (``_keys``; PostgreSQL passes them as arrays)
    _keys = staticmethod(_keys)

    def group_tally(self, left: list[str], right: list[str]) -> list[dict[str, Any]]:
        """The events between any actor id in ``left`` and any in ``right`` (either direction)
        counted by what places them for a claim: ``key`` with its ``GROUP_COLUMNS``, and ``n``;
        by key."""
        where, args = _pair_where("e", left, right)
        cols = ", ".join(f"e.{c}" for c in GROUP_COLUMNS)
        return _keyed(self._rows(f"SELECT {cols}, COUNT(*) AS n FROM {EVENTS} e WHERE {where} GROUP BY {cols}", args))

    group_tally_recomputed = group_tally  # what the tests compare a kept count with (``KeptClaimReads``)

    def group_voices(self, left: list[str], right: list[str], buckets: dict[str, list[str]]) -> list[dict[str, Any]]:
        """The events of the groups in ``buckets`` (name -> keys) counted by ``bucket`` and who
        says it: the outlet columns (``source``, ``path``, ``title``, ``doc_id`` as ``pair_tally``
        has them), ``attributed_name``, ``attributed``, ``source_kind``, ``hedged`` and
        ``via_name``; with ``n`` events each."""
        if not any(buckets.values()):
            return []
        head, args = self._keys(buckets)
        return self._rows(
            f"WITH {head} SELECT k.bucket AS bucket, {OUTLET_COLUMNS}, {_VOICE_NAMES.format(p='e')}, COUNT(*) AS n"
            f" FROM k {self.KEY_JOIN} {EVENTS} e ON {_on('e')} JOIN @DOCS ON d.id = e.doc_id"
            " LEFT JOIN actors w ON w.id = e.attributed_to LEFT JOIN actors v ON v.id = e.via"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10", args)

    group_voices_recomputed = group_voices

    def group_documents(self, left: list[str], right: list[str], buckets: dict[str, list[str]]) -> dict[str, int]:
        """How many documents the events of each bucket (name -> group keys) are in: ``{bucket: n}``."""
        if not any(buckets.values()):
            return {}
        out = {}
        for name, keys in buckets.items():  # a statement each: no sort of every event by bucket
            if keys:
                head, args = self._keys({name: keys})
                out[name] = self._run(f"WITH {head} SELECT COUNT(DISTINCT e.doc_id) FROM k {self.KEY_JOIN} {EVENTS} e ON {_on('e')}",
                                      args).fetchone()[0]
        return out

    def group_documents_among(self, left: list[str], right: list[str], keys: list[str], doc_ids: list[str]) -> set[str]:
        """Those of ``doc_ids`` that hold an event of the groups ``keys``."""
        if not keys or not doc_ids:
            return set()
        head, args = self._keys({"": keys})
        cols = ", ".join(f"e.{c}" for c in GROUP_COLUMNS)
        docs = ", ".join("(?)" for _ in doc_ids)
        return {r[0] for r in self._run(f"WITH {head}, dd(id) AS (VALUES {docs}) SELECT DISTINCT e.doc_id FROM dd {self.KEY_JOIN} {EVENTS} e"
                                        f" ON e.doc_id = dd.id WHERE ({cols}) IN (SELECT {', '.join(GROUP_COLUMNS)} FROM k)", [*args, *doc_ids])}

    def group_events_of(self, left: list[str], right: list[str], keys: list[str]) -> list[EventRow]:
        """Every event of the groups ``keys`` (``group_tally``), in evidence order (``evidence.sort_key``)."""
        if not keys:
            return []
        head, args = self._keys({"": keys})
        return self._event_rows(f"WITH {head} {event_select()} WHERE e.id IN (SELECT e.id FROM k {self.KEY_JOIN} {EVENTS} e ON {_on('e')})"
                                f" ORDER BY {_EVIDENCE_ORDER}", args)

    def group_pages(self, left: list[str], right: list[str], buckets: dict[str, list[str]], limit: int | None) -> list[EventRow]:
        """The first ``limit`` events (all with None) of each bucket (name -> group keys of
        ``group_tally``) in evidence order, each row with its ``bucket`` and ``rn`` (1, 2, ...).
        Only the events up to a bucket's bound (``_page_bounds``) are joined with their documents
        and sorted, along the groups' date ranges of ``events_claim``; a bucket with no bound is
        read whole."""
        if not any(buckets.values()):
            return []
        bounds = {} if limit is None else self._page_bounds(buckets, limit)
        bounded = {name: keys for name, keys in buckets.items() if name in bounds}
        whole = {name: keys for name, keys in buckets.items() if name not in bounds and keys}
        arms, args = [], []
        for cte, part, where in (("kb", bounded, " AND e.date > '' AND e.date <= k.bound"), ("kw", whole, "")):
            if part:
                head, more = self._keys(part, bounds, name=cte)
                arms.append(f"SELECT e.id, k.bucket, {_K1} AS k1, COALESCE(d.published, '9999') AS k2, e.doc_id"
                            f" FROM {cte} k {self.KEY_JOIN} {EVENTS} e ON {_on('e')}{where} JOIN @DOCS ON d.id = e.doc_id")
                args.append((head, more))
        sql = (f"WITH {', '.join(h for h, _ in args)} SELECT x.bucket, x.rn, {EVENT_COLUMNS} FROM ("
               f"SELECT y.id, y.bucket, ROW_NUMBER() OVER (PARTITION BY y.bucket ORDER BY y.k1, y.k2, y.doc_id, y.id) AS rn FROM ("
               f"{' UNION ALL '.join(arms)}) y) x {self.KEY_JOIN} {EVENTS} e ON e.id = x.id{event_joins()}"
               + ("" if limit is None else " WHERE x.rn <= ?") + " ORDER BY x.bucket, x.rn")
        return self._event_rows(sql, [*(a for _, more in args for a in more), *([] if limit is None else [limit])])

    def _page_bounds(self, buckets: dict[str, list[str]], limit: int) -> dict[str, str]:
        """A date for each bucket that one of its groups has ``limit`` events dated by (found
        along that group's date range, skipping ``limit`` - 1 index entries): the bucket's first
        ``limit`` events in evidence order are among those dated no later.  None for a bucket
        with no such group, or whose date is not before the undated events ("9999")."""
        if not any(buckets.values()):
            return {}
        head, args = self._keys(buckets)
        first = (f"(SELECT x.date FROM {EVENTS} x WHERE {_on('x')} AND x.date > '' ORDER BY x.date LIMIT 1 OFFSET ?)")
        return {r[0]: r[1] for r in self._run(f"WITH {head} SELECT k.bucket, MIN({first}) FROM k GROUP BY k.bucket", [*args, limit - 1])
                if r[1] is not None and r[1] < "9999"}

    def group_denials_answering(self, left: list[str], right: list[str], keys: list[str]) -> list[int]:
        """Ids of the events (not negated) whose ``answers`` is an event of the groups ``keys``
        (``denials_answering`` of those events)."""
        if not keys:
            return []
        head, args = self._keys({"": keys})
        return sorted({r[0] for r in self._run(
            f"WITH {head} SELECT x.id FROM k {self.KEY_JOIN} {EVENTS} e ON {_on('e')} JOIN {EVENTS} x ON x.answers = e.id WHERE x.answers IS NOT NULL AND x.negated = 0", args)})

    def group_claim_dates(self, left: list[str], right: list[str], keys: list[str], source_ids: list[str]) -> list[dict[str, Any]]:
        """The events of the groups ``keys`` whose source is one of ``source_ids``, each as
        ``event_id``, ``source_id``, ``doc_id``, ``date`` and ``published`` only (to find the claim
        a denial answers: ``analysis.check``)."""
        sources = set(source_ids)
        keys = [k for k in keys if _values(k)[4] in sources]
        if not keys:
            return []
        head, args = self._keys({"": keys})
        return self._rows(f"WITH {head} SELECT e.id AS event_id, e.source_id, e.doc_id, e.date, d.published"
                          f" FROM k {self.KEY_JOIN} {EVENTS} e ON {_on('e')} JOIN @DOCS ON d.id = e.doc_id", args)


class KeptClaimReads(ClaimReads):
    group_tally_recomputed = ClaimReads.group_tally
    group_voices_recomputed = ClaimReads.group_voices

    def group_tally(self, left: list[str], right: list[str]) -> list[dict[str, Any]]:
        """``ClaimReads.group_tally``, from claim_groups (migration 18)."""
        where, args = _pair_where("c", left, right)
        return _keyed(self._rows(f"SELECT {', '.join(f'c.{c}' for c in GROUP_COLUMNS)}, c.n FROM claim_groups c WHERE {where}", args))

    def group_voices(self, left: list[str], right: list[str], buckets: dict[str, list[str]]) -> list[dict[str, Any]]:
        """``ClaimReads.group_voices``, summed from claim_voices (migration 18)."""
        if not any(buckets.values()):
            return []
        head, args = self._keys(buckets)
        # summed by bucket and voice before the names are looked up: a busy pair's 19,000 voice
        # rows of its groups are 5,500 of its buckets (two actors of one name still sum as one)
        return self._rows(
            f"WITH {head} SELECT c.bucket AS bucket, c.source, c.path, c.title, c.doc_id, {_VOICE_NAMES.format(p='c')},"
            " CAST(SUM(c.n) AS INTEGER) AS n"  # a sum of sums: PostgreSQL's would be a NUMERIC
            " FROM (SELECT k.bucket, c.source, c.path, c.title, c.doc_id, c.attributed_to, c.source_kind, c.hedged, c.via, SUM(c.n) AS n"
            f" FROM k {self.KEY_JOIN} claim_voices c ON {_on('c')} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9) c"
            " LEFT JOIN actors w ON w.id = c.attributed_to LEFT JOIN actors v ON v.id = c.via"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10", args)


def _keyed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["key"] = group_key(r)
    return sorted(rows, key=lambda r: r["key"])
