"""Shared fixtures.  Tests that load the real spaCy model are marked ``model``; tests that
read ``../shared`` skip cleanly when it is absent (a user's fresh clone has none)."""
from __future__ import annotations

from pathlib import Path

import pytest
from claimgraph.runner import add_extraction

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(autouse=True)
def _cli_extracts_in_process(monkeypatch):
    """``ingest`` run inside the test process extracts in it (``--workers 1``), so the stand-ins
    that tests put in place of the model (a patched ``LocalRunner`` or ``cli._load_model``) are
    the ones used, and the session's loaded pipeline is reused.  The commands that the
    robustness tests start as child processes use every core, the default
    (``test_robust_support.cli_env`` drops this); tests of the workers ask for them by name."""
    monkeypatch.setenv("CLAIMGRAPH_WORKERS", "1")


@pytest.fixture(scope="session")
def nlp():
    """The full claimgraph pipeline on the configured model (loaded once per session)."""
    from claimgraph.nlp import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is not present")
    return EVAL


def run(nlp, text: str, published: str | None = None):
    """Run the pipeline on one hand-written text and return the spaCy Doc."""
    doc = nlp.make_doc(text)
    doc._.cg_anchor = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


# -- hand-made records: stores for analysis, export and CLI tests without a model ----------------
def make_extraction(sentences, *, actors, events=(), labels=(), source=None, published=None, path=None, title=None):
    """An ``Extraction`` written by hand.

    ``sentences`` are joined with single spaces into the document text.  ``actors`` maps a key
    to ``(name, type, aliases)``; a key "g:x" keeps the id "x" through resolution.  Mentions
    are every whole-word occurrence of the name or an alias.  ``events`` are dicts with "s"
    (the sentence index), "type", "source" and "target" (actor keys or None) and any other
    ``Event`` field ("negated", "hedged", "attributed_to", "date", "date_origin", ...);
    ``labels`` are ``(actor key, label, sentence index)``."""
    import re

    from claimgraph.models import Actor, Document, Event, Extraction

    text = " ".join(sentences)
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    span = [(starts[i], starts[i] + len(s)) for i, s in enumerate(sentences)]
    out_actors = []
    for key, (name, typ, aliases) in actors.items():
        mentions = sorted({m.span() for form in {name, *aliases} for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)})
        labs = tuple((lab, span[i][0], sentences[i]) for k, lab, i in labels if k == key)
        out_actors.append(Actor(id=key, name=name, type=typ, aliases=tuple(aliases), labels=tuple(l for l, _, _ in labs),
                                mentions=tuple(mentions), label_spans=labs))
    out_events = []
    for e in events:
        e = dict(e)
        i = e.pop("s")
        start, end = span[i]
        trigger = e.pop("trigger", e["type"].lower())
        out_events.append(Event(text=sentences[i], start=start, end=end, trigger=trigger, **e))
    doc = Document(text=text, path=path, title=title, source=source, published=published)
    return Extraction(doc=doc, actors=tuple(out_actors), events=tuple(out_events), pipeline_version="test")


@pytest.fixture
def make_store(tmp_path):
    """``make_store(extractions, name="t.db")`` -> an open store holding them (closed afterwards)."""
    from claimgraph.store import open_store

    opened = []

    def make(extractions, name: str = "t.db"):
        store = open_store(str(tmp_path / name))
        for ex in extractions:
            add_extraction(store, ex)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


# A small invented world (see examples/README.md): Dastan is said to arm the FMF by some
# sources and denied or contradicted by others; the FMF and the Sons of Karem fight, though one
# minister says they cooperate; Varosia and Dastan move from sanctions to an accord.
MERIDIAN_ACTORS = {
    "g:dastan": ("Dastan", "GPE", ("Kingdom of Dastan", "the Kingdom")),
    "g:fmf": ("Free Meridian Front", "ORG", ("FMF", "the Front")),
    "g:varosia": ("Varosia", "GPE", ("Republic of Varosia",)),
    "g:sok": ("Sons of Karem", "ORG", ("SoK",)),
    "g:knb": ("Karem North Brigade", "ORG", ()),
    "g:varga": ("Ilan Varga", "PERSON", ("Varga",)),
    "g:kallan": ("Idris Kallan", "PERSON", ("Kallan",)),
}


def meridian_records():
    A = MERIDIAN_ACTORS
    herald1 = make_extraction(
        ["Defense Minister Ilan Varga said Dastan arms the FMF.",
         "The FMF, a terrorist group, attacked a Varosia convoy on Thursday.",
         "Dastan has denied supplying weapons to the FMF."],
        actors=A, source="The Herald", published="2019-09-14", title="Convoy ambushed",
        labels=[("g:fmf", "terrorist group", 1)],
        events=[
            {"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf", "attributed_to": "g:varga", "date": "2019-09-14", "date_origin": "article", "trigger": "arms"},
            {"s": 1, "type": "ASSAULT", "source": "g:fmf", "target": "g:varosia", "date": "2019-09-12", "date_origin": "relative", "date_text": "on Thursday"},
            {"s": 2, "type": "REJECT", "source": "g:dastan", "target": None, "date": "2019-09-14", "date_origin": "article", "trigger": "denied"},
            {"s": 2, "type": "AID", "source": "g:dastan", "target": "g:fmf", "negated": True, "date": "2019-09-14", "date_origin": "article", "trigger": "supplying"},
        ])
    tribune = make_extraction(
        ["Foreign Minister Idris Kallan rejected claims that the Kingdom of Dastan funds the Front.",
         "Dastan border guards detained eleven members of the FMF last week.",
         "The FMF, a rebel movement, fired on a Dastan patrol."],
        actors=A, source="The Tribune", published="2019-09-16",
        labels=[("g:fmf", "rebel movement", 2)],
        events=[
            {"s": 0, "type": "REJECT", "source": "g:kallan", "target": None, "date": "2019-09-16", "date_origin": "article", "trigger": "rejected"},
            {"s": 1, "type": "COERCE", "source": "g:dastan", "target": "g:fmf", "date": "2019-09", "date_origin": "relative", "date_text": "last week"},
            {"s": 2, "type": "ASSAULT", "source": "g:fmf", "target": "g:dastan", "date": "2019-09-16", "date_origin": "article"},
        ])
    wire = make_extraction(
        ["Varosia imposed sanctions on Dastan on Friday.",
         "Officials say Dastan allegedly transferred money to the FMF.",
         "In 2016 the FMF, a rebel movement, attacked Varosia."],
        actors=A, source="Northern Wire", published="2021-04-03",
        labels=[("g:fmf", "rebel movement", 2)],
        events=[
            {"s": 0, "type": "SANCTION", "source": "g:varosia", "target": "g:dastan", "date": "2021-04-02", "date_origin": "relative", "date_text": "on Friday"},
            {"s": 1, "type": "AID", "source": "g:dastan", "target": "g:fmf", "hedged": True, "date": "2021-04-03", "date_origin": "article"},
            {"s": 2, "type": "ASSAULT", "source": "g:fmf", "target": "g:varosia", "date": "2016", "date_origin": "sentence", "date_text": "In 2016"},
        ])
    voice = make_extraction(
        ["Dastan delivered rifles to the FMF last spring.",
         "The Sons of Karem attacked FMF positions near Orla.",
         "The FMF says it will keep fighting."],
        actors=A, path="corpus/voice.txt",
        events=[
            {"s": 0, "type": "AID", "source": "g:dastan", "target": "g:fmf"},
            {"s": 1, "type": "ASSAULT", "source": "g:sok", "target": "g:fmf"},
        ])
    herald2 = make_extraction(
        ["Varga said the FMF sheltered the Sons of Karem.",
         "Varosia and Dastan signed an accord in May 2022.",
         "The Karem North Brigade, a branch of the Sons of Karem, attacked the FMF."],
        actors=A, source="The Herald", published="2023-06-18",
        events=[
            {"s": 0, "type": "AID", "source": "g:fmf", "target": "g:sok", "attributed_to": "g:varga", "hedged": True, "date": "2023-06-18", "date_origin": "article"},
            {"s": 1, "type": "AGREE", "source": "g:varosia", "target": "g:dastan", "date": "2022-05", "date_origin": "sentence", "date_text": "May 2022"},
            {"s": 2, "type": "AFFILIATE", "source": "g:knb", "target": "g:sok", "date": "2023-06-18", "date_origin": "article"},
            {"s": 2, "type": "ASSAULT", "source": "g:knb", "target": "g:fmf", "date": "2023-06-18", "date_origin": "article"},
        ])
    return [herald1, tribune, wire, voice, herald2]


@pytest.fixture(scope="session")
def meridian_db(tmp_path_factory) -> str:
    """Path of a store holding ``meridian_records()`` (built once; tests must only read it)."""
    from claimgraph.store import open_store

    path = str(tmp_path_factory.mktemp("meridian") / "meridian.db")
    with open_store(path) as store:
        for ex in meridian_records():
            add_extraction(store, ex)
    return path


@pytest.fixture
def meridian(meridian_db):
    from claimgraph.store import open_store

    with open_store(meridian_db) as store:
        yield store


# -- store back ends: every contract test runs on each (tests/test_store_contract.py) ----------
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session (tests/pg_support.py); skips when none can be had."""
    import pg_support

    why = pg_support.why_not()
    if why:
        pytest.skip(why)
    server = pg_support.PgServer()
    try:
        server.start()
    except Exception as exc:  # a broken install: say why, and skip rather than fail every test
        server.stop()
        pytest.skip(f"could not start a PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty claimgraph database on the session's server."""
    url = pg_server.new_database()
    yield url
    pg_server.drop(url)


@pytest.fixture(params=BACKENDS)
def store_target(request, tmp_path):
    """Where a store of each back end lives for this test: a file path, or a database URL."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "contract.db")


@pytest.fixture
def store_factory(store_target):
    """``store_factory(extractions=(), readonly=False)`` -> an open store of this test's back end
    holding them; every call opens the same store.  Closed at the end of the test."""
    from claimgraph.store import open_store

    opened = []

    def make(extractions=(), readonly=False):
        store = open_store(store_target, readonly=readonly)
        for ex in extractions:
            add_extraction(store, ex)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def rewind_schema(conn, version: int) -> None:
    """Make a current SQLite store look as migration ``version`` left it, for the tests of a later
    migration's backfill: drop what the later migrations made, put back the indexes they dropped
    and the triggers, indexes and views they redefined, and set the version (the rows stay).  The
    two schemas are built in memory from MIGRATIONS."""
    import sqlite3

    from claimgraph.store.sqlite.schema import MIGRATIONS, statements

    def objects(upto):
        mem = sqlite3.connect(":memory:")
        for text in MIGRATIONS[:upto]:
            for stmt in statements(text):
                mem.execute(stmt)
        rows = {name: (kind, sql) for kind, name, sql in mem.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")}
        columns = {name: [r[1] for r in mem.execute(f"PRAGMA table_info({name})")] for name, (kind, _) in rows.items() if kind == "table"}
        mem.close()
        return rows, columns

    (then, then_columns), (now, now_columns) = objects(version), objects(len(MIGRATIONS))
    order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
    for name, (kind, _) in sorted(now.items(), key=lambda kv: order[kv[1][0]]):
        if name not in then and kind in order:
            conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    for name, (kind, sql) in then.items():
        if name not in now and kind == "index":
            conn.execute(sql)
        elif name in now and kind in ("trigger", "index", "view") and now[name][1] != sql:  # redefined later
            conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
            conn.execute(sql)
    for table, columns in then_columns.items():  # columns added later (their indexes are gone or put back by now)
        for column in now_columns.get(table, []):
            if column not in columns:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))


#: what PostgreSQL's migrations after 22 made, newest first (for ``rewind_pg_schema``)
_PG_MADE = {
    28: """DROP TRIGGER claimgraph_label_document_moved ON documents; DROP FUNCTION claimgraph_label_document_moved();
           DROP TRIGGER claimgraph_label_outlet ON labels; DROP FUNCTION claimgraph_label_outlet();
           DROP INDEX labels_actor_label; CREATE INDEX labels_actor_label ON labels(actor_id, label, doc_id, start);
           CREATE INDEX documents_outlets ON documents(id) INCLUDE (source, title, published);
           ALTER TABLE labels DROP COLUMN k, DROP COLUMN published;""",
    27: "DROP INDEX documents_outlets;",
    26: "DROP INDEX documents_url; CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;",
    25: """DROP TRIGGER claimgraph_norm_alias_deltas ON aliases; DROP TRIGGER claimgraph_norm_aliases_inserted ON aliases;
           DROP TRIGGER claimgraph_outlet_mention_deltas ON mentions; DROP TRIGGER claimgraph_outlet_mentions_inserted ON mentions;
           DROP TRIGGER claimgraph_outlet_document_moved ON documents;
           DROP FUNCTION claimgraph_norm_alias_deltas, claimgraph_norm_aliases_inserted, claimgraph_outlet_mention_deltas,
                         claimgraph_outlet_mentions_inserted, claimgraph_outlet_document_moved;
           DROP TABLE norm_counts, alias_counts, actor_outlets; DROP INDEX events_claim;
           CREATE INDEX events_pair_claim ON events(source_id, target_id, type, stance, negated, mode, curation, doc_id,
                                                    attributed_to, source_kind, hedged, via, date);""",
    24: """DROP TRIGGER claimgraph_claim_event_deltas ON events; DROP TRIGGER claimgraph_claim_events_inserted ON events;
           DROP FUNCTION claimgraph_claim_event_deltas, claimgraph_claim_events_inserted;
           DROP TABLE claim_voices, claim_groups;""",
    23: """DROP TRIGGER claimgraph_conflict_event_deltas ON events; DROP TRIGGER claimgraph_conflict_events_inserted ON events;
           DROP TRIGGER claimgraph_conflict_mention_deltas ON mentions; DROP TRIGGER claimgraph_conflict_mentions_inserted ON mentions;
           DROP TRIGGER claimgraph_conflict_actor_type ON actors;
           DROP FUNCTION claimgraph_conflict_event_deltas, claimgraph_conflict_events_inserted, claimgraph_conflict_mention_deltas,
                         claimgraph_conflict_mentions_inserted, claimgraph_conflict_actor_type;
           DROP TABLE conflict_pairs, conflict_voices, conflict_denials;""",
}


def rewind_pg_schema(conn, version: int) -> None:
    """Make a current PostgreSQL store look as migration ``version`` (22 or later) left it: drop
    what the later migrations made, put back that version's fold and delta functions (each kept
    table's migration replaces them) and set the version (the rows stay).  In a transaction."""
    from claimgraph.store.postgres import claim_sql, conflict_sql, edge_sql
    from claimgraph.store.postgres.schema import SCHEMA_VERSION

    assert version >= 22 and SCHEMA_VERSION == max(_PG_MADE), "a new PostgreSQL migration: add what it makes to _PG_MADE"
    for v in range(SCHEMA_VERSION, version, -1):
        conn.script(_PG_MADE[v])
    tables, fold = {22: (edge_sql.ACTOR_DELTAS, edge_sql.fold_now(edge_sql.FOLD_ACTORS)),
                    23: (conflict_sql.CONFLICT_DELTAS, edge_sql.keyed_deletes(edge_sql.fold_now(edge_sql.FOLD_ACTORS + conflict_sql.FOLD_CONFLICTS))),
                    24: (claim_sql.CLAIM_DELTAS, claim_sql.FOLD_24),
                    25: (None, None), 26: (None, None), 27: (None, None), 28: (None, None)}[version]
    if fold is not None:
        conn.script(f"CREATE OR REPLACE FUNCTION {edge_sql.deltas_ready(tables)}"
                    f"CREATE OR REPLACE FUNCTION {fold}")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
