"""Names defined as one another: "Long Name (ACR)", "X, also known as Y", "formerly known as".

A definition adds the defined name as a candidate and links it to the name it defines; "an
Islamic State affiliate, known as Sinai Province" instead names the affiliate, a distinct actor,
and yields an affiliation (child candidate, parent candidate, token).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .candidates import Cand
from .words import ActorWords

ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,7}$")

Links = list[tuple[int, int]]
Affiliations = list[tuple[int, int, int]]  # (child cand, parent cand, token)


class _Defined:
    """The growing candidate list with a token -> candidate index."""

    def __init__(self, doc: Doc, cands: list[Cand]):
        self.doc = doc
        self.new: list[Cand] = list(cands)
        self.at: dict[int, int] = {t: i for i, c in enumerate(cands) for t in range(c.start, c.end)}
        self.links: Links = []
        self.affiliations: Affiliations = []

    def ending_at(self, j: int) -> int | None:
        """The candidate that ends exactly at token ``j``."""
        return self.at.get(j) if self.at.get(j) is not None and self.new[self.at[j]].end == j + 1 else None

    def ending_before(self, tok: int) -> int | None:
        j = tok - 1
        while j >= 0 and (self.doc[j].is_space or self.doc[j].text in (",",)):
            j -= 1
        return self.ending_at(j) if j >= 0 else None

    def add(self, start: int, end: int, label: str, gaz: str | None, kind: str) -> int:
        self.new.append(Cand(start, end, label, gaz, kind))
        idx = len(self.new) - 1
        for t in range(start, end):
            self.at[t] = idx
        return idx


def definitions(doc: Doc, cands: list[Cand], words: ActorWords) -> tuple[list[Cand], Links, Affiliations]:
    """Acronyms in parentheses and "also known as" phrases."""
    d = _Defined(doc, cands)
    new, at, links = d.new, d.at, d.links
    n = len(doc)
    for t in range(n - 2):
        # "Long Name (ACR)"
        if doc[t].text == "(" and t + 2 < n and doc[t + 2].text == ")" and ACRONYM.match(doc[t + 1].text):
            left = d.ending_before(t)
            if left is not None and new[left].label != "PERSON" and abbreviates(doc[t + 1].text, [x.text for x in doc[new[left].start:new[left].end]]):
                acr = doc[t + 1]
                if acr.i in at:
                    links.append((left, at[acr.i]))
                else:
                    links.append((left, d.add(acr.i, acr.i + 1, new[left].label, new[left].gaz, "acronym")))
    lowers = [t.lower_ for t in doc]
    for t in range(n):
        if lowers[t] not in words.aka_first:
            continue
        for pat in words.aka:
            if tuple(lowers[t : t + len(pat)]) != pat:
                continue
            _aka(d, t, t + len(pat), words)
            break
    # later occurrences of a defined acronym
    defined = {doc[c.start].text: i for i, c in enumerate(new) if c.kind == "acronym"}
    for t in range(n):
        if doc[t].text in defined and t not in at:
            links.append((defined[doc[t].text], d.add(t, t + 1, new[defined[doc[t].text]].label, new[defined[doc[t].text]].gaz, "acronym")))
    return new, links, d.affiliations


_OPENING = frozenset({"“", '"', "‘", "«", "„"})
_CLOSING = frozenset({"”", '"', "’", "»", "“"})


def _aka(d: _Defined, k0: int, k1: int, words: ActorWords) -> None:
    doc, new, at, links = d.doc, d.new, d.at, d.links
    # left side: the noun phrase before the cue (skipping a comma)
    j = k0 - 1
    while j >= 0 and (doc[j].text in (",", ")") or doc[j].is_space):
        if doc[j].text == ")":  # "the Free Meridian Front (FMF), formerly known as ..."
            while j >= 0 and doc[j].text != "(":
                j -= 1
        j -= 1
    if j < 0:
        return
    head = doc[j]
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and head.head.i <= j + 1:
        head = head.head
    left_np = doc[head.left_edge.i : j + 1]
    left = d.ending_at(j)
    # right side: names up to the end of the phrase, split on "or" and "/"
    parts = _right_parts(doc, k1)
    rel_head = left_np.root.lower_ in words.relational_heads if len(left_np) else False
    parent_cand = None
    if rel_head:
        parent_cand = next((at[x.i] for x in left_np if x.i in at and x.i != left_np.root.i), None)
    prev_right: int | None = None
    for s, e in parts:
        mark = next((k for k in range(s, e) if doc[k].text in _OPENING), None)
        if mark is not None:  # 'calling itself Supporters of “Islamic State of Iraq and Syria”': the quoted name
            close = next((k for k in range(mark + 1, min(len(doc), mark + 14)) if doc[k].text in _CLOSING), None)
            s, e = mark + 1, close if close is not None else e
        while s < e and (doc[s].is_punct or doc[s].lower_ in ("the",)):
            s += 1
        while e > s and doc[e - 1].is_punct:
            e -= 1
        if s >= e or not any(t.text[:1].isupper() for t in doc[s:e]):
            continue
        existing = at.get(s) if at.get(s) is not None and new[at[s]].start == s else None
        former = doc[k0].lower_ in ("formerly", "previously")
        if existing is None:
            gaz = words.gaz.lookup(doc[s:e].text)
            label = new[left].label if left is not None else "ORG"
            existing = d.add(s, e, label, gaz, "former" if former else "name")
        elif former:
            new[existing].kind = "former"
        if rel_head and parent_cand is not None:
            # "an Islamic State affiliate, known as X or Y": X is the affiliate
            if prev_right is not None:
                links.append((prev_right, existing))
            else:
                d.affiliations.append((existing, parent_cand, left_np.root.i))
            prev_right = existing
            continue
        if left is not None:
            links.append((left, existing))
        elif len(left_np) and left_np.root.lower_ in words.descriptors and left_np[0].lower_ in ("the", "a", "an", "this"):
            # "the jihadist group, formerly known as ISIS": the phrase is a mention of ISIS
            links.append((existing, d.add(left_np.start, left_np.end, "NOMINAL", None, "nominal")))


def _right_parts(doc: Doc, k1: int) -> list[tuple[int, int]]:
    end = k1
    while end < len(doc) and not (doc[end].text in (",", ".", ";", ")", "—", ":") or doc[end].is_space or doc[end].lower_ in ("and", "which", "who", "that")):
        end += 1
    parts: list[tuple[int, int]] = []
    s = k1
    for t in range(k1, end + 1):
        if t == end or doc[t].lower_ in ("or", "/") or doc[t].text == "/":
            if t > s:
                parts.append((s, t))
            s = t + 1
    return parts


def abbreviates(acronym: str, words: list[str]) -> bool:
    """"FMF" for "Free Meridian Front", "ISIS" for "Islamic State of Iraq and Syria": the
    acronym's letters appear, in order, among the initials of the name's words."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    initials = [w[0].upper() for w in words if w[:1].isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(any(c == i for i in it) for c in letters)
