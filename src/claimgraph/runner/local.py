"""``LocalRunner``: extraction in this process, in batches (spaCy's ``nlp.pipe``)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..models import Document, Extraction
from .base import Failed, extraction_failed

#: the most characters a batch holds (a longer document goes alone): spaCy keeps a whole batch's
#: parse in memory at once, the process peaked at 3.7 GB on one article of 1,000,000 characters, so eight long
#: articles together would need eight times that (benchmarks/long_articles.py measures it)
BATCH_CHARS = 200_000


class LocalRunner:
    """Extract in this process, ``batch_size`` documents at a time, or fewer when together they
    run over ``batch_chars`` characters (``batches``).  A document the pipeline
    raises on fails alone: its batch dies with it, so the documents of the batch not yet
    extracted are redone one by one.

    Without ``nlp``, the pipeline is loaded when first needed (by ``load``, else
    ``get_pipeline``), so a run whose inputs are all stored already never loads it.
    ``extract(documents, nlp, batch_size)`` is the extraction itself (``nlp.pipeline.extract_many``;
    a test or a benchmark passes a stand-in)."""

    def __init__(self, nlp=None, batch_size: int = 8, load: Callable[[], object] | None = None,
                 extract: Callable[..., Iterable[Extraction]] | None = None, batch_chars: int = BATCH_CHARS):
        self._nlp = nlp
        self._load = load
        self._extract = extract
        self.batch_size = batch_size
        self.batch_chars = batch_chars

    @property
    def nlp(self):
        if self._nlp is None:
            if self._load is None:
                from ..nlp.pipeline import get_pipeline

                self._load = get_pipeline
            self._nlp = self._load()
        return self._nlp

    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | Failed]:
        for batch in batches(documents, self.batch_size, self.batch_chars):
            yield from self._batch(batch)

    def _batch(self, docs: list[Document]) -> Iterator[Extraction | Failed]:
        if self._extract is not None:
            extract_many = self._extract
        else:
            from ..nlp.pipeline import extract_many

        done: set[str] = set()
        try:
            for ex in extract_many(docs, self.nlp, batch_size=self.batch_size):
                done.add(ex.doc.id)
                yield ex
        except Exception:  # noqa: BLE001 - raised by the pipeline, not by the caller's loop body
            for doc in docs:
                if doc.id in done:
                    continue
                try:
                    ex = next(iter(extract_many([doc], self.nlp, batch_size=1)))
                except Exception as exc:  # noqa: BLE001
                    yield Failed(doc, extraction_failed(exc))
                    continue
                done.add(doc.id)
                yield ex


def batches(documents: Iterable[Document], size: int, chars: int) -> Iterator[list[Document]]:
    """``documents`` in order, in batches of at most ``size`` documents and ``chars`` characters
    (a longer document alone).  A batch goes as soon as it is full, so short documents are read
    no further ahead than ``size`` at a time."""
    batch: list[Document] = []
    total = 0
    for doc in documents:
        if batch and total + len(doc.text) > chars:
            yield batch
            batch, total = [], 0
        batch.append(doc)
        total += len(doc.text)
        if len(batch) >= size or total >= chars:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
