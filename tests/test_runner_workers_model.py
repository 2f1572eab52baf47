"""With the real model: the store does not depend on the number of worker processes, whether
``ingest`` streams documents to them or shards are run and merged; and ``ingest --workers 2``
from the command line."""
from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import CORPUS
from test_robust_support import run_cli

from claimgraph.models import Extraction
from claimgraph.runner import LocalRunner, ProcessRunner, ingest_paths, merge_shards, plan_shards, run_shards
from claimgraph.runner.shards import read_output
from claimgraph.store import open_store

pytestmark = pytest.mark.model


def _contents(db) -> dict:
    """What must not depend on the workers: actor ids and names, events as (type, source,
    target, sentence) with their documents, quotes and mentions."""
    conn = sqlite3.connect(db)

    def rows(sql: str) -> list:
        return sorted(conn.execute(sql), key=repr)  # None sorts among strings too

    try:
        return {
            "documents": rows("SELECT id, path, title, source, published FROM documents"),
            "actors": rows("SELECT id, name, type, kind FROM actors"),
            "events": rows("SELECT doc_id, type, source_id, target_id, sentence, mode FROM events"),
            "quotes": rows("SELECT doc_id, start, \"end\", speaker_id FROM quotes"),
            "mentions": conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
            "aliases": rows("SELECT actor_id, alias FROM aliases"),
        }
    finally:
        conn.close()


def test_runner_workers_ingest_with_one_worker_or_two_stores_the_same(tmp_path, nlp):
    with open_store(str(tmp_path / "one.db")) as store:
        one = ingest_paths([CORPUS], store, runner=LocalRunner(nlp))
    with open_store(str(tmp_path / "two.db")) as store, ProcessRunner(2) as runner:
        two = ingest_paths([CORPUS], store, runner=runner)
    assert one.to_json() == two.to_json() and one.stored > 10 and one.failed == []
    a, b = _contents(tmp_path / "one.db"), _contents(tmp_path / "two.db")
    assert a["events"] and a["quotes"] and a["actors"]
    assert a == b


def test_runner_workers_shards_from_one_process_or_two_are_the_same_files_and_store(tmp_path, nlp):
    shards, problems = plan_shards([CORPUS], size=3)
    assert len(shards) > 2 and problems == []
    one = run_shards(shards, tmp_path / "one")  # in this process: the session's pipeline
    two = run_shards(shards, tmp_path / "two", workers=2)
    assert [o.path.name for o in one] == [o.path.name for o in two]
    assert [o.path.read_bytes() for o in one] == [o.path.read_bytes() for o in two]
    for out in one:  # every record rebuilds its extraction exactly
        for _, obj in read_output(out.path):
            if "extraction" in obj:
                assert Extraction.from_record(obj["extraction"]).to_record(complete=True) == obj["extraction"]
    for name in ("one", "two"):
        with open_store(str(tmp_path / f"{name}.db")) as store:
            report = merge_shards(tmp_path / name, store)
            assert report.failed == [] and report.stored > 10
    assert _contents(tmp_path / "one.db") == _contents(tmp_path / "two.db")
    with open_store(str(tmp_path / "ingested.db")) as store:
        ingest_paths([CORPUS], store, runner=LocalRunner(nlp))
    merged, ingested = _contents(tmp_path / "one.db"), _contents(tmp_path / "ingested.db")
    assert merged["documents"] == ingested["documents"] and len(merged["events"]) == len(ingested["events"])


def test_runner_workers_cli_ingest_with_two_workers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = ["Varosia recalls envoy\n\nThe foreign ministry of Varosia said on Monday that it had recalled its envoy from Dastan.",
             "Dastan arms the Front\n\nDefence Minister Ilan Varga said Dastan armed the Free Meridian Front last week.",
             "Talks in Oshlund\n\n\"We will not accept this,\" Ilan Varga told reporters in Oshlund on Friday."]
    for i, text in enumerate(texts):
        (folder / f"note_{i}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db, report = tmp_path / "w.db", tmp_path / "r.json"
    first = run_cli(db, "ingest", str(folder), "--workers", "2", "--report", str(report))
    assert first.returncode == 1, first.stderr[-3000:]  # the empty file failed, the others stored
    assert "done: read 3 documents, stored 3, skipped 0, failed 1" in first.stderr
    assert "empty.txt: empty file" in first.stderr and "Traceback" not in first.stderr
    assert json.loads(report.read_text())["stored"] == 3
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
        assert "Ilan Varga" in {r[0] for r in conn.execute("SELECT name FROM actors")}
    finally:
        conn.close()
    again = run_cli(db, "ingest", str(folder), "--workers", "2", "-q")
    assert "stored 0, skipped 3, failed 1" in again.stderr, again.stderr[-3000:]
