"""The attribution scorer on hand-made records (no model), and the invented set's integrity."""
from __future__ import annotations

import json
import re

import pytest
from claimgraph.evaluation import attribution_eval as ae

TEXT = "Veltrian Foreign Minister Dael Farrow said on Monday that Korvania had agreed to a ceasefire with the Harrow Brigades."
CONTENT = "Korvania had agreed to a ceasefire with the Harrow Brigades"


def span(text: str, sub: str) -> list[int]:
    i = text.index(sub)
    return [i, i + len(sub)]


def actor(id_: str, name: str, text: str = TEXT, *subs: str) -> dict:
    return {"id": id_, "name": name, "aliases": [name], "mentions": [span(text, s) for s in (subs or (name,))]}


ACTORS = [
    actor("t:dael farrow", "Dael Farrow"),
    actor("t:veltria", "Veltria", TEXT, "Veltrian"),
    actor("t:korvania", "Korvania"),
    actor("t:harrow brigades", "Harrow Brigades"),
]


def item(quotes=(), events=(), text=TEXT, construction="X said", **extra) -> dict:
    return {"id": "t1", "construction": construction, "text": text, "quotes": list(quotes), "events": list(events), **extra}


def quote(start_end, speaker=None, speaker_text=None, kind=None, direct=False) -> dict:
    s, e = start_end
    return {"text": TEXT[s:e], "start": s, "end": e, "direct": direct, "speaker": speaker,
            "speaker_text": speaker_text, "cue": "said", "speaker_kind": kind}


def event(source, target, attributed_to=None, via=None, kind="outlet", type_="AGREE") -> dict:
    return {"type": type_, "source": source, "target": target, "attributed_to": attributed_to, "via": via, "source_kind": kind}


def record(quotes=(), events=(), actors=ACTORS) -> dict:
    return {"actors": list(actors), "quotes": list(quotes), "events": list(events)}


GOLD_Q = {"content": CONTENT, "speaker": "Dael Farrow", "direct": False}
GOLD_E = {"source": "Korvania", "target": "the Harrow Brigades", "attributed_to": "Dael Farrow", "via": None, "source_kind": "named"}


# ---------------------------------------------------------------- quotes


def test_attribution_eval_right_speaker():
    r = ae.score([item([GOLD_Q])], [record([quote(span(TEXT, CONTENT), "t:dael farrow", "Veltrian Foreign Minister Dael Farrow", "named")])])
    assert (r["gold_quotes"], r["quotes_found"]) == (1, 1)
    assert r["quote_content_recall"] == 1.0 and r["quote_speaker_accuracy"] == 1.0
    assert r["items_fully_right"] == 1.0 and r["per_construction"]["X said"] == {"items": 1, "fully_right": 1.0}


def test_attribution_eval_wrong_speaker():
    r = ae.score([item([GOLD_Q])], [record([quote(span(TEXT, CONTENT), "t:veltria", "Veltrian", "named")])])
    assert r["quote_content_recall"] == 1.0 and r["quote_speaker_accuracy"] == 0.0
    assert r["items_fully_right"] == 0.0


def test_attribution_eval_speaker_by_name_words_or_coreference():
    # "he" resolved to Farrow: the mention is elsewhere, the actor's name is the gold's
    farrow = {"id": "t:df", "name": "Farrow", "aliases": [], "mentions": []}
    r = ae.score([item([GOLD_Q])], [record([quote(span(TEXT, CONTENT), "t:df", "he", "named")], actors=[farrow])])
    assert r["quote_speaker_accuracy"] == 1.0
    # a speaker_text that no actor backs does not cover the gold speaker
    r = ae.score([item([GOLD_Q])], [record([quote(span(TEXT, CONTENT), None, "Dael Farrow", "named")])])
    assert r["quote_speaker_accuracy"] == 0.0


def test_attribution_eval_missed_quote():
    other = span(TEXT, "Veltrian Foreign Minister")  # no word of the gold content
    r = ae.score([item([GOLD_Q])], [record([quote(other, "t:dael farrow", "Dael Farrow", "named")])])
    assert r["quotes_found"] == 0 and r["quote_content_recall"] == 0.0
    assert r["quote_speaker_accuracy"] == 0.0  # nothing matched: no speaker to judge
    r = ae.score([item([GOLD_Q])], [record()])
    assert r["quote_content_recall"] == 0.0 and r["items_fully_right"] == 0.0


def test_attribution_eval_null_gold_speaker():
    g = dict(GOLD_Q, speaker=None)
    sp = span(TEXT, CONTENT)
    ok = [record([quote(sp)]), record([quote(sp, "t:veltria", "Veltrian officials", "unnamed")])]
    for rec in ok:
        assert ae.score([item([g])], [rec])["quote_speaker_accuracy"] == 1.0
    wrong = [record([quote(sp, "t:dael farrow", "Dael Farrow", "named")]),
             record([quote(sp, None, "VELTRIA CITY", "named")])]  # a dateline as speaker text
    for rec in wrong:
        assert ae.score([item([g])], [rec])["quote_speaker_accuracy"] == 0.0


# ---------------------------------------------------------------- events


def test_attribution_eval_right_pair_wrong_attributed_to():
    ev = event("t:korvania", "t:harrow brigades", attributed_to="t:veltria", kind="named")
    r = ae.score([item(events=[GOLD_E])], [record(events=[ev])])
    assert (r["gold_events"], r["events_found"]) == (1, 1) and r["event_pair_found"] == 1.0
    assert r["attributed_to_accuracy"] == 0.0
    assert r["via_accuracy"] == 1.0 and r["source_kind_accuracy"] == 1.0
    assert r["attribution_all_right"] == 0.0 and r["items_fully_right"] == 0.0


def test_attribution_eval_event_all_right_and_best_candidate_chosen():
    bad = event("t:korvania", "t:harrow brigades", kind="outlet")
    good = event("t:korvania", "t:harrow brigades", attributed_to="t:dael farrow", kind="named")
    r = ae.score([item(events=[GOLD_E])], [record(events=[bad, good])])
    assert r["attribution_all_right"] == 1.0 and r["items_fully_right"] == 1.0


def test_attribution_eval_pair_needs_direction_and_target():
    reversed_ = event("t:harrow brigades", "t:korvania", attributed_to="t:dael farrow", kind="named")
    no_target = event("t:korvania", None, attributed_to="t:dael farrow", kind="named")
    r = ae.score([item(events=[GOLD_E])], [record(events=[reversed_, no_target])])
    assert r["events_found"] == 0 and r["event_pair_found"] == 0.0
    # a gold null target constrains nothing
    r = ae.score([item(events=[dict(GOLD_E, target=None)])], [record(events=[no_target])])
    assert r["event_pair_found"] == 1.0 and r["attribution_all_right"] == 1.0


def test_attribution_eval_outlet_own_and_via():
    text = "The Korvan Herald reported that Korvania had agreed to a ceasefire with the Harrow Brigades."
    g = item(events=[dict(GOLD_E, attributed_to=None, via="The Korvan Herald", source_kind="outlet")], text=text)
    actors = [actor("t:korvania", "Korvania", text), actor("t:harrow brigades", "Harrow Brigades", text),
              {"id": "t:kh", "name": "Korvan Herald", "aliases": [], "mentions": []}]
    rec = record(events=[event("t:korvania", "t:harrow brigades", via="t:kh")], actors=actors)
    assert ae.score([g], [rec])["attribution_all_right"] == 1.0
    text_via = record(events=[event("t:korvania", "t:harrow brigades", via="the Korvan Herald")], actors=actors)
    assert ae.score([g], [text_via])["via_accuracy"] == 1.0
    wrong_via = record(events=[event("t:korvania", "t:harrow brigades", via="Radio Sarnav")], actors=actors)
    assert ae.score([g], [wrong_via])["via_accuracy"] == 0.0
    # an actor where gold says the outlet itself asserts it (a channel alone) is wrong
    named = record(events=[event("t:korvania", "t:harrow brigades", attributed_to="t:kh", via="t:kh", kind="named")],
                   actors=actors)
    r = ae.score([g], [named])
    assert r["attributed_to_accuracy"] == 0.0 and r["source_kind_accuracy"] == 0.0 and r["via_accuracy"] == 1.0


def test_attribution_eval_denial_answered():
    text = "Teluvia accused Dravenland of sheltering Harrow Brigades commanders.\n\nDravenland denied the accusation."
    actors = [actor("t:teluvia", "Teluvia", text), actor("t:dravenland", "Dravenland", text)]
    g = item(events=[{"source": "Teluvia", "target": "Dravenland", "attributed_to": None, "via": None, "source_kind": "outlet"}],
             text=text, construction="denial", denies="Teluvia")
    accuse = event("t:teluvia", "t:dravenland", type_="ACCUSE")
    r = ae.score([g], [record(events=[accuse], actors=actors)])
    assert r["denial_items"] == 1 and r["denial_answered"] == 0.0
    r = ae.score([g], [record(events=[accuse, event("t:dravenland", "t:teluvia", type_="REJECT")], actors=actors)])
    assert r["denial_answered"] == 1.0


def test_attribution_eval_names_are_whole_words():
    assert ae.find_spans("Korvanian troops left Korvania's border.", "Korvania") == [(22, 30)]
    assert ae.find_spans("Veltria and Veltria", "Veltria") == [(0, 7), (12, 19)]


def test_attribution_eval_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="attribution test set not found"):
        ae.load(tmp_path / "nope.jsonl")


# ---------------------------------------------------------------- the invented set

REQUIRED = set(ae.CONSTRUCTIONS)
COMMON = {"X said", "said X", "X told Y", "according to X", "pronoun after paragraph break", "nominal speaker",
          "unnamed source", "relayed claim", "dateline", "no frame", "accusation", "denial", "multi-paragraph quote",
          "colon introduction", "cited report", "place not speaker"}


def _items() -> list[dict]:
    lines = ae.DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_attribution_set_every_line_parses_and_substrings_occur():
    items = _items()
    assert len(items) >= 36
    assert len({i["id"] for i in items}) == len(items)
    for it in items:
        text, where = it["text"], it["id"]
        assert it["construction"] in REQUIRED, where
        assert it["quotes"] or it["events"], where
        assert len(re.split(r"(?<=[.!?][\"”])\s+|(?<=[.!?])\s+", text.replace("\n\n", " "))) <= 4, where
        for q in it["quotes"]:
            assert set(q) == {"content", "speaker", "direct"}, where
            assert text.count(q["content"]) == 1, (where, q["content"])
            assert q["speaker"] is None or ae.find_spans(text, q["speaker"]), (where, q["speaker"])
            assert isinstance(q["direct"], bool), where
        for e in it["events"]:
            assert set(e) == {"source", "target", "attributed_to", "via", "source_kind"}, where
            assert e["source"] and e["source_kind"] in ae.SOURCE_KINDS, where
            for k in ("source", "target", "attributed_to", "via"):
                assert e[k] is None or ae.find_spans(text, e[k]), (where, k, e[k])
            if e["source_kind"] == "outlet":
                assert e["attributed_to"] is None, where
            if e["source_kind"] in ("named", "report"):
                assert e["attributed_to"] is not None, where
            if e["source_kind"] == "unnamed" and e["attributed_to"] is not None:
                # RECORDS: an unnamed source tied to an actor ("Veltrian officials") names that actor
                assert ae.find_spans(text, e["attributed_to"]), where
        if it["construction"] == "denial":
            assert it.get("denies") and ae.find_spans(text, it["denies"]), where


def test_attribution_set_covers_the_constructions():
    items = _items()
    seen: dict[str, int] = {}
    for it in items:
        seen[it["construction"]] = seen.get(it["construction"], 0) + 1
    assert set(seen) == REQUIRED
    assert all(seen[c] >= 2 for c in COMMON), {c: seen[c] for c in COMMON if seen[c] < 2}
    texts = [i["text"] for i in items]
    assert any("\n\n" in t for t in texts)
    assert any(re.match(r"[A-Z ]+, \w+ \d+ \(", t) for t in texts)  # a dateline
    assert any(q["speaker"] is None for i in items for q in i["quotes"])
    assert any(e["via"] for i in items for e in i["events"])
    assert {e["source_kind"] for i in items for e in i["events"]} == set(ae.SOURCE_KINDS)


@pytest.mark.model
def test_attribution_eval_run_on_the_model(nlp):
    items = _items()
    r = ae.run(nlp=nlp)
    assert r["items"] == len(items)
    assert r["gold_quotes"] == sum(len(i["quotes"]) for i in items)
    assert r["gold_events"] == sum(len(i["events"]) for i in items)
    assert r["denial_items"] == sum(1 for i in items if i.get("denies"))
    assert sum(c["items"] for c in r["per_construction"].values()) == len(items)
    assert 0 <= r["quotes_found"] <= r["gold_quotes"] and 0 <= r["events_found"] <= r["gold_events"]
    figures = [v for k, v in r.items() if isinstance(v, float) and k != "seconds"]
    figures += [c["fully_right"] for c in r["per_construction"].values()]
    assert figures and all(0.0 <= f <= 1.0 for f in figures)
