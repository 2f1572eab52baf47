"""The speaker ranker on invented multi-paragraph articles, with the real model: one
construction each (inverted and postposed speakers, paragraph breaks, "X of the Y", passive
agents, "X told Y", "Mr. X said that", datelines)."""
import pytest

from claimgraph.models import Document

pytestmark = pytest.mark.model

ARTICLE = """VARBURG, May 12 (VNA) - The Dastani government accused Meridia of shelling border villages on Tuesday.

"We will not let these attacks go unanswered," said Teodor Vasz, former commander of the Dastani border guard.

Ilona Marek of the Varland Relief League said the shelling had destroyed two clinics near the border.

Foreign Minister Arvid Kessel met the Meridian envoy on Wednesday. "The shelling has to stop before any talks begin," Kessel said. "Nobody in Dastan will accept a ceasefire that leaves the villages exposed."

Kessel spent Thursday at the border. He toured two clinics with Janos Belo, the regional governor.

"The villages need shelters and doctors, not speeches," he said.

Premier Lena Sorvat was assured by Kessel that the border guard would be reinforced within a week.

Mr. Kessel said that the "message from Varburg" had been delivered in person.

General Pavel Odri told the Varland Times that his troops had not fired first."""


@pytest.fixture(scope="module")
def extraction(nlp):
    from claimgraph.nlp.pipeline import extract_doc

    ex = extract_doc(Document(text=ARTICLE, published="2026-05-13"), nlp)
    names = {a.id: a.name for a in ex.actors}
    return ex, names


def _speaker_of(extraction, words):
    ex, names = extraction
    [q] = [q for q in ex.quotes if words in q.text]
    return names.get(q.speaker), q


def test_postposed_speaker_after_said(extraction):
    name, q = _speaker_of(extraction, "go unanswered")
    assert q.direct and name == "Teodor Vasz"


def test_x_of_the_y_said_gives_x(extraction):
    name, q = _speaker_of(extraction, "destroyed two clinics")
    assert name == "Ilona Marek"


def test_quote_continuing_in_the_next_sentence_keeps_its_speaker(extraction):
    assert _speaker_of(extraction, "has to stop")[0] == "Arvid Kessel"
    assert _speaker_of(extraction, "Nobody in Dastan")[0] == "Arvid Kessel"


def test_he_said_after_a_paragraph_break_reaches_the_salient_person(extraction):
    name, q = _speaker_of(extraction, "not speeches")
    assert q.speaker_text == "he" and name == "Arvid Kessel"  # not Janos Belo, the last name


def test_passive_assured_by_y_gives_y(extraction):
    name, q = _speaker_of(extraction, "reinforced within a week")
    assert name == "Arvid Kessel"


def test_mr_x_said_that_gives_x_not_the_previous_speaker(extraction):
    ex, names = extraction
    spoken = [q for q in ex.quotes if "delivered in person" in q.text or "message from Varburg" in q.text]
    assert spoken and all(names.get(q.speaker) == "Arvid Kessel" for q in spoken)


def test_x_told_y_gives_x_and_the_channel(extraction):
    name, q = _speaker_of(extraction, "not fired first")
    assert name == "Pavel Odri"


def test_a_dateline_never_speaks(extraction):
    ex, _ = extraction
    assert not any(q.speaker_text and "VARBURG" in q.speaker_text for q in ex.quotes)


NOMINALS = """The Dastani Foreign Ministry summoned the Meridian ambassador on Friday. The ministry said the shelling had violated the border accord.

Pavel Odri, a senior army officer, inspected the damaged posts on Saturday. The officer said two soldiers had been wounded.

General Mira Havel visited the clinics on Saturday. The general said the army would rebuild them.

The Kelvar Front issued a statement on Sunday. The statement said the group had no fighters near the border.

Secretary of State Oren Talbot met the envoy in Varburg. The secretary of state said the talks would continue.

A Dastani officer said the posts had been shelled twice."""


def test_nominal_speakers_resolve_to_the_person_or_body_they_refer_back_to(nlp):
    from claimgraph.nlp.pipeline import extract_doc

    ex = extract_doc(Document(text=NOMINALS, published="2026-05-13"), nlp)
    names = {a.id: a.name for a in ex.actors}

    def speaker(words):
        [q] = [q for q in ex.quotes if words in q.text]
        return q.speaker_text, names.get(q.speaker), q.speaker_kind

    assert speaker("violated the border accord")[1:] == ("Dastani Foreign Ministry", "named")
    assert speaker("soldiers had been wounded") == ("The officer", "Pavel Odri", "named")
    assert speaker("rebuild them")[1] == "Mira Havel"
    assert speaker("no fighters near") == ("The statement", "Kelvar Front", "report")  # the body that issued it
    assert speaker("talks would continue")[1] == "Oren Talbot"
    text, _, kind = speaker("shelled twice")
    assert text == "A Dastani officer" and kind == "unnamed"  # no one named it refers to: it stays as written


FOCUS = """Foreign Minister Arvid Kessel arrived in Varburg on Monday for talks on the border crisis. "We came to listen before we decide anything," Kessel told reporters at the airport.

"That is the promise that President Janos Belo made to the families of the border villages," he said.

"It is the promise I bring to every meeting this week," he added."""


def test_he_after_a_quote_naming_someone_else_stays_with_the_speaker_in_focus(nlp):
    from claimgraph.nlp.pipeline import extract_doc

    ex = extract_doc(Document(text=FOCUS), nlp)
    names = {a.id: a.name for a in ex.actors}
    got = [(q.speaker_text, names.get(q.speaker)) for q in ex.quotes]
    assert got == [("Kessel", "Arvid Kessel"), ("he", "Arvid Kessel"), ("he", "Arvid Kessel")]  # not Janos Belo, named in the quote
