"""Names of stored actors: which actor a typed name means (``find_actor``), which canonical name
a stored actor keeps when a document names it differently (``renames``), and titles.

These work on any store through its protocol reads (``actor_by_id``, ``actor_by_alias``,
``actors_by_ids``, ``actors_by_norms``, ``actor_index().known``); the store decides nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import UnknownActor
from ..models import Extraction
from ..textutil import norm_name
from ..resources import Gazetteer, default_gazetteer

Row = dict[str, Any]

_TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "minister", "prime", "foreign", "defense", "defence", "secretary", "general", "gen", "col", "colonel", "commander", "sheikh", "king", "queen", "prince", "senator", "sen", "rep", "governor", "gov", "mayor", "spokesman", "spokeswoman", "the"}


def strip_title(name: str) -> str:
    """"Mr. Kallan" -> "Kallan", "Foreign Minister Idris Kallan" -> "Idris Kallan"."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def find_actor(store, name: str, gazetteer: Gazetteer | None = None) -> Row:
    """An actor by id, by a gazetteer alias of a stored actor, by its most frequent alias, or
    the same without leading titles; raises ``UnknownActor``."""
    gaz = gazetteer or default_gazetteer()
    row = store.actor_by_id(name)
    if row is None:
        n = norm_name(name)
        gid = gaz.by_alias.get(n)
        if gid:
            row = store.actor_by_id(gid)
        if row is None:
            row = store.actor_by_alias(n)
    if row is None:
        stripped = strip_title(name)
        if stripped != name:
            return find_actor(store, stripped, gaz)
        raise UnknownActor(f"no actor called {name!r} in {store.path}; `claimgraph actors` lists them")
    return row


def actors_by_norm(store, norms: Iterable[str], gazetteer: Gazetteer | None = None) -> dict[str, Row]:
    """norm -> the stored actor (id, name, type) it names: a gazetteer alias first, else the
    actor that alias belongs to most often, else the actor with that id."""
    norms = [n for n in dict.fromkeys(norms) if n]
    if not norms:
        return {}
    gaz = gazetteer or default_gazetteer()
    gids = {n: gaz.by_alias[n] for n in norms if n in gaz.by_alias}
    found = store.actors_by_ids(set(gids.values())) if gids else {}
    out = store.actors_by_norms(norms)
    out.update({n: found[g] for n, g in gids.items() if g in found})
    return out


def renames(extraction: Extraction, index) -> dict[str, str]:
    """Stored actor id -> the name it takes after this (resolved) extraction: a fuller form of
    the name ("Yoav Mordechai" after "Mordechai"), or a place after its demonym ("Varosia"
    after "Varosian"), of the same type.  Gazetteer actors keep the gazetteer's name."""
    out: dict[str, str] = {}
    for a in extraction.actors:
        if a.gaz_id:
            continue
        known = index.known(a.id)
        if known is None:
            continue
        name, typ = known
        if a.name != name and a.type == typ and (set(norm_name(name).split()) < set(norm_name(a.name).split())
                                                 or place_over_demonym(name, a.name, a.type)):
            out[a.id] = a.name
    return out


def place_over_demonym(old: str, new: str, typ: str) -> bool:
    o, n = norm_name(old), norm_name(new)
    return typ == "GPE" and o.endswith(("ian", "ians", "ans", "i", "is", "ese")) and not n.endswith(("ian", "ians", "ese")) and o[:4] == n[:4] and " " not in o
