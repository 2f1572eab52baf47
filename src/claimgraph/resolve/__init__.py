"""Actors across documents: the gazetteer, the resolver (ids), and names (canonical names,
titles, which stored actor a typed name means)."""
from ..resources import Gazetteer, default_gazetteer, load_gazetteer
from .names import actors_by_norm, find_actor, place_over_demonym, renames, strip_title
from .resolver import ActorIndex, MemoryIndex, Resolver, doc_scoped_id, is_doc_scoped

__all__ = ["ActorIndex", "Gazetteer", "MemoryIndex", "Resolver", "actors_by_norm", "default_gazetteer", "doc_scoped_id",
           "find_actor", "is_doc_scoped", "load_gazetteer", "place_over_demonym", "renames", "strip_title"]
