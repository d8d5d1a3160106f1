"""``textops objections``: the objection report for transcript files or a stored corpus."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from textops.cli._app import check_format, exit_on_error, fail, load_calls, pipeline_progress, write_output
from textops.cli._options import FormatOption, OutputOption
from textops.errors import InvalidInputError

if TYPE_CHECKING:
    from textops.objections import CustomCategory

__all__ = ["load_custom_categories", "objections_command"]


def load_custom_categories(path: Path) -> list[CustomCategory]:
    """Read custom categories: ``[{"key", "label", "examples"}]`` or ``{"categories": [...]}`` (JSON)."""
    from pydantic import ValidationError

    from textops.objections import CustomCategory

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInputError(
            f"cannot read custom categories from {path}: {exc}", hint="give a JSON file"
        ) from exc
    items = data.get("categories") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInputError(
            f"{path}: expected a list of categories",
            hint='use [{"key": ..., "label": ..., "examples": [...]}]',
        )
    try:
        return [CustomCategory.model_validate(item) for item in items]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError(
            f"{path}: {where}: {first['msg']}", hint="fix the category and retry"
        ) from exc


def _parse_since(value: str | None) -> date | datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(f"--since {value!r} is not a date", hint="use YYYY-MM-DD") from exc


def objections_command(
    corpus: Annotated[
        str, typer.Argument(help="a transcript file or folder, or the name/id of a stored corpus")
    ],
    since: Annotated[
        str | None, typer.Option("--since", help="only calls on or after this date (YYYY-MM-DD)")
    ] = None,
    fmt: FormatOption = "md",
    output: OutputOption = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=0.01, max=0.99, help="P(objection) cut (default: calibrated)"),
    ] = None,
    custom: Annotated[
        Path | None,
        typer.Option("--custom", exists=True, help='custom categories JSON: [{"key", "label", "examples"}]'),
    ] = None,
    trend: Annotated[str, typer.Option("--trend", help="auto | week | month")] = "auto",
) -> None:
    """Objection mining: what prospects push back on, how often, and how reps answer.

    Example: textops objections corpora/demo/calls --since 2026-02-01 --format html -o objections.html
    """
    from textops.objections import ObjectionConfig, mine_objections
    from textops.reports import render

    check_format(fmt)
    if trend not in ("auto", "week", "month"):
        raise fail(InvalidInputError(f"--trend must be auto, week or month, not {trend!r}"))
    with exit_on_error():
        calls = load_calls(corpus)
        if not calls:
            raise InvalidInputError(
                f"no transcripts in {corpus!r}", hint="give transcript files (see docs/formats.md)"
            )
        config = ObjectionConfig(
            threshold=threshold,
            since=_parse_since(since),
            custom_categories=load_custom_categories(custom) if custom else [],
            trend=trend,  # type: ignore[arg-type]
        )
        with pipeline_progress("objections", percent=True) as progress:
            report = mine_objections(calls, config=config, progress=progress)
        text = render(report, fmt)
    write_output(text, output, note=f" ({len(report.objections)} objections in {report.calls} calls)")
