"""Which token triggers which event type: the lexicon, then the nearest lexicon verb by vector."""
from __future__ import annotations

from spacy.tokens import Token

from ...resources import Trigger
from .words import EventWords

_SIMILAR_MIN = 0.62


class TriggerFinder:
    def __init__(self, words: EventWords):
        self.w = words
        self.lex = words.lex
        self._sim_cache: dict[str, list[Trigger] | None] = {}
        self._lex_vectors = None

    def __call__(self, tok: Token) -> Trigger | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma != "be"):
            options = self.lex.verbs.get(lemma)
            if not options and tok.pos_ == "VERB":
                options = self._similar_verb(tok)
                if options:
                    options = [Trigger(lemma, None, "VERB", options[0].type, like=options[0].lemma)]
            if not options:
                return None
            parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
            for t in options:
                if t.particle is None or t.particle in parts:
                    # a light verb whose object is itself a trigger noun defers to the noun
                    if lemma in self.w.light_verbs and any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.nouns for c in tok.children):
                        return None
                    return t
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ == "":
            # the surface form first: "arms" (weapons) is not the plural of "arm" (a branch)
            return self.lex.nouns.get(tok.lower_) or self.lex.nouns.get(tok.lemma_.lower())
        return None

    def _similar_verb(self, tok: Token) -> list[Trigger] | None:
        """A verb missing from the lexicon takes the type of its nearest lexicon verb in the
        model's word vectors, when they are close enough ("contribute" ~ "donate")."""
        lemma = tok.lemma_.lower()
        if lemma in self._sim_cache:
            return self._sim_cache[lemma]
        found = None
        vocab = tok.vocab
        if self._lex_vectors is None:
            import numpy as np

            keys = [k for k, ts in self.lex.verbs.items() if any(t.particle is None for t in ts) and vocab.has_vector(k)]
            if keys:  # a model without word vectors (the small one) has no fallback
                mat = np.array([vocab.get_vector(k) for k in keys], dtype="float32")
                norms = np.linalg.norm(mat, axis=1, keepdims=True)
                self._lex_vectors = (keys, mat / np.maximum(norms, 1e-6))
            else:
                self._lex_vectors = ([], None)
        keys, mat = self._lex_vectors
        if keys and vocab.has_vector(lemma) and lemma not in self.w.speech.all and lemma not in self.w.not_events:
            import numpy as np

            v = vocab.get_vector(lemma)
            n = float(np.linalg.norm(v))
            if n > 0:
                sims = mat @ (v / n)
                best = int(sims.argmax())
                if sims[best] >= _SIMILAR_MIN:
                    found = [t for t in self.lex.verbs[keys[best]] if t.particle is None]
        self._sim_cache[lemma] = found
        return found
