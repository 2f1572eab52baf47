"""Transactions, written once for both back ends: one transaction, nested uses joining it, and
a batch of documents in one transaction, each undone alone when it fails.

A back end's connection class mixes in ``Transactions`` and says how to begin (``_begin``:
SQLite's ``BEGIN IMMEDIATE`` tells a busy store apart) and how to run a statement of
transaction control (``_control``).  ``batch`` is how ``runner.base.drive`` writes many
documents in one commit: a commit writes every page the transaction changed (SQLite's log, and
the folds of PostgreSQL's kept tables, ``postgres/edge_sql.py``), so documents committed
together share what they touch.  Inside a batch each ``transaction`` opened directly in it is
a savepoint: a document that fails is rolled back alone, and the documents before it stay.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import StoreError


class Transactions:
    _depth = 0  # how many transaction() uses are open, the outer one counted as 1
    _batched_at = 0  # the depth of the innermost open batch(): the uses opened directly in it are savepoints
    _names_cache = None

    def _begin(self) -> None:
        raise NotImplementedError

    def _control(self, sql: str) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested uses join the outer one, which commits or rolls back
        everything, except directly inside ``batch``, where each is a savepoint, rolled back
        alone when it raises.  Raises ``StoreBusy`` when another writer holds the store."""
        if self.readonly:
            raise StoreError(f"store {self.path!r} is open read-only; writing needs a read-write open")
        with self._lock:
            if self._batched_at and self._depth == self._batched_at:
                with self._savepoint():
                    yield
                return
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin()
            self._depth = 1
            try:
                yield
            except BaseException:
                self._end("ROLLBACK")
                raise
            self._end("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for many documents (``runner.base.drive``): each ``transaction``
        opened directly inside it is a savepoint.  Its end commits them all; leaving it by an
        exception rolls them all back.  Inside another transaction it is a part of that one, and
        still makes a savepoint of each use opened directly in it."""
        with self.transaction():  # inside another transaction: its part of it
            outer, self._batched_at = self._batched_at, self._depth
            try:
                yield
            finally:
                self._batched_at = outer

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"claimgraph_doc_{self._depth}"
        self._control(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._names_cache = None  # it may hold actors the rollback just removed
            try:
                self._control(f"ROLLBACK TO SAVEPOINT {name}")
                self._control(f"RELEASE SAVEPOINT {name}")
            except Exception:
                pass  # the connection is gone; the batch's COMMIT says so
            raise
        self._depth -= 1
        self._control(f"RELEASE SAVEPOINT {name}")

    def _end(self, how: str) -> None:
        """COMMIT or ROLLBACK the outer transaction.  A COMMIT that fails (a full disk, a kept
        table's fold refusing a row) is rolled back, so that the connection is left with no
        transaction open, and raises."""
        self._depth = 0
        self._batched_at = 0
        if how == "COMMIT":
            try:
                self._control("COMMIT")
                return
            except BaseException:
                self._end("ROLLBACK")
                raise
        self._names_cache = None  # it may hold actors the rollback just removed
        try:
            self._control("ROLLBACK")
        except Exception:
            pass  # no transaction left (a failed COMMIT ended it) or no connection: the server rolled back
