"""Cross-validated figures of the attribution-cue model (issue 10) on PolNeAR train: every score
is on articles the scored model was not trained on.

    python benchmarks/cue_model_cv.py                       # 5 folds, parses train itself
    python benchmarks/cue_model_cv.py --cache-dir /path     # read parsed DocBins (polnear_train.spacy)
    python benchmarks/cue_model_cv.py --folds 5 --json out.json

Folds are by article (article n is in fold n % k).  For each fold, a model is trained on the other
folds' candidates (``quotemodel.cue_training``, the shipped configuration) and scored on the
fold's articles, at the shipped threshold (tuned on dev):

- **candidates**: precision and recall of the candidates labelled positive
  (``quotemodel.cue_data``), and the average precision of the probabilities;
- **stage**: the quotes stage as it runs with that model, content P/R/F1 against every gold
  attribution of the fold (``evaluation.quotes_eval``, content only), and against the direct ones.

Deterministic: fixed folds, liblinear.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from claimgraph.evaluation.common import DEFAULT_EVAL_DIR  # noqa: E402
from claimgraph.quotemodel import cue_data as D  # noqa: E402
from claimgraph.quotemodel import cue_training as T  # noqa: E402
from claimgraph.quotemodel.cues import CueModel, bundled_lists  # noqa: E402


def _sum(figs: list[dict]) -> dict:
    tp_p = sum(f["tp"] for f in figs)
    pred = sum(f["predicted"] for f in figs)
    gold = sum(f["gold"] for f in figs)
    # recall counts matched gold quotes; the scorer's recall times gold gives it back
    tp_g = sum(round(f["recall"] * f["gold"]) for f in figs)
    p, r = tp_p / pred if pred else 0.0, tp_g / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "predicted": pred, "gold": gold}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if not (args.eval_dir / "polnear.train.jsonl").is_file():
        print(f"error: polnear.train.jsonl not found in {args.eval_dir} (use --eval-dir)", file=sys.stderr)
        return 2
    from sklearn.metrics import average_precision_score

    from claimgraph.config import DATA_DIR
    from claimgraph.nlp import get_pipeline
    from claimgraph.resources import Resources

    t0 = time.perf_counter()
    nlp = get_pipeline()
    shipped = CueModel.load()
    lists = bundled_lists(Resources([DATA_DIR]))
    pairs = list(D.parsed(args.eval_dir, "train", nlp, args.cache_dir))
    xs, ys, groups = T.examples(pairs, lists, shipped.width)
    staged = T.staged(pairs, nlp)
    y = np.asarray(ys)
    rows = []
    for k, test in enumerate(T.folds(groups, args.folds)):
        held = set(test.tolist())
        train = [i for i in range(len(xs)) if i not in held]
        model = T.train([xs[i] for i in train], [ys[i] for i in train])
        probs = np.array([_prob(model, *xs[i]) for i in test])
        pred = probs >= shipped.threshold
        tp = int((pred & (y[test] == 1)).sum())
        arts = [staged[n] for n in range(len(staged)) if n % args.folds == k]
        fig = T.content_figures(arts, nlp, model, shipped.threshold)
        rows.append({"fold": k, "articles": len(arts), "candidates": len(test),
                     "cand_precision": tp / max(1, int(pred.sum())), "cand_recall": tp / max(1, int((y[test] == 1).sum())),
                     "cand_ap": float(average_precision_score(y[test], probs)), "all": fig["all"], "direct": fig["direct"]})
        print(f"fold {k}: all {fig['all']['precision']:.3f}/{fig['all']['recall']:.3f}/{fig['all']['f1']:.3f} "
              f"(candidates AP {rows[-1]['cand_ap']:.3f})", flush=True)
    out = {"threshold": shipped.threshold, "folds": args.folds, "articles": len(pairs), "examples": len(xs),
           "cand_ap_mean": round(float(np.mean([r["cand_ap"] for r in rows])), 4),
           "cand_precision_mean": round(float(np.mean([r["cand_precision"] for r in rows])), 4),
           "cand_recall_mean": round(float(np.mean([r["cand_recall"] for r in rows])), 4),
           "all": _sum([r["all"] for r in rows]), "direct": _sum([r["direct"] for r in rows]),
           "seconds": round(time.perf_counter() - t0, 1), "per_fold": rows}
    print(json.dumps({k: v for k, v in out.items() if k != "per_fold"}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


def _prob(model: CueModel, feats: list[str], vec: np.ndarray) -> float:
    idx = np.array(sorted({model.vocab[f] for f in feats if f in model.vocab}), dtype=np.int64)
    return 1.0 / (1.0 + np.exp(-model.logit_of(idx, vec * model.vec_scale)))


if __name__ == "__main__":
    raise SystemExit(main())
