"""The claimgraph stages as registered spaCy factories.

A spaCy user can add them to any English pipeline that has a parser and NER::

    import claimgraph.nlp  # registers the factories
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels",
                 "claimgraph_time", "claimgraph_quotes", "claimgraph_events"):
        nlp.add_pipe(name)

and read ``doc._.cg_clusters``, ``cg_mentions``, ``cg_quotes``, ``cg_events``, ``cg_timexes``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..resolve.gazetteer import default_gazetteer
from .actors import ActorFinder
from .coref import resolve_coreference
from .events import EventFinder
from .extensions import register
from .labels import find_labels
from .quotes import find_quotes
from .timex import find_timexes

register()


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and bylines stay apart."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@Language.factory("claimgraph_actors", requires=["doc.ents", "token.dep"], assigns=["doc._.cg_clusters", "doc._.cg_mentions"])
def make_actors(nlp: Language, name: str):
    return ActorFinder(nlp.vocab, default_gazetteer())


@Language.component("claimgraph_coref", requires=["doc._.cg_mentions"], assigns=["doc._.cg_mentions"])
def coref(doc: Doc) -> Doc:
    return resolve_coreference(doc)


@Language.component("claimgraph_labels", requires=["doc._.cg_mentions"], assigns=["doc._.cg_clusters"])
def labels(doc: Doc) -> Doc:
    return find_labels(doc)


@Language.component("claimgraph_time", assigns=["doc._.cg_timexes"])
def time(doc: Doc) -> Doc:
    doc._.cg_timexes = find_timexes(doc.text, doc._.cg_anchor)
    return doc


@Language.component("claimgraph_quotes", requires=["doc._.cg_mentions", "token.dep"], assigns=["doc._.cg_quotes"])
def quotes(doc: Doc) -> Doc:
    return find_quotes(doc)


@Language.factory("claimgraph_events", requires=["doc._.cg_mentions", "doc._.cg_quotes"], assigns=["doc._.cg_events"])
def make_events(nlp: Language, name: str):
    return EventFinder()


STAGES = ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels", "claimgraph_time", "claimgraph_quotes", "claimgraph_events")
