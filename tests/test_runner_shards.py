"""The sharded job contract (``runner.shards``): a shard's output is named by a hash of its
input, written whole or not at all, and a shard whose output exists is not run again; a
complete record rebuilds its ``Extraction`` exactly."""
from __future__ import annotations

import dataclasses
import json
import os

import pytest
import runner_standins as standins
from conftest import MERIDIAN_ACTORS, make_extraction, meridian_records

from claimgraph.models import Extraction, Quote, RejectedCandidate, Timex
from claimgraph.runner import Shard, plan_shards, run_shard, run_shards
from claimgraph.runner import shards as shards_module
from claimgraph.runner.shards import output_path, read_output, shard_name


def _articles(folder, n, first=0):
    folder.mkdir(exist_ok=True)
    for i in range(first, first + n):
        (folder / f"a{i:02d}.txt").write_text(f"Dastan armed the Free Meridian Front, round {i}.", encoding="utf-8")
    return folder


def _wire(path, n):
    path.write_text("".join(json.dumps({"text": f"Dastan armed the Free Meridian Front on wire {i}.", "source": "Wire"}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def _run(shard, out):
    return run_shard(shard, out, standins.no_model, extract=standins.hand_extract)


def _every_field() -> Extraction:
    ex = make_extraction(["Defense Minister Ilan Varga said Dastan arms the FMF.", "The FMF attacked a convoy on Thursday."],
                         actors=MERIDIAN_ACTORS, labels=[("g:fmf", "armed group", 1)], published="2019-09-14",
                         events=[{"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga",
                                  "mode": ("claimed",), "via": "Reuters", "source_kind": "named", "date": "2019-09-14"},
                                 {"s": 1, "type": "REJECT", "source": "g:dastan", "target": None, "answers": 0, "negated": True}])
    actors = tuple(dataclasses.replace(a, gaz_id="dastan", kind="actor") if a.id == "g:dastan" else a for a in ex.actors)
    actors += (dataclasses.replace(actors[0], id="d:police", name="police", kind="sector", sector="POLICE", label_spans=(("police", 3),)),)
    doc = dataclasses.replace(ex.doc, removed=("Read more",), line=7, published_confidence=0.5, url="https://example.invalid/a")
    return dataclasses.replace(ex, doc=doc, actors=actors, pipeline_version="0.1.0",
                               quotes=(Quote("Dastan arms the FMF", 31, 50, False, "g:varga", "Ilan Varga", "said", "named"),),
                               timexes=(Timex("Thursday", 80, 88, "DATE", "2019-09-12"),),
                               rejected=(RejectedCandidate("Defense", "ORG", 0, "adjective"),))


def test_runner_shards_complete_record_round_trip():
    for ex in [_every_field(), *meridian_records()]:
        record = json.loads(json.dumps(ex.to_record(complete=True)))  # as written to and read from a file
        assert Extraction.from_record(record) == ex


def test_runner_shards_plain_record_rebuilds_what_it_holds():
    ex = _every_field()
    back = Extraction.from_record(ex.to_record(with_text=True))
    assert back.doc.text == ex.doc.text and back.events == ex.events and back.quotes == ex.quotes
    assert [a.id for a in back.actors] == [a.id for a in ex.actors] and back.actors[0].label_spans == ()
    assert "label_spans" not in ex.to_record()["actors"][0]  # the SPEC record keeps its shape
    with pytest.raises(ValueError, match="no document text"):
        Extraction.from_record(ex.to_record())


def test_runner_shards_name_is_a_hash_of_the_input(tmp_path):
    folder = _articles(tmp_path / "in", 2)
    shard = Shard(files=(str(folder / "a00.txt"), str(folder / "a01.txt")))
    name = shard_name(shard)
    assert name == shard_name(Shard(files=shard.files)) and len(name) == 24
    assert shard_name(shard, max_bytes=100) != name  # the reader's options change the output
    assert shard_name(shard, defaults={"source": "Herald"}) != name
    (folder / "a01.txt").write_text("Dastan armed the Free Meridian Front, round one, corrected.", encoding="utf-8")
    assert shard_name(shard) != name  # size (and modification time) changed
    changed = shard_name(shard)
    (folder / "a01.txt.meta.json").write_text('{"source": "Herald"}', encoding="utf-8")
    assert shard_name(shard) != changed  # a sidecar changes the metadata, so the output
    wire = _wire(tmp_path / "w.jsonl", 4)
    a, b = Shard(jsonl=str(wire), start=0, stop=2), Shard(jsonl=str(wire), start=2, stop=None)
    assert shard_name(a) != shard_name(b)
    first = shard_name(a)
    _wire(wire, 5)  # other content: the file's hash is in the name
    shards_module._hashes.clear()
    assert shard_name(a) != first


def test_runner_shards_plan_covers_every_input_once(tmp_path):
    folder = _articles(tmp_path / "in", 5)
    _wire(folder / "w.jsonl", 5)
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not read, as by ingest
    shards, problems = plan_shards([folder, tmp_path / "missing"], size=2)
    files = [f for s in shards for f in s.files]
    assert files == sorted(str(p) for p in folder.glob("*.txt"))
    assert [(s.start, s.stop) for s in shards if s.jsonl] == [(0, 2), (2, 4), (4, None)]
    assert [p.reason for p in problems] == ["no such file or directory"]
    assert plan_shards([folder], size=2) == plan_shards([folder], size=2)


def test_runner_shards_output_has_every_document_and_problem_in_reader_order(tmp_path):
    folder = _articles(tmp_path / "in", 2)
    (folder / "b_empty.txt").write_text("", encoding="utf-8")
    (folder / "c_poison.txt").write_text("Dastan armed the FMF. POISON", encoding="utf-8")
    shard = Shard(files=tuple(sorted(str(p) for p in folder.iterdir())))
    out = _run(shard, tmp_path / "out")
    assert not out.done_before and out.path == output_path(shard, tmp_path / "out")
    lines = [obj for _, obj in read_output(out.path)]
    assert [next(iter(o)) for o in lines] == ["shard", "extraction", "extraction", "problem", "failed"]
    assert lines[0]["shard"] == {"files": list(shard.files), "documents": 2, "failed": 1, "problems": 1}
    assert lines[3]["problem"]["reason"] == "empty file" and lines[3]["problem"]["fatal"] is True
    assert lines[4]["failed"]["reason"] == "extraction failed (RuntimeError: the parser fell over)"
    ex = Extraction.from_record(lines[1]["extraction"])
    assert ex.doc.path == shard.files[0] and [e.type for e in ex.events] == ["AID"]


def test_runner_shards_jsonl_slices_read_their_lines_only(tmp_path):
    wire = _wire(tmp_path / "w.jsonl", 5)
    with open(wire, "a", encoding="utf-8") as f:
        f.write("\nnot json\n")
    shards, _ = plan_shards([wire], size=3)
    assert [(s.start, s.stop) for s in shards] == [(0, 3), (3, 6), (6, None)]  # 7 lines
    seen = []
    for s in shards:
        for _, obj in read_output(_run(s, tmp_path / "out").path):
            if "extraction" in obj:
                seen.append(obj["extraction"]["doc"]["line"])
            elif "problem" in obj:
                seen.append(("problem", obj["problem"]["line"]))
    assert seen == [1, 2, 3, 4, 5, ("problem", 7)]  # line numbers as ingest reports them


def test_runner_shards_done_shard_is_not_run_again(tmp_path):
    folder = _articles(tmp_path / "in", 4)
    shards, _ = plan_shards([folder], size=2)
    out = tmp_path / "out"
    first = _run(shards[0], out)
    before = first.path.read_bytes()

    def refuse(*a, **k):
        raise AssertionError("a done shard was extracted again")

    done = run_shard(shards[0], out, standins.no_model, extract=refuse)
    assert done.done_before and done.path == first.path and first.path.read_bytes() == before
    outs = run_shards(shards, out, nlp_factory=standins.no_model, extract=standins.hand_extract)
    assert [o.done_before for o in outs] == [True, False]
    assert [o.done_before for o in run_shards(shards, out, nlp_factory=refuse, extract=refuse, workers=2)] == [True, True]


def test_runner_shards_write_is_atomic(tmp_path, monkeypatch):
    """A shard that dies while writing leaves no output under its name (so a rerun redoes it)
    and no temporary file."""
    folder = _articles(tmp_path / "in", 2)
    shard = Shard(files=tuple(sorted(str(p) for p in folder.iterdir())))
    out = tmp_path / "out"
    real = json.dumps
    calls = []

    def dies_midway(obj, **kw):
        calls.append(1)
        if len(calls) == 3:  # the name, the header line, then the first record fails
            raise OSError(28, "No space left on device")
        return real(obj, **kw)

    monkeypatch.setattr(shards_module.json, "dumps", dies_midway)
    with pytest.raises(OSError):
        _run(shard, out)
    monkeypatch.setattr(shards_module.json, "dumps", real)
    assert os.listdir(out) == []
    assert not _run(shard, out).done_before and len(os.listdir(out)) == 1


def test_runner_shards_same_outputs_from_one_process_or_two(tmp_path):
    folder = _articles(tmp_path / "in", 7)
    _wire(folder / "w.jsonl", 3)
    shards, _ = plan_shards([folder], size=2)
    one = run_shards(shards, tmp_path / "one", nlp_factory=standins.no_model, extract=standins.hand_extract)
    two = run_shards(shards, tmp_path / "two", workers=2, nlp_factory=standins.no_model, extract=standins.hand_extract)
    assert [o.path.name for o in one] == [o.path.name for o in two]
    assert all(a.path.read_bytes() == b.path.read_bytes() for a, b in zip(one, two, strict=True))
