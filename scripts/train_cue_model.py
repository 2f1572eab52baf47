"""Train the attribution-cue model on PolNeAR train, tune its threshold on PolNeAR dev, and write
its weights (``src/claimgraph/data/cue_model.npz``).  Deterministic: the same inputs give the
same bytes.

The examples are every candidate cue of the parsed train articles (``quotemodel.cue_features``)
labelled by the gold cue and content spans (``quotemodel.cue_data``), so the weights must be
retrained when the candidates or the features change.  The threshold is the one with the highest
dev recall (all attributions) that keeps dev content precision >= 0.85 (``cue_training.tune``).

    python scripts/train_cue_model.py              # train and write the weights
    python scripts/train_cue_model.py --check      # train twice and compare the bytes

Needs scikit-learn (training only; the runtime reads the .npz with numpy).  Data:
``polnear.train.jsonl`` and ``polnear.dev.jsonl`` from ``../shared/eval`` (``--eval-dir``), parsed
here with the claimgraph model, or read from ``--cache-dir`` (DocBins ``polnear_train.spacy`` and
``polnear_dev.spacy`` of the same texts, parsed by the same model's base pipes).  The model card's
cross-validated figures come from ``benchmarks/cue_model_cv.py``.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.evaluation.common import DEFAULT_EVAL_DIR, have_files  # noqa: E402
from claimgraph.quotemodel import cue_data as D  # noqa: E402
from claimgraph.quotemodel import cue_training as T  # noqa: E402
from claimgraph.quotemodel.cues import WEIGHTS, bundled_lists  # noqa: E402


def load(nlp, eval_dir: Path, cache_dir: Path | None):
    """Train examples and the staged dev Docs."""
    from claimgraph.resources import Resources
    from claimgraph.config import DATA_DIR

    lists = bundled_lists(Resources([DATA_DIR]))
    width = int(nlp.vocab.vectors.shape[1]) if nlp.vocab.vectors.shape[0] else 0
    xs, ys, _ = T.examples(list(D.parsed(eval_dir, "train", nlp, cache_dir)), lists, width)
    dev = T.staged(list(D.parsed(eval_dir, "dev", nlp, cache_dir)), nlp)
    return xs, ys, dev


def train(nlp, data, out: Path) -> tuple[str, dict]:
    xs, ys, dev = data
    meta = {"trained_on": "polnear.train", "examples": len(xs), "positives": int(sum(ys)),
            "model": nlp.meta.get("name", "") + "-" + nlp.meta.get("version", "")}
    model = T.train(xs, ys, meta)
    threshold, fig = T.tune(dev, nlp, model)
    model.threshold = threshold
    model.meta["dev"] = fig
    model.save(out)
    return hashlib.sha256(out.read_bytes()).hexdigest(), {"threshold": threshold, **fig}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--cache-dir", type=Path, default=None, help="DocBins of the parsed train and dev texts")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = ap.parse_args(argv)
    missing = have_files(args.eval_dir, ("polnear.train.jsonl", "polnear.dev.jsonl"))
    if missing:
        print(f"error: {', '.join(missing)} not found in {args.eval_dir} (use --eval-dir)", file=sys.stderr)
        return 2
    from claimgraph.nlp import get_pipeline

    nlp = get_pipeline()
    data = load(nlp, args.eval_dir, args.cache_dir)
    digest, fig = train(nlp, data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) sha256 {digest}")
    print(f"threshold {fig['threshold']}: dev all-attribution content {fig['all']}; direct {fig['direct']}")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again, _ = train(nlp, data, Path(tmp) / "again.npz")
        print("deterministic: same bytes" if again == digest else f"NOT deterministic: {again}")
        return 0 if again == digest else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
