"""Candidate cues, their content spans and the cue model's decisions on hand-made Docs (no model)."""
import numpy as np
import pytest

from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp import reported
from claimgraph.nlp.quotes import QuoteFinder
from claimgraph.quotemodel.cue_features import candidate, candidates, features
from claimgraph.quotemodel.cues import CueModel, bundled_lists, fit

LISTS = bundled_lists(BUNDLED)


def _fears():
    # "Varga fears that Dastan will close the border ."
    return parsed("Varga fears that Dastan will close the border .", heads=[1, 1, 5, 5, 5, 1, 7, 5, 1],
                  deps=["nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "det", "dobj", "punct"],
                  pos=["PROPN", "VERB", "SCONJ", "PROPN", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
                  lemmas=["Varga", "fear", "that", "Dastan", "will", "close", "the", "border", "."],
                  ents=["B-PERSON", "O", "O", "B-GPE", "O", "O", "O", "O", "O"], glued={"."}, tags=["NNP", "VBZ", "IN", "NNP", "MD", "VB", "DT", "NN", "."])


def _agreement():
    # "Varland signed an agreement to reopen the river port ."
    return parsed("Varland signed an agreement to reopen the river port .", heads=[1, 1, 3, 1, 5, 3, 8, 8, 5, 1],
                  deps=["nsubj", "ROOT", "det", "dobj", "aux", "acl", "det", "compound", "dobj", "punct"],
                  pos=["PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "DET", "NOUN", "NOUN", "PUNCT"],
                  lemmas=["Varland", "sign", "an", "agreement", "to", "reopen", "the", "river", "port", "."],
                  ents=["B-GPE"] + ["O"] * 9, glued={"."})


def _model(weights: dict[str, float], bias: float = -2.0, threshold: float = 0.5) -> CueModel:
    vocab = {f: i for i, f in enumerate(weights)}
    return CueModel(vocab, np.array(list(weights.values()), dtype=np.float32), np.zeros(0, np.float32), bias, threshold)


def test_verb_with_that_clause_is_a_candidate_with_the_clause_as_content():
    doc = _fears()
    cand = candidate(doc[1])
    assert cand.content.text == "that Dastan will close the border" and cand.config == "ccomp-after-that"
    assert cand.anchor.i == 1 and cand.possessor is None
    feats = features(cand, LISTS)
    assert "lemma=fear" in feats and "subj=ent-PERSON" in feats and "config=ccomp-after-that" in feats
    assert candidate(doc[4]) is None  # an auxiliary introduces nothing


def test_noun_with_infinitive_is_a_candidate_and_its_speaker_is_the_verbs_subject():
    doc = _agreement()
    cand = candidate(doc[3])
    assert cand.config == "noun-acl-to" and cand.content.text == "to reopen the river port"
    assert cand.anchor.i == 1  # "Varland signed an agreement": the subject of "signed"
    assert "anchor|lemma=sign|agreement" in features(cand, LISTS)


def test_possessor_of_a_noun_cue_and_adjective_cues():
    # "Varga 's claim that Dastan armed rebels was false ."
    doc = parsed("Varga 's claim that Dastan armed rebels was false .", heads=[2, 0, 7, 5, 5, 2, 5, 7, 7, 7],
                 deps=["poss", "case", "nsubj", "mark", "nsubj", "acl", "dobj", "ROOT", "acomp", "punct"],
                 pos=["PROPN", "PART", "NOUN", "SCONJ", "PROPN", "VERB", "NOUN", "AUX", "ADJ", "PUNCT"],
                 lemmas=["Varga", "'s", "claim", "that", "Dastan", "arm", "rebel", "be", "false", "."],
                 ents=["B-PERSON", "O", "O", "O", "B-GPE", "O", "O", "O", "O", "O"], glued={"'s", "."})
    cand = candidate(doc[2])
    assert cand.config == "noun-acl-that" and cand.content.text == "that Dastan armed rebels"
    assert cand.possessor.i == 0
    # "Meridia is confident that talks will resume ."
    doc = parsed("Meridia is confident that talks will resume .", heads=[1, 1, 1, 6, 6, 6, 2, 1],
                 deps=["nsubj", "ROOT", "acomp", "mark", "nsubj", "aux", "ccomp", "punct"],
                 pos=["PROPN", "AUX", "ADJ", "SCONJ", "NOUN", "AUX", "VERB", "PUNCT"], glued={"."})
    cand = candidate(doc[2])
    assert cand.config == "adj-ccomp-that" and cand.anchor.i == 1


def test_passive_subject_is_the_content_of_a_verb_with_an_agent():
    # "The plan was endorsed by the Meridian Council ."
    doc = parsed("The plan was endorsed by the Meridian Council .", heads=[1, 3, 3, 3, 3, 7, 7, 4, 3],
                 deps=["det", "nsubjpass", "auxpass", "ROOT", "agent", "det", "compound", "pobj", "punct"],
                 pos=["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "PROPN", "PROPN", "PUNCT"], glued={"."})
    cand = candidate(doc[3])
    assert cand.config == "passive-subject" and cand.content.text == "The plan"


def test_find_keeps_candidates_above_the_threshold_and_one_of_overlapping_contents():
    doc = _fears()
    assert {c.cue.text for c in candidates(doc)} == {"fears", "close"}
    found = reported.find(doc, _model({"lemma=fear": 4.0}), LISTS)
    assert [(r.cue.text, r.content.text) for r in found] == [("fears", "that Dastan will close the border")]
    assert reported.find(doc, _model({"lemma=fear": 4.0}, threshold=0.95), LISTS) == []
    # both candidates pass, their contents overlap: the more probable one stays
    both = _model({"lemma=fear": 4.0, "lemma=close": 3.0}, threshold=0.1)
    assert [r.cue.text for r in reported.find(doc, both, LISTS)] == ["fears"]
    preferred = _model({"lemma=fear": 3.0, "lemma=close": 4.0}, threshold=0.1)
    assert [r.cue.text for r in reported.find(doc, preferred, LISTS)] == ["close"]


def test_find_leaves_direct_quotes_alone():
    doc = _fears()
    model = _model({"lemma=fear": 4.0})
    quote = (doc[3].idx, doc[7].idx + len(doc[7].text))  # as if "Dastan will close the border" were quoted
    assert reported.find(doc, model, LISTS, covered=[quote]) == []


def test_quotes_stage_takes_speaker_from_anchor_and_possessor():
    finder = QuoteFinder(BUNDLED)
    finder.cue_model = _model({"lemma=agreement": 5.0})
    doc = actors(_agreement())
    finder(doc)
    [q] = doc._.cg_quotes
    assert doc.text[q.start:q.end] == "to reopen the river port" and not q.direct
    assert q.speaker == key_of(doc, "Varland") and q.cue == "agreement"


def test_fit_is_deterministic_and_save_gives_the_same_bytes(tmp_path):
    pytest.importorskip("sklearn")  # the trainer's extra (in `.[test]`, so `make test` runs this)
    rng = np.random.default_rng(0)
    xs = [([f"lemma={'say' if i % 2 else 'eat'}", f"len={i % 5}"], rng.normal(size=4).astype(np.float32)) for i in range(60)]
    ys = [i % 2 for i in range(60)]
    a, b = fit(xs, ys, {"trained_on": "toy"}), fit(xs, ys, {"trained_on": "toy"})
    a.save(tmp_path / "a.npz")
    b.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert a.w[a.vocab["lemma=say"]] > 0 > a.w[a.vocab["lemma=eat"]]
    CueModel.load(tmp_path / "a.npz").save(tmp_path / "c.npz")
    assert (tmp_path / "c.npz").read_bytes() == (tmp_path / "a.npz").read_bytes()
