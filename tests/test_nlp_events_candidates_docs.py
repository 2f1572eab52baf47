"""The events stage's candidates on hand-made parsed Docs (no model): which (source, trigger,
target) the classifier is offered, and which it never is."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.actors import token_actor_map
from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.events.candidates import mention_span, mentions_by_key, place_role

FINDER = EventFinder(BUNDLED)


def candidates(doc):
    doc._.cg_quotes = []
    actors(doc)
    return FINDER.candidates(doc, token_actor_map(doc))


def test_candidates_a_verb_the_lexicon_does_not_know_is_offered():
    doc = parsed("Dastan shadowed Varosia .", heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", "shadow", "Varosia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O"], glued={"."})
    [c] = candidates(doc)
    assert (c.source, c.target, c.trigger_text, c.lexicon, c.origin) == (key_of(doc, "Dastan"), key_of(doc, "Varosia"), "shadowed", None, "verb")


def test_candidates_lexicon_trigger_keeps_its_type():
    doc = parsed("Dastan attacked Varosia .", heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", "attack", "Varosia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O"], glued={"."})
    [c] = candidates(doc)
    assert (c.lexicon, c.origin) == ("ASSAULT", "lexicon")


def test_candidates_coordinated_subjects_are_co_sources_never_each_others_target():
    # "Dastan and Varosia dislodged Meridia ."
    doc = parsed("Dastan and Varosia dislodged Meridia .", heads=[3, 0, 0, 3, 3, 3],
                 deps=["nsubj", "cc", "conj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "CCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "and", "Varosia", "dislodge", "Meridia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    pairs = {(c.source, c.target) for c in candidates(doc)}
    d, v, m = key_of(doc, "Dastan"), key_of(doc, "Varosia"), key_of(doc, "Meridia")
    assert pairs == {(d, m), (v, m)}


def test_candidates_an_empty_side_takes_the_actor_inside_its_phrase():
    # "Dastan freed a Varosian journalist ." : the journalist is no actor, Varosia is
    doc = parsed("Dastan freed a Varosian journalist .", heads=[1, 1, 4, 4, 1, 1],
                 deps=["nsubj", "ROOT", "det", "amod", "dobj", "punct"],
                 pos=["PROPN", "VERB", "DET", "ADJ", "NOUN", "PUNCT"],
                 lemmas=["Dastan", "free", "a", "varosian", "journalist", "."],
                 ents=["B-GPE", "O", "O", "B-NORP", "O", "O"], glued={"."})
    targets = {c.target for c in candidates(doc) if c.source == key_of(doc, "Dastan")}
    assert targets and None not in targets


def test_candidates_two_actors_no_trigger_links_become_a_pair_from_the_subject():
    # "Dastan 's envoy met Varosia" has a lexicon verb; a noun-led clause does not:
    # "Dastan held a dinner with Varosia ." ("hold" is a light verb, "dinner" no trigger)
    doc = parsed("Dastan held a dinner with Varosia .", heads=[1, 1, 3, 1, 3, 4, 1],
                 deps=["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "hold", "a", "dinner", "with", "Varosia", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})
    [c] = [c for c in candidates(doc) if c.origin == "pair"]
    assert (c.source, c.target, c.trigger_text) == (key_of(doc, "Dastan"), key_of(doc, "Varosia"), "held")


def test_candidates_a_place_that_only_locates_is_no_side():
    doc = parsed("Dastan held talks in Ostmar .", heads=[1, 1, 1, 1, 3, 1],
                 deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "hold", "talk", "in", "Ostmar", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    actors(doc)
    w = FINDER.w
    sent = doc[0].sent
    by_key = mentions_by_key(doc)
    assert place_role(mention_span(doc, by_key, key_of(doc, "Ostmar"), sent, 1), w.locative_preps, w.motion_verbs) == "located"
    assert place_role(mention_span(doc, by_key, key_of(doc, "Dastan"), sent, 1), w.locative_preps, w.motion_verbs) is None
    finder = EventFinder(BUNDLED)
    doc._.cg_events = []
    finder(doc)
    assert all(key_of(doc, "Ostmar") not in (e.source, e.target) for e in doc._.cg_events)


def test_candidates_a_destination_is_no_side_even_of_a_lexicon_trigger():
    # "Farrow returned to Veltria ." ("return" is CONCEDE in the lexicon: "returned the relics to X")
    doc = parsed("Farrow returned to Veltria .", heads=[1, 1, 1, 2, 1], deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
                 pos=["PROPN", "VERB", "ADP", "PROPN", "PUNCT"], lemmas=["Farrow", "return", "to", "Veltria", "."],
                 ents=["B-PERSON", "O", "O", "B-GPE", "O"], glued={"."})
    actors(doc)
    w = FINDER.w
    span = mention_span(doc, mentions_by_key(doc), key_of(doc, "Veltria"), doc[0].sent, 1)
    assert place_role(span, w.locative_preps, w.motion_verbs) == "destination"


def test_events_a_hostile_act_under_a_vow_is_a_threat_triggered_by_the_vow():
    # "Dastan vowed to attack Varosia ." ("vow" alone is a promise; its act decides the sense)
    doc = parsed("Dastan vowed to attack Varosia .", heads=[1, 1, 3, 1, 3, 1],
                 deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "vow", "to", "attack", "Varosia", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    doc._.cg_quotes = []
    finder = EventFinder(BUNDLED)
    finder.typer = None
    finder(actors(doc))
    pair = [(e.type, e.trigger_text) for e in doc._.cg_events if (e.source, e.target) == (key_of(doc, "Dastan"), key_of(doc, "Varosia"))]
    assert pair and all(p == ("THREATEN", "vowed") for p in pair), [(e.type, e.trigger_text, e.target) for e in doc._.cg_events]
