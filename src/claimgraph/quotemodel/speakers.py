"""The speaker ranker: who said each quote or reported-speech attribution.

The quotes stage finds each attribution's content and cue and proposes a speaker by its rules
(the subject of the cue, the object of "according to", the previous quote's speaker).  The ranker
then decides.  Its candidates for one attribution are

- every person, body, pronoun or nominal speaker ("the officer", "the ministry", "officials")
  in a window around it: the attribution's sentences, ``BEFORE`` sentences before, ``AFTER``
  after, outside the content itself and never a place, a dateline or a date
  (``_Speakers.can_speak``);
- ``PREV``: the speaker of the previous attribution ("“…,” he said. ¶ “…”");
- ``NONE``: no speaker.

Each candidate is a set of binary features (``features``): its syntactic role with the cue
(subject, passive agent, inverted subject, object of "according to", the told object, inside the
subject phrase: "X of the Y"), the token, sentence and paragraph distance, whether it is the
nearest candidate, the previous speaker, salience (subject of the last sentences, mentions so
far, spoke before), its kind (PERSON, ORG, pronoun, nominal, actor mention) and whether the rules
chose it; most are also crossed with the kind of attribution (direct with a cue, direct with no
cue, reported, "according to").  A linear model scores them and the best wins
(``SpeakerRanker.choose``).  Training: ``speaker_training`` and ``scripts/train_speaker_model.py``.
"""
from __future__ import annotations

import io
import json
from bisect import bisect_left
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from ..config import DATA_DIR

WEIGHTS = DATA_DIR / "speaker_model.npz"
BEFORE, AFTER = 3, 1
NONE, PREV = -1, -2  # pseudo-candidates
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "who", "you"})
_SUBJ = ("nsubj", "nsubjpass")
_NOT_HEAD = ("compound", "amod", "det", "nummod", "quantmod", "flat", "case", "punct")


@dataclass
class Attribution:
    """One attribution as the ranker sees it (token indexes into the Doc)."""

    start: int  # first token of the content
    end: int  # token after the content
    cue: int | None  # the cue token ("said", "according")
    rule: int | None  # the token the rules chose as speaker
    kind: str  # "direct", "uncued" (direct, no cue of its own), "reported" or "according"
    prev: "Attribution | None" = None  # the attribution before it
    prev_key: str | None = None  # the previous attribution's speaker actor
    prev_token: int | None = None  # and its speaker token
    spoken: frozenset[str] = frozenset()  # actors that spoke before it


class DocContext:
    """What the features need of one Doc, computed once."""

    def __init__(self, doc: Doc, owner: list, can_speak, cues: frozenset[str], mention_kind: dict[int, str]) -> None:
        self.doc, self.owner, self.cues, self.mention_kind = doc, owner, cues, mention_kind
        self.clusters = doc._.cg_clusters or {}
        sents = list(doc.sents)
        self.sent_of = np.zeros(len(doc), dtype=np.int32)
        self.para_of = np.zeros(len(doc), dtype=np.int32)
        para = 0
        for si, s in enumerate(sents):
            self.sent_of[s.start : s.end] = si
        for t in doc:
            self.para_of[t.i] = para
            if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text):
                para += 1
        self.sents = sents
        # candidate heads, by sentence
        self.by_sent: list[list[int]] = [[] for _ in sents]
        self.subj_keys: list[set[str]] = [set() for _ in sents]
        self.first_mention: dict[str, list[int]] = {}  # actor -> the tokens of its mentions, in text order
        for t in doc:
            key = owner[t.i]
            if key is not None:
                self.first_mention.setdefault(key, []).append(t.i)
                if t.dep_ in _SUBJ:
                    self.subj_keys[self.sent_of[t.i]].add(key)
            if _head_like(t) and can_speak(t):
                self.by_sent[self.sent_of[t.i]].append(t.i)

    def candidates(self, a: Attribution) -> list[int]:
        """The candidate tokens of an attribution (outside its content), in text order."""
        edges = [a.start, a.end - 1] + ([a.cue] if a.cue is not None else [])
        s0 = int(self.sent_of[min(edges)])
        s1 = int(self.sent_of[max(edges)])
        out = []
        for si in range(max(0, s0 - BEFORE), min(len(self.sents), s1 + AFTER + 1)):
            near = s0 <= si <= s1
            for i in self.by_sent[si]:
                if a.start <= i < a.end and not self.colon_label(a, i):
                    continue
                t = self.doc[i]
                if near or t.pos_ != "NOUN" or t.dep_ in _SUBJ or self.owner[i] is not None:
                    out.append(i)
        return out


    def colon_label(self, a: Attribution, i: int) -> bool:
        """A name opening the content before a colon ("PENCE: We will ..."): a transcript's
        speaker label, not part of what was said."""
        doc = self.doc
        return a.start <= i < min(a.start + 4, a.end - 1) and doc[i + 1].text == ":" and doc[i].pos_ in ("PROPN", "NOUN")


def _head_like(t: Token) -> bool:
    if t.dep_ in _NOT_HEAD:
        return False
    if t.pos_ == "PRON":
        return t.lower_ in SPEAKING_PRONOUNS
    return t.pos_ in ("PROPN", "NOUN")


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 12, 20, 35)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _role(ctx: DocContext, t: Token, cue: Token | None) -> list[str]:
    """The candidate's syntactic relation to the cue."""
    if cue is None:
        return ["role=nocue"]
    out = []
    if t.head.i == cue.i and t.i != cue.i:
        out.append(f"role=child:{t.dep_}:{'after' if t.i > cue.i else 'before'}")
    if cue.lower_ == "according" and t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.i == cue.i:
        out.append("role=according_pobj")
    if t.dep_ == "pobj" and t.head.dep_ == "agent" and t.head.head.i == cue.i:
        out.append("role=agent")
    if t.dep_ == "pobj" and t.head.head.i == cue.i:
        out.append(f"role=cue_prep:{t.head.lower_}")
    # a subject shared with the cue's head ("…,” he said and added …; "decided to say")
    if cue.dep_ in ("conj", "xcomp", "advcl", "ccomp") and t.head.i == cue.head.i and t.dep_ in _SUBJ:
        out.append(f"role=head_subj:{cue.dep_}")
    if cue.dep_ in ("relcl", "acl") and cue.head.i == t.i:
        out.append(f"role=cue_modifies:{cue.dep_}")
    # inside the subject phrase of the cue, not its head ("X of the Y said": Y)
    subj = next((c for c in cue.children if c.dep_ in _SUBJ), None)
    if subj is not None and t.i != subj.i and subj.left_edge.i <= t.i <= subj.right_edge.i:
        out.append(f"role=in_subj:{t.dep_}:{t.head.dep_}")
    if t.dep_ in ("appos", "conj") and t.head.head.i == cue.i and t.head.dep_ in _SUBJ:
        out.append(f"role=subj_{t.dep_}")
    if not out:
        same = t.sent.start == cue.sent.start
        if same:
            depth = 0
            node = t
            while node.head.i != node.i and node.i != cue.i and depth < 6:
                node, depth = node.head, depth + 1
            out.append("role=under_cue" if node.i == cue.i else f"role=same_sent:{t.dep_}")
        else:
            out.append("role=other_sent")
    return out


def features(ctx: DocContext, a: Attribution, cand: int, cands: list[int]) -> list[str]:
    """The binary features of one candidate (a token index, ``NONE`` or ``PREV``)."""
    doc = ctx.doc
    k = a.kind
    if cand == NONE:
        f = ["NONE", f"NONE|rule={a.rule is not None}", f"NONE|n={_bucket(len(cands), (0, 1, 2, 4, 8))}"]
        return f + [f"{k}|{x}" for x in f]
    if cand == PREV:
        gap = int(ctx.sent_of[a.start] - ctx.sent_of[a.prev.end - 1]) if a.prev is not None else 99
        para = int(ctx.para_of[a.start] - ctx.para_of[a.prev.end - 1]) if a.prev is not None else 9
        f = ["PREV", f"PREV|gap={_bucket(gap, (0, 1, 2, 4))}", f"PREV|para={min(para, 2)}",
             f"PREV|rule={a.rule is not None and a.rule == a.prev_token}", f"PREV|prevkind={a.prev.kind if a.prev else '-'}",
             f"PREV|cue={a.cue is not None}", f"PREV|named={a.prev_key is not None}"]
        return f + [f"{k}|{x}" for x in f]
    t = doc[cand]
    cue = doc[a.cue] if a.cue is not None else None
    key = ctx.owner[cand]
    f: list[str] = []
    f += ["role=colon_label"] if a.start <= cand < a.end else _role(ctx, t, cue)
    if cand == a.rule:
        f.append("rule")
    if t.pos_ == "PRON":
        f.append(f"pron={t.lower_}")
    elif t.pos_ == "NOUN":
        f.append(f"noun={t.lemma_.lower()}")
        f.append(f"noun_num={t.tag_}")
    f.append(f"pos={t.pos_}")
    f.append(f"ent={t.ent_type_ or '-'}")
    f.append(f"dep={t.dep_}")
    f.append(f"headdep={t.head.dep_}")
    f.append(f"mention={ctx.mention_kind.get(cand, '-') if key else '-'}")
    cl = ctx.clusters.get(key or "")
    f.append(f"actor={cl.type if cl is not None else '-'}")
    if t.head.pos_ in ("VERB", "AUX") and t.head.lemma_.lower() in ctx.cues and t.dep_ in _SUBJ:
        f.append("subj_of_a_cue" + ("" if cue is not None and t.head.i == cue.i else "_elsewhere"))
    if t.dep_ == "pobj" and t.head.lower_ in ("of", "for", "at", "from", "with", "in"):
        f.append(f"pobj_of={t.head.lower_}")
    if t.dep_ == "poss":
        f.append("poss")
    # position and distance
    before = cand < a.start
    d = a.start - cand if before else cand - a.end + 1
    f.append(f"side={'before' if before else 'after'}")
    f.append(f"dist={_bucket(d)}")
    if cue is not None:
        dc = cand - cue.i
        f.append(f"cuedist={'-' if dc < 0 else '+'}{_bucket(abs(dc), (1, 2, 3, 5, 8, 15))}")
    ref = a.start if before else a.end - 1
    f.append(f"sent={max(-3, min(2, int(ctx.sent_of[cand] - ctx.sent_of[ref])))}")
    f.append(f"para={min(2, abs(int(ctx.para_of[cand] - ctx.para_of[ref])))}")
    earlier = [c for c in cands if c < a.start]
    later = [c for c in cands if c >= a.end]
    if earlier and cand == earlier[-1]:
        f.append("nearest_before")
    if later and cand == later[0]:
        f.append("nearest_after")
    persons = [c for c in earlier if doc[c].ent_type_ == "PERSON"]
    if persons and cand == persons[-1]:
        f.append("nearest_person_before")
    # discourse: the previous speaker, salience
    if key is not None:
        if key == a.prev_key:
            f.append("prev_speaker")
        if key in a.spoken:
            f.append("spoke_before")
        s = int(ctx.sent_of[a.start])
        subj = sum(1 for si in range(max(0, s - 3), s + 1) if key in ctx.subj_keys[si])
        f.append(f"subj_recent={min(subj, 2)}")
        n = bisect_left(ctx.first_mention.get(key, ()), a.start)  # its tokens before the content (a list in text order)
        f.append(f"mentions={_bucket(n, (0, 1, 3, 6))}")
    if cand == a.prev_token:
        f.append("prev_token")
    base = list(f)
    # the role with the candidate's kind and place ("nsubj" of a pronoun, "dobj" after the cue)
    roles = [x for x in base if x.startswith("role=")] + (["rule"] if cand == a.rule else [])
    places = [x for x in base if x.split("=")[0] in ("pos", "ent", "side", "sent", "pron", "mention", "para", "dist")]
    return base + [f"{k}|{x}" for x in base] + [f"{r}&{p}" for r in roles for p in places]


class SpeakerRanker:
    """A linear model over ``features``: ``weights[vocab[f]]`` summed, plus ``bias``."""

    def __init__(self, vocab: list[str], weights: np.ndarray, bias: float, meta: dict | None = None) -> None:
        self.vocab = {f: i for i, f in enumerate(vocab)}
        self.weights = weights.astype(np.float64)
        self.bias = float(bias)
        self.meta = meta or {}
        #: added to the score of ``NONE`` (tuned on dev)
        self.none_bias = float(self.meta.get("none_bias", 0.0))

    @classmethod
    def load(cls, path: Path | str | None = None) -> SpeakerRanker:
        """The shipped model (or one at ``path``); reads the file only."""
        with np.load(Path(path) if path else WEIGHTS, allow_pickle=False) as z:
            vocab = z["vocab"].tolist()
            weights = z["weights"]
            bias = float(z["bias"].reshape(-1)[0])
            meta = json.loads(str(z["meta"].reshape(-1)[0]))
        return cls(vocab, weights, bias, meta)

    def save(self, path: Path | str) -> None:
        """A deterministic .npz: fixed member order and timestamps."""
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        arrays = {"vocab": np.array(vocab), "weights": self.weights.astype(np.float32),
                  "bias": np.array([self.bias], dtype=np.float64), "meta": np.array(json.dumps({**self.meta, "none_bias": self.none_bias}, sort_keys=True))}
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in sorted(arrays.items()):
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())

    def score(self, feats: list[str]) -> float:
        idx = [self.vocab[f] for f in feats if f in self.vocab]
        return self.bias + float(self.weights[idx].sum()) if idx else self.bias

    def choose(self, ctx: DocContext, a: Attribution) -> tuple[int, list[tuple[int, float]]]:
        """The winning candidate (a token index, ``NONE`` or ``PREV``) and every score."""
        cands = ctx.candidates(a)
        options = cands + [NONE] + ([PREV] if a.prev is not None and (a.prev_key is not None or a.prev_token is not None) else [])
        scored = []
        for c in options:
            s = self.score(features(ctx, a, c, cands))
            if c == NONE:
                s += self.none_bias
            scored.append((c, s))
        best = max(scored, key=lambda cs: cs[1])[0]
        return best, scored


@lru_cache(maxsize=1)
def default_ranker() -> SpeakerRanker | None:
    """The shipped model, loaded once; None when the weights are missing (the rules decide)."""
    return SpeakerRanker.load() if WEIGHTS.exists() else None
