"""``Document.id`` and ``Document.content_hash`` are worked out once per object (a long article is
hashed once, not for every row written), and stay out of equality, hashing, ``replace``,
pickling and records."""
from __future__ import annotations

import pickle
from dataclasses import asdict, replace

import claimgraph.models as models
from claimgraph.models import Document, Extraction, content_hash

from conftest import MERIDIAN_ACTORS, make_extraction

TEXT = "Ilan Varga, the foreign minister of Dastan, met envoys of Varosia on Monday.\n\nThe Free Meridian Front denied it."


def counting(monkeypatch) -> list[str]:
    """Patch ``models.content_hash`` to record the texts it hashes."""
    calls: list[str] = []
    real = models.content_hash

    def spy(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(models, "content_hash", spy)
    return calls


def test_document_id_is_the_content_hash_prefix():
    d = Document(text=TEXT)
    assert d.content_hash == content_hash(TEXT)
    assert d.id == content_hash(TEXT)[:16]
    assert Document(text=TEXT.replace(" ", "  ")).id == d.id  # whitespace-insensitive, as before


def test_document_id_hashes_the_text_once(monkeypatch):
    calls = counting(monkeypatch)
    d = Document(text=TEXT)
    ids = {d.id for _ in range(500)} | {d.content_hash for _ in range(500)}
    assert len(calls) == 1
    assert ids == {content_hash(TEXT)[:16], content_hash(TEXT)}


def test_document_equality_and_hash_ignore_the_cached_id():
    read, fresh = Document(text=TEXT, path="a.txt"), Document(text=TEXT, path="a.txt")
    assert read.id  # cached on one of them only
    assert read == fresh and hash(read) == hash(fresh)
    assert "id" not in asdict(read) and "content_hash" not in asdict(read)
    assert read != Document(text=TEXT, path="b.txt")


def test_document_replace_gets_the_id_of_its_own_text():
    d = Document(text=TEXT, path="a.txt")
    assert d.id
    other = replace(d, text="Varosia sanctioned Dastan on Friday.")
    assert other.id == content_hash("Varosia sanctioned Dastan on Friday.")[:16] != d.id
    same = replace(d, path="b.txt")
    assert same.id == d.id and same.path == "b.txt"


def test_document_pickles_with_or_without_the_cached_id():
    d = Document(text=TEXT, path="a.txt", published="2024-05-01")
    before = pickle.loads(pickle.dumps(d))
    assert d.id
    after = pickle.loads(pickle.dumps(d))
    assert before == after == d
    assert before.id == after.id == d.id == content_hash(TEXT)[:16]


def test_extraction_record_round_trip_keeps_the_id():
    ex = make_extraction(["Ilan Varga met Dastan officials.", "Dastan armed the Free Meridian Front."],
                         actors={k: MERIDIAN_ACTORS[k] for k in ("g:varga", "g:dastan", "g:fmf")},
                         events=[{"s": 1, "type": "ASSIST", "source": "g:dastan", "target": "g:fmf"}])
    assert ex.doc.id
    back = Extraction.from_record(ex.to_record(complete=True))
    assert back == ex
    assert back.doc.id == ex.doc.id == back.to_record()["doc"]["id"]


def test_store_write_hashes_a_document_once(make_store, monkeypatch):
    """Every row of a document names its id: the text is still hashed once for all of them."""
    sentences = [f"Ilan Varga met Idris Kallan in Dastan, {i} times." for i in range(200)]
    ex = make_extraction(sentences, actors={k: MERIDIAN_ACTORS[k] for k in ("g:varga", "g:kallan", "g:dastan")},
                         events=[{"s": i, "type": "MEET", "source": "g:varga", "target": "g:kallan"} for i in range(200)])
    calls = counting(monkeypatch)
    store = make_store([ex])
    assert len(calls) == 1
    assert store.has_document(ex.doc.id)
    assert store.stats()["events"] == 200
