"""The claimgraph stages as registered spaCy factories.

A spaCy user can add them to any English pipeline that has a parser and NER::

    import claimgraph.nlp  # registers the factories
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels",
                 "claimgraph_time", "claimgraph_quotes", "claimgraph_events"):
        nlp.add_pipe(name)            # or nlp.add_pipe(name, config={"data_dirs": [...]})

and read ``doc._.cg_clusters``, ``cg_mentions``, ``cg_quotes``, ``cg_events``, ``cg_timexes``.

Every stage that holds data takes ``data_dirs`` (null: the bundled data plus the
``CLAIMGRAPH_DATA`` folders, read when the stage is built) and keeps what it read through
``nlp.to_disk`` / ``spacy.load``.  ``requires`` and ``assigns`` list every attribute a stage reads
and writes (``tests/test_nlp_components.py`` checks the ``Doc._`` ones on a real Doc).
"""
from __future__ import annotations

from typing import List, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import Resources
from .actors import ActorFinder
from .coref import Coreference
from .events import EventFinder
from .extensions import register
from .labels import LabelFinder
from .quotes import QuoteFinder
from .timex import find_timexes

register()

DATA = {"data_dirs": None}


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and bylines stay apart."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@Language.factory(
    "claimgraph_actors",
    default_config=DATA,
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos", "token.tag"],
    assigns=["doc._.cg_clusters", "doc._.cg_mentions", "doc._.cg_events"],
)
def make_actors(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> ActorFinder:
    return ActorFinder(nlp.vocab, Resources(data_dirs))


@Language.factory(
    "claimgraph_coref",
    default_config=DATA,
    requires=["doc._.cg_clusters", "doc._.cg_mentions", "doc.sents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.cg_mentions", "doc._.cg_clusters"],
)
def make_coref(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> Coreference:
    return Coreference(Resources(data_dirs))


@Language.factory(
    "claimgraph_labels",
    default_config=DATA,
    requires=["doc._.cg_clusters", "doc._.cg_mentions", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.cg_clusters"],
)
def make_labels(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> LabelFinder:
    return LabelFinder(Resources(data_dirs))


@Language.component("claimgraph_time", requires=["doc._.cg_anchor"], assigns=["doc._.cg_timexes"])
def time(doc: Doc) -> Doc:
    doc._.cg_timexes = find_timexes(doc.text, doc._.cg_anchor)
    return doc


@Language.factory(
    "claimgraph_quotes",
    default_config=DATA,
    requires=["doc._.cg_mentions", "doc.sents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.cg_quotes"],
)
def make_quotes(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> QuoteFinder:
    return QuoteFinder(Resources(data_dirs))


@Language.factory(
    "claimgraph_events",
    default_config=DATA,
    requires=["doc._.cg_mentions", "doc._.cg_clusters", "doc._.cg_quotes", "doc._.cg_events", "doc.sents", "token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc._.cg_events"],
)
def make_events(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> EventFinder:
    return EventFinder(Resources(data_dirs))


STAGES = ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels", "claimgraph_time", "claimgraph_quotes", "claimgraph_events")
