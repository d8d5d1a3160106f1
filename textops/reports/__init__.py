"""Rendering report models to HTML (self-contained, no CDN), Markdown and CSV."""

from textops.reports._alignment import alignment_csv, alignment_html, alignment_markdown
from textops.reports._csv import csv_text, safe_cell
from textops.reports._objections import objections_csv, objections_html, objections_markdown
from textops.reports._render import DOWNLOAD_HEADERS, FORMATS, MEDIA_TYPES, render

__all__ = [
    "DOWNLOAD_HEADERS",
    "FORMATS",
    "MEDIA_TYPES",
    "alignment_csv",
    "alignment_html",
    "alignment_markdown",
    "csv_text",
    "objections_csv",
    "objections_html",
    "objections_markdown",
    "render",
    "safe_cell",
]
