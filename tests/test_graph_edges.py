"""The graph's kept edges and the filter form's counts (``edge_types``, ``edge_outlets``,
``edges``, ``type_counts``, ``outlet_documents``: SQLite's migration 16, kept by triggers on the
events and the documents; PostgreSQL's 21, by deltas folded as each transaction commits) equal
the edges grouped from the live events themselves through writes, curation decisions and their
undo, supersede and removal, on both back ends, and with several PostgreSQL writers at once;
and the limited graph and edge lists are the first items of the unlimited ones."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from conftest import make_extraction, meridian_records, rewind_schema

from claimgraph.analysis.evidence import outlet_of
from claimgraph.runner import add_extraction
from claimgraph.store.sqlite import schema
from claimgraph.store.sqlite.edge_sql import EDGE_MIGRATION

ALL = 10**6


def _outlets(store) -> dict[str, str]:
    """doc id -> its outlet as the graph counts it (``analysis.OUTLET_SQL``: source, else path, title, id)."""
    return {d["id"]: next(x for x in (d.get("source"), d.get("path"), d.get("title"), d["id"]) if x is not None)
            for d in store.documents()}


def _from_events(store) -> dict:
    """(source, target, stance) -> outlets, events, types, ids, over the live events not negated
    with both ends known and distinct (the graph's edges), counted in Python from the rows."""
    outlets = _outlets(store)
    edges: dict = {}
    for e in store.iter_events():
        s, t = e["source_id"], e["target_id"]
        if not s or not t or s == t or e["negated"]:
            continue
        g = edges.setdefault((s, t, e["stance"]), {"outlets": set(), "n": 0, "types": Counter(), "ids": []})
        g["outlets"].add(outlets[e["doc_id"]])
        g["n"] += 1
        g["types"][e["type"]] += 1
        g["ids"].append(e["id"])
    return edges


def _check(store) -> None:
    want = _from_events(store)
    order = sorted(want, key=lambda k: (-len(want[k]["outlets"]), -want[k]["n"], *k))
    page = store.edge_page(limit=ALL, ids_limit=ALL)
    assert [(g["source_id"], g["target_id"], g["stance"]) for g in page["edges"]] == order
    for g in page["edges"]:
        w = want[(g["source_id"], g["target_id"], g["stance"])]
        assert (g["weight"], g["n"], g["types"], g["ids"]) == (len(w["outlets"]), w["n"], dict(w["types"]), sorted(w["ids"]))
    ends = {x for k in want for x in k[:2]}
    assert (page["total_edges"], page["total_nodes"]) == (len(want), len(ends))
    strong = store.edge_page(min_weight=2, limit=ALL, ids_limit=ALL)
    assert strong["edges"] == [g for g in page["edges"] if g["weight"] >= 2]
    assert strong["total_nodes"] == len({x for k in want if len(want[k]["outlets"]) >= 2 for x in k[:2]})
    sectors = {r["id"] for r in store.actor_rows() if r.get("kind") == "sector"}
    plain = store.edge_page(sectors=False, limit=ALL, ids_limit=ALL)
    assert plain["edges"] == [g for g in page["edges"] if g["source_id"] not in sectors and g["target_id"] not in sectors]
    assert plain["total_nodes"] == len(ends - sectors)
    pairs = Counter()  # the actor network (web/routers/paths.py): each direction once, every stance
    for (s, t, _), w in want.items():
        pairs[s, t] += w["n"]
    summed = Counter()  # the rows add up per pair, in whatever order they come
    for a, b, n in store.edge_counts():
        summed[a, b] += n
    assert summed == pairs and all(n > 0 for _, _, n in store.edge_counts())
    first = store.edge_page(limit=2, ids_limit=1)  # a page is the first edges, each with its first ids
    assert [(g["source_id"], g["target_id"], g["n"], g["ids"]) for g in first["edges"]] == \
        [(g["source_id"], g["target_id"], g["n"], g["ids"][:1]) for g in page["edges"][:2]]
    assert (first["total_edges"], first["total_nodes"]) == (page["total_edges"], page["total_nodes"])
    for actor in ends:  # the partners, negated events included
        partners: dict[str, Counter] = {}
        for e in store.iter_events():
            s, t = e["source_id"], e["target_id"]
            if s and t and s != t and actor in (s, t):
                c = partners.setdefault(t if s == actor else s, Counter())
                c[e["stance"] if e["stance"] in ("cooperative", "hostile") else "other"] += 1
                c["events"] += 1
        got = {p["id"]: Counter({k: p[k] for k in ("cooperative", "hostile", "other", "events") if p[k]}) for p in store.actor_partners(actor)}
        assert got == partners, actor
    events = list(store.iter_events())  # the filter form's counts (SQLite: type_counts, outlet_documents)
    assert store.facet_counts()["types"] == dict(Counter(e["type"] for e in events))
    docs = store.documents()
    assert (store.stats()["documents"], store.stats()["events"]) == (len(docs), len(events))
    got = Counter()
    for g in store.outlet_counts():
        got[outlet_of(g)] += g["documents"]
    assert got == Counter(outlet_of(d) for d in docs)
    assert store.facet_counts()["sources"] == [k for k, _ in sorted(Counter(d["source"] for d in docs if d["source"]).items(),
                                                                    key=lambda kv: (-kv[1], kv[0]))]
    # the kept rows themselves (both back ends keep them)
    kept = {(r[0], r[1], r[2]): (r[3], r[4]) for r in store.conn.execute("SELECT source_id, target_id, stance, weight, n FROM edges")}
    assert kept == {k: (len(w["outlets"]), w["n"]) for k, w in want.items()}
    by_outlet = Counter()
    for k, w in want.items():
        for o in w["outlets"]:
            by_outlet[(*k, o)] = 0
    outlets = _outlets(store)
    for e in store.iter_events():
        k = (e["source_id"], e["target_id"], e["stance"])
        if k in want and not e["negated"]:
            by_outlet[(*k, outlets[e["doc_id"]])] += 1
    assert dict(by_outlet) == {(r[0], r[1], r[2], r[3]): r[4] for r in store.conn.execute("SELECT * FROM edge_outlets")}


def _world():
    extra = [
        make_extraction(["Dastan armed the Free Meridian Front.", "Dastan never attacked the FMF."], source="The Courier",
                        actors={"g:dastan": ("Dastan", "GPE", ("the Kingdom",)), "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front"))},
                        events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"},
                                {"s": 1, "type": "ASSAULT", "source": "g:dastan", "target": "g:fmf", "negated": True}]),
        make_extraction(["The Front attacked Dastan.", "The Kingdom struck the Front."], source="The Tribune",
                        actors={"g:dastan": ("Dastan", "GPE", ("the Kingdom",)), "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front"))},
                        events=[{"s": 0, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan"},
                                {"s": 1, "type": "ASSAULT", "source": "g:dastan", "target": "g:fmf"}]),
    ]
    crowd = make_extraction(["Protesters attacked the Free Meridian Front.", "Dastan armed the protesters."], source="The Courier",
                            actors={"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ()),
                                    "g:protesters": ("protesters", "ORG", ("Protesters",))},
                            events=[{"s": 0, "type": "ASSAULT", "source": "g:protesters", "target": "g:fmf"},
                                    {"s": 1, "type": "AID", "source": "g:dastan", "target": "g:protesters"}])
    crowd = replace(crowd, actors=tuple(replace(a, kind="sector") if a.id == "g:protesters" else a for a in crowd.actors))
    return [*meridian_records(), *extra, crowd]


def test_edges_and_counts_follow_writes_curation_undo_supersede_and_removal(store_factory):
    store = store_factory(_world())
    _check(store)
    assert store.edge_page()["edges"], "the world has edges"
    sector_edges = [g for g in store.edge_page(limit=ALL)["edges"] if "protesters" in (g["source_id"], g["target_id"])]
    assert len(sector_edges) == 2 and not [g for g in store.edge_page(sectors=False, limit=ALL)["edges"] if g in sector_edges]
    aid = next(e for e in store.iter_events() if e["type"] == "AID" and e["source_id"] == "dastan")
    store.add_decision("reject_event", event=aid["id"])
    _check(store)
    hit = next(e for e in store.iter_events() if e["type"] == "ASSAULT" and not e["negated"])
    store.add_decision("confirm_event", event=hit["id"])
    _check(store)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    _check(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    _check(store)
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    store.add_decision("type", actor="Dastan", type="ORG")
    _check(store)
    for d in reversed(store.decisions()):
        store.undo_decision(d["id"])
        _check(store)
    docs = [d["id"] for d in store.documents()]
    again = make_extraction(["Dastan armed the Free Meridian Front again."], source="The Courier",
                            actors={"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ())},
                            events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])
    add_extraction(store, again)
    with store.transaction():
        store.supersede(docs[-1], again.doc.id)
    _check(store)
    with store.transaction():
        store.remove_document(docs[0])
    _check(store)
    with store.transaction():
        for doc_id in [d["id"] for d in store.documents()]:
            store.remove_document(doc_id)
    _check(store)
    assert store.edge_page() == {"edges": [], "total_edges": 0, "total_nodes": 0}


def test_edges_kept_by_several_postgres_writers_at_once(pg_url):
    """Four writers at once, each its own documents naming the same pairs (in both directions,
    from two outlets, some negated), then each removing some: the folded tables equal the events
    grouped, and no writer failed or deadlocked (each fold waits for the one before)."""
    import threading

    from claimgraph.store import open_store

    people = {"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ()), "g:knb": ("Karem North Brigade", "ORG", ())}

    def docs(w: int) -> list:
        out = []
        for i in range(6):
            a, b = ("g:dastan", "g:fmf") if (w + i) % 2 else ("g:fmf", "g:dastan")
            out.append(make_extraction([f"Report {w}-{i}: Dastan and the Front met.", f"Then the Karem North Brigade acted ({w}-{i})."],
                                       source=("The Courier", "The Tribune")[i % 2], actors=people,
                                       events=[{"s": 0, "type": ("AID", "ASSAULT")[i % 2], "source": a, "target": b, "negated": i == 4},
                                               {"s": 1, "type": "COERCE", "source": "g:knb", "target": b}]))
        return out

    stores = [open_store(pg_url) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def work(w: int, store) -> None:
        try:
            start.wait()
            mine = docs(w)
            for ex in mine:
                add_extraction(store, ex)
            with store.transaction():
                store.remove_document(mine[w].doc.id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w, s)) for w, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert errors == []
        assert stores[0].stats()["documents"] == 4 * 5
        _check(stores[0])
    finally:
        for s in stores:
            s.close()


def test_edges_kept_past_the_session_tables_emptying(pg_url):
    """A PostgreSQL session empties its temporary delta tables every ``TRUNCATE_EVERY``
    transactions: the counts kept across that many documents (and a removal after) still equal
    the events grouped."""
    from claimgraph.store import open_store
    from claimgraph.store.postgres.edge_sql import TRUNCATE_EVERY

    people = {"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ())}
    with open_store(pg_url) as store:
        for i in range(TRUNCATE_EVERY + 5):
            add_extraction(store, make_extraction([f"Dastan armed the Free Meridian Front ({i})."], actors=people,
                                                  source=("The Courier", "The Tribune")[i % 2],
                                                  events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}]))
        with store.transaction():
            store.remove_document(store.documents()[0]["id"])
        _check(store)
        assert store.actor("Dastan")["documents"] == TRUNCATE_EVERY + 4


def test_graph_route_default_page_equals_the_grouped_events(store_factory):
    """/api/graph with no filter (the kept edges) answers as the same graph asked through a filter
    that keeps every event (every type: grouped from the events), but for the filters it echoes;
    a page's edges and ids are the first of the whole graph's, with its totals."""
    from fastapi.testclient import TestClient

    from claimgraph.ontology import EVENT_TYPES
    from claimgraph.web import create_app

    store = store_factory(_world())
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    for params in ({}, {"limit": 2}, {"event_ids": 1}, {"min_weight": 2}, {"sectors": "false"}):
        fast = client.get("/api/graph", params=params).json()
        typed = client.get("/api/graph", params={**params, "type": ",".join(EVENT_TYPES)}).json()
        assert fast["edges"] and fast["nodes"] and fast["filters"]["types"] == []
        del fast["filters"], typed["filters"]
        assert fast == typed, params
    full = client.get("/api/graph", params={"limit": 20000, "event_ids": 10000}).json()
    page = client.get("/api/graph", params={"limit": 1, "event_ids": 1}).json()
    assert page["edges"][0]["event_ids"] == full["edges"][0]["event_ids"][:1]
    assert page["edges"][0]["count"] == len(full["edges"][0]["event_ids"]) and page["event_ids_limit"] == 1
    assert (page["total_edges"], page["total_nodes"], page["more"]) == (full["total_edges"], full["total_nodes"], full["total_edges"] > 1)


def test_migration_backfills_the_edges_of_a_store_made_before_it(make_store, tmp_path):
    from claimgraph.store import open_store

    store = make_store(_world(), name="old.db")
    store.add_decision("reject_event", event=next(e for e in store.iter_events() if e["type"] == "AID")["id"])
    with store.transaction():  # the store as migration 15 left it
        rewind_schema(store.conn, schema.MIGRATIONS.index(EDGE_MIGRATION))
    store.close()
    again = open_store(str(tmp_path / "old.db"))
    try:
        assert again.edge_page()["total_edges"] > 0
        _check(again)
    finally:
        again.close()
