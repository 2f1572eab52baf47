"""``dyad`` counted by the store (``pair_tally``) and listed a page at a time
(``pair_events_in_order``), on both back ends: the counts are those of the old computation over
every evidence item, and a limited list is the first items of the unlimited one."""
from __future__ import annotations

import pytest
from conftest import make_extraction

from claimgraph.analysis import dyad
from claimgraph.analysis.evidence import evidence_item, is_intention, period_of, sort_key
from claimgraph.ontology import STANCES

ACTORS = {"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ("FMF",)),
          "g:varosia": ("Varosia", "GPE", ())}
DATES = ["2019", "2019-03", "2019-03-02", None, "2018-12-31", "", "2019-03", "2020-01-05"]
TYPES = ["ASSAULT", "AID", "CONSULT", "ACCUSE", "COOPERATE", "YIELD"]


def _records():
    out = []
    for i in range(14):
        sentences = [f"Item {i}.{k}: Dastan and the FMF, and Varosia." for k in range(6)]
        events = [{"s": k, "type": TYPES[(i + k) % len(TYPES)],
                   "source": ["g:dastan", "g:fmf"][(i + k) % 2], "target": ["g:fmf", "g:dastan"][(i + k) % 2],
                   "date": DATES[(i * 6 + k) % len(DATES)], "negated": (i + k) % 5 == 0,
                   **({"mode": ("hypothetical",)} if (i * k) % 7 == 3 else {})} for k in range(6)]
        events.append({"s": 0, "type": "AID", "source": "g:varosia", "target": "g:fmf", "date": "2019"})
        out.append(make_extraction(sentences, actors=ACTORS, events=events,
                                   source=None if i % 4 == 0 else f"Outlet {'ABC'[i % 3]}",
                                   path=f"/feeds/wire-{i % 2}.txt" if i % 4 == 0 else None,
                                   published=None if i == 6 else f"2019-0{1 + i % 9}-0{1 + i % 8}"))
    return out


def _old_dyad(store, a, b, period):
    """The dyad as it was computed, over every evidence item of the pair."""
    ra, rb = store.find_actor(a), store.find_actor(b)
    items = sorted((evidence_item(r) for r in store.pair_events(ra["id"], rb["id"])), key=sort_key)
    by_stance = {s: [] for s in STANCES}
    by_period, by_source = {}, {}
    zero = dict.fromkeys((*STANCES, "negated", "intentions"), 0)
    totals = dict(zero)
    for it in items:
        stance = it["stance"] if it["stance"] in by_stance else "other"
        by_stance[stance].append(it["event_id"])
        key = "intentions" if is_intention(it) else "negated" if it["negated"] else stance
        by_period.setdefault(period_of(it["date"], period), dict(zero))[key] += 1
        by_source.setdefault(it["source"], dict(zero))[key] += 1
        totals[key] += 1
    return len(items), totals, by_stance, by_period, by_source


@pytest.mark.parametrize("period", ["year", "month"])
def test_dyad_counts_as_before_and_pages_are_the_first_items(store_factory, period):
    store = store_factory(_records())
    store.add_decision("reject_event", event=store.pair_events("dastan", "fmf")[3]["id"])
    total, totals, by_stance, by_period, by_source = _old_dyad(store, "Dastan", "FMF", period)
    assert total > 50 and totals["intentions"] and totals["negated"]
    assert "wire-0.txt" in by_source and "undated" in by_period
    whole = dyad(store, "Dastan", "FMF", period=period)
    assert whole["total"] == total and whole["counts"] == totals
    assert whole["by_period"] == dict(sorted(by_period.items(), key=lambda kv: (kv[0] == "undated", kv[0])))
    assert list(whole["by_source"].items()) == sorted(by_source.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    assert {s: [i["event_id"] for i in xs] for s, xs in whole["by_stance"].items()} == by_stance
    assert whole["by_stance_total"] == {s: len(xs) for s, xs in by_stance.items()}
    for limit in (1, 4, 9):
        page = dyad(store, "Dastan", "FMF", period=period, limit=limit)
        assert {k: page[k] for k in ("total", "counts", "by_period", "by_source", "by_stance_total")} == \
               {k: whole[k] for k in ("total", "counts", "by_period", "by_source", "by_stance_total")}
        assert {s: [i["event_id"] for i in xs] for s, xs in page["by_stance"].items()} == {s: xs[:limit] for s, xs in by_stance.items()}
        assert page["by_stance"]["cooperative"][0] == whole["by_stance"]["cooperative"][0]


def test_dyad_of_a_pair_with_no_events(store_factory):
    store = store_factory(_records())
    res = dyad(store, "Varosia", "Dastan", limit=5)
    assert res["total"] == 0 and res["by_stance"] == {s: [] for s in STANCES} and res["by_period"] == {}
