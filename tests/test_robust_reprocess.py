"""Re-extraction (``runner.reprocess_store``) after the pipeline version changes, and
``runner.replace_extraction``, which it uses, on actors and aliases."""
from __future__ import annotations

import dataclasses
import shutil
import sqlite3

import pytest

from claimgraph.config import PIPELINE_VERSION
from claimgraph.errors import UnknownActor
from claimgraph.runner import ingest_paths, reprocess_store
from claimgraph.store import open_store
from claimgraph.runner import add_extraction, replace_extraction
from conftest import make_extraction
from test_robust_support import assert_same_content, integrity, snapshot, write_corpus

WORLD = {
    "g:dastan": ("Dastan", "GPE", ()),
    "t:front": ("Free Meridian Front", "ORG", ("FMF",)),
    "t:pellin": ("Zora Pellin", "PERSON", ("Pellin",)),
}


def first_doc(actors=WORLD, attributed=True, labels=(("t:front", "armed group", 1),)):
    return make_extraction(
        ["Zora Pellin said Dastan attacked the Free Meridian Front.", "The FMF, an armed group, denied it."],
        actors=actors, labels=labels, source="The Herald", published="2020-02-03",
        events=[{"s": 0, "type": "ASSAULT", "source": "g:dastan", "target": "t:front",
                 "attributed_to": "t:pellin" if attributed else None}])


def second_doc():
    return make_extraction(
        ["Dastan praised the Free Meridian Front on Monday."],
        actors={k: WORLD[k] for k in ("g:dastan", "t:front")}, source="The Tribune", published="2020-02-04",
        events=[{"s": 0, "type": "APPEAL", "source": "g:dastan", "target": "t:front"}])


def rows(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_robust_replace_extraction_drops_actors_only_the_old_records_named(tmp_path):
    db = str(tmp_path / "r.db")
    with open_store(db) as store:
        add_extraction(store, first_doc())
        add_extraction(store, second_doc())
        doc_id = first_doc().doc.id
        pellin = store.find_actor("Zora Pellin")["id"]
        front = store.find_actor("FMF")["id"]
        ingested = store.document(doc_id)["ingested_at"]
        rows_before = store.stats()
        # the new pipeline no longer sees Pellin, nor the label, in the first document
        replace_extraction(store, first_doc(actors={k: WORLD[k] for k in ("g:dastan", "t:front")}, attributed=False, labels=()))
        with pytest.raises(UnknownActor):
            store.find_actor("Zora Pellin")
        assert pellin not in {a["id"] for a in store.actors()}
        assert store.find_actor("FMF")["id"] == front  # still named by both documents
        assert {a["id"]: a["documents"] for a in store.actors()} == {"dastan": 2, front: 2}
        assert store.document(doc_id)["ingested_at"] == ingested
        assert store.stats()["documents"] == rows_before["documents"] and store.stats()["events"] == rows_before["events"]
        assert store.labels("FMF") == []
        assert store._names_cache is None or pellin not in store._names_cache.get("PERSON", {})
        # a later document naming Pellin again gets a fresh actor, not a dangling id
        add_extraction(store, make_extraction(["Zora Pellin met Dastan officials."], actors={k: WORLD[k] for k in ("g:dastan", "t:pellin")}))
        assert store.actor("Pellin")["documents"] == 1
    assert rows(db, "SELECT COUNT(*) FROM aliases WHERE doc_id = ? AND actor_id = ?", doc_id, pellin) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM events WHERE attributed_to IS NOT NULL") == [(0,)]
    status, fk = integrity(db)
    assert status == "ok" and fk == []


def test_robust_replace_extraction_is_all_or_nothing(tmp_path, monkeypatch):
    db = str(tmp_path / "r.db")
    with open_store(db) as store:
        add_extraction(store, first_doc())
        before = snapshot(db)
        real = store._write

        def half_then_fail(ex, *rest):
            real(ex, *rest)
            raise sqlite3.OperationalError("disk full")

        monkeypatch.setattr(store, "_write", half_then_fail)
        with pytest.raises(sqlite3.OperationalError):
            replace_extraction(store, first_doc(actors={k: WORLD[k] for k in ("g:dastan", "t:front")}, attributed=False))
        assert store._names_cache is None  # nothing the rollback undid is remembered
        assert store.find_actor("Zora Pellin")
    after = snapshot(db)
    assert after["events"] == before["events"] and after["per_doc"] == before["per_doc"] and after["actors"] == before["actors"]


def _fake_pipeline(monkeypatch, records, fail_on=(), interrupt_on=()):
    """Replace the spaCy pipeline by the hand-made ``records`` (matched by text), now at the
    current pipeline version; texts containing a ``fail_on`` word raise, ``interrupt_on`` ones
    raise KeyboardInterrupt (a Ctrl-C)."""
    import claimgraph.nlp.pipeline as pipeline

    by_text = {ex.doc.text: ex for ex in records}

    def extract_many(documents, nlp=None, batch_size=16):
        for d in documents:
            if any(w in d.text for w in fail_on):
                raise RuntimeError("the tagger fell over\nsecond line")
            if any(w in d.text for w in interrupt_on):
                raise KeyboardInterrupt
            yield dataclasses.replace(by_text[d.text], doc=d, pipeline_version=PIPELINE_VERSION)

    monkeypatch.setattr(pipeline, "extract_many", extract_many)


def _records():
    out = [first_doc(), second_doc()]
    for i, place in enumerate(["Varosia", "Karemia", "Oshlund", "Talvesh"]):
        out.append(make_extraction([f"Dastan threatened {place} in statement {i}."],
                                   actors={"g:dastan": WORLD["g:dastan"], f"t:{place}": (place, "GPE", ())},
                                   events=[{"s": 0, "type": "THREATEN", "source": "g:dastan", "target": f"t:{place}"}]))
    return out


def test_robust_reprocess_one_failing_document_fails_alone(tmp_path, monkeypatch):
    db = str(tmp_path / "r.db")
    records = _records()
    with open_store(db) as store:
        for ex in records:
            add_extraction(store, ex)
        _fake_pipeline(monkeypatch, records, fail_on=("Karemia",))
        report = reprocess_store(store, nlp=object())
        assert report.selected == 6 and report.reprocessed == 5 and report.exit_code == 1
        ((where, reason),) = report.failed
        assert reason == "extraction failed (RuntimeError: the tagger fell over)"
        assert where.startswith(records[3].doc.id)
        versions = {d["id"]: d["pipeline_version"] for d in store.documents()}
        assert versions.pop(records[3].doc.id) == "test"  # untouched, records and all
        assert set(versions.values()) == {PIPELINE_VERSION}
        assert report.to_json()["failed"] == [{"document": where, "reason": reason}]
    assert snapshot(db)["n_events"] == sum(len(ex.events) for ex in records)


def test_robust_reprocess_interrupted_then_resumed(tmp_path, monkeypatch):
    db = str(tmp_path / "r.db")
    records = _records()
    with open_store(db) as store:
        for ex in records:
            add_extraction(store, ex)
        before = snapshot(db)
        _fake_pipeline(monkeypatch, records, interrupt_on=("Oshlund",))
        first = reprocess_store(store, nlp=object(), batch_size=2)
        assert first.interrupted and first.exit_code == 130
        assert first.reprocessed == 4 and first.failed == []
        _fake_pipeline(monkeypatch, records)
        second = reprocess_store(store, nlp=object())
        assert (second.selected, second.reprocessed, second.exit_code) == (2, 2, 0)
        assert {d["pipeline_version"] for d in store.documents()} == {PIPELINE_VERSION}
        assert reprocess_store(store, nlp=object()).selected == 0
    after = snapshot(db)
    assert after["events"] == before["events"] and after["duplicates"] == [] and after["per_doc"] == before["per_doc"]


@pytest.mark.model
def test_robust_reprocess_after_pipeline_version_change(tmp_path, nlp):
    folder = tmp_path / "in"
    n = write_corpus(folder, 10, 4)
    db = str(tmp_path / "r.db")
    with open_store(db) as store:
        assert ingest_paths([folder], store, nlp=nlp).stored == n
        ingested = {d["id"]: d["ingested_at"] for d in store.documents()}
    clean = snapshot(db)
    pairs = sorted(rows(db, "SELECT doc_id, start, type, source_id, target_id, attributed_to FROM events"))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE documents SET pipeline_version = '0' WHERE rowid % 2 = 0")  # as if made by an older pipeline
    conn.close()
    old = {r[0] for r in rows(db, "SELECT id FROM documents WHERE pipeline_version = '0'")}
    assert 0 < len(old) < n
    shutil.rmtree(folder)  # re-extraction works from the stored text, not the files

    with open_store(db) as store:
        seen = []
        report = reprocess_store(store, nlp=nlp, progress=lambda kind, doc: seen.append((kind, doc.id)))
        assert (report.documents, report.selected, report.reprocessed, report.failed) == (n, len(old), len(old), [])
        assert report.exit_code == 0 and report.version == PIPELINE_VERSION
        assert sorted(doc_id for _kind, doc_id in seen) == sorted(old)
        assert report.events_before == report.events_after == clean["n_events"]
        assert {d["id"]: d["ingested_at"] for d in store.documents()} == ingested
        again = reprocess_store(store, nlp=nlp)
        assert (again.selected, again.reprocessed) == (0, 0)
    after = snapshot(db)
    assert set(after["versions"].values()) == {PIPELINE_VERSION}
    assert_same_content(after, clean)
    assert after["actors"] == clean["actors"]
    assert sorted(rows(db, "SELECT doc_id, start, type, source_id, target_id, attributed_to FROM events")) == pairs

    with open_store(db) as store:
        forced = reprocess_store(store, nlp=nlp, force=True)
        assert (forced.selected, forced.reprocessed, forced.exit_code) == (n, n, 0)
    assert_same_content(snapshot(db), clean)
    status, fk = integrity(db)
    assert status == "ok" and fk == []
