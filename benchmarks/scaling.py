"""Local scaling of ``claimgraph ingest``: one worker, two workers, and spaCy's own two processes,
on the same synthetic texts, in one run.

The corpus is ``claimgraph.synthetic.news_article`` (short invented wire stories: actors, a
quote, dated events), written as .txt files.  Measured, each on a fresh store:

- bare ``nlp.pipe(n_process=2)``: the plain spaCy model (tagging, parsing, NER) in spaCy's two
  processes (forked: the model is not loaded again), and ``n_process=1`` beside it, which says
  what a second process buys on this machine at all (its other load included);
- ``extract`` in this process (``extract_many``): the extraction alone, no reading or writes;
- ``ingest --workers 1``: ``ingest_paths`` with ``LocalRunner``, the model already loaded;
- ``ingest --workers 2``: ``ingest_paths`` with ``ProcessRunner(2)``, the workers started and
  their models loaded before the clock starts (their start is reported apart).

Our pipeline cannot go through spaCy's ``n_process`` itself: spaCy sends each Doc back as
msgpack bytes, and the stages' ``Doc._`` values (clusters, mentions, events) are objects msgpack
does not take; that is why ``ProcessRunner`` sends back ``Extraction`` records instead.

Ingest's figures include reading, resolution and the writes, which stay in the main process.
The targets (issue 13): workers 2 / bare pipe(n_process=2) >= 0.8, workers 2 / workers 1 >= 1.7.

    python benchmarks/scaling.py [--docs 400] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.config import MODEL  # noqa: E402
from claimgraph.ingest import iter_documents  # noqa: E402
from claimgraph.models import Document  # noqa: E402
from claimgraph.nlp.model import load_base  # noqa: E402
from claimgraph.nlp.pipeline import extract_many, get_pipeline  # noqa: E402
from claimgraph.runner import LocalRunner, ProcessRunner, ingest_paths  # noqa: E402
from claimgraph.store import open_store  # noqa: E402
from claimgraph.synthetic import write_corpus  # noqa: E402

START, END = "<!-- scaling:start -->", "<!-- scaling:end -->"


def timed(fn) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def ingest(folder: Path, db: Path, runner) -> int:
    with open_store(str(db)) as store:
        report = ingest_paths([folder], store, runner=runner)
    assert report.failed == [] and not report.interrupted, report.to_json()
    return report.stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=400, help="synthetic documents (default 400)")
    ap.add_argument("--write", action="store_true", help="write the result into benchmarks/RESULTS.md")
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimgraph-scaling-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "corpus"
        write_corpus(folder, args.docs)
        docs = [d for d in iter_documents([folder]) if isinstance(d, Document)]
        texts = [d.text for d in docs]
        words = sum(len(t.split()) for t in texts)
        n = len(docs)

        bare = load_base(MODEL)
        ours = get_pipeline(MODEL)
        list(bare.pipe(texts[:8]))
        list(extract_many(docs[:8], ours))
        wall: dict[str, float] = {}
        cpu: dict[str, float] = {}
        wall["bare2"], cpu["bare2"], _ = timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=16, n_process=2)))
        wall["bare1"], cpu["bare1"], _ = timed(lambda: sum(1 for _ in bare.pipe(texts, batch_size=16)))
        wall["extract"], cpu["extract"], _ = timed(lambda: sum(1 for _ in extract_many(docs, ours, batch_size=8)))
        wall["w1"], cpu["w1"], stored1 = timed(lambda: ingest(folder, tmp / "w1.db", LocalRunner(ours)))
        runner = ProcessRunner(2)
        wall["start2"], _, _ = timed(runner.pool.start)
        wall["w2"], cpu["w2"], stored2 = timed(lambda: ingest(folder, tmp / "w2.db", runner))
        assert stored1 == stored2 == n, (stored1, stored2, n)
    load_after = os.getloadavg()[0]
    rate = {k: n / wall[k] for k in ("bare2", "bare1", "extract", "w1", "w2")}
    cold2 = n / (wall["start2"] + wall["w2"])
    r_bare, r_w1, r_spacy = rate["w2"] / rate["bare2"], rate["w2"] / rate["w1"], rate["bare2"] / rate["bare1"]
    lines = [
        f"model {MODEL}, {n} synthetic documents, {words} words, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load_before:.1f} before / {load_after:.1f} after",
        f"bare nlp.pipe(n_process=2): {rate['bare2']:6.1f} docs/s",
        f"bare nlp.pipe(n_process=1): {rate['bare1']:6.1f} docs/s  (two processes buy {r_spacy:.2f}x here)",
        f"extract, this process     : {rate['extract']:6.1f} docs/s  (the pipeline alone: no reading, resolution or writes)",
        f"ingest --workers 1        : {rate['w1']:6.1f} docs/s",
        f"ingest --workers 2        : {rate['w2']:6.1f} docs/s  (main process CPU {cpu['w2']:.1f} s of {wall['w2']:.1f} s:"
        f" reading, resolution, writes); {cold2:.1f} docs/s counting the workers' start ({wall['start2']:.1f} s)",
        f"workers 2 / bare pipe(n_process=2) = {r_bare:.2f}  (target >= 0.8: {'met' if r_bare >= 0.8 else 'not met'})",
        f"workers 2 / workers 1              = {r_w1:.2f}  (target >= 1.7: {'met' if r_w1 >= 1.7 else 'not met'})",
        f"whole benchmark {time.perf_counter() - t_start:.0f} s",
    ]
    print("\n".join(lines))
    if args.write:
        from results_file import measured_block, replace_section  # benchmarks/, beside this script

        body = measured_block(f"Local scaling (`benchmarks/scaling.py --docs {args.docs}`, {time.strftime('%Y-%m-%d')})",
                              "Same texts, one run, each ingest on a fresh store; ingest counts reading, resolution and"
                              " writes (in the main process), the pipe rows only the pipeline.", lines)
        replace_section(START, END, body)


if __name__ == "__main__":
    main()
