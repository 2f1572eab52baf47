"""The parser of ``agent_nouns.tsv``: common nouns for groups that act ("police", "protesters"),
each with its sector."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AgentNouns:
    sectors: dict[tuple[str, ...], str]  # phrase words -> sector ("security", "forces") -> POLICE
    names: dict[str, str]  # sector -> the noun that names it after a state: MIL -> "military"
    longest: int  # words in the longest phrase

    def sector(self, words: tuple[str, ...]) -> str | None:
        return self.sectors.get(words)


def agent_nouns(paths: list[Path]) -> AgentNouns:
    """``phrase<TAB>SECTOR[<TAB>name]`` a line; a later file's line for a phrase wins."""
    sectors: dict[tuple[str, ...], str] = {}
    names: dict[str, str] = {}
    for path in paths:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in raw.split("\t")]
            if len(cols) < 2 or not cols[0] or not cols[1] or (len(cols) > 2 and cols[2] not in ("", "name")):
                raise ValueError(f"{path}:{n}: expected phrase<TAB>SECTOR[<TAB>name], got {raw!r}")
            words = tuple(cols[0].lower().split())
            sectors[words] = cols[1].upper()
            if len(cols) > 2 and cols[2] == "name":
                names[cols[1].upper()] = cols[0].lower()
    return AgentNouns(sectors=sectors, names=names, longest=max((len(w) for w in sectors), default=0))
