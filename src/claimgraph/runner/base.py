"""The runner seam: what a runner does (extract documents, each on its own), and the one loop
that writes what it extracts, with one policy for failures and Ctrl-C.

A runner only extracts: ``Runner.extract(documents)`` yields, for each document, its
``Extraction`` or a ``Failed``.  It may do so in any process or on any machine, as extraction
is a pure function of (document, pipeline).  Resolution and writing stay sequential, in this
process, in ``drive``.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..errors import StoreBusy, StoreFull
from ..models import Document, Extraction, ReadProblem

Progress = Callable[[str, Document | ReadProblem | None], None]
T = TypeVar("T")

#: How many times a write waits for another writer (each wait is the store's own busy
#: timeout, 30 s for SQLite) before the job gives up, with a message, never silently.
LOCK_TRIES = 10


@dataclass(frozen=True)
class Failed:
    """A document the pipeline raised on; ``reason`` is the one-line message to report."""

    document: Document
    reason: str


class _Idle:
    def __repr__(self) -> str:
        return "IDLE"


#: What a runner's results (or a merge's records) may yield just before it waits for work done
#: elsewhere (a worker process, a shard still running): ``drive`` commits its open batch then,
#: so that no write lock is held while nothing is written.  Any other consumer skips it.
IDLE = _Idle()


class Runner(Protocol):
    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | Failed]:
        """One result per document, in input order; a failure never stops the others.  It may
        also yield ``IDLE`` before it waits for results made elsewhere."""
        ...


def extraction_failed(exc: BaseException) -> str:
    return f"extraction failed ({type(exc).__name__}: {first_line(exc)})"


def patiently(action: Callable[[], T], waiting: Callable[[], None] | None = None,
              on_busy: Callable[[], None] | None = None) -> T:
    """``action()``, waiting its turn while another writer holds the store: on ``StoreBusy``
    ``waiting`` is told once, ``on_busy`` is called (a job commits its open batch there, so that
    a writer waiting on it goes on) and the action is tried again, up to ``LOCK_TRIES`` times;
    then the last ``StoreBusy`` is raised, saying so."""
    told = False
    for attempt in range(LOCK_TRIES):
        try:
            return action()
        except StoreBusy as exc:
            if on_busy is not None:
                on_busy()
            if attempt == LOCK_TRIES - 1:
                raise StoreBusy(f"{exc} (gave up after waiting {LOCK_TRIES} times)") from exc
            if waiting is not None and not told:
                waiting()
                told = True
            time.sleep(0.05)
    raise AssertionError("unreachable")


def drive(documents: Iterable[Document], runner: Runner, put: Callable[[Extraction], Callable[[], None] | None],
          failed: Callable[[Document, str], None], waiting: Callable[[], None] | None = None,
          batches: Batches | None = None) -> bool:
    """The loop: extract each document (``runner``), then ``put`` it (resolve and write).
    ``put`` returns what to do once the document is committed (count it, tell the progress
    bar), or None.

    With ``batches`` (``Batches.of(store)``) the documents are committed together (up to
    ``config.write_batch()`` of them, or ``BATCH_SECONDS``, in one transaction, and whatever is
    written when the runner says it waits, ``IDLE``), each written in a savepoint of its own, so
    a document that fails is undone alone; without, each ``put`` commits its own.

    One policy for every job: a document the pipeline or the store fails on is reported
    through ``failed`` and the others go on.  While another writer holds the store
    a write waits its turn (``patiently``; ``waiting`` is told), and aborts with ``StoreBusy``
    only when the wait is too long; a write that another writer's batch stands in the way of
    (PostgreSQL: a deadlock, broken by failing one of them) first commits the open batch, so
    that the other goes on.  A full disk is reported for its document and then raised
    as ``StoreFull`` (every later write would fail too; what was written before is committed
    and stays).  Ctrl-C stops the run between two documents, and what was written is
    committed first (a commit and its counting are never cut apart).  Returns True when
    interrupted.  The runner's iterator is closed when the loop ends, however it ends, so a
    runner with worker processes stops them there."""
    if batches is None:
        batches = Batches(None, 1)

    def write(result: Extraction, how: Callable[[Extraction], Callable[[], None] | None]) -> None:
        try:  # on StoreBusy another writer may wait on what the open batch holds: it is committed first
            done = patiently(lambda: how(result), waiting, on_busy=commit)
        except StoreBusy:
            raise
        except Exception as exc:  # one document's store error must not lose the others
            if disk_full(exc):
                why = ("could not store: the disk is full (SQLite: database or disk is full); stopped here,"
                       " keeping every document stored before; free some space and run it again")
                failed(result.doc, why)
                raise StoreFull(why) from exc
            failed(result.doc, f"could not store: {exc}")
            return
        if done is not None:
            done()

    def commit() -> None:
        for result in batches.commit():  # its commit failed: each written again on its own
            write(result, put)

    batches.flush = commit  # for what the job writes between two documents (``intake.Intake.known``)
    results = runner.extract(documents)
    try:
        try:
            for result in results:
                if result is IDLE:  # the runner waits: nothing to hold the store for
                    with interrupt_after():
                        commit()
                    continue
                if isinstance(result, Failed):
                    failed(result.document, result.reason)
                    continue
                with interrupt_after():
                    write(result, lambda ex: batches.write(put, ex))
                    if batches.due():
                        commit()
        finally:
            with interrupt_after():
                commit()
    except KeyboardInterrupt:
        return True
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    return False


#: the longest a batch of documents stays open before its commit (seconds), however few it
#: holds: another writer waits for it, and the progress bar counts only what is committed.  It is
#: looked at after each document; a runner that waits for results made elsewhere says so
#: (``IDLE``) and the batch is committed first, but one that extracts in this process (the
#: local runner) holds the batch open while it extracts the next document.
BATCH_SECONDS = 1.0


class Batches:
    """The documents that ``drive`` writes, committed together: up to ``size`` of them, or those
    written in ``BATCH_SECONDS``, in one ``store.batch()``, each in a savepoint of its own (the
    ``transaction`` that ``write`` opens in it).  What a ``put`` returns (its counting) is kept
    until its batch is committed.  With ``size`` 1 (or no store: ``drive`` without batches) every
    ``put`` commits alone."""

    def __init__(self, store, size: int):
        self.store = store if size > 1 else None
        self.size = size
        self.open = None  # the store.batch() context, entered
        self.pending: list[tuple[Extraction, Callable[[], None] | None]] = []
        self.since = 0.0
        self.flush: Callable[[], None] = lambda: None  # drive's commit of the open batch, once it runs

    @classmethod
    def of(cls, store) -> Batches:
        """The batches of a job writing to ``store``: ``config.write_batch()`` documents each."""
        from ..config import write_batch

        return cls(store, write_batch())

    def write(self, put: Callable[[Extraction], Callable[[], None] | None], result: Extraction) -> Callable[[], None] | None:
        """``put(result)``, in the open batch (opened here: ``StoreBusy`` leaves none open);
        returns what to do now (nothing when it waits for the commit)."""
        if self.store is None:
            return put(result)
        if self.open is None:
            opened = self.store.batch()
            opened.__enter__()
            self.open, self.since = opened, time.monotonic()
        with self.store.transaction():  # a savepoint: a failure undoes this document alone
            done = put(result)
        self.pending.append((result, done))
        return None

    def due(self) -> bool:
        return self.open is not None and (len(self.pending) >= self.size or time.monotonic() - self.since >= BATCH_SECONDS)

    def commit(self) -> list[Extraction]:
        """Commit the open batch and do what its documents' ``put`` returned.  A commit that
        fails (a full disk; a row the server refuses only as it commits) is rolled back, and
        its documents are returned to be written again, one transaction each."""
        if self.open is None:
            return []
        opened, pending = self.open, self.pending
        self.open, self.pending = None, []
        try:
            opened.__exit__(None, None, None)
        except Exception:
            return [result for result, _ in pending]
        for _, done in pending:
            if done is not None:
                done()
        return []


@contextmanager
def interrupt_after() -> Iterator[None]:
    """Hold Ctrl-C while one document is written and counted, then deliver it.

    Without this a Ctrl-C landing just after a document's COMMIT but before it was counted
    left the summary one document short of what the store holds."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the disk or the database is full."""
    import errno

    while exc is not None:
        if isinstance(exc, StoreFull) or "database or disk is full" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def first_line(exc: BaseException, limit: int = 200) -> str:
    text = (str(exc).strip().splitlines() or [""])[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"
