"""The SQLite store on hand-made records: idempotence, transactions, alias lookup, migrations."""
from __future__ import annotations

import sqlite3

import pytest

from claimgraph.errors import UnknownActor
from claimgraph.models import Actor, Document, Event, Extraction, Quote
from claimgraph.store import open_store
from claimgraph.store.sqlite.schema import SCHEMA_VERSION
from claimgraph.runner import add_extraction, replace_extraction


def make_extraction(text="Hamas attacked Israel. ISIS threatened Hamas.", source="Daily Example", published="2020-05-01"):
    doc = Document(text=text, path="a.txt", title="T", source=source, published=published)
    actors = (
        Actor("g:hamas", "Hamas", "ORG", aliases=("Hamas",), labels=("militant group",), mentions=((0, 5),), label_spans=(("militant group", 0),)),
        Actor("g:israel", "Israel", "GPE", aliases=("Israel",), mentions=((15, 21),)),
        Actor("t:the offshoot", "The Offshoot", "ORG", aliases=("The Offshoot", "TO"), mentions=((23, 27),)),
    )
    events = (
        Event("ASSAULT", "g:hamas", "g:israel", "attacked", "Hamas attacked Israel.", 0, 22, date=published, date_origin="article"),
        Event("THREATEN", "t:the offshoot", "g:hamas", "threatened", "ISIS threatened Hamas.", 23, 45, hedged=True, attributed_to="g:israel"),
    )
    quotes = (Quote("attacked Israel", 6, 21, False, speaker="g:israel", speaker_text="Israel", cue="said"),)
    return Extraction(doc=doc, actors=actors, events=events, quotes=quotes, pipeline_version="test")


def test_store_ingest_is_idempotent(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        assert add_extraction(store, make_extraction()) is True
        assert add_extraction(store, make_extraction()) is False
        assert store.stats()["documents"] == 1
        assert store.stats()["events"] == 2


def test_store_resolves_gazetteer_and_local_ids(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        add_extraction(store, make_extraction())
        ids = {a["id"] for a in store.actors()}
        assert {"hamas", "israel", "offshoot"} <= ids
        # any alias finds the actor, case- and punctuation-insensitively
        assert store.find_actor("to")["id"] == "offshoot"
        assert store.find_actor("HAMAS")["id"] == "hamas"
        with pytest.raises(UnknownActor):
            store.find_actor("Nobody At All")


def test_store_same_actor_across_documents_gets_one_id(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        add_extraction(store, make_extraction())
        add_extraction(store, make_extraction(text="TO struck again. Hamas said nothing.", source="Other Post"))
        rows = {a["id"]: a for a in store.actors()}
        assert rows["offshoot"]["documents"] == 2


def test_store_event_filters(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        add_extraction(store, make_extraction())
        assert [e["type"] for e in store.events(actor="Israel")] == ["ASSAULT"]
        assert [e["type"] for e in store.events(between=("hamas", "The Offshoot"))] == ["THREATEN"]
        assert store.events(type="assault")[0]["stance"] == "hostile"
        assert store.events(since="2021") == []
        assert len(store.events(until="2020-05")) == 1
        assert store.events(between=("hamas", "The Offshoot"))[0]["attributed_name"] == "Israel"


def test_store_failed_write_leaves_nothing(tmp_path, monkeypatch):
    with open_store(str(tmp_path / "s.db")) as store:
        original = store._write

        def boom(ex, *rest):
            original(ex, *rest)
            raise RuntimeError("crash after writing")

        monkeypatch.setattr(store, "_write", boom)
        with pytest.raises(RuntimeError):
            add_extraction(store, make_extraction())
        assert store.stats() == {"documents": 0, "superseded": 0, "actors": 0, "quotes": 0, "events": 0, "timexes": 0}


def test_store_migrates_and_uses_wal(tmp_path):
    path = str(tmp_path / "s.db")
    open_store(path).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert int(con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]) == SCHEMA_VERSION


def test_store_migration_adds_the_event_mode_to_an_older_store(tmp_path):
    from claimgraph.store.sqlite.schema import MIGRATIONS, statements

    path = str(tmp_path / "old.db")
    con = sqlite3.connect(path)
    before = MIGRATIONS.index(next(m for m in MIGRATIONS if "ADD COLUMN mode" in m))
    for script in MIGRATIONS[:before]:
        for stmt in statements(script):
            con.execute(stmt)
    con.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(before),))
    con.execute("INSERT INTO documents(id, content_hash, text, pipeline_version) VALUES ('d1', 'h1', 'Dastan armed the Front.', 'old')")
    con.execute("INSERT INTO events(doc_id, type, stance, trigger, sentence, start, \"end\", negated, hedged, pipeline_version)"
                " VALUES ('d1', 'AID', 'cooperative', 'armed', 'Dastan armed the Front.', 0, 23, 0, 0, 'old')")
    con.commit()
    con.close()
    with open_store(path) as store:
        [row] = list(store.iter_events())
        assert row["mode"] == [] and row["type"] == "AID"


def test_store_replace_extraction_swaps_records(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        ex = make_extraction()
        add_extraction(store, ex)
        from dataclasses import replace

        replace_extraction(store, replace(ex, events=ex.events[:1], pipeline_version="v2"))
        assert store.stats()["events"] == 1
        assert store.stats()["documents"] == 1


def test_writer_checkpoints_its_log_as_configured(tmp_path, monkeypatch):
    """A read-write open checkpoints the write-ahead log every ``config.sqlite_wal_pages()``
    pages (20,000 unless ``CLAIMGRAPH_SQLITE_WAL_PAGES`` says otherwise), not SQLite's 1,000."""
    from claimgraph.errors import ClaimgraphError
    from claimgraph.store import open_store

    with open_store(str(tmp_path / "a.db")) as store:
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 20_000
    monkeypatch.setenv("CLAIMGRAPH_SQLITE_WAL_PAGES", "3000")
    with open_store(str(tmp_path / "a.db")) as store:
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 3000
    monkeypatch.setenv("CLAIMGRAPH_SQLITE_WAL_PAGES", "many")
    with pytest.raises(ClaimgraphError, match="CLAIMGRAPH_SQLITE_WAL_PAGES='many' is not a number of pages"):
        open_store(str(tmp_path / "a.db"))
