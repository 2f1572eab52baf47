"""What every router needs: a read connection per request (a writable one for an edit), the
shared filters, API errors."""
from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Query, Request

from ..errors import ClaimgraphError


class ApiError(Exception):
    """An error a route answers with ``{"error": ..., "detail": ...}`` and ``status``."""

    def __init__(self, status: int, error: str, detail: Any = None, back: str | None = None):
        super().__init__(f"{error}: {detail}")
        self.status, self.error, self.detail = status, error, detail
        self.back = back  # the page an error page links back to (a form's page)


class StoreProvider:
    """Hands each request its own read-only connection to the store (``open_store(readonly=True)``).

    Queries never write and never migrate: a store of another schema is refused on start, with
    the command that upgrades it.  Only an edit (a curation POST, ``writer``) opens the store
    writable, for that request alone.  A PostgreSQL store's opens borrow a connection from the
    process's pool for the URL and give it back at the end of the request
    (``store/postgres/pool.py``), so requests share a few connections.  A store opened by the
    caller is used as it is; an in-memory one cannot be reopened, so it is shared, one request
    at a time.
    """

    def __init__(self, store: Any):
        from ..store import is_server, open_store

        self._open = open_store
        self._owner = None
        self._shared = None
        self._file: tuple[int, int] | None = None
        self._lock = threading.Lock()
        if isinstance(store, (str, os.PathLike)):
            self.path = str(store)
            if not is_server(self.path) and not Path(self.path).is_file():
                raise ClaimgraphError(f"no store at {self.path}; run `claimgraph ingest PATH` first or pass --db")
            before = None if is_server(self.path) else _identity(self.path)
            self._owner = open_store(self.path, readonly=True)  # checks the schema once, on start
            if is_server(self.path):  # its connection waits in the pool for the first request
                self._owner.close()
                self._owner = None
            elif before == _identity(self.path):
                self._file = before  # the file the held connection has open (change_mark)
        else:
            self.path = getattr(store, "url", None) or store.path  # a server store's path hides its password
            if not self.path or self.path == ":memory:" or self.path.startswith("file::memory:"):
                self._shared = store

    @contextmanager
    def reader(self) -> Iterator[Any]:
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        store = self._open(self.path, readonly=True)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """A writable connection for one edit, closed when it is done (a decision is one
        transaction; another writer, such as an ingest, is waited for up to the busy timeout)."""
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        store = self._open(self.path)
        try:
            yield store
        finally:
            store.close()

    def change_mark(self) -> int | None:
        """A value that differs whenever the store may have changed since it was last read, or
        ``None`` where there is none to trust (``response_cache.py``): ``PRAGMA data_version``
        on the provider's own read-only SQLite connection, which moves with every commit of
        every other connection, while the path still names the file that connection has open
        (a store moved into place, or removed, is never answered from what was kept)."""
        if self._owner is None or self._shared is not None or self._file is None:
            return None  # a server store (no held connection) or a shared one (its writes are its own)
        with self._lock:
            conn = getattr(self._owner, "conn", None)
            if not isinstance(conn, sqlite3.Connection) or _identity(self.path) != self._file:
                return None
            try:
                return conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return None  # closed on shutdown: build the answer, keep nothing

    def close(self) -> None:
        if self._owner is not None:
            self._owner.close()
            self._owner = None


def _identity(path: str) -> tuple[int, int] | None:
    """The file ``path`` names (device, inode), or ``None`` when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def get_store(request: Request) -> Iterator[Any]:
    """FastAPI dependency: a store for this request only, closed when the response is sent."""
    with request.app.state.store_provider.reader() as store:
        yield store


def scrub(request: Request, text: str) -> str:
    """A message without the store's file path (an error page never tells where the data lives)."""
    path = getattr(request.app.state.store_provider, "path", None)
    if path and isinstance(text, str):
        from ..store.postgres.connection import display_url  # a PostgreSQL URL's shown form hides its password

        for form in sorted({path, display_url(path), os.path.abspath(path), os.path.realpath(path)}, key=len, reverse=True):
            text = text.replace(form, "this store")
    return text


_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def check_date(value: str | None, name: str) -> str | None:
    value = (value or "").strip() or None
    if value and not _DATE.match(value):
        raise ApiError(422, "invalid request", [{"parameter": name, "problem": f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"}])
    return value


MAX_SOURCES = 200  # outlets in one filter (a store with more is filtered by other means)
MAX_INT = 2**63 - 1  # the largest number SQLite stores


def check_sources(values: list[str]) -> list[str]:
    out = list(dict.fromkeys(s for s in (x.strip() for x in values) if s))
    if len(out) > MAX_SOURCES:
        raise ApiError(422, "invalid request", [{"parameter": "source", "problem": f"at most {MAX_SOURCES} outlets at once"}])
    if any(len(s) > 500 for s in out):
        raise ApiError(422, "invalid request", [{"parameter": "source", "problem": "an outlet name has at most 500 characters"}])
    return out


def check_types(values: list[str]) -> list[str]:
    from ..ontology import EVENT_TYPES

    out: list[str] = []
    for raw in values:
        for t in raw.split(","):
            t = t.strip().upper()
            if not t:
                continue
            if t not in EVENT_TYPES:
                shown = t if len(t) <= 40 else t[:40] + "…"
                raise ApiError(422, "invalid request", [{"parameter": "type", "problem": f"unknown event type {shown!r}; known: {', '.join(EVENT_TYPES)}"}])
            if t not in out:
                out.append(t)
    return out


@dataclass
class Filters:
    """The filters every view of events shares (graph, events, timeline)."""

    since: str | None = None
    until: str | None = None
    sources: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    actor: str | None = None
    attributed_to: str | None = None

    def pairs(self) -> list[tuple[str, str]]:
        out = [(k, v) for k, v in (("since", self.since), ("until", self.until), ("actor", self.actor), ("attributed_to", self.attributed_to)) if v]
        out += [("source", s) for s in self.sources] + [("type", t) for t in self.types]
        return out

    def query(self, **extra: Any) -> str:
        return urlencode(self.pairs() + [(k, v) for k, v in extra.items() if v not in (None, "")])

    def as_dict(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "sources": self.sources, "types": self.types,
                "actor": self.actor, "attributed_to": self.attributed_to}

    def __bool__(self) -> bool:
        return bool(self.pairs())


def get_filters(
    since: str | None = Query(None, max_length=40, description="Only events dated on or after this day, month or year (YYYY[-MM[-DD]])."),
    until: str | None = Query(None, max_length=40, description="Only events dated on or before (YYYY[-MM[-DD]])."),
    source: list[str] = Query([], description="Only evidence from these outlets (repeat the parameter for several)."),
    type: list[str] = Query([], description="Only these PLOVER event types (repeat, or comma-separate)."),
    actor: str | None = Query(None, max_length=500, description="Only events involving this actor (id or any alias)."),
    attributed_to: str | None = Query(None, max_length=500, description="Only events attributed to this actor (who asserts them)."),
) -> Filters:
    return Filters(
        since=check_date(since, "since"),
        until=check_date(until, "until"),
        sources=check_sources(source),
        types=check_types(type),
        actor=(actor or "").strip() or None,
        attributed_to=(attributed_to or "").strip() or None,
    )


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
