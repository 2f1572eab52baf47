"""The boilerplate patterns of ``data/boilerplate.json``, loaded once and compiled.

The data file holds every phrase and regex the cleaner and the metadata reader use; this
module only turns it into compiled objects.  A user extends it without touching code by
pointing ``CLAIMGRAPH_BOILERPLATE`` at a JSON file of the same shape: its lists are appended
to ours, its scalars replace ours.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimgraph.errors import ReadError

ENV_VAR = "CLAIMGRAPH_BOILERPLATE"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.json"

# A run of capitalised words that names an outlet ("The Epoch Times", "TheTower.org").
_WORD = r"[A-Z](?:[\w&-]|\.(?=\w))*(?:['’][A-Za-z]{2,})?"
OUTLET_RE = rf"(?P<outlet>(?:The\s+)?{_WORD}(?:\s+(?:of\s+|the\s+|&\s+|and\s+)?{_WORD}){{0,5}})"


@dataclass(frozen=True)
class Patterns:
    raw: dict[str, Any]
    debris_line: re.Pattern[str]
    max_line_words: int
    credit_tail: re.Pattern[str]
    credit_suffix: re.Pattern[str]
    inline_credit: re.Pattern[str]
    caption_cues: re.Pattern[str]
    caption_max_words: int
    appeal_money: re.Pattern[str]
    appeal_weak: re.Pattern[str]
    appeal_money_overlapping: re.Pattern[str]
    appeal_address: re.Pattern[str]
    courtesy: re.Pattern[str]
    bio_role: re.Pattern[str]
    outlet: tuple[re.Pattern[str], ...]
    outlet_bio: tuple[re.Pattern[str], ...]
    outlet_tail: tuple[re.Pattern[str], ...]
    outlet_reject: frozenset[str]
    outlet_suffix: re.Pattern[str]
    wire: re.Pattern[str]
    wires: dict[str, str]
    byline_role: re.Pattern[str]
    non_name_words: frozenset[str]
    name_particles: frozenset[str]
    date_label: re.Pattern[str]

    def is_caption(self, line: str) -> bool:
        """A photo caption: ends with a credit ("(Jane Roe/AP Photo)", "Image: Jane Roe.")."""
        return bool(self.credit_tail.search(line) or self.credit_suffix.search(line))

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = value
    return out


def _alternation(items: list[str], *, words: bool = False) -> str:
    parts = [p for p in items if isinstance(p, str) and p]
    if words:
        parts = [re.escape(p) if not re.search(r"[\\$€£]", p) else p for p in parts]
        parts.sort(key=len, reverse=True)
        return r"(?<![\w-])(?:" + "|".join(parts) + r")s?(?![\w-])"
    return "(?:" + "|".join(f"(?:{p})" for p in parts) + ")"


def _strings(section: dict[str, Any], key: str) -> list[str]:
    value = section.get(key, [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def compile_patterns(raw: dict[str, Any]) -> Patterns:
    """Compile a boilerplate dictionary (the shape of ``data/boilerplate.json``)."""
    try:
        lines = raw.get("line_patterns", {})
        line_res = [p for k, v in lines.items() if not k.startswith("_") for p in v]
        caption = raw.get("caption", {})
        appeal = raw.get("appeal", {})
        outlets = raw.get("outlet_patterns", {})
        wires = {k: v for k, v in raw.get("wire_services", {}).items() if not k.startswith("_")}
        byline = raw.get("byline", {})
        roles = _strings(byline, "roles")
        labels = [re.escape(x) for x in raw.get("date_labels", [])]
        labels.sort(key=len, reverse=True)
        wire_names = "|".join(re.escape(w) for w in sorted(wires, key=len, reverse=True))
        return Patterns(
            raw=raw,
            debris_line=re.compile(_alternation(line_res), re.I),
            max_line_words=int(raw.get("max_line_words", 60)),
            credit_tail=re.compile(caption.get("credit_tail", r"(?!x)x")),
            credit_suffix=re.compile(caption.get("credit_suffix", r"(?!x)x")),
            inline_credit=re.compile(caption.get("inline_credit", r"(?!x)x"), re.I),
            caption_cues=re.compile(_alternation(_strings(caption, "cues")), re.I),
            caption_max_words=int(caption.get("max_words", 80)),
            appeal_money=re.compile(_alternation(_strings(appeal, "money"), words=True), re.I),
            appeal_money_overlapping=re.compile(
                "(?=" + _alternation(_strings(appeal, "money"), words=True) + ")", re.I),
            appeal_weak=re.compile(_alternation(_strings(appeal, "weak_money"), words=True), re.I),
            appeal_address=re.compile(_alternation(_strings(appeal, "address"), words=True), re.I),
            courtesy=re.compile(_alternation(_strings(appeal, "courtesy")), re.I),
            bio_role=re.compile(_alternation(_strings(raw.get("bio", {}), "roles"), words=True), re.I),
            outlet=tuple(
                re.compile(p.replace("{OUTLET}", OUTLET_RE)) for p in _strings(outlets, "patterns")
            ),
            outlet_bio=tuple(
                re.compile(p.replace("{OUTLET}", OUTLET_RE)) for p in _strings(outlets, "bio_patterns")
            ),
            outlet_tail=tuple(
                re.compile(p.replace("{OUTLET}", OUTLET_RE)) for p in _strings(outlets, "tail_patterns")
            ),
            outlet_reject=frozenset(_strings(outlets, "reject")),
            outlet_suffix=re.compile(outlets.get("strip_suffix", r"(?!x)x"), re.I),
            wire=re.compile(
                r"^(?:[A-Z][\w.'’-]*(?:[ ,/-]+[A-Z][\w.'’-]*){0,5},?\s+)?"
                r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?"
                rf"\((?P<wire>{wire_names or '(?!x)x'})\)\s*[-–—:]"
            ),
            wires=wires,
            byline_role=re.compile(_alternation(roles, words=True), re.I),
            non_name_words=frozenset(_strings(byline, "non_name_words")),
            name_particles=frozenset(_strings(byline, "name_particles")),
            date_label=re.compile(
                r"^(?P<label>" + ("|".join(labels) or r"(?!x)x") + r")\b\s*(?:on|at)?\s*[:|–—-]?\s*",
                re.I,
            ),
        )
    except (re.error, AttributeError, TypeError, ValueError) as exc:
        raise ReadError(f"boilerplate patterns are invalid ({exc}); fix the JSON file") from exc


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReadError(f"cannot read boilerplate patterns from {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ReadError(f"boilerplate patterns in {path} must be a JSON object")
    return data


@lru_cache(maxsize=8)
def load_patterns(extra: str | None = None) -> Patterns:
    """Our patterns, extended by the JSON file ``extra`` (default: ``$CLAIMGRAPH_BOILERPLATE``)."""
    raw = _load_json(DATA_FILE)
    extra = extra if extra is not None else os.environ.get(ENV_VAR) or None
    if extra:
        raw = _merge(raw, _load_json(Path(extra)))
    return compile_patterns(raw)
