"""Actors in one document: named-entity spans plus gazetteer matches, grouped into clusters.

Within a document, mentions are joined when they
- resolve to the same gazetteer entry ("ISIS", "Islamic State", "Daesh");
- have the same normalised text;
- are defined as one another: "Free Meridian Front (FMF)", "X, also known as Y",
  "formerly known as", "calling itself";
- are a surname (often after "Mr."/"Ms.") of exactly one full name in the document;
- are an acronym whose letters are the initials of exactly one longer name.

Groups named by a common noun ("police", "Israeli forces", "protesters") are mentions too: of the
actor the text ties them to, or of a sector actor of their own (``sectors``).

Distinct actors stay distinct: "an Islamic State affiliate, known as Sinai Province" names the
affiliate, not the Islamic State, and yields an AFFILIATE relation instead of an alias.

Modules: ``words`` (the data), ``candidates`` (NER and gazetteer spans), ``definitions``
("(ACR)", "also known as"), ``merging`` (grouping mentions), ``clusters`` (names, types, titles,
affiliations), ``sectors`` (agent nouns), ``finder`` (the stage), ``mentions`` (reading the result).
"""
from .candidates import NER_TYPES
from .finder import ActorFinder
from .mentions import span_actor, token_actor_map
from .sectors import event_sectors

__all__ = ["NER_TYPES", "ActorFinder", "event_sectors", "span_actor", "token_actor_map"]
