"""How fast the analysis answers on a big store.

Builds a store of synthetic documents (hand-made ``Extraction`` records written through
``store.add_extraction``; no language model), then times ``check``, ``dyad`` and ``conflicts``
(the budget: under a second each on 10,000 documents) and, for information, ``framing``,
``timeline`` and ``graph``.  Actor popularity follows a Zipf law, so the busiest pair is the
worst case a user would meet.

    python benchmarks/analysis_speed.py                 # 10,000 documents in a temporary store
    python benchmarks/analysis_speed.py --docs 2000 --db /tmp/bench.db --keep
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
