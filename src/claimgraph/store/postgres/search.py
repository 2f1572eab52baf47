"""Search for PostgreSQL: documents through the server's full-text index (``documents.search_vector``,
a tsvector with a GIN index, schema migration 2), actors as in ``store/sqlite/search.py``.

Every word of the query must match, the last one as a prefix, as with SQLite's FTS5; each word
becomes a quoted tsquery lexeme, so ``&``, ``|``, ``!``, ``:*`` and parentheses in a query are
searched for as text, never obeyed.  The rank is ``-ts_rank`` (lower is better, as SQLite's
bm25), the title weighing 4 times the text; the snippet is ``ts_headline`` of the text, hits
between \\x02 and \\x03 as ``_split_marks`` expects."""
from __future__ import annotations

from ..sqlite.search import SearchReads as SQLiteSearchReads
from .connection import kept

_HEADLINE = ("'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12, ShortWord=0,"
             " MaxFragments=1, FragmentDelimiter=\" … \"'")


class SearchReads(SQLiteSearchReads):
    search = kept(SQLiteSearchReads.search)  # its actors carry the kept counts (migration 22)

    def _document_hits(self, words: list[str], limit: int) -> list:
        query = " & ".join(f"'{w.lower()}'" for w in words[:-1]) + (" & " if len(words) > 1 else "") + f"'{words[-1].lower()}':*"
        return self.conn.execute(
            "SELECT h.id, h.title, h.source, h.published, h.path,"
            f" ts_headline('simple', d.text, h.q, {_HEADLINE}) AS snip, h.rank"
            " FROM (SELECT d.id, d.title, d.source, d.published, d.path, q,"
            "         -ts_rank('{0.1, 0.2, 0.25, 1.0}', d.search_vector, q) AS rank"
            "       FROM documents d, to_tsquery('simple', ?) q"
            "       WHERE d.search_vector @@ q AND d.superseded_by IS NULL ORDER BY rank, d.id LIMIT ?) h"
            " JOIN documents d ON d.id = h.id ORDER BY h.rank, h.id", (query, limit)).fetchall()
