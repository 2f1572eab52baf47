"""Shared pieces of the scorers: loading gold, fixed samples, tokens, names, P/R/F1.

The gold files live in ``../shared/eval/`` (never in the repository; see its README). Every
scorer takes parallel per-document lists of predictions and gold, so it can be unit-tested
with hand-made dicts and no model.
"""
from __future__ import annotations

import time

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: ``CLAIMGRAPH_EVAL_DIR`` wins; otherwise ``shared/eval`` beside the repository checkout.
DEFAULT_EVAL_DIR = Path(
    os.environ.get("CLAIMGRAPH_EVAL_DIR") or Path(__file__).resolve().parents[4] / "shared" / "eval"
)

_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")

PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves who whom whose "
    "which that this these those one".split()
)
DETERMINERS = frozenset({"the", "a", "an"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mx"})


# ---------------------------------------------------------------- loading


def load_jsonl(eval_dir: Path | str, name: str) -> list[dict]:
    path = Path(eval_dir) / name
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def spread(items: Sequence[Any], n: int | None) -> list[Any]:
    """A fixed, deterministic subset of ``n`` items spread evenly over ``items`` (all if None).

    Evenly spaced rather than the first ``n`` so that a sample covers the whole file (CoNLL
    opens with sport; PLV is grouped by source)."""
    items = list(items)
    if n is None or n >= len(items):
        return items
    if n <= 0:
        return []
    return [items[(i * len(items)) // n] for i in range(n)]


def have_files(eval_dir: Path | str, names: Iterable[str]) -> list[str]:
    """The names in ``names`` that are missing from ``eval_dir``."""
    return [n for n in names if not (Path(eval_dir) / n).is_file()]


# ---------------------------------------------------------------- running the pipeline


def run_pipeline(items: Sequence[tuple[str, str | None]], nlp=None) -> list[dict]:
    """SPEC section 3 records for ``(text, published)`` pairs; offsets are into ``text`` as given
    (no ingest cleaning, so gold offsets stay valid)."""
    from claimgraph.models import Document
    from claimgraph.nlp import extract_many, get_pipeline

    nlp = nlp or get_pipeline()
    docs = [Document(text=t, published=p) for t, p in items]
    return [ex.to_record() for ex in extract_many(docs, nlp)]


_baseline_nlp: dict[str, Any] = {}


def baseline_nlp(model: str | None = None):
    """The plain spaCy model claimgraph builds on (tok2vec + NER only): the baselines' tagger."""
    from claimgraph.config import MODEL
    from claimgraph.nlp.model import load_base

    model = model or MODEL
    if model not in _baseline_nlp:
        _baseline_nlp[model] = load_base(model, exclude=("parser", "lemmatizer", "attribute_ruler", "tagger", "senter"))
    return _baseline_nlp[model]


def baseline_entities(texts: Sequence[str], labels: Iterable[str] | None = None) -> list[list[dict]]:
    """Plain spaCy entities per text: ``{"start", "end", "label", "text"}``."""
    nlp = baseline_nlp()
    keep = set(labels) if labels is not None else None
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        out.append([
            {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
            for e in doc.ents
            if keep is None or e.label_ in keep
        ])
    return out


# ---------------------------------------------------------------- tokens and spans


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens (``\\w+``) of ``text``: the unit of span overlap.

    Punctuation and quotation marks are not tokens, so a quote scored with or without its
    marks, or with a trailing comma, covers the same tokens."""
    return [m.span() for m in _WORD.finditer(text)]


def tokens_in(spans: Iterable[tuple[int, int]], words: Sequence[tuple[int, int]]) -> frozenset[int]:
    """Indices of the word tokens that overlap any of the character ``spans``."""
    import bisect

    ends = [e for _, e in words]
    out: set[int] = set()
    for s, e in spans:
        i = bisect.bisect_right(ends, s)
        while i < len(words) and words[i][0] < e:
            if words[i][1] > s:
                out.add(i)
            i += 1
    return frozenset(out)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- names


def norm(text: str | None, lower: bool = True) -> str:
    """Lower case, no accents, no punctuation, single spaces; possessive 's dropped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    text = re.sub(r"(\w)'s\b", r"\1", text.strip())
    text = _PUNCT.sub(" ", text.lower() if lower else text)
    return _SPACE.sub(" ", text).strip()


def name_words(text: str | None, lower: bool = True) -> list[str]:
    """``norm`` words without leading articles and honorifics: "the Mr. Smith's" -> [smith]."""
    words = norm(text, lower).split()
    while words and (words[0].lower() in DETERMINERS or words[0].lower() in HONORIFICS):
        words = words[1:]
    return words


def is_pronoun(text: str | None) -> bool:
    w = norm(text).split()
    return len(w) == 1 and w[0] in PRONOUNS


_CUT = re.compile(r"\s*(?:,|\(|\bof\b|\bfor\b|\bwho\b|\bwhich\b|\bthat\b|\bat\b|\bfrom\b|\bwith\b)\s*", re.I)


def head_word(text: str | None) -> str:
    """A cheap syntactic head of a noun phrase: the last word before a post-modifier.

    "The New York Post" -> post; "Mr. Obama" -> obama; "a spokesman for Clinton" -> spokesman;
    "Trump's campaign manager, Kellyanne Conway" -> manager."""
    if not text:
        return ""
    first = _CUT.split(text.strip(), maxsplit=1)[0] or text
    words = name_words(first)
    return words[-1] if words else ""


def is_named(text: str) -> bool:
    """A proper-name surface: after leading articles, the first word is capitalised (or a
    digit), and it is not a pronoun. Distinguishes "Hamas" from "the group" and "he" in actor
    mentions, which the extraction record does not label by kind."""
    if is_pronoun(text):
        return False
    words = text.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return bool(words) and (words[0][:1].isupper() or words[0][:1].isdigit())


# ---------------------------------------------------------------- scores


def prf(tp: int, n_pred: int, n_gold: int, tp_gold: int | None = None) -> dict[str, float]:
    """Precision ``tp / n_pred``, recall ``tp_gold / n_gold`` (``tp_gold`` defaults to ``tp``)."""
    tp_gold = tp if tp_gold is None else tp_gold
    p = tp / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": n_pred, "gold": n_gold}


def ratio(num: int | float, den: int | float) -> float:
    return round(num / den, 4) if den else 0.0


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Macro-averaged F1 over ``labels`` (default: the labels that occur in ``gold``), with the
    per-label scores. A prediction outside the label set (NONE, a type gold never uses) is a
    false positive of nothing and a false negative of its gold label."""
    labels = sorted(set(gold)) if labels is None else sorted(set(labels))
    per: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        per[lab] = prf(tp, n_pred, n_gold)
    f = sum(s["f1"] for s in per.values()) / len(per) if per else 0.0
    return {"macro_f1": round(f, 4), "per_label": per}


def match_one_to_one(scores: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: ``(score, pred index, gold index)`` candidates, best first."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, pi, gi in sorted(scores, key=lambda x: (-x[0], x[2], x[1])):
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi))
    return sorted(pairs, key=lambda x: x[1])


def actor_index(record: dict) -> dict[str, dict]:
    """Actor id -> actor record."""
    return {a["id"]: a for a in record.get("actors", ())}


def score_invented_set(items: Sequence[dict], judge, aggregate, errors, nlp=None, with_errors: bool = False) -> dict:
    """Run the pipeline over one of our invented sets (``items``, each with a ``text``) and score
    it: ``judge(item, record)`` per item, ``aggregate(verdicts)`` for the figures, plus
    ``seconds``, ``system`` and, ``with_errors``, ``errors(verdicts)``."""
    t0 = time.perf_counter()
    records = run_pipeline([(i["text"], None) for i in items], nlp)
    seconds = time.perf_counter() - t0
    verdicts = [judge(i, r) for i, r in zip(items, records, strict=True)]
    result = aggregate(verdicts)
    result["seconds"] = round(seconds, 2)
    result["system"] = "claimgraph"
    if with_errors:
        result["errors"] = errors(verdicts)
    return result


def invented_set_main(run, description: str, errors_help: str, argv: Sequence[str] | None = None) -> int:
    """The command line of a scorer of an invented set: ``--path``, ``--errors``; JSON out; a
    missing file is a one-line error (exit 2)."""
    import argparse
    import json
    import sys

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--path", type=Path, default=None, help="the JSONL set (default: the repository's)")
    ap.add_argument("--errors", action="store_true", help=errors_help)
    args = ap.parse_args(argv)
    try:
        result = run(args.path, with_errors=args.errors)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
