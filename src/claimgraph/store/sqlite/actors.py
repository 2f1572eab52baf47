"""Actor reads: by id, by alias, lists with counts, and the resolver's view of the stored actors
(``actor_index``).  Which actor a typed name means is decided in ``resolve.names``; these are
the reads it uses."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...namepools import NamePools
from ...textutil import norm_name
from ..rows import ActorRow, ActorSummary, RejectedRow
from .connection import chunks, marks

#: an actor with its counts, from the counters migration 13 keeps (PostgreSQL's 22); ``GROUP BY a.id``
#: follows, and ``MAX`` of the one row each actor has keeps it valid for PostgreSQL
SUMMARY = ("SELECT a.id, a.name, a.type, a.kind, a.sector, COALESCE(MAX(c.mentions), 0) AS mentions,"
           " COALESCE(MAX(c.documents), 0) AS documents FROM actors a LEFT JOIN actor_counts c ON c.actor_id = a.id")
#: each name's uses per actor, most used first ({} is the WHERE clause), from the counts migration
#: 13 keeps (``alias_counts``; PostgreSQL's 25)
ALIAS_USES = "SELECT actor_id, alias, n FROM alias_counts{} ORDER BY actor_id, n DESC, alias"
#: the actors of each normalised name ({} is the list of marks), with ``n`` documents that call them
#: so, most first (rows come in (norm, actor) order to the sort either way, so ties fall alike),
#: from the counts migration 18 keeps (``norm_counts``); ``COUNTED_NORM_USES`` counts the aliases
NORM_USES = ("SELECT c.norm, a.id, a.name, a.type, c.n AS n FROM norm_counts c JOIN actors a ON a.id = c.actor_id"
             " WHERE c.norm IN ({}) ORDER BY n DESC")
COUNTED_NORM_USES = ("SELECT l.norm, a.id, a.name, a.type, COUNT(*) AS n FROM aliases l JOIN actors a ON a.id = l.actor_id"
                     " WHERE l.norm IN ({}) GROUP BY l.norm, a.id ORDER BY n DESC")


class ActorReads:
    SUMMARY = SUMMARY
    ALIAS_USES = ALIAS_USES
    NORM_USES = NORM_USES
    #: an actor's mentions and documents (``m``, ``d``)
    ACTOR_COUNTS = ("SELECT COALESCE(MAX(mentions), 0) AS m, COALESCE(MAX(documents), 0) AS d FROM actor_counts"
                    " WHERE actor_id = ?")

    def actor_by_id(self, actor_id: str) -> ActorRow | None:
        r = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return dict(r) if r else None

    def actor_by_alias(self, norm: str) -> ActorRow | None:
        """The actor a normalised alias names most often (with ``n``, how often), else the actor a
        user renamed so (``actors rename``), or None.  Counted along ``aliases_norm_actor`` alone
        (a busy actor's name has a row per document), equal counts going to the smaller id."""
        top = self.conn.execute("SELECT actor_id, COUNT(*) AS n FROM aliases WHERE norm = ? GROUP BY actor_id"
                                " ORDER BY n DESC, actor_id LIMIT 1", (norm,)).fetchone()
        row = self.actor_by_id(top[0]) if top else None
        if row is None:
            return self._renamed_to(norm)
        row["n"] = top[1]
        return row

    def known_names(self) -> list[str]:
        """Every distinct canonical name and alias, the names a user may have meant."""
        return [r[0] for r in self.conn.execute("SELECT name FROM actors UNION SELECT alias FROM aliases")]

    def actors(self, limit: int | None = None, sectors: bool = True, places: bool = False) -> list[ActorSummary]:
        """Actors with aliases, type, kind, sector, and mention and document counts, most mentioned
        first; without the sector actors ("police", "protesters") when ``sectors`` is false, and
        without the places (kind 'place': a GPE or LOC that only locates) unless ``places``."""
        kinds = ["'actor'"] + (["'sector'"] if sectors else []) + (["'place'"] if places else [])
        where = f" WHERE a.kind IN ({', '.join(kinds)})"
        out = self._rows(self.SUMMARY + where + " GROUP BY a.id ORDER BY mentions DESC, a.name" + (" LIMIT ?" if limit else ""),
                         (limit,) if limit else ())
        aliases = self._aliases_for([r["id"] for r in out])
        curated = self.curated_by([r["id"] for r in out])
        for r in out:
            r["aliases"] = aliases.get(r["id"], [])
            r["curated_by"] = curated.get(r["id"], [])
        return out

    def rejected_names(self, limit: int | None = None) -> list[RejectedRow]:
        """The names the actors stage turned down or folded, one row per name and reason, the most
        frequent first: text (its most common form), label, reason, occurrences, documents."""
        return self._rows(
            "SELECT MIN(text) AS text, MIN(label) AS label, reason, COUNT(*) AS occurrences, COUNT(DISTINCT doc_id) AS documents"
            " FROM rejected GROUP BY norm, reason ORDER BY occurrences DESC, text" + (" LIMIT ?" if limit else ""),
            (limit,) if limit else ())

    def _aliases_for(self, ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in chunks(ids):
            for r in self.conn.execute(self.ALIAS_USES.format(f" WHERE actor_id IN ({marks(len(chunk))})"), chunk):
                out.setdefault(r["actor_id"], []).append(r["alias"])
        return out

    def actor(self, name: str) -> ActorSummary:
        """One actor (by id or any alias) with its aliases and counts; raises ``UnknownActor``."""
        row = self.find_actor(name)
        row["aliases"] = self._aliases_for([row["id"]]).get(row["id"], [])
        stats = self.conn.execute(self.ACTOR_COUNTS, (row["id"],)).fetchone()
        row["mentions"], row["documents"] = stats["m"], stats["d"]
        row["curated_by"] = self.curated_by([row["id"]]).get(row["id"], [])
        return row

    def actor_rows(self, ids: list[str] | None = None) -> list[ActorSummary]:
        """Actors (all, by id; or these ids) with counts and aliases (most used, then by name)."""
        rows: list[dict[str, Any]] = []
        aliases: dict[str, list[str]] = {}
        alias_sql = self.ALIAS_USES
        if ids is None:
            rows = self._rows(self.SUMMARY + " GROUP BY a.id ORDER BY a.id")
            for r in self.conn.execute(alias_sql.format("")):
                aliases.setdefault(r[0], []).append(r[1])
        else:
            for chunk in chunks(ids):
                rows += self._rows(self.SUMMARY + f" WHERE a.id IN ({marks(len(chunk))}) GROUP BY a.id", chunk)
                for r in self.conn.execute(alias_sql.format(f" WHERE actor_id IN ({marks(len(chunk))})"), chunk):
                    aliases.setdefault(r[0], []).append(r[1])
        for r in rows:
            r["aliases"] = aliases.get(r["id"], [])
        return rows

    def actors_by_ids(self, ids: Iterable[str | None]) -> dict[str, ActorRow]:
        """id -> (id, name, type) for those of ``ids`` that are stored."""
        out: dict[str, ActorRow] = {}
        for chunk in chunks(sorted({i for i in ids if i})):
            for r in self.conn.execute(f"SELECT id, name, type FROM actors WHERE id IN ({marks(len(chunk))})", chunk):
                out[r["id"]] = dict(r)
        return out

    def actors_by_norms(self, norms: list[str]) -> dict[str, ActorRow]:
        """norm -> the actor (id, name, type) that alias belongs to most often, or whose id it is."""
        out: dict[str, ActorRow] = {}
        for chunk in chunks(norms):
            for r in self.conn.execute(self.NORM_USES.format(marks(len(chunk))), chunk):
                out.setdefault(r["norm"], {"id": r["id"], "name": r["name"], "type": r["type"]})
            for r in self.conn.execute(f"SELECT id, name, type FROM actors WHERE id IN ({marks(len(chunk))})", chunk):
                out.setdefault(r["id"], dict(r))
        return out

    def actor_names(self, limit: int = 2000) -> list[dict[str, Any]]:
        """Names for the actor boxes' suggestions, most mentioned first."""
        return self._rows(f"SELECT x.id, x.name, x.mentions FROM ({self.SUMMARY} GROUP BY a.id) x"
                          " ORDER BY x.mentions DESC, x.name LIMIT ?", (limit,))

    def actor_ids(self) -> dict[str, str]:
        """Every actor's name by its id, in id order: no counts (the actor network's nodes)."""
        return {r[0]: r[1] for r in self._run("SELECT id, name FROM actors ORDER BY id")}

    def actor_index(self) -> "SQLiteActorIndex":
        """The stored actors as the resolver sees them (``resolve.resolver.ActorIndex``)."""
        return SQLiteActorIndex(self)

    # the store's ``_names_cache``: the canonical names as ``namepools.NamePools``, read from
    # ``actors`` on first use, then kept by every write of an actor (``_note_actors``)
    def _name_pools(self) -> NamePools:
        if self._names_cache is None:
            self._names_cache = NamePools((r[0], norm_name(r[1]), r[2]) for r in self.conn.execute("SELECT id, name, type FROM actors"))
        return self._names_cache

    def _note_actors(self, ids: Iterable[str]) -> None:
        """These actors' rows changed (written, renamed, retyped or deleted): the cached names
        follow, if they are cached."""
        pools = self._names_cache
        if pools is None:
            return
        ids = sorted(set(ids))
        found = set()
        for chunk in chunks(ids):
            for r in self.conn.execute(f"SELECT id, name, type FROM actors WHERE id IN ({marks(len(chunk))})", chunk):
                pools.put(r[2], r[0], norm_name(r[1]))
                found.add(r[0])
        for actor_id in set(ids) - found:
            pools.discard(actor_id)


#: the last word of an actor's name, lower-cased as SQLite's LIKE compares (ASCII letters only): the
#: key of the index ``actors_surname`` (migration 11), so that a surname is one index seek and no
#: longer ``name LIKE '% x'`` over every actor.  For a one-word surname ``x`` the two find the same
#: names (``x`` holds no space, so a name ends with " x" exactly when its last word is x).
SURNAME_SQL = "lower(substr(name, length(rtrim(name, replace(name, ' ', ''))) + 1))"


class SQLiteActorIndex:
    """The resolver's view of the actors already stored.  Every lookup is keyed: an alias through
    ``alias_keys`` (one row per name and actor, not per document), a surname through the index
    ``actors_surname``, the fuzzy and demonym steps through the canonical names grouped by their
    first letters (``namepools.NamePools``, cached per store in ``_names_cache``, kept by the
    writes and the actor edits, and forgotten when a transaction rolls back)."""

    def __init__(self, store):
        self.store = store

    def by_norm(self, norm: str) -> list[tuple[str, str]]:
        """(id, type) of the actors with this normalised alias, those of one document left out."""
        rows = self.store.conn.execute(
            "SELECT a.id, a.type FROM alias_keys k JOIN actors a ON a.id = k.actor_id WHERE k.norm = ?", (norm,)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def surname(self, norm: str) -> list[str]:
        rows = self.store.conn.execute(f"SELECT id, name FROM actors WHERE type = 'PERSON' AND {SURNAME_SQL} = ?", (norm,)).fetchall()
        return [r[0] for r in rows if norm_name(r[1]).split()[-1:] == [norm] and len(norm_name(r[1]).split()) >= 2]

    def names(self, type: str) -> dict[str, str]:
        return self.store._name_pools().get(type)

    def near(self, type: str, key: str) -> dict[str, str]:
        return self.store._name_pools().near(type, key)

    def states(self, key: str) -> dict[str, str]:
        return self.store._name_pools().states(key)

    def type_of(self, actor_id: str) -> str | None:
        r = self.store.conn.execute("SELECT type FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return r[0] if r else None

    def known(self, actor_id: str) -> tuple[str, str] | None:
        """(canonical name, type) of a stored actor, or None."""
        r = self.store.conn.execute("SELECT name, type FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return (r[0], r[1]) if r else None

    def remember(self, actor) -> None:
        pass  # the store's tables are the memory
