"""The event ontology, read from ``data/ontology.tsv``: every type with its PLOVER class, its
stance, and the per-type properties the pipeline and the analysis act on.

This is the one home of those facts.  The pipeline, the store, the analysis, the web app, the
exports, the evaluation and the CLI help all import them from here, so adding a type is one line
of ``ontology.tsv`` plus its triggers in ``events.tsv``.  ``CLAIMGRAPH_DATA`` folders may add
types with an ``ontology.tsv`` of their own (later lines win).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import DATA_DIR, user_data_dirs

STANCES = ("cooperative", "hostile", "other")
#: the modes an event may carry (SPEC section 3, ``mode``), in the order a record lists them
MODES = ("negated", "hypothetical", "future", "claimed", "historical")
#: modes of an event that has not happened (a threat, a vow, a condition): never counted as an act
UNREALIZED = frozenset({"hypothetical", "future"})
#: the display class of the types outside PLOVER (AFFILIATE, EQUATE)
RELATION = "relation"


@dataclass(frozen=True)
class EventType:
    name: str
    plover_class: str | None  # "verbal cooperation", ...; None outside PLOVER
    stance: str  # cooperative | hostile | other
    symmetric: bool  # direction does not matter in a claim
    one_sided: bool  # a verb event may stand with one known side
    reciprocal: bool  # coordinated subjects act on each other
    plover: str | None  # the PLOVER name, None outside PLOVER
    also: tuple[str, ...] = ()  # other names in other data sets

    @property
    def cls(self) -> str:
        """The class to show: the PLOVER class, or "relation"."""
        return self.plover_class or RELATION


def _flag(value: str, where: str) -> bool:
    if value not in ("yes", "no"):
        raise ValueError(f"{where}: expected yes or no, got {value!r}")
    return value == "yes"


def _dash(value: str) -> str | None:
    return None if value in ("-", "") else value


def load(paths: list[Path]) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    for path in paths:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            where = f"{path}:{n}"
            cols = [c.strip() for c in raw.split("\t")]
            if len(cols) != 8:
                raise ValueError(f"{where}: expected 8 tab-separated columns, got {len(cols)}")
            name, cls, stance, sym, one, rec, plover, also = cols
            if stance not in STANCES:
                raise ValueError(f"{where}: stance must be one of {', '.join(STANCES)}, got {stance!r}")
            types[name.upper()] = EventType(
                name=name.upper(), plover_class=_dash(cls), stance=stance, symmetric=_flag(sym, where),
                one_sided=_flag(one, where), reciprocal=_flag(rec, where), plover=_dash(plover),
                also=tuple(a.strip().upper() for a in (_dash(also) or "").split(",") if a.strip()),
            )
    return types


def _paths() -> list[Path]:
    return [p for p in [DATA_DIR / "ontology.tsv", *(d / "ontology.tsv" for d in user_data_dirs())] if p.exists()]


TYPES: dict[str, EventType] = load(_paths())
EVENT_TYPES: tuple[str, ...] = tuple(TYPES)
#: type -> the class to show ("verbal cooperation", ..., "relation")
PLOVER_CLASS: dict[str, str] = {t.name: t.cls for t in TYPES.values()}
SYMMETRIC = frozenset(t.name for t in TYPES.values() if t.symmetric)
ONE_SIDED = frozenset(t.name for t in TYPES.values() if t.one_sided)
RECIPROCAL = frozenset(t.name for t in TYPES.values() if t.reciprocal)
_BY_NAME = {**{o: t.name for t in TYPES.values() for o in t.also}, **{t: t for t in TYPES}}


def stance(event_type: str) -> str:
    """cooperative | hostile | other, as SPEC section 4 defines it for disagreement analysis."""
    t = TYPES.get(event_type)
    return t.stance if t else "other"


def is_act(mode) -> bool:
    """Whether an event with these modes reports something done (or denied), not a threat,
    a plan or a condition.  ``mode`` is a list of modes, or a space-separated string of them."""
    words = mode.split() if isinstance(mode, str) else (mode or ())
    return not UNREALIZED.intersection(words)


def event_class(event_type: str) -> str:
    """The class to show for a type ("other" for an unknown one)."""
    t = TYPES.get(event_type)
    return t.cls if t else "other"


def canonical(name: str) -> str | None:
    """Our name for a type given by any of its names ("FIGHT" -> "ASSAULT"), None if unknown."""
    return _BY_NAME.get((name or "").strip().upper())


def types_help() -> str:
    """The type list for help texts: "AGREE, CONSULT, …"."""
    return ", ".join(EVENT_TYPES)
