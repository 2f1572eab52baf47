"""Actor reads for PostgreSQL: the shared ones (``store/sqlite/actors.py``), counting an actor's
mentions, documents and names when asked, where SQLite reads its counters (migrations 13 and 17,
which PostgreSQL's schema leaves out: its ``schema.py`` says why)."""
from __future__ import annotations

from ..sqlite.actors import COUNTED_ALIAS_USES, COUNTED_NORM_USES, COUNTED_SUMMARY
from ..sqlite.actors import ActorReads as SQLiteActorReads


class ActorReads(SQLiteActorReads):
    SUMMARY = COUNTED_SUMMARY
    ALIAS_USES = COUNTED_ALIAS_USES
    NORM_USES = COUNTED_NORM_USES
    ACTOR_COUNTS = "SELECT COUNT(*) AS m, COUNT(DISTINCT doc_id) AS d FROM mentions WHERE actor_id = ?"
