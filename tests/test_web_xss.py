"""Article text, titles, outlets, URLs, actor names and labels are untrusted: every HTML view
shows them as text.  (The browser test checks the script-built panels in a real browser.)"""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from browser.payloads import IMG_ACTOR, LABEL, RAW_MARKUP, SCRIPT_ACTOR, TITLE, URL, xss_extraction  # noqa: E402
from claimgraph.web import create_app  # noqa: E402
from claimgraph.runner import add_extraction


@pytest.fixture(scope="module")
def xss(tmp_path_factory):
    from claimgraph.store import open_store

    path = tmp_path_factory.mktemp("xss") / "xss.db"
    with open_store(str(path)) as store:
        add_extraction(store, xss_extraction())
        doc_id = store.documents()[0]["id"]
        actor_id = store.find_actor(SCRIPT_ACTOR)["id"]
    with TestClient(base_url="http://127.0.0.1", app=create_app(path)) as client:
        yield client, doc_id, actor_id


def pages(doc_id, actor_id):
    return ["/", "/actors", f"/actors/{actor_id}", "/events", "/documents", f"/documents/{doc_id}", "/timeline",
            f"/timeline?actor={actor_id}", "/conflicts", "/search?q=script+army", "/search?q=%3Cscript%3E",
            "/check?claim=%3Cscript%3Ewindow.pwned%3D9%3C%2Fscript%3E+attacked+%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
            "/check?claim=" + "%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E%20Army%20attacked%20Town",
            "/nowhere/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/actors/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]


def test_web_xss_payloads_render_as_text_on_every_page(xss):
    client, doc_id, actor_id = xss
    for url in pages(doc_id, actor_id):
        html = client.get(url).text
        for raw in RAW_MARKUP:
            assert raw not in html.lower(), (url, raw)


def test_web_xss_payloads_are_shown_escaped(xss):
    client, doc_id, actor_id = xss
    doc = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;window.pwned=5&lt;/script&gt; Breaking" in doc
    assert "&lt;img src=x onerror=window.pwned=2&gt; Town" in doc
    assert "&lt;img src=y onerror=window.pwned=4&gt; militia" in doc
    assert "&#34;&gt;&lt;svg onload=window.pwned=3&gt;" in doc or "&quot;&gt;&lt;svg onload" in doc
    assert 'href="javascript' not in doc.lower()  # the javascript: URL is shown, not linked
    actor = client.get(f"/actors/{actor_id}").text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; Army" in actor


def test_web_xss_json_keeps_the_data_as_data(xss):
    client, doc_id, actor_id = xss
    r = client.get(f"/api/documents/{doc_id}")
    assert r.headers["content-type"].startswith("application/json")
    d = r.json()
    assert d["document"]["title"] == TITLE and d["document"]["url"] == URL and d["document"]["safe_url"] is None
    assert {a["name"] for a in d["actors"]} == {SCRIPT_ACTOR, IMG_ACTOR}
    labels = client.get(f"/api/actors/{actor_id}").json()["framing"]["by_source"]
    assert any(x["label"] == LABEL for xs in labels.values() for x in xs)
    ev = client.get("/api/events").json()["events"]
    assert all(e["url"] is None for e in ev)  # evidence links never carry a javascript: URL


def test_web_xss_csp_forbids_inline_script(xss):
    client, doc_id, _ = xss
    csp = client.get(f"/documents/{doc_id}").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None), (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None), ("vbscript:x", None), ("//evil.example/x", None),
    ("https://example.org/\"onmouseover=alert(1)", None), ("file:///etc/passwd", None), ("", None), (None, None),
])
def test_web_safe_url(url, expected):
    from claimgraph.web.templating import safe_url

    assert safe_url(url) == expected
