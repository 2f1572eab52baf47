"""The quotes stage on hand-made parsed Docs (no model)."""
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.quotes import QuoteFinder

FINDER = QuoteFinder(BUNDLED)


def test_quotes_direct_quote_with_x_said():
    doc = parsed("“ We will win , ” Varga said .", heads=[3, 3, 3, 7, 3, 7, 7, 7, 7],
                 deps=["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
                 pos=["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"],
                 lemmas=["“", "we", "will", "win", ",", "”", "Varga", "say", "."],
                 ents=["O"] * 6 + ["B-PERSON", "O", "O"], glued={",", "”", "."})
    assert doc.text == "“We will win,” Varga said."
    FINDER(actors(doc))
    [q] = doc._.cg_quotes
    assert doc.text[q.start:q.end] == "“We will win,”"
    assert q.direct and q.speaker == key_of(doc, "Varga") and q.speaker_text == "Varga" and q.cue == "said"


def test_quotes_reported_speech_x_said_that():
    doc = parsed("Varga said that Dastan armed the rebels .", heads=[1, 1, 4, 4, 1, 6, 4, 1],
                 deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "det", "dobj", "punct"],
                 pos=["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                 lemmas=["Varga", "say", "that", "Dastan", "arm", "the", "rebel", "."],
                 ents=["B-PERSON", "O", "O", "B-GPE", "O", "O", "O", "O"], glued={"."})
    FINDER(actors(doc))
    [q] = doc._.cg_quotes
    assert not q.direct and q.speaker == key_of(doc, "Varga")
    assert doc.text[q.start:q.end] == "that Dastan armed the rebels"


def test_a_dash_byline_after_the_closing_mark_names_the_speaker():
    import spacy

    from claimgraph.nlp.quotes import _dash_byline

    # a no-break space before the dash, a dash glued to the closing mark, a final full stop
    text = "“We will rebuild the port.”\u00a0― Mira Sol.\n“The dam must wait.”― Ilan Varga\u00a0\n“No dash here.” Then text."
    doc = spacy.blank("en")(text)
    assert doc.text == text
    owner = [None] * len(doc)
    ends = [i + 1 for i, ch in enumerate(text) if ch == "”"]
    names = [(_dash_byline(doc, e, owner) or (None, None))[1] for e in ends]
    assert names == ["Mira Sol", "Ilan Varga", None]


def test_the_statement_is_its_issuers_named_by_released_by():
    from nlp_docs import BUNDLED, actors, key_of, parsed

    from claimgraph.nlp.actors import token_actor_map
    from claimgraph.nlp.quotes import SpeakerKinds, _Speakers

    doc = actors(parsed("Varga spoke after a statement released by Varosia . The statement noted that Dastan attacked Varosia .",
                        heads=[1, 1, 1, 4, 2, 4, 5, 6, 1, 10, 11, 11, 14, 14, 11, 14, 11],
                        deps=["nsubj", "ROOT", "prep", "det", "pobj", "acl", "agent", "pobj", "punct",
                              "det", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"],
                        pos=["PROPN", "VERB", "ADP", "DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT",
                             "DET", "NOUN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                        lemmas=["Varga", "speak", "after", "a", "statement", "release", "by", "Varosia", ".",
                                "the", "statement", "note", "that", "Dastan", "attack", "Varosia", "."],
                        ents=["B-PERSON", "O", "O", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"],
                        glued={"."}))
    who = _Speakers(doc, token_actor_map(doc), SpeakerKinds(BUNDLED))
    assert who.issuer(doc[10]) == key_of(doc, "Varosia")
