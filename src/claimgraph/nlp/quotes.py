"""Quotes and reported speech with their speakers.

Direct quotes are text inside quotation marks (straight, curly, or ``TeX''), found per
paragraph; an unclosed quote runs to the end of its paragraph, as in news copy where a
multi-paragraph quote reopens each paragraph.  The speaker comes from a speech verb
(``data/speech_verbs.txt``) in the same sentence, after the quote ("…,” Varga said) or before
it (Varga said: “…”).  A quote with no cue of its own continues the previous quote's speaker
when it follows it directly ("“…,” he said. “…”"), and a transcript's label opening a quote
("“PENCE: …”") is its speaker.  These are the rules' speakers: the speaker ranker
(``quotemodel.speakers``) then chooses every speaker, with the rules' choice as one feature
(``QuoteFinder.rank``).  Pronoun speakers resolve through coreference, except that "he said"
after quotes naming someone else stays with the previous speaker (``_salient_pronoun``).

Indirect speech, beliefs, intentions and evaluations ("X said that ...", "X fears ...", "an
agreement to ...") are the cue model's attributions (``nlp/reported.py``), and "according to X, ...".

Each speaker has a kind (``data/words_attribution.tsv``): "named", "unnamed" ("officials", "a
senior official"), "report" ("a UN report said") or "outlet" (a channel: "Reuters reported"); a
quote also keeps the channel its speaker told ("X told the news site Y": ``via``).  A speaker is a
person or a body that can speak: never a place in a paragraph's dateline ("VARBURG, June 2 (VNA)
-"), a LOC, a date, or the passive subject of a speech verb ("Residents have been warned": the
warned are spoken to, the speaker is the "by" agent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from .quotemarks import QUOTE_PAIRS, find_quote_marks
from ..quotemodel.speakers import NONE, PREV, Attribution, DocContext, SpeakerRanker, default_ranker
from ..quotemodel.cues import bundled_lists, default_cue_model
from ..resources import Resources
from . import reported
from .actors import token_actor_map
from .extensions import Cluster, QuoteSpan
from .stage import DataStage

_DASHES = ("—", "―", "–", "--")
_MIN_WORDS = 3
_MIN_UNATTRIBUTED = 8  # tokens
_SUBJ = ("nsubj", "nsubjpass")
_RELATIVE = ("who", "which", "that")
_CONTENT_DEPS = ("dobj", "xcomp", "dative", "oprd", "prep", "attr", "ccomp")


class QuoteFinder(DataStage):
    """Reads ``cg_mentions`` (for speakers); sets ``cg_quotes``."""

    FILES = ("speech_verbs.txt", "attribution_verbs.txt", "quote_cues.txt", "words_quotes.tsv", "words_attribution.tsv", "gazetteer.json", "events.tsv",
             "words_coref.tsv")

    def load(self, resources: Resources) -> None:
        self.speech = resources.speech_verbs().all
        self.attributive = self.speech | resources.word_set("attribution_verbs.txt")
        # any attribution verb can introduce a direct quote ("…,” Vitter demanded), and so can a few
        # verbs that are speech only next to a quote ("…,” he continued)
        self.cues = self.attributive | resources.word_set("quote_cues.txt")
        self.inverting = resources.words("words_quotes.tsv", "inverting")
        self.kinds = SpeakerKinds(resources)
        #: the speaker ranker (``quotemodel.speakers``); None: the rules' speakers stand
        self.ranker: SpeakerRanker | None = default_ranker()
        self.cue_model = default_cue_model()
        self.cue_lists = bundled_lists(resources)

    def __call__(self, doc: Doc) -> Doc:
        """Direct quotes, then reported speech, then "according to X"; then the ranker chooses
        every speaker."""
        quotes, who = self.find(doc)
        if self.ranker is not None:
            quotes = self.rank(doc, quotes, who, self.ranker)
        doc._.cg_quotes = same_nominal_speaker(doc, quotes)
        return doc

    def context(self, doc: Doc, who: _Speakers) -> DocContext:
        return DocContext(doc, who.owner, who.can_speak, self.cues, who.mention_kind)

    def attributions(self, doc: Doc, quotes: list[QuoteSpan]) -> list[Attribution | None]:
        """The ranker's view of each quote, with the previous speaker as the rules chose it
        (training reads these; None for a quote the ranker leaves alone)."""
        out: list[Attribution | None] = []
        prev: Attribution | None = None
        prev_q: QuoteSpan | None = None
        spoken: set[str] = set()
        for q in quotes:
            a = _attribution(doc, q, prev, prev_q, spoken)
            out.append(a)
            if a is not None:
                prev, prev_q = a, q
                if q.speaker:
                    spoken.add(q.speaker)
        return out

    def rank(self, doc: Doc, quotes: list[QuoteSpan], who: _Speakers, ranker: SpeakerRanker) -> list[QuoteSpan]:
        """Each quote's speaker as the ranker chooses it, in text order: the previous speaker is
        the ranker's own previous choice."""
        ctx = self.context(doc, who)
        quoted = {i for q in quotes if q.direct and (sp := doc.char_span(q.start, q.end, alignment_mode="expand")) is not None
                  for i in range(sp.start, sp.end)}  # the token indexes, without a Token for each
        out: list[QuoteSpan] = []
        prev: Attribution | None = None
        prev_q: QuoteSpan | None = None
        spoken: set[str] = set()
        for q in quotes:
            a = _attribution(doc, q, prev, prev_q, spoken)
            if a is None:
                out.append(q)
                continue
            best, _ = ranker.choose(ctx, a)
            cue = doc[a.cue] if a.cue is not None and a.kind != "according" else None
            best = self._not_the_accused(doc, cue, best)
            if best == NONE:
                q = replace(q, speaker=None, speaker_text=None, speaker_kind=None, speaker_token=None)
            elif best == PREV and prev_q is not None:
                q = replace(q, speaker=prev_q.speaker, speaker_text=prev_q.speaker_text, speaker_kind=prev_q.speaker_kind,
                            speaker_token=prev_q.speaker_token, via=q.via or prev_q.via)
            elif best >= 0:
                sp = who(doc[best], cue, (a.start, a.end) if not a.start <= best < a.end else None)
                sp = _salient_pronoun(doc, sp, prev_q, who, quoted)
                q = replace(q, speaker=sp.key, speaker_text=sp.text, speaker_kind=sp.kind, speaker_token=sp.token, via=sp.via or q.via)
            out.append(q)
            prev, prev_q = a, q
            if q.speaker:
                spoken.add(q.speaker)
        return out

    def _not_the_accused(self, doc: Doc, cue: Token | None, best: int) -> int:
        """"Hamas has been accused (by Katz) of ...": a passive cue's speaker is its agent ("by
        Katz"), else there is none (``NONE``): neither its subject, which is what is said about,
        nor the previous speaker (unless the verb says so: "X was quoted as saying")."""
        if cue is None or cue.lemma_.lower() in self.kinds.passive_speakers:
            return best
        if not any(c.dep_ == "nsubjpass" for c in cue.children):
            return best
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        by = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        return by.i if by is not None else NONE

    def find(self, doc: Doc) -> tuple[list[QuoteSpan], _Speakers]:
        """The quotes with the rules' speakers, in text order."""
        speech, attributive, verbs, inverting = self.speech, self.attributive, self.cues, self.inverting
        owner = token_actor_map(doc)
        who = _Speakers(doc, owner, self.kinds)
        passive = self.kinds.passive_speakers
        quotes: list[QuoteSpan] = []
        direct_spans = find_quote_marks(doc.text)
        prev: QuoteSpan | None = None
        prev_end_sent = -10
        sents = list(doc.sents)
        sent_of_char = _sentence_lookup(doc, sents)
        for s, e in direct_spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if _fragment_of_reported_speech(span, verbs):
                continue  # a quoted phrase inside "X said that ... “...”": the indirect quote covers it
            cue = _cue_after(span, verbs) or _cue_before(span, verbs)
            q_sent = sent_of_char(s)
            if cue is not None and _is_fragment(span):
                # "she called him “temperamentally unfit”": a quoted phrase inside reported speech
                sp = who(_subject(cue, inverting, passive), cue)
                if sp.key is None and sp.text is None:
                    continue
                body = _argument_around(cue, span)
                quotes.append(sp.quote(body.start_char, body.end_char, False, cue))
                continue
            label = _colon_label(span)
            if label is not None and (sp := who(label, None)).token is not None:
                # "“PENCE: We will ...”": a transcript's label inside the quotation outranks any cue outside it
                q = QuoteSpan(s, e, True, sp.key, sp.text, None, None, sp.kind, sp.via, sp.token)
            elif cue is not None:
                q = who(_subject(cue, inverting, passive), cue).quote(s, e, True, cue)
            elif (byline := _dash_byline(doc, e, owner)) is not None:
                q = QuoteSpan(s, e, True, byline[0], byline[1], None, None, speaker_kind=who.kind_of_key(byline[0]))
            elif prev is not None and q_sent - prev_end_sent <= 1:
                q = QuoteSpan(s, e, True, prev.speaker, prev.speaker_text, None, None, speaker_kind=prev.speaker_kind, via=prev.via,
                              speaker_token=prev.speaker_token)
            else:
                if len(span) < _MIN_UNATTRIBUTED:
                    continue  # a short phrase in quotation marks with no speaker is a scare quote or a title
                q = QuoteSpan(s, e, True, None, None, None, None)
            quotes.append(q)
            prev, prev_end_sent = q, sent_of_char(e - 1)
        covered = reported.covered_spans((q.start, q.end) for q in quotes)
        # reported speech, beliefs, intentions: the cue model's attributions (nlp/reported.py)
        for r in reported.find(doc, self.cue_model, self.cue_lists, covered):
            tok = r.possessor if r.possessor is not None else _subject(r.anchor, inverting, passive)
            quotes.append(who(tok, r.anchor).quote(r.content.start_char, r.content.end_char, False, r.cue))
        for tok in doc:
            # "according to X, ..."
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                sent = tok.sent
                phrase_end = pobj.right_edge.i + 1
                if tok.i == sent.start:
                    body = doc[phrase_end:sent.end]
                else:
                    body = doc[sent.start : tok.i]
                body = _strip_punct(body)
                if len(body) < _MIN_WORDS or covered.overlapping(body.start_char, body.end_char):
                    continue
                sp = who(pobj, None)
                quotes.append(QuoteSpan(body.start_char, body.end_char, False, sp.key, sp.text, "according to", tok.i, sp.kind, sp.via, sp.token))
        quotes.sort(key=lambda q: q.start)
        return quotes, who


def _salient_pronoun(doc: Doc, sp: Speaker, prev_q: QuoteSpan | None, who: _Speakers, quoted: set[int]) -> Speaker:
    """"“… President Varga …,” he said": a speaker pronoun that coreference tied to a person
    named lately only inside quotations goes to the previous quote's speaker, the person in
    focus, when that is a person of the pronoun's gender."""
    if sp.token is None or doc[sp.token].lower_ not in ("he", "she") or prev_q is None or not prev_q.speaker or prev_q.speaker == sp.key:
        return sp
    near = [i for i in range(max(0, sp.token - 80), sp.token) if who.owner[i] == sp.key and who.mention_kind.get(i) != "pronoun"]
    inside = bool(near) and all(i in quoted for i in near)
    outside = not inside
    cl = who.clusters.get(prev_q.speaker)
    gender = "m" if doc[sp.token].lower_ == "he" else "f"
    if inside and not outside and cl is not None and cl.type == "PERSON" and cl.gender in (None, gender):
        return replace(sp, key=prev_q.speaker, kind="named")
    return sp


def _attribution(doc: Doc, q: QuoteSpan, prev: Attribution | None, prev_q: QuoteSpan | None, spoken: set[str]) -> Attribution | None:
    """A quote as the ranker sees it; None for a dash byline ("“…” — Jane Doe"), which stands."""
    if q.cue_token is None and q.speaker is not None and q.speaker_token is None:
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if q.cue == "according to":
        kind = "according"
    elif q.direct:
        kind = "direct" if q.cue_token is not None else "uncued"
    else:
        kind = "reported"
    return Attribution(span.start, span.end, q.cue_token, q.speaker_token, kind, prev,
                       prev_q.speaker if prev_q is not None else None, prev_q.speaker_token if prev_q is not None else None,
                       frozenset(spoken))


def _is_fragment(span: Span) -> bool:
    """A quotation that runs on from the words before it, with no comma or colon setting it off."""
    doc = span.doc
    i = span.start - 1
    if i < 0 or doc[i].is_sent_start or doc[span.start].is_sent_start:
        return False
    prev = doc[i]
    return not (prev.is_punct or prev.is_space or "\n" in prev.whitespace_)


def _argument_around(cue: Token, span: Span) -> Span:
    """The cue's argument (complement, object) that contains the quoted words, else the quote."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "prep", "advcl") and c.left_edge.i <= span.start and span.end - 1 <= c.right_edge.i:
            return _strip_punct(doc[c.left_edge.i : c.right_edge.i + 1])
    return _strip_punct(span)


def _fragment_of_reported_speech(span: Span, verbs) -> bool:
    """True when the quoted words are only part of a clause that a speech verb reports."""
    doc = span.doc
    node = span.root
    for _ in range(6):
        if node.dep_ == "ccomp" and _is_cue(node.head, verbs) and node.head.i < span.start:
            clause = doc[node.left_edge.i : node.right_edge.i + 1]
            inside = sum(1 for t in clause if span.start <= t.i < span.end)
            return inside < 0.8 * len(clause) and clause.start < span.start
        if node.head is node:
            return False
        node = node.head
    return False


def _sentence_lookup(doc: Doc, sents: list[Span]):
    starts = [s.start_char for s in sents]
    import bisect

    def index(char: int) -> int:
        return max(0, bisect.bisect_right(starts, char) - 1)

    return index


def _strip_punct(span: Span) -> Span:
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e]


def _is_cue(tok: Token, verbs) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs


def _cue_after(span: Span, verbs) -> Token | None:
    """“…,” X said / said X — a speech verb within a few tokens after the quote, in the same
    sentence, or opening the next one when the parser closed the sentence with the quote
    ("“…?” Clinton said.")."""
    doc = span.doc
    sent = doc[span.end - 1].sent
    for tok in doc[span.end : min(sent.end, span.end + 16)]:
        if tok.text in QUOTE_PAIRS or tok.text in ("“", '"'):
            return None  # another quote starts
        if _is_cue(tok, verbs):
            return tok
    if sent.end == span.end and span.end < len(doc) and "\n" not in doc[span.end - 1].whitespace_:
        nxt = doc[span.end].sent
        for tok in doc[nxt.start : min(nxt.end, nxt.start + 6)]:
            if tok.text in QUOTE_PAIRS or tok.is_space:
                break
            if _is_cue(tok, verbs):
                return tok
    return None


def _cue_before(span: Span, verbs) -> Token | None:
    """X said: “…” — a speech verb between the sentence start and the quote, or in a sentence
    ending with a colon just before a quote that opens its paragraph ("He said:" ¶ “…”)."""
    doc = span.doc
    sent = doc[span.start].sent
    if sent.start == span.start and sent.start > 0:
        prev = doc[sent.start - 1]
        while prev.i > 0 and prev.is_space:
            prev = doc[prev.i - 1]
        if prev.text == ":":
            for tok in reversed(doc[prev.sent.start : prev.i]):
                if _is_cue(tok, verbs):
                    return tok
    for tok in reversed(doc[sent.start : span.start]):
        if tok.text in ("”", '"'):
            break
        if _is_cue(tok, verbs):
            return tok
    # the quote may be the verb's complement even when the parser attached it elsewhere
    head = span.root.head if span.root.head.i < span.start else None
    if head is not None and _is_cue(head, verbs):
        return head
    return None


def _colon_label(span: Span) -> Token | None:
    """A transcript's speaker label opening a quotation ("“PENCE: We will ...”"): a name in
    capitals, or a PERSON or ORG, before a colon in the first words."""
    doc = span.doc
    for tok in span[: min(4, len(span) - 1)]:
        nxt = doc[tok.i + 1]
        if nxt.text == ":" and tok.pos_ in ("PROPN", "NOUN") and (tok.text.isupper() or tok.ent_type_ in ("PERSON", "ORG")):
            return tok
        if not (tok.is_punct or tok.pos_ == "PROPN" or tok.is_title or tok.text.isupper()):
            return None
    return None


_BYLINE = re.compile(r"[ \t\u00a0]*(?:―|—|–|--)[ \t\u00a0]*([A-ZÀ-Ý][^\n]{0,80}?)[ \t\u00a0.,]*(?:\n|$)")


def _dash_byline(doc: Doc, end: int, owner: list) -> tuple[str | None, str] | None:
    """“…” — Jane Doe: a name after a dash, right after the quote, ends the line (spaces,
    no-break spaces and a final full stop aside: “…”\u00a0― Jane Doe.)."""
    m = _BYLINE.match(doc.text, end)  # ``end``: the character after the closing mark
    if m is None or len(m.group(1).split()) > 8:
        return None
    name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if name is None or not len(name):
        return None
    key = next((owner[t.i] for t in name if owner[t.i]), None)
    return key, m.group(1).strip(" ,.")


def _subject(verb: Token, inverting: frozenset[str], passive: frozenset[str] = frozenset(), inner: bool = False) -> Token | None:
    """The speaker token of a cue verb.  A passive subject speaks only where the passive is a
    verb's of speech about it ("X was quoted as saying": ``passive``, or reached from the speech
    verb under it, ``inner``); "Residents have been warned" names the ones spoken to."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    for c in verb.children:
        if c.dep_ == "nsubjpass" and (inner or verb.lemma_.lower() in passive):
            return c
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("PROPN", "NOUN"):
        return verb.head  # "footage of Trump saying ..."
    # "…," added Varga: conjoined and subordinate verbs share their head's subject
    if verb.dep_ == "conj":
        return _subject(verb.head, inverting, passive, inner or verb.tag_ != "VBN")
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head, inverting, passive, True)
    # passive agent: "…, was said by X"
    for c in verb.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    # "…,” said Rep. Jane Doe (R-Fla.): an inverted subject may be parsed as an object
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "oprd", "dative") and c.pos_ == "PROPN" and verb.lemma_.lower() in inverting:
            return c
    return None


def same_nominal_speaker(doc: Doc, quotes: list[QuoteSpan], back: int = 12) -> list[QuoteSpan]:
    """"A senior army intelligence officer told reporters ... The officer said ...": a definite
    nominal speaker that nothing named ("the officer", "the spokesman") is the earlier speaker
    whose phrase has the same head noun, at most ``back`` quotes before; it takes that speaker's
    actor, kind and fuller text.  Quotes are in text order."""
    out = list(quotes)
    for k, q in enumerate(out):
        if q.speaker is not None or q.speaker_token is None:
            continue
        tok = doc[q.speaker_token]
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            continue
        lemma = tok.lemma_.lower()
        for prev in reversed(out[max(0, k - back):k]):
            if prev.speaker_token is None or prev.speaker_token >= tok.i:
                continue
            head = doc[prev.speaker_token]
            if head.lemma_.lower() == lemma and head.pos_ == "NOUN" and (prev.speaker or prev.speaker_text):
                out[k] = replace(q, speaker=prev.speaker, speaker_text=prev.speaker_text, speaker_kind=prev.speaker_kind)
                break
    return out


def _phrase(doc: Doc, tok: Token, owner: list, outside: tuple[int, int] | None = None) -> tuple[str | None, str]:
    """The actor key and the text of the phrase a speaker token heads (none of ``outside``,
    the content's token span)."""
    left = tok.left_edge.i
    right = tok.i + 1
    for c in tok.children:  # keep "X, the spokesman," but not relative clauses
        if c.dep_ in ("appos", "compound", "flat") and c.i > tok.i:
            right = max(right, c.right_edge.i + 1)
    if outside is not None:
        if tok.i >= outside[1]:
            left = max(left, outside[1])
        elif tok.i < outside[0]:
            right = min(right, outside[0])
    text = doc[left:right].text.strip(" ,\"“”‘’«»")
    key = owner[tok.i]
    if key is None:
        inner = [owner[t.i] for t in doc[left:right] if owner[t.i]]
        key = inner[-1] if inner else None
    return key, text


WORDS = "words_attribution.tsv"


class SpeakerKinds:
    """The word lists that say what kind of speaker a phrase is (``data/words_attribution.tsv``)."""

    def __init__(self, r: Resources) -> None:
        for name in ("report_nouns", "channel_nouns", "channel_name_words", "channel_kinds", "not_speaker_labels",
                     "dateline_labels", "passive_speakers", "interview_nouns"):
            setattr(self, name, r.words(WORDS, name))
        self.body_heads = r.words("words_coref.tsv", "body_heads")  # "the defence ministry" is a body that speaks
        self.gaz = r.gazetteer()


@dataclass(frozen=True)
class Speaker:
    key: str | None
    text: str | None
    kind: str | None
    via: str | None = None
    token: int | None = None  # the head token of the speaker phrase

    def quote(self, start: int, end: int, direct: bool, cue: Token) -> QuoteSpan:
        return QuoteSpan(start, end, direct, self.key, self.text, cue.text, cue.i, self.kind, self.via, self.token)


class _Speakers:
    """The speaker of a cue in one Doc: its key, text, kind, and the channel it told."""

    def __init__(self, doc: Doc, owner: list, kinds: SpeakerKinds) -> None:
        self.doc, self.owner, self.k = doc, owner, kinds
        self.clusters: dict[str, Cluster] = doc._.cg_clusters or {}
        self.mention_kind: dict[int, str] = {}
        for m in doc._.cg_mentions or ():
            for i in range(m.start, m.end):
                self.mention_kind.setdefault(i, m.kind)

    def __call__(self, tok: Token | None, cue: Token | None, outside: tuple[int, int] | None = None) -> Speaker:
        """``outside``: token span of the content, which the speaker phrase never takes in."""
        via = self.via_of(cue)
        if tok is not None and tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            # "Hillary Clinton, who has called for ...": the speaker is the noun the clause is
            # about; the text stays the words that speak ("who")
            ante = self(tok.head.head, cue, outside)
            return replace(ante, text=tok.text, token=tok.i) if ante.key is not None else Speaker(None, tok.text, "unnamed", via, tok.i)
        if tok is None or not self.can_speak(tok):
            return Speaker(None, None, None, via)
        key, text = _phrase(self.doc, tok, self.owner, outside)
        named = self._named_apposition(tok)
        if named is not None:  # "another local militant, Hadi al-Amiri of the Badr Organization"
            return Speaker(named, text, "named", via, tok.i)
        kind = self.kind(tok, key)
        if kind == "report":  # "a report by the Meridian Council": the report is its author's
            for c in tok.children:
                by = next((p for p in c.children if p.dep_ == "pobj"), None) if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") else None
                if (by is not None or c.dep_ == "poss") and c.i != tok.i:
                    who = _phrase(self.doc, by if by is not None else c, self.owner)[0]
                    if who is not None:
                        key = who
                        if c.i > tok.i:
                            text = self.doc[tok.left_edge.i : c.right_edge.i + 1].text
                        break
            if key is None and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
                key = self.issuer(tok)  # "the statement said": the body that issued it
        return Speaker(key, text, kind, via, tok.i)

    def _named_apposition(self, tok: Token) -> str | None:
        """The person a common-noun speaker phrase names in apposition ("a spokesman, Sami
        Abu Zuhri"), or None."""
        if tok.pos_ != "NOUN":
            return None
        for c in tok.children:
            key = self.owner[c.i] if c.dep_ == "appos" else None
            cl = self.clusters.get(key or "")
            if cl is not None and cl.type == "PERSON" and cl.kind == "actor":
                return key
        return None

    def issuer(self, tok: Token) -> str | None:
        """Who issued the document a definite report noun refers back to: the subject of the
        clause of its last earlier mention ("X issued a statement", "X said in a statement"), or
        the agent or owner that mention names ("a statement released by X", "X's statement")."""
        doc = self.doc
        lemma = tok.lemma_.lower()
        first = doc[tok.sent.start].sent.start
        for _ in range(3):  # the sentence and three before it
            if first == 0:
                break
            first = doc[first - 1].sent.start
        for t in reversed(doc[first : tok.i]):
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN":
                continue
            for c in t.children:  # "a statement released by the Foreign Ministry", "the ministry's statement"
                by = next((x for x in c.children if x.dep_ == "agent"), None) if c.dep_ == "acl" else None
                who = next((p for p in by.children if p.dep_ == "pobj"), None) if by is not None else (c if c.dep_ == "poss" else None)
                if who is not None and self.owner[who.i] is not None:
                    return self.owner[who.i]
            verb = t.head.head if t.dep_ == "pobj" else t.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and self.owner[subj.i] is not None:
                return self.owner[subj.i]
        return None

    def kind_of_key(self, key: str | None) -> str:
        cl = self.clusters.get(key or "")
        return "outlet" if cl is not None and self._channel_actor(cl) else "named"

    def kind(self, tok: Token, key: str | None) -> str:
        """"outlet" (a channel), "report", "named" or "unnamed", from the head of the phrase."""
        cl = self.clusters.get(key or "")
        owned = self.owner[tok.i] is not None
        if tok.pos_ == "PRON":
            return "named" if owned and cl is not None and cl.kind == "actor" else "unnamed"
        if self.is_channel(tok, key):
            return "outlet"
        if tok.pos_ != "PROPN" and tok.lemma_.lower() in self.k.report_nouns:
            return "report"
        if tok.pos_ == "PROPN" or self.mention_kind.get(tok.i) in ("name", "acronym"):
            return "named"
        if owned and cl is not None and cl.kind == "actor" and self.mention_kind.get(tok.i) in ("nominal", "pronoun"):
            return "named"  # "the ministry", tied by coreference to the named body
        if cl is not None and cl.kind == "actor" and tok.lemma_.lower() in self.k.body_heads:
            return "named"  # "Dravenland's defence ministry", "the Teluvian foreign ministry": a named state's body
        return "unnamed"

    def _channel_actor(self, cl: Cluster) -> bool:
        entry = self.k.gaz.entries.get(cl.gaz_id or "")
        return (entry is not None and entry.kind in self.k.channel_kinds) or (cl.sector or "") in self.k.channel_kinds

    def is_channel(self, tok: Token, key: str | None) -> bool:
        """A channel that relays what others say: a media actor, a name with a channel's word
        ("Varland Times"), or a channel noun ("the news site", "state television")."""
        cl = self.clusters.get(self.owner[tok.i] or "")
        if cl is not None and self._channel_actor(cl) and cl.kind == "actor":
            return True  # a named outlet: "told reporters" names none ("reporters" is a sector)
        if tok.pos_ == "PROPN":
            name = [t for t in tok.subtree if t.i == tok.i or t.dep_ in ("compound", "flat")]
            return any(t.lower_ in self.k.channel_name_words for t in name)
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.k.channel_nouns

    def via_of(self, cue: Token | None) -> str | None:
        """The channel a speaker told: "told the news site Y", "said in an interview with Y"."""
        if cue is None:
            return None
        cands = [c for c in cue.children if c.dep_ in ("dative", "dobj")]
        for p in cue.children:
            if p.dep_ == "prep" and p.lower_ in ("to", "with", "in"):
                for o in (c for c in p.children if c.dep_ == "pobj"):
                    if p.lower_ != "in":
                        cands.append(o)
                    elif o.lemma_.lower() in self.k.interview_nouns:
                        cands += [x for q in o.children if q.dep_ == "prep" and q.lower_ in ("with", "to") for x in q.children if x.dep_ == "pobj"]
        for c in cands:
            if self.is_channel(c, self.owner[c.i]) or any(x.dep_ == "appos" and self.is_channel(x, self.owner[x.i]) for x in c.children):
                key, text = _phrase(self.doc, c, self.owner)
                return key or text
        return None

    def can_speak(self, tok: Token) -> bool:
        """A person or a body: not a LOC, a date or a number, and not a paragraph's dateline."""
        if tok.ent_type_ in self.k.not_speaker_labels:
            return False
        # a dateline's place, whatever NER made of its capitals ("LISK, May 3 (Korvan Press) -")
        return not ((tok.ent_type_ in self.k.dateline_labels or tok.text.isupper()) and _in_dateline(tok))


def _in_dateline(tok: Token) -> bool:
    """A place that opens its paragraph and is followed by a comma, a bracket or a dash, with a
    date, a dash or capitals after it ("VARBURG, June 2 (VNA) -", "Varburg (VNA) -")."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    if start > 0 and not (doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_):
        return False
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end >= len(doc) or doc[end].text not in (",", "(", "-", *_DASHES):
        return False
    name = doc[start:end]
    after = doc[end : min(len(doc), end + 8)]
    return (name.text.isupper() and len(name.text) > 1) or any(t.ent_type_ == "DATE" for t in doc[end : end + 4]) \
        or any(t.text in ("-", *_DASHES) for t in after)
