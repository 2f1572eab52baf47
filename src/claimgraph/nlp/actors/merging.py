"""Grouping candidates into actors: a union-find in which two gazetteer entries never meet.

Mentions join when they resolve to the same gazetteer entry or have the same normalised text,
when a definition links them, when one is a propagated copy of the other, and through the
rules below (surnames, organisation heads, demonyms, acronyms).
"""
from __future__ import annotations

from spacy.tokens import Doc

from ...textutil import initials, norm_name
from .candidates import Cand
from .definitions import ACRONYM, Links
from .words import ActorWords

HONORIFICS = {"mr", "mrs", "ms", "dr"}


class Groups:
    """Union-find over candidate indexes; the gazetteer id of each group is kept at its root."""

    def __init__(self, cands: list[Cand]):
        self.parent = list(range(len(cands)))
        self.gaz_at = {i: c.gaz for i, c in enumerate(cands) if c.gaz}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            ga, gb = self.gaz_at.get(ra), self.gaz_at.get(rb)
            if ga and gb and ga != gb:
                return
            self.parent[rb] = ra
            if gb and not ga:
                self.gaz_at[ra] = gb

    def members(self) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            groups.setdefault(self.find(i), []).append(i)
        return list(groups.values())


def group(doc: Doc, cands: list[Cand], links: Links, words: ActorWords) -> list[list[int]]:
    """The candidate indexes of each actor."""
    g = Groups(cands)
    by_key: dict[str, int] = {}
    for i, c in enumerate(cands):
        k = f"g:{c.gaz}" if c.gaz else f"t:{norm_name(doc[c.start:c.end].text)}"
        if k in by_key:
            g.union(by_key[k], i)
        else:
            by_key[k] = i
    for a, b in links:
        g.union(a, b)
    index_of = {id(c): i for i, c in enumerate(cands)}
    for i, c in enumerate(cands):
        if c.anchor is not None and id(c.anchor) in index_of:
            g.union(index_of[id(c.anchor)], i)
    _surnames(doc, cands, g, words)
    _org_heads(doc, cands, g)
    _demonyms(doc, cands, g, words)
    _longer_places(doc, cands, g, words)
    _acronyms(doc, cands, g)
    return g.members()


def titled(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS


def _surnames(doc: Doc, cands: list[Cand], g: Groups, words: ActorWords) -> None:
    """"Mr. Netanyahu" and "Al-Menei" join "Benjamin Netanyahu" and "Shadi al-Menei": a
    name that equals the surname (the last word, or everything after the first name) of
    exactly one full name in the document."""
    full: dict[str, set[int]] = {}
    for i, c in enumerate(cands):
        names = norm_name(doc[c.start:c.end].text).split()
        if c.label in ("PERSON", "GAZ") and len(names) >= 2 and (c.label == "PERSON" or _is_person_gaz(c, words)):
            for key in {names[-1], " ".join(names[1:])}:
                full.setdefault(key, set()).add(g.find(i))
    for i, c in enumerate(cands):
        names = norm_name(doc[c.start:c.end].text).split()
        key = " ".join(names)
        if not names or c.gaz or key not in full:
            continue
        roots = {g.find(x) for x in full[key]} - {g.find(i)}
        short = len(names) == 1 or all(len(w) <= 3 for w in names[:-1])  # "al menei", "bin laden"
        if short and len(roots) == 1 and (c.label in ("PERSON", "ORG", "GPE", "NORP") or titled(doc, c.start)):
            g.union(roots.pop(), i)


def _is_person_gaz(c: Cand, words: ActorWords) -> bool:
    e = words.gaz.entries.get(c.gaz or "")
    return bool(e and e.type == "PERSON")


def _org_heads(doc: Doc, cands: list[Cand], g: Groups) -> None:
    """"the Front" after "the Free Meridian Front": a capitalised single word that ends
    exactly one longer organisation name in the document is that organisation."""
    heads: dict[str, set[int]] = {}
    for i, c in enumerate(cands):
        alpha = [t for t in doc[c.start:c.end] if t.is_alpha]
        if len(alpha) >= 2 and c.label in ("ORG", "GPE", "GAZ") and alpha[-1].text[:1].isupper():
            heads.setdefault(alpha[-1].lower_, set()).add(g.find(i))
            of = [k for k, t in enumerate(alpha) if t.lower_ == "of"]
            if of and of[0] >= 1:  # "the Kingdom" for "Kingdom of Dastan"
                heads.setdefault(alpha[of[0] - 1].lower_, set()).add(g.find(i))
    for i, c in enumerate(cands):
        if c.end - c.start == 1 and not c.gaz and c.label in ("ORG", "NORP", "GPE", "PERSON") and c.start > 0 and doc[c.start - 1].lower_ == "the":
            roots = {g.find(x) for x in heads.get(doc[c.start].lower_, set())}
            if len(roots) == 1:
                g.union(roots.pop(), i)


def _demonyms(doc: Doc, cands: list[Cand], g: Groups, words: ActorWords) -> None:
    """"Varosian" and "Varosia" in one document: the demonym joins the place, which is
    then a GPE whatever NER called it."""
    endings = words.demonym_endings
    singles: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        if c.end - c.start == 1 and not c.gaz and c.kind == "name":
            singles.setdefault(doc[c.start].lower_, []).append(i)
    # the first word of a longer place name counts too ("Carrowan" and "the Carrow Isles")
    firsts: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        text = doc[c.start : c.end].text
        if c.end - c.start > 1 and not c.gaz and c.kind == "name" and c.label in ("GPE", "LOC") and not text.isupper() \
                and doc[c.end - 1].lower_ not in ("city", "town"):  # "Veltria City" is a city, not the state of the Veltrians
            firsts.setdefault(doc[c.start].lower_, []).append(i)
    for word, idx in singles.items():
        if not word.endswith(endings):
            continue
        for suf in sorted(endings, key=len, reverse=True):
            stem = word[: -len(suf)] if word.endswith(suf) else None
            if not stem or len(stem) < 4:
                continue
            places = [w for w in singles if w != word and w.startswith(stem) and len(w) - len(stem) <= 2 and not w.endswith(("ian", "ians", "ese"))]
            if not places:  # "Vellish" and "Vellmark", "Sundrese" and "Sundra": a longer stem shared with one place
                near = {w for w in (*singles, *firsts) if w != word and len(w) >= 4 and not w.endswith(endings)
                        and _shared_prefix(w, word) >= max(4, len(stem) - 1)}
                places = sorted(near) if len(near) == 1 else []
            if len(places) == 1:
                target = (singles.get(places[0]) or firsts[places[0]])[0]
                for i in idx:
                    g.union(target, i)
                    cands[i].label = "NORP"  # the demonym names the people: the place keeps its own name
                for i in singles.get(places[0], []):
                    cands[i].label = "GPE"
                break


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _longer_places(doc: Doc, cands: list[Cand], g: Groups, words: ActorWords) -> None:
    """"Gaza" and "Gaza Strip", "Sundra" and "the Republic of Sundra" in one document are one
    place (``clusters.geo_stem``)."""
    from .clusters import geo_stem

    by_text: dict[str, int] = {}
    for i, c in enumerate(cands):
        if c.kind == "name":
            by_text.setdefault(norm_name(doc[c.start:c.end].text), i)
    for i, c in enumerate(cands):
        if c.kind != "name" or c.label not in ("GPE", "LOC", "GAZ", "ORG"):
            continue
        stem = geo_stem(doc[c.start:c.end].text, words)
        j = by_text.get(norm_name(stem)) if stem else None
        if j is not None and j != i:
            g.union(j, i)


def _acronyms(doc: Doc, cands: list[Cand], g: Groups) -> None:
    longs: dict[str, set[int]] = {}
    for i, c in enumerate(cands):
        alpha = [t.text for t in doc[c.start:c.end] if t.is_alpha]
        if len(alpha) >= 2 and c.label in ("ORG", "GAZ"):
            longs.setdefault(initials(alpha).upper(), set()).add(g.find(i))
    for i, c in enumerate(cands):
        text = doc[c.start:c.end].text
        if c.end - c.start == 1 and ACRONYM.match(text) and not c.gaz:
            roots = longs.get(text.replace(".", ""), set())
            if len(roots) == 1:
                g.union(roots.pop(), i)
