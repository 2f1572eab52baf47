"""The actors stage: candidates -> definitions -> groups -> the quality screen -> one ``Cluster``
per actor."""
from __future__ import annotations

from spacy.tokens import Doc

from ...resources import Resources
from ..extensions import Cluster, EventSpan, Mention
from ..stage import DataStage
from .candidates import CandidateFinder
from .clusters import affiliations, make_cluster, note_title
from .definitions import definitions
from .merging import group
from .quality import screen
from .sectors import find_sectors
from .words import FILES, ActorWords


class ActorFinder(DataStage):
    """Builds the phrase matchers once; ``__call__`` is pure per document.

    Sets ``doc._.cg_clusters`` and ``doc._.cg_mentions`` (names, then the agent nouns of
    ``sectors``), ``doc._.cg_rejected`` (the groups ``quality.screen`` turned down), ``doc._.cg_sectors`` (token -> sector of those agent nouns), and
    ``doc._.cg_events`` to the AFFILIATE relations that "an X affiliate, known as Y" states."""

    FILES = FILES

    def __init__(self, vocab, resources: Resources | None = None):
        self.vocab = vocab
        super().__init__(resources)

    def load(self, resources: Resources) -> None:
        self.words = ActorWords.load(resources)
        self.gaz = self.words.gaz
        self.candidates = CandidateFinder(self.vocab, self.words)

    def __call__(self, doc: Doc) -> Doc:
        w = self.words
        cands, links, known_as = definitions(doc, self.candidates(doc), w)
        clusters: dict[str, Cluster] = {}
        mentions: list[Mention] = []
        key_of_cand: dict[int, str] = {}
        groups, rejected = screen(doc, list(group(doc, cands, links, w)), cands, w)
        for members in groups:
            cl = make_cluster(doc, [cands[i] for i in members], w)
            if cl.key in clusters:  # two groups can meet on one name: fold them
                for a in cl.aliases:
                    clusters[cl.key].add_alias(a)
                cl = clusters[cl.key]
            clusters[cl.key] = cl
            for i in members:
                key_of_cand[i] = cl.key
                c = cands[i]
                mentions.append(Mention(c.start, c.end, cl.key, c.kind, c.label))
                note_title(doc, c, cl, w)
        mentions.sort(key=lambda m: m.start)
        affiliations(doc, mentions, clusters, w)
        agents, sectors = find_sectors(doc, mentions, clusters, w)
        doc._.cg_clusters = clusters
        doc._.cg_mentions = sorted(mentions + agents, key=lambda m: m.start)
        doc._.cg_sectors = sectors
        doc._.cg_rejected = rejected
        events = []
        for child, par, tok in known_as:
            sent = doc[tok].sent
            events.append(EventSpan("AFFILIATE", key_of_cand[child], key_of_cand[par], tok, doc[tok].text, sent_start=sent.start_char, sent_end=sent.end_char, derived="known-as"))
        doc._.cg_events = events
        return doc
