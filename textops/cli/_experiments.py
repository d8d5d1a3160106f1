"""``textops experiment plan|analyze``: plan an A/B test, or read one from a CSV of daily counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer
from rich.markup import escape
from rich.table import Table

from textops.cli._app import command_group, exit_on_error, fail, out, print_json
from textops.cli._options import JsonFlag
from textops.errors import InvalidInputError

if TYPE_CHECKING:
    from textops.experiments import Method

__all__ = ["COUNTS_HELP", "FLAGS", "experiment_app", "read_counts_csv"]

experiment_app = command_group(
    "Plan and read headline A/B tests.", "textops experiment plan --baseline 0.05 --mde 0.1"
)

FLAGS = {
    "baseline_rate": "--baseline",
    "mde": "--mde",
    "absolute_mde": "--absolute",
    "alpha": "--alpha",
    "power": "--power",
    "n_arms": "--arms",
    "daily_traffic": "--daily-traffic",
}
"""The flag of each library parameter an experiment command takes, for errors in the CLI's words."""

COUNTS_HELP = (
    "one row per arm and day, cells separated by commas, semicolons or tabs, under a header naming: "
    "day (or date): a date like 2026-03-01; "
    "arm (or variant): the arm's name, the first arm in the file being the control; "
    "visitors (or impressions, views): that day's new visitors, a whole number; "
    "conversions (or clicks): that day's converting visitors, a whole number"
)
"""The CSV format in ``analyze --help``: :data:`textops.experiments.COUNTS_FORMAT`, written out here so the
CLI starts without importing the statistics (a test keeps the two equal)."""


@contextmanager
def _in_flags() -> Iterator[None]:
    """Re-raise a :class:`~textops.experiments.ParameterError` naming the CLI's flags (:data:`FLAGS`)."""
    from textops.experiments import ParameterError

    try:
        yield
    except ParameterError as exc:
        raise exc.renamed(FLAGS) from exc


def read_counts_csv(path: Path) -> list[tuple[date, str, int, int]]:
    """Rows ``(day, arm, visitors, conversions)`` from a CSV file of daily counts.

    The same format the web UI and ``POST /v1/experiments/{id}/observations/csv`` import
    (:func:`textops.experiments.parse_counts_csv`, :data:`textops.experiments.COUNTS_FORMAT`): a header
    naming ``day``, ``arm``, ``visitors`` (or ``impressions``) and ``conversions`` (or ``clicks``),
    separated by commas, semicolons or tabs; one row per arm and day, that day's counts only.
    """
    from textops.experiments import parse_counts_csv

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path}: cannot read ({exc})", hint="save it as UTF-8 CSV") from exc
    return parse_counts_csv(text, str(path))


@experiment_app.command("plan")
def plan_command(
    baseline: Annotated[float, typer.Option(help="control conversion rate, e.g. 0.05")],
    mde: Annotated[float, typer.Option(help="minimum detectable effect, e.g. 0.1 (= +10% relative)")],
    absolute: Annotated[
        bool, typer.Option("--absolute", help="mde is absolute (percentage points / 100)")
    ] = False,
    alpha: Annotated[float, typer.Option(help="false-positive rate")] = 0.05,
    power: Annotated[float, typer.Option(help="chance to detect the effect")] = 0.8,
    arms: Annotated[int, typer.Option(help="number of arms incl. control")] = 2,
    daily_traffic: Annotated[float | None, typer.Option(help="visitors per day over all arms")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Sample size per arm and duration.

    Example: textops experiment plan --baseline 0.05 --mde 0.1 --daily-traffic 4000
    """
    from textops.experiments import plan_sample_size

    mde_type: Literal["relative", "absolute"] = "absolute" if absolute else "relative"
    with exit_on_error(), _in_flags():
        result = plan_sample_size(
            baseline,
            mde,
            mde_type=mde_type,
            alpha=alpha,
            power=power,
            n_arms=arms,
            daily_traffic=daily_traffic,
        )
    if as_json:
        print_json(result)
        return
    per_arm = ", ".join(f"{n:,}" for n in result.n_per_arm)
    out.print(
        f"visitors per arm: {per_arm} ({result.total_n:,} in total)"
        + (f", about {result.days} days" if result.days is not None else "")
    )
    for note in result.notes:
        out.print(f"[dim]{note}[/dim]")


@experiment_app.command(
    "analyze",
    help="Read an A/B test from a CSV of daily counts: the decision (the same as the API's and the web "
    f"UI's), the health checks and a table per arm.\n\nThe CSV: {COUNTS_HELP}. Day numbers (1, 2, …) are "
    "not read: the checks count calendar days and the read-out names the date a difference was found."
    "\n\nExample: textops experiment analyze corpora/demo/experiment-counts.csv",
)
def analyze_command(
    counts: Annotated[
        Path,
        typer.Argument(
            help="CSV file of daily counts, in the format above",
            exists=True,
        ),
    ],
    method: Annotated[
        str, typer.Option(help="read-out in the table: sequential (the decision's) | frequentist | bayesian")
    ] = "sequential",
    control: Annotated[str | None, typer.Option(help="control arm (default: first arm in the file)")] = None,
    alpha: Annotated[float, typer.Option(help="significance level")] = 0.05,
    as_json: JsonFlag = False,
) -> None:
    """Read an A/B test from a CSV of daily counts (see the command's help)."""
    from textops.experiments import DailyCounts, read_out
    from textops.reports import words

    if method not in {"frequentist", "bayesian", "sequential"}:
        raise fail(
            InvalidInputError(f"unknown method {method!r}; choose frequentist, bayesian or sequential")
        )
    shown = cast("Method", method)
    with exit_on_error(), _in_flags():
        rows = read_counts_csv(counts)
        daily = [DailyCounts(day=d, arm=a, visitors=v, conversions=c) for d, a, v, c in rows]
        read = read_out(daily, control=control, alpha=alpha)
    if as_json:
        import json

        body = {
            "method": method,
            "health": read.health.model_dump(mode="json"),
            "result": read.result(shown).model_dump(mode="json"),
            "decision": read.decision.model_dump(mode="json"),
        }
        out.print_json(json.dumps(body))
        return
    d = read.decision
    out.print(f"[bold]{escape(d.title)}[/bold]")
    out.print(escape(d.summary))
    for r in d.reasons:
        out.print(f"  • {escape(r)}")
    for w in read.health.warnings:
        out.print(f"[yellow]warning[/yellow] ({words(w.code, 'health')}): {escape(w.message)}")
    name = {
        "sequential": "Sequential read-out (the decision's method)",
        "frequentist": "Frequentist read-out",
        "bayesian": "Bayesian read-out",
    }[shown]
    table = Table(
        "arm",
        "visitors",
        "conversions",
        "rate",
        "lift vs control",
        read.interval_name(shown),
        "evidence",
        "verdict",
        title=name,
    )
    for line in read.arm_lines(shown):
        table.add_row(
            escape(line.arm),
            f"{line.visitors:,}",
            f"{line.conversions:,}",
            line.rate,
            line.lift,
            line.interval,
            line.evidence,
            line.verdict,
        )
    out.print(table)
    for v in d.other_views:
        verdict = "Agrees with the decision." if v.agrees else f"Disagrees: {v.note or ''}"
        out.print(f"[bold]{escape(v.name)}[/bold]: {escape(v.says)}. {escape(verdict)}")
