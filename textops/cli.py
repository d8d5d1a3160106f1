"""The ``textops`` command line. Every command has ``--help`` with an example."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from textops.errors import TextopsError
from textops.settings import get_settings, override_settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="textops",
    help="Messaging alignment, objection mining and headline A/B tooling for revenue teams.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()


@app.callback()
def _root(
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL (default: SQLite in ./var)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log more")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    _STATE["db"] = db


_STATE: dict[str, str | None] = {"db": None}


def _store() -> Any:
    from textops.store import Store

    return Store(_STATE["db"] or get_settings().resolved_database_url)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _fail(exc: TextopsError) -> typer.Exit:
    console.print(f"[red]error:[/red] {escape(exc.message)}")
    if exc.hint:
        console.print(f"[dim]hint:[/dim] {escape(exc.hint)}")
    return typer.Exit(code=2)


def _print_ingest(summary: Any, as_json: bool) -> None:
    if as_json:
        out.print_json(summary.model_dump_json())
        return
    for f in summary.files:
        if f.status == "error":
            where = f"{f.file}:{f.line}" if f.line else f.file
            console.print(
                f"[red]✗[/red] {escape(where)}: {escape(f.error or '')}"
                + (f" [dim]({escape(f.hint)})[/dim]" if f.hint else "")
            )
    c = summary.corpus
    out.print(
        f"corpus [bold]{escape(c.name)}[/bold] (id {c.id}): +{summary.added} new, "
        f"{summary.duplicates} already there, {summary.errors} file(s) failed — "
        f"now {c.transcripts} transcripts, {c.copy_documents} copy documents, "
        f"{c.words} words"
    )
    if summary.roles:
        known, inferred, unknown = (summary.roles.get(k, 0) for k in ("known", "inferred", "unknown"))
        out.print(
            f"speaker roles in the new calls: {known} from the files or labels, {inferred} inferred "
            f"from what was said, {unknown} unknown (see `textops roles {escape(c.name)}`)"
        )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)", exists=True)],
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="corpus name (created if absent)")],
    description: Annotated[str | None, typer.Option(help="corpus description")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact/--no-redact",
            help="replace emails, phone numbers, card numbers, IBANs and US SSNs with [EMAIL] [PHONE] [CARD] "
            "[IBAN] [SSN] before storing, in texts, ids and metadata (kinds and tokens: "
            "TEXTOPS_REDACT_*); off by default here, on by default for API uploads",
        ),
    ] = False,
    rep: Annotated[
        list[str] | None,
        typer.Option(
            "--rep",
            help="a speaker name or label that is a sales rep (repeatable; case and numbering ignored: "
            "'Sales Rep' matches 'SALES REP 2'); the other speakers of those calls become prospects",
        ),
    ] = None,
    prospect: Annotated[
        list[str] | None, typer.Option("--prospect", help="a speaker name or label that is a prospect")
    ] = None,
) -> None:
    """Read transcripts/copy files into a corpus. Bad files are reported; the rest go on.

    A killed ingest is resumed by running it again: files already stored are skipped. Speaker roles come
    from the files, role-like labels (Customer, Sales Rep), or are inferred from what each speaker says;
    --rep says who the reps are (change it later with `textops roles`).

    Example: textops ingest corpora/demo/calls --corpus demo-calls --redact --rep "Dana Ruiz"
    """
    from textops.corpus import ingest_paths

    store = _store()
    ws = store.workspace()
    try:
        with _progress() as progress:
            task = progress.add_task("ingest", total=None, item="")

            def step(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, item=name)

            summary = ingest_paths(
                store,
                ws,
                corpus,
                paths,
                description=description,
                progress=step,
                redact=redact,
                reps=rep or [],
                prospects=prospect or [],
            )
    except TextopsError as exc:
        raise _fail(exc) from exc
    _print_ingest(summary, as_json)
    if summary.roles_warning and not as_json:
        console.print(f"[yellow]warning:[/yellow] {escape(summary.roles_warning)}")
    if redact and not as_json:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.redacted.items())) or "nothing"
        console.print(f"redacted: {counts}")
    if summary.errors and not summary.added and not summary.duplicates:
        raise typer.Exit(code=1)


@app.command()
def roles(
    corpus: Annotated[str, typer.Argument(help="corpus name or id")],
    rep: Annotated[
        list[str] | None,
        typer.Option("--rep", help="a speaker name or label that is a sales rep (repeatable)"),
    ] = None,
    prospect: Annotated[
        list[str] | None, typer.Option("--prospect", help="a speaker name or label that is a prospect")
    ] = None,
    call: Annotated[
        list[str] | None, typer.Option("--call", help="only these call ids (repeatable; default: all)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show the speakers of a corpus with their roles; with --rep/--prospect, change them.

    Changing roles re-derives them from the stored calls (no re-upload); run the analyses again after.

    Example: textops roles demo-calls --rep "Sales Rep" --rep "Dana Ruiz"
    """
    from textops.roles import corpus_speakers, set_corpus_roles

    store = _store()
    ws = store.workspace()
    ref: int | str = int(corpus) if corpus.isdigit() else corpus
    try:
        if rep or prospect:
            result = set_corpus_roles(store, ws, ref, reps=rep or [], prospects=prospect or [], call_ids=call)
        else:
            result = corpus_speakers(store, ws, ref)
    except TextopsError as exc:
        raise _fail(exc) from exc
    if as_json:
        out.print_json(result.model_dump_json())
        return
    table = Table("speaker", "calls", "turns", "role (calls)", "decided by", "confidence")
    for sp in result.speakers[:100]:
        table.add_row(
            escape(sp.speaker),
            str(sp.calls),
            str(sp.turns),
            ", ".join(f"{r} {n}" for r, n in sorted(sp.roles.items())),
            ", ".join(f"{r} {n}" for r, n in sorted(sp.sources.items())),
            "" if sp.confidence is None else f"{sp.confidence:.2f}",
        )
    out.print(table)
    if len(result.speakers) > 100:
        out.print(f"… and {len(result.speakers) - 100} more speakers (--json lists all)")
    c = result.check
    if result.changed is not None:
        out.print(f"roles changed in {result.changed} call(s); run the analyses again to use them")
    out.print(
        f"calls: {c.known} roles known, {c.inferred} inferred "
        f"({c.low_confidence} low confidence), {c.unknown} unknown"
    )
    if c.warning:
        console.print(f"[yellow]warning:[/yellow] {escape(c.warning)}")


@app.command()
def corpora(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """List corpora with their counts.

    Example: textops corpora --json
    """
    store = _store()
    items = store.list_corpora(store.workspace())
    if as_json:
        out.print_json(json.dumps([c.model_dump(mode="json") for c in items]))
        return
    table = Table("id", "name", "transcripts", "copy", "utterances", "words", "created")
    for c in items:
        table.add_row(
            str(c.id),
            c.name,
            str(c.transcripts),
            str(c.copy_documents),
            str(c.utterances),
            str(c.words),
            c.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table if items else "no corpora yet — try: textops demo")


@app.command()
def demo(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    report: Annotated[
        bool, typer.Option("--report/--no-report", help="also run the alignment report")
    ] = True,
) -> None:
    """Load the bundled (synthetic) demo corpus into `demo-calls` and `demo-copy`; run the alignment on it.

    The report is stored (GET /v1/alignment/{id}) and written as HTML under the data folder.

    Example: textops demo
    """
    from textops.corpus import demo_corpus_path, load_demo

    store = _store()
    ws = store.workspace()
    try:
        with _progress() as progress:
            task = progress.add_task("demo corpus", total=None, item="")
            summary = load_demo(
                store, ws, progress=lambda d, t, n: progress.update(task, completed=d, total=t, item=n)
            )
        _print_ingest(summary, as_json)
        if report:
            _demo_report(store, ws, demo_corpus_path())
    except TextopsError as exc:
        raise _fail(exc) from exc


def _demo_report(store: Any, ws: int, root: Path) -> None:
    from textops.alignment import AlignmentConfig
    from textops.alignment import align as run_align
    from textops.embed import get_embedder
    from textops.engine import TrackingEmbedder
    from textops.ingest import load_pillars
    from textops.reports import render

    copy_docs = store.load_copy(ws, ["demo-copy"])
    calls = store.load_transcripts(ws, ["demo-calls"])
    corpus_ids = [store.get_corpus(ws, "demo-copy").id, store.get_corpus(ws, "demo-calls").id]
    # cached vectors are linked to the corpora, so deleting a corpus also deletes them
    embedder = TrackingEmbedder(get_embedder(store), store, corpus_ids)
    with _progress() as progress:
        task = progress.add_task("alignment", total=100, item="")
        result = run_align(
            copy_docs,
            calls,
            embedder=embedder,
            framework=load_pillars(root / "messaging.json"),
            config=AlignmentConfig(own_names=frozenset({"brightlane"})),
            progress=lambda m, f: progress.update(task, completed=int(100 * f), item=m),
        )
    rid = store.save_report(ws, "alignment", result.model_dump(mode="json"), corpus_ids=corpus_ids)
    html = get_settings().data_dir / "reports" / "demo-alignment.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render(result, "html"), encoding="utf-8")
    c = result.components
    console.print(
        f"alignment on the demo corpus: consistency {c.score}/100 over {result.calls} calls; "
        f"never delivered: {', '.join(result.never_delivered_pillars) or 'none'}; "
        f"drifting reps: {', '.join(result.drifting_reps) or 'none'}"
    )
    console.print(f"report {rid}: GET /v1/alignment/{rid} — HTML: {html}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    load_demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="load the demo corpus at start-up")
    ] = False,
    warm: Annotated[bool, typer.Option("--warm/--no-warm", help="load the models before answering")] = True,
    auth: Annotated[
        bool | None,
        typer.Option(
            "--auth/--no-auth",
            help="require API keys (default: TEXTOPS_AUTH_ENABLED, which is on); --no-auth is local "
            "single-user mode and refuses a non-loopback --host",
        ),
    ] = None,
) -> None:
    """Start the HTTP API (docs at /docs, web UI at /).

    Example: textops serve --demo --no-auth --port 8000
    """
    import uvicorn

    from api.app import create_app

    overrides: dict[str, Any] = {"demo_corpus": load_demo, "api_warm_models": warm}
    if auth is not None:
        overrides["auth_enabled"] = auth
    auth_on = get_settings().auth_enabled if auth is None else auth
    if not auth_on and host not in {"127.0.0.1", "localhost", "::1"}:
        console.print(
            f"[red]error:[/red] refusing to serve with auth off on {escape(host)}: anyone who can reach it "
            "could read every transcript"
        )
        console.print(
            "[dim]hint: keep --host 127.0.0.1, or turn auth on and create a key with "
            "`textops keys create`[/dim]"
        )
        raise typer.Exit(2)
    if _STATE["db"]:
        overrides["database_url"] = _STATE["db"]
    with override_settings(**overrides) as settings:
        console.print(f"textops API on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        from api.observability import configure_logging

        configure_logging(settings)
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, letting a
        # local client pick its address; the app reads it itself, from TEXTOPS_TRUSTED_PROXIES only.
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            proxy_headers=False,
        )


@app.command()
def align(
    copy: Annotated[
        list[Path], typer.Option("--copy", help="copy files or folders (.md .html .txt .csv)", exists=True)
    ],
    calls: Annotated[list[Path], typer.Option("--calls", help="transcript files or folders", exists=True)],
    pillars: Annotated[
        Path | None, typer.Option("--pillars", help="messaging framework JSON", exists=True)
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | md | html | csv")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here instead of stdout")
    ] = None,
    seller: Annotated[
        list[str] | None, typer.Option("--seller", help="your company/product name (repeatable)")
    ] = None,
) -> None:
    """Messaging alignment: how consistently reps deliver what the copy promises.

    Example: textops align --copy corpora/demo/copy --calls corpora/demo/calls
    --pillars corpora/demo/messaging.json -f html -o report.html
    """
    from textops.alignment import AlignmentConfig
    from textops.alignment import align as run_align
    from textops.ingest import load_pillars, read_paths
    from textops.reports import FORMATS, render
    from textops.types import CopyDocument, Transcript

    if fmt not in FORMATS:
        console.print(f"[red]error:[/red] unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(code=2)
    try:
        copy_read = read_paths(copy, kind="copy")
        call_read = read_paths(calls, kind="transcript")
        for err in [*copy_read.errors, *call_read.errors]:
            console.print(f"[yellow]skipped[/yellow] {err}")
        copy_docs = [d for _, d in copy_read.documents if isinstance(d, CopyDocument)]
        transcripts = [d for _, d in call_read.documents if isinstance(d, Transcript)]
        framework = load_pillars(pillars) if pillars else None
        config = AlignmentConfig(own_names=frozenset(s.lower() for s in seller or []))
        with _progress() as progress:
            task = progress.add_task("alignment", total=100, item="")
            report = run_align(
                copy_docs,
                transcripts,
                framework=framework,
                config=config,
                progress=lambda m, f: progress.update(task, completed=int(100 * f), item=m),
            )
        text = render(report, fmt)
    except TextopsError as exc:
        raise _fail(exc) from exc
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


@app.command()
def version() -> None:
    """Print the textops version."""
    from textops import __version__

    out.print(__version__)


db_app = typer.Typer(help="The database schema: where it stands, and upgrading it.", no_args_is_help=True)


def _db_url() -> str:
    return _STATE["db"] or get_settings().resolved_database_url


@db_app.command("status")
def db_status() -> None:
    """Say which schema revision the database is at, and whether an upgrade is due.

    Example: textops --db postgresql+psycopg://textops@db/textops db status
    """
    from textops.store import make_engine, schema_state

    state = schema_state(make_engine(_db_url()))
    current = state.current or "none (a new database, or one made before migrations)"
    out.print(f"schema revision: {current}; newest: {state.head}")
    if not state.up_to_date:
        out.print("an upgrade is due: run `textops db upgrade` (textops also upgrades when it starts)")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema revision, keeping its data.

    Every textops process does this when it starts; run it yourself before a deploy to see it done.
    Example: textops db upgrade
    """
    from textops.store import make_engine, upgrade_schema

    engine = make_engine(_db_url())
    before = upgrade_schema(engine)
    if before.up_to_date:
        out.print(f"the database is at the newest schema revision ({before.head}); nothing to do")
    else:
        out.print(f"upgraded the schema from {before.current or 'none'} to {before.head}")


def _register() -> None:
    app.add_typer(db_app, name="db")

    from textops.cli_experiments import experiment_app

    app.add_typer(experiment_app, name="experiment")

    from textops.cli_headlines import headlines_command

    app.command("headlines")(headlines_command)

    from textops.cli_objections import objections_command

    app.command("objections")(objections_command)

    from textops.cli_keys import keys_app

    app.add_typer(keys_app, name="keys")


_register()


def main() -> None:
    """Entry point of the ``textops`` script."""
    try:
        app()
    except TextopsError as exc:
        console.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
