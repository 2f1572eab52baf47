"""Reported speech, beliefs, intentions and evaluations: which candidate cues of a Doc introduce
attributed content, and that content.

The candidates and their content spans come from the parse (``quotemodel.cue_features``); the
cue model (``quotemodel.cues``, weights in ``data/cue_model.npz``) decides which are
attributions.  The quotes stage calls ``find`` once per Doc, after the direct quotes, and
chooses each attribution's speaker from its ``anchor`` (or ``possessor``).

Two kept attributions never have much the same content: of two candidates whose contents
overlap by ``SAME_SHARE`` of the longer one's tokens, the more probable one stays ("X said and
repeated that …"; a cue inside another's content, "X said Y wants to …", stays only when its own
content is a small part of the outer one, or when it heads the outer content, a report of a
report, "Y reported that X said …": PolNeAR marks one attribution per stretch of text far more
often than nested ones; tuned on dev).
A candidate whose cue lies inside a direct quote, or whose content overlaps one, is left to
the direct quote.  A verb of a material act (``"acts"`` of ``cues.bundled_lists``: "shelled",
"arrested") is never a cue: PolNeAR's political news uses "attacked" for words, but in conflict
news it is an act, and an attribution there would take the outlet's own event from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from spacy.tokens import Doc, Span, Token

from ..quotemodel.cue_features import Candidate, candidates
from ..quotemodel.cues import CueModel
from .offsets import OffsetIndex

SAME_SHARE = 0.3
#: a speech verb that heads a kept attribution's content is kept from this probability up
REPORT_FLOOR = 0.1


@dataclass(frozen=True)
class Reported:
    """One attribution found by its cue: the cue, its content, the model's probability, the
    token whose subject speaks (``anchor``) and a possessor speaker ("X's claim that …")."""

    cue: Token
    content: Span
    probability: float
    anchor: Token
    possessor: Token | None


def covered_spans(spans) -> OffsetIndex[tuple[int, int]]:
    """Character spans ``(start, end)`` (the direct quotes) indexed for ``scored``."""
    if isinstance(spans, OffsetIndex):
        return spans
    return OffsetIndex(spans, itemgetter(0), itemgetter(1))


def _inside(char: int, spans: OffsetIndex[tuple[int, int]]) -> bool:
    return bool(spans.containing(char))


def _overlaps(span: Span, spans: OffsetIndex[tuple[int, int]]) -> bool:
    return bool(spans.overlapping(span.start_char, span.end_char))


def _same(a: Span, b: Span) -> bool:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0 and inter >= SAME_SHARE * max(len(a), len(b))


def _reports(outer: Candidate, inner: Candidate, speech: frozenset[str]) -> bool:
    """The inner cue is a speech verb heading the outer one's content: a report of speech ("Y
    reported that X said …"), where both speakers matter (the events stage takes the inner
    one's, through the outer one's channel)."""
    return inner.cue.i == outer.content.root.i and outer.cue.i != inner.cue.i and inner.cue.lemma_.lower() in speech


def _conflict(a: Candidate, b: Candidate, speech: frozenset[str]) -> bool:
    return _same(a.content, b.content) and not _reports(a, b, speech) and not _reports(b, a, speech)


def scored(doc: Doc, model: CueModel, lists: dict[str, frozenset[str]], covered=()) -> list[tuple[float, Candidate]]:
    """Every candidate outside the ``covered`` character spans (direct quotes) with its probability."""
    covered = covered_spans(covered)
    out = []
    acts = lists.get("acts", frozenset())
    for cand in candidates(doc):
        if _inside(cand.cue.idx, covered) or _overlaps(cand.content, covered):
            continue
        if cand.cue.pos_ in ("VERB", "AUX") and cand.cue.lemma_.lower() in acts:
            continue  # "troops shelled the village": an act, not an attribution
        out.append((model.probability(cand, lists), cand))
    return out


def find(doc: Doc, model: CueModel, lists: dict[str, frozenset[str]], covered=(), threshold: float | None = None) -> list[Reported]:
    """The attributions of ``doc`` in cue order: candidates at or above the model's threshold,
    the more probable of two with much the same content; then each report of speech inside a
    kept content ("… reported that X said …", ``_reports``) at ``REPORT_FLOOR`` or above."""
    thr = model.threshold if threshold is None else threshold
    speech = lists.get("speech", frozenset())
    kept = _Kept()
    rest: list[tuple[float, Candidate]] = []
    for p, cand in sorted(scored(doc, model, lists, covered), key=lambda pc: (-pc[0], pc[1].cue.i)):
        if p < thr or kept.conflicts(cand, speech):
            rest.append((p, cand))
            continue
        kept.add(p, cand)
    for p, cand in rest:
        if p >= REPORT_FLOOR and cand.config.startswith("ccomp") and any(_reports(k, cand, speech) for k in kept.headed_by(cand.cue.i)):
            if not kept.conflicts(cand, speech):
                kept.add(p, cand)
    return [Reported(c.cue, c.content, p, c.anchor, c.possessor) for p, c in sorted(kept.index, key=lambda pc: pc[1].cue.i)]


class _Kept:
    """The kept candidates of ``find``, indexed by their contents' tokens: only a kept content that
    overlaps a candidate's can conflict with it (``_same`` needs shared tokens), and only one whose
    root is the candidate's cue can be reported by it (``_reports``)."""

    def __init__(self) -> None:
        self.index: OffsetIndex[tuple[float, Candidate]] = OffsetIndex(
            (), lambda pc: pc[1].content.start, lambda pc: pc[1].content.end)
        self._by_root: dict[int, list[Candidate]] = {}

    def add(self, p: float, cand: Candidate) -> None:
        self.index.add((p, cand))
        self._by_root.setdefault(cand.content.root.i, []).append(cand)

    def conflicts(self, cand: Candidate, speech: frozenset[str]) -> bool:
        return any(_conflict(cand, k, speech) for _, k in self.index.overlapping(cand.content.start, cand.content.end))

    def headed_by(self, token: int) -> list[Candidate]:
        """The kept candidates whose content's root is ``token``."""
        return self._by_root.get(token, [])
