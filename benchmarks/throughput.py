"""Throughput of ``extract`` against bare ``nlp.pipe`` with the same spaCy model, same texts, same run.

The texts are the seeds (if ``../shared/seeds`` exists) and the example corpus, repeated until
they reach at least 50,000 words.  Both runs see the same cleaned texts, so the ratio is the cost
of claimgraph's own stages (paragraph splitting, actors, coreference, labels, time, quotes,
events, record building) next to tagging, parsing and NER.  Peak memory (RSS) is reported for
the whole process.

    python benchmarks/throughput.py [--words 50000] [--write]
"""
from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.config import MODEL  # noqa: E402
from claimgraph.ingest import iter_documents  # noqa: E402
from claimgraph.models import Document  # noqa: E402
from claimgraph.nlp.model import load_base  # noqa: E402
from claimgraph.nlp.pipeline import build_pipeline, extract_many  # noqa: E402


def corpus(min_words: int) -> list[Document]:
    paths = [ROOT / "examples" / "corpus"]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths.append(seeds)
    base = [d for d in iter_documents(paths) if isinstance(d, Document)]
    out: list[Document] = []
    words = 0
    while words < min_words:
        for d in base:
            out.append(d)
            words += len(d.text.split())
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def classifier_cost(nlp, docs: list[Document]) -> tuple[float, float]:
    """CPU milliseconds per document of the events stage, with its classifier and without it,
    on the same parsed Docs (the stages before it run once)."""
    events = nlp.get_pipe("claimgraph_events")
    with nlp.select_pipes(disable=["claimgraph_events"]):
        parsed = list(nlp.pipe([d.text for d in docs], batch_size=16))
    before = [list(d._.cg_events or []) for d in parsed]
    typer = events.typer
    out = []
    for t in (typer, None):
        events.typer = t
        c0 = time.process_time()
        for d, pre in zip(parsed, before, strict=True):
            d._.cg_events = list(pre)
            events(d)
        out.append(1000 * (time.process_time() - c0) / len(parsed))
    events.typer = typer
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write", action="store_true", help="write the result into benchmarks/RESULTS.md")
    args = ap.parse_args()
    docs = corpus(args.words)
    n_words = sum(len(d.text.split()) for d in docs)
    texts = [d.text for d in docs]

    bare = load_base(MODEL)
    ours = build_pipeline(MODEL)
    list(bare.pipe(texts[:4]))  # warm up both
    list(extract_many(docs[:4], ours))

    # Alternate the two runs so that load from other processes falls on both alike; CPU time
    # of this process is the steadier measure on a shared machine, wall time is shown too.
    wall = {"bare": 0.0, "extract": 0.0}
    cpu = {"bare": 0.0, "extract": 0.0}
    n_events = 0
    for _ in range(args.rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in bare.pipe(texts, batch_size=16):
            pass
        wall["bare"] += time.perf_counter() - w0
        cpu["bare"] += time.process_time() - c0
        w0, c0 = time.perf_counter(), time.process_time()
        n_events = sum(len(ex.events) for ex in extract_many(docs, ours, batch_size=16))
        wall["extract"] += time.perf_counter() - w0
        cpu["extract"] += time.process_time() - c0

    model_ms, rules_ms = classifier_cost(ours, docs)
    n = len(docs) * args.rounds
    w = n_words * args.rounds
    lines = [
        f"model {MODEL}, {len(docs)} documents, {n_words} words, {args.rounds} alternating rounds, python {platform.python_version()}",
        f"bare nlp.pipe : {n / wall['bare']:7.1f} docs/s  {w / wall['bare']:8.0f} words/s (wall)  {w / cpu['bare']:8.0f} words per CPU-second",
        f"extract       : {n / wall['extract']:7.1f} docs/s  {w / wall['extract']:8.0f} words/s (wall)  {w / cpu['extract']:8.0f} words per CPU-second  ({n_events} events)",
        f"speed ratio extract / bare = {cpu['bare'] / cpu['extract']:.2f} by CPU time, {wall['bare'] / wall['extract']:.2f} by wall time  (target >= 0.75 with the event model on)",
        f"events stage per document: {model_ms:.1f} ms with the event classifier, {rules_ms:.1f} ms with the rules alone "
        f"(the classifier costs {model_ms - rules_ms:.1f} ms a document, CPU time)",
        f"peak RSS {peak_rss_mb():.0f} MB",
    ]
    print("\n".join(lines))
    if args.write:
        from results_file import measured_block, replace_section  # benchmarks/, beside this script

        replace_section("<!-- throughput:start -->", "<!-- throughput:end -->",
                        measured_block("Throughput (`benchmarks/throughput.py`)", "", lines))


if __name__ == "__main__":
    main()
