"""The events stage: triggers -> arguments -> relations, then modality and attribution."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ...ontology import ONE_SIDED, RECIPROCAL
from ...resources import Resources, Trigger
from ..actors import token_actor_map
from ..extensions import Cluster, EventSpan, QuoteSpan
from ..stage import DataStage
from .arguments import Arguments, Owner
from .attribution import accusation, attribute
from .modality import hedged, mode_of, negated
from .relations import backed, copulas, linked_pair
from .triggers import TriggerFinder
from .words import FILES, EventWords

_PLEDGE_NOUNS = {"loyalty", "allegiance"}


class EventFinder(DataStage):
    """Reads ``cg_mentions``, ``cg_clusters``, ``cg_quotes`` and the ``cg_events`` that the actors
    stage set; sets ``cg_events``."""

    FILES = FILES

    def load(self, resources: Resources) -> None:
        self.w = EventWords.load(resources)
        self.triggers = TriggerFinder(self.w)
        self.args = Arguments(self.w)

    def __call__(self, doc: Doc) -> Doc:
        owner = token_actor_map(doc)
        clusters: dict[str, Cluster] = doc._.cg_clusters or {}
        quotes: list[QuoteSpan] = doc._.cg_quotes or []
        events: list[EventSpan] = list(doc._.cg_events or [])
        for tok in doc:
            trig = self.triggers(tok)
            if trig is None:
                continue
            events += self._events_for(tok, trig, owner)
        events += copulas(doc, owner, self.args)
        events += backed(doc, owner, self.args)
        out: list[EventSpan] = []
        seen: set[tuple] = set()
        for ev in events:
            if ev.source is not None and ev.source == ev.target:
                continue
            if ev.source is None and ev.target is None:
                continue
            self._frame(doc[ev.trigger], ev, quotes, owner)
            key = (ev.type, ev.source, ev.target, ev.trigger, ev.derived)
            if key in seen:
                continue
            seen.add(key)
            out.append(ev)
            acc = accusation(doc, ev, quotes, clusters, self.args)
            if acc is not None and (acc.type, acc.source, acc.target, acc.trigger, acc.derived) not in seen:
                seen.add((acc.type, acc.source, acc.target, acc.trigger, acc.derived))
                out.append(acc)
        doc._.cg_events = out
        return doc

    def _frame(self, tok: Token, ev: EventSpan, quotes: list[QuoteSpan], owner: Owner) -> None:
        """The sentence, negation, hedging and attribution of an event."""
        ev.sent_start, ev.sent_end = tok.sent.start_char, tok.sent.end_char
        ev.negated = ev.negated or negated(tok, self.w)
        ev.hedged = ev.hedged or hedged(tok, self.w)
        attribute(tok, ev, quotes, owner, self.args)
        ev.mode = mode_of(tok, ev, self.w)

    def _events_for(self, tok: Token, trig: Trigger, owner: Owner) -> list[EventSpan]:
        if trig.pos == "NOUN":
            sources, targets = self.args.of_noun(tok, trig, owner)
            if trig.type == "AFFILIATE":
                sources = self.args.affiliate_source(tok, owner) or (sources if tok.lemma_.lower() in _PLEDGE_NOUNS else [])
            if not sources or not targets:
                return []
        else:
            sources, targets = self.args.of_verb(tok, trig, owner)
            if not sources and not targets:
                return []
            if trig.type not in ONE_SIDED and not (sources and targets) and not (trig.type in RECIPROCAL and len(sources) >= 2):
                return []
            if trig.like and not (sources and targets):
                return []  # a guessed trigger needs both sides
        if trig.pos == "VERB" and not targets and len(sources) >= 2 and trig.type in RECIPROCAL:
            # "Jordan and Britain agreed to ...": each party acts towards the other
            return [EventSpan(trig.type, sources[0], sources[1], tok.i, tok.text)]
        out = []
        for s in sources or [None]:
            for t in targets or [None]:
                out.append(EventSpan(trig.type, s, t, tok.i, tok.text))
        if "links" in trig.flags:
            out += linked_pair(tok, owner, self.args)
        return out
