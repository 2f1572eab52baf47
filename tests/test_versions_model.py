"""``ingest --update`` end to end on the real model: two invented articles, one of them changed."""
from __future__ import annotations

import json
import sqlite3

import pytest

from claimgraph.errors import UnknownActor
from claimgraph.runner import ingest_paths
from claimgraph.store import open_store
from test_cli_support import invoke
from test_versions_support import actor_ids, problems

pytestmark = pytest.mark.model

ATTACK = ("Varosian troops attack Dastan\n\nVarosian troops attacked the Dastan border town of Orla on Monday, the defence"
          " ministry of Dastan said. Foreign Minister Ilan Varga condemned the attack. \"This is an act of war,\" Varga said.\n")
ACCORD = "Varosia and Dastan sign accord\n\nVarosia and Dastan signed a trade accord in Mirrow on Tuesday, officials said.\n"
SANCTIONS = "Sanctions\n\nVarosia imposed sanctions on Dastan on Friday, officials said.\n"


def test_versions_model_update_replaces_the_changed_article(tmp_path, nlp):
    news = tmp_path / "news"
    news.mkdir()
    (news / "clash.txt").write_text(ATTACK, encoding="utf-8")
    (news / "sanctions.txt").write_text(SANCTIONS, encoding="utf-8")
    db = str(tmp_path / "m.db")
    with open_store(db) as store:
        assert ingest_paths([news], store, nlp=nlp).stored == 2
        old = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        assert any(e["doc_id"] == old for e in store.events()), "the model found no event in the first version"
        assert store.find_actor("Ilan Varga")
        ever = actor_ids(db)

        (news / "clash.txt").write_text(ACCORD, encoding="utf-8")
        report = ingest_paths([news], store, nlp=nlp, update=True)
        new = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        assert report.stored == 1 and report.replaced == [(str(news / "clash.txt"), new, [old])]
        listed = {d["id"]: d["superseded_by"] for d in store.documents(superseded=True)}
        assert listed[old] == new and listed[new] is None and len(listed) == 3
        assert store.stats()["documents"] == 2 and store.stats()["superseded"] == 1
        with pytest.raises(UnknownActor):
            store.find_actor("Ilan Varga")  # only the old version named him
        # each actor's counts are those of the current documents' mentions
        current = [d["id"] for d in store.documents()]
        spans = store.mentions_in(current)
        for a in store.actors():
            assert a["mentions"] == sum(m[2] == a["id"] for doc in spans.values() for m in doc), a
            assert a["documents"] == sum(any(m[2] == a["id"] for m in doc) for doc in spans.values()), a
        assert all(q["doc_id"] != old for q in store.quotes())

    events = json.loads(invoke("events", "--db", db, "--json", "-n", "0").stdout)
    assert all(e["doc_id"] != old for e in events)
    stats = json.loads(invoke("report", "--db", db, "--json").stdout)["stats"]
    assert stats["documents"] == 2 and stats["superseded"] == 1
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM events WHERE doc_id = ?", (old,)).fetchone()[0] == 0
    finally:
        conn.close()
    assert problems(db, ever) == []
