"""Counts the store now makes in SQL, against the counting of every row they replaced, on both
back ends: documents per outlet (all, and those mentioning an actor), the filter form's first
and last month, and an actor's partners."""
from __future__ import annotations

from collections import Counter

from conftest import make_extraction
from test_dyad_pages import _records

from claimgraph.analysis.evidence import outlet_of


def _store(store_factory):
    extra = make_extraction(["Dastan and the FMF met again."], path="/feeds/x/wire.txt", title=None,
                            actors={"g:dastan": ("Dastan", "GPE", ()), "g:fmf": ("Free Meridian Front", "ORG", ("FMF",))},
                            events=[{"s": 0, "type": "CONSULT", "source": "g:dastan", "target": "g:fmf", "date": "2031-02-03"}])
    titled = make_extraction(["Varosia spoke."], title="A title only", actors={"g:varosia": ("Varosia", "GPE", ())})
    return store_factory([*_records(), extra, titled])


def test_outlet_counts_equal_counting_the_documents(store_factory):
    store = _store(store_factory)
    want = Counter(outlet_of(d) for d in store.documents())
    got = Counter()
    for g in store.outlet_counts():
        got[outlet_of(g)] += g["documents"]
    assert got == want and "wire.txt" in got and "A title only" in got
    for actor in ("dastan", "fmf", "varosia"):
        want = Counter(outlet_of(d) for d in store.documents_mentioning(actor))
        got = Counter()
        for g in store.outlets_mentioning(actor):
            got[outlet_of(g)] += g["documents"]
        assert got == want, actor


def test_facet_months_and_partners_equal_the_rows(store_factory):
    store = _store(store_factory)
    dates = [e["date"] for e in store.iter_events() if e.get("date") is not None]
    assert store.facet_counts()["months"] == (min(d[:7] for d in dates), max(d[:7] for d in dates))
    assert store.facet_counts()["types"] == dict(Counter(e["type"] for e in store.iter_events()))
    for actor in ("dastan", "fmf"):
        want: dict[str, Counter] = {}
        for e in store.events(actor=actor):
            for other in (e["source_id"], e["target_id"]):
                if other and other != actor:
                    c = want.setdefault(other, Counter())
                    c[e["stance"] if e["stance"] in ("cooperative", "hostile") else "other"] += 1
                    c["events"] += 1
        got = {p["id"]: Counter({k: p[k] for k in ("cooperative", "hostile", "other", "events") if p[k]}) for p in store.actor_partners(actor)}
        assert got == want
        assert store.count_events_of(actor) == len(store.events(actor=actor))
