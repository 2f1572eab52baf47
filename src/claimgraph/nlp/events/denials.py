"""Denials tied to the claim they answer (SPEC section 3: an event's ``answers``).

A **denial** is one of:

- a verb of denial (``deny`` in ``words_events.tsv``) whose object is a claim: a claim noun
  ("denied the accusation", "rejected the findings", "dismissed the report"), a pronoun ("denied
  it"), a clause ("denied that it had ...", "denied having ..."), or nothing at all ("Dastan
  denied"); "rejected the proposal" refuses a request and is no denial;
- the noun "denial" ("Dastan's denial", "a denial by the ministry");
- a speaker calling a claim untrue inside an attribution ("'These claims are baseless,' said X",
  "the minister said the report was fabricated"): a word of ``dismissals`` whose subject is a
  claim noun or a demonstrative.

The **denier** is the verb's subject (a passive's agent), the noun's possessor or "by" phrase, or
the speaker.  The **denier's side** is the denier, the actors it belongs to and those that belong
to it ("the Veltrian foreign ministry" answers for Veltria).

The **claim it answers** is the nearest event, earlier in the document (``REACH_NOUN`` sentences
back for a claim noun, ``REACH_CLAUSE`` for a clause that states what is denied) or in the
denial's own sentence, that concerns the denier's side (an act of its, or an accusation aimed at it) and that
the side does not assert itself.  At one distance the act comes before the ACCUSE derived from
the same words, since the act is what is denied.  When no event concerns the side (a spokesman
whose affiliation the text does not give), the claim is the nearest one that somebody else
asserts or relays, at most ``RECENT`` sentences back.  The denial is then a REJECT with the denier as
source, the **accuser** as target (who asserts the claim; for an accusation, its source; else the
channel that relayed it, when that is an actor) and ``answers`` the claim's index in the
document's events.  A denial with no such claim in its document keeps no ``answers``;
``check`` still lists it as a denial concerning its pair.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Token

from ..extensions import Cluster, EventSpan, QuoteSpan
from ..offsets import indexed
from .arguments import Arguments, Owner, pobj_of
from .modality import negated

_POINTING = frozenset({"it", "this", "that", "these", "those", "them", "such"})
_OBJECTS = ("dobj", "nsubjpass")
#: how many sentences back "these claims" may point when the denier's side is not in the claim
RECENT = 2
#: how far back a denial reaches for its claim: a claim noun ("denied the accusation") points at a
#: claim however far up the article; a clause or a gerund ("denied taking part in the strikes")
#: states its own content and answers only a claim close by
REACH_NOUN, REACH_CLAUSE = 12, 3

#: sets an event's sentence, negation, modes and attribution (``EventFinder._frame``)
Frame = Callable[[Token, EventSpan, list[QuoteSpan], Owner], None]


def link_denials(doc: Doc, events: list[EventSpan], quotes: list[QuoteSpan], clusters: dict[str, Cluster],
                 owner: Owner, args: Arguments, frame: Frame) -> list[EventSpan]:
    """``events`` with each denial tied to the claim it answers: a REJECT found already at the
    denial's word gains its accuser and ``answers``; otherwise a REJECT (``derived="denial"``) is
    added.  Indexes of ``events`` stay as they are (new events are appended)."""
    starts = [s.start for s in doc.sents]

    def sent_of(i: int) -> int:
        return bisect_right(starts, i) - 1

    out = _Events(events, sent_of)
    for tok, denier, reach in _denials(doc, quotes, owner, args):
        at = out.open_denial(tok.i)
        if denier is None and at is not None:
            denier = out[at].source
        if denier is None or negated(tok, args.w):
            continue
        side = _side(denier, clusters)
        found = _claim_for(tok.i, side, out, sent_of, reach)
        if found is None:  # "'These claims are baseless,' said a spokesman": the claims just reported
            found = _recent_claim(tok.i, side, out, sent_of)
        if found is None:
            continue
        claim = out[found]
        accuser = _accuser(claim, side, clusters)
        if at is not None:
            ev = out[at]
            if ev.source is None or ev.source not in side:
                ev.source = denier
            if accuser is not None:
                ev.target = accuser
            ev.answers = found
        else:
            ev = EventSpan("REJECT", denier, accuser, tok.i, tok.text, derived="denial", answers=found)
            frame(tok, ev, quotes, owner)
            out.append(ev)
        if ev.attributed_to is not None and ev.attributed_to == ev.target:
            # the accuser does not assert the denial of its own claim: the outlet reports it
            # (a claim's content span that runs over "..., a charge the group denied")
            ev.attributed_to, ev.source_kind, ev.via = None, "outlet", None
    return out.events


class _Events(Sequence[EventSpan]):
    """The events of ``link_denials`` (a new list; appended to), indexed by the sentence and the
    token of each trigger, which a denial never changes: a denial looks only at the events of the
    sentences it reaches back to, in their order, not at every event of the document."""

    def __init__(self, events: list[EventSpan], sent_of: Callable[[int], int]) -> None:
        self.events: list[EventSpan] = []
        self.sent_of = sent_of
        self._by_sent: dict[int, list[int]] = {}
        self._by_trigger: dict[int, list[int]] = {}
        for e in events:
            self.append(e)

    def append(self, ev: EventSpan) -> None:
        k = len(self.events)
        self.events.append(ev)
        self._by_sent.setdefault(self.sent_of(ev.trigger), []).append(k)
        self._by_trigger.setdefault(ev.trigger, []).append(k)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, k):  # type: ignore[override]
        return self.events[k]

    def near(self, here: int, back: int) -> list[int]:
        """The indexes of the events whose trigger is in sentences ``here - back`` to ``here``, in order."""
        return sorted(k for s in range(here - back, here + 1) for k in self._by_sent.get(s, ()))

    def open_denial(self, token: int) -> int | None:
        """The first REJECT at ``token`` that answers no claim yet."""
        return next((k for k in self._by_trigger.get(token, ()) if self.events[k].type == "REJECT" and self.events[k].answers is None), None)


def _denials(doc: Doc, quotes: list[QuoteSpan], owner: Owner, args: Arguments) -> Iterator[tuple[Token, str | None, int]]:
    """(word of denial, denier or None, how many sentences back its claim may be) for each
    denial of the document."""
    w = args.w
    claims = w.claim_nouns | w.denied_objects
    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma in w.deny and tok.pos_ in ("VERB", "AUX"):
            reach = _answers_a_claim(tok, claims, lemma == "deny")
            if not reach:
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            who = args.actors_of(pobj_of(agent), owner) if passive and agent is not None else args.subjects(tok, owner)
            yield tok, (who[0] if who else None), reach
        elif lemma in w.deny and tok.pos_ == "NOUN":
            who: list[str] = []
            for c in tok.children:
                if c.dep_ == "poss":
                    who = args.actors_of(c, owner)
                elif c.dep_ == "prep" and c.lower_ == "by":
                    who = args.actors_of(pobj_of(c), owner)
            yield tok, (who[0] if who else None), REACH_NOUN
        elif (lemma in w.dismissals or tok.lower_ in w.dismissals) and _calls_a_claim_untrue(tok, claims):
            q = _innermost(quotes, tok.idx)
            if q is not None and q.speaker:
                yield tok, q.speaker, REACH_NOUN


def _answers_a_claim(verb: Token, claims: frozenset[str], bare_ok: bool) -> int:
    """How far back the claim a denial verb answers may be (0: the verb answers no claim):
    ``REACH_NOUN`` when its object is a claim noun or a pronoun, ``REACH_CLAUSE`` when it is a
    clause or a gerund, or, for "deny", when there is none."""
    objects = [c for c in verb.children if c.dep_ in _OBJECTS]
    for o in objects:
        if o.lemma_.lower() in claims or o.lower_ in claims or (o.pos_ == "PRON" and o.lower_ in _POINTING):
            return REACH_NOUN
        if any(c.dep_ == "conj" and c.lemma_.lower() in claims for c in o.children):
            return REACH_NOUN
    if any(c.dep_ in ("ccomp", "xcomp", "pcomp") for c in verb.children):
        return REACH_CLAUSE
    return REACH_CLAUSE if bare_ok and not objects and not any(c.dep_ == "dative" for c in verb.children) else 0


def _calls_a_claim_untrue(tok: Token, claims: frozenset[str]) -> bool:
    """"These claims are baseless", "this is a lie", "the report was fabricated", "baseless claims"."""
    if tok.dep_ == "amod":  # "baseless claims", "a false report"
        head = tok.head
        return head.lemma_.lower() in claims or head.lower_ in claims
    if tok.dep_ in ("acomp", "attr"):
        head = tok.head
    elif tok.dep_ == "ROOT" or tok.pos_ == "VERB":  # "the report was fabricated" (a passive)
        head = tok
    else:
        return False
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            low = c.lemma_.lower()
            return low in claims or c.lower_ in claims or c.lower_ in _POINTING
    return False


def _innermost(quotes: list[QuoteSpan], char: int) -> QuoteSpan | None:
    inside = indexed(quotes).containing(char)
    return min(inside, key=lambda q: q.end - q.start) if inside else None


def _side(key: str, clusters: dict[str, Cluster]) -> set[str]:
    side = {key}
    cl = clusters.get(key)
    if cl is not None:
        side |= cl.affiliations
    side |= {k for k, c in clusters.items() if key in c.affiliations}
    return side


def _claim_for(at: int, side: set[str], events: _Events, sent_of: Callable[[int], int], reach: int = REACH_NOUN) -> int | None:
    """The index of the claim a denial at token ``at`` answers (see the module docstring)."""
    here = sent_of(at)
    best: tuple | None = None
    found: int | None = None
    for k in events.near(here, reach):
        e = events[k]
        if e.type == "REJECT" or e.negated or e.trigger == at:
            continue
        there = sent_of(e.trigger)
        if there > here or here - there > reach:
            continue
        if e.attributed_to is not None and e.attributed_to in side:
            continue  # the side's own words
        if e.type == "ACCUSE":
            if e.target not in side or e.source in side:
                continue
        elif e.source not in side:
            continue
        rank = (here - there, e.type == "ACCUSE", -e.trigger)
        if best is None or rank < best:
            best, found = rank, k
    return found


def _recent_claim(at: int, side: set[str], events: _Events, sent_of: Callable[[int], int], back: int = RECENT) -> int | None:
    """The nearest claim that somebody outside the side asserts, at most ``back`` sentences
    before the denial: what "these claims" or "the report" points back to when the denier's
    side is not among its actors (a spokesman whose affiliation the text does not give)."""
    here = sent_of(at)
    best: tuple | None = None
    found: int | None = None
    for k in events.near(here, back):
        e = events[k]
        if e.type == "REJECT" or e.negated or e.trigger >= at:
            continue
        there = sent_of(e.trigger)
        if here - there > back:
            continue
        asserted = (e.attributed_to is not None and e.attributed_to not in side) or e.via is not None
        if not asserted or e.source in side:
            continue
        rank = (here - there, e.type == "ACCUSE", -e.trigger)
        if best is None or rank < best:
            best, found = rank, k
    return found


def _accuser(claim: EventSpan, side: set[str], clusters: dict[str, Cluster]) -> str | None:
    if claim.attributed_to is not None and claim.attributed_to not in side:
        return claim.attributed_to
    if claim.type == "ACCUSE" and claim.source not in side:
        return claim.source
    if claim.via is not None and claim.via in clusters:
        return claim.via
    return None
