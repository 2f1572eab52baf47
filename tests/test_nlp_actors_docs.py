"""The actors stage on hand-made parsed Docs (no model)."""
from nlp_docs import actors, key_of, parsed


def test_actors_gazetteer_alias_without_ner():
    doc = actors(parsed("Daesh fighters attacked the town .", heads=[1, 2, 2, 4, 2, 2],
                        deps=["compound", "nsubj", "ROOT", "det", "dobj", "punct"],
                        pos=["PROPN", "NOUN", "VERB", "DET", "NOUN", "PUNCT"], glued={"."}))
    assert key_of(doc, "Daesh") == "g:isis"
    assert doc._.cg_clusters["g:isis"].name == "Islamic State"
    assert [(m.start, m.end, m.label) for m in doc._.cg_mentions] == [(0, 1, "GAZ")]


def test_actors_multi_token_name_and_its_surname():
    doc = actors(parsed("Ilan Varga arrived . Varga spoke .", heads=[1, 2, 2, 2, 5, 5, 5],
                        deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
                        pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"],
                        ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"], glued={"."}))
    key = key_of(doc, "Ilan Varga")
    cl = doc._.cg_clusters[key]
    assert cl.type == "PERSON" and cl.aliases == ["Ilan Varga", "Varga"]
    assert [(m.start, m.end, m.key) for m in doc._.cg_mentions] == [(0, 2, key), (4, 5, key)]


def test_actors_acronym_in_parentheses_joins_the_name():
    doc = actors(parsed("The Free Meridian Front ( FMF ) attacked .", heads=[3, 3, 3, 6, 3, 3, 3, 6, 6],
                        deps=["det", "compound", "compound", "nsubj", "punct", "appos", "punct", "ROOT", "punct"],
                        pos=["DET", "PROPN", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT", "VERB", "PUNCT"],
                        ents=["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O"], glued={")", "."}))
    assert key_of(doc, "FMF") == key_of(doc, "Free Meridian Front")


def test_actors_a_demonym_ner_missed_joins_the_place_of_the_document():
    # "Korvania closed the border . Korvanian officials protested ." : NER tags no entity in "Korvanian"
    doc = actors(parsed("Korvania closed the border . Korvanian officials protested .", heads=[1, 1, 3, 1, 1, 6, 7, 7, 7],
                        deps=["nsubj", "ROOT", "det", "dobj", "punct", "amod", "nsubj", "ROOT", "punct"],
                        pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT", "ADJ", "NOUN", "VERB", "PUNCT"],
                        ents=["B-GPE", "O", "O", "O", "O", "O", "O", "O", "O"], glued={"."}))
    korvania = key_of(doc, "Korvania")
    assert "Korvanian" in doc._.cg_clusters[korvania].aliases
    assert any(m.key == korvania and m.start == 5 for m in doc._.cg_mentions)
    # a capitalised word that is no demonym of a place here stays out
    doc = actors(parsed("Korvania closed the border . Meridian officials protested .", heads=[1, 1, 3, 1, 1, 6, 7, 7, 7],
                        deps=["nsubj", "ROOT", "det", "dobj", "punct", "amod", "nsubj", "ROOT", "punct"],
                        pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT", "ADJ", "NOUN", "VERB", "PUNCT"],
                        ents=["B-GPE", "O", "O", "O", "O", "O", "O", "O", "O"], glued={"."}))
    assert not any(m.start == 5 and m.kind == "name" for m in doc._.cg_mentions)
