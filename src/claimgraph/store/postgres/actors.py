"""Actor reads for PostgreSQL: the shared ones (``store/sqlite/actors.py``).  An actor's mentions
and documents come from ``actor_counts`` as on SQLite (kept here by migration 22's deltas, folded
at commit: ``edge_sql.py``); its names' uses are counted when asked (SQLite's migration 17 keeps
them; PostgreSQL's ``schema.py`` says why not here).

Before migration 22 each read counted the mentions along ``mentions_actor`` (210 ms for the
actor list at 100,000 documents)."""
from __future__ import annotations

from ..sqlite.actors import COUNTED_ALIAS_USES, COUNTED_NORM_USES
from ..sqlite.actors import ActorReads as SQLiteActorReads
from .connection import kept


class ActorReads(SQLiteActorReads):
    ALIAS_USES = COUNTED_ALIAS_USES
    NORM_USES = COUNTED_NORM_USES
    # SQLite's SUMMARY and ACTOR_COUNTS read actor_counts; the reads of the counts fold the open transaction first
    actors = kept(SQLiteActorReads.actors)
    actor = kept(SQLiteActorReads.actor)
    actor_rows = kept(SQLiteActorReads.actor_rows)
    actor_names = kept(SQLiteActorReads.actor_names)
