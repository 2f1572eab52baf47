"""Everyday actors in events, with the real model, on invented articles: "Police arrested dozens of
protesters" is COERCE from a police sector actor tied to the article's state to a protesters
sector actor, and a state's own body reporting it accuses no one."""
from __future__ import annotations

import pytest

from claimgraph.models import Document

pytestmark = pytest.mark.model

TEXT = ("Police in Varland arrested dozens of protesters in the capital on Sunday, the interior ministry said. "
        "The protesters had marched against the new tax law.")


def _record(nlp, text):
    from claimgraph.nlp import extract_doc

    return extract_doc(Document(text=text, published="2024-05-02"), nlp).to_record()


def test_events_police_arrest_protesters_is_coerce_between_sector_actors(nlp):
    rec = _record(nlp, TEXT)
    actors = {a["id"]: a for a in rec["actors"]}
    coerce = [e for e in rec["events"] if e["type"] == "COERCE"]
    assert coerce, rec["events"]
    src, tgt = actors[coerce[0]["source"]], actors[coerce[0]["target"]]
    assert (src["kind"], src["sector"]) == ("sector", "POLICE") and "Varland" in src["name"]
    assert (tgt["kind"], tgt["sector"], tgt["type"]) == ("sector", "PROTEST", "OTHER")
    assert (coerce[0]["source_sector"], coerce[0]["target_sector"]) == ("POLICE", "PROTEST")


def test_events_a_state_body_reporting_its_police_accuses_no_one(nlp):
    rec = _record(nlp, TEXT)
    assert not [e for e in rec["events"] if e["type"] == "ACCUSE"], rec["events"]
