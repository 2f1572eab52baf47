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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--write", action="store_true", help="append the result to benchmarks/RESULTS.md")
    args = ap.parse_args()
    docs = corpus(args.words)
    n_words = sum(len(d.text.split()) for d in docs)
    texts = [d.text for d in docs]

    bare = load_base(MODEL)
    ours = build_pipeline(MODEL)
    list(bare.pipe(texts[:4]))  # warm up both
    list(extract_many(docs[:4], ours))

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_events = 0
    for ex in extract_many(docs, ours, batch_size=16):
        n_events += len(ex.events)
    t_ours = time.perf_counter() - t0

    ratio = t_bare / t_ours
    lines = [
        f"model {MODEL}, {len(docs)} documents, {n_words} words, python {platform.python_version()}",
        f"bare nlp.pipe : {len(docs) / t_bare:7.1f} docs/s  {n_words / t_bare:8.0f} words/s",
        f"extract       : {len(docs) / t_ours:7.1f} docs/s  {n_words / t_ours:8.0f} words/s  ({n_events} events)",
        f"speed ratio extract / bare = {ratio:.2f}  (target >= 0.80)",
        f"peak RSS {peak_rss_mb():.0f} MB",
    ]
    print("\n".join(lines))
    if args.write:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write("\n```\n" + "\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
