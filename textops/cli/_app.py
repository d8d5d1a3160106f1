"""The Typer app, its two consoles and what every command shares: the store, progress bars, the error exit.

Nothing here imports the library's heavy parts (spaCy, torch, SQLAlchemy): commands import what they use
inside their bodies, so ``textops --help`` stays fast.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from textops.errors import InvalidInputError, TextopsError
from textops.settings import get_settings

if TYPE_CHECKING:
    from textops.store import Store
    from textops.types import Transcript

__all__ = [
    "app",
    "check_format",
    "command_group",
    "console",
    "db_option",
    "db_url",
    "exit_on_error",
    "fail",
    "load_calls",
    "open_store",
    "out",
    "pipeline_progress",
    "print_json",
    "progress_bar",
    "report_skipped",
    "write_output",
]

app = typer.Typer(
    name="textops",
    help="Messaging alignment, objection mining and headline A/B tooling for revenue teams.\n\n"
    "Example: textops demo",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
"""Messages, progress and errors (stderr)."""
out = Console()
"""Results (stdout)."""

_STATE: dict[str, str | None] = {"db": None}


def command_group(help_text: str, example: str) -> typer.Typer:
    """A group of subcommands (``textops corpus …``) whose help ends with an example, as every help does."""
    return typer.Typer(help=f"{help_text}\n\nExample: {example}", no_args_is_help=True)


@app.callback()
def _root(
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL (default: SQLite in ./var)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log more")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    _STATE["db"] = db


def fail(exc: TextopsError) -> typer.Exit:
    """Print ``exc`` as the CLI's one error (message, then its hint if any) and return the exit to raise.

    Both are escaped, so a ``[name]`` in a file name or corpus is shown as is, never read as Rich markup.
    Use as ``raise fail(exc) from exc``; the exit code is 2.
    """
    console.print(f"[red]error:[/red] {escape(exc.message)}")
    if exc.hint:
        console.print(f"[dim]hint:[/dim] {escape(exc.hint)}")
    return typer.Exit(code=2)


@contextmanager
def exit_on_error() -> Iterator[None]:
    """Turn a :class:`TextopsError` raised in the block into the CLI's error exit (:func:`fail`)."""
    try:
        yield
    except TextopsError as exc:
        raise fail(exc) from exc


def print_json(result: BaseModel | Sequence[BaseModel]) -> None:
    """Print a command's result (a model or a list of models) as JSON on stdout: what ``--json`` prints."""
    if isinstance(result, BaseModel):
        out.print_json(result.model_dump_json())
    else:
        out.print_json(json.dumps([item.model_dump(mode="json") for item in result]))


def check_format(fmt: str) -> None:
    """Exit with the usual error when ``fmt`` is not a report format (:data:`textops.reports.FORMATS`)."""
    from textops.reports import FORMATS

    if fmt not in FORMATS:
        raise fail(InvalidInputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"))


def db_option() -> str | None:
    """The ``--db`` URL given on the command line, or None."""
    return _STATE["db"]


def db_url() -> str:
    """The database URL: ``--db`` if given, else the settings'."""
    return db_option() or get_settings().resolved_database_url


def open_store() -> Store:
    """The store at :func:`db_url`; one that cannot be opened is the CLI's error exit (:func:`fail`).

    It says which database and why (:class:`~textops.errors.DatabaseUnavailableError`), not a traceback.
    """
    from textops.store import Store

    with exit_on_error():
        return Store(db_url())


def _looks_like_path(where: str) -> bool:
    """Whether a "file, folder or corpus" argument was meant as a path: a path separator or an extension."""
    separators = {"/", os.sep, os.altsep or os.sep}
    return any(sep in where for sep in separators) or bool(Path(where).suffix)


def load_calls(where: str) -> list[Transcript]:
    """Transcripts from a file or folder (unreadable files are reported and skipped), or a stored corpus.

    Every command that takes a "file, folder or corpus" argument reads it here: an existing path first, then
    a corpus name or id. When it is neither, an argument that looks like a path (a path separator or a file
    extension) is reported as a missing file or folder, any other as a missing corpus.
    """
    from textops.errors import NotFoundError
    from textops.ingest import read_paths

    path = Path(where)
    if path.exists():
        read = read_paths([path], kind="transcript")
        report_skipped(read.errors)
        return list(read.transcripts)
    store = open_store()
    try:
        return list(store.load_transcripts(store.workspace(), [where]))
    except NotFoundError as exc:
        if not _looks_like_path(where):
            raise
        raise NotFoundError(
            f"no such file or folder: {where} (and it is not a corpus name either)",
            hint="check the path; list the stored corpora with `textops corpora`",
        ) from exc


def progress_bar(*, percent: bool = False) -> Progress:
    """A transient progress bar on stderr (off when stderr is not a terminal).

    Tasks carry an ``item`` field, shown after the bar; ``percent`` shows a percentage instead of done/total.
    """
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%") if percent else MofNCompleteColumn(),
        TextColumn("{task.fields[item]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@contextmanager
def pipeline_progress(label: str, *, percent: bool = False) -> Iterator[Callable[[str, float], None]]:
    """A progress bar (:func:`progress_bar`) fed by a pipeline's ``progress(message, fraction)`` callback.

    Yields the callback: ``with pipeline_progress("alignment") as progress: align(..., progress=progress)``.
    """
    with progress_bar(percent=percent) as bar:
        task = bar.add_task(label, total=100, item="")
        yield lambda message, fraction: bar.update(task, completed=int(100 * fraction), item=message)


def report_skipped(errors: Iterable[TextopsError]) -> None:
    """Say which files were skipped and why (markup in file names is shown as is)."""
    for err in errors:
        console.print(f"[yellow]skipped[/yellow] {escape(str(err))}")


def write_output(text: str, output: Path | None, *, note: str = "") -> None:
    """Write a command's result to ``output`` and say so on stderr (with ``note``), or to stdout."""
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {escape(str(output))}{escape(note)}")
    else:
        sys.stdout.write(text)
