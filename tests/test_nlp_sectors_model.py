"""Sector actors with the real model: an invented article about one state."""
from __future__ import annotations

import pytest

from claimgraph.models import Document
from claimgraph.nlp import extract_doc
from claimgraph.resolve import Resolver

pytestmark = pytest.mark.model

TEXT = ("Police arrested dozens of protesters in the capital of Varland on Tuesday. "
        "The protesters had marched against a new tax law, and Varland's parliament is due to vote on it next week. "
        "Officials in Varland said the demonstrators blocked a highway.")


def test_sectors_model_police_tied_to_the_state_and_protesters_of_the_document(nlp):
    ex = Resolver().resolve(extract_doc(Document(text=TEXT), nlp))
    by_name = {a.name: a for a in ex.actors}
    assert by_name["Varland"].kind == "actor"
    police = by_name["Varland police"]
    assert (police.kind, police.sector, police.type) == ("sector", "POLICE", "ORG")
    assert TEXT[police.mentions[0][0]:police.mentions[0][1]] == "Police"
    protesters = [a for a in ex.actors if a.sector == "PROTEST"]
    assert len(protesters) == 1, [(a.name, a.sector) for a in ex.actors]
    p = protesters[0]
    assert (p.type, p.kind, p.id) == ("OTHER", "sector", f"{p.name.replace(' ', '-')}@{ex.doc.id}")
    said = {TEXT[s:e] for s, e in p.mentions}
    assert {"protesters", "demonstrators"} <= said  # one group, however the article calls it
    record = ex.to_record()["actors"]
    assert {(a["kind"], a["sector"]) for a in record if a["name"] in ("Varland", "Varland police")} == {("actor", None), ("sector", "POLICE")}
