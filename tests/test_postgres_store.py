"""The PostgreSQL back end beyond the shared contract (tests/test_store_contract.py runs that on
both): the dialect bridge, migrations numbered as SQLite's, the same answers as SQLite for the
same records, read-only opens, several writers at once, and copying a store between back ends
(``store.copying.copy_store``, ``claimgraph migrate --to``).  The server comes from
``tests/pg_support.py``; the dialect tests need none."""
from __future__ import annotations

import threading

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.runner import add_extraction
from claimgraph.store import EventFilter, open_store
from claimgraph.store.copying import copy_store
from claimgraph.store.postgres.dialect import to_postgres


# -- the dialect bridge (no server) -------------------------------------------------------------
def test_postgres_dialect_params_and_comparisons():
    assert to_postgres("SELECT 1 FROM a WHERE x = ? AND y IS NOT ? AND z IS ?") == \
        "SELECT 1 FROM a WHERE x = %s AND y IS DISTINCT FROM %s AND z IS NOT DISTINCT FROM %s"
    assert to_postgres("UPDATE d SET s = :new WHERE id = :old OR s = :old AND t IS NOT NULL") == \
        "UPDATE d SET s = %(new)s WHERE id = %(old)s OR s = %(old)s AND t IS NOT NULL"
    assert to_postgres("INSERT OR IGNORE INTO aliases(a) VALUES (?)") == "INSERT INTO aliases(a) VALUES (%s) ON CONFLICT DO NOTHING"
    assert to_postgres("SELECT 1 WHERE a LIKE ? AND b NOT IN () AND c IN ()") == \
        "SELECT 1 WHERE a ILIKE %s AND b <> ALL('{}') AND c = ANY('{}')"


def test_postgres_dialect_leaves_literals_alone_and_orders_nulls_like_sqlite():
    sql = "SELECT x || ':' || '?' || '50%' FROM t WHERE s IS NOT 'rejected' ORDER BY a, b DESC, f(c, d) LIMIT ?"
    assert to_postgres(sql) == ("SELECT x || ':' || '?' || '50%%' FROM t WHERE s IS DISTINCT FROM 'rejected'"
                                " ORDER BY a NULLS FIRST, b DESC NULLS LAST, f(c, d) NULLS FIRST LIMIT %s")
    assert to_postgres("SELECT '50%' FROM t", with_params=False) == "SELECT '50%' FROM t"
    window = to_postgres("SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b, c) FROM t ORDER BY d")
    assert window == "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b NULLS FIRST, c NULLS FIRST) FROM t ORDER BY d NULLS FIRST"


def test_postgres_migrations_are_numbered_as_sqlites():
    from claimgraph.store.postgres.schema import MIGRATIONS as PG
    from claimgraph.store.sqlite.schema import MIGRATIONS as SQLITE

    assert len(PG) == len(SQLITE), "a migration appended to store/sqlite/schema.py needs its twin in store/postgres/schema.py"


def test_postgres_url_password_is_never_shown():
    from claimgraph.store.postgres import display_url

    assert display_url("postgresql://me:s3cret@db.example.invalid:5432/news") == "postgresql://me:***@db.example.invalid:5432/news"
    assert display_url("postgresql://db.example.invalid/news") == "postgresql://db.example.invalid/news"


# -- on a server ----------------------------------------------------------------------------------
def _snapshot(store, ingested: bool = True) -> dict:
    """What the queries answer, without row ids (each back end numbers its own rows); without
    the moment each document was stored unless ``ingested`` (a copy keeps it; two stores filled
    one after the other may each take their own second)."""
    def strip(rows, keys=("id", "curated_by", "answers")):
        return [{k: v for k, v in r.items() if k not in keys} for r in rows]

    moments = () if ingested else ("ingested_at",)

    return {
        "stats": store.stats(), "facets": store.facet_counts(), "actors": store.actors(places=True), "rows": store.actor_rows(),
        # a copy supersedes again, at the time of the copy (store/copying.py): that moment is no answer
        "documents": strip(store.documents(superseded=True), ("superseded_at", *moments)),
        "texts": strip(store.iter_documents(with_text=True), moments),
        "events": strip(store.iter_events()), "labels": store.labels_by_actor(), "known": sorted(store.known_names()),
        "conflicts": strip(store.conflict_pairs(10), ("reject_ids",)), "counts": store.document_counts(),
        "edges": strip(store.graph_edges(EventFilter()), ("ids",)), "quotes": strip(store.quotes()),
        "rejected": store.rejected_names(), "search": [d["title"] for d in store.search("convoy")["documents"]],
        "varga": strip(store.events(actor="Varga")), "decisions": strip(store.decisions(), ("id", "created_at")),
        "affiliates": store.affiliates_of("sok"), "pair": strip(store.pair_events("dastan", "fmf", per_stance=1)),
    }


def _curated(store):
    for ex in meridian_records():
        add_extraction(store, ex)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade", note="one group")
    rifles = next(e for e in store.events() if e["sentence"].startswith("Dastan delivered rifles"))
    store.add_decision("reject_event", event=rifles["id"])
    return store


def test_postgres_answers_as_sqlite_does(pg_url, tmp_path):
    lite, pg = _curated(open_store(str(tmp_path / "a.db"))), _curated(open_store(pg_url))
    try:
        a, b = _snapshot(lite, ingested=False), _snapshot(pg, ingested=False)
        assert {k for k in a if a[k] != b[k]} == set()
    finally:
        lite.close()
        pg.close()


def test_postgres_readonly_open_refuses_writes_and_unmigrated_databases(pg_server, pg_url):
    with open_store(pg_url) as store:
        add_extraction(store, meridian_records()[0])
    ro = open_store(pg_url, readonly=True)
    try:
        assert ro.stats()["documents"] == 1
        with pytest.raises(StoreError, match="read-only"):
            add_extraction(ro, meridian_records()[1])
        with pytest.raises(Exception, match="read-only"):  # the server refuses too
            ro.conn.execute("DELETE FROM documents")
    finally:
        ro.close()
    import psycopg

    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as admin:
        admin.execute("CREATE DATABASE bare")
    try:
        with pytest.raises(StoreError, match="not a claimgraph store"):
            open_store(pg_server.url("bare"), readonly=True)
    finally:
        pg_server.drop(pg_server.url("bare"))


def test_postgres_several_writers_store_one_content_once(pg_url):
    """Writers that ingest the same documents at once: each content is stored once, and no
    writer fails (``ON CONFLICT`` on the document and on the actors)."""
    records = meridian_records()
    stores = [open_store(pg_url) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def ingest(store):
        try:
            start.wait()
            for ex in records:
                add_extraction(store, ex)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        assert stores[0].stats() == {"documents": 5, "superseded": 0, "actors": 7, "quotes": 0, "events": 16, "timexes": 0}
    finally:
        for s in stores:
            s.close()


def test_postgres_ingests_at_once_in_batches_wait_for_each_other(pg_url, tmp_path, monkeypatch):
    """Two ingests of the same documents at once, in different orders, each committing batches of
    documents (``runner.base.Batches``): each holds new actors that the other needs, and when
    the server breaks the deadlock, the job it failed commits what it has and tries that
    document again.  Neither fails a document; each content and actor is stored once."""
    import dataclasses
    import random

    from claimgraph.runner import ingest_paths

    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "8")
    n = 120
    folder = tmp_path / "in"
    folder.mkdir()
    files = []
    for i in range(n):
        files.append(folder / f"{i:02d}.txt")
        files[-1].write_text(f"Report {i}: Arvel Kest{i} aided Borun Tal{i + 1}.", encoding="utf-8")

    class Runner:
        nlp = None

        def extract(self, documents):
            for doc in documents:
                i = int(doc.text.split(":")[0].split()[1])
                ex = make_extraction([doc.text], actors={f"g:a{i}": (f"Arvel Kest{i}", "PERSON", ()),
                                                        f"g:a{i + 1}": (f"Borun Tal{i + 1}", "PERSON", ())},
                                     events=[{"s": 0, "type": "AID", "source": f"g:a{i}", "target": f"g:a{i + 1}"}])
                yield dataclasses.replace(ex, doc=doc)

    reports, errors = [], []
    start = threading.Barrier(2)

    def ingest(order):
        try:
            with open_store(pg_url) as store:
                start.wait()
                reports.append(ingest_paths(order, store, runner=Runner()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    shuffled = random.Random(7).sample(files, n)  # the two meet all along the way
    threads = [threading.Thread(target=ingest, args=(o,)) for o in (files, shuffled)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and [r.failed for r in reports] == [[], []]
    assert sum(r.stored for r in reports) == n
    with open_store(pg_url) as store:
        stats = store.stats()
        assert (stats["documents"], stats["actors"], stats["events"]) == (n, n + 1, n)


def test_postgres_stores_a_document_with_overlong_metadata(pg_url, tmp_path):
    """A JSONL record whose title, source and URL run to thousands of characters is stored: the
    title and source are cut as they are read (``ingest.document.capped``) and the URL is indexed
    by its hash (migration 26), where PostgreSQL's B-tree indexes refused the row ("index row size
    exceeds btree version 4 maximum 2704")."""
    import json

    from claimgraph.runner import ingest_paths
    from test_write_batches import Runner

    import hashlib

    def junk(n):  # words that do not compress (the server compresses a long index row that does)
        return " ".join(hashlib.sha256(f"{n}-{i}".encode()).hexdigest()[:12] for i in range(n))

    feed = tmp_path / "feed.jsonl"
    url = "https://ledger.example.org/a?ref=" + junk(400).replace(" ", "&x=")  # 5,000 characters, kept whole
    feed.write_text(json.dumps({"text": "Dastan armed the FMF near the border on Monday.", "title": "Dastan arms " + junk(500),
                                "source": "Orlan Ledger " + junk(300), "url": url}) + "\n", encoding="utf-8")
    with open_store(pg_url) as store:
        report = ingest_paths([feed], store, runner=Runner())
        assert (report.stored, report.failed) == (1, [])
        (row,) = store.documents()
        assert row["title"].startswith("Dastan arms") and len(row["title"]) <= 300 and len(row["source"]) <= 120
        assert [(r["source"], r["documents"]) for r in store.outlet_counts()] == [(row["source"], 1)]  # the kept outlet key
        assert row["url"] == url and [d["id"] for d in store.documents_at(urls=[url])] == [row["id"]]  # migration 26's index


def test_postgres_migration_26_indexes_urls_by_their_hash(pg_url):
    from conftest import rewind_pg_schema

    store = open_store(pg_url)
    add_extraction(store, make_extraction(["Dastan armed the FMF."], actors={}, path="a.txt"))
    with store.transaction():
        rewind_pg_schema(store.conn, 25)
    kind = "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'documents_url'"
    assert store.conn.execute(kind).fetchone()[0] == "btree"
    store.close()
    with open_store(pg_url) as store:
        assert store.conn.execute(kind).fetchone()[0] == "hash" and store.schema_version() >= 26


def test_postgres_migration_28_gives_labels_their_documents_outlet_and_date(pg_url):
    """Migration 28 fills each stored label's outlet key and date from its document, a label
    written later gets its own, and a document's new outlet or date moves its labels."""
    from conftest import rewind_pg_schema

    from claimgraph.analysis import framing

    store = open_store(pg_url)
    add_extraction(store, make_extraction(["The FMF struck."], actors={"g:fmf": MERIDIAN_ACTORS["g:fmf"]}, source="The Herald",
                                          published="2021-03-01", labels=[("g:fmf", "militia", 0)]))
    with store.transaction():
        rewind_pg_schema(store.conn, 27)
    columns = "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'labels' AND column_name IN ('k', 'published')"
    assert store.conn.execute(columns).fetchone()[0] == 0
    store.close()
    store = open_store(pg_url)
    assert store.schema_version() == 28 and store.conn.execute(columns).fetchone()[0] == 2
    add_extraction(store, make_extraction(["The FMF struck again."], actors={"g:fmf": MERIDIAN_ACTORS["g:fmf"]},
                                          path="/feeds/b/wire.txt", labels=[("g:fmf", "Militia", 0)]))
    kept = "SELECT l.k IS NOT DISTINCT FROM (SELECT {} FROM documents d WHERE d.id = l.doc_id) AND l.published IS NOT DISTINCT FROM" \
           " (SELECT published FROM documents WHERE id = l.doc_id) FROM labels l"
    from claimgraph.store.postgres.edge_sql import outlet_key

    assert [r[0] for r in store.conn.execute(kept.format(outlet_key("d"))).fetchall()] == [True, True]
    got = framing(store, "fmf")["by_source"]
    assert {k: [(e["label"], e["count"]) for e in v] for k, v in got.items()} == {"The Herald": [("militia", 1)], "wire.txt": [("militia", 1)]}
    with store.transaction():  # no code path renames an outlet or redates a document today; the labels follow all the same
        store.conn.execute("UPDATE documents SET source = 'Varosia Times', published = '2020-01-01' WHERE source = 'The Herald'")
    assert [r[0] for r in store.conn.execute(kept.format(outlet_key("d"))).fetchall()] == [True, True]
    assert set(framing(store, "fmf")["by_source"]) == {"Varosia Times", "wire.txt"}
    store.close()


def test_postgres_copy_both_ways_keeps_records_and_decisions(pg_url, tmp_path):
    lite = _curated(open_store(str(tmp_path / "a.db")))
    old, new = (make_extraction([t], actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")}, path="wire.txt",
                                events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])
                for t in ("Dastan armed the FMF.", "Dastan armed the FMF again."))
    add_extraction(lite, old)
    add_extraction(lite, new)
    lite.supersede(old.doc.id, new.doc.id)
    pg = open_store(pg_url)
    back = open_store(str(tmp_path / "b.db"))
    try:
        report = copy_store(lite, pg)
        assert (report.documents, report.superseded, report.decisions) == (6, 1, 2)
        copy_store(pg, back)
        want = _snapshot(lite)
        assert {k for k, v in _snapshot(pg).items() if v != want[k]} == set()
        assert {k for k, v in _snapshot(back).items() if v != want[k]} == set()
        assert pg.apply_decisions() == {}  # the copied records carry them already
        with pytest.raises(ClaimgraphError, match="not empty"):
            copy_store(lite, pg)
    finally:
        for s in (lite, pg, back):
            s.close()


def test_postgres_cli_migrate_then_query_and_curate_the_server(pg_url, tmp_path):
    import json

    from typer.testing import CliRunner

    from claimgraph.cli import app

    lite = str(tmp_path / "a.db")
    _curated(open_store(lite)).close()
    cli = CliRunner()
    done = cli.invoke(app, ["--db", lite, "migrate", "--to", pg_url, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["documents"] == 5 and json.loads(done.output)["decisions"] == 2
    actors = cli.invoke(app, ["--db", pg_url, "actors", "--json"])
    assert actors.exit_code == 0, actors.output
    assert {a["id"] for a in json.loads(actors.output)} >= {"dastan", "fmf", "sok"}
    renamed = cli.invoke(app, ["actors", "rename", "the Front", "Meridian Front", "--db", pg_url])
    assert renamed.exit_code == 0, renamed.output
    with open_store(pg_url, readonly=True) as store:
        assert store.actor_by_id("fmf")["name"] == "Meridian Front" and len(store.decisions()) == 3
    again = cli.invoke(app, ["--db", lite, "migrate", "--to", pg_url])
    assert again.exit_code != 0 and "not empty" in str(again.exception)


def test_postgres_web_app_reads_the_server(pg_url):
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    _curated(open_store(pg_url)).close()
    with TestClient(create_app(pg_url), base_url="http://127.0.0.1") as client:
        graph = client.get("/api/graph")
        assert graph.status_code == 200, graph.text
        found = client.get("/api/search", params={"q": "convoy"})
        assert found.status_code == 200, found.text
        assert "Convoy ambushed" in found.text


@pytest.mark.parametrize("values, sqltype", [
    (["COOPERATE", "", "", None, "x\x1fy", "\x1e"], "TEXT"),  # a separator and the NULL mark as values: passed as a list
    (["COOPERATE", "", None, "AID"], "TEXT"), ([""], "TEXT"), ([], "TEXT"), (["only"], "TEXT"),
    ([0, 1, 1, None], "INTEGER"), ([True, False], "INTEGER"),
])
def test_postgres_key_columns_reach_the_server_as_they_were(pg_url, values, sqltype):
    """The claim reads' key columns, each one argument (``events._array``), split back into the values given."""
    from claimgraph.store.postgres.events import _array

    sql, arg = _array(values, sqltype)
    with open_store(pg_url) as store:
        got = [r[0] for r in store.conn.execute(f"SELECT unnest({sql})", (arg,)).fetchall()]
    assert got == [None if v is None else int(v) if sqltype == "INTEGER" else v for v in values]
