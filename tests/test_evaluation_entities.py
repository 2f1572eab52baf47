"""The entity and alias-cluster scorers on hand-made mentions (no model)."""
from __future__ import annotations

from claimgraph.evaluation.common import word_spans
from claimgraph.evaluation.entities_eval import (
    OURS_CONLL,
    compatible,
    keyed,
    match_mentions,
    pred_mentions,
    score_clusters,
    score_mentions,
    token_key,
)


def m(text, surface, label, occurrence=0, **extra):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label, "text": surface, **extra}


def test_evaluation_entities_token_key_drops_articles_and_possessives():
    text = "the Labour Party's leader met USI officials ."
    words = word_spans(text)
    assert token_key(text, words, 0, len("the Labour Party's")) == token_key(text, words, 4, 16)
    assert token_key(text, words, 0, 3) is None  # only an article


def test_evaluation_entities_whitespace_does_not_matter():
    a = "Talks in New  York ended ."
    b = "Talks in New York ended ."
    ka = keyed(a, [m(a, "New  York", "LOC")])[0]["key"]
    kb = keyed(b, [m(b, "New York", "LOC")])[0]["key"]
    assert ka == kb


def test_evaluation_entities_exact_typed_match():
    text = "Ilan Varga visited Dastan and the FMF ."
    gold = keyed(text, [m(text, "Ilan Varga", "PER"), m(text, "Dastan", "LOC"), m(text, "FMF", "ORG")])
    pred = keyed(text, [m(text, "Ilan Varga", "PER"), m(text, "Dastan", "ORG"), m(text, "Varga", "PER")])
    r = score_mentions([pred], [gold])
    assert r["typed"]["tp"] == 1 and r["untyped"]["tp"] == 2
    assert r["typed"]["precision"] == round(1 / 3, 4) and r["typed"]["recall"] == round(1 / 3, 4)
    assert r["recall_by_label"] == {"LOC": 0.0, "ORG": 0.0, "PER": 1.0}


def test_evaluation_entities_gpe_matches_org_or_loc():
    assert compatible("GPE", "ORG") and compatible("GPE", "LOC") and not compatible("GPE", "PER")
    text = "Sweden signed ."
    gold = keyed(text, [m(text, "Sweden", "ORG")])
    pred = keyed(text, [m(text, "Sweden", "GPE")])
    assert match_mentions(pred, gold) == [(0, 0)]


def test_evaluation_entities_pred_mentions_keep_named_surfaces_only():
    text = "Hamas said the group and it would talk . Hamas again ."
    at = [(x["start"], x["end"]) for x in (m(text, "Hamas", "ORG"), m(text, "the group", "ORG"), m(text, "it", "ORG"),
                                            m(text, "Hamas", "ORG", 1))]
    rec = {"actors": [{"id": "h", "type": "ORG", "mentions": at}, {"id": "n", "type": "NORP", "mentions": [at[0]]}]}
    ms = pred_mentions(rec, text, OURS_CONLL)
    assert [(x["text"], x["label"]) for x in ms] == [("Hamas", "ORG"), ("Hamas", "ORG")]


def test_evaluation_entities_clusters_pairwise():
    text = "Nick Bos studies ants . Bos says Wikinews asked ."
    gold = keyed(text, [m(text, "Nick Bos", "PER", cluster="c1"), m(text, "Bos", "PER", 1, cluster="c1"),
                        m(text, "Wikinews", "ORG", cluster="c2")])
    same = keyed(text, [m(text, "Nick Bos", "PER", actor="a"), m(text, "Bos", "PER", 1, actor="a"),
                        m(text, "Wikinews", "ORG", actor="w")])
    r = score_clusters([same], [gold])
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
    split = keyed(text, [m(text, "Nick Bos", "PER", actor="a"), m(text, "Bos", "PER", 1, actor="b"),
                         m(text, "Wikinews", "ORG", actor="a")])
    r = score_clusters([split], [gold])
    assert r["recall"] == 0.0 and r["precision"] == 0.0 and r["mentions"] == 3
