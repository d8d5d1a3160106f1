"""Rendering report models to HTML (self-contained, no CDN), Markdown and CSV.

The HTML alignment report is one template family: the download and the web UI's page render the same
partials with the same formulas (:func:`use_report_templates`, :func:`heat_style`, :func:`pct`, :func:`num`).
"""

from textops.reports._alignment import (
    HeatCell,
    alignment_csv,
    alignment_markdown,
    heatmap_cells,
    shown_pillars,
    unnamed_reps_alignment,
)
from textops.reports._csv import csv_text, safe_cell
from textops.reports._html import (
    alignment_html,
    objections_html,
    report_templates_loader,
    use_report_templates,
)
from textops.reports._objections import (
    NO_OUTCOMES,
    TREND_TOP,
    TrendSeries,
    TrendShares,
    checked_best_replies,
    decided_calls,
    objections_csv,
    objections_markdown,
    trend_multiples_svg,
    trend_shares,
    unnamed_reps_note,
)
from textops.reports._render import DOWNLOAD_HEADERS, FORMATS, MEDIA_TYPES, render
from textops.reports._shared import DISTORTED_COLOUR, clock, heat_style, num, pct
from textops.reports._words import WORDS, words

__all__ = [
    "DISTORTED_COLOUR",
    "DOWNLOAD_HEADERS",
    "FORMATS",
    "MEDIA_TYPES",
    "NO_OUTCOMES",
    "TREND_TOP",
    "WORDS",
    "HeatCell",
    "TrendSeries",
    "TrendShares",
    "alignment_csv",
    "alignment_html",
    "alignment_markdown",
    "checked_best_replies",
    "clock",
    "csv_text",
    "decided_calls",
    "heat_style",
    "heatmap_cells",
    "num",
    "objections_csv",
    "objections_html",
    "objections_markdown",
    "pct",
    "render",
    "report_templates_loader",
    "safe_cell",
    "shown_pillars",
    "trend_multiples_svg",
    "trend_shares",
    "unnamed_reps_alignment",
    "unnamed_reps_note",
    "use_report_templates",
    "words",
]
