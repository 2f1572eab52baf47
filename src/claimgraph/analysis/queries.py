"""The few reads the analysis needs beyond the ``Store`` interface, as SQL over the SQLite store.

Kept in one module so that a second back end only has to provide these.  Aggregations that
touch every event (``conflict_pairs``, ``graph_edges``) run inside SQLite, never as Python
loops over events.

Denials.  A REJECT event counts as a *denial concerning a pair* (A, B) when
- A rejects something (A is the REJECT's source; A is not a person) in a sentence that also
  mentions B, and B is not the thing rejected (a REJECT aimed straight at B is hostility
  between A and B, counted as such); or
- a person, or someone unnamed, rejects something in a sentence that mentions both A and B
  (neither of them a person, neither of them the thing rejected): "Foreign Minister Kallan
  rejected accusations that the Kingdom arms the FMF" is a denial about Dastan and the FMF.
A negated cooperative event between A and B ("Dastan has never armed the Front") is a denial too.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

Row = dict[str, Any]

EVENT_COLUMNS = (
    "e.*, s.name AS source_name, t.name AS target_name, w.name AS attributed_name,"
    " d.source AS outlet, d.published, d.title, d.path"
)
EVENT_FROM = (
    " FROM events e LEFT JOIN actors s ON s.id = e.source_id LEFT JOIN actors t ON t.id = e.target_id"
    " LEFT JOIN actors w ON w.id = e.attributed_to JOIN @DOCS ON d.id = e.doc_id"
)
EVENT_SELECT = "SELECT " + EVENT_COLUMNS + EVENT_FROM

# the outlet of a document, as evidence items name it (documents.source, else path, else title)
OUTLET_SQL = "COALESCE(d.source, d.path, d.title, d.id)"
_IN_SENTENCE = ('EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = e.doc_id AND m.actor_id = {who}'
                ' AND m.start >= e.start AND m."end" <= e."end")')


def _conn(store):
    return store.conn


def _run(store, sql: str, args=()):
    """Execute ``sql`` with ``@DOCS`` standing for the documents table (alias ``d``), read
    through the ``documents_outlet`` covering index when the store has it: a document row
    holds the whole text, and the planner does not pick the narrow index without ANALYZE."""
    conn = _conn(store)
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'documents_outlet'").fetchone()
    return conn.execute(sql.replace("@DOCS", "documents d INDEXED BY documents_outlet" if has else "documents d"), args)


def _q(n: int) -> str:
    return ",".join("?" * n)


def events_by_ids(store, ids: Iterable[int]) -> list[Row]:
    ids = list(dict.fromkeys(ids))
    out: list[Row] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out += [dict(r) for r in _run(store, f"{EVENT_SELECT} WHERE e.id IN ({_q(len(chunk))})", chunk)]
    return out


def pair_events(store, a: str, b: str, per_stance: int | None = None) -> list[Row]:
    """Every event between actor ids ``a`` and ``b``, either direction.  With ``per_stance``, at
    most that many per (stance, negated), chosen round-robin over voices (outlet and
    attribution) so that every voice is represented before any speaks twice."""
    lo, hi = sorted((a, b))
    where = "WHERE min(e.source_id, e.target_id) = ? AND max(e.source_id, e.target_id) = ?"
    if not per_stance:
        return [dict(r) for r in _run(store, f"{EVENT_SELECT} {where} ORDER BY e.date, e.doc_id, e.start", (lo, hi))]
    sql = f"""
    WITH ranked AS (
      SELECT x.id, ROW_NUMBER() OVER (PARTITION BY x.stance, x.negated ORDER BY x.per_voice, x.date, x.doc_id, x.start) AS rn
      FROM (SELECT e.id, e.stance, e.negated, e.date, e.doc_id, e.start,
                   ROW_NUMBER() OVER (PARTITION BY e.stance, e.negated, {OUTLET_SQL}, e.attributed_to
                                      ORDER BY e.date, e.doc_id, e.start) AS per_voice
            FROM events e JOIN @DOCS ON d.id = e.doc_id {where}) x
    )
    SELECT {EVENT_COLUMNS}{EVENT_FROM} JOIN ranked ON ranked.id = e.id WHERE ranked.rn <= ?
    ORDER BY e.date, e.doc_id, e.start
    """
    return [dict(r) for r in _run(store, sql, (lo, hi, per_stance))]


def group_events(store, left: list[str], right: list[str]) -> list[Row]:
    """Every event between any actor id in ``left`` and any in ``right``, either direction."""
    ql, qr = _q(len(left)), _q(len(right))
    where = f"WHERE (e.source_id IN ({ql}) AND e.target_id IN ({qr})) OR (e.source_id IN ({qr}) AND e.target_id IN ({ql}))"
    return [dict(r) for r in _run(store, f"{EVENT_SELECT} {where} ORDER BY e.date, e.doc_id, e.start", [*left, *right, *right, *left])]


def pair_denial_ids(store, a: str, b: str) -> list[int]:
    """Ids of REJECT events that are denials concerning the pair (see the module docstring)."""
    persons = _run(store, "SELECT COUNT(*) FROM actors WHERE id IN (?, ?) AND type = 'PERSON'", (a, b)).fetchone()[0]
    men_a, men_b = _IN_SENTENCE.format(who=":a"), _IN_SENTENCE.format(who=":b")
    sql = f"""
    SELECT e.id FROM events e LEFT JOIN actors s ON s.id = e.source_id
    WHERE e.type = 'REJECT' AND e.negated = 0 AND (
      (COALESCE(s.type <> 'PERSON', 0) AND e.source_id = :a AND e.target_id IS NOT :b AND {men_b})
      OR (COALESCE(s.type <> 'PERSON', 0) AND e.source_id = :b AND e.target_id IS NOT :a AND {men_a})
      OR (COALESCE(s.type = 'PERSON', 1) AND :persons = 0 AND e.target_id IS NOT :a AND e.target_id IS NOT :b
          AND {men_a} AND {men_b}))
    ORDER BY e.id
    """
    return [r[0] for r in _run(store, sql, {"a": a, "b": b, "persons": persons})]


# who speaks: the outlet, and the actor it attributes the claim to
VOICE_SQL = f"{OUTLET_SQL} || char(31) || COALESCE(e.attributed_to, '')"

_CONFLICTS_SQL = f"""
WITH agg AS (
  SELECT min(e.source_id, e.target_id) AS a, max(e.source_id, e.target_id) AS b,
    SUM(e.stance = 'cooperative' AND e.negated = 0) AS coop_n,
    COUNT(DISTINCT CASE WHEN e.stance = 'cooperative' AND e.negated = 0 THEN {OUTLET_SQL} END) AS coop_sources,
    COUNT(DISTINCT CASE WHEN e.stance = 'cooperative' AND e.negated = 0 THEN {VOICE_SQL} END) AS coop_voices,
    SUM(e.stance = 'hostile' AND e.negated = 0) AS hostile_n,
    COUNT(DISTINCT CASE WHEN e.stance = 'hostile' AND e.negated = 0 THEN {OUTLET_SQL} END) AS hostile_sources,
    COUNT(DISTINCT CASE WHEN e.stance = 'hostile' AND e.negated = 0 THEN {VOICE_SQL} END) AS hostile_voices,
    MIN(CASE WHEN e.negated = 0 THEN {VOICE_SQL} END) <> MAX(CASE WHEN e.negated = 0 THEN {VOICE_SQL} END)
      AS several_voices
  FROM events e JOIN @DOCS ON d.id = e.doc_id
  WHERE min(e.source_id, e.target_id) IS NOT NULL AND e.source_id <> e.target_id AND e.stance IN ('cooperative', 'hostile')
  GROUP BY min(e.source_id, e.target_id), max(e.source_id, e.target_id)
  HAVING coop_n > 0
),
rj AS (
  SELECT e.id, e.doc_id, e.start, e."end", e.source_id, e.target_id, COALESCE(s.type = 'PERSON', 1) AS by_person
  FROM events e LEFT JOIN actors s ON s.id = e.source_id
  WHERE e.type = 'REJECT' AND e.negated = 0
),
inside AS (
  SELECT DISTINCT rj.id, m.actor_id FROM rj JOIN mentions m
    ON m.doc_id = rj.doc_id AND m.start >= rj.start AND m."end" <= rj."end"
  WHERE m.actor_id IS NOT rj.source_id AND m.actor_id IS NOT rj.target_id
),
dsent AS (
  SELECT MIN(rj.source_id, i.actor_id) AS a, MAX(rj.source_id, i.actor_id) AS b, rj.doc_id, rj.start, rj.id AS rid
  FROM rj JOIN inside i ON i.id = rj.id WHERE rj.by_person = 0
  UNION
  SELECT i1.actor_id, i2.actor_id, rj.doc_id, rj.start, rj.id
  FROM rj JOIN inside i1 ON i1.id = rj.id JOIN inside i2 ON i2.id = rj.id AND i1.actor_id < i2.actor_id
       JOIN actors x1 ON x1.id = i1.actor_id JOIN actors x2 ON x2.id = i2.actor_id
  WHERE rj.by_person = 1 AND x1.type <> 'PERSON' AND x2.type <> 'PERSON'
  UNION
  SELECT min(e.source_id, e.target_id), max(e.source_id, e.target_id), e.doc_id, e.start, NULL FROM events e
  WHERE min(e.source_id, e.target_id) IS NOT NULL AND e.source_id <> e.target_id
    AND e.stance = 'cooperative' AND e.negated = 1
),
den AS (
  SELECT a, b, COUNT(DISTINCT doc_id || ':' || start) AS denials, group_concat(DISTINCT rid) AS reject_ids
  FROM dsent GROUP BY a, b
),
scored AS (
  SELECT agg.*, COALESCE(den.denials, 0) AS denials, den.reject_ids,
    CASE WHEN hostile_voices > 0 AND several_voices THEN MIN(coop_voices, hostile_voices) ELSE 0 END AS side_score,
    MIN(COALESCE(den.denials, 0), coop_voices) AS denial_score
  FROM agg LEFT JOIN den ON den.a = agg.a AND den.b = agg.b
)
SELECT scored.*, side_score + denial_score AS score, sa.name AS a_name, sb.name AS b_name
FROM scored JOIN actors sa ON sa.id = scored.a JOIN actors sb ON sb.id = scored.b
WHERE side_score + denial_score > 0
ORDER BY score DESC, coop_n + hostile_n + denials DESC, a_name, b_name
LIMIT ?
"""


def conflict_pairs(store, limit: int) -> list[Row]:
    """Actor pairs ranked by disagreement, aggregated in SQL (see ``analysis.conflicts``)."""
    return [dict(r) for r in _run(store, _CONFLICTS_SQL, (limit if limit and limit > 0 else -1,))]


def actors_by_norm(store, norms: Iterable[str]) -> dict[str, Row]:
    """norm -> the actor (id, name, type) that alias belongs to most often, for the given norms."""
    norms = [n for n in dict.fromkeys(norms) if n]
    out: dict[str, Row] = {}
    if not norms:
        return out
    gaz = store.resolver.gaz if hasattr(store, "resolver") else None
    known_gaz = {}
    if gaz is not None:
        gids = {n: gaz.by_alias[n] for n in norms if n in gaz.by_alias}
        if gids:
            rows = _run(store, f"SELECT id, name, type FROM actors WHERE id IN ({_q(len(gids))})", list(set(gids.values())))
            found = {r["id"]: dict(r) for r in rows}
            known_gaz = {n: found[g] for n, g in gids.items() if g in found}
    for i in range(0, len(norms), 500):
        chunk = norms[i : i + 500]
        rows = _run(store,
            f"SELECT l.norm, a.id, a.name, a.type, COUNT(*) AS n FROM aliases l JOIN actors a ON a.id = l.actor_id"
            f" WHERE l.norm IN ({_q(len(chunk))}) GROUP BY l.norm, a.id ORDER BY n DESC", chunk)
        for r in rows:
            out.setdefault(r["norm"], {"id": r["id"], "name": r["name"], "type": r["type"]})
        rows = _run(store, f"SELECT id, name, type FROM actors WHERE id IN ({_q(len(chunk))})", chunk)
        for r in rows:
            out.setdefault(r["id"], dict(r))
    out.update(known_gaz)
    return out


def affiliates(store, actor_id: str, limit: int = 8) -> list[Row]:
    """Branches of an actor, at most ``limit``: gazetteer children (``parent``) that are in the
    store first, then actors stored as AFFILIATE of it (not negated), those called so in the
    most documents first.  Each row: id, name, how."""
    out: dict[str, Row] = {}
    gaz = store.resolver.gaz if hasattr(store, "resolver") else None
    if gaz is not None:
        kids = [e.id for e in gaz.entries.values() if e.parent == actor_id]
        if kids:
            for r in _run(store, f"SELECT id, name FROM actors WHERE id IN ({_q(len(kids))})", kids):
                out[r["id"]] = {"id": r["id"], "name": r["name"], "how": "a branch in the gazetteer"}
    rows = _run(store,
        "SELECT e.source_id AS id, a.name, COUNT(DISTINCT e.doc_id) AS docs FROM events e JOIN actors a ON a.id = e.source_id"
        " WHERE e.target_id = ? AND e.type = 'AFFILIATE' AND e.negated = 0 AND e.source_id <> e.target_id"
        " GROUP BY e.source_id ORDER BY docs DESC LIMIT ?", (actor_id, limit))
    for r in rows:
        how = f"called an affiliate in {r['docs']} document{'s' if r['docs'] != 1 else ''}"
        out.setdefault(r["id"], {"id": r["id"], "name": r["name"], "how": how})
    return list(out.values())[:limit]


def documents_mentioning(store, actor_id: str) -> list[Row]:
    return [dict(r) for r in _run(store,
        "SELECT d.id, d.source, d.path, d.title, d.published, COUNT(*) AS mentions FROM mentions m JOIN @DOCS ON d.id = m.doc_id"
        " WHERE m.actor_id = ? GROUP BY d.id ORDER BY d.published, d.id", (actor_id,))]


def labels_with_paths(store, actor_id: str) -> list[Row]:
    return [dict(r) for r in _run(store,
        "SELECT l.label, l.sentence, l.doc_id, d.source, d.path, d.published, d.title FROM labels l JOIN @DOCS ON d.id = l.doc_id"
        " WHERE l.actor_id = ? ORDER BY d.published, l.doc_id, l.start", (actor_id,))]


def outlet_clause(names: list[str]) -> tuple[str, list[Any]]:
    """SQL matching documents whose outlet (as evidence items name it) is one of ``names``."""
    q = _q(len(names))
    low = [n.lower() for n in names]
    clause = (
        f"(lower(d.source) IN ({q}) OR (d.source IS NULL AND (lower(d.path) IN ({q})"
        + "".join(" OR lower(d.path) LIKE ?" for _ in names)
        + f" OR (d.path IS NULL AND lower(d.title) IN ({q})))))"
    )
    args: list[Any] = [*low, *low, *(f"%/{n}" for n in low), *low]
    return clause, args


def event_filters(store, *, since=None, until=None, sources=None, types=None, actor=None, attributed_to=None,
                  include_negated: bool = False) -> tuple[str, list[Any]]:
    where = ["e.source_id IS NOT NULL", "e.target_id IS NOT NULL", "e.source_id <> e.target_id"]
    args: list[Any] = []
    if not include_negated:
        where.append("e.negated = 0")
    if since:
        where.append("e.date >= ?")
        args.append(since)
    if until:
        where.append("substr(e.date, 1, length(?)) <= ?")
        args += [until, until]
    if types:
        tl = [t.upper() for t in types]
        where.append(f"e.type IN ({_q(len(tl))})")
        args += tl
    if sources:
        clause, a = outlet_clause(list(sources))
        where.append(clause)
        args += a
    if actor:
        aid = store.find_actor(actor)["id"]
        where.append("(e.source_id = ? OR e.target_id = ?)")
        args += [aid, aid]
    if attributed_to:
        if attributed_to.lower() in ("outlet", "none"):
            where.append("e.attributed_to IS NULL")
        else:
            where.append("e.attributed_to = ?")
            args.append(store.find_actor(attributed_to)["id"])
    return " AND ".join(where), args


def graph_edges(store, where: str, args: list[Any], min_weight: int = 1, limit: int | None = None) -> list[Row]:
    """Events grouped into edges (source, target, stance), strongest first: ``weight`` (distinct
    outlets), ``n`` (events), and the event ids and types as comma-separated lists."""
    return [dict(r) for r in _run(store,
        f"SELECT e.source_id, e.target_id, e.stance, COUNT(DISTINCT {OUTLET_SQL}) AS weight, COUNT(*) AS n,"
        f" group_concat(e.id) AS ids, group_concat(e.type) AS types"
        f" FROM events e JOIN @DOCS ON d.id = e.doc_id WHERE {where}"
        f" GROUP BY e.source_id, e.target_id, e.stance HAVING weight >= ?"
        f" ORDER BY weight DESC, n DESC, e.source_id, e.target_id, e.stance LIMIT ?",
        [*args, max(1, min_weight or 1), limit if limit and limit > 0 else -1])]


def actor_rows(store, ids: list[str] | None = None) -> list[Row]:
    """Actors (all, or these ids) with mention and document counts and aliases (most used first)."""
    conn = _conn(store)
    sql = ("SELECT a.id, a.name, a.type, COUNT(m.actor_id) AS mentions, COUNT(DISTINCT m.doc_id) AS documents"
           " FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id")
    rows: list[Row] = []
    if ids is None:
        rows = [dict(r) for r in conn.execute(sql + " GROUP BY a.id ORDER BY a.id")]
        alias_rows = conn.execute("SELECT actor_id, alias, COUNT(*) AS n FROM aliases GROUP BY actor_id, alias ORDER BY actor_id, n DESC, alias")
        aliases: dict[str, list[str]] = {}
        for r in alias_rows:
            aliases.setdefault(r[0], []).append(r[1])
    else:
        aliases = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += [dict(r) for r in conn.execute(sql + f" WHERE a.id IN ({_q(len(chunk))}) GROUP BY a.id", chunk)]
            for r in conn.execute(f"SELECT actor_id, alias, COUNT(*) AS n FROM aliases WHERE actor_id IN ({_q(len(chunk))})"
                                  " GROUP BY actor_id, alias ORDER BY actor_id, n DESC, alias", chunk):
                aliases.setdefault(r[0], []).append(r[1])
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
    return rows


def iter_documents(store, with_text: bool = False) -> Iterator[Row]:
    cols = "*" if with_text else ("id, path, title, source, author, url, published, published_text, published_origin,"
                                  " published_confidence, pipeline_version, ingested_at")
    for r in _run(store, f"SELECT {cols} FROM documents ORDER BY published, id"):
        row = dict(r)
        row.pop("content_hash", None)
        yield row


def iter_events(store) -> Iterator[Row]:
    for r in _run(store, f"{EVENT_SELECT} ORDER BY e.doc_id, e.start, e.id"):
        yield dict(r)


def labels_by_actor(store) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in _run(store, "SELECT actor_id, label, doc_id FROM labels ORDER BY actor_id, doc_id, start"):
        out.setdefault(r[0], []).append({"label": r[1], "doc_id": r[2]})
    return out
