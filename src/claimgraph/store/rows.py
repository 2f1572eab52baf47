"""The rows a store hands out.  Plain dicts at run time (so they print as JSON unchanged), typed
here so that every back end returns the same keys.  A back end may add keys; it may not drop
these."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict


class ActorRow(TypedDict, total=False):
    """An actor as stored: ``find_actor`` adds ``gaz_id``, ``kind`` and ``sector`` (and ``n`` when
    found by alias)."""

    id: str
    name: str
    type: str
    gaz_id: str | None
    kind: str  # "actor", or "sector" for a generic group ("Varland police", "protesters")
    sector: str | None  # POLICE, PROTEST, ... (``data/agent_nouns.tsv``), or None


class ActorSummary(ActorRow, total=False):
    """An actor with its counts and aliases (most used first), its kind and sector: ``actors``,
    ``actor``, ``actor_rows``."""

    mentions: int
    documents: int
    aliases: list[str]
    curated_by: list[int]  # ids of the decisions in force that touched it (``actors``, ``actor``)


class RejectedRow(TypedDict):
    """A name the actors stage turned down or folded into another actor (``rejected_names``)."""

    text: str
    label: str | None
    reason: str
    occurrences: int
    documents: int


class DocumentRow(TypedDict, total=False):
    id: str
    path: str | None
    title: str | None
    source: str | None
    author: str | None
    url: str | None
    published: str | None
    published_text: str | None
    published_origin: str | None
    published_confidence: float | None
    pipeline_version: str
    ingested_at: str
    text: str  # only where asked for (``document``, ``iter_documents(with_text=True)``)
    superseded_by: str | None  # the current version's id for an older one (``documents``, ``document``)
    superseded_at: str | None


class EventRow(TypedDict, total=False):
    """An event with its actors' names and its document's metadata (``outlet`` = documents.source)."""

    id: int
    doc_id: str
    type: str
    stance: str
    source_id: str | None
    target_id: str | None
    trigger: str
    trigger_start: int | None
    trigger_end: int | None
    sentence: str
    start: int
    end: int
    negated: int
    hedged: int
    attributed_to: str | None
    date: str | None
    date_text: str | None
    date_origin: str | None
    location: str | None
    pipeline_version: str
    mode: list[str]  # ontology.MODES: "negated", "hypothetical", "future", "claimed", "historical"
    via: str | None  # the channel that relays the claim: an actor id, else its text
    source_kind: str  # "outlet", "named", "unnamed" or "report"
    answers: int | None  # a denial: the id of the event (the claim) it answers
    curation: str | None  # "confirmed" (or "rejected", seen only with ``include_rejected``) by a user's decision
    curated_by: int | None  # that decision's id
    source_name: str | None
    target_name: str | None
    attributed_name: str | None
    via_name: str | None  # the channel's actor name, else the stored text
    outlet: str | None
    published: str | None
    title: str | None
    path: str | None
    url: str | None  # only with ``with_url``


class QuoteRow(TypedDict, total=False):
    id: int
    doc_id: str
    start: int
    end: int
    text: str
    direct: int
    speaker_id: str | None
    speaker_text: str | None
    cue: str | None
    pipeline_version: str
    speaker_kind: str | None  # "named", "unnamed", "report", "outlet", or None with no speaker
    speaker_name: str | None
    source: str | None  # the document's, in ``quotes``
    published: str | None
    title: str | None


class LabelRow(TypedDict, total=False):
    label: str
    sentence: str | None
    doc_id: str
    actor_id: str
    name: str
    start: int | None
    source: str | None
    path: str | None
    published: str | None
    title: str | None


class LabelGroupRow(TypedDict):
    """An actor's labels of one outlet and wording (``label_groups``): the outlet columns as
    ``OUTLET_COLUMNS`` has them (``analysis.evidence.outlet_of`` names it), how many, in which
    documents, and the first one's sentence, document, date and title."""

    source: str | None
    path: str | None
    title: str | None
    doc_id: str | None
    label: str
    n: int
    doc_ids: list[str]
    example: str | None
    example_doc_id: str
    example_published: str | None
    example_title: str | None
    example_start: int | None


class ConflictPairRow(TypedDict, total=False):
    """One actor pair as ``conflict_pairs`` aggregates it (see ``analysis.conflicts``)."""

    a: str
    b: str
    a_name: str
    b_name: str
    coop_n: int
    coop_sources: int
    coop_voices: int
    hostile_n: int
    hostile_sources: int
    hostile_voices: int
    several_voices: int
    denials: int
    reject_ids: str | None  # comma-separated event ids
    side_score: int
    denial_score: int
    score: int


class PageEdge(TypedDict):
    """An edge of ``edge_page``: ``types`` counted, ``ids`` the first event ids, ``n`` all events."""

    source_id: str
    target_id: str
    stance: str
    weight: int
    n: int
    types: dict[str, int]
    ids: list[int]


class EdgePage(TypedDict):
    """The graph's first edges with the totals of the whole graph (``Store.edge_page``)."""

    edges: list[PageEdge]
    total_edges: int
    total_nodes: int


class EdgeRow(TypedDict):
    """Events grouped by (source, target, stance): ``weight`` distinct outlets, ``n`` events,
    ``ids`` and ``types`` comma-separated."""

    source_id: str
    target_id: str
    stance: str
    weight: int
    n: int
    ids: str
    types: str


class AffiliateRow(TypedDict):
    id: str
    name: str
    docs: int


class FacetCounts(TypedDict):
    sources: list[str]  # outlets, most documents first
    types: dict[str, int]  # event type -> events
    months: tuple[str | None, str | None]  # first and last month (YYYY-MM) of a dated event


class Stats(TypedDict):
    documents: int  # current versions
    superseded: int  # older versions of a document (``ingest --update``), kept without records
    actors: int
    quotes: int
    events: int
    timexes: int


class DecisionRow(TypedDict, total=False):
    """A user's decision (docs/CURATION.md).  ``subject`` keys what it applies to by content: a
    normalised actor name (merge: the actor merged away; split: the alias), or an event key;
    ``doc_hash`` limits a split to one document; ``args`` (a dict) holds the rest."""

    id: int
    kind: str  # merge, split, rename, type, reject_event, confirm_event
    subject: str
    doc_hash: str | None
    args: dict[str, Any]
    note: str | None
    author: str
    created_at: str  # UTC ISO 8601
    undone_at: str | None  # None while in force
    applied: dict[str, int]  # only from ``add_decision``: what applying it changed


@dataclass(frozen=True)
class Undone:
    """What ``undo_decision`` did: the decision (now with ``undone_at``), and the documents whose
    records come back exactly only by re-extracting them (an undone merge or split)."""

    decision: DecisionRow
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Removed:
    """What ``remove_document`` (or ``supersede``) took away: when the document was first stored,
    the actors its records named (some may now be named by nothing), and how many events and
    quotes it had."""

    ingested_at: str | None
    actor_ids: frozenset[str]
    events: int = 0
    quotes: int = 0


@dataclass(frozen=True)
class EventFilter:
    """Which events an aggregate (``graph_edges``) counts.  Actors are ids; ``outlet_only``
    keeps the events the outlets assert themselves (``attributed_to`` is then ignored);
    ``acts_only`` keeps the events reported as done (``ontology.is_act``)."""

    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actor_id: str | None = None
    attributed_to: str | None = None
    outlet_only: bool = False
    include_negated: bool = False
    acts_only: bool = False  # leave out hypothetical and future events (threats, vows, plans)


@dataclass(frozen=True)
class TimelineQuery:
    """Which dated events a timeline holds: every one, an actor's (``actor_id``, either end),
    or a pair's (``actor_id`` and ``other_id``, either direction), filtered by date (``since``:
    on or after; ``until``: on or before, a year or a month counting whole), PLOVER type,
    outlet (case-insensitive) and the actor they are attributed to.  Actors are ids."""

    actor_id: str | None = None
    other_id: str | None = None
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    attributed_to: str | None = None


class SearchResult(TypedDict):
    """``search``: documents best first (with ``snippet`` and ``highlights``), then actors."""

    query: str
    documents: list[dict[str, Any]]
    actors: list[ActorSummary]


__all__ = ["ActorRow", "ActorSummary", "AffiliateRow", "ConflictPairRow", "DecisionRow", "DocumentRow", "EdgePage", "EdgeRow", "EventFilter", "PageEdge",
           "EventRow", "FacetCounts", "LabelGroupRow", "LabelRow", "QuoteRow", "Removed", "SearchResult", "Stats", "TimelineQuery", "Undone"]
