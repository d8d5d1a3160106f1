"""Rendering report models to HTML (self-contained, no CDN), Markdown and CSV."""

from textops.reports._alignment import (
    DISTORTED_COLOUR,
    HeatCell,
    alignment_csv,
    alignment_html,
    alignment_markdown,
    heatmap_cells,
    shown_pillars,
)
from textops.reports._csv import csv_text, safe_cell
from textops.reports._objections import (
    TREND_TOP,
    TrendSeries,
    TrendShares,
    checked_best_replies,
    objections_csv,
    objections_html,
    objections_markdown,
    trend_multiples_svg,
    trend_shares,
)
from textops.reports._render import DOWNLOAD_HEADERS, FORMATS, MEDIA_TYPES, render

__all__ = [
    "DISTORTED_COLOUR",
    "DOWNLOAD_HEADERS",
    "FORMATS",
    "MEDIA_TYPES",
    "TREND_TOP",
    "HeatCell",
    "TrendSeries",
    "TrendShares",
    "alignment_csv",
    "alignment_html",
    "alignment_markdown",
    "checked_best_replies",
    "csv_text",
    "heatmap_cells",
    "objections_csv",
    "objections_html",
    "objections_markdown",
    "render",
    "safe_cell",
    "shown_pillars",
    "trend_multiples_svg",
    "trend_shares",
]
