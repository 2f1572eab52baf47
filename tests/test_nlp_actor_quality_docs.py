"""The actors stage's quality screen and the roles stage on hand-made parsed Docs (no model):
which names are no actors (and why), which places only locate, and capitals that act."""
import pytest
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.extensions import EventSpan
from claimgraph.nlp.roles import RoleFinder

ROLES = RoleFinder(BUNDLED)


def names(doc):
    return {cl.name for cl in doc._.cg_clusters.values()}


def reasons(doc):
    return {r.text: r.reason for r in doc._.cg_rejected}


def test_an_adjective_that_only_modifies_a_noun_is_no_group():
    # "Veltrian militants attacked Islamic schools ." : "Islamic" names no actor; "Veltrian" (a demonym of a place here) is no noise
    doc = actors(parsed("Veltria said Islamic schools closed .", heads=[1, 1, 3, 4, 1, 1],
                        deps=["nsubj", "ROOT", "amod", "nsubj", "ccomp", "punct"],
                        pos=["PROPN", "VERB", "ADJ", "NOUN", "VERB", "PUNCT"], tags=["NNP", "VBD", "JJ", "NNS", "VBD", "."],
                        ents=["B-GPE", "O", "B-NORP", "O", "O", "O"], glued={"."}))
    assert "Islamic" not in names(doc) and "Veltria" in names(doc)
    assert "adjective" in reasons(doc)["Islamic"]


def test_a_lower_case_word_and_a_common_noun_after_an_article_are_no_actors():
    doc = actors(parsed("Dastan shared intel about a Hudna .", heads=[1, 1, 1, 2, 5, 3, 1],
                        deps=["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "punct"],
                        pos=["PROPN", "VERB", "NOUN", "ADP", "DET", "PROPN", "PUNCT"],
                        ents=["B-GPE", "O", "B-ORG", "O", "O", "B-PERSON", "O"], glued={"."}))
    assert names(doc) == {"Dastan"}
    assert reasons(doc) == {"intel": "a common word in lower case", "Hudna": "a common noun after an article, not a person's name"}


@pytest.mark.parametrize("ner", [["O", "O"], ["B-LOC", "I-LOC"]])
def test_an_ambiguous_gazetteer_alias_after_a_first_name_is_a_person(ner):
    # "Siam" alone would be Thailand (an ambiguous alias): after a given name it is a surname,
    # even where NER called the whole name a place
    doc = actors(parsed("A bomb hit the car of Saber Siam .", heads=[1, 2, 2, 4, 2, 4, 7, 5, 2],
                        deps=["det", "nsubj", "ROOT", "det", "dobj", "prep", "compound", "pobj", "punct"],
                        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT"],
                        ents=["O"] * 6 + ner + ["O"], glued={"."}))
    assert names(doc) == {"Saber Siam"}
    assert doc._.cg_clusters[key_of(doc, "Saber Siam")].type == "PERSON"


def test_a_place_and_its_longer_form_are_one_place():
    doc = actors(parsed("Dastan shelled Gaza . Aid reached the Gaza Strip .", heads=[1, 1, 1, 1, 5, 5, 8, 8, 5, 5],
                        deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "det", "compound", "dobj", "punct"],
                        pos=["PROPN", "VERB", "PROPN", "PUNCT", "NOUN", "VERB", "DET", "PROPN", "PROPN", "PUNCT"],
                        ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "O", "B-GPE", "I-GPE", "O"], glued={"."}))
    assert key_of(doc, "Gaza") == key_of(doc, "Gaza Strip")


def _roles(doc, events):
    doc._.cg_events = events
    doc._.cg_quotes = []
    return ROLES(doc)


def test_a_place_that_only_locates_is_a_place_and_one_that_is_acted_on_an_actor():
    doc = actors(parsed("Dastan shelled Marvik after talks in Lenhaven .", heads=[1, 1, 1, 1, 3, 4, 5, 1],
                        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
                        pos=["PROPN", "VERB", "PROPN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
                        ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."}))
    dastan, marvik, lenhaven = key_of(doc, "Dastan"), key_of(doc, "Marvik"), key_of(doc, "Lenhaven")
    _roles(doc, [EventSpan("ASSAULT", dastan, marvik, 1, "shelled")])
    kinds = {k: cl.kind for k, cl in doc._.cg_clusters.items()}
    assert (kinds[dastan], kinds[marvik], kinds[lenhaven]) == ("actor", "actor", "place")


def test_a_capital_that_acts_is_its_state_and_one_that_locates_stays_a_place():
    doc = actors(parsed("Washington warned Dastan after talks in Washington .", heads=[1, 1, 1, 1, 3, 4, 5, 1],
                        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
                        pos=["PROPN", "VERB", "PROPN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
                        ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."}))
    capital, dastan = key_of(doc, "Washington"), key_of(doc, "Dastan")
    _roles(doc, [EventSpan("THREATEN", capital, dastan, 1, "warned")])
    [ev] = doc._.cg_events
    assert ev.source == "g:united_states"
    by_start = {m.start: m.key for m in doc._.cg_mentions}
    assert by_start[0] == "g:united_states" and by_start[6] == capital  # "in Washington" stays the place
    assert doc._.cg_clusters[capital].kind == "place"
    assert "folded into United States" in reasons(doc)["Washington"]


def test_a_name_that_starts_like_a_place_is_a_place_whatever_ner_said():
    doc = actors(parsed("Dastan shelled Khan Yunis .", heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "compound", "dobj", "punct"],
                        pos=["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"], ents=["B-GPE", "O", "B-ORG", "I-ORG", "O"], glued={"."}))
    assert doc._.cg_clusters[key_of(doc, "Khan Yunis")].type == "GPE"


def test_two_gazetteer_names_joined_by_a_conjunction_are_two_actors():
    doc = actors(parsed("Israel & Palestine met .", heads=[3, 0, 0, 3, 3], deps=["nsubj", "cc", "conj", "ROOT", "punct"],
                        pos=["PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"], ents=["B-ORG", "I-ORG", "I-ORG", "O", "O"], glued={"."}))
    assert names(doc) == {"Israel", "Palestine"}


def test_an_ambiguous_alias_after_a_compass_word_stays_a_place():
    # "New Georgia" is no person called Georgia (an ambiguous alias), whatever NER said
    doc = actors(parsed("Voters in New Georgia held a vote .", heads=[4, 0, 3, 1, 4, 6, 4, 4],
                        deps=["nsubj", "prep", "compound", "pobj", "ROOT", "det", "dobj", "punct"],
                        pos=["NOUN", "ADP", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                        ents=["O", "O", "B-GPE", "I-GPE", "O", "O", "O", "O"], glued={"."}))
    assert all(cl.type != "PERSON" for cl in doc._.cg_clusters.values())
