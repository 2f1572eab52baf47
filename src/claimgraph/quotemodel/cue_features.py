"""Candidate attribution cues in a parsed Doc, the content span each would introduce, and the
features the cue model reads.

A **candidate** is a token that could introduce reported content, with the argument that would
be that content:

- a verb with a clausal complement ("said *that …*", "fears *…*"), an infinitival one ("vowed *to
  …*"), or objects and prepositional phrases after it ("urged *supporters to …*", "lauded *Y for
  …*", "called *for …*");
- a noun with a clause or an infinitive ("the claim *that …*", "an agreement *to …*") or an
  "about / over / on / for / against / of" phrase ("concerns *about …*", "calls *for …*");
- an adjective with a clause, an infinitive or such a phrase ("confident *that …*", "eager *to …*").

The content is the argument's subtree without its outer punctuation (several arguments after a
verb are taken together, as "urged supporters to monitor polling places" is one content).  Which
candidates are attributions is the model's decision (``cues.py``), not this module's.

Features are binary strings (lemma, part of speech and tense, the dependency configuration, the
subject's type, the lists the lemma is in, position, length) plus the md model's word vector of
the lemma (zero where the Doc has no vectors).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

VERB_ARGS = ("dobj", "xcomp", "dative", "oprd", "prep", "attr")
NOUN_PREPS = frozenset({"about", "over", "on", "for", "against", "of", "regarding", "that", "to", "with"})
CLAUSE_DEPS = ("ccomp", "acl", "xcomp")
MIN_WORDS = 1
#: the word lists whose membership is a feature (``cues.bundled_lists``)
FEATURE_LISTS = ("attribution", "quote_cue", "speech")
_PERSON_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you", "who"})
_MODALS = frozenset({"would", "could", "might", "may", "will", "should", "shall", "can", "must", "'d", "'ll", "wo", "ca"})
_NEGATORS = frozenset({"not", "n't", "never", "no"})


@dataclass(frozen=True)
class Candidate:
    """A cue token and the content span it would introduce; ``config`` names the argument."""

    cue: Token
    content: Span
    config: str

    @property
    def anchor(self) -> Token:
        """The token whose subject is the speaker: the cue, or the verb a noun cue is the object
        of ("X expressed concern that …"; "X's claim that …" has its speaker in ``possessor``)."""
        tok = self.cue
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            return head
        if tok.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and head.dep_ == "prep":
            return head.head  # "X voiced support for …"
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "oprd") and head.pos_ in ("VERB", "AUX"):
            return head  # "X is confident that …"
        return tok

    @property
    def possessor(self) -> Token | None:
        """"X's claim that …": the possessor of a noun cue."""
        if self.cue.pos_ not in ("NOUN", "PROPN"):
            return None
        return next((c for c in self.cue.children if c.dep_ == "poss"), None)


def strip_punct(span: Span) -> Span:
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e]


def _subtree(doc: Doc, toks: list[Token]) -> Span:
    return strip_punct(doc[min(t.left_edge.i for t in toks) : max(t.right_edge.i for t in toks) + 1])


def candidate(tok: Token) -> Candidate | None:
    """The candidate a token heads, or None when it has no argument that could be content."""
    doc = tok.doc
    pos = tok.pos_
    kids = list(tok.children)
    if pos in ("VERB", "AUX"):
        if tok.dep_ in ("aux", "auxpass") or tok.lower_ == "according":
            return None  # "according to X" is the quotes stage's own construction
        comps = [c for c in kids if c.dep_ == "ccomp"]
        if comps:
            after = [c for c in comps if c.i > tok.i]
            comp = after[0] if after else comps[0]
            content = _subtree(doc, [comp])
            if comp.i < tok.i and content.end > tok.i:
                return None
            mark = "that" if any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in comp.children) else "bare"
            return Candidate(tok, content, f"ccomp-{'after' if comp.i > tok.i else 'before'}-{mark}")
        args = [c for c in kids if c.i > tok.i and c.dep_ in VERB_ARGS]
        if tok.dep_ == "parataxis" and not args and tok.head.i != tok.i:
            # "Lenox, Mr. Clarke said, was a juggernaut": the clause around the cue
            return Candidate(tok, _subtree(doc, [tok.head]), "parataxis")
        if any(c.dep_ == "agent" for c in kids):
            subj = next((c for c in kids if c.dep_ == "nsubjpass" and c.i < tok.i), None)
            if subj is not None:  # "the plan was endorsed by X": the passive subject is the content
                return Candidate(tok, _subtree(doc, [subj]), "passive-subject")
        if not args:
            return None
        deps = "+".join(sorted({c.dep_ if c.dep_ != "prep" else f"prep:{c.lower_}" for c in args}))
        return Candidate(tok, _subtree(doc, args), f"args-{deps}")
    if pos in ("NOUN", "ADJ"):
        clause = [c for c in kids if c.dep_ in CLAUSE_DEPS and c.i > tok.i]
        if clause:
            comp = clause[0]
            marks = {c.lower_ for c in comp.children if c.dep_ in ("mark", "aux")}
            mark = "that" if "that" in marks else ("to" if "to" in marks else "bare")
            return Candidate(tok, _subtree(doc, [comp]), f"{pos.lower()}-{comp.dep_}-{mark}")
        preps = [c for c in kids if c.dep_ == "prep" and c.i > tok.i and c.lower_ in NOUN_PREPS]
        if preps:
            p = preps[0]
            if not any(c.dep_ in ("pobj", "pcomp") for c in p.children):
                return None
            return Candidate(tok, _subtree(doc, [p]), f"{pos.lower()}-prep:{p.lower_}")
    return None


def candidates(doc: Doc) -> list[Candidate]:
    """Every candidate of the Doc whose content has at least ``MIN_WORDS`` tokens."""
    out = []
    for tok in doc:
        c = candidate(tok)
        if c is not None and sum(1 for t in c.content if not t.is_punct) >= MIN_WORDS:
            out.append(c)
    return out


def _bucket(n: int, edges=(1, 2, 3, 5, 8, 13, 21, 34)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _subject_type(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.pos_ == "PRON":
        return "pron-person" if tok.lower_ in _PERSON_PRONOUNS else f"pron-{tok.lower_}"
    if tok.ent_type_:
        return f"ent-{tok.ent_type_}"
    return f"{tok.pos_.lower()}"


def _subject_of(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        return next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return tok.head
    return None


def features(cand: Candidate, lists: dict[str, frozenset[str]]) -> list[str]:
    """The binary features of a candidate; ``lists`` maps a list's name to its lemmas."""
    tok, content, config = cand.cue, cand.content, cand.config
    lemma = tok.lemma_.lower()
    anchor = cand.anchor
    subj = cand.possessor or _subject_of(anchor)
    kids = list(anchor.children) + ([] if anchor.i == tok.i else list(tok.children))
    sent = tok.sent
    in_lists = [name for name, words in sorted(lists.items()) if name in FEATURE_LISTS and lemma in words]
    kind = config.split("-")[0]
    f = [
        f"lemma={lemma}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"config={config}", f"kind={kind}",
        f"lemma|kind={lemma}|{kind}", f"lemma|config={lemma}|{config}", f"head_pos={tok.head.pos_}",
        f"subj={_subject_type(subj)}", f"subj|kind={_subject_type(subj)}|{kind}",
        f"len={_bucket(len(content))}", f"sent_pos={_bucket(tok.i - sent.start, (0, 1, 2, 4, 8, 16))}",
        f"content_first={content[0].pos_}", f"content_root={content.root.pos_}",
        f"lists={'+'.join(in_lists) or '-'}", f"lists|kind={'+'.join(in_lists) or '-'}|{kind}",
    ]
    if subj is not None and subj.pos_ in ("NOUN", "PROPN") and not subj.ent_type_:
        f.append(f"subj_lemma={subj.lemma_.lower()}")
    f.append(f"lemma|subj={lemma}|{_subject_type(subj)}")
    f.append(f"dep|kind={tok.dep_}|{kind}")
    f.append(f"head_lemma={tok.head.lemma_.lower()}")
    for c in tok.children:
        if c.dep_ in ("dobj", "attr", "prt", "acomp") and not (content.start <= c.i < content.end):
            f.append(f"lemma|{c.dep_}={lemma}|{c.lemma_.lower()}")
    if tok.i > 0:
        f.append(f"prev={tok.doc[tok.i - 1].lower_}")
    if anchor.i != tok.i:
        f += [f"anchor={anchor.lemma_.lower()}", f"anchor|lemma={anchor.lemma_.lower()}|{lemma}"]
    if tok.dep_ in ("pobj",):
        f.append(f"gov_prep={tok.head.lower_}")
    if any(c.dep_ == "neg" or c.lower_ in _NEGATORS for c in kids):
        f.append("negated")
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in kids):
        f.append("modal")
    if any(c.dep_ == "auxpass" for c in kids):
        f.append("passive")
    if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in kids):
        f.append("perfect")
    if any(c.dep_ == "agent" for c in kids):
        f.append("agent")
    if any(c.dep_ == "poss" for c in tok.children):
        f.append("poss")
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") for t in content):
        f.append("content_has_verb")
    if any(t.dep_ == "nsubj" for t in content):
        f.append("content_has_subject")
    if content.end == sent.end or (content.end < len(content.doc) and content.doc[content.end].is_sent_end):
        f.append("content_ends_sentence")
    if any(t.text in ('"', "“", "”") for t in sent):
        f.append("sentence_has_quote")
    return f


def lemma_vector(tok: Token, width: int) -> np.ndarray:
    """Unit-length vector of the cue's lemma (of its text when the lemma has none); zeros when
    the vocabulary has no vectors."""
    vocab = tok.doc.vocab
    v = None
    if vocab.vectors.shape[0] and vocab.vectors.shape[1] == width:
        for s in (tok.lemma_.lower(), tok.lower_):
            if vocab.has_vector(s):
                v = np.asarray(vocab.get_vector(s), dtype=np.float64)
                break
    if v is None:
        return np.zeros(width, dtype=np.float32)
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else np.zeros(width, dtype=np.float32)
