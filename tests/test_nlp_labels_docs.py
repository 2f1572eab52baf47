"""The labels stage on hand-made parsed Docs (no model): what an outlet calls an actor, and what
is no label of it."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.labels import LabelFinder

LABELS = LabelFinder(BUNDLED)


def labels(doc, name):
    return [lab for lab, _ in doc._.cg_clusters[key_of(doc, name)].labels]


def test_the_group_an_actor_modifies_is_its_label_but_its_leaders_are_not():
    # "the Meridian terrorist group" labels the Meridian Front; "top Meridian leaders" does not
    doc = LABELS(actors(parsed("Dastan met top Meridian leaders of the Meridian terrorist group .",
                               heads=[1, 1, 4, 4, 1, 4, 9, 9, 9, 5, 1],
                               deps=["nsubj", "ROOT", "amod", "compound", "dobj", "prep", "det", "compound", "compound", "pobj", "punct"],
                               pos=["PROPN", "VERB", "ADJ", "PROPN", "NOUN", "ADP", "DET", "PROPN", "NOUN", "NOUN", "PUNCT"],
                               tags=["NNP", "VBD", "JJ", "NNP", "NNS", "IN", "DT", "NNP", "NN", "NN", "."],
                               lemmas=["Dastan", "meet", "top", "Meridian", "leader", "of", "the", "Meridian", "terrorist", "group", "."],
                               ents=["B-GPE", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "O", "O", "O"], glued={"."})))
    assert labels(doc, "Meridian") == ["terrorist group"]
