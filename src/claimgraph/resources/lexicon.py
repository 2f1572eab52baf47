"""Parsers for the lexicon files: speech verbs and the event trigger lexicon (``events.tsv``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SpeechVerbs:
    all: frozenset[str]
    accusatory: frozenset[str]


def speech_verbs(lines: list[str]) -> SpeechVerbs:
    """``speech_verbs.txt``: one lemma a line, "*" marks an accusatory cue."""
    words = [w.lower() for w in lines]
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


def event_lexicon(paths: list[Path]) -> EventLexicon:
    """``events.tsv`` files in order: lemma<TAB>pos<TAB>type[<TAB>flags]; later lines win."""
    verbs: dict[str, dict[str | None, Trigger]] = {}
    nouns: dict[str, Trigger] = {}
    for path in paths:
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
