"""Search: full text over documents (FTS5), names over actors.

User input never reaches FTS5 syntax: every word becomes a quoted FTS string (the last one a
prefix), so quotes, NEAR, AND, *, ^, column filters and parentheses in a query are searched
for as text, not obeyed."""
from __future__ import annotations

import re

from ...textutil import norm_name
from ..rows import SearchResult


class SearchReads:
    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Current documents whose title or text match every word of ``query`` (best first, with a
        snippet and the offsets of the hits in it) and actors whose name or alias contains it."""
        limit = max(1, min(int(limit or 20), 500))
        words = _fts_words(query)
        out: SearchResult = {"query": query, "documents": [], "actors": []}
        if not words:
            return out
        for r in self._document_hits(words, limit):
            row = dict(r)
            row["snippet"], row["highlights"] = _split_marks(row.pop("snip") or "")
            row["rank"] = round(row["rank"], 4)
            out["documents"].append(row)
        n = norm_name(query)
        if n:
            like = "%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            ids = [r[0] for r in self.conn.execute(
                "SELECT l.actor_id, MIN(CASE WHEN l.norm = ? THEN 0 WHEN l.norm LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END) AS k,"
                " COUNT(*) AS n FROM aliases l WHERE l.norm LIKE ? ESCAPE '\\' GROUP BY l.actor_id ORDER BY k, n DESC LIMIT ?",
                (n, like[1:], like, limit),
            )]
            if ids:
                q = ",".join("?" * len(ids))
                found = {r["id"]: dict(r) for r in self.conn.execute(self.SUMMARY + f" WHERE a.id IN ({q}) GROUP BY a.id", ids)}
                aliases = self._aliases_for(ids)
                for i in ids:
                    if i in found:
                        found[i]["aliases"] = aliases.get(i, [])
                        out["actors"].append(found[i])
        return out

    def _document_hits(self, words: list[str], limit: int) -> list:
        """The best ``limit`` current documents matching every word (the last as a prefix): id,
        title, source, published, path, snip (hits between \\x02 and \\x03) and rank (lower is better)."""
        match = " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
        return self.conn.execute(
            "SELECT d.id, d.title, d.source, d.published, d.path,"
            " snippet(documents_fts, 1, char(2), char(3), ' … ', 24) AS snip, bm25(documents_fts, 4.0, 1.0) AS rank"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? AND d.superseded_by IS NULL ORDER BY rank LIMIT ?", (match, limit),
        ).fetchall()


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_words(query: str) -> list[str]:
    """The words of a search box entry, safe to put inside FTS5 double quotes."""
    return _FTS_WORD.findall(query or "")[:32]


def _split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """FTS5 snippet with \\x02 … \\x03 around hits -> (plain text, [[start, end], ...])."""
    text: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            if start is not None:
                spans.append([start, pos])
            start = None
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans

