"""``ingest --update``: a changed file's new content supersedes the version stored before; the
old version's events, quotes, labels, mentions and aliases leave every query, its row stays
listed as superseded, and the actors only it named are dropped.  Without ``--update`` both
versions stay, and the summary says so.  Extraction is by hand (``test_versions_support``)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.analysis import check, conflicts, dyad, framing, timeline
from claimgraph.errors import UnknownActor
from claimgraph.export import export
from claimgraph.runner import ingest_paths
from claimgraph.store import open_store
from test_cli_support import invoke
from test_versions_support import FIRST, OTHER, SECOND, HandRunner, actor_ids, problems, use_hand_runner



@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "clash.txt").write_text(FIRST, encoding="utf-8")
    (folder / "sanctions.txt").write_text(OTHER, encoding="utf-8")
    return folder


def ingest(folder, store, **kw):
    return ingest_paths([folder], store, runner=HandRunner(), **kw)


def test_versions_update_supersedes_the_old_version_everywhere(tmp_path, news):
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)
        old_id = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        assert {e["type"] for e in store.events()} == {"ASSAULT", "REJECT", "SANCTION"} and store.quotes()
        ever = actor_ids(db)
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        report = ingest(news, store, update=True)
        new_id = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        assert report.stored == 1 and report.replaced == [(str(news / "clash.txt"), new_id, [old_id])]

        # the old version is listed as superseded, and nowhere else
        sanctions = next(d["id"] for d in store.documents() if d["path"].endswith("sanctions.txt"))
        assert {d["id"] for d in store.documents()} == {new_id, sanctions}
        listed = {d["id"]: d for d in store.documents(superseded=True)}
        assert set(listed) == {old_id, new_id, sanctions}
        assert listed[old_id]["superseded_by"] == new_id and listed[old_id]["superseded_at"] and listed[new_id]["superseded_by"] is None
        kept = store.document(old_id)  # the old version's row and text stay
        assert kept["superseded_by"] == new_id and "Tolvik" in kept["text"]
        assert store.superseded_by(old_id) == new_id and store.superseded_by(new_id) is None
        assert old_id not in {d["id"] for d in store.iter_documents()}
        assert store.stats() == {"documents": 2, "superseded": 1, "actors": 3, "quotes": 0, "events": 2, "timexes": 2}

        # its records are gone from every query
        assert sorted(e["type"] for e in store.events()) == ["APPEAL", "SANCTION"]
        assert all(e["doc_id"] != old_id for e in store.iter_events())
        assert store.quotes() == [] and store.labels("Free Meridian Front") == []
        assert store.events_of_document(old_id) == [] and store.mentions_in([old_id]) == {}
        assert old_id not in store.document_counts()
        for gone in ("Ilan Varga", "Zora Pellin", "Orla Herald"):
            with pytest.raises(UnknownActor):
                store.find_actor(gone)
        assert not any(d["id"] == old_id for d in store.search("Tolvik")["documents"])
        assert [d["id"] for d in store.search("Mirrow")["documents"]] == [new_id]
        assert "Ilan Varga" not in store.known_names()
        assert store.facet_counts()["types"] == {"APPEAL": 1, "SANCTION": 1}
        counts = {a["name"]: (a["mentions"], a["documents"]) for a in store.actors()}
        assert counts == {"Dastan": (2, 2), "Free Meridian Front": (1, 1), "Varosia": (1, 1)}
        assert store.actor("Free Meridian Front")["documents"] == 1
        assert [d["id"] for d in store.documents_mentioning(store.find_actor("Free Meridian Front")["id"])] == [new_id]
        assert conflicts(store, limit=5) == []
        assert [i["type"] for i in timeline(store, "Dastan")] == ["APPEAL", "SANCTION"]
        assert dyad(store, "Dastan", "Free Meridian Front")["total"] == 1
        assert check(store, "Dastan attacks the Free Meridian Front")["supporting"] == []
        assert framing(store, "Free Meridian Front")["by_source"] == {}
        out = tmp_path / "all.jsonl"
        export(store, "jsonl", out)
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert old_id not in out.read_text() and sum(r["kind"] == "document" for r in rows) == 2
    assert problems(db, ever) == []


def test_versions_without_update_both_versions_stay_and_the_report_says_so(tmp_path, news):
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)
        old_id = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        report = ingest(news, store)
        new_id = next(d["id"] for d in store.documents() if d["id"] != old_id and d["path"].endswith("clash.txt"))
        assert report.stored == 1 and report.replaced == [] and report.changed == [(str(news / "clash.txt"), new_id, [old_id])]
        assert report.to_json()["changed"] == [{"path": str(news / "clash.txt"), "document": new_id, "older": [old_id]}]
        assert store.stats()["documents"] == 3 and store.stats()["superseded"] == 0
        assert {e["type"] for e in store.events()} == {"ASSAULT", "REJECT", "SANCTION", "APPEAL"}

        # a later --update of the same files supersedes the older version, with nothing to extract
        again = ingest_paths([news], store, runner=_NoExtraction(), update=True)
        assert again.stored == 0 and again.replaced == [(str(news / "clash.txt"), new_id, [old_id])]
        assert store.superseded_by(old_id) == new_id and store.stats()["documents"] == 2
        assert {e["type"] for e in store.events()} == {"SANCTION", "APPEAL"}
    assert problems(db) == []


class _NoExtraction:
    nlp = None

    def extract(self, documents):
        for doc in documents:
            raise AssertionError(f"nothing should need extracting, got {doc.path}")
        yield from ()


def test_versions_update_back_to_an_older_content_makes_it_current_again(tmp_path, news):
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)
        first = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        before = store.stats()
        ever = actor_ids(db)
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        ingest(news, store, update=True)
        second = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        (news / "clash.txt").write_text(FIRST, encoding="utf-8")
        # without --update, the old content is skipped, saying how to bring it back
        plain = ingest(news, store)
        assert plain.stored == 0 and any("superseded by" in why and "--update" in why for _, why in plain.skipped)
        report = ingest(news, store, update=True)
        assert report.stored == 1 and report.replaced == [(str(news / "clash.txt"), first, [second])]
        assert store.superseded_by(first) is None and store.superseded_by(second) == first
        assert store.stats() == {**before, "superseded": 1}
        assert {e["type"] for e in store.events()} == {"ASSAULT", "REJECT", "SANCTION"}
        assert store.find_actor("Ilan Varga")
        # a third content: every older version points straight at the current one
        (news / "clash.txt").write_text(SECOND.replace("Tuesday", "Wednesday"), encoding="utf-8")
        ingest(news, store, update=True)
        third = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        assert {store.superseded_by(first), store.superseded_by(second)} == {third}
    assert problems(db, ever) == []


def test_versions_update_matches_jsonl_lines_by_url_and_files_by_path(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    feed = folder / "feed.jsonl"
    lines = [{"text": OTHER, "url": "https://example.invalid/sanctions"}, {"text": FIRST, "url": "https://example.invalid/clash"}]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(folder, store)
        assert store.stats()["documents"] == 2
        lines[1]["text"] = SECOND  # one line changed: only its URL's document is superseded
        lines.append({"text": "Varosia praised Dastan on Monday.\n"})  # a new line with no URL supersedes nothing
        feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
        report = ingest(folder, store, update=True)
        assert report.stored == 2 and len(report.replaced) == 1 and report.replaced[0][0] == f"{feed}:2"
        assert store.stats()["documents"] == 3 and store.stats()["superseded"] == 1
        assert [d["url"] for d in store.documents(superseded=True) if d["superseded_by"]] == ["https://example.invalid/clash"]
    assert problems(db) == []


def test_versions_update_finds_a_file_stored_by_its_absolute_path(tmp_path, news, monkeypatch):
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)  # stored with absolute paths
        monkeypatch.chdir(tmp_path)
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        report = ingest(Path("news"), store, update=True)  # read by a relative one
        assert len(report.replaced) == 1 and store.stats()["superseded"] == 1


def test_versions_update_to_content_stored_from_another_file(tmp_path, news):
    """A file changed to the content of another stored file: that document (already extracted)
    becomes the current version of both, and the changed file's old version is superseded."""
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)
        old = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        other = next(d["id"] for d in store.documents() if d["path"].endswith("sanctions.txt"))
        (news / "clash.txt").write_text(OTHER, encoding="utf-8")
        report = ingest_paths([news], store, runner=_NoExtraction(), update=True)
        assert report.stored == 0 and report.replaced == [(str(news / "clash.txt"), other, [old])]
        assert store.superseded_by(old) == other and [d["id"] for d in store.documents()] == [other]
        again = ingest_paths([news], store, runner=_NoExtraction(), update=True)
        assert again.replaced == [] and len(again.skipped) == 2
    assert problems(db) == []


def test_versions_update_is_one_transaction_with_the_new_version(tmp_path, news, monkeypatch):
    """A failure writing the new version leaves the old one current, with all its records."""
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        ingest(news, store)
        before, old = store.stats(), {e["id"] for e in store.events()}
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")

        def broken(*args, **kwargs):
            raise OSError("the disk went away")

        monkeypatch.setattr(store, "write_extraction", broken)
        report = ingest(news, store, update=True)
        assert report.stored == 0 and report.replaced == [] and "the disk went away" in report.failed[0][1]
        assert store.stats() == before and {e["id"] for e in store.events()} == old
        assert store.documents(superseded=True) == store.documents()
    assert problems(db) == []


# -- the command line -------------------------------------------------------------------------
def test_versions_cli_ingest_update_and_the_hint_without_it(tmp_path, news, monkeypatch):
    use_hand_runner(monkeypatch)
    db = str(tmp_path / "c.db")
    assert invoke("ingest", str(news), "--db", db, "-q").exit_code == 0
    (news / "clash.txt").write_text(SECOND, encoding="utf-8")
    res = invoke("ingest", str(news), "--db", db, "-q", "--report", str(tmp_path / "r.json"))
    assert res.exit_code == 0, res.output
    said = " ".join(res.stderr.split())
    assert "stored 1, skipped 1, failed 0" in said
    assert "1 changed file was stored as a new document beside its older version" in said and "ingest --update" in said
    assert json.loads((tmp_path / "r.json").read_text())["changed"][0]["path"] == str(news / "clash.txt")

    (news / "clash.txt").write_text(SECOND.replace("Tuesday", "Thursday"), encoding="utf-8")
    res = invoke("ingest", str(news), "--db", db, "-q", "--update")
    assert res.exit_code == 0, res.output
    said = " ".join(res.stderr.split())
    assert "stored 1, skipped 1, failed 0" in said and "replaced 2 older versions of 1 changed file" in said
    report = invoke("report", "--db", db)
    assert "2 documents (2 older versions superseded)" in " ".join(report.stdout.split())
    stats = json.loads(invoke("report", "--db", db, "--json").stdout)["stats"]
    assert stats["documents"] == 2 and stats["superseded"] == 2
    events = json.loads(invoke("events", "--db", db, "--json", "-n", "0").stdout)
    assert sorted(e["type"] for e in events) == ["APPEAL", "SANCTION"]


# -- the web app ------------------------------------------------------------------------------
def test_versions_web_lists_the_superseded_version_on_request(tmp_path, news):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app

    db = str(tmp_path / "w.db")
    with open_store(db) as store:
        ingest(news, store)
        old = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
        (news / "clash.txt").write_text(SECOND, encoding="utf-8")
        ingest(news, store, update=True)
        new = next(d["id"] for d in store.documents() if d["path"].endswith("clash.txt"))
    with TestClient(base_url="http://127.0.0.1", app=create_app(db)) as client:
        listed = client.get("/api/documents").json()
        assert listed["total"] == 2 and old not in {d["id"] for d in listed["documents"]}
        every = client.get("/api/documents", params={"superseded": "true"}).json()
        assert {d["id"]: d["superseded_by"] for d in every["documents"]}[old] == new and every["total"] == 3
        one = client.get(f"/api/documents/{old}").json()
        assert one["document"]["superseded_by"] == new and one["events"] == [] and one["quotes"] == []
        page = client.get(f"/documents/{old}")
        assert page.status_code == 200 and "Superseded" in page.text and f"/documents/{new}" in page.text
        assert "Tolvik" not in str(client.get("/api/search", params={"q": "Tolvik"}).json().get("documents"))
