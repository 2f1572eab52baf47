"""The speaker rules of the quotes and coreference stages on hand-made parsed Docs (no model):
a passive cue's speaker is its agent or none, a common-noun speaker with a named apposition is
that person, "the officer" takes the earlier speaker of the same head noun, "he said" after a
quotation passes over the names inside it, "the group" is never a news outlet, and "told
reporters" names no channel while "told the Varland Times" does.  All names are invented."""
import pytest
from nlp_docs import BUNDLED, actors, key_of, parsed

from claimgraph.nlp.coref import Coreference
from claimgraph.nlp.quotes import QuoteFinder
from claimgraph.quotemodel.cues import CueModel
from claimgraph.quotemodel.speakers import NONE, PREV

QUOTES = QuoteFinder(BUNDLED)
COREF = Coreference(BUNDLED)


def run(doc, finder=QUOTES):
    finder(COREF(actors(doc)))
    return doc._.cg_quotes


def text_of(doc, q):
    return doc.text[q.start:q.end]


# --- 1. a passive cue: its agent speaks, or nobody; never the accused -------------------------------

def _accusing_finder() -> QuoteFinder:
    """The quotes stage with the cue model's threshold lowered for "accused": the model reads the md
    model's word vector of the cue, which a hand-made Doc lacks, and without it "accused" scores
    0.25-0.30 against a threshold of 0.36, so no attribution would reach the speaker rules at all.
    Everything after the cue model (rules, ranker, ``_not_the_accused``, same nominal) is the real
    stage."""
    finder = QuoteFinder(BUNDLED)
    m = finder.cue_model
    finder.cue_model = CueModel(m.vocab, m.w, m.w_vec, m.bias, 0.2, m.vec_scale, m.meta, m.vec_default)
    return finder


ACCUSING = _accusing_finder()


def _accused_by():
    # "Dastan was accused by Varga of arming the Front ."
    return parsed("Dastan was accused by Varga of arming the Front .", heads=[2, 2, 2, 2, 3, 2, 5, 8, 6, 2],
                  deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "prep", "pcomp", "det", "dobj", "punct"],
                  pos=["PROPN", "AUX", "VERB", "ADP", "PROPN", "ADP", "VERB", "DET", "PROPN", "PUNCT"],
                  lemmas=["Dastan", "be", "accuse", "by", "Varga", "of", "arm", "the", "Front", "."],
                  ents=["B-GPE", "O", "O", "O", "B-PERSON", "O", "O", "O", "B-ORG", "O"], glued={"."})


_CLAIM = dict(words="Varga said that Dastan shelled Kovar .", heads=[1, 1, 4, 4, 1, 4, 1],
              deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"],
              pos=["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
              lemmas=["Varga", "say", "that", "Dastan", "shell", "Kovar", "."],
              ents=["B-PERSON", "O", "O", "B-GPE", "O", "B-GPE", "O"])


def _accused(claim_before: bool = False):
    # "Dastan was accused of arming the Front .", optionally after Varga's claim
    words = "Dastan was accused of arming the Front ."
    heads = [2, 2, 2, 2, 3, 6, 4, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "pcomp", "det", "dobj", "punct"]
    pos = ["PROPN", "AUX", "VERB", "ADP", "VERB", "DET", "PROPN", "PUNCT"]
    lemmas = ["Dastan", "be", "accuse", "of", "arm", "the", "Front", "."]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "B-ORG", "O"]
    if claim_before:
        n = len(_CLAIM["heads"])
        words, heads = f"{_CLAIM['words']} {words}", _CLAIM["heads"] + [h + n for h in heads]
        deps, pos = _CLAIM["deps"] + deps, _CLAIM["pos"] + pos
        lemmas, ents = _CLAIM["lemmas"] + lemmas, _CLAIM["ents"] + ents
    return parsed(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents, glued={"."})


class _Picks:
    """A stand-in speaker ranker that picks what it is told (a token index, ``PREV`` or ``NONE``)
    for the cue at ``cue``, and the rules' speaker elsewhere: the shipped ranker already avoids the
    accused on these short Docs, so only a ranker that picks the accused shows the rule at work."""

    def __init__(self, cue: int, pick: int) -> None:
        self.cue, self.pick = cue, pick

    def choose(self, ctx, a):
        return (self.pick if a.cue == self.cue else (a.rule if a.rule is not None else NONE)), []


def _ranked(doc, ranker):
    doc = COREF(actors(doc))
    quotes, who = ACCUSING.find(doc)
    return ACCUSING.rank(doc, quotes, who, ranker)


def test_a_passive_cue_with_an_agent_is_the_agents_claim():
    doc = _accused_by()
    [q] = run(doc, ACCUSING)
    assert q.cue == "accused" and (q.speaker, q.speaker_text, q.speaker_kind) == (key_of(doc, "Varga"), "Varga", "named")
    # a ranker that picks the accused (Dastan, token 0) is overruled by the agent
    [q] = _ranked(_accused_by(), _Picks(cue=2, pick=0))
    assert (q.speaker, q.speaker_token) == (key_of(doc, "Varga"), 4)


def test_a_passive_cue_without_an_agent_has_no_speaker():
    doc = _accused()
    [q] = run(doc, ACCUSING)
    assert q.cue == "accused" and (q.speaker, q.speaker_text, q.speaker_kind, q.speaker_token) == (None, None, None, None)
    [q] = _ranked(_accused(), _Picks(cue=2, pick=0))  # the accused itself
    assert (q.speaker, q.speaker_text, q.speaker_token) == (None, None, None)


def test_a_passive_cue_without_an_agent_does_not_continue_the_previous_speaker():
    doc = _accused(claim_before=True)
    claim, accused = _ranked(doc, _Picks(cue=9, pick=PREV))  # "accused" is token 9
    assert claim.speaker == key_of(doc, "Varga") and accused.cue == "accused"
    assert (accused.speaker, accused.speaker_text) == (None, None)


def test_not_the_accused_keeps_the_subject_of_a_passive_of_quoting():
    # "Varga was quoted as saying that Dastan shelled Kovar .": "quote" is a passive speaker verb
    doc = parsed("Varga was quoted as saying that Dastan shelled Kovar .", heads=[2, 2, 2, 4, 2, 7, 7, 4, 7, 2],
                 deps=["nsubjpass", "auxpass", "ROOT", "mark", "advcl", "mark", "nsubj", "ccomp", "dobj", "punct"],
                 pos=["PROPN", "AUX", "VERB", "SCONJ", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Varga", "be", "quote", "as", "say", "that", "Dastan", "shell", "Kovar", "."],
                 ents=["B-PERSON", "O", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})
    assert QUOTES._not_the_accused(doc, doc[2], 0) == 0
    accused_by, accused = _accused_by(), _accused()
    assert QUOTES._not_the_accused(accused_by, accused_by[2], 0) == 4  # the agent, Varga
    assert QUOTES._not_the_accused(accused, accused[2], 0) == NONE
    assert QUOTES._not_the_accused(accused, None, 0) == 0  # "according to": no cue verb


# --- 2. a common-noun speaker with a named apposition is that person --------------------------------

def _spokesman(named: bool):
    # "“ We will not yield , ” a spokesman , Mira Sol , said ."  (or "... a spokesman said .")
    if named:
        return parsed("“ We will not yield , ” a spokesman , Mira Sol , said .",
                      heads=[13, 4, 4, 4, 13, 4, 13, 8, 13, 8, 11, 8, 8, 13, 13],
                      deps=["punct", "nsubj", "aux", "neg", "ccomp", "punct", "punct", "det", "nsubj", "punct", "compound", "appos",
                            "punct", "ROOT", "punct"],
                      pos=["PUNCT", "PRON", "AUX", "PART", "VERB", "PUNCT", "PUNCT", "DET", "NOUN", "PUNCT", "PROPN", "PROPN",
                           "PUNCT", "VERB", "PUNCT"],
                      lemmas=["“", "we", "will", "not", "yield", ",", "”", "a", "spokesman", ",", "Mira", "Sol", ",", "say", "."],
                      ents=["O"] * 10 + ["B-PERSON", "I-PERSON"] + ["O"] * 3, glued={",", "”", "."})
    return parsed("“ We will not yield , ” a spokesman said .", heads=[9, 4, 4, 4, 9, 4, 9, 8, 9, 9, 9],
                  deps=["punct", "nsubj", "aux", "neg", "ccomp", "punct", "punct", "det", "nsubj", "ROOT", "punct"],
                  pos=["PUNCT", "PRON", "AUX", "PART", "VERB", "PUNCT", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"],
                  lemmas=["“", "we", "will", "not", "yield", ",", "”", "a", "spokesman", "say", "."],
                  glued={",", "”", "."})


def test_a_spokesman_named_in_apposition_is_that_named_person():
    doc = _spokesman(named=True)
    [q] = run(doc)
    assert text_of(doc, q) == "“We will not yield,”" and q.cue == "said"
    assert (q.speaker, q.speaker_kind, q.speaker_token) == (key_of(doc, "Mira Sol"), "named", 8)
    assert q.speaker_text == "a spokesman, Mira Sol"


def test_a_spokesman_with_no_name_stays_an_unnamed_source():
    doc = _spokesman(named=False)
    [q] = run(doc)
    assert (q.speaker, q.speaker_text, q.speaker_kind) == (None, "a spokesman", "unnamed")


# --- 3. "the officer" takes the earlier speaker of the same head noun -------------------------------

def _officer_then(det: str, noun: str):
    # "A senior Varosian officer told reporters that Dastan shelled Kovar . <det> <noun> said that Dastan armed Ostrel ."
    words = f"A senior Varosian officer told reporters that Dastan shelled Kovar . {det} {noun} said that Dastan armed Ostrel ."
    return parsed(words, heads=[3, 3, 3, 4, 4, 4, 8, 8, 4, 8, 4, 12, 13, 13, 16, 16, 13, 16, 13],
                  deps=["det", "amod", "amod", "nsubj", "ROOT", "dative", "mark", "nsubj", "ccomp", "dobj", "punct",
                        "det", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj", "punct"],
                  pos=["DET", "ADJ", "ADJ", "NOUN", "VERB", "NOUN", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT",
                       "DET", "NOUN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                  tags=["DT", "JJ", "JJ", "NN", "VBD", "NNS", "IN", "NNP", "VBD", "NNP", ".",
                        "DT", "NN", "VBD", "IN", "NNP", "VBD", "NNP", "."],
                  lemmas=["a", "senior", "Varosian", "officer", "tell", "reporter", "that", "Dastan", "shell", "Kovar", ".",
                          det.lower(), noun, "say", "that", "Dastan", "arm", "Ostrel", "."],
                  ents=["O", "O", "B-NORP", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O",
                        "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})


def test_the_officer_is_the_earlier_officer():
    doc = _officer_then("The", "officer")
    first, second = run(doc)
    assert text_of(doc, first) == "that Dastan shelled Kovar" and text_of(doc, second) == "that Dastan armed Ostrel"
    assert (first.speaker, first.speaker_text) == (key_of(doc, "Varosian"), "A senior Varosian officer")
    assert (second.speaker, second.speaker_text, second.speaker_kind) == (first.speaker, first.speaker_text, first.speaker_kind)
    assert second.speaker_token == 12  # still "officer" of the second sentence


@pytest.mark.parametrize("det, noun", [("The", "diplomat"), ("An", "officer")])
def test_another_head_noun_or_an_indefinite_one_is_someone_else(det, noun):
    doc = _officer_then(det, noun)
    first, second = run(doc)
    assert first.speaker == key_of(doc, "Varosian")
    # "the diplomat" may be an actor of its own (a government sector actor), never the officer
    assert second.speaker != first.speaker and second.speaker_text == f"{det} {noun}"


# --- 4. "he said" after a quotation passes over the names inside it ---------------------------------

def _he_said(long_quote: bool):
    if not long_quote:
        # "Ilan Varga spoke in Lenhaven . “ President Olek Varn called me , ” he said ."
        return parsed("Ilan Varga spoke in Lenhaven . “ President Olek Varn called me , ” he said .",
                      heads=[1, 2, 2, 2, 3, 2, 15, 9, 9, 10, 15, 10, 10, 15, 15, 15, 15],
                      deps=["compound", "nsubj", "ROOT", "prep", "pobj", "punct", "punct", "compound", "compound", "nsubj", "ccomp",
                            "dobj", "punct", "punct", "nsubj", "ROOT", "punct"],
                      pos=["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PUNCT", "PUNCT", "PROPN", "PROPN", "PROPN", "VERB", "PRON",
                           "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
                      lemmas=["Ilan", "Varga", "speak", "in", "Lenhaven", ".", "“", "President", "Olek", "Varn", "call", "I", ",",
                              "”", "he", "say", "."],
                      ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON"] + ["O"] * 7,
                      glued={".", ",", "”"})
    # "Ilan Varga spoke in Lenhaven . “ Olek Varn called me . We talked . It went well , ” he said .":
    # "he" is three sentences after Ilan Varga, past the two a pronoun looks back, but two of them are
    # inside the quotation
    return parsed("Ilan Varga spoke in Lenhaven . “ Olek Varn called me . We talked . It went well , ” he said .",
                  heads=[1, 2, 2, 2, 3, 2, 9, 8, 9, 9, 9, 9, 13, 13, 13, 16, 21, 16, 16, 21, 21, 21, 21],
                  deps=["compound", "nsubj", "ROOT", "prep", "pobj", "punct", "punct", "compound", "nsubj", "ROOT", "dobj", "punct",
                        "nsubj", "ROOT", "punct", "nsubj", "ccomp", "advmod", "punct", "punct", "nsubj", "ROOT", "punct"],
                  pos=["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PUNCT", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "PUNCT",
                       "PRON", "VERB", "PUNCT", "PRON", "VERB", "ADV", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
                  lemmas=["Ilan", "Varga", "speak", "in", "Lenhaven", ".", "“", "Olek", "Varn", "call", "I", ".", "we", "talk", ".",
                          "it", "go", "well", ",", "”", "he", "say", "."],
                  ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O", "B-PERSON", "I-PERSON"] + ["O"] * 14,
                  glued={".", ",", "”"})


def _mention_at(doc, i):
    return next((m for m in doc._.cg_mentions if m.start <= i < m.end), None)


def test_he_said_after_a_quotation_is_the_person_named_outside_it():
    doc = _he_said(long_quote=False)
    [q] = run(doc)
    he = _mention_at(doc, 14)
    assert doc[14].text == "he" and he is not None and he.kind == "pronoun"
    assert he.key == key_of(doc, "Ilan Varga") != key_of(doc, "Olek Varn")
    assert (q.speaker, q.speaker_token, q.speaker_kind) == (key_of(doc, "Ilan Varga"), 14, "named")


def test_sentences_inside_a_long_quotation_do_not_count_against_the_pronouns_window():
    doc = _he_said(long_quote=True)
    run(doc)
    he = _mention_at(doc, 20)
    assert doc[20].text == "he" and he is not None and he.key == key_of(doc, "Ilan Varga")


# --- 5. "the group" is never a news outlet ----------------------------------------------------------

def _group_after(reporter: list[str], subject: list[str], subject_ents: list[str]):
    # "<reporter> reported that <subject> shelled Kovar . The group denied it ."
    r, s = len(reporter), len(subject)
    words = " ".join([*reporter, "reported", "that", *subject, "shelled", "Kovar", ".", "The", "group", "denied", "it", "."])
    rep, shell = r, r + 2 + s
    heads = [r - 1] * (r - 1) + [rep] + [rep, shell] + [shell - 1] * (s - 1) + [shell, rep, shell, rep]
    deps = ["compound"] * (r - 1) + ["nsubj", "ROOT", "mark"] + (["det", "compound"] if s == 3 else []) + ["nsubj", "ccomp", "dobj", "punct"]
    pos = ["PROPN"] * r + ["VERB", "SCONJ"] + (["DET", "PROPN"] if s == 3 else []) + ["PROPN", "VERB", "PROPN", "PUNCT"]
    tags = ["NNP"] * r + ["VBD", "IN"] + (["DT", "NNP"] if s == 3 else []) + ["NNP", "VBD", "NNP", "."]
    n = len(heads)
    heads += [n + 1, n + 2, n + 2, n + 2, n + 2]
    deps += ["det", "nsubj", "ROOT", "dobj", "punct"]
    pos += ["DET", "NOUN", "VERB", "PRON", "PUNCT"]
    tags += ["DT", "NN", "VBD", "PRP", "."]
    ents = ["B-ORG"] + ["I-ORG"] * (r - 1) + ["O", "O"] + subject_ents + ["O", "B-GPE", "O"] + ["O"] * 5
    lemmas = [*reporter, "report", "that", *subject, "shell", "Kovar", ".", "the", "group", "deny", "it", "."]
    return parsed(words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas, ents=ents, glued={"."})


def test_the_group_is_never_the_news_outlet_that_reported_on_it():
    # "Press TV" is a gazetteer media entry (kind "media") and the only ORG before "the group"
    doc = _group_after(["Press", "TV"], ["Dastan"], ["B-GPE"])
    run(doc)
    press_tv = key_of(doc, "Press TV")
    assert doc._.cg_clusters[press_tv].gaz_id == "press_tv"
    group = next(t.i for t in doc if t.text == "group")
    assert _mention_at(doc, group) is None
    assert [m.start for m in doc._.cg_mentions if m.key == press_tv] == [0]


def test_the_group_still_finds_an_armed_group_the_outlet_reported_on():
    # the same sentence with an ORG that is no outlet: "the group" resolves, so the test above is no accident
    doc = _group_after(["Press", "TV"], ["the", "Kovar", "Front"], ["O", "B-ORG", "I-ORG"])
    run(doc)
    group = next(t.i for t in doc if t.text == "group")
    m = _mention_at(doc, group)
    assert m is not None and m.kind == "nominal" and m.key == key_of(doc, "Kovar Front")


# --- 6. "told reporters" names no channel; "told the Varland Times" does ---------------------------

def _told(obj: list[str], obj_pos: list[str], obj_ents: list[str], obj_lemmas: list[str]):
    # "Varga told <obj> that Dastan shelled Kovar ."
    n = len(obj)
    head = 1 + n  # the object's head is its last word
    words = " ".join(["Varga", "told", *obj, "that", "Dastan", "shelled", "Kovar", "."])
    shell = head + 3
    heads = [1, 1] + [head] * (n - 1) + [1] + [shell, shell, 1, shell, 1]
    deps = ["nsubj", "ROOT"] + (["det", "compound"] if n == 3 else []) + ["dative", "mark", "nsubj", "ccomp", "dobj", "punct"]
    return parsed(words, heads=heads, deps=deps, pos=["PROPN", "VERB", *obj_pos, "SCONJ", "PROPN", "VERB", "PROPN", "PUNCT"],
                  lemmas=["Varga", "tell", *obj_lemmas, "that", "Dastan", "shell", "Kovar", "."],
                  ents=["B-PERSON", "O", *obj_ents, "O", "B-GPE", "O", "B-GPE", "O"], glued={"."})


def test_told_reporters_gives_no_channel():
    doc = _told(["reporters"], ["NOUN"], ["O"], ["reporter"])
    [q] = run(doc)
    reporters = _mention_at(doc, 2)
    cl = doc._.cg_clusters[reporters.key]
    assert (cl.kind, cl.sector) == ("sector", "MEDIA")  # reporters are a media sector actor, yet no outlet
    assert text_of(doc, q) == "that Dastan shelled Kovar" and q.cue == "told"
    assert (q.speaker, q.speaker_kind, q.via) == (key_of(doc, "Varga"), "named", None)


def test_told_the_varland_times_gives_that_channel():
    doc = _told(["the", "Varland", "Times"], ["DET", "PROPN", "PROPN"], ["O", "B-ORG", "I-ORG"], ["the", "Varland", "Times"])
    [q] = run(doc)
    times = key_of(doc, "Varland Times")
    assert text_of(doc, q) == "that Dastan shelled Kovar" and q.cue == "told"
    assert (q.speaker, q.speaker_kind, q.via) == (key_of(doc, "Varga"), "named", times)
