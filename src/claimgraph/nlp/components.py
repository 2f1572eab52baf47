"""The claimgraph stages as registered spaCy factories.

A spaCy user can add them to any English pipeline that has a parser and NER::

    import claimgraph.nlp  # registers the factories
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels",
                 "claimgraph_time", "claimgraph_quotes", "claimgraph_events", "claimgraph_roles"):
        nlp.add_pipe(name)            # or nlp.add_pipe(name, config={"data_dirs": [...]})

and read ``doc._.cg_clusters``, ``cg_mentions``, ``cg_sectors``, ``cg_quotes``, ``cg_events``, ``cg_timexes``,
``cg_rejected``.

Every stage that holds data takes ``data_dirs`` (null: the bundled data plus the
``CLAIMGRAPH_DATA`` folders, read when the stage is built) and keeps what it read through
``nlp.to_disk`` / ``spacy.load``.  ``requires`` and ``assigns`` list every attribute a stage reads
and writes (``tests/test_nlp_components.py`` checks the ``Doc._`` ones on a real Doc).
"""
from __future__ import annotations

from typing import Callable, List, Optional

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import Resources
from .actors import ActorFinder
from .coref import Coreference
from .events import EventFinder
from .extensions import register
from .labels import LabelFinder
from .quotes import QuoteFinder
from .roles import RoleFinder
from .stage import DataStage
from .timex import find_timexes

register()

DATA = {"data_dirs": None}


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and bylines stay apart.

    The starts are written in one ``Doc.from_array``: spaCy's ``Token.is_sent_start`` setter
    scans the whole unparsed Doc for a parse each time, quadratic in a long article."""
    starts = [prev.i + 1 for prev in doc[:-1] if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)]
    if not starts:
        return doc
    doc[starts[0]].is_sent_start = True  # through the setter once: a parsed Doc refuses, as before
    values = doc.to_array(SENT_START)
    values[starts] = 1
    doc.from_array([SENT_START], values)
    return doc


def _data_stage(name: str, build: Callable[[Language, Resources], DataStage], requires: list[str], assigns: list[str]) -> None:
    """Register a factory whose stage reads its data from ``data_dirs``."""

    def make(nlp: Language, name: str, data_dirs: Optional[List[str]]) -> DataStage:
        return build(nlp, Resources(data_dirs))

    Language.factory(name, default_config=DATA, requires=requires, assigns=assigns, func=make)


_data_stage(
    "claimgraph_actors", lambda nlp, r: ActorFinder(nlp.vocab, r),
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos", "token.tag", "token.lemma"],
    assigns=["doc._.cg_clusters", "doc._.cg_mentions", "doc._.cg_events", "doc._.cg_sectors", "doc._.cg_rejected"],
)
_data_stage(
    "claimgraph_coref", lambda nlp, r: Coreference(r),
    requires=["doc._.cg_clusters", "doc._.cg_mentions", "doc.sents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.cg_mentions", "doc._.cg_clusters"],
)
_data_stage(
    "claimgraph_labels", lambda nlp, r: LabelFinder(r),
    requires=["doc._.cg_clusters", "doc._.cg_mentions", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.cg_clusters"],
)


@Language.component("claimgraph_time", requires=["doc._.cg_anchor"], assigns=["doc._.cg_timexes"])
def time(doc: Doc) -> Doc:
    doc._.cg_timexes = find_timexes(doc.text, doc._.cg_anchor)
    return doc


_data_stage(
    "claimgraph_quotes", lambda nlp, r: QuoteFinder(r),
    requires=["doc._.cg_mentions", "doc._.cg_clusters", "doc.sents", "token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc._.cg_quotes"],
)
_data_stage(
    "claimgraph_events", lambda nlp, r: EventFinder(r),
    requires=["doc._.cg_mentions", "doc._.cg_clusters", "doc._.cg_quotes", "doc._.cg_events", "doc.sents", "token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc._.cg_events"],
)
_data_stage(
    "claimgraph_roles", lambda nlp, r: RoleFinder(r),
    requires=["doc._.cg_clusters", "doc._.cg_mentions", "doc._.cg_events", "doc._.cg_quotes", "doc._.cg_rejected", "token.dep"],
    assigns=["doc._.cg_clusters", "doc._.cg_mentions", "doc._.cg_events", "doc._.cg_quotes", "doc._.cg_rejected"],
)


STAGES = ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels", "claimgraph_time", "claimgraph_quotes", "claimgraph_events",
          "claimgraph_roles")
