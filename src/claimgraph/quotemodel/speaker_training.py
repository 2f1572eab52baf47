"""Training examples, fitting and cross-validation of the speaker ranker (training only: needs
scikit-learn; the runtime is ``speakers.SpeakerRanker``).

The examples come from PolNeAR: the quotes stage runs with its rules' speakers, each of its
attributions that matches a gold attribution (``quotes_eval.match_quotes``) is a group, and each
candidate of the group (tokens, ``NONE``, ``PREV``) is labelled by the gold speaker: a token is
right when it covers the gold speaker's head word (``quotes_eval.gold_head_span``), or, for a
gold speaker that is not a pronoun, when the scorer's rule (``quotes_eval.speaker_matches``)
accepts the speaker it would give (another mention of the same actor); ``NONE`` is right when
the gold names no source; ``PREV`` when the previous speaker is accepted.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..evaluation.common import is_pronoun, overlaps
from ..evaluation.quotes_eval import gold_head_span, gold_quotes, match_quotes, speaker_matches
from .speakers import NONE, PREV, SpeakerRanker, features

BASE = ("tok2vec", "tagger", "claimgraph_paragraphs", "parser", "attribute_ruler", "lemmatizer", "ner")
BEFORE_QUOTES = ("claimgraph_actors", "claimgraph_coref", "claimgraph_labels", "claimgraph_time")


@dataclass
class Group:
    """One matched attribution: its options' features and labels."""

    doc: int  # document index (the cross-validation folds split by document)
    direct: bool  # a direct gold quote
    main: bool  # the gold attribution's main match (the one the scorer reads)
    options: list[int] = field(default_factory=list)
    feats: list[list[str]] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)
    rule_ok: bool = False  # the rules' speaker is accepted by the scorer
    gold: str | None = None  # the gold speaker, and each option's words (for error reports)
    words: list[str] = field(default_factory=list)
    kind: str = ""


def records(eval_dir: Path, split: str) -> list[dict]:
    with (Path(eval_dir) / f"polnear.{split}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def parsed_docs(nlp, recs: Sequence[dict], split: str, cache_dir: Path | None = None) -> Iterator:
    """Docs with the stages before the quotes stage run; from a DocBin of the base parse
    (``cache_dir/polnear_{split}.spacy``) when there is one, else parsed here."""
    procs = [nlp.get_pipe(n) for n in BEFORE_QUOTES]
    cache = Path(cache_dir) / f"polnear_{split}.spacy" if cache_dir else None
    if cache is not None and cache.exists():
        from spacy.tokens import DocBin

        base = DocBin().from_disk(cache).get_docs(nlp.vocab)
    else:
        base = nlp.pipe((r["text"] for r in recs), batch_size=16, disable=[n for n in nlp.pipe_names if n not in BASE])
    for rec, doc in zip(recs, base):
        doc._.cg_anchor = (rec.get("meta") or {}).get("publication_date")
        for p in procs:
            doc = p(doc)
        yield rec, doc


def speaker_pred(doc, key: str | None, text: str | None, spans: dict[str, list[tuple[int, int]]]) -> dict:
    """The scorer's view of a speaker (``quotes_eval.pred_quotes``)."""
    names = [text] if text else []
    mentions: list[tuple[int, int]] = []
    cl = (doc._.cg_clusters or {}).get(key or "")
    if cl is not None:
        names += [cl.name, *cl.aliases]
        mentions = spans.get(key, [])
    return {"names": [n for n in dict.fromkeys(names) if n], "mentions": mentions, "speaker_text": text}


def mention_spans(doc) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for m in doc._.cg_mentions or ():
        sp = doc[m.start : m.end]
        out.setdefault(m.key, []).append((sp.start_char, sp.end_char))
    return out


def doc_groups(finder, doc, rec: dict, doc_index: int) -> list[Group]:
    """The labelled groups of one document."""
    quotes, who = finder.find(doc)
    atts = finder.attributions(doc, quotes)
    ctx = finder.context(doc, who)
    spans = mention_spans(doc)
    golds = gold_quotes(rec)
    preds = [{"spans": [(q.start, q.end)], "direct": q.direct, **speaker_pred(doc, q.speaker, q.speaker_text, spans)} for q in quotes]
    pairs = match_quotes(preds, golds, doc.text)
    seen: set[int] = set()
    out = []
    for pi, gi in pairs:
        a = atts[pi]
        main = gi not in seen
        seen.add(gi)
        if a is None:
            continue
        gold = golds[gi]
        g = Group(doc_index, gold["direct"], main, rule_ok=speaker_matches(gold, preds[pi]), gold=gold["speaker"], kind=a.kind)
        head = gold_head_span(gold["speaker"], gold["speaker_span"][0]) if gold["speaker"] and gold["speaker_span"] else None
        cands = ctx.candidates(a)
        prev_q = next((quotes[j] for j, x in enumerate(atts) if x is a.prev), None) if a.prev is not None else None
        options = cands + [NONE] + ([PREV] if a.prev is not None and (a.prev_key is not None or a.prev_token is not None) else [])
        for c in options:
            if c == NONE:
                ok = not gold["speaker"]
            elif c == PREV:
                ok = bool(gold["speaker"]) and prev_q is not None and speaker_matches(gold, speaker_pred(doc, prev_q.speaker, prev_q.speaker_text, spans))
            else:
                ok = _token_ok(doc, c, gold, head, who, a, spans)
            g.options.append(c)
            g.feats.append(features(ctx, a, c, cands))
            g.labels.append(ok)
            g.words.append("NONE" if c == NONE else f"PREV:{prev_q.speaker_text if prev_q else ''}" if c == PREV else doc[c].text)
        out.append(g)
    return out


def _token_ok(doc, c: int, gold: dict, head, who, a, spans) -> bool:
    if not gold["speaker"]:
        return False
    t = doc[c]
    parts = [t] + [x for x in t.children if x.dep_ in ("compound", "flat") and x.i < t.i]
    if head is not None and any(overlaps(head, (x.idx, x.idx + len(x.text))) for x in parts):
        return True
    if is_pronoun(gold["speaker"]):
        return False
    sp = who(t, doc[a.cue] if a.cue is not None and a.kind != "according" else None)
    return speaker_matches(gold, speaker_pred(doc, sp.key, sp.text, spans))


def build_groups(nlp, recs: Sequence[dict], split: str, cache_dir: Path | None = None) -> list[Group]:
    finder = nlp.get_pipe("claimgraph_quotes")
    out: list[Group] = []
    for n, (rec, doc) in enumerate(parsed_docs(nlp, recs, split, cache_dir)):
        out += doc_groups(finder, doc, rec, n)
    return out


# ---------------------------------------------------------------- fitting


@dataclass(frozen=True)
class Config:
    C: float = 0.3
    min_count: int = 2


def fit(groups: Sequence[Group], config: Config = Config(), meta: dict | None = None) -> SpeakerRanker:
    """Binary logistic regression over every option of every group (scikit-learn, liblinear)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for g in groups for fs in g.feats for f in set(fs))
    vocab = sorted(f for f, n in counts.items() if n >= config.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    indptr, indices, y = [0], [], []
    for g in groups:
        for fs, lab in zip(g.feats, g.labels):
            idx = sorted({index[f] for f in fs if f in index})
            indices += idx
            indptr.append(len(indices))
            y.append(int(lab))
    X = csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)), shape=(len(y), len(vocab)))
    clf = LogisticRegression(C=config.C, solver="liblinear", random_state=0, max_iter=1000)
    clf.fit(X, np.array(y))
    weights = clf.coef_[0].astype(np.float32)
    return SpeakerRanker(vocab, weights, float(clf.intercept_[0]), {**(meta or {}), "C": config.C, "min_count": config.min_count})


def choose(ranker: SpeakerRanker, g: Group, none_bias: float | None = None) -> int:
    """The index (into ``g.options``) of the option the ranker picks."""
    nb = ranker.none_bias if none_bias is None else none_bias
    scores = [ranker.score(fs) + (nb if c == NONE else 0.0) for c, fs in zip(g.options, g.feats)]
    return int(np.argmax(scores))


def accuracy(ranker: SpeakerRanker, groups: Sequence[Group], none_bias: float | None = None) -> dict[str, float]:
    """Speaker accuracy of the ranker and of the rules over the main matches: all, and direct."""
    out = {}
    for name, sel in (("all", lambda g: g.main), ("direct", lambda g: g.main and g.direct)):
        gs = [g for g in groups if sel(g)]
        ok = sum(g.labels[choose(ranker, g, none_bias)] for g in gs)
        out[f"{name}_ranker"] = round(ok / len(gs), 4) if gs else 0.0
        out[f"{name}_rules"] = round(sum(g.rule_ok for g in gs) / len(gs), 4) if gs else 0.0
        out[f"{name}_n"] = len(gs)
    return out


def tune_none_bias(ranker: SpeakerRanker, groups: Sequence[Group], grid=tuple(np.round(np.arange(-2.0, 2.01, 0.25), 2))) -> float:
    """The ``NONE`` offset with the best all-attribution accuracy (ties: the smallest magnitude)."""
    best = max(grid, key=lambda b: (accuracy(ranker, groups, float(b))["all_ranker"], -abs(b)))
    return float(best)


def cross_validate(groups: Sequence[Group], k: int = 5, config: Config = Config()) -> dict:
    """k-fold by document: each fold's ranker scores the groups of documents it did not see."""
    docs = sorted({g.doc for g in groups})
    fold_of = {d: n % k for n, d in enumerate(docs)}
    folds = []
    for f in range(k):
        train = [g for g in groups if fold_of[g.doc] != f]
        test = [g for g in groups if fold_of[g.doc] == f]
        ranker = fit(train, config)
        folds.append(accuracy(ranker, test))
    keys = folds[0].keys()
    mean = {key: round(float(np.mean([fo[key] for fo in folds])), 4) for key in keys if not key.endswith("_n")}
    return {"k": k, "folds": folds, "mean": mean}
