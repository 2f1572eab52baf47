"""Actor reads for PostgreSQL: the shared ones (``store/sqlite/actors.py``), counting an actor's
mentions, documents and names when asked, where SQLite reads its counters (migrations 13 and 17,
which PostgreSQL's schema leaves out: its ``schema.py`` says why).

The counts are read per actor along ``mentions_actor`` (actor, document), whose order lets the
mentions be grouped by document as they come: no sort, and only the actors the statement keeps
(a ``WHERE a.id IN`` of the shared reads limits the LATERAL too).  The shared text joins every
mention to its actor and counts ``DISTINCT`` documents, which sorts each actor's mentions
(1.6 million at 100,000 documents: 650 ms for the actor list, now 210).  ``MAX`` of the one row
each actor has keeps the shared reads' ``GROUP BY a.id`` valid."""
from __future__ import annotations

from ..sqlite.actors import COUNTED_ALIAS_USES, COUNTED_NORM_USES
from ..sqlite.actors import ActorReads as SQLiteActorReads

_PER_DOCUMENT = "(SELECT doc_id, COUNT(*) AS n FROM mentions m WHERE m.actor_id = {who} GROUP BY doc_id) p"

#: ``SUMMARY`` (an actor with its counts; ``WHERE`` and ``GROUP BY a.id`` follow)
COUNTED_SUMMARY = ("SELECT a.id, a.name, a.type, a.kind, a.sector, MAX(c.mentions) AS mentions, MAX(c.documents) AS documents"
                   " FROM actors a CROSS JOIN LATERAL (SELECT COALESCE(SUM(p.n), 0)::bigint AS mentions, COUNT(*) AS documents"
                   f" FROM {_PER_DOCUMENT.format(who='a.id')}) c")


class ActorReads(SQLiteActorReads):
    SUMMARY = COUNTED_SUMMARY
    ALIAS_USES = COUNTED_ALIAS_USES
    NORM_USES = COUNTED_NORM_USES
    ACTOR_COUNTS = f"SELECT COALESCE(SUM(p.n), 0)::bigint AS m, COUNT(*) AS d FROM {_PER_DOCUMENT.format(who='?')}"
