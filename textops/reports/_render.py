"""Dispatch a report to a renderer by format name."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from textops.errors import InvalidInputError

FORMATS = ("json", "md", "html", "csv")


def render(report: BaseModel, fmt: str) -> str:
    """Render ``report`` as ``json``, ``md``, ``html`` or ``csv``."""
    from textops.alignment import AlignmentReport
    from textops.reports._alignment import alignment_csv, alignment_html, alignment_markdown

    if fmt == "json":
        return report.model_dump_json(indent=2)
    renderers: dict[type[Any], dict[str, Any]] = {
        AlignmentReport: {"md": alignment_markdown, "html": alignment_html, "csv": alignment_csv},
    }
    for cls, table in renderers.items():
        if isinstance(report, cls) and fmt in table:
            out: str = table[fmt](report)
            return out
    raise InvalidInputError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
