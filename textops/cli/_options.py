"""The options several commands take, spelt once (``Annotated`` types for Typer parameters)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["FormatOption", "JsonFlag", "OutputOption", "PillarsOption", "SellerOption"]

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
