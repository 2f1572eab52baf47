"""The events stage: candidates (triggers and their arguments), a type for each from the learned
classifier (or the lexicon), then relations, modality and attribution, and last the denials
tied to the claims they answer (``denials.py``)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...eventmodel import NONE, EventTyper, default_typer
from ...eventmodel.features import Candidate as ModelInput
from ...eventmodel.model import Encoded
from ...ontology import ONE_SIDED, UNREALIZED, stance
from ...resources import Resources
from ..actors import token_actor_map
from ..extensions import Cluster, EventSpan, QuoteSpan
from ..offsets import OffsetIndex
from ..stage import DataStage
from .arguments import Arguments, Owner
from .attribution import accusation, attribute
from .candidates import Candidate, CandidateFinder, mention_span, mentions_by_key, only_places
from .denials import link_denials
from .modality import hedged, mode_of, modes, negated
from .relations import backed, copulas
from .triggers import TriggerFinder
from .words import FILES, EventWords

#: below this probability the classifier's type is not trusted and the candidate is dropped, by
#: how the candidate was proposed: a lexicon trigger, another verb, or two actors of a sentence
MIN_PROB = {"lexicon": 0.0, "verb": 0.4, "pair": 0.5}  # chosen by cross-validation (benchmarks/event_model_cv.py)


class EventFinder(DataStage):
    """Reads ``cg_mentions``, ``cg_clusters``, ``cg_quotes`` and the ``cg_events`` that the actors
    stage set; sets ``cg_events``."""

    FILES = FILES

    #: the classifier that types each candidate; None codes with the lexicon alone (rules only)
    typer: EventTyper | None
    min_prob: dict[str, float] = MIN_PROB
    #: an event noun's lexicon type stands and the classifier only says event or NONE
    noun_types: bool = True

    def load(self, resources: Resources) -> None:
        self.w = EventWords.load(resources)
        self.triggers = TriggerFinder(self.w)
        self.args = Arguments(self.w)
        self.candidates = CandidateFinder(self.triggers, self.args)
        self.typer = default_typer()

    def __call__(self, doc: Doc) -> Doc:
        owner = token_actor_map(doc)
        clusters: dict[str, Cluster] = doc._.cg_clusters or {}
        quotes: OffsetIndex[QuoteSpan] = OffsetIndex(doc._.cg_quotes or [])  # every event asks which quotes hold it
        events: list[EventSpan] = list(doc._.cg_events or [])
        events += self.decide(doc, self.candidates(doc, owner), owner)
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
        doc._.cg_events = link_denials(doc, out, quotes, clusters, owner, self.args, self._frame)
        return doc

    def _frame(self, tok: Token, ev: EventSpan, quotes: list[QuoteSpan], owner: Owner) -> None:
        """The sentence, negation, hedging and attribution of an event."""
        ev.sent_start, ev.sent_end = tok.sent.start_char, tok.sent.end_char
        ev.negated = ev.negated or negated(tok, self.w)
        ev.hedged = ev.hedged or hedged(tok, self.w)
        attribute(tok, ev, quotes, owner, self.args)
        ev.mode = mode_of(tok, ev, self.w)

    def _not_the_frame(self, tok: Token, label: str, lexicon: str | None) -> str:
        """"X accused Hamas of partnering with ISIS": the pair (Hamas, ISIS) is the partnering's,
        not the accusation's.  When the classifier gives a pair the type of a word that frames
        its trigger, and the trigger has a type of its own, the trigger's type stands."""
        if lexicon is None or lexicon == label:
            return label
        node = tok
        for _ in range(4):
            if node.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj") or node.head is node:
                break
            node = node.head
            frame = self.triggers(node) if node.pos_ in ("VERB", "AUX", "NOUN") else None
            if frame is not None and frame.type == label:
                return lexicon
        return label

    def _claimed(self, tok: Token, lexicon: str | None) -> bool:
        """"claimed responsibility for the bombing of X": the construction says the act was done,
        so the lexicon's type of the act stands (the classifier reads "claimed" as speech)."""
        if lexicon is None or tok.dep_ != "pobj" or tok.head.lower_ != "for":
            return False
        noun = tok.head.head
        return noun.lemma_.lower() in self.w.claim_responsibility_nouns and noun.head.lemma_.lower() in self.w.claim_responsibility_verbs

    def _sense(self, tok: Token, label: str) -> tuple[str, Token]:
        """A hostile act framed by a threat ("vowed to annihilate X", "warned it would sanction X")
        is a THREATEN, whatever the frame verb's own type ("vow" alone would be AGREE); its trigger
        is the frame, so the threat counts as made while the act stays unrealised."""
        frames = self.w.threat_frames
        if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_.lower() in frames:
            act, frame = tok, tok.head
        elif tok.lemma_.lower() in frames:
            act, frame = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None), tok
        else:
            return label, tok
        if act is None or not set(modes(act, self.w)) & UNREALIZED:
            return label, tok  # "warned that Dastan attacked X" reports an act; it threatens none
        trig = self.triggers(act)
        hostile = act is tok and stance(label) == "hostile"
        if trig is not None and stance(trig.type) == "hostile" and trig.type != "THREATEN":
            hostile = True
        return ("THREATEN", frame) if hostile else (label, tok)

    def spans(self, doc: Doc, c: Candidate, by_key: dict) -> tuple[Span | None, Span | None] | None:
        """The source and target spans the classifier reads for a candidate (either may be None),
        or None when a side is a place that only places it (``only_places``): the candidate is
        then never offered.  ``eventmodel.crossval`` builds its training examples with this too."""
        sent = doc[c.trigger].sent
        src = mention_span(doc, by_key, c.source, sent, c.trigger)
        tgt = mention_span(doc, by_key, c.target, sent, c.trigger)
        clusters = doc._.cg_clusters or {}
        gpe = tuple(getattr(clusters.get(k or ""), "type", None) == "GPE" for k in (c.source, c.target))
        return None if only_places(c.origin, (src, tgt), self.w, gpe) else (src, tgt)

    def decide(self, doc: Doc, cands: list[Candidate], owner: Owner | None = None) -> list[EventSpan]:
        """The type of each candidate: the classifier's, or NONE (dropped).  Without a classifier,
        and for relations a construction adds, the lexicon's."""
        out: list[EventSpan] = []
        owner = owner if owner is not None else token_actor_map(doc)
        by_key = mentions_by_key(doc)
        memo: dict[tuple, Encoded] = {}  # the classifier's input, once per pair of spans
        shared: dict = {}  # per-sentence facts the classifier's features share
        best: dict[tuple, int] = {}
        lexicon_of: dict[tuple, str | None] = {}
        for c in cands:
            label: str | None = c.lexicon
            if self.typer is not None and c.derived is None and not self._claimed(doc[c.trigger], c.lexicon):
                spans = self.spans(doc, c, by_key)
                if spans is None:
                    continue  # a place that only locates is no side of a proposed pair
                src, tgt = spans
                if src is not None or tgt is not None:
                    key = (src.start if src else None, src.end if src else None, tgt.start if tgt else None, tgt.end if tgt else None, c.origin)
                    if key not in memo:
                        memo[key] = self.typer.featurizer.encode(ModelInput(doc, src, tgt, c.origin, shared))
                    label, prob = self.typer.decide(memo[key], prefer=c.lexicon)
                    if label == NONE or prob < self.min_prob.get(c.origin, 0.0):
                        continue
                    if c.target is None and label not in ONE_SIDED:
                        continue
                    if self.noun_types and c.lexicon is not None and doc[c.trigger].pos_ in ("NOUN", "PROPN"):
                        # an event noun names its type ("an agreement", "sanctions", "the assassination"):
                        # the classifier says whether it is an event between this pair, not which
                        label = c.lexicon
            if label is None or label == NONE:
                continue
            label = self._not_the_frame(doc[c.trigger], label, c.lexicon)
            label, trig = self._sense(doc[c.trigger], label)
            source = c.source
            if trig.i != c.trigger:  # the threat is the frame's subject's ("Dastan warned it would strike")
                source = (self.args.subjects(trig, owner) or [source])[0]
                if source == c.target:
                    continue
            ev = EventSpan(label, source, c.target, trig.i, trig.text,
                           attributed_to=c.attributed_to, hedged=c.hedged, derived=c.derived)
            # one event per pair and type in a sentence ("threatened to bomb X" is one THREATEN):
            # the trigger the lexicon gives that type wins
            key = (label, source, c.target, doc[c.trigger].sent.start, c.derived)
            if key not in best:
                best[key] = len(out)
                out.append(ev)
                lexicon_of[key] = c.lexicon
            elif c.lexicon == label and lexicon_of[key] != label:
                out[best[key]] = ev
                lexicon_of[key] = c.lexicon
        # a one-sided event its two-sided twin covers (same type, source and trigger) adds nothing
        sided = {(e.type, e.source, e.trigger) for e in out if e.target is not None}
        return [e for e in out if e.target is not None or (e.type, e.source, e.trigger) not in sided]
