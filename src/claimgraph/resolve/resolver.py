"""Cross-document actor resolution: one id for the same actor in every document.

The pipeline gives each actor a document-local key ("g:isis" for a gazetteer match, "t:<name>"
otherwise).  ``Resolver.resolve`` maps those keys to global ids, in this order:

1. a gazetteer entry (by id, or by any alias of the cluster) -> the entry's id ("isis");
2. an alias already known in the index, for an actor of a compatible type;
3. a person's lone surname ("Mordechai") -> the one known person with that surname;
4. a near-identical name of the same type (rapidfuzz, token-sort ratio >= 92) among the names
   that begin with the same three letters (spaces left out): "Abdul-Majid" = "Abdul Majid", but
   "ISIS-Sinai Province" stays apart from "ISIS";
5. otherwise a new id from the canonical name.

A sector actor that belongs to one document (local key "d:...": "protesters", "17 people") gets
an id scoped to that document, ``<slug>@<document id>`` (``doc_scoped_id``), and no other actor
ever resolves to it: the protesters of two articles are not one actor.  A sector actor tied to a
state ("Varland police") resolves like any other actor, so it meets itself across documents.

The index is an interface: ``MemoryIndex`` serves ``extract``; a store's ``actor_index()``
implements the same methods over its tables.  Every lookup is keyed, so resolving a document
costs the same in a store of a thousand documents as in one of a million: aliases by their
normalised form, persons by surname, the fuzzy step and the demonym step by the first letters
of a name (``namepools``).  ``resolve.names`` holds the rest of what names
mean: canonical names of stored actors, titles, and the lookup of a typed name.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

from rapidfuzz import fuzz, process

from ..models import Actor, Extraction, keep_events
from ..namepools import NamePools, fuzzy_key, is_doc_scoped, state_core
from ..textutil import norm_name, slug
from ..resources import Gazetteer, default_gazetteer

_COMPATIBLE = {
    "PERSON": {"PERSON"},
    "GPE": {"GPE", "NORP", "ORG"},  # NER often tags a state "ORG": an exact alias settles it
    "NORP": {"NORP", "GPE", "ORG"},
    "ORG": {"ORG", "NORP", "OTHER", "GPE"},
    "OTHER": {"ORG", "OTHER", "NORP"},
}
_FUZZY_MIN = 92
DOC_SCOPED = "d:"  # local key of an actor of one document (``nlp.actors.sectors``)
_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "n")


class ActorIndex(Protocol):
    def by_norm(self, norm: str) -> list[tuple[str, str]]: ...  # (id, type) of the actors with this alias (those of one document may be left out)
    def surname(self, norm: str) -> list[str]: ...
    def names(self, type: str) -> dict[str, str]: ...  # id -> normalised canonical name
    def near(self, type: str, key: str) -> dict[str, str]: ...  # names(type) with this namepools.fuzzy_key (OTHER: none of one document)
    def states(self, key: str) -> dict[str, str]: ...  # names("GPE") with this namepools.core_key
    def type_of(self, actor_id: str) -> str | None: ...
    def known(self, actor_id: str) -> tuple[str, str] | None: ...  # (canonical name, type)
    def remember(self, actor: Actor) -> None: ...


@dataclass
class MemoryIndex:
    aliases: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    canon: NamePools = field(default_factory=NamePools)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)  # id -> the first name it was remembered by

    def by_norm(self, norm: str) -> list[tuple[str, str]]:
        return sorted(self.aliases.get(norm, ()))

    def surname(self, norm: str) -> list[str]:
        return sorted(self.surnames.get(norm, ()))

    def names(self, type: str) -> dict[str, str]:
        return self.canon.get(type)

    def near(self, type: str, key: str) -> dict[str, str]:
        return self.canon.near(type, key)

    def states(self, key: str) -> dict[str, str]:
        return self.canon.states(key)

    def type_of(self, actor_id: str) -> str | None:
        return self.types.get(actor_id)

    def known(self, actor_id: str) -> tuple[str, str] | None:
        return (self.display[actor_id], self.types[actor_id]) if actor_id in self.display else None

    def remember(self, actor: Actor) -> None:
        self.types.setdefault(actor.id, actor.type)
        self.display.setdefault(actor.id, actor.name)
        self.canon.add(actor.type, actor.id, norm_name(actor.name))
        for a in {actor.name, *actor.aliases}:
            n = norm_name(a)
            if n:
                self.aliases.setdefault(n, set()).add((actor.id, actor.type))
        if actor.type == "PERSON":
            words = norm_name(actor.name).split()
            if len(words) >= 2:
                self.surnames.setdefault(words[-1], set()).add(actor.id)


def doc_scoped_id(name: str, doc_id: str) -> str:
    """The global id of an actor that belongs to one document: "protesters@3f2a...". """
    return f"{slug(name)}@{doc_id}"


class Resolver:
    def __init__(self, index: ActorIndex | None = None, gazetteer: Gazetteer | None = None):
        self.index = index if index is not None else MemoryIndex()
        self.gaz = gazetteer or default_gazetteer()

    def global_id(self, actor: Actor) -> str:
        if actor.id.startswith("g:"):
            return actor.id[2:]
        forms = [norm_name(a) for a in dict.fromkeys((actor.name, *actor.aliases))]
        forms = [f for f in forms if f]
        for f in forms:
            gid = self.gaz.by_alias.get(f)
            if gid and self._compatible(actor.type, self.gaz.entries[gid].type):
                return gid
        if len(norm_name(actor.name).split()) == 1 and actor.type in ("NORP", "PERSON", "ORG"):
            state = self._demonym_state(actor)  # "Dastani" -> Kingdom of Dastan
            if state:
                return state
        multi = [f for f in forms if len(f.split()) >= 2 or actor.type != "PERSON"]
        for f in multi:
            hits = [i for i, t in self.index.by_norm(f) if self._compatible(actor.type, t) and not is_doc_scoped(i)]
            if len(set(hits)) == 1:
                return hits[0]
        if actor.type == "PERSON":
            words = norm_name(actor.name).split()
            if len(words) == 1:
                hits = self.index.surname(words[0])
                if len(hits) == 1:
                    return hits[0]
                gid = self.gaz.by_surname.get(words[0])
                if gid:
                    return gid
        name = norm_name(actor.name)
        if len(name) >= 5:
            # the names that begin alike (the best of those; not the best of all, then refused
            # when it begins otherwise), never an actor of one document
            pool = self.index.near(actor.type, fuzzy_key(name))
            best = process.extractOne(name, pool, scorer=fuzz.token_sort_ratio, score_cutoff=_FUZZY_MIN) if pool else None
            if best is not None:
                return best[2]
        new = slug(actor.name)
        known = self.index.type_of(new)
        if known is not None and not self._compatible(actor.type, known):
            new = f"{new}-{actor.type.lower()}"
        return new

    def _demonym_state(self, actor: Actor) -> str | None:
        """"Varosian" -> the known state "Republic of Varosia", "Dastani" -> "Kingdom of Dastan":
        strip a demonym suffix and look for exactly one known state whose core name starts with
        the stem."""
        word = norm_name(actor.name)
        if " " in word:
            return None
        word = word[:-1] if word.endswith("s") else word
        stems = {word[: -len(suf)] for suf in _DEMONYM_SUFFIXES if word.endswith(suf) and len(word) - len(suf) >= 4}
        if not stems:
            return None
        hits = set()
        for gid, gname in self.index.states(word[:4]).items():  # every stem begins so (4 letters or more)
            core = state_core(gname)
            if any(core.startswith(st) and len(core) - len(st) <= 3 for st in stems):
                hits.add(gid)
        return hits.pop() if len(hits) == 1 else None

    @staticmethod
    def _compatible(a: str, b: str) -> bool:
        return b in _COMPATIBLE.get(a, {a})

    def resolve(self, ex: Extraction) -> Extraction:
        mapping: dict[str, str] = {}
        merged: dict[str, Actor] = {}
        # states first, so a demonym in the same document ("Dastani") can find its state
        for a in sorted(ex.actors, key=lambda a: a.type == "NORP"):
            gid = doc_scoped_id(a.name, ex.doc.id) if a.id.startswith(DOC_SCOPED) else self.global_id(a)
            mapping[a.id] = gid
            name, typ = a.name, a.type
            if gid in self.gaz.entries:
                name, typ = self.gaz.entries[gid].name, self.gaz.entries[gid].type
            if gid in merged:
                prev = merged[gid]
                merged[gid] = replace(
                    prev,
                    aliases=tuple(dict.fromkeys(prev.aliases + a.aliases)),
                    labels=tuple(dict.fromkeys(prev.labels + a.labels)),
                    mentions=tuple(sorted(set(prev.mentions + a.mentions))),
                    label_spans=tuple(prev.label_spans + a.label_spans),
                    kind="actor" if "actor" in (prev.kind, a.kind) else prev.kind,  # a named actor is not a sector
                    sector=prev.sector or a.sector,
                )
            else:
                merged[gid] = replace(a, id=gid, name=name, type=typ, gaz_id=gid if gid in self.gaz.entries else None)
            self.index.remember(merged[gid])

        def m(key: str | None) -> str | None:
            return mapping.get(key, key) if key else None

        quotes = tuple(replace(q, speaker=m(q.speaker)) for q in ex.quotes)
        events = tuple(replace(e, source=m(e.source), target=m(e.target), attributed_to=m(e.attributed_to), via=m(e.via)) for e in ex.events)
        events = keep_events(events, lambda e: not (e.source and e.source == e.target))
        return replace(ex, actors=tuple(merged.values()), quotes=quotes, events=events)
