"""Plain text has no metadata: ``ingest --source/--published`` give it, as defaults that
what a document says for itself (sidecar, front matter, JSONL fields) overrides."""
from __future__ import annotations

import json

from claimgraph.store import open_store
from test_cli_support import fake_model, invoke, run_main  # noqa: F401

BODY = ("The foreign ministry of Varland said that it had recalled its envoy from Dastan after a border incident. "
        "Officials in Dastan declined to comment on the recall.\n")


def _docs(db):
    with open_store(str(db), readonly=True) as store:
        return {d["path"].rsplit("/", 1)[-1]: d for d in store.documents()}


def test_cli_metadata_source_and_published_fill_in_plain_text(tmp_path, fake_model):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.txt").write_text("Varland recalls envoy\n\n" + BODY, encoding="utf-8")
    (folder / "front.md").write_text("---\ntitle: Envoy row deepens\nsource: Dastan Daily\npublished: 2021-02-03\n---\n\n" + BODY.replace("border", "river"), encoding="utf-8")
    (folder / "side.txt").write_text(BODY.replace("border", "mountain"), encoding="utf-8")
    (folder / "side.meta.json").write_text(json.dumps({"source": "Meridian Wire", "title": "Mountain incident"}), encoding="utf-8")
    db = tmp_path / "m.db"
    res = invoke("ingest", str(folder), "--db", str(db), "--source", "Varland Courier", "--published", "March 2024", "-q")
    assert res.exit_code == 0, res.output
    docs = _docs(db)
    assert (docs["plain.txt"]["source"], docs["plain.txt"]["published"], docs["plain.txt"]["title"]) == \
        ("Varland Courier", "2024-03", "Varland recalls envoy")  # the first line is the title
    assert (docs["front.md"]["source"], docs["front.md"]["published"], docs["front.md"]["title"]) == \
        ("Dastan Daily", "2021-02-03", "Envoy row deepens")  # front matter wins over the defaults
    assert (docs["side.txt"]["source"], docs["side.txt"]["published"], docs["side.txt"]["title"]) == \
        ("Meridian Wire", "2024-03", "Mountain incident")  # the sidecar wins; what it lacks is filled in


def test_cli_metadata_bad_published_or_empty_source_is_refused(tmp_path, fake_model):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.txt").write_text(BODY, encoding="utf-8")
    for args, why in ((["--published", "2024-02-30"], "--published '2024-02-30' is not a date"),
                      (["--published", "31/12/2024"], "--published '31/12/2024'"),
                      (["--source", "  "], "--source is empty")):
        res = run_main("ingest", str(folder), "--db", str(tmp_path / "x.db"), "-q", *args)
        assert res.exit_code == 2 and why in res.stderr and "Traceback" not in res.stderr, (args, res)
    assert fake_model == []  # refused before the model was loaded
