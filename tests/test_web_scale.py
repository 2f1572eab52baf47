"""The app stays responsive on a big store (thousands of actors, 20,000 connections): the graph
API sends the strongest connections first and says how many more there are."""
from __future__ import annotations

import random
import time

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.models import Actor, Document, Event, Extraction  # noqa: E402
from claimgraph.web import create_app  # noqa: E402
from claimgraph.web.routers.timeline import PAGE  # noqa: E402
from claimgraph.runner import add_extraction

TYPES = ["ASSAULT", "AID", "ACCUSE", "CONSULT", "SANCTION", "SUPPORT"]


def big_store(path, n_actors=2000, n_events=20_000, n_docs=40):
    from claimgraph.store import open_store

    rnd = random.Random(7)
    ids = [f"a{i:04d}" for i in range(n_actors)]
    sentence = "One actor did something to another."
    with open_store(str(path)) as store:
        for d in range(n_docs):
            head = f"Report {d}. "
            events, used = [], set()
            for _ in range(n_events // n_docs):
                a, b = rnd.sample(ids, 2)
                used.update((a, b))
                events.append(Event(type=rnd.choice(TYPES), source=a, target=b, trigger="did", text=sentence,
                                    start=len(head), end=len(head) + len(sentence), date=f"20{rnd.randint(10, 23)}-0{rnd.randint(1, 9)}"))
            actors = tuple(Actor(id=i, name=f"Actor {i}", type=rnd.choice(["PERSON", "ORG", "GPE"]), mentions=((0, 6),)) for i in sorted(used))
            add_extraction(store, Extraction(doc=Document(text=head + sentence, source=f"Outlet {d % 7}"), actors=actors,
                                            events=tuple(events), pipeline_version="test"))
        return store.stats()


@pytest.mark.slow
def test_web_scale_graph_sends_the_strongest_first(tmp_path):
    stats = big_store(tmp_path / "big.db")
    assert stats["actors"] >= 2000 and stats["events"] == 20_000
    with TestClient(base_url="http://127.0.0.1", app=create_app(tmp_path / "big.db")) as c:
        t = time.perf_counter()
        g = c.get("/api/graph").json()
        took = time.perf_counter() - t
        assert len(g["edges"]) == 150 and g["more"] and g["total_edges"] > 15_000
        assert len(g["nodes"]) <= 300
        assert [e["weight"] for e in g["edges"]] == sorted((e["weight"] for e in g["edges"]), reverse=True)
        assert took < 15, f"/api/graph took {took:.1f}s"
        more = c.get("/api/graph", params={"limit": 300}).json()
        assert len(more["edges"]) == 300 and more["edges"][:150] == g["edges"]
        page = c.get("/")
        assert page.status_code == 200 and len(page.content) < 1_000_000
        tl = c.get("/api/timeline").json()
        assert len(tl["events"]) == PAGE and tl["more"] and tl["count"] == 20_000  # the default page
        assert c.get("/api/events", params={"ids": ",".join(map(str, g["edges"][0]["event_ids"]))}).status_code == 200
