"""Does the merge slow down as the store grows?  (issue 13, "Growth" and "The merge")

Builds a store of N synthetic documents (default 100,000), then times, in one run, the merge
of the same 1,000 further documents into an EMPTY store and into the N-document store: one
output shard of extraction records (``shards.run_shard``'s format) through
``merge.merge_shards``, so the time counts reading the records, resolving the actors against
the stored ones, writing, and applying the decisions in force (``StoreSink``), which is the
sequential part of every job.  The target: the time per 1,000 documents into the big store is
at most 1.2 times the time into the empty one.  It reports docs/s, the ratio, the merge rate
while building, and the store size per document (the SQLite file, or ``pg_database_size``),
for SQLite and PostgreSQL (a throw-away server, ``tests/pg_support.py``).

The documents are ``analysis_speed.make_doc``'s, with document-local actor keys, so every
actor goes through resolution as an extracted one does: actor popularity is a Zipf law over a
large vocabulary (new actors keep coming as the store grows), a person is sometimes named by
surname alone, an organisation sometimes spelt a little differently (the fuzzy step), a state
sometimes by its demonym, and some documents have sector actors of their own ("protesters").
Both stores hold the same few decisions (a merge, a rename, event rejections), so every write
applies them.

    python benchmarks/growth.py --docs 20000                  # develop at a small size
    python benchmarks/growth.py --write                       # 100,000, into RESULTS.md
    python benchmarks/growth.py --docs 5000 --backends sqlite --profile /tmp/growth.prof
    python benchmarks/growth.py --backends sqlite --wal-pages-before 1000   # against SQLite's checkpoint default
    python benchmarks/growth.py --batch-before 1     # against one commit a document
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # analysis_speed, results_file
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # pg_support

from analysis_speed import make_actors, make_doc  # noqa: E402

from claimgraph import __version__  # noqa: E402
from claimgraph.config import sqlite_wal_pages, write_batch  # noqa: E402
from claimgraph.models import Actor, Extraction  # noqa: E402
from claimgraph.runner.merge import merge_shards  # noqa: E402
from claimgraph.store import open_store  # noqa: E402

START, END = "<!-- growth:start -->", "<!-- growth:end -->"
VOCABULARY = 60_000  # invented actors; Zipf popularity, so a bigger store keeps meeting new ones
ZIPF = 1.05
BATCH = 1_000  # the documents timed
SHARD = 2_000  # records per output shard while building
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]


class Corpus:
    """Synthetic extractions, the same for every run: document ``i`` is always the same."""

    def __init__(self, seed: int = 11):
        rng = random.Random(seed)
        self.actors = make_actors(VOCABULARY, rng, syllables=4)
        self.cum = list(accumulate(1 / (r + 1) ** ZIPF for r in range(len(self.actors))))
        self.gpes = [a for a in self.actors if a[2] == "GPE"]

    def doc(self, i: int) -> Extraction:
        rng = random.Random(i * 7919 + 1)
        cast: dict[str, tuple] = {}
        while len(cast) < 8:  # make_doc draws 3 to 6 of these, and people to attribute events to
            a = self.actors[bisect.bisect(self.cum, rng.random() * self.cum[-1])]
            cast[a[0]] = a
        ex = make_doc(i, list(cast.values()), [1.0] * len(cast), OUTLETS, rng)
        return local_keys(ex, rng)


def local_keys(ex: Extraction, rng: random.Random) -> Extraction:
    """The extraction as the pipeline would give it: document-local keys ("t:<name>"), some
    names in another form, a demonym, a sector actor of the document."""
    keys: dict[str, str] = {}
    actors: list[Actor] = []
    for a in ex.actors:
        name, aliases = a.name, a.aliases
        if a.type == "PERSON":
            surname = name.split()[-1]
            name, aliases = (surname, ()) if rng.random() < 0.2 else (name, (surname,))
        elif a.type == "ORG":
            aliases = (f"{name} Movement",) if rng.random() < 0.3 else ()  # not make_actors' acronyms: they collide
            if rng.random() < 0.1 and len(name) > 6:
                k = rng.randrange(2, len(name) - 1)
                name = name[:k] + name[k] + name[k:]  # "Darvokelin" -> "Darvokkelin": the fuzzy step
        keys[a.id] = f"t:{name}"
        actors.append(replace(a, id=f"t:{name}", name=name, aliases=aliases))
        if a.type == "GPE" and rng.random() < 0.3:
            actors.append(Actor(id=f"t:{a.name}ian", name=f"{a.name}ian", type="NORP"))
    if rng.random() < 0.3:
        actors.append(Actor(id="d:protesters", name="protesters", type="OTHER", kind="sector", sector="PROTEST",
                            aliases=("demonstrators",)))
    events = tuple(replace(e, source=keys.get(e.source, e.source), target=keys.get(e.target, e.target),
                           attributed_to=keys.get(e.attributed_to, e.attributed_to)) for e in ex.events)
    return replace(ex, actors=tuple(actors), events=events)


def write_shard(path: Path, extractions) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for ex in extractions:
            f.write(json.dumps({"extraction": ex.to_record(complete=True)}, ensure_ascii=False) + "\n")
            n += 1
    return n


def merge_timed(shards: list[Path], target: str) -> tuple[float, int]:
    with open_store(target) as store:
        t0 = time.perf_counter()
        report = merge_shards(shards, store, in_order=True)
        elapsed = time.perf_counter() - t0
    if report.failed:
        raise SystemExit(f"merge failed: {report.failed[:3]}")
    return elapsed, report.stored


def add_decisions(target: str, corpus: Corpus) -> None:
    """A merge, a rename and some event rejections, as a user would make them."""
    with open_store(target) as store:
        top = [a for a in store.actors(limit=40) if "@" not in a["id"]]
        orgs = [a for a in top if a["type"] == "ORG"]
        if len(orgs) >= 2:
            store.add_decision("merge", actor=orgs[0]["id"], other=orgs[1]["id"], note="benchmark")
        if len(top) >= 3:
            store.add_decision("rename", actor=top[2]["id"], name=top[2]["name"] + " Renamed", note="benchmark")
        for e in store.events(limit=5):
            store.add_decision("reject_event", event=e["id"], note="benchmark")


def copy_decisions(source: str, target: str) -> None:
    with open_store(source) as src, open_store(target) as dst:
        dst.import_decisions(src.decisions())


def size_of(target: str) -> int:
    if target.startswith("postgresql"):
        import psycopg

        with psycopg.connect(target) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    with sqlite3.connect(target) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(os.path.getsize(target + s) for s in ("", "-wal") if os.path.exists(target + s))


def run_backend(name: str, corpus: Corpus, n: int, work: Path, targets, profile: str | None,
                wal_pages: int | None = None, batch_before: int | None = None, new_empty=None) -> dict:
    """Build the N-document store, then time the 1,000 documents into it and into an empty one;
    with ``wal_pages`` (SQLite), also into copies of the two, the writer checkpointing its log every
    ``wal_pages`` pages (``config.sqlite_wal_pages``: a baseline in the same run).  With
    ``batch_before``, also (first) with that many documents a commit (``config.write_batch``):
    into copies of the two SQLite stores, or, on PostgreSQL, into a new empty database
    (``new_empty``) and into the big store with another 1,000 documents, so that the default's
    merge meets a store of N + 1,000."""
    big, empty = targets()
    shards = []
    for k in range(0, n, SHARD):
        p = work / f"build-{k:07d}.jsonl"
        if not p.exists():
            write_shard(p, (corpus.doc(i) for i in range(k, min(n, k + SHARD))))
        shards.append(p)
    timed = work / "timed.jsonl"
    if not timed.exists():
        write_shard(timed, (corpus.doc(i) for i in range(n, n + BATCH)))
    print(f"[{name}] building {n} documents", file=sys.stderr)
    t0 = time.perf_counter()
    built_s, built = 0.0, 0
    for k, p in enumerate(shards):
        s, stored = merge_timed([p], big)
        built_s += s
        built += stored
        if (k + 1) % 5 == 0:
            print(f"  {built} documents ({time.perf_counter() - t0:.0f} s, {SHARD / s:.0f} docs/s now)", file=sys.stderr)
    add_decisions(big, corpus)
    copy_decisions(big, empty)
    size = size_of(big)
    runs = {}
    if batch_before:
        other = work / "timed-other.jsonl"
        if not other.exists():
            write_shard(other, (corpus.doc(i) for i in range(n + BATCH, n + 2 * BATCH)))
        os.environ["CLAIMGRAPH_WRITE_BATCH"] = str(batch_before)
        try:
            for label, target in (("empty", empty), ("big", big)):
                if new_empty is None:
                    copy, shard = str(work / f"{label}-batch{batch_before}.db"), timed
                    shutil.copy(target, copy)
                else:
                    copy, shard = (target, other) if label == "big" else (new_empty(), timed)
                    if label == "empty":
                        copy_decisions(big, copy)
                runs[f"{label}@batch"] = merge_timed([shard], copy)
        finally:
            del os.environ["CLAIMGRAPH_WRITE_BATCH"]
    if wal_pages:
        for label, target in (("empty", empty), ("big", big)):
            copy = str(work / f"{label}-wal{wal_pages}.db")
            shutil.copy(target, copy)
            os.environ["CLAIMGRAPH_SQLITE_WAL_PAGES"] = str(wal_pages)
            try:
                runs[f"{label}@{wal_pages}"] = merge_timed([timed], copy)
            finally:
                del os.environ["CLAIMGRAPH_SQLITE_WAL_PAGES"]
    for label, target in (("empty", empty), ("big", big)):
        if profile and label == "big":
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
            s, stored = merge_timed([timed], target)
            prof.disable()
            prof.dump_stats(f"{profile}.{name}")
        else:
            s, stored = merge_timed([timed], target)
        runs[label] = (s, stored)
    return {"backend": name, "n": built, "build_s": built_s, "size": size, "wal_pages": wal_pages, "batch_before": batch_before, **runs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the big store (default 100,000)")
    ap.add_argument("--pg-docs", type=int, help="documents in the PostgreSQL store, if fewer")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--work", help="folder for the shards and the SQLite stores (default: a temporary one)")
    ap.add_argument("--profile", help="cProfile the timed merge into the big store, to this path prefix")
    ap.add_argument("--wal-pages-before", type=int, metavar="N",
                    help="SQLite: also time the two merges with the log checkpointed every N pages (1000: SQLite's default)")
    ap.add_argument("--batch-before", type=int, metavar="N",
                    help="also time the two merges with N documents a commit (1: each document alone, as before batches)")
    ap.add_argument("--label", default="", help="what is measured (e.g. main, this branch), for the report")
    ap.add_argument("--write", action="store_true", help="write the figures into benchmarks/RESULTS.md")
    args = ap.parse_args()
    t_start = time.perf_counter()
    work = Path(args.work or tempfile.mkdtemp(prefix="cg-growth-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = Corpus()
    results = []
    server = None
    try:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                def targets():
                    for f in work.glob("*.db*"):
                        f.unlink()
                    return str(work / "big.db"), str(work / "empty.db")
                results.append(run_backend("SQLite", corpus, args.docs, work, targets, args.profile, args.wal_pages_before,
                                           args.batch_before))
            elif backend == "postgres":
                import pg_support

                why = pg_support.why_not()
                if why:
                    print(f"PostgreSQL skipped: {why}", file=sys.stderr)
                    continue
                server = pg_support.PgServer().start()
                results.append(run_backend("PostgreSQL", corpus, args.pg_docs or args.docs, work,
                                           lambda: (server.new_database(), server.new_database()), args.profile,
                                           batch_before=args.batch_before, new_empty=server.new_database))
    finally:
        if server is not None:
            server.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    lines = [f"claimgraph {__version__} {args.label} · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version}"
             f" · {platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"]
    for r in results:
        (e_s, e_n), (b_s, b_n) = r["empty"], r["big"]
        ratio = b_s / e_s
        lines += [
            f"{r['backend']}: store of {r['n']} documents built at {r['n'] / r['build_s']:.0f} docs/s (merge rate),"
            f" {r['size'] / max(1, r['n']):.0f} bytes per document",
            f"  {BATCH} documents into an empty store      : {e_s:6.1f} s  ({e_n / e_s:5.0f} docs/s)",
            f"  {BATCH} documents into the {r['n']:>7}-doc store: {b_s:6.1f} s  ({b_n / b_s:5.0f} docs/s)",
            f"  ratio {ratio:.2f} (target <= 1.2: {'met' if ratio <= 1.2 else 'not met'})",
        ]
        if r.get("batch_before"):
            (qe_s, qe_n), (qb_s, qb_n) = r["empty@batch"], r["big@batch"]
            lines += [f"  the same, {r['batch_before']} document(s) a commit (default {write_batch()}):"
                      f" {qe_s:.1f} s and {qb_s:.1f} s ({qe_n} and {qb_n} documents), ratio {qb_s / qe_s:.2f};"
                      f" the default is {qe_s / e_s:.2f}x and {qb_s / b_s:.2f}x as fast"]
        if r.get("wal_pages"):
            (pe_s, _), (pb_s, _) = r[f"empty@{r['wal_pages']}"], r[f"big@{r['wal_pages']}"]
            lines += [f"  the same, the log checkpointed every {r['wal_pages']} pages (default {sqlite_wal_pages()}):"
                      f" {pe_s:.1f} s and {pb_s:.1f} s, ratio {pb_s / pe_s:.2f};"
                      f" the default is {pe_s / e_s:.2f}x and {pb_s / b_s:.2f}x as fast"]
    lines.append(f"whole benchmark {time.perf_counter() - t_start:.0f} s")
    print("\n".join(lines))
    if args.write:
        from results_file import measured_block, replace_section

        body = measured_block(f"Growth (`benchmarks/growth.py --docs {args.docs}`, {time.strftime('%Y-%m-%d')})",
                              "The same 1,000 synthetic documents merged (records read, actors resolved, written, decisions"
                              " applied) into an empty store and into a big one, in one run.", lines)
        replace_section(START, END, body)


if __name__ == "__main__":
    main()
