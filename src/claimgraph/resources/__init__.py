"""The data the pipeline reads: word lists, lexicons and the gazetteer, from a list of folders.

``Resources(dirs)`` reads each file from every folder in order (the bundled ``claimgraph/data``
first, then the ``CLAIMGRAPH_DATA`` folders, unless told otherwise), so a user folder extends or
overrides the bundled data.  Every load is cached on the instance, never per process: build a new
``Resources`` to see changed files or a changed ``CLAIMGRAPH_DATA``.

File kinds:

- ``*.txt``: one entry a line, ``#`` starts a comment (``word_set``);
- ``words_<stage>.tsv``: named word lists, ``list<TAB>entry`` a line (``words``, ``word_list``,
  ``phrases``), so a stage's short lists sit in one file;
- ``speech_verbs.txt``, ``events.tsv``, ``agent_nouns.tsv`` and ``gazetteer.json``: see their parsers.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Callable

from ..config import DATA_DIR, user_data_dirs
from . import lexicon as _lexicon
from .agents import AgentNouns, agent_nouns
from .gazetteer import GazEntry, Gazetteer, load_gazetteer
from .lexicon import TRIGGER_FLAGS, EventLexicon, SpeechVerbs, Trigger


def default_dirs() -> tuple[Path, ...]:
    """The bundled data folder, then the ``CLAIMGRAPH_DATA`` folders, as the environment says now."""
    return (DATA_DIR, *user_data_dirs())


class Resources:
    """Data files read from ``dirs`` (default: ``default_dirs()`` at construction)."""

    def __init__(self, dirs: Iterable[str | Path] | None = None):
        self.dirs: tuple[Path, ...] = tuple(Path(d) for d in dirs) if dirs is not None else default_dirs()
        self._cache: dict[tuple, Any] = {}

    def __repr__(self) -> str:
        return f"Resources({[str(d) for d in self.dirs]!r})"

    def _cached(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    # -- files ---------------------------------------------------------------------------------
    def files(self, name: str) -> list[Path]:
        """Every folder's copy of ``name`` that exists, in folder order."""
        return [d / name for d in self.dirs if (d / name).is_file()]

    def lines(self, name: str) -> list[str]:
        """The non-comment lines of every copy of ``name`` (``#`` starts a comment)."""
        out: list[str] = []
        for path in self.files(name):
            for raw in path.read_text(encoding="utf-8").splitlines():
                line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
                if line:
                    out.append(line)
        return out

    # -- word lists ----------------------------------------------------------------------------
    def word_set(self, name: str) -> frozenset[str]:
        """A ``.txt`` word list, lowercased."""
        return self._cached(("set", name), lambda: frozenset(line.lower() for line in self.lines(name)))

    def _lists(self, name: str) -> dict[str, tuple[str, ...]]:
        def build() -> dict[str, tuple[str, ...]]:
            lists: dict[str, dict[str, None]] = {}
            for path in self.files(name):
                for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if not raw.strip() or raw.lstrip().startswith("#"):
                        continue
                    key, sep, entry = raw.partition("\t")
                    entry = entry.strip()
                    if not sep or not entry:
                        raise ValueError(f"{path}:{n}: expected list<TAB>entry, got {raw!r}")
                    lists.setdefault(key.strip(), {})[entry] = None
            return {k: tuple(v) for k, v in lists.items()}

        return self._cached(("lists", name), build)

    def word_list(self, name: str, key: str) -> tuple[str, ...]:
        """The entries of list ``key`` in ``name`` (a ``words_*.tsv``), in file order, without repeats."""
        lists = self._lists(name)
        if key not in lists:
            raise KeyError(f"{name}: no list {key!r} in {[str(d) for d in self.dirs]}")
        return lists[key]

    def words(self, name: str, key: str) -> frozenset[str]:
        """List ``key`` of ``name`` as a set."""
        return self._cached(("words", name, key), lambda: frozenset(self.word_list(name, key)))

    def phrases(self, name: str, key: str) -> tuple[tuple[str, ...], ...]:
        """List ``key`` of ``name`` as word tuples ("also known as" -> ("also", "known", "as"))."""
        return self._cached(("phrases", name, key), lambda: tuple(tuple(e.split()) for e in self.word_list(name, key)))

    # -- lexicons ------------------------------------------------------------------------------
    def speech_verbs(self) -> SpeechVerbs:
        return self._cached(("speech",), lambda: _lexicon.speech_verbs(self.lines("speech_verbs.txt")))

    def event_lexicon(self) -> EventLexicon:
        return self._cached(("events",), lambda: _lexicon.event_lexicon(self.files("events.tsv")))

    def agent_nouns(self) -> AgentNouns:
        """``agent_nouns.tsv``: nouns for groups that act ("police", "security forces") and their sectors."""
        return self._cached(("agent_nouns",), lambda: agent_nouns(self.files("agent_nouns.tsv")))

    def gazetteer(self) -> Gazetteer:
        return self._cached(("gazetteer",), lambda: load_gazetteer(self.files("gazetteer.json")))

    # -- serialisation -------------------------------------------------------------------------
    def to_disk(self, path: str | Path, names: Sequence[str]) -> None:
        """Copy every folder's copy of ``names`` to ``path/0``, ``path/1``, ... (folder order)."""
        path = Path(path)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        for i, d in enumerate(self.dirs):
            here = [d / n for n in names if (d / n).is_file()]
            if here:
                (path / str(i)).mkdir()
                for f in here:
                    shutil.copyfile(f, path / str(i) / f.name)

    @classmethod
    def from_disk(cls, path: str | Path) -> "Resources":
        """The resources ``to_disk`` wrote: its numbered folders, in order."""
        path = Path(path)
        return cls(sorted((p for p in path.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)))


_defaults: dict[tuple[Path, ...], Resources] = {}


def default_resources() -> Resources:
    """The resources of ``default_dirs()``, shared while ``CLAIMGRAPH_DATA`` stays the same."""
    dirs = default_dirs()
    if dirs not in _defaults:
        _defaults[dirs] = Resources(dirs)
    return _defaults[dirs]


def default_gazetteer() -> Gazetteer:
    return default_resources().gazetteer()


def event_lexicon() -> EventLexicon:
    return default_resources().event_lexicon()


__all__ = [
    "TRIGGER_FLAGS", "AgentNouns", "EventLexicon", "GazEntry", "Gazetteer", "Resources", "SpeechVerbs", "Trigger",
    "default_dirs", "default_gazetteer", "default_resources", "event_lexicon", "load_gazetteer",
]
