"""``claimgraph ingest`` against hostile input, end to end through the command line.

The readers' own hostile tests (tests/test_ingest_hostile.py) check each bad file alone; these
check the whole command: every bad file or line gets a one-line reason in the summary and in
``--report``, the good articles around them are stored, and the exit code tells complete
success (0), partial success (1) and failure (2) apart.
"""
from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.runner import jobs
from claimgraph.cli import app
from claimgraph.store import open_store
from test_robust_support import news_article, write_corpus

pytestmark = pytest.mark.model

FIFTY_MB = 50 * 1024 * 1024


def ingest(db: Path, *args: str):
    """Run ``claimgraph --db DB ingest ARGS... --quiet`` in this process (the model is loaded once)."""
    return CliRunner().invoke(app, ["--db", str(db), "ingest", *args, "--quiet"])


def summary_lines(output: str) -> dict[str, str]:
    """``{"failed  PATH": reason, "warning PATH": reason}`` from the printed summary."""
    out = {}
    for line in output.splitlines():
        m = re.match(r"\s+(failed|warning|skipped)\s+(.+?): (.+)$", line)
        if m:
            out[f"{m[1]} {m[2]}"] = m[3]
    return out


def write_hostile_folder(folder: Path) -> None:
    folder.mkdir()
    for i in range(3):
        (folder / f"good_{i}.txt").write_text(news_article(i), encoding="utf-8")
    (folder / "zero.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\t\n   \r\n", encoding="utf-8")
    with open(folder / "huge.txt", "w", encoding="utf-8") as f:  # 50 MB of distinct paragraphs
        i = 100
        while f.tell() < FIFTY_MB:
            f.write("\n\n".join(news_article(j) for j in range(i, i + 200)) + "\n\n")
            i += 200
    (folder / "latin1.txt").write_bytes(
        ("Zoë Quillan, the café owner, said the Coastal Guard attacked Varosia on Tuesday. "
         "Señor Okonde criticized the Sons of Karem in Dastan. " * 3).encode("latin-1"))
    (folder / "nul.txt").write_bytes(news_article(7).encode().replace(b"officials said", b"offi\x00cials\x00 said"))
    (folder / "scripts.html").write_text(
        "<html><head><title>Talks resume in Oshlund</title><script>document.write('injected script text')</script></head>"
        "<body><nav>Home | World | Share</nav><article><h1>Talks resume in Oshlund</h1>"
        + "".join(f"<p>{news_article(j).splitlines()[-1]}</p>" for j in range(8, 11))
        + "<script>var injected = 'more injected script text';</script></article></body></html>", encoding="utf-8")
    (folder / "deep.html").write_text(
        "<html><body><script>while(1){}</script>" + "<table><tr><td>" * 10_000
        + f"<p>{news_article(11)}</p>" + "</td></tr></table>" * 10_000 + "</body></html>", encoding="utf-8")
    lines = [
        json.dumps({"text": news_article(12), "title": "Line one", "source": "Wire"}),
        '{"text": "the closing quote is missing',
        json.dumps({"title": "no text at all"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": news_article(13), "published": "2021-03-04"}),
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..", target_is_directory=True)
    (sub / "good_sub.txt").write_text(news_article(14), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, nlp):
    """One ingest of the hostile folder (and its report), shared by the assertions below."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    write_hostile_folder(folder)
    db, report = root / "h.db", root / "report.json"
    result = ingest(db, str(folder), "--report", str(report), "--max-bytes", "60000")
    return {"folder": folder, "db": db, "result": result, "report": json.loads(report.read_text()) if report.exists() else None}


def test_robust_cli_hostile_folder_partial_success(hostile_run):
    result, rep = hostile_run["result"], hostile_run["report"]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert rep is not None and rep["interrupted"] is False
    with open_store(str(hostile_run["db"])) as store:
        docs = {Path(d["path"]).name: d for d in store.documents()}
        texts = [store.document(d["id"])["text"] for d in store.documents()]
    # good articles, the truncated giant, the re-decoded Latin-1 file, the NUL file, the HTML
    # page and the two good JSONL lines are all stored, despite everything around them
    expected = {"good_0.txt", "good_1.txt", "good_2.txt", "good_sub.txt", "huge.txt", "latin1.txt", "nul.txt", "scripts.html", "wire.jsonl"}
    assert expected <= set(docs)
    assert rep["stored"] == len(texts) and rep["read"] >= 10
    assert sum(1 for t in texts if re.search(r"dispatch 1[23]\n", t)) == 2  # both good JSONL lines
    assert any("Zoë Quillan" in t and "Señor" in t for t in texts)  # Latin-1 decoded, not mojibake
    assert not any("\x00" in t for t in texts)
    assert not any("injected" in t or "document.write" in t for t in texts)


def test_robust_cli_hostile_folder_reasons_in_report_and_summary(hostile_run):
    rep, output = hostile_run["report"], hostile_run["result"].output
    failed = {Path(e["path"]).name: e["reason"] for e in rep["failed"]}
    warnings = {Path(e["path"]).name: e["reason"] for e in rep["warnings"]}
    assert failed["zero.txt"] == "empty file"
    assert failed["blank.md"].startswith("empty file")
    assert "symlink loop" in failed["loop_a.txt"] and "symlink loop" in failed["loop_b.txt"]
    assert "symlink loop" in failed["up"]
    assert "not valid JSON" in failed["wire.jsonl:2"]
    assert failed["wire.jsonl:3"] == 'missing "text" field'
    assert failed["wire.jsonl:4"] == "not a JSON object (got list)"
    assert failed["wire.jsonl:5"] == 'empty "text"'
    assert failed["wire.jsonl:6"] == '"text" is not a string (got int)'
    assert "wire.jsonl:7" not in failed  # a blank line is not a record
    assert "over the 0.1 MB limit" in warnings["huge.txt"] and "cut at a paragraph boundary" in warnings["huge.txt"]
    # 10,000 nested tables: either the article is found or the page fails with an HTML reason
    assert "deep.html" not in failed or "HTML" in failed["deep.html"]
    # every reason is one line, and the printed summary carries the same ones
    printed = summary_lines(output)
    for kind, entries in (("failed", rep["failed"]), ("warning", rep["warnings"])):
        for e in entries:
            assert e["reason"] and "\n" not in e["reason"]
            assert printed.get(f"{kind} {e['path']}") == e["reason"], (kind, e, output)
    m = re.search(r"done: read (\d+) documents, stored (\d+), skipped (\d+), failed (\d+)", output)
    assert m and [int(x) for x in m.groups()] == [rep["read"], rep["stored"], len(rep["skipped"]), len(rep["failed"])]


def test_robust_cli_hostile_folder_rerun_skips_stored_content(hostile_run, tmp_path):
    report = tmp_path / "again.json"
    again = ingest(hostile_run["db"], str(hostile_run["folder"]), "--report", str(report), "--max-bytes", "60000")
    rep = json.loads(report.read_text())
    assert again.exit_code == 1  # the bad files are still bad
    assert rep["stored"] == 0 and len(rep["skipped"]) == hostile_run["report"]["stored"]
    assert {e["reason"] for e in rep["skipped"]} == {"already stored (same content)"}
    assert {e["path"] for e in rep["failed"]} == {e["path"] for e in hostile_run["report"]["failed"]}


def test_robust_cli_exit_codes_success_failure_and_missing(tmp_path, nlp):
    good, bad, empty = tmp_path / "good", tmp_path / "bad", tmp_path / "empty"
    write_corpus(good, 3)
    bad.mkdir()
    empty.mkdir()
    (bad / "zero.txt").write_bytes(b"")
    (bad / "bin.txt").write_bytes(random.Random(0).randbytes(4000))
    (bad / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    db = tmp_path / "x.db"
    first = ingest(db, str(good))
    assert first.exit_code == 0, first.output
    assert ingest(db, str(good)).exit_code == 0  # all already present: still complete success
    all_bad = ingest(db, str(bad))
    assert all_bad.exit_code == 2, all_bad.output
    assert "binary file" in all_bad.output and "empty file" in all_bad.output and "not valid JSON" in all_bad.output
    missing = ingest(db, str(tmp_path / "no_such_folder"))
    assert missing.exit_code == 2 and "no such file or directory" in missing.output
    nothing = ingest(db, str(empty))
    assert nothing.exit_code == 2 and "no supported files found" in nothing.output
    assert ingest(db, str(good), str(bad)).exit_code == 1  # some inputs failed


def test_robust_cli_binary_that_looks_like_utf16_is_not_stored(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    result = ingest(tmp_path / "b.db", str(folder))
    assert result.exit_code == 2 and "binary file" in result.output, result.output


def test_robust_cli_help_documents_exit_codes():
    out = CliRunner().invoke(app, ["ingest", "--help"], terminal_width=200)
    assert out.exit_code == 0
    text = " ".join(out.output.split())
    assert "Exit codes: 0 all inputs stored or already present" in text
    assert "1 some inputs failed" in text and "2 nothing could be read" in text and "130 interrupted" in text


def test_robust_cli_path_vanishes_mid_run(tmp_path, monkeypatch, nlp):
    folder = tmp_path / "in"
    write_corpus(folder, 3)
    (folder / "later").mkdir()
    (folder / "later" / "x.txt").write_text(news_article(50), encoding="utf-8")
    names = sorted(p.name for p in folder.glob("*.txt"))
    real = jobs.iter_documents

    def vanishing(paths, **kwargs):
        items = real(paths, **kwargs)
        yield next(items)  # the folder has been listed and its first file read ...
        (folder / names[1]).unlink()  # ... when a file and a sub-folder disappear
        (folder / "later" / "x.txt").unlink()
        (folder / "later").rmdir()
        yield from items

    monkeypatch.setattr(jobs, "iter_documents", vanishing)
    report = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "v.db"), "ingest", str(folder), "--report", str(report), "-q"])
    rep = json.loads(report.read_text())
    assert result.exit_code == 1, result.output
    failed = {Path(e["path"]).name: e["reason"] for e in rep["failed"]}
    assert failed == {names[1]: "file vanished before it could be read", "later": "file vanished before it could be read"}
    assert rep["stored"] == 2


def test_robust_cli_one_document_the_pipeline_chokes_on_fails_alone(tmp_path, monkeypatch, nlp):
    import claimgraph.nlp.pipeline as pipeline

    folder = tmp_path / "in"
    write_corpus(folder, 5)
    (folder / "article_0002.txt").write_text(news_article(2) + "\nPOISON\n", encoding="utf-8")
    real = pipeline.to_extraction

    def choking(doc, document):
        if "POISON" in document.text:
            raise RuntimeError("the parser fell over\nwith a second line")
        return real(doc, document)

    monkeypatch.setattr(pipeline, "to_extraction", choking)
    report = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "ingest", str(folder), "--report", str(report), "-q"])
    rep = json.loads(report.read_text())
    assert result.exit_code == 1, result.output
    assert rep["stored"] == 4  # the others in its batch are stored all the same
    assert [(Path(e["path"]).name, e["reason"]) for e in rep["failed"]] == [
        ("article_0002.txt", "extraction failed (RuntimeError: the parser fell over)")]


def test_robust_cli_one_document_the_store_refuses_fails_alone(tmp_path, monkeypatch, nlp):
    from claimgraph.store.sqlite import SQLiteStore

    folder = tmp_path / "in"
    write_corpus(folder, 4)
    real = SQLiteStore.write_extraction

    def refusing(self, ex, **kwargs):
        if "dispatch 1\n" in ex.doc.text:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, ex, **kwargs)

    monkeypatch.setattr(SQLiteStore, "write_extraction", refusing)
    report = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "ingest", str(folder), "--report", str(report), "-q"])
    rep = json.loads(report.read_text())
    assert result.exit_code == 1
    assert rep["stored"] == 3
    assert [(Path(e["path"]).name, e["reason"]) for e in rep["failed"]] == [("article_0001.txt", "could not store: disk I/O error")]


def test_robust_cli_text_over_the_model_limit_is_cut_not_fatal(tmp_path, monkeypatch, nlp):
    """spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) with an error that used
    to end the whole run; now the text is cut below the limit with a warning."""
    folder = tmp_path / "in"
    write_corpus(folder, 2)
    (folder / "long.txt").write_text("\n\n".join(news_article(j) for j in range(200, 260)), encoding="utf-8")
    monkeypatch.setattr(nlp, "max_length", 6000)
    report = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "l.db"), "ingest", str(folder), "--report", str(report), "-q"])
    rep = json.loads(report.read_text())
    assert result.exit_code == 0, result.output
    assert rep["stored"] == 3
    (warning,) = rep["warnings"]
    assert Path(warning["path"]).name == "long.txt"
    assert "over the language model's limit of 6,000" in warning["reason"]
    with open_store(str(tmp_path / "l.db")) as store:
        long_doc = next(d for d in store.documents() if d["path"].endswith("long.txt"))
        assert 4000 < len(store.document(long_doc["id"])["text"]) <= 6000
    again = CliRunner().invoke(app, ["--db", str(tmp_path / "l.db"), "ingest", str(folder), "-q"])
    assert again.exit_code == 0 and "stored 0, skipped 3" in again.output  # the cut text is what is recognised


def test_robust_cli_store_locked_by_another_writer_fails_clearly(tmp_path, monkeypatch, capsys, nlp):
    import sys

    from claimgraph import cli
    from claimgraph.store.sqlite import connection as sqlite_store

    folder = tmp_path / "in"
    write_corpus(folder, 2)
    db = tmp_path / "locked.db"
    open_store(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock and does not let go
    monkeypatch.setattr(sqlite_store, "_BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(sys, "argv", ["claimgraph", "--db", str(db), "ingest", str(folder), "-q"])
    try:
        with pytest.raises(SystemExit) as exit_info:
            cli.main()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "locked by another writer" in err and "Traceback" not in err
    with open_store(str(db)) as store:
        assert store.stats()["documents"] == 0
