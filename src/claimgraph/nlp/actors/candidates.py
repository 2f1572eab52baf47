"""Candidate actor mentions: named-entity spans and gazetteer matches, trimmed and made disjoint."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ...textutil import norm, norm_name
from .words import ActorWords

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "GPE"}  # a LOC is a place (roles: or an actor)
_DATE_LIKE = re.compile(r"^\d{1,4}([-/.]\d{1,2}){1,2}$")
_OPENING_MARKS = frozenset({"“", '"', "‘", "«", "„"})


@dataclass
class Cand:
    start: int
    end: int
    label: str  # NER label or "GAZ"
    gaz: str | None
    kind: str = "name"
    anchor: "Cand | None" = None  # a propagated copy of this candidate's name


class CandidateFinder:
    """Builds the gazetteer's phrase matchers once; ``__call__`` is pure per document."""

    def __init__(self, vocab, words: ActorWords):
        self.w = words
        self.gaz = words.gaz
        self.matcher_lower = PhraseMatcher(vocab, attr="LOWER")
        self.matcher_exact = PhraseMatcher(vocab, attr="ORTH")
        lower: dict[str, list] = {}
        exact: dict[str, list] = {}
        from spacy.lang.en import English  # a bare tokenizer is enough for patterns

        tok = English(vocab=vocab).tokenizer
        for text, gid, case_sensitive in self.gaz.phrases():
            (exact if case_sensitive else lower).setdefault(gid, []).append(tok(text))
        for gid, pats in lower.items():
            self.matcher_lower.add(gid, pats)
        for gid, pats in exact.items():
            self.matcher_exact.add(gid, pats)

    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
            start += 1
        while start < end and self.w.is_title(doc[start].lower_) and end - start > 1:
            start += 1
        for k in range(start + 1, end):  # "Moro National Liberation Front ( MNLF": the name ends before "("
            if doc[k].text in ("(", "[") or doc[k].is_space:
                end = k
                break
        for k in range(start + 1, end):  # 'Supporters of “Islamic State of Iraq': the name starts after the mark
            if doc[k].text in _OPENING_MARKS:
                after = [t for t in doc[k + 1 : end] if t.pos_ == "PROPN"]
                start, end = (k + 1, end) if after else (start, k)
                break
        while end > start and doc[end - 1].pos_ in ("ADP", "CCONJ", "DET") and end - start > 1:
            end -= 1  # "ISIS-Sinai Province with"
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s") or doc[end - 1].like_num or _DATE_LIKE.match(doc[end - 1].text)):
            end -= 1  # also dateline dates glued to a place: "MADRID 1996-08-30"
        return start, end

    def _ambiguous_ok(self, doc: Doc, start: int, end: int, ents: set[int]) -> bool:
        if start in ents:
            return True
        if shouting(doc, start):
            return False
        nxt = doc[end].lower_ if end < len(doc) else ""
        prev = doc[start - 1].lower_ if start > 0 else ""
        return doc[start].tag_ == "NNP" and (nxt in self.w.context_after or prev in self.w.context_before)

    def __call__(self, doc: Doc) -> list[Cand]:
        cands: list[Cand] = []
        ent_starts: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in NER_TYPES:
                continue
            s, e = self._trim(doc, ent.start, ent.end)
            if s >= e:
                continue
            text = doc[s:e].text
            key = norm(text)
            if not key or key in self.w.noise or len(key) < 2 or key.isdigit():
                continue
            if ent.label_ == "PERSON" and not any(t.pos_ == "PROPN" for t in doc[s:e]):
                continue
            if e < len(doc) and self.w.is_title(doc[e].lower_) and all(t.lower_ in self.w.title_modifiers for t in doc[s:e]):
                continue  # "Defense" in "Defense Minister Ilan Varga" is part of a title
            if e - s == 1 and doc[s].lower_ in self.w.state_forms and s > 0 and doc[s - 1].lower_ == "the":
                continue  # "the Republic", "the Kingdom": a reference to a state, for coreference
            ent_starts.update(range(s, e))
            gid = self.gaz.lookup(text) or self.gaz.by_demonym.get(norm_name(text))
            cands.append(Cand(s, e, ent.label_, gid))
        cands += self._demonyms_of_places(doc, cands, ent_starts)
        deferred: list[Cand] = []
        for matcher in (self.matcher_lower, self.matcher_exact):
            for match_id, s, e in matcher(doc):
                gid = doc.vocab.strings[match_id]
                surface = doc[s:e].text
                if surface in self.gaz.ambiguous and _after_a_first_name(doc, s) and not self.gaz.lookup(doc[s - 1 : e].text):
                    for c in cands:  # NER may have called the whole name a place
                        if (c.start, c.end) == (s - 1, e):
                            c.label, c.gaz = "PERSON", None
                    cands.append(Cand(s - 1, e, "PERSON", None))  # "Saber Siam": a person, not Thailand
                    continue
                if surface in self.gaz.ambiguous and not self._ambiguous_ok(doc, s, e, ent_starts):
                    if surface.isupper() and not shouting(doc, s):
                        deferred.append(Cand(s, e, "GAZ", gid))
                    continue
                if e - s == 1 and doc[s].is_lower and norm_name(surface) in self.gaz.by_demonym:
                    continue  # lowercase "israeli" is not an actor mention
                cands.append(Cand(s, e, "GAZ", gid))
        # one sense per discourse: "IS" is the Islamic State where the article also names it
        # unambiguously ("ISIS", "Islamic State"), whatever the parser made of the token
        named = {c.gaz for c in cands if c.gaz}
        cands += [c for c in deferred if c.gaz in named]
        chosen = self._select(doc, cands)
        return propagate(doc, chosen)

    def _demonyms_of_places(self, doc: Doc, cands: list[Cand], ents: set[int]) -> list[Cand]:
        """"Korvanian officials" where the document names Korvania but NER tagged no entity in
        "Korvanian": a capitalised word that is a demonym of a one-word place of the document
        becomes a NORP candidate (``merging`` then joins it to the place)."""
        endings = self.w.demonym_endings
        places = {doc[c.start].lower_ for c in cands if c.end - c.start == 1 and c.label in ("GPE", "GAZ") and doc[c.start].is_title}
        if not places:
            return []
        out = []
        for tok in doc:
            low = tok.lower_
            if tok.i in ents or not tok.is_title or low in places or not low.endswith(endings):
                continue
            if tok.pos_ not in ("ADJ", "PROPN") or tok.dep_ not in ("amod", "compound", "nsubj", "nsubjpass", "dobj", "pobj", "conj"):
                continue
            for suf in sorted(endings, key=len, reverse=True):
                stem = low[: -len(suf)] if low.endswith(suf) else ""
                if len(stem) >= 4 and any(p.startswith(stem) and len(p) - len(stem) <= 2 for p in places):
                    out.append(Cand(tok.i, tok.i + 1, "NORP", self.gaz.by_demonym.get(norm_name(tok.text))))
                    break
        return out

    def _select(self, doc: Doc, cands: list[Cand]) -> list[Cand]:
        """Non-overlapping spans: a gazetteer match inside a longer NER span wins when the
        span's extra words are descriptors ("ISIS Offshoot", "Hamas Commander")."""
        gaz_spans = [c for c in cands if c.label == "GAZ"]
        chosen: list[Cand] = []
        taken: set[int] = set()
        w = self.w

        def extra_is_descriptive(c: Cand) -> bool:
            inner = [g for g in gaz_spans if c.start <= g.start and g.end <= c.end and (g.end - g.start) < (c.end - c.start)]
            if not inner or c.gaz:
                return False
            g = inner[0]
            extra = [t for t in doc[c.start:c.end] if not (g.start <= t.i < g.end)]
            return any(t.lower_ in w.descriptors or t.lower_ in w.titles or t.lower_ in w.descriptive_extras for t in extra)

        def joins_names(c: Cand) -> bool:
            """"Israel & Palestine": two gazetteer names and a conjunction are two actors."""
            inner = [g for g in gaz_spans if c.start <= g.start and g.end <= c.end]
            covered = {i for g in inner for i in range(g.start, g.end)}
            rest = [t for t in doc[c.start:c.end] if t.i not in covered]
            return len(inner) >= 2 and bool(rest) and all(t.is_punct or t.pos_ == "CCONJ" or t.lower_ in ("&", "and") for t in rest)

        ordered = sorted(cands, key=lambda c: (-(c.end - c.start), c.label != "GAZ", c.start))
        for c in ordered:
            if c.label != "GAZ" and (extra_is_descriptive(c) or joins_names(c)):
                continue
            if any(i in taken for i in range(c.start, c.end)):
                continue
            if c.label != "GAZ" and not c.gaz:
                # an NER span exactly covered by a gazetteer match keeps the gazetteer id
                same = [g for g in gaz_spans if g.start == c.start and g.end == c.end]
                if same:
                    c.gaz = same[0].gaz
            chosen.append(c)
            taken.update(range(c.start, c.end))
        chosen.sort(key=lambda c: c.start)
        return chosen


def shouting(doc: Doc, start: int) -> bool:
    """Is the sentence around this token mostly in capitals (a headline, a dateline)?"""
    alpha = [t for t in doc[start].sent if t.is_alpha]
    return bool(alpha) and sum(t.is_upper for t in alpha) / len(alpha) > 0.5


def propagate(doc: Doc, chosen: list[Cand]) -> list[Cand]:
    """NER finds a name in one sentence and misses it in the next: tag every other
    occurrence of a found name (and of "Dastan" in "Kingdom of Dastan") the same way."""
    forms: dict[str, list[tuple[tuple[str, ...], Cand]]] = {}
    for c in chosen:
        words = tuple(t.text for t in doc[c.start:c.end])
        if not words or not words[0][:1].isupper() or c.kind != "name":
            continue
        forms.setdefault(words[0], []).append((words, c))
        if c.label in ("GPE", "GAZ") and "of" in words[1:-1]:
            tail = words[words.index("of") + 1 :]
            if tail[0][:1].isupper():
                forms.setdefault(tail[0], []).append((tail, c))
    if not forms:
        return chosen
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra: list[Cand] = []
    for tok in doc:
        if tok.i in taken or tok.text not in forms:
            continue
        for words, src in sorted(forms[tok.text], key=lambda f: -len(f[0])):
            end = tok.i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[tok.i:end]) == words and not any(i in taken for i in range(tok.i, end)):
                if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                    break  # part of a longer name
                extra.append(Cand(tok.i, end, src.label, src.gaz, anchor=src))
                taken.update(range(tok.i, end))
                break
    return sorted(chosen + extra, key=lambda c: c.start)


def _after_a_first_name(doc: Doc, s: int) -> bool:
    """An ambiguous one-word alias right after a capitalised given name that starts no other
    name ("Saber Siam"): the surname of a person."""
    if s == 0:
        return False
    prev = doc[s - 1]
    return prev.pos_ == "PROPN" and prev.is_title and not prev.is_sent_start and prev.lower_ not in _PLACE_MODIFIERS \
        and (s - 1 == 0 or doc[s - 2].pos_ != "PROPN")


#: words that make a longer place of an ambiguous alias, not a person's name ("North Korea", "New Georgia")
_PLACE_MODIFIERS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new",
                              "upper", "lower", "greater", "democratic", "republic"})
