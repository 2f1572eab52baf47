"""Training examples of the cue model from PolNeAR: every candidate of a parsed article
(``cue_features.candidates``) labelled by the gold attributions.

A candidate is positive when its cue token (or a word it governs outside the content: "expressed
*concern* that …") lies in a gold attribution's cue span and its
content covers at least half of that attribution's content words (the union of its
``content_fragments``), as the scorer matches them (``evaluation.quotes_eval``).  A candidate
whose content only happens to coincide with another cue's content is negative: the model learns
cues, not spans.  Candidates whose cue
lies inside a gold direct quote are left out: the quotes stage leaves those to the quote.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc

from ..evaluation.common import tokens_in, word_spans
from .cue_features import Candidate, candidates


def records(eval_dir: Path, split: str) -> list[dict]:
    path = Path(eval_dir) / f"polnear.{split}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_spans(rec: dict) -> list[tuple[frozenset[int], bool, tuple[int, int], tuple[int, int] | None]]:
    """(word indices of the content, direct, (start, end), cue (start, end)) of each gold attribution."""
    words = word_spans(rec["text"])
    out = []
    for q in rec.get("quotes") or ():
        frags = [tuple(f) for f in (q.get("content_fragments") or [[q["start"], q["end"]]])]
        cue = (q["cue_start"], q["cue_end"]) if q.get("cue_start") is not None else None
        out.append((tokens_in(frags, words), bool(q.get("direct")), (min(f[0] for f in frags), max(f[1] for f in frags)), cue))
    return out


def labelled(rec: dict, doc: Doc) -> Iterator[tuple[Candidate, int]]:
    """The candidates of one article with their 0/1 labels."""
    words = word_spans(doc.text)
    gold = gold_spans(rec)
    direct = [se for _, d, se, _ in gold if d]
    for cand in candidates(doc):
        if any(s <= cand.cue.idx < e for s, e in direct):
            continue
        pt = tokens_in([(cand.content.start_char, cand.content.end_char)], words)
        label = 0
        # the cue token, or a word of its own phrase outside the content ("expressed *worries* that …")
        ats = [cand.cue.idx] + [c.idx for c in cand.cue.children if not cand.content.start <= c.i < cand.content.end and not c.is_punct]
        for gt, _, _, cue in gold:
            ov = len(gt & pt)
            if cue is None or not any(cue[0] <= at < cue[1] for at in ats):
                continue
            if gt and ov and 2 * ov >= len(gt):
                label = 1
                break
        yield cand, label


def parsed(eval_dir: Path, split: str, nlp, cache_dir: Path | None = None) -> Iterator[tuple[dict, Doc]]:
    """(gold record, base-parsed Doc) of a PolNeAR split: from ``cache_dir/polnear_SPLIT.spacy``
    (a DocBin of the same texts) when given, else parsed with ``nlp``'s base pipes."""
    from spacy.tokens import DocBin

    recs = records(eval_dir, split)
    if cache_dir is not None and (Path(cache_dir) / f"polnear_{split}.spacy").is_file():
        db = DocBin().from_disk(Path(cache_dir) / f"polnear_{split}.spacy")
        docs = db.get_docs(nlp.vocab)
    else:
        from ..nlp.components import STAGES

        base = [n for n in nlp.pipe_names if n not in STAGES]
        with nlp.select_pipes(enable=base):
            docs = list(nlp.pipe((r["text"] for r in recs), batch_size=16))
    for rec, doc in zip(recs, docs, strict=True):
        if doc.text != rec["text"]:
            raise ValueError(f"cached parse does not match {rec['id']}")
        yield rec, doc
