"""Time for one long article, by length: extraction, then storing (resolve + write into a fresh
SQLite store), each on its own, so a cost that grows faster than the text shows as a rising
"seconds per 100k characters".

The article is ``synthetic.long_article`` (invented news, the same text on every run), always
read from this checkout's ``src/claimgraph/synthetic.py`` so that ``--src`` can measure another
tree's code (say, main's, for a before/after figure) on the very same text.  Each length runs in
its own child process, so the peak RSS given is that length's alone (model included).

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters); ``ingest`` reads at most
``--max-bytes`` (default 1,000,000 bytes) of a file and then cuts a text over the model's limit
at a paragraph boundary (``runner.jobs.fit_to_model``).  A 1M-character article is cut there,
so the 1M row measures the text as ``fit_to_model`` leaves it and says so.

    python benchmarks/long_articles.py [--sizes 100000 200000 400000 1000000] [--src PATH]
        [--before /work/main/src [--before-sizes 100000 200000]] [--write]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _article(n_chars: int) -> str:
    spec = importlib.util.spec_from_file_location("_long_synthetic", ROOT / "src" / "claimgraph" / "synthetic.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.long_article(n_chars, seed=0)


def one(n_chars: int) -> dict:
    """Extract and store one article of ``n_chars`` characters (run in a child process)."""
    from claimgraph.config import MODEL
    from claimgraph.models import Document
    from claimgraph.nlp.pipeline import build_pipeline, extract_many
    from claimgraph.runner.jobs import fit_to_model
    from claimgraph.runner.sinks import StoreSink
    from claimgraph.store import open_store

    nlp = build_pipeline(MODEL)
    list(extract_many([Document(text="Varga met Dastan's envoy in Karemia on Monday.", path="warm.txt")], nlp))
    doc, cut = fit_to_model(Document(text=_article(n_chars), path="long.txt", source="Varosia Herald"), nlp)
    w0, c0 = time.perf_counter(), time.process_time()
    (ex,) = list(extract_many([doc], nlp, batch_size=1))
    extract_wall, extract_cpu = time.perf_counter() - w0, time.process_time() - c0
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "long.db")
        w0, c0 = time.perf_counter(), time.process_time()
        StoreSink(store).add(ex)
        store_wall, store_cpu = time.perf_counter() - w0, time.process_time() - c0
        store.close() if hasattr(store, "close") else None
    return {"chars": len(doc.text), "asked": n_chars, "cut": cut, "events": len(ex.events), "actors": len(ex.actors),
            "quotes": len(ex.quotes), "extract_wall": extract_wall, "extract_cpu": extract_cpu,
            "store_wall": store_wall, "store_cpu": store_cpu,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "max_length": nlp.max_length}


def measure(src: Path, sizes: list[int]) -> list[dict]:
    """One child process per length, running ``src``'s code; prints each row as it comes."""
    env = dict(os.environ, PYTHONPATH=str(src.resolve()))
    rows: list[dict] = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], env=env, check=True, capture_output=True, text=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(_line(rows[-1], rows[0]), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 1_000_000], help="article lengths in characters")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the claimgraph source tree to measure (default: this checkout's)")
    ap.add_argument("--before", type=Path, help="another source tree (say, main's) to measure too, on the same texts, for a before/after")
    ap.add_argument("--before-sizes", type=int, nargs="+", default=[100_000, 200_000], help="lengths for --before (default 100k, 200k)")
    ap.add_argument("--write", action="store_true", help="write the tables into benchmarks/RESULTS.md (section long)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one length, JSON out
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    t0, load0 = time.perf_counter(), os.getloadavg()[0]
    rows = measure(args.src, args.sizes)
    before = measure(args.before, args.before_sizes) if args.before else []
    head = (f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load0:.2f} before / {os.getloadavg()[0]:.2f} after; "
            "CPU seconds [wall]; s/100k = seconds per 100,000 characters; (xN) = that against the first length of the same code")
    lines = [head, f"after: {args.src}{_commit(args.src)}"] + [_line(r, rows[0]) for r in rows]
    if before:
        lines += [f"before: {args.before}{_commit(args.before)}"] + [_line(r, before[0]) for r in before]
        now = {r["asked"]: r for r in rows}
        for b in before:
            if b["asked"] in now:
                a = now[b["asked"]]
                lines.append(f"{b['chars']:>9,} chars, before / after: extract {b['extract_cpu'] / a['extract_cpu']:.2f}x, "
                             f"store {b['store_cpu'] / a['store_cpu']:.1f}x")
    lines += [f"note: {r['asked']:,} characters asked: {r['cut']}" for r in rows + before if r["cut"]]
    lines.append(f"whole benchmark {time.perf_counter() - t0:.0f} s")
    print("\n" + "\n".join(lines))
    if args.write:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from results_file import measured_block, replace_section

        replace_section("<!-- long:start -->", "<!-- long:end -->", measured_block(
            f"Long articles (`benchmarks/long_articles.py`, {time.strftime('%Y-%m-%d')})",
            "One invented article (`synthetic.long_article`) per length, each in its own process: extraction, then"
            " resolution and the write into a fresh SQLite store (`StoreSink.add`, as `ingest` does). Linear means"
            " a flat s/100k, (x1.00) all down the column.", lines))


def _commit(src: Path) -> str:
    """"  (commit abc1234)" of the git checkout holding ``src`` ("+ changes" when it has some), or ""."""
    try:
        sha = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"  (commit {sha}{' + changes' if dirty else ''})"


def _line(r: dict, first: dict) -> str:
    per = lambda sec, row: 100_000 * sec / row["chars"]  # noqa: E731
    ex, st = per(r["extract_cpu"], r), per(r["store_cpu"], r)
    return (f"{r['chars']:>9,} chars ({r['events']} events, {r['actors']} actors, {r['quotes']} quotes): "
            f"extract {r['extract_cpu']:7.1f} s [{r['extract_wall']:.1f}] = {ex:5.1f} s/100k (x{ex / per(first['extract_cpu'], first):.2f}); "
            f"store {r['store_cpu']:6.2f} s [{r['store_wall']:.2f}] = {st:5.2f} s/100k (x{st / max(per(first['store_cpu'], first), 1e-9):.2f}); "
            f"peak RSS {r['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
