"""Whose claim an event is: the speaker of the quote around it, the subject of a framing verb
("X accused Y of ...", "Y denied ..."), and the ACCUSE that an accusatory framing adds.

An event's frame gives three things (SPEC section 3): ``attributed_to``, the speaker who asserts
it; ``source_kind``, what kind of source that is ("outlet" when no frame holds it, "named",
"unnamed", "report"); and ``via``, the channel that relays it ("Ynet reported that X said ...":
X asserts it, via Ynet; "Reuters reported that ..." alone: the outlet Reuters, via Reuters).  Of the
quotes around an event, a speech frame ("said", "according to") outranks a commitment ("agreed
to", "plans to"): in "According to X, Y agreed to ..." X asserts what Y agreed to."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ...ontology import stance
from ..extensions import Cluster, EventSpan, QuoteSpan
from ..offsets import indexed
from .arguments import Arguments, Owner, pobj_of

# ``quotes`` below: the Doc's ``cg_quotes``, best as an ``offsets.OffsetIndex`` built once for the
# Doc (the events stage passes one); a plain list is indexed on each call.


def speaker_for(char: int, quotes: list[QuoteSpan]) -> str | None:
    """The speaker of the innermost quote around a character offset."""
    inside = [q for q in indexed(quotes).containing(char) if q.speaker]
    if not inside:
        return None
    q = min(inside, key=lambda q: q.end - q.start)  # the innermost
    return q.speaker


def frame_of(doc: Doc, char: int, quotes: list[QuoteSpan], speech: frozenset[str]) -> tuple[str | None, str, str | None]:
    """(attributed_to, source_kind, via) of a claim at a character offset, from the quotes around it."""
    inside = sorted((q for q in indexed(quotes).containing(char) if q.speaker or q.speaker_text), key=lambda q: q.end - q.start)
    said = [q for q in inside if _is_speech(doc, q, speech)]
    chain = said or inside
    channels = [q for q in inside if q.speaker_kind == "outlet"]
    for q in chain:
        if q.speaker_kind == "outlet":
            continue
        via = q.via or next((c.speaker or c.speaker_text for c in channels if c.end - c.start > q.end - q.start), None)
        return q.speaker, q.speaker_kind or ("named" if q.speaker else "unnamed"), via
    if channels:  # only a channel reports it: that outlet's own claim
        return None, "outlet", channels[0].speaker or channels[0].speaker_text
    return None, "outlet", None


def _is_speech(doc: Doc, q: QuoteSpan, speech: frozenset[str]) -> bool:
    if q.cue == "according to" or q.cue_token is None:
        return q.cue is not None or q.direct
    return doc[q.cue_token].lemma_.lower() in speech


def attribute(tok: Token, ev: EventSpan, quotes: list[QuoteSpan], owner: Owner, args: Arguments) -> None:
    """Set an event's ``attributed_to``, ``source_kind`` and ``via`` from its frame: the quotes
    around it, else a framing verb ("X accused Y of ...")."""
    if ev.attributed_to is not None:  # set by the stage that made it
        ev.source_kind = "named" if ev.source_kind == "outlet" and ev.via is None else ev.source_kind
        return
    ev.attributed_to, ev.source_kind, ev.via = frame_of(tok.doc, tok.idx, quotes, args.w.speech.all)
    if ev.attributed_to is None and ev.derived is None:
        found, who = wrapper(tok, owner, args)
        if found:
            ev.attributed_to = who
            ev.hedged = ev.hedged or who is None
            ev.source_kind = "named" if who else ("unnamed" if ev.source_kind == "outlet" else ev.source_kind)


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
    q = next(iter(indexed(quotes).containing(doc[ev.trigger].idx)), None)
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
    return EventSpan("ACCUSE", speaker, ev.source, ev.trigger, ev.trigger_text, hedged=ev.hedged, attributed_to=speaker, sent_start=ev.sent_start, sent_end=ev.sent_end,
                     derived="accusation", via=ev.via, source_kind=ev.source_kind)
