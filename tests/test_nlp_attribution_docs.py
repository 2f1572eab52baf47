"""Who asserts a claim, and through whom, on hand-made parsed Docs (no model): the quotes stage's
speakers and their kinds, and the events stage's ``attributed_to``, ``source_kind`` and ``via``."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.quotes import QuoteFinder

QUOTES = QuoteFinder(BUNDLED)
EVENTS = EventFinder(BUNDLED)


def run(doc):
    EVENTS(QUOTES(actors(doc)))
    return doc._.cg_quotes, doc._.cg_events


def assault(events):
    [ev] = [e for e in events if e.type == "ASSAULT"]
    return ev


def test_according_to_x_outranks_a_commitment_inside_it():
    # "According to Varga, Dastan agreed to attack Varosia": Varga asserts it, not Dastan
    doc = parsed("According to Varga , Dastan agreed to attack Varosia .", heads=[5, 0, 1, 5, 5, 5, 7, 5, 7, 5],
                 deps=["prep", "prep", "pobj", "punct", "nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
                 pos=["VERB", "ADP", "PROPN", "PUNCT", "PROPN", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
                 lemmas=["accord", "to", "Varga", ",", "Dastan", "agree", "to", "attack", "Varosia", "."],
                 ents=["O", "O", "B-PERSON", "O", "B-GPE", "O", "O", "O", "B-GPE", "O"], glued={",", "."})
    quotes, events = run(doc)
    by_cue = {q.cue: q for q in quotes}
    assert by_cue["according to"].speaker == key_of(doc, "Varga") and by_cue["according to"].speaker_kind == "named"
    # the commitment "agreed to attack" as Dastan's own attribution is the cue model's decision, which
    # reads word vectors that a hand-made Doc lacks: tests/test_nlp_reported_model.py checks it
    ev = assault(events)
    assert ev.source == key_of(doc, "Dastan")
    assert (ev.attributed_to, ev.source_kind, ev.via) == (key_of(doc, "Varga"), "named", None)


def _relay(words, heads, deps, pos, lemmas, ents):
    return parsed(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents, glued={"."})


def test_a_relay_keeps_the_speaker_and_the_channel():
    # "The Varland Times reported that Varga said Dastan attacked Varosia"
    doc = _relay("The Varland Times reported that Varga said Dastan attacked Varosia .", [2, 2, 3, 3, 6, 6, 3, 8, 6, 8, 3],
                 ["det", "compound", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "nsubj", "ccomp", "dobj", "punct"],
                 ["DET", "PROPN", "PROPN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                 ["the", "Varland", "Times", "report", "that", "Varga", "say", "Dastan", "attack", "Varosia", "."],
                 ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PERSON", "O", "B-GPE", "O", "B-GPE", "O"])
    quotes, events = run(doc)
    times = key_of(doc, "Varland Times")
    reported = next(q for q in quotes if q.cue == "reported")
    assert reported.speaker == times and reported.speaker_kind == "outlet"
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind, ev.via) == (key_of(doc, "Varga"), "named", times)


def test_a_channel_alone_is_that_outlets_claim():
    doc = _relay("The Varland Times reported that Dastan attacked Varosia .", [2, 2, 3, 3, 6, 6, 3, 6, 3],
                 ["det", "compound", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"],
                 ["DET", "PROPN", "PROPN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                 ["the", "Varland", "Times", "report", "that", "Dastan", "attack", "Varosia", "."],
                 ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-GPE", "O", "B-GPE", "O"])
    _, events = run(doc)
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind, ev.via) == (None, "outlet", key_of(doc, "Varland Times"))


def test_x_told_the_news_site_y_keeps_y_as_the_channel():
    doc = parsed("Varga told the news site Kalpress that Dastan attacked Varosia .", heads=[1, 1, 4, 4, 1, 4, 8, 8, 1, 8, 1],
                 deps=["nsubj", "ROOT", "det", "compound", "dative", "appos", "mark", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "VERB", "DET", "NOUN", "NOUN", "PROPN", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Varga", "tell", "the", "news", "site", "Kalpress", "that", "Dastan", "attack", "Varosia", "."],
                 ents=["B-PERSON", "O", "O", "O", "O", "B-ORG", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    _, events = run(doc)
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind, ev.via) == (key_of(doc, "Varga"), "named", key_of(doc, "Kalpress"))


def test_officials_said_is_an_unnamed_source():
    doc = parsed("Officials said Dastan attacked Varosia .", heads=[1, 1, 3, 1, 3, 1],
                 deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["NOUN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["official", "say", "Dastan", "attack", "Varosia", "."],
                 ents=["O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    [q], events = run(doc)
    assert q.speaker_text == "Officials" and q.speaker_kind == "unnamed"
    ev = assault(events)
    assert ev.source_kind == "unnamed" and ev.via is None


def test_a_report_by_a_body_is_a_report_of_that_body():
    doc = parsed("A report by the Meridian Council said Dastan attacked Varosia .", heads=[1, 6, 1, 5, 5, 2, 6, 8, 6, 8, 6],
                 deps=["det", "nsubj", "prep", "det", "compound", "pobj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["DET", "NOUN", "ADP", "DET", "PROPN", "PROPN", "VERB", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["a", "report", "by", "the", "Meridian", "Council", "say", "Dastan", "attack", "Varosia", "."],
                 ents=["O", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    [q], events = run(doc)
    council = key_of(doc, "Meridian Council")
    assert (q.speaker, q.speaker_kind) == (council, "report")
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind) == (council, "report")


def _place_said(first: str, after: list[str], ents: list[str]):
    words = [first, *after, "said", "that", "Dastan", "attacked", "Varosia", "."]
    n = len(after)
    said = n + 1
    heads = [said] + [0] * n + [said, said + 3, said + 3, said, said + 3, said]
    deps = ["nsubj"] + ["punct" if w in (",", "-") else "npadvmod" for w in after] + ["ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"]
    pos = ["PROPN"] + ["PUNCT" if w in (",", "-") else "NUM" for w in after] + ["VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"]
    lemmas = [first, *after, "say", "that", "Dastan", "attack", "Varosia", "."]
    return parsed(" ".join(words), heads=heads, deps=deps, pos=pos, lemmas=lemmas,
                  ents=ents + ["O", "O", "B-GPE", "O", "B-GPE", "O"], glued={",", "."})


def test_a_dateline_never_speaks():
    # "VARBURG, March 2 - said that ...": the parser took the dateline for the subject
    doc = _place_said("VARBURG", [",", "March", "2", "-"], ["B-GPE", "O", "B-DATE", "I-DATE", "O"])
    [q], _ = run(doc)
    assert (q.speaker, q.speaker_text, q.speaker_kind) == (None, None, None)
    # the same place as the subject of the sentence, with no dateline after it, is a state that speaks
    doc = _place_said("Varburg", [], ["B-GPE"])
    [q], _ = run(doc)
    assert q.speaker_text == "Varburg" and q.speaker == key_of(doc, "Varburg") and q.speaker_kind == "named"


def test_a_place_that_is_not_a_body_never_speaks():
    doc = _place_said("Kasra", [], ["B-LOC"])
    [q], _ = run(doc)
    assert q.speaker_text is None


def test_the_warned_are_not_the_speaker():
    doc = parsed("Residents of Ostrel have been warned to leave the town .", heads=[5, 0, 1, 5, 5, 5, 7, 5, 9, 7, 5],
                 deps=["nsubjpass", "prep", "pobj", "aux", "auxpass", "ROOT", "aux", "xcomp", "det", "dobj", "punct"],
                 pos=["NOUN", "ADP", "PROPN", "AUX", "AUX", "VERB", "PART", "VERB", "DET", "NOUN", "PUNCT"],
                 lemmas=["resident", "of", "Ostrel", "have", "be", "warn", "to", "leave", "the", "town", "."],
                 ents=["O", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "O", "O"], glued={"."})
    quotes, _ = run(doc)
    assert quotes and all(q.speaker is None and q.speaker_text is None for q in quotes)


def test_a_passive_of_quoting_names_its_speaker():
    # "Varga was quoted as saying that ...": the passive subject of a verb of quoting speaks
    doc = parsed("Varga was quoted as saying that Dastan attacked Varosia .", heads=[2, 2, 2, 4, 2, 7, 7, 4, 7, 2],
                 deps=["nsubjpass", "auxpass", "ROOT", "mark", "advcl", "mark", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "SCONJ", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Varga", "be", "quote", "as", "say", "that", "Dastan", "attack", "Varosia", "."],
                 ents=["B-PERSON", "O", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    _, events = run(doc)
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind) == (key_of(doc, "Varga"), "named")


def test_an_event_with_no_frame_is_the_outlets():
    doc = parsed("Dastan attacked Varosia .", heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                 pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Dastan", "attack", "Varosia", "."],
                 ents=["B-GPE", "O", "B-GPE", "O"], glued={"."})
    _, events = run(doc)
    ev = assault(events)
    assert (ev.attributed_to, ev.source_kind, ev.via) == (None, "outlet", None)
