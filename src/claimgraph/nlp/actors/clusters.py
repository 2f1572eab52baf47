"""The record of each actor: its name and type, its titles and gender, and whom it speaks for."""
from __future__ import annotations

from spacy.tokens import Doc

from ...textutil import norm_name
from ..extensions import Cluster, Mention
from .candidates import NER_TYPES, Cand
from .definitions import ACRONYM
from .merging import titled
from .words import ActorWords

_TYPE_ORDER = ("PERSON", "ORG", "GPE", "NORP", "LOC")


def make_cluster(doc: Doc, members: list[Cand], words: ActorWords) -> Cluster:
    gid = next((c.gaz for c in members if c.gaz), None)
    names = [c for c in members if c.kind != "nominal"]
    labels = [c.label for c in names if c.label in NER_TYPES]
    if gid:
        entry = words.gaz.entries[gid]
        name, typ = entry.name, entry.type
    else:
        multi = [c.label for c in names if c.label in NER_TYPES and c.end - c.start > 1]
        votes = multi or labels
        typ = max(sorted(set(votes), key=_TYPE_ORDER.index), key=votes.count) if votes else "ORG"
        typ = NER_TYPES.get(typ, "OTHER")
        if typ in ("PERSON", "ORG", "GPE") and all(c.end - c.start == 1 for c in names) and names:
            typ = _repair_type(doc, names, typ, words)
        if "GPE" in labels and typ == "NORP":
            typ = "GPE"  # a place with its demonym
        name = _best_name(doc, names or members, typ)
        parts = name.split()
        if typ in ("ORG", "PERSON") and len(parts) >= 2 and parts[0].lower() in words.place_prefixes and not name.isupper():
            typ = "GPE"  # "Khan Yunis", "Jebel Moya", "Port Sudan": a place NER took for a name
    key = f"g:{gid}" if gid else f"t:{norm_name(name)}"
    cl = Cluster(key=key, name=name, type=typ, gaz_id=gid)
    for c in members:
        if c.kind != "nominal":
            cl.add_alias(doc[c.start:c.end].text)
    if typ in ("GPE", "LOC", "ORG") and (stem := geo_stem(name, words)) is not None:
        cl.add_alias(stem)  # "Gaza Strip" is also "Gaza": resolution joins them across documents
    return cl


def geo_stem(name: str, words: ActorWords) -> str | None:
    """"Gaza" for "Gaza Strip", "Sundra" for "Republic of Sundra" or "Sundra Republic": the place a
    longer form names, unless the gazetteer gives the longer form an entry of its own or the stem
    is something else in it."""
    parts = name.split()
    if len(parts) < 2:
        return None
    low = [p.lower() for p in parts]
    if low[-1] in words.geo_heads or low[-1] in words.state_forms:
        stem = " ".join(parts[:-1])  # "Gaza Strip", "Myrrhen Federation"
    elif len(parts) >= 3 and low[0] in words.state_forms and low[1] == "of":
        stem = " ".join(parts[2:])  # "Republic of Sundra"
    else:
        return None
    if stem.lower().startswith("the "):
        stem = stem[4:]
    long_id, stem_id = words.gaz.lookup(name), words.gaz.lookup(stem)
    if long_id and long_id != stem_id:
        return None
    if stem_id and words.gaz.entries[stem_id].type not in ("GPE", "LOC"):
        return None
    return stem


def _best_name(doc: Doc, names: list[Cand], typ: str) -> str:
    pool = [c for c in names if c.kind != "former"] or names
    if typ == "GPE":
        pool = [c for c in pool if c.label != "NORP"] or pool
    texts = [doc[c.start:c.end].text for c in pool]
    non_acr = [t for t in texts if not ACRONYM.match(t)] or texts
    if typ == "PERSON":
        return max(non_acr, key=lambda t: (len(t.split()), len(t)))
    # the form the text uses most, first seen on a tie
    return max(non_acr, key=lambda t: (len(t.split()) > 1, non_acr.count(t), -non_acr.index(t)))


def _repair_type(doc: Doc, names: list[Cand], typ: str, words: ActorWords) -> str:
    """NER guesses types of unfamiliar single names badly ("Dastani" as a person).  Use
    how the text uses the word: a demonym modifying a noun is NORP; a word after "in",
    "from", ... or owning a "government"/"army" is a place."""
    if any(titled(doc, c.start) or (c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in words.titles) for c in names):
        return typ
    place = demonym = 0
    for c in names:
        tok = doc[c.start]
        if tok.dep_ in ("amod", "compound") and tok.lower_.endswith(words.demonym_endings) and tok.head.pos_ == "NOUN":
            demonym += 1
        if tok.dep_ == "pobj" and tok.head.lower_ in words.place_preps:
            place += 1
        if tok.dep_ in ("poss", "compound") and tok.head.lower_ in words.state_nouns:
            place += 1
    if demonym and demonym >= place:
        return "NORP"
    if place and typ == "PERSON":
        return "GPE"
    return typ


def affiliations(doc: Doc, mentions: list[Mention], clusters: dict[str, Cluster], words: ActorWords) -> None:
    """Whom a person speaks for: the gazetteer's affiliation, or the state or group named
    in front of the title ("Israeli Prime Minister X", "Varosia's Defense Minister X")."""
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    for cl in clusters.values():
        if cl.type != "PERSON":
            continue
        entry = words.gaz.entries.get(cl.gaz_id or "")
        if entry is not None:
            cl.affiliations.update(f"g:{a}" for a in entry.affiliation)
    for m in mentions:
        cl = clusters.get(m.key)
        if cl is None or cl.type != "PERSON":
            continue
        j = m.start - 1
        while j >= 0 and j >= m.start - 6 and (doc[j].lower_.rstrip(".") in words.titles or doc[j].lower_ in words.title_modifiers or doc[j].tag_ == "POS" or j in at):
            other = at.get(j)
            if other is not None and other.key != m.key and clusters[other.key].type in ("GPE", "NORP", "ORG"):
                cl.affiliations.add(other.key)
            j -= 1


def note_title(doc: Doc, c: Cand, cl: Cluster, words: ActorWords) -> None:
    """The titles before a person's name ("Foreign Minister"), and a gender from "Mr."/"Ms."."""
    if cl.type != "PERSON":
        return
    j = c.start - 1
    found: list[str] = []
    while j >= 0 and j >= c.start - 4 and (words.is_title(doc[j].lower_) or doc[j].lower_ in words.title_words):
        found.insert(0, doc[j].lower_)
        j -= 1
    if found:
        cl.titles.update(w.rstrip(".") for w in found if w not in ("of",))
        first = found[0].rstrip(".")
        if first == "mr":
            cl.gender = "m"
        elif first in ("ms", "mrs", "miss"):
            cl.gender = "f"
