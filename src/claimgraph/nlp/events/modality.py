"""Negation and hedging of a trigger: "did not attack", "denied arming", "allegedly funded"."""
from __future__ import annotations

from spacy.tokens import Token

from .words import EventWords


def negated(tok: Token, w: EventWords) -> bool:
    node = tok
    for _ in range(3):
        for c in node.children:
            if c.dep_ == "neg" or c.lower_ in ("never", "no", "without"):
                return True
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "appos") and node.head is not node:
            node = node.head
            if node.lemma_.lower() in w.deny and node.pos_ in ("VERB", "NOUN"):
                return True
            if node.lemma_.lower() in w.speech.all:
                return False  # "X did not say that ..." negates the saying, not the content
            continue
        break
    return False


def hedged(tok: Token, w: EventWords) -> bool:
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.lower_ in w.hedges and c.dep_ in ("advmod", "aux", "amod", "auxpass", "acomp"):
                return True
        if node.lower_ in w.hedges and node is not tok:
            return True
        if node.head is node:
            break
        if node.dep_ in ("xcomp", "ccomp", "pobj", "prep", "dobj", "conj", "advcl", "pcomp"):
            node = node.head
            continue
        break
    return False
