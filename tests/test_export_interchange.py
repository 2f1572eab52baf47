"""The interchange formats, each checked against its own rules: PLOVER's JSON data fields,
FollowTheMoney's schema (through the ``followthemoney`` package when it is installed, and the
shape Aleph reads in any case) and neo4j-admin import's CSV header grammar."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from test_export_formats import quoted  # noqa: F401  (fixture)

from claimgraph.export import export
from claimgraph.export.records import modes

# -- PLOVER ---------------------------------------------------------------------------------
# The categories and quad codes of the PLOVER manual ("PLOVER quad categories").
PLOVER_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
               "INVESTIGATE": 2, "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
               "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4, "REQUEST": 3}
ACTOR_KEYS = {"code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc", "type"}
CITE_KEYS = {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright", "coder", "codebook",
             "version", "published"}


def plover_lines(store, tmp_path, name="p.jsonl"):
    out = tmp_path / name
    assert export(store, "plover", out) == [str(out)]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_export_plover_records_follow_the_json_data_fields(meridian, tmp_path):
    recs = plover_lines(meridian, tmp_path)
    rows = meridian.events()
    coded = [r for r in rows if r["type"] not in ("AFFILIATE", "EQUATE") and not r["negated"]]
    assert len(recs) == len(coded) and len({r["id"] for r in recs}) == len(recs)
    for rec in recs:
        assert {"id", "date", "actor", "recipient", "event", "mode", "event_text", "text_info", "cite_info"} <= set(rec)
        assert isinstance(rec["event"], list) and len(rec["event"]) == 1 and rec["event"][0] in PLOVER_QUAD
        # the quad of the type's class in the ontology; the manual's table agrees but for SANCTION,
        # which the ontology codes as material conflict (sanctions imposed, not threatened)
        assert rec["quad_code"] == (4 if rec["event"] == ["SANCTION"] else PLOVER_QUAD[rec["event"][0]])
        for side in ("actor", "recipient"):
            assert isinstance(rec[side], list) and all(set(a) <= ACTOR_KEYS and a["identifier_id"] for a in rec[side])
        assert rec["source"] == rec["actor"]
        assert rec["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", rec["date"])
        assert set(rec["cite_info"]) <= CITE_KEYS and rec["cite_info"]["coder"].startswith("claimgraph ")
        assert isinstance(rec["mode"], list) and isinstance(rec["event_text"], list)
        ti = rec["text_info"]
        assert isinstance(ti["start"], int) and ti["end"] > ti["start"]
    reject = next(r for r in recs if r["event"] == ["REJECT"] and r["actor"][0]["identifier_id"] == "dastan")
    assert reject["recipient"] == [] and reject["event_text"] == ["denied"]
    varga = next(r for r in recs if r["attributed_to"] and r["event"] == ["AID"] and r["actor"][0]["identifier_id"] == "dastan")
    assert varga["recipient"][0] == {"identifier_id": "fmf", "identifier_text": "Free Meridian Front",
                                     "actor_text": "Free Meridian Front", "type": "ORG"}
    assert varga["cite_info"]["publication"] == "The Herald" and varga["cite_info"]["title"] == "Convoy ambushed"
    assert varga["date"] == "2019-09-14" and varga["date_precision"] == "day"
    assert any(r["date_precision"] == "year" and r["date"] == "2016" for r in recs)
    assert not any(r["negated"] for r in recs)


class WithModes:
    """A store whose events carry the ``mode`` field (as the store does once modes are coded)."""

    def __init__(self, store, mode):
        self.store, self.mode = store, mode

    def __getattr__(self, name):
        return getattr(self.store, name)

    def iter_events(self):
        for r in self.store.iter_events():
            yield {**r, "mode": self.mode if r["type"] == "AID" else None}


@pytest.mark.parametrize("stored", [["military", "economic"], "military, economic", '["military", "economic"]', "military;economic"])
def test_export_plover_mode_comes_from_the_events_mode_list(meridian, tmp_path, stored):
    recs = plover_lines(WithModes(meridian, stored), tmp_path)
    aid = [r for r in recs if r["event"] == ["AID"]]
    assert aid and all(r["mode"] == ["military", "economic"] for r in aid)
    assert all(r["mode"] == [] for r in recs if r["event"] != ["AID"])


def test_export_modes_reads_every_stored_shape():
    assert modes({}) == [] and modes({"mode": None}) == [] and modes({"mode": ""}) == []
    assert modes({"mode": "host"}) == ["host"] and modes({"mode": ("a", None, "b")}) == ["a", "b"]


# -- FollowTheMoney -------------------------------------------------------------------------
FTM_SCHEMATA = {"Person", "Organization", "Article", "Event", "Mention", "Note"}


def ftm_lines(store, tmp_path, **kw):
    out = tmp_path / "e.ftm.json"
    export(store, "ftm", out, **kw)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_export_ftm_entities_have_the_shape_aleph_reads(quoted, tmp_path):  # noqa: F811
    ents = ftm_lines(quoted, tmp_path)
    ids = [e["id"] for e in ents]
    assert len(ids) == len(set(ids))
    assert {e["schema"] for e in ents} == FTM_SCHEMATA
    for e in ents:
        assert set(e) == {"id", "schema", "properties"}
        assert all(isinstance(v, list) and v and all(isinstance(x, str) and x for x in v) for v in e["properties"].values())
    by_id = {e["id"]: e for e in ents}
    stats = quoted.stats()
    assert sum(e["schema"] in ("Person", "Organization") for e in ents) == stats["actors"]
    assert sum(e["schema"] == "Event" for e in ents) == stats["events"]
    assert sum(e["schema"] == "Note" for e in ents) == stats["quotes"]
    varga = by_id["cg-actor-varga"]
    assert varga["schema"] == "Person" and varga["properties"]["name"] == ["Ilan Varga"] and "Varga" in varga["properties"]["alias"]
    assert by_id["cg-actor-fmf"]["schema"] == "Organization" and "terrorist group" in by_id["cg-actor-fmf"]["properties"]["keywords"]
    denied = [e for e in ents if e["schema"] == "Event" and e["properties"]["name"][0].startswith("Denied: ")]
    assert len(denied) == 1 and "negated" in denied[0]["properties"]["keywords"]
    reject = next(e for e in ents if e["schema"] == "Event" and e["properties"]["name"][0] == "REJECT: Dastan → ?")
    assert reject["properties"]["involved"] == ["cg-actor-dastan"]
    mention = by_id[next(i for i in ids if i.startswith("cg-mention-") and i.endswith("-fmf"))]
    assert set(mention["properties"]["name"]) <= {"FMF", "the Front", "Free Meridian Front"}
    note = next(e for e in ents if e["schema"] == "Note" and e["properties"].get("entity") == ["cg-actor-varga"])
    assert note["properties"]["description"] == ["Dastan arms the FMF"]
    assert set(note["properties"]["namesMentioned"]) == {"Dastan", "Free Meridian Front"}
    refs = [v for e in ents for k, vs in e["properties"].items() if k in ("document", "resolved", "involved", "organizer", "proof", "entity") for v in vs]
    assert refs and all(r in by_id for r in refs)
    assert all("bodyText" not in e["properties"] for e in ents)
    with_text = ftm_lines(quoted, tmp_path, with_text=True)
    assert all(e["properties"]["bodyText"] for e in with_text if e["schema"] == "Article")


def test_export_ftm_validates_against_the_followthemoney_model(quoted, tmp_path):  # noqa: F811
    ftm = pytest.importorskip("followthemoney")
    ents = ftm_lines(quoted, tmp_path, with_text=True)
    ids = {e["id"] for e in ents}
    for e in ents:
        schema = ftm.model.get(e["schema"])
        assert schema is not None and not schema.abstract, e["schema"]
        assert set(e["properties"]) <= set(schema.properties), (e["schema"], set(e["properties"]) - set(schema.properties))
        assert all(e["properties"].get(p) for p in schema.required), (e["id"], schema.required)
        schema.validate(e)  # raises InvalidData on a bad value
        proxy = ftm.model.get_proxy(e, cleaned=False)
        for prop, values in e["properties"].items():
            p = schema.properties[prop]
            if p.type.name == "entity":
                assert set(values) <= ids, (e["id"], prop)
                assert all(ftm.model.get(next(x for x in ents if x["id"] == v)["schema"]).is_a(p.range) for v in values), (e["id"], prop)
            else:
                assert all(p.type.clean(v) is not None for v in values), (e["id"], prop, values)
        assert proxy.id == e["id"]


# -- Neo4j ----------------------------------------------------------------------------------
# neo4j-admin import's header: "name:type", ":ID(space)", "name:ID(space)", ":LABEL", ":START_ID(space)",
# ":END_ID(space)", ":TYPE", ":IGNORE"; types int, long, float, double, boolean, byte, short, char,
# string, point, date, localtime, time, localdatetime, datetime, duration, each with an optional "[]".
FIELD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<kind>ID|START_ID|END_ID|LABEL|TYPE|IGNORE)"
                   r"(?:\((?P<space>[A-Za-z_][A-Za-z0-9_]*)\))?|:(?P<type>int|long|float|double|boolean|byte|short|char|string"
                   r"|point|date|localtime|time|localdatetime|datetime|duration)(?P<array>\[\])?)?$")
REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def read(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_export_neo4j_files_follow_the_import_header_grammar(quoted, tmp_path):  # noqa: F811
    written = [Path(p) for p in export(quoted, "neo4j", tmp_path / "neo")]
    assert all(p.parent == tmp_path / "neo" and p.suffix == ".csv" for p in written) and len(written) == 10
    ids: dict[str, set[str]] = {}
    rels = []
    for path in written:
        header, rows = read(path)
        parsed = [FIELD.match(h) for h in header]
        assert all(parsed), (path.name, [h for h, m in zip(header, parsed) if not m])
        kinds = [m["kind"] for m in parsed]
        names = [m["name"] for m in parsed if m["name"]]
        assert len(names) == len(set(names)), path.name
        assert all(len(r) == len(header) for r in rows), path.name
        if "ID" in kinds:  # a node file: one ID column with its ID space, and the labels
            assert kinds.count("ID") == 1 and "LABEL" in kinds and "START_ID" not in kinds
            i = kinds.index("ID")
            space = parsed[i]["space"]
            assert space and space not in ids
            ids[space] = {r[i] for r in rows}
            assert len(ids[space]) == len(rows) and all(rows_id for rows_id in ids[space])
            lab = kinds.index("LABEL")
            assert all(r[lab] and all(REL_TYPE.match(x.upper()) for x in r[lab].split(";")) for r in rows)
        else:
            assert kinds.count("START_ID") == kinds.count("END_ID") == kinds.count("TYPE") == 1, path.name
            rels.append((path, header, parsed, rows))
        for m, col in zip(parsed, zip(*rows) if rows else [()] * len(header)):
            values = [v for v in col if v != ""]
            if m["type"] in ("int", "long") and not m["array"]:
                assert all(re.fullmatch(r"-?\d+", v) for v in values), (path.name, m.group(0))
            if m["type"] == "boolean":
                assert set(values) <= {"true", "false"}, (path.name, m.group(0))
    assert set(ids) == {"Actor", "Document", "Event", "Quote"}
    for path, header, parsed, rows in rels:
        start = next(m for m in parsed if m["kind"] == "START_ID")["space"]
        end = next(m for m in parsed if m["kind"] == "END_ID")["space"]
        assert start in ids and end in ids, path.name  # every ID space a node file defines
        si, ei, ti = ([m["kind"] for m in parsed].index(k) for k in ("START_ID", "END_ID", "TYPE"))
        for r in rows:
            assert r[si] in ids[start] and r[ei] in ids[end] and REL_TYPE.match(r[ti]), (path.name, r)
    stats = quoted.stats()
    assert (len(ids["Actor"]), len(ids["Event"]), len(ids["Quote"]), len(ids["Document"])) == (
        stats["actors"], stats["events"], stats["quotes"], stats["documents"])
    by_name = {p.name: rows for p, _, _, rows in rels}
    full = [r for r in quoted.events() if r["source_id"] and r["target_id"]]
    assert len(by_name["relations.csv"]) == len(full)
    assert {r[2] for r in by_name["relations.csv"]} >= {"AID", "ASSAULT", "SANCTION"}
    roles = [r[2] for r in by_name["event_actors.csv"]]
    assert roles.count("SOURCE") == stats["events"] and roles.count("TARGET") == len(full)  # one-sided: no TARGET
    assert sorted(r[0] for r in by_name["quote_speakers.csv"]) == ["fmf", "varga"]
    header, actors = read(tmp_path / "neo" / "actors.csv")
    fmf = next(r for r in actors if r[0] == "fmf")
    assert "FMF" in fmf[header.index("aliases:string[]")].split(";") and fmf[header.index(":LABEL")] == "Actor;Organization"


def test_export_neo4j_refuses_a_file_as_folder(meridian, tmp_path):
    from claimgraph.errors import ClaimgraphError

    f = tmp_path / "x.csv"
    f.write_text("", encoding="utf-8")
    with pytest.raises(ClaimgraphError, match="folder"):
        export(meridian, "neo4j", f)
