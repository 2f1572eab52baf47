"""Train the speaker ranker on PolNeAR train, tune its "no speaker" offset on PolNeAR dev, and
write its weights (``src/claimgraph/data/speaker_model.npz``).  Deterministic: the same inputs give
the same bytes.

The examples are the quotes stage's own attributions with their candidates, labelled by the gold
speaker (``claimgraph.quotemodel.speaker_training``), so the weights must be retrained when the
stage's candidates or features change.

    python scripts/train_speaker_model.py                      # train and write the weights
    python scripts/train_speaker_model.py --check              # train twice and compare the bytes
    python scripts/train_speaker_model.py --cache-dir DIR      # read the base parse from DocBins

Needs scikit-learn (training only; the runtime reads the .npz with numpy).  Data:
``polnear.train.jsonl`` and ``polnear.dev.jsonl`` from ``../shared/eval`` (``--eval-dir``).  With
``--cache-dir``, ``polnear_{train,dev}.spacy`` there (the base spaCy parse of the same records)
saves the parsing.  The cross-validated figures of the model card come from
``benchmarks/speaker_model_cv.py``.
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
from claimgraph.quotemodel import speaker_training as T  # noqa: E402
from claimgraph.quotemodel.speakers import WEIGHTS  # noqa: E402


def load(eval_dir: Path, cache_dir: Path | None):
    from claimgraph.nlp import get_pipeline

    nlp = get_pipeline()
    sets = {}
    for split in ("train", "dev"):
        path = Path(eval_dir) / f"polnear.{split}.jsonl"
        if not path.exists():
            print(f"error: {path} not found (give --eval-dir)", file=sys.stderr)
            raise SystemExit(2)
        sets[split] = T.build_groups(nlp, T.records(eval_dir, split), split, cache_dir)
    meta = {"model": nlp.meta.get("name", "") + "-" + nlp.meta.get("version", "")}
    return sets, meta


def train(sets, meta: dict, out: Path) -> tuple[str, dict]:
    train_g, dev_g = sets["train"], sets["dev"]
    meta = {**meta, "trained_on": {"polnear.train": len({g.doc for g in train_g})},
            "groups": len(train_g), "options": sum(len(g.options) for g in train_g)}
    ranker = T.fit(train_g, T.Config(), meta)
    ranker.none_bias = T.tune_none_bias(ranker, dev_g)
    dev = T.accuracy(ranker, dev_g)
    ranker.meta["dev"] = dev
    ranker.save(out)
    return hashlib.sha256(out.read_bytes()).hexdigest(), dev


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--cache-dir", type=Path, default=None, help="folder with polnear_{train,dev}.spacy (base parse)")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--check", action="store_true", help="train twice and compare the bytes")
    args = ap.parse_args(argv)
    sets, meta = load(args.eval_dir, args.cache_dir)
    digest, dev = train(sets, meta, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) sha256 {digest}")
    print("dev (groups, rules' prev):", dev)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again, _ = train(sets, meta, Path(tmp) / "again.npz")
        print("deterministic: same bytes" if again == digest else f"NOT deterministic: {again}")
        return 0 if again == digest else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
