"""The PostgreSQL store (``--db postgresql://...``): one database, several writers at once.

It mirrors ``store/sqlite/`` module by module and shares its logic: each class here is the
SQLite one with the statements PostgreSQL says differently written anew (``schema``, the
migrations; ``writes``, inserts safe for concurrent writers; ``events``, ``analysis`` and
``search``), while the rest of the shared statements run through ``dialect.Dialect``, which
turns SQLite's parameter style, null-safe comparisons, ``INSERT OR IGNORE``, case-blind LIKE
and NULL order into PostgreSQL's.  Both back ends pass ``tests/test_store_contract.py``.
No SQL lives outside ``store/``.
"""
from __future__ import annotations

from ..base import ActorLookup
from .actor_edits import ActorEdits
from .actors import ActorReads
from .analysis import AnalysisReads
from .connection import Connection, display_url
from .decisions import Decisions
from .documents import DocumentReads
from .events import ClaimReads, EventReads
from .schema import MIGRATIONS, SCHEMA_VERSION
from ..sqlite.records import RecordReads
from .search import SearchReads
from .writes import Writes


class PostgresStore(Connection, Writes, ActorLookup, ActorReads, DocumentReads, EventReads, ClaimReads, AnalysisReads, SearchReads,
                    Decisions, ActorEdits, RecordReads):
    """``PostgresStore(url)`` opens (migrating) the database at a ``postgresql://`` URL;
    ``readonly=True`` opens it with every transaction read-only: no write, no migration, another
    schema refused."""


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "PostgresStore", "display_url"]
