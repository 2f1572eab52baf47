"""Shared helpers of the scorers: samples, tokens, names, P/R/F1 (no model)."""
from __future__ import annotations

from claimgraph.evaluation.common import (
    head_word,
    is_named,
    is_pronoun,
    macro_f1,
    match_one_to_one,
    name_words,
    norm,
    prf,
    spread,
    tokens_in,
    word_spans,
)


def test_evaluation_common_spread_is_fixed_and_covers_the_whole_list():
    items = list(range(100))
    s = spread(items, 10)
    assert s == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90] and spread(items, 10) == s
    assert spread(items, None) == items and spread(items, 500) == items and spread(items, 0) == []


def test_evaluation_common_tokens_in_counts_overlapping_words():
    text = "“We will win,” she said."
    words = word_spans(text)
    assert [text[s:e] for s, e in words] == ["We", "will", "win", "she", "said"]
    assert tokens_in([(0, 14)], words) == {0, 1, 2}
    assert tokens_in([(2, 3)], words) == {0}  # partial overlap counts
    assert tokens_in([(13, 14)], words) == set()  # punctuation only


def test_evaluation_common_names():
    assert norm("The New York Post’s") == "the new york post"
    assert name_words("Mr. Obama") == ["obama"] and name_words("the Islamic State") == ["islamic", "state"]
    assert head_word("a spokesman for Clinton") == "spokesman"
    assert head_word("Trump's campaign manager, Kellyanne Conway") == "manager"
    assert is_pronoun("He") and is_pronoun("who") and not is_pronoun("Hamas")
    assert is_named("Hamas") and is_named("the Taliban") and not is_named("the group") and not is_named("it")


def test_evaluation_common_prf_and_macro():
    assert prf(0, 0, 0)["f1"] == 0.0
    r = prf(2, 4, 2)
    assert (r["precision"], r["recall"], r["f1"]) == (0.5, 1.0, round(2 / 3, 4))
    r = prf(3, 4, 2, tp_gold=1)
    assert (r["precision"], r["recall"]) == (0.75, 0.5)
    m = macro_f1(["A", "A", "B"], ["A", "NONE", "C"])
    assert m["per_label"]["A"]["f1"] == round(2 / 3, 4) and m["per_label"]["B"]["f1"] == 0.0
    assert m["macro_f1"] == round((2 / 3) / 2, 4)


def test_evaluation_common_one_to_one_prefers_the_best_score():
    assert match_one_to_one([(0.5, 0, 0), (0.9, 1, 0), (0.8, 1, 1)]) == [(1, 0)]
    assert match_one_to_one([(0.5, 0, 0), (0.8, 1, 1)]) == [(0, 0), (1, 1)]
