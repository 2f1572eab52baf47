"""The conflicts ranking (SQLite: from the counts per actor pair that migration 15's triggers
keep; PostgreSQL: aggregated when asked) equals the full aggregation over every event, mention
and actor (``conflict_pairs_recomputed``) through writes, curation and its undo, supersede and
removal, on both back ends; and PostgreSQL's ranking is SQLite's on the same documents."""
from __future__ import annotations

import pytest

from conftest import make_extraction, meridian_records, rewind_pg_schema, rewind_schema

from claimgraph.analysis import conflicts

ACTORS = {
    "g:dastan": ("Dastan", "GPE", ("the Kingdom",)),
    "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front")),
    "g:varosia": ("Varosia", "GPE", ()),
    "g:varga": ("Ilan Varga", "PERSON", ("Varga",)),
    "g:kallan": ("Mira Kallan", "PERSON", ("Kallan",)),
    "g:karem": ("Sons of Karem", "ORG", ()),
    "g:ostrava": ("Ostrava", "GPE", ()),
}


def _doc(i: int, outlet: str) -> object:
    """A document with both sides about Dastan and the FMF, a person's REJECT mentioning both, a
    state's REJECT mentioning the other, and a negated cooperative event."""
    return make_extraction(
        [f"Dastan armed the FMF in raid {i}.",
         "The FMF attacked Dastan near Varosia.",
         "Kallan rejected claims that Dastan helps the FMF.",
         "Varosia rejected the report about the Sons of Karem and Dastan.",
         "Dastan has never funded the FMF."],
        actors=ACTORS, source=outlet, published=f"2020-0{1 + i % 9}-1{i % 10}", title=f"Report {i}",
        events=[
            {"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga" if i % 2 else None},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan"},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:varosia", "mode": ("future",) if i % 3 == 0 else ()},
            {"s": 2, "type": "REJECT", "source": "g:kallan", "target": None},
            {"s": 3, "type": "REJECT", "source": "g:varosia", "target": None},
            {"s": 4, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True},
            {"s": 3, "type": "COOPERATE", "source": "g:karem", "target": "g:dastan"},
        ])


def _mentioned_only() -> object:
    """Ostrava is only mentioned in a person's REJECT: a merge moves its mentions, no event."""
    return make_extraction(["Kallan rejected claims that Dastan helps Ostrava.", "Dastan supported Ostrava.",
                            "Ostrava fought Dastan."],
                           actors=ACTORS, source="Ostrava Daily", published="2021-02-02", title="Denial",
                           events=[{"s": 0, "type": "REJECT", "source": "g:kallan", "target": None},
                                   {"s": 1, "type": "AID", "source": "g:dastan", "target": "g:ostrava"},
                                   {"s": 2, "type": "ASSAULT", "source": "g:ostrava", "target": "g:dastan"}])


def _check(store) -> None:
    assert store.conflict_pairs(0) == store.conflict_pairs_recomputed(0)
    assert store.conflict_pairs(3) == store.conflict_pairs_recomputed(3)
    # no row left behind by a pair that is gone, on either back end
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_voices WHERE n <= 0").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_pairs WHERE coop_n < 0 OR hostile_n < 0 OR denials < 0"
                              " OR coop_voices < 0 OR hostile_voices < 0").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_pairs WHERE coop_n = 0 AND hostile_n = 0 AND denials = 0"
                              " AND coop_voices = 0 AND hostile_voices = 0").fetchone()[0] == 0
    # every pair's denials, also of pairs that rank nowhere (no cooperative claim), as the full SQL counts them
    full = store.FULL_SQL
    den = full[:full.index("scored AS")].rstrip().rstrip(",") + " SELECT a, b, denials FROM den ORDER BY a, b"
    assert [tuple(r) for r in store._rows(den)] == [
        tuple(r) for r in store._rows("SELECT a, b, denials FROM conflict_pairs WHERE denials > 0 ORDER BY a, b")]


def _event(store, sentence_start: str, type_: str):
    return next(e for e in store.events() if e["type"] == type_ and e["sentence"].startswith(sentence_start))


def test_conflict_counts_follow_writes_curation_undo_and_removal(store_factory):
    store = store_factory([*meridian_records(), *(_doc(i, ["The Herald", "Varosia Times", "Dastan Post"][i % 3]) for i in range(7)),
                           _mentioned_only()])
    _check(store)
    assert store.conflict_pairs(0), "the documents make conflicts"
    merged = store.add_decision("merge", actor="Free Meridian Front", other="Ostrava")
    _check(store)
    store.undo_decision(merged["id"])
    _check(store)
    store.add_decision("merge", actor="Sons of Karem", other="Varosia")
    _check(store)
    store.add_decision("type", actor="Varosia", type="PERSON")  # its REJECTs now count as a person's
    _check(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    _check(store)
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    _check(store)
    store.add_decision("reject_event", event=_event(store, "Dastan armed the FMF in raid 1", "AID")["id"])
    _check(store)
    store.add_decision("reject_event", event=_event(store, "Kallan rejected", "REJECT")["id"])
    _check(store)
    store.add_decision("confirm_event", event=_event(store, "The FMF attacked Dastan", "ASSAULT")["id"])
    _check(store)
    for d in reversed(store.decisions(in_force=True)):
        store.undo_decision(d["id"])
        _check(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.supersede(doc_ids[0], doc_ids[1])
    _check(store)
    with store.transaction():
        store.remove_document(doc_ids[2])
    _check(store)
    with store.transaction():
        for doc_id in [doc_ids[1], *doc_ids[3:]]:
            store.remove_document(doc_id)
    _check(store)
    assert store.conflict_pairs(0) == []


def test_conflicts_answer_from_counts_as_from_every_event(store_factory):
    """The whole answer of ``conflicts`` (counts, scores, evidence) is what the full aggregation gives."""
    store = store_factory([*meridian_records(), *(_doc(i, ["The Herald", "Varosia Times"][i % 2]) for i in range(5))])
    got = conflicts(store, 20, max_evidence=5)
    assert got and got[0]["score"] > 0

    class Full:  # the store, ranking by the full aggregation
        def __getattr__(self, name):
            return getattr(store, name)

        def conflict_pairs(self, limit):
            return store.conflict_pairs_recomputed(limit)

    assert got == conflicts(Full(), 20, max_evidence=5)


def test_sqlite_store_backfills_the_counts_when_migrated(tmp_path):
    """A store made before migration 15 gets the counts of what it holds."""
    from claimgraph.store import open_store
    from claimgraph.store.sqlite import schema

    store = open_store(str(tmp_path / "old.db"))
    from claimgraph.runner import add_extraction
    for ex in [*meridian_records(), *(_doc(i, "The Herald") for i in range(3))]:
        add_extraction(store, ex)
    want = store.conflict_pairs_recomputed(0)
    with store.transaction():  # the store as migration 14 left it
        rewind_schema(store.conn, schema.MIGRATIONS.index(schema.CONFLICTS_MIGRATION))
    store.close()
    store = open_store(str(tmp_path / "old.db"))
    assert want and store.conflict_pairs(0) == want
    store.close()


def _denials_doc(k: int) -> object:
    """A document of ``k`` REJECTs (states' and a person's, each sentence mentioning two others)
    and negated cooperative events, two of them in one sentence."""
    names = ["Dastan", "the FMF", "Varosia", "the Sons of Karem", "Ostrava"]
    sentences, events = [], []
    for i in range(k):
        x, y = names[i % 5], names[(i + 2) % 5]
        who = "Kallan" if i % 3 == 0 else "Varosia"
        sentences.append(f"{who} rejected claim {i} that {x} helps {y}.")
        events.append({"s": i, "type": "REJECT", "source": "g:kallan" if who == "Kallan" else "g:varosia", "target": None})
    sentences.append("Dastan never armed the FMF and never funded the FMF.")
    events += [{"s": k, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True},
               {"s": k, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True, "trigger": "funded"}]
    return make_extraction(sentences, actors={**ACTORS, "g:fmf": ("Free Meridian Front", "ORG", ("the FMF",)),
                                              "g:karem": ("Sons of Karem", "ORG", ("the Sons of Karem",))},
                           source="The Herald", published="2021-03-03", title=f"Denials {k}", events=events)


def test_denials_of_a_document_with_many_rejects_follow_writes_and_removal(store_factory):
    """Each REJECT's denial rows come and go with it (migration 17): a document of many REJECTs,
    written beside others, merged into and removed, ranks as the full aggregation does."""
    store = store_factory([*meridian_records(), *(_doc(i, "Varosia Times") for i in range(3)), _denials_doc(24)])
    _check(store)
    assert any(p["denials"] >= 5 for p in store.conflict_pairs(0)), "the REJECTs deny pairs"
    # a mention written after its REJECT, then removed
    doc_id, start = store.conn.execute("SELECT doc_id, start FROM events WHERE type = 'REJECT' AND source_id = 'varosia'"
                                       " ORDER BY id LIMIT 1").fetchone()
    ostrava = "SELECT COUNT(*) FROM conflict_denials WHERE a = 'ostrava' OR b = 'ostrava'"
    without = store.conn.execute(ostrava).fetchone()[0]
    with store.transaction():
        store.conn.execute("INSERT INTO mentions(doc_id, actor_id, start, \"end\") VALUES (?, 'ostrava', ?, ?)",
                           (doc_id, start + 1, start + 3))
    assert store.conn.execute(ostrava).fetchone()[0] > without, "the mention makes denials"
    _check(store)
    with store.transaction():
        store.conn.execute("DELETE FROM mentions WHERE doc_id = ? AND actor_id = 'ostrava' AND start = ?", (doc_id, start + 1))
    _check(store)
    assert store.conn.execute(ostrava).fetchone()[0] == without
    store.add_decision("merge", actor="Ostrava", other="Sons of Karem")
    _check(store)
    doc = next(d["id"] for d in store.documents() if d["title"] == "Denials 24")
    with store.transaction():
        store.remove_document(doc)
    _check(store)
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_denials WHERE doc_id = ?", (doc,)).fetchone()[0] == 0


def test_sqlite_store_rekeys_negated_cooperative_denials_when_migrated(tmp_path):
    """A store written under migration 16's triggers (a negated cooperative event's row keyed 0)
    gets one row per event when migrated to 17, and the new triggers then keep it right."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store
    from claimgraph.store.sqlite import schema

    store = open_store(str(tmp_path / "old.db"))
    with store.transaction():  # an empty store as migration 16 left it: its triggers write
        rewind_schema(store.conn, schema.MIGRATIONS.index(schema.DENIALS_MIGRATION))
    for ex in [*meridian_records(), *(_doc(i, "The Herald") for i in range(3)), _denials_doc(6)]:
        add_extraction(store, ex)
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_denials WHERE rid = 0").fetchone()[0] > 0
    want = store.conflict_pairs_recomputed(0)
    store.close()
    store = open_store(str(tmp_path / "old.db"))
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_denials WHERE rid = 0").fetchone()[0] == 0
    assert store.conflict_pairs(0) == want
    _check(store)
    with store.transaction():
        for d in store.documents():
            store.remove_document(d["id"])
    _check(store)
    assert store.conn.execute("SELECT COUNT(*) FROM conflict_denials").fetchone()[0] == 0
    store.close()


def _named_twice() -> object:
    """REJECT sentences naming the same actors twice (a person's, a state's, one aimed at an
    actor it names), a hypothetical side that counts for nothing, and an attributed one."""
    return make_extraction(
        ["Kallan rejected claims that Dastan helps the FMF, since Dastan never met the FMF.",
         "Varosia rejected the report that the Sons of Karem and Dastan met, as Dastan said.",
         "Dastan would arm the Sons of Karem.",
         "Dastan armed the Sons of Karem.",
         "The Sons of Karem attacked Dastan.",
         "Varosia rejected the FMF and its claims about Dastan."],
        actors={**ACTORS, "g:karem": ("Sons of Karem", "ORG", ("the Sons of Karem",))},
        source="Meridian Wire", published="2021-04-04", title="Named twice",
        events=[{"s": 0, "type": "REJECT", "source": "g:kallan", "target": None},
                {"s": 1, "type": "REJECT", "source": "g:varosia", "target": None},
                {"s": 2, "type": "AID", "source": "g:dastan", "target": "g:karem", "mode": ("hypothetical",)},
                {"s": 3, "type": "AID", "source": "g:dastan", "target": "g:karem", "attributed_to": "g:varga"},
                {"s": 4, "type": "ASSAULT", "source": "g:karem", "target": "g:dastan"},
                {"s": 5, "type": "REJECT", "source": "g:varosia", "target": "g:fmf"}])


def test_postgres_ranks_conflicts_as_sqlite_does(pg_url, tmp_path):
    """Both back ends read kept counts (PostgreSQL's folded from deltas, SQLite's kept by
    triggers), and PostgreSQL's full aggregation is one statement shaped for its planner: the
    same pairs, counts, scores and denial ids in the same order from all three."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    records = [*meridian_records(), *(_doc(i, ["The Herald", "Varosia Times"][i % 2]) for i in range(4)),
               _mentioned_only(), _denials_doc(9), _named_twice()]
    lite, pg = open_store(str(tmp_path / "lite.db")), open_store(pg_url)
    try:
        for ex in records:
            add_extraction(lite, ex)
            add_extraction(pg, ex)

        def ranked(rows):
            return [dict(r) for r in rows]

        want = ranked(lite.conflict_pairs(0))
        assert len(want) >= 3 and any(p["denials"] for p in want) and any(p["side_score"] for p in want)
        assert any(len((p["reject_ids"] or "").split(",")) > 1 for p in want), "an order to compare"
        assert ranked(pg.conflict_pairs(0)) == want
        assert ranked(pg.conflict_pairs_recomputed(0)) == want
        assert ranked(pg.conflict_pairs(2)) == want[:2]
    finally:
        lite.close()
        pg.close()


def test_postgres_store_backfills_the_counts_when_migrated(pg_url):
    """A PostgreSQL store made before migration 23 gets the kept conflict tables of what it holds,
    and they follow the writes after it."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    store = open_store(pg_url)
    for ex in [*meridian_records(), *(_doc(i, ["The Herald", "Varosia Times"][i % 2]) for i in range(4)), _denials_doc(6)]:
        add_extraction(store, ex)
    want = store.conflict_pairs(0)
    with store.transaction():  # the store as migration 22 left it
        rewind_pg_schema(store.conn, 22)
        add_extraction(store, _mentioned_only())  # written with no conflict table
    store.close()
    again = open_store(pg_url)
    try:
        _check(again)
        assert again.conflict_pairs(0) != want, "the document written before the migration counts"
        add_extraction(again, _doc(9, "Dastan Post"))
        _check(again)
    finally:
        again.close()
