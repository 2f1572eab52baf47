"""Score named actors against CoNLL-2003 dev and GUM, and alias clusters against GUM's chains.

Mentions are compared **by word tokens** (``\\w+``), so tokenisation and whitespace do not
matter: a span is the range of word tokens it overlaps, without leading articles ("the Labour
Party" = "Labour Party") and without a final possessive ("USI's" = "USI"). A predicted and a
gold mention match when their token ranges are identical (exact match) and their types agree.

Predictions are the mentions of our actors whose surface is a name (``common.is_named``: not a
pronoun and not a lower-case description such as "the group"; the record does not label
mention kinds), typed by their actor; sector actors (``kind`` "sector": "Varland police",
"protesters") are generic groups, not names, and are not scored:

- **CoNLL-2003 dev** (PER/ORG/LOC): PERSON->PER, ORG->ORG, GPE->LOC; NORP and OTHER are not
  scored. The baseline's spaCy labels map PERSON->PER, ORG->ORG, GPE/LOC->LOC. MISC is not
  scored: a prediction whose span is exactly a gold MISC span is left out (for both systems),
  because it is outside the three classes rather than wrong (our actors take in demonyms:
  "Israeli" is a mention of Israel; CoNLL marks it MISC). ``misc_excused`` counts them.
- **GUM** (``label`` person/organization/place with ``proper: true``): person->PER,
  organization->ORG, place->LOC. GUM calls a country an organization when it acts and a place
  when it is a location, so a predicted GPE matches either ORG or LOC.

**Alias clusters** (GUM): over the gold named mentions that a prediction matched (by span,
any type), every pair of mentions in a document is a "same actor?" decision. Gold says yes when
the mentions share a coreference ``cluster``; we say yes when they belong to one actor (the
baseline: when their normalised texts are equal). Pairwise precision, recall and F1 of "yes".

Baseline: the entities of the plain spaCy model claimgraph builds on (same model).
"""
from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .common import (
    DEFAULT_EVAL_DIR,
    DETERMINERS,
    baseline_entities,
    is_named,
    load_jsonl,
    name_words,
    prf,
    run_pipeline,
    spread,
    word_spans,
)

CONLL = "conll2003.dev.jsonl"
GUM = "gum.jsonl"

OURS_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC"}
BASE_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
OURS_GUM = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE"}
BASE_GUM = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC"}
GUM_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC"}


def compatible(pred_label: str, gold_label: str) -> bool:
    return pred_label == gold_label or (pred_label == "GPE" and gold_label in ("ORG", "LOC"))


# ---------------------------------------------------------------- spans


def token_key(text: str, words: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """``(first, last + 1)`` word-token range of a character span, articles and a final
    possessive dropped; None when nothing is left."""
    import bisect

    ends = [e for _, e in words]
    i = bisect.bisect_right(ends, start)
    idx = []
    while i < len(words) and words[i][0] < end:
        if words[i][1] > start:
            idx.append(i)
        i += 1
    while idx and text[words[idx[0]][0] : words[idx[0]][1]].lower() in DETERMINERS:
        idx = idx[1:]
    if len(idx) > 1:
        s, e = words[idx[-1]]
        if text[s:e].lower() == "s" and s > 0 and text[s - 1] in "'’":
            idx = idx[:-1]
    return (idx[0], idx[-1] + 1) if idx else None


def keyed(text: str, mentions: Sequence[dict]) -> list[dict]:
    """Mentions with a ``key`` token range (mentions that reduce to nothing are dropped)."""
    words = word_spans(text)
    out = []
    for m in mentions:
        k = token_key(text, words, m["start"], m["end"])
        if k is not None:
            out.append({**m, "key": k})
    return out


# ---------------------------------------------------------------- predictions


def pred_mentions(record: dict, text: str, types: dict[str, str]) -> list[dict]:
    """Named mentions of our actors: ``{"start", "end", "label", "actor", "text"}``."""
    out = []
    seen = set()
    for a in record.get("actors", ()):
        label = types.get(a.get("type"))
        if label is None or a.get("kind") == "sector":
            continue
        for s, e in a.get("mentions", ()):
            surface = text[s:e]
            if not is_named(surface) or (s, e) in seen:
                continue
            seen.add((s, e))
            out.append({"start": s, "end": e, "label": label, "actor": a["id"], "text": surface})
    return out


def baseline_mentions(texts: Sequence[str], types: dict[str, str]) -> list[list[dict]]:
    out = []
    for ents in baseline_entities(texts, labels=types):
        out.append([
            {"start": e["start"], "end": e["end"], "label": types[e["label"]], "text": e["text"],
             "actor": " ".join(name_words(e["text"]))}
            for e in ents
        ])
    return out


# ---------------------------------------------------------------- scoring


def match_mentions(pred: Sequence[dict], gold: Sequence[dict], typed: bool = True) -> list[tuple[int, int]]:
    """One-to-one exact token-range matches (with compatible types when ``typed``)."""
    by_key: dict[tuple[int, int], list[int]] = {}
    for gi, g in enumerate(gold):
        by_key.setdefault(g["key"], []).append(gi)
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(pred):
        for gi in by_key.get(p["key"], ()):
            if gi in used or (typed and not compatible(p["label"], gold[gi]["label"])):
                continue
            used.add(gi)
            pairs.append((pi, gi))
            break
    return pairs


def score_mentions(pred_docs: Sequence[Sequence[dict]], gold_docs: Sequence[Sequence[dict]]) -> dict:
    """Typed and untyped exact-match P/R/F1 (keyed mentions), and per-label recall."""
    n_pred = n_gold = tp = tp_untyped = 0
    per_gold: Counter = Counter()
    per_found: Counter = Counter()
    for pred, gold in zip(pred_docs, gold_docs, strict=True):
        n_pred += len(pred)
        n_gold += len(gold)
        pairs = match_mentions(pred, gold)
        tp += len(pairs)
        tp_untyped += len(match_mentions(pred, gold, typed=False))
        per_gold.update(g["label"] for g in gold)
        per_found.update(gold[gi]["label"] for _, gi in pairs)
    return {
        "documents": len(gold_docs),
        "typed": prf(tp, n_pred, n_gold),
        "untyped": prf(tp_untyped, n_pred, n_gold),
        "recall_by_label": {k: round(per_found[k] / v, 4) for k, v in sorted(per_gold.items())},
    }


def score_clusters(pred_docs: Sequence[Sequence[dict]], gold_docs: Sequence[Sequence[dict]]) -> dict:
    """Pairwise "same actor" precision/recall over matched gold named mentions."""
    both = said = truth = mentions = 0
    for pred, gold in zip(pred_docs, gold_docs, strict=True):
        pairs = match_mentions(pred, gold, typed=False)
        mentions += len(pairs)
        for (p1, g1), (p2, g2) in itertools.combinations(pairs, 2):
            same_gold = gold[g1]["cluster"] == gold[g2]["cluster"]
            same_pred = pred[p1]["actor"] == pred[p2]["actor"]
            truth += same_gold
            said += same_pred
            both += same_gold and same_pred
    r = prf(both, said, truth)
    r["mentions"] = mentions
    return r


def errors_conll(pred_docs, gold_docs, texts) -> dict[str, Counter]:
    """Why gold mentions are missed and predictions are wrong, in aggregate."""
    missed: Counter = Counter()
    spurious: Counter = Counter()
    for pred, gold, text in zip(pred_docs, gold_docs, texts, strict=True):
        pairs = match_mentions(pred, gold)
        mg = {gi for _, gi in pairs}
        mp = {pi for pi, _ in pairs}
        pkeys = {p["key"]: p for p in pred}
        for gi, g in enumerate(gold):
            if gi in mg:
                continue
            line = text[text.rfind("\n", 0, g["start"]) + 1 : text.find("\n", g["end"]) if "\n" in text[g["end"]:] else len(text)]
            caps = " (all-caps line)" if line.isupper() else ""
            p = pkeys.get(g["key"])
            if p is not None:
                missed[f"{g['label']}: right span, typed {p['label']}{caps}"] += 1
            elif any(q["key"][0] < g["key"][1] and g["key"][0] < q["key"][1] for q in pred):
                missed[f"{g['label']}: boundary differs{caps}"] += 1
            else:
                missed[f"{g['label']}: not found{caps}"] += 1
        gkeys = {g["key"] for g in gold}
        for pi, p in enumerate(pred):
            if pi in mp:
                continue
            if p["key"] in gkeys:
                continue  # counted as a wrong type above
            if any(g["key"][0] < p["key"][1] and p["key"][0] < g["key"][1] for g in gold):
                spurious[f"{p['label']}: boundary differs"] += 1
            else:
                spurious[f"{p['label']}: not a gold PER/ORG/LOC"] += 1
    return {"missed": missed, "spurious": spurious}


# ---------------------------------------------------------------- runners


def conll_gold(doc: dict) -> list[dict]:
    return keyed(doc["text"], [e for e in doc.get("entities", ()) if e["label"] in ("PER", "ORG", "LOC")])


def gum_gold(doc: dict) -> list[dict]:
    return keyed(doc["text"], [
        {**e, "label": GUM_LABELS[e["label"]]}
        for e in doc.get("entities", ())
        if e.get("proper") and e.get("label") in GUM_LABELS
    ])


def _predict(docs: Sequence[dict], baseline: bool, ours: dict, base: dict, nlp=None) -> list[list[dict]]:
    texts = [d["text"] for d in docs]
    if baseline:
        preds = baseline_mentions(texts, base)
    else:
        records = run_pipeline([(t, None) for t in texts], nlp)
        preds = [pred_mentions(r, t, ours) for r, t in zip(records, texts, strict=True)]
    return [keyed(t, p) for t, p in zip(texts, preds, strict=True)]


def _timed_predict(docs: list[dict], baseline: bool, ours, base, nlp) -> tuple[list, float]:
    t0 = time.perf_counter()
    preds = _predict(docs, baseline, ours, base, nlp)
    return preds, time.perf_counter() - t0


def _stamp(result: dict, seconds: float, baseline: bool) -> dict:
    result["seconds"] = round(seconds, 2)
    result["system"] = "baseline" if baseline else "claimgraph"
    return result


def run_conll(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False, nlp=None, errors: bool = False) -> dict:
    docs = spread(load_jsonl(eval_dir, CONLL), limit)
    preds, seconds = _timed_predict(docs, baseline, OURS_CONLL, BASE_CONLL, nlp)
    golds = [conll_gold(d) for d in docs]
    misc = [{m["key"] for m in keyed(d["text"], [e for e in d.get("entities", ()) if e["label"] == "MISC"])} for d in docs]
    excused = sum(1 for p, m in zip(preds, misc, strict=True) for x in p if x["key"] in m)
    preds = [[x for x in p if x["key"] not in m] for p, m in zip(preds, misc, strict=True)]
    result = score_mentions(preds, golds)
    result["misc_excused"] = excused
    _stamp(result, seconds, baseline)
    if errors:
        result["errors"] = {k: dict(v.most_common(12)) for k, v in errors_conll(preds, golds, [d["text"] for d in docs]).items()}
    return result


def run_gum(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False, nlp=None, errors: bool = False) -> dict:
    docs = spread(load_jsonl(eval_dir, GUM), limit)
    preds, seconds = _timed_predict(docs, baseline, OURS_GUM, BASE_GUM, nlp)
    golds = [gum_gold(d) for d in docs]
    result = score_mentions(preds, golds)
    result["clusters"] = score_clusters(preds, golds)
    _stamp(result, seconds, baseline)
    if errors:
        result["errors"] = {k: dict(v.most_common(12)) for k, v in errors_conll(preds, golds, [d["text"] for d in docs]).items()}
    return result
