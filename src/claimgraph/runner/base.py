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


class Runner(Protocol):
    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | Failed]:
        """One result per document, in input order; a failure never stops the others."""
        ...


def extraction_failed(exc: BaseException) -> str:
    return f"extraction failed ({type(exc).__name__}: {first_line(exc)})"


def patiently(action: Callable[[], T], waiting: Callable[[], None] | None = None) -> T:
    """``action()``, waiting its turn while another writer holds the store: on ``StoreBusy``
    ``waiting`` is told once and the action is tried again, up to ``LOCK_TRIES`` times; then
    the last ``StoreBusy`` is raised, saying so."""
    told = False
    for attempt in range(LOCK_TRIES):
        try:
            return action()
        except StoreBusy as exc:
            if attempt == LOCK_TRIES - 1:
                raise StoreBusy(f"{exc} (gave up after waiting {LOCK_TRIES} times)") from exc
            if waiting is not None and not told:
                waiting()
                told = True
            time.sleep(0.05)
    raise AssertionError("unreachable")


def drive(documents: Iterable[Document], runner: Runner, put: Callable[[Extraction], None],
          failed: Callable[[Document, str], None], waiting: Callable[[], None] | None = None) -> bool:
    """The loop: extract each document (``runner``), then ``put`` it (resolve and write).

    One policy for every job: a document the pipeline or the store fails on is reported through
    ``failed`` and the others go on.  While another writer holds the store a write waits its
    turn (``patiently``; ``waiting`` is told), and aborts with ``StoreBusy`` only when the
    wait is too long.  A full disk is reported for its document and then raised as
    ``StoreFull`` (every later write would fail too; what was written stays).  Ctrl-C stops the
    run between two documents (a write and its counting are never cut apart).  Returns True
    when interrupted.  The runner's iterator is closed when the loop ends, however it ends, so
    a runner with worker processes stops them there."""
    results = runner.extract(documents)
    try:
        for result in results:
            if isinstance(result, Failed):
                failed(result.document, result.reason)
                continue
            with interrupt_after():
                try:
                    patiently(lambda: put(result), waiting)
                except StoreBusy:
                    raise
                except Exception as exc:  # one document's store error must not lose the others
                    if disk_full(exc):
                        why = ("could not store: the disk is full (SQLite: database or disk is full); stopped here,"
                               " keeping every document stored before; free some space and run it again")
                        failed(result.doc, why)
                        raise StoreFull(why) from exc
                    failed(result.doc, f"could not store: {exc}")
    except KeyboardInterrupt:
        return True
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    return False


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
