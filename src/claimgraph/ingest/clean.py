"""Remove web debris from article text, keeping paragraphs apart by one blank line.

Every rule is driven by ``data/boilerplate.json`` (see :mod:`claimgraph.ingest.patterns`):

* lines that fully match a debris pattern (read-more, share buttons, media-player times,
  separators, adverts, newsletter and cookie notices, credit and copyright lines, lone labels);
* photo captions (a trailing ``(Name/AP Photo)`` credit, ``Photo: ...``) and inline
  ``(Photo: ...)`` credits;
* donation appeals, found by a score (money words plus the outlet addressing its reader) and
  the courtesy lines next to them ("Thank you.");
* repeated paragraphs (a headline or caption printed twice): the first stays, unless the
  pair is a caption printed as alt text and figure caption, then both go;
* an author biography among the last lines;
* lines that only carried metadata (byline, date line), as reported by
  :mod:`claimgraph.ingest.metadata`.

Markdown markup is reduced to its text.  The result has one paragraph per block, blocks
separated by exactly one blank line; hard-wrapped text is re-joined into paragraphs.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from claimgraph.ingest.metadata import Metadata, is_bio, metadata_from_lines
from claimgraph.ingest.patterns import Patterns, load_patterns
from claimgraph.ingest.textio import normalize_text

_QUOTED = re.compile(r"[\"“”]|\b(?:said|says|told|according to|reported)\b", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,500})\]\((?:[^()\s]|\([^()\s]*\)){0,2000}(?:\s+\"[^\"\n]*\")?\)")
_MD_EMPH = re.compile(r"(?<![\w*\\])(\*{1,3}|_{1,3})(?=[^\s*_])([^*_\n]{1,300}?)(?<=[^\s*_\\])\1(?![\w*])")
_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+•]\s+(?=\S))")
_MD_STARTS = frozenset("#>-*+•")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[str, ...] = ()  # debris lines and fragments, in text order
    title: str | None = None
    meta: Metadata | None = None


def strip_markdown(line: str) -> str:
    """The text of a line of markdown: no heading marks, images, link targets or emphasis."""
    if line[:1] in _MD_STARTS:
        line = _MD_PREFIX.sub("", line)
    if "](" in line:
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
    if "*" in line or "_" in line:
        for _ in range(2):
            line = _MD_EMPH.sub(r"\2", line)
    return line.strip()


def _key(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


def is_appeal(line: str, pats: Patterns) -> bool:
    """A donation or subscription appeal, by lexicon score (see ``appeal`` in the data file)."""
    cfg = pats.section("appeal")
    words = len(line.split())
    if not words or words > int(cfg.get("max_words", 90)) or not pats.appeal_money.search(line):
        return False
    if _QUOTED.search(line):
        return False
    money = sum(1 for _ in pats.appeal_money_overlapping.finditer(line))
    weak = len(pats.appeal_weak.findall(line))
    address = len(pats.appeal_address.findall(line))
    if money < int(cfg.get("min_money", 1)):
        return False
    if address < 1 and money < int(cfg.get("min_money_without_address", 2)):
        return False
    score = (money * float(cfg.get("money_weight", 1.0)) + weak * float(cfg.get("weak_weight", 0.5))
             + address * float(cfg.get("address_weight", 0.4)))
    return score / max(words, 8) >= float(cfg.get("min_density", 0.12))


def _classify(line: str, plain: str, pats: Patterns) -> str | None:
    """Why a single line (and its markdown-free ``plain`` form) is debris, or ``None``."""
    words = len(plain.split())
    if not plain:
        return "markup"
    if words <= pats.max_line_words and (
        pats.debris_line.fullmatch(plain) or (plain != line and pats.debris_line.fullmatch(line))
    ):
        return "pattern"
    if words <= pats.caption_max_words and pats.is_caption(pats.inline_credit.sub("", plain)):
        return "caption"
    if is_appeal(plain, pats):
        return "appeal"
    return None


def clean_text(text: str, *, meta: Metadata | None = None,
               hints: Mapping[str, object] | None = None,
               patterns: Patterns | None = None) -> CleanResult:
    """Clean ``text``; ``meta`` (from :func:`extract_metadata` on the same text) is computed if absent."""
    pats = patterns or load_patterns()
    lines = normalize_text(text).split("\n")
    if meta is None:
        meta = metadata_from_lines(lines, hints=hints, patterns=pats)
    return clean_lines(lines, meta, pats)


def clean_lines(lines: list[str], meta: Metadata, pats: Patterns) -> CleanResult:
    """Clean normalised ``lines`` whose metadata lines are ``meta.consumed``."""
    lines = list(lines)
    cut_dates: dict[int, str] = {}
    for i, new_text, old in meta.rewritten:  # a date glued to the headline or first paragraph
        if i < len(lines):
            lines[i], cut_dates[i] = new_text, old
    idx = [i for i, line in enumerate(lines) if line]
    plain = {i: strip_markdown(lines[i]) for i in idx}
    why: dict[int, str] = {i: "metadata" for i in meta.consumed if i < len(lines) and lines[i]}
    for i in idx:
        if i not in why and (reason := _classify(lines[i], plain[i], pats)):
            why[i] = reason
    tail = int(pats.section("bio").get("tail_lines", 5))
    for i in idx[-tail:]:
        if i not in why and is_bio(lines[i], pats):
            why[i] = "bio"
        elif i not in why and len(lines[i].split()) <= 40 and any(rx.search(lines[i]) for rx in pats.outlet_tail):
            why[i] = "appeal"  # "Example News is funded by its readers." 
    _mark_duplicates(plain, idx, why, pats)
    for pos, i in enumerate(idx):  # "Thank you." next to an appeal
        near = [idx[p] for p in (pos - 1, pos + 1) if 0 <= p < len(idx)]
        if i not in why and pats.courtesy.fullmatch(lines[i]) and any(
                why.get(j) in ("appeal", "pattern") for j in near):
            why[i] = "appeal"

    removed: list[str] = []
    blocks: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        if i in cut_dates:
            removed.append(cut_dates[i])
        if i in why:
            removed.append(line)
            continue
        kept, cut = _inline(line, plain[i], pats)
        removed.extend(cut)
        if kept:
            blocks[-1].append(kept)
    blocks = [b for b in blocks if b]
    text = "\n\n".join(_reflow(blocks))
    return CleanResult(text=text, removed=tuple(removed), title=meta.title, meta=meta)


def _mark_duplicates(plains: dict[int, str], idx: list[int], why: dict[int, str],
                     pats: Patterns) -> None:
    seen: dict[str, int] = {}
    for pos, i in enumerate(idx):
        plain = plains[i]
        key = _key(plain)
        if len(key.split()) < 4:
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = pos
            continue
        why.setdefault(i, "duplicate")
        j = idx[first]
        adjacent = first == pos - 1 or all(k in why for k in idx[first + 1: pos])
        if adjacent and len(plain.split()) <= pats.caption_max_words and pats.caption_cues.search(plain):
            why.setdefault(j, "caption")


def _inline(line: str, plain: str, pats: Patterns) -> tuple[str, list[str]]:
    if "(" not in line and "[" not in line:
        return plain, []
    cut = [m.group(0).strip() for m in pats.inline_credit.finditer(line)]
    if not cut:
        return plain, []
    return strip_markdown(pats.inline_credit.sub("", line)), cut


def _reflow(blocks: list[list[str]]) -> list[str]:
    """One string per paragraph: a line inside a block is its own paragraph unless the text is
    hard-wrapped (no long lines, most lines of similar length), then wrapped lines are joined."""
    inner = [line for block in blocks for line in block[:-1]]
    longest = max((len(line) for block in blocks for line in block), default=0)
    wrapped = bool(inner) and longest <= 100 and sum(len(x) >= 40 for x in inner) >= 0.5 * len(inner)
    out: list[str] = []
    for block in blocks:
        parts = [block[0]]
        for line in block[1:]:
            prev = parts[-1]
            if wrapped and not _TERMINAL.search(prev) and (line[:1].islower() or len(prev) >= 40):
                parts[-1] = prev + " " + line
            else:
                parts.append(line)
        out.extend(parts)
    return out
