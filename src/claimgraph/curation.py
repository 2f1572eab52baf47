"""Curation that lasts: a user's corrections of actors and events (docs/CURATION.md).

The decisions live in the store (``Store.add_decision``, ``decisions``, ``undo_decision``,
``apply_decisions``); this module adds what needs more than the store: an undo that re-extracts
the documents an undone merge or split touched (through ``runner.reprocess_store``), and the
JSON file a team shares decisions through (``export_decisions``, ``import_decisions``).  The CLI
(``claimgraph actors merge``, ``events reject``, ``decisions ...``) and the web app call these.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ClaimgraphError
from .store.decision_rules import FIELDS, describe
from .store.rows import DecisionRow, Undone

#: The file format: ``{"format": FORMAT, "version": VERSION, "decisions": [...]}``.
FORMAT = "claimgraph-decisions"
VERSION = 1

__all__ = ["FORMAT", "VERSION", "UndoReport", "describe", "export_decisions", "import_decisions", "read_decisions", "undo"]


@dataclass(frozen=True)
class UndoReport:
    """An undo: what the store did, and how many documents were re-extracted for exact records
    (None when that was not asked for or not needed)."""

    undone: Undone
    reextracted: int | None = None
    failed: tuple[tuple[str, str], ...] = ()


def undo(store, decision_id: int, *, reextract: bool = True, runner=None, nlp=None) -> UndoReport:
    """Undo a decision.  An undone merge or split changes the stored rows at once; with
    ``reextract`` its documents are extracted again (loading the model through ``runner`` or
    ``nlp`` only then), which gives back exactly the records the pipeline makes without it."""
    undone = store.undo_decision(decision_id)
    if not (reextract and undone.documents):
        return UndoReport(undone)
    from .runner import reprocess_store

    try:
        report = reprocess_store(store, only=undone.documents, runner=runner, nlp=nlp)
    except ClaimgraphError as exc:  # the model is missing, the disk full, ...: the undo itself stands
        raise ClaimgraphError(f"decision {decision_id} is undone (its stored rows edited), but re-extracting its"
                              f" {len(undone.documents)} documents failed: {exc}") from exc
    return UndoReport(undone, reextracted=report.reprocessed, failed=tuple(report.failed))


def export_decisions(store, path: str | Path) -> int:
    """Write every decision (in force and undone, oldest first) to ``path`` as JSON; returns
    how many.  Ids are left out: they are this store's own."""
    rows = [{k: d.get(k) for k in FIELDS} for d in store.decisions()]
    data = {"format": FORMAT, "version": VERSION, "decisions": rows}
    try:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ClaimgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(rows)


def read_decisions(path: str | Path) -> list[DecisionRow]:
    """The decisions of a file ``export_decisions`` wrote (the fields are checked on import)."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClaimgraphError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ClaimgraphError(f"{path} is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("decisions"), list):
        raise ClaimgraphError(f"{path} is not a claimgraph decisions file (`claimgraph decisions export` writes one)")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise ClaimgraphError(f"{path} has decisions format version {data.get('version')!r}; this claimgraph reads up to {VERSION}")
    return data["decisions"]


def import_decisions(store, path: str | Path) -> tuple[int, int]:
    """Add the decisions of ``path`` to ``store`` and apply them; those already present (by
    content key, in force or undone) are skipped.  Returns (added, skipped)."""
    return store.import_decisions(read_decisions(path))
