"""The merge step (``runner.merge``): output shards into a store in a fixed order, idempotently."""
from __future__ import annotations

import json
import sqlite3

import runner_standins as standins
from conftest import meridian_records

from claimgraph.runner import merge_shards, plan_shards, run_shards
from claimgraph.runner.shards import Shard, _write_atomically
from claimgraph.store import open_store


def _contents(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(conn.execute("SELECT id, path FROM documents")),
            "actors": sorted(conn.execute("SELECT id, name, type FROM actors")),
            "events": sorted(conn.execute("SELECT doc_id, type, source_id, target_id, sentence FROM events")),
            "mentions": conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
            "quotes": conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0],
        }
    finally:
        conn.close()


def _outputs(tmp_path, records) -> list:
    """Each record alone in an output shard (the name need not be a real shard's hash here)."""
    out = tmp_path / "out"
    for i, ex in enumerate(records):
        _write_atomically(out / f"{i:02d}.jsonl", [{"shard": {"files": [f"{i}.txt"]}}, {"extraction": ex.to_record(complete=True)}])
    return out


def test_runner_merge_twice_gives_the_same_store(tmp_path):
    out = _outputs(tmp_path, meridian_records())
    db = str(tmp_path / "m.db")
    with open_store(db) as store:
        first = merge_shards(out, store)
    once = _contents(db)
    assert (first.read, first.stored, first.skipped, first.failed) == (len(meridian_records()), len(meridian_records()), [], [])
    assert once["events"] and once["actors"]
    with open_store(db) as store:
        again = merge_shards(out, store)
    assert (again.stored, len(again.skipped)) == (0, first.stored)
    assert {why for _, why in again.skipped} == {"already stored (same content)"}
    assert _contents(db) == once


def test_runner_merge_resolves_like_ingest_in_name_order(tmp_path):
    """Merging the outputs gives the store that adding the records one by one in the outputs'
    name order gives: the same resolver and writer as ingest."""
    records = meridian_records()
    out = _outputs(tmp_path, list(reversed(records)))  # 00.jsonl holds the last record
    with open_store(str(tmp_path / "m.db")) as store:
        merge_shards(out, store)
    with open_store(str(tmp_path / "a.db")) as store:
        from claimgraph.runner import add_extraction

        for ex in reversed(records):
            add_extraction(store, ex)
    assert _contents(str(tmp_path / "m.db")) == _contents(str(tmp_path / "a.db"))


def test_runner_merge_reports_problems_failures_and_bad_lines(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Dastan armed the Free Meridian Front.", encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    (folder / "c.txt").write_text("Dastan armed the FMF. POISON", encoding="utf-8")
    shards, _ = plan_shards([folder], size=10)
    (out,) = run_shards(shards, tmp_path / "out", nlp_factory=standins.no_model, extract=standins.hand_extract)
    with open(out.path, "a", encoding="utf-8") as f:
        f.write("{truncated\n")
    with open_store(str(tmp_path / "m.db")) as store:
        report = merge_shards([out.path], store)
        assert store.stats()["documents"] == 1
    assert (report.read, report.stored) == (2, 1)
    reasons = sorted(why for _, why in report.failed)
    assert reasons[0].startswith("cannot merge this output line: not valid JSON")
    assert reasons[1:] == ["empty file", "extraction failed (RuntimeError: the parser fell over)"]
    assert report.exit_code == 1


def test_runner_merge_of_shards_made_by_one_process_or_two_is_the_same(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(9):
        (folder / f"a{i}.txt").write_text(f"Dastan armed the Free Meridian Front, round {i}.", encoding="utf-8")
    (folder / "w.jsonl").write_text("".join(json.dumps({"text": f"The Free Meridian Front thanked Dastan, wire {i}."}) + "\n"
                                            for i in range(4)), encoding="utf-8")
    shards, _ = plan_shards([folder], size=3)
    assert any(isinstance(s, Shard) and s.jsonl for s in shards)
    for name, workers in (("one", 1), ("two", 2)):
        run_shards(shards, tmp_path / name, workers=workers, nlp_factory=standins.no_model, extract=standins.hand_extract)
        with open_store(str(tmp_path / f"{name}.db")) as store:
            assert merge_shards(tmp_path / name, store).stored == 13
    assert _contents(str(tmp_path / "one.db")) == _contents(str(tmp_path / "two.db"))


class _Scripted:
    """An engine that runs the shards here and says they are done in the order ``order`` (plan
    indexes), telling ``log`` of each; ``then`` is raised after the last one it says."""

    def __init__(self, order, log, then=None):
        self.order, self.log, self.then, self.closed = order, log, then, False

    def iter_shards(self, shards, out_dir, **options):
        options.pop("progress", None)
        outputs = run_shards(shards, out_dir, nlp_factory=standins.no_model, extract=standins.hand_extract, **options)
        try:
            for i in self.order:
                self.log.append(("done", i))
                yield i, outputs[i]
            if self.then is not None:
                raise self.then
        finally:
            self.closed = True


def _folder(tmp_path, n):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Dastan armed the Free Meridian Front, round {i}.", encoding="utf-8")
    return folder


def test_runner_merge_of_a_sharded_ingest_takes_each_shard_once_those_before_it_are_done(tmp_path):
    from claimgraph.runner.sharded import ingest_shards

    folder = _folder(tmp_path, 4)
    log: list = []

    def progress(kind, item):
        if kind == "stored":
            log.append(("stored", item.path.rsplit("/", 1)[1]))

    with open_store(str(tmp_path / "m.db")) as store:
        report = ingest_shards([folder], store, _Scripted([2, 0, 3, 1], log), tmp_path / "out", shard_size=1, progress=progress)
    assert report.stored == 4
    assert log == [("done", 2), ("done", 0), ("stored", "a0.txt"), ("done", 3), ("done", 1),
                   ("stored", "a1.txt"), ("stored", "a2.txt"), ("stored", "a3.txt")]


def test_runner_merge_of_a_sharded_ingest_stops_at_a_lost_shard_or_ctrl_c_and_the_rerun_completes(tmp_path):
    from claimgraph.errors import WorkerLost
    from claimgraph.runner.sharded import ingest_shards

    folder = _folder(tmp_path, 5)
    db, out = str(tmp_path / "m.db"), tmp_path / "out"
    lost = _Scripted([0, 1, 3, 4], [], then=WorkerLost("a worker died on shard 2; run it again"))
    with open_store(db) as store:
        report = ingest_shards([folder], store, lost, out, shard_size=1, keep_outputs=False)
    assert report.stored == 2 and report.exit_code == 2 and lost.closed
    assert report.stopped == ("a worker died on shard 2; run it again; 2 of 5 shards were merged (the store takes them in"
                              " input order: none after the first one missing)")
    assert len(list(out.iterdir())) == 5  # kept for the rerun (this stand-in made them all)
    interrupted = _Scripted([0, 1, 2, 3, 4], [], then=None)
    original = interrupted.iter_shards

    def ctrl_c_after_three(shards, out_dir, **options):
        for n, done in enumerate(original(shards, out_dir, **options)):
            if n == 3:
                raise KeyboardInterrupt
            yield done

    interrupted.iter_shards = ctrl_c_after_three
    with open_store(db) as store:
        report = ingest_shards([folder], store, interrupted, out, shard_size=1, keep_outputs=False)
    assert report.interrupted and report.exit_code == 130 and (report.stored, len(report.skipped)) == (1, 2)
    with open_store(db) as store:
        report = ingest_shards([folder], store, _Scripted([4, 3, 2, 1, 0], []), out, shard_size=1, keep_outputs=False)
    assert (report.stored, len(report.skipped), report.stopped) == (2, 3, None) and not out.exists()
    with open_store(str(tmp_path / "a.db")) as store:
        ingest_shards([folder], store, _Scripted([0, 1, 2, 3, 4], []), tmp_path / "again", shard_size=1)
    assert _contents(db) == _contents(str(tmp_path / "a.db"))
