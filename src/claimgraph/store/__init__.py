"""Stores behind one interface (``base.Store``); SQLite is the default back end."""
from __future__ import annotations

from ..config import db_path
from .base import Store
from .sqlite import SQLiteStore


def open_store(path: str | None = None, *, readonly: bool = False) -> SQLiteStore:
    """Open (and create or migrate) the store at ``path``, ``$CLAIMGRAPH_DB`` or ./claimgraph.db."""
    return SQLiteStore(db_path(path), readonly=readonly)


__all__ = ["SQLiteStore", "Store", "open_store"]
