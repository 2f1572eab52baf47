"""Fuzz: random bytes, HTML and JSONL never make the readers or the cleaner raise (except
claimgraph errors from the text-level API), and iter_documents never raises at all."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.errors import ClaimgraphError
from claimgraph.ingest import clean_text, extract_metadata, iter_documents, parse_date, read_text_document
from claimgraph.models import Document, ReadProblem

FUZZ = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from([
    "Hamas", "ISIS", "said", "on", "Monday", "Jan 21, 2021", "01/07/2015", "Updated:", "By", "Jane Roe",
    "Read more", "0:00", "(AP Photo)", "Share", "donate", "PayPal", "©", "Reuters", "(Reuters) -", "---",
    "#", "*", "[", "](#)", "\n", "\n\n", "\r\n", "\x00", "\ufffd", "“", "”", ".", ",", "é", "\u0301",
])
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


def _read_bytes(name: str, data: bytes) -> list[Document | ReadProblem]:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_bytes(data)
        return list(iter_documents([str(p)], max_bytes=4096))


@FUZZ
@given(data=st.binary(max_size=2048), ext=st.sampled_from(["txt", "md", "html", "jsonl"]))
def test_ingest_fuzz_random_bytes_never_raise(data: bytes, ext: str) -> None:
    for item in _read_bytes(f"f.{ext}", data):
        assert isinstance(item, (Document, ReadProblem))
        if isinstance(item, ReadProblem):
            assert item.reason and "\n" not in item.reason


_TAGS = st.sampled_from(["p", "div", "table", "tr", "td", "script", "style", "article", "h1", "span", "a", "meta", "title"])
_HTML_PART = st.one_of(
    _TAGS.map(lambda t: f"<{t}>"), _TAGS.map(lambda t: f"</{t}>"), TEXT,
    st.just('<meta property="article:published_time" content="2021-13-45">'),
    st.just("<!--"), st.just("<![CDATA["), st.just("&amp;"), st.just("&#0;"),
)


@FUZZ
@given(parts=st.lists(_HTML_PART, max_size=40))
def test_ingest_fuzz_random_html_never_raises(parts: list[str]) -> None:
    html = "<html><body>" + "".join(parts) + "</body></html>"
    for item in _read_bytes("f.html", html.encode("utf-8", "surrogatepass")):
        assert isinstance(item, (Document, ReadProblem))


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
_RECORD = st.fixed_dictionaries(
    {"text": st.one_of(TEXT, _JSON_VALUE)},
    optional={k: st.one_of(TEXT, _JSON_VALUE) for k in ("title", "url", "source", "author", "published")},
)


@FUZZ
@given(lines=st.lists(st.one_of(_RECORD.map(json.dumps), TEXT, _JSON_VALUE.map(json.dumps)), max_size=8))
def test_ingest_fuzz_random_jsonl_never_raises(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8", "surrogatepass")
    out = _read_bytes("f.jsonl", data)
    assert all(isinstance(item, (Document, ReadProblem)) for item in out)


@FUZZ
@given(text=TEXT, hints=st.dictionaries(st.sampled_from(["title", "published", "url", "source"]), TEXT, max_size=3))
def test_ingest_fuzz_text_api_raises_only_claimgraph_errors(text: str, hints: dict) -> None:
    clean_text(text)
    extract_metadata(text, hints=hints)
    parse_date(text, context=text)
    try:
        doc = read_text_document(text, hints=hints)
    except ClaimgraphError:
        return
    assert doc.text and doc.text == doc.text.strip()
