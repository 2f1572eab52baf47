"""The canonical names of known actors, kept by the keys the resolver compares names on.

The resolver's fuzzy step compares a new name only with names that share its first three
letters (spaces left out, ``fuzzy_key``), and its demonym step ("Varosian") looks only at states
whose core name ("Varosia" of "Republic of Varosia") shares its first four letters
(``core_key``).  ``NamePools`` keeps the names so grouped, so that either step reads one group
and not every actor of the type: a lookup costs the size of the group, not of the store.  Both
the in-memory index of ``extract`` (``resolve.resolver.MemoryIndex``) and the stores' actor
index (``store/sqlite/actors.py``) keep one.

An actor of one document ("protesters@<document id>", ``is_doc_scoped``) is never a fuzzy
candidate for type OTHER (the resolver never meets itself in another document), so the groups
of OTHER leave those out: they are the part of the store that grows with every document.
"""
from __future__ import annotations


def is_doc_scoped(actor_id: str) -> bool:
    """Whether ``actor_id`` is the id of an actor of one document ("protesters@3f2a...")."""
    return "@" in actor_id


def fuzzy_key(norm: str) -> str:
    """The key of the fuzzy step: the first three letters of a normalised name, spaces left out."""
    return norm.replace(" ", "")[:3]


def state_core(norm: str) -> str:
    """The core of a normalised state name: "republic of varosia" -> "varosia"."""
    words = norm.split(" of ")[-1].split() if norm else []
    return words[-1] if words else ""


def core_key(norm: str) -> str:
    """The key of the demonym step: the first four letters of ``state_core``."""
    return state_core(norm)[:4]


class NamePools:
    """type -> {id: normalised canonical name}, with the same names grouped by ``fuzzy_key``
    (per type) and, for GPE, by ``core_key``.  ``get(type)`` gives the whole pool of a type."""

    def __init__(self, rows=()):
        self._by_type: dict[str, dict[str, str]] = {}
        self._fuzzy: dict[tuple[str, str], dict[str, str]] = {}
        self._cores: dict[str, dict[str, str]] = {}
        for actor_id, name_norm, typ in rows:
            self.add(typ, actor_id, name_norm)

    def add(self, typ: str, actor_id: str, name_norm: str) -> None:
        """``actor_id`` of type ``typ`` is called ``name_norm`` (normalised) from now on."""
        pool = self._by_type.setdefault(typ, {})
        old = pool.get(actor_id)
        if old == name_norm:
            return
        if old is not None and (fuzzy_key(old), core_key(old)) != (fuzzy_key(name_norm), core_key(name_norm)):
            self._unlink(typ, actor_id, old)  # (a new name in the same groups keeps its place in them)
        pool[actor_id] = name_norm
        if not (typ == "OTHER" and is_doc_scoped(actor_id)):
            self._fuzzy.setdefault((typ, fuzzy_key(name_norm)), {})[actor_id] = name_norm
        if typ == "GPE":
            self._cores.setdefault(core_key(name_norm), {})[actor_id] = name_norm

    def put(self, typ: str, actor_id: str, name_norm: str) -> None:
        """``add``, for an actor of one type only (a store's): any other type it had is forgotten."""
        for other, pool in self._by_type.items():
            if other != typ and actor_id in pool:
                self._unlink(other, actor_id, pool.pop(actor_id))
        self.add(typ, actor_id, name_norm)

    def discard(self, actor_id: str) -> None:
        """Forget ``actor_id`` (under every type)."""
        for typ, pool in self._by_type.items():
            old = pool.pop(actor_id, None)
            if old is not None:
                self._unlink(typ, actor_id, old)

    def _unlink(self, typ: str, actor_id: str, name_norm: str) -> None:
        for groups, key in ((self._fuzzy, (typ, fuzzy_key(name_norm))), (self._cores, core_key(name_norm) if typ == "GPE" else None)):
            group = groups.get(key) if key is not None else None
            if group is not None:
                group.pop(actor_id, None)
                if not group:
                    del groups[key]

    def get(self, typ: str, default=None) -> dict[str, str]:
        """Every actor of type ``typ``: id -> normalised canonical name."""
        return self._by_type.get(typ, {} if default is None else default)

    def near(self, typ: str, key: str) -> dict[str, str]:
        """The actors of type ``typ`` whose name has this ``fuzzy_key`` (for OTHER, none of one
        document), in the order they became known."""
        return self._fuzzy.get((typ, key), {})

    def states(self, key: str) -> dict[str, str]:
        """The GPE actors whose core name has this ``core_key``."""
        return self._cores.get(key, {})
