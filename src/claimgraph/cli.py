"""The ``claimgraph`` command: parse options, make one library call, print (Rich or --json)."""
from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import terminal
from .config import db_path
from .errors import ClaimgraphError
from .ontology import types_help

#: Commands that never open a store, so take no ``--db`` after their name.
NO_STORE = {"extract"}


class _FlagsWithoutType:
    """Flags (``--json``, ``--quiet``, ``--help``) take no value, but Typer shows them with a
    ``<bool>`` type as if they did; an empty metavar leaves the type column blank."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for p in params:
            if getattr(p, "is_flag", False) and p.metavar is None:
                p.metavar = ""
        return params


class _Command(_FlagsWithoutType, TyperCommand):
    pass


class _Group(_FlagsWithoutType, TyperGroup):
    """The root: every command that opens the store also takes ``--db`` after its name
    (``claimgraph ingest DIR --db x.db`` as well as ``claimgraph --db x.db ingest DIR``); given
    after the name it wins over one given before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        root = next(p for p in self.params if p.name == "db")
        for name, cmd in self.commands.items():
            if name not in NO_STORE:
                _db_after(cmd, root)

    def list_commands(self, ctx):
        """In the order of a session (Typer would list the command groups last)."""
        names = super().list_commands(ctx)
        first = [n for n in _HELP_ORDER if n in names]
        return first + [n for n in names if n not in first]


_HELP_ORDER = ("ingest", "reprocess", "extract", "actors", "quotes", "events", "decisions")


def _db_after(cmd, root) -> None:
    """``--db`` after the name of ``cmd`` and of each of its sub-commands (``actors merge``)."""
    if not any(p.name == "db" for p in cmd.params):
        after = copy.copy(root)
        after.expose_value = False
        after.callback = _set_db
        cmd.params.append(after)
    for sub in getattr(cmd, "commands", {}).values():
        _db_after(sub, root)


class _ListingGroup(_FlagsWithoutType, TyperGroup):
    """A command that lists when given no sub-command (``claimgraph actors``) and has
    sub-commands that change what it lists (``claimgraph actors merge A B``)."""


def _set_db(ctx, param, value):
    if value is not None:
        state.db = value
    return value


class _Typer(typer.Typer):
    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or _Command, **kwargs)


def _listing() -> _Typer:
    """A command group whose callback lists (its docstring is the help)."""
    return _Typer(cls=_ListingGroup, invoke_without_command=True, no_args_is_help=False, add_completion=False,
                  rich_markup_mode="rich", pretty_exceptions_enable=False)


app = _Typer(
    cls=_Group,
    help="Turn news articles into a sourced, time-aware graph of who did or said what to whom, according to whom.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _date_option(ctx: typer.Context, param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """A date option checked and normalised (``claimgraph.userdates``); ``--since`` becomes the
    bound the store compares right at every precision."""
    if value is None:
        return None
    from .userdates import since_bound, user_date

    date = user_date(value, option=param.opts[0])
    return since_bound(date) if param.name == "since" else date


def DateOpt(flag: str, help: str):
    return typer.Option(None, flag, callback=_date_option, metavar="DATE",
                        help=help + " YYYY, YYYY-MM, YYYY-MM-DD, or words ('Oct 2023', 'last year', '2 weeks ago').")


PathsArg = typer.Argument(..., help="Files or folders (.txt .md .html .htm .jsonl .ndjson); folders are read recursively.")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of a table.")


def _count_option(ctx: typer.Context, param: typer.CallbackParam, value: Optional[int]) -> Optional[int]:
    """A limit: 0 means all; a negative one is refused (one line, exit 2)."""
    if value is not None and value < 0:
        raise ClaimgraphError(f"{'/'.join(sorted(param.opts, key=len))} must be 0 (all) or more, not {value}")
    return value


def _positive(ctx: typer.Context, param: typer.CallbackParam, value: int) -> int:
    if value < 1:
        raise ClaimgraphError(f"{param.opts[0]} must be at least 1, not {value}")
    return value


def _positive_or_none(ctx: typer.Context, param: typer.CallbackParam, value: Optional[int]) -> Optional[int]:
    return None if value is None else _positive(ctx, param, value)


def LimitOpt(default: int = 50, help: str = "Show at most this many rows (0 = all)."):
    return typer.Option(default, "--limit", "-n", callback=_count_option, help=help)


def _cut(rows: list, limit: int, as_json: bool) -> tuple[list, str | None]:
    """The first ``limit`` rows (all with 0), and the note that says so when some are left out:
    a list is never cut without a word."""
    if not limit or len(rows) <= limit:
        return rows, None
    return rows[:limit], _page_note(limit, len(rows), as_json)


def _page_note(shown: int, total: int, as_json: bool) -> str | None:
    """``_cut``'s note for a list the store cut already (``total`` counted apart)."""
    if shown >= total:
        return None
    note = f"showing {shown} of {total}; -n 0 shows all"
    if as_json:
        terminal.err.print(note, markup=False, highlight=False)
    return note


class _State:
    db: str | None = None


state = _State()


@app.callback()
def _main(db: Optional[str] = typer.Option(None, "--db", metavar="PATH", help="Store file, or a postgresql:// URL for a PostgreSQL store (default: $CLAIMGRAPH_DB or ./claimgraph.db); before or after the command name.")) -> None:
    state.db = db


def _store(readonly: bool = False):
    """The store ``--db`` names: query commands open it read-only (no write, no migration); a
    writer that finds another writer's lock waits its turn, saying so."""
    from .store import open_store

    if readonly:
        return open_store(db_path(state.db), readonly=True)
    from .runner import patiently

    return patiently(lambda: open_store(db_path(state.db)), _waiting)


def _waiting() -> None:
    terminal.err.print(f"waiting for another writer to finish with {terminal.esc(db_path(state.db))}… "
                       "(Ctrl-C stops; what is stored stays)", highlight=False)


@app.command()
def ingest(
    paths: list[Path] = PathsArg,
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the run summary (with every skipped or failed input and why) as JSON."),
    max_bytes: int = typer.Option(1_000_000, "--max-bytes", callback=_positive, help="Read at most this many bytes of one file; longer files are truncated with a warning.  A text over the language model's limit (1,000,000 characters; a process peaks at about 3.7 GB at that length) is cut at a paragraph boundary, with a warning, whatever this says."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    source: Optional[str] = typer.Option(None, "--source", metavar="NAME", help="The outlet of documents that do not name one (in a NAME.meta.json sidecar, front matter, a JSONL field or the page)."),
    published: Optional[str] = DateOpt("--published", "The date of documents that do not give one:"),
    update: bool = typer.Option(False, "--update", help="A file (or JSONL line's URL) stored before whose content changed: the new version replaces the old one, whose events, quotes and actors leave every query (the old document stays listed as superseded).  Without it both versions stay."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", callback=_positive_or_none, help="Extract in N processes (default: $CLAIMGRAPH_WORKERS, else the number of CPUs, or 1 for fewer than 32 files, where starting workers costs more than it saves); each loads its own copy of the language model (about 0.4 GB).  1 extracts in this process.  Resolution and writes stay in one process, so the store is the same for any N.  With --engine dask: the LocalCluster's worker processes (default 2)."),
    engine: str = typer.Option("local", "--engine", metavar="NAME", help="local: extract on this machine (--workers processes).  dask: cut the inputs into shards and run them on a Dask cluster (a LocalCluster of --workers processes, or --scheduler's), each worker writing its shards' extractions to --shard-dir; then this process merges them, in input order (each shard as soon as it and those before it are done, while the others run), into the same store a local ingest makes, --update included.  Needs claimgraph[dask]."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --engine dask: a running Dask scheduler (tcp://HOST:8786; a dask-jobqueue SLURMCluster's scheduler_address) instead of a LocalCluster.  Its workers need claimgraph and the model installed, and must see the input files and --shard-dir under the same paths as this machine."),
    shard_dir: Optional[Path] = typer.Option(None, "--shard-dir", metavar="DIR", help="With --engine dask: the folder the workers write their output shards to, one file per shard named by a hash of its input (default: .NAME.shards beside the store, deleted after a complete run).  A shard already there is not run again, so a rerun after a stop extracts only the missing ones; a folder you give is kept."),
    shard_size: int = typer.Option(50, "--shard-size", metavar="N", callback=_positive, help="With --engine dask: documents (files, or JSONL lines) per shard, the unit a worker runs and a rerun redoes."),
) -> None:
    """Read, extract, resolve and store articles.  Idempotent: the same content is stored once.

    A changed file is a new document; with --update it replaces the version stored before.

    Documents are committed 50 at a time ($CLAIMGRAPH_WRITE_BATCH; 1 commits each alone), each whole or not at all, and counted once committed.

    Exit codes: 0 all inputs stored or already present; 1 some inputs failed (see the summary);
    2 nothing could be read or a usage error; 130 interrupted (what was stored stays stored).
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .config import default_workers
    from .runner import LocalRunner, ProcessRunner, ingest_paths

    _check_report_path(report)
    _check_engine(engine, scheduler=scheduler, shard_dir=shard_dir, workers=workers, shard_size_given=shard_size != 50)
    n_workers = workers or (_auto_workers(paths, default_workers()) if engine == "local" else default_workers())
    defaults = _reader_defaults(source=source, published=published)
    store = _store()
    counts = {"stored": 0, "skipped": 0, "problem": 0}
    shards = {"line": ""}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=terminal.err, disable=quiet, transient=True) as bar:
        task = bar.add_task("reading…")

        def progress(kind: str, item) -> None:
            if kind == "waiting":
                return _waiting()
            counts[kind] = counts.get(kind, 0) + 1
            where = getattr(item, "path", "") or ""
            if kind == "shard":  # the merge goes on meanwhile: both on one line
                shards["line"] = f"extracted {item.done} of {item.total} shards ({item.documents} documents) · "
                where = ""
            bar.update(task, description=f"{shards['line']}stored {counts['stored']} · skipped {counts['skipped']} · problems {counts['problem']}  [dim]{terminal.esc(Path(where).name)}[/]")

        kept = None
        if engine == "dask":
            result, kept = _ingest_dask(paths, store, progress, scheduler=scheduler, workers=workers or 2, shard_dir=shard_dir,
                                        shard_size=shard_size, max_bytes=max_bytes, defaults=defaults, quiet=quiet, update=update)
        else:
            if n_workers == 1:
                runner = LocalRunner(load=lambda: _load_model(quiet))  # loaded only if some input is new
            else:  # the workers start only if some input is new
                runner = ProcessRunner(n_workers, starting=lambda start: _start_workers(quiet, start, counts["stored"]))
            with runner if n_workers > 1 else _null():
                result = ingest_paths(paths, store, runner=runner, max_bytes=max_bytes, progress=progress, defaults=defaults, update=update)
    store.close()
    if report:  # before the summary: nothing printed can lose it
        _write_report(report, result)
    _summary(result, store.path)
    if kept:
        terminal.err.print(f"the extracted shards are kept in {terminal.esc(kept)}; run the same command again to extract"
                           " only the missing ones", highlight=False)
    raise typer.Exit(result.exit_code)


_ENGINES = ("local", "dask")


def _check_engine(engine: str, *, scheduler, shard_dir, workers, shard_size_given: bool) -> None:
    """The options of one engine are refused with the other, in one line each."""
    if engine not in _ENGINES:
        raise ClaimgraphError(f"unknown --engine {engine!r}; use {' or '.join(_ENGINES)}")
    if engine == "dask":
        if scheduler is not None and workers is not None:
            raise ClaimgraphError("--workers sets the size of a LocalCluster; with --scheduler the cluster's own workers run the shards")
        return
    for name, given in (("--scheduler", scheduler is not None), ("--shard-dir", shard_dir is not None), ("--shard-size", shard_size_given)):
        if given:
            raise ClaimgraphError(f"{name} is an option of --engine dask; add --engine dask")


def _ingest_dask(paths, store, progress, *, scheduler, workers: int, shard_dir, shard_size: int, max_bytes: int, defaults,
                 quiet: bool, update: bool):
    """``ingest --engine dask``: the report, and the folder where the outputs were kept after
    a run that did not complete (None when complete, or when the user gave the folder)."""
    from .runner.dask_engine import DaskEngine
    from .runner.sharded import default_shard_dir, ingest_shards

    out_dir = shard_dir if shard_dir is not None else default_shard_dir(db_path(state.db))
    where = f"the Dask scheduler at {scheduler}" if scheduler else f"a LocalCluster of {workers} worker processes"
    with DaskEngine(scheduler, workers, starting=lambda start: _start_dask(quiet, start, where)) as engine:
        result = ingest_shards(paths, store, engine, out_dir, shard_size=shard_size, max_bytes=max_bytes, defaults=defaults,
                               progress=progress, keep_outputs=shard_dir is not None, update=update)
    incomplete = result.interrupted or result.stopped
    kept = str(out_dir) if shard_dir is None and incomplete and Path(out_dir).exists() else None
    return result, kept


def _start_dask(quiet: bool, start, where: str) -> None:
    try:
        with terminal.err.status(f"starting {where}; each worker loads the language model…") if not quiet else _null():
            start()
    except KeyboardInterrupt:
        terminal.err.print("[yellow]interrupted[/] while starting the Dask workers; nothing new was stored")
        raise typer.Exit(130)


def _write_report(report: Path, result) -> None:
    try:
        report.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        raise ClaimgraphError(f"--report {report}: cannot write it ({exc.strerror or exc})") from None


def _check_report_path(report: Path | None) -> None:
    if report is None:
        return
    if report.is_dir():
        raise ClaimgraphError(f"--report {report} is a folder; give a file name, e.g. {report / 'report.json'}")
    if not report.parent.exists():
        raise ClaimgraphError(f"--report {report}: folder {report.parent} does not exist")


def _reader_defaults(**given: str | None) -> dict[str, str]:
    """``ingest --source/--published`` as reader defaults: they fill in only what a document,
    its sidecar or its front matter does not say."""
    from .ingest.sidecar import check_defaults

    for key, value in given.items():
        if value is not None and not value.strip():
            raise ClaimgraphError(f"--{key} is empty; leave it out or give a value")
    return check_defaults({k: v for k, v in given.items() if v is not None})


def _load_model(quiet: bool):
    try:
        with terminal.err.status("loading the language model…") if not quiet else _null():
            from .nlp.pipeline import get_pipeline

            return get_pipeline()
    except KeyboardInterrupt:
        terminal.err.print("[yellow]interrupted[/] while loading the language model; nothing new was stored")
        raise typer.Exit(130)


#: fewer input files than this are extracted in this process unless --workers says otherwise:
#: each worker loads its own model (seconds), more than a few documents take
SMALL_INPUT = 32


def _auto_workers(paths: list[Path], n: int) -> int:
    """``n`` worker processes, or 1 for a small input (fewer than ``SMALL_INPUT`` files, and no
    JSONL file over 1 MB), where starting workers would cost more than it saves."""
    if n <= 1 or os.environ.get("CLAIMGRAPH_WORKERS", "").strip():
        return n
    seen = 0
    for p in paths:
        files = [p] if p.is_file() else (f for f in p.rglob("*") if f.is_file()) if p.is_dir() else []
        for f in files:
            seen += 1
            if seen >= SMALL_INPUT or (f.suffix == ".jsonl" and f.stat().st_size > 1_000_000):
                return n
    return 1


def _start_workers(quiet: bool, start, stored: int) -> None:
    """Start the extraction workers (each loads the language model), with the same status
    line and Ctrl-C as ``_load_model``.  A restart after a lost worker, once documents were
    stored, leaves Ctrl-C to the run, which then prints its summary."""
    try:
        with terminal.err.status("loading the language model…") if not quiet else _null():
            start()
    except KeyboardInterrupt:
        if stored:
            raise
        terminal.err.print("[yellow]interrupted[/] while loading the language model; nothing new was stored")
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
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .runner import reprocess_store

    _check_report_path(report)
    store = _store()
    done = {"n": 0}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=terminal.err, disable=quiet, transient=True) as bar:
        task = bar.add_task("selecting…")

        def progress(kind: str, item) -> None:
            if kind == "waiting":
                return _waiting()
            done["n"] += 1
            bar.update(task, description=f"re-extracted {done['n']}")

        result = reprocess_store(store, progress=progress, force=all_)
    terminal.err.print(
        f"{result.reprocessed} of {result.selected} documents re-extracted to pipeline {result.version} "
        f"({result.documents} stored); events {result.events_before} → {result.events_after}"
    )
    for where, why in result.failed:
        terminal.err.print(f"  [red]failed[/]  {terminal.esc(where)}: {terminal.esc(why)}")
    if report:
        _write_report(report, result)
    store.close()
    raise typer.Exit(result.exit_code)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _summary(result, path: str) -> None:
    c = terminal.err
    status = "[yellow]interrupted[/]" if result.interrupted else "[red]stopped[/]" if result.stopped else "[green]done[/]"
    esc = terminal.esc
    c.print(f"{status}: read {result.read} documents, stored {result.stored}, skipped {len(result.skipped)}, failed {len(result.failed)} → {esc(path)}")
    for where, why in result.failed:
        c.print(f"  [red]failed[/]  {esc(where)}: {esc(why)}")
    for where, why in result.warnings:
        c.print(f"  [yellow]warning[/] {esc(where)}: {esc(why)}")
    for where, why in result.skipped[:20]:
        c.print(f"  [dim]skipped {esc(where)}: {esc(why)}[/]")
    if len(result.skipped) > 20:
        c.print(f"  [dim]… and {len(result.skipped) - 20} more skipped[/]")
    _versions_summary(result)
    if result.stopped:
        c.print(f"[red]stopped:[/] {esc(result.stopped)}")


def _versions_summary(result) -> None:
    """The lines on changed files: replaced (``--update``), or stored beside their old versions."""
    c, esc = terminal.err, terminal.esc
    if result.replaced:
        old = sum(len(o) for _, _, o in result.replaced)
        c.print(f"  replaced {old} older version{'s' if old != 1 else ''} of {len(result.replaced)} changed"
                f" file{'s' if len(result.replaced) != 1 else ''} (kept as superseded, without their records)")
        for where, doc_id, older in result.replaced[:20]:
            c.print(f"  [dim]replaced {esc(where)}: {esc(', '.join(older))} → {esc(doc_id)}[/]")
    if result.changed:
        n = len(result.changed)
        what = ("1 changed file was stored as a new document beside its older version" if n == 1 else
                f"{n} changed files were stored as new documents beside their older versions")
        c.print(f"  [yellow]{what}[/] (same path or URL); `claimgraph ingest --update` replaces older versions")
        for where, doc_id, older in result.changed[:20]:
            c.print(f"  [dim]changed {esc(where)}: {esc(doc_id)} beside {esc(', '.join(older))}[/]")


@app.command()
def remove(
    docs: list[str] = typer.Argument(..., metavar="DOC", help="Document ids, or paths or URLs documents were ingested from (a path names every document of that file)."),
    ignore_missing: bool = typer.Option(False, "--ignore-missing", help="Remove the documents that are stored and list the rest, instead of removing nothing when one matches nothing."),
    as_json: bool = JsonOpt,
) -> None:
    """Delete documents with everything extracted from them, then the actors nothing names any more.

    Each document goes with its older versions (see ingest --update), its mentions, aliases,
    labels, quotes, events and time expressions, and its search index entry.  All of it happens
    in one transaction: an interruption removes nothing, and running it again does it all.
    Exit codes: 0 removed; 2 a DOC matches no document (nothing removed) or a usage error;
    130 interrupted (nothing removed).
    """
    from .runner import remove_documents

    store = _store()
    try:
        with terminal.err.status(f"removing from {terminal.esc(store.path)}…") if not as_json else _null():
            result = remove_documents(store, docs, ignore_missing=ignore_missing, waiting=_waiting)
    except KeyboardInterrupt:
        terminal.err.print("[yellow]interrupted[/]: nothing was removed")
        raise typer.Exit(130)
    finally:
        store.close()
    if as_json:
        terminal.print_json(result.to_json())
    else:
        terminal.console.print(terminal.removed_view(result))


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
            terminal.err.print(f"[{'red' if item.fatal else 'yellow'}]{'skipped' if item.fatal else 'warning'}[/] {terminal.esc(item)}")
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


actors_app = _listing()
app.add_typer(actors_app, name="actors")


@actors_app.callback()
def actors(
    ctx: typer.Context,
    limit: int = LimitOpt(),
    no_sectors: bool = typer.Option(False, "--no-sectors", help="Leave out sector actors (police, protesters, ...)."),
    places: bool = typer.Option(False, "--places", help="Also list places: a country or city that only locates something (\"talks in Lenhaven\")."),
    rejected: bool = typer.Option(False, "--rejected", help="List the names that are no actors, or were folded into another (\"Washington\" into the United States), and why."),
    as_json: bool = JsonOpt,
) -> None:
    """Actors with their aliases, type, and mention and document counts.

    An actor a decision touched is marked "curated" (--json: curated_by, the decision ids).
    The sub-commands correct actors; each correction is a decision that lasts through
    `reprocess` and a new ingest of the same files (`claimgraph decisions` lists them).
    """
    if ctx.invoked_subcommand is not None:
        return
    with _store(readonly=True) as store:
        if rejected:
            rows, note = _cut(store.rejected_names(), limit, as_json)
            terminal.print_json(rows) if as_json else terminal.console.print(terminal.rejected_table(rows, caption=note))
            return
        rows, note = _cut(store.actors(sectors=not no_sectors, places=places), limit, as_json)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.actors_table(rows, caption=note))


NoteOpt = typer.Option(None, "--note", metavar="TEXT", help="Why: kept with the decision.")


@actors_app.command("merge")
def actors_merge(
    a: str = typer.Argument(..., help="The actor that stays (any alias)."),
    b: str = typer.Argument(..., help="The actor that goes into A (any alias): its aliases, mentions, events and quotes."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Merge actor B into actor A: they are one actor from now on."""
    _decide("merge", actor=a, other=b, note=note)


@actors_app.command("split")
def actors_split(
    a: str = typer.Argument(..., help="The actor (any alias)."),
    alias: str = typer.Option(..., "--alias", metavar="X", help="The alias of A that becomes an actor of its own."),
    doc: Optional[str] = typer.Option(None, "--doc", metavar="ID", help="Only in this document (an id, an id prefix or its path)."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Split alias X off actor A: what X names becomes an actor of its own (everywhere, or in one document)."""
    _decide("split", actor=a, alias=alias, doc=doc, note=note)


@actors_app.command("rename")
def actors_rename(
    a: str = typer.Argument(..., help="The actor (any alias)."),
    name: str = typer.Argument(..., help="Its new canonical name."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Give actor A a new canonical name (its aliases stay)."""
    _decide("rename", actor=a, name=name, note=note)


@actors_app.command("type")
def actors_type(
    a: str = typer.Argument(..., help="The actor (any alias)."),
    type: str = typer.Argument(..., metavar="TYPE", help="ORG, PERSON, GPE, NORP or OTHER."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Set the type of actor A: ORG, PERSON, GPE, NORP or OTHER."""
    _decide("type", actor=a, type=type, note=note)


def _decide(kind: str, **given) -> None:
    """Make one decision on the store, writable, and say in one line what it did."""
    from .curation import describe

    with _existing_store() as store:
        row = store.add_decision(kind, **given)
    changed = ", ".join(_counted(n, what) for what, n in row["applied"].items()) or "nothing to change in the store yet"
    terminal.console.print(f"decision {row['id']}: {terminal.esc(describe(row))} ({terminal.esc(changed)})", highlight=False, soft_wrap=True)


def _counted(n: int, what: str) -> str:
    """"1 event rejected", "3 events rejected" (``what`` is given in the plural)."""
    noun, _, rest = what.partition(" ")
    return f"{n} {noun[:-1] if n == 1 and noun.endswith('s') else noun}{' ' + rest if rest else ''}"


def _existing_store():
    """The store ``--db`` names, writable, but never created: a decision needs stored records."""
    from .store import is_server

    path = db_path(state.db)
    if path != ":memory:" and not is_server(path) and not Path(path).exists():
        raise ClaimgraphError(f"no store at {path}; run `claimgraph ingest PATH` first or pass --db")
    return _store()


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes by this actor (any alias)."),
    about: Optional[str] = typer.Option(None, "--about", help="Only quotes that mention this actor."),
    limit: int = LimitOpt(),
    as_json: bool = JsonOpt,
) -> None:
    """Attributed quotes, direct and reported."""
    with _store(readonly=True) as store:
        rows, note = _cut(store.quotes(speaker=speaker, about=about), limit, as_json)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.quotes_table(rows, caption=note))


events_app = _listing()
app.add_typer(events_app, name="events")


@events_app.callback()
def events(
    ctx: typer.Context,
    actor: Optional[str] = typer.Option(None, "--actor", help="Events where this actor is source or target (any alias)."),
    between: Optional[tuple[str, str]] = typer.Option(None, "--between", help="Events between two actors, either direction."),
    types: Optional[list[str]] = typer.Option(None, "--type", help=f"Event type ({types_help()}); repeat for several."),
    since: Optional[str] = DateOpt("--since", "Only events dated on or after this date:"),
    until: Optional[str] = DateOpt("--until", "Only events dated on or before this date:"),
    limit: int = LimitOpt(),
    as_json: bool = JsonOpt,
) -> None:
    """Coded events with source, target, date, attribution and flags.

    Each event shows its id (#N), which `events reject N` and `events confirm N` take.  A
    rejected event leaves every query (check, dyad, conflicts, timeline, the graph, exports).
    """
    if ctx.invoked_subcommand is not None:
        return
    wanted = _event_types(types)
    with _store(readonly=True) as store:
        rows = store.events(actor=actor, between=between if between and between[0] else None, type=wanted[0] if len(wanted) == 1 else None,
                            since=since, until=until)
    rows, note = _cut([r for r in rows if r["type"] in wanted] if len(wanted) > 1 else rows, limit, as_json)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.events_table(rows, caption=note))


@events_app.command("reject")
def events_reject(
    event_id: int = typer.Argument(..., metavar="ID", help="The event's id (#N in `claimgraph events`, id in --json)."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Reject an event as wrongly extracted: it leaves every query, here and wherever the same
    sentence yields it again."""
    _decide("reject_event", event=event_id, note=note)


@events_app.command("confirm")
def events_confirm(
    event_id: int = typer.Argument(..., metavar="ID", help="The event's id (#N in `claimgraph events`, id in --json)."),
    note: Optional[str] = NoteOpt,
) -> None:
    """Confirm an event as right: evidence items and event rows say so (curation: confirmed)."""
    _decide("confirm_event", event=event_id, note=note)


# -- decisions -----------------------------------------------------------------------------
decisions_app = _listing()
app.add_typer(decisions_app, name="decisions")


@decisions_app.callback()
def decisions(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """The decisions that correct actors and events, oldest first, in force or undone.

    Decisions are keyed by content (names, sentences), so they are applied again to every
    document written: `reprocess` and a new ingest of the same files keep them.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .curation import describe

    with _store(readonly=True) as store:
        rows = store.decisions()
    if as_json:
        return terminal.print_json([dict(r, summary=describe(r)) for r in rows])
    terminal.console.print(terminal.decisions_table(rows, [describe(r) for r in rows]))


@decisions_app.command("undo")
def decisions_undo(
    decision_id: int = typer.Argument(..., metavar="ID", help="The decision's id (`claimgraph decisions`)."),
    no_reextract: bool = typer.Option(False, "--no-reextract", help="An undone merge or split: change the stored rows only, without re-extracting its documents (no language model)."),
) -> None:
    """Undo a decision; what remains in force is applied again.

    An undone merge or split re-extracts the documents it touched (this loads the language
    model), which gives back the exact records; --no-reextract keeps to a quick edit of the
    stored rows.
    """
    from .curation import describe, undo
    from .runner import LocalRunner

    with _existing_store() as store:
        res = undo(store, decision_id, reextract=not no_reextract, runner=LocalRunner(load=lambda: _load_model(False)))
    d = res.undone.decision
    line = f"undid decision {d['id']}: {describe(d)}"
    if res.reextracted is not None:
        line += f" (re-extracted {res.reextracted} of {_counted(len(res.undone.documents), 'documents')})"
    elif res.undone.documents:
        line += f" ({_counted(len(res.undone.documents), 'documents edited')}; `claimgraph reprocess --all` re-extracts them)"
    terminal.console.print(terminal.esc(line), highlight=False, soft_wrap=True)
    for where, why in res.failed:
        terminal.err.print(f"  [red]failed[/]  {terminal.esc(where)}: {terminal.esc(why)}")
    if res.failed:
        raise typer.Exit(1)


@decisions_app.command("export")
def decisions_export(file: Path = typer.Argument(..., metavar="FILE.json", help="The file to write.")) -> None:
    """Write every decision to a JSON file that another store can import (docs/CURATION.md)."""
    from .curation import export_decisions

    if file.is_dir():
        raise ClaimgraphError(f"{file} is a folder; give a file name, e.g. {file / 'decisions.json'}")
    with _store(readonly=True) as store:
        n = export_decisions(store, file)
    terminal.console.print(f"wrote {n} decisions to {terminal.esc(file)}", highlight=False, soft_wrap=True)


@decisions_app.command("import")
def decisions_import(file: Path = typer.Argument(..., metavar="FILE.json", help="A file `decisions export` wrote.")) -> None:
    """Add the decisions of a JSON file and apply them; those already here (same content) are skipped."""
    from .curation import import_decisions

    with _existing_store() as store:
        added, skipped = import_decisions(store, file)
    terminal.console.print(f"imported {added} decisions from {terminal.esc(file)}, skipped {skipped} already here", highlight=False, soft_wrap=True)


def _event_types(values: list[str] | None) -> list[str]:
    """``--type`` values (repeated, or comma-separated) as known event types, upper-case."""
    from .ontology import EVENT_TYPES

    out: list[str] = []
    for raw in values or ():
        for t in (x.strip().upper() for x in raw.split(",")):
            if t and t not in EVENT_TYPES:
                raise ClaimgraphError(f"unknown event type {t!r} for --type; known: {types_help()}")
            if t and t not in out:
                out.append(t)
    return out


# -- analysis ------------------------------------------------------------------------------
ShowOpt = LimitOpt(20, "List at most this many evidence items per list, the first ones (0 = all); the counts and"
                        " the summary always cover every item, and --json has the totals beside the lists.")
AllOpt = typer.Option(False, "--all", help="List every evidence item (as --limit 0; slow for a pair with thousands of events).")


@app.command("dyad")
def dyad_cmd(
    a: str = typer.Argument(..., help="One actor (any alias)."),
    b: str = typer.Argument(..., help="The other actor (any alias)."),
    period: str = typer.Option("year", "--period", help="Count by year or by month."),
    limit: int = ShowOpt,
    show_all: bool = AllOpt,
    as_json: bool = JsonOpt,
) -> None:
    """How A and B relate: every event between them, by stance, over time and per source.

    The counts cover every event; each stance lists its first items (--limit, --all)."""
    from .analysis import dyad

    if period not in ("year", "month"):
        raise typer.BadParameter("use year or month", param_hint="--period")
    shown = None if show_all or not limit else limit
    with _store(readonly=True) as store:
        res = dyad(store, a, b, period=period, limit=shown)
    terminal.print_json(res) if as_json else terminal.console.print(terminal.dyad_view(res, limit=shown))


@app.command("conflicts")
def conflicts_cmd(
    limit: int = LimitOpt(20, "At most this many pairs (0 = all)."),
    evidence: Optional[int] = typer.Option(
        None, "--evidence", "-e", callback=_count_option,
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
    limit: int = ShowOpt,
    show_all: bool = AllOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Evidence for and against a claim, each item with source, date and attribution.

    The claim is read as subject, relation and object: actors by any alias, the relation by
    the event lexicon (verbs such as cooperates with, funds, arms, attacks, threatens, meets,
    is).  The summary counts sources on each side over every item; it is not a verdict.  Each
    side lists its first items ("showing k of N"; --limit, --all for more).
    """
    from .analysis import check

    shown = None if show_all or not limit else limit
    with _store(readonly=True) as store:
        res = check(store, claim, limit=shown)
    terminal.print_json(res) if as_json else terminal.console.print(terminal.check_view(res, limit=shown))


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
    since: Optional[str] = DateOpt("--since", "Only events dated on or after this date:"),
    until: Optional[str] = DateOpt("--until", "Only events dated on or before this date:"),
    types: Optional[list[str]] = typer.Option(None, "--type", help=f"Event type ({types_help()}); repeat for several."),
    sources: Optional[list[str]] = typer.Option(None, "--source", help="Outlet; repeat for several."),
    limit: int = LimitOpt(),
    as_json: bool = JsonOpt,
) -> None:
    """Dated events in order, with the precision of each date and where it came from."""
    from .analysis import timeline, timeline_count

    with _store(readonly=True) as store:
        asked = {"other": other, "since": since, "until": until, "types": _event_types(types) or None, "sources": sources or None}
        rows = timeline(store, actor, **asked, limit=limit or None)  # the first page only: a store may hold millions
        total = timeline_count(store, actor, **asked) if limit and len(rows) == limit else len(rows)
        note = _page_note(len(rows), total, as_json)
    terminal.print_json(rows) if as_json else terminal.console.print(terminal.timeline_table(rows, caption=note))


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
        terminal.err.print("wrote " + terminal.esc(", ".join(written)))


@app.command()
def migrate(
    to: str = typer.Option(..., "--to", metavar="TARGET", help="The store to copy into: a file path (SQLite) or a postgresql:// URL (PostgreSQL); created if need be, and it must be empty."),
    as_json: bool = JsonOpt,
) -> None:
    """Copy the store (--db) into another store, of either back end: SQLite to PostgreSQL or back.

    Every document (older versions too) comes across with its actors, aliases, mentions, labels,
    quotes, events, time expressions and rejected names, and every decision; nothing is
    extracted again.  The source is only read.  Each document is written in its own
    transaction: an interrupted copy leaves a partial target, to delete and copy again.
    """
    from .store import open_store
    from .store.copying import copy_store

    with _store(readonly=True) as source, open_store(to) as target:
        shown = terminal.err.status("copying…") if not as_json else _null()
        with shown as status:
            def progress(done: int, total: int) -> None:
                if hasattr(status, "update"):
                    status.update(f"copying: {done}/{total} documents")

            result = copy_store(source, target, progress=progress)
    if as_json:
        terminal.print_json(result.to_json())
    else:
        terminal.console.print(f"copied {result.documents} documents ({result.superseded} older versions) and {result.decisions}"
                               f" decisions from {terminal.esc(result.source)} to {terminal.esc(result.target)}", highlight=False, soft_wrap=True)


@app.command()
def report(as_json: bool = JsonOpt) -> None:
    """A short overview of the store: top actors, some quotes, some dated events, the most
    contested pair and a check of the claim that the two cooperate."""
    from .analysis import check, conflicts

    with _store(readonly=True) as store:
        stats = store.stats()
        top = store.actors(limit=8)
        qs = store.quotes(limit=4, direct_named=True)
        evs = store.events(limit=6, both_ends=True, date_origins=("sentence", "relative"))
        contested = conflicts(store, limit=1, max_evidence=5)
        claim = None
        if contested:
            c = contested[0]
            claim = check(store, {"subject_id": c["a_id"], "object_id": c["b_id"], "relation": "COOPERATE",
                                  "text": f"{c['a']} cooperates with {c['b']}"}, limit=5)  # as many as the conflict shows
    if as_json:
        terminal.print_json({"stats": stats, "actors": top, "quotes": qs, "events": evs,
                           "top_conflict": contested[0] if contested else None, "check": claim})
        return
    c = terminal.console
    older = f" ({stats['superseded']} older versions superseded)" if stats.get("superseded") else ""
    c.print(f"[bold]{stats['documents']}[/] documents{older} · {stats['actors']} actors · {stats['events']} events · {stats['quotes']} quotes")
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
    allow_edits: bool = typer.Option(False, "--allow-edits", help="Let the app curate (merge, split, rename and retype actors, reject or confirm events, undo) although --host is not a loopback address: anyone who reaches it can then change the store.  On loopback, editing is on anyway."),
) -> None:
    """The local web app: graph, timeline, disagreements, claim check, articles and search.

    Every page has a JSON twin under /api (/api/graph, /api/check?claim=...), described by /api/openapi.json.
    It reads the store while `ingest` may still be writing to it.  On a loopback address it
    also curates (an actor's page merges, splits, renames and retypes it; each event rejects or
    confirms; /decisions lists and undoes), each change a POST with the app's CSRF token.
    """
    import socket
    import threading
    import webbrowser

    import uvicorn

    from .web import create_app
    from .web.app import allowed_hosts_for, is_loopback

    from .store import is_server
    from .store.postgres.connection import display_url

    path = db_path(state.db)
    if not is_server(path) and not Path(path).exists():
        raise ClaimgraphError(f"no store at {path}; run `claimgraph ingest PATH` first or pass --db")
    if not is_loopback(host):
        terminal.err.print(f"[yellow]warning:[/] --host {terminal.esc(host)} makes the app reachable from other machines on the network; "
                         "it has no login and shows every stored article.  Use it only on a network you trust.  "
                         "Other machines must address it by an IP or a name given with --allow-host.  "
                         + ("--allow-edits lets anyone who reaches it change the store." if allow_edits else
                            "Editing is off (--allow-edits turns it on)."))
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
    application = create_app(path, allowed_hosts=allowed_hosts_for(host, allow_host), bind=host, allow_edits=allow_edits)
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", access_log=False))
    typer.echo(f"claimgraph: serving {display_url(path)} at {url}  (Ctrl-C to stop)", err=False)
    sys.stdout.flush()
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    server.run(sockets=[sock])


_DAMAGED = ("malformed", "not a database", "file is encrypted")


def main() -> None:
    """The entry point: a ``ClaimgraphError``, an SQLite or a PostgreSQL error is one line and exit 2, never
    a traceback; a damaged store comes with the command that may save what it holds."""
    import sqlite3

    try:
        app()
    except (ClaimgraphError, sqlite3.DatabaseError) as exc:
        terminal.err.print(f"[red]error:[/] {terminal.esc(_error_line(exc))}")
        sys.exit(2)
    except Exception as exc:
        if not type(exc).__module__.startswith("psycopg"):  # a PostgreSQL store's server error: one line too
            raise
        terminal.err.print(f"[red]error:[/] the database server: {terminal.esc(_error_line(exc))}")
        sys.exit(2)


def _error_line(exc: Exception) -> str:
    import shlex

    text = " ".join(str(exc).split()) or type(exc).__name__
    path = db_path(state.db)
    if any(d in text for d in _DAMAGED):
        where = text if isinstance(exc, ClaimgraphError) else f"the store {path} cannot be read (SQLite: {text})"
        return (f"{where}; it is damaged or not a claimgraph store: `sqlite3 {shlex.quote(path)} .recover | sqlite3 recovered.db`"
                " may save what it holds (then use --db recovered.db)")
    if "database or disk is full" in text:
        return f"the disk is full (SQLite: {text}) while writing {path}; free some space and run it again"
    return text if isinstance(exc, ClaimgraphError) else f"store {path}: {text} (SQLite)"


if __name__ == "__main__":
    main()
