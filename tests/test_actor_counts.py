"""The actor lists' counts (SQLite: ``actor_counts`` and ``alias_counts``, migration 13, kept by
triggers; PostgreSQL: counted when asked) equal the counts of the mentions and aliases
themselves through writes, curation and its undo, and removal, on both back ends."""
from __future__ import annotations

from conftest import make_extraction, meridian_records


def _recount(store) -> tuple[dict, dict]:
    counts = {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT actor_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY actor_id").fetchall()}
    uses: dict[str, list[str]] = {}
    for r in store.conn.execute("SELECT actor_id, alias, COUNT(*) AS n FROM aliases GROUP BY actor_id, alias"
                                " ORDER BY actor_id, n DESC, alias").fetchall():
        uses.setdefault(r[0], []).append(r[1])
    return counts, uses


def _check(store) -> None:
    counts, uses = _recount(store)
    rows = store.actor_rows()
    assert {r["id"]: (r["mentions"], r["documents"]) for r in rows if r["mentions"]} == counts
    assert all(r["mentions"] == r["documents"] == 0 for r in rows if r["id"] not in counts)
    assert {r["id"]: r["aliases"] for r in rows if r["aliases"]} == uses
    listed = store.actors(places=True)
    assert [(r["id"], r["mentions"]) for r in listed] == sorted(((r["id"], r["mentions"]) for r in listed),
                                                                key=lambda x: (-x[1], store.actor_by_id(x[0])["name"]))
    for r in rows:
        one = store.actor(r["id"])
        assert (one["mentions"], one["documents"], one["aliases"]) == (*counts.get(r["id"], (0, 0)), uses.get(r["id"], []))
    if type(store).__name__ == "SQLiteStore":  # its counters themselves
        kept = {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT actor_id, mentions, documents FROM actor_counts").fetchall()}
        assert kept == counts


def test_actor_counts_follow_writes_curation_undo_and_removal(store_factory):
    twice = make_extraction(["Dastan and Dastan again; the FMF.", "The Kingdom answered the Front."],
                            actors={"g:dastan": ("Dastan", "GPE", ("the Kingdom",)), "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front"))})
    store = store_factory([*meridian_records(), twice])
    _check(store)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    _check(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    _check(store)
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    _check(store)
    for d in reversed(store.decisions()):
        store.undo_decision(d["id"])
        _check(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.remove_document(doc_ids[0])
    _check(store)
    with store.transaction():
        for doc_id in doc_ids[1:]:
            store.remove_document(doc_id)
    _check(store)
    assert _recount(store) == ({}, {})
