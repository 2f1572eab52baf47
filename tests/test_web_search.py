"""Full-text search for the web app: the FTS5 migration (with backfill), the triggers that keep
the index in step, and user input that can never become FTS5 or SQL syntax."""
from __future__ import annotations

import sqlite3

import pytest

from claimgraph.models import Document, Extraction
from claimgraph.store import open_store
from claimgraph.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION
from claimgraph.store.sqlite import _statements
from claimgraph.runner import add_extraction, replace_extraction


def doc(text, title=None, source=None):
    return Extraction(doc=Document(text=text, title=title, source=source), pipeline_version="test")


def test_web_search_migration_backfills_an_older_store(tmp_path):
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    for stmt in _statements(MIGRATIONS[0]):
        conn.execute(stmt)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO documents(id, content_hash, title, text, pipeline_version) VALUES ('d1', 'h1', 'Old news', 'A convoy was ambushed near Tolvik.', 'x')")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [d["id"] for d in store.search("tolvik")["documents"]] == ["d1"]


def test_web_search_index_follows_inserts_replacements_and_deletes(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        add_extraction(store, doc("Rebels ambushed a convoy near Tolvik.", title="Ambush"))
        first = store.search("convoy")["documents"]
        assert [d["title"] for d in first] == ["Ambush"]
        assert first[0]["snippet"][slice(*first[0]["highlights"][0])] == "convoy"
        assert store.search("ambush")["documents"][0]["title"] == "Ambush"  # title, and prefix: ambush* ~ ambushed
        ex = doc("Rebels ambushed a convoy near Tolvik.", title="Ambush")
        replace_extraction(store, Extraction(doc=Document(text=ex.doc.text, title="Renamed"), pipeline_version="test"))
        assert [d["title"] for d in store.search("renamed")["documents"]] == ["Renamed"]
        assert store.search("ambush")["documents"][0]["title"] == "Renamed"
        with store.transaction():
            store.conn.execute("DELETE FROM documents")
        assert store.search("convoy")["documents"] == []


@pytest.mark.parametrize("q", ['"', '""', "'", "NEAR(a b)", "a AND", "OR", "NOT x", "title:x", "*", "a*", "^a", "(", ")",
                               "{a b}:c", "x' OR '1'='1", "1; DROP TABLE documents; --", "%", "_", "\\", "\x00", "ñandú", "🙂"])
def test_web_search_input_never_becomes_syntax(tmp_path, q):
    with open_store(str(tmp_path / "s.db")) as store:
        add_extraction(store, doc("Officials say the talks (in Lenhaven) went well: NOT bad.", title="Talks"))
        res = store.search(q)
        assert set(res) == {"query", "documents", "actors"}
        assert store.stats()["documents"] == 1


def test_web_search_words_are_all_required_and_limited(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        for i in range(30):
            add_extraction(store, doc(f"Report {i}: the ceasefire held in the valley.", title=f"R{i}"))
        add_extraction(store, doc("The ceasefire collapsed in the city.", title="City"))
        assert len(store.search("ceasefire", limit=5)["documents"]) == 5
        assert [d["title"] for d in store.search("ceasefire city")["documents"]] == ["City"]
        assert store.search("ceasefire", limit=10_000)["documents"].__len__() == 31


def test_web_search_actors_by_name_with_like_wildcards_escaped(meridian):
    assert [a["id"] for a in meridian.search("Varga")["actors"]] == ["varga"]
    assert meridian.search("%")["actors"] == [] and meridian.search("_")["actors"] == []
    assert meridian.search("fmf")["actors"][0]["aliases"]


def test_web_search_statement_splitter_keeps_trigger_bodies_whole():
    stmts = _statements(next(m for m in MIGRATIONS if "documents_fts" in m))
    triggers = [s for s in stmts if s.upper().startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.rstrip().upper().endswith("END") for s in triggers)
    assert _statements("CREATE TABLE a (x); ; CREATE TABLE b (y);") == ["CREATE TABLE a (x)", "CREATE TABLE b (y)"]
