"""Records that flow between the stages: frozen dataclasses with provenance.

A ``Document`` comes out of ``claimgraph.ingest`` (cleaned text plus metadata); the
pipeline in ``claimgraph.nlp`` turns it into an ``Extraction`` whose ``to_record()`` is the
SPEC section 3 record.  Everything here is plain data: no spaCy objects, so records
pickle, serialise and cross process boundaries freely.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from typing import Any

ActorType = str  # "PERSON" | "ORG" | "GPE" | "NORP" | "OTHER"
ACTOR_TYPES: tuple[ActorType, ...] = ("ORG", "PERSON", "GPE", "NORP", "OTHER")


def content_hash(text: str) -> str:
    """Stable identity of a document's content (whitespace-insensitive)."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article after reading and cleaning.

    ``published`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``published_origin`` says where
    it came from ("metadata", "dateline", "text", "filename", None) and
    ``published_confidence`` how sure the reader is (1.0 stated unambiguously, lower when,
    for example, day and month order had to be guessed).

    ``content_hash`` and ``id`` are worked out once per object, on first use (the text of a long
    article is normalised and hashed once, not for every row the store writes); they are no
    fields, so equality, hashing, ``replace`` and records see the fields alone.
    """

    text: str
    path: str | None = None
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    published_text: str | None = None
    published_origin: str | None = None
    published_confidence: float | None = None
    removed: tuple[str, ...] = ()  # debris lines the cleaner dropped
    line: int | None = None  # 1-based line number for JSONL inputs

    @cached_property
    def content_hash(self) -> str:
        """``content_hash(self.text)``: the store's key of this content."""
        return content_hash(self.text)

    @cached_property
    def id(self) -> str:
        return self.content_hash[:16]

    def meta_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "published": self.published,
            "published_text": self.published_text,
            "published_origin": self.published_origin,
            "published_confidence": self.published_confidence,
            "url": self.url,
        }


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()
    # (label, char offset, sentence) for provenance; the sentence is the pipeline's (it may be
    # left out of a hand-made record: the store then keeps no sentence for the label)
    label_spans: tuple[tuple[str, int, str] | tuple[str, int], ...] = ()
    gaz_id: str | None = None  # set by resolution when the id is a gazetteer entry's
    kind: str = "actor"  # "sector": a generic group ("police", "protesters"); SPEC section 3, version 2
    sector: str | None = None  # a sector actor's PLOVER/CAMEO-style sector (POLICE, PROTEST, ...)


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    direct: bool
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    speaker_kind: str | None = None  # as Event.source_kind, for the speaker; None with no speaker (SPEC section 3, version 2)


@dataclass(frozen=True)
class Event:
    type: str
    source: str | None
    target: str | None
    trigger: str
    text: str  # the sentence
    start: int
    end: int
    negated: bool = False
    hedged: bool = False
    attributed_to: str | None = None
    date: str | None = None
    date_text: str | None = None
    location: str | None = None
    date_origin: str | None = None  # "sentence" | "relative" | "article" | None
    trigger_start: int | None = None
    trigger_end: int | None = None
    mode: tuple[str, ...] = ()  # ontology.MODES: "negated", "hypothetical", "future", "claimed", "historical"
    source_sector: str | None = None  # the sector of the mention that acts ("Israeli forces" -> MIL), or None
    target_sector: str | None = None
    via: str | None = None  # actor id, else text, of the channel that relays the claim ("Reuters reported")
    source_kind: str = "outlet"  # "outlet" (no frame), "named", "unnamed" ("officials"), "report" (a cited document)
    answers: int | None = None  # a denial (REJECT): the index, in this extraction's events, of the claim it answers

    def __post_init__(self) -> None:
        if self.attributed_to is not None and self.source_kind == "outlet":  # a speaker asserts it: not the outlet
            object.__setattr__(self, "source_kind", "named")


def keep_events(events: tuple[Event, ...], keep: Callable[[Event], bool]) -> tuple[Event, ...]:
    """The events that ``keep`` accepts, with each ``answers`` index moved to the claim's new
    place (None where the claim itself was dropped)."""
    kept = [i for i, e in enumerate(events) if keep(e)]
    new = {old: new for new, old in enumerate(kept)}
    return tuple(replace(events[i], answers=new.get(events[i].answers)) if events[i].answers is not None else events[i] for i in kept)


@dataclass(frozen=True)
class RejectedCandidate:
    """A name the actors stage turned down, or folded into another actor, and why."""

    text: str
    label: str
    start: int  # character offset of its first mention
    reason: str


@dataclass(frozen=True)
class Timex:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None


@dataclass(frozen=True)
class Extraction:
    doc: Document
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    timexes: tuple[Timex, ...] = ()
    pipeline_version: str = ""
    rejected: tuple[RejectedCandidate, ...] = ()  # names that are no actors (or were folded), with why

    def to_record(self, with_text: bool = False, complete: bool = False) -> dict[str, Any]:
        """The SPEC section 3 record.  ``complete`` adds what only a machine needs to rebuild
        this very ``Extraction`` (``from_record``): the document's ``removed`` lines and JSONL
        ``line``, each actor's ``label_spans`` and ``gaz_id``, and the ``pipeline_version``; it
        implies ``with_text``.  The output shards of ``runner.shards`` are such records."""
        doc = self.doc.meta_record()
        if with_text or complete:
            doc["text"] = self.doc.text
        if complete:
            doc["removed"] = list(self.doc.removed)
            doc["line"] = self.doc.line
        record = {
            "doc": doc,
            "actors": [_actor_record(a, complete) for a in self.actors],
            "quotes": [asdict(q) for q in self.quotes],
            "events": [dict(asdict(e), mode=list(e.mode)) for e in self.events],
            "timexes": [asdict(t) for t in self.timexes],
            "rejected": [asdict(r) for r in self.rejected],
        }
        if complete:
            record["pipeline_version"] = self.pipeline_version
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Extraction:
        """The ``Extraction`` a record was made from: ``from_record(ex.to_record(complete=True)) == ex``.

        A record of ``to_record(with_text=True)`` works too; what it lacks takes its default
        (no label sentences, no gazetteer ids, no pipeline version).  Raises ``ValueError`` for a
        record without the document's text, which the offsets refer to."""
        doc = record.get("doc") or {}
        if not isinstance(doc.get("text"), str):
            raise ValueError("the record has no document text (make it with to_record(complete=True))")
        return cls(
            doc=document_from_record(doc),
            actors=tuple(_actor_from(a) for a in record.get("actors", ())),
            quotes=tuple(Quote(**q) for q in record.get("quotes", ())),
            events=tuple(Event(**dict(e, mode=tuple(e.get("mode", ())))) for e in record.get("events", ())),
            timexes=tuple(Timex(**t) for t in record.get("timexes", ())),
            pipeline_version=record.get("pipeline_version", ""),
            rejected=tuple(RejectedCandidate(**r) for r in record.get("rejected", ())),
        )


def document_from_record(doc: dict[str, Any]) -> Document:
    """The ``Document`` of a record's ``doc`` (with its ``text``); ``id`` is derived, not read."""
    fields = ("path", "title", "source", "author", "url", "published", "published_text", "published_origin",
              "published_confidence", "line")
    return Document(text=doc["text"], removed=tuple(doc.get("removed") or ()), **{f: doc.get(f) for f in fields})


def _actor_record(a: Actor, complete: bool = False) -> dict[str, Any]:
    record = {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "aliases": list(a.aliases),
        "labels": list(a.labels),
        "mentions": [list(m) for m in a.mentions],
        "kind": a.kind,
        "sector": a.sector,
    }
    if complete:
        record["label_spans"] = [list(s) for s in a.label_spans]
        record["gaz_id"] = a.gaz_id
    return record


def _actor_from(a: dict[str, Any]) -> Actor:
    return Actor(id=a["id"], name=a["name"], type=a["type"], aliases=tuple(a.get("aliases", ())), labels=tuple(a.get("labels", ())),
                 mentions=tuple(tuple(m) for m in a.get("mentions", ())), label_spans=tuple(tuple(s) for s in a.get("label_spans", ())),
                 gaz_id=a.get("gaz_id"), kind=a.get("kind", "actor"), sector=a.get("sector"))


@dataclass(frozen=True)
class ReadProblem:
    """A file (or JSONL line) that could not be read, with a reason a user can act on."""

    path: str
    reason: str
    line: int | None = None
    fatal: bool = True  # False: a warning (e.g. truncated), the document was still produced

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


__all__ = [
    "ACTOR_TYPES",
    "Actor",
    "Document",
    "Event",
    "Extraction",
    "Quote",
    "ReadProblem",
    "RejectedCandidate",
    "Timex",
    "content_hash",
    "document_from_record",
    "keep_events",
]

