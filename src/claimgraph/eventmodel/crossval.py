"""The event layer as it runs, cross-validated: the pipeline finds the candidates, a classifier
trained without the scored sentences types them, and ``events_eval`` judges the result.

Each sentence is parsed once by the claimgraph pipeline without its events stage.  Its training
examples are the gold pair (the spans given, with the gold type) and the candidates the events
stage proposes, labelled by the gold (``_label``): the gold type when the candidate's source and
target cover the gold ones (either way round for a symmetric type); NONE for a candidate on a
pair our set marks NONE, for any candidate in a sentence our set says has no event, and for the
weak proposals (a verb the lexicon does not know, two actors of a sentence) that miss the gold
pair.  A lexicon candidate that misses the gold pair of PLV or GSR is left out: those sets mark
one event a sentence, not every one, so it may be a second true event.  So the model learns
which of the stage's candidates are events, not only the type of a pair it is handed.

    sets = load_sets(nlp, eval_dir)               # plv, gsr, invented
    result = run(nlp, sets)                       # 5-fold PLV, GSR cross-set, 5-fold invented, rules

Deterministic: fixed folds (``training.folds``) and seeds, sentences in file order.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..evaluation import events_eval
from ..evaluation.common import load_jsonl
from ..ontology import SYMMETRIC, TYPES
from . import training as T
from .features import Candidate as ModelInput
from .model import NONE, EventTyper

EVENTS = "claimgraph_events"


@dataclass
class Sentence:
    id: str
    set: str
    text: str
    gold: dict  # {"type", "source": [(s, e)], "target": [(s, e)]}
    doc: Doc | None = None
    pre_events: list = field(default_factory=list)  # what the stages before events set
    examples: list[tuple[ModelInput, str]] = field(default_factory=list)


def _plv(eval_dir: Path | str) -> list[Sentence]:
    return [Sentence(d["id"], "plv", d["text"], events_eval.plv_gold(d)) for d in load_jsonl(eval_dir, events_eval.PLV)]


def _gsr(eval_dir: Path | str) -> list[Sentence]:
    out = []
    for d in load_jsonl(eval_dir, events_eval.GSR):
        g = events_eval.gsr_gold(d)
        if g["type"] in TYPES and (g["source"] or g["target"]):
            out.append(Sentence(d["id"], "gsr", d["text"], g))
    return out


def _invented(path: Path | str = T.INVENTED) -> list[Sentence]:
    out = []
    for ex in T.invented_examples(path):
        gold = {"type": ex.label, "source": [ex.source] if ex.source else [], "target": [ex.target] if ex.target else []}
        out.append(Sentence(ex.id, "invented", ex.text, gold))
    return out


def load_sets(nlp: Language, eval_dir: Path | str, sets: Sequence[str] = ("plv", "gsr", "invented")) -> dict[str, list[Sentence]]:
    readers: dict[str, Callable[[], list[Sentence]]] = {"plv": lambda: _plv(eval_dir), "gsr": lambda: _gsr(eval_dir), "invented": _invented}
    out = {name: readers[name]() for name in sets}
    for sentences in out.values():
        prepare(nlp, sentences)
    return out


def prepare(nlp: Language, sentences: list[Sentence]) -> None:
    """Parse each sentence (events stage off), and build its labelled training examples."""
    from ..nlp.actors import token_actor_map
    from ..nlp.events.candidates import mentions_by_key

    finder = nlp.get_pipe(EVENTS)
    with_event = {s.text for s in sentences if s.gold["type"] != NONE}
    with nlp.select_pipes(disable=[EVENTS]):
        docs = list(nlp.pipe(_with_anchor(nlp, [s.text for s in sentences]), batch_size=64))
    for s, doc in zip(sentences, docs, strict=True):
        s.doc, s.pre_events = doc, list(doc._.cg_events or [])
        gold = s.gold
        if gold["type"] != NONE:
            spans = [_char_span(doc, gold[side][0]) if gold[side] else None for side in ("source", "target")]
            if any(sp is not None for sp in spans):
                s.examples.append((ModelInput(doc, *spans), gold["type"]))
        by_key = mentions_by_key(doc)
        owner = token_actor_map(doc)
        seen: set[tuple] = set()
        for c in finder.candidates(doc, owner):
            if c.derived is not None:
                continue
            spans = finder.spans(doc, c, by_key)
            if spans is None or spans == (None, None):
                continue  # the events stage never offers it to the model
            src, tgt = spans
            key = tuple(x for sp in (src, tgt) for x in ((sp.start, sp.end) if sp is not None else (None, None)))
            if key in seen:
                continue
            seen.add(key)
            label = _label(doc, by_key, c, gold, event_free=s.text not in with_event)
            if label is not None:
                s.examples.append((ModelInput(doc, src, tgt, c.origin), label))


def _with_anchor(nlp: Language, texts: Sequence[str]):
    for t in texts:
        doc = nlp.make_doc(t)
        doc._.cg_anchor = None
        yield doc


def _char_span(doc: Doc, span: tuple[int, int]):
    return doc.char_span(span[0], span[1], alignment_mode="expand")


def _label(doc: Doc, by_key: dict, c, gold: dict, event_free: bool) -> str | None:
    """A candidate's training label (see the module's docstring), or None to leave it out."""

    def covers(key: str | None, spans: list[tuple[int, int]]) -> bool:
        if not spans:
            return True  # a side gold leaves open does not constrain
        if key is None:
            return False
        for m in by_key.get(key, ()):
            a, b = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
            if any(a < e and s < b for s, e in spans):
                return True
        return False

    forward = covers(c.source, gold["source"]) and covers(c.target, gold["target"])
    backward = covers(c.target, gold["source"]) and covers(c.source, gold["target"])
    if gold["type"] == NONE:
        return NONE if (event_free or forward or backward) else None
    if forward or (backward and gold["type"] in SYMMETRIC):
        return gold["type"]
    return NONE if c.origin != "lexicon" else None


# ---------------------------------------------------------------- fitting and scoring


def fit(sentences: Sequence[Sentence], config: T.Config) -> EventTyper:
    inputs = [x for s in sentences for x, _ in s.examples]
    labels = [y for s in sentences for _, y in s.examples]
    return T.fit(inputs, labels, config)


def code(nlp: Language, sentences: Sequence[Sentence], typer: EventTyper | None) -> list[dict]:
    """Run the events stage (with ``typer``, or rules only) on parsed sentences: their records."""
    from ..models import Document
    from ..nlp.pipeline import to_extraction

    finder = nlp.get_pipe(EVENTS)
    before = finder.typer
    finder.typer = typer
    try:
        out = []
        for s in sentences:
            s.doc._.cg_events = list(s.pre_events)
            finder(s.doc)
            out.append(to_extraction(s.doc, Document(text=s.text)).to_record())
        return out
    finally:
        finder.typer = before


def judge(sentences: Sequence[Sentence], records: Sequence[dict]) -> dict:
    """``events_eval`` scores of the event sentences.  For our NONE entries (a pair that is not an
    event): how many sentences with no event at all get one (``none_given_an_event``, of
    ``none_sentences``), and how many NONE pairs are coded as an event either way round
    (``none_pairs_coded``, of ``none_pairs``)."""
    ev = [(s, r) for s, r in zip(sentences, records, strict=True) if s.gold["type"] != NONE]
    verdicts = [events_eval.judge(r, s.gold, s.text) for s, r in ev]
    out = events_eval.score_events(verdicts, [s.gold for s, _ in ev])
    out.pop("per_type_f1", None)
    with_event = {s.text for s, _ in ev}
    nones = [(s, r) for s, r in zip(sentences, records, strict=True) if s.gold["type"] == NONE]
    if nones:
        free = [(s, r) for s, r in nones if s.text not in with_event]
        out["none_sentences"] = len({s.text for s, _ in free})
        out["none_given_an_event"] = len({s.text for s, r in free if r.get("events")})
        out["none_pairs"] = len(nones)
        out["none_pairs_coded"] = sum(events_eval.judge(r, {**s.gold, "type": "-"}, s.text)["found"] for s, r in nones)
    return out


def fold_typers(sentences: list[Sentence], extra: Sequence[Sentence], config: T.Config, k: int = 5) -> list[tuple[list[int], EventTyper]]:
    """For each of ``k`` stratified folds: its sentence indexes and a model trained on the other
    folds plus ``extra``."""
    out = []
    for test in T.folds([s.gold["type"] for s in sentences], k):
        held = set(test.tolist())
        out.append((sorted(held), fit([s for i, s in enumerate(sentences) if i not in held] + list(extra), config)))
    return out


def out_of_fold(nlp: Language, sentences: list[Sentence], folds: list[tuple[list[int], EventTyper]]) -> list[dict]:
    """Each sentence coded by the model of its fold."""
    records: list[dict | None] = [None] * len(sentences)
    for idx, typer in folds:
        for i, rec in zip(idx, code(nlp, [sentences[i] for i in idx], typer), strict=True):
            records[i] = rec
    return records  # type: ignore[return-value]


def cross_validated(nlp: Language, sentences: list[Sentence], extra: Sequence[Sentence], config: T.Config, k: int = 5) -> list[dict]:
    """Out-of-fold records: each fold coded by a model trained on the other folds plus ``extra``."""
    return out_of_fold(nlp, sentences, fold_typers(sentences, extra, config, k))


def run(nlp: Language, sets: dict[str, list[Sentence]], config: T.Config = T.Config(), log: Callable[[str], None] = lambda s: None,
        floors: Sequence[dict[str, float]] | None = None) -> dict:
    """Model rows (PLV 5-fold, GSR cross-set, invented 5-fold) and rule rows on the same parses.
    With ``floors`` (probability floors per candidate origin, ``EventFinder.min_prob``), the
    model rows are given for each (``out["by_floor"]``), the models trained once."""
    out: dict = {"model": {}, "rules": {}}
    plv, gsr, inv = sets.get("plv", []), sets.get("gsr", []), sets.get("invented", [])
    log("events: training the fold models ...")
    folds = {"plv": fold_typers(plv, gsr + inv, config) if plv else None,
             "invented": fold_typers(inv, plv + gsr, config) if inv else None}
    gsr_typer = fit(plv + inv, config) if gsr else None
    finder = nlp.get_pipe(EVENTS)
    shipped = dict(finder.min_prob)

    def rows() -> dict:
        r = {}
        if plv:
            r["plv"] = judge(plv, out_of_fold(nlp, plv, folds["plv"]))
        if gsr:
            r["gsr"] = judge(gsr, code(nlp, gsr, gsr_typer))
        if inv:
            r["invented"] = judge(inv, out_of_fold(nlp, inv, folds["invented"]))
        return r

    try:
        for floor in floors or ():
            finder.min_prob = dict(floor)
            out.setdefault("by_floor", []).append({"floors": dict(floor), **rows()})
        finder.min_prob = shipped
        log("events: coding with the shipped floors ...")
        out["model"] = rows()
    finally:
        finder.min_prob = shipped
    for name, sentences in sets.items():
        out["rules"][name] = judge(sentences, code(nlp, sentences, None))
    return out


__all__ = ["Sentence", "code", "cross_validated", "fit", "fold_typers", "judge", "load_sets", "out_of_fold", "prepare", "run"]
