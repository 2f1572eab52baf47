"""Pooled connections to PostgreSQL: one pool per database URL and process (``psycopg_pool``).

Every store opened on a URL in this process borrows its connection from that URL's pool
(``checkout``) and gives it back when it closes (``give_back``): the web app, which opens a
read-only store per request and a writable one per edit, and several readers in threads share
a few connections rather than opening one each.  What a store does with its connection does not
change: autocommit, with explicit BEGIN/COMMIT (``connection.Connection.transaction``), and the
read-only or read-write mode set anew at every checkout.

- A pool starts empty (``min_size`` 0) and opens connections as stores ask for them, up to
  ``config.pg_pool_size()`` (``CLAIMGRAPH_PG_POOL_SIZE``, 10); a store waits up to ``TIMEOUT``
  seconds for one, then ``StoreBusy`` says that all are in use.
- The first checkout of a URL connects once directly, so a wrong URL, a missing database or a
  server that is down is the driver's own one-line message at once, not a pool's timeout.
- A connection is checked at checkout (an empty query), and one that comes back broken (the
  server ended its session) is discarded by the pool, never handed out again.
- A forked child forgets its parent's pools without closing them (closing would end the
  parent's sessions, whose sockets it shares): its first store makes a pool of its own.  A
  spawned worker starts with none.
- A store that is dropped without ``close`` gives its connection back through a finalizer, at
  the next checkout (never from inside the garbage collector, which may run while the pool holds
  its lock).
"""
from __future__ import annotations

import atexit
import os
import threading
import weakref
from collections import deque
from typing import Any

from ...errors import StoreBusy, StoreError

#: Seconds a store waits for a free connection of its pool (or for the pool to open one).
TIMEOUT = 15.0
#: Seconds one connection attempt may take.
CONNECT_TIMEOUT = 15

_lock = threading.Lock()
_pools: dict[str, Any] = {}
_inherited: list[dict[str, Any]] = []  # a forked child's copy of its parent's pools: never used, never closed
_orphans: deque = deque()  # (pool, connection, pid) of stores dropped without close


def _forget_in_child() -> None:
    global _lock, _pools
    _inherited.append(_pools)
    _pools = {}
    _lock = threading.Lock()
    _orphans.clear()


os.register_at_fork(after_in_child=_forget_in_child)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _connect_kwargs() -> dict[str, Any]:
    from .dialect import row_factory

    return {"autocommit": True, "row_factory": row_factory, "connect_timeout": CONNECT_TIMEOUT}


def _probe(url: str, shown: str) -> None:
    """Connect once, directly: the driver's message for a URL that cannot be used."""
    import psycopg

    try:
        psycopg.connect(url, **_connect_kwargs()).close()
    except psycopg.Error as exc:
        raise StoreError(f"cannot open store {shown}: {_first_line(exc)}") from exc


def pool_for(url: str, shown: str | None = None):
    """This process's pool for ``url`` (made, and the URL tried, on first use)."""
    from psycopg_pool import ConnectionPool

    from ...config import pg_pool_size
    from .connection import display_url

    shown = shown or display_url(url)
    with _lock:
        pool = _pools.get(url)
        if pool is not None and not pool.closed:
            return pool
    _probe(url, shown)
    with _lock:
        pool = _pools.get(url)
        if pool is None or pool.closed:
            pool = ConnectionPool(url, min_size=0, max_size=pg_pool_size(), kwargs=_connect_kwargs(), timeout=TIMEOUT,
                                  check=ConnectionPool.check_connection, name=f"claimgraph {shown}", num_workers=1,
                                  open=True)
            _pools[url] = pool
        return pool


def checkout(url: str, shown: str):
    """(pool, connection): a working connection to ``url`` from this process's pool."""
    from psycopg_pool import PoolClosed, PoolTimeout

    _return_orphans()
    for _ in range(2):
        pool = pool_for(url, shown)
        try:
            return pool, pool.getconn()
        except PoolClosed:
            continue  # closed meanwhile (close_pools): a new one
        except PoolTimeout:
            _probe(url, shown)  # the server is gone: its message; else every connection is in use
            raise StoreBusy(f"store {shown}: all {pool.max_size} connections of this process's pool were in use for"
                            f" {TIMEOUT:.0f} s; close the stores you are done with, or allow more with"
                            " CLAIMGRAPH_PG_POOL_SIZE") from None
    raise StoreError(f"cannot open store {shown}: its connection pool was closed")


def give_back(pool, conn) -> None:
    """Return a connection to its pool: kept for the next store, or discarded when broken (or
    left in a transaction that cannot be rolled back)."""
    try:
        pool.putconn(conn)
    except Exception:  # noqa: BLE001 - a pool closed meanwhile: the connection just closes
        try:
            conn.close()
        except Exception:  # noqa: BLE001
            pass


def watch(owner: object, pool, conn):
    """A finalizer that gives ``conn`` back if ``owner`` is dropped without closing it; detach
    it on close."""
    return weakref.finalize(owner, _orphans.append, (pool, conn, os.getpid()))


def _return_orphans() -> None:
    while _orphans:
        try:
            pool, conn, pid = _orphans.popleft()
        except IndexError:
            return
        if pid == os.getpid():
            give_back(pool, conn)


def pool_stats(url: str) -> dict[str, int] | None:
    """``psycopg_pool``'s figures for this process's pool of ``url`` (``pool_size``: connections
    open, ``pool_available``: idle ones, ``connections_num``: opened so far, ...), or None."""
    pool = _pools.get(url)
    return pool.get_stats() if pool is not None else None


def close_pool(url: str) -> None:
    """Close this process's pool of ``url``: its idle connections now, those in use when their
    stores close."""
    with _lock:
        pool = _pools.pop(url, None)
    if pool is not None:
        pool.close(timeout=1.0)


def close_pools() -> None:
    """Close every pool of this process (at exit, and for tests)."""
    for url in list(_pools):
        close_pool(url)


atexit.register(close_pools)
