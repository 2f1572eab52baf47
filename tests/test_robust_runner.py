"""The runner seam: any object with ``extract(documents)`` runs the jobs, and ``drive`` keeps one
policy (a failing document fails alone, StoreBusy aborts, Ctrl-C stops between documents)."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction

from claimgraph.errors import StoreBusy
from claimgraph.runner import Failed, drive, extract_paths, ingest_paths, reprocess_store
from claimgraph.store import open_store


class FakeRunner:
    """Extracts by hand: each document becomes one AID event from Dastan to the FMF; a text
    with "POISON" fails, one with "STOP" is a Ctrl-C."""

    nlp = None

    def extract(self, documents):
        for doc in documents:
            if "POISON" in doc.text:
                yield Failed(doc, "extraction failed (RuntimeError: bad)")
                continue
            if "STOP" in doc.text:
                raise KeyboardInterrupt
            ex = make_extraction([doc.text], actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")},
                                 events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])
            yield dataclasses.replace(ex, doc=doc)


def _files(folder, texts):
    folder.mkdir()
    for i, t in enumerate(texts):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    return folder


def test_robust_runner_any_runner_drives_ingest_extract_and_reprocess(tmp_path):
    folder = _files(tmp_path / "in", ["Dastan armed the FMF.", "POISON here.", "Dastan armed the FMF again."])
    with open_store(str(tmp_path / "r.db")) as store:
        report = ingest_paths([folder], store, runner=FakeRunner())
        assert (report.read, report.stored, report.exit_code) == (3, 2, 1)
        assert [r for _, r in report.failed] == ["extraction failed (RuntimeError: bad)"]
        assert store.find_actor("FMF")["id"] == "fmf" and store.stats()["events"] == 2
        again = reprocess_store(store, runner=FakeRunner(), force=True)
        assert (again.selected, again.reprocessed, again.exit_code) == (2, 2, 0)
    out = list(extract_paths([folder], runner=FakeRunner()))
    assert [type(x).__name__ for x in out] == ["Extraction", "ReadProblem", "Extraction"]
    assert out[1].fatal and out[1].reason.startswith("extraction failed") and {a.id for a in out[0].actors} == {"dastan", "fmf"}


def test_robust_runner_interrupt_keeps_what_was_stored(tmp_path):
    folder = _files(tmp_path / "in", ["Dastan armed the FMF.", "STOP now.", "Dastan armed the FMF again."])
    with open_store(str(tmp_path / "r.db")) as store:
        report = ingest_paths([folder], store, runner=FakeRunner(), batch_size=1)
        assert report.interrupted and report.exit_code == 130
        assert report.stored == store.stats()["documents"] == 1


def test_robust_runner_drive_policy():
    docs = [make_extraction([f"Dastan armed the FMF {i}."], actors={}).doc for i in range(3)]
    failed: list[tuple[str, str]] = []

    def put(ex):
        if "1" in ex.doc.text:
            raise OSError("disk I/O error")

    class Plain:
        def extract(self, documents):
            for d in documents:
                yield make_extraction([d.text], actors={})

    assert drive(docs, Plain(), put, lambda d, why: failed.append((d.text, why))) is False
    assert failed == [("Dastan armed the FMF 1.", "could not store: disk I/O error")]

    def busy(ex):
        raise StoreBusy("locked")

    with pytest.raises(StoreBusy):
        drive(docs, Plain(), busy, lambda d, why: None)
