"""``claimgraph remove DOC...``: documents named by id, path or URL go with their older versions
and everything extracted from them, then the actors nothing names any more; an unknown DOC
removes nothing unless ``--ignore-missing``.  The store is checked against its own schema
(``test_versions_support.problems``) after every change."""
from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph.errors import UnknownActor, UnknownDocument
from claimgraph.runner import ingest_paths, remove_documents
from claimgraph.store import open_store
from test_cli_support import build_store, invoke, run_main
from test_versions_support import FIRST, OTHER, SECOND, HandRunner, actor_ids, problems


def pellin_record():
    """A document that alone names Zora Pellin (every Meridian record names all seven actors)."""
    return make_extraction(["Zora Pellin said Varosia attacked the FMF on Monday."], path="corpus/pellin.txt", source="Orla Post",
                           actors={"t:pellin": ("Zora Pellin", "PERSON", ()), "g:varosia": MERIDIAN_ACTORS["g:varosia"],
                                   "g:fmf": MERIDIAN_ACTORS["g:fmf"]},
                           events=[{"s": 0, "type": "ASSAULT", "source": "g:varosia", "target": "g:fmf", "attributed_to": "t:pellin"}])


@pytest.fixture
def meridian_copy(tmp_path):
    return str(build_store(tmp_path / "m.db", [*meridian_records(), pellin_record()]))


def doc_by(store, **where):
    return next(d for d in store.documents(superseded=True) if all(d.get(k) == v for k, v in where.items()))


def test_versions_remove_by_path_and_id_takes_records_and_lone_actors(meridian_copy):
    ever = actor_ids(meridian_copy)
    with open_store(meridian_copy) as store:
        pellin = doc_by(store, path="corpus/pellin.txt")["id"]
        tribune = doc_by(store, source="The Tribune")["id"]
        before = store.stats()
        assert {a["name"]: a["documents"] for a in store.actors()}["Free Meridian Front"] == 6
        report = remove_documents(store, ["corpus/pellin.txt", tribune])
        assert [d["id"] for d in report.documents] == [pellin, tribune] and report.events == 1 + 3
        # Zora Pellin was named by her document alone; the others are named elsewhere too
        assert [a["name"] for a in report.actors] == ["Zora Pellin"]
        with pytest.raises(UnknownActor):
            store.find_actor("Pellin")
        assert store.stats() == {**before, "documents": 4, "events": before["events"] - 4, "actors": before["actors"] - 1}
        assert {pellin, tribune}.isdisjoint({e["doc_id"] for e in store.iter_events()})
        assert not store.has_document(pellin) and store.document(tribune) is None
        assert store.search("border guards")["documents"] == []  # the Tribune's words left the full-text index
        assert "Orla Post" not in store.facet_counts()["sources"]
        assert {a["name"]: a["documents"] for a in store.actors()}["Free Meridian Front"] == 4
    assert problems(meridian_copy, ever) == []


def test_versions_remove_unknown_removes_nothing_unless_ignored(meridian_copy):
    with open_store(meridian_copy) as store:
        before = store.stats()
        with pytest.raises(UnknownDocument) as err:
            remove_documents(store, ["corpus/voice.txt", "corpus/nowhere.txt", "0123abcd0123abcd"])
        assert "'corpus/nowhere.txt', '0123abcd0123abcd'" in str(err.value) and "nothing was removed" in str(err.value)
        assert store.stats() == before
        report = remove_documents(store, ["corpus/voice.txt", "corpus/nowhere.txt"], ignore_missing=True)
        assert len(report.documents) == 1 and report.missing == ["corpus/nowhere.txt"]
        assert store.stats()["documents"] == before["documents"] - 1
    assert problems(meridian_copy) == []


def test_versions_remove_a_current_version_takes_its_older_versions(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "clash.txt").write_text(FIRST, encoding="utf-8")
    (news / "sanctions.txt").write_text(OTHER, encoding="utf-8")
    db = str(tmp_path / "v.db")
    with open_store(db) as store:
        ingest_paths([news], store, runner=HandRunner())
        ever = actor_ids(db)
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        ingest_paths([news], store, runner=HandRunner(), update=True)
        current = doc_by(store, path=str(news / "clash.txt"), superseded_by=None)["id"]
        older = store.older_versions([current])
        assert len(older) == 1
        # by the current version's id: the older one goes too, and nothing points at a missing document
        report = remove_documents(store, [current])
        assert {d["id"] for d in report.documents} == {current, older[0]["id"]}
        assert store.stats()["documents"] == 1 and store.stats()["superseded"] == 0
        assert [a["name"] for a in report.actors] == ["Free Meridian Front"]
    assert problems(db, ever) == []


def test_versions_remove_an_older_version_alone(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "clash.txt").write_text(FIRST, encoding="utf-8")
    db = str(tmp_path / "v.db")
    with open_store(db) as store:
        ingest_paths([news], store, runner=HandRunner())
        old = store.documents()[0]["id"]
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        ingest_paths([news], store, runner=HandRunner(), update=True)
        report = remove_documents(store, [old])
        assert [d["id"] for d in report.documents] == [old] and report.events == 0 and report.actors == []
        assert store.stats()["documents"] == 1 and store.stats()["superseded"] == 0
    assert problems(db) == []


def test_versions_remove_a_jsonl_file_takes_each_of_its_documents(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": FIRST, "url": "https://example.invalid/a"}) + "\n" + json.dumps({"text": OTHER}) + "\n",
                    encoding="utf-8")
    db = str(tmp_path / "j.db")
    with open_store(db) as store:
        ingest_paths([feed], store, runner=HandRunner())
        assert len(remove_documents(store, ["https://example.invalid/a"]).documents) == 1
        assert len(remove_documents(store, [str(feed)]).documents) == 1
        assert store.stats() == {"documents": 0, "superseded": 0, "actors": 0, "quotes": 0, "events": 0, "timexes": 0}
    assert problems(db) == []


def test_versions_remove_is_one_transaction(meridian_copy, monkeypatch):
    """A failure part-way (here the actors' clean-up) leaves every document where it was."""
    with open_store(meridian_copy) as store:
        before = store.stats()

        def broken(ids):
            raise RuntimeError("disk unplugged")

        monkeypatch.setattr(store, "drop_unreferenced_actors", broken)
        with pytest.raises(RuntimeError):
            remove_documents(store, ["corpus/voice.txt", doc_by(store, source="The Tribune")["id"]])
        assert store.stats() == before
    assert problems(meridian_copy) == []


def test_versions_consistency_check_can_fail(meridian_copy):
    """The check finds a record without its document, an actor nothing names, a superseded
    document that kept records and a dangling ``answers``."""
    assert problems(meridian_copy) == []
    conn = sqlite3.connect(meridian_copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO actors(id, name, type) VALUES ('ghost', 'Ghost', 'PERSON')")
    conn.execute("UPDATE events SET answers = 999999 WHERE id = (SELECT MIN(id) FROM events)")
    conn.execute("INSERT INTO timexes(doc_id, start, \"end\", text, type) VALUES ('missing', 0, 1, 'x', 'DATE')")
    two = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY rowid LIMIT 2")]
    conn.execute("UPDATE documents SET superseded_by = ? WHERE id = ?", (two[1], two[0]))
    conn.commit()
    conn.close()
    found = " | ".join(problems(meridian_copy))
    for words in ("timexes.doc_id name a missing document", "events.answers name a missing event", "['ghost']",
                  "belong to a superseded document"):
        assert words in found, found


def test_versions_consistency_check_reads_the_schema(meridian_copy):
    from test_versions_support import reference_columns

    conn = sqlite3.connect(meridian_copy)
    try:
        conn.execute("CREATE TABLE notes (doc_id TEXT, about TEXT REFERENCES actors(id), body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('missing', 'nobody', 'x')")
        conn.commit()
        cols = reference_columns(conn)
    finally:
        conn.close()
    assert ("notes", "doc_id") in cols["documents"] and ("notes", "about") in cols["actors"]
    assert not any(t.startswith("documents_fts") for t, _ in cols["documents"])
    found = " | ".join(problems(meridian_copy))
    assert "notes.doc_id name a missing document" in found and "notes.about name a missing actor" in found


# -- the command line -------------------------------------------------------------------------
def test_versions_cli_remove_prints_what_went(meridian_copy):
    res = invoke("remove", "corpus/voice.txt", "--db", meridian_copy)
    assert res.exit_code == 0, res.output
    said = " ".join(res.stdout.split())
    assert "corpus/voice.txt" in said and "removed 1 document, 2 events, 0 quotes; dropped 0 actors" in said
    with open_store(meridian_copy) as store:
        pellin = doc_by(store, path="corpus/pellin.txt")["id"]
    res = invoke("remove", pellin, "--db", meridian_copy, "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [d["id"] for d in out["documents"]] == [pellin] and out["events"] == 1 and out["missing"] == []
    assert [a["name"] for a in out["actors"]] == ["Zora Pellin"]
    assert problems(meridian_copy) == []


def test_versions_cli_remove_unknown_is_one_line_and_removes_nothing(meridian_copy):
    res = run_main("remove", "corpus/voice.txt", "nope.txt", "--db", meridian_copy)
    assert res.exit_code == 2 and "'nope.txt'" in res.stderr and "nothing was removed" in res.stderr
    assert res.stderr.strip().count("\n") == 0 and "Traceback" not in res.stderr
    with open_store(meridian_copy, readonly=True) as store:
        assert store.stats()["documents"] == 6
    res = run_main("remove", "corpus/voice.txt", "nope.txt", "--ignore-missing", "--db", meridian_copy)
    assert res.exit_code == 0 and "no document matched (ignored): nope.txt" in " ".join(res.stdout.split())
    with open_store(meridian_copy, readonly=True) as store:
        assert store.stats()["documents"] == 5


def test_versions_cli_remove_needs_a_doc(meridian_copy):
    res = invoke("remove", "--db", meridian_copy)
    assert res.exit_code == 2 and "DOC" in res.output
