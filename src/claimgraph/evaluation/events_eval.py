"""Score events against PLV (``plv.train.jsonl``) and the PLOVER GSR (``plover_gsr.jsonl``).

Both sets give one gold event a sentence: a source span, a target span (GSR: lists of spans,
possibly empty) and a PLOVER type. Each sentence is run through the pipeline on its own.

A predicted actor **covers** a gold actor span when one of its mentions overlaps the span, or
when one of its names/aliases (not a pronoun) has all its words among the span's words. An
event **finds the pair** when its source covers the gold source and its target the gold target
(direction correct), or the other way round (reversed); either counts as found and the
direction is reported apart. A side that gold leaves open (GSR events with no target, PLV's
placeholders "a recipient"/"An actor" that are not in the text) does not constrain the match.

Per sentence, our **label** is the type of the first direction-correct event that finds the
pair, else of the first reversed one, else NONE. Reported:

- **pair found** (either direction) and **direction correct**, as shares of the sentences;
- **type accuracy when found**: label == gold type over sentences whose pair is found;
- **type macro-F1**: F1 of the labels per gold type, averaged over the types gold uses (NONE
  counts as a miss of the gold type);
- **SPEC score**: per sentence 1 when a direction-correct event has the gold type, 0.5 when it
  has the gold type's class (section 4), else 0; averaged over sentences;
- GSR also: **actor recall** (gold actor spans covered by any actor of ours, or for the baseline
  by a PERSON/ORG/GPE/NORP entity) and **type found anywhere** (some event in the sentence has
  the gold type, whatever its actors).

GSR types are older PLOVER names: DISAPPROVE->ACCUSE, DEMAND->REQUEST, FIGHT->ASSAULT; its
INVESTIGATE sentences are outside our ontology and are scored for actors only.
Baseline: no events (the issue's trivial baseline), so every event score is 0.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..ontology import TYPES, canonical
from .common import (
    DEFAULT_EVAL_DIR,
    actor_index,
    baseline_entities,
    is_pronoun,
    load_jsonl,
    macro_f1,
    name_words,
    overlaps,
    ratio,
    run_pipeline,
    spread,
)

PLV = "plv.train.jsonl"
GSR = "plover_gsr.jsonl"


def _our_type(name: str) -> str:
    """A gold type under our name (older PLOVER names map through the ontology), or as given
    when the ontology does not know it (INVESTIGATE)."""
    return canonical(name) or name


def _half_credit_class(event_type: str) -> str:
    """Events of one PLOVER class share half credit; the relation types only match themselves."""
    t = TYPES.get(event_type)
    return (t.plover_class if t else None) or event_type


NONE = "NONE"
_TAG = re.compile(r"</?[st]>")


# ---------------------------------------------------------------- gold


def plv_gold(doc: dict) -> dict:
    """``{"type", "source": [(s, e)], "target": [(s, e)]}`` with offsets from the ``marked`` text."""
    rel = doc["relations"][0]
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    pos = 0
    open_at: dict[str, int] = {}
    marked = rel["marked"]
    last = 0
    for m in _TAG.finditer(marked):
        pos += m.start() - last
        last = m.end()
        tag = m.group()
        if tag.startswith("</"):
            spans[tag[2]].append((open_at.pop(tag[2]), pos))
        else:
            open_at[tag[1]] = pos
    return {"type": _our_type(rel["type"]), "source": spans["s"], "target": spans["t"]}


def gsr_gold(doc: dict) -> dict:
    """GSR actors as spans; an actor given without offsets ("U.S. ... negotiators") is located
    by its pieces of text in the sentence, and dropped when they are not there."""
    rel = doc["relations"][0]
    text = doc["text"]

    def spans(actors) -> list[tuple[int, int]]:
        out = []
        for a in actors:
            if a.get("start") is not None:
                out.append((a["start"], a["end"]))
                continue
            for piece in re.split(r"\.{2,}|\s{2,}", a.get("text") or ""):
                piece = piece.strip()
                i = text.find(piece) if piece else -1
                if i >= 0:
                    out.append((i, i + len(piece)))
        return out

    return {"type": _our_type(rel["type"]), "source": spans(rel.get("source", ())), "target": spans(rel.get("target", ()))}


# ---------------------------------------------------------------- matching


def covers(actor: dict | None, spans: Sequence[tuple[int, int]], text: str) -> bool:
    """Does the actor cover any of the gold spans (by a mention, or by a name's words)?"""
    if actor is None or not spans:
        return False
    for m in actor.get("mentions", ()):
        if any(overlaps(tuple(m), s) for s in spans):
            return True
    for s, e in spans:
        words = set(name_words(text[s:e]))
        for n in (actor.get("name"), *actor.get("aliases", ())):
            if n and not is_pronoun(n):
                nw = name_words(n)
                if nw and set(nw) <= words:
                    return True
    return False


def judge(record: dict, gold: dict, text: str) -> dict:
    """Per-sentence verdict: ``found``, ``direction``, ``label``, ``spec`` and the reason of a miss."""
    actors = actor_index(record)
    events = record.get("events") or []
    src, tgt = gold["source"], gold["target"]
    forward = reverse = None

    def pair(a1: dict | None, a2: dict | None) -> bool:
        return (covers(a1, src, text) if src else True) and (covers(a2, tgt, text) if tgt else True)

    for ev in events:
        a_s, a_t = actors.get(ev.get("source") or ""), actors.get(ev.get("target") or "")
        fwd, rev = pair(a_s, a_t), pair(a_t, a_s)
        if fwd and forward is None:
            forward = ev
        if rev and reverse is None and not fwd:
            reverse = ev
    chosen = forward or reverse
    label = chosen["type"] if chosen else NONE
    spec = 0.0
    for ev in events:
        a_s, a_t = actors.get(ev.get("source") or ""), actors.get(ev.get("target") or "")
        if pair(a_s, a_t):
            if ev["type"] == gold["type"]:
                spec = 1.0
                break
            if _half_credit_class(ev["type"]) == _half_credit_class(gold["type"]):
                spec = max(spec, 0.5)
    verdict: dict[str, Any] = {
        "found": chosen is not None,
        "direction": forward is not None,
        "label": label,
        "spec": spec,
        "type_anywhere": any(ev["type"] == gold["type"] for ev in events),
    }
    if chosen is None:
        verdict["reason"] = _miss_reason(record, gold, text)
    return verdict


def _miss_reason(record: dict, gold: dict, text: str) -> str:
    actors = list(actor_index(record).values())
    events = record.get("events") or []
    has_src = not gold["source"] or any(covers(a, gold["source"], text) for a in actors)
    has_tgt = not gold["target"] or any(covers(a, gold["target"], text) for a in actors)
    if not has_src and not has_tgt:
        return "neither gold actor extracted as an actor"
    if not has_src:
        return "gold source not extracted as an actor"
    if not has_tgt:
        return "gold target not extracted as an actor"
    if not events:
        return "both actors found, no event in the sentence"
    return "both actors found, events link other actors (or leave a side empty)"


# ---------------------------------------------------------------- scoring


def score_events(verdicts: Sequence[dict], golds: Sequence[dict]) -> dict:
    n = len(verdicts)
    found = [v for v in verdicts if v["found"]]
    right = sum(1 for v, g in zip(verdicts, golds, strict=True) if v["found"] and v["label"] == g["type"])
    mf = macro_f1([g["type"] for g in golds], [v["label"] for v in verdicts])
    return {
        "sentences": n,
        "pair_found": ratio(len(found), n),
        "direction_correct": ratio(sum(v["direction"] for v in verdicts), n),
        "direction_when_found": ratio(sum(v["direction"] for v in found), len(found)),
        "type_accuracy_when_found": ratio(right, len(found)),
        "type_accuracy": ratio(right, n),
        "type_macro_f1": mf["macro_f1"],
        "per_type_f1": {k: v["f1"] for k, v in mf["per_label"].items()},
        "spec_score": ratio(sum(v["spec"] for v in verdicts), n),
        "type_anywhere": ratio(sum(v["type_anywhere"] for v in verdicts), n),
    }


def error_profile(verdicts: Sequence[dict], golds: Sequence[dict]) -> dict[str, Counter]:
    misses: Counter = Counter(v["reason"] for v in verdicts if not v["found"])
    confusion: Counter = Counter(
        f"{g['type']} -> {v['label']}" for v, g in zip(verdicts, golds, strict=True) if v["found"] and v["label"] != g["type"]
    )
    return {"pair_missed": misses, "type_confusion": confusion}


def actor_recall(records_or_ents: Sequence[Any], golds: Sequence[dict], texts: Sequence[str], baseline: bool) -> dict:
    hit = total = 0
    for pred, gold, text in zip(records_or_ents, golds, texts, strict=True):
        spans = [*gold["source"], *gold["target"]]
        total += len(spans)
        for sp in spans:
            if baseline:
                hit += any(overlaps((e["start"], e["end"]), sp) for e in pred)
            else:
                hit += any(covers(a, [sp], text) for a in pred.get("actors", ()))
    return {"recall": ratio(hit, total), "gold_actors": total}


# ---------------------------------------------------------------- runners


def _run(docs: Sequence[dict], golds: Sequence[dict], baseline: bool, nlp, errors: bool) -> tuple[dict, list]:
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    if baseline:
        records = [{"actors": [], "events": []} for _ in docs]
    else:
        records = run_pipeline([(t, None) for t in texts], nlp)
    seconds = time.perf_counter() - t0
    verdicts = [judge(r, g, t) for r, g, t in zip(records, golds, texts, strict=True)]
    result = score_events(verdicts, golds)
    result["seconds"] = round(seconds, 2)
    result["system"] = "baseline (no events)" if baseline else "claimgraph"
    if errors:
        result["errors"] = {k: dict(v.most_common(12)) for k, v in error_profile(verdicts, golds).items()}
    return result, records


def run_plv(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False, nlp=None, errors: bool = False) -> dict:
    docs = spread(load_jsonl(eval_dir, PLV), limit)
    result, _ = _run(docs, [plv_gold(d) for d in docs], baseline, nlp, errors)
    return result


def run_gsr(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False, nlp=None, errors: bool = False) -> dict:
    docs = spread(load_jsonl(eval_dir, GSR), limit)
    golds = [gsr_gold(d) for d in docs]
    keep = [i for i, g in enumerate(golds) if g["type"] in TYPES]
    result, records = _run([docs[i] for i in keep], [golds[i] for i in keep], baseline, nlp, errors)
    texts = [d["text"] for d in docs]
    if baseline:
        t0 = time.perf_counter()
        preds = baseline_entities(texts, labels=("PERSON", "ORG", "GPE", "NORP"))
        result["seconds"] = round(result["seconds"] + time.perf_counter() - t0, 2)
    else:
        by_index = dict(zip(keep, records, strict=True))
        rest = [i for i in range(len(docs)) if i not in by_index]
        by_index.update(zip(rest, run_pipeline([(texts[i], None) for i in rest], nlp), strict=True))
        preds = [by_index[i] for i in range(len(docs))]
    result["actors"] = actor_recall(preds, golds, texts, baseline)
    result["skipped_out_of_ontology"] = len(docs) - len(keep)
    return result
