"""The rules of decisions that every store back end shares (docs/CURATION.md): their kinds,
the content keys that say what a decision applies to, the check of a decision read from a file,
and a decision in words."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from ..errors import ClaimgraphError
from ..models import ACTOR_TYPES
from ..textutil import norm, norm_name
from .rows import DecisionRow

KINDS = ("merge", "split", "rename", "type", "reject_event", "confirm_event")
ACTOR_KINDS = ("merge", "split", "rename", "type")
CURATION = {"reject_event": "rejected", "confirm_event": "confirmed"}  # decision kind -> events.curation
FIELDS = ("kind", "subject", "doc_hash", "args", "note", "author", "created_at", "undone_at")


def now() -> str:
    """UTC, ISO 8601 to the microsecond ("2024-05-01T09:30:00.123456Z")."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sentence_hash(sentence: str) -> str:
    """The identity of a sentence's text, whatever its whitespace."""
    return hashlib.sha256(" ".join((sentence or "").split()).encode("utf-8")).hexdigest()[:16]


def event_signature(sentence: str, type: str, source: str | None, target: str | None, trigger: str | None) -> dict[str, str]:
    """What identifies an event across extractions: its sentence (hashed), its type, the
    normalised names of its two actors ("" for none) and its trigger."""
    return {"sentence_hash": sentence_hash(sentence), "type": (type or "").upper(), "source": norm_name(source or ""),
            "target": norm_name(target or ""), "trigger": norm(trigger or "")}


def event_key(sig: dict[str, str]) -> str:
    return "|".join(sig[k] for k in ("sentence_hash", "type", "source", "target", "trigger"))


def content_key(row: DecisionRow) -> tuple[str, str, str, str]:
    """Two decisions with the same content key say the same thing (``import_decisions`` skips
    such a one): kind, subject, document, and the value it sets."""
    args = row.get("args") or {}
    value = {"merge": "into", "rename": "name", "type": "type"}.get(row["kind"])
    return row["kind"], row["subject"], row.get("doc_hash") or "", str(args.get(value, "")) if value else ""


def checked(raw: Any, i: int) -> DecisionRow:
    """A decision from a file, checked field by field (one line saying which is wrong)."""
    where = f"decision {i + 1}"
    if not isinstance(raw, dict):
        raise ClaimgraphError(f"{where}: not an object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ClaimgraphError(f"{where}: unknown kind {kind!r}; one of {', '.join(KINDS)}")
    args = raw.get("args") or {}
    if not isinstance(args, dict):
        raise ClaimgraphError(f"{where}: args must be an object")
    need = {"merge": ("into", "id", "name", "type"), "split": ("from", "id", "name", "type"), "rename": ("name", "was"),
            "type": ("type", "was"), "reject_event": ("sentence_hash", "type", "source", "target", "trigger"),
            "confirm_event": ("sentence_hash", "type", "source", "target", "trigger")}[kind]
    missing = [k for k in need if not isinstance(args.get(k), str)]
    if missing:
        raise ClaimgraphError(f"{where} ({kind}): args lacks {', '.join(missing)}")
    if kind == "type" and args["type"] not in ACTOR_TYPES:
        raise ClaimgraphError(f"{where}: unknown actor type {args['type']!r}")
    for field in ("subject", "author", "created_at"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise ClaimgraphError(f"{where} ({kind}): {field} must be a non-empty string")
    for field in ("doc_hash", "note", "undone_at"):
        if raw.get(field) is not None and not isinstance(raw[field], str):
            raise ClaimgraphError(f"{where} ({kind}): {field} must be a string or null")
    return {k: (args if k == "args" else raw.get(k)) for k in FIELDS}


def describe(d: DecisionRow) -> str:
    """A decision in words: "merge 'fmf rebels' into 'free meridian front'"."""
    a = d.get("args") or {}
    kind = d["kind"]
    if kind == "merge":
        return f"merge {a.get('name') or d['subject']!r} into {a.get('into_name') or a.get('into')!r}"
    if kind == "split":
        where = f" in document {a['doc_id']}" if a.get("doc_id") else (f" in document {d['doc_hash'][:16]}" if d.get("doc_hash") else "")
        return f"split {a.get('name') or d['subject']!r} off {a.get('from_name') or a.get('from')!r}{where}"
    if kind == "rename":
        return f"rename {a.get('was') or d['subject']!r} to {a.get('name')!r}"
    if kind == "type":
        return f"type of {d['subject']!r}: {a.get('was')} -> {a.get('type')}"
    verb = "reject" if kind == "reject_event" else "confirm"
    who = [a.get(f"{side}_name") or a.get(side) or "?" for side in ("source", "target")]
    return (f"{verb} {who[0]} {a.get('type')} {who[1]} ({a.get('trigger')!r})"
            + (f" in {a['sentence'][:80]!r}" if a.get("sentence") else ""))
