"""Files and folders to documents: dispatch by extension, bounded reads, per-file problems.

:func:`iter_documents` never raises for bad input: every file (or JSONL line) that cannot be
read becomes a :class:`~claimgraph.models.ReadProblem` with a one-line reason, and the run
goes on.  Folders are walked recursively in sorted order (names starting with ``.`` are
skipped); symlinked folders are followed once, and a loop is reported, not followed.
``NAME.meta.json`` files are read as the metadata of their article (see
:mod:`claimgraph.ingest.sidecar`), never as articles.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.errors import ClaimgraphError, ReadError
from claimgraph.ingest.document import front_matter, read_text_document
from claimgraph.ingest.htmlpage import read_html
from claimgraph.ingest.sidecar import check_defaults, is_sidecar, read_sidecar, sidecar_for
from claimgraph.ingest.textio import (
    SAMPLE_BYTES,
    cut_at_boundary,
    decode_bytes,
    decode_text,
    normalize_text,
    read_head,
    sniff_binary,
)
from claimgraph.models import Document, ReadProblem

DEFAULT_MAX_BYTES = 5_000_000
KINDS = {
    ".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
# JSONL field names we accept for each hint, first match wins.
JSONL_HINTS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "domain"),
    "author": ("author", "authors", "byline"),
    "published": ("published", "date", "published_at", "publish_date", "date_published", "pubdate"),
}

Item = Document | ReadProblem


@dataclass(frozen=True)
class _Options:
    max_bytes: int
    on_oversize: str
    defaults: Mapping[str, str] = field(default_factory=dict)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _os_reason(exc: OSError, *, listed: bool = False) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied (cannot read it)"
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link points back to itself)"
    if isinstance(exc, FileNotFoundError):
        return "file vanished before it could be read" if listed else "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, expected a file"
    return f"cannot read: {exc.strerror or exc}"


def iter_documents(paths: Iterable[str | Path] | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   on_oversize: str = "truncate", defaults: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Documents (and problems) from files and folders, in input order.

    ``max_bytes`` bounds what is read of one file (one line, for JSONL).  A larger file is cut
    at a paragraph or sentence boundary with a non-fatal :class:`ReadProblem` yielded before its
    document (``on_oversize="truncate"``), or skipped with a problem (``"skip"``).

    ``defaults`` (``source``, ``author``, ``published``) fill in what a document, its sidecar
    and its text do not say, e.g. ``{"source": "Example Gazette", "published": "2024-03"}``.
    Raises :class:`ValueError` (before reading anything) for an unknown key or a published
    value that is not a date.
    """
    if on_oversize not in ("truncate", "skip"):
        raise ValueError(f"on_oversize must be 'truncate' or 'skip', not {on_oversize!r}")
    if max_bytes < 1:
        raise ValueError("max_bytes must be at least 1")
    opts = _Options(max_bytes, on_oversize, check_defaults(defaults))
    return _iter_paths(paths, opts)


def _iter_paths(paths: Iterable[str | Path] | str | Path, opts: _Options) -> Iterator[Item]:
    for found in _walk(paths):
        if isinstance(found, ReadProblem):
            yield found
        else:
            yield from _read_found(*found, opts)


def iter_files(paths: Iterable[str | Path] | str | Path) -> Iterator[tuple[Path, str] | ReadProblem]:
    """The files ``iter_documents`` would read, as ``(path, kind)`` in the same order (``kind``
    is a value of ``KINDS``), and the problems of the walk itself (unreadable folders, links,
    unsupported files named explicitly).  Nothing is read: a planner splits these into shards
    (``claimgraph.runner.shards``)."""
    for found in _walk(paths):
        yield found if isinstance(found, ReadProblem) else found[:2]


def _walk(paths: Iterable[str | Path] | str | Path) -> Iterator[tuple[Path, str, os.stat_result, bool] | ReadProblem]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    visited: set[tuple[int, int]] = set()
    for p in paths:
        yield from _walk_path(Path(p), True, visited, ())


def _walk_path(path: Path, explicit: bool, visited: set[tuple[int, int]],
               ancestors: tuple[tuple[int, int], ...]) -> Iterator[tuple[Path, str, os.stat_result, bool] | ReadProblem]:
    name = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            yield ReadProblem(name, "broken symlink (its target does not exist)")
        else:
            yield ReadProblem(name, _os_reason(exc, listed=not explicit))
        return
    except ValueError as exc:  # embedded NUL in the path
        yield ReadProblem(name, f"invalid path ({exc})")
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk_dir(path, st, visited, ancestors)
        return
    kind = KINDS.get(path.suffix.lower())
    if is_sidecar(path):
        return  # read with its article
    if not stat.S_ISREG(st.st_mode):
        if explicit:
            yield ReadProblem(name, "not a regular file (device, pipe or socket)")
        return
    if kind is None:
        if explicit:
            supported = " ".join(sorted(KINDS))
            yield ReadProblem(name, f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})")
        return
    yield path, kind, st, explicit


def _read_found(path: Path, kind: str, st: os.stat_result, explicit: bool, opts: _Options,
                lines: tuple[int, int | None] | None = None) -> Iterator[Item]:
    name = str(path)
    try:
        if kind == "jsonl":
            yield from _read_jsonl(path, opts, lines)
        else:
            yield from _read_file(path, kind, st.st_size, opts)
    except ClaimgraphError as exc:
        yield ReadProblem(name, str(exc))
    except OSError as exc:
        yield ReadProblem(name, _os_reason(exc, listed=not explicit))
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
        yield ReadProblem(name, f"unexpected error while reading ({type(exc).__name__}: {exc})")


def read_jsonl_lines(path: str | Path, start: int, stop: int | None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                     defaults: Mapping[str, str] | None = None) -> Iterator[Item]:
    """The documents (and problems) of lines ``start`` to ``stop`` of a JSONL file (0-based,
    ``stop`` excluded, None: to the end), exactly as ``iter_documents`` reads them, line
    numbers included.  The lines before ``start`` are skipped unparsed.  A slice of a file with
    no record at all reports the file as empty only when it starts at line 0."""
    path = Path(path)
    opts = _Options(max_bytes, "truncate", check_defaults(defaults))
    try:
        st = path.stat()
    except OSError as exc:
        yield ReadProblem(str(path), _os_reason(exc))
        return
    yield from _read_found(path, "jsonl", st, True, opts, (start, stop))


def _walk_dir(path: Path, st: os.stat_result, visited: set[tuple[int, int]],
              ancestors: tuple[tuple[int, int], ...]) -> Iterator[tuple[Path, str, os.stat_result, bool] | ReadProblem]:
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield ReadProblem(str(path), "symlink loop (folder links back to a parent folder); skipped")
        return
    if key in visited:
        yield ReadProblem(str(path), "folder already read through another link; skipped", fatal=False)
        return
    visited.add(key)
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        yield ReadProblem(str(path), f"cannot list folder: {_os_reason(exc, listed=True)}")
        return
    for child in names:
        if child.startswith("."):
            continue
        yield from _walk_path(path / child, False, visited, ancestors + (key,))


def _read_file(path: Path, kind: str, size: int, opts: _Options) -> Iterator[Item]:
    name = str(path)
    max_bytes, on_oversize = opts.max_bytes, opts.on_oversize
    if size > max_bytes and on_oversize == "skip":
        yield ReadProblem(name, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit; skipped")
        return
    with open(path, "rb") as stream:
        data, more = read_head(stream, max_bytes)
    if more and on_oversize == "skip":
        yield ReadProblem(name, f"file is over the {_mb(max_bytes)} limit; skipped")
        return
    if not data.strip():
        yield ReadProblem(name, "empty file")
        return
    text, _encoding, doubt = decode_text(data, truncated=more)
    del data
    if kind == "html":
        text = text.replace("\x00", "")
        if more:
            text = cut_at_boundary(text)
    else:
        text = normalize_text(text)
        if more:
            text = cut_at_boundary(text)
    if not text.strip():
        yield ReadProblem(name, "empty file (only whitespace or control characters)")
        return
    if more:
        yield ReadProblem(
            name, f"file is over the {_mb(max_bytes)} limit; read its first {_mb(max_bytes)}, "
            "cut at a paragraph boundary", fatal=False)
    if doubt:
        yield ReadProblem(name, doubt, fatal=False)
    hints: dict[str, str] = {}
    if kind == "html":
        page = read_html(text)
        text, hints = page.text, page.hints
        if page.warning:
            yield ReadProblem(name, page.warning, fatal=False)
    elif kind == "markdown":
        text, hints = front_matter(text)
    if (sidecar := sidecar_for(path)) is not None:
        given, warning = read_sidecar(sidecar)
        if warning:
            yield ReadProblem(str(sidecar), warning, fatal=False)
        hints = {**hints, **given}  # what the user says beats what the page says
    try:
        doc = read_text_document(text, path=name, hints=hints, defaults=opts.defaults,
                                 first_line_title=kind in ("text", "markdown"))
    except ReadError:
        if kind != "html":
            raise
        raise ReadError("HTML has no article body") from None
    yield doc


def _read_jsonl(path: Path, opts: _Options, lines: tuple[int, int | None] | None = None) -> Iterator[Item]:
    """One document per line, streamed: a line never costs more than ``max_bytes`` of memory.
    ``lines`` (start, stop): only those lines (0-based, stop excluded), the others unparsed."""
    name, max_bytes = str(path), opts.max_bytes
    start, stop = lines or (0, None)
    with open(path, "rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        if sample.startswith(b"\xef\xbb\xbf"):
            sample = sample[3:]
        elif (reason := sniff_binary(sample)) is not None:
            if start == 0:
                yield ReadProblem(name, reason)
            return
        stream.seek(0)
        lineno, records, ended = 0, 0, True
        while raw := stream.readline(max_bytes + 1):
            if stop is not None and lineno >= stop:
                ended = False
                break
            lineno += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                if lineno > start:
                    yield ReadProblem(name, f"line is over the {_mb(max_bytes)} limit; skipped", line=lineno)
                continue
            if lineno <= start:
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            records += 1
            yield _jsonl_line(raw, name, lineno, opts.defaults)
    if records == 0 and start == 0 and ended:
        yield ReadProblem(name, "empty file")


def _jsonl_line(raw: bytes, name: str, lineno: int, defaults: Mapping[str, str]) -> Item:
    try:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = decode_bytes(raw)[0]
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return ReadProblem(name, f"not valid JSON ({exc.msg} at column {exc.colno})", line=lineno)
        except RecursionError:
            return ReadProblem(name, "not valid JSON (nested too deeply)", line=lineno)
        if not isinstance(record, dict):
            return ReadProblem(name, f"not a JSON object (got {type(record).__name__})", line=lineno)
        text = record.get("text")
        if text is None:
            return ReadProblem(name, 'missing "text" field', line=lineno)
        if not isinstance(text, str):
            return ReadProblem(name, f'"text" is not a string (got {type(text).__name__})', line=lineno)
        if not text.strip():
            return ReadProblem(name, 'empty "text"', line=lineno)
        return read_text_document(text, path=name, hints=jsonl_hints(record), line=lineno, defaults=defaults)
    except ClaimgraphError as exc:
        return ReadProblem(name, str(exc), line=lineno)
    except Exception as exc:  # noqa: BLE001 - one bad line must never stop the file
        return ReadProblem(name, f"unexpected error ({type(exc).__name__}: {exc})", line=lineno)


def jsonl_hints(record: Mapping[str, object]) -> dict[str, str]:
    """Metadata hints from a JSONL record (``title``, ``url``, ``source``, ``author``, ``published``)."""
    hints: dict[str, str] = {}
    for key, names in JSONL_HINTS.items():
        for field in names:
            value = record.get(field)
            if isinstance(value, list):
                value = ", ".join(v for v in value if isinstance(v, str) and v.strip()) or None
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "published":
                value = str(int(value)) if 1800 <= value <= 2200 else None
            if isinstance(value, str) and value.strip():
                hints[key] = value.strip()
                break
    return hints


__all__ = ["DEFAULT_MAX_BYTES", "KINDS", "iter_documents", "iter_files", "jsonl_hints", "read_jsonl_lines"]
