"""CSV files for ``neo4j-admin database import full``: four node files and six relationship
files in one folder, with Neo4j's header grammar (``name:type``, ``:ID(Space)``, ``:LABEL``,
``:START_ID(Space)``, ``:END_ID(Space)``, ``:TYPE``; arrays joined with ";", booleans
``true``/``false``, an empty cell is no property).

Nodes: ``Actor`` (also ``Person``, ``Organization``, ``Place`` or ``Group``), ``Document``,
``Event``, ``Quote``.  Relationships: ``(Actor)-[:AID|ASSAULT|...]->(Actor)`` for every event
with both sides known (the graph to query), and around the event nodes, which every event has,
one unknown side or not: ``(Event)-[:SOURCE|TARGET|ATTRIBUTED_TO]->(Actor)``,
``(Event)-[:REPORTED_IN]->(Document)``; quotes: ``(Actor)-[:SAID]->(Quote)``,
``(Quote)-[:IN]->(Document)``, ``(Quote)-[:MENTIONS]->(Actor)``.

Load with (text fields may span lines)::

    neo4j-admin database import full --multiline-fields=true \\
      --nodes=actors.csv --nodes=documents.csv --nodes=events.csv --nodes=quotes.csv \\
      --relationships=relations.csv --relationships=event_actors.csv --relationships=event_documents.csv \\
      --relationships=quote_speakers.csv --relationships=quote_documents.csv --relationships=quote_mentions.csv neo4j
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from .records import actor_records, event_record, quote_records

ARRAY_SEP = ";"
LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "NORP": "Group"}
_REL_TYPE = re.compile(r"[^A-Z0-9_]")

NODE_FILES = {
    "actors.csv": ["actorId:ID(Actor)", "name", "type", "mentions:int", "documents:int", "quotes:int", "aliases:string[]",
                   "labels:string[]", ":LABEL"],
    "documents.csv": ["docId:ID(Document)", "title", "outlet", "published", "url", "path", ":LABEL"],
    "events.csv": ["eventId:ID(Event)", "type", "class", "stance", "mode:string[]", "date", "date_origin", "date_text",
                   "negated:boolean", "hedged:boolean", "trigger", "sentence", "start:int", "end:int", "location", ":LABEL"],
    "quotes.csv": ["quoteId:ID(Quote)", "text", "direct:boolean", "cue", "speaker_text", "start:int", "end:int", ":LABEL"],
}
REL_FILES = {
    "relations.csv": [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "event_id:long", "stance", "date", "negated:boolean",
                      "hedged:boolean", "outlet", "doc_id"],
    "event_actors.csv": [":START_ID(Event)", ":END_ID(Actor)", ":TYPE"],
    "event_documents.csv": [":START_ID(Event)", ":END_ID(Document)", ":TYPE"],
    "quote_speakers.csv": [":START_ID(Actor)", ":END_ID(Quote)", ":TYPE"],
    "quote_documents.csv": [":START_ID(Quote)", ":END_ID(Document)", ":TYPE"],
    "quote_mentions.csv": [":START_ID(Quote)", ":END_ID(Actor)", ":TYPE"],
}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ARRAY_SEP.join(str(x).replace(ARRAY_SEP, ",") for x in v if x not in (None, ""))
    return str(v)


def rel_type(name: str) -> str:
    """An event type as a relationship type: upper case, letters, digits and underscores."""
    return _REL_TYPE.sub("_", name.upper()) or "RELATED"


def write_neo4j(store, out: str | Path) -> list[str]:
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        from ..errors import ClaimgraphError

        raise ClaimgraphError(f"neo4j export writes ten CSV files into a folder; {out} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: open(folder / name, "w", encoding="utf-8", newline="") for name in (*NODE_FILES, *REL_FILES)}
    try:
        w = {name: csv.writer(fh) for name, fh in files.items()}
        for name, header in {**NODE_FILES, **REL_FILES}.items():
            w[name].writerow(header)
        actors = set()
        for a in actor_records(store):
            actors.add(a["id"])
            labels = ["Actor"] + ([LABELS[a["type"]]] if a["type"] in LABELS else [])
            w["actors.csv"].writerow([_cell(x) for x in (a["id"], a["name"], a["type"], a["mentions"], a["documents"],
                                                          a["quotes"], a["aliases"], a["labels"], labels)])
        docs = {}
        from ..analysis.evidence import outlet_of

        for d in store.iter_documents():
            docs[d["id"]] = d
            w["documents.csv"].writerow([_cell(x) for x in (d["id"], d.get("title"), outlet_of(d), d.get("published"),
                                                             d.get("url"), d.get("path"), ["Document", "Article"])])
        for row in store.iter_events():
            e = event_record(row)
            eid = e["event_id"]
            w["events.csv"].writerow([_cell(x) for x in (eid, e["type"], e["class"], e["stance"], e["mode"], e["date"],
                                                          e["date_origin"], e["date_text"], e["negated"], e["hedged"],
                                                          e["trigger"], e["sentence"], e["start"], e["end"], e["location"], "Event")])
            for role, aid in (("SOURCE", e["source"]), ("TARGET", e["target"]), ("ATTRIBUTED_TO", e["attributed_to"])):
                if aid in actors:
                    w["event_actors.csv"].writerow([eid, aid, role])
            w["event_documents.csv"].writerow([eid, e["doc_id"], "REPORTED_IN"])
            if e["source"] in actors and e["target"] in actors:
                w["relations.csv"].writerow([_cell(x) for x in (e["source"], e["target"], rel_type(e["type"]), eid, e["stance"],
                                                                 e["date"], e["negated"], e["hedged"], e["outlet"], e["doc_id"])])
        for q in quote_records(store, docs):
            qid = q["quote_id"]
            w["quotes.csv"].writerow([_cell(x) for x in (qid, q["text"], q["direct"], q["cue"], q["speaker_text"], q["start"],
                                                          q["end"], "Quote")])
            if q["speaker"] in actors:
                w["quote_speakers.csv"].writerow([q["speaker"], qid, "SAID"])
            w["quote_documents.csv"].writerow([qid, q["doc_id"], "IN"])
            for aid in q["about"]:
                if aid in actors:
                    w["quote_mentions.csv"].writerow([qid, aid, "MENTIONS"])
    finally:
        for fh in files.values():
            fh.close()
    return [str(folder / name) for name in (*NODE_FILES, *REL_FILES)]
