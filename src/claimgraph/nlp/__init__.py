"""The spaCy pipeline: one module per stage, Doc -> Doc (see ``components`` for the factories).

Imports are lazy so that light modules (``timex``, ``lexicon``) load without spaCy.
"""
from __future__ import annotations

__all__ = ["build_pipeline", "extract_doc", "extract_many", "get_pipeline"]


def __getattr__(name: str):
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
