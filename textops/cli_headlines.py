"""``textops headlines``: ranked variants of a headline, scored against real A/B outcomes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from textops.errors import TextopsError

__all__ = ["headlines_command"]

out = Console()
err = Console(stderr=True)


def headlines_command(
    headline: Annotated[str, typer.Argument(help="the headline to rewrite")],
    n: Annotated[int, typer.Option("-n", "--n", min=1, max=50, help="how many variants")] = 10,
    max_chars: Annotated[int | None, typer.Option("--max-chars", min=1, help="maximum characters")] = None,
    max_words: Annotated[int | None, typer.Option("--max-words", min=1, help="maximum words")] = None,
    require: Annotated[
        list[str] | None, typer.Option("--require", help="a term every variant must contain")
    ] = None,
    ban: Annotated[list[str] | None, typer.Option("--ban", help="a term no variant may contain")] = None,
    audience: Annotated[str | None, typer.Option("--audience", help="e.g. homeowners")] = None,
    body: Annotated[str, typer.Option("--body", help="body copy or lede")] = "",
    backend: Annotated[
        list[str] | None,
        typer.Option(
            "--backend",
            help="builtin, transformers, openai (repeat for several); default: TEXTOPS_HEADLINE_BACKENDS",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the JSON report")] = False,
) -> None:
    """Generate, filter and rank variants.

    Example: ``textops headlines "Access cash from the equity in your home" -n 20 --max-chars 60``.
    """
    from textops.headlines import Constraints, generate_variants, get_generators

    try:
        report = generate_variants(
            headline,
            body=body,
            audience=audience,
            n=n,
            constraints=Constraints(
                max_chars=max_chars, max_words=max_words, required_terms=require or [], banned_terms=ban or []
            ),
            generators=get_generators(backend or None),
        )
    except TextopsError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        if exc.hint:
            err.print(f"[dim]hint:[/dim] {exc.hint}")
        raise typer.Exit(code=2) from exc
    if as_json:
        out.print_json(report.model_dump_json())
        return
    table = Table(title=f"{report.original.text}  (scorer: {report.scorer.get('model')})")
    for col in ("#", "variant", "strategy", "P(win)", "90% interval", "sim", "warnings"):
        table.add_column(col)
    for v in report.variants:
        table.add_row(
            str(v.rank),
            v.text,
            v.strategy,
            f"{v.win_probability:.2f}",
            f"{v.win_low:.2f}–{v.win_high:.2f}",
            f"{v.similarity:.2f}",
            "; ".join(w.split(":")[0] for w in v.lint.warnings + v.flags),
        )
    out.print(table)
    if report.dropped:
        err.print("dropped: " + ", ".join(f"{k} {c}" for k, c in sorted(report.dropped.items())))
