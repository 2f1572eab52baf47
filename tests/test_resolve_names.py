"""``resolve.names``: titles, canonical names of stored actors, and typed-name lookup, on
hand-made records and an in-memory index (no store, no model)."""
from __future__ import annotations

import pytest

from claimgraph.errors import UnknownActor
from claimgraph.models import Actor, Document, Extraction
from claimgraph.resolve.names import find_actor, place_over_demonym, renames, strip_title
from claimgraph.resolve.resolver import MemoryIndex, Resolver


@pytest.mark.parametrize("name, bare", [("Mr. Kallan", "Kallan"), ("Foreign Minister Idris Kallan", "Idris Kallan"),
                                        ("the President", "President"), ("Kallan", "Kallan"), ("Dr", "Dr")])
def test_resolve_names_strip_title(name, bare):
    assert strip_title(name) == bare


def test_resolve_names_place_over_demonym():
    assert place_over_demonym("Varosian", "Varosia", "GPE")
    assert not place_over_demonym("Varosia", "Varosian", "GPE")
    assert not place_over_demonym("Varosian", "Varosia", "ORG")


def _ex(*actors: Actor) -> Extraction:
    return Extraction(doc=Document(text="x"), actors=actors)


def test_resolve_names_renames_only_to_a_fuller_name_of_the_same_type():
    index = MemoryIndex()
    index.remember(Actor("oshan-front", "Oshan Front", "ORG"))
    index.remember(Actor("varosian", "Varosian", "GPE"))
    got = renames(_ex(Actor("oshan-front", "United Oshan Front", "ORG"), Actor("varosian", "Varosia", "GPE"),
                      Actor("new", "New One", "ORG")), index)
    assert got == {"oshan-front": "United Oshan Front", "varosian": "Varosia"}
    assert renames(_ex(Actor("oshan-front", "Front", "ORG")), index) == {}
    assert renames(_ex(Actor("oshan-front", "United Oshan Front", "GPE")), index) == {}
    assert renames(_ex(Actor("oshan-front", "United Oshan Front", "ORG", gaz_id="oshan-front")), index) == {}


def test_resolve_names_resolver_marks_gazetteer_actors():
    ex = Resolver().resolve(_ex(Actor("g:isis", "ISIS", "ORG"), Actor("t:zora", "Zora Pellin", "PERSON")))
    assert {a.id: a.gaz_id for a in ex.actors} == {"isis": "isis", "zora-pellin": None}


class _Reads:
    """The two protocol reads ``find_actor`` uses, over a dict."""

    path = "memory"

    def __init__(self, actors: dict[str, dict], aliases: dict[str, str]):
        self.by_id, self.aliases = actors, aliases

    def actor_by_id(self, actor_id):
        return self.by_id.get(actor_id)

    def actor_by_alias(self, norm):
        return self.by_id.get(self.aliases.get(norm, ""))


def test_resolve_names_find_actor_by_id_gazetteer_alias_alias_or_without_title():
    reads = _Reads({"isis": {"id": "isis", "name": "ISIS"}, "kallan": {"id": "kallan", "name": "Idris Kallan"}},
                   {"idris kallan": "kallan", "kallan": "kallan"})
    assert find_actor(reads, "isis")["id"] == "isis"
    assert find_actor(reads, "Daesh")["id"] == "isis"  # a gazetteer alias the store never saw
    assert find_actor(reads, "Idris Kallan")["id"] == "kallan"
    assert find_actor(reads, "Foreign Minister Kallan")["id"] == "kallan"
    with pytest.raises(UnknownActor, match="memory"):
        find_actor(reads, "Minister Nobody")
