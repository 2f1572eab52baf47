"""Decisions for PostgreSQL: ``store/sqlite/decisions.py`` as it is (its statements run through
``dialect.Dialect``), but for the new row's id, which PostgreSQL hands back with RETURNING."""
from __future__ import annotations

from ..rows import DecisionRow
from ..sqlite.decisions import Decisions as SQLiteDecisions
from ..sqlite.decisions import decision_values


class Decisions(SQLiteDecisions):
    def _insert(self, row: DecisionRow) -> int:
        return self.conn.execute(
            "INSERT INTO decisions(kind, subject, doc_hash, args, note, author, created_at, undone_at) VALUES (?,?,?,?,?,?,?,?)"
            " RETURNING id", decision_values(row)).fetchone()[0]
