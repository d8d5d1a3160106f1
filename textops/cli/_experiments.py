"""``textops experiment plan|analyze``: plan an A/B test, or read one from a CSV of daily counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from textops.cli._app import command_group, exit_on_error, fail, out, print_json
from textops.cli._options import JsonFlag
from textops.errors import InvalidInputError

__all__ = ["experiment_app", "read_counts_csv"]

experiment_app = command_group(
    "Plan and read headline A/B tests.", "textops experiment plan --baseline 0.05 --mde 0.1"
)


def read_counts_csv(path: Path) -> list[tuple[date, str, int, int]]:
    """Rows ``(day, arm, visitors, conversions)`` from a CSV file of daily counts.

    The same format the web UI and ``POST /v1/experiments/{id}/observations/csv`` import
    (:func:`textops.experiments.parse_counts_csv`): a header naming ``day``, ``arm``, ``visitors`` (or
    ``impressions``) and ``conversions`` (or ``clicks``); one row per arm and day, that day's counts only.
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
    with exit_on_error():
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


@experiment_app.command("analyze")
def analyze_command(
    counts: Annotated[
        Path, typer.Argument(help="CSV: day, arm, visitors|impressions, conversions|clicks", exists=True)
    ],
    method: Annotated[str, typer.Option(help="frequentist | bayesian | sequential")] = "sequential",
    control: Annotated[str | None, typer.Option(help="control arm (default: first arm in the file)")] = None,
    alpha: Annotated[float, typer.Option(help="significance level")] = 0.05,
    as_json: JsonFlag = False,
) -> None:
    """Read an A/B test from daily counts, with SRM and too-early checks.

    Example: textops experiment analyze counts.csv --method bayesian
    """
    from textops.experiments import (
        DailyCounts,
        analyze_bayesian,
        analyze_frequentist,
        analyze_sequential,
        check_health,
        cumulative_by_arm,
    )

    if method not in {"frequentist", "bayesian", "sequential"}:
        raise fail(
            InvalidInputError(f"unknown method {method!r}; choose frequentist, bayesian or sequential")
        )
    with exit_on_error():
        rows = read_counts_csv(counts)
        daily = [DailyCounts(day=d, arm=a, visitors=v, conversions=c) for d, a, v, c in rows]
        series = cumulative_by_arm(daily)
        health = check_health(daily=series)
        if method == "frequentist":
            result = analyze_frequentist(series.final(), control=control, alpha=alpha).model_dump(mode="json")
        elif method == "bayesian":
            result = analyze_bayesian(series.final(), control=control).model_dump(mode="json")
        else:
            result = analyze_sequential(series, control=control, alpha=alpha).model_dump(mode="json")
    if as_json:
        import json

        out.print_json(
            json.dumps({"method": method, "health": health.model_dump(mode="json"), "result": result})
        )
        return
    for w in health.warnings:
        out.print(f"[yellow]warning[/yellow] {w.code}: {w.message}")
    if result.get("reason"):
        out.print(f"no verdict: {result['reason']}")
    table = Table("variant", "verdict", "figures")
    for comp in result.get("comparisons", []):
        figures = {k: v for k, v in comp.items() if isinstance(v, float)}
        shown = ", ".join(f"{k}={v:.4g}" for k, v in list(figures.items())[:6])
        table.add_row(str(comp.get("variant")), str(comp.get("verdict")), shown)
    out.print(table)
