"""Actor edits for PostgreSQL: ``store/sqlite/actor_edits.py`` as it is, but for moving aliases,
where PostgreSQL has no ``UPDATE OR IGNORE``: only the aliases the target does not have yet (same
name, same document) move, and the rest are deleted."""
from __future__ import annotations

from ..sqlite.actor_edits import ActorEdits as SQLiteActorEdits


class ActorEdits(SQLiteActorEdits):
    def _move_aliases(self, src: str, dst: str, where: str = "", args: tuple = ()) -> int:
        moved = self.conn.execute(
            f"UPDATE aliases AS l SET actor_id = ? WHERE l.actor_id = ?{where} AND NOT EXISTS"
            " (SELECT 1 FROM aliases x WHERE x.actor_id = ? AND x.norm = l.norm AND x.doc_id = l.doc_id)",
            (dst, src, *args, dst)).rowcount
        self.conn.execute(f"DELETE FROM aliases WHERE actor_id = ?{where}", (src, *args))
        return moved
