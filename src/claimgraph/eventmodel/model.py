"""The event-type classifier at run time: a linear model over the features of ``features.py``,
scored with numpy from weights shipped in ``data/event_model.npz`` (no pickle, no scikit-learn).

    typer = EventTyper.load()
    etype, prob = typer.predict(doc, source_span, target_span)   # ("ASSAULT", 0.91) or ("NONE", p)

The weights file holds the vocabularies (n-grams with their IDF, parse features), the scales of
the three feature groups, the coefficients and the intercepts; ``scripts/train_event_model.py``
writes it and ``docs/models/event-model.md`` describes it.
"""
from __future__ import annotations

import io
import json
import math
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from ..config import DATA_DIR
from .features import VECTOR_SLOTS, Candidate, lexicon_votes, ngrams, parse_features, vectors

NONE = "NONE"
#: the lexicon's type wins when its probability is at least this share of the best type's
PREFER_RATIO = 0.5
WEIGHTS = DATA_DIR / "event_model.npz"


@dataclass(frozen=True)
class Encoded:
    """One candidate as the model sees it: sparse (index, value) pairs and the dense row."""

    ng_idx: np.ndarray
    ng_val: np.ndarray
    pf_idx: np.ndarray
    pf_val: np.ndarray
    dense: np.ndarray
    lex_trigger: str = "-"  # the trigger's lexicon type
    lex_near: frozenset[str] = frozenset()  # the lexicon types of the words near it


class Featurizer:
    """Candidate -> ``Encoded``, from fixed vocabularies and group scales."""

    def __init__(self, ng_vocab: dict[str, int], idf: np.ndarray, pf_vocab: dict[str, int],
                 scales: dict[str, float], width: int) -> None:
        self.ng_vocab, self.idf, self.pf_vocab = ng_vocab, idf, pf_vocab
        self.scales, self.width = scales, width

    @property
    def dense_dim(self) -> int:
        return len(VECTOR_SLOTS) * self.width if self.scales.get("vec", 0) else 0

    def encode(self, cand: Candidate) -> Encoded:
        counts = Counter(g for g in ngrams(cand) if g in self.ng_vocab)
        ng_idx = np.array(sorted(self.ng_vocab[g] for g in counts), dtype=np.int64)
        by_idx = {self.ng_vocab[g]: c for g, c in counts.items()}
        tf = np.array([1.0 + math.log(by_idx[i]) for i in ng_idx], dtype=np.float64)
        ng_val = tf * self.idf[ng_idx] if len(ng_idx) else tf
        ng_val = _scaled(ng_val, self.scales["ng"])
        pf_idx = np.array(sorted({self.pf_vocab[f] for f in parse_features(cand) if f in self.pf_vocab}), dtype=np.int64)
        pf_val = _scaled(np.ones(len(pf_idx)), self.scales["pf"])
        dense = vectors(cand, self.width) * self.scales["vec"] if self.dense_dim else np.zeros(0, dtype=np.float32)
        lex_trigger, lex_near = lexicon_votes(cand)
        return Encoded(ng_idx, ng_val, pf_idx, pf_val, dense.astype(np.float32), lex_trigger, lex_near)


def _scaled(values: np.ndarray, scale: float) -> np.ndarray:
    """Unit length (l2), times the group's scale."""
    n = float(np.linalg.norm(values))
    return values * (scale / n) if n > 0 else values


class EventTyper:
    """Type an event candidate: one of ``classes`` (PLOVER types and NONE) with a probability."""

    def __init__(self, featurizer: Featurizer, classes: list[str], w_ng: np.ndarray, w_pf: np.ndarray,
                 w_vec: np.ndarray, bias: np.ndarray, meta: dict | None = None) -> None:
        self.featurizer, self.classes = featurizer, list(classes)
        self.w_ng, self.w_pf, self.w_vec, self.bias = w_ng, w_pf, w_vec, bias
        self.meta = meta or {}
        self.index = {c: n for n, c in enumerate(self.classes)}
        #: logit bonus of the class the lexicon gives the trigger, and of the classes it gives near words
        self.lex_bonus: tuple[float, float] = tuple(self.meta.get("lex_bonus", (0.0, 0.0)))  # type: ignore[assignment]
        #: with no lexicon word anywhere near, a type below this probability becomes NONE
        self.none_gate: float = float(self.meta.get("none_gate", 0.0))

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> EventTyper:
        """The shipped model (or one at ``path``); reads the file only, never the network."""
        with np.load(Path(path) if path else WEIGHTS, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays["meta"].reshape(-1)[0]))
        ng_vocab = {g: i for i, g in enumerate(arrays["ng_vocab"].tolist())}
        pf_vocab = {f: i for i, f in enumerate(arrays["pf_vocab"].tolist())}
        feat = Featurizer(ng_vocab, arrays["idf"].astype(np.float64), pf_vocab, meta["scales"], int(meta["width"]))
        return cls(feat, arrays["classes"].tolist(), arrays["w_ng"].astype(np.float32), arrays["w_pf"].astype(np.float32),
                   arrays["w_vec"].astype(np.float32), arrays["bias"].astype(np.float32), meta)

    def to_arrays(self) -> dict[str, np.ndarray]:
        f = self.featurizer
        meta = {**self.meta, "scales": f.scales, "width": f.width, "lex_bonus": list(self.lex_bonus), "none_gate": self.none_gate}
        return {
            "classes": np.array(self.classes),
            "ng_vocab": np.array(sorted(f.ng_vocab, key=f.ng_vocab.__getitem__)),
            "idf": f.idf.astype(np.float32),
            "pf_vocab": np.array(sorted(f.pf_vocab, key=f.pf_vocab.__getitem__)),
            "w_ng": self.w_ng.astype(np.float16), "w_pf": self.w_pf.astype(np.float16),
            "w_vec": self.w_vec.astype(np.float16), "bias": self.bias.astype(np.float32),
            "meta": np.array(json.dumps(meta, sort_keys=True)),
        }

    def save(self, path: Path | str) -> None:
        """A deterministic .npz: fixed member order and timestamps, so equal weights give equal bytes."""
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in sorted(self.to_arrays().items()):
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())

    # -- scoring ---------------------------------------------------------------------------
    def logits(self, enc: Encoded) -> np.ndarray:
        z = self.bias.astype(np.float64).copy()
        if len(enc.ng_idx):
            z += enc.ng_val @ self.w_ng[enc.ng_idx]
        if len(enc.pf_idx):
            z += enc.pf_val @ self.w_pf[enc.pf_idx]
        if enc.dense.size:
            z += enc.dense @ self.w_vec
        on_trigger, near = self.lex_bonus
        if enc.lex_trigger in self.index:
            z[self.index[enc.lex_trigger]] += on_trigger
        for t in enc.lex_near:
            if t in self.index:
                z[self.index[t]] += near
        return z

    def probabilities(self, enc: Encoded) -> np.ndarray:
        z = self.logits(enc)
        p = np.exp(z - z.max())
        return p / p.sum()

    def decide(self, enc: Encoded, prefer: str | None = None) -> tuple[str, float]:
        """The most probable class and its probability.  ``prefer`` (the lexicon's type of the
        trigger) wins a close call: when its probability is at least ``PREFER_RATIO`` of the
        best one's.  Where no word near the trigger is in the lexicon and the best type is below
        ``none_gate``, the answer is NONE with the probability that the best type is wrong."""
        p = self.probabilities(enc)
        best = int(np.argmax(p))
        if prefer in self.index and self.classes[best] != NONE and p[self.index[prefer]] >= PREFER_RATIO * p[best]:
            best = self.index[prefer]
        label, prob = self.classes[best], float(p[best])
        if label != NONE and prob < self.none_gate and enc.lex_trigger == "-" and not enc.lex_near:
            return NONE, 1.0 - prob
        return label, prob

    def distribution(self, doc: Doc, source: Span | None, target: Span | None) -> dict[str, float]:
        """Every class with its probability (before the NONE gate of ``predict``)."""
        p = self.probabilities(self.featurizer.encode(Candidate(doc, source, target)))
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, doc: Doc, source: Span | None, target: Span | None, origin: str = "", cache: dict | None = None,
                prefer: str | None = None) -> tuple[str, float]:
        """The type (or ``"NONE"``) and its probability; ``origin`` says how the events stage
        proposed the candidate ("lexicon", "verb", "pair"), "" for a pair given from outside;
        ``cache`` (one dict per Doc) shares per-sentence facts between its candidates; ``prefer``
        is the lexicon's type, which wins a close call (``decide``)."""
        return self.decide(self.featurizer.encode(Candidate(doc, source, target, origin, cache)), prefer)

    def predict_many(self, items: list[tuple[Doc, Span | None, Span | None]]) -> list[tuple[str, float]]:
        return [self.predict(*item) for item in items]


@lru_cache(maxsize=1)
def default_typer() -> EventTyper:
    """The shipped model, loaded once."""
    return EventTyper.load()
