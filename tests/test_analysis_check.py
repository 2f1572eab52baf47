"""check and parse_claim on a hand-made store (claimgraph.analysis.check, .claims)."""
from __future__ import annotations

import pytest

from claimgraph.analysis import check, parse_claim
from claimgraph.errors import ClaimParseError


@pytest.mark.parametrize(
    ("claim", "subject", "relation", "obj", "negated"),
    [
        ("Dastan arms the FMF", "Dastan", "AID", "Free Meridian Front", False),
        ("Dastan funds the Front", "Dastan", "AID", "Free Meridian Front", False),
        ("The Kingdom of Dastan funded the FMF", "Dastan", "AID", "Free Meridian Front", False),
        ("The FMF cooperates with the Sons of Karem", "Free Meridian Front", "COOPERATE", "Sons of Karem", False),
        ("The FMF and the SoK cooperate", "Free Meridian Front", "COOPERATE", "Sons of Karem", False),
        ("The Sons of Karem threatened the FMF", "Sons of Karem", "THREATEN", "Free Meridian Front", False),
        ("The FMF was attacked by the Sons of Karem", "Sons of Karem", "ASSAULT", "Free Meridian Front", False),
        ("The FMF is the Sons of Karem", "Free Meridian Front", "EQUATE", "Sons of Karem", False),
        ("The FMF is worse than the Sons of Karem", "Free Meridian Front", "EQUATE", "Sons of Karem", False),
        ("The Karem North Brigade is a branch of the Sons of Karem", "Karem North Brigade", "AFFILIATE", "Sons of Karem", False),
        ("Dastan is linked to the FMF", "Dastan", "COOPERATE", "Free Meridian Front", False),
        ("Dastan does not arm the FMF", "Dastan", "AID", "Free Meridian Front", True),
        ("Varosia met Dastan", "Varosia", "CONSULT", "Dastan", False),
        ("dastan supplies the fmf", "Dastan", "AID", "Free Meridian Front", False),
    ],
)
def test_analysis_check_parses_claims(meridian, claim, subject, relation, obj, negated):
    c = parse_claim(meridian, claim)
    assert (c["subject"], c["relation"], c["object"], c["negated"]) == (subject, relation, obj, negated)


def test_analysis_check_support_and_opposition_from_different_documents(meridian):
    res = check(meridian, "Dastan arms the FMF")
    assert res["claim"]["subject"] == "Dastan" and res["claim"]["relation"] == "AID"
    sup, opp = res["supporting"], res["opposing"]
    assert {x["source"] for x in sup} == {"The Herald", "Northern Wire", "voice.txt"}
    assert len({x["doc_id"] for x in sup}) == 3
    assert all(not x["negated"] for x in sup)
    assert {x["source"] for x in opp} == {"The Herald", "The Tribune"}
    assert len({x["doc_id"] for x in opp}) == 2
    for x in sup + opp:  # every item carries its provenance
        for key in ("doc_id", "source", "published", "sentence", "type", "attributed_to", "hedged", "negated", "date"):
            assert key in x
    varga = [x for x in sup if x["attributed_to"] == "Ilan Varga"]
    assert varga and varga[0]["source"] == "The Herald"
    assert any(x["hedged"] for x in sup)


def test_analysis_check_denials_count_as_opposing(meridian):
    opp = check(meridian, "Dastan arms the FMF")["opposing"]
    whys = {(x["why"], x["type"]) for x in opp}
    assert ("negated", "AID") in whys  # "Dastan has denied supplying weapons to the FMF"
    assert ("denial", "REJECT") in whys  # Kallan rejects claims that the Kingdom funds the Front
    kallan = [x for x in opp if x["why"] == "denial"]
    assert kallan[0]["source_actor"] == "Idris Kallan" and kallan[0]["source"] == "The Tribune"
    # the REJECT and the negated AID in one Herald sentence are one denial, not two
    herald = [x for x in opp if x["source"] == "The Herald"]
    assert len(herald) == 1 and herald[0]["negated"]
    assert {x["why"] for x in opp} == {"opposite stance", "negated", "denial"}


def test_analysis_check_summary_counts_sources_not_verdict(meridian):
    s = check(meridian, "Dastan arms the FMF")["summary"]
    assert "3 sources support it" in s and "2 sources oppose it" in s
    assert "Ilan Varga" in s
    for verdict in ("true", "false", "confirmed", "debunked"):
        assert verdict not in s.lower()


def test_analysis_check_matches_class_and_branches(meridian):
    res = check(meridian, "The FMF cooperates with the Sons of Karem")
    assert [x["match"] for x in res["supporting"]] == ["class"]  # AID is material cooperation too
    via = [x for x in res["opposing"] if x["via"]]
    assert via and via[0]["source_actor"] == "Karem North Brigade"
    assert "Sons of Karem" in via[0]["via"]


def test_analysis_check_direction_matters_for_directed_relations(meridian):
    res = check(meridian, "The FMF funds Dastan")
    assert res["supporting"] == []
    assert res["opposing"]  # hostile events between them still oppose a cooperative claim


def test_analysis_check_negative_claim_swaps_sides(meridian):
    pos = check(meridian, "Dastan arms the FMF")
    neg = check(meridian, "Dastan does not arm the FMF")
    assert {x["event_id"] for x in neg["supporting"]} == {x["event_id"] for x in pos["opposing"]}
    assert {x["event_id"] for x in neg["opposing"]} == {x["event_id"] for x in pos["supporting"]}
    assert "negative" in neg["summary"]


def test_analysis_check_accepts_a_parsed_claim(meridian):
    res = check(meridian, {"subject": "Kingdom of Dastan", "relation": "aid", "object": "FMF"})
    assert len(res["supporting"]) == 3


def test_analysis_check_no_evidence_says_so(meridian):
    res = check(meridian, "Ilan Varga meets Idris Kallan")
    assert res["supporting"] == [] and res["opposing"] == []
    assert "No evidence" in res["summary"]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("Dastan befriends the FMF", "'befriends'"),
        ("Foo cooperates with the FMF", '"Foo"'),
        ("Dastan cooperates with Gondor", '"Gondor"'),
        ("Dastan is strong", "only one actor"),
        ("", "empty"),
        ("Dastan arms the FMF and the Sons of Karem", "more than two actors"),
    ],
)
def test_analysis_check_unparseable_claim_names_the_problem(meridian, claim, expected):
    with pytest.raises(ClaimParseError) as info:
        check(meridian, claim)
    assert expected in str(info.value)


def test_analysis_check_relation_word_priorities(meridian):
    assert parse_claim(meridian, "Dastan would like to attack the FMF")["relation"] == "ASSAULT"
    assert parse_claim(meridian, "Dastan is the same as Varosia")["relation"] == "EQUATE"
    assert parse_claim(meridian, "The Karem North Brigade pledged loyalty to the Sons of Karem")["relation"] == "AFFILIATE"


def test_analysis_check_summary_names_who_asserts_each_side_and_through_whom(make_store):
    from conftest import MERIDIAN_ACTORS, make_extraction

    A = {**{k: MERIDIAN_ACTORS[k] for k in ("g:dastan", "g:fmf", "g:varga")}, "post": ("The Varosia Post", "ORG", ())}
    relayed = make_extraction(["The Varosia Post reported that Ilan Varga said Dastan arms the FMF."], actors=A, source="The Herald",
                              events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga", "via": "post"}])
    unnamed = make_extraction(["Officials said Dastan arms the FMF."], actors=A, source="The Tribune",
                              events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "source_kind": "unnamed"}])
    own = make_extraction(["Dastan armed the FMF."], actors=A, source="The Courier",
                          events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"}])
    res = check(make_store([relayed, unnamed, own]), "Dastan arms the FMF")
    by_outlet = {x["source"]: x for x in res["supporting"]}
    assert (by_outlet["The Herald"]["source_kind"], by_outlet["The Herald"]["relayed_via"]) == ("named", "The Varosia Post")
    assert (by_outlet["The Tribune"]["source_kind"], by_outlet["The Tribune"]["attributed_to"]) == ("unnamed", None)
    assert (by_outlet["The Courier"]["source_kind"], by_outlet["The Courier"]["relayed_via"]) == ("outlet", None)
    s = res["summary"]
    assert "1 item attributed to named speakers (Ilan Varga)" in s and "1 item attributed to unnamed sources" in s
    assert "1 relayed via The Varosia Post" in s


def test_analysis_check_a_denial_lists_the_claim_it_answers(make_store):
    from conftest import make_extraction

    A = {"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ("FMF",)),
         "g:varga": ("Ilan Varga", "PERSON", ())}
    accused = make_extraction(
        ["Ilan Varga said Dastan arms the FMF.", "Dastan denied the accusation."], actors=A, source="The Herald",
        published="2019-09-14",
        events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga", "trigger": "arms"},
                # answers: the index of the claim among this extraction's events
                {"s": 1, "type": "REJECT", "source": "g:dastan", "target": "g:varga", "answers": 0, "trigger": "denied"}])
    later = make_extraction(
        ["Dastan rejected claims about the FMF."], actors=A, source="The Tribune", published="2019-09-20",
        events=[{"s": 0, "type": "REJECT", "source": "g:dastan", "target": None, "trigger": "rejected"}])
    store = make_store([accused, later])
    res = check(store, "Dastan arms the FMF")
    [claim] = res["supporting"]
    denials = {x["source"]: x for x in res["opposing"] if x["why"] == "denial"}
    assert set(denials) == {"The Herald", "The Tribune"}
    herald = denials["The Herald"]
    assert store.events_by_ids([herald["event_id"]])[0]["answers"] == claim["event_id"]  # stored as the claim's id
    assert herald["answers_scope"] == "document"
    assert herald["answers_claim"]["sentence"] == "Ilan Varga said Dastan arms the FMF."
    assert herald["answers_claim"]["attributed_to"] == "Ilan Varga"
    # no claim in its own document: it answers the pair's latest supporting claim from another one
    tribune = denials["The Tribune"]
    assert tribune["answers_scope"] == "dyad" and tribune["answers_claim"]["event_id"] == claim["event_id"]
    assert "2 denials" in res["summary"]
