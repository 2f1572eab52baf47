"""Actors across documents: the gazetteer and the resolver."""
from ..resources import Gazetteer, default_gazetteer, load_gazetteer
from .resolver import ActorIndex, MemoryIndex, Resolver

__all__ = ["ActorIndex", "Gazetteer", "MemoryIndex", "Resolver", "default_gazetteer", "load_gazetteer"]
