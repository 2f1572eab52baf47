"""Every custom ``Doc._`` attribute the claimgraph components read or write, in one place.

Stages communicate through these attributes only:

========================  ========================================  ==================
attribute                 value                                      set by
========================  ========================================  ==================
``doc._.cg_anchor``       article date ("YYYY[-MM[-DD]]") or None   caller / extract
``doc._.cg_clusters``     ``dict[key, Cluster]`` actors in the doc   actors, coref, labels
``doc._.cg_mentions``     ``list[Mention]`` (token spans)            actors, coref
``doc._.cg_timexes``      ``list[Timex]``                            claimgraph_time
``doc._.cg_quotes``       ``list[QuoteSpan]``                        claimgraph_quotes
``doc._.cg_events``       ``list[EventSpan]``                        actors, events
``doc._.cg_rejected``     ``list[Rejected]`` candidates that are no  actors
                          actor, with the reason (actors/quality.py)
``doc._.cg_sectors``      ``dict[int, str]`` token -> sector of the  actors
                          agent noun there ("police" -> POLICE)
========================  ========================================  ==================
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

_ATTRS = ("cg_anchor", "cg_clusters", "cg_mentions", "cg_timexes", "cg_quotes", "cg_events", "cg_sectors", "cg_rejected")


def register() -> None:
    for name in _ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    key: str  # cluster key
    kind: str = "name"  # name | acronym | pronoun | nominal | sector ("police", "Israeli forces")
    label: str = ""  # NER label that proposed it, "GAZ" for gazetteer


@dataclass
class Cluster:
    key: str
    name: str
    type: str
    gaz_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    labels: list[tuple[str, int]] = field(default_factory=list)  # (label, char offset)
    titles: set[str] = field(default_factory=set)
    gender: str | None = None
    affiliations: set[str] = field(default_factory=set)  # cluster keys: "Israeli Prime Minister X" -> Israel
    kind: str = "actor"  # "sector": a generic group ("police", "protesters") with no name of its own
    sector: str | None = None  # of a sector cluster: POLICE, PROTEST, ... (agent_nouns.tsv)

    def add_alias(self, text: str) -> None:
        if text and text not in self.aliases:
            self.aliases.append(text)


@dataclass
class QuoteSpan:
    start: int  # char offsets of the content
    end: int
    direct: bool
    speaker: str | None  # cluster key
    speaker_text: str | None
    cue: str | None
    cue_token: int | None = None
    speaker_kind: str | None = None  # "named", "unnamed", "report" or "outlet" (a channel); None with no speaker
    via: str | None = None  # cluster key, else text, of a channel the speaker told ("told the news site Y")
    speaker_token: int | None = None  # token index of the speaker phrase's head (the ranker's choice)


@dataclass
class EventSpan:
    type: str
    source: str | None
    target: str | None
    trigger: int  # token index
    trigger_text: str
    negated: bool = False
    hedged: bool = False
    attributed_to: str | None = None
    sent_start: int = 0  # char offsets of the sentence
    sent_end: int = 0
    derived: str | None = None  # why a second event was derived (e.g. "accusation")
    mode: list[str] = field(default_factory=list)  # ontology.MODES: "negated", "hypothetical", "future", "claimed", ...
    via: str | None = None  # cluster key, else text, of the channel that relays the claim ("Reuters reported")
    source_kind: str = "outlet"  # who asserts it: "outlet" (no frame), "named", "unnamed" or "report"
    answers: int | None = None  # a denial (REJECT): the index in cg_events of the claim it answers
