"""Edits of stored actors that decisions make (``decisions.py``): finding the actor a content key
names, moving every record of one actor to another (a merge), and carving the mentions of some
aliases out of an actor into another one (a split, and the undo of a merge).

An actor is named by content: the normalised text of one of its names (``textutil.norm_name``),
with the id it had when the decision was made as a hint (ids are slugs of names or gazetteer
ids, so they come back when the same documents are written again).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...textutil import norm_name
from .connection import chunks, marks

# every column that names an actor, table by table
_ACTOR_COLUMNS = (("mentions", "actor_id"), ("labels", "actor_id"), ("quotes", "speaker_id"), ("events", "source_id"),
                  ("events", "target_id"), ("events", "attributed_to"), ("events", "via"))


class ActorEdits:
    def _actor_for_key(self, key: str | None, hint: str | None = None, *, exclude: str | None = None,
                       loose: bool = True) -> str | None:
        """The id of the stored actor that ``key`` (a normalised name) names: the hinted id if it
        is stored, else an actor whose canonical name is ``key``, else (``loose``) the actor that
        alias names most often.  Never ``exclude``."""
        c = self.conn
        if hint and hint != exclude and c.execute("SELECT 1 FROM actors WHERE id = ?", (hint,)).fetchone():
            return hint
        if not key:
            return None
        holders = [r[0] for r in c.execute("SELECT DISTINCT actor_id FROM aliases WHERE norm = ?", (key,)) if r[0] != exclude]
        named = sorted(aid for aid, name in self._names_of(holders) if norm_name(name) == key)
        if named:
            return named[0]
        if not loose:
            return None
        r = c.execute("SELECT actor_id, COUNT(*) AS n FROM aliases WHERE norm = ? AND actor_id IS NOT ? GROUP BY actor_id"
                      " ORDER BY n DESC, actor_id LIMIT 1", (key, exclude)).fetchone()
        return r[0] if r else None

    def _names_of(self, ids: list[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for chunk in chunks(ids):
            out += [(r[0], r[1]) for r in self.conn.execute(f"SELECT id, name FROM actors WHERE id IN ({marks(len(chunk))})", chunk)]
        return out

    def _actor_norms(self, actor_id: str, doc_id: str | None = None) -> set[str]:
        """The normalised aliases of an actor (in one document, or in all)."""
        if doc_id is None:
            rows = self.conn.execute("SELECT DISTINCT norm FROM aliases WHERE actor_id = ?", (actor_id,))
        else:
            rows = self.conn.execute("SELECT DISTINCT norm FROM aliases WHERE actor_id = ? AND doc_id = ?", (actor_id, doc_id))
        return {r[0] for r in rows}

    def _named_in(self, doc_ids: list[str]) -> tuple[set[str], set[str]]:
        """The normalised aliases, and the actor ids, that these documents name."""
        norms: set[str] = set()
        ids: set[str] = set()
        for chunk in chunks(sorted(set(doc_ids))):
            for norm_, actor_id in self.conn.execute(f"SELECT norm, actor_id FROM aliases WHERE doc_id IN ({marks(len(chunk))})", chunk):
                norms.add(norm_)
                ids.add(actor_id)
        return norms, ids

    def _ensure_actor(self, actor: dict[str, Any]) -> None:
        self.conn.execute("INSERT OR IGNORE INTO actors(id, name, type, gaz_id, kind, sector) VALUES (?,?,?,NULL,?,?)",
                          (actor["id"], actor["name"], actor["type"], actor.get("kind") or "actor", actor.get("sector")))
        self._note_actors([actor["id"]])

    def _merge_rows(self, src: str, dst: str) -> int:
        """Every record of actor ``src`` names ``dst`` instead, and ``src`` is deleted.  Returns
        how many records moved."""
        c = self.conn
        if src == dst:
            return 0
        moved = self._move_aliases(src, dst)
        for table, col in _ACTOR_COLUMNS:
            moved += c.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (dst, src)).rowcount
        kinds = dict(c.execute("SELECT id, kind FROM actors WHERE id IN (?, ?)", (src, dst)).fetchall())
        if kinds.get(src) == "actor" and kinds.get(dst) == "sector":  # a named actor is not a sector
            c.execute("UPDATE actors SET kind = 'actor' WHERE id = ?", (dst,))
        c.execute("DELETE FROM actors WHERE id = ?", (src,))
        self._note_actors([src])
        return moved

    def _move_aliases(self, src: str, dst: str, where: str = "", args: tuple = ()) -> int:
        """The aliases of ``src`` (those matching ``where``, an ``AND ...`` clause) name ``dst``;
        those ``dst`` has already (same name, same document) are dropped.  Returns how many moved."""
        moved = self.conn.execute(f"UPDATE OR IGNORE aliases SET actor_id = ? WHERE actor_id = ?{where}", (dst, src, *args)).rowcount
        self.conn.execute(f"DELETE FROM aliases WHERE actor_id = ?{where}", (src, *args))
        return moved

    def _carve(self, source: str, norms: Iterable[str], target: dict[str, Any], docs: Iterable[str] | None = None) -> list[str]:
        """Move what ``source`` is called by ``norms`` (in ``docs``, or everywhere) to the actor
        ``target`` (created if need be).  In each document the aliases and the mentions of those
        names move; a pronoun or a nominal goes with the name mentioned last before it; events,
        labels and quotes go where their sentence's mentions (a quote: its speaker's text) went,
        and everything goes when nothing else names ``source`` there.  Returns the documents
        changed."""
        norms = set(norms)
        c = self.conn
        if not norms or source == target["id"]:
            return []
        q = marks(len(norms))
        sql = f"SELECT DISTINCT doc_id FROM aliases WHERE actor_id = ? AND norm IN ({q})"
        found = [r[0] for r in c.execute(sql, (source, *sorted(norms)))]
        if docs is not None:
            wanted = set(docs)
            found = [d for d in found if d in wanted]
        if not found:
            return []
        self._ensure_actor(target)
        to = target["id"]
        for doc_id in sorted(found):
            names = self._actor_norms(source, doc_id)
            self._move_aliases(source, to, f" AND doc_id = ? AND norm IN ({q})", (doc_id, *sorted(norms)))
            self._carve_document(doc_id, source, to, norms, names - norms)
        self.drop_unreferenced_actors([source])
        return sorted(found)

    def _carve_document(self, doc_id: str, source: str, to: str, norms: set[str], others: set[str]) -> None:
        c = self.conn
        text = c.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        spans = c.execute('SELECT rowid, start, "end" FROM mentions WHERE doc_id = ? AND actor_id = ? ORDER BY start',
                          (doc_id, source)).fetchall()
        owner: list[tuple[int, int, bool]] = []  # (start, end, moved)
        last = False
        for rowid, start, end in spans:
            form = norm_name(text[start:end])
            moved = True if form in norms else False if form in others else last
            if form in norms or form in others:
                last = moved
            owner.append((start, end, moved))
            if moved:
                c.execute("UPDATE mentions SET actor_id = ? WHERE rowid = ?", (to, rowid))
        if not any(not m for _, _, m in owner) and not others:
            for table, col in _ACTOR_COLUMNS:
                if table != "mentions":
                    c.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ? AND doc_id = ?", (to, source, doc_id))
            return

        def goes(start: int, end: int) -> bool:
            inside = [m for s, e, m in owner if s >= start and e <= end]
            return bool(inside) and all(inside)

        for col in ("source_id", "target_id", "attributed_to", "via"):
            for eid, start, end in c.execute(f'SELECT id, start, "end" FROM events WHERE doc_id = ? AND {col} = ?',
                                             (doc_id, source)).fetchall():
                if goes(start, end):
                    c.execute(f"UPDATE events SET {col} = ? WHERE id = ?", (to, eid))
        for qid, start, speaker_text in c.execute("SELECT id, start, speaker_text FROM quotes WHERE doc_id = ? AND speaker_id = ?",
                                                  (doc_id, source)).fetchall():
            form = norm_name(speaker_text or "")
            before = [m for s, _, m in owner if s <= start]
            if form in norms or (form not in others and before and before[-1]):
                c.execute("UPDATE quotes SET speaker_id = ? WHERE id = ?", (to, qid))
        for rowid, start in c.execute("SELECT rowid, start FROM labels WHERE doc_id = ? AND actor_id = ?", (doc_id, source)).fetchall():
            if start is None or not owner:
                continue
            nearest = min(owner, key=lambda o: (abs(o[0] - start), o[0] > start))
            if nearest[2]:
                c.execute("UPDATE labels SET actor_id = ? WHERE rowid = ?", (to, rowid))
