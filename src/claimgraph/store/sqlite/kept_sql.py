"""Pieces of SQL that the kept tables' migration texts (``edge_sql.py``, ``conflict_sql.py``,
``claim_sql.py``, ``framing_sql.py``) and the reads share: a document's outlet as four columns,
and the four triggers on ``events`` that count an event in and out of a kept table."""
from __future__ import annotations

from collections.abc import Callable


def outlet_parts(p: str) -> list[str]:
    """A document ``p``'s outlet as four columns, read back by ``analysis.evidence.outlet_of``:
    ``source``; ``path`` when there is none, then ``title``, then the id (an empty one counts as none)."""
    return [f"{p}.source",
            f"CASE WHEN NULLIF({p}.source, '') IS NULL THEN {p}.path END",
            f"CASE WHEN NULLIF({p}.source, '') IS NULL AND NULLIF({p}.path, '') IS NULL THEN {p}.title END",
            f"CASE WHEN NULLIF({p}.source, '') IS NULL AND NULLIF({p}.path, '') IS NULL AND NULLIF({p}.title, '') IS NULL"
            f" THEN {p}.id END"]


def outlet_columns(p: str) -> str:
    """The four columns, as a select list (``outlet_counts`` groups by them)."""
    return ", ".join(outlet_parts(p))


def outlet_key(p: str) -> str:
    """The four columns in one key (``quote`` tells NULL from '')."""
    return " || char(31) || ".join(f"quote({c})" for c in outlet_parts(p))


def event_triggers(name: str, columns: str, counted: Callable[[str], str], add: Callable[[str], str],
                   sub: Callable[[str], str]) -> str:
    """The triggers ``<name>_ai``, ``_ad``, ``_au_old`` and ``_au_new`` that keep a table counting
    the events ``counted`` (a condition on the row ``new`` or ``old``): ``add`` counts a row in,
    ``sub`` out, and an UPDATE of ``columns`` takes the old row out and puts the new one in.  The
    text starts at its first CREATE and ends at its last ``END;``: the migration's line around it
    indents the first and ends the last."""
    return "\n".join([
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON events WHEN {counted('new')} BEGIN {add('new')}", "    END;",
        f"    CREATE TRIGGER {name}_ad AFTER DELETE ON events WHEN {counted('old')} BEGIN {sub('old')}", "    END;",
        f"    CREATE TRIGGER {name}_au_old AFTER UPDATE OF {columns} ON events WHEN {counted('old')} BEGIN {sub('old')}", "    END;",
        f"    CREATE TRIGGER {name}_au_new AFTER UPDATE OF {columns} ON events WHEN {counted('new')} BEGIN {add('new')}", "    END;",
    ])
