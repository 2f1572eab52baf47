"""Actor or place: the roles stage, after the events (issue 11, item 1).

A GPE or LOC is an **actor** when it acts, speaks, is acted on or is the subject of a claim: when
it is the source, target, speaker or channel of an event or a quote of the document (or an
actor's affiliation: "Dastan's army").  One that only locates something ("talks in Lenhaven",
the dateline "PORT ELLAN —") is a **place**: its cluster's ``kind`` becomes ``"place"``, so actor
lists and the graph leave it out while search and event locations keep it.  A name NER took for an
organisation or a person that takes part in nothing and is only ever "in", "near", "across", ...
("near Kettle Ford") is a place too (type GPE, as LOC names are).

A **capital that acts** ("Washington warned", "Cairo said") is its state's government
(``data/capitals.tsv``): its events and quotes, and its mentions outside a locative phrase, go
to the state, and ``doc._.cg_rejected`` records the fold and why; its locative mentions ("in
Cairo") stay a place.

Reads ``cg_clusters``, ``cg_mentions``, ``cg_events``, ``cg_quotes``; writes them and
``cg_rejected``.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..resources import Resources
from ..textutil import norm_name
from .actors.quality import Rejected
from .extensions import Cluster, EventSpan, Mention, QuoteSpan
from .stage import DataStage

_PLACE_TYPES = ("GPE", "LOC")
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "around", "from", "to", "into", "toward",
                       "towards", "through", "within", "between", "off", "along", "via"})


class RoleFinder(DataStage):
    FILES = ("capitals.tsv", "gazetteer.json")

    def load(self, resources: Resources) -> None:
        self.capitals: dict[str, str] = {}
        for line in resources.lines("capitals.tsv"):
            name, _, state = line.partition("\t")
            if state.strip():
                self.capitals[norm_name(name)] = state.strip()
        self.gaz = resources.gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        assign_roles(doc, self.capitals, self.gaz)
        return doc


def taking_part(doc: Doc, events: list[EventSpan], quotes: list[QuoteSpan], clusters: dict[str, Cluster], mentions: list[Mention]) -> set[str]:
    """The keys that act, speak, are acted on or relay, and those that own one of them ("Dastan's
    army attacked": Dastan) or own anything by name ("Sundra's National Assembly")."""
    keys: set[str] = set()
    for e in events:
        keys.update(k for k in (e.source, e.target, e.attributed_to, e.via) if k)
    for q in quotes:
        keys.update(k for k in (q.speaker, q.via) if k)
    for k in list(keys):
        cl = clusters.get(k)
        if cl is not None:
            keys.update(cl.affiliations)
    for m in mentions:
        if doc[m.start : m.end].root.dep_ == "poss":
            keys.add(m.key)
    return keys


def assign_roles(doc: Doc, capitals: dict[str, str], gaz) -> None:
    clusters: dict[str, Cluster] = doc._.cg_clusters or {}
    if not clusters:
        return
    mentions: list[Mention] = list(doc._.cg_mentions or [])
    events: list[EventSpan] = list(doc._.cg_events or [])
    quotes: list[QuoteSpan] = list(doc._.cg_quotes or [])
    rejected: list[Rejected] = list(doc._.cg_rejected or [])
    acting = taking_part(doc, events, quotes, clusters, mentions)
    for key, cl in list(clusters.items()):
        if cl.type not in _PLACE_TYPES or cl.kind != "actor" or key not in acting:
            continue
        state = capitals.get(norm_name(cl.name))
        entry = gaz.entries.get(state or "")
        if entry is None or cl.gaz_id == state:
            continue
        skey = f"g:{state}"
        if skey not in clusters:
            clusters[skey] = Cluster(key=skey, name=entry.name, type=entry.type, gaz_id=state, aliases=[entry.name])
        remap = {key: skey}
        events = [replace(e, source=remap.get(e.source, e.source), target=remap.get(e.target, e.target),
                          attributed_to=remap.get(e.attributed_to, e.attributed_to), via=remap.get(e.via, e.via)) for e in events]
        quotes = [replace(q, speaker=remap.get(q.speaker, q.speaker), via=remap.get(q.via, q.via)) for q in quotes]
        mentions = [m if m.key != key or _locative(doc, m) else replace(m, key=skey) for m in mentions]
        where = min((doc[m.start].idx for m in doc._.cg_mentions or () if m.key == key), default=0)
        rejected.append(Rejected(cl.name, cl.type, where, f"a capital used for its government: folded into {entry.name}"))
        if not any(m.key == key for m in mentions):
            del clusters[key]
    acting = taking_part(doc, events, quotes, clusters, mentions)
    for key, cl in clusters.items():
        if cl.kind != "actor" or key in acting:
            continue
        if cl.type in _PLACE_TYPES:
            cl.kind = "place"
        elif not cl.gaz_id and cl.type in ("ORG", "PERSON") and _only_locates(doc, mentions, key, _PLACE_PREPS if cl.type == "PERSON" else _ORG_PLACE_PREPS):
            cl.kind, cl.type = "place", "GPE"  # "near Kettle Ford", "in Oska": a place NER took for a name
    doc._.cg_clusters = clusters
    doc._.cg_mentions = mentions
    doc._.cg_events = events
    doc._.cg_quotes = quotes
    doc._.cg_rejected = rejected


def _only_locates(doc: Doc, mentions: list[Mention], key: str, preps: frozenset[str]) -> bool:
    """Every name mention of ``key`` is the object of one of ``preps``, a settlement's name or
    a dateline's place."""
    own = [m for m in mentions if m.key == key and m.kind == "name"]
    return bool(own) and all(_in_dateline(doc, m) or _settlement(doc, m)
                             or (_locative(doc, m) and doc[m.start : m.end].root.head.lower_ in preps) for m in own)


_SETTLEMENTS = frozenset({"village", "town", "city", "port", "district", "region", "province", "camp", "suburb", "neighbourhood",
                          "neighborhood", "area", "island", "valley", "county", "municipality", "capital"})


def _settlement(doc: Doc, m: Mention) -> bool:
    """"the village of Sallow Creek", "the port city of Halden": a place by what the text calls it."""
    head = doc[m.start : m.end].root
    of = head.head
    return head.dep_ in ("pobj", "appos", "compound") and (
        (of.lower_ == "of" and of.head.lemma_.lower() in _SETTLEMENTS) or of.lemma_.lower() in _SETTLEMENTS)


#: prepositions that locate what follows them, for a name NER took for a person ("belonging to X",
#: "talked to X" name a person); for one it took for an organisation "to" and "at" locate too ("fled to X")
_PLACE_PREPS = frozenset({"in", "near", "inside", "outside", "across", "throughout", "around", "towards", "toward", "into", "above", "below",
                          "beyond", "past"})
_ORG_PLACE_PREPS = _PLACE_PREPS | {"to", "at"}


def _in_dateline(doc: Doc, m: Mention) -> bool:
    """The place that opens a paragraph before a comma, a bracket or a dash ("HESTRA (Hestra Ledger) —")."""
    start = m.start
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].text.isupper():
        start -= 2  # "OSKA, Myrrhen, Sept 9": the region after the place
    first = start == 0 or doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_
    if not first or m.end >= len(doc):
        return False
    nxt = doc[m.end].text
    if nxt in ("(", "—", "–", "-", "--"):
        return True
    after = doc[m.end + 1 : m.end + 4]
    return nxt == "," and (doc[m.start : m.end].text.isupper() or any(t.ent_type_ == "DATE" or t.like_num for t in after))


def _locative(doc: Doc, m: Mention) -> bool:
    """The mention is (in) the object of a locative preposition ("in Cairo")."""
    head = doc[m.start : m.end].root
    return head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE
