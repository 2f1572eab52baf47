"""Timelines paged by the store (``timeline_events``, ``timeline_count``) on both back ends:
a page is the slice of the whole timeline that the old way (every event read, filtered and
sorted in Python by ``evidence.sort_key``) gives, pages with offsets make up the whole, the
count is the whole's length, and no event of an actor is counted twice (one it does to itself)."""
from __future__ import annotations

import pytest
from conftest import make_extraction

from claimgraph.analysis import timeline, timeline_count
from claimgraph.analysis.evidence import evidence_item, sort_key

ACTORS = {"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ("FMF",)),
          "g:varosia": ("Varosia", "GPE", ()), "g:varga": ("Ilan Varga", "PERSON", ())}
KEYS = list(ACTORS)
# dates of every precision, equal dates across documents, and undated events (left out)
DATES = ["2019", "2019-03", "2019-03-02", "2018-12-31", "2019", None, "2019-03", "2020", "", "2019-03-02"]


def _records():
    out = []
    for i in range(12):
        sentences = [f"Report {i}.{k}: Dastan, Varosia and the FMF were in the news." for k in range(5)]
        events = []
        for k in range(5):
            src, tgt = KEYS[(i + k) % 3], KEYS[(i + 2 * k + 1) % 3]
            events.append({"s": k, "type": ["ASSAULT", "AID", "CONSULT"][(i + k) % 3], "source": src, "target": tgt,
                           "date": DATES[(i * 5 + k) % len(DATES)], "date_origin": "sentence",
                           **({"attributed_to": "g:varga"} if (i + k) % 4 == 0 else {})})
        out.append(make_extraction(sentences, actors=ACTORS, events=events, source=f"Outlet {'ABC'[i % 3]}",
                                   published=None if i == 5 else f"2019-0{1 + i % 9}-1{i % 10}"))
    return out


def _reference(store, actor=None, other=None, types=None, sources=None):
    """The timeline as it was computed before the store paged it."""
    between = (actor, other) if actor and other else None
    rows = store.events(actor=None if between else actor, between=between)
    items = [evidence_item(r) for r in rows if r.get("date")]
    items = [i for i in items if (not types or i["type"] in types) and (not sources or i["source"].lower() in sources)]
    return [i["event_id"] for i in sorted(items, key=sort_key)]


@pytest.mark.parametrize("ask", [{}, {"actor": "Dastan"}, {"actor": "FMF", "other": "Dastan"},
                                 {"actor": "Varosia", "types": ["AID", "CONSULT"]}, {"sources": ["outlet b"]},
                                 {"actor": "Dastan", "sources": ["Outlet A"], "types": ["ASSAULT"]}])
def test_pages_are_slices_of_the_whole_timeline(store_factory, ask):
    store = store_factory(_records())
    rejected = store.events(actor="Dastan")[1]["id"]
    store.add_decision("reject_event", event=rejected)
    want = _reference(store, ask.get("actor"), ask.get("other"), {t.upper() for t in ask.get("types", ())},
                      {s.lower() for s in ask.get("sources", ())})
    assert rejected not in want and len(want) > 3
    whole = [i["event_id"] for i in timeline(store, ask.get("actor"), other=ask.get("other"), types=ask.get("types"),
                                             sources=ask.get("sources"))]
    assert whole == want
    assert timeline_count(store, ask.get("actor"), other=ask.get("other"), types=ask.get("types"), sources=ask.get("sources")) == len(want)
    for size in (1, 3, 7):
        pages = []
        for offset in range(0, len(want) + size, size):
            page = timeline(store, ask.get("actor"), other=ask.get("other"), types=ask.get("types"),
                            sources=ask.get("sources"), limit=size, offset=offset)
            assert len(page) == min(size, max(0, len(want) - offset))
            pages += [i["event_id"] for i in page]
        assert pages == want, size


def test_a_year_sorts_before_its_months_and_days_and_an_actor_to_itself_counts_once(store_factory):
    store = store_factory(_records())
    items = timeline(store, "Dastan")
    dates = [i["date"] for i in items]
    assert dates == sorted(dates) and dates.index("2019") < dates.index("2019-03") < dates.index("2019-03-02")
    assert {i["precision"] for i in items} == {"year", "month", "day"}
    # merged into one actor, the events between Dastan and Varosia are Dastan's to itself
    store.add_decision("merge", actor="Dastan", other="Varosia")
    items = timeline(store, "Dastan")
    own = [i for i in items if i["source_actor"] == i["target_actor"]]
    assert own and len({i["event_id"] for i in items}) == len(items)
    assert [i["event_id"] for i in items] == _reference(store, "Dastan")
    assert timeline_count(store, "Dastan") == len(items)


def test_attributed_to_filters_in_the_store(store_factory):
    store = store_factory(_records())
    said = timeline(store, "Dastan", attributed_to="Ilan Varga")
    assert said and all(i["attributed_to"] == "Ilan Varga" for i in said)
    assert [i["event_id"] for i in said] == [i["event_id"] for i in timeline(store, "Dastan") if i["attributed_to"] == "Ilan Varga"]
    assert timeline_count(store, "Dastan", attributed_to="Ilan Varga") == len(said)


@pytest.mark.parametrize("ask", [{}, {"type": "AID"}, {"since": "2019-03"}, {"until": "2019"}])
def test_an_actors_first_events_are_the_first_of_all_its_events(store_factory, ask):
    """``events(actor=, limit=)`` reads up to the date the page ends at (undated events first)."""
    store = store_factory(_records())
    every = [e["id"] for e in store.events(actor="Dastan", **ask)]
    assert len(every) > 5 and any(e["date"] is None for e in store.events(actor="Dastan")[:3])
    for n in (1, 2, 3, 7, len(every), len(every) + 5):
        assert [e["id"] for e in store.events(actor="Dastan", limit=n, **ask)] == every[:n]
