"""``framing`` from the store's groups (``label_groups``; SQLite's documents per outlet kept by
migration 19's triggers, ``actor_outlets``) equals framing every label and every mentioning
document one by one, through writes, merges, splits, renames, supersede and removal, on both
back ends: labels in several wordings of one label, outlets named by a file name in two
folders, undated documents."""
from __future__ import annotations

from dataclasses import replace

from conftest import make_extraction, rewind_schema

from claimgraph.analysis import framing
from claimgraph.analysis.evidence import outlet_of

ACTORS = {
    "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front")),
    "g:dastan": ("Dastan", "GPE", ()),
    "g:karem": ("Sons of Karem", "ORG", ()),
}
WORDINGS = ["terrorist group", "Terrorist group", "terrorist  group", "rebel movement", "Rebel Movement", "militia"]


def _doc(i: int) -> object:
    where = [{"source": "The Herald"}, {"source": "Varosia Times"}, {"path": f"/feeds/a/{i}/wire.txt"},
             {"path": f"/feeds/b/{i}/wire.txt"}, {"source": ""  , "path": None, "title": f"Bulletin {i % 2}"}][i % 5]
    labels = [("g:fmf", WORDINGS[i % len(WORDINGS)], 0), ("g:fmf", WORDINGS[(i * 7) % len(WORDINGS)], 1)]
    if i % 4 == 0:
        labels.append(("g:karem", "militia", 1))
    if i % 3 == 0:
        labels.append(("g:fmf", WORDINGS[i % len(WORDINGS)], 0))  # the same label twice in a document
    return make_extraction([f"The FMF struck again in report {i}.", "The Front and Dastan met.", "Sons of Karem waited."],
                           actors=ACTORS if i % 6 else {k: ACTORS[k] for k in ("g:fmf", "g:dastan")},
                           labels=labels, published=None if i % 7 == 0 else f"2021-0{1 + i % 9}-0{1 + i % 8}",
                           title=where.pop("title", f"Report {i}"), **where)


def _framing_row_by_row(store, actor: str) -> dict:
    """What ``framing`` answered by reading every label (``labels_with_paths``, in its order) and
    every document mentioning the actor."""
    row = store.find_actor(actor)
    by_source: dict = {}
    for lab in store.labels_with_paths(row["id"]):
        src = outlet_of(lab)
        key = " ".join(lab["label"].lower().split())
        entry = by_source.setdefault(src, {}).get(key)
        if entry is None:
            entry = by_source[src][key] = {"label": key, "count": 0, "documents": set(), "example": lab["sentence"],
                                           "example_doc_id": lab["doc_id"], "example_published": lab["published"],
                                           "example_title": lab["title"]}
        entry["count"] += 1
        entry["documents"].add(lab["doc_id"])
    out = {}
    for src in sorted(by_source, key=lambda s: (-sum(e["count"] for e in by_source[s].values()), s)):
        out[src] = [dict(e, documents=len(e["documents"])) for e in sorted(by_source[src].values(), key=lambda e: (-e["count"], e["label"]))]
    mentioned: dict = {}
    for d in store.documents_mentioning(row["id"]):
        mentioned[outlet_of(d)] = mentioned.get(outlet_of(d), 0) + 1
    return {"actor": row["name"], "actor_id": row["id"], "by_source": out,
            "unlabelled_sources": sorted(s for s in mentioned if s not in out), "documents_by_source": dict(sorted(mentioned.items()))}


def _alias_counts_recounted(store) -> bool:
    """norm_counts and alias_counts (PostgreSQL's 25, SQLite's 18 and 13) as counting the aliases gives them."""
    c = store.conn
    return ({tuple(r) for r in c.execute("SELECT norm, actor_id, n FROM norm_counts")}
            == {tuple(r) for r in c.execute("SELECT norm, actor_id, COUNT(*) FROM aliases GROUP BY norm, actor_id")}
            and {tuple(r) for r in c.execute("SELECT actor_id, alias, n FROM alias_counts")}
            == {tuple(r) for r in c.execute("SELECT actor_id, alias, COUNT(*) FROM aliases GROUP BY actor_id, alias")})


def _check(store) -> None:
    with store.transaction():  # PostgreSQL's kept rows as they will be at commit (the reads fold first)
        for actor in [a["id"] for a in store.actors()]:
            assert framing(store, actor) == _framing_row_by_row(store, actor), actor
            assert (sorted(map(tuple, map(dict.values, store.outlets_mentioning(actor))), key=repr)
                    == sorted(map(tuple, map(dict.values, store.outlets_mentioning_recomputed(actor))), key=repr)), actor
    assert store.conn.execute("SELECT COUNT(*) FROM actor_outlets WHERE documents <= 0").fetchone()[0] == 0
    assert _alias_counts_recounted(store)


def test_framing_from_groups_equals_framing_every_label(store_factory):
    store = store_factory([_doc(i) for i in range(30)])
    got = framing(store, "fmf")
    assert {"The Herald", "wire.txt", "Bulletin 0"} <= set(got["by_source"])
    wire = {e["label"]: e for e in got["by_source"]["wire.txt"]}  # two folders, one outlet; three wordings, one label
    assert wire["terrorist group"]["count"] > wire["terrorist group"]["documents"] > 1
    assert "Sons of Karem" not in got["by_source"] and framing(store, "karem")["unlabelled_sources"]
    _check(store)


def test_framing_follows_writes_merges_splits_and_removal(store_factory):
    store = store_factory([_doc(i) for i in range(30)])
    _check(store)
    from claimgraph.runner import add_extraction

    for i in range(30, 36):
        add_extraction(store, _doc(i))
    _check(store)
    merged = store.add_decision("merge", actor="Free Meridian Front", other="Sons of Karem")  # labels and mentions move
    _check(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    _check(store)
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    _check(store)
    store.undo_decision(merged["id"])
    _check(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.supersede(doc_ids[0], doc_ids[1])
        for doc_id in doc_ids[2:20]:
            store.remove_document(doc_id)
    _check(store)
    with store.transaction():
        for d in store.documents():
            store.remove_document(d["id"])
    _check(store)
    assert store.conn.execute("SELECT COUNT(*) FROM actor_outlets").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM norm_counts").fetchone()[0] == 0


def test_sqlite_actor_outlets_follow_a_documents_outlet_and_the_backfill(tmp_path):
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    path = str(tmp_path / "old.db")
    store = open_store(path)
    for i in range(15):
        add_extraction(store, _doc(i))
    doc = store.documents()[0]["id"]
    with store.transaction():  # no code path renames an outlet today; the counts follow one all the same
        store.conn.execute("UPDATE documents SET source = 'Renamed Wire', path = NULL WHERE id = ?", (doc,))
    _check(store)
    with store.transaction():  # the store as migration 16 left it, then migrated again: the counts of what it holds
        rewind_schema(store.conn, 18)  # before migration 19
    assert store.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'actor_outlets'").fetchone()[0] == 0
    store.close()
    store = open_store(path)
    assert store.conn.execute("SELECT COUNT(*) FROM actor_outlets").fetchone()[0] > 0
    _check(store)
    store.close()


def test_actor_outlets_follow_an_outlet_renamed_or_rewritten_in_one_transaction(store_factory):
    """A document's outlet changed by hand (no code path does it today), and a document removed
    and written again under another outlet in one transaction: on PostgreSQL the mentions'
    deltas carry the outlet they were counted under, so neither is counted twice or left behind."""
    from claimgraph.runner import add_extraction

    store = store_factory([_doc(i) for i in range(12)])
    doc = store.documents()[0]["id"]
    with store.transaction():
        store.conn.execute("UPDATE documents SET source = 'Renamed Wire', path = NULL WHERE id = ?", (doc,))
    _check(store)
    again = _doc(40)
    with store.transaction():  # written, renamed and mentioned once more before the commit
        add_extraction(store, again)
        store.conn.execute("UPDATE documents SET source = 'Second Name' WHERE id = ?", (again.doc.id,))
        store.conn.execute("INSERT INTO mentions(doc_id, actor_id, start, \"end\") SELECT doc_id, actor_id, start, \"end\""
                           " FROM mentions WHERE doc_id = ? LIMIT 1", (again.doc.id,))
    _check(store)
    first = _doc(41)
    add_extraction(store, first)
    with store.transaction():  # removed, then written again from another outlet
        store.remove_document(first.doc.id)
        add_extraction(store, replace(first, doc=replace(first.doc, source="Third Outlet", path=None)))
    _check(store)
    assert "Third Outlet" in framing(store, "fmf")["documents_by_source"]


def test_postgres_migration_25_counts_what_the_store_holds(pg_url):
    """A store as migration 24 left it (no norm_counts nor actor_outlets, events_pair_claim), then
    opened by this code: 25 counts the rows it holds, and writes keep them."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store
    from conftest import rewind_pg_schema

    store = open_store(pg_url)
    for i in range(12):
        add_extraction(store, _doc(i))
    before = framing(store, "fmf")
    with store.transaction():
        rewind_pg_schema(store.conn, 24)
    assert not store.conn.execute("SELECT to_regclass('actor_outlets')").fetchone()[0]
    store.close()
    store = open_store(pg_url)
    try:
        assert store.conn.execute("SELECT COUNT(*) FROM actor_outlets").fetchone()[0] > 0
        assert framing(store, "fmf") == before
        _check(store)
        add_extraction(store, _doc(12))
        _check(store)
    finally:
        store.close()
