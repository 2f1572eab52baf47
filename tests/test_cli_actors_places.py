"""``actors`` leaves out places unless ``--places``; ``actors --rejected`` lists the names the
actors stage turned down or folded, and why (hand-made extractions, no model)."""
from __future__ import annotations

import json
from dataclasses import replace

from conftest import make_extraction

from claimgraph.models import RejectedCandidate
from claimgraph.store import open_store

from test_cli_support import invoke

A = {"g:dastan": ("Dastan", "GPE", ()), "g:varosia": ("Varosia", "GPE", ()), "t:lenhaven": ("Lenhaven", "GPE", ())}


def _store(path):
    ex = make_extraction(["Dastan shelled Varosia after talks in Lenhaven.", "Washington warned Dastan."], actors=A, source="The Herald",
                         events=[{"s": 0, "type": "ASSAULT", "source": "g:dastan", "target": "g:varosia", "trigger": "shelled"}])
    actors = tuple(replace(a, kind="place") if a.id == "t:lenhaven" else a for a in ex.actors)
    rejected = (RejectedCandidate("Washington", "GPE", 48, "a capital used for its government: folded into United States"),
                RejectedCandidate("Islamic", "NORP", 0, "an adjective that only modifies a common noun; it names no actor"))
    with open_store(str(path)) as store:
        from conftest import add_extraction

        add_extraction(store, replace(ex, actors=actors, rejected=rejected))
    return path


def test_places_are_left_out_of_the_actor_list_unless_asked_for(tmp_path):
    db = _store(tmp_path / "p.db")
    names = {r["name"] for r in json.loads(invoke("actors", "--db", str(db), "--json").output)}
    assert names == {"Dastan", "Varosia"}
    both = json.loads(invoke("actors", "--db", str(db), "--places", "--json").output)
    assert {r["name"]: r["kind"] for r in both}["Lenhaven"] == "place"


def test_actors_rejected_lists_each_name_with_its_reason(tmp_path):
    db = _store(tmp_path / "r.db")
    rows = json.loads(invoke("actors", "--db", str(db), "--rejected", "--json").output)
    assert {r["text"]: r["reason"] for r in rows} == {
        "Washington": "a capital used for its government: folded into United States",
        "Islamic": "an adjective that only modifies a common noun; it names no actor",
    }
    assert all(r["documents"] == 1 and r["occurrences"] == 1 for r in rows)
    table = invoke("actors", "--db", str(db), "--rejected").output
    assert "folded into United States" in " ".join(table.split())
