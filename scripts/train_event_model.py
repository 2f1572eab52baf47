"""Train the event-type classifier on all the data whose terms allow it and write its weights
(``src/claimgraph/data/event_model.npz``).  Deterministic: the same inputs give the same bytes.

    python scripts/train_event_model.py              # train and write the weights
    python scripts/train_event_model.py --check      # train twice and compare the bytes

Needs scikit-learn (training only; the runtime reads the .npz with numpy).  Data: ``plv.train``
and ``plover_gsr`` from ``../shared/eval`` (``--eval-dir``) and ``tests/data/events_invented.jsonl``.
The figures of the model card come from ``benchmarks/event_model_cv.py``.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.evaluation.common import DEFAULT_EVAL_DIR  # noqa: E402
from claimgraph.eventmodel import training as T  # noqa: E402
from claimgraph.eventmodel.model import WEIGHTS  # noqa: E402


def train(eval_dir: Path, out: Path, nlp=None) -> str:
    from claimgraph.nlp.model import load_base

    nlp = nlp or load_base()
    examples = T.plv_examples(eval_dir) + T.gsr_examples(eval_dir) + T.invented_examples()
    cands = T.candidates(nlp, examples)
    meta = {"trained_on": {s: sum(e.set == s for e in examples) for s in ("plv", "gsr", "invented")},
            "model": nlp.meta.get("name", "") + "-" + nlp.meta.get("version", "")}
    typer = T.fit(cands, [e.label for e in examples], T.Config(), meta)
    typer.save(out)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = ap.parse_args(argv)
    digest = train(args.eval_dir, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) sha256 {digest}")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again = train(args.eval_dir, Path(tmp) / "again.npz")
        print("deterministic: same bytes" if again == digest else f"NOT deterministic: {again}")
        return 0 if again == digest else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
