"""Everyday actors: noun phrases headed by an agent noun ("police", "U.S. troops", "protesters").

A noun phrase whose head (or multiword head, "security forces") is in ``agent_nouns.tsv`` and that
is not part of a name becomes a mention with that noun's sector:

- **tied** when the parse ties it to a named actor: a modifier ("Israeli forces", "U.S. troops",
  "Hamas fighters"), a possessive ("Dastan's army", "Hamas' security services") or "of/from X" ("forces
  of the Free Front", "soldiers from Dastan").  The mention folds into that actor, so events attach to it, and
  ``doc._.cg_sectors`` keeps the sector of its tokens.  A state or nationality does not own its
  civilians, rebels or protesters, though: "Dastani protesters" is a group of its own, affiliated
  with Dastan, and not Dastan.
- **untied** otherwise.  A state's own bodies (``state_sectors``: "the police", "officials") belong
  to the place they are "in" ("police in Lenhaven"), or else to the state the article is about
  when one state dominates it (the place mentioned most, the
  dateline place on a tie): "Varland police", an ORG of kind "sector" that may meet the same
  actor in other documents.  Anything else ("protesters", "17 people", "insurgents") is an actor
  of type OTHER and kind "sector" that belongs to this document alone (key ``d:...``, which
  ``resolve.Resolver`` keeps per document).

A phrase owned by a pronoun ("its forces", "his administration") is left to coreference and the
events stage, which know whom the pronoun means; an idiom ("joined forces with") names no group.

Within a document the untied mentions of one sector (and affiliation) are one actor:
"the protesters" ... "protesters" ... "demonstrators".
"""
from __future__ import annotations

from collections import Counter
from itertools import product

from spacy.tokens import Doc, Token

from ...textutil import norm_name
from ..extensions import Cluster, EventSpan, Mention
from ..offsets import OffsetIndex
from .words import ActorWords

SECTOR_LABEL = "SECTOR"  # the ``Mention.label`` of an agent-noun mention
DOC_SCOPED = "d:"  # key prefix of a sector actor that belongs to one document
_HEAD_DEPS_NOT = ("compound", "amod")  # "police station", "army base": a modifier, not the group
_PHRASE_DEPS = ("compound", "amod")
_LEFT_DEPS = ("compound", "amod", "nummod", "quantmod")  # "17 people", "armed men"
_TIE_DEPS = ("amod", "compound", "nmod", "poss")
_OWNER_PREPS = ("of", "from")  # "forces of the Free Front", "soldiers from Dastan"
_DASHES = {"—", "–", "-", "--", "(", ":"}


def find_sectors(doc: Doc, mentions: list[Mention], clusters: dict[str, Cluster], words: ActorWords) -> tuple[list[Mention], dict[int, str]]:
    """The agent-noun mentions of ``doc`` (sector clusters are added to ``clusters``) and the
    sector of each of their head tokens."""
    named = {i: m for m in mentions for i in range(m.start, m.end)}
    dominant = dominant_state(doc, mentions, clusters)
    found: list[Mention] = []
    sectors: dict[int, str] = {}
    surfaces: dict[str, Counter] = {}
    prefix: dict[str, str] = {}  # sector cluster -> what its names start with ("Dastani", "Varland")
    for tok in doc:
        hit = _phrase(doc, tok, named, words)
        if hit is None:
            continue
        start, sector = hit
        end = tok.i + 1
        left = start
        while left > 0 and doc[left - 1].dep_ in _LEFT_DEPS and start <= doc[left - 1].head.i < end and doc[left - 1].i not in named and not doc[left - 1].is_punct:
            left -= 1
        key = _key(doc, _tie(doc, start, tok, named), sector, clusters, _place(tok, named, clusters) or dominant, words, prefix)
        found.append(Mention(left, end, key, "sector", SECTOR_LABEL))
        for i in range(start, end):
            sectors[i] = sector
        if clusters[key].kind == "sector":
            surfaces.setdefault(key, Counter())[" ".join(t.lower_ for t in doc[start:end])] += 1
    for key, seen in surfaces.items():
        cl = clusters[key]
        forms = {f"{prefix.get(key, '')} {s}".strip(): n for s, n in seen.items()}
        if key.startswith(DOC_SCOPED):
            cl.name = max(forms, key=forms.__getitem__)  # the form the text uses most, the first on a tie
        for f in forms:
            cl.add_alias(f)
    return found, sectors


def _forms(tok: Token) -> tuple[str, ...]:
    return tuple(dict.fromkeys((tok.lower_, tok.lemma_.lower())))


def _phrase(doc: Doc, tok: Token, named: dict[int, Mention], words: ActorWords) -> tuple[int, str] | None:
    """(first token, sector) of the longest agent-noun phrase that ``tok`` heads, or None."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.i in named or tok.dep_ in _HEAD_DEPS_NOT:
        return None
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return None  # "its forces", "his administration": whose they are is the pronoun's, for coreference to say
    if tok.dep_ == "dobj" and (tok.head.lemma_.lower(), tok.lower_) in words.idioms:
        return None  # "joined forces with"
    agents = words.agents
    for n in range(min(agents.longest, tok.i + 1), 0, -1):
        start = tok.i - n + 1
        mods = doc[start : tok.i]
        if any(t.i in named or t.dep_ not in _PHRASE_DEPS or not (t.i < t.head.i <= tok.i) for t in mods):
            continue
        for combo in product(*(_forms(t) for t in doc[start : tok.i + 1])):
            sector = agents.sector(combo)
            if sector:
                return start, sector
    return None


def _tie(doc: Doc, start: int, head: Token, named: dict[int, Mention]) -> tuple[Mention, str] | None:
    """The named mention the parse ties the phrase to, and how (the dependency, or "of")."""
    for t in doc[start : head.i + 1]:
        for c in t.children:
            if c.i < start and c.dep_ in _TIE_DEPS and c.i in named:
                return named[c.i], c.dep_
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _OWNER_PREPS:
            p = next((x for x in c.children if x.dep_ == "pobj"), None)
            if p is not None and p.i in named:
                return named[p.i], "of"
    return None


def _place(head: Token, named: dict[int, Mention], clusters: dict[str, Cluster]) -> str | None:
    """The place a state body is "in" ("police in Lenhaven"): the key of a GPE, or None."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            p = next((x for x in c.children if x.dep_ == "pobj"), None)
            if p is not None and p.i in named and clusters[named[p.i].key].type == "GPE":
                return named[p.i].key
    return None


def _key(doc: Doc, tie: tuple[Mention, str] | None, sector: str, clusters: dict[str, Cluster], state: str | None,
         words: ActorWords, prefix: dict[str, str]) -> str:
    """The cluster the mention belongs to (made when it is new); ``state`` is the place an untied
    state body belongs to (the one it is "in", or the article's)."""
    state_sector = sector in words.state_sectors
    if tie is not None:
        m, how = tie
        owner = clusters[m.key]
        if state_sector or owner.type not in ("GPE", "NORP"):
            return m.key  # "Israeli forces", "Hamas fighters", "Dastan's army": the actor itself
        # "Dastani protesters": a group of the place's people, not the place
        key = f"{doc_key(sector)}:{m.key}"
        if key not in clusters:
            clusters[key] = Cluster(key=key, name=sector.lower(), type="OTHER", kind="sector", sector=sector, affiliations={m.key})
            prefix[key] = doc[m.start : m.end].text if how in ("amod", "compound") else owner.name
        return key
    if state_sector and state is not None:
        place = core_name(clusters[state].name)
        name = f"{place} {words.agents.names.get(sector, sector.lower())}"
        key = f"t:{norm_name(name)}"
        if key not in clusters:  # (a named actor of that name, if there is one, is this one)
            clusters[key] = Cluster(key=key, name=name, type="ORG", kind="sector", sector=sector, affiliations={state})
            clusters[key].add_alias(name)
            prefix[key] = place
        return key
    key = doc_key(sector)
    if key not in clusters:
        clusters[key] = Cluster(key=key, name=sector.lower(), type="OTHER", kind="sector", sector=sector)
    return key


def doc_key(sector: str) -> str:
    """The key of the document's own actor of a sector ("d:protest")."""
    return f"{DOC_SCOPED}{sector.lower()}"


def core_name(name: str) -> str:
    """"Kingdom of Varland" -> "Varland": the name a state's bodies take ("Varland police")."""
    core = name.split(" of ")[-1] if " of " in name else name
    return core[4:] if core.lower().startswith("the ") else core


def dominant_state(doc: Doc, mentions: list[Mention], clusters: dict[str, Cluster]) -> str | None:
    """The key of the place the article is about: the GPE mentioned most, strictly more than any
    other, with the dateline place ("LENHAVEN, Varland —") winning a tie; None if there is none."""
    counts: Counter = Counter()
    for m in mentions:
        cl = clusters.get(m.key)
        if cl is not None and cl.type == "GPE":
            counts[m.key] += 1
            if m.start <= 3 and any(t.text in _DASHES for t in doc[m.end : m.end + 4]):
                counts[m.key] += 0.5  # the dateline
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def event_sectors(doc: Doc, ev: EventSpan, mentions: OffsetIndex[Mention] | None = None) -> tuple[str | None, str | None]:
    """(source sector, target sector) of an event, for the record's ``source_sector`` and
    ``target_sector``: a sector actor's own sector ("protesters" -> PROTEST), or, for a named
    actor, the sector of the mention that stands for it nearest the trigger in the event's
    sentence when that mention is an agent noun ("Israeli forces" -> MIL; "Israel" -> None).
    ``mentions``: the Doc's ``cg_mentions`` indexed once for all its events (else indexed here)."""
    if mentions is None:
        mentions = OffsetIndex(doc._.cg_mentions or ())
    return _argument_sector(doc, ev.source, ev.trigger, mentions), _argument_sector(doc, ev.target, ev.trigger, mentions)


def _argument_sector(doc: Doc, key: str | None, trigger: int, mentions: OffsetIndex[Mention]) -> str | None:
    clusters = doc._.cg_clusters or {}
    cl = clusters.get(key or "")
    if cl is None:
        return None
    if cl.kind == "sector":
        return cl.sector
    sectors: dict[int, str] = doc._.cg_sectors or {}
    sent = doc[trigger].sent
    mine = [m for m in mentions.starting_in(sent.start, sent.end) if m.key == key]
    # agent-noun mentions: the actors stage's, or a reference that took one over ("the militants")
    agent = {i: m for m in mine if any(i in sectors for i in range(m.start, m.end)) for i in range(m.start, m.end)}
    if not agent:
        return None
    best = min(mine, key=lambda m: (min(abs(i - trigger) for i in range(m.start, m.end)), m.start))
    # "Israeli" in "Israeli forces" stands for the forces
    chosen = agent.get(best.start) or agent.get(doc[best.end - 1].head.i)
    if chosen is None:
        return None
    return next((sectors[i] for i in range(chosen.start, chosen.end) if i in sectors), None)
