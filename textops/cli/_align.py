"""``textops align``: the messaging alignment report for copy and transcript files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from textops.cli._app import check_format, exit_on_error, pipeline_progress, report_skipped, write_output
from textops.cli._options import FormatOption, OutputOption, PillarsOption, SellerOption

__all__ = ["align"]


def align(
    copy: Annotated[
        list[Path], typer.Option("--copy", help="copy files or folders (.md .html .txt .csv)", exists=True)
    ],
    calls: Annotated[list[Path], typer.Option("--calls", help="transcript files or folders", exists=True)],
    pillars: PillarsOption = None,
    fmt: FormatOption = "md",
    output: OutputOption = None,
    seller: SellerOption = None,
) -> None:
    """Messaging alignment: how consistently reps deliver what the copy promises.

    Example: textops align --copy corpora/demo/copy --calls corpora/demo/calls
    --pillars corpora/demo/messaging.json -f html -o report.html
    """
    from textops.alignment import AlignmentConfig
    from textops.alignment import align as run_align
    from textops.ingest import load_pillars, read_paths
    from textops.reports import render
    from textops.types import CopyDocument, Transcript

    check_format(fmt)
    with exit_on_error():
        copy_read = read_paths(copy, kind="copy")
        call_read = read_paths(calls, kind="transcript")
        report_skipped([*copy_read.errors, *call_read.errors])
        copy_docs = [d for _, d in copy_read.documents if isinstance(d, CopyDocument)]
        transcripts = [d for _, d in call_read.documents if isinstance(d, Transcript)]
        framework = load_pillars(pillars) if pillars else None
        config = AlignmentConfig(own_names=frozenset(s.lower() for s in seller or []))
        with pipeline_progress("alignment") as progress:
            report = run_align(copy_docs, transcripts, framework=framework, config=config, progress=progress)
        text = render(report, fmt)
    write_output(text, output)
