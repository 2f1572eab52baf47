"""The JSON bodies of the slowest routes (``/api/conflicts``, ``/api/actors/NAME``,
``/api/check``), kept for as long as the store has not changed.

Whether it has changed is asked of ``StoreProvider.change_mark``: SQLite's ``PRAGMA
data_version`` on the provider's own read-only connection, which differs after any commit by
any other connection, in this process or another (an ingest, a curation edit, the ``sqlite3``
shell).  That connection never writes, so no commit can hide from it.  A store with no such
mark (PostgreSQL, an in-memory store shared with the writer, a path that now names another file
than the one that connection holds) is never cached: each request builds its answer, as
before.  The mark is read before the body is built, so a body never stands for a store older
than the one it was read from.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

ENTRIES = 64  # bodies kept (a page each: the pairs, an actor, a claim)
MAX_BYTES = 64 * 2**20  # all of them together (/api/conflicts is 2.9 MB at 100,000 documents; with limit=500, more than this)


class ResponseCache:
    """Bodies by key, all dropped at once when the store's mark moves; the least recently used
    goes first past ``entries`` bodies or ``max_bytes`` in all (a bigger body is never kept)."""

    def __init__(self, entries: int = ENTRIES, max_bytes: int = MAX_BYTES):
        self.entries, self.max_bytes = entries, max_bytes
        self._mark: Any = None
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every body (the next request of each builds it, as after a write)."""
        with self._lock:
            self._bodies.clear()
            self._bytes = 0
            self._mark = None

    def get(self, key: Hashable, mark: Any) -> bytes | None:
        with self._lock:
            if mark != self._mark:
                self._bodies.clear()
                self._bytes = 0
                self._mark = mark
                return None
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: Hashable, mark: Any, body: bytes) -> None:
        with self._lock:
            if mark != self._mark or len(body) > self.max_bytes:
                return  # the store moved on while the body was built: it may be stale already
            self._bytes += len(body) - len(self._bodies.pop(key, b""))
            self._bodies[key] = body
            while len(self._bodies) > self.entries or self._bytes > self.max_bytes:
                self._bytes -= len(self._bodies.popitem(last=False)[1])


def cached_json(request: Request, key: Hashable, make: Callable[[Any], Any]) -> Response:
    """The JSON of ``make(store)``, from the cache when the store is as it was.  ``make`` gives
    plain JSON values (dicts, lists, tuples, text, numbers), sent as they are: FastAPI's
    ``jsonable_encoder``, which a route's return value goes through, walked each of an actor
    page's 15,000 values for the same bytes (``tests/test_web_response_cache.py`` checks it)."""
    provider = request.app.state.store_provider
    cache: ResponseCache = request.app.state.response_cache
    mark = provider.change_mark()
    if mark is not None and (body := cache.get(key, mark)) is not None:
        return Response(body, media_type="application/json")
    with provider.reader() as store:
        data = make(store)
    body = JSONResponse(data).body
    if mark is not None:
        cache.put(key, mark, body)
    return Response(body, media_type="application/json")
