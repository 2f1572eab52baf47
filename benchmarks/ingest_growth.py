"""Growth as a user meets it: the whole ``ingest`` of 1,000 articles into an empty store and into
a store of 100,000 documents, in one run (issue 13, "Growth").

``growth.py`` times the merge alone (reading extraction records, resolving, writing), the part
that meets the store.  This times what the issue's first figures timed (1,000 documents took 48 s
into an empty store and 99 s into one of 12,000): ``ingest_paths`` over a folder of invented
articles (``claimgraph.synthetic.write_corpus``), with the extraction in two worker processes
and the merge in this one, as ``claimgraph ingest --workers 2`` runs.  The workers start once,
before the clock (their start is reported apart), and each ingest goes into a fresh store: a new
empty one holding the big store's decisions, or a fresh copy of the big store.  The order is
empty, big, big, empty, so that a drift of the machine's load falls on both alike; each side's
figure is the mean of its two runs.

The big store is ``growth.py``'s (``growth.py --docs 100000 --backends sqlite --work DIR`` leaves
it as ``DIR/big.db``); its documents are extraction records, not articles, so these articles'
actors are new to it, as a new feed's are.

With ``--pg-url`` the big store is that PostgreSQL database (``analysis_speed.py --backend
postgres`` builds one), each copy a ``CREATE DATABASE ... TEMPLATE`` of it on the same server, and
each empty store a new database there; all are dropped afterwards.

    python benchmarks/ingest_growth.py --work DIR [--docs 1000] [--workers 2] [--write]
    python benchmarks/ingest_growth.py --work DIR --pg-url postgresql://.../bench [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph import __version__  # noqa: E402
from claimgraph.runner import ProcessRunner, ingest_paths  # noqa: E402
from claimgraph.store import open_store  # noqa: E402
from claimgraph.synthetic import write_corpus  # noqa: E402

MARKS = "<!-- ingest-growth{}:start -->", "<!-- ingest-growth{}:end -->"
TARGET = 1.2


def documents_in(db: str) -> int:
    """The current documents of the store at ``db``, read directly (an older schema is upgraded only in its copies)."""
    sql = "SELECT COUNT(*) FROM documents WHERE superseded_by IS NULL"
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db) as conn:
            return conn.execute(sql).fetchone()[0]
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


class SqliteCopies:
    """Fresh stores beside the big SQLite one: copies of it, and new empty ones."""

    def __init__(self, big: Path, tmp: Path):
        self.big, self.tmp = big, tmp

    def copy(self, name: str) -> str:
        shutil.copyfile(self.big, self.tmp / f"{name}.db")
        return str(self.tmp / f"{name}.db")

    def empty(self, name: str) -> str:
        return str(self.tmp / f"{name}.db")

    def drop(self, target: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)


class PostgresCopies:
    """Fresh databases on the big PostgreSQL store's server: templates of it, and new empty ones."""

    def __init__(self, url: str):
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        self.url, self.info = url, conninfo_to_dict(url)
        self.admin = make_conninfo(**{**self.info, "dbname": "postgres"})

    def _sql(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(sql)

    def _url(self, name: str) -> str:
        base = self.url.rsplit("/", 1)[0]
        return f"{base}/{name}"

    def copy(self, name: str) -> str:
        from claimgraph.store.postgres.pool import close_pool

        close_pool(self.url)  # this process's pooled sessions on the big store: a template has none
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.info["dbname"]}" STRATEGY FILE_COPY')
        return self._url(name)

    def empty(self, name: str) -> str:
        self._sql(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def drop(self, target: str) -> None:
        from claimgraph.store.postgres.pool import close_pool

        close_pool(target)
        self._sql(f'DROP DATABASE IF EXISTS "{target.rsplit("/", 1)[1]}" WITH (FORCE)')


def decisions_of(stores) -> list:
    """The big store's decisions, read from a copy of it: opening the big store itself to write
    would upgrade its schema in place, and a read-only open refuses an older one."""
    db = stores.copy("ingest_growth_decisions")
    try:
        with open_store(db) as store:
            return store.decisions()
    finally:
        stores.drop(db)


def ingest_timed(folder: Path, db: str, runner) -> tuple[float, float, int]:
    """(wall seconds, this process's CPU seconds, documents stored) of one ingest of ``folder``."""
    with open_store(db) as store:
        w0, c0 = time.perf_counter(), time.process_time()
        report = ingest_paths([folder], store, runner=runner)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    assert report.failed == [] and not report.interrupted, report.to_json()
    return wall, cpu, report.stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, help="growth.py's --work folder, holding big.db")
    ap.add_argument("--docs", type=int, default=1000, help="articles ingested each time (default 1,000)")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    ap.add_argument("--pg-url", help="measure PostgreSQL: the big store is this database")
    ap.add_argument("--write", action="store_true", help="write the figures into benchmarks/RESULTS.md")
    args = ap.parse_args()
    big = args.pg_url or str(Path(args.work) / "big.db")
    if not args.pg_url and not Path(big).exists():
        raise SystemExit(f"no {big}: build it first with `python benchmarks/growth.py --backends sqlite --work {args.work}`")
    t_start, load_before = time.perf_counter(), os.getloadavg()[0]
    n_big = documents_in(big)
    with tempfile.TemporaryDirectory(prefix="claimgraph-ingest-growth-", dir=args.work) as tmp:
        tmp = Path(tmp)
        stores = PostgresCopies(big) if args.pg_url else SqliteCopies(Path(big), tmp)
        folder = tmp / "corpus"
        write_corpus(folder, args.docs)
        runner = ProcessRunner(args.workers)
        w0 = time.perf_counter()
        runner.pool.start()
        start_s = time.perf_counter() - w0
        decisions = decisions_of(stores)
        runs: dict[str, list[tuple[float, float, int]]] = {"empty": [], "big": []}
        for i, side in enumerate(("empty", "big", "big", "empty")):
            name = f"ingest_growth_{side}_{i}"
            if side == "big":
                db = stores.copy(name)
            else:
                db = stores.empty(name)
                with open_store(db) as store:
                    store.import_decisions(decisions)
            try:
                runs[side].append(ingest_timed(folder, db, runner))
            finally:
                stores.drop(db)
            print(f"  {side:5s} run {len(runs[side])}: {runs[side][-1][0]:.1f} s", file=sys.stderr)
        runner.close()
    mean = {k: sum(r[0] for r in v) / len(v) for k, v in runs.items()}
    cpu = {k: sum(r[1] for r in v) / len(v) for k, v in runs.items()}
    assert all(r[2] == args.docs for v in runs.values() for r in v), runs
    ratio = mean["big"] / mean["empty"]
    backend = "PostgreSQL" if args.pg_url else f"SQLite {sqlite3.sqlite_version}"
    lines = [
        f"claimgraph {__version__} · Python {platform.python_version()} · {backend} · "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after",
        f"ingest --workers {args.workers} of {args.docs} articles ({start_s:.1f} s to start the workers, not counted)",
    ]
    for side, label in (("empty", "into an empty store"), ("big", f"into the {n_big}-doc store")):
        walls = " and ".join(f"{r[0]:.1f}" for r in runs[side])
        lines.append(f"  {label:28s}: {mean[side]:5.1f} s ({args.docs / mean[side]:5.1f} docs/s; runs {walls} s;"
                     f" this process's CPU {cpu[side]:.1f} s: reading, resolution, writes)")
    lines += [f"  ratio {ratio:.2f} (target <= {TARGET}: {'met' if ratio <= TARGET else 'not met'})",
              f"whole benchmark {time.perf_counter() - t_start:.0f} s"]
    print("\n".join(lines))
    if args.write:
        from results_file import measured_block, replace_section

        body = measured_block(
            f"Growth of the whole ingest, {backend.split()[0]} (`benchmarks/ingest_growth.py --docs {args.docs} --workers {args.workers}"
            f"{' --pg-url URL' if args.pg_url else ''}`,"
            f" {time.strftime('%Y-%m-%d')})",
            "The same articles ingested (reading, extraction in worker processes, resolution, writes) into an empty store"
            f" and into a copy of the {n_big}-document store, in one run, empty-big-big-empty.", lines)
        tag = "-pg" if args.pg_url else ""
        replace_section(MARKS[0].format(tag), MARKS[1].format(tag), body)


if __name__ == "__main__":
    main()
