"""One exception hierarchy; every message says what to do next."""
from __future__ import annotations


class ClaimgraphError(Exception):
    """Base class for errors the tool reports to the user (exit code 2 at the CLI)."""


class ReadError(ClaimgraphError):
    """A file or line could not be turned into a document."""


class ModelNotInstalled(ClaimgraphError):
    """The configured spaCy model package is missing."""


class StoreError(ClaimgraphError):
    """The database could not be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process holds the write lock on the store."""


class StoreFull(StoreError):
    """The disk (or the store's size limit) is full: a run stops at the first such write."""


class WorkerLost(ClaimgraphError):
    """Extraction worker processes died (killed, or out of memory) more often than a run
    restarts them: the run stops; what was stored stays, and a rerun does the rest."""


class UnknownActor(ClaimgraphError):
    """A name given on the command line matches no stored actor or alias."""


class ClaimParseError(ClaimgraphError):
    """A claim for ``check`` could not be parsed into subject, relation and object."""


class UnknownDocument(ClaimgraphError):
    """A document id, path or URL given on the command line matches no stored document."""
