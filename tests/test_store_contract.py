"""The store contract: what every back end of ``store.base.Store`` must do.

Each test takes the ``new_store`` fixture, parametrized over the back ends ("sqlite", and
"postgres" on a throw-away server that ``tests/pg_support.py`` starts, skipped where there is
none); a new back end adds its name to ``conftest.BACKENDS`` and a target to
``conftest.store_target``, and must pass all of these.  Inputs are hand-made extractions (``conftest.make_extraction``), written through the
runner's sink (``runner.add_extraction``: resolve, then ``write_extraction``), so no language
model is needed.  Nothing here touches a connection or SQL.
"""
from __future__ import annotations

import inspect
from dataclasses import replace

import pytest
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph.errors import UnknownActor
from claimgraph.models import Document, Extraction
from claimgraph.ontology import is_act
from claimgraph.runner import StoreSink, add_extraction, replace_extraction
from claimgraph.store import EventFilter
from claimgraph.store.base import Store

@pytest.fixture
def new_store(store_factory):
    """``new_store(extractions=())`` -> an open store of this back end holding them (conftest's
    ``store_factory``, parametrized over ``conftest.BACKENDS``)."""
    return store_factory


@pytest.fixture
def world(new_store):
    return new_store(meridian_records())


def simple(text="Dastan armed the FMF. The FMF attacked Varosia.", **kw):
    return make_extraction(text.split(". ") if ". " in text else [text],
                           actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf", "g:varosia")},
                           events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}], **kw)


# -- the protocol itself ----------------------------------------------------------------------
def test_store_contract_back_end_has_every_protocol_method(new_store):
    store = new_store()
    wanted = {n for n, v in vars(Store).items() if callable(v) and not n.startswith("_")}
    missing = sorted(n for n in wanted if not callable(getattr(store, n, None)))
    assert missing == []
    for name in wanted:  # and with the same parameters
        want = list(inspect.signature(getattr(Store, name)).parameters)[1:]
        have = list(inspect.signature(getattr(store, name)).parameters)
        assert have == want, name


# -- writes -----------------------------------------------------------------------------------
def test_store_contract_add_is_idempotent(new_store):
    store = new_store()
    ex = simple()
    assert add_extraction(store, ex) is True
    assert add_extraction(store, ex) is False
    assert store.has_document(ex.doc.id)
    assert store.stats() == {"documents": 1, "superseded": 0, "actors": 3, "quotes": 0, "events": 1, "timexes": 0}


def test_store_contract_write_extraction_writes_what_it_is_given(new_store):
    store = new_store()
    resolved = StoreSink(store).resolver.resolve(simple())
    assert store.write_extraction(resolved) is True
    assert store.write_extraction(resolved) is False
    assert {a["id"] for a in store.actors()} == {"dastan", "fmf", "varosia"}


def test_store_contract_events_keep_their_mode_as_a_list(new_store):
    ex = make_extraction(["Dastan armed the FMF.", "Dastan vowed to strike the FMF."],
                         actors={k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")},
                         events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"},
                                 {"s": 1, "type": "ASSAULT", "source": "g:dastan", "target": "g:fmf", "mode": ("negated", "future")}])
    store = new_store([ex])
    by_type = {r["type"]: r for r in store.events()}
    assert by_type["AID"]["mode"] == [] and by_type["ASSAULT"]["mode"] == ["negated", "future"]
    for rows in (store.pair_events("dastan", "fmf"), store.group_events(["dastan"], ["fmf"]), list(store.iter_events()),
                 store.events_by_ids([by_type["ASSAULT"]["id"]]), store.events_of_document(ex.doc.id)):
        assert [r["mode"] for r in rows if r["type"] == "ASSAULT"] == [["negated", "future"]]
        assert all(r["mode"] == [] for r in rows if r["type"] == "AID")
    acts = store.graph_edges(EventFilter(acts_only=True, include_negated=True))
    assert [e["types"] for e in acts] == ["AID"]


def test_store_contract_events_and_quotes_keep_who_asserts_and_through_whom(new_store):
    from claimgraph.models import Quote

    ex = make_extraction(["The Varosia Times reported that Dastan armed the FMF.", "Officials said the FMF attacked Dastan.",
                          "Dastan accused the FMF."],
                         actors={**{k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf")}, "times": ("The Varosia Times", "ORG", ())},
                         events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "via": "times", "source_kind": "outlet"},
                                 {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan", "via": "Radio Kasra", "source_kind": "unnamed"},
                                 {"s": 2, "type": "ACCUSE", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:dastan", "source_kind": "named"}])
    ex = replace(ex, quotes=(Quote("the FMF attacked Dastan", 68, 91, False, speaker=None, speaker_text="Officials", cue="said", speaker_kind="unnamed"),))
    store = new_store([ex])
    times_id = next(a["id"] for a in store.actors() if a["name"] == "The Varosia Times")
    by_type = {r["type"]: r for r in store.events()}
    assert (by_type["AID"]["via"], by_type["AID"]["via_name"], by_type["AID"]["source_kind"]) == (times_id, "The Varosia Times", "outlet")
    assert (by_type["ASSAULT"]["via"], by_type["ASSAULT"]["via_name"], by_type["ASSAULT"]["source_kind"]) == ("Radio Kasra", "Radio Kasra", "unnamed")
    assert (by_type["ACCUSE"]["via"], by_type["ACCUSE"]["source_kind"]) == (None, "named")
    for rows in (store.pair_events("dastan", "fmf"), list(store.iter_events()), store.events_of_document(ex.doc.id)):
        assert {r["type"]: (r["via_name"], r["source_kind"]) for r in rows} == {
            "AID": ("The Varosia Times", "outlet"), "ASSAULT": ("Radio Kasra", "unnamed"), "ACCUSE": (None, "named")}
    (q,) = store.quotes_of_document(ex.doc.id)
    assert (q["speaker_text"], q["speaker_kind"]) == ("Officials", "unnamed")


def test_store_contract_replace_swaps_records_and_keeps_the_first_date(new_store):
    store = new_store()
    ex = simple()
    add_extraction(store, ex)
    first = store.document(ex.doc.id)["ingested_at"]
    replace_extraction(store, replace(ex, events=(), actors=ex.actors[:2], pipeline_version="v2"))
    assert store.stats()["events"] == 0 and store.stats()["documents"] == 1
    assert store.document(ex.doc.id)["ingested_at"] == first
    assert store.documents()[0]["pipeline_version"] == "v2"
    with pytest.raises(UnknownActor):
        store.find_actor("Varosia")  # only the old records named it


def test_store_contract_remove_document_then_drop_unreferenced(new_store):
    store = new_store([simple()])
    doc_id = store.documents()[0]["id"]
    removed = store.remove_document(doc_id)
    assert removed.actor_ids == {"dastan", "fmf", "varosia"} and removed.ingested_at
    assert removed.events == 1 and removed.quotes == 0
    assert not store.has_document(doc_id) and store.stats()["events"] == 0
    assert len(store.actors()) == 3  # they stay until asked
    assert store.drop_unreferenced_actors(removed.actor_ids) == ["dastan", "fmf", "varosia"]
    assert store.actors() == []


def test_store_contract_supersede_keeps_the_row_without_its_records(new_store):
    old, new = simple(path="a.txt"), simple("Varosia sanctioned Dastan.", path="a.txt")
    linked = replace(simple("Dastan praised Varosia."), doc=replace(simple("Dastan praised Varosia.").doc, url="https://example.invalid/x"))
    store = new_store([old, new, linked])  # written as new documents: both versions current
    a, b = old.doc.id, new.doc.id
    assert [d["id"] for d in store.documents_at(["a.txt"])] == [a, b]
    assert [d["id"] for d in store.documents_at(urls=["https://example.invalid/x"])] == [linked.doc.id]
    removed = store.supersede(a, b)
    assert removed.events == 1 and removed.actor_ids == {"dastan", "fmf", "varosia"}
    assert store.superseded_by(a) == b and store.superseded_by(b) is None and store.superseded_by("nope") is None
    assert {d["id"] for d in store.documents()} == {b, linked.doc.id}
    assert {d["id"]: d["superseded_by"] for d in store.documents(superseded=True)} == {a: b, b: None, linked.doc.id: None}
    assert [d["id"] for d in store.documents_at(["a.txt"])] == [b]
    assert [d["id"] for d in store.documents_at(["a.txt"], superseded=True)] == [a, b]
    assert [d["id"] for d in store.older_versions([b])] == [a]
    assert store.has_document(a) and store.document(a)["superseded_by"] == b and store.events_of_document(a) == []
    assert a not in {d["id"] for d in store.iter_documents()} and a not in store.documents_needing_reprocess(None)
    assert store.stats()["documents"] == 2 and store.stats()["superseded"] == 1
    third = simple("Dastan praised the FMF.", path="a.txt")
    add_extraction(store, third)
    store.supersede(b, third.doc.id)  # every older version points at the current one
    assert store.superseded_by(a) == store.superseded_by(b) == third.doc.id


def test_store_contract_rolled_back_transaction_leaves_nothing(new_store):
    store = new_store()
    with pytest.raises(RuntimeError):
        with store.transaction():
            add_extraction(store, simple())
            assert store.stats()["documents"] == 1  # inside, the write is visible
            raise RuntimeError("the power went out")
    assert store.stats() == {"documents": 0, "superseded": 0, "actors": 0, "quotes": 0, "events": 0, "timexes": 0}
    assert store.actor_index().names("GPE") == {}
    assert add_extraction(store, simple()) is True  # and the store still works


def test_store_contract_renames_set_the_canonical_name(new_store):
    store = new_store([make_extraction(["Oshan Front fighters spoke."], actors={"t:o": ("Oshan Front", "ORG", ())})])
    assert store.find_actor("Oshan Front")["name"] == "Oshan Front"
    add_extraction(store, make_extraction(["The United Oshan Front spoke again."],
                                          actors={"t:o": ("United Oshan Front", "ORG", ("Oshan Front",))}))
    row = store.find_actor("Oshan Front")
    assert row["name"] == "United Oshan Front" and store.actor(row["id"])["documents"] == 2
    # a shorter name later does not shorten it
    add_extraction(store, make_extraction(["Oshan Front again."], actors={"t:o": ("Oshan Front", "ORG", ())}))
    assert store.find_actor("Oshan Front")["name"] == "United Oshan Front"


def test_store_contract_actor_index_is_the_resolvers_view(world):
    index = world.actor_index()
    assert ("fmf", "ORG") in index.by_norm("free meridian front")
    assert index.surname("varga") == ["varga"]
    assert index.names("PERSON") == {"varga": "ilan varga", "kallan": "idris kallan"}
    assert index.type_of("dastan") == "GPE" and index.type_of("nobody") is None
    assert index.known("fmf") == ("Free Meridian Front", "ORG") and index.known("nobody") is None


# -- actors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["fmf", "FMF", "Free Meridian Front", "the Front", "free-meridian front"])
def test_store_contract_find_actor_by_any_alias(world, name):
    assert world.find_actor(name)["id"] == "fmf"


def test_store_contract_find_actor_strips_titles_and_refuses_the_unknown(world):
    assert world.find_actor("Defense Minister Ilan Varga")["id"] == "varga"
    assert world.find_actor("Mr. Kallan")["id"] == "kallan"
    with pytest.raises(UnknownActor):
        world.find_actor("Nobody At All")
    assert world.actor_by_id("varga")["name"] == "Ilan Varga" and world.actor_by_id("nobody") is None
    assert world.actor_by_alias("kingdom of dastan")["id"] == "dastan" and world.actor_by_alias("nothing") is None


def test_store_contract_actor_lists(world):
    rows = world.actors()
    assert {r["id"] for r in rows} == set(k[2:] for k in MERIDIAN_ACTORS)
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    assert len(world.actors(limit=2)) == 2
    fmf = world.actor("the Front")
    assert fmf["id"] == "fmf" and fmf["documents"] == 5 and "FMF" in fmf["aliases"]
    assert [r["id"] for r in world.actor_rows()] == sorted(r["id"] for r in rows)
    assert {r["id"] for r in world.actor_rows(["fmf", "sok"])} == {"fmf", "sok"}
    assert world.actors_by_ids(["fmf", None, "nobody"]) == {"fmf": {"id": "fmf", "name": "Free Meridian Front", "type": "ORG"}}
    by_norm = world.actors_by_norms(["front", "sok", "nothing"])
    assert by_norm["front"]["id"] == "fmf" and by_norm["sok"]["id"] == "sok" and "nothing" not in by_norm
    names = world.actor_names(limit=3)
    assert len(names) == 3 and set(names[0]) == {"id", "name", "mentions"}
    assert world.actor_ids() == {r["id"]: r["name"] for r in sorted(world.actor_rows(), key=lambda r: r["id"])}
    assert list(world.actor_ids()) == sorted(world.actor_ids()) and world.actor_ids()["fmf"] == "Free Meridian Front"

def _with_sectors(text: str) -> Extraction:
    """A document with a state, its police (tied to it, kind "sector") and the document's own protesters."""
    ex = make_extraction([text], actors={"g:dastan": MERIDIAN_ACTORS["g:dastan"],
                                         "t:dastan police": ("Dastan police", "ORG", ("police",)),
                                         "d:protest": ("protesters", "OTHER", ())},
                         events=[{"s": 0, "type": "COERCE", "source": "t:dastan police", "target": "d:protest"}])
    sector = {"t:dastan police": "POLICE", "d:protest": "PROTEST"}
    return replace(ex, actors=tuple(replace(a, kind="sector", sector=sector[a.id]) if a.id in sector else a for a in ex.actors))


def test_store_contract_actor_kind_and_sector(new_store):
    store = new_store([_with_sectors("In Dastan, police detained protesters."), _with_sectors("Dastan police dispersed protesters again.")])
    rows = {r["name"]: r for r in store.actors()}
    assert {(r["kind"], r["sector"]) for r in rows.values()} == {("actor", None), ("sector", "POLICE"), ("sector", "PROTEST")}
    assert rows["Dastan police"]["id"] == "dastan-police" and rows["Dastan police"]["documents"] == 2  # one actor across documents
    protesters = [r for r in store.actor_rows() if r["sector"] == "PROTEST"]
    assert len(protesters) == 2 and all(r["documents"] == 1 and "@" in r["id"] for r in protesters)  # each document's own
    assert {r["id"] for r in store.actors(sectors=False)} == {"dastan"}
    assert store.find_actor("Dastan police")["kind"] == "sector" and store.actor("dastan")["kind"] == "actor"
    assert len(store.events(actor="dastan-police")) == 2  # hidden from lists, not from the records
    # a document that names it as an actor of its own makes it one
    add_extraction(store, make_extraction(["The Dastan Police issued a statement."], actors={"t:dp": ("Dastan police", "ORG", ())}))
    assert store.actor_by_id("dastan-police")["kind"] == "actor" and store.actor_by_id("dastan-police")["sector"] == "POLICE"



# -- documents, quotes, labels ----------------------------------------------------------------
def test_store_contract_documents(world):
    docs = world.documents()
    assert len(docs) == 5 and "text" not in docs[0]
    assert [d["published"] for d in docs][-1] == "2023-06-18"
    one = world.document(docs[0]["id"])
    assert one["text"] and world.document("nope") is None
    assert [d["id"] for d in world.iter_documents()] == [d["id"] for d in docs]
    assert all("text" in d and "content_hash" not in d for d in world.iter_documents(with_text=True))
    stored = world.stored_document(docs[-1]["id"])
    assert isinstance(stored, Document) and stored.id == docs[-1]["id"] and stored.source == "The Herald"
    assert world.stored_document("nope") is None
    counts = world.document_counts()
    assert sum(c.get("events", 0) for c in counts.values()) == world.stats()["events"]
    mentioning = world.documents_mentioning("varga")
    assert {d["source"] for d in mentioning} == {"The Herald"} and all(d["mentions"] >= 1 for d in mentioning)
    spans = world.mentions_in([docs[0]["id"]])[docs[0]["id"]]
    assert spans == sorted(spans) and all(len(s) == 3 for s in spans)


def test_store_contract_documents_needing_reprocess(new_store):
    store = new_store([simple(), simple("Varosia sanctioned Dastan.")])
    assert len(store.documents_needing_reprocess(None)) == 2
    assert len(store.documents_needing_reprocess("test")) == 0
    assert store.documents_needing_reprocess("v9") == store.documents_needing_reprocess(None)


def test_store_contract_quotes(new_store):
    from claimgraph.models import Quote

    ex = simple()
    ex = replace(ex, quotes=(Quote("armed the FMF", 7, 20, False, speaker="g:varosia", speaker_text="Varosia", cue="said"),))
    store = new_store([ex])
    (q,) = store.quotes(speaker="Republic of Varosia")
    assert q["speaker_name"] == "Varosia" and q["text"] == "armed the FMF" and q["source"] is None
    assert len(store.quotes(about="FMF")) == 1 and store.quotes(about="Dastan") == []
    assert store.quotes_of_document(ex.doc.id)[0]["speaker_id"] == "varosia"


def test_store_contract_labels_keep_the_pipelines_sentence(world):
    labels = world.labels("the Front")
    assert {(lab["label"], lab["source"]) for lab in labels} == {
        ("terrorist group", "The Herald"), ("rebel movement", "The Tribune"), ("rebel movement", "Northern Wire")}
    assert {lab["sentence"] for lab in labels} >= {"The FMF, a terrorist group, attacked a Varosia convoy on Thursday."}
    assert [lab["published"] for lab in world.labels_with_paths("fmf")] == ["2019-09-14", "2019-09-16", "2021-04-03"]
    doc_id = labels[0]["doc_id"]
    assert world.labels_of_document(doc_id)[0]["actor_id"] == "fmf"
    assert sorted(lab["label"] for lab in world.labels_by_actor()["fmf"]) == ["rebel movement", "rebel movement", "terrorist group"]


def test_store_contract_framing_label_groups_count_the_labels(world):
    rows = world.labels_with_paths("fmf")
    groups = world.label_groups("fmf")
    assert sum(g["n"] for g in groups) == len(rows) == 3
    assert {(g["source"], g["label"]): (g["n"], sorted(g["doc_ids"])) for g in groups} == {
        (lab["source"], lab["label"]): (1, [lab["doc_id"]]) for lab in rows}
    herald = next(g for g in groups if g["source"] == "The Herald")
    assert herald["example"] == "The FMF, a terrorist group, attacked a Varosia convoy on Thursday."
    assert (herald["example_published"], herald["example_title"]) == next((r["published"], r["title"]) for r in rows if r["source"] == "The Herald")
    assert world.label_groups("varosia") == []


def test_store_contract_mentions_within_are_the_mentions_inside_the_spans(world):
    rows = world.events(between=("Dastan", "FMF"))
    spans = [(r["doc_id"], r["start"], r["start"] + len(r["sentence"])) for r in rows]
    every = world.mentions_in([r["doc_id"] for r in rows])
    want = {d: [m for m in ms if any(d == doc and a <= m[0] <= b for doc, a, b in spans)] for d, ms in every.items()}
    assert world.mentions_within(spans) == {d: ms for d, ms in want.items() if ms}
    assert world.mentions_within([]) == {}


# -- events -----------------------------------------------------------------------------------
def test_store_contract_event_filters(world):
    assert {e["type"] for e in world.events(actor="Sons of Karem")} == {"ASSAULT", "AID", "AFFILIATE"}
    between = world.events(between=("Dastan", "FMF"))
    assert {e["type"] for e in between} == {"AID", "COERCE", "ASSAULT"}
    assert all({e["source_id"], e["target_id"]} == {"dastan", "fmf"} for e in between)
    assert {e["type"] for e in world.events(type="sanction")} == {"SANCTION"}
    assert all(e["date"] >= "2021" for e in world.events(since="2021"))
    assert all(e["date"][:4] <= "2019" for e in world.events(until="2019"))
    assert len(world.events(limit=2)) == 2
    row = world.events(type="AID", actor="Varga")
    assert row == [] or all(r["attributed_to"] for r in row)
    aid = next(e for e in world.events(type="AID") if e["attributed_to"] == "varga" and e["target_id"] == "fmf")
    assert aid["attributed_name"] == "Ilan Varga" and aid["outlet"] == "The Herald" and aid["source_name"] == "Dastan"


def test_store_contract_events_by_id_and_document(world):
    rows = world.events()
    ids = [rows[3]["id"], rows[0]["id"], rows[3]["id"], 10**9]
    got = world.events_by_ids(ids)
    assert [r["id"] for r in got] == [rows[3]["id"], rows[0]["id"]]
    assert "url" in world.events_by_ids(ids, with_url=True)[0]
    doc_id = rows[0]["doc_id"]
    of_doc = world.events_of_document(doc_id)
    assert {r["doc_id"] for r in of_doc} == {doc_id} and [r["start"] for r in of_doc] == sorted(r["start"] for r in of_doc)
    assert len(list(world.iter_events())) == world.stats()["events"]
    said = world.event_ids_attributed_to("varga")
    assert said and all(r["attributed_to"] == "varga" for r in world.events_by_ids(said))


def test_store_contract_pair_and_group_events(world):
    pair = world.pair_events("fmf", "dastan")
    assert {(e["source_id"], e["target_id"]) for e in pair} <= {("dastan", "fmf"), ("fmf", "dastan")}
    assert len(pair) == len(world.events(between=("dastan", "fmf")))
    capped = world.pair_events("dastan", "fmf", per_stance=1)
    assert len(capped) == len({(e["stance"], e["negated"]) for e in pair})
    group = world.group_events(["sok", "knb"], ["fmf"])
    assert {(e["source_id"], e["target_id"]) for e in group} == {("sok", "fmf"), ("knb", "fmf"), ("fmf", "sok")}



def test_store_contract_conflict_evidence_is_the_first_k_of_each_list(world):
    """``pair_evidence``: what conflicts shows of a pair, the first k of each list as
    ``pair_events(per_stance=k)`` ranks them (tests/test_conflict_evidence.py goes further)."""
    for k in (1, 2, None):
        ranked = world.pair_events("dastan", "fmf", per_stance=k)
        shown = [r for r in ranked if not is_act(r["mode"]) or r["stance"] == "cooperative" or (r["stance"] == "hostile" and not r["negated"])]
        got = world.pair_evidence("fmf", "dastan", k)
        assert sorted(r["id"] for r in got) == sorted(r["id"] for r in shown) and got
    assert len(world.pair_evidence("dastan", "fmf", 1)) < len(world.pair_evidence("dastan", "fmf"))
    assert all("url" in r for r in world.pair_evidence("dastan", "fmf", 1, with_url=True))
    assert world.pair_evidence("varosia", "sok", 3) == []


# -- analysis aggregates ----------------------------------------------------------------------
def test_store_contract_conflict_pairs_and_denials(world):
    pairs = world.conflict_pairs(10)
    top = pairs[0]
    assert (top["a"], top["b"]) == ("dastan", "fmf") and top["score"] > 0
    assert top["coop_n"] >= 1 and top["hostile_n"] >= 1 and top["denials"] >= 1
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    assert len(world.conflict_pairs(1)) == 1
    denial_ids = world.pair_denial_ids("dastan", "fmf")
    assert denial_ids and all(r["type"] == "REJECT" for r in world.events_by_ids(denial_ids))
    assert world.pair_denial_ids("varosia", "sok") == []


def test_store_contract_graph_edges(world):
    edges = world.graph_edges(EventFilter())
    assert all(e["source_id"] != e["target_id"] for e in edges)
    assert [e["weight"] for e in edges] == sorted((e["weight"] for e in edges), reverse=True)
    aid = next(e for e in edges if (e["source_id"], e["target_id"], e["stance"]) == ("dastan", "fmf", "cooperative"))
    assert set(aid["types"].split(",")) == {"AID"} and aid["weight"] == 3  # Herald, Northern Wire, voice.txt
    assert all(e["weight"] >= 2 for e in world.graph_edges(EventFilter(), min_weight=2))
    assert len(world.graph_edges(EventFilter(), limit=1)) == 1
    only = world.graph_edges(EventFilter(types=("ASSAULT",), actor_id="sok"))
    assert [(e["source_id"], e["target_id"]) for e in only] == [("sok", "fmf")]
    assert world.graph_edges(EventFilter(sources=("The Tribune",), since="2020")) == []
    said = world.graph_edges(EventFilter(attributed_to="varga"))
    assert {(e["source_id"], e["target_id"]) for e in said} == {("dastan", "fmf"), ("fmf", "sok")}
    outlet = world.graph_edges(EventFilter(outlet_only=True))
    assert all("varga" not in e["ids"] for e in outlet) and len(outlet) < len(edges) + 1
    negated = world.graph_edges(EventFilter(include_negated=True))
    assert sum(e["n"] for e in negated) > sum(e["n"] for e in edges)


def test_store_contract_affiliates(world):
    assert [(r["id"], r["docs"]) for r in world.affiliates_of("sok")] == [("knb", 1)]
    assert world.affiliates_of("fmf") == []


# -- search and counts ------------------------------------------------------------------------
def test_store_contract_search(world):
    res = world.search("convoy")
    assert set(res) == {"query", "documents", "actors"}
    (doc,) = res["documents"]
    assert doc["title"] == "Convoy ambushed" and doc["snippet"][slice(*doc["highlights"][0])].lower() == "convoy"
    assert [a["id"] for a in world.search("Varga")["actors"]] == ["varga"]
    assert world.search("NEAR(a b) \"") ["documents"] == []
    assert world.search("")["documents"] == [] and world.search("%")["actors"] == []


def test_store_contract_search_follows_replacements(new_store):
    store = new_store([Extraction(doc=Document(text="Rebels ambushed a convoy near Tolvik.", title="Ambush"), pipeline_version="t")])
    replace_extraction(store, Extraction(doc=Document(text="Rebels ambushed a convoy near Tolvik.", title="Renamed"), pipeline_version="t"))
    assert [d["title"] for d in store.search("ambush")["documents"]] == ["Renamed"]


def test_store_contract_stats_and_facets(world):
    assert world.stats() == {"documents": 5, "superseded": 0, "actors": 7, "quotes": 0, "events": 16, "timexes": 0}
    facets = world.facet_counts()
    assert facets["sources"][0] == "The Herald" and "voice.txt" not in facets["sources"]
    assert facets["types"]["ASSAULT"] == 5 and sum(facets["types"].values()) == 16
    assert facets["months"] == ("2016", "2023-06")
    assert world.schema_version() >= 1


def test_store_contract_known_names_and_did_you_mean(world):
    names = world.known_names()
    assert {"Dastan", "Kingdom of Dastan", "FMF", "Free Meridian Front"} <= set(names)
    assert len(names) == len(set(names))
    with pytest.raises(UnknownActor, match=r"did you mean: Dastan\b"):
        world.find_actor("Dastann")
    with pytest.raises(UnknownActor) as far:
        world.find_actor("Zorblax Unlimited")
    assert "did you mean" not in str(far.value)


# -- decisions (docs/CURATION.md) ---------------------------------------------------------------
def test_store_contract_decisions_apply_last_and_undo(new_store):
    store = new_store(meridian_records())
    merge = store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade", note="one group")
    assert merge["id"] and merge["applied"] and merge["author"]
    rifles = next(e for e in store.events() if e["sentence"].startswith("Dastan delivered rifles"))
    reject = store.add_decision("reject_event", event=rifles["id"])
    assert store.stats()["events"] == 15 and rifles["id"] not in {e["id"] for e in store.events()}
    assert store.curated_by()["sok"] == [merge["id"]]
    for ex in meridian_records():  # written again: the decisions hold
        replace_extraction(store, ex)
    assert store.actor_by_id("knb") is None and store.stats()["events"] == 15
    assert store.apply_decisions() == {}  # applying again changes nothing
    assert store.undo_decision(reject["id"]).decision["undone_at"]
    assert store.stats()["events"] == 16
    assert [d["kind"] for d in store.decisions()] == ["merge", "reject_event"]
    assert [d["id"] for d in store.decisions(in_force=True)] == [merge["id"]]
    other = new_store()
    assert other.import_decisions(store.decisions()) == (0, 2)  # the same store: all there already
