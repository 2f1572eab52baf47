"""Event modes with the real spaCy model, on invented sentences: a threat is a THREATEN, never
the act it threatens, and history is told apart from news by the event's date."""
from __future__ import annotations

import pytest

from claimgraph.models import Document

pytestmark = pytest.mark.model


def _extract(nlp, text, published="2021-03-04"):
    from claimgraph.nlp import extract_doc

    return extract_doc(Document(text=text, published=published), nlp)


def _id(ex, name):
    return next(a.id for a in ex.actors if a.name == name or name in a.aliases)


THREAT = "Dastan threatened to bomb the Varland border posts."


def test_modes_model_a_threat_is_coded_as_threaten_and_its_act_as_hypothetical(nlp):
    ex = _extract(nlp, THREAT)
    dastan, varland = _id(ex, "Dastan"), _id(ex, "Varland")
    threats = [e for e in ex.events if e.type == "THREATEN"]
    assert [e.source for e in threats] == [dastan]
    assert all(not ({"hypothetical", "future"} & set(e.mode)) for e in threats)  # the threat itself was made
    # the act is never coded as done: either absent (the classifier types the pair THREATEN once)
    # or hypothetical
    bombs = [e for e in ex.events if e.type == "ASSAULT"]
    assert all((e.source, e.target, e.mode) == (dastan, varland, ("hypothetical",)) for e in bombs)
    assert [r["mode"] for r in ex.to_record()["events"]] == [list(e.mode) for e in ex.events]


def test_modes_model_a_threat_is_aimed_at_the_target_of_the_threatened_act(nlp):
    ex = _extract(nlp, THREAT)
    threats = [e for e in ex.events if e.type == "THREATEN"]
    assert [(e.source, e.target) for e in threats] == [(_id(ex, "Dastan"), _id(ex, "Varland"))]


def test_modes_model_future_negated_claimed_and_historical(nlp):
    ex = _extract(nlp, "Varland will attack Meridia. Meridia said it would not sanction Varland. "
                       "In 2015, Varland attacked Meridia. Meridia attacked Varland on Tuesday. "
                       "The Lorn Front claimed responsibility for the bombing of the Varland embassy.")
    varland, meridia, front = (_id(ex, n) for n in ("Varland", "Meridia", "Lorn Front"))
    modes = {}
    for e in ex.events:
        modes.setdefault((e.type, e.source, e.target), []).append(e.mode)
    assert modes[("ASSAULT", varland, meridia)] == [("future",), ("historical",)]
    assert modes[("SANCTION", meridia, varland)] == [("negated", "hypothetical")]
    assert modes[("ASSAULT", meridia, varland)] == [()]  # on Tuesday: news, no mode
    assert modes[("ASSAULT", front, varland)] == [("claimed",)]
