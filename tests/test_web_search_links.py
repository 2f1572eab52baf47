"""Search covers quotes and events and tolerates typos; untitled articles are listed by their
first words; every article links to its original URL when it has a safe one (issue 14)."""
from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from test_export_formats import quoted_records  # noqa: E402

from claimgraph.web import create_app  # noqa: E402

URL = "https://news.example/varosia-sanctions"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    herald1, tribune, wire, voice, herald2 = quoted_records()
    wire = dataclasses.replace(wire, doc=dataclasses.replace(wire.doc, url=URL))
    tribune = dataclasses.replace(tribune, doc=dataclasses.replace(tribune.doc, url="javascript:alert(1)"))
    path = tmp_path_factory.mktemp("links") / "links.db"
    with open_store(str(path)) as store:
        for ex in (herald1, tribune, wire, voice, herald2):
            add_extraction(store, ex)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c


def search(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    return r.json()


def test_web_search_finds_quotes_and_events(client):
    r = search(client, "keep fighting")
    assert [q["text"] for q in r["quotes"]] == ["it will keep fighting"] and r["quotes"][0]["speaker_id"] == "fmf"
    ev = search(client, "sanctions")["events"]
    assert [e["type"] for e in ev] == ["SANCTION"] and ev[0]["source_actor"] == "Varosia" and ev[0]["highlights"]
    by_actor = search(client, "Karem attacked")["events"]
    assert {e["type"] for e in by_actor} == {"ASSAULT", "AFFILIATE"}  # the sentence of both
    page = client.get("/search", params={"q": "keep fighting"}).text
    assert "it will keep fighting" in page and "Quotes" in page and "Events" in page


def test_web_search_tolerates_typos(client):
    r = search(client, "convoi")  # no article has the word: retried as the closest known word
    assert r["corrected"] == "convoy" and [d["title"] for d in r["documents"]] == ["Convoy ambushed"]
    assert "showing articles with" in client.get("/search", params={"q": "convoi"}).text
    assert [a["id"] for a in search(client, "Varossia")["actors"]] == ["varosia"]
    assert search(client, "sanctoins")["events"][0]["type"] == "SANCTION"
    assert [q["speaker_id"] for q in search(client, "fihgting")["quotes"]] == ["fmf"]
    nothing = search(client, "zzzzqqq")
    assert (nothing["documents"], nothing["quotes"], nothing["events"], nothing["corrected"]) == ([], [], [], None)


def test_web_untitled_articles_are_listed_by_their_first_words(client):
    docs = client.get("/api/documents").json()["documents"]
    voice = next(d for d in docs if d["path"] == "corpus/voice.txt")
    assert voice["title"] is None and voice["label"].startswith("Dastan delivered rifles to the FMF last spring.")
    assert voice["label"].endswith("…")
    titled = next(d for d in docs if d["title"] == "Convoy ambushed")
    assert titled["label"] == "Convoy ambushed"
    html = client.get("/documents").text
    assert "Dastan delivered rifles to the FMF" in html and voice["id"] not in html.split("<tbody>")[1].split("href=")[0]
    hit = search(client, "rifles")["documents"][0]
    assert hit["label"].startswith("Dastan delivered rifles")
    assert client.get(f"/documents/{voice['id']}").text.count("Dastan delivered rifles to the FMF last spring") >= 2  # heading too


def test_web_articles_link_to_their_original_url(client):
    docs = client.get("/api/documents").json()["documents"]
    wire = next(d for d in docs if d["url"] == URL)
    assert wire["safe_url"] == URL
    listing = client.get("/documents").text
    assert f'href="{URL}"' in listing and 'href="javascript' not in listing.lower()
    page = client.get(f"/documents/{wire['id']}").text
    assert page.count(f'href="{URL}"') >= 2 and 'rel="noopener noreferrer nofollow"' in page
    tribune = next(d for d in docs if d["outlet"] == "The Tribune")
    assert tribune["safe_url"] is None and 'href="javascript' not in client.get(f"/documents/{tribune['id']}").text.lower()
