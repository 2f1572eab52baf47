"""Where ``extract_many`` spends its time, and whether two trees extract the same records.

    python benchmarks/extract_profile.py stages [--docs 600]     # seconds per pipe component + to_extraction
    python benchmarks/extract_profile.py cprofile [--docs 600] [--top 40]
    python benchmarks/extract_profile.py dump OUT.jsonl [--docs 600] [--extra FOLDER ...]
    python benchmarks/extract_profile.py rate [--docs 600] [--repeat 3]

``stages`` runs the components one after another over all documents (each through its own
``pipe``, batch 16, as ``nlp.pipe`` does), so each line is that component's whole cost; then
``to_extraction`` over the finished Docs.  ``dump`` writes one JSON line per document (the
``Extraction``'s ``to_record(complete=True)``, keys sorted) for the synthetic corpus, the
bundled example corpus and any ``--extra`` folders, so that two trees can be compared byte for
byte: run it once with ``PYTHONPATH`` on each tree's ``src`` and ``cmp`` the outputs.  The
corpus is the one ``benchmarks/scaling.py`` reads (``claimgraph.synthetic.write_corpus``).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT / "src"))

from claimgraph.config import MODEL  # noqa: E402
from claimgraph.ingest import iter_documents  # noqa: E402
from claimgraph.models import Document  # noqa: E402
from claimgraph.nlp.pipeline import extract_many, get_pipeline, to_extraction  # noqa: E402
from claimgraph.synthetic import write_corpus  # noqa: E402


def synthetic(n: int, folder: Path | None = None) -> list[Document]:
    """``n`` synthetic documents, written to ``folder`` (a temporary one when None; ``dump``
    names a fixed one, since each document's record holds its path)."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, n)
        return [d for d in iter_documents([folder]) if isinstance(d, Document)]
    with tempfile.TemporaryDirectory(prefix="claimgraph-profile-") as tmp:
        return synthetic(n, Path(tmp) / "corpus")


def folder_docs(folder: Path) -> list[Document]:
    return [d for d in iter_documents([folder]) if isinstance(d, Document)]


def stages(docs: list[Document], nlp) -> None:
    from claimgraph.nlp.pipeline import _with_anchor

    made = [doc for doc, _ in _with_anchor(nlp, ((d.text, d) for d in docs))]
    total = 0.0
    rows = []
    for name, proc in nlp.pipeline:
        w0, c0 = time.perf_counter(), time.process_time()
        if hasattr(proc, "pipe"):
            made = list(proc.pipe(made, batch_size=16))
        else:
            made = [proc(d) for d in made]
        rows.append((name, time.perf_counter() - w0, time.process_time() - c0))
    w0, c0 = time.perf_counter(), time.process_time()
    for doc, d in zip(made, docs):
        to_extraction(doc, d)
    rows.append(("to_extraction", time.perf_counter() - w0, time.process_time() - c0))
    base = sum(cpu for name, _, cpu in rows if not name.startswith(("claimgraph", "to_extraction")))
    for name, wall, cpu in rows:
        total += cpu
        print(f"{name:24s} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {1000 * cpu / len(docs):6.2f} ms/doc")
    ours = total - base
    print(f"{'model (spaCy)':24s} cpu {base:7.2f} s; ours cpu {ours:7.2f} s = {ours / base:.2f} of the model; "
          f"load average {os.getloadavg()[0]:.2f}")


def rate(docs: list[Document], nlp, repeat: int) -> None:
    list(extract_many(docs[:8], nlp))
    for _ in range(repeat):
        l0 = os.getloadavg()[0]
        w0, c0 = time.perf_counter(), time.process_time()
        n = sum(1 for _ in extract_many(docs, nlp, batch_size=8))
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print(f"extract_many {n} docs: {n / wall:6.1f} docs/s wall {wall:.2f} s cpu {cpu:.2f} s ({n / cpu:.1f} docs/cpu-s) load {l0:.2f}")


def dump(out: Path, sets: list[tuple[str, list[Document]]], nlp) -> None:
    with open(out, "w", encoding="utf-8") as f:
        for label, docs in sets:
            for i, ex in enumerate(extract_many(docs, nlp)):
                f.write(json.dumps({"set": label, "i": i, "record": ex.to_record(complete=True)}, sort_keys=True, ensure_ascii=False) + "\n")
            print(f"{label}: {len(docs)} documents")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("stages", "cprofile", "dump", "rate"))
    ap.add_argument("out", nargs="?", help="dump: the JSONL file to write")
    ap.add_argument("--docs", type=int, default=600, help="synthetic documents (default 600)")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--extra", action="append", default=[], help="dump: another folder of documents (repeatable)")
    args = ap.parse_args()
    nlp = get_pipeline(MODEL)
    docs = synthetic(args.docs, Path(tempfile.gettempdir()) / "claimgraph-extract-profile" if args.mode == "dump" else None)
    if args.mode == "stages":
        list(extract_many(docs[:8], nlp))
        stages(docs, nlp)
    elif args.mode == "rate":
        rate(docs, nlp, args.repeat)
    elif args.mode == "cprofile":
        list(extract_many(docs[:8], nlp))
        prof = cProfile.Profile()
        prof.enable()
        for _ in extract_many(docs, nlp, batch_size=8):
            pass
        prof.disable()
        st = pstats.Stats(prof)
        st.sort_stats("cumulative").print_stats(args.top)
        st.sort_stats("tottime").print_stats(args.top)
    else:
        if not args.out:
            ap.error("dump needs OUT")
        sets = [("synthetic", docs), ("examples", folder_docs(ROOT / "examples" / "corpus"))]
        sets += [(str(p), folder_docs(Path(p))) for p in args.extra]
        dump(Path(args.out), sets, nlp)


if __name__ == "__main__":
    main()
