"""Documents committed in batches (``store.batch``, ``runner.base.Batches``), on both back ends:
each document is a savepoint, undone alone when it fails; what the report and the progress bar
count is committed; a commit the store refuses is written again one document at a time."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction

from claimgraph.errors import ClaimgraphError
from claimgraph.runner import ingest_paths
from claimgraph.runner.sinks import add_extraction
from claimgraph.store import open_store


def _aid(text: str):
    return make_extraction([text], actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")},
                           events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])


class Runner:
    nlp = None

    def extract(self, documents):
        for doc in documents:
            yield dataclasses.replace(_aid(doc.text), doc=doc)


def _files(folder, texts):
    folder.mkdir()
    for i, t in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(t, encoding="utf-8")
    return folder


def _commits(store) -> list[str]:
    """Record the store's COMMITs (and ROLLBACKs) as they are sent."""
    sent: list[str] = []
    control = store._control

    def counting(sql):
        if sql in ("COMMIT", "ROLLBACK"):
            sent.append(sql)
        control(sql)

    store._control = counting
    return sent


def test_write_batches_a_savepoint_undoes_one_document(store_factory):
    store = store_factory()
    a, b, c = (_aid(f"Dastan armed the FMF, report {k}.") for k in "abc")
    with store.batch():
        assert add_extraction(store, a)
        with pytest.raises(RuntimeError):
            with store.transaction():
                assert store.write_extraction(b)
                with store.transaction():  # deeper uses join the savepoint
                    raise RuntimeError("refused")
        assert not store.has_document(b.doc.id) and store.has_document(a.doc.id)
        assert add_extraction(store, c)
    assert [store.has_document(x.doc.id) for x in (a, b, c)] == [True, False, True]
    assert store.stats()["events"] == 2
    with pytest.raises(RuntimeError):  # leaving the batch by an exception undoes all of it
        with store.batch():
            add_extraction(store, b)
            raise RuntimeError("stop")
    assert not store.has_document(b.doc.id) and store.stats()["documents"] == 2
    assert add_extraction(store, b)  # and the store takes writes again


def test_write_batches_ingest_commits_in_batches_and_counts_what_is_committed(store_target, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "3")
    folder = _files(tmp_path / "in", [f"Dastan armed the FMF, report {i}." for i in range(7)])
    seen: list[int] = []

    def progress(kind, doc):
        if kind == "stored":
            with open_store(store_target, readonly=True) as reader:  # another connection: only what is committed
                seen.append(reader.stats()["documents"])

    with open_store(store_target) as store:
        sent = _commits(store)
        report = ingest_paths([folder], store, runner=Runner(), progress=progress)
        assert (report.stored, report.failed) == (7, [])
        assert sent == ["COMMIT"] * 3  # 3 + 3 + 1
        assert store.stats()["documents"] == 7
    assert seen == [3, 3, 3, 6, 6, 6, 7]  # each counted once its batch is committed


def test_write_batches_one_failing_document_fails_alone(store_target, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "10")
    texts = [f"Dastan armed the FMF, report {i}." for i in range(5)]
    texts[2] = "Dastan armed the FMF, a BAD report."
    folder = _files(tmp_path / "in", texts)
    with open_store(store_target) as store:
        real = store.write_extraction

        def refusing(ex, **kwargs):
            out = real(ex, **kwargs)  # written, then refused: its rows must go with it
            if "BAD" in ex.doc.text:
                raise ValueError("refused by the store")
            return out

        store.write_extraction = refusing
        report = ingest_paths([folder], store, runner=Runner())
        assert report.stored == 4 and [why for _, why in report.failed] == ["could not store: refused by the store"]
        assert store.stats()["documents"] == 4 and store.stats()["events"] == 4
        assert "BAD" not in " ".join(d["title"] or "" for d in store.documents())


def test_write_batches_a_refused_commit_is_written_again_one_by_one(store_target, tmp_path, monkeypatch):
    """A row the store refuses only as it commits (a kept table's fold, a full disk) fails its
    own document, not the batch: the batch is rolled back and its documents written alone."""
    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "10")
    texts = [f"Dastan armed the FMF, report {i}." for i in range(6)]
    texts[3] = "Dastan armed the FMF, a REFUSED report."
    folder = _files(tmp_path / "in", texts)
    with open_store(store_target) as store:
        real, control = store.write_extraction, store._control
        poisoned = []

        def marking(ex, **kwargs):
            if "REFUSED" in ex.doc.text:
                poisoned.append(ex.doc.id)
            return real(ex, **kwargs)

        def committing(sql):
            if sql == "COMMIT" and poisoned and store.has_document(poisoned[-1]):
                raise RuntimeError("row refused at commit")
            control(sql)

        store.write_extraction, store._control = marking, committing
        report = ingest_paths([folder], store, runner=Runner())
        assert report.stored == 5 and [why for _, why in report.failed] == ["could not store: row refused at commit"]
        assert store.stats()["documents"] == 5 and store.stats()["events"] == 5


def test_write_batches_setting(monkeypatch, store_target, tmp_path):
    from claimgraph.config import write_batch

    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "0")
    with pytest.raises(ClaimgraphError, match="CLAIMGRAPH_WRITE_BATCH='0'"):
        write_batch()
    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "1")  # one commit a document, as before batches
    folder = _files(tmp_path / "in", [f"Dastan armed the FMF, report {i}." for i in range(3)])
    with open_store(store_target) as store:
        sent = _commits(store)
        assert ingest_paths([folder], store, runner=Runner()).stored == 3
        assert sent == ["COMMIT"] * 3


def test_write_batches_a_runner_about_to_wait_has_the_batch_committed_first(store_target, tmp_path, monkeypatch):
    """A runner that waits for work done elsewhere says so (``IDLE``): what is written is
    committed then, so no write lock is held while nothing is written."""
    from claimgraph.runner import IDLE

    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "50")
    folder = _files(tmp_path / "in", [f"Dastan armed the FMF, report {i}." for i in range(5)])
    seen = []

    class Waiting:
        nlp = None

        def extract(self, documents):
            for i, doc in enumerate(documents):
                if i == 2:
                    yield IDLE
                    with open_store(store_target, readonly=True) as reader:
                        seen.append(reader.stats()["documents"])
                yield dataclasses.replace(_aid(doc.text), doc=doc)

    with open_store(store_target) as store:
        sent = _commits(store)
        assert ingest_paths([folder], store, runner=Waiting()).stored == 5
        assert sent == ["COMMIT", "COMMIT"]
    assert seen == [2]


def test_write_batches_a_batch_inside_a_transaction_still_undoes_one_document(store_factory):
    """A job run inside a caller's transaction: its batch is a part of that transaction, and a
    document that fails in it is still undone alone (a savepoint one level down)."""
    store = store_factory()
    a, b = (_aid(f"Dastan armed the FMF, report {k}.") for k in "ab")
    with store.transaction():
        with store.batch():
            assert add_extraction(store, a)
            with pytest.raises(RuntimeError):
                with store.transaction():
                    store.write_extraction(b)
                    raise RuntimeError("refused")
        assert store.has_document(a.doc.id) and not store.has_document(b.doc.id)
    assert store.stats()["documents"] == 1 and store.stats()["events"] == 1


def test_write_batches_a_busy_adoption_between_documents_commits_the_batch_first(store_target, tmp_path, monkeypatch):
    """``ingest --update`` adopts content stored from another file between two documents, in the
    open batch.  When that waits on another writer (``StoreBusy``), the batch is committed first,
    so that the other writer goes on, and the adoption is tried again."""
    from claimgraph.errors import StoreBusy
    from claimgraph.runner.sinks import StoreSink

    monkeypatch.setenv("CLAIMGRAPH_WRITE_BATCH", "50")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Dastan armed the FMF, report X.", encoding="utf-8")
    (folder / "b.txt").write_text("Dastan armed the FMF, report Y.", encoding="utf-8")
    with open_store(store_target) as store:
        assert ingest_paths([folder], store, runner=Runner()).stored == 2
    (folder / "0new.txt").write_text("Dastan armed the FMF, report Z.", encoding="utf-8")  # written first, in the batch
    (folder / "b.txt").write_text("Dastan armed the FMF, report X.", encoding="utf-8")  # a.txt's content: adopted
    real, seen = StoreSink.adopt, []

    def adopt(self, doc):
        with open_store(store_target, readonly=True) as reader:
            seen.append(reader.stats()["documents"])
        if len(seen) == 1:
            raise StoreBusy("another writer holds rows that this write needs")
        return real(self, doc)

    monkeypatch.setattr(StoreSink, "adopt", adopt)
    with open_store(store_target) as store:
        report = ingest_paths([folder], store, runner=Runner(), update=True)
        assert (report.stored, report.failed) == (1, []) and [len(r[2]) for r in report.replaced] == [1]
    assert seen == [2, 3]  # the new document was committed before the adoption was tried again
