"""Reading articles: files and folders in, cleaned :class:`~claimgraph.models.Document` out.

* :func:`iter_documents` walks files and folders (``.txt .md .html .htm .jsonl .ndjson``) and
  yields documents, or :class:`~claimgraph.models.ReadProblem` for input it cannot read;
* :func:`read_text_document` turns one text (plus known metadata) into a document;
* :func:`clean_text` and :func:`extract_metadata` are the two halves of that, usable alone.

Boilerplate patterns live in ``claimgraph/data/boilerplate.json``.

The names are loaded on first use (PEP 562): importing the package costs nothing, so the
query commands, which import ``claimgraph`` and never read a file, do not compile the
readers' patterns.
"""
from __future__ import annotations

from importlib import import_module

_HOMES = {
    "CleanResult": "clean", "clean_text": "clean",
    "DateGuess": "dates", "parse_date": "dates",
    "read_text_document": "document",
    "Metadata": "metadata", "extract_metadata": "metadata",
    "DEFAULT_MAX_BYTES": "readers", "iter_documents": "readers",
    "normalize_text": "textio",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
