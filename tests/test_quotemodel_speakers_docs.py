"""The speaker ranker's candidates, features and weights on hand-made Docs (no model)."""
import numpy as np
import pytest
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.quotes import QuoteFinder
from claimgraph.quotemodel import speakers as S
from claimgraph.quotemodel.speakers import NONE, PREV, Attribution, SpeakerRanker, features

FINDER = QuoteFinder(BUNDLED)


def _of_the_doc():
    # "Marek of the League said that Dastan armed the rebels ."
    doc = parsed("Marek of the League said that Dastan armed the rebels .", heads=[4, 0, 3, 1, 4, 7, 7, 4, 9, 7, 4],
                 deps=["nsubj", "prep", "det", "pobj", "ROOT", "mark", "nsubj", "ccomp", "det", "dobj", "punct"],
                 pos=["PROPN", "ADP", "DET", "PROPN", "VERB", "SCONJ", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                 lemmas=["Marek", "of", "the", "League", "say", "that", "Dastan", "arm", "the", "rebel", "."],
                 ents=["B-PERSON", "O", "O", "B-ORG", "O", "O", "B-GPE", "O", "O", "O", "O"], glued={"."})
    return actors(doc)


def _context(doc):
    quotes, who = FINDER.find(doc)
    return quotes, FINDER.context(doc, who), FINDER.attributions(doc, quotes)


def test_candidates_lie_outside_the_content_and_include_the_subject_phrase():
    doc = _of_the_doc()
    quotes, ctx, [a] = _context(doc)
    cands = ctx.candidates(a)
    assert [doc[i].text for i in cands] == ["Marek", "League"]  # "Dastan", "rebels" are what was said
    assert a.kind == "reported" and doc[a.rule].text == "Marek" and doc[a.cue].text == "said"


def test_roles_tell_the_subject_from_the_body_inside_its_phrase():
    doc = _of_the_doc()
    _, ctx, [a] = _context(doc)
    cands = ctx.candidates(a)
    marek = features(ctx, a, cands[0], cands)
    league = features(ctx, a, cands[1], cands)
    assert "role=child:nsubj:before" in marek and "rule" in marek and "reported|rule" in marek
    assert "role=in_subj:pobj:prep" in league and "rule" not in league and "pobj_of=of" in league
    assert "NONE" in features(ctx, a, NONE, cands)


def test_a_place_or_a_date_is_never_a_candidate():
    # "VARBURG , May 2 - Kessel said that Dastan armed the rebels ."
    doc = parsed("VARBURG , May 2 - Kessel said that Dastan armed the rebels .",
                 heads=[6, 0, 0, 2, 6, 6, 6, 9, 9, 6, 11, 9, 6],
                 deps=["npadvmod", "punct", "appos", "nummod", "punct", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "det", "dobj", "punct"],
                 pos=["PROPN", "PUNCT", "PROPN", "NUM", "PUNCT", "PROPN", "VERB", "SCONJ", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                 lemmas=["VARBURG", ",", "May", "2", "-", "Kessel", "say", "that", "Dastan", "arm", "the", "rebel", "."],
                 ents=["B-GPE", "O", "B-DATE", "I-DATE", "O", "B-PERSON", "O", "O", "B-GPE", "O", "O", "O", "O"], glued={",", "."})
    doc = actors(doc)
    _, ctx, [a] = _context(doc)
    assert [doc[i].text for i in ctx.candidates(a)] == ["Kessel"]


def test_a_transcripts_speaker_label_opening_the_quote_is_a_candidate():
    doc = parsed("“ KESSEL : We will not accept that . ”", heads=[2, 2, 2, 6, 6, 6, 6, 6, 6, 6],
                 deps=["punct", "ROOT", "punct", "nsubj", "aux", "neg", "ROOT", "dobj", "punct", "punct"],
                 pos=["PUNCT", "PROPN", "PUNCT", "PRON", "AUX", "PART", "VERB", "PRON", "PUNCT", "PUNCT"],
                 ents=["O", "B-PERSON"] + ["O"] * 8, glued={":", ".", "”"})
    doc = actors(doc)
    [q], who = FINDER.find(doc)
    assert q.speaker_token == 1 and q.speaker_text == "KESSEL" and q.cue is None  # the rules read the label
    ctx = FINDER.context(doc, who)
    a = Attribution(1, 9, None, None, "uncued")
    assert ctx.candidates(a) == [1]
    assert "role=colon_label" in features(ctx, a, 1, [1])


def _tiny(weights: dict[str, float], none_bias=0.0) -> SpeakerRanker:
    vocab = sorted(weights)
    return SpeakerRanker(vocab, np.array([weights[f] for f in vocab]), 0.0, {"none_bias": none_bias})


def test_the_ranker_decides_and_the_rules_are_only_a_feature():
    doc = _of_the_doc()
    quotes, who = FINDER.find(doc)
    by_rule = FINDER.rank(doc, quotes, who, _tiny({"rule": 2.0}))
    assert by_rule[0].speaker == key_of(doc, "Marek")
    by_body = FINDER.rank(doc, quotes, who, _tiny({"role=in_subj:pobj:prep": 3.0}))
    assert by_body[0].speaker == key_of(doc, "League") and by_body[0].speaker_token == 3
    nobody = FINDER.rank(doc, quotes, who, _tiny({"rule": 1.0}, none_bias=5.0))
    assert nobody[0].speaker is None and nobody[0].speaker_text is None and nobody[0].speaker_kind is None


def test_prev_takes_the_previous_speaker():
    doc = parsed("“ We will win this war , ” Varga said . “ Nobody can stop us now . ”",
                 heads=[3, 3, 3, 9, 5, 3, 3, 9, 9, 9, 9, 14, 14, 14, 14, 14, 14, 14, 14],
                 deps=["punct", "nsubj", "aux", "ccomp", "det", "dobj", "punct", "punct", "nsubj", "ROOT", "punct",
                       "punct", "nsubj", "aux", "ROOT", "dobj", "advmod", "punct", "punct"],
                 pos=["PUNCT", "PRON", "AUX", "VERB", "DET", "NOUN", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT",
                      "PUNCT", "PRON", "AUX", "VERB", "PRON", "ADV", "PUNCT", "PUNCT"],
                 lemmas=["“", "we", "will", "win", "this", "war", ",", "”", "Varga", "say", ".", "“", "nobody", "can", "stop", "we", "now", ".", "”"],
                 ents=["O"] * 8 + ["B-PERSON"] + ["O"] * 10, glued={",", "”", "."})
    doc = actors(doc)
    quotes, who = FINDER.find(doc)
    assert len(quotes) == 2
    ranked = FINDER.rank(doc, quotes, who, _tiny({"PREV": 3.0, "rule": 1.0}))
    assert [q.speaker for q in ranked] == [key_of(doc, "Varga")] * 2
    a = FINDER.attributions(doc, quotes)[1]
    assert a.kind == "uncued" and a.prev is not None and a.prev_key == key_of(doc, "Varga")
    assert "PREV|para=0" in features(FINDER.context(doc, who), a, PREV, [])


def test_save_and_load_round_trip_with_the_same_bytes(tmp_path):
    r = _tiny({"rule": 1.5, "PREV": -0.25}, none_bias=0.5)
    r.save(tmp_path / "a.npz")
    back = SpeakerRanker.load(tmp_path / "a.npz")
    back.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert back.none_bias == 0.5 and back.score(["rule", "unknown"]) == pytest.approx(1.5)


def test_the_shipped_weights_load_offline_and_are_small():
    assert S.WEIGHTS.exists() and S.WEIGHTS.stat().st_size < 2_000_000
    r = SpeakerRanker.load()
    assert len(r.vocab) == len(r.weights) > 100
    assert r.meta["trained_on"]["polnear.train"] > 0
    assert r.score(["role=child:nsubj:before", "rule"]) > r.score(["role=child:dobj:after"])


def test_training_is_deterministic_and_learns_the_labelled_choice(tmp_path):
    pytest.importorskip("sklearn")
    from claimgraph.quotemodel import speaker_training as T

    groups = []
    for n in range(40):  # the subject is right, the told object and NONE are not; every fifth has none
        nobody = n % 5 == 0
        g = T.Group(doc=n, direct=n % 2 == 0, main=True, options=[0, 1, NONE],
                    feats=[["role=child:nsubj:before", "noun=source" if nobody else "rule", f"dist={n % 3}"], ["role=child:dobj:after", f"dist={n % 4}"],
                           ["NONE", f"NONE|rule={not nobody}"]],
                    labels=[not nobody, False, nobody])
        groups.append(g)
    a, b = T.fit(groups), T.fit(groups)
    a.save(tmp_path / "a.npz")
    b.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    acc = T.accuracy(a, groups)
    assert acc["all_ranker"] == 1.0 and acc["all_n"] == 40
    cv = T.cross_validate(groups, k=4)
    assert cv["k"] == 4 and len(cv["folds"]) == 4 and cv["mean"]["all_ranker"] == 1.0
