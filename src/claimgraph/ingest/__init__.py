"""Reading articles: files and folders in, cleaned :class:`~claimgraph.models.Document` out.

* :func:`iter_documents` walks files and folders (``.txt .md .html .htm .jsonl .ndjson``) and
  yields documents, or :class:`~claimgraph.models.ReadProblem` for input it cannot read;
* :func:`read_text_document` turns one text (plus known metadata) into a document;
* :func:`clean_text` and :func:`extract_metadata` are the two halves of that, usable alone.

Boilerplate patterns live in ``claimgraph/data/boilerplate.json``.
"""
from __future__ import annotations

from claimgraph.ingest.clean import CleanResult, clean_text
from claimgraph.ingest.dates import DateGuess, parse_date
from claimgraph.ingest.document import read_text_document
from claimgraph.ingest.metadata import Metadata, extract_metadata
from claimgraph.ingest.readers import DEFAULT_MAX_BYTES, iter_documents
from claimgraph.ingest.textio import normalize_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CleanResult",
    "DateGuess",
    "Metadata",
    "clean_text",
    "extract_metadata",
    "iter_documents",
    "normalize_text",
    "parse_date",
    "read_text_document",
]
