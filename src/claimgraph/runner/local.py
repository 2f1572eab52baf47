"""``LocalRunner``: extraction in this process, in batches (spaCy's ``nlp.pipe``)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..models import Document, Extraction
from .base import Failed, extraction_failed


class LocalRunner:
    """Extract in this process, ``batch_size`` documents at a time.  A document the pipeline
    raises on fails alone: its batch dies with it, so the documents of the batch not yet
    extracted are redone one by one.

    Without ``nlp``, the pipeline is loaded when first needed (by ``load``, else
    ``get_pipeline``), so a run whose inputs are all stored already never loads it.
    ``extract(documents, nlp, batch_size)`` is the extraction itself (``nlp.pipeline.extract_many``;
    a test or a benchmark passes a stand-in)."""

    def __init__(self, nlp=None, batch_size: int = 8, load: Callable[[], object] | None = None,
                 extract: Callable[..., Iterable[Extraction]] | None = None):
        self._nlp = nlp
        self._load = load
        self._extract = extract
        self.batch_size = batch_size

    @property
    def nlp(self):
        if self._nlp is None:
            if self._load is None:
                from ..nlp.pipeline import get_pipeline

                self._load = get_pipeline
            self._nlp = self._load()
        return self._nlp

    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | Failed]:
        it = iter(documents)
        while batch := list(islice(it, self.batch_size)):
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
