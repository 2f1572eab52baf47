"""How the cross-validation labels the events stage's candidates (``eventmodel.crossval._label``),
on a hand-made Doc: no model, no gold files."""
from nlp_docs import actors, key_of, parsed

from claimgraph.eventmodel.crossval import _label
from claimgraph.nlp.events.candidates import Candidate, mentions_by_key

TEXT = "Dastan attacked Varosia and Meridia ."


def _doc():
    doc = parsed(TEXT, heads=[1, 1, 1, 2, 2, 1], deps=["nsubj", "ROOT", "dobj", "cc", "conj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "attack", "Varosia", "and", "Meridia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    return actors(doc)


def _span(word):
    i = TEXT.index(word)
    return [(i, i + len(word))]


def test_crossval_labels_a_candidate_on_the_gold_pair_with_the_gold_type():
    doc = _doc()
    d, v = key_of(doc, "Dastan"), key_of(doc, "Varosia")
    gold = {"type": "ASSAULT", "source": _span("Dastan"), "target": _span("Varosia")}
    assert _label(doc, mentions_by_key(doc), Candidate(d, v, 1, "attacked", "ASSAULT"), gold, event_free=False) == "ASSAULT"
    # the other way round is no match for a directed type
    assert _label(doc, mentions_by_key(doc), Candidate(v, d, 1, "attacked", "ASSAULT"), gold, event_free=False) is None


def test_crossval_a_lexicon_candidate_off_the_one_marked_pair_is_left_out_a_weak_one_is_none():
    doc = _doc()
    d, m = key_of(doc, "Dastan"), key_of(doc, "Meridia")
    gold = {"type": "ASSAULT", "source": _span("Dastan"), "target": _span("Varosia")}
    by_key = mentions_by_key(doc)
    assert _label(doc, by_key, Candidate(d, m, 1, "attacked", "ASSAULT"), gold, event_free=False) is None
    assert _label(doc, by_key, Candidate(d, m, 1, "attacked", None, origin="pair"), gold, event_free=False) == "NONE"


def test_crossval_our_none_entries_label_their_pair_and_event_free_sentences_label_everything_none():
    doc = _doc()
    d, v, m = key_of(doc, "Dastan"), key_of(doc, "Varosia"), key_of(doc, "Meridia")
    none_pair = {"type": "NONE", "source": _span("Varosia"), "target": _span("Meridia")}
    by_key = mentions_by_key(doc)
    assert _label(doc, by_key, Candidate(v, m, 1, "attacked", "ASSAULT"), none_pair, event_free=False) == "NONE"
    assert _label(doc, by_key, Candidate(d, v, 1, "attacked", "ASSAULT"), none_pair, event_free=False) is None
    assert _label(doc, by_key, Candidate(d, v, 1, "attacked", "ASSAULT"), none_pair, event_free=True) == "NONE"
