"""Rendering report models to HTML (self-contained, no CDN), Markdown and CSV."""

from textops.reports._alignment import alignment_csv, alignment_html, alignment_markdown
from textops.reports._objections import objections_csv, objections_html, objections_markdown
from textops.reports._render import FORMATS, MEDIA_TYPES, render

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "alignment_csv",
    "alignment_html",
    "alignment_markdown",
    "objections_csv",
    "objections_html",
    "objections_markdown",
    "render",
]
