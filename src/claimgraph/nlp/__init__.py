"""The spaCy pipeline: one module per stage, Doc -> Doc (see ``components`` for the factories)."""
from .pipeline import build_pipeline, extract_doc, extract_many, get_pipeline

__all__ = ["build_pipeline", "extract_doc", "extract_many", "get_pipeline"]
