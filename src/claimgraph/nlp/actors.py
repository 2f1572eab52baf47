"""Actors in one document: named-entity spans plus gazetteer matches, grouped into clusters.

Within a document, mentions are joined when they
- resolve to the same gazetteer entry ("ISIS", "Islamic State", "Daesh");
- have the same normalised text;
- are defined as one another: "Free Meridian Front (FMF)", "X, also known as Y",
  "formerly known as", "calling itself";
- are a surname (often after "Mr."/"Ms.") of exactly one full name in the document;
- are an acronym whose letters are the initials of exactly one longer name.

Distinct actors stay distinct: "an Islamic State affiliate, known as Sinai Province" names the
affiliate, not the Islamic State, and yields an AFFILIATE relation instead of an alias.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..resolve.gazetteer import Gazetteer
from ..textutil import initials, norm, norm_name
from .extensions import Cluster, EventSpan, Mention
from .lexicon import word_set

NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}
_DATE_LIKE = re.compile(r"^\d{1,4}([-/.]\d{1,2}){1,2}$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,7}$")
_AKA = (
    ("also", "known", "as"),
    ("formerly", "known", "as"),
    ("previously", "known", "as"),
    ("better", "known", "as"),
    ("known", "as"),
    ("also", "called"),
    ("calling", "itself"),
    ("calls", "itself"),
    ("a.k.a.",),
    ("aka",),
    ("dubbed",),
)
_AKA_FIRST = {p[0] for p in _AKA}
_TITLE_MODIFIERS = {"defense", "defence", "foreign", "interior", "finance", "justice", "state", "intelligence", "prime", "deputy", "health", "home", "security", "information", "culture", "trade", "economy", "energy"}
_PLACE_PREPS = {"in", "from", "to", "into", "across", "inside", "within", "throughout", "toward", "towards"}
_STATE_NOUNS = {"government", "ministry", "army", "military", "border", "borders", "capital", "president", "territory", "soil", "forces", "troops", "officials", "embassy", "ambassador", "parliament", "king", "people", "authorities"}
_DEMONYM_ENDINGS = ("ian", "ians", "an", "ans", "i", "is", "ese", "ish")
_RELATIONAL_HEADS = {"affiliate", "branch", "offshoot", "wing", "arm", "faction", "cell", "province", "franchise"}
_CONTEXT_AFTER = {"group", "fighters", "militants", "members", "supporters", "forces", "officials", "operatives", "troops", "army", "government", "military", "jihadists", "terrorists"}


@dataclass
class _Cand:
    start: int
    end: int
    label: str  # NER label or "GAZ"
    gaz: str | None
    kind: str = "name"
    anchor: "_Cand | None" = None  # a propagated copy of this candidate's name


class ActorFinder:
    """Builds the phrase matcher once; ``__call__`` is pure per document."""

    def __init__(self, vocab, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.matcher_lower = PhraseMatcher(vocab, attr="LOWER")
        self.matcher_exact = PhraseMatcher(vocab, attr="ORTH")
        lower: dict[str, list] = {}
        exact: dict[str, list] = {}
        from spacy.lang.en import English  # a bare tokenizer is enough for patterns

        tok = English(vocab=vocab).tokenizer
        for text, gid, case_sensitive in gazetteer.phrases():
            (exact if case_sensitive else lower).setdefault(gid, []).append(tok(text))
        for gid, pats in lower.items():
            self.matcher_lower.add(gid, pats)
        for gid, pats in exact.items():
            self.matcher_exact.add(gid, pats)
        self.noise = word_set("noise_entities.txt")
        self.titles = word_set("titles.txt")
        self.descriptors = word_set("descriptors.txt")

    # -- candidates ---------------------------------------------------------------------
    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
            start += 1
        while start < end and (doc[start].lower_.rstrip(".") in self.titles or doc[start].lower_ in self.titles) and end - start > 1:
            start += 1
        for k in range(start + 1, end):  # "Moro National Liberation Front ( MNLF": the name ends before "("
            if doc[k].text in ("(", "[") or doc[k].is_space:
                end = k
                break
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s") or doc[end - 1].like_num or _DATE_LIKE.match(doc[end - 1].text)):
            end -= 1  # also dateline dates glued to a place: "MADRID 1996-08-30"
        return start, end

    def _shouting(self, doc: Doc, start: int) -> bool:
        """Is the sentence around this token mostly in capitals (a headline, a dateline)?"""
        alpha = [t for t in doc[start].sent if t.is_alpha]
        return bool(alpha) and sum(t.is_upper for t in alpha) / len(alpha) > 0.5

    def _ambiguous_ok(self, doc: Doc, start: int, end: int, ents: set[int]) -> bool:
        if start in ents:
            return True
        if self._shouting(doc, start):
            return False
        nxt = doc[end].lower_ if end < len(doc) else ""
        prev = doc[start - 1].lower_ if start > 0 else ""
        return doc[start].tag_ == "NNP" and (nxt in _CONTEXT_AFTER or prev in ("the", "of", "against", "by", "from", "with", "and"))

    def candidates(self, doc: Doc) -> list[_Cand]:
        cands: list[_Cand] = []
        ent_starts: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in NER_TYPES:
                continue
            s, e = self._trim(doc, ent.start, ent.end)
            if s >= e:
                continue
            text = doc[s:e].text
            key = norm(text)
            if not key or key in self.noise or len(key) < 2 or key.isdigit():
                continue
            if ent.label_ == "PERSON" and not any(t.pos_ == "PROPN" for t in doc[s:e]):
                continue
            if e < len(doc) and (doc[e].lower_ in self.titles or doc[e].lower_.rstrip(".") in self.titles) and all(t.lower_ in _TITLE_MODIFIERS for t in doc[s:e]):
                continue  # "Defense" in "Defense Minister Ilan Varga" is part of a title
            ent_starts.update(range(s, e))
            gid = self.gaz.lookup(text) or self.gaz.by_demonym.get(norm_name(text))
            cands.append(_Cand(s, e, ent.label_, gid))
        deferred: list[_Cand] = []
        for matcher in (self.matcher_lower, self.matcher_exact):
            for match_id, s, e in matcher(doc):
                gid = doc.vocab.strings[match_id]
                surface = doc[s:e].text
                if surface in self.gaz.ambiguous and not self._ambiguous_ok(doc, s, e, ent_starts):
                    if surface.isupper() and not self._shouting(doc, s):
                        deferred.append(_Cand(s, e, "GAZ", gid))
                    continue
                if e - s == 1 and doc[s].is_lower and norm_name(surface) in self.gaz.by_demonym:
                    continue  # lowercase "israeli" is not an actor mention
                cands.append(_Cand(s, e, "GAZ", gid))
        # one sense per discourse: "IS" is the Islamic State where the article also names it
        # unambiguously ("ISIS", "Islamic State"), whatever the parser made of the token
        named = {c.gaz for c in cands if c.gaz}
        cands += [c for c in deferred if c.gaz in named]
        chosen = self._select(doc, cands)
        return self._propagate(doc, chosen)

    def _propagate(self, doc: Doc, chosen: list[_Cand]) -> list[_Cand]:
        """NER finds a name in one sentence and misses it in the next: tag every other
        occurrence of a found name (and of "Dastan" in "Kingdom of Dastan") the same way."""
        forms: dict[str, list[tuple[tuple[str, ...], _Cand]]] = {}
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
        extra: list[_Cand] = []
        for tok in doc:
            if tok.i in taken or tok.text not in forms:
                continue
            for words, src in sorted(forms[tok.text], key=lambda f: -len(f[0])):
                end = tok.i + len(words)
                if end <= len(doc) and tuple(t.text for t in doc[tok.i:end]) == words and not any(i in taken for i in range(tok.i, end)):
                    if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                        break  # part of a longer name
                    extra.append(_Cand(tok.i, end, src.label, src.gaz, anchor=src))
                    taken.update(range(tok.i, end))
                    break
        return sorted(chosen + extra, key=lambda c: c.start)

    def _select(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Non-overlapping spans: a gazetteer match inside a longer NER span wins when the
        span's extra words are descriptors ("ISIS Offshoot", "Hamas Commander")."""
        gaz_spans = [c for c in cands if c.label == "GAZ"]
        chosen: list[_Cand] = []
        taken: set[int] = set()

        def extra_is_descriptive(c: _Cand) -> bool:
            inner = [g for g in gaz_spans if c.start <= g.start and g.end <= c.end and (g.end - g.start) < (c.end - c.start)]
            if not inner or c.gaz:
                return False
            g = inner[0]
            extra = [t for t in doc[c.start:c.end] if not (g.start <= t.i < g.end)]
            return any(t.lower_ in self.descriptors or t.lower_ in self.titles or t.lower_ in ("military", "commander", "supporters", "officials", "says", "links") for t in extra)

        ordered = sorted(cands, key=lambda c: (-(c.end - c.start), c.label != "GAZ", c.start))
        for c in ordered:
            if c.label != "GAZ" and extra_is_descriptive(c):
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

    # -- clustering ---------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        cands = self.candidates(doc)
        affiliations: list[tuple[int, int, int]] = []  # (child cand, parent cand, token)
        cands, links = self._definitions(doc, cands, affiliations)
        parent = list(range(len(cands)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        # the gazetteer id of each group, kept at its root: two different entries never merge
        gaz_at = {i: c.gaz for i, c in enumerate(cands) if c.gaz}

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                ga, gb = gaz_at.get(ra), gaz_at.get(rb)
                if ga and gb and ga != gb:
                    return
                parent[rb] = ra
                if gb and not ga:
                    gaz_at[ra] = gb

        by_key: dict[str, int] = {}
        for i, c in enumerate(cands):
            k = f"g:{c.gaz}" if c.gaz else f"t:{norm_name(doc[c.start:c.end].text)}"
            if k in by_key:
                union(by_key[k], i)
            else:
                by_key[k] = i
        for a, b in links:
            union(a, b)
        index_of = {id(c): i for i, c in enumerate(cands)}
        for i, c in enumerate(cands):
            if c.anchor is not None and id(c.anchor) in index_of:
                union(index_of[id(c.anchor)], i)
        self._surnames(doc, cands, union, find)
        self._org_heads(doc, cands, union, find)
        self._demonyms(doc, cands, union, find)
        self._acronyms(doc, cands, union, find)

        groups: dict[int, list[int]] = {}
        for i in range(len(cands)):
            groups.setdefault(find(i), []).append(i)
        clusters: dict[str, Cluster] = {}
        mentions: list[Mention] = []
        key_of_cand: dict[int, str] = {}
        for members in groups.values():
            cl = self._make_cluster(doc, [cands[i] for i in members])
            if cl.key in clusters:  # two groups can meet on one name: fold them
                for a in cl.aliases:
                    clusters[cl.key].add_alias(a)
                cl = clusters[cl.key]
            clusters[cl.key] = cl
            for i in members:
                key_of_cand[i] = cl.key
                c = cands[i]
                mentions.append(Mention(c.start, c.end, cl.key, c.kind, c.label))
                self._note_title(doc, c, cl)
        mentions.sort(key=lambda m: m.start)
        self._affiliations(doc, mentions, clusters)
        doc._.cg_clusters = clusters
        doc._.cg_mentions = mentions
        events = list(doc._.cg_events or [])
        for child, par, tok in affiliations:
            sent = doc[tok].sent
            events.append(EventSpan("AFFILIATE", key_of_cand[child], key_of_cand[par], tok, doc[tok].text, sent_start=sent.start_char, sent_end=sent.end_char, derived="known-as"))
        doc._.cg_events = events
        return doc

    def _definitions(self, doc: Doc, cands: list[_Cand], affiliations: list) -> tuple[list[_Cand], list[tuple[int, int]]]:
        """Acronyms in parentheses and "also known as" phrases."""
        links: list[tuple[int, int]] = []
        at: dict[int, int] = {}
        for i, c in enumerate(cands):
            for t in range(c.start, c.end):
                at[t] = i
        new: list[_Cand] = list(cands)

        def cand_ending_before(tok: int) -> int | None:
            j = tok - 1
            while j >= 0 and (doc[j].is_space or doc[j].text in (",",)):
                j -= 1
            return at.get(j) if j >= 0 and at.get(j) is not None and new[at[j]].end == j + 1 else None

        def add(start: int, end: int, label: str, gaz: str | None, kind: str) -> int:
            new.append(_Cand(start, end, label, gaz, kind))
            idx = len(new) - 1
            for t in range(start, end):
                at[t] = idx
            return idx

        n = len(doc)
        for t in range(n - 2):
            # "Long Name (ACR)"
            if doc[t].text == "(" and t + 2 < n and doc[t + 2].text == ")" and _ACRONYM.match(doc[t + 1].text):
                left = cand_ending_before(t)
                if left is not None and new[left].label != "PERSON" and _abbreviates(doc[t + 1].text, [x.text for x in doc[new[left].start:new[left].end]]):
                    acr = doc[t + 1]
                    if acr.i in at:
                        links.append((left, at[acr.i]))
                    else:
                        links.append((left, add(acr.i, acr.i + 1, new[left].label, new[left].gaz, "acronym")))
        lowers = [t.lower_ for t in doc]
        for t in range(n):
            if lowers[t] not in _AKA_FIRST:
                continue
            for pat in _AKA:
                if tuple(lowers[t : t + len(pat)]) != pat:
                    continue
                self._aka(doc, t, t + len(pat), new, at, links, add, affiliations)
                break
        # later occurrences of a defined acronym
        defined = {doc[c.start].text: i for i, c in enumerate(new) if c.kind == "acronym"}
        for t in range(n):
            if doc[t].text in defined and t not in at:
                links.append((defined[doc[t].text], add(t, t + 1, new[defined[doc[t].text]].label, new[defined[doc[t].text]].gaz, "acronym")))
        return new, links

    def _aka(self, doc, k0, k1, new, at, links, add, affiliations) -> None:
        # left side: the noun phrase before the cue (skipping a comma)
        j = k0 - 1
        while j >= 0 and (doc[j].text in (",", ")") or doc[j].is_space):
            if doc[j].text == ")":  # "the Free Meridian Front (FMF), formerly known as ..."
                while j >= 0 and doc[j].text != "(":
                    j -= 1
            j -= 1
        if j < 0:
            return
        head = doc[j]
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and head.head.i <= j + 1:
            head = head.head
        left_np = doc[head.left_edge.i : j + 1]
        left = at.get(j) if at.get(j) is not None and new[at[j]].end == j + 1 else None
        # right side: names up to the end of the phrase, split on "or" and "/"
        end = k1
        while end < len(doc) and not (doc[end].text in (",", ".", ";", ")", "—", ":") or doc[end].is_space or doc[end].lower_ in ("and", "which", "who", "that")):
            end += 1
        parts: list[tuple[int, int]] = []
        s = k1
        for t in range(k1, end + 1):
            if t == end or doc[t].lower_ in ("or", "/") or doc[t].text == "/":
                if t > s:
                    parts.append((s, t))
                s = t + 1
        rel_head = left_np.root.lower_ in _RELATIONAL_HEADS if len(left_np) else False
        parent_cand = None
        if rel_head:
            parent_cand = next((at[x.i] for x in left_np if x.i in at and x.i != left_np.root.i), None)
        prev_right: int | None = None
        for s, e in parts:
            while s < e and (doc[s].is_punct or doc[s].lower_ in ("the",)):
                s += 1
            while e > s and doc[e - 1].is_punct:
                e -= 1
            if s >= e or not any(t.text[:1].isupper() for t in doc[s:e]):
                continue
            existing = at.get(s) if at.get(s) is not None and new[at[s]].start == s else None
            former = doc[k0].lower_ in ("formerly", "previously")
            if existing is None:
                gaz = self.gaz.lookup(doc[s:e].text)
                label = new[left].label if left is not None else "ORG"
                existing = add(s, e, label, gaz, "former" if former else "name")
            elif former:
                new[existing].kind = "former"
            if rel_head and parent_cand is not None:
                # "an Islamic State affiliate, known as X or Y": X is the affiliate
                if prev_right is not None:
                    links.append((prev_right, existing))
                else:
                    affiliations.append((existing, parent_cand, left_np.root.i))
                prev_right = existing
                continue
            if left is not None:
                links.append((left, existing))
            elif len(left_np) and left_np.root.lower_ in self.descriptors and left_np[0].lower_ in ("the", "a", "an", "this"):
                # "the jihadist group, formerly known as ISIS": the phrase is a mention of ISIS
                links.append((existing, add(left_np.start, left_np.end, "NOMINAL", None, "nominal")))

    def _surnames(self, doc, cands, union, find) -> None:
        """"Mr. Netanyahu" and "Al-Menei" join "Benjamin Netanyahu" and "Shadi al-Menei": a
        name that equals the surname (the last word, or everything after the first name) of
        exactly one full name in the document."""
        full: dict[str, set[int]] = {}
        for i, c in enumerate(cands):
            words = norm_name(doc[c.start:c.end].text).split()
            if c.label in ("PERSON", "GAZ") and len(words) >= 2 and (c.label == "PERSON" or self._is_person_gaz(c)):
                for key in {words[-1], " ".join(words[1:])}:
                    full.setdefault(key, set()).add(find(i))
        for i, c in enumerate(cands):
            words = norm_name(doc[c.start:c.end].text).split()
            key = " ".join(words)
            if not words or c.gaz or key not in full:
                continue
            roots = {find(x) for x in full[key]} - {find(i)}
            short = len(words) == 1 or all(len(w) <= 3 for w in words[:-1])  # "al menei", "bin laden"
            if short and len(roots) == 1 and (c.label in ("PERSON", "ORG", "GPE", "NORP") or self._titled(doc, c.start)):
                union(roots.pop(), i)

    def _org_heads(self, doc, cands, union, find) -> None:
        """"the Front" after "the Free Meridian Front": a capitalised single word that ends
        exactly one longer organisation name in the document is that organisation."""
        heads: dict[str, set[int]] = {}
        for i, c in enumerate(cands):
            words = [t for t in doc[c.start:c.end] if t.is_alpha]
            if len(words) >= 2 and c.label in ("ORG", "GPE", "GAZ") and words[-1].text[:1].isupper():
                heads.setdefault(words[-1].lower_, set()).add(find(i))
                of = [k for k, t in enumerate(words) if t.lower_ == "of"]
                if of and of[0] >= 1:  # "the Kingdom" for "Kingdom of Dastan"
                    heads.setdefault(words[of[0] - 1].lower_, set()).add(find(i))
        for i, c in enumerate(cands):
            if c.end - c.start == 1 and not c.gaz and c.label in ("ORG", "NORP", "GPE", "PERSON") and c.start > 0 and doc[c.start - 1].lower_ == "the":
                roots = {find(x) for x in heads.get(doc[c.start].lower_, set())}
                if len(roots) == 1:
                    union(roots.pop(), i)

    def _demonyms(self, doc, cands, union, find) -> None:
        """"Varosian" and "Varosia" in one document: the demonym joins the place, which is
        then a GPE whatever NER called it."""
        singles: dict[str, list[int]] = {}
        for i, c in enumerate(cands):
            if c.end - c.start == 1 and not c.gaz and c.kind == "name":
                singles.setdefault(doc[c.start].lower_, []).append(i)
        for word, idx in singles.items():
            if not word.endswith(_DEMONYM_ENDINGS):
                continue
            for suf in sorted(_DEMONYM_ENDINGS, key=len, reverse=True):
                stem = word[: -len(suf)] if word.endswith(suf) else None
                if not stem or len(stem) < 4:
                    continue
                places = [w for w in singles if w != word and w.startswith(stem) and len(w) - len(stem) <= 2 and not w.endswith(("ian", "ians", "ese"))]
                if len(places) == 1:
                    for i in idx:
                        union(singles[places[0]][0], i)
                    for i in singles[places[0]]:
                        cands[i].label = "GPE"
                    break

    def _is_person_gaz(self, c: _Cand) -> bool:
        e = self.gaz.entries.get(c.gaz or "")
        return bool(e and e.type == "PERSON")

    def _titled(self, doc, start: int) -> bool:
        return start > 0 and doc[start - 1].lower_.rstrip(".") in {"mr", "mrs", "ms", "dr"}

    def _acronyms(self, doc, cands, union, find) -> None:
        longs: dict[str, set[int]] = {}
        for i, c in enumerate(cands):
            words = [t.text for t in doc[c.start:c.end] if t.is_alpha]
            if len(words) >= 2 and c.label in ("ORG", "GAZ"):
                longs.setdefault(initials(words).upper(), set()).add(find(i))
        for i, c in enumerate(cands):
            text = doc[c.start:c.end].text
            if c.end - c.start == 1 and _ACRONYM.match(text) and not c.gaz:
                roots = longs.get(text.replace(".", ""), set())
                if len(roots) == 1:
                    union(roots.pop(), i)

    # -- cluster records ------------------------------------------------------------------
    def _make_cluster(self, doc: Doc, members: list[_Cand]) -> Cluster:
        gid = next((c.gaz for c in members if c.gaz), None)
        names = [c for c in members if c.kind != "nominal"]
        labels = [c.label for c in names if c.label in NER_TYPES]
        if gid:
            entry = self.gaz.entries[gid]
            name, typ = entry.name, entry.type
        else:
            order = ("PERSON", "ORG", "GPE", "NORP")
            multi = [c.label for c in names if c.label in NER_TYPES and c.end - c.start > 1]
            votes = multi or labels
            typ = max(sorted(set(votes), key=order.index), key=votes.count) if votes else "ORG"
            typ = NER_TYPES.get(typ, "OTHER")
            if typ in ("PERSON", "ORG", "GPE") and all(c.end - c.start == 1 for c in names) and names:
                typ = self._repair_type(doc, names, typ)
            if "GPE" in labels and typ == "NORP":
                typ = "GPE"  # a place with its demonym
            pool = [c for c in names if c.kind != "former"] or names or members
            if typ == "GPE":
                pool = [c for c in pool if c.label != "NORP"] or pool
            texts = [doc[c.start:c.end].text for c in pool]
            non_acr = [t for t in texts if not _ACRONYM.match(t)] or texts
            if typ == "PERSON":
                name = max(non_acr, key=lambda t: (len(t.split()), len(t)))
            else:  # the form the text uses most, first seen on a tie
                name = max(non_acr, key=lambda t: (len(t.split()) > 1, non_acr.count(t), -non_acr.index(t)))
        key = f"g:{gid}" if gid else f"t:{norm_name(name)}"
        cl = Cluster(key=key, name=name, type=typ, gaz_id=gid)
        for c in members:
            if c.kind != "nominal":
                cl.add_alias(doc[c.start:c.end].text)
        return cl

    def _repair_type(self, doc: Doc, names: list[_Cand], typ: str) -> str:
        """NER guesses types of unfamiliar single names badly ("Dastani" as a person).  Use
        how the text uses the word: a demonym modifying a noun is NORP; a word after "in",
        "from", ... or owning a "government"/"army" is a place."""
        if any(self._titled(doc, c.start) or (c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in self.titles) for c in names):
            return typ
        place = demonym = 0
        for c in names:
            tok = doc[c.start]
            if tok.dep_ in ("amod", "compound") and tok.lower_.endswith(_DEMONYM_ENDINGS) and tok.head.pos_ == "NOUN":
                demonym += 1
            if tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS:
                place += 1
            if tok.dep_ in ("poss", "compound") and tok.head.lower_ in _STATE_NOUNS:
                place += 1
        if demonym and demonym >= place:
            return "NORP"
        if place and typ == "PERSON":
            return "GPE"
        return typ

    def _affiliations(self, doc: Doc, mentions: list[Mention], clusters: dict[str, Cluster]) -> None:
        """Whom a person speaks for: the gazetteer's affiliation, or the state or group named
        in front of the title ("Israeli Prime Minister X", "Varosia's Defense Minister X")."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        for key, cl in clusters.items():
            if cl.type != "PERSON":
                continue
            entry = self.gaz.entries.get(cl.gaz_id or "")
            if entry is not None:
                cl.affiliations.update(f"g:{a}" for a in entry.affiliation)
        for m in mentions:
            cl = clusters.get(m.key)
            if cl is None or cl.type != "PERSON":
                continue
            j = m.start - 1
            while j >= 0 and j >= m.start - 6 and (doc[j].lower_.rstrip(".") in self.titles or doc[j].lower_ in _TITLE_MODIFIERS or doc[j].tag_ == "POS" or j in at):
                other = at.get(j)
                if other is not None and other.key != m.key and clusters[other.key].type in ("GPE", "NORP", "ORG"):
                    cl.affiliations.add(other.key)
                j -= 1

    def _note_title(self, doc: Doc, c: _Cand, cl: Cluster) -> None:
        if cl.type != "PERSON":
            return
        j = c.start - 1
        words: list[str] = []
        while j >= 0 and j >= c.start - 4 and (doc[j].lower_.rstrip(".") in self.titles or doc[j].lower_ in self.titles or doc[j].lower_ in ("of", "state", "foreign", "defense", "defence", "prime", "vice", "intelligence", "interior")):
            words.insert(0, doc[j].lower_)
            j -= 1
        if words:
            cl.titles.update(w.rstrip(".") for w in words if w not in ("of",))
            first = words[0].rstrip(".")
            if first == "mr":
                cl.gender = "m"
            elif first in ("ms", "mrs", "miss"):
                cl.gender = "f"


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """"FMF" for "Free Meridian Front", "ISIS" for "Islamic State of Iraq and Syria": the
    acronym's letters appear, in order, among the initials of the name's words."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    initials = [w[0].upper() for w in words if w[:1].isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(any(c == i for i in it) for c in letters)


def token_actor_map(doc: Doc) -> list[str | None]:
    """For each token, the cluster key of the mention that covers it."""
    out: list[str | None] = [None] * len(doc)
    for m in doc._.cg_mentions or ():
        for i in range(m.start, m.end):
            out[i] = m.key
    return out


def span_actor(doc: Doc, span: Span) -> str | None:
    keys = token_actor_map(doc)[span.start : span.end]
    return next((k for k in keys if k), None)
