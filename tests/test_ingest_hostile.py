"""Hostile input: every bad file is a ReadProblem with a clear reason, and the run goes on."""
from __future__ import annotations

import builtins
import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from claimgraph.ingest import iter_documents
from claimgraph.models import Document, ReadProblem

HOSTILE = Path(__file__).parent / "hostile"
BODY = (
    "The two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
    "according to officials from both sides who spoke on condition of anonymity."
)


def items(*paths: Path | str, **kwargs) -> list[Document | ReadProblem]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def only_problem(*paths: Path | str, **kwargs) -> ReadProblem:
    out = items(*paths, **kwargs)
    assert len(out) == 1 and isinstance(out[0], ReadProblem), out
    return out[0]


def test_ingest_hostile_zero_byte_file(tmp_path: Path) -> None:
    p = tmp_path / "zero.txt"
    p.write_bytes(b"")
    assert only_problem(p).reason == "empty file"


def test_ingest_hostile_whitespace_only_file(tmp_path: Path) -> None:
    p = tmp_path / "blank.md"
    p.write_bytes(b" \n\t\r\n\x0c\n   ")
    assert only_problem(p).reason.startswith("empty file")


def test_ingest_hostile_huge_file_is_truncated_without_loading_it(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    paragraph = "Officials in the capital said talks had stalled again on Monday, number {}.\n\n"
    chunk = "".join(paragraph.format(k) for k in range(13_000)).encode()  # about 1 MB
    with p.open("wb") as f:
        for _ in range(50):
            f.write(chunk)
    assert p.stat().st_size > 50_000_000
    limit = 300_000
    tracemalloc.start()
    try:
        out = items(p, max_bytes=limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    warning, doc = out
    assert isinstance(warning, ReadProblem) and not warning.fatal and "limit" in warning.reason
    assert isinstance(doc, Document)
    assert len(doc.text.encode()) <= limit
    assert doc.text.endswith(".")  # cut at a paragraph boundary, not mid-sentence
    assert peak < 20_000_000, f"peak {peak} bytes: the 50 MB file was loaded"


def test_ingest_hostile_huge_file_skip_mode(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(BODY * 100)
    problem = only_problem(p, max_bytes=1000, on_oversize="skip")
    assert problem.fatal and "skipped" in problem.reason


def test_ingest_hostile_truncation_keeps_utf8_intact(tmp_path: Path) -> None:
    p = tmp_path / "multibyte.txt"
    p.write_text("Überraschung in Köln – „Gespräche“ gescheitert. " * 200, encoding="utf-8")
    warning, doc = items(p, max_bytes=1001)
    assert not warning.fatal and isinstance(doc, Document)
    assert "\ufffd" not in doc.text and doc.text.endswith(".")


def test_ingest_hostile_latin1_file() -> None:
    (doc,) = items(HOSTILE / "latin1.txt")
    assert isinstance(doc, Document)
    assert "Ministère des Affaires étrangères" in doc.text
    assert "envoy’s visit" in doc.text  # the Windows-1252 apostrophe


def test_ingest_hostile_nul_byte_in_text() -> None:
    (doc,) = items(HOSTILE / "nul_byte.txt")
    assert isinstance(doc, Document) and "\x00" not in doc.text
    assert "Delegations met on Sunday. Mediators" in doc.text


def test_ingest_hostile_utf16_with_bom() -> None:
    (doc,) = items(HOSTILE / "utf16_bom.txt")
    assert isinstance(doc, Document) and doc.text == "Talks resume."


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
        (bytes(range(256)) * 8, "NUL bytes"),
    ],
)
def test_ingest_hostile_binary_files(tmp_path: Path, payload: bytes, kind: str) -> None:
    for name in ("bin.txt", "bin.jsonl", "bin.html"):
        p = tmp_path / name
        p.write_bytes(payload)
        problem = only_problem(p)
        assert problem.reason.startswith("binary file") and kind in problem.reason


def test_ingest_hostile_html_scripts_and_deep_tables(tmp_path: Path) -> None:
    (doc,) = items(HOSTILE / "script_tags.html")
    assert isinstance(doc, Document)
    assert "injected" not in doc.text and "document.write" not in doc.text
    assert "Negotiators from both sides" in doc.text and doc.source == "Example Gazette"
    deep = tmp_path / "deep.html"
    deep.write_text(
        "<html><body><script>while(1){}</script>" + "<table><tr><td>" * 10_000
        + "<p>Deep text that is long enough to be an article paragraph, perhaps.</p>"
        + "</td></tr></table>" * 10_000 + "</body></html>",
        encoding="utf-8",
    )
    out = items(deep, HOSTILE / "script_tags.html")
    assert isinstance(out[-1], Document)  # the run goes on
    assert all(isinstance(x, Document) or x.reason for x in out)


def test_ingest_hostile_jsonl_broken_lines() -> None:
    out = items(HOSTILE / "broken.jsonl")
    kinds = [type(x).__name__ for x in out]
    assert kinds[0] == "Document" and kinds[-1] == "Document"
    assert kinds.count("ReadProblem") == 6
    assert all(x.line for x in out)


def test_ingest_hostile_jsonl_deeply_nested_json(tmp_path: Path) -> None:
    p = tmp_path / "nested.jsonl"
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": BODY}) + "\n")
    first, second = items(p)
    assert isinstance(first, ReadProblem) and first.line == 1
    assert isinstance(second, Document)


def test_ingest_hostile_symlink_loops(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(tmp_path, target_is_directory=True)
    (sub / "ok.txt").write_text(BODY)
    out = items(tmp_path)
    reasons = {Path(x.path).name: x.reason for x in out if isinstance(x, ReadProblem)}
    assert "symlink loop" in reasons["a.txt"] and "symlink loop" in reasons["b.txt"]
    assert "symlink loop" in reasons["up"]
    assert [Path(x.path).name for x in out if isinstance(x, Document)] == ["ok.txt"]


def test_ingest_hostile_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    assert "broken symlink" in only_problem(link).reason


def test_ingest_hostile_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(BODY)
    ok = tmp_path / "ok.txt"
    ok.write_text(BODY)
    if os.geteuid() != 0:
        p.chmod(0)
    else:  # root reads everything: simulate the refusal
        real_open = builtins.open

        def refusing_open(file, *args, **kwargs):
            if str(file) == str(p):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
    try:
        out = items(tmp_path)
    finally:
        p.chmod(0o644)
    assert [type(x).__name__ for x in out] == ["Document", "ReadProblem"]
    assert out[1].reason.startswith("permission denied")


def test_ingest_hostile_unlistable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = tmp_path / "locked"
    sub.mkdir()
    real_listdir = os.listdir

    def refusing_listdir(path):
        if str(path) == str(sub):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refusing_listdir)
    problem = only_problem(tmp_path)
    assert problem.path == str(sub) and "permission denied" in problem.reason


def test_ingest_hostile_path_vanishes_mid_run(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{name} says: {BODY}")
    gen = iter_documents([str(tmp_path)])
    first = next(gen)
    assert isinstance(first, Document)
    (tmp_path / "b.txt").unlink()
    shutil.rmtree(tmp_path / "c.txt", ignore_errors=True)
    rest = list(gen)
    assert isinstance(rest[0], ReadProblem) and "vanished" in rest[0].reason
    assert isinstance(rest[1], Document)


def test_ingest_hostile_special_file_given_explicitly(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in only_problem(fifo).reason
    assert items(tmp_path) == []


def test_ingest_hostile_bad_arguments() -> None:
    with pytest.raises(ValueError):
        list(iter_documents(["x"], on_oversize="explode"))
