"""The PostgreSQL connection: opening it (read-write with migrations, or read-only with none),
transactions, and the helpers the read modules use.

One psycopg connection per store object, in autocommit mode, so that ``transaction`` says BEGIN
and COMMIT itself, as the SQLite store does.  A read-only open sets
``default_transaction_read_only``: the server refuses any write, whatever the code asks.
Several writers may work on one database at once: documents are keyed by their content hash and
written with ``ON CONFLICT DO NOTHING`` (``writes.py``), so the second writer of the same
content writes nothing.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ...errors import StoreError, StoreFull
from .dialect import Dialect, row_factory
from .schema import check_current, migrate, schema_version


def display_url(url: str) -> str:
    """The URL without its password (``postgresql://me:***@host/db``), for messages and ``path``."""
    return re.sub(r"^(\w+://[^:/@]+):[^@]*@", r"\1:***@", url)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _raise_full(exc: BaseException) -> None:
    import psycopg

    if isinstance(exc, (psycopg.errors.DiskFull, psycopg.errors.OutOfMemory)):
        raise StoreFull(f"could not store: the database server's disk is full ({_first_line(exc)})") from exc


class Connection:
    """One connection to the database.  ``readonly`` opens it with every transaction read-only:
    no write, no migration, and a database of another schema is refused."""

    def __init__(self, url: str, *, readonly: bool = False):
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("the PostgreSQL back end needs psycopg: pip install 'claimgraph[postgres]'") from exc
        self.url = url
        self.path = display_url(url)
        self.readonly = readonly
        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=row_factory, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc
        self.conn = Dialect(raw, on_error=_raise_full)
        self._lock = threading.RLock()
        self._depth = 0
        self._names_cache: dict[str, dict[str, str]] | None = None
        try:
            if readonly:
                raw.execute("SET default_transaction_read_only = on")
                check_current(self.conn, self.path)
            else:
                with self.transaction():
                    migrate(self.conn, self.path)
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot use store {self.path}: {_first_line(exc)}") from exc
        except BaseException:
            raw.close()
            raise

    def schema_version(self) -> int:
        return schema_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested uses join the outer one, which commits or rolls back
        everything.  Other writers do not wait for it, except on the same rows."""
        if self.readonly:
            raise StoreError(f"store {self.path!r} is open read-only; writing needs a read-write open")
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.conn.raw.execute("BEGIN")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                try:
                    self.conn.raw.execute("ROLLBACK")
                except Exception:
                    pass  # the connection is gone: the server rolled back
                self._names_cache = None  # it may hold actors the rollback just removed
                raise
            else:
                self._depth = 0
                self.conn.raw.execute("COMMIT")

    def close(self) -> None:
        self.conn.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers for the read modules ---------------------------------------------------------
    def _rows(self, sql: str, args: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._run(sql, args)]

    def _run(self, sql: str, args: Any = ()):
        """Execute ``sql`` with ``@DOCS`` standing for the documents table (alias ``d``)."""
        return self.conn.execute(sql.replace("@DOCS", "documents d"), args)
