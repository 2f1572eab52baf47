"""Features of one event candidate: a parsed sentence, its source span and its target span.

Three groups, each computed the same way at training and at run time:

- **n-grams** of the sentence with the source and target replaced by ``SRC`` and ``TGT``
  ("SRC condemned TGT"), word unigrams and bigrams, weighted by TF-IDF in the model;
- **parse features**, binary strings: the trigger (the token heading the dependency path between
  the arguments), its lemma, part of speech and lexicon type (``data/events.tsv``), the lemmas and
  lexicon types along the path, the words governing each argument ("by" agents, "on" targets),
  the dependency path itself, passive voice, negation, modal auxiliaries and the verbs a trigger
  is the complement of ("threatened to attack", "vowed to annihilate");
- **vectors** of the md model: the trigger, its object, the word governing the target and the
  sentence without the arguments (each unit length).

Either span may be None (a one-sided event); the trigger is then the first verb (or lexicon
noun) above the span that is given.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..resources import event_lexicon

SRC, TGT = "SRC", "TGT"
VECTOR_SLOTS = ("trigger", "object", "target_gov", "sentence")
MODALS = frozenset({"would", "could", "might", "may", "will", "should", "shall", "can", "must", "'d", "'ll"})
NEGATORS = frozenset({"not", "n't", "never", "no", "nt"})
_EVENT_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})
_OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
_MAX_DEPTH = 40


@lru_cache(maxsize=1)
def _lexicon():
    return event_lexicon()


def lexicon_type(tok: Token) -> str:
    """The events.tsv type of a token ("-" when it has none), phrasal verbs included."""
    lex = _lexicon()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        triggers = lex.verbs.get(lemma)
        if not triggers:
            return "-"
        parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
        for t in triggers:
            if t.particle is None or t.particle.split()[0] in parts:
                return t.type
        return "-"
    if tok.pos_ in ("NOUN", "PROPN"):
        compound = " ".join(c.lemma_.lower() for c in tok.children if c.dep_ == "compound")
        hit = lex.nouns.get(f"{compound} {lemma}".strip()) or lex.nouns.get(lemma)
        return hit.type if hit else "-"
    return "-"


def _chain(tok: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < _MAX_DEPTH:
        out.append(out[-1].head)
    return out


def _outside(tok: Token, spans: tuple[Span | None, ...]) -> bool:
    return not any(s is not None and s.start <= tok.i < s.end for s in spans)


class Candidate:
    """The parse facts of one (sentence, source, target) candidate, computed once."""

    def __init__(self, doc: Doc, source: Span | None, target: Span | None, origin: str = "", cache: dict | None = None) -> None:
        if source is None and target is None:
            raise ValueError("an event candidate needs a source or a target span")
        self.doc, self.source, self.target = doc, source, target
        self.origin = origin  # how the events stage proposed it ("lexicon", "verb", "pair"); "" for a given pair
        self.cache = cache if cache is not None else {}  # per-Doc facts shared by its candidates (per token, per sentence)
        self.spans = (source, target)
        anchor = (source or target).root
        self.sent = anchor.sent
        self.path, self.trigger = self._path()

    def _path(self) -> tuple[list[tuple[Token, str]], Token]:
        """(token, direction) along the path between the arguments, and the trigger."""
        s, t = self.source, self.target
        if s is not None and t is not None:
            up, down = self.chain(s.root), self.chain(t.root)
            down_ids = {tok.i: n for n, tok in enumerate(down)}
            meet = next((n for n, tok in enumerate(up) if tok.i in down_ids), None)
            if meet is not None:
                lca = up[meet]
                path = [(tok, "^") for tok in up[1:meet]] + [(lca, "*")]
                path += [(tok, "v") for tok in reversed(down[1:down_ids[lca.i]])]
                inside = [tok for tok, _ in path if _outside(tok, self.spans)]
                if _outside(lca, self.spans):
                    return path, lca
                if inside:
                    return path, inside[0]
        one = s if s is not None else t
        path = []
        trigger = None
        for tok in self.chain(one.root)[1:]:
            if not _outside(tok, self.spans):
                continue
            path.append((tok, "^"))
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and self.ltype(tok) != "-"):
                trigger = tok
                break
        if trigger is None:
            trigger = path[-1][0] if path else one.root.head
        return path, trigger

    # -- per-token facts, cached for the Doc's other candidates ------------------------------
    def chain(self, tok: Token) -> list[Token]:
        key = ("chain", tok.i)
        if key not in self.cache:
            self.cache[key] = _chain(tok)
        return self.cache[key]

    def ltype(self, tok: Token) -> str:
        key = ("lt", tok.i)
        if key not in self.cache:
            self.cache[key] = lexicon_type(tok)
        return self.cache[key]

    def vector(self, tok: Token | None):
        if tok is None:
            return None
        key = ("vec", tok.i)
        if key not in self.cache:
            self.cache[key] = tok.vector if tok.has_vector else None
        return self.cache[key]

    def unit_vector(self, tok: Token) -> np.ndarray:
        """``_unit`` of the token's float32 vector (``vector`` not None), kept for the Doc's
        other candidates: a trigger is the trigger of several pairs.  Callers only read it."""
        key = ("unit", tok.i)
        if key not in self.cache:
            self.cache[key] = _unit(np.asarray(self.vector(tok), dtype=np.float32))
        return self.cache[key]

    # -- the pieces ------------------------------------------------------------------------
    def governor(self, span: Span | None) -> tuple[Token | None, str]:
        """The word outside the spans that governs a span, and the preposition in between."""
        if span is None:
            return None, "-"
        prep = "-"
        for tok in self.chain(span.root)[1:]:
            if not _outside(tok, self.spans):
                continue
            if tok.pos_ == "ADP" or tok.dep_ in ("prep", "agent"):
                prep = tok.lower_
                continue
            return tok, prep
        return None, prep

    def object_of(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ in _OBJ_DEPS and _outside(c, self.spans):
                return c
        for c in tok.children:  # "launched an attack on": the object behind a preposition
            if c.dep_ in ("prep", "agent"):
                for g in c.children:
                    if g.dep_ == "pobj" and _outside(g, self.spans):
                        return g
        return None

    def context_tokens(self) -> list[Token]:
        return [tok for tok in self.sent if _outside(tok, self.spans) and tok.is_alpha and not tok.is_stop]


# ---------------------------------------------------------------- the three groups


def ngrams(cand: Candidate) -> list[str]:
    """Lowercased word unigrams and bigrams of the sentence, arguments as SRC/TGT."""
    words: list[str] = []
    for tok in cand.sent:
        if cand.source is not None and cand.source.start <= tok.i < cand.source.end:
            word = SRC
        elif cand.target is not None and cand.target.start <= tok.i < cand.target.end:
            word = TGT
        elif tok.is_punct or tok.is_space:
            continue
        else:
            word = tok.lower_
        if words and word in (SRC, TGT) and words[-1] == word:
            continue
        words.append(word)
    grams = [f"w:{w}" for w in words]
    grams += [f"b:{a} {b}" for a, b in zip(words, words[1:])]
    return grams


def _modality(tok: Token) -> list[str]:
    out = []
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in NEGATORS:
            out.append("neg")
        elif c.dep_ == "aux" and c.lower_ in MODALS:
            out.append(f"mod={c.lower_}")
    return out


def parse_features(cand: Candidate) -> list[str]:
    """Binary parse features of a candidate (strings)."""
    trig = cand.trigger
    lemma, ltype = trig.lemma_.lower(), cand.ltype(trig)
    f = [f"t={lemma}", f"tpos={trig.pos_}", f"tl={ltype}", f"tdep={trig.dep_}"]
    if cand.origin:
        f.append(f"origin={cand.origin}")
    f.append("nosrc" if cand.source is None else f"sdep={cand.source.root.dep_}")
    f.append("notgt" if cand.target is None else f"tgdep={cand.target.root.dep_}")
    deps = []
    for tok, way in cand.path:
        deps.append(f"{way}{tok.dep_}")
        if tok.i != trig.i and _outside(tok, cand.spans) and tok.pos_ in _EVENT_POS:
            f += [f"p={tok.lemma_.lower()}", f"pl={cand.ltype(tok)}"]
    f += [f"path={' '.join(deps)}", f"pathlen={min(len(deps), 6)}"]
    if deps:
        f.append(f"pathends={deps[0]}|{deps[-1]}")
    for name, span in (("s", cand.source), ("g", cand.target)):
        gov, prep = cand.governor(span)
        if gov is not None:
            f += [f"{name}gov={gov.lemma_.lower()}", f"{name}govl={cand.ltype(gov)}", f"{name}prep={prep}"]
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in trig.children):
        f.append("passive")
    f += _modality(trig)
    if trig.dep_ in ("xcomp", "ccomp", "advcl") and trig.head.i != trig.i:
        head = trig.head
        f += [f"xgov={head.lemma_.lower()}", f"xgovl={cand.ltype(head)}", f"xdep={trig.dep_}"]
        f += [f"x{m}" for m in _modality(head)]
    for c in trig.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            f += [f"xc={c.lemma_.lower()}", f"xcl={cand.ltype(c)}"]
    obj = cand.object_of(trig)
    if obj is not None:
        f += [f"obj={obj.lemma_.lower()}", f"objl={cand.ltype(obj)}", f"tobj={lemma}|{obj.lemma_.lower()}"]
    f.append(f"tl_obj={ltype}|{cand.ltype(obj) if obj is not None else '-'}")
    return f


def lexicon_votes(cand: Candidate) -> tuple[str, frozenset[str]]:
    """The lexicon's say on a candidate: the trigger's type, and the types of the words near it
    (the path, the trigger's complement verbs and object, the words governing the arguments);
    "-" where a word has none."""
    trig = cand.trigger
    near = [tok for tok, _ in cand.path if tok.i != trig.i and _outside(tok, cand.spans)]
    near += [c for c in trig.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
    obj = cand.object_of(trig)
    near += [obj] if obj is not None else []
    near += [g for g, _ in (cand.governor(cand.source), cand.governor(cand.target)) if g is not None and g.i != trig.i]
    return cand.ltype(trig), frozenset(t for t in map(cand.ltype, near) if t != "-")


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _context_mean(cand: Candidate) -> np.ndarray | None:
    """The mean vector of the sentence's content words outside the arguments: the sentence's
    sum (computed once per sentence and cached) less the arguments' words."""
    key = ("sentvec", cand.sent.start)
    if key not in cand.cache:
        vecs = {t.i: v for t in cand.sent if t.is_alpha and not t.is_stop and (v := cand.vector(t)) is not None}
        cand.cache[key] = (np.sum(list(vecs.values()), axis=0, dtype=np.float64) if vecs else None, vecs)
    total, vecs = cand.cache[key]
    if total is None:
        return None
    inside = [i for span in cand.spans if span is not None for i in range(span.start, span.end) if i in vecs]
    n = len(vecs) - len(inside)
    if n <= 0:
        return None
    return ((total - sum((vecs[i] for i in inside), np.zeros_like(total))) / n).astype(np.float32)


def vectors(cand: Candidate, width: int) -> np.ndarray:
    """The slots of ``VECTOR_SLOTS``, each of unit length (zeros where a slot is empty or the
    model has no vectors), concatenated into one float32 row."""
    out = np.zeros(len(VECTOR_SLOTS) * width, dtype=np.float32)
    if width == 0:
        return out
    trig = cand.trigger
    obj = cand.object_of(trig)
    gov, _ = cand.governor(cand.target)
    slots = [
        cand.vector(trig),
        cand.vector(obj),
        cand.vector(gov),
        _context_mean(cand),
    ]
    for n, (tok, v) in enumerate(zip((trig, obj, gov, None), slots)):
        if v is not None and v.shape[0] == width:
            out[n * width:(n + 1) * width] = _unit(np.asarray(v, dtype=np.float32)) if tok is None else cand.unit_vector(tok)
    return out


def vector_width(doc: Doc) -> int:
    vecs = doc.vocab.vectors
    return int(vecs.shape[1]) if vecs is not None and vecs.shape[0] > 0 else 0
