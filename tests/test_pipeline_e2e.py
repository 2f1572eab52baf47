"""The whole pipeline on the real seed articles and on the bundled example corpus."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import CORPUS

pytestmark = pytest.mark.model

RECORD_KEYS = {"doc", "actors", "quotes", "events", "timexes"}
DOC_KEYS = {"id", "path", "title", "source", "author", "published", "published_text"}
ACTOR_KEYS = {"id", "name", "type", "aliases", "labels", "mentions"}
QUOTE_KEYS = {"text", "start", "end", "direct", "speaker", "speaker_text", "cue"}
EVENT_KEYS = {"type", "source", "target", "trigger", "text", "start", "end", "negated", "hedged", "attributed_to", "date", "date_text", "location"}
TIMEX_KEYS = {"text", "start", "end", "type", "value"}


@pytest.fixture(scope="module")
def seed_records(seeds_dir, nlp):
    result = CliRunner().invoke(app, ["extract", *sorted(str(p) for p in seeds_dir.glob("*.txt")), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_e2e_seeds_records_have_every_field(seed_records):
    assert len(seed_records) == 5
    for rec in seed_records:
        assert RECORD_KEYS <= rec.keys() and DOC_KEYS <= rec["doc"].keys()
        assert all(ACTOR_KEYS <= a.keys() for a in rec["actors"])
        assert all(QUOTE_KEYS <= q.keys() for q in rec["quotes"])
        assert all(EVENT_KEYS <= e.keys() for e in rec["events"])
        assert all(TIMEX_KEYS <= t.keys() for t in rec["timexes"])
        text_len = len(rec["doc"]["path"] or "")
        assert text_len > 0


def test_e2e_seeds_isis_one_id_with_aliases(seed_records):
    seen = set()
    for rec in seed_records:
        isis = [a for a in rec["actors"] if "ISIS" in a["aliases"] or a["name"] == "Islamic State"]
        assert len(isis) == 1, rec["doc"]["path"]
        assert isis[0]["id"] == "isis"
        seen.update(isis[0]["aliases"])
    assert {"ISIS", "Islamic State", "ISIL", "Daesh"} <= seen


def test_e2e_seeds_netanyahu_quote(seed_records):
    found = []
    for rec in seed_records:
        names = {a["id"]: a["name"] for a in rec["actors"]}
        found += [names.get(q["speaker"]) for q in rec["quotes"] if "Hamas is ISIS" in q["text"]]
    assert found and set(found) == {"Benjamin Netanyahu"}


def test_e2e_seeds_2015_article_date(seed_records):
    dates = {rec["doc"]["published_text"]: rec["doc"]["published"] for rec in seed_records}
    assert dates.get("01/07/2015") == "2015-07-01"


def test_e2e_seeds_hamas_isis_relations(seed_records):
    rels = {(e["type"], e["source"], e["target"], e["attributed_to"]) for rec in seed_records for e in rec["events"]}
    assert ("THREATEN", "isis", "hamas", None) in rels
    assert any(t == "COOPERATE" and s == "hamas" and o == "isis" and w for t, s, o, w in rels)  # an attributed allegation
    assert any(t in ("COERCE", "ASSAULT") and s == "hamas" and o == "isis" for t, s, o, _ in rels)


def test_e2e_ingest_twice_stores_once(seeds_dir, tmp_path, nlp):
    db = str(tmp_path / "seeds.db")
    runner = CliRunner()
    first = runner.invoke(app, ["--db", db, "ingest", str(seeds_dir), "--quiet"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["--db", db, "ingest", str(seeds_dir), "--quiet"])
    assert second.exit_code == 0
    from claimgraph.store import open_store

    with open_store(db) as store:
        assert store.stats()["documents"] == 5


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, nlp):
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    result = CliRunner().invoke(app, ["--db", db, "ingest", str(CORPUS), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_e2e_corpus_ingests_every_article(corpus_db):
    from claimgraph.store import open_store

    with open_store(corpus_db) as store:
        assert store.stats()["documents"] == 12
        fmf = store.actor("FMF")
        assert fmf["documents"] >= 8
        assert {"Free Meridian Front", "FMF"} <= set(fmf["aliases"])
        assert store.find_actor("Meridian Liberation Army")["id"] == fmf["id"]


def test_e2e_corpus_queries_by_alias(corpus_db):
    runner = CliRunner()
    out = runner.invoke(app, ["--db", corpus_db, "events", "--actor", "Free Meridian Front", "--json"])
    assert out.exit_code == 0
    rows = json.loads(out.stdout)
    assert rows and all("Free Meridian Front" in (r["source_name"], r["target_name"]) for r in rows)
    quotes = json.loads(runner.invoke(app, ["--db", corpus_db, "quotes", "--speaker", "Varga", "--json"]).stdout)
    assert quotes and all(q["speaker_name"] == "Ilan Varga" for q in quotes)


def test_e2e_corpus_report_prints(corpus_db):
    out = CliRunner().invoke(app, ["--db", corpus_db, "report"])
    assert out.exit_code == 0 and "Top actors" in out.stdout
