"""Which candidate groups are actors at all: a type check over every mention of a group in the
document, with the reason for each one it turns down (``Rejected``; ``claimgraph actors
--rejected`` lists them).

A group of candidates is turned down when, in all of its mentions:

- **a modifier**: it is one adjective-like word that only modifies a common noun ("Islamic
  militants", "Western powers", "Zionist broadcaster") and is neither a place of the gazetteer
  or of the document nor shaped like a demonym ("Dastani", "Varosian" stay: each stands for its
  people or state);
- **lower case**: it is written in lower case and the gazetteer does not know it ("intel");
- **a common noun**: a one-word PERSON that follows an article ("a Hudna", "an Intifada");
- **a byline**: a person named only in a byline or a credit line ("By Hana Ostrevik",
  "(Reporting by ...; Editing by ...)"): the writer, not an actor;
- **a dateline's agency**: an organisation named only in brackets in a dateline ("OSKA, Sept 9
  (Myrrhen Daily Tribune) —"): the outlet that filed the story.

(An ambiguous gazetteer alias right after a first name is part of that person's name: "Saber
Siam" is no Thailand; ``candidates`` makes it a PERSON.)

Each rule reads the parse and the candidate's label; the document votes because a group is
kept when any of its mentions passes.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ...models import RejectedCandidate
from ...textutil import norm_name
from .candidates import Cand
from .words import ActorWords

_ARTICLES = frozenset({"a", "an"})


#: a candidate that is no actor: its text, label, where it first occurs, and why
Rejected = RejectedCandidate


def screen(doc: Doc, groups: list[list[int]], cands: list[Cand], w: ActorWords) -> tuple[list[list[int]], list[Rejected]]:
    """The groups that may be actors, and the rest with their reasons."""
    places = {doc[c.start].lower_ for c in cands if c.end - c.start == 1 and c.label in ("GPE", "LOC")}
    places |= {norm_name(doc[c.start:c.end].text) for c in cands if c.gaz and w.gaz.entries.get(c.gaz) is not None
               and w.gaz.entries[c.gaz].type == "GPE"}
    kept: list[list[int]] = []
    rejected: list[Rejected] = []
    for members in groups:
        group = [cands[i] for i in members]
        reason = _reason(doc, group, w, places)
        if reason is None:
            kept.append(members)
            continue
        first = min(group, key=lambda c: c.start)
        rejected.append(Rejected(doc[first.start:first.end].text, first.label, doc[first.start].idx, reason))
    return kept, rejected


def _reason(doc: Doc, group: list[Cand], w: ActorWords, places: set[str]) -> str | None:
    if any(c.kind != "name" for c in group):
        return None  # acronyms and propagated names were tied to a name already
    single = all(c.end - c.start == 1 for c in group)
    if single and all(_modifier(doc, c, w, places) for c in group):
        return "an adjective that only modifies a common noun; it names no actor"
    if all(not c.gaz for c in group) and all(doc[c.start:c.end].text.islower() for c in group):
        return "a common word in lower case"
    if single and all(c.label == "PERSON" and not c.gaz and c.start > 0 and doc[c.start - 1].lower_ in _ARTICLES for c in group):
        return "a common noun after an article, not a person's name"
    if all(c.label == "PERSON" and _in_byline(doc, c, w) for c in group):
        return "a byline: the writer of the article, not an actor"
    if all(c.label in ("ORG", "GAZ") and _dateline_agency(doc, c) for c in group):
        return "the agency of a dateline: the outlet that filed the story"
    return None


def _in_byline(doc: Doc, c: Cand, w: ActorWords) -> bool:
    """"By Hana Ostrevik" on a line of its own, or "(Reporting by X; Editing by Y)"."""
    if c.start == 0 or doc[c.start - 1].lower_ != "by":
        return False
    first = c.start - 1
    while first > 0 and not (doc[first - 1].is_space or "\n" in doc[first - 1].whitespace_ or doc[first - 1].text in ("(", ";")):
        first -= 1
    opening = [t.lower_ for t in doc[first : c.start] if not t.is_punct]
    return bool(opening) and opening[0] in w.byline_words and len(opening) <= 3


def _dateline_agency(doc: Doc, c: Cand) -> bool:
    """Brackets right after a dateline's place and date, closed before a dash."""
    if c.start == 0 or doc[c.start - 1].text != "(" or c.end >= len(doc) or doc[c.end].text != ")":
        return False
    after = doc[c.end + 1 : c.end + 3]
    if not any(t.text in ("—", "–", "-", "--") for t in after):
        return False
    line = c.start - 1
    while line > 0 and not (doc[line - 1].is_space or "\n" in doc[line - 1].whitespace_):
        line -= 1
    return c.start - line <= 10


def _modifier(doc: Doc, c: Cand, w: ActorWords, places: set[str]) -> bool:
    tok = doc[c.start]
    if c.gaz or tok.lower_ in places or norm_name(tok.text) in w.gaz.by_demonym:
        return False
    if tok.lower_.endswith(w.demonym_endings):
        return False  # a demonym ("Varosian officials"): it stands for its people or state, named here or not
    head = tok.head
    adjective = tok.tag_ == "JJ" or tok.pos_ == "ADJ" or tok.lower_.endswith(_IDEOLOGY_ENDINGS)  # not "two Dravenland diplomats"
    return adjective and tok.dep_ in ("amod", "compound") and head.i != tok.i and head.pos_ == "NOUN" and head.tag_ in ("NN", "NNS")


_IDEOLOGY_ENDINGS = ("ic", "ist", "ists", "ern", "ite", "ites", "ical")
