"""``LocalRunner`` batches by count and by characters: eight long articles never go to spaCy
together (its parse of a batch is held in memory at once, a process peaks at 3.7 GB on 1,000,000 characters)."""
from __future__ import annotations

from claimgraph.models import Document, Extraction
from claimgraph.runner.local import BATCH_CHARS, LocalRunner, batches


def docs(*lengths: int) -> list[Document]:
    return [Document(text=("Dastan " * (n // 7 + 1))[:n - 1] + str(i % 10), path=f"a{i}.txt") for i, n in enumerate(lengths)]


def test_local_batches_of_short_documents_are_by_count():
    assert [len(b) for b in batches(docs(*[500] * 20), 8, BATCH_CHARS)] == [8, 8, 4]


def test_local_batches_hold_long_documents_apart():
    got = batches(docs(150_000, 30_000, 30_000, 1_000_000, 10_000), 8, 200_000)
    assert [[len(d.text) for d in b] for b in got] == [[150_000, 30_000], [30_000], [1_000_000], [10_000]]


def test_local_batches_read_no_further_than_a_full_batch():
    read: list[int] = []

    def stream():
        for i, d in enumerate(docs(*[500] * 10)):
            read.append(i)
            yield d

    it = batches(stream(), 4, BATCH_CHARS)
    assert len(next(it)) == 4 and read == [0, 1, 2, 3]  # the batch went before a fifth was read


def test_local_runner_extracts_long_documents_one_batch_each_in_input_order():
    seen: list[list[str]] = []

    def stand_in(documents, nlp, batch_size):
        documents = list(documents)
        seen.append([d.path for d in documents])
        return [Extraction(doc=d) for d in documents]

    inputs = docs(400_000, 500, 500, 900_000, 500)
    out = list(LocalRunner(nlp=object(), extract=stand_in).extract(inputs))
    assert [ex.doc.path for ex in out] == [d.path for d in inputs]
    assert seen == [["a0.txt"], ["a1.txt", "a2.txt"], ["a3.txt"], ["a4.txt"]]
