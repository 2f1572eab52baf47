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
    """What the features need of one Doc, computed once: the sentence and paragraph of every
    token, the candidates by sentence, and the parse as plain lists (``head``, ``dep``, ``lower``,
    ``pos``, ``ent``, ``lemma``, ``tag``), which ``features`` reads instead of making a ``Token``
    for each look-up; a candidate's features that depend on its token alone are kept here too
    (``token_features``), as the same token is a candidate of several attributions."""

    def __init__(self, doc: Doc, owner: list, can_speak, cues: frozenset[str], mention_kind: dict[int, str]) -> None:
        self.doc, self.owner, self.cues, self.mention_kind = doc, owner, cues, mention_kind
        self.clusters = doc._.cg_clusters or {}
        sents = list(doc.sents)
        self.sent_of = np.zeros(len(doc), dtype=np.int32)
        self.para_of = np.zeros(len(doc), dtype=np.int32)
        para = 0
        for si, s in enumerate(sents):
            self.sent_of[s.start : s.end] = si
        self.head: list[int] = []
        self.dep: list[str] = []
        self.lower: list[str] = []
        self.pos: list[str] = []
        self.ent: list[str] = []
        self.lemma: list[str] = []  # lowercased
        self.tag: list[str] = []
        for t in doc:
            self.para_of[t.i] = para
            if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text):
                para += 1
            self.head.append(t.head.i)
            self.dep.append(t.dep_)
            self.lower.append(t.lower_)
            self.pos.append(t.pos_)
            self.ent.append(t.ent_type_)
            self.lemma.append(t.lemma_.lower())
            self.tag.append(t.tag_)
        self.sents = sents
        # the first subject child of each token (``Token.children`` is in text order)
        self._first_subj: dict[int, int] = {}
        for i, (h, d) in enumerate(zip(self.head, self.dep)):
            if d in _SUBJ and h != i:
                self._first_subj.setdefault(h, i)
        self._subj_edges: dict[int, tuple[int, int, int] | None] = {}
        self._token_feats: dict[int, tuple[tuple[str, ...], int | None, tuple[str, ...]]] = {}
        self._roles: dict[tuple[int, int | None], tuple[str, ...]] = {}
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
        pos, dep, owner = self.pos, self.dep, self.owner
        for si in range(max(0, s0 - BEFORE), min(len(self.sents), s1 + AFTER + 1)):
            near = s0 <= si <= s1
            for i in self.by_sent[si]:
                if a.start <= i < a.end and not self.colon_label(a, i):
                    continue
                if near or pos[i] != "NOUN" or dep[i] in _SUBJ or owner[i] is not None:
                    out.append(i)
        return out


    def colon_label(self, a: Attribution, i: int) -> bool:
        """A name opening the content before a colon ("PENCE: We will ..."): a transcript's
        speaker label, not part of what was said."""
        doc = self.doc
        return a.start <= i < min(a.start + 4, a.end - 1) and doc[i + 1].text == ":" and self.pos[i] in ("PROPN", "NOUN")

    def subject_of(self, cue: int) -> tuple[int, int, int] | None:
        """The cue's first subject child with its left and right edge, or None."""
        if cue not in self._subj_edges:
            si = self._first_subj.get(cue)
            if si is None:
                self._subj_edges[cue] = None
            else:
                subj = self.doc[si]
                self._subj_edges[cue] = (si, subj.left_edge.i, subj.right_edge.i)
        return self._subj_edges[cue]

    def token_features(self, i: int) -> tuple[tuple[str, ...], int | None, tuple[str, ...]]:
        """The features of candidate ``i`` that depend on its token alone, in ``features``'
        order: the words and parse up to ``actor=``, the cue it is the subject of (or None:
        "subj_of_a_cue" depends on the attribution's cue), and ``pobj_of=`` / ``poss``."""
        got = self._token_feats.get(i)
        if got is None:
            pos, dep, head, lower = self.pos, self.dep, self.head, self.lower
            f: list[str] = []
            if pos[i] == "PRON":
                f.append(f"pron={lower[i]}")
            elif pos[i] == "NOUN":
                f.append(f"noun={self.lemma[i]}")
                f.append(f"noun_num={self.tag[i]}")
            h = head[i]
            key = self.owner[i]
            f.append(f"pos={pos[i]}")
            f.append(f"ent={self.ent[i] or '-'}")
            f.append(f"dep={dep[i]}")
            f.append(f"headdep={dep[h]}")
            f.append(f"mention={self.mention_kind.get(i, '-') if key else '-'}")
            cl = self.clusters.get(key or "")
            f.append(f"actor={cl.type if cl is not None else '-'}")
            subj_of = h if pos[h] in ("VERB", "AUX") and self.lemma[h] in self.cues and dep[i] in _SUBJ else None
            tail: list[str] = []
            if dep[i] == "pobj" and lower[h] in ("of", "for", "at", "from", "with", "in"):
                tail.append(f"pobj_of={lower[h]}")
            if dep[i] == "poss":
                tail.append("poss")
            got = self._token_feats[i] = (tuple(f), subj_of, tuple(tail))
        return got

    def role(self, i: int, cue: int | None) -> tuple[str, ...]:
        """``_role`` of candidate ``i`` with the cue token ``cue``, computed once per pair."""
        key = (i, cue)
        got = self._roles.get(key)
        if got is None:
            got = self._roles[key] = tuple(_role_at(self, i, cue))
        return got


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
    return list(ctx.role(t.i, cue.i if cue is not None else None))


def _role_at(ctx: DocContext, ti: int, ci: int | None) -> list[str]:
    """``_role`` on token indexes, read from the context's lists."""
    if ci is None:
        return ["role=nocue"]
    head, dep, lower = ctx.head, ctx.dep, ctx.lower
    th, td, cd = head[ti], dep[ti], dep[ci]
    out = []
    if th == ci and ti != ci:
        out.append(f"role=child:{td}:{'after' if ti > ci else 'before'}")
    if lower[ci] == "according" and td == "pobj" and lower[th] == "to" and head[th] == ci:
        out.append("role=according_pobj")
    if td == "pobj" and dep[th] == "agent" and head[th] == ci:
        out.append("role=agent")
    if td == "pobj" and head[th] == ci:
        out.append(f"role=cue_prep:{lower[th]}")
    # a subject shared with the cue's head ("…,” he said and added …; "decided to say")
    if cd in ("conj", "xcomp", "advcl", "ccomp") and th == head[ci] and td in _SUBJ:
        out.append(f"role=head_subj:{cd}")
    if cd in ("relcl", "acl") and head[ci] == ti:
        out.append(f"role=cue_modifies:{cd}")
    # inside the subject phrase of the cue, not its head ("X of the Y said": Y)
    subj = ctx.subject_of(ci)
    if subj is not None and ti != subj[0] and subj[1] <= ti <= subj[2]:
        out.append(f"role=in_subj:{td}:{dep[th]}")
    if td in ("appos", "conj") and head[th] == ci and dep[th] in _SUBJ:
        out.append(f"role=subj_{td}")
    if not out:
        if ctx.sent_of[ti] == ctx.sent_of[ci]:
            depth = 0
            node = ti
            while head[node] != node and node != ci and depth < 6:
                node, depth = head[node], depth + 1
            out.append("role=under_cue" if node == ci else f"role=same_sent:{td}")
        else:
            out.append("role=other_sent")
    return out


_PLACES = frozenset(("pos", "ent", "side", "sent", "pron", "mention", "para", "dist"))


def attribution_facts(ctx: DocContext, a: Attribution, cands: list[int]) -> tuple:
    """What ``features`` reads of an attribution and its candidates, the same for each of them:
    the nearest candidate before and after the content, the nearest PERSON before it, and the
    subjects of the sentences up to the content's."""
    earlier = [c for c in cands if c < a.start]
    later = [c for c in cands if c >= a.end]
    persons = [c for c in earlier if ctx.ent[c] == "PERSON"]
    s = int(ctx.sent_of[a.start])
    recent = [ctx.subj_keys[si] for si in range(max(0, s - 3), s + 1)]
    return (earlier[-1] if earlier else None, later[0] if later else None, persons[-1] if persons else None, recent)


def features(ctx: DocContext, a: Attribution, cand: int, cands: list[int], facts: tuple | None = None) -> list[str]:
    """The binary features of one candidate (a token index, ``NONE`` or ``PREV``); ``facts``:
    ``attribution_facts(ctx, a, cands)``, computed once for all the candidates of ``a``."""
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
    if facts is None:
        facts = attribution_facts(ctx, a, cands)
    last_before, first_after, last_person, recent = facts
    cue = a.cue
    key = ctx.owner[cand]
    f: list[str] = ["role=colon_label"] if a.start <= cand < a.end else list(ctx.role(cand, cue))
    if cand == a.rule:
        f.append("rule")
    words, subj_of, tail = ctx.token_features(cand)
    f += words
    if subj_of is not None:
        f.append("subj_of_a_cue" + ("" if cue is not None and subj_of == cue else "_elsewhere"))
    f += tail
    # position and distance
    before = cand < a.start
    d = a.start - cand if before else cand - a.end + 1
    f.append(f"side={'before' if before else 'after'}")
    f.append(f"dist={_bucket(d)}")
    if cue is not None:
        dc = cand - cue
        f.append(f"cuedist={'-' if dc < 0 else '+'}{_bucket(abs(dc), (1, 2, 3, 5, 8, 15))}")
    ref = a.start if before else a.end - 1
    f.append(f"sent={max(-3, min(2, int(ctx.sent_of[cand] - ctx.sent_of[ref])))}")
    f.append(f"para={min(2, abs(int(ctx.para_of[cand] - ctx.para_of[ref])))}")
    if cand == last_before:
        f.append("nearest_before")
    if cand == first_after:
        f.append("nearest_after")
    if cand == last_person:
        f.append("nearest_person_before")
    # discourse: the previous speaker, salience
    if key is not None:
        if key == a.prev_key:
            f.append("prev_speaker")
        if key in a.spoken:
            f.append("spoke_before")
        subj = sum(1 for keys in recent if key in keys)
        f.append(f"subj_recent={min(subj, 2)}")
        n = bisect_left(ctx.first_mention.get(key, ()), a.start)  # its tokens before the content (a list in text order)
        f.append(f"mentions={_bucket(n, (0, 1, 3, 6))}")
    if cand == a.prev_token:
        f.append("prev_token")
    # the role with the candidate's kind and place ("nsubj" of a pronoun, "dobj" after the cue)
    roles = [x for x in f if x.startswith("role=")] + (["rule"] if cand == a.rule else [])
    places = [x for x in f if x.partition("=")[0] in _PLACES]
    return f + [f"{k}|{x}" for x in f] + [f"{r}&{p}" for r in roles for p in places]


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
        get = self.vocab.get
        idx = [j for j in map(get, feats) if j is not None]
        return self.bias + float(self.weights[idx].sum()) if idx else self.bias

    def choose(self, ctx: DocContext, a: Attribution) -> tuple[int, list[tuple[int, float]]]:
        """The winning candidate (a token index, ``NONE`` or ``PREV``) and every score.

        The weights of all the options are gathered in one look-up and each option's slice
        summed: the same sums, in the same order, as ``score`` of each."""
        cands = ctx.candidates(a)
        options = cands + [NONE] + ([PREV] if a.prev is not None and (a.prev_key is not None or a.prev_token is not None) else [])
        facts = attribution_facts(ctx, a, cands)
        get = self.vocab.get
        idx: list[int] = []
        bounds = [0]
        for c in options:
            idx += [j for j in map(get, features(ctx, a, c, cands, facts)) if j is not None]
            bounds.append(len(idx))
        picked = self.weights[idx] if idx else self.weights[:0]
        scored = []
        for n, c in enumerate(options):
            lo, hi = bounds[n], bounds[n + 1]
            s = self.bias + float(picked[lo:hi].sum()) if hi > lo else self.bias
            if c == NONE:
                s += self.none_bias
            scored.append((c, s))
        best = max(scored, key=lambda cs: cs[1])[0]
        return best, scored


@lru_cache(maxsize=1)
def default_ranker() -> SpeakerRanker | None:
    """The shipped model, loaded once; None when the weights are missing (the rules decide)."""
    return SpeakerRanker.load() if WEIGHTS.exists() else None
