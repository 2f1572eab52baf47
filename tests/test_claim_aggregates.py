"""A claim's pair counted from kept rows (SQLite: migration 18's claim_groups and claim_voices, and
migration 15's conflict_denials for a pair's denials), and the actors of a typed name from
migration 18's norm_counts, equal the count over the live events
through writes, curation and its undo, merges and splits, supersede and removal; and ``check``
answers from them as from every event, on both back ends."""
from __future__ import annotations

import itertools

from conftest import make_extraction, meridian_records, rewind_pg_schema, rewind_schema

from claimgraph.analysis import check

ACTORS = {
    "g:dastan": ("Dastan", "GPE", ("the Kingdom",)),
    "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front")),
    "g:varosia": ("Varosia", "GPE", ()),
    "g:varga": ("Ilan Varga", "PERSON", ("Varga",)),
    "g:kallan": ("Mira Kallan", "PERSON", ("Kallan",)),
    "g:karem": ("Sons of Karem", "ORG", ()),
    "g:herald": ("The Herald", "ORG", ()),
}
CLAIMS = ["Dastan arms the FMF", "Dastan cooperates with the FMF", "The FMF attacks Dastan", "Dastan did not fund the FMF",
          "Varosia cooperates with Dastan", "The Sons of Karem attack the FMF"]


def _doc(i: int, outlet: str | None) -> object:
    """Both sides about Dastan and the FMF, with every column a voice has: attribution, hedging,
    a relay, a kind of source, a threat, a negation, a REJECT answering a claim, a branch."""
    return make_extraction(
        [f"Dastan armed the FMF in raid {i}.",
         "The FMF attacked Dastan near Varosia, The Herald reported.",
         "Kallan rejected claims that Dastan helps the FMF.",
         "Dastan has never funded the FMF.",
         "The Sons of Karem are an affiliate of the FMF and fought Dastan.",
         "Dastan threatened to strike the FMF.",
         "Dastan rejected reports that it armed the FMF.",
         "Dastan denied that it ever supplied the FMF."],
        actors=ACTORS, source=outlet, published=f"2020-0{1 + i % 9}-1{i % 10}" if i % 4 else None,
        title=f"Report {i}" if i % 5 else None, path=f"/news/r{i}.txt" if i % 3 else None,
        events=[
            {"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga" if i % 2 else None,
             "hedged": bool(i % 3 == 1), "date": f"201{i % 4}" if i % 5 else None},
            {"s": 0, "type": "COOPERATE", "source": "g:dastan", "target": "g:fmf", "source_kind": "unnamed" if i % 2 else "outlet"},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan", "via": "g:herald" if i % 2 else "Radio Free",
             "date": f"2019-0{1 + i % 9}"},
            {"s": 2, "type": "REJECT", "source": "g:kallan", "target": None, "answers": 0},
            {"s": 3, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True},
            {"s": 4, "type": "AFFILIATE", "source": "g:karem", "target": "g:fmf"},
            {"s": 4, "type": "ASSAULT", "source": "g:karem", "target": "g:dastan", "hedged": True},
            {"s": 5, "type": "ASSAULT", "source": "g:dastan", "target": "g:fmf", "mode": ("future",)},
            {"s": 6, "type": "REJECT", "source": "g:dastan", "target": None},  # answers the latest claim of the dyad
            {"s": 7, "type": "REJECT", "source": "g:dastan", "target": None, "answers": 0},  # one denial with the negated event
            {"s": 7, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True},
        ])


def _recount(store, table: str) -> list[tuple]:
    """The kept table ``table`` as grouping the live events gives it (migration 18's backfill)."""
    from claimgraph.store.sqlite import claim_sql, schema

    text = next(s for s in schema.statements(claim_sql.CLAIM_MIGRATION) if s.startswith(f"INSERT INTO {table}"))
    sql = text[text.index("SELECT"):]
    if table == "norm_counts":
        return sorted(tuple(r) for r in store.conn.execute("SELECT norm, actor_id, COUNT(*) FROM aliases GROUP BY norm, actor_id"))
    if table == "claim_groups":  # from the events, not from the kept voices
        sql = (f"SELECT {claim_sql.GROUP_COLUMNS}, COUNT(*) FROM live_events WHERE source_id IS NOT NULL AND target_id IS NOT NULL"
               f" GROUP BY {claim_sql.GROUP_COLUMNS}")
    return sorted(tuple(r) for r in store.conn.execute(sql))


def _pg_recount(store, table: str) -> list[tuple]:
    """PostgreSQL's kept table ``table`` as grouping the live events gives it (migration 24's backfill)."""
    from claimgraph.store.postgres import claim_sql
    from claimgraph.store.sqlite.claim_sql import GROUP_COLUMNS

    voices = sorted(tuple(r) for r in store.conn.raw.execute(claim_sql.RECOUNT))
    if table == "claim_voices":
        return voices
    groups: dict[tuple, int] = {}
    for r in voices:
        groups[r[:6]] = groups.get(r[:6], 0) + r[-1]
    assert len(GROUP_COLUMNS.split(",")) == 6
    return sorted((*g, n) for g, n in groups.items())


def _kept(store, table: str) -> list[tuple]:
    cols = {"claim_groups": "source_id, target_id, type, stance, negated, mode, n",
            "claim_voices": "source_id, target_id, type, stance, negated, mode, k, source, path, title, doc_id,"
                            " attributed_to, source_kind, hedged, via, n",
            "norm_counts": "norm, actor_id, n"}[table]
    return sorted(tuple(r) for r in store.conn.execute(f"SELECT {cols} FROM {table}"))


class _Live:
    """The store, with a claim's pair read from every event (what the kept rows must give)."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        live = getattr(self._store, f"{name}_recomputed", None)
        return live or getattr(self._store, name)

    def actors_by_norms(self, norms):
        """``actors_by_norms`` counting the aliases."""
        from claimgraph.store.sqlite.actors import COUNTED_NORM_USES

        self._store.NORM_USES = COUNTED_NORM_USES
        try:
            return self._store.actors_by_norms(norms)
        finally:
            del self._store.NORM_USES

    def group_pages(self, left, right, buckets, limit):
        """Every event of each bucket, cut at ``limit``: no bound found first."""
        rows = self._store.group_pages(left, right, buckets, None)
        return [r for r in rows if limit is None or r["rn"] <= limit]


def _check(store) -> None:
    sqlite = type(store).__name__ == "SQLiteStore"
    for table in ("claim_groups", "claim_voices", "norm_counts") if sqlite else ("claim_groups", "claim_voices"):
        assert _kept(store, table) == (_recount if sqlite else _pg_recount)(store, table), table
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE n <= 0").fetchone()[0] == 0
    norms = [r[0] for r in store.conn.execute("SELECT DISTINCT norm FROM aliases ORDER BY norm")]
    assert store.actors_by_norms(norms) == _Live(store).actors_by_norms(norms)
    ids = [a["id"] for a in store.actors(limit=100)]
    for a, b in itertools.combinations(ids, 2):
        assert store.pair_denial_ids(a, b) == store.pair_denial_ids_recomputed(a, b), (a, b)
        assert store.group_tally([a], [b]) == store.group_tally_recomputed([a], [b]), (a, b)
    for claim in CLAIMS:
        whole = None
        for limit in (None, 2, 30):
            try:
                got = check(store, claim, limit=limit)
            except Exception as exc:  # an actor merged away: the live reads must fail alike
                got = type(exc).__name__
            try:
                want = check(_Live(store), claim, limit=limit)
            except Exception as exc:
                want = type(exc).__name__
            assert got == want, (claim, limit)
            if isinstance(got, dict):  # a page is the first items of all, denials with the claims they answer
                whole = whole or got
                for side in ("supporting", "opposing", "intentions"):
                    assert got[side] == whole[side][:limit], (claim, limit, side)


def _event(store, sentence_start: str, type_: str):
    return next(e for e in store.events() if e["type"] == type_ and e["sentence"].startswith(sentence_start))


def test_claim_counts_follow_writes_curation_merges_undo_and_removal(store_factory):
    outlets = ["The Herald", "Varosia Times", None, ""]
    store = store_factory([*meridian_records(), *(_doc(i, outlets[i % 4]) for i in range(8))])
    _check(store)
    got = check(store, "Dastan arms the FMF", limit=30)  # the page ends among the denials
    assert got["totals"]["supporting"] and got["totals"]["opposing"] and got["counts"]["supporting"]["attributions"]
    assert {x.get("answers_scope") for x in got["opposing"]} >= {"document", "dyad"}
    assert store.group_voices([store.find_actor("Dastan")["id"]], [store.find_actor("FMF")["id"]], {}) == []
    merged = store.add_decision("merge", actor="Free Meridian Front", other="Sons of Karem")
    _check(store)
    store.undo_decision(merged["id"])
    _check(store)
    store.add_decision("merge", actor="Dastan", other="Varosia")  # the pair's events move; a branch's become the pair's
    _check(store)
    store.add_decision("merge", actor="Free Meridian Front", other="Ilan Varga")  # an attribution moves
    _check(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    _check(store)
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    _check(store)
    store.add_decision("type", actor="Mira Kallan", type="ORG")  # her REJECTs now deny as an organisation's
    _check(store)
    store.add_decision("reject_event", event=_event(store, "Dastan armed the FMF in raid 1", "AID")["id"])
    _check(store)
    # its denial in raid 1 now answers the dyad's latest claim, shown on the negated event of its sentence
    page = check(store, "Dastan arms the FMF", limit=30)["opposing"]
    assert [x["answers_scope"] for x in page if x["sentence"].startswith("Dastan denied that")].count("dyad") == 1
    store.add_decision("reject_event", event=_event(store, "Kallan rejected", "REJECT")["id"])
    _check(store)
    store.add_decision("confirm_event", event=_event(store, "The FMF attacked Dastan", "ASSAULT")["id"])
    _check(store)
    for d in reversed(store.decisions(in_force=True)):
        store.undo_decision(d["id"])
        _check(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.supersede(doc_ids[-1], doc_ids[-2])
    _check(store)
    with store.transaction():
        store.remove_document(doc_ids[-3])
    _check(store)
    with store.transaction():
        for doc_id in doc_ids[:-3]:
            store.remove_document(doc_id)
    _check(store)
    with store.transaction():
        store.remove_document(doc_ids[-2])
    _check(store)
    assert _kept(store, "claim_groups") == [] and _kept(store, "claim_voices") == []


def test_sqlite_store_backfills_the_claim_counts_when_migrated(tmp_path):
    """A store made before migration 18 gets the counts of what it holds, and its check answers."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store
    from claimgraph.store.sqlite import claim_sql, schema

    store = open_store(str(tmp_path / "old.db"))
    for ex in [*meridian_records(), *(_doc(i, "The Herald") for i in range(3))]:
        add_extraction(store, ex)
    want = {t: _kept(store, t) for t in ("claim_groups", "claim_voices", "norm_counts")}
    answers = [check(store, c) for c in CLAIMS[:3]]
    with store.transaction():  # the store as migration 17 left it
        rewind_schema(store.conn, schema.MIGRATIONS.index(claim_sql.CLAIM_MIGRATION))
    assert not store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claim_voices'").fetchone()
    store.close()
    store = open_store(str(tmp_path / "old.db"))
    assert want["claim_voices"] and {t: _kept(store, t) for t in want} == want
    assert [check(store, c) for c in CLAIMS[:3]] == answers
    store.close()


def test_postgres_store_backfills_the_claim_counts_when_migrated(pg_url):
    """A PostgreSQL store made before migration 24 gets the counts of what it holds, and they
    follow the writes after it."""
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    store = open_store(pg_url)
    for ex in [*meridian_records(), *(_doc(i, "The Herald") for i in range(3))]:
        add_extraction(store, ex)
    answers = [check(store, c) for c in CLAIMS[:3]]
    with store.transaction():  # the store as migration 23 left it
        rewind_pg_schema(store.conn, 23)
    assert not store.conn.execute("SELECT to_regclass('claim_voices')").fetchone()[0]
    store.close()
    store = open_store(pg_url)
    try:
        assert _kept(store, "claim_voices") and [check(store, c) for c in CLAIMS[:3]] == answers
        _check(store)
        add_extraction(store, _doc(7, "Varosia Times"))
        _check(store)
    finally:
        store.close()
