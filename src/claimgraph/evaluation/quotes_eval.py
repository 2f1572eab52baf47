"""Score quotes and attributions against PolNeAR (``polnear.dev.jsonl``).

Content matching (SPEC section 6): a predicted and a gold quote match when the predicted span
covers at least half of the gold content's word tokens (``\\w+``; the gold content is the union
of its ``content_fragments``, so "“A,” she said. “B.”" is one gold quote). Matching is
one-to-one, largest overlap first; precision and recall are micro-averaged over documents.

Two views:

- **direct**: gold with ``direct: true`` (content in quotation marks) against predictions with
  ``direct: true``;
- **all**: every gold attribution (direct, indirect, beliefs, "according to") against every
  prediction.

**Speaker accuracy** is over matched pairs. The predicted speaker is the quote's
``speaker_text`` plus the name, aliases and mentions of its ``speaker`` actor. It matches the
gold ``speaker`` string when (case-, accent- and punctuation-insensitive, leading articles and
honorifics dropped):

1. the gold names no source (``speaker: null``) and we name none either; or
2. a mention of the predicted speaker actor covers the head word of the gold speaker span
   (coreference that resolved "he" or "the senator" to the right actor); or
3. the gold speaker is a pronoun ("he", "who") and ``speaker_text`` is the same pronoun; or
4. the gold speaker is not a pronoun and, for some predicted name: the words are equal, or the
   head words are equal ("The New York Post" ~ "Post"; "Mr. Obama" ~ "Barack Obama"), or every
   gold word is among the predicted words ("the president" ~ "President Obama"), or the
   predicted name (two words or more) begins the gold span and a lower-case word follows it
   ("a Washington Post database" ~ "a Washington Post database tracking deaths", but "New
   York" is not "New York Post"). A coordinated gold speaker ("X and Y") is
   matched by either conjunct.

The head word is the last word before a post-modifier (",", "of", "for", "who", ...), so
"a spokesman for Clinton" is not matched by "Clinton". **End-to-end** P/R/F1 counts a match
only when the speaker matches too (the SPEC's quote match).

Baseline: spans between quotation marks (“…”, "…", ``…'') of at least three words within a
paragraph, all direct, with the nearest PERSON/ORG entity of the plain spaCy model (same model
as ours) outside the quote as speaker.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import (
    DEFAULT_EVAL_DIR,
    actor_index,
    baseline_entities,
    head_word,
    is_pronoun,
    load_jsonl,
    match_one_to_one,
    name_words,
    norm,
    overlaps,
    prf,
    ratio,
    run_pipeline,
    spread,
    tokens_in,
    word_spans,
)

FILE = "polnear.dev.jsonl"
_AND = re.compile(r"\s+(?:and|&)\s+|\s*;\s*", re.I)
_CUT_AT = re.compile(r",|\(|\b(?:of|for|who|which|that|at|from|with)\b", re.I)


# ---------------------------------------------------------------- gold and predictions


def gold_quotes(doc: dict) -> list[dict]:
    """PolNeAR attributions as ``{"spans", "direct", "speaker", "speaker_span"}``."""
    out = []
    for q in doc.get("quotes") or ():
        frags = q.get("content_fragments") or [[q["start"], q["end"]]]
        sp = (q["speaker_start"], q["speaker_end"]) if q.get("speaker") and q.get("speaker_start") is not None else None
        out.append({
            "spans": [tuple(f) for f in frags],
            "direct": bool(q.get("direct")),
            "speaker": q.get("speaker"),
            "speaker_span": sp,
            "type": q.get("attribution_type"),
        })
    return out


def pred_quotes(record: dict) -> list[dict]:
    """Our quotes with their speaker resolved to names and mention spans."""
    actors = actor_index(record)
    out = []
    for q in record.get("quotes") or ():
        a = actors.get(q.get("speaker")) if q.get("speaker") else None
        names = [q.get("speaker_text")] if q.get("speaker_text") else []
        mentions: list[tuple[int, int]] = []
        if a is not None:
            names += [a.get("name"), *a.get("aliases", ())]
            mentions = [tuple(m) for m in a.get("mentions", ())]
        out.append({
            "spans": [(q["start"], q["end"])],
            "direct": bool(q.get("direct")),
            "speaker_text": q.get("speaker_text"),
            "names": [n for n in dict.fromkeys(names) if n],
            "mentions": mentions,
        })
    return out


# ---------------------------------------------------------------- speaker rule


def gold_head_span(speaker: str, start: int) -> tuple[int, int] | None:
    """Character span of the head word of a gold speaker span starting at ``start``."""
    cut = _CUT_AT.search(speaker)
    first = speaker[: cut.start()] if cut and cut.start() > 0 else speaker
    words = [(s, e) for s, e in word_spans(first) if first[s:e].lower() not in ("s",)]
    if not words:
        return None
    s, e = words[-1]
    return start + s, start + e


def speaker_matches(gold: dict, pred: dict) -> bool:
    """The speaker rule of the module docstring."""
    g = gold.get("speaker")
    names = [n for n in pred.get("names", ()) if n]
    mentions = pred.get("mentions", ())
    if not g:
        return not names
    if not names and not mentions:
        return False
    span = gold.get("speaker_span")
    if span is not None and mentions:
        head = gold_head_span(g, span[0])
        if head is not None and any(overlaps(head, tuple(m)) for m in mentions):
            return True
    if is_pronoun(g):
        return norm(pred.get("speaker_text")) == norm(g)
    conjuncts = [c for c in _AND.split(g) if c.strip()] or [g]
    for part in conjuncts if len(conjuncts) > 1 else [g]:
        if _names_match(part, names):
            return True
    return False


def _names_match(g: str, names: Sequence[str]) -> bool:
    gw, gh = name_words(g), head_word(g)
    if not gw:
        return False
    for n in names:
        if is_pronoun(n):
            continue
        nw = name_words(n)
        if not nw:
            continue
        if nw == gw or (gh and head_word(n) == gh) or set(gw) <= set(nw):
            return True
        if len(nw) >= 2 and len(gw) > len(nw) and gw[: len(nw)] == nw:
            nxt = name_words(g, lower=False)[len(nw)]
            if nxt[:1].islower():  # a post-modifier follows ("... database tracking deaths")
                return True
    return False


# ---------------------------------------------------------------- scoring


def match_quotes(pred: Sequence[dict], gold: Sequence[dict], text: str) -> list[tuple[int, int]]:
    """(pred, gold) pairs: one-to-one where a prediction covers >= half of the gold's word
    tokens (largest overlap first); then the predictions left over that lie mostly inside a gold
    quote and do not overlap one another are its pieces ("“A,” she said. “B.”" predicted as two
    quotes; a duplicate is not a piece): they join its match,
    or, when it has none, match it together if they cover >= half of it. The first pair of each
    gold quote is its main one (its speaker is the one scored)."""
    words = word_spans(text)
    gtok = [tokens_in(g["spans"], words) for g in gold]
    ptok = [tokens_in(p["spans"], words) for p in pred]
    cands = []
    for gi, gt in enumerate(gtok):
        if not gt:
            continue
        for pi, pt in enumerate(ptok):
            ov = len(gt & pt)
            if ov and 2 * ov >= len(gt):
                cands.append((ov / len(gt | pt), pi, gi))
    pairs = match_one_to_one(cands)
    used_p = {pi for pi, _ in pairs}
    used_g = {gi for _, gi in pairs}
    for gi, gt in enumerate(gtok):
        if not gt:
            continue
        inside = [pi for pi, pt in enumerate(ptok) if pi not in used_p and pt and 2 * len(pt & gt) >= len(pt)]
        taken: set[int] = set().union(*(ptok[pi] for pi, g in pairs if g == gi))
        pieces = []
        for pi in sorted(inside, key=lambda pi: (-len(ptok[pi] & gt), pi)):
            if not ptok[pi] & taken:  # a piece is disjoint from the others (a duplicate is not)
                pieces.append(pi)
                taken |= ptok[pi]
        if not pieces or (gi not in used_g and 2 * len(taken & gt) < len(gt)):
            continue
        pairs += [(pi, gi) for pi in pieces]
        used_p.update(pieces)
    return pairs


def score_quotes(pred_docs: Sequence[Sequence[dict]], gold_docs: Sequence[Sequence[dict]], texts: Sequence[str]) -> dict:
    """Both views (``direct`` and ``all``) over parallel per-document lists.

    Precision counts matched predictions, recall matched gold quotes (they differ only when
    pieces of one gold quote are matched together)."""
    out: dict[str, Any] = {"documents": len(texts)}
    for view in ("direct", "all"):
        n_pred = n_gold = tp_p = tp_g = spk_p = spk_g = 0
        for pred, gold, text in zip(pred_docs, gold_docs, texts, strict=True):
            if view == "direct":
                pred = [p for p in pred if p["direct"]]
                gold = [g for g in gold if g["direct"]]
            n_pred += len(pred)
            n_gold += len(gold)
            main: dict[int, bool] = {}
            for pi, gi in match_quotes(pred, gold, text):
                ok = speaker_matches(gold[gi], pred[pi])
                tp_p += 1
                spk_p += ok
                if gi not in main:
                    main[gi] = ok
            tp_g += len(main)
            spk_g += sum(main.values())
        out[view] = {
            "content": prf(tp_p, n_pred, n_gold, tp_g),
            "speaker_accuracy": ratio(spk_g, tp_g),
            "end_to_end": prf(spk_p, n_pred, n_gold, spk_g),
        }
    return out


def error_profile(pred_docs, gold_docs, texts) -> dict[str, Counter]:
    """Aggregate reasons for misses, false alarms and wrong speakers (all view)."""
    missed: Counter = Counter()
    wrong: Counter = Counter()
    spurious: Counter = Counter()
    for pred, gold, text in zip(pred_docs, gold_docs, texts, strict=True):
        pairs = match_quotes(pred, gold, text)
        mg = {gi for _, gi in pairs}
        mp = {pi for pi, _ in pairs}
        first: dict[int, int] = {}
        for pi, gi in pairs:
            first.setdefault(gi, pi)
        words = word_spans(text)
        ptok = set().union(*(tokens_in(p["spans"], words) for p in pred)) if pred else set()
        for gi, g in enumerate(gold):
            if gi in mg:
                continue
            kind = "direct" if g["direct"] else ("no-source" if not g["speaker"] else "indirect")
            gt = tokens_in(g["spans"], words)
            part = "partly covered" if gt & ptok else "not covered"
            missed[f"{kind}, {part}"] += 1
        for gi, pi in first.items():
            g, p = gold[gi], pred[pi]
            if speaker_matches(g, p):
                continue
            if not p["names"]:
                why = "no speaker predicted"
            elif not g["speaker"]:
                why = "gold has no source, we named one"
            elif is_pronoun(g["speaker"]):
                why = "gold pronoun, not resolved to the same actor"
            else:
                why = "different named speaker"
            wrong[why] += 1
        gtoks = [tokens_in(g["spans"], words) for g in gold]
        for pi, p in enumerate(pred):
            if pi in mp:
                continue
            pt = tokens_in(p["spans"], words)
            host = next((g for g, gt in zip(gold, gtoks) if pt and 2 * len(pt & gt) >= len(pt)), None)
            where = "outside any gold attribution" if host is None else (
                "inside a gold indirect attribution (partial quote)" if not host["direct"] else "inside a gold direct quote")
            spurious[f"{'direct' if p['direct'] else 'indirect'}, {where}"] += 1
    return {"missed": missed, "wrong_speaker": wrong, "spurious": spurious}


# ---------------------------------------------------------------- baseline

_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|``.*?''")


def baseline_quotes(texts: Sequence[str]) -> list[list[dict]]:
    ents = baseline_entities(texts, labels=("PERSON", "ORG"))
    out = []
    for text, es in zip(texts, ents, strict=True):
        qs = []
        for m in _QUOTE.finditer(text):
            s, e = m.span()
            if len(word_spans(m.group())) < 3:
                continue
            outside = [x for x in es if x["end"] <= s or x["start"] >= e]
            best = min(outside, key=lambda x: s - x["end"] if x["end"] <= s else x["start"] - e, default=None)
            qs.append({
                "spans": [(s, e)],
                "direct": True,
                "speaker_text": best["text"] if best else None,
                "names": [best["text"]] if best else [],
                "mentions": [(best["start"], best["end"])] if best else [],
            })
        out.append(qs)
    return out


# ---------------------------------------------------------------- runner


def load(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None) -> list[dict]:
    return spread(load_jsonl(eval_dir, FILE), limit)


def predict(docs: Sequence[dict], baseline: bool = False, nlp=None) -> list[list[dict]]:
    texts = [d["text"] for d in docs]
    if baseline:
        return baseline_quotes(texts)
    records = run_pipeline([(d["text"], (d.get("meta") or {}).get("publication_date")) for d in docs], nlp)
    return [pred_quotes(r) for r in records]


def run(eval_dir: Path | str = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False, nlp=None, errors: bool = False) -> dict:
    """Score PolNeAR dev (``limit`` documents spread over the file); adds ``seconds``, ``system``."""
    docs = load(eval_dir, limit)
    t0 = time.perf_counter()
    preds = predict(docs, baseline, nlp)
    seconds = time.perf_counter() - t0
    golds = [gold_quotes(d) for d in docs]
    texts = [d["text"] for d in docs]
    result = score_quotes(preds, golds, texts)
    result["gold_quotes"] = sum(len(g) for g in golds)
    result["gold_direct"] = sum(1 for g in golds for q in g if q["direct"])
    result["seconds"] = round(seconds, 2)
    result["system"] = "baseline" if baseline else "claimgraph"
    if errors:
        result["errors"] = {k: dict(v.most_common()) for k, v in error_profile(preds, golds, texts).items()}
    return result
