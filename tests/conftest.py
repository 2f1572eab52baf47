"""Shared fixtures.  Tests that load the real spaCy model are marked ``model``; tests that
read ``../shared`` skip cleanly when it is absent (a user's fresh clone has none)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    """The full claimgraph pipeline on the configured model (loaded once per session)."""
    from claimgraph.nlp import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is not present")
    return EVAL


def run(nlp, text: str, published: str | None = None):
    """Run the pipeline on one hand-written text and return the spaCy Doc."""
    doc = nlp.make_doc(text)
    doc._.cg_anchor = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
