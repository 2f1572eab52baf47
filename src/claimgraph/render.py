"""Terminal rendering for the CLI: Rich tables for people, JSON for programs."""
from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console()
err = Console(stderr=True, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def flags(row: dict) -> str:
    out = []
    if row.get("negated"):
        out.append("negated")
    if row.get("hedged"):
        out.append("hedged")
    return ", ".join(out)


def actors_table(rows: list[dict], title: str = "Actors") -> Table:
    t = Table(title=title, show_lines=False)
    t.add_column("actor", style="bold")
    t.add_column("type")
    t.add_column("mentions", justify="right")
    t.add_column("docs", justify="right")
    t.add_column("aliases", overflow="fold")
    for r in rows:
        t.add_row(r["name"], r["type"], str(r["mentions"]), str(r["documents"]), ", ".join(a for a in r["aliases"] if a != r["name"])[:120])
    return t


def quotes_table(rows: list[dict], title: str = "Quotes") -> Table:
    t = Table(title=title, show_lines=True)
    t.add_column("speaker", style="bold")
    t.add_column("quote", overflow="fold")
    t.add_column("outlet / date")
    for r in rows:
        who = r.get("speaker_name") or (f"[dim]{r['speaker_text']}[/]" if r.get("speaker_text") else "[dim]unknown[/]")
        kind = "" if r["direct"] else "[dim](reported)[/] "
        t.add_row(who, Text.from_markup(kind) + Text(_clip(r["text"], 240)), f"{r.get('source') or '-'}\n{r.get('published') or ''}")
    return t


def events_table(rows: list[dict], title: str = "Events") -> Table:
    t = Table(title=title, show_lines=True)
    t.add_column("date")
    t.add_column("event", style="bold")
    t.add_column("according to")
    t.add_column("sentence", overflow="fold")
    t.add_column("outlet")
    for r in rows:
        ev = f"{r.get('source_name') or '?'} [cyan]{r['type']}[/] {r.get('target_name') or '?'}"
        f = flags(r)
        if f:
            ev += f"\n[yellow]{f}[/]"
        t.add_row(_date(r), Text.from_markup(ev), r.get("attributed_name") or "[dim]outlet[/]", Text(_clip(r["sentence"], 220)), r.get("outlet") or "-")
    return t


def _date(r: dict) -> str:
    d = r.get("date") or ""
    origin = r.get("date_origin")
    return f"{d}\n[dim]{origin}[/]" if d and origin else d


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
