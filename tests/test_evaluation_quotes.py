"""The PolNeAR quote scorer on hand-made gold and predictions (no model)."""
from __future__ import annotations

from claimgraph.evaluation.quotes_eval import (
    baseline_quotes,
    gold_head_span,
    match_quotes,
    pred_quotes,
    score_quotes,
    speaker_matches,
)

TEXT = "Ilan Varga said the convoy was late. “We will rebuild the bridge soon,” the minister said."
Q_START = TEXT.index("“")
Q_END = TEXT.index("”") + 1
IND_START = TEXT.index("the convoy")
IND_END = TEXT.index(". “")


def gold(spans, direct=False, speaker=None, speaker_span=None):
    return {"spans": spans, "direct": direct, "speaker": speaker, "speaker_span": speaker_span}


def pred(start, end, direct=False, names=(), mentions=(), speaker_text=None):
    return {"spans": [(start, end)], "direct": direct, "names": list(names), "mentions": list(mentions),
            "speaker_text": speaker_text if speaker_text is not None else (names[0] if names else None)}


def test_evaluation_quotes_match_needs_half_of_the_gold_tokens():
    g = [gold([(Q_START, Q_END)], direct=True)]
    half = TEXT.index("rebuild")  # "We will" missing: 4 of 6 gold words covered
    assert match_quotes([pred(half, Q_END)], g, TEXT) == [(0, 0)]
    little = TEXT.index("soon")  # 1 of 6 words
    assert match_quotes([pred(little, Q_END)], g, TEXT) == []


def test_evaluation_quotes_quote_marks_and_punctuation_are_not_tokens():
    g = [gold([(Q_START, Q_END)], direct=True)]
    inner = pred(Q_START + 1, Q_END - 2)  # no marks, no comma
    assert match_quotes([inner], g, TEXT) == [(0, 0)]


def test_evaluation_quotes_matching_is_one_to_one():
    g = [gold([(Q_START, Q_END)], direct=True)]
    p = [pred(Q_START, Q_END, True), pred(Q_START, Q_END, True)]
    r = score_quotes([p], [g], [TEXT])
    assert r["direct"]["content"]["tp"] == 1
    assert r["direct"]["content"]["precision"] == 0.5 and r["direct"]["content"]["recall"] == 1.0


def test_evaluation_quotes_pieces_of_one_gold_quote_match_together():
    text = "“We will rebuild,” she said. “The bridge will open in May and stay open.”"
    a0, a1 = 0, text.index("”") + 1
    b0 = text.index("“The")
    b1 = len(text)
    g = [gold([(a0, a1), (b0, b1)], direct=True)]
    p = [pred(a0, a1, True), pred(b0, b1, True)]
    r = score_quotes([p], [g], [text])
    assert r["direct"]["content"]["precision"] == 1.0 and r["direct"]["content"]["recall"] == 1.0
    assert r["direct"]["content"]["tp"] == 2  # both pieces count for precision


def test_evaluation_quotes_views_split_direct_and_all():
    g = [gold([(Q_START, Q_END)], direct=True, speaker="the minister"),
         gold([(IND_START, IND_END)], speaker="Ilan Varga")]
    p = [pred(Q_START, Q_END, True, names=["the minister"])]
    r = score_quotes([p], [g], [TEXT])
    assert r["direct"]["content"]["f1"] == 1.0
    assert r["all"]["content"]["recall"] == 0.5 and r["all"]["content"]["precision"] == 1.0
    assert r["all"]["speaker_accuracy"] == 1.0


def test_evaluation_quotes_speaker_by_name_head_and_containment():
    g = {"speaker": "The New York Post", "speaker_span": None}
    assert speaker_matches(g, {"names": ["New York Post"], "mentions": []})
    assert speaker_matches(g, {"names": ["the Post"], "mentions": []})  # head word
    assert not speaker_matches(g, {"names": ["New York"], "mentions": []})
    g = {"speaker": "the president", "speaker_span": None}
    assert speaker_matches(g, {"names": ["President Obama"], "mentions": []})  # all gold words in ours
    g = {"speaker": "Mr. Obama", "speaker_span": None}
    assert speaker_matches(g, {"names": ["Barack Obama"], "mentions": []})
    g = {"speaker": "a spokesman for Clinton", "speaker_span": None}
    assert not speaker_matches(g, {"names": ["Hillary Clinton"], "mentions": []})
    g = {"speaker": "Mr. Grassley and Mr. Leahy", "speaker_span": None}
    assert speaker_matches(g, {"names": ["Charles Grassley"], "mentions": []})  # one conjunct


def test_evaluation_quotes_pronoun_speakers_need_the_same_pronoun_or_a_covering_mention():
    text = "Varga arrived. He said it was over."
    he = text.index("He")
    g = {"speaker": "He", "speaker_span": (he, he + 2)}
    # our speaker actor has a mention on "He" (coreference): right
    assert speaker_matches(g, {"names": ["Ilan Varga", "Varga"], "mentions": [(0, 5), (he, he + 2)], "speaker_text": "Varga"})
    # the actor's names alone do not vouch for a pronoun
    assert not speaker_matches(g, {"names": ["Ilan Varga"], "mentions": [(0, 5)], "speaker_text": "Ilan Varga"})
    assert speaker_matches(g, {"names": ["he"], "mentions": [], "speaker_text": "he"})


def test_evaluation_quotes_no_source_gold_wants_no_speaker():
    g = {"speaker": None, "speaker_span": None}
    assert speaker_matches(g, {"names": [], "mentions": []})
    assert not speaker_matches(g, {"names": ["Varga"], "mentions": []})
    assert not speaker_matches({"speaker": "Varga", "speaker_span": None}, {"names": [], "mentions": []})


def test_evaluation_quotes_gold_head_span_skips_post_modifiers():
    s = "a spokesman for Clinton"
    h = gold_head_span(s, 100)
    assert h == (100 + s.index("spokesman"), 100 + s.index("spokesman") + len("spokesman"))


def test_evaluation_quotes_pred_quotes_resolves_speaker_actor():
    rec = {
        "actors": [{"id": "a1", "name": "Ilan Varga", "aliases": ["Varga", "Ilan Varga"], "mentions": [[0, 10]]}],
        "quotes": [{"text": "x", "start": Q_START, "end": Q_END, "direct": True, "speaker": "a1", "speaker_text": "the minister"}],
    }
    (q,) = pred_quotes(rec)
    assert q["names"] == ["the minister", "Ilan Varga", "Varga"] and q["mentions"] == [(0, 10)]


def test_evaluation_quotes_baseline_needs_three_words_and_takes_nearest_entity(monkeypatch):
    from claimgraph.evaluation import quotes_eval

    text = 'Varga said "we will rebuild it" and called it "great".'
    monkeypatch.setattr(quotes_eval, "baseline_entities", lambda texts, labels: [[{"start": 0, "end": 5, "label": "PERSON", "text": "Varga"}]])
    (qs,) = baseline_quotes([text])
    assert len(qs) == 1 and qs[0]["names"] == ["Varga"] and qs[0]["direct"]
