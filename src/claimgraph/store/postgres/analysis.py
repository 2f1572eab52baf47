"""Aggregates for the analysis, in PostgreSQL: the SQL of ``store/sqlite/analysis.py`` (whose
docstring says what counts as a denial and as an act), written with LEAST/GREATEST for SQLite's
two-argument min/max, ``COUNT(*) FILTER`` for a summed comparison, ``string_agg`` for
``group_concat``, and the HAVING conditions spelt out (PostgreSQL does not read output names
there).  The filters (``_filter_sql``) and the outlet test are shared."""
from __future__ import annotations

from ..rows import AffiliateRow, ConflictPairRow, EdgeRow, EventFilter
from ..sqlite.analysis import _IN_SENTENCE, ACT_SQL, OUTLET_SQL, _filter_sql, ranked_sql
from ..sqlite.analysis import AnalysisReads as SQLiteAnalysisReads
from ..sqlite.events import EVENTS
from .connection import kept

_BOTH = "e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
_ACT = f"e.negated = 0 AND (e.mode = '' OR {ACT_SQL})"

# Shaped for PostgreSQL's planner, which ran the SQLite text in 40 s at 800,000 events:
# - "an act" leads with ``e.mode = ''`` (the same test: an empty mode names no unrealized
#   mode), which the planner estimates from column statistics; ``instr(...) = 0`` alone it
#   takes for 0.5 % of the rows each, so every REJECT looked like one row and it joined CTE
#   scans in nested loops (10^9 row comparisons for ``rj JOIN inside``);
# - the sides are counted in three GROUP BYs (pair, stance, outlet, speaker; then pair, stance,
#   outlet; then pair) instead of four COUNT(DISTINCT ...) per pair, each of which sorts the
#   pair's events (2.2 s of the 40 s; now 1 s); a voice is the outlet and the speaker, as
#   SQLite's ``VOICE_SQL`` joins them, so the counts are the same while no outlet name holds chr(31);
# - a REJECT's columns travel with its mentions (``inside``), and the pairs of a person's REJECT
#   are found from the mentions index, so no join goes back to a CTE by id;
# - ``dsent`` is a UNION ALL: ``den`` counts only distinct sentences and ids, so the UNION's
#   dedup sort bought nothing.
_CONFLICTS_SQL = f"""
WITH spoken AS (
  SELECT LEAST(e.source_id, e.target_id) AS a, GREATEST(e.source_id, e.target_id) AS b, e.stance,
         {OUTLET_SQL} AS outlet, COALESCE(e.attributed_to, '') AS speaker, COUNT(*) AS n
  FROM {EVENTS} e JOIN documents d ON d.id = e.doc_id
  WHERE {_BOTH} AND e.source_id <> e.target_id AND e.stance IN ('cooperative', 'hostile') AND {_ACT}
  GROUP BY 1, 2, 3, 4, 5
),
outlets AS (
  SELECT a, b, stance, SUM(n) AS n, COUNT(*) AS voices,
         MIN(outlet || chr(31) || speaker) AS first_voice, MAX(outlet || chr(31) || speaker) AS last_voice
  FROM spoken GROUP BY a, b, stance, outlet
),
agg AS (
  SELECT a, b,
    SUM(n) FILTER (WHERE stance = 'cooperative')::bigint AS coop_n,
    COUNT(*) FILTER (WHERE stance = 'cooperative') AS coop_sources,
    SUM(voices) FILTER (WHERE stance = 'cooperative')::bigint AS coop_voices,
    COALESCE(SUM(n) FILTER (WHERE stance = 'hostile'), 0)::bigint AS hostile_n,
    COUNT(*) FILTER (WHERE stance = 'hostile') AS hostile_sources,
    COALESCE(SUM(voices) FILTER (WHERE stance = 'hostile'), 0)::bigint AS hostile_voices,
    (MIN(first_voice) <> MAX(last_voice))::int AS several_voices
  FROM outlets GROUP BY a, b
  HAVING COUNT(*) FILTER (WHERE stance = 'cooperative') > 0
),
rj AS (
  SELECT e.id, e.doc_id, e.start, e."end", e.source_id, e.target_id, COALESCE((s.type = 'PERSON')::int, 1) AS by_person
  FROM {EVENTS} e LEFT JOIN actors s ON s.id = e.source_id
  WHERE e.type = 'REJECT' AND {_ACT}
),
inside AS (
  SELECT rj.*, m.actor_id, x.type <> 'PERSON' AS not_person
  FROM rj JOIN mentions m ON m.doc_id = rj.doc_id AND m.start >= rj.start AND m."end" <= rj."end"
       JOIN actors x ON x.id = m.actor_id
  WHERE m.actor_id IS DISTINCT FROM rj.source_id AND m.actor_id IS DISTINCT FROM rj.target_id
),
dsent AS (
  SELECT LEAST(i.source_id, i.actor_id) AS a, GREATEST(i.source_id, i.actor_id) AS b, i.doc_id, i.start, i.id AS rid
  FROM inside i WHERE i.by_person = 0
  UNION ALL
  SELECT i.actor_id, m.actor_id, i.doc_id, i.start, i.id
  FROM inside i JOIN mentions m ON m.doc_id = i.doc_id AND m.start >= i.start AND m."end" <= i."end" AND m.actor_id > i.actor_id
       JOIN actors x ON x.id = m.actor_id
  WHERE i.by_person = 1 AND i.not_person AND x.type <> 'PERSON'
    AND m.actor_id IS DISTINCT FROM i.source_id AND m.actor_id IS DISTINCT FROM i.target_id
  UNION ALL
  SELECT LEAST(e.source_id, e.target_id), GREATEST(e.source_id, e.target_id), e.doc_id, e.start, NULL FROM {EVENTS} e
  WHERE {_BOTH} AND e.source_id <> e.target_id
    AND e.stance = 'cooperative' AND e.negated = 1 AND (e.mode = '' OR {ACT_SQL})
),
den AS (
  SELECT a, b, COUNT(DISTINCT doc_id || ':' || start) AS denials,
         string_agg(rid::text, ',' ORDER BY doc_id, start, rid) FILTER (WHERE rid IS NOT NULL AND first) AS reject_ids
  FROM (SELECT *, row_number() OVER (PARTITION BY a, b, rid) = 1 AS first FROM dsent) u GROUP BY a, b
),
scored AS (
  SELECT agg.*, COALESCE(den.denials, 0) AS denials, den.reject_ids,
    CASE WHEN hostile_voices > 0 AND several_voices = 1 THEN LEAST(coop_voices, hostile_voices) ELSE 0 END AS side_score,
    LEAST(COALESCE(den.denials, 0), coop_voices) AS denial_score
  FROM agg LEFT JOIN den ON den.a = agg.a AND den.b = agg.b
)
SELECT scored.*, side_score + denial_score AS score, sa.name AS a_name, sb.name AS b_name
FROM scored JOIN actors sa ON sa.id = scored.a JOIN actors sb ON sb.id = scored.b
WHERE side_score + denial_score > 0
ORDER BY score DESC, coop_n + hostile_n + denials DESC, a_name, b_name
LIMIT ?
"""


# the ranking from the pair counts that migration 23 keeps: SQLite's ``ranked_sql`` (whose comment
# says why the rows are those of the full aggregation), with LEAST for SQLite's two-argument min,
# the boolean tests cast to the 0 and 1 that the full aggregation gives, and string_agg;
# - one voice a side: several unless the two rows name the same voice (a count over the pair's two
#   rows; SQLite's NOT EXISTS of a self-join the planner ran as a hash of every voice, 100 ms)
_SEVERAL_SQL = """CASE WHEN p.coop_voices + p.hostile_voices > 2 THEN 1 WHEN p.hostile_voices = 0 THEN (p.coop_voices > 1)::int
  ELSE ((SELECT COUNT(DISTINCT (v.outlet, v.voice)) FROM conflict_voices v WHERE v.a = p.a AND v.b = p.b) > 1)::int END"""
_REJECT_IDS_SQL = ("(SELECT string_agg(x.rid::text, ',' ORDER BY x.doc_id, x.start, x.rid) FROM conflict_denials x"
                   " WHERE x.a = r.a AND x.b = r.b AND x.rid > 0)")
_RANKED_SQL = ranked_sql(_SEVERAL_SQL, _REJECT_IDS_SQL, least="LEAST")


class AnalysisReads:
    FULL_SQL = _CONFLICTS_SQL

    @kept
    def conflict_pairs(self, limit: int) -> list[ConflictPairRow]:
        """Actor pairs ranked by disagreement (see ``analysis.conflicts``), from the counts per pair
        that migration 23 keeps: a row per pair, not every event."""
        return self._rows(_RANKED_SQL, (limit if limit and limit > 0 else None,))

    def conflict_pairs_recomputed(self, limit: int) -> list[ConflictPairRow]:
        """``conflict_pairs`` aggregated from every event, mention and actor (what the kept counts
        must equal; the tests compare them)."""
        return self._rows(self.FULL_SQL, (limit if limit and limit > 0 else None,))

    # the REJECT rows of the pair in the kept denials (SQLite's statement)
    pair_denial_ids = kept(SQLiteAnalysisReads.pair_denial_ids)

    def pair_denial_ids_recomputed(self, a: str, b: str) -> list[int]:
        """Ids of REJECT events that are denials concerning the pair (``store/sqlite/analysis.py``).

        SQLite's statement is one OR of three cases over every REJECT; here each case is a
        branch of a UNION that an index starts (the denier's events, or the pair's mentions), the
        third only when neither is a person (known before the statement), and "an act" is
        ``_ACT``, which the planner estimates (the conflicts comment above).  The OR cost 1.7
        million for PostgreSQL, whose JIT then compiled for 350 ms a statement that ran in 120."""
        persons = self._run("SELECT COUNT(*) FROM actors WHERE id IN (?, ?) AND type = 'PERSON'", (a, b)).fetchone()[0]
        men_a, men_b = _IN_SENTENCE.format(who=":a"), _IN_SENTENCE.format(who=":b")
        head = f"SELECT e.id FROM {EVENTS} e LEFT JOIN actors s ON s.id = e.source_id WHERE e.type = 'REJECT' AND {_ACT}"
        cases = [f"{head} AND COALESCE(s.type <> 'PERSON', false) AND e.source_id = :a AND e.target_id IS NOT :b AND {men_b}",
                 f"{head} AND COALESCE(s.type <> 'PERSON', false) AND e.source_id = :b AND e.target_id IS NOT :a AND {men_a}"]
        if not persons:
            cases.append(f"{head} AND COALESCE(s.type = 'PERSON', true) AND e.target_id IS NOT :a AND e.target_id IS NOT :b"
                         f" AND {men_a} AND {men_b}")
        return [r[0] for r in self._run(" UNION ".join(cases) + " ORDER BY 1", {"a": a, "b": b})]

    def graph_edges(self, filters: EventFilter, min_weight: int = 1, limit: int | None = None) -> list[EdgeRow]:
        """Events (both ends known, not reflexive) grouped into edges (source, target, stance),
        strongest first: ``weight`` (distinct outlets), ``n`` (events), and the event ids and
        types as comma-separated lists (in event order)."""
        where, args = _filter_sql(filters)
        weight = f"COUNT(DISTINCT {OUTLET_SQL})"
        return self._rows(
            f"SELECT e.source_id, e.target_id, e.stance, {weight} AS weight, COUNT(*) AS n,"
            f" string_agg(e.id::text, ',' ORDER BY e.id) AS ids, string_agg(e.type, ',' ORDER BY e.id) AS types"
            f" FROM {EVENTS} e JOIN documents d ON d.id = e.doc_id WHERE {where}"
            f" GROUP BY e.source_id, e.target_id, e.stance HAVING {weight} >= ?"
            f" ORDER BY weight DESC, n DESC, e.source_id, e.target_id, e.stance LIMIT ?",
            [*args, max(1, min_weight or 1), limit if limit and limit > 0 else None])

    # the kept edges of migration 21: SQLite's statements (``store/sqlite/analysis.py``)
    EDGES_BY_TARGET = "edges"
    edge_page = kept(SQLiteAnalysisReads.edge_page)

    @kept
    def edge_counts(self) -> list[tuple[str, str, int]]:
        """SQLite's ``edge_counts``, from the kept edges (migration 21) as they are: at 100,000
        documents, grouping their 81,000 rows into 47,000 pairs and sorting them took half of the
        57 ms (the planner expected 8,000 groups)."""
        return self._tuples("SELECT source_id, target_id, n FROM edges")

    def affiliates_of(self, actor_id: str, limit: int = 8) -> list[AffiliateRow]:
        """Actors stored as AFFILIATE of ``actor_id`` (not negated), those called so in the most
        documents first: id, name, docs."""
        return self._rows(
            f"SELECT e.source_id AS id, a.name, COUNT(DISTINCT e.doc_id) AS docs FROM {EVENTS} e JOIN actors a ON a.id = e.source_id"
            " WHERE e.target_id = ? AND e.type = 'AFFILIATE' AND e.negated = 0 AND e.source_id <> e.target_id"
            " GROUP BY e.source_id, a.name ORDER BY docs DESC LIMIT ?", (actor_id, limit))
