"""Terminal output for the CLI: Rich tables for people, JSON for programs (the web app has its
own templates in web/templating.py)."""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

#: Output to a pipe or a file is not cut at 80 columns: with no terminal (and no COLUMNS), a
#: table is as wide as its cells need, up to this many characters.
PIPE_WIDTH = 320


def _width(stream) -> int | None:
    if os.environ.get("COLUMNS"):
        return None  # Rich reads it
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return None if tty else PIPE_WIDTH


console = Console(width=_width(sys.stdout))
err = Console(stderr=True, soft_wrap=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: Any) -> str:
    """A user-controlled value as printable text: control characters (ESC, NUL, ...) shown as
    ``\\xNN`` so that they never reach the terminal raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", "" if value is None else str(value))


def esc(value: Any) -> str:
    """A user-controlled value to put inside Rich markup: printable (``plain``) and with its
    brackets escaped, so that a path or a title holding ``[/]`` prints as itself."""
    return escape(plain(value))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def flags(row: dict) -> str:
    out = []
    if row.get("negated"):
        out.append("negated")
    if row.get("hedged"):
        out.append("hedged")
    out += [m for m in row.get("mode") or () if m != "negated"]  # hypothetical, future, claimed, historical
    return ", ".join(out)


def actors_table(rows: list[dict], title: str = "Actors", caption: str | None = None) -> Table:
    t = Table(title=title, show_lines=False, caption=caption)
    t.add_column("actor", style="bold")
    t.add_column("type")
    t.add_column("mentions", justify="right")
    t.add_column("docs", justify="right")
    t.add_column("aliases", overflow="fold")
    for r in rows:
        typ = f"{r['type']} · {r['sector'] or 'sector'}" if r.get("kind") == "sector" else r["type"]  # "OTHER · PROTEST"
        typ += " · place" if r.get("kind") == "place" else ""
        name = Text(plain(r["name"]))
        if r.get("curated_by"):  # a decision touched it (``claimgraph decisions``)
            name.append(" curated", style="not bold green")
        t.add_row(name, Text(plain(typ)), str(r["mentions"]), str(r["documents"]),
                  Text(plain(", ".join(a for a in r["aliases"] if a != r["name"])[:120])))
    return t


def rejected_table(rows: list[dict], title: str = "Names that are no actors", caption: str | None = None) -> Table:
    """``actors --rejected``: each name the actors stage turned down or folded, and why."""
    t = Table(title=title, show_lines=False, caption=caption)
    t.add_column("name", style="bold")
    t.add_column("label")
    t.add_column("why", overflow="fold")
    t.add_column("times", justify="right")
    t.add_column("docs", justify="right")
    for r in rows:
        t.add_row(Text(plain(r["text"])), Text(plain(r.get("label") or "")), Text(plain(r["reason"])), str(r["occurrences"]), str(r["documents"]))
    return t


def quotes_table(rows: list[dict], title: str = "Quotes", caption: str | None = None) -> Table:
    t = Table(title=title, show_lines=True, caption=caption)
    t.add_column("speaker", style="bold")
    t.add_column("quote", overflow="fold")
    t.add_column("outlet / date")
    for r in rows:
        who = esc(r.get("speaker_name")) or (f"[dim]{esc(r['speaker_text'])}[/]" if r.get("speaker_text") else "[dim]unknown[/]")
        kind = "" if r["direct"] else "[dim](reported)[/] "
        t.add_row(who, Text.from_markup(kind) + Text(plain(_clip(r["text"], 240))), Text(f"{plain(r.get('source') or '-')}\n{plain(r.get('published'))}"))
    return t


def events_table(rows: list[dict], title: str = "Events", caption: str | None = None) -> Table:
    t = Table(title=title, show_lines=True, caption=caption)
    t.add_column("date")
    t.add_column("event", style="bold")
    t.add_column("according to")
    t.add_column("sentence", overflow="fold")
    t.add_column("outlet")
    for r in rows:
        ev = f"{esc(r.get('source_name') or '?')} [cyan]{esc(r['type'])}[/] {esc(r.get('target_name') or '?')}"
        f = flags(r)
        if f:
            ev += f"\n[yellow]{f}[/]"
        ev += f"\n[dim]#{r['id']}[/]" if r.get("id") is not None else ""
        if r.get("curation"):
            ev += f" [green]{esc(r['curation'])}[/]"
        t.add_row(_date(r), Text.from_markup(ev), esc(r.get("attributed_name")) or "[dim]outlet[/]", Text(plain(_clip(r["sentence"], 220))),
                  Text(plain(r.get("outlet") or "-")))
    return t


def decisions_table(rows: list[dict], summaries: list[str], title: str = "Decisions") -> Table:
    """One row per decision: id, kind, what it says, who and when, and whether it is in force."""
    t = Table(title=title, show_lines=False, caption=None if rows else "no decisions yet")
    t.add_column("id", justify="right")
    t.add_column("kind")
    t.add_column("decision", overflow="fold")
    t.add_column("by")
    t.add_column("made")
    t.add_column("state")
    for r, summary in zip(rows, summaries):
        what = Text(plain(summary))
        if r.get("note"):
            what.append("\n" + plain(r["note"]), style="dim")
        state = Text(f"undone {plain(r['undone_at'][:10])}", style="dim") if r.get("undone_at") else Text("in force", style="green")
        t.add_row(str(r["id"]), Text(plain(r["kind"])), what, Text(plain(r.get("author"))), Text(plain((r.get("created_at") or "")[:16].replace("T", " "))), state)
    return t


def _date(r: dict) -> str:
    d = esc(r.get("date"))
    origin = esc(r.get("date_origin"))
    return f"{d}\n[dim]{origin}[/]" if d and origin else d


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# -- analysis views (dyad, conflicts, check, framing, timeline) ------------------------------

_STANCE_STYLE = {"cooperative": "green", "hostile": "red", "other": "blue"}


def evidence_table(items: list[dict], title: str = "Evidence", *, note_key: str | None = None,
                   limit: int | None = None) -> Table:
    """One row per evidence item: date, who did what to whom (with flags), who asserts it,
    the sentence and the outlet.  ``note_key`` ("match", "why") adds a column."""
    shown = items[:limit] if limit else items
    more = len(items) - len(shown)
    t = Table(title=title + (f" (first {len(shown)} of {len(items)})" if more else ""), show_lines=True, title_justify="left")
    _event_columns(t, note_key)
    for r in shown:
        ev = _event_cell(r)
        cells = [_date(r)]
        if note_key:
            note = esc(r.get(note_key) or "")
            if r.get("via"):
                note += f"\n[dim]via {esc(r['via'])}[/]"
            if r.get("answers_claim"):
                note += f"\n[dim]{esc(answers_note(r))}[/]"
            cells.append(Text.from_markup(note))
        cells += [Text.from_markup(ev), esc(r.get("attributed_to")) or "[dim]outlet[/]", Text(plain(_clip(r.get("sentence") or "", 220))),
                  f"{esc(r.get('source') or '-')}\n[dim]{esc(r.get('published'))}[/]"]
        t.add_row(*cells)
    return t


def answers_note(r: dict) -> str:
    """What a denial answers: "answers Korvania's claim (The Herald): Veltria arms ..."."""
    c = r["answers_claim"]
    who = c.get("attributed_to") or c.get("relayed_via") or c.get("source") or "the outlet"
    where = "" if r.get("answers_scope") == "document" else ", in another document"
    claim = f"{c.get('source_actor') or '?'} {(c.get('type') or '').lower()} {c.get('target_actor') or '?'}"
    return f"answers {who}'s claim{where} ({claim}): {_clip(c.get('sentence') or '', 90)}"


def _event_columns(t: Table, extra: str | None = None, **extra_style) -> None:
    """The columns of every table of events: date, an optional extra column, then the event,
    who asserts it, the sentence and the outlet."""
    t.add_column("date", no_wrap=True, min_width=10)
    if extra:
        t.add_column(extra, **extra_style)
    t.add_column("event", style="bold")
    t.add_column("according to")
    t.add_column("sentence", overflow="fold")
    t.add_column("source")


_BUCKETS = ("cooperative", "hostile", "other", "negated", "intentions")


def counts_table(counts: dict[str, dict[str, int]], first: str, title: str) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column(first)
    for s in _BUCKETS:
        t.add_column(s, justify="right", style=_STANCE_STYLE.get(s, "yellow"))
    for key, c in counts.items():
        t.add_row(Text(plain(key)), *(str(c.get(s, 0)) for s in _BUCKETS))
    return t


def dyad_view(d: dict, limit: int | None = 20) -> Group:
    c = d["counts"]
    head = (f"[bold]{esc(d['a'])}[/] ↔ [bold]{esc(d['b'])}[/]: {d['total']} events — [green]{c['cooperative']} cooperative[/], "
            f"[red]{c['hostile']} hostile[/], [blue]{c['other']} other[/], [yellow]{c['negated']} negated[/]"
            + (f", [yellow]{c['intentions']} intended (threats, vows, plans: not acts)[/]" if c.get("intentions") else ""))
    parts: list = [Text.from_markup(head)]
    if not d["total"]:
        parts.append(Text("No stored event links them."))
        return Group(*parts)
    parts.append(counts_table(d["by_period"], d["period"], f"By {d['period']} (asserted events; negated ones and intentions counted apart)"))
    parts.append(counts_table(d["by_source"], "source", "By source"))
    for stance, items in d["by_stance"].items():
        if items:
            total = d.get("by_stance_total", {}).get(stance, len(items))
            shown = min(len(items), limit or len(items))
            more = f" (showing {shown} of {total}; --limit N or --all for more)" if shown < total else ""  # the store sent the first ones only
            parts.append(evidence_table(items[:shown], f"{stance.capitalize()} ({total}){more}"))
    return Group(*parts)


def conflicts_view(rows: list[dict], limit: int | None = 5) -> Group:
    if not rows:
        return Group(Text("No contested pair: no actor pair has cooperative claims that other sources contradict or deny."))
    t = Table(title="Contested pairs (strongest disagreement first)", title_justify="left", show_lines=True)
    t.add_column("#", justify="right")
    t.add_column("pair", style="bold")
    t.add_column("score", justify="right")
    t.add_column("why", overflow="fold")
    for i, r in enumerate(rows, 1):
        t.add_row(str(i), Text(plain(f"{r['a']} ↔ {r['b']}")), str(r["score"]), Text(plain(r["explanation"])))
    parts: list = [t]
    for r in rows:
        parts.append(Rule(esc(f"{r['a']} ↔ {r['b']} · score {r['score']}")))
        for key, label in (("cooperative", "Cooperative claims"), ("hostile", "Hostile claims"), ("denials", "Denials"),
                           ("intentions", "Stated intentions and threats (not counted)")):
            if r.get(key):
                total = r.get("counts", {}).get(key, len(r[key]))
                shown = min(len(r[key]), limit or len(r[key]))
                title = f"{label} ({shown} of {total}; `claimgraph dyad` lists all)" if shown < total else f"{label} ({total})"
                parts.append(evidence_table(r[key][:shown], title, note_key="why" if key == "denials" else None))
    return Group(*parts)


def check_view(res: dict, limit: int | None = None) -> Group:
    c = res["claim"]
    neg = " [yellow](negative claim)[/]" if c.get("negated") else ""
    head = (f"Claim: [bold]{esc(c['subject'])}[/] [cyan]{esc(c['relation'])}[/] [bold]{esc(c['object'])}[/]{neg}  "
            f"[dim]({esc(c['relation_word'])} → {esc(c['relation'])}, {esc(c['class'])})[/]")
    parts: list = [Text.from_markup(head)]
    totals = res.get("totals") or {}

    def listed(key: str, label: str, note_key: str) -> Table:
        items, total = res[key], totals.get(key, len(res[key]))
        shown = min(len(items), limit or len(items))
        more = f" (showing {shown} of {total}; --limit N or --all for more)" if shown < total else ""  # check(limit=) sent the first ones only
        return evidence_table(items[:shown], f"{label} ({total}){more}", note_key=note_key)

    parts.append(listed("supporting", "Supporting", "match") if res["supporting"] else Text("Supporting: nothing in the store."))
    parts.append(listed("opposing", "Opposing", "why") if res["opposing"] else Text("Opposing: nothing in the store."))
    if res.get("intentions"):
        parts.append(listed("intentions", "Stated intentions and threats, not counted", "bears"))
    parts.append(Text.from_markup(f"[bold]Summary:[/] {esc(res['summary'])}"))
    return Group(*parts)


def framing_view(f: dict) -> Group:
    parts: list = [Text.from_markup(f"How each source labels [bold]{esc(f['actor'])}[/]")]
    t = Table(show_lines=True)
    t.add_column("source", style="bold")
    t.add_column("label")
    t.add_column("count", justify="right")
    t.add_column("example", overflow="fold")
    for src, labels in f["by_source"].items():
        for i, lab in enumerate(labels):
            t.add_row(Text(plain(src)) if i == 0 else "", Text(plain(lab["label"])), str(lab["count"]), Text(plain(_clip(lab.get("example") or "", 200))))
    if f["by_source"]:
        parts.append(t)
    else:
        parts.append(Text("No source applies a label to it."))
    if f["unlabelled_sources"]:
        parts.append(Text.from_markup("[dim]Mention it without a label:[/] " + esc(", ".join(f["unlabelled_sources"]))))
    return Group(*parts)


def _event_cell(r: dict) -> str:
    """"Source TYPE Target" coloured by stance, with the negated/hedged flags under it."""
    style = _STANCE_STYLE.get(r.get("stance") or "", "cyan")
    ev = f"{esc(r.get('source_actor') or '?')} [{style}]{esc(r['type'])}[/] {esc(r.get('target_actor') or '?')}"
    f = flags(r)
    ev = ev + f"\n[yellow]{f}[/]" if f else ev
    return ev + f" [green]{esc(r['curation'])}[/]" if r.get("curation") else ev


def timeline_table(items: list[dict], title: str = "Timeline", caption: str | None = None) -> Table:
    t = Table(title=title, show_lines=True, title_justify="left", caption=caption, caption_justify="left")
    _event_columns(t, "precision · from", overflow="fold")
    for r in items:
        ev = _event_cell(r)
        t.add_row(Text(plain(r.get("date"))), Text(plain(_date_from(r))), Text.from_markup(ev),
                  esc(r.get("attributed_to")) or "[dim]outlet[/]", Text(plain(_clip(r.get("sentence") or "", 200))), Text(plain(r.get("source") or "-")))
    return t


def _date_from(r: dict) -> str:
    origin = {"sentence": "stated", "relative": "relative", "article": "article date"}.get(r.get("date_origin") or "", "?")
    said = f' "{r["date_text"]}"' if r.get("date_text") and r.get("date_origin") in ("sentence", "relative") else ""
    return f"{r.get('precision') or '?'} · {origin}{said}"


def removed_view(report) -> Group:
    """What ``remove`` deleted: a table of the documents, then the counts and the actors dropped."""
    parts: list = []
    if report.documents:
        t = Table(title="Removed documents", title_justify="left")
        t.add_column("id", no_wrap=True)
        t.add_column("document", overflow="fold")
        t.add_column("version")
        for d in report.documents:
            version = f"older, of {plain(d['superseded_by'])}" if d.get("superseded_by") else "current"
            t.add_row(Text(plain(d["id"])), Text(plain(d.get("path") or d.get("url") or d.get("title") or "-")), Text(version))
        parts.append(t)
    n = len(report.documents)
    line = (f"removed {n} document{'s' if n != 1 else ''}, {report.events} event{'s' if report.events != 1 else ''},"
            f" {report.quotes} quote{'s' if report.quotes != 1 else ''}; dropped {len(report.actors)}"
            f" actor{'s' if len(report.actors) != 1 else ''} that nothing names any more")
    if report.actors:
        line += ": " + ", ".join(plain(a.get("name") or a["id"]) for a in report.actors[:20])
        if len(report.actors) > 20:
            line += f" and {len(report.actors) - 20} more"
    parts.append(Text(line))
    if report.missing:
        parts.append(Text("no document matched (ignored): " + ", ".join(plain(m) for m in report.missing), style="yellow"))
    return Group(*parts)
