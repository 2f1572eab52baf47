"""Pooled PostgreSQL connections (``store/postgres/pool.py``), on the throw-away server of
``tests/pg_support.py``: readers in threads answer while a writer ingests, stores and web
requests reuse a few connections, a closed store gives its connection back, a connection the
server ended gives the store's usual error and is then discarded, a full pool says so, and a
forked child makes a pool of its own and leaves its parent's connections alone."""
from __future__ import annotations

import gc
import json
import os
import threading

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph.errors import StoreBusy, StoreError
from claimgraph.runner import add_extraction
from claimgraph.store import open_store
from claimgraph.store.postgres import pool


def _backend(store) -> int:
    return store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def _wire(i: int):
    """One more invented wire story, of its own content."""
    return make_extraction([f"Dastan armed the Free Meridian Front near Varosia, report {i}."],
                           actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")}, path=f"wire{i:03d}.txt",
                           events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])


def _terminate(pg_server, pid: int) -> None:
    import psycopg

    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]


def test_postgres_pool_readers_in_threads_answer_while_a_writer_ingests(pg_url):
    records = meridian_records() + [_wire(i) for i in range(25)]
    done = threading.Event()
    errors: list[BaseException] = []
    seen: dict[int, list[int]] = {r: [] for r in range(4)}

    def write() -> None:
        try:
            with open_store(pg_url) as store:
                for ex in records:
                    add_extraction(store, ex)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            done.set()

    def read(reader: int) -> None:
        try:
            while True:
                finished = done.is_set()
                with open_store(pg_url, readonly=True) as store:  # a store per question, as the web app opens them
                    seen[reader].append(store.stats()["documents"])
                    store.actors()
                if finished:
                    return
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    with open_store(pg_url, readonly=True):
        pass  # the pool is made (and the URL tried) before the threads start
    before = pool.pool_stats(pg_url)["connections_num"]
    threads = [threading.Thread(target=write)] + [threading.Thread(target=read, args=(r,)) for r in seen]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    opens = sum(len(counts) for counts in seen.values())
    for counts in seen.values():
        assert counts == sorted(counts) and counts[-1] == len(records)  # each reader saw the store grow, to the end
    assert sum(1 for counts in seen.values() for n in counts if 0 < n < len(records)) > 0  # answers during the writes
    stats = pool.pool_stats(pg_url)
    made = stats["connections_num"] - before
    assert opens > 20 and made <= 5, (opens, stats)  # five threads at most at once: a few connections, reused
    assert stats["pool_size"] <= stats["pool_max"] and stats["pool_available"] == stats["pool_size"]  # all given back


def test_postgres_pool_closing_gives_the_connection_back_for_the_next_store(pg_url):
    stores = [open_store(pg_url, readonly=True) for _ in range(3)]
    pids = {_backend(s) for s in stores}
    stats = pool.pool_stats(pg_url)
    assert len(pids) == 3 and stats["pool_size"] == 3 and stats["pool_available"] == 0
    for s in stores:
        s.close()
    assert pool.pool_stats(pg_url)["pool_available"] == 3
    made = pool.pool_stats(pg_url)["connections_num"]
    with open_store(pg_url) as writer:  # a writable store on a connection a reader had: it writes
        assert _backend(writer) in pids
        add_extraction(writer, meridian_records()[0])
    with open_store(pg_url, readonly=True) as reader:  # and a reader on one a writer had stays read-only
        with pytest.raises(Exception, match="read-only"):
            reader.conn.execute("DELETE FROM documents")
    assert pool.pool_stats(pg_url)["connections_num"] == made  # no new connection for either
    stores[0].close()  # twice is nothing
    with pytest.raises(StoreError, match="is closed"):
        stores[0].stats()  # its connection is another store's now: never used through the closed one


def test_postgres_pool_a_store_dropped_without_close_gives_its_connection_back(pg_url):
    open_store(pg_url, readonly=True).close()
    leaked = open_store(pg_url, readonly=True)
    assert pool.pool_stats(pg_url)["pool_available"] == 0
    del leaked
    gc.collect()
    with open_store(pg_url, readonly=True):
        pass
    stats = pool.pool_stats(pg_url)
    assert stats["pool_size"] == 1 and stats["pool_available"] == 1


def test_postgres_pool_a_connection_the_server_ended_errors_as_before_and_is_discarded(pg_server, pg_url):
    import psycopg

    store = open_store(pg_url, readonly=True)
    killed = _backend(store)
    _terminate(pg_server, killed)
    with pytest.raises(psycopg.OperationalError, match="terminating connection due to administrator command"):
        store.stats()  # the message the store gave before the pool (main() prints it in one line)
    store.close()
    assert pool.pool_stats(pg_url).get("returns_bad") == 1  # discarded (and replaced), not handed out again
    with open_store(pg_url, readonly=True) as again:
        assert _backend(again) != killed and again.stats()["documents"] == 0
    pool.close_pool(pg_url)
    with open_store(pg_url, readonly=True) as s:
        waiting = _backend(s)
    assert pool.pool_stats(pg_url)["pool_available"] == 1
    _terminate(pg_server, waiting)  # ended while it waits in the pool: the checkout finds it broken
    with open_store(pg_url, readonly=True) as s:
        assert _backend(s) != waiting and s.stats()["documents"] == 0
    assert pool.pool_stats(pg_url).get("connections_lost", 0) >= 1


def test_postgres_pool_full_says_so_and_a_close_makes_room(pg_url, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_PG_POOL_SIZE", "2")
    monkeypatch.setattr(pool, "TIMEOUT", 0.5)
    pool.close_pool(pg_url)
    a, b = open_store(pg_url, readonly=True), open_store(pg_url, readonly=True)
    try:
        with pytest.raises(StoreBusy, match="all 2 connections of this process's pool were in use"):
            open_store(pg_url, readonly=True)
        b.close()
        with open_store(pg_url, readonly=True) as c:
            assert c.stats()["documents"] == 0
    finally:
        a.close()
        b.close()
        pool.close_pool(pg_url)


def test_postgres_pool_size_setting_is_checked(monkeypatch):
    from claimgraph.config import pg_pool_size
    from claimgraph.errors import ClaimgraphError

    monkeypatch.setenv("CLAIMGRAPH_PG_POOL_SIZE", "lots")
    with pytest.raises(ClaimgraphError, match="CLAIMGRAPH_PG_POOL_SIZE='lots' is not a number of connections"):
        pg_pool_size()
    monkeypatch.setenv("CLAIMGRAPH_PG_POOL_SIZE", "3")
    assert pg_pool_size() == 3


def test_postgres_pool_a_forked_child_makes_its_own_and_leaves_the_parents_alone(pg_url):
    first, kept = open_store(pg_url, readonly=True), open_store(pg_url, readonly=True)
    parents, kepts = _backend(first), _backend(kept)
    first.close()  # its connection waits in the parent's pool; kept's is in use: the child inherits both
    assert pool.pool_stats(pg_url)["pool_available"] == 1
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: never back into pytest
        code = 1
        try:
            inherited = pool.pool_stats(pg_url)
            with open_store(pg_url, readonly=True) as mine:
                answer = {"inherited": inherited, "pid": _backend(mine), "documents": mine.stats()["documents"]}
            kept.close()  # a parent's store: let go of, without a word to the server
            pool.close_pools()  # what the child's exit does
            os.write(write, json.dumps(answer).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(child, 0)
    with os.fdopen(read) as f:
        answer = json.loads(f.read() or "{}")
    assert os.waitstatus_to_exitcode(status) == 0 and answer["documents"] == 0
    assert answer["inherited"] is None  # no pool came across the fork
    assert answer["pid"] not in (parents, kepts)
    assert kept.stats()["documents"] == 0  # the parent's connections still work: the one in use,
    kept.close()
    with open_store(pg_url, readonly=True) as store:  # and the one that waited in the pool
        assert _backend(store) == parents and store.stats()["documents"] == 0
    assert pool.pool_stats(pg_url).get("connections_lost", 0) == 0


def test_postgres_pool_web_app_requests_share_a_connection(pg_url):
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    with open_store(pg_url) as store:
        for ex in meridian_records():
            add_extraction(store, ex)
    app = create_app(pg_url)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        made = pool.pool_stats(pg_url)["connections_num"]
        for _ in range(10):
            for route in ("/api/graph", "/api/actors", "/api/search?q=convoy"):
                answer = client.get(route)
                assert answer.status_code == 200, answer.text
        with app.state.store_provider.writer() as store:  # a curation POST's writable store
            store.add_decision("rename", actor="Free Meridian Front", name="Meridian Front")
        with app.state.store_provider.reader() as store:
            assert store.actor_by_id("fmf")["name"] == "Meridian Front"
        stats = pool.pool_stats(pg_url)
    assert stats["connections_num"] == made and stats["requests_num"] >= 32  # every request on the one of the start
    assert stats["pool_available"] == stats["pool_size"] == 1
