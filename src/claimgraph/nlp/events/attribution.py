"""Whose claim an event is: the speaker of the quote around it, the subject of a framing verb
("X accused Y of ...", "Y denied ..."), and the ACCUSE that an accusatory framing adds."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ...ontology import stance
from ..extensions import Cluster, EventSpan, QuoteSpan
from .arguments import Arguments, Owner, pobj_of


def speaker_for(char: int, quotes: list[QuoteSpan]) -> str | None:
    """The speaker of the innermost quote around a character offset."""
    inside = [q for q in quotes if q.start <= char < q.end and q.speaker]
    if not inside:
        return None
    q = min(inside, key=lambda q: q.end - q.start)  # the innermost
    return q.speaker


def wrapper(tok: Token, owner: Owner, args: Arguments) -> tuple[bool, str | None]:
    """An event framed by "X accused Y of ...", "Y was accused by X of ...", "Y denied ..."
    is X's (or Y's) assertion, not the outlet's."""
    w = args.w
    node = tok
    for _ in range(4):
        if node.dep_ not in ("xcomp", "pcomp", "pobj", "prep", "ccomp", "dobj", "acl") or node.head is node:
            return False, None
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in w.speech.accusatory or lemma in ("suspect",) or lemma in w.deny:
            if node.pos_ not in ("VERB", "AUX"):
                return False, None
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in node.children)
            if passive and lemma not in w.deny:
                agent = next((c for c in node.children if c.dep_ == "agent"), None)
                pobj = pobj_of(agent)
                who = args.actors_of(pobj, owner) if pobj is not None else []
            else:
                who = args.subjects(node, owner) or next((args.actors_of(c, owner) for c in node.children if c.dep_ == "nsubjpass"), [])
            return True, (who[0] if who else None)
        if node.pos_ == "NOUN" and lemma in w.claim_nouns:
            # "accusations by X that ...", "X's claim that ..."
            who: list[str] = []
            for c in node.children:
                if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by"):
                    who = args.actors_of(c if c.dep_ == "poss" else pobj_of(c), owner)
            return True, (who[0] if who else None)
    return False, None


def accusation(doc: Doc, ev: EventSpan, quotes: list[QuoteSpan], clusters: dict[str, Cluster], args: Arguments) -> EventSpan | None:
    """The speaker's ACCUSE of the event's source, when the speaker asserts a hostile act, an
    equation, or cooperation with an armed or negatively labelled actor."""
    w = args.w
    speaker = ev.attributed_to
    if speaker is None or ev.source is None or speaker == ev.source or ev.derived:
        return None
    if ev.type in ("ACCUSE", "REJECT"):
        return None
    q = next((q for q in quotes if q.start <= doc[ev.trigger].idx < q.end), None)
    cue = doc[q.cue_token].lemma_.lower() if q is not None and q.cue_token is not None else ""
    accusatory = cue in w.speech.accusatory or stance(ev.type) == "hostile" or ev.type == "EQUATE"
    if not accusatory and stance(ev.type) == "cooperative" and ev.target in clusters:
        # claiming that someone works with an armed group, or with an actor the text
        # calls terrorist or extremist, is an accusation
        target = clusters[ev.target]
        words = {word for lab, _ in target.labels for word in lab.split()}
        entry = w.gaz.entries.get(target.gaz_id or "")
        accusatory = bool(words & w.negative_label_words) or (entry is not None and entry.kind == "armed_group")
    if not accusatory or ev.negated:
        return None
    speaker_cl, source_cl = clusters.get(speaker), clusters.get(ev.source)
    side = (speaker_cl.affiliations | {speaker}) if speaker_cl is not None else {speaker}
    if ev.source in side or (source_cl is not None and source_cl.affiliations & side):
        return None  # a minister describing his own state's war, or its police's arrests, is not accusing it
    return EventSpan("ACCUSE", speaker, ev.source, ev.trigger, ev.trigger_text, hedged=ev.hedged, attributed_to=speaker, sent_start=ev.sent_start, sent_end=ev.sent_end, derived="accusation")
