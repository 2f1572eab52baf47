"""Curation that lasts (docs/CURATION.md): decisions about actors and events are applied at
once, and again whenever documents are written (a re-ingest of the same records, ``reprocess``),
keyed by content; undo restores; a team shares them through export/import.  Stores are built
by hand (``conftest.make_extraction``): invented news about Dastan, Varosia, the Free Meridian
Front and the Sons of Karem."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph import curation
from claimgraph.analysis import check, conflicts, dyad, timeline
from claimgraph.errors import ClaimgraphError, UnknownActor
from claimgraph.export import export
from claimgraph.runner import add_extraction, replace_extraction, reprocess_store
from claimgraph.runner.base import Failed
from claimgraph.store import EventFilter, open_store


def by_name(store) -> dict[str, dict]:
    return {a["name"]: a for a in store.actors()}


def norms(row) -> set[str]:
    return {a.lower() for a in row["aliases"]}


def write_all(store, records):
    for ex in records:
        add_extraction(store, ex)
    return store


class Replay:
    """A runner that "extracts" each stored document as the hand-made record it came from, so
    ``reprocess_store`` runs its real loop (replace, resolve, write, apply) without a model."""

    def __init__(self, records):
        self.by_id = {ex.doc.id: ex for ex in records}

    def extract(self, documents):
        for doc in documents:
            ex = self.by_id.get(doc.id)
            yield replace(ex, doc=doc) if ex else Failed(doc, "not a known record")


# a world where one group appears under two names: "Karem North Brigade" is a second actor
# until a user merges it into the Sons of Karem
def brigade_records():
    actors = {"g:sok": ("Sons of Karem", "ORG", ("SoK",)), "g:fmf": ("Free Meridian Front", "ORG", ("FMF",)),
              "g:knb": ("Karem North Brigade", "ORG", ()), "g:dastan": ("Dastan", "GPE", ())}
    first = make_extraction(["The Sons of Karem attacked FMF positions near Orla.", "Dastan condemned the attack."],
                            actors={k: actors[k] for k in ("g:sok", "g:fmf", "g:dastan")}, source="The Herald", published="2022-03-01",
                            events=[{"s": 0, "type": "ASSAULT", "source": "g:sok", "target": "g:fmf", "date": "2022-03-01"}])
    second = make_extraction(["The Karem North Brigade shelled the FMF on Monday.", "Dastan armed the Karem North Brigade."],
                             actors={k: actors[k] for k in ("g:knb", "g:fmf", "g:dastan")}, source="Northern Wire", published="2022-04-02",
                             events=[{"s": 0, "type": "ASSAULT", "source": "g:knb", "target": "g:fmf", "date": "2022-03-28"},
                                     {"s": 1, "type": "AID", "source": "g:dastan", "target": "g:knb", "trigger": "armed"}])
    return [first, second]


# -- merge ------------------------------------------------------------------------------------
def test_curation_merge_makes_one_actor_with_both_aliases_and_moves_events(make_store):
    store = make_store(brigade_records())
    assert {"Sons of Karem", "Karem North Brigade"} <= set(by_name(store))
    d = store.add_decision("merge", actor="SoK", other="Karem North Brigade", note="the brigade is a wing of the group")
    assert d["applied"]["records moved"] > 0 and d["kind"] == "merge" and d["undone_at"] is None
    actors = by_name(store)
    assert "Karem North Brigade" not in actors
    sok = actors["Sons of Karem"]
    assert {"sons of karem", "sok", "karem north brigade"} <= norms(sok)
    assert sok["curated_by"] == [d["id"]] and actors["Dastan"]["curated_by"] == []
    assert sok["mentions"] == 3 and sok["documents"] == 2
    evs = store.events(actor="Karem North Brigade")  # the old name finds the merged actor
    assert {(e["source_id"], e["target_id"]) for e in evs} == {("sok", "fmf"), ("dastan", "sok")}
    assert store.find_actor("Karem North Brigade")["id"] == "sok"
    assert store.actor_by_id("knb") is None


def test_curation_merge_survives_writing_the_same_records_again(make_store):
    records = brigade_records()
    store = make_store(records)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    decisions = store.decisions()
    # a new store that holds the decision, then the same records (the brigade's document first)
    fresh = make_store([], name="fresh.db")
    assert fresh.import_decisions(decisions) == (1, 0)
    write_all(fresh, reversed(records))
    assert "Karem North Brigade" not in by_name(fresh)
    assert {"karem north brigade", "sok"} <= norms(by_name(fresh)["Sons of Karem"])
    assert {e["source_id"] for e in fresh.events(type="ASSAULT")} == {"sok"}
    # and re-extracting each document in the store (the reprocess path) keeps it too
    for ex in records:
        replace_extraction(store, ex)
    assert [a["name"] for a in store.actors() if "Karem" in a["name"]] == ["Sons of Karem"]
    assert by_name(store)["Sons of Karem"]["documents"] == 2


def test_curation_merge_survives_reprocess_store(make_store):
    records = brigade_records()
    store = make_store(records)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    before = store.actors()
    report = reprocess_store(store, force=True, runner=Replay(records))
    assert report.reprocessed == 2 and not report.failed
    assert store.actors() == before


def test_curation_merge_refuses_one_actor_and_names_unknown_ones(make_store):
    store = make_store(brigade_records())
    with pytest.raises(ClaimgraphError, match="one actor already"):
        store.add_decision("merge", actor="Sons of Karem", other="SoK")
    with pytest.raises(UnknownActor, match="did you mean: Sons of Karem"):
        store.add_decision("merge", actor="Sons of Kerem", other="Karem North Brigade")
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    assert len(store.decisions()) == 1


def test_curation_undo_merge_gives_two_actors_back(make_store):
    records = brigade_records()
    store = make_store(records)
    original = store.actors()
    d = store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    undone = store.undo_decision(d["id"])
    assert undone.decision["undone_at"] and undone.documents == (records[1].doc.id,)
    actors = by_name(store)
    assert actors["Karem North Brigade"]["mentions"] == 2 and norms(actors["Sons of Karem"]) == {"sons of karem", "sok"}
    assert {e["source_id"] for e in store.events(type="ASSAULT")} == {"sok", "knb"}
    assert store.events(type="AID")[0]["target_id"] == "knb"
    assert [x["undone_at"] is not None for x in store.decisions()] == [True]
    with pytest.raises(ClaimgraphError, match="undone already"):
        store.undo_decision(d["id"])
    # with re-extraction the records are exactly those the records give without the merge
    d2 = store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    res = curation.undo(store, d2["id"], runner=Replay(records))
    assert res.reextracted == 1
    assert [dict(a, curated_by=[]) for a in store.actors()] == [dict(a, curated_by=[]) for a in original]


# -- split ------------------------------------------------------------------------------------
def kallan_records():
    """Two Kallans: the minister Idris Kallan, and a document where a "Kallan" is someone else
    whom resolution took for him (his lone surname)."""
    minister = make_extraction(["Foreign Minister Idris Kallan met envoys from Varosia.", "Kallan rejected the charges."],
                               actors={"g:kallan": ("Idris Kallan", "PERSON", ("Kallan",)), "g:varosia": ("Varosia", "GPE", ())},
                               events=[{"s": 0, "type": "CONSULT", "source": "g:kallan", "target": "g:varosia", "trigger": "met"}])
    other = make_extraction(["The striker Kallan scored twice against Varosia.", "Idris Kallan watched from the stands."],
                            actors={"g:kallan": ("Idris Kallan", "PERSON", ("Kallan",)), "g:varosia": ("Varosia", "GPE", ())},
                            events=[{"s": 0, "type": "ASSAULT", "source": "g:kallan", "target": "g:varosia", "trigger": "scored"}])
    return minister, other


def test_curation_split_in_one_document_makes_an_actor_of_the_alias(make_store):
    minister, other = kallan_records()
    store = make_store([minister, other])
    d = store.add_decision("split", actor="Idris Kallan", alias="Kallan", doc=other.doc.id[:8])
    assert d["doc_hash"] and d["args"]["doc_id"] == other.doc.id
    made = store.actor_by_id(d["args"]["id"])
    assert made is not None and made["name"] == "Kallan" and made["type"] == "PERSON"
    # in that document the striker's mention and event moved; the minister's did not
    mentions = store.mentions_in([other.doc.id, minister.doc.id])
    text = other.doc.text
    assert {text[s:e] for s, e, aid in mentions[other.doc.id] if aid == made["id"]} == {"Kallan"}
    assert {text[s:e] for s, e, aid in mentions[other.doc.id] if aid == "kallan"} == {"Idris Kallan"}
    assert all(aid == "kallan" for _, _, aid in mentions[minister.doc.id] if aid != "varosia")
    assert store.events(type="ASSAULT")[0]["source_id"] == made["id"]
    assert store.events(type="CONSULT")[0]["source_id"] == "kallan"
    assert by_name(store)["Kallan"]["curated_by"] == [d["id"]] == by_name(store)["Idris Kallan"]["curated_by"]
    # and again after the documents are written anew
    for ex in (minister, other):
        replace_extraction(store, ex)
    assert store.events(type="ASSAULT")[0]["source_id"] == made["id"]
    assert store.events(type="CONSULT")[0]["source_id"] == "kallan"
    store.undo_decision(d["id"])
    assert store.actor_by_id(made["id"]) is None and store.events(type="ASSAULT")[0]["source_id"] == "kallan"


def test_curation_split_everywhere_and_refusals(make_store):
    store = make_store(meridian_records())
    with pytest.raises(ClaimgraphError, match="has no alias 'the Brigade'"):
        store.add_decision("split", actor="FMF", alias="the Brigade")
    with pytest.raises(ClaimgraphError, match="no document 'nosuchdoc'"):
        store.add_decision("split", actor="FMF", alias="the Front", doc="nosuchdoc")
    d = store.add_decision("split", actor="FMF", alias="the Front")
    front = store.actor_by_id(d["args"]["id"])
    assert front["name"] == "the Front"
    assert "the front" not in norms(by_name(store)["Free Meridian Front"])
    assert store.find_actor("the Front")["id"] == front["id"]
    # a fresh store that holds the decision splits the records written into it the same way
    fresh = make_store([], name="fresh.db")
    fresh.import_decisions(store.decisions())
    write_all(fresh, meridian_records())
    assert by_name(fresh)["the Front"]["mentions"] == by_name(store)["the Front"]["mentions"] > 0


# -- rename and type ----------------------------------------------------------------------------
def test_curation_rename_and_type_last_and_undo(make_store):
    store = make_store(meridian_records())
    r = store.add_decision("rename", actor="FMF", name="Free Meridian Front (armed wing)")
    t = store.add_decision("type", actor="the Front", type="other")
    fmf = store.actor_by_id("fmf")
    assert (fmf["name"], fmf["type"]) == ("Free Meridian Front (armed wing)", "OTHER")
    assert store.find_actor("Free Meridian Front (armed wing)")["id"] == "fmf"  # the new name finds it
    assert by_name(store)["Free Meridian Front (armed wing)"]["curated_by"] == [r["id"], t["id"]]
    with pytest.raises(ClaimgraphError, match="called so already"):
        store.add_decision("rename", actor="fmf", name="Free Meridian Front (armed wing)")
    with pytest.raises(ClaimgraphError, match="of type OTHER already"):
        store.add_decision("type", actor="fmf", type="OTHER")
    with pytest.raises(ClaimgraphError, match="unknown actor type 'army'; one of ORG, PERSON"):
        store.add_decision("type", actor="fmf", type="army")
    for ex in meridian_records():
        replace_extraction(store, ex)
    fmf = store.actor_by_id("fmf")
    assert (fmf["name"], fmf["type"]) == ("Free Meridian Front (armed wing)", "OTHER")
    store.undo_decision(r["id"])
    assert store.actor_by_id("fmf")["name"] == "Free Meridian Front"
    store.undo_decision(t["id"])
    assert store.actor_by_id("fmf")["type"] == "ORG"


def test_curation_the_latest_rename_wins_and_undo_brings_the_earlier_back(make_store):
    store = make_store(meridian_records())
    store.add_decision("rename", actor="Dastan", name="Kingdom of Dastan")
    second = store.add_decision("rename", actor="Dastan", name="Dastan (the Kingdom)")
    assert store.actor_by_id("dastan")["name"] == "Dastan (the Kingdom)"
    store.undo_decision(second["id"])
    assert store.actor_by_id("dastan")["name"] == "Kingdom of Dastan"


# -- events ---------------------------------------------------------------------------------------
def rifles(store):
    return next(e for e in store.events() if e["sentence"].startswith("Dastan delivered rifles"))


def test_curation_reject_hides_the_event_from_every_query(make_store, tmp_path):
    store = make_store(meridian_records())
    ev = rifles(store)
    before = check(store, "Dastan arms the FMF")
    assert ev["id"] in {x["event_id"] for x in before["supporting"]}
    n = store.stats()["events"]
    d = store.add_decision("reject_event", event=ev["id"], note="rifles were for the police")
    assert d["applied"] == {"events rejected": 1}
    assert ev["id"] not in {e["id"] for e in store.events()}
    assert store.events_by_ids([ev["id"]]) == []
    assert store.events_by_ids([ev["id"]], include_rejected=True)[0]["curation"] == "rejected"
    assert store.stats()["events"] == n - 1
    after = check(store, "Dastan arms the FMF")
    assert ev["id"] not in {x["event_id"] for x in after["supporting"] + after["opposing"]}
    pair = dyad(store, "Dastan", "FMF")
    assert pair["total"] > 0 and ev["id"] not in {x["event_id"] for items in pair["by_stance"].values() for x in items}
    assert ev["id"] not in {x["event_id"] for x in timeline(store, "Dastan")}
    items = [x for c in conflicts(store, limit=0, max_evidence=None) for side in ("cooperative", "hostile") for x in c[side]]
    assert items and ev["id"] not in {x["event_id"] for x in items}
    export(store, "jsonl", tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert not [x for x in lines if x.get("kind") == "event" and "delivered rifles" in (x.get("sentence") or "")]
    assert [x for x in lines if x.get("kind") == "event"]
    edges = store.graph_edges(EventFilter())
    assert all(str(ev["id"]) not in e["ids"].split(",") for e in edges)
    # it stays rejected when the records are written again, and comes back on undo
    for ex in meridian_records():
        replace_extraction(store, ex)
    assert not [e for e in store.events() if e["sentence"].startswith("Dastan delivered rifles")]
    store.undo_decision(d["id"])
    back = rifles(store)
    assert back["curation"] is None and store.stats()["events"] == n


def test_curation_reject_follows_the_sentence_into_other_documents(make_store):
    """The same sentence in a second outlet (a wire story picked up) is the same event."""
    store = make_store(meridian_records())
    copy = make_extraction(["Dastan delivered rifles to the FMF last spring.", "The copy ends here."],
                           actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")}, source="The Echo",
                           events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])
    store.add_decision("reject_event", event=rifles(store)["id"])
    add_extraction(store, copy)
    assert not [e for e in store.events() if "delivered rifles" in e["sentence"]]
    # a different event of the same sentence (another type) is not rejected
    other = replace(copy, doc=replace(copy.doc, text=copy.doc.text + " More."),
                    events=(replace(copy.events[0], type="ASSAULT"),))
    add_extraction(store, other)
    assert [e["type"] for e in store.events() if "delivered rifles" in e["sentence"]] == ["ASSAULT"]


def test_curation_confirm_marks_rows_and_evidence_and_the_latest_decision_wins(make_store):
    store = make_store(meridian_records())
    ev = rifles(store)
    c = store.add_decision("confirm_event", event=ev["id"])
    row = rifles(store)
    assert (row["curation"], row["curated_by"]) == ("confirmed", c["id"])
    item = next(x for x in check(store, "Dastan arms the FMF")["supporting"] if x["event_id"] == ev["id"])
    assert (item["curation"], item["curation_decision"]) == ("confirmed", c["id"])
    r = store.add_decision("reject_event", event=ev["id"])
    assert not [e for e in store.events() if e["id"] == ev["id"]]
    with pytest.raises(ClaimgraphError, match=f"decision {r['id']} already says so"):
        store.add_decision("reject_event", event=ev["id"])
    store.undo_decision(r["id"])
    assert rifles(store)["curation"] == "confirmed"
    with pytest.raises(ClaimgraphError, match="no event 999"):
        store.add_decision("reject_event", event=999)


# -- sharing ------------------------------------------------------------------------------------
def test_curation_export_then_import_reproduces_the_decisions(make_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_USER", "analyst-7")
    records = meridian_records() + brigade_records()
    store = make_store(records)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade", note="one group")
    store.add_decision("rename", actor="Varga", name="Ilan Varga (defense minister)")
    gone = store.add_decision("type", actor="FMF", type="OTHER")
    store.add_decision("reject_event", event=rifles(store)["id"])
    store.undo_decision(gone["id"])
    path = tmp_path / "decisions.json"
    assert curation.export_decisions(store, path) == 4
    data = json.loads(path.read_text())
    assert data["format"] == "claimgraph-decisions" and data["version"] == 1
    assert {d["author"] for d in data["decisions"]} == {"analyst-7"} and "id" not in data["decisions"][0]
    fresh = make_store(records, name="fresh.db")
    assert curation.import_decisions(fresh, path) == (4, 0)
    assert curation.import_decisions(fresh, path) == (0, 4)  # already present, by content
    strip = lambda rows: [{k: v for k, v in d.items() if k != "id"} for d in rows]  # noqa: E731
    assert strip(fresh.decisions()) == strip(store.decisions())
    assert fresh.actors() == store.actors()
    assert [e["id"] for e in fresh.events()] == [e["id"] for e in store.events()]


@pytest.mark.parametrize("content, message", [
    ("not json", "is not JSON"),
    ('{"decisions": []}', "not a claimgraph decisions file"),
    ('{"format": "claimgraph-decisions", "version": 9, "decisions": []}', "format version 9"),
    ('{"format": "claimgraph-decisions", "version": 1, "decisions": [{"kind": "explode"}]}', "unknown kind 'explode'"),
    ('{"format": "claimgraph-decisions", "version": 1, "decisions": [{"kind": "rename", "args": {"name": "X"}}]}', "args lacks was"),
])
def test_curation_import_refuses_a_bad_file_in_one_line(make_store, tmp_path, content, message):
    store = make_store(meridian_records())
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ClaimgraphError, match=message):
        curation.import_decisions(store, path)
    assert store.decisions() == []


def test_curation_a_read_only_store_lists_decisions_and_curated_actors(make_store, tmp_path):
    store = make_store(brigade_records())
    d = store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    with open_store(store.path, readonly=True) as ro:
        assert [x["id"] for x in ro.decisions()] == [d["id"]]
        assert by_name(ro)["Sons of Karem"]["curated_by"] == [d["id"]]
        with pytest.raises(ClaimgraphError, match="read-only"):
            ro.add_decision("rename", actor="SoK", name="Karem Sons")


@pytest.mark.model
def test_curation_merge_survives_reprocess_with_the_model(tmp_path):
    """The real pipeline on two tiny invented articles: a merge, then ``reprocess --all``."""
    from claimgraph.runner import ingest_paths

    (tmp_path / "a.txt").write_text("Varland troops attacked the Free Meridian Front near Orla on Monday, officials said.\n")
    (tmp_path / "b.txt").write_text("The Meridian Liberation Army said it shelled a Varland convoy on Tuesday.\n")
    with open_store(str(tmp_path / "m.db")) as store:
        ingest_paths([tmp_path / "a.txt", tmp_path / "b.txt"], store)
        names = {a["name"]: a["id"] for a in store.actors()}
        assert "Free Meridian Front" in names and "Meridian Liberation Army" in names, names
        original = {a["name"]: norms(a) for a in store.actors()}
        merge = store.add_decision("merge", actor="Free Meridian Front", other="Meridian Liberation Army")
        events = store.events()
        assert events, "the pipeline found no event"
        store.add_decision("reject_event", event=events[0]["id"])
        merged = {a["name"]: norms(a) for a in store.actors()}
        kept = [e["sentence"] for e in store.events()]
        report = reprocess_store(store, force=True)
        assert report.reprocessed == 2
        after = {a["name"]: norms(a) for a in store.actors()}
        assert after == merged and "Meridian Liberation Army" not in after
        assert [e["sentence"] for e in store.events()] == kept  # the rejected event stays out
        res = curation.undo(store, merge["id"])  # re-extracts with the model
        assert res.reextracted == len(res.undone.documents) >= 1
        assert {a["name"]: norms(a) for a in store.actors()} == original


def test_curation_undo_says_the_undo_stands_when_re_extraction_fails(make_store):
    class NoModel:
        def extract(self, documents):
            raise ClaimgraphError("the language model en_core_web_md is not installed")
            yield  # a generator, as runners are

    store = make_store(brigade_records())
    d = store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    with pytest.raises(ClaimgraphError, match=r"decision 1 is undone \(its stored rows edited\), but re-extracting its 1 documents failed"):
        curation.undo(store, d["id"], runner=NoModel())
    assert store.decision(d["id"])["undone_at"] is not None
    assert "Karem North Brigade" in by_name(store)
