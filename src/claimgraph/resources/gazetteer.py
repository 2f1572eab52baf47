"""The gazetteer of well-known actors (``data/gazetteer.json``), extendable by the user.

Each entry: ``{"id", "name", "type", "kind", "aliases": [...], "demonyms": [...],
"ambiguous_aliases": [...], "surname": str|null, "parent": id|null}``.  Short acronyms that are
also English words ("IS", "US") sit in ``ambiguous_aliases`` and are matched only with context.
A user adds actors by dropping a ``gazetteer.json`` into a folder named in ``CLAIMGRAPH_DATA``.
``Resources.gazetteer()`` loads it from a list of data folders; ``load_gazetteer`` reads files.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..textutil import norm_name


@dataclass(frozen=True)
class GazEntry:
    id: str
    name: str
    type: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    surname: str | None = None
    parent: str | None = None
    affiliation: tuple[str, ...] = ()  # ids of the states, groups or parties a person belongs to


@dataclass
class Gazetteer:
    entries: dict[str, GazEntry] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)  # norm alias -> id
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, str] = field(default_factory=dict)  # exact surface form -> id

    def add(self, e: GazEntry) -> None:
        self.entries[e.id] = e
        for alias in (e.name, *e.aliases):
            if alias in e.ambiguous:
                continue
            self.by_alias.setdefault(norm_name(alias), e.id)
        for d in e.demonyms:
            self.by_demonym.setdefault(norm_name(d), e.id)
        for a in e.ambiguous:
            self.ambiguous.setdefault(a, e.id)
        if e.surname:
            self.by_surname.setdefault(norm_name(e.surname), e.id)

    def lookup(self, text: str) -> str | None:
        return self.by_alias.get(norm_name(text))

    def phrases(self) -> list[tuple[str, str, bool]]:
        """(surface form, id, case_sensitive) for the phrase matcher."""
        out = []
        for e in self.entries.values():
            for alias in [a for a in dict.fromkeys((e.name, *e.aliases)) if a not in e.ambiguous]:
                exact = alias.isupper() and len(alias) <= 6
                out.append((alias, e.id, exact))
            for d in e.demonyms:
                out.append((d, e.id, False))
            for a in e.ambiguous:
                out.append((a, e.id, True))
        return out


def _entries(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else data.get("actors", [])


def load_gazetteer(paths: list[Path]) -> Gazetteer:
    """The gazetteer from these ``gazetteer.json`` files; a later file's entry wins."""
    gaz = Gazetteer()
    # later files must win: load them first
    for path in reversed(paths):
        for raw in _entries(path):
            if not raw.get("id") or not raw.get("name"):
                continue
            gaz.add(
                GazEntry(
                    id=raw["id"],
                    name=raw["name"],
                    type=raw.get("type", "ORG"),
                    kind=raw.get("kind", ""),
                    aliases=tuple(raw.get("aliases", ())),
                    demonyms=tuple(raw.get("demonyms", ())),
                    ambiguous=tuple(raw.get("ambiguous_aliases", ())),
                    surname=raw.get("surname"),
                    parent=raw.get("parent"),
                    affiliation=tuple(raw.get("affiliation") or ()),
                )
            )
    return gaz
