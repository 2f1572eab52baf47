"""The ``claimgraph`` command: parse options, make one library call, print (Rich or --json)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import render
from .config import db_path
from .errors import ClaimgraphError

app = typer.Typer(
    help="Turn news articles into a sourced, time-aware graph of who did or said what to whom, according to whom.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

PathsArg = typer.Argument(..., help="Files or folders (.txt .md .html .htm .jsonl .ndjson); folders are read recursively.")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of a table.")
LimitOpt = typer.Option(50, "--limit", "-n", help="Show at most this many rows (0 = all).")


class _State:
    db: str | None = None


state = _State()


@app.callback()
def _main(db: Optional[str] = typer.Option(None, "--db", help="Store file (default: $CLAIMGRAPH_DB or ./claimgraph.db).")) -> None:
    state.db = db


def _store(readonly: bool = False):
    from .store import open_store

    path = db_path(state.db)
    if readonly and not Path(path).exists():
        raise ClaimgraphError(f"no store at {path}; run `claimgraph ingest PATH` first or pass --db")
    return open_store(path, readonly=False)


@app.command()
def ingest(
    paths: list[Path] = PathsArg,
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the run summary (with every skipped or failed input and why) as JSON."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Read at most this many bytes of one file; longer files are truncated with a warning."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Read, extract, resolve and store articles.  Idempotent: the same content is stored once.

    Exit codes: 0 all inputs stored or already present; 1 some inputs failed (see the summary);
    2 nothing could be read or a usage error; 130 interrupted (what was stored stays stored).
    """
    from .jobs import ingest_paths

    store = _store()
    counts = {"stored": 0, "skipped": 0, "problem": 0}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=render.err, disable=quiet, transient=True) as bar:
        task = bar.add_task("reading…")

        def progress(kind: str, item) -> None:
            counts[kind] = counts.get(kind, 0) + 1
            where = getattr(item, "path", "") or ""
            bar.update(task, description=f"stored {counts['stored']} · skipped {counts['skipped']} · problems {counts['problem']}  [dim]{Path(where).name}[/]")

        with render.err.status("loading the language model…") if not quiet else _null():
            from .nlp.pipeline import get_pipeline

            nlp = get_pipeline()
        result = ingest_paths(paths, store, nlp=nlp, max_bytes=max_bytes, progress=progress)
    _summary(result, store.path)
    if report:
        report.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    store.close()
    raise typer.Exit(result.exit_code)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _summary(result, path: str) -> None:
    c = render.err
    status = "[yellow]interrupted[/]" if result.interrupted else "[green]done[/]"
    c.print(f"{status}: read {result.read} documents, stored {result.stored}, skipped {len(result.skipped)}, failed {len(result.failed)} → {path}")
    for where, why in result.failed:
        c.print(f"  [red]failed[/]  {where}: {why}")
    for where, why in result.warnings:
        c.print(f"  [yellow]warning[/] {where}: {why}")
    for where, why in result.skipped[:20]:
        c.print(f"  [dim]skipped {where}: {why}[/]")
    if len(result.skipped) > 20:
        c.print(f"  [dim]… and {len(result.skipped) - 20} more skipped[/]")


@app.command()
def extract(
    paths: list[Path] = PathsArg,
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one record per document, SPEC section 3) or json (one pretty array)."),
    with_text: bool = typer.Option(False, "--with-text", help="Include the cleaned text in each record's doc."),
) -> None:
    """Run the pipeline on each document and print its record; nothing is stored.

    Actor ids are resolved across the given documents.  Unreadable inputs are reported on stderr.
    """
    from .jobs import extract_paths
    from .models import ReadProblem

    if format not in ("jsonl", "json"):
        raise ClaimgraphError(f"unknown --format {format!r}; use jsonl or json")
    records = []
    failed = 0
    for item in extract_paths(paths):
        if isinstance(item, ReadProblem):
            if item.fatal:
                failed += 1
            render.err.print(f"[{'red' if item.fatal else 'yellow'}]{'skipped' if item.fatal else 'warning'}[/] {item}")
            continue
        rec = item.to_record(with_text=with_text)
        if format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            records.append(rec)
    if format == "json":
        render.print_json(records)
    raise typer.Exit(1 if failed else 0)


@app.command()
def actors(limit: int = LimitOpt, as_json: bool = JsonOpt) -> None:
    """Actors with their aliases, type, and mention and document counts."""
    with _store(readonly=True) as store:
        rows = store.actors(limit=limit or None)
    render.print_json(rows) if as_json else render.console.print(render.actors_table(rows))


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes by this actor (any alias)."),
    about: Optional[str] = typer.Option(None, "--about", help="Only quotes that mention this actor."),
    limit: int = LimitOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Attributed quotes, direct and reported."""
    with _store(readonly=True) as store:
        rows = store.quotes(speaker=speaker, about=about, limit=limit or None)
    render.print_json(rows) if as_json else render.console.print(render.quotes_table(rows))


@app.command()
def events(
    actor: Optional[str] = typer.Option(None, "--actor", help="Events where this actor is source or target (any alias)."),
    between: Optional[tuple[str, str]] = typer.Option(None, "--between", help="Events between two actors, either direction."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER type (ASSAULT, AID, …, AFFILIATE, EQUATE)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events dated on or after (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events dated on or before (YYYY[-MM[-DD]])."),
    limit: int = LimitOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Coded events with source, target, date, attribution and flags."""
    with _store(readonly=True) as store:
        rows = store.events(actor=actor, between=between if between and between[0] else None, type=type, since=since, until=until, limit=limit or None)
    render.print_json(rows) if as_json else render.console.print(render.events_table(rows))


@app.command()
def report(as_json: bool = JsonOpt) -> None:
    """A short overview of the store: top actors, some quotes, some dated events."""
    with _store(readonly=True) as store:
        stats = store.stats()
        top = store.actors(limit=8)
        qs = [q for q in store.quotes() if q.get("speaker_name") and q["direct"]][:4]
        evs = [e for e in store.events() if e.get("source_name") and e.get("target_name") and e.get("date_origin") in ("sentence", "relative")][:6]
    if as_json:
        render.print_json({"stats": stats, "actors": top, "quotes": qs, "events": evs})
        return
    c = render.console
    c.print(f"[bold]{stats['documents']}[/] documents · {stats['actors']} actors · {stats['events']} events · {stats['quotes']} quotes")
    c.print(render.actors_table(top, title="Top actors"))
    c.print(render.quotes_table(qs, title="Some attributed quotes"))
    c.print(render.events_table(evs, title="Some dated events"))


def main() -> None:
    try:
        app()
    except ClaimgraphError as exc:
        render.err.print(f"[red]error:[/] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
