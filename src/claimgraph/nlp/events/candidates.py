"""Every candidate event of a document: a trigger with a possible source and target.

Candidates come from two places:

- **lexicon triggers** (``data/events.tsv``): a verb or event noun the lexicon types, with its
  arguments from the parse (``arguments``); the lexicon's type is the candidate's ``lexicon``;
- **any other verb** whose subject and object (or prepositional object) are both actors:
  "Varland's navy shadowed the Dastani tanker" is a candidate even though "shadow" is in no
  lexicon; its ``lexicon`` is None.

A sentence may hold several candidates (coordinated verbs, a threat and the act it threatens,
several targets).  Coordinated subjects are co-sources, never source and target of each other;
a reciprocal verb with two coordinated subjects and no object ("A and B agreed") gives one
candidate from the first to the second.  ``finder`` decides each candidate's type with the
learned classifier (``claimgraph.eventmodel``), or keeps the lexicon's type when it runs
without one.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...ontology import ONE_SIDED, RECIPROCAL
from ...resources import Trigger
from ..extensions import Mention
from ..offsets import OffsetIndex, indexed
from .arguments import Arguments, Owner
from .relations import linked_pair
from .triggers import TriggerFinder

_PLEDGE_NOUNS = {"loyalty", "allegiance"}
_PLAIN = Trigger("", None, "VERB", "")  # an unknown verb: no particle, no flags
_NP_DEPTH = 4
_PAIR_PATH = 8  # the longest dependency path between two actors a sentence pair may have
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "punct", "cc"})


@dataclass
class Candidate:
    source: str | None
    target: str | None
    trigger: int  # token index
    trigger_text: str
    lexicon: str | None  # the lexicon's type; None for a verb the lexicon does not know
    origin: str = "lexicon"  # "lexicon", "verb" (a verb the lexicon does not know) or "pair"
    path: int = 0  # for a pair: the length of the dependency path between the two actors
    derived: str | None = None  # a relation a construction adds ("link"): typed by its rule
    attributed_to: str | None = None
    hedged: bool = False


class CandidateFinder:
    def __init__(self, triggers: TriggerFinder, args: Arguments):
        self.triggers, self.args = triggers, args
        self.w = args.w

    def __call__(self, doc: Doc, owner: Owner, pairs: bool = True) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in doc:
            trig = self.triggers(tok)
            if trig is not None:
                out += self._lexicon(tok, trig, owner)
            elif self._open_verb(tok):
                out += self._verb(tok, owner)
        if pairs:
            out += self._sentence_pairs(doc, out, owner)
        return out

    # -- every other pair of actors in a sentence ----------------------------------------------
    def _sentence_pairs(self, doc: Doc, found: list[Candidate], owner: Owner) -> list[Candidate]:
        """Two actors of one sentence that no trigger links, close in the parse and not
        coordinated with each other: a candidate from the one in the subject's role to the other,
        its trigger the word where their paths meet.  The classifier says whether it is an event."""
        done = {frozenset((c.source, c.target)) for c in found}
        heads: dict[int, list[tuple[str, Token]]] = {}
        for m in doc._.cg_mentions or ():  # pronouns too: "..., where he had lunch with Macron"
            span = doc[m.start : m.end]
            heads.setdefault(span.sent.start, []).append((m.key, span.root))
        out: list[Candidate] = []
        for items in heads.values():
            roots: dict[str, list[Token]] = {}
            for key, root in items:
                roots.setdefault(key, []).append(root)
            keys = list(roots)
            for n, a in enumerate(keys):
                for b in keys[n + 1 :]:
                    if frozenset((a, b)) in done:
                        continue
                    # of the two actors' mentions, the pair closest in the parse
                    found = [c for ta in roots[a] for tb in roots[b] if (c := self._pair(ta, tb, a, b, owner)) is not None]
                    if found:
                        done.add(frozenset((a, b)))
                        out.append(min(found, key=lambda c: c.path))
        return out

    def _pair(self, ta: Token, tb: Token, a: str, b: str, owner: Owner) -> Candidate | None:
        up_a, up_b = _chain(ta), _chain(tb)
        ids_b = {t.i: n for n, t in enumerate(up_b)}
        meet = next((n for n, t in enumerate(up_a) if t.i in ids_b), None)
        if meet is None:
            return None
        lca = up_a[meet]
        steps_a, steps_b = up_a[:meet], up_b[: ids_b[lca.i]]
        if len(steps_a) + len(steps_b) > _PAIR_PATH or lca.i in (ta.i, tb.i):
            return None  # one inside the other's phrase ("Iran's army"), or far apart
        if any(t.dep_ in ("conj", "appos") for t in steps_a[-1:] + steps_b[-1:]):
            return None  # coordinated or apposed: co-sources, or one actor
        if any(owner[t.i] not in (None, a, b) for t in steps_a[1:] + steps_b[1:] + [lca]):
            return None  # a modifier of another actor ("Ethiopian" in "Ethiopian Prime Minister Abiy Ahmed")
        if lca.pos_ not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ") or lca.lemma_.lower() in self.w.speech.all or lca.lemma_ == "be":
            return None  # copulas are ``relations.copulas``' (EQUATE)
        ra, rb = _role(steps_a), _role(steps_b)
        if rb == "source" and ra != "source" or ra == "target" and rb != "target":
            a, b = b, a
        return Candidate(a, b, lca.i, lca.text, None, origin="pair", path=len(steps_a) + len(steps_b))

    # -- lexicon triggers --------------------------------------------------------------------
    def _lexicon(self, tok: Token, trig: Trigger, owner: Owner) -> list[Candidate]:
        args = self.args
        if trig.pos == "NOUN":
            sources, targets = args.of_noun(tok, trig, owner)
            if trig.type == "AFFILIATE":
                sources = args.affiliate_source(tok, owner) or (sources if tok.lemma_.lower() in _PLEDGE_NOUNS else [])
            if not sources or not (targets or (trig.type in RECIPROCAL and len(sources) >= 2)):
                return []  # "A and B signed an agreement": a reciprocal noun needs no target
        else:
            sources, targets = self._filled(tok, *args.of_verb(tok, trig, owner), owner)
            if not sources and not targets:
                return []
            if trig.type not in ONE_SIDED and not (sources and targets) and not (trig.type in RECIPROCAL and len(sources) >= 2):
                return []
            if trig.like and not (sources and targets):
                return []  # a guessed trigger needs both sides
        out = self._pairs(tok, sources, targets, trig.type, reciprocal=trig.type in RECIPROCAL)
        if "links" in trig.flags:
            for ev in linked_pair(tok, owner, args):
                out.append(Candidate(ev.source, ev.target, ev.trigger, ev.trigger_text, ev.type, derived=ev.derived,
                                     attributed_to=ev.attributed_to, hedged=ev.hedged))
        return out

    # -- verbs the lexicon does not know -----------------------------------------------------
    def _open_verb(self, tok: Token) -> bool:
        if tok.pos_ != "VERB":
            return False
        lemma = tok.lemma_.lower()
        return lemma not in self.w.speech.all and lemma not in self.w.not_events and lemma not in self.w.light_verbs

    def _verb(self, tok: Token, owner: Owner) -> list[Candidate]:
        sources, targets = self._filled(tok, *self.args.of_verb(tok, _PLAIN, owner), owner)
        if not sources or not targets:
            return []
        return self._pairs(tok, sources, targets, None, reciprocal=False, origin="verb")

    # -- arguments inside a noun phrase -------------------------------------------------------
    def _filled(self, tok: Token, sources: list[str], targets: list[str], owner: Owner) -> tuple[list[str], list[str]]:
        """A side the parse leaves empty takes the actor inside its noun phrase: "Australian aid
        supported ...", "freed a Kyrgyz journalist", "rejected the results of the UN report".
        An actor's own forces are never its target ("mobilized the army against X", "withdrew
        its police from X"): the target is then looked for behind a preposition."""
        clusters = tok.doc._.cg_clusters or {}
        own = {k for k, cl in clusters.items() if cl.kind == "sector" and any(s in cl.affiliations for s in sources)}
        targets = [t for t in targets if t not in own]
        if sources and targets:
            return sources, targets
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        subj_deps, obj_deps = (("agent",), ("nsubjpass",)) if passive else (("nsubj",), ("dobj", "dative", "attr"))
        if not sources:
            sources = self._inside([c for c in tok.children if c.dep_ in subj_deps], owner, exclude=targets)
        if not targets:
            heads = [c for c in tok.children if c.dep_ in obj_deps]
            heads += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in self.w.target_preps]
            heads += [c for h in heads if h.dep_ != "prep" for c in h.children if c.dep_ == "prep" and c.lower_ in self.w.target_preps]
            # "threatened to bomb the Varland posts": the act's object is the target of the frame
            heads += [g for c in tok.children if c.dep_ == "xcomp" for g in c.children if g.dep_ in ("dobj", "dative")]
            targets = self._inside(heads, owner, exclude=sources + sorted(own))
        return sources, targets

    def _inside(self, heads: list[Token], owner: Owner, exclude: list[str]) -> list[str]:
        """The actor nearest the head of each phrase (breadth first, not into clauses)."""
        for head in heads:
            level = [head]
            for _ in range(_NP_DEPTH):
                for t in level:
                    if owner[t.i] and owner[t.i] not in exclude:
                        return [owner[t.i]]
                level = [c for t in level for c in t.children if c.dep_ not in _CLAUSE_DEPS]
                if not level:
                    break
        return []

    def _pairs(self, tok: Token, sources: list[str], targets: list[str], lexicon: str | None, reciprocal: bool,
               origin: str = "lexicon") -> list[Candidate]:
        if not targets and len(sources) >= 2 and reciprocal:
            # "Jordan and Britain agreed to ...": each party acts towards the other
            return [Candidate(sources[0], sources[1], tok.i, tok.text, lexicon, origin)]
        return [Candidate(s, t, tok.i, tok.text, lexicon, origin) for s in sources or [None] for t in targets or [None]]


def _chain(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def _role(steps: list[Token]) -> str:
    """"source" when the way up to the meeting word leaves a subject, an agent or a possessor,
    "target" when it leaves an object, else ""."""
    top = steps[-1].dep_ if steps else ""
    if top in ("nsubj", "csubj", "agent", "poss") or (top == "pobj" and len(steps) > 1 and steps[-2].dep_ == "agent"):
        return "source"
    if top in ("dobj", "nsubjpass", "pobj", "prep", "dative", "attr", "oprd"):
        return "target"
    return ""


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def place_role(span: Span | None, locative_preps: frozenset[str], motion_verbs: frozenset[str], place: bool = False) -> str | None:
    """How a place mention only places an event: "located" ("in Ostmar", "near the border") or
    "destination" ("flew to Teluvia", "returned to Veltria"; a motion verb without an object), else None.
    ``place``: the mention's actor is known to be a place (a GPE) whatever the NER label says."""
    if span is None or (span.root.ent_type_ not in _PLACE_LABELS and not place):
        return None
    root = span.root
    if root.dep_ != "pobj":
        return None
    prep = root.head
    if prep.lower_ in locative_preps:
        return "located"
    verb = prep.head
    if prep.lower_ in ("to", "from", "for", "into") and verb.lemma_.lower() in motion_verbs and not any(c.dep_ == "dobj" for c in verb.children):
        return "destination"
    return None


def only_places(origin: str, spans, w, places: tuple[bool, ...] = ()) -> bool:
    """Is a side of this candidate a place that only places it?  A lexicon trigger keeps the
    places its own rules chose as targets ("attacked targets in Ostmar" has no place side); a
    destination is never a side ("flew to Teluvia").  ``places``: per span, whether its actor is a GPE."""
    for n, sp in enumerate(spans):
        role = place_role(sp, w.locative_preps, w.motion_verbs, place=bool(places[n]) if n < len(places) else False)
        if role == "destination" or (role == "located" and origin != "lexicon"):
            return True
    return False


def mention_span(doc: Doc, by_key: dict[str, list[Mention]], key: str | None, sent: Span, near: int) -> Span | None:
    """The mention of ``key`` in the sentence nearest to token ``near`` (the span the classifier
    reads as SRC or TGT)."""
    if key is None or key not in by_key:
        return None
    inside = indexed(by_key[key]).starting_in(sent.start, sent.end)
    if not inside:
        return None
    m = min(inside, key=lambda m: (abs(m.start - near), m.start))
    return doc[m.start : m.end]


def mentions_by_key(doc: Doc) -> dict[str, OffsetIndex[Mention]]:
    """Each actor's mentions, in ``cg_mentions`` order, indexed by token (``mention_span`` asks
    for those of one sentence)."""
    out: dict[str, OffsetIndex[Mention]] = {}
    for m in doc._.cg_mentions or ():
        out.setdefault(m.key, OffsetIndex()).add(m)
    return out
