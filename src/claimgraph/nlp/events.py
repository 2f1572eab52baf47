"""Events and relations coded to PLOVER from the dependency parse.

Triggers come from ``data/events.tsv``.  For a verb trigger the source is its subject (shared
through coordination, ``xcomp`` and relative clauses), the target its object or a prepositional
object; passives swap them ("was killed by").  Noun triggers take their source from a
possessive or modifier ("a Hamas attack") or from the verb that governs them ("launched an
attack on"), and their target from "of/on/against/with/to" ("the assassination of a Hamas
commander").  Copulas give EQUATE ("Hamas is ISIS", "worse than") and AFFILIATE ("X, the
military wing of Y", "pledged loyalty to Y").

Every event carries negation, hedging and attribution: an event inside a quote or reported
speech is attributed to its speaker, and when that framing is accusatory the speaker's ACCUSE
of the event's source is added.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..resolve.gazetteer import default_gazetteer
from .actors import token_actor_map
from .extensions import Cluster, EventSpan, QuoteSpan
from ..ontology import ONE_SIDED, RECIPROCAL, stance
from .lexicon import Trigger, event_lexicon, speech_verbs, word_set

_LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "claim", "take", "order", "sign", "hold", "provide", "give", "offer", "announce", "wage", "plan", "make", "pledge", "swear", "declare", "reach", "begin", "start", "continue", "lead", "impose", "issue", "express", "receive", "have", "seek", "deny"}
_TARGET_PREPS = ("against", "on", "with", "to", "at", "into", "toward", "towards", "upon", "for", "from")
_NOUN_TARGET_PREPS = ("of", "on", "against", "with", "to", "for", "toward", "towards", "into")
_COOP_NOUN_SOURCE_OF = {"SUPPORT", "AID", "COOPERATE"}  # "the support of Iran": of = source
_EQUATE_ADJ = {"worse", "better", "similar", "like", "same", "equivalent", "identical", "akin", "comparable", "indistinguishable", "different"}
_DENY = {"deny", "dismiss", "reject", "refute", "denial", "rebut"}
_NEGATIVE_LABEL_WORDS = {"terrorist", "terror", "jihadist", "extremist", "militant", "genocidal", "criminal"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PLEDGE_NOUNS = {"loyalty", "allegiance"}
_SIMILAR_MIN = 0.62
# frequent verbs that are never events on their own, whatever their vectors say
_NOT_EVENTS = {"be", "have", "do", "get", "make", "go", "come", "take", "see", "know", "think", "become", "seem", "include", "use", "find", "want", "need", "try", "begin", "start", "continue", "remain", "keep", "hold", "put", "set", "let", "leave", "follow", "show", "appear", "live", "die", "happen", "occur", "cause", "lead", "bring", "run", "turn", "move", "play", "feel", "look", "mean", "involve", "consider", "expect", "plan", "seek", "hope", "like", "love", "hate", "write", "read", "base", "locate", "name", "own", "add", "increase", "reduce", "rise", "fall", "grow", "pay", "cost", "spend", "win", "lose", "face", "reach", "return", "arrive", "leave", "enter", "travel", "fly", "drive", "walk", "stay", "wait", "work"}
_CLAIM_NOUNS = {"accusation", "allegation", "claim", "charge", "suggestion", "assertion", "report", "rumor", "rumour"}
_GROUP_HEADS = {"group", "organization", "organisation", "movement", "faction", "militia", "outfit", "network", "cell"}


class EventFinder:
    def __init__(self) -> None:
        self.lex = event_lexicon()
        self.hedges = word_set("hedges.txt")
        self.speech = speech_verbs()
        self._sim_cache: dict[str, list[Trigger] | None] = {}
        self._lex_vectors = None

    def __call__(self, doc: Doc) -> Doc:
        owner = token_actor_map(doc)
        clusters: dict[str, Cluster] = doc._.cg_clusters or {}
        quotes: list[QuoteSpan] = doc._.cg_quotes or []
        events: list[EventSpan] = list(doc._.cg_events or [])
        for tok in doc:
            trig = self._trigger(tok)
            if trig is None:
                continue
            for ev in self._events_for(doc, tok, trig, owner):
                events.append(ev)
        events += self._copulas(doc, owner)
        events += self._backed(doc, owner)
        out: list[EventSpan] = []
        seen: set[tuple] = set()
        for ev in events:
            if ev.source is not None and ev.source == ev.target:
                continue
            if ev.source is None and ev.target is None:
                continue
            tok = doc[ev.trigger]
            ev.sent_start, ev.sent_end = tok.sent.start_char, tok.sent.end_char
            ev.negated = ev.negated or self._negated(tok)
            ev.hedged = ev.hedged or self._hedged(tok)
            if ev.attributed_to is None:
                ev.attributed_to = _speaker_for(tok.idx, quotes)
            if ev.attributed_to is None and ev.derived is None:
                found, who = self._wrapper(tok, owner)
                if found:
                    ev.attributed_to = who
                    ev.hedged = ev.hedged or who is None
            key = (ev.type, ev.source, ev.target, ev.trigger, ev.derived)
            if key in seen:
                continue
            seen.add(key)
            out.append(ev)
            acc = self._accusation(doc, ev, quotes, clusters)
            if acc is not None and (acc.type, acc.source, acc.target, acc.trigger, acc.derived) not in seen:
                seen.add((acc.type, acc.source, acc.target, acc.trigger, acc.derived))
                out.append(acc)
        doc._.cg_events = out
        return doc

    # -- triggers --------------------------------------------------------------------------
    def _similar_verb(self, tok: Token) -> list[Trigger] | None:
        """A verb missing from the lexicon takes the type of its nearest lexicon verb in the
        model's word vectors, when they are close enough ("contribute" ~ "donate")."""
        lemma = tok.lemma_.lower()
        if lemma in self._sim_cache:
            return self._sim_cache[lemma]
        found = None
        vocab = tok.vocab
        if self._lex_vectors is None:
            import numpy as np

            keys = [k for k, ts in self.lex.verbs.items() if any(t.particle is None for t in ts) and vocab.has_vector(k)]
            if keys:  # a model without word vectors (the small one) has no fallback
                mat = np.array([vocab.get_vector(k) for k in keys], dtype="float32")
                norms = np.linalg.norm(mat, axis=1, keepdims=True)
                self._lex_vectors = (keys, mat / np.maximum(norms, 1e-6))
            else:
                self._lex_vectors = ([], None)
        keys, mat = self._lex_vectors
        if keys and vocab.has_vector(lemma) and lemma not in self.speech.all and lemma not in _NOT_EVENTS:
            import numpy as np

            v = vocab.get_vector(lemma)
            n = float(np.linalg.norm(v))
            if n > 0:
                sims = mat @ (v / n)
                best = int(sims.argmax())
                if sims[best] >= _SIMILAR_MIN:
                    found = [t for t in self.lex.verbs[keys[best]] if t.particle is None]
        self._sim_cache[lemma] = found
        return found

    def _trigger(self, tok: Token) -> Trigger | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma != "be"):
            options = self.lex.verbs.get(lemma)
            if not options and tok.pos_ == "VERB":
                options = self._similar_verb(tok)
                if options:
                    options = [Trigger(lemma, None, "VERB", options[0].type, like=options[0].lemma)]
            if not options:
                return None
            parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
            for t in options:
                if t.particle is None or t.particle in parts:
                    # a light verb whose object is itself a trigger noun defers to the noun
                    if lemma in _LIGHT_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.nouns for c in tok.children):
                        return None
                    return t
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ == "":
            # the surface form first: "arms" (weapons) is not the plural of "arm" (a branch)
            return self.lex.nouns.get(tok.lower_) or self.lex.nouns.get(tok.lemma_.lower())
        return None

    def _events_for(self, doc: Doc, tok: Token, trig: Trigger, owner) -> list[EventSpan]:
        if trig.pos == "NOUN":
            sources, targets = self._noun_args(doc, tok, trig, owner)
            if trig.type == "AFFILIATE":
                sources = self._affiliate_source(tok, owner) or (sources if tok.lemma_.lower() in _PLEDGE_NOUNS else [])
            if not sources or not targets:
                return []
        else:
            sources, targets = self._verb_args(doc, tok, trig, owner)
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
            out += self._linked_pair(tok, owner)
        return out

    # -- arguments ---------------------------------------------------------------------------
    def _actors_of(self, tok: Token | None, owner, depth: int = 0) -> list[str]:
        """The actors a noun phrase headed by ``tok`` refers to (with its conjuncts)."""
        if tok is None:
            return []
        found: list[str] = []
        key = owner[tok.i]
        if key is None and tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            group_head = tok.lemma_.lower() in _GROUP_HEADS
            for c in tok.children:
                if group_head and c.dep_ == "amod":
                    continue  # "the Palestinian militant group" is not Palestine
                if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and owner[c.i]:
                    key = owner[c.i]
                    break
            if key is None:
                for c in tok.children:  # "supporters of ISIS", "members of Hamas"
                    if c.dep_ == "prep" and c.lower_ == "of":
                        p = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if p is not None and depth < 3:
                            inner = self._actors_of(p, owner, depth + 1)
                            key = inner[0] if inner else None
        if key:
            found.append(key)
        if depth < 4:
            for c in tok.children:
                if c.dep_ == "conj":
                    found += self._actors_of(c, owner, depth + 1)
        return list(dict.fromkeys(found))

    def _subjects(self, tok: Token, owner, depth: int = 0) -> list[str]:
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                return self._actors_of(c, owner)
        for c in tok.children:
            if c.dep_ == "agent":
                return self._actors_of(next((p for p in c.children if p.dep_ == "pobj"), None), owner)
        if depth > 3:
            return []
        head = tok.head
        if tok.dep_ in ("xcomp", "conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            if tok.dep_ == "xcomp" and head.lemma_.lower() in ("accuse", "charge", "blame"):
                return self._objects_of_accuse(head, owner)
            return self._subjects(head, owner, depth + 1)
        if tok.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
            return self._actors_of(head, owner)
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            gov = head.head
            if gov.lemma_.lower() in ("accuse", "charge", "blame", "suspect"):
                return self._objects_of_accuse(gov, owner)
            if gov.pos_ in ("VERB", "AUX"):
                return self._subjects(gov, owner, depth + 1)
        return []

    def _objects_of_accuse(self, verb: Token, owner) -> list[str]:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                return self._actors_of(c, owner)
        return []

    def _verb_args(self, doc: Doc, tok: Token, trig: Trigger, owner) -> tuple[list[str], list[str]]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            targets = next((self._actors_of(c, owner) for c in tok.children if c.dep_ == "nsubjpass"), [])
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            sources = self._actors_of(next((p for p in agent.children if p.dep_ == "pobj"), None), owner) if agent is not None else []
        else:
            sources = self._subjects(tok, owner)
            targets = []
            for c in tok.children:
                if c.dep_ in ("dobj", "dative", "attr", "oprd"):
                    targets += self._actors_of(c, owner)
            if not targets:
                # "supplied weapons to X": the preposition may hang on the verb or its object
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                # "called for sanctions against X": one more step, through a prepositional noun
                objs += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
                for holder in [tok, *objs]:
                    for c in holder.children:
                        if c.dep_ in ("prep", "prt") and c.lower_ in _TARGET_PREPS and not (holder is not tok and c.lower_ == "from"):
                            targets += self._actors_of(next((p for p in c.children if p.dep_ == "pobj"), None), owner)
                            if targets:
                                break
                    if targets:
                        break
        if tok.lemma_.lower() == "receive" or "reverse" in trig.flags:
            giver = []
            holders = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
            holders += [g for h in holders[1:] for g in h.children if g.dep_ == "conj"]
            for h in holders:
                for c in h.children:
                    if c.dep_ == "prep" and c.lower_ == "from" and not giver:
                        giver = self._actors_of(next((p for p in c.children if p.dep_ == "pobj"), None), owner)
            return giver, sources
        return sources, [t for t in targets if t not in sources]

    def _noun_args(self, doc: Doc, tok: Token, trig: Trigger, owner) -> tuple[list[str], list[str]]:
        sources: list[str] = []
        targets: list[str] = []
        of_is_source = trig.type in _COOP_NOUN_SOURCE_OF
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and owner[c.i] and c.i < tok.i:
                sources += self._actors_of(c, owner) if c.dep_ != "amod" else [owner[c.i]]
            elif c.dep_ == "prep":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                prep = c.lower_
                if prep == "by":
                    sources += self._actors_of(pobj, owner)
                elif prep == "between" and pobj is not None:
                    both = self._actors_of(pobj, owner)
                    if len(both) >= 2:
                        sources, targets = [both[0]], [both[1]]
                elif prep == "of" and of_is_source:
                    sources += self._actors_of(pobj, owner)
                elif prep in _NOUN_TARGET_PREPS:
                    targets += self._actors_of(pobj, owner)
        if not sources:
            sources = self._governing_subject(tok, owner)
        if trig.type == "AFFILIATE" and not targets:
            targets = [owner[c.i] for c in tok.children if c.dep_ in ("compound", "poss", "nmod") and owner[c.i]]
            sources = [s for s in sources if s not in targets]
        return list(dict.fromkeys(sources)), [t for t in dict.fromkeys(targets) if t not in sources]

    def _governing_subject(self, tok: Token, owner) -> list[str]:
        """"launched an attack on X", "took responsibility for the assassination of X"."""
        node = tok
        for _ in range(4):
            if node.dep_ in ("dobj", "attr", "nsubjpass") and node.head.pos_ in ("VERB", "AUX"):
                verb = node.head
                if verb.lemma_.lower() in _LIGHT_VERBS or node.dep_ == "dobj":
                    return self._subjects(verb, owner)
                return []
            if node.dep_ == "pobj" and node.head.dep_ == "prep":
                node = node.head.head
                continue
            if node.dep_ in ("conj", "appos"):
                node = node.head
                continue
            break
        return []

    def _affiliate_source(self, tok: Token, owner) -> list[str]:
        # "Izz ad-Din al-Qassam, the military wing of Hamas": the wing is an apposition
        if tok.dep_ == "appos" and owner[tok.head.i]:
            return [owner[tok.head.i]]
        if tok.dep_ == "attr" and tok.head.lemma_ == "be":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            return self._actors_of(subj, owner)
        for c in tok.children:
            if c.dep_ == "appos" and owner[c.i]:
                return [owner[c.i]]
        return []

    def _linked_pair(self, tok: Token, owner) -> list[EventSpan]:
        """"X links A to B": X accuses A, and asserts that A and B cooperate."""
        a = next((self._actors_of(c, owner) for c in tok.children if c.dep_ == "dobj"), [])
        b: list[str] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "with"):
                b = self._actors_of(next((p for p in c.children if p.dep_ == "pobj"), None), owner)
        if not a or not b:
            return []
        speaker = (self._subjects(tok, owner) or [None])[0]
        return [EventSpan("COOPERATE", a[0], b[0], tok.i, tok.text, attributed_to=speaker, hedged=True, derived="link")]

    def _backed(self, doc: Doc, owner) -> list[EventSpan]:
        """"the Iran-backed group Hamas", "Dastan-funded militias": X supports or aids Y."""
        out = []
        for tok in doc:
            if tok.tag_ != "VBN" or tok.i < 2 or doc[tok.i - 1].text != "-" or owner[tok.i - 2] is None:
                continue
            options = self.lex.verbs.get(tok.lemma_.lower())
            if not options:
                continue
            head = tok.head
            targets = self._actors_of(head, owner) if head.i != tok.i else []
            if not targets:
                targets = [owner[c.i] for c in head.children if c.dep_ in ("appos", "compound") and owner[c.i]]
            if not targets:
                nxt = head.i + 1
                targets = [owner[nxt]] if nxt < len(doc) and owner[nxt] else []
            for t in targets:
                if t != owner[tok.i - 2]:
                    out.append(EventSpan(options[-1].type, owner[tok.i - 2], t, tok.i, doc[tok.i - 2 : tok.i + 1].text))
        return out

    def _copulas(self, doc: Doc, owner) -> list[EventSpan]:
        out = []
        for tok in doc:
            if tok.lemma_ != "be":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            left = self._actors_of(subj, owner)
            if not left:
                continue
            for c in tok.children:
                right: list[str] = []
                if c.dep_ == "attr" and owner[c.i]:
                    right = self._actors_of(c, owner)
                elif c.dep_ in ("acomp", "prep", "attr") and (c.lower_ in _EQUATE_ADJ or c.lemma_.lower() in _EQUATE_ADJ):
                    for p in c.subtree:
                        if p.dep_ == "pobj" and owner[p.i]:
                            right = self._actors_of(p, owner)
                            break
                for r in right:
                    for l in left:
                        out.append(EventSpan("EQUATE", l, r, tok.i, tok.text))
        return out

    def _wrapper(self, tok: Token, owner) -> tuple[bool, str | None]:
        """An event framed by "X accused Y of ...", "Y was accused by X of ...", "Y denied ..."
        is X's (or Y's) assertion, not the outlet's."""
        node = tok
        for _ in range(4):
            if node.dep_ not in ("xcomp", "pcomp", "pobj", "prep", "ccomp", "dobj", "acl") or node.head is node:
                return False, None
            node = node.head
            lemma = node.lemma_.lower()
            if lemma in self.speech.accusatory or lemma in ("suspect",) or lemma in _DENY:
                if node.pos_ not in ("VERB", "AUX"):
                    return False, None
                passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in node.children)
                if passive and lemma not in _DENY:
                    agent = next((c for c in node.children if c.dep_ == "agent"), None)
                    pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
                    who = self._actors_of(pobj, owner) if pobj is not None else []
                else:
                    who = self._subjects(node, owner) or next((self._actors_of(c, owner) for c in node.children if c.dep_ == "nsubjpass"), [])
                return True, (who[0] if who else None)
            if node.pos_ == "NOUN" and lemma in _CLAIM_NOUNS:
                # "accusations by X that ...", "X's claim that ..."
                who: list[str] = []
                for c in node.children:
                    if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by"):
                        who = self._actors_of(c if c.dep_ == "poss" else next((p for p in c.children if p.dep_ == "pobj"), None), owner)
                return True, (who[0] if who else None)
        return False, None

    # -- modality --------------------------------------------------------------------------
    def _negated(self, tok: Token) -> bool:
        node = tok
        for _ in range(3):
            for c in node.children:
                if c.dep_ == "neg" or c.lower_ in ("never", "no", "without"):
                    return True
            if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "appos") and node.head is not node:
                node = node.head
                if node.lemma_.lower() in _DENY and node.pos_ in ("VERB", "NOUN"):
                    return True
                if node.lemma_.lower() in self.speech.all:
                    return False  # "X did not say that ..." negates the saying, not the content
                continue
            break
        return False

    def _hedged(self, tok: Token) -> bool:
        node = tok
        for _ in range(4):
            for c in node.children:
                if c.lower_ in self.hedges and c.dep_ in ("advmod", "aux", "amod", "auxpass", "acomp"):
                    return True
            if node.lower_ in self.hedges and node is not tok:
                return True
            if node.head is node:
                break
            if node.dep_ in ("xcomp", "ccomp", "pobj", "prep", "dobj", "conj", "advcl", "pcomp"):
                node = node.head
                continue
            break
        return False

    def _accusation(self, doc: Doc, ev: EventSpan, quotes: list[QuoteSpan], clusters) -> EventSpan | None:
        speaker = ev.attributed_to
        if speaker is None or ev.source is None or speaker == ev.source or ev.derived:
            return None
        if ev.type in ("ACCUSE", "REJECT"):
            return None
        q = next((q for q in quotes if q.start <= doc[ev.trigger].idx < q.end), None)
        cue = doc[q.cue_token].lemma_.lower() if q is not None and q.cue_token is not None else ""
        accusatory = cue in self.speech.accusatory or stance(ev.type) == "hostile" or ev.type == "EQUATE"
        if not accusatory and stance(ev.type) == "cooperative" and ev.target in clusters:
            # claiming that someone works with an armed group, or with an actor the text
            # calls terrorist or extremist, is an accusation
            target = clusters[ev.target]
            words = {w for lab, _, _ in target.labels for w in lab.split()}
            entry = default_gazetteer().entries.get(target.gaz_id or "")
            accusatory = bool(words & _NEGATIVE_LABEL_WORDS) or (entry is not None and entry.kind == "armed_group")
        if not accusatory or ev.negated:
            return None
        speaker_cl = clusters.get(speaker)
        if speaker_cl is not None and ev.source in speaker_cl.affiliations:
            return None  # a minister describing his own state's war is not accusing it
        return EventSpan("ACCUSE", speaker, ev.source, ev.trigger, ev.trigger_text, hedged=ev.hedged, attributed_to=speaker, sent_start=ev.sent_start, sent_end=ev.sent_end, derived="accusation")


def _speaker_for(char: int, quotes: list[QuoteSpan]) -> str | None:
    inside = [q for q in quotes if q.start <= char < q.end and q.speaker]
    if not inside:
        return None
    q = min(inside, key=lambda q: q.end - q.start)  # the innermost
    return q.speaker
