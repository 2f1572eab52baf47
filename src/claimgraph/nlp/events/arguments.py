"""Who acts on whom: the source and target actors of a trigger, from the dependency parse.

For a verb the source is its subject (shared through coordination, ``xcomp`` and relative
clauses), the target its object or a prepositional object; passives swap them ("was killed
by").  A noun takes its source from a possessive or modifier ("a Hamas attack") or from the verb
that governs it ("launched an attack on"), and its target from "of/on/against/with/to".
"""
from __future__ import annotations

from spacy.tokens import Token

from ...resources import Trigger
from .words import EventWords

Owner = list  # token index -> actor key or None (``token_actor_map``)

_COOP_NOUN_SOURCE_OF = {"SUPPORT", "AID", "COOPERATE"}  # "the support of Iran": of = source


def pobj_of(prep: Token | None) -> Token | None:
    return next((p for p in prep.children if p.dep_ == "pobj"), None) if prep is not None else None


class Arguments:
    def __init__(self, words: EventWords):
        self.w = words

    def actors_of(self, tok: Token | None, owner: Owner, depth: int = 0) -> list[str]:
        """The actors a noun phrase headed by ``tok`` refers to (with its conjuncts)."""
        if tok is None:
            return []
        found: list[str] = []
        key = owner[tok.i]
        if key is None and tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            group_head = tok.lemma_.lower() in self.w.group_heads
            for c in tok.children:
                if group_head and c.dep_ == "amod":
                    continue  # "the Palestinian militant group" is not Palestine
                if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and owner[c.i]:
                    key = owner[c.i]
                    break
            if key is None:
                for c in tok.children:  # "supporters of ISIS", "members of Hamas"
                    if c.dep_ == "prep" and c.lower_ == "of":
                        p = pobj_of(c)
                        if p is not None and depth < 3:
                            inner = self.actors_of(p, owner, depth + 1)
                            key = inner[0] if inner else None
        if key:
            found.append(key)
        if depth < 4:
            for c in tok.children:
                if c.dep_ == "conj":
                    found += self.actors_of(c, owner, depth + 1)
        return list(dict.fromkeys(found))

    def subjects(self, tok: Token, owner: Owner, depth: int = 0) -> list[str]:
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                return self.actors_of(c, owner)
        for c in tok.children:
            if c.dep_ == "agent":
                return self.actors_of(pobj_of(c), owner)
        if depth > 3:
            return []
        head = tok.head
        if tok.dep_ in ("xcomp", "conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            if tok.dep_ == "xcomp" and head.lemma_.lower() in ("accuse", "charge", "blame"):
                return self._objects_of_accuse(head, owner)
            return self.subjects(head, owner, depth + 1)
        if tok.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
            return self.actors_of(head, owner)
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            gov = head.head
            if gov.lemma_.lower() in ("accuse", "charge", "blame", "suspect"):
                return self._objects_of_accuse(gov, owner)
            if gov.pos_ in ("VERB", "AUX"):
                return self.subjects(gov, owner, depth + 1)
        return []

    def _objects_of_accuse(self, verb: Token, owner: Owner) -> list[str]:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                return self.actors_of(c, owner)
        return []

    def of_verb(self, tok: Token, trig: Trigger, owner: Owner) -> tuple[list[str], list[str]]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            targets = next((self.actors_of(c, owner) for c in tok.children if c.dep_ == "nsubjpass"), [])
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            sources = self.actors_of(pobj_of(agent), owner) if agent is not None else []
        else:
            sources = self.subjects(tok, owner)
            targets = []
            for c in tok.children:
                if c.dep_ in ("dobj", "dative", "attr", "oprd"):
                    targets += self.actors_of(c, owner)
            if not targets:
                targets = self._prepositional_targets(tok, owner)
        if tok.lemma_.lower() == "receive" or "reverse" in trig.flags:
            giver = []
            holders = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
            holders += [g for h in holders[1:] for g in h.children if g.dep_ == "conj"]
            for h in holders:
                for c in h.children:
                    if c.dep_ == "prep" and c.lower_ == "from" and not giver:
                        giver = self.actors_of(pobj_of(c), owner)
            return giver, sources
        return sources, [t for t in targets if t not in sources]

    def _prepositional_targets(self, tok: Token, owner: Owner) -> list[str]:
        targets: list[str] = []
        # "supplied weapons to X": the preposition may hang on the verb or its object
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        # "called for sanctions against X": one more step, through a prepositional noun
        objs += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
        for holder in [tok, *objs]:
            for c in holder.children:
                if c.dep_ in ("prep", "prt") and c.lower_ in self.w.target_preps and not (holder is not tok and c.lower_ == "from"):
                    targets += self.actors_of(pobj_of(c), owner)
                    if targets:
                        return targets
        return targets

    def of_noun(self, tok: Token, trig: Trigger, owner: Owner) -> tuple[list[str], list[str]]:
        sources: list[str] = []
        targets: list[str] = []
        of_is_source = trig.type in _COOP_NOUN_SOURCE_OF
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and owner[c.i] and c.i < tok.i:
                sources += self.actors_of(c, owner) if c.dep_ != "amod" else [owner[c.i]]
            elif c.dep_ == "prep":
                pobj = pobj_of(c)
                prep = c.lower_
                if prep == "by":
                    sources += self.actors_of(pobj, owner)
                elif prep == "between" and pobj is not None:
                    both = self.actors_of(pobj, owner)
                    if len(both) >= 2:
                        sources, targets = [both[0]], [both[1]]
                elif prep == "of" and of_is_source:
                    sources += self.actors_of(pobj, owner)
                elif prep in self.w.noun_target_preps:
                    targets += self.actors_of(pobj, owner)
        if not sources:
            sources = self._governing_subject(tok, owner)
        if trig.type == "AFFILIATE" and not targets:
            targets = [owner[c.i] for c in tok.children if c.dep_ in ("compound", "poss", "nmod") and owner[c.i]]
            sources = [s for s in sources if s not in targets]
        return list(dict.fromkeys(sources)), [t for t in dict.fromkeys(targets) if t not in sources]

    def _governing_subject(self, tok: Token, owner: Owner) -> list[str]:
        """"launched an attack on X", "took responsibility for the assassination of X"."""
        node = tok
        for _ in range(4):
            if node.dep_ in ("dobj", "attr", "nsubjpass") and node.head.pos_ in ("VERB", "AUX"):
                verb = node.head
                if verb.lemma_.lower() in self.w.light_verbs or node.dep_ == "dobj":
                    return self.subjects(verb, owner)
                return []
            if node.dep_ == "pobj" and node.head.dep_ == "prep":
                node = node.head.head
                continue
            if node.dep_ in ("conj", "appos"):
                node = node.head
                continue
            break
        return []

    def affiliate_source(self, tok: Token, owner: Owner) -> list[str]:
        # "Izz ad-Din al-Qassam, the military wing of Hamas": the wing is an apposition
        if tok.dep_ == "appos" and owner[tok.head.i]:
            return [owner[tok.head.i]]
        if tok.dep_ == "attr" and tok.head.lemma_ == "be":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            return self.actors_of(subj, owner)
        for c in tok.children:
            if c.dep_ == "appos" and owner[c.i]:
                return [owner[c.i]]
        return []
