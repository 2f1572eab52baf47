"""conflicts: ranking and explanation (claimgraph.analysis.conflicts)."""
from __future__ import annotations

from claimgraph.analysis import conflicts


def test_analysis_conflicts_ranks_the_contested_pair_first(meridian):
    rows = conflicts(meridian)
    assert {rows[0]["a"], rows[0]["b"]} == {"Dastan", "Free Meridian Front"}
    assert rows[0]["score"] > rows[1]["score"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_analysis_conflicts_explains_and_shows_evidence(meridian):
    top = conflicts(meridian)[0]
    assert top["explanation"].startswith("3 cooperative claims from 3 sources vs 2 hostile from 1; 2 denials")
    assert "Score 3" in top["explanation"]
    assert len(top["cooperative"]) == 3 and len(top["hostile"]) == 2
    assert {d["source"] for d in top["denials"]} == {"The Herald", "The Tribune"}
    assert all(not e["negated"] for e in top["cooperative"] + top["hostile"])
    assert top["counts"]["denials"] == len(top["denials"])


def test_analysis_conflicts_one_sided_pairs_are_not_listed(meridian):
    pairs = {frozenset((r["a"], r["b"])) for r in conflicts(meridian)}
    assert frozenset(("Free Meridian Front", "Varosia")) not in pairs  # only hostile claims
    assert frozenset(("Free Meridian Front", "Sons of Karem")) in pairs
    assert frozenset(("Dastan", "Varosia")) in pairs


def test_analysis_conflicts_same_voice_on_both_sides_is_no_conflict(make_store):
    from conftest import make_extraction

    actors = {"g:a": ("Alpha", "ORG", ()), "g:b": ("Beta", "ORG", ())}
    ex = make_extraction(["Alpha helped Beta.", "Alpha later attacked Beta."], actors=actors, source="Only Outlet",
                         events=[{"s": 0, "type": "AID", "source": "g:a", "target": "g:b"},
                                 {"s": 1, "type": "ASSAULT", "source": "g:a", "target": "g:b"}])
    store = make_store([ex])
    assert conflicts(store) == []


def test_analysis_conflicts_limit_and_evidence_cap(meridian):
    rows = conflicts(meridian, limit=1, max_evidence=1)
    assert len(rows) == 1
    assert len(rows[0]["cooperative"]) == 1 and rows[0]["counts"]["cooperative"] == 3


def test_analysis_conflicts_same_answer_without_the_analysis_indexes(make_store):
    """A store whose analysis indexes are missing (an older file opened read-only) answers the same."""
    from conftest import meridian_records

    store = make_store(meridian_records(), name="noindex.db")
    before = [(r["a"], r["b"], r["score"], r["explanation"]) for r in conflicts(store)]
    for index in ("documents_outlet", "events_upair", "events_reject", "mentions_doc_actor"):
        store.conn.execute(f"DROP INDEX {index}")
    assert [(r["a"], r["b"], r["score"], r["explanation"]) for r in conflicts(store)] == before


def test_analysis_conflicts_explanation_names_who_asserts_each_side(meridian):
    top = conflicts(meridian)[0]
    # the Herald's cooperative item is Ilan Varga's; the hostile side is the outlets' own
    assert "Cooperative side: 1 item attributed to named speakers (Ilan Varga)" in top["explanation"]
    assert "Hostile side" not in top["explanation"]
