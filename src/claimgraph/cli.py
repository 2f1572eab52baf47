"""The ``claimgraph`` command: parse options, make one library call, print (Rich or --json)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import terminal
from .config import db_path
from .errors import ClaimgraphError
from .ontology import types_help

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
    """The store ``--db`` names: query commands open it read-only (no write, no migration)."""
    from .store import open_store

    return open_store(db_path(state.db), readonly=readonly)


@app.command()
def ingest(
    paths: list[Path] = PathsArg,
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the run summary (with every skipped or failed input and why) as JSON."),
    max_bytes: int = typer.Option(1_000_000, "--max-bytes", help="Read at most this many bytes of one file; longer files are truncated with a warning."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Read, extract, resolve and store articles.  Idempotent: the same content is stored once.

    Exit codes: 0 all inputs stored or already present; 1 some inputs failed (see the summary);
    2 nothing could be read or a usage error; 130 interrupted (what was stored stays stored).
    """
    from .runner import ingest_paths

    _check_report_path(report)
    store = _store()
    counts = {"stored": 0, "skipped": 0, "problem": 0}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=terminal.err, disable=quiet, transient=True) as bar:
        task = bar.add_task("reading…")

        def progress(kind: str, item) -> None:
            counts[kind] = counts.get(kind, 0) + 1
            where = getattr(item, "path", "") or ""
            bar.update(task, description=f"stored {counts['stored']} · skipped {counts['skipped']} · problems {counts['problem']}  [dim]{Path(where).name}[/]")

        nlp = _load_model(quiet)
        result = ingest_paths(paths, store, nlp=nlp, max_bytes=max_bytes, progress=progress)
    _summary(result, store.path)
    if report:
        report.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    store.close()
    raise typer.Exit(result.exit_code)


def _check_report_path(report: Path | None) -> None:
    if report is not None and not report.parent.exists():
        raise ClaimgraphError(f"--report {report}: folder {report.parent} does not exist")


def _load_model(quiet: bool):
    try:
        with terminal.err.status("loading the language model…") if not quiet else _null():
            from .nlp.pipeline import get_pipeline

            return get_pipeline()
    except KeyboardInterrupt:
        terminal.err.print("[yellow]interrupted[/] while loading the language model; nothing was read or stored")
        raise typer.Exit(130)


@app.command()
def reprocess(
    all_: bool = typer.Option(False, "--all", help="Re-extract every stored document, not only those from another pipeline version."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the run summary (with every failed document and why) as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Re-extract stored documents with the current pipeline, from their stored text (no file is read).

    Each document's old records are replaced in one transaction.  Exit codes: 0 done or nothing
    to do; 1 some documents failed; 2 all failed; 130 interrupted (run it again to go on).
    """
    from .runner import reprocess_store

    _check_report_path(report)
    store = _store()
    done = {"n": 0}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=terminal.err, disable=quiet, transient=True) as bar:
        task = bar.add_task("selecting…")

        def progress(kind: str, item) -> None:
            done["n"] += 1
            bar.update(task, description=f"re-extracted {done['n']}")

        result = reprocess_store(store, progress=progress, force=all_)
    terminal.err.print(
        f"{result.reprocessed} of {result.selected} documents re-extracted to pipeline {result.version} "
        f"({result.documents} stored); events {result.events_before} → {result.events_after}"
    )
    for where, why in result.failed:
        terminal.err.print(f"  [red]failed[/]  {where}: {why}")
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
    c = terminal.err
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
    from .runner import extract_paths
    from .models import ReadProblem

    if format not in ("jsonl", "json"):
        raise ClaimgraphError(f"unknown --format {format!r}; use jsonl or json")
    records = []
    failed = 0
    for item in extract_paths(paths):
        if isinstance(item, ReadProblem):
            if item.fatal:
                failed += 1
            terminal.err.print(f"[{'red' if item.fatal else 'yellow'}]{'skipped' if item.fatal else 'warning'}[/] {item}")
            continue
        rec = item.to_record(with_text=with_text)
        if format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            records.append(rec)
    if format == "json":
        terminal.print_json(records)
    raise typer.Exit(1 if failed else 0)


@app.command()
def actors(limit: int = LimitOpt, as_json: bool = JsonOpt) -> None:
    """Actors with their aliases, type, and mention and document counts."""
    with _store(readonly=True) as store:
        rows = store.actors(limit=limit or None)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.actors_table(rows))


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
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.quotes_table(rows))


@app.command()
def events(
    actor: Optional[str] = typer.Option(None, "--actor", help="Events where this actor is source or target (any alias)."),
    between: Optional[tuple[str, str]] = typer.Option(None, "--between", help="Events between two actors, either direction."),
    type: Optional[str] = typer.Option(None, "--type", help=f"Event type: {types_help()}."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events dated on or after (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events dated on or before (YYYY[-MM[-DD]])."),
    limit: int = LimitOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Coded events with source, target, date, attribution and flags."""
    with _store(readonly=True) as store:
        rows = store.events(actor=actor, between=between if between and between[0] else None, type=type, since=since, until=until, limit=limit or None)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.events_table(rows))


# -- analysis ------------------------------------------------------------------------------
ShowOpt = typer.Option(20, "--limit", "-n", help="Show at most this many evidence items per list (0 = all); --json always has all.")


@app.command("dyad")
def dyad_cmd(
    a: str = typer.Argument(..., help="One actor (any alias)."),
    b: str = typer.Argument(..., help="The other actor (any alias)."),
    period: str = typer.Option("year", "--period", help="Count by year or by month."),
    limit: int = ShowOpt,
    as_json: bool = JsonOpt,
) -> None:
    """How A and B relate: every event between them, by stance, over time and per source."""
    from .analysis import dyad

    if period not in ("year", "month"):
        raise typer.BadParameter("use year or month", param_hint="--period")
    with _store(readonly=True) as store:
        res = dyad(store, a, b, period=period)
    terminal.print_json(res) if as_json else terminal.console.print(terminal.dyad_view(res, limit=limit or None))


@app.command("conflicts")
def conflicts_cmd(
    limit: int = typer.Option(20, "--limit", "-n", help="At most this many pairs."),
    evidence: Optional[int] = typer.Option(
        None, "--evidence", "-e",
        help="At most this many items per side of each pair, every source represented before any repeats"
             " (default 5 in the table, 50 with --json; 0 = all).  The counts are always complete."),
    as_json: bool = JsonOpt,
) -> None:
    """Actor pairs about which the sources disagree, strongest first, with the evidence on each side.

    A pair is contested when cooperative and hostile claims about it come from different
    sources or attributions, or when one side denies what another asserts.  The score is
    explained in words for each pair.
    """
    from .analysis import conflicts

    if evidence is None:
        evidence = 50 if as_json else 5
    with _store(readonly=True) as store:
        rows = conflicts(store, limit=limit, max_evidence=evidence or None)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.conflicts_view(rows, limit=None))


@app.command("check")
def check_cmd(
    claim: str = typer.Argument(..., help='A short claim about two actors: "Hamas cooperates with ISIS", "Iran funds Hamas", "Hamas is ISIS".'),
    limit: int = typer.Option(20, "--limit", "-n", help="Show at most this many items per side (0 = all); --json always has all."),
    as_json: bool = JsonOpt,
) -> None:
    """Evidence for and against a claim, each item with source, date and attribution.

    The claim is read as subject, relation and object: actors by any alias, the relation by
    the event lexicon (verbs such as cooperates with, funds, arms, attacks, threatens, meets,
    is).  The summary counts sources on each side; it is not a verdict.
    """
    from .analysis import check

    with _store(readonly=True) as store:
        res = check(store, claim)
    terminal.print_json(res) if as_json else terminal.console.print(terminal.check_view(res, limit=limit or None))


@app.command("framing")
def framing_cmd(actor: str = typer.Argument(..., help="The actor (any alias)."), as_json: bool = JsonOpt) -> None:
    """The labels each source applies to an actor, with counts and an example sentence."""
    from .analysis import framing

    with _store(readonly=True) as store:
        res = framing(store, actor)
    terminal.print_json(res) if as_json else terminal.console.print(terminal.framing_view(res))


@app.command("timeline")
def timeline_cmd(
    actor: Optional[str] = typer.Argument(None, help="Only events of this actor (any alias); all dated events if left out."),
    other: Optional[str] = typer.Option(None, "--with", help="Only events between ACTOR and this actor."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events dated on or after (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events dated on or before (YYYY[-MM[-DD]])."),
    types: Optional[list[str]] = typer.Option(None, "--type", help=f"Event type ({types_help()}); repeat for several."),
    sources: Optional[list[str]] = typer.Option(None, "--source", help="Outlet; repeat for several."),
    limit: int = LimitOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Dated events in order, with the precision of each date and where it came from."""
    from .analysis import timeline

    with _store(readonly=True) as store:
        rows = timeline(store, actor, other=other, since=since, until=until, types=types or None, sources=sources or None, limit=limit or None)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.timeline_table(rows))


@app.command("export")
def export_cmd(
    format: str = typer.Option(..., "--format", "-f", help="jsonl | csv | graphml | gexf | plover | ftm | neo4j."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (csv: a prefix or a folder; neo4j: a folder; stdout for the others if left out)."),
    with_text: bool = typer.Option(False, "--with-text", help="jsonl, ftm: include each document's cleaned text."),
) -> None:
    """The store for other tools: actors, documents, events and quotes.

    jsonl: everything, one JSON object per line with a "kind" field.  csv: OUT_nodes.csv,
    OUT_edges.csv and OUT_quotes.csv (pandas).  graphml, gexf: Gephi, networkx.  plover: PLOVER
    event records (JSONL).  ftm: FollowTheMoney entities for Aleph (JSONL).  neo4j: CSV files for
    neo4j-admin database import.
    """
    from .export import export

    with _store(readonly=True) as store:
        written = export(store, format, out, with_text=with_text)
    if written != ["-"]:
        terminal.err.print("wrote " + ", ".join(written))


@app.command()
def report(as_json: bool = JsonOpt) -> None:
    """A short overview of the store: top actors, some quotes, some dated events, the most
    contested pair and a check of the claim that the two cooperate."""
    from .analysis import check, conflicts

    with _store(readonly=True) as store:
        stats = store.stats()
        top = store.actors(limit=8)
        qs = [q for q in store.quotes() if q.get("speaker_name") and q["direct"]][:4]
        evs = [e for e in store.events() if e.get("source_name") and e.get("target_name") and e.get("date_origin") in ("sentence", "relative")][:6]
        contested = conflicts(store, limit=1, max_evidence=5)
        claim = None
        if contested:
            c = contested[0]
            claim = check(store, {"subject_id": c["a_id"], "object_id": c["b_id"], "relation": "COOPERATE",
                                  "text": f"{c['a']} cooperates with {c['b']}"})
    if as_json:
        terminal.print_json({"stats": stats, "actors": top, "quotes": qs, "events": evs,
                           "top_conflict": contested[0] if contested else None, "check": claim})
        return
    c = terminal.console
    c.print(f"[bold]{stats['documents']}[/] documents · {stats['actors']} actors · {stats['events']} events · {stats['quotes']} quotes")
    c.print(terminal.actors_table(top, title="Top actors"))
    c.print(terminal.quotes_table(qs, title="Some attributed quotes"))
    c.print(terminal.events_table(evs, title="Some dated events"))
    c.print(terminal.conflicts_view(contested, limit=3))
    if claim:
        c.print(terminal.check_view(claim, limit=5))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on.  Anything but a loopback address (127.x.x.x, ::1, localhost) exposes the app, and every stored article, to other machines (there is no login)."),
    port: int = typer.Option(8765, "--port", "-p", help="Port to listen on (0: any free port)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a browser tab."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Also answer requests addressed to this host name or address (repeat for several; '*' for any).  Otherwise only 127.0.0.1, localhost, [::1] and the --host address are answered, which keeps out DNS rebinding."),
) -> None:
    """The local web app: graph, timeline, disagreements, claim check, articles and search.

    Every page has a JSON twin under /api (/api/graph, /api/check?claim=...), described by /api/openapi.json.
    It reads the store while `ingest` may still be writing to it.
    """
    import socket
    import threading
    import webbrowser

    import uvicorn

    from .web import create_app
    from rich.markup import escape as markup_escape

    from .web.app import allowed_hosts_for, is_loopback

    path = db_path(state.db)
    if not Path(path).exists():
        raise ClaimgraphError(f"no store at {path}; run `claimgraph ingest PATH` first or pass --db")
    if not is_loopback(host):
        terminal.err.print(f"[yellow]warning:[/] --host {markup_escape(host)} makes the app reachable from other machines on the network; "
                         "it has no login and shows every stored article.  Use it only on a network you trust.  "
                         "Other machines must address it by an IP or a name given with --allow-host.")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ClaimgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; pass another --port (or --port 0 for any free one)") from exc
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    url = f"http://{shown}:{port}/"
    application = create_app(path, allowed_hosts=allowed_hosts_for(host, allow_host))
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", access_log=False))
    typer.echo(f"claimgraph: serving {path} at {url}  (Ctrl-C to stop)", err=False)
    sys.stdout.flush()
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    server.run(sockets=[sock])


def main() -> None:
    try:
        app()
    except ClaimgraphError as exc:
        terminal.err.print(f"[red]error:[/] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
