"""The options several commands take, spelt once (``Annotated`` types for Typer parameters)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = [
    "FormatOption",
    "JsonFlag",
    "OutputOption",
    "PillarsOption",
    "ProspectsOption",
    "RepsOption",
    "SellerOption",
]

JsonFlag = Annotated[bool, typer.Option("--json", help="print the result as JSON")]
"""``--json``: print the command's result as JSON on stdout (with :func:`print_json`)."""
FormatOption = Annotated[str, typer.Option("--format", "-f", help="json | md | html | csv")]
"""``--format/-f``: a report format, checked with :func:`check_format`."""
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")]
"""``--output/-o``: where :func:`write_output` writes (stdout when absent)."""
PillarsOption = Annotated[
    Path | None, typer.Option("--pillars", help="messaging framework JSON", exists=True)
]
"""``--pillars``: a messaging framework file (:func:`textops.ingest.load_pillars`)."""
SellerOption = Annotated[
    list[str] | None, typer.Option("--seller", help="your company/product name (repeatable)")
]
"""``--seller``: the names that are the seller's own (``AlignmentConfig.own_names``)."""
RepsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rep",
        help="a speaker name or label that is a sales rep (repeatable; case and numbering ignored: "
        "'Sales Rep' matches 'SALES REP 2')",
    ),
]
"""``--rep``: the speakers who are sales reps (:func:`textops.roles.set_corpus_roles`'s ``reps``)."""
ProspectsOption = Annotated[
    list[str] | None, typer.Option("--prospect", help="a speaker name or label that is a prospect")
]
"""``--prospect``: the speakers who are prospects."""
