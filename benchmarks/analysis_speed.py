"""How fast the analysis answers on a big store.

Builds a store of synthetic documents (hand-made ``Extraction`` records written through
``store.add_extraction``; no language model), then times ``check``, ``dyad`` and ``conflicts``
(the budget: under a second each on 10,000 documents) and, for information, ``framing``,
``timeline`` and ``graph``.  Actor popularity follows a Zipf law, so the busiest pair is the
worst case a user would meet.

    python benchmarks/analysis_speed.py                 # 10,000 documents in a temporary store
    python benchmarks/analysis_speed.py --docs 2000 --db /tmp/bench.db --keep

With ``--backend`` (sqlite, postgres or both) it measures the issue-13 target instead: every
query the CLI commands make (``check``, ``dyad``, ``conflicts``, ``timeline``, ``framing``,
``report``, with the commands' default limits) and the web app's JSON routes (through FastAPI's
TestClient on ``create_app``) run ``--runs`` times each, reported as median and p95 against the
200 ms budget, with the store's size per document.  Stores are kept and reused (``--db`` for
SQLite; ``--pg-url``, or a server of our own in ``--pg-dir``, for PostgreSQL, filled by copying
the SQLite store with ``store/copying.py``).  ``--write`` puts the table in benchmarks/RESULTS.md.

    python benchmarks/analysis_speed.py --backend both --docs 100000 --db /work/bench-stores/s100k.db \
        --pg-dir /work/bench-stores/pg --runs 20 --write
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from claimgraph import __version__
from claimgraph.analysis import check, conflicts, dyad, framing, graph, timeline
from claimgraph.models import Actor, Document, Event, Extraction
from claimgraph.ontology import EVENT_TYPES
from claimgraph.store import EventFilter, open_store
from claimgraph.runner import add_extraction

BUDGET_S = 1.0
SYLLABLES = ["dar", "vo", "ke", "lin", "sa", "tor", "mer", "ou", "za", "rin", "pel", "ash", "qu", "ven", "hol", "tri"]
LABELS = ["terrorist group", "rebel movement", "militant group", "freedom fighters", "armed group", "regime", "separatists"]
TYPE_WEIGHTS = {t: 1.0 for t in EVENT_TYPES}
TYPE_WEIGHTS.update({"ASSAULT": 6, "ACCUSE": 4, "AID": 3, "COOPERATE": 3, "REJECT": 2, "CONSULT": 2, "EQUATE": 0.3, "AFFILIATE": 0.3})


def make_actors(n: int, rng: random.Random, syllables: int = 3) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """``n`` invented actors (key, name, type, aliases); names of 2 to ``syllables`` syllables
    (3 makes at most 4,352 names; ``benchmarks/growth.py`` asks for 4 to have more)."""
    out, seen = [], set()
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, syllables))).capitalize()
        if name in seen:
            continue
        seen.add(name)
        typ = rng.choices(["ORG", "GPE", "PERSON"], [5, 3, 2])[0]
        if typ == "PERSON":
            name = f"{name} {''.join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()}"
        aliases = (name.upper()[:4],) if typ == "ORG" else ()
        out.append((f"g:syn-{len(out):04d}", name, typ, aliases))
    return out


def make_doc(i: int, actors, weights, outlets, rng: random.Random) -> Extraction:
    cast = []
    while len(cast) < rng.randint(3, 6):
        a = rng.choices(actors, weights)[0]
        if a not in cast:
            cast.append(a)
    people = [a for a in actors[:200] if a[2] == "PERSON"]
    sentences, events, spans = [], [], []
    pos = 0
    year = rng.randint(2010, 2024)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    for k in range(8):
        src, tgt = rng.sample(cast, 2)
        etype = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
        s = f"Report {i}.{k}: {src[1]} and {tgt[1]} were involved in a {etype.lower()} incident in document {i}."
        start = pos
        sentences.append(s)
        pos += len(s) + 1
        spans.append((start, start + len(s)))
        date, origin = rng.choice([(published, "article"), (f"{year}-{rng.randint(1, 12):02d}", "relative"),
                                   (str(year - rng.randint(0, 3)), "sentence")])
        events.append(Event(
            type=etype, source=src[0], target=None if etype == "REJECT" and rng.random() < 0.5 else tgt[0],
            trigger=etype.lower(), text=s, start=start, end=start + len(s),
            negated=rng.random() < 0.05, hedged=rng.random() < 0.1,
            attributed_to=rng.choice(people)[0] if people and rng.random() < 0.2 else None,
            date=date, date_origin=origin))
    text = " ".join(sentences)
    acts = []
    used = {e.attributed_to for e in events if e.attributed_to}
    for key, name, typ, aliases in cast + [a for a in actors if a[0] in used and a not in cast]:
        mentions, off = [], text.find(name)
        while off >= 0:
            mentions.append((off, off + len(name)))
            off = text.find(name, off + 1)
        labs = tuple((rng.choice(LABELS), spans[rng.randrange(len(spans))][0]) for _ in range(rng.randint(0, 1)))
        acts.append(Actor(id=key, name=name, type=typ, aliases=aliases, labels=tuple(l for l, _ in labs),
                          mentions=tuple(mentions), label_spans=labs))
    doc = Document(text=text, source=rng.choice(outlets), published=published, title=f"Synthetic report {i}")
    return Extraction(doc=doc, actors=tuple(acts), events=tuple(events), pipeline_version="bench")


def build(path: str, docs: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    actors = make_actors(300, rng)
    weights = [1 / (r + 1) ** 1.1 for r in range(len(actors))]
    outlets = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
    t0 = time.perf_counter()
    with open_store(path) as store:
        for i in range(docs):
            add_extraction(store, make_doc(i, actors, weights, outlets, rng))
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1} documents written ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    return time.perf_counter() - t0


def timed(fn, repeat: int = 5) -> tuple[float, float, float, object]:
    """(median wall time, worst wall time, median CPU time of this process, the answer).  CPU
    time is what the query costs; wall time also counts waiting for a busy machine."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), max(walls), statistics.median(cpus), result


def _size(name: str, res) -> str:
    """How much the answer holds, in the answer's own terms."""
    if name == "check":
        return f"{len(res['supporting'])} supporting, {len(res['opposing'])} opposing"
    if name == "dyad":
        return f"{res['total']} events"
    if name == "conflicts":
        return f"{len(res)} pairs, {sum(len(r['cooperative']) + len(r['hostile']) + len(r['denials']) for r in res)} items shown"
    if name == "framing":
        return f"{len(res['by_source'])} sources"
    if name == "graph":
        return f"{len(res['nodes'])} nodes, {len(res['edges'])} edges"
    return f"{len(res)} events"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--db", help="store file (default: a temporary file)")
    ap.add_argument("--keep", action="store_true", help="keep the store (and reuse it if it exists)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"),
                    help="measure p95 of the CLI queries and the web app's JSON routes on this back end (issue 13)")
    ap.add_argument("--runs", type=int, default=20, help="with --backend: runs of each query (p95 over them)")
    ap.add_argument("--pg-url", help="with --backend postgres: the PostgreSQL store (filled from --db when empty)")
    ap.add_argument("--pg-dir", help="with --backend postgres and no --pg-url: run a server of our own with its data here (kept)")
    ap.add_argument("--pg-port", type=int, default=PersistentPg.PORT, help="with --pg-dir: the loopback port of that server (two at once need two)")
    ap.add_argument("--cached", action="store_true",
                    help="let the web app answer repeated requests from its response cache (default: each as the first after a write)")
    ap.add_argument("--only", help="comma-separated case names to run (e.g. check,/api/graph)")
    ap.add_argument("--write", action="store_true", help="with --backend: write the table into benchmarks/RESULTS.md")
    args = ap.parse_args()
    if args.backend:
        return run_p95(args)
    return speed_table(args)


def speed_table(args) -> int:
    tmp = None
    if args.db:
        path = args.db
    else:
        tmp = tempfile.mkdtemp(prefix="cg-bench-")
        path = os.path.join(tmp, "bench.db")
    if Path(path).exists() and args.keep:
        print(f"reusing {path}", file=sys.stderr)
        build_s = None
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        print(f"building {args.docs} synthetic documents in {path}", file=sys.stderr)
        build_s = build(path, args.docs)

    with open_store(path) as store:
        stats = store.stats()
        pairs: Counter = Counter()
        for e in store.graph_edges(EventFilter(include_negated=True)):
            pairs[tuple(sorted((e["source_id"], e["target_id"])))] += e["n"]
        (top_a, top_b), top_n = pairs.most_common(1)[0]
        top = {"a": top_a, "b": top_b, "n": top_n}
        a, b = store.actor(top["a"])["name"], store.actor(top["b"])["name"]
        busiest = store.actors(limit=1)[0]["name"]
        cases = [
            ("check", f'check "{a} cooperates with {b}" (busiest pair, {top["n"]} events)', lambda: check(store, f"{a} cooperates with {b}"), True),
            ("dyad", f"dyad {a} {b}", lambda: dyad(store, a, b), True),
            ("conflicts", "conflicts --limit 20", lambda: conflicts(store, 20), True),
            ("framing", f"framing {busiest}", lambda: framing(store, busiest), False),
            ("timeline", f"timeline {busiest}", lambda: timeline(store, busiest), False),
            ("graph", "graph (all edges)", lambda: graph(store), False),
        ]
        rows = []
        for name, label, fn, budgeted in cases:
            med, worst, cpu, res = timed(fn, args.repeat)
            rows.append((name, label, med, worst, cpu, budgeted, _size(name, res)))

    print()
    print(f"claimgraph {__version__} · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · {platform.machine()}")
    print(f"store: {stats['documents']} documents, {stats['actors']} actors, {stats['events']} events"
          + (f" (built in {build_s:.0f}s, {stats['documents'] / build_s:.0f} docs/s through add_extraction)" if build_s else ""))
    print()
    print(f"{'query':<58} {'median':>8} {'worst':>8} {'cpu':>8} {'/budget':>8}  answer")
    failed = False
    for name, label, med, worst, cpu, budgeted, size in rows:
        ratio = f"{med / BUDGET_S:.2f}" if budgeted else "-"
        print(f"{label[:58]:<58} {med * 1000:>6.0f}ms {worst * 1000:>6.0f}ms {cpu * 1000:>6.0f}ms {ratio:>8}  {size}")
        failed |= budgeted and med >= BUDGET_S
    print()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times grow with the load; CPU times do not)")
    print("all budgeted queries under 1s (median)" if not failed else "OVER BUDGET: a budgeted query took 1s or more (median)")
    if tmp and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        os.rmdir(tmp)
    return 1 if failed else 0


# -- the issue-13 target: p95 of every CLI query and JSON route, on each back end ----------------
TARGET_S = 0.200
START, END = "<!-- speed:start -->", "<!-- speed:end -->"


def _kw(fn, **given) -> dict:
    """The keyword arguments ``fn`` takes (this script also measures older code, without limits)."""
    import inspect

    names = inspect.signature(fn).parameters
    return {k: v for k, v in given.items() if k in names}


def busiest(store) -> tuple[str, str, int, str]:
    """(a, b, events, actor): the pair with the most events between them, and the most mentioned actor."""
    pairs: Counter = Counter()
    for e in store.graph_edges(EventFilter(include_negated=True)):
        pairs[tuple(sorted((e["source_id"], e["target_id"])))] += e["n"]
    (a, b), n = pairs.most_common(1)[0]
    return store.actor(a)["name"], store.actor(b)["name"], n, store.actors(limit=1)[0]["name"]


def cli_cases(store, target: str, a: str, b: str, top: str) -> list[tuple[str, str, object]]:
    """What each command asks of the library with its default options (the table, not --json)."""
    import claimgraph.analysis as an
    from claimgraph import cli
    from typer.testing import CliRunner

    claim = f"{a} cooperates with {b}"

    def timeline_cmd():
        if hasattr(an, "timeline_count"):  # the first page and the total, as `timeline` prints them
            return an.timeline(store, top, limit=50), an.timeline_count(store, top)
        rows = an.timeline(store, top)
        return rows[:50], len(rows)

    def report_cmd():
        out = CliRunner().invoke(cli.app, ["--db", target, "report", "--json"])
        assert out.exit_code == 0, out.output[-500:]
        return out.output

    return [
        ("check", f'check "{claim}"', lambda: an.check(store, claim, **_kw(an.check, limit=20))),
        ("dyad", f"dyad {a} {b}", lambda: an.dyad(store, a, b, **_kw(an.dyad, limit=20))),
        ("conflicts", "conflicts (20 pairs, 5 items a list)", lambda: an.conflicts(store, 20, max_evidence=5)),
        ("timeline", f"timeline {top} (first 50, and the count)", timeline_cmd),
        ("framing", f"framing {top}", lambda: an.framing(store, top)),
        ("report", "report --json (a process of its own: opens the store)", report_cmd),
    ]


def web_cases(client, a: str, b: str, top: str, cached: bool = False) -> list[tuple[str, str, object]]:
    """The JSON routes, with their default parameters (the pair and the busiest actor where one is asked for)."""
    from urllib.parse import urlencode

    from claimgraph.web.routers import paths

    routes = [
        ("/api/graph", "/api/graph"), ("/api/timeline", "/api/timeline"),
        ("/api/timeline?actor", "/api/timeline?" + urlencode({"actor": top})),
        ("/api/timeline?actor&with", "/api/timeline?" + urlencode({"actor": a, "with": b})),
        ("/api/actors", "/api/actors"), ("/api/actors/{actor}", f"/api/actors/{top}"), ("/api/conflicts", "/api/conflicts"),
        ("/api/check", "/api/check?" + urlencode({"claim": f"{a} cooperates with {b}"})),
        ("/api/dyad", "/api/dyad?" + urlencode({"a": a, "b": b})), ("/api/facets", "/api/facets"),
    ]

    def get(route):
        def call():
            cache = getattr(client.app.state, "response_cache", None)
            if cache is not None and not cached:  # each call as the first after a write (web/response_cache.py)
                cache.clear()
                paths.forget()  # and the actor network an actor page ranks the actor in
            r = client.get(route)
            assert r.status_code == 200, (route, r.status_code, r.text[:300])
            return r.content
        return call

    return [(name, route, get(route)) for name, route in routes
            if not (name == "/api/dyad" and client.get(route).status_code == 404)]  # older code has no /api/dyad


def measure(fn, runs: int) -> tuple[float, float, float]:
    """(median, p95, median CPU) in seconds over ``runs`` calls, after one unmeasured call."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    walls.sort()
    return statistics.median(walls), walls[min(len(walls) - 1, max(0, -(-95 * len(walls) // 100) - 1))], statistics.median(cpus)


def _sqlite_target(args) -> tuple[str, float | None]:
    path = args.db or os.path.join(tempfile.gettempdir(), f"cg-speed-{args.docs}.db")
    if Path(path).exists():
        print(f"reusing {path}", file=sys.stderr)
        return path, None
    print(f"building {args.docs} synthetic documents in {path}", file=sys.stderr)
    return path, build(path, args.docs)


def _pg_target(args, sqlite_target):
    """(url, server or None, seconds spent filling it or None); ``sqlite_target()`` gives the
    SQLite store an empty one is filled from."""
    server = None
    url = args.pg_url
    if not url:
        server = PersistentPg(Path(args.pg_dir or os.path.join(tempfile.gettempdir(), "cg-speed-pg")), args.pg_port).start()
        url = server.url
    with open_store(url) as store:
        empty = not store.stats()["documents"]
    if not empty:
        print(f"reusing {url}", file=sys.stderr)
        return url, server, None
    from claimgraph.store.copying import copy_store

    sqlite_path, _ = sqlite_target()
    print(f"copying {sqlite_path} into {url}", file=sys.stderr)
    t0 = time.perf_counter()
    with open_store(sqlite_path, readonly=True) as source, open_store(url) as target:
        copy_store(source, target, progress=lambda i, n: i % 5000 == 0 and print(f"  {i}/{n} documents", file=sys.stderr))
    return url, server, time.perf_counter() - t0


def store_bytes(store, target: str) -> int:
    if target.startswith("postgres"):
        return store.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return sum(Path(target + s).stat().st_size for s in ("", "-wal") if Path(target + s).exists())


def run_p95(args) -> int:
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    only = {x.strip() for x in (args.only or "").split(",") if x.strip()}
    t_start = time.perf_counter()
    made: dict = {}

    def sqlite_target() -> tuple[str, float | None]:  # built only when measured, or to fill an empty PostgreSQL store
        if not made:
            made["sqlite"] = _sqlite_target(args)
        return made["sqlite"]

    lines, failed, servers = [], False, []
    try:
        for backend in backends:
            if backend == "postgres":
                target, server, filled = _pg_target(args, sqlite_target)
                servers += [server] if server else []
            else:
                target, filled = sqlite_target()
            with open_store(target, readonly=True) as store:
                stats = store.stats()
                size = store_bytes(store, target)
                a, b, n, top = busiest(store)
                client = TestClient(create_app(target), base_url="http://127.0.0.1")
                cases = [("cli", *c) for c in cli_cases(store, target, a, b, top)] + [("web", *c) for c in web_cases(client, a, b, top, args.cached)]
                rows = []
                for kind, name, label, fn in cases:
                    if only and name not in only:
                        continue
                    med, p95, cpu = measure(fn, args.runs)
                    rows.append((kind, name, label, med, p95, cpu))
                    print(f"  {backend} {label[:60]:<60} p95 {p95 * 1000:6.0f} ms", file=sys.stderr)
            version = (f"SQLite {sqlite3.sqlite_version}" if backend == "sqlite" else
                       "PostgreSQL " + _pg_version(target))
            lines.append(f"{backend}: {stats['documents']} documents, {stats['actors']} actors, {stats['events']} events;"
                         f" {size / stats['documents'] / 1024:.1f} KiB per document ({size / 2**20:.0f} MiB); {version}"
                         + (f"; filled in {filled:.0f} s" if filled else ""))
            lines.append(f"busiest pair {a} / {b} ({n} events), most mentioned actor {top}")
            lines.append(f"{'':4}{'query':<64} {'median':>8} {'p95':>8} {'cpu':>8}")
            for kind, name, label, med, p95, cpu in rows:
                over = p95 >= TARGET_S
                failed |= over
                lines.append(f"{kind:<4}{label[:64]:<64} {med * 1000:>6.0f}ms {p95 * 1000:>6.0f}ms {cpu * 1000:>6.0f}ms"
                             + ("  OVER" if over else ""))
            lines.append("")
    finally:
        for server in servers:
            server.stop()
    lines.append(f"p95 over {args.runs} runs of each (after one unmeasured run); target: under {TARGET_S * 1000:.0f} ms;"
                 f" web answers {'from the response cache where it has them' if args.cached else 'built on each request, as after a write'}")
    lines.append(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; whole benchmark {time.perf_counter() - t_start:.0f} s")
    head = f"claimgraph {__version__} · Python {platform.python_version()} · {platform.machine()}"
    print("\n" + head + "\n" + "\n".join(lines))
    if args.write:
        from results_file import replace_section  # benchmarks/, beside this script

        body = (f"## Analysis speed at scale (`benchmarks/analysis_speed.py --backend {args.backend} --docs {args.docs}`,"
                f" {time.strftime('%Y-%m-%d')})\n\n"
                "Synthetic documents (300 actors, Zipf popularity, 8 events each) written through `add_extraction`; the"
                " PostgreSQL store is a copy of the SQLite one (`store/copying.py`). `cli` rows are the library calls"
                " each command makes with its default options; `web` rows are the JSON routes through FastAPI's"
                " TestClient. Target (issue 13): every p95 under 200 ms.\n\n```\n" + head + "\n" + "\n".join(lines) + "\n```\n")
        replace_section(START, END, body)
    return 1 if failed else 0


def _pg_version(url: str) -> str:
    with open_store(url, readonly=True) as store:
        return store.conn.execute("SHOW server_version").fetchone()[0]


class PersistentPg:
    """A PostgreSQL server of this benchmark's own, its data kept in ``folder`` between runs
    (the binaries and the root/postgres dance of ``tests/pg_support.py``)."""

    PORT = 54329

    def __init__(self, folder: Path, port: int = PORT):
        self.PORT = port
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        import pg_support

        self.pg = pg_support
        self.folder = folder
        self.data = folder / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{self.PORT}/bench"
        self._as = []
        if os.geteuid() == 0:
            import pwd

            self._as = ["runuser", "-u", "postgres", "--"]
            self._owner = pwd.getpwnam("postgres")

    def _run(self, *argv: str) -> None:
        import subprocess

        done = subprocess.run([*self._as, *argv], capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"{argv[0]} failed: {(done.stderr or done.stdout)[-800:]}")

    def start(self) -> "PersistentPg":
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._as:
            os.chown(self.folder, self._owner.pw_uid, self._owner.pw_gid)
        if not self.data.exists():
            self._run(self.pg.find_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        opts = f"-k {self.folder} -h 127.0.0.1 -p {self.PORT} -c shared_buffers=512MB -c work_mem=32MB"
        self._run(self.pg.find_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "120", "-o", opts, "start")
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.PORT}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'bench'").fetchone():
                conn.execute("CREATE DATABASE bench")
        return self

    def stop(self) -> None:
        self._run(self.pg.find_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


if __name__ == "__main__":
    sys.exit(main())
