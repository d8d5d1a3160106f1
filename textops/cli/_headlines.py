"""``textops headlines``: ranked variants of a headline, scored against real A/B outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from textops.cli._app import console, exit_on_error, fail, load_calls, out, print_json
from textops.cli._options import JsonFlag
from textops.errors import InvalidInputError

if TYPE_CHECKING:
    from textops.headlines import HeadlineReport, VoiceOfCustomer

__all__ = ["headlines_command", "print_explanation"]


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
    tone: Annotated[
        str, typer.Option("--tone", help="any, plain, urgent, playful or formal: changes the wording")
    ] = "any",
    channel: Annotated[
        str, typer.Option("--channel", help="any, email, search or social: shapes length and form")
    ] = "any",
    body: Annotated[str, typer.Option("--body", help="body copy or lede")] = "",
    backend: Annotated[
        list[str] | None,
        typer.Option(
            "--backend",
            help="builtin, transformers, openai (repeat for several); default: TEXTOPS_HEADLINE_BACKENDS",
        ),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(
            "--voice",
            help="use the prospects' words: an objections report JSON (textops objections … -f json), "
            "a folder of calls, or a stored corpus name/id (mined on the spot)",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Generate, filter and rank variants.

    Example: textops headlines "Access cash from the equity in your home" -n 20 --max-chars 60
    """
    from pydantic import ValidationError

    from textops.headlines import Constraints, generate_variants, get_generators

    if channel not in ("any", "email", "search", "social"):
        raise fail(InvalidInputError(f"unknown channel {channel!r}; use any, email, search or social"))
    try:
        constraints = Constraints(
            max_chars=max_chars,
            max_words=max_words,
            required_terms=require or [],
            banned_terms=ban or [],
            tone=tone,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        raise fail(
            InvalidInputError(f"unknown tone {tone!r}; use any, plain, urgent, playful or formal")
        ) from exc
    with exit_on_error():
        report = generate_variants(
            headline,
            body=body,
            audience=audience,
            channel=channel,
            n=n,
            constraints=constraints,
            generators=get_generators(backend or None),
            voice=_voice(voice) if voice else None,
        )
    if as_json:
        print_json(report)
        return
    table = Table(title=f"{report.original.text}  (scorer: {report.scorer.get('model')})")
    for col in ("#", "variant", "strategy", "P(win)", "90% interval", "sim", "warnings"):
        table.add_column(col)
    for v in report.variants:
        table.add_row(
            str(v.rank),
            v.text + "".join(f"\n  from: {q}" for q in v.sources),
            v.strategy,
            f"{v.win_probability:.2f}",
            f"{v.win_low:.2f}–{v.win_high:.2f}",
            f"{v.similarity:.2f}",
            "; ".join(w.split(":")[0] for w in v.lint.warnings + v.flags),
        )
    out.print(table)
    print_explanation(report)


def _voice(where: str) -> VoiceOfCustomer:
    """The prospects' phrases from an objections report JSON, or from mining a calls folder or corpus."""
    import json
    from pathlib import Path

    from textops.headlines import voice_from_report
    from textops.nlp import get_nlp

    path = Path(where)
    if path.is_file() and path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInputError(f"{path}: not a readable JSON file ({exc})") from exc
        if not isinstance(data, dict) or "objections" not in data:
            raise InvalidInputError(
                f"{path} is not an objections report",
                hint="write one with `textops objections CALLS -f json -o report.json`",
            )
        return voice_from_report(data, get_nlp("parse"), source=str(path))
    from textops.objections import mine_objections

    calls = load_calls(where)
    if not calls:
        raise InvalidInputError(f"no transcripts in {where!r}", hint="give calls (see docs/formats.md)")
    console.print(f"mining the prospects' words from {len(calls)} calls…")
    return voice_from_report(mine_objections(calls), get_nlp("parse"), source=where)


def print_explanation(report: HeadlineReport) -> None:
    """Why the report has the variants it has, in a marketer's words (to stdout, after the table)."""
    exp = report.explanation
    for note in report.banned_terms:
        verb = "rewritten out" if note.removed else "could not be removed"
        out.print(f"banned term [bold]{note.term}[/bold]: {verb} — {note.how}")
    for style in report.styling:
        out.print(f"styling note ({style.style.replace('_', ' ')}): {style.text} — {style.note}")
    if exp is None:
        return
    out.print(exp.summary)
    for line in exp.brief:
        out.print(f"  brief: {line}")
    if exp.returned < exp.asked:
        if exp.strategies_not_applied:
            out.print("Strategies that did not apply:")
            for s in exp.strategies_not_applied:
                out.print(f"  - {s.label}: {s.reason}")
        removed = [f for f in exp.filters if f.filter != "not_needed"]
        if removed:
            out.print("Candidates the filters removed:")
            for f in removed:
                example = f" (e.g. “{f.examples[0]}”)" if f.examples else ""
                out.print(f"  - {f.removed} {f.reason}{example}")
