"""Dated events in order, each with how precise its date is and where the date came from."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .evidence import DATE_ORIGINS, evidence_item, precision, sort_key


def timeline(store, actor: str | None = None, *, other: str | None = None, since: str | None = None,
             until: str | None = None, types: Iterable[str] | None = None, sources: Iterable[str] | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
    """Dated events (of ``actor``, or between ``actor`` and ``other``, or all), oldest first.

    Each item is an evidence item plus ``precision`` ('day' | 'month' | 'year'), ``date_origin``
    ('sentence': stated in the sentence; 'relative': resolved from an expression such as "last
    week" against the article date; 'article': only the article's date is known) and
    ``date_basis``, the same in words.  ``types`` filters by PLOVER type, ``sources`` by outlet
    (case-insensitive).  A date known to the year sorts before the days of that year."""
    if other and not actor:
        actor, other = other, None
    between = (actor, other) if actor and other else None
    rows = store.events(actor=None if between else actor, between=between, since=since, until=until)
    wanted_types = {t.upper() for t in types} if types else None
    wanted_sources = {s.lower() for s in sources} if sources else None
    out = []
    for row in rows:
        if not row.get("date") or (wanted_types and row["type"] not in wanted_types):
            continue
        item = evidence_item(row)
        if wanted_sources and item["source"].lower() not in wanted_sources:
            continue
        item["precision"] = precision(item["date"])
        item["date_basis"] = _basis(item, row.get("date_text"))
        item["date_text"] = row.get("date_text")
        out.append(item)
    out.sort(key=sort_key)
    return out[:limit] if limit else out


def _basis(item: dict, date_text: str | None) -> str:
    origin = item.get("date_origin")
    base = DATE_ORIGINS.get(origin or "", "unknown")
    if origin in ("sentence", "relative") and date_text:
        return f'{base}: "{date_text}"'
    return base
