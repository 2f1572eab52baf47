"""Training the event-type classifier (scikit-learn, at training time only) and the data it uses.

Sets (the model card gives their terms): ``plv.train`` and ``plover_gsr`` from ``../shared/eval``
(read there, never copied), and ``tests/data/events_invented.jsonl``, our own sentences about
invented actors.  Every example is (text, source char span or None, target char span or None,
type or NONE).  ``fit`` returns an :class:`EventTyper` whose weights are already rounded to the
precision they ship in, so cross-validation scores the model exactly as it runs.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..evaluation import events_eval
from ..evaluation.common import load_jsonl
from ..ontology import TYPES
from .features import Candidate, ngrams, parse_features, vector_width
from .model import NONE, EventTyper, Featurizer

ROOT = Path(__file__).resolve().parents[3]
INVENTED = ROOT / "tests" / "data" / "events_invented.jsonl"
SEED = 13


@dataclass(frozen=True)
class Example:
    id: str
    set: str
    text: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    label: str


@dataclass(frozen=True)
class Config:
    """The model's settings; the defaults are the ones chosen by cross-validation."""

    scales: dict[str, float] = field(default_factory=lambda: {"ng": 1.0, "pf": 1.5, "vec": 0.5})
    C: float = 4.0
    min_df: int = 2
    min_pf: int = 2
    balanced: bool = True
    none_weight: float = 3.0  # extra weight of NONE examples (few, and all from the invented set)
    lex_bonus: tuple[float, float] = (1.0, 0.5)  # see EventTyper.lex_bonus
    none_gate: float = 0.3  # see EventTyper.none_gate


# ---------------------------------------------------------------- data


def _first(spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return tuple(spans[0]) if spans else None


def plv_examples(eval_dir: Path | str) -> list[Example]:
    out = []
    for d in load_jsonl(eval_dir, events_eval.PLV):
        g = events_eval.plv_gold(d)
        out.append(Example(d["id"], "plv", d["text"], _first(g["source"]), _first(g["target"]), g["type"]))
    return out


def gsr_examples(eval_dir: Path | str) -> list[Example]:
    """GSR sentences in the ontology (INVESTIGATE left out), first source and first target."""
    out = []
    for d in load_jsonl(eval_dir, events_eval.GSR):
        g = events_eval.gsr_gold(d)
        if g["type"] in TYPES and (g["source"] or g["target"]):
            out.append(Example(d["id"], "gsr", d["text"], _first(g["source"]), _first(g["target"]), g["type"]))
    return out


def _locate(text: str, piece: str | None) -> tuple[int, int] | None:
    if not piece:
        return None
    i = text.find(piece)
    if i < 0:
        raise ValueError(f"{piece!r} is not in {text!r}")
    return (i, i + len(piece))


def invented_examples(path: Path | str = INVENTED) -> list[Example]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        r = json.loads(line)
        label = r["type"].upper()
        if label != NONE and label not in TYPES:
            raise ValueError(f"{path}:{n + 1}: unknown type {label}")
        out.append(Example(f"invented:{n}", "invented", r["text"], _locate(r["text"], r.get("source")),
                           _locate(r["text"], r.get("target")), label))
    return out


def candidates(nlp, examples: Sequence[Example]) -> list[Candidate]:
    """Parse every text once and build its candidate."""
    out = []
    for ex, doc in zip(examples, nlp.pipe([e.text for e in examples], batch_size=64), strict=True):
        spans = [doc.char_span(s, e, alignment_mode="expand") if (s, e) != (None, None) else None
                 for s, e in (ex.source or (None, None), ex.target or (None, None))]
        out.append(Candidate(doc, *spans))
    return out


# ---------------------------------------------------------------- fitting


def _vocab(features: Sequence[Sequence[str]], min_count: int) -> tuple[dict[str, int], np.ndarray, int]:
    df = Counter(f for feats in features for f in set(feats))
    keys = sorted(f for f, c in df.items() if c >= min_count)
    return {f: i for i, f in enumerate(keys)}, np.array([df[k] for k in keys], dtype=np.float64), len(features)


def matrix(featurizer: Featurizer, cands: Sequence[Candidate]):
    from scipy import sparse

    n_ng, n_pf, n_vec = len(featurizer.ng_vocab), len(featurizer.pf_vocab), featurizer.dense_dim
    rows, cols, vals = [], [], []
    dense = np.zeros((len(cands), n_vec), dtype=np.float32)
    for r, cand in enumerate(cands):
        enc = featurizer.encode(cand)
        rows += [r] * (len(enc.ng_idx) + len(enc.pf_idx))
        cols += enc.ng_idx.tolist() + (enc.pf_idx + n_ng).tolist()
        vals += enc.ng_val.tolist() + enc.pf_val.tolist()
        if n_vec:
            dense[r] = enc.dense
    sp = sparse.csr_matrix((vals, (rows, cols)), shape=(len(cands), n_ng + n_pf))
    return sparse.hstack([sp, sparse.csr_matrix(dense)], format="csr") if n_vec else sp


def fit(cands: Sequence[Candidate], labels: Sequence[str], config: Config = Config(), meta: dict | None = None) -> EventTyper:
    from sklearn.linear_model import LogisticRegression

    ng_vocab, df, n = _vocab([ngrams(c) for c in cands], config.min_df)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    pf_vocab, _, _ = _vocab([parse_features(c) for c in cands], config.min_pf)
    width = vector_width(cands[0].doc) if cands else 0
    featurizer = Featurizer(ng_vocab, idf.astype(np.float32).astype(np.float64), pf_vocab, dict(config.scales), width)
    X = matrix(featurizer, cands)
    clf = LogisticRegression(C=config.C, class_weight="balanced" if config.balanced else None,
                             max_iter=2000, tol=1e-4, random_state=SEED)
    weights = np.array([config.none_weight if lab == NONE else 1.0 for lab in labels])
    clf.fit(X, list(labels), sample_weight=weights)
    classes = [str(c) for c in clf.classes_]
    coef = clf.coef_.T.astype(np.float16).astype(np.float32)
    if coef.shape[1] == 1:  # two classes: sklearn gives one column
        coef = np.hstack([-coef, coef])
        bias = np.array([-clf.intercept_[0], clf.intercept_[0]], dtype=np.float32)
    else:
        bias = clf.intercept_.astype(np.float32)
    n_ng, n_pf = len(ng_vocab), len(pf_vocab)
    return EventTyper(featurizer, classes, coef[:n_ng], coef[n_ng:n_ng + n_pf], coef[n_ng + n_pf:], bias,
                      {**(meta or {}), "C": config.C, "min_df": config.min_df, "min_pf": config.min_pf,
                       "lex_bonus": list(config.lex_bonus), "none_gate": config.none_gate})


def predict(typer: EventTyper, cands: Sequence[Candidate]) -> list[str]:
    return [typer.decide(typer.featurizer.encode(c))[0] for c in cands]


def folds(labels: Sequence[str], k: int = 5, seed: int = SEED) -> list[np.ndarray]:
    """Stratified fold indices (test side), deterministic."""
    from sklearn.model_selection import StratifiedKFold

    counts = Counter(labels)
    # a type with fewer examples than folds still needs a stratum: fold it into the rarest label
    strata = [lab if counts[lab] >= k else "_rare" for lab in labels]
    if sum(1 for s in strata if s == "_rare") < k:
        strata = [s if s != "_rare" else min(counts, key=lambda c: (counts[c] if counts[c] >= k else math.inf, c)) for s in strata]
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [test for _, test in skf.split(np.zeros(len(labels)), strata)]
