"""The events stage on hand-made parsed Docs (no model): verb and noun triggers, passives, negation."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.events import EventFinder
from claimgraph.ontology import ONE_SIDED

FINDER = EventFinder(BUNDLED)
FINDER.typer = None  # the rules alone: these Docs have no word vectors (the classifier is tested on real parses)


def events(doc):
    doc._.cg_quotes = []
    FINDER(actors(doc))
    return doc._.cg_events


def test_events_verb_trigger_with_subject_and_object():
    doc = parsed("Dastan attacked Varosia .", heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", "attack", "Varosia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O"], glued={"."})
    [ev] = events(doc)
    assert (ev.type, ev.source, ev.target) == ("ASSAULT", key_of(doc, "Dastan"), key_of(doc, "Varosia"))
    assert ev.trigger_text == "attacked" and not ev.negated and not ev.hedged
    assert (ev.sent_start, ev.sent_end) == (0, len(doc.text))


def test_events_passive_with_a_by_agent():
    doc = parsed("Varosia was attacked by Dastan .", heads=[2, 2, 2, 2, 3, 2],
                 deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Varosia", "be", "attack", "by", "Dastan", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    [ev] = events(doc)
    assert (ev.type, ev.source, ev.target) == ("ASSAULT", key_of(doc, "Dastan"), key_of(doc, "Varosia"))


def test_events_negated_event():
    doc = parsed("Dastan did not attack Varosia .", heads=[3, 3, 3, 3, 3, 3],
                 deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "do", "not", "attack", "Varosia", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    [ev] = events(doc)
    assert ev.type == "ASSAULT" and ev.negated


def test_events_noun_trigger_the_attack_on_x_by_y():
    doc = parsed("The attack on Varosia by Dastan failed .", heads=[1, 6, 1, 2, 1, 4, 6, 6],
                 deps=["det", "nsubj", "prep", "pobj", "prep", "pobj", "ROOT", "punct"],
                 pos=["DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "VERB", "PUNCT"],
                 lemmas=["the", "attack", "on", "Varosia", "by", "Dastan", "fail", "."],
                 ents=["O", "O", "O", "B-GPE", "O", "B-GPE", "O", "O"], glued={"."})
    [ev] = events(doc)
    assert (ev.type, ev.source, ev.target, ev.trigger_text) == ("ASSAULT", key_of(doc, "Dastan"), key_of(doc, "Varosia"), "attack")


def test_events_one_sided_type_stands_without_a_target():
    doc = parsed("Dastan attacked the town .", heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "det", "dobj", "punct"],
                 pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT"], lemmas=["Dastan", "attack", "the", "town", "."],
                 ents=["B-GPE", "O", "O", "O", "O"], glued={"."})
    [ev] = events(doc)
    assert "ASSAULT" in ONE_SIDED and (ev.type, ev.source, ev.target) == ("ASSAULT", key_of(doc, "Dastan"), None)
