"""Writing and removing one document of k REJECTs, by k: the cost of the kept denial rows
(``conflict_denials``, migrations 15 and 17).  Under migration 15 every REJECT written or removed
recomputed the denials of its whole document, so the time per REJECT grew with k; under 17 a
REJECT's rows come and go with it, so it should stay flat.

Each tree (``--src``, default this checkout's ``src``, and ``--before PATH``, another tree's
``src`` such as main's before the change) runs in a child process on the same invented document,
so the two are measured in one run on one machine.

    python benchmarks/denials.py [--ks 20 40 80 160] [--before /work/wt-base/src] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = ["Dastan", "Varosia", "Ostrava", "Kelvar", "Sundra", "Marenia"]
GROUPS = ["the Free Meridian Front", "the Sons of Karem", "the Ashen Guard", "the North Brigade"]


def _extraction(k: int):
    """One invented article: k sentences in which a state or a person rejects a claim about two
    others (four actors in each sentence), the REJECT events, and the actors' mentions."""
    from claimgraph.models import Actor, Document, Event, Extraction

    names = STATES + GROUPS + ["Ilan Varga"]
    sentences, events = [], []
    for i in range(k):
        who = names[i % len(STATES)] if i % 3 else "Ilan Varga"
        x, y = GROUPS[i % len(GROUPS)], STATES[(i + 1) % len(STATES)]
        sentences.append(f"{who} rejected report {i} that {x} is backed by {y} and {GROUPS[(i + 1) % len(GROUPS)]}.")
    text, pos, spans = " ".join(sentences), 0, []
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    actors = []
    for n in names:
        key = n.removeprefix("the ").lower().replace(" ", "-")
        found, at = [], text.find(n)
        while at >= 0:
            found.append((at, at + len(n)))
            at = text.find(n, at + 1)
        actors.append(Actor(id=key, name=n, type="PERSON" if n == "Ilan Varga" else ("GPE" if n in STATES else "ORG"),
                            mentions=tuple(found)))
    key_of = {a.name: a.id for a in actors}
    for i, s in enumerate(sentences):
        who = s.split(" rejected")[0]
        events.append(Event(text=s, start=spans[i][0], end=spans[i][1], trigger="rejected", type="REJECT",
                            source=key_of[who], target=None))
    doc = Document(text=text, title=f"Denials {k}", source="The Herald", published="2021-03-03")
    return Extraction(doc=doc, actors=tuple(actors), events=tuple(events), pipeline_version="bench")


def _child(ks: list[int]) -> dict:
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    out = {}
    for k in ks:
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(os.path.join(tmp, "d.db"))
            ex = _extraction(k)
            t0, c0 = time.perf_counter(), time.process_time()
            add_extraction(store, ex)
            c1 = time.process_time()
            rows = store.conn.execute("SELECT COUNT(*) FROM conflict_denials").fetchone()[0]
            with store.transaction():
                store.remove_document(ex.doc.id)
            t2, c2 = time.perf_counter(), time.process_time()
            store.close()
        out[k] = {"write_s": c1 - c0, "remove_s": c2 - c1, "wall_s": t2 - t0, "rows": rows}
    return out


def _run(src: str, ks: list[int]) -> dict:
    env = dict(os.environ, PYTHONPATH=src)
    got = subprocess.run([sys.executable, __file__, "--child", *map(str, ks)], env=env, check=True,
                         capture_output=True, text=True)
    return {int(k): v for k, v in json.loads(got.stdout).items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ks", type=int, nargs="+", default=[20, 40, 80, 160])
    ap.add_argument("--src", default=str(ROOT / "src"))
    ap.add_argument("--before", help="another tree's src to measure in the same run")
    ap.add_argument("--write", action="store_true", help="put the table in benchmarks/RESULTS.md")
    ap.add_argument("--child", nargs="*", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(_child(args.child)))
        return
    now = _run(args.src, args.ks)
    before = _run(args.before, args.ks) if args.before else None
    lines = [f"claimgraph · Python {platform.python_version()} · load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
             "CPU seconds to write and to remove one document of k REJECTs (each with 4 actors mentioned)", "",
             "| k | rows | write | remove | write per REJECT |" + (" before: write | before: remove | ratio (before/now, write+remove) |" if before else ""),
             "|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if before else "")]
    for k in args.ks:
        n = now[k]
        row = f"| {k} | {n['rows']} | {n['write_s']:.3f} s | {n['remove_s']:.3f} s | {1000 * n['write_s'] / k:.2f} ms |"
        if before:
            b = before[k]
            row += f" {b['write_s']:.3f} s | {b['remove_s']:.3f} s | {(b['write_s'] + b['remove_s']) / (n['write_s'] + n['remove_s']):.1f}x |"
        lines.append(row)
    text = "\n".join(lines)
    print(text)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_file import replace_section
        replace_section("<!-- denials:start -->", "<!-- denials:end -->",
                        f"## Denials of a document with many REJECTs (`benchmarks/denials.py`, {time.strftime('%Y-%m-%d')})\n\n"
                        + text + "\n")


if __name__ == "__main__":
    main()
