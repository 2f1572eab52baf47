"""File readers and dispatch (claimgraph.ingest.readers)."""
from __future__ import annotations

import json
from pathlib import Path

from claimgraph.ingest import DEFAULT_MAX_BYTES, iter_documents
from claimgraph.models import Document, ReadProblem

BODY = (
    "The two delegations met in Doha on Tuesday and agreed to extend the truce by a week, "
    "according to officials from both sides who spoke on condition of anonymity."
)
BODY2 = "The foreign minister said the agreement could collapse if the shelling resumed."


def items(*paths: Path, **kwargs) -> list[Document | ReadProblem]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def docs(*paths: Path, **kwargs) -> list[Document]:
    out = items(*paths, **kwargs)
    assert all(isinstance(x, Document) for x in out), out
    return out  # type: ignore[return-value]


def test_ingest_readers_default_max_bytes() -> None:
    assert DEFAULT_MAX_BYTES == 5_000_000


def test_ingest_readers_txt(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(f"Truce Extended After Talks\r\n\r\n{BODY}\r\n\r\n{BODY2}\r\n", encoding="utf-8")
    (d,) = docs(p)
    assert d.path == str(p)
    assert d.title == "Truce Extended After Talks"
    assert d.text == f"Truce Extended After Talks\n\n{BODY}\n\n{BODY2}"
    assert d.line is None


def test_ingest_readers_txt_with_utf8_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    (d,) = docs(p)
    assert d.text == BODY


def test_ingest_readers_md_title_and_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(f"# Truce Extended After Talks\n\n{BODY}\n\n**{BODY2}**\n", encoding="utf-8")
    (d,) = docs(p)
    assert d.title == "Truce Extended After Talks"
    assert d.text == f"Truce Extended After Talks\n\n{BODY}\n\n{BODY2}"
    q = tmp_path / "b.md"
    q.write_text(f"---\ntitle: Front Title\ndate: 2022-05-06\nauthor: Jane Roe\n---\n\n{BODY}\n", encoding="utf-8")
    (d,) = docs(q)
    assert (d.title, d.published, d.author, d.published_origin) == ("Front Title", "2022-05-06", "Jane Roe", "metadata")
    assert d.text == BODY


def test_ingest_readers_html(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>Truce extended - Example Gazette</title>"
        '<meta property="og:site_name" content="Example Gazette">'
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2022-05-06T08:00:00Z">'
        '<link rel="canonical" href="https://example.org/truce"></head>'
        f"<body><article><h1>Truce extended</h1><p>{BODY}</p><p>Share on Facebook</p><p>{BODY2}</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (d,) = docs(p)
    assert d.source == "Example Gazette"
    assert d.author == "Jane Roe"
    assert d.published == "2022-05-06" and d.published_origin == "metadata"
    assert d.url == "https://example.org/truce"
    assert d.title and "Truce extended" in d.title
    assert BODY in d.text and BODY2 in d.text and "Share on Facebook" not in d.text
    assert f"{BODY}\n\n{BODY2}" in d.text  # paragraphs stay apart


def test_ingest_readers_html_without_body(tmp_path: Path) -> None:
    p = tmp_path / "empty.htm"
    p.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>", encoding="utf-8")
    (problem,) = items(p)
    assert isinstance(problem, ReadProblem) and problem.reason == "HTML has no article body"


def test_ingest_readers_jsonl_hints_and_line_numbers(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    rows = [
        {"text": BODY, "title": "T1", "url": "https://example.org/1", "source": "Example Wire",
         "author": "Jane Roe", "published": "2022-03-04T10:00:00Z"},
        {"text": BODY2, "headline": "T2", "date": "March 5, 2022", "authors": ["A One", "B Two"]},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    d1, d2 = docs(p)
    assert (d1.title, d1.url, d1.source, d1.author, d1.published, d1.line) == (
        "T1", "https://example.org/1", "Example Wire", "Jane Roe", "2022-03-04", 1)
    assert d1.published_origin == "metadata" and d1.published_text == "2022-03-04T10:00:00Z"
    assert (d2.title, d2.published, d2.author, d2.line) == ("T2", "2022-03-05", "A One, B Two", 2)


def test_ingest_readers_jsonl_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    p = tmp_path / "bad.ndjson"
    p.write_text(
        "\n".join([
            json.dumps({"text": BODY}),
            "{not json",
            "[1, 2]",
            json.dumps({"title": "no text"}),
            json.dumps({"text": "   "}),
            json.dumps({"text": ["a"]}),
            "",
            json.dumps({"text": BODY2}),
        ]) + "\n",
        encoding="utf-8",
    )
    out = items(p)
    assert [type(x).__name__ for x in out] == ["Document", "ReadProblem", "ReadProblem", "ReadProblem",
                                               "ReadProblem", "ReadProblem", "Document"]
    problems = [x for x in out if isinstance(x, ReadProblem)]
    assert [x.line for x in problems] == [2, 3, 4, 5, 6]
    assert problems[0].reason.startswith("not valid JSON")
    assert problems[1].reason == "not a JSON object (got list)"
    assert problems[2].reason == 'missing "text" field'
    assert problems[3].reason == 'empty "text"'
    assert problems[4].reason == '"text" is not a string (got list)'
    assert out[-1].line == 8
    assert str(problems[0]) == f"{p}:2: {problems[0].reason}"


def test_ingest_readers_jsonl_overlong_line_is_skipped(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    p.write_text(json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    out = items(p, max_bytes=1000)
    assert isinstance(out[0], ReadProblem) and out[0].line == 1 and "limit" in out[0].reason
    assert isinstance(out[1], Document) and out[1].line == 2


def test_ingest_readers_folder_order_is_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First article. " + BODY)
    (tmp_path / "b" / "c.md").write_text("Second article. " + BODY)
    (tmp_path / "b" / "a.txt").write_text("Third article. " + BODY)
    (tmp_path / "z.txt").write_text("Fourth article. " + BODY)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("Hidden. " + BODY)
    out = docs(tmp_path)
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in out] == ["a.txt", "b/a.txt", "b/c.md", "z.txt"]
    assert [d.text.split(".")[0] for d in out] == ["First article", "Third article", "Second article", "Fourth article"]


def test_ingest_readers_input_order_is_kept(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Alpha. " + BODY)
    b.write_text("Beta. " + BODY)
    assert [d.path for d in docs(b, a)] == [str(b), str(a)]


def test_ingest_readers_unsupported_type_explicit_vs_folder(tmp_path: Path) -> None:
    p = tmp_path / "report.docx"
    p.write_text("whatever")
    (problem,) = items(p)
    assert isinstance(problem, ReadProblem) and problem.reason.startswith("unsupported file type '.docx'")
    assert items(tmp_path) == []


def test_ingest_readers_missing_path(tmp_path: Path) -> None:
    (problem,) = items(tmp_path / "nope.txt")
    assert problem.reason == "no such file or directory" and problem.fatal


def test_ingest_readers_accepts_a_single_path(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BODY)
    assert len(list(iter_documents(p))) == 1
