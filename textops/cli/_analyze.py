"""``textops analyze``: both reports of a stored corpus from one pass, stored."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from textops.cli._app import console, exit_on_error, open_store, out, pipeline_progress, print_json
from textops.cli._options import JsonFlag, PillarsOption, SellerOption

__all__ = ["analyze"]


def analyze(
    corpus: Annotated[str, typer.Argument(help="the name or id of a stored corpus (see `textops corpora`)")],
    copy: Annotated[
        list[str] | None,
        typer.Option("--copy", help="another corpus whose copy documents to align against (repeatable)"),
    ] = None,
    pillars: PillarsOption = None,
    seller: SellerOption = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="local (threads of this process) or ray; default: TEXTOPS_ENGINE"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Alignment and objection reports of a stored corpus in one pass; both are stored.

    The corpus's own copy documents (and those of --copy corpora) are the copy; without copy or --pillars
    only the objection report is made. Open the reports with `textops serve` or the API.

    Example: textops analyze demo-calls --copy demo-copy --pillars corpora/demo/messaging.json
    --seller brightlane
    """
    from textops.alignment import AlignmentConfig
    from textops.engine import AnalysisConfig, analyze_corpus, get_engine
    from textops.ingest import load_pillars

    with exit_on_error():
        store = open_store()
        config = AnalysisConfig(
            framework=load_pillars(pillars) if pillars else None,
            alignment=AlignmentConfig(own_names=frozenset(s.lower() for s in seller or [])),
        )
        chosen = get_engine(engine)
        with pipeline_progress("analysis", percent=True) as progress:
            summary = analyze_corpus(
                store,
                store.workspace(),
                corpus,
                copy_corpora=copy or [],
                config=config,
                engine=chosen,
                progress=progress,
            )
    if as_json:
        print_json(summary)
        return
    for note in summary.notes:
        console.print(f"[yellow]note[/yellow] {escape(note)}")
    if summary.alignment_report_id:
        score = "—" if summary.alignment_score is None else f"{summary.alignment_score:.1f}/100"
        out.print(f"alignment report {summary.alignment_report_id}: consistency {score}")
    out.print(
        f"objections report {summary.objections_report_id}: {summary.objections} objection(s) in "
        f"{summary.calls_with_objections} of {summary.calls} calls"
    )
