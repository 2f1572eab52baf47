"""The PostgreSQL connection: opening it (read-write with migrations, or read-only with none),
transactions, and the helpers the read modules use.

A store borrows one psycopg connection from this process's pool for its URL (``pool.py``) and
gives it back when it closes, so the web app's store per request and several readers share a
few connections.  The connection is in autocommit mode, so that ``transaction`` says BEGIN and
COMMIT itself, as the SQLite store does.  A read-only open sets ``default_transaction_read_only``
(a read-write open unsets it: the connection may have served a reader before): the server
refuses any write, whatever the code asks.  Several writers may work on one database at once:
documents are keyed by their content hash and written with ``ON CONFLICT DO NOTHING``
(``writes.py``), so the second writer of the same content writes nothing.
"""
from __future__ import annotations

import functools

import os
import re
import threading
from typing import Any

from ...errors import StoreBusy, StoreError, StoreFull
from ..transactions import Transactions
from . import pool
from .dialect import Dialect
from .schema import check_current, migrate, schema_version


def display_url(url: str) -> str:
    """The URL without its password (``postgresql://me:***@host/db``), for messages and ``path``."""
    return re.sub(r"^(\w+://[^:/@]+):[^@]*@", r"\1:***@", url)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _raise_mapped(exc: BaseException) -> None:
    """The server's errors that a job handles as SQLite's: a full disk (``StoreFull``), and a
    write that another writer's open transaction stands in the way of (``StoreBusy``: a deadlock
    between two writers' batches of documents, which the server breaks by failing one; the job
    commits what it has and tries the document again, ``runner.base.drive``)."""
    import psycopg

    if isinstance(exc, (psycopg.errors.DiskFull, psycopg.errors.OutOfMemory)):
        raise StoreFull(f"could not store: the database server's disk is full ({_first_line(exc)})") from exc
    if isinstance(exc, (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure, psycopg.errors.LockNotAvailable)):
        raise StoreBusy(f"another writer holds rows that this write needs ({_first_line(exc)})") from exc


class _Returned:
    """What a closed store holds instead of its connection, which is back in the pool (and may
    be another store's by now): every use says the store is closed."""

    def __init__(self, path: str):
        self.path = path

    def _closed(self, *args, **kwargs):
        raise StoreError(f"store {self.path} is closed")

    execute = cursor = _closed

    def close(self) -> None:
        pass


class Connection(Transactions):
    """One connection to the database, borrowed from the pool until ``close``.  ``readonly``
    opens it with every transaction read-only: no write, no migration, and a database of
    another schema is refused."""

    def __init__(self, url: str, *, readonly: bool = False):
        try:
            import psycopg
            import psycopg_pool  # noqa: F401
        except ImportError as exc:
            raise StoreError("the PostgreSQL back end needs psycopg and psycopg-pool: pip install 'claimgraph[postgres]'") from exc
        self.url = url
        self.path = display_url(url)
        self.readonly = readonly
        self._pool, raw = pool.checkout(url, self.path)
        self._pid = os.getpid()
        self._finalizer = pool.watch(self, self._pool, raw)
        self.conn = Dialect(raw, on_error=_raise_mapped)
        self._lock = threading.RLock()
        self._depth = 0
        self._names_cache: dict[str, dict[str, str]] | None = None
        try:
            # JIT off: the server compiles a statement whose estimate passes jit_above_cost, and ours
            # are short (the conflicts ranking at 100,000 documents: 18 ms compiling, 25 ms running)
            raw.execute(f"SET default_transaction_read_only = {'on' if readonly else 'off'}; SET jit = off")
            if readonly:
                check_current(self.conn, self.path)
            else:
                with self.transaction():
                    migrate(self.conn, self.path)
        except psycopg.Error as exc:
            self.close()
            raise StoreError(f"cannot use store {self.path}: {_first_line(exc)}") from exc
        except BaseException:
            self.close()
            raise

    def schema_version(self) -> int:
        return schema_version(self.conn)

    def _begin(self) -> None:
        self.conn.raw.execute("BEGIN")

    def _control(self, sql: str) -> None:
        self.conn.raw.execute(sql)

    def _kept_now(self) -> None:
        """Inside this store's open transaction, fold what it has written so far into the kept
        tables (migration 21), so that its reads see its own writes; outside one, each commit
        has folded its own."""
        if self._depth:
            self.conn.raw.execute("SELECT claimgraph_fold_now()")

    def close(self) -> None:
        """Give the connection back to the pool (once; a broken one is discarded there).  In a
        forked child a store of its parent's lets go of it without a word to the server."""
        raw = self.conn.raw
        if isinstance(raw, _Returned):
            return
        self.conn = Dialect(_Returned(self.path))
        self._finalizer.detach()
        if self._pid == os.getpid():
            pool.give_back(self._pool, raw)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers for the read modules ---------------------------------------------------------
    def _rows(self, sql: str, args: Any = ()) -> list[dict[str, Any]]:
        return self.conn.dicts(sql.replace("@DOCS", "documents d"), args)

    def _run(self, sql: str, args: Any = ()):
        """Execute ``sql`` with ``@DOCS`` standing for the documents table (alias ``d``)."""
        return self.conn.execute(sql.replace("@DOCS", "documents d"), args)

    def _tuples(self, sql: str, args: Any = ()) -> list[tuple]:
        """``_run``'s rows as plain tuples (``Dialect.tuples``), for reads of many rows."""
        return self.conn.tuples(sql.replace("@DOCS", "documents d"), args)


def kept(read):
    """A read of migration 21's kept tables: first ``_kept_now``."""
    @functools.wraps(read)
    def wrapper(self, *args, **kwargs):
        self._kept_now()
        return read(self, *args, **kwargs)

    return wrapper
