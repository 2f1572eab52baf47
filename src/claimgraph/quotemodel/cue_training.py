"""Training, threshold tuning and cross-validation of the cue model (scikit-learn at training
time only; used by ``scripts/train_cue_model.py`` and ``benchmarks/cue_model_cv.py``).

Examples come from ``cue_data.labelled``; end-to-end figures run the quotes stage with the model
on Docs that the claimgraph stages before it have processed, and score its content spans with
``evaluation.quotes_eval.score_quotes`` (content only: speakers do not depend on the threshold).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc

from ..evaluation import quotes_eval as Q
from . import cue_data as D
from .cue_features import features, lemma_vector
from .cues import CueModel, fit

#: the thresholds tried on dev, and the content precision the chosen one must keep
THRESHOLDS = tuple(round(0.20 + 0.02 * i, 2) for i in range(21))
MIN_PRECISION = 0.85


def examples(pairs: Sequence[tuple[dict, Doc]], lists: dict, width: int) -> tuple[list, list[int], list[int]]:
    """(features, vector) inputs, labels and the article index of each example."""
    xs, ys, groups = [], [], []
    for n, (rec, doc) in enumerate(pairs):
        for cand, y in D.labelled(rec, doc):
            xs.append((features(cand, lists), lemma_vector(cand.cue, width)))
            ys.append(y)
            groups.append(n)
    return xs, ys, groups


def staged(pairs: Sequence[tuple[dict, Doc]], nlp) -> list[tuple[dict, Doc]]:
    """The Docs after the claimgraph stages up to and including quotes (base parse given)."""
    from ..nlp.components import STAGES

    procs = [nlp.get_pipe(n) for n in STAGES[: STAGES.index("claimgraph_quotes") + 1]]
    out = []
    for rec, doc in pairs:
        doc._.cg_anchor = (rec.get("meta") or {}).get("publication_date")
        for p in procs:
            doc = p(doc)
        out.append((rec, doc))
    return out


def content_figures(pairs: Sequence[tuple[dict, Doc]], nlp, model: CueModel, threshold: float) -> dict:
    """Content P/R/F1 (direct and all) of the quotes stage with ``model`` at ``threshold``."""
    qf = nlp.get_pipe("claimgraph_quotes")
    saved = qf.cue_model, model.threshold
    qf.cue_model, model.threshold = model, threshold
    try:
        preds = []
        for _, doc in pairs:
            qf(doc)
            preds.append([{"spans": [(q.start, q.end)], "direct": q.direct, "names": [], "mentions": []} for q in doc._.cg_quotes])
    finally:
        qf.cue_model, model.threshold = saved
    golds = [Q.gold_quotes(r) for r, _ in pairs]
    r = Q.score_quotes(preds, golds, [rec["text"] for rec, _ in pairs])
    return {"direct": r["direct"]["content"], "all": r["all"]["content"]}


def tune(pairs, nlp, model: CueModel, thresholds=THRESHOLDS, min_precision: float = MIN_PRECISION) -> tuple[float, dict]:
    """The threshold with the highest all-attribution recall whose content precision is at least
    ``min_precision`` (the most precise one when none is), and its figures."""
    best = None
    for t in thresholds:
        fig = content_figures(pairs, nlp, model, t)
        a = fig["all"]
        key = (a["precision"] >= min_precision, a["recall"] if a["precision"] >= min_precision else a["precision"])
        if best is None or key > best[0]:
            best = (key, t, fig)
    assert best is not None
    return best[1], best[2]


def folds(groups: Sequence[int], k: int) -> list[np.ndarray]:
    """Article-wise folds: article ``n`` is in fold ``n % k``."""
    g = np.asarray(groups)
    return [np.flatnonzero(g % k == i) for i in range(k)]


def train(xs, ys, meta: dict | None = None) -> CueModel:
    return fit(xs, ys, meta)
