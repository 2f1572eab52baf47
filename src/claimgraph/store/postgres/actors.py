"""Actor reads for PostgreSQL: the shared ones (``store/sqlite/actors.py``).  An actor's mentions
and documents come from ``actor_counts`` as on SQLite (kept here by migration 22's deltas, folded
at commit: ``edge_sql.py``), and so do the actors each name means and the names each actor is
called by (``norm_counts`` and ``alias_counts``, migration 25).

Before migration 22 each read counted the mentions along ``mentions_actor`` (210 ms for the
actor list at 100,000 documents)."""
from __future__ import annotations

from ..sqlite.actors import ActorReads as SQLiteActorReads
from .connection import kept


class ActorReads(SQLiteActorReads):
    # SQLite's NORM_USES and ALIAS_USES: migration 25's norm_counts and alias_counts (counting the
    # aliases read 100,000 rows of a busy name, and every alias row of the actors listed)
    actors_by_norms = kept(SQLiteActorReads.actors_by_norms)
    # SQLite's SUMMARY and ACTOR_COUNTS read actor_counts; the reads of the counts fold the open transaction first
    actors = kept(SQLiteActorReads.actors)
    actor = kept(SQLiteActorReads.actor)
    actor_rows = kept(SQLiteActorReads.actor_rows)
    actor_names = kept(SQLiteActorReads.actor_names)
