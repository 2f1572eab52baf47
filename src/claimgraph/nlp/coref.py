"""Coreference for the cases the grammar makes clear, without a neural model.

- Personal pronouns (he, she, his, her, him) point to the most recent person of compatible
  gender, preferring the subject of the current or previous sentence; a pronoun outside
  quotation marks passes over the names inside them ('"... President Varga ...," he said').
- "it"/"its" as a subject or possessor points to the organisation or state that was the
  subject of the previous sentence.
- Definite descriptions ("the group", "the Palestinian militant group", "the country",
  "the minister") point to the most recent actor of a compatible type; the description also
  becomes a label of that actor.  Such a description may be an untied agent-noun mention of the
  actors stage ("the militants" as a sector actor of its own): the reference wins, and a sector
  actor left with no mention is dropped.
- A person's title or description ("the general", "the secretary of state", "the officer" after
  "Pavel Odri, an army officer") points to the most recent person with that title or label; the
  head noun of a body's name ("the ministry" after "the Dastani Foreign Ministry") to the most
  recent body whose name has it.  With none, the description stays unresolved (the quotes stage
  keeps it as an unnamed speaker).
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from ..resources import Resources
from .extensions import Cluster, Mention
from .offsets import OffsetIndex
from .quotemarks import find_quote_marks
from .stage import DataStage

_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_NEUTER = {"it", "its", "itself"}
_WINDOW_SENTS = 3
_QUOTED_EXTRA = 3  # sentences a pronoun after a quotation may reach further back, past it


class Coreference(DataStage):
    """Reads ``cg_clusters`` and ``cg_mentions``; adds mentions, and labels and genders to clusters."""

    FILES = ("descriptors.txt", "titles.txt", "words_coref.tsv", "gazetteer.json")

    def load(self, resources: Resources) -> None:
        self.descriptors = resources.word_set("descriptors.txt")
        self.titles = resources.word_set("titles.txt")
        self.gpe_heads = resources.words("words_coref.tsv", "gpe_heads")
        self.media = frozenset(e.id for e in resources.gazetteer().entries.values() if e.kind == "media")
        self.member_plurals = resources.words("words_coref.tsv", "member_plurals")
        self.body_heads = resources.words("words_coref.tsv", "body_heads")

    def __call__(self, doc: Doc) -> Doc:
        return resolve_coreference(doc, self)


def resolve_coreference(doc: Doc, words: Coreference) -> Doc:
    clusters: dict[str, Cluster] = doc._.cg_clusters or {}
    mentions: list[Mention] = list(doc._.cg_mentions or [])
    if not clusters:
        return doc
    descriptors, titles = words.descriptors, words.titles
    covered = {i for m in mentions if not _untied_sector(m, clusters) for i in range(m.start, m.end)}
    sent_index = {}
    sent_first: list[int] = []
    for si, sent in enumerate(doc.sents):
        sent_first.append(sent.start)
        for t in sent:
            sent_index[t.i] = si
    history = _History(mentions, sent_index, sent_first)

    def not_media(m: Mention) -> bool:  # "the group" is no news outlet that reported on one
        return not _is_media(clusters[m.key], words.media)

    described = _Described(doc, history, not_media)
    added: list[Mention] = []

    quoted: set[int] = set()
    for s, e in find_quote_marks(doc.text):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            quoted.update(range(span.start, span.end))

    def recent(before: int, want: set[str], max_back: int = _WINDOW_SENTS, subjects_first: bool = False, gender: str | None = None):
        here = sent_index.get(before, 0)
        pool = [m for m in history.back(before, max_back) if clusters[m.key].type in want]
        if before not in quoted and gender:
            # '"... President Varga ...," he said': a pronoun outside quotation marks points past
            # the names inside them to a person named outside, if one is a few sentences further up
            # (sentences inside a long quotation do not count against the window)
            wide = [m for m in history.back(before, max_back + _QUOTED_EXTRA) if clusters[m.key].type in want and m.start not in quoted]
            outside = [m for m in pool if m.start not in quoted] or wide
            pool = outside or pool
        if gender:
            pool = [m for m in pool if clusters[m.key].gender in (None, gender)]
        if not pool:
            return None
        if subjects_first:
            subj = [m for m in pool if _salient(doc, m)]
            if subj and here - sent_index.get(subj[-1].start, 0) <= 1:
                return subj[-1]
        return pool[-1]

    for tok in doc:
        if tok.i in covered:
            continue
        low = tok.lower_
        target: Mention | None = None
        kind = "pronoun"
        start, end = tok.i, tok.i + 1
        if tok.pos_ == "PRON" and (low in _MALE or low in _FEMALE):
            gender = "m" if low in _MALE else "f"
            target = recent(tok.i, {"PERSON"}, max_back=2, subjects_first=True, gender=gender)
            if target and clusters[target.key].gender is None:
                clusters[target.key].gender = gender
        elif tok.pos_ == "PRON" and low in _NEUTER and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
            target = recent(tok.i, {"ORG", "GPE"}, max_back=1, subjects_first=True)
        elif ((tok.pos_ == "NOUN" and (tok.tag_ == "NN" or low in words.member_plurals)) or (tok.pos_ == "PROPN" and low in words.gpe_heads)) \
                and tok.dep_ not in ("compound", "amod") and _is_definite(tok):  # "the Republic" too
            lemma = tok.lemma_.lower()
            np_start = tok.left_edge.i
            # "the Palestinian militant group" may carry a demonym, but not a name
            if any((t.i in covered and t.dep_ != "amod") or t.pos_ == "PROPN" for t in doc[np_start : tok.i + 1]):
                continue
            if any(c.dep_ == "appos" and c.i in covered for c in tok.children):
                continue  # "the Salafist group, the Omar Brigades": the apposition names it
            titled_phrase = doc[tok.i : tok.right_edge.i + 1].text.lower()
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) and titled_phrase not in titles:
                continue  # "the leader of X" is not a reference to X; "the secretary of state" is a title
            if lemma in titles or low in titles:
                target = _titled_person(doc, history, clusters, tok)
            elif lemma in words.gpe_heads or low in words.gpe_heads:
                target = recent(tok.i, {"GPE"}, subjects_first=True)
            elif lemma in descriptors or low in descriptors:
                target = _compatible_org(doc, history, described, clusters, tok, sent_index, not_media)
            elif lemma in words.body_heads or low in words.body_heads:
                target = _named_body(doc, history, clusters, tok)
            else:  # "the officer" after "Pavel Odri, a senior army officer"
                target = _titled_person(doc, history, clusters, tok)
            if target is None:
                continue
            kind = "nominal"
            start = np_start
            label = " ".join(t.text for t in doc[np_start : tok.i + 1] if t.lower_ not in ("the", "this", "that"))
            if len(label.split()) >= 2:
                clusters[target.key].labels.append((label.lower(), doc[start].idx))
        if target is None:
            continue
        if kind == "nominal":
            # the description replaces any demonym mention inside it
            mentions = [x for x in mentions if not (start <= x.start and x.end <= tok.i + 1)]
        m = Mention(start, end if kind == "pronoun" else tok.i + 1, target.key, kind, "COREF")
        added.append(m)
        history.add(m)
        covered.update(range(m.start, m.end))
    doc._.cg_mentions = sorted(mentions + added, key=lambda m: m.start)
    left = {m.key for m in doc._.cg_mentions}
    for key in [k for k, cl in clusters.items() if cl.kind == "sector" and k not in left]:
        del clusters[key]
    return doc


class _History:
    """The mentions a reference may point back to: the actors stage's, by start, then those
    coreference adds, in the order added.  ``back`` gives the members a few sentences up, in
    that order, by bisection: a reference looks only at its window, not at the whole document."""

    def __init__(self, mentions: list[Mention], sent_index: dict[int, int], sent_first: list[int]) -> None:
        self.base: list[Mention] = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.base]
        self.added: OffsetIndex[Mention] = OffsetIndex()
        self._sent_index, self._sent_first = sent_index, sent_first

    def add(self, m: Mention) -> None:
        self.added.add(m)

    def back(self, before: int, sents: int) -> list[Mention]:
        """The members that start before token ``before`` and at most ``sents`` sentences before its
        sentence (``sent_index``), in history order."""
        here = self._sent_index.get(before, 0)
        lo = self._sent_first[here - sents] if here - sents > 0 else 0
        if lo >= before:
            return []
        return self.base[bisect_left(self._starts, lo) : bisect_left(self._starts, before)] + self.added.starting_in(lo, before)


class _Described:
    """The words of the descriptions of each actor so far ("the jihadist group, known as ISIS"):
    the nominal mentions of the history that start before the token asked about and that
    ``keep`` accepts, gathered as the stage moves through the Doc (it asks in text order)."""

    def __init__(self, doc: Doc, history: _History, keep) -> None:
        self.doc, self.history, self.keep = doc, history, keep
        self._next = 0  # the next mention of history.base to take in
        self._taken = 0  # the mentions of history.added taken in
        self.words: dict[str, set[str]] = {}

    def before(self, tok: int) -> dict[str, set[str]]:
        base = self.history.base
        while self._next < len(base) and base[self._next].start < tok:
            self._take(base[self._next])
            self._next += 1
        added = self.history.added  # each starts at or before the token that added it: before ``tok``
        while self._taken < len(added):
            self._take(added[self._taken])
            self._taken += 1
        return self.words

    def _take(self, m: Mention) -> None:
        if m.kind == "nominal" and self.keep(m):
            self.words.setdefault(m.key, set()).update(t.lower_ for t in self.doc[m.start : m.end])


def _untied_sector(m: Mention, clusters: dict[str, Cluster]) -> bool:
    """An agent-noun mention of a sector actor ("the militants"), which a reference may claim."""
    return m.kind == "sector" and clusters[m.key].kind == "sector"


def _is_media(cl: Cluster, media: frozenset[str]) -> bool:
    return cl.gaz_id in media or cl.sector == "MEDIA"


def _salient(doc, m) -> bool:
    """Subjects, and agents of passives ("was invoked by Mr. X"), are the likely antecedents."""
    head = doc[m.end - 1]
    if head.dep_ in ("nsubj", "nsubjpass") or doc[m.start].head.dep_ in ("nsubj", "nsubjpass"):
        return True
    if head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass"):
        return True  # "Dravenland's foreign minister, Casimir Holt, met ..."
    return head.dep_ == "pobj" and head.head.dep_ == "agent"


def _is_definite(tok) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)


def _titled_person(doc, history: _History, clusters, tok):
    for m in reversed(history.back(tok.i, 4)):
        cl = clusters[m.key]
        if cl.type != "PERSON":
            continue
        head = doc[m.end - 1]
        described = {w for c in head.children if c.dep_ == "appos" for w in (c.lower_, c.lemma_.lower())}  # "X, an army officer,"
        words = cl.titles | described | {w for lab, _ in cl.labels for w in lab.split()}
        if tok.lower_ in words or tok.lemma_.lower() in words:
            return m
    return None


def _named_body(doc, history: _History, clusters, tok):
    """The most recent body whose name or aliases have the noun ("the ministry")."""
    want = {tok.lower_, tok.lemma_.lower()}
    for m in reversed(history.back(tok.i, _WINDOW_SENTS + 2)):
        cl = clusters[m.key]
        if cl.type not in ("ORG", "NORP", "GPE"):
            continue
        if any(want & set(n.lower().split()) for n in (cl.name, *cl.aliases)):
            return m
        if m.kind == "sector" and cl.kind == "actor" and any(t.lower_ in want or t.lemma_.lower() in want for t in doc[m.start:m.end]):
            return m  # "the ministry" after "Dastan's foreign ministry" (a body of Dastan)
    return None


def _compatible_org(doc, history: _History, described: _Described, clusters, tok, sent_index, keep):
    """The most recent organisation (of the mentions ``keep`` accepts: no news outlet); with
    modifiers ("the Palestinian group"), one whose labels or aliases share a modifier word, if
    there is one."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
    here = sent_index.get(tok.i, 0)
    pool = [m for m in history.back(tok.i, _WINDOW_SENTS) if keep(m) and clusters[m.key].type in ("ORG", "NORP")]
    if not pool:
        return None
    if mods:
        # earlier descriptions of each actor ("the jihadist group, known as ISIS")
        described = described.before(tok.i)
        for m in reversed(pool):
            words = {w for lab, _ in clusters[m.key].labels for w in lab.split()} | described.get(m.key, set())
            if mods & words:
                return m
    subjects = [m for m in pool if _salient(doc, m)]
    if subjects and here - sent_index.get(subjects[-1].start, 0) <= 1:
        return subjects[-1]
    return pool[-1]
