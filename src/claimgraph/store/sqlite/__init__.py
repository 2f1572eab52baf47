"""The default store: one SQLite file in WAL mode (many readers, one writer).

One class, put together by concern: ``connection`` (open, migrate or check the schema,
transactions), ``writes``, ``actors``, ``documents`` (and their quotes, labels and counts),
``events`` (the one event SELECT), ``analysis`` (aggregates), ``search``, and ``decisions``
(a user's corrections, with the actor edits they make in ``actor_edits``), and ``records`` (a
document read back as an extraction, for a copy).  No SQL lives outside this package and the
PostgreSQL one (``store/postgres/``), which reuses these classes.
"""
from __future__ import annotations

from ..base import ActorLookup
from .actor_edits import ActorEdits
from .actors import ActorReads, SQLiteActorIndex
from .analysis import AnalysisReads
from .claim_reads import KeptClaimReads
from .connection import Connection
from .decisions import Decisions
from .documents import DocumentReads
from .events import EventReads
from .schema import MIGRATIONS, SCHEMA_VERSION, statements
from .search import SearchReads
from .records import RecordReads
from .writes import Writes

_statements = statements  # the name the tests know


class SQLiteStore(Connection, Writes, ActorLookup, ActorReads, DocumentReads, EventReads, KeptClaimReads, AnalysisReads, SearchReads,
                  Decisions, ActorEdits, RecordReads):
    """``SQLiteStore(path)`` opens (creating or migrating) the store file; ``readonly=True``
    opens it with ``mode=ro``: no write, no migration, another schema refused."""


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteActorIndex", "SQLiteStore"]
