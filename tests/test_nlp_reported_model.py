"""The shipped cue model: it loads offline, and with the real model it finds beliefs, intentions,
noun cues and evaluations in invented news, leaving the outlet's own sentences alone."""
import json

import numpy as np
import pytest

from claimgraph.quotemodel.cues import WEIGHTS, CueModel


def test_cue_model_weights_load_offline_and_are_small():
    assert WEIGHTS.exists() and WEIGHTS.stat().st_size < 2_000_000
    model = CueModel.load()
    assert len(model.vocab) == model.w.shape[0] > 1000 and model.w_vec.shape == (300,)
    assert 0.0 < model.threshold < 1.0
    with np.load(WEIGHTS, allow_pickle=False) as z:  # no pickled objects in the file
        meta = json.loads(str(z["meta"].reshape(-1)[0]))
    assert meta["trained_on"] == "polnear.train" and meta["dev"]["all"]["precision"] >= 0.85
    assert "lemma=say" in model.vocab and "config=ccomp-after-that" in model.vocab


CASES = [
    # (sentence, content that must be attributed, its speaker's text)
    ("Dastani officials fear that Varland will close the border crossing at Ostrel.",
     "Varland will close the border crossing at Ostrel", "Dastani officials"),
    ("The Meridian Council called for an immediate ceasefire in the northern provinces.",
     "an immediate ceasefire in the northern provinces", "The Meridian Council"),
    ("Varland and Dastan reached an agreement to reopen the river port of Kelm next spring.",
     "reopen the river port of Kelm next spring", "Varland and Dastan"),
    ("General Ilse Korvath believes the rebels are regrouping near the Arden hills.",
     "the rebels are regrouping near the Arden hills", "General Ilse Korvath"),
]


@pytest.mark.model
def test_reported_beliefs_intentions_and_noun_cues(nlp):
    for text, content, speaker in CASES:
        doc = nlp(text)
        hits = [q for q in doc._.cg_quotes if content in text[q.start:q.end] and not q.direct]
        assert hits, (text, [(text[q.start:q.end], q.cue) for q in doc._.cg_quotes])
        # the speaker comes from the existing subject rule ("Varland and Dastan" gives a conjunct)
        assert hits[0].speaker_text and hits[0].speaker_text in speaker, (text, hits[0])


@pytest.mark.model
def test_outlet_sentences_are_not_attributed(nlp):
    text = "Meridian troops shelled the village of Orsk on Sunday. Three houses burned near the market."
    doc = nlp(text)
    assert doc._.cg_quotes == []


@pytest.mark.model
def test_commitment_inside_according_to_and_report_of_speech(nlp):
    doc = nlp("According to Varga, Dastan agreed to attack Varosia.")
    assert {(q.cue, q.speaker_text) for q in doc._.cg_quotes} >= {("according to", "Varga"), ("agreed", "Dastan")}
    doc = nlp("The Varland Times reported that Varga said Dastan attacked Varosia.")
    assert {(q.cue, q.speaker_text) for q in doc._.cg_quotes} == {("reported", "The Varland Times"), ("said", "Varga")}
