"""The spaCy pipeline: one module per stage, Doc -> Doc (see ``components`` for the factories).

Importing ``claimgraph.nlp`` registers the claimgraph factories with spaCy, so that
``spacy.load`` finds them in a saved pipeline.
"""
from __future__ import annotations

from . import components  # noqa: F401  (registers the factories)
from .pipeline import build_pipeline, extract_doc, extract_many, get_pipeline

__all__ = ["build_pipeline", "extract_doc", "extract_many", "get_pipeline"]
