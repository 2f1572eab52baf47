"""A pair's evidence as ``conflicts`` shows it, read from index ranges (``pair_evidence``), is
the first ``k`` of each list as ranking every event of the pair chooses them
(``pair_events(per_stance=k)``), through writes, curation, merges and removal, on both back
ends; and the choice itself (``store/sqlite/evidence.py``) against a ranking of every row."""
from __future__ import annotations

import random

import pytest

from conftest import make_extraction, rewind_schema

from claimgraph.ontology import is_act
from claimgraph.store.sqlite.evidence import first_per_voice

ACTORS = {
    "g:dastan": ("Dastan", "GPE", ()),
    "g:fmf": ("Free Meridian Front", "ORG", ("FMF",)),
    "g:varosia": ("Varosia", "GPE", ()),
    "g:varga": ("Ilan Varga", "PERSON", ()),
    "g:kallan": ("Mira Kallan", "PERSON", ()),
    "g:oro": ("Oro Tenn", "PERSON", ()),
}
OUTLETS = ["The Herald", "Varosia Times", "Dastan Post", "Northern Wire", "Meridian Voice"]
PEOPLE = [None, None, "g:varga", "g:kallan", "g:oro"]


def _doc(i: int) -> object:
    """Dastan and the FMF on every side from many voices (outlet and speaker), with threats,
    plans and negations, some undated, two events in one sentence; Varosia and the FMF from two
    outlets only, many times over (fewer voices than the lists hold)."""
    rng = random.Random(i)
    date = None if i % 7 == 0 else f"20{10 + i % 6}-0{1 + i % 9}"
    said = PEOPLE[i % len(PEOPLE)]
    return make_extraction(
        [f"Dastan armed the FMF in raid {i}.", f"The FMF attacked Dastan and vowed to strike again {i}.",
         "Dastan has never funded the FMF.", f"Varosia helped the FMF {i}.", "The FMF fought Varosia."],
        actors=ACTORS, source=OUTLETS[i % len(OUTLETS)] if i % 11 else None, path=None if i % 11 else f"/feeds/{i}.txt",
        published=f"2020-0{1 + i % 9}-1{i % 10}", title=f"Report {i}",
        events=[
            {"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": said, "date": date},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan", "date": date,
             "attributed_to": PEOPLE[(i + 2) % len(PEOPLE)]},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan", "date": date,
             "mode": ("future",) if i % 3 else ("hypothetical",)},
            {"s": 2, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True, "date": date,
             "attributed_to": PEOPLE[(i + 1) % len(PEOPLE)]},
            {"s": 2, "type": "COOPERATE", "source": "g:fmf", "target": "g:dastan", "mode": ("future",), "negated": rng.random() < 0.5},
            {"s": 3, "type": "AID", "source": "g:varosia", "target": "g:fmf", "date": date, "negated": i % 5 == 0},
            {"s": 4, "type": "ASSAULT", "source": "g:fmf", "target": "g:varosia", "date": date},
        ])


def _varosia_doc(i: int) -> object:
    return make_extraction([f"Varosia helped the FMF again {i}."], actors=ACTORS, source=OUTLETS[i % 2],
                           published=f"2022-01-{10 + i}", title=f"Aid {i}",
                           events=[{"s": 0, "type": "AID", "source": "g:varosia", "target": "g:fmf", "date": f"2022-0{1 + i % 3}"}])


def _shown(rows: list[dict]) -> list[dict]:
    """Of ``pair_events(per_stance=k)``, the lists conflicts shows: cooperative and hostile acts,
    negated cooperative acts, and every intention."""
    def listed(r):
        if not is_act(r["mode"]):
            return True
        return (r["stance"] in ("cooperative", "hostile") and not r["negated"]) or (r["stance"] == "cooperative" and r["negated"])
    return [r for r in rows if listed(r)]


def _order(r: dict) -> tuple:
    return (r["date"] is not None, r["date"] or "", r["doc_id"], r["start"], r["id"])


def _check(store) -> None:
    pairs = [("dastan", "fmf"), ("fmf", "varosia")]
    for a, b in pairs:
        every = store.pair_events(a, b)
        for k in (1, 2, 3, 4, 7, 12, 50, None):
            want = _shown(store.pair_events(a, b, per_stance=k))
            got = store.pair_evidence(b, a, k)
            assert sorted(r["id"] for r in got) == sorted(r["id"] for r in want), (a, b, k)
            assert [_order(r) for r in got] == sorted(_order(r) for r in got)
            by_id = {r["id"]: r for r in every}
            assert all(r == by_id[r["id"]] for r in got)
        with_url = store.pair_evidence(a, b, 3, with_url=True)
        assert [r["id"] for r in with_url] == [r["id"] for r in store.pair_evidence(a, b, 3)]
        assert all("url" in r for r in with_url)


@pytest.fixture
def store(store_factory):
    return store_factory([*(_doc(i) for i in range(40)), *(_varosia_doc(i) for i in range(9))])


def test_pair_evidence_is_the_first_k_of_every_list(store):
    rows = store.pair_events("dastan", "fmf")
    assert any(not is_act(r["mode"]) for r in rows) and any(r["negated"] for r in rows) and any(r["date"] is None for r in rows)
    assert len(store.pair_evidence("dastan", "fmf", 3)) < len(_shown(rows))  # it does cut
    _check(store)


def test_pair_evidence_read_in_pages_is_the_same(store, monkeypatch):
    """PostgreSQL reads an evidence list in growing pages: pages of 1, 2, 4... rows give every
    row once, in order, and the same choice."""
    monkeypatch.setattr(type(store), "FIRST_PAGE", 1, raising=False)
    monkeypatch.setattr(type(store), "PAGE_GROWTH", 2, raising=False)
    every = [r[0] for r in store._run("SELECT id FROM events ORDER BY id")]
    assert len(every) > 40 and [r[0] for r in store._rows_in_order("SELECT id FROM events ORDER BY id", [])] == every
    _check(store)


def test_pair_evidence_follows_writes_curation_merges_and_removal(store):
    _check(store)
    from claimgraph.runner import add_extraction

    for i in range(40, 46):
        add_extraction(store, _doc(i))
    _check(store)
    first = store.pair_evidence("dastan", "fmf", 1)
    store.add_decision("reject_event", event=first[0]["id"])
    _check(store)
    assert first[0]["id"] not in {r["id"] for r in store.pair_evidence("dastan", "fmf", None)}
    store.add_decision("confirm_event", event=store.pair_evidence("fmf", "varosia", 1)[0]["id"])
    _check(store)
    merged = store.add_decision("merge", actor="Free Meridian Front", other="Varosia")  # two pairs become one
    assert store.pair_evidence("dastan", "fmf", 50)
    store.undo_decision(merged["id"])
    _check(store)
    store.add_decision("merge", actor="Dastan", other="Ilan Varga")  # a speaker's events move to another actor
    _check(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.supersede(doc_ids[0], doc_ids[1])
        for doc_id in doc_ids[2:30]:
            store.remove_document(doc_id)
    _check(store)
    with store.transaction():
        for d in store.documents():
            store.remove_document(d["id"])
    assert store.pair_evidence("dastan", "fmf", 5) == []


def _ranked(rows: list[tuple[int, str, str | None]], k: int) -> list[int]:
    """Every row ranked by (its voice's earlier rows, position): the ROW_NUMBER of ``pair_events``."""
    seen: dict[tuple, int] = {}
    ranks = []
    for pos, (eid, outlet, who) in enumerate(rows):
        voice = (outlet, who or "")
        ranks.append((seen.get(voice, 0), pos, eid))
        seen[voice] = seen.get(voice, 0) + 1
    return [eid for _, _, eid in sorted(ranks)[:k]]


def test_first_per_voice_is_the_ranking_of_every_row_and_reads_no_further_than_it_needs():
    rng = random.Random(3)
    for trial in range(300):
        voices = [(f"o{rng.randrange(4)}", rng.choice([None, "p1", "p2", "p3"])) for _ in range(rng.randint(1, 12))]
        rows = [(i, *rng.choice(voices)) for i in range(rng.randint(0, 60))]
        counts: dict[tuple, int] = {}
        for _, o, w in rows:
            counts[(o, w or "")] = counts.get((o, w or ""), 0) + 1
        for k in (1, 2, 3, 5, 9, 40, 100):
            assert first_per_voice(iter(rows), k) == _ranked(rows, k), (trial, k)
            assert first_per_voice(iter(rows), k, counts) == _ranked(rows, k), (trial, k)
    # k voices seen: the rest is not read
    rows = iter([(1, "a", None), (2, "b", None), (3, "a", None), (4, "c", None), (5, "d", None)])
    assert first_per_voice(rows, 2) == [1, 2] and next(rows) == (3, "a", None)
    # two voices of three events each: two rounds give four, so the fourth voice row ends the read
    rows = iter([(1, "a", None), (2, "a", None), (3, "b", None), (4, "b", None), (5, "a", None), (6, "b", None)])
    assert first_per_voice(rows, 4, {("a", ""): 3, ("b", ""): 3}) == [1, 3, 2, 4] and next(rows) == (5, "a", None)
    # counts that do not know a voice are not trusted
    rows = [(1, "a", None), (2, "x", None), (3, "a", None), (4, "a", None)]
    assert first_per_voice(iter(rows), 3, {("a", ""): 3}) == [1, 2, 3]


def test_sqlite_store_gets_the_evidence_indexes_when_migrated(tmp_path):
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    path = str(tmp_path / "old.db")
    store = open_store(path)
    for i in range(12):
        add_extraction(store, _doc(i))
    want = _shown(store.pair_events("dastan", "fmf", per_stance=2))
    with store.transaction():
        rewind_schema(store.conn, 18)  # before migration 19
    assert store.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_pair_voice'").fetchone()[0] == 0
    store.close()
    store = open_store(path)
    plan = " ".join(r[3] for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT e.id FROM live_events e WHERE min(e.source_id, e.target_id) = ? AND max(e.source_id, e.target_id) = ?"
        " AND e.stance = ? AND e.negated = ? ORDER BY e.date, e.doc_id, e.start, e.id", ("dastan", "fmf", "cooperative", 0)))
    assert "events_pair_voice" in plan and "TEMP B-TREE" not in plan
    assert sorted(r["id"] for r in store.pair_evidence("dastan", "fmf", 2)) == sorted(r["id"] for r in want)
    store.close()
