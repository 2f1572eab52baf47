"""Stores behind one interface (``base.Store``); SQLite is the default back end.

``open_store(target)`` picks the back end from the target: a file path is a SQLite store;
``postgresql://...`` (or ``postgres://``) names a PostgreSQL database (``postgres/``, which needs
the ``postgres`` extra: psycopg).  A new back end adds a package beside
``sqlite/`` that passes ``tests/test_store_contract.py``, and one branch in ``open_store``.
"""
from __future__ import annotations

from pathlib import Path

from ..config import db_path
from ..errors import ClaimgraphError, StoreError
from .base import Store
from .rows import EventFilter, TimelineQuery
from .sqlite import SQLiteStore

_SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(target: str | Path | None) -> bool:
    """Whether ``target`` (a ``--db`` value) names a database server rather than a file."""
    return str(target or "").startswith(_SERVER_SCHEMES)


def open_store(target: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open the store at ``target`` (``$CLAIMGRAPH_DB`` or ./claimgraph.db if None).

    Read-write creates the store or applies pending migrations; ``readonly`` opens an existing
    store without writing anything, and refuses one of another schema with the command that
    upgrades it."""
    where = db_path(str(target) if target is not None else None)
    if where.startswith(_SERVER_SCHEMES):
        from .postgres import PostgresStore

        return PostgresStore(where, readonly=readonly)
    if "://" in where and not where.startswith("file:"):
        raise StoreError(f"--db {where!r}: unknown kind of store; give a file path (SQLite) or a postgresql:// URL")
    if readonly and where != ":memory:" and not Path(where).exists():
        raise ClaimgraphError(f"no store at {where}; run `claimgraph ingest PATH` first or pass --db")
    return SQLiteStore(where, readonly=readonly)


__all__ = ["EventFilter", "TimelineQuery", "SQLiteStore", "Store", "is_server", "open_store"]
