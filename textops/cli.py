"""The ``textops`` command line. Every command has ``--help`` with an example."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
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
    if db:
        os.environ["TEXTOPS_DATABASE_URL"] = db
        from textops.settings import reload_settings

        reload_settings()


def _store() -> Any:
    from textops.store import Store

    return Store(get_settings().resolved_database_url)


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
    console.print(f"[red]error:[/red] {exc.message}")
    if exc.hint:
        console.print(f"[dim]hint:[/dim] {exc.hint}")
    return typer.Exit(code=2)


def _print_ingest(summary: Any, as_json: bool) -> None:
    if as_json:
        out.print_json(summary.model_dump_json())
        return
    for f in summary.files:
        if f.status == "error":
            where = f"{f.file}:{f.line}" if f.line else f.file
            console.print(f"[red]✗[/red] {where}: {f.error}" + (f" [dim]({f.hint})[/dim]" if f.hint else ""))
    c = summary.corpus
    out.print(
        f"corpus [bold]{c.name}[/bold] (id {c.id}): +{summary.added} new, "
        f"{summary.duplicates} already there, {summary.errors} file(s) failed — "
        f"now {c.transcripts} transcripts, {c.copy_documents} copy documents, "
        f"{c.words} words"
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (walked recursively)", exists=True)],
    corpus: Annotated[str, typer.Option("--corpus", "-c", help="corpus name (created if absent)")],
    description: Annotated[str | None, typer.Option(help="corpus description")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
) -> None:
    """Read transcripts/copy files into a corpus. Bad files are reported; the rest go on.

    Example: textops ingest corpora/demo/calls --corpus demo-calls
    """
    from textops.corpus import ingest_paths

    store = _store()
    ws = store.workspace()
    try:
        with _progress() as progress:
            task = progress.add_task("ingest", total=None, item="")

            def step(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, item=name)

            summary = ingest_paths(store, ws, corpus, paths, description=description, progress=step)
    except TextopsError as exc:
        raise _fail(exc) from exc
    _print_ingest(summary, as_json)
    if summary.errors and not summary.added and not summary.duplicates:
        raise typer.Exit(code=1)


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
def demo(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Load the bundled demo corpus (synthetic) into corpora `demo-calls` and `demo-copy`.

    Example: textops demo
    """
    from textops.corpus import load_demo

    store = _store()
    try:
        with _progress() as progress:
            task = progress.add_task("demo corpus", total=None, item="")
            summary = load_demo(
                store,
                store.workspace(),
                progress=lambda d, t, n: progress.update(task, completed=d, total=t, item=n),
            )
    except TextopsError as exc:
        raise _fail(exc) from exc
    _print_ingest(summary, as_json)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    load_demo: Annotated[
        bool, typer.Option("--demo/--no-demo", help="load the demo corpus at start-up")
    ] = False,
    warm: Annotated[bool, typer.Option("--warm/--no-warm", help="load the models before answering")] = True,
) -> None:
    """Start the HTTP API (docs at /docs).

    Example: textops serve --demo --port 8000
    """
    import uvicorn

    from api.app import create_app

    with override_settings(demo_corpus=load_demo, api_warm_models=warm) as settings:
        console.print(f"textops API on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def version() -> None:
    """Print the textops version."""
    from textops import __version__

    out.print(__version__)


def main() -> None:
    """Entry point of the ``textops`` script."""
    try:
        app()
    except TextopsError as exc:
        console.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
