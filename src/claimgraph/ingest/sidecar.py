"""Metadata a user gives beside the text: ``NAME.meta.json`` sidecar files and reader defaults.

A sidecar sits next to its article (``report.txt`` and ``report.meta.json``, or the more
specific ``report.txt.meta.json``) and holds a JSON object with any of ``title``, ``source``,
``author``, ``url`` and ``published``.  Its values win over what the article says about itself.
A sidecar that cannot be used is a warning; the article is still read.

Defaults (``iter_documents(..., defaults={"source": ..., "published": ...})``) are the
opposite: they fill in only what neither the article nor its sidecar says.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from claimgraph.ingest.dates import parse_date

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "source", "author", "url", "published")
DEFAULT_KEYS = ("source", "author", "published")
MAX_SIDECAR_BYTES = 65_536


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def sidecar_for(path: Path) -> Path | None:
    """The sidecar of the article at ``path`` (``NAME.txt.meta.json``, else ``NAME.meta.json``), if any."""
    for name in (path.name + SIDECAR_SUFFIX, path.stem + SIDECAR_SUFFIX):
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> tuple[dict[str, str], str | None]:
    """``(hints, warning)`` from the sidecar at ``path``; on any problem the hints it could
    still use (possibly none) and a one-line warning."""
    suffix = "; the article was read without it"
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        return {}, f"cannot read metadata file ({exc.strerror or exc}){suffix}"
    if len(raw) > MAX_SIDECAR_BYTES:
        return {}, f"metadata file is over {MAX_SIDECAR_BYTES // 1024} KB{suffix}"
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, f"metadata file is not UTF-8 text{suffix}"
    except json.JSONDecodeError as exc:
        return {}, f"metadata file is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}){suffix}"
    except RecursionError:
        return {}, f"metadata file is not valid JSON (nested too deeply){suffix}"
    if not isinstance(record, dict):
        return {}, f"metadata file must hold a JSON object, not {type(record).__name__}{suffix}"
    hints: dict[str, str] = {}
    problems: list[str] = []
    for key, value in record.items():
        if key not in SIDECAR_KEYS:
            problems.append(f"unknown key {key!r}")
            continue
        text = _as_text(key, value)
        if text is None:
            if value is not None:
                problems.append(f"{key!r} is not text (got {type(value).__name__})")
            continue
        if key == "published" and parse_date(text) is None:
            problems.append(f"'published' {text!r} is not a date")
            continue
        hints[key] = text
    if problems:
        known = ", ".join(SIDECAR_KEYS)
        return hints, f"metadata file: {'; '.join(problems[:5])} (ignored; the keys are {known})"
    return hints, None


def _as_text(key: str, value: object) -> str | None:
    if isinstance(value, list) and key == "author":
        value = ", ".join(v.strip() for v in value if isinstance(v, str) and v.strip())
    if isinstance(value, int) and not isinstance(value, bool) and key == "published":
        value = str(value)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def check_defaults(defaults: Mapping[str, object] | None) -> dict[str, str]:
    """Validated reader defaults; :class:`ValueError` with a message a user can act on."""
    out: dict[str, str] = {}
    for key, value in (defaults or {}).items():
        if key not in DEFAULT_KEYS:
            raise ValueError(f"unknown default {key!r} (known: {', '.join(DEFAULT_KEYS)})")
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"default {key} must be non-empty text")
        value = " ".join(value.split())
        if key == "published" and parse_date(value) is None:
            raise ValueError(f"default published date {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        out[key] = value
    return out


__all__ = ["DEFAULT_KEYS", "SIDECAR_KEYS", "check_defaults", "is_sidecar", "read_sidecar", "sidecar_for"]
