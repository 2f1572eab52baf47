"""The actor scorer on hand-made records (no model), and the invented set's integrity."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from claimgraph.evaluation import actors_eval as ac
from claimgraph.textutil import norm_name

TEXT = (
    "PORT AVERNE, March 4 (Adrath Press) — Corvessa recalled its ambassador from Yselne after Corvessan police "
    "detained two journalists, Foreign Minister Anika Demaris said. Adrath warned that the Salvenite militia "
    "was arming. \"We will not be lectured,\" Demaris told reporters in Port Averne."
)
ITEM = {
    "id": "t1",
    "title": "t",
    "text": TEXT,
    "actors": [
        {"name": "Corvessa", "type": "GPE", "aliases": ["Adrath"]},
        {"name": "Yselne", "type": "GPE", "aliases": []},
        {"name": "Anika Demaris", "type": "PERSON", "aliases": ["Demaris"]},
        {"name": "Corvessan police", "type": "ORG", "aliases": [], "sector": True},
    ],
    "places": ["Port Averne"],
    "not_actors": ["PORT AVERNE", "Adrath Press", "Corvessan", "Salvenite", "reporters"],
}


def actor(name: str, type_: str = "GPE", *aliases: str, kind: str = "actor") -> dict:
    return {"id": f"t:{name.lower()}", "name": name, "type": type_, "aliases": [name, *aliases], "mentions": [],
            "kind": kind, "sector": None}


RIGHT = [actor("Corvessa", "GPE", "Corvessan"), actor("Yselne"), actor("Anika Demaris", "PERSON", "Demaris")]


def score(*actors: dict, item: dict = ITEM) -> dict:
    return ac.score([item], [{"actors": list(actors)}])


def verdict(*actors: dict, item: dict = ITEM) -> dict:
    return ac.judge(item, {"actors": list(actors)})


# ---------------------------------------------------------------- the five cases


def test_actors_eval_right_actors():
    r = score(*RIGHT)
    assert (r["gold_actors"], r["predicted_actors"], r["matched"]) == (4, 3, 3)
    assert r["actor_precision"] == 1.0 and r["actor_recall"] == 0.75
    assert r["split_actors"] == r["noise"] == r["places_as_actors"] == r["other_false_positives"] == 0
    assert r["per_article"]["t1"]["recall"] == 0.75


def test_actors_eval_surname_alone_matches_by_words():
    r = score(actor("Demaris", "PERSON"))  # the pipeline did not merge it with the full name
    assert r["matched"] == 1 and r["actor_precision"] == 1.0
    assert verdict(actor("Foreign Minister Anika Demaris", "PERSON"))["pairs"] == [
        {"gold": "Anika Demaris", "predicted": "Foreign Minister Anika Demaris"}
    ]


def test_actors_eval_noise_actor():
    r = score(*RIGHT, actor("Salvenite", "NORP"))
    assert r["noise"] == 1 and r["actor_precision"] == 0.75 and r["noise_rate"] == 0.25
    assert r["matched"] == 3 and r["places_as_actors"] == 0
    assert verdict(actor("Salvenite", "NORP"))["false_positives"] == [
        {"name": "Salvenite", "type": "NORP", "why": "noise", "entry": "Salvenite"}
    ]


def test_actors_eval_place_listed_as_actor():
    r = score(*RIGHT, actor("Port Averne"))
    assert r["places_as_actors"] == 1 and r["noise"] == 0  # a place and the dateline not_actor tie: a place
    assert r["actor_precision"] == 0.75 and r["places_as_actors_rate"] == 0.25
    r = score(actor("AVERNE", "ORG"))  # a piece of the dateline: matches by words
    assert r["places_as_actors"] == 1 and r["matched"] == 0


def test_actors_eval_split_actor():
    r = score(actor("Anika Demaris", "PERSON"), actor("Demaris", "PERSON"))
    assert r["matched"] == 1 and r["split_actors"] == 1 and r["duplicates"] == 1
    assert r["actor_precision"] == 0.5 and r["actor_recall"] == 0.25
    v = verdict(actor("Anika Demaris", "PERSON"), actor("Demaris", "PERSON"))
    assert v["split_actors"] == [{"gold": "Anika Demaris", "predicted": ["Anika Demaris", "Demaris"]}]
    # the capital as a separate actor is a split of the state; the state's own name is the pair
    r = score(actor("Adrath"), actor("Corvessa"))
    assert r["split_actors"] == 1 and r["matched"] == 1
    v = verdict(actor("Adrath"), actor("Corvessa"))
    assert v["pairs"] == [{"gold": "Corvessa", "predicted": "Corvessa"}]
    assert v["false_positives"] == [{"name": "Adrath", "type": "GPE", "why": "duplicate", "of": "Corvessa"}]


def test_actors_eval_miss():
    r = score(actor("Corvessa"))
    assert r["actor_recall"] == 0.25 and r["actor_precision"] == 1.0
    misses = {m["name"] for m in verdict(actor("Corvessa"))["misses"]}
    assert misses == {"Yselne", "Anika Demaris", "Corvessan police"}
    r = score()
    assert r["actor_recall"] == 0.0 and r["actor_precision"] == 0.0 and r["predicted_actors"] == 0


# ---------------------------------------------------------------- the rules around them


def test_actors_eval_one_to_one():
    # one predicted actor that carries two gold actors' names is one hit, not two
    r = score(actor("Corvessa", "GPE", "Yselne"))
    assert r["matched"] == 1 and r["actor_recall"] == 0.25


def test_actors_eval_exact_beats_words():
    # "Adrath Press" shares a word with the alias "Adrath", but is exactly the byline outlet
    r = score(actor("Adrath Press", "ORG"))
    assert r["noise"] == 1 and r["matched"] == 0
    # "Adrath" alone is the capital used for the government: the state, not the outlet
    assert score(actor("Adrath"))["matched"] == 1


def test_actors_eval_descriptions_match_only_exactly():
    # the demonym is not the sector group "Corvessan police" (a description, not a name) ...
    r = score(actor("Corvessan", "NORP"))
    assert r["matched"] == 0 and r["noise"] == 1
    bare = dict(ITEM, not_actors=[])  # nothing closer to shield it: still no match by words
    assert score(actor("Corvessan", "NORP"), item=bare)["other_false_positives"] == 1
    # ... which only its own name matches
    assert score(actor("Corvessan police", "ORG"))["matched"] == 1
    assert score(actor("Corvessan police", "ORG"))["recall_named"] == 0.0


def test_actors_eval_sector_actors_left_out_but_reported():
    police = actor("Corvessan police", "ORG", kind="sector")
    r = score(*RIGHT, police, actor("journalists", "OTHER", kind="sector"))
    assert r["predicted_actors"] == 3 and r["actor_precision"] == 1.0
    assert r["sector_gold"] == 1 and r["sector_recall"] == 0.0 and r["sector_found_as_sector"] == 1
    assert r["recall_named"] == 1.0
    miss = verdict(*RIGHT, police)["misses"]
    assert miss == [{"name": "Corvessan police", "type": "ORG", "sector": True, "found_as_sector": ["Corvessan police"]}]
    # an actor without a kind (an older or hand-made record) is an actor
    assert score({"name": "Yselne", "aliases": []})["matched"] == 1


def test_actors_eval_other_false_positive_and_pronoun_aliases():
    r = score(actor("Dunmara"), {"name": "Yselne", "aliases": ["it", "they"], "kind": "actor"})
    assert r["other_false_positives"] == 1 and r["matched"] == 1
    assert ac.names_of({"name": "Yselne", "aliases": ["it", "Yselne", ""]}) == ["Yselne"]


def test_actors_eval_micro_average_over_articles():
    other = dict(ITEM, id="t2", actors=[{"name": "Yselne", "type": "GPE", "aliases": []}])
    r = ac.score([ITEM, other], [{"actors": RIGHT}, {"actors": [actor("Salvenite", "NORP")]}])
    assert (r["gold_actors"], r["predicted_actors"], r["matched"]) == (5, 4, 3)
    assert r["actor_precision"] == 0.75 and r["actor_recall"] == 0.6
    assert r["per_article"]["t2"] == {"gold": 1, "predicted": 1, "matched": 0, "split": 0, "places": 0, "noise": 1,
                                      "duplicates": 0, "other": 0, "precision": 0.0, "recall": 0.0}


def test_actors_eval_errors_list_false_positives_and_misses():
    good = dict(ITEM, id="ok", actors=[{"name": "Yselne", "type": "GPE", "aliases": []}])
    vs = [ac.judge(ITEM, {"actors": [actor("Salvenite", "NORP")]}), ac.judge(good, {"actors": [actor("Yselne")]})]
    errs = ac.errors(vs)
    assert [e["id"] for e in errs] == ["t1"]
    assert errs[0]["false_positives"][0]["why"] == "noise" and len(errs[0]["misses"]) == 4


def test_actors_eval_missing_file_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="actor test set not found"):
        ac.run(tmp_path / "none.jsonl")
    assert ac.main(["--path", str(tmp_path / "none.jsonl")]) == 2
    assert "actors_invented.jsonl" in capsys.readouterr().err


# ---------------------------------------------------------------- the set itself


def _items() -> list[dict]:
    return ac.load()


def test_actors_set_is_valid():
    items = _items()
    assert len(items) >= 10
    assert len({i["id"] for i in items}) == len(items)
    for it in items:
        where, text = it["id"], it["text"]
        assert set(it) == {"id", "title", "text", "actors", "places", "not_actors"}, where
        assert it["title"] and it["actors"], where
        paragraphs = text.split("\n\n")
        assert len(paragraphs) >= 3 and all(p.strip() == p and p for p in paragraphs), where
        names = []
        for a in it["actors"]:
            assert set(a) <= {"name", "type", "aliases", "sector"}, (where, a)
            assert a["type"] in ac.TYPES, (where, a)
            for s in (a["name"], *a["aliases"]):
                assert s in text, (where, s)
                names.append(norm_name(s))
        assert len(names) == len(set(names)), (where, "a name given to two actors, or twice")
        for s in (*it["places"], *it["not_actors"]):
            assert s in text, (where, s)
            assert norm_name(s) not in names, (where, "both an actor and not", s)


def test_actors_set_covers_the_traps():
    items = _items()
    texts = [i["text"] for i in items]
    sentences = [len([s for s in t.replace("\n\n", " ").split(". ") if s]) for t in texts]
    assert all(3 <= n <= 12 for n in sentences), sentences
    assert sum(1 for t in texts if t.split("\n\n")[0] in {i["title"] for i in items}) >= 3  # title lines
    dateline = re.compile(r"^[A-Z][A-Z ]+(, [A-Z]\w+)?(, \w+ \d+)?( \([^)]+\))? — ", re.M)
    assert sum(1 for t in texts if dateline.search(t)) >= 6
    assert any(t.split("\n\n")[1].startswith("By ") for t in texts)  # a byline under the title
    assert any("(Reporting by" in t or "(Writing by" in t for t in texts)
    types = Counter(a["type"] for i in items for a in i["actors"])
    assert set(types) == set(ac.TYPES)
    assert sum(1 for i in items for a in i["actors"] if a.get("sector")) >= 3
    aliases = [s for i in items for a in i["actors"] for s in a["aliases"]]
    assert {"the Republic", "The Kingdom", "The Front", "PSA"} <= set(aliases)
    # a person whose surname is also a place in the same article
    assert any(
        a["type"] == "PERSON" and a["name"].split()[-1] in i["places"] for i in items for a in i["actors"]
    )


@pytest.mark.model
def test_actors_eval_run_on_the_model(nlp):
    items = _items()
    r = ac.run(nlp=nlp, with_errors=True)
    assert r["articles"] == len(items) and set(r["per_article"]) == {i["id"] for i in items}
    assert r["gold_actors"] == sum(len(i["actors"]) for i in items)
    assert 0 <= r["matched"] <= min(r["gold_actors"], r["predicted_actors"])
    figures = [v for k, v in r.items() if isinstance(v, float) and k != "seconds"]
    assert figures and all(0.0 <= f <= 1.0 for f in figures)
    assert json.dumps(r)  # serialisable, errors included
