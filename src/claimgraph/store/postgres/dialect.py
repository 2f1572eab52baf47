"""The SQL dialect bridge: the store's shared statements are written once, for SQLite (qmark
``?`` and ``:name`` parameters, SQLite's NULL order and comparisons); ``Dialect`` runs them on a
PostgreSQL connection with the same meaning.

``to_postgres`` rewrites a statement outside its string literals:

- ``?`` -> ``%s`` and ``:name`` -> ``%(name)s`` (psycopg's parameter styles; a literal ``%``
  becomes ``%%``);
- ``x IS ?`` / ``x IS NOT ?`` (SQLite's null-safe comparison) -> ``IS [NOT] DISTINCT FROM``;
- ``INSERT OR IGNORE`` -> ``INSERT ... ON CONFLICT DO NOTHING``;
- ``IN ()`` (an empty list, which SQLite allows) -> ``= ANY('{}')``, and ``NOT IN ()`` -> ``<> ALL('{}')``;
- ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores the case of ASCII letters);
- every ``ORDER BY`` key gets SQLite's NULL order (first when ascending, last when descending).

What differs beyond that (two-argument ``min``/``max``, ``group_concat``, full-text search, a
boolean summed as a number) is written for PostgreSQL in this package's modules.  Rows come back
as ``Row``: a tuple that is also indexed by column name and converts with ``dict(row)``, as
``sqlite3.Row`` does, so the read modules use them unchanged.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from psycopg.rows import dict_row, tuple_row

_LITERAL = re.compile(r"'(?:[^']|'')*'")
_MASK = re.compile(r"\x00(\d+)\x00")
_IS_NOT = re.compile(r"\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.I)
_IS = re.compile(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.I)
_OR_IGNORE = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_LIKE = re.compile(r"(?<!I)\bLIKE\b", re.I)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.I)
_CLAUSE_END = re.compile(r"\s(?:LIMIT|OFFSET)\b", re.I)
_NOT_IN_EMPTY = re.compile(r"\bNOT\s+IN\s*\(\s*\)", re.I)
_IN_EMPTY = re.compile(r"\bIN\s*\(\s*\)", re.I)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
#: ``INSERT [OR IGNORE] INTO t(columns) VALUES (?, ...)`` and nothing after: many rows make one
#: statement (``OR IGNORE``'s ``ON CONFLICT DO NOTHING`` skips a row that another row of it holds already)
_PLAIN_INSERT = re.compile(r"^\s*(INSERT (?:OR IGNORE )?INTO \w+\s*\([^)]*\))\s*VALUES\s*(\((?:\s*\?\s*,)*\s*\?\s*\))\s*$", re.S)
_ROWS_A_STATEMENT = 1000


@lru_cache(maxsize=1024)
def to_postgres(sql: str, with_params: bool = True) -> str:
    """``sql`` (SQLite's dialect, as the shared modules write it) for psycopg and PostgreSQL."""
    literals: list[str] = []

    def mask(m: re.Match) -> str:
        literals.append(m.group(0))
        return f"\x00{len(literals) - 1}\x00"

    s = _LITERAL.sub(mask, sql)
    ignore = bool(_OR_IGNORE.search(s))
    s = _OR_IGNORE.sub("INSERT INTO", s)
    s = _IS_NOT.sub("IS DISTINCT FROM ", s)
    s = _IS.sub("IS NOT DISTINCT FROM ", s)
    s = _LIKE.sub("ILIKE", s)
    s = _NOT_IN_EMPTY.sub("<> ALL('{}')", s)
    s = _IN_EMPTY.sub("= ANY('{}')", s)
    s = _nulls_like_sqlite(s)
    if ignore:
        s = s.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    if with_params:
        s = s.replace("%", "%%").replace("?", "%s")
        s = _NAMED.sub(r"%(\1)s", s)
    return _MASK.sub(lambda m: literals[int(m.group(1))].replace("%", "%%") if with_params else literals[int(m.group(1))], s)


def _nulls_like_sqlite(sql: str) -> str:
    """Give every ORDER BY key SQLite's NULL order: NULLS FIRST ascending, NULLS LAST descending."""
    out: list[str] = []
    pos = 0
    for m in _ORDER_BY.finditer(sql):
        if m.start() < pos:
            continue  # inside a clause already rewritten
        out.append(sql[pos:m.end()])
        i = start = m.end()
        depth = 0
        keys: list[str] = []
        while i < len(sql):
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and ch == ",":
                keys.append(sql[start:i])
                start = i + 1
            elif depth == 0 and ch.isspace() and _CLAUSE_END.match(sql, i):
                break
            i += 1
        keys.append(sql[start:i])
        out.append(",".join(_with_nulls(k) for k in keys))
        pos = i
    out.append(sql[pos:])
    return "".join(out)


def _with_nulls(key: str) -> str:
    body = key.rstrip()
    if not body.strip() or re.search(r"\bNULLS\s+(FIRST|LAST)\b", body, re.I):
        return key
    tail = key[len(body):]
    return body + (" NULLS LAST" if re.search(r"\bDESC$", body, re.I) else " NULLS FIRST") + tail


class Row(tuple):
    """A result row: by position (``row[0]``, unpacking) and by column name (``row["id"]``,
    ``dict(row)``), like ``sqlite3.Row``."""

    def __new__(cls, values, names: list[str], index: dict[str, int]):
        row = super().__new__(cls, values)
        row._names = names
        row._index = index
        return row

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


def row_factory(cursor):
    names = [c.name for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}

    def make(values):
        return Row(values, names, index)

    return make


class Dialect:
    """What the shared modules call ``self.conn``: ``execute`` and ``executemany`` of SQLite-style
    statements on a psycopg connection (autocommit; ``Connection.transaction`` says BEGIN)."""

    def __init__(self, raw, on_error=None):
        self.raw = raw
        self._on_error = on_error

    @contextmanager
    def _reporting(self):
        """Any error of the block goes to ``on_error`` (the store's: a broken connection), then on."""
        try:
            yield
        except Exception as exc:
            if self._on_error:
                self._on_error(exc)
            raise

    def execute(self, sql: str, args: Any = ()):
        params = args if args else None
        with self._reporting():
            return self.raw.execute(to_postgres(sql, params is not None), params)

    def tuples(self, sql: str, args: Any = ()) -> list[tuple]:
        """``execute(sql, args).fetchall()`` as plain tuples: for a read of many rows, where each
        ``Row`` cost 1-2 µs (a busy actor's page reads 80,000)."""
        return self._fetch(sql, args, tuple_row)

    def dicts(self, sql: str, args: Any = ()) -> list[dict[str, Any]]:
        """``[dict(row) for row in execute(sql, args)]``, made by psycopg's ``dict_row``: a
        ``Row`` made into a dict looked each of its names up (``check`` made 9,000, 20 ms)."""
        return self._fetch(sql, args, dict_row)

    def _fetch(self, sql: str, args: Any, factory) -> list:
        params = args if args else None
        with self._reporting(), self.raw.cursor(row_factory=factory) as cur:
            cur.execute(to_postgres(sql, params is not None), params)
            return cur.fetchall()

    def executemany(self, sql: str, seq) -> None:
        """``sql`` once per row of ``seq``; a plain ``INSERT [OR IGNORE] ... VALUES (...)`` (no
        conflict clause of its own, nothing returned) as one statement per 1,000 rows, so that the statement triggers
        of migrations 21 and 22 count a batch at once, in the order of the rows."""
        seq = list(seq)
        if not seq:
            return
        with self._reporting(), self.raw.cursor() as cur:
            plain = _PLAIN_INSERT.match(sql)
            if plain is None or len(seq) == 1:
                cur.executemany(to_postgres(sql, True), seq)
                return
            head, row = plain.group(1), plain.group(2)
            for at in range(0, len(seq), _ROWS_A_STATEMENT):
                chunk = seq[at:at + _ROWS_A_STATEMENT]
                cur.execute(to_postgres(f"{head} VALUES " + ", ".join([row] * len(chunk)), True),
                            [v for r in chunk for v in r])

    def script(self, sql: str) -> None:
        """Statements as they are (PostgreSQL's own dialect, no parameters): the migrations."""
        self.raw.execute(sql)
