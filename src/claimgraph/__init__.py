"""claimgraph: a sourced, time-aware graph of who did or said what to whom, according to whom.

The library face::

    from claimgraph import extract, ingest, open_store
    for ex in extract(["articles/"]):
        print(ex.to_record())
    with open_store("news.db") as store:
        report = ingest(["articles/"], store)
"""
from __future__ import annotations

__version__ = "0.1.0"

# Load the subpackage first: the ``ingest`` function below must stay the package attribute.
from . import ingest as _ingest_package  # noqa: E402,F401


def extract(paths, **kwargs):
    """Yield an ``Extraction`` (or a ``ReadProblem``) per input document; nothing is stored."""
    from .runner import extract_paths

    return extract_paths(paths, **kwargs)


def ingest(paths, store, **kwargs):
    """Read, extract, resolve and store; returns an ``IngestReport``."""
    from .runner import ingest_paths

    return ingest_paths(paths, store, **kwargs)


def remove(store, targets, **kwargs):
    """Delete documents (by id, path or URL) with their older versions, what was extracted from
    them and the actors nothing names any more, in one transaction; returns a ``RemoveReport``."""
    from .runner import remove_documents

    return remove_documents(store, targets, **kwargs)


def open_store(path=None, *, readonly=False):
    from .store import open_store as _open

    return _open(path, readonly=readonly)


__all__ = ["extract", "ingest", "open_store", "remove", "__version__"]
