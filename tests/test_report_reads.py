"""The reads ``claimgraph report`` makes take only what it shows (a few quotes, a few dated
events) from the store, with the same answer as filtering every row, on both back ends."""
from __future__ import annotations

from dataclasses import replace

from conftest import meridian_records

from claimgraph.models import Quote


def _with_quotes(records):
    herald = records[0]
    text = herald.doc.text
    said = text.index("Dastan arms the FMF")
    quotes = (Quote("Dastan arms the FMF", said, said + 19, True, "g:varga", "Ilan Varga", "said", "named"),
              Quote("Dastan arms the FMF", said, said + 19, False, "g:varga", "Ilan Varga", "said", "named"),
              Quote("The FMF, a terrorist group", 0, 10, True, None, "Officials", "said", "unnamed"))
    return [replace(herald, quotes=quotes), *records[1:]]


def test_report_reads_equal_the_filtered_rows(store_factory):
    store = store_factory(_with_quotes(meridian_records()))
    every = store.events()
    want = [e["id"] for e in every if e.get("source_name") and e.get("target_name")
            and e.get("date_origin") in ("sentence", "relative")]
    assert len(want) >= 2
    for n in (1, 2, 6):
        got = store.events(limit=n, both_ends=True, date_origins=("sentence", "relative"))
        assert [e["id"] for e in got] == want[:n]
    quotes = [q["id"] for q in store.quotes() if q.get("speaker_name") and q["direct"]]
    assert len(quotes) == 1
    assert [q["id"] for q in store.quotes(limit=4, direct_named=True)] == quotes
