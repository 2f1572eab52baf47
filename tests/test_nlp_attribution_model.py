"""Who asserts each event of an invented article, and through whom, with the real model."""
import pytest

from claimgraph.models import Document

pytestmark = pytest.mark.model

ARTICLE = """OSTREL, March 3 (VNA) - Meridian troops attacked the Kelvar Front near Ostrel on Sunday.

According to Orsolya Brandt, the Kelvar Front agreed to shelter fighters from Meridia.

The Varland Times reported that General Teodor Vasz said Meridia had attacked the Kelvar Front twice.

A report by the Arden Council said Meridia shelled the Kelvar Front.

Senior Varlandi officials told the news site Kalpress that Meridia funded the Kelvar Front."""


def test_attribution_of_an_articles_events(nlp):
    from claimgraph.nlp.pipeline import extract_doc

    ex = extract_doc(Document(text=ARTICLE, published="2026-03-04"), nlp)
    name = {a.id: a.name for a in ex.actors}.get

    def frame(trigger, type_):
        [e] = [e for e in ex.events if e.trigger == trigger and e.type == type_]
        return name(e.attributed_to), e.source_kind, name(e.via) or e.via

    first = next(e for e in ex.events if e.text.startswith("OSTREL"))
    assert (first.attributed_to, first.source_kind, first.via) == (None, "outlet", None)  # the dateline is no speaker
    assert frame("shelter", "AID") == ("Orsolya Brandt", "named", None)  # not the Kelvar Front that agreed
    relayed = [e for e in ex.events if e.type == "ASSAULT" and e.text.startswith("The Varland Times")]
    assert [(name(e.attributed_to), e.source_kind, name(e.via)) for e in relayed] == [("Teodor Vasz", "named", "Varland Times")]
    assert frame("shelled", "ASSAULT") == ("Arden Council", "report", None)
    who, kind, via = frame("funded", "AID")
    assert kind == "unnamed" and via == "Kalpress" and who != "Kalpress"
    speakers = {q.speaker_text: q.speaker_kind for q in ex.quotes}
    assert speakers["The Varland Times"] == "outlet" and speakers["Orsolya Brandt"] == "named"
    assert not any(s and "OSTREL" in s for s in speakers)
