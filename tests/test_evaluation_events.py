"""The PLV / PLOVER GSR event scorer on hand-made records (no model)."""
from __future__ import annotations

from claimgraph.evaluation.events_eval import covers, gsr_gold, judge, plv_gold, score_events

TEXT = "Dastan troops attacked FMF positions near Orla on Monday."


def span(s):
    i = TEXT.index(s)
    return (i, i + len(s))


ACTORS = [
    {"id": "d", "name": "Dastan", "aliases": ["Dastan"], "mentions": [list(span("Dastan"))]},
    {"id": "f", "name": "Free Meridian Front", "aliases": ["FMF"], "mentions": [list(span("FMF"))]},
    {"id": "o", "name": "Orla", "aliases": ["Orla"], "mentions": [list(span("Orla"))]},
]
GOLD = {"type": "ASSAULT", "source": [span("Dastan troops")], "target": [span("FMF positions")]}


def rec(*events):
    return {"actors": ACTORS, "events": [{"type": t, "source": s, "target": g} for t, s, g in events]}


def test_evaluation_events_plv_offsets_come_from_the_marked_text():
    doc = {"text": "Dastan troops attacked FMF positions.",
           "relations": [{"type": "ASSAULT", "source": [{"text": "Dastan troops"}], "target": [{"text": "FMF positions"}],
                          "marked": "<s>Dastan troops</s> attacked <t>FMF positions</t>."}]}
    g = plv_gold(doc)
    assert [doc["text"][s:e] for s, e in g["source"]] == ["Dastan troops"]
    assert [doc["text"][s:e] for s, e in g["target"]] == ["FMF positions"]


def test_evaluation_events_plv_placeholder_side_is_open():
    doc = {"text": "Dastan launched an inquiry.",
           "relations": [{"type": "COERCE", "source": [{"text": "Dastan"}], "target": [{"text": "a recipient"}],
                          "marked": "<s>Dastan</s> launched an inquiry."}]}
    g = plv_gold(doc)
    assert g["target"] == []
    v = judge({"actors": ACTORS[:1], "events": [{"type": "COERCE", "source": "d", "target": None}]}, g, doc["text"])
    assert v["found"] and v["direction"] and v["label"] == "COERCE"


def test_evaluation_events_gsr_renames_and_locates_actors_without_offsets():
    doc = {"text": "U.S. and Russian negotiators met.",
           "relations": [{"type": "DISAPPROVE", "source": [{"text": "U.S. ... negotiators", "start": None, "end": None}], "target": []}]}
    g = gsr_gold(doc)
    assert g["type"] == "ACCUSE"
    assert [doc["text"][s:e] for s, e in g["source"]] == ["U.S.", "negotiators"]


def test_evaluation_events_covers_by_mention_or_name_words():
    assert covers(ACTORS[0], [span("Dastan troops")], TEXT)
    assert not covers(ACTORS[2], [span("Dastan troops")], TEXT)
    far = {"id": "x", "name": "FMF", "aliases": [], "mentions": []}
    assert covers(far, [span("FMF positions")], TEXT)  # by name words
    assert not covers({"id": "p", "name": "it", "aliases": ["it"], "mentions": []}, [span("FMF positions")], TEXT)


def test_evaluation_events_direction_and_label():
    v = judge(rec(("ASSAULT", "d", "f")), GOLD, TEXT)
    assert v["found"] and v["direction"] and v["label"] == "ASSAULT" and v["spec"] == 1.0
    v = judge(rec(("ASSAULT", "f", "d")), GOLD, TEXT)
    assert v["found"] and not v["direction"] and v["label"] == "ASSAULT" and v["spec"] == 0.0
    v = judge(rec(("COERCE", "d", "f")), GOLD, TEXT)  # same class (material conflict): half
    assert v["label"] == "COERCE" and v["spec"] == 0.5
    v = judge(rec(("ASSAULT", "d", "o")), GOLD, TEXT)
    assert not v["found"] and v["label"] == "NONE" and v["type_anywhere"]
    assert v["reason"].startswith("both actors found, events link other actors")
    v = judge({"actors": ACTORS, "events": []}, GOLD, TEXT)
    assert v["reason"] == "both actors found, no event in the sentence"


def test_evaluation_events_scores():
    golds = [{"type": "ASSAULT"}, {"type": "ASSAULT"}, {"type": "AID"}, {"type": "AID"}]
    verdicts = [
        {"found": True, "direction": True, "label": "ASSAULT", "spec": 1.0, "type_anywhere": True},
        {"found": True, "direction": False, "label": "AID", "spec": 0.0, "type_anywhere": False},
        {"found": False, "direction": False, "label": "NONE", "spec": 0.0, "type_anywhere": False},
        {"found": True, "direction": True, "label": "AID", "spec": 1.0, "type_anywhere": True},
    ]
    r = score_events(verdicts, golds)
    assert r["pair_found"] == 0.75 and r["direction_correct"] == 0.5
    assert r["type_accuracy_when_found"] == round(2 / 3, 4)
    # ASSAULT: P 1/1 R 1/2 -> 0.6667; AID: P 1/2 R 1/2 -> 0.5
    assert r["per_type_f1"] == {"AID": 0.5, "ASSAULT": 0.6667}
    assert r["type_macro_f1"] == round((0.5 + 0.6667) / 2, 4)
    assert r["spec_score"] == 0.5
