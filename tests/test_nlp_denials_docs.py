"""Denials tied to the claim they answer (nlp/events/denials.py) on hand-made parsed Docs (no
model), and the ``answers`` index through ``keep_events``."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.models import Event, keep_events
from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.quotes import QuoteFinder

QUOTES = QuoteFinder(BUNDLED)
EVENTS = EventFinder(BUNDLED)

# "Varga said Dastan attacked Varosia ." : the claim, Varga's
CLAIM = dict(
    words="Varga said Dastan attacked Varosia .",
    heads=[1, 1, 3, 1, 3, 1],
    deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
    pos=["PROPN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
    lemmas=["Varga", "say", "Dastan", "attack", "Varosia", "."],
    ents=["B-PERSON", "O", "B-GPE", "O", "B-GPE", "O"],
)


def two_sentences(words, heads, deps, pos, lemmas, ents):
    n = len(CLAIM["heads"])
    return parsed(f"{CLAIM['words']} {words}", heads=CLAIM["heads"] + [h + n for h in heads], deps=CLAIM["deps"] + deps,
                  pos=CLAIM["pos"] + pos, lemmas=CLAIM["lemmas"] + lemmas, ents=CLAIM["ents"] + ents, glued={".", ",", "”"})


def run(doc):
    EVENTS(QUOTES(actors(doc)))
    return doc._.cg_events


def the(events, type_):
    return [e for e in events if e.type == type_]


def test_a_denial_of_the_accusation_answers_the_claim_and_targets_the_accuser():
    doc = two_sentences("Dastan denied the accusation .", [1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "dobj", "punct"],
                        ["PROPN", "VERB", "DET", "NOUN", "PUNCT"], ["Dastan", "deny", "the", "accusation", "."],
                        ["B-GPE", "O", "O", "O", "O"])
    events = run(doc)
    [attack] = the(events, "ASSAULT")
    assert attack.attributed_to == key_of(doc, "Varga")
    [rej] = the(events, "REJECT")
    assert (rej.source, rej.target) == (key_of(doc, "Dastan"), key_of(doc, "Varga"))
    assert events[rej.answers] is attack  # the act, not the ACCUSE derived from the same words


def test_rejecting_a_proposal_answers_no_claim():
    doc = two_sentences("Dastan rejected the proposal .", [1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "dobj", "punct"],
                        ["PROPN", "VERB", "DET", "NOUN", "PUNCT"], ["Dastan", "reject", "the", "proposal", "."],
                        ["B-GPE", "O", "O", "O", "O"])
    events = run(doc)
    assert all(e.answers is None for e in events)
    assert not [e for e in events if e.derived == "denial"]


def test_a_negated_denial_answers_nothing():
    doc = two_sentences("Dastan did not deny the accusation .", [3, 3, 3, 3, 5, 3, 3],
                        ["nsubj", "aux", "neg", "ROOT", "det", "dobj", "punct"],
                        ["PROPN", "AUX", "PART", "VERB", "DET", "NOUN", "PUNCT"],
                        ["Dastan", "do", "not", "deny", "the", "accusation", "."], ["B-GPE", "O", "O", "O", "O", "O", "O"])
    assert all(e.answers is None for e in run(doc))


def test_a_speaker_calling_the_claims_baseless_denies_them():
    # “These claims are baseless,” said Kell.  (Kell's side is not in the claim: the claims just reported)
    doc = two_sentences("“ These claims are baseless , ” said Kell .", [7, 2, 3, 7, 3, 3, 7, 7, 7, 7],
                        ["punct", "det", "nsubj", "ccomp", "acomp", "punct", "punct", "ROOT", "nsubj", "punct"],
                        ["PUNCT", "DET", "NOUN", "AUX", "ADJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"],
                        ["“", "these", "claim", "be", "baseless", ",", "”", "say", "Kell", "."],
                        ["O", "O", "O", "O", "O", "O", "O", "O", "B-PERSON", "O"])
    events = run(doc)
    [attack] = the(events, "ASSAULT")
    [rej] = [e for e in the(events, "REJECT") if e.answers is not None]
    assert rej.source == key_of(doc, "Kell") and rej.target == key_of(doc, "Varga")
    assert events[rej.answers] is attack and rej.attributed_to == key_of(doc, "Kell")


def _ev(type_, answers=None, source="a", target="b"):
    return Event(type=type_, source=source, target=target, trigger="x", text="x", start=0, end=1, answers=answers)


def test_keep_events_moves_the_answers_index_with_the_claim():
    events = (_ev("ASSAULT", source="a", target="a"), _ev("AID"), _ev("REJECT", answers=1), _ev("REJECT", answers=0))
    kept = keep_events(events, lambda e: e.source != e.target)
    assert [e.type for e in kept] == ["AID", "REJECT", "REJECT"]
    assert [e.answers for e in kept] == [None, 0, None]  # the claim of the last one was dropped
