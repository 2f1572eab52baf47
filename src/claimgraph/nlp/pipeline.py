"""Build the pipeline and turn a ``Document`` into an ``Extraction``.

``extract_doc`` is a pure function of (document, pipeline): the pipeline is read-only after it
is built, so a process pool or a distributed engine can call it on any worker.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..config import MODEL, PIPELINE_VERSION
from ..models import Actor, Document, Event, Extraction, Quote, Timex
from . import components
from .actors import event_sectors
from .model import load_base
from .events.modality import with_history
from .offsets import OffsetIndex
from .timex import date_of_value

_pipelines: dict[str, Language] = {}


def build_pipeline(model: str = MODEL) -> Language:
    nlp = load_base(model)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in components.STAGES:
        nlp.add_pipe(name)
    return nlp


def get_pipeline(model: str = MODEL) -> Language:
    """One pipeline per process and model, built on first use."""
    if model not in _pipelines:
        _pipelines[model] = build_pipeline(model)
    return _pipelines[model]


def extract_doc(document: Document, nlp: Language | None = None) -> Extraction:
    nlp = nlp or get_pipeline()
    return next(extract_many([document], nlp))


def extract_many(documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 16) -> Iterator[Extraction]:
    """Stream extractions in input order (spaCy batches the parsing)."""
    nlp = nlp or get_pipeline()

    def tuples():
        for d in documents:
            yield d.text, d

    for doc, document in nlp.pipe(_with_anchor(nlp, tuples()), batch_size=batch_size, as_tuples=True):
        yield to_extraction(doc, document)


def _with_anchor(nlp: Language, items):
    # the anchor must be on the Doc before the pipeline runs: make the Doc ourselves
    for text, document in items:
        doc = nlp.make_doc(text)
        doc._.cg_anchor = document.published
        yield doc, document


def to_extraction(doc: Doc, document: Document) -> Extraction:
    clusters = doc._.cg_clusters or {}
    mentions = doc._.cg_mentions or []
    by_key: dict[str, list[tuple[int, int]]] = {}
    aliases: dict[str, list[str]] = {k: list(c.aliases) for k, c in clusters.items()}
    for m in mentions:
        span = doc[m.start : m.end]
        by_key.setdefault(m.key, []).append((span.start_char, span.end_char))
    text = doc.text
    sentence_at = _sentences(doc, text)
    actors = []
    for key, cl in clusters.items():
        labels = list(dict.fromkeys(lab for lab, _ in cl.labels))
        spans = tuple((lab, off, sentence_at(off)) for lab, off in cl.labels)
        actors.append(Actor(id=key, name=cl.name, type=cl.type, aliases=tuple(aliases[key]), labels=tuple(labels), mentions=tuple(by_key.get(key, ())),
                            label_spans=spans, kind=cl.kind, sector=cl.sector))
    quotes = tuple(
        Quote(text=text[q.start : q.end], start=q.start, end=q.end, direct=q.direct, speaker=q.speaker, speaker_text=q.speaker_text, cue=q.cue,
              speaker_kind=q.speaker_kind)
        for q in doc._.cg_quotes or ()
    )
    timexes = tuple(doc._.cg_timexes or ())
    at = _Positions(doc, timexes)
    events = tuple(_event(doc, text, e, at, document) for e in doc._.cg_events or ())
    rejected = tuple(doc._.cg_rejected or ())
    return Extraction(doc=document, actors=tuple(actors), quotes=quotes, events=events, timexes=timexes, pipeline_version=PIPELINE_VERSION,
                      rejected=rejected)


def _sentences(doc: Doc, text: str):
    """char offset of a token -> the text of the sentence it is in (for a label's provenance)."""
    by_char: dict[int, object] = {}
    sentenced = doc.has_annotation("SENT_START")

    def sentence_at(off: int) -> str | None:
        if not by_char:  # built on the first label only: most documents ask for few
            by_char.update((t.idx, t) for t in doc)
        tok = by_char.get(off)
        if tok is None or not sentenced:
            return None
        sent = tok.sent
        return text[sent.start_char : sent.end_char].strip()

    return sentence_at


class _Positions:
    """What every event of a Doc looks up by position, indexed once (``offsets.OffsetIndex``): the
    time expressions by character, the entities and the actors' mentions by token."""

    def __init__(self, doc: Doc, timexes: tuple[Timex, ...]) -> None:
        self.timexes = OffsetIndex(timexes)
        self.ents = OffsetIndex(doc.ents)
        self.mentions = OffsetIndex(doc._.cg_mentions or ())


def _event(doc: Doc, text: str, e, at: _Positions, document: Document) -> Event:
    trig = doc[e.trigger]
    date, date_text, origin = _event_date(trig.idx, e.sent_start, e.sent_end, at.timexes)
    if date is None and document.published:
        date, origin = document.published, "article"
    source_sector, target_sector = event_sectors(doc, e, at.mentions)
    return Event(
        type=e.type,
        source=e.source,
        target=e.target,
        trigger=trig.text,
        text=text[e.sent_start : e.sent_end].strip(),
        start=e.sent_start,
        end=e.sent_end,
        negated=e.negated,
        hedged=e.hedged,
        attributed_to=e.attributed_to,
        date=date,
        date_text=date_text,
        location=_location(trig, at.ents),
        date_origin=origin,
        trigger_start=trig.idx,
        trigger_end=trig.idx + len(trig.text),
        mode=with_history(e.mode, trig, date, origin, document.published),
        source_sector=source_sector,
        target_sector=target_sector,
        via=e.via,
        source_kind=e.source_kind,
        answers=e.answers,
    )


def _event_date(char: int, s: int, e: int, timexes: OffsetIndex[Timex]) -> tuple[str | None, str | None, str | None]:
    """The date of the sentence's time expression nearest the trigger (the first of two as near)."""
    inside = [t for t in timexes.starting_in(s, e + 1) if t.end <= e and t.type in ("DATE", "TIME") and date_of_value(t.value)]
    if not inside:
        return None, None, None
    best = min(inside, key=lambda t: abs(t.start - char))
    explicit = any(ch.isdigit() for ch in best.text) and len([c for c in best.text if c.isdigit()]) >= 4
    return date_of_value(best.value), best.text, "sentence" if explicit else "relative"


def _location(trig, ents: OffsetIndex) -> str | None:
    """The place of "in/at/near/inside X" under the trigger: the entity that covers X (``ents``,
    the Doc's entities by token), else X's own text."""
    for c in trig.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "inside"):
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "LOC", "FAC"):
                    ent = next(iter(ents.containing(p.i)), None)
                    return ent.text if ent is not None else p.text
    return None


__all__ = ["build_pipeline", "extract_doc", "extract_many", "get_pipeline", "to_extraction"]
