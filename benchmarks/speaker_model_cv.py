"""k-fold cross-validated figures of the speaker ranker on PolNeAR train (folds by document), and
its figures on dev (held out), next to the rules' speakers on the same attributions.

    python benchmarks/speaker_model_cv.py [--eval-dir DIR] [--cache-dir DIR] [-k 5]

Accuracy is over the stage's attributions that match a gold attribution (their main match), as
``quotes_eval`` scores speakers; the previous speaker is the rules' (the pipeline's own figures,
with the ranker's previous choices, come from ``quotes_eval.run``).  Figures in
``docs/models/speaker-model.md``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.evaluation.common import DEFAULT_EVAL_DIR  # noqa: E402
from claimgraph.quotemodel import speaker_training as T  # noqa: E402
from claimgraph.quotemodel.speakers import SpeakerRanker  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("-k", type=int, default=5)
    args = ap.parse_args(argv)
    from claimgraph.nlp import get_pipeline

    nlp = get_pipeline()
    for split in ("train", "dev"):
        if not (args.eval_dir / f"polnear.{split}.jsonl").exists():
            print(f"error: polnear.{split}.jsonl not in {args.eval_dir}", file=sys.stderr)
            return 2
    train = T.build_groups(nlp, T.records(args.eval_dir, "train"), "train", args.cache_dir)
    cv = T.cross_validate(train, args.k)
    print(f"train, {args.k}-fold CV (by document):", json.dumps(cv["mean"]))
    dev = T.build_groups(nlp, T.records(args.eval_dir, "dev"), "dev", args.cache_dir)
    print("dev, shipped model:", json.dumps(T.accuracy(SpeakerRanker.load(), dev)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
