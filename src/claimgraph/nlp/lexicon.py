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
    note: str = ""


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, list[Trigger]]  # lemma -> triggers (phrasal ones first)
    nouns: dict[str, Trigger]


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
            note = parts[3].strip() if len(parts) > 3 else ""
            words = phrase.split()
            if pos == "NOUN":
                nouns[phrase] = Trigger(phrase, None, "NOUN", etype, note)
            else:
                particle = " ".join(words[1:]) or None
                verbs.setdefault(words[0], {})[particle] = Trigger(words[0], particle, "VERB", etype, note)
    ordered = {k: sorted(v.values(), key=lambda t: t.particle is None) for k, v in verbs.items()}
    return EventLexicon(verbs=ordered, nouns=nouns)


PLOVER_CLASS = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
    "AFFILIATE": "relation",
    "EQUATE": "relation",
}
EVENT_TYPES = tuple(PLOVER_CLASS)


def stance(event_type: str) -> str:
    """cooperative | hostile | other, as SPEC section 4 defines it for disagreement analysis."""
    if event_type == "AFFILIATE":
        return "cooperative"
    if event_type in ("REQUEST", "EQUATE"):
        return "other"
    cls = PLOVER_CLASS.get(event_type, "")
    if cls.endswith("cooperation"):
        return "cooperative"
    if cls.endswith("conflict"):
        return "hostile"
    return "other"
