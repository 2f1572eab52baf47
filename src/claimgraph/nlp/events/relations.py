"""Relations that are not a trigger's arguments: copulas ("Hamas is ISIS", "worse than"),
"the Iran-backed group", and the cooperation that "X links A to B" asserts."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..extensions import EventSpan
from .arguments import Arguments, Owner, pobj_of


def copulas(doc: Doc, owner: Owner, args: Arguments) -> list[EventSpan]:
    """"X is Y", "X is worse than Y", "X is no different from Y": EQUATE."""
    equate_adj = args.w.equate_adj
    out = []
    for tok in doc:
        if tok.lemma_ != "be":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        left = args.actors_of(subj, owner)
        if not left:
            continue
        for c in tok.children:
            right: list[str] = []
            if c.dep_ == "attr" and owner[c.i]:
                right = args.actors_of(c, owner)
            elif c.dep_ in ("acomp", "prep", "attr") and (c.lower_ in equate_adj or c.lemma_.lower() in equate_adj):
                for p in c.subtree:
                    if p.dep_ == "pobj" and owner[p.i]:
                        right = args.actors_of(p, owner)
                        break
            clusters = doc._.cg_clusters or {}
            for r in right:
                if getattr(clusters.get(r), "kind", "actor") == "sector":
                    continue  # "the spokesman is a former teacher": a description, not an equation
                for l in left:
                    out.append(EventSpan("EQUATE", l, r, tok.i, tok.text))
    return out


def backed(doc: Doc, owner: Owner, args: Arguments) -> list[EventSpan]:
    """"the Iran-backed group Hamas", "Dastan-funded militias": X supports or aids Y."""
    verbs = args.w.lex.verbs
    out = []
    for tok in doc:
        if tok.tag_ != "VBN" or tok.i < 2 or doc[tok.i - 1].text != "-" or owner[tok.i - 2] is None:
            continue
        options = verbs.get(tok.lemma_.lower())
        if not options:
            continue
        head = tok.head
        targets = args.actors_of(head, owner) if head.i != tok.i else []
        if not targets:
            targets = [owner[c.i] for c in head.children if c.dep_ in ("appos", "compound") and owner[c.i]]
        if not targets:
            nxt = head.i + 1
            targets = [owner[nxt]] if nxt < len(doc) and owner[nxt] else []
        for t in targets:
            if t != owner[tok.i - 2]:
                out.append(EventSpan(options[-1].type, owner[tok.i - 2], t, tok.i, doc[tok.i - 2 : tok.i + 1].text))
    return out


def linked_pair(tok: Token, owner: Owner, args: Arguments) -> list[EventSpan]:
    """"X links A to B": X accuses A, and asserts that A and B cooperate."""
    a = next((args.actors_of(c, owner) for c in tok.children if c.dep_ == "dobj"), [])
    b: list[str] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "with"):
            b = args.actors_of(pobj_of(c), owner)
    if not a or not b:
        return []
    speaker = (args.subjects(tok, owner) or [None])[0]
    return [EventSpan("COOPERATE", a[0], b[0], tok.i, tok.text, attributed_to=speaker, hedged=True, derived="link")]
