"""Helpers for tests/test_versions_*.py (no tests here): a stand-in runner that turns invented
texts into extractions by hand, so that ``ingest`` and ``ingest --update`` run in milliseconds,
and a consistency check of a store read from its own schema.

The check enumerates the tables in ``sqlite_master`` and, in each, the columns that hold a
document id (``doc_id``, ``documents.superseded_by``, any column declared ``REFERENCES
documents``), an actor id (``actor_id``, ``source_id``, ``target_id``, ``attributed_to``,
``speaker_id``, any column declared ``REFERENCES actors``; ``via`` when it holds one) or an
event id (``answers``), so a table added later is checked without changing this file."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from claimgraph.config import PIPELINE_VERSION
from claimgraph.models import Actor, Event, Extraction, Quote, Timex

DOC_COLUMNS = {"doc_id"}
ACTOR_COLUMNS = {"actor_id", "source_id", "target_id", "attributed_to", "speaker_id"}
EVENT_COLUMNS = {"answers"}

# two versions of one article, and another article
FIRST = ("Border clash\n\nZora Pellin said Dastan attacked the Free Meridian Front on Monday, according to Orla Herald."
         " The Free Meridian Front denied it. The Free Meridian Front, an armed group, regrouped near Tolvik."
         ' "We will not yield", said Ilan Varga.\n')
SECOND = "Border clash\n\nDastan praised the Free Meridian Front on Tuesday near Mirrow.\n"
OTHER = "Sanctions\n\nVarosia sanctioned Dastan on Friday.\n"

# the invented world the stand-in runner knows: key -> (name, type)
WORLD = {
    "g:dastan": ("Dastan", "GPE"),
    "g:varosia": ("Varosia", "GPE"),
    "t:fmf": ("Free Meridian Front", "ORG"),
    "t:varga": ("Ilan Varga", "PERSON"),
    "t:pellin": ("Zora Pellin", "PERSON"),
    "t:herald": ("Orla Herald", "ORG"),
}
_VERBS = {"attacked": "ASSAULT", "armed": "AID", "praised": "APPEAL", "sanctioned": "SANCTION"}
_NAMES = "|".join(re.escape(n) for n, _ in WORLD.values())
_EVENT = re.compile(rf"(?:({_NAMES}) said (?:that )?)?({_NAMES}) ({'|'.join(_VERBS)}) (?:the )?({_NAMES})")
_QUOTE = re.compile(rf"\"([^\"]+)\", said ({_NAMES})")
_RELAY = re.compile(rf"according to ({_NAMES})")
_DENIAL = re.compile(rf"({_NAMES}) denied it")
_LABEL = re.compile(rf"({_NAMES}), an? ([a-z]+ group)")
_TIMEX = re.compile(r"on (Monday|Tuesday|Wednesday|Thursday|Friday)")


def hand_extraction(doc) -> Extraction:
    """An extraction of ``doc`` by simple rules over the invented world: every name is a
    mention; "[A said] B attacked C" is an event (attributed to A; relayed by D when "according
    to D" is in the sentence); "B denied it" is a REJECT answering the sentence's event before;
    '"...", said A' is a quote; "B, an armed group" a label; "on Monday" a time expression."""
    key_of = {name: key for key, (name, _) in WORLD.items()}
    text = doc.text
    mentions: dict[str, list[tuple[int, int]]] = {}
    for m in re.finditer(_NAMES, text):
        mentions.setdefault(key_of[m.group()], []).append(m.span())
    labels: dict[str, list[tuple[str, int, str]]] = {}
    events, quotes = [], []
    for sent in re.finditer(r"[^.]+\.", text):
        s = sent.group()
        for m in _EVENT.finditer(s):
            relay = _RELAY.search(s)
            events.append(Event(text=s.strip(), start=sent.start(), end=sent.end(), trigger=m.group(3), type=_VERBS[m.group(3)],
                                source=key_of[m.group(2)], target=key_of[m.group(4)],
                                attributed_to=key_of[m.group(1)] if m.group(1) else None,
                                via=key_of[relay.group(1)] if relay else None, date=doc.published or "2024-03-04", date_origin="article"))
        for m in _DENIAL.finditer(s):
            events.append(Event(text=s.strip(), start=sent.start(), end=sent.end(), trigger="denied", type="REJECT",
                                source=key_of[m.group(1)], target=None, answers=len(events) - 1 if events else None,
                                date=doc.published or "2024-03-04", date_origin="article"))
        for m in _LABEL.finditer(s):
            labels.setdefault(key_of[m.group(1)], []).append((m.group(2), sent.start() + m.start(2), s.strip()))
    for m in _QUOTE.finditer(text):
        quotes.append(Quote(text=m.group(1), start=m.start(1), end=m.end(1), speaker=key_of[m.group(2)], direct=True, cue="said",
                            speaker_kind="named"))
    timexes = tuple(Timex(text=m.group(), start=m.start(), end=m.end(), type="DATE") for m in _TIMEX.finditer(text))
    actors = tuple(Actor(id=k, name=WORLD[k][0], type=WORLD[k][1], aliases=(WORLD[k][0],), mentions=tuple(spans),
                         labels=tuple(lab for lab, _, _ in labels.get(k, ())), label_spans=tuple(labels.get(k, ())))
                   for k, spans in mentions.items())
    return Extraction(doc=doc, actors=actors, events=tuple(events), quotes=tuple(quotes), timexes=timexes,
                      pipeline_version=PIPELINE_VERSION)


class HandRunner:
    """A ``Runner`` that extracts with ``hand_extraction`` (no language model)."""

    nlp = None

    def extract(self, documents):
        for doc in documents:
            yield hand_extraction(doc)


def use_hand_runner(monkeypatch) -> None:
    """The CLI's ``ingest`` extracts with ``hand_extraction`` and never loads the model."""
    from claimgraph import cli
    from claimgraph.runner import local

    class _Model:
        max_length = 1_000_000

    monkeypatch.setattr(cli, "_load_model", lambda quiet: _Model())
    monkeypatch.setattr(local.LocalRunner, "extract", lambda self, documents: HandRunner().extract(documents))


# -- the consistency check ----------------------------------------------------------------------
def reference_columns(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """kind ("documents", "actors", "via", "events") -> [(table, column)] over every ordinary
    table of the schema (full-text tables and their shadow tables aside)."""
    tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
    out: dict[str, list[tuple[str, str]]] = {"documents": [], "actors": [], "via": [], "events": []}
    for table, sql in tables:
        if table in virtual or any(table.startswith(v + "_") for v in virtual):
            continue
        declared = {r[3]: r[2] for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}  # column -> referenced table
        for col in (r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')):
            if col in DOC_COLUMNS or (table, col) == ("documents", "superseded_by") or declared.get(col) == "documents":
                out["documents"].append((table, col))
            elif col in ACTOR_COLUMNS or declared.get(col) == "actors":
                out["actors"].append((table, col))
            elif col == "via":
                out["via"].append((table, col))
            elif col in EVENT_COLUMNS or declared.get(col) == "events":
                out["events"].append((table, col))
    return out


def problems(db: str | Path, former_actors: set[str] = frozenset()) -> list[str]:
    """Everything inconsistent in the store at ``db``, as sentences (empty: consistent).

    ``former_actors`` are actor ids stored at some point: a ``via`` equal to one of them names
    that actor (else it is the channel's text), so it must still exist."""
    conn = sqlite3.connect(str(db))
    try:
        return _problems(conn, former_actors)
    finally:
        conn.close()


def _problems(conn: sqlite3.Connection, former_actors: set[str]) -> list[str]:
    cols = reference_columns(conn)
    out: list[str] = []
    assert ("events", "doc_id") in cols["documents"] and ("quotes", "speaker_id") in cols["actors"], cols  # the check sees the schema
    target = {"documents": "documents", "actors": "actors", "events": "events"}
    for kind in ("documents", "actors", "events"):
        for table, col in cols[kind]:
            n = conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{col}" IS NOT NULL AND "{col}" NOT IN (SELECT id FROM {target[kind]})').fetchone()[0]
            if n:
                out.append(f"{n} rows of {table}.{col} name a missing {kind[:-1]}")
    gone = sorted(set(former_actors) - {r[0] for r in conn.execute("SELECT id FROM actors")})
    for table, col in cols["via"]:
        for chunk in (gone[i:i + 500] for i in range(0, len(gone), 500)):
            n = conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{col}" IN ({",".join("?" * len(chunk))})', chunk).fetchone()[0]
            if n:
                out.append(f"{n} rows of {table}.{col} name a removed actor")
    # a superseded document keeps no records, and points at a current version
    superseded = "SELECT id FROM documents WHERE superseded_by IS NOT NULL"
    for table, col in cols["documents"]:
        if table != "documents":
            n = conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{col}" IN ({superseded})').fetchone()[0]
            if n:
                out.append(f"{n} rows of {table}.{col} belong to a superseded document")
    n = conn.execute(f"SELECT COUNT(*) FROM documents WHERE superseded_by IN ({superseded})").fetchone()[0]
    if n:
        out.append(f"{n} documents are superseded by a document that is itself superseded")
    # every actor is named by something
    named = " UNION ".join(f'SELECT "{c}" FROM "{t}" WHERE "{c}" IS NOT NULL' for t, c in cols["actors"] + cols["via"])
    unnamed = [r[0] for r in conn.execute(f"SELECT id FROM actors WHERE id NOT IN ({named})")]
    if unnamed:
        out.append(f"actors no row names: {unnamed[:10]}")
    # SQLite's own checks, and every full-text index against its content
    if (status := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
        out.append(f"integrity_check: {status}")
    if fk := conn.execute("PRAGMA foreign_key_check").fetchall():
        out.append(f"foreign_key_check: {fk[:5]}")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE% USING fts5%'").fetchall():
        try:
            conn.execute(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            out.append(f"{name}: {exc}")
    return out


def actor_ids(db: str | Path) -> set[str]:
    conn = sqlite3.connect(str(db))
    try:
        return {r[0] for r in conn.execute("SELECT id FROM actors")}
    finally:
        conn.close()
