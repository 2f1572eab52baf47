"""Reads the web views need that the ``Store`` interface does not offer (yet): events by id,
mentions and quotes of one document, the facets for the filter form.  Every value is a bound
parameter; table and column names are never built from input."""
from __future__ import annotations

from typing import Any

Row = dict[str, Any]

_EVENT_SELECT = (
    "SELECT e.*, s.name AS source_name, t.name AS target_name, w.name AS attributed_name,"
    " d.source AS outlet, d.published, d.title, d.path, d.url FROM events e"
    " LEFT JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id"
    " LEFT JOIN actors w ON w.id = e.attributed_to JOIN documents d ON d.id = e.doc_id"
)


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i : i + n]


def events_by_ids(store, ids: list[int]) -> list[Row]:
    """Event rows (with actor names and document metadata) in the order of ``ids``."""
    found: dict[int, Row] = {}
    for chunk in _chunks([int(i) for i in ids]):
        q = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"{_EVENT_SELECT} WHERE e.id IN ({q})", chunk):
            found[r["id"]] = dict(r)
    return [found[i] for i in ids if i in found]


def events_of_document(store, doc_id: str) -> list[Row]:
    return [dict(r) for r in store.conn.execute(f"{_EVENT_SELECT} WHERE e.doc_id = ? ORDER BY e.start, e.id", (doc_id,))]


def mentions_in(store, doc_ids: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """doc id -> [(start, end, actor id)] sorted by start."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for chunk in _chunks(sorted(set(doc_ids))):
        q = ",".join("?" * len(chunk))
        for r in store.conn.execute(f'SELECT doc_id, start, "end", actor_id FROM mentions WHERE doc_id IN ({q}) ORDER BY doc_id, start', chunk):
            out.setdefault(r[0], []).append((r[1], r[2], r[3]))
    return out


def actors_by_ids(store, ids: list[str]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for chunk in _chunks(sorted(set(i for i in ids if i))):
        q = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"SELECT id, name, type FROM actors WHERE id IN ({q})", chunk):
            out[r["id"]] = dict(r)
    return out


def quotes_of_document(store, doc_id: str) -> list[Row]:
    return [dict(r) for r in store.conn.execute(
        "SELECT q.*, a.name AS speaker_name FROM quotes q LEFT JOIN actors a ON a.id = q.speaker_id"
        " WHERE q.doc_id = ? ORDER BY q.start", (doc_id,))]


def labels_of_document(store, doc_id: str) -> list[Row]:
    return [dict(r) for r in store.conn.execute(
        "SELECT l.actor_id, a.name, l.label, l.start FROM labels l JOIN actors a ON a.id = l.actor_id"
        " WHERE l.doc_id = ? ORDER BY l.start", (doc_id,))]


def document_counts(store) -> dict[str, Row]:
    """doc id -> numbers of events, quotes and actors."""
    out: dict[str, Row] = {}
    for table, key in (("events", "events"), ("quotes", "quotes")):
        for r in store.conn.execute(f"SELECT doc_id, COUNT(*) FROM {table} GROUP BY doc_id"):
            out.setdefault(r[0], {})[key] = r[1]
    for r in store.conn.execute("SELECT doc_id, COUNT(DISTINCT actor_id) FROM mentions GROUP BY doc_id"):
        out.setdefault(r[0], {})["actors"] = r[1]
    return out


def facets(store) -> Row:
    """What the filter form offers: outlets, event types present, the range of event dates."""
    from ..ontology import EVENT_TYPES, PLOVER_CLASS, stance

    sources = [r[0] for r in store.conn.execute(
        "SELECT source, COUNT(*) n FROM documents WHERE source IS NOT NULL AND source != '' GROUP BY source ORDER BY n DESC, source")]
    present = {r[0]: r[1] for r in store.conn.execute("SELECT type, COUNT(*) FROM events GROUP BY type")}
    lo, hi = store.conn.execute("SELECT MIN(substr(date, 1, 7)), MAX(substr(date, 1, 7)) FROM events WHERE date IS NOT NULL").fetchone()
    return {
        "sources": sources,
        "types": [{"type": t, "class": PLOVER_CLASS[t], "stance": stance(t), "events": present.get(t, 0)} for t in EVENT_TYPES],
        "dates": {"min": lo, "max": hi, "months": _months(lo, hi)},
    }


def _months(lo: str | None, hi: str | None) -> list[str]:
    if not lo or not hi:
        return []
    y, m = int(lo[:4]), int(lo[5:7]) if len(lo) >= 7 else 1
    y2, m2 = int(hi[:4]), int(hi[5:7]) if len(hi) >= 7 else 12
    out = []
    while (y, m) <= (y2, m2) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def actor_names(store, limit: int = 2000) -> list[Row]:
    """Names for the actor boxes' suggestions, most mentioned first."""
    return [dict(r) for r in store.conn.execute(
        "SELECT a.id, a.name, COUNT(m.actor_id) AS mentions FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id"
        " GROUP BY a.id ORDER BY mentions DESC, a.name LIMIT ?", (limit,))]


def event_ids_attributed_to(store, actor_id: str) -> set[int]:
    return {r[0] for r in store.conn.execute("SELECT id FROM events WHERE attributed_to = ?", (actor_id,))}
