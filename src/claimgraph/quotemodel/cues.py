"""The attribution-cue model: does a candidate cue (``cue_features.Candidate``) introduce reported
content (speech, a belief, an intention, a perception, an evaluation)?

A logistic regression over the candidate's binary features (``cue_features.features``) and the
md model's vector of its lemma, scored with numpy from ``data/cue_model.npz`` (no pickle, no
scikit-learn at run time).  ``scripts/train_cue_model.py`` fits it on PolNeAR train
(``training.py``-style: deterministic, same inputs give the same bytes) and
``docs/models/cue-model.md`` describes it.

    model = default_cue_model()
    p = model.probability(cand, lists)      # 0..1
    model.threshold                          # tuned on PolNeAR dev
"""
from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..config import DATA_DIR
from .cue_features import Candidate, features, lemma_vector

WEIGHTS = DATA_DIR / "cue_model.npz"
#: the word lists whose membership is a feature (the names are the features' names)
#: the most cue words whose scaled vectors ``CueModel`` keeps (1.2 kB each)
_VECTOR_CACHE = 20_000
LIST_FILES = {"speech": "speech_verbs.txt", "attribution": "attribution_verbs.txt", "quote_cue": "quote_cues.txt"}


def bundled_lists(resources=None) -> dict[str, frozenset[str]]:
    """The lemmas of the lists in ``LIST_FILES`` (the bundled or the given resources), and under
    ``"acts"`` the verbs of material acts: events.tsv verb triggers of a material PLOVER class
    ("shelled", "arrested", "funded") that no attribution list holds.  They report what an actor
    did, never what it said or thinks (``nlp/reported.py`` leaves them out; not a feature)."""
    from ..ontology import PLOVER_CLASS
    from ..resources import default_resources

    r = resources or default_resources()
    out = {"speech": frozenset(r.speech_verbs().all)}
    out["attribution"] = frozenset(r.word_set(LIST_FILES["attribution"]))
    out["quote_cue"] = frozenset(r.word_set(LIST_FILES["quote_cue"]))
    said = out["speech"] | out["attribution"] | out["quote_cue"]
    out["acts"] = frozenset(lemma for lemma, triggers in r.event_lexicon().verbs.items()
                            if lemma not in said and any("material" in PLOVER_CLASS.get(t.type, "") for t in triggers))
    return out


class CueModel:
    """Binary features -> index, a weight each, the vector weights, a bias and a threshold."""

    def __init__(self, vocab: dict[str, int], w: np.ndarray, w_vec: np.ndarray, bias: float,
                 threshold: float = 0.5, vec_scale: float = 1.0, meta: dict | None = None, vec_default: float = 0.0) -> None:
        self.vocab, self.w, self.w_vec, self.bias = vocab, w, w_vec, float(bias)
        self.width = int(w_vec.shape[0])
        self._w_vec64 = w_vec.astype(np.float64)  # converted once, not per candidate
        self._vectors: dict[tuple, np.ndarray] = {}
        self.threshold, self.vec_scale = float(threshold), float(vec_scale)
        #: the vector term of a cue with no vector (a Doc without vectors, a rare word): its mean in training
        self.vec_default = float(vec_default)
        self.meta = meta or {}

    # -- scoring ---------------------------------------------------------------------------
    def encode(self, cand: Candidate, lists: dict[str, frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
        get = self.vocab.get
        idx = np.array(sorted({j for j in map(get, features(cand, lists)) if j is not None}), dtype=np.int64)
        return idx, self._vector(cand.cue) if self.width else np.zeros(0, np.float32)

    def _vector(self, tok) -> np.ndarray:
        """``lemma_vector(tok, width) * vec_scale``, kept per vocabulary and word: it depends on
        the lemma and the lowercase text alone (callers only read it)."""
        key = (tok.doc.vocab, tok.lemma_.lower(), tok.lower_)
        vec = self._vectors.get(key)
        if vec is None:
            if len(self._vectors) >= _VECTOR_CACHE:
                self._vectors.clear()
            vec = self._vectors[key] = lemma_vector(tok, self.width) * self.vec_scale
        return vec

    def logit(self, cand: Candidate, lists: dict[str, frozenset[str]]) -> float:
        return self.logit_of(*self.encode(cand, lists))

    def logit_of(self, idx: np.ndarray, vec: np.ndarray) -> float:
        """The logit of encoded features (vocabulary indices, the scaled lemma vector)."""
        z = self.bias + float(self.w[idx].astype(np.float64).sum())
        if vec.size and vec.any():
            z += float(vec.astype(np.float64) @ self._w_vec64)
        elif vec.size:
            z += self.vec_default
        return z

    def probability(self, cand: Candidate, lists: dict[str, frozenset[str]]) -> float:
        z = self.logit(cand, lists)
        return float(1.0 / (1.0 + np.exp(-z)))

    # -- files -----------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> CueModel:
        """The shipped model (or one at ``path``); reads the file only, never the network."""
        with np.load(Path(path) if path else WEIGHTS, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays["meta"].reshape(-1)[0]))
        vocab = {f: i for i, f in enumerate(arrays["vocab"].tolist())}
        return cls(vocab, arrays["w"].astype(np.float32), arrays["w_vec"].astype(np.float32), float(meta["bias"]),
                   float(meta["threshold"]), float(meta["vec_scale"]), meta, float(meta.get("vec_default", 0.0)))

    def save(self, path: Path | str) -> None:
        """A deterministic .npz: fixed member order and timestamps, so equal weights give equal bytes."""
        meta = {**self.meta, "bias": round(self.bias, 6), "threshold": self.threshold, "vec_scale": self.vec_scale,
                "vec_default": round(self.vec_default, 6)}
        arrays = {
            "vocab": np.array(sorted(self.vocab, key=self.vocab.__getitem__)),
            "w": self.w.astype(np.float16), "w_vec": self.w_vec.astype(np.float16),
            "meta": np.array(json.dumps(meta, sort_keys=True)),
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in sorted(arrays.items()):
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())


@lru_cache(maxsize=1)
def default_cue_model() -> CueModel:
    """The shipped model, loaded once."""
    return CueModel.load()


# ---------------------------------------------------------------- training (scikit-learn)

#: features seen fewer times than this in the training examples are left out of the vocabulary
MIN_COUNT = 2
#: inverse regularisation strength of the logistic regression
C = 0.3
VEC_SCALE = 1.0


def fit(examples: Sequence[tuple[list[str], np.ndarray]], labels: Sequence[int], meta: dict | None = None,
        c: float = C, min_count: int = MIN_COUNT, vec_scale: float = VEC_SCALE, threshold: float = 0.5) -> CueModel:
    """A ``CueModel`` from (features, lemma vector) examples and 0/1 labels (deterministic:
    liblinear, a fixed vocabulary order)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in examples for f in set(feats))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(names)}
    width = len(examples[0][1]) if examples else 0
    rows, cols = [], []
    for r, (feats, _) in enumerate(examples):
        for j in sorted({vocab[f] for f in feats if f in vocab}):
            rows.append(r)
            cols.append(j)
    xs = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(vocab)))
    if width:
        dense = sparse.csr_matrix(np.vstack([v for _, v in examples]).astype(np.float64) * vec_scale)
        xs = sparse.hstack([xs, dense], format="csr")
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(xs, np.asarray(labels))
    coef = clf.coef_[0]
    w_vec = coef[len(vocab):].astype(np.float32)
    vec_default = 0.0
    if width:
        terms = [float(v.astype(np.float64) @ w_vec.astype(np.float64)) * vec_scale for _, v in examples if v.any()]
        vec_default = float(np.mean(terms)) if terms else 0.0
    return CueModel(vocab, coef[: len(vocab)].astype(np.float32), w_vec, float(clf.intercept_[0]), threshold, vec_scale, meta, vec_default)
