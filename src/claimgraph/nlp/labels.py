"""Descriptive labels that a text attaches to an actor.

Patterns (all from the dependency parse, head nouns from ``data/descriptors.txt``):
- apposition: "Hamas, a Palestinian militant group," -> "palestinian militant group";
- modifier before a name: "the Iran-backed terrorist group Hamas" -> "iran-backed terrorist group";
- the name as a modifier of a descriptor: "the ISIS terrorist group" -> "terrorist group";
- copula: "Hamas is a genocidal terrorist organization" -> "genocidal terrorist organization".

Each label keeps its character offset: ``Cluster.labels`` holds (label, offset) pairs, and the
store links the offset to the sentence and outlet.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..resources import Resources
from .actors import token_actor_map
from .extensions import Cluster
from .stage import DataStage

_MAX_WORDS = 6
_SKIP_DEPS = {"det", "punct", "poss", "case", "predet", "nummod", "prep", "relcl", "acl", "cc", "conj", "appos"}


class LabelFinder(DataStage):
    """Reads ``cg_mentions`` and ``cg_clusters``; adds labels to clusters."""

    FILES = ("descriptors.txt",)

    def load(self, resources: Resources) -> None:
        self.descriptors = resources.word_set("descriptors.txt")

    def __call__(self, doc: Doc) -> Doc:
        return find_labels(doc, self.descriptors)


def find_labels(doc: Doc, descriptors: frozenset[str]) -> Doc:
    clusters: dict[str, Cluster] = doc._.cg_clusters or {}
    if not clusters:
        return doc
    owner = token_actor_map(doc)
    seen: set[tuple[str, int]] = set()

    def add(key: str | None, head: Token) -> None:
        if key is None or key not in clusters:
            return
        if head.lemma_.lower() not in descriptors and head.lower_ not in descriptors:
            return
        words = _phrase(head, owner, key)
        if not words:
            return
        label = " ".join(words).lower().replace(" - ", "-")
        if (key, head.i) in seen or len(label) < 3:
            return
        seen.add((key, head.i))
        clusters[key].labels.append((label, head.idx))

    for tok in doc:
        key = owner[tok.i]
        if key is None:
            continue
        # the name's own modifiers: "the terrorist group Hamas" (group is compound of Hamas)
        if tok.dep_ in ("compound", "amod") and owner[tok.head.i] is None and tok.head.pos_ == "NOUN" \
                and tok.head.tag_ != "NNS" and tok.head.lemma_.lower() not in _MEMBERS:
            add(key, tok.head)  # "the ISIS terrorist group"; not "top Hamas leaders", "the Hamas leader X"
        for child in tok.children:
            if owner[child.i] is not None:
                continue
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                add(key, child)
            elif child.dep_ in ("compound", "nmod") and child.pos_ == "NOUN" and child.i < tok.i:
                # "the Dastan-backed terrorist group FMF": every modifier left of the name
                left = [t for t in doc[tok.left_edge.i : tok.i] if t.dep_ not in ("det", "punct", "poss", "case", "predet") or t.text == "-"]
                if child.lemma_.lower() in descriptors or child.lower_ in descriptors:
                    label = " ".join(t.text for t in left).lower().replace(" - ", "-").strip(" -")
                    if label and (key, child.i) not in seen and len(label) >= 3:
                        seen.add((key, child.i))
                        clusters[key].labels.append((label, child.idx))
        # "the Iran-backed terrorist group Hamas": Hamas is appos of "group"
        if tok.dep_ == "appos" and owner[tok.head.i] is None and tok.head.pos_ == "NOUN" and tok.head.i < tok.i:
            add(key, tok.head)
        # copula: "X is a terrorist organization"
        if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            for attr in tok.head.children:
                if attr.dep_ == "attr" and attr.pos_ == "NOUN" and owner[attr.i] is None:
                    add(key, attr)
    return doc


#: heads that name someone of an actor, not the actor: "the Hamas leader", "a Dastan official"
_MEMBERS = frozenset({"leader", "chief", "head", "commander", "spokesman", "spokeswoman", "spokesperson", "official", "member",
                      "founder", "envoy", "minister", "president", "fighter", "militant", "supporter", "operative"})


def _phrase(head: Token, owner: list, key: str) -> list[str]:
    """The head noun with its left modifiers (no determiners, no other actors' names),
    plus a short "of X" complement."""
    left = [t for t in head.subtree if t.i < head.i and t.dep_ not in _SKIP_DEPS and owner[t.i] != key]
    left = [t for t in left if not (owner[t.i] and t.head.i == head.i and t.dep_ == "compound" and t.ent_type_ in ("ORG", "PERSON"))]
    words = [t.text for t in left] + [head.text]
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        tail = [t.text for t in of[0].subtree]
        if len(tail) <= 4:
            words += tail
    return words[-_MAX_WORDS:] if len(words) > _MAX_WORDS else words
