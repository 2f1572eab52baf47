"""The SQLite file: opening it (read-write with migrations, or read-only with none),
transactions, and the helpers every read module uses."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ...config import sqlite_wal_pages
from ...errors import StoreBusy, StoreError
from ..transactions import Transactions
from .schema import check_current, migrate, schema_version

_BUSY_TIMEOUT_MS = 30_000


class Connection(Transactions):
    """One connection to the store file.  Writers use WAL mode and ``BEGIN IMMEDIATE``
    (``transaction`` and ``batch``: ``store/transactions.py``); a read-only open (``mode=ro``)
    never writes, never migrates and refuses another schema."""

    def __init__(self, path: str, *, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        wal_pages = None if readonly else sqlite_wal_pages()  # a bad setting fails before the file is opened
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
            else:
                self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path!r}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        self._names_cache = None  # namepools.NamePools of the actors, once read (actors.ActorReads._name_pools)
        self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            check_current(self.conn, path)
        else:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {wal_pages}")
            # a savepoint (a document of a batch, store/transactions.py) journals the first change of
            # each page in it, ~150 pages a document in a big store: in memory, not in a temporary
            # file, which cost a fifth of the merge's time (benchmarks/growth.py)
            self.conn.execute("PRAGMA temp_store = MEMORY")
            with self.transaction():
                migrate(self.conn, path)

    def schema_version(self) -> int:
        return schema_version(self.conn)

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreBusy(f"store {self.path!r} is locked by another writer; wait for it to finish or use another --db") from exc
            raise StoreError(str(exc)) from exc

    def _control(self, sql: str) -> None:
        self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers for the read modules ---------------------------------------------------------
    def _rows(self, sql: str, args: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._run(sql, args)]

    def _run(self, sql: str, args: Any = ()) -> sqlite3.Cursor:
        """Execute ``sql`` with ``@DOCS`` standing for the documents table (alias ``d``), read
        through the ``documents_outlet`` covering index when the store has it: a document row
        holds the whole text, and the planner does not pick the narrow index without ANALYZE."""
        if "@DOCS" in sql:
            has = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'documents_outlet'").fetchone()
            sql = sql.replace("@DOCS", "documents d INDEXED BY documents_outlet" if has else "documents d")
        return self.conn.execute(sql, args)

    def _tuples(self, sql: str, args: Any = ()) -> Iterable[Any]:
        """``_run``'s rows, to unpack by position: a read of many rows (PostgreSQL's are plain
        tuples, its ``Row`` costing a row 1-2 µs; SQLite's cursor is as it is)."""
        return self._run(sql, args)


def marks(n: int) -> str:
    return ",".join("?" * n)


def chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
