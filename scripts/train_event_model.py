"""Train the event-type classifier on all the data whose terms allow it and write its weights
(``src/claimgraph/data/event_model.npz``).  Deterministic: the same inputs give the same bytes.

The examples are each sentence's gold pair and every candidate the events stage proposes on it,
labelled by the gold (``claimgraph.eventmodel.crossval``), so the weights must be retrained when
the candidates change (new actors, new candidate rules).

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
from claimgraph.eventmodel import crossval as X  # noqa: E402
from claimgraph.eventmodel import training as T  # noqa: E402
from claimgraph.eventmodel.model import WEIGHTS  # noqa: E402


def train(eval_dir: Path, out: Path, sets=None) -> str:
    from claimgraph.nlp import get_pipeline

    nlp = get_pipeline()
    sets = sets or X.load_sets(nlp, eval_dir)
    sentences = [s for name in ("plv", "gsr", "invented") for s in sets[name]]
    inputs = [x for s in sentences for x, _ in s.examples]
    labels = [y for s in sentences for _, y in s.examples]
    meta = {"trained_on": {name: len(sets[name]) for name in sets},
            "examples": len(inputs), "none_examples": sum(y == T.NONE for y in labels),
            "model": nlp.meta.get("name", "") + "-" + nlp.meta.get("version", "")}
    typer = T.fit(inputs, labels, T.Config(), meta)
    typer.save(out)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = ap.parse_args(argv)
    from claimgraph.nlp import get_pipeline

    sets = X.load_sets(get_pipeline(), args.eval_dir)
    digest = train(args.eval_dir, args.out, sets)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) sha256 {digest}")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again = train(args.eval_dir, Path(tmp) / "again.npz", sets)
        print("deterministic: same bytes" if again == digest else f"NOT deterministic: {again}")
        return 0 if again == digest else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
