"""Load the data files in ``claimgraph/data`` (and any extra ``CLAIMGRAPH_DATA`` folders)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import DATA_DIR, user_data_dirs


def _files(name: str) -> list[Path]:
    return [p for p in [DATA_DIR / name, *(d / name for d in user_data_dirs())] if p.exists()]


def _lines(name: str) -> list[str]:
    out: list[str] = []
    for path in _files(name):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if line:
                out.append(line)
    return out


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _lines(name))


@dataclass(frozen=True)
class SpeechVerbs:
    all: frozenset[str]
    accusatory: frozenset[str]


@lru_cache(maxsize=None)
def speech_verbs() -> SpeechVerbs:
    words = [w.lower() for w in _lines("speech_verbs.txt")]
    return SpeechVerbs(
        all=frozenset(w.rstrip("*") for w in words),
        accusatory=frozenset(w.rstrip("*") for w in words if w.endswith("*")),
    )


@dataclass(frozen=True)
class Trigger:
    lemma: str
    particle: str | None  # phrasal verbs: "call on" -> particle "on"
    pos: str  # VERB | NOUN
    type: str
    flags: frozenset[str] = frozenset()  # from events.tsv's fourth column: "reverse", "links"
    like: str | None = None  # a guessed trigger: the lexicon lemma whose vector it resembles


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, list[Trigger]]  # lemma -> triggers (phrasal ones first)
    nouns: dict[str, Trigger]


#: what the fourth column of events.tsv may say about a trigger
TRIGGER_FLAGS = {
    "reverse": "the subject receives: 'X received Y from Z' is Z -> X",
    "links": "'X links A to B' also gives A -> B, attributed to X",
}


def _flags(column: str) -> frozenset[str]:
    words = {w.strip().lower() for w in column.split("#", 1)[0].split(",") if w.strip()}
    unknown = words - TRIGGER_FLAGS.keys()
    if unknown:
        raise ValueError(f"events.tsv: unknown trigger flag(s) {', '.join(sorted(unknown))}; known: {', '.join(TRIGGER_FLAGS)}")
    return frozenset(words)


@lru_cache(maxsize=None)
def event_lexicon() -> EventLexicon:
    verbs: dict[str, dict[str | None, Trigger]] = {}
    nouns: dict[str, Trigger] = {}
    for path in _files("events.tsv"):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.split("\t")
            if len(parts) < 3:
                continue
            phrase, pos, etype = parts[0].strip().lower(), parts[1].strip().upper(), parts[2].strip().upper()
            flags = _flags(parts[3]) if len(parts) > 3 else frozenset()
            words = phrase.split()
            if pos == "NOUN":
                nouns[phrase] = Trigger(phrase, None, "NOUN", etype, flags)
            else:
                particle = " ".join(words[1:]) or None
                verbs.setdefault(words[0], {})[particle] = Trigger(words[0], particle, "VERB", etype, flags)
    ordered = {k: sorted(v.values(), key=lambda t: t.particle is None) for k, v in verbs.items()}
    return EventLexicon(verbs=ordered, nouns=nouns)
