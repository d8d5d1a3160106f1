"""Dispatch a report to a renderer by format name."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from textops.errors import InvalidInputError

FORMATS = ("json", "md", "html", "csv")
MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
"""The HTTP content type of each rendered format."""

DOWNLOAD_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "X-Content-Type-Options": "nosniff",
}
"""Headers of every report download: no script runs in it and no browser second-guesses its type."""


def render(report: BaseModel, fmt: str) -> str:
    """Render ``report`` as ``json``, ``md``, ``html`` or ``csv``."""
    from textops.alignment import AlignmentReport
    from textops.objections import ObjectionReport
    from textops.reports._alignment import alignment_csv, alignment_markdown
    from textops.reports._html import alignment_html, objections_html
    from textops.reports._objections import objections_csv, objections_markdown

    if fmt == "json":
        return report.model_dump_json(indent=2)
    renderers: dict[type[Any], dict[str, Any]] = {
        AlignmentReport: {"md": alignment_markdown, "html": alignment_html, "csv": alignment_csv},
        ObjectionReport: {"md": objections_markdown, "html": objections_html, "csv": objections_csv},
    }
    for cls, table in renderers.items():
        if isinstance(report, cls) and fmt in table:
            out: str = table[fmt](report)
            # Markdown passes HTML through: quoted transcript text must not become a tag in a viewer
            return out.replace("<", "&lt;") if fmt == "md" else out
    raise InvalidInputError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
