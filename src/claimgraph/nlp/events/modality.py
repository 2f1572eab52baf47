"""Negation, hedging and the other modes of a trigger: "did not attack", "allegedly funded",
"threatened to bomb", "will attack", "claimed responsibility for the bombing", "had attacked in 2015".

``mode_of`` gives an event's modes (SPEC section 3, ``mode``; ``ontology.MODES`` orders them):

- ``negated``: the event's ``negated`` flag.
- ``hypothetical``: a modal of possibility or condition on the event's verb ("would", "could",
  "may"), a condition ("if Dastan attacks ..."), or a frame of threat, demand or deliberation
  that governs it ("threatened to bomb", "warned it would strike", "the threat to attack").
- ``future``: a modal of the future ("will", "shall"), "is going to", or a frame of intention
  ("vowed to retake", "plans to", "pledged to", "a planned attack").
- ``claimed``: the source claims the act itself, "claimed responsibility for the bombing", "the
  Front claimed the attack", or a material act attributed to its own source ("the Front said
  it bombed the posts").
``historical`` needs the event's date, so ``historical`` is decided where dates are resolved
(``pipeline.to_extraction`` calls ``with_history``).

The frames and modals are the word lists of ``data/words_events.tsv``.  A modal reaches the
event from its own verb and from the verb it hangs on through ``xcomp`` ("will try to attack"),
``conj`` ("will attack and seize") or a light verb ("will launch an attack"); a frame reaches it
through ``xcomp``, ``ccomp`` (unless that clause is told in the past: "warned that the militants
had seized the town"), ``acl``, a direct object or a prepositional object.  A clause under
``ccomp`` keeps its own tense: "Varland will say that Dastan attacked" is no future attack.
"""
from __future__ import annotations

import calendar
from datetime import date as _date, timedelta

from spacy.tokens import Token

from ...ontology import MODES, PLOVER_CLASS, UNREALIZED
from ..extensions import EventSpan
from .words import EventWords

#: the date of an event this long before the article's date makes it historical
HISTORICAL_GAP = timedelta(days=365)


def negated(tok: Token, w: EventWords) -> bool:
    node = tok
    for _ in range(3):
        for c in node.children:
            if c.dep_ == "neg" or c.lower_ in ("never", "no", "without"):
                return True
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "appos") and node.head is not node:
            node = node.head
            if node.lemma_.lower() in w.deny and node.pos_ in ("VERB", "NOUN"):
                return True
            if node.lemma_.lower() in w.speech.all:
                return False  # "X did not say that ..." negates the saying, not the content
            continue
        break
    return False


def hedged(tok: Token, w: EventWords) -> bool:
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.lower_ in w.hedges and c.dep_ in ("advmod", "aux", "amod", "auxpass", "acomp"):
                return True
        if node.lower_ in w.hedges and node is not tok:
            return True
        if node.head is node:
            break
        if node.dep_ in ("xcomp", "ccomp", "pobj", "prep", "dobj", "conj", "advcl", "pcomp"):
            node = node.head
            continue
        break
    return False


def _frame_mode(word: Token, w: EventWords) -> str | None:
    lemma, low = word.lemma_.lower(), word.lower_
    if lemma in w.hypothetical_frames or low in w.hypothetical_frames:
        return "hypothetical"
    if lemma in w.future_frames or low in w.future_frames:
        return "future"
    return None


def _own_marks(node: Token, w: EventWords, found: set[str]) -> None:
    """The modals, conditions and modifying frames on ``node`` itself."""
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in node.children)
    for c in node.children:
        if c.dep_ in ("aux", "auxpass"):
            word = c.lemma_.lower()
            if word in w.modal_future or c.lower_ in w.modal_future:
                found.add("future")
            elif perfect and (word in w.modal_epistemic or c.lower_ in w.modal_epistemic):
                continue  # "may have attacked": a guess about the past (hedged), not a hypothetical act
            elif word in w.modal_hypothetical or c.lower_ in w.modal_hypothetical:
                found.add("hypothetical")
        elif c.dep_ == "mark" and c.lower_ in w.conditional_marks:
            found.add("hypothetical")
        elif c.dep_ in ("amod", "compound") and node.pos_ in ("NOUN", "PROPN"):
            m = _frame_mode(c, w)  # "a planned attack", "potential strikes"
            if m:
                found.add(m)


def _past(verb: Token) -> bool:
    """A clause told in the past ("seized", "had seized", "did seize"), not a demand or a plan."""
    return verb.tag_ in ("VBD", "VBN") or any(c.dep_ == "aux" and c.lemma_.lower() in ("have", "do") and c.tag_ == "VBD" for c in verb.children)


def _responsibility_claimed(node: Token, w: EventWords) -> bool:
    """``node`` (the object of "for") -> "claimed responsibility for <node>"."""
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ != "for" or prep.head is prep:
        return False
    noun = prep.head
    return (noun.lemma_.lower() in w.claim_responsibility_nouns and noun.dep_ in ("dobj", "nsubjpass")
            and noun.head.lemma_.lower() in w.claim_responsibility_verbs)


def modes(tok: Token, w: EventWords, *, verbal: bool = False) -> list[str]:
    """The modes the parse gives a trigger: hypothetical, future, claimed (in ``MODES`` order).

    ``verbal``: the trigger codes a verbal event (support, criticism).  A light verb that frames
    it as its object then performs it: "pledged support" is support given, "offered criticism" is
    criticism made, while "pledged aid" is aid still to come."""
    found: set[str] = set()
    node = tok
    inherit = True  # whether the auxiliaries of ``node`` apply to the event
    for _ in range(6):
        if inherit:
            _own_marks(node, w, found)
        if node.head is node:
            break
        dep, head = node.dep_, node.head
        if dep == "pobj" and _responsibility_claimed(node, w):
            found.add("claimed")
            break
        if dep == "dobj" and node.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in w.claim_act_verbs:
            found.add("claimed")  # "the Front claimed the bombing"
            break
        if dep == "conj":
            node = head  # a coordinated verb shares the auxiliaries and the frame of its first conjunct
            continue
        if dep == "pobj" and head.dep_ == "prep" and head.head is not head:
            gov = head.head  # "plans for an attack", "warned of attacks"
            m = _frame_mode(gov, w)
            if m:
                found.add(m)
            break
        if dep not in ("xcomp", "ccomp", "acl", "dobj"):
            break
        if dep == "dobj" and any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in head.children):
            break  # "considered the attack a crime": the object is judged, not contemplated
        performed = verbal and node is tok and dep == "dobj" and head.lemma_.lower() in w.light_verbs
        told = dep == "ccomp" and _past(node)  # "warned that the militants had seized the town": it happened
        m = None if performed or told else _frame_mode(head, w)
        if m:
            found.add(m)
            if dep != "xcomp":
                break
        if dep == "xcomp" and head.lower_ in w.future_forms and any(c.dep_ in ("aux", "auxpass") for c in head.children):
            found.add("future")  # "is going to attack", "is set to sign"
        if dep in ("ccomp", "acl"):
            break  # a reported clause keeps its own tense; a noun's clause its own
        inherit = dep == "xcomp" or (dep == "dobj" and head.lemma_.lower() in w.light_verbs)
        if not inherit:
            break
        node = head
    return [m for m in MODES if m in found]


def mode_of(tok: Token, ev: EventSpan, w: EventWords) -> list[str]:
    """Every mode of an event whose trigger is ``tok``, once its negation and attribution are
    known: ``negated`` from ``ev.negated``, the parse's modes (``modes``), and ``claimed`` for a
    material act that its own source reports.  Modes already on ``ev`` are kept."""
    found = set(ev.mode) | set(modes(tok, w, verbal=PLOVER_CLASS.get(ev.type, "").startswith("verbal")))
    if ev.negated:
        found.add("negated")
    own_report = ev.attributed_to is not None and ev.attributed_to == ev.source
    if own_report and not ev.negated and not (found & UNREALIZED) and PLOVER_CLASS.get(ev.type, "").startswith("material"):
        found.add("claimed")
    return [m for m in MODES if m in found]


# -- historical ---------------------------------------------------------------------------------

def _bounds(value: str | None) -> tuple[_date, _date] | None:
    """The first and last day a ``YYYY[-MM[-DD]]`` date can denote, or None."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return _date(y, 1, 1), _date(y, 12, 31)
        m = int(parts[1])
        if len(parts) == 2:
            return _date(y, m, 1), _date(y, m, calendar.monthrange(y, m)[1])
        d = _date(y, m, int(parts[2]))
        return d, d
    except (ValueError, IndexError):
        return None


def _perfect(trig: Token) -> str | None:
    """"past" for "had attacked", "present" for "has attacked" (or a trigger noun that is the
    object of "had launched", "has launched"), else None."""
    verb = trig.head if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ in ("dobj", "nsubjpass") else trig
    for c in verb.children:
        if c.dep_ == "aux" and c.lemma_.lower() == "have":
            if c.lower_ in ("had", "'d"):
                return "past"
            if c.lower_ in ("has", "have", "'s", "'ve"):
                return "present"
    return None


def historical(trig: Token | None, date: str | None, origin: str | None, published: str | None) -> bool:
    """Whether an event is history as the article tells it.  Only an event with a date of its own
    (``origin`` "sentence" or "relative"; the article's date is no evidence) can be historical:

    - its date ends more than ``HISTORICAL_GAP`` (a year) before the article's date begins
      ("in 2015" in an article of 2017; "in June 2016" in one of September 2017), or
    - its trigger is in the past perfect and its stated date falls in an earlier year than the
      article's ("had attacked in 2016" in an article of March 2017).

    The present perfect reaches up to the article's day, so it is never historical ("its guards
    have arrested dozens since 2019").
    """
    if origin not in ("sentence", "relative"):
        return False
    perfect = _perfect(trig) if trig is not None else None
    if perfect == "present":
        return False
    ev, art = _bounds(date), _bounds(published)
    if ev is None or art is None:
        return False
    if art[0] - ev[1] > HISTORICAL_GAP:
        return True
    return origin == "sentence" and ev[1].year < art[0].year and perfect == "past"


def with_history(mode, trig: Token | None, date: str | None, origin: str | None, published: str | None) -> tuple[str, ...]:
    """``mode`` (an event's modes) with ``historical`` added when ``historical`` says so."""
    found = set(mode or ())
    if historical(trig, date, origin, published):
        found.add("historical")
    return tuple(m for m in MODES if m in found)
