"""Event modes on hand-made parsed Docs (no model): hypothetical, future, claimed, negated, and
historical from the event's date (claimgraph.nlp.events.modality)."""
import pytest
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.events.modality import historical, with_history

FINDER = EventFinder(BUNDLED)
FINDER.typer = None  # the rules alone: these Docs have no word vectors (the classifier is tested on real parses)


def events(doc):
    doc._.cg_quotes = []
    FINDER(actors(doc))
    return doc._.cg_events


def only(doc, etype):
    found = [e for e in events(doc) if e.type == etype]
    assert len(found) == 1, [(e.type, e.trigger_text) for e in doc._.cg_events]
    return found[0]


def _modal(word):
    """"Dastan <word> strike Varland ." with a modal auxiliary."""
    return parsed(f"Dastan {word} strike Varland .", heads=[2, 2, 2, 2, 2], deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
                  pos=["PROPN", "AUX", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", word, "strike", "Varland", "."],
                  ents=["B-GPE", "O", "O", "B-GPE", "O"], glued={"."})


def test_modes_a_plain_past_act_has_none():
    doc = parsed("Dastan attacked Varland .", heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", "attack", "Varland", "."],
                 ents=["B-GPE", "O", "B-GPE", "O"], glued={"."})
    assert only(doc, "ASSAULT").mode == []


@pytest.mark.parametrize(("modal", "mode"), [("would", ["hypothetical"]), ("could", ["hypothetical"]), ("might", ["hypothetical"]),
                                             ("will", ["future"]), ("shall", ["future"])])
def test_modes_modal_auxiliaries(modal, mode):
    ev = only(_modal(modal), "ASSAULT")
    assert ev.mode == mode


def test_modes_threatened_to_bomb_is_hypothetical_and_the_threat_is_an_act():
    doc = parsed("Dastan threatened to bomb the Varland posts .", heads=[1, 1, 3, 1, 6, 6, 3, 1],
                 deps=["nsubj", "ROOT", "aux", "xcomp", "det", "compound", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PART", "VERB", "DET", "PROPN", "NOUN", "PUNCT"],
                 lemmas=["Dastan", "threaten", "to", "bomb", "the", "Varland", "post", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O", "O"], glued={"."})
    evs = events(doc)
    threat = [e for e in evs if e.type == "THREATEN"]
    assert threat and all(e.mode == [] for e in threat)
    # the threatened act is folded into the threat (finder._sense): never coded as an ASSAULT
    assert [(e.source, e.target, e.trigger_text) for e in threat] == [(key_of(doc, "Dastan"), key_of(doc, "Varland"), "threatened")]
    assert not [e for e in evs if e.type == "ASSAULT"]


def test_modes_warned_it_would_strike():
    doc = parsed("Dastan warned it would strike Varland .", heads=[1, 1, 4, 4, 1, 4, 1],
                 deps=["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PRON", "AUX", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "warn", "it", "would", "strike", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})
    evs = events(doc)
    # the strike is threatened, not done: one THREATEN on the warning, no ASSAULT
    assert [(e.type, e.source, e.target, e.trigger_text, e.mode) for e in evs if e.target is not None] == [
        ("THREATEN", key_of(doc, "Dastan"), key_of(doc, "Varland"), "warned", [])]
    assert not [e for e in evs if e.type == "ASSAULT"]


@pytest.mark.parametrize("frame", ["vowed", "pledged", "promised"])
def test_modes_a_vow_to_do_harm_is_a_threat_not_the_act(frame):
    lemma = {"vowed": "vow", "pledged": "pledge", "promised": "promise"}[frame]
    doc = parsed(f"Dastan {frame} to attack Varland .", heads=[1, 1, 3, 1, 3, 1],
                 deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", lemma, "to", "attack", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    ev = only(doc, "THREATEN")
    assert (ev.source, ev.target, ev.trigger_text, ev.mode) == (key_of(doc, "Dastan"), key_of(doc, "Varland"), frame, [])
    assert not [e for e in doc._.cg_events if e.type == "ASSAULT"]


@pytest.mark.parametrize("frame", ["plans", "intends"])
def test_modes_a_frame_of_intention_makes_the_act_future(frame):
    lemma = {"plans": "plan", "intends": "intend"}[frame]
    doc = parsed(f"Dastan {frame} to attack Varland .", heads=[1, 1, 3, 1, 3, 1],
                 deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", lemma, "to", "attack", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    ev = only(doc, "ASSAULT")
    assert ev.mode == ["future"] and ev.source == key_of(doc, "Dastan") and ev.target == key_of(doc, "Varland")


def test_modes_said_it_would_not_attack_is_negated_and_hypothetical():
    doc = parsed("Dastan said it would not attack Varland .", heads=[1, 1, 5, 5, 5, 1, 5, 1],
                 deps=["nsubj", "ROOT", "nsubj", "aux", "neg", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PRON", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "say", "it", "would", "not", "attack", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})
    ev = only(doc, "ASSAULT")
    assert ev.negated and ev.mode == ["negated", "hypothetical"]


def test_modes_a_reported_clause_keeps_its_own_tense():
    # "Varland will say that Dastan attacked": the saying is future, the attack is not
    doc = parsed("Varland will say Dastan attacked Meridia .", heads=[2, 2, 2, 4, 2, 4, 2],
                 deps=["nsubj", "aux", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Varland", "will", "say", "Dastan", "attack", "Meridia", "."],
                 ents=["B-GPE", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    ev = only(doc, "ASSAULT")
    assert "future" not in ev.mode and "hypothetical" not in ev.mode


def test_modes_the_threat_to_attack_noun_frame():
    doc = parsed("Dastan 's threat to attack Varland alarmed Meridia .", heads=[2, 0, 6, 4, 2, 4, 6, 6, 6],
                 deps=["poss", "case", "nsubj", "aux", "acl", "dobj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "PART", "NOUN", "PART", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "'s", "threat", "to", "attack", "Varland", "alarm", "Meridia", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={".", "'s"})
    attack = [e for e in events(doc) if e.trigger_text == "attack"]
    assert attack and all(e.mode == ["hypothetical"] for e in attack)


def test_modes_a_light_verb_lends_its_modal_to_the_trigger_noun_and_a_judging_verb_does_not():
    doc = parsed("Dastan will launch an attack on Varland .", heads=[2, 2, 2, 4, 2, 4, 5, 2],
                 deps=["nsubj", "aux", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "will", "launch", "an", "attack", "on", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})
    assert only(doc, "ASSAULT").mode == ["future"]
    doc = parsed("Meridia will condemn the attack on Varland .", heads=[2, 2, 2, 4, 2, 4, 5, 2],
                 deps=["nsubj", "aux", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Meridia", "will", "condemn", "the", "attack", "on", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})
    attack = [e for e in events(doc) if e.trigger_text == "attack"]
    assert attack and all("future" not in e.mode for e in attack)


def test_modes_a_condition_is_hypothetical():
    doc = parsed("If Dastan attacks Varland , Meridia will respond .", heads=[2, 2, 7, 2, 7, 7, 7, 7, 7],
                 deps=["mark", "nsubj", "advcl", "dobj", "punct", "nsubj", "aux", "ROOT", "punct"],
                 pos=["SCONJ", "PROPN", "VERB", "PROPN", "PUNCT", "PROPN", "AUX", "VERB", "PUNCT"],
                 lemmas=["if", "Dastan", "attack", "Varland", ",", "Meridia", "will", "respond", "."],
                 ents=["O", "B-GPE", "O", "B-GPE", "O", "B-GPE", "O", "O", "O"], glued={".", ","})
    assert only(doc, "ASSAULT").mode == ["hypothetical"]


def test_modes_may_have_attacked_is_a_hedge_not_a_hypothetical():
    doc = parsed("Dastan may have attacked Varland .", heads=[3, 3, 3, 3, 3, 3],
                 deps=["nsubj", "aux", "aux", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "AUX", "AUX", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Dastan", "may", "have", "attack", "Varland", "."],
                 ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    ev = only(doc, "ASSAULT")
    assert ev.hedged and ev.mode == []


def test_modes_claimed_responsibility_for_the_bombing():
    doc = parsed("The Front claimed responsibility for the bombing of the Varland embassy .",
                 heads=[1, 2, 2, 2, 3, 6, 4, 6, 10, 10, 7, 2],
                 deps=["det", "nsubj", "ROOT", "dobj", "prep", "det", "pobj", "prep", "det", "compound", "pobj", "punct"],
                 pos=["DET", "PROPN", "VERB", "NOUN", "ADP", "DET", "NOUN", "ADP", "DET", "PROPN", "NOUN", "PUNCT"],
                 lemmas=["the", "Front", "claim", "responsibility", "for", "the", "bombing", "of", "the", "Varland", "embassy", "."],
                 ents=["O", "B-ORG", "O", "O", "O", "O", "O", "O", "O", "B-GPE", "O", "O"], glued={"."})
    bombing = [e for e in events(doc) if e.trigger_text == "bombing"]
    assert bombing and all(e.mode == ["claimed"] for e in bombing)


def test_modes_an_act_its_own_source_reports_is_claimed():
    from claimgraph.nlp.events.modality import mode_of
    from claimgraph.nlp.extensions import EventSpan

    doc = actors(parsed("Dastan said it attacked Varland .", heads=[1, 1, 3, 1, 3, 1],
                        deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                        pos=["PROPN", "VERB", "PRON", "VERB", "PROPN", "PUNCT"],
                        lemmas=["Dastan", "say", "it", "attack", "Varland", "."],
                        ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."}))
    dastan, varland = key_of(doc, "Dastan"), key_of(doc, "Varland")
    # "it" is Dastan once coreference has run, and the quotes stage makes Dastan the speaker
    own = EventSpan("ASSAULT", dastan, varland, 3, "attacked", attributed_to=dastan)
    assert mode_of(doc[3], own, FINDER.w) == ["claimed"]
    other = EventSpan("ASSAULT", dastan, varland, 3, "attacked", attributed_to=varland)
    assert mode_of(doc[3], other, FINDER.w) == []  # an accusation, not a claim
    verbal = EventSpan("ACCUSE", dastan, varland, 3, "attacked", attributed_to=dastan)
    assert mode_of(doc[3], verbal, FINDER.w) == []  # only material acts are claimed
    denied = EventSpan("ASSAULT", dastan, varland, 3, "attacked", attributed_to=dastan, negated=True)
    assert mode_of(doc[3], denied, FINDER.w) == ["negated"]


@pytest.mark.parametrize(
    ("date", "origin", "published", "expected"),
    [
        ("2015", "sentence", "2017-06-01", True),  # two years before
        ("2016", "sentence", "2017-06-01", False),  # last year: could be recent
        ("2016-06", "sentence", "2017-09-14", True),  # more than a year before
        ("2016-06", "relative", "2017-09-14", True),  # "last June" resolved is the same evidence
        ("2017-09-10", "sentence", "2017-09-14", False),
        ("2015", "article", "2017-06-01", False),  # the article's own date says nothing
        ("2015", "sentence", None, False),  # no article date, no comparison
        ("2015", "sentence", "2017", True),
        ("2016", "sentence", "2017", False),
    ],
)
def test_modes_historical_compares_the_event_date_with_the_article_date(date, origin, published, expected):
    assert historical(None, date, origin, published) is expected


def test_modes_historical_past_perfect_with_an_earlier_stated_year():
    doc = parsed("Dastan had attacked Varland in 2016 .", heads=[2, 2, 2, 2, 2, 4, 2],
                 deps=["nsubj", "aux", "ROOT", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "PROPN", "ADP", "NUM", "PUNCT"],
                 lemmas=["Dastan", "have", "attack", "Varland", "in", "2016", "."],
                 tags=["NNP", "VBD", "VBN", "NNP", "IN", "CD", "."],
                 ents=["B-GPE", "O", "O", "B-GPE", "O", "B-DATE", "O"], glued={"."})
    trig = doc[2]
    assert historical(trig, "2016", "sentence", "2017-03-02")
    assert not historical(doc[2], "2016", "relative", "2017-03-02")  # "had ... last year": not stated
    plain = parsed("Dastan attacked Varland in 2016 .", heads=[1, 1, 1, 1, 3, 1],
                   deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                   pos=["PROPN", "VERB", "PROPN", "ADP", "NUM", "PUNCT"],
                   lemmas=["Dastan", "attack", "Varland", "in", "2016", "."], tags=["NNP", "VBD", "NNP", "IN", "CD", "."],
                   ents=["B-GPE", "O", "B-GPE", "O", "B-DATE", "O"], glued={"."})
    assert not historical(plain[1], "2016", "sentence", "2017-03-02")
    assert with_history(["negated"], trig, "2016", "sentence", "2017-03-02") == ("negated", "historical")


def test_modes_is_going_to_and_is_set_to_are_future_but_went_to_is_not():
    def doc_of(aux, verb, aux_dep="aux"):
        return parsed(f"Dastan {aux} {verb} to attack Varland .", heads=[2, 2, 2, 4, 2, 4, 2],
                      deps=["nsubj", aux_dep, "ROOT", "aux", "xcomp", "dobj", "punct"],
                      pos=["PROPN", "AUX", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                      lemmas=["Dastan", "be", "go" if verb == "going" else verb, "to", "attack", "Varland", "."],
                      ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O"], glued={"."})

    assert only(doc_of("is", "going"), "ASSAULT").mode == ["future"]
    assert only(doc_of("is", "set", "auxpass"), "ASSAULT").mode == ["future"]
    went = parsed("Dastan went to attack Varland .", heads=[1, 1, 3, 1, 3, 1],
                  deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
                  pos=["PROPN", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                  lemmas=["Dastan", "go", "to", "attack", "Varland", "."],
                  ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})
    assert only(went, "ASSAULT").mode == []


def test_modes_a_pledge_of_support_is_support_given_but_a_pledge_of_aid_is_to_come():
    def pledged(noun):
        return parsed(f"Dastan pledged {noun} to Varland .", heads=[1, 1, 1, 2, 3, 1],
                      deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                      pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                      lemmas=["Dastan", "pledge", noun, "to", "Varland", "."],
                      ents=["B-GPE", "O", "O", "O", "B-GPE", "O"], glued={"."})

    support = [e for e in events(pledged("support")) if e.trigger_text == "support"]
    assert support and support[0].type == "SUPPORT" and support[0].mode == []
    aid = [e for e in events(pledged("aid")) if e.trigger_text == "aid"]
    assert aid and aid[0].type == "AID" and aid[0].mode == ["future"]


def test_modes_a_warning_about_what_happened_is_no_hypothetical():
    def warned(verb, tag):
        return parsed(f"Varland warned Dastan {verb} Meridia .", heads=[1, 1, 3, 1, 3, 1],
                      deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                      pos=["PROPN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                      lemmas=["Varland", "warn", "Dastan", "attack", "Meridia", "."],
                      tags=["NNP", "VBD", "NNP", tag, "NNP", "."],
                      ents=["B-GPE", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})

    assert only(warned("attacked", "VBD"), "ASSAULT").mode == []  # "warned (that) Dastan attacked Meridia"
    # "warned Dastan (to) attack ...": the act is not done, so it is never coded as a done ASSAULT
    assert not [e for e in events(warned("attack", "VB")) if e.type == "ASSAULT" and not e.mode]


def test_modes_the_present_perfect_is_never_historical():
    doc = parsed("Dastan has attacked Varland since 2015 .", heads=[2, 2, 2, 2, 2, 4, 2],
                 deps=["nsubj", "aux", "ROOT", "dobj", "prep", "pobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "PROPN", "ADP", "NUM", "PUNCT"],
                 lemmas=["Dastan", "have", "attack", "Varland", "since", "2015", "."],
                 tags=["NNP", "VBZ", "VBN", "NNP", "IN", "CD", "."],
                 ents=["B-GPE", "O", "O", "B-GPE", "O", "B-DATE", "O"], glued={"."})
    assert not historical(doc[2], "2015", "sentence", "2023-05-01")
    assert historical(None, "2015", "sentence", "2023-05-01")  # the same date without the parse
