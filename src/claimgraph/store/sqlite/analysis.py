"""Aggregates for the analysis, in SQL: conflict pairs, denials, graph edges, affiliates.

Aggregations that touch every event (``conflict_pairs``, ``graph_edges``) run inside SQLite,
never as Python loops over events.

Denials.  A REJECT event counts as a *denial concerning a pair* (A, B) when
- A rejects something (A is the REJECT's source; A is not a person) in a sentence that also
  mentions B, and B is not the thing rejected (a REJECT aimed straight at B is hostility
  between A and B, counted as such); or
- a person, or someone unnamed, rejects something in a sentence that mentions both A and B
  (neither of them a person, neither of them the thing rejected): "Foreign Minister Kallan
  rejected accusations that the Kingdom arms the FMF" is a denial about Dastan and the FMF.
A negated cooperative event between A and B ("Dastan has never armed the Front") is a denial too.

Only acts count (``ACT_SQL``): an event whose mode is hypothetical or future ("threatened to
bomb", "vowed to retake", "would not attack") adds to no side and is no denial.
"""
from __future__ import annotations

from typing import Any

from ...ontology import UNREALIZED
from ..rows import AffiliateRow, ConflictPairRow, EdgePage, EdgeRow, EventFilter
from .connection import marks
from .events import EVENTS, date_and_type_terms

# the outlet of a document, as evidence items name it (documents.source, else path, else title)
OUTLET_SQL = "COALESCE(d.source, d.path, d.title, d.id)"
_IN_SENTENCE = ('EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = e.doc_id AND m.actor_id = {who}'
                ' AND m.start >= e.start AND m."end" <= e."end")')

# an act: an event reported as done (or denied), not a threat, a vow or a condition
# (``ontology.is_act``; ``events.mode`` is space-separated)
ACT_SQL = "(" + " AND ".join(f"instr(' ' || e.mode || ' ', ' {m} ') = 0" for m in sorted(UNREALIZED)) + ")"

# who speaks: the outlet, and the actor it attributes the claim to
VOICE_SQL = f"{OUTLET_SQL} || char(31) || COALESCE(e.attributed_to, '')"

_CONFLICTS_SQL = f"""
WITH agg AS (
  SELECT min(e.source_id, e.target_id) AS a, max(e.source_id, e.target_id) AS b,
    SUM(e.stance = 'cooperative' AND e.negated = 0 AND {ACT_SQL}) AS coop_n,
    COUNT(DISTINCT CASE WHEN e.stance = 'cooperative' AND e.negated = 0 AND {ACT_SQL} THEN {OUTLET_SQL} END) AS coop_sources,
    COUNT(DISTINCT CASE WHEN e.stance = 'cooperative' AND e.negated = 0 AND {ACT_SQL} THEN {VOICE_SQL} END) AS coop_voices,
    SUM(e.stance = 'hostile' AND e.negated = 0 AND {ACT_SQL}) AS hostile_n,
    COUNT(DISTINCT CASE WHEN e.stance = 'hostile' AND e.negated = 0 AND {ACT_SQL} THEN {OUTLET_SQL} END) AS hostile_sources,
    COUNT(DISTINCT CASE WHEN e.stance = 'hostile' AND e.negated = 0 AND {ACT_SQL} THEN {VOICE_SQL} END) AS hostile_voices,
    MIN(CASE WHEN e.negated = 0 AND {ACT_SQL} THEN {VOICE_SQL} END) <> MAX(CASE WHEN e.negated = 0 AND {ACT_SQL} THEN {VOICE_SQL} END)
      AS several_voices
  FROM {EVENTS} e JOIN @DOCS ON d.id = e.doc_id
  WHERE min(e.source_id, e.target_id) IS NOT NULL AND e.source_id <> e.target_id AND e.stance IN ('cooperative', 'hostile')
  GROUP BY min(e.source_id, e.target_id), max(e.source_id, e.target_id)
  HAVING coop_n > 0
),
rj AS (
  SELECT e.id, e.doc_id, e.start, e."end", e.source_id, e.target_id, COALESCE(s.type = 'PERSON', 1) AS by_person
  FROM {EVENTS} e LEFT JOIN actors s ON s.id = e.source_id
  WHERE e.type = 'REJECT' AND e.negated = 0 AND {ACT_SQL}
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
  SELECT min(e.source_id, e.target_id), max(e.source_id, e.target_id), e.doc_id, e.start, NULL FROM {EVENTS} e
  WHERE min(e.source_id, e.target_id) IS NOT NULL AND e.source_id <> e.target_id
    AND e.stance = 'cooperative' AND e.negated = 1 AND {ACT_SQL}
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

# the ranking from the pair counts that migration 15's triggers keep (``conflict_pairs``,
# ``conflict_voices``, ``conflict_denials``; schema.py): the same rows as ``_CONFLICTS_SQL``,
# which aggregates every event.  Two voices in all, unless each side has one and it is the same.
_SEVERAL_SQL = """CASE WHEN p.coop_voices + p.hostile_voices > 2 THEN 1 WHEN p.hostile_voices = 0 THEN p.coop_voices > 1
  ELSE NOT EXISTS (SELECT 1 FROM conflict_voices c JOIN conflict_voices h ON h.a = c.a AND h.b = c.b AND h.stance = 'hostile'
                   AND h.outlet = c.outlet AND h.voice = c.voice WHERE c.a = p.a AND c.b = p.b AND c.stance = 'cooperative') END"""
_SOURCES_SQL = "(SELECT COUNT(DISTINCT v.outlet) FROM conflict_voices v WHERE v.a = r.a AND v.b = r.b AND v.stance = '{stance}')"
#: a pair's REJECT denials, in the order the full aggregation lists them (the UNION's: document, start, id)
REJECT_IDS_SQL = ("(SELECT group_concat(rid) FROM (SELECT rid FROM conflict_denials x WHERE x.a = r.a AND x.b = r.b AND x.rid > 0"
                  " ORDER BY x.doc_id, x.start, x.rid))")


def ranked_sql(several: str, reject_ids: str, least: str = "MIN") -> str:
    """The ranking from the kept pair counts (above): ``several`` the test of several voices (0 or
    1), ``reject_ids`` a pair's REJECT denials as a list, ``least`` the two-argument minimum
    (PostgreSQL: LEAST); PostgreSQL's ranking is this text with its own three."""
    return f"""
SELECT r.a, r.b, r.coop_n, {_SOURCES_SQL.format(stance='cooperative')} AS coop_sources, r.coop_voices,
  r.hostile_n, {_SOURCES_SQL.format(stance='hostile')} AS hostile_sources, r.hostile_voices, r.several_voices,
  r.denials, {reject_ids} AS reject_ids, r.side_score, r.denial_score, r.score, r.a_name, r.b_name
FROM (
  SELECT s.*, s.side_score + s.denial_score AS score, sa.name AS a_name, sb.name AS b_name
  FROM (SELECT q.*, CASE WHEN q.hostile_voices > 0 AND q.several_voices = 1 THEN {least}(q.coop_voices, q.hostile_voices) ELSE 0 END
                    AS side_score,
          {least}(q.denials, q.coop_voices) AS denial_score
        FROM (SELECT p.a, p.b, p.coop_n, p.coop_voices, p.hostile_n, p.hostile_voices, p.denials, {several} AS several_voices
              FROM conflict_pairs p WHERE p.coop_n > 0) q) s
  JOIN actors sa ON sa.id = s.a JOIN actors sb ON sb.id = s.b
  WHERE s.side_score + s.denial_score > 0
  ORDER BY score DESC, s.coop_n + s.hostile_n + s.denials DESC, a_name, b_name
  LIMIT ?
) r
ORDER BY r.score DESC, r.coop_n + r.hostile_n + r.denials DESC, r.a_name, r.b_name
"""


class AnalysisReads:
    EDGES_BY_TARGET = "edges INDEXED BY edges_target"  # PostgreSQL: its planner picks the index
    RANKED_SQL = ranked_sql(_SEVERAL_SQL, REJECT_IDS_SQL)
    FULL_SQL = _CONFLICTS_SQL

    def conflict_pairs(self, limit: int) -> list[ConflictPairRow]:
        """Actor pairs ranked by disagreement (see ``analysis.conflicts``), from the counts per pair
        that migration 15's triggers keep: a row per pair, not every event."""
        return self._rows(self.RANKED_SQL, (limit if limit and limit > 0 else -1,))

    def conflict_pairs_recomputed(self, limit: int) -> list[ConflictPairRow]:
        """``conflict_pairs`` aggregated from every event, mention and actor (what the counts
        must equal; the tests compare them)."""
        return self._rows(self.FULL_SQL, (limit if limit and limit > 0 else -1,))

    def pair_denial_ids(self, a: str, b: str) -> list[int]:
        """Ids of REJECT events that are denials concerning the pair (see the module docstring):
        the REJECT rows of the pair in ``conflict_denials``, which migrations 15 and 17 keep
        by this definition, where the full read tests every REJECT of the store and its mentions.
        (An actor paired with itself has no rows there: read in full.)"""
        if a == b:
            return self.pair_denial_ids_recomputed(a, b)
        return [r[0] for r in self._run("SELECT DISTINCT rid FROM conflict_denials WHERE a = ? AND b = ? AND rid > 0 ORDER BY rid",
                                        sorted((a, b)))]

    def pair_denial_ids_recomputed(self, a: str, b: str) -> list[int]:
        """``pair_denial_ids`` from every REJECT and its mentions (what the kept rows must give)."""
        persons = self._run("SELECT COUNT(*) FROM actors WHERE id IN (?, ?) AND type = 'PERSON'", (a, b)).fetchone()[0]
        men_a, men_b = _IN_SENTENCE.format(who=":a"), _IN_SENTENCE.format(who=":b")
        sql = f"""
        SELECT e.id FROM {EVENTS} e LEFT JOIN actors s ON s.id = e.source_id
        WHERE e.type = 'REJECT' AND e.negated = 0 AND {ACT_SQL} AND (
          (COALESCE(s.type <> 'PERSON', 0) AND e.source_id = :a AND e.target_id IS NOT :b AND {men_b})
          OR (COALESCE(s.type <> 'PERSON', 0) AND e.source_id = :b AND e.target_id IS NOT :a AND {men_a})
          OR (COALESCE(s.type = 'PERSON', 1) AND :persons = 0 AND e.target_id IS NOT :a AND e.target_id IS NOT :b
              AND {men_a} AND {men_b}))
        ORDER BY e.id
        """
        return [r[0] for r in self._run(sql, {"a": a, "b": b, "persons": persons})]

    def graph_edges(self, filters: EventFilter, min_weight: int = 1, limit: int | None = None) -> list[EdgeRow]:
        """Events (both ends known, not reflexive) grouped into edges (source, target, stance),
        strongest first: ``weight`` (distinct outlets), ``n`` (events), and the event ids and
        types as comma-separated lists."""
        where, args = _filter_sql(filters)
        return self._rows(
            f"SELECT e.source_id, e.target_id, e.stance, COUNT(DISTINCT {OUTLET_SQL}) AS weight, COUNT(*) AS n,"
            f" group_concat(e.id) AS ids, group_concat(e.type) AS types"
            f" FROM {EVENTS} e JOIN @DOCS ON d.id = e.doc_id WHERE {where}"
            f" GROUP BY e.source_id, e.target_id, e.stance HAVING weight >= ?"
            f" ORDER BY weight DESC, n DESC, e.source_id, e.target_id, e.stance LIMIT ?",
            [*args, max(1, min_weight or 1), limit if limit and limit > 0 else -1])

    def edge_page(self, min_weight: int = 1, limit: int = 150, sectors: bool = True, ids_limit: int = 200) -> EdgePage:
        """The graph with no filter, from the edges kept by migration 16's triggers: the first
        ``limit`` edges in ``graph_edges``' order (the events not negated, weight at least
        ``min_weight``; with ``sectors`` False none with a sector actor at an end), each with its
        types counted and its first ``ids_limit`` event ids (smallest first; ``n`` counts them
        all), and ``total_edges`` and ``total_nodes`` (the ends of every edge of that weight,
        less the sector actors when they are left out), as grouping the events would give."""
        hide = "" if sectors else (" AND g.source_id NOT IN (SELECT id FROM actors WHERE kind = 'sector')"
                                   " AND g.target_id NOT IN (SELECT id FROM actors WHERE kind = 'sector')")
        w = max(1, min_weight or 1)
        rows = self._rows(f"SELECT g.source_id, g.target_id, g.stance, g.weight, g.n FROM edges g WHERE g.weight >= ?{hide}"
                          " ORDER BY g.weight DESC, g.n DESC, g.source_id, g.target_id, g.stance LIMIT ?", (w, limit))
        total_edges = self._run(f"SELECT COUNT(*) FROM edges g WHERE g.weight >= ?{hide}", (w,)).fetchone()[0]
        shown = "" if sectors else " AND a.kind IS NOT 'sector'"
        total_nodes = self._run(  # a probe or two per actor along the edges' keys, not a pass over every edge
            "SELECT COUNT(*) FROM actors a WHERE (EXISTS (SELECT 1 FROM edges WHERE source_id = a.id AND weight >= ?)"
            f" OR EXISTS (SELECT 1 FROM {self.EDGES_BY_TARGET} WHERE target_id = a.id AND weight >= ?)){shown}",
            (w, w)).fetchone()[0]
        for r in rows:
            key = (r["source_id"], r["target_id"], r["stance"])
            r["types"] = {t: n for t, n in self._run(
                "SELECT type, n FROM edge_types WHERE source_id = ? AND target_id = ? AND stance = ? AND negated = 0", key)}
            r["ids"] = [i for (i,) in self._run(
                f"SELECT e.id FROM {EVENTS} e WHERE e.source_id = ? AND e.target_id = ? AND e.stance = ? AND e.negated = 0"
                " ORDER BY e.id LIMIT ?", (*key, ids_limit))]
        return {"edges": rows, "total_edges": total_edges, "total_nodes": total_nodes}

    def edge_counts(self) -> list[tuple[str, str, int]]:
        """``Store.edge_counts``: the edges migration 16's triggers keep, a row per pair, grouped in
        the order of their key (nothing sorted).  At 100,000 documents the grouped read costs what
        the raw rows do (42 ms), and the network builds from 47,000 rows in half the time of 81,000
        (PostgreSQL's reads the raw rows, which it groups and sorts slowly)."""
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples: tens of thousands of rows
        return cur.execute("SELECT source_id, target_id, SUM(n) FROM edges GROUP BY source_id, target_id ORDER BY source_id, target_id").fetchall()

    def affiliates_of(self, actor_id: str, limit: int = 8) -> list[AffiliateRow]:
        """Actors stored as AFFILIATE of ``actor_id`` (not negated), those called so in the most
        documents first: id, name, docs."""
        return self._rows(
            f"SELECT e.source_id AS id, a.name, COUNT(DISTINCT e.doc_id) AS docs FROM {EVENTS} e JOIN actors a ON a.id = e.source_id"
            " WHERE e.target_id = ? AND e.type = 'AFFILIATE' AND e.negated = 0 AND e.source_id <> e.target_id"
            " GROUP BY e.source_id ORDER BY docs DESC LIMIT ?", (actor_id, limit))


def outlet_clause(names: list[str]) -> tuple[str, list[Any]]:
    """SQL matching documents whose outlet (as evidence items name it) is one of ``names``."""
    q = marks(len(names))
    low = [n.lower() for n in names]
    clause = (
        f"(lower(d.source) IN ({q}) OR (d.source IS NULL AND (lower(d.path) IN ({q})"
        + "".join(" OR lower(d.path) LIKE ?" for _ in names)
        + f" OR (d.path IS NULL AND lower(d.title) IN ({q})))))"
    )
    args: list[Any] = [*low, *low, *(f"%/{n}" for n in low), *low]
    return clause, args


def _filter_sql(f: EventFilter) -> tuple[str, list[Any]]:
    where = ["e.source_id IS NOT NULL", "e.target_id IS NOT NULL", "e.source_id <> e.target_id"]
    args: list[Any] = []
    if not f.include_negated:
        where.append("e.negated = 0")
    terms, more = date_and_type_terms(f.since, f.until, f.types)
    where += terms
    args += more
    if f.sources:
        clause, a = outlet_clause(list(f.sources))
        where.append(clause)
        args += a
    if f.actor_id:
        where.append("(e.source_id = ? OR e.target_id = ?)")
        args += [f.actor_id, f.actor_id]
    if f.acts_only:
        where.append(ACT_SQL)
    if f.outlet_only:
        where.append("e.attributed_to IS NULL")
    elif f.attributed_to:
        where.append("e.attributed_to = ?")
        args.append(f.attributed_to)
    return " AND ".join(where), args
