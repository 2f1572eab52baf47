"""Dated events in order, each with how precise its date is and where the date came from.

The store orders and pages them (``store.timeline_events``, ``TIMELINE_ORDER``): a page of a
busy actor's timeline reads that page, not the actor's every event, and ``timeline_count``
counts them all from an index."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..store.rows import TimelineQuery
from .evidence import DATE_ORIGINS, evidence_item, precision


def timeline_query(store, actor: str | None = None, *, other: str | None = None, since: str | None = None,
                   until: str | None = None, types: Iterable[str] | None = None, sources: Iterable[str] | None = None,
                   attributed_to: str | None = None) -> TimelineQuery:
    """What ``timeline`` asks the store for: actors (names, aliases or ids) as ids; ``other``
    alone stands for ``actor``.  Raises ``UnknownActor`` for a name the store does not know."""
    if other and not actor:
        actor, other = other, None
    ids = [store.find_actor(x)["id"] if x else None for x in (actor, other, attributed_to)]
    return TimelineQuery(actor_id=ids[0], other_id=ids[1] if actor else None, since=since, until=until,
                         types=tuple(sorted({t.upper() for t in types or ()})), sources=tuple(sources or ()), attributed_to=ids[2])


def timeline(store, actor: str | None = None, *, other: str | None = None, since: str | None = None,
             until: str | None = None, types: Iterable[str] | None = None, sources: Iterable[str] | None = None,
             attributed_to: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Dated events (of ``actor``, or between ``actor`` and ``other``, or all), oldest first:
    ``limit`` of them (all with None) after the first ``offset``; ``timeline_count`` says how
    many there are in all.

    Each item is an evidence item plus ``precision`` ('day' | 'month' | 'year'), ``date_origin``
    ('sentence': stated in the sentence; 'relative': resolved from an expression such as "last
    week" against the article date; 'article': only the article's date is known) and
    ``date_basis``, the same in words.  ``types`` filters by PLOVER type, ``sources`` by outlet
    (case-insensitive), ``attributed_to`` by the actor a claim is attributed to.  A date known
    to the year sorts before the days of that year; then by the article's date, the document
    and the event (``evidence.sort_key``)."""
    q = timeline_query(store, actor, other=other, since=since, until=until, types=types, sources=sources,
                       attributed_to=attributed_to)
    return timeline_items(store, q, limit, offset)


def timeline_items(store, q: TimelineQuery, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """``timeline``'s items for a query already made (``timeline_query``)."""
    out = []
    for row in store.timeline_events(q, limit or None, offset):
        item = evidence_item(row)
        item["precision"] = precision(item["date"])
        item["date_basis"] = _basis(item, row.get("date_text"))
        item["date_text"] = row.get("date_text")
        out.append(item)
    return out


def timeline_count(store, actor: str | None = None, *, other: str | None = None, since: str | None = None,
                   until: str | None = None, types: Iterable[str] | None = None, sources: Iterable[str] | None = None,
                   attributed_to: str | None = None) -> int:
    """How many events ``timeline`` with the same filters holds, all pages together."""
    return store.timeline_count(timeline_query(store, actor, other=other, since=since, until=until, types=types,
                                               sources=sources, attributed_to=attributed_to))


def _basis(item: dict, date_text: str | None) -> str:
    origin = item.get("date_origin")
    base = DATE_ORIGINS.get(origin or "", "unknown")
    if origin in ("sentence", "relative") and date_text:
        return f'{base}: "{date_text}"'
    return base
