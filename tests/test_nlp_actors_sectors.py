"""Everyday (sector) actors on hand-made parsed Docs: "Varlandian police", "Dastan's army",
"forces of the Free Front", untied "protesters" and "Varland police", and the resolver's view."""
from dataclasses import replace

from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.models import Actor, Document, Extraction
from claimgraph.nlp.actors import event_sectors
from claimgraph.nlp.actors.sectors import dominant_state
from claimgraph.nlp.coref import Coreference
from claimgraph.nlp.extensions import EventSpan
from claimgraph.resolve import Resolver


def _mention_of(doc, start):
    return next(m for m in doc._.cg_mentions if m.start <= start < m.end)


def test_sectors_demonym_ties_police_to_the_state_and_protesters_stay_their_own():
    doc = actors(parsed("Varlandian police arrested protesters .", heads=[1, 2, 2, 2, 2],
                        deps=["amod", "nsubj", "ROOT", "dobj", "punct"], pos=["ADJ", "NOUN", "VERB", "NOUN", "PUNCT"],
                        ents=["B-NORP", "O", "O", "O", "O"], lemmas=["varlandian", "police", "arrest", "protester", "."], glued={"."}))
    state = key_of(doc, "Varlandian")
    police = _mention_of(doc, 1)
    assert (police.start, police.end, police.key, police.kind) == (1, 2, state, "sector")
    assert doc._.cg_clusters[state].kind == "actor"  # the state stays a named actor
    protesters = doc._.cg_clusters[_mention_of(doc, 3).key]
    assert (protesters.key, protesters.name, protesters.type, protesters.kind, protesters.sector) == ("d:protest", "protesters", "OTHER", "sector", "PROTEST")
    assert doc._.cg_sectors == {1: "POLICE", 3: "PROTEST"}


def test_sectors_possessive_and_multiword_head_fold_into_the_group():
    doc = actors(parsed("Hamas ' security services arrested a journalist .", heads=[3, 0, 3, 4, 4, 6, 4, 4],
                        deps=["poss", "case", "compound", "nsubj", "ROOT", "det", "dobj", "punct"],
                        pos=["PROPN", "PART", "NOUN", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
                        ents=["B-ORG", "O", "O", "O", "O", "O", "O", "O"],
                        lemmas=["hamas", "'", "security", "service", "arrest", "a", "journalist", "."], glued={"."}))
    services = _mention_of(doc, 3)
    assert (services.start, services.end, services.key) == (2, 4, "g:hamas")
    assert doc._.cg_sectors[2] == doc._.cg_sectors[3] == "SPY"
    journalist = doc._.cg_clusters[_mention_of(doc, 6).key]
    assert (journalist.kind, journalist.sector, journalist.name) == ("sector", "MEDIA", "journalist")
    ev = EventSpan("COERCE", "g:hamas", journalist.key, 4, "arrested")
    assert event_sectors(doc, ev) == ("SPY", "MEDIA")
    # the named actor itself, away from its agent noun, has no sector
    assert event_sectors(doc, replace(ev, source=None)) == (None, "MEDIA")


def test_sectors_possessive_state_and_of_group():
    doc = actors(parsed("Dastan 's army attacked forces of the Free Front .", heads=[2, 0, 3, 3, 3, 4, 8, 8, 5, 3],
                        deps=["poss", "case", "nsubj", "ROOT", "dobj", "prep", "det", "compound", "pobj", "punct"],
                        pos=["PROPN", "PART", "NOUN", "VERB", "NOUN", "ADP", "DET", "PROPN", "PROPN", "PUNCT"],
                        ents=["B-GPE", "O", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"],
                        lemmas=["dastan", "'s", "army", "attack", "forces", "of", "the", "free", "front", "."], glued={"'s", "."}))
    assert _mention_of(doc, 2).key == key_of(doc, "Dastan")
    assert _mention_of(doc, 4).key == key_of(doc, "Free Front")
    assert all(cl.kind == "actor" for cl in doc._.cg_clusters.values())
    assert doc._.cg_sectors == {2: "MIL", 4: "MIL"}


def test_sectors_a_nationality_does_not_own_its_protesters():
    doc = actors(parsed("Dastani protesters marched .", heads=[1, 2, 2, 2], deps=["amod", "nsubj", "ROOT", "punct"],
                        pos=["ADJ", "NOUN", "VERB", "PUNCT"], ents=["B-NORP", "O", "O", "O"],
                        lemmas=["dastani", "protester", "march", "."], glued={"."}))
    cl = doc._.cg_clusters[_mention_of(doc, 1).key]
    assert (cl.name, cl.type, cl.kind, cl.sector) == ("Dastani protesters", "OTHER", "sector", "PROTEST")
    assert cl.key.startswith("d:") and cl.affiliations == {key_of(doc, "Dastani")}


def test_sectors_untied_state_bodies_belong_to_the_dominant_state_and_repeats_corefer():
    # "Protesters marched in Varland . Riot police arrested ..." (the parse is simplified)
    doc = actors(parsed("Protesters marched in Varland . Then . Riot police arrested dozens of protesters", heads=[1, 1, 1, 2, 1, 6, 6, 8, 9, 9, 9, 10, 11],
                        deps=["nsubj", "ROOT", "prep", "pobj", "punct", "ROOT", "punct", "compound", "nsubj", "ROOT", "dobj", "prep", "pobj"],
                        pos=["NOUN", "VERB", "ADP", "PROPN", "PUNCT", "ADV", "PUNCT", "NOUN", "NOUN", "VERB", "NOUN", "ADP", "NOUN"],
                        ents=["O", "O", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "O", "O", "O"],
                        lemmas=["protester", "march", "in", "varland", ".", "then", ".", "riot", "police", "arrest", "dozen", "of", "protester"]))
    varland = key_of(doc, "Varland")
    police = doc._.cg_clusters[_mention_of(doc, 8).key]
    assert (police.key, police.name, police.type, police.kind, police.sector) == ("t:varland police", "Varland police", "ORG", "sector", "POLICE")
    assert police.affiliations == {varland} and "Varland riot police" in police.aliases
    assert _mention_of(doc, 0).key == _mention_of(doc, 12).key == "d:protest"
    assert (_mention_of(doc, 7).start, _mention_of(doc, 7).end) == (7, 9)  # "Riot police", one mention


def test_sectors_without_one_dominant_state_police_are_the_documents_own():
    doc = actors(parsed("Police arrested them in Varland and Dastan .", heads=[1, 1, 1, 1, 3, 4, 4, 1],
                        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj", "punct"],
                        pos=["NOUN", "VERB", "PRON", "ADP", "PROPN", "CCONJ", "PROPN", "PUNCT"],
                        ents=["O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."}))
    assert dominant_state(doc, [m for m in doc._.cg_mentions if m.kind == "name"], doc._.cg_clusters) is None
    cl = doc._.cg_clusters[_mention_of(doc, 0).key]
    assert (cl.key, cl.type, cl.kind, cl.sector) == ("d:police", "OTHER", "sector", "POLICE")


def test_sectors_state_bodies_in_a_place_are_that_places():
    # two places, neither dominant: the police are those of the place they are "in"
    doc = actors(parsed("Police in Lenhaven arrested a man from Dastan .", heads=[3, 0, 1, 3, 5, 3, 5, 6, 3],
                        deps=["nsubj", "prep", "pobj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
                        pos=["NOUN", "ADP", "PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
                        ents=["O", "O", "B-GPE", "O", "O", "O", "O", "B-GPE", "O"], glued={"."}))
    cl = doc._.cg_clusters[_mention_of(doc, 0).key]
    assert (cl.name, cl.kind, cl.affiliations) == ("Lenhaven police", "sector", {key_of(doc, "Lenhaven")})


def test_sectors_a_modifier_is_not_a_group_and_names_are_left_alone():
    doc = actors(parsed("Varland closed the police station .", heads=[1, 1, 4, 4, 1, 1], deps=["nsubj", "ROOT", "det", "compound", "dobj", "punct"],
                        pos=["PROPN", "VERB", "DET", "NOUN", "NOUN", "PUNCT"], ents=["B-GPE", "O", "O", "O", "O", "O"], glued={"."}))
    assert [m.kind for m in doc._.cg_mentions] == ["name"] and doc._.cg_sectors == {}


def test_sectors_a_definite_reference_claims_the_agent_noun():
    doc = actors(parsed("Hamas fired rockets . The militants struck again .", heads=[1, 1, 1, 1, 5, 6, 6, 6, 6],
                        deps=["nsubj", "ROOT", "dobj", "punct", "det", "nsubj", "ROOT", "advmod", "punct"],
                        pos=["PROPN", "VERB", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "ADV", "PUNCT"],
                        ents=["B-ORG", "O", "O", "O", "O", "O", "O", "O", "O"], tags=["NNP", "VBD", "NNS", ".", "DT", "NNS", "VBD", "RB", "."],
                        lemmas=["hamas", "fire", "rocket", ".", "the", "militant", "strike", "again", "."], glued={"."}))
    assert doc._.cg_clusters[_mention_of(doc, 5).key].kind == "sector"  # the actors stage alone: a group of its own
    doc = Coreference(BUNDLED)(doc)
    m = _mention_of(doc, 5)
    assert (m.start, m.end, m.key, m.kind) == (4, 6, "g:hamas", "nominal")
    assert not any(cl.kind == "sector" for cl in doc._.cg_clusters.values())  # left with no mention: dropped
    assert event_sectors(doc, EventSpan("ASSAULT", "g:hamas", None, 6, "struck")) == ("REBEL", None)


def _extraction(text: str, *actors: Actor) -> Extraction:
    return Extraction(doc=Document(text=text), actors=actors)


def test_sectors_resolver_keeps_document_groups_apart_and_state_bodies_together():
    r = Resolver()
    protesters = Actor("d:protest", "protesters", "OTHER", kind="sector", sector="PROTEST")
    police = Actor("t:varland police", "Varland police", "ORG", aliases=("Varland police",), kind="sector", sector="POLICE")
    one = r.resolve(_extraction("Police arrested protesters.", protesters, police))
    two = r.resolve(_extraction("Protesters marched; police watched.", protesters, police))
    ids_one, ids_two = ({a.sector: a.id for a in ex.actors} for ex in (one, two))
    assert ids_one["PROTEST"] == f"protesters@{one.doc.id}" != ids_two["PROTEST"]
    assert ids_one["POLICE"] == ids_two["POLICE"] == "varland-police"
    assert all(a.kind == "sector" for a in one.actors)
    # a named actor never resolves to a document's own group, whatever it is called
    named = r.resolve(_extraction("The Protesters, a band, played.", Actor("t:protesters", "Protesters", "ORG")))
    assert named.actors[0].id == "protesters" and named.actors[0].kind == "actor"


def test_sectors_agent_nouns_load_extend_and_refuse_bad_lines(tmp_path):
    import pytest

    from claimgraph.config import DATA_DIR
    from claimgraph.resources import Resources

    bundled = Resources([DATA_DIR]).agent_nouns()
    assert bundled.sector(("security", "forces")) == "POLICE" and bundled.sector(("soldier",)) == "MIL"
    assert bundled.names["MIL"] == "military" and bundled.longest >= 2
    (tmp_path / "agent_nouns.tsv").write_text("# mine\nconstable\tPOLICE\nsoldier\tARMY\tname\n", encoding="utf-8")
    mine = Resources([DATA_DIR, tmp_path]).agent_nouns()
    assert mine.sector(("constable",)) == "POLICE" and mine.sector(("soldier",)) == "ARMY" and mine.names["ARMY"] == "soldier"
    (tmp_path / "agent_nouns.tsv").write_text("constable POLICE\n", encoding="utf-8")
    with pytest.raises(ValueError, match="agent_nouns.tsv:1: expected phrase<TAB>SECTOR"):
        Resources([tmp_path]).agent_nouns()
